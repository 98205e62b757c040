//! Client SLAs: working calendars, policies (the default and one per client contract), and each
//! ticket's clocks, counted by sb-domain from the ticket's recorded events and kept on the
//! ticket (the nearest due time) for the queue.

use std::collections::{BTreeMap, BTreeSet};

use jiff::tz::TimeZone;
pub use sb_domain::sla::NoticeReason;
use sb_domain::sla::{
    alerts, clocks, next_alert, BreachAction, Clock, ClockState, Goal, Pausing, Targets, Threshold,
    Timeline,
};
use sb_domain::worktime::{Hours, WorkCalendar};
use sb_domain::{Day, Duty, Priority, Status, TicketNumber};
use sb_store::{
    CalendarDay, CalendarRecord, CalendarWrite, ClockColumns, ClockFacts, CrossingWrite,
    PolicyRecord, PolicyWrite, SlaNoticeRecord, TargetRecord,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use sb_i18n::{msg, Lang};

use crate::{now_ms, ApiError, ApiResult, App, ErrorCode};

/// The longest target: a year of minutes.
const MAX_TARGET_MINUTES: i64 = 366 * 24 * 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarDto {
    pub id: i64,
    pub name: String,
    /// An IANA time zone, such as Europe/Moscow.
    pub time_zone: String,
    /// Working hours per weekday, Monday first: "09:00-18:00", "09:00-13:00, 14:00-18:00", or
    /// "" for a day off.
    pub week: Vec<String>,
    /// Dates that differ from their weekday.
    pub days: Vec<CalendarDayDto>,
    /// Every hour of every day counts.
    pub always: bool,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarDayDto {
    /// YYYY-MM-DD.
    pub day: String,
    /// "" for a day off; the hours of a shortened or moved working day.
    pub hours: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarInput {
    pub name: String,
    pub time_zone: String,
    pub week: Vec<String>,
}

/// Special dates to set (replacing those on the same dates) and dates to remove.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarDaysInput {
    pub calendar_id: i64,
    pub put: Vec<CalendarDayDto>,
    pub remove: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PolicyTargetDto {
    pub priority: Priority,
    /// A direction, or none for every direction without a target of its own.
    pub direction: Option<String>,
    pub first_response_minutes: Option<i64>,
    pub resolution_minutes: Option<i64>,
    /// A calendar of its own (24x7 for P1), else the policy's.
    pub calendar_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SlaPolicyDto {
    pub id: i64,
    pub name: String,
    /// The client whose contract it is; none for the default policy.
    pub client_id: Option<i64>,
    pub client_code: Option<String>,
    pub is_default: bool,
    pub calendar_id: i64,
    pub calendar_name: String,
    /// The statuses that pause the client's clocks.
    pub pause_statuses: Vec<Status>,
    pub targets: Vec<PolicyTargetDto>,
    /// What a breach does beside telling the assignee.
    pub breach_actions: Vec<BreachAction>,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SlaPolicyInput {
    pub name: String,
    pub client_id: Option<i64>,
    pub is_default: bool,
    pub calendar_id: i64,
    pub pause_statuses: Vec<Status>,
    pub targets: Vec<PolicyTargetDto>,
    pub breach_actions: Vec<BreachAction>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ClockStateDto {
    Running,
    Paused,
    Met,
}

/// One of a ticket's clocks at the moment asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClockDto {
    pub goal: Goal,
    pub target_minutes: i64,
    pub used_minutes: i64,
    /// Working minutes left (negative once overrun).
    pub left_minutes: i64,
    pub percent: i64,
    pub state: ClockStateDto,
    /// While paused: the status that pauses it.
    pub paused_by: Option<Status>,
    /// When it last started, paused or was met.
    pub since: Option<i64>,
    pub due_at: Option<i64>,
    pub breached_at: Option<i64>,
    pub calendar_name: String,
}

/// What an iCalendar import did to a calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarImportDto {
    pub calendar: CalendarDto,
    /// Dates set from the file (days off, worked and shortened days).
    pub imported: usize,
    /// Events that are not all-day dates (a meeting, a repeating rule), left out.
    pub skipped: usize,
}

/// A ticket's clocks and the policy they come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketClocksDto {
    pub ticket_id: i64,
    /// None when no policy applies (no default policy and no contract).
    pub policy_name: Option<String>,
    pub clocks: Vec<ClockDto>,
}

/// A warning (75 % of a target used) or a breach, for one person: the window renders it from
/// its parameters; `title` and `body` are the desktop notification's, in the desk's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SlaNoticeDto {
    pub id: i64,
    pub ticket_id: i64,
    pub ticket_number: String,
    pub subject: String,
    pub client_code: String,
    pub priority: Priority,
    pub line: String,
    pub goal: Goal,
    pub threshold: Threshold,
    pub reason: NoticeReason,
    /// When the clock passed the threshold.
    pub crossed_at: i64,
    pub created_at: i64,
    pub shown_at: Option<i64>,
    /// What the policy did on the breach.
    pub actions: Vec<BreachAction>,
    pub title: String,
    pub body: String,
}

/// The system person whose name the SLA's own changes (a breach's actions) carry.
pub(crate) const SLA_KIND: &str = "sla";
pub(crate) const SLA_USER: &str = "SLA";

fn notice_dto(n: SlaNoticeRecord, lang: Lang) -> SlaNoticeDto {
    let number = TicketNumber(n.ticket_id).to_string();
    let goal = n.goal.as_str();
    let mut body = match n.threshold {
        Threshold::Warning => msg!("sla-notice-warning", goal = goal),
        Threshold::Breach => msg!("sla-notice-breach", goal = goal),
    }
    .render(lang);
    for a in &n.actions {
        let said = match a {
            BreachAction::RaisePriority => msg!("sla-notice-raised"),
            BreachAction::NextLine => msg!("sla-notice-moved"),
            BreachAction::NotifyLead => continue,
        };
        body.push_str("; ");
        body.push_str(&said.render(lang));
    }
    SlaNoticeDto {
        id: n.id,
        ticket_id: n.ticket_id,
        title: format!("{number} · {} · {}", n.client_code, n.subject),
        ticket_number: number,
        subject: n.subject,
        client_code: n.client_code,
        priority: n.priority,
        line: n.line,
        goal: n.goal,
        threshold: n.threshold,
        reason: n.reason,
        crossed_at: n.crossed_at,
        created_at: n.created_at,
        shown_at: n.shown_at,
        actions: n.actions,
        body,
    }
}

/// How often the window asks for its person's SLA notices.
const NOTICE_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// Hands each SLA notice of the signed-in person (each once, on whichever of their desks asks
/// first) to `tell`, for as long as the app runs: the shell shows a desktop notification and
/// the window a notice.
pub async fn watch_sla_notices(
    app: std::sync::Arc<App>,
    tell: impl Fn(SlaNoticeDto) + Send + 'static,
) {
    watch_notices(app, |app| async move { app.take_sla_notices().await }, tell).await
}

/// Every `NOTICE_EVERY`, takes the person's notices not shown yet with `take` and hands each
/// to `tell`, for as long as the app runs (SLA, assignment and threshold notices alike).
pub(crate) async fn watch_notices<T, F, Fut>(
    app: std::sync::Arc<App>,
    take: F,
    tell: impl Fn(T) + Send + 'static,
) where
    F: Fn(std::sync::Arc<App>) -> Fut,
    Fut: std::future::Future<Output = ApiResult<Vec<T>>>,
{
    loop {
        match take(app.clone()).await {
            Ok(list) => list.into_iter().for_each(&tell),
            Err(e) => tracing::warn!("notices not read: {}", e.message),
        }
        tokio::time::sleep(NOTICE_EVERY).await;
    }
}

impl App {
    pub async fn calendars(&self) -> ApiResult<Vec<CalendarDto>> {
        self.actor()?;
        self.store
            .calendars()
            .await?
            .into_iter()
            .map(calendar_dto)
            .collect()
    }

    pub async fn calendar(&self, id: i64) -> ApiResult<CalendarDto> {
        calendar_dto(self.load_calendar(id).await?)
    }

    pub async fn create_calendar(&self, input: CalendarInput) -> ApiResult<CalendarDto> {
        self.require(Duty::SlaPolicies)?;
        let w = calendar_write(&input)?;
        self.name_free_calendar(&w.name, None).await?;
        let id = self.store.create_calendar(&w, now_ms()).await?;
        self.calendar(id).await
    }

    pub async fn update_calendar(&self, id: i64, input: CalendarInput) -> ApiResult<CalendarDto> {
        self.require(Duty::SlaPolicies)?;
        let w = calendar_write(&input)?;
        self.name_free_calendar(&w.name, Some(id)).await?;
        self.store.update_calendar(id, &w, now_ms()).await?;
        self.recount_open_clocks().await?;
        self.calendar(id).await
    }

    pub async fn delete_calendar(&self, id: i64) -> ApiResult<()> {
        self.require(Duty::SlaPolicies)?;
        Ok(self.store.delete_calendar(id).await?)
    }

    /// Holidays, shortened and moved working days: set some, remove others.
    pub async fn set_calendar_days(&self, input: CalendarDaysInput) -> ApiResult<CalendarDto> {
        self.require(Duty::SlaPolicies)?;
        let mut put = Vec::new();
        for d in &input.put {
            let day = Day::parse(&d.day).map_err(|e| ApiError::invalid_said("day", e.msg()))?;
            let hours = Hours::parse(&d.hours).map_err(|e| {
                ApiError::invalid_said(
                    "hours",
                    msg!("sla-day-hours", day = &d.day, problem = e.to_string()),
                )
            })?;
            put.push(CalendarDay {
                day: day.to_string(),
                hours: hours.to_string(),
                note: d
                    .note
                    .as_deref()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(str::to_string),
            });
        }
        let mut remove = Vec::new();
        for d in &input.remove {
            remove.push(
                Day::parse(d)
                    .map_err(|e| ApiError::invalid_said("day", e.msg()))?
                    .to_string(),
            );
        }
        self.store
            .set_calendar_days(input.calendar_id, &put, &remove, now_ms())
            .await?;
        self.recount_open_clocks().await?;
        self.calendar(input.calendar_id).await
    }

    /// Special dates from an iCalendar file (a production or holiday calendar): each all-day
    /// event a day off, or worked with the calendar's usual hours when it says it is a working
    /// day, or an hour shorter when it says it is shortened. Dates already set are replaced.
    pub async fn import_calendar_ics(
        &self,
        calendar_id: i64,
        ics: &str,
    ) -> ApiResult<CalendarImportDto> {
        self.require(Duty::SlaPolicies)?;
        let record = self.load_calendar(calendar_id).await?;
        let read =
            sb_domain::ical::dates(ics).map_err(|e| ApiError::invalid_said("file", e.msg()))?;
        // A worked date has the hours of the calendar's usual working day.
        let usual = record
            .week
            .iter()
            .filter_map(|h| Hours::parse(h).ok())
            .find(|h| !h.is_off())
            .ok_or_else(|| {
                ApiError::invalid_said(
                    "file",
                    msg!("sla-calendar-no-working-day", name = &record.name),
                )
            })?;
        let put: Vec<CalendarDayDto> = read
            .dates
            .iter()
            .map(|d| CalendarDayDto {
                day: d.day.to_string(),
                hours: match d.kind {
                    sb_domain::ical::DateKind::Off => String::new(),
                    sb_domain::ical::DateKind::Worked => usual.to_string(),
                    sb_domain::ical::DateKind::Shortened => usual.shortened_by(60).to_string(),
                },
                note: d.note.clone(),
            })
            .collect();
        let imported = put.len();
        let calendar = self
            .set_calendar_days(CalendarDaysInput {
                calendar_id,
                put,
                remove: Vec::new(),
            })
            .await?;
        Ok(CalendarImportDto {
            calendar,
            imported,
            skipped: read.skipped,
        })
    }

    pub async fn sla_policies(&self) -> ApiResult<Vec<SlaPolicyDto>> {
        self.actor()?;
        self.store
            .sla_policies()
            .await?
            .into_iter()
            .map(policy_dto)
            .collect()
    }

    pub async fn sla_policy(&self, id: i64) -> ApiResult<SlaPolicyDto> {
        policy_dto(self.store.sla_policy(id).await?.ok_or_else(|| {
            ApiError::said(
                ErrorCode::NotFound,
                msg!("sla-no-policy", id = id.to_string()),
            )
        })?)
    }

    pub async fn create_sla_policy(&self, input: SlaPolicyInput) -> ApiResult<SlaPolicyDto> {
        self.require(Duty::SlaPolicies)?;
        let w = self.policy_write(&input, None).await?;
        let id = self.store.create_sla_policy(&w, now_ms()).await?;
        self.recount_open_clocks().await?;
        self.sla_policy(id).await
    }

    pub async fn update_sla_policy(
        &self,
        id: i64,
        input: SlaPolicyInput,
    ) -> ApiResult<SlaPolicyDto> {
        self.require(Duty::SlaPolicies)?;
        let w = self.policy_write(&input, Some(id)).await?;
        self.store.update_sla_policy(id, &w, now_ms()).await?;
        self.recount_open_clocks().await?;
        self.sla_policy(id).await
    }

    pub async fn delete_sla_policy(&self, id: i64) -> ApiResult<()> {
        self.require(Duty::SlaPolicies)?;
        self.store.delete_sla_policy(id).await?;
        self.recount_open_clocks().await?;
        Ok(())
    }

    /// A ticket's clocks now, counted from its events; the ticket's kept due times are brought
    /// up to date on the way.
    pub async fn ticket_clocks(&self, ticket_id: i64) -> ApiResult<TicketClocksDto> {
        let facts = self.store.clock_facts(ticket_id).await?.ok_or_else(|| {
            ApiError::said(
                ErrorCode::NotFound,
                msg!(
                    "ticket-not-there",
                    ticket = TicketNumber(ticket_id).to_string()
                ),
            )
        })?;
        let counted = self.count_clocks(&facts, now_ms()).await?;
        self.store
            .set_clock_columns(ticket_id, &counted.columns, now_ms())
            .await?;
        Ok(counted.dto)
    }

    /// Counts a ticket's clocks again and keeps its due times, after anything that moves them
    /// (a status, a reply, a new priority). The change itself is saved already: a failure here
    /// is logged, and the next count (the card, a recount) puts it right.
    pub(crate) async fn refresh_clocks(&self, ticket_id: i64) {
        let counted = async {
            if let Some(facts) = self.store.clock_facts(ticket_id).await? {
                let now = now_ms();
                let counted = self.count_clocks(&facts, now).await?;
                self.store
                    .set_clock_columns(ticket_id, &counted.columns, now)
                    .await?;
            }
            Ok::<(), ApiError>(())
        }
        .await;
        if let Err(e) = counted {
            tracing::warn!(ticket = ticket_id, error = %e.message, "the ticket's SLA clocks were not counted again");
        }
    }

    /// Counts every open ticket's clocks again (a calendar or policy changed); how many.
    /// Batches of 500: their facts in three queries, their columns in one transaction, each
    /// policy and calendar read once.
    pub async fn recount_open_clocks(&self) -> ApiResult<u64> {
        let mut after = 0;
        let mut done = 0;
        let now = now_ms();
        let mut cache = ClockCache::default();
        loop {
            let ids = self.store.open_ticket_ids(after, 500).await?;
            let Some(&last) = ids.last() else {
                return Ok(done);
            };
            done += self.count_clocks_of(&ids, now, &mut cache).await? as u64;
            after = last;
        }
    }

    /// Counts again the clocks of up to `limit` tickets changed since they were last counted
    /// (background work: intake, vendor replies and anything else that did not count them);
    /// how many.
    pub async fn count_stale_clocks(&self, limit: i64) -> ApiResult<usize> {
        let ids = self.store.stale_clock_ids(limit).await?;
        let mut cache = ClockCache::default();
        for chunk in ids.chunks(500) {
            self.count_clocks_of(chunk, now_ms(), &mut cache).await?;
        }
        Ok(ids.len())
    }

    async fn count_clocks_of(
        &self,
        ids: &[i64],
        now: i64,
        cache: &mut ClockCache,
    ) -> ApiResult<usize> {
        let facts = self.store.clock_facts_of(ids).await?;
        let mut rows = Vec::with_capacity(facts.len());
        for f in &facts {
            let counted = self.count_clocks_cached(f, now, cache).await?;
            rows.push((f.ticket_id, counted.columns));
        }
        self.store.set_clock_columns_of(&rows, now).await?;
        Ok(rows.len())
    }

    /// Records the warnings and breaches of up to `limit` tickets whose clocks passed a
    /// threshold by `now` (background work, on whichever process holds it; each crossing is
    /// recorded once even when two do this at once): the people concerned get their notices,
    /// and a breach does what its policy asks. How many tickets were looked at.
    pub async fn sound_sla_alerts(&self, now: i64, limit: i64) -> ApiResult<usize> {
        let ids = self.store.alert_due_ids(now, limit).await?;
        if ids.is_empty() {
            return Ok(0);
        }
        let actor = self
            .store
            .system_user(SLA_KIND, SLA_USER, now_ms())
            .await?
            .id;
        for &id in &ids {
            let Some(facts) = self.store.clock_facts(id).await? else {
                continue;
            };
            let counted = self.count_clocks(&facts, now).await?;
            if let Some((since, actions)) = &counted.policy {
                let found = alerts(&counted.clocks, &facts.crossed, *since);
                let writes: Vec<CrossingWrite> = found
                    .record
                    .iter()
                    .map(|x| CrossingWrite {
                        goal: x.goal,
                        threshold: x.threshold,
                        at: x.at,
                        tell: found.tell.contains(x),
                    })
                    .collect();
                let done = self
                    .store
                    .record_crossings(id, &writes, actions, actor, now)
                    .await?;
                if !done.recorded.is_empty() {
                    tracing::info!(
                        ticket = id,
                        recorded = ?done.recorded,
                        notices = done.notices,
                        actions = ?done.actions,
                        "SLA thresholds crossed"
                    );
                }
            }
            // Counted again with what is recorded now (and a priority a breach raised).
            if let Some(facts) = self.store.clock_facts(id).await? {
                let again = self.count_clocks(&facts, now).await?;
                self.store
                    .set_clock_columns(id, &again.columns, now)
                    .await?;
            }
        }
        Ok(ids.len())
    }

    /// Records now every crossing due (`sb sla check`): all of `sound_sla_alerts`'s rounds.
    pub async fn check_sla_alerts(&self) -> ApiResult<usize> {
        let mut done = 0;
        loop {
            let n = self.sound_sla_alerts(now_ms(), 500).await?;
            done += n;
            if n < 500 {
                return Ok(done);
            }
        }
    }

    /// The signed-in person's notices not shown yet, now marked shown (the window asks every
    /// few seconds; each notice shows once, on one of the person's desks).
    pub async fn take_sla_notices(&self) -> ApiResult<Vec<SlaNoticeDto>> {
        let Some(me) = self.profile() else {
            return Ok(Vec::new());
        };
        let lang = self.lang();
        Ok(self
            .store
            .take_sla_notices(me.id, now_ms())
            .await?
            .into_iter()
            .map(|n| notice_dto(n, lang))
            .collect())
    }

    /// The signed-in person's latest notices, newest first, shown or not.
    pub async fn sla_notices(&self, limit: i64) -> ApiResult<Vec<SlaNoticeDto>> {
        let me = self.actor()?;
        let lang = self.lang();
        Ok(self
            .store
            .sla_notices_of(me.id, limit.clamp(1, 500))
            .await?
            .into_iter()
            .map(|n| notice_dto(n, lang))
            .collect())
    }

    async fn count_clocks(&self, facts: &ClockFacts, now: i64) -> ApiResult<Counted> {
        self.count_clocks_cached(facts, now, &mut ClockCache::default())
            .await
    }

    async fn count_clocks_cached(
        &self,
        facts: &ClockFacts,
        now: i64,
        cache: &mut ClockCache,
    ) -> ApiResult<Counted> {
        let none = Counted {
            dto: TicketClocksDto {
                ticket_id: facts.ticket_id,
                policy_name: None,
                clocks: Vec::new(),
            },
            columns: ClockColumns::default(),
            clocks: Vec::new(),
            policy: None,
        };
        let policy = match cache.policies.get(&facts.client_id) {
            Some(p) => p.clone(),
            None => {
                let p = self.store.sla_policy_for(facts.client_id).await?;
                cache.policies.insert(facts.client_id, p.clone());
                p
            }
        };
        let Some(policy) = policy else {
            return Ok(none);
        };
        let Some(target) = target_for(&policy, facts.priority, &facts.direction) else {
            return Ok(Counted {
                dto: TicketClocksDto {
                    policy_name: Some(policy.name),
                    ..none.dto
                },
                ..none
            });
        };
        let calendar_id = target.calendar_id.unwrap_or(policy.calendar_id);
        if let std::collections::hash_map::Entry::Vacant(slot) = cache.calendars.entry(calendar_id)
        {
            let record = self.load_calendar(calendar_id).await?;
            let calendar = work_calendar(&record)?;
            slot.insert((record.name, calendar));
        }
        let (calendar_name, calendar) = &cache.calendars[&calendar_id];
        let pausing = pausing_of(&policy.pause_statuses)?;
        let mut timeline = Timeline::opened(facts.created_at);
        for (at, word) in &facts.statuses {
            if let Ok(s) = word.parse::<Status>() {
                timeline.statuses.push((*at, s));
            }
        }
        timeline.first_response_at = facts.first_response_at;
        let targets = Targets {
            first_response_minutes: target.first_response_minutes,
            resolution_minutes: target.resolution_minutes,
        };
        let counted = clocks(calendar, targets, &pausing, &timeline, now);
        let mut columns = ClockColumns {
            alert_at: next_alert(&counted, &facts.crossed),
            ..ClockColumns::default()
        };
        let mut dtos = Vec::new();
        for c in &counted {
            let running = c.state == ClockState::Running;
            let due = c.due_at.filter(|_| running);
            match c.goal {
                Goal::FirstResponse => columns.response_due = due,
                Goal::Resolution => columns.resolution_due = due,
            }
            if let Some(d) = due {
                columns.sla_due = Some(columns.sla_due.map_or(d, |s: i64| s.min(d)));
            }
            if c.is_breached() && !matches!(c.state, ClockState::Met { .. }) {
                columns.breached = true;
            }
            // Settled once met; missed already once breached.
            let ok = match c.state {
                ClockState::Met { .. } => Some(!c.is_breached()),
                _ if c.is_breached() => Some(false),
                _ => None,
            };
            match c.goal {
                Goal::FirstResponse => columns.response_ok = ok,
                Goal::Resolution => columns.resolution_ok = ok,
            }
            let (state, paused_by, since) = match c.state {
                ClockState::Running => (ClockStateDto::Running, None, None),
                ClockState::Paused { status, since } => {
                    (ClockStateDto::Paused, Some(status), Some(since))
                }
                ClockState::Met { at } => (ClockStateDto::Met, None, Some(at)),
            };
            dtos.push(ClockDto {
                goal: c.goal,
                target_minutes: c.target_ms / 60_000,
                used_minutes: c.used_ms / 60_000,
                left_minutes: c.left_ms().div_euclid(60_000),
                percent: c.percent(),
                state,
                paused_by,
                since,
                due_at: c.due_at,
                breached_at: c.breached_at,
                calendar_name: calendar_name.clone(),
            });
        }
        Ok(Counted {
            dto: TicketClocksDto {
                ticket_id: facts.ticket_id,
                policy_name: Some(policy.name),
                clocks: dtos,
            },
            columns,
            clocks: counted,
            policy: Some((policy.created_at, policy.breach_actions)),
        })
    }

    /// The calendar a ticket's working days are counted on: its SLA target's (the policy's
    /// own unless the target has one), else Monday to Friday when no policy covers it.
    pub(crate) async fn ticket_calendar(
        &self,
        client_id: i64,
        priority: Priority,
        direction: &str,
    ) -> ApiResult<WorkCalendar> {
        let Some(policy) = self.store.sla_policy_for(client_id).await? else {
            return Ok(WorkCalendar::office_week());
        };
        let calendar_id = target_for(&policy, priority, direction)
            .and_then(|t| t.calendar_id)
            .unwrap_or(policy.calendar_id);
        work_calendar(&self.load_calendar(calendar_id).await?)
    }

    async fn load_calendar(&self, id: i64) -> ApiResult<CalendarRecord> {
        self.store.calendar(id).await?.ok_or_else(|| {
            ApiError::invalid_said("calendarId", msg!("sla-no-calendar", id = id.to_string()))
        })
    }

    async fn name_free_calendar(&self, name: &str, except: Option<i64>) -> ApiResult<()> {
        if self
            .store
            .calendars()
            .await?
            .iter()
            .any(|c| c.name.eq_ignore_ascii_case(name) && Some(c.id) != except)
        {
            return Err(ApiError::invalid_said(
                "name",
                msg!("sla-calendar-name-taken", name = name),
            ));
        }
        Ok(())
    }

    async fn policy_write(
        &self,
        input: &SlaPolicyInput,
        except: Option<i64>,
    ) -> ApiResult<PolicyWrite> {
        let name = sb_domain::required("name", &input.name, 80)?;
        let policies = self.store.sla_policies().await?;
        if policies
            .iter()
            .any(|p| p.name.eq_ignore_ascii_case(&name) && Some(p.id) != except)
        {
            return Err(ApiError::invalid_said(
                "name",
                msg!("sla-policy-name-taken", name = &name),
            ));
        }
        if input.is_default && input.client_id.is_some() {
            return Err(ApiError::invalid_said(
                "clientId",
                msg!("sla-default-has-client"),
            ));
        }
        if !input.is_default && input.client_id.is_none() {
            return Err(ApiError::invalid_said(
                "clientId",
                msg!("sla-choose-client"),
            ));
        }
        if let Some(client) = input.client_id {
            if self.store.client(client).await?.is_none() {
                return Err(ApiError::invalid_said(
                    "clientId",
                    msg!("client-no-such-id", id = client.to_string()),
                ));
            }
            if let Some(other) = policies
                .iter()
                .find(|p| p.client_id == Some(client) && Some(p.id) != except)
            {
                return Err(ApiError::invalid_said(
                    "clientId",
                    match other.client_code.as_deref() {
                        Some(code) => {
                            msg!("sla-client-has-policy", client = code, policy = &other.name)
                        }
                        None => msg!("sla-client-has-policy-unnamed", policy = &other.name),
                    },
                ));
            }
        }
        self.load_calendar(input.calendar_id).await?;
        let pausing = Pausing::of(input.pause_statuses.iter().copied())
            .map_err(|e| ApiError::invalid_said("pauseStatuses", e.msg()))?;
        let directions = self.store.directions().await?;
        let mut seen = BTreeSet::new();
        let mut targets = Vec::new();
        for t in &input.targets {
            let direction = match t.direction.as_deref().map(str::trim) {
                None | Some("") | Some("*") => "*".to_string(),
                Some(d) => {
                    if !directions.iter().any(|known| known == d) {
                        return Err(ApiError::invalid_said(
                            "targets",
                            msg!("sla-no-direction", direction = d),
                        ));
                    }
                    d.to_string()
                }
            };
            if !seen.insert((t.priority, direction.clone())) {
                let priority = t.priority.as_str().to_uppercase();
                return Err(ApiError::invalid_said(
                    "targets",
                    if direction == "*" {
                        msg!("sla-target-twice-every-direction", priority = priority)
                    } else {
                        msg!(
                            "sla-target-twice",
                            priority = priority,
                            direction = &direction
                        )
                    },
                ));
            }
            for (goal, m) in [
                (Goal::FirstResponse, t.first_response_minutes),
                (Goal::Resolution, t.resolution_minutes),
            ] {
                if let Some(m) = m {
                    if !(1..=MAX_TARGET_MINUTES).contains(&m) {
                        return Err(ApiError::invalid_said(
                            "targets",
                            msg!(
                                "sla-target-out-of-range",
                                goal = goal.as_str(),
                                priority = t.priority.as_str().to_uppercase(),
                                minutes = m,
                                max = MAX_TARGET_MINUTES
                            ),
                        ));
                    }
                }
            }
            if let Some(c) = t.calendar_id {
                self.load_calendar(c).await?;
            }
            targets.push(TargetRecord {
                priority: t.priority,
                direction,
                first_response_minutes: t.first_response_minutes,
                resolution_minutes: t.resolution_minutes,
                calendar_id: t.calendar_id,
            });
        }
        Ok(PolicyWrite {
            name,
            client_id: input.client_id,
            is_default: input.is_default,
            calendar_id: input.calendar_id,
            pause_statuses: pausing.statuses().collect(),
            targets,
            breach_actions: dedup(&input.breach_actions),
        })
    }
}

/// Policies and calendars read once for a batch of counts.
#[derive(Default)]
struct ClockCache {
    policies: std::collections::HashMap<i64, Option<PolicyRecord>>,
    calendars: std::collections::HashMap<i64, (String, WorkCalendar)>,
}

struct Counted {
    dto: TicketClocksDto,
    columns: ClockColumns,
    clocks: Vec<Clock>,
    /// When the policy came into force and what it does on a breach.
    policy: Option<(i64, Vec<BreachAction>)>,
}

/// The target for a priority and direction: the direction's own, else every direction's.
fn target_for<'p>(
    p: &'p PolicyRecord,
    priority: Priority,
    direction: &str,
) -> Option<&'p TargetRecord> {
    let of = |d: &str| {
        p.targets
            .iter()
            .find(|t| t.priority == priority && t.direction == d)
    };
    of(direction).or_else(|| of("*"))
}

