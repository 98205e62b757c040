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
database-file-full-path = give the full path of the database file, starting with /
database-ca-file-not-for-file = a CA file is for a PostgreSQL server; a database file needs none
database-password-not-for-file = a password is for a PostgreSQL server; a database file needs none
database-ca-file-full-path = give the full path of the CA certificate file, starting with /
database-ca-file-unreadable = cannot read the CA certificate file { $file } ({ $error }); choose the PEM file the administrator gave you
database-ca-file-no-pem = { $file } holds no PEM certificate (-----BEGIN CERTIFICATE-----); choose the CA certificate, not a key
database-password-in-url = leave the password out of the URL (no user:password@ and no ?password=): give it in Settings -> Database or with `sb database set URL --password-stdin`, which keep it in the OS keychain, or put it in ~/.pgpass (host:port:database:user:password)
database-password-only-postgres = a password is only for a PostgreSQL database
backup-file-required = give the backup file's path
move-already-on-server = this workspace is already on a server; a move copies a local workspace into a team database
move-url-required = give the team database's postgres:// URL to move into
move-needs-postgres = a workspace moves into a team database: give a postgres:// URL
keychain-unavailable = the OS keychain cannot be used ({ $error }); on Linux, start the desktop's keyring (GNOME Keyring or KWallet), or run inside a kernel keyring session (`keyctl session -`)
