//! The hours ledger through `sb_app::App` on both backends: packages and their history, time
//! logged by hand and by timer (across a restart), previews and the block policy, thresholds
//! told once, approval by role, corrections, merges, renewal with rollover, the dashboard and
//! the portfolio; and two desks logging against the last hours at the same moment.

use std::path::Path;

use sb_app::{
    AdjustInput, App, ClientInput, DirectionMinutes, EntriesSelection, EntryStateDto, ErrorCode,
    MergeInput, NewProfile, OverageKind, PackageInput, Paths, RolloverKind, TicketInput, TimeInput,
    WorkTypeRate,
};
use sb_domain::{Channel, Direction, Level, Line, Priority, Role};
use sb_store::{ClientWrite, DrawWrite, EntryWrite, LedgerMove, NewTicket, PackageWrite, Store};

on_both_databases!(
    packages_and_time_through_the_ledger,
    two_desks_race_for_the_last_hours
);
on_both_backends!(the_store_writes_a_ledger_move_only_from_the_version_it_was_made_from);

async fn open(database: &str, home: &Path, name: &str, role: Role) -> App {
    let app = App::open(Paths::in_folder(home.to_path_buf()), Some(database))
        .await
        .expect("open the app");
    if app.setup_state().await.unwrap().profile.is_none() {
        app.create_profile(NewProfile {
            name: name.into(),
            role,
        })
        .await
        .unwrap();
    }
    app
}

fn package(client_id: i64, network: i64, hardware: i64) -> PackageInput {
    let today = sb_app::today();
    PackageInput {
        client_id,
        name: "Support 2026".into(),
        start: today.plus_days(-10).to_string(),
        end: today.plus_days(20).to_string(),
        shared_minutes: None,
        directions: vec![
            DirectionMinutes {
                direction: "network".into(),
                minutes: network,
            },
            DirectionMinutes {
                direction: "hardware".into(),
                minutes: hardware,
            },
        ],
        stack_order: 1,
        rounding: 15,
        minimum: 30,
        work_types: vec![
            WorkTypeRate {
                work_type: "remote".into(),
                percent: 100,
            },
            WorkTypeRate {
                work_type: "on_site".into(),
                percent: 150,
            },
        ],
        overage: OverageKind::Block,
        overage_minutes: None,
        overage_rate: None,
        rollover: RolloverKind::All,
        rollover_limit: None,
        rollover_expires_days: Some(30),
        thresholds: vec![50, 75, 90, 100],
        burn_margin: 10,
    }
}

fn time(ticket_id: i64, minutes: i64) -> TimeInput {
    TimeInput {
        ticket_id,
        work_date: None,
        minutes,
        work_type: "remote".into(),
        billable: true,
        note: "Checked the switch".into(),
    }
}

async fn client_and_ticket(app: &App, code: &str) -> (i64, i64) {
    let client = app
        .create_client(ClientInput {
            code: code.into(),
            name: format!("{code} Logistics"),
            notes: None,
            contacts: vec![],
        })
        .await
        .unwrap()
        .id;
    let ticket = new_ticket(app, client, "VPN drops every hour").await;
    (client, ticket)
}

async fn new_ticket(app: &App, client: i64, subject: &str) -> i64 {
    app.create_ticket(TicketInput {
        client_id: client,
        direction: "network".into(),
        subject: subject.into(),
        description: "Since Monday.".into(),
        impact: Level::Medium,
        urgency: Level::Medium,
        channel: Channel::Phone,
    })
    .await
    .unwrap()
    .id
}

