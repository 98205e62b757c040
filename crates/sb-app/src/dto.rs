//! API Boundary: the transport types the window and the CLI exchange with the app layer.
//! TypeScript declarations are generated from these (see [`crate::bindings`]); field names are
//! camelCase on the wire. Ids and times are integers (times: Unix milliseconds, UTC).

use sb_domain::delivery::{FailureClass, OutboxState};
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
    /// The line they work: an SLA warning or breach on a ticket of that line that nobody has
    /// is told to them. `None`: every line.
    #[ts(optional = nullable)]
    pub line: Option<Line>,
    /// What this person's role may do beyond working tickets: the window shows those actions.
    pub duties: Vec<sb_domain::Duty>,
}

/// What the window needs to know at start: is there a profile, is the workspace empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetupState {
    pub profile: Option<UserDto>,
    pub has_clients: bool,
    /// Where the data lives, as shown to people (a PostgreSQL password is hidden).
    pub database: String,
    /// The company CA certificate file the open PostgreSQL database is verified with.
    #[ts(optional = nullable)]
    pub ca_file: Option<String>,
    /// The database chosen for the next start, when it differs from the open one.
    pub next_database: Option<String>,
    pub language: Language,
    /// How this desktop is signed in, when the workspace is a team's.
    #[ts(optional = nullable)]
    pub team: Option<crate::TeamDto>,
    /// Whether this desk runs the background work (mail, outboxes, alerts, vendor sync).
    #[serde(default = "default_true")]
    pub background_work: bool,
}

