//! A real Prometheus Alertmanager on a free 127.0.0.1 port (the Debian binary that
//! `scripts/setup-peers.sh` installs), the same way sb-intake's tests start it: under a
//! watchdog shell that stops it and removes its folder when the pipe to this process closes
//! (the value is dropped, or the test process ends however it ends).

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::ChildStdin;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

use super::server::{self, alive, free_port, unique};

const BIN: &str = "/usr/bin/prometheus-alertmanager";

/// One running Alertmanager; alerts posted through [`Alertmanager::post`] carry
/// `test=<name>` so a source filtered on it sees only this test's alerts.
#[derive(Debug)]
pub struct Alertmanager {
    pub port: u16,
    pub test: String,
    dir: PathBuf,
    pid: u32,
    watchdog: Option<ChildStdin>,
}

impl Alertmanager {
    /// Starts one with `resolve_timeout` 5 minutes (alerts resolve only when posted resolved).
    pub fn start() -> Alertmanager {
        assert!(
            Path::new(BIN).is_file(),
            "{BIN} is missing: run `make test` (scripts/setup-peers.sh installs it)"
        );
        let mut last_log = String::new();
        for _ in 0..3 {
            let port = free_port();
            let dir = std::env::temp_dir().join(unique("sb-tests-alertmanager"));
            std::fs::create_dir_all(dir.join("data")).expect("create the Alertmanager folder");
            std::fs::write(
                dir.join("alertmanager.yml"),
                "global:\n  resolve_timeout: 5m\nroute:\n  receiver: desk\n  group_wait: 1s\n\
                 receivers:\n  - name: desk\n",
            )
            .expect("write the Alertmanager config");
            let args = [
                format!("--config.file={}", dir.join("alertmanager.yml").display()),
                format!("--storage.path={}", dir.join("data").display()),
                format!("--web.listen-address=127.0.0.1:{port}"),
                "--cluster.listen-address=".to_string(),
            ];
            let (pid, stdin) = server::watch(&dir, BIN, &args, &[], &[]);
            let mut am = Alertmanager {
                port,
                test: unique("mon"),
                dir,
                pid,
                watchdog: Some(stdin),
            };
            let deadline = Instant::now() + Duration::from_secs(60);
            while Instant::now() < deadline && alive(pid) {
                if TcpStream::connect(("127.0.0.1", port)).is_ok()
                    && ureq::get(&format!("{}/api/v2/status", am.url()))
                        .call()
                        .is_ok()
                {
                    return am;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            last_log = am.log();
            am.watchdog.take();
        }
        panic!("Alertmanager did not start (three tries); its log:\n{last_log}");
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The label filter that picks this test's alerts.
    pub fn filter(&self) -> String {
        format!("test=\"{}\"", self.test)
    }

    /// Posts alerts as Prometheus does; each gets `test=<name>`.
    pub fn post(&self, alerts: Vec<Value>) {
        let alerts: Vec<Value> = alerts
            .into_iter()
            .map(|mut a| {
                a["labels"]["test"] = json!(self.test);
                a
            })
            .collect();
        ureq::post(&format!("{}/api/v2/alerts", self.url()))
            .send_json(json!(alerts))
            .expect("POST /api/v2/alerts");
    }

    /// Waits until Alertmanager lists exactly `n` of this test's alerts as processed (routing
    /// takes a moment), so a poll right after sees what was posted.
    pub fn settle(&self, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let list: Value = ureq::get(&format!("{}/api/v2/alerts", self.url()))
                .query("filter", &self.filter())
                .call()
                .expect("GET /api/v2/alerts")
                .into_json()
                .expect("alert list");
            let list = list.as_array().cloned().unwrap_or_default();
            let processed = list
                .iter()
                .all(|a| a["status"]["state"] != json!("unprocessed"));
            if list.len() == n && processed {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "Alertmanager lists {} alerts, expected {n}: {list:?}",
                list.len()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
    }

    /// Stops it and waits until it is gone.
    pub fn stop(mut self) {
        self.watchdog.take();
        let deadline = Instant::now() + Duration::from_secs(10);
        while alive(self.pid) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// A firing alert with these labels (no `endsAt`: it stays firing for resolve_timeout).
pub fn firing(labels: Value) -> Value {
    json!({ "labels": labels, "annotations": { "summary": "test alert" } })
}

/// The same alert posted as resolved now (what Prometheus does when a rule stops firing).
pub fn resolved(labels: Value) -> Value {
    json!({ "labels": labels, "endsAt": rfc3339(now_ms() - 1000) })
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as i64
}

fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60,
        ms.rem_euclid(1000)
    )
}
