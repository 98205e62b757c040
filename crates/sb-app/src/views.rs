//! Queue views: the built-in ones every desk needs, and the ones people save by name, each
//! with a bounded count (never a count of the whole table).

use sb_domain::{required, Channel, Line, Status};

use crate::dto::*;
use crate::tickets::store_filter;
use crate::{now_ms, ApiError, ApiResult, App, ErrorCode};
use sb_i18n::msg;

/// A view's badge counts no further than this.
pub const VIEW_COUNT_CAP: i64 = 1000;

fn active() -> Vec<Status> {
    Status::ALL
        .iter()
        .copied()
        .filter(|s| s.is_active())
        .collect()
}

/// The built-in views, for the person `me`.
fn built_in(me: i64) -> Vec<(&'static str, QueueQuery)> {
    vec![
        (
            "my_open",
            QueueQuery {
                statuses: active(),
                assignee_id: Some(me),
                ..Default::default()
            },
        ),
        (
            "unassigned_l1",
            QueueQuery {
                statuses: active(),
                unassigned: true,
                line: Some(Line::L1),
                ..Default::default()
            },
        ),
        (
            "waiting_vendor",
            QueueQuery {
                statuses: vec![Status::PendingVendor],
                ..Default::default()
            },
        ),
        (
            "monitoring",
            QueueQuery {
                statuses: active(),
                channel: Some(Channel::Monitoring),
                ..Default::default()
            },
        ),
        (
            "breaching_soon",
            QueueQuery {
                statuses: active(),
                due_within_minutes: Some(60),
                sort: QueueSortDto::Due,
                ..Default::default()
            },
        ),
        (
            "breached",
            QueueQuery {
                statuses: active(),
                breached: Some(true),
                sort: QueueSortDto::Due,
                ..Default::default()
            },
        ),
    ]
}

impl App {
    /// The built-in views and this person's saved ones, each with its count.
    pub async fn queue_views(&self) -> ApiResult<Vec<QueueViewDto>> {
        let me = self.actor()?;
        let mut views = Vec::new();
        for (key, query) in built_in(me.id) {
            views.push(
                self.counted(key.to_string(), String::new(), None, query)
                    .await?,
            );
        }
        for saved in self.store.saved_views(me.id).await? {
            let query: QueueQuery = serde_json::from_str(&saved.filter).map_err(|e| {
                ApiError::said(
                    ErrorCode::Internal,
                    msg!(
                        "view-unreadable",
                        name = saved.name.as_str(),
                        detail = e.to_string()
                    ),
                )
            })?;
            views.push(
                self.counted(
                    format!("saved:{}", saved.id),
                    saved.name,
                    Some(saved.id),
                    query,
                )
                .await?,
            );
        }
        Ok(views)
    }

    pub async fn save_view(&self, input: SaveViewInput) -> ApiResult<QueueViewDto> {
        let me = self.actor()?;
        let name = required("name", &input.name, 80)?;
        let query = QueueQuery {
            cursor: None,
            limit: None,
            ..input.query
        };
        let json = serde_json::to_string(&query).expect("a queue query serializes");
        let saved = self
            .store
            .save_view(me.id, &name, &json, now_ms())
            .await
            .map_err(|e| {
                if e.is_unique_violation() {
                    ApiError {
                        field: Some("name".into()),
                        ..ApiError::said(
                            ErrorCode::Conflict,
                            msg!("view-name-taken", name = name.as_str()),
                        )
                    }
                } else {
                    e.into()
                }
            })?;
        self.counted(
            format!("saved:{}", saved.id),
            saved.name,
            Some(saved.id),
            query,
        )
        .await
    }

    pub async fn delete_view(&self, id: i64) -> ApiResult<()> {
        let me = self.actor()?;
        Ok(self.store.delete_view(me.id, id).await?)
    }

    /// The query of a view by its key (`my_open`, `saved:12`, or a saved view's name).
    pub async fn view_query(&self, key: &str) -> ApiResult<QueueQuery> {
        let views = self.queue_views().await?;
        views
            .into_iter()
            .find(|v| v.key == key || (!v.built_in && v.name == key))
            .map(|v| v.query)
            .ok_or_else(|| ApiError::invalid_said("view", msg!("view-unknown", key = key)))
    }

    async fn counted(
        &self,
        key: String,
        name: String,
        id: Option<i64>,
        query: QueueQuery,
    ) -> ApiResult<QueueViewDto> {
        let count = self
            .store
            .queue_count(&store_filter(&query), VIEW_COUNT_CAP + 1)
            .await?;
        Ok(QueueViewDto {
            key,
            built_in: id.is_none(),
            name,
            id,
            query,
            count: count.min(VIEW_COUNT_CAP),
            more: count > VIEW_COUNT_CAP,
        })
    }
}
