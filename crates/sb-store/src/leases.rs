//! Who holds each unit of background work: leases with a fencing number, the fence that every
//! write made under a lease passes, and the vendors' shared rate limits.
//!
//! Architecture Invariant (DESIGN 10): a unit is held by one process at a time. Taking it over
//! from a holder whose hold ran out raises the fencing number, and every transaction begun
//! inside [`fenced`] first checks the lease row for the number it was taken with
//! ([`check_fence`]): a paused or cut-off process that wakes after a take-over finds the
//! number changed and records nothing.

use sqlx::any::AnyRow;
use sqlx::Row;

use crate::location::Backend;
use crate::{Result, Store, StoreError};

/// One process's hold on a unit: the unit's key, the holder's id and the fencing number it
/// was taken with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    pub unit: String,
    pub holder: String,
    pub fence: i64,
}

/// Who a process is, to the other processes of a workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// Unique to the process (host, pid and a random part).
    pub id: String,
    /// For people: "Anna Petrova · sb worker · build-01 · pid 4711".
    pub name: String,
}

/// A unit's lease row, for Settings -> Background work and `sb worker status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseRecord {
    pub unit: String,
    pub holder: Option<String>,
    pub holder_name: Option<String>,
    pub fence: i64,
    pub taken_at: Option<i64>,
    pub expires_at: i64,
    pub last_success_at: Option<i64>,
    pub last_error: Option<String>,
    pub last_error_at: Option<i64>,
    pub errors: i64,
}

tokio::task_local! {
    static FENCE: Lease;
}

/// Runs `work` under `lease`: every transaction the store begins inside it (in this task)
/// first checks that the lease is still held with its fencing number, and fails with
/// [`StoreError::LeaseLost`] when it is not.
pub async fn fenced<F: std::future::Future>(lease: Lease, work: F) -> F::Output {
    FENCE.scope(lease, work).await
}

/// The lease the current task works under, if any.
pub fn current_lease() -> Option<Lease> {
    FENCE.try_with(Clone::clone).ok()
}

/// The fence: inside [`fenced`], checks in the transaction just begun that the lease is still
/// held with the number it was taken with. Outside, nothing.
///
/// PostgreSQL: the lease row is read `FOR SHARE`, so a take-over (an UPDATE) waits for this
/// transaction to end, while the holder's other fenced transactions read it beside it.
/// SQLite: the row is touched by an UPDATE, which takes the database's write lock at once and
/// keeps it to the commit (as `BEGIN IMMEDIATE` would), so no take-over comes in between and no
/// other writer's commit makes this transaction's first write fail. Fenced work therefore opens
/// no second write transaction while one is open (it would wait for its own lock).
pub(crate) async fn check_fence(conn: &mut sqlx::AnyConnection, backend: Backend) -> Result<()> {
    let Some(lease) = current_lease() else {
        return Ok(());
    };
    let sql = match backend {
        Backend::Postgres => {
            "SELECT fence FROM work_leases WHERE unit = $1 AND holder = $2 AND fence = $3 FOR SHARE"
        }
        Backend::Sqlite => {
            "UPDATE work_leases SET fence = fence WHERE unit = $1 AND holder = $2 AND fence = $3 \
             RETURNING fence"
        }
    };
    let held: Option<i64> = sqlx::query_scalar(sql)
        .bind(&lease.unit)
        .bind(&lease.holder)
        .bind(lease.fence)
        .fetch_optional(&mut *conn)
        .await?;
    if held.is_some() {
        Ok(())
    } else {
        Err(StoreError::LeaseLost { unit: lease.unit })
    }
}

const LEASE_COLUMNS: &str = "unit, holder, holder_name, fence, taken_at, expires_at, \
    last_success_at, last_error, last_error_at, errors";

