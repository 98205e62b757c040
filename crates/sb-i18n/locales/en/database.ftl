# The workspace's database: opening it, its server, and what it refused.
db-refused-role = the team's database refused it: { $detail }; your role does not allow it (ask an admin)
db-too-new = the database at { $location } was written by a newer version of Switchboard (it has migration { $version } that this version does not know); update Switchboard, the data is untouched
db-too-new-install = the database at { $location } was written by a newer version of Switchboard (it has migration { $version } that this version does not know); install Switchboard { $install } or later, the data is untouched
db-needs-upgrade = the team workspace at { $location } has an older schema (migration { $applied }) than this Switchboard needs ({ $needed }); its owner runs `sb team upgrade` (which takes a backup first), then open it again. Nothing was changed
db-corrupt = { $location } is not a Switchboard database or is damaged ({ $detail }); nothing was changed: restore it from a backup or choose another file
db-unavailable = cannot open the database at { $location }: { $detail }
db-tls-wrong-host = the server at { $location } showed a certificate made out to another name than { $host }, so the connection was refused; connect with the host name its certificate names (ask the administrator which)
db-tls-unknown-ca = the certificate of the server at { $location } is signed by an authority this computer does not trust, so the connection was refused; give the company's CA certificate file (Settings -> Database -> CA file, or `sb database set URL --ca-file FILE`)
db-tls-not-offered = the server at { $location } does not offer TLS, so the connection would not be encrypted and was refused; turn on ssl in the server's postgresql.conf (ask the administrator)
db-sign-in-refused = PostgreSQL refused to sign in { $user } at { $location } ({ $detail }); store the right password with `sb database set URL --password-stdin` or in Settings -> Database (it is kept in the OS keychain), or in ~/.pgpass
db-not-found = { $what ->
    [alert-source] alert source
    [routing-rule] routing rule
    [saved-view] saved view
    [team-member] team member
   *[other] { $what }
} { $id } does not exist
db-decode = the database refused a value: { $detail }
db-lease-lost = this process no longer holds the background work { $unit } (another took it over after its hold ran out); nothing was recorded, and the new holder does the work
db-watch = cannot watch the database file for other desks' changes: { $detail }
db-error = database error: { $detail }
