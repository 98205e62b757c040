//! Keeping the client informed (migration 0038): the workspace's notice defaults, each
//! client's language, switches and templates, the automatic mails written to tickets, and the
//! satisfaction ratings.
//!
//! Architecture Invariant: an automatic mail is written with its idempotency record
//! (`ticket_notices`, one row per ticket, kind and occurrence), its public comment and its
//! outbox row in one transaction, and a second writer of the same record writes nothing, so
//! no process, however many sweep at once, sends a client the same mail twice.

use sb_domain::inform::{MailLanguage, NoticeKind};
use sb_domain::vendor::Audience;
use sb_domain::{Channel, Priority, Visibility};
use sqlx::{Any, Row, Transaction};

use crate::outbox::OutboxWrite;
use crate::records::priority_from_row;
use crate::{Result, StatusChange, Store, StoreError, Writes};

/// The workspace's defaults for every client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeDefaults {
    pub language: MailLanguage,
    pub acknowledge: bool,
    pub remind: bool,
    pub satisfaction: bool,
    pub remind_after_days: i64,
    pub close_after_days: i64,
}

/// A client's own settings; `None` is "as the workspace's default".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientNoticeSettings {
    pub acknowledge: Option<bool>,
    pub remind: Option<bool>,
    pub satisfaction: Option<bool>,
    pub remind_after_days: Option<i64>,
    pub close_after_days: Option<i64>,
}

/// A client's own template of one kind in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeTemplateRecord {
    pub kind: NoticeKind,
    pub language: MailLanguage,
    pub subject: String,
    pub body: String,
    pub updated_at: i64,
}

/// An automatic mail to write: its record, the comment the card shows (the mail's text) and
/// the outbox row that sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeWrite {
    pub kind: NoticeKind,
    pub occurrence: i64,
    pub author: i64,
    pub body: String,
    pub outbox: OutboxWrite,
}

/// A ticket waiting for the client: since when, and when this wait's reminder went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingTicket {
    pub id: i64,
    pub client_id: i64,
    pub direction: String,
    pub priority: Priority,
    pub since: i64,
    pub reminded_at: Option<i64>,
    pub version: i64,
}

/// A ticket's satisfaction request and the client's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SatisfactionRecord {
    pub ticket_id: i64,
    pub requested_at: i64,
    pub rating: Option<i64>,
    pub comment: Option<String>,
    pub rated_at: Option<i64>,
}

fn bool_of(v: Option<i64>) -> Option<bool> {
    v.map(|n| n != 0)
}

fn language_of(word: &str) -> Result<MailLanguage> {
    word.parse()
        .map_err(|_| StoreError::Decode(format!("language: {word}")))
}

impl Store {
    pub async fn notice_defaults(&self) -> Result<NoticeDefaults> {
        let r = sqlx::query(
            "SELECT language, acknowledge, remind, satisfaction, remind_after_days, \
               close_after_days FROM notice_defaults WHERE id = 1",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(NoticeDefaults {
            language: language_of(&r.try_get::<String, _>("language")?)?,
            acknowledge: r.try_get::<i64, _>("acknowledge")? != 0,
            remind: r.try_get::<i64, _>("remind")? != 0,
            satisfaction: r.try_get::<i64, _>("satisfaction")? != 0,
            remind_after_days: r.try_get("remind_after_days")?,
            close_after_days: r.try_get("close_after_days")?,
        })
    }

    pub async fn set_notice_defaults(&self, d: &NoticeDefaults) -> Result<()> {
        self.write_one(
            sqlx::query(
                "UPDATE notice_defaults SET language = $1, acknowledge = $2, remind = $3, \
                   satisfaction = $4, remind_after_days = $5, close_after_days = $6 WHERE id = 1",
            )
            .bind(d.language.as_str())
            .bind(i64::from(d.acknowledge))
            .bind(i64::from(d.remind))
            .bind(i64::from(d.satisfaction))
            .bind(d.remind_after_days)
            .bind(d.close_after_days),
        )
        .await?;
        Ok(())
    }

    pub async fn client_notice_settings(&self, client_id: i64) -> Result<ClientNoticeSettings> {
        let Some(r) = sqlx::query(
            "SELECT acknowledge, remind, satisfaction, remind_after_days, close_after_days \
             FROM client_notice_settings WHERE client_id = $1",
        )
        .bind(client_id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(ClientNoticeSettings::default());
        };
        Ok(ClientNoticeSettings {
            acknowledge: bool_of(r.try_get("acknowledge")?),
            remind: bool_of(r.try_get("remind")?),
            satisfaction: bool_of(r.try_get("satisfaction")?),
            remind_after_days: r.try_get("remind_after_days")?,
            close_after_days: r.try_get("close_after_days")?,
        })
    }

    pub async fn set_client_notice_settings(
        &self,
        client_id: i64,
        s: &ClientNoticeSettings,
    ) -> Result<()> {
        self.write_one(
            sqlx::query(
                "INSERT INTO client_notice_settings (client_id, acknowledge, remind, \
                   satisfaction, remind_after_days, close_after_days) \
                 VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (client_id) DO UPDATE SET acknowledge = excluded.acknowledge, \
                   remind = excluded.remind, satisfaction = excluded.satisfaction, \
                   remind_after_days = excluded.remind_after_days, \
                   close_after_days = excluded.close_after_days",
            )
            .bind(client_id)
            .bind(s.acknowledge.map(i64::from))
            .bind(s.remind.map(i64::from))
            .bind(s.satisfaction.map(i64::from))
            .bind(s.remind_after_days)
            .bind(s.close_after_days),
        )
        .await?;
        Ok(())
    }

    /// The language a client is written to in; `None`: the workspace's default.
    pub async fn client_language(&self, client_id: i64) -> Result<Option<MailLanguage>> {
        let word: Option<Option<String>> =
            sqlx::query_scalar("SELECT language FROM clients WHERE id = $1")
                .bind(client_id)
                .fetch_optional(&self.pool)
                .await?;
        word.flatten().as_deref().map(language_of).transpose()
    }

    pub async fn notice_templates(&self, client_id: i64) -> Result<Vec<NoticeTemplateRecord>> {
        sqlx::query(
            "SELECT kind, language, subject, body, updated_at FROM notice_templates \
             WHERE client_id = $1 ORDER BY kind, language",
        )
        .bind(client_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            Ok(NoticeTemplateRecord {
                kind: kind
                    .parse()
                    .map_err(|_| StoreError::Decode(format!("notice kind: {kind}")))?,
                language: language_of(&r.try_get::<String, _>("language")?)?,
                subject: r.try_get("subject")?,
                body: r.try_get("body")?,
                updated_at: r.try_get("updated_at")?,
            })
        })
        .collect()
    }

