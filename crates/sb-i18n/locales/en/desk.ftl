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
prefs-no-home = cannot tell where your data folder is (no home folder); set SWITCHBOARD_HOME to a folder
prefs-file-invalid = the preferences file { $path } is not valid ({ $error }); fix or remove it
file-cannot-read = cannot read { $path }: { $error }
file-cannot-save-what = cannot save { $what } to { $path }: { $error }
prefs-what-preferences = preferences
prefs-what-window = the window's settings
# Background work.
work-busy = { $who } is doing this work ({ $work }) now; it takes what is new on its next round
work-busy-other = another process is doing this work ({ $work }) now; it takes what is new on its next round
work-kind = { $kind ->
    [mail_in] reading mail
    [mail_out] sending replies
    [alerts] polling alerts
    [vendor_sync] reading cases back
    [vendor_out] delivering to the vendor
    [sla_clocks] counting SLA clocks and report figures
   *[notices] reminding clients who owe a reply
}
