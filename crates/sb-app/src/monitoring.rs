//! The monitoring channel: alert sources (Alertmanager API v2), polling them into tickets as
//! the "Monitoring" system user; the background work (`work`) polls each enabled source under
//! its lease.
//!
//! Architecture Invariant: nothing here calls Alertmanager inside a user's request except the
//! two explicit buttons, "Test connection" ([`App::test_alert_source`]) and "Poll now"
//! ([`App::poll_alert_source`]); everything else is the background work (`App::run_background_work`).

use std::collections::{BTreeMap, BTreeSet};

use sb_domain::monitoring::{refire_note, resolution_note};
use sb_domain::work::WorkUnit;
use sb_domain::{
    check_transition, plan_poll, AlertAction, AlertRowState, Direction, FiringAlert, KnownAlert,
    Limits, Line, Poll, Priority, ReopenPolicy, Status, TransitionError,
};
use sb_intake::alerts::{
    can_trust_absence, fetch_alerts, known_to_this_instance, normalize_base_url, parse_alert_list,
    resolved_fingerprints, test_connection, Alert, AlertError, AlertMapping, AlertSource,
    AlertmanagerStatus,
};
use sb_store::{
    AlertNote, AlertRecord, AlertSeen, AlertSourceRecord, AlertSourceWrite, NewTicket,
    RefireTicket, StatusChange, Ticket, User, Writes,
};

use sb_i18n::{msg, Msg};

use crate::monitoring_dto::*;
use crate::{now_ms, ApiError, ApiResult, App, ErrorCode};

/// The name of the system user the channel acts as.
pub const MONITORING_USER: &str = "Monitoring";
pub(crate) const MONITORING_KIND: &str = "monitoring";
/// Shortest and longest poll interval a source may have.
pub const POLL_SECONDS: std::ops::RangeInclusive<i64> = 10..=86_400;
/// How many alert writes one commit makes durable during a poll.
const WRITES_PER_COMMIT: usize = 250;

/// What one poll has looked up already: clients by code, and the directions.
#[derive(Default)]
struct Lookups {
    clients: BTreeMap<String, Option<i64>>,
    directions: Option<Vec<String>>,
}

/// A fingerprint firing again after its alert resolved, and what to make of it.
struct Refire<'a> {
    source: &'a AlertSourceRecord,
    row: &'a AlertRecord,
    seen: &'a AlertSeen<'a>,
    alert: &'a Alert,
    mapping: &'a AlertMapping,
    mapping_dto: &'a AlertMappingDto,
    actor: &'a User,
    now: i64,
}

impl From<AlertError> for ApiError {
    fn from(e: AlertError) -> ApiError {
        let msg = alert_msg(&e);
        match &e {
            AlertError::BadUrl { .. } => ApiError::invalid_said("baseUrl", msg),
            AlertError::Status { status: 400, .. } => ApiError::invalid_said("filter", msg),
            _ => ApiError::said(ErrorCode::ConnectionFailed, msg),
        }
    }
}

impl App {
    pub async fn alert_sources(&self) -> ApiResult<Vec<AlertSourceDto>> {
        self.store
            .alert_sources()
            .await?
            .into_iter()
            .map(source_dto)
            .collect()
    }

    pub async fn alert_source(&self, id: i64) -> ApiResult<AlertSourceDto> {
        source_dto(self.load_source(id).await?)
    }

    pub async fn create_alert_source(&self, input: AlertSourceInput) -> ApiResult<AlertSourceDto> {
        self.require(sb_domain::Duty::AlertSources)?;
        let write = self.check_source(&input).await?;
        let id = self
            .store
            .create_alert_source(&write, now_ms())
            .await
            .map_err(|e| taken_name(e, &write.name))?;
        self.alert_source(id).await
    }

    pub async fn update_alert_source(
        &self,
        id: i64,
        input: AlertSourceInput,
    ) -> ApiResult<AlertSourceDto> {
        self.require(sb_domain::Duty::AlertSources)?;
        let write = self.check_source(&input).await?;
        self.store
            .update_alert_source(id, &write, now_ms())
            .await
            .map_err(|e| taken_name(e, &write.name))?;
        self.alert_source(id).await
    }

