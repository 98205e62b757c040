//! API Boundary: the hours ledger's transport types: packages and their terms, time entries,
//! the card's time panel, the client dashboard and the portfolio. Minutes are whole numbers
//! and days are `YYYY-MM-DD` strings; the window shows hours.

use sb_i18n::Msg;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Minutes of one direction's budget (`direction` empty for a shared pool).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DirectionMinutes {
    pub direction: String,
    pub minutes: i64,
}

/// A work type and its multiplier in percent (remote 100, on_site 150, after_hours 200).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkTypeRate {
    pub work_type: String,
    pub percent: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OverageKind {
    Block,
    AllowUpTo,
    Bill,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RolloverKind {
    None,
    All,
    UpToMinutes,
    UpToPercent,
}

/// A package's terms as the form edits them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PackageInput {
    pub client_id: i64,
    pub name: String,
    /// `YYYY-MM-DD`, both days included.
    pub start: String,
    pub end: String,
    /// `Some` for one shared pool; else `directions` splits the hours.
    pub shared_minutes: Option<i64>,
    pub directions: Vec<DirectionMinutes>,
    pub stack_order: i64,
    pub rounding: i64,
    pub minimum: i64,
    pub work_types: Vec<WorkTypeRate>,
    pub overage: OverageKind,
    /// Minutes allowed beyond the hours (`allow_up_to`).
    pub overage_minutes: Option<i64>,
    /// Minor currency units per hour (`bill`).
    pub overage_rate: Option<i64>,
    pub rollover: RolloverKind,
    /// Minutes or percent, for the `up_to_*` rollovers.
    pub rollover_limit: Option<i64>,
    pub rollover_expires_days: Option<i32>,
    pub thresholds: Vec<u32>,
    pub burn_margin: u32,
}

/// One budget key of a package: its hours, what rolled in, what is used and left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PackageBudgetDto {
    /// Empty for a shared pool.
    pub direction: String,
    pub budget_minutes: i64,
    pub rolled_minutes: i64,
    pub used_minutes: i64,
    pub left_minutes: i64,
    /// Overage logged on this budget.
    pub overage_minutes: i64,
    /// Used (overage included, as the thresholds count) of its hours and rolled-in hours.
    pub used_percent: u32,
    /// Thresholds crossed on this direction's own budget (a package split per direction).
    pub thresholds_crossed: Vec<u32>,
}

