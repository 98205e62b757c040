//! Keeping the client informed: the automatic mails (the acknowledgement of a new ticket, the
//! desk waiting for the client, the reminder, the close after no reply, the resolution, the
//! satisfaction request) written in the client's language from the client's template or the
//! workspace's, through the one email outbox; the sweep of tickets waiting for the client
//! (`notices:0`, background work); the rating a client's reply gives; the settings.
//!
//! Architecture Invariant: an automatic mail is never the first response (only a person's
//! public reply is), and each is written once per ticket, kind and occurrence
//! (`sb_store::NoticeWrite`), however many processes sweep.

use sb_domain::inform::{
    check_template, check_wait_days, default_template, rating_of, render, waiting_step,
    MailLanguage, NoticeKind, Rating, Template, Values, Waiting, WaitingStep, WaitingTiming,
};
use std::collections::HashMap;

use sb_domain::work::WorkUnit;
use sb_domain::worktime::WorkCalendar;
use sb_domain::{check_transition, Duty, Priority, ReopenPolicy, Status, TicketNumber};
use sb_intake::email::{Address, InboundEmail};
use sb_store::{
    ClientNoticeSettings, MailboxRecord, NoticeDefaults, NoticeTemplateRecord, NoticeWrite,
    StatusChange, StoreError, Ticket,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::email::Envelope;
use crate::{now_ms, ApiResult, App};

/// The system user automatic mails and automatic closes are written by.
const NOTICE_KIND: &str = "notices";
const NOTICE_USER: &str = "Switchboard";
/// Tickets one sweep looks at per page.
const SWEEP_PAGE: i64 = 200;

/// The workspace's defaults: what every client gets unless its own settings say otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoticeDefaultsDto {
    pub language: MailLanguage,
    /// An acknowledgement with the ticket number when a ticket comes in.
    pub acknowledge: bool,
    /// The mail when the desk waits for the client, the reminder and the close after no reply.
    pub remind: bool,
    /// A satisfaction request when a ticket is closed.
    pub satisfaction: bool,
    pub remind_after_days: i64,
    pub close_after_days: i64,
}

/// A client's settings: its own where set (`None`: as the workspace's), what applies, and
/// every template in both languages (its own or the workspace's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientNoticesDto {
    pub client_id: i64,
    pub language: Option<MailLanguage>,
    pub acknowledge: Option<bool>,
    pub remind: Option<bool>,
    pub satisfaction: Option<bool>,
    pub remind_after_days: Option<i64>,
    pub close_after_days: Option<i64>,
    /// What applies to this client, its own settings over the workspace's.
    pub applied: NoticeDefaultsDto,
    pub templates: Vec<NoticeTemplateDto>,
}

/// A client's own settings; `None` leaves a setting to the workspace's default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientNoticesInput {
    pub client_id: i64,
    pub acknowledge: Option<bool>,
    pub remind: Option<bool>,
    pub satisfaction: Option<bool>,
    pub remind_after_days: Option<i64>,
    pub close_after_days: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoticeTemplateDto {
    pub kind: NoticeKind,
    pub language: MailLanguage,
    pub subject: String,
    pub body: String,
    /// The client's own; else the workspace's.
    pub own: bool,
}

/// A client's own template of one kind in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoticeTemplateInput {
    pub client_id: i64,
    pub kind: NoticeKind,
    pub language: MailLanguage,
    pub subject: String,
    pub body: String,
}

/// The client's answer to the satisfaction request, on the ticket's card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SatisfactionDto {
    pub requested_at: i64,
    pub rating: Option<i64>,
    pub comment: Option<String>,
    pub rated_at: Option<i64>,
}

/// What one sweep of the waiting tickets did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoticeSweepDto {
    pub reminded: i64,
    pub closed: i64,
}

/// What applies to one client.
#[derive(Debug, Clone, Copy)]
struct Applied {
    language: MailLanguage,
    acknowledge: bool,
    remind: bool,
    satisfaction: bool,
    timing: WaitingTiming,
}

impl App {
    // --- settings -----------------------------------------------------------------------

    pub async fn notice_defaults(&self) -> ApiResult<NoticeDefaultsDto> {
        Ok(defaults_dto(&self.store.notice_defaults().await?))
    }