    /// Removes a source; the tickets it made stay, without their alert.
    pub async fn delete_alert_source(&self, id: i64) -> ApiResult<()> {
        self.require(sb_domain::Duty::AlertSources)?;
        Ok(self.store.delete_alert_source(id).await?)
    }

    /// "Test connection": asks the Alertmanager the form names for its status and for the
    /// alerts the filter lets through, and says exactly what is wrong when that fails.
    pub async fn test_alert_source(&self, input: AlertSourceInput) -> ApiResult<AlertTestResult> {
        self.check_source(&input).await?;
        let source = AlertSource {
            base_url: input.base_url.trim().to_string(),
            filter: clean_filter(&input.filter),
            max_body_bytes: self.input_limits().await?.http_body(),
        };
        let status = test_connection(&source).await?;
        let alerts = fetch_alerts(&source).await?;
        Ok(AlertTestResult {
            version: status.version,
            started_at: status.started_at,
            alerts: alerts.len() as i64,
        })
    }

    pub async fn unmatched_alerts(&self) -> ApiResult<Vec<UnmatchedAlertDto>> {
        self.store
            .unmatched_alerts()
            .await?
            .into_iter()
            .map(|u| {
                Ok(UnmatchedAlertDto {
                    labels: serde_json::from_str(&u.labels).map_err(internal)?,
                    source_id: u.source_id,
                    source_name: u.source_name,
                    fingerprint: u.fingerprint,
                    reason: u.reason,
                    last_seen: u.last_seen,
                })
            })
            .collect()
    }

    /// The alert a ticket follows, when it came from monitoring.
    pub async fn ticket_alert(&self, ticket_id: i64) -> ApiResult<Option<TicketAlertDto>> {
        Ok(self
            .store
            .ticket_alert(ticket_id)
            .await?
            .map(|a| TicketAlertDto {
                source_id: a.source_id,
                source_name: a.source_name,
                fingerprint: a.fingerprint,
                state: a.state,
                repeat_count: a.repeat_count,
                first_seen: a.first_seen,
                last_seen: a.last_seen,
                resolved_at: a.resolved_at,
            }))
    }

    /// "Poll now": one poll of one source. A failure is recorded on the source (and returned).
    pub async fn poll_alert_source(&self, id: i64) -> ApiResult<PollReport> {
        let source = self.load_source(id).await?;
        let report = self
            .with_unit(WorkUnit::Alerts(id), async { Ok(self.poll(&source).await) })
            .await?;
        match report.error.clone() {
            Some(message) => Err(match report.msg {
                Some(msg) => ApiError::said(ErrorCode::ConnectionFailed, msg),
                None => ApiError::new(ErrorCode::ConnectionFailed, message),
            }),
            None => Ok(report),
        }
    }

    /// One poll of every enabled source, errors in each source's report (a source another
    /// process is polling is left to it, and its report says so).
    pub async fn poll_all(&self) -> ApiResult<Vec<PollReport>> {
        let mut reports = Vec::new();
        for source in self.store.alert_sources().await? {
            if source.enabled {
                let polled = self
                    .with_unit(WorkUnit::Alerts(source.id), async {
                        Ok(self.poll(&source).await)
                    })
                    .await;
                reports.push(match polled {
                    Ok(report) => report,
                    Err(busy) => PollReport {
                        source_id: source.id,
                        source_name: source.name.clone(),
                        error: Some(busy.message),
                        msg: busy.msg,
                        ..PollReport::default()
                    },
                });
            }
        }
        Ok(reports)
    }

    /// Polls one source and records the outcome on it; never fails (the error is the report's).
    pub(crate) async fn poll(&self, source: &AlertSourceRecord) -> PollReport {
        // One poll at a time in this process: the worker and "Poll now" never interleave.
        let _turn = self.poll_lock.lock().await;
        let mut report = PollReport {
            source_id: source.id,
            source_name: source.name.clone(),
            ..PollReport::default()
        };
        let outcome = self.poll_inner(source, &mut report).await;
        report.polled_at = now_ms();
        let (error, msg) = match &outcome {
            Ok(_) => (None, None),
            Err(e) => (Some(e.message.clone()), e.msg.clone()),
        };
        if let Some(e) = &error {
            tracing::warn!(worker = "alert poll", source = %source.name, error = %e, "polling the alert source failed");
        }
        // Kept as its message, so each reader words it.
        let kept = outcome.as_ref().err().map(crate::said::keep_error);
        // Recording can fail only when the database is down; the report still says why.
        if let Err(e) = self
            .store
            .record_alert_poll(source.id, report.polled_at, kept.as_deref())
            .await
        {
            tracing::warn!(worker = "alert poll", source = %source.name, error = %e, "the poll could not be recorded");
        }
        report.error = error;
        report.msg = msg;
        report
    }

