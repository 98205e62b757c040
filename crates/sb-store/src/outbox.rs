//! The one outbox: every outgoing message (a reply by email, a case or a comment at a vendor),
//! written in the transaction of what it announces and taken by the holder of its unit of
//! background work for one attempt at a time.
//!
//! Architecture Invariant (DESIGN 3, 10): the two queues (`outbox` for email, one row per
//! reply; `vendor_outbox` for vendors, ordered per bond) share this module's claim, sent,
//! failed, retry and keyset list, and sb-domain's one delivery policy decides what a failure
//! means. Typed states ([`OutboxState`], [`FailureClass`]) from the row to the window.

use sb_domain::delivery::{manual_retry, FailureClass};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::{Result, Store, StoreError};

pub use sb_domain::delivery::OutboxState;

/// Which queue of the outbox a message is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Queue {
    Email,
    Vendor,
}

impl Queue {
    fn table(self) -> &'static str {
        match self {
            Queue::Email => "outbox",
            Queue::Vendor => "vendor_outbox",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Queue::Email => "outbox message",
            Queue::Vendor => "vendor message",
        }
    }
}

/// A public reply to deliver: the outbox row written with its comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxWrite {
    pub kind: String,
    pub idempotency_key: String,
    pub mailbox_id: Option<i64>,
    /// JSON, read by the worker that delivers this kind.
    pub payload: String,
    /// Our Message-ID for a sent email, recorded so that replies to it thread.
    pub sent_message_id: Option<String>,
}

/// An email in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub id: i64,
    pub kind: String,
    pub idempotency_key: String,
    pub ticket_id: Option<i64>,
    pub comment_id: Option<i64>,
    pub mailbox_id: Option<i64>,
    pub payload: String,
    pub state: OutboxState,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    /// Why the last attempt failed, in the delivery policy's words.
    pub error_class: Option<FailureClass>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

/// A message to a vendor, with what its delivery needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorMessage {
    pub id: i64,
    pub bond_id: i64,
    pub vendor_id: i64,
    pub vendor_name: String,
    pub ticket_id: i64,
    pub kind: String,
    pub idempotency_key: String,
    pub comment_id: Option<i64>,
    pub payload: String,
    pub state: OutboxState,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    pub error_class: Option<FailureClass>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub correlation: String,
    pub external_id: Option<String>,
    pub external_number: Option<String>,
    pub external_url: Option<String>,
}

const OUTBOX_COLUMNS: &str = "id, kind, idempotency_key, ticket_id, comment_id, mailbox_id, \
    payload, state, attempts, next_attempt_at, last_error, error_class, created_at, sent_at";

const MESSAGE_COLUMNS: &str = "o.id, o.bond_id, b.vendor_id, v.name AS vendor_name, b.ticket_id, \
    o.kind, o.idempotency_key, o.comment_id, o.payload, o.state, o.attempts, o.next_attempt_at, \
    o.last_error, o.error_class, o.created_at, o.sent_at, b.correlation, b.external_id, \
    b.external_number, b.external_url";

const MESSAGE_FROM: &str =
    "vendor_outbox o JOIN bonds b ON b.id = o.bond_id JOIN vendors v ON v.id = b.vendor_id";

/// A vendor message waits while an earlier one of its bond is undelivered (a comment never
/// overtakes the case's create).
const IN_BOND_ORDER: &str =
    "NOT EXISTS (SELECT 1 FROM vendor_outbox p WHERE p.bond_id = o.bond_id \
    AND p.id < o.id AND p.state <> 'sent')";

impl Store {
    // --- the shared steps ---------------------------------------------------------------

