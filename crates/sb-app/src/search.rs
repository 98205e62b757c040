//! Use case: full-text search over tickets and comments.

use sb_domain::{search_terms, TicketNumber};
use sb_store::{HitKind, SearchCursor, MARK_END, MARK_START};

use crate::dto::*;
use crate::{ApiResult, App};

const SEARCH_PAGE: i64 = 50;

impl App {
    pub async fn search(&self, q: SearchQuery) -> ApiResult<SearchPage> {
        let limit = q.limit.unwrap_or(SEARCH_PAGE).clamp(1, 200);
        let terms = search_terms(&q.text);
        let after = q.cursor.as_deref().map(SearchCursor::decode).transpose()?;
        let mut hits = Vec::new();
        // A ticket number typed as such (SB-000123) leads the first page.
        if after.is_none() {
            let typed = q.text.trim();
            if typed
                .get(..3)
                .is_some_and(|p| p.eq_ignore_ascii_case("sb-"))
            {
                if let Ok(TicketNumber(id)) = typed.parse::<TicketNumber>() {
                    if let Some(t) = self.store.ticket(id).await? {
                        hits.push(SearchHitDto {
                            kind: HitKindDto::Ticket,
                            ticket_id: t.id,
                            number: number(t.id),
                            snippet: vec![SnippetPart {
                                text: t.subject.clone(),
                                mark: false,
                            }],
                            subject: t.subject,
                            status: t.status,
                            client_code: t.client_code,
                            at: t.created_at,
                        });
                    }
                }
            }
        }
        let (found, next) = self.store.search(&terms, after, limit).await?;
        hits.extend(found.into_iter().map(|h| SearchHitDto {
            kind: match h.kind {
                HitKind::Ticket => HitKindDto::Ticket,
                HitKind::Comment => HitKindDto::Comment,
            },
            ticket_id: h.ticket_id,
            number: number(h.ticket_id),
            subject: h.subject,
            status: h.status,
            client_code: h.client_code,
            at: h.at,
            snippet: snippet_parts(&h.snippet),
        }));
        Ok(SearchPage {
            hits,
            next_cursor: next.map(|c| c.encode()),
            terms,
        })
    }
}

/// Splits a marked snippet into plain and matched pieces (the window renders them as text,
/// never as HTML).
fn snippet_parts(marked: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut mark = false;
    let mut text = String::new();
    for ch in marked.chars() {
        if ch == MARK_START || ch == MARK_END {
            if !text.is_empty() {
                parts.push(SnippetPart {
                    text: std::mem::take(&mut text),
                    mark,
                });
            }
            mark = ch == MARK_START;
        } else {
            text.push(ch);
        }
    }
    if !text.is_empty() {
        parts.push(SnippetPart { text, mark });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_split_at_the_marks() {
        let parts = snippet_parts("…the \u{2}printer\u{3} jams on \u{2}labels\u{3}");
        let got: Vec<(&str, bool)> = parts.iter().map(|p| (p.text.as_str(), p.mark)).collect();
        assert_eq!(
            got,
            [
                ("…the ", false),
                ("printer", true),
                (" jams on ", false),
                ("labels", true)
            ]
        );
        assert!(snippet_parts("").is_empty());
    }
}