    async fn poll_inner(
        &self,
        source: &AlertSourceRecord,
        report: &mut PollReport,
    ) -> ApiResult<()> {
        let filter: Vec<String> = serde_json::from_str(&source.filter).map_err(internal)?;
        let am = AlertSource {
            base_url: source.base_url.clone(),
            filter,
            max_body_bytes: self.input_limits().await?.http_body(),
        };
        let status = test_connection(&am).await?;
        let alerts = fetch_alerts(&am).await?;
        self.apply_alerts(source, &status, &alerts, report).await
    }

    /// Takes in one poll's alerts for a source, as fetched from its Alertmanager: opens,
    /// counts, resolves and reopens tickets. Public for the benchmark, which feeds it made-up
    /// alerts to measure intake without the network.
    pub async fn ingest_alerts(
        &self,
        source_id: i64,
        status: &AlertmanagerStatus,
        alerts: &[Alert],
    ) -> ApiResult<PollReport> {
        let source = self.load_source(source_id).await?;
        let mut report = PollReport {
            source_id,
            source_name: source.name.clone(),
            ..PollReport::default()
        };
        let _turn = self.poll_lock.lock().await;
        self.apply_alerts(&source, status, alerts, &mut report)
            .await?;
        report.polled_at = now_ms();
        Ok(report)
    }

    /// Takes in an alert list saved from an Alertmanager (the JSON of `GET /api/v2/alerts`) as
    /// one poll of the source: `sb monitoring import`, to replay what a source sent or to feed
    /// a source that this desk cannot reach. Alerts the source knew that are not in the list
    /// are resolved, as after a poll; the source's filter is not applied again. Waits for no
    /// one: when another process holds the source's polling, the import is refused as busy.
    pub async fn import_alerts(
        &self,
        source_id: i64,
        origin: &str,
        json: &str,
    ) -> ApiResult<PollReport> {
        let alerts = parse_alert_list(origin, json).map_err(|e| match e {
            AlertError::NotAlertmanager { detail, .. } => ApiError::invalid_said(
                "file",
                msg!("alerts-file-not-list", origin = origin, detail = detail),
            ),
            other => other.into(),
        })?;
        // A file is a complete list as of now: the absence of an alert is trusted.
        let status = AlertmanagerStatus {
            version: "file".to_string(),
            started_at: 0,
        };
        self.with_unit(
            WorkUnit::Alerts(source_id),
            self.ingest_alerts(source_id, &status, &alerts),
        )
        .await
    }

