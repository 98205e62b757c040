//! What the lead's metrics read for a period: one fact per ticket opened or resolved in it, the
//! tickets open when it began, each person's open tickets and logged time, and the vendor
//! cases escalated in it. The counting itself is sb-domain's (`metrics::summarize`).

use sb_domain::metrics::{load_spans, Compliance, Fact, HourCounts, Load, Satisfaction, BUCKETS};
use sqlx::Row;

use crate::vendors::BondTiming;
use crate::{Result, Store};

/// Which tickets a report counts: each filter set narrows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetricsFilter {
    pub client_id: Option<i64>,
    pub direction: Option<String>,
    pub line: Option<String>,
    pub assignee_id: Option<i64>,
    pub channel: Option<String>,
}

impl MetricsFilter {
    /// ` AND ...` on the tickets aliased `t`, its values numbered from `$first`.
    fn sql(&self, first: usize) -> (String, Vec<Value>) {
        let mut sql = String::new();
        let mut values = Vec::new();
        let mut add = |column: &str, v: Value| {
            sql.push_str(&format!(" AND t.{column} = ${}", first + values.len()));
            values.push(v);
        };
        if let Some(c) = self.client_id {
            add("client_id", Value::Int(c));
        }
        if let Some(d) = &self.direction {
            add("direction", Value::Text(d.clone()));
        }
        if let Some(l) = &self.line {
            add("line", Value::Text(l.clone()));
        }
        if let Some(a) = self.assignee_id {
            add("assignee_id", Value::Int(a));
        }
        if let Some(c) = &self.channel {
            add("channel", Value::Text(c.clone()));
        }
        (sql, values)
    }
}

#[derive(Debug, Clone)]
enum Value {
    Int(i64),
    Text(String),
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    values: &'q [Value],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for v in values {
        q = match v {
            Value::Int(i) => q.bind(*i),
            Value::Text(t) => q.bind(t.as_str()),
        };
    }
    q
}

/// A person's open tickets now and the minutes they logged in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonLoad {
    pub user_id: i64,
    pub name: String,
    pub open_now: i64,
    pub logged_minutes: i64,
}