    /// Keeps a client's own template (replacing one of the same kind and language).
    pub async fn set_notice_template(
        &self,
        client_id: i64,
        t: &NoticeTemplateRecord,
    ) -> Result<()> {
        self.write_one(
            sqlx::query(
                "INSERT INTO notice_templates (client_id, kind, language, subject, body, \
                   updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (client_id, kind, language) DO UPDATE SET \
                   subject = excluded.subject, body = excluded.body, \
                   updated_at = excluded.updated_at",
            )
            .bind(client_id)
            .bind(t.kind.as_str())
            .bind(t.language.as_str())
            .bind(&t.subject)
            .bind(&t.body)
            .bind(t.updated_at),
        )
        .await?;
        Ok(())
    }

    /// Goes back to the workspace's template; `false` when the client had none of its own.
    pub async fn remove_notice_template(
        &self,
        client_id: i64,
        kind: NoticeKind,
        language: MailLanguage,
    ) -> Result<bool> {
        let n = self
            .write_one(
                sqlx::query(
                    "DELETE FROM notice_templates WHERE client_id = $1 AND kind = $2 \
                       AND language = $3",
                )
                .bind(client_id)
                .bind(kind.as_str())
                .bind(language.as_str()),
            )
            .await?;
        Ok(n > 0)
    }

    /// Writes an automatic mail, once: `false` when this ticket already has it.
    pub async fn add_notice(&self, ticket_id: i64, n: &NoticeWrite, now: i64) -> Result<bool> {
        let mut tx = self.begin().await?;
        let added = notice_in(&mut tx, ticket_id, n, now).await?;
        tx.commit().await?;
        Ok(added)
    }