    async fn apply_alerts(
        &self,
        source: &AlertSourceRecord,
        status: &AlertmanagerStatus,
        alerts: &[Alert],
        report: &mut PollReport,
    ) -> ApiResult<()> {
        let mapping_dto: AlertMappingDto =
            serde_json::from_str(&source.mapping).map_err(internal)?;
        let mapping = intake_mapping(&mapping_dto);
        let now = now_ms();
        let actor = self.monitoring_user().await?;
        let rows: BTreeMap<String, AlertRecord> = self
            .store
            .alerts_of_source(source.id)
            .await?
            .into_iter()
            .map(|r| (r.fingerprint.clone(), r))
            .collect();
        let poll = poll_view(&rows, alerts, status, now);
        let known: Vec<KnownAlert> = rows
            .values()
            .map(|r| known_alert(r, &source.filter, status))
            .collect();
        let by_fp: BTreeMap<&str, &Alert> =
            alerts.iter().map(|a| (a.fingerprint.as_str(), a)).collect();
        let mut lookups = Lookups::default();
        let mut unmatched: Vec<String> = Vec::new();
        let mut router = self.router().await?;
        let mut writes = self.store.writes().await?;
        for action in plan_poll(&known, &poll) {
            let fp = action.fingerprint().to_string();
            let seen = |a| alert_seen(source, a);
            // Each alert's writes on their own: one the workspace refuses is undone alone and
            // set aside with the reason, and the poll goes on with the others.
            writes.begin_item().await?;
            let applied: ApiResult<()> = async {
                match &action {
                    AlertAction::Open(a) => {
                        let alert = by_fp[fp.as_str()];
                        match self
                            .alert_ticket(alert, &mapping, &mapping_dto, actor.id, &mut lookups)
                            .await?
                        {
                            Ok(ticket) => {
                                if let Some(id) = writes.open_alert(&seen(a), &ticket, now).await? {
                                    report.opened += 1;
                                    // The routing rules take a new alert's ticket too.
                                    let facts = crate::routing::facts_of_new(&ticket, now);
                                    App::route_in_run(
                                        &mut router,
                                        &mut writes,
                                        id,
                                        &facts,
                                        actor.id,
                                    )
                                    .await?;
                                }
                            }
                            Err(reason) => {
                                let labels =
                                    serde_json::to_string(&alert.labels).map_err(internal)?;
                                writes
                                    .upsert_unmatched_alert(
                                        source.id,
                                        &fp,
                                        &labels,
                                        &reason,
                                        alert.updated_at,
                                    )
                                    .await?;
                                unmatched.push(alert.fingerprint.clone());
                                report.unmatched += 1;
                            }
                        }
                    }
                    AlertAction::Repeat(a) => {
                        if writes.repeat_alert(&seen(a)).await? {
                            report.repeated += 1;
                        }
                    }
                    AlertAction::Unchanged { .. } => {
                        if let Some(a) = by_fp.get(fp.as_str()) {
                            let firing = firing_alert(a);
                            writes.alert_listed(&alert_seen(source, &firing)).await?;
                        }
                    }
                    AlertAction::Resolve { fingerprint } => {
                        let row = &rows[fingerprint];
                        if self.resolve(&mut writes, source, row, &actor, now).await? {
                            report.resolved += 1;
                        }
                    }
                    AlertAction::Reopen(a) => {
                        let row = &rows[&fp];
                        let alert = by_fp[fp.as_str()];
                        let how = Refire {
                            source,
                            row,
                            seen: &seen(a),
                            alert,
                            mapping: &mapping,
                            mapping_dto: &mapping_dto,
                            actor: &actor,
                            now,
                        };
                        if self.refire(&mut writes, how, &mut lookups).await? {
                            report.reopened += 1;
                        }
                    }
                }
                Ok(())
            }
            .await;
            match applied {
                Ok(()) => writes.end_item().await?,
                Err(refusal) => {
                    // When even undoing fails, the connection is gone: the poll stops; so it
                    // does when the workspace fails now (busy, locked, taken over), which says
                    // nothing about the alert.
                    if writes.undo_item().await.is_err() || refusal.is_local_failure() {
                        return Err(refusal);
                    }
                    let (labels, last_seen) = match by_fp.get(fp.as_str()) {
                        Some(a) => (
                            serde_json::to_string(&a.labels).map_err(internal)?,
                            a.updated_at,
                        ),
                        None => ("{}".to_string(), now),
                    };
                    let reason = format!("refused: {}", refusal.message);
                    writes.begin_item().await?;
                    if let Err(e) = writes
                        .upsert_unmatched_alert(source.id, &fp, &labels, &reason, last_seen)
                        .await
                    {
                        writes.undo_item().await?;
                        return Err(e.into());
                    }
                    writes.end_item().await?;
                    unmatched.push(fp.clone());
                    report.refused += 1;
                }
            }
            // A few commits a poll, not one an alert; short enough that a person's change
            // in the window never waits long for the write lock.
            if writes.pending() >= WRITES_PER_COMMIT {
                writes.commit().await?;
                writes = self.store.writes().await?;
            }
        }
        writes.commit().await?;
        self.escalate_routed(&router.escalations).await?;
        let unmatched: Vec<&str> = unmatched.iter().map(String::as_str).collect();
        self.store
            .prune_unmatched_alerts(source.id, &unmatched)
            .await?;
        Ok(())
    }

