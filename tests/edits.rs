//! No lost edits (DESIGN.md invariant 11) on both backends: a change names the ticket version the
//! person saw; a stale one is refused as `edit_conflict`, says who changed what and when, and
//! changes nothing; "Assign to me" is first come, first served, also between two processes
//! racing on one SQLite file or one PostgreSQL database.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use sb_app::{
    App, AssignInput, BulkChange, BulkInput, ClientInput, CommentInput, ErrorCode, LineInput,
    LinkInput, MergeInput, NewProfile, Paths, SearchQuery, SeenTicket, StatusInput,
    TicketEditInput, TicketInput,
};
use sb_domain::{Channel, Level, Line, Priority, Role, Status, Visibility};
use sb_store::{Store, StoreError};

on_both_databases!(
    hole_a_stale_status_change_overwrites_silently,
    hole_stale_line_assignee_and_merge_changes_go_through,
    hole_assign_to_me_takes_a_ticket_someone_else_has,
    hole_two_processes_both_take_the_same_ticket,
    a_ticket_is_corrected_after_intake_with_each_change_in_the_trail,
    a_bulk_change_goes_ticket_by_ticket_at_the_versions_seen,
);
on_both_backends!(the_store_changes_a_ticket_only_at_the_version_seen);

async fn open(database: &str, home: &Path, name: &str) -> App {
    let app = App::open(Paths::in_folder(home.to_path_buf()), Some(database))
        .await
        .expect("open the app");
    if app.setup_state().await.unwrap().profile.is_none() {
        app.create_profile(NewProfile {
            name: name.into(),
            role: Role::Engineer,
        })
        .await
        .unwrap();
    }
    app
}

async fn client(app: &App) -> i64 {
    app.create_client(ClientInput {
        language: None,
        code: "NORD".into(),
        name: "Nord Logistics".into(),
        notes: None,
        contacts: vec![],
    })
    .await
    .unwrap()
    .id
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

async fn hole_a_stale_status_change_overwrites_silently(db: String, dir: &Path) {
    let anna = open(&db, &dir.join("anna"), "Anna Petrova").await;
    let bob = open(&db, &dir.join("bob"), "Bob Stone").await;
    let id = new_ticket(&anna, client(&anna).await, "VPN drops every hour").await;

    // Both have the card open at the same version.
    let seen_by_anna = anna.card(id).await.unwrap();
    let seen = seen_by_anna.ticket.version;
    assert_eq!(bob.ticket(id).await.unwrap().version, seen);

    // Bob starts work; Anna, on the card she still shows, marks it waiting for the customer.
    let started = bob
        .change_status(StatusInput {
            ticket_id: id,
            to: Status::InProgress,
            note: None,
            version: seen,
        })
        .await
        .unwrap();
    assert!(started.version > seen);
    let after_bob = anna.card(id).await.unwrap();
    let refused = anna
        .change_status(StatusInput {
            ticket_id: id,
            to: Status::PendingCustomer,
            note: None,
            version: seen,
        })
        .await
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::EditConflict, "{refused:?}");
    let conflict = refused.conflict.as_deref().expect("who changed what");
    assert_eq!(
        (
            conflict.ticket_id,
            conflict.seen_version,
            conflict.current_version
        ),
        (id, seen, started.version)
    );
    let change = conflict
        .changes
        .iter()
        .find(|c| c.field == "status")
        .expect("the status change");
    assert_eq!(change.actor_name, "Bob Stone");
    assert_eq!(
        (change.old_value.as_deref(), change.new_value.as_deref()),
        (Some("new"), Some("in_progress"))
    );
    assert!(change.at >= seen_by_anna.ticket.updated_at);
    for words in ["Bob Stone", "status", "in_progress", "UTC", "reload"] {
        assert!(
            refused.message.contains(words),
            "{words}: {}",
            refused.message
        );
    }
    // Nothing changed: same card, same version, same audit trail.
    assert_eq!(anna.card(id).await.unwrap(), after_bob);

    // Reload and apply again: it goes through on the new version.
    let reloaded = anna.ticket(id).await.unwrap();
    let again = anna
        .change_status(StatusInput {
            ticket_id: id,
            to: Status::PendingCustomer,
            note: None,
            version: reloaded.version,
        })
        .await
        .unwrap();
    assert_eq!(again.status, Status::PendingCustomer);
    assert_eq!(again.version, reloaded.version + 1);

    // A comment is a change too: a status change made before it is stale.
    let before_comment = again.version;
    bob.add_comment(CommentInput {
        ticket_id: id,
        body: "The customer called back: do not close.".into(),
        visibility: Visibility::Internal,
    })
    .await
    .unwrap();
    let refused = anna
        .change_status(StatusInput {
            ticket_id: id,
            to: Status::Resolved,
            note: Some("Replaced the router".into()),
            version: before_comment,
        })
        .await
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::EditConflict);
    let changes = &refused.conflict.as_deref().unwrap().changes;
    assert!(
        changes
            .iter()
            .any(|c| c.field == "comment" && c.actor_name == "Bob Stone"),
        "{changes:?}"
    );
    assert_eq!(
        anna.ticket(id).await.unwrap().status,
        Status::PendingCustomer
    );
}

