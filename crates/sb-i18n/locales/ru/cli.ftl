# Что печатает команда `sb` для людей (в выводе --json слов нет).
cli-error = ошибка: { $text }

## Значения словарей словами (по-английски — слово протокола, как `sb` печатал всегда).
cli-status = { $status ->
    [new] новая
    [open] открыта
    [in_progress] в работе
    [pending_customer] ждём клиента
    [pending_vendor] ждём вендора
    [resolved] решена
    [closed] закрыта
   *[other] { $status }
}
cli-role = { $role ->
    [engineer] инженер
    [lead] руководитель линии
    [account_manager] аккаунт-менеджер
    [admin] администратор
   *[other] { $role }
}
cli-level = { $level ->
    [high] высокое
    [medium] среднее
    [low] низкое
   *[other] { $level }
}
cli-channel = { $channel ->
    [desktop] деск
    [phone] звонок
    [email] почта
    [monitoring] мониторинг
    [vendor] вендор
   *[other] { $channel }
}
cli-line-any = любая
cli-language = { $language ->
    [en] английский
    [ru] русский
   *[other] { $language }
}

## Страницы и пустые списки.
cli-next-page = дальше: --cursor '{ $cursor }'

## sb status
cli-setup-database = база данных: { $database }
cli-setup-next = при следующем запуске откроется: { $database }
cli-setup-you = вы:           { $me }
cli-setup-clients = клиенты:      { $has ->
    [yes] есть
   *[no] пока нет
}
cli-setup-language = язык:         { $language }
cli-setup-nobody = пока никто (выполните `sb profile create`)
cli-setup-profile = { $name } ({ $role })
cli-setup-owner = { $login } (владелец команды: `sb team ...`)
cli-setup-signed-in = { $me }, вход выполнен как { $login }
cli-setup-signed-in-new = { $me }, вход выполнен как { $login } (задайте свой пароль: `sb team password`)

## sb users
cli-user = #{ $id } { $name } ({ $role }, линия { $line })

## sb client list / show
cli-col-id = ID
cli-col-code = КОД
cli-col-name = НАЗВАНИЕ
cli-col-contacts = КОНТАКТЫ
cli-col-active = АКТИВНЫХ
cli-client-notes = заметки: { $notes }
cli-client-language = язык: { $language }
cli-client-contact = контакт: { $name } <{ $email }> { $phone }

## sb ticket list
cli-col-number = НОМЕР
cli-col-priority = ПР.
cli-col-status = СТАТУС
cli-col-client = КЛИЕНТ
cli-col-direction = НАПРАВЛЕНИЕ
cli-col-line = ЛИНИЯ
cli-col-assignee = ИСПОЛНИТЕЛЬ
cli-col-updated = ИЗМЕНЕНА
cli-col-subject = ТЕМА
cli-queue-empty = подходящих заявок нет

## sb ticket show
cli-ticket-client = клиент:      { $code } { $name }
cli-ticket-status = статус:      { $status }   линия: { $line }   исполнитель: { $assignee }
cli-ticket-direction = направление: { $direction }   влияние: { $impact }   срочность: { $urgency }   канал: { $channel }
cli-ticket-created = создана:     { $created }, автор: { $author }   изменена: { $updated }   версия: { $version }
cli-ticket-merged = влита в заявку { $number }
cli-ticket-resolution = решение: { $note }
cli-ticket-queue = очередь:     { $queue }
cli-ticket-tags = метки:       { $tags }
cli-ticket-routed = направлена правилом «{ $rule }» ({ $why }): { $did }
cli-ticket-comments = Комментарии:
cli-ticket-related = Связанные:
cli-ticket-audit = Журнал изменений:
cli-col-when = КОГДА
cli-col-who = КТО
cli-col-field = ПОЛЕ
cli-col-change = ИЗМЕНЕНИЕ
cli-comment-internal = внутренний
cli-comment-notice = автоматическое письмо клиенту: { $notice }
cli-comment-public-to = публичный, для { $audience }
cli-comment-public = публичный

## Оценка заявки (внутри sb ticket show)
cli-rating-given = оценка:      { $rating }/5
cli-rating-asked = оценка:      запрошена { $asked }, ответа пока нет

