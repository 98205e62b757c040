//! Routing's use cases: the ordered rules (edited by account managers and admins), the desk's
//! business hours, routing a ticket when it arrives (from the window, the CLI, email or
//! monitoring) and on demand, what routed a ticket (for the card), and the dry run of a draft
//! rule set against the newest tickets. The engine is `sb_domain::routing`.

use std::collections::HashMap;

use sb_domain::routing::{
    dry_run, Action, Assignee, BusinessHours, Conditions, Decision, Got, HoursCondition, Rule,
    RuleDraft, RuleError, RuleSet, TicketFacts, Workload,
};
use sb_domain::{Channel, Duty, Line, Priority, TicketNumber};
use sb_store::{NewTicket, RoutingWrite, Ticket, Writes};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use sb_i18n::{msg, Arg, Msg};

use crate::{now_ms, ApiError, ApiResult, App, ErrorCode};

/// How many of the newest tickets a dry run looks at, at most.
const DRY_RUN_MAX: i64 = 1000;

// --- transport types ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HoursConditionDto {
    Any,
    Within,
    Outside,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AssignKind {
    Nobody,
    Person,
    RoundRobin,
    LeastLoaded,
}

/// A rule as the editor shows it. Empty lists mean "any".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RuleInput {
    pub name: String,
    pub enabled: bool,
    pub client_ids: Vec<i64>,
    pub directions: Vec<String>,
    pub priorities: Vec<Priority>,
    pub channels: Vec<Channel>,
    pub keywords: Vec<String>,
    pub hours: HoursConditionDto,
    pub line: Option<Line>,
    pub queue: Option<String>,
    pub assign: AssignKind,
    /// The person (one id) or the group.
    pub assign_users: Vec<i64>,
    pub priority: Option<Priority>,
    pub tags: Vec<String>,
    /// Escalate to this vendor.
    pub vendor_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RuleDto {
    pub id: i64,
    pub position: i64,
    pub rule: RuleInput,
    /// "direction is network; mentions vpn -> L2, queue Network team" (English).
    pub summary: String,
    /// The same, worded by the reader.
    pub summary_msg: Msg,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BusinessHoursDto {
    /// 1 = Monday .. 7 = Sunday.
    pub weekdays: Vec<u8>,
    /// `HH:MM`.
    pub start: String,
    pub end: String,
    pub utc_offset_minutes: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RoutingDecisionDto {
    pub rule_id: Option<i64>,
    pub rule_name: String,
    /// The conditions that held, in English.
    pub why: Vec<String>,
    /// The same, worded by the reader.
    pub reasons: Vec<Msg>,
    /// What the rule did, in English.
    pub did: String,
    /// The same, worded by the reader.
    pub did_msg: Msg,
    pub actor_name: String,
    pub at: i64,
}

/// What routing gave a ticket: its queue, tags and the decision that did it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketRoutingDto {
    pub queue: Option<String>,
    pub tags: Vec<String>,
    pub decision: Option<RoutingDecisionDto>,
}

/// One rule of a draft set: a saved rule (its id), edited or not, or a new one (no id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DraftRuleInput {
    pub id: Option<i64>,
    pub rule: RuleInput,
}

