//! Vendors, bonds (a ticket's case at a vendor), the comments that crossed a bond, and the
//! vendor outbox.
//!
//! Architecture Invariant: escalating writes the bond, the outbox message, the audit line and
//! the ticket's move to `pending_vendor` in one transaction; an engineer's public comment
//! writes an outbox message for each live bond of its ticket in the comment's transaction. A
//! worker delivers the messages later; nothing here talks to a vendor.

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use sb_domain::TicketNumber;

use crate::outbox::{enqueue, link_comment};
use crate::tickets::{audit, insert_comment, status_in, touch, StatusChange};
use crate::{Result, Store, StoreError, Writes};

/// A vendor as saved (settings and SLA as JSON; secrets are never here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorWrite {
    pub name: String,
    /// JSON list of directions.
    pub directions: String,
    pub kind: String,
    /// JSON object.
    pub settings: String,
    /// JSON object: direction (or "*") -> underpinning SLA.
    pub sla: String,
    /// JSON list of contacts.
    pub contacts: String,
    pub per_minute: i64,
    pub enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorRecord {
    pub id: i64,
    pub v: VendorWrite,
    pub sync_cursor: Option<i64>,
    pub last_sync_at: Option<i64>,
    pub last_sync_error: Option<String>,
    pub open_bonds: i64,
    /// Who the credentials were found to sign in as at the vendor (learnt at the first check).
    pub account: Option<String>,
    /// Cases the sync found gone at the vendor (deleted there), not yet escalated again.
    pub gone_bonds: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BondRecord {
    pub id: i64,
    pub ticket_id: i64,
    pub vendor_id: i64,
    pub vendor_name: String,
    pub vendor_kind: String,
    /// The vendor's underpinning SLA (JSON, as on the vendor).
    pub vendor_sla: String,
    pub correlation: String,
    pub external_id: Option<String>,
    pub external_number: Option<String>,
    pub external_url: Option<String>,
    pub vendor_status_raw: Option<String>,
    pub vendor_status: Option<String>,
    pub state: String,
    pub escalated_at: Option<i64>,
    pub acknowledged_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub created_by_name: String,
    pub created_at: i64,
    pub last_sync_at: Option<i64>,
    /// The newest undelivered message's error, if it failed.
    pub last_error: Option<String>,
    /// Messages still to deliver, and dead ones.
    pub pending: i64,
    pub dead: i64,
    /// The ticket's direction and number, for SLA and display.
    pub direction: String,
    /// When the sync found the case gone at the vendor (deleted there, or no longer found).
    pub gone_at: Option<i64>,
}

/// Escalating a ticket: the bond and its create message (payload: the case as sb-app wrote it).
#[derive(Debug, Clone)]
pub struct Escalation<'a> {
    pub ticket_id: i64,
    pub vendor_id: i64,
    /// JSON of the case to open.
    pub payload: &'a str,
    /// The ticket waits on the vendor: its status change, if it moves.
    pub status: Option<StatusChange<'a>>,
    /// An internal note on the ticket, if the engineer wrote one.
    pub note: Option<&'a str>,
    pub actor: i64,
    pub now: i64,
}

/// What the vendor sync found on one bond's case.
#[derive(Debug, Clone)]
pub struct BondUpdate<'a> {
    pub bond_id: i64,
    pub status_raw: &'a str,
    pub status: sb_domain::vendor::VendorStatus,
    pub state: sb_domain::vendor::BondState,
    /// The vendor's comments (external id, author, body, when); ones already seen are skipped,
    /// except that one seen empty gets its body now. An empty body is never added.
    pub comments: &'a [(String, String, String, i64)],
    /// The author (a system user) of the comments on our side.
    pub author: i64,
    /// The ticket's move, if the vendor's change moves it.
    pub ticket: Option<StatusChange<'a>>,
    pub now: i64,
}

/// What [`Store::apply_bond_update`] changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BondApplied {
    /// Anything of ours changed (status, state, a comment, the ticket).
    pub changed: bool,
    /// The vendor's comments added.
    pub added: usize,
    /// Comments taken in empty earlier that now have their text.
    pub mended: usize,
}

/// A bond's clock with its vendor and direction, for the scorecard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BondTiming {
    pub vendor_id: i64,
    pub direction: String,
    pub escalated_at: Option<i64>,
    pub acknowledged_at: Option<i64>,
    pub resolved_at: Option<i64>,
}

