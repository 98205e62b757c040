-- The lead's metrics over long periods (issue 16): the tickets' figures rolled up by the hour
-- (opened, resolved, SLA targets kept and missed, ratings), for the whole desk (dim '') and
-- per assignee (dim 'assignee', value the person's id), and the durations to first response
-- and to resolution counted in buckets per UTC day. An hour or day is counted again from the
-- tickets whenever one of its tickets changed (`rolled_at` older than `updated_at`).
CREATE TABLE metrics_hours (
    dim               TEXT    NOT NULL,
    value             TEXT    NOT NULL,
    hour              INTEGER NOT NULL,
    opened            INTEGER NOT NULL,
    resolved          INTEGER NOT NULL,
    response_kept     INTEGER NOT NULL,
    response_missed   INTEGER NOT NULL,
    resolution_kept   INTEGER NOT NULL,
    resolution_missed INTEGER NOT NULL,
    rated_1           INTEGER NOT NULL,
    rated_2           INTEGER NOT NULL,
    rated_3           INTEGER NOT NULL,
    rated_4           INTEGER NOT NULL,
    rated_5           INTEGER NOT NULL,
    PRIMARY KEY (dim, value, hour)
);
CREATE INDEX metrics_hours_by_hour ON metrics_hours (hour);

CREATE TABLE metrics_spread (
    day     INTEGER NOT NULL,
    kind    TEXT    NOT NULL CHECK (kind IN ('response', 'resolution')),
    bucket  INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (day, kind, bucket)
);

-- When the ticket was last rolled up, and its resolution time then (a reopened ticket leaves
-- the hour it was resolved in).
ALTER TABLE tickets ADD COLUMN rolled_at INTEGER;
ALTER TABLE tickets ADD COLUMN rolled_resolved_at INTEGER;
CREATE INDEX tickets_roll_stale ON tickets (created_at)
    WHERE rolled_at IS NULL OR rolled_at < updated_at;
