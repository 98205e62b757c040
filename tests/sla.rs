//! Client SLAs on both backends: calendars with special dates, the default policy and a
//! client's contract, and a ticket's clocks as they run, pause and stop; a change of calendar
//! counts the open tickets' due times again.

use std::path::Path;

use sb_app::{
    App, CalendarDayDto, CalendarDaysInput, CalendarInput, ClientInput, ClockStateDto,
    CommentInput, ErrorCode, LineInput, NoticeReason, PolicyTargetDto, SlaPolicyInput, StatusInput,
    TicketDto, TicketInput,
};
use sb_domain::sla::{BreachAction, Goal, Threshold};
use sb_domain::{Channel, Level, Line, Priority, Role, Status, Visibility};

on_both_databases!(
    a_contract_counts_its_clocks_and_a_calendar_change_counts_them_again,
    warnings_and_breaches_are_told_once_to_the_people_concerned,
    a_ticket_nobody_has_is_told_to_its_lines_people_and_the_lead,
);

use crate::util::desk as open;

async fn acme(app: &App) -> i64 {
    app.create_client(ClientInput {
        language: None,
        code: "ACME".into(),
        name: "Acme".into(),
        notes: None,
        contacts: vec![],
    })
    .await
    .unwrap()
    .id
}

/// A P2 ticket (high impact, medium urgency) logged from a phone call.
async fn phoned_p2(app: &App, client_id: i64, direction: &str, subject: &str) -> TicketDto {
    app.create_ticket(TicketInput {
        client_id,
        direction: direction.into(),
        subject: subject.into(),
        description: String::new(),
        impact: Level::High,
        urgency: Level::Medium,
        channel: Channel::Phone,
        contact_id: None,
    })
    .await
    .unwrap()
}

async fn me(app: &App) -> i64 {
    app.setup_state().await.unwrap().profile.unwrap().id
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
    let acme = acme(&lena).await;
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
        breach_actions: vec![BreachAction::NotifyLead],
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
            breach_actions: Vec::new(),
        })
        .await
        .unwrap();
    assert_eq!(contract.client_code.as_deref(), Some("ACME"));

    let t = phoned_p2(&ivan, acme, "network", "VPN down").await;
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
        breach_actions: Vec::new(),
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

