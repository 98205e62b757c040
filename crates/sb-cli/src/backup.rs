//! `sb backup FILE [--force]` and `sb restore FILE`.

use sb_app::{ApiResult, App, BackupDone, Paths};

use crate::Output;

pub(crate) fn text(d: &BackupDone) -> String {
    let mut s = format!("{} ({} bytes, {})", d.file, d.bytes, d.backend);
    if let Some(old) = &d.previous_kept_at {
        s.push_str(&format!("\nthe database it replaced is kept at {old}"));
    }
    s
}

pub(crate) async fn backup(app: &App, out: &Output, file: &str, force: bool) -> ApiResult<()> {
    let d = app.backup(file, force).await?;
    out.show(&d, |d| format!("backed up to {}", text(d)))
}

/// Runs before the workspace is opened: opening it would migrate it (and a PostgreSQL
/// database would no longer be empty).
pub(crate) async fn restore(db: Option<&str>, out: &Output, file: &str) -> ApiResult<()> {
    let d = App::restore(&Paths::from_env()?, db, file).await?;
    out.show(&d, |d| format!("restored from {}", text(d)))
}
