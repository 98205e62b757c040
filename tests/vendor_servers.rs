//! The vendors' ticket systems that the connectors talk to, for real on 127.0.0.1: Request
//! Tracker 5 (REST2) and Redmine 5 (REST API), started by `util::rt` and `util::redmine` from
//! what `scripts/setup-vendors.sh` installs. These pin down the API facts the connectors rely
//! on: Unicode subjects and long bodies round-trip, public replies and internal comments are
//! told apart and carry their author, status changes read back, a case is found by
//! Switchboard's correlation id and by time, and a wrong credential gets 401.

use serde_json::{json, Value};

use crate::util::redmine::{self, Redmine};
use crate::util::rt::{self, RequestTracker};

const SUBJECT: &str = "Не работает принтер в бухгалтерии «Ромашки»";
const REPLY: &str = "Здравствуйте!\nПерезагрузите, пожалуйста, принтер.";
const NOTE: &str = "Внутреннее: клиент на тарифе «Старт», без выезда.";
const VENDOR_REPLY: &str = "Вендор: заменили картридж, проверьте.";

/// 10,000 characters (not bytes) of Cyrillic and ASCII over many lines.
fn long_body() -> String {
    let mut body = String::new();
    let mut n = 1;
    while body.chars().count() < 10_000 {
        body.push_str(&format!(
            "Строка {n}: принтер печатает пустые листы, drum unit OK.\n"
        ));
        n += 1;
    }
    let mut body: String = body.chars().take(9_999).collect();
    body.push('.');
    assert_eq!(body.chars().count(), 10_000);
    body
}

