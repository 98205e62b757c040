-- SLA warnings and breaches (issue 16): each clock's crossing of 75 % of its target and of the
-- target itself is recorded once per ticket; whoever records it tells the people concerned
-- (one notice each, shown once on their desk) and does what the policy asks on a breach.

-- What a policy does on a breach beside telling the assignee: a JSON array of
-- "raise_priority", "next_line", "notify_lead" (the lead is told at 75 % and at the breach).
ALTER TABLE sla_policies ADD COLUMN breach_actions TEXT NOT NULL DEFAULT '["notify_lead"]';

-- The next moment one of the ticket's running clocks passes a threshold not yet recorded (in
-- the past when one passed unrecorded): what the background work looks for.
ALTER TABLE tickets ADD COLUMN sla_alert_at INTEGER;
CREATE INDEX tickets_sla_alert ON tickets (sla_alert_at) WHERE sla_alert_at IS NOT NULL;

CREATE TABLE sla_crossings (
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    goal        TEXT    NOT NULL CHECK (goal IN ('first_response', 'resolution')),
    threshold   TEXT    NOT NULL CHECK (threshold IN ('warning', 'breach')),
    crossed_at  INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL,
    -- Whether people were told (a crossing found after the clock was met, or from before
    -- the policy existed, is recorded silently).
    told        INTEGER NOT NULL,
    -- The breach actions done, a JSON array (empty for a warning).
    actions     TEXT    NOT NULL DEFAULT '[]',
    PRIMARY KEY (ticket_id, goal, threshold)
);

-- One person's notice of a crossing: a desktop notification and a notice in the window, each
-- shown once (`shown_at`), on whichever of the person's desks is open.
CREATE TABLE sla_notices (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    goal        TEXT    NOT NULL,
    threshold   TEXT    NOT NULL,
    -- Why this person: "assignee", "line" (the ticket has no assignee) or "lead".
    reason      TEXT    NOT NULL,
    crossed_at  INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    shown_at    INTEGER,
    UNIQUE (user_id, ticket_id, goal, threshold)
);
CREATE INDEX sla_notices_unshown ON sla_notices (user_id, id) WHERE shown_at IS NULL;
CREATE INDEX sla_notices_of_user ON sla_notices (user_id, created_at);
