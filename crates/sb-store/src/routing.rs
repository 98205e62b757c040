//! Routing's tables: the ordered rules (JSON that sb-domain checks), the business hours, the
//! round-robin turns, a ticket's queue and tags, and the decisions taken.
//!
//! Architecture Invariant: a decision changes the ticket (each change with its audit line),
//! records itself and moves its rule's turn in one transaction.

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::tickets::{audit, audit_assignee, touch};
use crate::{Result, Store, StoreError, Writes};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRecord {
    pub id: i64,
    pub position: i64,
    pub name: String,
    pub enabled: bool,
    /// JSON of `sb_domain::routing::RuleDraft`.
    pub rule: String,
    pub updated_at: i64,
}

/// What a routing decision does to a ticket (only the `Some` fields change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingWrite<'a> {
    pub ticket_id: i64,
    pub rule_id: Option<i64>,
    pub rule_name: &'a str,
    /// JSON list of the reasons.
    pub why: &'a str,
    /// What it did, in words (English).
    pub did: &'a str,
    /// The same as a JSON list of messages, for each reader's language.
    pub did_msg: Option<&'a str>,
    pub line: Option<&'a str>,
    pub queue: Option<&'a str>,
    pub assignee: Option<i64>,
    /// The priority's rank (1..4).
    pub priority: Option<i64>,
    pub tags: &'a [String],
    /// The rule's round-robin turn moves to the assignee.
    pub turn: bool,
    pub actor: i64,
    pub now: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    pub rule_id: Option<i64>,
    pub rule_name: String,
    pub why: String,
    pub did: String,
    /// JSON list of messages; `None` on decisions recorded before messages.
    pub did_msg: Option<String>,
    pub actor_name: String,
    pub at: i64,
}

/// What routing gave one of the newest tickets, for a dry run to compare with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoutedRecord {
    /// The rule of the last decision, if a rule routed it.
    pub rule_id: Option<i64>,
    pub queue: Option<String>,
    pub tags: Vec<String>,
    /// The vendors it was escalated to (a case opened, or trying to).
    pub vendors: Vec<i64>,
    /// The priority it arrived with (1..4), when routing changed it since.
    pub arrived_priority: Option<i64>,
}

/// The newest `limit` tickets, as a subquery.
const NEWEST: &str = "SELECT id FROM tickets ORDER BY id DESC LIMIT $1";