/// A request; the status and the JSON body (Null when empty or not JSON), whatever the status.
fn call(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    query: &[(&str, &str)],
    body: Option<Value>,
) -> (u16, Value) {
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
    let text = resp.into_string().expect("a response body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

// ------------------------------------------------------------------ Request Tracker 5

fn rt_call(
    rt: &RequestTracker,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    body: Option<Value>,
) -> (u16, Value) {
    let auth = rt.auth();
    call(
        method,
        &format!("{}{path}", rt.rest()),
        &[("Authorization", &auth)],
        query,
        body,
    )
}

/// Creates a ticket tagged with `correlation` (custom field and subject); returns its id.
fn rt_create(rt: &RequestTracker, correlation: &str, content: &str) -> u64 {
    let (status, created) = rt_call(
        rt,
        "POST",
        "/ticket",
        &[],
        Some(json!({
            "Queue": rt.queue,
            "Subject": format!("[{correlation}] {SUBJECT}"),
            "Requestor": "klient@example.com",
            "Content": content,
            "ContentType": "text/plain",
            "CustomFields": { rt.correlation_field.as_str(): correlation },
        })),
    );
    assert_eq!(status, 201, "create: {created}");
    assert_eq!(created["type"], "ticket", "{created}");
    created["id"]
        .as_str()
        .expect("REST2 gives the new ticket's id as a string")
        .parse()
        .expect("a numeric id")
}

/// The ids of the tickets a TicketSQL search finds.
fn rt_search(rt: &RequestTracker, query: &str) -> Vec<u64> {
    let (status, found) = rt_call(rt, "GET", "/tickets", &[("query", query)], None);
    assert_eq!(status, 200, "search {query}: {found}");
    found["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|t| t["id"].as_str().expect("id").parse().expect("numeric id"))
        .collect()
}

/// `2026-12-01T15:35:59Z` as TicketSQL wants it (read in the user's time zone: UTC here).
fn ticket_sql_time(iso: &str) -> String {
    iso.trim_end_matches('Z').replace('T', " ")
}

#[test]
fn rt_ticket_round_trip() {
    let rt = RequestTracker::shared();
    eprintln!("Request Tracker started in {:?}", rt.started_in);
    let body = long_body();
    let id = rt_create(rt, "SB-000101", &body);

    let (status, said) = rt_call(
        rt,
        "POST",
        &format!("/ticket/{id}/correspond"),
        &[],
        Some(json!({ "Content": REPLY, "ContentType": "text/plain" })),
    );
    assert_eq!((status, said), (201, json!(["Correspondence added"])));
    let (status, said) = rt_call(
        rt,
        "POST",
        &format!("/ticket/{id}/comment"),
        &[],
        Some(json!({ "Content": NOTE, "ContentType": "text/plain" })),
    );
    assert_eq!((status, said), (201, json!(["Comments added"])));
    // The vendor's agent answers too (another user, another token).
    let agent = rt.agent_auth();
    let (status, said) = call(
        "POST",
        &format!("{}/ticket/{id}/correspond", rt.rest()),
        &[("Authorization", &agent)],
        &[],
        Some(json!({ "Content": VENDOR_REPLY, "ContentType": "text/plain" })),
    );
    assert_eq!((status, said), (201, json!(["Correspondence added"])));

    // The reply opened the ticket; resolving it says so in a list of messages.
    let (status, said) = rt_call(
        rt,
        "PUT",
        &format!("/ticket/{id}"),
        &[],
        Some(json!({ "Status": "resolved" })),
    );
    assert_eq!(status, 200, "{said}");
    assert_eq!(
        said,
        json!([format!(
            "Ticket {id}: Status changed from 'open' to 'resolved'"
        )])
    );
    // A status the lifecycle lacks is refused with 200 all the same: only the message says so.
    let (status, said) = rt_call(
        rt,
        "PUT",
        &format!("/ticket/{id}"),
        &[],
        Some(json!({ "Status": "закрыт" })),
    );
    assert_eq!(status, 200, "{said}");
    assert!(
        said[0]
            .as_str()
            .unwrap_or("")
            .contains("isn't a valid status"),
        "{said}"
    );

    let (status, ticket) = rt_call(rt, "GET", &format!("/ticket/{id}"), &[], None);
    assert_eq!(status, 200, "{ticket}");
    assert_eq!(ticket["id"], json!(id), "a number here, a string on create");
    assert_eq!(ticket["Status"], "resolved");
    assert_eq!(ticket["Subject"], format!("[SB-000101] {SUBJECT}"));
    let field = ticket["CustomFields"]
        .as_array()
        .expect("CustomFields")
        .iter()
        .find(|f| f["name"] == rt.correlation_field.as_str())
        .expect("the correlation field");
    assert_eq!(field["values"], json!(["SB-000101"]));

    // The history: what happened, by whom; EmailRecord entries are RT's own mail.
    let (status, history) = rt_call(
        rt,
        "GET",
        &format!("/ticket/{id}/history"),
        &[
            ("fields", "Type,Creator,Created,Field,OldValue,NewValue"),
            ("per_page", "100"),
        ],
        None,
    );
    assert_eq!(status, 200, "{history}");
    let items = history["items"].as_array().expect("items");
    let txn = |t: &str, by: &str| -> String {
        let found: Vec<&Value> = items
            .iter()
            .filter(|i| i["Type"] == t && i["Creator"]["id"] == by)
            .collect();
        assert_eq!(found.len(), 1, "one {t} by {by} in {history}");
        found[0]["id"].as_str().expect("id").to_string()
    };
    let create = txn("Create", "root");
    let reply = txn("Correspond", "root");
    let comment = txn("Comment", "root");
    let vendor_reply = txn("Correspond", rt::AGENT);
    let statuses: Vec<(&str, &str)> = items
        .iter()
        .filter(|i| i["Type"] == "Status")
        .map(|s| {
            (
                s["OldValue"].as_str().unwrap_or(""),
                s["NewValue"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [("new", "open"), ("open", "resolved")],
        "{history}"
    );

    // The texts: the collection gives Content decoded (a single /attachment/{id} gives base64).
    let (status, attachments) = rt_call(
        rt,
        "GET",
        &format!("/ticket/{id}/attachments"),
        &[
            ("fields", "TransactionId,ContentType,Content"),
            ("per_page", "100"),
        ],
        None,
    );
    assert_eq!(status, 200, "{attachments}");
    let text_of = |txn: &str| -> String {
        let items = attachments["items"].as_array().expect("items");
        let found: Vec<&Value> = items
            .iter()
            .filter(|a| a["TransactionId"] == txn && a["ContentType"] == "text/plain")
            .collect();
        assert_eq!(found.len(), 1, "one text of transaction {txn}");
        found[0]["Content"].as_str().expect("Content").to_string()
    };
    assert_eq!(text_of(&create), body);
    assert_eq!(text_of(&reply), REPLY);
    assert_eq!(text_of(&comment), NOTE);
    assert_eq!(text_of(&vendor_reply), VENDOR_REPLY);
}

#[test]
fn rt_finds_tickets_by_correlation_and_by_time() {
    let rt = RequestTracker::shared();
    let first = rt_create(rt, "SB-000201", "Первый");
    let second = rt_create(rt, "SB-000202", "Второй");
    let field = &rt.correlation_field;
    assert_eq!(
        rt_search(rt, &format!("'CF.{{{field}}}' = 'SB-000201'")),
        [first]
    );
    assert_eq!(rt_search(rt, "Subject LIKE '[SB-000202]'"), [second]);
    assert!(rt_search(rt, &format!("'CF.{{{field}}}' = 'SB-999999'")).is_empty());

    let (_, ticket) = rt_call(rt, "GET", &format!("/ticket/{first}"), &[], None);
    let since = ticket_sql_time(ticket["Created"].as_str().expect("Created"));
    let changed = rt_search(rt, &format!("LastUpdated >= '{since}'"));
    assert!(
        changed.contains(&first) && changed.contains(&second),
        "{changed:?}"
    );

    // A ticket's replies and comments since a time, with their authors, in one search.
    let (status, said) = rt_call(
        rt,
        "POST",
        &format!("/ticket/{second}/correspond"),
        &[],
        Some(json!({ "Content": REPLY, "ContentType": "text/plain" })),
    );
    assert_eq!(status, 201, "{said}");
    let (status, found) = rt_call(
        rt,
        "GET",
        "/transactions",
        &[
            (
                "query",
                &format!(
                    "ObjectType = 'RT::Ticket' AND ObjectId = {second} \
                     AND (Type = 'Correspond' OR Type = 'Comment') AND Created >= '{since}'"
                ),
            ),
            ("fields", "Type,Creator,Created"),
        ],
        None,
    );
    assert_eq!(status, 200, "{found}");
    assert_eq!(found["count"], 1, "{found}");
    assert_eq!(found["items"][0]["Type"], "Correspond");
    assert_eq!(found["items"][0]["Creator"]["id"], "root");

    let (status, error) = rt_call(
        rt,
        "GET",
        "/tickets",
        &[("query", "Nonsense ==== 'x'")],
        None,
    );
    assert_eq!(status, 400, "{error}");
    assert!(error["message"].as_str().is_some(), "{error}");
}

#[test]
fn rt_rejects_a_wrong_token_and_answers_json_errors() {
    let rt = RequestTracker::shared();
    let (status, body) = call(
        "GET",
        &format!("{}/queues/all", rt.rest()),
        &[(
            "Authorization",
            "token 1-14-00000000000000000000000000000000",
        )],
        &[],
        None,
    );
    assert_eq!((status, body), (401, json!({ "message": "Unauthorized" })));
    let (status, _) = call("GET", &format!("{}/rt", rt.rest()), &[], &[], None);
    assert_eq!(status, 401);

    let (status, body) = rt_call(rt, "GET", "/ticket/999999", &[], None);
    assert_eq!((status, body), (404, json!({ "message": "Not Found" })));
    let (status, body) = rt_call(
        rt,
        "POST",
        "/ticket",
        &[],
        Some(json!({ "Queue": "Нет такой", "Subject": "x" })),
    );
    assert_eq!(status, 403, "{body}");
    let (status, body) = rt_call(
        rt,
        "POST",
        "/ticket/999999/correspond",
        &[],
        Some(json!({ "Content": "x", "ContentType": "text/plain" })),
    );
    assert_eq!(status, 400, "{body}");
    let (status, body) = rt_call(
        rt,
        "POST",
        &format!("/ticket/{}/correspond", rt_create(rt, "SB-000301", "x")),
        &[],
        Some(json!({ "Content": "x" })),
    );
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["message"], "ContentType is a required field for application/json",
        "{body}"
    );
}

// ------------------------------------------------------------------ Redmine 5

fn redmine_call(
    redmine: &Redmine,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    body: Option<Value>,
) -> (u16, Value) {
    call(
        method,
        &format!("{}{path}", redmine.base_url),
        &[("X-Redmine-API-Key", &redmine.api_key)],
        query,
        body,
    )
}

/// The id of the status with this name, and whether it closes the issue.
fn redmine_status(redmine: &Redmine, name: &str) -> (u64, bool) {
    let (status, list) = redmine_call(redmine, "GET", "/issue_statuses.json", &[], None);
    assert_eq!(status, 200, "{list}");
    let found = list["issue_statuses"]
        .as_array()
        .expect("issue_statuses")
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no status {name}: {list}"));
    (
        found["id"].as_u64().expect("id"),
        found["is_closed"].as_bool().expect("is_closed"),
    )
}

/// Creates an issue tagged with `correlation` (custom field and subject); returns it.
fn redmine_create(redmine: &Redmine, correlation: &str, description: &str) -> Value {
    let (status, created) = redmine_call(
        redmine,
        "POST",
        "/issues.json",
        &[],
        Some(json!({ "issue": {
            "project_id": redmine.project,
            "subject": format!("[{correlation}] {SUBJECT}"),
            "description": description,
            "custom_fields": [{ "id": redmine.correlation_field_id, "value": correlation }],
        }})),
    );
    assert_eq!(status, 201, "create: {created}");
    created["issue"].clone()
}

/// The ids of the issues a filter finds.
fn redmine_search(redmine: &Redmine, query: &[(&str, &str)]) -> Vec<u64> {
    let (status, found) = redmine_call(redmine, "GET", "/issues.json", query, None);
    assert_eq!(status, 200, "search {query:?}: {found}");
    found["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| i["id"].as_u64().expect("id"))
        .collect()
}

#[test]
fn redmine_issue_round_trip() {
    let redmine = Redmine::shared();
    eprintln!("Redmine started in {:?}", redmine.started_in);
    let (new, new_closes) = redmine_status(redmine, "New");
    let (closed, closed_closes) = redmine_status(redmine, "Closed");
    assert!(!new_closes && closed_closes);
    let body = long_body();
    let issue = redmine_create(redmine, "SB-000401", &body);
    let id = issue["id"].as_u64().expect("a numeric id");
    assert_eq!(issue["status"]["id"], json!(new));
    assert_eq!(issue["subject"], format!("[SB-000401] {SUBJECT}"));

    for (notes, private) in [(REPLY, false), (NOTE, true)] {
        let (status, said) = redmine_call(
            redmine,
            "PUT",
            &format!("/issues/{id}.json"),
            &[],
            Some(json!({ "issue": { "notes": notes, "private_notes": private } })),
        );
        assert_eq!((status, said), (204, Value::Null));
    }
    // The vendor's agent answers too (another user, another key).
    let agent = [("X-Redmine-API-Key", redmine.agent_key.as_str())];
    let (status, said) = call(
        "PUT",
        &format!("{}/issues/{id}.json", redmine.base_url),
        &agent,
        &[],
        Some(json!({ "issue": { "notes": VENDOR_REPLY } })),
    );
    assert_eq!((status, said), (204, Value::Null));
    let (status, agent_me) = call(
        "GET",
        &format!("{}/users/current.json", redmine.base_url),
        &agent,
        &[],
        None,
    );
    assert_eq!(status, 200, "{agent_me}");
    assert_eq!(agent_me["user"]["login"], redmine::AGENT);
    let (status, said) = redmine_call(
        redmine,
        "PUT",
        &format!("/issues/{id}.json"),
        &[],
        Some(json!({ "issue": { "status_id": closed } })),
    );
    assert_eq!((status, said), (204, Value::Null));

    let (status, me) = redmine_call(redmine, "GET", "/users/current.json", &[], None);
    assert_eq!(status, 200, "{me}");
    let (status, read) = redmine_call(
        redmine,
        "GET",
        &format!("/issues/{id}.json"),
        &[("include", "journals")],
        None,
    );
    assert_eq!(status, 200, "{read}");
    let issue = &read["issue"];
    assert_eq!(
        issue["status"],
        json!({ "id": closed, "name": "Closed", "is_closed": true })
    );
    assert!(issue["closed_on"].is_string(), "{issue}");
    // Redmine keeps text with CRLF line ends.
    let description = issue["description"].as_str().expect("description");
    assert_eq!(description.replace("\r\n", "\n"), body);
    let journals = issue["journals"].as_array().expect("journals");
    assert_eq!(journals.len(), 4, "{read}");
    // Each journal's author, to skip our own.
    let authors: Vec<&Value> = journals.iter().map(|j| &j["user"]["id"]).collect();
    let (us, them) = (&me["user"]["id"], &agent_me["user"]["id"]);
    assert_ne!(us, them);
    assert_eq!(authors, [us, us, them, us]);
    // Notes keep their LF line ends (the description got CRLF).
    let notes = |j: &Value| j["notes"].as_str().expect("notes").to_string();
    assert_eq!(notes(&journals[0]), REPLY);
    assert_eq!(journals[0]["private_notes"], false);
    assert_eq!(notes(&journals[1]), NOTE);
    assert_eq!(journals[1]["private_notes"], true);
    assert_eq!(notes(&journals[2]), VENDOR_REPLY);
    assert_eq!(journals[2]["private_notes"], false);
    assert_eq!(notes(&journals[3]), "");
    assert_eq!(
        journals[3]["details"],
        json!([{ "property": "attr", "name": "status_id",
                 "old_value": new.to_string(), "new_value": closed.to_string() }])
    );
}

#[test]
fn redmine_finds_issues_by_correlation_and_by_time() {
    let redmine = Redmine::shared();
    let first = redmine_create(redmine, "SB-000501", "Первый");
    let second = redmine_create(redmine, "SB-000502", "Второй");
    let (first_id, second_id) = (
        first["id"].as_u64().unwrap(),
        second["id"].as_u64().unwrap(),
    );
    let cf = format!("cf_{}", redmine.correlation_field_id);
    // status_id=* or closed issues are left out.
    assert_eq!(
        redmine_search(redmine, &[("status_id", "*"), (&cf, "SB-000501")]),
        [first_id]
    );
    assert_eq!(
        redmine_search(redmine, &[("status_id", "*"), ("subject", "~SB-000502")]),
        [second_id]
    );
    let since = format!(">={}", first["updated_on"].as_str().expect("updated_on"));
    let changed = redmine_search(
        redmine,
        &[
            ("status_id", "*"),
            ("project_id", &redmine.project),
            ("updated_on", &since),
            ("sort", "updated_on:asc"),
            ("limit", "100"),
        ],
    );
    assert!(
        changed.contains(&first_id) && changed.contains(&second_id),
        "{changed:?}"
    );
    let (status, error) = redmine_call(
        redmine,
        "GET",
        "/issues.json",
        &[("status_id", "*"), ("updated_on", "вчера")],
        None,
    );
    assert_eq!(
        (status, error),
        (422, json!({ "errors": ["Updated is invalid"] }))
    );
}

#[test]
fn redmine_rejects_a_wrong_key_and_answers_errors() {
    let redmine = Redmine::shared();
    let issue = redmine_create(redmine, "SB-000601", "x");
    let wrong = [(
        "X-Redmine-API-Key",
        "0000000000000000000000000000000000000000",
    )];
    for path in [
        "/users/current.json".to_string(),
        format!("/issues/{}.json", issue["id"]),
    ] {
        let (status, _) = call(
            "GET",
            &format!("{}{path}", redmine.base_url),
            &wrong,
            &[],
            None,
        );
        assert_eq!(status, 401, "{path}");
    }
    let (status, _) = redmine_call(redmine, "GET", "/issues/999999.json", &[], None);
    assert_eq!(status, 404);
    let (status, body) = redmine_call(
        redmine,
        "POST",
        "/issues.json",
        &[],
        Some(json!({ "issue": { "project_id": redmine.project, "subject": "" } })),
    );
    assert_eq!(
        (status, body),
        (422, json!({ "errors": ["Subject cannot be blank"] }))
    );
}

// ------------------------------------------------------------------ servers of a test's own

/// A server of a test's own starts from the prepared database (not the shared server's
/// tickets), and is gone, port and folder, once stopped.
#[test]
fn own_servers_start_clean_and_stop() {
    let rt = RequestTracker::start();
    eprintln!("own Request Tracker started in {:?}", rt.started_in);
    let redmine = Redmine::start();
    eprintln!("own Redmine started in {:?}", redmine.started_in);
    assert_eq!(rt_create(&rt, "SB-000701", "x"), 1, "a fresh database");
    let issue = redmine_create(&redmine, "SB-000701", "x");
    assert_eq!(issue["id"], 1, "a fresh database");
    assert!(!rt.log().contains("[error]"), "{}", rt.log());
    assert!(!redmine.log().contains("FATAL"), "{}", redmine.log());

    let (rt_port, redmine_port) = (rt.port, redmine.port);
    rt.stop();
    redmine.stop();
    for port in [rt_port, redmine_port] {
        assert!(
            std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
            "port {port} still answers"
        );
    }
}
