# Vendors, their cases and "test connection".
vendor-unknown = there is no vendor "{ $name }"; the vendors are: { $known }
vendor-no-id = there is no vendor with id { $id }
vendor-case-missing = there is no vendor case { $id }
vendor-message-missing = there is no vendor message { $id }
vendor-case-not-resolved = the case at { $vendor } is { $state }, not resolved; comment on it instead
vendor-comment-case-resolved = the case at { $vendor } is resolved: a comment would reopen it there; send this to the client, or use "Reopen at vendor" if the fix did not hold
vendor-comment-no-case = { $ticket } has no case a vendor is working; send this to the client, or escalate the ticket first
vendor-per-minute-range = requests per minute is { $min } to { $max } (what the vendor's API allows; { $usual } if unsure)
vendor-sla-minutes = the time to { $target } is a number of minutes above 0, or empty for none
vendor-contact-needs-name = every contact needs a name
vendor-contact-not-email = { $value } is not an email address
# Why a ticket cannot go to a vendor.
vendor-escalation-vendor-disabled = { $ticket }: { $vendor } is disabled; enable it in Settings -> Vendors first
vendor-escalation-direction-not-served = { $ticket }: { $vendor } does not serve { $direction } (it serves { $serves }); choose another vendor or add the direction to it
vendor-escalation-ticket-finished = { $ticket }: the ticket is { $status }; reopen it before escalating
# "Test connection" and what went wrong talking to a vendor; $detail is the vendor's own words.
vendor-check-ok = { $who }
vendor-error-unreachable = the vendor's server cannot be reached: { $detail }
vendor-error-tls = the TLS handshake with the vendor failed (certificate or protocol): { $detail }
vendor-error-timeout = the vendor did not answer in time: { $detail }
vendor-error-bad-credentials = the vendor refused the credentials (wrong or expired token or password): { $detail }
vendor-wrong-account = the credentials sign in as "{ $login }", but { $vendor } was set up as "{ $expected }"; enter { $expected }'s credentials in the vendor's settings
vendor-error-forbidden = the vendor account lacks a permission Switchboard needs: { $detail }
vendor-error-not-found = not found at the vendor (check the URL, project or queue): { $detail }
vendor-error-rejected = the vendor rejected the request: { $detail }
vendor-error-rate-limited = the vendor asks to slow down (rate limit)
vendor-error-rate-limited-retry = the vendor asks to slow down (rate limit); retry after { $seconds } s
vendor-error-server = the vendor's server failed ({ $status }): { $detail }
vendor-error-protocol = the vendor answered something Switchboard does not understand: { $detail }
vendor-error-settings = { $detail }
# A sync that applied some cases' changes and had others refused by the workspace.
vendor-sync-refused = the workspace refused { $count ->
    [one] { $count } case change
   *[other] { $count } case changes
}, read again at the next sync: { $reasons }
# One case change the workspace refused: which case, and why.
vendor-sync-refused-case = case { $case }: { $error }
# One case change refused when every vendor was synced at once: which vendor's.
vendor-sync-refused-at = { $vendor }: { $refusal }
# A vendor's sync failed (when every vendor was synced at once): which one, and why.
vendor-sync-failed = { $vendor }: { $error }
# Why a message for a vendor was not delivered: the case was deleted there.
vendor-case-gone = the case is gone at the vendor (deleted there)

## Settings that stop a vendor's work until a person fixes them ($kind: the connector's name,
## $field: a setting's label, $key: the setting's key as the CLI writes it).
vendor-config-no-kind = there is no connector kind "{ $kind }"; the kinds are: { $kinds }
vendor-config-unknown-setting = { $kind } has no setting "{ $key }"; its settings are: { $keys }
vendor-config-fill-in = { $kind }: fill in { $field } ({ $key })
vendor-config-fill-in-example = { $kind }: fill in { $field } ({ $key }), e.g. { $example }
vendor-config-no-secret = { $kind }: the { $secret } is not set; enter it in the vendor's settings
vendor-config-status-pair = statuses: write "{ $pair }" as Theirs=ours
vendor-config-status-unknown = statuses: { $error }
vendor-config-redirect = { $what }: the vendor redirects to { $to }; put that address in the vendor's settings
vendor-config-not-a-url = { $field } is not a URL ({ $error }); write it like https://support.example.com
vendor-config-url-scheme = { $field } must start with https:// (or http://) and name a host
vendor-config-request-line = { $field }: write the method and the path, e.g. POST /cases
vendor-config-http-method = { $field }: "{ $method }" is not an HTTP method (GET, POST, PUT, PATCH or DELETE)
vendor-config-request-path = { $field }: the path starts with /, e.g. /cases/{"{"}id{"}"}
vendor-config-template = { $field } is not JSON ({ $error }); write it like {"{"}"text": "{"{"}body{"}"}"{"}"}
vendor-config-pointer = { $field } is a JSON pointer: it starts with /, e.g. /issue/id
vendor-config-auth-header = { $field }: write it as Name: value with {"{"}secret{"}"} where the secret goes, e.g. Authorization: Bearer {"{"}secret{"}"}
vendor-config-number = { $kind }: { $field } is a number, e.g. { $example } (not "{ $value }")
vendor-config-sys-id = { $kind }: { $field } is a sys_id (32 hex digits), not "{ $value }"
vendor-config-reopen-status = { $kind } has no status "{ $status }" to reopen with; set one in the vendor's settings
vendor-config-email-address = the vendor's support address "{ $address }" is not an email address
vendor-config-email-channel = email to vendors needs the email channel
vendor-config-no-mailbox = there is no mailbox "{ $mailbox }" in Settings -> Email; the mailboxes are: { $mailboxes }
vendor-config-settings-damaged = the saved settings are damaged: { $error }
vendor-config-secret-forgotten = the stored secret of { $vendor } was forgotten because { $why }, so it is never sent to a server it was not typed for; type it again (Vendors -> { $vendor } -> Secret)
vendor-secret-forgot-why = its kind, address, authentication header or login changed
vendor-config-message-damaged = damaged message: { $error }
vendor-config-message-kind = unknown vendor message kind { $kind }
vendor-config-message-no-comment = the message names no comment
vendor-config-comment-gone = comment { $id } is gone
vendor-config-no-case-yet = the vendor has no case for this bond yet
