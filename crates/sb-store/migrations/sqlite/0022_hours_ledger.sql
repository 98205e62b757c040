-- The hours ledger: support-hours packages (their terms as JSON, checked by sb-domain), running
-- balances per package and budget key, minutes used per day (the burn-down and the 30-day
-- rate without reading entries), thresholds crossed, the history of changed terms, time
-- entries with the draws sb-domain decided for them, and running timers.
-- Minutes and days (days since 1970-01-01) are integers; times are Unix milliseconds.

ALTER TABLE clients ADD COLUMN ledger_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE packages (
    id              INTEGER PRIMARY KEY,
    client_id       INTEGER NOT NULL REFERENCES clients (id),
    name            TEXT   NOT NULL,
    start_day       INTEGER NOT NULL,
    end_day         INTEGER NOT NULL,
    stack_order     INTEGER NOT NULL,
    terms           TEXT   NOT NULL,   -- JSON of sb_domain::ledger::Terms
    rolled          TEXT,              -- JSON Budget rolled in from the previous period
    rolled_until    INTEGER,
    total_minutes   INTEGER NOT NULL,   -- budget + rolled
    used_minutes    INTEGER NOT NULL DEFAULT 0,
    overage_minutes INTEGER NOT NULL DEFAULT 0,
    renewed_from_id INTEGER REFERENCES packages (id),
    closed_at       INTEGER,
    created_by      INTEGER NOT NULL REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    CHECK (end_day >= start_day)
);
CREATE INDEX packages_by_client ON packages (client_id, end_day);
CREATE INDEX packages_by_end ON packages (end_day) WHERE closed_at IS NULL;

CREATE TABLE package_usage (
    package_id  INTEGER NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
    budget_key  TEXT   NOT NULL,    -- a direction, or '' for a shared pool
    used_base   INTEGER NOT NULL DEFAULT 0,
    used_rolled INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (package_id, budget_key)
);

CREATE TABLE package_daily (
    package_id  INTEGER NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
    day         INTEGER NOT NULL,
    minutes     INTEGER NOT NULL,
    PRIMARY KEY (package_id, day)
);

CREATE TABLE package_thresholds (
    package_id  INTEGER NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
    threshold   INTEGER NOT NULL,    -- percent of hours used; 0 = burning faster than the calendar
    crossed_at  INTEGER NOT NULL,
    notified_at INTEGER,
    PRIMARY KEY (package_id, threshold)
);

CREATE TABLE package_history (
    id          INTEGER PRIMARY KEY,
    package_id  INTEGER NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
    actor_id    INTEGER NOT NULL REFERENCES users (id),
    at          INTEGER NOT NULL,
    change      TEXT   NOT NULL,    -- created, edited, renewed, closed
    old_terms   TEXT,
    new_terms   TEXT
);
CREATE INDEX package_history_by_package ON package_history (package_id, id);

CREATE TABLE time_entries (
    id              INTEGER PRIMARY KEY,
    ticket_id       INTEGER NOT NULL REFERENCES tickets (id),
    client_id       INTEGER NOT NULL REFERENCES clients (id),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    work_date       INTEGER NOT NULL,
    actual_minutes  INTEGER NOT NULL,
    billable_minutes INTEGER NOT NULL,
    work_type       TEXT   NOT NULL,
    billable        INTEGER NOT NULL CHECK (billable IN (0, 1)),
    note            TEXT   NOT NULL,
    state           TEXT   NOT NULL CHECK (state IN ('draft', 'approved', 'invoiced')),
    adjusts_id      INTEGER REFERENCES time_entries (id),
    moved_from_ticket_id INTEGER REFERENCES tickets (id),
    created_at      INTEGER NOT NULL,
    approved_by     INTEGER REFERENCES users (id),
    approved_at     INTEGER,
    invoiced_at     INTEGER
);
CREATE INDEX time_entries_by_ticket ON time_entries (ticket_id, id);
CREATE INDEX time_entries_by_client ON time_entries (client_id, work_date, id);
CREATE INDEX time_entries_drafts ON time_entries (client_id, work_date) WHERE state = 'draft';

CREATE TABLE time_draws (
    entry_id    INTEGER NOT NULL REFERENCES time_entries (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    package_id  INTEGER REFERENCES packages (id),
    budget_key  TEXT   NOT NULL,
    kind        TEXT   NOT NULL CHECK (kind IN ('rolled', 'base', 'overage')),
    minutes     INTEGER NOT NULL,
    rate_per_hour INTEGER,
    PRIMARY KEY (entry_id, seq)
);
CREATE INDEX time_draws_by_package ON time_draws (package_id, entry_id);

CREATE TABLE timers (
    user_id     INTEGER NOT NULL REFERENCES users (id),
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    started_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, ticket_id)
);
