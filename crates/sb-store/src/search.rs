//! Full-text search: SQLite FTS5 on the embedded database, PostgreSQL text search in team
//! mode. Hits are tickets (subject, description) and comments, newest first, each with a short
//! snippet whose matches sit between the marks [`MARK_START`] and [`MARK_END`].
//!
//! Paging is by keyset on each kind's own id (ticket ids and comment ids grow with time): the
//! cursor holds the last ticket id and the last comment id already shown.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::records::parse_word;
use crate::{Backend, Result, Store, StoreError};

/// Starts a matched word in a snippet.
pub const MARK_START: char = '\u{2}';
/// Ends a matched word in a snippet.
pub const MARK_END: char = '\u{3}';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitKind {
    /// The ticket's subject or description matched.
    Ticket,
    /// One of its comments matched.
    Comment,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub kind: HitKind,
    pub ticket_id: i64,
    /// The ticket's id or the comment's id.
    pub item_id: i64,
    pub subject: String,
    pub status: sb_domain::Status,
    pub client_code: String,
    /// When the matching text was written.
    pub at: i64,
    pub snippet: String,
}

/// Where the next page of hits starts: below these ids (0: that kind has no more hits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchCursor {
    pub ticket_before: i64,
    pub comment_before: i64,
}

impl SearchCursor {
    pub const START: SearchCursor = SearchCursor {
        ticket_before: i64::MAX,
        comment_before: i64::MAX,
    };

    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("s:{}:{}", self.ticket_before, self.comment_before))
    }

    pub fn decode(text: &str) -> Result<SearchCursor> {
        let bad = || {
            StoreError::InvalidCursor(format!("'{text}' is not a search position; search again"))
        };
        let raw = URL_SAFE_NO_PAD.decode(text).map_err(|_| bad())?;
        let raw = String::from_utf8(raw).map_err(|_| bad())?;
        let mut parts = raw.split(':');
        match (
            parts.next(),
            parts.next().map(str::parse),
            parts.next().map(str::parse),
            parts.next(),
        ) {
            (Some("s"), Some(Ok(ticket_before)), Some(Ok(comment_before)), None) => {
                Ok(SearchCursor {
                    ticket_before,
                    comment_before,
                })
            }
            _ => Err(bad()),
        }
    }
}

impl Store {
    /// One page of hits for `terms` (from `sb_domain::search_terms`; each matches as a word
    /// prefix, all required), newest first, and where the next page starts.
    pub async fn search(
        &self,
        terms: &[String],
        after: Option<SearchCursor>,
        limit: i64,
    ) -> Result<(Vec<SearchHit>, Option<SearchCursor>)> {
        let after = after.unwrap_or(SearchCursor::START);
        if terms.is_empty() {
            return Ok((Vec::new(), None));
        }
        let tickets = if after.ticket_before > 0 {
            self.search_kind(HitKind::Ticket, terms, after.ticket_before, limit)
                .await?
        } else {
            Vec::new()
        };
        let comments = if after.comment_before > 0 {
            self.search_kind(HitKind::Comment, terms, after.comment_before, limit)
                .await?
        } else {
            Vec::new()
        };
        Ok(merge_newest_first(tickets, comments, after, limit))
    }

    async fn search_kind(
        &self,
        kind: HitKind,
        terms: &[String],
        before: i64,
        limit: i64,
    ) -> Result<Vec<SearchHit>> {
        let sql = search_sql(self.backend(), kind);
        let query = fts_query(self.backend(), terms);
        if self.backend() == Backend::Sqlite {
            return sqlx::query(sql)
                .bind(query)
                .bind(before)
                .bind(limit)
                .fetch_all(self.pool())
                .await?
                .iter()
                .map(|r| hit_from_row(r, kind))
                .collect();
        }
        let top: i64 = sqlx::query_scalar(search_top_sql(kind))
            .bind(before)
            .fetch_one(self.pool())
            .await?;
        let mut hits = Vec::new();
        for w in search_windows(top) {
            let sql = if w.wide { search_wide_sql(kind) } else { sql };
            let rows = sqlx::query(sql)
                .bind(query.as_str())
                .bind(w.below)
                .bind(limit - hits.len() as i64)
                .bind(headline_options())
                .bind(w.from)
                .fetch_all(self.pool())
                .await?;
            for r in &rows {
                hits.push(hit_from_row(r, kind)?);
            }
            if hits.len() as i64 >= limit {
                break;
            }
        }
        Ok(hits)
    }
}

