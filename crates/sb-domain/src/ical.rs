//! Special dates from an iCalendar file (RFC 5545), as public holiday and production calendars
//! are published: every all-day event is a date that differs from its weekday. An event is a
//! day off unless it says it is worked: a moved working day ("рабочий день", "working day",
//! `CATEGORIES:WORKDAY`), or a shortened one ("сокращённый", "shortened", "pre-holiday",
//! `CATEGORIES:SHORTENED`), which is worked an hour less. Timed events and repeating rules are
//! not dates of a calendar and are counted as skipped.

use crate::calendar::Day;

/// What a date of the file means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    Off,
    Worked,
    Shortened,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcalDate {
    pub day: Day,
    pub kind: DateKind,
    /// The event's summary.
    pub note: Option<String>,
}

/// The dates of a file, and how many events were not all-day dates.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IcalDates {
    pub dates: Vec<IcalDate>,
    pub skipped: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IcalError {
    #[error("{}", self.msg())]
    NotIcal,
    #[error("{}", self.msg())]
    BadDate { line: usize, value: String },
    #[error("{}", self.msg())]
    NoStart { line: usize },
    #[error("{}", self.msg())]
    TooLong { from: String, days: i32 },
}

impl IcalError {
    /// The refusal for people, worded by its reader (`Display` is the English).
    pub fn msg(&self) -> sb_i18n::Msg {
        use sb_i18n::msg;
        match self {
            IcalError::NotIcal => msg!("ical-not-ical"),
            IcalError::BadDate { line, value } => {
                msg!("ical-bad-date", line = *line, value = value)
            }
            IcalError::NoStart { line } => msg!("ical-no-start", line = *line),
            IcalError::TooLong { from, days } => msg!("ical-too-long", from = from, days = *days),
        }
    }
}

/// The longest event taken: a year of days.
const MAX_DAYS: i32 = 366;

/// Reads the all-day events of an iCalendar text.
pub fn dates(text: &str) -> Result<IcalDates, IcalError> {
    let lines = unfold(text);
    if !lines
        .iter()
        .any(|(_, l)| l.trim().eq_ignore_ascii_case("BEGIN:VCALENDAR"))
    {
        return Err(IcalError::NotIcal);
    }
    let mut out = IcalDates::default();
    let mut event: Option<Event> = None;
    for (n, line) in &lines {
        let (name, params, value) = split(line);
        match (name.as_str(), event.as_mut()) {
            ("BEGIN", None) if value.eq_ignore_ascii_case("VEVENT") => {
                event = Some(Event::default());
            }
            ("END", Some(_)) if value.eq_ignore_ascii_case("VEVENT") => {
                let e = event.take().expect("inside an event");
                take(e, *n, &mut out)?;
            }
            ("DTSTART", Some(e)) => e.start = Some(date_value(*n, &params, value)?),
            ("DTEND", Some(e)) => e.end = Some(date_value(*n, &params, value)?),
            ("SUMMARY", Some(e)) => e.summary = Some(unescape(value)),
            ("CATEGORIES", Some(e)) => e.categories = unescape(value),
            ("RRULE", Some(e)) => e.repeats = true,
            _ => {}
        }
    }
    out.dates.sort_by_key(|d| d.day);
    Ok(out)
}

#[derive(Default)]
struct Event {
    /// The date, or `None` for a time of day (not a calendar's date).
    start: Option<Option<Day>>,
    end: Option<Option<Day>>,
    summary: Option<String>,
    categories: String,
    repeats: bool,
}

fn take(e: Event, line: usize, out: &mut IcalDates) -> Result<(), IcalError> {
    let Some(start) = e.start else {
        return Err(IcalError::NoStart { line });
    };
    let (Some(first), false) = (start, e.repeats) else {
        out.skipped += 1;
        return Ok(());
    };
    // DTEND of an all-day event is the day after its last.
    let days = match e.end {
        Some(Some(end)) => first.days_until(end).max(1),
        _ => 1,
    };
    if days > MAX_DAYS {
        return Err(IcalError::TooLong {
            from: first.to_string(),
            days,
        });
    }
    let kind = kind_of(e.summary.as_deref().unwrap_or(""), &e.categories);
    for i in 0..days {
        out.dates.push(IcalDate {
            day: first.plus_days(i),
            kind,
            note: e.summary.clone().filter(|s| !s.trim().is_empty()),
        });
    }
    Ok(())
}

fn kind_of(summary: &str, categories: &str) -> DateKind {
    let s = summary.to_lowercase();
    let c = categories.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| s.contains(w) || c.contains(w));
    if has(&["сокращ", "shortened", "pre-holiday", "preholiday"]) {
        DateKind::Shortened
    } else if has(&[
        "рабочий день",
        "рабочая суббота",
        "working day",
        "workday",
        "work day",
    ]) {
        DateKind::Worked
    } else {
        DateKind::Off
    }
}

