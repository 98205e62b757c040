//! Vendors and the cases followed at them: the vendor list and its connectors (credentials in
//! the OS keychain), "test connection", escalation (a bond and an outbox message written with
//! the ticket's change), the delivery worker (idempotent, look-up-before-recreate, full-jitter
//! backoff honouring `Retry-After`, a rate limit per vendor, dead letters), the sync worker
//! (each vendor's "changed since" query with an overlap window; replies and status come back),
//! and the vendor scorecard.
//!
//! Architecture Invariant: nothing here calls a vendor while a person waits, except "test
//! connection", which is the person asking to call it.

use std::collections::BTreeMap;
use std::sync::Arc;

use std::time::Duration;

use futures_util::StreamExt;
use sb_domain::delivery::{self, OutboxState};
use sb_domain::lifecycle::check_transition;
use sb_domain::pacing::SharedRate;
use sb_domain::text::Limits;
use sb_domain::vendor::{
    self, effect_status, vendor_effect, Audience, BondClock, BondState, TargetState,
    UnderpinningSla,
};
use sb_domain::work::WorkUnit;
use sb_domain::{Duty, ReopenPolicy, Sensitive, Status, TicketNumber};
use sb_i18n::{msg, Lang, Msg};
use sb_store::{
    BondRecord, BondUpdate, Escalation, StatusChange, VendorMessage, VendorRecord, VendorWrite,
};
use sb_vendors::{
    BodyFormat, CaseRef, CaseUpdate, Connector, Context, NewCase, OutComment, VendorComment,
    VendorError,
};
use serde::{Deserialize, Serialize};

use crate::vendors_dto::*;
use crate::{keychain, now_ms, ApiError, ApiResult, App, ErrorCode};

/// A message is held by the attempt that took it for this many leases of background work (2
/// minutes by default); a crash leaves it due after.
const DELIVERY_LEASES: i64 = 2;
/// Requests one vendor may have in flight at once (each bond's messages stay in order).
const MAX_IN_FLIGHT: usize = 8;
/// How far back each sync looks again, against clock skew and the vendors' own lag.
pub const SYNC_OVERLAP_MS: i64 = 5 * 60_000;
/// The author of what vendors write, on our side.
pub(crate) const VENDOR_USER: &str = "Vendor";
pub(crate) const VENDOR_KIND: &str = "vendor";

/// The case as escalation wrote it into the create message.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CasePayload {
    subject: String,
    description: String,
    priority: sb_domain::Priority,
    client: String,
    direction: String,
}

/// What one delivery attempt came to.
enum Attempt {
    Sent,
    Retry,
    Dead,
    /// Another worker (another desktop on the same database) took the message first.
    TakenElsewhere,
}

/// The vendor workers' nudge to deliver now, and the HTTP client (the rate limits are in the
/// database, shared by every process).
#[derive(Debug, Default)]
pub struct VendorRuntime {
    pub(crate) nudge: tokio::sync::Notify,
    http: std::sync::RwLock<sb_vendors::Http>,
}

impl App {
    // --- vendors ------------------------------------------------------------------------

    /// The kinds of vendor systems there are connectors for, with their settings.
    pub fn connector_kinds(&self) -> Vec<ConnectorKindDto> {
        connector_kinds()
    }

    pub async fn vendors(&self) -> ApiResult<Vec<VendorDto>> {
        self.store
            .vendors()
            .await?
            .into_iter()
            .map(|v| self.vendor_dto(v))
            .collect()
    }

    pub async fn vendor(&self, id: i64) -> ApiResult<VendorDto> {
        let v = self.load_vendor(id).await?;
        self.vendor_dto(v)
    }

