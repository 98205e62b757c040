-- The workspace's limits on what strangers send (issue 17): one row, the limits as JSON
-- (sb_domain::limits::InputLimits; a limit missing from it is its default).
CREATE TABLE input_limits (
    id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    limits  TEXT    NOT NULL
);
