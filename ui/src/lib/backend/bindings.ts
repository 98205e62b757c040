// Generated from the Rust DTOs in crates/sb-app by `make bindings`. Do not edit.

export type ErrorCode = "invalid_input" | "not_found" | "conflict" | "edit_conflict" | "already_taken" | "transition_refused" | "no_profile" | "password_change_required" | "database_too_new" | "database_needs_upgrade" | "database_corrupt" | "database_unavailable" | "database_wrong_host" | "database_unknown_ca" | "database_no_tls" | "database_sign_in" | "keychain_unavailable" | "secret_missing" | "mail_server" | "connection_failed" | "taken_over" | "busy" | "not_allowed" | "package_blocked" | "ledger_refused" | "internal";

export type ApiError = { code: ErrorCode, 
/**
 * In English: logs, and the fallback of a reader that has no words for `msg`.
 */
message: string, 
/**
 * The sentence for people; `None` only for a text from outside that has no id (a server's
 * own error text), which `message` then carries as it came.
 */
msg?: Msg | null, 
/**
 * The form field to fix, when there is one.
 */
field: string | null, 
/**
 * With `edit_conflict` and `already_taken`: who changed what since the version seen.
 */
conflict?: EditConflict | null, };

export type Msg = { id: string, args: { [key in string]?: Arg }, };

export type Arg = number | number | string | Msg;

export type Level = "high" | "medium" | "low";

export type Line = "l1" | "l2" | "l3";

export type Channel = "desktop" | "phone" | "email" | "monitoring" | "vendor";

export type Role = "engineer" | "lead" | "account_manager" | "admin";

export type Duty = "packages" | "approve_time" | "routing_rules" | "vendors" | "mailboxes" | "alert_sources" | "sla_policies";

export type Priority = "p1" | "p2" | "p3" | "p4";

export type Status = "new" | "open" | "in_progress" | "pending_customer" | "pending_vendor" | "resolved" | "closed";

export type Visibility = "public" | "internal";

export type Audience = "client" | "vendor" | "both";

export type Language = "en" | "ru";

export type UserDto = { id: number, name: string, role: Role, 
/**
 * The line they work: an SLA warning or breach on a ticket of that line that nobody has
 * is told to them. `None`: every line.
 */
line?: Line | null, 
/**
 * What this person's role may do beyond working tickets: the window shows those actions.
 */
duties: Array<Duty>, };

export type ChangeKindDto = "ticket" | "comment" | "time_entry" | "package" | "bond";

export type ChangeDto = { kind: ChangeKindDto, ticketId: number | null, clientId: number | null, 
/**
 * The changed row's id.
 */
id: number, 
/**
 * A ticket's version after the change.
 */
version: number | null, };

export type ChangeBatchDto = { changes: Array<ChangeDto>, everything: boolean, };

export type TeamDto = { 
/**
 * The PostgreSQL login this desktop signed in as.
 */
login: string, 
/**
 * Signed in as the team's owner (who administers the team from `sb team`).
 */
owner: boolean, 
/**
 * An invitation's one-time password must be replaced before anything else.
 */
mustChangePassword: boolean, };

export type MemberState = "active" | "invited" | "removed";

export type MemberDto = { login: string, person: UserDto, mustChangePassword: boolean, invitedAt: number, removedAt?: number | null, 
/**
 * Active, invited or removed, as sb-domain's `MemberState::of` derives it from the fields
 * above; readers show this rather than working it out again.
 */
state: MemberState, };

export type InvitationDto = { member: MemberDto, oneTimePassword: string, };

export type InviteInput = { 
/**
 * A new person's name; blank with `person`.
 */
name: string, role: Role, 
/**
 * An existing person (from a moved workspace) who gets this sign-in and keeps their
 * history, instead of a new person.
 */
person?: number | null, 
/**
 * The sign-in name; none makes one from the name (`Ivan Petrov` -> `ivan_petrov`).
 */
login?: string | null, 
/**
 * The line they work; none: every line (an existing person keeps theirs).
 */
line?: Line | null, };

export type TeamSetUpDto = { database: string, groupRoles: Array<string>, ownerLogin: string, };

export type UpgradeDone = { 
/**
 * The newest migration the workspace had.
 */
fromSchema: number, toSchema: number, 
/**
 * The migrations applied now.
 */
migrations: Array<number>, 
/**
 * The backup taken first (none when there was nothing to upgrade).
 */
backup?: string | null, appVersion: string, };

export type RemovedDto = { member: MemberDto, sessionsEnded: number, sessionsNote?: string | null, };

export type BackupDone = { 
/**
 * `sqlite` or `postgres`.
 */
backend: string, file: string, bytes: number, 
/**
 * After a restore of a local database: where the one it replaced was kept.
 */
previousKeptAt: string | null, };

export type MovedTableDto = { table: string, rows: number, 
/**
 * The same order-independent checksum read back from the local file and the team database.
 */
checksum: string, };

export type MoveDone = { 
/**
 * The team database, as shown to people (no password).
 */
database: string, rows: number, tables: Array<MovedTableDto>, 
/**
 * Mailbox and vendor secrets copied to the team database's keychain entries.
 */
secrets: number, };

export type WorkKind = "mail_in" | "mail_out" | "alerts" | "vendor_sync" | "vendor_out" | "sla_clocks" | "notices";

export type WorkUnitDto = { 
/**
 * The lease's key, such as `mail-in:3`.
 */
unit: string, kind: WorkKind, 
/**
 * What it serves: the mailbox's, alert source's or vendor's name.
 */
target: string, 
/**
 * Who holds it now, if anyone (a hold that ran out is nobody's).
 */
holder: string | null, 
/**
 * Whether this process is the holder.
 */
heldHere: boolean, heldSince: number | null, lastSuccessAt: number | null, 
/**
 * The last failure in English (a failure kept before messages: as it was written).
 */
lastError: string | null, 
/**
 * The last failure as a message, for the reader's language.
 */
lastErrorMsg?: Msg | null, lastErrorAt: number | null, 
/**
 * Failed rounds counted since the unit was first held.
 */
errors: number, 
/**
 * Messages waiting to go (deliveries only).
 */
queueDepth: number | null, 
/**
 * Why this desk cannot hold it (its keychain lacks the password or token), if so.
 */
notHere?: Msg | null, };

export type WorkStatusDto = { 
/**
 * This process, as the others see it.
 */
thisProcess: string, 
/**
 * Whether this desk's window runs background work (Settings, `sb background`).
 */
backgroundWork: boolean, 
/**
 * How long a hold lasts without a heartbeat, in seconds.
 */
leaseSeconds: number, units: Array<WorkUnitDto>, };