/// A threshold crossed on one direction's budget of a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BudgetThresholdDto {
    pub direction: String,
    pub threshold: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PackageDto {
    pub id: i64,
    pub client_id: i64,
    pub client_code: String,
    pub client_name: String,
    /// The terms, as the form shows them (for editing and renewing).
    pub terms: PackageInput,
    pub closed: bool,
    pub renewed_from_id: Option<i64>,
    pub rolled_until: Option<String>,
    pub budgets: Vec<PackageBudgetDto>,
    pub total_minutes: i64,
    pub used_minutes: i64,
    pub left_minutes: i64,
    pub overage_minutes: i64,
    pub used_percent: u32,
    pub elapsed_percent: u32,
    /// Hours are going faster than the calendar by more than the package's margin.
    pub burning_fast: bool,
    /// The day it runs out at the last 30 days' rate; `None` when nothing was used lately.
    pub runs_out_on: Option<String>,
    /// Covered minutes used in the last 30 days.
    pub used_last_30: i64,
    /// Thresholds (percent) crossed so far.
    pub thresholds_crossed: Vec<u32>,
    /// Active today (within its period and not closed).
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PackageChangeDto {
    pub actor_name: String,
    pub at: i64,
    /// created, edited, renewed, closed
    pub change: String,
    /// What changed, in English ("hours 60:00 -> 80:00; rounding 15/0 min -> 30/0 min").
    pub summary: String,
    /// What changed, as a message the window words in its language; `None` when nothing is
    /// known of it.
    #[ts(optional = nullable)]
    pub msg: Option<Msg>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BurnPointDto {
    pub day: String,
    pub left: Option<i64>,
    pub ideal: i64,
}

/// A package on the client dashboard: figures, the burn-down series, its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PackageDetailDto {
    pub package: PackageDto,
    pub burn_down: Vec<BurnPointDto>,
    pub history: Vec<PackageChangeDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientDashboardDto {
    pub client_id: i64,
    pub client_code: String,
    pub client_name: String,
    pub today: String,
    pub packages: Vec<PackageDetailDto>,
    /// Draft entries waiting for approval.
    pub drafts: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EntryStateDto {
    Draft,
    Approved,
    Invoiced,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DrawDto {
    pub package_id: Option<i64>,
    pub package_name: Option<String>,
    /// Empty for a shared pool.
    pub direction: String,
    /// rolled, base, overage
    pub kind: String,
    pub minutes: i64,
    pub rate_per_hour: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimeEntryDto {
    pub id: i64,
    pub ticket_id: i64,
    pub ticket_number: String,
    pub ticket_subject: String,
    /// The ticket's direction.
    pub direction: String,
    pub user_name: String,
    pub work_date: String,
    pub actual_minutes: i64,
    pub billable_minutes: i64,
    pub covered_minutes: i64,
    pub overage_minutes: i64,
    pub work_type: String,
    pub billable: bool,
    pub note: String,
    pub state: EntryStateDto,
    /// The entry this one corrects.
    pub adjusts_id: Option<i64>,
    /// The duplicate it was logged on, when it came over in a merge.
    pub moved_from: Option<String>,
    pub approved_by: Option<String>,
    pub draws: Vec<DrawDto>,
}

/// Time as the card logs it (by hand, or when a timer stops).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimeInput {
    pub ticket_id: i64,
    /// `YYYY-MM-DD`; the desk's today when absent.
    pub work_date: Option<String>,
    pub minutes: i64,
    pub work_type: String,
    pub billable: bool,
    pub note: String,
}

/// What the person logging should know before they confirm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LedgerWarningDto {
    pub kind: LedgerWarningKind,
    /// The warning in English (logs, older readers).
    pub message: String,
    /// The warning as a message, for readers that word it in their language (the window words
    /// it from the parameters below).
    pub msg: Msg,
    /// The package it is about.
    pub package_name: Option<String>,
    /// The budget it is about: a direction, or `None` for the shared pool or the package.
    pub direction: Option<String>,
    /// Minutes: beyond the package (`overage`), or left in its other budgets (`exhausts`).
    pub minutes: Option<i64>,
    /// The day a package ended (`expired`) or starts (`not_started`).
    pub day: Option<String>,
}

/// What a ledger warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LedgerWarningKind {
    /// No package of the client covers the ticket's direction.
    NoPackage,
    /// The package ended before the work day.
    Expired,
    /// The package starts after the work day.
    NotStarted,
    /// The package is closed.
    Closed,
    /// The entry takes the last of a budget.
    Exhausts,
    /// Part of the entry is beyond the package's hours.
    Overage,
}

/// Where an entry would go, before it is logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimePreviewDto {
    pub billable_minutes: i64,
    pub covered_minutes: i64,
    pub overage_minutes: i64,
    pub draws: Vec<DrawDto>,
    pub warnings: Vec<LedgerWarningDto>,
    /// Why it would be refused (the block policy), or `None`.
    pub refused: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimerDto {
    pub ticket_id: i64,
    pub started_at: i64,
}

/// The card's time panel: the entries, my timer, the packages an entry would draw from now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketTimeDto {
    /// The ticket's direction: the budget its time draws from.
    pub direction: String,
    pub entries: Vec<TimeEntryDto>,
    pub timer: Option<TimerDto>,
    /// Active packages for the ticket's direction today, in stacking order.
    pub packages: Vec<PackageDto>,
    pub work_types: Vec<String>,
    pub actual_minutes: i64,
    pub billable_minutes: i64,
    pub today: String,
    /// The person at this desk approves time (an account manager or admin).
    pub can_approve: bool,
}

/// A correction of an approved or invoiced entry: minutes to add (positive) or give back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AdjustInput {
    pub entry_id: i64,
    pub minutes: i64,
    pub note: String,
}

/// Entries to approve or invoice: these ids, or all of a client's in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntriesSelection {
    pub ids: Vec<i64>,
    pub client_id: Option<i64>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// One package in the account manager's portfolio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PortfolioRowDto {
    pub client_id: i64,
    pub client_code: String,
    pub client_name: String,
    pub package_id: i64,
    pub package_name: String,
    pub end: String,
    pub total_minutes: i64,
    pub used_minutes: i64,
    pub left_minutes: i64,
    pub used_percent: u32,
    pub elapsed_percent: u32,
    pub burning_fast: bool,
    pub runs_out_on: Option<String>,
    /// Days from today until it runs out (or its period ends, if sooner).
    pub days_left: Option<i64>,
    /// Thresholds crossed in the last 7 days on the package's whole hours.
    pub crossed_this_week: Vec<u32>,
    /// Thresholds crossed in the last 7 days on a direction's own budget.
    pub budgets_crossed_this_week: Vec<BudgetThresholdDto>,
}

/// A client without a package active today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UncoveredClientDto {
    pub client_id: i64,
    pub client_code: String,
    pub client_name: String,
    /// The day its last package ended, if it ever had one.
    pub last_end: Option<String>,
}

/// Every client: the active packages (crossed a threshold this week first, then by the days
/// until they run out), then the clients no package covers today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PortfolioDto {
    pub rows: Vec<PortfolioRowDto>,
    pub uncovered: Vec<UncoveredClientDto>,
}

/// A threshold crossed, told to the person signed in here: what the desktop notification says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ThresholdNotice {
    pub package_id: i64,
    pub client_id: i64,
    pub title: String,
    /// The notice in the desk's language (the desktop notification shows it).
    pub body: String,
    /// The notice as a message: the window words it in its own language.
    pub msg: Msg,
    pub package_name: String,
    /// The direction whose own budget crossed it; `None` for the whole package.
    pub direction: Option<String>,
    /// Percent of hours used; 0 = hours going faster than the calendar.
    pub threshold: u32,
    /// Minutes left of that budget (or of the package).
    pub left_minutes: i64,
    /// When the threshold was crossed (the notice written with it).
    pub crossed_at: i64,
    /// When one of the person's desks showed it; `None` while it waits.
    pub shown_at: Option<i64>,
}
