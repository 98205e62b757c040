//! The monitoring channel's tables: alert sources, one row per alert fingerprint per source
//! (the ticket it feeds), and alerts no client could be found for.
//!
//! Architecture Invariant: every write is idempotent. Each change is a compare-and-set on the
//! alert row (`UNIQUE (source_id, fingerprint)`, the state it was in, the times it was counted
//! at), and the ticket change it implies is written in the same transaction, so the same poll
//! applied twice, or by two desktops at once, changes nothing the second time.

use sb_domain::AlertRowState;
use sqlx::any::AnyRow;
use sqlx::{Acquire, Row};

use crate::records::parse_word;
use crate::tickets::{insert_comment, insert_ticket, said_in, status_in};
use crate::{NewTicket, Result, StatusChange, Store, StoreError, User, Writes};

/// An alert source as checked by the app layer; `filter` and `mapping` are JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertSourceWrite {
    pub name: String,
    pub base_url: String,
    pub filter: String,
    pub mapping: String,
    pub poll_seconds: i64,
    pub enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertSourceRecord {
    pub id: i64,
    pub name: String,
    pub base_url: String,
    pub filter: String,
    pub mapping: String,
    pub poll_seconds: i64,
    pub enabled: bool,
    pub last_polled_at: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Alerts of this source whose tickets follow a firing alert.
    pub firing: i64,
}

/// One fingerprint of one source, and the ticket it feeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertRecord {
    pub source_id: i64,
    pub source_name: String,
    pub fingerprint: String,
    pub ticket_id: i64,
    pub state: AlertRowState,
    pub repeat_count: i64,
    /// Alertmanager's `updatedAt` / `endsAt` when the desk last counted the alert.
    pub alert_updated_at: i64,
    pub alert_ends_at: i64,
    pub filter_seen: String,
    pub first_seen: i64,
    pub last_seen: i64,
    pub resolved_at: Option<i64>,
}

/// A firing alert for which no ticket could be made (no client for its labels, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnmatchedAlert {
    pub source_id: i64,
    pub source_name: String,
    pub fingerprint: String,
    /// JSON object of the alert's labels.
    pub labels: String,
    pub reason: String,
    pub last_seen: i64,
}

/// Where Alertmanager's view of an alert stands when it is counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertSeen<'a> {
    pub source_id: i64,
    pub fingerprint: &'a str,
    pub updated_at: i64,
    pub ends_at: i64,
    /// The source's filter (JSON text) the alert was listed under.
    pub filter: &'a str,
}

/// A note on the ticket, written by `author` (internal, channel monitoring).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertNote<'a> {
    pub author: i64,
    /// In English; `body_msg` the same as a message (JSON) each reader words.
    pub body: &'a str,
    pub body_msg: Option<&'a str>,
}

/// What happens to the ticket when its alert fires again after resolution.
#[derive(Debug, Clone)]
pub enum RefireTicket<'a> {
    /// The ticket was resolved (or closed) within the reopen window: reopen it.
    Reopen(StatusChange<'a>),
    /// The ticket is past its reopen window: a new ticket takes the alert over.
    New(NewTicket),
    /// A person already reopened it: leave the ticket be.
    Keep,
}

const SOURCE_COLUMNS: &str = "s.id, s.name, s.base_url, s.filter, s.mapping, s.poll_seconds, \
    s.enabled, s.last_polled_at, s.last_error, s.created_at, s.updated_at, \
    (SELECT COUNT(*) FROM alerts a WHERE a.source_id = s.id AND a.state = 'firing') AS firing";

const ALERT_COLUMNS: &str = "a.source_id, s.name AS source_name, a.fingerprint, a.ticket_id, \
    a.state, a.repeat_count, a.alert_updated_at, a.alert_ends_at, a.filter_seen, a.first_seen, \
    a.last_seen, a.resolved_at";

