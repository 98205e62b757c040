//! Keeping the client informed: the kinds of automatic mail, their templates in each language
//! with the placeholders they may use, when a ticket waiting for the client is reminded and
//! when it is closed for want of a reply, and the rating read from a reply to the
//! satisfaction request.

use sb_i18n::{msg, Msg};

use crate::calendar::Day;
use crate::text::FieldError;
use crate::ticket::vocabulary;
use crate::worktime::WorkCalendar;

vocabulary!(
    /// An automatic mail to the client.
    NoticeKind, "notice", {
        Acknowledgement => "acknowledgement",
        Waiting => "waiting",
        Reminder => "reminder",
        ClosedNoReply => "closed_no_reply",
        Resolved => "resolved",
        SatisfactionRequest => "satisfaction_request",
    }
);

vocabulary!(
    /// The language a client is written to in.
    MailLanguage, "language", { En => "en", Ru => "ru" }
);

/// The words a template may use, each written `{name}`; `{{` and `}}` are plain braces.
pub const PLACEHOLDERS: [&str; 5] = ["ticket", "subject", "client", "requester", "days"];

/// A mail's subject and text, with placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub subject: String,
    pub body: String,
}

/// What the placeholders stand for in one mail. `days` is the kind's number of working days:
/// until the reminder (waiting), until the close (reminder), waited in all (closed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Values<'a> {
    pub ticket: &'a str,
    pub subject: &'a str,
    pub client: &'a str,
    pub requester: &'a str,
    pub days: u32,
}

/// Checks a template's text: every placeholder known, every brace closed.
pub fn check_template(field: &'static str, text: &str) -> Result<(), FieldError> {
    if text.trim().is_empty() {
        return Err(FieldError::new(field, msg!("field-required")));
    }
    for piece in pieces(text) {
        match piece {
            Piece::Name(name) if !PLACEHOLDERS.contains(&name) => {
                return Err(FieldError::new(
                    field,
                    msg!(
                        "template-unknown-placeholder",
                        name = format!("{{{name}}}"),
                        known = PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(", ")
                    ),
                ))
            }
            Piece::Unclosed(at) => {
                return Err(FieldError::new(
                    field,
                    msg!("template-unclosed-brace", at = at + 1),
                ))
            }
            _ => {}
        }
    }
    Ok(())
}

/// The text with its placeholders filled in. An unknown placeholder (never in a checked
/// template) stays as written.
pub fn render(text: &str, v: &Values<'_>) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    for piece in pieces(text) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Name("ticket") => out.push_str(v.ticket),
            Piece::Name("subject") => out.push_str(v.subject),
            Piece::Name("client") => out.push_str(v.client),
            Piece::Name("requester") => out.push_str(v.requester),
            Piece::Name("days") => out.push_str(&v.days.to_string()),
            Piece::Name(other) => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
            Piece::Unclosed(at) => out.push_str(&text[at..]),
        }
    }
    out
}

enum Piece<'a> {
    Text(&'a str),
    Name(&'a str),
    /// A `{` without its `}`, at this byte.
    Unclosed(usize),
}

fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut plain = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'}' if bytes.get(i + 1) == Some(&bytes[i]) => {
                out.push(Piece::Text(&text[plain..=i]));
                i += 2;
                plain = i;
            }
            b'{' => {
                out.push(Piece::Text(&text[plain..i]));
                match text[i + 1..].find(['}', '{', '\n']) {
                    Some(len) if bytes[i + 1 + len] == b'}' => {
                        out.push(Piece::Name(text[i + 1..i + 1 + len].trim()));
                        i += len + 2;
                        plain = i;
                    }
                    _ => {
                        out.push(Piece::Unclosed(i));
                        return out;
                    }
                }
            }
            _ => i += 1,
        }
    }
    out.push(Piece::Text(&text[plain..]));
    out
}

