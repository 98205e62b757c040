-- No lost edits: every ticket carries a version that each change raises by one, and a change a
-- person makes names the version they saw (compare-and-set). Each audit line records the
-- version its change produced, so a refused change can say who changed what since. Lines
-- written before this migration have none.
ALTER TABLE tickets ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE audit ADD COLUMN version BIGINT;