/// A draft rule set (the whole list, in order) to try against the newest tickets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DryRunInput {
    pub rules: Vec<DraftRuleInput>,
    pub limit: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DryRunRowDto {
    pub ticket_id: i64,
    pub number: String,
    pub subject: String,
    /// What the ticket really has (line, queue, assignee, priority, tags, vendors), after
    /// the name of the rule that routed it ("VPN: line L2, ...", or "no rule: line L1, ...").
    pub current: String,
    /// The same, worded by the reader.
    pub current_msg: Msg,
    /// The draft's rule and what it would do, or `None` when no draft rule takes it.
    pub draft: Option<String>,
    /// The same, worded by the reader.
    pub draft_msg: Option<Msg>,
    pub changed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DryRunDto {
    pub rows: Vec<DryRunRowDto>,
    pub changed: i64,
}

impl From<RuleError> for ApiError {
    fn from(e: RuleError) -> ApiError {
        ApiError::invalid_said(e.field, e.message)
    }
}

/// Messages one after another, joined by the list message `id` ("a, b, c").
fn joined(id: &'static str, items: Vec<Arg>) -> Arg {
    let mut items = items.into_iter().rev();
    let Some(mut tail) = items.next() else {
        return Arg::Text(String::new());
    };
    for head in items {
        tail = Msg::new(id).with("head", head).with("tail", tail).into();
    }
    tail
}

fn texts<T: AsRef<str>>(list: &[T]) -> Vec<Arg> {
    list.iter().map(|t| Arg::from(t.as_ref())).collect()
}

/// A list of messages as one ("a, b"), or "nothing" when empty.
fn listed(id: &'static str, parts: Vec<Msg>) -> Msg {
    match joined(id, parts.into_iter().map(Arg::from).collect()) {
        Arg::Msg(m) => *m,
        _ => msg!("routing-did-nothing"),
    }
}

// --- the desk's routing state ------------------------------------------------------------------

/// Rules, hours and who-has-what, loaded once for a run of decisions (an intake batch) and
/// kept current as the run assigns tickets.
pub(crate) struct Router {
    rules: RuleSet,
    turns: HashMap<i64, i64>,
    load: HashMap<i64, i64>,
    /// Escalations the run's rules asked for (ticket, vendor, actor): made once the run's
    /// tickets are committed.
    pub(crate) escalations: Vec<(i64, i64, i64)>,
    /// Who and which vendor a decision names, for its words on the card.
    pub(crate) names: Names,
}

/// People's, vendors' and (the ones rules ask about) clients' names by id, for a decision's
/// and a rule's words.
#[derive(Debug, Default)]
pub(crate) struct Names {
    users: HashMap<i64, String>,
    vendors: HashMap<i64, String>,
    clients: HashMap<i64, String>,
}

impl Names {
    fn user(&self, id: i64) -> Arg {
        match self.users.get(&id) {
            Some(n) => n.into(),
            None => msg!("routing-unknown-person", id = id.to_string()).into(),
        }
    }

    fn vendor(&self, id: i64) -> Arg {
        match self.vendors.get(&id) {
            Some(n) => n.into(),
            None => msg!("routing-unknown-vendor", id = id.to_string()).into(),
        }
    }

    fn client(&self, id: i64) -> Arg {
        match self.clients.get(&id) {
            Some(n) => n.into(),
            None => msg!("routing-unknown-client", id = id.to_string()).into(),
        }
    }
}

impl Workload for Router {
    fn last_given(&self, rule_id: i64) -> Option<i64> {
        self.turns.get(&rule_id).copied()
    }
    fn active_tickets(&self, user_id: i64) -> i64 {
        self.load.get(&user_id).copied().unwrap_or(0)
    }
}

impl Router {
    /// Decides for one ticket; the write to make, and the run's state moves on as if made.
    pub(crate) fn decide(&mut self, t: &TicketFacts<'_>) -> Option<Decision> {
        let d = self.rules.route(t, self)?;
        if let Some(user) = d.assignee {
            self.turns.insert(d.rule_id, user);
            *self.load.entry(user).or_default() += 1;
        }
        Some(d)
    }
}

/// The store's record of a decision.
pub(crate) struct DecisionWrite {
    why: String,
    did: String,
    did_msg: String,
    line: Option<&'static str>,
    priority: Option<i64>,
}

impl DecisionWrite {
    pub(crate) fn of(d: &Decision, names: &Names) -> DecisionWrite {
        let did = did_words(d, names);
        DecisionWrite {
            why: serde_json::to_string(&d.why).expect("reasons serialize"),
            did: did.english(),
            did_msg: crate::said::keep(&did),
            line: d.line.map(|l| l.as_str()),
            priority: d.priority.map(|p| p.rank()),
        }
    }

    pub(crate) fn write<'a>(
        &'a self,
        d: &'a Decision,
        ticket_id: i64,
        actor: i64,
    ) -> RoutingWrite<'a> {
        RoutingWrite {
            ticket_id,
            rule_id: Some(d.rule_id),
            rule_name: &d.rule_name,
            why: &self.why,
            did: &self.did,
            did_msg: Some(&self.did_msg),
            line: self.line,
            queue: d.queue.as_deref(),
            assignee: d.assignee,
            priority: self.priority,
            tags: &d.tags,
            turn: d.assignee.is_some(),
            actor,
            now: now_ms(),
        }
    }
}

/// What a ticket has, for the dry run's "now" column.
fn got_words(g: &Got, names: &Names) -> Msg {
    let mut parts = vec![msg!(
        "routing-did-line",
        line = g.line.as_str().to_uppercase()
    )];
    if let Some(q) = &g.queue {
        parts.push(msg!("routing-did-queue", queue = q));
    }
    parts.push(match g.assignee {
        Some(a) => msg!("routing-did-assigned", person = names.user(a)),
        None => msg!("routing-did-unassigned"),
    });
    parts.push(msg!(
        "routing-did-priority",
        priority = g.priority.as_str().to_uppercase()
    ));
    for t in &g.tags {
        parts.push(msg!("routing-did-tag", tag = t));
    }
    for v in &g.vendors {
        parts.push(msg!("routing-did-escalated", vendor = names.vendor(*v)));
    }
    listed("routing-list-comma", parts)
}

