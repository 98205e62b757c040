//! A package's thresholds are told to the people who keep the packages, not to whichever desk
//! happens to be open: an engineer's time that crosses 90 % is a notice for each account
//! manager and admin (never the engineer), shown once on one of that person's desks; a
//! workspace with nobody in those roles tells everyone, a system user never; crossings a
//! workspace had not told yet become notices when migration 0052 opens it. On both backends,
//! the crossing logged by an `sb` process signed in as the engineer. (Team mode, each desk
//! signed in as its own login under row-level security: `team_roles`.)

use std::path::Path;

use sb_app::{App, ClientInput, Paths, TicketInput};
use sb_domain::{Channel, Direction, Level, Line, Priority, Role};
use sb_store::{ClientWrite, Crossed, NewTicket, PackageWrite, Store};

use crate::move_backup::package;
use crate::util::desk as open;
use crate::writers::sb;

on_both_databases!(an_engineers_crossing_is_told_to_the_account_manager_and_the_admin);
on_both_backends!(
    a_workspace_without_account_managers_tells_everyone_but_its_system_users,
    a_crossing_outside_an_entry_is_told_too,
);

async fn me(app: &App) -> i64 {
    app.setup_state().await.unwrap().profile.unwrap().id
}

async fn an_engineers_crossing_is_told_to_the_account_manager_and_the_admin(
    db: String,
    dir: &Path,
) {
    let mira = open(&db, &dir.join("mira"), "Mira Account", Role::AccountManager).await;
    let anna = open(&db, &dir.join("anna"), "Anna Admin", Role::Admin).await;
    let egor = open(&db, &dir.join("egor"), "Egor Engineer", Role::Engineer).await;
    // Mira's second desk (her laptop): the same person in another window.
    let laptop = App::open(Paths::in_folder(dir.join("mira-laptop")), Some(&db))
        .await
        .unwrap();
    laptop.use_profile(me(&mira).await).await.unwrap();
    let client = mira
        .create_client(ClientInput {
            language: None,
            code: "NORD".into(),
            name: "Nord Logistics".into(),
            notes: None,
            contacts: vec![],
        })
        .await
        .unwrap()
        .id;
    // Ten network hours; only the thresholds on hours, not running ahead of the calendar.
    let mut terms = package(client);
    terms.burn_margin = 100;
    let p = mira.create_package(terms).await.unwrap();
    let ticket = egor
        .create_ticket(TicketInput {
            client_id: client,
            direction: "network".into(),
            subject: "VPN drops every hour".into(),
            description: String::new(),
            impact: Level::Medium,
            urgency: Level::Medium,
            channel: Channel::Phone,
            contact_id: None,
        })
        .await
        .unwrap();

    // Egor logs 9:15 of the ten hours from the command line (another process): 92 %, so 50,
    // 75 and 90 are crossed at once (its one direction's budget is the whole package's).
    sb(
        &db,
        &dir.join("egor"),
        &["time", "log", &ticket.number, "--hours", "9:15"],
    )
    .unwrap();
    assert!(
        egor.take_threshold_notices().await.unwrap().is_empty(),
        "the engineer at whose desk it happened is not the one told"
    );
    // Mira is told on the first of her desks that looks, each budget once, as its highest.
    let told = laptop.take_threshold_notices().await.unwrap();
    let what: Vec<(i64, Option<&str>, u32, i64)> = told
        .iter()
        .map(|n| {
            (
                n.package_id,
                n.direction.as_deref(),
                n.threshold,
                n.left_minutes,
            )
        })
        .collect();
    assert_eq!(what, [(p.id, None, 90, 45)], "{told:?}");
    assert_eq!(
        told[0].body,
        "Support 2026: 90% of the hours used; 0:45 left"
    );
    assert!(
        mira.take_threshold_notices().await.unwrap().is_empty(),
        "shown once, on one of her desks"
    );
    assert!(laptop.take_threshold_notices().await.unwrap().is_empty());
    // Her list (`sb hours notices`) keeps them, shown, on either desk.
    let listed = mira.threshold_notices(50).await.unwrap();
    assert!(
        listed.iter().any(|n| n.threshold == 90) && listed.iter().all(|n| n.shown_at.is_some()),
        "{listed:?}"
    );
    // Anna, an admin, keeps the packages too: told the same, once.
    assert_eq!(
        same(&anna.take_threshold_notices().await.unwrap()),
        same(&told)
    );
    assert!(anna.take_threshold_notices().await.unwrap().is_empty());

    // Fifteen minutes more (95 %) cross nothing new: nothing more is told.
    sb(
        &db,
        &dir.join("egor"),
        &["time", "log", &ticket.number, "--hours", "0:15"],
    )
    .unwrap();
    for desk in [&mira, &laptop, &anna, &egor] {
        assert!(desk.take_threshold_notices().await.unwrap().is_empty());
    }
    // The portfolio's "crossed this week" still reads the crossings.
    let row = mira
        .portfolio()
        .await
        .unwrap()
        .rows
        .into_iter()
        .find(|r| r.package_id == p.id)
        .unwrap();
    assert_eq!(row.crossed_this_week, [50, 75, 90]);
}

