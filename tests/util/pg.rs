//! A real PostgreSQL for the tests, with no setup by hand: the server `SB_TEST_PG_URL` names, or
//! else a throwaway cluster that this test process starts once and that dies with it.
//!
//! Each call of [`pg_url_for_new_database`] hands out a new empty database, so tests run in
//! parallel without seeing each other's rows.

use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::{Connection, Executor, PgConnection};

/// A `postgres://` URL of a fresh, empty database on a running server on 127.0.0.1.
pub fn pg_url_for_new_database() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let server = server_url();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .subsec_nanos();
    let name = format!(
        "sb_{}_{}_{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    create_database(server, &name);
    with_database(server, &name)
}

fn server_url() -> &'static str {
    static SERVER: OnceLock<String> = OnceLock::new();
    SERVER.get_or_init(|| match std::env::var("SB_TEST_PG_URL") {
        Ok(url) if !url.trim().is_empty() => url.trim().to_string(),
        _ => Cluster::start(),
    })
}

/// Creates a database with UTF-8 character classes, as a team database must have (the store
/// refuses the C type: it cannot fold Russian letters' case for search).
pub fn create_database(server: &str, name: &str) {
    execute(
        server,
        &format!(
            "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        ),
    );
}

/// [`create_database`] owned by the role `owner`.
pub fn create_database_as(server: &str, name: &str, owner: &str) {
    execute(
        server,
        &format!(
            "CREATE DATABASE {name} OWNER {owner} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        ),
    );
}

/// Runs one statement on a thread of its own: callers are inside a Tokio runtime, where
/// blocking on another one is not allowed.
pub fn execute(server: &str, sql: &str) {
    let result = std::thread::scope(|s| {
        s.spawn(|| {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a Tokio runtime");
            rt.block_on(async {
                let mut conn = PgConnection::connect(server).await?;
                conn.execute(sql).await?;
                conn.close().await
            })
        })
        .join()
        .expect("the SQL thread panicked")
    });
    if let Err(e) = result {
        panic!("`{sql}` failed on {}: {e}", redacted(server));
    }
}

/// The server URL with its database part replaced by `name` (query parameters kept).
pub fn with_database(server: &str, name: &str) -> String {
    let (scheme, rest) = server
        .split_once("://")
        .expect("SB_TEST_PG_URL is a postgres:// URL");
    let (before_query, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    let authority = before_query.split('/').next().unwrap_or(before_query);
    match query {
        Some(q) => format!("{scheme}://{authority}/{name}?{q}"),
        None => format!("{scheme}://{authority}/{name}"),
    }
}

fn redacted(url: &str) -> String {
    sb_store::DbLocation::Postgres(url.to_string()).to_string()
}

/// A throwaway cluster. Its folder and server go away when the test process ends, however it
/// ends: a watchdog shell waits on a pipe that only this process holds open, and when the pipe
/// closes (normal exit, panic, SIGKILL) it stops the server and removes the folder.
pub struct Cluster {
    pub root: PathBuf,
    pub data: PathBuf,
    bin: PathBuf,
    as_root: bool,
}

/// The write ends of the watchdogs' pipes; never dropped, so they close exactly at process exit.
static WATCHDOGS: Mutex<Vec<ChildStdin>> = Mutex::new(Vec::new());

impl Cluster {
    /// Starts the shared cluster and returns its server URL.
    fn start() -> String {
        let cluster = Cluster::init("trust");
        let mut last_error = String::new();
        for _ in 0..5 {
            let port = free_port();
            match cluster.start_on(port, "-h 127.0.0.1") {
                Ok(()) => return format!("postgres://postgres@127.0.0.1:{port}/postgres"),
                // Most likely another process took the port in between: try another.
                Err(e) => last_error = e,
            }
        }
        panic!(
            "cannot start the test PostgreSQL cluster in {}: {last_error}",
            cluster.root.display()
        );
    }

    /// A new cluster folder (initdb, `auth` for every connection until pg_hba.conf is
    /// rewritten), not started yet, with its watchdog.
    pub fn init(auth: &str) -> Cluster {
        let bin = server_binaries().unwrap_or_else(|| {
            panic!(
                "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: run \
                 `make test`, which installs them, or set SB_TEST_PG_URL to a server URL such \
                 as postgres://postgres@127.0.0.1:5432/postgres"
            )
        });
        let as_root = is_root();
        static NEXT: AtomicU64 = AtomicU64::new(1);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("clock after 1970")
            .as_nanos();
        let root = std::env::temp_dir().join(format!(
            "sb-pg-{}-{}-{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&root).expect("create the cluster folder");
        if as_root {
            // initdb refuses to run as root: the cluster belongs to the `postgres` user.
            run(
                Command::new("chown").arg("postgres:postgres").arg(&root),
                "chown",
            );
        }
        let data = root.join("data");
        let pg_ctl = bin.join("pg_ctl");
        start_watchdog(&root, &data, &pg_ctl, as_root);
        let cluster = Cluster {
            root,
            data,
            bin,
            as_root,
        };
        run(
            cluster
                .command(&cluster.bin.join("initdb"))
                .arg("-D")
                .arg(&cluster.data)
                .args([
                    "-A",
                    auth,
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--no-locale",
                    "--no-sync",
                ]),
            "initdb",
        );
        cluster
    }

    /// Starts the server on `port` with `options` (`-h` addresses, `-c` settings), waiting
    /// until it accepts connections.
    pub fn start_on(&self, port: u16, options: &str) -> Result<(), String> {
        // Durability is worthless for a throwaway cluster; speed is not. `options` come last,
        // so a caller that wants a real server's settings (the benchmark) gets them.
        let options = format!(
            "-p {port} -k {} -c fsync=off -c synchronous_commit=off \
             -c full_page_writes=off -c max_connections=300 {options}",
            self.root.display()
        );
        let out = self
            .command(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(&self.data)
            .arg("-l")
            .arg(self.root.join("server.log"))
            .args(["-o", &options, "-w", "-t", "60", "start"])
            .output()
            .expect("run pg_ctl");
        if out.status.success() {
            return Ok(());
        }
        Err(format!(
            "{}{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(self.root.join("server.log")).unwrap_or_default()
        ))
    }

    /// A superuser URL through the cluster's Unix socket (whatever pg_hba.conf says of TCP).
    pub fn socket_url(&self, port: u16, database: &str) -> String {
        format!(
            "postgres://postgres@localhost/{database}?host={}&port={port}",
            self.root.display()
        )
    }

    /// Gives a file in the cluster to the server's user (as root), mode 0600.
    pub fn own_privately(&self, file: &Path) {
        std::fs::set_permissions(file, std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .expect("chmod 0600");
        if self.as_root {
            run(
                Command::new("chown").arg("postgres:postgres").arg(file),
                "chown",
            );
        }
    }

    /// `program`, run as the `postgres` user when we are root.
    fn command(&self, program: &Path) -> Command {
        pg_command(self.as_root, &self.root, program)
    }
}

/// A plain loopback cluster (trust, no TLS) on `port`, which the caller chose (a start-up test
/// first points the app at a port where nothing listens), with a UTF-8 database `database`.
/// Returns the URL of that database.
pub fn start_cluster_on(port: u16, database: &str) -> String {
    let cluster = Cluster::init("trust");
    if let Err(e) = cluster.start_on(port, "-h 127.0.0.1") {
        panic!("cannot start a PostgreSQL cluster on port {port}: {e}");
    }
    let server = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    create_database(&server, database);
    with_database(&server, database)
}

// The watchdog outlives this process on purpose: nobody waits for it.
#[allow(clippy::zombie_processes)]
fn start_watchdog(root: &Path, data: &Path, pg_ctl: &Path, as_root: bool) {
    let child = Command::new("sh")
        .arg("-c")
        .arg(r#"read -r _ ; $RUNAS "$PG_CTL" -D "$DATA" -m immediate -w stop ; rm -rf "$ROOT""#)
        .env(
            "RUNAS",
            if as_root {
                "runuser -u postgres --"
            } else {
                ""
            },
        )
        .env("PG_CTL", pg_ctl)
        .env("DATA", data)
        .env("ROOT", root)
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        // Its own process group: a Ctrl-C on the test run must not kill the cleaner.
        .process_group(0)
        .spawn()
        .expect("start the cluster watchdog");
    let stdin = child.stdin.expect("watchdog pipe");
    WATCHDOGS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(stdin);
}

/// `program`, run as the `postgres` user when we are root.
fn pg_command(as_root: bool, root: &Path, program: &Path) -> Command {
    let mut cmd = if as_root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    };
    cmd.current_dir(root).stdin(Stdio::null());
    // The server must not die with a Ctrl-C before the watchdog stops it.
    cmd.process_group(0);
    cmd
}

fn run(cmd: &mut Command, what: &str) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The newest `/usr/lib/postgresql/<version>/bin` that has `initdb` and `pg_ctl`.
fn server_binaries() -> Option<PathBuf> {
    let mut found: Vec<(Vec<u32>, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let version = e
                .file_name()
                .to_str()?
                .split('.')
                .map(|p| p.parse::<u32>().ok())
                .collect::<Option<Vec<u32>>>()?;
            let bin = e.path().join("bin");
            (bin.join("initdb").is_file() && bin.join("pg_ctl").is_file()).then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

#[test]
fn urls_name_the_new_database() {
    assert_eq!(
        with_database("postgres://postgres@127.0.0.1:5432/postgres", "sb_1"),
        "postgres://postgres@127.0.0.1:5432/sb_1"
    );
    assert_eq!(
        with_database("postgres://u:p@h:1/postgres?sslmode=disable", "sb_2"),
        "postgres://u:p@h:1/sb_2?sslmode=disable"
    );
    assert_eq!(with_database("postgres://h", "sb_3"), "postgres://h/sb_3");
}
