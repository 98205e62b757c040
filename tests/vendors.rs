//! Vendor cases through `sb_app::App` against the real Request Tracker 5 and Redmine 5 on
//! 127.0.0.1: escalate (the case opens once, with our reference), comments both ways (ours out,
//! internal ones never; the vendor's in, marked as the vendor's, once), the vendor's status
//! change, the vendor resolving (our ticket comes back to an engineer, never closed), our
//! reopen; Cyrillic text and long comments survive. Then faults from a proxy in front of RT:
//! 5xx, 429 with Retry-After, resets before and after the vendor acted, a stall past the
//! timeout, the vendor down for a while, and the app stopping mid-delivery: every escalation
//! and comment arrives exactly once.
//!
//! Secrets go to the OS keychain: run inside a kernel keyring session (`make test` does).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use sb_app::{
    App, ClientInput, CommentInput, ContactInput, EscalateInput, NewProfile, OutboxState, Paths,
    TicketInput, VendorInput, VendorSlaDto,
};
use sb_domain::{Channel, Level, Role, Status, Visibility};
use sb_fault_proxy::{Fault, FaultProxy, Match};

use crate::util::redmine::Redmine;
use crate::util::rt::{RequestTracker, CORRELATION_FIELD};

pub(crate) const SUBJECT: &str = "Сервер 1С не отвечает после обновления";
const DESCRIPTION: &str = "Клиент «Ромашка»: после обновления платформы сервер 1С не стартует.";

/// A minute past any backoff the worker could have chosen: the next round delivers.
pub(crate) const LATER: i64 = 60 * 60 * 1000;

pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

pub(crate) async fn open_app(home: &Path) -> App {
    let db = home.join("switchboard.db");
    open_app_on(home, db.to_str().unwrap()).await
}

/// The app on `database` (a SQLite path or a PostgreSQL URL).
async fn open_app_on(home: &Path, database: &str) -> App {
    App::open(Paths::in_folder(home.to_path_buf()), Some(database))
        .await
        .expect("open the app")
}

/// An app with an admin at the desk, a client and a database ticket.
pub(crate) async fn desk(home: &Path) -> (App, i64) {
    desk_on(home, &home.join("switchboard.db").to_string_lossy()).await
}

/// [`desk`] on `database` (a SQLite path or a PostgreSQL URL).
pub(crate) async fn desk_on(home: &Path, database: &str) -> (App, i64) {
    let app = open_app_on(home, database).await;
    app.create_profile(NewProfile {
        name: "Ольга Админ".into(),
        role: Role::Admin,
    })
    .await
    .unwrap();
    let client = app
        .create_client(ClientInput {
            language: None,
            code: "ROMASHKA".into(),
            name: "ООО Ромашка".into(),
            notes: None,
            contacts: vec![ContactInput {
                name: "Павел".into(),
                email: Some("pavel@romashka.example".into()),
                phone: None,
            }],
        })
        .await
        .unwrap();
    let ticket = app
        .create_ticket(TicketInput {
            client_id: client.id,
            direction: "database".into(),
            subject: SUBJECT.into(),
            description: DESCRIPTION.into(),
            impact: Level::High,
            urgency: Level::High,
            channel: Channel::Phone,
            contact_id: None,
        })
        .await
        .unwrap();
    (app, ticket.id)
}

/// Another ticket for the same client.
pub(crate) async fn desk_ticket(app: &App, subject: &str) -> (i64, i64) {
    let client = app.client_by_ref("ROMASHKA").await.unwrap();
    let t = app
        .create_ticket(TicketInput {
            client_id: client.id,
            direction: "database".into(),
            subject: subject.into(),
            description: DESCRIPTION.into(),
            impact: Level::Medium,
            urgency: Level::Medium,
            channel: Channel::Phone,
            contact_id: None,
        })
        .await
        .unwrap();
    (client.id, t.id)
}

/// `ticket` escalated to `vendor`, with no note: the bond, its create message queued.
pub(crate) async fn escalated(app: &App, ticket: i64, vendor: i64) -> sb_app::BondDto {
    app.escalate(EscalateInput {
        ticket_id: ticket,
        vendor_id: vendor,
        note: None,
    })
    .await
    .unwrap()
}

pub(crate) fn vendor_input(
    name: &str,
    kind: &str,
    settings: &[(&str, &str)],
    secret: &str,
) -> VendorInput {
    VendorInput {
        name: name.into(),
        directions: vec!["database".into(), "software".into()],
        kind: kind.into(),
        settings: settings
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
        sla: vec![VendorSlaDto {
            direction: "*".into(),
            acknowledge_minutes: Some(60),
            resolve_minutes: Some(8 * 60),
        }],
        contacts: vec![],
        per_minute: 600,
        enabled: true,
        secret: Some(secret.into()),
    }
}

pub(crate) fn rt_vendor(rt_url: &str, rt: &RequestTracker, name: &str) -> VendorInput {
    vendor_input(
        name,
        "request_tracker",
        &[
            ("base_url", rt_url),
            ("queue", &rt.queue),
            ("correlation_field", CORRELATION_FIELD),
        ],
        &rt.token,
    )
}

