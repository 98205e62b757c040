//! The hours ledger through `sb_app::App` on both backends: packages and their history, time
//! logged by hand and by timer (across a restart), previews and the block policy, thresholds
//! told once, approval by role, corrections, merges, renewal with rollover, the dashboard and
//! the portfolio; and two desks logging against the last hours at the same moment.

use std::path::Path;

use sb_app::{
    AdjustInput, App, ClientInput, DirectionMinutes, EntriesSelection, EntryStateDto, ErrorCode,
    LedgerWarningKind, MergeInput, NewProfile, OverageKind, PackageInput, Paths, RolloverKind,
    StatementFormat, StatementInput, TicketInput, TimeInput, WorkTypeRate,
};
use sb_domain::{Channel, Direction, Level, Line, Priority, Role};
use sb_store::{
    ClientWrite, Crossed, DrawWrite, EntryWrite, LedgerMove, NewTicket, PackageWrite, Store,
};

on_both_databases!(
    packages_and_time_through_the_ledger,
    two_desks_race_for_the_last_hours,
    hole_a_package_renews_twice,
    hole_adjustments_give_back_more_than_was_logged,
    hole_the_same_package_is_sold_twice,
    hole_a_budget_is_edited_below_what_is_used,
    hole_thresholds_ignore_the_direction_budgets,
    hole_messages_that_contradict_themselves,
    hole_dates_tomorrow_and_a_forecast_past_the_end,
    hole_statements_balances_as_of_the_period_end_and_drafts,
);
on_both_backends!(
    the_store_writes_a_ledger_move_only_from_the_version_it_was_made_from,
    the_database_refuses_a_second_next_period_and_a_balance_below_zero,
);

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

pub(crate) fn package(client_id: i64, network: i64, hardware: i64) -> PackageInput {
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
            language: None,
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
        contact_id: None,
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
            .contains("takes no time beyond its hours"),
        "{preview:?}"
    );
    let err = eng.log_time(time(ticket, 100)).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::PackageBlocked);
    let preview = eng.preview_time(time(ticket, 90)).await.unwrap();
    assert_eq!(preview.refused, None);
    assert!(
        preview
            .warnings
            .iter()
            .any(|w| w.kind == LedgerWarningKind::Exhausts),
        "{preview:?}"
    );
    assert_eq!(
        am.packages(client).await.unwrap()[0].used_minutes,
        30,
        "a preview writes nothing"
    );

    // 90 more: the network budget is used up. Of the package's 180 minutes 120 are used
    // (66%): 50% is crossed, and hours run ahead of the calendar (11 of 31 days gone); the
    // network budget crossed all its thresholds at once, told as its highest. Told once each.
    let e2 = eng.log_time(time(ticket, 90)).await.unwrap();
    assert_eq!(e2.covered_minutes, 90);
    let notices = am.take_threshold_notices().await.unwrap();
    assert_eq!(notices.len(), 3, "{notices:?}");
    assert!(
        notices
            .iter()
            .any(|n| n.direction.as_deref() == Some("network")
                && n.threshold == 100
                && n.body.contains("100% of the Network hours used; 0:00 left")),
        "{notices:?}"
    );
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
        version: am.ticket(dup).await.unwrap().version,
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
    // 105 minutes left at 75 in the last 30 days would run out after the period's end: the
    // forecast says the hours last the period rather than a day past it.
    assert_eq!(detail.package.runs_out_on, None);
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
                language: None,
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
            v0,
            me.id,
            3,
        )
        .await
        .unwrap()
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
        thresholds: &[Crossed {
            package_id: package,
            key: String::new(),
            threshold: 50,
        }],
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
    assert_eq!(crossed, m_50(package));
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
    let told: Vec<Crossed> = crossings(store.take_threshold_notices(me.id, 11).await.unwrap());
    assert_eq!(told, m_50(package));
    assert!(store
        .take_threshold_notices(me.id, 12)
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

fn m_50(package: i64) -> [Crossed; 1] {
    [Crossed {
        package_id: package,
        key: String::new(),
        threshold: 50,
    }]
}

// --- the holes of issue 10, each through App on both databases ------------------------------

async fn network_ticket(app: &App, client: i64, direction: &str) -> i64 {
    app.create_ticket(TicketInput {
        client_id: client,
        direction: direction.into(),
        subject: format!("{direction} trouble"),
        description: "Since Monday.".into(),
        impact: Level::Medium,
        urgency: Level::Medium,
        channel: Channel::Phone,
        contact_id: None,
    })
    .await
    .unwrap()
    .id
}

async fn hole_a_package_renews_twice(db: String, dir: &Path) {
    let am = open(&db, &dir.join("am"), "Mira Account", Role::AccountManager).await;
    let (client, _) = client_and_ticket(&am, "RENEW").await;
    let p = am.create_package(package(client, 120, 60)).await.unwrap();
    let next = am.renew_package(p.id).await.unwrap();
    assert_eq!(next.renewed_from_id, Some(p.id));
    // The second renewal is refused and names the next period that exists.
    let err = am.renew_package(p.id).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::LedgerRefused, "{err:?}");
    assert!(
        err.message.contains(&format!(
            "package {} 'Support 2026' ({} – {})",
            next.id, next.terms.start, next.terms.end
        )),
        "{}",
        err.message
    );
    assert_eq!(
        am.packages(client).await.unwrap().len(),
        2,
        "nothing written"
    );

    // Two desks renewing the same package at the same moment: one next period.
    let other = am
        .create_package(PackageInput {
            stack_order: 2,
            name: "Second contract".into(),
            ..package(client, 30, 30)
        })
        .await
        .unwrap();
    let am2 = open(&db, &dir.join("am2"), "Oleg Account", Role::AccountManager).await;
    let (ra, rb) = tokio::join!(am.renew_package(other.id), am2.renew_package(other.id));
    assert_eq!(
        [&ra, &rb].iter().filter(|r| r.is_ok()).count(),
        1,
        "{ra:?} {rb:?}"
    );
    let refused = match (ra, rb) {
        (Err(e), _) | (_, Err(e)) => e,
        _ => unreachable!(),
    };
    assert_eq!(refused.code, ErrorCode::LedgerRefused, "{refused:?}");
    let successors = am
        .packages(client)
        .await
        .unwrap()
        .into_iter()
        .filter(|x| x.renewed_from_id == Some(other.id))
        .count();
    assert_eq!(successors, 1);
}