async fn packages_and_time_through_the_ledger(db: String, dir: &Path) {
    let am = open(&db, &dir.join("am"), "Mira Account", Role::AccountManager).await;
    let eng = open(&db, &dir.join("eng"), "Egor Engineer", Role::Engineer).await;
    let (client, ticket) = client_and_ticket(&am, "NORD").await;

    // Only an account manager or admin sets up packages; bad terms say what to fix.
    let err = eng
        .create_package(package(client, 120, 60))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotAllowed);
    let mut bad = package(client, 120, 60);
    bad.end = "2020-01-01".into();
    assert_eq!(
        am.create_package(bad).await.unwrap_err().field.as_deref(),
        Some("end")
    );
    let p = am.create_package(package(client, 120, 60)).await.unwrap();
    assert_eq!(
        (p.total_minutes, p.left_minutes, p.active),
        (180, 180, true)
    );

    // 20 minutes bill 30 (round to 15, at least 30) and draw from the network budget.
    let e1 = eng.log_time(time(ticket, 20)).await.unwrap();
    assert_eq!(
        (e1.actual_minutes, e1.billable_minutes, e1.covered_minutes),
        (20, 30, 30)
    );
    assert_eq!(e1.state, EntryStateDto::Draft);
    assert_eq!(e1.draws[0].direction, "network");
    let card = eng.ticket_time(ticket).await.unwrap();
    assert!(!card.can_approve && am.ticket_time(ticket).await.unwrap().can_approve);
    assert_eq!(card.packages.len(), 1);
    assert_eq!(
        card.packages[0]
            .budgets
            .iter()
            .find(|b| b.direction == "network")
            .unwrap()
            .left_minutes,
        90
    );

    // The preview warns and the block policy refuses before anything is written.
    let preview = eng.preview_time(time(ticket, 100)).await.unwrap();
    assert!(
        preview
            .refused
            .as_deref()
            .unwrap()
            .contains("blocks further logging"),
        "{preview:?}"
    );
    let err = eng.log_time(time(ticket, 100)).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::PackageBlocked);
    let preview = eng.preview_time(time(ticket, 90)).await.unwrap();
    assert_eq!(preview.refused, None);
    assert!(
        preview.warnings.iter().any(|w| w.kind == "exhausts"),
        "{preview:?}"
    );
    assert_eq!(
        am.packages(client).await.unwrap()[0].used_minutes,
        30,
        "a preview writes nothing"
    );

    // 90 more: the network budget is used up. Of the package's 180 minutes 120 are used
    // (66%): 50% is crossed, and hours run ahead of the calendar (11 of 31 days gone). Told
    // once each.
    let e2 = eng.log_time(time(ticket, 90)).await.unwrap();
    assert_eq!(e2.covered_minutes, 90);
    let notices = am.take_threshold_notices().await.unwrap();
    assert_eq!(notices.len(), 2, "{notices:?}");
    assert!(
        notices
            .iter()
            .any(|n| n.body.contains("50% of the hours used")),
        "{notices:?}"
    );
    assert!(
        notices
            .iter()
            .any(|n| n.body.contains("faster than the calendar")),
        "{notices:?}"
    );
    assert!(am.take_threshold_notices().await.unwrap().is_empty());

    // A draft is edited (its minutes go back first) or deleted.
    let e2 = eng.edit_time(e2.id, time(ticket, 45)).await.unwrap();
    assert_eq!(e2.billable_minutes, 45);
    assert_eq!(am.packages(client).await.unwrap()[0].used_minutes, 75);
    eng.delete_time(e2.id).await.unwrap();
    assert_eq!(am.packages(client).await.unwrap()[0].used_minutes, 30);

    // Approval is the account manager's; an approved entry is corrected, never edited.
    let sel = EntriesSelection {
        ids: vec![e1.id],
        client_id: None,
        from: None,
        to: None,
    };
    assert_eq!(
        eng.approve_time(sel.clone()).await.unwrap_err().code,
        ErrorCode::NotAllowed
    );
    assert_eq!(am.approve_time(sel.clone()).await.unwrap(), 1);
    assert_eq!(
        am.approve_time(sel).await.unwrap(),
        0,
        "approving twice changes nothing"
    );
    assert_eq!(
        eng.edit_time(e1.id, time(ticket, 10))
            .await
            .unwrap_err()
            .code,
        ErrorCode::Conflict
    );
    let fix = eng
        .adjust_time(AdjustInput {
            entry_id: e1.id,
            minutes: -15,
            note: "Half of it was the client's own router".into(),
        })
        .await
        .unwrap();
    assert_eq!((fix.adjusts_id, fix.billable_minutes), (Some(e1.id), -15));
    assert_eq!(am.packages(client).await.unwrap()[0].used_minutes, 15);
    let period = EntriesSelection {
        ids: vec![],
        client_id: Some(client),
        from: Some(sb_app::today().plus_days(-30).to_string()),
        to: Some(sb_app::today().to_string()),
    };
    assert_eq!(
        am.approve_time(period.clone()).await.unwrap(),
        1,
        "the adjustment"
    );
    assert_eq!(am.invoice_time(period).await.unwrap(), 2);

    // A timer survives a restart of the app, and logs what it measured when stopped: started
    // 24.5 minutes ago (moved back in the database, as if it had run), it logs 25 minutes (a
    // started minute counts).
    const RAN: i64 = 24 * 60_000 + 30_000;
    let started = eng.start_timer(ticket).await.unwrap().started_at;
    sqlx::query("UPDATE timers SET started_at = started_at - $1 WHERE ticket_id = $2")
        .bind(RAN)
        .bind(ticket)
        .execute(eng.store().pool())
        .await
        .unwrap();
    eng.store().close().await;
    let eng = open(&db, &dir.join("eng"), "Egor Engineer", Role::Engineer).await;
    let kept = eng.ticket_time(ticket).await.unwrap().timer.unwrap();
    assert_eq!(kept.started_at, started - RAN, "the same timer");
    let timed = eng
        .stop_timer(ticket, "remote".into(), true, "Timed".into())
        .await
        .unwrap();
    assert_eq!((timed.actual_minutes, timed.billable_minutes), (25, 30));
    assert!(eng.ticket_time(ticket).await.unwrap().timer.is_none());

    // Merging a duplicate brings its time along, marked with where it was logged.
    let dup = new_ticket(&am, client, "VPN drops (again)").await;
    let on_dup = eng.log_time(time(dup, 30)).await.unwrap();
    am.merge(MergeInput {
        ticket_id: dup,
        into: ticket.to_string(),
        note: None,
    })
    .await
    .unwrap();
    let moved = am.ticket_time(ticket).await.unwrap();
    let moved = moved.entries.iter().find(|e| e.id == on_dup.id).unwrap();
    assert_eq!(
        moved.moved_from.as_deref(),
        Some(format!("SB-{dup:06}").as_str())
    );
    assert!(am.ticket_time(dup).await.unwrap().entries.is_empty());

    // The dashboard and the portfolio.
    let dash = am.client_dashboard(client).await.unwrap();
    let detail = &dash.packages[0];
    assert_eq!(detail.burn_down.len(), 31);
    assert_eq!(detail.package.used_minutes, 75);
    assert!(detail.package.runs_out_on.is_some());
    assert_eq!(dash.drafts, 2);
    assert_eq!(detail.history[0].change, "created");
    let portfolio = am.portfolio().await.unwrap();
    let row = portfolio
        .rows
        .iter()
        .find(|r| r.package_id == p.id)
        .unwrap();
    assert!(portfolio.uncovered.is_empty(), "{portfolio:?}");
    assert_eq!((row.used_minutes, row.left_minutes), (75, 105));
    assert_eq!(row.crossed_this_week, [50]);

    // Edited terms go to the history; renewal rolls the unused hours over.
    let mut more = package(client, 240, 60);
    more.name = "Support 2026 (extended)".into();
    am.update_package(p.id, more).await.unwrap();
    let history = am.package(p.id).await.unwrap().history;
    assert_eq!(history.len(), 2);
    assert!(
        history[1].summary.contains("hours 3:00 -> 5:00"),
        "{history:?}"
    );
    let next = am.renew_package(p.id).await.unwrap();
    assert_eq!(next.renewed_from_id, Some(p.id));
    // 300 minutes less the 75 used roll over.
    assert_eq!(next.total_minutes, 300 + 225);
    am.close_package(p.id).await.unwrap();
    assert_eq!(
        am.close_package(p.id).await.unwrap_err().code,
        ErrorCode::Conflict
    );
}

