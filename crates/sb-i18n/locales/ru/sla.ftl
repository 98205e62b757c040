# SLA: уведомления о почти израсходованном или нарушенном сроке (уведомления рабочего стола), календари и политики.
sla-notice-warning = { $goal ->
    [first_response] Первый ответ
   *[resolution] Решение
}: израсходовано 75% времени
sla-notice-breach = { $goal ->
    [first_response] Первый ответ
   *[resolution] Решение
}: срок нарушен
sla-notice-raised = приоритет повышен
sla-notice-moved = передана на следующую линию
sla-day-hours = { $day }: { $problem }
sla-calendar-no-working-day = в календаре «{ $name }» нет рабочего дня, по которому можно взять часы для рабочей даты
sla-no-policy = политики SLA { $id } нет
ticket-not-there = заявки { $ticket } нет
sla-no-calendar = календаря { $id } нет
sla-calendar-name-taken = календарь «{ $name }» уже есть; выберите другое название
sla-policy-name-taken = политика «{ $name }» уже есть; выберите другое название
sla-default-has-client = политика по умолчанию действует для всех клиентов без договора: оставьте клиента пустым или не делайте её политикой по умолчанию
sla-choose-client = выберите клиента, чей это договор, или сделайте политику политикой по умолчанию
client-no-such-id = клиента с id { $id } нет
sla-client-has-policy = у { $client } уже есть политика («{ $policy }»); измените её
sla-client-has-policy-unnamed = у клиента уже есть политика («{ $policy }»); измените её
sla-no-direction = направления «{ $direction }» нет
sla-target-twice = у { $priority } два срока для направления { $direction }; задайте каждый приоритет и направление один раз
sla-target-twice-every-direction = у { $priority } два срока для всех направлений; задайте каждый приоритет и направление один раз
sla-target-out-of-range = срок { $goal ->
    [first_response] первого ответа
   *[resolution] решения
} для { $priority } — { $minutes ->
    [one] { $minutes } минута
    [few] { $minutes } минуты
   *[many] { $minutes } минут
}: укажите от 1 до { $max } (год)
sla-not-time-zone = «{ $zone }» — не часовой пояс: запишите его как Регион/Город, например Europe/Moscow
sla-week-seven-days = укажите рабочие часы семи дней, начиная с понедельника
sla-weekday-hours = { $weekday ->
    [1] пн
    [2] вт
    [3] ср
    [4] чт
    [5] пт
    [6] сб
   *[7] вс
}: { $problem }
sla-calendar-zone-unknown = у календаря «{ $name }» часовой пояс «{ $zone }», которого этот компьютер не знает ({ $error })