/// What a decision did to a ticket.
fn did_words(d: &Decision, names: &Names) -> Msg {
    let mut parts = Vec::new();
    if let Some(l) = d.line {
        parts.push(msg!("routing-did-line", line = l.as_str().to_uppercase()));
    }
    if let Some(q) = &d.queue {
        parts.push(msg!("routing-did-queue", queue = q));
    }
    if let Some(a) = d.assignee {
        parts.push(msg!("routing-did-assigned", person = names.user(a)));
    }
    if let Some(p) = d.priority {
        parts.push(msg!(
            "routing-did-priority",
            priority = p.as_str().to_uppercase()
        ));
    }
    for t in &d.tags {
        parts.push(msg!("routing-did-tag", tag = t));
    }
    if let Some(v) = d.vendor {
        parts.push(msg!("routing-did-escalated", vendor = names.vendor(v)));
    }
    listed("routing-list-comma", parts)
}

/// What routing looks at on a ticket an intake run is opening (arriving `at_ms`).
pub(crate) fn facts_of_new(t: &NewTicket, at_ms: i64) -> TicketFacts<'_> {
    TicketFacts {
        client_id: t.client_id,
        direction: t.direction.as_str(),
        priority: t.priority,
        channel: t.channel,
        subject: &t.subject,
        description: &t.description,
        at_ms,
    }
}

pub(crate) fn facts(t: &Ticket) -> TicketFacts<'_> {
    TicketFacts {
        client_id: t.client_id,
        direction: &t.direction,
        priority: t.priority,
        channel: t.channel,
        subject: &t.subject,
        description: &t.description,
        at_ms: t.created_at,
    }
}

impl App {
    /// The rules, hours, turns and (only when a rule balances load) each person's active tickets.
    pub(crate) async fn router(&self) -> ApiResult<Router> {
        let rules = self.stored_rules().await?;
        if rules.iter().all(|r| !r.draft.enabled) {
            // No rule to apply: nothing more to read (the common case on a new desk).
            return Ok(Router {
                escalations: Vec::new(),
                names: Names::default(),
                rules: RuleSet::new(Vec::new(), BusinessHours::default()),
                turns: HashMap::new(),
                load: HashMap::new(),
            });
        }
        let hours = self.hours().await?;
        let balances = rules.iter().any(|r| {
            r.draft.enabled
                && r.draft
                    .actions
                    .iter()
                    .any(|a| matches!(a, Action::Assign(Assignee::LeastLoaded(_))))
        });
        let turns = self.store.routing_turns().await?.into_iter().collect();
        let load = if balances {
            self.store.active_load().await?.into_iter().collect()
        } else {
            HashMap::new()
        };
        let rules = RuleSet::new(rules, hours);
        let names = self.names(&rules.client_ids()).await?;
        Ok(Router {
            escalations: Vec::new(),
            rules: rules.with_client_names(names.clients.clone()),
            names,
            turns,
            load,
        })
    }

    /// Everyone's and every vendor's name, and these clients', for a decision's words.
    async fn names(&self, clients: &[i64]) -> ApiResult<Names> {
        Ok(Names {
            clients: self
                .store
                .client_names(clients)
                .await?
                .into_iter()
                .collect(),
            users: self
                .store
                .users()
                .await?
                .into_iter()
                .map(|u| (u.id, u.name))
                .collect(),
            vendors: self
                .store
                .vendors()
                .await?
                .into_iter()
                .map(|v| (v.id, v.v.name))
                .collect(),
        })
    }

    async fn stored_rules(&self) -> ApiResult<Vec<Rule>> {
        self.store
            .routing_rules()
            .await?
            .into_iter()
            .map(|r| {
                let draft: RuleDraft =
                    serde_json::from_str(&r.rule).map_err(|e| unreadable(r.id, e))?;
                Ok(Rule { id: r.id, draft })
            })
            .collect()
    }

    async fn hours(&self) -> ApiResult<BusinessHours> {
        Ok(match self.store.business_hours().await? {
            Some(json) => serde_json::from_str(&json).map_err(|e| {
                ApiError::said(
                    ErrorCode::Internal,
                    msg!("routing-hours-unreadable", detail = e.to_string()),
                )
            })?,
            None => BusinessHours::default(),
        })
    }

