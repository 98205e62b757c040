//! Plain records the store reads and writes. Vocabulary columns come back as domain types.

use std::str::FromStr;

use sb_domain::{Channel, Contact, Direction, Level, Line, Priority, Role, Status, Visibility};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::{Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// The line they work; `None`: every line.
    pub line: Option<Line>,
}

/// A client as typed in and checked: what `create_client` and `update_client` write.
#[derive(Debug, Clone)]
pub struct ClientWrite {
    pub code: String,
    pub name: String,
    pub notes: Option<String>,
    pub contacts: Vec<Contact>,
    /// The language the client is written to in; `None`: the workspace's default.
    pub language: Option<sb_domain::inform::MailLanguage>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRecord {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub notes: Option<String>,
    pub contacts: Vec<ContactRecord>,
    /// The language the client is written to in; `None`: the workspace's default.
    pub language: Option<sb_domain::inform::MailLanguage>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A row of the clients list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSummary {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub contact_count: i64,
    pub active_tickets: i64,
}

/// A checked new ticket: the app layer derived the priority and validated every field.
#[derive(Debug, Clone)]
pub struct NewTicket {
    pub client_id: i64,
    pub direction: Direction,
    pub subject: String,
    pub description: String,
    pub impact: Level,
    pub urgency: Level,
    pub priority: Priority,
    pub channel: Channel,
    pub line: Line,
    pub created_by: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    pub id: i64,
    pub client_id: i64,
    pub client_code: String,
    pub client_name: String,
    pub direction: String,
    pub subject: String,
    pub description: String,
    pub impact: Level,
    pub urgency: Level,
    pub priority: Priority,
    pub status: Status,
    pub line: Line,
    pub channel: Channel,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub created_by: i64,
    pub created_by_name: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub resolved_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub closed_by_name: Option<String>,
    pub resolution_note: Option<String>,
    /// The resolution note as a message (JSON) when the system wrote it (a merge); `None` for
    /// a note a person wrote and for notes kept before messages.
    pub resolution_note_msg: Option<String>,
    /// Set when this ticket was merged away as a duplicate.
    pub merged_into_id: Option<i64>,
    /// Raised by one with every change: what a person's change names as the version they saw.
    pub version: i64,
}

impl Ticket {
    /// When the ticket last became finished: what the reopen window counts from.
    pub fn finished_at(&self) -> Option<i64> {
        self.closed_at.max(self.resolved_at)
    }
}

/// One row of the queue: only what the table shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub id: i64,
    pub priority: Priority,
    pub subject: String,
    pub client_id: i64,
    pub client_code: String,
    pub client_name: String,
    pub direction: String,
    pub status: Status,
    pub line: Line,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub updated_at: i64,
    /// The ticket's version: what a change made from the queue (a bulk action) names.
    pub version: i64,
    /// The nearest due time of a running SLA clock, as last counted.
    pub sla_due: Option<i64>,
    /// A clock's target was overrun (as last counted).
    pub sla_breached: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: i64,
    pub ticket_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub body: String,
    /// A system note's sentence as a message (JSON), beside `body` in English; `None` for what
    /// people wrote and for notes written before messages.
    pub body_msg: Option<String>,
    pub visibility: Visibility,
    pub channel: Channel,
    pub created_at: i64,
    /// The duplicate this comment was written on, when it moved over in a merge.
    pub moved_from_ticket_id: Option<i64>,
    /// Who sent the message this comment was made of, when it came by email.
    pub sender_name: Option<String>,
    pub sender_email: Option<String>,
    /// Whom an engineer's public comment was for (client, vendor, both), when chosen.
    pub audience: Option<sb_domain::vendor::Audience>,
    /// The automatic mail this comment is, when it is one.
    pub notice: Option<sb_domain::inform::NoticeKind>,
}

/// A ticket linked to another as related.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedTicket {
    pub id: i64,
    pub subject: String,
    pub status: Status,
    pub linked_at: i64,
}

/// A checked merge: the app layer asked `sb_domain::check_merge` first.
#[derive(Debug, Clone)]
pub struct Merge<'a> {
    pub duplicate_id: i64,
    /// The duplicate's status as the caller saw it (compare-and-set).
    pub duplicate_status: Status,
    /// The duplicate's version the person saw; `None` when no person's view is involved.
    pub duplicate_version: Option<i64>,
    pub survivor_id: i64,
    /// The duplicate's resolution note in English, and the same as a message (JSON).
    pub note: &'a str,
    pub note_msg: &'a str,
    pub actor: i64,
    pub now: i64,
}

/// One line of the audit trail: who changed what, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub actor_id: i64,
    pub actor_name: String,
    pub at: i64,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    /// The new value as a message (JSON) when the system wrote it as one (a note), beside
    /// `new_value` in English; `None` for what people wrote and for lines written before 0053.
    pub new_value_msg: Option<String>,
    /// The ticket's version this change produced (none on lines older than versions).
    pub version: Option<i64>,
}

/// A person's change refused because the ticket moved on since they saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleTicket {
    pub ticket_id: i64,
    /// The version the person saw.
    pub seen: i64,
    /// The version the ticket is at now.
    pub current: i64,
    /// Who has the ticket now (a lost race to take it names the winner).
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    /// What changed since the version seen, from the audit trail, oldest first.
    pub changes: Vec<AuditEntry>,
}

/// Reads a vocabulary column (status, role, ...) as its domain type.
pub(crate) fn parse_word<T>(row: &AnyRow, column: &str) -> Result<T>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let word: String = row.try_get(column)?;
    word.parse::<T>()
        .map_err(|e| StoreError::Decode(format!("{column}: {e}")))
}

/// A nullable vocabulary column.
pub(crate) fn parse_optional_word<T>(row: &AnyRow, column: &str) -> Result<Option<T>>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let word: Option<String> = row.try_get(column)?;
    word.map(|w| {
        w.parse::<T>()
            .map_err(|e| StoreError::Decode(format!("{column}: {e}")))
    })
    .transpose()
}

pub(crate) fn priority_from_row(row: &AnyRow) -> Result<Priority> {
    let rank: i64 = row.try_get("priority")?;
    Priority::from_rank(rank).ok_or_else(|| StoreError::Decode(format!("priority: {rank}")))
}
