//! The client's SLA clocks: how much of a ticket's first-response and resolution targets is
//! used, when each is due, and why a clock is paused, all from the ticket's recorded events.
//!
//! A clock counts working time of its calendar (see [`crate::worktime`]) from the moment the
//! ticket was opened, leaving out the time spent in a pausing status (waiting for the customer,
//! by default; waiting for a vendor does not pause the client's clock: the provider answers for
//! the vendor). The resolution clock stops while the ticket is resolved or closed and runs on
//! if it is reopened. The first-response clock stops at the first public reply by a person, or
//! at resolution if nobody replied before.
//!
//! Nothing is stored between calls: a change of priority or policy gives new targets and the
//! same events, so the due times are counted again from the start with the paused time kept.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::lifecycle::Status;
use crate::ticket::{Line, Priority};
use crate::worktime::WorkCalendar;

/// Targets in working minutes of the policy's calendar; `None`: no such target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Targets {
    pub first_response_minutes: Option<i64>,
    pub resolution_minutes: Option<i64>,
}

/// The statuses that pause a client's clocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pausing(BTreeSet<Status>);

impl Default for Pausing {
    /// Waiting for the customer.
    fn default() -> Self {
        Pausing(BTreeSet::from([Status::PendingCustomer]))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.msg())]
pub struct NotAPause(pub Status);

impl NotAPause {
    /// The refusal for people, worded by its reader (`Display` is the English).
    pub fn msg(&self) -> sb_i18n::Msg {
        sb_i18n::msg!("sla-not-a-pause", status = self.0.name())
    }
}

impl Pausing {
    /// The statuses given; those that never pause (new, open, resolved, closed) are refused.
    pub fn of(statuses: impl IntoIterator<Item = Status>) -> Result<Pausing, NotAPause> {
        let mut set = BTreeSet::new();
        for s in statuses {
            if matches!(
                s,
                Status::New | Status::Open | Status::Resolved | Status::Closed
            ) {
                return Err(NotAPause(s));
            }
            set.insert(s);
        }
        Ok(Pausing(set))
    }

    pub fn contains(&self, status: Status) -> bool {
        self.0.contains(&status)
    }

    pub fn statuses(&self) -> impl Iterator<Item = Status> + '_ {
        self.0.iter().copied()
    }
}

/// What happened to a ticket that moves its clocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub opened_at: i64,
    /// The status at opening, then each change, in order: `(when, the new status)`.
    pub statuses: Vec<(i64, Status)>,
    /// The first public reply by a person (an automatic acknowledgement is not one).
    pub first_response_at: Option<i64>,
}

impl Timeline {
    /// A ticket opened at `at` as new, with no change since.
    pub fn opened(at: i64) -> Timeline {
        Timeline {
            opened_at: at,
            statuses: vec![(at, Status::New)],
            first_response_at: None,
        }
    }

    fn first_finished_at(&self) -> Option<i64> {
        self.statuses
            .iter()
            .find(|(_, s)| s.is_finished())
            .map(|&(at, _)| at)
    }
}

crate::ticket::vocabulary!(
    /// Which target a clock counts towards.
    Goal, "goal", { FirstResponse => "first_response", Resolution => "resolution" }
);

/// Where a clock stands at the moment asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockState {
    Running,
    /// In a pausing status since `since`.
    Paused {
        status: Status,
        since: i64,
    },
    /// The goal was reached at `at` (for resolution: the ticket is resolved or closed now).
    Met {
        at: i64,
    },
}

/// One clock at the moment asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub goal: Goal,
    /// The target, in working ms.
    pub target_ms: i64,
    /// Working time counted so far (until the goal was met, when it was).
    pub used_ms: i64,
    pub state: ClockState,
    /// When the target is reached if the clock runs on from now: in the past after a breach;
    /// `None` while paused or met before the target, or when the calendar has no working time.
    pub due_at: Option<i64>,
    /// When the working time used passed the target, if it did.
    pub breached_at: Option<i64>,
    /// When 75 % of the target was used, if it was (the first warning).
    pub warned_at: Option<i64>,
    /// When the warning comes if the clock runs on from now, if it has not come.
    pub warn_at: Option<i64>,
}

/// The share of a target at which the assignee and the lead are warned.
pub const WARN_PERCENT: i64 = 75;

