//! The hours ledger: what a time entry bills, which support-hours package (and which
//! direction's budget in it) it draws from, when a package blocks more logging, what rolls over
//! into the next period, and what an account manager is warned about.
//!
//! Everything counts whole minutes (`i64`) and whole percents; nothing here rounds a float.
//!
//! Architecture Invariant: an entry's draws always add up to its billable minutes
//! (`covered + overage = billable`), a package under the block policy never goes below zero,
//! and a package's used minutes are the sum of its directions' used minutes. The store keeps the
//! draws this module returns; it never decides them itself.

pub mod hours;

use std::collections::BTreeMap;

use sb_i18n::{msg, Msg};
use serde::{Deserialize, Serialize};

use crate::calendar::Day;
use crate::ticket::Direction;

pub type Minutes = i64;

/// The longest single entry: a day.
pub const MAX_ENTRY_MINUTES: Minutes = 24 * 60;
/// The most hours a package holds, allows over its budget or rolls over: 100,000 hours (fifty
/// engineers' full years). More is a typing mistake, and every sum of a package's minutes
/// stays far from overflowing.
pub const MAX_PACKAGE_MINUTES: Minutes = 100_000 * 60;
/// The highest overage rate per hour, in the package's currency units: an overage's amount
/// (minutes times rate) stays far from overflowing.
pub const MAX_RATE_PER_HOUR: i64 = 10_000_000;
/// The work types every package knows, with their default multipliers in percent.
pub const DEFAULT_WORK_TYPES: [(&str, u32); 3] =
    [("remote", 100), ("on_site", 150), ("after_hours", 200)];
/// Default thresholds on hours used, in percent.
pub const DEFAULT_THRESHOLDS: [u32; 4] = [50, 75, 90, 100];

/// How a package's hours are budgeted: one pool, or minutes per direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "minutes")]
pub enum Budget {
    Shared(Minutes),
    PerDirection(BTreeMap<Direction, Minutes>),
}

impl Budget {
    pub fn total(&self) -> Minutes {
        match self {
            Budget::Shared(m) => *m,
            Budget::PerDirection(map) => map.values().fold(0, |a, m| a.saturating_add(*m)),
        }
    }

    /// The budget key an entry of this direction draws from: `None` for a shared pool, the
    /// direction when it has a budget of its own, or no key at all (the package does not
    /// cover that direction).
    pub fn key_for(&self, direction: &Direction) -> Option<Option<Direction>> {
        match self {
            Budget::Shared(_) => Some(None),
            Budget::PerDirection(map) => {
                map.contains_key(direction).then(|| Some(direction.clone()))
            }
        }
    }

    pub fn get(&self, key: &Option<Direction>) -> Minutes {
        match (self, key) {
            (Budget::Shared(m), None) => *m,
            (Budget::PerDirection(map), Some(d)) => map.get(d).copied().unwrap_or(0),
            _ => 0,
        }
    }

    /// Every budget key with its minutes.
    pub fn keys(&self) -> Vec<(Option<Direction>, Minutes)> {
        match self {
            Budget::Shared(m) => vec![(None, *m)],
            Budget::PerDirection(map) => map.iter().map(|(d, m)| (Some(d.clone()), *m)).collect(),
        }
    }
}

/// What happens once a package's hours are used up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum OveragePolicy {
    /// No more logging against it.
    Block,
    /// Up to this many minutes more, then block.
    AllowUpTo { minutes: Minutes },
    /// Any overage, billed at this rate (minor currency units per hour).
    Bill { rate_per_hour: i64 },
}

/// What unused hours do at the end of the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum RolloverPolicy {
    None,
    All,
    UpToMinutes { minutes: Minutes },
    UpToPercent { percent: u32 },
}

/// A package's contract terms: what an account manager fills in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    pub name: String,
    pub start: Day,
    /// The last day of the period, included.
    pub end: Day,
    pub budget: Budget,
    /// Lower draws first when several packages are active.
    pub stack_order: i32,
    /// Billable time is rounded up to this many minutes (1 = no rounding).
    pub rounding: Minutes,
    /// The least an entry bills.
    pub minimum: Minutes,
    /// Work type -> multiplier in percent (remote 100, on_site 150, after_hours 200).
    pub multipliers: BTreeMap<String, u32>,
    pub overage: OveragePolicy,
    pub rollover: RolloverPolicy,
    /// Rolled-over hours expire this many days into the next period (`None`: with it).
    pub rollover_expires_days: Option<i32>,
    /// Percents of hours used that warn (50, 75, 90, 100).
    pub thresholds: Vec<u32>,
    /// Warn when hours used run this many percentage points ahead of time elapsed.
    pub burn_margin: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TermsError {
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        /// What is wrong with it, worded by the reader (`Display` is English).
        message: Msg,
    },
}

impl TermsError {
    /// What is wrong, worded by its reader (without the field's name).
    pub fn msg(&self) -> Msg {
        match self {
            TermsError::Invalid { message, .. } => message.clone(),
        }
    }
}

fn invalid(field: &'static str, message: Msg) -> TermsError {
    TermsError::Invalid { field, message }
}