    /// A status change with the automatic mails it brings (the resolution, the close's notice
    /// and satisfaction request), in one transaction.
    pub async fn change_status_with_notices(
        &self,
        c: &StatusChange<'_>,
        notices: &[NoticeWrite],
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        crate::tickets::status_in(&mut tx, c).await?;
        for n in notices {
            notice_in(&mut tx, c.ticket_id, n, c.now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Tickets waiting for the client after `after_id`, by id: since when each waits (its last
    /// move to `pending_customer`) and when this wait's reminder was written. A merged
    /// duplicate never waits: its thread lives on the survivor.
    pub async fn waiting_tickets(&self, after_id: i64, limit: i64) -> Result<Vec<WaitingTicket>> {
        sqlx::query(
            "SELECT w.*, (SELECT MAX(n.created_at) FROM ticket_notices n \
                 WHERE n.ticket_id = w.id AND n.kind = 'reminder' AND n.occurrence = w.since) \
               AS reminded_at \
             FROM (SELECT t.id, t.client_id, t.direction, t.priority, t.version, \
                     COALESCE((SELECT MAX(a.at) FROM audit a WHERE a.ticket_id = t.id \
                       AND a.field = 'status' AND a.new_value = 'pending_customer'), \
                       t.updated_at) AS since \
                   FROM tickets t WHERE t.status = 'pending_customer' AND t.id > $1 \
                     AND t.merged_into_id IS NULL \
                   ORDER BY t.id LIMIT $2) w ORDER BY w.id",
        )
        .bind(after_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(WaitingTicket {
                id: r.try_get("id")?,
                client_id: r.try_get("client_id")?,
                direction: r.try_get("direction")?,
                priority: priority_from_row(r)?,
                since: r.try_get("since")?,
                reminded_at: r.try_get("reminded_at")?,
                version: r.try_get("version")?,
            })
        })
        .collect()
    }

    /// The kinds and occurrences of the automatic mails a ticket has, oldest first.
    pub async fn ticket_notices(&self, ticket_id: i64) -> Result<Vec<(NoticeKind, i64)>> {
        sqlx::query(
            "SELECT kind, occurrence FROM ticket_notices WHERE ticket_id = $1 \
             ORDER BY created_at, kind",
        )
        .bind(ticket_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            Ok((
                kind.parse()
                    .map_err(|_| StoreError::Decode(format!("notice kind: {kind}")))?,
                r.try_get("occurrence")?,
            ))
        })
        .collect()
    }

    /// The Message-IDs of the satisfaction requests mailed on a ticket.
    pub async fn satisfaction_request_ids(&self, ticket_id: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT sent_message_id FROM ticket_notices WHERE ticket_id = $1 \
               AND kind = 'satisfaction_request' AND sent_message_id IS NOT NULL",
        )
        .bind(ticket_id)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn satisfaction(&self, ticket_id: i64) -> Result<Option<SatisfactionRecord>> {
        sqlx::query(
            "SELECT ticket_id, requested_at, rating, comment, rated_at \
             FROM ticket_satisfaction WHERE ticket_id = $1",
        )
        .bind(ticket_id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| {
            Ok(SatisfactionRecord {
                ticket_id: r.try_get("ticket_id")?,
                requested_at: r.try_get("requested_at")?,
                rating: r.try_get("rating")?,
                comment: r.try_get("comment")?,
                rated_at: r.try_get("rated_at")?,
            })
        })
        .transpose()
    }
}

impl Writes {
    /// [`Store::add_notice`] inside an intake run (the acknowledgement of a new ticket).
    pub async fn add_notice(&mut self, ticket_id: i64, n: &NoticeWrite, now: i64) -> Result<bool> {
        let added = notice_in(&mut self.tx, ticket_id, n, now).await?;
        self.written += 1;
        Ok(added)
    }

    /// Keeps the client's rating of a ticket they were asked to rate, in the run that takes
    /// their reply in; a later rating replaces an earlier one. `false` when nobody asked.
    pub async fn record_rating(
        &mut self,
        ticket_id: i64,
        rating: u8,
        comment: Option<&str>,
        now: i64,
    ) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE ticket_satisfaction SET rating = $1, comment = $2, rated_at = $3 \
             WHERE ticket_id = $4",
        )
        .bind(i64::from(rating))
        .bind(comment)
        .bind(now)
        .bind(ticket_id)
        .execute(&mut *self.tx)
        .await?
        .rows_affected();
        // The report's rollup counts ratings in the hour the ticket was resolved: again.
        sqlx::query("UPDATE tickets SET rolled_at = NULL WHERE id = $1")
            .bind(ticket_id)
            .execute(&mut *self.tx)
            .await?;
        self.written += 1;
        Ok(n == 1)
    }
}

/// The automatic mail's record first: a second writer (another process sweeping, the same
/// change seen twice) finds it there and writes nothing. On PostgreSQL the second insert waits
/// for the first transaction and then does nothing; on SQLite writers take turns.
async fn notice_in(
    tx: &mut Transaction<'static, Any>,
    ticket_id: i64,
    n: &NoticeWrite,
    now: i64,
) -> Result<bool> {
    let claimed = sqlx::query(
        "INSERT INTO ticket_notices (ticket_id, kind, occurrence, sent_message_id, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(ticket_id)
    .bind(n.kind.as_str())
    .bind(n.occurrence)
    .bind(&n.outbox.sent_message_id)
    .bind(now)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if claimed == 0 {
        return Ok(false);
    }
    let comment_id = crate::tickets::insert_comment_for(
        tx,
        ticket_id,
        n.author,
        &n.body,
        Visibility::Public,
        Channel::Email,
        Some(Audience::Client),
        now,
    )
    .await?;
    sqlx::query(
        "UPDATE ticket_notices SET comment_id = $1 WHERE ticket_id = $2 AND kind = $3 \
           AND occurrence = $4",
    )
    .bind(comment_id)
    .bind(ticket_id)
    .bind(n.kind.as_str())
    .bind(n.occurrence)
    .execute(&mut **tx)
    .await?;
    crate::outbox::insert_email_as_sent(tx, ticket_id, comment_id, &n.outbox, &n.body, now).await?;
    if n.kind == NoticeKind::SatisfactionRequest {
        // Asked again after a reopen and a new close: the earlier answer stays until a new one.
        sqlx::query(
            "INSERT INTO ticket_satisfaction (ticket_id, requested_at) VALUES ($1, $2) \
             ON CONFLICT (ticket_id) DO UPDATE SET requested_at = excluded.requested_at",
        )
        .bind(ticket_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(true)
}
