# The domain's refusals: what the rules of the desk do not allow, and what to do instead.

## Words inside other messages.
# A ticket status as the desk stores it.
status-name = { $status }
# A list of items, each itself a message: "a, b, c".
list-more = { $first }, { $rest }
list-none = none

## Ticket lifecycle.
transition-unchanged = the ticket is already { $status }
transition-not-allowed = a ticket cannot go from { $from } to { $to }; from { $from } it can go to: { $allowed }
transition-note-required = to mark a ticket { $status }, write a resolution note: what was done and by whom
transition-reopen-expired = this ticket was finished more than { $window_days } { $window_days ->
    [one] day
   *[other] days
} ago and can no longer be reopened; open a new ticket that refers to it

## Lines and merges.
line-unchanged = the ticket is already on { $line }
line-handover-required = to escalate to { $line }, write a handover note: what was found and tried, so the next line does not ask the client again
merge-itself = a ticket cannot be merged into itself
merge-other-client = { $ticket } belongs to another client; only a duplicate from the same client can be merged
merge-already-merged = { $ticket } was already merged into { $into }
merge-into-merged = { $ticket } was merged into { $into }; merge into { $into } instead
merged-away = { $ticket } was merged into { $into }; work on { $into } instead
# The resolution note of a merged duplicate ($note: what the person wrote).
merge-note = Duplicate of { $ticket }: { $note }
merge-note-bare = Duplicate of { $ticket }
ticket-number-invalid = '{ $value }' is not a ticket number; write it as SB-000123 or 123
unknown-value = unknown { $kind } '{ $value }'; expected one of: { $expected }

## Vendors.
escalation-vendor-disabled = { $vendor } is disabled; enable it in Settings -> Vendors first
escalation-direction-not-served = { $vendor } does not serve { $direction } (it serves { $serves }); choose another vendor or add the direction to it
escalation-ticket-finished = the ticket is { $status }; reopen it before escalating

## Packages of hours: their terms.
budget-direction = the { $direction } budget
budget-shared = the shared pool
terms-name = give the package a name of up to { $max } characters
terms-ends-before-start = the period ends ({ $end }) before it starts ({ $start })
terms-no-direction = give at least one direction its hours, or use one shared pool
terms-hours-negative = hours cannot be negative
terms-too-many-hours = a package holds at most { $max_hours } hours, not { $hours }; check the hours typed
terms-rounding = round to 1-240 minutes (1 means no rounding)
terms-minimum = the minimum per entry is 0-1440 minutes
terms-no-work-type = give at least one work type, such as remote 100%
terms-work-type = work type '{ $kind }': a name and a multiplier of 1-1000%
terms-overage-negative = the overage allowance cannot be negative
terms-overage-too-large = allow at most { $max_hours } hours over the budget
terms-rate-negative = the overage rate cannot be negative
terms-rate-too-large = the overage rate is at most { $max } an hour, not { $rate }
terms-rollover-negative = the rollover limit cannot be negative
terms-rollover-too-large = roll over at most { $max_hours } hours
terms-rollover-percent = roll over at most 100%
terms-rollover-expires = rolled hours expire after 1 day or more
terms-thresholds = thresholds are percents of 1-200
terms-burn-margin = the burn margin is 0-100 percentage points

## Packages of hours beside each other.
package-already-renewed = package '{ $package }' was renewed already: package { $successor_id } '{ $successor }' ({ $start } – { $end }) is its next period. A package has one next period; edit that one, or renew it for the period after
package-duplicate = the client has this very package already: package { $other_id } '{ $other }' ({ $start } – { $end }) with the same hours. Edit that one instead of selling it twice
package-same-stack-order = package { $other_id } '{ $other }' ({ $start } – { $end }) also covers { $budget } on some of these days, with the same order { $stack_order }: say which draws first by giving this package another order (lower draws first)
package-below-used = { $budget } has { $used } used: its hours cannot go below that (asked { $asked }). Give it at least { $used }, or sell more hours as another package
package-budget-reshaped = the package has { $used } used { $shape ->
    [per_direction] per direction
   *[shared] from one shared pool
}: its hours stay { $shape ->
    [per_direction] split per direction
   *[shared] one shared pool
} (a change would lose what is used); renew or close it and sell the next one the other way

## Time entries.
ledger-bad-duration = a time entry is 1 to 1440 minutes, not { $minutes }
ledger-unknown-work-type = package '{ $package }' has no work type '{ $work_type }'; it knows: { $known }
ledger-blocked = { $budget } of package '{ $package }' has { $left } left and this entry bills { $wanted }; the package takes no time beyond its hours. Log at most { $left } here, or ask an account manager to add hours, renew the package or change its overage policy
ledger-blocked-empty = { $budget } of package '{ $package }' has { $left } left and this entry bills { $wanted }; the package takes no time beyond its hours. To log it, ask an account manager to add hours, renew the package or change its overage policy
ledger-timer-too-long = the timer ran { $minutes } minutes, more than a day; discard it and log the time by hand
ledger-overage-limit = package '{ $package }' allows { $allowed } of overage and { $used } of it is used, so { $left } is left; this entry needs { $wanted } beyond { $budget }. Log less, or ask an account manager to add hours, renew the package or raise its allowance
ledger-future-day = { $day } is in the future (today is { $today }); log time on the day the work was done, today or earlier
ledger-correction-too-large = the entry has { $billable_left } of billable time and { $actual_left } of actual time left after its corrections; give back at most { $max }, or correct it upwards
not-a-duration = '{ $text }' is not a duration: write hours as 1:30 or 1.5, or minutes as 90m

## Calendars and working hours.
not-a-date = '{ $value }' is not a date: write it as YYYY-MM-DD, for example 2026-11-23
sla-not-a-pause = '{ $status }' cannot pause an SLA clock: only the waiting statuses (pending_customer, pending_vendor) or in_progress can
worktime-syntax = '{ $value }' is not a list of working hours: write them as 09:00-18:00, or 09:00-13:00, 14:00-18:00 with a lunch break; leave it empty for a day off, or 00:00-24:00 for the whole day
worktime-backwards = '{ $value }' ends before it starts: the end of working hours must come after the start
worktime-overlap = '{ $value }' overlaps the hours before it: give each stretch of working time once
ical-not-ical = this is not an iCalendar file (it has no BEGIN:VCALENDAR); export the calendar as .ics
ical-bad-date = line { $line }: '{ $value }' is not a date; write DTSTART;VALUE=DATE:20270101
ical-no-start = an event ends at line { $line } without a start date (DTSTART)
ical-too-long = an event spans { $days } days from { $from }; a calendar's special dates span a year at most

## Sign-in names.
login-length = a sign-in name is 1 to 63 characters
login-characters = a sign-in name uses lower-case Latin letters, digits and _ and starts with a letter (for example ivan_petrov)
login-reserved = `{ $name }` is reserved; choose another sign-in name

## Answers from the network.
body-limit-mib = { $mib } MiB
body-limit-bytes = { $bytes } bytes
body-too-large = the answer is over { $limit } (more than { $read } bytes came); nothing of it was used. If such an answer is genuine, raise the limit: sb limits set http_body_bytes N (Settings -> Mailboxes -> Limits)

## A password a team member chooses.
password-too-short = choose a password of at least { $min } characters
password-is-login = the password must not be your sign-in name
password-nul = a password cannot contain a NUL character
