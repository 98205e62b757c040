-- The queue view filters by the queue a routing rule gave a ticket: newest first within it.
CREATE INDEX tickets_by_queue ON tickets (queue, updated_at, id) WHERE queue IS NOT NULL;
