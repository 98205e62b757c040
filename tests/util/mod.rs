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
pub fn alertmanager_free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
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