/// A request to a vendor as its own people make it; the status and the JSON body.
pub(crate) fn call(
    method: &str,
    url: &str,
    header: (&str, &str),
    body: Option<Value>,
) -> (u16, Value) {
    let req = ureq::request(method, url).set(header.0, header.1);
    let result = match body {
        Some(b) => req.send_json(b),
        None => req.call(),
    };
    let resp = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{method} {url}: {e}"),
    };
    let status = resp.status();
    (
        status,
        serde_json::from_str(&resp.into_string().unwrap()).unwrap_or(Value::Null),
    )
}

pub(crate) fn rt_call(
    rt: &RequestTracker,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    call(
        method,
        &format!("{}{path}", rt.rest()),
        ("Authorization", &rt.auth()),
        body,
    )
}

/// The RT tickets carrying `correlation`.
pub(crate) fn rt_cases(rt: &RequestTracker, correlation: &str) -> Vec<String> {
    let q = format!("'CF.{{{CORRELATION_FIELD}}}' = '{correlation}'");
    let url = format!("{}/tickets", rt.rest());
    let resp = ureq::get(&url)
        .set("Authorization", &rt.auth())
        .query("query", &q)
        .call()
        .unwrap();
    let v: Value = resp.into_json().unwrap();
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

/// The plain texts of an RT ticket's correspondence.
pub(crate) fn rt_texts(rt: &RequestTracker, id: &str) -> Vec<String> {
    let url = format!("{}/ticket/{id}/attachments", rt.rest());
    let v: Value = ureq::get(&url)
        .set("Authorization", &rt.auth())
        .query("fields", "ContentType,Content")
        .query("per_page", "100")
        .call()
        .unwrap()
        .into_json()
        .unwrap();
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["ContentType"] == "text/plain")
        .map(|a| a["Content"].as_str().unwrap_or("").to_string())
        .collect()
}

/// The comments a vendor wrote on the ticket, as the card shows them.
pub(crate) async fn vendor_comments(app: &App, ticket: i64) -> Vec<sb_app::CommentDto> {
    let card = app.card(ticket).await.unwrap();
    card.comments
        .into_iter()
        .filter(|c| c.vendor.is_some())
        .collect()
}

/// The id of the card's comment whose body holds `text`.
pub(crate) async fn card_comment_id(app: &App, ticket: i64, text: &str) -> i64 {
    let card = app.card(ticket).await.unwrap();
    card.comments
        .iter()
        .find(|c| c.body.contains(text))
        .map(|c| c.id)
        .expect("the comment on the card")
}

