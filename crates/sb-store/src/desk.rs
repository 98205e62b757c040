//! What a person's desk tells them on its own: tickets someone else gave them (a notice each,
//! shown once on whichever of their desks is open) and how many open tickets they hold (the
//! tray's count).

use sb_domain::Priority;
use sqlx::Row;

use crate::records::priority_from_row;
use crate::{Result, Store};

/// A ticket given to `user_id` by someone else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentNoticeRecord {
    pub id: i64,
    pub user_id: i64,
    pub ticket_id: i64,
    pub subject: String,
    pub client_code: String,
    pub priority: Priority,
    /// Who gave it (a person's name); `None` when that person is gone.
    pub assigned_by: Option<String>,
    pub created_at: i64,
}

impl Store {
    /// The person's notices not shown yet, marked shown: each is shown once, on one desk.
    pub async fn take_assignment_notices(
        &self,
        user_id: i64,
        now: i64,
    ) -> Result<Vec<AssignmentNoticeRecord>> {
        let Some(list) = self.mark_shown("assignment_notices", user_id, now).await? else {
            return Ok(Vec::new());
        };
        let rows = sqlx::query(&format!(
            "SELECT n.id, n.user_id, n.ticket_id, t.subject, c.code AS client_code, t.priority, \
               u.name AS assigned_by, n.created_at \
             FROM assignment_notices n JOIN tickets t ON t.id = n.ticket_id \
             JOIN clients c ON c.id = t.client_id \
             LEFT JOIN users u ON u.id = n.assigned_by \
             WHERE n.id IN ({list}) ORDER BY n.id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AssignmentNoticeRecord {
                    id: row.try_get("id")?,
                    user_id: row.try_get("user_id")?,
                    ticket_id: row.try_get("ticket_id")?,
                    subject: row.try_get("subject")?,
                    client_code: row.try_get("client_code")?,
                    priority: priority_from_row(row)?,
                    assigned_by: row.try_get("assigned_by")?,
                    created_at: row.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// Marks the person's notices in `table` (`sla_notices`, `assignment_notices`,
    /// `threshold_notices`) not shown yet as shown now; their ids as an SQL list, `None` when
    /// there were none.
    pub(crate) async fn mark_shown(
        &self,
        table: &str,
        user_id: i64,
        now: i64,
    ) -> Result<Option<String>> {
        let mut tx = self.begin().await?;
        let ids: Vec<i64> = sqlx::query_scalar(&format!(
            "UPDATE {table} SET shown_at = $1 WHERE user_id = $2 AND shown_at IS NULL \
             RETURNING id"
        ))
        .bind(now)
        .bind(user_id)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok((!ids.is_empty()).then(|| {
            ids.iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        }))
    }

    /// How many tickets the person holds that are not resolved or closed.
    pub async fn open_tickets_of(&self, user_id: i64) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT count(*) FROM tickets WHERE assignee_id = $1 \
             AND status NOT IN ('resolved', 'closed')",
        )
        .bind(user_id)
        .fetch_one(&self.pool)
        .await?)
    }
}
