//! The email channel's use cases: mailbox settings (passwords in the OS keychain), polling a
//! mailbox into tickets and comments, the unknown-sender triage list, the quarantine, the
//! outbox that emails public comments, and the background workers that run both.
//!
//! Architecture Invariant: no mail server is called inside a person's request except the
//! explicit "Test connection" and "Poll now"; a public comment only writes an outbox row.

use std::collections::{HashMap, HashSet};

use base64::Engine;
use sb_domain::limits::InputLimits;
use sb_domain::work::WorkUnit;
use sb_domain::{
    cut, delivery, reply_effect, required, Channel, Direction, Effect, EmailAddress, Level, Limits,
    Line, MailNote, Priority, ReopenPolicy, ReplyEffect, Role, Sensitive, Status, TicketNumber,
};
use sb_intake::email::imap::{Download, ImapSettings, MailCursor, Mailbox};
use sb_intake::email::smtp::{reply_subject, OutgoingEmail, SmtpSettings};
use sb_intake::email::{
    self, Address, Charset, InboundEmail, MailError, ParseError, Partial, Security,
};
use sb_store::{
    AttachmentWrite, FileContent, InboundRecord, MailMessage, MailSource, MailState, MailboxRecord,
    MailboxWrite, NewTicket, OutboxItem, OutboxState, OutboxWrite, Requester, StatusChange,
    StoredFile, Ticket, Writes,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use sb_i18n::{msg, Msg};

use crate::dto::*;
use crate::{keychain, now_ms, ApiError, ApiResult, App, ErrorCode};

/// The outbox kind of an email reply.
const EMAIL_KIND: &str = "email";
/// The system user that email-made tickets and comments are written by.
const EMAIL_USER: &str = "Email";
/// How long one delivery attempt holds its outbox row, in leases of background work (5
/// minutes by default): a process paused mid-send has that long to finish before another sends
/// again (an SMTP server cannot be asked whether it has the message).
const DELIVERY_LEASES: i64 = 5;
const LIST_PAGE: i64 = 100;

/// A mail about a ticket before its text: from which mailbox, to whom, under which subject,
/// after which messages of the conversation (oldest first).
#[derive(Debug, Clone)]
pub(crate) struct Envelope {
    pub ticket_id: i64,
    pub mailbox: MailboxRecord,
    pub to_email: String,
    pub to_name: Option<String>,
    pub subject: String,
    pub thread: Vec<String>,
}

impl Envelope {
    /// The outbox row that sends `body` in this envelope under a Message-ID of our own;
    /// `key` is its idempotency key (else one made of the Message-ID).
    pub(crate) fn outbox(
        &self,
        body: &str,
        key: Option<String>,
        now: i64,
    ) -> ApiResult<OutboxWrite> {
        let domain = self
            .mailbox
            .settings
            .from_address
            .rsplit_once('@')
            .map_or("switchboard.local", |(_, d)| d)
            .to_string();
        let message_id = format!("sb.{}.{now}.{:x}@{domain}", self.ticket_id, random());
        let references: Vec<String> = self.thread.iter().rev().take(20).rev().cloned().collect();
        let payload = EmailPayload {
            mailbox_id: self.mailbox.id,
            to_email: self.to_email.clone(),
            to_name: self.to_name.clone(),
            subject: self.subject.clone(),
            text: body.to_string(),
            message_id: message_id.clone(),
            in_reply_to: self.thread.last().cloned(),
            references,
        };
        Ok(OutboxWrite {
            kind: EMAIL_KIND.to_string(),
            idempotency_key: key.unwrap_or_else(|| format!("email:{message_id}")),
            mailbox_id: Some(self.mailbox.id),
            payload: serde_json::to_string(&payload).map_err(|e| {
                ApiError::said(
                    ErrorCode::Internal,
                    msg!("internal-error", detail = e.to_string()),
                )
            })?,
            sent_message_id: Some(message_id),
        })
    }
}

/// An email reply as kept in the outbox until it is delivered.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct EmailPayload {
    mailbox_id: i64,
    to_email: String,
    to_name: Option<String>,
    subject: String,
    text: String,
    message_id: String,
    in_reply_to: Option<String>,
    references: Vec<String>,
}

impl App {
    // --- settings -----------------------------------------------------------------------

    pub async fn mailboxes(&self) -> ApiResult<Vec<MailboxDto>> {
        let mut out = Vec::new();
        for m in self.store.mailboxes().await? {
            out.push(self.mailbox_dto(m)?);
        }
        Ok(out)
    }

    pub async fn mailbox(&self, id: i64) -> ApiResult<MailboxDto> {
        let m = self.load_mailbox(id).await?;
        self.mailbox_dto(m)
    }

    /// Resolves a mailbox by id or by name: what people type in the CLI.
    pub async fn mailbox_ref(&self, reference: &str) -> ApiResult<i64> {
        if let Some(id) = self.store.mailbox_id_by_name(reference.trim()).await? {
            return Ok(id);
        }
        match reference.trim().parse::<i64>() {
            Ok(id) => Ok(self.load_mailbox(id).await?.id),
            Err(_) => Err(ApiError::said(
                ErrorCode::NotFound,
                msg!("mailbox-no-name", name = reference.trim()),
            )),
        }
    }

    pub async fn create_mailbox(&self, input: MailboxInput) -> ApiResult<MailboxDto> {
        self.require(sb_domain::Duty::Mailboxes)?;
        let write = check_mailbox(&input)?;
        self.check_direction(&write.direction).await?;
        let Some(imap_password) = input.imap_password.as_deref().filter(|p| !p.is_empty()) else {
            return Err(ApiError::invalid_said(
                "imapPassword",
                msg!("mailbox-imap-password-required"),
            ));
        };
        if self.store.mailbox_id_by_name(&write.name).await?.is_some() {
            return Err(ApiError::invalid_said(
                "name",
                msg!("mailbox-name-taken", name = &write.name),
            ));
        }
        let id = self.store.create_mailbox(&write, now_ms()).await?;
        let stored = self.store_passwords(id, Some(imap_password), input.smtp_password.as_deref());
        if let Err(e) = stored {
            // Without its password the mailbox cannot work: do not keep half of it.
            let _ = self.store.delete_mailbox(id).await;
            return Err(e);
        }
        self.mailbox(id).await
    }

    pub async fn update_mailbox(&self, id: i64, input: MailboxInput) -> ApiResult<MailboxDto> {
        self.require(sb_domain::Duty::Mailboxes)?;
        let write = check_mailbox(&input)?;
        self.check_direction(&write.direction).await?;
        if let Some(other) = self.store.mailbox_id_by_name(&write.name).await? {
            if other != id {
                return Err(ApiError::invalid_said(
                    "name",
                    msg!("mailbox-name-taken", name = &write.name),
                ));
            }
        }
        let before = self.load_mailbox(id).await?.settings;
        self.store.update_mailbox(id, &write, now_ms()).await?;
        let imap_password = input.imap_password.as_deref().filter(|p| !p.is_empty());
        // A password kept for one server never goes to another: a changed server, port, login
        // or security (TLS to plain would send it in clear) without a new password forgets the
        // old one, and the mailbox asks for it, saying why.
        let imap_moved = server_change(
            (
                &before.imap_host,
                before.imap_port,
                &before.imap_user,
                &before.imap_security,
            ),
            (
                &write.imap_host,
                write.imap_port,
                &write.imap_user,
                &write.imap_security,
            ),
        );
        if let (Some(why), None) = (imap_moved, imap_password) {
            keychain::forget_said(
                &self.secret_account(id, "imap"),
                &msg!("mailbox-forgot-why", server = "IMAP", changes = why),
            )?;
        }
        let smtp_moved = server_change(
            (
                &before.smtp_host,
                before.smtp_port,
                &before.smtp_user,
                &before.smtp_security,
            ),
            (
                &write.smtp_host,
                write.smtp_port,
                &write.smtp_user,
                &write.smtp_security,
            ),
        );
        if let (Some(why), None) = (smtp_moved, &input.smtp_password) {
            keychain::forget_said(
                &self.secret_account(id, "smtp"),
                &msg!("mailbox-forgot-why", server = "SMTP", changes = why),
            )?;
        }
        self.store_passwords(id, imap_password, input.smtp_password.as_deref())?;
        if write.smtp_user.is_none() {
            keychain::delete(&self.secret_account(id, "smtp"))?;
        }
        self.mailbox(id).await
    }

    pub async fn remove_mailbox(&self, id: i64) -> ApiResult<()> {
        self.require(sb_domain::Duty::Mailboxes)?;
        self.store.delete_mailbox(id).await?;
        keychain::delete(&self.secret_account(id, "imap"))?;
        keychain::delete(&self.secret_account(id, "smtp"))?;
        Ok(())
    }

    /// The public mail domains (gmail.com, mail.ru, ...): a sender there maps to a client only
    /// by the exact address of a contact, never by the domain.
    pub async fn public_mail_domains(&self) -> ApiResult<Vec<String>> {
        Ok(self.store.public_mail_domains().await?)
    }

    /// Adds a public mail domain (kept by whoever keeps the mailboxes); the list after it.
    pub async fn add_public_mail_domain(&self, domain: &str) -> ApiResult<Vec<String>> {
        self.require(sb_domain::Duty::Mailboxes)?;
        let domain = sb_domain::mail::mail_domain(domain)?;
        self.store.add_public_mail_domain(&domain).await?;
        self.public_mail_domains().await
    }

    /// Takes a domain off the public list: its senders may map to a client by it again.
    pub async fn remove_public_mail_domain(&self, domain: &str) -> ApiResult<Vec<String>> {
        self.require(sb_domain::Duty::Mailboxes)?;
        let domain = sb_domain::mail::mail_domain(domain)?;
        if !self.store.remove_public_mail_domain(&domain).await? {
            return Err(ApiError::said(
                ErrorCode::NotFound,
                msg!("mail-domain-not-public", domain = &domain),
            ));
        }
        self.public_mail_domains().await
    }

    /// "Test connection": logs in to both servers and says exactly what is wrong with each.
    pub async fn test_mailbox(&self, id: i64) -> ApiResult<ConnectionTest> {
        let m = self.load_mailbox(id).await?;
        let imap = match self.imap_settings(&m) {
            Ok(s) => check(email::imap::test_connection(&s).await),
            Err(e) => failed_check(&e),
        };
        let smtp = match self.smtp_settings(&m) {
            Ok(s) => check(email::smtp::test_connection(&s).await),
            Err(e) => failed_check(&e),
        };
        Ok(ConnectionTest { imap, smtp })
    }

    fn store_passwords(&self, id: i64, imap: Option<&str>, smtp: Option<&str>) -> ApiResult<()> {
        self.forget_secret_checks();
        if let Some(p) = imap {
            keychain::set(
                &self.secret_account(id, "imap"),
                &Sensitive::new(p.to_string()),
            )?;
        }
        match smtp {
            Some("") => keychain::delete(&self.secret_account(id, "smtp"))?,
            Some(p) => keychain::set(
                &self.secret_account(id, "smtp"),
                &Sensitive::new(p.to_string()),
            )?,
            None => {}
        }
        Ok(())
    }

    /// The keychain entry of a mailbox's password: per database, since ids repeat across them.
    fn secret_account(&self, mailbox_id: i64, server: &str) -> String {
        format!("{}#mailbox-{mailbox_id}-{server}", self.location)
    }

    pub(crate) async fn load_mailbox(&self, id: i64) -> ApiResult<MailboxRecord> {
        self.store.mailbox(id).await?.ok_or_else(|| {
            ApiError::said(
                ErrorCode::NotFound,
                msg!("mailbox-no-id", id = id.to_string()),
            )
        })
    }