    async fn resolve(
        &self,
        writes: &mut Writes,
        source: &AlertSourceRecord,
        row: &AlertRecord,
        actor: &User,
        now: i64,
    ) -> ApiResult<bool> {
        let ticket = self.load_ticket(row.ticket_id).await?;
        let said = resolution_note(&row.fingerprint, &source.name);
        let (note, note_msg) = (said.english(), crate::said::keep(&said));
        // A person may have finished the ticket already: then only the alert row changes.
        let change = match ticket.status.is_active() {
            true => {
                check_transition(
                    ticket.status,
                    Status::Resolved,
                    Some(&note),
                    ticket.finished_at(),
                    now,
                    ReopenPolicy::default(),
                )?;
                Some(StatusChange {
                    seen: None,
                    ticket_id: ticket.id,
                    from: ticket.status,
                    to: Status::Resolved,
                    effect: sb_domain::Effect::Resolve,
                    note: Some(&note),
                    note_msg: Some(&note_msg),
                    actor: actor.id,
                    now,
                })
            }
            false => None,
        };
        let comment = AlertNote {
            author: actor.id,
            body: &note,
            body_msg: Some(&note_msg),
        };
        Ok(writes
            .resolve_alert(
                source.id,
                &row.fingerprint,
                row.ticket_id,
                Some(&comment),
                change.as_ref(),
                now,
            )
            .await?)
    }

    async fn refire(
        &self,
        writes: &mut Writes,
        how: Refire<'_>,
        lookups: &mut Lookups,
    ) -> ApiResult<bool> {
        let Refire {
            source,
            row,
            seen,
            alert,
            mapping,
            mapping_dto,
            actor,
            now,
        } = how;
        let ticket = self.load_ticket(row.ticket_id).await?;
        let said = refire_note(&row.fingerprint, &source.name);
        let (note, note_msg) = (said.english(), crate::said::keep(&said));
        let target = if ticket.status.is_active() {
            RefireTicket::Keep
        } else {
            match check_transition(
                ticket.status,
                Status::Open,
                Some(&note),
                ticket.finished_at(),
                now,
                ReopenPolicy::default(),
            ) {
                Ok(effect) => RefireTicket::Reopen(StatusChange {
                    seen: None,
                    ticket_id: ticket.id,
                    from: ticket.status,
                    to: Status::Open,
                    effect,
                    note: Some(&note),
                    note_msg: Some(&note_msg),
                    actor: actor.id,
                    now,
                }),
                Err(TransitionError::ReopenWindowExpired { .. }) => {
                    let new = match self
                        .alert_ticket(alert, mapping, mapping_dto, actor.id, lookups)
                        .await?
                    {
                        Ok(t) => t,
                        Err(_) => same_as(&ticket, alert, mapping, actor.id)?,
                    };
                    RefireTicket::New(new)
                }
                Err(e) => return Err(e.into()),
            }
        };
        let comment = AlertNote {
            author: actor.id,
            body: &note,
            body_msg: Some(&note_msg),
        };
        Ok(writes
            .refire_alert(seen, row.ticket_id, &target, &comment, now)
            .await?
            .is_some())
    }

    /// The ticket an alert makes, or why it cannot make one.
    async fn alert_ticket(
        &self,
        alert: &Alert,
        mapping: &AlertMapping,
        dto: &AlertMappingDto,
        actor: i64,
        lookups: &mut Lookups,
    ) -> ApiResult<Result<NewTicket, String>> {
        let mapped = mapping.map(alert);
        let Some(code) = mapped.client_code else {
            return Ok(Err(match alert.labels.get(&mapping.client_label) {
                Some(v) => format!(
                    "label {}=\"{v}\" is not a client code",
                    mapping.client_label
                ),
                None => format!("no label {} (the client's code)", mapping.client_label),
            }));
        };
        let client_id = match lookups.clients.get(code.as_str()) {
            Some(id) => *id,
            None => {
                let id = self.store.client_id_by_code(code.as_str()).await?;
                lookups.clients.insert(code.as_str().to_string(), id);
                id
            }
        };
        let Some(client_id) = client_id else {
            return Ok(Err(format!("no client with code {code}")));
        };
        let direction = match mapped.direction {
            Some(d) => d,
            None => match dto.default_direction.as_deref().map(Direction::parse) {
                Some(Ok(d)) => d,
                _ => {
                    return Ok(Err(format!(
                        "no direction: label {} is missing or not in the table, and the source has no default direction",
                        mapping.direction_label
                    )))
                }
            },
        };
        if lookups.directions.is_none() {
            lookups.directions = Some(self.store.directions().await?);
        }
        if !lookups
            .directions
            .iter()
            .flatten()
            .any(|d| d == direction.as_str())
        {
            return Ok(Err(format!("there is no direction '{direction}'")));
        }
        Ok(Ok(NewTicket {
            client_id,
            direction,
            subject: clip(&mapped.subject, Limits::SUBJECT),
            description: clip(&mapped.description, Limits::LONG_TEXT),
            impact: mapped.impact,
            urgency: mapped.urgency,
            priority: Priority::from_matrix(mapped.impact, mapped.urgency),
            channel: sb_domain::Channel::Monitoring,
            line: Line::L1,
            created_by: actor,
        }))
    }