async fn hole_stale_line_assignee_and_merge_changes_go_through(db: String, dir: &Path) {
    let anna = open(&db, &dir.join("anna"), "Anna Petrova").await;
    let bob = open(&db, &dir.join("bob"), "Bob Stone").await;
    let nord = client(&anna).await;
    let id = new_ticket(&anna, nord, "Printer offline").await;
    let keep = new_ticket(&anna, nord, "Printers offline").await;
    let seen = anna.ticket(id).await.unwrap().version;
    let bob_id = bob.setup_state().await.unwrap().profile.unwrap().id;

    // Bob escalates; every change Anna makes on the version before it is refused.
    bob.set_line(LineInput {
        ticket_id: id,
        line: Line::L2,
        note: Some("Needs the network team".into()),
        version: seen,
    })
    .await
    .unwrap();
    let card = anna.card(id).await.unwrap();
    let line = anna
        .set_line(LineInput {
            ticket_id: id,
            line: Line::L3,
            note: Some("Vendor".into()),
            version: seen,
        })
        .await
        .unwrap_err();
    let assign = anna
        .assign(AssignInput {
            ticket_id: id,
            assignee_id: Some(bob_id),
            version: seen,
        })
        .await
        .unwrap_err();
    let merge = anna
        .merge(MergeInput {
            ticket_id: id,
            into: keep.to_string(),
            note: None,
            version: seen,
        })
        .await
        .unwrap_err();
    for e in [&line, &assign, &merge] {
        assert_eq!(e.code, ErrorCode::EditConflict, "{e:?}");
        let c = e.conflict.as_deref().unwrap();
        assert!(
            c.changes.iter().any(|a| a.field == "line"
                && a.actor_name == "Bob Stone"
                && a.new_value.as_deref() == Some("l2")),
            "{c:?}"
        );
        assert!(e.message.contains("Bob Stone"), "{}", e.message);
    }
    // Linking on the stale card too; on the other ticket nothing is recorded either.
    let link = anna
        .link(
            LinkInput {
                ticket_id: id,
                related: keep.to_string(),
                version: seen,
            },
            true,
        )
        .await
        .unwrap_err();
    assert_eq!(link.code, ErrorCode::EditConflict, "{link:?}");
    assert_eq!(anna.card(id).await.unwrap(), card, "nothing changed");
    let kept = anna.card(keep).await.unwrap();
    assert!(kept.comments.is_empty() && kept.related.is_empty());
    assert!(kept.audit.iter().all(|a| a.field != "link"));

    // On the version shown now, each goes through.
    let v = card.ticket.version;
    let v = anna
        .assign(AssignInput {
            ticket_id: id,
            assignee_id: Some(bob_id),
            version: v,
        })
        .await
        .unwrap()
        .version;
    let merged = anna
        .merge(MergeInput {
            ticket_id: id,
            into: keep.to_string(),
            note: None,
            version: v,
        })
        .await
        .unwrap();
    assert_eq!(merged.id, keep);
    assert_eq!(anna.ticket(id).await.unwrap().status, Status::Closed);
}