/// The workspace's own template of each kind in each language, used unless a client has one.
pub fn default_template(kind: NoticeKind, language: MailLanguage) -> Template {
    let (subject, body) = match (language, kind) {
        (MailLanguage::En, NoticeKind::Acknowledgement) => (
            "We have your request: {subject}",
            "Hello {requester},\n\nthank you for writing to us. Your request is registered as {ticket}; an engineer will take it up shortly.\nPlease keep {ticket} in the subject when you write to us about it.\n\nYour IT service desk",
        ),
        (MailLanguage::En, NoticeKind::Waiting) => (
            "We need your reply: {subject}",
            "Hello {requester},\n\nto go on with {ticket} we need an answer from you: please see our last message and reply to this email.\nIf we hear nothing in {days} working days, we will remind you.\n\nYour IT service desk",
        ),
        (MailLanguage::En, NoticeKind::Reminder) => (
            "Reminder: we are waiting for your reply: {subject}",
            "Hello {requester},\n\nwe are still waiting for your reply about {ticket}.\nIf we do not hear from you within {days} working days, we will close the request; a reply after that opens it again.\n\nYour IT service desk",
        ),
        (MailLanguage::En, NoticeKind::ClosedNoReply) => (
            "Closed without your reply: {subject}",
            "Hello {requester},\n\nwe have closed {ticket} because we did not hear from you for {days} working days.\nNothing is lost: reply to this email at any time and the request opens again.\n\nYour IT service desk",
        ),
        (MailLanguage::En, NoticeKind::Resolved) => (
            "Resolved: {subject}",
            "Hello {requester},\n\nwe believe {ticket} is resolved. If the problem is still there, simply reply to this email and the request opens again.\n\nYour IT service desk",
        ),
        (MailLanguage::En, NoticeKind::SatisfactionRequest) => (
            "How did we do? {subject}",
            "Hello {requester},\n\nplease rate how we handled {ticket}: reply to this email with one digit from 1 (poor) to 5 (excellent) on the first line.\nYou may add a comment on the lines below it.\n\nYour IT service desk",
        ),
        (MailLanguage::Ru, NoticeKind::Acknowledgement) => (
            "Ваше обращение принято: {subject}",
            "Здравствуйте, {requester}!\n\nСпасибо за обращение. Оно зарегистрировано под номером {ticket}; инженер скоро возьмёт его в работу.\nПожалуйста, оставляйте {ticket} в теме письма, когда пишете нам о нём.\n\nВаша служба поддержки",
        ),
        (MailLanguage::Ru, NoticeKind::Waiting) => (
            "Нужен ваш ответ: {subject}",
            "Здравствуйте, {requester}!\n\nЧтобы продолжить работу над {ticket}, нам нужен ваш ответ: посмотрите, пожалуйста, наше последнее сообщение и ответьте на это письмо.\nЕсли ответа не будет {days} рабочих дн., мы напомним.\n\nВаша служба поддержки",
        ),
        (MailLanguage::Ru, NoticeKind::Reminder) => (
            "Напоминание: ждём вашего ответа: {subject}",
            "Здравствуйте, {requester}!\n\nМы всё ещё ждём вашего ответа по {ticket}.\nЕсли ответа не будет в течение {days} рабочих дн., мы закроем обращение; ответ после этого откроет его снова.\n\nВаша служба поддержки",
        ),
        (MailLanguage::Ru, NoticeKind::ClosedNoReply) => (
            "Закрыто без вашего ответа: {subject}",
            "Здравствуйте, {requester}!\n\nМы закрыли {ticket}, потому что не получили ответа за {days} рабочих дн.\nНичего не потеряно: ответьте на это письмо в любое время, и обращение откроется снова.\n\nВаша служба поддержки",
        ),
        (MailLanguage::Ru, NoticeKind::Resolved) => (
            "Решено: {subject}",
            "Здравствуйте, {requester}!\n\nМы считаем, что {ticket} решено. Если проблема осталась, просто ответьте на это письмо, и обращение откроется снова.\n\nВаша служба поддержки",
        ),
        (MailLanguage::Ru, NoticeKind::SatisfactionRequest) => (
            "Оцените нашу работу: {subject}",
            "Здравствуйте, {requester}!\n\nОцените, пожалуйста, как мы справились с {ticket}: ответьте на это письмо одной цифрой от 1 (плохо) до 5 (отлично) в первой строке.\nНиже можно добавить комментарий.\n\nВаша служба поддержки",
        ),
    };
    Template {
        subject: subject.to_string(),
        body: body.to_string(),
    }
}

/// How long the desk waits for the client, in working days: a reminder after
/// `remind_after_days`, and the close `close_after_days` after the reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitingTiming {
    pub remind_after_days: u32,
    pub close_after_days: u32,
}

/// The most working days either wait may be.
pub const MAX_WAIT_DAYS: i64 = 60;