    fn mailbox_dto(&self, m: MailboxRecord) -> ApiResult<MailboxDto> {
        let has_imap_password = keychain::get(&self.secret_account(m.id, "imap"))?.is_some();
        let has_smtp_password = keychain::get(&self.secret_account(m.id, "smtp"))?.is_some();
        let s = m.settings;
        let (last_error, last_error_msg) = crate::said::english_and_msg(m.last_error);
        Ok(MailboxDto {
            id: m.id,
            name: s.name,
            imap_host: s.imap_host,
            imap_port: s.imap_port,
            imap_security: security_dto(&s.imap_security),
            imap_user: s.imap_user,
            imap_folder: s.imap_folder,
            smtp_host: s.smtp_host,
            smtp_port: s.smtp_port,
            smtp_security: security_dto(&s.smtp_security),
            smtp_user: s.smtp_user,
            from_address: s.from_address,
            direction: s.direction,
            poll_seconds: s.poll_seconds,
            enabled: s.enabled,
            has_imap_password,
            has_smtp_password,
            last_polled_at: m.last_polled_at,
            last_error,
            last_error_msg,
        })
    }

    pub(crate) fn imap_settings(&self, m: &MailboxRecord) -> ApiResult<ImapSettings> {
        let account = self.secret_account(m.id, "imap");
        let password = match keychain::get(&account)? {
            Some(p) => p,
            None => return Err(secret_missing(&m.settings.name, "IMAP", &account)),
        };
        let s = &m.settings;
        Ok(ImapSettings {
            folder: s.imap_folder.clone(),
            ..ImapSettings::new(
                s.imap_host.clone(),
                port(s.imap_port),
                security(&s.imap_security),
                s.imap_user.clone(),
                password,
            )
        })
    }

    pub(crate) fn smtp_settings(&self, m: &MailboxRecord) -> ApiResult<SmtpSettings> {
        smtp_settings_for(&self.location.to_string(), m)
    }

    // --- intake -------------------------------------------------------------------------

    /// The workspace's limits on what strangers send (sb_domain::limits): the defaults, with
    /// what a person set over them.
    pub async fn input_limits(&self) -> ApiResult<InputLimits> {
        let stored = self.store.input_limits().await?;
        Ok(stored
            .and_then(|json| match serde_json::from_str::<InputLimits>(&json) {
                Ok(l) if l.validate().is_ok() => Some(l),
                // Damaged or out of range (a hand edit): the safe defaults, said in the log.
                _ => {
                    tracing::warn!(worker = "mail intake", stored = %json, "the stored input limits are unreadable; the defaults apply");
                    None
                }
            })
            .unwrap_or_default())
    }

    /// Sets one limit by name (`sb limits set`, Settings -> Limits); the limits after it.
    pub async fn set_input_limit(&self, name: &str, value: u64) -> ApiResult<InputLimits> {
        self.require(sb_domain::Duty::Mailboxes)?;
        let mut limits = self.input_limits().await?;
        limits.set(name, value)?;
        let json = serde_json::to_string(&limits).map_err(|e| {
            ApiError::said(
                ErrorCode::Internal,
                msg!("limits-cannot-write", error = e.to_string()),
            )
        })?;
        self.store.set_input_limits(&json).await?;
        Ok(limits)
    }

    /// The largest message the mail readers download whole for this app, over the
    /// workspace's `mail_bytes` (tests; `SB_MAIL_MAX_BYTES` does the same); a larger one is
    /// kept in quarantine with its header only.
    pub fn set_mail_size_limit(&self, bytes: u64) {
        self.mail_limit
            .store(bytes.max(1), std::sync::atomic::Ordering::Relaxed);
    }

    /// "Poll now": reads what is new in the mailbox and turns each message into a ticket, a
    /// comment, a triage entry or a quarantine entry. Safe to repeat: a message is handled once.
    pub async fn poll_mailbox(&self, id: i64) -> ApiResult<MailPollReport> {
        let m = self.load_mailbox(id).await?;
        self.with_unit(WorkUnit::MailIn(id), self.poll_held(m))
            .await
    }

    /// [`App::poll_mailbox`] under the mailbox's lease.
    async fn poll_held(&self, m: MailboxRecord) -> ApiResult<MailPollReport> {
        let id = m.id;
        let result = async {
            let settings = self.imap_settings(&m)?;
            let mut mailbox = Mailbox::connect(&settings).await?;
            let report = self.fetch_new(&m, &mut mailbox).await;
            let _ = mailbox.logout().await;
            report
        }
        .await;
        // Kept as its message, so each reader words it.
        let error = result.as_ref().err().map(crate::said::keep_error);
        self.store
            .set_mailbox_polled(id, error.as_deref(), now_ms())
            .await?;
        result
    }

    /// Fetches and handles everything after the stored cursor, one message at a time: each
    /// is downloaded on its own (a message over the size limit only as its header) and taken
    /// in with the mailbox's position after it in one transaction, so a crash or a refusal
    /// never makes the reader fetch what it already kept.
    pub(crate) async fn fetch_new(
        &self,
        m: &MailboxRecord,
        mailbox: &mut Mailbox,
    ) -> ApiResult<MailPollReport> {
        let mut report = MailPollReport {
            mailbox_id: m.id,
            ..MailPollReport::default()
        };
        let mut cursor = match (m.uid_validity, m.last_uid) {
            (Some(v), Some(u)) => Some(MailCursor {
                uid_validity: u32::try_from(v).unwrap_or(0),
                last_uid: u32::try_from(u).unwrap_or(0),
            }),
            _ => None,
        };
        let limit = match self.mail_limit.load(std::sync::atomic::Ordering::Relaxed) {
            0 => self.input_limits().await?.mail_bytes,
            set => set,
        };
        loop {
            let new = mailbox.new_mail(cursor).await?;
            let mut last_uid = match cursor {
                Some(c) if !new.restarted => c.last_uid,
                _ => 0,
            };
            for chunk in download_chunks(&new.messages, limit) {
                // Downloaded before the write transaction opens: the database's write lock
                // is never held while the IMAP server answers.
                let mut downloaded = Vec::with_capacity(chunk.len());
                for &(uid, size) in chunk {
                    downloaded.push((uid, mailbox.download(uid, size, limit).await?));
                }
                let mut run = self.intake_run(m).await?;
                for (uid, download) in downloaded {
                    report.fetched += 1;
                    self.take_in_download(&mut run, uid, download, limit, &mut report)
                        .await?;
                    last_uid = uid;
                    run.writes
                        .set_mail_cursor(m.id, i64::from(new.uid_validity), i64::from(uid))
                        .await?;
                    run.flush().await?;
                }
                run.writes
                    .set_mail_cursor(m.id, i64::from(new.uid_validity), i64::from(last_uid))
                    .await?;
                run.writes.commit().await?;
                self.escalate_routed(&run.router.escalations).await?;
            }
            if new.messages.is_empty() {
                let mut run = self.intake_run(m).await?;
                run.writes
                    .set_mail_cursor(m.id, i64::from(new.uid_validity), i64::from(last_uid))
                    .await?;
                run.writes.commit().await?;
            }
            cursor = Some(MailCursor {
                uid_validity: new.uid_validity,
                last_uid,
            });
            if !new.more {
                return Ok(report);
            }
        }
    }

    /// One downloaded message taken in (or, over the size limit, kept with its header).
    async fn take_in_download(
        &self,
        run: &mut IntakeRun<'_>,
        uid: u32,
        download: Option<Download>,
        limit: u64,
        report: &mut MailPollReport,
    ) -> ApiResult<()> {
        match download {
            Some(Download::Whole(raw)) => {
                self.take_in_alone(run, &raw, report).await?;
            }
            Some(Download::TooLarge { header, size }) => {
                let problem = sb_domain::MailProblem::TooLarge {
                    size: i64::try_from(size).unwrap_or(i64::MAX),
                    limit: i64::try_from(limit).unwrap_or(i64::MAX),
                };
                tracing::warn!(worker = "mail intake", mailbox = %run.mailbox.settings.name, uid, size, limit, "a message over the size limit was kept with its header only");
                self.set_aside(run, &header, problem, report).await?;
            }
            // Expunged since the search: nothing to take.
            None => {}
        }
        Ok(())
    }

    /// Takes in messages read from files (`sb mail import`, the benchmark) as if the mailbox
    /// had received them: the same threading, triage, quarantine and duplicate rules, a commit
    /// every [`MESSAGES_PER_COMMIT`] messages.
    pub async fn import_mail(
        &self,
        mailbox_id: i64,
        raws: &[Vec<u8>],
    ) -> ApiResult<MailPollReport> {
        let m = self.load_mailbox(mailbox_id).await?;
        let mut report = MailPollReport {
            mailbox_id,
            ..MailPollReport::default()
        };
        let mut senders = HashMap::new();
        for chunk in raws.chunks(MESSAGES_PER_COMMIT) {
            let mut run = self.intake_run(&m).await?;
            run.senders = senders;
            run.acknowledge = false;
            for raw in chunk {
                report.fetched += 1;
                self.take_in_alone(&mut run, raw, &mut report).await?;
            }
            senders = std::mem::take(&mut run.senders);
            run.writes.commit().await?;
            self.escalate_routed(&run.router.escalations).await?;
        }
        Ok(report)
    }

