# Отчёты: период и фильтры.
date-invalid = «{ $value }» — не дата: запишите её как ГГГГ-ММ-ДД, например 2026-11-23
report-period-backwards = период заканчивается ({ $to }) раньше, чем начинается ({ $from }); поменяйте даты местами
report-period-too-long = отчёт охватывает не больше { $days ->
    [one] { $days } дня
   *[other] { $days } дней
}; выберите период короче
# Отчёт в CSV: заголовки разделов и столбцов.
metrics-csv-summary = Сводка с { $from } по { $to }
metrics-csv-measure = показатель
metrics-csv-value = значение
metrics-csv-opened = открыто
metrics-csv-resolved = решено
metrics-csv-open-at-end = открыто на конец периода
metrics-csv-first-response-median = первый ответ, медиана (мин)
metrics-csv-first-response-p90 = первый ответ, p90 (мин)
metrics-csv-resolution-median = решение, медиана (мин)
metrics-csv-resolution-p90 = решение, p90 (мин)
metrics-csv-response-sla = SLA первого ответа соблюдён, %
metrics-csv-resolution-sla = SLA решения соблюдён, %
metrics-csv-satisfaction-ratings = оценок удовлетворённости
metrics-csv-satisfaction-average = средняя оценка
metrics-csv-backlog = Очередь по дням
metrics-csv-day = день
metrics-csv-arrivals = Поступление по дням недели и часам
metrics-csv-weekday-column = день недели
# День недели, 1 = понедельник .. 7 = воскресенье.
metrics-csv-weekday = { $day ->
    [1] Пн
    [2] Вт
    [3] Ср
    [4] Чт
    [5] Пт
    [6] Сб
   *[7] Вс
}
metrics-csv-engineers = Инженеры
metrics-csv-engineer = инженер
metrics-csv-open-now = открыто сейчас
metrics-csv-logged-minutes = учтено минут
metrics-csv-vendors = Вендоры
metrics-csv-vendor = вендор
metrics-csv-direction = направление
metrics-csv-cases = обращений
metrics-csv-turnaround-median = срок у вендора, медиана (мин)
metrics-csv-turnaround-p90 = срок у вендора, p90 (мин)
metrics-csv-acknowledge-breaches = нарушений срока подтверждения
metrics-csv-resolve-breaches = нарушений срока решения