impl Store {
    /// Takes `unit` for `holder` until `now + ttl_ms` when it is free, its hold ran out, or
    /// `holder` has it already (then the hold is renewed under the same number). A take-over
    /// raises the fencing number. `None` when another process holds it, or is taking it at
    /// this moment (PostgreSQL: the row is locked, and skipped rather than waited for).
    pub async fn take_lease(
        &self,
        unit: &str,
        holder: &Holder,
        now: i64,
        ttl_ms: i64,
    ) -> Result<Option<Lease>> {
        sqlx::query("INSERT INTO work_leases (unit) VALUES ($1) ON CONFLICT (unit) DO NOTHING")
            .bind(unit)
            .execute(&self.pool)
            .await?;
        let skip_locked = match self.backend {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let fence: Option<i64> = sqlx::query_scalar(&format!(
            "UPDATE work_leases SET \
               fence = CASE WHEN holder = $2 THEN fence ELSE fence + 1 END, \
               taken_at = CASE WHEN holder = $2 THEN taken_at ELSE $4 END, \
               holder = $2, holder_name = $3, expires_at = $5 \
             WHERE unit = (SELECT unit FROM work_leases WHERE unit = $1 \
                 AND (holder IS NULL OR holder = $2 OR expires_at < $4){skip_locked}) \
             RETURNING fence"
        ))
        .bind(unit)
        .bind(&holder.id)
        .bind(&holder.name)
        .bind(now)
        .bind(now + ttl_ms)
        .fetch_optional(&self.pool)
        .await?;
        Ok(fence.map(|fence| Lease {
            unit: unit.to_string(),
            holder: holder.id.clone(),
            fence,
        }))
    }

    /// The heartbeat: holds `lease` until `now + ttl_ms`. `false` when it was lost (taken
    /// over), and the work under it must stop.
    pub async fn renew_lease(&self, lease: &Lease, now: i64, ttl_ms: i64) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE work_leases SET expires_at = $1 WHERE unit = $2 AND holder = $3 AND fence = $4",
        )
        .bind(now + ttl_ms)
        .bind(&lease.unit)
        .bind(&lease.holder)
        .bind(lease.fence)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Lets the unit go at once (a clean stop), if still held: the next taker need not wait
    /// for the hold to run out.
    pub async fn release_lease(&self, lease: &Lease) -> Result<()> {
        sqlx::query(
            "UPDATE work_leases SET holder = NULL, holder_name = NULL, taken_at = NULL, \
               expires_at = 0 WHERE unit = $1 AND holder = $2 AND fence = $3",
        )
        .bind(&lease.unit)
        .bind(&lease.holder)
        .bind(lease.fence)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A round of the unit's work went well (recorded by its holder only).
    pub async fn lease_succeeded(&self, lease: &Lease, now: i64) -> Result<()> {
        sqlx::query(
            "UPDATE work_leases SET last_success_at = $1 WHERE unit = $2 AND holder = $3 AND fence = $4",
        )
        .bind(now)
        .bind(&lease.unit)
        .bind(&lease.holder)
        .bind(lease.fence)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A round of the unit's work failed: counted, with the error (no secret in it: errors
    /// are written for people and never carry one).
    pub async fn lease_failed(&self, lease: &Lease, error: &str, now: i64) -> Result<()> {
        sqlx::query(
            "UPDATE work_leases SET last_error = $1, last_error_at = $2, errors = errors + 1 \
             WHERE unit = $3 AND holder = $4 AND fence = $5",
        )
        .bind(error)
        .bind(now)
        .bind(&lease.unit)
        .bind(&lease.holder)
        .bind(lease.fence)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Every unit that was ever held, by key.
    pub async fn leases(&self) -> Result<Vec<LeaseRecord>> {
        sqlx::query(&format!(
            "SELECT {LEASE_COLUMNS} FROM work_leases ORDER BY unit"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(lease_from_row)
        .collect()
    }

    /// One request against the shared rate limit `name` at `now`: `Ok(())` when it may go,
    /// `Err(ms)` to wait before asking again. A compare-and-set on the stored number, tried
    /// again when another process took a request in between.
    pub async fn take_rate(
        &self,
        name: &str,
        rate: sb_domain::pacing::SharedRate,
        now: i64,
    ) -> Result<std::result::Result<(), i64>> {
        loop {
            let tat = self.rate_tat(name).await?;
            let next = match rate.take(tat, now) {
                Ok(next) => next,
                Err(wait) => return Ok(Err(wait)),
            };
            if self.set_rate_tat(name, tat, next).await? {
                return Ok(Ok(()));
            }
        }
    }

    /// The vendor said to slow down: no request under `name` before `until`, on any desk.
    pub async fn pause_rate(
        &self,
        name: &str,
        rate: sb_domain::pacing::SharedRate,
        until: i64,
    ) -> Result<()> {
        loop {
            let tat = self.rate_tat(name).await?;
            let next = rate.pause_until(tat, until);
            if next == tat || self.set_rate_tat(name, tat, next).await? {
                return Ok(());
            }
        }
    }

    async fn rate_tat(&self, name: &str) -> Result<i64> {
        sqlx::query(
            "INSERT INTO rate_limits (name, tat) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .execute(&self.pool)
        .await?;
        Ok(
            sqlx::query_scalar("SELECT tat FROM rate_limits WHERE name = $1")
                .bind(name)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    async fn set_rate_tat(&self, name: &str, seen: i64, next: i64) -> Result<bool> {
        let n = sqlx::query("UPDATE rate_limits SET tat = $1 WHERE name = $2 AND tat = $3")
            .bind(next)
            .bind(name)
            .bind(seen)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(n == 1)
    }
}

fn lease_from_row(r: &AnyRow) -> Result<LeaseRecord> {
    Ok(LeaseRecord {
        unit: r.try_get("unit")?,
        holder: r.try_get("holder")?,
        holder_name: r.try_get("holder_name")?,
        fence: r.try_get("fence")?,
        taken_at: r.try_get("taken_at")?,
        expires_at: r.try_get("expires_at")?,
        last_success_at: r.try_get("last_success_at")?,
        last_error: r.try_get("last_error")?,
        last_error_at: r.try_get("last_error_at")?,
        errors: r.try_get("errors")?,
    })
}
