-- When a ticket's clocks were last counted: the background work counts again the tickets
-- changed since (intake, vendor replies, anything that did not count them itself). Finished
-- tickets start as counted; they have no running clock.
ALTER TABLE tickets ADD COLUMN clocks_at INTEGER;
UPDATE tickets SET clocks_at = updated_at WHERE status IN ('resolved', 'closed');
CREATE INDEX tickets_clocks_stale ON tickets (id) WHERE clocks_at IS NULL OR clocks_at < updated_at;