export type SetupState = { profile: UserDto | null, hasClients: boolean, 
/**
 * Where the data lives, as shown to people (a PostgreSQL password is hidden).
 */
database: string, 
/**
 * The company CA certificate file the open PostgreSQL database is verified with.
 */
caFile?: string | null, 
/**
 * The database chosen for the next start, when it differs from the open one.
 */
nextDatabase: string | null, language: Language, 
/**
 * How this desktop is signed in, when the workspace is a team's.
 */
team?: TeamDto | null, 
/**
 * Whether this desk runs the background work (mail, outboxes, alerts, vendor sync).
 */
backgroundWork: boolean, };

export type DatabaseChoice = { 
/**
 * A SQLite file path or a `postgres://` URL without a password; none (or blank) is the
 * embedded database in the data folder.
 */
database: string | null, 
/**
 * The company CA certificate file (PEM) that signs the server's certificate.
 */
caFile: string | null, 
/**
 * Kept in the OS keychain for this user, server and database; none keeps the one stored.
 */
password: string | null, };

export type StartupPhase = "opening" | "failed" | "ready";

export type StartupState = { phase: StartupPhase, 
/**
 * The database being opened, as shown to people.
 */
database: string, error: ApiError | null, };

export type NewProfile = { name: string, role: Role, };

export type ContactInput = { name: string, email: string | null, phone: string | null, };

export type ClientInput = { code: string, name: string, notes: string | null, contacts: Array<ContactInput>, 
/**
 * The language the client is written to in; `None`: the workspace's default.
 */
language: MailLanguage | null, };

export type ContactDto = { id: number, name: string, email: string | null, phone: string | null, };

export type ClientDto = { id: number, code: string, name: string, notes: string | null, contacts: Array<ContactDto>, 
/**
 * The language the client is written to in; `None`: the workspace's default.
 */
language: MailLanguage | null, createdAt: number, updatedAt: number, };

export type ClientSummaryDto = { id: number, code: string, name: string, contactCount: number, 
/**
 * Tickets not yet resolved or closed.
 */
activeTickets: number, };

export type MailLanguage = "en" | "ru";

export type NoticeKind = "acknowledgement" | "waiting" | "reminder" | "closed_no_reply" | "resolved" | "satisfaction_request";

export type NoticeDefaultsDto = { language: MailLanguage, 
/**
 * An acknowledgement with the ticket number when a ticket comes in.
 */
acknowledge: boolean, 
/**
 * The mail when the desk waits for the client, the reminder and the close after no reply.
 */
remind: boolean, 
/**
 * A satisfaction request when a ticket is closed.
 */
satisfaction: boolean, remindAfterDays: number, closeAfterDays: number, };

export type NoticeTemplateDto = { kind: NoticeKind, language: MailLanguage, subject: string, body: string, 
/**
 * The client's own; else the workspace's.
 */
own: boolean, };

export type ClientNoticesDto = { clientId: number, language: MailLanguage | null, acknowledge: boolean | null, remind: boolean | null, satisfaction: boolean | null, remindAfterDays: number | null, closeAfterDays: number | null, 
/**
 * What applies to this client, its own settings over the workspace's.
 */
applied: NoticeDefaultsDto, templates: Array<NoticeTemplateDto>, };

export type ClientNoticesInput = { clientId: number, acknowledge: boolean | null, remind: boolean | null, satisfaction: boolean | null, remindAfterDays: number | null, closeAfterDays: number | null, };

export type NoticeTemplateInput = { clientId: number, kind: NoticeKind, language: MailLanguage, subject: string, body: string, };

export type SatisfactionDto = { requestedAt: number, rating: number | null, comment: string | null, ratedAt: number | null, };

export type NoticeSweepDto = { reminded: number, closed: number, };

export type ClientQuery = { search: string | null, cursor: string | null, limit: number | null, };

export type ClientPage = { rows: Array<ClientSummaryDto>, nextCursor: string | null, };

export type TicketInput = { clientId: number, direction: string, subject: string, description: string, impact: Level, urgency: Level, 
/**
 * `desktop` or `phone` (a logged call); the other channels are set by intake.
 */
channel: Channel, 
/**
 * The client's contact who asked (one of `ClientDto::contacts`): with an email address,
 * they are the requester, sent the acknowledgement and every later mail, as for a
 * ticket that came by email.
 */
contactId?: number | null, };

export type QueueSortDto = "updated" | "priority" | "due";

export type QueueQuery = { 
/**
 * Any of these statuses; empty or absent means all.
 */
statuses: Array<Status>, clientId: number | null, direction: string | null, assigneeId: number | null, 
/**
 * Only tickets nobody has taken.
 */
unassigned: boolean, line: Line | null, channel: Channel | null, 
/**
 * The queue a routing rule gave the ticket.
 */
queue?: string, 
/**
 * Only tickets whose SLA falls due within this many minutes (not yet breached).
 */
dueWithinMinutes?: number, 
/**
 * Only tickets whose SLA is breached.
 */
breached?: boolean, sort: QueueSortDto, cursor: string | null, limit: number | null, };

export type QueueRowDto = { id: number, number: string, priority: Priority, subject: string, clientId: number, clientCode: string, clientName: string, direction: string, status: Status, line: Line, assigneeId: number | null, assigneeName: string | null, updatedAt: number, 
/**
 * The version the row shows: what a bulk action on it names.
 */
version: number, 
/**
 * The nearest due time of a running SLA clock.
 */
slaDue: number | null, 
/**
 * An SLA target was overrun.
 */
slaBreached: boolean, };

export type QueuePage = { rows: Array<QueueRowDto>, 
/**
 * Absent on the last page.
 */
nextCursor: string | null, };

export type QueueViewDto = { key: string, 
/**
 * The saved view's name; empty for a built-in view (the window names those).
 */
name: string, builtIn: boolean, 
/**
 * The saved view's id, for deleting it.
 */
id: number | null, query: QueueQuery, 
/**
 * Matching tickets, counted no further than the cap.
 */
count: number, 
/**
 * There are more than `count`.
 */
more: boolean, };

export type SaveViewInput = { name: string, 
/**
 * The filter to keep (its cursor and limit are dropped).
 */
query: QueueQuery, };

export type TicketDto = { id: number, number: string, clientId: number, clientCode: string, clientName: string, direction: string, subject: string, description: string, impact: Level, urgency: Level, priority: Priority, status: Status, line: Line, channel: Channel, assigneeId: number | null, assigneeName: string | null, createdByName: string, createdAt: number, updatedAt: number, resolvedAt: number | null, closedAt: number | null, closedByName: string | null, resolutionNote: string | null, 
/**
 * The resolution note the system wrote (a merged duplicate's), worded by the reader
 * (`resolution_note` is its English); `None` for a note a person wrote and for notes kept
 * before messages, which show `resolution_note`.
 */
resolutionNoteMsg?: Msg | null, 
/**
 * The statuses this ticket may move to now, from the state machine.
 */
nextStatuses: Array<Status>, 
/**
 * When this ticket was merged away as a duplicate: the survivor's id and number.
 */
mergedIntoId: number | null, mergedInto: string | null, 
/**
 * Raised by one with every change; a change names the version it was made on, and a
 * stale one is refused (`edit_conflict`).
 */
version: number, };