async fn hole_assign_to_me_takes_a_ticket_someone_else_has(db: String, dir: &Path) {
    let anna = open(&db, &dir.join("anna"), "Anna Petrova").await;
    let bob = open(&db, &dir.join("bob"), "Bob Stone").await;
    let id = new_ticket(&anna, client(&anna).await, "Mail stuck").await;
    let seen = anna.ticket(id).await.unwrap().version;

    let took = bob.take(id, seen).await.unwrap();
    assert_eq!(took.assignee_name.as_deref(), Some("Bob Stone"));
    // Anna presses "Assign to me" on the card she has (stale) and on a fresh one: refused, named.
    for version in [seen, took.version] {
        let refused = anna.take(id, version).await.unwrap_err();
        assert_eq!(refused.code, ErrorCode::AlreadyTaken, "{refused:?}");
        let conflict = refused.conflict.as_deref().expect("who has it");
        assert_eq!(conflict.assignee_name.as_deref(), Some("Bob Stone"));
        assert!(
            conflict
                .changes
                .iter()
                .any(|c| c.field == "assignee" && c.actor_name == "Bob Stone"),
            "{conflict:?}"
        );
        assert!(
            refused.message.contains("Bob Stone") && refused.message.contains("UTC"),
            "{}",
            refused.message
        );
    }
    assert_eq!(
        anna.ticket(id).await.unwrap().assignee_name.as_deref(),
        Some("Bob Stone")
    );
    // Taking it anyway is an explicit reassignment.
    let anna_id = anna.setup_state().await.unwrap().profile.unwrap().id;
    let mine = anna
        .assign(AssignInput {
            ticket_id: id,
            assignee_id: Some(anna_id),
            version: took.version,
        })
        .await
        .unwrap();
    assert_eq!(mine.assignee_name.as_deref(), Some("Anna Petrova"));
    let trail = anna.card(id).await.unwrap().audit;
    let assignments: Vec<_> = trail
        .iter()
        .filter(|a| a.field == "assignee")
        .map(|a| (a.actor_name.as_str(), a.new_value.as_deref()))
        .collect();
    assert_eq!(
        assignments,
        [
            ("Bob Stone", Some("Bob Stone")),
            ("Anna Petrova", Some("Anna Petrova"))
        ]
    );
}

const ROUNDS: usize = 15;
const RACERS: [&str; 2] = ["Anna Petrova", "Bob Stone"];

/// Two processes (this test binary, run again as [`race_child`]) open the same database and,
/// round after round, press "Assign to me" on the same fresh ticket at the same moment.
async fn hole_two_processes_both_take_the_same_ticket(db: String, dir: &Path) {
    let mut homes = Vec::new();
    for (i, name) in RACERS.iter().enumerate() {
        let home = dir.join(format!("racer{i}"));
        open(&db, &home, name).await;
        homes.push(home);
    }
    let admin = open(&db, &dir.join("lead"), "Lena Lead").await;
    let nord = client(&admin).await;
    let mut tickets = Vec::new();
    for round in 0..ROUNDS {
        tickets.push(new_ticket(&admin, nord, &format!("Race {round}")).await);
    }
    let sync = dir.join("sync");
    std::fs::create_dir_all(&sync).unwrap();
    let list = tickets
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let children: Vec<_> = homes
        .iter()
        .enumerate()
        .map(|(i, home)| {
            Command::new(std::env::current_exe().unwrap())
                .args(["edits::race_child", "--exact", "--ignored", "--nocapture"])
                .env("SB_RACE_DB", &db)
                .env("SB_RACE_HOME", home)
                .env("SB_RACE_SYNC", &sync)
                .env("SB_RACE_WHO", i.to_string())
                .env("SB_RACE_TICKETS", &list)
                .spawn()
                .expect("start a racer")
        })
        .collect();
    for round in 0..ROUNDS {
        for i in 0..RACERS.len() {
            wait_for(&sync.join(format!("ready-{round}-{i}")));
        }
        std::fs::write(sync.join(format!("go-{round}")), b"").unwrap();
    }
    for mut child in children {
        assert!(child.wait().unwrap().success(), "a racer failed");
    }

    for (round, id) in tickets.iter().enumerate() {
        let outcomes: Vec<String> = (0..RACERS.len())
            .map(|i| std::fs::read_to_string(sync.join(format!("result-{round}-{i}"))).unwrap())
            .collect();
        let winners: Vec<usize> = (0..RACERS.len())
            .filter(|i| outcomes[*i] == "took")
            .collect();
        assert_eq!(winners.len(), 1, "round {round}: {outcomes:?}");
        let winner = RACERS[winners[0]];
        let loser = 1 - winners[0];
        let refused: serde_json::Value = serde_json::from_str(&outcomes[loser])
            .unwrap_or_else(|_| panic!("round {round}: {}", outcomes[loser]));
        assert_eq!(refused["code"], "already_taken", "round {round}: {refused}");
        assert!(
            refused["message"].as_str().unwrap().contains(winner),
            "round {round}: {refused}"
        );
        let card = admin.card(*id).await.unwrap();
        assert_eq!(card.ticket.assignee_name.as_deref(), Some(winner));
        let assignments: Vec<_> = card
            .audit
            .iter()
            .filter(|a| a.field == "assignee")
            .map(|a| (a.actor_name.as_str(), a.new_value.as_deref()))
            .collect();
        assert_eq!(assignments, [(winner, Some(winner))], "round {round}");
    }
}