    /// Routes a ticket that just arrived (the window, the CLI): nothing happens without rules.
    pub(crate) async fn route_new(
        &self,
        ticket_id: i64,
        facts: &TicketFacts<'_>,
        actor: i64,
    ) -> ApiResult<()> {
        let mut router = self.router().await?;
        if let Some(d) = router.decide(facts) {
            let w = DecisionWrite::of(&d, &router.names);
            self.store
                .apply_routing(&w.write(&d, ticket_id, actor))
                .await?;
            if let Some(vendor) = d.vendor {
                self.escalate_routed(&[(ticket_id, vendor, actor)]).await?;
            }
        }
        Ok(())
    }

    /// Escalations routing rules asked for. One that cannot be made (the vendor was
    /// disabled, does not serve the direction) leaves an internal note on the ticket saying
    /// why, rather than failing the intake.
    pub(crate) async fn escalate_routed(&self, list: &[(i64, i64, i64)]) -> ApiResult<()> {
        for &(ticket_id, vendor_id, actor) in list {
            if let Err(e) = self
                .escalate_as(ticket_id, vendor_id, None, actor, None)
                .await
            {
                let note = msg!(
                    "routing-escalation-failed-note",
                    problem = crate::said::of_error(&e)
                );
                self.store
                    .add_system_note(
                        ticket_id,
                        actor,
                        &note.english(),
                        &crate::said::keep(&note),
                        sb_domain::Visibility::Internal,
                        Channel::Desktop,
                        now_ms(),
                    )
                    .await?;
            }
        }
        if !list.is_empty() {
            self.vendors_nudge();
        }
        Ok(())
    }

    /// Routes a ticket an intake run just opened, inside that run.
    pub(crate) async fn route_in_run(
        router: &mut Router,
        writes: &mut Writes,
        ticket_id: i64,
        facts: &TicketFacts<'_>,
        actor: i64,
    ) -> ApiResult<()> {
        if let Some(d) = router.decide(facts) {
            let w = DecisionWrite::of(&d, &router.names);
            writes.apply_routing(&w.write(&d, ticket_id, actor)).await?;
            if let Some(vendor) = d.vendor {
                router.escalations.push((ticket_id, vendor, actor));
            }
        }
        Ok(())
    }

    // --- rules -----------------------------------------------------------------------------

    pub async fn routing_rules(&self) -> ApiResult<Vec<RuleDto>> {
        let records = self.store.routing_rules().await?;
        let mut rules = Vec::new();
        for r in records {
            let draft: RuleDraft =
                serde_json::from_str(&r.rule).map_err(|e| unreadable(r.id, e))?;
            rules.push((r.id, r.position, draft));
        }
        let mut clients: Vec<i64> = rules
            .iter()
            .flat_map(|(_, _, d)| d.conditions.clients.iter().copied())
            .collect();
        clients.sort_unstable();
        clients.dedup();
        let names = self.names(&clients).await?;
        Ok(rules
            .into_iter()
            .map(|(id, position, draft)| {
                let summary_msg = summary(&draft, &names);
                RuleDto {
                    id,
                    position,
                    summary: summary_msg.english(),
                    summary_msg,
                    rule: input_of(&draft),
                }
            })
            .collect())
    }

    pub async fn create_rule(&self, input: RuleInput) -> ApiResult<RuleDto> {
        self.require(Duty::RoutingRules)?;
        let draft = self.checked(&input).await?;
        let json = serde_json::to_string(&draft).expect("a rule serializes");
        let id = self
            .store
            .create_rule(&draft.name, draft.enabled, &json, now_ms())
            .await?;
        self.rule_dto(id).await
    }

    pub async fn update_rule(&self, id: i64, input: RuleInput) -> ApiResult<RuleDto> {
        self.require(Duty::RoutingRules)?;
        let draft = self.checked(&input).await?;
        let json = serde_json::to_string(&draft).expect("a rule serializes");
        self.store
            .update_rule(id, &draft.name, draft.enabled, &json, now_ms())
            .await?;
        self.rule_dto(id).await
    }

    pub async fn delete_rule(&self, id: i64) -> ApiResult<()> {
        self.require(Duty::RoutingRules)?;
        Ok(self.store.delete_rule(id).await?)
    }

    /// The rules in this order: every rule's id, once.
    pub async fn order_rules(&self, ids: Vec<i64>) -> ApiResult<Vec<RuleDto>> {
        self.require(Duty::RoutingRules)?;
        let mut now: Vec<i64> = self
            .store
            .routing_rules()
            .await?
            .iter()
            .map(|r| r.id)
            .collect();
        let mut given = ids.clone();
        now.sort_unstable();
        given.sort_unstable();
        if now != given {
            return Err(ApiError::invalid_said(
                "ids",
                msg!("routing-order-every-rule"),
            ));
        }
        self.store.order_rules(&ids).await?;
        self.routing_rules().await
    }

