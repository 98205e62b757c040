//! The SLA tables: working calendars with their special dates, policies (the workspace's
//! default and one per client contract) with their targets, and on each ticket what its clocks
//! need (the first public reply by a person) and show (the due times as last counted).
//!
//! The rules (what a calendar's hours mean, how a clock runs) are sb-domain's; this module
//! keeps the rows.

use sb_domain::sla::{breach_changes, told, BreachAction, Goal, NoticeReason, Threshold};
use sb_domain::{Line, Priority, Status};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::records::priority_from_row;
use crate::{Result, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarRecord {
    pub id: i64,
    pub name: String,
    /// An IANA name, such as Europe/Moscow.
    pub time_zone: String,
    /// Seven `Hours` texts, Monday first ("09:00-18:00", "" for a day off).
    pub week: Vec<String>,
    pub days: Vec<CalendarDay>,
    pub updated_at: i64,
}

/// A date that differs from its weekday.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarDay {
    /// YYYY-MM-DD.
    pub day: String,
    /// "" for a day off.
    pub hours: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarWrite {
    pub name: String,
    pub time_zone: String,
    pub week: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyRecord {
    pub id: i64,
    pub name: String,
    /// The client whose contract it is; `None` for the default policy.
    pub client_id: Option<i64>,
    pub client_code: Option<String>,
    pub is_default: bool,
    pub calendar_id: i64,
    pub calendar_name: String,
    /// The statuses that pause the client's clocks.
    pub pause_statuses: Vec<Status>,
    pub targets: Vec<TargetRecord>,
    /// What a breach does beside telling the assignee.
    pub breach_actions: Vec<BreachAction>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetRecord {
    pub priority: Priority,
    /// A direction, or `*` for every direction without a row of its own.
    pub direction: String,
    pub first_response_minutes: Option<i64>,
    pub resolution_minutes: Option<i64>,
    /// A calendar of its own (24x7 for P1), else the policy's.
    pub calendar_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyWrite {
    pub name: String,
    pub client_id: Option<i64>,
    pub is_default: bool,
    pub calendar_id: i64,
    pub pause_statuses: Vec<Status>,
    pub targets: Vec<TargetRecord>,
    pub breach_actions: Vec<BreachAction>,
}

/// What a ticket's clocks are counted from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockFacts {
    pub ticket_id: i64,
    pub client_id: i64,
    pub direction: String,
    pub priority: Priority,
    pub created_at: i64,
    pub first_response_at: Option<i64>,
    /// The status changes from the audit trail, in order: (when, the new status).
    pub statuses: Vec<(i64, String)>,
    /// The thresholds already recorded as crossed.
    pub crossed: Vec<(Goal, Threshold)>,
}

/// The clocks as last counted, kept on the ticket for the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClockColumns {
    pub response_due: Option<i64>,
    pub resolution_due: Option<i64>,
    /// The nearest due time of a running clock.
    pub sla_due: Option<i64>,
    pub breached: bool,
    /// When the background work looks at the ticket again (see `sb_domain::sla::next_alert`).
    pub alert_at: Option<i64>,
    /// Whether each target was kept (`None`: no target, or not settled and not missed yet).
    pub response_ok: Option<bool>,
    pub resolution_ok: Option<bool>,
}

/// A crossing to record, and whether people are told of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrossingWrite {
    pub goal: Goal,
    pub threshold: Threshold,
    pub at: i64,
    pub tell: bool,
}

/// What recording a ticket's crossings did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CrossingsRecorded {
    /// The crossings this call recorded (another process may have recorded the rest).
    pub recorded: Vec<(Goal, Threshold)>,
    /// Notices made, one per person and crossing told.
    pub notices: usize,
    /// The breach actions done.
    pub actions: Vec<BreachAction>,
}