async fn two_desks_race_for_the_last_hours(db: String, dir: &Path) {
    let am = open(&db, &dir.join("am"), "Mira Account", Role::AccountManager).await;
    let (client, ticket) = client_and_ticket(&am, "VOLGA").await;
    am.create_package(package(client, 60, 60)).await.unwrap();
    let a = open(&db, &dir.join("a"), "Anna", Role::Engineer).await;
    let b = open(&db, &dir.join("b"), "Boris", Role::Engineer).await;
    // Both see 60 minutes left and log 45 at once: one fits, the other is refused.
    let (ra, rb) = tokio::join!(a.log_time(time(ticket, 45)), b.log_time(time(ticket, 45)));
    let ok = [&ra, &rb].iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok, 1, "{ra:?} {rb:?}");
    let refused = match (ra, rb) {
        (Err(e), _) | (_, Err(e)) => e,
        _ => unreachable!("one of them is refused"),
    };
    assert_eq!(refused.code, ErrorCode::PackageBlocked, "{refused:?}");
    let p = &am.packages(client).await.unwrap()[0];
    let network = p.budgets.iter().find(|x| x.direction == "network").unwrap();
    assert_eq!((network.used_minutes, network.left_minutes), (45, 15));
}

async fn the_store_writes_a_ledger_move_only_from_the_version_it_was_made_from(store: &Store) {
    let me = store
        .create_user("Mira", Role::AccountManager, 1)
        .await
        .unwrap();
    let client = store
        .create_client(
            &ClientWrite {
                code: "ACME".into(),
                name: "Acme".into(),
                notes: None,
                contacts: vec![],
            },
            1,
        )
        .await
        .unwrap();
    let ticket = store
        .create_ticket(
            &NewTicket {
                client_id: client,
                direction: Direction::parse("network").unwrap(),
                subject: "VPN".into(),
                description: String::new(),
                impact: Level::Low,
                urgency: Level::Low,
                priority: Priority::from_matrix(Level::Low, Level::Low),
                channel: Channel::Phone,
                line: Line::L1,
                created_by: me.id,
            },
            2,
        )
        .await
        .unwrap();
    let (v0, none) = store.ledger_snapshot(client).await.unwrap();
    assert!(none.is_empty());
    assert_eq!(
        store.clients_without_package(20_000).await.unwrap().len(),
        1
    );
    let package = store
        .create_package(
            &PackageWrite {
                client_id: client,
                name: "P".into(),
                start_day: 20_000,
                end_day: 20_030,
                stack_order: 1,
                terms: "{}".into(),
                rolled: None,
                rolled_until: None,
                total_minutes: 600,
                renewed_from_id: None,
            },
            me.id,
            3,
        )
        .await
        .unwrap();
    assert!(store
        .clients_without_package(20_000)
        .await
        .unwrap()
        .is_empty());
    let (v1, packages) = store.ledger_snapshot(client).await.unwrap();
    assert!(v1 > v0, "a new package moves the client's ledger");
    assert_eq!(packages[0].id, package);

    let entry = EntryWrite {
        ticket_id: ticket,
        client_id: client,
        user_id: me.id,
        work_date: 20_005,
        actual_minutes: 50,
        billable_minutes: 60,
        work_type: "remote".into(),
        billable: true,
        note: String::new(),
        adjusts_id: None,
    };
    let draws = [
        DrawWrite {
            package_id: Some(package),
            key: "network".into(),
            kind: "base".into(),
            minutes: 45,
            rate_per_hour: None,
        },
        DrawWrite {
            package_id: Some(package),
            key: "network".into(),
            kind: "overage".into(),
            minutes: 15,
            rate_per_hour: Some(100),
        },
    ];
    let stale = LedgerMove {
        client_id: client,
        expected_version: v0,
        draws: &draws,
        thresholds: &[(package, 50)],
        now: 10,
    };
    assert_eq!(
        store.log_entry(&entry, &stale).await.unwrap(),
        None,
        "an allocation from an old snapshot is refused"
    );
    assert!(
        store.entries_of_ticket(ticket).await.unwrap().is_empty(),
        "and writes nothing"
    );
    let fresh = LedgerMove {
        expected_version: v1,
        ..stale.clone()
    };
    let (id, crossed) = store.log_entry(&entry, &fresh).await.unwrap().unwrap();
    assert_eq!(crossed, [(package, 50)]);
    let p = store.package(package).await.unwrap().unwrap();
    assert_eq!((p.used_minutes, p.overage_minutes), (45, 15));
    assert_eq!(p.usage[0].used_base, 45);
    assert_eq!(store.package_daily(package).await.unwrap(), [(20_005, 45)]);
    // The same threshold again is not new; the notices are taken once.
    let (v2, _) = store.ledger_snapshot(client).await.unwrap();
    let again = LedgerMove {
        expected_version: v2,
        ..stale.clone()
    };
    let (second, crossed) = store.log_entry(&entry, &again).await.unwrap().unwrap();
    assert!(crossed.is_empty());
    assert_eq!(
        store.take_unnotified_thresholds(11).await.unwrap(),
        [(package, 50)]
    );
    assert!(store
        .take_unnotified_thresholds(12)
        .await
        .unwrap()
        .is_empty());
    // A draft deleted gives its minutes back; an approved one is not a draft any more.
    assert!(store.delete_draft(second).await.unwrap());
    let p = store.package(package).await.unwrap().unwrap();
    assert_eq!((p.used_minutes, p.overage_minutes), (45, 15));
    assert_eq!(store.count_drafts(client).await.unwrap(), 1);
    let moved = store
        .advance_entries("draft", "approved", Some(&[id]), None, me.id, 20)
        .await
        .unwrap();
    assert_eq!(moved, 1);
    assert!(!store.delete_draft(id).await.unwrap());
    assert_eq!(store.count_drafts(client).await.unwrap(), 0);
    // Timers: one per person and ticket.
    assert!(store.start_timer(me.id, ticket, 100).await.unwrap());
    assert!(!store.start_timer(me.id, ticket, 200).await.unwrap());
    assert_eq!(store.timers(me.id).await.unwrap(), [(ticket, 100)]);
    assert_eq!(store.stop_timer(me.id, ticket).await.unwrap(), Some(100));
    assert_eq!(store.stop_timer(me.id, ticket).await.unwrap(), None);
    // Closing is kept in the history, once.
    assert!(store.close_package(package, me.id, 30).await.unwrap());
    assert!(!store.close_package(package, me.id, 31).await.unwrap());
    let history: Vec<String> = store
        .package_history(package)
        .await
        .unwrap()
        .into_iter()
        .map(|h| h.change)
        .collect();
    assert_eq!(history, ["created", "closed"]);
}