impl Terms {
    /// Checks what a person typed: a period that ends after it starts, budgets and rules in
    /// range. Thresholds come back sorted and without repeats.
    pub fn check(mut self) -> Result<Terms, TermsError> {
        self.name = self.name.trim().to_string();
        if self.name.is_empty() || self.name.chars().count() > 120 {
            return Err(invalid("name", msg!("terms-name", max = 120)));
        }
        if self.end < self.start {
            return Err(invalid(
                "end",
                msg!(
                    "terms-ends-before-start",
                    end = self.end.to_string(),
                    start = self.start.to_string()
                ),
            ));
        }
        match &self.budget {
            Budget::PerDirection(map) if map.is_empty() => {
                return Err(invalid("budget", msg!("terms-no-direction")))
            }
            budget => {
                let mut total: Minutes = 0;
                for (_, m) in budget.keys() {
                    if m < 0 {
                        return Err(invalid("budget", msg!("terms-hours-negative")));
                    }
                    total = total.saturating_add(m);
                }
                if total > MAX_PACKAGE_MINUTES {
                    return Err(invalid(
                        "budget",
                        msg!(
                            "terms-too-many-hours",
                            max_hours = MAX_PACKAGE_MINUTES / 60,
                            hours = hm(total)
                        ),
                    ));
                }
            }
        }
        if !(1..=240).contains(&self.rounding) {
            return Err(invalid("rounding", msg!("terms-rounding")));
        }
        if !(0..=MAX_ENTRY_MINUTES).contains(&self.minimum) {
            return Err(invalid("minimum", msg!("terms-minimum")));
        }
        if self.multipliers.is_empty() {
            return Err(invalid("multipliers", msg!("terms-no-work-type")));
        }
        for (kind, pct) in &self.multipliers {
            if kind.trim().is_empty() || !(1..=1000).contains(pct) {
                return Err(invalid("multipliers", msg!("terms-work-type", kind = kind)));
            }
        }
        let max_hours = MAX_PACKAGE_MINUTES / 60;
        match &self.overage {
            OveragePolicy::AllowUpTo { minutes } if *minutes < 0 => {
                return Err(invalid("overage", msg!("terms-overage-negative")))
            }
            OveragePolicy::AllowUpTo { minutes } if *minutes > MAX_PACKAGE_MINUTES => {
                return Err(invalid(
                    "overage",
                    msg!("terms-overage-too-large", max_hours = max_hours),
                ))
            }
            OveragePolicy::Bill { rate_per_hour } if *rate_per_hour < 0 => {
                return Err(invalid("overage", msg!("terms-rate-negative")))
            }
            OveragePolicy::Bill { rate_per_hour } if *rate_per_hour > MAX_RATE_PER_HOUR => {
                return Err(invalid(
                    "overage",
                    msg!(
                        "terms-rate-too-large",
                        max = MAX_RATE_PER_HOUR,
                        rate = *rate_per_hour
                    ),
                ))
            }
            _ => {}
        }
        match &self.rollover {
            RolloverPolicy::UpToMinutes { minutes } if *minutes < 0 => {
                return Err(invalid("rollover", msg!("terms-rollover-negative")))
            }
            RolloverPolicy::UpToMinutes { minutes } if *minutes > MAX_PACKAGE_MINUTES => {
                return Err(invalid(
                    "rollover",
                    msg!("terms-rollover-too-large", max_hours = max_hours),
                ))
            }
            RolloverPolicy::UpToPercent { percent } if *percent > 100 => {
                return Err(invalid("rollover", msg!("terms-rollover-percent")))
            }
            _ => {}
        }
        if matches!(self.rollover_expires_days, Some(d) if d < 1) {
            return Err(invalid(
                "rolloverExpiresDays",
                msg!("terms-rollover-expires"),
            ));
        }
        self.thresholds.sort_unstable();
        self.thresholds.dedup();
        if self.thresholds.iter().any(|t| !(1..=200).contains(t)) {
            return Err(invalid("thresholds", msg!("terms-thresholds")));
        }
        if self.burn_margin > 100 {
            return Err(invalid("burnMargin", msg!("terms-burn-margin")));
        }
        Ok(self)
    }

    pub fn is_active_on(&self, day: Day) -> bool {
        self.start <= day && day <= self.end
    }

    /// What `actual` minutes of `work_type` bill under these terms: rounded up to the unit, at
    /// least the minimum, times the work type's multiplier (rounded up to a whole minute).
    pub fn billable(&self, actual: Minutes, work_type: &str) -> Result<Minutes, LedgerError> {
        check_actual(actual)?;
        let pct = *self
            .multipliers
            .get(work_type)
            .ok_or_else(|| LedgerError::UnknownWorkType {
                work_type: work_type.to_string(),
                package: self.name.clone(),
                known: self.multipliers.keys().cloned().collect(),
            })?;
        Ok(bill(actual, self.rounding, self.minimum, pct))
    }

    /// The terms of the next period: the same contract, its period moved on (by whole months
    /// when the period is whole months, else by its length in days).
    pub fn renewed(&self) -> Terms {
        let next_start = self.end.plus_days(1);
        let months = (1..=36).find(|k| self.start.plus_months(*k) == next_start);
        let next_end = match months {
            Some(k) => next_start.plus_months(k).plus_days(-1),
            None => next_start.plus_days(self.start.days_until(self.end)),
        };
        Terms {
            start: next_start,
            end: next_end,
            ..self.clone()
        }
    }
}

/// Why a package cannot be created, renewed or edited as asked: each would give the client
/// hours they did not buy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackageError {
    #[error("{}", self.msg())]
    AlreadyRenewed {
        package: String,
        successor_id: i64,
        successor: String,
        start: Day,
        end: Day,
    },
    #[error("{}", self.msg())]
    Duplicate {
        other_id: i64,
        other: String,
        start: Day,
        end: Day,
    },
    #[error("{}", self.msg())]
    SameStackOrder {
        other_id: i64,
        other: String,
        start: Day,
        end: Day,
        /// The budget both cover: a direction, or `None` when one of them is a shared pool.
        key: Option<Direction>,
        stack_order: i32,
    },
    #[error("{}", self.msg())]
    BelowUsed {
        key: Option<Direction>,
        used: Minutes,
        asked: Minutes,
    },
    #[error("{}", self.msg())]
    BudgetReshaped { used: Minutes, per_direction: bool },
}

