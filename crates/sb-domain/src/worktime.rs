//! Working time: the hours a contract counts (working hours per weekday in a time zone, holidays
//! and moved working days), and arithmetic in them: how much working time lies between two
//! moments, and when a given amount of it has passed. An SLA's targets are counted in it.
//!
//! Moments are unix milliseconds, as everywhere in Switchboard. The time zone's rules come
//! from the caller (`jiff::tz::TimeZone`), so a calendar in Moscow and one in Berlin count the
//! same contract hours in their own local time, across daylight-saving changes and the changes
//! of a zone's offset in history.

use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::calendar::Day;

const MINUTES_PER_DAY: u16 = 24 * 60;

/// How far ahead `add` looks for working time before it gives up: a calendar with no working
/// time in ten years has none.
const HORIZON_DAYS: i32 = 3_660;

/// The working hours of one day: intervals of minutes since local midnight, `[from, to)`,
/// sorted and apart. Empty: a day off.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Hours(Vec<(u16, u16)>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("{}", self.msg())]
    Syntax(String),
    #[error("{}", self.msg())]
    Backwards(String),
    #[error("{}", self.msg())]
    Overlap(String),
}

impl HoursError {
    /// The refusal for people, worded by its reader (`Display` is the English).
    pub fn msg(&self) -> sb_i18n::Msg {
        use sb_i18n::msg;
        match self {
            HoursError::Syntax(v) => msg!("worktime-syntax", value = v),
            HoursError::Backwards(v) => msg!("worktime-backwards", value = v),
            HoursError::Overlap(v) => msg!("worktime-overlap", value = v),
        }
    }
}

impl Hours {
    /// No working time: a holiday or a weekend day.
    pub fn off() -> Hours {
        Hours(Vec::new())
    }

    /// The whole day.
    pub fn all_day() -> Hours {
        Hours(vec![(0, MINUTES_PER_DAY)])
    }

    /// From a list of `(from, to)` minutes since midnight.
    pub fn from_minutes(spans: &[(u16, u16)]) -> Result<Hours, HoursError> {
        let mut sorted = spans.to_vec();
        sorted.sort_unstable();
        let mut last_end = 0;
        for (i, &(from, to)) in sorted.iter().enumerate() {
            let text = span_text(from, to);
            if to > MINUTES_PER_DAY || from >= to {
                return Err(HoursError::Backwards(text));
            }
            if i > 0 && from < last_end {
                return Err(HoursError::Overlap(text));
            }
            last_end = to;
        }
        Ok(Hours(sorted))
    }

    /// `09:00-18:00`, `09:00-13:00, 14:00-18:00`, or empty (a day off).
    pub fn parse(text: &str) -> Result<Hours, HoursError> {
        let syntax = || HoursError::Syntax(text.trim().to_string());
        let mut spans = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (from, to) = part.split_once('-').ok_or_else(syntax)?;
            let from = clock_minutes(from).ok_or_else(syntax)?;
            let to = clock_minutes(to).ok_or_else(syntax)?;
            spans.push((from, to));
        }
        Hours::from_minutes(&spans)
    }

    pub fn spans(&self) -> &[(u16, u16)] {
        &self.0
    }

    pub fn is_off(&self) -> bool {
        self.0.is_empty()
    }

    /// Working minutes in the day.
    pub fn minutes(&self) -> i64 {
        self.0.iter().map(|&(f, t)| i64::from(t - f)).sum()
    }

    /// The same day ending `minutes` earlier (a shortened day before a holiday); stretches
    /// that end up empty are dropped.
    pub fn shortened_by(&self, minutes: u16) -> Hours {
        let mut left = minutes;
        let mut spans = self.0.clone();
        while left > 0 {
            let Some(last) = spans.last_mut() else { break };
            let len = last.1 - last.0;
            if len > left {
                last.1 -= left;
                left = 0;
            } else {
                left -= len;
                spans.pop();
            }
        }
        Hours(spans)
    }
}

impl fmt::Display for Hours {
    /// The form [`Hours::parse`] reads: `09:00-13:00, 14:00-18:00`; empty for a day off.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text: Vec<String> = self.0.iter().map(|&(a, b)| span_text(a, b)).collect();
        f.write_str(&text.join(", "))
    }
}

fn span_text(from: u16, to: u16) -> String {
    format!(
        "{:02}:{:02}-{:02}:{:02}",
        from / 60,
        from % 60,
        to / 60,
        to % 60
    )
}

