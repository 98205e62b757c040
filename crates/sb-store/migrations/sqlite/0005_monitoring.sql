-- The monitoring channel: Alertmanager sources, one row per alert fingerprint per source (the
-- ticket it feeds), alerts no client could be found for, and the system users that act for
-- the channels ("Monitoring").

CREATE TABLE system_users (
    kind        TEXT    PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id)
);

CREATE TABLE alert_sources (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL UNIQUE,
    base_url        TEXT    NOT NULL,
    filter          TEXT    NOT NULL,   -- JSON list of label matchers
    mapping         TEXT    NOT NULL,   -- JSON: labels -> client, direction, priority
    poll_seconds    INTEGER NOT NULL CHECK (poll_seconds > 0),
    enabled         INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    last_polled_at  INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE alerts (
    id              INTEGER PRIMARY KEY,
    source_id       INTEGER NOT NULL REFERENCES alert_sources (id) ON DELETE CASCADE,
    fingerprint     TEXT    NOT NULL,
    ticket_id       INTEGER NOT NULL REFERENCES tickets (id),
    state           TEXT    NOT NULL CHECK (state IN ('firing', 'resolved')),
    repeat_count    INTEGER NOT NULL,
    alert_updated_at INTEGER NOT NULL,  -- Alertmanager's updatedAt when last counted
    alert_ends_at   INTEGER NOT NULL,   -- and its endsAt
    filter_seen     TEXT    NOT NULL,   -- the source's filter it was last listed under
    first_seen      INTEGER NOT NULL,
    last_seen       INTEGER NOT NULL,
    resolved_at     INTEGER,
    UNIQUE (source_id, fingerprint)
);
CREATE INDEX alerts_by_ticket ON alerts (ticket_id);

CREATE TABLE unmatched_alerts (
    source_id       INTEGER NOT NULL REFERENCES alert_sources (id) ON DELETE CASCADE,
    fingerprint     TEXT    NOT NULL,
    labels          TEXT    NOT NULL,   -- JSON object
    reason          TEXT    NOT NULL,
    last_seen       INTEGER NOT NULL,
    PRIMARY KEY (source_id, fingerprint)
);
