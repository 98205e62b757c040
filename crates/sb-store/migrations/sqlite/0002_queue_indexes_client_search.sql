-- The queue by priority walks one index in its own order (P1 first, newest first) instead of
-- sorting the table; the window's default view (active tickets) and a client's active tickets
-- walk small partial indexes. Client search matches Cyrillic names as typed.

DROP INDEX tickets_by_priority;
CREATE INDEX tickets_by_priority ON tickets (priority, updated_at DESC, id DESC);

DROP INDEX tickets_by_client_status;
CREATE INDEX tickets_active_by_updated ON tickets (updated_at, id)
    WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX tickets_active_by_client ON tickets (client_id, updated_at, id)
    WHERE status NOT IN ('resolved', 'closed');

-- Lowercased "CODE name", written by the store with full Unicode case folding (SQLite's
-- lower() knows only ASCII).
ALTER TABLE clients ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE clients SET search_text = lower(code || ' ' || name);