/// A new package (or new terms of package `id`) beside the client's other packages: not the
/// very same package twice (same period and hours), and not overlapping another with the same
/// stacking order on a budget both cover (which one draws first would be left to chance).
/// Closed packages take no time and are not in the way.
pub fn check_beside_others(
    terms: &Terms,
    id: Option<i64>,
    others: &[PackageLedger],
) -> Result<(), PackageError> {
    let others = || others.iter().filter(move |o| !o.closed && Some(o.id) != id);
    if let Some(o) = others().find(|o| {
        (o.terms.start, o.terms.end, &o.terms.budget) == (terms.start, terms.end, &terms.budget)
    }) {
        return Err(PackageError::Duplicate {
            other_id: o.id,
            other: o.terms.name.clone(),
            start: o.terms.start,
            end: o.terms.end,
        });
    }
    for o in others() {
        let overlap = o.terms.start <= terms.end && terms.start <= o.terms.end;
        if !overlap || o.terms.stack_order != terms.stack_order {
            continue;
        }
        let shared = match (&o.terms.budget, &terms.budget) {
            (Budget::PerDirection(a), Budget::PerDirection(b)) => a
                .keys()
                .find(|d| b.contains_key(*d))
                .map(|d| Some(d.clone())),
            _ => Some(None),
        };
        if let Some(key) = shared {
            return Err(PackageError::SameStackOrder {
                other_id: o.id,
                other: o.terms.name.clone(),
                start: o.terms.start,
                end: o.terms.end,
                key,
                stack_order: terms.stack_order,
            });
        }
    }
    Ok(())
}

/// A package's next period is made once: refused when one exists among `all`.
pub fn check_renewal(package: &PackageLedger, all: &[PackageLedger]) -> Result<(), PackageError> {
    match all.iter().find(|p| p.renewed_from == Some(package.id)) {
        Some(next) => Err(PackageError::AlreadyRenewed {
            package: package.terms.name.clone(),
            successor_id: next.id,
            successor: next.terms.name.clone(),
            start: next.terms.start,
            end: next.terms.end,
        }),
        None => Ok(()),
    }
}

/// New terms for a package with time on it: no budget below what it already covered, and the
/// same shape of budget (a split package stays split, a pool stays a pool) once anything is
/// used, so that used time keeps its place.
pub fn check_edit(package: &PackageLedger, new: &Terms) -> Result<(), PackageError> {
    let spent: Minutes = package.spent_total();
    let was_split = matches!(package.terms.budget, Budget::PerDirection(_));
    let is_split = matches!(new.budget, Budget::PerDirection(_));
    if spent > 0 && was_split != is_split {
        return Err(PackageError::BudgetReshaped {
            used: spent,
            per_direction: was_split,
        });
    }
    for (key, b) in &package.used {
        if b.used_base > new.budget.get(key) {
            return Err(PackageError::BelowUsed {
                key: key.clone(),
                used: b.used_base,
                asked: new.budget.get(key),
            });
        }
    }
    Ok(())
}

/// Defaults for a new package's rules.
pub fn default_multipliers() -> BTreeMap<String, u32> {
    DEFAULT_WORK_TYPES
        .iter()
        .map(|(k, p)| (k.to_string(), *p))
        .collect()
}

fn check_actual(actual: Minutes) -> Result<(), LedgerError> {
    if !(1..=MAX_ENTRY_MINUTES).contains(&actual) {
        return Err(LedgerError::BadDuration { minutes: actual });
    }
    Ok(())
}

/// Rounding, minimum and multiplier, in that order.
fn bill(actual: Minutes, rounding: Minutes, minimum: Minutes, pct: u32) -> Minutes {
    let unit = rounding.max(1);
    let rounded = ((actual + unit - 1) / unit * unit).max(minimum);
    (rounded * i64::from(pct) + 99) / 100
}

/// Where a package's budget for one key (a direction, or the shared pool) stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balance {
    /// Minutes drawn from the period's own hours.
    pub used_base: Minutes,
    /// Minutes drawn from hours rolled over from the previous period.
    pub used_rolled: Minutes,
    /// Minutes logged beyond the hours (overage) on this key.
    #[serde(default)]
    pub used_overage: Minutes,
}

/// A package as the ledger sees it when it allocates: terms, rolled-in hours, what is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageLedger {
    pub id: i64,
    pub terms: Terms,
    pub closed: bool,
    /// Hours rolled over into this period, by the same keys as the budget.
    pub rolled: Option<Budget>,
    /// The last day rolled hours can be used.
    pub rolled_until: Option<Day>,
    pub used: BTreeMap<Option<Direction>, Balance>,
    /// Overage minutes logged against it so far.
    pub overage_used: Minutes,
    /// The package this one is the next period of.
    pub renewed_from: Option<i64>,
}

impl PackageLedger {
    pub fn new(id: i64, terms: Terms) -> PackageLedger {
        PackageLedger {
            id,
            terms,
            closed: false,
            rolled: None,
            rolled_until: None,
            used: BTreeMap::new(),
            overage_used: 0,
            renewed_from: None,
        }
    }

    fn balance(&self, key: &Option<Direction>) -> Balance {
        self.used.get(key).cloned().unwrap_or_default()
    }

    /// Rolled minutes of this key still usable on `day`.
    pub fn rolled_left(&self, key: &Option<Direction>, day: Day) -> Minutes {
        let Some(rolled) = &self.rolled else {
            return 0;
        };
        if self.rolled_until.is_some_and(|until| day > until) {
            return 0;
        }
        (rolled.get(key) - self.balance(key).used_rolled).max(0)
    }

    pub fn base_left(&self, key: &Option<Direction>) -> Minutes {
        (self.terms.budget.get(key) - self.balance(key).used_base).max(0)
    }

    /// All the minutes this package holds: its own and what rolled in.
    pub fn total(&self) -> Minutes {
        self.terms.budget.total() + self.rolled.as_ref().map_or(0, Budget::total)
    }

    /// Covered minutes used, all keys.
    pub fn used_total(&self) -> Minutes {
        self.used
            .values()
            .map(|b| b.used_base + b.used_rolled)
            .sum()
    }

    /// Covered and overage minutes used, all keys: what "used %" and the thresholds count.
    pub fn spent_total(&self) -> Minutes {
        self.used_total() + self.overage_used
    }

    /// The minutes one key holds: its own budget and what rolled in for it.
    pub fn key_total(&self, key: &Option<Direction>) -> Minutes {
        self.terms.budget.get(key) + self.rolled.as_ref().map_or(0, |r| r.get(key))
    }

