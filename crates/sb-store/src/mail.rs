//! The email channel's records: mailboxes (never their passwords), every message received or
//! sent (one row per Message-ID and mailbox: what makes intake idempotent and threads replies),
//! the unknown-sender triage list, the quarantine, attachments, each email ticket's requester,
//! and the outbox that delivers public replies.
//!
//! Architecture Invariant: a message becomes a ticket or a comment in the same transaction that
//! records its Message-ID, so the same message seen twice changes nothing the second time; a
//! public reply and its outbox row are written in one transaction too.

use sb_domain::{Channel, MailNote, MailProblem, Visibility};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::outbox::OutboxWrite;
use crate::tickets::{insert_comment, insert_ticket, said_in, set_link_in, status_in};
use crate::{NewTicket, Result, StatusChange, Store, StoreError, Writes};

/// A mailbox's settings as checked by the app layer. Security words: `tls`, `start_tls`,
/// `plain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailboxWrite {
    pub name: String,
    pub imap_host: String,
    pub imap_port: i64,
    pub imap_security: String,
    pub imap_user: String,
    pub imap_folder: String,
    pub smtp_host: String,
    pub smtp_port: i64,
    pub smtp_security: String,
    pub smtp_user: Option<String>,
    pub from_address: String,
    /// The direction of tickets opened by mail.
    pub direction: String,
    pub poll_seconds: i64,
    pub enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailboxRecord {
    pub id: i64,
    pub settings: MailboxWrite,
    pub uid_validity: Option<i64>,
    pub last_uid: Option<i64>,
    pub last_polled_at: Option<i64>,
    pub last_error: Option<String>,
}

/// What happened to a received message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailState {
    Ticket,
    Comment,
    Triage,
    Quarantine,
    Sent,
    Dismissed,
}

impl MailState {
    pub fn as_str(self) -> &'static str {
        match self {
            MailState::Ticket => "ticket",
            MailState::Comment => "comment",
            MailState::Triage => "triage",
            MailState::Quarantine => "quarantine",
            MailState::Sent => "sent",
            MailState::Dismissed => "dismissed",
        }
    }

    fn parse(word: &str) -> Result<MailState> {
        Ok(match word {
            "ticket" => MailState::Ticket,
            "comment" => MailState::Comment,
            "triage" => MailState::Triage,
            "quarantine" => MailState::Quarantine,
            "sent" => MailState::Sent,
            "dismissed" => MailState::Dismissed,
            other => return Err(StoreError::Decode(format!("mail state: {other}"))),
        })
    }
}

/// A received message as the intake worker hands it to the store.
#[derive(Clone, PartialEq, Eq)]
pub struct InboundRecord<'a> {
    pub mailbox_id: i64,
    /// The Message-ID, or a key made from UIDVALIDITY and UID when the message has none.
    pub message_id: String,
    pub from_email: Option<String>,
    pub from_name: Option<String>,
    pub subject: Option<String>,
    /// The message as received, borrowed from the fetch when it can be: a large message is
    /// not copied on its way to the database.
    pub raw: std::borrow::Cow<'a, [u8]>,
    pub received_at: i64,
    /// Why it waits in quarantine (`None` for any other state).
    pub problem: Option<MailProblem>,
    /// What intake did to read it (a guessed charset, ...).
    pub notes: Vec<MailNote>,
}

impl std::fmt::Debug for InboundRecord<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InboundRecord")
            .field("mailbox_id", &self.mailbox_id)
            .field("message_id", &self.message_id)
            .field("from_email", &self.from_email)
            .field("raw", &format_args!("{} bytes", self.raw.len()))
            .finish()
    }
}

/// A stored message, without its raw bytes (read those with [`Store::mail_raw`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailMessage {
    pub id: i64,
    pub mailbox_id: i64,
    pub mailbox_name: String,
    pub message_id: String,
    pub state: MailState,
    pub ticket_id: Option<i64>,
    pub comment_id: Option<i64>,
    pub from_email: Option<String>,
    pub from_name: Option<String>,
    pub subject: Option<String>,
    pub reason: Option<String>,
    /// Why it waits in quarantine, as a code (the reason is its English wording).
    pub problem: Option<MailProblem>,
    /// What intake did to read it; on a ticket's or comment's message, told on the card.
    pub notes: Vec<MailNote>,
    pub size: i64,
    pub received_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentWrite {
    pub file_name: String,
    pub content_type: String,
    pub content: FileContent,
}

/// Where an attachment's bytes are kept.
#[derive(Clone, PartialEq, Eq)]
pub enum FileContent {
    /// Beside the ticket, on their own.
    Bytes(Vec<u8>),
    /// Inside the raw message it came in (kept once): the message by its mailbox and
    /// Message-ID, the byte range of the part's body, its transfer encoding and decoded size.
    InMessage {
        mailbox_id: i64,
        message_id: String,
        start: i64,
        end: i64,
        encoding: String,
        size: i64,
    },
}

