//! From one desk to a team (issue 14 item 7): `sb backup` / `sb restore` round trips on both
//! backends with every table's rows equal before and after, a restore refused into a PostgreSQL
//! database that is not empty, and the automatic copy before a local database is migrated.

use std::collections::BTreeMap;
use std::path::Path;

use sb_app::{
    App, ClientInput, CommentInput, DirectionMinutes, ErrorCode, NewProfile, OverageKind,
    PackageInput, Paths, RolloverKind, TicketInput, TimeInput, WorkTypeRate,
};
use sb_domain::{Channel, Level, Role, Visibility};
use sb_store::{DbLocation, Store};
use sqlx::{Connection, Row};

on_both_databases!(backup_and_restore_keep_every_row);

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

/// A package of 10 network hours for `client_id` (shared with the team stories).
pub(crate) fn package(client_id: i64) -> PackageInput {
    let today = sb_app::today();
    PackageInput {
        client_id,
        name: "Support 2026".into(),
        start: today.plus_days(-10).to_string(),
        end: today.plus_days(20).to_string(),
        shared_minutes: None,
        directions: vec![DirectionMinutes {
            direction: "network".into(),
            minutes: 600,
        }],
        stack_order: 1,
        rounding: 15,
        minimum: 30,
        work_types: vec![WorkTypeRate {
            work_type: "remote".into(),
            percent: 100,
        }],
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

/// A workspace with people, clients, tickets, comments, a package and time on it, made through
/// the use cases as a desk would.
pub(crate) async fn realistic_workspace(db: &str, dir: &Path) {
    let am = open(db, &dir.join("am"), "Mira Account", Role::AccountManager).await;
    am.load_demo().await.unwrap();
    let eng = open(db, &dir.join("eng"), "Egor Engineer", Role::Engineer).await;
    let client = am
        .create_client(ClientInput {
            language: None,
            code: "NORD".into(),
            name: "Nord Logistics «Север»".into(),
            notes: Some("Night shift: call Ivan".into()),
            contacts: vec![],
        })
        .await
        .unwrap()
        .id;
    am.create_package(package(client)).await.unwrap();
    for (i, subject) in [
        "VPN drops every hour",
        "Принтер не печатает",
        "Switch port flaps",
    ]
    .iter()
    .enumerate()
    {
        let t = eng
            .create_ticket(TicketInput {
                client_id: client,
                direction: "network".into(),
                subject: (*subject).into(),
                description: format!("Since Monday ({i}); 'quotes' and \"more\"\nsecond line"),
                impact: Level::Medium,
                urgency: Level::High,
                channel: Channel::Phone,
                contact_id: None,
            })
            .await
            .unwrap()
            .id;
        eng.add_comment(CommentInput {
            ticket_id: t,
            body: format!("Checked the cable on port {i}"),
            visibility: Visibility::Internal,
        })
        .await
        .unwrap();
        eng.log_time(TimeInput {
            ticket_id: t,
            work_date: None,
            minutes: 20 + i as i64 * 10,
            work_type: "remote".into(),
            billable: true,
            note: "Remote session".into(),
        })
        .await
        .unwrap();
    }
    am.store().close().await;
    eng.store().close().await;
}

/// Every table's row count and contents, each row as text, sorted: equal maps mean equal data.
async fn table_rows(db: &str) -> BTreeMap<String, (i64, String)> {
    let mut out = BTreeMap::new();
    match DbLocation::parse(db) {
        DbLocation::SqliteFile(path) => {
            let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
                .await
                .unwrap();
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
                 ORDER BY name",
            )
            .fetch_all(&mut c)
            .await
            .unwrap();
            for t in tables {
                let cols: Vec<String> =
                    sqlx::query_scalar("SELECT name FROM pragma_table_info(?) ORDER BY cid")
                        .bind(&t)
                        .fetch_all(&mut c)
                        .await
                        .unwrap();
                let row = cols
                    .iter()
                    .map(|c| format!("quote(\"{c}\")"))
                    .collect::<Vec<_>>()
                    .join(" || '|' || ");
                let r = sqlx::query(&format!(
                    "SELECT COUNT(*), COALESCE(group_concat(r, char(10)), '') \
                     FROM (SELECT {row} AS r FROM \"{t}\" ORDER BY r)"
                ))
                .fetch_one(&mut c)
                .await
                .unwrap();
                out.insert(t, (r.get(0), r.get(1)));
            }
        }
        DbLocation::Postgres(url) => {
            let mut c = sqlx::PgConnection::connect(&url).await.unwrap();
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
            )
            .fetch_all(&mut c)
            .await
            .unwrap();
            for t in tables {
                let r = sqlx::query(&format!(
                    "SELECT COUNT(*), COALESCE(md5(string_agg(x::text, E'\\n' ORDER BY x::text)), '') \
                     FROM \"{t}\" x"
                ))
                .fetch_one(&mut c)
                .await
                .unwrap();
                out.insert(t, (r.get(0), r.get(1)));
            }
        }
    }
    out
}

