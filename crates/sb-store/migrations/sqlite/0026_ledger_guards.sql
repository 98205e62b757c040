-- Guards of the hours ledger: a package has at most one next period (even when two desks
-- renew it at the same moment), overage is kept per budget key like covered time, thresholds
-- are crossed per budget key as well as on the whole package, and no balance goes below zero.

-- A database from before this migration may hold a package renewed twice: the later copies
-- keep their hours but are no longer "the next period" (the older one stays so).
UPDATE packages SET renewed_from_id = NULL
WHERE renewed_from_id IS NOT NULL
  AND id <> (SELECT MIN(p.id) FROM packages p WHERE p.renewed_from_id = packages.renewed_from_id);
CREATE UNIQUE INDEX packages_one_next_period ON packages (renewed_from_id)
    WHERE renewed_from_id IS NOT NULL;

ALTER TABLE package_usage ADD COLUMN used_overage INTEGER NOT NULL DEFAULT 0;
INSERT INTO package_usage (package_id, budget_key, used_overage)
    SELECT package_id, budget_key, SUM(minutes) FROM time_draws
    WHERE kind = 'overage' AND package_id IS NOT NULL
    GROUP BY package_id, budget_key
    ON CONFLICT (package_id, budget_key) DO UPDATE SET used_overage = excluded.used_overage;

-- budget_key: '' for the whole package, else a direction of a package split per direction.
CREATE TABLE package_thresholds_by_key (
    package_id  INTEGER NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
    budget_key  TEXT    NOT NULL DEFAULT '',
    threshold   INTEGER NOT NULL,    -- percent of hours used; 0 = burning faster than the calendar
    crossed_at  INTEGER NOT NULL,
    notified_at INTEGER,
    PRIMARY KEY (package_id, budget_key, threshold)
);
INSERT INTO package_thresholds_by_key (package_id, budget_key, threshold, crossed_at, notified_at)
    SELECT package_id, '', threshold, crossed_at, notified_at FROM package_thresholds;
DROP TABLE package_thresholds;
ALTER TABLE package_thresholds_by_key RENAME TO package_thresholds;

-- A balance may not move below zero. (A balance already below zero from before this migration
-- may still move up: its client can go on logging. Written minutes arrive as an upsert whose
-- proposed row carries the change itself, so only the update is checked.)
CREATE TRIGGER package_usage_not_below_zero_update BEFORE UPDATE ON package_usage
WHEN (NEW.used_base < 0 AND NEW.used_base < OLD.used_base)
  OR (NEW.used_rolled < 0 AND NEW.used_rolled < OLD.used_rolled)
  OR (NEW.used_overage < 0 AND NEW.used_overage < OLD.used_overage)
BEGIN
    SELECT RAISE(ABORT, 'a package balance cannot go below zero');
END;
