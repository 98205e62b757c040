//! What a vendor system answers, read as each connector reads it: the body as JSON, the error
//! explanation, and the connector's own readers of what it holds, the same functions its
//! async calls use: RT's list pages, history (correspondence) and attachments (text parts),
//! Redmine's statuses, issue pages and journals (public notes), Jira's value and search pages,
//! comments and transitions, ServiceNow's row pages, incidents and journal comments, Zendesk's
//! comment pages (with their next page), lookups and audit. The first byte picks the connector
//! (its seeds are named after it: 0 RT, 1 Redmine, 2 Jira, 3 ServiceNow, 4 Zendesk, 5 the
//! generic one); the rest is the body. Parsed or refused, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sb_vendors::{jira, read_json, redmine, rt, servicenow, stamp, webhook, zendesk};
use serde_json::Value;

/// A `since` far in the future, the epoch and one in the past: the readers compare times.
const SINCE: [i64; 3] = [i64::MAX, 0, 1_700_000_000_000];

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
        0 => read_rt(&v),
        1 => read_redmine(&v),
        2 => read_jira(&v),
        3 => read_servicenow(&v),
        4 => read_zendesk(&v),
        _ => {
            let _ = webhook::explain(&v);
            for pointer in ["/id", "/items/0/id", "/comments/0/text", ""] {
                let _ = webhook::text_at(&v, pointer);
            }
        }
    }
});

fn short(e: &sb_vendors::VendorError) {
    assert!(e.to_string().len() < 2_000, "a clipped error: {e}");
}

fn read_rt(v: &Value) {
    let _ = rt::explain(v);
    let _ = (rt::real_name(v), rt::refusal(v), rt::account_login(v));
    let _ = rt::is_deleted(v);
    if let Err(e) = rt::created_id(v) {
        short(&e);
    }
    for before in [0, usize::MAX] {
        match rt::list_page(v, before, "read the ticket's history") {
            Ok(page) => {
                let replies = rt::correspondence(&page.items);
                let parts = rt::text_parts(&page.items);
                for reply in &replies {
                    let _ = rt::best_part(&parts, &reply.transaction);
                }
                for t in &page.items {
                    let _ = rt::id_of(&t["id"]);
                    for since in SINCE {
                        if let Some(change) = rt::changed_ticket(t, since) {
                            assert!(change.updated_at >= since, "changed before {since}");
                        }
                    }
                }
            }
            Err(e) => short(&e),
        }
    }
}

fn read_redmine(v: &Value) {
    let _ = redmine::explain(v);
    let statuses = redmine::statuses(v);
    if let Err(e) = redmine::current_user(v) {
        short(&e);
    }
    if let Err(e) = redmine::created_issue(v) {
        short(&e);
    }
    let journals = redmine::journals(v);
    let notes = redmine::public_notes(&journals);
    assert!(notes.len() <= journals.len());
    for before in [0, usize::MAX] {
        match redmine::issues_page(v, before) {
            Ok(page) => {
                let named = [(
                    "feedback".to_string(),
                    sb_domain::vendor::VendorStatus::Waiting,
                )];
                for i in &page.items {
                    for since in SINCE {
                        let _ = redmine::issue_change(i, &statuses, &named, since);
                    }
                }
            }
            Err(e) => short(&e),
        }
    }
    for j in v["issue"]["journals"].as_array().into_iter().flatten() {
        let _ = redmine::text(&j["notes"]);
    }
}

fn read_jira(v: &Value) {
    let _ = jira::explain(v);
    let _ = jira::reopen_transition(&v["transitions"]);
    match jira::values_page(v, "read the comments") {
        Ok(page) => {
            let public = jira::public_comments(&page.items);
            assert!(public.len() <= page.items.len());
        }
        Err(e) => short(&e),
    }
    match jira::search_page(v) {
        Ok(page) => {
            for issue in &page.issues {
                if let Err(e) = jira::issue_state(issue, "SUP-1") {
                    short(&e);
                }
            }
        }
        Err(e) => short(&e),
    }
    if let Err(e) = jira::issue_state(v, "SUP-1") {
        short(&e);
    }
    for c in v["comments"].as_array().into_iter().flatten() {
        let _ = jira::vendor_comment(c);
    }
}

fn read_servicenow(v: &Value) {
    let _ = servicenow::explain(v);
    for (before, total) in [(0, None), (0, Some(1)), (usize::MAX, Some(usize::MAX))] {
        match servicenow::rows_page(v, before, total, "read the rows") {
            Ok(page) => {
                for row in &page.items {
                    let _ = servicenow::display(&row["state"]);
                    let _ = servicenow::raw(&row["sys_id"]);
                    if let Err(e) = servicenow::incident_state(row, "INC0010001") {
                        short(&e);
                    }
                }
                let comments = servicenow::journal_comments(&page.items);
                assert!(comments.len() <= page.items.len());
            }
            Err(e) => short(&e),
        }
    }
}

fn read_zendesk(v: &Value) {
    let _ = zendesk::explain(v);
    let _ = zendesk::comment_event_id(v);
    let _ = (zendesk::ticket_ids(v), zendesk::is_deleted(v));
    if let Err(e) = zendesk::signed_in(v) {
        short(&e);
    }
    if let Some(link) = v["next_page"].as_str() {
        if let Ok(path) = zendesk::next_page(link, "next page") {
            assert!(path.starts_with('/'), "{path}");
        }
    }
    match zendesk::comments_page(v, "read the comments") {
        Ok(page) => {
            if let Some(next) = &page.next {
                assert!(next.starts_with('/'), "{next}");
            }
            let n = page.comments.len();
            assert!(zendesk::vendor_comments(page.comments, 7).len() <= n);
        }
        Err(e) => short(&e),
    }
    match zendesk::lookup_page(v, "SB-000123/7", "look the ticket up") {
        Ok(page) => {
            if let Some(next) = &page.next {
                assert!(next.starts_with('/'), "{next}");
            }
        }
        Err(e) => short(&e),
    }
    for t in v["tickets"].as_array().into_iter().flatten() {
        if let Err(e) = zendesk::ticket_state(t, "35436") {
            short(&e);
        }
    }
}