/// The id of Redmine's status called `name`.
pub(crate) fn redmine_status(rm: &Redmine, name: &str) -> u64 {
    let key = ("X-Redmine-API-Key", rm.api_key.as_str());
    let list = call(
        "GET",
        &format!("{}/issue_statuses.json", rm.base_url),
        key,
        None,
    )
    .1;
    list["issue_statuses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .and_then(|s| s["id"].as_u64())
        .unwrap_or_else(|| panic!("Redmine has no status {name}: {list}"))
}

/// The vendor's side at Redmine: a public note, a private one, then the issue resolved.
fn redmine_vendor_answers_and_resolves(rm: &Redmine, issue_url: &str, public: &str, private: &str) {
    let key = ("X-Redmine-API-Key", rm.api_key.as_str());
    for (notes, private) in [(public, false), (private, true)] {
        let (status, _) = call(
            "PUT",
            issue_url,
            key,
            Some(json!({ "issue": { "notes": notes, "private_notes": private } })),
        );
        assert_eq!(status, 204);
    }
    let resolved = redmine_status(rm, "Resolved");
    let (status, _) = call(
        "PUT",
        issue_url,
        key,
        Some(json!({ "issue": { "status_id": resolved } })),
    );
    assert_eq!(status, 204);
}

pub(crate) async fn deliver_all(app: &App, at: i64) {
    let r = app.deliver_vendor_outbox(at).await.unwrap();
    assert_eq!(r.dead, 0, "{r:?}");
}

fn long_cyrillic(chars: usize) -> String {
    let line = "Проверьте журнал транзакций и индекс по полю «Дата» — ";
    line.chars().cycle().take(chars).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_at_request_tracker_follows_the_ticket() {
    let rt = tokio::task::spawn_blocking(RequestTracker::shared)
        .await
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    let (app, ticket) = desk(home.path()).await;

    // Test connection: right, then each way of being wrong.
    let v = app
        .create_vendor(rt_vendor(&rt.base_url, rt, "RT Partner"))
        .await
        .unwrap();
    let ok = app.test_vendor(v.id).await.unwrap();
    assert!(ok.ok, "{ok:?}");
    let mut wrong = rt_vendor(&rt.base_url, rt, "RT wrong token");
    wrong.secret = Some("not-a-token".into());
    let wrong = app.create_vendor(wrong).await.unwrap();
    let check = app.test_vendor(wrong.id).await.unwrap();
    assert_eq!(check.class, "bad_credentials", "{check:?}");
    assert!(!check.message.contains("not-a-token"), "{check:?}");
    let mut no_queue = rt_vendor(&rt.base_url, rt, "RT no queue");
    no_queue.settings.insert("queue".into(), "Нет такой".into());
    let no_queue = app.create_vendor(no_queue).await.unwrap();
    assert_eq!(
        app.test_vendor(no_queue.id).await.unwrap().class,
        "not_found"
    );
    let down = app
        .create_vendor(rt_vendor("http://127.0.0.1:9", rt, "RT down"))
        .await
        .unwrap();
    assert_eq!(app.test_vendor(down.id).await.unwrap().class, "unreachable");
    // TLS spoken to a server that does not (it answers plain HTTP): the handshake fails, and
    // the check says so.
    let plain = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let tls_url = format!("https://{}", plain.local_addr().unwrap());
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for mut conn in plain.incoming().flatten() {
            let mut buf = [0u8; 512];
            let _ = conn.read(&mut buf);
            let _ = conn.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        }
    });
    let tls = app
        .create_vendor(rt_vendor(&tls_url, rt, "RT over TLS"))
        .await
        .unwrap();
    let check = app.test_vendor(tls.id).await.unwrap();
    assert_eq!(check.class, "tls", "{check:?}");

    // Vendors and their credentials are the managers': an engineer at the desk may not.
    let admin = app.setup_state().await.unwrap().profile.unwrap();
    app.create_profile(NewProfile {
        name: "Инженер Иван".into(),
        role: Role::Engineer,
    })
    .await
    .unwrap();
    let refused = [
        app.create_vendor(rt_vendor(&rt.base_url, rt, "Mine"))
            .await
            .map(|_| ()),
        app.update_vendor(v.id, rt_vendor(&rt.base_url, rt, "Renamed"))
            .await
            .map(|_| ()),
        app.remove_vendor(v.id).await.map(|_| ()),
    ];
    for r in refused {
        assert_eq!(r.unwrap_err().code, sb_app::ErrorCode::NotAllowed);
    }
    assert_eq!(app.vendor(v.id).await.unwrap().name, "RT Partner");
    app.use_profile(admin.id).await.unwrap();

    // Escalate: the bond and its message at once; the ticket waits on the vendor.
    let bond = app
        .escalate(EscalateInput {
            ticket_id: ticket,
            vendor_id: v.id,
            note: Some("Просим проверить совместимость версии.".into()),
        })
        .await
        .unwrap();
    assert_eq!(bond.state, "pending");
    assert_eq!(
        app.ticket(ticket).await.unwrap().status,
        Status::PendingVendor
    );
    let again = app
        .escalate(EscalateInput {
            ticket_id: ticket,
            vendor_id: v.id,
            note: None,
        })
        .await
        .unwrap_err();
    assert!(
        again.message.contains("already has an open case"),
        "{again:?}"
    );

    deliver_all(&app, now()).await;
    let bond = app.bond(bond.id).await.unwrap();
    assert_eq!(bond.state, "open", "{bond:?}");
    let case = bond.case_number.clone().expect("a case number");
    assert_eq!(rt_cases(rt, &bond.correlation), std::slice::from_ref(&case));
    assert!(bond
        .case_url
        .as_deref()
        .unwrap()
        .contains(&format!("id={case}")));
    let texts = rt_texts(rt, &case);
    assert!(
        texts[0].contains(DESCRIPTION) && texts[0].contains("совместимость"),
        "{texts:?}"
    );

    // Our public comment goes; an internal one never does.
    let long = long_cyrillic(6000);
    app.add_comment(CommentInput {
        ticket_id: ticket,
        body: long.clone(),
        visibility: Visibility::Public,
    })
    .await
    .unwrap();
    app.add_comment(CommentInput {
        ticket_id: ticket,
        body: "Внутреннее: не говорить вендору про скидку".into(),
        visibility: Visibility::Internal,
    })
    .await
    .unwrap();
    deliver_all(&app, now()).await;
    let texts = rt_texts(rt, &case);
    assert_eq!(texts.iter().filter(|t| t.contains(&long)).count(), 1);
    assert!(
        !texts.iter().any(|t| t.contains("скидку")),
        "internal stays in"
    );

    // The vendor answers and asks for logs: the answer arrives once, marked as the vendor's.
    let answer = format!(
        "Добрый день! Пришлите, пожалуйста, логи. {}",
        long_cyrillic(3000)
    );
    let (status, _) = rt_call(
        rt,
        "POST",
        &format!("/ticket/{case}/correspond"),
        Some(json!({ "Content": answer, "ContentType": "text/plain" })),
    );
    assert_eq!(status, 201);
    let (status, _) = rt_call(
        rt,
        "PUT",
        &format!("/ticket/{case}"),
        Some(json!({ "Status": "stalled" })),
    );
    assert_eq!(status, 200);
    let r = app.sync_vendor(v.id).await.unwrap();
    assert_eq!((r.comments_added, r.error.clone()), (1, None), "{r:?}");
    app.sync_vendor(v.id).await.unwrap();
    let from_vendor = vendor_comments(&app, ticket).await;
    assert_eq!(from_vendor.len(), 1, "once, however often the sync runs");
    assert_eq!(from_vendor[0].body.trim_end(), answer.trim_end());
    assert_eq!(
        from_vendor[0].visibility,
        Visibility::Internal,
        "not to the client by itself"
    );
    assert!(from_vendor[0]
        .vendor
        .as_deref()
        .unwrap()
        .contains(&format!("case {case}")));
    let card = app.card(ticket).await.unwrap();
    assert_eq!(
        card.comments
            .iter()
            .filter(|c| c.body.contains(&long))
            .count(),
        1,
        "our own comment does not come back"
    );
    let bond = app.bond(bond.id).await.unwrap();
    assert_eq!(
        (bond.state.as_str(), bond.vendor_status_raw.as_deref()),
        ("suspended", Some("stalled"))
    );
    assert!(bond.acknowledged_at.is_some());

    // The vendor resolves: the ticket comes back to an engineer to confirm, never closed.
    let (status, _) = rt_call(
        rt,
        "PUT",
        &format!("/ticket/{case}"),
        Some(json!({ "Status": "resolved" })),
    );
    assert_eq!(status, 200);
    let r = app.sync_vendor(v.id).await.unwrap();
    assert_eq!(r.tickets_moved, 1, "{r:?}");
    assert_eq!(app.ticket(ticket).await.unwrap().status, Status::Open);
    let bond = app.bond(bond.id).await.unwrap();
    assert_eq!(bond.state, "resolved");
    assert_eq!(bond.resolve.state, "met", "{bond:?}");

    // The fix did not hold: our reopen reaches RT, the ticket waits on the vendor again.
    let bond = app
        .reopen_bond(bond.id, "Ошибка вернулась после перезагрузки.")
        .await
        .unwrap();
    assert_eq!(bond.state, "open");
    assert_eq!(
        app.ticket(ticket).await.unwrap().status,
        Status::PendingVendor
    );
    deliver_all(&app, now()).await;
    let (_, t) = rt_call(rt, "GET", &format!("/ticket/{case}"), None);
    assert_eq!(t["Status"], "open", "{t}");
    assert!(rt_texts(rt, &case)
        .iter()
        .any(|t| t.contains("Ошибка вернулась")));

    // The scorecard counts the case; the outbox holds nothing undelivered.
    let card = app.vendor_scorecard().await.unwrap();
    let row = card.iter().find(|r| r.vendor_id == v.id).unwrap();
    assert_eq!((row.cases, row.direction.as_str()), (1, "database"));
    assert!(app
        .vendor_outbox(Some(OutboxState::Pending))
        .await
        .unwrap()
        .is_empty());

    // Secrets: the token is in the OS keychain only, never in the database's files or in
    // anything the app hands out (what the window shows, what the CLI prints or exports).
    let token = rt.token.as_bytes();
    for file in ["switchboard.db", "switchboard.db-wal"] {
        if let Ok(bytes) = std::fs::read(home.path().join(file)) {
            assert!(
                !bytes.windows(token.len()).any(|w| w == token),
                "the token is in {file}"
            );
        }
    }
    let handed_out = serde_json::to_string(&(
        app.vendors().await.unwrap(),
        app.vendor_outbox(None).await.unwrap(),
        app.card(ticket).await.unwrap(),
        app.ticket_bonds(ticket).await.unwrap(),
        app.test_vendor(wrong.id).await.unwrap(),
    ))
    .unwrap();
    assert!(!handed_out.contains(&rt.token));
    assert!(!handed_out.contains("not-a-token"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_at_redmine_follows_the_ticket() {
    let rm = tokio::task::spawn_blocking(Redmine::shared).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let (app, ticket) = desk(home.path()).await;
    let field = rm.correlation_field_id.to_string();
    let v = app
        .create_vendor(vendor_input(
            "Redmine Partner",
            "redmine",
            &[
                ("base_url", &rm.base_url),
                ("project", &rm.project),
                ("correlation_field_id", &field),
            ],
            &rm.api_key,
        ))
        .await
        .unwrap();
    assert!(app.test_vendor(v.id).await.unwrap().ok);

    let bond = escalated(&app, ticket, v.id).await;
    deliver_all(&app, now()).await;
    let bond = app.bond(bond.id).await.unwrap();
    let case = bond.case_number.clone().unwrap();
    let id = case.trim_start_matches('#').to_string();
    let key = ("X-Redmine-API-Key", rm.api_key.as_str());
    let issue_url = format!("{}/issues/{id}.json", rm.base_url);
    let (_, issue) = call("GET", &issue_url, key, None);
    assert!(issue["issue"]["subject"]
        .as_str()
        .unwrap()
        .contains(SUBJECT));

    let long = long_cyrillic(5000);
    app.add_comment(CommentInput {
        ticket_id: ticket,
        body: long.clone(),
        visibility: Visibility::Public,
    })
    .await
    .unwrap();
    deliver_all(&app, now()).await;

    // The vendor writes a public note and a private one, and resolves.
    redmine_vendor_answers_and_resolves(
        rm,
        &issue_url,
        "Обновите драйвер до 8.3.24",
        "Внутреннее у вендора",
    );
    let r = app.sync_vendor(v.id).await.unwrap();
    assert_eq!(
        (r.comments_added, r.tickets_moved, r.error.clone()),
        (1, 1, None),
        "{r:?}"
    );
    let from_vendor = vendor_comments(&app, ticket).await;
    assert_eq!(from_vendor.len(), 1);
    assert_eq!(from_vendor[0].body, "Обновите драйвер до 8.3.24");
    assert_eq!(app.ticket(ticket).await.unwrap().status, Status::Open);
    let (_, read) = call(
        "GET",
        &format!("{}/issues/{id}.json?include=journals", rm.base_url),
        key,
        None,
    );
    let ours: Vec<_> = read["issue"]["journals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|j| {
            j["notes"]
                .as_str()
                .unwrap_or("")
                .replace("\r\n", "\n")
                .contains(&long)
        })
        .collect();
    assert_eq!(ours.len(), 1, "our comment arrived once, whole");

    app.reopen_bond(bond.id, "Не помогло: ошибка снова.")
        .await
        .unwrap();
    deliver_all(&app, now()).await;
    let (_, read) = call("GET", &issue_url, key, None);
    assert_eq!(read["issue"]["status"]["name"], "In Progress", "{read}");
}

/// Faults between us and RT: whatever happens, the vendor gets each case and comment once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_never_lose_or_double_a_message() {
    let rt = tokio::task::spawn_blocking(RequestTracker::shared)
        .await
        .unwrap();
    let proxy = FaultProxy::start(&rt.base_url).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let (app, first) = desk(home.path()).await;
    let v = app
        .create_vendor(rt_vendor(&proxy.base_url(), rt, "RT behind a proxy"))
        .await
        .unwrap();
    let create = || Match::any().method("POST").path_prefix("/REST/2.0/ticket");

    // The vendor makes the case but the answer is lost (reset after it acted): the retry looks
    // it up by our reference instead of making a second one.
    proxy.push(Fault::ResetAfterForward.on(create()));
    let b1 = escalated(&app, first, v.id).await;
    let r = app.deliver_vendor_outbox(now()).await.unwrap();
    assert_eq!((r.sent, r.retried), (0, 1), "{r:?}");
    assert_eq!(app.bond(b1.id).await.unwrap().state, "pending");
    deliver_all(&app, now() + LATER).await;
    let b1 = app.bond(b1.id).await.unwrap();
    assert_eq!(b1.state, "open");
    assert_eq!(rt_cases(rt, &b1.correlation).len(), 1, "one case, not two");

    // 502 after the vendor acted, on a comment: found by its marker, not sent twice.
    proxy.push(Fault::StatusAfterForward(502).on(Match::any().path_contains("/correspond")));
    app.add_comment(CommentInput {
        ticket_id: first,
        body: "Комментарий после сбоя шлюза".into(),
        visibility: Visibility::Public,
    })
    .await
    .unwrap();
    let r = app.deliver_vendor_outbox(now()).await.unwrap();
    assert_eq!(r.retried, 1, "{r:?}");
    deliver_all(&app, now() + LATER).await;
    let case = b1.case_number.clone().unwrap();
    let count = |text: &str| {
        rt_texts(rt, &case)
            .iter()
            .filter(|t| t.contains(text))
            .count()
    };
    assert_eq!(count("Комментарий после сбоя шлюза"), 1);

    // 429 with Retry-After: the next try waits at least that long (the vendor's pause holds
    // every request to it for those seconds, on the wall clock).
    proxy.push(Fault::Status(429, Some(3)).on(Match::any().path_contains("/correspond")));
    app.add_comment(CommentInput {
        ticket_id: first,
        body: "Комментарий под ограничением".into(),
        visibility: Visibility::Public,
    })
    .await
    .unwrap();
    let t0 = now();
    let r = app.deliver_vendor_outbox(t0).await.unwrap();
    assert_eq!(r.retried, 1);
    let pending = app.vendor_outbox(Some(OutboxState::Pending)).await.unwrap();
    assert_eq!(pending.len(), 1);
    assert!(pending[0].next_attempt_at >= t0 + 3_000, "{pending:?}");
    assert_eq!(
        pending[0].error_class.map(|c| c.as_str()),
        Some("rate_limited")
    );
    let r = app.deliver_vendor_outbox(t0 + 1_000).await.unwrap();
    assert_eq!(r.sent, 0, "not before Retry-After");
    deliver_all(&app, t0 + LATER).await;
    assert_eq!(count("Комментарий под ограничением"), 1);

    // Plain 503s and a reset before anything reached the vendor, then the vendor down for a
    // while: retried until it is back.
    let (_, second) = desk_ticket(&app, "Второй тикет").await;
    proxy.push(Fault::Status(503, None).on(create()));
    proxy.push(Fault::ResetBeforeForward.on(create()));
    let b2 = escalated(&app, second, v.id).await;
    for at in [now(), now() + LATER] {
        let r = app.deliver_vendor_outbox(at).await.unwrap();
        assert_eq!((r.sent, r.retried), (0, 1), "{r:?}");
    }
    assert_eq!(proxy.pending_faults(), 0, "both faults were met");
    proxy.set_down(true);
    let r = app.deliver_vendor_outbox(now() + 2 * LATER).await.unwrap();
    assert_eq!(r.retried, 1, "{r:?}");
    proxy.set_down(false);
    deliver_all(&app, now() + 3 * LATER).await;
    let b2 = app.bond(b2.id).await.unwrap();
    assert_eq!(b2.state, "open", "{b2:?}");
    assert_eq!(rt_cases(rt, &b2.correlation).len(), 1);

    // A stall past the client's timeout, while RT still makes the case: found, not doubled.
    let (_, third) = desk_ticket(&app, "Третий тикет").await;
    app.set_vendor_timeouts(sb_vendors::HttpOptions {
        connect_timeout: Duration::from_secs(1),
        timeout: Duration::from_secs(1),
    });
    proxy.push(Fault::StallThenForward(Duration::from_secs(3)).on(create()));
    let b3 = escalated(&app, third, v.id).await;
    let r = app.deliver_vendor_outbox(now()).await.unwrap();
    assert_eq!(r.retried, 1, "timed out: {r:?}");
    // The usual timeouts again: on a loaded machine RT itself can take longer than a second
    // to answer the next try, which is not what this step tests. The stalled request reaches
    // RT after 3 s; the case it makes must be found, not made again.
    app.set_vendor_timeouts(sb_vendors::HttpOptions::default());
    let made = Instant::now();
    while rt_cases(rt, &b3.correlation).is_empty() {
        assert!(
            made.elapsed() < Duration::from_secs(60),
            "RT never made the stalled request's case"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    deliver_all(&app, now() + LATER).await;
    let b3 = app.bond(b3.id).await.unwrap();
    assert_eq!(b3.state, "open", "{b3:?}");
    assert_eq!(rt_cases(rt, &b3.correlation).len(), 1, "{b3:?}");

    // The app stops in the middle of a delivery (the message taken, the outcome unknown) and
    // starts again: once the hold runs out, the message is delivered, once.
    let (_, fourth) = desk_ticket(&app, "Четвёртый тикет").await;
    let b4 = escalated(&app, fourth, v.id).await;
    let m = app
        .store()
        .vendor_outbox_due(None, now(), 10)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.bond_id == b4.id)
        .unwrap();
    assert!(app
        .store()
        .claim_vendor_message(&m, now() + 2 * 60_000)
        .await
        .unwrap());
    // The attempt that died had reached RT: the case exists there, under our reference, and
    // nothing of it was recorded on our side.
    let (status, made) = rt_call(
        rt,
        "POST",
        "/ticket",
        Some(json!({
            "Queue": rt.queue,
            "Subject": format!("[{}] Четвёртый тикет", b4.correlation),
            "Content": DESCRIPTION,
            "ContentType": "text/plain",
            "CustomFields": { CORRELATION_FIELD: b4.correlation },
        })),
    );
    assert_eq!(status, 201, "{made}");
    let made = made["id"].as_str().unwrap().to_string();
    drop(app);
    let app = open_app(home.path()).await;
    let r = app.deliver_vendor_outbox(now()).await.unwrap();
    assert_eq!(r.sent, 0, "still held by the attempt that died");
    deliver_all(&app, now() + LATER).await;
    let b4 = app.bond(b4.id).await.unwrap();
    assert_eq!(b4.state, "open");
    assert_eq!(
        rt_cases(rt, &b4.correlation),
        std::slice::from_ref(&made),
        "found, not made again"
    );
    assert_eq!(b4.case_number.as_deref(), Some(made.as_str()));

    // At the vendor, after every fault: each case once.
    for b in [&b1, &b2, &b3, &b4] {
        assert_eq!(rt_cases(rt, &b.correlation).len(), 1, "{}", b.correlation);
    }
    // Through the proxy, RT took a create once for each of the three cases we made (b1, b2,
    // b3; b4's case was made at RT by the attempt that died), whatever the faults.
    assert_eq!(proxy.pending_faults(), 0);
    let landed = proxy
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/REST/2.0/ticket")
        .filter(|r| r.upstream_status == Some(201))
        .count();
    assert_eq!(landed, 3, "{:?}", proxy.requests());
}

/// The generic REST connector, configured by templates and JSON pointers, drives the real
/// Redmine as it would any vendor's own API.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_generic_rest_connector_follows_a_case_by_its_templates() {
    let rm = tokio::task::spawn_blocking(Redmine::shared).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let (app, ticket) = desk(home.path()).await;
    let key = ("X-Redmine-API-Key", rm.api_key.as_str());
    let field = rm.correlation_field_id;
    let create_body = json!({ "issue": {
        "project_id": rm.project,
        "subject": "{subject}",
        "description": "{description}",
        "custom_fields": [{ "id": field, "value": "{correlation}" }],
    }})
    .to_string();
    let comment_body =
        json!({ "issue": { "notes": "{body}", "private_notes": false } }).to_string();
    let reopen_body =
        json!({ "issue": { "status_id": redmine_status(rm, "In Progress"), "notes": "{body}" } })
            .to_string();
    let find = format!("GET /issues.json?status_id=*&cf_{field}={{correlation}}");
    let link = format!("{}/issues/{{id}}", rm.base_url);
    let settings = [
        ("base_url", rm.base_url.as_str()),
        ("auth_header", "X-Redmine-API-Key: {secret}"),
        ("check", "GET /users/current.json"),
        ("create", "POST /issues.json"),
        ("create_body", &create_body),
        ("case_id", "/issue/id"),
        ("case_link", &link),
        ("find", &find),
        ("find_items", "/issues"),
        ("find_id", "/id"),
        ("comment", "PUT /issues/{id}.json"),
        ("comment_body", &comment_body),
        ("read", "GET /issues/{id}.json?include=journals"),
        ("status", "/issue/status/name"),
        ("updated", "/issue/updated_on"),
        ("comments", "/issue/journals"),
        ("comment_id", "/id"),
        ("comment_text", "/notes"),
        ("comment_author", "/user/name"),
        ("comment_at", "/created_on"),
        ("comment_private", "/private_notes"),
        (
            "statuses",
            "New=new, In Progress=open, Feedback=waiting, Resolved=resolved, Closed=closed, Rejected=rejected",
        ),
        ("reopen", "PUT /issues/{id}.json"),
        ("reopen_body", &reopen_body),
    ];
    let mut bad = vendor_input("Broken templates", "webhook", &settings, &rm.api_key);
    bad.settings
        .insert("create_body".into(), "{issue: subject}".into());
    let refused = app.create_vendor(bad).await.unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("settings"), "{refused:?}");
    assert!(refused.message.contains("not JSON"), "{refused:?}");

    let v = app
        .create_vendor(vendor_input(
            "Partner API",
            "webhook",
            &settings,
            &rm.api_key,
        ))
        .await
        .unwrap();
    let check = app.test_vendor(v.id).await.unwrap();
    assert!(check.ok, "{check:?}");

    let bond = escalated(&app, ticket, v.id).await;
    deliver_all(&app, now()).await;
    let bond = app.bond(bond.id).await.unwrap();
    let id = bond.case_number.clone().expect("a case");
    assert_eq!(
        bond.case_url.as_deref(),
        Some(format!("{}/issues/{id}", rm.base_url).as_str())
    );
    let issue_url = format!("{}/issues/{id}.json", rm.base_url);
    let (_, issue) = call("GET", &issue_url, key, None);
    assert!(
        issue["issue"]["subject"]
            .as_str()
            .unwrap()
            .contains(SUBJECT),
        "{issue}"
    );

    let long = long_cyrillic(4000);
    app.add_comment(CommentInput {
        ticket_id: ticket,
        body: long.clone(),
        visibility: Visibility::Public,
    })
    .await
    .unwrap();
    deliver_all(&app, now()).await;

    // What a retry after a lost answer does: the case is found by our reference, the comment
    // by its marker, through the templates alone; another reference finds nothing.
    let connector = sb_vendors::connect(
        "webhook",
        &settings
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        Some(sb_domain::Sensitive::new(rm.api_key.clone())),
        &sb_vendors::Context::default(),
    )
    .unwrap();
    let found = connector.find_case(&bond.correlation).await.unwrap();
    assert_eq!(found.map(|c| c.id), Some(id.clone()));
    assert_eq!(
        connector
            .find_case(&format!("{}9", bond.correlation))
            .await
            .unwrap(),
        None
    );
    let case = sb_vendors::CaseRef {
        id: id.clone(),
        number: id.clone(),
        url: None,
    };
    let sent = app.vendor_outbox(Some(OutboxState::Sent)).await.unwrap();
    let comment_message = sent.iter().find(|m| m.kind == "comment").unwrap();
    let marker = sb_domain::vendor::comment_marker(&format!(
        "comment:{}:{}",
        bond.id,
        card_comment_id(&app, ticket, &long).await
    ));
    assert_eq!(comment_message.attempts, 1, "delivered at the first try");
    assert!(connector
        .find_comment(&case, &marker)
        .await
        .unwrap()
        .is_some());
    assert!(connector
        .find_comment(&case, "[switchboard:comment:0:0]")
        .await
        .unwrap()
        .is_none());
    redmine_vendor_answers_and_resolves(rm, &issue_url, "Ждём логи от клиента", "Только для нас");
    let r = app.sync_vendor(v.id).await.unwrap();
    assert_eq!(
        (r.comments_added, r.tickets_moved, r.error.clone()),
        (1, 1, None),
        "{r:?}"
    );
    let from_vendor = vendor_comments(&app, ticket).await;
    assert_eq!(from_vendor.len(), 1);
    assert_eq!(from_vendor[0].body, "Ждём логи от клиента");
    assert_eq!(
        app.bond(bond.id)
            .await
            .unwrap()
            .vendor_status_raw
            .as_deref(),
        Some("Resolved")
    );

    app.reopen_bond(bond.id, "Снова падает.").await.unwrap();
    deliver_all(&app, now()).await;
    let (_, read) = call("GET", &issue_url, key, None);
    assert_eq!(read["issue"]["status"]["name"], "In Progress", "{read}");
    let (_, read) = call("GET", &format!("{issue_url}?include=journals"), key, None);
    let ours = read["issue"]["journals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|j| {
            j["notes"]
                .as_str()
                .unwrap_or("")
                .replace("\r\n", "\n")
                .contains(&long)
        })
        .count();
    assert_eq!(ours, 1);
}