    async fn intake_run<'m>(&self, m: &'m MailboxRecord) -> ApiResult<IntakeRun<'m>> {
        // The system users a run may write as are made before its transaction opens: made
        // inside it, they would wait for the run's own write lock. What it reads comes first
        // too: the write lock is held from the transaction's first statement, as briefly as
        // can be.
        let author = self.email_user().await?;
        let vendor_user = self.vendor_user().await?.id;
        self.notice_user().await?;
        let direction = Direction::parse(&m.settings.direction)?;
        let router = self.router().await?;
        let vendors = self.mail_vendors().await?;
        let limits = self.input_limits().await?;
        Ok(IntakeRun {
            mailbox: m,
            direction,
            author,
            writes: self.store.writes().await?,
            tickets: HashSet::new(),
            message_ids: HashSet::new(),
            senders: HashMap::new(),
            router,
            vendors,
            vendor_user,
            acknowledge: true,
            limits,
        })
    }

    /// [`App::take_in`] with the message's writes on their own: one the workspace refuses (a
    /// row the database will not take) is undone alone and kept in quarantine with the reason,
    /// and the run goes on with the next message instead of failing the whole batch again at
    /// every poll. When even undoing fails, the connection is gone and the run stops.
    async fn take_in_alone(
        &self,
        run: &mut IntakeRun<'_>,
        raw: &[u8],
        report: &mut MailPollReport,
    ) -> ApiResult<()> {
        run.writes.begin_item().await?;
        let refusal = match self.take_in(run, raw, report).await {
            Ok(()) => return Ok(run.writes.end_item().await?),
            Err(e) => e,
        };
        // The workspace failing now (busy, locked, the connection gone, the unit taken over)
        // says nothing about the message: the run stops and the message is read again.
        if run.writes.undo_item().await.is_err() || refusal.is_local_failure() {
            return Err(refusal);
        }
        tracing::warn!(worker = "mail intake", mailbox = %run.mailbox.settings.name, error = %refusal.message, "a message was refused and set aside in quarantine");
        let problem = sb_domain::MailProblem::Refused {
            detail: refusal.message.clone(),
        };
        self.set_aside(run, raw, problem, report).await
    }

    /// The key a message is kept under: its Message-ID, else [`synthetic_id`], unless the same
    /// bytes were kept under a key from before migration 0044 (a hash a toolchain may change),
    /// whose key it takes so that it is the duplicate it is.
    async fn key_of(
        &self,
        mailbox_id: i64,
        message_id: Option<String>,
        raw: &[u8],
    ) -> ApiResult<String> {
        if let Some(id) = message_id {
            return Ok(id);
        }
        let bytes = without_trailing_space(raw);
        let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
        let kept = self.store.legacy_mail_keys(mailbox_id, size).await?;
        Ok(kept
            .into_iter()
            .find(|(_, stored)| without_trailing_space(stored) == bytes)
            .map_or_else(|| synthetic_id(raw), |(key, _)| key))
    }

    /// Keeps a message a person must look at in quarantine with `problem`, in its own item of
    /// the run, so the mailbox is read on.
    async fn set_aside(
        &self,
        run: &mut IntakeRun<'_>,
        raw: &[u8],
        problem: sb_domain::MailProblem,
        report: &mut MailPollReport,
    ) -> ApiResult<()> {
        let read = email::parse(raw);
        let (message_id, from, subject) = match &read {
            Ok(e) => (
                e.message_id.clone(),
                Some(e.from.clone()),
                e.subject.clone(),
            ),
            Err(e) => (
                e.read.message_id.clone(),
                e.read.from.clone(),
                e.read.subject.clone(),
            ),
        };
        let record = InboundRecord {
            mailbox_id: run.mailbox.id,
            message_id: self.key_of(run.mailbox.id, message_id, raw).await?,
            from_email: from.as_ref().map(|a| a.email.clone()),
            from_name: from.as_ref().and_then(|a| a.name.clone()),
            subject: Some(subject).filter(|s| !s.is_empty()),
            raw: std::borrow::Cow::Borrowed(raw),
            received_at: now_ms(),
            problem: Some(problem.clone()),
            notes: Vec::new(),
        };
        run.writes.begin_item().await?;
        match run
            .writes
            .keep_mail(&record, MailState::Quarantine, Some(&problem.message()))
            .await
        {
            Ok(kept) => {
                run.writes.end_item().await?;
                count(kept, &mut report.quarantined, &mut report.duplicates);
                Ok(())
            }
            Err(e) => {
                run.writes.undo_item().await?;
                Err(e.into())
            }
        }
    }

    /// One received message: thread it, open a ticket, or keep it for a person to look at.
    async fn take_in(
        &self,
        run: &mut IntakeRun<'_>,
        raw: &[u8],
        report: &mut MailPollReport,
    ) -> ApiResult<()> {
        let now = now_ms();
        let parsed = email::parse_within(raw, None, &run.limits);
        let message_id = match &parsed {
            Ok(e) => e.message_id.clone(),
            Err(e) => e.read.message_id.clone(),
        };
        let message_id = self.key_of(run.mailbox.id, message_id, raw).await?;
        let record = match &parsed {
            Ok(e) => InboundRecord {
                mailbox_id: run.mailbox.id,
                message_id,
                from_email: Some(e.from.email.clone()),
                from_name: e.from.name.clone(),
                subject: Some(e.subject.clone()),
                raw: std::borrow::Cow::Borrowed(raw),
                received_at: now,
                problem: None,
                notes: e.notes.clone(),
            },
            // Kept with its real Message-ID, sender and subject whenever they could be read:
            // the same mail by IMAP and by file is one entry, and the list says what it is.
            Err(e) => InboundRecord {
                mailbox_id: run.mailbox.id,
                message_id,
                from_email: e.read.from.as_ref().map(|a| a.email.clone()),
                from_name: e.read.from.as_ref().and_then(|a| a.name.clone()),
                subject: Some(e.read.subject.clone()).filter(|s| !s.is_empty()),
                raw: std::borrow::Cow::Borrowed(raw),
                received_at: now,
                problem: Some(e.problem.clone()),
                notes: e.read.notes.clone(),
            },
        };
        let mail = match parsed {
            Err(e) => {
                let kept = run
                    .writes
                    .keep_mail(&record, MailState::Quarantine, Some(&e.reason()))
                    .await?;
                count(kept, &mut report.quarantined, &mut report.duplicates);
                return Ok(());
            }
            Ok(mail) => mail,
        };
        // A message seen before is not looked up first: its claim (the first write of each
        // path below) finds it and writes nothing, and it counts as a duplicate.
        if run.message_ids.contains(&record.message_id) {
            report.duplicates += 1;
            return Ok(());
        }
        // What this message answers may be in the run, not committed yet: commit it first,
        // so that threading (which reads committed rows) finds it.
        if run.answers_own_write(&mail) {
            run.flush().await?;
        }
        run.message_ids.insert(record.message_id.clone());
        // A vendor's answer about a case we opened by email (or any vendor case named in the
        // subject) goes onto that case's ticket as the vendor's.
        if let Some((bond_id, number)) = self.vendor_thread(&run.vendors, &mail).await? {
            let author = run.vendor_user;
            let sender = sender(mail.from.name.as_deref(), Some(&mail.from.email));
            let text = if mail.new_text.trim().is_empty() {
                &mail.full_text
            } else {
                &mail.new_text
            };
            let body = clip(text, Limits::LONG_TEXT);
            let (body, body_msg) = worded_if_empty(body);
            let done = run
                .writes
                .vendor_mail(&sb_store::VendorMail {
                    source: MailSource::New(&record),
                    bond_id,
                    author,
                    sender: &sender,
                    body: &body,
                    body_msg: body_msg.as_deref(),
                    attachments: &attachments(&mail.attachments, &record),
                    vendor_number: number.as_deref(),
                    now,
                })
                .await?;
            count(done.is_some(), &mut report.comments, &mut report.duplicates);
            // The vendor's number it may have just learnt threads the next answers: commit.
            if number.is_some() {
                run.flush().await?;
            }
            return Ok(());
        }
        if let Some(mut ticket) = self.thread_of(&mail).await? {
            // A ticket this run already wrote on (a reply that reopened it) is read as the run
            // left it: commit first, or a second reply finds it as last committed (resolved),
            // reopens it again, is refused, and lands in quarantine.
            if run.tickets.contains(&ticket.id) {
                run.flush().await?;
                ticket = self.thread_of(&mail).await?.unwrap_or(ticket);
            }
            // A subject tag or References is only a claim: a stranger's mail naming a ticket
            // waits in triage instead of writing on it (or reopening it).
            if !self
                .store
                .sender_of_ticket(ticket.id, &mail.from.email)
                .await?
            {
                let problem = sb_domain::MailProblem::PossibleSpoof {
                    ticket: TicketNumber(ticket.id).to_string(),
                    sender: mail.from.email.clone(),
                };
                let reason = problem.message();
                let record = InboundRecord {
                    problem: Some(problem),
                    ..record
                };
                let kept = run
                    .writes
                    .keep_mail(&record, MailState::Triage, Some(&reason))
                    .await?;
                count(kept, &mut report.triage, &mut report.duplicates);
                return Ok(());
            }
            // A rating in answer to the satisfaction request: kept on the ticket, which stays
            // as it is.
            let rating = self.rating_in(&ticket, &mail).await?;
            let effect = match rating {
                Some(_) => ReplyEffect::Comment,
                None => reply_effect(
                    ticket.status,
                    ticket.finished_at(),
                    now,
                    ReopenPolicy::default(),
                )?,
            };
            match effect {
                effect @ (ReplyEffect::Comment | ReplyEffect::Answer | ReplyEffect::Reopen(_)) => {
                    let reopen = match effect {
                        ReplyEffect::Reopen(effect) => Some(effect),
                        // The client answered: back to the desk.
                        ReplyEffect::Answer => Some(Effect::Move),
                        _ => None,
                    };
                    let done = self
                        .comment_from(
                            &mut run.writes,
                            MailSource::New(&record),
                            (record.mailbox_id, &record.message_id),
                            &ticket,
                            &mail,
                            reopen,
                            run.author,
                            now,
                        )
                        .await?;
                    if let (true, Some(r)) = (done, &rating) {
                        run.writes
                            .record_rating(ticket.id, r.score, r.comment.as_deref(), now)
                            .await?;
                    }
                    if done {
                        run.tickets.insert(ticket.id);
                    }
                    count(done, &mut report.comments, &mut report.duplicates);
                }
                ReplyEffect::FollowUp => {
                    // Finished and past its reopen window: a new ticket for the same client,
                    // linked to the old one so the engineer sees the history.
                    let made = self
                        .ticket_from(
                            &mut run.writes,
                            &mut run.router,
                            run.acknowledge,
                            MailSource::New(&record),
                            run.mailbox.id,
                            ticket.client_id,
                            Direction::parse(&ticket.direction)?,
                            MailTicket::of(&mail, (record.mailbox_id, &record.message_id)),
                            run.author,
                            now,
                        )
                        .await?;
                    if let Some(id) = made {
                        run.writes
                            .link_tickets(id, ticket.id, run.author, now)
                            .await?;
                        run.tickets.insert(id);
                    }
                    count(made.is_some(), &mut report.tickets, &mut report.duplicates);
                }
            }
            return Ok(());
        }
        let sender = mail.from.email.trim().to_lowercase();
        let client = match run.senders.get(&sender) {
            Some(c) => *c,
            None => {
                let c = self.store.client_for_sender(&sender).await?;
                run.senders.insert(sender, c);
                c
            }
        };
        match client {
            Some(client_id) => {
                let made = self
                    .ticket_from(
                        &mut run.writes,
                        &mut run.router,
                        run.acknowledge,
                        MailSource::New(&record),
                        run.mailbox.id,
                        client_id,
                        run.direction.clone(),
                        MailTicket::of(&mail, (record.mailbox_id, &record.message_id)),
                        run.author,
                        now,
                    )
                    .await?;
                if let Some(id) = made {
                    run.tickets.insert(id);
                }
                count(made.is_some(), &mut report.tickets, &mut report.duplicates);
            }
            None => {
                let kept = run
                    .writes
                    .keep_mail(&record, MailState::Triage, None)
                    .await?;
                count(kept, &mut report.triage, &mut report.duplicates);
            }
        }
        Ok(())
    }

    /// The ticket a message answers: by the `[SB-000123]` tag, else by In-Reply-To and
    /// References; a merged duplicate leads to its survivor.
    async fn thread_of(&self, mail: &InboundEmail) -> ApiResult<Option<Ticket>> {
        let mut id = None;
        if let Some(TicketNumber(n)) = mail.ticket_number {
            id = self.store.ticket(n).await?.map(|t| t.id);
        }
        if id.is_none() {
            let mut ids = mail.references.clone();
            ids.extend(mail.in_reply_to.clone());
            id = self.store.ticket_by_message_ids(&ids).await?;
        }
        let Some(mut id) = id else {
            return Ok(None);
        };
        for _ in 0..10 {
            let Some(t) = self.store.ticket(id).await? else {
                return Ok(None);
            };
            match t.merged_into_id {
                Some(next) => id = next,
                None => return Ok(Some(t)),
            }
        }
        Ok(None)
    }

    #[allow(clippy::too_many_arguments)]
    async fn comment_from(
        &self,
        writes: &mut Writes,
        source: MailSource<'_>,
        kept_as: (i64, &str),
        ticket: &Ticket,
        mail: &InboundEmail,
        reopen: Option<Effect>,
        author: i64,
        now: i64,
    ) -> ApiResult<bool> {
        let text = if mail.new_text.trim().is_empty() {
            &mail.full_text
        } else {
            &mail.new_text
        };
        let body = cut(text, Limits::LONG_TEXT);
        let mut notes = mail.notes.clone();
        notes.extend(body.description_note());
        let (body, body_msg) = worded_if_empty(body.text);
        let reopen = reopen.map(|effect| StatusChange {
            seen: None,
            ticket_id: ticket.id,
            from: ticket.status,
            to: Status::Open,
            effect,
            note: None,
            note_msg: None,
            actor: author,
            now,
        });
        let done = writes
            .comment_from_mail(
                source,
                ticket.id,
                author,
                &body,
                body_msg.as_deref(),
                &in_message(&mail.attachments, kept_as),
                &notes,
                reopen.as_ref(),
                now,
            )
            .await?;
        Ok(done.is_some())
    }

    /// The subject of a ticket from a mail without one, in the language the client is written
    /// to in: it is stored and searched as the subject, and the acknowledgement quotes it.
    async fn no_subject(&self, client_id: i64, from: Option<&Address>) -> ApiResult<String> {
        let language = self.client_mail_language(client_id).await?;
        let said = match from {
            Some(from) => msg!("mail-no-subject-from", sender = &from.email),
            None => msg!("mail-no-subject"),
        };
        Ok(said.render(sb_i18n::Lang::parse(language.as_str()).unwrap_or_default()))
    }

    /// Opens a ticket from a message; the new ticket's id, or `None` when the message was
    /// handled already. A subject or text too long for the ticket is cut, and the cut noted;
    /// the message keeps it whole.
    #[allow(clippy::too_many_arguments)]
    async fn ticket_from(
        &self,
        writes: &mut Writes,
        router: &mut crate::routing::Router,
        acknowledge: bool,
        source: MailSource<'_>,
        mailbox_id: i64,
        client_id: i64,
        direction: Direction,
        mail: MailTicket<'_>,
        author: i64,
        now: i64,
    ) -> ApiResult<Option<i64>> {
        let subject = cut(mail.subject.trim(), Limits::SUBJECT);
        let description = cut(mail.text.trim(), Limits::LONG_TEXT);
        let mut notes = mail.notes.to_vec();
        notes.extend(subject.subject_note());
        notes.extend(description.description_note());
        let ticket = NewTicket {
            client_id,
            direction,
            subject: if subject.text.is_empty() {
                self.no_subject(client_id, mail.from).await?
            } else {
                subject.text
            },
            description: description.text,
            impact: Level::Medium,
            urgency: Level::Medium,
            priority: Priority::from_matrix(Level::Medium, Level::Medium),
            channel: Channel::Email,
            line: Line::L1,
            created_by: author,
        };
        let requester = mail.from.map(|from| Requester {
            ticket_id: 0,
            mailbox_id,
            email: from.email.clone(),
            name: from.name.clone(),
        });
        let made = writes
            .ticket_from_mail(
                source,
                &ticket,
                requester.as_ref(),
                &in_message(mail.attachments, mail.kept_as),
                &notes,
                now,
            )
            .await?;
        if let Some(id) = made {
            let facts = crate::routing::facts_of_new(&ticket, now);
            App::route_in_run(router, writes, id, &facts, author).await?;
            // The acknowledgement with the ticket's number, in the ticket's transaction.
            if let Some(from) = mail.from.filter(|_| acknowledge) {
                if let Some(ack) = self
                    .acknowledgement(
                        mailbox_id,
                        id,
                        client_id,
                        &ticket.subject,
                        from,
                        mail.kept_as.1,
                        now,
                    )
                    .await?
                {
                    writes.add_notice(id, &ack, now).await?;
                }
            }
        }
        Ok(made)
    }

    /// The user "Email", made on first use: the author of what arrives by email.
    async fn email_user(&self) -> ApiResult<i64> {
        if let Some(u) = self
            .store
            .users()
            .await?
            .into_iter()
            .find(|u| u.name == EMAIL_USER)
        {
            return Ok(u.id);
        }
        Ok(self
            .store
            .create_user(EMAIL_USER, Role::Engineer, now_ms())
            .await?
            .id)
    }

    async fn check_direction(&self, direction: &str) -> ApiResult<()> {
        if self
            .store
            .directions()
            .await?
            .iter()
            .any(|d| d == direction)
        {
            return Ok(());
        }
        Err(ApiError::invalid_said(
            "direction",
            msg!("direction-unknown", direction = direction),
        ))
    }

    // --- triage and quarantine ----------------------------------------------------------

    /// Messages from unknown senders, newest first.
    pub async fn triage(&self) -> ApiResult<Vec<MailMessageDto>> {
        self.mail_list(MailState::Triage).await
    }

    /// Messages that could not be read, newest first, each with the reason.
    pub async fn quarantine(&self) -> ApiResult<Vec<MailMessageDto>> {
        self.mail_list(MailState::Quarantine).await
    }

    async fn mail_list(&self, state: MailState) -> ApiResult<Vec<MailMessageDto>> {
        Ok(self
            .store
            .mail_in_state(state, None, LIST_PAGE)
            .await?
            .into_iter()
            .map(mail_dto)
            .collect())
    }

    /// The whole message as text, for a look in the window ("Show source"); the exact bytes
    /// are [`App::mail_source_bytes`] and [`App::save_mail_source`].
    pub async fn mail_source(&self, id: i64) -> ApiResult<String> {
        Ok(String::from_utf8_lossy(&self.mail_source_bytes(id).await?).into_owned())
    }

    /// The message exactly as received, byte for byte (`sb mail source`).
    pub async fn mail_source_bytes(&self, id: i64) -> ApiResult<Vec<u8>> {
        self.store.mail_raw(id).await?.ok_or_else(|| {
            ApiError::said(
                ErrorCode::NotFound,
                msg!("mail-no-message", id = id.to_string()),
            )
        })
    }

    /// "Download source": saves the message exactly as received as an `.eml` file among the
    /// downloads (never over another file) and hands it to the desktop's opener.
    pub async fn save_mail_source(&self, id: i64) -> ApiResult<OpenedAttachment> {
        let m = self.mail_row(id).await?;
        let raw = self.mail_source_bytes(id).await?;
        let unnamed = format!("message-{id}");
        let stem = m
            .subject
            .as_deref()
            .map(|s| safe_file_name(s, id))
            .filter(|s| *s != format!("attachment-{id}"))
            .unwrap_or(unnamed);
        self.save_and_open(&format!("{}.eml", short_stem(&stem)), &raw)
    }

    /// A waiting message read for a person: as decoded, or in the charset they picked.
    pub async fn read_mail(&self, id: i64, charset: Option<String>) -> ApiResult<MailReadingDto> {
        self.mail_row(id).await?;
        let charset = chosen_charset(charset.as_deref())?;
        let raw = self.mail_source_bytes(id).await?;
        let charsets = sb_domain::mail::OFFERED_CHARSETS
            .iter()
            .map(|c| c.to_string())
            .collect();
        Ok(
            match read_with(&raw, charset, &self.input_limits().await?) {
                Ok(mail) => MailReadingDto {
                    message_id: id,
                    from: Some(mail.from.to_string()),
                    subject: mail.subject,
                    text: mail.full_text,
                    problem: None,
                    notes: mail.notes,
                    charsets,
                },
                Err(e) => MailReadingDto {
                    message_id: id,
                    from: e.read.from.as_ref().map(Address::to_string),
                    subject: e.read.subject.clone(),
                    text: e.read.full_text.clone(),
                    problem: Some(e.problem.clone()),
                    notes: e.read.notes.clone(),
                    charsets,
                },
            },
        )
    }

    /// An engineer picked the client of a triaged message: it becomes that client's ticket.
    pub async fn accept_triage(&self, input: TriageInput) -> ApiResult<TicketDto> {
        self.actor()?;
        let message = self.waiting(input.message_id, MailState::Triage).await?;
        let direction = Direction::parse(&input.direction)?;
        self.check_client(input.client_id).await?;
        let raw = self.store.mail_raw(message.id).await?.unwrap_or_default();
        let mail = email::parse(&raw).map_err(|e| ApiError::invalid("message", e.to_string()))?;
        if input.add_contact {
            self.add_sender_contact(input.client_id, &mail).await?;
        }
        self.ticket_of_waiting(
            &message,
            MailSource::Triage(message.id),
            input.client_id,
            direction,
            MailTicket::of(&mail, (message.mailbox_id, &message.message_id)),
        )
        .await
    }

    /// A person put a message held in triage as a possible spoof onto the ticket it names:
    /// it becomes the sender's comment there, as if it had threaded by itself (reopening a
    /// finished ticket within its window).
    pub async fn accept_onto_ticket(&self, message_id: i64) -> ApiResult<TicketDto> {
        self.actor()?;
        let message = self.waiting(message_id, MailState::Triage).await?;
        let raw = self.store.mail_raw(message.id).await?.unwrap_or_default();
        let mail = email::parse(&raw).map_err(|e| ApiError::invalid("message", e.to_string()))?;
        let Some(ticket) = self.thread_of(&mail).await? else {
            return Err(ApiError::invalid_said(
                "message",
                msg!("mail-names-no-ticket", id = message.id.to_string()),
            ));
        };
        let now = now_ms();
        let reopen = match reply_effect(
            ticket.status,
            ticket.finished_at(),
            now,
            ReopenPolicy::default(),
        )? {
            ReplyEffect::Reopen(effect) => Some(effect),
            ReplyEffect::Answer => Some(Effect::Move),
            ReplyEffect::Comment | ReplyEffect::FollowUp => None,
        };
        let author = self.email_user().await?;
        let mut writes = self.store.writes().await?;
        let done = self
            .comment_from(
                &mut writes,
                MailSource::Triage(message.id),
                (message.mailbox_id, &message.message_id),
                &ticket,
                &mail,
                reopen,
                author,
                now,
            )
            .await?;
        writes.commit().await?;
        if !done {
            let now_is = self.mail_row(message.id).await?;
            return Err(not_waiting(&now_is, "triage"));
        }
        self.ticket(ticket.id).await
    }

    /// A person accepted a quarantined message: it becomes a ticket of the client they chose,
    /// its text as decoded or read in the charset they picked (noted on the ticket). Without
    /// a readable sender the ticket has no requester: its public comments are not emailed.
    pub async fn accept_quarantine(&self, input: QuarantineInput) -> ApiResult<TicketDto> {
        self.actor()?;
        let message = self
            .waiting(input.message_id, MailState::Quarantine)
            .await?;
        let direction = Direction::parse(&input.direction)?;
        self.check_client(input.client_id).await?;
        let charset = chosen_charset(input.charset.as_deref())?;
        let raw = self.store.mail_raw(message.id).await?.unwrap_or_default();
        let parsed = read_with(&raw, charset, &self.input_limits().await?);
        let mail = match &parsed {
            Ok(mail) => MailTicket::of(mail, (message.mailbox_id, &message.message_id)),
            Err(e) if !e.problem.acceptable() => {
                return Err(ApiError::invalid_said(
                    "message",
                    msg!("mail-empty", id = message.id.to_string()),
                ))
            }
            Err(e) => MailTicket::of_partial(&e.read, (message.mailbox_id, &message.message_id)),
        };
        self.ticket_of_waiting(
            &message,
            MailSource::Quarantine(message.id),
            input.client_id,
            direction,
            mail,
        )
        .await
    }

    /// `sb mail accept`: a message waiting in triage or in quarantine becomes a ticket, by
    /// where it waits (a charset only re-reads a quarantined one).
    pub async fn accept_waiting(
        &self,
        input: QuarantineInput,
        add_contact: bool,
    ) -> ApiResult<TicketDto> {
        let m = self.mail_row(input.message_id).await?;
        match m.state {
            MailState::Triage if input.charset.is_some() => Err(ApiError::invalid_said(
                "charset",
                msg!("mail-charset-not-needed", id = m.id.to_string()),
            )),
            MailState::Triage => {
                self.accept_triage(TriageInput {
                    message_id: input.message_id,
                    client_id: input.client_id,
                    direction: input.direction,
                    add_contact,
                })
                .await
            }
            MailState::Quarantine => self.accept_quarantine(input).await,
            _ => Err(not_waiting(&m, "triage or quarantine")),
        }
    }

    /// `sb mail dismiss`: takes a message out of triage or quarantine, wherever it waits.
    pub async fn dismiss_waiting(&self, id: i64) -> ApiResult<()> {
        let m = self.mail_row(id).await?;
        match m.state {
            MailState::Triage => self.dismiss_triage(id).await,
            MailState::Quarantine => self.dismiss_quarantine(id).await,
            _ => Err(not_waiting(&m, "triage or quarantine")),
        }
    }

    async fn ticket_of_waiting(
        &self,
        message: &MailMessage,
        source: MailSource<'_>,
        client_id: i64,
        direction: Direction,
        mail: MailTicket<'_>,
    ) -> ApiResult<TicketDto> {
        let now = now_ms();
        let author = self.email_user().await?;
        self.notice_user().await?;
        let mut writes = self.store.writes().await?;
        let mut router = self.router().await?;
        let made = self
            .ticket_from(
                &mut writes,
                &mut router,
                true,
                source,
                message.mailbox_id,
                client_id,
                direction,
                mail,
                author,
                now,
            )
            .await?;
        writes.commit().await?;
        self.escalate_routed(&router.escalations).await?;
        let Some(ticket_id) = made else {
            // Someone else took it between the look and the write: say what became of it.
            let now_is = self.mail_row(message.id).await?;
            return Err(not_waiting(&now_is, waiting_word(message.state)));
        };
        self.ticket(ticket_id).await
    }

    async fn check_client(&self, client_id: i64) -> ApiResult<()> {
        if self.store.client(client_id).await?.is_none() {
            return Err(ApiError::invalid_said(
                "client",
                msg!("client-no-such-id", id = client_id.to_string()),
            ));
        }
        Ok(())
    }

    /// Adds a message's sender to a client's contacts, unless the address is there already.
    async fn add_sender_contact(&self, client_id: i64, mail: &InboundEmail) -> ApiResult<()> {
        let client = self.client(client_id).await?;
        let address = mail.from.email.trim().to_lowercase();
        if client
            .contacts
            .iter()
            .any(|c| c.email.as_deref().map(str::to_lowercase).as_deref() == Some(address.as_str()))
        {
            return Ok(());
        }
        let name = mail
            .from
            .name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| address.split('@').next().unwrap_or(&address).to_string());
        let mut contacts: Vec<ContactInput> = client
            .contacts
            .into_iter()
            .map(|c| ContactInput {
                name: c.name,
                email: c.email,
                phone: c.phone,
            })
            .collect();
        contacts.push(ContactInput {
            name,
            email: Some(address),
            phone: None,
        });
        self.update_client(
            client_id,
            ClientInput {
                language: None,
                code: client.code,
                name: client.name,
                notes: client.notes,
                contacts,
            },
        )
        .await?;
        Ok(())
    }

    /// Takes a message out of triage without a ticket (spam, a wrong address).
    pub async fn dismiss_triage(&self, message_id: i64) -> ApiResult<()> {
        self.dismiss(message_id, MailState::Triage).await
    }

    /// Takes a message out of quarantine without a ticket (garbage, spam).
    pub async fn dismiss_quarantine(&self, message_id: i64) -> ApiResult<()> {
        self.dismiss(message_id, MailState::Quarantine).await
    }

    async fn dismiss(&self, id: i64, from: MailState) -> ApiResult<()> {
        self.actor()?;
        self.waiting(id, from).await?;
        if !self.store.dismiss_mail(id, from).await? {
            let now_is = self.mail_row(id).await?;
            return Err(not_waiting(&now_is, waiting_word(from)));
        }
        Ok(())
    }

    async fn mail_row(&self, id: i64) -> ApiResult<MailMessage> {
        self.store.mail_message(id).await?.ok_or_else(|| {
            ApiError::said(
                ErrorCode::NotFound,
                msg!("mail-no-message", id = id.to_string()),
            )
        })
    }

    /// The message, if it waits in `state` (triage or quarantine); else what became of it.
    async fn waiting(&self, id: i64, state: MailState) -> ApiResult<MailMessage> {
        let m = self.mail_row(id).await?;
        if m.state != state {
            return Err(not_waiting(&m, waiting_word(state)));
        }
        Ok(m)
    }

    // --- the card -----------------------------------------------------------------------

    /// The email side of a ticket: its requester, attachments, the messages behind email
    /// comments, and where each emailed reply stands.
    pub async fn ticket_email(&self, ticket_id: i64) -> ApiResult<TicketEmailDto> {
        self.load(ticket_id).await?;
        let (requester, files, comments, deliveries) = tokio::try_join!(
            self.store.requester(ticket_id),
            self.store.attachments(ticket_id),
            self.store.comments(ticket_id),
            self.store.outbox_of_ticket(ticket_id),
        )?;
        let limits = self.input_limits().await?;
        let mut email_comments = Vec::new();
        for c in comments.iter().filter(|c| c.channel == Channel::Email) {
            if let Some(m) = self.store.mail_of_comment(c.id).await? {
                let raw = self.store.mail_raw(m.id).await?.unwrap_or_default();
                let full_text = match read_as_taken(&raw, &m.notes, &limits) {
                    Ok(e) => e.full_text,
                    Err(e) => e.read.full_text,
                };
                email_comments.push(EmailCommentDto {
                    comment_id: c.id,
                    from: sender(m.from_name.as_deref(), m.from_email.as_deref()),
                    full_text,
                    mail_id: m.id,
                    notes: m.notes,
                });
            }
        }
        let opening = match self.store.mail_of_ticket(ticket_id).await? {
            None => None,
            Some(m) => {
                let cut = |subject: bool| {
                    m.notes.iter().any(|n| match n {
                        MailNote::SubjectCut { .. } => subject,
                        MailNote::DescriptionCut { .. } => !subject,
                        _ => false,
                    })
                };
                let (whole_subject, whole_text) = if cut(true) || cut(false) {
                    let raw = self.store.mail_raw(m.id).await?.unwrap_or_default();
                    let (subject, text) = match read_as_taken(&raw, &m.notes, &limits) {
                        Ok(e) => (e.subject, e.full_text),
                        Err(e) => (e.read.subject, e.read.full_text),
                    };
                    (cut(true).then_some(subject), cut(false).then_some(text))
                } else {
                    (None, None)
                };
                Some(OpeningMailDto {
                    mail_id: m.id,
                    notes: m.notes,
                    whole_subject,
                    whole_text,
                })
            }
        };
        Ok(TicketEmailDto {
            requester: requester.map(|r| sender(r.name.as_deref(), Some(&r.email))),
            attachments: files.into_iter().map(attachment_dto).collect(),
            email_comments,
            opening,
            deliveries: deliveries
                .into_iter()
                .filter_map(|o| {
                    let comment_id = o.comment_id?;
                    let (last_error, last_error_msg) = crate::said::english_and_msg(o.last_error);
                    Some(DeliveryDto {
                        comment_id,
                        outbox_id: o.id,
                        state: o.state,
                        last_error,
                        last_error_msg,
                    })
                })
                .collect(),
        })
    }

    /// An attachment's bytes, for the window to save or open.
    pub async fn attachment(&self, id: i64) -> ApiResult<AttachmentFile> {
        let info = self.attachment_info(id).await?;
        let mut bytes = Vec::new();
        self.copy_attachment(id, &mut bytes).await?;
        Ok(AttachmentFile {
            file_name: info.file_name,
            content_type: info.content_type,
            base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        })
    }

    /// An attachment's name, type and size.
    pub async fn attachment_info(&self, id: i64) -> ApiResult<AttachmentDto> {
        let (a, _) = self.stored_attachment(id).await?;
        Ok(attachment_dto(a))
    }

    async fn stored_attachment(
        &self,
        id: i64,
    ) -> ApiResult<(sb_store::AttachmentInfo, StoredFile)> {
        self.store.attachment(id).await?.ok_or_else(|| {
            ApiError::said(
                ErrorCode::NotFound,
                msg!("attachment-no-id", id = id.to_string()),
            )
        })
    }

    /// Writes an attachment's bytes to `out`; how many. A file kept inside its message (one
    /// copy: the raw message) is read from it [`ATTACHMENT_CHUNK`] bytes at a time and
    /// decoded as it goes, so a large file is never held whole.
    pub async fn copy_attachment(
        &self,
        id: i64,
        out: &mut (dyn std::io::Write + Send),
    ) -> ApiResult<u64> {
        let cannot = |e: std::io::Error| {
            ApiError::said(
                ErrorCode::Internal,
                msg!(
                    "attachment-cannot-write",
                    id = id.to_string(),
                    error = e.to_string()
                ),
            )
        };
        let (_, file) = self.stored_attachment(id).await?;
        match file {
            StoredFile::Bytes(bytes) => {
                out.write_all(&bytes).map_err(cannot)?;
                Ok(bytes.len() as u64)
            }
            StoredFile::InMessage {
                mail_id,
                start,
                end,
                encoding,
            } => {
                let encoding = email::TransferEncoding::parse(&encoding).ok_or_else(|| {
                    ApiError::said(
                        ErrorCode::Internal,
                        msg!(
                            "attachment-unknown-encoding",
                            id = id.to_string(),
                            encoding = encoding
                        ),
                    )
                })?;
                let mut decoder = email::PartDecoder::new(encoding);
                let mut written = 0u64;
                let mut at = start;
                while at < end {
                    let len = (end - at).min(ATTACHMENT_CHUNK);
                    let chunk = self.store.mail_raw_range(mail_id, at, len).await?;
                    if chunk.is_empty() {
                        break;
                    }
                    at += chunk.len() as i64;
                    let bytes = decoder.feed(&chunk);
                    out.write_all(&bytes).map_err(cannot)?;
                    written += bytes.len() as u64;
                }
                let rest = decoder.finish();
                out.write_all(&rest).map_err(cannot)?;
                Ok(written + rest.len() as u64)
            }
        }
    }

    /// "Open" on the card: saves the attachment in [`Paths::attachments_dir`] (the person's
    /// downloads folder) under a name that overwrites nothing, and hands it to the desktop's
    /// default application (`xdg-open`; `SWITCHBOARD_OPENER` names another command, empty
    /// for none). A file that can run ([`AttachmentDto::runnable`]) opens only `confirmed`:
    /// the window asks first.
    pub async fn open_attachment(&self, id: i64, confirmed: bool) -> ApiResult<OpenedAttachment> {
        let info = self.attachment_info(id).await?;
        if let (Some(why), false) = (&info.runnable, confirmed) {
            return Err(runnable_refused(
                &info.file_name,
                why,
                msg!("attachment-confirm-to-open"),
            ));
        }
        let name = safe_file_name(&info.file_name, id);
        let folder = self.paths.attachments_dir.clone();
        let cannot = |e: std::io::Error| {
            ApiError::said(
                ErrorCode::Internal,
                msg!(
                    "file-cannot-save",
                    name = &name,
                    folder = folder.display().to_string(),
                    error = e.to_string()
                ),
            )
        };
        std::fs::create_dir_all(&folder).map_err(cannot)?;
        let path = free_path(&folder, &short_name(&name));
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(cannot)?;
        self.copy_attachment(id, &mut file).await?;
        file.sync_all().map_err(cannot)?;
        let opened = open_with_desktop(&path);
        Ok(OpenedAttachment {
            path: path.display().to_string(),
            opened,
        })
    }

    /// Saves bytes under `name` in [`Paths::attachments_dir`] (never over another file) and
    /// hands the file to the desktop's opener.
    pub(crate) fn save_and_open(&self, name: &str, bytes: &[u8]) -> ApiResult<OpenedAttachment> {
        let folder = self.paths.attachments_dir.clone();
        let cannot = |e: std::io::Error| {
            ApiError::said(
                ErrorCode::Internal,
                msg!(
                    "file-cannot-save",
                    name = name,
                    folder = folder.display().to_string(),
                    error = e.to_string()
                ),
            )
        };
        std::fs::create_dir_all(&folder).map_err(cannot)?;
        let path = free_path(&folder, name);
        std::fs::write(&path, bytes).map_err(cannot)?;
        let opened = open_with_desktop(&path);
        Ok(OpenedAttachment {
            path: path.display().to_string(),
            opened,
        })
    }

    // --- outbound -----------------------------------------------------------------------

    /// The outbox row that emails a public comment to the ticket's requester, or `None` when
    /// the ticket has no requester (it did not come by email).
    pub(crate) async fn reply_outbox(
        &self,
        ticket_id: i64,
        body: &str,
        now: i64,
    ) -> ApiResult<Option<OutboxWrite>> {
        let ticket = self.load(ticket_id).await?;
        let subject = reply_subject(TicketNumber(ticket.id), &ticket.subject);
        let Some(envelope) = self.envelope(&ticket, subject).await? else {
            return Ok(None);
        };
        envelope.outbox(body, None, now).map(Some)
    }

    /// Where a mail about a ticket goes: to its requester, from the mailbox the ticket came
    /// through, threaded after the ticket's conversation; `None` when the ticket has no
    /// requester (it did not come by email) or its mailbox is gone.
    pub(crate) async fn envelope(
        &self,
        ticket: &Ticket,
        subject: String,
    ) -> ApiResult<Option<Envelope>> {
        let Some(requester) = self.store.requester(ticket.id).await? else {
            return Ok(None);
        };
        let Some(mailbox) = self.store.mailbox(requester.mailbox_id).await? else {
            return Ok(None);
        };
        let thread = self.store.thread_message_ids(ticket.id).await?;
        Ok(Some(Envelope {
            ticket_id: ticket.id,
            mailbox,
            to_email: requester.email,
            to_name: requester.name,
            subject,
            thread,
        }))
    }

    /// Delivers what is due in the outbox at `now` (tests pass later times to skip the
    /// waits), mailbox by mailbox under each one's lease; a mailbox whose replies another
    /// process sends is left to it. Returns how many were sent.
    pub async fn deliver_outbox(&self, now: i64) -> ApiResult<i64> {
        let mut mailboxes: Vec<i64> = self
            .store
            .outbox_due(None, now, 500)
            .await?
            .into_iter()
            .filter_map(|i| i.mailbox_id)
            .collect();
        mailboxes.sort_unstable();
        mailboxes.dedup();
        let mut sent = 0;
        for id in mailboxes {
            match self
                .with_unit(WorkUnit::MailOut(id), self.deliver_mailbox_outbox(id, now))
                .await
            {
                Ok(n) => sent += n,
                Err(e) if e.code == ErrorCode::Busy => {
                    tracing::info!(mailbox = id, reason = %e.message, "replies left to the process that holds them");
                }
                Err(e) => return Err(e),
            }
        }
        Ok(sent)
    }

    /// One mailbox's replies due at `now`, under its lease.
    pub(crate) async fn deliver_mailbox_outbox(&self, mailbox_id: i64, now: i64) -> ApiResult<i64> {
        let mut sent = 0;
        for item in self.store.outbox_due(Some(mailbox_id), now, 20).await? {
            let lease_until = now + DELIVERY_LEASES * self.work.lease_ms;
            if item.kind != EMAIL_KIND || !self.store.outbox_claim(&item, lease_until).await? {
                continue;
            }
            let attempts = item.attempts + 1;
            match self.deliver(&item).await {
                Ok(()) => {
                    self.record_sent(item.id).await?;
                    sent += 1;
                }
                // This workspace failing (the database, the unit taken over) is no attempt of
                // the reply's: the claim is given back untried and the round stops.
                Err(Undelivered::Local(e)) => {
                    let unclaim = self.store.outbox_unclaim(&item, lease_until);
                    crate::work::give_back_claim("email outbox", item.id, &e, unclaim).await;
                    return Err(e);
                }
                Err(Undelivered::Failed(error, class)) => {
                    let failure = delivery::Failure {
                        class,
                        retry_after_ms: None,
                    };
                    let retry_at = delivery::POLICY
                        .after_failure(attempts, failure, 0, fastrand::f64(), now)
                        .retry_at();
                    tracing::warn!(
                        worker = "email outbox",
                        outbox_id = item.id,
                        attempts,
                        class = class.as_str(),
                        dead = retry_at.is_none(),
                        error = %error.message,
                        "a reply was not delivered"
                    );
                    // Kept as its message, so each reader words it.
                    let kept = crate::said::keep_error(&error);
                    self.store
                        .outbox_failed(item.id, &kept, class, retry_at)
                        .await?;
                }
            }
        }
        Ok(sent)
    }

    /// Records a reply the SMTP server took, trying again for some 15 s while the database is
    /// busy: a reply left unrecorded is sent again when its claim runs out.
    async fn record_sent(&self, id: i64) -> ApiResult<()> {
        let mut wait_ms = 250;
        loop {
            match self.store.outbox_sent(id, now_ms()).await {
                Ok(()) => return Ok(()),
                Err(e) => {
                    let e = ApiError::from(e);
                    if e.code != ErrorCode::DatabaseUnavailable || wait_ms > 8_000 {
                        return Err(e);
                    }
                    tracing::info!(outbox_id = id, error = %e.message, wait_ms, "a sent reply is recorded again after a pause");
                    tokio::time::sleep(std::time::Duration::from_millis(wait_ms)).await;
                    wait_ms *= 2;
                }
            }
        }
    }

    /// One attempt; a failure comes with the delivery policy's class: the SMTP server's answer
    /// as sorted by the mail client, or what waits for a person here (a message that cannot
    /// be read, a mailbox removed, a password missing from this desk's keychain).
    async fn deliver(&self, item: &OutboxItem) -> Result<(), Undelivered> {
        let here = |e: ApiError| {
            if e.waits_for_a_person() {
                Undelivered::Failed(e, delivery::FailureClass::Settings)
            } else {
                Undelivered::Local(e)
            }
        };
        let p: EmailPayload = serde_json::from_str(&item.payload).map_err(|e| {
            Undelivered::Failed(
                ApiError::said(
                    ErrorCode::Internal,
                    msg!("outbox-unreadable", error = e.to_string()),
                ),
                delivery::FailureClass::Rejected,
            )
        })?;
        let mailbox = self.load_mailbox(p.mailbox_id).await.map_err(here)?;
        let settings = self.smtp_settings(&mailbox).map_err(here)?;
        let mail = OutgoingEmail {
            to: vec![Address::new(p.to_email, p.to_name.as_deref())],
            subject: p.subject,
            text: p.text,
            message_id: p.message_id,
            in_reply_to: p.in_reply_to,
            references: p.references,
        };
        email::smtp::send(&settings, &mail).await.map_err(|e| {
            let class = e.failure_class();
            Undelivered::Failed(e.into(), class)
        })
    }

    /// The outbox, newest first: `dead` for the dead letters, `None` for all.
    pub async fn outbox(&self, state: Option<OutboxState>) -> ApiResult<Vec<OutboxItemDto>> {
        Ok(self
            .store
            .outbox_list(state, None, LIST_PAGE)
            .await?
            .into_iter()
            .map(outbox_dto)
            .collect())
    }

    /// Puts a dead letter back in line; the worker sends it on its next round.
    pub async fn retry_outbox(&self, id: i64) -> ApiResult<OutboxItemDto> {
        self.store.outbox_retry(id, now_ms()).await?;
        let item = self.store.outbox_item(id).await?.ok_or_else(|| {
            ApiError::said(
                ErrorCode::NotFound,
                msg!("outbox-no-id", id = id.to_string()),
            )
        })?;
        Ok(outbox_dto(item))
    }

    /// The vendors reached by email, as the intake threads their answers (once per run).
    async fn mail_vendors(&self) -> ApiResult<Vec<MailVendor>> {
        Ok(self
            .store
            .vendors()
            .await?
            .into_iter()
            .filter(|v| v.v.kind == sb_vendors::email::INFO.kind)
            .map(|v| {
                let settings: sb_vendors::Settings =
                    serde_json::from_str(&v.v.settings).unwrap_or_default();
                MailVendor {
                    id: v.id,
                    to: settings.get("to").cloned().unwrap_or_default(),
                    prefix: sb_vendors::email::EmailVendor::prefix(&settings).map(str::to_string),
                }
            })
            .collect())
    }

    /// The vendor case a message answers: by our reference in its subject, or, from an email
    /// vendor's address or domain, by the vendor's own case number after its prefix. Also the
    /// vendor's number, when the subject gives one.
    async fn vendor_thread(
        &self,
        vendors: &[MailVendor],
        mail: &InboundEmail,
    ) -> ApiResult<Option<(i64, Option<String>)>> {
        let by_reference = match sb_vendors::email::correlation_in(&mail.subject) {
            Some(c) => self.store.bond_by_correlation(&c).await?,
            None => None,
        };
        for v in vendors {
            let number = v
                .prefix
                .as_deref()
                .and_then(|p| sb_vendors::email::number_after(&mail.subject, p));
            if let Some(b) = by_reference.as_ref().filter(|b| b.vendor_id == v.id) {
                return Ok(Some((b.id, number)));
            }
            if let (true, Some(n)) = (
                sb_vendors::email::from_vendor(&v.to, &mail.from.email),
                number.as_deref(),
            ) {
                if let Some(b) = self.store.bond_by_number(v.id, n).await? {
                    return Ok(Some((b.id, number)));
                }
            }
        }
        Ok(by_reference.map(|b| (b.id, None)))
    }
}

