//! Mail from strangers (issue 17): a subject tag or References threads a message onto a
//! ticket only for the ticket's requester and its client's contacts; an attachment's name
//! loses its bidirectional controls, and one that can run opens only when confirmed.

use sb_app::{App, ErrorCode, StatusInput};
use sb_domain::attachment::Runnable;
use sb_domain::{MailProblem, Status, TicketNumber};

use super::channel::{client, mailbox_input, open_app, open_app_on, reply, ticket_of};
use crate::util::peers;

#[tokio::test(flavor = "multi_thread")]
async fn a_forged_ticket_tag_waits_in_triage_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path()).await;
    spoof_story(&app).await;
    // The CLI's list says why a message waits (the forged one was dismissed: import another).
    let mb = app.mailboxes().await.unwrap()[0].id;
    let vpn = app
        .store()
        .mail_in_state(sb_store::MailState::Comment, None, 10)
        .await
        .unwrap()[0]
        .ticket_id
        .unwrap();
    let forged = reply(
        "mallory@evil.example",
        "forged2@evil.example",
        &format!("[{}] hi", TicketNumber(vpn)),
        None,
        "x",
    );
    app.import_mail(mb, &[forged]).await.unwrap();
    let listed = sb(dir.path(), &["mail", "triage"]);
    assert!(listed.status.success(), "{listed:?}");
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(text.contains("may be forged"), "{text}");
}

/// `sb` on the test's SQLite workspace.
fn sb(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let db = dir.join("switchboard.db");
    std::process::Command::new(crate::work::sb_binary())
        .arg("--db")
        .arg(&db)
        .args(args)
        .env("SWITCHBOARD_HOME", dir.join("home"))
        .current_dir(dir)
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_forged_ticket_tag_waits_in_triage_on_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::util::pg::pg_url_for_new_database();
    spoof_story(&open_app_on(dir.path(), &url).await).await;
}

async fn spoof_story(app: &App) {
    let acme = client(app, "ACME", "ann.lee@example.com").await;
    client(app, "EVIL", "mallory@evil.example").await;
    let mb = app
        .create_mailbox(mailbox_input("holes-spoof", peers::smtp().port))
        .await
        .unwrap();
    // Carol is no contact: her mail finds ACME by its domain, and she is the requester.
    let question = reply(
        "carol@example.com",
        "q1@example.com",
        "VPN drops",
        None,
        "VPN drops hourly.",
    );
    let r = app.import_mail(mb.id, &[question]).await.unwrap();
    assert_eq!(r.tickets, 1, "{r:?}");
    let vpn = ticket_of(app, "q1@example.com").await;
    assert_eq!(app.ticket(vpn).await.unwrap().client_id, acme);
    app.change_status(StatusInput {
        ticket_id: vpn,
        to: Status::Resolved,
        note: Some("Replaced the router".into()),
        version: app.ticket(vpn).await.unwrap().version,
    })
    .await
    .unwrap();
    let tag = format!("Re: [{}] VPN drops", TicketNumber(vpn));
    let comments = app.card(vpn).await.unwrap().comments.len();

    // A stranger naming the ticket in the subject, and another answering by References:
    // neither writes on it nor reopens it; both wait in triage, marked.
    let forged = reply(
        "mallory@evil.example",
        "forged@evil.example",
        &tag,
        None,
        "Our bank details changed, pay to account 666.",
    );
    let referenced = reply(
        "eve@elsewhere.example",
        "ref@elsewhere.example",
        "Re: VPN drops",
        Some("q1@example.com"),
        "Click here.",
    );
    let r = app.import_mail(mb.id, &[forged, referenced]).await.unwrap();
    assert_eq!((r.comments, r.tickets, r.triage), (0, 0, 2), "{r:?}");
    assert_eq!(app.ticket(vpn).await.unwrap().status, Status::Resolved);
    assert_eq!(app.card(vpn).await.unwrap().comments.len(), comments);
    let triage = app.triage().await.unwrap();
    assert_eq!(triage.len(), 2);
    let held = |from: &str| {
        triage
            .iter()
            .find(|m| m.from_email.as_deref() == Some(from))
            .unwrap_or_else(|| panic!("{from} is not in triage: {triage:?}"))
            .clone()
    };
    let mallory = held("mallory@evil.example");
    assert_eq!(
        mallory.problem,
        Some(MailProblem::PossibleSpoof {
            ticket: TicketNumber(vpn).to_string(),
            sender: "mallory@evil.example".into(),
        })
    );
    assert!(
        mallory
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("may be forged")),
        "{mallory:?}"
    );
    let eve = held("eve@elsewhere.example");
    assert!(matches!(
        eve.problem,
        Some(MailProblem::PossibleSpoof { .. })
    ));

    // The requester's tagged reply and a contact's still thread (and reopen it).
    let carol = reply("carol@example.com", "c2@example.com", &tag, None, "Again.");
    let ann = reply(
        "Ann.Lee@Example.com",
        "a2@example.com",
        "Re: VPN drops",
        Some("q1@example.com"),
        "Here too.",
    );
    let r = app.import_mail(mb.id, &[carol]).await.unwrap();
    assert_eq!((r.comments, r.triage), (1, 0), "{r:?}");
    assert_eq!(app.ticket(vpn).await.unwrap().status, Status::Open);
    let r = app.import_mail(mb.id, &[ann]).await.unwrap();
    assert_eq!((r.comments, r.triage), (1, 0), "{r:?}");

    // A person who knows Eve puts her message onto the ticket; Mallory's is dismissed.
    let onto = app.accept_onto_ticket(eve.id).await.unwrap();
    assert_eq!(onto.id, vpn);
    let card = app.card(vpn).await.unwrap();
    assert_eq!(card.comments.len(), comments + 3);
    assert!(card.comments.iter().any(|c| c.body == "Click here."
        && c.sender.as_deref() == Some("Ann Lee <eve@elsewhere.example>")));
    let again = app.accept_onto_ticket(eve.id).await.unwrap_err();
    assert_eq!(again.code, ErrorCode::Conflict, "{again:?}");
    app.dismiss_waiting(mallory.id).await.unwrap();
    assert!(app.triage().await.unwrap().is_empty());
    assert_eq!(app.card(vpn).await.unwrap().comments.len(), comments + 3);
}

