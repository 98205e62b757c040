# Monitoring: Alertmanager sources, their polls, and alert files.
alerts-bad-url = '{ $url }' is not a usable Alertmanager address: { $detail }; write it as http://host:9093
alerts-unreachable = cannot reach Alertmanager at { $url }: { $detail }; check the address and that Alertmanager is running and reachable from this computer
alerts-timeout = Alertmanager at { $url } did not answer within { $seconds } s; it may be down or overloaded
alerts-http-status = Alertmanager at { $url } answered HTTP { $status }: { $detail }{ $status ->
    [400] ; check the label filter, written like service=~"db.*"
    [422] ; check the label filter, written like service=~"db.*"
    [401] ; Alertmanager behind a proxy that wants a login is not supported yet
    [403] ; Alertmanager behind a proxy that wants a login is not supported yet
    [404] ; the address is not an Alertmanager with API v2 (or has a wrong path)
   *[other] {""}
}
alerts-not-alertmanager = the answer from { $url } is not Alertmanager's alert list ({ $detail }); check that the address is the Alertmanager itself (API v2), not Prometheus or a proxy's page
alerts-file-not-list = { $origin } is not an Alertmanager alert list ({ $detail }); save one with curl http://alertmanager:9093/api/v2/alerts > alerts.json
alerts-no-source = there is no alert source with id { $id }
ticket-no-number = there is no ticket { $ticket }
alerts-poll-range = poll every { $min } to { $max } seconds
alerts-direction-unknown = there is no direction '{ $direction }'; choose one of: { $known }
alerts-row-needs-label-value = every row needs a label value
alerts-row-needs-severity = every row needs a severity value
alerts-value-twice = the value '{ $value }' is in the table twice
alerts-name-taken = there is already an alert source named '{ $name }'
alerts-stored-unreadable = a stored alert source could not be read: { $error }
alerts-not-matcher = '{ $matcher }' is not a label matcher; write name="value", name!="value", name=~"regex" or name!~"regex"
alerts-not-label-name = '{ $name }' is not a label name (letters, digits and _, not starting with a digit)

## Notes the system leaves on a ticket (kept as messages and worded by each reader).
monitoring-resolved-note = Resolved by monitoring: alert { $fingerprint } from { $source } is no longer firing (Alertmanager stopped listing it).
monitoring-refired-note = Reopened by monitoring: alert { $fingerprint } from { $source } is firing again.
