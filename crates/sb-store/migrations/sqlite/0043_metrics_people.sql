-- The lead's dashboard over a year at a million tickets (issue 16): each person's open tickets
-- counted on an index of the open ones only, and the minutes each person logged per work day
-- kept beside the entries by triggers, in the same transaction as each entry's insert, change
-- or removal (so the sum is exact whoever writes, without scanning millions of entries).
CREATE INDEX tickets_open_by_assignee ON tickets (assignee_id)
    WHERE status NOT IN ('resolved', 'closed') AND assignee_id IS NOT NULL;

-- Each assignee's tickets opened and resolved per UTC day, rolled up with the hours (from
-- the tickets, as they are): a year's load reads these days and the hours at its edges.
CREATE TABLE metrics_load_days (
    day      INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    opened   INTEGER NOT NULL,
    resolved INTEGER NOT NULL,
    PRIMARY KEY (day, user_id)
);
INSERT INTO metrics_load_days (day, user_id, opened, resolved)
    SELECT hour / 24, CAST(value AS INTEGER), SUM(opened), SUM(resolved) FROM metrics_hours
    WHERE dim = 'assignee' GROUP BY hour / 24, value;
-- The hours at a period's edges, without reading the other periods'.
CREATE INDEX metrics_hours_by_dim ON metrics_hours (dim, hour);

CREATE TABLE metrics_logged (
    user_id   INTEGER NOT NULL,
    work_date INTEGER NOT NULL,
    minutes   INTEGER NOT NULL,
    -- Entries counted (a day whose entries were all removed keeps a row of 0).
    entries   INTEGER NOT NULL,
    PRIMARY KEY (user_id, work_date)
);
CREATE INDEX metrics_logged_by_day ON metrics_logged (work_date);
INSERT INTO metrics_logged (user_id, work_date, minutes, entries)
    SELECT user_id, work_date, SUM(actual_minutes), COUNT(*) FROM time_entries
    GROUP BY user_id, work_date;

CREATE TRIGGER time_entries_logged_insert AFTER INSERT ON time_entries
BEGIN
    INSERT INTO metrics_logged (user_id, work_date, minutes, entries)
        VALUES (NEW.user_id, NEW.work_date, NEW.actual_minutes, 1)
        ON CONFLICT (user_id, work_date) DO UPDATE SET minutes = minutes + excluded.minutes,
            entries = entries + excluded.entries;
END;
CREATE TRIGGER time_entries_logged_delete AFTER DELETE ON time_entries
BEGIN
    INSERT INTO metrics_logged (user_id, work_date, minutes, entries)
        VALUES (OLD.user_id, OLD.work_date, -OLD.actual_minutes, -1)
        ON CONFLICT (user_id, work_date) DO UPDATE SET minutes = minutes + excluded.minutes,
            entries = entries + excluded.entries;
END;
CREATE TRIGGER time_entries_logged_update
AFTER UPDATE OF user_id, work_date, actual_minutes ON time_entries
BEGIN
    INSERT INTO metrics_logged (user_id, work_date, minutes, entries)
        VALUES (OLD.user_id, OLD.work_date, -OLD.actual_minutes, -1)
        ON CONFLICT (user_id, work_date) DO UPDATE SET minutes = minutes + excluded.minutes,
            entries = entries + excluded.entries;
    INSERT INTO metrics_logged (user_id, work_date, minutes, entries)
        VALUES (NEW.user_id, NEW.work_date, NEW.actual_minutes, 1)
        ON CONFLICT (user_id, work_date) DO UPDATE SET minutes = minutes + excluded.minutes,
            entries = entries + excluded.entries;
END;