/// The largest message downloaded whole when set for this app by `SB_MAIL_MAX_BYTES`; 0
/// (not set) leaves it to the workspace's `mail_bytes` limit.
pub(crate) fn default_mail_limit() -> u64 {
    std::env::var("SB_MAIL_MAX_BYTES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// The new messages downloaded before each write transaction of a poll: at most 25, and at
/// most 16 MiB together (a message over that alone makes a chunk of its own), so a poll's
/// memory stays bounded while the write lock is never held across the IMAP server's answers.
fn download_chunks(messages: &[(u32, u64)], limit: u64) -> Vec<&[(u32, u64)]> {
    const MESSAGES: usize = 25;
    const BYTES: u64 = 16 << 20;
    let mut chunks = Vec::new();
    let (mut start, mut bytes) = (0, 0u64);
    for (i, &(_, size)) in messages.iter().enumerate() {
        // A message over the limit is read as its header only.
        let size = if size > limit { 64 << 10 } else { size };
        if i > start && (i - start == MESSAGES || bytes.saturating_add(size) > BYTES) {
            chunks.push(&messages[start..i]);
            (start, bytes) = (i, 0);
        }
        bytes = bytes.saturating_add(size);
    }
    if start < messages.len() {
        chunks.push(&messages[start..]);
    }
    chunks
}

/// How many imported messages one commit makes durable.
pub const MESSAGES_PER_COMMIT: usize = 250;

/// One run of intake: the open writes, and what they made that is not committed yet.
struct IntakeRun<'m> {
    mailbox: &'m MailboxRecord,
    direction: Direction,
    author: i64,
    writes: Writes,
    /// The workspace's input limits, as they were when the run began.
    limits: InputLimits,
    /// Tickets opened or written on in this run and not committed yet.
    tickets: HashSet<i64>,
    /// Message-IDs taken in this run.
    message_ids: HashSet<String>,
    /// Sender address to client, as looked up in this run.
    senders: HashMap<String, Option<i64>>,
    /// The routing rules, for the tickets this run opens.
    router: crate::routing::Router,
    /// The vendors reached by email, whose answers this run threads onto their cases.
    vendors: Vec<MailVendor>,
    /// The "Vendor" user: the author of vendors' answers.
    vendor_user: i64,
    /// Whether the tickets this run opens are acknowledged to their senders: not for saved
    /// mail imported from files, whose senders wrote long ago.
    acknowledge: bool,
}

/// A vendor reached by email: its support address and what precedes its case numbers.
#[derive(Debug, Clone)]
struct MailVendor {
    id: i64,
    to: String,
    prefix: Option<String>,
}

impl IntakeRun<'_> {
    /// Whether the message answers a ticket or a message this run wrote and has not committed.
    fn answers_own_write(&self, mail: &InboundEmail) -> bool {
        mail.ticket_number
            .is_some_and(|TicketNumber(n)| self.tickets.contains(&n))
            || mail
                .references
                .iter()
                .chain(mail.in_reply_to.iter())
                .any(|id| self.message_ids.contains(id))
    }

    /// Commits what the run wrote and goes on in a new transaction (an item being written
    /// goes on in it too).
    async fn flush(&mut self) -> ApiResult<()> {
        let item = self.writes.in_item();
        self.writes.checkpoint().await?;
        if item {
            self.writes.begin_item().await?;
        }
        self.tickets.clear();
        self.message_ids.clear();
        Ok(())
    }
}