impl Clock {
    /// Working time left to the target (negative once overrun).
    pub fn left_ms(&self) -> i64 {
        self.target_ms - self.used_ms
    }

    pub fn is_breached(&self) -> bool {
        self.breached_at.is_some()
    }

    /// Used share of the target in percent (0 for a zero target not yet due).
    pub fn percent(&self) -> i64 {
        if self.target_ms <= 0 {
            return if self.breached_at.is_some() { 100 } else { 0 };
        }
        self.used_ms.saturating_mul(100) / self.target_ms
    }
}

/// A ticket's clocks at `now`; a clock for each target the policy sets.
pub fn clocks(
    calendar: &WorkCalendar,
    targets: Targets,
    pausing: &Pausing,
    timeline: &Timeline,
    now: i64,
) -> Vec<Clock> {
    let mut out = Vec::new();
    if let Some(minutes) = targets.first_response_minutes {
        out.push(clock(
            calendar,
            Goal::FirstResponse,
            minutes,
            pausing,
            timeline,
            now,
        ));
    }
    if let Some(minutes) = targets.resolution_minutes {
        out.push(clock(
            calendar,
            Goal::Resolution,
            minutes,
            pausing,
            timeline,
            now,
        ));
    }
    out
}

/// One clock at `now`.
pub fn clock(
    calendar: &WorkCalendar,
    goal: Goal,
    target_minutes: i64,
    pausing: &Pausing,
    timeline: &Timeline,
    now: i64,
) -> Clock {
    let target_ms = target_minutes.clamp(0, i64::MAX / 60_000) * 60_000;
    let warn_ms = target_ms / 100 * WARN_PERCENT + target_ms % 100 * WARN_PERCENT / 100;
    // The first response is met by a reply, or by resolving without one.
    let met_at = match goal {
        Goal::FirstResponse => match (timeline.first_response_at, timeline.first_finished_at()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        },
        Goal::Resolution => None,
    }
    .filter(|&at| at <= now);
    let end = met_at.unwrap_or(now).max(timeline.opened_at);

    let mut used = 0i64;
    let mut breached_at = (target_ms == 0).then_some(timeline.opened_at);
    let mut warned_at = (warn_ms == 0).then_some(timeline.opened_at);
    let mut current = Status::New;
    let mut since = timeline.opened_at;
    let mut changes = timeline
        .statuses
        .iter()
        .copied()
        .filter(|&(at, _)| at <= end)
        .peekable();
    let mut from = timeline.opened_at;
    // The stretches between changes, each with the status it was in.
    loop {
        let (to, next) = match changes.peek() {
            Some(&(at, s)) => (at.clamp(from, end), Some(s)),
            None => (end, None),
        };
        if to > from && counts(goal, current, pausing) {
            let work = calendar.working_ms(from, to);
            for (threshold, crossed) in [(target_ms, &mut breached_at), (warn_ms, &mut warned_at)] {
                if crossed.is_none() && used < threshold && used + work >= threshold {
                    *crossed = calendar.add(from, threshold - used);
                }
            }
            used += work;
        }
        match next {
            Some(s) => {
                changes.next();
                // `since`: when the clock last started, paused or stopped.
                let key = |s: Status| (counts(goal, s, pausing), s.is_finished());
                if key(s) != key(current) {
                    since = to;
                }
                current = s;
                from = to;
            }
            None => break,
        }
    }

    let state = if let Some(at) = met_at {
        ClockState::Met { at }
    } else if goal == Goal::Resolution && current.is_finished() {
        ClockState::Met { at: since }
    } else if pausing.contains(current) {
        ClockState::Paused {
            status: current,
            since,
        }
    } else {
        ClockState::Running
    };
    let running = state == ClockState::Running;
    let ahead = |crossed: Option<i64>, threshold: i64| match crossed {
        Some(at) => Some(at),
        None if running => calendar.add(end, threshold - used),
        None => None,
    };
    Clock {
        goal,
        target_ms,
        used_ms: used,
        state,
        due_at: ahead(breached_at, target_ms),
        breached_at,
        warned_at,
        warn_at: if warned_at.is_some() {
            None
        } else {
            ahead(None, warn_ms)
        },
    }
}

crate::ticket::vocabulary!(
    /// What a policy does when a target is breached, beside telling the assignee.
    BreachAction, "breach action", {
        RaisePriority => "raise_priority",
        NextLine => "next_line",
        NotifyLead => "notify_lead",
    }
);