async fn hole_adjustments_give_back_more_than_was_logged(db: String, dir: &Path) {
    let am = open(&db, &dir.join("am"), "Mira Account", Role::AccountManager).await;
    let (client, ticket) = client_and_ticket(&am, "ADJ").await;
    am.create_package(package(client, 60, 60)).await.unwrap();
    // 20 minutes bill 30; approved, so corrected by adjustments.
    let e = am.log_time(time(ticket, 20)).await.unwrap();
    am.approve_time(EntriesSelection {
        ids: vec![e.id],
        client_id: None,
        from: None,
        to: None,
    })
    .await
    .unwrap();
    let adjust = |minutes: i64| AdjustInput {
        entry_id: e.id,
        minutes,
        note: "Correction".into(),
    };
    // More than the entry: refused, with what is left.
    let err = am.adjust_time(adjust(-45)).await.unwrap_err();
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::LedgerRefused, Some("minutes"))
    );
    assert!(
        err.message.contains("0:30 of billable time"),
        "{}",
        err.message
    );
    // Several that add up to more: the one that would pass zero is refused.
    let first = am.adjust_time(adjust(-20)).await.unwrap();
    assert_eq!((first.billable_minutes, first.actual_minutes), (-20, -20));
    let err = am.adjust_time(adjust(-20)).await.unwrap_err();
    assert!(
        err.message
            .contains("0:10 of billable time and 0:00 of actual time"),
        "{}",
        err.message
    );
    // A correction of a correction corrects the entry itself.
    let last = am
        .adjust_time(AdjustInput {
            entry_id: first.id,
            ..adjust(-10)
        })
        .await
        .unwrap();
    assert_eq!(
        (last.adjusts_id, last.billable_minutes, last.actual_minutes),
        (Some(e.id), -10, 0)
    );
    assert!(am.adjust_time(adjust(-1)).await.is_err());
    let p = &am.packages(client).await.unwrap()[0];
    let network = p.budgets.iter().find(|b| b.direction == "network").unwrap();
    assert_eq!((network.used_minutes, network.left_minutes), (0, 60));
    assert_eq!(p.left_minutes, 120, "never more than the package had");
    // The block package still refuses what it does not hold.
    assert_eq!(
        am.log_time(time(ticket, 61)).await.unwrap_err().code,
        ErrorCode::PackageBlocked
    );
    // Time given back can be added again.
    assert_eq!(
        am.adjust_time(adjust(15)).await.unwrap().billable_minutes,
        30
    );
}

