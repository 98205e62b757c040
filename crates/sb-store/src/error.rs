//! What can go wrong in the store, in words a person can act on.

use crate::DbLocation;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database at {location} was written by a newer version of Switchboard (it has migration {version} that this version does not know); {}, the data is untouched", match .install { Some(v) => format!("install Switchboard {v} or later"), None => "update Switchboard".to_string() })]
    TooNew {
        location: String,
        version: i64,
        /// The version that upgraded a team workspace, when it says.
        install: Option<String>,
    },
    #[error("the team workspace at {location} has an older schema (migration {applied}) than this Switchboard needs ({needed}); its owner runs `sb team upgrade` (which takes a backup first), then open it again. Nothing was changed")]
    NeedsUpgrade {
        location: String,
        applied: i64,
        needed: i64,
    },
    /// The database refused: a permission (a role's grants, row-level security) or a team
    /// administration step the signed-in login may not take. The message says which.
    #[error("{0}")]
    Refused(String),
    #[error("{location} is not a Switchboard database or is damaged ({detail}); nothing was changed: restore it from a backup or choose another file")]
    Corrupt { location: String, detail: String },
    #[error("cannot open the database at {location}: {detail}")]
    Unavailable { location: String, detail: String },
    #[error("the server at {location} showed a certificate made out to another name than {host}, so the connection was refused; connect with the host name its certificate names (ask the administrator which)")]
    TlsWrongHost { location: String, host: String },
    #[error("the certificate of the server at {location} is signed by an authority this computer does not trust, so the connection was refused; give the company's CA certificate file (Settings -> Database -> CA file, or `sb database set URL --ca-file FILE`)")]
    TlsUnknownCa { location: String },
    #[error("the server at {location} does not offer TLS, so the connection would not be encrypted and was refused; turn on ssl in the server's postgresql.conf (ask the administrator)")]
    TlsNotOffered { location: String },
    #[error("PostgreSQL refused to sign in {user} at {location} ({detail}); store the right password with `sb database set URL --password-stdin` or in Settings -> Database (it is kept in the OS keychain), or in ~/.pgpass")]
    SignInRefused {
        location: String,
        user: String,
        detail: String,
    },
    #[error("{0}")]
    InvalidCursor(String),
    #[error("{what} {id} does not exist")]
    NotFound { what: &'static str, id: String },
    #[error("{0}")]
    Conflict(String),
    #[error("{} changed after it was read (version {}, now {}); nothing was changed: reload it and apply the change again", sb_domain::TicketNumber(.0.ticket_id), .0.seen, .0.current)]
    Stale(Box<crate::StaleTicket>),
    #[error("the database refused a value: {0}")]
    Decode(String),
    /// A write under a lease ([`crate::fenced`]) after another process took the unit over:
    /// nothing of it was recorded.
    #[error("this process no longer holds the background work {unit} (another took it over after its hold ran out); nothing was recorded, and the new holder does the work")]
    LeaseLost { unit: String },
    #[error("cannot watch the database file for other desks' changes: {0}")]
    Watch(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    pub(crate) fn open(location: &DbLocation, e: sqlx::Error) -> StoreError {
        if is_not_a_database(&e) {
            return StoreError::Corrupt {
                location: location.to_string(),
                detail: e.to_string(),
            };
        }
        if let Some(refused) = tls_refusal(location, &e) {
            return refused;
        }
        if let sqlx::Error::Database(db) = &e {
            // invalid_password, invalid_authorization_specification
            if matches!(db.code().as_deref(), Some("28P01") | Some("28000")) {
                return StoreError::SignInRefused {
                    location: location.to_string(),
                    user: location
                        .credential_key()
                        .and_then(|k| k.split('@').next().map(str::to_string))
                        .unwrap_or_default(),
                    detail: db.message().to_string(),
                };
            }
        }
        let detail = match &e {
            sqlx::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                "nothing answers there (connection refused): start the PostgreSQL server, or check the host and port".to_string()
            }
            _ => e.to_string(),
        };
        StoreError::Unavailable {
            location: location.to_string(),
            detail,
        }
    }

    pub(crate) fn migrate(location: &DbLocation, e: sqlx::migrate::MigrateError) -> StoreError {
        use sqlx::migrate::MigrateError as M;
        let loc = location.to_string();
        match e {
            M::VersionMissing(version) => StoreError::TooNew {
                location: loc,
                version,
                install: None,
            },
            M::VersionMismatch(version) => StoreError::Corrupt {
                location: loc,
                detail: format!("migration {version} differs from the one this version applied"),
            },
            M::Dirty(version) => StoreError::Corrupt {
                location: loc,
                detail: format!("migration {version} was interrupted part-way"),
            },
            M::Execute(e) if is_not_a_database(&e) => StoreError::Corrupt {
                location: loc,
                detail: e.to_string(),
            },
            other => StoreError::Unavailable {
                location: loc,
                detail: other.to_string(),
            },
        }
    }

    /// A unique or foreign-key constraint said no.
    pub fn is_constraint(&self) -> bool {
        match self {
            StoreError::Database(sqlx::Error::Database(db)) => {
                db.is_unique_violation() || db.is_foreign_key_violation() || db.is_check_violation()
            }
            _ => false,
        }
    }

    /// PostgreSQL refused for want of a privilege (grants, row-level security, a rule of
    /// migration 0031): SQLSTATE 42501, or a row-level security check (also 42501).
    pub fn is_refused(&self) -> bool {
        matches!(self, StoreError::Database(sqlx::Error::Database(db)) if db.code().as_deref() == Some("42501"))
    }

    /// What went wrong in the database's own words with its code, as "refused by a trigger
    /// (code 1811)", for an error that came from the database; sqlx's own words otherwise
    /// (a pool timed out, a connection lost). Without sqlx's "error returned from database:".
    pub fn database_detail(&self) -> Option<String> {
        match self {
            StoreError::Database(sqlx::Error::Database(db)) => Some(match db.code() {
                Some(code) => format!("{} (code {code})", db.message()),
                None => db.message().to_string(),
            }),
            StoreError::Database(e) => Some(e.to_string()),
            _ => None,
        }
    }

    /// The database's own message, for an error that came from it.
    pub fn database_message(&self) -> Option<String> {
        match self {
            StoreError::Database(sqlx::Error::Database(db)) => Some(db.message().to_string()),
            _ => None,
        }
    }

    /// The database could not do it now, whatever was asked: busy or locked (SQLite), a
    /// serialization failure, deadlock or connection fault (PostgreSQL), no connection free in
    /// time, the connection gone. The same work may succeed when tried again; it says nothing
    /// about the data.
    pub fn is_transient(&self) -> bool {
        match self {
            StoreError::Unavailable { .. } => true,
            StoreError::Database(
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_),
            ) => true,
            StoreError::Database(sqlx::Error::Database(db)) => {
                let code = db.code();
                let code = code.as_deref().unwrap_or("");
                // SQLite: 5 SQLITE_BUSY, 6 SQLITE_LOCKED and their extended codes (x + 256 n).
                let sqlite_busy = code.parse::<i64>().is_ok_and(|c| matches!(c & 0xff, 5 | 6));
                sqlite_busy
                    || matches!(code, "40001" | "40P01" | "53300" | "57P01" | "57P03")
                    || code.starts_with("08")
            }
            _ => false,
        }
    }

    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Database(sqlx::Error::Database(db)) if db.is_unique_violation())
    }
}