/// Only the last part of a name an email gave, without characters a file system refuses.
/// A stored attachment for the card and the CLI: its name without bidirectional controls
/// (rows stored before they were removed on intake), and whether it can run.
fn attachment_dto(a: sb_store::AttachmentInfo) -> AttachmentDto {
    let file_name = sb_domain::attachment::clean_file_name(&a.file_name);
    AttachmentDto {
        runnable: sb_domain::attachment::runnable(&file_name, &a.content_type),
        id: a.id,
        comment_id: a.comment_id,
        file_name,
        content_type: a.content_type,
        size: a.size,
    }
}

/// A file that can run was not opened or saved without a person's explicit yes.
pub fn runnable_refused(
    name: &str,
    why: &sb_domain::attachment::Runnable,
    how: impl Into<sb_i18n::Arg>,
) -> ApiError {
    use sb_domain::attachment::Runnable;
    let why = match why {
        Runnable::Extension { extension } => {
            msg!("attachment-runs-extension", extension = extension)
        }
        Runnable::ContentType { content_type } => {
            msg!("attachment-runs-content-type", content_type = content_type)
        }
    };
    ApiError::invalid_said(
        "confirmed",
        msg!("attachment-can-run", name = name, why = why, how = how),
    )
}

fn safe_file_name(name: &str, id: i64) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last
        .chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    if clean.is_empty() {
        format!("attachment-{id}")
    } else {
        clean
    }
}

