//! Tickets, their comment thread and their audit trail. Every change raises the ticket's
//! version and writes its audit line (with that version) in the same transaction; a person's
//! change names the version they saw and is refused when the ticket moved on since
//! ([`StoreError::Stale`], with what changed), so two engineers never silently overwrite each
//! other.

use sb_domain::{Channel, Effect, Level, Line, Priority, Status, TicketNumber, Visibility};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::records::{parse_word, priority_from_row};
use crate::{
    AuditEntry, Comment, Merge, NewTicket, RelatedTicket, Result, StaleTicket, Store, StoreError,
    Ticket,
};

/// A checked status change: the app layer asked `sb_domain::check_transition` for `effect`.
#[derive(Debug, Clone)]
pub struct StatusChange<'a> {
    pub ticket_id: i64,
    pub from: Status,
    pub to: Status,
    pub effect: Effect,
    pub note: Option<&'a str>,
    /// The note as a message (JSON) when the system wrote it (monitoring, the desk's own
    /// close); kept beside a resolution note so each reader words it. `None` for a person's.
    pub note_msg: Option<&'a str>,
    pub actor: i64,
    pub now: i64,
    /// The version the person saw; `None` for background work (a reply, an alert, a vendor),
    /// which only checks the status it read.
    pub seen: Option<i64>,
}

const COMMENT_SELECT: &str = "SELECT m.id, m.ticket_id, m.author_id, u.name AS author_name, \
    m.body, m.body_msg, m.visibility, m.channel, m.created_at, m.moved_from_ticket_id, m.audience, \
    e.from_name AS sender_name, e.from_email AS sender_email, n.kind AS notice \
    FROM comments m JOIN users u ON u.id = m.author_id \
    LEFT JOIN mail_messages e ON e.comment_id = m.id AND e.state = 'comment' \
    LEFT JOIN ticket_notices n ON n.comment_id = m.id";

const TICKET_COLUMNS: &str = "t.id, t.client_id, c.code AS client_code, c.name AS client_name, \
    t.direction, t.subject, t.description, t.impact, t.urgency, t.priority, t.status, t.line, \
    t.channel, t.assignee_id, a.name AS assignee_name, t.created_by, b.name AS created_by_name, \
    t.created_at, t.updated_at, t.resolved_at, t.closed_at, x.name AS closed_by_name, \
    t.resolution_note, t.resolution_note_msg, t.merged_into_id, t.version";

impl Store {
    pub async fn create_ticket(&self, t: &NewTicket, now: i64) -> Result<i64> {
        self.create_ticket_for(t, None, now).await
    }