    /// Sets the workspace's defaults (leads, account managers, admins: as the SLA policies).
    pub async fn set_notice_defaults(
        &self,
        input: NoticeDefaultsDto,
    ) -> ApiResult<NoticeDefaultsDto> {
        self.require(Duty::SlaPolicies)?;
        check_wait_days("remindAfterDays", input.remind_after_days)?;
        check_wait_days("closeAfterDays", input.close_after_days)?;
        self.store
            .set_notice_defaults(&NoticeDefaults {
                language: input.language,
                acknowledge: input.acknowledge,
                remind: input.remind,
                satisfaction: input.satisfaction,
                remind_after_days: input.remind_after_days,
                close_after_days: input.close_after_days,
            })
            .await?;
        self.notice_defaults().await
    }

    pub async fn client_notices(&self, client_id: i64) -> ApiResult<ClientNoticesDto> {
        self.client(client_id).await?;
        let own = self.store.client_notice_settings(client_id).await?;
        let language = self.store.client_language(client_id).await?;
        let applied = self.applied(client_id).await?;
        let mine = self.store.notice_templates(client_id).await?;
        let mut templates = Vec::new();
        for &language in MailLanguage::ALL {
            for &kind in NoticeKind::ALL {
                let t = mine
                    .iter()
                    .find(|t| t.kind == kind && t.language == language);
                let (template, own) = match t {
                    Some(t) => (
                        Template {
                            subject: t.subject.clone(),
                            body: t.body.clone(),
                        },
                        true,
                    ),
                    None => (default_template(kind, language), false),
                };
                templates.push(NoticeTemplateDto {
                    kind,
                    language,
                    subject: template.subject,
                    body: template.body,
                    own,
                });
            }
        }
        Ok(ClientNoticesDto {
            client_id,
            language,
            acknowledge: own.acknowledge,
            remind: own.remind,
            satisfaction: own.satisfaction,
            remind_after_days: own.remind_after_days,
            close_after_days: own.close_after_days,
            applied: NoticeDefaultsDto {
                language: applied.language,
                acknowledge: applied.acknowledge,
                remind: applied.remind,
                satisfaction: applied.satisfaction,
                remind_after_days: i64::from(applied.timing.remind_after_days),
                close_after_days: i64::from(applied.timing.close_after_days),
            },
            templates,
        })
    }

    pub async fn set_client_notices(
        &self,
        input: ClientNoticesInput,
    ) -> ApiResult<ClientNoticesDto> {
        self.require(Duty::SlaPolicies)?;
        self.client(input.client_id).await?;
        if let Some(d) = input.remind_after_days {
            check_wait_days("remindAfterDays", d)?;
        }
        if let Some(d) = input.close_after_days {
            check_wait_days("closeAfterDays", d)?;
        }
        self.store
            .set_client_notice_settings(
                input.client_id,
                &ClientNoticeSettings {
                    acknowledge: input.acknowledge,
                    remind: input.remind,
                    satisfaction: input.satisfaction,
                    remind_after_days: input.remind_after_days,
                    close_after_days: input.close_after_days,
                },
            )
            .await?;
        self.client_notices(input.client_id).await
    }

    /// Keeps a client's own template; a placeholder that does not exist or a brace left open
    /// is refused, naming the field.
    pub async fn set_notice_template(
        &self,
        input: NoticeTemplateInput,
    ) -> ApiResult<ClientNoticesDto> {
        self.require(Duty::SlaPolicies)?;
        self.client(input.client_id).await?;
        check_template("subject", &input.subject)?;
        check_template("body", &input.body)?;
        let subject = sb_domain::required("subject", &input.subject, sb_domain::Limits::SUBJECT)?;
        let body = sb_domain::required("body", &input.body, sb_domain::Limits::LONG_TEXT)?;
        self.store
            .set_notice_template(
                input.client_id,
                &NoticeTemplateRecord {
                    kind: input.kind,
                    language: input.language,
                    subject,
                    body,
                    updated_at: now_ms(),
                },
            )
            .await?;
        self.client_notices(input.client_id).await
    }

    /// Gives a client the workspace's template of a kind and language again.
    pub async fn reset_notice_template(
        &self,
        client_id: i64,
        kind: NoticeKind,
        language: MailLanguage,
    ) -> ApiResult<ClientNoticesDto> {
        self.require(Duty::SlaPolicies)?;
        self.client(client_id).await?;
        self.store
            .remove_notice_template(client_id, kind, language)
            .await?;
        self.client_notices(client_id).await
    }

    /// The client's answer to the satisfaction request, if one was sent.
    pub async fn satisfaction(&self, ticket_id: i64) -> ApiResult<Option<SatisfactionDto>> {
        Ok(self
            .store
            .satisfaction(ticket_id)
            .await?
            .map(|s| SatisfactionDto {
                requested_at: s.requested_at,
                rating: s.rating,
                comment: s.comment,
                rated_at: s.rated_at,
            }))
    }

