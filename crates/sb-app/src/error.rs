//! API Boundary: every failure leaves the app layer as `ApiError { code, message, msg }`. The
//! window switches on `code`; `msg` is the sentence for people (what to fix) as a message id with
//! arguments, which the window and the CLI word in their reader's language; `message` is the same
//! sentence in English, for logs.

use sb_domain::{
    FieldError, LineError, MergeError, MergedAway, TicketNumberError, TransitionError, UnknownValue,
};
use sb_i18n::Msg;
use sb_store::StoreError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A field is missing or malformed; `field` names it.
    InvalidInput,
    NotFound,
    /// Someone else changed the record meanwhile, or a unique value is taken.
    Conflict,
    /// The ticket changed after the person saw it; nothing was changed. `conflict` says who
    /// changed what and when; reload and apply the change again.
    EditConflict,
    /// "Assign to me" on a ticket someone else has (or took first); the message names them.
    /// Giving it to oneself anyway is an explicit reassignment.
    AlreadyTaken,
    /// The state machine refused the status change.
    TransitionRefused,
    /// Nobody has set up a profile on this desktop yet.
    NoProfile,
    /// Team mode: the invitation's one-time password must be replaced before anything else.
    PasswordChangeRequired,
    DatabaseTooNew,
    /// A team workspace's schema is older than this desktop needs: its owner runs
    /// `sb team upgrade`.
    DatabaseNeedsUpgrade,
    DatabaseCorrupt,
    DatabaseUnavailable,
    /// TLS: the server's certificate is made out to another host name than the one connected to.
    DatabaseWrongHost,
    /// TLS: the server's certificate is signed by an authority this computer does not trust
    /// (give the company CA file).
    DatabaseUnknownCa,
    /// TLS is required (any server that is not this computer) and the server does not offer it.
    DatabaseNoTls,
    /// PostgreSQL refused the user name or the password.
    DatabaseSignIn,
    /// The OS keychain cannot be reached (on Linux: no Secret Service and no kernel keyring).
    KeychainUnavailable,
    /// A password the operation needs is not in the OS keychain.
    SecretMissing,
    /// A mail server failed or refused; the message says which and what to check.
    MailServer,
    /// Another system (Alertmanager, ...) could not be reached or answered wrongly; the
    /// message says what is wrong.
    ConnectionFailed,
    /// A unit of background work was taken over by another process (this one's hold ran
    /// out): what this one did was not recorded, and the new holder does the work.
    TakenOver,
    /// Another process holds this unit of background work now (the message names it); it
    /// does the work on its next round.
    Busy,
    /// The role of the person at this desk does not allow it (approving time, editing
    /// packages: account managers and admins).
    NotAllowed,
    /// A support-hours package is used up and its overage policy refuses more time.
    PackageBlocked,
    /// The hours ledger refuses a change that would give a client hours they did not buy (a
    /// second renewal, the same package twice, hours cut below what is used, a correction
    /// beyond the entry); the message says which budget, what is left and what to do.
    LedgerRefused,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    /// In English: logs, and the fallback of a reader that has no words for `msg`.
    pub message: String,
    /// The sentence for people; `None` only for a text from outside that has no id (a server's
    /// own error text), which `message` then carries as it came.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub msg: Option<Msg>,
    /// The form field to fix, when there is one.
    pub field: Option<String>,
    /// With `edit_conflict` and `already_taken`: who changed what since the version seen.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub conflict: Option<Box<crate::dto::EditConflict>>,
}

impl ApiError {
    /// This workspace failing now rather than the work refused: the database busy, locked or
    /// out of reach, the unit of background work taken over by another process, the keychain
    /// away. The same work may succeed when tried again.
    pub fn is_local_failure(&self) -> bool {
        matches!(
            self.code,
            ErrorCode::DatabaseUnavailable
                | ErrorCode::TakenOver
                | ErrorCode::Busy
                | ErrorCode::KeychainUnavailable
        )
    }

