-- Queue views a person saved by name (the built-in ones live in the app). The filter is the
-- queue query as JSON, so new filter fields need no migration.

CREATE TABLE saved_views (
    id          INTEGER PRIMARY KEY,
    owner_id    INTEGER NOT NULL REFERENCES users (id),
    name        TEXT    NOT NULL,
    filter      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (owner_id, name)
);

CREATE INDEX tickets_by_channel ON tickets (channel, updated_at, id);
