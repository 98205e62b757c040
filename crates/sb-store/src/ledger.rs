//! The hours ledger's tables: support-hours packages with their running balances (per budget
//! key, per day), the thresholds they crossed, the history of their terms, time entries with
//! their draws, and running timers; and each crossing's notices to the people who keep the
//! packages.
//!
//! Architecture Invariant: the store never decides a draw. sb-domain allocates an entry from a
//! snapshot of the client's packages, and the store writes that allocation only if the client's
//! ledger has not moved since the snapshot (`clients.ledger_version`, compare-and-set); the
//! entry, its draws, the balances, the daily minutes, the thresholds and their notices move in
//! one transaction.
//! A lost race writes nothing and the app allocates again.

use sb_domain::{told_of_crossings, Role};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::sla::{word, TAKING_PART};
use crate::{Result, Store, StoreError};

/// A package as the app layer checked it; `terms` and `rolled` are JSON (sb-domain types).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageWrite {
    pub client_id: i64,
    pub name: String,
    pub start_day: i64,
    pub end_day: i64,
    pub stack_order: i64,
    pub terms: String,
    pub rolled: Option<String>,
    pub rolled_until: Option<i64>,
    pub total_minutes: i64,
    pub renewed_from_id: Option<i64>,
}

/// Used minutes of one budget key (`""` for a shared pool).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageRow {
    pub key: String,
    pub used_base: i64,
    pub used_rolled: i64,
    /// Overage minutes logged on this key.
    pub used_overage: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageRecord {
    pub id: i64,
    pub client_id: i64,
    pub client_code: String,
    pub client_name: String,
    pub name: String,
    pub start_day: i64,
    pub end_day: i64,
    pub stack_order: i64,
    pub terms: String,
    pub rolled: Option<String>,
    pub rolled_until: Option<i64>,
    pub total_minutes: i64,
    pub used_minutes: i64,
    pub overage_minutes: i64,
    pub renewed_from_id: Option<i64>,
    pub closed_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub usage: Vec<UsageRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageChange {
    pub id: i64,
    pub actor_name: String,
    pub at: i64,
    pub change: String,
    pub old_terms: Option<String>,
    pub new_terms: Option<String>,
}

/// A draw of an entry as sb-domain decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawWrite {
    pub package_id: Option<i64>,
    /// A direction, or `""` for a shared pool (or for minutes no package covers).
    pub key: String,
    /// `rolled`, `base` or `overage`.
    pub kind: String,
    pub minutes: i64,
    pub rate_per_hour: Option<i64>,
}

/// A time entry to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryWrite {
    pub ticket_id: i64,
    pub client_id: i64,
    pub user_id: i64,
    pub work_date: i64,
    pub actual_minutes: i64,
    pub billable_minutes: i64,
    pub work_type: String,
    pub billable: bool,
    pub note: String,
    pub adjusts_id: Option<i64>,
}

/// What an entry write does to the ledger besides the entry row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerMove<'a> {
    pub client_id: i64,
    /// The client's `ledger_version` the allocation was made from.
    pub expected_version: i64,
    pub draws: &'a [DrawWrite],
    /// Thresholds the entry crosses (kept once each).
    pub thresholds: &'a [Crossed],
    pub now: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRecord {
    pub id: i64,
    pub ticket_id: i64,
    pub ticket_subject: String,
    pub ticket_direction: String,
    pub client_id: i64,
    pub user_id: i64,
    pub user_name: String,
    pub work_date: i64,
    pub actual_minutes: i64,
    pub billable_minutes: i64,
    pub work_type: String,
    pub billable: bool,
    pub note: String,
    pub state: String,
    pub adjusts_id: Option<i64>,
    pub moved_from_ticket_id: Option<i64>,
    pub created_at: i64,
    pub approved_by_name: Option<String>,
    pub approved_at: Option<i64>,
    pub invoiced_at: Option<i64>,
    pub draws: Vec<DrawWrite>,
}

/// A threshold crossed: on a package's whole hours (`key` `""`) or on one direction's budget.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Crossed {
    pub package_id: i64,
    pub key: String,
    /// Percent of hours used; 0 = burning faster than the calendar.
    pub threshold: i64,
}

/// One person's notice of a crossing: when it was written (with the crossing) and when one of
/// their desks showed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThresholdNoticeRow {
    pub crossed: Crossed,
    pub created_at: i64,
    pub shown_at: Option<i64>,
}

const NOTICE_COLUMNS: &str = "package_id, budget_key, threshold, created_at, shown_at";

fn notice_from_row(r: &AnyRow) -> Result<ThresholdNoticeRow> {
    Ok(ThresholdNoticeRow {
        crossed: Crossed {
            package_id: r.try_get("package_id")?,
            key: r.try_get("budget_key")?,
            threshold: r.try_get("threshold")?,
        },
        created_at: r.try_get("created_at")?,
        shown_at: r.try_get("shown_at")?,
    })
}