/// ts_headline's options: the marks around matched words.
pub fn headline_options() -> String {
    format!("StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter=…")
}

/// The full-text query for plain-word terms (sb_domain::search_terms): all required, each a
/// word prefix. Terms are plain letters and digits, so quoting them is safe.
pub fn fts_query(backend: Backend, terms: &[String]) -> String {
    match backend {
        Backend::Sqlite => terms
            .iter()
            .map(|t| format!("\"{t}\"*"))
            .collect::<Vec<_>>()
            .join(" "),
        Backend::Postgres => terms
            .iter()
            .map(|t| format!("{t}:*"))
            .collect::<Vec<_>>()
            .join(" & "),
    }
}

macro_rules! pg_ticket_search {
    ($where:literal) => {
        concat!(
            "SELECT t.id AS ticket_id, t.id AS item_id, t.created_at AS at, t.subject, t.status, \
                   c.code AS client_code, \
                   ts_headline('simple', t.subject || ' ' || t.description, q, $4) AS snippet \
                 FROM tickets t JOIN clients c ON c.id = t.client_id, to_tsquery('simple', $1) q \
                 WHERE ",
            $where,
            " LIMIT $3"
        )
    };
}

macro_rules! pg_comment_search {
    ($where:literal) => {
        concat!(
            "SELECT t.id AS ticket_id, m.id AS item_id, m.created_at AS at, t.subject, t.status, \
                   c.code AS client_code, ts_headline('simple', m.body, q, $4) AS snippet \
                 FROM comments m JOIN tickets t ON t.id = m.ticket_id \
                 JOIN clients c ON c.id = t.client_id, to_tsquery('simple', $1) q \
                 WHERE ",
            $where,
            " LIMIT $3"
        )
    };
}

/// On PostgreSQL, the id just above the newest row of `kind` below `$1` (0 when there is none):
/// where [`search_windows`] start.
pub fn search_top_sql(kind: HitKind) -> &'static str {
    match kind {
        HitKind::Ticket => "SELECT COALESCE(MAX(id), 0) + 1 FROM tickets WHERE id < $1",
        HitKind::Comment => "SELECT COALESCE(MAX(id), 0) + 1 FROM comments WHERE id < $1",
    }
}

/// One window of ids a PostgreSQL search looks in: `from..below`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchWindow {
    pub below: i64,
    pub from: i64,
    /// Past [`NARROW_IDS`] ids from the top: asked of the GIN index alone
    /// ([`search_wide_sql`]), never by testing each row of the range.
    pub wide: bool,
}

/// How far below the newest id a window is read row by row (the first window).
pub const NARROW_IDS: i64 = 4096;

/// On PostgreSQL a kind's hits are looked for in windows of ids below `top`, newest first,
/// each eight times the last, until a page is full: the planner cannot tell how many rows a
/// prefix query matches, and with `ORDER BY id DESC LIMIT` it walks the primary key backwards
/// testing every row, seconds at a million when the word is rare; and asked for a common word,
/// the GIN index reads all of its hundreds of thousands of hits. So the first, narrow window
/// tests its few thousand newest rows one by one, never the index (which fills a page at once
/// for a common word), and the wide ones after it go to the GIN index alone, whose cost is then
/// the hits of a word too rare to have filled the first window. The last reaches the first id.
pub fn search_windows(top: i64) -> Vec<SearchWindow> {
    let mut windows = Vec::new();
    let mut below = top;
    let mut size: i64 = 4096;
    while below > 1 {
        let wide = size > NARROW_IDS;
        let from = top.saturating_sub(size);
        if from <= 1 {
            windows.push(SearchWindow {
                below,
                from: i64::MIN,
                wide,
            });
            break;
        }
        windows.push(SearchWindow { below, from, wide });
        below = from;
        size = size.saturating_mul(8);
    }
    windows
}