## sb kb, похожие решения, поиск, массовые изменения
cli-kb-empty = статей нет
cli-col-title = ЗАГОЛОВОК
cli-article-from = (из { $number })
cli-article-meta = направление: { $direction }   метки: { $tags }   автор: { $author } · { $updated }
cli-article-problem = Проблема:
cli-article-fix = Решение:
cli-suggest-none = похожих решённых заявок раньше не было
cli-suggest-fix = решение: { $fix }
cli-suggest-article = статья #{ $id } { $title }
cli-search-none = ничего не найдено по запросу: { $terms }
cli-bulk-changed = { $number } изменена
cli-bulk-refused = { $number } отклонена: { $reason }
cli-bulk-total = { $changed ->
    [one] { $changed } заявка изменена
    [few] { $changed } заявки изменены
   *[many] { $changed } заявок изменено
}, { $refused ->
    [one] { $refused } отклонена
    [few] { $refused } отклонены
   *[many] { $refused } отклонено
}

## sb monitoring
cli-alert-source = { $id } { $name } { $url } каждые { $seconds } с{ $enabled ->
    [yes] {""}
   *[no] {" "}(выключен)
}
cli-alert-filter = фильтр: { $filter }
cli-alert-mapping = клиент: метка { $client }; направление: метка { $direction } ({ $map }){ $default }; важность: метка { $severity }
cli-alert-default-direction = , иначе { $direction }
cli-alert-last-poll = последний опрос: { $at }; активных: { $firing }
cli-never = никогда
cli-last-error = последняя ошибка: { $error }
cli-alert-sources-none = источников оповещений нет; добавьте источник командой `sb monitoring source add --name ... --url ...`
cli-alert-test = Alertmanager { $version } работает с { $since }; под фильтр { $alerts ->
    [one] подходит { $alerts } оповещение
    [few] подходят { $alerts } оповещения
   *[many] подходит { $alerts } оповещений
}
cli-polls-none = включённых источников оповещений нет
cli-poll-failed = { $id } { $name }: сбой: { $error }
cli-poll = { $id } { $name }: открыто { $opened }, повторов { $repeated }, решено { $resolved }, переоткрыто { $reopened }, без соответствия { $unmatched }
cli-poll-refused = , отклонено рабочим пространством { $refused } (отложены: `sb monitoring unmatched`)
cli-unmatched-none = оповещений без соответствия нет

## sb mailbox, sb mail
cli-mailbox-head = { $name } (id { $id }, { $enabled ->
    [yes] включён
   *[no] выключен
}, заявки в { $direction })
cli-mailbox-imap = IMAP { $user }@{ $host }:{ $port } { $security } папка { $folder }{ $password }
cli-mailbox-smtp = SMTP { $host }:{ $port } { $security }{ $login } от { $from }
cli-mailbox-no-password = {" "}(пароля нет в связке ключей)
cli-mailbox-no-login = {" "}без входа
cli-mailbox-login = {" "}как { $user }
cli-mailbox-login-no-password = {" "}как { $user } (пароля нет в связке ключей)
cli-mailbox-poll = опрос каждые { $seconds } с
cli-mailbox-last-poll = последний опрос { $at }
cli-mailboxes-none = почтовых ящиков нет (добавьте ящик командой `sb mailbox add`)
cli-ok = в порядке
cli-mail-poll = получено писем: { $fetched }; новых заявок: { $tickets }, комментариев: { $comments }, на разбор: { $triage }, в карантин: { $quarantined }, уже виденных: { $duplicates }
cli-none = нет
cli-unknown-sender = (отправитель неизвестен)
cli-mail-reason = причина: { $reason }
cli-col-received = ПОЛУЧЕНО
cli-col-mailbox = ЯЩИК
cli-col-from = ОТ
cli-outbox-empty = исходящих нет
cli-col-attempts = ПОПЫТОК
cli-col-to = КОМУ
cli-error-line = ошибка: { $error }
cli-ticket-email-to = публичные комментарии уходят письмом на { $requester }
cli-ticket-email-none = письма не отправляются: нет адреса заявителя
cli-col-attachment = ВЛОЖЕНИЕ
cli-col-bytes = БАЙТ
cli-col-file = ФАЙЛ
cli-col-reply = ОТВЕТ
cli-ticket-email-opened = открыта из письма { $id }
cli-note = примечание: { $note }
cli-ticket-email-comment-note = комментарий { $comment } (письмо { $message }), примечание: { $note }
cli-mail-reading = письмо { $id }
    от: { $from }
    тема: { $subject }
