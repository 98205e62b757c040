//! The lead's metrics over a period: how fast the desk answers and resolves (median and p90),
//! how often it keeps the client's SLA, how the backlog moves day by day, when tickets arrive
//! (weekday by hour), each engineer's load, and what clients say when asked.
//!
//! Everything here counts from facts the store reads for the period (one per ticket); days and
//! hours are the reader's local ones (`offset_minutes` east of UTC).

use crate::calendar::Day;
use crate::vendor::percentile;

const MINUTE: i64 = 60_000;
/// An hour and a day in ms.
pub const HOUR: i64 = 60 * MINUTE;
pub const DAY: i64 = 24 * HOUR;

/// What one ticket tells the metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fact {
    pub created_at: i64,
    /// The first public reply by a person.
    pub first_response_at: Option<i64>,
    /// When it was resolved or closed, if it is so now.
    pub done_at: Option<i64>,
    pub assignee: Option<i64>,
    /// Whether the first-response target was kept (`None`: no target, or not settled yet).
    pub response_ok: Option<bool>,
    pub resolution_ok: Option<bool>,
    /// The client's rating, 1-5, if they gave one.
    pub rating: Option<i64>,
}

/// The period: whole local days `from..=to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Day,
    pub to: Day,
    pub offset_minutes: i32,
}

impl Period {
    /// The first moment of the period and the first after it, in Unix ms.
    pub fn bounds(&self) -> (i64, i64) {
        let shift = i64::from(self.offset_minutes) * MINUTE;
        (
            self.from.start_ms() - shift,
            self.to.plus_days(1).start_ms() - shift,
        )
    }

    pub fn contains(&self, at: i64) -> bool {
        let (from, to) = self.bounds();
        (from..to).contains(&at)
    }

    /// Days in the period.
    pub fn days(&self) -> i32 {
        self.from.days_until(self.to) + 1
    }
}

/// Median and p90 of a set of durations, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Spread {
    pub count: i64,
    pub median_minutes: Option<i64>,
    pub p90_minutes: Option<i64>,
}

impl Spread {
    fn of(mut ms: Vec<i64>) -> Spread {
        ms.sort_unstable();
        Spread {
            count: ms.len() as i64,
            median_minutes: percentile(&ms, 50).map(|v| v / MINUTE),
            p90_minutes: percentile(&ms, 90).map(|v| v / MINUTE),
        }
    }
}

/// Targets kept and missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Compliance {
    pub kept: i64,
    pub missed: i64,
}

impl Compliance {
    /// Kept as a share of those settled, in tenths of a percent (`None` when none settled).
    pub fn permille(&self) -> Option<i64> {
        let all = self.kept + self.missed;
        (all > 0).then(|| (self.kept * 1000 + all / 2) / all)
    }
}

/// One day of the backlog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BacklogDay {
    pub day: Day,
    pub opened: i64,
    pub closed: i64,
    /// Tickets open at the end of the day.
    pub open: i64,
}

/// One engineer's share of the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Load {
    /// Their tickets resolved or closed in the period.
    pub closed: i64,
    /// Their tickets opened in the period.
    pub opened: i64,
}

/// Satisfaction: ratings 1-5 given in the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Satisfaction {
    /// How many gave each rating, 1 first.
    pub ratings: [i64; 5],
}

impl Satisfaction {
    pub fn count(&self) -> i64 {
        self.ratings.iter().sum()
    }

    /// The average in hundredths (4.25 is 425).
    pub fn average_centi(&self) -> Option<i64> {
        let n = self.count();
        let sum: i64 = self
            .ratings
            .iter()
            .enumerate()
            .map(|(i, c)| (i as i64 + 1) * c)
            .sum();
        (n > 0).then(|| (sum * 100 + n / 2) / n)
    }
}

/// The metrics of a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub opened: i64,
    pub closed: i64,
    /// From opening to the first public reply, of the tickets opened in the period.
    pub first_response: Spread,
    /// From opening to resolution, of the tickets resolved or closed in the period.
    pub resolution: Spread,
    /// Of the tickets opened in the period whose target is settled or already missed.
    pub response_sla: Compliance,
    pub resolution_sla: Compliance,
    pub backlog: Vec<BacklogDay>,
    /// Arrivals by local weekday (Monday first) and hour.
    pub arrivals: [[i64; 24]; 7],
    /// Per assignee (people with tickets in the period), by id.
    pub load: Vec<(i64, Load)>,
    pub satisfaction: Satisfaction,
}