/// `name` in `folder`, or `name (2)`, `name (3)`, ... when it is taken.
fn free_path(folder: &std::path::Path, name: &str) -> std::path::PathBuf {
    let first = folder.join(name);
    if !first.exists() {
        return first;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, format!(".{e}")),
        _ => (name, String::new()),
    };
    (2..)
        .map(|n| folder.join(format!("{stem} ({n}){ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// Starts the desktop's opener on `path`; whether it could be started.
fn open_with_desktop(path: &std::path::Path) -> bool {
    let Some(mut opener) = desktop_opener(path) else {
        return false;
    };
    match opener.spawn() {
        Ok(mut child) => {
            // Reaped in the background: the viewer may stay open for as long as it likes.
            std::thread::spawn(move || child.wait());
            true
        }
        Err(_) => false,
    }
}

/// The desktop's opener on `path` (`xdg-open`, or `SWITCHBOARD_OPENER`; none when that is
/// empty), started as the desktop set it up: without the variables of the window's web engine.
fn desktop_opener(path: &std::path::Path) -> Option<std::process::Command> {
    let opener = std::env::var("SWITCHBOARD_OPENER").unwrap_or_else(|_| {
        if cfg!(target_os = "macos") {
            "open".into()
        } else {
            "xdg-open".into()
        }
    });
    if opener.trim().is_empty() {
        return None;
    }
    let mut command = crate::desktop::opened_program(opener.trim());
    command
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    Some(command)
}

fn check_mailbox(input: &MailboxInput) -> ApiResult<MailboxWrite> {
    let name = required("name", &input.name, Limits::NAME)?;
    let imap_host = required("imapHost", &input.imap_host, Limits::NAME)?;
    let imap_user = required("imapUser", &input.imap_user, Limits::NAME)?;
    let smtp_host = required("smtpHost", &input.smtp_host, Limits::NAME)?;
    let from_address = EmailAddress::parse("fromAddress", &input.from_address)?;
    for (field, value) in [("imapPort", input.imap_port), ("smtpPort", input.smtp_port)] {
        if !(1..=65535).contains(&value) {
            return Err(ApiError::invalid_said(field, msg!("mailbox-port-range")));
        }
    }
    if !(10..=86_400).contains(&input.poll_seconds) {
        return Err(ApiError::invalid_said(
            "pollSeconds",
            msg!("mailbox-poll-range"),
        ));
    }
    let folder = input
        .imap_folder
        .as_deref()
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .unwrap_or("INBOX")
        .to_string();
    let smtp_user = input
        .smtp_user
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_string);
    Ok(MailboxWrite {
        name,
        imap_host,
        imap_port: input.imap_port,
        imap_security: security_word(input.imap_security).to_string(),
        imap_user,
        imap_folder: folder,
        smtp_host,
        smtp_port: input.smtp_port,
        smtp_security: security_word(input.smtp_security).to_string(),
        smtp_user,
        from_address: from_address.as_str().to_string(),
        direction: Direction::parse(input.direction.as_deref().unwrap_or("software"))?
            .as_str()
            .to_string(),
        poll_seconds: input.poll_seconds,
        enabled: input.enabled,
    })
}

fn security_word(s: MailSecurity) -> &'static str {
    match s {
        MailSecurity::Tls => "tls",
        MailSecurity::StartTls => "start_tls",
        MailSecurity::Plain => "plain",
    }
}

fn security_dto(word: &str) -> MailSecurity {
    match word {
        "tls" => MailSecurity::Tls,
        "start_tls" => MailSecurity::StartTls,
        _ => MailSecurity::Plain,
    }
}

fn security(word: &str) -> Security {
    match word {
        "tls" => Security::Tls,
        "start_tls" => Security::StartTls,
        _ => Security::Plain,
    }
}

fn port(p: i64) -> u16 {
    u16::try_from(p).unwrap_or(0)
}

fn check(result: Result<(), MailError>) -> ConnectionCheck {
    match result {
        Ok(()) => ConnectionCheck {
            ok: true,
            code: None,
            message: None,
            msg: None,
        },
        Err(e) => ConnectionCheck {
            ok: false,
            code: Some(e.code().to_string()),
            message: Some(e.to_string()),
            msg: Some(crate::error::mail_msg(&e)),
        },
    }
}

fn failed_check(e: &ApiError) -> ConnectionCheck {
    let code = match e.code {
        ErrorCode::SecretMissing => "secret_missing",
        ErrorCode::KeychainUnavailable => "keychain_unavailable",
        _ => "internal",
    };
    ConnectionCheck {
        ok: false,
        code: Some(code.to_string()),
        message: Some(e.message.clone()),
        msg: e.msg.clone(),
    }
}

/// No password for a mailbox's server: forgotten because the server changed (said so), or
/// never stored on this desk.
fn secret_missing(mailbox: &str, server: &str, account: &str) -> ApiError {
    let msg = match keychain::forgotten_why(account) {
        Ok(Some(why)) => msg!(
            "mailbox-password-forgotten",
            server = server,
            mailbox = mailbox,
            why = why
        ),
        _ => msg!(
            "mailbox-password-missing",
            server = server,
            mailbox = mailbox
        ),
    };
    ApiError::said(ErrorCode::SecretMissing, msg)
}

/// What changed of a server's (host, port, login, security), in words, when anything did.
fn server_change<U: PartialEq>(
    before: (&String, i64, &U, &String),
    after: (&String, i64, &U, &String),
) -> Option<Msg> {
    let mut changed = Vec::new();
    if before.0 != after.0 {
        changed.push(msg!(
            "mailbox-changed-server",
            from = before.0,
            to = after.0
        ));
    }
    if before.1 != after.1 {
        changed.push(msg!(
            "mailbox-changed-port",
            from = before.1.to_string(),
            to = after.1.to_string()
        ));
    }
    if before.2 != after.2 {
        changed.push(msg!("mailbox-changed-login"));
    }
    if before.3 != after.3 {
        changed.push(msg!(
            "mailbox-changed-security",
            from = before.3,
            to = after.3
        ));
    }
    changed
        .into_iter()
        .reduce(|a, b| msg!("words-comma", first = a, next = b))
}

/// A message that no longer waits where the person saw it: what became of it, truly.
fn not_waiting(m: &MailMessage, expected: &str) -> ApiError {
    let now_is = match (m.state, m.ticket_id) {
        (MailState::Ticket | MailState::Comment, Some(t)) => {
            msg!("mail-now-taken-on", ticket = TicketNumber(t).to_string())
        }
        (MailState::Ticket | MailState::Comment, None) => msg!("mail-now-taken"),
        (MailState::Dismissed, _) => msg!("mail-now-dismissed"),
        (MailState::Triage, _) => msg!("mail-now-triage"),
        (MailState::Quarantine, _) => msg!("mail-now-quarantine"),
        (MailState::Sent, _) => msg!("mail-now-sent"),
    };
    ApiError::said(
        ErrorCode::Conflict,
        msg!(
            "mail-not-waiting",
            id = m.id.to_string(),
            place = expected,
            now_is = now_is
        ),
    )
}

fn waiting_word(state: MailState) -> &'static str {
    match state {
        MailState::Quarantine => "quarantine",
        _ => "triage",
    }
}

