# Reports: the period and its filters.
date-invalid = '{ $value }' is not a date: write it as YYYY-MM-DD, for example 2026-11-23
report-period-backwards = the period ends ({ $to }) before it starts ({ $from }); swap the dates
report-period-too-long = a report covers at most { $days } days; choose a shorter period
# The report as CSV: section titles and column headers.
metrics-csv-summary = Summary { $from } to { $to }
metrics-csv-measure = measure
metrics-csv-value = value
metrics-csv-opened = opened
metrics-csv-resolved = resolved
metrics-csv-open-at-end = open at the end
metrics-csv-first-response-median = first response median (min)
metrics-csv-first-response-p90 = first response p90 (min)
metrics-csv-resolution-median = resolution median (min)
metrics-csv-resolution-p90 = resolution p90 (min)
metrics-csv-response-sla = first response SLA kept %
metrics-csv-resolution-sla = resolution SLA kept %
metrics-csv-satisfaction-ratings = satisfaction ratings
metrics-csv-satisfaction-average = satisfaction average
metrics-csv-backlog = Backlog by day
metrics-csv-day = day
metrics-csv-arrivals = Arrivals by weekday and hour
metrics-csv-weekday-column = weekday
# A weekday, 1 = Monday .. 7 = Sunday.
metrics-csv-weekday = { $day ->
    [1] Mon
    [2] Tue
    [3] Wed
    [4] Thu
    [5] Fri
    [6] Sat
   *[7] Sun
}
metrics-csv-engineers = Engineers
metrics-csv-engineer = engineer
metrics-csv-open-now = open now
metrics-csv-logged-minutes = logged minutes
metrics-csv-vendors = Vendors
metrics-csv-vendor = vendor
metrics-csv-direction = direction
metrics-csv-cases = cases
metrics-csv-turnaround-median = turnaround median (min)
metrics-csv-turnaround-p90 = turnaround p90 (min)
metrics-csv-acknowledge-breaches = acknowledge breaches
metrics-csv-resolve-breaches = resolve breaches