export type CommentDto = { id: number, authorId: number, authorName: string, body: string, 
/**
 * A note the system wrote, or its words standing for an empty message, worded by the
 * reader (`body` is its English); `None` for what people wrote and for notes written
 * before messages, which show `body`.
 */
bodyMsg?: Msg | null, visibility: Visibility, channel: Channel, createdAt: number, 
/**
 * The number of the duplicate this comment was written on, when it came over in a merge.
 */
movedFrom: string | null, 
/**
 * Who sent it, when it came by email ("Ann Lee <ann.lee@example.com>"): the thread shows
 * this rather than the channel's system user.
 */
sender: string | null, 
/**
 * The vendor and case it came from, when a vendor wrote it ("Acme Storage, case 4521").
 */
vendor: string | null, 
/**
 * Whom an engineer's public comment was for (client, vendor, both), when chosen.
 */
audience: Audience | null, 
/**
 * The automatic mail to the client this comment is, when it is one.
 */
notice: NoticeKind | null, };

export type RelatedTicketDto = { id: number, number: string, subject: string, status: Status, };

export type AuditEntryDto = { id: number, actorName: string, at: number, 
/**
 * `created`, `status`, `assignee`, `line`, `comment`, `resolution_note`, `note`,
 * `merged_into`, `merged` or `link` (old value set: unlinked).
 */
field: string, oldValue: string | null, newValue: string | null, 
/**
 * The new value as a message when the system wrote it (monitoring's resolution note, a
 * merged duplicate's), which each reader words in their language; `None` for what people
 * wrote, which shows `new_value`.
 */
newValueMsg?: Msg | null, 
/**
 * The ticket's version this change produced (none on lines older than versions).
 */
version: number | null, };

export type EditConflict = { ticketId: number, number: string, seenVersion: number, currentVersion: number, 
/**
 * Who has the ticket now (who won a race to take it).
 */
assigneeName: string | null, changes: Array<AuditEntryDto>, };

export type TicketCard = { ticket: TicketDto, comments: Array<CommentDto>, audit: Array<AuditEntryDto>, related: Array<RelatedTicketDto>, 
/**
 * The satisfaction request and the client's rating, once one was sent.
 */
satisfaction: SatisfactionDto | null, };

export type CommentInput = { ticketId: number, body: string, visibility: Visibility, };

export type StatusInput = { ticketId: number, to: Status, 
/**
 * Required to resolve or close: what was done.
 */
note: string | null, 
/**
 * The ticket's version the person saw (`TicketDto::version`): the change is refused as
 * `edit_conflict` when the ticket moved on since.
 */
version: number, };

export type AssignInput = { ticketId: number, 
/**
 * Nobody when absent.
 */
assigneeId: number | null, 
/**
 * The ticket's version the person saw (`TicketDto::version`): the change is refused as
 * `edit_conflict` when the ticket moved on since.
 */
version: number, };

export type LineInput = { ticketId: number, line: Line, 
/**
 * The handover: what the next line needs to know.
 */
note: string | null, 
/**
 * The ticket's version the person saw (`TicketDto::version`): the change is refused as
 * `edit_conflict` when the ticket moved on since.
 */
version: number, };

export type BulkInput = { tickets: Array<SeenTicket>, change: BulkChange, };

export type SeenTicket = { ticketId: number, version: number, };

export type BulkChange = { "kind": "assign", assigneeId: number | null, } | { "kind": "status", to: Status, note: string | null, } | { "kind": "priority", impact: Level, urgency: Level, } | { "kind": "direction", direction: string, } | { "kind": "line", line: Line, note: string | null, };

export type BulkReport = { changed: Array<TicketDto>, refused: Array<BulkRefusal>, };

export type BulkRefusal = { ticketId: number, number: string, code: ErrorCode, message: string, 
/**
 * The reason, worded by the reader (`None`: a refusal only `message` words).
 */
msg?: Msg | null, };

export type CalendarDto = { id: number, name: string, 
/**
 * An IANA time zone, such as Europe/Moscow.
 */
timeZone: string, 
/**
 * Working hours per weekday, Monday first: "09:00-18:00", "09:00-13:00, 14:00-18:00", or
 * "" for a day off.
 */
week: Array<string>, 
/**
 * Dates that differ from their weekday.
 */
days: Array<CalendarDayDto>, 
/**
 * Every hour of every day counts.
 */
always: boolean, updatedAt: number, };

export type CalendarDayDto = { 
/**
 * YYYY-MM-DD.
 */
day: string, 
/**
 * "" for a day off; the hours of a shortened or moved working day.
 */
hours: string, note: string | null, };

export type CalendarInput = { name: string, timeZone: string, week: Array<string>, };

export type CalendarDaysInput = { calendarId: number, put: Array<CalendarDayDto>, remove: Array<string>, };

export type CalendarImportDto = { calendar: CalendarDto, 
/**
 * Dates set from the file (days off, worked and shortened days).
 */
imported: number, 
/**
 * Events that are not all-day dates (a meeting, a repeating rule), left out.
 */
skipped: number, };

export type PolicyTargetDto = { priority: Priority, 
/**
 * A direction, or none for every direction without a target of its own.
 */
direction: string | null, firstResponseMinutes: number | null, resolutionMinutes: number | null, 
/**
 * A calendar of its own (24x7 for P1), else the policy's.
 */
calendarId: number | null, };

export type SlaPolicyDto = { id: number, name: string, 
/**
 * The client whose contract it is; none for the default policy.
 */
clientId: number | null, clientCode: string | null, isDefault: boolean, calendarId: number, calendarName: string, 
/**
 * The statuses that pause the client's clocks.
 */
pauseStatuses: Array<Status>, targets: Array<PolicyTargetDto>, 
/**
 * What a breach does beside telling the assignee.
 */
breachActions: Array<BreachAction>, updatedAt: number, };

export type SlaPolicyInput = { name: string, clientId: number | null, isDefault: boolean, calendarId: number, pauseStatuses: Array<Status>, targets: Array<PolicyTargetDto>, breachActions: Array<BreachAction>, };

export type ClockStateDto = "running" | "paused" | "met";