crate::ticket::vocabulary!(
    /// A mark on a clock that people are told of: the warning at [`WARN_PERCENT`] of the
    /// target, and the target itself.
    Threshold, "threshold", { Warning => "warning", Breach => "breach" }
);

impl Threshold {
    /// The share of the target, in percent.
    pub fn percent(self) -> i64 {
        match self {
            Threshold::Warning => WARN_PERCENT,
            Threshold::Breach => 100,
        }
    }
}

crate::ticket::vocabulary!(
    /// Why a person is told of a ticket's clock.
    NoticeReason, "notice reason", { Assignee => "assignee", Line => "line", Lead => "lead" }
);

/// Who is told of a crossing: the assignee; while nobody has the ticket, the line's group,
/// that is the engineers whose line (`engineers`: each with the line they work, `None` for
/// every line) is the ticket's `line` or who work every line, and when that is nobody, every
/// engineer, so that no crossing goes unseen; and the leads when the policy says so (a lead
/// told once, whatever else they are).
pub fn told(
    assignee: Option<i64>,
    line: Line,
    engineers: &[(i64, Option<Line>)],
    leads: &[i64],
    actions: &[BreachAction],
) -> Vec<(i64, NoticeReason)> {
    let line_of = |(id, _): &(i64, Option<Line>)| (*id, NoticeReason::Line);
    let mut out: Vec<(i64, NoticeReason)> = match assignee {
        Some(id) => vec![(id, NoticeReason::Assignee)],
        None => {
            let group: Vec<_> = engineers
                .iter()
                .filter(|(_, works)| works.is_none_or(|l| l == line))
                .map(line_of)
                .collect();
            if group.is_empty() {
                engineers.iter().map(line_of).collect()
            } else {
                group
            }
        }
    };
    if actions.contains(&BreachAction::NotifyLead) {
        for &id in leads {
            if !out.iter().any(|(p, _)| *p == id) {
                out.push((id, NoticeReason::Lead));
            }
        }
    }
    out
}

/// A clock passing one of its thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crossing {
    pub goal: Goal,
    pub threshold: Threshold,
    /// When the working time used reached the threshold.
    pub at: i64,
}

/// What a count of a ticket's clocks asks of the background work.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Alerts {
    /// Crossings not recorded yet: each is recorded once, told or not.
    pub record: Vec<Crossing>,
    /// Those of `record` that people are told of (and, for a breach, that the policy acts
    /// on): of one clock's new crossings only the highest (a breach found together with its
    /// warning is told as the breach), never on a clock met already (the target is settled),
    /// never one that happened before the policy existed (a policy set up on old tickets
    /// does not flood the desk with their past).
    pub tell: Vec<Crossing>,
}

impl Clock {
    /// The thresholds this clock has passed by the moment it was counted.
    pub fn crossings(&self) -> Vec<Crossing> {
        [
            (Threshold::Warning, self.warned_at),
            (Threshold::Breach, self.breached_at),
        ]
        .into_iter()
        .filter_map(|(threshold, at)| {
            at.map(|at| Crossing {
                goal: self.goal,
                threshold,
                at,
            })
        })
        .collect()
    }

    /// When the clock passes `threshold` if it runs on (in the past once passed); `None`
    /// while paused or met before it.
    fn reaches(&self, threshold: Threshold) -> Option<i64> {
        match threshold {
            Threshold::Warning => self.warned_at.or(self.warn_at),
            Threshold::Breach => self.breached_at.or(self.due_at),
        }
    }
}

/// The crossings of `clocks` not in `recorded`, and which of them to tell; `since` is when the
/// policy came into force.
pub fn alerts(clocks: &[Clock], recorded: &[(Goal, Threshold)], since: i64) -> Alerts {
    let mut out = Alerts::default();
    for c in clocks {
        let new: Vec<Crossing> = c
            .crossings()
            .into_iter()
            .filter(|x| !recorded.contains(&(x.goal, x.threshold)))
            .collect();
        let settled = matches!(c.state, ClockState::Met { .. });
        if let Some(top) = new.iter().max_by_key(|x| x.threshold) {
            if !settled && top.at >= since {
                out.tell.push(*top);
            }
        }
        out.record.extend(new);
    }
    out
}

