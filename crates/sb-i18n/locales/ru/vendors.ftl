# Вендоры, обращения к ним и «Проверить подключение».
vendor-unknown = вендора «{ $name }» нет; есть такие: { $known }
vendor-no-id = вендора с номером { $id } нет
vendor-case-missing = обращения к вендору с номером { $id } нет
vendor-message-missing = сообщения вендору с номером { $id } нет
vendor-case-not-resolved = обращение у { $vendor } { $state ->
    [pending] ещё не создано
    [open] открыто
    [suspended] приостановлено
    [closed] закрыто
    [failed] не удалось создать
   *[other] в состоянии «{ $state }»
}, а не решено; вместо этого оставьте в нём комментарий
vendor-comment-case-resolved = обращение у { $vendor } решено: комментарий откроет его там снова; отправьте это клиенту или нажмите «Открыть у вендора снова», если исправление не помогло
vendor-comment-no-case = у заявки { $ticket } нет обращения, над которым работает вендор; отправьте это клиенту или сначала передайте заявку вендору
vendor-per-minute-range = запросов в минуту — от { $min } до { $max } (сколько позволяет API вендора; если не уверены, { $usual })
vendor-sla-minutes = { $target ->
    [acknowledge] время подтверждения
    [resolve] время решения
   *[other] время «{ $target }»
} — число минут больше 0 или пусто, если срока нет
vendor-contact-needs-name = у каждого контакта должно быть имя
vendor-contact-not-email = { $value } — не адрес почты
# Почему заявку нельзя передать вендору.
vendor-escalation-vendor-disabled = { $ticket }: вендор { $vendor } отключён; сначала включите его в Настройки -> Вендоры
vendor-escalation-direction-not-served = { $ticket }: { $vendor } не обслуживает направление { $direction } (обслуживает: { $serves }); выберите другого вендора или добавьте ему это направление
vendor-escalation-ticket-finished = { $ticket }: заявка { $status ->
    [resolved] решена
    [closed] закрыта
   *[other] в состоянии «{ $status }»
}; откройте её снова, прежде чем передавать вендору
# «Проверить подключение» и что пошло не так при обращении к вендору; $detail — слова самого вендора.
vendor-check-ok = { $who }
vendor-error-unreachable = сервер вендора недоступен: { $detail }
vendor-error-tls = не удалось установить TLS-соединение с вендором (сертификат или протокол): { $detail }
vendor-error-timeout = вендор не ответил вовремя: { $detail }
vendor-error-bad-credentials = вендор не принял учётные данные (неверный или просроченный токен или пароль): { $detail }
vendor-wrong-account = учётные данные входят как «{ $login }», а вендор { $vendor } настроен на «{ $expected }»; введите учётные данные { $expected } в настройках вендора
vendor-error-forbidden = учётной записи у вендора не хватает прав, нужных Switchboard: { $detail }
vendor-error-not-found = у вендора не найдено (проверьте адрес, проект или очередь): { $detail }
vendor-error-rejected = вендор отклонил запрос: { $detail }
vendor-error-rate-limited = вендор просит снизить частоту запросов (ограничение частоты)
vendor-error-rate-limited-retry = вендор просит снизить частоту запросов (ограничение частоты); повторите через { $seconds } с
vendor-error-server = сбой на сервере вендора ({ $status }): { $detail }
vendor-error-protocol = вендор ответил так, что Switchboard его не понимает: { $detail }
vendor-error-settings = { $detail }
# Синхронизация, в которой рабочее пространство не приняло изменения части обращений.
vendor-sync-refused = рабочее пространство не приняло { $count ->
    [one] { $count } изменение обращения
    [few] { $count } изменения обращений
   *[many] { $count } изменений обращений
}; они будут прочитаны снова при следующей синхронизации: { $reasons }
# Одно изменение обращения, которое рабочее пространство не приняло: какого и почему.
vendor-sync-refused-case = обращение { $case }: { $error }
# Изменение обращения, не принятое при синхронизации всех вендоров сразу: у какого вендора.
vendor-sync-refused-at = { $vendor }: { $refusal }
# Не удалась синхронизация вендора (когда синхронизировались все сразу): какого и почему.
vendor-sync-failed = { $vendor }: { $error }
# Почему сообщение вендору не доставлено: обращение там удалено.
vendor-case-gone = обращения у вендора больше нет (его там удалили)

## Настройки, без исправления которых работа с вендором стоит ($kind — название подключения,
## $field — подпись настройки, $key — ключ настройки, как его пишет CLI).
vendor-config-no-kind = нет вида подключения «{ $kind }»; есть такие: { $kinds }
vendor-config-unknown-setting = у подключения { $kind } нет настройки «{ $key }»; его настройки: { $keys }
vendor-config-fill-in = { $kind }: заполните поле «{ $field }» ({ $key })
vendor-config-fill-in-example = { $kind }: заполните поле «{ $field }» ({ $key }), например: { $example }
vendor-config-no-secret = { $kind }: не задан секрет «{ $secret }»; введите его в настройках вендора
vendor-config-status-pair = статусы: запишите «{ $pair }» как Их=наш
vendor-config-status-unknown = статусы: { $error }
vendor-config-redirect = { $what }: вендор перенаправляет на { $to }; укажите этот адрес в настройках вендора
vendor-config-not-a-url = { $field }: это не URL ({ $error }); пишите так: https://support.example.com
vendor-config-url-scheme = { $field }: значение должно начинаться с https:// (или http://) и называть сервер
vendor-config-request-line = { $field }: укажите метод и путь, например POST /cases
vendor-config-http-method = { $field }: «{ $method }» — не HTTP-метод (GET, POST, PUT, PATCH или DELETE)
vendor-config-request-path = { $field }: путь начинается с /, например /cases/{"{"}id{"}"}
vendor-config-template = { $field }: это не JSON ({ $error }); пишите так: {"{"}"text": "{"{"}body{"}"}"{"}"}
vendor-config-pointer = { $field }: это указатель JSON, он начинается с /, например /issue/id
vendor-config-auth-header = { $field }: запишите как Имя: значение, поставив {"{"}secret{"}"} там, где нужен секрет, например Authorization: Bearer {"{"}secret{"}"}
vendor-config-number = { $kind }: в поле «{ $field }» нужно число, например { $example } (а не «{ $value }»)
vendor-config-sys-id = { $kind }: в поле «{ $field }» нужен sys_id (32 шестнадцатеричные цифры), а не «{ $value }»
vendor-config-reopen-status = в { $kind } нет статуса «{ $status }» для повторного открытия; укажите другой в настройках вендора
vendor-config-email-address = адрес поддержки вендора «{ $address }» — не адрес электронной почты
vendor-config-email-channel = для писем вендорам нужен канал электронной почты
vendor-config-no-mailbox = в Настройки -> Почтовые ящики нет ящика «{ $mailbox }»; есть такие: { $mailboxes }
vendor-config-settings-damaged = сохранённые настройки повреждены: { $error }
vendor-config-secret-forgotten = сохранённый секрет вендора { $vendor } забыт, потому что { $why }: так он не уйдёт на сервер, для которого его не вводили; введите его снова (Вендоры -> { $vendor } -> Секрет)
vendor-secret-forgot-why = изменились вид подключения, адрес, заголовок аутентификации или логин
vendor-config-message-damaged = сообщение повреждено: { $error }
vendor-config-message-kind = неизвестный вид сообщения для вендора: { $kind }
vendor-config-message-no-comment = сообщение не называет комментарий
vendor-config-comment-gone = комментария { $id } больше нет
vendor-config-no-case-yet = у вендора ещё нет обращения по этой связи
