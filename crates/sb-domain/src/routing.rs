//! Routing: ordered rules decide where a new ticket goes. The first enabled rule whose every
//! condition holds wins; its actions set the line, the queue, the assignee (a named engineer,
//! round-robin or the least loaded of a group), the priority, and tags. The decision names the
//! rule and says why it matched, so the card can show it.
//!
//! Rules are checked once ([`RuleDraft::check`]) and compiled ([`RuleSet::new`]: keywords
//! lower-cased, lists sorted) so that deciding is a scan with no allocation but the answer.

use sb_i18n::{msg, Msg};
use serde::{Deserialize, Serialize};

use crate::ticket::{Channel, Line, Priority};

/// When a rule applies, as to the desk's working hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HoursCondition {
    #[default]
    Any,
    Within,
    Outside,
}

/// The desk's working hours: weekdays (1 = Monday .. 7 = Sunday), a daily window in minutes
/// from midnight, local time at `utc_offset_minutes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessHours {
    pub weekdays: Vec<u8>,
    pub start_minute: u16,
    pub end_minute: u16,
    pub utc_offset_minutes: i32,
}

impl Default for BusinessHours {
    /// Monday to Friday, 09:00 to 18:00 UTC.
    fn default() -> Self {
        BusinessHours {
            weekdays: vec![1, 2, 3, 4, 5],
            start_minute: 9 * 60,
            end_minute: 18 * 60,
            utc_offset_minutes: 0,
        }
    }
}

impl BusinessHours {
    pub fn contains(&self, at_ms: i64) -> bool {
        let local = at_ms + i64::from(self.utc_offset_minutes) * 60_000;
        let day = local.div_euclid(86_400_000);
        // 1970-01-01 was a Thursday (4).
        let weekday = ((day + 3).rem_euclid(7) + 1) as u8;
        let minute = (local.rem_euclid(86_400_000) / 60_000) as u16;
        self.weekdays.contains(&weekday) && minute >= self.start_minute && minute < self.end_minute
    }
}

/// What a rule looks at. An empty list means "any".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Conditions {
    pub clients: Vec<i64>,
    pub directions: Vec<String>,
    pub priorities: Vec<Priority>,
    pub channels: Vec<Channel>,
    /// Any of these words or phrases in the subject or the description (any letter case).
    pub keywords: Vec<String>,
    pub hours: HoursCondition,
}

/// Who gets the ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "users")]
pub enum Assignee {
    Person(i64),
    RoundRobin(Vec<i64>),
    LeastLoaded(Vec<i64>),
}

/// What a rule does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Action {
    SetLine(Line),
    SetQueue(String),
    Assign(Assignee),
    SetPriority(Priority),
    AddTag(String),
    /// Open a case at this vendor (by id) and follow it from the ticket.
    EscalateToVendor(i64),
}

/// A rule as a person writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleDraft {
    pub name: String,
    pub enabled: bool,
    pub conditions: Conditions,
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct RuleError {
    pub field: &'static str,
    /// What is wrong, worded by the reader (`Display` is English).
    pub message: Msg,
}

fn bad(field: &'static str, message: Msg) -> RuleError {
    RuleError { field, message }
}

impl RuleDraft {
    /// Trims and checks what was typed: a name, at least one action, no empty keyword or tag,
    /// a group for round-robin and least-loaded, one action of each kind but tags.
    pub fn check(mut self) -> Result<RuleDraft, RuleError> {
        self.name = self.name.trim().to_string();
        if self.name.is_empty() || self.name.chars().count() > 120 {
            return Err(bad("name", msg!("routing-rule-name", max = 120)));
        }
        for k in &mut self.conditions.keywords {
            *k = k.trim().to_string();
            // A blank keyword would be left out, and a rule about printers would take every
            // ticket: refused, never dropped.
            if k.is_empty() {
                return Err(bad("keywords", msg!("routing-keyword-empty")));
            }
            if k.chars().count() > 100 {
                return Err(bad("keywords", msg!("routing-keyword-too-long", max = 100)));
            }
        }
        if self.actions.is_empty() {
            return Err(bad("actions", msg!("routing-rule-no-action")));
        }
        let mut seen = std::collections::BTreeSet::new();
        for a in &mut self.actions {
            let kind = match a {
                Action::SetLine(_) => "line",
                Action::SetQueue(q) => {
                    *q = q.trim().to_string();
                    if q.is_empty() || q.chars().count() > 60 {
                        return Err(bad("actions", msg!("routing-queue-name", max = 60)));
                    }
                    "queue"
                }
                Action::Assign(Assignee::RoundRobin(g) | Assignee::LeastLoaded(g)) => {
                    // The order given is the order of the turn: only repeats go.
                    let mut seen = std::collections::HashSet::new();
                    g.retain(|u| seen.insert(*u));
                    if g.is_empty() {
                        return Err(bad("actions", msg!("routing-group-needed")));
                    }
                    "assign"
                }
                Action::Assign(Assignee::Person(_)) => "assign",
                Action::SetPriority(_) => "priority",
                Action::EscalateToVendor(_) => "vendor",
                Action::AddTag(t) => {
                    *t = t.trim().to_lowercase();
                    if t.is_empty() || t.chars().count() > 40 {
                        return Err(bad("actions", msg!("routing-tag-length", max = 40)));
                    }
                    continue;
                }
            };
            if !seen.insert(kind) {
                return Err(bad("actions", msg!("routing-action-twice", kind = kind)));
            }
        }
        Ok(self)
    }
}

