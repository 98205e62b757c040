//! The real servers the tests talk to, on free 127.0.0.1 ports: pymap (IMAP), aiosmtpd (SMTP,
//! saving what it receives to a folder) and Prometheus Alertmanager. `scripts/setup-peers.sh`
//! installs them; a missing one fails the test with that hint instead of skipping it.
//!
//! Each server runs under a watchdog shell that waits on a pipe only this process holds open.
//! When the pipe closes (the peer is dropped, or the test process ends however it ends) the
//! watchdog stops the server and removes its folder.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub const IMAP_USER: &str = "demouser";
pub const IMAP_PASSWORD: &str = "demopass";
/// The one login the SMTP server takes; mail without a login is taken too.
pub const SMTP_USER: &str = "relay";
pub const SMTP_PASSWORD: &str = "relay-pass";

const SETUP_HINT: &str = "run `make test` (scripts/setup-peers.sh installs it)";

/// One running server.
#[derive(Debug)]
pub struct Peer {
    pub port: u16,
    /// The server's own folder (its log is `server.log`); removed when it stops.
    pub dir: PathBuf,
    pid: u32,
    /// Closing this stops the server.
    watchdog: Option<ChildStdin>,
}

impl Peer {
    /// Stops the server and waits until it is gone.
    pub fn stop(mut self) {
        self.watchdog.take();
        let deadline = Instant::now() + Duration::from_secs(10);
        while alive(self.pid) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
    }
}

/// The shared IMAP server (pymap, in-memory, user demouser / demopass). Tests keep out of each
/// other's way by each using a folder of its own ([`unique`]).
pub fn imap() -> &'static Peer {
    static PEER: OnceLock<Peer> = OnceLock::new();
    PEER.get_or_init(|| {
        let pymap = venv_bin("pymap");
        start("pymap", |port, _dir| {
            let mut c = Command::new(&pymap);
            c.args([
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--no-service",
                "admin",
            ])
            .args([
                "dict",
                "--demo-data",
                "--demo-user",
                IMAP_USER,
                "--demo-password",
                IMAP_PASSWORD,
            ]);
            c
        })
    })
}

/// The shared SMTP server; what it receives lands in `dir/mail` (see `smtp_sink.py`). It takes
/// mail with the login [`SMTP_USER`] / [`SMTP_PASSWORD`] or none.
pub fn smtp() -> &'static Peer {
    static PEER: OnceLock<Peer> = OnceLock::new();
    PEER.get_or_init(|| {
        let python = venv_bin("python");
        let script = repo_root().join("crates/sb-intake/tests/intake/smtp_sink.py");
        start("aiosmtpd", |port, dir| {
            let mut c = Command::new(&python);
            c.arg(&script)
                .args(["127.0.0.1", &port.to_string()])
                .arg(dir.join("mail"))
                .args([SMTP_USER, SMTP_PASSWORD]);
            c
        })
    })
}

/// A fresh Alertmanager of the test's own, with the given `resolve_timeout` (such as "5m" or
/// "4s"), keeping its state in `storage`.
pub fn alertmanager(resolve_timeout: &str, storage: &Path) -> Peer {
    let bin = Path::new("/usr/bin/prometheus-alertmanager");
    if !bin.is_file() {
        panic!("{} is missing: {SETUP_HINT}", bin.display());
    }
    if !Path::new("/usr/share/prometheus/alertmanager/default.tmpl").is_file() {
        panic!("/usr/share/prometheus/alertmanager/default.tmpl is missing: {SETUP_HINT}");
    }
    let config = format!(
        "global:\n  resolve_timeout: {resolve_timeout}\n\
         route:\n  receiver: desk\n  group_wait: 1s\n\
         receivers:\n  - name: desk\n"
    );
    let storage = storage.to_path_buf();
    start("alertmanager", move |port, dir| {
        let file = dir.join("alertmanager.yml");
        std::fs::write(&file, &config).expect("write the Alertmanager config");
        let mut c = Command::new(bin);
        c.arg(format!("--config.file={}", file.display()))
            .arg(format!("--storage.path={}", storage.display()))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .arg("--cluster.listen-address=");
        c
    })
}

/// A plain static web server on `root`: a URL that answers HTTP but is not an Alertmanager.
pub fn web_server(root: &Path) -> Peer {
    let python = venv_bin("python");
    let root = root.to_path_buf();
    start("http.server", move |port, _dir| {
        let mut c = Command::new(&python);
        c.args([
            "-m",
            "http.server",
            "--bind",
            "127.0.0.1",
            &port.to_string(),
            "--directory",
        ])
        .arg(&root);
        c
    })
}

/// A name no other test uses: `prefix-<pid>-<n>`.
pub fn unique(prefix: &str) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// A 127.0.0.1 port nobody listens on (at the moment of asking).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as i64
}

/// The workspace root (where Cargo.lock is), found from the crate that includes this file:
/// the workspace's integration tests include it too.
fn repo_root() -> PathBuf {
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    while !dir.join("Cargo.lock").is_file() && dir.pop() {}
    dir
}

fn venv_bin(name: &str) -> PathBuf {
    let path = repo_root().join(".peers/venv/bin").join(name);
    if !path.is_file() {
        panic!("{} is missing: {SETUP_HINT}", path.display());
    }
    path
}

/// Starts `command(port, dir)` under a watchdog and waits until its port takes connections.
fn start(what: &str, command: impl Fn(u16, &Path) -> Command) -> Peer {
    let mut last_log = String::new();
    for _ in 0..3 {
        let port = free_port();
        let dir = std::env::temp_dir().join(unique(&format!("sb-intake-{what}")));
        std::fs::create_dir_all(&dir).expect("create the server folder");
        let server = command(port, &dir);
        let mut watchdog = Command::new("sh");
        watchdog
            .arg("-c")
            .arg(
                r#"cd "$DIR" && "$@" </dev/null >server.log 2>&1 &
                   pid=$!
                   echo "$pid"
                   read -r _
                   kill -TERM "$pid" 2>/dev/null
                   i=0
                   while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
                   kill -KILL "$pid" 2>/dev/null
                   wait "$pid" 2>/dev/null
                   rm -rf "$DIR""#,
            )
            .arg("sh")
            .arg(server.get_program())
            .args(server.get_args())
            .env("DIR", &dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            // Its own process group: a Ctrl-C on the test run must not kill the cleaner first.
            .process_group(0);
        let mut child = watchdog
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
        let mut stdin = child.stdin.take().expect("watchdog pipe");
        let pid = read_pid(&mut child.stdout.take().expect("watchdog output"));
        let mut peer = Peer {
            port,
            dir,
            pid,
            watchdog: None,
        };
        // Nobody waits for the watchdog: it outlives this process on purpose.
        std::mem::forget(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                let _ = stdin.flush();
                peer.watchdog = Some(stdin);
                return peer;
            }
            if !alive(pid) || Instant::now() > deadline {
                last_log = peer.log();
                drop(stdin);
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!("{what} did not start on 127.0.0.1 (three tries); its log:\n{last_log}");
}

/// Whether `pid` runs (a zombie, dead but not yet reaped by the watchdog, does not).
fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| !rest.starts_with('Z')),
        Err(_) => false,
    }
}

fn read_pid(out: &mut impl std::io::Read) -> u32 {
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while out.read(&mut byte).map(|n| n == 1).unwrap_or(false) && byte[0] != b'\n' {
        line.push(byte[0]);
    }
    String::from_utf8_lossy(&line)
        .trim()
        .parse()
        .expect("the watchdog prints the server's pid")
}
