//! Real answers of Request Tracker 5 and Redmine 5, kept as seeds of the `vendors` fuzz target
//! (`fuzz/seeds/vendors/*-real-*`) and read by sb-vendors' reader tests. Ignored in a plain
//! run: `scripts/capture-vendor-seeds.sh` runs it to capture them again (servers of its own,
//! fresh databases, so ids start at 1).
//!
//! Each file is the answer's body after one byte that picks the connector in the fuzz target
//! (0 RT, 1 Redmine: the target's `which % 6`). Ports are written as the usual ones (RT 8080,
//! Redmine 3000) so that a capture again differs only where the servers' answers do, and the
//! tokens and keys the run used are scrubbed (the capture fails if one is left).

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::util::redmine::Redmine;
use crate::util::rt::RequestTracker;

/// The fuzz target's first byte for each connector (`which % 6` in fuzz_targets/vendors.rs).
const RT_BYTE: u8 = 0;
const REDMINE_BYTE: u8 = 1;

const SUBJECT: &str = "[SB-000123/7] Не работает принтер в бухгалтерии «Ромашки»";
const MARKER: &str = "[switchboard:c-42]";

/// Where the seeds are written, and what must not be in them.
struct Seeds {
    dir: PathBuf,
    byte: u8,
    /// (what the run used, what the file says instead)
    scrub: Vec<(String, String)>,
    saved: Vec<String>,
}

impl Seeds {
    fn new(byte: u8, scrub: Vec<(String, String)>) -> Seeds {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds/vendors");
        assert!(dir.is_dir(), "{} is missing", dir.display());
        Seeds {
            dir,
            byte,
            scrub,
            saved: Vec::new(),
        }
    }

    /// Keeps `body` as `name`, scrubbed, after the connector's byte.
    fn save(&mut self, name: &str, body: &str) {
        let mut text = body.to_string();
        for (secret, instead) in &self.scrub {
            text = text.replace(secret.as_str(), instead);
        }
        for (secret, _) in &self.scrub {
            assert!(
                !text.contains(secret.as_str()),
                "{name} still holds a secret"
            );
        }
        let mut bytes = vec![self.byte];
        bytes.extend_from_slice(text.as_bytes());
        std::fs::write(self.dir.join(name), bytes).expect("write a seed");
        self.saved.push(name.to_string());
    }
}

/// A request; the status and the body as text, whatever the status.
fn raw(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    query: &[(&str, &str)],
    body: Option<Value>,
) -> (u16, String) {
    let mut req = ureq::request(method, url);
    for (k, v) in headers {
        req = req.set(k, v);
    }
    for (k, v) in query {
        req = req.query(k, v);
    }
    let result = match body {
        Some(body) => req.send_json(body),
        None => req.call(),
    };
    let resp = match result {
        Ok(resp) => resp,
        Err(ureq::Error::Status(_, resp)) => resp,
        Err(e) => panic!("{method} {url}: {e}"),
    };
    let status = resp.status();
    (status, resp.into_string().expect("a response body"))
}