/// `9:00`, `09:30`, `24:00` -> minutes since midnight.
fn clock_minutes(text: &str) -> Option<u16> {
    let (h, m) = text.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let h: u16 = h.parse().ok()?;
    let m: u16 = m.parse().ok()?;
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

/// A day of the week, Monday first (ISO 8601).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Weekday(u8);

impl Weekday {
    pub const NAMES: [&'static str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    pub fn of(day: Day) -> Weekday {
        // 1970-01-01 was a Thursday.
        Weekday((day.0 + 3).rem_euclid(7) as u8)
    }

    /// 0 for Monday .. 6 for Sunday.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    pub fn parse(text: &str) -> Option<Weekday> {
        let t = text.trim().to_ascii_lowercase();
        Weekday::NAMES
            .iter()
            .position(|n| t.starts_with(n))
            .map(|i| Weekday(i as u8))
    }
}

/// The hours a contract counts: a week of working hours in a time zone, and the dates that
/// differ from their weekday (public holidays with no hours, shortened days before them, a
/// Saturday worked in place of a Monday off).
#[derive(Debug, Clone)]
pub struct WorkCalendar {
    zone: TimeZone,
    week: [Hours; 7],
    dates: BTreeMap<Day, Hours>,
}

impl WorkCalendar {
    /// `week[0]` is Monday's hours.
    pub fn new(zone: TimeZone, week: [Hours; 7], dates: BTreeMap<Day, Hours>) -> WorkCalendar {
        WorkCalendar { zone, week, dates }
    }

    /// Every hour of every day (P1 contracts): working time is plain elapsed time.
    pub fn always() -> WorkCalendar {
        WorkCalendar::new(
            TimeZone::UTC,
            std::array::from_fn(|_| Hours::all_day()),
            BTreeMap::new(),
        )
    }

    /// Monday to Friday, 09:00-18:00 UTC: the working days counted when a ticket has no SLA
    /// policy to take a calendar from.
    pub fn office_week() -> WorkCalendar {
        let day = Hours::from_minutes(&[(9 * 60, 18 * 60)]).expect("09:00-18:00 is valid");
        WorkCalendar::new(
            TimeZone::UTC,
            std::array::from_fn(|i| if i < 5 { day.clone() } else { Hours::off() }),
            BTreeMap::new(),
        )
    }

    /// When working time starts on a local date; `None` for a day off.
    pub fn day_starts_at(&self, day: Day) -> Option<i64> {
        self.stretches(day).map(|(from, _)| from).next()
    }

    /// Whether every hour counts, whatever the date.
    pub fn is_always(&self) -> bool {
        self.week.iter().all(|h| *h == Hours::all_day())
            && self.dates.values().all(|h| *h == Hours::all_day())
    }

    /// The hours of one local date.
    pub fn hours_of(&self, day: Day) -> &Hours {
        self.dates
            .get(&day)
            .unwrap_or(&self.week[Weekday::of(day).index()])
    }

    /// Whether any weekday or date has working time at all.
    pub fn has_working_time(&self) -> bool {
        self.week.iter().any(|h| !h.is_off()) || self.dates.values().any(|h| !h.is_off())
    }

    /// The local date of a moment in the calendar's zone.
    pub fn day_of(&self, at_ms: i64) -> Day {
        let date = self.zone.to_datetime(timestamp(at_ms)).date();
        Day::from_ymd(
            i32::from(date.year()),
            date.month() as u32,
            date.day() as u32,
        )
        .unwrap_or(Day(0))
    }

