//! Which database this desktop opens and how it signs in: the choice (a file, or a PostgreSQL
//! URL with its company CA file), the password kept in the OS keychain, and the start-up
//! that the window can retry or redirect when the database cannot be reached.
//!
//! Architecture Invariant: a PostgreSQL password is never in a URL that is shown or saved, nor
//! in the preferences; it lives in the keychain (or `~/.pgpass`) and reaches only the URL that
//! sqlx connects with, in memory.

use std::fmt;
use std::path::{Path, PathBuf};

use sb_domain::Sensitive;
use sb_store::DbLocation;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use sb_i18n::msg;

use crate::{keychain, ApiError, ApiResult, ErrorCode};

/// A database as chosen in Settings -> Database, on the recovery screen, or with
/// `sb database set`.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseChoice {
    /// A SQLite file path or a `postgres://` URL without a password; none (or blank) is the
    /// embedded database in the data folder.
    pub database: Option<String>,
    /// The company CA certificate file (PEM) that signs the server's certificate.
    pub ca_file: Option<String>,
    /// Kept in the OS keychain for this user, server and database; none keeps the one stored.
    pub password: Option<String>,
}

impl fmt::Debug for DatabaseChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseChoice")
            .field(
                "database",
                &self
                    .database
                    .as_deref()
                    .map(|d| DbLocation::parse(d).to_string()),
            )
            .field("ca_file", &self.ca_file)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .finish()
    }
}

/// Where the window is in opening its workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StartupPhase {
    Opening,
    /// The database could not be opened; `error` says why. Retry, another database, or the
    /// local one.
    Failed,
    Ready,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StartupState {
    pub phase: StartupPhase,
    /// The database being opened, as shown to people.
    pub database: String,
    pub error: Option<ApiError>,
}

/// The choice checked and turned into a location: no password in the URL, a full file path,
/// a CA file that exists (named in the URL as `sslrootcert`). `None` is the embedded default.
pub(crate) fn checked_location(choice: &DatabaseChoice) -> ApiResult<Option<DbLocation>> {
    let Some(text) = choice
        .database
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    else {
        return Ok(None);
    };
    let mut location = DbLocation::parse(text);
    refuse_password_in_url(&location)?;
    match &location {
        DbLocation::SqliteFile(path) => {
            if !path.is_absolute() {
                return Err(ApiError::invalid_said(
                    "database",
                    msg!("database-file-full-path"),
                ));
            }
            if choice
                .ca_file
                .as_deref()
                .is_some_and(|c| !c.trim().is_empty())
            {
                return Err(ApiError::invalid_said(
                    "caFile",
                    msg!("database-ca-file-not-for-file"),
                ));
            }
            if typed_password(choice).is_some() {
                return Err(ApiError::invalid_said(
                    "password",
                    msg!("database-password-not-for-file"),
                ));
            }
        }
        DbLocation::Postgres(_) => {
            if let Some(ca) = choice
                .ca_file
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
            {
                location = location.with_ca_file(&checked_ca_file(ca)?);
            }
        }
    }
    Ok(Some(location))
}

/// `location` verified with the CA file `ca` (a PostgreSQL URL only).
pub(crate) fn with_checked_ca_file(location: DbLocation, ca: &str) -> ApiResult<DbLocation> {
    match location {
        DbLocation::Postgres(_) => Ok(location.with_ca_file(&checked_ca_file(ca.trim())?)),
        DbLocation::SqliteFile(_) => Err(ApiError::invalid_said(
            "caFile",
            msg!("database-ca-file-not-for-file"),
        )),
    }
}

fn checked_ca_file(ca: &str) -> ApiResult<PathBuf> {
    let path = Path::new(ca);
    if !path.is_absolute() {
        return Err(ApiError::invalid_said(
            "caFile",
            msg!("database-ca-file-full-path"),
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        ApiError::invalid_said(
            "caFile",
            msg!(
                "database-ca-file-unreadable",
                file = ca,
                error = e.to_string()
            ),
        )
    })?;
    if !text.contains("-----BEGIN CERTIFICATE-----") {
        return Err(ApiError::invalid_said(
            "caFile",
            msg!("database-ca-file-no-pem", file = ca),
        ));
    }
    Ok(path.to_path_buf())
}

/// A URL with a password is refused everywhere (`--db`, `SB_DB`, the preferences, the
/// window), saying where the password goes instead.
pub(crate) fn refuse_password_in_url(location: &DbLocation) -> ApiResult<()> {
    if location.has_password() {
        return Err(ApiError::invalid_said(
            "database",
            msg!("database-password-in-url"),
        ));
    }
    Ok(())
}

/// The password the keychain keeps for this PostgreSQL user, server and database. A keychain
/// that cannot be read is not fatal here: PostgreSQL's own `~/.pgpass` may hold it.
pub(crate) fn stored_password(location: &DbLocation) -> Option<Sensitive<String>> {
    let key = password_account(location)?;
    match keychain::get(&key) {
        Ok(p) => p,
        Err(e) => {
            eprintln!(
                "switchboard: the database password cannot be read from the keychain, trying ~/.pgpass: {}",
                e.message
            );
            None
        }
    }
}

/// The keychain forgets this database's password (signing out).
pub(crate) fn forget_password(location: &DbLocation) -> ApiResult<()> {
    match password_account(location) {
        Some(key) => keychain::delete(&key),
        None => Ok(()),
    }
}

pub(crate) fn store_password(location: &DbLocation, password: &Sensitive<String>) -> ApiResult<()> {
    match password_account(location) {
        Some(key) => keychain::set(&key, password),
        None => Err(ApiError::said(
            ErrorCode::InvalidInput,
            msg!("database-password-only-postgres"),
        )),
    }
}

fn password_account(location: &DbLocation) -> Option<String> {
    location.credential_key().map(|k| format!("database#{k}"))
}

/// A typed password, blank meaning none.
pub(crate) fn typed_password(choice: &DatabaseChoice) -> Option<Sensitive<String>> {
    choice
        .password
        .as_deref()
        .filter(|p| !p.is_empty())
        .map(|p| Sensitive::new(p.to_string()))
}