/// A mail with a file whose name hides `.exe` behind a right-to-left override.
fn with_attachment(name: &str, content_type: &str) -> Vec<u8> {
    format!(
        "From: Ann Lee <ann.lee@example.com>\r\nTo: desk@provider.example\r\n\
         Subject: Invoice\r\nMessage-ID: <inv-{}@example.com>\r\n\
         Date: Tue, 16 Jan 2024 09:00:00 +0300\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the file.\r\n\
         --b\r\nContent-Type: {content_type}\r\n\
         Content-Disposition: attachment; filename*=utf-8''{}\r\n\
         Content-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA\r\n--b--\r\n",
        name.len(),
        percent(name),
    )
    .into_bytes()
}

fn percent(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_that_can_run_opens_only_when_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path()).await;
    client(&app, "ACME", "ann.lee@example.com").await;
    let mb = app
        .create_mailbox(mailbox_input("holes-files", peers::smtp().port))
        .await
        .unwrap();
    let mail = with_attachment("invoice\u{202E}fdp.exe", "application/pdf");
    let r = app.import_mail(mb.id, &[mail]).await.unwrap();
    assert_eq!(r.tickets, 1, "{r:?}");
    let id = ticket_of(
        &app,
        &format!("inv-{}@example.com", "invoice\u{202E}fdp.exe".len()),
    )
    .await;
    let files = app.ticket_email(id).await.unwrap().attachments;
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].file_name, "invoicefdp.exe");
    assert_eq!(
        files[0].runnable,
        Some(Runnable::Extension {
            extension: "exe".into()
        })
    );
    std::env::set_var("SWITCHBOARD_OPENER", "");
    let refused = app.open_attachment(files[0].id, false).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::InvalidInput);
    assert!(refused.message.contains("invoicefdp.exe"), "{refused:?}");
    assert!(refused.message.contains(".exe"), "{refused:?}");
    let opened = app.open_attachment(files[0].id, true).await.unwrap();
    assert!(opened.path.ends_with("invoicefdp.exe"), "{opened:?}");

    // The CLI saves it only with --yes, under the cleaned name.
    let id = files[0].id.to_string();
    let refused = sb(dir.path(), &["mail", "attachment", &id]);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("--yes") && said.contains(".exe"), "{said}");
    assert!(!dir.path().join("invoicefdp.exe").exists());
    let saved = sb(dir.path(), &["mail", "attachment", &id, "--yes"]);
    assert!(saved.status.success(), "{saved:?}");
    assert!(dir.path().join("invoicefdp.exe").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_public_mail_domain_never_finds_a_client_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    public_domain_story(&open_app(dir.path()).await).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_public_mail_domain_never_finds_a_client_on_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::util::pg::pg_url_for_new_database();
    public_domain_story(&open_app_on(dir.path(), &url).await).await;
}