    /// A vendor by id or by name (what people type in the CLI).
    pub async fn vendor_ref(&self, reference: &str) -> ApiResult<i64> {
        let list = self.store.vendors().await?;
        let r = reference.trim();
        list.iter()
            .find(|v| v.id.to_string() == r || v.v.name.eq_ignore_ascii_case(r))
            .map(|v| v.id)
            .ok_or_else(|| {
                let known = list
                    .iter()
                    .map(|v| v.v.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                ApiError::said(
                    ErrorCode::NotFound,
                    msg!("vendor-unknown", name = r, known = known),
                )
            })
    }

    pub async fn create_vendor(&self, input: VendorInput) -> ApiResult<VendorDto> {
        self.require(Duty::Vendors)?;
        let write = vendor_write(&input)?;
        let id = self.store.create_vendor(&write, now_ms()).await?;
        self.store_vendor_secret(id, input.secret.as_deref())?;
        self.vendor(id).await
    }

    pub async fn update_vendor(&self, id: i64, input: VendorInput) -> ApiResult<VendorDto> {
        self.require(Duty::Vendors)?;
        let before = self.load_vendor(id).await?;
        let write = vendor_write(&input)?;
        self.store.update_vendor(id, &write, now_ms()).await?;
        let settings: sb_vendors::Settings =
            serde_json::from_str(&before.v.settings).unwrap_or_default();
        if input.secret.is_none()
            && !sb_vendors::keeps_secret(&before.v.kind, &settings, &input.kind, &input.settings)
        {
            // Another host, header or login without a new secret: the old one is forgotten,
            // never sent there; the vendor asks for it again.
            keychain::forget_said(&self.vendor_account(id), &msg!("vendor-secret-forgot-why"))?;
            self.forget_secret_checks();
        }
        self.store_vendor_secret(id, input.secret.as_deref())?;
        if input.secret.is_some() {
            // New credentials: whom they sign in as is learnt again at the next check.
            self.store.set_vendor_account(id, None).await?;
        }
        self.vendor(id).await
    }

    /// Removes a vendor that never had a case; one with cases is disabled (history stays).
    /// Returns whether it was removed.
    pub async fn remove_vendor(&self, id: i64) -> ApiResult<bool> {
        self.require(Duty::Vendors)?;
        let removed = self.store.delete_vendor(id).await?;
        if removed {
            keychain::delete(&self.vendor_account(id))?;
        }
        Ok(removed)
    }

    /// "Test connection": signs in to the vendor and says exactly what is wrong.
    pub async fn test_vendor(&self, id: i64) -> ApiResult<VendorCheckDto> {
        let v = self.load_vendor(id).await?;
        let outcome = async {
            let c = self.connector(&v).await?;
            let who = c.check().await?;
            self.verify_account(&v, c.as_ref()).await?;
            Ok::<_, WorkFailure>(who)
        }
        .await;
        // The workspace failing (its database, behind the email connector's mailer too) is
        // the request's error, not a verdict on the vendor.
        Ok(match vendor_outcome(outcome)? {
            Ok(who) => VendorCheckDto {
                ok: true,
                class: "ok".into(),
                msg: msg!("vendor-check-ok", who = who.as_str()),
                message: who,
            },
            Err(e) => VendorCheckDto {
                ok: false,
                class: e.class().into(),
                msg: vendor_error_msg(&e),
                message: e.to_string(),
            },
        })
    }

    /// Whether the credentials sign in as the account the vendor was set up with: learnt the
    /// first time, refused as bad credentials when they name someone else. Asked before a
    /// delivery run's first request, so a wrong key never writes as another user (Anonymous).
    async fn verify_account(&self, v: &VendorRecord, c: &dyn Connector) -> Result<(), WorkFailure> {
        let Some(login) = c.account().await? else {
            return Ok(());
        };
        match v.account.as_deref() {
            Some(known) if known == login => Ok(()),
            Some(known) => Err(wrong_account(&v.v.name, &login, known).into()),
            None => Ok(self.store.set_vendor_account(v.id, Some(&login)).await?),
        }
    }

    fn store_vendor_secret(&self, id: i64, secret: Option<&str>) -> ApiResult<()> {
        self.forget_secret_checks();
        match secret {
            None => Ok(()),
            Some("") => keychain::delete(&self.vendor_account(id)),
            Some(s) => keychain::set(&self.vendor_account(id), &Sensitive::new(s.to_string())),
        }
    }

    /// The keychain entry of a vendor's secret: per database, since ids repeat across them.
    fn vendor_account(&self, id: i64) -> String {
        format!("{}#vendor-{id}", self.location)
    }

    async fn load_vendor(&self, id: i64) -> ApiResult<VendorRecord> {
        self.store.vendor(id).await?.ok_or_else(|| {
            ApiError::said(
                ErrorCode::NotFound,
                msg!("vendor-no-id", id = id.to_string()),
            )
        })
    }

    fn vendor_dto(&self, v: VendorRecord) -> ApiResult<VendorDto> {
        let has_secret = keychain::get(&self.vendor_account(v.id))?.is_some();
        let kind_label = sb_vendors::kind_word(&v.v.kind);
        let (last_sync_error, last_sync_error_msg) =
            crate::said::english_and_msg(v.last_sync_error);
        Ok(VendorDto {
            id: v.id,
            name: v.v.name,
            directions: serde_json::from_str(&v.v.directions).unwrap_or_default(),
            kind: v.v.kind,
            kind_label,
            settings: serde_json::from_str(&v.v.settings).unwrap_or_default(),
            sla: sla_list(&v.v.sla),
            contacts: serde_json::from_str(&v.v.contacts).unwrap_or_default(),
            per_minute: v.v.per_minute,
            enabled: v.v.enabled,
            has_secret,
            last_sync_at: v.last_sync_at,
            last_sync_error,
            last_sync_error_msg,
            open_cases: v.open_bonds,
            account: v.account,
            gone_cases: v.gone_bonds,
        })
    }

    async fn connector(&self, v: &VendorRecord) -> Result<Box<dyn Connector>, VendorError> {
        // The workspace's http_body_bytes; unreadable (the database busy), its default.
        let body_cap = self.input_limits().await.unwrap_or_default().http_body();
        let settings: sb_vendors::Settings = serde_json::from_str(&v.v.settings).map_err(|e| {
            VendorError::Config(msg!(
                "vendor-config-settings-damaged",
                error = e.to_string()
            ))
        })?;
        let account = self.vendor_account(v.id);
        let secret = keychain::get(&account).map_err(own_failure)?;
        if secret.is_none() {
            if let Ok(Some(why)) = keychain::forgotten_why(&account) {
                return Err(VendorError::Config(msg!(
                    "vendor-config-secret-forgotten",
                    vendor = v.v.name.as_str(),
                    why = why
                )));
            }
        }
        let gate = Arc::new(VendorGate {
            store: self.store.clone(),
            name: rate_name(v.id),
            rate: vendor_rate(v),
        });
        let cx = Context {
            http: self
                .vendors
                .http
                .read()
                .map(|h| h.clone())
                .unwrap_or_default()
                .with_gate(gate)
                .with_body_cap(body_cap),
            mailer: Some(Arc::new(crate::email::VendorMailer {
                store: self.store.clone(),
                location: self.location.to_string(),
            })),
        };
        sb_vendors::connect(&v.v.kind, &settings, secret, &cx)
    }

    // --- escalation ---------------------------------------------------------------------

    /// "Escalate to vendor": a bond and its create message in one transaction with the
    /// ticket's move to `pending_vendor`; the worker opens the case a moment later.
    pub async fn escalate(&self, input: EscalateInput) -> ApiResult<BondDto> {
        let actor = self.actor()?;
        let note = sb_domain::text::optional("note", input.note.as_deref(), Limits::LONG_TEXT)?;
        let id = self
            .escalate_as(
                input.ticket_id,
                input.vendor_id,
                note.as_deref(),
                actor.id,
                None,
            )
            .await?;
        self.vendors.nudge.notify_one();
        self.bond(id).await
    }

    /// Escalation by `actor` (a person or a routing rule); inside `writes` when given.
    pub(crate) async fn escalate_as(
        &self,
        ticket_id: i64,
        vendor_id: i64,
        note: Option<&str>,
        actor: i64,
        writes: Option<&mut sb_store::Writes>,
    ) -> ApiResult<i64> {
        let t = self.store.ticket(ticket_id).await?.ok_or_else(|| {
            ApiError::said(
                ErrorCode::NotFound,
                msg!(
                    "ticket-missing",
                    ticket = TicketNumber(ticket_id).to_string()
                ),
            )
        })?;
        let v = self.load_vendor(vendor_id).await?;
        let directions: Vec<String> = serde_json::from_str(&v.v.directions).unwrap_or_default();
        vendor::check_escalation(&v.v.name, v.v.enabled, &directions, &t.direction, t.status)
            .map_err(|e| {
                let field = match e {
                    vendor::EscalationRefused::TicketFinished { .. } => "ticket",
                    _ => "vendor",
                };
                ApiError::invalid_said(field, escalation_refused(&e, t.id))
            })?;
        let description = match note.map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => format!("{n}\n\n{}", t.description),
            None => t.description.clone(),
        };
        let payload = serde_json::to_string(&CasePayload {
            subject: t.subject.clone(),
            description,
            priority: t.priority,
            client: t.client_name.clone(),
            direction: t.direction.clone(),
        })
        .map_err(internal)?;
        let now = now_ms();
        let status = if t.status == Status::PendingVendor {
            None
        } else {
            let effect = check_transition(
                t.status,
                Status::PendingVendor,
                None,
                t.finished_at(),
                now,
                ReopenPolicy::default(),
            )?;
            Some(StatusChange {
                seen: None,
                ticket_id,
                from: t.status,
                to: Status::PendingVendor,
                effect,
                note: None,
                note_msg: None,
                actor,
                now,
            })
        };
        let e = Escalation {
            ticket_id,
            vendor_id,
            payload: &payload,
            status,
            note: None,
            actor,
            now,
        };
        Ok(match writes {
            Some(w) => w.escalate(&e).await?,
            None => self.store.escalate(&e).await?,
        })
    }

    pub async fn bond(&self, id: i64) -> ApiResult<BondDto> {
        let b = self.store.bond(id).await?.ok_or_else(|| {
            ApiError::said(
                ErrorCode::NotFound,
                msg!("vendor-case-missing", id = id.to_string()),
            )
        })?;
        Ok(bond_dto(b, now_ms()))
    }

    /// The ticket's cases at vendors, for the card.
    pub async fn ticket_bonds(&self, ticket_id: i64) -> ApiResult<Vec<BondDto>> {
        let now = now_ms();
        Ok(self
            .store
            .ticket_bonds(ticket_id)
            .await?
            .into_iter()
            .map(|b| bond_dto(b, now))
            .collect())
    }

