//! A duration typed for the hours ledger (`1:30`, `1.5`, `90m`): minutes or refused, never a
//! panic; minutes never below zero unless a minus is allowed; what messages show (`h:mm`)
//! reads back to the same minutes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sb_domain::ledger::hours::parse_hours;
use sb_domain::ledger::{hm, MAX_PACKAGE_MINUTES};

fuzz_target!(|text: &str| {
    let _ = parse_hours(text, true);
    if let Ok(m) = parse_hours(text, false) {
        assert!(m >= 0, "{text:?} gave {m}");
        assert_eq!(parse_hours(text, true), Ok(m));
        if m <= MAX_PACKAGE_MINUTES {
            assert_eq!(parse_hours(&hm(m), false), Ok(m));
            assert_eq!(parse_hours(&hm(-m), true), Ok(-m));
        }
    }
});
