//! The ticket's vocabulary: priority from impact x urgency, lines, channels, directions,
//! roles, and the human ticket number.

use std::fmt;
use std::str::FromStr;

use sb_i18n::{msg, Msg};
use serde::{Deserialize, Serialize};

/// A word that is not in one of the domain's vocabularies.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.msg())]
pub struct UnknownValue {
    pub kind: &'static str,
    pub value: String,
    pub expected: &'static str,
}

impl UnknownValue {
    /// The refusal for people, worded by its reader (`Display` is the English).
    pub fn msg(&self) -> Msg {
        msg!(
            "unknown-value",
            kind = self.kind,
            value = &self.value,
            expected = self.expected
        )
    }
}

/// Items as one message, "a, b, c", each worded in the reader's language.
pub fn list(items: impl IntoIterator<Item = Msg>) -> Msg {
    let items: Vec<Msg> = items.into_iter().collect();
    let mut rest = items.iter().rev();
    let Some(last) = rest.next() else {
        return msg!("list-none");
    };
    rest.fold(last.clone(), |tail, item| {
        msg!("list-more", first = item.clone(), rest = tail)
    })
}

/// Declares a closed vocabulary stored and shown as snake_case words.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $kind:literal, { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::ticket::UnknownValue;
            fn from_str(s: &str) -> Result<Self, $crate::ticket::UnknownValue> {
                match s.trim() {
                    $($word => Ok($name::$variant),)+
                    other => Err($crate::ticket::UnknownValue {
                        kind: $kind,
                        value: other.to_string(),
                        expected: concat!($($word, " "),+),
                    }),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use vocabulary;

vocabulary!(
    /// Impact or urgency on the ITIL three-step scale.
    Level, "level", { High => "high", Medium => "medium", Low => "low" }
);

vocabulary!(
    /// Support line: who works the ticket now.
    Line, "line", { L1 => "l1", L2 => "l2", L3 => "l3" }
);

vocabulary!(
    /// How the ticket reached the provider.
    Channel, "channel", { Desktop => "desktop", Phone => "phone", Email => "email", Monitoring => "monitoring", Vendor => "vendor" }
);

vocabulary!(
    /// What a person does in Switchboard.
    /// What each may do is [`crate::access::Duty`]'s table, the same that team mode's database
    /// grants enforce.
    Role, "role", { Engineer => "engineer", Lead => "lead", AccountManager => "account_manager", Admin => "admin" }
);

vocabulary!(
    /// Who sees a comment: `public` goes to the client (or vendor), `internal` stays in the team.
    Visibility, "visibility", { Public => "public", Internal => "internal" }
);

vocabulary!(
    /// P1 is the most urgent. Derived, never typed in: see [`Priority::from_matrix`].
    Priority, "priority", { P1 => "p1", P2 => "p2", P3 => "p3", P4 => "p4" }
);

impl Channel {
    /// Channels an engineer may pick when logging a ticket by hand; the others are set by intake.
    pub fn is_manual(self) -> bool {
        matches!(self, Channel::Desktop | Channel::Phone)
    }
}

impl Line {
    /// The line a person works, as typed: `L1`, `L2`, `L3` in either letter case, or `any`
    /// (`None`: they work every line).
    pub fn of_person(text: &str) -> Result<Option<Line>, UnknownValue> {
        match text.trim().to_ascii_lowercase().as_str() {
            "any" => Ok(None),
            word => word.parse().map(Some).map_err(|_| UnknownValue {
                kind: "line",
                value: text.trim().to_string(),
                expected: "L1 L2 L3 any",
            }),
        }
    }
}

impl Priority {
    /// The priority matrix: impact x urgency.
    ///
    /// | impact \ urgency | high | medium | low |
    /// |---|---|---|---|
    /// | high   | P1 | P2 | P3 |
    /// | medium | P2 | P3 | P4 |
    /// | low    | P3 | P4 | P4 |
    pub fn from_matrix(impact: Level, urgency: Level) -> Priority {
        let score = level_rank(impact) + level_rank(urgency);
        match score {
            0 => Priority::P1,
            1 => Priority::P2,
            2 => Priority::P3,
            _ => Priority::P4,
        }
    }

    /// 1 for P1 .. 4 for P4: the order the queue sorts by.
    pub fn rank(self) -> i64 {
        match self {
            Priority::P1 => 1,
            Priority::P2 => 2,
            Priority::P3 => 3,
            Priority::P4 => 4,
        }
    }

    pub fn from_rank(rank: i64) -> Option<Priority> {
        Priority::ALL
            .get(usize::try_from(rank).ok()?.checked_sub(1)?)
            .copied()
    }
}

fn level_rank(level: Level) -> u8 {
    match level {
        Level::High => 0,
        Level::Medium => 1,
        Level::Low => 2,
    }
}

/// The kind of work: `hardware`, `software`, `network`, `database`, or one an admin added.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Direction(String);

impl Direction {
    pub const BUILT_IN: [&'static str; 4] = ["hardware", "software", "network", "database"];

    pub fn parse(code: &str) -> Result<Direction, UnknownValue> {
        let code = code.trim();
        let valid = (2..=32).contains(&code.len())
            && code.starts_with(|c: char| c.is_ascii_lowercase())
            && code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if valid {
            Ok(Direction(code.to_string()))
        } else {
            Err(UnknownValue {
                kind: "direction",
                value: code.to_string(),
                expected: "a lowercase code of 2-32 letters, digits or '_', such as hardware software network database",
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Direction {
    type Error = UnknownValue;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Direction::parse(&value)
    }
}

impl From<Direction> for String {
    fn from(value: Direction) -> String {
        value.0
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The number people say on the phone: `SB-000123`. At least six digits, more when needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TicketNumber(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.msg())]
pub struct TicketNumberError(pub String);

impl TicketNumberError {
    /// The refusal for people, worded by its reader (`Display` is the English).
    pub fn msg(&self) -> Msg {
        msg!("ticket-number-invalid", value = &self.0)
    }
}

impl fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SB-{:06}", self.0)
    }
}

impl FromStr for TicketNumber {
    type Err = TicketNumberError;
    /// Accepts `SB-000123`, `sb-123` and a bare `123`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let digits = match t.get(..3) {
            Some(prefix) if prefix.eq_ignore_ascii_case("sb-") => &t[3..],
            _ => t,
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(TicketNumberError(s.to_string()));
        }
        match digits.parse::<i64>() {
            Ok(n) if n > 0 => Ok(TicketNumber(n)),
            _ => Err(TicketNumberError(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check_matrix(impact: Level, urgency: Level, expected: Priority) {
        assert_eq!(
            Priority::from_matrix(impact, urgency),
            expected,
            "{impact} x {urgency}"
        );
    }

    #[test]
    fn priority_matrix() {
        use Level::*;
        use Priority::*;
        for (i, u, p) in [
            (High, High, P1),
            (High, Medium, P2),
            (High, Low, P3),
            (Medium, High, P2),
            (Medium, Medium, P3),
            (Medium, Low, P4),
            (Low, High, P3),
            (Low, Medium, P4),
            (Low, Low, P4),
        ] {
            check_matrix(i, u, p);
        }
    }

    #[test]
    fn a_persons_line_as_typed() {
        for (text, expected) in [
            ("L2", Ok(Some(Line::L2))),
            ("l1", Ok(Some(Line::L1))),
            (" L3 ", Ok(Some(Line::L3))),
            ("any", Ok(None)),
            ("ANY", Ok(None)),
            (
                "L4",
                Err("unknown line 'L4'; expected one of: L1 L2 L3 any"),
            ),
            ("", Err("unknown line ''; expected one of: L1 L2 L3 any")),
        ] {
            assert_eq!(
                Line::of_person(text).map_err(|e| e.to_string()),
                expected.map_err(str::to_string),
                "{text:?}"
            );
        }
    }

    #[test]
    fn ticket_numbers_format_and_parse() {
        for (n, text) in [
            (1, "SB-000001"),
            (123, "SB-000123"),
            (999_999, "SB-999999"),
            (1_000_000, "SB-1000000"),
        ] {
            assert_eq!(TicketNumber(n).to_string(), text);
            assert_eq!(text.parse::<TicketNumber>(), Ok(TicketNumber(n)));
        }
        assert_eq!("sb-42".parse::<TicketNumber>(), Ok(TicketNumber(42)));
        assert_eq!(" 42 ".parse::<TicketNumber>(), Ok(TicketNumber(42)));
        for bad in ["", "SB-", "SB-0", "XX-12", "12a", "-5", "SB--1"] {
            assert!(bad.parse::<TicketNumber>().is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn vocabulary_words_round_trip_and_unknown_words_say_what_is_expected() {
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>(), Ok(*s));
        }
        let err = "urgent".parse::<Level>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown level 'urgent'; expected one of: high medium low "
        );
    }

    #[test]
    fn directions() {
        for code in Direction::BUILT_IN {
            assert_eq!(Direction::parse(code).unwrap().as_str(), code);
        }
        assert!(Direction::parse("voip_2").is_ok());
        for bad in ["", "H", "Hardware", "net work", "1net", "сеть"] {
            assert!(Direction::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    use crate::Status;

    fn level() -> impl Strategy<Value = Level> {
        prop::sample::select(Level::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn number_round_trips(n in 1i64..i64::MAX) {
            let text = TicketNumber(n).to_string();
            prop_assert_eq!(text.parse::<TicketNumber>(), Ok(TicketNumber(n)));
        }

        #[test]
        fn raising_impact_or_urgency_never_lowers_priority(i in level(), u in level()) {
            let p = Priority::from_matrix(i, u);
            prop_assert!(Priority::from_matrix(Level::High, u).rank() <= p.rank());
            prop_assert!(Priority::from_matrix(i, Level::High).rank() <= p.rank());
            prop_assert_eq!(Priority::from_matrix(i, u), Priority::from_matrix(u, i));
        }

        #[test]
        fn rank_round_trips(i in level(), u in level()) {
            let p = Priority::from_matrix(i, u);
            prop_assert_eq!(Priority::from_rank(p.rank()), Some(p));
        }
    }
}