    pub async fn business_hours(&self) -> ApiResult<BusinessHoursDto> {
        let h = self.hours().await?;
        Ok(BusinessHoursDto {
            weekdays: h.weekdays,
            start: hhmm(h.start_minute),
            end: hhmm(h.end_minute),
            utc_offset_minutes: h.utc_offset_minutes,
        })
    }

    pub async fn set_business_hours(&self, input: BusinessHoursDto) -> ApiResult<BusinessHoursDto> {
        self.require(Duty::RoutingRules)?;
        let start = minutes_of(&input.start, "start")?;
        let end = minutes_of(&input.end, "end")?;
        if end <= start {
            return Err(ApiError::invalid_said(
                "end",
                msg!("routing-hours-end-before-start"),
            ));
        }
        let mut weekdays = input.weekdays.clone();
        weekdays.sort_unstable();
        weekdays.dedup();
        if weekdays.is_empty() || weekdays.iter().any(|d| !(1..=7).contains(d)) {
            return Err(ApiError::invalid_said(
                "weekdays",
                msg!("routing-hours-weekdays"),
            ));
        }
        if !(-14 * 60..=14 * 60).contains(&input.utc_offset_minutes) {
            return Err(ApiError::invalid_said(
                "utcOffsetMinutes",
                msg!("routing-hours-offset"),
            ));
        }
        let h = BusinessHours {
            weekdays,
            start_minute: start,
            end_minute: end,
            utc_offset_minutes: input.utc_offset_minutes,
        };
        self.store
            .set_business_hours(&serde_json::to_string(&h).expect("hours serialize"))
            .await?;
        self.business_hours().await
    }

    // --- tickets ---------------------------------------------------------------------------

    /// The queues tickets are in (for the queue view's filter).
    pub async fn queues(&self) -> ApiResult<Vec<String>> {
        Ok(self.store.queues().await?)
    }

    /// What routed a ticket.
    pub async fn ticket_routing(&self, ticket_id: i64) -> ApiResult<TicketRoutingDto> {
        let (queue, tags, decision) = self.store.ticket_routing(ticket_id).await?;
        Ok(TicketRoutingDto {
            queue,
            tags,
            decision: decision.map(|d| {
                let reasons = reasons_of(&d.why);
                RoutingDecisionDto {
                    rule_id: d.rule_id,
                    rule_name: d.rule_name,
                    why: reasons.iter().map(Msg::english).collect(),
                    reasons,
                    did_msg: d
                        .did_msg
                        .as_deref()
                        .and_then(|j| serde_json::from_str(j).ok())
                        .unwrap_or_else(|| msg!("routing-as-written", text = d.did.as_str())),
                    did: d.did,
                    actor_name: d.actor_name,
                    at: d.at,
                }
            }),
        })
    }

    /// Routes a ticket again with the current rules ("Route now" on the card).
    pub async fn route_ticket(&self, ticket_id: i64) -> ApiResult<TicketRoutingDto> {
        let me = self.actor()?;
        let ticket = self.load(ticket_id).await?;
        let mut router = self.router().await?;
        match router.decide(&facts(&ticket)) {
            Some(d) => {
                let w = DecisionWrite::of(&d, &router.names);
                self.store
                    .apply_routing(&w.write(&d, ticket_id, me.id))
                    .await?;
                if let Some(vendor) = d.vendor {
                    self.escalate_routed(&[(ticket_id, vendor, me.id)]).await?;
                }
            }
            None => {
                return Err(ApiError::said(
                    ErrorCode::Conflict,
                    msg!(
                        "routing-no-rule-takes",
                        ticket = TicketNumber(ticket_id).to_string()
                    ),
                ))
            }
        }
        self.ticket_routing(ticket_id).await
    }

