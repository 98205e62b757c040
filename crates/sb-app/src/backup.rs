//! Backups of the open workspace and restoring one: `sb backup FILE`, `sb restore FILE`.

use std::path::Path;

use sb_store::{Backend, BackupReport, DbLocation};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::prefs::{Paths, Preferences};
use crate::{database, ApiError, ApiResult, App};

/// What a backup or a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupDone {
    /// `sqlite` or `postgres`.
    pub backend: String,
    pub file: String,
    pub bytes: u64,
    /// After a restore of a local database: where the one it replaced was kept.
    pub previous_kept_at: Option<String>,
}

fn done(r: BackupReport) -> BackupDone {
    BackupDone {
        backend: match r.backend {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
        .to_string(),
        file: r.file.to_string_lossy().into_owned(),
        bytes: r.bytes,
        previous_kept_at: r.previous_kept_at.map(|p| p.to_string_lossy().into_owned()),
    }
}

fn checked_file(file: &str) -> ApiResult<&Path> {
    if file.trim().is_empty() {
        return Err(ApiError::invalid("file", "give the backup file's path"));
    }
    Ok(Path::new(file))
}

impl App {
    /// Writes a backup of the open workspace to `file` (refused if it exists, unless `force`):
    /// a SQLite copy made while others keep writing, or a `pg_dump` archive.
    pub async fn backup(&self, file: &str, force: bool) -> ApiResult<BackupDone> {
        let file = checked_file(file)?;
        let password = database::stored_password(&self.location);
        let report = self
            .store
            .backup_to(&self.location, password.as_ref(), file, force)
            .await?;
        Ok(done(report))
    }

    /// Restores `file` as the workspace this desktop opens (`database`, else the preferences'
    /// one, else the embedded default), which must not be open: a local database is replaced
    /// (the old one kept beside it); a PostgreSQL database must be empty.
    pub async fn restore(
        paths: &Paths,
        database: Option<&str>,
        file: &str,
    ) -> ApiResult<BackupDone> {
        let file = checked_file(file)?;
        let prefs = Preferences::load(&paths.preferences_file)?;
        let location: DbLocation = App::location_to_open(paths, &prefs, database);
        database::refuse_password_in_url(&location)?;
        let password = database::stored_password(&location);
        Ok(done(
            sb_store::restore(&location, password.as_ref(), file).await?,
        ))
    }
}
