//! Issue 16 in the real window: a ticket that came by email, filed under software (the
//! mailbox's default), is re-filed to database on its card. Its time then draws on the
//! database hours of the client's package, and the escalation offers and opens a case at the
//! vendor that serves databases (a real Request Tracker 5), which refused it before.

use std::time::Duration;

use super::{seed_rt_vendor_for, wait_long, Driver, SUBJECT_CELL};

/// NORD with a package of 1 h of software and 10 h of database time, and a ticket that came by
/// email under software.
fn seed(home: &std::path::Path) {
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    rt.block_on(async {
        let (app, mira, nord) =
            super::nord_workspace(home, "Mira Petrova", sb_domain::Role::Admin).await;
        let today = sb_app::today();
        let budget = |direction: &str, minutes| sb_app::DirectionMinutes {
            direction: direction.into(),
            minutes,
        };
        app.create_package(sb_app::PackageInput {
            client_id: nord,
            name: "Support Q4".into(),
            start: today.plus_days(-30).to_string(),
            end: today.plus_days(60).to_string(),
            shared_minutes: None,
            directions: vec![budget("software", 60), budget("database", 600)],
            stack_order: 1,
            rounding: 15,
            minimum: 0,
            work_types: vec![sb_app::WorkTypeRate {
                work_type: "remote".into(),
                percent: 100,
            }],
            overage: sb_app::OverageKind::Block,
            overage_minutes: None,
            overage_rate: None,
            rollover: sb_app::RolloverKind::All,
            rollover_limit: None,
            rollover_expires_days: None,
            thresholds: vec![75, 100],
            burn_margin: 100,
        })
        .await
        .unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        // As the mail channel files it: the mailbox's default direction, P3.
        app.store()
            .create_ticket(
                &sb_store::NewTicket {
                    client_id: nord,
                    direction: sb_domain::Direction::parse("software").unwrap(),
                    subject: "Nightly report export fails with ORA-01555".into(),
                    description: "The export job stops at 02:10 every night.".into(),
                    impact: sb_domain::Level::Medium,
                    urgency: sb_domain::Level::Medium,
                    priority: sb_domain::Priority::P3,
                    channel: sb_domain::Channel::Email,
                    line: sb_domain::Line::L1,
                    created_by: mira.id,
                },
                now,
            )
            .await
            .unwrap();
        app.store().close().await;
    });
}

#[test]
#[ignore = "end to end in the real window: `make test` runs it under Xvfb"]
fn an_email_ticket_refiled_to_database_draws_on_its_hours_and_goes_to_its_vendor() {
    use crate::util::rt::RequestTracker;

    let rt = RequestTracker::start();
    let home = tempfile::tempdir().expect("temp home");
    seed(home.path());
    let vendor = seed_rt_vendor_for(home.path(), &rt, "DB Partner", "database");

    let driver = Driver::start(home.path());
    let s = driver.open_app();
    s.click(&s.find(SUBJECT_CELL));
    s.wait_text("card-number", "SB-000001");
    let channel = s.by_id("card-channel");
    assert_eq!(
        s.attribute(&channel, "data-channel").as_deref(),
        Some("email")
    );
    // Under software: its 1 h budget, and no vendor serves software.
    s.wait_text("time-packages", "Support Q4: 1:00 left");
    s.click_id("escalate-open");
    s.wait_text("escalate-dialog", "Escalate SB-000001 to a vendor");
    let before = s.script(
        "return [...document.querySelectorAll('[data-testid=\"escalate-vendor\"] option')].filter(o => o.value === arguments[0]).map(o => o.parentElement.label).join();",
        serde_json::json!([vendor.to_string()]),
    );
    assert!(
        !before.as_str().unwrap_or_default().contains("Serving"),
        "the database vendor is not among those serving software: {before:?}"
    );
    s.keys("\u{E00C}"); // Escape closes the dialog
    s.wait_gone("[data-testid=\"escalate-dialog\"]");

    // Re-filed to database (and made more urgent): the time panel now counts the database
    // hours.
    s.click_id("edit-ticket");
    s.by_id("edit-ticket-form");
    s.select("edit-direction", "database");
    s.select("edit-urgency", "high");
    s.click_id("edit-save");
    s.wait_gone("[data-testid=\"edit-ticket-form\"]");
    s.wait_text("card-priority", "P2");
    s.wait_text("audit-trail", "Software → Database");
    s.wait_text("time-packages", "Support Q4: 10:00 left");
    s.type_into("time-duration", "0:45");
    s.wait_text("time-preview", "Bills 0:45");
    s.click_id("time-log");
    s.wait_text("time-total", "0:45 billable");
    s.wait_text("time-packages", "Support Q4: 9:15 left");
    s.screenshot("87-refiled-time-from-database");

    // The database vendor is offered now, and the case opens at RT.
    s.click_id("escalate-open");
    s.wait_text("escalate-dialog", "Escalate SB-000001 to a vendor");
    let offered = s.script(
        "const o = [...document.querySelectorAll('[data-testid=\"escalate-vendor\"] option')].find(o => o.value === arguments[0]); \
         return o ? o.parentElement.label + ' / ' + o.textContent : null;",
        serde_json::json!([vendor.to_string()]),
    );
    let offered = offered.as_str().unwrap_or_default();
    assert!(offered.contains("Serving Database"), "{offered:?}");
    s.select("escalate-vendor", &vendor.to_string());
    s.type_into(
        "escalate-note",
        "ORA-01555 on the nightly export; undo retention looks short.",
    );
    s.click_id("escalate-submit");
    s.wait_gone("[data-testid=\"escalate-dialog\"]");
    let case = wait_long(
        &s,
        "the card shows the RT case number",
        Duration::from_secs(30),
        |s| {
            let text = s
                .script(
                    "const e = document.querySelector('[data-testid^=\"bond-case-\"]'); return e && e.textContent;",
                    serde_json::json!([]),
                )
                .as_str()?
                .to_string();
            text.strip_prefix("case ").map(|n| n.trim().to_string())
        },
    );
    assert!(case.chars().all(|c| c.is_ascii_digit()), "{case:?}");
    s.wait_text("vendor-panel", "DB Partner");
    s.screenshot("88-refiled-escalated-to-database-vendor");
    s.quit();
}