    /// Takes a pending message for one delivery attempt: counts the attempt and holds it until
    /// `lease_until`, so a crash mid-delivery leaves it due again with `attempts > 0` (which
    /// makes a vendor's next try look the case up first). A compare-and-set on the attempts
    /// seen: `false` for a second taker.
    async fn claim(&self, q: Queue, id: i64, attempts: i64, lease_until: i64) -> Result<bool> {
        let n = self
            .write_one(
                sqlx::query(&format!(
                    "UPDATE {} SET attempts = attempts + 1, next_attempt_at = $1, \
                       claimed_until = $1 WHERE id = $2 AND state = 'pending' AND attempts = $3",
                    q.table()
                ))
                .bind(lease_until)
                .bind(id)
                .bind(attempts),
            )
            .await?;
        Ok(n == 1)
    }

    /// Gives a claim back untried: the attempt never reached the other side (this workspace
    /// failed before anything was sent), so the message is as it was before [`Store::claim`]:
    /// its attempts and its due time. A compare-and-set on the claim itself: `false` when it is
    /// no longer this attempt's (run out and taken again, or let go by a take-over).
    async fn unclaim(
        &self,
        q: Queue,
        id: i64,
        attempts: i64,
        due_at: i64,
        lease_until: i64,
    ) -> Result<bool> {
        let n = self
            .write_one(
                sqlx::query(&format!(
                    "UPDATE {} SET attempts = $1, next_attempt_at = $2, claimed_until = NULL \
                     WHERE id = $3 AND state = 'pending' AND attempts = $4 AND claimed_until = $5",
                    q.table()
                ))
                .bind(attempts)
                .bind(due_at)
                .bind(id)
                .bind(attempts + 1)
                .bind(lease_until),
            )
            .await?;
        Ok(n == 1)
    }