/// The SELECT for one kind of hit: binds the query, the id to start below and the limit (and
/// on PostgreSQL the headline options and the id to stop at; this is the narrow window's,
/// whose match is written so the GIN index cannot serve it, see [`search_windows`]). The
/// benchmark runs the same text raw.
pub fn search_sql(backend: Backend, kind: HitKind) -> &'static str {
    match (backend, kind) {
        (Backend::Sqlite, HitKind::Ticket) => {
            "SELECT t.id AS ticket_id, t.id AS item_id, t.created_at AS at, t.subject, t.status, \
                   c.code AS client_code, \
                   snippet(ticket_text, -1, char(2), char(3), '…', 16) AS snippet \
                 FROM ticket_text JOIN tickets t ON t.id = ticket_text.rowid \
                 JOIN clients c ON c.id = t.client_id \
                 WHERE ticket_text MATCH $1 AND ticket_text.rowid < $2 \
                 ORDER BY ticket_text.rowid DESC LIMIT $3"
        }
        (Backend::Sqlite, HitKind::Comment) => {
            "SELECT t.id AS ticket_id, m.id AS item_id, m.created_at AS at, t.subject, t.status, \
                   c.code AS client_code, \
                   snippet(comment_text, 0, char(2), char(3), '…', 16) AS snippet \
                 FROM comment_text JOIN comments m ON m.id = comment_text.rowid \
                 JOIN tickets t ON t.id = m.ticket_id JOIN clients c ON c.id = t.client_id \
                 WHERE comment_text MATCH $1 AND comment_text.rowid < $2 \
                 ORDER BY comment_text.rowid DESC LIMIT $3"
        }
        (Backend::Postgres, HitKind::Ticket) => pg_ticket_search!(
            "(t.search_vector || ''::tsvector) @@ q AND t.id < $2 AND t.id >= $5 ORDER BY t.id DESC"
        ),
        (Backend::Postgres, HitKind::Comment) => pg_comment_search!(
            "(m.search_vector || ''::tsvector) @@ q AND m.id < $2 AND m.id >= $5 ORDER BY m.id DESC"
        ),
    }
}

/// PostgreSQL's SELECT for a wide window (see [`SearchWindow::wide`]): the same binds as
/// [`search_sql`], the bounds written so that no plan can walk the primary key through them.
pub fn search_wide_sql(kind: HitKind) -> &'static str {
    match kind {
        HitKind::Ticket => pg_ticket_search!(
            "t.search_vector @@ q AND t.id + 0 < $2 AND t.id + 0 >= $5 ORDER BY t.id + 0 DESC"
        ),
        HitKind::Comment => pg_comment_search!(
            "m.search_vector @@ q AND m.id + 0 < $2 AND m.id + 0 >= $5 ORDER BY m.id + 0 DESC"
        ),
    }
}

