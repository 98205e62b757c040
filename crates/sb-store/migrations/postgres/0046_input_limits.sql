-- The workspace's limits on what strangers send (issue 17): one row, the limits as JSON
-- (sb_domain::limits::InputLimits; a limit missing from it is its default).
CREATE TABLE input_limits (
    id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    limits  TEXT    NOT NULL
);

-- Team mode: kept like the mailboxes (account managers and admins), read by every desk.
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
                         'notice_defaults', 'client_notice_settings', 'notice_templates',
                         'public_mail_domains', 'input_limits'];
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


DO $$ BEGIN PERFORM sb_team_grants(); END $$;