/// The workspace busy while a case is being made (another process holding SQLite's write lock
/// longer than the wait for it, as a process paused inside a write does): the vendor made the
/// case, but it could not be recorded. That is no failure of the vendor's: the message is not
/// a dead letter, and the next round finds the case by our reference instead of making another.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_workspace_during_a_delivery_is_no_failure_of_the_vendors() {
    use sqlx::Connection;
    let rt = tokio::task::spawn_blocking(RequestTracker::shared)
        .await
        .unwrap();
    let proxy = FaultProxy::start(&rt.base_url).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let (app, first) = desk(home.path()).await;
    let v = app
        .create_vendor(rt_vendor(
            &proxy.base_url(),
            rt,
            "RT while the workspace is busy",
        ))
        .await
        .unwrap();
    let bond = escalated(&app, first, v.id).await;
    // The create is held a moment at the proxy; meanwhile another process takes the write
    // lock and keeps it past the busy timeout.
    proxy.push(
        Fault::StallThenForward(Duration::from_millis(1_500))
            .on(Match::any().method("POST").path_prefix("/REST/2.0/ticket")),
    );
    let file = home.path().join("switchboard.db");
    let app = std::sync::Arc::new(app);
    let delivering = {
        let app = app.clone();
        tokio::spawn(async move { app.deliver_vendor_outbox(now()).await })
    };
    // The lock is taken once the create has reached the proxy (its stall rule taken), not
    // after a set time: on a busy machine the delivery's own claim could still be waiting to
    // be written, and would then fail on the lock before ever asking RT.
    let reached = tokio::time::Instant::now() + Duration::from_secs(30);
    while proxy.pending_faults() > 0 {
        assert!(
            tokio::time::Instant::now() < reached,
            "the create never reached RT"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut other = sqlx::SqliteConnection::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .await
        .unwrap();
    // The vendor has made the case: from then on recording it waits for the lock, and gives up
    // after the busy timeout (5 s). The lock is let go just after, while the delivery would
    // still be writing down a failure if it took the busy workspace for the vendor's.
    let correlation = bond.correlation.clone();
    let made = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let c = correlation.clone();
        let cases = tokio::task::spawn_blocking(move || rt_cases(rt, &c))
            .await
            .unwrap();
        if !cases.is_empty() {
            break;
        }
        assert!(tokio::time::Instant::now() < made, "RT never made the case");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(5_600)).await;
    sqlx::query("ROLLBACK").execute(&mut other).await.unwrap();
    other.close().await.unwrap();
    let refused = delivering.await.unwrap();
    let e = refused.expect_err("the delivery could not be recorded");
    assert!(e.message.contains("locked"), "{e:?}");
    let b = app.bond(bond.id).await.unwrap();
    assert_eq!(b.state, "pending", "not failed: {b:?}");
    let dead = app
        .vendor_outbox(Some(sb_domain::delivery::OutboxState::Dead))
        .await
        .unwrap();
    assert!(dead.is_empty(), "no dead letter: {dead:?}");

    // The next round (its claim run out) finds the case made and makes no second one.
    deliver_all(&app, now() + LATER).await;
    let b = app.bond(bond.id).await.unwrap();
    assert_eq!(b.state, "open");
    assert_eq!(rt_cases(rt, &b.correlation).len(), 1, "one case, not two");
}

