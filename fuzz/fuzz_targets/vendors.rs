//! What a vendor system answers, read as each connector reads it: the body as JSON, the error
//! explanation, and the connector's own readers of what it holds (comments, transitions, rows,
//! ids, next pages, times). The first byte picks the connector (its seeds are named after it);
//! the rest is the body. Parsed or refused, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sb_vendors::{jira, read_json, redmine, rt, servicenow, stamp, webhook, zendesk};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Some((&which, body)) = data.split_first() else {
        return;
    };
    let Ok(body) = std::str::from_utf8(body) else {
        return;
    };
    let _ = stamp::parse(body);
    let v: Value = match read_json(body, "read the answer") {
        Ok(v) => v,
        Err(e) => {
            assert!(
                e.to_string().len() < 2_000,
                "the error quotes a clipped body"
            );
            return;
        }
    };
    match which % 6 {
        0 => {
            let _ = rt::explain(&v);
            for item in v["items"].as_array().into_iter().flatten() {
                let _ = rt::id_of(&item["id"]);
            }
        }
        1 => {
            let _ = redmine::explain(&v);
            for j in v["issue"]["journals"].as_array().into_iter().flatten() {
                let _ = redmine::text(&j["notes"]);
            }
        }
        2 => {
            let _ = jira::explain(&v);
            let _ = jira::reopen_transition(&v["transitions"]);
            for c in v["comments"]
                .as_array()
                .or(v["values"].as_array())
                .into_iter()
                .flatten()
            {
                let _ = jira::vendor_comment(c);
            }
        }
        3 => {
            let _ = servicenow::explain(&v);
            if let Ok(rows) = servicenow::rows(&v, "read the rows") {
                for row in rows {
                    let _ = servicenow::display(&row["state"]);
                    let _ = servicenow::raw(&row["sys_id"]);
                }
            }
        }
        4 => {
            let _ = zendesk::explain(&v);
            let _ = zendesk::comment_event_id(&v);
            if let Some(link) = v["next_page"].as_str() {
                if let Ok(path) = zendesk::next_page(link, "next page") {
                    assert!(path.starts_with('/'), "{path}");
                }
            }
        }
        _ => {
            let _ = webhook::explain(&v);
            for pointer in ["/id", "/items/0/id", "/comments/0/text", ""] {
                let _ = webhook::text_at(&v, pointer);
            }
        }
    }
});
