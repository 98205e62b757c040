-- The lead's dashboard over a year at a million tickets (issue 16): each person's open tickets
-- counted on an index of the open ones only, and the minutes each person logged per work day
-- kept beside the entries by a trigger, in the same transaction as each entry's insert, change
-- or removal (so the sum is exact whoever writes, without scanning millions of entries; the
-- row's lock orders two desks adding to the same day).
CREATE INDEX tickets_open_by_assignee ON tickets (assignee_id)
    WHERE status NOT IN ('resolved', 'closed') AND assignee_id IS NOT NULL;

-- Each assignee's tickets opened and resolved per UTC day, rolled up with the hours (from
-- the tickets, as they are): a year's load reads these days and the hours at its edges.
CREATE TABLE metrics_load_days (
    day      BIGINT NOT NULL,
    user_id  BIGINT NOT NULL,
    opened   BIGINT NOT NULL,
    resolved BIGINT NOT NULL,
    PRIMARY KEY (day, user_id)
);
INSERT INTO metrics_load_days (day, user_id, opened, resolved)
    SELECT hour / 24, CAST(value AS BIGINT), SUM(opened), SUM(resolved) FROM metrics_hours
    WHERE dim = 'assignee' GROUP BY hour / 24, value;
-- The hours at a period's edges, without reading the other periods'.
CREATE INDEX metrics_hours_by_dim ON metrics_hours (dim, hour);

CREATE TABLE metrics_logged (
    user_id   BIGINT NOT NULL,
    work_date BIGINT NOT NULL,
    minutes   BIGINT NOT NULL,
    -- Entries counted (a day whose entries were all removed keeps a row of 0).
    entries   BIGINT NOT NULL,
    PRIMARY KEY (user_id, work_date)
);
CREATE INDEX metrics_logged_by_day ON metrics_logged (work_date);
INSERT INTO metrics_logged (user_id, work_date, minutes, entries)
    SELECT user_id, work_date, SUM(actual_minutes), COUNT(*) FROM time_entries
    GROUP BY user_id, work_date;

CREATE FUNCTION sb_metrics_logged() RETURNS TRIGGER
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        INSERT INTO metrics_logged (user_id, work_date, minutes, entries)
            VALUES (OLD.user_id, OLD.work_date, -OLD.actual_minutes, -1)
            ON CONFLICT (user_id, work_date)
            DO UPDATE SET minutes = metrics_logged.minutes + EXCLUDED.minutes,
                entries = metrics_logged.entries + EXCLUDED.entries;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO metrics_logged (user_id, work_date, minutes, entries)
            VALUES (NEW.user_id, NEW.work_date, NEW.actual_minutes, 1)
            ON CONFLICT (user_id, work_date)
            DO UPDATE SET minutes = metrics_logged.minutes + EXCLUDED.minutes,
                entries = metrics_logged.entries + EXCLUDED.entries;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER time_entries_logged
AFTER INSERT OR DELETE OR UPDATE OF user_id, work_date, actual_minutes ON time_entries
FOR EACH ROW EXECUTE FUNCTION sb_metrics_logged();

-- Team mode: every desk logs time, so every desk's entries add to the sums.
DO $$ BEGIN PERFORM sb_team_grants(); END $$;