/// A vendor's secret forgotten because its address changed (issue 17, item 5): the next
/// connection says so and asks for it again, instead of "no secret".
#[tokio::test(flavor = "multi_thread")]
async fn a_secret_forgotten_by_a_new_address_says_why() {
    let home = tempfile::tempdir().unwrap();
    let (app, _) = desk(home.path()).await;
    let settings = [("base_url", "http://127.0.0.1:1"), ("queue", "General")];
    let v = app
        .create_vendor(vendor_input(
            "Moved RT",
            "request_tracker",
            &settings,
            "tok",
        ))
        .await
        .unwrap();
    let mut moved = vendor_input(
        "Moved RT",
        "request_tracker",
        &[("base_url", "http://127.0.0.2:1"), ("queue", "General")],
        "unused",
    );
    moved.secret = None;
    let after = app.update_vendor(v.id, moved).await.unwrap();
    assert!(!after.has_secret);
    let check = app.test_vendor(v.id).await.unwrap();
    assert!(!check.ok);
    assert!(
        check.message.contains("was forgotten because") && check.message.contains("type it again"),
        "{}",
        check.message
    );
    // A message, reason and all, so a Russian reader reads it in Russian.
    assert_eq!(check.msg.id, "vendor-config-secret-forgotten");
    let ru = check.msg.render(sb_i18n::Lang::Ru);
    assert!(
        ru.contains("секрет вендора Moved RT забыт, потому что изменились вид подключения, адрес"),
        "{ru}"
    );
}