fn default_true() -> bool {
    true
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
    /// The language the client is written to in; `None`: the workspace's default.
    #[serde(default)]
    pub language: Option<sb_domain::inform::MailLanguage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactDto {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl From<&ContactDto> for ContactInput {
    /// The contact as it is, to be written again (an edit that keeps a client's contacts).
    fn from(k: &ContactDto) -> ContactInput {
        ContactInput {
            name: k.name.clone(),
            email: k.email.clone(),
            phone: k.phone.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientDto {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub notes: Option<String>,
    pub contacts: Vec<ContactDto>,
    /// The language the client is written to in; `None`: the workspace's default.
    pub language: Option<sb_domain::inform::MailLanguage>,
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
    /// The client's contact who asked (one of `ClientDto::contacts`): with an email address,
    /// they are the requester, sent the acknowledgement and every later mail, as for a
    /// ticket that came by email.
    #[ts(optional = nullable)]
    #[serde(default)]
    pub contact_id: Option<i64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum QueueSortDto {
    #[default]
    Updated,
    Priority,
    /// The nearest SLA due time first.
    Due,
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
    /// The queue a routing rule gave the ticket.
    #[serde(default)]
    #[ts(optional)]
    pub queue: Option<String>,
    /// Only tickets whose SLA falls due within this many minutes (not yet breached).
    #[serde(default)]
    #[ts(optional)]
    pub due_within_minutes: Option<i64>,
    /// Only tickets whose SLA is breached.
    #[serde(default)]
    #[ts(optional)]
    pub breached: Option<bool>,
    #[serde(default)]
    pub sort: QueueSortDto,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

/// A named queue filter with its count: built in (`key` names it: `my_open`,
/// `unassigned_l1`, `waiting_vendor`, `monitoring`, `breaching_soon`, `breached`) or saved by the
/// person (`saved:<id>`).
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
    /// The version the row shows: what a bulk action on it names.
    pub version: i64,
    /// The nearest due time of a running SLA clock.
    pub sla_due: Option<i64>,
    /// An SLA target was overrun.
    pub sla_breached: bool,
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
    /// The resolution note the system wrote (a merged duplicate's), worded by the reader
    /// (`resolution_note` is its English); `None` for a note a person wrote and for notes kept
    /// before messages, which show `resolution_note`.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub resolution_note_msg: Option<sb_i18n::Msg>,
    /// The statuses this ticket may move to now, from the state machine.
    pub next_statuses: Vec<Status>,
    /// When this ticket was merged away as a duplicate: the survivor's id and number.
    pub merged_into_id: Option<i64>,
    pub merged_into: Option<String>,
    /// Raised by one with every change; a change names the version it was made on, and a
    /// stale one is refused (`edit_conflict`).
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CommentDto {
    pub id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub body: String,
    /// A note the system wrote, or its words standing for an empty message, worded by the
    /// reader (`body` is its English); `None` for what people wrote and for notes written
    /// before messages, which show `body`.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub body_msg: Option<sb_i18n::Msg>,
    pub visibility: Visibility,
    pub channel: Channel,
    pub created_at: i64,
    /// The number of the duplicate this comment was written on, when it came over in a merge.
    pub moved_from: Option<String>,
    /// Who sent it, when it came by email ("Ann Lee <ann.lee@example.com>"): the thread shows
    /// this rather than the channel's system user.
    pub sender: Option<String>,
    /// The vendor and case it came from, when a vendor wrote it ("Acme Storage, case 4521").
    pub vendor: Option<String>,
    /// Whom an engineer's public comment was for (client, vendor, both), when chosen.
    pub audience: Option<sb_domain::vendor::Audience>,
    /// The automatic mail to the client this comment is, when it is one.
    pub notice: Option<sb_domain::inform::NoticeKind>,
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
    /// The new value as a message when the system wrote it (monitoring's resolution note, a
    /// merged duplicate's), which each reader words in their language; `None` for what people
    /// wrote, which shows `new_value`.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub new_value_msg: Option<sb_i18n::Msg>,
    /// The ticket's version this change produced (none on lines older than versions).
    pub version: Option<i64>,
}

/// Why a change was refused as stale: the version the person saw, the one the ticket is at,
/// and who changed what since (from the audit trail, oldest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EditConflict {
    pub ticket_id: i64,
    pub number: String,
    pub seen_version: i64,
    pub current_version: i64,
    /// Who has the ticket now (who won a race to take it).
    pub assignee_name: Option<String>,
    pub changes: Vec<AuditEntryDto>,
}

/// Everything the ticket card shows, in one call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketCard {
    pub ticket: TicketDto,
    pub comments: Vec<CommentDto>,
    pub audit: Vec<AuditEntryDto>,
    pub related: Vec<RelatedTicketDto>,
    /// The satisfaction request and the client's rating, once one was sent.
    pub satisfaction: Option<crate::notices::SatisfactionDto>,
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
    /// The ticket's version the person saw (`TicketDto::version`): the change is refused as
    /// `edit_conflict` when the ticket moved on since.
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssignInput {
    pub ticket_id: i64,
    /// Nobody when absent.
    pub assignee_id: Option<i64>,
    /// The ticket's version the person saw (`TicketDto::version`): the change is refused as
    /// `edit_conflict` when the ticket moved on since.
    pub version: i64,
}

/// One change made to a selection of the queue: each ticket at the version its row showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BulkInput {
    pub tickets: Vec<SeenTicket>,
    pub change: BulkChange,
}

/// A ticket and the version a person saw of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SeenTicket {
    pub ticket_id: i64,
    pub version: i64,
}

/// What a bulk action does to each ticket of the selection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum BulkChange {
    /// Give them to a person, or to nobody.
    Assign {
        assignee_id: Option<i64>,
    },
    /// Move them to a status; resolving and closing need the note.
    Status {
        to: Status,
        note: Option<String>,
    },
    /// Impact and urgency, hence the priority.
    Priority {
        impact: Level,
        urgency: Level,
    },
    Direction {
        direction: String,
    },
    /// Another line; escalating needs the note (the handover).
    Line {
        line: Line,
        note: Option<String>,
    },
}

/// What a bulk action did: the tickets changed, and each one refused with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BulkReport {
    pub changed: Vec<TicketDto>,
    pub refused: Vec<BulkRefusal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BulkRefusal {
    pub ticket_id: i64,
    pub number: String,
    pub code: crate::ErrorCode,
    pub message: String,
    /// The reason, worded by the reader (`None`: a refusal only `message` words).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub msg: Option<sb_i18n::Msg>,
}

/// A correction of a ticket after intake; a field left out stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketEditInput {
    pub ticket_id: i64,
    /// The ticket's version the person saw: refused as `edit_conflict` when it moved on since.
    pub version: i64,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub client_id: Option<i64>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub direction: Option<String>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub impact: Option<Level>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub urgency: Option<Level>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub subject: Option<String>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub description: Option<String>,
    /// Run the routing rules again once it is corrected.
    #[serde(default)]
    pub reroute: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LineInput {
    pub ticket_id: i64,
    pub line: Line,
    /// The handover: what the next line needs to know.
    pub note: Option<String>,
    /// The ticket's version the person saw (`TicketDto::version`): the change is refused as
    /// `edit_conflict` when the ticket moved on since.
    pub version: i64,
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
    /// The duplicate's version the person saw (`TicketDto::version`).
    pub version: i64,
}

/// Link or unlink two tickets as related.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LinkInput {
    pub ticket_id: i64,
    /// The other ticket: `SB-000123` or `123`.
    pub related: String,
    /// The version of `ticket_id` the person saw (`TicketDto::version`).
    pub version: i64,
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

// --- the email channel ------------------------------------------------------------------

/// How the connection to a mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MailSecurity {
    /// TLS from the first byte (IMAP 993, SMTP 465).
    Tls,
    /// Plain first, then STARTTLS (IMAP 143, SMTP 587).
    StartTls,
    /// No encryption: a server on this machine or a trusted network only.
    Plain,
}

/// A mailbox as typed in the settings form. A password left out (`None`) keeps the one in the
/// OS keychain; passwords never come back out of the app layer.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MailboxInput {
    pub name: String,
    pub imap_host: String,
    pub imap_port: i64,
    pub imap_security: MailSecurity,
    pub imap_user: String,
    /// `INBOX` when left out.
    pub imap_folder: Option<String>,
    pub imap_password: Option<String>,
    pub smtp_host: String,
    pub smtp_port: i64,
    pub smtp_security: MailSecurity,
    /// `None` for a relay that takes mail without a login.
    pub smtp_user: Option<String>,
    pub smtp_password: Option<String>,
    /// The desk's own address, which clients write to and reply to.
    pub from_address: String,
    /// The direction of tickets opened by mail; `software` when left out.
    pub direction: Option<String>,
    pub poll_seconds: i64,
    pub enabled: bool,
}

impl std::fmt::Debug for MailboxInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hidden = |p: &Option<String>| p.as_ref().map(|_| "***");
        f.debug_struct("MailboxInput")
            .field("name", &self.name)
            .field("imap_host", &self.imap_host)
            .field("imap_port", &self.imap_port)
            .field("imap_user", &self.imap_user)
            .field("imap_password", &hidden(&self.imap_password))
            .field("smtp_host", &self.smtp_host)
            .field("smtp_port", &self.smtp_port)
            .field("smtp_user", &self.smtp_user)
            .field("smtp_password", &hidden(&self.smtp_password))
            .field("from_address", &self.from_address)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MailboxDto {
    pub id: i64,
    pub name: String,
    pub imap_host: String,
    pub imap_port: i64,
    pub imap_security: MailSecurity,
    pub imap_user: String,
    pub imap_folder: String,
    pub smtp_host: String,
    pub smtp_port: i64,
    pub smtp_security: MailSecurity,
    pub smtp_user: Option<String>,
    pub from_address: String,
    pub direction: String,
    pub poll_seconds: i64,
    pub enabled: bool,
    /// Whether the OS keychain holds the passwords (never the passwords themselves).
    pub has_imap_password: bool,
    pub has_smtp_password: bool,
    pub last_polled_at: Option<i64>,
    /// What went wrong at the last poll, in English; absent when it went well.
    pub last_error: Option<String>,
    /// The same, worded by the reader; `None` for one recorded before messages (or a server's
    /// own words), which shows `last_error`.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub last_error_msg: Option<sb_i18n::Msg>,
}

/// One server's answer to "Test connection". `code`: `mail_unreachable`, `mail_tls`,
/// `mail_login_refused`, `mail_folder_missing`, `mail_timeout`, `mail_protocol`,
/// `secret_missing`, `keychain_unavailable`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionCheck {
    pub ok: bool,
    pub code: Option<String>,
    /// In English (logs, the CLI's fallback).
    pub message: Option<String>,
    /// The same sentence for the reader's language.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub msg: Option<sb_i18n::Msg>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionTest {
    pub imap: ConnectionCheck,
    pub smtp: ConnectionCheck,
}

