-- The change feed announces what a person would see change, not the background work's own
-- bookkeeping. Counting a ticket's clocks (clocks_at) and rolling it up for the lead's figures
-- (rolled_at, rolled_resolved_at) wrote an UPDATE of every ticket they passed: at a million
-- tickets, a desk opened after an upgrade announced every ticket in rounds of hundreds, and
-- each open window read its queue, views and search again after every round. An update that
-- moves a bookkeeping column is announced only when it also changes what the clocks show
-- (the due times, breached, the goals met); every other update is announced as before.
DROP TRIGGER announce_tickets ON tickets;

CREATE TRIGGER announce_tickets AFTER INSERT ON tickets
FOR EACH ROW EXECUTE FUNCTION sb_announce_change('ticket', 'id', 'client_id', 'version');

CREATE TRIGGER announce_ticket_updates AFTER UPDATE ON tickets
FOR EACH ROW
WHEN ((NEW.clocks_at IS NOT DISTINCT FROM OLD.clocks_at
       AND NEW.rolled_at IS NOT DISTINCT FROM OLD.rolled_at
       AND NEW.rolled_resolved_at IS NOT DISTINCT FROM OLD.rolled_resolved_at)
   OR NEW.response_due IS DISTINCT FROM OLD.response_due
   OR NEW.resolution_due IS DISTINCT FROM OLD.resolution_due
   OR NEW.sla_due IS DISTINCT FROM OLD.sla_due
   OR NEW.sla_breached IS DISTINCT FROM OLD.sla_breached
   OR NEW.sla_alert_at IS DISTINCT FROM OLD.sla_alert_at
   OR NEW.sla_response_ok IS DISTINCT FROM OLD.sla_response_ok
   OR NEW.sla_resolution_ok IS DISTINCT FROM OLD.sla_resolution_ok)
EXECUTE FUNCTION sb_announce_change('ticket', 'id', 'client_id', 'version');
