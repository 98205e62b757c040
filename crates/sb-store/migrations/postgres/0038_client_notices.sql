-- Keeping the client informed: the language each client is written to in, the workspace's
-- defaults and each client's own switches and waits, the templates a client has of its own,
-- the automatic mails written (one per ticket, kind and occurrence: the idempotency record),
-- and the client's rating of a closed ticket (read by the metrics dashboard).
ALTER TABLE clients ADD COLUMN language TEXT CHECK (language IN ('en', 'ru'));

CREATE TABLE notice_defaults (
    id                BIGINT NOT NULL PRIMARY KEY CHECK (id = 1),
    language          TEXT    NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ru')),
    acknowledge       BIGINT NOT NULL DEFAULT 1 CHECK (acknowledge IN (0, 1)),
    remind            BIGINT NOT NULL DEFAULT 1 CHECK (remind IN (0, 1)),
    satisfaction      BIGINT NOT NULL DEFAULT 1 CHECK (satisfaction IN (0, 1)),
    remind_after_days BIGINT NOT NULL DEFAULT 3 CHECK (remind_after_days BETWEEN 1 AND 60),
    close_after_days  BIGINT NOT NULL DEFAULT 4 CHECK (close_after_days BETWEEN 1 AND 60)
);
INSERT INTO notice_defaults (id) VALUES (1);

-- NULL: as the workspace's default.
CREATE TABLE client_notice_settings (
    client_id         BIGINT NOT NULL PRIMARY KEY REFERENCES clients (id),
    acknowledge       BIGINT CHECK (acknowledge IN (0, 1)),
    remind            BIGINT CHECK (remind IN (0, 1)),
    satisfaction      BIGINT CHECK (satisfaction IN (0, 1)),
    remind_after_days BIGINT CHECK (remind_after_days BETWEEN 1 AND 60),
    close_after_days  BIGINT CHECK (close_after_days BETWEEN 1 AND 60)
);

CREATE TABLE notice_templates (
    client_id  BIGINT NOT NULL REFERENCES clients (id),
    kind       TEXT    NOT NULL,
    language   TEXT    NOT NULL CHECK (language IN ('en', 'ru')),
    subject    TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (client_id, kind, language)
);

-- occurrence: what makes this mail one of a kind on its ticket (0 for the acknowledgement,
-- the moment the wait began for the waiting mail, its reminder and the close, the moment of
-- resolving or closing for those mails).
CREATE TABLE ticket_notices (
    ticket_id       BIGINT NOT NULL REFERENCES tickets (id),
    kind            TEXT    NOT NULL,
    occurrence      BIGINT NOT NULL,
    comment_id      BIGINT REFERENCES comments (id),
    sent_message_id TEXT,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (ticket_id, kind, occurrence)
);
CREATE INDEX ticket_notices_by_comment ON ticket_notices (comment_id);

CREATE TABLE ticket_satisfaction (
    ticket_id    BIGINT NOT NULL PRIMARY KEY REFERENCES tickets (id),
    requested_at BIGINT NOT NULL,
    rating       BIGINT CHECK (rating BETWEEN 1 AND 5),
    comment      TEXT,
    rated_at     BIGINT
);

-- The tickets waiting for the client, for the reminder sweep.
CREATE INDEX tickets_waiting_customer ON tickets (id) WHERE status = 'pending_customer';

-- Team mode: the notice settings and templates are kept by leads, account managers and admins
-- (as the SLA policies); the notices written and the ratings by everyone's work.
CREATE OR REPLACE FUNCTION sb_team_grants() RETURNS BIGINT
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    db TEXT := current_database();
    engineer TEXT := format('%I', db || '_engineer');
    lead TEXT := format('%I', db || '_lead');
    manager TEXT := format('%I', db || '_account_manager');
    admin TEXT := format('%I', db || '_admin');
    everyone TEXT;
    managers TEXT;
    t TEXT;
    -- Tables only account managers and admins change; the others read them and write only
    -- the columns that background work and the ledger keep (below).
    kept TEXT[] := ARRAY['packages', 'package_thresholds', 'package_history', 'vendors',
                         'mailboxes', 'alert_sources', 'routing_rules', 'routing_settings',
                         'work_calendars', 'calendar_days', 'sla_policies', 'sla_targets',
                         'notice_defaults', 'client_notice_settings', 'notice_templates'];
    -- Tables no desktop changes: the owner's (`sb team ...`) and the insert-only audit trail.
    owners TEXT[] := ARRAY['users', 'team_members', 'team', 'system_users', 'workspace',
                           '_sqlx_migrations', 'audit'];
BEGIN
    IF (SELECT count(*) FROM pg_roles WHERE rolname IN
        (db || '_engineer', db || '_lead', db || '_account_manager', db || '_admin')) < 4 THEN
        RETURN 0;
    END IF;
    everyone := concat_ws(', ', engineer, lead, manager, admin);
    managers := concat_ws(', ', manager, admin);
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', db);
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %s', db, everyone);
    EXECUTE 'REVOKE CREATE ON SCHEMA public FROM PUBLIC';
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %s', everyone);
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %s', everyone);
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA public TO %s', everyone);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %s', everyone);
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
        IF t = ANY (owners) THEN
            CONTINUE;
        ELSIF t = ANY (kept) THEN
            EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %I TO %s', t, managers);
        ELSE
            EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %I TO %s', t, everyone);
        END IF;
    END LOOP;
    -- The audit trail: added to by everyone, changed by nobody (its trigger refuses UPDATE
    -- and DELETE even to the owner; TRUNCATE is granted to no desktop).
    EXECUTE format('GRANT INSERT ON audit TO %s', everyone);
    -- A lead keeps the routing rules and business hours.
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON routing_rules, routing_settings TO %s', lead);
    -- ... and the SLA policies and their calendars.
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON work_calendars, calendar_days, sla_policies, sla_targets TO %s', lead);
    -- ... and what clients are told automatically, and when.
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON notice_defaults, client_notice_settings, notice_templates TO %s', lead);
    -- What background work and time logging keep on the tables above, on any desk.
    EXECUTE format('GRANT UPDATE (used_minutes, overage_minutes) ON packages TO %s', everyone);
    EXECUTE format('GRANT UPDATE (notified_at) ON package_thresholds TO %s', everyone);
    EXECUTE format('GRANT UPDATE (sync_cursor, last_sync_at, last_sync_error, account) ON vendors TO %s', everyone);
    EXECUTE format('GRANT UPDATE (uid_validity, last_uid, last_polled_at, last_error) ON mailboxes TO %s', everyone);
    EXECUTE format('GRANT UPDATE (last_polled_at, last_error) ON alert_sources TO %s', everyone);
    EXECUTE format('GRANT EXECUTE ON FUNCTION sb_current_person(), sb_current_role(), sb_password_changed(), sb_move_merged_work(BIGINT, BIGINT) TO %s', everyone);
    RETURN 1;
END;
$$;
SELECT sb_team_grants();
