//! Issue 16 item 5 in the real window: a closed emailed ticket's card marks the satisfaction
//! request as an automatic mail and shows the client's rating; the client's page shows what it
//! is told (its language, switches, days) and edits its reminder template in Russian.

use sb_domain::inform::MailLanguage;

use super::Driver;
use crate::email::channel::mailbox_input;
use crate::util::peers;

#[test]
#[ignore = "end to end in the real window: `make test` runs it under Xvfb"]
fn the_card_shows_the_rating_and_the_client_page_its_templates() {
    let home = tempfile::tempdir().expect("temp home");
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    rt.block_on(async {
        let app = sb_app::App::open(sb_app::Paths::in_folder(home.path().to_path_buf()), None)
            .await
            .expect("open the workspace");
        app.create_profile(sb_app::NewProfile {
            name: "Lena Orlova".into(),
            role: sb_domain::Role::Admin,
        })
        .await
        .unwrap();
        app.create_client(sb_app::ClientInput {
            code: "VOLGA".into(),
            name: "Volga Grain Terminal".into(),
            notes: None,
            contacts: vec![sb_app::ContactInput {
                name: "Ivan Petrov".into(),
                email: Some("ivan@volga.example".into()),
                phone: None,
            }],
            language: Some(MailLanguage::Ru),
        })
        .await
        .unwrap();
        // Saved mail, so no mail server is needed: the ticket has its requester all the same.
        let mut input = mailbox_input("INBOX", peers::free_port());
        input.enabled = false;
        let mb = app.create_mailbox(input).await.unwrap();
        let eml = |id: &str, subject: &str, text: &str| {
            format!(
                "From: Ivan Petrov <ivan@volga.example>\r\nTo: desk@provider.example\r\n\
                 Subject: {subject}\r\nMessage-ID: <{id}>\r\n\
                 Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n"
            )
            .into_bytes()
        };
        app.import_mail(
            mb.id,
            &[eml(
                "e2e-1@volga.example",
                "Весы не передают данные",
                "Весы на складе 3.",
            )],
        )
        .await
        .unwrap();
        let t = app.ticket(1).await.unwrap();
        app.change_status(sb_app::StatusInput {
            ticket_id: t.id,
            to: sb_domain::Status::Closed,
            note: Some("Перезапустили шлюз весов".into()),
            version: t.version,
        })
        .await
        .unwrap();
        app.import_mail(
            mb.id,
            &[eml(
                "e2e-2@volga.example",
                "Re: [SB-000001] Оцените нашу работу",
                "5\r\nБыстро и вежливо, спасибо!",
            )],
        )
        .await
        .unwrap();
        app.store().close().await;
    });

    let driver = Driver::start(home.path());
    let s = driver.open_app();
    s.by_id("filter-status");
    s.select("filter-status", "closed");
    s.click(&s.find("[data-testid=\"queue-row-SB-000001\"] td.cell-subject"));
    s.wait_text("card-number", "SB-000001");
    let rating = s.wait_text("satisfaction-rating", "5/5");
    assert!(rating.contains("★★★★★"), "{rating}");
    s.wait_text("satisfaction-comment", "Быстро и вежливо");
    let badge = s.text(&s.find("[data-testid^=\"comment-notice-\"]"));
    assert!(badge.contains("Satisfaction request"), "{badge}");
    s.screenshot("90-card-rating");

    s.click_id("nav-clients");
    s.click(&s.find("[data-testid=\"client-row-VOLGA\"] td"));
    s.wait_text("client-notices", "What this client is told");
    s.poll("the client's language picked", |s| {
        s.script(
            "const e = document.querySelector('[data-testid=\"client-language\"]'); return e ? e.value : null;",
            serde_json::json!([]),
        )
        .as_str()
        .filter(|v| *v == "ru")
        .map(String::from)
    });
    s.select("template-kind", "reminder");
    s.clear("template-body");
    s.type_into("template-body", "Здравствуйте, {who}!");
    s.click_id("template-save");
    s.wait_text("field-error-body", "{who}");
    s.clear("template-body");
    s.type_into(
        "template-body",
        "Здравствуйте, {requester}! Ждём ответа по {ticket}.",
    );
    s.click_id("template-save");
    s.wait_text("template-origin", "own template");
    s.screenshot("91-client-templates");
    s.quit();
}