    async fn monitoring_user(&self) -> ApiResult<User> {
        Ok(self
            .store
            .system_user(MONITORING_KIND, MONITORING_USER, now_ms())
            .await?)
    }

    async fn load_source(&self, id: i64) -> ApiResult<AlertSourceRecord> {
        self.store.alert_source(id).await?.ok_or_else(|| {
            ApiError::said(
                ErrorCode::NotFound,
                msg!("alerts-no-source", id = id.to_string()),
            )
        })
    }

    async fn load_ticket(&self, id: i64) -> ApiResult<Ticket> {
        self.store.ticket(id).await?.ok_or_else(|| {
            ApiError::said(
                ErrorCode::NotFound,
                msg!(
                    "ticket-no-number",
                    ticket = crate::dto::number(id).to_string()
                ),
            )
        })
    }

    /// Checks the form and turns it into what the store keeps.
    async fn check_source(&self, input: &AlertSourceInput) -> ApiResult<AlertSourceWrite> {
        let name = sb_domain::required("name", &input.name, Limits::NAME)?;
        let base_url = normalize_base_url(&input.base_url)?;
        let filter = clean_filter(&input.filter);
        for m in &filter {
            check_matcher(m).map_err(|why| ApiError::invalid_said("filter", why))?;
        }
        if !POLL_SECONDS.contains(&input.poll_seconds) {
            return Err(ApiError::invalid_said(
                "pollSeconds",
                msg!(
                    "alerts-poll-range",
                    min = *POLL_SECONDS.start(),
                    max = *POLL_SECONDS.end()
                ),
            ));
        }
        let m = &input.mapping;
        for (field, label) in [
            ("clientLabel", &m.client_label),
            ("directionLabel", &m.direction_label),
            ("severityLabel", &m.severity_label),
        ] {
            check_label_name(label.trim()).map_err(|why| ApiError::invalid_said(field, why))?;
        }
        let directions = self.store.directions().await?;
        let known_direction = |field: &str, d: &str| -> ApiResult<()> {
            if directions.iter().any(|x| x == d) {
                Ok(())
            } else {
                Err(ApiError::invalid_said(
                    field,
                    msg!(
                        "alerts-direction-unknown",
                        direction = d,
                        known = directions.join(", ")
                    ),
                ))
            }
        };
        let mut seen = BTreeSet::new();
        for rule in &m.direction_map {
            if rule.value.trim().is_empty() {
                return Err(ApiError::invalid_said(
                    "directionMap",
                    msg!("alerts-row-needs-label-value"),
                ));
            }
            if !seen.insert(rule.value.trim().to_lowercase()) {
                return Err(ApiError::invalid_said(
                    "directionMap",
                    msg!("alerts-value-twice", value = rule.value.trim()),
                ));
            }
            known_direction("directionMap", rule.direction.trim())?;
        }
        if let Some(d) = m
            .default_direction
            .as_deref()
            .filter(|d| !d.trim().is_empty())
        {
            known_direction("defaultDirection", d.trim())?;
        }
        let mut seen = BTreeSet::new();
        for rule in &m.severity_map {
            if rule.value.trim().is_empty() {
                return Err(ApiError::invalid_said(
                    "severityMap",
                    msg!("alerts-row-needs-severity"),
                ));
            }
            if !seen.insert(rule.value.trim().to_lowercase()) {
                return Err(ApiError::invalid_said(
                    "severityMap",
                    msg!("alerts-value-twice", value = rule.value.trim()),
                ));
            }
        }
        let mapping = AlertMappingDto {
            client_label: m.client_label.trim().to_string(),
            direction_label: m.direction_label.trim().to_string(),
            direction_map: m
                .direction_map
                .iter()
                .map(|r| DirectionRule {
                    value: r.value.trim().to_string(),
                    direction: r.direction.trim().to_string(),
                })
                .collect(),
            default_direction: m
                .default_direction
                .as_deref()
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_string),
            severity_label: m.severity_label.trim().to_string(),
            severity_map: m
                .severity_map
                .iter()
                .map(|r| SeverityRule {
                    value: r.value.trim().to_lowercase(),
                    impact: r.impact,
                    urgency: r.urgency,
                })
                .collect(),
            unknown_impact: m.unknown_impact,
            unknown_urgency: m.unknown_urgency,
        };
        Ok(AlertSourceWrite {
            name,
            base_url,
            filter: serde_json::to_string(&filter).map_err(internal)?,
            mapping: serde_json::to_string(&mapping).map_err(internal)?,
            poll_seconds: input.poll_seconds,
            enabled: input.enabled,
        })
    }
}

