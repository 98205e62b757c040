-- Backbone: people, clients and their contacts, tickets, the comment thread, the audit trail.
-- Times are Unix milliseconds (UTC). Priority is 1..4 (P1..P4) so the queue can sort by it.

CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    role        TEXT    NOT NULL CHECK (role IN ('engineer', 'account_manager', 'admin')),
    created_at  INTEGER NOT NULL
);

CREATE TABLE directions (
    code        TEXT    PRIMARY KEY,
    position    INTEGER NOT NULL
);
INSERT INTO directions (code, position) VALUES
    ('hardware', 1), ('software', 2), ('network', 3), ('database', 4);

CREATE TABLE clients (
    id          INTEGER PRIMARY KEY,
    code        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    notes       TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX clients_by_name ON clients (name, id);

CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    email       TEXT,
    phone       TEXT
);
CREATE INDEX contacts_by_client ON contacts (client_id, position);
CREATE INDEX contacts_by_email ON contacts (email);

CREATE TABLE tickets (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id       INTEGER NOT NULL REFERENCES clients (id),
    direction       TEXT    NOT NULL REFERENCES directions (code),
    subject         TEXT    NOT NULL,
    description     TEXT    NOT NULL,
    impact          TEXT    NOT NULL,
    urgency         TEXT    NOT NULL,
    priority        INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
    status          TEXT    NOT NULL,
    line            TEXT    NOT NULL,
    channel         TEXT    NOT NULL,
    assignee_id     INTEGER REFERENCES users (id),
    created_by      INTEGER NOT NULL REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    resolved_at     INTEGER,
    closed_at       INTEGER,
    closed_by       INTEGER REFERENCES users (id),
    resolution_note TEXT
);
-- One index per queue order and filter, each ending in (updated_at, id) for keyset paging.
CREATE INDEX tickets_by_updated ON tickets (updated_at, id);
CREATE INDEX tickets_by_priority ON tickets (priority, updated_at, id);
CREATE INDEX tickets_by_client ON tickets (client_id, updated_at, id);
CREATE INDEX tickets_by_status ON tickets (status, updated_at, id);
CREATE INDEX tickets_by_assignee ON tickets (assignee_id, updated_at, id);
CREATE INDEX tickets_by_client_status ON tickets (client_id, status);

CREATE TABLE comments (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    author_id   INTEGER NOT NULL REFERENCES users (id),
    body        TEXT    NOT NULL,
    visibility  TEXT    NOT NULL CHECK (visibility IN ('public', 'internal')),
    channel     TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX comments_by_ticket ON comments (ticket_id, id);

CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
    actor_id    INTEGER NOT NULL REFERENCES users (id),
    at          INTEGER NOT NULL,
    field       TEXT    NOT NULL,
    old_value   TEXT,
    new_value   TEXT
);
CREATE INDEX audit_by_ticket ON audit (ticket_id, id);

-- Architecture Invariant: the audit trail is append-only, enforced by the database itself.
CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