async fn hole_the_same_package_is_sold_twice(db: String, dir: &Path) {
    let am = open(&db, &dir.join("am"), "Mira Account", Role::AccountManager).await;
    let (client, _) = client_and_ticket(&am, "TWICE").await;
    let p = am.create_package(package(client, 120, 60)).await.unwrap();
    let copy = PackageInput {
        name: "Support 2026 (copy)".into(),
        ..package(client, 120, 60)
    };
    let err = am.create_package(copy.clone()).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::LedgerRefused);
    assert!(
        err.message
            .contains(&format!("package {} 'Support 2026'", p.id)),
        "{}",
        err.message
    );
    // Overlapping on the network budget with the same order: the order is asked for.
    let extra = PackageInput {
        name: "Extra network".into(),
        directions: vec![DirectionMinutes {
            direction: "network".into(),
            minutes: 600,
        }],
        ..package(client, 0, 0)
    };
    let err = am.create_package(extra.clone()).await.unwrap_err();
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::LedgerRefused, Some("stackOrder"))
    );
    assert!(
        err.message.contains("the network budget"),
        "{}",
        err.message
    );
    let extra = am
        .create_package(PackageInput {
            stack_order: 2,
            ..extra
        })
        .await
        .unwrap();
    assert_eq!(am.packages(client).await.unwrap().len(), 2);
    // Editing a package into the other one's place is refused the same way.
    let err = am
        .update_package(
            extra.id,
            PackageInput {
                stack_order: 1,
                ..extra.terms.clone()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("stackOrder"));
    // Two desks selling the very same package at once: one is sold.
    let am2 = open(&db, &dir.join("am2"), "Oleg Account", Role::AccountManager).await;
    let later = PackageInput {
        start: sb_app::today().plus_days(100).to_string(),
        end: sb_app::today().plus_days(130).to_string(),
        ..package(client, 60, 60)
    };
    let (ra, rb) = tokio::join!(am.create_package(later.clone()), am2.create_package(later));
    assert_eq!(
        [&ra, &rb].iter().filter(|r| r.is_ok()).count(),
        1,
        "{ra:?} {rb:?}"
    );
    assert_eq!(am.packages(client).await.unwrap().len(), 3);
}

async fn hole_a_budget_is_edited_below_what_is_used(db: String, dir: &Path) {
    let am = open(&db, &dir.join("am"), "Mira Account", Role::AccountManager).await;
    let (client, ticket) = client_and_ticket(&am, "CUT").await;
    let p = am.create_package(package(client, 600, 60)).await.unwrap();
    am.log_time(time(ticket, 600)).await.unwrap();
    let err = am
        .update_package(p.id, package(client, 60, 60))
        .await
        .unwrap_err();
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::LedgerRefused, Some("budget"))
    );
    assert!(
        err.message.contains("the network budget has 10:00 used"),
        "{}",
        err.message
    );
    assert!(err.message.contains("at least 10:00"), "{}", err.message);
    // A split package with time on it does not become a pool (its used time would vanish).
    let pooled = PackageInput {
        shared_minutes: Some(6000),
        directions: vec![],
        ..package(client, 0, 0)
    };
    assert_eq!(
        am.update_package(p.id, pooled)
            .await
            .unwrap_err()
            .field
            .as_deref(),
        Some("budget")
    );
    let p = am.package(p.id).await.unwrap();
    assert_eq!(p.history.len(), 1, "nothing written");
    assert_eq!((p.package.used_minutes, p.package.used_percent), (600, 90));
    // Exactly what is used is fine.
    am.update_package(p.package.id, package(client, 600, 0))
        .await
        .unwrap();
}