    /// "Reopen at vendor": the fix did not hold; the vendor takes its case up again (a reopen
    /// message with `comment`), and the ticket waits on the vendor again.
    pub async fn reopen_bond(&self, bond_id: i64, comment: &str) -> ApiResult<BondDto> {
        let actor = self.actor()?;
        let comment = sb_domain::text::required("comment", comment, Limits::LONG_TEXT)?;
        let b = self.store.bond(bond_id).await?.ok_or_else(|| {
            ApiError::said(
                ErrorCode::NotFound,
                msg!("vendor-case-missing", id = bond_id.to_string()),
            )
        })?;
        let state: BondState = b.state.parse().map_err(internal)?;
        if !state.is_finished() {
            return Err(ApiError::invalid_said(
                "bond",
                msg!(
                    "vendor-case-not-resolved",
                    vendor = b.vendor_name.as_str(),
                    state = b.state.as_str()
                ),
            ));
        }
        let t = self.load(b.ticket_id).await?;
        let now = now_ms();
        let status = if t.status == Status::PendingVendor {
            None
        } else {
            check_transition(
                t.status,
                Status::PendingVendor,
                None,
                t.finished_at(),
                now,
                ReopenPolicy::default(),
            )
            .ok()
            .map(|effect| StatusChange {
                seen: None,
                ticket_id: t.id,
                from: t.status,
                to: Status::PendingVendor,
                effect,
                note: None,
                note_msg: None,
                actor: actor.id,
                now,
            })
        };
        self.store
            .reopen_bond(bond_id, &comment, status, actor.id, now)
            .await?;
        self.vendors.nudge.notify_one();
        self.bond(bond_id).await
    }

    // --- the outbox ---------------------------------------------------------------------

    /// The vendor outbox, newest first (`dead`: the dead letters).
    pub async fn vendor_outbox(
        &self,
        state: Option<OutboxState>,
    ) -> ApiResult<Vec<VendorMessageDto>> {
        Ok(self
            .store
            .vendor_outbox(state, None, 200)
            .await?
            .into_iter()
            .map(message_dto)
            .collect())
    }

    /// Puts a dead letter back in line; the worker delivers it on its next round.
    pub async fn retry_vendor_message(&self, id: i64) -> ApiResult<VendorMessageDto> {
        self.store.retry_vendor_message(id, now_ms()).await?;
        self.vendors.nudge.notify_one();
        let m = self.store.vendor_message(id).await?.ok_or_else(|| {
            ApiError::said(
                ErrorCode::NotFound,
                msg!("vendor-message-missing", id = id.to_string()),
            )
        })?;
        Ok(message_dto(m))
    }

    /// Delivers what is due at `now`: each vendor's messages in order, at its rate limit,
    /// vendors side by side. The clock is the caller's (tests pass later times to skip waits).
    pub async fn deliver_vendor_outbox(&self, now: i64) -> ApiResult<DeliveryReport> {
        let mut vendors: Vec<i64> = self
            .store
            .vendor_outbox_due(None, now, 500)
            .await?
            .into_iter()
            .map(|m| m.vendor_id)
            .collect();
        vendors.sort_unstable();
        vendors.dedup();
        let rounds =
            futures_util::future::join_all(vendors.into_iter().map(|id| {
                self.with_unit(WorkUnit::VendorOut(id), self.deliver_to_vendor(id, now))
            }))
            .await;
        let mut report = DeliveryReport::default();
        for r in rounds {
            match r {
                Ok(r) => {
                    report.sent += r.sent;
                    report.retried += r.retried;
                    report.dead += r.dead;
                }
                Err(e) if e.code == ErrorCode::Busy => {
                    tracing::info!(reason = %e.message, "vendor messages left to the process that holds them");
                }
                Err(e) => return Err(e),
            }
        }
        Ok(report)
    }

    /// One vendor's messages due at `now`, under its lease.
    pub(crate) async fn deliver_to_vendor(
        &self,
        vendor_id: i64,
        now: i64,
    ) -> ApiResult<DeliveryReport> {
        let due = self
            .store
            .vendor_outbox_due(Some(vendor_id), now, 500)
            .await?;
        if due.is_empty() {
            return Ok(DeliveryReport::default());
        }
        self.deliver_for_vendor(vendor_id, due).await
    }

    /// Whether the vendor is there and enabled (its background work stops when not).
    pub(crate) async fn vendor_enabled(&self, vendor_id: i64) -> ApiResult<bool> {
        Ok(self
            .store
            .vendor(vendor_id)
            .await?
            .is_some_and(|v| v.v.enabled))
    }

    /// Whether this desk's keychain holds what the vendor's connector signs in with:
    /// `Err(why not)` when the kind needs a secret and it is missing here.
    pub(crate) async fn vendor_secret_here(&self, vendor_id: i64) -> ApiResult<Result<(), Msg>> {
        let v = self.load_vendor(vendor_id).await?;
        let needs = sb_vendors::kind(&v.v.kind).ok().and_then(|k| k.secret);
        Ok(match needs {
            Some(what) if keychain::get(&self.vendor_account(v.id))?.is_none() => Err(msg!(
                "work-no-secret-here",
                secret = sb_vendors::secret_word(what),
                vendor = v.v.name
            )),
            _ => Ok(()),
        })
    }

    /// One vendor's due messages (at most one a case: the due query holds back a case's later
    /// messages until the earlier are delivered), several at once so that a vendor that answers
    /// slowly is still kept at its rate limit, every request taking a token.
    async fn deliver_for_vendor(
        &self,
        vendor_id: i64,
        messages: Vec<VendorMessage>,
    ) -> ApiResult<DeliveryReport> {
        let v = self.load_vendor(vendor_id).await?;
        // Who the credentials are, asked first (through the vendor's rate gate): a wrong key
        // fails every message of the run, and nothing is written as someone else.
        let connector = async {
            let c = self.connector(&v).await?;
            self.verify_account(&v, c.as_ref()).await?;
            Ok::<_, WorkFailure>(c)
        }
        .await;
        let connector = vendor_outcome(connector)?;
        let connector = connector.as_ref().map(|c| c.as_ref());
        // Enough requests in flight to fill the rate limit while each waits on the vendor.
        let per_second = v.v.per_minute.max(1) as f64 / 60.0;
        let in_flight = (per_second.ceil() as usize).clamp(1, MAX_IN_FLIGHT);
        let outcomes: Vec<ApiResult<Attempt>> = futures_util::stream::iter(messages)
            .map(|m| self.deliver_message(&v, connector, m))
            .buffer_unordered(in_flight)
            .collect()
            .await;
        let mut report = DeliveryReport::default();
        for outcome in outcomes {
            match outcome? {
                Attempt::Sent => report.sent += 1,
                Attempt::Retry => report.retried += 1,
                Attempt::Dead => report.dead += 1,
                Attempt::TakenElsewhere => {}
            }
        }
        Ok(report)
    }