/// A threshold a package crossed, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossedAt {
    pub key: String,
    pub threshold: i64,
    pub crossed_at: i64,
    /// When the crossing's notices were written: with the crossing (those migration 0052
    /// found untold, at that upgrade).
    pub notified_at: Option<i64>,
}

/// A package in the portfolio: the figures the account manager sorts by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortfolioRow {
    pub package: PackageRecord,
    /// Covered minutes used in the last 30 days.
    pub used_last_30: i64,
    /// Thresholds crossed since the given moment: `(key, threshold)`, `""` the whole package.
    pub crossed_recently: Vec<(String, i64)>,
}

const PACKAGE_COLUMNS: &str = "p.id, p.client_id, c.code AS client_code, c.name AS client_name, \
    p.name, p.start_day, p.end_day, p.stack_order, p.terms, p.rolled, p.rolled_until, \
    p.total_minutes, p.used_minutes, p.overage_minutes, p.renewed_from_id, p.closed_at, \
    p.created_at, p.updated_at";

const ENTRY_COLUMNS: &str = "e.id, e.ticket_id, t.subject AS ticket_subject, \
    t.direction AS ticket_direction, e.client_id, e.user_id, u.name AS user_name, e.work_date, \
    e.actual_minutes, e.billable_minutes, e.work_type, e.billable, e.note, e.state, \
    e.adjusts_id, e.moved_from_ticket_id, e.created_at, a.name AS approved_by_name, \
    e.approved_at, e.invoiced_at";

const ENTRY_FROM: &str = "time_entries e JOIN tickets t ON t.id = e.ticket_id \
    JOIN users u ON u.id = e.user_id LEFT JOIN users a ON a.id = e.approved_by";

impl Store {
    // --- packages ------------------------------------------------------------------------

