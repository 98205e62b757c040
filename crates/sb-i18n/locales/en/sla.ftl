# SLA: notices of a target nearly used or breached (desktop notifications), calendars and policies.
sla-notice-warning = 75% of the { $goal ->
    [first_response] first response
   *[resolution] resolution
} time used
sla-notice-breach = { $goal ->
    [first_response] first response
   *[resolution] resolution
} target breached
sla-notice-raised = priority raised
sla-notice-moved = moved to the next line
sla-day-hours = { $day }: { $problem }
sla-calendar-no-working-day = calendar '{ $name }' has no working day to take a worked date's hours from
sla-no-policy = there is no SLA policy { $id }
ticket-not-there = { $ticket } does not exist
sla-no-calendar = there is no calendar { $id }
sla-calendar-name-taken = a calendar named '{ $name }' exists already; choose another name
sla-policy-name-taken = a policy named '{ $name }' exists already; choose another name
sla-default-has-client = the default policy is for every client without a contract: leave the client empty, or do not make it the default
sla-choose-client = choose the client whose contract this is, or make it the default policy
client-no-such-id = there is no client with id { $id }
sla-client-has-policy = { $client } has a policy already ('{ $policy }'); change that one
sla-client-has-policy-unnamed = the client has a policy already ('{ $policy }'); change that one
sla-no-direction = there is no direction '{ $direction }'
sla-target-twice = { $priority } has two targets for { $direction }; give each priority and direction once
sla-target-twice-every-direction = { $priority } has two targets for every direction; give each priority and direction once
sla-target-out-of-range = the { $goal ->
    [first_response] first response
   *[resolution] resolution
} target of { $priority } is { $minutes } minutes: give 1 to { $max } (a year)
sla-not-time-zone = '{ $zone }' is not a time zone: write it as Region/City, for example Europe/Moscow
sla-week-seven-days = give the working hours of seven days, Monday first
sla-weekday-hours = { $weekday ->
    [1] mon
    [2] tue
    [3] wed
    [4] thu
    [5] fri
    [6] sat
   *[7] sun
}: { $problem }
sla-calendar-zone-unknown = calendar '{ $name }' has time zone '{ $zone }' that this computer does not know ({ $error })