impl Store {
    /// For each of the newest `limit` tickets that routing or a vendor touched: the rule that
    /// routed it, its queue, tags and vendors, and the priority it arrived with.
    pub async fn routed_records(
        &self,
        limit: i64,
    ) -> Result<std::collections::HashMap<i64, RoutedRecord>> {
        let mut out: std::collections::HashMap<i64, RoutedRecord> = Default::default();
        for r in sqlx::query(&format!(
            "SELECT d.ticket_id, d.rule_id FROM routing_decisions d \
             WHERE d.ticket_id IN ({NEWEST}) AND d.id = \
               (SELECT MAX(l.id) FROM routing_decisions l WHERE l.ticket_id = d.ticket_id)"
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        {
            out.entry(r.try_get("ticket_id")?).or_default().rule_id = r.try_get("rule_id")?;
        }
        for r in sqlx::query(&format!(
            "SELECT id, queue FROM tickets WHERE queue IS NOT NULL AND id IN ({NEWEST})"
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        {
            out.entry(r.try_get("id")?).or_default().queue = r.try_get("queue")?;
        }
        for r in sqlx::query(&format!(
            "SELECT ticket_id, tag FROM ticket_tags WHERE ticket_id IN ({NEWEST}) \
             ORDER BY ticket_id, tag"
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        {
            out.entry(r.try_get("ticket_id")?)
                .or_default()
                .tags
                .push(r.try_get("tag")?);
        }
        for r in sqlx::query(&format!(
            "SELECT DISTINCT ticket_id, vendor_id FROM bonds WHERE ticket_id IN ({NEWEST}) \
             ORDER BY ticket_id, vendor_id"
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        {
            out.entry(r.try_get("ticket_id")?)
                .or_default()
                .vendors
                .push(r.try_get("vendor_id")?);
        }
        // Only routing changes a ticket's priority after it is made: the first change's old
        // value is the priority it arrived with.
        for r in sqlx::query(&format!(
            "SELECT a.ticket_id, a.old_value FROM audit a \
             WHERE a.field = 'priority' AND a.ticket_id IN ({NEWEST}) AND a.id = \
               (SELECT MIN(f.id) FROM audit f WHERE f.ticket_id = a.ticket_id AND f.field = 'priority')"
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        {
            let old: Option<String> = r.try_get("old_value")?;
            let rank = old
                .as_deref()
                .and_then(|p| p.strip_prefix('p'))
                .and_then(|n| n.parse::<i64>().ok());
            out.entry(r.try_get("ticket_id")?).or_default().arrived_priority = rank;
        }
        Ok(out)
    }

    /// The names of these clients (for the words of rules and reasons); unknown ids are absent.
    pub async fn client_names(&self, ids: &[i64]) -> Result<Vec<(i64, String)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT id, name FROM clients WHERE id IN ({})",
            marks.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for id in ids {
            q = q.bind(*id);
        }
        q.fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
            .collect()
    }

    /// Every rule, in order.
    pub async fn routing_rules(&self) -> Result<Vec<RuleRecord>> {
        sqlx::query(
            "SELECT id, position, name, enabled, rule, updated_at FROM routing_rules \
             ORDER BY position, id",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(rule_from_row)
        .collect()
    }

    /// A new rule, last in the order.
    pub async fn create_rule(
        &self,
        name: &str,
        enabled: bool,
        rule: &str,
        now: i64,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO routing_rules (position, name, enabled, rule, created_at, updated_at) \
             VALUES ((SELECT COALESCE(MAX(position), 0) + 1 FROM routing_rules), $1, $2, $3, $4, $4) \
             RETURNING id",
        )
        .bind(name)
        .bind(i64::from(enabled))
        .bind(rule)
        .bind(now)
        .fetch_one(&self.pool)
        .await?)
    }

    pub async fn update_rule(
        &self,
        id: i64,
        name: &str,
        enabled: bool,
        rule: &str,
        now: i64,
    ) -> Result<()> {
        let n = sqlx::query(
            "UPDATE routing_rules SET name = $1, enabled = $2, rule = $3, updated_at = $4 WHERE id = $5",
        )
        .bind(name)
        .bind(i64::from(enabled))
        .bind(rule)
        .bind(now)
        .bind(id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(missing_rule(id));
        }
        Ok(())
    }

    pub async fn delete_rule(&self, id: i64) -> Result<()> {
        let n = sqlx::query("DELETE FROM routing_rules WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(missing_rule(id));
        }
        Ok(())
    }

    /// Puts the rules in this order (every rule's id, once).
    pub async fn order_rules(&self, ids: &[i64]) -> Result<()> {
        let mut tx = self.begin().await?;
        for (position, id) in (1_i64..).zip(ids) {
            let n = sqlx::query("UPDATE routing_rules SET position = $1 WHERE id = $2")
                .bind(position)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 0 {
                return Err(missing_rule(*id));
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// The desk's business hours (JSON), if set.
    pub async fn business_hours(&self) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT business_hours FROM routing_settings WHERE id = 1")
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    pub async fn set_business_hours(&self, json: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO routing_settings (id, business_hours) VALUES (1, $1) \
             ON CONFLICT (id) DO UPDATE SET business_hours = excluded.business_hours",
        )
        .bind(json)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Each round-robin rule's last assignee.
    pub async fn routing_turns(&self) -> Result<Vec<(i64, i64)>> {
        sqlx::query("SELECT rule_id, last_user_id FROM routing_turns")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("rule_id")?, r.try_get("last_user_id")?)))
            .collect()
    }

    /// Active tickets per assignee (people with none are absent).
    pub async fn active_load(&self) -> Result<Vec<(i64, i64)>> {
        sqlx::query(
            "SELECT assignee_id, COUNT(*) AS n FROM tickets \
             WHERE assignee_id IS NOT NULL AND status NOT IN ('resolved', 'closed') \
               AND merged_into_id IS NULL GROUP BY assignee_id",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("assignee_id")?, r.try_get("n")?)))
        .collect()
    }

    /// Applies a routing decision to a ticket, in its own transaction.
    pub async fn apply_routing(&self, w: &RoutingWrite<'_>) -> Result<()> {
        let mut tx = self.begin().await?;
        route_in(&mut tx, w).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A ticket's queue, tags and last routing decision.
    pub async fn ticket_routing(
        &self,
        ticket_id: i64,
    ) -> Result<(Option<String>, Vec<String>, Option<DecisionRecord>)> {
        let queue: Option<Option<String>> =
            sqlx::query_scalar("SELECT queue FROM tickets WHERE id = $1")
                .bind(ticket_id)
                .fetch_optional(&self.pool)
                .await?;
        let Some(queue) = queue else {
            return Err(StoreError::NotFound {
                what: "ticket",
                id: ticket_id.to_string(),
            });
        };
        let tags: Vec<String> =
            sqlx::query_scalar("SELECT tag FROM ticket_tags WHERE ticket_id = $1 ORDER BY tag")
                .bind(ticket_id)
                .fetch_all(&self.pool)
                .await?;
        let decision = sqlx::query(
            "SELECT d.rule_id, d.rule_name, d.why, d.did, d.did_msg, u.name AS actor_name, d.at \
             FROM routing_decisions d JOIN users u ON u.id = d.actor_id \
             WHERE d.ticket_id = $1 ORDER BY d.id DESC LIMIT 1",
        )
        .bind(ticket_id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| {
            Ok::<_, StoreError>(DecisionRecord {
                rule_id: r.try_get("rule_id")?,
                rule_name: r.try_get("rule_name")?,
                why: r.try_get("why")?,
                did: r.try_get("did")?,
                did_msg: r.try_get("did_msg")?,
                actor_name: r.try_get("actor_name")?,
                at: r.try_get("at")?,
            })
        })
        .transpose()?;
        Ok((queue, tags, decision))
    }

    /// The queues tickets are in, by name.
    pub async fn queues(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT queue FROM tickets WHERE queue IS NOT NULL ORDER BY queue",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}

impl Writes {
    /// [`Store::apply_routing`] inside a run of intake writes.
    pub async fn apply_routing(&mut self, w: &RoutingWrite<'_>) -> Result<()> {
        route_in(&mut self.tx, w).await
    }
}

async fn route_in(tx: &mut Transaction<'_, Any>, w: &RoutingWrite<'_>) -> Result<()> {
    let old = sqlx::query("SELECT line, queue, assignee_id, priority FROM tickets WHERE id = $1")
        .bind(w.ticket_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            what: "ticket",
            id: w.ticket_id.to_string(),
        })?;
    let old_line: String = old.try_get("line")?;
    let old_queue: Option<String> = old.try_get("queue")?;
    let old_assignee: Option<i64> = old.try_get("assignee_id")?;
    let old_priority: i64 = old.try_get("priority")?;
    let mut changed = false;
    if let Some(line) = w.line.filter(|l| *l != old_line) {
        sqlx::query("UPDATE tickets SET line = $1, version = version + 1 WHERE id = $2")
            .bind(line)
            .bind(w.ticket_id)
            .execute(&mut **tx)
            .await?;
        audit(
            tx,
            w.ticket_id,
            w.actor,
            w.now,
            "line",
            Some(&old_line),
            Some(line),
        )
        .await?;
        changed = true;
    }
    if let Some(queue) = w.queue.filter(|q| old_queue.as_deref() != Some(*q)) {
        sqlx::query("UPDATE tickets SET queue = $1, version = version + 1 WHERE id = $2")
            .bind(queue)
            .bind(w.ticket_id)
            .execute(&mut **tx)
            .await?;
        audit(
            tx,
            w.ticket_id,
            w.actor,
            w.now,
            "queue",
            old_queue.as_deref(),
            Some(queue),
        )
        .await?;
        changed = true;
    }
    if let Some(assignee) = w.assignee.filter(|a| old_assignee != Some(*a)) {
        sqlx::query("UPDATE tickets SET assignee_id = $1, version = version + 1 WHERE id = $2")
            .bind(assignee)
            .bind(w.ticket_id)
            .execute(&mut **tx)
            .await?;
        audit_assignee(
            tx,
            w.ticket_id,
            w.actor,
            w.now,
            old_assignee,
            Some(assignee),
        )
        .await?;
        changed = true;
    }
    if let Some(priority) = w.priority.filter(|p| *p != old_priority) {
        sqlx::query("UPDATE tickets SET priority = $1, version = version + 1 WHERE id = $2")
            .bind(priority)
            .bind(w.ticket_id)
            .execute(&mut **tx)
            .await?;
        let (old_s, new_s) = (format!("p{old_priority}"), format!("p{priority}"));
        audit(
            tx,
            w.ticket_id,
            w.actor,
            w.now,
            "priority",
            Some(&old_s),
            Some(&new_s),
        )
        .await?;
        changed = true;
    }
    for tag in w.tags {
        let n = sqlx::query(
            "INSERT INTO ticket_tags (ticket_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(w.ticket_id)
        .bind(tag)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if n == 1 {
            audit(tx, w.ticket_id, w.actor, w.now, "tag", None, Some(tag)).await?;
            changed = true;
        }
    }
    if changed {
        touch(tx, w.ticket_id, w.now).await?;
    }
    if let (true, Some(rule), Some(user)) = (w.turn, w.rule_id, w.assignee) {
        sqlx::query(
            "INSERT INTO routing_turns (rule_id, last_user_id) VALUES ($1, $2) \
             ON CONFLICT (rule_id) DO UPDATE SET last_user_id = excluded.last_user_id",
        )
        .bind(rule)
        .bind(user)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO routing_decisions (ticket_id, rule_id, rule_name, why, did, did_msg, \
           actor_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(w.ticket_id)
    .bind(w.rule_id)
    .bind(w.rule_name)
    .bind(w.why)
    .bind(w.did)
    .bind(w.did_msg)
    .bind(w.actor)
    .bind(w.now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn missing_rule(id: i64) -> StoreError {
    StoreError::NotFound {
        what: "routing rule",
        id: id.to_string(),
    }
}

fn rule_from_row(r: &AnyRow) -> Result<RuleRecord> {
    Ok(RuleRecord {
        id: r.try_get("id")?,
        position: r.try_get("position")?,
        name: r.try_get("name")?,
        enabled: r.try_get::<i64, _>("enabled")? != 0,
        rule: r.try_get("rule")?,
        updated_at: r.try_get("updated_at")?,
    })
}
