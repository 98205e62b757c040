# Маршрутизация: почему правило взяло заявку (карточка, предпросмотр), что оно сделало, правило
# одной строкой и что не так с правилом или рабочими часами.
routing-why-client = клиент — { $client }
routing-why-client-id = клиент — клиент №{ $id }
routing-why-direction = направление — { $direction }
routing-why-priority = приоритет — { $priority }
routing-why-channel = { $channel ->
    [desktop] заведена на рабочем месте
    [phone] пришла по телефону
    [email] пришла по почте
    [monitoring] пришла из мониторинга
    [vendor] пришла от вендора
   *[other] пришла по каналу «{ $channel }»
}
routing-why-keyword = тема или описание упоминает «{ $keyword }»
routing-why-within-hours = пришла в рабочее время
routing-why-outside-hours = пришла в нерабочее время
routing-why-every-ticket = правило берёт любую заявку
# Сотрудник, вендор или клиент, которых больше нет (по номеру).
routing-unknown-person = сотрудник { $id }
routing-unknown-vendor = вендор { $id }
routing-unknown-client = клиент №{ $id }
# Списки: что называет правило или решение, одно за другим.
routing-list-comma = { $head }, { $tail }
routing-list-semicolon = { $head }; { $tail }
routing-list-slash = { $head }/{ $tail }
routing-list-or = { $head } или { $tail }
# Канал в условиях правила.
routing-channel = { $channel ->
    [desktop] рабочее место
    [phone] телефон
    [email] почта
    [monitoring] мониторинг
    [vendor] вендор
   *[other] { $channel }
}
# Что решение сделало с заявкой и что у заявки сейчас (пробный прогон).
routing-did-line = линия { $line }
routing-did-queue = очередь { $queue }
routing-did-assigned = назначена: { $person }
routing-did-unassigned = не назначена
routing-did-priority = приоритет { $priority }
routing-did-tag = метка { $tag }
routing-did-escalated = передана вендору { $vendor }
routing-did-nothing = ничего
# Пробный прогон: правило и что оно сделало или сделало бы.
routing-by-rule = { $rule }: { $did }
routing-rule-removed = удалённое правило
routing-no-rule = без правила
# Правило одной строкой: условия, затем действия.
routing-summary = { $when } -> { $does }
routing-when-every-ticket = любая заявка
routing-when-client = клиент { $clients }
routing-when-direction = направление { $directions }
routing-when-priority = приоритет { $priorities }
routing-when-channel = канал: { $channels }
routing-when-keyword = упоминает { $keywords }
routing-when-within-hours = в рабочее время
routing-when-outside-hours = в нерабочее время
routing-does-line = { $line }
routing-does-queue = очередь { $queue }
routing-does-priority = { $priority }
routing-does-tag = метка { $tag }
routing-does-escalate = передать вендору { $vendor }
routing-does-assign = назначить: { $person }
routing-does-round-robin = по очереди: { $people }
routing-does-least-loaded = наименее загруженному из: { $people }
# Текст, записанный до того, как его стали хранить сообщением: показывается как записан.
routing-as-written = { $text }
# Что не так с правилом, порядком правил или рабочими часами.
routing-rule-unreadable = правило { $id } не читается: { $detail }
routing-hours-unreadable = рабочие часы не читаются: { $detail }
routing-no-rule-takes = ни одно правило не берёт { $ticket }
routing-draft-rule-refused = правило { $position } ({ $name }): { $problem }
routing-rule-missing = правила маршрутизации с номером { $id } нет
routing-direction-unknown = направления «{ $direction }» нет
routing-pick-one-person = выберите одного сотрудника, которому назначить
routing-order-every-rule = укажите номер каждого правила один раз, в новом порядке
routing-hours-end-before-start = рабочий день должен заканчиваться позже, чем начинается
routing-hours-weekdays = выберите рабочие дни от 1 (понедельник) до 7 (воскресенье)
routing-hours-offset = смещение от UTC — от -14:00 до +14:00
routing-not-a-time = «{ $text }» — не время суток: запишите его как 09:00
# Заметка, которую маршрутизация оставляет на заявке, если правило не смогло передать её вендору.
routing-escalation-failed-note = Маршрутизации не удалось передать заявку вендору: { $problem }
# Что не так с правилом, как его заполнили.
routing-rule-name = дайте правилу название длиной до { $max ->
    [one] { $max } символа
   *[other] { $max } символов
}
routing-keyword-empty = ключевое слово не может быть пустым: напишите слово или фразу либо удалите его
routing-keyword-too-long = ключевое слово — не длиннее { $max ->
    [one] { $max } символа
   *[other] { $max } символов
}
routing-rule-no-action = правило должно делать хотя бы что-то одно: задать линию, назначить, ...
routing-queue-name = название очереди — от 1 до { $max ->
    [one] { $max } символа
   *[other] { $max } символов
}
routing-group-needed = для назначения по очереди и наименее загруженному нужна группа сотрудников
routing-tag-length = метка — от 1 до { $max ->
    [one] { $max } символа
   *[other] { $max } символов
}
routing-action-twice = { $kind ->
    [line] правило задаёт линию дважды
    [queue] правило задаёт очередь дважды
    [assign] правило назначает дважды
    [priority] правило задаёт приоритет дважды
    [vendor] правило передаёт вендору дважды
   *[other] правило задаёт «{ $kind }» дважды
}