export type ClockDto = { goal: Goal, targetMinutes: number, usedMinutes: number, 
/**
 * Working minutes left (negative once overrun).
 */
leftMinutes: number, percent: number, state: ClockStateDto, 
/**
 * While paused: the status that pauses it.
 */
pausedBy: Status | null, 
/**
 * When it last started, paused or was met.
 */
since: number | null, dueAt: number | null, breachedAt: number | null, calendarName: string, };

export type TicketClocksDto = { ticketId: number, 
/**
 * None when no policy applies (no default policy and no contract).
 */
policyName: string | null, clocks: Array<ClockDto>, };

export type MetricsQuery = { 
/**
 * YYYY-MM-DD.
 */
from: string, to: string, clientId: number | null, direction: string | null, line: Line | null, 
/**
 * The engineer: their tickets, and the time they logged.
 */
engineerId: number | null, channel: Channel | null, };

export type SpreadDto = { count: number, medianMinutes: number | null, p90Minutes: number | null, };

export type ComplianceDto = { kept: number, missed: number, 
/**
 * Kept as a share of those settled, in tenths of a percent (none when none settled).
 */
permille: number | null, };

export type BacklogDayDto = { day: string, opened: number, closed: number, 
/**
 * Open at the end of the day.
 */
open: number, };

export type EngineerLoadDto = { userId: number, name: string, 
/**
 * Their open tickets now.
 */
openNow: number, 
/**
 * Their tickets opened and resolved in the period.
 */
opened: number, closed: number, 
/**
 * Time they logged on days of the period.
 */
loggedMinutes: number, };

export type RatingsDto = { 
/**
 * How many rated 1, 2, 3, 4 and 5.
 */
ratings: Array<number>, count: number, 
/**
 * The average in hundredths (4.25 is 425).
 */
averageCenti: number | null, };

export type MetricsDto = { from: string, to: string, opened: number, closed: number, 
/**
 * Tickets open at the end of the period.
 */
openAtEnd: number, 
/**
 * From opening to the first public reply, of the tickets opened in the period.
 */
firstResponse: SpreadDto, 
/**
 * From opening to resolution, of the tickets resolved in the period.
 */
resolution: SpreadDto, 
/**
 * The client SLA's targets kept, of the tickets opened in the period.
 */
responseSla: ComplianceDto, resolutionSla: ComplianceDto, backlog: Array<BacklogDayDto>, 
/**
 * Arrivals by weekday (Monday first), 24 hours each, in this desk's time.
 */
arrivals: Array<Array<number>>, engineers: Array<EngineerLoadDto>, satisfaction: RatingsDto, 
/**
 * Vendor cases escalated in the period: turnaround and breaches of the vendor's SLA.
 */
vendors: Array<ScorecardRowDto>, 
/**
 * Read from the hourly rollup: the medians and p90s are then the middle of the duration
 * bucket they fall in (within a bucket's width: 5 min under an hour, up to a day past
 * three days), counted by UTC days.
 */
rolledUp: boolean, };

export type NoticeReason = "assignee" | "line" | "lead";

export type SlaNoticeDto = { id: number, ticketId: number, ticketNumber: string, subject: string, clientCode: string, priority: Priority, line: string, goal: Goal, threshold: Threshold, reason: NoticeReason, 
/**
 * When the clock passed the threshold.
 */
crossedAt: number, createdAt: number, shownAt: number | null, 
/**
 * What the policy did on the breach.
 */
actions: Array<BreachAction>, title: string, body: string, };

export type Theme = "system" | "light" | "dark";

export type DesktopSettingsDto = { theme: Theme, 
/**
 * Whether the desktop starts Switchboard when the person logs in.
 */
startAtLogin: boolean, 
/**
 * The entry the desktop reads at login (shown so the person can find it).
 */
autostartFile: string, };

export type DeskLink = { "kind": "ticket", id: number, number: string, };

export type LinkDto = { text: string, link: DeskLink | null, error: ApiError | null, };

export type AssignmentNoticeDto = { id: number, ticketId: number, ticketNumber: string, subject: string, clientCode: string, priority: Priority, assignedBy: string | null, createdAt: number, title: string, body: string, };

export type TicketEditInput = { ticketId: number, 
/**
 * The ticket's version the person saw: refused as `edit_conflict` when it moved on since.
 */
version: number, clientId?: number | null, direction?: string | null, impact?: Level | null, urgency?: Level | null, subject?: string | null, description?: string | null, 
/**
 * Run the routing rules again once it is corrected.
 */
reroute: boolean, };

export type MergeInput = { 
/**
 * The duplicate.
 */
ticketId: number, 
/**
 * The ticket that stays, as people write it: `SB-000123` or `123`.
 */
into: string, note: string | null, 
/**
 * The duplicate's version the person saw (`TicketDto::version`).
 */
version: number, };

export type SearchQuery = { 
/**
 * What was typed: words in any language; `SB-000123` finds that ticket too.
 */
text: string, cursor: string | null, limit: number | null, };

export type HitKindDto = "ticket" | "comment";

export type SnippetPart = { text: string, mark: boolean, };

export type SearchHitDto = { kind: HitKindDto, ticketId: number, number: string, subject: string, status: Status, clientCode: string, 
/**
 * When the matching text was written.
 */
at: number, snippet: Array<SnippetPart>, };

export type SearchPage = { hits: Array<SearchHitDto>, nextCursor: string | null, 
/**
 * The words searched for, as understood.
 */
terms: Array<string>, };

export type ArticleDto = { id: number, title: string, problem: string, fix: string, direction: string | null, tags: Array<string>, sourceTicketId: number | null, 
/**
 * The number of the ticket the article was made from.
 */
sourceTicket: string | null, createdByName: string, createdAt: number, updatedAt: number, };

export type ArticleSummaryDto = { id: number, title: string, direction: string | null, tags: Array<string>, updatedAt: number, };

export type ArticleInput = { title: string, problem: string, fix: string, direction: string | null, 
/**
 * As typed: words separated by commas or spaces.
 */
tags: string, sourceTicketId: number | null, };

export type ArticleUpdate = { id: number, 
/**
 * `updatedAt` of the article as the editor loaded it.
 */
seenUpdatedAt: number, input: ArticleInput, };

export type KbQuery = { 
/**
 * Words to look for; absent: the most recently updated articles.
 */
search: string | null, cursor: string | null, };

export type KbPage = { rows: Array<ArticleSummaryDto>, nextCursor: string | null, };

export type SuggestQuery = { 
/**
 * The problem as written so far (a subject, a description).
 */
text: string, 
/**
 * The ticket being looked at, left out of its own suggestions.
 */
exceptTicketId: number | null, };

export type SimilarTicketDto = { id: number, number: string, subject: string, status: Status, resolutionNote: string | null, };

export type Suggestions = { tickets: Array<SimilarTicketDto>, articles: Array<ArticleSummaryDto>, };

