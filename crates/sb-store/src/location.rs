//! Where the database lives: a SQLite file (the default) or a PostgreSQL URL (team mode).

use std::fmt;
use std::path::{Path, PathBuf};

use crate::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, PartialEq, Eq)]
pub enum DbLocation {
    SqliteFile(PathBuf),
    Postgres(String),
}

impl DbLocation {
    /// `postgres://...` or `postgresql://...` is team mode; anything else is a file path
    /// (an optional `sqlite://` prefix is accepted).
    pub fn parse(value: &str) -> DbLocation {
        let v = value.trim();
        if v.starts_with("postgres://") || v.starts_with("postgresql://") {
            DbLocation::Postgres(v.to_string())
        } else {
            let path = v.strip_prefix("sqlite://").unwrap_or(v);
            DbLocation::SqliteFile(PathBuf::from(path))
        }
    }

    /// A PostgreSQL URL that carries a password (which must not be saved in preferences).
    pub fn has_password(&self) -> bool {
        match self {
            DbLocation::SqliteFile(_) => false,
            DbLocation::Postgres(url) => redact_password(url) != *url,
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            DbLocation::SqliteFile(_) => Backend::Sqlite,
            DbLocation::Postgres(_) => Backend::Postgres,
        }
    }

    pub(crate) fn connect_url(&self) -> Result<String, StoreError> {
        match self {
            DbLocation::Postgres(url) => Ok(url.clone()),
            DbLocation::SqliteFile(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| StoreError::Unavailable {
                        location: self.to_string(),
                        detail: format!("cannot create the folder {}: {e}", dir.display()),
                    })?;
                }
                Ok(format!("sqlite://{}?mode=rwc", sqlite_url_path(path)))
            }
        }
    }
}

fn sqlite_url_path(path: &Path) -> String {
    // The URL form needs '?' and '#' escaped; paths rarely have them, but a user's folder may.
    path.to_string_lossy()
        .replace('%', "%25")
        .replace('?', "%3F")
        .replace('#', "%23")
}

/// Shown to people: never prints a PostgreSQL password.
impl fmt::Display for DbLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbLocation::SqliteFile(p) => write!(f, "{}", p.display()),
            DbLocation::Postgres(url) => f.write_str(&redact_password(url)),
        }
    }
}

impl fmt::Debug for DbLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DbLocation({self})")
    }
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            let hidden = if userinfo.contains(':') { ":***" } else { "" };
            format!("{scheme}://{user}{hidden}@{host}{tail}")
        }
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_show() {
        assert_eq!(
            DbLocation::parse("/tmp/a.db"),
            DbLocation::SqliteFile("/tmp/a.db".into())
        );
        assert_eq!(
            DbLocation::parse("sqlite:///tmp/a.db"),
            DbLocation::SqliteFile("/tmp/a.db".into())
        );
        let pg = DbLocation::parse("postgres://sb:s3cret@db.local:5432/desk?sslmode=disable");
        assert_eq!(pg.backend(), Backend::Postgres);
        assert_eq!(
            pg.to_string(),
            "postgres://sb:***@db.local:5432/desk?sslmode=disable"
        );
        assert!(!format!("{pg:?}").contains("s3cret"));
        assert!(pg.has_password());
        assert!(!DbLocation::parse("postgres://sb@db.local/desk").has_password());
        assert_eq!(
            DbLocation::parse("postgresql://localhost/desk").to_string(),
            "postgresql://localhost/desk"
        );
    }
}
