//! The email channel: parsing received mail, reading a mailbox over IMAP, sending over SMTP.

mod html;
pub mod imap;
mod inbound;
mod quote;
pub mod smtp;
mod stream;

use std::fmt;

pub use html::{html_to_text, html_to_text_within, HtmlOver};
pub use inbound::{
    parse, parse_in, parse_within, ticket_number_in, Attachment, Charset, InboundEmail, ParseError,
    PartDecoder, PartLocation, Partial, TransferEncoding, FORWARDED_LINE,
};
pub use quote::new_text;

/// A mailbox address. `email` is lowercase when it comes from [`parse`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Address {
    pub email: String,
    pub name: Option<String>,
}

impl Address {
    pub fn new(email: impl Into<String>, name: Option<&str>) -> Address {
        Address {
            email: email.into(),
            name: name.map(str::to_string),
        }
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(name) => write!(f, "{name} <{}>", self.email),
            None => f.write_str(&self.email),
        }
    }
}

/// How the connection to a mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// TLS from the first byte (IMAP 993, SMTP 465).
    Tls,
    /// Plain first, then upgraded with STARTTLS before the login (IMAP 143, SMTP 587).
    StartTls,
    /// No encryption: only for a server on the same machine or a trusted network.
    Plain,
}

/// What went wrong talking to a mail server, each kind saying what to check. Never holds a
/// password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailError {
    #[error(
        "cannot reach the mail server {server}: {detail}; check the host name and the port, and \
         that the server is running and reachable from this computer"
    )]
    Unreachable { server: String, detail: String },
    #[error(
        "the secure connection (TLS) to {server} failed: {detail}; check the security setting \
         (TLS is usual on ports 993 and 465, STARTTLS on 143 and 587) and the server's certificate"
    )]
    Tls { server: String, detail: String },
    #[error(
        "{server} refused the login of user '{user}': {detail}; check the user name and the \
         password"
    )]
    LoginRefused {
        server: String,
        user: String,
        detail: String,
    },
    #[error(
        "the folder '{folder}' does not exist on {server}; check the folder name (the usual one \
         is INBOX)"
    )]
    FolderMissing { server: String, folder: String },
    #[error(
        "{server} did not answer within {seconds} s while {during}; the server may be down or \
         overloaded, try again later"
    )]
    Timeout {
        server: String,
        during: &'static str,
        seconds: u64,
    },
    #[error("{server} answered unexpectedly while {during}: {detail}")]
    Protocol {
        server: String,
        during: &'static str,
        detail: String,
    },
    #[error("{server} refused the message: {detail}")]
    Rejected { server: String, detail: String },
    #[error("{server} asked to send the message later: {detail}")]
    Deferred { server: String, detail: String },
    #[error("the message cannot be sent as written: {detail}")]
    InvalidMessage { detail: String },
}

impl MailError {
    /// The class the one delivery policy (`sb_domain::delivery`) decides by: a server that
    /// cannot be reached, is slow or says "later" (an SMTP 4xx) is tried again; a refused login,
    /// a refused message (5xx), a TLS failure or a wrong setting waits for a person.
    pub fn failure_class(&self) -> sb_domain::delivery::FailureClass {
        use sb_domain::delivery::FailureClass as F;
        match self {
            MailError::Unreachable { .. } => F::Unreachable,
            MailError::Tls { .. } => F::Tls,
            MailError::LoginRefused { .. } => F::BadCredentials,
            MailError::FolderMissing { .. } => F::Settings,
            MailError::Timeout { .. } => F::Timeout,
            MailError::Protocol { .. } => F::Protocol,
            MailError::Rejected { .. } => F::Rejected,
            MailError::Deferred { .. } => F::Deferred,
            MailError::InvalidMessage { .. } => F::Rejected,
        }
    }

    /// A stable code for the app layer's `ApiError`, so the window never matches on text.
    pub fn code(&self) -> &'static str {
        match self {
            MailError::Unreachable { .. } => "mail_unreachable",
            MailError::Tls { .. } => "mail_tls",
            MailError::LoginRefused { .. } => "mail_login_refused",
            MailError::FolderMissing { .. } => "mail_folder_missing",
            MailError::Timeout { .. } => "mail_timeout",
            MailError::Protocol { .. } => "mail_protocol",
            MailError::Rejected { .. } => "mail_rejected",
            MailError::Deferred { .. } => "mail_deferred",
            MailError::InvalidMessage { .. } => "mail_invalid_message",
        }
    }
}

/// The default limit for connecting and for each exchange with a mail server.
pub const DEFAULT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);
