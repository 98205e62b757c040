//! A real Redmine 5 on a free 127.0.0.1 port, for the vendor-connector tests: the Debian
//! packages (SQLite, thin) that `scripts/setup-vendors.sh` installs and prepares (REST API on,
//! default trackers, statuses and priorities, the project `switchboard-tests`, the issue custom
//! field "Switchboard correlation", API keys for admin and for [`AGENT`]).
//!
//! Each start works on a copy of that database in a folder of its own (`DATABASE_URL` points
//! Rails at it), so every server starts from the same state, and runs `rackup` (thin) under a
//! watchdog shell that stops it and removes the folder when the pipe to this process closes
//! (the value is dropped, or the test process ends however it ends), as `alertmanager.rs` does.

use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::server::{self, alive, free_port, unique};

const RACKUP: &str = "/usr/bin/rackup";
const CONFIG_RU: &str = "/usr/share/redmine/config.ru";
const REDMINE_DB: &str =
    "/var/lib/dbconfig-common/sqlite3/redmine/instances/default/redmine_default";
const SQLITE3: &str = "/usr/bin/sqlite3";
const SETUP: &str = "scripts/setup-vendors.sh";
/// The project the setup creates, with every tracker and issue tracking on.
pub const PROJECT: &str = "switchboard-tests";
/// A public project the setup creates where Anonymous may add issues and notes: what a wrong
/// API key silently becomes there.
pub const PUBLIC_PROJECT: &str = "switchboard-public";
/// The issue custom field (every project, every tracker, filterable) the setup creates.
pub const CORRELATION_FIELD: &str = "Switchboard correlation";
/// A user other than admin, a member of [`PROJECT`] who may write and see private notes and
/// change statuses: the vendor's people, whose notes a connector must take in, where admin
/// stands for Switchboard itself.
pub const AGENT: &str = "vendor-agent";

/// One running Redmine with a database of its own.
#[derive(Debug)]
pub struct Redmine {
    /// The server's root: `http://127.0.0.1:<port>` (`/issues.json` and so on below it).
    pub base_url: String,
    /// admin's API key: the `X-Redmine-API-Key` header.
    pub api_key: String,
    /// [`AGENT`]'s API key.
    pub agent_key: String,
    /// The identifier of a project with issue tracking and every tracker.
    pub project: String,
    /// The id of the issue custom field [`CORRELATION_FIELD`] (`cf_<id>` in filters).
    pub correlation_field_id: u64,
    pub port: u16,
    /// How long the start took (until `/users/current.json` answered).
    pub started_in: Duration,
    dir: PathBuf,
    pid: u32,
    watchdog: Option<ChildStdin>,
}