impl Default for WaitingTiming {
    fn default() -> Self {
        WaitingTiming {
            remind_after_days: 3,
            close_after_days: 4,
        }
    }
}

/// A number of working days a person typed for `field`: 1 to [`MAX_WAIT_DAYS`].
pub fn check_wait_days(field: &'static str, days: i64) -> Result<u32, FieldError> {
    if !(1..=MAX_WAIT_DAYS).contains(&days) {
        return Err(FieldError::new(
            field,
            msg!("field-working-days", max = MAX_WAIT_DAYS),
        ));
    }
    Ok(days as u32)
}

/// What to do about a ticket waiting for the client, now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitingStep {
    /// Nothing yet; the next step falls due at `until` (`None`: the calendar never works).
    Wait { until: Option<i64> },
    /// Send the reminder.
    Remind,
    /// Close the ticket with the notice that any reply opens it again.
    Close,
}

/// How far the desk has got with a waiting ticket: since when it waits, and when the
/// reminder of this wait went (if it did).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting {
    pub since_ms: i64,
    pub reminded_at: Option<i64>,
}

/// The rule: the reminder at the start of the `remind_after_days`-th working day after the
/// day the wait began; the close at the start of the `close_after_days`-th working day after
/// the day the reminder went. Never a close without a reminder before it, so the client
/// always had the full time to answer after being reminded.
pub fn waiting_step(
    calendar: &WorkCalendar,
    timing: WaitingTiming,
    waiting: Waiting,
    now: i64,
) -> WaitingStep {
    let reminded = waiting.reminded_at.filter(|&at| at >= waiting.since_ms);
    let (due, step) = match reminded {
        None => (
            after_working_days(calendar, waiting.since_ms, timing.remind_after_days),
            WaitingStep::Remind,
        ),
        Some(at) => (
            after_working_days(calendar, at, timing.close_after_days),
            WaitingStep::Close,
        ),
    };
    match due {
        Some(at) if now >= at => step,
        until => WaitingStep::Wait { until },
    }
}

/// How far ahead working days are looked for.
const HORIZON_DAYS: i32 = 3_660;

/// The moment working time starts on the `days`-th working day after the local date of
/// `from`; `from` itself for 0 days, `None` when the calendar has too few working days ahead.
pub fn after_working_days(calendar: &WorkCalendar, from: i64, days: u32) -> Option<i64> {
    if days == 0 {
        return Some(from);
    }
    let mut day: Day = calendar.day_of(from);
    let mut left = days;
    for _ in 0..HORIZON_DAYS {
        day = day.plus_days(1);
        if let Some(at) = calendar.day_starts_at(day) {
            left -= 1;
            if left == 0 {
                return Some(at.max(from));
            }
        }
    }
    None
}

/// The resolution note of a ticket closed for want of the client's reply, as a message each
/// reader words (Russian takes the plural form of `days`).
pub fn closed_without_reply_note(days: u32) -> Msg {
    msg!("notice-closed-no-reply-note", days = days)
}

/// A client's rating of how a ticket was handled: 1 to 5, and what they wrote below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rating {
    pub score: u8,
    pub comment: Option<String>,
}

