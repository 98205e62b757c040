//! Use cases for the knowledge base, and the suggestions that let the first line solve what
//! was solved before.

use sb_domain::{
    normalize_tags, optional, required, search_terms, suggestion_terms, Direction, Limits,
    TicketNumber,
};
use sb_store::{Article, ArticleWrite};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dto::*;
use crate::{now_ms, ApiError, ApiResult, App, ErrorCode};
use sb_i18n::msg;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ArticleDto {
    pub id: i64,
    pub title: String,
    pub problem: String,
    pub fix: String,
    pub direction: Option<String>,
    pub tags: Vec<String>,
    pub source_ticket_id: Option<i64>,
    /// The number of the ticket the article was made from.
    pub source_ticket: Option<String>,
    pub created_by_name: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ArticleSummaryDto {
    pub id: i64,
    pub title: String,
    pub direction: Option<String>,
    pub tags: Vec<String>,
    pub updated_at: i64,
}

/// An article as typed in the editor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ArticleInput {
    pub title: String,
    pub problem: String,
    pub fix: String,
    pub direction: Option<String>,
    /// As typed: words separated by commas or spaces.
    pub tags: String,
    pub source_ticket_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ArticleUpdate {
    pub id: i64,
    /// `updatedAt` of the article as the editor loaded it.
    pub seen_updated_at: i64,
    pub input: ArticleInput,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KbQuery {
    /// Words to look for; absent: the most recently updated articles.
    pub search: Option<String>,
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KbPage {
    pub rows: Vec<ArticleSummaryDto>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SuggestQuery {
    /// The problem as written so far (a subject, a description).
    pub text: String,
    /// The ticket being looked at, left out of its own suggestions.
    pub except_ticket_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SimilarTicketDto {
    pub id: i64,
    pub number: String,
    pub subject: String,
    pub status: sb_domain::Status,
    pub resolution_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Suggestions {
    pub tickets: Vec<SimilarTicketDto>,
    pub articles: Vec<ArticleSummaryDto>,
}

const KB_PAGE: i64 = 50;
const SUGGESTIONS: i64 = 5;

impl App {
    pub async fn kb_articles(&self, q: KbQuery) -> ApiResult<KbPage> {
        if let Some(text) = q.search.as_deref().filter(|s| !s.trim().is_empty()) {
            let found = self
                .store
                .search_articles(&search_terms(text), true, KB_PAGE)
                .await?;
            return Ok(KbPage {
                rows: found.into_iter().map(summary).collect(),
                next_cursor: None,
            });
        }
        let after = q.cursor.as_deref().map(decode_cursor).transpose()?;
        let mut rows = self.store.article_page(after, KB_PAGE + 1).await?;
        let more = rows.len() as i64 > KB_PAGE;
        rows.truncate(KB_PAGE as usize);
        let next_cursor = more
            .then(|| rows.last().map(|a| format!("{}:{}", a.updated_at, a.id)))
            .flatten();
        Ok(KbPage {
            rows: rows.into_iter().map(summary).collect(),
            next_cursor,
        })
    }

    pub async fn kb_article(&self, id: i64) -> ApiResult<ArticleDto> {
        let a = self.store.article(id).await?.ok_or_else(|| {
            ApiError::said(
                ErrorCode::NotFound,
                msg!("kb-article-missing", id = id.to_string()),
            )
        })?;
        Ok(article_dto(a))
    }

    pub async fn create_article(&self, input: ArticleInput) -> ApiResult<ArticleDto> {
        let me = self.actor()?;
        let write = self.check_article(&input).await?;
        let id = self.store.create_article(&write, me.id, now_ms()).await?;
        self.kb_article(id).await
    }

    pub async fn update_article(&self, update: ArticleUpdate) -> ApiResult<ArticleDto> {
        self.actor()?;
        let write = self.check_article(&update.input).await?;
        self.store
            .update_article(update.id, &write, update.seen_updated_at, now_ms())
            .await?;
        self.kb_article(update.id).await
    }

    /// An article drafted from a resolved ticket: its subject, description and resolution.
    pub async fn article_draft(&self, ticket_id: i64) -> ApiResult<ArticleInput> {
        let t = self.store.ticket(ticket_id).await?.ok_or_else(|| {
            ApiError::said(
                ErrorCode::NotFound,
                msg!(
                    "ticket-missing",
                    ticket = TicketNumber(ticket_id).to_string()
                ),
            )
        })?;
        // An article is the author's text: a note the system wrote is worded in their language.
        let said = t.resolution_note_msg.as_deref().and_then(crate::said::read);
        let note = t
            .resolution_note
            .map(|n| said.map_or(n, |m| m.render(self.lang())));
        let Some(fix) = note.filter(|_| t.status.is_finished()) else {
            return Err(ApiError::invalid_said(
                "ticket",
                msg!(
                    "kb-ticket-not-resolved",
                    ticket = TicketNumber(t.id).to_string()
                ),
            ));
        };
        Ok(ArticleInput {
            title: t.subject,
            problem: t.description,
            fix,
            direction: Some(t.direction),
            tags: String::new(),
            source_ticket_id: Some(t.id),
        })
    }

    /// Resolved tickets and articles about the same problem as `text`.
    pub async fn suggest(&self, q: SuggestQuery) -> ApiResult<Suggestions> {
        let terms = suggestion_terms(&q.text);
        let (tickets, articles) = tokio::try_join!(
            self.store
                .similar_resolved_tickets(&terms, q.except_ticket_id, SUGGESTIONS),
            self.store.search_articles(&terms, false, SUGGESTIONS),
        )?;
        Ok(Suggestions {
            tickets: tickets
                .into_iter()
                .map(|t| SimilarTicketDto {
                    id: t.id,
                    number: number(t.id),
                    subject: t.subject,
                    status: t.status,
                    resolution_note: t.resolution_note,
                })
                .collect(),
            articles: articles.into_iter().map(summary).collect(),
        })
    }

    async fn check_article(&self, input: &ArticleInput) -> ApiResult<ArticleWrite> {
        let direction = match input
            .direction
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            Some(d) => {
                let d = Direction::parse(d)?;
                if !self
                    .store
                    .directions()
                    .await?
                    .iter()
                    .any(|x| x == d.as_str())
                {
                    return Err(ApiError::invalid_said(
                        "direction",
                        msg!("direction-unknown", direction = d.as_str()),
                    ));
                }
                Some(d.as_str().to_string())
            }
            None => None,
        };
        if let Some(id) = input.source_ticket_id {
            if self.store.ticket(id).await?.is_none() {
                return Err(ApiError::invalid_said(
                    "ticket",
                    msg!("ticket-missing", ticket = TicketNumber(id).to_string()),
                ));
            }
        }
        Ok(ArticleWrite {
            title: required("title", &input.title, Limits::SUBJECT)?,
            problem: required("problem", &input.problem, Limits::LONG_TEXT)?,
            fix: required("fix", &input.fix, Limits::LONG_TEXT)?,
            direction,
            tags: normalize_tags(&optional("tags", Some(&input.tags), 1000)?.unwrap_or_default()),
            source_ticket_id: input.source_ticket_id,
        })
    }
}

fn decode_cursor(text: &str) -> ApiResult<(i64, i64)> {
    let bad = || ApiError::invalid_said("cursor", msg!("kb-cursor-invalid"));
    let (u, i) = text.split_once(':').ok_or_else(bad)?;
    Ok((u.parse().map_err(|_| bad())?, i.parse().map_err(|_| bad())?))
}

fn summary(a: Article) -> ArticleSummaryDto {
    ArticleSummaryDto {
        id: a.id,
        title: a.title,
        direction: a.direction,
        tags: a.tags,
        updated_at: a.updated_at,
    }
}

fn article_dto(a: Article) -> ArticleDto {
    ArticleDto {
        id: a.id,
        title: a.title,
        problem: a.problem,
        fix: a.fix,
        direction: a.direction,
        tags: a.tags,
        source_ticket: a.source_ticket_id.map(number),
        source_ticket_id: a.source_ticket_id,
        created_by_name: a.created_by_name,
        created_at: a.created_at,
        updated_at: a.updated_at,
    }
}