impl std::fmt::Debug for FileContent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileContent::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
            FileContent::InMessage {
                message_id,
                start,
                end,
                encoding,
                ..
            } => write!(f, "InMessage({message_id} {start}..{end} {encoding})"),
        }
    }
}

/// An attachment as stored: its bytes, or where in its message they are.
#[derive(Clone, PartialEq, Eq)]
pub enum StoredFile {
    Bytes(Vec<u8>),
    InMessage {
        mail_id: i64,
        start: i64,
        end: i64,
        encoding: String,
    },
}

impl std::fmt::Debug for StoredFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoredFile::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
            StoredFile::InMessage {
                mail_id,
                start,
                end,
                encoding,
            } => write!(f, "InMessage(mail {mail_id} {start}..{end} {encoding})"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentInfo {
    pub id: i64,
    pub ticket_id: i64,
    pub comment_id: Option<i64>,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
}

/// Who an email ticket came from: where public replies go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requester {
    pub ticket_id: i64,
    pub mailbox_id: i64,
    pub email: String,
    pub name: Option<String>,
}

/// Where the message to turn into a ticket or comment comes from.
#[derive(Debug, Clone)]
pub enum MailSource<'a> {
    /// Just received: recorded now; nothing happens if its Message-ID is already known.
    New(&'a InboundRecord<'a>),
    /// Waiting in triage (row id): taken out of it now, if still there.
    Triage(i64),
    /// Waiting in quarantine (row id): a person accepted it; taken out now, if still there.
    Quarantine(i64),
}

const MAILBOX_COLUMNS: &str = "id, name, imap_host, imap_port, imap_security, imap_user, \
    imap_folder, smtp_host, smtp_port, smtp_security, smtp_user, from_address, direction, poll_seconds, \
    enabled, uid_validity, last_uid, last_polled_at, last_error";

const MESSAGE_COLUMNS: &str = "m.id, m.mailbox_id, b.name AS mailbox_name, m.message_id, \
    m.state, m.ticket_id, m.comment_id, m.from_email, m.from_name, m.subject, m.reason, \
    m.problem, m.notes, CAST(LENGTH(m.raw) AS BIGINT) AS size, m.received_at";

impl Store {
    // --- mailboxes ----------------------------------------------------------------------