async fn hole_thresholds_ignore_the_direction_budgets(db: String, dir: &Path) {
    let am = open(&db, &dir.join("am"), "Mira Account", Role::AccountManager).await;
    let (client, _) = client_and_ticket(&am, "DBA").await;
    let mut terms = package(client, 600, 0);
    terms.directions = vec![
        DirectionMinutes {
            direction: "network".into(),
            minutes: 600,
        },
        DirectionMinutes {
            direction: "database".into(),
            minutes: 60,
        },
    ];
    terms.overage = OverageKind::Bill;
    terms.overage_rate = Some(6000);
    terms.end = sb_app::today().plus_days(300).to_string();
    // Only the thresholds on hours here, not running ahead of the calendar.
    terms.burn_margin = 100;
    let p = am.create_package(terms).await.unwrap();
    let db_ticket = network_ticket(&am, client, "database").await;
    // The database hour used up is 9% of the package: the database budget's notice says so.
    am.log_time(time(db_ticket, 60)).await.unwrap();
    let notices = am.take_threshold_notices().await.unwrap();
    assert_eq!(notices.len(), 1, "{notices:?}");
    let n = &notices[0];
    assert_eq!(
        (n.direction.as_deref(), n.threshold, n.left_minutes),
        (Some("database"), 100, 0)
    );
    assert!(
        n.body
            .contains("100% of the Database hours used; 0:00 left"),
        "{}",
        n.body
    );
    let row = am
        .portfolio()
        .await
        .unwrap()
        .rows
        .into_iter()
        .find(|r| r.package_id == p.id)
        .unwrap();
    assert_eq!(row.budgets_crossed_this_week[0].direction, "database");
    assert!(row.crossed_this_week.is_empty());
    let dto = &am.packages(client).await.unwrap()[0];
    let database = dto
        .budgets
        .iter()
        .find(|b| b.direction == "database")
        .unwrap();
    assert_eq!(
        (
            database.used_percent,
            database.thresholds_crossed.as_slice()
        ),
        (100, &[50, 75, 90, 100][..])
    );
    // Overage counts as used in the "used %" as in the thresholds: 60 of overage on database
    // puts it at 200%, the package at 18%; nothing new to tell (each crossing once).
    am.log_time(time(db_ticket, 60)).await.unwrap();
    assert!(am.take_threshold_notices().await.unwrap().is_empty());
    let dto = &am.packages(client).await.unwrap()[0];
    let database = dto
        .budgets
        .iter()
        .find(|b| b.direction == "database")
        .unwrap();
    assert_eq!((database.used_percent, database.overage_minutes), (200, 60));
    assert_eq!((dto.used_percent, dto.overage_minutes), (18, 60));
}

async fn hole_messages_that_contradict_themselves(db: String, dir: &Path) {
    let am = open(&db, &dir.join("am"), "Mira Account", Role::AccountManager).await;
    let (client, ticket) = client_and_ticket(&am, "WORDS").await;
    am.create_package(package(client, 60, 600)).await.unwrap();
    // Only the network budget runs out: named, with what the package has elsewhere.
    let preview = am.preview_time(time(ticket, 60)).await.unwrap();
    let w = preview
        .warnings
        .iter()
        .find(|w| w.kind == LedgerWarningKind::Exhausts)
        .unwrap();
    assert!(
        w.message.contains("the last of the network hours"),
        "{}",
        w.message
    );
    assert!(
        w.message.contains("10:00 left in its other directions"),
        "{}",
        w.message
    );
    // A refusal with time left says how much, and what to do; never "used up".
    am.log_time(time(ticket, 40)).await.unwrap();
    let refused = am
        .preview_time(time(ticket, 40))
        .await
        .unwrap()
        .refused
        .unwrap();
    assert!(
        refused.contains("the network budget of package 'Support 2026' has 0:15 left"),
        "{refused}"
    );
    assert!(refused.contains("Log at most 0:15"), "{refused}");
    assert!(!refused.contains("used up"), "{refused}");
    // A day before the package starts: "starts on", not "ended on".
    let before = TimeInput {
        work_date: Some(sb_app::today().plus_days(-11).to_string()),
        ..time(ticket, 30)
    };
    let w = &am.preview_time(before).await.unwrap().warnings[0];
    assert_eq!(w.kind, LedgerWarningKind::NotStarted);
    assert_eq!(w.day, Some(sb_app::today().plus_days(-10).to_string()));
    assert!(
        w.message
            .contains(&format!("starts on {}", sb_app::today().plus_days(-10))),
        "{}",
        w.message
    );
}

