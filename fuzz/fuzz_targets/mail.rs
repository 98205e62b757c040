//! A raw mail through the parser and everything after it: the new text without quotes, the
//! attachments' names and bytes. Never a panic, and the text stays bounded.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &[u8]| {
    let parsed = match sb_intake::email::parse(raw) {
        Ok(m) => m,
        Err(_) => return,
    };
    let again = sb_intake::email::new_text(&parsed.full_text);
    assert!(again.len() <= parsed.full_text.len() + 1);
    for a in &parsed.attachments {
        let _ = a.bytes(raw);
    }
});