/// The metrics of `period` from `facts` (every ticket opened, resolved or closed in it, and
/// any other) and the number of tickets open when it began.
pub fn summarize(facts: &[Fact], period: &Period, open_at_start: i64) -> Summary {
    let (from, to) = period.bounds();
    let shift = i64::from(period.offset_minutes) * MINUTE;
    let day_index = |at: i64| ((at - from).div_euclid(DAY)) as usize;
    let days = usize::try_from(period.days().max(0)).unwrap_or(0);
    let mut opened_by_day = vec![0i64; days];
    let mut closed_by_day = vec![0i64; days];
    let mut responses = Vec::new();
    let mut resolutions = Vec::new();
    let mut response_sla = Compliance::default();
    let mut resolution_sla = Compliance::default();
    let mut arrivals = [[0i64; 24]; 7];
    let mut load: std::collections::BTreeMap<i64, Load> = Default::default();
    let mut satisfaction = Satisfaction::default();
    let count = |c: &mut Compliance, ok: Option<bool>| match ok {
        Some(true) => c.kept += 1,
        Some(false) => c.missed += 1,
        None => {}
    };
    for f in facts {
        let opened_here = (from..to).contains(&f.created_at);
        let done_here = f.done_at.filter(|d| (from..to).contains(d));
        if opened_here {
            opened_by_day[day_index(f.created_at)] += 1;
            if let Some(r) = f.first_response_at {
                responses.push((r - f.created_at).max(0));
            }
            count(&mut response_sla, f.response_ok);
            count(&mut resolution_sla, f.resolution_ok);
            let local = f.created_at + shift;
            // 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday.
            let weekday = (local.div_euclid(DAY) + 3).rem_euclid(7) as usize;
            let hour = (local.rem_euclid(DAY) / HOUR) as usize;
            arrivals[weekday][hour] += 1;
            if let Some(a) = f.assignee {
                load.entry(a).or_default().opened += 1;
            }
        }
        if let Some(d) = done_here {
            closed_by_day[day_index(d)] += 1;
            resolutions.push((d - f.created_at).max(0));
            if let Some(a) = f.assignee {
                load.entry(a).or_default().closed += 1;
            }
            if let Some(r) = f.rating.filter(|r| (1..=5).contains(r)) {
                satisfaction.ratings[(r - 1) as usize] += 1;
            }
        }
    }
    let mut open = open_at_start;
    let backlog = (0..days)
        .map(|i| {
            open += opened_by_day[i] - closed_by_day[i];
            BacklogDay {
                day: period.from.plus_days(i as i32),
                opened: opened_by_day[i],
                closed: closed_by_day[i],
                open,
            }
        })
        .collect();
    Summary {
        opened: opened_by_day.iter().sum(),
        closed: closed_by_day.iter().sum(),
        first_response: Spread::of(responses),
        resolution: Spread::of(resolutions),
        response_sla,
        resolution_sla,
        backlog,
        arrivals,
        load: load.into_iter().collect(),
        satisfaction,
    }
}

// --- the rollup: what a report over a long period reads instead of every ticket -----------

/// An hour in Unix hours (`at / 3_600_000`).
pub fn hour_of(at: i64) -> i64 {
    at.div_euclid(HOUR)
}

/// A UTC day in Unix days.
pub fn utc_day_of(at: i64) -> i64 {
    at.div_euclid(DAY)
}

/// What one hour adds to the report: tickets opened in it (and whether their targets were
/// kept), tickets resolved in it (and their ratings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HourCounts {
    pub opened: i64,
    pub resolved: i64,
    pub response: Compliance,
    pub resolution: Compliance,
    pub satisfaction: Satisfaction,
}

impl HourCounts {
    pub fn is_empty(&self) -> bool {
        *self == HourCounts::default()
    }

    fn add(&mut self, other: &HourCounts) {
        self.opened += other.opened;
        self.resolved += other.resolved;
        self.response.kept += other.response.kept;
        self.response.missed += other.response.missed;
        self.resolution.kept += other.resolution.kept;
        self.resolution.missed += other.resolution.missed;
        for (a, b) in self
            .satisfaction
            .ratings
            .iter_mut()
            .zip(other.satisfaction.ratings)
        {
            *a += b;
        }
    }
}