const VENDOR_COLUMNS: &str = "v.id, v.name, v.directions, v.kind, v.settings, v.sla, v.contacts, \
    v.per_minute, v.enabled, v.sync_cursor, v.last_sync_at, v.last_sync_error, v.account, \
    (SELECT COUNT(*) FROM bonds b WHERE b.vendor_id = v.id AND b.state NOT IN ('closed', 'failed')) AS open_bonds, \
    (SELECT COUNT(*) FROM bonds b WHERE b.vendor_id = v.id AND b.gone_at IS NOT NULL \
       AND NOT EXISTS (SELECT 1 FROM bonds n WHERE n.ticket_id = b.ticket_id \
                       AND n.vendor_id = b.vendor_id AND n.id > b.id)) AS gone_bonds";

const BOND_COLUMNS: &str = "b.id, b.ticket_id, b.vendor_id, v.name AS vendor_name, \
    v.kind AS vendor_kind, v.sla AS vendor_sla, b.correlation, b.external_id, b.external_number, b.external_url, \
    b.vendor_status_raw, b.vendor_status, b.state, b.escalated_at, b.acknowledged_at, \
    b.resolved_at, u.name AS created_by_name, b.created_at, b.last_sync_at, t.direction, b.gone_at, \
    (SELECT COUNT(*) FROM vendor_outbox o WHERE o.bond_id = b.id AND o.state = 'pending') AS pending, \
    (SELECT COUNT(*) FROM vendor_outbox o WHERE o.bond_id = b.id AND o.state = 'dead') AS dead, \
    (SELECT o.last_error FROM vendor_outbox o WHERE o.bond_id = b.id AND o.state <> 'sent' \
       AND o.last_error IS NOT NULL ORDER BY o.id LIMIT 1) AS last_error";

const BOND_FROM: &str = "bonds b JOIN vendors v ON v.id = b.vendor_id \
    JOIN users u ON u.id = b.created_by JOIN tickets t ON t.id = b.ticket_id";

impl Store {
    // --- vendors ------------------------------------------------------------------------