export type LinkInput = { ticketId: number, 
/**
 * The other ticket: `SB-000123` or `123`.
 */
related: string, 
/**
 * The version of `ticket_id` the person saw (`TicketDto::version`).
 */
version: number, };

export type MailSecurity = "tls" | "start_tls" | "plain";

export type MailboxInput = { name: string, imapHost: string, imapPort: number, imapSecurity: MailSecurity, imapUser: string, 
/**
 * `INBOX` when left out.
 */
imapFolder: string | null, imapPassword: string | null, smtpHost: string, smtpPort: number, smtpSecurity: MailSecurity, 
/**
 * `None` for a relay that takes mail without a login.
 */
smtpUser: string | null, smtpPassword: string | null, 
/**
 * The desk's own address, which clients write to and reply to.
 */
fromAddress: string, 
/**
 * The direction of tickets opened by mail; `software` when left out.
 */
direction: string | null, pollSeconds: number, enabled: boolean, };

export type MailboxDto = { id: number, name: string, imapHost: string, imapPort: number, imapSecurity: MailSecurity, imapUser: string, imapFolder: string, smtpHost: string, smtpPort: number, smtpSecurity: MailSecurity, smtpUser: string | null, fromAddress: string, direction: string, pollSeconds: number, enabled: boolean, 
/**
 * Whether the OS keychain holds the passwords (never the passwords themselves).
 */
hasImapPassword: boolean, hasSmtpPassword: boolean, lastPolledAt: number | null, 
/**
 * What went wrong at the last poll, in English; absent when it went well.
 */
lastError: string | null, 
/**
 * The same, worded by the reader; `None` for one recorded before messages (or a server's
 * own words), which shows `last_error`.
 */
lastErrorMsg?: Msg | null, };

export type ConnectionCheck = { ok: boolean, code: string | null, 
/**
 * In English (logs, the CLI's fallback).
 */
message: string | null, 
/**
 * The same sentence for the reader's language.
 */
msg?: Msg | null, };

export type ConnectionTest = { imap: ConnectionCheck, smtp: ConnectionCheck, };

export type MailPollReport = { mailboxId: number, fetched: number, tickets: number, comments: number, triage: number, quarantined: number, 
/**
 * Seen before (the same Message-ID): nothing new made.
 */
duplicates: number, };

export type MailMessageDto = { id: number, mailboxName: string, messageId: string, fromEmail: string | null, fromName: string | null, subject: string | null, 
/**
 * Why it is in quarantine, in English (the CLI's words).
 */
reason: string | null, 
/**
 * Why it is in quarantine, as a code the window words in the reader's language.
 */
problem: MailProblem | null, size: number, receivedAt: number, };

export type TriageInput = { messageId: number, clientId: number, direction: string, 
/**
 * Also add the sender to the client's contacts, so that their next message is matched.
 */
addContact: boolean, };

export type QuarantineInput = { messageId: number, clientId: number, direction: string, 
/**
 * A charset label (`windows-1251`, `koi8-r`, ...); `None`: as decoded.
 */
charset: string | null, };

export type MailReadingDto = { messageId: number, 
/**
 * The sender, when one could be read.
 */
from: string | null, subject: string, text: string, 
/**
 * What still stands in the way of taking it in by itself (`None`: nothing).
 */
problem: MailProblem | null, notes: Array<MailNote>, 
/**
 * The charsets offered to re-read it in.
 */
charsets: Array<string>, };

export type OpeningMailDto = { mailId: number, notes: Array<MailNote>, 
/**
 * The whole subject and text, only when the ticket's were cut.
 */
wholeSubject: string | null, wholeText: string | null, };

export type MailProblem = { "code": "empty" } | { "code": "no_headers" } | { "code": "no_sender" } | { "code": "no_sender_address", from: string, } | { "code": "charset_unsure", guess: string | null, } | { "code": "charset_unknown", charset: string, } | { "code": "no_text" } | { "code": "refused", detail: string, } | { "code": "too_large", size: number, limit: number, } | { "code": "possible_spoof", ticket: string, sender: string, } | { "code": "over_limit", limit: string, found: number, allowed: number, };

export type InputLimits = { 
/**
 * The largest message downloaded whole, in bytes; a larger one waits with its header.
 */
mailBytes: number, 
/**
 * Header fields in one message, all parts together.
 */
mailHeaders: number, 
/**
 * The longest one header field (folded lines together), in bytes.
 */
headerBytes: number, 
/**
 * MIME parts in one message (forwarded messages that are read included).
 */
mimeParts: number, 
/**
 * How deep multiparts and forwarded messages nest inside one another.
 */
mimeDepth: number, 
/**
 * The largest one attached file, decoded, in bytes.
 */
attachmentBytes: number, 
/**
 * The text one message gives (its bodies, HTML read as text, and forwarded messages), in
 * bytes.
 */
textBytes: number, 
/**
 * How deep quotes and lists nest in an HTML body.
 */
htmlDepth: number, 
/**
 * The largest answer read from a vendor's API or an Alertmanager, in bytes.
 */
httpBodyBytes: number, };

export type MailNote = { "code": "charset_guessed", charset: string, 
/**
 * The charset the message declared, when it declared one that did not fit.
 */
declared: string | null, } | { "code": "charset_chosen", charset: string, } | { "code": "unclosed_multipart" } | { "code": "address_in_encoded_word" } | { "code": "subject_cut", kept: number, total: number, } | { "code": "description_cut", kept: number, total: number, };

export type OutboxState = "pending" | "sent" | "dead";

export type FailureClass = "unreachable" | "timeout" | "rate_limited" | "server_error" | "deferred" | "tls" | "bad_credentials" | "missing_permission" | "not_found" | "rejected" | "protocol" | "settings";

export type Goal = "first_response" | "resolution";

export type Threshold = "warning" | "breach";

export type BreachAction = "raise_priority" | "next_line" | "notify_lead";

export type OutboxItemDto = { id: number, kind: string, ticketId: number | null, ticketNumber: string | null, commentId: number | null, 
/**
 * Whom it goes to, as shown to people.
 */
to: string, subject: string, state: OutboxState, attempts: number, nextAttemptAt: number, 
/**
 * Why the last attempt failed, in English.
 */
lastError: string | null, 
/**
 * The same, worded by the reader; `None` for one recorded before messages (or a server's
 * own words), which shows `last_error`.
 */
lastErrorMsg?: Msg | null, 
/**
 * Why the last attempt failed, in the delivery policy's words (`bad_credentials`,
 * `rejected`, `unreachable`, ...), the same as a vendor message's.
 */
errorClass?: FailureClass | null, createdAt: number, sentAt: number | null, };

export type Runnable = { "code": "extension", extension: string, } | { "code": "content_type", content_type: string, };

