//! HTML mail bodies to text: never a panic, and the text grows at most linearly (a tag of
//! three bytes can open a line with a blank quoted line and the deepest quote and list
//! prefixes, some fifty bytes: hence 16 per byte).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|html: &str| {
    let text = sb_intake::email::html_to_text(html);
    assert!(
        text.len() <= 16 * html.len() + 256,
        "{} bytes from {}",
        text.len(),
        html.len()
    );
});
