//! Issue 15 in the real window: a server's `sb worker` holds the workspace's background work
//! (a mailbox, an alert source) and Settings -> Background work says so, with what waits and
//! what this desk lacks (a vendor whose token is not in its keychain). When the worker stops
//! (SIGTERM), it lets go of its units and the window takes them over at once.

use std::path::Path;
use std::process::{Command, Stdio};

use super::{app_binary, Driver};
use crate::email::channel::{mailbox_input, new_folder};
use crate::util::alertmanager::Alertmanager;
use crate::util::peers;

#[test]
#[ignore = "end to end in the real window: `make test` runs it under Xvfb"]
fn settings_show_who_does_the_background_work_and_the_window_takes_over() {
    let home = tempfile::tempdir().expect("temp home");
    let db = home.path().join("switchboard.db").display().to_string();
    let am = Alertmanager::start();
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    let (mailbox, source, vendor) = rt.block_on(async {
        let app = sb_app::App::open(sb_app::Paths::in_folder(home.path().to_path_buf()), None)
            .await
            .expect("open the workspace");
        app.create_profile(sb_app::NewProfile {
            name: "Olga Ivanova".into(),
            role: sb_domain::Role::Admin,
        })
        .await
        .unwrap();
        let folder = new_folder("e2e-work").await;
        let mut input = mailbox_input(&folder, peers::smtp().port);
        input.name = "Support".into();
        let mailbox = app.create_mailbox(input).await.unwrap().id;
        let mut source = crate::monitoring::source_input(&am);
        source.name = "Production Alertmanager".into();
        let source = app.create_alert_source(source).await.unwrap().id;
        let mut vendor = crate::vendors::vendor_input(
            "Storage partner",
            "request_tracker",
            &[("base_url", "http://127.0.0.1:9"), ("queue", "General")],
            "",
        );
        vendor.secret = None;
        let vendor = app.create_vendor(vendor).await.unwrap().id;
        app.store().close().await;
        (mailbox, source, vendor)
    });

    // The server's worker starts first and takes what it can.
    let worker_home = tempfile::tempdir().expect("worker home");
    let sb = Path::new(&app_binary()).with_file_name("sb");
    let mut worker = Command::new(&sb)
        .args(["--db", &db, "worker"])
        .env("SWITCHBOARD_HOME", worker_home.path())
        .env_remove("SB_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start sb worker");
    let driver = Driver::start(home.path());
    let s = driver.open_app();
    s.click_id("nav-settings");
    let mail_in = format!("work-unit-mail-in:{mailbox}");
    s.wait_text(&mail_in, "sb worker");
    s.wait_text(&mail_in, "Reading mail");
    s.wait_text(&format!("work-unit-alerts:{source}"), "sb worker");
    let held = s.text_of(&format!("work-unit-mail-out:{mailbox}"));
    assert!(held.contains("Sending replies"), "{held}");
    let lacking = s.wait_text(
        &format!("work-unit-vendor-out:{vendor}"),
        "Not on this desk",
    );
    assert!(lacking.contains("Storage partner"), "{lacking}");
    assert!(lacking.contains("nobody now"), "{lacking}");
    show_units(&s);
    s.screenshot("background-01-held-by-the-worker");

    // SIGTERM: the worker lets go, and this window takes its units over.
    let term = Command::new("kill")
        .args(["-TERM", &worker.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    assert!(worker.wait().unwrap().success(), "sb worker stops cleanly");
    s.wait_text(&mail_in, "this window");
    s.wait_text(&format!("work-unit-alerts:{source}"), "this window");
    show_units(&s);
    s.screenshot("background-02-taken-over-by-the-window");
    s.quit();
    am.stop();
}

fn show_units(s: &super::webdriver::Session) {
    s.script(
        "document.querySelector('[data-testid=\"work-units\"]').scrollIntoView({block: 'center'});",
        serde_json::json!([]),
    );
}