/// What TLS refused, told apart: rustls's typed certificate errors (inside the handshake's
/// I/O error), and sqlx's refusal when the server answers "no" to the TLS request.
fn tls_refusal(location: &DbLocation, e: &sqlx::Error) -> Option<StoreError> {
    use rustls::CertificateError as C;
    let location_name = location.to_string();
    if let sqlx::Error::Tls(inner) = e {
        // sqlx's own words when `sslmode` requires TLS and the server has none.
        if inner.to_string().contains("does not support TLS") {
            return Some(StoreError::TlsNotOffered {
                location: location_name,
            });
        }
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        let rustls_error = err.downcast_ref::<rustls::Error>().or_else(|| {
            err.downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        });
        if let Some(rustls::Error::InvalidCertificate(cert)) = rustls_error {
            return match cert {
                C::NotValidForName | C::NotValidForNameContext { .. } => {
                    Some(StoreError::TlsWrongHost {
                        host: url::Url::parse(match location {
                            DbLocation::Postgres(u) => u,
                            DbLocation::SqliteFile(_) => "",
                        })
                        .ok()
                        .and_then(|u| u.host_str().map(str::to_string))
                        .unwrap_or_default(),
                        location: location_name,
                    })
                }
                C::UnknownIssuer | C::BadSignature => Some(StoreError::TlsUnknownCa {
                    location: location_name,
                }),
                _ => None,
            };
        }
        source = err.source();
    }
    None
}

