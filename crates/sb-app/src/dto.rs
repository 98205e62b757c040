//! API Boundary: the transport types the window and the CLI exchange with the app layer.
//! TypeScript declarations are generated from these (see [`crate::bindings`]); field names are
//! camelCase on the wire. Ids and times are integers (times: Unix milliseconds, UTC).

use sb_domain::{Channel, Level, Line, Priority, Role, Status, TicketNumber, Visibility};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Interface language, remembered on this desktop.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    En,
    Ru,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UserDto {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

/// What the window needs to know at start: is there a profile, is the workspace empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetupState {
    pub profile: Option<UserDto>,
    pub has_clients: bool,
    /// Where the data lives, as shown to people (a PostgreSQL password is hidden).
    pub database: String,
    /// The database chosen for the next start, when it differs from the open one.
    pub next_database: Option<String>,
    pub language: Language,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewProfile {
    pub name: String,
    pub role: Role,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactInput {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientInput {
    pub code: String,
    pub name: String,
    pub notes: Option<String>,
    pub contacts: Vec<ContactInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactDto {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientDto {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub notes: Option<String>,
    pub contacts: Vec<ContactDto>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientSummaryDto {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub contact_count: i64,
    /// Tickets not yet resolved or closed.
    pub active_tickets: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientQuery {
    pub search: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientPage {
    pub rows: Vec<ClientSummaryDto>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketInput {
    pub client_id: i64,
    pub direction: String,
    pub subject: String,
    pub description: String,
    pub impact: Level,
    pub urgency: Level,
    /// `desktop` or `phone` (a logged call); the other channels are set by intake.
    pub channel: Channel,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum QueueSortDto {
    #[default]
    Updated,
    Priority,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueueQuery {
    /// Any of these statuses; empty or absent means all.
    #[serde(default)]
    pub statuses: Vec<Status>,
    pub client_id: Option<i64>,
    pub direction: Option<String>,
    pub assignee_id: Option<i64>,
    /// Only tickets nobody has taken.
    #[serde(default)]
    pub unassigned: bool,
    pub line: Option<Line>,
    pub channel: Option<Channel>,
    #[serde(default)]
    pub sort: QueueSortDto,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

/// A named queue filter with its count: built in (`key` names it: `my_open`,
/// `unassigned_l1`, `waiting_vendor`, `monitoring`) or saved by the person (`saved:<id>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueueViewDto {
    pub key: String,
    /// The saved view's name; empty for a built-in view (the window names those).
    pub name: String,
    pub built_in: bool,
    /// The saved view's id, for deleting it.
    pub id: Option<i64>,
    pub query: QueueQuery,
    /// Matching tickets, counted no further than the cap.
    pub count: i64,
    /// There are more than `count`.
    pub more: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaveViewInput {
    pub name: String,
    /// The filter to keep (its cursor and limit are dropped).
    pub query: QueueQuery,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueueRowDto {
    pub id: i64,
    pub number: String,
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueuePage {
    pub rows: Vec<QueueRowDto>,
    /// Absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketDto {
    pub id: i64,
    pub number: String,
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
    pub created_by_name: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub resolved_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub closed_by_name: Option<String>,
    pub resolution_note: Option<String>,
    /// The statuses this ticket may move to now, from the state machine.
    pub next_statuses: Vec<Status>,
    /// When this ticket was merged away as a duplicate: the survivor's id and number.
    pub merged_into_id: Option<i64>,
    pub merged_into: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommentDto {
    pub id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub body: String,
    pub visibility: Visibility,
    pub channel: Channel,
    pub created_at: i64,
    /// The number of the duplicate this comment was written on, when it came over in a merge.
    pub moved_from: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RelatedTicketDto {
    pub id: i64,
    pub number: String,
    pub subject: String,
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntryDto {
    pub id: i64,
    pub actor_name: String,
    pub at: i64,
    /// `created`, `status`, `assignee`, `line`, `comment`, `resolution_note`, `note`,
    /// `merged_into`, `merged` or `link` (old value set: unlinked).
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// Everything the ticket card shows, in one call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketCard {
    pub ticket: TicketDto,
    pub comments: Vec<CommentDto>,
    pub audit: Vec<AuditEntryDto>,
    pub related: Vec<RelatedTicketDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommentInput {
    pub ticket_id: i64,
    pub body: String,
    pub visibility: Visibility,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusInput {
    pub ticket_id: i64,
    pub to: Status,
    /// Required to resolve or close: what was done.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssignInput {
    pub ticket_id: i64,
    /// Nobody when absent.
    pub assignee_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LineInput {
    pub ticket_id: i64,
    pub line: Line,
    /// The handover: what the next line needs to know.
    pub note: Option<String>,
}

/// Merge a duplicate into the ticket that stays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MergeInput {
    /// The duplicate.
    pub ticket_id: i64,
    /// The ticket that stays, as people write it: `SB-000123` or `123`.
    pub into: String,
    pub note: Option<String>,
}

/// Link or unlink two tickets as related.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LinkInput {
    pub ticket_id: i64,
    /// The other ticket: `SB-000123` or `123`.
    pub related: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchQuery {
    /// What was typed: words in any language; `SB-000123` finds that ticket too.
    pub text: String,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HitKindDto {
    /// The subject or description matched (or the ticket number was typed).
    Ticket,
    Comment,
}

/// A piece of a snippet; `mark` is set on the words that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SnippetPart {
    pub text: String,
    pub mark: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchHitDto {
    pub kind: HitKindDto,
    pub ticket_id: i64,
    pub number: String,
    pub subject: String,
    pub status: Status,
    pub client_code: String,
    /// When the matching text was written.
    pub at: i64,
    pub snippet: Vec<SnippetPart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchPage {
    pub hits: Vec<SearchHitDto>,
    pub next_cursor: Option<String>,
    /// The words searched for, as understood.
    pub terms: Vec<String>,
}

pub(crate) fn number(id: i64) -> String {
    TicketNumber(id).to_string()
}