/// The next moment a clock of `clocks` passes a threshold not in `recorded` (in the past when
/// one has passed unrecorded): when the background work looks at the ticket again.
pub fn next_alert(clocks: &[Clock], recorded: &[(Goal, Threshold)]) -> Option<i64> {
    clocks
        .iter()
        .filter(|c| !matches!(c.state, ClockState::Met { .. }))
        .flat_map(|c| {
            Threshold::ALL
                .iter()
                .filter(|t| !recorded.contains(&(c.goal, **t)))
                .filter_map(|t| c.reaches(*t))
        })
        .min()
}

/// What a breach does to the ticket under `actions`: the priority one step more urgent and the
/// next line, each only when asked for and when there is one.
pub fn breach_changes(
    actions: &[BreachAction],
    priority: Priority,
    line: Line,
) -> (Option<Priority>, Option<Line>) {
    let up = match priority {
        Priority::P4 => Priority::P3,
        Priority::P3 => Priority::P2,
        Priority::P2 | Priority::P1 => Priority::P1,
    };
    let down = match line {
        Line::L1 => Line::L2,
        Line::L2 | Line::L3 => Line::L3,
    };
    let raised =
        Some(up).filter(|p| *p != priority && actions.contains(&BreachAction::RaisePriority));
    let next = Some(down).filter(|l| *l != line && actions.contains(&BreachAction::NextLine));
    (raised, next)
}

