//! Clients and their contacts.

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::{Client, ClientSummary, ClientWrite, ContactRecord, Result, Store, StoreError};

impl Store {
    /// Sets the language a client is written to in (`None`: the workspace's default).
    pub async fn create_client(&self, c: &ClientWrite, now: i64) -> Result<i64> {
        let mut tx = self.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO clients (code, name, notes, created_at, updated_at, search_text, \
               language) VALUES ($1, $2, $3, $4, $4, $5, $6) RETURNING id",
        )
        .bind(&c.code)
        .bind(&c.name)
        .bind(&c.notes)
        .bind(now)
        .bind(search_text(c))
        .bind(c.language.map(|l| l.as_str()))
        .fetch_one(&mut *tx)
        .await?;
        write_contacts(&mut tx, id, c).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Replaces the client's fields and its whole contact list.
    pub async fn update_client(&self, id: i64, c: &ClientWrite, now: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        let changed = sqlx::query(
            "UPDATE clients SET code = $1, name = $2, notes = $3, updated_at = $4, \
               search_text = $5, language = $6 WHERE id = $7",
        )
        .bind(&c.code)
        .bind(&c.name)
        .bind(&c.notes)
        .bind(now)
        .bind(search_text(c))
        .bind(c.language.map(|l| l.as_str()))
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::NotFound {
                what: "client",
                id: id.to_string(),
            });
        }
        sqlx::query("DELETE FROM contacts WHERE client_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        write_contacts(&mut tx, id, c).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn client(&self, id: i64) -> Result<Option<Client>> {
        let Some(row) = sqlx::query(
            "SELECT id, code, name, notes, language, created_at, updated_at FROM clients \
             WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let contacts = sqlx::query(
            "SELECT id, name, email, phone FROM contacts WHERE client_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(ContactRecord {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                email: r.try_get("email")?,
                phone: r.try_get("phone")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok(Some(Client {
            id: row.try_get("id")?,
            code: row.try_get("code")?,
            name: row.try_get("name")?,
            notes: row.try_get("notes")?,
            contacts,
            language: row
                .try_get::<Option<String>, _>("language")?
                .map(|w| {
                    w.parse()
                        .map_err(|_| StoreError::Decode(format!("language: {w}")))
                })
                .transpose()?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        }))
    }

    pub async fn client_id_by_code(&self, code: &str) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT id FROM clients WHERE code = $1")
            .bind(code)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn has_clients(&self) -> Result<bool> {
        let any: Option<i64> = sqlx::query_scalar("SELECT id FROM clients LIMIT 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(any.is_some())
    }

    /// A page of clients by name, after `(name, id)` of the last row seen. `search` matches
    /// any part of the code or the name, in any letter case (Cyrillic too).
    pub async fn client_page(
        &self,
        search: Option<&str>,
        after: Option<(&str, i64)>,
        limit: i64,
    ) -> Result<Vec<ClientSummary>> {
        let pattern = search
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| format!("%{}%", s.to_lowercase().replace(['%', '_'], "")));
        let (after_name, after_id) = after.unwrap_or(("", 0));
        sqlx::query(
            "SELECT c.id, c.code, c.name, \
               (SELECT COUNT(*) FROM contacts k WHERE k.client_id = c.id) AS contact_count, \
               (SELECT COUNT(*) FROM tickets t WHERE t.client_id = c.id \
                  AND t.status NOT IN ('resolved', 'closed')) AS active_tickets \
             FROM clients c \
             WHERE ($1 = 0 OR (c.name, c.id) > ($2, $3)) \
               AND (CAST($4 AS TEXT) IS NULL OR c.search_text LIKE $4) \
             ORDER BY c.name, c.id LIMIT $5",
        )
        .bind(i64::from(after.is_some()))
        .bind(after_name)
        .bind(after_id)
        .bind(pattern)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(summary_from_row)
        .collect()
    }
}

/// What client search matches: the code and name, folded to lower case here (the same on
/// every backend and collation).
fn search_text(c: &ClientWrite) -> String {
    format!("{} {}", c.code, c.name).to_lowercase()
}

fn summary_from_row(r: &AnyRow) -> Result<ClientSummary> {
    Ok(ClientSummary {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        contact_count: r.try_get("contact_count")?,
        active_tickets: r.try_get("active_tickets")?,
    })
}

async fn write_contacts(
    tx: &mut Transaction<'_, Any>,
    client_id: i64,
    c: &ClientWrite,
) -> Result<()> {
    for (position, contact) in (0_i64..).zip(&c.contacts) {
        sqlx::query(
            "INSERT INTO contacts (client_id, position, name, email, phone) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(client_id)
        .bind(position)
        .bind(&contact.name)
        .bind(contact.email.as_ref().map(|e| e.as_str().to_string()))
        .bind(&contact.phone)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