    /// A ticket logged by hand and the client's contact it is for (their address and the
    /// mailbox that writes to them, when the contact has one), in one transaction: the
    /// requester every mail about the ticket goes to, as for a ticket that came by email.
    pub async fn create_ticket_for(
        &self,
        t: &NewTicket,
        requester: Option<&crate::Requester>,
        now: i64,
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        let id = insert_ticket(&mut tx, t, now).await?;
        if let Some(r) = requester {
            crate::mail::insert_requester(&mut tx, id, r).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// The newest tickets, newest first (what a dry run of the routing rules looks at).
    pub async fn newest_tickets(&self, limit: i64) -> Result<Vec<Ticket>> {
        sqlx::query(&format!(
            "SELECT {TICKET_COLUMNS} FROM tickets t JOIN clients c ON c.id = t.client_id \
             LEFT JOIN users a ON a.id = t.assignee_id JOIN users b ON b.id = t.created_by \
             LEFT JOIN users x ON x.id = t.closed_by ORDER BY t.id DESC LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(ticket_from_row)
        .collect()
    }

    pub async fn ticket(&self, id: i64) -> Result<Option<Ticket>> {
        sqlx::query(&format!(
            "SELECT {TICKET_COLUMNS} FROM tickets t JOIN clients c ON c.id = t.client_id \
             LEFT JOIN users a ON a.id = t.assignee_id JOIN users b ON b.id = t.created_by \
             LEFT JOIN users x ON x.id = t.closed_by WHERE t.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| ticket_from_row(&r))
        .transpose()
    }

    /// The whole thread, oldest first.
    pub async fn comments(&self, ticket_id: i64) -> Result<Vec<Comment>> {
        sqlx::query(&format!(
            "{COMMENT_SELECT} WHERE m.ticket_id = $1 ORDER BY m.id"
        ))
        .bind(ticket_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(comment_from_row)
        .collect()
    }

    /// One comment.
    pub async fn comment(&self, id: i64) -> Result<Option<Comment>> {
        sqlx::query(&format!("{COMMENT_SELECT} WHERE m.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| comment_from_row(&r))
            .transpose()
    }

    /// The audit trail, oldest first.
    pub async fn audit_trail(&self, ticket_id: i64) -> Result<Vec<AuditEntry>> {
        sqlx::query(
            "SELECT e.id, e.actor_id, u.name AS actor_name, e.at, e.field, e.old_value, \
               e.new_value, e.new_value_msg, e.version \
             FROM audit e JOIN users u ON u.id = e.actor_id WHERE e.ticket_id = $1 ORDER BY e.id",
        )
        .bind(ticket_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(audit_from_row)
        .collect()
    }

    pub async fn add_comment(
        &self,
        ticket_id: i64,
        author: i64,
        body: &str,
        visibility: Visibility,
        channel: Channel,
        now: i64,
    ) -> Result<i64> {
        self.comment_said(ticket_id, author, body, None, visibility, channel, now)
            .await
    }

    /// A note the system leaves on a ticket: `body` in English, `body_msg` the same sentence as
    /// a message (JSON of an id and its arguments) that each reader words in their language.
    #[allow(clippy::too_many_arguments)]
    pub async fn add_system_note(
        &self,
        ticket_id: i64,
        author: i64,
        body: &str,
        body_msg: &str,
        visibility: Visibility,
        channel: Channel,
        now: i64,
    ) -> Result<i64> {
        self.comment_said(
            ticket_id,
            author,
            body,
            Some(body_msg),
            visibility,
            channel,
            now,
        )
        .await
    }

    /// A comment in one transaction, with its message when the system words it.
    #[allow(clippy::too_many_arguments)]
    async fn comment_said(
        &self,
        ticket_id: i64,
        author: i64,
        body: &str,
        body_msg: Option<&str>,
        visibility: Visibility,
        channel: Channel,
        now: i64,
    ) -> Result<i64> {
        let mut tx = self.begin().await?;
        let id = insert_comment(&mut tx, ticket_id, author, body, visibility, channel, now).await?;
        if let Some(body_msg) = body_msg {
            said_in(&mut tx, id, body_msg).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// A checked status change; with `c.seen`, only if the ticket still is at that version.
    pub async fn change_status(&self, c: &StatusChange<'_>) -> Result<()> {
        let mut tx = self.begin().await?;
        status_in(&mut tx, c).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Gives the ticket to `to` (or to nobody), if it is still with `from` and, when `seen` is
    /// given, still at that version.
    #[allow(clippy::too_many_arguments)]
    pub async fn set_assignee(
        &self,
        ticket_id: i64,
        from: Option<i64>,
        to: Option<i64>,
        seen: Option<i64>,
        actor: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let sql = format!(
            "UPDATE tickets SET assignee_id = $1, updated_at = $2, version = version + 1 \
             WHERE id = $3 AND assignee_id IS NOT DISTINCT FROM $4{}",
            seen_guard(5, seen)
        );
        let q = sqlx::query(&sql)
            .bind(to)
            .bind(now)
            .bind(ticket_id)
            .bind(from);
        let n = bind_seen(q, seen).execute(&mut *tx).await?.rows_affected();
        expect_one(&mut tx, n, ticket_id, seen).await?;
        audit_assignee(&mut tx, ticket_id, actor, now, from, to).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves the ticket to another line, if it is still on `from` and, when `seen` is given,
    /// still at that version; `note` is the handover.
    #[allow(clippy::too_many_arguments)]
    pub async fn set_line(
        &self,
        ticket_id: i64,
        from: Line,
        to: Line,
        note: Option<&str>,
        seen: Option<i64>,
        actor: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let sql = format!(
            "UPDATE tickets SET line = $1, updated_at = $2, version = version + 1 \
             WHERE id = $3 AND line = $4{}",
            seen_guard(5, seen)
        );
        let q = sqlx::query(&sql)
            .bind(to.as_str())
            .bind(now)
            .bind(ticket_id)
            .bind(from.as_str());
        let n = bind_seen(q, seen).execute(&mut *tx).await?.rows_affected();
        expect_one(&mut tx, n, ticket_id, seen).await?;
        audit(
            &mut tx,
            ticket_id,
            actor,
            now,
            "line",
            Some(from.as_str()),
            Some(to.as_str()),
        )
        .await?;
        if let Some(note) = note.map(str::trim).filter(|n| !n.is_empty()) {
            audit(&mut tx, ticket_id, actor, now, "note", None, Some(note)).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// What a person corrects on a ticket after intake; `None` leaves a field as it is. The
/// priority follows impact and urgency (the app layer sets it from the matrix).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Correction {
    /// The new client's id and code (the code goes into the audit trail).
    pub client: Option<(i64, String)>,
    pub direction: Option<String>,
    pub impact: Option<Level>,
    pub urgency: Option<Level>,
    pub priority: Option<Priority>,
    pub subject: Option<String>,
    pub description: Option<String>,
}

impl Correction {
    pub fn is_empty(&self) -> bool {
        *self == Correction::default()
    }
}

impl Store {
    /// Corrects a ticket in one change: the fields given, if it is still at version `seen`
    /// (when given); an audit line per field with the old and the new value. `old` is the
    /// ticket as it was read.
    pub async fn correct_ticket(
        &self,
        old: &Ticket,
        c: &Correction,
        seen: Option<i64>,
        actor: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let sql = format!(
            "UPDATE tickets SET client_id = COALESCE($1, client_id), \
               direction = COALESCE($2, direction), impact = COALESCE($3, impact), \
               urgency = COALESCE($4, urgency), priority = COALESCE($5, priority), \
               subject = COALESCE($6, subject), description = COALESCE($7, description), \
               updated_at = $8, version = version + 1 \
             WHERE id = $9{}",
            seen_guard(10, seen)
        );
        let q = sqlx::query(&sql)
            .bind(c.client.as_ref().map(|(id, _)| *id))
            .bind(c.direction.as_deref())
            .bind(c.impact.map(Level::as_str))
            .bind(c.urgency.map(Level::as_str))
            .bind(c.priority.map(Priority::rank))
            .bind(c.subject.as_deref())
            .bind(c.description.as_deref())
            .bind(now)
            .bind(old.id);
        let n = bind_seen(q, seen).execute(&mut *tx).await?.rows_affected();
        expect_one(&mut tx, n, old.id, seen).await?;
        let lines: [(&str, Option<&str>, Option<&str>); 7] = [
            (
                "client",
                Some(old.client_code.as_str()),
                c.client.as_ref().map(|(_, code)| code.as_str()),
            ),
            (
                "direction",
                Some(old.direction.as_str()),
                c.direction.as_deref(),
            ),
            (
                "impact",
                Some(old.impact.as_str()),
                c.impact.map(Level::as_str),
            ),
            (
                "urgency",
                Some(old.urgency.as_str()),
                c.urgency.map(Level::as_str),
            ),
            (
                "priority",
                Some(old.priority.as_str()),
                c.priority.map(Priority::as_str),
            ),
            ("subject", Some(old.subject.as_str()), c.subject.as_deref()),
            (
                "description",
                Some(old.description.as_str()),
                c.description.as_deref(),
            ),
        ];
        for (field, before, after) in lines {
            if let Some(after) = after {
                audit(&mut tx, old.id, actor, now, field, before, Some(after)).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Closes the duplicate as merged into the survivor and moves its thread over, in one
    /// transaction; both audit trails record it.
    pub async fn merge_tickets(&self, m: &Merge<'_>) -> Result<()> {
        let mut tx = self.begin().await?;
        let sql = format!(
            "UPDATE tickets SET status = 'closed', updated_at = $1, closed_at = $1, \
               resolved_at = COALESCE(resolved_at, $1), closed_by = $2, resolution_note = $3, \
               resolution_note_msg = $4, merged_into_id = $5, version = version + 1 \
             WHERE id = $6 AND status = $7 AND merged_into_id IS NULL{}",
            seen_guard(8, m.duplicate_version)
        );
        let q = sqlx::query(&sql)
            .bind(m.now)
            .bind(m.actor)
            .bind(m.note)
            .bind(m.note_msg)
            .bind(m.survivor_id)
            .bind(m.duplicate_id)
            .bind(m.duplicate_status.as_str());
        let n = bind_seen(q, m.duplicate_version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        expect_one(&mut tx, n, m.duplicate_id, m.duplicate_version).await?;
        let live = sqlx::query(
            "UPDATE tickets SET updated_at = $1, version = version + 1 \
             WHERE id = $2 AND merged_into_id IS NULL",
        )
        .bind(m.now)
        .bind(m.survivor_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        expect_one(&mut tx, live, m.survivor_id, None).await?;
        // The thread and the time logged move to the survivor, each marked with where it
        // was; a timer running on the duplicate runs on the survivor (unless that person
        // already times the survivor).
        // On PostgreSQL the owner's function does it (migration 0031): in a team workspace an
        // engineer may not otherwise touch other people's time entries and timers.
        let moves: &[&str] = match self.backend {
            crate::Backend::Postgres => &["SELECT sb_move_merged_work($1, $2)"],
            crate::Backend::Sqlite => &[
                "UPDATE comments SET ticket_id = $1, \
                   moved_from_ticket_id = COALESCE(moved_from_ticket_id, $2) WHERE ticket_id = $2",
                "UPDATE time_entries SET ticket_id = $1, \
                   moved_from_ticket_id = COALESCE(moved_from_ticket_id, $2) WHERE ticket_id = $2",
                "DELETE FROM timers WHERE ticket_id = $2 \
                   AND user_id IN (SELECT user_id FROM timers WHERE ticket_id = $1)",
                "UPDATE timers SET ticket_id = $1 WHERE ticket_id = $2",
            ],
        };
        for sql in moves {
            sqlx::query(sql)
                .bind(m.survivor_id)
                .bind(m.duplicate_id)
                .execute(&mut *tx)
                .await?;
        }
        let (dup, survivor) = (
            TicketNumber(m.duplicate_id).to_string(),
            TicketNumber(m.survivor_id).to_string(),
        );
        audit(
            &mut tx,
            m.duplicate_id,
            m.actor,
            m.now,
            "merged_into",
            None,
            Some(&survivor),
        )
        .await?;
        audit(
            &mut tx,
            m.duplicate_id,
            m.actor,
            m.now,
            "status",
            Some(m.duplicate_status.as_str()),
            Some(Status::Closed.as_str()),
        )
        .await?;
        let note = AuditLine {
            ticket_id: m.duplicate_id,
            actor: m.actor,
            at: m.now,
            field: "resolution_note",
            old: None,
            new: Some(m.note),
            new_msg: Some(m.note_msg),
        };
        audit_line(&mut tx, &note).await?;
        audit(
            &mut tx,
            m.survivor_id,
            m.actor,
            m.now,
            "merged",
            None,
            Some(&dup),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Links two tickets as related (both ways). Linking twice changes nothing.
    pub async fn link_tickets(&self, a: i64, b: i64, actor: i64, now: i64) -> Result<bool> {
        self.set_link(a, b, true, None, actor, now).await
    }

    /// Removes the link between two tickets. Unlinking twice changes nothing.
    pub async fn unlink_tickets(&self, a: i64, b: i64, actor: i64, now: i64) -> Result<bool> {
        self.set_link(a, b, false, None, actor, now).await
    }

    /// Adds or removes the pair's one row; when that changed something, both tickets record it
    /// (`link` with the other's number as new value when linked, as old value when unlinked).
    /// With `seen`, a change is made only while `a` is still at that version.
    pub async fn set_link(
        &self,
        a: i64,
        b: i64,
        linked: bool,
        seen: Option<i64>,
        actor: i64,
        now: i64,
    ) -> Result<bool> {
        let mut tx = self.begin().await?;
        let changed = set_link_in(&mut tx, a, b, linked, seen, actor, now).await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// Tickets linked to this one, most recently linked first.
    pub async fn related_tickets(&self, ticket_id: i64) -> Result<Vec<RelatedTicket>> {
        sqlx::query(
            "SELECT t.id, t.subject, t.status, l.created_at AS linked_at FROM ticket_links l \
             JOIN tickets t ON t.id = CASE WHEN l.ticket_id = $1 THEN l.related_id ELSE l.ticket_id END \
             WHERE l.ticket_id = $1 OR l.related_id = $1 ORDER BY l.created_at DESC, t.id DESC",
        )
        .bind(ticket_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(RelatedTicket {
                id: r.try_get("id")?,
                subject: r.try_get("subject")?,
                status: parse_word(r, "status")?,
                linked_at: r.try_get("linked_at")?,
            })
        })
        .collect()
    }
}

/// [`Store::link_tickets`] / [`Store::unlink_tickets`] inside the caller's transaction.
pub(crate) async fn set_link_in(
    tx: &mut Transaction<'_, Any>,
    a: i64,
    b: i64,
    linked: bool,
    seen: Option<i64>,
    actor: i64,
    now: i64,
) -> Result<bool> {
    let (lo, hi) = (a.min(b), a.max(b));
    let q = if linked {
        sqlx::query(
            "INSERT INTO ticket_links (ticket_id, related_id, created_by, created_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(lo)
        .bind(hi)
        .bind(actor)
        .bind(now)
    } else {
        sqlx::query("DELETE FROM ticket_links WHERE ticket_id = $1 AND related_id = $2")
            .bind(lo)
            .bind(hi)
    };
    let changed = q.execute(&mut **tx).await?.rows_affected() == 1;
    if changed {
        for (this, other) in [(a, b), (b, a)] {
            if this == a && seen.is_some() {
                let n = bind_seen(
                    sqlx::query(
                        "UPDATE tickets SET updated_at = $1, version = version + 1 \
                         WHERE id = $2 AND version = $3",
                    )
                    .bind(now)
                    .bind(this),
                    seen,
                )
                .execute(&mut **tx)
                .await?
                .rows_affected();
                expect_one(tx, n, this, seen).await?;
            } else {
                touch(tx, this, now).await?;
            }
            let other = TicketNumber(other).to_string();
            let (old, new) = if linked {
                (None, Some(other.as_str()))
            } else {
                (Some(other.as_str()), None)
            };
            audit(tx, this, actor, now, "link", old, new).await?;
        }
    }
    Ok(changed)
}

/// Inserts a ticket and its "created" audit line inside the caller's transaction.
pub(crate) async fn insert_ticket(
    tx: &mut Transaction<'_, Any>,
    t: &NewTicket,
    now: i64,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO tickets (client_id, direction, subject, description, impact, urgency, \
           priority, status, line, channel, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(t.client_id)
    .bind(t.direction.as_str())
    .bind(&t.subject)
    .bind(&t.description)
    .bind(t.impact.as_str())
    .bind(t.urgency.as_str())
    .bind(t.priority.rank())
    .bind(Status::New.as_str())
    .bind(t.line.as_str())
    .bind(t.channel.as_str())
    .bind(t.created_by)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    audit(
        tx,
        id,
        t.created_by,
        now,
        "created",
        None,
        Some(&TicketNumber(id).to_string()),
    )
    .await?;
    Ok(id)
}

/// Adds a comment (touching the ticket, with its audit line) inside the caller's transaction.
pub(crate) async fn insert_comment(
    tx: &mut Transaction<'_, Any>,
    ticket_id: i64,
    author: i64,
    body: &str,
    visibility: Visibility,
    channel: Channel,
    now: i64,
) -> Result<i64> {
    insert_comment_for(tx, ticket_id, author, body, visibility, channel, None, now).await
}

/// Marks comment `id` as the system's note, worded by each reader from `body_msg` (JSON).
pub(crate) async fn said_in(tx: &mut Transaction<'_, Any>, id: i64, body_msg: &str) -> Result<()> {
    sqlx::query("UPDATE comments SET body_msg = $1 WHERE id = $2")
        .bind(body_msg)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// [`insert_comment`] for a chosen audience (`None`: not chosen, which for a public desk
/// comment means the client and every vendor case still worked).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_comment_for(
    tx: &mut Transaction<'_, Any>,
    ticket_id: i64,
    author: i64,
    body: &str,
    visibility: Visibility,
    channel: Channel,
    audience: Option<sb_domain::vendor::Audience>,
    now: i64,
) -> Result<i64> {
    touch(tx, ticket_id, now).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO comments (ticket_id, author_id, body, visibility, channel, created_at, \
           audience) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(ticket_id)
    .bind(author)
    .bind(body)
    .bind(visibility.as_str())
    .bind(channel.as_str())
    .bind(now)
    .bind(audience.map(|a| a.as_str()))
    .fetch_one(&mut **tx)
    .await?;
    audit(
        tx,
        ticket_id,
        author,
        now,
        "comment",
        None,
        Some(visibility.as_str()),
    )
    .await?;
    // An engineer's public comment meant for the vendor goes to every case still worked.
    let audience = audience.unwrap_or(sb_domain::vendor::Audience::Both);
    if sb_domain::vendor::goes_to_vendors(visibility, channel, audience) {
        crate::outbox::comment_to_vendors(tx, ticket_id, id, now).await?;
    }
    Ok(id)
}

/// A checked status change (compare-and-set, audit lines) inside the caller's transaction.
pub(crate) async fn status_in(tx: &mut Transaction<'_, Any>, c: &StatusChange<'_>) -> Result<()> {
    let (set, seen_at) = match c.effect {
        Effect::Move => ("", 5),
        // The note's message when the system wrote it; none for a person's note.
        Effect::Resolve => (
            ", resolved_at = $2, resolution_note = $5, resolution_note_msg = $6",
            7,
        ),
        Effect::Close => (
            ", closed_at = $2, resolved_at = COALESCE(resolved_at, $2), closed_by = $7, \
             resolution_note = $5, resolution_note_msg = $6",
            8,
        ),
        Effect::Reopen => (
            ", resolved_at = NULL, closed_at = NULL, closed_by = NULL, resolution_note = NULL, \
             resolution_note_msg = NULL",
            5,
        ),
    };
    let sql = format!(
        "UPDATE tickets SET status = $1, updated_at = $2, version = version + 1{set} \
         WHERE id = $3 AND status = $4{}",
        seen_guard(seen_at, c.seen)
    );
    let mut q = sqlx::query(&sql)
        .bind(c.to.as_str())
        .bind(c.now)
        .bind(c.ticket_id)
        .bind(c.from.as_str());
    if matches!(c.effect, Effect::Resolve | Effect::Close) {
        q = q.bind(c.note.map(str::trim)).bind(c.note_msg);
    }
    if c.effect == Effect::Close {
        q = q.bind(c.actor);
    }
    let n = bind_seen(q, c.seen)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    expect_one(tx, n, c.ticket_id, c.seen).await?;
    audit(
        tx,
        c.ticket_id,
        c.actor,
        c.now,
        "status",
        Some(c.from.as_str()),
        Some(c.to.as_str()),
    )
    .await?;
    if let Some(note) = c.note.map(str::trim).filter(|n| !n.is_empty()) {
        let field = match c.effect {
            Effect::Resolve | Effect::Close => "resolution_note",
            Effect::Move | Effect::Reopen => "note",
        };
        let line = AuditLine {
            ticket_id: c.ticket_id,
            actor: c.actor,
            at: c.now,
            field,
            old: None,
            new: Some(note),
            new_msg: c.note_msg,
        };
        audit_line(tx, &line).await?;
    }
    Ok(())
}

/// The compare-and-set on the version a person saw, as parameter `$n` (nothing without one).
fn seen_guard(n: usize, seen: Option<i64>) -> String {
    match seen {
        Some(_) => format!(" AND version = ${n}"),
        None => String::new(),
    }
}

/// Binds the version seen, when there is one (the parameter [`seen_guard`] named).
fn bind_seen<'q>(
    q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    seen: Option<i64>,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
    match seen {
        Some(v) => q.bind(v),
        None => q,
    }
}

/// A compare-and-set changed nothing: the ticket is gone, or someone changed it meanwhile (with
/// `seen`: what changed since that version, read from the audit trail).
async fn expect_one(
    tx: &mut Transaction<'_, Any>,
    rows: u64,
    ticket_id: i64,
    seen: Option<i64>,
) -> Result<()> {
    if rows == 1 {
        return Ok(());
    }
    let stale = state_since(tx, ticket_id, seen.unwrap_or(i64::MAX)).await?;
    Err(match stale {
        Some(s) if seen.is_some() && s.current != s.seen => StoreError::Stale(Box::new(s)),
        Some(_) => StoreError::Conflict(format!(
            "{} was changed by someone else a moment ago; reload it and try again",
            TicketNumber(ticket_id)
        )),
        None => StoreError::NotFound {
            what: "ticket",
            id: TicketNumber(ticket_id).to_string(),
        },
    })
}

impl Store {
    /// Refuses a change made on version `seen` when the ticket is at another one now, saying
    /// what changed since ([`StoreError::Stale`]); the compare-and-set of each change catches
    /// the races this early look cannot.
    pub async fn check_seen(&self, ticket_id: i64, seen: i64) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        match state_since(&mut conn, ticket_id, seen).await? {
            None => Err(StoreError::NotFound {
                what: "ticket",
                id: TicketNumber(ticket_id).to_string(),
            }),
            Some(s) if s.current != seen => Err(StoreError::Stale(Box::new(s))),
            Some(_) => Ok(()),
        }
    }
}

/// The ticket's version and assignee now and the audit lines newer than `seen` (`None`: no such
/// ticket).
async fn state_since(
    conn: &mut sqlx::AnyConnection,
    ticket_id: i64,
    seen: i64,
) -> Result<Option<StaleTicket>> {
    let Some(now) = sqlx::query(
        "SELECT t.version, t.assignee_id, a.name AS assignee_name FROM tickets t \
         LEFT JOIN users a ON a.id = t.assignee_id WHERE t.id = $1",
    )
    .bind(ticket_id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let changes = sqlx::query(
        "SELECT e.id, e.actor_id, u.name AS actor_name, e.at, e.field, e.old_value, \
           e.new_value, e.new_value_msg, e.version \
         FROM audit e JOIN users u ON u.id = e.actor_id \
         WHERE e.ticket_id = $1 AND e.version > $2 ORDER BY e.id",
    )
    .bind(ticket_id)
    .bind(seen)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(audit_from_row)
    .collect::<Result<Vec<_>>>()?;
    Ok(Some(StaleTicket {
        ticket_id,
        seen,
        current: now.try_get("version")?,
        assignee_id: now.try_get("assignee_id")?,
        assignee_name: now.try_get("assignee_name")?,
        changes,
    }))
}

pub(crate) async fn touch(tx: &mut Transaction<'_, Any>, ticket_id: i64, now: i64) -> Result<()> {
    let n = sqlx::query("UPDATE tickets SET updated_at = $1, version = version + 1 WHERE id = $2")
        .bind(now)
        .bind(ticket_id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound {
            what: "ticket",
            id: TicketNumber(ticket_id).to_string(),
        });
    }
    Ok(())
}

pub(crate) async fn audit(
    tx: &mut Transaction<'_, Any>,
    ticket_id: i64,
    actor: i64,
    at: i64,
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<()> {
    let line = AuditLine {
        ticket_id,
        actor,
        at,
        field,
        old,
        new,
        new_msg: None,
    };
    audit_line(tx, &line).await
}

/// One line of the audit trail; `new_msg` is the new value as a message (JSON) when the system
/// wrote it as one (a note), so that each reader words it.
pub(crate) struct AuditLine<'a> {
    pub ticket_id: i64,
    pub actor: i64,
    pub at: i64,
    pub field: &'a str,
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
    pub new_msg: Option<&'a str>,
}

pub(crate) async fn audit_line(tx: &mut Transaction<'_, Any>, a: &AuditLine<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit (ticket_id, actor_id, at, field, old_value, new_value, new_value_msg, \
           version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT version FROM tickets WHERE id = $1))",
    )
    .bind(a.ticket_id)
    .bind(a.actor)
    .bind(a.at)
    .bind(a.field)
    .bind(a.old)
    .bind(a.new)
    .bind(a.new_msg)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn ticket_from_row(r: &AnyRow) -> Result<Ticket> {
    Ok(Ticket {
        id: r.try_get("id")?,
        client_id: r.try_get("client_id")?,
        client_code: r.try_get("client_code")?,
        client_name: r.try_get("client_name")?,
        direction: r.try_get("direction")?,
        subject: r.try_get("subject")?,
        description: r.try_get("description")?,
        impact: parse_word(r, "impact")?,
        urgency: parse_word(r, "urgency")?,
        priority: priority_from_row(r)?,
        status: parse_word(r, "status")?,
        line: parse_word(r, "line")?,
        channel: parse_word(r, "channel")?,
        assignee_id: r.try_get("assignee_id")?,
        assignee_name: r.try_get("assignee_name")?,
        created_by: r.try_get("created_by")?,
        created_by_name: r.try_get("created_by_name")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        resolved_at: r.try_get("resolved_at")?,
        closed_at: r.try_get("closed_at")?,
        closed_by_name: r.try_get("closed_by_name")?,
        resolution_note: r.try_get("resolution_note")?,
        resolution_note_msg: r.try_get("resolution_note_msg")?,
        merged_into_id: r.try_get("merged_into_id")?,
        version: r.try_get("version")?,
    })
}

fn audit_from_row(r: &AnyRow) -> Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.try_get("id")?,
        actor_id: r.try_get("actor_id")?,
        actor_name: r.try_get("actor_name")?,
        at: r.try_get("at")?,
        field: r.try_get("field")?,
        old_value: r.try_get("old_value")?,
        new_value: r.try_get("new_value")?,
        new_value_msg: r.try_get("new_value_msg")?,
        version: r.try_get("version")?,
    })
}

fn comment_from_row(r: &AnyRow) -> Result<Comment> {
    Ok(Comment {
        id: r.try_get("id")?,
        ticket_id: r.try_get("ticket_id")?,
        author_id: r.try_get("author_id")?,
        author_name: r.try_get("author_name")?,
        body: r.try_get("body")?,
        body_msg: r.try_get("body_msg")?,
        visibility: parse_word(r, "visibility")?,
        channel: parse_word(r, "channel")?,
        created_at: r.try_get("created_at")?,
        moved_from_ticket_id: r.try_get("moved_from_ticket_id")?,
        sender_name: r.try_get("sender_name")?,
        sender_email: r.try_get("sender_email")?,
        audience: r
            .try_get::<Option<String>, _>("audience")?
            .map(|a| a.parse())
            .transpose()
            .map_err(|e: sb_domain::UnknownValue| StoreError::Decode(format!("audience: {e}")))?,
        notice: r
            .try_get::<Option<String>, _>("notice")?
            .map(|a| a.parse())
            .transpose()
            .map_err(|e: sb_domain::UnknownValue| StoreError::Decode(format!("notice: {e}")))?,
    })
}

/// The audit line of a change of assignee, naming the people (not their ids).
pub(crate) async fn audit_assignee(
    tx: &mut Transaction<'_, Any>,
    ticket_id: i64,
    actor: i64,
    now: i64,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit (ticket_id, actor_id, at, field, old_value, new_value, version) \
         VALUES ($1, $2, $3, 'assignee', (SELECT name FROM users WHERE id = $4), \
                 (SELECT name FROM users WHERE id = $5), \
                 (SELECT version FROM tickets WHERE id = $1))",
    )
    .bind(ticket_id)
    .bind(actor)
    .bind(now)
    .bind(from)
    .bind(to)
    .execute(&mut **tx)
    .await?;
    // Given by someone else: the person is told (once, on one of their desks).
    if let Some(to) = to.filter(|to| *to != actor) {
        sqlx::query(
            "INSERT INTO assignment_notices (user_id, ticket_id, assigned_by, created_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(to)
        .bind(ticket_id)
        .bind(actor)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