/// A stored rule, in its place in the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub id: i64,
    pub draft: RuleDraft,
}

/// What routing looks at on a new ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketFacts<'a> {
    pub client_id: i64,
    pub direction: &'a str,
    pub priority: Priority,
    pub channel: Channel,
    pub subject: &'a str,
    pub description: &'a str,
    /// When it arrived (Unix ms).
    pub at_ms: i64,
}

/// Who is where for the assignment actions: each rule's round-robin turn (the last person it
/// gave a ticket to) and each person's count of active tickets.
pub trait Workload {
    fn last_given(&self, rule_id: i64) -> Option<i64>;
    fn active_tickets(&self, user_id: i64) -> i64;
}

/// The outcome of routing one ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub rule_id: i64,
    pub rule_name: String,
    /// The conditions that held, as messages ("direction is network", "subject or description
    /// mentions \"vpn\"", ...); "every ticket" when the rule has none.
    pub why: Vec<Msg>,
    pub line: Option<Line>,
    pub queue: Option<String>,
    pub assignee: Option<i64>,
    pub priority: Option<Priority>,
    pub tags: Vec<String>,
    /// The vendor to open a case at.
    pub vendor: Option<i64>,
}

/// Rules compiled for deciding: in order, keywords lower-cased.
#[derive(Debug, Clone)]
pub struct RuleSet {
    rules: Vec<(Rule, Vec<String>)>,
    hours: BusinessHours,
    /// The names of the clients rules ask about, for the reasons.
    clients: std::collections::HashMap<i64, String>,
}

impl RuleSet {
    pub fn new(rules: Vec<Rule>, hours: BusinessHours) -> RuleSet {
        RuleSet {
            rules: rules
                .into_iter()
                .filter(|r| r.draft.enabled)
                .map(|r| {
                    let kw = r
                        .draft
                        .conditions
                        .keywords
                        .iter()
                        .map(|k| k.to_lowercase())
                        .collect();
                    (r, kw)
                })
                .collect(),
            hours,
            clients: Default::default(),
        }
    }

    /// Names the clients in the reasons ("the client is Nord"); a client without a name here
    /// is named by its id.
    pub fn with_client_names(mut self, names: std::collections::HashMap<i64, String>) -> RuleSet {
        self.clients = names;
        self
    }

    /// The clients the rules ask about, for [`RuleSet::with_client_names`].
    pub fn client_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .rules
            .iter()
            .flat_map(|(r, _)| r.draft.conditions.clients.iter().copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The first enabled rule that matches, and what it does; `None` when none does.
    pub fn route(&self, t: &TicketFacts<'_>, load: &impl Workload) -> Option<Decision> {
        let text = Lowered::new(t.subject, t.description);
        for (rule, keywords) in &self.rules {
            if let Some(why) = self.matches(rule, keywords, t, &text) {
                return Some(decide(rule, why, load));
            }
        }
        None
    }

    fn matches(
        &self,
        rule: &Rule,
        keywords: &[String],
        t: &TicketFacts<'_>,
        text: &Lowered<'_>,
    ) -> Option<Vec<Msg>> {
        let c = &rule.draft.conditions;
        let mut why = Vec::new();
        if !c.clients.is_empty() {
            if !c.clients.contains(&t.client_id) {
                return None;
            }
            why.push(match self.clients.get(&t.client_id) {
                Some(name) => msg!("routing-why-client", client = name.as_str()),
                None => msg!("routing-why-client-id", id = t.client_id.to_string()),
            });
        }
        if !c.directions.is_empty() {
            if !c.directions.iter().any(|d| d == t.direction) {
                return None;
            }
            why.push(msg!("routing-why-direction", direction = t.direction));
        }
        if !c.priorities.is_empty() {
            if !c.priorities.contains(&t.priority) {
                return None;
            }
            why.push(msg!(
                "routing-why-priority",
                priority = t.priority.as_str().to_uppercase()
            ));
        }
        if !c.channels.is_empty() {
            if !c.channels.contains(&t.channel) {
                return None;
            }
            why.push(msg!("routing-why-channel", channel = t.channel.as_str()));
        }
        if !keywords.is_empty() {
            let k = keywords.iter().position(|k| text.contains(k))?;
            why.push(msg!(
                "routing-why-keyword",
                keyword = rule.draft.conditions.keywords[k].as_str()
            ));
        }
        match c.hours {
            HoursCondition::Any => {}
            HoursCondition::Within => {
                if !self.hours.contains(t.at_ms) {
                    return None;
                }
                why.push(msg!("routing-why-within-hours"));
            }
            HoursCondition::Outside => {
                if self.hours.contains(t.at_ms) {
                    return None;
                }
                why.push(msg!("routing-why-outside-hours"));
            }
        }
        if why.is_empty() {
            why.push(msg!("routing-why-every-ticket"));
        }
        Some(why)
    }
}

/// Subject and description, lower-cased once per ticket.
struct Lowered<'a> {
    subject: std::borrow::Cow<'a, str>,
    description: std::borrow::Cow<'a, str>,
}