    pub async fn vendors(&self) -> Result<Vec<VendorRecord>> {
        sqlx::query(&format!(
            "SELECT {VENDOR_COLUMNS} FROM vendors v ORDER BY v.name"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(vendor_from_row)
        .collect()
    }

    pub async fn vendor(&self, id: i64) -> Result<Option<VendorRecord>> {
        sqlx::query(&format!(
            "SELECT {VENDOR_COLUMNS} FROM vendors v WHERE v.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| vendor_from_row(&r))
        .transpose()
    }

    pub async fn create_vendor(&self, v: &VendorWrite, now: i64) -> Result<i64> {
        sqlx::query_scalar(
            "INSERT INTO vendors (name, directions, kind, settings, sla, contacts, per_minute, \
               enabled, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        )
        .bind(&v.name)
        .bind(&v.directions)
        .bind(&v.kind)
        .bind(&v.settings)
        .bind(&v.sla)
        .bind(&v.contacts)
        .bind(v.per_minute)
        .bind(i64::from(v.enabled))
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| taken(e, &v.name))
    }

    pub async fn update_vendor(&self, id: i64, v: &VendorWrite, now: i64) -> Result<()> {
        let n = sqlx::query(
            "UPDATE vendors SET name = $1, directions = $2, kind = $3, settings = $4, sla = $5, \
               contacts = $6, per_minute = $7, enabled = $8, updated_at = $9 WHERE id = $10",
        )
        .bind(&v.name)
        .bind(&v.directions)
        .bind(&v.kind)
        .bind(&v.settings)
        .bind(&v.sla)
        .bind(&v.contacts)
        .bind(v.per_minute)
        .bind(i64::from(v.enabled))
        .bind(now)
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(|e| taken(e, &v.name))?
        .rows_affected();
        found(n, "vendor", id)
    }

    /// Removes a vendor that never had a case; one with cases is disabled instead (the
    /// tickets keep their history).
    pub async fn delete_vendor(&self, id: i64) -> Result<bool> {
        let mut tx = self.begin().await?;
        let bonds: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bonds WHERE vendor_id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let n = if bonds == 0 {
            sqlx::query("DELETE FROM vendors WHERE id = $1")
        } else {
            sqlx::query("UPDATE vendors SET enabled = 0 WHERE id = $1")
        }
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        found(n, "vendor", id)?;
        tx.commit().await?;
        Ok(bonds == 0)
    }

    /// The sync ran: its cursor moves (only forward) and its outcome is kept.
    pub async fn set_vendor_synced(
        &self,
        id: i64,
        cursor: Option<i64>,
        error: Option<&str>,
        now: i64,
    ) -> Result<()> {
        self.write_one(
            sqlx::query(
                "UPDATE vendors SET sync_cursor = CASE WHEN $1 IS NULL THEN sync_cursor \
               WHEN sync_cursor IS NULL OR sync_cursor < $1 THEN $1 ELSE sync_cursor END, \
               last_sync_at = $2, last_sync_error = $3 WHERE id = $4",
            )
            .bind(cursor)
            .bind(now)
            .bind(error)
            .bind(id),
        )
        .await?;
        Ok(())
    }

    // --- bonds --------------------------------------------------------------------------

    /// Escalates: the bond, its create message, the audit line and the ticket's move, at once.
    pub async fn escalate(&self, e: &Escalation<'_>) -> Result<i64> {
        let mut tx = self.begin().await?;
        let id = escalate_in(&mut tx, e).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn bond(&self, id: i64) -> Result<Option<BondRecord>> {
        sqlx::query(&format!(
            "SELECT {BOND_COLUMNS} FROM {BOND_FROM} WHERE b.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| bond_from_row(&r))
        .transpose()
    }

    pub async fn ticket_bonds(&self, ticket_id: i64) -> Result<Vec<BondRecord>> {
        sqlx::query(&format!(
            "SELECT {BOND_COLUMNS} FROM {BOND_FROM} WHERE b.ticket_id = $1 ORDER BY b.id"
        ))
        .bind(ticket_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(bond_from_row)
        .collect()
    }

    /// A vendor's bonds whose case exists and is still followed (not closed, not failed).
    pub async fn bonds_to_sync(&self, vendor_id: i64) -> Result<Vec<BondRecord>> {
        sqlx::query(&format!(
            "SELECT {BOND_COLUMNS} FROM {BOND_FROM} WHERE b.vendor_id = $1 \
               AND b.external_id IS NOT NULL AND b.state NOT IN ('closed', 'failed') ORDER BY b.id"
        ))
        .bind(vendor_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(bond_from_row)
        .collect()
    }

    /// The vendor has the case: its id, number and link; the vendor's clock starts.
    pub async fn bond_opened(
        &self,
        bond_id: i64,
        external_id: &str,
        number: &str,
        url: Option<&str>,
        now: i64,
    ) -> Result<()> {
        let n = sqlx::query(
            "UPDATE bonds SET external_id = $1, external_number = $2, external_url = $3, \
               state = CASE WHEN state IN ('pending', 'failed') THEN 'open' ELSE state END, \
               escalated_at = COALESCE(escalated_at, $4) WHERE id = $5",
        )
        .bind(external_id)
        .bind(number)
        .bind(url)
        .bind(now)
        .bind(bond_id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        found(n, "bond", bond_id)
    }

    /// Applies what the sync found: status, state, the vendor's new comments (internal, so they
    /// never go back out or to the client), the clocks, and the ticket's move, at once.
    /// Returns what it changed; nothing at all when the vendor's case holds nothing new.
    pub async fn apply_bond_update(&self, u: &BondUpdate<'_>) -> Result<BondApplied> {
        let mut tx = self.begin().await?;
        let (ticket_id, before) = bond_ticket(&mut tx, u.bond_id).await?;
        let mut added = 0;
        let mut mended = 0;
        for (external_id, author, body, at) in u.comments {
            if body.trim().is_empty() {
                continue;
            }
            let seen: Option<i64> = sqlx::query_scalar(
                "SELECT comment_id FROM bond_comments WHERE bond_id = $1 AND external_id = $2 \
                   AND direction = 'in'",
            )
            .bind(u.bond_id)
            .bind(external_id)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(comment) = seen {
                // Taken in empty before (an HTML-only reply read as plain text): mend it.
                mended +=
                    sqlx::query("UPDATE comments SET body = $1 WHERE id = $2 AND TRIM(body) = ''")
                        .bind(body)
                        .bind(comment)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected() as usize;
                continue;
            }
            let comment = insert_comment(
                &mut tx,
                ticket_id,
                u.author,
                body,
                sb_domain::Visibility::Internal,
                sb_domain::Channel::Vendor,
                (*at).min(u.now),
            )
            .await?;
            link_comment(&mut tx, u.bond_id, comment, Some((external_id, author))).await?;
            added += 1;
        }
        let finished = u.state.is_finished();
        let acknowledged = sb_domain::vendor::acknowledges(u.status, added > 0);
        let status_moved: bool = sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM bonds WHERE id = $1 AND state = $2 \
               AND vendor_status_raw IS NOT DISTINCT FROM $3",
        )
        .bind(u.bond_id)
        .bind(u.state.as_str())
        .bind(u.status_raw)
        .fetch_one(&mut *tx)
        .await?
            == 0;
        if !status_moved && added == 0 && mended == 0 && u.ticket.is_none() {
            // The overlap window read this case again: nothing of ours changes.
            tx.rollback().await?;
            return Ok(BondApplied::default());
        }
        sqlx::query(
            "UPDATE bonds SET vendor_status_raw = $1, vendor_status = $2, state = $3, \
               last_sync_at = $4, \
               acknowledged_at = CASE WHEN $5 = 1 THEN COALESCE(acknowledged_at, $4) ELSE acknowledged_at END, \
               resolved_at = CASE WHEN $6 = 1 THEN COALESCE(resolved_at, $4) ELSE NULL END \
             WHERE id = $7",
        )
        .bind(u.status_raw)
        .bind(u.status.as_str())
        .bind(u.state.as_str())
        .bind(u.now)
        .bind(i64::from(acknowledged))
        .bind(i64::from(finished))
        .bind(u.bond_id)
        .execute(&mut *tx)
        .await?;
        if before != u.state.as_str() {
            audit(
                &mut tx,
                ticket_id,
                u.author,
                u.now,
                "vendor_case",
                Some(&before),
                Some(u.state.as_str()),
            )
            .await?;
        }
        if let Some(change) = &u.ticket {
            status_in(&mut tx, change).await?;
        }
        tx.commit().await?;
        Ok(BondApplied {
            changed: true,
            added,
            mended,
        })
    }

    /// The vendor no longer has the case (deleted there, or not found): the bond is marked
    /// gone and no longer followed (so the ticket may be escalated again), with its audit
    /// line and the ticket's move back to an engineer, at once.
    pub async fn bond_gone(
        &self,
        bond_id: i64,
        ticket: Option<StatusChange<'_>>,
        author: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let (ticket_id, before) = bond_ticket(&mut tx, bond_id).await?;
        let n = sqlx::query(
            "UPDATE bonds SET state = 'closed', gone_at = $1, last_sync_at = $1 \
             WHERE id = $2 AND gone_at IS NULL",
        )
        .bind(now)
        .bind(bond_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Ok(());
        }
        // What was still to deliver has nowhere to go.
        sqlx::query(
            "UPDATE vendor_outbox SET state = 'dead', last_error = $1, error_class = 'not_found' \
             WHERE bond_id = $2 AND state = 'pending'",
        )
        // The reason as a message (`vendor-case-gone` in sb-i18n), worded by each reader.
        .bind(r#"{"id":"vendor-case-gone","args":{}}"#)
        .bind(bond_id)
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            ticket_id,
            author,
            now,
            "vendor_case",
            Some(&before),
            Some("gone"),
        )
        .await?;
        if let Some(change) = &ticket {
            status_in(&mut tx, change).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The vendor's cases of `vendor_id` from which a reply was taken in empty: the sync reads
    /// them again from their start to mend it.
    pub async fn bonds_with_empty_replies(&self, vendor_id: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT b.id FROM bonds b JOIN bond_comments x ON x.bond_id = b.id \
               AND x.direction = 'in' JOIN comments c ON c.id = x.comment_id \
             WHERE b.vendor_id = $1 AND TRIM(c.body) = '' ORDER BY b.id",
        )
        .bind(vendor_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The comments we added to a bond's case whose id the vendor gave us.
    pub async fn our_comment_ids(&self, bond_id: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT external_id FROM bond_comments WHERE bond_id = $1 AND direction = 'out' \
               AND external_id IS NOT NULL",
        )
        .bind(bond_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Keeps the vendor account the credentials sign in as (`None`: forget it, the secret
    /// changed).
    pub async fn set_vendor_account(&self, id: i64, account: Option<&str>) -> Result<()> {
        self.write_one(
            sqlx::query("UPDATE vendors SET account = $1 WHERE id = $2")
                .bind(account)
                .bind(id),
        )
        .await?;
        Ok(())
    }

    /// Every bond's clock with its vendor and the ticket's direction, for the scorecard.
    pub async fn bond_timings(&self) -> Result<Vec<BondTiming>> {
        sqlx::query(
            "SELECT b.vendor_id, t.direction, b.escalated_at, b.acknowledged_at, b.resolved_at \
             FROM bonds b JOIN tickets t ON t.id = b.ticket_id \
             WHERE b.escalated_at IS NOT NULL ORDER BY b.id",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(bond_timing_of)
        .collect()
    }

    /// Asks the vendor to take a resolved case up again: a reopen message (with its comment)
    /// and the bond back to open; the ticket goes back to waiting on the vendor.
    pub async fn reopen_bond(
        &self,
        bond_id: i64,
        comment: &str,
        status: Option<StatusChange<'_>>,
        actor: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let (ticket_id, _) = bond_ticket(&mut tx, bond_id).await?;
        let comment_id = insert_comment(
            &mut tx,
            ticket_id,
            actor,
            comment,
            sb_domain::Visibility::Internal,
            sb_domain::Channel::Desktop,
            now,
        )
        .await?;
        sqlx::query("UPDATE bonds SET state = 'open', resolved_at = NULL WHERE id = $1")
            .bind(bond_id)
            .execute(&mut *tx)
            .await?;
        link_comment(&mut tx, bond_id, comment_id, None).await?;
        enqueue(
            &mut tx,
            bond_id,
            "reopen",
            &format!("reopen:{bond_id}:{comment_id}"),
            Some(comment_id),
            "{}",
            now,
        )
        .await?;
        audit(
            &mut tx,
            ticket_id,
            actor,
            now,
            "vendor_case",
            Some("resolved"),
            Some("reopen requested"),
        )
        .await?;
        if let Some(change) = &status {
            status_in(&mut tx, change).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// For each comment of a ticket that crossed a bond: the comment, the vendor's name and
    /// case number, the vendor-side author, and which way it went.
    pub async fn bond_comments(
        &self,
        ticket_id: i64,
    ) -> Result<Vec<(i64, String, Option<String>, Option<String>, String)>> {
        sqlx::query(
            "SELECT c.comment_id, v.name, b.external_number, c.author, c.direction \
             FROM bond_comments c JOIN bonds b ON b.id = c.bond_id JOIN vendors v ON v.id = b.vendor_id \
             WHERE b.ticket_id = $1 ORDER BY c.comment_id",
        )
        .bind(ticket_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("comment_id")?,
                r.try_get("name")?,
                r.try_get("external_number")?,
                r.try_get("author")?,
                r.try_get("direction")?,
            ))
        })
        .collect()
    }
}

impl Writes {
    /// [`Store::escalate`] inside a run of intake writes (a routing rule escalated).
    pub async fn escalate(&mut self, e: &Escalation<'_>) -> Result<i64> {
        escalate_in(&mut self.tx, e).await
    }
}

async fn escalate_in(tx: &mut Transaction<'_, Any>, e: &Escalation<'_>) -> Result<i64> {
    let live: Option<String> = sqlx::query_scalar(
        "SELECT v.name FROM bonds b JOIN vendors v ON v.id = b.vendor_id \
         WHERE b.ticket_id = $1 AND b.vendor_id = $2 AND b.state NOT IN ('closed', 'failed')",
    )
    .bind(e.ticket_id)
    .bind(e.vendor_id)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(name) = live {
        return Err(StoreError::Conflict(format!(
            "{} already has an open case at {name}; comment on it instead",
            TicketNumber(e.ticket_id)
        )));
    }
    touch(tx, e.ticket_id, e.now).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO bonds (ticket_id, vendor_id, state, created_by, created_at) \
         VALUES ($1, $2, 'pending', $3, $4) RETURNING id",
    )
    .bind(e.ticket_id)
    .bind(e.vendor_id)
    .bind(e.actor)
    .bind(e.now)
    .fetch_one(&mut **tx)
    .await?;
    let tag: String = sqlx::query_scalar("SELECT tag FROM workspace WHERE id = 1")
        .fetch_one(&mut **tx)
        .await?;
    let correlation =
        sb_domain::vendor::correlation_id(&TicketNumber(e.ticket_id).to_string(), id, &tag);
    sqlx::query("UPDATE bonds SET correlation = $1 WHERE id = $2")
        .bind(&correlation)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    enqueue(
        tx,
        id,
        "create",
        &format!("create:{correlation}"),
        None,
        e.payload,
        e.now,
    )
    .await?;
    let vendor: String = sqlx::query_scalar("SELECT name FROM vendors WHERE id = $1")
        .bind(e.vendor_id)
        .fetch_one(&mut **tx)
        .await?;
    audit(
        tx,
        e.ticket_id,
        e.actor,
        e.now,
        "escalated_to_vendor",
        None,
        Some(&format!("{vendor} ({correlation})")),
    )
    .await?;
    if let Some(note) = e.note.map(str::trim).filter(|n| !n.is_empty()) {
        insert_comment(
            tx,
            e.ticket_id,
            e.actor,
            note,
            sb_domain::Visibility::Internal,
            sb_domain::Channel::Desktop,
            e.now,
        )
        .await?;
    }
    if let Some(change) = &e.status {
        status_in(tx, change).await?;
    }
    Ok(id)
}

/// A bond's ticket and the bond's state.
async fn bond_ticket(tx: &mut Transaction<'_, Any>, bond_id: i64) -> Result<(i64, String)> {
    let row = sqlx::query("SELECT ticket_id, state FROM bonds WHERE id = $1")
        .bind(bond_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            what: "bond",
            id: bond_id.to_string(),
        })?;
    Ok((row.try_get("ticket_id")?, row.try_get("state")?))
}

fn found(n: u64, what: &'static str, id: i64) -> Result<()> {
    if n == 0 {
        Err(StoreError::NotFound {
            what,
            id: id.to_string(),
        })
    } else {
        Ok(())
    }
}

fn taken(e: sqlx::Error, name: &str) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Conflict(format!(
            "there is already a vendor called \"{name}\"; choose another name"
        )),
        _ => StoreError::Database(e),
    }
}

fn vendor_from_row(r: &AnyRow) -> Result<VendorRecord> {
    Ok(VendorRecord {
        id: r.try_get("id")?,
        v: VendorWrite {
            name: r.try_get("name")?,
            directions: r.try_get("directions")?,
            kind: r.try_get("kind")?,
            settings: r.try_get("settings")?,
            sla: r.try_get("sla")?,
            contacts: r.try_get("contacts")?,
            per_minute: r.try_get("per_minute")?,
            enabled: r.try_get::<i64, _>("enabled")? == 1,
        },
        sync_cursor: r.try_get("sync_cursor")?,
        last_sync_at: r.try_get("last_sync_at")?,
        last_sync_error: r.try_get("last_sync_error")?,
        open_bonds: r.try_get("open_bonds")?,
        account: r.try_get("account")?,
        gone_bonds: r.try_get("gone_bonds")?,
    })
}

fn bond_from_row(r: &AnyRow) -> Result<BondRecord> {
    Ok(BondRecord {
        id: r.try_get("id")?,
        ticket_id: r.try_get("ticket_id")?,
        vendor_id: r.try_get("vendor_id")?,
        vendor_name: r.try_get("vendor_name")?,
        vendor_kind: r.try_get("vendor_kind")?,
        vendor_sla: r.try_get("vendor_sla")?,
        correlation: r
            .try_get::<Option<String>, _>("correlation")?
            .unwrap_or_default(),
        external_id: r.try_get("external_id")?,
        external_number: r.try_get("external_number")?,
        external_url: r.try_get("external_url")?,
        vendor_status_raw: r.try_get("vendor_status_raw")?,
        vendor_status: r.try_get("vendor_status")?,
        state: r.try_get("state")?,
        escalated_at: r.try_get("escalated_at")?,
        acknowledged_at: r.try_get("acknowledged_at")?,
        resolved_at: r.try_get("resolved_at")?,
        created_by_name: r.try_get("created_by_name")?,
        created_at: r.try_get("created_at")?,
        last_sync_at: r.try_get("last_sync_at")?,
        last_error: r.try_get("last_error")?,
        pending: r.try_get("pending")?,
        dead: r.try_get("dead")?,
        direction: r.try_get("direction")?,
        gone_at: r.try_get("gone_at")?,
    })
}

/// A vendor's answer by email, as it is written.
#[derive(Debug, Clone)]
pub struct VendorMail<'a> {
    pub source: crate::MailSource<'a>,
    pub bond_id: i64,
    pub author: i64,
    /// Who wrote it at the vendor ("Ivan Petrov <ivan@vendor.example>").
    pub sender: &'a str,
    pub body: &'a str,
    /// The system's words standing for the body (an empty message), as a message (JSON) each
    /// reader words; `body` is their English.
    pub body_msg: Option<&'a str>,
    pub attachments: &'a [crate::AttachmentWrite],
    /// The vendor's case number, when its subject gave one.
    pub vendor_number: Option<&'a str>,
    pub now: i64,
}

impl Store {
    /// The bond whose correlation id is `correlation`.
    pub async fn bond_by_correlation(&self, correlation: &str) -> Result<Option<BondRecord>> {
        sqlx::query(&format!(
            "SELECT {BOND_COLUMNS} FROM {BOND_FROM} WHERE b.correlation = $1"
        ))
        .bind(correlation)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| bond_from_row(&r))
        .transpose()
    }

    /// The bond a vendor knows by `number` (its own case number), newest first.
    pub async fn bond_by_number(&self, vendor_id: i64, number: &str) -> Result<Option<BondRecord>> {
        sqlx::query(&format!(
            "SELECT {BOND_COLUMNS} FROM {BOND_FROM} WHERE b.vendor_id = $1 \
               AND b.external_number = $2 ORDER BY b.id DESC LIMIT 1"
        ))
        .bind(vendor_id)
        .bind(number)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| bond_from_row(&r))
        .transpose()
    }
}

impl Writes {
    /// A vendor's answer by email onto its bond's ticket: the message kept (once: `None` when
    /// it is known already), an internal comment from the vendor, the vendor's number learnt,
    /// the vendor's clock acknowledged. Returns the comment.
    pub async fn vendor_mail(&mut self, m: &VendorMail<'_>) -> Result<Option<i64>> {
        self.written += 1;
        let tx = &mut self.tx;
        let Some(row) = crate::mail::claim_source(tx, &m.source, crate::MailState::Comment).await?
        else {
            return Ok(None);
        };
        let (ticket_id, _) = bond_ticket(tx, m.bond_id).await?;
        let comment = insert_comment(
            tx,
            ticket_id,
            m.author,
            m.body,
            sb_domain::Visibility::Internal,
            sb_domain::Channel::Vendor,
            m.now,
        )
        .await?;
        if let Some(body_msg) = m.body_msg {
            crate::tickets::said_in(tx, comment, body_msg).await?;
        }
        sqlx::query("UPDATE mail_messages SET ticket_id = $1, comment_id = $2 WHERE id = $3")
            .bind(ticket_id)
            .bind(comment)
            .bind(row)
            .execute(&mut **tx)
            .await?;
        crate::mail::insert_attachments(tx, ticket_id, Some(comment), m.attachments, m.now).await?;
        link_comment(
            tx,
            m.bond_id,
            comment,
            Some((&format!("mail-{row}"), m.sender)),
        )
        .await?;
        sqlx::query(
            "UPDATE bonds SET external_number = COALESCE($1, external_number), \
               acknowledged_at = COALESCE(acknowledged_at, $2), last_sync_at = $2 WHERE id = $3",
        )
        .bind(m.vendor_number)
        .bind(m.now)
        .bind(m.bond_id)
        .execute(&mut **tx)
        .await?;
        Ok(Some(comment))
    }
}

/// A row of `b.vendor_id, t.direction, b.escalated_at, b.acknowledged_at, b.resolved_at`.
pub(crate) fn bond_timing_of(r: &sqlx::any::AnyRow) -> Result<BondTiming> {
    Ok(BondTiming {
        vendor_id: r.try_get("vendor_id")?,
        direction: r.try_get("direction")?,
        escalated_at: r.try_get("escalated_at")?,
        acknowledged_at: r.try_get("acknowledged_at")?,
        resolved_at: r.try_get("resolved_at")?,
    })
}