    /// Covered and overage minutes used on one key.
    pub fn key_spent(&self, key: &Option<Direction>) -> Minutes {
        let b = self.balance(key);
        b.used_base + b.used_rolled + b.used_overage
    }

    /// Minutes left on one key on `day`.
    pub fn key_left(&self, key: &Option<Direction>, day: Day) -> Minutes {
        self.base_left(key) + self.rolled_left(key, day)
    }

    /// Checks the ledger's invariants on this package: nothing used below zero, nothing
    /// covered beyond the hours, a block package without overage, an allowance respected, and
    /// the package's overage the sum of its keys'.
    pub fn check_invariants(&self) -> Result<(), String> {
        for (key, b) in &self.used {
            let name = key.as_ref().map_or("shared pool", |d| d.as_str());
            if b.used_base < 0 || b.used_rolled < 0 || b.used_overage < 0 {
                return Err(format!(
                    "package {}: {name} used below zero: {b:?}",
                    self.id
                ));
            }
            if b.used_base > self.terms.budget.get(key) {
                return Err(format!(
                    "package {}: {name} covers {} of {} minutes",
                    self.id,
                    b.used_base,
                    self.terms.budget.get(key)
                ));
            }
            let rolled = self.rolled.as_ref().map_or(0, |r| r.get(key));
            if b.used_rolled > rolled {
                return Err(format!(
                    "package {}: {name} used {} rolled minutes of {rolled}",
                    self.id, b.used_rolled
                ));
            }
        }
        let by_key: Minutes = self.used.values().map(|b| b.used_overage).sum();
        if by_key != self.overage_used || self.overage_used < 0 {
            return Err(format!(
                "package {}: overage {} but {by_key} by key",
                self.id, self.overage_used
            ));
        }
        Ok(())
    }

    /// Minutes left on `day`, all keys (rolled minutes past their expiry count as gone).
    pub fn left_total(&self, day: Day) -> Minutes {
        self.terms
            .budget
            .keys()
            .iter()
            .map(|(k, _)| self.base_left(k) + self.rolled_left(k, day))
            .sum()
    }

    /// Adds drawn minutes to the balances (negative minutes give them back).
    pub fn apply(&mut self, draws: &[Draw]) {
        for d in draws.iter().filter(|d| d.package_id == Some(self.id)) {
            match d.kind {
                DrawKind::Base => {
                    self.used.entry(d.key.clone()).or_default().used_base += d.minutes
                }
                DrawKind::Rolled => {
                    self.used.entry(d.key.clone()).or_default().used_rolled += d.minutes
                }
                DrawKind::Overage => {
                    self.overage_used += d.minutes;
                    self.used.entry(d.key.clone()).or_default().used_overage += d.minutes
                }
            }
        }
    }
}

/// Which part of a package a draw takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DrawKind {
    /// Hours rolled over from the previous period (used first: they expire sooner).
    Rolled,
    /// The period's own hours.
    Base,
    /// Beyond the package's hours.
    Overage,
}

/// Minutes of one entry taken from one package and key. `package_id` is `None` for minutes no
/// package covers (the client has no package for that day and direction).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draw {
    pub package_id: Option<i64>,
    /// The direction's budget, or `None` for a shared pool.
    pub key: Option<Direction>,
    pub kind: DrawKind,
    pub minutes: Minutes,
    /// Overage billed at this rate per hour.
    pub rate_per_hour: Option<i64>,
}

impl Draw {
    pub fn is_covered(&self) -> bool {
        self.package_id.is_some() && self.kind != DrawKind::Overage
    }
}

/// A time entry as it is about to be logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryDraft {
    pub work_date: Day,
    /// The ticket's direction.
    pub direction: Direction,
    pub actual: Minutes,
    pub work_type: String,
    pub billable: bool,
}

/// What the person logging should know before they confirm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Warning {
    /// No package of the client covers this day and direction.
    NoPackage,
    /// The client's package for this direction ended before that day.
    Expired {
        package_id: i64,
        name: String,
        end: Day,
    },
    /// The client's package for this direction starts after that day.
    NotStarted {
        package_id: i64,
        name: String,
        start: Day,
    },
    /// The client's package for this direction covers the day but is closed.
    Closed { package_id: i64, name: String },
    /// This entry takes the last of one budget of a package (a direction's, or the shared
    /// pool); `package_left` is what the package still holds in its other budgets.
    Exhausts {
        package_id: i64,
        name: String,
        key: Option<Direction>,
        package_left: Minutes,
    },
    /// Part of this entry is beyond the package's hours.
    Overage {
        package_id: i64,
        name: String,
        minutes: Minutes,
    },
}

/// Where an entry's minutes go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    pub actual: Minutes,
    pub billable: Minutes,
    pub draws: Vec<Draw>,
    pub warnings: Vec<Warning>,
}

impl Allocation {
    pub fn covered(&self) -> Minutes {
        self.draws
            .iter()
            .filter(|d| d.is_covered())
            .map(|d| d.minutes)
            .sum()
    }

