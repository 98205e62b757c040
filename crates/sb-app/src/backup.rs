//! Backups of the open workspace and restoring one: `sb backup FILE`, `sb restore FILE`.

use std::path::Path;

use sb_store::{Backend, BackupReport, DbLocation};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use sb_i18n::msg;

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
        return Err(ApiError::invalid_said("file", msg!("backup-file-required")));
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

/// One table of a moved workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MovedTableDto {
    pub table: String,
    pub rows: i64,
    /// The same order-independent checksum read back from the local file and the team database.
    pub checksum: String,
}

/// What `sb workspace move` (Settings -> Database -> Move) did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoveDone {
    /// The team database, as shown to people (no password).
    pub database: String,
    pub rows: i64,
    pub tables: Vec<MovedTableDto>,
    /// Mailbox and vendor secrets copied to the team database's keychain entries.
    pub secrets: u32,
}

impl App {
    /// Copies this local workspace into an empty team database (`to`: its URL, CA file and the
    /// owner's password): every row and attachment, the id sequences, each table checked by
    /// count and checksum on both sides; the mailboxes' and vendors' secrets follow in the OS
    /// keychain; the team database is what this desktop opens from the next start. The local
    /// file stays as it was. A target that holds data, or is already a team's, is refused.
    pub async fn move_workspace(&self, to: crate::DatabaseChoice) -> ApiResult<MoveDone> {
        if !matches!(self.location, DbLocation::SqliteFile(_)) {
            return Err(ApiError::invalid_said(
                "database",
                msg!("move-already-on-server"),
            ));
        }
        let Some(target) = database::checked_location(&to)? else {
            return Err(ApiError::invalid_said(
                "database",
                msg!("move-url-required"),
            ));
        };
        if !matches!(target, DbLocation::Postgres(_)) {
            return Err(ApiError::invalid_said(
                "database",
                msg!("move-needs-postgres"),
            ));
        }
        let password = database::typed_password(&to).or_else(|| database::stored_password(&target));
        let team = sb_store::Store::open_with(&target, password.as_ref()).await?;
        let copied = self.store.copy_into(&team).await;
        team.close().await;
        let report = copied?;
        if let Some(p) = &password {
            database::store_password(&target, p)?;
        }
        let secrets = self.copy_secrets(&target).await?;
        // The same person is "me" on the team database until it becomes a team's (then the
        // sign-in says who).
        let me = self.profile().map(|u| u.id);
        self.update_prefs(|p| {
            p.database = Some(target.to_string());
            if let Some(id) = me {
                p.profiles.insert(target.to_string(), id);
            }
        })?;
        Ok(MoveDone {
            database: target.to_string(),
            rows: report.rows,
            tables: report
                .tables
                .into_iter()
                .map(|t| MovedTableDto {
                    table: t.table,
                    rows: t.rows,
                    checksum: t.checksum,
                })
                .collect(),
            secrets,
        })
    }

    /// The mailboxes' and vendors' secrets, kept in the keychain under this workspace's
    /// location, copied under the team database's.
    async fn copy_secrets(&self, target: &DbLocation) -> ApiResult<u32> {
        let mut accounts = Vec::new();
        for m in self.store.mailboxes().await? {
            for server in ["imap", "smtp"] {
                accounts.push(format!("#mailbox-{}-{server}", m.id));
            }
        }
        for v in self.store.vendors().await? {
            accounts.push(format!("#vendor-{}", v.id));
        }
        let mut copied = 0;
        for suffix in accounts {
            if let Some(secret) = crate::keychain::get(&format!("{}{suffix}", self.location))? {
                crate::keychain::set(&format!("{target}{suffix}"), &secret)?;
                copied += 1;
            }
        }
        Ok(copied)
    }
}
