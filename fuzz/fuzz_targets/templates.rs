//! The generic REST connector's templates: a request line and a JSON body, written by whoever
//! configures the vendor, filled with a case's text, written by whoever mails the desk. Never a
//! panic; a filled body is JSON that reads back the same; the text grows by at most one value
//! per placeholder (a value is never filled itself); values in a path are percent-encoded.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sb_vendors::webhook::{fill, fill_json, request_line, template};
use serde_json::Value;

const NAMES: [&str; 9] = [
    "subject",
    "description",
    "correlation",
    "ticket",
    "priority",
    "client",
    "direction",
    "body",
    "id",
];

fuzz_target!(|data: &str| {
    // The template, then the values, separated by NUL.
    let mut parts = data.split('\0');
    let text = parts.next().unwrap_or_default();
    let values: Vec<(&str, &str)> = NAMES.iter().copied().zip(parts).collect();
    let longest = values.iter().map(|(_, v)| v.len()).max().unwrap_or(0);
    let braces = text.matches('{').count();

    let filled = fill(text, &values, false);
    assert!(filled.len() <= text.len() + braces * longest);

    if let Ok((_, path)) = request_line(text, "request") {
        let url = fill(&path, &values, true);
        assert!(url.len() <= path.len() + braces * 3 * longest);
        // What a value brings into the URL is percent-encoded: no space, no control character.
        if path.bytes().all(|b| b.is_ascii_graphic()) {
            assert!(url.bytes().all(|b| b.is_ascii_graphic()), "{url:?}");
        }
    }

    if let Ok(t) = template(text, "body") {
        let body = fill_json(&t, &values);
        let written = body.to_string();
        let read: Value = serde_json::from_str(&written).expect("a filled body is JSON");
        assert!(same(&read, &body), "{written}");
    }
});

/// The same JSON, strings exactly; numbers only as numbers: serde_json reads a long number
/// (55 sevens) into the nearest float within a step or so, not always the one it wrote.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(_), Value::Number(_)) => true,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}