/// What one poll of a mailbox did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MailPollReport {
    pub mailbox_id: i64,
    pub fetched: i64,
    pub tickets: i64,
    pub comments: i64,
    pub triage: i64,
    pub quarantined: i64,
    /// Seen before (the same Message-ID): nothing new made.
    pub duplicates: i64,
}

/// A received message waiting in triage (unknown sender) or quarantine (unreadable).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MailMessageDto {
    pub id: i64,
    pub mailbox_name: String,
    pub message_id: String,
    pub from_email: Option<String>,
    pub from_name: Option<String>,
    pub subject: Option<String>,
    /// Why it is in quarantine, in English (the CLI's words).
    pub reason: Option<String>,
    /// Why it is in quarantine, as a code the window words in the reader's language.
    pub problem: Option<sb_domain::MailProblem>,
    pub size: i64,
    pub received_at: i64,
}

/// Makes a quarantined message a ticket of the chosen client, its text read as decoded or in
/// the charset the person picked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuarantineInput {
    pub message_id: i64,
    pub client_id: i64,
    pub direction: String,
    /// A charset label (`windows-1251`, `koi8-r`, ...); `None`: as decoded.
    #[serde(default)]
    pub charset: Option<String>,
}

/// A waiting message read for a person: its text as decoded, or in the charset picked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MailReadingDto {
    pub message_id: i64,
    /// The sender, when one could be read.
    pub from: Option<String>,
    pub subject: String,
    pub text: String,
    /// What still stands in the way of taking it in by itself (`None`: nothing).
    pub problem: Option<sb_domain::MailProblem>,
    pub notes: Vec<sb_domain::MailNote>,
    /// The charsets offered to re-read it in.
    pub charsets: Vec<String>,
}