/// A ticket on a 24x7 contract (a 1-minute first response): the background work of two desks
/// looks at once as time passes. The warning goes to every engineer while nobody has the
/// ticket and to the lead; the breach to the assignee and the lead, once each, and raises the
/// priority and moves the ticket to the next line as the contract says; each person's desk
/// shows each notice once.
async fn warnings_and_breaches_are_told_once_to_the_people_concerned(db: String, dir: &Path) {
    let lena = open(&db, &dir.join("lena"), "Lena Orlova", Role::Lead).await;
    let ivan = open(&db, &dir.join("ivan"), "Ivan Sokolov", Role::Engineer).await;
    let olga = open(&db, &dir.join("olga"), "Olga Petrova", Role::Engineer).await;
    let acme = acme(&lena).await;
    let round = lena.create_calendar(always("24x7")).await.unwrap();
    let target = |p: Priority| PolicyTargetDto {
        priority: p,
        direction: None,
        first_response_minutes: Some(1),
        resolution_minutes: Some(60),
        calendar_id: None,
    };
    let policy = lena
        .create_sla_policy(SlaPolicyInput {
            name: "Acme P1 desk".into(),
            client_id: Some(acme),
            is_default: false,
            calendar_id: round.id,
            pause_statuses: vec![Status::PendingCustomer],
            targets: vec![target(Priority::P1), target(Priority::P2)],
            breach_actions: vec![
                BreachAction::RaisePriority,
                BreachAction::NextLine,
                BreachAction::NotifyLead,
                BreachAction::NotifyLead,
            ],
        })
        .await
        .unwrap();
    assert_eq!(
        policy.breach_actions,
        vec![
            BreachAction::RaisePriority,
            BreachAction::NextLine,
            BreachAction::NotifyLead
        ],
        "each action once"
    );
    let t = phoned_p2(&ivan, acme, "network", "Core switch down").await;
    assert_eq!((t.priority, t.line), (Priority::P2, Line::L1));
    let start = t.created_at;

    // 30 s in: nothing to tell. 50 s in (75 % of a minute is 45 s): the warning, recorded
    // once though both desks look at the same moment.
    assert_eq!(lena.sound_sla_alerts(start + 30_000, 500).await.unwrap(), 0);
    let (a, b) = tokio::join!(
        lena.sound_sla_alerts(start + 50_000, 500),
        ivan.sound_sla_alerts(start + 50_000, 500)
    );
    assert!(a.unwrap() + b.unwrap() >= 1);
    let mine = ivan.take_sla_notices().await.unwrap();
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(
        (mine[0].goal, mine[0].threshold, mine[0].reason),
        (Goal::FirstResponse, Threshold::Warning, NoticeReason::Line)
    );
    assert_eq!(mine[0].ticket_id, t.id);
    assert!(mine[0].body.contains("75%"), "{}", mine[0].body);
    assert!(
        ivan.take_sla_notices().await.unwrap().is_empty(),
        "shown once"
    );
    let leads = lena.take_sla_notices().await.unwrap();
    assert_eq!(leads.len(), 1);
    assert_eq!(leads[0].reason, NoticeReason::Lead);
    assert_eq!(olga.take_sla_notices().await.unwrap().len(), 1);

    // Ivan takes it; at 70 s the first response is overdue.
    let v = ivan.ticket(t.id).await.unwrap().version;
    ivan.take(t.id, v).await.unwrap();
    let (a, b) = tokio::join!(
        olga.sound_sla_alerts(start + 70_000, 500),
        lena.sound_sla_alerts(start + 70_000, 500)
    );
    a.unwrap();
    b.unwrap();
    let mine = ivan.take_sla_notices().await.unwrap();
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(
        (mine[0].threshold, mine[0].reason),
        (Threshold::Breach, NoticeReason::Assignee)
    );
    assert_eq!(
        mine[0].actions,
        vec![
            BreachAction::RaisePriority,
            BreachAction::NextLine,
            BreachAction::NotifyLead
        ]
    );
    assert!(
        olga.take_sla_notices().await.unwrap().is_empty(),
        "not hers now"
    );
    assert_eq!(lena.take_sla_notices().await.unwrap().len(), 1);
    let now = ivan.ticket(t.id).await.unwrap();
    assert_eq!((now.priority, now.line), (Priority::P1, Line::L2));
    assert!(
        now.version > v + 1,
        "a new version for the breach's changes"
    );
    let card = ivan.card(t.id).await.unwrap();
    let breach = card
        .audit
        .iter()
        .find(|a| a.field == "sla_breach")
        .expect("the breach is in the audit trail");
    assert_eq!(breach.actor_name, "SLA");
    assert_eq!(breach.new_value.as_deref(), Some("first_response"));
    assert!(card
        .audit
        .iter()
        .any(|a| a.field == "priority" && a.new_value.as_deref() == Some("p1")));

    // Nothing more is due until the resolution warning (45 min); looking again tells nobody.
    assert_eq!(lena.sound_sla_alerts(start + 80_000, 500).await.unwrap(), 0);
    assert_eq!(
        ivan.sla_notices(10).await.unwrap().len(),
        2,
        "the history keeps both"
    );
    // The first response is met: the resolution clock alone runs on.
    ivan.add_comment(CommentInput {
        ticket_id: t.id,
        body: "The switch is back after a reboot; watching it".into(),
        visibility: Visibility::Public,
    })
    .await
    .unwrap();
    let clocks = ivan.ticket_clocks(t.id).await.unwrap();
    assert_eq!(clocks.clocks[0].state, ClockStateDto::Met);
    assert_eq!(
        lena.sound_sla_alerts(start + 46 * 60_000, 500)
            .await
            .unwrap(),
        1
    );
    let warned = ivan.take_sla_notices().await.unwrap();
    assert_eq!(warned.len(), 1);
    assert_eq!(
        (warned[0].goal, warned[0].threshold),
        (Goal::Resolution, Threshold::Warning)
    );
}

