# Поставщики, обращения к ним и «Проверить подключение».
vendor-unknown = поставщика «{ $name }» нет; есть такие: { $known }
vendor-no-id = поставщика с номером { $id } нет
vendor-case-missing = обращения к поставщику с номером { $id } нет
vendor-message-missing = сообщения поставщику с номером { $id } нет
vendor-case-not-resolved = обращение у { $vendor } { $state ->
    [pending] ещё не создано
    [open] открыто
    [suspended] приостановлено
    [closed] закрыто
    [failed] не удалось создать
   *[other] в состоянии «{ $state }»
}, а не решено; вместо этого оставьте в нём комментарий
vendor-comment-case-resolved = обращение у { $vendor } решено: комментарий откроет его там снова; отправьте это клиенту или нажмите «Открыть у поставщика снова», если исправление не помогло
vendor-comment-no-case = у заявки { $ticket } нет обращения, над которым работает поставщик; отправьте это клиенту или сначала передайте заявку поставщику
vendor-per-minute-range = запросов в минуту — от { $min } до { $max } (сколько позволяет API поставщика; если не уверены, { $usual })
vendor-sla-minutes = { $target ->
    [acknowledge] время подтверждения
    [resolve] время решения
   *[other] время «{ $target }»
} — число минут больше 0 или пусто, если срока нет
vendor-contact-needs-name = у каждого контакта должно быть имя
vendor-contact-not-email = { $value } — не адрес почты
# Почему заявку нельзя передать поставщику.
escalation-vendor-disabled = { $ticket }: поставщик { $vendor } отключён; сначала включите его в Настройки -> Поставщики
escalation-direction-not-served = { $ticket }: { $vendor } не обслуживает направление { $direction } (обслуживает: { $serves }); выберите другого поставщика или добавьте ему это направление
escalation-ticket-finished = { $ticket }: заявка { $status ->
    [resolved] решена
    [closed] закрыта
   *[other] в состоянии «{ $status }»
}; откройте её снова, прежде чем передавать поставщику
# «Проверить подключение» и что пошло не так при обращении к поставщику; $detail — слова самого поставщика.
vendor-check-ok = { $who }
vendor-error-unreachable = сервер поставщика недоступен: { $detail }
vendor-error-tls = не удалось установить TLS-соединение с поставщиком (сертификат или протокол): { $detail }
vendor-error-timeout = поставщик не ответил вовремя: { $detail }
vendor-error-bad-credentials = поставщик не принял учётные данные (неверный или просроченный токен или пароль): { $detail }
vendor-error-forbidden = учётной записи у поставщика не хватает прав, нужных Switchboard: { $detail }
vendor-error-not-found = у поставщика не найдено (проверьте адрес, проект или очередь): { $detail }
vendor-error-rejected = поставщик отклонил запрос: { $detail }
vendor-error-rate-limited = поставщик просит снизить частоту запросов (ограничение частоты)
vendor-error-rate-limited-retry = поставщик просит снизить частоту запросов (ограничение частоты); повторите через { $seconds } с
vendor-error-server = сбой на сервере поставщика ({ $status }): { $detail }
vendor-error-protocol = поставщик ответил так, что Switchboard его не понимает: { $detail }
vendor-error-settings = { $detail }
# Синхронизация, в которой рабочее пространство не приняло изменения части обращений.
vendor-sync-refused = рабочее пространство не приняло { $count ->
    [one] { $count } изменение обращения
    [few] { $count } изменения обращений
   *[many] { $count } изменений обращений
}; они будут прочитаны снова при следующей синхронизации: { $reasons }
# Почему сообщение поставщику не доставлено: обращение там удалено.
vendor-case-gone = обращения у поставщика больше нет (его там удалили)