/// The charset a person picked, checked; `None` when they picked none.
fn chosen_charset(label: Option<&str>) -> ApiResult<Option<Charset>> {
    match label.map(str::trim).filter(|l| !l.is_empty()) {
        None => Ok(None),
        Some(l) => Charset::named(l).map(Some).ok_or_else(|| {
            ApiError::invalid_said(
                "charset",
                msg!(
                    "mail-charset-unknown",
                    charset = l,
                    known = sb_domain::mail::OFFERED_CHARSETS.join(", ")
                ),
            )
        }),
    }
}

/// A message read as it was when taken in: in the charset a person chose, if one did.
fn read_as_taken(
    raw: &[u8],
    notes: &[MailNote],
    limits: &InputLimits,
) -> Result<InboundEmail, ParseError> {
    let chosen = notes.iter().find_map(|n| match n {
        MailNote::CharsetChosen { charset } => Charset::named(charset),
        _ => None,
    });
    read_with(raw, chosen, limits)
}

fn read_with(
    raw: &[u8],
    charset: Option<Charset>,
    limits: &InputLimits,
) -> Result<InboundEmail, ParseError> {
    email::parse_within(raw, charset, limits)
}

/// What a ticket is made of: a message as read, or as much of it as a person accepted from
/// quarantine (perhaps without a sender).
struct MailTicket<'a> {
    from: Option<&'a Address>,
    subject: &'a str,
    text: &'a str,
    attachments: &'a [email::Attachment],
    notes: &'a [MailNote],
    /// The message's mailbox and Message-ID: where its attachments stay.
    kept_as: (i64, &'a str),
}

impl<'a> MailTicket<'a> {
    fn of(mail: &'a InboundEmail, kept_as: (i64, &'a str)) -> MailTicket<'a> {
        MailTicket {
            from: Some(&mail.from),
            subject: &mail.subject,
            text: &mail.full_text,
            attachments: &mail.attachments,
            notes: &mail.notes,
            kept_as,
        }
    }

    fn of_partial(read: &'a Partial, kept_as: (i64, &'a str)) -> MailTicket<'a> {
        MailTicket {
            from: read.from.as_ref(),
            subject: &read.subject,
            text: &read.full_text,
            attachments: &read.attachments,
            notes: &read.notes,
            kept_as,
        }
    }
}

/// How much of a raw message one read takes when a file is copied out of it.
const ATTACHMENT_CHUNK: i64 = 4 * 1024 * 1024;

/// A file name short enough for any file system (255 bytes, room left for ` (2)`), its
/// extension kept.
fn short_name(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 16 => {
            format!("{}.{ext}", short_stem(stem))
        }
        _ => short_stem(name),
    }
}

