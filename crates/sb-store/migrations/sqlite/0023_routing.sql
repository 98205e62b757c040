-- Routing: ordered rules (each a sb-domain RuleDraft as JSON), the desk's business hours, each
-- round-robin rule's turn, the queue and tags a rule gives a ticket, and every decision taken
-- (which rule, why, what it did), for the card.

CREATE TABLE routing_rules (
    id          INTEGER PRIMARY KEY,
    position    INTEGER NOT NULL,
    name        TEXT   NOT NULL,
    enabled     INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    rule        TEXT   NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX routing_rules_in_order ON routing_rules (position, id);

CREATE TABLE routing_turns (
    rule_id     INTEGER NOT NULL PRIMARY KEY REFERENCES routing_rules (id) ON DELETE CASCADE,
    last_user_id INTEGER NOT NULL REFERENCES users (id)
);

CREATE TABLE routing_settings (
    id              INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    business_hours  TEXT   NOT NULL
);

ALTER TABLE tickets ADD COLUMN queue TEXT;

CREATE TABLE ticket_tags (
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    tag         TEXT   NOT NULL,
    PRIMARY KEY (ticket_id, tag)
);

CREATE TABLE routing_decisions (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    rule_id     INTEGER,
    rule_name   TEXT   NOT NULL,
    why         TEXT   NOT NULL,   -- JSON list of reasons
    did         TEXT   NOT NULL,   -- what changed, in words
    actor_id    INTEGER NOT NULL REFERENCES users (id),
    at          INTEGER NOT NULL
);
CREATE INDEX routing_decisions_by_ticket ON routing_decisions (ticket_id, id);