    /// One message to the vendor, and what became of it.
    async fn deliver_message(
        &self,
        v: &VendorRecord,
        connector: Result<&dyn Connector, &VendorError>,
        m: VendorMessage,
    ) -> ApiResult<Attempt> {
        // A vendor reached over HTTP is paced request by request at its gate (see
        // `connector`); one reached by email, message by message here.
        if v.v.kind == sb_vendors::email::INFO.kind {
            self.wait_for_token(v).await?;
        }
        let lease_until = now_ms() + DELIVERY_LEASES * self.work.lease_ms;
        if !self.store.claim_vendor_message(&m, lease_until).await? {
            return Ok(Attempt::TakenElsewhere);
        }
        let outcome = match connector {
            Ok(c) => self.deliver_one(c, &m).await,
            Err(e) => Err(e.clone().into()),
        };
        if let Err(WorkFailure::Unsent(e)) = &outcome {
            // Should the claim run out instead, the attempt counted makes the next one look
            // the case up first, which is safe.
            let unclaim = self.store.unclaim_vendor_message(&m, lease_until);
            crate::work::give_back_claim("vendor outbox", m.id, e, unclaim).await;
        }
        // This workspace could not read or record it (busy, taken over, a database failure
        // behind the email connector's mailer): not the vendor's failure and no attempt of the
        // message's; the round stops and the claim is taken up again.
        let e = match vendor_outcome(outcome)? {
            Ok(()) => return Ok(Attempt::Sent),
            Err(e) => e,
        };
        // A create that may have reached the vendor is looked up before it is made again;
        // give the vendor's search time to find it.
        let floor = if m.kind == "create" {
            delivery::UNKNOWN_CREATE_FLOOR_MS
        } else {
            0
        };
        let retry_at = delivery::POLICY
            .after_failure(
                m.attempts + 1,
                e.failure(),
                floor,
                fastrand::f64(),
                now_ms(),
            )
            .retry_at();
        self.store
            .vendor_message_failed(
                &m,
                &crate::said::keep(&vendor_error_msg(&e)),
                e.failure_class(),
                retry_at,
            )
            .await?;
        Ok(if retry_at.is_some() {
            Attempt::Retry
        } else {
            Attempt::Dead
        })
    }

    /// Waits for the vendor's rate limit, shared by every desk and worker through the
    /// database, to allow one more request.
    async fn wait_for_token(&self, v: &VendorRecord) -> ApiResult<()> {
        loop {
            match self
                .store
                .take_rate(&rate_name(v.id), vendor_rate(v), now_ms())
                .await?
            {
                Ok(()) => return Ok(()),
                Err(wait) => {
                    tokio::time::sleep(Duration::from_millis(u64::try_from(wait).unwrap_or(1)))
                        .await;
                }
            }
        }
    }

    /// One message to the vendor. After an attempt whose outcome nobody knows (`attempts > 0`),
    /// the case or comment is looked up first, so the vendor never gets it twice.
    async fn deliver_one(&self, c: &dyn Connector, m: &VendorMessage) -> Result<(), WorkFailure> {
        let now = now_ms();
        match m.kind.as_str() {
            "create" => {
                let found = if m.attempts > 0 {
                    c.find_case(&m.correlation).await?
                } else {
                    None
                };
                let case = match found {
                    Some(case) => case,
                    None => {
                        let p: CasePayload = serde_json::from_str(&m.payload).map_err(|e| {
                            VendorError::Config(msg!(
                                "vendor-config-message-damaged",
                                error = e.to_string()
                            ))
                        })?;
                        c.create_case(&NewCase {
                            correlation: m.correlation.clone(),
                            ticket_number: TicketNumber(m.ticket_id).to_string(),
                            subject: p.subject,
                            description: p.description,
                            priority: p.priority,
                            client: p.client,
                            direction: p.direction,
                        })
                        .await?
                    }
                };
                self.store
                    .bond_opened(m.bond_id, &case.id, &case.number, case.url.as_deref(), now)
                    .await?;
                self.store.vendor_message_sent(m, None, now).await?;
            }
            "comment" | "reopen" => {
                let case = case_of(m)?;
                let comment = self.out_comment(m).await?;
                let found = if m.attempts > 0 {
                    c.find_comment(&case, &comment.marker).await?
                } else {
                    None
                };
                let external = match found {
                    Some(id) => id,
                    None if m.kind == "reopen" => {
                        c.reopen(&case, &comment).await?;
                        String::new()
                    }
                    None => c.add_comment(&case, &comment).await?,
                };
                let external = Some(external).filter(|e| !e.is_empty());
                self.store
                    .vendor_message_sent(m, external.as_deref(), now)
                    .await?;
            }
            other => {
                return Err(WorkFailure::Vendor(VendorError::Config(msg!(
                    "vendor-config-message-kind",
                    kind = other
                ))))
            }
        }
        Ok(())
    }

    async fn out_comment(&self, m: &VendorMessage) -> Result<OutComment, WorkFailure> {
        let comment_id = m
            .comment_id
            .ok_or_else(|| VendorError::Config(msg!("vendor-config-message-no-comment")))?;
        let c = self.store.comment(comment_id).await?.ok_or_else(|| {
            VendorError::Config(msg!("vendor-config-comment-gone", id = comment_id))
        })?;
        let marker = vendor::comment_marker(&m.idempotency_key);
        Ok(OutComment {
            body: format!("{}\n\n— {}\n{marker}", c.body.trim_end(), c.author_name),
            marker,
            author: c.author_name,
        })
    }

    // --- the sync -----------------------------------------------------------------------

    /// Reads what changed at the vendor since its cursor (minus the overlap window): the
    /// vendor's comments and status come onto the tickets. Safe to repeat.
    pub async fn sync_vendor(&self, vendor_id: i64) -> ApiResult<VendorSyncReport> {
        self.with_unit(
            WorkUnit::VendorSync(vendor_id),
            self.sync_vendor_held(vendor_id),
        )
        .await
    }

    /// [`App::sync_vendor`] under the vendor's lease.
    pub(crate) async fn sync_vendor_held(&self, vendor_id: i64) -> ApiResult<VendorSyncReport> {
        let v = self.load_vendor(vendor_id).await?;
        let now = now_ms();
        let bonds = self.store.bonds_to_sync(vendor_id).await?;
        if bonds.is_empty() || !v.v.enabled {
            return Ok(VendorSyncReport::default());
        }
        // The workspace failing (busy, a database error) is its own, never the vendor's: the
        // unit of work fails with it and nothing is told on the vendor.
        let (cursor, report) = match vendor_outcome(self.sync_bonds(&v, &bonds).await)? {
            Ok((cursor, report)) => (cursor, report),
            Err(e) => {
                let said = vendor_error_msg(&e);
                self.store
                    .set_vendor_synced(vendor_id, None, Some(&crate::said::keep(&said)), now)
                    .await?;
                return Ok(VendorSyncReport {
                    error: Some(said.english()),
                    error_msg: Some(said),
                    ..Default::default()
                });
            }
        };
        // Refused cases are this vendor's problem to see: said on the vendor, not silent.
        let refused = report.refused().map(|m| crate::said::keep(&m));
        self.store
            .set_vendor_synced(vendor_id, cursor, refused.as_deref(), now)
            .await?;
        Ok(report)
    }