fn is_not_a_database(e: &sqlx::Error) -> bool {
    match e {
        // SQLITE_NOTADB (26) and SQLITE_CORRUPT (11).
        sqlx::Error::Database(db) => matches!(db.code().as_deref(), Some("26") | Some("11")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::{Connection, Executor};

    /// A real SQLITE_BUSY (a second writer that will not wait), a pool with no connection free
    /// in time: transient. A conflict, a missing row, a broken constraint: not.
    #[tokio::test]
    async fn busy_and_timeouts_are_transient_and_refusals_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite:{}?mode=rwc", dir.path().join("t.db").display());
        let mut a = sqlx::SqliteConnection::connect(&url).await.unwrap();
        let mut b = sqlx::SqliteConnection::connect(&url).await.unwrap();
        a.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)")
            .await
            .unwrap();
        b.execute("PRAGMA busy_timeout = 0").await.unwrap();
        a.execute("BEGIN IMMEDIATE").await.unwrap();
        let busy = b.execute("BEGIN IMMEDIATE").await.unwrap_err();
        assert!(StoreError::Database(busy).is_transient());
        a.execute("INSERT INTO t VALUES (1)").await.unwrap();
        let twice = a.execute("INSERT INTO t VALUES (1)").await.unwrap_err();
        let twice = StoreError::Database(twice);
        assert!(twice.is_constraint() && !twice.is_transient());

        assert!(StoreError::Database(sqlx::Error::PoolTimedOut).is_transient());
        assert!(!StoreError::Database(sqlx::Error::RowNotFound).is_transient());
        assert!(!StoreError::Conflict("changed meanwhile".into()).is_transient());
    }

    /// The database's words and code, without sqlx's "error returned from database:" before
    /// them (a vendor sync's refusal showed "database error: error returned from database:
    /// (code: 1811) …").
    #[tokio::test]
    async fn a_database_error_is_told_in_its_own_words_with_its_code() {
        let mut c = sqlx::SqliteConnection::connect("sqlite::memory:")
            .await
            .unwrap();
        c.execute(
            "CREATE TABLE t (x TEXT); CREATE TRIGGER no BEFORE INSERT ON t \
             BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END;",
        )
        .await
        .unwrap();
        let refused =
            StoreError::Database(c.execute("INSERT INTO t VALUES ('a')").await.unwrap_err());
        assert_eq!(
            refused.database_detail().as_deref(),
            Some("refused by a trigger (code 1811)")
        );
        assert_eq!(
            StoreError::Database(sqlx::Error::PoolTimedOut)
                .database_detail()
                .as_deref(),
            Some("pool timed out while waiting for an open connection")
        );
        assert_eq!(StoreError::Conflict("x".into()).database_detail(), None);
    }
}
