//! Client SLAs on both backends: calendars with special dates, the default policy and a
//! client's contract, and a ticket's clocks as they run, pause and stop; a change of calendar
//! counts the open tickets' due times again.

use std::path::Path;

use sb_app::{
    App, CalendarDayDto, CalendarDaysInput, CalendarInput, ClientInput, ClockStateDto,
    CommentInput, NewProfile, Paths, PolicyTargetDto, SlaPolicyInput, StatusInput, TicketInput,
};
use sb_domain::{Channel, Level, Priority, Role, Status, Visibility};

on_both_databases!(a_contract_counts_its_clocks_and_a_calendar_change_counts_them_again,);

async fn open(database: &str, home: &Path, name: &str, role: Role) -> App {
    let app = App::open(Paths::in_folder(home.to_path_buf()), Some(database))
        .await
        .expect("open the app");
    app.create_profile(NewProfile {
        name: name.into(),
        role,
    })
    .await
    .unwrap();
    app
}

fn always(name: &str) -> CalendarInput {
    CalendarInput {
        name: name.into(),
        time_zone: "UTC".into(),
        week: vec!["00:00-24:00".into(); 7],
    }
}

async fn a_contract_counts_its_clocks_and_a_calendar_change_counts_them_again(
    db: String,
    dir: &Path,
) {
    let lena = open(&db, &dir.join("lena"), "Lena Orlova", Role::Lead).await;
    let ivan = open(&db, &dir.join("ivan"), "Ivan Sokolov", Role::Engineer).await;
    let acme = lena
        .create_client(ClientInput {
            language: None,
            code: "ACME".into(),
            name: "Acme".into(),
            notes: None,
            contacts: vec![],
        })
        .await
        .unwrap()
        .id;
    let office = lena
        .create_calendar(CalendarInput {
            name: "Office".into(),
            time_zone: "Europe/Moscow".into(),
            week: vec![
                "09:00-18:00".into(),
                "09:00-18:00".into(),
                "09:00-18:00".into(),
                "09:00-18:00".into(),
                "09:00-18:00".into(),
                String::new(),
                String::new(),
            ],
        })
        .await
        .unwrap();
    let round = lena
        .create_calendar(always("Round the clock"))
        .await
        .unwrap();
    let days = lena
        .set_calendar_days(CalendarDaysInput {
            calendar_id: office.id,
            put: vec![CalendarDayDto {
                day: "2027-01-01".into(),
                hours: String::new(),
                note: Some("New Year".into()),
            }],
            remove: Vec::new(),
        })
        .await
        .unwrap();
    assert_eq!(days.days.len(), 1);
    let refused = ivan.create_calendar(always("Mine")).await.unwrap_err();
    assert_eq!(refused.code, sb_app::ErrorCode::NotAllowed);

    let target = |p: Priority, first: i64, resolution: i64| PolicyTargetDto {
        priority: p,
        direction: None,
        first_response_minutes: Some(first),
        resolution_minutes: Some(resolution),
        calendar_id: None,
    };
    lena.create_sla_policy(SlaPolicyInput {
        name: "Standard".into(),
        client_id: None,
        is_default: true,
        calendar_id: office.id,
        pause_statuses: vec![Status::PendingCustomer],
        targets: vec![target(Priority::P2, 60, 480)],
    })
    .await
    .unwrap();
    let contract = lena
        .create_sla_policy(SlaPolicyInput {
            name: "Acme gold".into(),
            client_id: Some(acme),
            is_default: false,
            calendar_id: round.id,
            pause_statuses: vec![Status::PendingCustomer],
            targets: vec![target(Priority::P2, 30, 240)],
        })
        .await
        .unwrap();
    assert_eq!(contract.client_code.as_deref(), Some("ACME"));

    let t = ivan
        .create_ticket(TicketInput {
            client_id: acme,
            direction: "network".into(),
            subject: "VPN down".into(),
            description: String::new(),
            impact: Level::High,
            urgency: Level::Medium,
            channel: Channel::Phone,
        })
        .await
        .unwrap();
    let clocks = ivan.ticket_clocks(t.id).await.unwrap();
    assert_eq!(clocks.policy_name.as_deref(), Some("Acme gold"));
    assert_eq!(clocks.clocks[0].due_at, Some(t.created_at + 30 * 60_000));
    assert_eq!(clocks.clocks[1].due_at, Some(t.created_at + 240 * 60_000));

    ivan.add_comment(CommentInput {
        ticket_id: t.id,
        body: "Looking at the tunnel now".into(),
        visibility: Visibility::Public,
    })
    .await
    .unwrap();
    let v = ivan.ticket(t.id).await.unwrap().version;
    ivan.change_status(StatusInput {
        ticket_id: t.id,
        to: Status::PendingCustomer,
        note: None,
        version: v,
    })
    .await
    .unwrap();
    let clocks = ivan.ticket_clocks(t.id).await.unwrap();
    assert_eq!(clocks.clocks[0].state, ClockStateDto::Met);
    assert_eq!(clocks.clocks[1].state, ClockStateDto::Paused);
    assert_eq!(clocks.clocks[1].paused_by, Some(Status::PendingCustomer));

    // The contract moves to the office calendar: the open ticket is counted again there.
    let mut input = SlaPolicyInput {
        name: "Acme gold".into(),
        client_id: Some(acme),
        is_default: false,
        calendar_id: office.id,
        pause_statuses: vec![Status::PendingCustomer],
        targets: vec![target(Priority::P2, 30, 240)],
    };
    lena.update_sla_policy(contract.id, input.clone())
        .await
        .unwrap();
    let clocks = ivan.ticket_clocks(t.id).await.unwrap();
    assert_eq!(clocks.clocks[1].calendar_name, "Office");
    assert_eq!(lena.recount_open_clocks().await.unwrap(), 1);

    input.pause_statuses = vec![Status::Open];
    let e = lena
        .update_sla_policy(contract.id, input)
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("pauseStatuses"));
    let e = lena.delete_calendar(office.id).await.unwrap_err();
    assert!(e.message.contains("policy"), "{e:?}");
    assert_eq!(lena.sla_policies().await.unwrap().len(), 2);

    // A ticket written by intake (here straight into the store) has no due time until the
    // background work counts the tickets changed since their last count; a unit does it.
    let units = lena.work_status().await.unwrap().units;
    assert!(units.iter().any(|u| u.unit == "sla-clocks:0"), "{units:?}");
    let id = lena
        .store()
        .create_ticket(
            &sb_store::NewTicket {
                client_id: acme,
                direction: sb_domain::Direction::parse("network").unwrap(),
                subject: "Alert: core switch down".into(),
                description: String::new(),
                impact: Level::High,
                urgency: Level::Medium,
                priority: Priority::P2,
                channel: Channel::Monitoring,
                line: sb_domain::Line::L1,
                created_by: ivan.setup_state().await.unwrap().profile.unwrap().id,
            },
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_millis() as i64,
        )
        .await
        .unwrap();
    let counted = lena.count_stale_clocks(100).await.unwrap();
    assert!(counted >= 1, "{counted}");
    assert_eq!(
        lena.count_stale_clocks(100).await.unwrap(),
        0,
        "counted once"
    );
    let clocks = lena.ticket_clocks(id).await.unwrap();
    assert!(clocks.clocks[1].due_at.is_some(), "{clocks:?}");
}
