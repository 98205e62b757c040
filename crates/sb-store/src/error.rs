//! What can go wrong in the store, in words a person can act on.

use crate::DbLocation;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database at {location} was written by a newer version of Switchboard (it has migration {version} that this version does not know); update Switchboard, the data is untouched")]
    TooNew { location: String, version: i64 },
    #[error("{location} is not a Switchboard database or is damaged ({detail}); nothing was changed: restore it from a backup or choose another file")]
    Corrupt { location: String, detail: String },
    #[error("cannot open the database at {location}: {detail}")]
    Unavailable { location: String, detail: String },
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
        StoreError::Unavailable {
            location: location.to_string(),
            detail: e.to_string(),
        }
    }

    pub(crate) fn migrate(location: &DbLocation, e: sqlx::migrate::MigrateError) -> StoreError {
        use sqlx::migrate::MigrateError as M;
        let loc = location.to_string();
        match e {
            M::VersionMissing(version) => StoreError::TooNew {
                location: loc,
                version,
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

    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Database(sqlx::Error::Database(db)) if db.is_unique_violation())
    }
}

fn is_not_a_database(e: &sqlx::Error) -> bool {
    match e {
        // SQLITE_NOTADB (26) and SQLITE_CORRUPT (11).
        sqlx::Error::Database(db) => matches!(db.code().as_deref(), Some("26") | Some("11")),
        _ => false,
    }
}
