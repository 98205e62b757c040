//! Vendor cases carry what the vendor really wrote, as the account we really are (issue 12),
//! against the real Request Tracker 5 and Redmine 5: a reply from RT's rich-text form (HTML
//! only) arrives with its words, and one that came in empty is mended; a reply quoting our
//! comment is the vendor's; a comment to the client after the vendor resolved leaves the
//! vendor's case alone; a wrong Redmine key never writes as Anonymous; a case deleted at the
//! vendor is noticed; a sync that changes nothing counts nothing.
//!
//! Secrets go to the OS keychain: run inside a kernel keyring session (`make test` does).

use serde_json::{json, Value};

use sb_app::{Audience, CommentInput, OutboxState};
use sb_domain::{Status, Visibility};

use crate::util::redmine::{Redmine, PUBLIC_PROJECT};
use crate::util::rt::RequestTracker;
use crate::vendors::{
    call, deliver_all, desk, desk_on, desk_ticket, escalated, now, rt_call, rt_texts, rt_vendor,
    vendor_comments, vendor_input, LATER,
};

/// A reply to an RT ticket as the vendor's agent writes it (their own token).
fn rt_agent_reply(rt: &RequestTracker, case: &str, content: &str, content_type: &str) {
    let (status, body) = call(
        "POST",
        &format!("{}/ticket/{case}/correspond", rt.rest()),
        ("Authorization", &rt.agent_auth()),
        Some(json!({ "Content": content, "ContentType": content_type })),
    );
    assert_eq!(status, 201, "{body}");
}

/// Our comment as RT keeps it (its plain text), found by a piece of it.
fn rt_text_with(rt: &RequestTracker, case: &str, piece: &str) -> String {
    rt_texts(rt, case)
        .into_iter()
        .find(|t| t.contains(piece))
        .unwrap_or_else(|| panic!("RT has no text with {piece:?}"))
}