    /// The language a client is written to in: its own, or the workspace's default.
    pub(crate) async fn client_mail_language(&self, client_id: i64) -> ApiResult<MailLanguage> {
        Ok(match self.store.client_language(client_id).await? {
            Some(own) => own,
            None => self.store.notice_defaults().await?.language,
        })
    }

    async fn applied(&self, client_id: i64) -> ApiResult<Applied> {
        let d = self.store.notice_defaults().await?;
        let own = self.store.client_notice_settings(client_id).await?;
        let language = self.store.client_language(client_id).await?;
        let days = |own: Option<i64>, default: i64| {
            u32::try_from(
                own.unwrap_or(default)
                    .clamp(1, sb_domain::inform::MAX_WAIT_DAYS),
            )
            .unwrap_or(1)
        };
        Ok(Applied {
            language: language.unwrap_or(d.language),
            acknowledge: own.acknowledge.unwrap_or(d.acknowledge),
            remind: own.remind.unwrap_or(d.remind),
            satisfaction: own.satisfaction.unwrap_or(d.satisfaction),
            timing: WaitingTiming {
                remind_after_days: days(own.remind_after_days, d.remind_after_days),
                close_after_days: days(own.close_after_days, d.close_after_days),
            },
        })
    }

    /// The author of automatic mails, made on first use (before an intake run's transaction
    /// opens: made inside it, it would wait for the run's own write lock). In a team workspace
    /// the owner makes it (`sb team init`, `sb team upgrade`): no desktop adds people.
    pub(crate) async fn notice_user(&self) -> ApiResult<i64> {
        make_notice_user(&self.store).await
    }

    // --- writing a notice ---------------------------------------------------------------

