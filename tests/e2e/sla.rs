//! Issue 16 in the real window: a P1 ticket of a client whose contract counts on a 24x7
//! calendar shows its due time in the queue (the due order puts it first) and on the card;
//! waiting for the customer pauses the resolution clock and the card says why; Settings -> SLA
//! lists the policy and its calendars.

use super::Driver;

#[test]
#[ignore = "end to end in the real window: `make test` runs it under Xvfb"]
fn a_p1_ticket_shows_its_due_time_and_why_its_clock_is_paused() {
    let home = tempfile::tempdir().expect("temp home");
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    rt.block_on(async {
        let app = sb_app::App::open(sb_app::Paths::in_folder(home.path().to_path_buf()), None)
            .await
            .expect("open the workspace");
        app.create_profile(sb_app::NewProfile {
            name: "Lena Orlova".into(),
            role: sb_domain::Role::Lead,
        })
        .await
        .unwrap();
        let nord = app
            .create_client(sb_app::ClientInput {
                language: None,
                code: "NORD".into(),
                name: "Nord Logistics".into(),
                notes: None,
                contacts: vec![],
            })
            .await
            .unwrap()
            .id;
        let mut week = vec!["09:00-18:00".to_string(); 5];
        week.extend([String::new(), String::new()]);
        let office = app
            .create_calendar(sb_app::CalendarInput {
                name: "Moscow office".into(),
                time_zone: "Europe/Moscow".into(),
                week,
            })
            .await
            .unwrap();
        app.set_calendar_days(sb_app::CalendarDaysInput {
            calendar_id: office.id,
            put: vec![sb_app::CalendarDayDto {
                day: "2027-01-01".into(),
                hours: String::new(),
                note: Some("New Year".into()),
            }],
            remove: vec![],
        })
        .await
        .unwrap();
        let always = app
            .create_calendar(sb_app::CalendarInput {
                name: "Round the clock".into(),
                time_zone: "UTC".into(),
                week: vec!["00:00-24:00".into(); 7],
            })
            .await
            .unwrap();
        let target = |p, first, resolution, calendar| sb_app::PolicyTargetDto {
            priority: p,
            direction: None,
            first_response_minutes: Some(first),
            resolution_minutes: Some(resolution),
            calendar_id: calendar,
        };
        app.create_sla_policy(sb_app::SlaPolicyInput {
            name: "Nord gold".into(),
            client_id: Some(nord),
            is_default: false,
            calendar_id: office.id,
            pause_statuses: vec![sb_domain::Status::PendingCustomer],
            targets: vec![
                target(sb_domain::Priority::P1, 30, 240, Some(always.id)),
                target(sb_domain::Priority::P3, 240, 3 * 24 * 60, None),
            ],
        })
        .await
        .unwrap();
        for (subject, impact, urgency) in [
            (
                "Printer toner low",
                sb_domain::Level::Medium,
                sb_domain::Level::Medium,
            ),
            (
                "Core switch down in Riga",
                sb_domain::Level::High,
                sb_domain::Level::High,
            ),
        ] {
            app.create_ticket(sb_app::TicketInput {
                client_id: nord,
                direction: "network".into(),
                subject: subject.into(),
                description: String::new(),
                impact,
                urgency,
                channel: sb_domain::Channel::Phone,
            })
            .await
            .unwrap();
        }
        app.store().close().await;
    });

    let driver = Driver::start(home.path());
    let s = driver.open_app();
    s.find("[data-testid=\"queue-row-SB-000002\"]");
    s.select("queue-sort", "due");
    // The P1 falls due first (30 minutes, round the clock).
    s.poll("the P1 first in the due order", |s| {
        s.script(
            "const r = document.querySelector('tbody tr.queue-row'); return r ? r.dataset.testid : null;",
            serde_json::json!([]),
        )
        .as_str()
        .filter(|id| *id == "queue-row-SB-000002")
        .map(String::from)
    });
    let due = s.text(&s.find("[data-testid=\"queue-row-SB-000002\"] td.cell-due"));
    assert!(due.contains("left"), "{due}");
    s.screenshot("80-queue-by-due");

    s.click(&s.find("[data-testid=\"queue-row-SB-000002\"] td.cell-subject"));
    s.wait_text("card-number", "SB-000002");
    let first = s.wait_text("sla-clock-first_response", "left");
    assert!(first.contains("Round the clock"), "{first}");
    s.wait_text("sla-panel", "Nord gold");
    s.screenshot("81-card-clocks");

    // Waiting for the customer: the resolution clock pauses, and the card says why.
    s.click_id("status-to-pending_customer");
    s.wait_text("card-status", "Waiting for customer");
    let paused = s.wait_text("sla-clock-resolution", "paused");
    assert!(paused.contains("Waiting for customer"), "{paused}");
    s.screenshot("82-card-clock-paused");

    s.click_id("nav-settings");
    s.wait_text("sla-settings", "Nord gold");
    let text = s.text_of("sla-settings");
    for words in [
        "contract of NORD",
        "Moscow office",
        "Round the clock",
        "special dates: 1",
    ] {
        assert!(text.contains(words), "{words} in {text}");
    }
    s.click(&s.find("[data-testid^=\"sla-policy-edit-\"]"));
    s.by_id("sla-policy-form");
    s.screenshot("83-settings-sla-policy");
    s.quit();
}