/// An app with an RT vendor and one ticket escalated to it, the case open at RT.
async fn escalated_to_rt(
    rt: &RequestTracker,
    home: &std::path::Path,
) -> (sb_app::App, i64, i64, i64, String) {
    let (app, ticket) = desk(home).await;
    let v = app
        .create_vendor(rt_vendor(&rt.base_url, rt, "RT Partner"))
        .await
        .unwrap();
    let bond = escalated(&app, ticket, v.id).await;
    deliver_all(&app, now()).await;
    let case = app.bond(bond.id).await.unwrap().case_number.unwrap();
    (app, ticket, v.id, bond.id, case)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_html_reply_from_rts_web_form_arrives_with_its_text_and_an_empty_one_is_mended() {
    let rt = tokio::task::spawn_blocking(RequestTracker::shared)
        .await
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    let (app, ticket, vendor, _, case) = escalated_to_rt(rt, home.path()).await;

    // RT's reply form is rich text by default: the correspondence is stored as HTML only.
    rt_agent_reply(
        rt,
        &case,
        "<p>Добрый день!</p><p>Замените <b>диск в слоте 3</b>, затем пришлите журнал.</p>",
        "text/html",
    );
    let r = app.sync_vendor(vendor).await.unwrap();
    assert_eq!((r.comments_added, r.error.clone()), (1, None), "{r:?}");
    let from_vendor = vendor_comments(&app, ticket).await;
    assert_eq!(from_vendor.len(), 1);
    let body = &from_vendor[0].body;
    assert!(
        body.contains("Добрый день!") && body.contains("Замените диск в слоте 3, затем"),
        "{body:?}"
    );
    assert!(!body.contains('<'), "HTML turned into text: {body:?}");

    // The overlap window reads the case again: nothing changed, nothing is counted.
    let again = app.sync_vendor(vendor).await.unwrap();
    assert_eq!(
        (
            again.cases_changed,
            again.comments_added,
            again.tickets_moved
        ),
        (0, 0, 0),
        "{again:?}"
    );

    // A reply taken in empty by an earlier build, its case long past the sync's cursor: the
    // next sync reads it again and mends it.
    let comment = from_vendor[0].id;
    sqlx::query("UPDATE comments SET body = '' WHERE id = $1")
        .bind(comment)
        .execute(app.store().pool())
        .await
        .unwrap();
    sqlx::query("UPDATE vendors SET sync_cursor = $1 WHERE id = $2")
        .bind(now() + 24 * 60 * 60 * 1000)
        .bind(vendor)
        .execute(app.store().pool())
        .await
        .unwrap();
    let mended = app.sync_vendor(vendor).await.unwrap();
    assert_eq!(
        (mended.comments_mended, mended.comments_added),
        (1, 0),
        "{mended:?}"
    );
    let from_vendor = vendor_comments(&app, ticket).await;
    assert_eq!(from_vendor.len(), 1, "mended in place, not added again");
    assert!(from_vendor[0].body.contains("диск в слоте 3"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vendor_reply_quoting_our_comment_is_heard_at_request_tracker() {
    let rt = tokio::task::spawn_blocking(RequestTracker::shared)
        .await
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    let (app, ticket, vendor, _, case) = escalated_to_rt(rt, home.path()).await;
    app.add_comment(CommentInput {
        ticket_id: ticket,
        body: "Клиент перезагрузил сервер, ошибка осталась.".into(),
        visibility: Visibility::Public,
    })
    .await
    .unwrap();
    deliver_all(&app, now()).await;
    let ours = rt_text_with(rt, &case, "ошибка осталась");
    assert!(ours.contains("[switchboard:"), "{ours}");

    // The vendor presses Reply with the quote (mail-client style, answer below the quote) ...
    let quoted: String = ours.lines().map(|l| format!("> {l}\n")).collect();
    rt_agent_reply(
        rt,
        &case,
        &format!("On Thu Dec 03 2026, root wrote:\n{quoted}\nПонятно, высылаем инженера на место."),
        "text/plain",
    );
    // ... and from RT's rich-text form, answer above the quote.
    let html_quote = ours.lines().map(|l| format!("{l}<br>")).collect::<String>();
    rt_agent_reply(
        rt,
        &case,
        &format!("<p>Инженер будет завтра в 10:00.</p><blockquote>{html_quote}</blockquote>"),
        "text/html",
    );
    let r = app.sync_vendor(vendor).await.unwrap();
    assert_eq!((r.comments_added, r.error.clone()), (2, None), "{r:?}");
    let from_vendor = vendor_comments(&app, ticket).await;
    let bodies: Vec<&str> = from_vendor.iter().map(|c| c.body.as_str()).collect();
    assert_eq!(
        bodies,
        [
            "Понятно, высылаем инженера на место.",
            "Инженер будет завтра в 10:00."
        ],
        "the vendor's words, the quote trimmed as in mail"
    );
    let card = app.card(ticket).await.unwrap();
    assert_eq!(
        card.comments
            .iter()
            .filter(|c| c.body.contains("ошибка осталась"))
            .count(),
        1,
        "our own comment still does not come back"
    );
}

/// The id of Redmine's issue behind a bond (its number without the `#`).
async fn redmine_issue(app: &sb_app::App, bond: i64) -> String {
    let b = app.bond(bond).await.unwrap();
    b.case_number.unwrap().trim_start_matches('#').to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vendor_reply_quoting_our_note_is_heard_at_redmine() {
    let rm = tokio::task::spawn_blocking(Redmine::shared).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let (app, ticket) = desk(home.path()).await;
    let v = app
        .create_vendor(vendor_input(
            "Redmine Partner",
            "redmine",
            &[("base_url", &rm.base_url), ("project", &rm.project)],
            &rm.api_key,
        ))
        .await
        .unwrap();
    let bond = escalated(&app, ticket, v.id).await;
    deliver_all(&app, now()).await;
    app.add_comment(CommentInput {
        ticket_id: ticket,
        body: "Драйвер обновлён, ошибка та же.".into(),
        visibility: Visibility::Public,
    })
    .await
    .unwrap();
    deliver_all(&app, now()).await;
    let id = redmine_issue(&app, bond.id).await;
    let issue_url = format!("{}/issues/{id}.json", rm.base_url);
    let (_, read) = call(
        "GET",
        &format!("{issue_url}?include=journals"),
        ("X-Redmine-API-Key", &rm.api_key),
        None,
    );
    let ours = read["issue"]["journals"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|j| j["notes"].as_str())
        .find(|n| n.contains("ошибка та же"))
        .expect("our note at Redmine")
        .replace("\r\n", "\n");
    // The vendor's agent presses Quote on our note, as Redmine's form writes it.
    let quoted: String = ours.lines().map(|l| format!("> {l}\n")).collect();
    let (status, _) = call(
        "PUT",
        &issue_url,
        ("X-Redmine-API-Key", &rm.agent_key),
        Some(json!({ "issue": {
            "notes": format!("Redmine Admin wrote in #note-1:\n{quoted}\nПришлите, пожалуйста, дамп памяти."),
            "private_notes": false,
        }})),
    );
    assert_eq!(status, 204);
    let r = app.sync_vendor(v.id).await.unwrap();
    assert_eq!((r.comments_added, r.error.clone()), (1, None), "{r:?}");
    let from_vendor = vendor_comments(&app, ticket).await;
    assert_eq!(from_vendor.len(), 1);
    assert_eq!(from_vendor[0].body, "Пришлите, пожалуйста, дамп памяти.");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telling_the_client_after_the_vendor_resolved_leaves_the_vendors_case_alone() {
    let rt = tokio::task::spawn_blocking(RequestTracker::shared)
        .await
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    let (app, ticket, vendor, bond, case) = escalated_to_rt(rt, home.path()).await;
    let (status, _) = rt_call(
        rt,
        "PUT",
        &format!("/ticket/{case}"),
        Some(json!({ "Status": "resolved" })),
    );
    assert_eq!(status, 200);
    app.sync_vendor(vendor).await.unwrap();
    assert_eq!(app.ticket(ticket).await.unwrap().status, Status::Open);
    assert!(!app.bond(bond).await.unwrap().takes_comments);

    // The engineer tells the client; by default it goes to the client alone.
    let told = app
        .add_comment(CommentInput {
            ticket_id: ticket,
            body: "Вендор заменил модуль памяти, проверьте, пожалуйста.".into(),
            visibility: Visibility::Public,
        })
        .await
        .unwrap();
    assert_eq!(told.audience, Some(Audience::Client));
    // Asking for the vendor too is refused with what to do instead.
    let refused = app
        .add_comment_to(
            CommentInput {
                ticket_id: ticket,
                body: "И вендору тоже".into(),
                visibility: Visibility::Public,
            },
            Some(Audience::Both),
        )
        .await
        .unwrap_err();
    assert_eq!(refused.field.as_deref(), Some("audience"), "{refused:?}");
    assert!(refused.message.contains("Reopen at vendor"), "{refused:?}");
    let r = app.deliver_vendor_outbox(now() + LATER).await.unwrap();
    assert_eq!(r.sent, 0, "nothing for the vendor: {r:?}");
    assert!(!rt_texts(rt, &case)
        .iter()
        .any(|t| t.contains("заменил модуль")));
    let (_, t) = rt_call(rt, "GET", &format!("/ticket/{case}"), None);
    assert_eq!(
        t["Status"], "resolved",
        "the vendor's case stays resolved: {t}"
    );
    app.sync_vendor(vendor).await.unwrap();
    assert_eq!(
        app.ticket(ticket).await.unwrap().status,
        Status::Open,
        "not back to waiting for the vendor"
    );

    // "Reopen at vendor" is what reopens it; then comments go to both again by default.
    app.reopen_bond(bond, "Ошибка вернулась после перезагрузки.")
        .await
        .unwrap();
    deliver_all(&app, now()).await;
    let (_, t) = rt_call(rt, "GET", &format!("/ticket/{case}"), None);
    assert_eq!(t["Status"], "open", "{t}");
    let both = app
        .add_comment(CommentInput {
            ticket_id: ticket,
            body: "Ждём инженера.".into(),
            visibility: Visibility::Public,
        })
        .await
        .unwrap();
    assert_eq!(both.audience, Some(Audience::Both));
    let vendor_only = app
        .add_comment_to(
            CommentInput {
                ticket_id: ticket,
                body: "Только для вендора: серийный номер 7Z00-A1.".into(),
                visibility: Visibility::Public,
            },
            Some(Audience::Vendor),
        )
        .await
        .unwrap();
    assert_eq!(vendor_only.audience, Some(Audience::Vendor));
    // One message of a case at a time: two rounds.
    deliver_all(&app, now()).await;
    deliver_all(&app, now()).await;
    let texts = rt_texts(rt, &case);
    assert!(texts.iter().any(|t| t.contains("Ждём инженера.")));
    assert!(texts.iter().any(|t| t.contains("7Z00-A1")));
}

/// Issues in a Redmine project, counted with admin's key.
fn redmine_issue_count(rm: &Redmine, project: &str) -> u64 {
    let (status, v) = call(
        "GET",
        &format!(
            "{}/issues.json?project_id={project}&status_id=*&limit=1",
            rm.base_url
        ),
        ("X-Redmine-API-Key", &rm.api_key),
        None,
    );
    assert_eq!(status, 200, "{v}");
    v["total_count"].as_u64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_redmine_key_never_escalates_as_anonymous() {
    let rm = tokio::task::spawn_blocking(Redmine::shared).await.unwrap();
    // The setup made a public project where Anonymous may add issues: a wrong key there
    // would silently become Anonymous.
    let (status, anonymous) = call(
        "GET",
        &format!("{}/projects/{PUBLIC_PROJECT}.json", rm.base_url),
        ("X-Redmine-API-Key", "wrong-key-0000"),
        None,
    );
    assert_eq!(
        status, 200,
        "anonymous reads the public project: {anonymous}"
    );
    let home = tempfile::tempdir().unwrap();
    let (app, ticket) = desk(home.path()).await;
    let before = redmine_issue_count(rm, PUBLIC_PROJECT);

    let public = app
        .create_vendor(vendor_input(
            "Redmine public, wrong key",
            "redmine",
            &[("base_url", &rm.base_url), ("project", PUBLIC_PROJECT)],
            "wrong-key-0000",
        ))
        .await
        .unwrap();
    let check = app.test_vendor(public.id).await.unwrap();
    assert_eq!(check.class, "bad_credentials", "{check:?}");
    let bond = escalated(&app, ticket, public.id).await;
    let r = app.deliver_vendor_outbox(now()).await.unwrap();
    assert_eq!(r.dead, 1, "a person fixes the key: {r:?}");
    let dead = app.vendor_outbox(Some(OutboxState::Dead)).await.unwrap();
    assert_eq!(
        dead[0].error_class.map(|c| c.as_str()),
        Some("bad_credentials")
    );
    assert!(
        !dead[0].last_error.as_deref().unwrap().contains("wrong-key"),
        "{dead:?}"
    );
    assert_eq!(app.bond(bond.id).await.unwrap().state, "failed");
    assert_eq!(
        redmine_issue_count(rm, PUBLIC_PROJECT),
        before,
        "no issue written as Anonymous"
    );

    // On the private project the same key said "HTTP 422: Project cannot be blank".
    let (_, second) = desk_ticket(&app, "Второй тикет").await;
    let private = app
        .create_vendor(vendor_input(
            "Redmine private, wrong key",
            "redmine",
            &[("base_url", &rm.base_url), ("project", &rm.project)],
            "wrong-key-0000",
        ))
        .await
        .unwrap();
    escalated(&app, second, private.id).await;
    app.deliver_vendor_outbox(now()).await.unwrap();
    let dead = app.vendor_outbox(Some(OutboxState::Dead)).await.unwrap();
    let m = dead.iter().find(|m| m.ticket_id == second).unwrap();
    assert_eq!(
        m.error_class.map(|c| c.as_str()),
        Some("bad_credentials"),
        "{m:?}"
    );
    assert!(!m.last_error.as_deref().unwrap().contains("422"), "{m:?}");

    // The right key: the account is learnt; a key of another account than the one the vendor
    // was set up with (another desk's keychain) is refused before anything is written.
    let right = app
        .create_vendor(vendor_input(
            "Redmine public, right key",
            "redmine",
            &[("base_url", &rm.base_url), ("project", PUBLIC_PROJECT)],
            &rm.api_key,
        ))
        .await
        .unwrap();
    assert!(app.test_vendor(right.id).await.unwrap().ok);
    assert_eq!(
        app.vendor(right.id).await.unwrap().account.as_deref(),
        Some("admin")
    );
    sqlx::query("UPDATE vendors SET account = 'vendor-agent' WHERE id = $1")
        .bind(right.id)
        .execute(app.store().pool())
        .await
        .unwrap();
    let (_, third) = desk_ticket(&app, "Третий тикет").await;
    escalated(&app, third, right.id).await;
    let r = app.deliver_vendor_outbox(now()).await.unwrap();
    assert_eq!(r.dead, 1, "{r:?}");
    let dead = app.vendor_outbox(Some(OutboxState::Dead)).await.unwrap();
    let m = dead.iter().find(|m| m.ticket_id == third).unwrap();
    assert_eq!(m.error_class.map(|c| c.as_str()), Some("bad_credentials"));
    assert!(
        m.last_error.as_deref().unwrap().contains("vendor-agent"),
        "{m:?}"
    );
    let ru = m.last_error_msg.as_ref().unwrap().render(sb_i18n::Lang::Ru);
    assert!(
        ru.contains("учётные данные входят как «admin», а вендор Redmine public, right key настроен на «vendor-agent»"),
        "{ru}"
    );
    assert_eq!(redmine_issue_count(rm, PUBLIC_PROJECT), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_deleted_in_request_tracker_is_noticed() {
    let rt = tokio::task::spawn_blocking(RequestTracker::shared)
        .await
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    let (app, ticket, vendor, bond, case) = escalated_to_rt(rt, home.path()).await;
    let r = app.sync_vendor(vendor).await.unwrap();
    assert_eq!(r.cases_gone, 0, "{r:?}");
    assert_eq!(
        app.ticket(ticket).await.unwrap().status,
        Status::PendingVendor
    );

    // The vendor deletes its ticket (RT keeps it, hidden from every search).
    let (status, said) = rt_call(
        rt,
        "PUT",
        &format!("/ticket/{case}"),
        Some(json!({ "Status": "deleted" })),
    );
    assert_eq!(status, 200, "{said}");
    let r = app.sync_vendor(vendor).await.unwrap();
    assert_eq!(
        (
            r.cases_gone,
            r.cases_changed,
            r.tickets_moved,
            r.error.clone()
        ),
        (1, 1, 1, None),
        "{r:?}"
    );
    let b = app.bond(bond).await.unwrap();
    assert!(b.gone_at.is_some(), "{b:?}");
    assert_eq!(b.state, "closed");
    assert_eq!(
        app.ticket(ticket).await.unwrap().status,
        Status::Open,
        "back to an engineer, not waiting on a case that is no more"
    );
    let v = app.vendor(vendor).await.unwrap();
    assert_eq!(v.gone_cases, 1, "the Vendors view says so");
    let card = app.card(ticket).await.unwrap();
    assert!(card
        .audit
        .iter()
        .any(|a| a.field == "vendor_case" && a.new_value.as_deref() == Some("gone")));
    // Noticed once; the ticket may go to the vendor again.
    let again = app.sync_vendor(vendor).await.unwrap();
    assert_eq!((again.cases_gone, again.cases_changed), (0, 0), "{again:?}");
    escalated(&app, ticket, vendor).await;
    assert_eq!(app.vendor(vendor).await.unwrap().gone_cases, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_issue_deleted_in_redmine_is_noticed() {
    let rm = tokio::task::spawn_blocking(Redmine::shared).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let (app, ticket) = desk(home.path()).await;
    let v = app
        .create_vendor(vendor_input(
            "Redmine Partner",
            "redmine",
            &[("base_url", &rm.base_url), ("project", &rm.project)],
            &rm.api_key,
        ))
        .await
        .unwrap();
    let bond = escalated(&app, ticket, v.id).await;
    deliver_all(&app, now()).await;
    let id = redmine_issue(&app, bond.id).await;
    let (status, _): (u16, Value) = call(
        "DELETE",
        &format!("{}/issues/{id}.json", rm.base_url),
        ("X-Redmine-API-Key", &rm.api_key),
        None,
    );
    assert_eq!(status, 204);
    let r = app.sync_vendor(v.id).await.unwrap();
    assert_eq!((r.cases_gone, r.error.clone()), (1, None), "{r:?}");
    assert!(app.bond(bond.id).await.unwrap().gone_at.is_some());
    assert_eq!(app.ticket(ticket).await.unwrap().status, Status::Open);
}

on_both_backends!(what_the_vendor_wrote_is_kept_on_both_backends);

/// The store's side of issue 12 on SQLite and PostgreSQL alike: a comment's audience, no empty
/// comment added, a repeat read writing nothing, an empty one mended, the ids of our comments,
/// the vendor's account, and a case gone at the vendor.
async fn what_the_vendor_wrote_is_kept_on_both_backends(store: &sb_store::Store) {
    use sb_domain::vendor::{BondState, VendorStatus};
    use sb_domain::{Channel, Level, Role};
    use sb_store::{BondUpdate, Escalation, VendorWrite};

    const T0: i64 = 1_700_000_000_000;
    let me = store
        .create_user("Анна Петрова", Role::Engineer, T0)
        .await
        .unwrap();
    let client = store
        .create_client(&crate::store::client_write("ACME", "Acme", None, &[]), T0)
        .await
        .unwrap();
    let t = store
        .create_ticket(
            &crate::store::new_ticket(client, me.id, "Диск", Level::High, Level::High, "hardware"),
            T0,
        )
        .await
        .unwrap();
    let vendor = store
        .create_vendor(
            &VendorWrite {
                name: "Партнёр".into(),
                directions: "[]".into(),
                kind: "request_tracker".into(),
                settings: r#"{"base_url":"https://rt.example","queue":"General"}"#.into(),
                sla: "{}".into(),
                contacts: "[]".into(),
                per_minute: 60,
                enabled: true,
            },
            T0,
        )
        .await
        .unwrap();
    let bond = store
        .escalate(&Escalation {
            ticket_id: t,
            vendor_id: vendor,
            payload: "{}",
            status: None,
            note: None,
            actor: me.id,
            now: T0 + 1,
        })
        .await
        .unwrap();
    let create = store
        .vendor_outbox_due(None, T0 + 1, 10)
        .await
        .unwrap()
        .remove(0);
    assert!(store
        .claim_vendor_message(&create, T0 + 1000)
        .await
        .unwrap());
    store
        .bond_opened(bond, "88", "88", None, T0 + 2)
        .await
        .unwrap();
    store
        .vendor_message_sent(&create, None, T0 + 2)
        .await
        .unwrap();

    // Whom a public comment is for: the client alone queues nothing for the vendor.
    let to_client = store
        .add_comment_for(
            t,
            me.id,
            "Клиенту",
            Visibility::Public,
            Channel::Desktop,
            Some(Audience::Client),
            None,
            T0 + 3,
        )
        .await
        .unwrap();
    assert_eq!(store.bond(bond).await.unwrap().unwrap().pending, 0);
    assert_eq!(
        store.comment(to_client).await.unwrap().unwrap().audience,
        Some(Audience::Client)
    );
    store
        .add_comment_for(
            t,
            me.id,
            "Вендору",
            Visibility::Public,
            Channel::Desktop,
            Some(Audience::Vendor),
            None,
            T0 + 4,
        )
        .await
        .unwrap();
    let m = store
        .vendor_outbox_due(None, T0 + 4, 10)
        .await
        .unwrap()
        .remove(0);
    assert!(store.claim_vendor_message(&m, T0 + 1000).await.unwrap());
    store
        .vendor_message_sent(&m, Some("c-9"), T0 + 5)
        .await
        .unwrap();
    assert_eq!(store.our_comment_ids(bond).await.unwrap(), ["c-9"]);

    // An empty reply is never added; a repeat read writes nothing.
    let author = store.system_user("vendor", "Vendor", T0).await.unwrap();
    let update = |comments, now| BondUpdate {
        bond_id: bond,
        status_raw: "open",
        status: VendorStatus::Open,
        state: BondState::Open,
        comments,
        author: author.id,
        ticket: None,
        now,
    };
    let empty = [(
        "601".to_string(),
        "Агент".to_string(),
        "  \n".to_string(),
        T0 + 6,
    )];
    let first = store
        .apply_bond_update(&update(&empty, T0 + 7))
        .await
        .unwrap();
    assert!(first.changed && first.added == 0, "{first:?}");
    let again = store
        .apply_bond_update(&update(&empty, T0 + 8))
        .await
        .unwrap();
    assert!(!again.changed, "{again:?}");

    // One taken in empty by an earlier build is mended.
    let words = [(
        "602".to_string(),
        "Агент".to_string(),
        "Замените диск".to_string(),
        T0 + 9,
    )];
    let added = store
        .apply_bond_update(&update(&words, T0 + 10))
        .await
        .unwrap();
    assert_eq!((added.added, added.mended), (1, 0));
    sqlx::query("UPDATE comments SET body = '' WHERE body = 'Замените диск'")
        .execute(store.pool())
        .await
        .unwrap();
    assert_eq!(
        store.bonds_with_empty_replies(vendor).await.unwrap(),
        [bond]
    );
    let mended = store
        .apply_bond_update(&update(&words, T0 + 11))
        .await
        .unwrap();
    assert_eq!((mended.changed, mended.added, mended.mended), (true, 0, 1));
    assert!(store
        .bonds_with_empty_replies(vendor)
        .await
        .unwrap()
        .is_empty());

    // The account the credentials sign in as, learnt and forgotten.
    store
        .set_vendor_account(vendor, Some("root"))
        .await
        .unwrap();
    let v = store.vendor(vendor).await.unwrap().unwrap();
    assert_eq!(v.account.as_deref(), Some("root"));
    store.set_vendor_account(vendor, None).await.unwrap();
    assert_eq!(store.vendor(vendor).await.unwrap().unwrap().account, None);

    // The case is gone at the vendor: marked once, no longer followed, nothing left to send.
    store
        .add_comment_for(
            t,
            me.id,
            "Ещё вендору",
            Visibility::Public,
            Channel::Desktop,
            Some(Audience::Both),
            None,
            T0 + 12,
        )
        .await
        .unwrap();
    store
        .bond_gone(bond, None, author.id, T0 + 13)
        .await
        .unwrap();
    store
        .bond_gone(bond, None, author.id, T0 + 14)
        .await
        .unwrap();
    let b = store.bond(bond).await.unwrap().unwrap();
    assert_eq!(
        (b.state.as_str(), b.gone_at, b.pending, b.dead),
        ("closed", Some(T0 + 13), 0, 1)
    );
    assert_eq!(store.vendor(vendor).await.unwrap().unwrap().gone_bonds, 1);
    assert!(store.bonds_to_sync(vendor).await.unwrap().is_empty());
    let gone_lines = store
        .audit_trail(t)
        .await
        .unwrap()
        .into_iter()
        .filter(|a| a.new_value.as_deref() == Some("gone"))
        .count();
    assert_eq!(gone_lines, 1, "noticed once");
}

/// Channels that never stall (issue 15): of two cases at Request Tracker, the workspace refuses
/// one reply (a test trigger stands for any refused row). The other case's reply arrives in the
/// same sync; the refused one is told on the vendor and read again at the next sync, where it
/// arrives once the cause is gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_vendor_reply_is_told_and_the_other_cases_sync_on() {
    use sqlx::Executor;
    let rt = tokio::task::spawn_blocking(RequestTracker::shared)
        .await
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    let (app, ticket, vendor, _, case) = escalated_to_rt(rt, home.path()).await;
    let (_, other_ticket) = desk_ticket(&app, "Second array degraded").await;
    escalated(&app, other_ticket, vendor).await;
    deliver_all(&app, now()).await;
    let bonds = app.ticket_bonds(other_ticket).await.unwrap();
    let other_case = bonds[0].case_number.clone().unwrap();
    app.store()
        .pool()
        .execute(
            "CREATE TRIGGER test_refuse BEFORE INSERT ON comments WHEN NEW.body LIKE '%POISON%' \
             BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END;",
        )
        .await
        .unwrap();
    rt_agent_reply(
        rt,
        &case,
        "POISON: the workspace refuses this one",
        "text/plain",
    );
    rt_agent_reply(
        rt,
        &other_case,
        "Replace the controller battery.",
        "text/plain",
    );

    let r = app.sync_vendor(vendor).await.unwrap();
    assert_eq!((r.comments_added, r.refusals.len()), (1, 1), "{r:?}");
    assert!(
        r.refusals[0]
            .english()
            .contains("refused by the test trigger"),
        "{r:?}"
    );
    assert!(vendor_comments(&app, other_ticket)
        .await
        .iter()
        .any(|c| c.body.contains("controller battery")));
    let v = app.vendor(vendor).await.unwrap();
    assert!(
        v.last_sync_error
            .as_deref()
            .is_some_and(|e| e.contains("read again at the next sync")),
        "{v:?}"
    );
    // The reasons are messages too: a Russian reader reads the case and why in Russian.
    assert_eq!(r.refusals[0].id, "vendor-sync-refused-case", "{r:?}");
    let ru = v
        .last_sync_error_msg
        .as_ref()
        .unwrap()
        .render(sb_i18n::Lang::Ru);
    assert!(
        ru.starts_with("рабочее пространство не приняло 1 изменение обращения")
            && ru.contains(": обращение ")
            && ru.contains("refused by the test trigger"),
        "{ru}"
    );

    // Every vendor synced at once: the refusal is read again, refused again, and counted in the
    // whole report with its vendor's name.
    let all = app.sync_vendors().await.unwrap();
    assert_eq!(all.refusals.len(), 1, "{all:?}");
    let said = all.refusals[0].english();
    assert!(
        said.starts_with("RT Partner: case ")
            && said.ends_with(": database error: refused by the test trigger (code 1811)"),
        "{said}"
    );
    let ru = all.refusals[0].render(sb_i18n::Lang::Ru);
    assert!(ru.starts_with("RT Partner: обращение "), "{ru}");

    // The cause is fixed: the next sync reads the refused reply again and it arrives, once.
    app.store()
        .pool()
        .execute("DROP TRIGGER test_refuse")
        .await
        .unwrap();
    let r = app.sync_vendor(vendor).await.unwrap();
    assert_eq!((r.comments_added, r.refusals.len()), (1, 0), "{r:?}");
    let arrived = vendor_comments(&app, ticket).await;
    assert_eq!(
        arrived.iter().filter(|c| c.body.contains("POISON")).count(),
        1,
        "{arrived:?}"
    );
}

/// The workspace failing while a vendor syncs (a table the sync reads gone, standing for any
/// database failure) is the workspace's error, as in delivery: the sync fails with it, and
/// nothing is told on the vendor as if its settings were wrong.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_failure_during_a_sync_is_not_blamed_on_the_vendor() {
    use sqlx::Executor;
    let rt = tokio::task::spawn_blocking(RequestTracker::shared)
        .await
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    let (app, _, vendor, _, _) = escalated_to_rt(rt, home.path()).await;
    app.store()
        .pool()
        .execute("ALTER TABLE bond_comments RENAME TO bond_comments_away")
        .await
        .unwrap();

    let e = app
        .sync_vendor(vendor)
        .await
        .expect_err("the workspace's own failure");
    assert!(e.message.contains("bond_comments"), "{e:?}");
    let v = app.vendor(vendor).await.unwrap();
    assert_eq!(v.last_sync_error, None, "{v:?}");
}

on_both_databases!(a_database_failure_behind_the_email_connector_is_not_blamed_on_the_vendor);

/// The email connector's mailer reads the mailboxes from the workspace's database; that read
/// failing (the table gone, standing for any database failure) is the workspace's error, not
/// the vendor's settings: "Test connection" and the delivery round fail with the database's
/// own words, the escalation's message stays as it was (not failed, no dead letter, its
/// attempts unchanged) and nothing is told on the vendor. The database back, the mailbox the
/// vendor names is missing indeed: that one is the settings failure it is.
async fn a_database_failure_behind_the_email_connector_is_not_blamed_on_the_vendor(
    database: String,
    home: &std::path::Path,
) {
    use sqlx::Executor;
    let (app, ticket) = desk_on(home, &database).await;
    let mut input = vendor_input(
        "Storage partner",
        "email",
        &[("to", "support@partner.example"), ("mailbox", "Support")],
        "",
    );
    input.secret = None;
    let vendor = app.create_vendor(input).await.unwrap();
    let check = app.test_vendor(vendor.id).await.unwrap();
    assert_eq!(
        (check.ok, check.class.as_str(), check.msg.id.as_str()),
        (false, "settings", "vendor-config-no-mailbox"),
        "no mailbox of that name yet: {check:?}"
    );
    let bond = escalated(&app, ticket, vendor.id).await;
    let the_message = || async {
        let all = app.vendor_outbox(None).await.unwrap();
        all.into_iter()
            .find(|m| m.bond_id == bond.id)
            .expect("the create message")
    };
    let before = the_message().await;
    assert_eq!(before.state, OutboxState::Pending, "{before:?}");

    app.store()
        .pool()
        .execute("ALTER TABLE mailboxes RENAME TO mailboxes_away")
        .await
        .unwrap();
    let the_workspaces = |e: sb_app::ApiError| {
        let said = e.msg.clone().unwrap_or_else(|| panic!("no message: {e:?}"));
        assert_eq!(said.id, "db-error", "{e:?}");
        assert!(e.message.contains("mailboxes"), "{e:?}");
        let ru = said.render(sb_i18n::Lang::Ru);
        assert!(ru.starts_with("ошибка базы данных: "), "{ru}");
    };
    the_workspaces(
        app.test_vendor(vendor.id)
            .await
            .expect_err("the workspace's own failure, no verdict on the vendor"),
    );
    the_workspaces(
        app.deliver_vendor_outbox(now())
            .await
            .expect_err("the workspace's own failure"),
    );
    let after = the_message().await;
    assert_eq!(after, before, "as it was");
    assert_eq!(app.bond(bond.id).await.unwrap().state, "pending");
    let v = app.vendor(vendor.id).await.unwrap();
    assert_eq!((v.last_sync_error, v.last_sync_error_msg), (None, None));

    app.store()
        .pool()
        .execute("ALTER TABLE mailboxes_away RENAME TO mailboxes")
        .await
        .unwrap();
    let r = app.deliver_vendor_outbox(now() + LATER).await.unwrap();
    assert_eq!((r.sent, r.dead), (0, 1), "{r:?}");
    let dead = the_message().await;
    assert_eq!(
        (
            dead.state,
            dead.attempts,
            dead.error_class,
            dead.last_error_msg.map(|m| m.id)
        ),
        (
            OutboxState::Dead,
            before.attempts + 1,
            Some(sb_domain::delivery::FailureClass::Settings),
            Some("vendor-config-no-mailbox".to_string())
        )
    );
}

/// A sync that cannot run says why as a message (item: stored sentences in the reader's
/// language): the vendor's own report and the report of every vendor at once both carry it,
/// and a Russian reader gets it in Russian.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_sync_says_why_in_the_readers_language() {
    let rt = tokio::task::spawn_blocking(RequestTracker::shared)
        .await
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    let (app, _, vendor, _, _) = escalated_to_rt(rt, home.path()).await;
    // Another address without a new secret: the secret is forgotten, and the sync stops.
    let mut moved = rt_vendor("http://127.0.0.1:1", rt, "RT Partner");
    moved.secret = None;
    app.update_vendor(vendor, moved).await.unwrap();

    let r = app.sync_vendor(vendor).await.unwrap();
    let said = r.error_msg.clone().unwrap_or_else(|| panic!("{r:?}"));
    assert_eq!(said.id, "vendor-config-secret-forgotten", "{r:?}");
    assert_eq!(r.error.as_deref(), Some(said.english().as_str()));
    let ru = said.render(sb_i18n::Lang::Ru);
    assert!(
        ru.starts_with("сохранённый секрет вендора RT Partner забыт, потому что изменились"),
        "{ru}"
    );
    // Kept on the vendor as the message, so the window words it too.
    let v = app.vendor(vendor).await.unwrap();
    assert_eq!(v.last_sync_error_msg.as_ref(), Some(&said), "{v:?}");

    let all = app.sync_vendors().await.unwrap();
    let said = all.error_msg.clone().unwrap_or_else(|| panic!("{all:?}"));
    assert_eq!(said.id, "vendor-sync-failed");
    assert!(
        said.english()
            .starts_with("RT Partner: the stored secret of RT Partner was forgotten"),
        "{all:?}"
    );
    assert_eq!(all.error.as_deref(), Some(said.english().as_str()));
    assert!(said
        .render(sb_i18n::Lang::Ru)
        .starts_with("RT Partner: сохранённый секрет вендора RT Partner забыт"));
}