fn wait_for(file: &Path) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !file.exists() {
        assert!(Instant::now() < deadline, "waited too long for {file:?}");
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// One racer of [`hole_two_processes_both_take_the_same_ticket`]: only runs when that test
/// starts it (in its own process) with the database, its home and the tickets.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "a racer process started by hole_two_processes_both_take_the_same_ticket"]
async fn race_child() {
    let (Ok(db), Ok(home), Ok(sync), Ok(who), Ok(list)) = (
        std::env::var("SB_RACE_DB"),
        std::env::var("SB_RACE_HOME"),
        std::env::var("SB_RACE_SYNC"),
        std::env::var("SB_RACE_WHO"),
        std::env::var("SB_RACE_TICKETS"),
    ) else {
        return;
    };
    let sync = PathBuf::from(sync);
    let app = App::open(Paths::in_folder(PathBuf::from(home)), Some(&db))
        .await
        .expect("open the app");
    for (round, id) in list.split(',').enumerate() {
        let id: i64 = id.parse().unwrap();
        // What the card shows when the person presses the button.
        let version = app.ticket(id).await.unwrap().version;
        std::fs::write(sync.join(format!("ready-{round}-{who}")), b"").unwrap();
        wait_for(&sync.join(format!("go-{round}")));
        let outcome = match app.take(id, version).await {
            Ok(_) => "took".to_string(),
            Err(e) => serde_json::to_string(&e).unwrap(),
        };
        std::fs::write(sync.join(format!("result-{round}-{who}")), outcome).unwrap();
    }
}

async fn the_store_changes_a_ticket_only_at_the_version_seen(store: &Store) {
    use sb_store::{ClientWrite, NewTicket, StatusChange};
    let anna = store
        .create_user("Anna", Role::Engineer, 0)
        .await
        .unwrap()
        .id;
    let bob = store
        .create_user("Bob", Role::Engineer, 0)
        .await
        .unwrap()
        .id;
    let client = store
        .create_client(
            &ClientWrite {
                code: "NORD".into(),
                name: "Nord Logistics".into(),
                notes: None,
                contacts: vec![],
                language: None,
            },
            0,
        )
        .await
        .unwrap();
    let id = store
        .create_ticket(
            &NewTicket {
                client_id: client,
                direction: sb_domain::Direction::parse("network").unwrap(),
                subject: "Disk full".into(),
                description: String::new(),
                impact: Level::Low,
                urgency: Level::Low,
                priority: sb_domain::Priority::from_matrix(Level::Low, Level::Low),
                channel: Channel::Desktop,
                line: Line::L1,
                created_by: anna,
            },
            1_000,
        )
        .await
        .unwrap();
    let v1 = store.ticket(id).await.unwrap().unwrap().version;
    store
        .set_assignee(id, None, Some(bob), Some(v1), bob, 2_000)
        .await
        .unwrap();
    let v2 = store.ticket(id).await.unwrap().unwrap().version;
    assert_eq!(v2, v1 + 1);
    let trail = store.audit_trail(id).await.unwrap();

    // Anna's change on v1 (the status it names still matches): refused with what Bob did.
    let stale = store
        .change_status(&StatusChange {
            ticket_id: id,
            from: Status::New,
            to: Status::Open,
            effect: sb_domain::Effect::Move,
            note: None,
            note_msg: None,
            actor: anna,
            now: 3_000,
            seen: Some(v1),
        })
        .await
        .unwrap_err();
    let StoreError::Stale(s) = stale else {
        panic!("{stale:?}")
    };
    assert_eq!((s.seen, s.current, s.assignee_id), (v1, v2, Some(bob)));
    assert_eq!(s.changes.len(), 1, "{:?}", s.changes);
    assert_eq!(
        (
            s.changes[0].actor_name.as_str(),
            s.changes[0].field.as_str(),
            s.changes[0].at,
            s.changes[0].version
        ),
        ("Bob", "assignee", 2_000, Some(v2))
    );
    let t = store.ticket(id).await.unwrap().unwrap();
    assert_eq!((t.status, t.version), (Status::New, v2));
    assert_eq!(store.audit_trail(id).await.unwrap(), trail);
    // Both an early look and the compare-and-set agree.
    assert!(matches!(
        store.check_seen(id, v1).await,
        Err(StoreError::Stale(_))
    ));
    store.check_seen(id, v2).await.unwrap();
    // Background work (no person's view) still only checks the state it read.
    store
        .change_status(&StatusChange {
            ticket_id: id,
            from: Status::New,
            to: Status::Open,
            effect: sb_domain::Effect::Move,
            note: None,
            note_msg: None,
            actor: anna,
            now: 4_000,
            seen: None,
        })
        .await
        .unwrap();
    assert_eq!(store.ticket(id).await.unwrap().unwrap().version, v2 + 1);
}

/// An email ticket arrives as P3 in the mailbox's direction: the engineer re-files it (another
/// client, the database direction, high impact and urgency: P1, a clearer subject). Each field
/// is one audit line with the old and the new value, search finds the new subject, a stale
/// correction is refused and changes nothing, and an unknown direction or client says so.
async fn a_ticket_is_corrected_after_intake_with_each_change_in_the_trail(db: String, dir: &Path) {
    let anna = open(&db, &dir.join("anna"), "Anna Petrova").await;
    let bob = open(&db, &dir.join("bob"), "Bob Stone").await;
    let nord = client(&anna).await;
    let id = new_ticket(&anna, nord, "Reports are slow").await;
    let other = anna
        .create_client(ClientInput {
            language: None,
            code: "SUD".into(),
            name: "Sud Energie".into(),
            notes: None,
            contacts: vec![],
        })
        .await
        .unwrap()
        .id;
    let before = anna.ticket(id).await.unwrap();
    assert_eq!(before.priority, Priority::P3);

    let edit = |version| TicketEditInput {
        ticket_id: id,
        version,
        client_id: Some(other),
        direction: Some("database".into()),
        impact: Some(Level::High),
        urgency: Some(Level::High),
        subject: Some("Postgres replica lag on the reporting cluster".into()),
        description: Some("Since Monday.".into()),
        reroute: false,
    };
    // Bob changed the status meanwhile: Anna's correction on what she saw is refused.
    bob.change_status(StatusInput {
        ticket_id: id,
        to: Status::InProgress,
        note: None,
        version: before.version,
    })
    .await
    .unwrap();
    let refused = anna.edit_ticket(edit(before.version)).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::EditConflict, "{refused:?}");
    assert_eq!(anna.ticket(id).await.unwrap().direction, "network");

    let now = anna.ticket(id).await.unwrap();
    let fixed = anna.edit_ticket(edit(now.version)).await.unwrap();
    assert_eq!(
        (
            fixed.client_code.as_str(),
            fixed.direction.as_str(),
            fixed.priority,
            fixed.subject.as_str()
        ),
        (
            "SUD",
            "database",
            Priority::P1,
            "Postgres replica lag on the reporting cluster"
        )
    );
    assert_eq!(fixed.version, now.version + 1, "one change, one version");
    let trail = anna.card(id).await.unwrap().audit;
    let line = |field: &str| {
        trail
            .iter()
            .find(|a| a.field == field)
            .map(|a| (a.old_value.clone(), a.new_value.clone()))
    };
    let pair = |a: &str, b: &str| Some((Some(a.to_string()), Some(b.to_string())));
    assert_eq!(line("client"), pair("NORD", "SUD"));
    assert_eq!(line("direction"), pair("network", "database"));
    assert_eq!(line("impact"), pair("medium", "high"));
    assert_eq!(line("urgency"), pair("medium", "high"));
    assert_eq!(line("priority"), pair("p3", "p1"));
    assert_eq!(
        line("subject"),
        pair(
            "Reports are slow",
            "Postgres replica lag on the reporting cluster"
        )
    );
    assert_eq!(
        line("description"),
        None,
        "the same description is no change"
    );
    let found = anna
        .search(SearchQuery {
            text: "replica lag".into(),
            cursor: None,
            limit: None,
        })
        .await
        .unwrap();
    assert!(
        found.hits.iter().any(|h| h.ticket_id == id),
        "search finds the corrected subject"
    );

    // Nothing differs: nothing written, the version stays.
    let same = anna.edit_ticket(edit(fixed.version)).await.unwrap();
    assert_eq!(same.version, fixed.version);

    let mut bad = edit(fixed.version);
    bad.direction = Some("plumbing".into());
    let e = anna.edit_ticket(bad).await.unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidInput, Some("direction"))
    );
    let mut bad = edit(fixed.version);
    bad.client_id = Some(99_999);
    let e = anna.edit_ticket(bad).await.unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidInput, Some("client"))
    );
    let mut bad = edit(fixed.version);
    bad.subject = Some("  ".into());
    let e = anna.edit_ticket(bad).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("subject"));
    assert_eq!(anna.ticket(id).await.unwrap().version, fixed.version);
}