    pub fn overage(&self) -> Minutes {
        self.draws
            .iter()
            .filter(|d| !d.is_covered())
            .map(|d| d.minutes)
            .sum()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    #[error("{}", self.msg())]
    BadDuration { minutes: Minutes },
    #[error("{}", self.msg())]
    UnknownWorkType {
        work_type: String,
        package: String,
        known: Vec<String>,
    },
    #[error("{}", self.msg())]
    Blocked {
        package_id: i64,
        package: String,
        /// The budget that ran out: a direction, or `None` for the shared pool.
        key: Option<Direction>,
        /// Minutes the budget (and any package stacked before it) still covers.
        left: Minutes,
        /// The entry's billable minutes.
        wanted: Minutes,
    },
    #[error("{}", self.msg())]
    TimerTooLong { minutes: Minutes },
    #[error("{}", self.msg())]
    OverageLimit {
        package_id: i64,
        package: String,
        key: Option<Direction>,
        allowed: Minutes,
        used: Minutes,
        wanted: Minutes,
    },
    #[error("{}", self.msg())]
    FutureDay { day: Day, today: Day },
    #[error("{}", self.msg())]
    CorrectionTooLarge {
        billable_left: Minutes,
        actual_left: Minutes,
        wanted: Minutes,
    },
}

impl PackageError {
    /// The refusal for people, worded by its reader (`Display` is the English).
    pub fn msg(&self) -> Msg {
        match self {
            PackageError::AlreadyRenewed {
                package,
                successor_id,
                successor,
                start,
                end,
            } => msg!(
                "package-already-renewed",
                package = package,
                successor_id = successor_id.to_string(),
                successor = successor,
                start = start.to_string(),
                end = end.to_string()
            ),
            PackageError::Duplicate {
                other_id,
                other,
                start,
                end,
            } => msg!(
                "package-duplicate",
                other_id = other_id.to_string(),
                other = other,
                start = start.to_string(),
                end = end.to_string()
            ),
            PackageError::SameStackOrder {
                other_id,
                other,
                start,
                end,
                key,
                stack_order,
            } => msg!(
                "package-same-stack-order",
                other_id = other_id.to_string(),
                other = other,
                start = start.to_string(),
                end = end.to_string(),
                budget = budget_msg(key),
                stack_order = *stack_order
            ),
            PackageError::BelowUsed { key, used, asked } => msg!(
                "package-below-used",
                budget = budget_msg(key),
                used = hm(*used),
                asked = hm(*asked)
            ),
            PackageError::BudgetReshaped {
                used,
                per_direction,
            } => msg!(
                "package-budget-reshaped",
                used = hm(*used),
                shape = if *per_direction {
                    "per_direction"
                } else {
                    "shared"
                }
            ),
        }
    }
}

impl LedgerError {
    /// The refusal for people, worded by its reader (`Display` is the English).
    pub fn msg(&self) -> Msg {
        match self {
            LedgerError::BadDuration { minutes } => {
                msg!("ledger-bad-duration", minutes = *minutes)
            }
            LedgerError::UnknownWorkType {
                work_type,
                package,
                known,
            } => msg!(
                "ledger-unknown-work-type",
                package = package,
                work_type = work_type,
                known = known.join(", ")
            ),
            LedgerError::Blocked {
                package,
                key,
                left,
                wanted,
                ..
            } => {
                let m = if *left > 0 {
                    msg!("ledger-blocked")
                } else {
                    msg!("ledger-blocked-empty")
                };
                m.with("budget", budget_msg(key))
                    .with("package", package)
                    .with("left", hm(*left))
                    .with("wanted", hm(*wanted))
            }
            LedgerError::TimerTooLong { minutes } => {
                msg!("ledger-timer-too-long", minutes = *minutes)
            }
            LedgerError::OverageLimit {
                package,
                key,
                allowed,
                used,
                wanted,
                ..
            } => msg!(
                "ledger-overage-limit",
                package = package,
                allowed = hm(*allowed),
                used = hm(*used),
                left = hm((*allowed - *used).max(0)),
                wanted = hm(*wanted),
                budget = budget_msg(key)
            ),
            LedgerError::FutureDay { day, today } => msg!(
                "ledger-future-day",
                day = day.to_string(),
                today = today.to_string()
            ),
            LedgerError::CorrectionTooLarge {
                billable_left,
                actual_left,
                ..
            } => msg!(
                "ledger-correction-too-large",
                billable_left = hm(*billable_left),
                actual_left = hm(*actual_left),
                max = hm((*billable_left).max(*actual_left))
            ),
        }
    }
}

/// Minutes as `h:mm`, as messages show them.
pub fn hm(minutes: Minutes) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.unsigned_abs();
    format!("{sign}{}:{:02}", m / 60, m % 60)
}

/// A budget key in English: "the network budget", "the shared pool".
pub fn budget_name(key: &Option<Direction>) -> String {
    budget_msg(key).english()
}

/// A budget key in words, worded by the reader: "the network budget", "the shared pool".
pub fn budget_msg(key: &Option<Direction>) -> Msg {
    match key {
        Some(d) => msg!(
            "budget-direction",
            direction = msg!("direction-name", direction = d.as_str())
        ),
        None => msg!("budget-shared"),
    }
}

/// Time is logged for work done: on `today` or before.
pub fn check_work_day(day: Day, today: Day) -> Result<(), LedgerError> {
    if day > today {
        return Err(LedgerError::FutureDay { day, today });
    }
    Ok(())
}

/// The packages that can take an entry of this direction on this day, in stacking order.
/// The packages time on `direction` worked on `work_date` draws from, in the order it draws:
/// open, covering the day, with a budget for the direction; by stacking order, then start.
pub fn stack<'a>(
    packages: &'a [PackageLedger],
    work_date: Day,
    direction: &Direction,
) -> Vec<&'a PackageLedger> {
    let mut active: Vec<&PackageLedger> = packages
        .iter()
        .filter(|p| {
            !p.closed
                && p.terms.is_active_on(work_date)
                && p.terms.budget.key_for(direction).is_some()
        })
        .collect();
    active.sort_by_key(|p| (p.terms.stack_order, p.terms.start, p.id));
    active
}