impl Redmine {
    /// One server for the whole test process, started by the first caller; it stops when the
    /// process ends. Tests that share it must not depend on what else is in it.
    pub fn shared() -> &'static Redmine {
        static SHARED: OnceLock<Result<Redmine, String>> = OnceLock::new();
        match SHARED.get_or_init(Redmine::try_start) {
            Ok(redmine) => redmine,
            Err(e) => panic!("{e}"),
        }
    }

    /// A server of the caller's own, stopped when the value is dropped.
    pub fn start() -> Redmine {
        Redmine::try_start().unwrap_or_else(|e| panic!("{e}"))
    }

    fn try_start() -> Result<Redmine, String> {
        for path in [RACKUP, CONFIG_RU, SQLITE3, REDMINE_DB] {
            match std::fs::metadata(path) {
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(format!(
                        "{path} is missing: run {SETUP} (it installs Redmine with SQLite and thin)"
                    ))
                }
                Err(e) => {
                    return Err(format!(
                        "cannot read {path} ({e}): the tests start Redmine as root, on a copy \
                         of the database {SETUP} prepared"
                    ))
                }
            }
        }
        let started = Instant::now();
        let mut last_log = String::new();
        for _ in 0..3 {
            let port = free_port();
            let dir = std::env::temp_dir().join(unique("sb-tests-redmine"));
            let db = dir.join("redmine.db");
            let prepared = std::fs::create_dir_all(&dir)
                .map_err(|e| format!("create {}: {e}", dir.display()))
                .and_then(|()| {
                    std::fs::copy(REDMINE_DB, &db).map_err(|e| format!("copy {REDMINE_DB}: {e}"))
                })
                .and_then(|_| read_prepared(&db));
            let (api_key, agent_key, correlation_field_id) = match prepared {
                Ok(found) => found,
                Err(e) => {
                    let _ = std::fs::remove_dir_all(&dir);
                    return Err(e);
                }
            };
            let (pid, watchdog) = watch(&dir, &db, port);
            let mut redmine = Redmine {
                base_url: format!("http://127.0.0.1:{port}"),
                api_key,
                agent_key,
                project: PROJECT.into(),
                correlation_field_id,
                port,
                started_in: Duration::ZERO,
                dir,
                pid,
                watchdog: Some(watchdog),
            };
            let deadline = Instant::now() + Duration::from_secs(90);
            while Instant::now() < deadline && alive(pid) {
                let answer = ureq::get(&format!("{}/users/current.json", redmine.base_url))
                    .set("X-Redmine-API-Key", &redmine.api_key)
                    .timeout(Duration::from_secs(5))
                    .call();
                if answer.is_ok() {
                    redmine.started_in = started.elapsed();
                    return Ok(redmine);
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            last_log = redmine.log();
            redmine.stop();
        }
        Err(format!(
            "Redmine did not start (three tries); its log:\n{last_log}"
        ))
    }

    /// What thin and Rails wrote (Rails logs each request to it).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
    }

    /// Stops it and waits until it is gone.
    pub fn stop(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        if self.watchdog.take().is_some() {
            let deadline = Instant::now() + Duration::from_secs(15);
            while alive(self.pid) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

impl Drop for Redmine {
    fn drop(&mut self) {
        self.stop_now();
    }
}

/// admin's and [`AGENT`]'s API keys and the correlation field's id, from the copied database;
/// a clear error naming the setup script when it has not prepared them.
fn read_prepared(db: &Path) -> Result<(String, String, u64), String> {
    let out = Command::new(SQLITE3)
        .arg("-readonly")
        .arg("-batch")
        .arg("-noheader")
        .arg(db)
        .arg(format!(
            "SELECT (SELECT t.value FROM tokens t JOIN users u ON u.id = t.user_id \
                     WHERE u.login = 'admin' AND t.action = 'api'), \
                    (SELECT t.value FROM tokens t JOIN users u ON u.id = t.user_id \
                     WHERE u.login = '{AGENT}' AND t.action = 'api'), \
                    (SELECT id FROM custom_fields WHERE type = 'IssueCustomField' \
                     AND name = '{CORRELATION_FIELD}'), \
                    (SELECT count(*) FROM projects WHERE identifier = '{PROJECT}'), \
                    (SELECT value FROM settings WHERE name = 'rest_api_enabled');"
        ))
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("run {SQLITE3}: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let fields: Vec<&str> = text.split('|').collect();
    match fields.as_slice() {
        [key, agent, field, "1", "1"]
            if out.status.success() && !key.is_empty() && !agent.is_empty() =>
        {
            let id = field.parse().map_err(|_| {
                format!("Redmine has no issue custom field {CORRELATION_FIELD:?}: run {SETUP}")
            })?;
            Ok((key.to_string(), agent.to_string(), id))
        }
        _ => Err(format!(
            "Redmine's database is not prepared for the tests (admin's API key | {AGENT}'s | \
             correlation field | project {PROJECT} | REST API on: {text:?} {}): run {SETUP}",
            String::from_utf8_lossy(&out.stderr).trim()
        )),
    }
}

/// Starts Redmine on `db` and `port` under a watchdog shell in a process group of its own;
/// returns the server's pid and the pipe whose closing stops it (TERM, then KILL) and removes
/// `dir`.
fn watch(dir: &Path, db: &Path, port: u16) -> (u32, ChildStdin) {
    let args: Vec<String> = ["-E", "production", "-s", "thin", "-o", "127.0.0.1", "-p"]
        .iter()
        .map(|a| a.to_string())
        .chain([port.to_string(), CONFIG_RU.to_string()])
        .collect();
    server::watch(
        dir,
        RACKUP,
        &args,
        &[
            // The Debian instance "default" (its config, secret key and files), on this run's copy.
            ("REDMINE_INSTANCE", "default".into()),
            ("RAILS_ENV", "production".into()),
            ("DATABASE_URL", format!("sqlite3:{}", db.display()).into()),
            // Rails' log to server.log, not to the instance's production.log.
            ("RAILS_LOG_TO_STDOUT", "1".into()),
        ],
        &["X_DEBIAN_SITEID"],
    )
}