export type AttachmentDto = { id: number, commentId: number | null, fileName: string, contentType: string, size: number, 
/**
 * Why the file can run when opened (the window asks first), if it can.
 */
runnable: Runnable | null, };

export type EmailCommentDto = { commentId: number, from: string, fullText: string, 
/**
 * The message behind it (for its source).
 */
mailId: number, 
/**
 * What intake did to read it (a guessed charset, a cut).
 */
notes: Array<MailNote>, };

export type OpenedAttachment = { path: string, opened: boolean, };

export type DeliveryDto = { commentId: number, outboxId: number, state: OutboxState, 
/**
 * Why the last attempt failed, in English.
 */
lastError: string | null, 
/**
 * The same, worded by the reader; `None` for one recorded before messages (or a server's
 * own words), which shows `last_error`.
 */
lastErrorMsg?: Msg | null, };

export type TicketEmailDto = { 
/**
 * Where public comments are emailed; `None`: "not emailed: no requester address".
 */
requester: string | null, attachments: Array<AttachmentDto>, emailComments: Array<EmailCommentDto>, deliveries: Array<DeliveryDto>, 
/**
 * The message the ticket was opened from: the original, whole (`None`: not by email).
 */
opening: OpeningMailDto | null, };

export type AttachmentFile = { fileName: string, contentType: string, base64: string, };

export type AlertRowState = "firing" | "resolved";

export type DirectionRule = { value: string, direction: string, };

export type SeverityRule = { value: string, impact: Level, urgency: Level, };

export type AlertMappingDto = { 
/**
 * The label whose value is the client's code.
 */
clientLabel: string, directionLabel: string, directionMap: Array<DirectionRule>, 
/**
 * The direction when the label is missing or its value is not in the table.
 */
defaultDirection: string | null, severityLabel: string, severityMap: Array<SeverityRule>, 
/**
 * For an alert without the severity label or with a value not in the table.
 */
unknownImpact: Level, unknownUrgency: Level, };

export type AlertSourceInput = { name: string, 
/**
 * The Alertmanager, such as `http://alertmanager:9093`.
 */
baseUrl: string, 
/**
 * Label matchers that must all hold: `customer="acme"`, `severity!="info"`.
 */
filter: Array<string>, mapping: AlertMappingDto, pollSeconds: number, enabled: boolean, };

export type AlertSourceDto = { id: number, name: string, baseUrl: string, filter: Array<string>, mapping: AlertMappingDto, pollSeconds: number, enabled: boolean, lastPolledAt: number | null, 
/**
 * What went wrong at the last poll, in English; absent when it went well.
 */
lastError: string | null, 
/**
 * The same, worded by the reader; `None` for one recorded before messages (or a server's
 * own words), which shows `last_error`.
 */
lastErrorMsg?: Msg | null, 
/**
 * Alerts of this source whose tickets follow a firing alert.
 */
firing: number, createdAt: number, updatedAt: number, };

export type AlertTestResult = { version: string, 
/**
 * When that Alertmanager started (its alert list is complete some minutes after).
 */
startedAt: number, 
/**
 * Alerts firing now that the filter lets through.
 */
alerts: number, };

export type PollReport = { sourceId: number, sourceName: string, polledAt: number, opened: number, repeated: number, resolved: number, reopened: number, unmatched: number, 
/**
 * Alerts the workspace refused to store: set aside with the reason among the unmatched
 * ones, while the poll went on with the rest.
 */
refused: number, 
/**
 * Why the poll failed; nothing was changed then (in English).
 */
error: string | null, 
/**
 * The same, for the reader's language.
 */
msg?: Msg | null, };

export type UnmatchedAlertDto = { sourceId: number, sourceName: string, fingerprint: string, labels: { [key in string]?: string }, 
/**
 * Why no ticket was made, such as "no client with code ACME".
 */
reason: string, lastSeen: number, };

export type TicketAlertDto = { sourceId: number, sourceName: string, fingerprint: string, state: AlertRowState, 
/**
 * How many times Alertmanager got the alert again after it was first seen.
 */
repeatCount: number, firstSeen: number, lastSeen: number, resolvedAt: number | null, };

export type DirectionMinutes = { direction: string, minutes: number, };

export type WorkTypeRate = { workType: string, percent: number, };

export type OverageKind = "block" | "allow_up_to" | "bill";

export type RolloverKind = "none" | "all" | "up_to_minutes" | "up_to_percent";

export type PackageInput = { clientId: number, name: string, 
/**
 * `YYYY-MM-DD`, both days included.
 */
start: string, end: string, 
/**
 * `Some` for one shared pool; else `directions` splits the hours.
 */
sharedMinutes: number | null, directions: Array<DirectionMinutes>, stackOrder: number, rounding: number, minimum: number, workTypes: Array<WorkTypeRate>, overage: OverageKind, 
/**
 * Minutes allowed beyond the hours (`allow_up_to`).
 */
overageMinutes: number | null, 
/**
 * Minor currency units per hour (`bill`).
 */
overageRate: number | null, rollover: RolloverKind, 
/**
 * Minutes or percent, for the `up_to_*` rollovers.
 */
rolloverLimit: number | null, rolloverExpiresDays: number | null, thresholds: Array<number>, burnMargin: number, };

export type PackageBudgetDto = { 
/**
 * Empty for a shared pool.
 */
direction: string, budgetMinutes: number, rolledMinutes: number, usedMinutes: number, leftMinutes: number, 
/**
 * Overage logged on this budget.
 */
overageMinutes: number, 
/**
 * Used (overage included, as the thresholds count) of its hours and rolled-in hours.
 */
usedPercent: number, 
/**
 * Thresholds crossed on this direction's own budget (a package split per direction).
 */
thresholdsCrossed: Array<number>, };

export type PackageDto = { id: number, clientId: number, clientCode: string, clientName: string, 
/**
 * The terms, as the form shows them (for editing and renewing).
 */
terms: PackageInput, closed: boolean, renewedFromId: number | null, rolledUntil: string | null, budgets: Array<PackageBudgetDto>, totalMinutes: number, usedMinutes: number, leftMinutes: number, overageMinutes: number, usedPercent: number, elapsedPercent: number, 
/**
 * Hours are going faster than the calendar by more than the package's margin.
 */
burningFast: boolean, 
/**
 * The day it runs out at the last 30 days' rate; `None` when nothing was used lately.
 */
runsOutOn: string | null, 
/**
 * Covered minutes used in the last 30 days.
 */
usedLast30: number, 
/**
 * Thresholds (percent) crossed so far.
 */
thresholdsCrossed: Array<number>, 
/**
 * Active today (within its period and not closed).
 */
active: boolean, };