fn calendar_write(input: &CalendarInput) -> ApiResult<CalendarWrite> {
    let name = sb_domain::required("name", &input.name, 80)?;
    let zone = input.time_zone.trim();
    TimeZone::get(zone)
        .map_err(|_| ApiError::invalid_said("timeZone", msg!("sla-not-time-zone", zone = zone)))?;
    if input.week.len() != 7 {
        return Err(ApiError::invalid_said("week", msg!("sla-week-seven-days")));
    }
    let mut week = Vec::new();
    for (i, text) in input.week.iter().enumerate() {
        let hours = Hours::parse(text).map_err(|e| {
            ApiError::invalid_said(
                "week",
                msg!(
                    "sla-weekday-hours",
                    weekday = i + 1,
                    problem = e.to_string()
                ),
            )
        })?;
        week.push(hours.to_string());
    }
    Ok(CalendarWrite {
        name,
        time_zone: zone.to_string(),
        week,
    })
}

/// The domain's calendar from a stored one.
pub(crate) fn work_calendar(c: &CalendarRecord) -> ApiResult<WorkCalendar> {
    let zone = TimeZone::get(&c.time_zone).map_err(|e| {
        ApiError::said(
            ErrorCode::Internal,
            msg!(
                "sla-calendar-zone-unknown",
                name = &c.name,
                zone = &c.time_zone,
                error = e.to_string()
            ),
        )
    })?;
    let mut week: [Hours; 7] = std::array::from_fn(|_| Hours::off());
    for (i, text) in c.week.iter().enumerate().take(7) {
        week[i] = Hours::parse(text).unwrap_or_default();
    }
    let mut dates = BTreeMap::new();
    for d in &c.days {
        if let (Ok(day), Ok(hours)) = (Day::parse(&d.day), Hours::parse(&d.hours)) {
            dates.insert(day, hours);
        }
    }
    Ok(WorkCalendar::new(zone, week, dates))
}

