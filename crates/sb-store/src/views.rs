//! Queue views people saved by name: the filter is stored as the app's JSON, untouched here.

use sqlx::Row;

use crate::{Result, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedView {
    pub id: i64,
    pub owner_id: i64,
    pub name: String,
    /// The queue query as JSON, as the app wrote it.
    pub filter: String,
}

impl Store {
    pub async fn save_view(
        &self,
        owner_id: i64,
        name: &str,
        filter: &str,
        now: i64,
    ) -> Result<SavedView> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO saved_views (owner_id, name, filter, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(owner_id)
        .bind(name)
        .bind(filter)
        .bind(now)
        .fetch_one(&self.pool)
        .await?;
        Ok(SavedView {
            id,
            owner_id,
            name: name.to_string(),
            filter: filter.to_string(),
        })
    }

    /// This person's views, by name.
    pub async fn saved_views(&self, owner_id: i64) -> Result<Vec<SavedView>> {
        sqlx::query("SELECT id, owner_id, name, filter FROM saved_views WHERE owner_id = $1 ORDER BY name, id")
            .bind(owner_id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(SavedView {
                    id: r.try_get("id")?,
                    owner_id: r.try_get("owner_id")?,
                    name: r.try_get("name")?,
                    filter: r.try_get("filter")?,
                })
            })
            .collect()
    }

    /// Deletes one of this person's views.
    pub async fn delete_view(&self, owner_id: i64, id: i64) -> Result<()> {
        let n = sqlx::query("DELETE FROM saved_views WHERE id = $1 AND owner_id = $2")
            .bind(id)
            .bind(owner_id)
            .execute(&self.pool)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound {
                what: "saved view",
                id: id.to_string(),
            });
        }
        Ok(())
    }
}
