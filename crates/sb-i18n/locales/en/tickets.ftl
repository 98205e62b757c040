# Tickets: logging, the queue, the card, comments, bulk actions.
ticket-missing = there is no ticket { $ticket }
ticket-manual-channel = a ticket logged by hand comes by desktop or phone, not { $channel }
ticket-contact-not-of-client = contact { $contact } is not one of { $client }'s contacts; pick one from the client's card (`sb client show { $code }`)
ticket-direction-unknown = there is no direction '{ $direction }'; an admin can add it
ticket-related-to-itself = a ticket cannot be related to itself
client-no-id = there is no client with id { $id }
comment-internal-has-no-audience = an internal note goes to nobody outside; make it public to send it to the client or the vendor
bulk-selection-size = select 1 to { $max } tickets for a bulk action
# Saved views of the queue.
view-unreadable = the saved view '{ $name }' cannot be read ({ $detail }); delete it and save it again
view-name-taken = you already have a view named '{ $name }'; choose another name
view-unknown = there is no view '{ $key }'; see `sb view list`

# The resolution note of a ticket the desk closed for want of the client's reply.
notice-closed-no-reply-note = Closed automatically: no reply from the client for { $days } working { $days ->
    [one] day
   *[other] days
} after the desk asked and reminded; any reply from the client opens it again
