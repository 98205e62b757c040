//! What the lead's metrics read for a period: one fact per ticket opened or resolved in it, the
//! tickets open when it began, each person's open tickets and logged time, and the vendor
//! cases escalated in it. The counting itself is sb-domain's (`metrics::summarize`).

use sb_domain::metrics::Fact;
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
        let sql = format!(
            "SELECT t.created_at, t.first_response_at, t.resolved_at, t.assignee_id, \
               t.sla_response_ok, t.sla_resolution_ok, {rating} AS rating \
             FROM tickets t \
             WHERE ((t.created_at >= $1 AND t.created_at < $2) \
                 OR (t.resolved_at >= $1 AND t.resolved_at < $2)){extra}",
            rating = RATING,
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
        let logged_sql = format!(
            "SELECT e.user_id, CAST(SUM(e.actual_minutes) AS BIGINT) AS n \
             FROM time_entries e JOIN tickets t ON t.id = e.ticket_id \
             WHERE e.work_date >= $1 AND e.work_date <= $2{extra}{person} GROUP BY e.user_id"
        );
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

/// A ticket's satisfaction rating, once the client-mail work has its table (issue 16, item 5).
const RATING: &str = "CAST(NULL AS BIGINT)";
