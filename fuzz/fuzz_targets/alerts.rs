//! An Alertmanager answer (API v2 alert list): parsed or refused, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    let _ = sb_intake::alerts::parse_alert_list("http://127.0.0.1:9093", body);
});