/// One hour's counts, for the whole desk and for each assignee, from the tickets opened or
/// resolved in it.
pub fn roll_hour(hour: i64, facts: &[Fact]) -> (HourCounts, Vec<(i64, HourCounts)>) {
    let mut all = HourCounts::default();
    let mut by: std::collections::BTreeMap<i64, HourCounts> = Default::default();
    for f in facts {
        let mut c = HourCounts::default();
        if hour_of(f.created_at) == hour {
            c.opened = 1;
            let tally = |x: &mut Compliance, ok: Option<bool>| match ok {
                Some(true) => x.kept = 1,
                Some(false) => x.missed = 1,
                None => {}
            };
            tally(&mut c.response, f.response_ok);
            tally(&mut c.resolution, f.resolution_ok);
        }
        if f.done_at.map(hour_of) == Some(hour) {
            c.resolved = 1;
            if let Some(r) = f.rating.filter(|r| (1..=5).contains(r)) {
                c.satisfaction.ratings[(r - 1) as usize] = 1;
            }
        }
        all.add(&c);
        if let Some(a) = f.assignee {
            by.entry(a).or_default().add(&c);
        }
    }
    (all, by.into_iter().filter(|(_, c)| !c.is_empty()).collect())
}

/// Upper bounds (minutes, exclusive) of the duration buckets a rollup counts percentiles in;
/// the last bucket is everything longer.
pub const BUCKETS: [i64; 27] = [
    5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1080, 1440, 2160, 2880, 4320,
    5760, 7200, 10080, 14400, 20160, 30240, 43200, 86400,
];

/// The bucket of a duration in ms.
pub fn bucket_of(ms: i64) -> usize {
    let minutes = ms.max(0) / MINUTE;
    BUCKETS
        .iter()
        .position(|&b| minutes < b)
        .unwrap_or(BUCKETS.len())
}

/// Each assignee's tickets opened and resolved in `[from, to)` (ms): a UTC day's or an hour's
/// share of the engineers' load, rolled up beside the hours.
pub fn roll_load(from: i64, to: i64, facts: &[Fact]) -> Vec<(i64, Load)> {
    let mut by: std::collections::BTreeMap<i64, Load> = Default::default();
    for f in facts {
        let Some(a) = f.assignee else { continue };
        let opened = (from..to).contains(&f.created_at);
        let closed = f.done_at.is_some_and(|d| (from..to).contains(&d));
        if opened || closed {
            let l = by.entry(a).or_default();
            l.opened += i64::from(opened);
            l.closed += i64::from(closed);
        }
    }
    by.into_iter().collect()
}

/// The hours `[first_hour, end_hour)` as the rollup reads the load: the whole UTC days inside
/// them, and the hours before the first and after the last whole day (none when the span has
/// no whole day: then all of it is hours).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadSpans {
    /// UTC days `days.start..days.end`.
    pub days: std::ops::Range<i64>,
    /// Hour ranges outside those days.
    pub hours: [std::ops::Range<i64>; 2],
}

pub fn load_spans(first_hour: i64, end_hour: i64) -> LoadSpans {
    let first_day = first_hour.div_euclid(24) + i64::from(first_hour.rem_euclid(24) != 0);
    let end_day = end_hour.div_euclid(24);
    if first_day >= end_day {
        return LoadSpans {
            days: 0..0,
            hours: [first_hour..end_hour.max(first_hour), 0..0],
        };
    }
    LoadSpans {
        days: first_day..end_day,
        hours: [first_hour..first_day * 24, end_day * 24..end_hour],
    }
}

/// A UTC day's duration buckets: to first response of the tickets opened that day, to
/// resolution of those resolved that day (`BUCKETS.len() + 1` counts each).
pub fn roll_day(day: i64, facts: &[Fact]) -> (Vec<i64>, Vec<i64>) {
    let mut response = vec![0i64; BUCKETS.len() + 1];
    let mut resolution = vec![0i64; BUCKETS.len() + 1];
    for f in facts {
        if utc_day_of(f.created_at) == day {
            if let Some(r) = f.first_response_at {
                response[bucket_of(r - f.created_at)] += 1;
            }
        }
        if let Some(d) = f.done_at.filter(|d| utc_day_of(*d) == day) {
            resolution[bucket_of(d - f.created_at)] += 1;
        }
    }
    (response, resolution)
}