    /// Writes a new package if the client's ledger is still at `expected_version` (the
    /// snapshot its checks were made on); `None`, writing nothing, when it moved. A second
    /// next period of one package is refused by the database (a unique violation).
    pub async fn create_package(
        &self,
        p: &PackageWrite,
        expected_version: i64,
        actor: i64,
        now: i64,
    ) -> Result<Option<i64>> {
        let mut tx = self.begin().await?;
        if !claim_version(&mut tx, p.client_id, expected_version).await? {
            return Ok(None);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO packages (client_id, name, start_day, end_day, stack_order, terms, \
               rolled, rolled_until, total_minutes, renewed_from_id, created_by, created_at, \
               updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) \
             RETURNING id",
        )
        .bind(p.client_id)
        .bind(&p.name)
        .bind(p.start_day)
        .bind(p.end_day)
        .bind(p.stack_order)
        .bind(&p.terms)
        .bind(&p.rolled)
        .bind(p.rolled_until)
        .bind(p.total_minutes)
        .bind(p.renewed_from_id)
        .bind(actor)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let change = if p.renewed_from_id.is_some() {
            "renewed"
        } else {
            "created"
        };
        history(&mut tx, id, actor, now, change, None, Some(&p.terms)).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// New terms for a package, if the client's ledger is still at `expected_version`; the
    /// old ones go to its history. `None` when the ledger moved (nothing written), `false`
    /// when the package is closed.
    pub async fn update_package(
        &self,
        id: i64,
        p: &PackageWrite,
        expected_version: i64,
        actor: i64,
        now: i64,
    ) -> Result<Option<bool>> {
        let mut tx = self.begin().await?;
        if !claim_version(&mut tx, p.client_id, expected_version).await? {
            return Ok(None);
        }
        let old: Option<String> =
            sqlx::query_scalar("SELECT terms FROM packages WHERE id = $1 AND closed_at IS NULL")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(old) = old else {
            return Ok(Some(false));
        };
        sqlx::query(
            "UPDATE packages SET name = $1, start_day = $2, end_day = $3, stack_order = $4, \
               terms = $5, total_minutes = $6, updated_at = $7 WHERE id = $8",
        )
        .bind(&p.name)
        .bind(p.start_day)
        .bind(p.end_day)
        .bind(p.stack_order)
        .bind(&p.terms)
        .bind(p.total_minutes)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        history(
            &mut tx,
            id,
            actor,
            now,
            "edited",
            Some(&old),
            Some(&p.terms),
        )
        .await?;
        tx.commit().await?;
        Ok(Some(true))
    }

    /// Closes a package: it takes no more time. `false` when it was closed already.
    pub async fn close_package(&self, id: i64, actor: i64, now: i64) -> Result<bool> {
        let mut tx = self.begin().await?;
        let client: Option<i64> = sqlx::query_scalar(
            "UPDATE packages SET closed_at = $1, updated_at = $1 \
             WHERE id = $2 AND closed_at IS NULL RETURNING client_id",
        )
        .bind(now)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(client) = client else {
            return Ok(false);
        };
        history(&mut tx, id, actor, now, "closed", None, None).await?;
        bump(&mut tx, client).await?;
        tx.commit().await?;
        Ok(true)
    }

    pub async fn package(&self, id: i64) -> Result<Option<PackageRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {PACKAGE_COLUMNS} FROM packages p JOIN clients c ON c.id = p.client_id \
             WHERE p.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => {
                let mut p = package_from_row(&r)?;
                p.usage = self.usage_of(&[p.id]).await?.remove(0).1;
                Ok(Some(p))
            }
            None => Ok(None),
        }
    }

    /// A client's packages, newest period first, with their balances.
    pub async fn packages_of_client(&self, client_id: i64) -> Result<Vec<PackageRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {PACKAGE_COLUMNS} FROM packages p JOIN clients c ON c.id = p.client_id \
             WHERE p.client_id = $1 ORDER BY p.end_day DESC, p.stack_order, p.id"
        ))
        .bind(client_id)
        .fetch_all(&self.pool)
        .await?;
        self.with_usage(rows.iter().map(package_from_row).collect::<Result<_>>()?)
            .await
    }

    /// The client's ledger version and its packages, read together: what an allocation is
    /// made from.
    pub async fn ledger_snapshot(&self, client_id: i64) -> Result<(i64, Vec<PackageRecord>)> {
        let version: i64 = sqlx::query_scalar("SELECT ledger_version FROM clients WHERE id = $1")
            .bind(client_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound {
                what: "client",
                id: client_id.to_string(),
            })?;
        Ok((version, self.packages_of_client(client_id).await?))
    }

    async fn with_usage(&self, mut packages: Vec<PackageRecord>) -> Result<Vec<PackageRecord>> {
        let ids: Vec<i64> = packages.iter().map(|p| p.id).collect();
        let usage = self.usage_of(&ids).await?;
        for (p, (_, u)) in packages.iter_mut().zip(usage) {
            p.usage = u;
        }
        Ok(packages)
    }

    /// Usage rows of these packages, in the same order.
    async fn usage_of(&self, ids: &[i64]) -> Result<Vec<(i64, Vec<UsageRow>)>> {
        let mut out: Vec<(i64, Vec<UsageRow>)> = ids.iter().map(|id| (*id, Vec::new())).collect();
        if ids.is_empty() {
            return Ok(out);
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let rows = sqlx::query(&format!(
            "SELECT package_id, budget_key, used_base, used_rolled, used_overage \
             FROM package_usage WHERE package_id IN ({list}) ORDER BY package_id, budget_key"
        ))
        .fetch_all(&self.pool)
        .await?;
        let at: std::collections::HashMap<i64, usize> =
            ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        for r in rows {
            let id: i64 = r.try_get("package_id")?;
            if let Some((_, u)) = at.get(&id).map(|i| &mut out[*i]) {
                u.push(UsageRow {
                    key: r.try_get("budget_key")?,
                    used_base: r.try_get("used_base")?,
                    used_rolled: r.try_get("used_rolled")?,
                    used_overage: r.try_get("used_overage")?,
                });
            }
        }
        Ok(out)
    }

    /// A package's usage per budget key from the entries worked on or before `last_day`: its
    /// balances as they stood at the end of that day (a statement's period end).
    pub async fn usage_until(&self, package_id: i64, last_day: i64) -> Result<Vec<UsageRow>> {
        let rows = sqlx::query(
            "SELECT d.budget_key, \
               CAST(COALESCE(SUM(CASE WHEN d.kind = 'base' THEN d.minutes ELSE 0 END), 0) AS BIGINT) \
                 AS used_base, \
               CAST(COALESCE(SUM(CASE WHEN d.kind = 'rolled' THEN d.minutes ELSE 0 END), 0) AS BIGINT) \
                 AS used_rolled, \
               CAST(COALESCE(SUM(CASE WHEN d.kind = 'overage' THEN d.minutes ELSE 0 END), 0) AS BIGINT) \
                 AS used_overage \
             FROM time_draws d JOIN time_entries e ON e.id = d.entry_id \
             WHERE d.package_id = $1 AND e.work_date <= $2 \
             GROUP BY d.budget_key ORDER BY d.budget_key",
        )
        .bind(package_id)
        .bind(last_day)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(UsageRow {
                    key: r.try_get("budget_key")?,
                    used_base: r.try_get("used_base")?,
                    used_rolled: r.try_get("used_rolled")?,
                    used_overage: r.try_get("used_overage")?,
                })
            })
            .collect()
    }

    pub async fn package_history(&self, id: i64) -> Result<Vec<PackageChange>> {
        sqlx::query(
            "SELECT h.id, u.name AS actor_name, h.at, h.change, h.old_terms, h.new_terms \
             FROM package_history h JOIN users u ON u.id = h.actor_id \
             WHERE h.package_id = $1 ORDER BY h.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(PackageChange {
                id: r.try_get("id")?,
                actor_name: r.try_get("actor_name")?,
                at: r.try_get("at")?,
                change: r.try_get("change")?,
                old_terms: r.try_get("old_terms")?,
                new_terms: r.try_get("new_terms")?,
            })
        })
        .collect()
    }

    /// Covered minutes per day of a package, by day.
    pub async fn package_daily(&self, id: i64) -> Result<Vec<(i64, i64)>> {
        let rows = sqlx::query(
            "SELECT day, minutes FROM package_daily WHERE package_id = $1 ORDER BY day",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("day")?, r.try_get("minutes")?)))
            .collect()
    }

    /// Thresholds a package crossed, the whole package's first, by key then threshold.
    pub async fn package_thresholds(&self, id: i64) -> Result<Vec<CrossedAt>> {
        let rows = sqlx::query(
            "SELECT budget_key, threshold, crossed_at, notified_at FROM package_thresholds \
             WHERE package_id = $1 ORDER BY budget_key, threshold",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CrossedAt {
                    key: r.try_get("budget_key")?,
                    threshold: r.try_get("threshold")?,
                    crossed_at: r.try_get("crossed_at")?,
                    notified_at: r.try_get("notified_at")?,
                })
            })
            .collect()
    }

    /// Records thresholds found outside an entry write (burning faster than the calendar),
    /// with their notices; returns the ones that are new.
    pub async fn record_thresholds(&self, pairs: &[Crossed], now: i64) -> Result<Vec<Crossed>> {
        let mut tx = self.begin().await?;
        let new = insert_thresholds(&mut tx, pairs, now).await?;
        tx.commit().await?;
        Ok(new)
    }

    /// The person's threshold notices not shown yet, marked shown (each is shown once, on one
    /// of their desks), by package, key and threshold.
    pub async fn take_threshold_notices(
        &self,
        user_id: i64,
        now: i64,
    ) -> Result<Vec<ThresholdNoticeRow>> {
        let Some(list) = self.mark_shown("threshold_notices", user_id, now).await? else {
            return Ok(Vec::new());
        };
        let rows = sqlx::query(&format!(
            "SELECT {NOTICE_COLUMNS} FROM threshold_notices \
             WHERE id IN ({list}) ORDER BY package_id, budget_key, threshold, id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(notice_from_row).collect()
    }

    /// The person's latest threshold notices, newest first, shown or not (`sb hours notices`).
    pub async fn threshold_notices_of(
        &self,
        user_id: i64,
        limit: i64,
    ) -> Result<Vec<ThresholdNoticeRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {NOTICE_COLUMNS} FROM threshold_notices WHERE user_id = $1 \
             ORDER BY id DESC LIMIT $2"
        ))
        .bind(user_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(notice_from_row).collect()
    }

    /// Every open package whose period has not ended before `today`, with its last 30 days
    /// and the thresholds it crossed since `since`: the account manager's portfolio.
    pub async fn portfolio(&self, today: i64, since: i64) -> Result<Vec<PortfolioRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {PACKAGE_COLUMNS}, \
               (SELECT CAST(COALESCE(SUM(d.minutes), 0) AS BIGINT) FROM package_daily d \
                 WHERE d.package_id = p.id AND d.day > $1 - 30 AND d.day <= $1) AS last_30 \
             FROM packages p JOIN clients c ON c.id = p.client_id \
             WHERE p.closed_at IS NULL AND p.end_day >= $1 AND p.start_day <= $1 \
             ORDER BY p.id"
        ))
        .bind(today)
        .fetch_all(&self.pool)
        .await?;
        let mut last_30 = Vec::with_capacity(rows.len());
        let mut packages = Vec::with_capacity(rows.len());
        for r in &rows {
            last_30.push(r.try_get::<i64, _>("last_30")?);
            packages.push(package_from_row(r)?);
        }
        let recent = sqlx::query(
            "SELECT package_id, budget_key, threshold FROM package_thresholds \
             WHERE crossed_at >= $1 ORDER BY package_id, budget_key, threshold",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        let mut crossed: std::collections::HashMap<i64, Vec<(String, i64)>> = Default::default();
        for r in recent {
            crossed
                .entry(r.try_get("package_id")?)
                .or_default()
                .push((r.try_get("budget_key")?, r.try_get("threshold")?));
        }
        let packages = self.with_usage(packages).await?;
        Ok(packages
            .into_iter()
            .zip(last_30)
            .map(|(package, used_last_30)| PortfolioRow {
                crossed_recently: crossed.remove(&package.id).unwrap_or_default(),
                package,
                used_last_30,
            })
            .collect())
    }

    /// Clients that no open package covers on `today`, by code, with the last day any package
    /// of theirs ended: `(id, code, name, last_end)`.
    pub async fn clients_without_package(
        &self,
        today: i64,
    ) -> Result<Vec<(i64, String, String, Option<i64>)>> {
        let rows = sqlx::query(
            "SELECT c.id, c.code, c.name, \
               (SELECT MAX(p.end_day) FROM packages p WHERE p.client_id = c.id) AS last_end \
             FROM clients c WHERE NOT EXISTS (SELECT 1 FROM packages p WHERE p.client_id = c.id \
               AND p.closed_at IS NULL AND p.start_day <= $1 AND p.end_day >= $1) \
             ORDER BY c.code",
        )
        .bind(today)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("id")?,
                    r.try_get("code")?,
                    r.try_get("name")?,
                    r.try_get("last_end")?,
                ))
            })
            .collect()
    }

    // --- time entries ----------------------------------------------------------------------

    /// Writes an entry with its draws, if the client's ledger is still at `expected_version`.
    /// Returns the entry's id and the thresholds crossed for the first time, or `None` (nothing
    /// written) when another entry or change came first.
    pub async fn log_entry(
        &self,
        e: &EntryWrite,
        m: &LedgerMove<'_>,
    ) -> Result<Option<(i64, Vec<Crossed>)>> {
        let mut tx = self.begin().await?;
        if !claim(&mut tx, m).await? {
            return Ok(None);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO time_entries (ticket_id, client_id, user_id, work_date, actual_minutes, \
               billable_minutes, work_type, billable, note, state, adjusts_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $11) RETURNING id",
        )
        .bind(e.ticket_id)
        .bind(e.client_id)
        .bind(e.user_id)
        .bind(e.work_date)
        .bind(e.actual_minutes)
        .bind(e.billable_minutes)
        .bind(&e.work_type)
        .bind(i64::from(e.billable))
        .bind(&e.note)
        .bind(e.adjusts_id)
        .bind(m.now)
        .fetch_one(&mut *tx)
        .await?;
        write_draws(&mut tx, id, e.work_date, m.draws, 1).await?;
        let new = insert_thresholds(&mut tx, m.thresholds, m.now).await?;
        tx.commit().await?;
        Ok(Some((id, new)))
    }

    /// Replaces a draft's fields and draws (its old draws are given back first). `None` when
    /// the ledger moved, or the entry is no longer a draft.
    pub async fn update_draft(
        &self,
        id: i64,
        e: &EntryWrite,
        m: &LedgerMove<'_>,
    ) -> Result<Option<Vec<Crossed>>> {
        let mut tx = self.begin().await?;
        if !claim(&mut tx, m).await? {
            return Ok(None);
        }
        if give_back_draft(&mut tx, id).await?.is_none() {
            tx.rollback().await?;
            return Ok(None);
        }
        sqlx::query(
            "UPDATE time_entries SET work_date = $1, actual_minutes = $2, billable_minutes = $3, \
               work_type = $4, billable = $5, note = $6 WHERE id = $7 AND state = 'draft'",
        )
        .bind(e.work_date)
        .bind(e.actual_minutes)
        .bind(e.billable_minutes)
        .bind(&e.work_type)
        .bind(i64::from(e.billable))
        .bind(&e.note)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        write_draws(&mut tx, id, e.work_date, m.draws, 1).await?;
        let new = insert_thresholds(&mut tx, m.thresholds, m.now).await?;
        tx.commit().await?;
        Ok(Some(new))
    }

    /// Deletes a draft and gives its minutes back. `false` when it is not a draft (or gone).
    pub async fn delete_draft(&self, id: i64) -> Result<bool> {
        let mut tx = self.begin().await?;
        let client: Option<i64> = sqlx::query_scalar(
            "SELECT client_id FROM time_entries WHERE id = $1 AND state = 'draft'",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(client) = client else {
            return Ok(false);
        };
        bump(&mut tx, client).await?;
        if give_back_draft(&mut tx, id).await?.is_none() {
            tx.rollback().await?;
            return Ok(false);
        }
        sqlx::query("DELETE FROM time_entries WHERE id = $1 AND state = 'draft'")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Moves entries from one state to the next (`draft -> approved`, `approved -> invoiced`):
    /// the given ids, or every entry of a client in a period when `ids` is `None`. Returns how
    /// many moved.
    pub async fn advance_entries(
        &self,
        from: &str,
        to: &str,
        ids: Option<&[i64]>,
        client_period: Option<(i64, i64, i64)>,
        actor: i64,
        now: i64,
    ) -> Result<u64> {
        let stamp = match to {
            "approved" => "approved_by = $3, approved_at = $4",
            "invoiced" => "invoiced_at = $4, approved_by = COALESCE(approved_by, $3)",
            other => {
                return Err(StoreError::Conflict(format!(
                    "entries cannot move to '{other}'"
                )))
            }
        };
        let (filter, extra) = match (ids, client_period) {
            (Some(ids), _) => {
                if ids.is_empty() {
                    return Ok(0);
                }
                let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
                (format!("id IN ({list})"), None)
            }
            (None, Some(cp)) => (
                "client_id = $5 AND work_date >= $6 AND work_date <= $7".to_string(),
                Some(cp),
            ),
            (None, None) => return Ok(0),
        };
        let sql =
            format!("UPDATE time_entries SET state = $1, {stamp} WHERE state = $2 AND {filter}");
        let mut q = sqlx::query(&sql).bind(to).bind(from).bind(actor).bind(now);
        if let Some((client, first, last)) = extra {
            q = q.bind(client).bind(first).bind(last);
        }
        Ok(q.execute(&self.pool).await?.rows_affected())
    }

    pub async fn entry(&self, id: i64) -> Result<Option<EntryRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {ENTRY_COLUMNS} FROM {ENTRY_FROM} WHERE e.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => Ok(self.with_draws(vec![entry_from_row(&r)?]).await?.pop()),
            None => Ok(None),
        }
    }

    /// The corrections of an entry (adjustment entries that reference it), oldest first.
    pub async fn corrections_of(&self, entry_id: i64) -> Result<Vec<EntryRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {ENTRY_COLUMNS} FROM {ENTRY_FROM} WHERE e.adjusts_id = $1 ORDER BY e.id"
        ))
        .bind(entry_id)
        .fetch_all(&self.pool)
        .await?;
        self.with_draws(rows.iter().map(entry_from_row).collect::<Result<_>>()?)
            .await
    }

    /// How many of a client's entries wait for approval.
    pub async fn count_drafts(&self, client_id: i64) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM time_entries WHERE client_id = $1 AND state = 'draft'",
        )
        .bind(client_id)
        .fetch_one(&self.pool)
        .await?)
    }

    /// A ticket's time, oldest first.
    pub async fn entries_of_ticket(&self, ticket_id: i64) -> Result<Vec<EntryRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {ENTRY_COLUMNS} FROM {ENTRY_FROM} WHERE e.ticket_id = $1 ORDER BY e.id"
        ))
        .bind(ticket_id)
        .fetch_all(&self.pool)
        .await?;
        self.with_draws(rows.iter().map(entry_from_row).collect::<Result<_>>()?)
            .await
    }

    /// A client's entries worked in `[first, last]` (days), by work date then id, `limit`
    /// after the `(work_date, id)` cursor.
    pub async fn entries_of_client(
        &self,
        client_id: i64,
        first: i64,
        last: i64,
        after: Option<(i64, i64)>,
        limit: i64,
    ) -> Result<Vec<EntryRecord>> {
        let (a_day, a_id) = after.unwrap_or((i64::MIN, i64::MIN));
        let rows = sqlx::query(&format!(
            "SELECT {ENTRY_COLUMNS} FROM {ENTRY_FROM} WHERE e.client_id = $1 \
               AND e.work_date >= $2 AND e.work_date <= $3 \
               AND (e.work_date > $4 OR (e.work_date = $4 AND e.id > $5)) \
             ORDER BY e.work_date, e.id LIMIT $6"
        ))
        .bind(client_id)
        .bind(first)
        .bind(last)
        .bind(a_day)
        .bind(a_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        self.with_draws(rows.iter().map(entry_from_row).collect::<Result<_>>()?)
            .await
    }

    /// The entries that drew from a package, newest first, `limit` before entry id `before`.
    pub async fn entries_of_package(
        &self,
        package_id: i64,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<EntryRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {ENTRY_COLUMNS} FROM {ENTRY_FROM} WHERE e.id IN ( \
               SELECT d.entry_id FROM time_draws d WHERE d.package_id = $1 AND d.entry_id < $2 \
               ORDER BY d.entry_id DESC LIMIT $3) \
             ORDER BY e.id DESC"
        ))
        .bind(package_id)
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        self.with_draws(rows.iter().map(entry_from_row).collect::<Result<_>>()?)
            .await
    }

    async fn with_draws(&self, mut entries: Vec<EntryRecord>) -> Result<Vec<EntryRecord>> {
        if entries.is_empty() {
            return Ok(entries);
        }
        let list = entries
            .iter()
            .map(|e| e.id.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let rows = sqlx::query(&format!(
            "SELECT entry_id, package_id, budget_key, kind, minutes, rate_per_hour \
             FROM time_draws WHERE entry_id IN ({list}) ORDER BY entry_id, seq"
        ))
        .fetch_all(&self.pool)
        .await?;
        let at: std::collections::HashMap<i64, usize> =
            entries.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
        for r in rows {
            let id: i64 = r.try_get("entry_id")?;
            if let Some(i) = at.get(&id) {
                entries[*i].draws.push(draw_from_row(&r)?);
            }
        }
        Ok(entries)
    }

    // --- timers ------------------------------------------------------------------------------

    /// Starts timing a ticket; `false` when this person already times it.
    pub async fn start_timer(&self, user_id: i64, ticket_id: i64, now: i64) -> Result<bool> {
        Ok(sqlx::query(
            "INSERT INTO timers (user_id, ticket_id, started_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, ticket_id) DO NOTHING",
        )
        .bind(user_id)
        .bind(ticket_id)
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1)
    }

    /// Stops a timer; when it started, or `None` when none ran.
    pub async fn stop_timer(&self, user_id: i64, ticket_id: i64) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "DELETE FROM timers WHERE user_id = $1 AND ticket_id = $2 RETURNING started_at",
        )
        .bind(user_id)
        .bind(ticket_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// This person's running timers: `(ticket, started_at)`, oldest first.
    pub async fn timers(&self, user_id: i64) -> Result<Vec<(i64, i64)>> {
        let rows = sqlx::query(
            "SELECT ticket_id, started_at FROM timers WHERE user_id = $1 ORDER BY started_at",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("ticket_id")?, r.try_get("started_at")?)))
            .collect()
    }
}

