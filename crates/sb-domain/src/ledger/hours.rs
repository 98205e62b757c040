//! The hours grammar: durations as people type them (`40`, `2.5`, `1,5`, `1:30`, `90m`) read
//! as whole minutes. The CLI reads its `--hours`, `--shared-hours`, overage and rollover values
//! through it. The window reads durations with its own copy in `ui/src/lib/hours.ts`, a little
//! stricter (two-digit minutes after the colon; no `+`, no exponent) and not yet tied to this one.

use super::Minutes;

/// A text that is none of the duration forms (or one past what minutes can hold).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.msg())]
pub struct NotADuration {
    pub text: String,
}

impl NotADuration {
    /// The refusal for people, worded by its reader (`Display` is the English).
    pub fn msg(&self) -> sb_i18n::Msg {
        sb_i18n::msg!("not-a-duration", text = &self.text)
    }
}

/// `40`, `2.5`, `1:30` (hours) or `90m` (minutes) as minutes; a leading minus when `signed`.
/// Only the grammar: the ledger's own bounds (an entry 1-1440 minutes, a package at most
/// 100,000 hours) refuse too much with what to fix.
pub fn parse_hours(text: &str, signed: bool) -> Result<Minutes, NotADuration> {
    let bad = || NotADuration {
        text: text.to_string(),
    };
    let t = text.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) if signed => (true, rest),
        Some(_) => return Err(bad()),
        None => (false, t),
    };
    let minutes = if let Some(m) = t.strip_suffix('m') {
        // Digits only: a second minus (`--5m`) is no duration, and `--9223372036854775808m`
        // would overflow on negating.
        let m = m.trim();
        let m = m.strip_prefix('+').unwrap_or(m);
        if !m.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        m.parse::<i64>().map_err(|_| bad())?
    } else if let Some((h, m)) = t.split_once(':') {
        let h: i64 = h.parse().map_err(|_| bad())?;
        let m: i64 = m.parse().map_err(|_| bad())?;
        if !(0..60).contains(&m) || h < 0 {
            return Err(bad());
        }
        h.checked_mul(60)
            .and_then(|hm| hm.checked_add(m))
            .ok_or_else(bad)?
    } else {
        let h: f64 = t.replace(',', ".").parse().map_err(|_| bad())?;
        // Past i64 the cast would saturate: such a number is no duration (the ledger's own
        // bounds refuse anything near it with what to fix).
        if !h.is_finite() || h < 0.0 || h * 60.0 >= i64::MAX as f64 {
            return Err(bad());
        }
        (h * 60.0).round() as i64
    };
    Ok(if negative { -minutes } else { minutes })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::parse_hours;
    use crate::ledger::{hm, MAX_PACKAGE_MINUTES};

    #[test]
    fn durations_as_people_type_them() {
        for (text, want) in [
            ("40", 2400),
            ("2.5", 150),
            ("1,5", 90),
            ("1:30", 90),
            ("90m", 90),
            ("0:05", 5),
        ] {
            assert_eq!(parse_hours(text, false).unwrap(), want, "{text}");
        }
        assert_eq!(parse_hours("-0:15", true).unwrap(), -15);
        for bad in [
            "",
            "1:75",
            "-1",
            "abc",
            "1h",
            // Past i64: refused, not wrapped or saturated.
            "153722867280912931:00",
            "1e300",
        ] {
            assert!(parse_hours(bad, false).is_err(), "{bad}");
        }
    }

    #[test]
    fn regression_a_second_minus_before_minutes_is_refused_not_negated() {
        // `i64::MIN` minutes negated overflowed (a panic in debug builds).
        assert!(parse_hours("--9223372036854775808m", true).is_err());
        assert!(parse_hours("--5m", true).is_err());
        assert_eq!(parse_hours("-5m", true), Ok(-5));
        assert_eq!(parse_hours("+5m", false), Ok(5));
    }

    #[test]
    fn the_refusal_names_the_text_and_the_forms() {
        assert_eq!(
            parse_hours("1h", false).unwrap_err().to_string(),
            "'1h' is not a duration: write hours as 1:30 or 1.5, or minutes as 90m"
        );
    }

    proptest! {
        #[test]
        fn any_text_is_minutes_or_refused(text in any::<String>(), signed in any::<bool>()) {
            if let Ok(m) = parse_hours(&text, signed) {
                prop_assert!(signed || m >= 0, "{text:?} gave {m}");
            }
        }

        #[test]
        fn near_misses_are_minutes_or_refused(text in "[-+ ]?[0-9.,:eE]{0,12}m?") {
            let _ = parse_hours(&text, true);
        }

        #[test]
        fn what_messages_show_reads_back(m in -MAX_PACKAGE_MINUTES..=MAX_PACKAGE_MINUTES) {
            prop_assert_eq!(parse_hours(&hm(m), true), Ok(m));
            prop_assert_eq!(parse_hours(&format!("{m}m"), true), Ok(m));
        }
    }
}