/// Median and p90 from bucket counts (`BUCKETS.len() + 1` of them), each read as the middle
/// of its bucket: within a bucket's width of the exact figure.
pub fn spread_of_buckets(counts: &[i64]) -> Spread {
    let n: i64 = counts.iter().sum();
    let at = |p: i64| -> Option<i64> {
        if n == 0 {
            return None;
        }
        let rank = (p * n + 99) / 100;
        let mut seen = 0;
        for (i, c) in counts.iter().enumerate() {
            seen += c;
            if seen >= rank.max(1) {
                let low = if i == 0 { 0 } else { BUCKETS[i - 1] };
                return Some(match BUCKETS.get(i) {
                    Some(high) => (low + high) / 2,
                    None => low,
                });
            }
        }
        None
    };
    Spread {
        count: n,
        median_minutes: at(50),
        p90_minutes: at(90),
    }
}

/// The metrics of `period` from rolled-up hours (`(hour, counts)`, the desk's whole), the
/// assignees' counts over the period, the duration buckets of the period's days, and the
/// tickets open when it began.
pub fn summarize_rolled(
    hours: &[(i64, HourCounts)],
    load: &[(i64, Load)],
    response_buckets: &[i64],
    resolution_buckets: &[i64],
    period: &Period,
    open_at_start: i64,
) -> Summary {
    let (from, _) = period.bounds();
    let shift = i64::from(period.offset_minutes) * MINUTE;
    let days = usize::try_from(period.days().max(0)).unwrap_or(0);
    let mut opened_by_day = vec![0i64; days];
    let mut closed_by_day = vec![0i64; days];
    let mut total = HourCounts::default();
    let mut arrivals = [[0i64; 24]; 7];
    for (hour, c) in hours {
        let at = hour * HOUR;
        let Ok(i) = usize::try_from((at - from).div_euclid(DAY)) else {
            continue;
        };
        if i >= days {
            continue;
        }
        opened_by_day[i] += c.opened;
        closed_by_day[i] += c.resolved;
        total.add(c);
        let local = at + shift;
        let weekday = (local.div_euclid(DAY) + 3).rem_euclid(7) as usize;
        arrivals[weekday][(local.rem_euclid(DAY) / HOUR) as usize] += c.opened;
    }
    let mut open = open_at_start;
    let backlog = (0..days)
        .map(|i| {
            open += opened_by_day[i] - closed_by_day[i];
            BacklogDay {
                day: period.from.plus_days(i as i32),
                opened: opened_by_day[i],
                closed: closed_by_day[i],
                open,
            }
        })
        .collect();
    Summary {
        opened: total.opened,
        closed: total.resolved,
        first_response: spread_of_buckets(response_buckets),
        resolution: spread_of_buckets(resolution_buckets),
        response_sla: total.response,
        resolution_sla: total.resolution,
        backlog,
        arrivals,
        load: load.to_vec(),
        satisfaction: total.satisfaction,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    /// Moscow (UTC+3) local time as Unix ms.
    fn msk(d: &str, hour: i64, minute: i64) -> i64 {
        day(d).start_ms() - 3 * HOUR + hour * HOUR + minute * MINUTE
    }

    fn fact(created_at: i64) -> Fact {
        Fact {
            created_at,
            first_response_at: None,
            done_at: None,
            assignee: None,
            response_ok: None,
            resolution_ok: None,
            rating: None,
        }
    }

    #[test]
    fn the_load_is_read_by_whole_days_and_the_hours_at_the_edges() {
        // Moscow days (UTC+3): from 21:00 UTC of day 10 to 21:00 UTC of day 13.
        let s = load_spans(10 * 24 + 21, 13 * 24 + 21);
        assert_eq!(s.days, 11..13);
        assert_eq!(s.hours, [10 * 24 + 21..11 * 24, 13 * 24..13 * 24 + 21]);
        // UTC days: all whole, no hours.
        let s = load_spans(24, 72);
        assert_eq!(
            (s.days, s.hours[0].is_empty(), s.hours[1].is_empty()),
            (1..3, true, true)
        );
        // Within one day: all hours.
        assert_eq!(load_spans(30, 40).hours, [30..40, 0..0]);
        assert!(load_spans(30, 40).days.is_empty());
        // Across midnight without a whole day.
        let s = load_spans(20, 30);
        assert_eq!((s.days.is_empty(), s.hours), (true, [20..30, 0..0]));
    }

    // A hand-counted week in Moscow: 2026-12-07 (Monday) to 2026-12-09.
    #[test]
    fn a_small_week_counted_by_hand() {
        let period = Period {
            from: day("2026-12-07"),
            to: day("2026-12-09"),
            offset_minutes: 180,
        };
        let facts = [
            // Opened Monday 09:10, answered in 20 min, resolved Tuesday 11:10 (26 h) by 7.
            Fact {
                first_response_at: Some(msk("2026-12-07", 9, 30)),
                done_at: Some(msk("2026-12-08", 11, 10)),
                assignee: Some(7),
                response_ok: Some(true),
                resolution_ok: Some(false),
                rating: Some(5),
                ..fact(msk("2026-12-07", 9, 10))
            },
            // Opened Monday 23:30 local (still Monday), answered in 60 min, open.
            Fact {
                first_response_at: Some(msk("2026-12-08", 0, 30)),
                assignee: Some(7),
                response_ok: Some(false),
                ..fact(msk("2026-12-07", 23, 30))
            },
            // Opened Wednesday 14:05, answered in 10 min, resolved in 50 min by 8.
            Fact {
                first_response_at: Some(msk("2026-12-09", 14, 15)),
                done_at: Some(msk("2026-12-09", 14, 55)),
                assignee: Some(8),
                response_ok: Some(true),
                resolution_ok: Some(true),
                rating: Some(3),
                ..fact(msk("2026-12-09", 14, 5))
            },
            // Opened the week before, closed Tuesday: counts as closed, not opened.
            Fact {
                done_at: Some(msk("2026-12-08", 10, 0)),
                assignee: Some(8),
                ..fact(msk("2026-12-01", 10, 0))
            },
            // Opened after the period: not counted.
            fact(msk("2026-12-10", 0, 1)),
        ];
        let s = summarize(&facts, &period, 4);
        assert_eq!((s.opened, s.closed), (3, 3));
        assert_eq!(
            s.first_response,
            Spread {
                count: 3,
                median_minutes: Some(20),
                p90_minutes: Some(60)
            }
        );
        // 26 h, 50 min, and 7 d 0 h (the old one).
        assert_eq!(s.resolution.median_minutes, Some(26 * 60));
        assert_eq!(s.resolution.p90_minutes, Some(7 * 24 * 60));
        assert_eq!(s.response_sla, Compliance { kept: 2, missed: 1 });
        assert_eq!(s.response_sla.permille(), Some(667));
        assert_eq!(s.resolution_sla.permille(), Some(500));
        let backlog: Vec<(i64, i64, i64)> = s
            .backlog
            .iter()
            .map(|d| (d.opened, d.closed, d.open))
            .collect();
        assert_eq!(backlog, vec![(2, 0, 6), (0, 2, 4), (1, 1, 4)]);
        assert_eq!(s.backlog[2].day, day("2026-12-09"));
        assert_eq!(s.arrivals[0][9], 1, "Monday 09:00");
        assert_eq!(s.arrivals[0][23], 1, "Monday 23:00 local");
        assert_eq!(s.arrivals[2][14], 1, "Wednesday 14:00");
        assert_eq!(s.arrivals.iter().flatten().sum::<i64>(), 3);
        assert_eq!(
            s.load,
            vec![
                (
                    7,
                    Load {
                        closed: 1,
                        opened: 2
                    }
                ),
                (
                    8,
                    Load {
                        closed: 2,
                        opened: 1
                    }
                )
            ]
        );
        assert_eq!(s.satisfaction.ratings, [0, 0, 1, 0, 1]);
        assert_eq!(s.satisfaction.average_centi(), Some(400));
    }

    fn any_fact() -> impl Strategy<Value = Fact> {
        let base = day("2026-11-01").start_ms();
        (
            0i64..(60 * DAY),
            prop::option::of(0i64..(3 * DAY)),
            prop::option::of(0i64..(20 * DAY)),
            prop::option::of(1i64..4),
            prop::option::of(any::<bool>()),
            prop::option::of(1i64..=5),
        )
            .prop_map(move |(c, r, d, a, ok, rating)| Fact {
                created_at: base + c,
                first_response_at: r.map(|r| base + c + r),
                done_at: d.map(|d| base + c + d),
                assignee: a,
                response_ok: ok,
                resolution_ok: ok,
                rating,
            })
    }

    proptest! {
        /// Rolled up by the hour, a period in whole-hour time zones counts what the tickets
        /// themselves count; percentiles land within their bucket.
        #[test]
        fn the_rollup_counts_what_the_tickets_count(
            facts in prop::collection::vec(any_fact(), 0..150),
            start in 0i64..20,
            offset_hours in -11i32..14,
        ) {
            let period = Period { from: day("2026-11-10"), to: day("2026-12-20"), offset_minutes: offset_hours * 60 };
            let exact = summarize(&facts, &period, start);
            let (from, to) = period.bounds();
            let mut hours: Vec<i64> = facts
                .iter()
                .flat_map(|f| [Some(f.created_at), f.done_at])
                .flatten()
                .map(hour_of)
                .collect();
            hours.sort_unstable();
            hours.dedup();
            let mut rolled = Vec::new();
            let mut response = vec![0i64; BUCKETS.len() + 1];
            let mut resolution = vec![0i64; BUCKETS.len() + 1];
            for h in hours.iter().copied().filter(|h| (from..to).contains(&(h * HOUR))) {
                let (all, _) = roll_hour(h, &facts);
                rolled.push((h, all));
            }
            // The load as the store reads it: whole UTC days, and hours at the edges.
            let spans = load_spans(hour_of(from), hour_of(to - 1) + 1);
            let mut load: std::collections::BTreeMap<i64, Load> = Default::default();
            let mut add = |part: Vec<(i64, Load)>| {
                for (a, l) in part {
                    let e = load.entry(a).or_default();
                    e.opened += l.opened;
                    e.closed += l.closed;
                }
            };
            for d in spans.days.clone() {
                add(roll_load(d * DAY, (d + 1) * DAY, &facts));
            }
            for h in spans.hours.iter().flat_map(|r| r.clone()) {
                add(roll_load(h * HOUR, (h + 1) * HOUR, &facts));
            }
            for f in facts.iter().filter(|f| (from..to).contains(&f.created_at)) {
                if let Some(r) = f.first_response_at {
                    response[bucket_of(r - f.created_at)] += 1;
                }
            }
            for f in &facts {
                if let Some(d) = f.done_at.filter(|d| (from..to).contains(d)) {
                    resolution[bucket_of(d - f.created_at)] += 1;
                }
            }
            let load: Vec<(i64, Load)> = load.into_iter().collect();
            let r = summarize_rolled(&rolled, &load, &response, &resolution, &period, start);
            prop_assert_eq!(&r.backlog, &exact.backlog);
            prop_assert_eq!(r.arrivals, exact.arrivals);
            prop_assert_eq!(r.response_sla, exact.response_sla);
            prop_assert_eq!(r.resolution_sla, exact.resolution_sla);
            prop_assert_eq!(r.satisfaction, exact.satisfaction);
            prop_assert_eq!(&r.load, &exact.load);
            prop_assert_eq!(r.first_response.count, exact.first_response.count);
            if let (Some(a), Some(b)) = (r.first_response.median_minutes, exact.first_response.median_minutes) {
                let i = bucket_of(b * MINUTE);
                let low = if i == 0 { 0 } else { BUCKETS[i - 1] };
                let high = BUCKETS.get(i).copied().unwrap_or(i64::MAX);
                prop_assert!((low..high.max(low + 1)).contains(&a) || a == low, "{} for {}", a, b);
            }
        }
    }

    proptest! {
        /// The backlog adds up: the last day's open count is the start plus opened minus
        /// closed; each arrival is in the heatmap once; percentiles are ordered.
        #[test]
        fn the_backlog_and_the_heatmap_add_up(
            facts in prop::collection::vec(any_fact(), 0..200),
            start in 0i64..50,
            offset in -720i32..840,
        ) {
            let period = Period { from: day("2026-11-10"), to: day("2026-12-20"), offset_minutes: offset };
            let s = summarize(&facts, &period, start);
            prop_assert_eq!(s.backlog.len() as i32, period.days());
            prop_assert_eq!(s.backlog.last().unwrap().open, start + s.opened - s.closed);
            prop_assert_eq!(s.arrivals.iter().flatten().sum::<i64>(), s.opened);
            prop_assert_eq!(s.opened, facts.iter().filter(|f| period.contains(f.created_at)).count() as i64);
            for spread in [s.first_response, s.resolution] {
                if let (Some(m), Some(p)) = (spread.median_minutes, spread.p90_minutes) {
                    prop_assert!(m <= p);
                }
            }
            let loads: i64 = s.load.iter().map(|(_, l)| l.opened).sum();
            prop_assert!(loads <= s.opened);
        }
    }
}