impl Store {
    /// One fact per ticket opened or resolved in `[from, to)` under `filter`.
    pub async fn metrics_facts(
        &self,
        from: i64,
        to: i64,
        filter: &MetricsFilter,
    ) -> Result<Vec<Fact>> {
        let (extra, values) = filter.sql(3);
        // Two ranges, each on its own index (an OR of them would scan the table); a ticket
        // opened and resolved in the period comes once (the rows are the same).
        let select = format!(
            "SELECT t.id, t.created_at, t.first_response_at, t.resolved_at, t.assignee_id, \
               t.sla_response_ok, t.sla_resolution_ok, {RATING} AS rating FROM tickets t"
        );
        let sql = format!(
            "{select} WHERE t.created_at >= $1 AND t.created_at < $2{extra} \
             UNION \
             {select} WHERE t.resolved_at >= $1 AND t.resolved_at < $2{extra}"
        );
        let q = bind_all(sqlx::query(&sql).bind(from).bind(to), &values);
        q.fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                let flag = |c: &str| -> Result<Option<bool>> {
                    Ok(r.try_get::<Option<i64>, _>(c)?.map(|v| v != 0))
                };
                Ok(Fact {
                    created_at: r.try_get("created_at")?,
                    first_response_at: r.try_get("first_response_at")?,
                    done_at: r.try_get("resolved_at")?,
                    assignee: r.try_get("assignee_id")?,
                    response_ok: flag("sla_response_ok")?,
                    resolution_ok: flag("sla_resolution_ok")?,
                    rating: r.try_get("rating")?,
                })
            })
            .collect()
    }

    /// Tickets opened before `at` and not resolved by then, under `filter`.
    pub async fn open_at(&self, at: i64, filter: &MetricsFilter) -> Result<i64> {
        let (extra, values) = filter.sql(2);
        let sql = format!(
            "SELECT COUNT(*) FROM tickets t WHERE t.created_at < $1 \
               AND (t.resolved_at IS NULL OR t.resolved_at >= $1){extra}"
        );
        let q = bind_all(sqlx::query(&sql).bind(at), &values);
        Ok(q.fetch_one(&self.pool).await?.try_get(0)?)
    }

    /// Each person with open tickets now or time logged on work days `from_day..=to_day`,
    /// under `filter` (the engineer filter is the person).
    pub async fn people_load(
        &self,
        from_day: i64,
        to_day: i64,
        filter: &MetricsFilter,
    ) -> Result<Vec<PersonLoad>> {
        let (extra, values) = filter.sql(1);
        let open_sql = format!(
            "SELECT t.assignee_id AS user_id, COUNT(*) AS n FROM tickets t \
             WHERE t.status NOT IN ('resolved', 'closed') AND t.assignee_id IS NOT NULL{extra} \
             GROUP BY t.assignee_id"
        );
        let open = bind_all(sqlx::query(&open_sql), &values)
            .fetch_all(&self.pool)
            .await?;
        let people_filter = MetricsFilter {
            assignee_id: None,
            ..filter.clone()
        };
        let (extra, values) = people_filter.sql(3);
        let person = filter
            .assignee_id
            .map(|id| format!(" AND e.user_id = {id}"))
            .unwrap_or_default();
        // Without a filter on the tickets, the sums per person and day the entries' triggers
        // keep (migration 0043); with one, the entries of those tickets.
        let logged_sql = if extra.is_empty() {
            format!(
                "SELECT e.user_id, CAST(SUM(e.minutes) AS BIGINT) AS n FROM metrics_logged e \
                 WHERE e.work_date >= $1 AND e.work_date <= $2{person} GROUP BY e.user_id \
                 HAVING SUM(e.entries) > 0"
            )
        } else {
            format!(
                "SELECT e.user_id, CAST(SUM(e.actual_minutes) AS BIGINT) AS n \
                 FROM time_entries e JOIN tickets t ON t.id = e.ticket_id \
                 WHERE e.work_date >= $1 AND e.work_date <= $2{extra}{person} GROUP BY e.user_id"
            )
        };
        let logged = bind_all(
            sqlx::query(&logged_sql).bind(from_day).bind(to_day),
            &values,
        )
        .fetch_all(&self.pool)
        .await?;
        let names: std::collections::BTreeMap<i64, String> = self
            .users()
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        let mut out: std::collections::BTreeMap<i64, PersonLoad> = Default::default();
        let blank = |id: i64| PersonLoad {
            user_id: id,
            name: names.get(&id).cloned().unwrap_or_default(),
            open_now: 0,
            logged_minutes: 0,
        };
        for r in &open {
            let id: i64 = r.try_get("user_id")?;
            out.entry(id).or_insert_with(|| blank(id)).open_now = r.try_get("n")?;
        }
        for r in &logged {
            let id: i64 = r.try_get("user_id")?;
            out.entry(id).or_insert_with(|| blank(id)).logged_minutes = r.try_get("n")?;
        }
        Ok(out.into_values().collect())
    }

    /// The vendor cases escalated in `[from, to)` on tickets under `filter`.
    pub async fn bond_timings_between(
        &self,
        from: i64,
        to: i64,
        filter: &MetricsFilter,
    ) -> Result<Vec<BondTiming>> {
        let (extra, values) = filter.sql(3);
        let sql = format!(
            "SELECT b.vendor_id, t.direction, b.escalated_at, b.acknowledged_at, b.resolved_at \
             FROM bonds b JOIN tickets t ON t.id = b.ticket_id \
             WHERE b.escalated_at >= $1 AND b.escalated_at < $2{extra} ORDER BY b.id"
        );
        bind_all(sqlx::query(&sql).bind(from).bind(to), &values)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(crate::vendors::bond_timing_of)
            .collect()
    }
}

/// A ticket whose figures changed since they were last rolled up: the hours and days to
/// count again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaleRoll {
    pub id: i64,
    pub created_at: i64,
    /// As read: a ticket changed again meanwhile stays stale.
    pub updated_at: i64,
    pub resolved_at: Option<i64>,
    /// When it was resolved as last rolled up.
    pub rolled_resolved_at: Option<i64>,
}

const HOUR_COLUMNS: &str = "hour, opened, resolved, response_kept, response_missed, \
    resolution_kept, resolution_missed, rated_1, rated_2, rated_3, rated_4, rated_5";

fn counts_of(r: &sqlx::any::AnyRow) -> Result<HourCounts> {
    let g = |c: &str| -> Result<i64> { Ok(r.try_get::<i64, _>(c)?) };
    Ok(HourCounts {
        opened: g("opened")?,
        resolved: g("resolved")?,
        response: Compliance {
            kept: g("response_kept")?,
            missed: g("response_missed")?,
        },
        resolution: Compliance {
            kept: g("resolution_kept")?,
            missed: g("resolution_missed")?,
        },
        satisfaction: Satisfaction {
            ratings: [
                g("rated_1")?,
                g("rated_2")?,
                g("rated_3")?,
                g("rated_4")?,
                g("rated_5")?,
            ],
        },
    })
}

