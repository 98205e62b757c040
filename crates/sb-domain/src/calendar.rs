//! Calendar days without a time-zone library: a [`Day`] is a date (days since 1970-01-01),
//! what a work date, a package's period and a burn-down chart count in.
//!
//! A moment becomes a day only with the UTC offset of the person who worked: an hour logged at
//! 23:30 in Moscow is that day's work even though it is 20:30 UTC.

use std::fmt;

use serde::{Deserialize, Serialize};

const MS_PER_DAY: i64 = 86_400_000;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Day(pub i32);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.msg())]
pub struct BadDay(pub String);

impl BadDay {
    /// The refusal for people, worded by its reader (`Display` is the English).
    pub fn msg(&self) -> sb_i18n::Msg {
        sb_i18n::msg!("not-a-date", value = &self.0)
    }
}

impl Day {
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Day(era * 146_097 + doe - 719_468))
    }

    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i32::from(m <= 2);
        (y, m, d)
    }

    pub fn parse(text: &str) -> Result<Day, BadDay> {
        let bad = || BadDay(text.to_string());
        let mut parts = text.trim().splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let y: i32 = y.parse().map_err(|_| bad())?;
        let m: u32 = m.parse().map_err(|_| bad())?;
        let d: u32 = d.parse().map_err(|_| bad())?;
        Day::from_ymd(y, m, d).ok_or_else(bad)
    }

    /// The day a moment falls on for someone `offset_minutes` east of UTC.
    pub fn of_moment(at_ms: i64, offset_minutes: i32) -> Day {
        let local = at_ms + i64::from(offset_minutes) * 60_000;
        Day(local.div_euclid(MS_PER_DAY) as i32)
    }

    /// Midnight UTC of this day, in milliseconds.
    pub fn start_ms(self) -> i64 {
        i64::from(self.0) * MS_PER_DAY
    }

    pub fn plus_days(self, n: i32) -> Day {
        Day(self.0 + n)
    }

    /// The same day of the month `n` months later, or the month's last day when it is shorter
    /// (January 31 + 1 month = February 28 or 29).
    pub fn plus_months(self, n: i32) -> Day {
        let (y, m, d) = self.ymd();
        let months = y * 12 + (m as i32 - 1) + n;
        let (ny, nm) = (months.div_euclid(12), months.rem_euclid(12) as u32 + 1);
        let nd = d.min(days_in_month(ny, nm));
        Day::from_ymd(ny, nm, nd).expect("a valid day")
    }

    /// Days from `self` to `other` (negative when `other` is earlier).
    pub fn days_until(self, other: Day) -> i32 {
        other.0 - self.0
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl TryFrom<String> for Day {
    type Error = BadDay;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Day::parse(&value)
    }
}

impl From<Day> for String {
    fn from(d: Day) -> String {
        d.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_days() {
        assert_eq!(Day::from_ymd(1970, 1, 1), Some(Day(0)));
        assert_eq!(Day::parse("2026-11-23").unwrap().to_string(), "2026-11-23");
        assert_eq!(Day::parse("2024-02-29").unwrap().ymd(), (2024, 2, 29));
        for bad in [
            "2025-02-29",
            "2026-13-01",
            "2026-1-1",
            "23.11.2026",
            "",
            "2026-11-31",
        ] {
            assert!(Day::parse(bad).is_err(), "{bad}");
        }
        let jan31 = Day::parse("2026-01-31").unwrap();
        assert_eq!(jan31.plus_months(1).to_string(), "2026-02-28");
        assert_eq!(jan31.plus_months(12).to_string(), "2027-01-31");
        assert_eq!(
            Day::parse("2024-01-31").unwrap().plus_months(1).to_string(),
            "2024-02-29"
        );
    }

    #[test]
    fn a_moment_is_the_day_where_the_work_was_done() {
        // 2026-11-23 20:30 UTC: still the 23rd in London, already the 24th in Tokyo, and the
        // 23rd in Moscow (23:30) and in New York (15:30).
        let at = Day::parse("2026-11-23").unwrap().start_ms() + (20 * 60 + 30) * 60_000;
        assert_eq!(Day::of_moment(at, 0).to_string(), "2026-11-23");
        assert_eq!(Day::of_moment(at, 9 * 60).to_string(), "2026-11-24");
        assert_eq!(Day::of_moment(at, 3 * 60).to_string(), "2026-11-23");
        assert_eq!(Day::of_moment(at, -5 * 60).to_string(), "2026-11-23");
        // Before the epoch too.
        assert_eq!(Day::of_moment(-1, 0).to_string(), "1969-12-31");
    }

    proptest! {
        #[test]
        fn days_round_trip(n in -719_162i32..2_932_000) {
            let d = Day(n);
            let (y, m, dd) = d.ymd();
            prop_assert_eq!(Day::from_ymd(y, m, dd), Some(d));
            prop_assert_eq!(Day::parse(&d.to_string()), Ok(d));
        }
    }
}
