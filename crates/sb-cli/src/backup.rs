//! `sb backup FILE [--force]` and `sb restore FILE`.

use sb_app::{ApiResult, App, BackupDone, Paths};

use sb_i18n::msg;

use crate::print::say;
use crate::Output;

pub(crate) fn text(d: &BackupDone) -> String {
    let mut s = say(&msg!(
        "cli-backup-file",
        file = &d.file,
        bytes = d.bytes,
        backend = d.backend.to_string()
    ));
    if let Some(old) = &d.previous_kept_at {
        s.push_str(&format!("\n{}", say(&msg!("cli-backup-kept", old = old))));
    }
    s
}

pub(crate) async fn backup(app: &App, out: &Output, file: &str, force: bool) -> ApiResult<()> {
    let d = app.backup(file, force).await?;
    out.show(&d, |d| say(&msg!("cli-backed-up", what = text(d))))
}

/// Runs before the workspace is opened: opening it would migrate it (and a PostgreSQL
/// database would no longer be empty).
pub(crate) async fn restore(db: Option<&str>, out: &Output, file: &str) -> ApiResult<()> {
    let d = App::restore(&Paths::from_env()?, db, file).await?;
    out.show(&d, |d| say(&msg!("cli-restored", what = text(d))))
}