    /// What a draft rule set would do to the newest tickets, against what each ticket
    /// really got. Writes nothing.
    pub async fn dry_run_rules(&self, input: DryRunInput) -> ApiResult<DryRunDto> {
        let live = self.stored_rules().await?;
        let mut drafts: Vec<Rule> = Vec::new();
        for (i, r) in input.rules.iter().enumerate() {
            let draft = self.checked(&r.rule).await.map_err(|e| {
                let m = msg!(
                    "routing-draft-rule-refused",
                    position = i + 1,
                    name = r.rule.name.trim(),
                    problem = crate::said::of_error(&e)
                );
                ApiError {
                    message: m.english(),
                    msg: Some(m),
                    ..e
                }
            })?;
            // A saved rule keeps its id (once), so it carries its turn; a new one gets its own.
            let id =
                r.id.filter(|id| live.iter().any(|l| l.id == *id))
                    .filter(|id| drafts.iter().all(|d| d.id != *id))
                    .unwrap_or(-(i as i64) - 1);
            drafts.push(Rule { id, draft });
        }
        let mut current = self.router().await?;
        if current.load.is_empty() {
            current.load = self.store.active_load().await?.into_iter().collect();
        }
        let draft_set = RuleSet::new(drafts, self.hours().await?);
        let mut clients = draft_set.client_ids();
        clients.extend(live.iter().flat_map(|r| r.draft.conditions.clients.iter()));
        clients.sort_unstable();
        clients.dedup();
        let names = self.names(&clients).await?;
        let draft_set = draft_set.with_client_names(names.clients.clone());
        let limit = input.limit.clamp(1, DRY_RUN_MAX);
        let mut tickets = self.store.newest_tickets(limit).await?;
        // Oldest first: the draft's turns go round as the tickets came.
        tickets.reverse();
        let routed = self.store.routed_records(limit).await?;
        let list: Vec<(i64, TicketFacts<'_>, Got)> = tickets
            .iter()
            .map(|t| {
                let r = routed.get(&t.id).cloned().unwrap_or_default();
                let mut f = facts(t);
                // Rules saw the priority it arrived with, before a rule changed it.
                if let Some(p) = r.arrived_priority.and_then(Priority::from_rank) {
                    f.priority = p;
                }
                let got = Got {
                    rule_id: r.rule_id,
                    line: t.line,
                    queue: r.queue,
                    assignee: t.assignee_id,
                    priority: t.priority,
                    tags: r.tags,
                    vendors: r.vendors,
                };
                (t.id, f, got)
            })
            .collect();
        let rule_names: HashMap<i64, &str> =
            live.iter().map(|r| (r.id, r.draft.name.as_str())).collect();
        let rows = dry_run(&live, &draft_set, &list, &current);
        let mut rows: Vec<DryRunRowDto> = rows
            .iter()
            .zip(&list)
            .zip(&tickets)
            .map(|((r, (_, _, got)), t)| {
                let rule: Arg = match got.rule_id {
                    Some(id) => match rule_names.get(&id) {
                        Some(name) => (*name).into(),
                        None => msg!("routing-rule-removed").into(),
                    },
                    None => msg!("routing-no-rule").into(),
                };
                let current_msg =
                    msg!("routing-by-rule", rule = rule, did = got_words(got, &names));
                let draft_msg = r.draft.as_ref().map(|d| {
                    msg!(
                        "routing-by-rule",
                        rule = d.rule_name.as_str(),
                        did = did_words(d, &names)
                    )
                });
                DryRunRowDto {
                    ticket_id: r.ticket_id,
                    number: TicketNumber(t.id).to_string(),
                    subject: t.subject.clone(),
                    current: current_msg.english(),
                    current_msg,
                    draft: draft_msg.as_ref().map(Msg::english),
                    draft_msg,
                    changed: r.changed,
                }
            })
            .collect();
        rows.reverse();
        Ok(DryRunDto {
            changed: rows.iter().filter(|r| r.changed).count() as i64,
            rows,
        })
    }

    async fn rule_dto(&self, id: i64) -> ApiResult<RuleDto> {
        self.routing_rules()
            .await?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| {
                ApiError::said(
                    ErrorCode::NotFound,
                    msg!("routing-rule-missing", id = id.to_string()),
                )
            })
    }