    pub async fn create_mailbox(&self, m: &MailboxWrite, now: i64) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO mailboxes (name, imap_host, imap_port, imap_security, imap_user, \
               imap_folder, smtp_host, smtp_port, smtp_security, smtp_user, from_address, \
               poll_seconds, enabled, created_at, updated_at, direction) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15) \
             RETURNING id",
        )
        .bind(&m.name)
        .bind(&m.imap_host)
        .bind(m.imap_port)
        .bind(&m.imap_security)
        .bind(&m.imap_user)
        .bind(&m.imap_folder)
        .bind(&m.smtp_host)
        .bind(m.smtp_port)
        .bind(&m.smtp_security)
        .bind(&m.smtp_user)
        .bind(&m.from_address)
        .bind(m.poll_seconds)
        .bind(i64::from(m.enabled))
        .bind(now)
        .bind(&m.direction)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Changes the settings. A changed server, user or folder forgets the read cursor (UIDs
    /// mean nothing on another folder); Message-IDs still keep old mail from coming back.
    pub async fn update_mailbox(&self, id: i64, m: &MailboxWrite, now: i64) -> Result<()> {
        let n = sqlx::query(
            "UPDATE mailboxes SET \
               uid_validity = CASE WHEN imap_host = $2 AND imap_port = $3 AND imap_user = $5 \
                 AND imap_folder = $6 THEN uid_validity ELSE NULL END, \
               last_uid = CASE WHEN imap_host = $2 AND imap_port = $3 AND imap_user = $5 \
                 AND imap_folder = $6 THEN last_uid ELSE NULL END, \
               name = $1, imap_host = $2, imap_port = $3, imap_security = $4, imap_user = $5, \
               imap_folder = $6, smtp_host = $7, smtp_port = $8, smtp_security = $9, \
               smtp_user = $10, from_address = $11, poll_seconds = $12, enabled = $13, \
               updated_at = $14, direction = $16 \
             WHERE id = $15",
        )
        .bind(&m.name)
        .bind(&m.imap_host)
        .bind(m.imap_port)
        .bind(&m.imap_security)
        .bind(&m.imap_user)
        .bind(&m.imap_folder)
        .bind(&m.smtp_host)
        .bind(m.smtp_port)
        .bind(&m.smtp_security)
        .bind(&m.smtp_user)
        .bind(&m.from_address)
        .bind(m.poll_seconds)
        .bind(i64::from(m.enabled))
        .bind(now)
        .bind(id)
        .bind(&m.direction)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(mailbox_missing(id));
        }
        Ok(())
    }

    /// Removes a mailbox that never received or sent anything; one with history is refused
    /// (disable it instead), so no ticket loses where its replies go.
    pub async fn delete_mailbox(&self, id: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        let used: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM mail_messages WHERE mailbox_id = $1) + \
                    (SELECT COUNT(*) FROM outbox WHERE mailbox_id = $1)",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        if used > 0 {
            return Err(StoreError::Conflict(
                "this mailbox has received or sent mail that tickets refer to; disable it instead of removing it".into(),
            ));
        }
        let n = sqlx::query("DELETE FROM mailboxes WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(mailbox_missing(id));
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn mailbox(&self, id: i64) -> Result<Option<MailboxRecord>> {
        sqlx::query(&format!(
            "SELECT {MAILBOX_COLUMNS} FROM mailboxes WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| mailbox_from_row(&r))
        .transpose()
    }

    pub async fn mailbox_id_by_name(&self, name: &str) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT id FROM mailboxes WHERE name = $1")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Every mailbox, by name: a desk has a handful.
    pub async fn mailboxes(&self) -> Result<Vec<MailboxRecord>> {
        sqlx::query(&format!(
            "SELECT {MAILBOX_COLUMNS} FROM mailboxes ORDER BY name, id"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(mailbox_from_row)
        .collect()
    }

    /// [`Writes::set_mail_cursor`] in a transaction of its own.
    pub async fn set_mail_cursor(
        &self,
        mailbox_id: i64,
        uid_validity: i64,
        last_uid: i64,
    ) -> Result<()> {
        let mut w = self.writes().await?;
        w.set_mail_cursor(mailbox_id, uid_validity, last_uid)
            .await?;
        w.commit().await
    }

    /// The outcome of the last poll: `None` when it went well.
    pub async fn set_mailbox_polled(
        &self,
        mailbox_id: i64,
        error: Option<&str>,
        now: i64,
    ) -> Result<()> {
        self.write_one(
            sqlx::query("UPDATE mailboxes SET last_polled_at = $1, last_error = $2 WHERE id = $3")
                .bind(now)
                .bind(error)
                .bind(mailbox_id),
        )
        .await?;
        Ok(())
    }

    // --- received mail ------------------------------------------------------------------

    /// Whether this mailbox already has the message.
    pub async fn mail_known(&self, mailbox_id: i64, message_id: &str) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM mail_messages WHERE mailbox_id = $1 AND message_id = $2",
        )
        .bind(mailbox_id)
        .bind(message_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    /// The ticket that one of these Message-IDs (received or sent, in any mailbox) belongs
    /// to, the most recent first: how In-Reply-To and References thread a reply.
    pub async fn ticket_by_message_ids(&self, ids: &[String]) -> Result<Option<i64>> {
        for id in ids.iter().rev() {
            let found: Option<i64> = sqlx::query_scalar(
                "SELECT ticket_id FROM mail_messages WHERE message_id = $1 \
                   AND ticket_id IS NOT NULL ORDER BY id DESC LIMIT 1",
            )
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
            if found.is_some() {
                return Ok(found);
            }
        }
        Ok(None)
    }

    /// The Message-IDs of a ticket's conversation, oldest first: a reply's References.
    pub async fn thread_message_ids(&self, ticket_id: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT message_id FROM mail_messages WHERE ticket_id = $1 \
               AND state IN ('ticket', 'comment', 'sent') ORDER BY id",
        )
        .bind(ticket_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// [`Writes::keep_mail`] in a transaction of its own.
    pub async fn keep_mail(
        &self,
        m: &InboundRecord<'_>,
        state: MailState,
        reason: Option<&str>,
    ) -> Result<bool> {
        let mut w = self.writes().await?;
        let r = w.keep_mail(m, state, reason).await?;
        w.commit().await?;
        Ok(r)
    }

    /// [`Writes::ticket_from_mail`] in a transaction of its own.
    pub async fn ticket_from_mail(
        &self,
        source: MailSource<'_>,
        ticket: &NewTicket,
        requester: Option<&Requester>,
        attachments: &[AttachmentWrite],
        notes: &[MailNote],
        now: i64,
    ) -> Result<Option<i64>> {
        let mut w = self.writes().await?;
        let r = w
            .ticket_from_mail(source, ticket, requester, attachments, notes, now)
            .await?;
        w.commit().await?;
        Ok(r)
    }

    /// [`Writes::comment_from_mail`] in a transaction of its own.
    #[allow(clippy::too_many_arguments)]
    pub async fn comment_from_mail(
        &self,
        source: MailSource<'_>,
        ticket_id: i64,
        author: i64,
        body: &str,
        body_msg: Option<&str>,
        attachments: &[AttachmentWrite],
        notes: &[MailNote],
        reopen: Option<&StatusChange<'_>>,
        now: i64,
    ) -> Result<Option<i64>> {
        let mut w = self.writes().await?;
        let r = w
            .comment_from_mail(
                source,
                ticket_id,
                author,
                body,
                body_msg,
                attachments,
                notes,
                reopen,
                now,
            )
            .await?;
        w.commit().await?;
        Ok(r)
    }

    /// Messages in one state (triage or quarantine), newest first, `limit` after `before_id`.
    pub async fn mail_in_state(
        &self,
        state: MailState,
        before_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<MailMessage>> {
        sqlx::query(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM mail_messages m JOIN mailboxes b ON b.id = m.mailbox_id \
             WHERE m.state = $1 AND m.id < $2 ORDER BY m.id DESC LIMIT $3"
        ))
        .bind(state.as_str())
        .bind(before_id.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(message_from_row)
        .collect()
    }

    pub async fn mail_message(&self, id: i64) -> Result<Option<MailMessage>> {
        sqlx::query(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM mail_messages m JOIN mailboxes b ON b.id = m.mailbox_id \
             WHERE m.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| message_from_row(&r))
        .transpose()
    }

    /// The message a comment came from, if it came by email.
    pub async fn mail_of_comment(&self, comment_id: i64) -> Result<Option<MailMessage>> {
        sqlx::query(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM mail_messages m JOIN mailboxes b ON b.id = m.mailbox_id \
             WHERE m.comment_id = $1 AND m.state = 'comment'"
        ))
        .bind(comment_id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| message_from_row(&r))
        .transpose()
    }

    /// The message a ticket was opened from, if it was opened from one.
    pub async fn mail_of_ticket(&self, ticket_id: i64) -> Result<Option<MailMessage>> {
        sqlx::query(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM mail_messages m JOIN mailboxes b ON b.id = m.mailbox_id \
             WHERE m.ticket_id = $1 AND m.state = 'ticket' ORDER BY m.id LIMIT 1"
        ))
        .bind(ticket_id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| message_from_row(&r))
        .transpose()
    }

    /// The message exactly as received.
    pub async fn mail_raw(&self, id: i64) -> Result<Option<Vec<u8>>> {
        Ok(
            sqlx::query_scalar("SELECT raw FROM mail_messages WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The messages of a mailbox kept under a key from before migration 0044 (mail without a
    /// Message-ID, keyed by a hash a toolchain may change) whose key names `size` bytes: each
    /// key with the message as received, so a message coming again can be told by its bytes.
    pub async fn legacy_mail_keys(
        &self,
        mailbox_id: i64,
        size: i64,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        sqlx::query(
            "SELECT m.message_id, m.raw FROM mail_legacy_keys k \
             JOIN mail_messages m ON m.id = k.message_row \
             WHERE k.mailbox_id = $1 AND k.size = $2",
        )
        .bind(mailbox_id)
        .bind(size)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("message_id")?, r.try_get("raw")?)))
        .collect()
    }

    /// Takes a message out of triage or quarantine (`from`) without a ticket (spam, a wrong
    /// address, garbage). `false` when it is not waiting there any more.
    pub async fn dismiss_mail(&self, id: i64, from: MailState) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE mail_messages SET state = 'dismissed' WHERE id = $1 AND state = $2",
        )
        .bind(id)
        .bind(from.as_str())
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// The mailbox that writes about a ticket logged by hand in `direction`: an enabled one
    /// before a disabled one, the direction's own before another, else the oldest; `None`
    /// when the workspace has no mailbox.
    pub async fn mailbox_for_direction(&self, direction: &str) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM mailboxes ORDER BY enabled DESC, \
               CASE WHEN direction = $1 THEN 0 ELSE 1 END, id LIMIT 1",
        )
        .bind(direction)
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn requester(&self, ticket_id: i64) -> Result<Option<Requester>> {
        sqlx::query(
            "SELECT ticket_id, mailbox_id, email, name FROM ticket_requesters WHERE ticket_id = $1",
        )
        .bind(ticket_id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| {
            Ok(Requester {
                ticket_id: r.try_get("ticket_id")?,
                mailbox_id: r.try_get("mailbox_id")?,
                email: r.try_get("email")?,
                name: r.try_get("name")?,
            })
        })
        .transpose()
    }

    /// The workspace's input limits as stored (JSON), when a person set any.
    pub async fn input_limits(&self) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT limits FROM input_limits WHERE id = 1")
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    pub async fn set_input_limits(&self, json: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO input_limits (id, limits) VALUES (1, $1) \
             ON CONFLICT (id) DO UPDATE SET limits = excluded.limits",
        )
        .bind(json)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The public mail domains (gmail.com, mail.ru, ...), in order.
    pub async fn public_mail_domains(&self) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT domain FROM public_mail_domains ORDER BY domain")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    pub async fn is_public_mail_domain(&self, domain: &str) -> Result<bool> {
        let found: Option<String> =
            sqlx::query_scalar("SELECT domain FROM public_mail_domains WHERE domain = $1")
                .bind(domain.trim().to_lowercase())
                .fetch_optional(&self.pool)
                .await?;
        Ok(found.is_some())
    }

    /// Adds a public mail domain (lower case); false when it was listed already.
    pub async fn add_public_mail_domain(&self, domain: &str) -> Result<bool> {
        let n = sqlx::query(
            "INSERT INTO public_mail_domains (domain) VALUES ($1) ON CONFLICT (domain) DO NOTHING",
        )
        .bind(domain)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Removes a public mail domain; false when it was not listed.
    pub async fn remove_public_mail_domain(&self, domain: &str) -> Result<bool> {
        let n = sqlx::query("DELETE FROM public_mail_domains WHERE domain = $1")
            .bind(domain)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    /// Whether `email` may write onto the ticket by mail: it is the ticket's requester or a
    /// contact of the ticket's client (a subject tag or References alone prove nothing).
    pub async fn sender_of_ticket(&self, ticket_id: i64, email: &str) -> Result<bool> {
        let email = email.trim().to_lowercase();
        if email.is_empty() {
            return Ok(false);
        }
        let known: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM ticket_requesters WHERE ticket_id = $1 AND lower(email) = $2 \
             UNION ALL \
             SELECT 1 FROM contacts c JOIN tickets t ON t.client_id = c.client_id \
             WHERE t.id = $1 AND lower(c.email) = $2 LIMIT 1",
        )
        .bind(ticket_id)
        .bind(&email)
        .fetch_optional(&self.pool)
        .await?;
        Ok(known.is_some())
    }

    /// The client whose contact has this address, else the one client whose contacts use the
    /// address's domain (none when several do: the sender is then unknown).
    pub async fn client_for_sender(&self, email: &str) -> Result<Option<i64>> {
        let email = email.trim().to_lowercase();
        let exact: Vec<i64> =
            sqlx::query_scalar("SELECT DISTINCT client_id FROM contacts WHERE email = $1")
                .bind(&email)
                .fetch_all(&self.pool)
                .await?;
        if exact.len() == 1 {
            return Ok(exact.first().copied());
        }
        let Some((_, domain)) = email.rsplit_once('@') else {
            return Ok(None);
        };
        // A public mail domain's senders are nobody's company: only their exact address maps.
        if self.is_public_mail_domain(domain).await? {
            return Ok(None);
        }
        let by_domain: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT client_id FROM contacts WHERE email LIKE $1 LIMIT 2",
        )
        .bind(format!("%@{}", domain.replace(['%', '_'], "")))
        .fetch_all(&self.pool)
        .await?;
        Ok(match by_domain.as_slice() {
            [one] => Some(*one),
            _ => None,
        })
    }

    // --- attachments --------------------------------------------------------------------

    pub async fn attachments(&self, ticket_id: i64) -> Result<Vec<AttachmentInfo>> {
        sqlx::query(
            "SELECT id, ticket_id, comment_id, file_name, content_type, size FROM attachments \
             WHERE ticket_id = $1 ORDER BY id",
        )
        .bind(ticket_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(AttachmentInfo {
                id: r.try_get("id")?,
                ticket_id: r.try_get("ticket_id")?,
                comment_id: r.try_get("comment_id")?,
                file_name: r.try_get("file_name")?,
                content_type: r.try_get("content_type")?,
                size: r.try_get("size")?,
            })
        })
        .collect()
    }

    /// One attachment's name and type, and its bytes or where in its message they are (read
    /// those with [`Store::mail_raw_range`], a chunk at a time).
    pub async fn attachment(&self, id: i64) -> Result<Option<(AttachmentInfo, StoredFile)>> {
        sqlx::query(
            "SELECT id, ticket_id, comment_id, file_name, content_type, size, bytes, \
               mail_message_id, part_start, part_end, part_encoding \
             FROM attachments WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| {
            let info = AttachmentInfo {
                id: r.try_get("id")?,
                ticket_id: r.try_get("ticket_id")?,
                comment_id: r.try_get("comment_id")?,
                file_name: r.try_get("file_name")?,
                content_type: r.try_get("content_type")?,
                size: r.try_get("size")?,
            };
            let mail: Option<i64> = r.try_get("mail_message_id")?;
            let file = match mail {
                None => StoredFile::Bytes(r.try_get("bytes")?),
                Some(mail_id) => StoredFile::InMessage {
                    mail_id,
                    start: r.try_get::<Option<i64>, _>("part_start")?.unwrap_or(0),
                    end: r.try_get::<Option<i64>, _>("part_end")?.unwrap_or(0),
                    encoding: r
                        .try_get::<Option<String>, _>("part_encoding")?
                        .unwrap_or_default(),
                },
            };
            Ok((info, file))
        })
        .transpose()
    }

    /// `len` bytes of a raw message from byte `start` (fewer at its end): a large part is read
    /// a chunk at a time, never whole into this process.
    pub async fn mail_raw_range(&self, mail_id: i64, start: i64, len: i64) -> Result<Vec<u8>> {
        Ok(sqlx::query_scalar(
            "SELECT substr(raw, CAST($2 AS INTEGER), CAST($3 AS INTEGER)) \
             FROM mail_messages WHERE id = $1",
        )
        .bind(mail_id)
        .bind(start + 1)
        .bind(len)
        .fetch_optional(&self.pool)
        .await?
        .unwrap_or_default())
    }

    // --- outbox -------------------------------------------------------------------------

    /// Writes a comment and the outbox row that delivers it, in one transaction.
    #[allow(clippy::too_many_arguments)]
    pub async fn add_comment_with_outbox(
        &self,
        ticket_id: i64,
        author: i64,
        body: &str,
        visibility: Visibility,
        channel: Channel,
        outbox: Option<&OutboxWrite>,
        now: i64,
    ) -> Result<i64> {
        self.add_comment_for(
            ticket_id, author, body, visibility, channel, None, outbox, now,
        )
        .await
    }

    /// [`Store::add_comment_with_outbox`] for a chosen audience: a comment for the client
    /// alone goes to no vendor, one for the vendor alone comes with no outbox row.
    #[allow(clippy::too_many_arguments)]
    pub async fn add_comment_for(
        &self,
        ticket_id: i64,
        author: i64,
        body: &str,
        visibility: Visibility,
        channel: Channel,
        audience: Option<sb_domain::vendor::Audience>,
        outbox: Option<&OutboxWrite>,
        now: i64,
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        let comment_id = crate::tickets::insert_comment_for(
            &mut tx, ticket_id, author, body, visibility, channel, audience, now,
        )
        .await?;
        if let Some(o) = outbox {
            crate::outbox::insert_email_as_sent(&mut tx, ticket_id, comment_id, o, body, now)
                .await?;
        }
        tx.commit().await?;
        Ok(comment_id)
    }
}