    async fn sync_bonds(
        &self,
        v: &VendorRecord,
        bonds: &[BondRecord],
    ) -> Result<(Option<i64>, VendorSyncReport), WorkFailure> {
        let connector = self.connector(v).await?;
        let since = v
            .sync_cursor
            .or_else(|| bonds.iter().filter_map(|b| b.escalated_at).min())
            .unwrap_or(0)
            - SYNC_OVERLAP_MS;
        let cases: Vec<CaseRef> = bonds.iter().filter_map(case_of_bond).collect();
        let mut updates = connector.changes(&cases, since).await?;
        // A reply taken in empty before (HTML read as nothing) is mended: its case is read
        // again from the start, whatever the cursor says.
        let empty = self.store.bonds_with_empty_replies(v.id).await?;
        let mend: Vec<CaseRef> = bonds
            .iter()
            .filter(|b| empty.contains(&b.id))
            .filter(|b| {
                !updates
                    .iter()
                    .any(|u| Some(u.case_id.as_str()) == b.external_id.as_deref())
            })
            .filter_map(case_of_bond)
            .collect();
        if !mend.is_empty() {
            updates.extend(connector.changes(&mend, 0).await?);
        }
        let gone = connector.gone(&cases).await?;
        let author = self
            .store
            .system_user(VENDOR_KIND, VENDOR_USER, now_ms())
            .await?;
        let mut report = VendorSyncReport::default();
        let mut cursor: Option<i64> = None;
        // The earliest change the workspace refused: the cursor stays before it, so it is read
        // again at the next sync, while the other cases are applied now.
        let mut refused_at: Option<i64> = None;
        for u in updates {
            let Some(b) = bonds
                .iter()
                .find(|b| b.external_id.as_deref() == Some(u.case_id.as_str()))
            else {
                continue;
            };
            if gone.contains(&u.case_id) {
                continue;
            }
            let ours = self.store.our_comment_ids(b.id).await?;
            let comments = vendor_replies(&u, &ours);
            let before: BondState = b.state.parse().unwrap_or(BondState::Open);
            let after = BondState::from_vendor(u.status);
            let now = now_ms();
            let t = self.store.ticket(b.ticket_id).await?;
            let ticket = t.and_then(|t| ticket_move(&t, before, after, author.id, now));
            let moved = ticket.is_some();
            let applied = self
                .store
                .apply_bond_update(&BondUpdate {
                    bond_id: b.id,
                    status_raw: &u.status_raw,
                    status: u.status,
                    state: after,
                    comments: &comments,
                    author: author.id,
                    ticket,
                    now,
                })
                .await;
            let applied = match applied {
                Ok(applied) => applied,
                // One case's change refused (a row the database will not take): the others
                // go on; this one is told and read again next time.
                Err(e) => {
                    let e = ApiError::from(e);
                    let error = crate::said::of_error(&e);
                    let said = msg!(
                        "vendor-sync-refused-case",
                        case = u.case_id.as_str(),
                        error = error
                    );
                    report.refusals.push(said);
                    refused_at = Some(refused_at.map_or(u.updated_at, |r| r.min(u.updated_at)));
                    continue;
                }
            };
            cursor = Some(cursor.map_or(u.updated_at, |c| c.max(u.updated_at)));
            if applied.changed {
                report.cases_changed += 1;
                report.tickets_moved += i64::from(moved);
            }
            report.comments_added += applied.added as i64;
            report.comments_mended += applied.mended as i64;
        }
        for id in &gone {
            let Some(b) = bonds
                .iter()
                .find(|b| b.external_id.as_deref() == Some(id.as_str()))
            else {
                continue;
            };
            let before: BondState = b.state.parse().unwrap_or(BondState::Open);
            let now = now_ms();
            let t = self.store.ticket(b.ticket_id).await?;
            let ticket = t.and_then(|t| ticket_move(&t, before, BondState::Closed, author.id, now));
            report.tickets_moved += i64::from(ticket.is_some());
            self.store.bond_gone(b.id, ticket, author.id, now).await?;
            report.cases_changed += 1;
            report.cases_gone += 1;
        }
        if let Some(r) = refused_at {
            cursor = cursor.map(|c| c.min(r - 1));
        }
        Ok((cursor, report))
    }

    /// Whom a public comment on `ticket_id` goes to: the engineer's choice, checked (the vendor
    /// needs a case it still works), or sb-domain's default from the ticket's cases.
    pub(crate) async fn comment_audience(
        &self,
        ticket_id: i64,
        chosen: Option<Audience>,
    ) -> ApiResult<Audience> {
        let bonds = self.store.ticket_bonds(ticket_id).await?;
        let states: Vec<BondState> = bonds.iter().filter_map(|b| b.state.parse().ok()).collect();
        let audience = chosen.unwrap_or_else(|| Audience::default_for(&states));
        if audience.reaches_vendor() && !states.iter().any(|s| s.takes_comments()) {
            let resolved = bonds.iter().rev().find(|b| {
                b.state
                    .parse::<BondState>()
                    .is_ok_and(|s| s == BondState::Resolved)
            });
            return Err(ApiError::invalid_said(
                "audience",
                match resolved {
                    Some(b) => msg!(
                        "vendor-comment-case-resolved",
                        vendor = b.vendor_name.as_str()
                    ),
                    None => msg!(
                        "vendor-comment-no-case",
                        ticket = TicketNumber(ticket_id).to_string()
                    ),
                },
            ));
        }
        Ok(audience)
    }

    /// Syncs every enabled vendor with cases to follow.
    pub async fn sync_vendors(&self) -> ApiResult<VendorSyncReport> {
        let mut total = VendorSyncReport::default();
        for v in self.store.vendors().await? {
            if !v.v.enabled || v.open_bonds == 0 {
                continue;
            }
            let r = match self.sync_vendor(v.id).await {
                Ok(r) => r,
                Err(e) if e.code == ErrorCode::Busy => {
                    tracing::info!(vendor = %v.v.name, reason = %e.message, "the vendor's sync is left to the process that holds it");
                    continue;
                }
                Err(e) => return Err(e),
            };
            total.cases_changed += r.cases_changed;
            total.comments_added += r.comments_added;
            total.comments_mended += r.comments_mended;
            total.tickets_moved += r.tickets_moved;
            total.cases_gone += r.cases_gone;
            total.refusals.extend(r.refusals.into_iter().map(|refusal| {
                msg!(
                    "vendor-sync-refused-at",
                    vendor = v.v.name.as_str(),
                    refusal = refusal
                )
            }));
            if let Some(e) = r.error_msg {
                let said = msg!("vendor-sync-failed", vendor = v.v.name.as_str(), error = e);
                total.error = Some(said.english());
                total.error_msg = Some(said);
            }
        }
        Ok(total)
    }

    // --- the scorecard ------------------------------------------------------------------

    /// Per vendor and direction: cases, median and p90 turnaround, breaches of the vendor's
    /// underpinning SLA.
    pub async fn vendor_scorecard(&self) -> ApiResult<Vec<ScorecardRowDto>> {
        let timings = self.store.bond_timings().await?;
        self.scorecard_of(timings).await
    }

