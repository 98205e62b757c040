-- Vendors and the cases Switchboard follows at them: the vendor (its connector kind and
-- settings, never a secret: those live in the OS keychain), bonds (one ticket to one vendor
-- case), the comments that went out or came in through a bond, and the vendor outbox: each
-- change to deliver, written in the same transaction as the change.

CREATE TABLE vendors (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL UNIQUE,
    directions      TEXT    NOT NULL,   -- JSON list of directions served
    kind            TEXT    NOT NULL,   -- a connector kind of sb-vendors
    settings        TEXT    NOT NULL,   -- JSON object of the kind's settings
    sla             TEXT    NOT NULL,   -- JSON: direction (or "*") -> underpinning SLA
    contacts        TEXT    NOT NULL,   -- JSON list of {name, email, phone}
    per_minute      INTEGER NOT NULL,   -- requests per minute the vendor allows
    enabled         INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    sync_cursor     INTEGER,            -- vendor changes seen up to (ms, the vendor's clock)
    last_sync_at    INTEGER,
    last_sync_error TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE bonds (
    id                INTEGER PRIMARY KEY,
    ticket_id         INTEGER NOT NULL REFERENCES tickets (id),
    vendor_id         INTEGER NOT NULL REFERENCES vendors (id),
    correlation       TEXT    UNIQUE,
    external_id       TEXT,
    external_number   TEXT,
    external_url      TEXT,
    vendor_status_raw TEXT,
    vendor_status     TEXT,
    state             TEXT    NOT NULL CHECK (state IN ('pending', 'open', 'suspended', 'resolved', 'closed', 'failed')),
    escalated_at      INTEGER,
    acknowledged_at   INTEGER,
    resolved_at       INTEGER,
    created_by        INTEGER NOT NULL REFERENCES users (id),
    created_at        INTEGER NOT NULL,
    last_sync_at      INTEGER
);
CREATE INDEX bonds_by_ticket ON bonds (ticket_id, id);
CREATE INDEX bonds_by_vendor ON bonds (vendor_id, state);
-- A ticket is escalated to a vendor once at a time.
CREATE UNIQUE INDEX bonds_one_live ON bonds (ticket_id, vendor_id) WHERE state NOT IN ('closed', 'failed');

CREATE TABLE bond_comments (
    bond_id     INTEGER NOT NULL REFERENCES bonds (id),
    comment_id  INTEGER NOT NULL REFERENCES comments (id),
    direction   TEXT    NOT NULL CHECK (direction IN ('out', 'in')),
    external_id TEXT,
    author      TEXT,
    PRIMARY KEY (bond_id, comment_id)
);
CREATE INDEX bond_comments_by_comment ON bond_comments (comment_id);
CREATE UNIQUE INDEX bond_comments_seen ON bond_comments (bond_id, external_id) WHERE direction = 'in';

-- state: pending (to deliver at next_attempt_at), sent, dead (a person retries it).
CREATE TABLE vendor_outbox (
    id              INTEGER PRIMARY KEY,
    bond_id         INTEGER NOT NULL REFERENCES bonds (id),
    kind            TEXT    NOT NULL CHECK (kind IN ('create', 'comment', 'reopen')),
    idempotency_key TEXT    NOT NULL UNIQUE,
    comment_id      INTEGER REFERENCES comments (id),
    payload         TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    error_class     TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX vendor_outbox_due ON vendor_outbox (state, next_attempt_at, id);
CREATE INDEX vendor_outbox_by_bond ON vendor_outbox (bond_id, id);

-- This database's tag: part of every correlation id, so two workspaces that escalate to the
-- same vendor never take each other's cases for their own.
CREATE TABLE workspace (
    id  INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    tag TEXT NOT NULL
);
INSERT INTO workspace (id, tag) VALUES (1, lower(hex(randomblob(3))));
