# The statement of support hours (PDF and CSV): its fixed words. The data is printed as given.
statement-title = Support hours statement
statement-client = Client
statement-period = Period
statement-generated = Generated
statement-packages = Support packages
statement-no-packages = No support package covers this period.
statement-entries = Time entries
statement-no-entries = No time was logged in this period.
statement-totals = Totals for the period
statement-total = Total
statement-package-total = Package total
statement-shared-pool = shared pool
statement-package = Package
statement-package-period = Term
statement-direction = Direction
statement-budget = Budget
statement-used = Used
statement-left = Left
statement-overage-label = Overage
statement-overage-billed = billed
statement-overage-not-billed = not billed
statement-date = Date
statement-ticket = Ticket
statement-subject = Subject
statement-engineer = Engineer
statement-work-type = Work type
statement-billable = Billable
statement-covered = Covered
statement-overage = Overage
statement-entry-count = Time entries
statement-actual-time = Time spent
statement-billable-time = Billable time
statement-covered-time = Covered by packages
statement-overage-time = Beyond the packages
statement-overage-amount = Overage billed
statement-drafts-note = Entries marked [draft] are not approved yet and may still change.
statement-drafts-left-out = Draft entries (not approved yet) are left out of this statement.
statement-page = Page { $page } of { $pages }
statement-draft-subject = [draft] { $subject }
statement-balances-as-of = Balances as of the end of the period, { $day }
statement-state-draft = draft
statement-state-approved = approved
statement-state-invoiced = invoiced

## The CSV's columns.
statement-csv-entry-client = client
statement-csv-entry-date = date
statement-csv-entry-ticket = ticket
statement-csv-entry-subject = subject
statement-csv-entry-engineer = engineer
statement-csv-entry-direction = direction
statement-csv-entry-work-type = work type
statement-csv-entry-actual = actual minutes
statement-csv-entry-billable = billable minutes
statement-csv-entry-covered = covered minutes
statement-csv-entry-overage = overage minutes
statement-csv-entry-state = state
statement-csv-entry-note = note
statement-csv-total-package = package
statement-csv-total-term = term
statement-csv-total-direction = direction
statement-csv-total-budget = budget minutes
statement-csv-total-used = used minutes
statement-csv-total-left = left minutes
statement-csv-total-overage = overage minutes
statement-csv-total-overage-amount = overage amount

## Words of the data the statement prints.
# A work type as printed.
statement-work-type-name = { $work_type ->
    [remote] remote
    [on_site] on site
    [after_hours] after hours
   *[other] { $shown }
}

## Refusals.
statement-terms-unreadable = unreadable terms: { $error }
statement-overage-too-large = the overage of '{ $package }' is too large to price
statement-pdf-failed = the statement could not be made: { $error }