    /// The working stretches of one local date as moments `[from, to)`.
    fn stretches(&self, day: Day) -> impl Iterator<Item = (i64, i64)> + '_ {
        self.hours_of(day)
            .spans()
            .iter()
            .map(move |&(from, to)| (self.moment(day, from), self.moment(day, to)))
            .filter(|(from, to)| from < to)
    }

    /// The moment of `minutes` past local midnight of `day` (24:00 is the next midnight). A
    /// time skipped by a daylight-saving change counts as the moment after the gap; a time
    /// that comes twice, as the first.
    fn moment(&self, day: Day, minutes: u16) -> i64 {
        let (day, minutes) = if minutes >= MINUTES_PER_DAY {
            (day.plus_days(1), minutes - MINUTES_PER_DAY)
        } else {
            (day, minutes)
        };
        let (y, m, d) = day.ymd();
        let local = Date::new(y as i16, m as i8, d as i8)
            .ok()
            .map(|date| {
                DateTime::from_parts(
                    date,
                    jiff::civil::Time::new((minutes / 60) as i8, (minutes % 60) as i8, 0, 0)
                        .unwrap_or_default(),
                )
            })
            .and_then(|dt| self.zone.to_ambiguous_timestamp(dt).compatible().ok());
        match local {
            Some(t) => t.as_millisecond(),
            // Outside jiff's range (years beyond +-9999): the plain UTC reading.
            None => day.start_ms() + i64::from(minutes) * 60_000,
        }
    }

    /// Working time between two moments, in ms (0 when `to` is not after `from`).
    pub fn working_ms(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        let mut total = 0;
        let mut day = self.day_of(from).plus_days(-1);
        let last = self.day_of(to).plus_days(1);
        while day <= last {
            for (a, b) in self.stretches(day) {
                let (a, b) = (a.max(from), b.min(to));
                if b > a {
                    total += b - a;
                }
            }
            day = day.plus_days(1);
        }
        total
    }

    /// The moment when `work_ms` of working time has passed after `from`; `from` itself for
    /// no work. `None` when the calendar has no working time for ten years after `from`.
    pub fn add(&self, from: i64, work_ms: i64) -> Option<i64> {
        if work_ms <= 0 {
            return Some(from);
        }
        let mut need = work_ms;
        let first = self.day_of(from).plus_days(-1);
        for n in 0..HORIZON_DAYS {
            for (a, b) in self.stretches(first.plus_days(n)) {
                let a = a.max(from);
                if b <= a {
                    continue;
                }
                if b - a >= need {
                    return Some(a + need);
                }
                need -= b - a;
            }
        }
        None
    }
}

