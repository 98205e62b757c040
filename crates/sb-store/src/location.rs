//! Where the database lives: a SQLite file (the default) or a PostgreSQL URL (team mode).

use std::fmt;
use std::path::{Path, PathBuf};

use sb_domain::Sensitive;

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

    /// A PostgreSQL URL that carries a password, as `user:pass@` or `?password=` (which must
    /// not be saved in preferences: it belongs in the keychain or `~/.pgpass`).
    pub fn has_password(&self) -> bool {
        match self {
            DbLocation::SqliteFile(_) => false,
            DbLocation::Postgres(url) => {
                redact_password(url) != *url
                    || url::Url::parse(url).is_ok_and(|u| {
                        u.query_pairs()
                            .any(|(k, _)| k.eq_ignore_ascii_case("password"))
                    })
            }
        }
    }

    /// The certificate authority file a PostgreSQL URL names (`sslrootcert`), if any.
    pub fn ca_file(&self) -> Option<PathBuf> {
        self.query_value(&["sslrootcert", "ssl-root-cert", "ssl-ca"])
            .map(PathBuf::from)
    }

    /// The same PostgreSQL URL naming `ca_file` as its certificate authority (`sslrootcert`),
    /// replacing any it named; a SQLite location is returned as it is.
    pub fn with_ca_file(&self, ca_file: &Path) -> DbLocation {
        let DbLocation::Postgres(url) = self else {
            return self.clone();
        };
        let Ok(mut parsed) = url::Url::parse(url) else {
            return self.clone();
        };
        let kept: Vec<(String, String)> = parsed
            .query_pairs()
            .filter(|(k, _)| !matches!(k.as_ref(), "sslrootcert" | "ssl-root-cert" | "ssl-ca"))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        parsed
            .query_pairs_mut()
            .clear()
            .extend_pairs(kept)
            .append_pair("sslrootcert", &ca_file.to_string_lossy());
        DbLocation::Postgres(parsed.to_string())
    }

    /// Who signs in where, without the password or the options: the keychain entry that keeps
    /// this PostgreSQL database's password (`user@host:port/database`).
    pub fn credential_key(&self) -> Option<String> {
        let DbLocation::Postgres(url) = self else {
            return None;
        };
        let u = url::Url::parse(url).ok()?;
        let user = match u.username() {
            "" => self.query_value(&["user"]).unwrap_or_default(),
            name => percent_decoded(name),
        };
        let host = u.host_str().unwrap_or("localhost");
        let port = u.port().unwrap_or(5432);
        let database = percent_decoded(u.path().trim_start_matches('/'));
        Some(format!("{user}@{host}:{port}/{database}"))
    }

    /// The PostgreSQL server's host is this computer (loopback or a local socket), where an
    /// unencrypted connection never leaves the machine.
    pub fn is_local(&self) -> bool {
        let DbLocation::Postgres(url) = self else {
            return true;
        };
        if self
            .query_value(&["host"])
            .is_some_and(|h| h.starts_with('/'))
        {
            return true;
        }
        match url::Url::parse(url)
            .ok()
            .and_then(|u| u.host().map(|h| h.to_owned()))
        {
            None => true,
            // A postgres:// URL's host is opaque to the url crate: an address comes as text.
            Some(url::Host::Domain(d)) => {
                d.eq_ignore_ascii_case("localhost")
                    || d.trim_start_matches('[')
                        .trim_end_matches(']')
                        .parse::<std::net::IpAddr>()
                        .is_ok_and(|ip| ip.is_loopback())
            }
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        }
    }

    fn query_value(&self, keys: &[&str]) -> Option<String> {
        let DbLocation::Postgres(url) = self else {
            return None;
        };
        url::Url::parse(url).ok()?.query_pairs().find_map(|(k, v)| {
            keys.iter()
                .any(|key| k.eq_ignore_ascii_case(key))
                .then(|| v.into_owned())
        })
    }

    pub fn backend(&self) -> Backend {
        match self {
            DbLocation::SqliteFile(_) => Backend::Sqlite,
            DbLocation::Postgres(_) => Backend::Postgres,
        }
    }

    /// The URL handed to sqlx, which lives only in memory: a host that is not this computer is
    /// `sslmode=verify-full` unless the URL says otherwise, and the keychain's password (if
    /// any) is put in here, never in what is shown or saved.
    pub(crate) fn connect_url(
        &self,
        password: Option<&Sensitive<String>>,
    ) -> Result<String, StoreError> {
        match self {
            DbLocation::Postgres(url) => {
                let mut parsed = url::Url::parse(url).map_err(|e| StoreError::Unavailable {
                    location: self.to_string(),
                    detail: format!(
                        "the URL cannot be read ({e}); write it as postgres://user@host:5432/database"
                    ),
                })?;
                let has_mode = parsed
                    .query_pairs()
                    .any(|(k, _)| k.eq_ignore_ascii_case("sslmode") || k == "ssl-mode");
                if !has_mode && !self.is_local() {
                    parsed
                        .query_pairs_mut()
                        .append_pair("sslmode", "verify-full");
                }
                if let Some(p) = password {
                    parsed.set_password(Some(p.expose())).map_err(|()| {
                        StoreError::Unavailable {
                            location: self.to_string(),
                            detail: "a password cannot be used with this URL".into(),
                        }
                    })?;
                }
                Ok(parsed.to_string())
            }
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

fn percent_decoded(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| s.to_string())
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
        assert!(DbLocation::parse("postgres://sb@db.local/desk?password=x").has_password());
        assert!(DbLocation::parse("postgres://sb@db.local/desk?PASSWORD=x").has_password());
    }

    fn check_connect(url: &str, expected: &str) {
        let got = DbLocation::parse(url).connect_url(None).expect("a URL");
        assert_eq!(got, expected, "{url}");
    }

    #[test]
    fn a_remote_host_is_verified_in_full_unless_the_url_says_otherwise() {
        check_connect(
            "postgres://sb@db.example.com/desk",
            "postgres://sb@db.example.com/desk?sslmode=verify-full",
        );
        check_connect(
            "postgres://sb@10.0.0.5:5433/desk?application_name=x",
            "postgres://sb@10.0.0.5:5433/desk?application_name=x&sslmode=verify-full",
        );
        check_connect(
            "postgres://sb@db.example.com/desk?sslmode=require",
            "postgres://sb@db.example.com/desk?sslmode=require",
        );
        // This computer: the connection never leaves it.
        check_connect(
            "postgres://sb@127.0.0.1/desk",
            "postgres://sb@127.0.0.1/desk",
        );
        check_connect(
            "postgres://sb@localhost/desk",
            "postgres://sb@localhost/desk",
        );
        check_connect("postgres://sb@[::1]/desk", "postgres://sb@[::1]/desk");
        check_connect(
            "postgres://sb@db.example.com/desk?host=/run/postgresql",
            "postgres://sb@db.example.com/desk?host=/run/postgresql",
        );
    }

    #[test]
    fn the_password_reaches_only_the_connect_url() {
        let loc = DbLocation::parse("postgres://desk@db.example.com/team");
        let secret = Sensitive::new("p@ss:w/rd".to_string());
        let url = loc.connect_url(Some(&secret)).expect("a URL");
        assert_eq!(
            url,
            "postgres://desk:p%40ss%3Aw%2Frd@db.example.com/team?sslmode=verify-full"
        );
        assert!(!loc.to_string().contains("rd"));
        assert_eq!(
            loc.credential_key().as_deref(),
            Some("desk@db.example.com:5432/team")
        );
    }

    #[test]
    fn the_ca_file_rides_in_the_url() {
        let loc = DbLocation::parse("postgres://desk@db.example.com/team?sslrootcert=/old.pem");
        let with = loc.with_ca_file(Path::new("/etc/ssl/company ca.pem"));
        assert_eq!(
            with.ca_file(),
            Some(PathBuf::from("/etc/ssl/company ca.pem"))
        );
        assert_eq!(
            with.to_string(),
            "postgres://desk@db.example.com/team?sslrootcert=%2Fetc%2Fssl%2Fcompany+ca.pem"
        );
    }
}
