# Hours: packages, time entries, their warnings and threshold notices.

## Words inside other messages.
# A direction as the code names it (budgets, warnings).
direction-name = { $direction }
# A direction as a heading names it (notices, the statement).
direction-label = { $direction ->
    [hardware] Hardware
    [software] Software
    [network] Network
    [database] Database
   *[other] { $direction }
}

## Packages.
ledger-no-package = there is no package with id { $id }
ledger-package-other-client = a package stays with its client; close it and create one for the other client
ledger-package-closed = package '{ $package }' is closed; renew it instead
ledger-package-closed-already = package '{ $package }' is closed already
ledger-no-direction = there is no direction '{ $direction }'
ledger-direction-twice = direction '{ $direction }' is given twice
ledger-work-type-twice = work type '{ $work_type }' is given twice
ledger-need-overage-minutes = give the overage allowed, in minutes
ledger-need-overage-rate = give the overage rate per hour
ledger-need-rollover-minutes = give how many minutes roll over
ledger-need-rollover-percent = give the percent that rolls over
ledger-rollover-percent = a percent of 0-100
ledger-stack-order = a small whole number
ledger-budget-unreadable = a stored budget is unreadable: { $error }
ledger-terms-unreadable = the terms of package { $id } are unreadable: { $error }
ledger-busy = the client's hours are being changed by someone else right now; try again

## Time entries.
ledger-no-entry = there is no time entry with id { $id }
ledger-entry-stays = an entry stays on its ticket
ledger-draft-not-adjusted = a draft is edited, not adjusted; change the entry itself
ledger-adjust-note = say why the entry is corrected
ledger-adjust-minutes = correct by 1 to 1440 minutes, more (positive) or fewer (negative)
ledger-period-backwards = the period ends before it starts
ledger-select-period = give entry ids, or a client with a period (from and to)
ledger-select-none = pick the entries, or a client and a period
ledger-timer-stopped = the timer stopped meanwhile
ledger-no-timer = no timer runs on { $ticket }
ledger-merged-ticket = { $ticket } was merged into { $into }; log the time there
ledger-note-too-long = keep the note under 2,000 characters
ledger-not-author = entry { $id } is { $author }'s: only its author changes or deletes it while it is a draft
ledger-not-draft = entry { $id } is { $state }: it is not changed any more; correct it with an adjustment

## Warnings about an entry's time.
ledger-warning-no-package = the client has no package for this direction: the time is not covered; an account manager can sell one
ledger-warning-expired = package '{ $package }' ended on { $day }: time on a later day is not covered; an account manager can renew it
ledger-warning-not-started = package '{ $package }' starts on { $day }: time on an earlier day is not covered
ledger-warning-closed = package '{ $package }' is closed: the time is not covered
ledger-warning-exhausts = this entry uses the last hours of '{ $package }'
ledger-warning-exhausts-direction = this entry uses the last of the { $direction } hours of '{ $package }'
ledger-warning-exhausts-others-left = this entry uses the last of the { $direction } hours of '{ $package }' ({ $left } left in its other directions, which this ticket's time cannot use)
ledger-warning-overage = { $minutes } of this entry is beyond the hours of '{ $package }'

## Threshold notices (the desktop notification and the window's toast).
ledger-notice-fast = { $package }: hours are going faster than the calendar; { $left } left
ledger-notice-used = { $package }: { $percent }% of { $whose } used; { $left } left
ledger-notice-package-hours = the hours
ledger-notice-direction-hours = the { $direction } hours

## A package's history: what changed.
package-change-created = { $start } – { $end }, { $hours }
package-change-name = name { $old } -> { $new }
package-change-period = period { $old_start } – { $old_end } -> { $new_start } – { $new_end }
package-change-hours = hours { $old } -> { $new }
package-change-rounding = rounding { $old_rounding }/{ $old_minimum } min -> { $new_rounding }/{ $new_minimum } min
package-change-multipliers = work type multipliers
package-change-overage = overage policy
package-change-rollover = rollover
package-change-thresholds = thresholds
package-change-order = order { $old } -> { $new }
package-change-none = no change
# Changes one after another: "a; b; c".
package-changes-more = { $first }; { $rest }
