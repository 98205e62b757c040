//! A search typed in the window: its terms, suggestions and tags, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for term in sb_domain::search::search_terms(text) {
        assert!(!term.is_empty());
    }
    let _ = sb_domain::search::suggestion_terms(text);
    let _ = sb_domain::search::normalize_tags(text);
});