    /// The domain's rule from the form, with its people, clients and directions checked.
    async fn checked(&self, i: &RuleInput) -> ApiResult<RuleDraft> {
        let known = self.store.directions().await?;
        if let Some(d) = i.directions.iter().find(|d| !known.contains(d)) {
            return Err(ApiError::invalid_said(
                "directions",
                msg!("routing-direction-unknown", direction = d),
            ));
        }
        for c in &i.client_ids {
            if self.store.client(*c).await?.is_none() {
                return Err(ApiError::invalid_said(
                    "clientIds",
                    msg!("client-no-id", id = c.to_string()),
                ));
            }
        }
        let users: Vec<i64> = self.store.users().await?.iter().map(|u| u.id).collect();
        if let Some(u) = i.assign_users.iter().find(|u| !users.contains(u)) {
            return Err(ApiError::invalid_said(
                "assignUsers",
                msg!("person-no-id", id = u.to_string()),
            ));
        }
        let mut actions = Vec::new();
        if let Some(l) = i.line {
            actions.push(Action::SetLine(l));
        }
        if let Some(q) = i.queue.as_ref().filter(|q| !q.trim().is_empty()) {
            actions.push(Action::SetQueue(q.clone()));
        }
        match i.assign {
            AssignKind::Nobody => {}
            AssignKind::Person => match i.assign_users.as_slice() {
                [one] => actions.push(Action::Assign(Assignee::Person(*one))),
                _ => {
                    return Err(ApiError::invalid_said(
                        "assignUsers",
                        msg!("routing-pick-one-person"),
                    ))
                }
            },
            AssignKind::RoundRobin => {
                actions.push(Action::Assign(Assignee::RoundRobin(i.assign_users.clone())))
            }
            AssignKind::LeastLoaded => actions.push(Action::Assign(Assignee::LeastLoaded(
                i.assign_users.clone(),
            ))),
        }
        if let Some(p) = i.priority {
            actions.push(Action::SetPriority(p));
        }
        for t in &i.tags {
            actions.push(Action::AddTag(t.clone()));
        }
        if let Some(v) = i.vendor_id {
            if self.store.vendor(v).await?.is_none() {
                return Err(ApiError::invalid_said(
                    "vendorId",
                    msg!("vendor-no-id", id = v.to_string()),
                ));
            }
            actions.push(Action::EscalateToVendor(v));
        }
        Ok(RuleDraft {
            name: i.name.clone(),
            enabled: i.enabled,
            conditions: Conditions {
                clients: i.client_ids.clone(),
                directions: i.directions.clone(),
                priorities: i.priorities.clone(),
                channels: i.channels.clone(),
                keywords: i.keywords.clone(),
                hours: match i.hours {
                    HoursConditionDto::Any => HoursCondition::Any,
                    HoursConditionDto::Within => HoursCondition::Within,
                    HoursConditionDto::Outside => HoursCondition::Outside,
                },
            },
            actions,
        }
        .check()?)
    }
}

fn input_of(d: &RuleDraft) -> RuleInput {
    let mut i = RuleInput {
        name: d.name.clone(),
        enabled: d.enabled,
        client_ids: d.conditions.clients.clone(),
        directions: d.conditions.directions.clone(),
        priorities: d.conditions.priorities.clone(),
        channels: d.conditions.channels.clone(),
        keywords: d.conditions.keywords.clone(),
        hours: match d.conditions.hours {
            HoursCondition::Any => HoursConditionDto::Any,
            HoursCondition::Within => HoursConditionDto::Within,
            HoursCondition::Outside => HoursConditionDto::Outside,
        },
        line: None,
        queue: None,
        assign: AssignKind::Nobody,
        assign_users: Vec::new(),
        priority: None,
        tags: Vec::new(),
        vendor_id: None,
    };
    for a in &d.actions {
        match a {
            Action::SetLine(l) => i.line = Some(*l),
            Action::SetQueue(q) => i.queue = Some(q.clone()),
            Action::SetPriority(p) => i.priority = Some(*p),
            Action::AddTag(t) => i.tags.push(t.clone()),
            Action::EscalateToVendor(v) => i.vendor_id = Some(*v),
            Action::Assign(Assignee::Person(u)) => {
                i.assign = AssignKind::Person;
                i.assign_users = vec![*u];
            }
            Action::Assign(Assignee::RoundRobin(g)) => {
                i.assign = AssignKind::RoundRobin;
                i.assign_users = g.clone();
            }
            Action::Assign(Assignee::LeastLoaded(g)) => {
                i.assign = AssignKind::LeastLoaded;
                i.assign_users = g.clone();
            }
        }
    }
    i
}