fn pausing_of(statuses: &[Status]) -> ApiResult<Pausing> {
    Pausing::of(statuses.iter().copied())
        .map_err(|e| ApiError::invalid_said("pauseStatuses", e.msg()))
}

fn calendar_dto(c: CalendarRecord) -> ApiResult<CalendarDto> {
    let always = work_calendar(&c)?.is_always();
    Ok(CalendarDto {
        id: c.id,
        name: c.name,
        time_zone: c.time_zone,
        week: c.week,
        days: c
            .days
            .into_iter()
            .map(|d| CalendarDayDto {
                day: d.day,
                hours: d.hours,
                note: d.note,
            })
            .collect(),
        always,
        updated_at: c.updated_at,
    })
}

fn policy_dto(p: PolicyRecord) -> ApiResult<SlaPolicyDto> {
    let pausing = pausing_of(&p.pause_statuses)?;
    Ok(SlaPolicyDto {
        id: p.id,
        name: p.name,
        client_id: p.client_id,
        client_code: p.client_code,
        is_default: p.is_default,
        calendar_id: p.calendar_id,
        calendar_name: p.calendar_name,
        pause_statuses: pausing.statuses().collect(),
        targets: p
            .targets
            .into_iter()
            .map(|t| PolicyTargetDto {
                priority: t.priority,
                direction: (t.direction != "*").then_some(t.direction),
                first_response_minutes: t.first_response_minutes,
                resolution_minutes: t.resolution_minutes,
                calendar_id: t.calendar_id,
            })
            .collect(),
        breach_actions: p.breach_actions,
        updated_at: p.updated_at,
    })
}

/// Each action once, in the vocabulary's order.
fn dedup(actions: &[BreachAction]) -> Vec<BreachAction> {
    BreachAction::ALL
        .iter()
        .copied()
        .filter(|a| actions.contains(a))
        .collect()
}