/// One person's notice of a crossing, with what the window shows of the ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaNoticeRecord {
    pub id: i64,
    pub user_id: i64,
    pub ticket_id: i64,
    pub subject: String,
    pub client_code: String,
    pub priority: Priority,
    pub line: String,
    pub goal: Goal,
    pub threshold: Threshold,
    pub reason: NoticeReason,
    pub crossed_at: i64,
    pub created_at: i64,
    pub shown_at: Option<i64>,
    /// The breach actions done with it.
    pub actions: Vec<BreachAction>,
}

const CALENDAR_COLUMNS: &str = "id, name, time_zone, week, updated_at";
const POLICY_COLUMNS: &str = "p.id, p.name, p.client_id, c.code AS client_code, p.is_default, \
    p.calendar_id, w.name AS calendar_name, p.pause_statuses, p.breach_actions, p.created_at, \
    p.updated_at";
const POLICY_FROM: &str = "sla_policies p JOIN work_calendars w ON w.id = p.calendar_id \
    LEFT JOIN clients c ON c.id = p.client_id";

impl Store {
    pub async fn calendars(&self) -> Result<Vec<CalendarRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {CALENDAR_COLUMNS} FROM work_calendars ORDER BY name"
        ))
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            out.push(self.calendar_of(r).await?);
        }
        Ok(out)
    }

    pub async fn calendar(&self, id: i64) -> Result<Option<CalendarRecord>> {
        match sqlx::query(&format!(
            "SELECT {CALENDAR_COLUMNS} FROM work_calendars WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        {
            Some(r) => Ok(Some(self.calendar_of(&r).await?)),
            None => Ok(None),
        }
    }

    async fn calendar_of(&self, r: &AnyRow) -> Result<CalendarRecord> {
        let id: i64 = r.try_get("id")?;
        let week: String = r.try_get("week")?;
        let days = sqlx::query(
            "SELECT day, hours, note FROM calendar_days WHERE calendar_id = $1 ORDER BY day",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|d| {
            Ok(CalendarDay {
                day: d.try_get("day")?,
                hours: d.try_get("hours")?,
                note: d.try_get("note")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok(CalendarRecord {
            id,
            name: r.try_get("name")?,
            time_zone: r.try_get("time_zone")?,
            week: serde_json::from_str(&week)
                .map_err(|e| StoreError::Decode(format!("calendar {id}'s week: {e}")))?,
            days,
            updated_at: r.try_get("updated_at")?,
        })
    }

    pub async fn create_calendar(&self, w: &CalendarWrite, now: i64) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO work_calendars (name, time_zone, week, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(&w.name)
        .bind(&w.time_zone)
        .bind(week_json(&w.week))
        .bind(now)
        .fetch_one(&self.pool)
        .await?)
    }

    pub async fn update_calendar(&self, id: i64, w: &CalendarWrite, now: i64) -> Result<()> {
        let n = sqlx::query(
            "UPDATE work_calendars SET name = $1, time_zone = $2, week = $3, updated_at = $4 \
             WHERE id = $5",
        )
        .bind(&w.name)
        .bind(&w.time_zone)
        .bind(week_json(&w.week))
        .bind(now)
        .bind(id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        found(n, "calendar", id)
    }

    /// Removes a calendar no policy uses.
    pub async fn delete_calendar(&self, id: i64) -> Result<()> {
        let users: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM sla_policies WHERE calendar_id = $1) + \
                    (SELECT COUNT(*) FROM sla_targets WHERE calendar_id = $1)",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        if users > 0 {
            return Err(StoreError::Conflict(format!(
                "calendar {id} is used by an SLA policy; give the policy another calendar first"
            )));
        }
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM calendar_days WHERE calendar_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let n = sqlx::query("DELETE FROM work_calendars WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        found(n, "calendar", id)?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets special dates (replacing those already on the same dates) and removes `remove`, in
    /// one transaction.
    pub async fn set_calendar_days(
        &self,
        id: i64,
        put: &[CalendarDay],
        remove: &[String],
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let n = sqlx::query("UPDATE work_calendars SET updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        found(n, "calendar", id)?;
        for day in remove {
            sqlx::query("DELETE FROM calendar_days WHERE calendar_id = $1 AND day = $2")
                .bind(id)
                .bind(day)
                .execute(&mut *tx)
                .await?;
        }
        for d in put {
            sqlx::query(
                "INSERT INTO calendar_days (calendar_id, day, hours, note) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (calendar_id, day) DO UPDATE SET hours = excluded.hours, note = excluded.note",
            )
            .bind(id)
            .bind(&d.day)
            .bind(&d.hours)
            .bind(d.note.as_deref())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn sla_policies(&self) -> Result<Vec<PolicyRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {POLICY_COLUMNS} FROM {POLICY_FROM} ORDER BY p.is_default DESC, p.name"
        ))
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            out.push(self.policy_of(r).await?);
        }
        Ok(out)
    }

    pub async fn sla_policy(&self, id: i64) -> Result<Option<PolicyRecord>> {
        self.policy_where("p.id = $1", id).await
    }

    /// The policy that applies to a client's tickets: its contract's, else the default.
    pub async fn sla_policy_for(&self, client_id: i64) -> Result<Option<PolicyRecord>> {
        match self.policy_where("p.client_id = $1", client_id).await? {
            Some(p) => Ok(Some(p)),
            None => self.policy_where("p.is_default = $1", 1).await,
        }
    }

    async fn policy_where(&self, condition: &str, value: i64) -> Result<Option<PolicyRecord>> {
        match sqlx::query(&format!(
            "SELECT {POLICY_COLUMNS} FROM {POLICY_FROM} WHERE {condition}"
        ))
        .bind(value)
        .fetch_optional(&self.pool)
        .await?
        {
            Some(r) => Ok(Some(self.policy_of(&r).await?)),
            None => Ok(None),
        }
    }

    async fn policy_of(&self, r: &AnyRow) -> Result<PolicyRecord> {
        let id: i64 = r.try_get("id")?;
        let targets = sqlx::query(
            "SELECT priority, direction, first_response_minutes, resolution_minutes, calendar_id \
             FROM sla_targets WHERE policy_id = $1 ORDER BY priority, direction",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|t| {
            Ok(TargetRecord {
                priority: priority_from_row(t)?,
                direction: t.try_get("direction")?,
                first_response_minutes: t.try_get("first_response_minutes")?,
                resolution_minutes: t.try_get("resolution_minutes")?,
                calendar_id: t.try_get("calendar_id")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok(PolicyRecord {
            id,
            name: r.try_get("name")?,
            client_id: r.try_get("client_id")?,
            client_code: r.try_get("client_code")?,
            is_default: r.try_get::<i64, _>("is_default")? != 0,
            calendar_id: r.try_get("calendar_id")?,
            calendar_name: r.try_get("calendar_name")?,
            pause_statuses: statuses_of(id, &r.try_get::<String, _>("pause_statuses")?)?,
            targets,
            breach_actions: actions_of(&r.try_get::<String, _>("breach_actions")?)?,
            created_at: r.try_get("created_at")?,
            updated_at: r.try_get("updated_at")?,
        })
    }

    /// A new policy with its targets, in one transaction. A new default policy takes over
    /// from the old one.
    pub async fn create_sla_policy(&self, w: &PolicyWrite, now: i64) -> Result<i64> {
        let mut tx = self.begin().await?;
        if w.is_default {
            sqlx::query("UPDATE sla_policies SET is_default = 0 WHERE is_default = 1")
                .execute(&mut *tx)
                .await?;
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO sla_policies (name, client_id, is_default, calendar_id, pause_statuses, \
               breach_actions, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(&w.name)
        .bind(w.client_id)
        .bind(i64::from(w.is_default))
        .bind(w.calendar_id)
        .bind(statuses_json(&w.pause_statuses))
        .bind(actions_json(&w.breach_actions))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        put_targets(&mut tx, id, &w.targets).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Replaces a policy's fields and targets, in one transaction.
    pub async fn update_sla_policy(&self, id: i64, w: &PolicyWrite, now: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        if w.is_default {
            sqlx::query("UPDATE sla_policies SET is_default = 0 WHERE is_default = 1 AND id <> $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        let n = sqlx::query(
            "UPDATE sla_policies SET name = $1, client_id = $2, is_default = $3, calendar_id = $4, \
               pause_statuses = $5, breach_actions = $6, updated_at = $7 WHERE id = $8",
        )
        .bind(&w.name)
        .bind(w.client_id)
        .bind(i64::from(w.is_default))
        .bind(w.calendar_id)
        .bind(statuses_json(&w.pause_statuses))
        .bind(actions_json(&w.breach_actions))
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        found(n, "SLA policy", id)?;
        sqlx::query("DELETE FROM sla_targets WHERE policy_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        put_targets(&mut tx, id, &w.targets).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn delete_sla_policy(&self, id: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM sla_targets WHERE policy_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let n = sqlx::query("DELETE FROM sla_policies WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        found(n, "SLA policy", id)?;
        tx.commit().await?;
        Ok(())
    }

    /// What a ticket's clocks count from; `None` for no such ticket.
    pub async fn clock_facts(&self, ticket_id: i64) -> Result<Option<ClockFacts>> {
        Ok(self.clock_facts_of(&[ticket_id]).await?.pop())
    }

    /// What the clocks of several tickets count from, in three queries; tickets that do not
    /// exist are left out.
    pub async fn clock_facts_of(&self, ids: &[i64]) -> Result<Vec<ClockFacts>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let mut statuses: std::collections::HashMap<i64, Vec<(i64, String)>> = Default::default();
        for r in sqlx::query(&format!(
            "SELECT ticket_id, at, new_value FROM audit \
             WHERE ticket_id IN ({list}) AND field = 'status' ORDER BY ticket_id, id"
        ))
        .fetch_all(&self.pool)
        .await?
        {
            if let Some(word) = r.try_get::<Option<String>, _>("new_value")? {
                statuses
                    .entry(r.try_get("ticket_id")?)
                    .or_default()
                    .push((r.try_get("at")?, word));
            }
        }
        let mut crossed: std::collections::HashMap<i64, Vec<(Goal, Threshold)>> =
            Default::default();
        for r in sqlx::query(&format!(
            "SELECT ticket_id, goal, threshold FROM sla_crossings WHERE ticket_id IN ({list})"
        ))
        .fetch_all(&self.pool)
        .await?
        {
            crossed.entry(r.try_get("ticket_id")?).or_default().push((
                word::<Goal>(&r.try_get::<String, _>("goal")?)?,
                word::<Threshold>(&r.try_get::<String, _>("threshold")?)?,
            ));
        }
        sqlx::query(&format!(
            "SELECT id, client_id, direction, priority, created_at, first_response_at \
             FROM tickets WHERE id IN ({list}) ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|t| {
            let id: i64 = t.try_get("id")?;
            Ok(ClockFacts {
                ticket_id: id,
                client_id: t.try_get("client_id")?,
                direction: t.try_get("direction")?,
                priority: priority_from_row(t)?,
                created_at: t.try_get("created_at")?,
                first_response_at: t.try_get("first_response_at")?,
                statuses: statuses.remove(&id).unwrap_or_default(),
                crossed: crossed.remove(&id).unwrap_or_default(),
            })
        })
        .collect()
    }

    /// Records the first public reply by a person, if none is recorded yet.
    pub async fn record_first_response(&self, ticket_id: i64, at: i64) -> Result<()> {
        sqlx::query(
            "UPDATE tickets SET first_response_at = $1 \
             WHERE id = $2 AND first_response_at IS NULL",
        )
        .bind(at)
        .bind(ticket_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Keeps the clocks as counted at `now` on the ticket (derived data: no version, no
    /// audit line).
    pub async fn set_clock_columns(
        &self,
        ticket_id: i64,
        c: &ClockColumns,
        now: i64,
    ) -> Result<()> {
        self.set_clock_columns_of(&[(ticket_id, *c)], now).await
    }

    /// Keeps the clocks of several tickets, in one transaction.
    pub async fn set_clock_columns_of(&self, rows: &[(i64, ClockColumns)], now: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        for (ticket_id, c) in rows {
            sqlx::query(
                "UPDATE tickets SET response_due = $1, resolution_due = $2, sla_due = $3, \
                   sla_breached = $4, sla_alert_at = $5, sla_response_ok = $6, \
                   sla_resolution_ok = $7, clocks_at = $8, \
                   rolled_at = CASE WHEN sla_response_ok IS DISTINCT FROM $6 \
                     OR sla_resolution_ok IS DISTINCT FROM $7 THEN NULL ELSE rolled_at END \
                 WHERE id = $9",
            )
            .bind(c.response_due)
            .bind(c.resolution_due)
            .bind(c.sla_due)
            .bind(i64::from(c.breached))
            .bind(c.alert_at)
            .bind(c.response_ok.map(i64::from))
            .bind(c.resolution_ok.map(i64::from))
            .bind(now)
            .bind(ticket_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Tickets changed since their clocks were last counted (or never counted), oldest first.
    pub async fn stale_clock_ids(&self, limit: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM tickets WHERE clocks_at IS NULL OR clocks_at < updated_at \
             ORDER BY id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The tickets not finished, oldest first after `after_id`: what a calendar or policy
    /// change counts again.
    pub async fn open_ticket_ids(&self, after_id: i64, limit: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM tickets WHERE status NOT IN ('resolved', 'closed') AND id > $1 \
             ORDER BY id LIMIT $2",
        )
        .bind(after_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }
    /// Tickets a clock of which has passed, by `now`, a threshold not yet recorded.
    pub async fn alert_due_ids(&self, now: i64, limit: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM tickets WHERE sla_alert_at IS NOT NULL AND sla_alert_at <= $1 \
             ORDER BY sla_alert_at, id LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Records a ticket's crossings, in one transaction, each once whichever process gets there
    /// first: for each one this call records and tells, a notice to the assignee (or, with
    /// nobody assigned, to the line's group: sb-domain's `told`) and, under `notify_lead`, to
    /// the leads; on a breach told, the policy's actions on the ticket (a new version, with
    /// `actor` in the audit trail).
    pub async fn record_crossings(
        &self,
        ticket_id: i64,
        crossings: &[CrossingWrite],
        actions: &[BreachAction],
        actor: i64,
        now: i64,
    ) -> Result<CrossingsRecorded> {
        let mut tx = self.begin().await?;
        let mut done = CrossingsRecorded::default();
        for c in crossings {
            let breach_told = c.tell && c.threshold == Threshold::Breach;
            let added = sqlx::query(
                "INSERT INTO sla_crossings (ticket_id, goal, threshold, crossed_at, recorded_at, \
                   told) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            )
            .bind(ticket_id)
            .bind(c.goal.as_str())
            .bind(c.threshold.as_str())
            .bind(c.at)
            .bind(now)
            .bind(i64::from(c.tell))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if added == 0 {
                continue;
            }
            done.recorded.push((c.goal, c.threshold));
            if !c.tell {
                continue;
            }
            let t = sqlx::query("SELECT assignee_id, priority, line FROM tickets WHERE id = $1")
                .bind(ticket_id)
                .fetch_one(&mut *tx)
                .await?;
            let line = word::<Line>(&t.try_get::<String, _>("line")?)?;
            let engineers = people_of_role(&mut tx, "engineer").await?;
            let leads: Vec<i64> = people_of_role(&mut tx, "lead")
                .await?
                .into_iter()
                .map(|(id, _)| id)
                .collect();
            let told = told(t.try_get("assignee_id")?, line, &engineers, &leads, actions);
            for (user, reason) in &told {
                sqlx::query(
                    "INSERT INTO sla_notices (user_id, ticket_id, goal, threshold, reason, \
                       crossed_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(user)
                .bind(ticket_id)
                .bind(c.goal.as_str())
                .bind(c.threshold.as_str())
                .bind(reason.as_str())
                .bind(c.at)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            done.notices += told.len();
            if breach_told {
                let priority = priority_from_row(&t)?;
                let (raised, next) = breach_changes(actions, priority, line);
                if raised.is_some() || next.is_some() {
                    sqlx::query(
                        "UPDATE tickets SET priority = COALESCE($1, priority), \
                           line = COALESCE($2, line), updated_at = $3, version = version + 1 \
                         WHERE id = $4",
                    )
                    .bind(raised.map(Priority::rank))
                    .bind(next.map(Line::as_str))
                    .bind(now)
                    .bind(ticket_id)
                    .execute(&mut *tx)
                    .await?;
                }
                let mut lines = vec![("sla_breach", None, c.goal.as_str())];
                let mut acted = Vec::new();
                if let Some(p) = raised {
                    lines.push(("priority", Some(priority.as_str()), p.as_str()));
                    acted.push(BreachAction::RaisePriority);
                }
                if let Some(l) = next {
                    lines.push(("line", Some(line.as_str()), l.as_str()));
                    acted.push(BreachAction::NextLine);
                }
                if actions.contains(&BreachAction::NotifyLead) {
                    acted.push(BreachAction::NotifyLead);
                }
                for (field, old, new) in lines {
                    crate::tickets::audit(&mut tx, ticket_id, actor, now, field, old, Some(new))
                        .await?;
                }
                // What was done, not what was asked: a P1 cannot be raised.
                sqlx::query(
                    "UPDATE sla_crossings SET actions = $1 \
                     WHERE ticket_id = $2 AND goal = $3 AND threshold = $4",
                )
                .bind(actions_json(&acted))
                .bind(ticket_id)
                .bind(c.goal.as_str())
                .bind(c.threshold.as_str())
                .execute(&mut *tx)
                .await?;
                done.actions.extend(acted);
            }
        }
        tx.commit().await?;
        Ok(done)
    }

    /// A person's notices not shown yet, marked shown now: each is shown once, on whichever of
    /// the person's desks asks first.
    pub async fn take_sla_notices(&self, user_id: i64, now: i64) -> Result<Vec<SlaNoticeRecord>> {
        let Some(list) = self.mark_shown("sla_notices", user_id, now).await? else {
            return Ok(Vec::new());
        };
        let count = list.split(", ").count() as i64;
        self.notices_where(&format!("n.id IN ({list})"), user_id, count)
            .await
    }

    /// A person's latest notices, newest first.
    pub async fn sla_notices_of(&self, user_id: i64, limit: i64) -> Result<Vec<SlaNoticeRecord>> {
        self.notices_where("1 = 1", user_id, limit).await
    }

    async fn notices_where(
        &self,
        condition: &str,
        user_id: i64,
        limit: i64,
    ) -> Result<Vec<SlaNoticeRecord>> {
        sqlx::query(&format!(
            "SELECT n.id, n.user_id, n.ticket_id, t.subject, c.code AS client_code, t.priority, \
               t.line, n.goal, n.threshold, n.reason, n.crossed_at, n.created_at, n.shown_at, \
               x.actions \
             FROM sla_notices n JOIN tickets t ON t.id = n.ticket_id \
             JOIN clients c ON c.id = t.client_id \
             JOIN sla_crossings x ON x.ticket_id = n.ticket_id AND x.goal = n.goal \
               AND x.threshold = n.threshold \
             WHERE n.user_id = $1 AND {condition} ORDER BY n.id DESC LIMIT $2"
        ))
        .bind(user_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(SlaNoticeRecord {
                id: r.try_get("id")?,
                user_id: r.try_get("user_id")?,
                ticket_id: r.try_get("ticket_id")?,
                subject: r.try_get("subject")?,
                client_code: r.try_get("client_code")?,
                priority: priority_from_row(r)?,
                line: r.try_get("line")?,
                goal: word(&r.try_get::<String, _>("goal")?)?,
                threshold: word(&r.try_get::<String, _>("threshold")?)?,
                reason: word(&r.try_get::<String, _>("reason")?)?,
                crossed_at: r.try_get("crossed_at")?,
                created_at: r.try_get("created_at")?,
                shown_at: r.try_get("shown_at")?,
                actions: actions_of(&r.try_get::<String, _>("actions")?)?,
            })
        })
        .collect()
    }
}

/// `users u` who take part: not a channel's system person, not removed from the team.
pub(crate) const TAKING_PART: &str =
    "NOT EXISTS (SELECT 1 FROM system_users s WHERE s.user_id = u.id) \
     AND NOT EXISTS (SELECT 1 FROM team_members m WHERE m.user_id = u.id \
                     AND m.removed_at IS NOT NULL)";

/// The people of a role who take work (not a channel's system person, not removed from the
/// team), each with the line they work (`None`: every line).
async fn people_of_role(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    role: &str,
) -> Result<Vec<(i64, Option<Line>)>> {
    sqlx::query(&format!(
        "SELECT u.id, u.line FROM users u WHERE u.role = $1 AND {TAKING_PART} ORDER BY u.id"
    ))
    .bind(role)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| {
        let line: Option<String> = r.try_get("line")?;
        Ok((r.try_get("id")?, line.as_deref().map(word).transpose()?))
    })
    .collect()
}

pub(crate) fn word<T: std::str::FromStr<Err = sb_domain::UnknownValue>>(w: &str) -> Result<T> {
    w.parse()
        .map_err(|e: sb_domain::UnknownValue| StoreError::Decode(e.to_string()))
}

fn actions_json(actions: &[BreachAction]) -> String {
    serde_json::to_string(&actions.iter().map(|a| a.as_str()).collect::<Vec<_>>())
        .expect("words serialize")
}

fn actions_of(json: &str) -> Result<Vec<BreachAction>> {
    let words: Vec<String> = serde_json::from_str(json)
        .map_err(|e| StoreError::Decode(format!("SLA breach actions: {e}")))?;
    words.iter().map(|w| word(w)).collect()
}

async fn put_targets(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    policy_id: i64,
    targets: &[TargetRecord],
) -> Result<()> {
    for t in targets {
        sqlx::query(
            "INSERT INTO sla_targets (policy_id, priority, direction, first_response_minutes, \
               resolution_minutes, calendar_id) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(policy_id)
        .bind(t.priority.rank())
        .bind(&t.direction)
        .bind(t.first_response_minutes)
        .bind(t.resolution_minutes)
        .bind(t.calendar_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

fn statuses_json(statuses: &[Status]) -> String {
    serde_json::to_string(&statuses.iter().map(|s| s.as_str()).collect::<Vec<_>>())
        .expect("words serialize")
}

fn statuses_of(policy: i64, json: &str) -> Result<Vec<Status>> {
    let words: Vec<String> = serde_json::from_str(json)
        .map_err(|e| StoreError::Decode(format!("SLA policy {policy}'s pausing statuses: {e}")))?;
    words
        .iter()
        .map(|w| {
            w.parse::<Status>()
                .map_err(|e| StoreError::Decode(format!("SLA policy {policy}: {e}")))
        })
        .collect()
}

fn week_json(week: &[String]) -> String {
    serde_json::to_string(week).expect("strings serialize")
}

fn found(rows: u64, what: &'static str, id: i64) -> Result<()> {
    if rows == 0 {
        return Err(StoreError::NotFound {
            what,
            id: id.to_string(),
        });
    }
    Ok(())
}
