-- Live updates: every change another desk should see at once is announced on the channel
-- sb_changes (LISTEN/NOTIFY), from the writer's own transaction, so it is delivered when (and
-- only if) that transaction commits. The payload is `kind:ticket:client:row:version` (empty
-- where the row has none); it reads nothing but the row itself, so any role that may write
-- the row may announce it.
CREATE FUNCTION sb_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
BEGIN
    PERFORM pg_notify('sb_changes', concat_ws(':',
        TG_ARGV[0],
        COALESCE(r ->> TG_ARGV[1], ''),
        COALESCE(r ->> TG_ARGV[2], ''),
        r ->> 'id',
        COALESCE(r ->> TG_ARGV[3], '')));
    RETURN NULL;
END;
$$;

CREATE TRIGGER announce_tickets AFTER INSERT OR UPDATE ON tickets
FOR EACH ROW EXECUTE FUNCTION sb_announce_change('ticket', 'id', 'client_id', 'version');

CREATE TRIGGER announce_comments AFTER INSERT OR UPDATE ON comments
FOR EACH ROW EXECUTE FUNCTION sb_announce_change('comment', 'ticket_id', '-', '-');

CREATE TRIGGER announce_time_entries AFTER INSERT OR UPDATE OR DELETE ON time_entries
FOR EACH ROW EXECUTE FUNCTION sb_announce_change('time_entry', 'ticket_id', 'client_id', '-');

CREATE TRIGGER announce_packages AFTER INSERT OR UPDATE ON packages
FOR EACH ROW EXECUTE FUNCTION sb_announce_change('package', '-', 'client_id', '-');

CREATE TRIGGER announce_bonds AFTER INSERT OR UPDATE ON bonds
FOR EACH ROW EXECUTE FUNCTION sb_announce_change('bond', 'ticket_id', '-', '-');