    /// Marks a pending message sent, in `tx`.
    async fn sent_in(
        tx: &mut Transaction<'static, Any>,
        q: Queue,
        id: i64,
        now: i64,
    ) -> Result<()> {
        sqlx::query(&format!(
            "UPDATE {} SET state = $1, sent_at = $2, last_error = NULL, error_class = NULL, \
               claimed_until = NULL WHERE id = $3 AND state = 'pending'",
            q.table()
        ))
        .bind(OutboxState::Sent.as_str())
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// A failed attempt, in `tx`: again at `retry_at`, or (`None`) a dead letter.
    async fn failed_in(
        tx: &mut Transaction<'static, Any>,
        q: Queue,
        id: i64,
        error: &str,
        class: FailureClass,
        retry_at: Option<i64>,
    ) -> Result<()> {
        let state = match retry_at {
            Some(_) => OutboxState::Pending,
            None => OutboxState::Dead,
        };
        sqlx::query(&format!(
            "UPDATE {} SET state = $1, last_error = $2, error_class = $3, \
               next_attempt_at = COALESCE($4, next_attempt_at), claimed_until = NULL \
             WHERE id = $5 AND state = 'pending'",
            q.table()
        ))
        .bind(state.as_str())
        .bind(error)
        .bind(class.as_str())
        .bind(retry_at)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Puts a dead letter back in line as sb-domain's `delivery::manual_retry` says (now, its
    /// attempts counted afresh), in `tx`; a message that is not a dead letter is a conflict.
    async fn retry_in(
        tx: &mut Transaction<'static, Any>,
        q: Queue,
        id: i64,
        now: i64,
    ) -> Result<()> {
        let reset = manual_retry(now);
        let n = sqlx::query(&format!(
            "UPDATE {} SET state = $1, attempts = $2, next_attempt_at = $3 \
             WHERE id = $4 AND state = $5",
            q.table()
        ))
        .bind(OutboxState::Pending.as_str())
        .bind(reset.attempts)
        .bind(reset.next_attempt_at)
        .bind(id)
        .bind(OutboxState::Dead.as_str())
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if n == 1 {
            return Ok(());
        }
        let state: Option<String> =
            sqlx::query_scalar(&format!("SELECT state FROM {} WHERE id = $1", q.table()))
                .bind(id)
                .fetch_optional(&mut **tx)
                .await?;
        Err(match state {
            None => StoreError::NotFound {
                what: q.what(),
                id: id.to_string(),
            },
            Some(state) => StoreError::Conflict(format!(
                "{} {id} is {state}, not a dead letter; only a dead letter is retried",
                q.what()
            )),
        })
    }

    /// Lets go of the attempts in flight of a mailbox's replies (`Queue::Email`) or a vendor's
    /// messages (`Queue::Vendor`): due again at `now`, their attempts still counted (a vendor's
    /// next try looks the case up first). For the process that has just taken the unit over;
    /// how many.
    pub async fn release_claims(&self, vendor: bool, target: i64, now: i64) -> Result<u64> {
        let sql = if vendor {
            "UPDATE vendor_outbox SET next_attempt_at = $1, claimed_until = NULL \
             WHERE state = 'pending' AND claimed_until IS NOT NULL \
               AND bond_id IN (SELECT id FROM bonds WHERE vendor_id = $2)"
        } else {
            "UPDATE outbox SET next_attempt_at = $1, claimed_until = NULL \
             WHERE state = 'pending' AND claimed_until IS NOT NULL AND mailbox_id = $2"
        };
        self.write_one(sqlx::query(sql).bind(now).bind(target))
            .await
    }

    // --- email --------------------------------------------------------------------------

    /// Pending replies due at `now` from `mailbox_id` (or every mailbox), oldest first.
    pub async fn outbox_due(
        &self,
        mailbox_id: Option<i64>,
        now: i64,
        limit: i64,
    ) -> Result<Vec<OutboxItem>> {
        sqlx::query(&format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE state = 'pending' AND next_attempt_at <= $1 \
               AND ($2 IS NULL OR mailbox_id = $2) ORDER BY next_attempt_at, id LIMIT $3"
        ))
        .bind(now)
        .bind(mailbox_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(outbox_from_row)
        .collect()
    }

    /// Takes a due reply for one attempt (see [`Store::claim`]).
    pub async fn outbox_claim(&self, item: &OutboxItem, lease_until: i64) -> Result<bool> {
        self.claim(Queue::Email, item.id, item.attempts, lease_until)
            .await
    }

    /// Gives back the claim [`Store::outbox_claim`] took until `lease_until`, when nothing went
    /// to the SMTP server (see [`Store::unclaim`]).
    pub async fn outbox_unclaim(&self, item: &OutboxItem, lease_until: i64) -> Result<bool> {
        self.unclaim(
            Queue::Email,
            item.id,
            item.attempts,
            item.next_attempt_at,
            lease_until,
        )
        .await
    }

    /// Marks a reply sent. Not fenced: the SMTP server has it whether or not this process
    /// still holds the mailbox's sending, and a record refused would have the next holder send
    /// it again.
    pub async fn outbox_sent(&self, id: i64, now: i64) -> Result<()> {
        let mut tx = self.begin_unfenced().await?;
        Store::sent_in(&mut tx, Queue::Email, id, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A failed attempt: try again at `retry_at`, or, when `None`, a dead letter.
    pub async fn outbox_failed(
        &self,
        id: i64,
        error: &str,
        class: FailureClass,
        retry_at: Option<i64>,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        Store::failed_in(&mut tx, Queue::Email, id, error, class, retry_at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A person's retry of a dead reply.
    pub async fn outbox_retry(&self, id: i64, now: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        Store::retry_in(&mut tx, Queue::Email, id, now).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn outbox_item(&self, id: i64) -> Result<Option<OutboxItem>> {
        sqlx::query(&format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| outbox_from_row(&r))
        .transpose()
    }

    /// A ticket's outbox rows, oldest first: where each emailed reply stands.
    pub async fn outbox_of_ticket(&self, ticket_id: i64) -> Result<Vec<OutboxItem>> {
        sqlx::query(&format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE ticket_id = $1 ORDER BY id"
        ))
        .bind(ticket_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(outbox_from_row)
        .collect()
    }

    /// Replies in a state (or every state), newest first: a page of `limit` after `before_id`.
    pub async fn outbox_list(
        &self,
        state: Option<OutboxState>,
        before_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<OutboxItem>> {
        sqlx::query(&format!(
            "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE ($1 IS NULL OR state = $1) AND id < $2 \
             ORDER BY id DESC LIMIT $3"
        ))
        .bind(state.map(OutboxState::as_str))
        .bind(before_id.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(outbox_from_row)
        .collect()
    }

    /// Replies waiting to go from each mailbox (mailbox id, how many).
    pub async fn outbox_depths(&self) -> Result<Vec<(i64, i64)>> {
        depths(
            self,
            "SELECT mailbox_id AS unit, COUNT(*) AS n FROM outbox \
             WHERE state = 'pending' AND mailbox_id IS NOT NULL GROUP BY mailbox_id",
        )
        .await
    }

    // --- vendors ------------------------------------------------------------------------

    /// Messages due at `now` to `vendor_id` (or every enabled vendor), oldest first, each only
    /// when everything before it on its bond was delivered.
    pub async fn vendor_outbox_due(
        &self,
        vendor_id: Option<i64>,
        now: i64,
        limit: i64,
    ) -> Result<Vec<VendorMessage>> {
        sqlx::query(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM {MESSAGE_FROM} \
             WHERE o.state = 'pending' AND o.next_attempt_at <= $1 AND v.enabled = 1 \
               AND ($2 IS NULL OR b.vendor_id = $2) AND {IN_BOND_ORDER} \
             ORDER BY o.next_attempt_at, o.id LIMIT $3"
        ))
        .bind(now)
        .bind(vendor_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(message_from_row)
        .collect()
    }

    /// Takes a due message for one attempt (see [`Store::claim`]).
    pub async fn claim_vendor_message(&self, m: &VendorMessage, lease_until: i64) -> Result<bool> {
        self.claim(Queue::Vendor, m.id, m.attempts, lease_until)
            .await
    }

    /// Gives back the claim [`Store::claim_vendor_message`] took until `lease_until`, when
    /// nothing went to the vendor (see [`Store::unclaim`]).
    pub async fn unclaim_vendor_message(
        &self,
        m: &VendorMessage,
        lease_until: i64,
    ) -> Result<bool> {
        self.unclaim(
            Queue::Vendor,
            m.id,
            m.attempts,
            m.next_attempt_at,
            lease_until,
        )
        .await
    }

    /// Delivered. For a comment, the vendor's id of it is kept with the bond.
    pub async fn vendor_message_sent(
        &self,
        m: &VendorMessage,
        external_comment_id: Option<&str>,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        Store::sent_in(&mut tx, Queue::Vendor, m.id, now).await?;
        if let (Some(comment), Some(external)) = (m.comment_id, external_comment_id) {
            sqlx::query(
                "UPDATE bond_comments SET external_id = $1 WHERE bond_id = $2 AND comment_id = $3",
            )
            .bind(external)
            .bind(m.bond_id)
            .bind(comment)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A failed attempt: try again at `retry_at`, or (`None`) a dead letter. A create that
    /// dies fails its bond.
    pub async fn vendor_message_failed(
        &self,
        m: &VendorMessage,
        error: &str,
        class: FailureClass,
        retry_at: Option<i64>,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        Store::failed_in(&mut tx, Queue::Vendor, m.id, error, class, retry_at).await?;
        if retry_at.is_none() && m.kind == "create" {
            sqlx::query("UPDATE bonds SET state = 'failed' WHERE id = $1 AND state = 'pending'")
                .bind(m.bond_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A person's retry of a dead vendor message, and of its bond too if its create had
    /// failed it.
    pub async fn retry_vendor_message(&self, id: i64, now: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        Store::retry_in(&mut tx, Queue::Vendor, id, now).await?;
        sqlx::query(
            "UPDATE bonds SET state = 'pending' WHERE state = 'failed' \
               AND id = (SELECT bond_id FROM vendor_outbox WHERE id = $1)",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// When the next message [`Store::vendor_outbox_due`] would give `vendor_id` (or any
    /// vendor) falls due, if any.
    pub async fn vendor_outbox_next_due(&self, vendor_id: Option<i64>) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(&format!(
            "SELECT MIN(o.next_attempt_at) FROM {MESSAGE_FROM} \
             WHERE o.state = 'pending' AND v.enabled = 1 AND ($1 IS NULL OR b.vendor_id = $1) \
               AND {IN_BOND_ORDER}"
        ))
        .bind(vendor_id)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Vendor messages in a state (or every state), newest first: a page of `limit` after
    /// `before_id`.
    pub async fn vendor_outbox(
        &self,
        state: Option<OutboxState>,
        before_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<VendorMessage>> {
        sqlx::query(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM {MESSAGE_FROM} \
             WHERE ($1 IS NULL OR o.state = $1) AND o.id < $2 ORDER BY o.id DESC LIMIT $3"
        ))
        .bind(state.map(OutboxState::as_str))
        .bind(before_id.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(message_from_row)
        .collect()
    }

    pub async fn vendor_message(&self, id: i64) -> Result<Option<VendorMessage>> {
        sqlx::query(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM {MESSAGE_FROM} WHERE o.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| message_from_row(&r))
        .transpose()
    }

    /// Messages waiting to go to each vendor (vendor id, how many).
    pub async fn vendor_outbox_depths(&self) -> Result<Vec<(i64, i64)>> {
        depths(
            self,
            "SELECT b.vendor_id AS unit, COUNT(*) AS n FROM vendor_outbox o \
             JOIN bonds b ON b.id = o.bond_id WHERE o.state = 'pending' GROUP BY b.vendor_id",
        )
        .await
    }
}

async fn depths(store: &Store, sql: &str) -> Result<Vec<(i64, i64)>> {
    sqlx::query(sql)
        .fetch_all(&store.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("unit")?, r.try_get("n")?)))
        .collect()
}

/// The email outbox row of a reply and, when it has our Message-ID, the row that records it
/// as sent mail of the ticket (so that the client's answer threads), in the transaction that
/// writes its comment.
pub(crate) async fn insert_email_as_sent(
    tx: &mut Transaction<'static, Any>,
    ticket_id: i64,
    comment_id: i64,
    o: &OutboxWrite,
    body: &str,
    now: i64,
) -> Result<()> {
    insert_email(tx, ticket_id, comment_id, o, now).await?;
    if let (Some(message_id), Some(mailbox_id)) = (&o.sent_message_id, o.mailbox_id) {
        sqlx::query(
            "INSERT INTO mail_messages (mailbox_id, message_id, state, ticket_id, \
               comment_id, raw, received_at) VALUES ($1, $2, 'sent', $3, $4, $5, $6)",
        )
        .bind(mailbox_id)
        .bind(message_id)
        .bind(ticket_id)
        .bind(comment_id)
        .bind(body.as_bytes().to_vec())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The email outbox row of a reply, in the transaction that writes its comment.
async fn insert_email(
    tx: &mut Transaction<'static, Any>,
    ticket_id: i64,
    comment_id: i64,
    o: &OutboxWrite,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO outbox (kind, idempotency_key, ticket_id, comment_id, mailbox_id, \
           payload, state, attempts, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7)",
    )
    .bind(&o.kind)
    .bind(&o.idempotency_key)
    .bind(ticket_id)
    .bind(comment_id)
    .bind(o.mailbox_id)
    .bind(&o.payload)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A vendor message, in the transaction of what it announces (an escalation, a comment, a
/// reopen).
pub(crate) async fn enqueue(
    tx: &mut Transaction<'_, Any>,
    bond_id: i64,
    kind: &str,
    key: &str,
    comment_id: Option<i64>,
    payload: &str,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO vendor_outbox (bond_id, kind, idempotency_key, comment_id, payload, state, \
           attempts, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $6)",
    )
    .bind(bond_id)
    .bind(kind)
    .bind(key)
    .bind(comment_id)
    .bind(payload)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// After an engineer's public comment for the vendor: a message for each bond whose case the
/// vendor still works (never a resolved one: the comment would reopen it there; only "Reopen
/// at vendor" does that).
pub(crate) async fn comment_to_vendors(
    tx: &mut Transaction<'_, Any>,
    ticket_id: i64,
    comment_id: i64,
    now: i64,
) -> Result<()> {
    let bonds: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM bonds WHERE ticket_id = $1 AND state IN ('pending', 'open', 'suspended')",
    )
    .bind(ticket_id)
    .fetch_all(&mut **tx)
    .await?;
    for bond in bonds {
        link_comment(tx, bond, comment_id, None).await?;
        enqueue(
            tx,
            bond,
            "comment",
            &format!("comment:{bond}:{comment_id}"),
            Some(comment_id),
            "{}",
            now,
        )
        .await?;
    }
    Ok(())
}

/// A comment crossed a bond: ours going out (`None`), or the vendor's coming in, with the
/// vendor's id of it and who wrote it there.
pub(crate) async fn link_comment(
    tx: &mut Transaction<'_, Any>,
    bond_id: i64,
    comment_id: i64,
    from_vendor: Option<(&str, &str)>,
) -> Result<()> {
    let (direction, external, author) = match from_vendor {
        Some((external, author)) => ("in", Some(external), Some(author)),
        None => ("out", None, None),
    };
    sqlx::query(
        "INSERT INTO bond_comments (bond_id, comment_id, direction, external_id, author) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(bond_id)
    .bind(comment_id)
    .bind(direction)
    .bind(external)
    .bind(author)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn state_of(r: &AnyRow) -> Result<OutboxState> {
    let word: String = r.try_get("state")?;
    word.parse()
        .map_err(|e| StoreError::Decode(format!("outbox state: {e}")))
}

fn class_of(r: &AnyRow) -> Result<Option<FailureClass>> {
    let word: Option<String> = r.try_get("error_class")?;
    word.map(|w| {
        w.parse()
            .map_err(|e| StoreError::Decode(format!("outbox failure class: {e}")))
    })
    .transpose()
}

fn outbox_from_row(r: &AnyRow) -> Result<OutboxItem> {
    Ok(OutboxItem {
        id: r.try_get("id")?,
        kind: r.try_get("kind")?,
        idempotency_key: r.try_get("idempotency_key")?,
        ticket_id: r.try_get("ticket_id")?,
        comment_id: r.try_get("comment_id")?,
        mailbox_id: r.try_get("mailbox_id")?,
        payload: r.try_get("payload")?,
        state: state_of(r)?,
        attempts: r.try_get("attempts")?,
        next_attempt_at: r.try_get("next_attempt_at")?,
        last_error: r.try_get("last_error")?,
        error_class: class_of(r)?,
        created_at: r.try_get("created_at")?,
        sent_at: r.try_get("sent_at")?,
    })
}

fn message_from_row(r: &AnyRow) -> Result<VendorMessage> {
    Ok(VendorMessage {
        id: r.try_get("id")?,
        bond_id: r.try_get("bond_id")?,
        vendor_id: r.try_get("vendor_id")?,
        vendor_name: r.try_get("vendor_name")?,
        ticket_id: r.try_get("ticket_id")?,
        kind: r.try_get("kind")?,
        idempotency_key: r.try_get("idempotency_key")?,
        comment_id: r.try_get("comment_id")?,
        payload: r.try_get("payload")?,
        state: state_of(r)?,
        attempts: r.try_get("attempts")?,
        next_attempt_at: r.try_get("next_attempt_at")?,
        last_error: r.try_get("last_error")?,
        error_class: class_of(r)?,
        created_at: r.try_get("created_at")?,
        sent_at: r.try_get("sent_at")?,
        correlation: r
            .try_get::<Option<String>, _>("correlation")?
            .unwrap_or_default(),
        external_id: r.try_get("external_id")?,
        external_number: r.try_get("external_number")?,
        external_url: r.try_get("external_url")?,
    })
}
