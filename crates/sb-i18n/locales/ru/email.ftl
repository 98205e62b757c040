# Почта: почтовые ящики, их серверы, разбор и карантин, вложения, исходящие.
mail-unreachable = не удаётся связаться с почтовым сервером { $server }: { $detail }; проверьте имя хоста и порт, а также что сервер работает и доступен с этого компьютера
mail-tls = защищённое соединение (TLS) с { $server } не установилось: { $detail }; проверьте настройку защиты (TLS обычно на портах 993 и 465, STARTTLS — на 143 и 587) и сертификат сервера
mail-login-refused = { $server } не пустил пользователя «{ $user }»: { $detail }; проверьте имя пользователя и пароль
mail-folder-missing = папки «{ $folder }» на { $server } нет; проверьте название папки (обычно это INBOX)
mail-timeout = { $server } не ответил за { $seconds } с, пока { $during }; сервер может быть недоступен или перегружен, попробуйте позже
mail-protocol = { $server } ответил неожиданно, пока { $during }: { $detail }
mail-rejected = { $server } отклонил письмо: { $detail }
mail-deferred = { $server } попросил отправить письмо позже: { $detail }
mail-invalid-message = письмо в таком виде отправить нельзя: { $detail }
# Что делал стол, когда почтовый сервер подвёл.
mail-during = { $key ->
    [connecting] шло подключение
    [logging-in] шёл вход
    [reading-capabilities] запрашивались возможности сервера
    [searching-for-new-mail] шёл поиск новых писем
    [downloading-a-message] загружалось письмо
    [logging-out] шёл выход
    [sending] шла отправка
    [testing-the-connection] шла проверка соединения
    [talking-to-the-server] шёл обмен с сервером
    [starting-IDLE] включался режим IDLE
    [opening-the-folder] открывалась папка
    [waiting-for-the-greeting] ожидалось приветствие сервера
   *[other] { $what }
}
internal-error = { $detail }
mailbox-no-name = почтового ящика «{ $name }» нет
mailbox-no-id = почтового ящика с id { $id } нет
mailbox-imap-password-required = укажите пароль IMAP; он хранится в связке ключей ОС, а не в базе данных
mailbox-name-taken = почтовый ящик «{ $name }» уже есть
mail-domain-not-public = { $domain } нет в списке общедоступных почтовых доменов
limits-cannot-write = не удаётся записать ограничения: { $error }
direction-unknown = направления «{ $direction }» нет; его может добавить администратор
mail-no-message = письма с id { $id } нет
mail-names-no-ticket = письмо { $id } ссылается на заявку, которой нет; примите его как новую заявку или отклоните
mail-empty = письмо { $id } пустое: заявку из него не сделать; отклоните его
# Что показывает переписка заявки для ответа, пришедшего без текста.
mail-empty-body = (пустое письмо)
# Тема заявки из письма без темы (на языке, на котором пишем клиенту).
mail-no-subject = (без темы)
mail-no-subject-from = (без темы) от { $sender }
mail-charset-not-needed = письмо { $id } прочитано без затруднений и ждёт в разборе только выбора клиента; кодировку не указывайте
mail-charset-unknown = кодировки «{ $charset }» нет; используйте одну из таких, как { $known }
attachment-no-id = вложения с id { $id } нет
attachment-cannot-write = не удаётся записать вложение { $id }: { $error }
attachment-unknown-encoding = вложение { $id } указывает неизвестную кодировку передачи «{ $encoding }»
file-cannot-save = не удаётся сохранить { $name } в { $folder }: { $error }
outbox-no-id = в исходящих нет письма { $id }
outbox-unreadable = письмо в исходящих не читается (повреждено или записано другой версией Switchboard): { $error }
attachment-can-run = { $name } может запуститься на этом компьютере: { $why }; открывайте его, только если ждёте такой файл от этого отправителя, и { $how }
attachment-runs-extension = его имя оканчивается на .{ $extension } — такие файлы запускаются при открытии
attachment-runs-content-type = он назван программой или сценарием ({ $content_type })
attachment-confirm-to-open = подтвердите открытие
mailbox-port-range = порт — это число от 1 до 65535
mailbox-poll-range = проверяйте почту не чаще раза в 10 секунд и не реже раза в сутки (86400)
mailbox-password-forgotten = пароль { $server } почтового ящика «{ $mailbox }» забыт, потому что { $why }: так он никогда не уходит на сервер, для которого его не вводили; введите его снова в настройках ящика
mailbox-password-missing = в связке ключей ОС нет пароля { $server } для почтового ящика «{ $mailbox }»; введите его снова в настройках ящика
mail-not-waiting = письмо { $id } не ждёт { $place ->
    [quarantine] в карантине
   *[triage] в разборе
}: { $now_is }
mail-now-taken-on = оно уже принято, в { $ticket }
mail-now-taken = оно уже принято
mail-now-dismissed = оно отклонено
mail-now-triage = оно ждёт в разборе (неизвестный отправитель)
mail-now-quarantine = оно ждёт в карантине
mail-now-sent = это ответ, отправленный столом
# Почему сохранённый пароль ящика забыт: что изменилось у его сервера.
mailbox-forgot-why = изменились настройки { $server }: { $changes }
mailbox-changed-server = сервер сменился с { $from } на { $to }
mailbox-changed-port = порт сменился с { $from } на { $to }
mailbox-changed-login = сменилось имя пользователя
mailbox-changed-security = защита сменилась с { $from ->
    [tls] TLS
    [start_tls] STARTTLS
    [plain] «без шифрования»
   *[other] { $from }
} на { $to ->
    [tls] TLS
    [start_tls] STARTTLS
    [plain] «без шифрования»
   *[other] { $to }
}