export type PackageChangeDto = { actorName: string, at: number, 
/**
 * created, edited, renewed, closed
 */
change: string, 
/**
 * What changed, in English ("hours 60:00 -> 80:00; rounding 15/0 min -> 30/0 min").
 */
summary: string, 
/**
 * What changed, as a message the window words in its language; `None` when nothing is
 * known of it.
 */
msg?: Msg | null, };

export type BurnPointDto = { day: string, left: number | null, ideal: number, };

export type PackageDetailDto = { package: PackageDto, burnDown: Array<BurnPointDto>, history: Array<PackageChangeDto>, };

export type ClientDashboardDto = { clientId: number, clientCode: string, clientName: string, today: string, packages: Array<PackageDetailDto>, 
/**
 * Draft entries waiting for approval.
 */
drafts: number, };

export type EntryStateDto = "draft" | "approved" | "invoiced";

export type DrawDto = { packageId: number | null, packageName: string | null, 
/**
 * Empty for a shared pool.
 */
direction: string, 
/**
 * rolled, base, overage
 */
kind: string, minutes: number, ratePerHour: number | null, };

export type TimeEntryDto = { id: number, ticketId: number, ticketNumber: string, ticketSubject: string, 
/**
 * The ticket's direction.
 */
direction: string, userName: string, workDate: string, actualMinutes: number, billableMinutes: number, coveredMinutes: number, overageMinutes: number, workType: string, billable: boolean, note: string, state: EntryStateDto, 
/**
 * The entry this one corrects.
 */
adjustsId: number | null, 
/**
 * The duplicate it was logged on, when it came over in a merge.
 */
movedFrom: string | null, approvedBy: string | null, draws: Array<DrawDto>, };

export type TimeInput = { ticketId: number, 
/**
 * `YYYY-MM-DD`; the desk's today when absent.
 */
workDate: string | null, minutes: number, workType: string, billable: boolean, note: string, };

export type LedgerWarningDto = { kind: LedgerWarningKind, 
/**
 * The warning in English (logs, older readers).
 */
message: string, 
/**
 * The warning as a message, for readers that word it in their language (the window words
 * it from the parameters below).
 */
msg: Msg, 
/**
 * The package it is about.
 */
packageName: string | null, 
/**
 * The budget it is about: a direction, or `None` for the shared pool or the package.
 */
direction: string | null, 
/**
 * Minutes: beyond the package (`overage`), or left in its other budgets (`exhausts`).
 */
minutes: number | null, 
/**
 * The day a package ended (`expired`) or starts (`not_started`).
 */
day: string | null, };

export type LedgerWarningKind = "no_package" | "expired" | "not_started" | "closed" | "exhausts" | "overage";

export type TimePreviewDto = { billableMinutes: number, coveredMinutes: number, overageMinutes: number, draws: Array<DrawDto>, warnings: Array<LedgerWarningDto>, 
/**
 * Why it would be refused (the block policy), or `None`.
 */
refused: string | null, };

export type TimerDto = { ticketId: number, startedAt: number, };

export type TicketTimeDto = { 
/**
 * The ticket's direction: the budget its time draws from.
 */
direction: string, entries: Array<TimeEntryDto>, timer: TimerDto | null, 
/**
 * Active packages for the ticket's direction today, in stacking order.
 */
packages: Array<PackageDto>, workTypes: Array<string>, actualMinutes: number, billableMinutes: number, today: string, 
/**
 * The person at this desk approves time (an account manager or admin).
 */
canApprove: boolean, };

export type AdjustInput = { entryId: number, minutes: number, note: string, };

export type EntriesSelection = { ids: Array<number>, clientId: number | null, from: string | null, to: string | null, };

export type BudgetThresholdDto = { direction: string, threshold: number, };

export type PortfolioRowDto = { clientId: number, clientCode: string, clientName: string, packageId: number, packageName: string, end: string, totalMinutes: number, usedMinutes: number, leftMinutes: number, usedPercent: number, elapsedPercent: number, burningFast: boolean, runsOutOn: string | null, 
/**
 * Days from today until it runs out (or its period ends, if sooner).
 */
daysLeft: number | null, 
/**
 * Thresholds crossed in the last 7 days on the package's whole hours.
 */
crossedThisWeek: Array<number>, 
/**
 * Thresholds crossed in the last 7 days on a direction's own budget.
 */
budgetsCrossedThisWeek: Array<BudgetThresholdDto>, };

export type UncoveredClientDto = { clientId: number, clientCode: string, clientName: string, 
/**
 * The day its last package ended, if it ever had one.
 */
lastEnd: string | null, };

export type PortfolioDto = { rows: Array<PortfolioRowDto>, uncovered: Array<UncoveredClientDto>, };

export type ThresholdNotice = { packageId: number, clientId: number, title: string, 
/**
 * The notice in the desk's language (the desktop notification shows it).
 */
body: string, 
/**
 * The notice as a message: the window words it in its own language.
 */
msg: Msg, packageName: string, 
/**
 * The direction whose own budget crossed it; `None` for the whole package.
 */
direction: string | null, 
/**
 * Percent of hours used; 0 = hours going faster than the calendar.
 */
threshold: number, 
/**
 * Minutes left of that budget (or of the package).
 */
leftMinutes: number, 
/**
 * When the threshold was crossed (the notice written with it).
 */
crossedAt: number, 
/**
 * When one of the person's desks showed it; `None` while it waits.
 */
shownAt: number | null, };

export type StatementFormat = "pdf" | "csv";

export type HoursConditionDto = "any" | "within" | "outside";

export type AssignKind = "nobody" | "person" | "round_robin" | "least_loaded";

export type RuleInput = { name: string, enabled: boolean, clientIds: Array<number>, directions: Array<string>, priorities: Array<Priority>, channels: Array<Channel>, keywords: Array<string>, hours: HoursConditionDto, line: Line | null, queue: string | null, assign: AssignKind, 
/**
 * The person (one id) or the group.
 */
assignUsers: Array<number>, priority: Priority | null, tags: Array<string>, 
/**
 * Escalate to this vendor.
 */
vendorId: number | null, };

export type RuleDto = { id: number, position: number, rule: RuleInput, 
/**
 * "direction is network; mentions vpn -> L2, queue Network team" (English).
 */
summary: string, 
/**
 * The same, worded by the reader.
 */
summaryMsg: Msg, };

export type BusinessHoursDto = { 
/**
 * 1 = Monday .. 7 = Sunday.
 */
weekdays: Array<number>, 
/**
 * `HH:MM`.
 */
start: string, end: string, utcOffsetMinutes: number, };