fn timestamp(at_ms: i64) -> Timestamp {
    Timestamp::from_millisecond(at_ms).unwrap_or(if at_ms < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const MIN: i64 = 60_000;
    const HOUR: i64 = 60 * MIN;

    fn zone(name: &str) -> TimeZone {
        TimeZone::get(name).expect("the system's time zone database")
    }

    fn nine_to_six(zone_name: &str) -> WorkCalendar {
        let day = Hours::parse("09:00-18:00").unwrap();
        WorkCalendar::new(
            zone(zone_name),
            [
                day.clone(),
                day.clone(),
                day.clone(),
                day.clone(),
                day,
                Hours::off(),
                Hours::off(),
            ],
            BTreeMap::new(),
        )
    }

    /// Local wall time in a zone, as unix ms.
    fn at(zone_name: &str, text: &str) -> i64 {
        let dt: DateTime = text.parse().unwrap();
        zone(zone_name)
            .to_ambiguous_timestamp(dt)
            .compatible()
            .unwrap()
            .as_millisecond()
    }

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    #[test]
    fn hours_are_read_and_written_back() {
        let h = Hours::parse(" 14:00-18:00, 9:00-13:00 ").unwrap();
        assert_eq!(h.to_string(), "09:00-13:00, 14:00-18:00");
        assert_eq!(h.minutes(), 8 * 60);
        assert_eq!(Hours::parse("").unwrap(), Hours::off());
        assert_eq!(Hours::parse("00:00-24:00").unwrap(), Hours::all_day());
        assert!(matches!(Hours::parse("9-18"), Err(HoursError::Syntax(_))));
        assert!(matches!(
            Hours::parse("18:00-09:00"),
            Err(HoursError::Backwards(_))
        ));
        assert!(matches!(
            Hours::parse("09:00-13:00, 12:00-18:00"),
            Err(HoursError::Overlap(_))
        ));
        assert!(matches!(
            Hours::parse("24:30-25:00"),
            Err(HoursError::Syntax(_))
        ));
        let e = Hours::parse("nine to six").unwrap_err().to_string();
        assert!(e.contains("09:00-18:00"), "{e}");
    }

    #[test]
    fn a_shortened_day_ends_earlier() {
        let day = Hours::parse("09:00-13:00, 14:00-18:00").unwrap();
        assert_eq!(day.shortened_by(60).to_string(), "09:00-13:00, 14:00-17:00");
        assert_eq!(day.shortened_by(300).to_string(), "09:00-12:00");
        assert!(day.shortened_by(24 * 60).is_off());
        assert_eq!(Hours::off().shortened_by(60), Hours::off());
    }

    #[test]
    fn weekdays_from_dates() {
        assert_eq!(Weekday::of(day("1970-01-01")).index(), 3, "a Thursday");
        assert_eq!(Weekday::of(day("2026-12-04")).index(), 4, "a Friday");
        assert_eq!(Weekday::of(day("2026-12-06")).index(), 6, "a Sunday");
        assert_eq!(Weekday::parse("Saturday").map(Weekday::index), Some(5));
        assert_eq!(Weekday::parse("xyz"), None);
    }

    // Hand calculations on a 9-18 Mon-Fri calendar in Moscow (UTC+3 all year since 2014).
    #[test]
    fn four_working_hours_from_friday_afternoon_end_on_monday() {
        let cal = nine_to_six("Europe/Moscow");
        // Fri 2026-12-04 16:00: 2 h left on Friday, 2 h more on Monday from 09:00.
        let from = at("Europe/Moscow", "2026-12-04T16:00");
        assert_eq!(
            cal.add(from, 4 * HOUR),
            Some(at("Europe/Moscow", "2026-12-07T11:00"))
        );
        assert_eq!(
            cal.working_ms(from, at("Europe/Moscow", "2026-12-07T11:00")),
            4 * HOUR
        );
        // Opened on Saturday night: the clock starts on Monday at 09:00.
        let saturday = at("Europe/Moscow", "2026-12-05T23:30");
        assert_eq!(
            cal.add(saturday, 30 * MIN),
            Some(at("Europe/Moscow", "2026-12-07T09:30"))
        );
        // Exactly the day's nine hours end at 18:00, not at 09:00 the next day.
        let monday = at("Europe/Moscow", "2026-12-07T09:00");
        assert_eq!(
            cal.add(monday, 9 * HOUR),
            Some(at("Europe/Moscow", "2026-12-07T18:00"))
        );
        // A resolution target of 40 working hours: one working week.
        assert_eq!(
            cal.add(monday, 45 * HOUR),
            Some(at("Europe/Moscow", "2026-12-11T18:00"))
        );
    }

    #[test]
    fn holidays_and_a_moved_working_saturday() {
        // The Russian New Year: 1-8 January off; say Saturday 2027-01-09 is worked instead of a
        // later day off, with a shortened 09:00-17:00.
        let mut dates = BTreeMap::new();
        for d in 1..=8 {
            dates.insert(Day::from_ymd(2027, 1, d).unwrap(), Hours::off());
        }
        dates.insert(day("2027-01-09"), Hours::parse("09:00-17:00").unwrap());
        let base = nine_to_six("Europe/Moscow");
        let cal = WorkCalendar::new(zone("Europe/Moscow"), base.week.clone(), dates);
        // Thursday 2026-12-31 17:00, 3 working hours: 1 h that day, then nothing until the
        // worked Saturday the 9th (2 h from 09:00).
        let from = at("Europe/Moscow", "2026-12-31T17:00");
        assert_eq!(
            cal.add(from, 3 * HOUR),
            Some(at("Europe/Moscow", "2027-01-09T11:00"))
        );
        // 10 hours: 1 + 8 on Saturday the 9th, 1 more on Monday the 11th.
        assert_eq!(
            cal.add(from, 10 * HOUR),
            Some(at("Europe/Moscow", "2027-01-11T10:00"))
        );
        assert_eq!(
            cal.working_ms(from, at("Europe/Moscow", "2027-01-11T10:00")),
            10 * HOUR
        );
        assert!(cal.hours_of(day("2027-01-05")).is_off());
        assert_eq!(cal.hours_of(day("2027-01-09")).minutes(), 8 * 60);
    }

    #[test]
    fn a_daylight_saving_change_keeps_local_hours() {
        // Berlin went from UTC+1 to UTC+2 on Sunday 2027-03-28. 9-18 local on Friday the 26th
        // is 08:00-17:00 UTC, on Monday the 29th 07:00-16:00 UTC.
        let cal = nine_to_six("Europe/Berlin");
        let friday = at("Europe/Berlin", "2027-03-26T17:00");
        let due = cal.add(friday, 2 * HOUR).unwrap();
        assert_eq!(due, at("Europe/Berlin", "2027-03-29T10:00"));
        assert_eq!(
            Timestamp::from_millisecond(due).unwrap().to_string(),
            "2027-03-29T08:00:00Z"
        );
        // A 24x7 day across the change has 23 hours.
        let mut always_berlin = WorkCalendar::always();
        always_berlin.zone = zone("Europe/Berlin");
        assert_eq!(
            always_berlin.working_ms(
                at("Europe/Berlin", "2027-03-28T00:00"),
                at("Europe/Berlin", "2027-03-29T00:00")
            ),
            23 * HOUR
        );
    }

    #[test]
    fn moscow_in_2011_to_2014_counts_in_its_offset_of_the_time() {
        // Moscow was UTC+4 from March 2011 to October 2014, UTC+3 after: 09:00 local on
        // 2014-10-24 is 05:00Z, on 2014-10-27 06:00Z.
        let cal = nine_to_six("Europe/Moscow");
        let friday = at("Europe/Moscow", "2014-10-24T17:00");
        let due = cal.add(friday, 2 * HOUR).unwrap();
        assert_eq!(
            Timestamp::from_millisecond(due).unwrap().to_string(),
            "2014-10-27T07:00:00Z"
        );
    }

    #[test]
    fn always_is_elapsed_time_and_no_hours_is_never() {
        let cal = WorkCalendar::always();
        assert!(cal.is_always());
        assert_eq!(cal.add(1_000, 5 * HOUR), Some(1_000 + 5 * HOUR));
        assert_eq!(cal.working_ms(0, 50 * HOUR), 50 * HOUR);
        let never = WorkCalendar::new(
            TimeZone::UTC,
            std::array::from_fn(|_| Hours::off()),
            BTreeMap::new(),
        );
        assert!(!never.has_working_time());
        assert_eq!(never.add(0, MIN), None);
        assert_eq!(never.working_ms(0, 100 * HOUR), 0);
    }

    fn any_calendar() -> impl Strategy<Value = WorkCalendar> {
        let hours = prop::collection::vec((0u16..1440, 1u16..600), 0..3).prop_map(|spans| {
            let mut kept: Vec<(u16, u16)> = Vec::new();
            let mut sorted: Vec<(u16, u16)> = spans
                .into_iter()
                .map(|(a, len)| (a, (a + len).min(1440)))
                .collect();
            sorted.sort_unstable();
            for (a, b) in sorted {
                if kept.last().is_none_or(|&(_, end)| a >= end) && a < b {
                    kept.push((a, b));
                }
            }
            Hours::from_minutes(&kept).unwrap()
        });
        let zones = prop::sample::select(vec![
            "UTC",
            "Europe/Moscow",
            "Europe/Berlin",
            "America/New_York",
            "Asia/Kolkata",
            "Australia/Lord_Howe",
        ]);
        (
            prop::collection::vec(hours.clone(), 7),
            prop::collection::btree_map(0i32..60, hours, 0..10),
            zones,
        )
            .prop_map(|(week, dates, z)| {
                let week: [Hours; 7] = week.try_into().unwrap();
                // Around 2027's spring and autumn daylight-saving changes.
                let base = Day::parse("2027-03-01").unwrap();
                let dates = dates
                    .into_iter()
                    .map(|(d, h)| (base.plus_days(d * 4), h))
                    .collect();
                WorkCalendar::new(zone(z), week, dates)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Adding working time and measuring it back gives the same amount.
        #[test]
        fn add_and_measure_agree(cal in any_calendar(), start in 0i64..(300 * 24), work in 0i64..(80 * 60)) {
            let from = at("UTC", "2027-03-01T00:00") + start * HOUR;
            let work = work * MIN;
            if let Some(due) = cal.add(from, work) {
                prop_assert!(due >= from);
                prop_assert_eq!(cal.working_ms(from, due), work);
            } else {
                prop_assert!(!cal.has_working_time() || work > 0);
            }
        }

        /// More work never ends sooner, and working time between moments only grows.
        #[test]
        fn working_time_is_monotonic(cal in any_calendar(), start in 0i64..(200 * 24), a in 0i64..6000, b in 0i64..6000) {
            let from = at("UTC", "2027-03-01T00:00") + start * HOUR;
            let (small, big) = (a.min(b) * MIN, a.max(b) * MIN);
            if let (Some(x), Some(y)) = (cal.add(from, small), cal.add(from, big)) {
                prop_assert!(x <= y);
            }
            prop_assert!(cal.working_ms(from, from + small) <= cal.working_ms(from, from + big));
            prop_assert!(cal.working_ms(from, from + big) <= big);
        }

        /// Working time is additive over a split.
        #[test]
        fn working_time_splits(cal in any_calendar(), start in 0i64..(200 * 24), a in 0i64..20_000, b in 0i64..20_000) {
            let from = at("UTC", "2027-03-01T00:00") + start * HOUR;
            let mid = from + a * MIN;
            let to = mid + b * MIN;
            prop_assert_eq!(cal.working_ms(from, mid) + cal.working_ms(mid, to), cal.working_ms(from, to));
        }
    }
}