fn json_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
#[ignore = "captures the fuzz seeds: scripts/capture-vendor-seeds.sh"]
fn capture_rt_answers() {
    let rt = RequestTracker::start();
    let mut seeds = Seeds::new(
        RT_BYTE,
        vec![
            (rt.token.clone(), "scrubbed-root-token".into()),
            (rt.agent_token.clone(), "scrubbed-agent-token".into()),
            (rt.base_url.clone(), "http://127.0.0.1:8080".into()),
            (format!("127.0.0.1:{}", rt.port), "127.0.0.1:8080".into()),
        ],
    );
    let root = rt.auth();
    let agent = rt.agent_auth();
    let call = |method: &str, path: &str, who: &str, query: &[(&str, &str)], body| {
        raw(
            method,
            &format!("{}{path}", rt.rest()),
            &[("Authorization", who)],
            query,
            body,
        )
    };

    // The case, as the connector opens it.
    let (status, created) = call(
        "POST",
        "/ticket",
        &root,
        &[],
        Some(json!({
            "Queue": rt.queue,
            "Subject": SUBJECT,
            "Content": "Принтер печатает пустые листы.\n\n--\nClient: Ромашка\nOur reference: SB-000123/7 (please keep it in replies)",
            "ContentType": "text/plain",
            "CustomFields": { rt.correlation_field.as_str(): "SB-000123/7" },
        })),
    );
    assert_eq!(status, 201, "{created}");
    seeds.save("rt-real-created.json", &created);
    let id = json_of(&created)["id"].as_str().expect("an id").to_string();

    // Replies both ways, an internal comment, and a reply from RT's rich-text form.
    let correspond = |who: &str, content: &str, kind: &str| {
        call(
            "POST",
            &format!("/ticket/{id}/correspond"),
            who,
            &[],
            Some(json!({ "Content": content, "ContentType": kind })),
        )
    };
    let (status, said) = correspond(
        &root,
        &format!("Добрый день! Пришлите журнал.\n\n{MARKER}"),
        "text/plain",
    );
    assert_eq!(status, 201, "{said}");
    seeds.save("rt-real-correspond.json", &said);
    let (status, said) = correspond(
        &agent,
        "Вендор: заменили картридж.\nПроверьте, пожалуйста.",
        "text/plain",
    );
    assert_eq!(status, 201, "{said}");
    let (status, said) = correspond(
        &agent,
        "<p>Добрый день!</p><p>Замените <b>диск в слоте 3</b>.</p>",
        "text/html",
    );
    assert_eq!(status, 201, "{said}");
    let (status, said) = call(
        "POST",
        &format!("/ticket/{id}/comment"),
        &agent,
        &[],
        Some(
            json!({ "Content": "Internal: customer on the basic plan.", "ContentType": "text/plain" }),
        ),
    );
    assert_eq!(status, 201, "{said}");

    // Status changes: taken, and refused (still 200, the reason among the messages).
    let (status, said) = call(
        "PUT",
        &format!("/ticket/{id}"),
        &agent,
        &[],
        Some(json!({ "Status": "stalled" })),
    );
    assert_eq!(status, 200, "{said}");
    seeds.save("rt-real-status-changed.json", &said);
    let (status, said) = call(
        "PUT",
        &format!("/ticket/{id}"),
        &root,
        &[],
        Some(json!({ "Status": "no-such-status" })),
    );
    assert_eq!(status, 200, "{said}");
    seeds.save("rt-real-status-refused.json", &said);

    // What the connector reads, with the queries it sends.
    let page = [("per_page", "100"), ("page", "1")];
    let with = |extra: &[(&'static str, &'static str)]| -> Vec<(&'static str, &'static str)> {
        extra.iter().chain(page.iter()).copied().collect()
    };
    let (status, body) = call("GET", &format!("/ticket/{id}"), &root, &[], None);
    assert_eq!(status, 200, "{body}");
    seeds.save("rt-real-ticket.json", &body);
    let query = format!("(id = {id}) AND LastUpdated >= '2000-01-01 00:00:00'");
    let mut search = vec![("query", query.as_str()), ("fields", "Status,LastUpdated")];
    search.extend(page);
    let (status, body) = call("GET", "/tickets", &root, &search, None);
    assert_eq!(status, 200, "{body}");
    seeds.save("rt-real-search.json", &body);
    let (status, body) = call(
        "GET",
        &format!("/ticket/{id}/history"),
        &root,
        &with(&[("fields", "Type,Creator,Created")]),
        None,
    );
    assert_eq!(status, 200, "{body}");
    seeds.save("rt-real-history.json", &body);
    // A middle page: RT names the pages before and after it.
    let (status, body) = call(
        "GET",
        &format!("/ticket/{id}/history"),
        &root,
        &[
            ("fields", "Type,Creator,Created"),
            ("per_page", "2"),
            ("page", "2"),
        ],
        None,
    );
    assert_eq!(status, 200, "{body}");
    seeds.save("rt-real-history-page2.json", &body);
    let (status, body) = call(
        "GET",
        &format!("/ticket/{id}/attachments"),
        &root,
        &with(&[("fields", "TransactionId,ContentType,Content")]),
        None,
    );
    assert_eq!(status, 200, "{body}");
    seeds.save("rt-real-attachments.json", &body);
    let (status, body) = call(
        "GET",
        &format!("/user/{}", crate::util::rt::AGENT),
        &root,
        &[],
        None,
    );
    assert_eq!(status, 200, "{body}");
    seeds.save("rt-real-user.json", &body);
    let (status, body) = call(
        "GET",
        "/tickets",
        &root,
        &[
            ("query", "Creator = '__CurrentUser__'"),
            ("orderby", "id"),
            ("order", "DESC"),
            ("per_page", "1"),
            ("fields", "Creator"),
        ],
        None,
    );
    assert_eq!(status, 200, "{body}");
    seeds.save("rt-real-account.json", &body);
    let (status, body) = call("GET", &format!("/queue/{}", rt.queue), &root, &[], None);
    assert_eq!(status, 200, "{body}");
    seeds.save("rt-real-queue.json", &body);

    // A deleted ticket still answers by id, with its status.
    let (status, gone) = call(
        "POST",
        "/ticket",
        &root,
        &[],
        Some(json!({ "Queue": rt.queue, "Subject": "[SB-000124/1] gone", "Content": "x" })),
    );
    assert_eq!(status, 201, "{gone}");
    let gone = json_of(&gone)["id"].as_str().expect("an id").to_string();
    let (status, said) = call(
        "PUT",
        &format!("/ticket/{gone}"),
        &root,
        &[],
        Some(json!({ "Status": "deleted" })),
    );
    assert_eq!(status, 200, "{said}");
    let (status, body) = call("GET", &format!("/ticket/{gone}"), &root, &[], None);
    assert_eq!(status, 200, "{body}");
    seeds.save("rt-real-ticket-deleted.json", &body);

    // Errors.
    let (status, body) = call("GET", "/ticket/999999", &root, &[], None);
    assert_eq!(status, 404, "{body}");
    seeds.save("rt-real-404.json", &body);
    let (status, body) = call("GET", &format!("/ticket/{id}"), "token 0-wrong", &[], None);
    assert_eq!(status, 401, "{body}");
    seeds.save("rt-real-401.json", &body);
    let (status, body) = call(
        "POST",
        "/ticket",
        &root,
        &[],
        Some(json!({ "Queue": "No such queue", "Subject": "x" })),
    );
    assert!(status >= 400, "{status} {body}");
    seeds.save("rt-real-create-refused.json", &body);
    eprintln!("saved {}", seeds.saved.join(", "));
}