    /// The mail of `kind` in the client's language, from the client's template or the
    /// workspace's, sent in `envelope` (its subject tagged with the ticket number).
    #[allow(clippy::too_many_arguments)]
    async fn notice_in(
        &self,
        mut envelope: Envelope,
        client: (i64, &str),
        ticket_subject: &str,
        kind: NoticeKind,
        occurrence: i64,
        applied: &Applied,
        now: i64,
    ) -> ApiResult<NoticeWrite> {
        let (client_id, client_name) = client;
        let template = match self
            .store
            .notice_templates(client_id)
            .await?
            .into_iter()
            .find(|t| t.kind == kind && t.language == applied.language)
        {
            Some(t) => Template {
                subject: t.subject,
                body: t.body,
            },
            None => default_template(kind, applied.language),
        };
        let number = TicketNumber(envelope.ticket_id).to_string();
        let requester = envelope
            .to_name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| envelope.to_email.clone());
        let values = Values {
            ticket: &number,
            subject: ticket_subject,
            client: client_name,
            requester: &requester,
            days: days_of(kind, applied.timing),
        };
        let subject = render(&template.subject, &values);
        envelope.subject = if subject.contains(&format!("[{number}]")) {
            subject
        } else {
            format!("[{number}] {subject}")
        };
        let body = render(&template.body, &values);
        let key = format!("notice:{}:{kind}:{occurrence}", envelope.ticket_id);
        Ok(NoticeWrite {
            kind,
            occurrence,
            author: self.notice_user().await?,
            outbox: envelope.outbox(&body, Some(key), now)?,
            body,
        })
    }

    /// The mail of `kind` about a saved ticket to its requester; `None` when the ticket has
    /// nobody to write to (no requester: an alert, a message from an unknown sender taken
    /// from quarantine, a ticket logged without a contact who has an address).
    async fn notice_for(
        &self,
        ticket: &Ticket,
        kind: NoticeKind,
        occurrence: i64,
        applied: &Applied,
        now: i64,
    ) -> ApiResult<Option<NoticeWrite>> {
        let Some(envelope) = self.envelope(ticket, String::new()).await? else {
            return Ok(None);
        };
        self.notice_in(
            envelope,
            (ticket.client_id, &ticket.client_name),
            &ticket.subject,
            kind,
            occurrence,
            applied,
            now,
        )
        .await
        .map(Some)
    }

    /// The mails a person's status change brings, written in its transaction: the desk
    /// waiting for the client, the resolution, and on a close the satisfaction request
    /// (once the client has rated the ticket, not again).
    pub(crate) async fn status_notices(
        &self,
        ticket: &Ticket,
        to: Status,
        now: i64,
    ) -> ApiResult<Vec<NoticeWrite>> {
        let applied = self.applied(ticket.client_id).await?;
        let kinds: Vec<NoticeKind> = match to {
            Status::PendingCustomer if applied.remind => vec![NoticeKind::Waiting],
            Status::Resolved => vec![NoticeKind::Resolved],
            Status::Closed if applied.satisfaction && !self.rated(ticket.id).await? => {
                vec![NoticeKind::SatisfactionRequest]
            }
            _ => Vec::new(),
        };
        let mut notices = Vec::new();
        for kind in kinds {
            notices.extend(self.notice_for(ticket, kind, now, &applied, now).await?);
        }
        Ok(notices)
    }

    async fn rated(&self, ticket_id: i64) -> ApiResult<bool> {
        Ok(self
            .store
            .satisfaction(ticket_id)
            .await?
            .is_some_and(|s| s.rating.is_some()))
    }

    /// The acknowledgement of a ticket made from a message in an intake run (the ticket and
    /// its requester are not committed yet): to the sender, threaded to their message.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn acknowledgement(
        &self,
        mailbox_id: i64,
        ticket_id: i64,
        client_id: i64,
        subject: &str,
        to: &Address,
        message_id: &str,
        now: i64,
    ) -> ApiResult<Option<NoticeWrite>> {
        let applied = self.applied(client_id).await?;
        if !applied.acknowledge {
            return Ok(None);
        }
        let Some(mailbox): Option<MailboxRecord> = self.store.mailbox(mailbox_id).await? else {
            return Ok(None);
        };
        let client = self.client(client_id).await?;
        let envelope = Envelope {
            ticket_id,
            mailbox,
            to_email: to.email.clone(),
            to_name: to.name.clone(),
            subject: String::new(),
            thread: vec![message_id.to_string()],
        };
        self.notice_in(
            envelope,
            (client_id, &client.name),
            subject,
            NoticeKind::Acknowledgement,
            0,
            &applied,
            now,
        )
        .await
        .map(Some)
    }

    /// The acknowledgement of a ticket logged by hand (window, `sb ticket create`) for a
    /// contact with an address: written once, like an emailed ticket's; `false` when the
    /// client's settings say not to or there is nobody to write to.
    pub(crate) async fn acknowledge_logged(&self, ticket_id: i64, now: i64) -> ApiResult<bool> {
        let ticket = self.load(ticket_id).await?;
        let applied = self.applied(ticket.client_id).await?;
        if !applied.acknowledge {
            return Ok(false);
        }
        let Some(notice) = self
            .notice_for(&ticket, NoticeKind::Acknowledgement, 0, &applied, now)
            .await?
        else {
            return Ok(false);
        };
        Ok(self.store.add_notice(ticket_id, &notice, now).await?)
    }

    /// The rating in a client's reply to the satisfaction request of a finished ticket: a
    /// reply threaded to the request (its Message-ID, or the ticket's tag) whose first line
    /// is a digit 1 to 5. `None` for any other reply, which is taken in as before.
    pub(crate) async fn rating_in(
        &self,
        ticket: &Ticket,
        mail: &InboundEmail,
    ) -> ApiResult<Option<Rating>> {
        if !ticket.status.is_finished() || self.store.satisfaction(ticket.id).await?.is_none() {
            return Ok(None);
        }
        let requests = self.store.satisfaction_request_ids(ticket.id).await?;
        let threaded = mail.ticket_number == Some(TicketNumber(ticket.id))
            || mail
                .in_reply_to
                .iter()
                .chain(&mail.references)
                .any(|id| requests.contains(id));
        if !threaded {
            return Ok(None);
        }
        let text = if mail.new_text.trim().is_empty() {
            &mail.full_text
        } else {
            &mail.new_text
        };
        Ok(rating_of(text))
    }

    // --- the sweep of tickets waiting for the client ------------------------------------

    /// Reminds the clients of tickets waiting for them and closes those that waited too long
    /// after the reminder, as at `now` (tests pass later moments), under the `notices:0`
    /// lease; another process holding it answers `busy`.
    pub async fn sweep_notices(&self, now: i64) -> ApiResult<NoticeSweepDto> {
        self.with_unit(WorkUnit::Notices(0), self.sweep_waiting(now))
            .await
    }

    /// One sweep, under the lease of whoever calls it.
    pub(crate) async fn sweep_waiting(&self, now: i64) -> ApiResult<NoticeSweepDto> {
        let mut done = NoticeSweepDto::default();
        let mut after = 0;
        // Read once a sweep: many waiting tickets share a client and a calendar.
        let mut applied_of: HashMap<i64, Applied> = HashMap::new();
        let mut calendars: HashMap<(i64, Priority, String), WorkCalendar> = HashMap::new();
        loop {
            let page = self.store.waiting_tickets(after, SWEEP_PAGE).await?;
            let Some(last) = page.last().map(|w| w.id) else {
                return Ok(done);
            };
            for w in page {
                let applied = match applied_of.get(&w.client_id) {
                    Some(a) => *a,
                    None => {
                        let a = self.applied(w.client_id).await?;
                        applied_of.insert(w.client_id, a);
                        a
                    }
                };
                if !applied.remind {
                    continue;
                }
                let key = (w.client_id, w.priority, w.direction.clone());
                if !calendars.contains_key(&key) {
                    let calendar = self
                        .ticket_calendar(w.client_id, w.priority, &w.direction)
                        .await?;
                    calendars.insert(key.clone(), calendar);
                }
                let calendar = &calendars[&key];
                let waiting = Waiting {
                    since_ms: w.since,
                    reminded_at: w.reminded_at,
                };
                match waiting_step(calendar, applied.timing, waiting, now) {
                    WaitingStep::Wait { .. } => {}
                    WaitingStep::Remind => {
                        let ticket = self.load(w.id).await?;
                        if let Some(n) = self
                            .notice_for(&ticket, NoticeKind::Reminder, w.since, &applied, now)
                            .await?
                        {
                            if self.store.add_notice(w.id, &n, now).await? {
                                done.reminded += 1;
                            }
                        }
                    }
                    WaitingStep::Close => {
                        if self.close_unanswered(w.id, w.since, &applied, now).await? {
                            done.closed += 1;
                        }
                    }
                }
            }
            after = last;
        }
    }

    /// Closes a ticket the client did not answer, with the notice that any reply opens it
    /// again and the satisfaction request, in one transaction; `false` when it moved on
    /// meanwhile (the client answered, a person changed it, another process closed it).
    async fn close_unanswered(
        &self,
        ticket_id: i64,
        since: i64,
        applied: &Applied,
        now: i64,
    ) -> ApiResult<bool> {
        let ticket = self.load(ticket_id).await?;
        if ticket.status != Status::PendingCustomer || ticket.merged_into_id.is_some() {
            return Ok(false);
        }
        // Never a silent close: no address to tell it to, no close.
        let Some(notice) = self
            .notice_for(&ticket, NoticeKind::ClosedNoReply, since, applied, now)
            .await?
        else {
            return Ok(false);
        };
        let mut notices = vec![notice];
        if applied.satisfaction && !self.rated(ticket_id).await? {
            notices.extend(
                self.notice_for(&ticket, NoticeKind::SatisfactionRequest, now, applied, now)
                    .await?,
            );
        }
        let days = days_of(NoticeKind::ClosedNoReply, applied.timing);
        let said = sb_domain::inform::closed_without_reply_note(days);
        let (note, note_msg) = (said.english(), crate::said::keep(&said));
        let effect = check_transition(
            ticket.status,
            Status::Closed,
            Some(&note),
            ticket.finished_at(),
            now,
            ReopenPolicy::default(),
        )?;
        let change = StatusChange {
            ticket_id,
            from: ticket.status,
            to: Status::Closed,
            effect,
            note: Some(&note),
            note_msg: Some(&note_msg),
            actor: self.notice_user().await?,
            now,
            seen: None,
        };
        match self
            .store
            .change_status_with_notices(&change, &notices)
            .await
        {
            Ok(()) => {
                self.refresh_clocks(ticket_id).await;
                Ok(true)
            }
            Err(StoreError::Conflict(_) | StoreError::Stale(_)) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}

/// The "Switchboard" user that automatic mails and closes are written by, made if missing.
pub(crate) async fn make_notice_user(store: &sb_store::Store) -> ApiResult<i64> {
    Ok(store
        .system_user(NOTICE_KIND, NOTICE_USER, now_ms())
        .await?
        .id)
}

/// The number of working days `{days}` stands for in a kind's mail.
fn days_of(kind: NoticeKind, t: WaitingTiming) -> u32 {
    match kind {
        NoticeKind::Waiting => t.remind_after_days,
        NoticeKind::Reminder => t.close_after_days,
        NoticeKind::ClosedNoReply => t.remind_after_days + t.close_after_days,
        _ => 0,
    }
}

fn defaults_dto(d: &NoticeDefaults) -> NoticeDefaultsDto {
    NoticeDefaultsDto {
        language: d.language,
        acknowledge: d.acknowledge,
        remind: d.remind,
        satisfaction: d.satisfaction,
        remind_after_days: d.remind_after_days,
        close_after_days: d.close_after_days,
    }
}