/// Merges two lists, each newest first by its own id, into one page newest first by time;
/// each list is consumed from its head, so the cursor can say how far each got.
fn merge_newest_first(
    tickets: Vec<SearchHit>,
    comments: Vec<SearchHit>,
    after: SearchCursor,
    limit: i64,
) -> (Vec<SearchHit>, Option<SearchCursor>) {
    let limit = usize::try_from(limit.max(1)).unwrap_or(1);
    let (ticket_more, comment_more) = (tickets.len() >= limit, comments.len() >= limit);
    let mut t = tickets.into_iter().peekable();
    let mut c = comments.into_iter().peekable();
    let mut page = Vec::new();
    let mut cursor = after;
    while page.len() < limit {
        let take_ticket = match (t.peek(), c.peek()) {
            (Some(a), Some(b)) => (a.at, a.item_id) >= (b.at, b.item_id),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let hit = if take_ticket { t.next() } else { c.next() }.expect("peeked");
        match hit.kind {
            HitKind::Ticket => cursor.ticket_before = hit.item_id,
            HitKind::Comment => cursor.comment_before = hit.item_id,
        }
        page.push(hit);
    }
    // A kind whose rows all made it onto the page, and that returned fewer than asked, is done.
    if t.peek().is_none() && !ticket_more {
        cursor.ticket_before = 0;
    }
    if c.peek().is_none() && !comment_more {
        cursor.comment_before = 0;
    }
    let next = (cursor.ticket_before > 0 || cursor.comment_before > 0).then_some(cursor);
    (page, next)
}

fn hit_from_row(r: &AnyRow, kind: HitKind) -> Result<SearchHit> {
    Ok(SearchHit {
        kind,
        ticket_id: r.try_get("ticket_id")?,
        item_id: r.try_get("item_id")?,
        subject: r.try_get("subject")?,
        status: parse_word(r, "status")?,
        client_code: r.try_get("client_code")?,
        at: r.try_get("at")?,
        snippet: r.try_get("snippet")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(kind: HitKind, item_id: i64, at: i64) -> SearchHit {
        SearchHit {
            kind,
            ticket_id: 1,
            item_id,
            subject: String::new(),
            status: sb_domain::Status::Open,
            client_code: String::new(),
            at,
            snippet: String::new(),
        }
    }

    #[test]
    fn search_windows_cover_every_id_below_the_top_once_newest_first() {
        let w = |below, from, wide| SearchWindow { below, from, wide };
        assert!(search_windows(1).is_empty(), "no rows, nothing to look at");
        assert_eq!(search_windows(100), vec![w(100, i64::MIN, false)]);
        let top = 1_000_001;
        let windows = search_windows(top);
        assert_eq!(
            windows,
            vec![
                w(top, top - 4096, false),
                w(top - 4096, top - 32_768, true),
                w(top - 32_768, top - 262_144, true),
                w(top - 262_144, i64::MIN, true),
            ]
        );
        for pair in windows.windows(2) {
            assert_eq!(
                pair[0].from, pair[1].below,
                "each window starts where the last stopped"
            );
        }
    }

    #[test]
    fn merge_takes_the_newest_and_remembers_how_far_each_kind_got() {
        let tickets = vec![hit(HitKind::Ticket, 9, 90), hit(HitKind::Ticket, 5, 50)];
        let comments = vec![hit(HitKind::Comment, 30, 80), hit(HitKind::Comment, 20, 60)];
        let (page, next) = merge_newest_first(tickets, comments, SearchCursor::START, 3);
        let order: Vec<(HitKind, i64)> = page.iter().map(|h| (h.kind, h.item_id)).collect();
        assert_eq!(
            order,
            [
                (HitKind::Ticket, 9),
                (HitKind::Comment, 30),
                (HitKind::Comment, 20)
            ]
        );
        // Tickets returned fewer than asked but one is left over: not done.
        assert_eq!(
            next,
            Some(SearchCursor {
                ticket_before: 9,
                comment_before: 0
            })
        );

        let (page, next) =
            merge_newest_first(vec![hit(HitKind::Ticket, 5, 50)], vec![], next.unwrap(), 3);
        assert_eq!(page.len(), 1);
        assert_eq!(next, None);
    }

    #[test]
    fn cursor_round_trips() {
        let c = SearchCursor {
            ticket_before: 12,
            comment_before: 0,
        };
        assert_eq!(SearchCursor::decode(&c.encode()).unwrap(), c);
        assert!(SearchCursor::decode("nope").is_err());
    }
}