fn assert_same(before: &BTreeMap<String, (i64, String)>, after: &BTreeMap<String, (i64, String)>) {
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the same tables"
    );
    for (t, (n, sum)) in before {
        let (n2, sum2) = &after[t];
        assert_eq!(n, n2, "rows of {t}");
        assert!(sum == sum2, "contents of {t} differ after the round trip");
    }
}

async fn backup_and_restore_keep_every_row(db: String, dir: &Path) {
    realistic_workspace(&db, dir).await;
    let before = table_rows(&db).await;
    for t in [
        "tickets",
        "comments",
        "time_entries",
        "packages",
        "clients",
        "users",
    ] {
        assert!(
            before.get(t).is_some_and(|(n, _)| *n > 0),
            "{t}: {before:?}"
        );
    }

    let app = open(&db, &dir.join("am"), "Mira Account", Role::AccountManager).await;
    let file = dir.join("desk.backup");
    let done = app.backup(&file.to_string_lossy(), false).await.unwrap();
    assert!(done.bytes > 0 && file.is_file(), "{done:?}");
    // An existing file is refused unless forced; nothing is lost.
    let again = app
        .backup(&file.to_string_lossy(), false)
        .await
        .unwrap_err();
    assert_eq!(again.code, ErrorCode::Conflict, "{again:?}");
    assert!(again.message.contains("--force"), "{}", again.message);
    app.backup(&file.to_string_lossy(), true).await.unwrap();
    app.store().close().await;

    let paths = Paths::in_folder(dir.join("restorer"));
    let target = match DbLocation::parse(&db) {
        DbLocation::SqliteFile(_) => dir.join("restored.db").to_string_lossy().into_owned(),
        DbLocation::Postgres(_) => {
            // Into the database itself: refused, it is not empty, and says what to do.
            let err = App::restore(&paths, Some(&db), &file.to_string_lossy())
                .await
                .unwrap_err();
            assert!(
                err.message.contains("not empty") && err.message.contains("createdb"),
                "{}",
                err.message
            );
            crate::util::pg::pg_url_for_new_database()
        }
    };
    let restored = App::restore(&paths, Some(&target), &file.to_string_lossy())
        .await
        .unwrap();
    assert_eq!(restored.previous_kept_at, None);
    assert_same(&before, &table_rows(&target).await);

    // The restored workspace works: the queue and a new ticket continue after the old ones.
    let app = open(
        &target,
        &dir.join("am"),
        "Mira Account",
        Role::AccountManager,
    )
    .await;
    assert!(!app.store().users().await.unwrap().is_empty());
    app.store().close().await;

    if let DbLocation::SqliteFile(path) = DbLocation::parse(&db) {
        // Over the live file: put in place atomically, the old one kept aside.
        std::fs::write(dir.join("junk.db"), b"not a database").unwrap();
        let junk = App::restore(&paths, Some(&db), &dir.join("junk.db").to_string_lossy())
            .await
            .unwrap_err();
        assert_eq!(junk.code, ErrorCode::DatabaseCorrupt, "{junk:?}");
        let over = App::restore(&paths, Some(&db), &file.to_string_lossy())
            .await
            .unwrap();
        let kept = over.previous_kept_at.expect("the old file kept aside");
        assert!(Path::new(&kept).is_file(), "{kept}");
        assert_same(&before, &table_rows(&db).await);
        assert_same(&before, &table_rows(&kept).await);
        assert!(path.is_file());
    }
}