async fn hole_dates_tomorrow_and_a_forecast_past_the_end(db: String, dir: &Path) {
    let am = open(&db, &dir.join("am"), "Mira Account", Role::AccountManager).await;
    let (client, ticket) = client_and_ticket(&am, "DATES").await;
    am.create_package(package(client, 6000, 60)).await.unwrap();
    let tomorrow = TimeInput {
        work_date: Some(sb_app::today().plus_days(1).to_string()),
        ..time(ticket, 30)
    };
    let err = am.log_time(tomorrow).await.unwrap_err();
    assert_eq!(err.field.as_deref(), Some("workDate"));
    assert!(err.message.contains("today or earlier"), "{}", err.message);
    // 30 minutes in the last 30 days and 99 hours left: that rate lasts past the period's end.
    am.log_time(time(ticket, 30)).await.unwrap();
    let p = &am.packages(client).await.unwrap()[0];
    assert_eq!(p.runs_out_on, None, "{p:?}");
}

async fn the_database_refuses_a_second_next_period_and_a_balance_below_zero(store: &Store) {
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
                language: None,
            },
            1,
        )
        .await
        .unwrap();
    let write = |renewed_from_id| PackageWrite {
        client_id: client,
        name: "P".into(),
        start_day: 20_000,
        end_day: 20_030,
        stack_order: 1,
        terms: "{}".into(),
        rolled: None,
        rolled_until: None,
        total_minutes: 600,
        renewed_from_id,
    };
    let (v, _) = store.ledger_snapshot(client).await.unwrap();
    let first = store
        .create_package(&write(None), v, me.id, 2)
        .await
        .unwrap()
        .unwrap();
    let (v, _) = store.ledger_snapshot(client).await.unwrap();
    assert_eq!(
        store
            .create_package(&write(None), v - 1, me.id, 3)
            .await
            .unwrap(),
        None,
        "stale"
    );
    store
        .create_package(&write(Some(first)), v, me.id, 3)
        .await
        .unwrap()
        .unwrap();
    let (v, _) = store.ledger_snapshot(client).await.unwrap();
    let err = store
        .create_package(&write(Some(first)), v, me.id, 4)
        .await
        .unwrap_err();
    assert!(err.is_unique_violation(), "{err:?}");
    // A balance cannot be moved below zero, even by a write that bypasses the app.
    sqlx::query(
        "INSERT INTO package_usage (package_id, budget_key, used_base) VALUES ($1, '', 10)",
    )
    .bind(first)
    .execute(store.pool())
    .await
    .unwrap();
    let below =
        sqlx::query("UPDATE package_usage SET used_base = used_base - 11 WHERE package_id = $1")
            .bind(first)
            .execute(store.pool())
            .await;
    assert!(below.is_err(), "{below:?}");
}

