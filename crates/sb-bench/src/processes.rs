//! Work done by several `sb` processes at once on the same database, each on its own unit (a
//! mailbox, an alert source), as units held by several processes would be: the same path as
//! the in-process figures, with process start-up.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::{group, Result};

/// How long `processes` processes took for `count` items between them.
pub struct ByProcesses {
    pub processes: usize,
    pub count: usize,
    pub took: Duration,
}

impl ByProcesses {
    pub fn rate(&self) -> f64 {
        self.count as f64 / self.took.as_secs_f64()
    }

    /// `1 `sb mail import` process at once: 6,000 emails in 6.30 s = 952/s`
    pub fn line(&self, command: &str, items: &str) -> String {
        format!(
            "{} `{command}` process{} at once: {} {items} in {:.2} s = {:.0}/s",
            self.processes,
            if self.processes == 1 { "" } else { "es" },
            group(self.count),
            self.took.as_secs_f64(),
            self.rate()
        )
    }
}

/// The release `sb` beside this benchmark's binary.
pub fn sb_binary() -> Result<PathBuf> {
    let sb = std::env::current_exe()?.with_file_name("sb");
    if !sb.exists() {
        return Err(format!(
            "{} is missing: `make bench` builds it (cargo build --release -p sb-cli)",
            sb.display()
        )
        .into());
    }
    Ok(sb)
}

/// Starts one `sb --db <db> <args>` per entry at once and waits for all; any failure is the
/// benchmark's.
pub fn run_at_once(db: &Path, home: &Path, each: &[Vec<OsString>]) -> Result<Duration> {
    let sb = sb_binary()?;
    let t = Instant::now();
    let children = each
        .iter()
        .map(|args| {
            std::process::Command::new(&sb)
                .arg("--db")
                .arg(db)
                .args(args)
                .env("SWITCHBOARD_HOME", home)
                .env_remove("SB_DB")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
        })
        .collect::<std::io::Result<Vec<_>>>()?;
    for c in children {
        let out = c.wait_with_output()?;
        if !out.status.success() {
            return Err(format!("sb failed: {}", String::from_utf8_lossy(&out.stderr)).into());
        }
    }
    Ok(t.elapsed())
}