    /// The scorecard of some vendor cases (all of them, or a period's).
    pub(crate) async fn scorecard_of(
        &self,
        timings: Vec<sb_store::BondTiming>,
    ) -> ApiResult<Vec<ScorecardRowDto>> {
        let vendors = self.store.vendors().await?;
        let now = now_ms();
        let mut groups: BTreeMap<(i64, String), Vec<BondClock>> = BTreeMap::new();
        for t in timings {
            groups
                .entry((t.vendor_id, t.direction))
                .or_default()
                .push(BondClock {
                    escalated_at: t.escalated_at,
                    acknowledged_at: t.acknowledged_at,
                    resolved_at: t.resolved_at,
                });
        }
        let mut rows = Vec::new();
        for ((vendor_id, direction), clocks) in groups {
            let Some(v) = vendors.iter().find(|v| v.id == vendor_id) else {
                continue;
            };
            let sla = sla_for(&v.v.sla, &direction);
            let card = vendor::scorecard(&clocks, sla, now);
            rows.push(ScorecardRowDto {
                vendor_id,
                vendor_name: v.v.name.clone(),
                direction,
                cases: card.cases,
                resolved: card.resolved,
                median_turnaround_minutes: card.median_turnaround_minutes,
                p90_turnaround_minutes: card.p90_turnaround_minutes,
                median_acknowledge_minutes: card.median_acknowledge_minutes,
                acknowledge_breaches: card.acknowledge_breaches,
                resolve_breaches: card.resolve_breaches,
                acknowledge_target_minutes: sla.acknowledge_minutes,
                resolve_target_minutes: sla.resolve_minutes,
            });
        }
        rows.sort_by(|a, b| {
            a.vendor_name
                .cmp(&b.vendor_name)
                .then(a.direction.cmp(&b.direction))
        });
        Ok(rows)
    }

    /// How long to wait for vendors (connecting, and a whole request).
    pub fn set_vendor_timeouts(&self, options: sb_vendors::HttpOptions) {
        if let Ok(mut h) = self.vendors.http.write() {
            *h = sb_vendors::Http::new(options);
        }
    }

    /// The system user "Vendor": the author of what vendors write, on our side.
    pub(crate) async fn vendor_user(&self) -> ApiResult<sb_store::User> {
        Ok(self
            .store
            .system_user(VENDOR_KIND, VENDOR_USER, now_ms())
            .await?)
    }

    /// Tells the delivery worker there is something to deliver now.
    pub(crate) fn vendors_nudge(&self) {
        self.vendors.nudge.notify_one();
    }
}

/// A vendor's rate limit at its HTTP client: every request of every connector call (deliveries,
/// the sync, "Test connection") takes its turn from the limit in the database, which every
/// process of the workspace shares.
#[derive(Debug)]
struct VendorGate {
    store: sb_store::Store,
    name: String,
    rate: SharedRate,
}

#[async_trait::async_trait]
impl sb_vendors::RateGate for VendorGate {
    async fn admit(&self) {
        loop {
            match self.store.take_rate(&self.name, self.rate, now_ms()).await {
                Ok(Ok(())) => return,
                Ok(Err(wait)) => {
                    tokio::time::sleep(Duration::from_millis(u64::try_from(wait).unwrap_or(1)))
                        .await;
                }
                Err(e) => {
                    // The database away: the request goes (the vendor's own 429 still paces
                    // it), and the failure is seen.
                    tracing::warn!(limit = %self.name, error = %e, "the shared rate limit could not be read");
                    return;
                }
            }
        }
    }

    async fn slow_down(&self, ms: i64) {
        if let Err(e) = self
            .store
            .pause_rate(&self.name, self.rate, now_ms() + ms)
            .await
        {
            tracing::warn!(limit = %self.name, error = %e, "the vendor's wait could not be shared");
        }
    }
}

/// The name of a vendor's shared rate limit.
fn rate_name(vendor_id: i64) -> String {
    format!("vendor:{vendor_id}")
}

/// A vendor's rate limit: its requests a minute, one at a time.
fn vendor_rate(v: &VendorRecord) -> SharedRate {
    SharedRate::per_minute(v.v.per_minute, 1)
}

/// The vendor's replies on a case as our comments will carry them: HTML turned into text (the
/// same path as mail), ours left out (by the id the vendor gave us, else by the marker standing
/// alone as the last line), the part quoting earlier messages trimmed as in mail. A reply with
/// no words is left for a later sync rather than added empty.
fn vendor_replies(u: &CaseUpdate, ours: &[String]) -> Vec<(String, String, String, i64)> {
    u.comments
        .iter()
        .filter_map(|c| {
            let text = reply_text(c);
            if vendor::is_our_comment(&c.id, &text, ours) {
                return None;
            }
            // Written above the quote (the mail rule), else below it; never nothing.
            let mut reply = vendor::without_attribution(&sb_intake::email::new_text(&text));
            if reply.trim().is_empty() {
                reply = vendor::unquoted(&text);
            }
            let body = if reply.trim().is_empty() { text } else { reply };
            let body = sb_domain::text::without_nul(body.trim_end());
            (!body.trim().is_empty()).then(|| {
                (
                    sb_domain::text::without_nul(&c.id),
                    sb_domain::text::without_nul(&c.author),
                    body,
                    c.at,
                )
            })
        })
        .collect()
}

/// A vendor's comment as plain text.
fn reply_text(c: &VendorComment) -> String {
    match c.format {
        BodyFormat::Text => c.body.replace("\r\n", "\n"),
        BodyFormat::Html => sb_intake::email::html_to_text(&c.body),
    }
}

/// The ticket's move when its bond goes from `before` to `after`, if it moves.
fn ticket_move(
    t: &sb_store::Ticket,
    before: BondState,
    after: BondState,
    actor: i64,
    now: i64,
) -> Option<StatusChange<'static>> {
    let to = effect_status(vendor_effect(before, after, t.status))?;
    let effect = check_transition(
        t.status,
        to,
        None,
        t.finished_at(),
        now,
        ReopenPolicy::default(),
    )
    .ok()?;
    Some(StatusChange {
        seen: None,
        ticket_id: t.id,
        from: t.status,
        to,
        effect,
        note: None,
        note_msg: None,
        actor,
        now,
    })
}

/// Why a ticket cannot go to a vendor, for its reader.
fn escalation_refused(e: &vendor::EscalationRefused, ticket_id: i64) -> Msg {
    let ticket = TicketNumber(ticket_id).to_string();
    match e {
        vendor::EscalationRefused::VendorDisabled { vendor } => {
            msg!(
                "vendor-escalation-vendor-disabled",
                ticket = ticket,
                vendor = vendor.as_str()
            )
        }
        vendor::EscalationRefused::DirectionNotServed {
            vendor,
            direction,
            serves,
        } => msg!(
            "vendor-escalation-direction-not-served",
            ticket = ticket,
            vendor = vendor.as_str(),
            direction = direction.as_str(),
            serves = serves.as_str()
        ),
        vendor::EscalationRefused::TicketFinished { status } => msg!(
            "vendor-escalation-ticket-finished",
            ticket = ticket,
            status = status.as_str()
        ),
    }
}

/// What went wrong talking to a vendor, for its reader: the class in words, and the vendor's
/// own words (or the detail) as they came.
pub(crate) fn vendor_error_msg(e: &VendorError) -> Msg {
    match e {
        VendorError::Unreachable(d) => msg!("vendor-error-unreachable", detail = d.as_str()),
        VendorError::Tls(d) => msg!("vendor-error-tls", detail = d.as_str()),
        VendorError::Timeout(d) => msg!("vendor-error-timeout", detail = d.as_str()),
        VendorError::BadCredentials(d) => {
            msg!("vendor-error-bad-credentials", detail = d.as_str())
        }
        VendorError::Forbidden(d) => msg!("vendor-error-forbidden", detail = d.as_str()),
        VendorError::NotFound(d) => msg!("vendor-error-not-found", detail = d.as_str()),
        VendorError::Rejected(d) => msg!("vendor-error-rejected", detail = d.as_str()),
        VendorError::RateLimited {
            retry_after_ms: Some(ms),
        } => msg!(
            "vendor-error-rate-limited-retry",
            seconds = (ms + 999) / 1000
        ),
        VendorError::RateLimited {
            retry_after_ms: None,
        } => msg!("vendor-error-rate-limited"),
        VendorError::Server {
            status, message, ..
        } => msg!(
            "vendor-error-server",
            status = *status,
            detail = message.as_str()
        ),
        VendorError::Protocol(d) => msg!("vendor-error-protocol", detail = d.as_str()),
        VendorError::WrongAccount(m) | VendorError::Config(m) => m.clone(),
        VendorError::Local(f) => crate::said::of_error(&taken_back(f)),
    }
}

