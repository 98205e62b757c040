//! The knowledge base: articles, their search, and the "have we solved this before?" lookups
//! (articles and resolved tickets that share the telling words of a new problem).

use sqlx::any::AnyRow;
use sqlx::Row;

use crate::records::parse_word;
use crate::{Backend, Result, Store, StoreError};

/// A checked article: what `create_article` and `update_article` write.
#[derive(Debug, Clone)]
pub struct ArticleWrite {
    pub title: String,
    pub problem: String,
    pub fix: String,
    pub direction: Option<String>,
    /// Normalized (sb_domain::normalize_tags), stored space-separated.
    pub tags: Vec<String>,
    pub source_ticket_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub id: i64,
    pub title: String,
    pub problem: String,
    pub fix: String,
    pub direction: Option<String>,
    pub tags: Vec<String>,
    pub source_ticket_id: Option<i64>,
    pub created_by_name: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A resolved or closed ticket that looks like the same problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimilarTicket {
    pub id: i64,
    pub subject: String,
    pub status: sb_domain::Status,
    pub resolution_note: Option<String>,
}

const ARTICLE_COLUMNS: &str = "a.id, a.title, a.problem, a.fix, a.direction, a.tags, \
    a.source_ticket_id, u.name AS created_by_name, a.created_at, a.updated_at";

impl Store {
    pub async fn create_article(&self, a: &ArticleWrite, actor: i64, now: i64) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO kb_articles (title, problem, fix, direction, tags, source_ticket_id, \
               created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(&a.title)
        .bind(&a.problem)
        .bind(&a.fix)
        .bind(&a.direction)
        .bind(a.tags.join(" "))
        .bind(a.source_ticket_id)
        .bind(actor)
        .bind(now)
        .fetch_one(self.pool())
        .await?)
    }

    /// Replaces an article's text, if nobody changed it since `seen_updated_at`.
    pub async fn update_article(
        &self,
        id: i64,
        a: &ArticleWrite,
        seen_updated_at: i64,
        now: i64,
    ) -> Result<()> {
        let n = sqlx::query(
            "UPDATE kb_articles SET title = $1, problem = $2, fix = $3, direction = $4, tags = $5, \
               updated_at = $6 WHERE id = $7 AND updated_at = $8",
        )
        .bind(&a.title)
        .bind(&a.problem)
        .bind(&a.fix)
        .bind(&a.direction)
        .bind(a.tags.join(" "))
        .bind(now)
        .bind(id)
        .bind(seen_updated_at)
        .execute(self.pool())
        .await?
        .rows_affected();
        if n == 1 {
            return Ok(());
        }
        match self.article(id).await? {
            None => Err(StoreError::NotFound {
                what: "article",
                id: id.to_string(),
            }),
            Some(_) => Err(StoreError::Conflict(
                "someone changed this article a moment ago; reload it and apply your edit again"
                    .into(),
            )),
        }
    }

    pub async fn article(&self, id: i64) -> Result<Option<Article>> {
        sqlx::query(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM kb_articles a JOIN users u ON u.id = a.created_by WHERE a.id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .map(|r| article_from_row(&r))
        .transpose()
    }

    /// Articles most recently updated first, after `(updated_at, id)` of the last one seen.
    pub async fn article_page(
        &self,
        after: Option<(i64, i64)>,
        limit: i64,
    ) -> Result<Vec<Article>> {
        let (u, i) = after.unwrap_or((i64::MAX, i64::MAX));
        sqlx::query(&format!(
            "SELECT {ARTICLE_COLUMNS} FROM kb_articles a JOIN users u ON u.id = a.created_by \
             WHERE (a.updated_at, a.id) < ($1, $2) ORDER BY a.updated_at DESC, a.id DESC LIMIT $3"
        ))
        .bind(u)
        .bind(i)
        .bind(limit)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(article_from_row)
        .collect()
    }

    /// Articles matching the terms: `all` requires every term (a search), otherwise any of
    /// them (a suggestion), best matches first.
    pub async fn search_articles(
        &self,
        terms: &[String],
        all: bool,
        limit: i64,
    ) -> Result<Vec<Article>> {
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let sql = match self.backend() {
            Backend::Sqlite => format!(
                "SELECT {ARTICLE_COLUMNS} FROM kb_text JOIN kb_articles a ON a.id = kb_text.rowid \
                 JOIN users u ON u.id = a.created_by WHERE kb_text MATCH $1 ORDER BY kb_text.rank LIMIT $2"
            ),
            Backend::Postgres => format!(
                "SELECT {ARTICLE_COLUMNS} FROM kb_articles a JOIN users u ON u.id = a.created_by, \
                   to_tsquery('simple', $1) q \
                 WHERE a.search_vector @@ q ORDER BY ts_rank(a.search_vector, q) DESC, a.id DESC LIMIT $2"
            ),
        };
        sqlx::query(&sql)
            .bind(match_expression(self.backend(), terms, all))
            .bind(limit)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(article_from_row)
            .collect()
    }

    /// Resolved or closed tickets sharing any of the terms, best matches first.
    pub async fn similar_resolved_tickets(
        &self,
        terms: &[String],
        except: Option<i64>,
        limit: i64,
    ) -> Result<Vec<SimilarTicket>> {
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let sql = match self.backend() {
            // The best 200 text matches, then the resolved ones among them.
            Backend::Sqlite => {
                "SELECT t.id, t.subject, t.status, t.resolution_note FROM \
                   (SELECT rowid AS id, rank FROM ticket_text WHERE ticket_text MATCH $1 ORDER BY rank LIMIT 200) m \
                 JOIN tickets t ON t.id = m.id \
                 WHERE t.status IN ('resolved', 'closed') AND t.merged_into_id IS NULL AND t.id <> $2 \
                 ORDER BY m.rank LIMIT $3"
            }
            Backend::Postgres => {
                "SELECT t.id, t.subject, t.status, t.resolution_note FROM tickets t, to_tsquery('simple', $1) q \
                 WHERE t.search_vector @@ q AND t.status IN ('resolved', 'closed') \
                   AND t.merged_into_id IS NULL AND t.id <> $2 \
                 ORDER BY ts_rank(t.search_vector, q) DESC, t.id DESC LIMIT $3"
            }
        };
        sqlx::query(sql)
            .bind(match_expression(self.backend(), terms, false))
            .bind(except.unwrap_or(0))
            .bind(limit)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                Ok(SimilarTicket {
                    id: r.try_get("id")?,
                    subject: r.try_get("subject")?,
                    status: parse_word(r, "status")?,
                    resolution_note: r.try_get("resolution_note")?,
                })
            })
            .collect()
    }
}

/// The full-text query for plain-word terms (sb_domain::search_terms), each a word prefix.
fn match_expression(backend: Backend, terms: &[String], all: bool) -> String {
    match backend {
        Backend::Sqlite => terms
            .iter()
            .map(|t| format!("\"{t}\"*"))
            .collect::<Vec<_>>()
            .join(if all { " " } else { " OR " }),
        Backend::Postgres => terms
            .iter()
            .map(|t| format!("{t}:*"))
            .collect::<Vec<_>>()
            .join(if all { " & " } else { " | " }),
    }
}

fn article_from_row(r: &AnyRow) -> Result<Article> {
    let tags: String = r.try_get("tags")?;
    Ok(Article {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        problem: r.try_get("problem")?,
        fix: r.try_get("fix")?,
        direction: r.try_get("direction")?,
        tags: tags.split_whitespace().map(String::from).collect(),
        source_ticket_id: r.try_get("source_ticket_id")?,
        created_by_name: r.try_get("created_by_name")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}