/// Intake writes inside a run of [`Writes`]. Each write's first statement claims the
/// message (its row, or its triage row): a message already claimed writes nothing at all, and
/// any error leaves the whole run uncommitted.
impl Writes {
    /// Links a follow-up ticket to the one it follows, in this transaction.
    pub async fn link_tickets(&mut self, a: i64, b: i64, actor: i64, now: i64) -> Result<bool> {
        set_link_in(&mut self.tx, a, b, true, None, actor, now).await
    }

    /// Remembers where reading stopped, in the transaction that keeps the messages before it.
    pub async fn set_mail_cursor(
        &mut self,
        mailbox_id: i64,
        uid_validity: i64,
        last_uid: i64,
    ) -> Result<()> {
        sqlx::query("UPDATE mailboxes SET uid_validity = $1, last_uid = $2 WHERE id = $3")
            .bind(uid_validity)
            .bind(last_uid)
            .bind(mailbox_id)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Keeps a message that is not (yet) a ticket: `Triage` (unknown sender) or `Quarantine`
    /// (unreadable, with the reason). `false` when the mailbox already has it.
    pub async fn keep_mail(
        &mut self,
        m: &InboundRecord<'_>,
        state: MailState,
        reason: Option<&str>,
    ) -> Result<bool> {
        self.written += 1;
        let tx = &mut self.tx;
        let id = insert_message(tx, m, state, reason).await?;
        Ok(id.is_some())
    }

    /// Opens a ticket from a message, with its requester (none when the sender is unknown,
    /// as for a message a person accepted from quarantine) and attachments, in one
    /// transaction; `notes` (what was done to read it) go on the message row. `None` when the
    /// message is already known (or, from triage or quarantine, was taken meanwhile).
    pub async fn ticket_from_mail(
        &mut self,
        source: MailSource<'_>,
        ticket: &NewTicket,
        requester: Option<&Requester>,
        attachments: &[AttachmentWrite],
        notes: &[MailNote],
        now: i64,
    ) -> Result<Option<i64>> {
        self.written += 1;
        let tx = &mut self.tx;
        let Some(row) = claim_source(tx, &source, MailState::Ticket).await? else {
            return Ok(None);
        };
        let ticket_id = insert_ticket(tx, ticket, now).await?;
        sqlx::query("UPDATE mail_messages SET ticket_id = $1, notes = $2 WHERE id = $3")
            .bind(ticket_id)
            .bind(notes_json(notes))
            .bind(row)
            .execute(&mut **tx)
            .await?;
        if let Some(requester) = requester {
            insert_requester(tx, ticket_id, requester).await?;
        }
        insert_attachments(tx, ticket_id, None, attachments, now).await?;
        Ok(Some(ticket_id))
    }

    /// Threads a message into a ticket as a public comment (with its attachments), reopening
    /// the ticket when `reopen` says so, in one transaction. `None` when already known.
    /// `body_msg`: the system's words standing for the body (an empty message), as a message
    /// (JSON) each reader words, `body` being its English.
    #[allow(clippy::too_many_arguments)]
    pub async fn comment_from_mail(
        &mut self,
        source: MailSource<'_>,
        ticket_id: i64,
        author: i64,
        body: &str,
        body_msg: Option<&str>,
        attachments: &[AttachmentWrite],
        notes: &[MailNote],
        reopen: Option<&StatusChange<'_>>,
        now: i64,
    ) -> Result<Option<i64>> {
        self.written += 1;
        let tx = &mut self.tx;
        let Some(row) = claim_source(tx, &source, MailState::Comment).await? else {
            return Ok(None);
        };
        let comment_id = insert_comment(
            tx,
            ticket_id,
            author,
            body,
            Visibility::Public,
            Channel::Email,
            now,
        )
        .await?;
        if let Some(body_msg) = body_msg {
            said_in(tx, comment_id, body_msg).await?;
        }
        sqlx::query(
            "UPDATE mail_messages SET ticket_id = $1, comment_id = $2, notes = $3 WHERE id = $4",
        )
        .bind(ticket_id)
        .bind(comment_id)
        .bind(notes_json(notes))
        .bind(row)
        .execute(&mut **tx)
        .await?;
        insert_attachments(tx, ticket_id, Some(comment_id), attachments, now).await?;
        if let Some(change) = reopen {
            status_in(tx, change).await?;
        }
        Ok(Some(comment_id))
    }
}

fn mailbox_missing(id: i64) -> StoreError {
    StoreError::NotFound {
        what: "mailbox",
        id: id.to_string(),
    }
}

/// Inserts the message row; `None` when the mailbox already has this Message-ID.
async fn insert_message(
    tx: &mut Transaction<'_, Any>,
    m: &InboundRecord<'_>,
    state: MailState,
    reason: Option<&str>,
) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "INSERT INTO mail_messages (mailbox_id, message_id, state, from_email, from_name, \
           subject, reason, raw, received_at, problem, notes) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (mailbox_id, message_id) DO NOTHING RETURNING id",
    )
    .bind(m.mailbox_id)
    .bind(&m.message_id)
    .bind(state.as_str())
    .bind(&m.from_email)
    .bind(&m.from_name)
    .bind(&m.subject)
    .bind(reason)
    .bind(&*m.raw)
    .bind(m.received_at)
    .bind(m.problem.as_ref().map(problem_json))
    .bind(notes_json(&m.notes))
    .fetch_optional(&mut **tx)
    .await?)
}

