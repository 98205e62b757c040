//! The hours ledger's guards in the real window (issue 10): a package renewed a second time is
//! refused with the next period named, and a direction's own budget running out is told in a
//! notice that names the direction while the package as a whole is far from its thresholds.

use std::path::Path;

use super::webdriver::Session;
use super::{seed_nord, Driver, SUBJECT_CELL};

/// NORD's package: 1 hour of network and 10 of database, blocking beyond them.
fn seed_package(home: &Path) {
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    rt.block_on(async {
        let app = sb_app::App::open(sb_app::Paths::in_folder(home.to_path_buf()), None)
            .await
            .expect("open the workspace");
        let nord = app.client_by_ref("NORD").await.unwrap().id;
        let today = sb_app::today();
        app.create_package(sb_app::PackageInput {
            client_id: nord,
            name: "Support Q4".into(),
            start: today.plus_days(-30).to_string(),
            end: today.plus_days(60).to_string(),
            shared_minutes: None,
            directions: vec![
                sb_app::DirectionMinutes {
                    direction: "network".into(),
                    minutes: 60,
                },
                sb_app::DirectionMinutes {
                    direction: "database".into(),
                    minutes: 600,
                },
            ],
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
            thresholds: vec![50, 75, 90, 100],
            // Only the thresholds on hours here, not running ahead of the calendar.
            burn_margin: 100,
        })
        .await
        .expect("the package");
        app.store().close().await;
    });
}

fn toasts(s: &Session) -> String {
    s.script(
        "return [...document.querySelectorAll('[data-testid^=\"threshold-toast-\"]')].map(e => e.textContent).join(' | ');",
        serde_json::json!([]),
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[test]
#[ignore = "end to end in the real window: `make test` runs it under Xvfb"]
fn a_second_renewal_is_refused_and_a_direction_threshold_is_told() {
    let home = tempfile::tempdir().expect("temp home");
    seed_nord(
        home.path(),
        sb_domain::Role::AccountManager,
        "Core switch drops the uplink",
        &[],
    );
    seed_package(home.path());

    let driver = Driver::start(home.path());
    let s = driver.open_app();

    // The network hour used up on the card: 1 of 11 hours (9%) of the package, 100% of its
    // network budget. The notice names the direction.
    s.click_id("nav-queue");
    s.click(&s.find(SUBJECT_CELL));
    s.wait_text("time-packages", "Support Q4: 1:00 left");
    s.type_into("time-duration", "1:00");
    s.wait_text("time-preview", "Bills 1:00");
    // Only the network budget runs out, and the warning says so (not "the last hours").
    s.wait_text(
        "time-warning-exhausts",
        "the last of the Network hours of “Support Q4” (10:00 left in its other directions",
    );
    s.screenshot("59-ledger-direction-warning");
    s.click_id("time-log");
    s.wait_text("time-total", "1:00 billable");
    let told = s.poll("the network budget's notice", |s| {
        let text = toasts(s);
        text.contains("100% of the Network hours used")
            .then_some(text)
    });
    assert!(
        !told.contains("50% of the hours used"),
        "the package as a whole crossed nothing: {told}"
    );
    // More network time is refused, with what is left and what to do.
    s.type_into("time-duration", "0:30");
    s.wait_text("time-refused", "has 0:00 left and this entry bills 0:30");
    s.wait_text("time-refused", "To log it, ask an account manager");
    s.screenshot("60-ledger-direction-notice");

    // The client's hours: the network row shows its crossing; renew once, then again.
    s.click_id("nav-clients");
    s.click(&s.find("[data-testid=\"client-row-NORD\"] td"));
    s.click_id("client-hours-link");
    s.wait_text("budget-crossed-1-network", "100%");
    s.wait_text("package-burn-1", "9% /");
    s.click_id("package-renew-1");
    s.wait_text("package-used-2", "0:00 /");
    s.click_id("package-renew-1");
    let refused = s.poll("the second renewal refused", |s| {
        let text = s
            .script(
                "return [...document.querySelectorAll('[data-testid=\"form-error\"]')].map(e => e.textContent).join(' | ');",
                serde_json::json!([]),
            )
            .as_str()
            .unwrap_or_default()
            .to_string();
        text.contains("was renewed already").then_some(text)
    });
    assert!(refused.contains("package 2 'Support Q4'"), "{refused}");
    assert_eq!(
        s.count("[data-testid^=\"package-used-\"]"),
        2,
        "no third package"
    );
    s.screenshot("61-ledger-second-renewal-refused");
    s.quit();
}