export type RoutingDecisionDto = { ruleId: number | null, ruleName: string, 
/**
 * The conditions that held, in English.
 */
why: Array<string>, 
/**
 * The same, worded by the reader.
 */
reasons: Array<Msg>, 
/**
 * What the rule did, in English.
 */
did: string, 
/**
 * The same, worded by the reader.
 */
didMsg: Msg, actorName: string, at: number, };

export type TicketRoutingDto = { queue: string | null, tags: Array<string>, decision: RoutingDecisionDto | null, };

export type DraftRuleInput = { id: number | null, rule: RuleInput, };

export type DryRunInput = { rules: Array<DraftRuleInput>, limit: number, };

export type DryRunRowDto = { ticketId: number, number: string, subject: string, 
/**
 * What the ticket really has (line, queue, assignee, priority, tags, vendors), after
 * the name of the rule that routed it ("VPN: line L2, ...", or "no rule: line L1, ...").
 */
current: string, 
/**
 * The same, worded by the reader.
 */
currentMsg: Msg, 
/**
 * The draft's rule and what it would do, or `None` when no draft rule takes it.
 */
draft: string | null, 
/**
 * The same, worded by the reader.
 */
draftMsg: Msg | null, changed: boolean, };

export type DryRunDto = { rows: Array<DryRunRowDto>, changed: number, };

export type StatementInput = { clientId: number, 
/**
 * `YYYY-MM-DD`, both days included.
 */
from: string, to: string, format: StatementFormat, 
/**
 * Leave draft (not yet approved) entries out; else they are in, marked as drafts.
 */
leaveOutDrafts: boolean, };

export type ConnectorFieldDto = { key: string, label: Msg, required: boolean, 
/**
 * What to put there: a word of explanation, or an example shown as it is.
 */
hint: Msg, };

export type ConnectorKindDto = { kind: string, label: Msg, fields: Array<ConnectorFieldDto>, 
/**
 * What the secret is called ("API token"); `None`: the kind needs none.
 */
secret: Msg | null, };

export type VendorSlaDto = { direction: string, acknowledgeMinutes: number | null, resolveMinutes: number | null, };

export type VendorContactDto = { name: string, email: string | null, phone: string | null, };

export type VendorDto = { id: number, name: string, directions: Array<string>, kind: string, kindLabel: Msg, settings: { [key in string]?: string }, sla: Array<VendorSlaDto>, contacts: Array<VendorContactDto>, 
/**
 * Requests a minute the vendor allows.
 */
perMinute: number, enabled: boolean, 
/**
 * A secret is in the OS keychain (never the secret itself).
 */
hasSecret: boolean, lastSyncAt: number | null, 
/**
 * In English.
 */
lastSyncError: string | null, 
/**
 * The same, worded by the reader; `None` for one recorded before messages.
 */
lastSyncErrorMsg?: Msg | null, openCases: number, 
/**
 * Who the credentials were found to sign in as at the vendor (learnt at the first check
 * or delivery; a key that signs in as someone else is refused as bad credentials).
 */
account: string | null, 
/**
 * Cases the sync found gone at the vendor (deleted there), not escalated again since.
 */
goneCases: number, };

export type VendorInput = { name: string, directions: Array<string>, kind: string, settings: { [key in string]?: string }, sla: Array<VendorSlaDto>, contacts: Array<VendorContactDto>, perMinute: number, enabled: boolean, secret: string | null, };

export type VendorCheckDto = { ok: boolean, 
/**
 * `ok`, `unreachable`, `tls`, `timeout`, `bad_credentials`, `missing_permission`,
 * `not_found`, `rejected`, `rate_limited`, `server_error`, `protocol`, `settings`.
 */
class: string, 
/**
 * In English (the vendor's own words after the class's sentence).
 */
message: string, 
/**
 * The same, worded by the reader.
 */
msg: Msg, };

export type EscalateInput = { ticketId: number, vendorId: number, 
/**
 * A word to the vendor, put first in the case's description.
 */
note: string | null, };

export type SlaTargetDto = { 
/**
 * `none`, `running`, `met`, `breached`.
 */
state: string, dueAt: number | null, tookMinutes: number | null, };

export type BondDto = { id: number, ticketId: number, vendorId: number, vendorName: string, correlation: string, caseNumber: string | null, caseUrl: string | null, vendorStatusRaw: string | null, vendorStatus: string | null, 
/**
 * `pending`, `open`, `suspended`, `resolved`, `closed`, `failed`.
 */
state: string, escalatedBy: string, createdAt: number, escalatedAt: number | null, acknowledgedAt: number | null, resolvedAt: number | null, lastSyncAt: number | null, pendingMessages: number, deadMessages: number, 
/**
 * In English.
 */
lastError: string | null, 
/**
 * The same, worded by the reader; `None` for one recorded before messages.
 */
lastErrorMsg?: Msg | null, acknowledge: SlaTargetDto, resolve: SlaTargetDto, 
/**
 * When the sync found the case gone at the vendor (deleted there, or no longer found).
 */
goneAt: number | null, 
/**
 * The vendor still works the case: public comments for the vendor go to it.
 */
takesComments: boolean, };

export type VendorMessageDto = { id: number, bondId: number, ticketId: number, ticketNumber: string, vendorName: string, 
/**
 * `create`, `comment`, `reopen`.
 */
kind: string, state: OutboxState, attempts: number, nextAttemptAt: number, 
/**
 * In English.
 */
lastError: string | null, 
/**
 * The same, worded by the reader; `None` for one recorded before messages.
 */
lastErrorMsg?: Msg | null, errorClass: FailureClass | null, createdAt: number, sentAt: number | null, caseNumber: string | null, };

export type DeliveryReport = { sent: number, retried: number, dead: number, };

export type VendorSyncReport = { 
/**
 * Cases whose sync changed something of ours (a repeat read changes nothing).
 */
casesChanged: number, commentsAdded: number, 
/**
 * Replies taken in empty before (HTML-only) that now have their text.
 */
commentsMended: number, ticketsMoved: number, 
/**
 * Cases found gone at the vendor.
 */
casesGone: number, 
/**
 * Each case change the workspace refused to store (read again at the next sync) while
 * the others were applied: which case and why (and at which vendor, when every vendor was
 * synced), worded by the reader. Their number is the count of refused changes.
 */
refusals: Array<Msg>, 
/**
 * Why the sync (of the vendor named, when several were synced) failed, in English.
 */
error: string | null, 
/**
 * The same, worded by the reader.
 */
errorMsg?: Msg | null, };

export type ScorecardRowDto = { vendorId: number, vendorName: string, direction: string, cases: number, resolved: number, medianTurnaroundMinutes: number | null, p90TurnaroundMinutes: number | null, medianAcknowledgeMinutes: number | null, acknowledgeBreaches: number, resolveBreaches: number, acknowledgeTargetMinutes: number | null, resolveTargetMinutes: number | null, };
