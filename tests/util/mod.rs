//! What every test module shares: databases to run against.

#[macro_use]
mod stories;

pub mod alertmanager;
/// The IMAP and SMTP servers of the intake tests, shared with them.
#[path = "../../crates/sb-intake/tests/intake/peers.rs"]
#[allow(dead_code)] // the Alertmanager half serves the monitoring tests
pub mod peers;
pub mod pg;
pub mod pg_tls;
pub mod redmine;
pub mod rt;
pub mod server;

use std::path::PathBuf;

use sb_store::{DbLocation, Store};
use tempfile::TempDir;

/// A SQLite store in a temp folder; the folder goes when the `TempDir` is dropped.
pub async fn sqlite_store() -> (Store, TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&DbLocation::SqliteFile(sqlite_path(&dir)))
        .await
        .expect("open SQLite store");
    (store, dir)
}

/// A store on a fresh, empty PostgreSQL database.
pub async fn postgres_store() -> Store {
    Store::open(&DbLocation::Postgres(pg::pg_url_for_new_database()))
        .await
        .expect("open PostgreSQL store")
}

pub fn sqlite_path(dir: &TempDir) -> PathBuf {
    dir.path().join("switchboard.db")
}

/// A 127.0.0.1 port nobody listens on (at the moment of asking): an Alertmanager that is down.
/// A workspace as an older version left it: `backend`'s migrations before `version` run on
/// `url`, then `seed`'s statements (what that version wrote); the pool is closed, so opening
/// the workspace with `Store::open` runs the newer migrations on it.
pub async fn workspace_before(backend: &str, url: &str, version: i64, seed: &[&str]) {
    sqlx::any::install_default_drivers();
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/sb-store/migrations")
        .join(backend);
    let mut before = sqlx::migrate::Migrator::new(folder).await.unwrap();
    before.migrations = before
        .migrations
        .iter()
        .filter(|m| m.version < version)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    before.run(&pool).await.unwrap();
    for sql in seed {
        sqlx::query(sql)
            .execute(&pool)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    pool.close().await;
}

pub fn alertmanager_free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

/// The default SLA policy on a 24x7 UTC calendar with one target for `priority`: first
/// response in an hour, resolution in eight.
pub async fn round_the_clock_policy(app: &sb_app::App, priority: sb_domain::Priority) {
    let always = app
        .create_calendar(sb_app::CalendarInput {
            name: "24x7".into(),
            time_zone: "UTC".into(),
            week: vec!["00:00-24:00".into(); 7],
        })
        .await
        .unwrap();
    app.create_sla_policy(sb_app::SlaPolicyInput {
        name: "Standard".into(),
        client_id: None,
        is_default: true,
        calendar_id: always.id,
        pause_statuses: vec![sb_domain::Status::PendingCustomer],
        targets: vec![sb_app::PolicyTargetDto {
            priority,
            direction: None,
            first_response_minutes: Some(60),
            resolution_minutes: Some(480),
            calendar_id: None,
        }],
        breach_actions: vec![],
    })
    .await
    .unwrap();
}

/// A desk of its own (its own data folder) on `database`, signed in as a new person.
pub async fn desk(
    database: &str,
    home: &std::path::Path,
    name: &str,
    role: sb_domain::Role,
) -> sb_app::App {
    let app = sb_app::App::open(sb_app::Paths::in_folder(home.to_path_buf()), Some(database))
        .await
        .expect("open the app");
    app.create_profile(sb_app::NewProfile {
        name: name.into(),
        role,
    })
    .await
    .unwrap();
    app
}
