//! Routing: ordered rules decide where a new ticket goes. The first enabled rule whose every
//! condition holds wins; its actions set the line, the queue, the assignee (a named engineer,
//! round-robin or the least loaded of a group), the priority, and tags. The decision names the
//! rule and says why it matched, so the card can show it.
//!
//! Rules are checked once ([`RuleDraft::check`]) and compiled ([`RuleSet::new`]: keywords
//! lower-cased, lists sorted) so that deciding is a scan with no allocation but the answer.

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
    pub message: String,
}

fn bad(field: &'static str, message: impl Into<String>) -> RuleError {
    RuleError {
        field,
        message: message.into(),
    }
}

impl RuleDraft {
    /// Trims and checks what was typed: a name, at least one action, no empty keyword or tag,
    /// a group for round-robin and least-loaded, one action of each kind but tags.
    pub fn check(mut self) -> Result<RuleDraft, RuleError> {
        self.name = self.name.trim().to_string();
        if self.name.is_empty() || self.name.chars().count() > 120 {
            return Err(bad("name", "give the rule a name of up to 120 characters"));
        }
        self.conditions.keywords = self
            .conditions
            .keywords
            .iter()
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .collect();
        if self
            .conditions
            .keywords
            .iter()
            .any(|k| k.chars().count() > 100)
        {
            return Err(bad("keywords", "a keyword is at most 100 characters"));
        }
        if self.actions.is_empty() {
            return Err(bad(
                "actions",
                "a rule does at least one thing: set the line, assign, ...",
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for a in &mut self.actions {
            let kind = match a {
                Action::SetLine(_) => "line",
                Action::SetQueue(q) => {
                    *q = q.trim().to_string();
                    if q.is_empty() || q.chars().count() > 60 {
                        return Err(bad("actions", "a queue name is 1 to 60 characters"));
                    }
                    "queue"
                }
                Action::Assign(Assignee::RoundRobin(g) | Assignee::LeastLoaded(g)) => {
                    g.sort_unstable();
                    g.dedup();
                    if g.is_empty() {
                        return Err(bad(
                            "actions",
                            "round-robin and least-loaded need a group of people",
                        ));
                    }
                    "assign"
                }
                Action::Assign(Assignee::Person(_)) => "assign",
                Action::SetPriority(_) => "priority",
                Action::EscalateToVendor(_) => "vendor",
                Action::AddTag(t) => {
                    *t = t.trim().to_lowercase();
                    if t.is_empty() || t.chars().count() > 40 {
                        return Err(bad("actions", "a tag is 1 to 40 characters"));
                    }
                    continue;
                }
            };
            if !seen.insert(kind) {
                return Err(bad("actions", format!("the rule sets the {kind} twice")));
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
    /// The conditions that held, in words ("direction is network", "subject or description
    /// mentions \"vpn\"", ...); "every ticket" when the rule has none.
    pub why: Vec<String>,
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
        }
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
    ) -> Option<Vec<String>> {
        let c = &rule.draft.conditions;
        let mut why = Vec::new();
        if !c.clients.is_empty() {
            if !c.clients.contains(&t.client_id) {
                return None;
            }
            why.push("the client is one of the rule's".to_string());
        }
        if !c.directions.is_empty() {
            if !c.directions.iter().any(|d| d == t.direction) {
                return None;
            }
            why.push(format!("direction is {}", t.direction));
        }
        if !c.priorities.is_empty() {
            if !c.priorities.contains(&t.priority) {
                return None;
            }
            why.push(format!(
                "priority is {}",
                t.priority.as_str().to_uppercase()
            ));
        }
        if !c.channels.is_empty() {
            if !c.channels.contains(&t.channel) {
                return None;
            }
            why.push(format!("came by {}", t.channel.as_str()));
        }
        if !keywords.is_empty() {
            let k = keywords.iter().position(|k| text.contains(k))?;
            why.push(format!(
                "subject or description mentions \"{}\"",
                rule.draft.conditions.keywords[k]
            ));
        }
        match c.hours {
            HoursCondition::Any => {}
            HoursCondition::Within => {
                if !self.hours.contains(t.at_ms) {
                    return None;
                }
                why.push("arrived within business hours".into());
            }
            HoursCondition::Outside => {
                if self.hours.contains(t.at_ms) {
                    return None;
                }
                why.push("arrived outside business hours".into());
            }
        }
        if why.is_empty() {
            why.push("the rule takes every ticket".into());
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

fn decide(rule: &Rule, why: Vec<String>, load: &impl Workload) -> Decision {
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
                // Fewest active tickets; a tie goes to the lower id, so it is stable.
                d.assignee = group
                    .iter()
                    .copied()
                    .min_by_key(|u| (load.active_tickets(*u), *u));
            }
        }
    }
    d
}

/// The person after `last` in the group (sorted by id), or the first.
pub fn next_in_turn(group: &[i64], last: Option<i64>) -> Option<i64> {
    let first = *group.first()?;
    Some(match last {
        Some(l) => group.iter().copied().find(|u| *u > l).unwrap_or(first),
        None => first,
    })
}

/// What a draft rule set would change against the current one for one ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DryRunRow {
    pub ticket_id: i64,
    pub current: Option<Decision>,
    pub draft: Option<Decision>,
    pub changed: bool,
}

/// Routes each ticket with both rule sets (neither changes anybody's turn: a dry run writes
/// nothing) and says which tickets would go elsewhere. Round-robin is compared by rule, not
/// by person, since the person depends on the turn at the time.
pub fn dry_run(
    current: &RuleSet,
    draft: &RuleSet,
    tickets: &[(i64, TicketFacts<'_>)],
    load: &impl Workload,
) -> Vec<DryRunRow> {
    tickets
        .iter()
        .map(|(id, t)| {
            let a = current.route(t, load);
            let b = draft.route(t, load);
            let changed = outcome(a.as_ref()) != outcome(b.as_ref());
            DryRunRow {
                ticket_id: *id,
                current: a,
                draft: b,
                changed,
            }
        })
        .collect()
}

type Outcome<'d> = Option<(
    Option<Line>,
    Option<&'d str>,
    Option<i64>,
    Option<Priority>,
    &'d [String],
)>;

fn outcome(d: Option<&Decision>) -> Outcome<'_> {
    d.map(|d| {
        (
            d.line,
            d.queue.as_deref(),
            d.assignee,
            d.priority,
            d.tags.as_slice(),
        )
    })
}

#[cfg(test)]
mod tests;
