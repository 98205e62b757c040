# The desktop program: the tray, notifications of tickets given to the person, links, starting at login.
tray-open = Open Switchboard
tray-new-ticket = New ticket
tray-my-open = { $count ->
    [0] No open tickets of mine
    [one] 1 open ticket of mine
   *[other] { $count } open tickets of mine
}
tray-quit = Quit
assignment-given-by = { $name } gave you this ticket
assignment-yours = This ticket is yours now
autostart-no-config-folder = this desktop has no configuration folder (HOME is not set), so nothing can start at login
autostart-no-program-path = the path of this program is unknown, so the desktop cannot start it at login
file-cannot-change = cannot change { $path }: { $error }
link-cannot-open = Switchboard cannot open { $link }: a link looks like switchboard://ticket/SB-000123
link-not-ticket-number = { $value } is not a ticket number: a link to a ticket looks like switchboard://ticket/SB-000123