async fn public_domain_story(app: &App) {
    // ACME's only contact writes from gmail.com; before the list, every gmail.com sender
    // became ACME's.
    let acme = client(app, "ACME", "ann@gmail.com").await;
    let mb = app
        .create_mailbox(mailbox_input("holes-domains", peers::smtp().port))
        .await
        .unwrap();
    let domains = app.public_mail_domains().await.unwrap();
    for d in ["gmail.com", "mail.ru", "yandex.ru", "outlook.com"] {
        assert!(domains.iter().any(|x| x == d), "{d} is not listed");
    }
    let stranger = reply("bob@gmail.com", "b1@gmail.com", "Help", None, "Hi.");
    let contact = reply("ann@gmail.com", "a1@gmail.com", "Printer", None, "Jams.");
    let r = app.import_mail(mb.id, &[stranger, contact]).await.unwrap();
    assert_eq!((r.tickets, r.triage), (1, 1), "{r:?}");
    let printer = ticket_of(app, "a1@gmail.com").await;
    assert_eq!(app.ticket(printer).await.unwrap().client_id, acme);
    let triage = app.triage().await.unwrap();
    assert_eq!(triage[0].from_email.as_deref(), Some("bob@gmail.com"));

    // The list is edited: one spelling, checked, and taking a domain off maps it again.
    let after = app.add_public_mail_domain(" @Corp.Example ").await.unwrap();
    assert!(after.iter().any(|d| d == "corp.example"));
    let bad = app
        .add_public_mail_domain("not a domain")
        .await
        .unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidInput);
    let after = app.remove_public_mail_domain("GMAIL.com").await.unwrap();
    assert!(!after.iter().any(|d| d == "gmail.com"));
    let missing = app
        .remove_public_mail_domain("gmail.com")
        .await
        .unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);
    let later = reply("carl@gmail.com", "c1@gmail.com", "Scanner", None, "Dead.");
    let r = app.import_mail(mb.id, &[later]).await.unwrap();
    assert_eq!(r.tickets, 1, "{r:?}");
    assert_eq!(
        app.ticket(ticket_of(app, "c1@gmail.com").await)
            .await
            .unwrap()
            .client_id,
        acme
    );
}

/// Regression: two replies to one resolved ticket in the same import run. The first reopens
/// it inside the run's transaction; the second read the ticket as last committed (resolved),
/// tried to reopen it again, was refused, and landed in quarantine instead of on the ticket.
#[tokio::test(flavor = "multi_thread")]
async fn regression_two_replies_to_a_resolved_ticket_in_one_run_both_land_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path()).await;
    client(&app, "ACME", "ann.lee@example.com").await;
    let mb = app
        .create_mailbox(mailbox_input("holes-two-replies", 1))
        .await
        .unwrap();
    let question = reply(
        "ann.lee@example.com",
        "two-q@example.com",
        "Scanner jams",
        None,
        "The scanner jams.",
    );
    app.import_mail(mb.id, &[question]).await.unwrap();
    let scanner = ticket_of(&app, "two-q@example.com").await;
    app.change_status(StatusInput {
        ticket_id: scanner,
        to: Status::Resolved,
        note: Some("Cleaned the rollers".into()),
        version: app.ticket(scanner).await.unwrap().version,
    })
    .await
    .unwrap();
    let comments = app.card(scanner).await.unwrap().comments.len();
    let tag = format!("Re: [{}] Scanner jams", TicketNumber(scanner));
    let first = reply(
        "ann.lee@example.com",
        "two-a1@example.com",
        &tag,
        None,
        "It jams again.",
    );
    let second = reply(
        "ann.lee@example.com",
        "two-a2@example.com",
        &tag,
        None,
        "And once more, on page two.",
    );
    let r = app.import_mail(mb.id, &[first, second]).await.unwrap();
    assert_eq!((r.comments, r.quarantined, r.triage), (2, 0, 0), "{r:?}");
    assert!(app.quarantine().await.unwrap().is_empty());
    assert_eq!(
        app.card(scanner).await.unwrap().comments.len(),
        comments + 2
    );
    assert_ne!(app.ticket(scanner).await.unwrap().status, Status::Resolved);
}
