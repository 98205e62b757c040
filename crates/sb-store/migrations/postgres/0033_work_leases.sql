-- Background work held by one process at a time (DESIGN invariant 10). One row per unit
-- (`mail-in:3`, `vendor-out:12`, ...): who holds it, the fencing number that grows at every
-- take-over (a result is recorded only under the number it was taken with), when the hold
-- ends unless renewed, and how the unit's work has gone, for Settings -> Background work.
CREATE TABLE work_leases (
    unit TEXT PRIMARY KEY,
    holder TEXT,
    holder_name TEXT,
    fence BIGINT NOT NULL DEFAULT 0,
    taken_at BIGINT,
    expires_at BIGINT NOT NULL DEFAULT 0,
    last_success_at BIGINT,
    last_error TEXT,
    last_error_at BIGINT,
    errors BIGINT NOT NULL DEFAULT 0
);

-- A vendor's rate limit, shared by every desk and worker: the generic cell rate algorithm's
-- one number (sb-domain's `pacing::SharedRate`), taken by compare-and-set.
CREATE TABLE rate_limits (
    name TEXT PRIMARY KEY,
    tat BIGINT NOT NULL
);