cli-mail-problem = проблема: { $problem }
cli-saved = сохранено: { $path } ({ $size ->
    [one] { $size } байт
    [few] { $size } байта
   *[many] { $size } байт
})

## sb package, sb time, sb report (учёт часов)
cli-shared-pool = общий пул
cli-package-state = { $state ->
    [closed] закрыт
    [active] действует
   *[idle] сегодня не действует
}
cli-package-used = израсходовано { $used } из { $total } ({ $percent }%), осталось { $left }; прошло { $elapsed }% срока{ $fast ->
    [yes] {" "}— часы уходят быстрее календаря
   *[no] {""}
}
cli-package-overage = сверх пакета { $hours }
cli-budget-crossed = пройден порог { $threshold }%
cli-col-budget = БЮДЖЕТ
cli-col-rolled = ПЕРЕНЕСЕНО
cli-col-used = ИЗРАСХОДОВАНО
cli-col-left = ОСТАЛОСЬ
cli-col-percent = ИЗРАСХ. %
cli-col-notes = ОТМЕТКИ
cli-package-runs-out = при темпе последних 30 дней закончится { $day }
cli-package-lasts = при темпе последних 30 дней хватит на весь срок (до { $end })
cli-package-idle = за последние 30 дней ничего не израсходовано
cli-package-thresholds = пройденные пороги: { $list }
cli-packages-none = пакетов нет
cli-package-history = история:
cli-package-change = { $at } { $change }, { $actor }: { $summary }
cli-dashboard-head = { $code } · { $name } — сегодня { $today }; { $drafts ->
    [one] { $drafts } черновая запись ждёт
    [few] { $drafts } черновые записи ждут
   *[many] { $drafts } черновых записей ждут
} утверждения
cli-burn-down = выгорание: осталось { $left } на { $day } (по плану { $ideal })
cli-portfolio-uncovered = нет действующего пакета{ $last }
cli-portfolio-last-ended = {" "}(последний закончился { $day })
cli-portfolio-none = действующих пакетов нет
cli-portfolio-crossed = {"  "}! на этой неделе пройдены пороги { $list }
cli-col-package = ПАКЕТ
cli-col-total = ВСЕГО
cli-col-outlook = ПРОГНОЗ
cli-portfolio-runs-out = закончится { $day } ({ $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
})
cli-portfolio-lasts = хватит на весь срок ({ $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
})
cli-time-none = времени не записано
cli-time-entry = { $actual } фактически, { $billable } к оплате ({ $covered } по пакету, { $overage } сверх)
cli-col-date = ДАТА
cli-col-ticket = ЗАЯВКА
cli-col-engineer = ИНЖЕНЕР
cli-col-actual = ФАКТИЧЕСКИ
cli-col-billable = К ОПЛАТЕ
cli-col-covered = ПО ПАКЕТУ
cli-col-overage = СВЕРХ
cli-col-work-type = ВИД РАБОТ
cli-col-note = ПРИМЕЧАНИЕ
cli-time-corrects = {" "}(исправляет #{ $id })
cli-time-total = всего { $actual } фактически, { $billable } к оплате
cli-timer-running = таймер идёт с { $since }
cli-draws-from = списывается из пакета { $package } (осталось { $left }, до { $end })
cli-no-package-covers = сегодня ни один действующий пакет не покрывает направление этой заявки
cli-refused = отказано: { $reason }
cli-bills = к оплате { $billable } ({ $covered } по пакету, { $overage } сверх)
cli-draw = { $hours } из { $package } { $kind }
cli-no-package = без пакета
cli-warning = предупреждение: { $warning }

## sb worker status
cli-work-head = этот процесс: { $process }; фоновая работа в окне этого рабочего места: { $on ->
    [yes] включена
   *[no] выключена
}; захват действует { $seconds } с без сигналов о работе
cli-work-none = фоновой работы нет: в рабочем пространстве нет включённых почтовых ящиков, источников оповещений или вендоров
cli-col-work-unit = РАБОТА
cli-col-target = ОБЪЕКТ
cli-col-errors = ОШИБОК
cli-col-waiting = В ОЧЕРЕДИ
cli-col-last-success = ПОСЛЕДНИЙ УСПЕХ
cli-col-held-since = ДЕРЖИТ С
cli-col-held-by = ДЕРЖИТ
cli-work-last-error = последняя ошибка { $at }: { $error }
cli-work-not-here = не на этом рабочем месте: { $why }

## Журнал изменений в sb ticket show: что изменилось.
cli-audit-field = { $field ->
    [created] создана
    [status] статус
    [assignee] исполнитель
    [line] линия
    [comment] комментарий
    [resolution_note] решение
    [note] записка
    [merged_into] влита в
    [merged] присоединена
    [link] связь
    [unlink] связь снята
    [vendor_case] обращение
    [client] клиент
    [direction] направление
    [impact] влияние
    [urgency] срочность
    [priority] приоритет
    [subject] тема
    [description] описание
    [sla_breach] нарушение SLA
    [tags] метки
   *[other] { $field }
}

## sb notices (что клиенту сообщают письмом)
cli-on-off = { $on ->
    [yes] вкл.
   *[no] выкл.
}
cli-sweep = напоминаний: { $reminded }, закрыто: { $closed }
cli-notice-defaults = язык:            { $language }
    подтверждение:   { $acknowledge }
    напоминание:     { $remind } (через { $remind_after ->
        [one] { $remind_after } рабочий день
        [few] { $remind_after } рабочих дня
       *[many] { $remind_after } рабочих дней
    }, закрытие через { $close_after ->
        [one] { $close_after } рабочий день
        [few] { $close_after } рабочих дня
       *[many] { $close_after } рабочих дней
    } после напоминания)
    оценка:          { $satisfaction }
cli-notice-setting = { $setting ->
    [language] язык
    [acknowledge] подтверждение
    [remind] напоминание
    [remind_after] напомнить через
    [close_after] закрыть через
   *[satisfaction] оценка
}
cli-working-days = { $days ->
    [one] { $days } рабочий день
    [few] { $days } рабочих дня
   *[many] { $days } рабочих дней
}
cli-working-days-after-reminder = { $days ->
    [one] { $days } рабочий день
    [few] { $days } рабочих дня
   *[many] { $days } рабочих дней
} после напоминания
cli-workspace-default = {" "}(по умолчанию для рабочего пространства)
cli-col-setting = НАСТРОЙКА
cli-template-whose = { $own ->
    [yes] свой у клиента
   *[no] рабочего пространства
}
cli-template-subject = Тема: { $subject }

## sb team, sb backup, sb restore
cli-team-init = { $database } — рабочее пространство команды, владелец { $owner }; групповые роли: { $roles }
    дальше: `sb team invite "ИМЯ" --role admin` (и остальные)
cli-col-login = ЛОГИН
cli-col-role = РОЛЬ
cli-col-line-long = ЛИНИЯ
cli-col-state = СОСТОЯНИЕ
cli-member = { $login }: { $name } ({ $role }, линия { $line }), { $state }
cli-member-state = { $state ->
    [removed] удалён
    [invited] приглашён (одноразовый пароль ещё не заменён)
   *[active] активен
}
cli-member-removed = { $name } ({ $login }) больше не может войти; история остаётся. Завершено открытых сеансов: { $sessions }
cli-invitation = { $name } входит как { $login } с одноразовым паролем
cli-invitation-shown = показан только сейчас: передайте его лично; свой пароль человек выберет при первом входе
cli-password-changed = пароль изменён; его хранит связка ключей ОС
cli-signed-out = вы вышли; при следующем запуске откроется { $database }
cli-local-workspace = локальное рабочее пространство
cli-team-upgraded = рабочее пространство команды обновлено до схемы { $schema } (применены { $migrations }, Switchboard { $version }); резервная копия, снятая перед этим: { $backup }
cli-team-current = рабочее пространство команды уже на схеме { $schema }; права обновлены для Switchboard { $version }
cli-backup-file = { $file } ({ $bytes ->
    [one] { $bytes } байт
    [few] { $bytes } байта
   *[many] { $bytes } байт
}, { $backend })
cli-backup-kept = заменённая база сохранена в { $old }
cli-backed-up = резервная копия сохранена в { $what }
cli-restored = восстановлено из { $what }

## sb worker, sb background, sb workspace move, sb kb, sb view
cli-worker-runs = { $process } выполняет фоновую работу ({ $units ->
    [one] { $units } блок
    [few] { $units } блока
   *[many] { $units } блоков
} в рабочем пространстве); остановить — SIGTERM или Ctrl-C
cli-worker-stopping = останавливаюсь: каждый блок доделывает свой круг и отпускает захват
cli-worker-ended = фоновая работа уже закончилась
cli-worker-stopped = остановлено
cli-background = { $on ->
    [yes] фоновую работу выполняет окно этого рабочего места
   *[no] окно этого рабочего места оставляет фоновую работу другим рабочим местам
}
cli-moved = перенесено строк: { $rows }, в { $database } (каждая таблица сверена по числу строк и контрольной сумме с обеих сторон; секретов скопировано в связке ключей: { $secrets }); при следующем запуске откроется она. Дальше: `sb --db URL team init` от имени её владельца.
cli-col-table = ТАБЛИЦА
cli-col-rows = СТРОК
cli-col-checksum = КОНТРОЛЬНАЯ СУММА
cli-view-deleted = представление { $id } удалено
cli-col-key = КЛЮЧ
cli-col-tickets = ЗАЯВОК
cli-view-name = { $key ->
    [my_open] мои открытые
    [unassigned_l1] без исполнителя, L1
    [waiting_vendor] ждут вендора
    [monitoring] из мониторинга
    [breaching_soon] срок в пределах часа
    [breached] SLA нарушен
   *[other] { $key }
}

## sb changes
cli-watching = слежу за изменениями (Ctrl-C — остановить)
cli-changes-missed = часть изменений не показана: перечитайте всё заново
cli-change-on = {" "}в { $ticket }
cli-change-client = {" "}(клиент { $id })
cli-change-version = , теперь версия { $version }
cli-change-ticket = заявка { $number }{ $client } изменена{ $version }
cli-change-comment = комментарий { $id }{ $ticket }
cli-change-time-entry = запись времени { $id }{ $ticket }{ $client }
cli-change-package = пакет часов { $id }{ $client }
cli-change-bond = обращение к вендору { $id }{ $ticket }

## sb time, sb mailbox, sb mail, sb outbox: что сделано
cli-saved-path = сохранено: { $path }
cli-entry-deleted = запись { $id } удалена
cli-entries-approved = { $count ->
    [one] утверждена { $count } запись
    [few] утверждены { $count } записи
   *[many] утверждено { $count } записей
}
cli-entries-invoiced = { $count ->
    [one] выставлен счёт по { $count } записи
   *[other] выставлен счёт по { $count } записям
}
cli-timer-started = таймер по { $ticket } идёт с { $since }
cli-timer-discarded = таймер сброшен
cli-mailbox-removed = почтовый ящик { $mailbox } удалён
cli-mail-dismissed = письмо { $id } отклонено
cli-outbox-sent = { $count ->
    [one] отправлено { $count } письмо
    [few] отправлено { $count } письма
   *[many] отправлено { $count } писем
}

## sb report metrics
cli-metrics-period = с { $from } по { $to }
cli-metrics-counts = заведено { $opened }, решено { $resolved }, открыто на конец периода { $open }
cli-metrics-spread = медиана { $median }, p90 { $p90 } ({ $count ->
    [one] { $count } заявка
    [few] { $count } заявки
   *[many] { $count } заявок
})
cli-metrics-sla = { $percent }% (соблюдено { $kept }, нарушено { $missed })
cli-metrics-no-target = ни один срок ещё не определился
cli-metrics-first-response = первый ответ: { $spread }
cli-metrics-resolution = решение: { $spread }
cli-metrics-sla-first-response = SLA первого ответа: { $sla }
cli-metrics-sla-resolution = SLA решения: { $sla }
cli-metrics-satisfaction = оценка: { $average } из 5 по { $count ->
    [one] { $count } отзыву
   *[other] { $count } отзывам
}
cli-metrics-engineers = инженеры (открыто сейчас, заведено, решено, записано времени):
cli-metrics-vendors = вендоры (обращения, медиана срока, p90):
cli-duration-days = { $days } д { $hours } ч
cli-duration-hours = { $hours } ч { $minutes } мин
cli-duration-minutes = { $minutes } мин
cli-entry-state = { $state ->
    [draft] черновик
    [approved] утверждена
    [invoiced] в счёте
   *[other] { $state }
}

## sb sla
cli-sla-checked = { $count ->
    [one] просмотрена { $count } заявка, чьи часы прошли порог
    [few] просмотрены { $count } заявки, чьи часы прошли порог
   *[many] просмотрено { $count } заявок, чьи часы прошли порог
}
cli-sla-recounted = { $count ->
    [one] часы { $count } открытой заявки пересчитаны
   *[other] часы { $count } открытых заявок пересчитаны
}
cli-calendars-none = календарей нет: добавьте календарь командой `sb sla calendar add`
cli-calendar-removed = календарь { $id } удалён
cli-policy-removed = политика SLA { $id } удалена
cli-goal = { $goal ->
    [first_response] первый ответ
   *[resolution] решение
}
cli-sla-threshold = { $threshold ->
    [warning] израсходовано 75%
   *[breach] НАРУШЕН
}
cli-sla-reason = { $reason ->
    [assignee] ваша
    [line] без исполнителя
   *[lead] как руководителю
}
cli-sla-notice = { $goal }: { $what } в { $at } ({ $why })
cli-day-off = выходной
cli-calendar-always = , круглосуточно
cli-calendar-special = { $count ->
    [one] { $count } особая дата
    [few] { $count } особые даты
   *[many] { $count } особых дат
}
cli-policy-whose = { $whose ->
    [contract] договор { $code }
    [default] по умолчанию
   *[none] без клиента
}
cli-policy-head = { $id } { $name } ({ $whose }), календарь { $calendar } { $calendar_name }, пауза в статусах: { $pause }
cli-policy-never = никогда
cli-policy-on-breach = , при нарушении: { $actions }
cli-policy-tell-assignee = сообщить исполнителю
cli-policy-target = первый ответ { $first_response }, решение { $resolution }
cli-policy-target-calendar = {" "}(календарь { $id })
cli-clocks-no-policy = ни одна политика SLA не применяется (добавьте политику по умолчанию: `sb sla policy add --default`)
cli-clocks-no-target = политика { $policy }: для приоритета этой заявки цели нет
cli-clocks-policy = политика { $policy }
cli-clock-overrun = просрочено на { $by } (нарушено { $at })
cli-clock-left = осталось { $left }, срок { $due }
cli-clock-running = идёт
cli-clock-paused = на паузе ({ $by }), осталось { $left }
cli-clock-waiting = ожидание
cli-clock-met = выполнено за { $used }
cli-clock-met-late = выполнено с опозданием за { $used }
cli-clock = { $goal }: { $state } (цель { $target }, израсходовано { $percent }%, { $calendar })
cli-sla-minutes = { $minutes } мин
cli-sla-hours = { $hours } ч
cli-sla-hours-minutes = { $hours } ч { $minutes } мин
cli-breach-action = { $action ->
    [raise_priority] поднять приоритет
    [next_line] передать на следующую линию
    [notify_lead] сообщить руководителю
   *[other] { $action }
}

## sb vendor
cli-vendor-optional = {" "}[необязательно]
cli-vendor-field = { $key }{ $optional }: { $label } (например, { $hint })
cli-vendor-secret-field = секрет: { $secret } (--secret-stdin)
cli-vendors-none = вендоров пока нет: добавьте вендора командой `sb vendor add`
cli-vendor-removed = вендор { $id } удалён
cli-vendor-disabled = у вендора { $id } есть обращения: вместо удаления он выключен (история сохраняется)
cli-vendor-test-ok = в порядке: { $message }
cli-vendor-test-failed-class = сбой ({ $class }): { $message }
cli-vendor-cases-none = обращений к вендорам нет
cli-vendor-outbox-empty = исходящих вендорам нет
cli-vendor-delivered = отправлено { $sent }, к повтору { $retried }, не доставлено { $dead }
cli-vendor-synced = обращений изменилось: { $cases }, комментариев добавлено: { $comments }, заявок перемещено: { $tickets }
cli-vendor-mended = , пустых комментариев исправлено: { $count }
cli-vendor-gone = { $count ->
    [one] { $count } обращение исчезло
    [few] { $count } обращения исчезли
   *[many] { $count } обращений исчезли
} у вендора (там удалены): см. `sb vendor cases <заявка>`
cli-vendor-cases-yet = обращений к вендорам пока нет
cli-minutes-short = { $minutes } мин
cli-vendor-score = { $vendor } / { $direction }: обращений { $cases }, решено { $resolved }, медиана { $median }, p90 { $p90 }, первый ответ { $first }, нарушения: подтверждение { $acknowledge }, решение { $resolve }
cli-vendor-line = #{ $id } { $name } ({ $kind }){ $disabled }: { $open ->
    [one] { $open } открытое обращение
    [few] { $open } открытых обращения
   *[many] { $open } открытых обращений
}{ $gone }{ $error }
cli-disabled = {" "}(выключен)
cli-vendor-gone-count = , исчезли у вендора: { $count }
cli-vendor-sync-failed = ; последняя синхронизация не удалась: { $error }
cli-vendor-directions = направления: { $list }
cli-vendor-secret = секрет: { $set ->
    [yes] в связке ключей ОС
   *[no] не задан
}
cli-vendor-account = входит как: { $account }
cli-vendor-sla = SLA { $direction }: подтверждение { $acknowledge }, решение { $resolve }
cli-vendor-contact = контакт: { $name }{ $email }{ $phone }
cli-bond = обращение { $id } у { $vendor }: { $number } ({ $state }){ $says }
cli-bond-not-opened = ещё не открыто
cli-bond-says = , вендор сообщает «{ $status }»
cli-bond-gone = исчезло у вендора (там удалено): если работа продолжается, передайте заявку вендору снова
cli-bond-messages = к доставке { $pending }, не доставлено { $dead }
cli-vendor-message = #{ $id } { $at } { $kind } по { $ticket } для { $vendor }: { $state }, попыток: { $attempts }{ $error }
cli-vendor-message-kind = { $kind ->
    [create] открытие обращения
    [comment] комментарий
    [reopen] повторное открытие
   *[other] { $kind }
}