/// A client and a package of ten hours on `store`, set up by an admin who has since left: the
/// package's id and the admin's.
async fn a_package(store: &Store) -> (i64, i64) {
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
    let (version, _) = store.ledger_snapshot(client).await.unwrap();
    let author = store.create_user("Setup", Role::Admin, 1).await.unwrap().id;
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
            version,
            author,
            2,
        )
        .await
        .unwrap()
        .unwrap();
    // The admin who set it up leaves: from here on nobody keeps the packages.
    remove(store, author).await;
    (package, author)
}

/// Marks `user` a removed team member.
async fn remove(store: &Store, user: i64) {
    sqlx::query(
        "INSERT INTO team_members (login, user_id, must_change_password, invited_at, removed_at) \
         VALUES ($1, $2, 0, 1, 2)",
    )
    .bind(format!("gone_{user}"))
    .bind(user)
    .execute(store.pool())
    .await
    .unwrap();
}

fn crossed(package: i64, key: &str, threshold: i64) -> Crossed {
    Crossed {
        package_id: package,
        key: key.into(),
        threshold,
    }
}

async fn told(store: &Store, user: i64) -> Vec<Crossed> {
    store
        .take_threshold_notices(user, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.crossed)
        .collect()
}

async fn a_workspace_without_account_managers_tells_everyone_but_its_system_users(store: &Store) {
    let (package, gone) = a_package(store).await;
    let egor = store
        .create_user("Egor", Role::Engineer, 1)
        .await
        .unwrap()
        .id;
    let ivan = store
        .create_user("Ivan", Role::Engineer, 1)
        .await
        .unwrap()
        .id;
    let lena = store.create_user("Lena", Role::Lead, 1).await.unwrap().id;
    let monitoring = store
        .system_user("monitoring", "Monitoring", 1)
        .await
        .unwrap()
        .id;
    let client = store.package(package).await.unwrap().unwrap().client_id;
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
                created_by: egor,
            },
            2,
        )
        .await
        .unwrap();
    let (version, _) = store.ledger_snapshot(client).await.unwrap();
    let entry = sb_store::EntryWrite {
        ticket_id: ticket,
        client_id: client,
        user_id: egor,
        work_date: 20_005,
        actual_minutes: 555,
        billable_minutes: 555,
        work_type: "remote".into(),
        billable: true,
        note: String::new(),
        adjusts_id: None,
    };
    let draws = [sb_store::DrawWrite {
        package_id: Some(package),
        key: "network".into(),
        kind: "base".into(),
        minutes: 555,
        rate_per_hour: None,
    }];
    let ninety = [crossed(package, "", 90)];
    let m = sb_store::LedgerMove {
        client_id: client,
        expected_version: version,
        draws: &draws,
        thresholds: &ninety,
        now: 10,
    };
    let (_, new) = store.log_entry(&entry, &m).await.unwrap().unwrap();
    assert_eq!(new, ninety);
    // Nobody keeps the packages: every person is told, the one who logged it too; the
    // monitoring user and the admin who left are not.
    for person in [egor, ivan, lena] {
        assert_eq!(told(store, person).await, ninety, "person {person}");
        assert!(told(store, person).await.is_empty(), "once");
    }
    for nobody in [monitoring, gone] {
        assert!(told(store, nobody).await.is_empty(), "user {nobody}");
    }
    let recorded = store.package_thresholds(package).await.unwrap();
    assert_eq!(
        recorded
            .iter()
            .map(|c| (c.threshold, c.crossed_at, c.notified_at))
            .collect::<Vec<_>>(),
        [(90, 10, Some(10))],
        "its notices are written with the crossing"
    );
}

