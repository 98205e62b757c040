-- The change feed announces what a person would see change, not the background work's own
-- bookkeeping. Counting a ticket's clocks (clocks_at) and rolling it up for the lead's figures
-- (rolled_at, rolled_resolved_at) wrote an UPDATE of every ticket they passed: at a million
-- tickets, a desk opened after an upgrade announced every ticket in rounds of hundreds, and
-- each open window read its queue, views and search again after every round. An update that
-- moves a bookkeeping column is announced only when it also changes what the clocks show
-- (the due times, breached, the goals met); every other update is announced as before.
DROP TRIGGER change_tickets_update;

CREATE TRIGGER change_tickets_update AFTER UPDATE ON tickets
WHEN (NEW.clocks_at IS OLD.clocks_at
      AND NEW.rolled_at IS OLD.rolled_at
      AND NEW.rolled_resolved_at IS OLD.rolled_resolved_at)
  OR NEW.response_due IS NOT OLD.response_due
  OR NEW.resolution_due IS NOT OLD.resolution_due
  OR NEW.sla_due IS NOT OLD.sla_due
  OR NEW.sla_breached IS NOT OLD.sla_breached
  OR NEW.sla_alert_at IS NOT OLD.sla_alert_at
  OR NEW.sla_response_ok IS NOT OLD.sla_response_ok
  OR NEW.sla_resolution_ok IS NOT OLD.sla_resolution_ok
BEGIN
    INSERT INTO change_log (kind, ticket_id, client_id, row_id, version)
    VALUES ('ticket', NEW.id, NEW.client_id, NEW.id, NEW.version);
END;