/// Decides where an entry's minutes go among the client's packages: the active ones (period
/// covers the work date, not closed, budget for the ticket's direction) in stacking order, each
/// first from its rolled-over hours, then its own; what no package covers is overage under the
/// last package's policy (or uncovered when there is no package at all).
///
/// The first package in the stack decides rounding, minimum and multipliers.
pub fn allocate(draft: &EntryDraft, packages: &[PackageLedger]) -> Result<Allocation, LedgerError> {
    check_actual(draft.actual)?;
    let stack = stack(packages, draft.work_date, &draft.direction);
    let mut warnings = Vec::new();
    let billable = match (draft.billable, stack.first()) {
        (false, _) => 0,
        (true, Some(first)) => first.terms.billable(draft.actual, &draft.work_type)?,
        (true, None) => bill(draft.actual, 1, 0, 100),
    };
    if stack.is_empty() {
        warnings.push(why_uncovered(packages, draft));
        let draws = if billable > 0 {
            vec![Draw {
                package_id: None,
                key: None,
                kind: DrawKind::Overage,
                minutes: billable,
                rate_per_hour: None,
            }]
        } else {
            Vec::new()
        };
        return Ok(Allocation {
            actual: draft.actual,
            billable,
            draws,
            warnings,
        });
    }

    let mut left = billable;
    let mut draws = Vec::new();
    for p in &stack {
        let key = p
            .terms
            .budget
            .key_for(&draft.direction)
            .expect("in the stack");
        for (kind, available) in [
            (DrawKind::Rolled, p.rolled_left(&key, draft.work_date)),
            (DrawKind::Base, p.base_left(&key)),
        ] {
            let take = available.min(left);
            if take > 0 {
                draws.push(Draw {
                    package_id: Some(p.id),
                    key: key.clone(),
                    kind,
                    minutes: take,
                    rate_per_hour: None,
                });
                left -= take;
            }
        }
        let had = p.rolled_left(&key, draft.work_date) + p.base_left(&key);
        let took: Minutes = draws
            .iter()
            .filter(|d| d.package_id == Some(p.id))
            .map(|d| d.minutes)
            .sum();
        if had > 0 && took == had {
            warnings.push(Warning::Exhausts {
                package_id: p.id,
                name: p.terms.name.clone(),
                key: key.clone(),
                package_left: p.left_total(draft.work_date) - took,
            });
        }
        if left == 0 {
            break;
        }
    }
    if left > 0 {
        let last = stack.last().expect("a non-empty stack");
        let key = last
            .terms
            .budget
            .key_for(&draft.direction)
            .expect("in the stack");
        let rate = match &last.terms.overage {
            OveragePolicy::Block => {
                return Err(LedgerError::Blocked {
                    package_id: last.id,
                    package: last.terms.name.clone(),
                    key,
                    left: billable - left,
                    wanted: billable,
                })
            }
            OveragePolicy::AllowUpTo { minutes } => {
                if last.overage_used + left > *minutes {
                    return Err(LedgerError::OverageLimit {
                        package_id: last.id,
                        package: last.terms.name.clone(),
                        key,
                        allowed: *minutes,
                        used: last.overage_used,
                        wanted: left,
                    });
                }
                None
            }
            OveragePolicy::Bill { rate_per_hour } => Some(*rate_per_hour),
        };
        draws.push(Draw {
            package_id: Some(last.id),
            key,
            kind: DrawKind::Overage,
            minutes: left,
            rate_per_hour: rate,
        });
        warnings.push(Warning::Overage {
            package_id: last.id,
            name: last.terms.name.clone(),
            minutes: left,
        });
    }
    Ok(Allocation {
        actual: draft.actual,
        billable,
        draws,
        warnings,
    })
}

/// Why no package covers an entry: the last package for its direction that ended before the
/// day, else the nearest one that starts after it, else a closed one.
fn why_uncovered(packages: &[PackageLedger], draft: &EntryDraft) -> Warning {
    let for_direction = || {
        packages
            .iter()
            .filter(|p| p.terms.budget.key_for(&draft.direction).is_some())
    };
    if let Some(p) = for_direction()
        .filter(|p| p.terms.end < draft.work_date)
        .max_by_key(|p| p.terms.end)
    {
        return Warning::Expired {
            package_id: p.id,
            name: p.terms.name.clone(),
            end: p.terms.end,
        };
    }
    if let Some(p) = for_direction()
        .filter(|p| !p.closed && p.terms.start > draft.work_date)
        .min_by_key(|p| p.terms.start)
    {
        return Warning::NotStarted {
            package_id: p.id,
            name: p.terms.name.clone(),
            start: p.terms.start,
        };
    }
    match for_direction().find(|p| p.closed) {
        Some(p) => Warning::Closed {
            package_id: p.id,
            name: p.terms.name.clone(),
        },
        None => Warning::NoPackage,
    }
}

/// The draws that give back `minutes` of an entry (a correcting adjustment): overage first,
/// then the period's own hours, then rolled hours, from the last draw back. Returns negative
/// draws; `minutes` larger than the entry's billable minutes gives back all of them.
pub fn give_back(original: &[Draw], minutes: Minutes) -> Vec<Draw> {
    let mut left = minutes.max(0);
    let mut order: Vec<&Draw> = original.iter().filter(|d| d.minutes > 0).collect();
    order.sort_by_key(|d| match d.kind {
        DrawKind::Overage => 0,
        DrawKind::Base => 1,
        DrawKind::Rolled => 2,
    });
    let mut back = Vec::new();
    for d in order {
        let take = d.minutes.min(left);
        if take > 0 {
            back.push(Draw {
                minutes: -take,
                ..d.clone()
            });
            left -= take;
        }
    }
    back
}

/// An entry as it stands after its corrections: the actual minutes and the draws, net.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryBalance {
    pub actual: Minutes,
    pub draws: Vec<Draw>,
}

impl EntryBalance {
    /// The entry and its corrections, each as `(actual minutes, draws)`: the draws summed per
    /// package, budget, kind and rate (first seen first), the ones that came to zero dropped.
    pub fn of<'a>(parts: impl IntoIterator<Item = (Minutes, &'a [Draw])>) -> EntryBalance {
        let mut actual = 0;
        let mut draws: Vec<Draw> = Vec::new();
        for (minutes, part) in parts {
            actual += minutes;
            for d in part {
                match draws.iter_mut().find(|n| {
                    (n.package_id, &n.key, n.kind, n.rate_per_hour)
                        == (d.package_id, &d.key, d.kind, d.rate_per_hour)
                }) {
                    Some(n) => n.minutes += d.minutes,
                    None => draws.push(d.clone()),
                }
            }
        }
        draws.retain(|d| d.minutes != 0);
        EntryBalance { actual, draws }
    }

    pub fn billable(&self) -> Minutes {
        self.draws.iter().map(|d| d.minutes).sum()
    }

    /// The entry's own invariants: nothing below zero, and every draw's minutes there.
    pub fn check_invariants(&self) -> Result<(), String> {
        if self.actual < 0 {
            return Err(format!("actual time below zero: {}", self.actual));
        }
        if let Some(d) = self.draws.iter().find(|d| d.minutes < 0) {
            return Err(format!("a draw below zero: {d:?}"));
        }
        Ok(())
    }
}