/// The message row to attach a ticket or comment to, now in `state`; `None` when it was
/// handled already.
pub(crate) async fn claim_source(
    tx: &mut Transaction<'_, Any>,
    source: &MailSource<'_>,
    state: MailState,
) -> Result<Option<i64>> {
    match source {
        MailSource::New(m) => insert_message(tx, m, state, None).await,
        MailSource::Triage(id) => take_waiting(tx, *id, MailState::Triage, state).await,
        MailSource::Quarantine(id) => take_waiting(tx, *id, MailState::Quarantine, state).await,
    }
}

/// Moves a waiting message (`from`: triage or quarantine) to `state`, if still waiting.
async fn take_waiting(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    from: MailState,
    state: MailState,
) -> Result<Option<i64>> {
    let n = sqlx::query("UPDATE mail_messages SET state = $1 WHERE id = $2 AND state = $3")
        .bind(state.as_str())
        .bind(id)
        .bind(from.as_str())
        .execute(&mut **tx)
        .await?
        .rows_affected();
    Ok((n == 1).then_some(id))
}

fn problem_json(p: &MailProblem) -> String {
    serde_json::to_string(p).unwrap_or_default()
}

/// `NULL` for no notes.
fn notes_json(notes: &[MailNote]) -> Option<String> {
    (!notes.is_empty()).then(|| serde_json::to_string(notes).unwrap_or_default())
}

