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