async fn a_crossing_outside_an_entry_is_told_too(store: &Store) {
    let (package, _) = a_package(store).await;
    let egor = store
        .create_user("Egor", Role::Engineer, 1)
        .await
        .unwrap()
        .id;
    let mira = store
        .create_user("Mira", Role::AccountManager, 1)
        .await
        .unwrap()
        .id;
    // Burning faster than the calendar, found outside an entry write.
    let fast = [crossed(package, "", 0)];
    assert_eq!(store.record_thresholds(&fast, 20).await.unwrap(), fast);
    assert!(
        store.record_thresholds(&fast, 21).await.unwrap().is_empty(),
        "each crossing once"
    );
    assert_eq!(told(store, mira).await, fast);
    assert!(told(store, mira).await.is_empty());
    assert!(told(store, egor).await.is_empty());
}

// --- migration 0052 on crossings a workspace had not told yet --------------------------------

on_both_upgrades!(migration_0052_tells_the_untold_crossings_to_todays_people);

/// A workspace at migration 0050 with two packages' crossings, some told (on whatever desk was
/// open) and some not; two people keep the packages, one of whom left, beside an engineer and
/// the monitoring user. Opening it makes the untold ones the remaining account manager's
/// notices, and marks them told.
async fn migration_0052_tells_the_untold_crossings_to_todays_people(
    backend: &str,
    url: &str,
    location: sb_store::DbLocation,
) {
    crate::util::workspace_before(
        backend,
        url,
        52,
        &[
        "INSERT INTO users (id, name, role, created_at) VALUES \
           (1, 'Mira', 'account_manager', 1), (2, 'Egor', 'engineer', 1), \
           (3, 'Olga', 'admin', 1), (4, 'Monitoring', 'engineer', 1)",
        "INSERT INTO system_users (kind, user_id) VALUES ('monitoring', 4)",
        "INSERT INTO team_members (login, user_id, must_change_password, invited_at, removed_at) \
         VALUES ('olga', 3, 0, 1, 2)",
        "INSERT INTO clients (id, code, name, created_at, updated_at) VALUES (1, 'OLD', 'Old', 1, 1)",
        "INSERT INTO packages (id, client_id, name, start_day, end_day, stack_order, terms, \
           total_minutes, renewed_from_id, created_by, created_at, updated_at) VALUES \
           (1, 1, 'P', 20000, 20030, 1, '{}', 600, NULL, 1, 1, 1), \
           (2, 1, 'Q', 20000, 20030, 2, '{}', 600, NULL, 1, 1, 1)",
        "INSERT INTO package_thresholds (package_id, budget_key, threshold, crossed_at, \
           notified_at) VALUES (1, '', 50, 5, 6), (1, '', 75, 7, NULL), \
           (1, 'network', 90, 7, NULL), (2, '', 0, 8, NULL)",
        ],
    )
    .await;

    let store = Store::open(&location).await.expect("0052 applies");
    assert_eq!(
        told(&store, 1).await,
        [
            crossed(1, "", 75),
            crossed(1, "network", 90),
            crossed(2, "", 0)
        ]
    );
    for nobody in [2, 3, 4] {
        assert!(told(&store, nobody).await.is_empty(), "user {nobody}");
    }
    for package in [1, 2] {
        for c in store.package_thresholds(package).await.unwrap() {
            assert!(c.notified_at.is_some(), "{c:?}");
            if c.threshold == 50 {
                assert_eq!(c.notified_at, Some(6), "a told crossing stays as it was");
            }
        }
    }
    store.close().await;
}

/// What a notice tells (not when it was shown, which is each person's own).
fn same(notices: &[sb_app::ThresholdNotice]) -> Vec<(i64, sb_i18n::Msg, i64)> {
    notices
        .iter()
        .map(|n| (n.package_id, n.msg.clone(), n.crossed_at))
        .collect()
}