/// Turns a triaged message into a ticket of the chosen client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TriageInput {
    pub message_id: i64,
    pub client_id: i64,
    pub direction: String,
    /// Also add the sender to the client's contacts, so that their next message is matched.
    #[serde(default)]
    pub add_contact: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutboxItemDto {
    pub id: i64,
    pub kind: String,
    pub ticket_id: Option<i64>,
    pub ticket_number: Option<String>,
    pub comment_id: Option<i64>,
    /// Whom it goes to, as shown to people.
    pub to: String,
    pub subject: String,
    pub state: OutboxState,
    pub attempts: i64,
    pub next_attempt_at: i64,
    /// Why the last attempt failed, in English.
    pub last_error: Option<String>,
    /// The same, worded by the reader; `None` for one recorded before messages (or a server's
    /// own words), which shows `last_error`.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub last_error_msg: Option<sb_i18n::Msg>,
    /// Why the last attempt failed, in the delivery policy's words (`bad_credentials`,
    /// `rejected`, `unreachable`, ...), the same as a vendor message's.
    #[ts(optional = nullable)]
    pub error_class: Option<FailureClass>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentDto {
    pub id: i64,
    pub comment_id: Option<i64>,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    /// Why the file can run when opened (the window asks first), if it can.
    pub runnable: Option<sb_domain::attachment::Runnable>,
}

/// A client's support-hours statement for a period, as a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatementInput {
    pub client_id: i64,
    /// `YYYY-MM-DD`, both days included.
    pub from: String,
    pub to: String,
    pub format: StatementFormat,
    /// Leave draft (not yet approved) entries out; else they are in, marked as drafts.
    pub leave_out_drafts: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StatementFormat {
    Pdf,
    Csv,
}

/// An attachment saved for opening: where it is, and whether the desktop's opener started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OpenedAttachment {
    pub path: String,
    pub opened: bool,
}

/// A comment that came by email: who wrote it and the whole message behind its new text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EmailCommentDto {
    pub comment_id: i64,
    pub from: String,
    pub full_text: String,
    /// The message behind it (for its source).
    pub mail_id: i64,
    /// What intake did to read it (a guessed charset, a cut).
    pub notes: Vec<sb_domain::MailNote>,
}

/// Where a public comment stands on its way to the requester.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryDto {
    pub comment_id: i64,
    pub outbox_id: i64,
    pub state: OutboxState,
    /// Why the last attempt failed, in English.
    pub last_error: Option<String>,
    /// The same, worded by the reader; `None` for one recorded before messages (or a server's
    /// own words), which shows `last_error`.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub last_error_msg: Option<sb_i18n::Msg>,
}

/// The email side of a ticket card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketEmailDto {
    /// Where public comments are emailed; `None`: "not emailed: no requester address".
    pub requester: Option<String>,
    pub attachments: Vec<AttachmentDto>,
    pub email_comments: Vec<EmailCommentDto>,
    pub deliveries: Vec<DeliveryDto>,
    /// The message the ticket was opened from: the original, whole (`None`: not by email).
    pub opening: Option<OpeningMailDto>,
}

/// The message a ticket was opened from: its id (for the source), what intake did to read
/// it, and its whole text when the description had to be cut.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OpeningMailDto {
    pub mail_id: i64,
    pub notes: Vec<sb_domain::MailNote>,
    /// The whole subject and text, only when the ticket's were cut.
    pub whole_subject: Option<String>,
    pub whole_text: Option<String>,
}

/// An attachment's bytes, for the window to save or open (base64).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentFile {
    pub file_name: String,
    pub content_type: String,
    pub base64: String,
}
