-- Client SLAs (issue 16): working calendars, policies with targets per priority (and
-- direction), and on each ticket what its clocks need and show.

-- Working hours in a time zone. `week` is a JSON array of seven strings, Monday first, in the
-- form sb-domain's `worktime::Hours` reads ("09:00-18:00", "" for a day off).
CREATE TABLE work_calendars (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    time_zone   TEXT    NOT NULL,
    week        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- Dates that differ from their weekday: a holiday ("" hours), a shortened day, a Saturday
-- worked in place of a day off.
CREATE TABLE calendar_days (
    calendar_id INTEGER NOT NULL REFERENCES work_calendars (id) ON DELETE CASCADE,
    day         TEXT    NOT NULL,
    hours       TEXT    NOT NULL,
    note        TEXT,
    PRIMARY KEY (calendar_id, day)
);

-- A policy: the workspace's default (client_id NULL, is_default 1) or a client's contract.
-- `pause_statuses`: JSON array of the statuses that pause the client's clocks.
CREATE TABLE sla_policies (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL UNIQUE,
    client_id      INTEGER UNIQUE REFERENCES clients (id),
    is_default     INTEGER NOT NULL DEFAULT 0,
    calendar_id    INTEGER NOT NULL REFERENCES work_calendars (id),
    pause_statuses TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX sla_policies_one_default ON sla_policies (is_default) WHERE is_default = 1;

-- Targets in working minutes of the calendar (the policy's, or the target's own: a 24x7
-- calendar for P1). `direction` '*' is every direction without a row of its own.
CREATE TABLE sla_targets (
    policy_id              INTEGER NOT NULL REFERENCES sla_policies (id) ON DELETE CASCADE,
    priority               INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
    direction              TEXT    NOT NULL DEFAULT '*',
    first_response_minutes INTEGER,
    resolution_minutes     INTEGER,
    calendar_id            INTEGER REFERENCES work_calendars (id),
    PRIMARY KEY (policy_id, priority, direction)
);

-- On each ticket: the first public reply by a person (the first-response clock stops there),
-- and the clocks as last counted, for the queue's order by due and its views. `sla_due` is
-- the nearest due time of a running clock (NULL: none, paused or met).
ALTER TABLE tickets ADD COLUMN first_response_at INTEGER;
ALTER TABLE tickets ADD COLUMN response_due INTEGER;
ALTER TABLE tickets ADD COLUMN resolution_due INTEGER;
ALTER TABLE tickets ADD COLUMN sla_due INTEGER;
ALTER TABLE tickets ADD COLUMN sla_breached INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tickets_by_due ON tickets (sla_due, id) WHERE sla_due IS NOT NULL;