/// What a successful poll says, in the domain's terms.
fn poll_view(
    rows: &BTreeMap<String, AlertRecord>,
    alerts: &[Alert],
    status: &AlertmanagerStatus,
    now: i64,
) -> Poll {
    let firing_rows = rows
        .values()
        .filter(|r| r.state == AlertRowState::Firing)
        .map(|r| r.fingerprint.as_str());
    Poll {
        firing: alerts
            .iter()
            .filter(|a| a.ends_at > now)
            .map(firing_alert)
            .collect(),
        resolved: resolved_fingerprints(firing_rows, alerts, now),
        absence_trusted: can_trust_absence(status, now),
    }
}

fn known_alert(r: &AlertRecord, filter: &str, status: &AlertmanagerStatus) -> KnownAlert {
    KnownAlert {
        fingerprint: r.fingerprint.clone(),
        state: r.state,
        updated_at: r.alert_updated_at,
        ends_at: r.alert_ends_at,
        under_current_filter: r.filter_seen == filter,
        seen_by_this_instance: known_to_this_instance(status, r.alert_updated_at),
    }
}

fn alert_seen<'a>(source: &'a AlertSourceRecord, a: &'a FiringAlert) -> AlertSeen<'a> {
    AlertSeen {
        source_id: source.id,
        fingerprint: &a.fingerprint,
        updated_at: a.updated_at,
        ends_at: a.ends_at,
        filter: &source.filter,
    }
}

fn firing_alert(a: &Alert) -> FiringAlert {
    FiringAlert {
        fingerprint: a.fingerprint.clone(),
        updated_at: a.updated_at,
        ends_at: a.ends_at,
    }
}

/// A ticket like the one that past its reopen window, for the same alert.
fn same_as(
    old: &Ticket,
    alert: &Alert,
    mapping: &AlertMapping,
    actor: i64,
) -> ApiResult<NewTicket> {
    let mapped = mapping.map(alert);
    Ok(NewTicket {
        client_id: old.client_id,
        direction: Direction::parse(&old.direction)?,
        subject: clip(&mapped.subject, Limits::SUBJECT),
        description: clip(&mapped.description, Limits::LONG_TEXT),
        impact: mapped.impact,
        urgency: mapped.urgency,
        priority: Priority::from_matrix(mapped.impact, mapped.urgency),
        channel: sb_domain::Channel::Monitoring,
        line: Line::L1,
        created_by: actor,
    })
}

pub(crate) fn intake_mapping(dto: &AlertMappingDto) -> AlertMapping {
    AlertMapping {
        client_label: dto.client_label.clone(),
        direction_label: dto.direction_label.clone(),
        direction_map: dto
            .direction_map
            .iter()
            .map(|r| (r.value.clone(), r.direction.clone()))
            .collect(),
        severity_label: dto.severity_label.clone(),
        severity_map: dto
            .severity_map
            .iter()
            .map(|r| (r.value.to_lowercase(), (r.impact, r.urgency)))
            .collect(),
        unknown_severity: (dto.unknown_impact, dto.unknown_urgency),
    }
}