/// A local database made by an older Switchboard (every migration but the last) gets a copy
/// beside it, named with its version, before the new migration runs; the last 3 are kept.
#[tokio::test(flavor = "multi_thread")]
async fn a_local_database_is_copied_before_it_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/sb-store/migrations/sqlite");
    let all = sqlx::migrate::Migrator::new(source.as_path())
        .await
        .unwrap();
    let newest = all.iter().map(|m| m.version).max().unwrap();
    let older = all
        .iter()
        .map(|m| m.version)
        .filter(|v| *v < newest)
        .max()
        .unwrap();
    for round in 0..4 {
        if path.exists() {
            std::fs::remove_file(&path).unwrap();
        }
        let mut old = sqlx::migrate::Migrator::new(source.as_path())
            .await
            .unwrap();
        old.migrations = old
            .migrations
            .iter()
            .filter(|m| m.version < newest)
            .cloned()
            .collect::<Vec<_>>()
            .into();
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=rwc", path.display()))
            .await
            .unwrap();
        old.run(&pool).await.unwrap();
        sqlx::query(
            "INSERT INTO users (name, role, created_at) VALUES ('Old Desk', 'engineer', 1)",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;

        let store = Store::open(&DbLocation::SqliteFile(path.clone()))
            .await
            .unwrap();
        store.close().await;
        let copies = sb_store::pre_migration_copies(&path);
        assert_eq!(copies.len(), (round + 1).min(3), "{copies:?}");
        let newest_copy = copies.last().unwrap();
        let name = newest_copy.file_name().unwrap().to_string_lossy();
        assert!(name.starts_with(&format!("desk.db.v{older}.")), "{name}");
        // The copy is the old database, whole: its version and its row.
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", newest_copy.display()))
            .await
            .unwrap();
        let v: i64 = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
            .fetch_one(&mut c)
            .await
            .unwrap();
        assert_eq!(v, older);
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE name = 'Old Desk'")
            .fetch_one(&mut c)
            .await
            .unwrap();
        assert_eq!(n, 1);
        // Opening an up-to-date database again makes no copy.
        let store = Store::open(&DbLocation::SqliteFile(path.clone()))
            .await
            .unwrap();
        store.close().await;
        assert_eq!(
            sb_store::pre_migration_copies(&path).len(),
            (round + 1).min(3)
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Issue 14 item 7: a local workspace moves into an empty team database whole. Besides the
/// realistic workspace: a ticket merged into a later one (a reference to a row copied after
/// it), a correction of an approved entry, a mailbox whose passwords are in the keychain, and
/// a mail with an attachment (bytes). Run inside `keyctl session -` (the keychain).
#[tokio::test]
async fn a_local_workspace_moves_into_an_empty_team_database_whole() {
    let dir = tempfile::tempdir().unwrap();
    let local = dir.path().join("desk.db").display().to_string();
    realistic_workspace(&local, dir.path()).await;
    let am = open(
        &local,
        &dir.path().join("am"),
        "Mira Account",
        Role::AccountManager,
    )
    .await;
    let client = am
        .client_by_ref("NORD")
        .await
        .expect("the realistic workspace's client")
        .id;
    let ticket = |subject: &str| TicketInput {
        client_id: client,
        direction: "network".into(),
        subject: subject.into(),
        description: "Twice".into(),
        impact: Level::Low,
        urgency: Level::Low,
        channel: Channel::Phone,
        contact_id: None,
    };
    let dup = am.create_ticket(ticket("Printer jams")).await.unwrap();
    let survivor = am
        .create_ticket(ticket("Printer jams on floor 2"))
        .await
        .unwrap();
    am.merge(sb_app::MergeInput {
        ticket_id: dup.id,
        into: survivor.id.to_string(),
        note: None,
        version: dup.version,
    })
    .await
    .unwrap();
    let entry = am
        .log_time(TimeInput {
            ticket_id: survivor.id,
            work_date: None,
            minutes: 45,
            work_type: "remote".into(),
            billable: true,
            note: "Cleaned the rollers".into(),
        })
        .await
        .unwrap();
    am.approve_time(sb_app::EntriesSelection {
        ids: vec![entry.id],
        client_id: None,
        from: None,
        to: None,
    })
    .await
    .unwrap();
    am.adjust_time(sb_app::AdjustInput {
        entry_id: entry.id,
        minutes: -15,
        note: "Half of it was the client's call".into(),
    })
    .await
    .unwrap();
    let mailbox = am
        .create_mailbox(sb_app::MailboxInput {
            name: "Support".into(),
            imap_host: "127.0.0.1".into(),
            imap_port: 1,
            imap_security: sb_app::MailSecurity::Plain,
            imap_user: "desk".into(),
            imap_folder: None,
            imap_password: Some("imap secret".into()),
            smtp_host: "127.0.0.1".into(),
            smtp_port: 1,
            smtp_security: sb_app::MailSecurity::Plain,
            smtp_user: None,
            smtp_password: None,
            from_address: "desk@provider.example".into(),
            direction: None,
            poll_seconds: 60,
            enabled: false,
        })
        .await
        .unwrap();
    let mail = "From: Pavel <pavel@nord.example>\r\nTo: desk@provider.example\r\n\
        Subject: Scanner broken\r\nMessage-ID: <m1@nord.example>\r\nMIME-Version: 1.0\r\n\
        Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n\
        It does not scan.\r\n--b\r\nContent-Type: application/octet-stream\r\n\
        Content-Disposition: attachment; filename=\"scan.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n\
        AAECAwQFBgcICf8=\r\n--b--\r\n";
    am.import_mail(mailbox.id, &[mail.as_bytes().to_vec()])
        .await
        .unwrap();
    // An unknown sender waits in triage; accepted for NORD, the mail becomes a ticket with its
    // attachment.
    let waiting = am.triage().await.unwrap();
    am.accept_triage(sb_app::TriageInput {
        message_id: waiting[0].id,
        client_id: client,
        direction: "hardware".into(),
        add_contact: true,
    })
    .await
    .unwrap();
    let before = table_rows(&local).await;

    let team = crate::util::pg::pg_url_for_new_database();
    let moved = am
        .move_workspace(sb_app::DatabaseChoice {
            database: Some(team.clone()),
            ca_file: None,
            password: None,
        })
        .await
        .expect("the move");
    let rows = |t: &str| {
        moved
            .tables
            .iter()
            .find(|c| c.table == t)
            .unwrap_or_else(|| panic!("{t} was not moved"))
            .rows
    };
    for t in [
        "tickets",
        "comments",
        "time_entries",
        "audit",
        "mail_messages",
        "attachments",
        "contacts",
        "packages",
    ] {
        assert_eq!(rows(t), before[t].0, "{t}");
        assert!(rows(t) > 0, "{t} has rows to move");
    }
    assert!(moved.tables.iter().all(|t| t.table != "change_log"));
    assert_eq!(moved.secrets, 1, "the IMAP password followed");
    assert_eq!(moved.rows, moved.tables.iter().map(|t| t.rows).sum::<i64>());

    // The team database, opened as this desktop now does: the same workspace.
    let there = App::open(Paths::in_folder(dir.path().join("am")), None)
        .await
        .expect("the next start opens the team database");
    assert!(there.location().to_string().starts_with("postgres://"));
    assert_eq!(
        there.setup_state().await.unwrap().profile.unwrap().name,
        "Mira Account"
    );
    let card = there.ticket(dup.id).await.unwrap();
    assert_eq!(card.status, sb_domain::Status::Closed);
    let merged = there.time_entry(entry.id).await.unwrap();
    assert_eq!(merged.ticket_id, survivor.id);
    let boxes = there.mailboxes().await.unwrap();
    assert!(
        boxes[0].has_imap_password,
        "the mailbox's password is found in the keychain"
    );
    // New rows get new ids: the sequences were set past the copied ones.
    let next = there.create_ticket(ticket("After the move")).await.unwrap();
    assert!(next.id > survivor.id, "{} after {}", next.id, survivor.id);

    // Moving into it again is refused: it holds data now.
    let again = am
        .move_workspace(sb_app::DatabaseChoice {
            database: Some(team.clone()),
            ca_file: None,
            password: None,
        })
        .await
        .unwrap_err();
    assert_eq!(again.code, ErrorCode::Conflict, "{again:?}");
    assert!(again.message.contains("not empty"), "{}", again.message);

    // The team's owner makes it a team workspace, and Egor from the local workspace gets his
    // own sign-in: he keeps his tickets, comments and time.
    let owner_home = tempfile::tempdir().unwrap();
    let owner = App::open(
        Paths::in_folder(owner_home.path().to_path_buf()),
        Some(&team),
    )
    .await
    .unwrap();
    owner
        .team_init()
        .await
        .expect("team init on the moved workspace");
    let egor = owner
        .users()
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.name == "Egor Engineer")
        .expect("Egor moved");
    let login = format!("egor_{}", std::process::id());
    let invited = owner
        .team_invite(sb_app::InviteInput {
            name: String::new(),
            role: Role::Engineer,
            login: Some(login.clone()),
            line: None,
            person: Some(egor.id),
        })
        .await
        .unwrap();
    assert_eq!(invited.member.person.id, egor.id);
    assert!(owner
        .team_invite(sb_app::InviteInput {
            name: String::new(),
            role: Role::Engineer,
            login: Some(format!("{login}_again")),
            line: None,
            person: Some(egor.id),
        })
        .await
        .is_err());
    let (scheme, rest) = team.split_once("://").unwrap();
    let host = rest.split_once('@').map_or(rest, |(_, h)| h);
    let egor_home = tempfile::tempdir().unwrap();
    let as_egor = App::open_chosen(
        Paths::in_folder(egor_home.path().to_path_buf()),
        sb_app::DatabaseChoice {
            database: Some(format!("{scheme}://{login}@{host}")),
            ca_file: None,
            password: Some(invited.one_time_password.clone()),
        },
    )
    .await
    .expect("Egor signs in to the moved workspace");
    as_egor
        .change_password("Egor's own pass phrase")
        .await
        .unwrap();
    let mine = as_egor.setup_state().await.unwrap().profile.unwrap();
    assert_eq!((mine.id, mine.name.as_str()), (egor.id, "Egor Engineer"));

    // A team's database is refused too, saying the order: move first, then `sb team init`.
    let again = am
        .move_workspace(sb_app::DatabaseChoice {
            database: Some(team),
            ca_file: None,
            password: None,
        })
        .await
        .unwrap_err();
    assert_eq!(again.code, ErrorCode::Conflict, "{again:?}");
    assert!(again.message.contains("sb team init"), "{}", again.message);
}
