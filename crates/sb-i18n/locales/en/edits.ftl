# No lost edits: a change refused because the ticket moved on, and "Assign to me" on a taken ticket.
edit-stale = { $ticket } changed after you saw it (version { $seen }, now { $current }). Nothing was changed: reload it and apply your change again
edit-stale-changes = { $ticket } changed after you saw it (version { $seen }, now { $current }): { $changes }. Nothing was changed: reload it and apply your change again
edit-taken = { $holder } took { $ticket }; ask them, or give it to yourself explicitly (assign)
edit-taken-at = { $holder } took { $ticket } at { $at }; ask them, or give it to yourself explicitly (assign)
# Changes one after another: "a; b; c".
edit-changes-more = { $first }; { $rest }

## One change since: who, what, when.
edit-nobody = nobody
edit-no-value = (none)
edit-assignee-given = { $actor } gave it to { $to } (was { $was }) at { $at }
edit-assignee-taken-off = { $actor } took it off { $was } at { $at }
edit-comment = { $actor } added a { $visibility } comment at { $at }
edit-note = { $actor } wrote the { $field ->
    [resolution_note] resolution note
   *[other] note
}: { $text } at { $at }
edit-linked = { $actor } linked it to { $to } at { $at }
edit-unlinked = { $actor } unlinked { $from } at { $at }
edit-links-changed = { $actor } changed its links at { $at }
edit-merged-into = { $actor } merged it into { $to } at { $at }
edit-merged = { $actor } merged { $from } into it at { $at }
edit-set-field = { $actor } set { $field } from { $old } to { $new } at { $at }
