//! A real Request Tracker 5 on a free 127.0.0.1 port, for the vendor-connector tests: the Debian
//! packages (SQLite, `rt-server`) that `scripts/setup-vendors.sh` installs and prepares.
//!
//! Each start works on a copy of the database the setup prepared, in a folder of its own: RT
//! reads the machine's `RT_SiteConfig.d` files and then this run's (`RT_SITE_CONFIG_DIR`): the
//! copy, the port and base URL, UTC, a mailer that sends nothing. Auth tokens for root and for
//! a vendor agent ([`AGENT`], made then) go into the copy, and `rt-server` runs under a
//! watchdog shell that stops it and removes the folder when the pipe to this process closes
//! (the value is dropped, or the test process ends however it ends), as `alertmanager.rs` does.

use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::server::{self, alive, free_port, unique};

const RT_SERVER: &str = "/usr/share/request-tracker5/libexec/rt-server";
const RT_LIB: &str = "/usr/share/request-tracker5/lib";
/// Where RT reads `RT_SiteConfig.d` from (its EtcPath, then LocalEtcPath), in that order.
const RT_SITE_CONFIG_DIRS: [&str; 2] = [
    "/usr/share/request-tracker5/etc/RT_SiteConfig.d",
    "/etc/request-tracker5/RT_SiteConfig.d",
];
const RT_DB: &str = "/var/lib/dbconfig-common/sqlite3/request-tracker5/rtdb";
const SETUP: &str = "scripts/setup-vendors.sh";
/// The ticket custom field the setup applies to every queue.
pub const CORRELATION_FIELD: &str = "Switchboard Correlation";
/// A privileged RT user other than root (SuperUser): the vendor's people, whose replies and
/// comments a connector must take in, where root stands for Switchboard itself.
pub const AGENT: &str = "vendor-agent";

/// One running Request Tracker with a database of its own.
#[derive(Debug)]
pub struct RequestTracker {
    /// The server's root (RT's WebBaseURL, WebPath ""): `http://127.0.0.1:<port>`; REST2 is at
    /// [`RequestTracker::rest`].
    pub base_url: String,
    /// An auth token of root: `Authorization: token <token>` ([`RequestTracker::auth`]).
    pub token: String,
    /// An auth token of [`AGENT`] ([`RequestTracker::agent_auth`]).
    pub agent_token: String,
    /// A queue root may create tickets in.
    pub queue: String,
    /// The ticket custom field (every queue) that can carry Switchboard's correlation id.
    pub correlation_field: String,
    pub port: u16,
    /// How long the start took (the tokens, then the server answering).
    pub started_in: Duration,
    dir: PathBuf,
    pid: u32,
    watchdog: Option<ChildStdin>,
}

