# Routing: why a rule took a ticket (the card, the preview), what it did, a rule in one line, and
# what is wrong with a rule or the business hours.
routing-why-client = the client is { $client }
routing-why-client-id = the client is client #{ $id }
routing-why-direction = direction is { $direction }
routing-why-priority = priority is { $priority }
routing-why-channel = came by { $channel }
routing-why-keyword = subject or description mentions "{ $keyword }"
routing-why-within-hours = arrived within business hours
routing-why-outside-hours = arrived outside business hours
routing-why-every-ticket = the rule takes every ticket
# A person, vendor or client routing names that is gone (by its id).
routing-unknown-person = user { $id }
routing-unknown-vendor = vendor { $id }
routing-unknown-client = client #{ $id }
# Lists: what a rule or a decision names, one after another.
routing-list-comma = { $head }, { $tail }
routing-list-semicolon = { $head }; { $tail }
routing-list-slash = { $head }/{ $tail }
routing-list-or = { $head } or { $tail }
# A channel, in a rule's conditions.
routing-channel = { $channel }
# What a decision did to a ticket, and what a ticket has now (the dry run).
routing-did-line = line { $line }
routing-did-queue = queue { $queue }
routing-did-assigned = assigned to { $person }
routing-did-unassigned = unassigned
routing-did-priority = priority { $priority }
routing-did-tag = tag { $tag }
routing-did-escalated = escalated to { $vendor }
routing-did-nothing = nothing
# The dry run: the rule and what it did or would do.
routing-by-rule = { $rule }: { $did }
routing-rule-removed = a rule since removed
routing-no-rule = no rule
# A rule in one line: its conditions, then what it does.
routing-summary = { $when } -> { $does }
routing-when-every-ticket = every ticket
routing-when-client = client { $clients }
routing-when-direction = direction { $directions }
routing-when-priority = priority { $priorities }
routing-when-channel = by { $channels }
routing-when-keyword = mentions { $keywords }
routing-when-within-hours = in business hours
routing-when-outside-hours = outside business hours
routing-does-line = { $line }
routing-does-queue = queue { $queue }
routing-does-priority = { $priority }
routing-does-tag = tag { $tag }
routing-does-escalate = escalate to { $vendor }
routing-does-assign = assign { $person }
routing-does-round-robin = round-robin over { $people } in turn
routing-does-least-loaded = least loaded of { $people }
# A text written before it was kept as a message: shown as it was written.
routing-as-written = { $text }
# What is wrong with a rule, the rule order or the business hours.
routing-rule-unreadable = rule { $id } is unreadable: { $detail }
routing-hours-unreadable = the business hours are unreadable: { $detail }
routing-no-rule-takes = no rule takes { $ticket }
routing-draft-rule-refused = rule { $position } ({ $name }): { $problem }
routing-rule-missing = there is no routing rule with id { $id }
routing-direction-unknown = there is no direction '{ $direction }'
routing-pick-one-person = pick the one person to assign
routing-order-every-rule = give every rule's id once, in the new order
routing-hours-end-before-start = the working day ends after it starts
routing-hours-weekdays = pick working days among 1 (Monday) to 7 (Sunday)
routing-hours-offset = a UTC offset is -14:00 to +14:00
routing-not-a-time = '{ $text }' is not a time of day: write it as 09:00
# The note routing leaves on a ticket when the vendor escalation its rule asked for cannot be made.
routing-escalation-failed-note = Routing could not escalate this ticket to a vendor: { $problem }
# What is wrong with a rule as typed.
routing-rule-name = give the rule a name of up to { $max } characters
routing-keyword-empty = a keyword cannot be empty: write a word or phrase, or remove it
routing-keyword-too-long = a keyword is at most { $max } characters
routing-rule-no-action = a rule does at least one thing: set the line, assign, ...
routing-queue-name = a queue name is 1 to { $max } characters
routing-group-needed = round-robin and least-loaded need a group of people
routing-tag-length = a tag is 1 to { $max } characters
routing-action-twice = the rule sets the { $kind } twice
