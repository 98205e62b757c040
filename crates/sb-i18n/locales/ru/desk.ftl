# Программа на рабочем столе: значок в трее, уведомления о переданных человеку заявках, ссылки, запуск при входе.
tray-open = Открыть Switchboard
tray-new-ticket = Новая заявка
tray-my-open = { $count ->
    [0] Моих открытых заявок нет
    [one] { $count } моя открытая заявка
    [few] { $count } мои открытые заявки
   *[many] { $count } моих открытых заявок
}
tray-quit = Выйти
assignment-given-by = { $name } передал(а) вам эту заявку
assignment-yours = Эта заявка теперь ваша
autostart-no-config-folder = у этого рабочего стола нет папки настроек (HOME не задана), поэтому ничего не может запускаться при входе
autostart-no-program-path = путь к этой программе неизвестен, поэтому рабочий стол не может запускать её при входе
file-cannot-change = не удаётся изменить { $path }: { $error }
link-cannot-open = Switchboard не может открыть { $link }: ссылка выглядит как switchboard://ticket/SB-000123
link-not-ticket-number = { $value } — не номер заявки: ссылка на заявку выглядит как switchboard://ticket/SB-000123
prefs-no-home = непонятно, где ваша папка с данными (нет домашней папки); укажите папку в SWITCHBOARD_HOME
prefs-file-invalid = файл настроек { $path } испорчен ({ $error }); исправьте или удалите его
file-cannot-read = не удаётся прочитать { $path }: { $error }
file-cannot-save-what = не удаётся сохранить { $what } в { $path }: { $error }
prefs-what-preferences = настройки
prefs-what-window = настройки окна
# Фоновая работа.
work-busy = эту работу ({ $work }) сейчас выполняет { $who }; новое он возьмёт в следующем круге
work-busy-other = эту работу ({ $work }) сейчас выполняет другой процесс; новое он возьмёт в следующем круге
work-kind = { $kind ->
    [mail_in] чтение почты
    [mail_out] отправка ответов
    [alerts] опрос оповещений
    [vendor_sync] получение обращений у вендоров
    [vendor_out] передача вендору
    [sla_clocks] подсчёт сроков SLA и показателей отчётов
   *[notices] напоминания клиентам, которые должны ответить
}