fn source_dto(s: AlertSourceRecord) -> ApiResult<AlertSourceDto> {
    let (last_error, last_error_msg) = crate::said::english_and_msg(s.last_error);
    Ok(AlertSourceDto {
        filter: serde_json::from_str(&s.filter).map_err(internal)?,
        mapping: serde_json::from_str(&s.mapping).map_err(internal)?,
        id: s.id,
        name: s.name,
        base_url: s.base_url,
        poll_seconds: s.poll_seconds,
        enabled: s.enabled,
        last_polled_at: s.last_polled_at,
        last_error,
        last_error_msg,
        firing: s.firing,
        created_at: s.created_at,
        updated_at: s.updated_at,
    })
}

fn clean_filter(filter: &[String]) -> Vec<String> {
    filter
        .iter()
        .map(|m| m.trim().to_string())
        .filter(|m| !m.is_empty())
        .collect()
}

/// `name="value"`, `name!="value"`, `name=~"regex"`, `name!~"regex"`.
fn check_matcher(m: &str) -> Result<(), Msg> {
    let bad = || msg!("alerts-not-matcher", matcher = m);
    let split = m.find(['=', '!']).ok_or_else(bad)?;
    let (name, rest) = m.split_at(split);
    check_label_name(name.trim()).map_err(|_| bad())?;
    let value = ["=~", "!~", "!=", "="]
        .iter()
        .find_map(|op| rest.strip_prefix(op))
        .ok_or_else(bad)?
        .trim();
    if value.len() < 2 || !value.starts_with('"') || !value.ends_with('"') {
        return Err(bad());
    }
    Ok(())
}

/// Prometheus label names: `[a-zA-Z_][a-zA-Z0-9_]*`.
fn check_label_name(name: &str) -> Result<(), Msg> {
    let mut chars = name.chars();
    let ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else if name.is_empty() {
        Err(msg!("field-required"))
    } else {
        Err(msg!("alerts-not-label-name", name = name))
    }
}

fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => text[..cut].to_string(),
        None => text.to_string(),
    }
}

fn taken_name(e: sb_store::StoreError, name: &str) -> ApiError {
    if e.is_unique_violation() {
        ApiError::invalid_said("name", msg!("alerts-name-taken", name = name))
    } else {
        e.into()
    }
}

fn internal(e: serde_json::Error) -> ApiError {
    ApiError::said(
        ErrorCode::Internal,
        msg!("alerts-stored-unreadable", error = e.to_string()),
    )
}

/// An Alertmanager failure as a message: the server's own words go in as text.
fn alert_msg(e: &AlertError) -> Msg {
    match e {
        AlertError::BadUrl { url, detail } => msg!("alerts-bad-url", url = url, detail = detail),
        AlertError::Unreachable { url, detail } => {
            msg!("alerts-unreachable", url = url, detail = detail)
        }
        AlertError::Timeout { url, seconds } => {
            msg!("alerts-timeout", url = url, seconds = *seconds)
        }
        AlertError::Status {
            url,
            status,
            detail,
            ..
        } => msg!(
            "alerts-http-status",
            url = url,
            status = *status,
            detail = detail
        ),
        AlertError::NotAlertmanager { url, detail } => {
            msg!("alerts-not-alertmanager", url = url, detail = detail)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matchers_and_label_names() {
        for ok in [
            "customer=\"acme\"",
            "service=~\"db.*\"",
            "severity!=\"info\"",
            "x !~ \"a|b\"",
        ] {
            assert_eq!(check_matcher(ok), Ok(()), "{ok}");
        }
        for bad in ["customer", "customer=acme", "=\"x\"", "1a=\"x\"", "a==\"x"] {
            assert!(check_matcher(bad).is_err(), "{bad}");
        }
        assert!(check_label_name("customer_2").is_ok());
        assert!(check_label_name("2x").is_err());
        assert!(check_label_name("").is_err());
    }

    #[test]
    fn clipping_counts_characters() {
        assert_eq!(clip("привет", 3), "при");
        assert_eq!(clip("ok", 3), "ok");
    }

    #[test]
    fn mapping_round_trips_into_the_intake_mapping() {
        let dto = AlertMappingDto::default();
        let m = intake_mapping(&dto);
        assert_eq!(m, AlertMapping::default());
    }
}