impl RequestTracker {
    /// One server for the whole test process, started by the first caller; it stops when the
    /// process ends. Tests that share it must not depend on what else is in it.
    pub fn shared() -> &'static RequestTracker {
        static SHARED: OnceLock<Result<RequestTracker, String>> = OnceLock::new();
        match SHARED.get_or_init(RequestTracker::try_start) {
            Ok(rt) => rt,
            Err(e) => panic!("{e}"),
        }
    }

    /// A server of the caller's own, stopped when the value is dropped.
    pub fn start() -> RequestTracker {
        RequestTracker::try_start().unwrap_or_else(|e| panic!("{e}"))
    }

    fn try_start() -> Result<RequestTracker, String> {
        for path in [RT_SERVER, RT_DB] {
            match std::fs::metadata(path) {
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(format!(
                        "{path} is missing: run {SETUP} (it installs Request Tracker 5 with SQLite)"
                    ))
                }
                Err(e) => {
                    return Err(format!(
                        "cannot read {path} ({e}): the tests start Request Tracker as root, \
                         on a copy of the database {SETUP} prepared"
                    ))
                }
            }
        }
        let started = Instant::now();
        let mut last_log = String::new();
        for _ in 0..3 {
            let port = free_port();
            let dir = std::env::temp_dir().join(unique("sb-tests-rt"));
            let (token, agent_token) = match prepare(&dir, port) {
                Ok(tokens) => tokens,
                Err(e) => {
                    let _ = std::fs::remove_dir_all(&dir);
                    return Err(e);
                }
            };
            let (pid, watchdog) = watch(&dir, port);
            let mut rt = RequestTracker {
                base_url: format!("http://127.0.0.1:{port}"),
                token,
                agent_token,
                queue: "General".into(),
                correlation_field: CORRELATION_FIELD.into(),
                port,
                started_in: Duration::ZERO,
                dir,
                pid,
                watchdog: Some(watchdog),
            };
            let deadline = Instant::now() + Duration::from_secs(60);
            while Instant::now() < deadline && alive(pid) {
                let answer = ureq::get(&format!("{}/rt", rt.rest()))
                    .set("Authorization", &rt.auth())
                    .timeout(Duration::from_secs(5))
                    .call();
                if answer.is_ok() {
                    rt.started_in = started.elapsed();
                    return Ok(rt);
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            last_log = rt.log();
            rt.stop();
        }
        Err(format!(
            "Request Tracker did not start (three tries); its log:\n{last_log}"
        ))
    }

    /// REST2's root: `<base_url>/REST/2.0`.
    pub fn rest(&self) -> String {
        format!("{}/REST/2.0", self.base_url)
    }

    /// The `Authorization` header's value, as root.
    pub fn auth(&self) -> String {
        format!("token {}", self.token)
    }

    /// The `Authorization` header's value, as [`AGENT`].
    pub fn agent_auth(&self) -> String {
        format!("token {}", self.agent_token)
    }

    /// What `rt-server` wrote (RT logs warnings and errors to it).
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

impl Drop for RequestTracker {
    fn drop(&mut self) {
        self.stop_now();
    }
}

/// Copies the database, writes this run's config, and returns new auth tokens for root and
/// for [`AGENT`] (created with SuperUser rights).
fn prepare(dir: &Path, port: u16) -> Result<(String, String), String> {
    let config = dir.join("config");
    std::fs::create_dir_all(&config).map_err(|e| format!("create {}: {e}", config.display()))?;
    let db = dir.join("rtdb");
    std::fs::copy(RT_DB, &db).map_err(|e| format!("copy {RT_DB}: {e}"))?;
    // RT_SITE_CONFIG_DIR replaces both of RT's own folders (and is read twice): link their
    // files in, in RT's order, then this run's, which sorts last and so wins.
    for (n, source) in RT_SITE_CONFIG_DIRS.iter().enumerate() {
        let Ok(entries) = std::fs::read_dir(source) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "pm"))
            .collect();
        files.sort();
        for file in files {
            let name = file.file_name().expect("a file name").to_string_lossy();
            std::os::unix::fs::symlink(&file, config.join(format!("{n}-{name}")))
                .map_err(|e| format!("link {}: {e}", file.display()))?;
        }
    }
    std::fs::write(
        config.join("9-switchboard-test-run.pm"),
        format!(
            "Set($DatabaseName, '{db}');\n\
             Set($WebPath, '');\n\
             Set($WebDomain, '127.0.0.1');\n\
             Set($WebPort, {port});\n\
             Set($WebBaseURL, 'http://127.0.0.1:{port}');\n\
             Set($Timezone, 'UTC');\n\
             Set($LogToSyslog, undef);\n\
             Set($LogToFile, undef);\n\
             Set($LogToSTDERR, 'warning');\n\
             Set($MasonDataDir, '{mason}');\n\
             Set($MailCommand, sub {{ 1 }});\n\
             1;\n",
            db = db.display(),
            mason = dir.join("mason_data").display(),
        ),
    )
    .map_err(|e| format!("write the run's RT config: {e}"))?;
    let out = Command::new("perl")
        .arg(format!("-I{RT_LIB}"))
        .arg("-e")
        .arg(
            r#"use strict; use warnings;
               use RT; RT::LoadConfig(); RT->Config->Set(LogToSTDERR => "error"); RT::Init();
               my ($name) = @ARGV;
               my $agent = RT::User->new(RT->SystemUser);
               $agent->Load($name);
               unless ($agent->id) {
                   my ($ok, $msg) = $agent->Create(Name => $name, Privileged => 1,
                       EmailAddress => 'agent@vendor.example', RealName => 'Vendor Agent');
                   die "creating $name: $msg\n" unless $ok;
                   ($ok, $msg) = $agent->PrincipalObj->GrantRight(
                       Right => 'SuperUser', Object => RT->System);
                   die "granting $name SuperUser: $msg\n" unless $ok;
               }
               for my $login ('root', $name) {
                   my $u = RT::CurrentUser->new(RT->SystemUser);
                   $u->Load($login);
                   my ($ok, $msg, $token) = RT::AuthToken->new($u)->Create(
                       Owner => $u->Id, Description => 'switchboard tests');
                   die "a token for $login: $msg\n" unless $ok;
                   print "$token\n";
               }"#,
        )
        .arg(AGENT)
        .env("RT_SITE_CONFIG_DIR", &config)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("run perl to make RT auth tokens: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    match stdout.split_whitespace().collect::<Vec<_>>().as_slice() {
        [root, agent] if out.status.success() => Ok((root.to_string(), agent.to_string())),
        _ => Err(format!(
            "cannot make RT auth tokens for root and {AGENT} ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        )),
    }
}

/// Starts `rt-server` on `port` with the config in `dir` under a watchdog shell in a process
/// group of its own; returns the server's pid and the pipe whose closing stops it (TERM, then
/// KILL of it and its workers) and removes `dir`.
fn watch(dir: &Path, port: u16) -> (u32, ChildStdin) {
    let args = [
        "--host".to_string(),
        "127.0.0.1".into(),
        "--port".into(),
        port.to_string(),
        // Starlet's prefork workers; requests from parallel tests share them.
        "--max-workers".into(),
        "4".into(),
    ];
    server::watch(
        dir,
        RT_SERVER,
        &args,
        &[("RT_SITE_CONFIG_DIR", dir.join("config").into_os_string())],
        &[],
    )
}