/// Credentials that sign in as `login` where `vendor` was set up as `expected`: refused as bad
/// credentials, saying whose to enter.
fn wrong_account(vendor: &str, login: &str, expected: &str) -> VendorError {
    VendorError::WrongAccount(msg!(
        "vendor-error-bad-credentials",
        detail = msg!(
            "vendor-wrong-account",
            vendor = vendor,
            login = login,
            expected = expected
        )
    ))
}

/// This desk's own part of a vendor's work failing (the vendor's secret from the keychain, the
/// email connector's mailbox and its password): what waits for a person here (a secret
/// missing, the mailbox gone) stops the work as the vendor's settings would, with its message
/// (or its text as it came); anything else (the database, the keychain away) is the
/// workspace's own ([`local`]).
pub(crate) fn own_failure(e: ApiError) -> VendorError {
    if e.waits_for_a_person() {
        VendorError::Config(
            e.msg
                .unwrap_or_else(|| msg!("vendor-error-settings", detail = e.message)),
        )
    } else {
        local(e)
    }
}

/// The workspace's own failure (its database) inside a connector's call to sb-app (the email
/// connector's mailer), carried through sb-vendors, which knows no `ApiError`, as
/// `VendorError::Local`; [`WorkFailure`] takes it back before any delivery policy.
pub(crate) fn local(e: ApiError) -> VendorError {
    VendorError::Local(sb_vendors::LocalFailure::new(e))
}

/// The workspace's error that [`local`] carried through a connector, as it went in.
fn taken_back(f: &sb_vendors::LocalFailure) -> ApiError {
    f.downcast_ref::<ApiError>()
        .cloned()
        .unwrap_or_else(|| internal(f))
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Internal, e.to_string())
}

fn case_of(m: &VendorMessage) -> Result<CaseRef, VendorError> {
    Ok(CaseRef {
        id: m
            .external_id
            .clone()
            .ok_or_else(|| VendorError::Config(msg!("vendor-config-no-case-yet")))?,
        number: m.external_number.clone().unwrap_or_default(),
        url: m.external_url.clone(),
    })
}

fn case_of_bond(b: &BondRecord) -> Option<CaseRef> {
    Some(CaseRef {
        id: b.external_id.clone()?,
        number: b.external_number.clone().unwrap_or_default(),
        url: b.external_url.clone(),
    })
}

/// Checks the form and turns it into the stored record.
fn vendor_write(input: &VendorInput) -> ApiResult<VendorWrite> {
    let name = sb_domain::text::required("name", &input.name, Limits::NAME)?;
    sb_vendors::check_settings(&input.kind, &input.settings)
        .map_err(|e| ApiError::invalid_said("settings", vendor_error_msg(&e)))?;
    if !(1..=100_000).contains(&input.per_minute) {
        return Err(ApiError::invalid_said(
            "perMinute",
            msg!(
                "vendor-per-minute-range",
                min = 1,
                max = 100_000,
                usual = 60
            ),
        ));
    }
    let mut directions: Vec<String> = input
        .directions
        .iter()
        .map(|d| d.trim().to_lowercase())
        .filter(|d| !d.is_empty())
        .collect();
    directions.sort();
    directions.dedup();
    let mut sla = BTreeMap::new();
    for s in &input.sla {
        for (field, v) in [
            ("acknowledge", s.acknowledge_minutes),
            ("resolve", s.resolve_minutes),
        ] {
            if v.is_some_and(|m| m <= 0) {
                return Err(ApiError::invalid_said(
                    "sla",
                    msg!("vendor-sla-minutes", target = field),
                ));
            }
        }
        let key = match s.direction.trim() {
            "" => "*".to_string(),
            d => d.to_lowercase(),
        };
        sla.insert(
            key,
            UnderpinningSla {
                acknowledge_minutes: s.acknowledge_minutes,
                resolve_minutes: s.resolve_minutes,
            },
        );
    }
    for c in &input.contacts {
        if c.name.trim().is_empty() {
            return Err(ApiError::invalid_said(
                "contacts",
                msg!("vendor-contact-needs-name"),
            ));
        }
        if let Some(e) = c.email.as_deref().filter(|e| !e.trim().is_empty()) {
            if !e.contains('@') {
                return Err(ApiError::invalid_said(
                    "contacts",
                    msg!("vendor-contact-not-email", value = e),
                ));
            }
        }
    }
    Ok(VendorWrite {
        name,
        directions: serde_json::to_string(&directions).map_err(internal)?,
        kind: input.kind.trim().to_string(),
        settings: serde_json::to_string(&input.settings).map_err(internal)?,
        sla: serde_json::to_string(&sla).map_err(internal)?,
        contacts: serde_json::to_string(&input.contacts).map_err(internal)?,
        per_minute: input.per_minute,
        enabled: input.enabled,
    })
}

fn sla_map(json: &str) -> BTreeMap<String, UnderpinningSla> {
    serde_json::from_str(json).unwrap_or_default()
}

fn sla_list(json: &str) -> Vec<VendorSlaDto> {
    sla_map(json)
        .into_iter()
        .map(|(direction, s)| VendorSlaDto {
            direction,
            acknowledge_minutes: s.acknowledge_minutes,
            resolve_minutes: s.resolve_minutes,
        })
        .collect()
}

/// The vendor's SLA for `direction` (from its saved list).
fn sla_for(json: &str, direction: &str) -> UnderpinningSla {
    UnderpinningSla::for_direction(&sla_map(json), direction)
}

fn target_dto(t: TargetState) -> SlaTargetDto {
    let (state, due_at, took_minutes) = match t {
        TargetState::NoTarget => ("none", None, None),
        TargetState::Running { due_at } => ("running", Some(due_at), None),
        TargetState::Met { took_minutes } => ("met", None, Some(took_minutes)),
        TargetState::Breached {
            took_minutes,
            due_at,
        } => ("breached", Some(due_at), took_minutes),
    };
    SlaTargetDto {
        state: state.into(),
        due_at,
        took_minutes,
    }
}

fn bond_dto(b: BondRecord, now: i64) -> BondDto {
    let sla = sla_for(&b.vendor_sla, &b.direction);
    let clock = BondClock {
        escalated_at: b.escalated_at,
        acknowledged_at: b.acknowledged_at,
        resolved_at: b.resolved_at,
    };
    let takes_comments = b
        .state
        .parse::<BondState>()
        .is_ok_and(BondState::takes_comments);
    let (last_error, last_error_msg) = crate::said::english_and_msg(b.last_error);
    BondDto {
        id: b.id,
        ticket_id: b.ticket_id,
        vendor_id: b.vendor_id,
        vendor_name: b.vendor_name,
        correlation: b.correlation,
        case_number: b.external_number,
        case_url: b.external_url,
        vendor_status_raw: b.vendor_status_raw,
        vendor_status: b.vendor_status,
        state: b.state,
        escalated_by: b.created_by_name,
        created_at: b.created_at,
        escalated_at: b.escalated_at,
        acknowledged_at: b.acknowledged_at,
        resolved_at: b.resolved_at,
        last_sync_at: b.last_sync_at,
        pending_messages: b.pending,
        dead_messages: b.dead,
        last_error,
        last_error_msg,
        acknowledge: target_dto(clock.acknowledge(sla, now)),
        resolve: target_dto(clock.resolve(sla, now)),
        gone_at: b.gone_at,
        takes_comments,
    }
}

