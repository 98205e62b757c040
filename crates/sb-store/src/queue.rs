//! The queue: filters, two orders, and keyset pages (never OFFSET, never a full COUNT).
//!
//! Architecture Invariant: a page is found from the last row of the previous one through an
//! index that ends in `(updated_at, id)`, so page 1,000 costs what page 1 costs.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sb_domain::{Channel, Line, Status};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::records::{parse_word, priority_from_row};
use crate::{QueueRow, Result, Store, StoreError};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum QueueSort {
    /// Most recently updated first.
    #[default]
    Updated,
    /// P1 first, then most recently updated.
    Priority,
    /// The nearest SLA due time first; then the tickets without a running clock (paused, no
    /// target), most recently updated first.
    Due,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFilter {
    /// Any of these statuses; empty means every status.
    pub statuses: Vec<Status>,
    pub client_id: Option<i64>,
    pub direction: Option<String>,
    pub assignee_id: Option<i64>,
    /// Only tickets nobody has taken (ignored when `assignee_id` is set).
    pub unassigned: bool,
    pub line: Option<Line>,
    pub channel: Option<Channel>,
    /// The queue a routing rule gave the ticket.
    pub queue: Option<String>,
    /// Only tickets with a running SLA clock due after this moment ...
    pub due_after: Option<i64>,
    /// ... and no later than this one.
    pub due_before: Option<i64>,
    /// Only tickets whose SLA is breached as of this moment (a running clock past its due
    /// time, or a breach recorded while paused).
    pub breached_at: Option<i64>,
    pub sort: QueueSort,
}

/// Where the next page starts: the sort key of the last row shown. Opaque to callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueCursor {
    pub priority: i64,
    pub updated_at: i64,
    pub id: i64,
    /// The row's SLA due time (the due order's key; none past the tickets that have one).
    pub due: Option<i64>,
}

impl QueueCursor {
    pub fn after(row: &QueueRow) -> QueueCursor {
        QueueCursor {
            priority: row.priority.rank(),
            updated_at: row.updated_at,
            id: row.id,
            due: row.sla_due,
        }
    }

    pub fn encode(&self) -> String {
        let due = self.due.map_or("-".to_string(), |d| d.to_string());
        URL_SAFE_NO_PAD.encode(format!(
            "{}:{}:{}:{due}",
            self.priority, self.updated_at, self.id
        ))
    }

    pub fn decode(text: &str) -> Result<QueueCursor> {
        let bad = || {
            StoreError::InvalidCursor(format!(
                "'{text}' is not a queue position; start again from the first page"
            ))
        };
        let raw = URL_SAFE_NO_PAD.decode(text).map_err(|_| bad())?;
        let raw = String::from_utf8(raw).map_err(|_| bad())?;
        let mut parts = raw.split(':');
        let mut number = || parts.next().map(str::parse::<i64>);
        let (priority, updated_at, id) = match (number(), number(), number()) {
            (Some(Ok(p)), Some(Ok(u)), Some(Ok(i))) => (p, u, i),
            _ => return Err(bad()),
        };
        // A cursor from before the due order has no fourth part.
        let due = match parts.next() {
            None | Some("-") => None,
            Some(d) => Some(d.parse::<i64>().map_err(|_| bad())?),
        };
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(QueueCursor {
            priority,
            updated_at,
            id,
            due,
        })
    }
}

const QUEUE_COLUMNS: &str = "t.id, t.priority, t.subject, t.client_id, c.code AS client_code, \
    c.name AS client_name, t.direction, t.status, t.line, t.assignee_id, u.name AS assignee_name, \
    t.updated_at, t.version, t.sla_due, t.sla_breached";

/// Binds every value of a built query, in order, whatever kind of sqlx query it is.
#[macro_export]
macro_rules! bind_all {
    ($query:expr, $values:expr) => {{
        let mut q = $query;
        for v in $values {
            q = match v {
                $crate::SqlValue::Int(i) => q.bind(i),
                $crate::SqlValue::Text(t) => q.bind(t),
            };
        }
        q
    }};
}

/// A value bound to a queue query: the store binds these, and the benchmark binds the same ones
/// to the same SQL run raw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqlValue {
    Int(i64),
    Text(String),
}

/// Statuses that are not finished: when a filter asks for exactly these, the query says
/// `status NOT IN ('resolved', 'closed')`, the predicate of the partial "active" indexes.
fn is_active_set(statuses: &[Status]) -> bool {
    let active: Vec<Status> = Status::ALL
        .iter()
        .copied()
        .filter(|s| s.is_active())
        .collect();
    statuses.len() == active.len() && active.iter().all(|s| statuses.contains(s))
}

/// One SELECT of a queue page, with its bound values.
pub type QueuePart = (String, Vec<SqlValue>);