/// `DTSTART;VALUE=DATE:20270101` -> the date; a date-time is no calendar date (`None`).
fn date_value(line: usize, params: &str, value: &str) -> Result<Option<Day>, IcalError> {
    let v = value.trim();
    let bad = || IcalError::BadDate {
        line,
        value: v.to_string(),
    };
    let all_day = params.to_ascii_uppercase().contains("VALUE=DATE")
        && !params.to_ascii_uppercase().contains("VALUE=DATE-TIME");
    if v.contains('T') && !all_day {
        return Ok(None);
    }
    // By bytes: a value with a multi-byte character in its first eight is no date (slicing
    // the text there panicked: found by fuzzing).
    if v.len() < 8 || !v.as_bytes()[..8].iter().all(u8::is_ascii_digit) {
        return Err(bad());
    }
    let year: i32 = v[..4].parse().map_err(|_| bad())?;
    let month: u32 = v[4..6].parse().map_err(|_| bad())?;
    let day: u32 = v[6..8].parse().map_err(|_| bad())?;
    Day::from_ymd(year, month, day).map(Some).ok_or_else(bad)
}

/// Lines with their continuations joined (a line that starts with a space or a tab goes on the
/// one before), numbered from 1.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        match (line.strip_prefix([' ', '\t']), out.last_mut()) {
            (Some(rest), Some(last)) => last.1.push_str(rest),
            _ => out.push((i + 1, line.to_string())),
        }
    }
    out
}

/// `NAME;PARAM=X:value` -> (NAME, PARAM=X, value).
fn split(line: &str) -> (String, String, &str) {
    let Some((head, value)) = line.split_once(':') else {
        return (String::new(), String::new(), "");
    };
    let (name, params) = head.split_once(';').unwrap_or((head, ""));
    (name.trim().to_ascii_uppercase(), params.to_string(), value)
}

fn unescape(value: &str) -> String {
    value
        .trim()
        .replace("\\n", " ")
        .replace("\\N", " ")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const RUSSIA_2027: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Production calendar//RU\r\n\
BEGIN:VEVENT\r\nUID:ny@example\r\nDTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20270109\r\nSUMMARY:Новогодние каникулы\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:w@example\r\nDTSTART;VALUE=DATE:20270109\r\nSUMMARY:Рабочий день (перенос с 4 января)\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:s@example\r\nDTSTART;VALUE=DATE:20270222\r\nSUMMARY:Сокращённый \r\n предпраздничный день\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:m@example\r\nDTSTART:20270305T100000Z\r\nDTEND:20270305T110000Z\r\nSUMMARY:A meeting\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:r@example\r\nDTSTART;VALUE=DATE:20270308\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:Every year\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:c@example\r\nDTSTART;VALUE=DATE:20271106\r\nCATEGORIES:WORKDAY\r\nSUMMARY:Saturday\\, worked\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

    #[test]
    fn a_production_calendar_reads_as_days_off_worked_and_shortened_days() {
        let read = dates(RUSSIA_2027).unwrap();
        assert_eq!(read.skipped, 2, "the meeting and the repeating event");
        let day = |s: &str| Day::parse(s).unwrap();
        let kinds: Vec<(Day, DateKind)> = read.dates.iter().map(|d| (d.day, d.kind)).collect();
        let mut want: Vec<(Day, DateKind)> = (1..=8)
            .map(|d| (Day::from_ymd(2027, 1, d).unwrap(), DateKind::Off))
            .collect();
        want.push((day("2027-01-09"), DateKind::Worked));
        want.push((day("2027-02-22"), DateKind::Shortened));
        want.push((day("2027-11-06"), DateKind::Worked));
        assert_eq!(kinds, want);
        assert_eq!(read.dates[0].note.as_deref(), Some("Новогодние каникулы"));
        assert_eq!(
            read.dates[9].note.as_deref(),
            Some("Сокращённый предпраздничный день"),
            "a folded line is joined"
        );
        assert_eq!(read.dates[10].note.as_deref(), Some("Saturday, worked"));
    }

    /// Found by fuzzing (fuzz/artifacts, the `ical` target): a multi-byte character inside
    /// a date's first eight bytes panicked on slicing; it is a bad date.
    #[test]
    fn regression_a_date_with_a_multibyte_character_is_refused() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2027010\u{ad}\n\
                    END:VEVENT\nEND:VCALENDAR";
        assert!(matches!(dates(text), Err(IcalError::BadDate { .. })));
    }

    #[test]
    fn what_is_wrong_is_said() {
        assert_eq!(dates("hello"), Err(IcalError::NotIcal));
        let bad = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2027-01-01\nEND:VEVENT\nEND:VCALENDAR";
        assert!(matches!(
            dates(bad),
            Err(IcalError::BadDate { line: 3, .. })
        ));
        let none = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR";
        assert_eq!(dates(none), Err(IcalError::NoStart { line: 4 }));
        let long = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nDTEND;VALUE=DATE:20300101\nEND:VEVENT\nEND:VCALENDAR";
        assert!(matches!(dates(long), Err(IcalError::TooLong { .. })));
        assert!(dates(
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270230\nEND:VEVENT\nEND:VCALENDAR"
        )
        .unwrap_err()
        .to_string()
        .contains("20270230"));
    }

    proptest! {
        /// Whatever the text, reading it returns or refuses; it never panics.
        #[test]
        fn any_text_is_read_or_refused(body in "(BEGIN:VCALENDAR\n)?(BEGIN:VEVENT\n|END:VEVENT\n|DTSTART;VALUE=DATE:[0-9]{0,9}\n|DTEND:[0-9T]{0,16}\n|SUMMARY:[a-zа-я ]{0,12}\n| [a-z]{0,5}\n|RRULE:x\n){0,12}") {
            let _ = dates(&body);
        }
    }
}