impl<'a> Lowered<'a> {
    fn new(subject: &'a str, description: &'a str) -> Lowered<'a> {
        let low = |s: &'a str| {
            if s.chars().any(char::is_uppercase) {
                std::borrow::Cow::Owned(s.to_lowercase())
            } else {
                std::borrow::Cow::Borrowed(s)
            }
        };
        Lowered {
            subject: low(subject),
            description: low(description),
        }
    }

    fn contains(&self, needle: &str) -> bool {
        self.subject.contains(needle) || self.description.contains(needle)
    }
}

fn decide(rule: &Rule, why: Vec<Msg>, load: &impl Workload) -> Decision {
    let mut d = Decision {
        rule_id: rule.id,
        rule_name: rule.draft.name.clone(),
        why,
        line: None,
        queue: None,
        assignee: None,
        priority: None,
        tags: Vec::new(),
        vendor: None,
    };
    for a in &rule.draft.actions {
        match a {
            Action::SetLine(l) => d.line = Some(*l),
            Action::SetQueue(q) => d.queue = Some(q.clone()),
            Action::SetPriority(p) => d.priority = Some(*p),
            Action::AddTag(t) => d.tags.push(t.clone()),
            Action::EscalateToVendor(v) => d.vendor = Some(*v),
            Action::Assign(Assignee::Person(u)) => d.assignee = Some(*u),
            Action::Assign(Assignee::RoundRobin(group)) => {
                d.assignee = next_in_turn(group, load.last_given(rule.id));
            }
            Action::Assign(Assignee::LeastLoaded(group)) => {
                // Fewest active tickets; a tie goes to the one listed first, so it is stable.
                d.assignee = group
                    .iter()
                    .copied()
                    .min_by_key(|u| load.active_tickets(*u));
            }
        }
    }
    d
}

/// The person after `last` in the group, in the order the group was given (after the last
/// comes the first); the first when nobody had a turn yet or `last` left the group.
pub fn next_in_turn(group: &[i64], last: Option<i64>) -> Option<i64> {
    let first = *group.first()?;
    Some(
        match last.and_then(|l| group.iter().position(|u| *u == l)) {
            Some(i) => group.get(i + 1).copied().unwrap_or(first),
            None => first,
        },
    )
}

/// The person whose turn came just before `user`'s in the group: the turn a round-robin had
/// when it gave `user` a ticket.
fn turn_before(group: &[i64], user: i64) -> Option<i64> {
    let i = group.iter().position(|u| *u == user)?;
    Some(group[(i + group.len() - 1) % group.len()])
}

/// What a ticket really has now, for a dry run to compare a draft's decision with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Got {
    /// The rule that routed it last, if a rule did.
    pub rule_id: Option<i64>,
    pub line: Line,
    pub queue: Option<String>,
    pub assignee: Option<i64>,
    pub priority: Priority,
    pub tags: Vec<String>,
    /// The vendors it was escalated to.
    pub vendors: Vec<i64>,
}

/// What a draft rule set would do to one ticket, against what the ticket really got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DryRunRow {
    pub ticket_id: i64,
    pub draft: Option<Decision>,
    pub changed: bool,
}