impl Store {
    pub async fn create_alert_source(&self, w: &AlertSourceWrite, now: i64) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO alert_sources (name, base_url, filter, mapping, poll_seconds, enabled, \
               created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(&w.name)
        .bind(&w.base_url)
        .bind(&w.filter)
        .bind(&w.mapping)
        .bind(w.poll_seconds)
        .bind(i64::from(w.enabled))
        .bind(now)
        .fetch_one(&self.pool)
        .await?)
    }

    pub async fn update_alert_source(&self, id: i64, w: &AlertSourceWrite, now: i64) -> Result<()> {
        let n = sqlx::query(
            "UPDATE alert_sources SET name = $1, base_url = $2, filter = $3, mapping = $4, \
               poll_seconds = $5, enabled = $6, updated_at = $7 WHERE id = $8",
        )
        .bind(&w.name)
        .bind(&w.base_url)
        .bind(&w.filter)
        .bind(&w.mapping)
        .bind(w.poll_seconds)
        .bind(i64::from(w.enabled))
        .bind(now)
        .bind(id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(missing_source(id));
        }
        Ok(())
    }

    /// Removes a source with its alert rows and unmatched alerts; its tickets stay.
    pub async fn delete_alert_source(&self, id: i64) -> Result<()> {
        let n = sqlx::query("DELETE FROM alert_sources WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(missing_source(id));
        }
        Ok(())
    }

    /// Every source, by name: a desk has a handful.
    pub async fn alert_sources(&self) -> Result<Vec<AlertSourceRecord>> {
        sqlx::query(&format!(
            "SELECT {SOURCE_COLUMNS} FROM alert_sources s ORDER BY s.name, s.id"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(source_from_row)
        .collect()
    }

    pub async fn alert_source(&self, id: i64) -> Result<Option<AlertSourceRecord>> {
        sqlx::query(&format!(
            "SELECT {SOURCE_COLUMNS} FROM alert_sources s WHERE s.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| source_from_row(&r))
        .transpose()
    }

    /// Stamps a poll: when, and what went wrong (`None` clears the last error).
    pub async fn record_alert_poll(&self, id: i64, at: i64, error: Option<&str>) -> Result<()> {
        self.write_one(
            sqlx::query(
                "UPDATE alert_sources SET last_polled_at = $1, last_error = $2 WHERE id = $3",
            )
            .bind(at)
            .bind(error)
            .bind(id),
        )
        .await?;
        Ok(())
    }

    /// The user a channel acts as (`kind` such as "monitoring"), created on first use.
    pub async fn system_user(&self, kind: &str, name: &str, now: i64) -> Result<User> {
        for _ in 0..2 {
            if let Some(id) =
                sqlx::query_scalar::<_, i64>("SELECT user_id FROM system_users WHERE kind = $1")
                    .bind(kind)
                    .fetch_optional(&self.pool)
                    .await?
            {
                return self.user(id).await?.ok_or_else(|| StoreError::NotFound {
                    what: "user",
                    id: id.to_string(),
                });
            }
            let mut tx = self.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (name, role, created_at) VALUES ($1, 'engineer', $2) RETURNING id",
            )
            .bind(name)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            let added = sqlx::query(
                "INSERT INTO system_users (kind, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(kind)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if added == 1 {
                tx.commit().await?;
            } else {
                // Another desktop made it meanwhile: use theirs.
                tx.rollback().await?;
            }
        }
        Err(StoreError::Conflict(format!(
            "the {kind} user could not be created; try again"
        )))
    }

    /// The alert rows of one source.
    pub async fn alerts_of_source(&self, source_id: i64) -> Result<Vec<AlertRecord>> {
        sqlx::query(&format!(
            "SELECT {ALERT_COLUMNS} FROM alerts a JOIN alert_sources s ON s.id = a.source_id \
             WHERE a.source_id = $1 ORDER BY a.fingerprint"
        ))
        .bind(source_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(alert_from_row)
        .collect()
    }

    /// The alert a ticket follows, if it came from monitoring.
    pub async fn ticket_alert(&self, ticket_id: i64) -> Result<Option<AlertRecord>> {
        sqlx::query(&format!(
            "SELECT {ALERT_COLUMNS} FROM alerts a JOIN alert_sources s ON s.id = a.source_id \
             WHERE a.ticket_id = $1 ORDER BY a.first_seen DESC LIMIT 1"
        ))
        .bind(ticket_id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| alert_from_row(&r))
        .transpose()
    }

    /// [`Writes::open_alert`] in a transaction of its own.
    pub async fn open_alert(
        &self,
        seen: &AlertSeen<'_>,
        ticket: &NewTicket,
        now: i64,
    ) -> Result<Option<i64>> {
        let mut w = self.writes().await?;
        let r = w.open_alert(seen, ticket, now).await?;
        w.commit().await?;
        Ok(r)
    }

    /// [`Writes::repeat_alert`] in a transaction of its own.
    pub async fn repeat_alert(&self, seen: &AlertSeen<'_>) -> Result<bool> {
        let mut w = self.writes().await?;
        let r = w.repeat_alert(seen).await?;
        w.commit().await?;
        Ok(r)
    }

    /// [`Writes::alert_listed`] in a transaction of its own.
    pub async fn alert_listed(&self, seen: &AlertSeen<'_>) -> Result<()> {
        let mut w = self.writes().await?;
        w.alert_listed(seen).await?;
        w.commit().await
    }

    /// [`Writes::resolve_alert`] in a transaction of its own.
    pub async fn resolve_alert(
        &self,
        source_id: i64,
        fingerprint: &str,
        ticket_id: i64,
        note: Option<&AlertNote<'_>>,
        change: Option<&StatusChange<'_>>,
        now: i64,
    ) -> Result<bool> {
        let mut w = self.writes().await?;
        let r = w
            .resolve_alert(source_id, fingerprint, ticket_id, note, change, now)
            .await?;
        w.commit().await?;
        Ok(r)
    }

    /// [`Writes::refire_alert`] in a transaction of its own.
    pub async fn refire_alert(
        &self,
        seen: &AlertSeen<'_>,
        ticket_id: i64,
        ticket: &RefireTicket<'_>,
        note: &AlertNote<'_>,
        now: i64,
    ) -> Result<Option<i64>> {
        let mut w = self.writes().await?;
        let r = w.refire_alert(seen, ticket_id, ticket, note, now).await?;
        w.commit().await?;
        Ok(r)
    }

    /// [`Writes::upsert_unmatched_alert`] in a transaction of its own.
    pub async fn upsert_unmatched_alert(
        &self,
        source_id: i64,
        fingerprint: &str,
        labels: &str,
        reason: &str,
        last_seen: i64,
    ) -> Result<()> {
        let mut w = self.writes().await?;
        w.upsert_unmatched_alert(source_id, fingerprint, labels, reason, last_seen)
            .await?;
        w.commit().await
    }

    /// Forgets the unmatched alerts of a source that a complete poll no longer lists.
    pub async fn prune_unmatched_alerts(&self, source_id: i64, listed: &[&str]) -> Result<()> {
        let known: Vec<String> =
            sqlx::query_scalar("SELECT fingerprint FROM unmatched_alerts WHERE source_id = $1")
                .bind(source_id)
                .fetch_all(&self.pool)
                .await?;
        for fp in known.iter().filter(|f| !listed.contains(&f.as_str())) {
            sqlx::query("DELETE FROM unmatched_alerts WHERE source_id = $1 AND fingerprint = $2")
                .bind(source_id)
                .bind(fp)
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// Every unmatched alert, newest first (a handful: they vanish when the alert does).
    pub async fn unmatched_alerts(&self) -> Result<Vec<UnmatchedAlert>> {
        sqlx::query(
            "SELECT u.source_id, s.name AS source_name, u.fingerprint, u.labels, u.reason, \
               u.last_seen FROM unmatched_alerts u JOIN alert_sources s ON s.id = u.source_id \
             ORDER BY u.last_seen DESC, u.fingerprint LIMIT 500",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(UnmatchedAlert {
                source_id: r.try_get("source_id")?,
                source_name: r.try_get("source_name")?,
                fingerprint: r.try_get("fingerprint")?,
                labels: r.try_get("labels")?,
                reason: r.try_get("reason")?,
                last_seen: r.try_get("last_seen")?,
            })
        })
        .collect()
    }
}

/// Alert writes inside a run of [`Writes`]. Each is the same compare-and-set as alone (a
/// savepoint undoes the half of it that lost the race), so committing many together changes
/// nothing but the number of commits.
impl Writes {
    /// A new fingerprint: its ticket, the alert row and the ticket's note, all or nothing.
    /// `None` when the fingerprint already has a row (nothing is written then).
    pub async fn open_alert(
        &mut self,
        seen: &AlertSeen<'_>,
        ticket: &NewTicket,
        now: i64,
    ) -> Result<Option<i64>> {
        self.written += 1;
        let mut tx = (&mut self.tx).begin().await?;
        let ticket_id = insert_ticket(&mut tx, ticket, now).await?;
        let added = sqlx::query(
            "INSERT INTO alerts (source_id, fingerprint, ticket_id, state, repeat_count, \
               alert_updated_at, alert_ends_at, filter_seen, first_seen, last_seen) \
             VALUES ($1, $2, $3, 'firing', 0, $4, $5, $6, $7, $4) \
             ON CONFLICT (source_id, fingerprint) DO NOTHING",
        )
        .bind(seen.source_id)
        .bind(seen.fingerprint)
        .bind(ticket_id)
        .bind(seen.updated_at)
        .bind(seen.ends_at)
        .bind(seen.filter)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if added == 0 {
            tx.rollback().await?;
            return Ok(None);
        }
        // An alert that had no client before may have one now: it leaves the unmatched list.
        // Most polls have no unmatched alerts at all: that is asked once per run.
        if !self.clean_sources.contains(&seen.source_id) {
            let any: Option<i64> =
                sqlx::query_scalar("SELECT 1 FROM unmatched_alerts WHERE source_id = $1 LIMIT 1")
                    .bind(seen.source_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if any.is_some() {
                sqlx::query(
                    "DELETE FROM unmatched_alerts WHERE source_id = $1 AND fingerprint = $2",
                )
                .bind(seen.source_id)
                .bind(seen.fingerprint)
                .execute(&mut *tx)
                .await?;
            } else {
                self.clean_sources.insert(seen.source_id);
            }
        }
        tx.commit().await?;
        Ok(Some(ticket_id))
    }

    /// Still firing and Alertmanager got it again: one more repeat, unless this very
    /// `updatedAt`/`endsAt` was counted already. Returns whether it counted.
    pub async fn repeat_alert(&mut self, seen: &AlertSeen<'_>) -> Result<bool> {
        self.written += 1;
        let n = sqlx::query(
            "UPDATE alerts SET repeat_count = repeat_count + 1, alert_updated_at = $1, \
               alert_ends_at = $2, filter_seen = $3, \
               last_seen = CASE WHEN last_seen > $1 THEN last_seen ELSE $1 END \
             WHERE source_id = $4 AND fingerprint = $5 AND state = 'firing' \
               AND (alert_updated_at <> $1 OR alert_ends_at <> $2)",
        )
        .bind(seen.updated_at)
        .bind(seen.ends_at)
        .bind(seen.filter)
        .bind(seen.source_id)
        .bind(seen.fingerprint)
        .execute(&mut *self.tx)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Listed, unchanged: only remember the filter it was listed under.
    pub async fn alert_listed(&mut self, seen: &AlertSeen<'_>) -> Result<()> {
        self.written += 1;
        sqlx::query(
            "UPDATE alerts SET filter_seen = $1 \
             WHERE source_id = $2 AND fingerprint = $3 AND filter_seen <> $1",
        )
        .bind(seen.filter)
        .bind(seen.source_id)
        .bind(seen.fingerprint)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    /// Gone: the row turns resolved, and (when given) the note and the ticket's status
    /// change are written with it. Returns false, writing nothing, when it was resolved already.
    pub async fn resolve_alert(
        &mut self,
        source_id: i64,
        fingerprint: &str,
        ticket_id: i64,
        note: Option<&AlertNote<'_>>,
        change: Option<&StatusChange<'_>>,
        now: i64,
    ) -> Result<bool> {
        self.written += 1;
        let mut tx = (&mut self.tx).begin().await?;
        let n = sqlx::query(
            "UPDATE alerts SET state = 'resolved', resolved_at = $1 \
             WHERE source_id = $2 AND fingerprint = $3 AND ticket_id = $4 AND state = 'firing'",
        )
        .bind(now)
        .bind(source_id)
        .bind(fingerprint)
        .bind(ticket_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        if let Some(note) = note {
            let id = insert_comment(
                &mut tx,
                ticket_id,
                note.author,
                note.body,
                sb_domain::Visibility::Internal,
                sb_domain::Channel::Monitoring,
                now,
            )
            .await?;
            if let Some(said) = note.body_msg {
                said_in(&mut tx, id, said).await?;
            }
        }
        if let Some(change) = change {
            status_in(&mut tx, change).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Firing again after resolution: the row turns firing and counts one more; the ticket is
    /// reopened, or a new one takes over, in the same transaction. Returns the ticket the
    /// alert now feeds, or `None` (writing nothing) when it was firing already.
    pub async fn refire_alert(
        &mut self,
        seen: &AlertSeen<'_>,
        ticket_id: i64,
        ticket: &RefireTicket<'_>,
        note: &AlertNote<'_>,
        now: i64,
    ) -> Result<Option<i64>> {
        self.written += 1;
        let mut tx = (&mut self.tx).begin().await?;
        let target = match ticket {
            RefireTicket::New(t) => insert_ticket(&mut tx, t, now).await?,
            RefireTicket::Reopen(_) | RefireTicket::Keep => ticket_id,
        };
        let n = sqlx::query(
            "UPDATE alerts SET state = 'firing', resolved_at = NULL, \
               repeat_count = repeat_count + 1, alert_updated_at = $1, alert_ends_at = $2, \
               filter_seen = $3, ticket_id = $4, \
               last_seen = CASE WHEN last_seen > $1 THEN last_seen ELSE $1 END \
             WHERE source_id = $5 AND fingerprint = $6 AND ticket_id = $7 AND state = 'resolved'",
        )
        .bind(seen.updated_at)
        .bind(seen.ends_at)
        .bind(seen.filter)
        .bind(target)
        .bind(seen.source_id)
        .bind(seen.fingerprint)
        .bind(ticket_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            tx.rollback().await?;
            return Ok(None);
        }
        if let RefireTicket::Reopen(change) = ticket {
            status_in(&mut tx, change).await?;
        }
        let id = insert_comment(
            &mut tx,
            target,
            note.author,
            note.body,
            sb_domain::Visibility::Internal,
            sb_domain::Channel::Monitoring,
            now,
        )
        .await?;
        if let Some(said) = note.body_msg {
            said_in(&mut tx, id, said).await?;
        }
        tx.commit().await?;
        Ok(Some(target))
    }

    /// Remembers (or refreshes) an alert no ticket could be made for.
    pub async fn upsert_unmatched_alert(
        &mut self,
        source_id: i64,
        fingerprint: &str,
        labels: &str,
        reason: &str,
        last_seen: i64,
    ) -> Result<()> {
        self.written += 1;
        self.clean_sources.remove(&source_id);
        sqlx::query(
            "INSERT INTO unmatched_alerts (source_id, fingerprint, labels, reason, last_seen) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (source_id, fingerprint) DO UPDATE \
             SET labels = excluded.labels, reason = excluded.reason, last_seen = excluded.last_seen",
        )
        .bind(source_id)
        .bind(fingerprint)
        .bind(labels)
        .bind(reason)
        .bind(last_seen)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }
}

fn missing_source(id: i64) -> StoreError {
    StoreError::NotFound {
        what: "alert source",
        id: id.to_string(),
    }
}

fn source_from_row(r: &AnyRow) -> Result<AlertSourceRecord> {
    Ok(AlertSourceRecord {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        base_url: r.try_get("base_url")?,
        filter: r.try_get("filter")?,
        mapping: r.try_get("mapping")?,
        poll_seconds: r.try_get("poll_seconds")?,
        enabled: r.try_get::<i64, _>("enabled")? != 0,
        last_polled_at: r.try_get("last_polled_at")?,
        last_error: r.try_get("last_error")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        firing: r.try_get("firing")?,
    })
}

fn alert_from_row(r: &AnyRow) -> Result<AlertRecord> {
    Ok(AlertRecord {
        source_id: r.try_get("source_id")?,
        source_name: r.try_get("source_name")?,
        fingerprint: r.try_get("fingerprint")?,
        ticket_id: r.try_get("ticket_id")?,
        state: parse_word(r, "state")?,
        repeat_count: r.try_get("repeat_count")?,
        alert_updated_at: r.try_get("alert_updated_at")?,
        alert_ends_at: r.try_get("alert_ends_at")?,
        filter_seen: r.try_get("filter_seen")?,
        first_seen: r.try_get("first_seen")?,
        last_seen: r.try_get("last_seen")?,
        resolved_at: r.try_get("resolved_at")?,
    })
}
