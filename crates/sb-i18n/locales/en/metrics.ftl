# Reports: the period and its filters.
date-invalid = '{ $value }' is not a date: write it as YYYY-MM-DD, for example 2026-11-23
report-period-backwards = the period ends ({ $to }) before it starts ({ $from }); swap the dates
report-period-too-long = a report covers at most { $days } days; choose a shorter period