/// A correction that gives time back: both figures zero or negative, the draws adding up to
/// `billable`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub actual: Minutes,
    pub billable: Minutes,
    pub draws: Vec<Draw>,
}

/// Gives back `minutes` of an entry (as it stands after its earlier corrections): billable
/// time from the very budgets it drew from ([`give_back`]) and actual time, each down to zero
/// at most. Asking for more than is left of both is refused with what is left.
pub fn take_back(entry: &EntryBalance, minutes: Minutes) -> Result<Correction, LedgerError> {
    let billable_left = entry.billable().max(0);
    let actual_left = entry.actual.max(0);
    if minutes <= 0 || minutes > billable_left.max(actual_left) {
        return Err(LedgerError::CorrectionTooLarge {
            billable_left,
            actual_left,
            wanted: minutes,
        });
    }
    let draws = give_back(&entry.draws, minutes.min(billable_left));
    Ok(Correction {
        actual: -minutes.min(actual_left),
        billable: draws.iter().map(|d| d.minutes).sum(),
        draws,
    })
}

/// The thresholds (percent of the package's hours used) that `before -> after` crosses.
pub fn thresholds_crossed(
    thresholds: &[u32],
    total: Minutes,
    before: Minutes,
    after: Minutes,
) -> Vec<u32> {
    if total <= 0 {
        return if after > before && before <= 0 {
            thresholds.to_vec()
        } else {
            Vec::new()
        };
    }
    thresholds
        .iter()
        .copied()
        .filter(|t| {
            let at = total * i64::from(*t);
            before * 100 < at && after * 100 >= at
        })
        .collect()
}

/// What an allocation makes a package cross.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Crossing {
    /// This percent of its hours used.
    Used(u32),
    /// Hours running ahead of the calendar by more than the package's margin.
    Fast,
}

impl Crossing {
    /// How the store keeps a crossing: its percent, or 0 for running ahead of the calendar
    /// (no threshold is 0 %).
    pub fn stored(self) -> i64 {
        match self {
            Crossing::Used(t) => i64::from(t),
            Crossing::Fast => 0,
        }
    }

    /// The crossing the store keeps as `threshold` (see [`Crossing::stored`]).
    pub fn from_stored(threshold: i64) -> Crossing {
        match u32::try_from(threshold) {
            Ok(t) if t > 0 => Crossing::Used(t),
            _ => Crossing::Fast,
        }
    }
}

/// Which of the crossings waiting for a person they are told of: the thresholds one budget
/// crossed together are told once, as the highest (an entry that takes a package from 40 % to
/// 80 % says "75 % used", not also "50 % used"); running ahead of the calendar is told on its
/// own. `of` gives each notice's package, budget key (`""` for the whole package) and
/// crossing; the notices come back in order of package, budget and threshold.
pub fn told_together<T>(mut waiting: Vec<T>, of: impl Fn(&T) -> (i64, &str, Crossing)) -> Vec<T> {
    let order = |n: &T| {
        let (package, key, crossing) = of(n);
        (package, key.to_string(), crossing.stored())
    };
    waiting.sort_by_key(order);
    let mut told: Vec<T> = Vec::with_capacity(waiting.len());
    for n in waiting {
        let higher = told.last().is_some_and(|last| {
            let ((package, key, was), (p, k, now)) = (of(last), of(&n));
            (package, key) == (p, k) && was != Crossing::Fast && now != Crossing::Fast
        });
        match told.last_mut() {
            Some(last) if higher => *last = n,
            _ => told.push(n),
        }
    }
    told
}

/// The thresholds each package crosses with these draws, on its whole hours and, when it is
/// split per direction (two directions or more), on each direction's own budget (`Some`
/// direction); and whether the package now runs ahead of the calendar. Overage counts as used
/// here as in [`PackageLedger::spent_total`] (the "used %" shown), so 100% and beyond are
/// crossed by it too.
pub fn crossings(
    packages: &[PackageLedger],
    draws: &[Draw],
    day: Day,
) -> Vec<(i64, Option<Direction>, Crossing)> {
    let mut out = Vec::new();
    for p in packages {
        let mine: Vec<&Draw> = draws
            .iter()
            .filter(|d| d.package_id == Some(p.id))
            .collect();
        let added: Minutes = mine.iter().map(|d| d.minutes).sum();
        if added == 0 {
            continue;
        }
        let before = p.spent_total();
        let after = before + added;
        for t in thresholds_crossed(&p.terms.thresholds, p.total(), before, after) {
            out.push((p.id, None, Crossing::Used(t)));
        }
        if let Budget::PerDirection(map) = &p.terms.budget {
            if map.len() > 1 {
                for direction in map.keys() {
                    let key = Some(direction.clone());
                    let added: Minutes = mine
                        .iter()
                        .filter(|d| d.key == key)
                        .map(|d| d.minutes)
                        .sum();
                    if added == 0 {
                        continue;
                    }
                    let before = p.key_spent(&key);
                    for t in thresholds_crossed(
                        &p.terms.thresholds,
                        p.key_total(&key),
                        before,
                        before + added,
                    ) {
                        out.push((p.id, key.clone(), Crossing::Used(t)));
                    }
                }
            }
        }
        if burn(&p.terms, p.total(), after, day).too_fast {
            out.push((p.id, None, Crossing::Fast));
        }
    }
    out
}