async fn hole_statements_balances_as_of_the_period_end_and_drafts(db: String, dir: &Path) {
    let am = open(&db, &dir.join("am"), "Mira Account", Role::AccountManager).await;
    let (client, ticket) = client_and_ticket(&am, "STMT").await;
    let today = sb_app::today();
    let mut terms = package(client, 600, 60);
    terms.start = today.plus_days(-40).to_string();
    am.create_package(terms).await.unwrap();
    // An hour 35 days ago (approved), two hours today (a draft).
    let early = am
        .log_time(TimeInput {
            work_date: Some(today.plus_days(-35).to_string()),
            ..time(ticket, 60)
        })
        .await
        .unwrap();
    am.approve_time(EntriesSelection {
        ids: vec![early.id],
        client_id: None,
        from: None,
        to: None,
    })
    .await
    .unwrap();
    am.log_time(time(ticket, 120)).await.unwrap();
    let csv = |from: i32, to: i32, leave_out_drafts: bool| {
        let am = &am;
        async move {
            let (name, bytes) = am
                .statement(&StatementInput {
                    client_id: client,
                    from: today.plus_days(from).to_string(),
                    to: today.plus_days(to).to_string(),
                    format: StatementFormat::Csv,
                    leave_out_drafts,
                })
                .await
                .unwrap();
            assert!(name.ends_with(".csv"));
            String::from_utf8(bytes).unwrap()
        }
    };
    // A statement for a period that ended 30 days ago: the package as it stood then (1:00
    // of the network's 10:00 used), not as it stands today (3:00).
    let then = csv(-40, -30, false).await;
    assert!(then.starts_with('\u{feff}'), "a byte-order mark");
    assert!(then.contains(",Network,600,60,540,"), "{then}");
    assert!(!then.contains(",Network,600,180,"), "{then}");
    // Today's statement: the draft is in, marked, unless it is left out.
    let now = csv(-40, 0, false).await;
    assert!(now.contains(",Network,600,180,420,"), "{now}");
    assert!(now.contains(",draft,"), "{now}");
    assert!(
        now.contains("STMT · STMT Logistics,Total,,,,,,180,180,180,0,,"),
        "{now}"
    );
    let approved_only = csv(-40, 0, true).await;
    assert!(!approved_only.contains(",draft,"), "{approved_only}");
    assert!(
        approved_only.contains(",Total,,,,,,60,60,60,0,,"),
        "{approved_only}"
    );
    // The client reads it: a client written to in Russian gets it in Russian, whatever the
    // desk's language; a client with no language of its own gets the desk's (English here).
    assert!(now.contains("client,date,ticket,subject"), "{now}");
    let volga = am
        .create_client(ClientInput {
            language: Some(sb_domain::inform::MailLanguage::Ru),
            code: "VOLGA".into(),
            name: "Волга".into(),
            notes: None,
            contacts: vec![],
        })
        .await
        .unwrap()
        .id;
    let russian = |format| StatementInput {
        client_id: volga,
        from: today.plus_days(-40).to_string(),
        to: today.to_string(),
        format,
        leave_out_drafts: false,
    };
    let (_, bytes) = am.statement(&russian(StatementFormat::Csv)).await.unwrap();
    let ru = String::from_utf8(bytes).unwrap();
    assert!(ru.contains("клиент,дата,заявка,тема"), "{ru}");
    let (name, pdf) = am.statement(&russian(StatementFormat::Pdf)).await.unwrap();
    assert!(name.ends_with(".pdf") && pdf.starts_with(b"%PDF"), "{name}");
    // A refusal about the period is worded as a message, English in `message`.
    let backwards = am
        .statement(&StatementInput {
            from: today.to_string(),
            to: today.plus_days(-1).to_string(),
            ..russian(StatementFormat::Csv)
        })
        .await
        .unwrap_err();
    assert_eq!(backwards.message, "the period ends before it starts");
    assert_eq!(
        backwards.text(sb_i18n::Lang::Ru),
        "период заканчивается раньше, чем начинается"
    );
}

// --- migration 0026 on a ledger written before it -------------------------------------------

on_both_upgrades!(migration_0026_repairs_a_ledger_written_with_the_holes);

