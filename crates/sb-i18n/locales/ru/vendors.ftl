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
# Не удалась синхронизация вендора (когда синхронизировались все сразу): какого и почему.
vendor-sync-failed = { $vendor }: { $error }
# Почему сообщение вендору не доставлено: обращение там удалено.
vendor-case-gone = обращения у вендора больше нет (его там удалили)