/// Where a part starts, relative to the cursor.
#[derive(Clone, Copy)]
enum Start {
    Top,
    /// Updated order: older than the cursor row.
    OlderThan(QueueCursor),
    /// Priority order: the rest of the cursor's priority group.
    RestOfGroup(QueueCursor),
    /// Priority order: the groups after the cursor's.
    LaterGroups(i64),
    /// Due order: the tickets with a due time, from the first or after the cursor's.
    DueFrom(Option<(i64, i64)>),
    /// Due order: then the tickets without one, from the newest or older than the cursor.
    NoDueFrom(Option<QueueCursor>),
}

/// The SELECTs that make one queue page, run in order until `limit` rows are in hand.
///
/// Most pages are one SELECT. A priority page after a cursor is two, "the rest of this
/// priority" then "the next priorities", because each is a plain seek into the index on
/// `(priority, updated_at DESC, id DESC)`, where one OR-ed condition would scan the whole
/// group from its start.
pub fn queue_sql(filter: &QueueFilter, after: Option<QueueCursor>, limit: i64) -> Vec<QueuePart> {
    let starts = match (filter.sort, after) {
        (QueueSort::Due, None) => vec![Start::DueFrom(None), Start::NoDueFrom(None)],
        (QueueSort::Due, Some(c)) => match c.due {
            Some(d) => vec![Start::DueFrom(Some((d, c.id))), Start::NoDueFrom(None)],
            None => vec![Start::NoDueFrom(Some(c))],
        },
        (_, None) => vec![Start::Top],
        (QueueSort::Updated, Some(c)) => vec![Start::OlderThan(c)],
        (QueueSort::Priority, Some(c)) => {
            vec![Start::RestOfGroup(c), Start::LaterGroups(c.priority)]
        }
    };
    starts
        .into_iter()
        .map(|start| queue_part(filter, start, limit))
        .collect()
}

/// The filter's conditions, appended to `sql` (which ends in a WHERE clause), with their
/// values bound through `bind`.
fn filter_conditions(
    filter: &QueueFilter,
    sql: &mut String,
    bind: &mut dyn FnMut(SqlValue) -> String,
) {
    if is_active_set(&filter.statuses) {
        *sql += " AND t.status NOT IN ('resolved', 'closed')";
    } else if !filter.statuses.is_empty() {
        let marks: Vec<String> = filter
            .statuses
            .iter()
            .map(|s| bind(SqlValue::Text(s.as_str().into())))
            .collect();
        *sql += &format!(" AND t.status IN ({})", marks.join(", "));
    }
    if let Some(c) = filter.client_id {
        *sql += &format!(" AND t.client_id = {}", bind(SqlValue::Int(c)));
    }
    if let Some(d) = &filter.direction {
        *sql += &format!(" AND t.direction = {}", bind(SqlValue::Text(d.clone())));
    }
    if let Some(a) = filter.assignee_id {
        *sql += &format!(" AND t.assignee_id = {}", bind(SqlValue::Int(a)));
    } else if filter.unassigned {
        *sql += " AND t.assignee_id IS NULL";
    }
    if let Some(l) = filter.line {
        *sql += &format!(" AND t.line = {}", bind(SqlValue::Text(l.as_str().into())));
    }
    if let Some(c) = filter.channel {
        *sql += &format!(
            " AND t.channel = {}",
            bind(SqlValue::Text(c.as_str().into()))
        );
    }
    if let Some(q) = &filter.queue {
        *sql += &format!(" AND t.queue = {}", bind(SqlValue::Text(q.clone())));
    }
    if let Some(after) = filter.due_after {
        *sql += &format!(" AND t.sla_due > {}", bind(SqlValue::Int(after)));
    }
    if let Some(before) = filter.due_before {
        *sql += &format!(" AND t.sla_due <= {}", bind(SqlValue::Int(before)));
    }
    if let Some(now) = filter.breached_at {
        *sql += &format!(
            " AND (t.sla_breached = 1 OR t.sla_due <= {})",
            bind(SqlValue::Int(now))
        );
    }
}