impl Store {
    /// Up to `limit` tickets changed since they were last rolled up.
    pub async fn stale_rolls(&self, limit: i64) -> Result<Vec<StaleRoll>> {
        sqlx::query(
            "SELECT id, created_at, updated_at, resolved_at, rolled_resolved_at FROM tickets \
             WHERE rolled_at IS NULL OR rolled_at < updated_at ORDER BY created_at LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(StaleRoll {
                id: r.try_get("id")?,
                created_at: r.try_get("created_at")?,
                updated_at: r.try_get("updated_at")?,
                resolved_at: r.try_get("resolved_at")?,
                rolled_resolved_at: r.try_get("rolled_resolved_at")?,
            })
        })
        .collect()
    }

    /// How many tickets wait to be rolled up (stops counting at `cap`). Ordered as the
    /// partial index `tickets_roll_stale` is, so SQLite reads it instead of every ticket.
    pub async fn count_stale_rolls(&self, cap: i64) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM tickets \
             WHERE rolled_at IS NULL OR rolled_at < updated_at ORDER BY created_at LIMIT $1) s",
        )
        .bind(cap)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Writes a round of the rollup in one transaction: each hour's rows (the desk's and each
    /// assignee's) and each UTC day's duration buckets replaced, and the tickets marked rolled
    /// up, each only if unchanged since it was read as stale (`rolled_at = updated_at`: no
    /// clock is compared, so desks' clocks may differ).
    pub async fn put_rolled(
        &self,
        hours: &[RolledHour],
        days: &[RolledDay],
        rolled: &[StaleRoll],
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        for h in hours {
            put_hour(&mut tx, h).await?;
        }
        for d in days {
            put_day(&mut tx, d).await?;
        }
        for chunk in rolled.chunks(500) {
            let seen = chunk
                .iter()
                .map(|r| format!("({}, {})", r.id, r.updated_at))
                .collect::<Vec<_>>()
                .join(", ");
            // Joined by id: one lookup per ticket (a correlated `IN` scanned every ticket
            // per chunk, hours at a million).
            sqlx::query(&format!(
                "WITH seen (id, at) AS (VALUES {seen}) \
                 UPDATE tickets SET rolled_at = updated_at, rolled_resolved_at = resolved_at \
                 FROM seen WHERE tickets.id = seen.id AND tickets.updated_at = seen.at"
            ))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The desk's rolled-up hours in `[from_hour, to_hour)`.
    pub async fn rolled_hours(
        &self,
        from_hour: i64,
        to_hour: i64,
    ) -> Result<Vec<(i64, HourCounts)>> {
        sqlx::query(&format!(
            "SELECT {HOUR_COLUMNS} FROM metrics_hours \
             WHERE dim = '' AND value = '' AND hour >= $1 AND hour < $2 ORDER BY hour"
        ))
        .bind(from_hour)
        .bind(to_hour)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("hour")?, counts_of(r)?)))
        .collect()
    }

    /// Each assignee's tickets opened and resolved over `[from_hour, to_hour)`: the whole UTC
    /// days from `metrics_load_days`, the hours at the edges from `metrics_hours` (a year is
    /// a few hundred rows per person, not thousands).
    pub async fn rolled_load(&self, from_hour: i64, to_hour: i64) -> Result<Vec<(i64, Load)>> {
        let spans = load_spans(from_hour, to_hour);
        let hours =
            "SELECT CAST(value AS BIGINT) AS user_id, CAST(SUM(opened) AS BIGINT) AS opened, \
             CAST(SUM(resolved) AS BIGINT) AS resolved FROM metrics_hours \
             WHERE dim = 'assignee' AND hour >= $1 AND hour < $2 GROUP BY value";
        let days = "SELECT user_id, CAST(SUM(opened) AS BIGINT) AS opened, \
             CAST(SUM(resolved) AS BIGINT) AS resolved FROM metrics_load_days \
             WHERE day >= $1 AND day < $2 GROUP BY user_id";
        let mut by: std::collections::BTreeMap<i64, Load> = Default::default();
        let parts = std::iter::once((days, spans.days.clone()))
            .chain(spans.hours.iter().map(|h| (hours, h.clone())))
            .filter(|(_, r)| !r.is_empty());
        for (sql, range) in parts {
            for r in sqlx::query(sql)
                .bind(range.start)
                .bind(range.end)
                .fetch_all(&self.pool)
                .await?
            {
                let l = by.entry(r.try_get("user_id")?).or_default();
                l.opened += r.try_get::<i64, _>("opened")?;
                l.closed += r.try_get::<i64, _>("resolved")?;
            }
        }
        Ok(by.into_iter().collect())
    }

    /// Duration buckets summed over UTC days `from_day..=to_day`: (response, resolution).
    pub async fn rolled_buckets(&self, from_day: i64, to_day: i64) -> Result<(Vec<i64>, Vec<i64>)> {
        let mut response = vec![0i64; BUCKETS.len() + 1];
        let mut resolution = vec![0i64; BUCKETS.len() + 1];
        for r in sqlx::query(
            "SELECT kind, bucket, CAST(SUM(n) AS BIGINT) AS n FROM metrics_spread \
             WHERE day >= $1 AND day <= $2 GROUP BY kind, bucket",
        )
        .bind(from_day)
        .bind(to_day)
        .fetch_all(&self.pool)
        .await?
        {
            let kind: String = r.try_get("kind")?;
            let bucket = usize::try_from(r.try_get::<i64, _>("bucket")?).unwrap_or(usize::MAX);
            let n: i64 = r.try_get("n")?;
            let into = if kind == "response" {
                &mut response
            } else {
                &mut resolution
            };
            if let Some(slot) = into.get_mut(bucket) {
                *slot += n;
            }
        }
        Ok((response, resolution))
    }

    /// Tickets opened before `hour` and not resolved by then, from the rollup.
    pub async fn rolled_open_before(&self, hour: i64) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(opened) - SUM(resolved), 0) AS BIGINT) FROM metrics_hours \
             WHERE dim = '' AND value = '' AND hour < $1",
        )
        .bind(hour)
        .fetch_one(&self.pool)
        .await?)
    }
}

