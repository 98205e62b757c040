-- Team mode: who signs in, and the desk's roles enforced by the database itself.
--
-- A team workspace is a database that `sb team init` set up: its owner (the login that ran
-- it) owns every table and is the only one that migrates; each person signs in as their own
-- PostgreSQL login role, a member of one of the group roles `<database>_engineer`, `_lead`,
-- `_account_manager`, `_admin`, and is the person `team_members` maps the login to. The group
-- roles are made by `sb team init` (role names are the whole server's, hence the prefix);
-- `sb_team_grants()` below gives them their privileges and is run again by `sb team upgrade`
-- so that a table a later migration adds gets them too. What each role may do is
-- sb-domain's `access::Duty` table; this file is the same table in SQL.

-- A lead: an engineer who also keeps the routing rules and business hours.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('engineer', 'lead', 'account_manager', 'admin'));

CREATE TABLE team_members (
    login           TEXT   PRIMARY KEY,
    user_id         BIGINT NOT NULL UNIQUE REFERENCES users (id),
    -- An invitation's one-time password must be replaced at the first sign-in.
    must_change_password BIGINT NOT NULL DEFAULT 1 CHECK (must_change_password IN (0, 1)),
    invited_at      BIGINT NOT NULL,
    -- Removed members keep their history (tickets, comments, time) under their name.
    removed_at      BIGINT
);

-- One row once `sb team init` has run: a workspace with it is a team workspace, where the
-- self-declared profile does not exist and only the owner migrates.
CREATE TABLE team (
    id              BIGINT NOT NULL PRIMARY KEY CHECK (id = 1),
    owner_login     TEXT   NOT NULL,
    created_at      BIGINT NOT NULL,
    -- The Switchboard version that last upgraded the schema: what an older desktop installs.
    app_version     TEXT   NOT NULL
);

-- The person signed in on this connection, or NULL (the owner, or a removed member).
CREATE FUNCTION sb_current_person() RETURNS BIGINT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT user_id FROM team_members WHERE login = session_user AND removed_at IS NULL
$$;

-- The role of the person signed in on this connection, or NULL.
CREATE FUNCTION sb_current_role() RETURNS TEXT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT u.role FROM team_members m JOIN users u ON u.id = m.user_id
    WHERE m.login = session_user AND m.removed_at IS NULL
$$;

-- Called by a member right after `ALTER ROLE CURRENT_USER PASSWORD ...`: their own
-- one-time password is gone.
CREATE FUNCTION sb_password_changed() RETURNS BIGINT
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    UPDATE team_members SET must_change_password = 0 WHERE login = session_user RETURNING user_id
$$;

-- Time entries: everyone reads them; a person logs, changes and deletes only their own, and
-- only while a draft; approving and invoicing is an account manager's or an admin's. Row
-- security says which rows a role may touch; the trigger says which changes to a row are
-- whose (row security cannot tell a change of minutes from a change of state). Neither binds
-- the owner, who is not a desktop.
ALTER TABLE time_entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY time_entries_read ON time_entries FOR SELECT USING (true);
CREATE POLICY time_entries_log ON time_entries FOR INSERT
    WITH CHECK (user_id = sb_current_person() AND state = 'draft');
CREATE POLICY time_entries_own_drafts ON time_entries FOR UPDATE
    USING (user_id = sb_current_person() AND state = 'draft');
CREATE POLICY time_entries_approval ON time_entries FOR UPDATE
    USING (sb_current_role() IN ('account_manager', 'admin'));
CREATE POLICY time_entries_drop_own_drafts ON time_entries FOR DELETE
    USING (user_id = sb_current_person() AND state = 'draft');

