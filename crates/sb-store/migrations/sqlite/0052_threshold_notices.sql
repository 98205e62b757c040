-- A package crossing an hours threshold (or burning faster than the calendar) is told to the
-- people who keep the packages, not to whichever desk happened to be open: one notice per
-- person, shown once (`shown_at`) on whichever of their desks looks first. Written in the same
-- transaction as the crossing (`package_thresholds`), by whoever logs the time. The people are
-- those whose role has `Duty::Packages` (sb-domain's access table: account managers and
-- admins), without system users and removed team members; a workspace with none of them tells
-- everyone, so a one-person desk is still told.
CREATE TABLE threshold_notices (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    package_id  INTEGER NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
    -- The budget crossed: a direction, or '' for the whole package.
    budget_key  TEXT    NOT NULL,
    -- Percent of hours used; 0 = burning faster than the calendar.
    threshold   INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    shown_at    INTEGER
);
CREATE INDEX threshold_notices_unshown ON threshold_notices (user_id, id) WHERE shown_at IS NULL;

-- Crossings nobody was told of yet become today's people's notices. `notified_at` now says
-- when a crossing's notices were written.
INSERT INTO threshold_notices (user_id, package_id, budget_key, threshold, created_at)
SELECT u.id, t.package_id, t.budget_key, t.threshold, t.crossed_at
FROM package_thresholds t CROSS JOIN users u
WHERE t.notified_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM system_users s WHERE s.user_id = u.id)
  AND NOT EXISTS (SELECT 1 FROM team_members m WHERE m.user_id = u.id AND m.removed_at IS NOT NULL)
  AND (u.role IN ('account_manager', 'admin')
       OR NOT EXISTS (SELECT 1 FROM users k WHERE k.role IN ('account_manager', 'admin')
                        AND NOT EXISTS (SELECT 1 FROM system_users s WHERE s.user_id = k.id)
                        AND NOT EXISTS (SELECT 1 FROM team_members m WHERE m.user_id = k.id
                                          AND m.removed_at IS NOT NULL)))
ORDER BY t.crossed_at, t.package_id, t.budget_key, t.threshold, u.id;
UPDATE package_thresholds
SET notified_at = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
WHERE notified_at IS NULL;
