-- Tickets given to a person by someone else (issue 18): a desktop notification and a notice in
-- the window, shown once (`shown_at`) on whichever of the person's desks is open. Written in
-- the same transaction as the assignment, by whoever assigns (a person, a rule, the CLI).
CREATE TABLE assignment_notices (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    -- Who gave it; the actor of the change (a routing rule acts as the person whose work ran it).
    assigned_by INTEGER REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    shown_at    INTEGER
);
CREATE INDEX assignment_notices_unshown ON assignment_notices (user_id, id) WHERE shown_at IS NULL;