    /// Of this desk's own failures on the way to sending something, one that waits for a
    /// person here: the mailbox removed, a setting refused, a password missing from this desk's
    /// keychain. The outboxes count it as the message's settings failure (a dead letter saying
    /// what to fix); any other (the database busy or failing, the unit taken over, the keychain
    /// away: locked, or its service gone with the session) is no attempt of the message's but
    /// the workspace's own error, and the message waits, untried, for the next round.
    pub(crate) fn waits_for_a_person(&self) -> bool {
        matches!(
            self.code,
            ErrorCode::NotFound | ErrorCode::InvalidInput | ErrorCode::SecretMissing
        )
    }

    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            msg: None,
            field: None,
            conflict: None,
        }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            code: ErrorCode::InvalidInput,
            message: message.into(),
            msg: None,
            field: Some(field.to_string()),
            conflict: None,
        }
    }

    /// A refusal worded by its reader: `code` and the sentence as a message.
    pub fn said(code: ErrorCode, msg: Msg) -> ApiError {
        ApiError {
            code,
            message: msg.english(),
            msg: Some(msg),
            field: None,
            conflict: None,
        }
    }

    /// A field to fix, with what is wrong with it as a message.
    pub fn invalid_said(field: &str, msg: Msg) -> ApiError {
        ApiError {
            field: Some(field.to_string()),
            ..ApiError::said(ErrorCode::InvalidInput, msg)
        }
    }

    /// The sentence in `lang`: `msg` worded, or `message` when there is no id.
    pub fn text(&self, lang: sb_i18n::Lang) -> String {
        match &self.msg {
            Some(m) => m.render(lang),
            None => self.message.clone(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::NotFound, message)
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> ApiError {
        let field = e.field;
        let msg = sb_i18n::msg!("field-error", field = field, problem = e.message);
        ApiError::invalid_said(field, msg)
    }
}

impl From<TransitionError> for ApiError {
    fn from(e: TransitionError) -> ApiError {
        let field = matches!(e, TransitionError::NoteRequired(_)).then(|| "note".to_string());
        ApiError {
            field,
            ..ApiError::said(ErrorCode::TransitionRefused, e.msg())
        }
    }
}

impl From<LineError> for ApiError {
    fn from(e: LineError) -> ApiError {
        let field = match e {
            LineError::Unchanged(_) => "line",
            LineError::HandoverRequired(_) => "note",
        };
        ApiError::invalid_said(field, e.msg())
    }
}

impl From<MergeError> for ApiError {
    fn from(e: MergeError) -> ApiError {
        ApiError::invalid_said("into", e.msg())
    }
}

impl From<MergedAway> for ApiError {
    fn from(e: MergedAway) -> ApiError {
        ApiError::said(ErrorCode::Conflict, e.msg())
    }
}

impl From<TicketNumberError> for ApiError {
    fn from(e: TicketNumberError) -> ApiError {
        ApiError::invalid_said("ticket", e.msg())
    }
}

impl From<UnknownValue> for ApiError {
    fn from(e: UnknownValue) -> ApiError {
        ApiError::invalid_said(e.kind, e.msg())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        if let StoreError::Stale(stale) = e {
            return crate::edits::stale(*stale);
        }
        let code = match &e {
            StoreError::TooNew { .. } => ErrorCode::DatabaseTooNew,
            StoreError::Corrupt { .. } => ErrorCode::DatabaseCorrupt,
            StoreError::Unavailable { .. } => ErrorCode::DatabaseUnavailable,
            StoreError::TlsWrongHost { .. } => ErrorCode::DatabaseWrongHost,
            StoreError::TlsUnknownCa { .. } => ErrorCode::DatabaseUnknownCa,
            StoreError::TlsNotOffered { .. } => ErrorCode::DatabaseNoTls,
            StoreError::SignInRefused { .. } => ErrorCode::DatabaseSignIn,
            StoreError::InvalidCursor(_) => ErrorCode::InvalidInput,
            StoreError::NotFound { .. } => ErrorCode::NotFound,
            StoreError::Conflict(_) | StoreError::Stale(_) => ErrorCode::Conflict,
            StoreError::LeaseLost { .. } => ErrorCode::TakenOver,
            StoreError::Decode(_) | StoreError::Watch(_) => ErrorCode::Internal,
            StoreError::NeedsUpgrade { .. } => ErrorCode::DatabaseNeedsUpgrade,
            StoreError::Refused(_) => ErrorCode::NotAllowed,
            StoreError::Database(_) if e.is_refused() => {
                return ApiError::said(
                    ErrorCode::NotAllowed,
                    sb_i18n::msg!(
                        "db-refused-role",
                        detail = e.database_message().unwrap_or_default()
                    ),
                );
            }
            StoreError::Database(_) if e.is_unique_violation() => ErrorCode::Conflict,
            StoreError::Database(_) if e.is_constraint() => ErrorCode::InvalidInput,
            StoreError::Database(_) if e.is_transient() => ErrorCode::DatabaseUnavailable,
            StoreError::Database(_) => ErrorCode::Internal,
        };
        match store_msg(&e) {
            // The English stays the store's own sentence, word for word.
            Some(msg) => ApiError {
                msg: Some(msg),
                ..ApiError::new(code, e.to_string())
            },
            None => ApiError::new(code, e.to_string()),
        }
    }
}

/// The store's failure as a message; `None` for one whose words come from elsewhere (a
/// refusal or conflict the store words itself).
fn store_msg(e: &StoreError) -> Option<Msg> {
    Some(match e {
        StoreError::TooNew {
            location,
            version,
            install,
        } => match install {
            Some(v) => sb_i18n::msg!(
                "db-too-new-install",
                location = location,
                version = version.to_string(),
                install = v
            ),
            None => sb_i18n::msg!(
                "db-too-new",
                location = location,
                version = version.to_string()
            ),
        },
        StoreError::NeedsUpgrade {
            location,
            applied,
            needed,
        } => sb_i18n::msg!(
            "db-needs-upgrade",
            location = location,
            applied = applied.to_string(),
            needed = needed.to_string()
        ),
        StoreError::Corrupt { location, detail } => {
            sb_i18n::msg!("db-corrupt", location = location, detail = detail)
        }
        StoreError::Unavailable { location, detail } => {
            sb_i18n::msg!("db-unavailable", location = location, detail = detail)
        }
        StoreError::TlsWrongHost { location, host } => {
            sb_i18n::msg!("db-tls-wrong-host", location = location, host = host)
        }
        StoreError::TlsUnknownCa { location } => {
            sb_i18n::msg!("db-tls-unknown-ca", location = location)
        }
        StoreError::TlsNotOffered { location } => {
            sb_i18n::msg!("db-tls-not-offered", location = location)
        }
        StoreError::SignInRefused {
            location,
            user,
            detail,
        } => sb_i18n::msg!(
            "db-sign-in-refused",
            location = location,
            user = user,
            detail = detail
        ),
        StoreError::NotFound { what, id } => {
            sb_i18n::msg!("db-not-found", what = what.replace(' ', "-"), id = id)
        }
        StoreError::Decode(detail) => sb_i18n::msg!("db-decode", detail = detail),
        StoreError::LeaseLost { unit } => sb_i18n::msg!("db-lease-lost", unit = unit),
        StoreError::Watch(detail) => sb_i18n::msg!("db-watch", detail = detail),
        StoreError::Database(_) => sb_i18n::msg!("db-error", detail = database_detail(e)),
        StoreError::Refused(_)
        | StoreError::InvalidCursor(_)
        | StoreError::Conflict(_)
        | StoreError::Stale(_) => return None,
    })
}

/// The database's own words for a failure (after "database error: " in English).
fn database_detail(e: &StoreError) -> String {
    e.database_detail().unwrap_or_else(|| e.to_string())
}

impl From<sb_intake::email::MailError> for ApiError {
    fn from(e: sb_intake::email::MailError) -> ApiError {
        ApiError {
            msg: Some(mail_msg(&e)),
            ..ApiError::new(ErrorCode::MailServer, e.to_string())
        }
    }
}

/// A mail server's failure as a message: the server's own words go in as text.
pub(crate) fn mail_msg(e: &sb_intake::email::MailError) -> Msg {
    use sb_intake::email::MailError as E;
    let during = |d: &str| sb_i18n::msg!("mail-during", key = d.replace(' ', "-"), what = d);
    match e {
        E::Unreachable { server, detail } => {
            sb_i18n::msg!("mail-unreachable", server = server, detail = detail)
        }
        E::Tls { server, detail } => sb_i18n::msg!("mail-tls", server = server, detail = detail),
        E::LoginRefused {
            server,
            user,
            detail,
        } => sb_i18n::msg!(
            "mail-login-refused",
            server = server,
            user = user,
            detail = detail
        ),
        E::FolderMissing { server, folder } => {
            sb_i18n::msg!("mail-folder-missing", server = server, folder = folder)
        }
        E::Timeout {
            server,
            during: d,
            seconds,
        } => sb_i18n::msg!(
            "mail-timeout",
            server = server,
            during = during(d),
            seconds = *seconds
        ),
        E::Protocol {
            server,
            during: d,
            detail,
        } => sb_i18n::msg!(
            "mail-protocol",
            server = server,
            during = during(d),
            detail = detail
        ),
        E::Rejected { server, detail } => {
            sb_i18n::msg!("mail-rejected", server = server, detail = detail)
        }
        E::Deferred { server, detail } => {
            sb_i18n::msg!("mail-deferred", server = server, detail = detail)
        }
        E::InvalidMessage { detail } => sb_i18n::msg!("mail-invalid-message", detail = detail),
    }
}

#[cfg(test)]
mod infrastructure_words {
    use super::*;
    use sb_i18n::Lang;
    use sb_intake::email::MailError;

    /// The English of each message is the error's own sentence, word for word (logs and the
    /// tests compare it); Russian is another sentence with the same facts.
    #[test]
    fn store_and_mail_errors_keep_their_english_and_have_russian() {
        let store = [
            StoreError::TooNew {
                location: "/data/sb.db".into(),
                version: 42,
                install: Some("1.4".into()),
            },
            StoreError::TooNew {
                location: "/data/sb.db".into(),
                version: 42,
                install: None,
            },
            StoreError::NeedsUpgrade {
                location: "pg".into(),
                applied: 3,
                needed: 5,
            },
            StoreError::Corrupt {
                location: "/x".into(),
                detail: "file is not a database".into(),
            },
            StoreError::Unavailable {
                location: "/x".into(),
                detail: "locked".into(),
            },
            StoreError::TlsWrongHost {
                location: "db:5432".into(),
                host: "db".into(),
            },
            StoreError::TlsUnknownCa {
                location: "db:5432".into(),
            },
            StoreError::TlsNotOffered {
                location: "db:5432".into(),
            },
            StoreError::SignInRefused {
                location: "db:5432".into(),
                user: "anna".into(),
                detail: "password authentication failed".into(),
            },
            StoreError::NotFound {
                what: "alert source",
                id: "7".into(),
            },
            StoreError::Decode("bad".into()),
            StoreError::LeaseLost {
                unit: "mail-in:1".into(),
            },
            StoreError::Watch("inotify".into()),
        ];
        for e in store {
            let english = e.to_string();
            let api = ApiError::from(e);
            let msg = api.msg.clone().expect("a message");
            assert_eq!(msg.english(), english);
            assert_eq!(api.message, english);
            assert_ne!(msg.render(Lang::Ru), english, "{}", msg.id);
        }
        let mail = [
            MailError::Unreachable {
                server: "imap.example:993".into(),
                detail: "connection refused".into(),
            },
            MailError::Tls {
                server: "s".into(),
                detail: "d".into(),
            },
            MailError::LoginRefused {
                server: "s".into(),
                user: "desk".into(),
                detail: "d".into(),
            },
            MailError::FolderMissing {
                server: "s".into(),
                folder: "INBOX".into(),
            },
            MailError::Timeout {
                server: "s".into(),
                during: "logging in",
                seconds: 30,
            },
            MailError::Protocol {
                server: "s".into(),
                during: "opening the folder",
                detail: "d".into(),
            },
            MailError::Rejected {
                server: "s".into(),
                detail: "d".into(),
            },
            MailError::Deferred {
                server: "s".into(),
                detail: "d".into(),
            },
            MailError::InvalidMessage { detail: "d".into() },
        ];
        for e in mail {
            let msg = mail_msg(&e);
            assert_eq!(msg.english(), e.to_string());
            assert_ne!(msg.render(Lang::Ru), e.to_string(), "{}", msg.id);
        }
        let late = MailError::Timeout {
            server: "imap.example".into(),
            during: "logging in",
            seconds: 30,
        };
        assert_eq!(
            mail_msg(&late).render(Lang::Ru),
            "imap.example не ответил за 30 с, пока шёл вход; сервер может быть недоступен или \
             перегружен, попробуйте позже"
        );
    }
}