/// A workspace of the released ledger (migrations up to 0025) holding what its holes let in: a
/// package renewed twice, thresholds crossed, overage logged. Opening it with this version
/// keeps one next period, the thresholds (as the whole package's), and the overage per budget.
async fn migration_0026_repairs_a_ledger_written_with_the_holes(
    backend: &str,
    url: &str,
    location: sb_store::DbLocation,
) {
    crate::util::workspace_before(
        backend,
        url,
        26,
        &[
        "INSERT INTO users (id, name, role, created_at) VALUES (1, 'Mira', 'account_manager', 1)",
        "INSERT INTO clients (id, code, name, created_at, updated_at) VALUES (1, 'OLD', 'Old', 1, 1)",
        "INSERT INTO tickets (id, client_id, direction, subject, description, impact, urgency, \
           priority, status, line, channel, created_by, created_at, updated_at) \
         VALUES (1, 1, 'network', 'VPN', '', 'low', 'low', 4, 'new', 'l1', 'phone', 1, 1, 1)",
        "INSERT INTO packages (id, client_id, name, start_day, end_day, stack_order, terms, \
           total_minutes, renewed_from_id, created_by, created_at, updated_at) VALUES \
           (1, 1, 'P', 20000, 20030, 1, '{}', 600, NULL, 1, 1, 1), \
           (2, 1, 'P', 20031, 20061, 1, '{}', 600, 1, 1, 2, 2), \
           (3, 1, 'P', 20031, 20061, 1, '{}', 600, 1, 1, 3, 3)",
        "INSERT INTO package_usage (package_id, budget_key, used_base, used_rolled) \
         VALUES (1, 'network', 600, 0)",
        "INSERT INTO package_thresholds (package_id, threshold, crossed_at, notified_at) \
         VALUES (1, 50, 5, 6), (1, 100, 7, NULL)",
        "INSERT INTO time_entries (id, ticket_id, client_id, user_id, work_date, actual_minutes, \
           billable_minutes, work_type, billable, note, state, created_at) \
         VALUES (1, 1, 1, 1, 20005, 700, 700, 'remote', 1, '', 'approved', 5)",
        "INSERT INTO time_draws (entry_id, seq, package_id, budget_key, kind, minutes, \
           rate_per_hour) VALUES (1, 0, 1, 'network', 'base', 600, NULL), \
           (1, 1, 1, 'network', 'overage', 100, 50)",
        ],
    )
    .await;

    let store = Store::open(&location).await.expect("0026 applies");
    let successors: Vec<i64> = store
        .packages_of_client(1)
        .await
        .unwrap()
        .iter()
        .filter(|p| p.renewed_from_id == Some(1))
        .map(|p| p.id)
        .collect();
    assert_eq!(
        successors,
        [2],
        "the first next period stays the next period"
    );
    let p = store.package(1).await.unwrap().unwrap();
    assert_eq!(
        (
            p.usage[0].key.as_str(),
            p.usage[0].used_base,
            p.usage[0].used_overage
        ),
        ("network", 600, 100),
        "overage backfilled per budget"
    );
    let crossed: Vec<(String, i64, Option<i64>)> = store
        .package_thresholds(1)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.key, c.threshold, c.notified_at))
        .collect();
    assert_eq!(
        crossed[..1],
        [(String::new(), 50, Some(6))],
        "thresholds kept, as the whole package's"
    );
    // The one nobody was told of became the account manager's notice (migration 0052).
    assert!(
        matches!(&crossed[1..], [(key, 100, Some(_))] if key.is_empty()),
        "{crossed:?}"
    );
    let told: Vec<Crossed> = crossings(store.take_threshold_notices(1, 10).await.unwrap());
    assert_eq!(
        told,
        [Crossed {
            package_id: 1,
            key: String::new(),
            threshold: 100
        }]
    );
    let (v, _) = store.ledger_snapshot(1).await.unwrap();
    let again = PackageWrite {
        client_id: 1,
        name: "P".into(),
        start_day: 20_031,
        end_day: 20_061,
        stack_order: 2,
        terms: "{}".into(),
        rolled: None,
        rolled_until: None,
        total_minutes: 600,
        renewed_from_id: Some(1),
    };
    assert!(store
        .create_package(&again, v, 1, 9)
        .await
        .unwrap_err()
        .is_unique_violation());
    store.close().await;
}

/// The crossings of notices taken, without when.
fn crossings(notices: Vec<sb_store::ThresholdNoticeRow>) -> Vec<Crossed> {
    notices.into_iter().map(|n| n.crossed).collect()
}