/// The minutes a timer measured from `started_ms` to `now_ms`, rounded up to a whole minute;
/// a timer left running for more than a day is refused.
pub fn timer_minutes(started_ms: i64, now_ms: i64) -> Result<Minutes, LedgerError> {
    let minutes = ((now_ms - started_ms).max(1) + 59_999) / 60_000;
    if minutes > MAX_ENTRY_MINUTES {
        return Err(LedgerError::TimerTooLong { minutes });
    }
    Ok(minutes)
}

/// Hours used against time elapsed on `today`, in whole percents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Burn {
    pub used_percent: u32,
    pub elapsed_percent: u32,
    /// Hours are going faster than the calendar by more than the package's margin.
    pub too_fast: bool,
}

pub fn burn(terms: &Terms, total: Minutes, used: Minutes, today: Day) -> Burn {
    let days = i64::from(terms.start.days_until(terms.end) + 1);
    let gone = i64::from(terms.start.days_until(today) + 1).clamp(0, days);
    let elapsed = (gone * 100 / days) as u32;
    let used_percent = if total > 0 {
        (used.max(0) * 100 / total).min(999) as u32
    } else if used > 0 {
        100
    } else {
        0
    };
    Burn {
        used_percent,
        elapsed_percent: elapsed,
        too_fast: used_percent >= elapsed + terms.burn_margin && used > 0,
    }
}

/// The day a package whose period ends on `end` runs out at the rate of the last 30 days
/// (`used_last_30` minutes): `None` when nothing was used lately or when the hours last the
/// period (the day would fall after `end`); today when nothing is left.
pub fn runs_out_on(today: Day, end: Day, left: Minutes, used_last_30: Minutes) -> Option<Day> {
    if left <= 0 {
        return Some(today);
    }
    if used_last_30 <= 0 {
        return None;
    }
    // left / (used / 30) days, rounded up.
    let days = (left * 30 + used_last_30 - 1) / used_last_30;
    let day = today.plus_days(i32::try_from(days).unwrap_or(i32::MAX / 2));
    (day <= end).then_some(day)
}

/// One day of a burn-down chart: minutes left at the day's end, and the ideal line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BurnPoint {
    pub day: Day,
    /// `None` for days after `today` (not happened yet).
    pub left: Option<Minutes>,
    pub ideal: Minutes,
}

/// The burn-down series over the period: `daily` holds the minutes used per day (any order,
/// days outside the period count on its first or last day).
pub fn burn_down(
    terms: &Terms,
    total: Minutes,
    daily: &[(Day, Minutes)],
    today: Day,
) -> Vec<BurnPoint> {
    let days = terms.start.days_until(terms.end) + 1;
    let mut per_day = vec![0; usize::try_from(days).unwrap_or(0)];
    for (day, minutes) in daily {
        let i = terms.start.days_until(*day).clamp(0, days - 1);
        per_day[i as usize] += minutes;
    }
    let mut left = total;
    per_day
        .iter()
        .enumerate()
        .map(|(i, used)| {
            let day = terms.start.plus_days(i as i32);
            left -= used;
            let ideal = total - total * (i as i64 + 1) / i64::from(days);
            BurnPoint {
                day,
                left: (day <= today).then_some(left),
                ideal,
            }
        })
        .collect()
}

/// The hours that roll over from a package at the end of its period: per budget key, what is
/// left of its own hours (rolled-in hours never roll twice), capped by the policy. A cap in
/// minutes or percent applies to the whole package and is shared out in key order.
pub fn rollover(package: &PackageLedger) -> Option<Budget> {
    let unused: Vec<(Option<Direction>, Minutes)> = package
        .terms
        .budget
        .keys()
        .into_iter()
        .map(|(k, _)| {
            let left = package.base_left(&k);
            (k, left)
        })
        .collect();
    let total_unused: Minutes = unused.iter().map(|(_, m)| m).sum();
    let cap = match &package.terms.rollover {
        RolloverPolicy::None => return None,
        RolloverPolicy::All => total_unused,
        RolloverPolicy::UpToMinutes { minutes } => (*minutes).min(total_unused),
        RolloverPolicy::UpToPercent { percent } => {
            (package.terms.budget.total() * i64::from(*percent) / 100).min(total_unused)
        }
    };
    if cap <= 0 {
        return None;
    }
    let mut room = cap;
    let mut take = |m: Minutes| {
        let t = m.min(room);
        room -= t;
        t
    };
    Some(match &package.terms.budget {
        Budget::Shared(_) => Budget::Shared(take(total_unused)),
        Budget::PerDirection(_) => Budget::PerDirection(
            unused
                .into_iter()
                .filter_map(|(k, m)| k.map(|d| (d, take(m))))
                .collect(),
        ),
    })
}

/// The next period of a package: renewed terms, the rolled-over hours and their last day.
pub fn renew(package: &PackageLedger) -> (Terms, Option<Budget>, Option<Day>) {
    let terms = package.terms.renewed();
    let rolled = rollover(package);
    let until = rolled.as_ref().map(|_| match terms.rollover_expires_days {
        Some(days) => terms.start.plus_days(days - 1).min(terms.end),
        None => terms.end,
    });
    (terms, rolled, until)
}

/// A time entry's life: logged as a draft, approved by an account manager or admin, then
/// invoiced. Only a draft is edited or deleted; the others are corrected by an adjustment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum EntryState {
    Draft,
    Approved,
    Invoiced,
}

impl EntryState {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryState::Draft => "draft",
            EntryState::Approved => "approved",
            EntryState::Invoiced => "invoiced",
        }
    }

    pub fn parse(s: &str) -> Option<EntryState> {
        match s {
            "draft" => Some(EntryState::Draft),
            "approved" => Some(EntryState::Approved),
            "invoiced" => Some(EntryState::Invoiced),
            _ => None,
        }
    }

    /// The next state, if this one may move to `to`.
    pub fn can_move_to(self, to: EntryState) -> bool {
        matches!(
            (self, to),
            (EntryState::Draft, EntryState::Approved)
                | (EntryState::Approved, EntryState::Invoiced)
        )
    }

    pub fn editable(self) -> bool {
        self == EntryState::Draft
    }
}

#[cfg(test)]
mod tests;