fn queue_part(filter: &QueueFilter, start: Start, limit: i64) -> QueuePart {
    let mut sql = format!(
        "SELECT {QUEUE_COLUMNS} FROM tickets t JOIN clients c ON c.id = t.client_id \
         LEFT JOIN users u ON u.id = t.assignee_id WHERE 1 = 1"
    );
    let mut binds = Vec::new();
    let mut bind = |v: SqlValue| {
        binds.push(v);
        format!("${}", binds.len())
    };
    filter_conditions(filter, &mut sql, &mut bind);
    match start {
        Start::Top => {}
        Start::OlderThan(c) => {
            let (u, i) = (bind(SqlValue::Int(c.updated_at)), bind(SqlValue::Int(c.id)));
            sql += &format!(" AND (t.updated_at, t.id) < ({u}, {i})");
        }
        Start::RestOfGroup(c) => {
            let p = bind(SqlValue::Int(c.priority));
            let (u, i) = (bind(SqlValue::Int(c.updated_at)), bind(SqlValue::Int(c.id)));
            sql += &format!(" AND t.priority = {p} AND (t.updated_at, t.id) < ({u}, {i})");
        }
        Start::LaterGroups(p) => {
            sql += &format!(" AND t.priority > {}", bind(SqlValue::Int(p)));
        }
        Start::DueFrom(after) => {
            sql += " AND t.sla_due IS NOT NULL";
            if let Some((d, id)) = after {
                let (d, i) = (bind(SqlValue::Int(d)), bind(SqlValue::Int(id)));
                sql += &format!(" AND (t.sla_due, t.id) > ({d}, {i})");
            }
        }
        Start::NoDueFrom(after) => {
            sql += " AND t.sla_due IS NULL";
            if let Some(c) = after {
                let (u, i) = (bind(SqlValue::Int(c.updated_at)), bind(SqlValue::Int(c.id)));
                sql += &format!(" AND (t.updated_at, t.id) < ({u}, {i})");
            }
        }
    }
    sql += match (filter.sort, start) {
        (QueueSort::Due, Start::DueFrom(_)) => " ORDER BY t.sla_due ASC, t.id ASC",
        (QueueSort::Updated | QueueSort::Due, _) => " ORDER BY t.updated_at DESC, t.id DESC",
        (QueueSort::Priority, _) => " ORDER BY t.priority ASC, t.updated_at DESC, t.id DESC",
    };
    sql += &format!(" LIMIT {}", bind(SqlValue::Int(limit)));
    (sql, binds)
}

/// The SQL of a bounded count: how many tickets match, counting no further than `cap`.
pub fn queue_count_sql(filter: &QueueFilter, cap: i64) -> QueuePart {
    let mut sql = String::from("SELECT COUNT(*) FROM (SELECT 1 FROM tickets t WHERE 1 = 1");
    let mut binds = Vec::new();
    let mut bind = |v: SqlValue| {
        binds.push(v);
        format!("${}", binds.len())
    };
    filter_conditions(filter, &mut sql, &mut bind);
    sql += &format!(" LIMIT {}) AS matching", bind(SqlValue::Int(cap)));
    (sql, binds)
}

impl Store {
    /// How many tickets match the filter, up to `cap`: a view's badge costs at most `cap` rows,
    /// never a count of the whole table.
    pub async fn queue_count(&self, filter: &QueueFilter, cap: i64) -> Result<i64> {
        let (sql, binds) = queue_count_sql(filter, cap);
        let q = sqlx::query_scalar::<_, i64>(&sql);
        Ok(bind_all!(q, binds).fetch_one(&self.pool).await?)
    }

    /// One page of the queue after `after` (or the first page).
    pub async fn queue_page(
        &self,
        filter: &QueueFilter,
        after: Option<QueueCursor>,
        limit: i64,
    ) -> Result<Vec<QueueRow>> {
        let mut rows = Vec::new();
        for (sql, binds) in queue_sql(filter, after, limit) {
            if rows.len() as i64 >= limit {
                break;
            }
            let q = sqlx::query(&sql);
            for r in bind_all!(q, binds).fetch_all(&self.pool).await?.iter() {
                rows.push(queue_row(r)?);
            }
        }
        rows.truncate(limit.max(0) as usize);
        Ok(rows)
    }
}

fn queue_row(r: &AnyRow) -> Result<QueueRow> {
    Ok(QueueRow {
        id: r.try_get("id")?,
        priority: priority_from_row(r)?,
        subject: r.try_get("subject")?,
        client_id: r.try_get("client_id")?,
        client_code: r.try_get("client_code")?,
        client_name: r.try_get("client_name")?,
        direction: r.try_get("direction")?,
        status: parse_word(r, "status")?,
        line: parse_word(r, "line")?,
        assignee_id: r.try_get("assignee_id")?,
        assignee_name: r.try_get("assignee_name")?,
        updated_at: r.try_get("updated_at")?,
        version: r.try_get("version")?,
        sla_due: r.try_get("sla_due")?,
        sla_breached: r.try_get::<i64, _>("sla_breached")? != 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        let mut c = QueueCursor {
            priority: 2,
            updated_at: 1_700_000_000_123,
            id: 42,
            due: None,
        };
        assert_eq!(QueueCursor::decode(&c.encode()).unwrap(), c);
        c.due = Some(1_700_000_360_000);
        assert_eq!(QueueCursor::decode(&c.encode()).unwrap(), c);
        // A cursor written before the due order still reads.
        let old = URL_SAFE_NO_PAD.encode("2:1700000000123:42");
        assert_eq!(QueueCursor::decode(&old).unwrap().id, 42);
        for bad in [
            "",
            "zzz",
            "MToy",
            &URL_SAFE_NO_PAD.encode("1:2:3:x"),
            &URL_SAFE_NO_PAD.encode("1:2:3:4:5"),
        ] {
            assert!(QueueCursor::decode(bad).is_err(), "{bad:?}");
        }
    }
}