pub(crate) async fn insert_attachments(
    tx: &mut Transaction<'_, Any>,
    ticket_id: i64,
    comment_id: Option<i64>,
    attachments: &[AttachmentWrite],
    now: i64,
) -> Result<()> {
    for a in attachments {
        match &a.content {
            FileContent::Bytes(bytes) => {
                sqlx::query(
                    "INSERT INTO attachments (ticket_id, comment_id, file_name, content_type, \
                       size, bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(ticket_id)
                .bind(comment_id)
                .bind(&a.file_name)
                .bind(&a.content_type)
                .bind(bytes.len() as i64)
                .bind(&bytes[..])
                .bind(now)
                .execute(&mut **tx)
                .await?;
            }
            FileContent::InMessage {
                mailbox_id,
                message_id,
                start,
                end,
                encoding,
                size,
            } => {
                sqlx::query(
                    "INSERT INTO attachments (ticket_id, comment_id, file_name, content_type, \
                       size, bytes, created_at, mail_message_id, part_start, part_end, \
                       part_encoding) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, \
                       (SELECT id FROM mail_messages WHERE mailbox_id = $8 AND message_id = $9), \
                       $10, $11, $12)",
                )
                .bind(ticket_id)
                .bind(comment_id)
                .bind(&a.file_name)
                .bind(&a.content_type)
                .bind(*size)
                .bind(Vec::<u8>::new())
                .bind(now)
                .bind(*mailbox_id)
                .bind(message_id)
                .bind(*start)
                .bind(*end)
                .bind(encoding)
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    Ok(())
}

fn mailbox_from_row(r: &AnyRow) -> Result<MailboxRecord> {
    let enabled: i64 = r.try_get("enabled")?;
    Ok(MailboxRecord {
        id: r.try_get("id")?,
        settings: MailboxWrite {
            name: r.try_get("name")?,
            imap_host: r.try_get("imap_host")?,
            imap_port: r.try_get("imap_port")?,
            imap_security: r.try_get("imap_security")?,
            imap_user: r.try_get("imap_user")?,
            imap_folder: r.try_get("imap_folder")?,
            smtp_host: r.try_get("smtp_host")?,
            smtp_port: r.try_get("smtp_port")?,
            smtp_security: r.try_get("smtp_security")?,
            smtp_user: r.try_get("smtp_user")?,
            from_address: r.try_get("from_address")?,
            direction: r.try_get("direction")?,
            poll_seconds: r.try_get("poll_seconds")?,
            enabled: enabled != 0,
        },
        uid_validity: r.try_get("uid_validity")?,
        last_uid: r.try_get("last_uid")?,
        last_polled_at: r.try_get("last_polled_at")?,
        last_error: r.try_get("last_error")?,
    })
}

fn message_from_row(r: &AnyRow) -> Result<MailMessage> {
    let state: String = r.try_get("state")?;
    Ok(MailMessage {
        id: r.try_get("id")?,
        mailbox_id: r.try_get("mailbox_id")?,
        mailbox_name: r.try_get("mailbox_name")?,
        message_id: r.try_get("message_id")?,
        state: MailState::parse(&state)?,
        ticket_id: r.try_get("ticket_id")?,
        comment_id: r.try_get("comment_id")?,
        from_email: r.try_get("from_email")?,
        from_name: r.try_get("from_name")?,
        subject: r.try_get("subject")?,
        reason: r.try_get("reason")?,
        problem: json_column(r, "problem")?,
        notes: json_column::<Vec<MailNote>>(r, "notes")?.unwrap_or_default(),
        size: r.try_get("size")?,
        received_at: r.try_get("received_at")?,
    })
}

fn json_column<T: serde::de::DeserializeOwned>(r: &AnyRow, column: &str) -> Result<Option<T>> {
    let text: Option<String> = r.try_get(column)?;
    text.map(|t| {
        serde_json::from_str(&t).map_err(|e| StoreError::Decode(format!("mail {column}: {e}")))
    })
    .transpose()
}

/// Whom the mails about a new ticket go to (`requester.ticket_id` is not read: `ticket_id` is).
pub(crate) async fn insert_requester(
    tx: &mut Transaction<'_, Any>,
    ticket_id: i64,
    requester: &Requester,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO ticket_requesters (ticket_id, mailbox_id, email, name) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(ticket_id)
    .bind(requester.mailbox_id)
    .bind(&requester.email)
    .bind(&requester.name)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
