//! A production calendar file (iCalendar) imported into a work calendar: read or refused.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = sb_domain::ical::dates(text);
});