/// The compare-and-set that orders every ledger write of a client.
async fn claim(tx: &mut Transaction<'_, Any>, m: &LedgerMove<'_>) -> Result<bool> {
    claim_version(tx, m.client_id, m.expected_version).await
}

async fn claim_version(
    tx: &mut Transaction<'_, Any>,
    client_id: i64,
    expected: i64,
) -> Result<bool> {
    Ok(sqlx::query(
        "UPDATE clients SET ledger_version = ledger_version + 1 \
         WHERE id = $1 AND ledger_version = $2",
    )
    .bind(client_id)
    .bind(expected)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// A change to packages moves the client's ledger too: allocations made before it are stale.
async fn bump(tx: &mut Transaction<'_, Any>, client_id: i64) -> Result<()> {
    sqlx::query("UPDATE clients SET ledger_version = ledger_version + 1 WHERE id = $1")
        .bind(client_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn history(
    tx: &mut Transaction<'_, Any>,
    package_id: i64,
    actor: i64,
    now: i64,
    change: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO package_history (package_id, actor_id, at, change, old_terms, new_terms) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(package_id)
    .bind(actor)
    .bind(now)
    .bind(change)
    .bind(old)
    .bind(new)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes draws (`sign` 1) or takes them back (`sign` -1) from the balances and daily minutes.
async fn write_draws(
    tx: &mut Transaction<'_, Any>,
    entry_id: i64,
    work_date: i64,
    draws: &[DrawWrite],
    sign: i64,
) -> Result<()> {
    for (seq, d) in (0_i64..).zip(draws) {
        if sign > 0 {
            sqlx::query(
                "INSERT INTO time_draws (entry_id, seq, package_id, budget_key, kind, minutes, \
                   rate_per_hour) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(entry_id)
            .bind(seq)
            .bind(d.package_id)
            .bind(&d.key)
            .bind(&d.kind)
            .bind(d.minutes)
            .bind(d.rate_per_hour)
            .execute(&mut **tx)
            .await?;
        }
        let Some(package) = d.package_id else {
            continue;
        };
        let minutes = d.minutes * sign;
        match d.kind.as_str() {
            "overage" => {
                sqlx::query(
                    "UPDATE packages SET overage_minutes = overage_minutes + $1 WHERE id = $2",
                )
                .bind(minutes)
                .bind(package)
                .execute(&mut **tx)
                .await?;
                sqlx::query(
                    "INSERT INTO package_usage (package_id, budget_key, used_overage) \
                     VALUES ($1, $2, $3) ON CONFLICT (package_id, budget_key) DO UPDATE \
                     SET used_overage = package_usage.used_overage + excluded.used_overage",
                )
                .bind(package)
                .bind(&d.key)
                .bind(minutes)
                .execute(&mut **tx)
                .await?;
            }
            kind => {
                let (base, rolled) = if kind == "rolled" {
                    (0, minutes)
                } else {
                    (minutes, 0)
                };
                sqlx::query(
                    "INSERT INTO package_usage (package_id, budget_key, used_base, used_rolled) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (package_id, budget_key) DO UPDATE \
                     SET used_base = package_usage.used_base + excluded.used_base, \
                         used_rolled = package_usage.used_rolled + excluded.used_rolled",
                )
                .bind(package)
                .bind(&d.key)
                .bind(base)
                .bind(rolled)
                .execute(&mut **tx)
                .await?;
                sqlx::query("UPDATE packages SET used_minutes = used_minutes + $1 WHERE id = $2")
                    .bind(minutes)
                    .bind(package)
                    .execute(&mut **tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO package_daily (package_id, day, minutes) VALUES ($1, $2, $3) \
                     ON CONFLICT (package_id, day) DO UPDATE \
                     SET minutes = package_daily.minutes + excluded.minutes",
                )
                .bind(package)
                .bind(work_date)
                .bind(minutes)
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    Ok(())
}

/// Gives a draft's draws back and deletes them; its work date, or `None` when it is not a
/// draft.
async fn give_back_draft(tx: &mut Transaction<'_, Any>, id: i64) -> Result<Option<i64>> {
    let date: Option<i64> =
        sqlx::query_scalar("SELECT work_date FROM time_entries WHERE id = $1 AND state = 'draft'")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    let Some(date) = date else {
        return Ok(None);
    };
    let draws: Vec<DrawWrite> = sqlx::query(
        "SELECT package_id, budget_key, kind, minutes, rate_per_hour FROM time_draws \
         WHERE entry_id = $1 ORDER BY seq",
    )
    .bind(id)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(draw_from_row)
    .collect::<Result<_>>()?;
    write_draws(tx, id, date, &draws, -1).await?;
    sqlx::query("DELETE FROM time_draws WHERE entry_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(Some(date))
}

/// Records the crossings; each new one is, in the same transaction, a notice for every person
/// who keeps the packages (`package_keepers`). Returns the new ones.
async fn insert_thresholds(
    tx: &mut Transaction<'_, Any>,
    crossed: &[Crossed],
    now: i64,
) -> Result<Vec<Crossed>> {
    let mut new = Vec::new();
    for c in crossed {
        let n = sqlx::query(
            "INSERT INTO package_thresholds (package_id, budget_key, threshold, crossed_at, \
               notified_at) \
             VALUES ($1, $2, $3, $4, $4) ON CONFLICT (package_id, budget_key, threshold) DO NOTHING",
        )
        .bind(c.package_id)
        .bind(&c.key)
        .bind(c.threshold)
        .bind(now)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if n == 1 {
            new.push(c.clone());
        }
    }
    if new.is_empty() {
        return Ok(new);
    }
    let people = package_keepers(tx).await?;
    for c in &new {
        for person in &people {
            sqlx::query(
                "INSERT INTO threshold_notices (user_id, package_id, budget_key, threshold, \
                   created_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(person)
            .bind(c.package_id)
            .bind(&c.key)
            .bind(c.threshold)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(new)
}

/// Who is told of a crossing: sb-domain's `told_of_crossings` over the people taking part.
/// Migration 0052 holds the same rule in SQL for the crossings it found untold.
async fn package_keepers(tx: &mut Transaction<'_, Any>) -> Result<Vec<i64>> {
    let people: Vec<(i64, Role)> = sqlx::query(&format!(
        "SELECT u.id, u.role FROM users u WHERE {TAKING_PART} ORDER BY u.id"
    ))
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, word(&r.try_get::<String, _>("role")?)?)))
    .collect::<Result<_>>()?;
    Ok(told_of_crossings(&people))
}

fn draw_from_row(r: &AnyRow) -> Result<DrawWrite> {
    Ok(DrawWrite {
        package_id: r.try_get("package_id")?,
        key: r.try_get("budget_key")?,
        kind: r.try_get("kind")?,
        minutes: r.try_get("minutes")?,
        rate_per_hour: r.try_get("rate_per_hour")?,
    })
}

fn package_from_row(r: &AnyRow) -> Result<PackageRecord> {
    Ok(PackageRecord {
        id: r.try_get("id")?,
        client_id: r.try_get("client_id")?,
        client_code: r.try_get("client_code")?,
        client_name: r.try_get("client_name")?,
        name: r.try_get("name")?,
        start_day: r.try_get("start_day")?,
        end_day: r.try_get("end_day")?,
        stack_order: r.try_get("stack_order")?,
        terms: r.try_get("terms")?,
        rolled: r.try_get("rolled")?,
        rolled_until: r.try_get("rolled_until")?,
        total_minutes: r.try_get("total_minutes")?,
        used_minutes: r.try_get("used_minutes")?,
        overage_minutes: r.try_get("overage_minutes")?,
        renewed_from_id: r.try_get("renewed_from_id")?,
        closed_at: r.try_get("closed_at")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        usage: Vec::new(),
    })
}

fn entry_from_row(r: &AnyRow) -> Result<EntryRecord> {
    Ok(EntryRecord {
        id: r.try_get("id")?,
        ticket_id: r.try_get("ticket_id")?,
        ticket_subject: r.try_get("ticket_subject")?,
        ticket_direction: r.try_get("ticket_direction")?,
        client_id: r.try_get("client_id")?,
        user_id: r.try_get("user_id")?,
        user_name: r.try_get("user_name")?,
        work_date: r.try_get("work_date")?,
        actual_minutes: r.try_get("actual_minutes")?,
        billable_minutes: r.try_get("billable_minutes")?,
        work_type: r.try_get("work_type")?,
        billable: r.try_get::<i64, _>("billable")? != 0,
        note: r.try_get("note")?,
        state: r.try_get("state")?,
        adjusts_id: r.try_get("adjusts_id")?,
        moved_from_ticket_id: r.try_get("moved_from_ticket_id")?,
        created_at: r.try_get("created_at")?,
        approved_by_name: r.try_get("approved_by_name")?,
        approved_at: r.try_get("approved_at")?,
        invoiced_at: r.try_get("invoiced_at")?,
        draws: Vec::new(),
    })
}