fn message_dto(m: VendorMessage) -> VendorMessageDto {
    let (last_error, last_error_msg) = crate::said::english_and_msg(m.last_error);
    VendorMessageDto {
        id: m.id,
        bond_id: m.bond_id,
        ticket_id: m.ticket_id,
        ticket_number: TicketNumber(m.ticket_id).to_string(),
        vendor_name: m.vendor_name,
        kind: m.kind,
        state: m.state,
        attempts: m.attempts,
        next_attempt_at: m.next_attempt_at,
        last_error,
        last_error_msg,
        error_class: m.error_class,
        created_at: m.created_at,
        sent_at: m.sent_at,
        case_number: m.external_number,
    }
}

/// Why a vendor's work (a delivery, a sync, the account check) did not go through: the
/// vendor's answer or its absence (classed by the delivery policy, told on the message or the
/// vendor), or this workspace failing to read or record (busy, a database error, the unit taken
/// over). That one is never the vendor's: the round stops with it, a message is not counted as
/// failed (its claim is taken up again by whoever holds the unit), nothing is told on the vendor.
enum WorkFailure {
    Vendor(VendorError),
    Local(ApiError),
    /// The workspace's own failure before anything went to the vendor (the email connector's
    /// mailer reading its mailbox): as `Local`, and a message's claim is given back untried.
    Unsent(ApiError),
}

/// A connector's error is the vendor's, except the workspace's own failure that came back
/// through it (`VendorError::Local`, before anything was sent), which is taken back here,
/// before any policy sees it.
impl From<VendorError> for WorkFailure {
    fn from(e: VendorError) -> WorkFailure {
        match e {
            VendorError::Local(f) => WorkFailure::Unsent(taken_back(&f)),
            e => WorkFailure::Vendor(e),
        }
    }
}

/// What the vendor's side came to (done, or the vendor's failure to tell and class), with the
/// workspace's own failure made the caller's error.
fn vendor_outcome<T>(r: Result<T, WorkFailure>) -> ApiResult<Result<T, VendorError>> {
    match r {
        Ok(t) => Ok(Ok(t)),
        Err(WorkFailure::Vendor(e)) => Ok(Err(e)),
        Err(WorkFailure::Local(e) | WorkFailure::Unsent(e)) => Err(e),
    }
}

impl From<sb_store::StoreError> for WorkFailure {
    fn from(e: sb_store::StoreError) -> WorkFailure {
        WorkFailure::Local(e.into())
    }
}

/// The connector kinds with their words as messages (`vendor-fields.ftl`): a kind's name, each
/// field's label, a hint that explains (an example value goes as it is), the secret's name.
pub(crate) fn connector_kinds() -> Vec<ConnectorKindDto> {
    let id = |s: &str| s.replace('_', "-");
    sb_vendors::kinds()
        .iter()
        .map(|k| ConnectorKindDto {
            kind: k.kind.into(),
            label: sb_vendors::kind_word(k.kind),
            fields: k
                .fields
                .iter()
                .map(|f| {
                    let hint = format!("vendor-hint-{}-{}", id(k.kind), id(f.key));
                    ConnectorFieldDto {
                        key: f.key.into(),
                        label: sb_vendors::field_word(k.kind, f.key),
                        required: f.required,
                        hint: if sb_i18n::has(Lang::En, &hint) {
                            Msg::new(hint)
                        } else {
                            sb_i18n::msg!("vendor-hint-example", example = f.hint)
                        },
                    }
                })
                .collect(),
            secret: k.secret.map(sb_vendors::secret_word),
        })
        .collect()
}

#[cfg(test)]
mod connector_words {
    use super::connector_kinds;
    use sb_i18n::{Lang, Msg};

    /// Every kind, field, hint and secret has words in each language (ids are made from the
    /// connectors' keys, so the id scan of sb-i18n cannot see them).
    #[test]
    fn every_connector_word_exists_in_each_language() {
        let all = |m: &Msg| Lang::ALL.iter().all(|l| sb_i18n::has(*l, &m.id));
        for k in connector_kinds() {
            assert!(all(&k.label), "{}", k.label.id);
            if let Some(s) = &k.secret {
                assert!(all(s), "{}", s.id);
            }
            for f in &k.fields {
                assert!(all(&f.label), "{}", f.label.id);
                assert!(all(&f.hint), "{}", f.hint.id);
            }
        }
        let rt = connector_kinds()
            .into_iter()
            .find(|k| k.kind == "request_tracker")
            .unwrap();
        let field = rt
            .fields
            .iter()
            .find(|f| f.key == "correlation_field")
            .unwrap();
        assert_eq!(field.label.render(Lang::Ru), "Поле для нашей ссылки");
        assert_eq!(field.label.english(), "Custom field for our reference");
        let queue = rt.fields.iter().find(|f| f.key == "queue").unwrap();
        assert_eq!(queue.hint.render(Lang::Ru), "General");
    }
}

#[cfg(test)]
mod sync_words {
    use super::*;
    use sb_i18n::Lang;

    #[test]
    fn refused_case_changes_take_the_russian_plural_of_their_count() {
        let m = |n: usize| msg!("vendor-sync-refused", count = n, reasons = "x");
        assert_eq!(
            m(1).english(),
            "the workspace refused 1 case change, read again at the next sync: x"
        );
        assert!(m(3)
            .english()
            .starts_with("the workspace refused 3 case changes"));
        for (n, words) in [
            (1, "1 изменение обращения"),
            (3, "3 изменения обращений"),
            (5, "5 изменений обращений"),
            (21, "21 изменение обращения"),
            (12, "12 изменений обращений"),
        ] {
            assert!(m(n).render(Lang::Ru).contains(words), "{n}");
        }
    }
}

#[cfg(test)]
mod error_words {
    use super::*;

    /// A wrong account's English is its message's, the one text of it (in the Fluent files),
    /// and a Russian reader reads it in Russian.
    #[test]
    fn a_wrong_account_is_worded_from_its_message() {
        let e = wrong_account("RT Partner", "anon", "switchboard");
        let said = vendor_error_msg(&e);
        assert_eq!(e.to_string(), said.english());
        assert_eq!(
            said.english(),
            "the vendor refused the credentials (wrong or expired token or password): the \
             credentials sign in as \"anon\", but RT Partner was set up as \"switchboard\"; \
             enter switchboard's credentials in the vendor's settings"
        );
        assert_eq!(
            said.render(Lang::Ru),
            "вендор не принял учётные данные (неверный или просроченный токен или пароль): \
             учётные данные входят как «anon», а вендор RT Partner настроен на «switchboard»; \
             введите учётные данные switchboard в настройках вендора"
        );
        assert_eq!(e.class(), "bad_credentials");
    }
}