fn counts(goal: Goal, status: Status, pausing: &Pausing) -> bool {
    let stopped = goal == Goal::Resolution && status.is_finished();
    !(stopped || pausing.contains(status))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use jiff::civil::DateTime;
    use jiff::tz::TimeZone;
    use proptest::prelude::*;

    use super::*;
    use crate::worktime::Hours;

    const MIN: i64 = 60_000;
    const HOUR: i64 = 60 * MIN;
    const MOSCOW: &str = "Europe/Moscow";

    fn at(text: &str) -> i64 {
        let dt: DateTime = text.parse().unwrap();
        TimeZone::get(MOSCOW)
            .unwrap()
            .to_ambiguous_timestamp(dt)
            .compatible()
            .unwrap()
            .as_millisecond()
    }

    fn nine_to_six() -> WorkCalendar {
        let day = Hours::parse("09:00-18:00").unwrap();
        let mut week: [Hours; 7] = std::array::from_fn(|_| day.clone());
        week[5] = Hours::off();
        week[6] = Hours::off();
        WorkCalendar::new(TimeZone::get(MOSCOW).unwrap(), week, BTreeMap::new())
    }

    /// The resolution clock with `minutes` as target and the default pausing, at `now`.
    fn resolution(t: &Timeline, minutes: i64, now: &str) -> Clock {
        clock(
            &nine_to_six(),
            Goal::Resolution,
            minutes,
            &Pausing::default(),
            t,
            at(now),
        )
    }

    fn p1() -> Targets {
        Targets {
            first_response_minutes: Some(30),
            resolution_minutes: Some(4 * 60),
        }
    }

    // Hand calculations: a P1 ticket (30 min response, 4 h resolution) on a 9-18 Mon-Fri
    // calendar, opened Friday 2026-12-04 at 16:30 Moscow time.
    #[test]
    fn a_friday_afternoon_p1() {
        let cal = nine_to_six();
        let opened = at("2026-12-04T16:30");
        let t = Timeline::opened(opened);
        let now = at("2026-12-04T16:40");
        let c = clocks(&cal, p1(), &Pausing::default(), &t, now);
        assert_eq!(c[0].goal, Goal::FirstResponse);
        assert_eq!(c[0].due_at, Some(at("2026-12-04T17:00")));
        assert_eq!(c[0].used_ms, 10 * MIN);
        assert_eq!(c[0].left_ms(), 20 * MIN);
        assert_eq!(c[0].warn_at, Some(at("2026-12-04T16:52:30")));
        // 1.5 h on Friday, 2.5 h more on Monday.
        assert_eq!(c[1].due_at, Some(at("2026-12-07T11:30")));
        assert_eq!(c[1].state, ClockState::Running);
        assert_eq!(c[1].warn_at, Some(at("2026-12-07T10:30")));
    }

    #[test]
    fn waiting_for_the_customer_pauses_and_waiting_for_a_vendor_does_not() {
        let cal = nine_to_six();
        let mut t = Timeline::opened(at("2026-12-07T09:00"));
        t.first_response_at = Some(at("2026-12-07T09:10"));
        t.statuses
            .push((at("2026-12-07T09:10"), Status::InProgress));
        // Asked the customer at 10:00; they answered the next day at 12:00.
        t.statuses
            .push((at("2026-12-07T10:00"), Status::PendingCustomer));
        let paused = resolution(&t, 240, "2026-12-08T11:00");
        assert_eq!(
            paused.state,
            ClockState::Paused {
                status: Status::PendingCustomer,
                since: at("2026-12-07T10:00")
            }
        );
        assert_eq!(paused.used_ms, HOUR);
        assert_eq!(paused.due_at, None, "no due time while paused");
        assert_eq!(paused.left_ms(), 3 * HOUR);
        t.statuses
            .push((at("2026-12-08T12:00"), Status::InProgress));
        let resumed = resolution(&t, 240, "2026-12-08T12:30");
        assert_eq!(resumed.state, ClockState::Running);
        assert_eq!(resumed.due_at, Some(at("2026-12-08T15:00")));
        // Waiting for the vendor instead: the clock ran all along.
        t.statuses[2].1 = Status::PendingVendor;
        let vendor = resolution(&t, 240, "2026-12-08T12:30");
        assert_eq!(vendor.due_at, Some(at("2026-12-07T13:00")));
        assert_eq!(vendor.breached_at, Some(at("2026-12-07T13:00")));
        assert!(vendor.is_breached());
        // A policy that pauses for vendors too.
        let both = Pausing::of([Status::PendingCustomer, Status::PendingVendor]).unwrap();
        let c = clock(
            &cal,
            Goal::Resolution,
            240,
            &both,
            &t,
            at("2026-12-08T12:30"),
        );
        assert_eq!(c.due_at, Some(at("2026-12-08T15:00")));
        assert!(Pausing::of([Status::Open]).is_err());
    }

    #[test]
    fn the_first_response_is_met_by_a_reply_or_by_resolving() {
        let cal = nine_to_six();
        let mut t = Timeline::opened(at("2026-12-07T09:00"));
        t.first_response_at = Some(at("2026-12-07T09:20"));
        let c = clock(
            &cal,
            Goal::FirstResponse,
            30,
            &Pausing::default(),
            &t,
            at("2026-12-07T15:00"),
        );
        assert_eq!(
            c.state,
            ClockState::Met {
                at: at("2026-12-07T09:20")
            }
        );
        assert_eq!((c.used_ms, c.breached_at, c.due_at), (20 * MIN, None, None));
        // Resolved at 09:45 without a reply: met then, but late.
        t.first_response_at = None;
        t.statuses.push((at("2026-12-07T09:45"), Status::Resolved));
        let c = clock(
            &cal,
            Goal::FirstResponse,
            30,
            &Pausing::default(),
            &t,
            at("2026-12-07T15:00"),
        );
        assert_eq!(
            c.state,
            ClockState::Met {
                at: at("2026-12-07T09:45")
            }
        );
        assert_eq!(c.breached_at, Some(at("2026-12-07T09:30")));
        assert_eq!(c.due_at, Some(at("2026-12-07T09:30")));
    }

    #[test]
    fn resolution_stops_while_resolved_and_runs_on_when_reopened() {
        let mut t = Timeline::opened(at("2026-12-07T09:00"));
        t.statuses.push((at("2026-12-07T11:00"), Status::Resolved));
        let c = resolution(&t, 240, "2026-12-09T09:00");
        assert_eq!(
            c.state,
            ClockState::Met {
                at: at("2026-12-07T11:00")
            }
        );
        assert_eq!(c.used_ms, 2 * HOUR);
        // Reopened two days later at 10:00: 2 h left from then.
        t.statuses.push((at("2026-12-09T10:00"), Status::Open));
        let c = resolution(&t, 240, "2026-12-09T10:00");
        assert_eq!(c.state, ClockState::Running);
        assert_eq!(c.due_at, Some(at("2026-12-09T12:00")));
    }

    #[test]
    fn a_new_priority_counts_from_the_start_with_pauses_kept() {
        let cal = nine_to_six();
        let mut t = Timeline::opened(at("2026-12-07T09:00"));
        t.statuses
            .push((at("2026-12-07T10:00"), Status::PendingCustomer));
        t.statuses
            .push((at("2026-12-07T12:00"), Status::InProgress));
        let now = at("2026-12-07T13:00");
        // P3, 16 h: 2 h used (09-10, 12-13) -> 14 h more: 5 h to Monday 18:00, 9 h on
        // Tuesday.
        let p3 = clock(
            &cal,
            Goal::Resolution,
            16 * 60,
            &Pausing::default(),
            &t,
            now,
        );
        assert_eq!(p3.due_at, Some(at("2026-12-08T18:00")));
        // Raised to P1 (4 h): the same 2 h used, due at 15:00 today.
        let p1 = clock(&cal, Goal::Resolution, 4 * 60, &Pausing::default(), &t, now);
        assert_eq!(p1.due_at, Some(at("2026-12-07T15:00")));
        assert_eq!(p1.used_ms, 2 * HOUR);
        // Lowered to 1 h: overrun, breached at 10:00 when the first hour was used.
        let tight = clock(&cal, Goal::Resolution, 60, &Pausing::default(), &t, now);
        assert_eq!(tight.breached_at, Some(at("2026-12-07T10:00")));
        assert_eq!(tight.left_ms(), -HOUR);
        assert_eq!(tight.percent(), 200);
    }

    #[test]
    fn a_24x7_p1_counts_the_weekend() {
        let t = Timeline::opened(at("2026-12-05T22:00"));
        let c = clock(
            &WorkCalendar::always(),
            Goal::Resolution,
            4 * 60,
            &Pausing::default(),
            &t,
            at("2026-12-05T22:00"),
        );
        assert_eq!(c.due_at, Some(at("2026-12-06T02:00")));
    }

    // The P1 of `a_friday_afternoon_p1`, looked at by the background work as time passes.
    #[test]
    fn warnings_and_breaches_are_recorded_once_and_told_as_the_highest() {
        let cal = nine_to_six();
        let t = Timeline::opened(at("2026-12-04T16:30"));
        let look = |now: &str| clocks(&cal, p1(), &Pausing::default(), &t, at(now));
        let policy_since = at("2026-12-01T00:00");
        let mut recorded: Vec<(Goal, Threshold)> = Vec::new();

        let c = look("2026-12-04T16:40");
        assert_eq!(alerts(&c, &recorded, policy_since), Alerts::default());
        assert_eq!(next_alert(&c, &recorded), Some(at("2026-12-04T16:52:30")));

        // 16:55: the response warning (75 % of 30 min at 16:52:30) is told.
        let c = look("2026-12-04T16:55");
        let a = alerts(&c, &recorded, policy_since);
        let warning = Crossing {
            goal: Goal::FirstResponse,
            threshold: Threshold::Warning,
            at: at("2026-12-04T16:52:30"),
        };
        assert_eq!(a.record, vec![warning]);
        assert_eq!(a.tell, vec![warning]);
        recorded.push((Goal::FirstResponse, Threshold::Warning));
        assert_eq!(next_alert(&c, &recorded), Some(at("2026-12-04T17:00")));
        assert_eq!(alerts(&c, &recorded, policy_since), Alerts::default());

        // Nobody looked again until Monday 10:45: the response breach (Friday 17:00) and the
        // resolution warning (Monday 10:30) are both new; each clock tells its highest.
        let c = look("2026-12-07T10:45");
        let a = alerts(&c, &recorded, policy_since);
        assert_eq!(
            a.tell,
            vec![
                Crossing {
                    goal: Goal::FirstResponse,
                    threshold: Threshold::Breach,
                    at: at("2026-12-04T17:00"),
                },
                Crossing {
                    goal: Goal::Resolution,
                    threshold: Threshold::Warning,
                    at: at("2026-12-07T10:30"),
                },
            ]
        );
        assert_eq!(a.record.len(), 2);
        recorded.extend(a.record.iter().map(|x| (x.goal, x.threshold)));
        assert_eq!(next_alert(&c, &recorded), Some(at("2026-12-07T11:30")));

        // A policy made after the breach records it without telling anyone.
        let late = alerts(&c, &[], at("2026-12-05T00:00"));
        assert_eq!(late.record.len(), 3);
        assert_eq!(
            late.tell,
            vec![Crossing {
                goal: Goal::Resolution,
                threshold: Threshold::Warning,
                at: at("2026-12-07T10:30"),
            }]
        );
    }

    #[test]
    fn a_met_or_paused_clock_is_not_looked_at_again() {
        let cal = nine_to_six();
        let mut t = Timeline::opened(at("2026-12-07T09:00"));
        t.first_response_at = Some(at("2026-12-07T09:05"));
        t.statuses
            .push((at("2026-12-07T09:20"), Status::PendingCustomer));
        let c = clocks(&cal, p1(), &Pausing::default(), &t, at("2026-12-07T15:00"));
        assert_eq!(next_alert(&c, &[]), None);
        // Breached after the warning was recorded, then answered before anyone looked: the
        // breach is recorded and told to nobody.
        let mut late = Timeline::opened(at("2026-12-07T09:00"));
        late.first_response_at = Some(at("2026-12-07T09:40"));
        let c = clocks(
            &cal,
            p1(),
            &Pausing::default(),
            &late,
            at("2026-12-07T09:45"),
        );
        let a = alerts(&c, &[(Goal::FirstResponse, Threshold::Warning)], 0);
        assert_eq!(a.record.len(), 1);
        assert_eq!(a.record[0].threshold, Threshold::Breach);
        assert!(a.tell.is_empty());
    }

    #[test]
    fn the_assignee_or_the_lines_group_is_told_and_the_leads_when_the_policy_says() {
        use crate::ticket::Line::{L1, L2, L3};
        use NoticeReason::{Assignee, Lead, Line as Group};
        let check = |assignee,
                     line,
                     engineers: &[(i64, Option<Line>)],
                     actions: &[BreachAction],
                     expected: &[(i64, NoticeReason)]| {
            assert_eq!(
                told(assignee, line, engineers, &[9], actions),
                expected,
                "{assignee:?} {line:?} {engineers:?} {actions:?}"
            );
        };
        let lead = [BreachAction::NotifyLead];
        // 7 works L1, 8 L2, 10 every line; 9 is the lead.
        let desk = [(7, Some(L1)), (8, Some(L2)), (10, None)];
        check(Some(7), L2, &desk, &[], &[(7, Assignee)]);
        // Nobody has it: the line's engineers and those who work every line.
        check(None, L2, &desk, &[], &[(8, Group), (10, Group)]);
        check(None, L1, &desk, &[], &[(7, Group), (10, Group)]);
        check(None, L3, &desk, &[], &[(10, Group)]);
        // Nobody works L3: every engineer rather than nobody.
        let l1_l2 = [(7, Some(L1)), (8, Some(L2))];
        check(None, L3, &l1_l2, &[], &[(7, Group), (8, Group)]);
        check(Some(7), L1, &desk, &lead, &[(7, Assignee), (9, Lead)]);
        check(
            None,
            L2,
            &desk,
            &lead,
            &[(8, Group), (10, Group), (9, Lead)],
        );
        // A lead who has the ticket is told once, as its assignee.
        check(Some(9), L1, &desk, &lead, &[(9, Assignee)]);
        check(None, L1, &[], &lead, &[(9, Lead)]);
        check(None, L1, &[], &[], &[]);
    }

    #[test]
    fn a_breach_raises_the_priority_and_moves_the_line_when_the_policy_says() {
        use BreachAction::*;
        let table = [
            (vec![], Priority::P3, Line::L1, None, None),
            (
                vec![RaisePriority],
                Priority::P3,
                Line::L1,
                Some(Priority::P2),
                None,
            ),
            (vec![RaisePriority], Priority::P1, Line::L1, None, None),
            (vec![NextLine], Priority::P4, Line::L1, None, Some(Line::L2)),
            (vec![NextLine], Priority::P4, Line::L3, None, None),
            (
                vec![RaisePriority, NextLine, NotifyLead],
                Priority::P2,
                Line::L2,
                Some(Priority::P1),
                Some(Line::L3),
            ),
            (vec![NotifyLead], Priority::P4, Line::L1, None, None),
        ];
        for (actions, priority, line, raised, next) in table {
            assert_eq!(
                breach_changes(&actions, priority, line),
                (raised, next),
                "{actions:?} on {priority} {line}"
            );
        }
    }

    fn any_timeline() -> impl Strategy<Value = (Timeline, i64)> {
        let statuses = prop::sample::select(Status::ALL.to_vec());
        (
            prop::collection::vec((1i64..(3 * 24 * 60), statuses), 0..12),
            prop::option::of(0i64..(5 * 24 * 60)),
            0i64..(10 * 24 * 60),
        )
            .prop_map(|(steps, reply, after)| {
                let opened = at("2026-12-04T08:00");
                let mut t = Timeline::opened(opened);
                let mut when = opened;
                for (step, s) in steps {
                    when += step * MIN;
                    t.statuses.push((when, s));
                }
                t.first_response_at = reply.map(|r| opened + r * MIN);
                (t, when + after * MIN)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// A pause added anywhere never brings a due time earlier nor uses more time.
        #[test]
        fn pausing_never_brings_a_due_time_earlier(
            (t, now) in any_timeline(),
            pause_at in 0i64..(20 * 24 * 60),
            pause_len in 1i64..(3 * 24 * 60),
            target in 1i64..(40 * 60),
            goal in prop::sample::select(vec![Goal::FirstResponse, Goal::Resolution]),
        ) {
            let cal = nine_to_six();
            let pausing = Pausing::default();
            let start = t.opened_at + pause_at * MIN;
            let end = start + pause_len * MIN;
            // The status in force at `end`, restored after the pause.
            let before = t.statuses.iter().rev().find(|(at, _)| *at <= end).map_or(Status::New, |&(_, s)| s);
            let mut paused = t.clone();
            paused.statuses.retain(|&(at, _)| at < start || at > end);
            paused.statuses.push((start, Status::PendingCustomer));
            paused.statuses.push((end, before));
            paused.statuses.sort_by_key(|&(at, _)| at);
            let now = now.max(end + 1);
            // Both timelines end in the same status, so both clocks run or stop alike after.
            let plain = clock(&cal, goal, target, &pausing, &t, now);
            let with = clock(&cal, goal, target, &pausing, &paused, now);
            if plain.state == ClockState::Running && with.state == ClockState::Running {
                prop_assert!(with.used_ms <= plain.used_ms);
                if let (Some(a), Some(b)) = (plain.due_at, with.due_at) {
                    prop_assert!(b >= a, "due {} with the pause, {} without", b, a);
                }
            }
        }

        /// However often the background work looks, each crossing is recorded once, the next
        /// look is never after a crossing not yet recorded, and nothing is told twice.
        #[test]
        fn each_crossing_is_recorded_once_however_often_one_looks(
            (t, end) in any_timeline(),
            looks in prop::collection::vec(0i64..(10 * 24 * 60), 1..8),
        ) {
            let cal = nine_to_six();
            let mut looks: Vec<i64> = looks.into_iter().map(|m| t.opened_at + m * MIN).collect();
            looks.push(end);
            looks.sort_unstable();
            let mut recorded: Vec<(Goal, Threshold)> = Vec::new();
            let mut told = Vec::new();
            for now in looks {
                let c = clocks(&cal, p1(), &Pausing::default(), &t, now);
                let a = alerts(&c, &recorded, 0);
                for x in &a.record {
                    prop_assert!(!recorded.contains(&(x.goal, x.threshold)));
                    prop_assert!(x.at <= now);
                    recorded.push((x.goal, x.threshold));
                }
                for x in a.tell {
                    prop_assert!(!told.contains(&(x.goal, x.threshold)));
                    told.push((x.goal, x.threshold));
                }
                // Everything passed by now is recorded: the next look is in the future.
                if let Some(next) = next_alert(&c, &recorded) {
                    prop_assert!(next > now, "next look {} at {}", next, now);
                }
            }
        }

        /// Used time never exceeds working time since opening, and a due time in the future
        /// means no breach.
        #[test]
        fn clocks_are_consistent((t, now) in any_timeline(), target in 0i64..(40 * 60)) {
            let cal = nine_to_six();
            for goal in [Goal::FirstResponse, Goal::Resolution] {
                let c = clock(&cal, goal, target, &Pausing::default(), &t, now);
                prop_assert!(c.used_ms >= 0);
                prop_assert!(c.used_ms <= cal.working_ms(t.opened_at, now));
                prop_assert_eq!(c.is_breached(), c.used_ms >= c.target_ms && (c.target_ms > 0 || c.breached_at.is_some()));
                if let Some(due) = c.due_at {
                    if c.is_breached() {
                        prop_assert!(due <= now);
                    } else {
                        prop_assert!(due > now);
                    }
                }
                if let ClockState::Paused { status, .. } = c.state {
                    prop_assert!(Pausing::default().contains(status));
                    prop_assert_eq!(c.due_at.is_some(), c.is_breached());
                }
            }
        }
    }
}