/// The rating in a reply to the satisfaction request: its first line that is not blank is a
/// single digit 1 to 5 (a full stop or an exclamation mark after it is allowed); the lines
/// after it are the comment. Anything else is no rating and the reply is an ordinary one.
pub fn rating_of(reply: &str) -> Option<Rating> {
    let mut lines = reply.lines().skip_while(|l| l.trim().is_empty());
    let first = lines.next()?.trim().trim_end_matches(['.', '!']).trim_end();
    let score = match first.as_bytes() {
        [d @ b'1'..=b'5'] => d - b'0',
        _ => return None,
    };
    let rest: Vec<&str> = lines.collect();
    let comment = rest.join("\n").trim().to_string();
    Some(Rating {
        score,
        comment: (!comment.is_empty()).then_some(comment),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_auto_close_note_takes_the_plural_of_its_days() {
        let note = |days: u32| closed_without_reply_note(days);
        assert!(note(1).english().contains("for 1 working day after"));
        assert!(note(5).english().contains("for 5 working days after"));
        for (days, words) in [
            (1, "за 1 рабочий день"),
            (3, "за 3 рабочих дня"),
            (5, "за 5 рабочих дней"),
            (21, "за 21 рабочий день"),
        ] {
            let ru = note(days).render(sb_i18n::Lang::Ru);
            assert!(ru.contains(words), "{ru}");
        }
    }
    use crate::worktime::Hours;
    use jiff::tz::TimeZone;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    const HOUR: i64 = 3_600_000;

    /// A UTC moment from `2027-03-01T10:00` (a Monday).
    fn at(text: &str) -> i64 {
        let dt: jiff::civil::DateTime = text.parse().unwrap();
        TimeZone::UTC.to_timestamp(dt).unwrap().as_millisecond()
    }

    fn values() -> Values<'static> {
        Values {
            ticket: "SB-000042",
            subject: "Printer jams",
            client: "Acme",
            requester: "Anna",
            days: 3,
        }
    }

    #[test]
    fn templates_fill_their_placeholders() {
        for (text, expected) in [
            ("{ticket}: {subject}", "SB-000042: Printer jams"),
            ("{ client } waits {days} days", "Acme waits 3 days"),
            ("Dear {requester}", "Dear Anna"),
            ("{{ticket}} is {ticket}", "{ticket} is SB-000042"),
            ("a }} b", "a } b"),
            ("no placeholders", "no placeholders"),
            ("", ""),
        ] {
            assert_eq!(render(text, &values()), expected, "{text}");
        }
    }

    #[test]
    fn template_errors_name_what_to_fix() {
        for (text, fragment) in [
            (
                "Dear {name}",
                "there is no placeholder {name}; use {ticket}",
            ),
            ("{ticket", "the brace at character 1 is not closed"),
            (
                "ok {ticket} then {",
                "the brace at character 18 is not closed",
            ),
            ("{tic{ket}", "the brace at character 1 is not closed"),
            ("  ", "is required"),
        ] {
            let e = check_template("body", text).unwrap_err();
            assert_eq!(e.field, "body");
            assert!(
                e.message.english().contains(fragment),
                "{text}: {}",
                e.message
            );
        }
        assert!(check_template("body", "{ticket} {{x}}").is_ok());
    }

    #[test]
    fn every_default_template_is_valid_and_names_the_ticket() {
        for &kind in NoticeKind::ALL {
            for &lang in MailLanguage::ALL {
                let t = default_template(kind, lang);
                check_template("subject", &t.subject).unwrap();
                check_template("body", &t.body).unwrap();
                assert!(
                    render(&t.body, &values()).contains("SB-000042"),
                    "{kind} {lang}"
                );
            }
        }
    }

    #[test]
    fn working_days_skip_the_weekend_and_holidays() {
        let week = WorkCalendar::office_week();
        let mut dates = BTreeMap::new();
        dates.insert(Day::parse("2027-03-03").unwrap(), Hours::off());
        let holiday = WorkCalendar::new(
            TimeZone::UTC,
            std::array::from_fn(|i| {
                if i < 5 {
                    Hours::parse("09:00-18:00").unwrap()
                } else {
                    Hours::off()
                }
            }),
            dates,
        );
        // Waiting since Monday 10:00 (2027-03-01), Friday afternoon, Saturday.
        for (cal, from, days, expected) in [
            (&week, "2027-03-01T10:00", 1, "2027-03-02T09:00"),
            (&week, "2027-03-01T10:00", 3, "2027-03-04T09:00"),
            (&week, "2027-03-05T17:00", 1, "2027-03-08T09:00"),
            (&week, "2027-03-06T12:00", 1, "2027-03-08T09:00"),
            (&week, "2027-03-01T10:00", 5, "2027-03-08T09:00"),
            (&holiday, "2027-03-01T10:00", 3, "2027-03-05T09:00"),
        ] {
            assert_eq!(
                after_working_days(cal, at(from), days),
                Some(at(expected)),
                "{from} + {days}"
            );
        }
        assert_eq!(after_working_days(&week, 5, 0), Some(5));
        let never = WorkCalendar::new(
            TimeZone::UTC,
            std::array::from_fn(|_| Hours::off()),
            BTreeMap::new(),
        );
        assert_eq!(after_working_days(&never, 0, 1), None);
    }

    #[test]
    fn a_waiting_ticket_is_reminded_then_closed() {
        let cal = WorkCalendar::office_week();
        let timing = WaitingTiming {
            remind_after_days: 2,
            close_after_days: 3,
        };
        let since = at("2027-03-01T10:00");
        let reminded = at("2027-03-03T09:00");
        for (reminded_at, now, expected) in [
            (
                None,
                "2027-03-02T12:00",
                WaitingStep::Wait {
                    until: Some(at("2027-03-03T09:00")),
                },
            ),
            (None, "2027-03-03T09:00", WaitingStep::Remind),
            // Long past the close: still only the reminder first.
            (None, "2027-04-01T09:00", WaitingStep::Remind),
            (
                Some(reminded),
                "2027-03-05T12:00",
                WaitingStep::Wait {
                    until: Some(at("2027-03-08T09:00")),
                },
            ),
            (Some(reminded), "2027-03-08T09:00", WaitingStep::Close),
            // A reminder from an earlier wait does not count for this one.
            (Some(since - HOUR), "2027-03-03T10:00", WaitingStep::Remind),
        ] {
            let step = waiting_step(
                &cal,
                timing,
                Waiting {
                    since_ms: since,
                    reminded_at,
                },
                at(now),
            );
            assert_eq!(step, expected, "{reminded_at:?} at {now}");
        }
    }

    #[test]
    fn ratings_are_a_digit_on_the_first_line() {
        for (reply, expected) in [
            ("5", Some((5, None))),
            ("\n\n  4.  \n", Some((4, None))),
            ("1!\nslow and rude", Some((1, Some("slow and rude")))),
            (
                "3\n\nok, but took long\nsecond line\n",
                Some((3, Some("ok, but took long\nsecond line"))),
            ),
            ("0", None),
            ("6", None),
            ("55", None),
            ("5 stars", None),
            ("thanks, 5", None),
            ("", None),
            ("the printer still jams\n5", None),
        ] {
            let got = rating_of(reply).map(|r| (r.score, r.comment));
            let expected = expected.map(|(s, c): (u8, Option<&str>)| (s, c.map(str::to_string)));
            assert_eq!(got, expected, "{reply:?}");
        }
    }

    #[test]
    fn wait_days_are_checked() {
        assert_eq!(check_wait_days("remind_after_days", 3), Ok(3));
        for bad in [0, -1, 61] {
            let e = check_wait_days("remind_after_days", bad).unwrap_err();
            assert_eq!(e.field, "remind_after_days");
            assert!(e.message.english().contains("from 1 to 60"));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Time only moves a waiting ticket forward: once a step is due it stays due, a
        /// close never comes before its reminder's time, and a wait names a later moment.
        #[test]
        fn steps_only_move_forward(
            since in 0i64..(400 * 24),
            remind in 1u32..10,
            close in 1u32..10,
            later in 0i64..(60 * 24),
            more in 0i64..(60 * 24),
            reminded_after in proptest::option::of(0i64..(30 * 24)),
        ) {
            let cal = WorkCalendar::office_week();
            let timing = WaitingTiming { remind_after_days: remind, close_after_days: close };
            let since = at("2027-01-01T00:00") + since * HOUR;
            let waiting = Waiting { since_ms: since, reminded_at: reminded_after.map(|h| since + h * HOUR) };
            let now = since + later * HOUR;
            let step = waiting_step(&cal, timing, waiting, now);
            let after = waiting_step(&cal, timing, waiting, now + more * HOUR);
            match step {
                WaitingStep::Wait { until } => {
                    let until = until.unwrap();
                    prop_assert!(until > now);
                    prop_assert_ne!(waiting_step(&cal, timing, waiting, until), step);
                }
                due => prop_assert_eq!(after, due),
            }
            if step == WaitingStep::Close {
                let r = waiting.reminded_at.unwrap();
                prop_assert!(now >= after_working_days(&cal, r, close).unwrap());
                prop_assert!(r >= since);
            }
            if waiting.reminded_at.is_none() {
                prop_assert_ne!(step, WaitingStep::Close);
            }
        }

        /// Rendering never panics on any text, and text without braces comes out as it is.
        #[test]
        fn rendering_is_total(text in "[a-z{} \n]{0,40}") {
            let out = render(&text, &values());
            let checked = check_template("body", &text);
            if !text.contains(['{', '}']) {
                prop_assert_eq!(out, text.clone());
                prop_assert_eq!(checked.is_ok(), !text.trim().is_empty());
            }
        }
    }
}