/// Issue 16, "the assignee (or the line's group) and the lead": people work a line (a lead
/// sets it; an engineer may not), and a breach on an L2 ticket nobody has is told to the L2
/// engineer, to whoever works every line and to the lead, never to the L1 engineer.
async fn a_ticket_nobody_has_is_told_to_its_lines_people_and_the_lead(db: String, dir: &Path) {
    let lena = open(&db, &dir.join("lena"), "Lena Orlova", Role::Lead).await;
    let ivan = open(&db, &dir.join("ivan"), "Ivan Sokolov", Role::Engineer).await;
    let olga = open(&db, &dir.join("olga"), "Olga Petrova", Role::Engineer).await;
    let petr = open(&db, &dir.join("petr"), "Petr Kim", Role::Engineer).await;
    let ivan_id = me(&ivan).await;
    let olga_id = me(&olga).await;
    let no = ivan
        .set_user_line(ivan_id, Some(Line::L3))
        .await
        .unwrap_err();
    assert_eq!(no.code, ErrorCode::NotAllowed, "{no:?}");
    assert!(no.message.contains("a lead"), "{}", no.message);
    let set = lena.set_user_line(ivan_id, Some(Line::L1)).await.unwrap();
    assert_eq!(set.line, Some(Line::L1));
    lena.set_user_line(olga_id, Some(Line::L2)).await.unwrap();
    let people = lena.users().await.unwrap();
    let line_of = |name: &str| people.iter().find(|u| u.name == name).unwrap().line;
    assert_eq!(
        (
            line_of("Ivan Sokolov"),
            line_of("Olga Petrova"),
            line_of("Petr Kim")
        ),
        (Some(Line::L1), Some(Line::L2), None),
        "Petr works every line"
    );
    let missing = lena.set_user_line(9_999, Some(Line::L2)).await.unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound, "{missing:?}");

    let acme = acme(&lena).await;
    let round = lena.create_calendar(always("24x7")).await.unwrap();
    lena.create_sla_policy(SlaPolicyInput {
        name: "Acme".into(),
        client_id: Some(acme),
        is_default: false,
        calendar_id: round.id,
        pause_statuses: vec![Status::PendingCustomer],
        targets: vec![PolicyTargetDto {
            priority: Priority::P2,
            direction: None,
            first_response_minutes: Some(1),
            resolution_minutes: Some(600),
            calendar_id: None,
        }],
        breach_actions: vec![BreachAction::NotifyLead],
    })
    .await
    .unwrap();
    let t = phoned_p2(&ivan, acme, "database", "Replica lags behind").await;
    let t = ivan
        .set_line(LineInput {
            ticket_id: t.id,
            line: Line::L2,
            note: Some("Replication slot is full; needs a DBA".into()),
            version: t.version,
        })
        .await
        .unwrap();
    assert_eq!((t.line, t.assignee_id), (Line::L2, None));

    // 70 s in: the first response is overdue (the warning is told as the breach).
    lena.sound_sla_alerts(t.created_at + 70_000, 500)
        .await
        .unwrap();
    for (who, app) in [("Olga", &olga), ("Petr", &petr)] {
        let told = app.take_sla_notices().await.unwrap();
        assert_eq!(told.len(), 1, "{who}: {told:?}");
        assert_eq!(
            (told[0].ticket_id, told[0].threshold, told[0].reason),
            (t.id, Threshold::Breach, NoticeReason::Line),
            "{who}"
        );
    }
    let leads = lena.take_sla_notices().await.unwrap();
    assert_eq!(leads.len(), 1, "{leads:?}");
    assert_eq!(leads[0].reason, NoticeReason::Lead);
    assert!(
        ivan.take_sla_notices().await.unwrap().is_empty(),
        "the L1 engineer is not told of an L2 ticket"
    );
}