/// One hour of the rollup: the desk's counts and each assignee's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolledHour {
    pub hour: i64,
    pub desk: HourCounts,
    pub by_assignee: Vec<(i64, HourCounts)>,
}

/// One UTC day's duration buckets (`BUCKETS.len() + 1` counts each) and each assignee's
/// tickets opened and resolved that day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolledDay {
    pub day: i64,
    pub response: Vec<i64>,
    pub resolution: Vec<i64>,
    pub load: Vec<(i64, Load)>,
}

async fn put_hour(tx: &mut sqlx::Transaction<'_, sqlx::Any>, h: &RolledHour) -> Result<()> {
    sqlx::query("DELETE FROM metrics_hours WHERE hour = $1")
        .bind(h.hour)
        .execute(&mut **tx)
        .await?;
    let rows = std::iter::once(("", String::new(), &h.desk))
        .filter(|(_, _, c)| !c.is_empty())
        .chain(
            h.by_assignee
                .iter()
                .map(|(id, c)| ("assignee", id.to_string(), c)),
        );
    for (dim, value, c) in rows {
        let r = c.satisfaction.ratings;
        sqlx::query(&format!(
            "INSERT INTO metrics_hours (dim, value, {HOUR_COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
             ON CONFLICT (dim, value, hour) DO UPDATE SET opened = EXCLUDED.opened, \
               resolved = EXCLUDED.resolved, response_kept = EXCLUDED.response_kept, \
               response_missed = EXCLUDED.response_missed, \
               resolution_kept = EXCLUDED.resolution_kept, \
               resolution_missed = EXCLUDED.resolution_missed, rated_1 = EXCLUDED.rated_1, \
               rated_2 = EXCLUDED.rated_2, rated_3 = EXCLUDED.rated_3, \
               rated_4 = EXCLUDED.rated_4, rated_5 = EXCLUDED.rated_5"
        ))
        .bind(dim)
        .bind(value)
        .bind(h.hour)
        .bind(c.opened)
        .bind(c.resolved)
        .bind(c.response.kept)
        .bind(c.response.missed)
        .bind(c.resolution.kept)
        .bind(c.resolution.missed)
        .bind(r[0])
        .bind(r[1])
        .bind(r[2])
        .bind(r[3])
        .bind(r[4])
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn put_day(tx: &mut sqlx::Transaction<'_, sqlx::Any>, d: &RolledDay) -> Result<()> {
    sqlx::query("DELETE FROM metrics_spread WHERE day = $1")
        .bind(d.day)
        .execute(&mut **tx)
        .await?;
    for (kind, counts) in [("response", &d.response), ("resolution", &d.resolution)] {
        for (bucket, n) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
            sqlx::query(
                "INSERT INTO metrics_spread (day, kind, bucket, n) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (day, kind, bucket) DO UPDATE SET n = EXCLUDED.n",
            )
            .bind(d.day)
            .bind(kind)
            .bind(bucket as i64)
            .bind(*n)
            .execute(&mut **tx)
            .await?;
        }
    }
    sqlx::query("DELETE FROM metrics_load_days WHERE day = $1")
        .bind(d.day)
        .execute(&mut **tx)
        .await?;
    for (user_id, l) in &d.load {
        sqlx::query(
            "INSERT INTO metrics_load_days (day, user_id, opened, resolved) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (day, user_id) DO UPDATE SET opened = EXCLUDED.opened, \
               resolved = EXCLUDED.resolved",
        )
        .bind(d.day)
        .bind(*user_id)
        .bind(l.opened)
        .bind(l.closed)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A ticket's satisfaction rating (1-5), if the client gave one.
const RATING: &str = "(SELECT s.rating FROM ticket_satisfaction s WHERE s.ticket_id = t.id)";
