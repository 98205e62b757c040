//! Issue 17 in the real window: Settings -> Mailboxes shows the public mail domains and the
//! limits on incoming mail (one is set there), and a mail past a limit waits in quarantine with
//! the limit and its figures in words.

use super::Driver;
use crate::email::channel::mailbox_input;

/// A workspace in `home` with an admin's profile and a mailbox whose reader stays off: the
/// app and the mailbox's id.
async fn admin_with_mailbox(home: &std::path::Path) -> (sb_app::App, i64) {
    let app = sb_app::App::open(sb_app::Paths::in_folder(home.to_path_buf()), None)
        .await
        .expect("open the workspace");
    app.create_profile(sb_app::NewProfile {
        name: "Olga Ivanova".into(),
        role: sb_domain::Role::Admin,
    })
    .await
    .unwrap();
    let mut input = mailbox_input("e2e-limits", 1);
    input.name = "Support".into();
    input.enabled = false;
    let mailbox = app.create_mailbox(input).await.unwrap();
    (app, mailbox.id)
}

#[test]
#[ignore = "end to end in the real window: `make test` runs it under Xvfb"]
fn the_limits_are_set_in_settings_and_a_mail_past_one_waits_in_quarantine() {
    let home = tempfile::tempdir().expect("temp home");
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    rt.block_on(async {
        let (app, mailbox) = admin_with_mailbox(home.path()).await;
        app.set_input_limit("mime_parts", 20).await.unwrap();
        let mut mail = String::from(
            "From: Irina Sokolova <irina@zavod.example>\r\nMessage-ID: <parts@zavod.example>\r\n\
             Subject: Scans of every page\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n",
        );
        for i in 0..30 {
            mail.push_str(&format!(
                "--b\r\nContent-Type: text/plain\r\n\r\npage {i}\r\n"
            ));
        }
        mail.push_str("--b--\r\n");
        let report = app
            .import_mail(mailbox, &[mail.into_bytes()])
            .await
            .unwrap();
        assert_eq!(report.quarantined, 1, "{report:?}");
        app.store().close().await;
    });

    let driver = Driver::start(home.path());
    let s = driver.open_app();
    s.click_id("nav-settings");
    s.by_id("mailbox-1");
    let open = |testid: &str| {
        s.script(
            "const d = document.querySelector(`[data-testid=\"${arguments[0]}\"]`); d.open = true; d.scrollIntoView();",
            serde_json::json!([testid]),
        );
    };
    open("public-domains");
    s.by_id("public-domain-gmail.com");
    s.screenshot("limits-01-public-mail-domains");
    open("input-limits");
    s.by_id("limit-mimeParts");
    let value = s.script(
        "return document.querySelector('[data-testid=\"limit-mimeParts\"]').value;",
        serde_json::json!([]),
    );
    assert_eq!(value.as_str(), Some("20"), "{value:?}");
    s.clear("limit-mimeParts");
    s.type_into("limit-mimeParts", "40");
    s.click_id("limit-save-mimeParts");
    s.wait_gone("[data-testid=\"limit-save-mimeParts\"]");
    s.screenshot("limits-02-limits-on-incoming-mail");

    s.click_id("nav-email");
    s.wait_text("quarantine-reason-1", "MIME parts");
    let reason = s.text_of("quarantine-reason-1");
    assert!(reason.contains("31") && reason.contains("20"), "{reason}");
    s.screenshot("limits-03-quarantined-past-a-limit");
    s.quit();
}

/// Two screens of issue 17 without a test of their own: a stranger's mail naming a ticket
/// waits in triage with "Put onto SB-…", and a file that can run opens only after the card
/// asks.
#[test]
#[ignore = "end to end in the real window: `make test` runs it under Xvfb"]
fn a_possible_spoof_waits_in_triage_and_a_runnable_file_asks_first() {
    let home = tempfile::tempdir().expect("temp home");
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    rt.block_on(async {
        let (app, mailbox) = admin_with_mailbox(home.path()).await;
        app.create_client(sb_app::ClientInput {
            language: None,
            code: "ZAVOD".into(),
            name: "Zavod Metallist".into(),
            notes: None,
            contacts: vec![sb_app::ContactInput {
                name: "Irina Sokolova".into(),
                email: Some("irina@zavod.example".into()),
                phone: None,
            }],
        })
        .await
        .unwrap();
        let question = "From: Irina Sokolova <irina@zavod.example>\r\n\
             Message-ID: <q@zavod.example>\r\nSubject: Installer fails\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
             --b\r\nContent-Type: text/plain\r\n\r\nThe installer fails, it is attached.\r\n\
             --b\r\nContent-Type: application/octet-stream\r\n\
             Content-Disposition: attachment; filename=\"setup.exe\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA\r\n--b--\r\n";
        let forged = "From: Mallory <mallory@evil.example>\r\n\
             Message-ID: <f@evil.example>\r\nSubject: Re: [SB-000001] Installer fails\r\n\r\n\
             Our bank details changed, pay to account 666.\r\n";
        let report = app
            .import_mail(
                mailbox,
                &[question.as_bytes().to_vec(), forged.as_bytes().to_vec()],
            )
            .await
            .unwrap();
        assert_eq!((report.tickets, report.triage), (1, 1), "{report:?}");
        app.store().close().await;
    });

    let driver = Driver::start(home.path());
    let s = driver.open_app();
    s.click_id("nav-email");
    s.wait_text("triage-reason-2", "may be forged");
    s.wait_text("triage-onto-ticket-2", "SB-000001");
    // A possibly forged sender is not made a contact unless a person ticks it.
    let ticked = s.script(
        "return document.querySelector('[data-testid=\"triage-add-contact-2\"]').checked;",
        serde_json::json!([]),
    );
    assert_eq!(ticked.as_bool(), Some(false), "{ticked:?}");
    s.screenshot("spoof-01-triage-row");

    s.click_id("nav-queue");
    s.wait_text("queue-row-SB-000001", "Installer fails");
    s.click(&s.find("[data-testid=\"queue-row-SB-000001\"] td.cell-subject"));
    s.wait_text("attachment-1", "setup.exe");
    s.click_id("attachment-1");
    s.by_id("attachment-runnable-open");
    s.screenshot("spoof-02-runnable-file-asks");
    s.click_id("attachment-runnable-cancel");
    s.wait_gone("[data-testid=\"attachment-runnable-open\"]");
    s.quit();
}
