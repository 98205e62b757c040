//! The log: what background work did wrong, in a file in the data folder
//! (`logs/switchboard.YYYY-MM-DD.log`, one a day, the last 14 kept), for the person who asks
//! "why did that reply never go out?". Every worker error is logged; no password, token or
//! database URL with a password is (secrets are `Sensitive`, locations print redacted, and
//! sqlx's statement log, where a SCRAM verifier could appear, is left out).

use std::path::PathBuf;

use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::EnvFilter;

use crate::Paths;

/// Keeps the log writing; dropped at exit, it flushes what is left.
#[must_use = "the log stops when the guard is dropped"]
pub struct LogGuard {
    _flush: tracing_appender::non_blocking::WorkerGuard,
}

impl std::fmt::Debug for LogGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LogGuard")
    }
}

/// Where the log files are.
pub fn log_dir(paths: &Paths) -> PathBuf {
    paths.data_dir.join("logs")
}

/// Starts this process's log (`process`: "window", "sb", ...). `SB_LOG` sets the levels
/// (default `info`). `None` when the folder cannot be made or a log already runs in this
/// process; the app works on without one.
pub fn start_log(paths: &Paths, process: &str) -> Option<LogGuard> {
    let dir = log_dir(paths);
    std::fs::create_dir_all(&dir).ok()?;
    let appender = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("switchboard")
        .filename_suffix("log")
        .max_log_files(14)
        .build(&dir)
        .ok()?;
    let (writer, flush) = tracing_appender::non_blocking(appender);
    let levels = std::env::var("SB_LOG").unwrap_or_else(|_| "info".into());
    let filter = EnvFilter::try_new(format!("{levels},sqlx=warn"))
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init()
        .ok()?;
    tracing::info!(process, version = crate::APP_VERSION, "started");
    Some(LogGuard { _flush: flush })
}
