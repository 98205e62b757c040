//! Issue 11 in the real window: two messages that came through the real IMAP server wait in
//! quarantine: one in windows-1251 without a charset (too short for a confident guess), one
//! with no sender address. The first is read again in windows-1251, accepted for a client and
//! direction, and becomes a ticket whose card tells the charset chosen; the second is
//! dismissed.

use super::Driver;
use crate::email::channel::{append, mailbox_input, new_folder};
use crate::util::peers;

#[test]
#[ignore = "end to end in the real window: `make test` runs it under Xvfb"]
fn a_quarantined_message_is_accepted_in_a_chosen_charset_and_another_dismissed() {
    let home = tempfile::tempdir().expect("temp home");
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    let marker = peers::unique("e2e-quarantine");
    // Five letters: too few for the detector, which takes them for accented Latin.
    let text = "Да, жду.";
    rt.block_on(async {
        let app = sb_app::App::open(sb_app::Paths::in_folder(home.path().to_path_buf()), None)
            .await
            .expect("open the workspace");
        app.create_profile(sb_app::NewProfile {
            name: "Olga Ivanova".into(),
            // The admin keeps the mailboxes (and works the mail too).
            role: sb_domain::Role::Admin,
        })
        .await
        .unwrap();
        app.create_client(sb_app::ClientInput {
            language: None,
            code: "ZAVOD".into(),
            name: "Zavod Metallist".into(),
            notes: None,
            contacts: vec![sb_app::ContactInput {
                name: "Irina Sokolova".into(),
                email: Some("glavbuh@zavod.example".into()),
                phone: None,
            }],
        })
        .await
        .unwrap();
        let folder = new_folder("e2e-quarantine").await;
        let mut input = mailbox_input(&folder, peers::smtp().port);
        input.name = "Support".into();
        // The window's own reader stays out of the way.
        input.enabled = false;
        let mailbox = app.create_mailbox(input).await.unwrap();
        let mut short = format!(
            "From: Irina Sokolova <glavbuh@zavod.example>\r\nTo: desk@provider.example\r\n\
             Subject: Printer {marker}\r\nMessage-ID: <{marker}@zavod.example>\r\n\r\n"
        )
        .into_bytes();
        short.extend_from_slice(&encoding_rs::WINDOWS_1251.encode(text).0);
        short.extend_from_slice(b"\r\n");
        let spam = format!(
            "From: Lucky Winner\r\nTo: desk@provider.example\r\nSubject: You won {marker}\r\n\
             Message-ID: <{marker}.spam@casino.example>\r\n\r\nClick here.\r\n"
        )
        .into_bytes();
        append(&folder, &[short, spam]).await;
        let report = app.poll_mailbox(mailbox.id).await.unwrap();
        assert_eq!(report.quarantined, 2, "{report:?}");
        app.store().close().await;
    });

    let driver = Driver::start(home.path());
    let s = driver.open_app();
    s.click_id("nav-email");
    // Ids: the two messages are rows 1 and 2 of the mail table.
    s.wait_text("quarantine-reason-1", "not sure");
    s.wait_text("quarantine-reason-2", "no email address");
    s.wait_text("quarantine-2", "(sender unknown)");
    s.wait_text("quarantine-text-1", &marker);
    assert!(
        !s.text_of("quarantine-text-1").contains(text),
        "as decoded it is not yet readable"
    );
    s.wait_text("quarantine-reading-1", "(a guess)");
    s.screenshot("quarantine-01-waiting");

    // Read again in windows-1251: now it says what the client wrote.
    s.select("quarantine-charset-1", "windows-1251");
    s.wait_text("quarantine-text-1", text);
    s.wait_text("quarantine-reading-1", "windows-1251");
    let client = s.poll("ZAVOD is offered", |s| {
        s.script(
            "const o = [...document.querySelectorAll('[data-testid=\"quarantine-client-1\"] option')].find(o => o.textContent.includes('ZAVOD')); return o ? o.value : null;",
            serde_json::json!([]),
        )
        .as_str()
        .map(String::from)
    });
    s.select("quarantine-client-1", &client);
    s.select("quarantine-direction-1", "hardware");
    s.screenshot("quarantine-02-charset-chosen");
    s.click_id("quarantine-accept-1");

    // The ticket: the text as chosen, the choice told on the card.
    s.wait_text("card-subject", &marker);
    s.wait_text("ticket-card", text);
    s.wait_text("ticket-mail-opening", "read as windows-1251");
    s.wait_text("ticket-requester", "glavbuh@zavod.example");
    s.screenshot("quarantine-03-ticket");
    super::scroll_into_view(&s, "[data-testid=\"ticket-mail-opening\"]");
    s.screenshot("quarantine-03b-ticket-mail-note");

    // The other is dismissed: the quarantine is empty.
    s.click_id("nav-email");
    s.wait_text("quarantine-reason-2", "no email address");
    s.click_id("quarantine-dismiss-2");
    s.wait_text("quarantine", "Nothing here.");
    assert_eq!(s.count("[data-testid^=\"quarantine-reason-\"]"), 0);
    s.screenshot("quarantine-04-dismissed");
    s.quit();
}
