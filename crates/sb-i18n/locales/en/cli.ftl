# What the `sb` command prints for people (its --json output has no words).
cli-error = error: { $text }

## Vocabulary values as words (the wire word in English, as `sb` has always printed them).
cli-status = { $status }
cli-role = { $role }
cli-level = { $level }
cli-channel = { $channel }
cli-line-any = any
cli-language = { $language }

## Paging and emptiness.
cli-next-page = next: --cursor '{ $cursor }'

## sb status
cli-setup-database = database: { $database }
cli-setup-next = next start opens: { $database }
cli-setup-you = you:      { $me }
cli-setup-clients = clients:  { $has ->
    [yes] yes
   *[no] none yet
}
cli-setup-language = language: { $language }
cli-setup-nobody = nobody yet (run `sb profile create`)
cli-setup-profile = { $name } ({ $role })
cli-setup-owner = { $login } (the team's owner: `sb team ...`)
cli-setup-signed-in = { $me }, signed in as { $login }
cli-setup-signed-in-new = { $me }, signed in as { $login } (choose your own password: `sb team password`)

## sb users
cli-user = #{ $id } { $name } ({ $role }, line { $line })

## sb client list / show
cli-col-id = ID
cli-col-code = CODE
cli-col-name = NAME
cli-col-contacts = CONTACTS
cli-col-active = ACTIVE
cli-client-notes = notes: { $notes }
cli-client-language = language: { $language }
cli-client-contact = contact: { $name } <{ $email }> { $phone }

## sb ticket list
cli-col-number = NUMBER
cli-col-priority = PRI
cli-col-status = STATUS
cli-col-client = CLIENT
cli-col-direction = DIRECTION
cli-col-line = LN
cli-col-assignee = ASSIGNEE
cli-col-updated = UPDATED
cli-col-subject = SUBJECT
cli-queue-empty = no tickets match

## sb ticket show
cli-ticket-client = client:    { $code } { $name }
cli-ticket-status = status:    { $status }   line: { $line }   assignee: { $assignee }
cli-ticket-direction = direction: { $direction }   impact: { $impact }   urgency: { $urgency }   channel: { $channel }
cli-ticket-created = created:   { $created } by { $author }   updated: { $updated }   version: { $version }
cli-ticket-merged = merged into { $number }
cli-ticket-resolution = resolution: { $note }
cli-ticket-queue = queue:     { $queue }
cli-ticket-tags = tags:      { $tags }
cli-ticket-routed = routed by: "{ $rule }" ({ $why }): { $did }
cli-ticket-comments = Comments:
cli-ticket-related = Related:
cli-ticket-audit = Audit trail:
cli-col-when = WHEN
cli-col-who = WHO
cli-col-field = FIELD
cli-col-change = CHANGE
cli-comment-internal = internal
cli-comment-notice = automatic mail to the client: { $notice }
cli-comment-public-to = public, to { $audience }
cli-comment-public = public

## sb ticket rating (inside sb ticket show)
cli-rating-given = rating:    { $rating }/5
cli-rating-asked = rating:    asked { $asked }, no answer yet

## sb kb, suggestions, search, bulk
cli-kb-empty = no articles
cli-col-title = TITLE
cli-article-from = (from { $number })
cli-article-meta = direction: { $direction }   tags: { $tags }   by { $author } · { $updated }
cli-article-problem = Problem:
cli-article-fix = Fix:
cli-suggest-none = nothing similar was solved before
cli-suggest-fix = fix: { $fix }
cli-suggest-article = article #{ $id } { $title }
cli-search-none = nothing found for: { $terms }
cli-bulk-changed = { $number } changed
cli-bulk-refused = { $number } refused: { $reason }
cli-bulk-total = { $changed } changed, { $refused } refused

## sb monitoring
cli-alert-source = { $id } { $name } { $url } every { $seconds } s{ $enabled ->
    [yes] {""}
   *[no] {" "}(disabled)
}
cli-alert-filter = filter: { $filter }
cli-alert-mapping = client: label { $client }; direction: label { $direction } ({ $map }){ $default }; severity: label { $severity }
cli-alert-default-direction = , else { $direction }
cli-alert-last-poll = last poll: { $at }; firing: { $firing }
cli-never = never
cli-last-error = last error: { $error }
cli-alert-sources-none = no alert sources; add one with `sb monitoring source add --name ... --url ...`
cli-alert-test = Alertmanager { $version } is up since { $since }; { $alerts } alert(s) match the filter
cli-polls-none = no enabled alert sources
cli-poll-failed = { $id } { $name }: failed: { $error }
cli-poll = { $id } { $name }: { $opened } opened, { $repeated } repeated, { $resolved } resolved, { $reopened } reopened, { $unmatched } unmatched
cli-poll-refused = , { $refused } refused by the workspace (set aside: `sb monitoring unmatched`)
cli-unmatched-none = no unmatched alerts

## sb mailbox, sb mail
cli-mailbox-head = { $name } (id { $id }, { $enabled ->
    [yes] enabled
   *[no] disabled
}, tickets in { $direction })
cli-mailbox-imap = IMAP { $user }@{ $host }:{ $port } { $security } folder { $folder }{ $password }
cli-mailbox-smtp = SMTP { $host }:{ $port } { $security }{ $login } from { $from }
cli-mailbox-no-password = {" "}(no password in the keychain)
cli-mailbox-no-login = {" "}without login
cli-mailbox-login = {" "}as { $user }
cli-mailbox-login-no-password = {" "}as { $user } (no password in the keychain)
cli-mailbox-poll = poll every { $seconds } s
cli-mailbox-last-poll = last poll { $at }
cli-mailboxes-none = no mailboxes (add one with `sb mailbox add`)
cli-ok = ok
cli-mail-poll = fetched { $fetched }: { $tickets } new tickets, { $comments } comments, { $triage } to triage, { $quarantined } quarantined, { $duplicates } seen before
cli-none = none
cli-unknown-sender = (unknown sender)
cli-mail-reason = reason: { $reason }
cli-col-received = RECEIVED
cli-col-mailbox = MAILBOX
cli-col-from = FROM
cli-outbox-empty = the outbox is empty
cli-col-attempts = ATTEMPTS
cli-col-to = TO
cli-error-line = error: { $error }
cli-ticket-email-to = public comments are emailed to { $requester }
cli-ticket-email-none = not emailed: no requester address
cli-col-attachment = ATTACHMENT
cli-col-bytes = BYTES
cli-col-file = FILE
cli-col-reply = REPLY
cli-ticket-email-opened = opened from message { $id }
cli-note = note: { $note }
cli-ticket-email-comment-note = comment { $comment } (message { $message }) note: { $note }
cli-mail-reading = message { $id }
    from: { $from }
    subject: { $subject }
cli-mail-problem = problem: { $problem }
cli-saved = saved { $path } ({ $size } bytes)

## sb package, sb time, sb report (the hours ledger)
cli-shared-pool = shared pool
cli-package-state = { $state ->
    [closed] closed
    [active] active
   *[idle] not active today
}
cli-package-used = used { $used } of { $total } ({ $percent }%), left { $left }; { $elapsed }% of the period gone{ $fast ->
    [yes] {" "}— burning faster than the calendar
   *[no] {""}
}
cli-package-overage = overage { $hours }
cli-budget-crossed = crossed { $threshold }%
cli-col-budget = BUDGET
cli-col-rolled = ROLLED
cli-col-used = USED
cli-col-left = LEFT
cli-col-percent = USED %
cli-col-notes = NOTES
cli-package-runs-out = runs out on { $day } at the last 30 days' rate
cli-package-lasts = lasts the period (until { $end }) at the last 30 days' rate
cli-package-idle = nothing used in the last 30 days
cli-package-thresholds = thresholds crossed: { $list }
cli-packages-none = no packages
cli-package-history = history:
cli-package-change = { $at } { $change } by { $actor }: { $summary }
cli-dashboard-head = { $code } · { $name } — today { $today }; { $drafts } draft entries wait for approval
cli-burn-down = burn-down: { $left } left on { $day } (ideal { $ideal })
cli-portfolio-uncovered = no active package{ $last }
cli-portfolio-last-ended = {" "}(the last one ended { $day })
cli-portfolio-none = no active packages
cli-portfolio-crossed = {"  "}! crossed { $list } this week
cli-col-package = PACKAGE
cli-col-total = TOTAL
cli-col-outlook = OUTLOOK
cli-portfolio-runs-out = runs out { $day } ({ $days } days)
cli-portfolio-lasts = lasts the period ({ $days } days)
cli-time-none = no time logged
cli-time-entry = { $actual } actual { $billable } billable ({ $covered } covered, { $overage } overage)
cli-col-date = DATE
cli-col-ticket = TICKET
cli-col-engineer = ENGINEER
cli-col-actual = ACTUAL
cli-col-billable = BILLABLE
cli-col-covered = COVERED
cli-col-overage = OVERAGE
cli-col-work-type = WORK TYPE
cli-col-note = NOTE
cli-time-corrects = {" "}(corrects #{ $id })
cli-time-total = total { $actual } actual, { $billable } billable
cli-timer-running = timer running since { $since }
cli-draws-from = draws from { $package } ({ $left } left, until { $end })
cli-no-package-covers = no active package covers this ticket's direction today
cli-refused = refused: { $reason }
cli-bills = bills { $billable } ({ $covered } covered, { $overage } overage)
cli-draw = { $hours } from { $package } { $kind }
cli-no-package = no package
cli-warning = warning: { $warning }

## sb worker status
cli-work-head = this process: { $process }; background work on this desk's window: { $on ->
    [yes] on
   *[no] off
}; a hold lasts { $seconds } s without a heartbeat
cli-work-none = no background work: the workspace has no enabled mailbox, alert source or vendor
cli-col-work-unit = UNIT
cli-col-target = TARGET
cli-col-errors = ERRORS
cli-col-waiting = WAITING
cli-col-last-success = LAST SUCCESS
cli-col-held-since = HELD SINCE
cli-col-held-by = HELD BY
cli-work-last-error = last error { $at }: { $error }
cli-work-not-here = not on this desk: { $why }

## The audit trail in sb ticket show: the field changed (its stored name in English).
cli-audit-field = { $field }

## sb notices (what the client is told by mail)
cli-on-off = { $on ->
    [yes] on
   *[no] off
}
cli-sweep = reminded { $reminded }, closed { $closed }
cli-notice-defaults = language:        { $language }
    acknowledge:     { $acknowledge }
    remind:          { $remind } (after { $remind_after } working days, closed { $close_after } working days after the reminder)
    satisfaction:    { $satisfaction }
cli-notice-setting = { $setting ->
    [language] language
    [acknowledge] acknowledge
    [remind] remind
    [remind_after] remind after
    [close_after] close after
   *[satisfaction] satisfaction
}
cli-working-days = { $days } working days
cli-working-days-after-reminder = { $days } working days after the reminder
cli-workspace-default = {" "}(workspace default)
cli-col-setting = SETTING
cli-template-whose = { $own ->
    [yes] the client's own
   *[no] workspace
}
cli-template-subject = Subject: { $subject }

## sb team, sb backup, sb restore
cli-team-init = { $database } is a team workspace, owned by { $owner }; group roles: { $roles }
    next: `sb team invite "NAME" --role admin` (and the others)
cli-col-login = LOGIN
cli-col-role = ROLE
cli-col-line-long = LINE
cli-col-state = STATE
cli-member = { $login }: { $name } ({ $role }, line { $line }), { $state }
cli-member-state = { $state ->
    [removed] removed
    [invited] invited (one-time password not yet replaced)
   *[active] active
}
cli-member-removed = { $name } ({ $login }) can no longer sign in; their history stays. Open sessions ended: { $sessions }
cli-invitation = { $name } signs in as { $login } with the one-time password
cli-invitation-shown = shown only now: give it to them privately; they choose their own at the first sign-in
cli-password-changed = your password is changed; the OS keychain keeps it
cli-signed-out = signed out; the next start opens { $database }
cli-local-workspace = the local workspace
cli-team-upgraded = upgraded the team workspace to schema { $schema } (applied { $migrations }, Switchboard { $version }); the backup taken first is { $backup }
cli-team-current = the team workspace is already at schema { $schema }; grants renewed for Switchboard { $version }
cli-backup-file = { $file } ({ $bytes } bytes, { $backend })
cli-backup-kept = the database it replaced is kept at { $old }
cli-backed-up = backed up to { $what }
cli-restored = restored from { $what }

## sb worker, sb background, sb workspace move, sb kb, sb view
cli-worker-runs = { $process } runs the background work ({ $units } units in the workspace); SIGTERM or Ctrl-C stops it
cli-worker-stopping = stopping: each unit finishes its round and lets go of its lease
cli-worker-ended = the background work had already ended
cli-worker-stopped = stopped
cli-background = { $on ->
    [yes] this desk's window runs the background work
   *[no] this desk's window leaves the background work to other desks
}
cli-moved = moved { $rows } rows into { $database } (each table checked by count and checksum on both sides; { $secrets } secrets copied in the keychain); the next start opens it. Next: `sb --db URL team init` as its owner.
cli-col-table = TABLE
cli-col-rows = ROWS
cli-col-checksum = CHECKSUM
cli-view-deleted = deleted view { $id }
cli-col-key = KEY
cli-col-tickets = TICKETS
cli-view-name = { $key ->
    [my_open] my open
    [unassigned_l1] unassigned l1
    [waiting_vendor] waiting vendor
    [monitoring] monitoring
    [breaching_soon] breaching soon
    [breached] breached
   *[other] { $key }
}

## sb changes
cli-watching = watching for changes (Ctrl-C to stop)
cli-changes-missed = some changes were not listed: read everything again
cli-change-on = {" "}on { $ticket }
cli-change-client = {" "}(client { $id })
cli-change-version = , now version { $version }
cli-change-ticket = ticket { $number }{ $client } changed{ $version }
cli-change-comment = comment { $id }{ $ticket }
cli-change-time-entry = time entry { $id }{ $ticket }{ $client }
cli-change-package = hours package { $id }{ $client }
cli-change-bond = vendor case { $id }{ $ticket }

## sb time, sb mailbox, sb mail, sb outbox: what was done
cli-saved-path = saved { $path }
cli-entry-deleted = deleted entry { $id }
cli-entries-approved = approved { $count } entries
cli-entries-invoiced = invoiced { $count } entries
cli-timer-started = timer running on { $ticket } since { $since }
cli-timer-discarded = timer discarded
cli-mailbox-removed = removed mailbox { $mailbox }
cli-mail-dismissed = dismissed message { $id }
cli-outbox-sent = sent { $count }

## sb report metrics
cli-metrics-period = { $from } to { $to }
cli-metrics-counts = opened { $opened }, resolved { $resolved }, open at the end { $open }
cli-metrics-spread = median { $median }, p90 { $p90 } ({ $count } tickets)
cli-metrics-sla = { $percent }% ({ $kept } kept, { $missed } missed)
cli-metrics-no-target = no target settled
cli-metrics-first-response = first response: { $spread }
cli-metrics-resolution = resolution: { $spread }
cli-metrics-sla-first-response = SLA first response: { $sla }
cli-metrics-sla-resolution = SLA resolution: { $sla }
cli-metrics-satisfaction = satisfaction: { $average } of 5 from { $count } ratings
cli-metrics-engineers = engineers (open now, opened, resolved, logged):
cli-metrics-vendors = vendors (cases, turnaround median, p90):
cli-duration-days = { $days }d { $hours }h
cli-duration-hours = { $hours }h { $minutes }m
cli-duration-minutes = { $minutes }m
cli-entry-state = { $state }

## sb sla
cli-sla-checked = looked at { $count } tickets whose clocks passed a threshold
cli-sla-recounted = counted the clocks of { $count } open tickets again
cli-calendars-none = no calendars: add one with `sb sla calendar add`
cli-calendar-removed = removed calendar { $id }
cli-policy-removed = removed SLA policy { $id }
cli-goal = { $goal ->
    [first_response] first response
   *[resolution] resolution
}
cli-sla-threshold = { $threshold ->
    [warning] 75% used
   *[breach] BREACHED
}
cli-sla-reason = { $reason ->
    [assignee] yours
    [line] unassigned
   *[lead] as lead
}
cli-sla-notice = { $goal } { $what } at { $at } ({ $why })
cli-day-off = off
cli-calendar-always = , 24x7
cli-calendar-special = { $count } special dates
cli-policy-whose = { $whose ->
    [contract] contract of { $code }
    [default] default
   *[none] no client
}
cli-policy-head = { $id } { $name } ({ $whose }), calendar { $calendar } { $calendar_name }, paused while { $pause }
cli-policy-never = never
cli-policy-on-breach = , on breach: { $actions }
cli-policy-tell-assignee = tell the assignee
cli-policy-target = first response { $first_response }, resolution { $resolution }
cli-policy-target-calendar = {" "}(calendar { $id })
cli-clocks-no-policy = no SLA policy applies (add the default with `sb sla policy add --default`)
cli-clocks-no-target = policy { $policy }: no target for this ticket's priority
cli-clocks-policy = policy { $policy }
cli-clock-overrun = overrun by { $by } (breached { $at })
cli-clock-left = { $left } left, due { $due }
cli-clock-running = running
cli-clock-paused = paused ({ $by }) with { $left } left
cli-clock-waiting = waiting
cli-clock-met = met in { $used }
cli-clock-met-late = met late in { $used }
cli-clock = { $goal }: { $state } (target { $target }, { $percent }% used, { $calendar })
cli-sla-minutes = { $minutes }m
cli-sla-hours = { $hours }h
cli-sla-hours-minutes = { $hours }h { $minutes }m
cli-breach-action = { $action }

## sb vendor
cli-vendor-optional = {" "}[optional]
cli-vendor-field = { $key }{ $optional }: { $label } (e.g. { $hint })
cli-vendor-secret-field = secret: { $secret } (--secret-stdin)
cli-vendors-none = no vendors yet: add one with `sb vendor add`
cli-vendor-removed = removed vendor { $id }
cli-vendor-disabled = vendor { $id } has cases: disabled it instead (history stays)
cli-vendor-test-ok = ok: { $message }
cli-vendor-test-failed-class = failed ({ $class }): { $message }
cli-vendor-cases-none = no cases at vendors
cli-vendor-outbox-empty = the vendor outbox is empty
cli-vendor-delivered = sent { $sent }, to retry { $retried }, dead { $dead }
cli-vendor-synced = { $cases } case(s) changed, { $comments } comment(s) added, { $tickets } ticket(s) moved
cli-vendor-mended = , { $count } empty comment(s) mended
cli-vendor-gone = { $count } case(s) gone at the vendor (deleted there): see `sb vendor cases <ticket>`
cli-vendor-cases-yet = no vendor cases yet
cli-minutes-short = { $minutes } min
cli-vendor-score = { $vendor } / { $direction }: { $cases } case(s), { $resolved } resolved, median { $median }, p90 { $p90 }, first answer { $first }, breaches: acknowledge { $acknowledge }, resolve { $resolve }
cli-vendor-line = #{ $id } { $name } ({ $kind }){ $disabled }: { $open } open case(s){ $gone }{ $error }
cli-disabled = {" "}(disabled)
cli-vendor-gone-count = , { $count } gone at the vendor
cli-vendor-sync-failed = ; last sync failed: { $error }
cli-vendor-directions = directions: { $list }
cli-vendor-secret = secret: { $set ->
    [yes] in the OS keychain
   *[no] not set
}
cli-vendor-account = signs in as: { $account }
cli-vendor-sla = SLA { $direction }: acknowledge { $acknowledge }, resolve { $resolve }
cli-vendor-contact = contact: { $name }{ $email }{ $phone }
cli-bond = case { $id } at { $vendor }: { $number } ({ $state }){ $says }
cli-bond-not-opened = not opened yet
cli-bond-says = , vendor says "{ $status }"
cli-bond-gone = gone at the vendor (deleted there): escalate again if the work goes on
cli-bond-messages = { $pending } to deliver, { $dead } dead
cli-vendor-message = #{ $id } { $at } { $kind } for { $ticket } at { $vendor }: { $state }, { $attempts } attempt(s){ $error }
cli-vendor-message-kind = { $kind ->
    [create] case to open
    [comment] comment
    [reopen] reopening
   *[other] { $kind }
}

## sb rule, sb monitoring source remove
cli-alert-source-removed = removed alert source { $id }
cli-rule-deleted = deleted rule { $id }
cli-business-hours = days { $days }, { $start }-{ $end }, UTC{ $offset }
cli-dry-run = { $changed } of { $total } tickets would go elsewhere
cli-dry-run-now = now:   { $now }
cli-dry-run-draft = draft: { $draft }
cli-no-rule = no rule
cli-rules-none = no routing rules: tickets stay where they are made
cli-col-order = ORDER
cli-col-rule = RULE
cli-routed = routed by "{ $rule }" ({ $why }) at { $at } by { $actor }: { $did }
cli-not-routed = not routed
cli-routing-queue = queue: { $queue }
cli-routing-tags = tags: { $tags }
cli-calendar-imported = { $imported } dates set, { $skipped } events left out (not all-day dates)
cli-policies-none = no SLA policies: add the default with `sb sla policy add --default`
cli-lang-unknown = '{ $text }' is not a language Switchboard speaks: use en or ru
cli-sla-notices-none = no SLA notices
cli-threshold-notices-none = no threshold notices
cli-threshold-notice = { $at }  { $client }: { $notice }
cli-threshold-notice-waiting = { $line } (not shown yet)
cli-hit-kind = { $kind }

## sb limits
cli-col-limit = LIMIT
cli-col-value = VALUE
cli-col-unit = UNIT
cli-col-default = DEFAULT
cli-col-min = FROM
cli-col-max = TO
cli-limit-unit = { $unit ->
    [header_fields] header fields
   *[other] { $unit }
}
cli-outbox-state = { $state }
