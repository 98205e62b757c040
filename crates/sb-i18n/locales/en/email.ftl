# Email: mailboxes, their servers, triage and quarantine, attachments, the outbox.
mail-unreachable = cannot reach the mail server { $server }: { $detail }; check the host name and the port, and that the server is running and reachable from this computer
mail-tls = the secure connection (TLS) to { $server } failed: { $detail }; check the security setting (TLS is usual on ports 993 and 465, STARTTLS on 143 and 587) and the server's certificate
mail-login-refused = { $server } refused the login of user '{ $user }': { $detail }; check the user name and the password
mail-folder-missing = the folder '{ $folder }' does not exist on { $server }; check the folder name (the usual one is INBOX)
mail-timeout = { $server } did not answer within { $seconds } s while { $during }; the server may be down or overloaded, try again later
mail-protocol = { $server } answered unexpectedly while { $during }: { $detail }
mail-rejected = { $server } refused the message: { $detail }
mail-deferred = { $server } asked to send the message later: { $detail }
mail-invalid-message = the message cannot be sent as written: { $detail }
# What the desk was doing when a mail server failed.
mail-during = { $key ->
   *[other] { $what }
}
internal-error = { $detail }
mailbox-no-name = there is no mailbox named '{ $name }'
mailbox-no-id = there is no mailbox with id { $id }
mailbox-imap-password-required = give the IMAP password; it is kept in the OS keychain, never in the database
mailbox-name-taken = there is already a mailbox named '{ $name }'
mail-domain-not-public = { $domain } is not on the list of public mail domains
limits-cannot-write = the limits cannot be written: { $error }
direction-unknown = there is no direction '{ $direction }'; an admin can add it
mail-no-message = there is no message with id { $id }
mail-names-no-ticket = message { $id } names no ticket that is there; accept it as a new ticket or dismiss it
mail-empty = message { $id } is empty: there is nothing to make a ticket of; dismiss it
# What a ticket's thread shows for a reply that came with no text.
mail-empty-body = (empty message)
# The subject of a ticket from a mail without one (in the client's language).
mail-no-subject = (no subject)
mail-no-subject-from = (no subject) from { $sender }
mail-charset-not-needed = message { $id } was read without trouble and waits in triage only for its client; leave the charset out
mail-charset-unknown = there is no charset '{ $charset }'; use one such as { $known }
attachment-no-id = there is no attachment with id { $id }
attachment-cannot-write = cannot write attachment { $id }: { $error }
attachment-unknown-encoding = attachment { $id } names an unknown transfer encoding '{ $encoding }'
file-cannot-save = cannot save { $name } in { $folder }: { $error }
outbox-no-id = there is no outbox message { $id }
outbox-unreadable = the outbox message cannot be read (damaged, or written by another version of Switchboard): { $error }
attachment-can-run = { $name } can run on this computer: { $why }; open it only if you expect such a file from its sender, and { $how }
attachment-runs-extension = its name ends in .{ $extension }, a kind of file that runs when opened
attachment-runs-content-type = it says it is a program or script ({ $content_type })
attachment-confirm-to-open = confirm to open it
mailbox-port-range = a port is a number from 1 to 65535
mailbox-poll-range = poll every 10 seconds at the most often, and at least once a day (86400)
mailbox-password-forgotten = the { $server } password of the mailbox '{ $mailbox }' was forgotten because { $why }, so it is never sent to a server it was not typed for; type it again in the mailbox's settings
mailbox-password-missing = the OS keychain has no { $server } password for the mailbox '{ $mailbox }'; type it again in the mailbox's settings
mail-not-waiting = message { $id } is not waiting in { $place ->
    [quarantine] quarantine
   *[triage] triage
}: { $now_is }
mail-now-taken-on = it was taken in already, on { $ticket }
mail-now-taken = it was taken in already
mail-now-dismissed = it was dismissed
mail-now-triage = it waits in triage (unknown sender)
mail-now-quarantine = it waits in quarantine
mail-now-sent = it is a reply the desk sent
# Why a mailbox's stored password was forgotten: what changed of its server.
mailbox-forgot-why = the { $server } { $changes }
mailbox-changed-server = server changed from { $from } to { $to }
mailbox-changed-port = port changed from { $from } to { $to }
mailbox-changed-login = login changed
mailbox-changed-security = security changed from { $from ->
    [tls] TLS
    [start_tls] STARTTLS
    [plain] no encryption
   *[other] { $from }
} to { $to ->
    [tls] TLS
    [start_tls] STARTTLS
    [plain] no encryption
   *[other] { $to }
}