#[test]
#[ignore = "captures the fuzz seeds: scripts/capture-vendor-seeds.sh"]
fn capture_redmine_answers() {
    let redmine = Redmine::start();
    let mut seeds = Seeds::new(
        REDMINE_BYTE,
        vec![
            (redmine.api_key.clone(), "scrubbed-admin-key".into()),
            (redmine.agent_key.clone(), "scrubbed-agent-key".into()),
            (redmine.base_url.clone(), "http://127.0.0.1:3000".into()),
            (
                format!("127.0.0.1:{}", redmine.port),
                "127.0.0.1:3000".into(),
            ),
        ],
    );
    let admin = redmine.api_key.clone();
    let agent = redmine.agent_key.clone();
    let call = |method: &str, path: &str, key: &str, query: &[(&str, &str)], body| {
        raw(
            method,
            &format!("{}{path}", redmine.base_url),
            &[("X-Redmine-API-Key", key)],
            query,
            body,
        )
    };

    let (status, body) = call("GET", "/issue_statuses.json", &admin, &[], None);
    assert_eq!(status, 200, "{body}");
    seeds.save("redmine-real-statuses.json", &body);
    let statuses = json_of(&body);
    let status_id = |name: &str| {
        statuses["issue_statuses"]
            .as_array()
            .expect("issue_statuses")
            .iter()
            .find(|s| s["name"] == name)
            .and_then(|s| s["id"].as_u64())
            .unwrap_or_else(|| panic!("no status {name}"))
    };

    let (status, created) = call(
        "POST",
        "/issues.json",
        &admin,
        &[],
        Some(json!({ "issue": {
            "project_id": redmine.project,
            "subject": SUBJECT,
            "description": "Принтер печатает пустые листы.\n\n--\nClient: Ромашка\nOur reference: SB-000123/7 (please keep it in replies)",
            "custom_fields": [{ "id": redmine.correlation_field_id, "value": "SB-000123/7" }],
        }})),
    );
    assert_eq!(status, 201, "{created}");
    seeds.save("redmine-real-created.json", &created);
    let id = json_of(&created)["issue"]["id"].as_u64().expect("an id");
    let (status, second) = call(
        "POST",
        "/issues.json",
        &admin,
        &[],
        Some(
            json!({ "issue": { "project_id": redmine.project, "subject": "[SB-000124/1] второй" } }),
        ),
    );
    assert_eq!(status, 201, "{second}");

    // Our note, the vendor's notes (public and private), a status change without a note.
    let notes = [
        (
            &admin,
            format!("Добрый день! Пришлите журнал.\n\n{MARKER}"),
            false,
        ),
        (
            &agent,
            "Вендор: заменили картридж.\r\nПроверьте, пожалуйста.".to_string(),
            false,
        ),
        (
            &agent,
            "Internal: customer on the basic plan.".to_string(),
            true,
        ),
    ];
    for (key, text, private) in notes {
        let (status, said) = call(
            "PUT",
            &format!("/issues/{id}.json"),
            key,
            &[],
            Some(json!({ "issue": { "notes": text, "private_notes": private } })),
        );
        assert_eq!(status, 204, "{said}");
    }
    let (status, said) = call(
        "PUT",
        &format!("/issues/{id}.json"),
        &agent,
        &[],
        Some(json!({ "issue": { "status_id": status_id("Feedback") } })),
    );
    assert_eq!(status, 204, "{said}");

    let (status, body) = call(
        "GET",
        &format!("/issues/{id}.json"),
        &admin,
        &[("include", "journals")],
        None,
    );
    assert_eq!(status, 200, "{body}");
    seeds.save("redmine-real-issue-journals.json", &body);
    let ids = format!("{id},{}", json_of(&second)["issue"]["id"]);
    let search = |limit: &'static str, offset: &'static str| {
        call(
            "GET",
            "/issues.json",
            &admin,
            &[
                ("issue_id", ids.as_str()),
                ("updated_on", ">=2000-01-01T00:00:00Z"),
                ("sort", "updated_on:asc"),
                ("status_id", "*"),
                ("limit", limit),
                ("offset", offset),
            ],
            None,
        )
    };
    let (status, body) = search("100", "0");
    assert_eq!(status, 200, "{body}");
    seeds.save("redmine-real-issues.json", &body);
    let (status, body) = search("1", "1");
    assert_eq!(status, 200, "{body}");
    seeds.save("redmine-real-issues-page2.json", &body);
    let (status, body) = call("GET", "/users/current.json", &admin, &[], None);
    assert_eq!(status, 200, "{body}");
    seeds.save("redmine-real-current-user.json", &body);
    let (status, body) = call(
        "GET",
        &format!("/projects/{}.json", redmine.project),
        &admin,
        &[],
        None,
    );
    assert_eq!(status, 200, "{body}");
    seeds.save("redmine-real-project.json", &body);

    // Errors.
    let (status, body) = call(
        "POST",
        "/issues.json",
        &admin,
        &[],
        Some(json!({ "issue": { "project_id": redmine.project, "subject": "" } })),
    );
    assert_eq!(status, 422, "{body}");
    seeds.save("redmine-real-422.json", &body);
    let (status, body) = call("GET", "/issues/999999.json", &admin, &[], None);
    assert_eq!(status, 404, "{body}");
    seeds.save("redmine-real-404.txt", &body);
    let (status, body) = call(
        "GET",
        "/users/current.json",
        "0000000000000000000000000000000000000000",
        &[],
        None,
    );
    assert_eq!(status, 401, "{body}");
    seeds.save("redmine-real-401.txt", &body);
    eprintln!("saved {}", seeds.saved.join(", "));
}
