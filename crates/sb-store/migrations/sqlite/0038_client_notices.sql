-- Keeping the client informed: the language each client is written to in, the workspace's
-- defaults and each client's own switches and waits, the templates a client has of its own,
-- the automatic mails written (one per ticket, kind and occurrence: the idempotency record),
-- and the client's rating of a closed ticket (read by the metrics dashboard).
ALTER TABLE clients ADD COLUMN language TEXT CHECK (language IN ('en', 'ru'));

CREATE TABLE notice_defaults (
    id                INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    language          TEXT    NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ru')),
    acknowledge       INTEGER NOT NULL DEFAULT 1 CHECK (acknowledge IN (0, 1)),
    remind            INTEGER NOT NULL DEFAULT 1 CHECK (remind IN (0, 1)),
    satisfaction      INTEGER NOT NULL DEFAULT 1 CHECK (satisfaction IN (0, 1)),
    remind_after_days INTEGER NOT NULL DEFAULT 3 CHECK (remind_after_days BETWEEN 1 AND 60),
    close_after_days  INTEGER NOT NULL DEFAULT 4 CHECK (close_after_days BETWEEN 1 AND 60)
);
INSERT INTO notice_defaults (id) VALUES (1);

-- NULL: as the workspace's default.
CREATE TABLE client_notice_settings (
    client_id         INTEGER NOT NULL PRIMARY KEY REFERENCES clients (id),
    acknowledge       INTEGER CHECK (acknowledge IN (0, 1)),
    remind            INTEGER CHECK (remind IN (0, 1)),
    satisfaction      INTEGER CHECK (satisfaction IN (0, 1)),
    remind_after_days INTEGER CHECK (remind_after_days BETWEEN 1 AND 60),
    close_after_days  INTEGER CHECK (close_after_days BETWEEN 1 AND 60)
);

CREATE TABLE notice_templates (
    client_id  INTEGER NOT NULL REFERENCES clients (id),
    kind       TEXT    NOT NULL,
    language   TEXT    NOT NULL CHECK (language IN ('en', 'ru')),
    subject    TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (client_id, kind, language)
);

-- occurrence: what makes this mail one of a kind on its ticket (0 for the acknowledgement,
-- the moment the wait began for the waiting mail, its reminder and the close, the moment of
-- resolving or closing for those mails).
CREATE TABLE ticket_notices (
    ticket_id       INTEGER NOT NULL REFERENCES tickets (id),
    kind            TEXT    NOT NULL,
    occurrence      INTEGER NOT NULL,
    comment_id      INTEGER REFERENCES comments (id),
    sent_message_id TEXT,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, kind, occurrence)
);
CREATE INDEX ticket_notices_by_comment ON ticket_notices (comment_id);

CREATE TABLE ticket_satisfaction (
    ticket_id    INTEGER NOT NULL PRIMARY KEY REFERENCES tickets (id),
    requested_at INTEGER NOT NULL,
    rating       INTEGER CHECK (rating BETWEEN 1 AND 5),
    comment      TEXT,
    rated_at     INTEGER
);

-- The tickets waiting for the client, for the reminder sweep.
CREATE INDEX tickets_waiting_customer ON tickets (id) WHERE status = 'pending_customer';
