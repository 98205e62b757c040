//! Moments as vendors write them (ISO 8601 with `Z` or an offset, `YYYY-MM-DD HH:MM:SS` in UTC)
//! to and from milliseconds since 1970.

use sb_domain::calendar::Day;

/// Milliseconds of `2026-12-01T15:32:26Z`, `2026-12-01T15:32:26.123+03:00`,
/// `2026-12-01 15:32:26` (UTC) and the like; `None` when it is none of those.
pub fn parse(text: &str) -> Option<i64> {
    let t = text.trim();
    let (date, rest) = t.split_at_checked(10)?;
    let day = Day::parse(date).ok()?;
    let rest = rest.strip_prefix(['T', ' ']).unwrap_or(rest);
    if rest.is_empty() {
        return Some(day.start_ms());
    }
    let hms = rest.get(..8)?;
    let mut parts = hms.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (parts.next()??, parts.next()??, parts.next()??);
    let mut tail = &rest[8..];
    let mut millis = 0;
    if let Some(frac) = tail.strip_prefix('.') {
        let digits: String = frac.chars().take_while(char::is_ascii_digit).collect();
        tail = &frac[digits.len()..];
        let first3: String = digits.chars().chain("000".chars()).take(3).collect();
        millis = first3.parse::<i64>().ok()?;
    }
    let offset_minutes = match tail.trim() {
        "" | "Z" | "z" | "UTC" => 0,
        zone => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
            if digits.len() != 4 {
                return None;
            }
            let hh: i64 = digits[..2].parse().ok()?;
            let mm: i64 = digits[2..].parse().ok()?;
            sign * (hh * 60 + mm)
        }
    };
    Some(day.start_ms() + ((h * 60 + m - offset_minutes) * 60 + s) * 1000 + millis)
}

fn parts(ms: i64) -> (Day, i64, i64, i64) {
    let day = Day::of_moment(ms, 0);
    let secs = (ms - day.start_ms()) / 1000;
    (day, secs / 3600, secs / 60 % 60, secs % 60)
}

/// `2026-12-01T15:32:26Z`
pub fn iso(ms: i64) -> String {
    let (day, h, m, s) = parts(ms);
    format!("{day}T{h:02}:{m:02}:{s:02}Z")
}

/// `2026-12-01 15:32:26` (UTC)
pub fn plain(ms: i64) -> String {
    let (day, h, m, s) = parts(ms);
    format!("{day} {h:02}:{m:02}:{s:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_offsets() {
        let ms = parse("2026-12-01T15:32:26Z").unwrap();
        assert_eq!(iso(ms), "2026-12-01T15:32:26Z");
        assert_eq!(plain(ms), "2026-12-01 15:32:26");
        assert_eq!(parse("2026-12-01 15:32:26"), Some(ms));
        assert_eq!(parse("2026-12-01T18:32:26+03:00"), Some(ms));
        assert_eq!(parse("2026-12-01T18:32:26.250+0300"), Some(ms + 250));
        assert_eq!(parse("2026-12-01T10:32:26-05:00"), Some(ms));
        assert_eq!(
            parse("2026-12-01"),
            Day::parse("2026-12-01").ok().map(Day::start_ms)
        );
        assert_eq!(parse("yesterday"), None);
        assert_eq!(parse("2026-12-01T15:32"), None);
    }
}
