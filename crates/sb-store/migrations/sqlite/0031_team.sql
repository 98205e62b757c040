-- Team mode's tables, kept here too so a local workspace has the same schema as a team one
-- (`sb workspace move` copies table by table); on SQLite they stay empty: one person's
-- workspace has no sign-in. The lead role's place in the people table's CHECK is made by
-- `Store::open_with` (SQLite cannot change a CHECK inside the migrator's transaction; it
-- rebuilds the table with foreign keys off, see `widen_roles` in sb-store's lib.rs).
CREATE TABLE team_members (
    login           TEXT    PRIMARY KEY,
    user_id         INTEGER NOT NULL UNIQUE REFERENCES users (id),
    must_change_password INTEGER NOT NULL DEFAULT 1 CHECK (must_change_password IN (0, 1)),
    invited_at      INTEGER NOT NULL,
    removed_at      INTEGER
);
CREATE TABLE team (
    id              INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    owner_login     TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    app_version     TEXT    NOT NULL
);