/// A rule in one line: its conditions, then what it does, naming clients, people and vendors.
fn summary(d: &RuleDraft, names: &Names) -> Msg {
    let c = &d.conditions;
    let people = |g: &[i64]| {
        joined(
            "routing-list-comma",
            g.iter().map(|u| names.user(*u)).collect(),
        )
    };
    let upper = |p: &[Priority]| -> Vec<Arg> {
        p.iter().map(|p| p.as_str().to_uppercase().into()).collect()
    };
    let mut when = Vec::new();
    if !c.clients.is_empty() {
        let list = c.clients.iter().map(|id| names.client(*id)).collect();
        when.push(msg!(
            "routing-when-client",
            clients = joined("routing-list-slash", list)
        ));
    }
    if !c.directions.is_empty() {
        when.push(msg!(
            "routing-when-direction",
            directions = joined("routing-list-slash", texts(&c.directions))
        ));
    }
    if !c.priorities.is_empty() {
        when.push(msg!(
            "routing-when-priority",
            priorities = joined("routing-list-slash", upper(&c.priorities))
        ));
    }
    if !c.channels.is_empty() {
        let list = c
            .channels
            .iter()
            .map(|ch| msg!("routing-channel", channel = ch.as_str()).into())
            .collect();
        when.push(msg!(
            "routing-when-channel",
            channels = joined("routing-list-slash", list)
        ));
    }
    if !c.keywords.is_empty() {
        when.push(msg!(
            "routing-when-keyword",
            keywords = joined("routing-list-or", texts(&c.keywords))
        ));
    }
    match c.hours {
        HoursCondition::Any => {}
        HoursCondition::Within => when.push(msg!("routing-when-within-hours")),
        HoursCondition::Outside => when.push(msg!("routing-when-outside-hours")),
    }
    let mut does = Vec::new();
    for a in &d.actions {
        does.push(match a {
            Action::SetLine(l) => msg!("routing-does-line", line = l.as_str().to_uppercase()),
            Action::SetQueue(q) => msg!("routing-does-queue", queue = q),
            Action::SetPriority(p) => {
                msg!(
                    "routing-does-priority",
                    priority = p.as_str().to_uppercase()
                )
            }
            Action::AddTag(t) => msg!("routing-does-tag", tag = t),
            Action::EscalateToVendor(v) => msg!("routing-does-escalate", vendor = names.vendor(*v)),
            Action::Assign(Assignee::Person(u)) => {
                msg!("routing-does-assign", person = names.user(*u))
            }
            Action::Assign(Assignee::RoundRobin(g)) => {
                msg!("routing-does-round-robin", people = people(g))
            }
            Action::Assign(Assignee::LeastLoaded(g)) => {
                msg!("routing-does-least-loaded", people = people(g))
            }
        });
    }
    let when = if when.is_empty() {
        msg!("routing-when-every-ticket")
    } else {
        listed("routing-list-semicolon", when)
    };
    msg!(
        "routing-summary",
        when = when,
        does = joined(
            "routing-list-comma",
            does.into_iter().map(Arg::from).collect()
        )
    )
}

/// A rule as stored that cannot be read.
fn unreadable(id: i64, e: serde_json::Error) -> ApiError {
    ApiError::said(
        ErrorCode::Internal,
        msg!(
            "routing-rule-unreadable",
            id = id.to_string(),
            detail = e.to_string()
        ),
    )
}

/// The reasons of a decision as recorded: messages, or (recorded before messages) English text.
fn reasons_of(json: &str) -> Vec<Msg> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Reason {
        Said(Msg),
        Written(String),
    }
    let list: Vec<Reason> = serde_json::from_str(json).unwrap_or_default();
    list.into_iter()
        .map(|r| match r {
            Reason::Said(m) => m,
            Reason::Written(text) => msg!("routing-as-written", text = text),
        })
        .collect()
}

fn hhmm(m: u16) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

fn minutes_of(text: &str, field: &str) -> ApiResult<u16> {
    let bad = || ApiError::invalid_said(field, msg!("routing-not-a-time", text = text));
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 24 || m > 59 || (h == 24 && m > 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sb_i18n::Lang;

    #[test]
    fn a_rule_summary_reads_in_english_and_russian() {
        let names = Names {
            users: [(1, "Anna".to_string()), (2, "Egor".to_string())].into(),
            ..Names::default()
        };
        let d = RuleDraft {
            name: "VPN".into(),
            enabled: true,
            conditions: Conditions {
                channels: vec![Channel::Email, Channel::Phone],
                keywords: vec!["vpn".into(), "wifi".into()],
                hours: HoursCondition::Outside,
                ..Conditions::default()
            },
            actions: vec![
                Action::SetLine(Line::L2),
                Action::Assign(Assignee::RoundRobin(vec![1, 2, 3])),
            ],
        };
        let s = summary(&d, &names);
        assert_eq!(
            s.english(),
            "by email/phone; mentions vpn or wifi; outside business hours -> \
             L2, round-robin over Anna, Egor, user 3 in turn"
        );
        assert_eq!(
            s.render(Lang::Ru),
            "канал: почта/телефон; упоминает vpn или wifi; в нерабочее время -> \
             L2, по очереди: Anna, Egor, сотрудник 3"
        );
        let every = RuleDraft {
            conditions: Conditions::default(),
            actions: vec![Action::AddTag("night".into())],
            ..d
        };
        assert_eq!(
            summary(&every, &names).english(),
            "every ticket -> tag night"
        );
    }

    #[test]
    fn reasons_recorded_as_text_read_as_written() {
        let old = reasons_of(r#"["direction is network"]"#);
        assert_eq!(old[0].render(Lang::Ru), "direction is network");
        let new = reasons_of(
            &serde_json::to_string(&[msg!("routing-why-direction", direction = "network")])
                .unwrap(),
        );
        assert_eq!(new[0].render(Lang::Ru), "направление — network");
        assert_eq!(new[0].english(), "direction is network");
    }
}