/// Routes each ticket (oldest first) with the draft rule set and compares every action with
/// what the ticket really got: line, queue, assignee, priority, tags, vendor escalation, and
/// what the rule that routed it gave that the draft no longer gives. Writes nothing.
///
/// A draft rule that is a live rule (the same id, or the same content) carries that rule's
/// turn: for a ticket the live rule routed, the turn is the one it had then, so an unchanged
/// rule gives each ticket the very person it got; elsewhere the turn moves on ticket by
/// ticket from the live rule's turn now. A new rule's turn starts at its first person.
pub fn dry_run(
    live: &[Rule],
    draft: &RuleSet,
    tickets: &[(i64, TicketFacts<'_>, Got)],
    load: &impl Workload,
) -> Vec<DryRunRow> {
    // Draft rule id -> the live rule it is.
    let carries: std::collections::HashMap<i64, &Rule> = draft
        .rules
        .iter()
        .filter_map(|(d, _)| {
            live.iter()
                .find(|l| l.id == d.id)
                .or_else(|| live.iter().find(|l| l.draft == d.draft))
                .map(|l| (d.id, l))
        })
        .collect();
    let mut turns = DryTurns {
        turns: carries
            .iter()
            .filter_map(|(d, l)| Some((*d, load.last_given(l.id)?)))
            .collect(),
        load,
    };
    tickets
        .iter()
        .map(|(id, t, got)| {
            // Where the live rule that routed this ticket stood, for the draft rule that is it.
            let routed_by = got.rule_id.and_then(|r| live.iter().find(|l| l.id == r));
            for (d, l) in &carries {
                if Some(l.id) != got.rule_id {
                    continue;
                }
                if let (Some(Assignee::RoundRobin(group)), Some(user)) =
                    (assign_of(l), got.assignee)
                {
                    if let Some(before) = turn_before(group, user) {
                        turns.turns.insert(*d, before);
                    }
                }
            }
            let mut d = draft.route(t, &turns);
            if let Some(d) = d.as_mut() {
                let mine = draft
                    .rules
                    .iter()
                    .find(|(r, _)| r.id == d.rule_id)
                    .and_then(|(r, _)| assign_of(r));
                // The live rule's own assignment, unchanged, gave what it gave (the load
                // then, not now, chose the least loaded).
                let same = carries
                    .get(&d.rule_id)
                    .filter(|l| Some(l.id) == got.rule_id);
                if let (Some(l), Some(user), Some(a)) = (same, got.assignee, mine) {
                    if Some(a) == assign_of(l) && a.has(user) {
                        d.assignee = Some(user);
                    }
                }
                if let (Some(Assignee::RoundRobin(_)), Some(user)) = (mine, d.assignee) {
                    turns.turns.insert(d.rule_id, user);
                }
            }
            let changed = differs(got, routed_by, d.as_ref());
            DryRunRow {
                ticket_id: *id,
                draft: d,
                changed,
            }
        })
        .collect()
}

/// The turns of a dry run's draft rules: its own, moving as it goes; load as it is now.
struct DryTurns<'l, L> {
    turns: std::collections::HashMap<i64, i64>,
    load: &'l L,
}

impl<L: Workload> Workload for DryTurns<'_, L> {
    fn last_given(&self, rule_id: i64) -> Option<i64> {
        self.turns.get(&rule_id).copied()
    }
    fn active_tickets(&self, user_id: i64) -> i64 {
        self.load.active_tickets(user_id)
    }
}

fn assign_of(r: &Rule) -> Option<&Assignee> {
    r.draft.actions.iter().find_map(|a| match a {
        Action::Assign(x) => Some(x),
        _ => None,
    })
}

impl Assignee {
    /// Whether this assignment can give a ticket to `user`.
    pub fn has(&self, user: i64) -> bool {
        match self {
            Assignee::Person(u) => *u == user,
            Assignee::RoundRobin(g) | Assignee::LeastLoaded(g) => g.contains(&user),
        }
    }
}

/// Whether the draft's decision would leave the ticket otherwise than it is.
fn differs(got: &Got, routed_by: Option<&Rule>, d: Option<&Decision>) -> bool {
    let Some(d) = d else {
        // No draft rule takes it: changed if a rule took it.
        return got.rule_id.is_some();
    };
    let sets_otherwise = d.line.is_some_and(|l| l != got.line)
        || d.queue
            .as_ref()
            .is_some_and(|q| got.queue.as_ref() != Some(q))
        || d.assignee.is_some_and(|a| got.assignee != Some(a))
        || d.priority.is_some_and(|p| p != got.priority)
        || d.tags.iter().any(|t| !got.tags.contains(t))
        || d.vendor.is_some_and(|v| !got.vendors.contains(&v));
    // What the rule that routed it gave and the draft would not give at all.
    let leaves_out = routed_by.is_some_and(|r| {
        r.draft.actions.iter().any(|a| match a {
            Action::SetLine(_) => d.line.is_none(),
            Action::SetQueue(_) => d.queue.is_none(),
            Action::Assign(_) => d.assignee.is_none(),
            Action::SetPriority(_) => d.priority.is_none(),
            Action::AddTag(t) => !d.tags.contains(t),
            Action::EscalateToVendor(_) => d.vendor.is_none(),
        })
    });
    sets_otherwise || leaves_out
}

#[cfg(test)]
mod tests;