/// A lead picks three rows and moves them to the second line: the one Bob changed since the
/// queue was shown is refused with who changed what, the others move, each once. Resolving
/// without a note refuses each ticket with the reason; an unknown direction refuses the whole
/// action before anything changes.
async fn a_bulk_change_goes_ticket_by_ticket_at_the_versions_seen(db: String, dir: &Path) {
    let anna = open(&db, &dir.join("anna"), "Anna Petrova").await;
    let bob = open(&db, &dir.join("bob"), "Bob Stone").await;
    let nord = client(&anna).await;
    let mut ids = Vec::new();
    for s in ["Printer jams", "Badge reader offline", "Wi-Fi drops"] {
        ids.push(new_ticket(&anna, nord, s).await);
    }
    let seen: Vec<SeenTicket> = anna
        .queue(sb_app::QueueQuery::default())
        .await
        .unwrap()
        .rows
        .iter()
        .filter(|r| ids.contains(&r.id))
        .map(|r| SeenTicket {
            ticket_id: r.id,
            version: r.version,
        })
        .collect();
    assert_eq!(seen.len(), 3);
    let bobs = bob.ticket(ids[1]).await.unwrap();
    bob.change_status(StatusInput {
        ticket_id: ids[1],
        to: Status::InProgress,
        note: None,
        version: bobs.version,
    })
    .await
    .unwrap();

    let report = anna
        .bulk_change(BulkInput {
            tickets: seen.clone(),
            change: BulkChange::Line {
                line: Line::L2,
                note: Some("Needs on-site work".into()),
            },
        })
        .await
        .unwrap();
    let mut changed: Vec<i64> = report.changed.iter().map(|t| t.id).collect();
    changed.sort_unstable();
    assert_eq!(changed, vec![ids[0], ids[2]]);
    assert_eq!(report.refused.len(), 1);
    assert_eq!(report.refused[0].ticket_id, ids[1]);
    assert_eq!(report.refused[0].code, ErrorCode::EditConflict);
    assert!(
        report.refused[0].message.contains("Bob Stone"),
        "{:?}",
        report.refused
    );
    assert_eq!(anna.ticket(ids[1]).await.unwrap().line, Line::L1);
    for id in [ids[0], ids[2]] {
        let lines = anna
            .card(id)
            .await
            .unwrap()
            .audit
            .iter()
            .filter(|a| a.field == "line")
            .count();
        assert_eq!(lines, 1, "moved once");
    }

    let now: Vec<SeenTicket> = versions_now(&anna, &ids).await;
    let report = anna
        .bulk_change(BulkInput {
            tickets: now.clone(),
            change: BulkChange::Status {
                to: Status::Resolved,
                note: None,
            },
        })
        .await
        .unwrap();
    assert!(report.changed.is_empty());
    assert_eq!(report.refused.len(), 3);
    assert!(
        report.refused[0].message.contains("resolution note"),
        "{:?}",
        report.refused
    );

    let e = anna
        .bulk_change(BulkInput {
            tickets: now.clone(),
            change: BulkChange::Direction {
                direction: "plumbing".into(),
            },
        })
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("direction"));
    let report = anna
        .bulk_change(BulkInput {
            tickets: now,
            change: BulkChange::Priority {
                impact: Level::High,
                urgency: Level::High,
            },
        })
        .await
        .unwrap();
    assert_eq!(report.changed.len(), 3);
    assert!(report.changed.iter().all(|t| t.priority == Priority::P1));
    let e = anna
        .bulk_change(BulkInput {
            tickets: Vec::new(),
            change: BulkChange::Assign { assignee_id: None },
        })
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("tickets"));
}

/// Each ticket at the version it has now.
async fn versions_now(app: &App, ids: &[i64]) -> Vec<SeenTicket> {
    let mut out = Vec::new();
    for &id in ids {
        out.push(SeenTicket {
            ticket_id: id,
            version: app.ticket(id).await.unwrap().version,
        });
    }
    out
}