CREATE FUNCTION sb_time_entry_rules() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    me BIGINT := sb_current_person();
BEGIN
    -- Not a desktop (the owner: upgrades, `sb workspace move`), or the owner's own function
    -- moving a merged ticket's work.
    IF me IS NULL OR current_user::regrole = (SELECT relowner FROM pg_class WHERE oid = TG_RELID)::regrole THEN
        RETURN NEW;
    END IF;
    IF (NEW.ticket_id, NEW.client_id, NEW.user_id, NEW.work_date, NEW.actual_minutes,
        NEW.billable_minutes, NEW.work_type, NEW.billable, NEW.note, NEW.adjusts_id,
        NEW.moved_from_ticket_id, NEW.created_at)
       IS DISTINCT FROM
       (OLD.ticket_id, OLD.client_id, OLD.user_id, OLD.work_date, OLD.actual_minutes,
        OLD.billable_minutes, OLD.work_type, OLD.billable, OLD.note, OLD.adjusts_id,
        OLD.moved_from_ticket_id, OLD.created_at)
       AND NOT (OLD.user_id = me AND OLD.state = 'draft' AND NEW.state = 'draft') THEN
        RAISE EXCEPTION 'only its author changes a time entry, and only while it is a draft'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.state IS DISTINCT FROM OLD.state
       AND sb_current_role() NOT IN ('account_manager', 'admin') THEN
        RAISE EXCEPTION 'only an account manager or an admin approves and invoices time'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER time_entry_rules BEFORE UPDATE ON time_entries
FOR EACH ROW EXECUTE FUNCTION sb_time_entry_rules();

-- A time entry's draws on packages go with the entry: written by whoever may write the entry.
ALTER TABLE time_draws ENABLE ROW LEVEL SECURITY;
CREATE POLICY time_draws_read ON time_draws FOR SELECT USING (true);
CREATE POLICY time_draws_write ON time_draws FOR ALL
    USING (EXISTS (SELECT 1 FROM time_entries e WHERE e.id = entry_id
                   AND ((e.user_id = sb_current_person() AND e.state = 'draft')
                        OR sb_current_role() IN ('account_manager', 'admin'))))
    WITH CHECK (EXISTS (SELECT 1 FROM time_entries e WHERE e.id = entry_id
                   AND ((e.user_id = sb_current_person() AND e.state = 'draft')
                        OR sb_current_role() IN ('account_manager', 'admin'))));

-- A running timer is its person's own.
ALTER TABLE timers ENABLE ROW LEVEL SECURITY;
CREATE POLICY timers_read ON timers FOR SELECT USING (true);
CREATE POLICY timers_own ON timers FOR ALL
    USING (user_id = sb_current_person()) WITH CHECK (user_id = sb_current_person());

-- A merge moves the duplicate's thread, time and timers to the survivor, whoever's they are:
-- the one change to other people's time entries an engineer makes, allowed only for a ticket
-- that this transaction (or an earlier one) merged into the survivor.
CREATE FUNCTION sb_move_merged_work(survivor BIGINT, duplicate BIGINT) RETURNS BIGINT
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM tickets WHERE id = duplicate AND merged_into_id = survivor) THEN
        RAISE EXCEPTION 'ticket % is not merged into ticket %', duplicate, survivor
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE comments SET ticket_id = survivor,
        moved_from_ticket_id = COALESCE(moved_from_ticket_id, duplicate) WHERE ticket_id = duplicate;
    UPDATE time_entries SET ticket_id = survivor,
        moved_from_ticket_id = COALESCE(moved_from_ticket_id, duplicate) WHERE ticket_id = duplicate;
    DELETE FROM timers WHERE ticket_id = duplicate
        AND user_id IN (SELECT user_id FROM timers WHERE ticket_id = survivor);
    UPDATE timers SET ticket_id = survivor WHERE ticket_id = duplicate;
    RETURN survivor;
END;
$$;

-- The group roles' privileges, from the tables that exist now. Run by the owner (`sb team
-- init`, `sb team upgrade`); does nothing where the group roles do not exist (a database
-- that is not a team workspace).
CREATE FUNCTION sb_team_grants() RETURNS BIGINT
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
                         'mailboxes', 'alert_sources', 'routing_rules', 'routing_settings'];
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
REVOKE EXECUTE ON FUNCTION sb_team_grants() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION sb_password_changed() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION sb_move_merged_work(BIGINT, BIGINT) FROM PUBLIC;
DO $$ BEGIN PERFORM sb_team_grants(); END $$;