/// A file name's stem short enough for any file system (255 bytes, room left for ` (2).eml`).
fn short_stem(stem: &str) -> String {
    let mut out = String::new();
    for c in stem.chars() {
        if out.len() + c.len_utf8() > 200 {
            break;
        }
        out.push(c);
    }
    out
}

fn count(done: bool, counter: &mut i64, duplicates: &mut i64) {
    if done {
        *counter += 1;
    } else {
        *duplicates += 1;
    }
}

/// The key of a message without a Message-ID: the same message always gives the same key,
/// whether an IMAP server handed it out (some drop the last line break) or a file held it.
/// SHA-256, so that no toolchain can move it (a golden test pins it).
fn synthetic_id(raw: &[u8]) -> String {
    let raw = without_trailing_space(raw);
    let digest = Sha256::digest(raw);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("no-message-id.{}.sha256-{hex}@switchboard", raw.len())
}

fn without_trailing_space(raw: &[u8]) -> &[u8] {
    let end = raw
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    &raw[..end]
}

fn random() -> u64 {
    use std::hash::BuildHasher;
    std::collections::hash_map::RandomState::new().hash_one(now_ms())
}

fn clip(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

fn attachments(files: &[email::Attachment], record: &InboundRecord<'_>) -> Vec<AttachmentWrite> {
    in_message(files, (record.mailbox_id, &record.message_id))
}

/// A message's files as attachments kept inside it (stored once: the raw message).
fn in_message(
    files: &[email::Attachment],
    (mailbox_id, message_id): (i64, &str),
) -> Vec<AttachmentWrite> {
    files
        .iter()
        .map(|a| AttachmentWrite {
            file_name: sb_domain::attachment::clean_file_name(&a.file_name),
            content_type: a.content_type.clone(),
            content: FileContent::InMessage {
                mailbox_id,
                message_id: message_id.to_string(),
                start: i64::try_from(a.location.start).unwrap_or(i64::MAX),
                end: i64::try_from(a.location.end).unwrap_or(i64::MAX),
                encoding: a.location.encoding.as_str().to_string(),
                size: i64::try_from(a.size).unwrap_or(i64::MAX),
            },
        })
        .collect()
}

pub(crate) fn sender(name: Option<&str>, email: Option<&str>) -> String {
    match (name, email) {
        (Some(n), Some(e)) => format!("{n} <{e}>"),
        (None, Some(e)) => e.to_string(),
        (Some(n), None) => n.to_string(),
        (None, None) => String::new(),
    }
}

fn mail_dto(m: MailMessage) -> MailMessageDto {
    MailMessageDto {
        id: m.id,
        mailbox_name: m.mailbox_name,
        message_id: m.message_id,
        from_email: m.from_email,
        from_name: m.from_name,
        subject: m.subject,
        reason: m.reason,
        problem: m.problem,
        size: m.size,
        received_at: m.received_at,
    }
}

fn outbox_dto(o: OutboxItem) -> OutboxItemDto {
    let payload: Option<EmailPayload> = serde_json::from_str(&o.payload).ok();
    let (last_error, last_error_msg) = crate::said::english_and_msg(o.last_error);
    OutboxItemDto {
        id: o.id,
        kind: o.kind,
        ticket_id: o.ticket_id,
        ticket_number: o.ticket_id.map(|t| TicketNumber(t).to_string()),
        comment_id: o.comment_id,
        to: payload
            .as_ref()
            .map(|p| sender(p.to_name.as_deref(), Some(&p.to_email)))
            .unwrap_or_default(),
        subject: payload.map(|p| p.subject).unwrap_or_default(),
        state: o.state,
        attempts: o.attempts,
        next_attempt_at: o.next_attempt_at,
        last_error,
        last_error_msg,
        error_class: o.error_class,
        created_at: o.created_at,
        sent_at: o.sent_at,
    }
}

/// A mailbox's SMTP settings with its password from the keychain (`location`: the database,
/// whose name is part of the keychain entry).
pub(crate) fn smtp_settings_for(location: &str, m: &MailboxRecord) -> ApiResult<SmtpSettings> {
    let s = &m.settings;
    let mut settings = SmtpSettings::new(
        s.smtp_host.clone(),
        port(s.smtp_port),
        security(&s.smtp_security),
        Address::new(s.from_address.clone(), Some(&s.name)),
    );
    if let Some(user) = &s.smtp_user {
        let account = format!("{location}#mailbox-{}-smtp", m.id);
        let password = match keychain::get(&account)? {
            Some(p) => p,
            None => return Err(secret_missing(&s.name, "SMTP", &account)),
        };
        settings.user = Some(user.clone());
        settings.password = Some(password);
    }
    Ok(settings)
}

/// A message's body as its comment keeps it: an empty one (nothing but white space) is the
/// system's words for it, English in the body and the message beside (`comments.body_msg`), so
/// that each reader reads them in their language.
fn worded_if_empty(body: String) -> (String, Option<String>) {
    if body.trim().is_empty() {
        let empty = msg!("mail-empty-body");
        (empty.english(), Some(crate::said::keep(&empty)))
    } else {
        (body, None)
    }
}

/// Mail to vendors (the email connector) from a mailbox of the email channel.
#[derive(Debug)]
pub(crate) struct VendorMailer {
    pub(crate) store: sb_store::Store,
    pub(crate) location: String,
}

impl VendorMailer {
    /// The mailbox's SMTP settings. The mailbox gone or its password missing is the vendor's
    /// settings to fix; the database failing is the workspace's own failure, carried through
    /// the connector as `Local` and taken back by the vendor worker, never a setting.
    async fn settings(&self, mailbox: &str) -> Result<SmtpSettings, sb_vendors::VendorError> {
        let boxes = self
            .store
            .mailboxes()
            .await
            .map_err(|e| crate::vendors::local(e.into()))?;
        let m = boxes
            .iter()
            .find(|m| m.settings.name.eq_ignore_ascii_case(mailbox.trim()))
            .ok_or_else(|| {
                sb_vendors::VendorError::Config(msg!(
                    "vendor-config-no-mailbox",
                    mailbox = mailbox,
                    mailboxes = boxes
                        .iter()
                        .map(|m| m.settings.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
        smtp_settings_for(&self.location, m).map_err(crate::vendors::own_failure)
    }
}

fn vendor_mail_error(e: MailError) -> sb_vendors::VendorError {
    use sb_vendors::VendorError as V;
    let text = e.to_string();
    match e {
        // "Later" from the mail server passes by itself, as an unreachable one does.
        MailError::Unreachable { .. } | MailError::Deferred { .. } => V::Unreachable(text),
        MailError::Tls { .. } => V::Tls(text),
        MailError::LoginRefused { .. } => V::BadCredentials(text),
        MailError::Timeout { .. } => V::Timeout(text),
        MailError::Rejected { .. } | MailError::InvalidMessage { .. } => V::Rejected(text),
        MailError::FolderMissing { .. } => V::Config(crate::error::mail_msg(&e)),
        MailError::Protocol { .. } => V::Protocol(text),
    }
}

#[async_trait::async_trait]
impl sb_vendors::email::Mailer for VendorMailer {
    async fn check(&self, mailbox: &str) -> Result<String, sb_vendors::VendorError> {
        let settings = self.settings(mailbox).await?;
        email::smtp::test_connection(&settings)
            .await
            .map_err(vendor_mail_error)?;
        Ok(settings.from.email.clone())
    }

    async fn send(
        &self,
        mailbox: &str,
        m: &sb_vendors::email::Outgoing,
    ) -> Result<(), sb_vendors::VendorError> {
        let settings = self.settings(mailbox).await?;
        let mail = OutgoingEmail {
            to: vec![Address::new(m.to.clone(), None)],
            subject: m.subject.clone(),
            text: m.text.clone(),
            message_id: m.message_id.clone(),
            in_reply_to: m.in_reply_to.clone(),
            references: m.in_reply_to.iter().cloned().collect(),
        };
        email::smtp::send(&settings, &mail)
            .await
            .map_err(vendor_mail_error)
    }
}

/// Why a reply did not go: the SMTP server's answer (or what waits for a person here: the
/// mailbox gone, its password missing), classed for the delivery policy; or this workspace
/// failing to read or record (busy, the unit taken over), which is no attempt of the reply's.
enum Undelivered {
    /// Not delivered this time, with the reason for people (kept on the message) and its class.
    Failed(ApiError, delivery::FailureClass),
    Local(ApiError),
}

#[cfg(test)]
mod tests {
    use super::{desktop_opener, download_chunks, server_change, synthetic_id};

    #[test]
    fn an_attachment_opens_without_the_variables_of_the_windows_web_engine() {
        crate::desktop::keep_from_opened_programs(vec!["GDK_GL", "JSC_useDFGJIT"]);
        let opener = desktop_opener(std::path::Path::new("/tmp/report.pdf")).expect("an opener");
        let removed: Vec<_> = opener
            .get_envs()
            .filter(|(_, value)| value.is_none())
            .map(|(name, _)| name.to_string_lossy().into_owned())
            .collect();
        assert_eq!(removed, ["GDK_GL", "JSC_useDFGJIT"]);
        assert_eq!(
            opener.get_args().collect::<Vec<_>>(),
            ["/tmp/report.pdf"],
            "the opener is given the saved file"
        );
    }

    #[test]
    fn a_forgotten_password_says_what_changed_in_either_language() {
        let (a, b) = ("imap.old".to_string(), "imap.new".to_string());
        let (tls, plain) = ("tls".to_string(), "plain".to_string());
        let changes = server_change((&a, 993, &"u", &tls), (&b, 143, &"u", &plain)).unwrap();
        let why = sb_i18n::msg!("mailbox-forgot-why", server = "IMAP", changes = changes);
        assert_eq!(
            why.english(),
            "the IMAP server changed from imap.old to imap.new, port changed from 993 to 143, \
             security changed from TLS to no encryption"
        );
        assert_eq!(
            why.render(sb_i18n::Lang::Ru),
            "изменились настройки IMAP: сервер сменился с imap.old на imap.new, порт сменился с \
             993 на 143, защита сменилась с TLS на «без шифрования»"
        );
        assert!(server_change((&a, 993, &"u", &tls), (&a, 993, &"u", &tls)).is_none());
    }

    /// A poll's new messages are downloaded 25 at a time, or fewer when they are large; a
    /// message over the size limit counts as its header; none is left out or read twice.
    #[test]
    fn download_chunks_bound_count_and_bytes() {
        let small: Vec<(u32, u64)> = (1..=60).map(|u| (u, 2_000)).collect();
        let sizes: Vec<usize> = download_chunks(&small, 50 << 20)
            .iter()
            .map(|c| c.len())
            .collect();
        assert_eq!(sizes, [25, 25, 10]);
        let large = [(1, 10 << 20), (2, 10 << 20), (3, 900 << 20), (4, 1_000)];
        let chunks = download_chunks(&large, 50 << 20);
        let uids: Vec<Vec<u32>> = chunks
            .iter()
            .map(|c| c.iter().map(|m| m.0).collect())
            .collect();
        assert_eq!(uids, [vec![1], vec![2, 3, 4]]);
        assert!(download_chunks(&[], 50 << 20).is_empty());
    }

    /// Pinned: a toolchain or a dependency that moved this value would make every mail without
    /// a Message-ID a new one at its next import.
    #[test]
    fn the_key_of_mail_without_a_message_id_never_moves() {
        let key = "no-message-id.49.\
                   sha256-e806c72a900b305fec817342aa4350519450904c3bdd2c6a56d37eb49a7d7ec3\
                   @switchboard";
        let raw = b"From: a@example.com\r\nSubject: Printer\r\n\r\nIt jams.";
        assert_eq!(synthetic_id(raw), key);
        // The line breaks an IMAP server may drop at the end do not count.
        assert_eq!(
            synthetic_id(b"From: a@example.com\r\nSubject: Printer\r\n\r\nIt jams.\r\n\r\n"),
            key
        );
    }
}