## sb rule, sb monitoring source remove
cli-alert-source-removed = источник оповещений { $id } удалён
cli-rule-deleted = правило { $id } удалено
cli-business-hours = дни { $days }, { $start }-{ $end }, UTC{ $offset }
cli-dry-run = { $changed } из { $total ->
    [one] { $total } заявки
   *[other] { $total } заявок
} ушли бы в другое место
cli-dry-run-now = сейчас:    { $now }
cli-dry-run-draft = черновик:  { $draft }
cli-no-rule = нет правила
cli-rules-none = правил маршрутизации нет: заявки остаются там, где созданы
cli-col-order = ПОРЯДОК
cli-col-rule = ПРАВИЛО
cli-routed = направлена правилом «{ $rule }» ({ $why }) в { $at }, { $actor }: { $did }
cli-not-routed = не маршрутизирована
cli-routing-queue = очередь: { $queue }
cli-routing-tags = метки: { $tags }
cli-calendar-imported = дат задано: { $imported }, событий пропущено (не на весь день): { $skipped }
cli-policies-none = политик SLA нет: добавьте политику по умолчанию командой `sb sla policy add --default`
cli-lang-unknown = «{ $text }» — Switchboard не говорит на этом языке: используйте en или ru
cli-sla-notices-none = уведомлений SLA нет
cli-threshold-notices-none = уведомлений о порогах нет
cli-threshold-notice = { $at }  { $client }: { $notice }
cli-threshold-notice-waiting = { $line } (ещё не показано)
cli-hit-kind = { $kind ->
    [ticket] заявка
    [comment] комментарий
   *[other] { $kind }
}

## sb limits
cli-col-limit = ОГРАНИЧЕНИЕ
cli-col-value = ЗНАЧЕНИЕ
cli-col-unit = ЕДИНИЦА
cli-col-default = ПО УМОЛЧАНИЮ
cli-col-min = ОТ
cli-col-max = ДО
cli-limit-unit = { $unit ->
    [bytes] байт
    [header_fields] полей заголовка
    [parts] частей
    [levels] уровней
   *[other] { $unit }
}
cli-outbox-state = { $state ->
    [pending] ждёт
    [sent] ушло
    [dead] не доставлено
   *[other] { $state }
}
