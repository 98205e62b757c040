-- The lead's metrics (issue 16): whether each of a ticket's SLA targets was kept (1), missed
-- (0) or is not settled / not set (NULL), kept with its clocks; and the tickets by when they
-- were opened and resolved (resolved_at stays set when closed and is cleared on reopening),
-- which a period's report reads.
ALTER TABLE tickets ADD COLUMN sla_response_ok INTEGER;
ALTER TABLE tickets ADD COLUMN sla_resolution_ok INTEGER;
CREATE INDEX tickets_by_created ON tickets (created_at);
CREATE INDEX tickets_by_resolved ON tickets (resolved_at) WHERE resolved_at IS NOT NULL;
