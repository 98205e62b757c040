-- The email channel: mailboxes (no passwords: those live in the OS keychain), every message
-- received or sent (idempotency by Message-ID per mailbox, threading, triage, quarantine),
-- attachments as blobs (team mode shares them), each email ticket's requester, and the
-- outbox that delivers public replies.

CREATE TABLE mailboxes (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL UNIQUE,
    imap_host       TEXT    NOT NULL,
    imap_port       INTEGER NOT NULL,
    imap_security   TEXT    NOT NULL CHECK (imap_security IN ('tls', 'start_tls', 'plain')),
    imap_user       TEXT    NOT NULL,
    imap_folder     TEXT    NOT NULL,
    smtp_host       TEXT    NOT NULL,
    smtp_port       INTEGER NOT NULL,
    smtp_security   TEXT    NOT NULL CHECK (smtp_security IN ('tls', 'start_tls', 'plain')),
    smtp_user       TEXT,
    from_address    TEXT    NOT NULL,
    -- The direction a ticket opened by mail starts in (L1 may change it).
    direction       TEXT    NOT NULL REFERENCES directions (code),
    poll_seconds    INTEGER NOT NULL CHECK (poll_seconds > 0),
    enabled         INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    uid_validity    INTEGER,
    last_uid        INTEGER,
    last_polled_at  INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

-- state: ticket (opened a ticket), comment (threaded into one), triage (unknown sender, waits
-- for an engineer), quarantine (could not be read), sent (a reply we sent).
CREATE TABLE mail_messages (
    id              INTEGER PRIMARY KEY,
    mailbox_id      INTEGER NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
    message_id      TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('ticket', 'comment', 'triage', 'quarantine', 'sent', 'dismissed')),
    ticket_id       INTEGER REFERENCES tickets (id),
    comment_id      INTEGER REFERENCES comments (id),
    from_email      TEXT,
    from_name       TEXT,
    subject         TEXT,
    reason          TEXT,
    raw             BLOB    NOT NULL,
    received_at     INTEGER NOT NULL,
    UNIQUE (mailbox_id, message_id)
);
CREATE INDEX mail_messages_by_state ON mail_messages (state, id);
CREATE INDEX mail_messages_by_ticket ON mail_messages (ticket_id);
CREATE INDEX mail_messages_by_message_id ON mail_messages (message_id);

CREATE TABLE ticket_requesters (
    ticket_id       INTEGER PRIMARY KEY REFERENCES tickets (id),
    mailbox_id      INTEGER NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
    email           TEXT    NOT NULL,
    name            TEXT
);

CREATE TABLE attachments (
    id              INTEGER PRIMARY KEY,
    ticket_id       INTEGER NOT NULL REFERENCES tickets (id),
    comment_id      INTEGER REFERENCES comments (id),
    file_name       TEXT    NOT NULL,
    content_type    TEXT    NOT NULL,
    size            INTEGER NOT NULL,
    bytes           BLOB    NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX attachments_by_ticket ON attachments (ticket_id, id);

-- state: pending (to deliver at next_attempt_at), sent, dead (gave up; Retry makes it pending).
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL UNIQUE,
    ticket_id       INTEGER REFERENCES tickets (id),
    comment_id      INTEGER REFERENCES comments (id),
    mailbox_id      INTEGER REFERENCES mailboxes (id) ON DELETE CASCADE,
    payload         TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at, id);
