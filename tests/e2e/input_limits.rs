//! Issue 17 in the real window: Settings -> Mailboxes shows the public mail domains and the
//! limits on incoming mail (one is set there), and a mail past a limit waits in quarantine with
//! the limit and its figures in words.

use super::Driver;
use crate::email::channel::mailbox_input;

#[test]
#[ignore = "end to end in the real window: `make test` runs it under Xvfb"]
fn the_limits_are_set_in_settings_and_a_mail_past_one_waits_in_quarantine() {
    let home = tempfile::tempdir().expect("temp home");
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    rt.block_on(async {
        let app = sb_app::App::open(sb_app::Paths::in_folder(home.path().to_path_buf()), None)
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
            .import_mail(mailbox.id, &[mail.into_bytes()])
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
