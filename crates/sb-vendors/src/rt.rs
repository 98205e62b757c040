//! Request Tracker 5 through its REST2 API (`/REST/2.0`), with an auth token.
//!
//! - A case is a ticket in the configured queue; our correlation id goes into the subject
//!   (`[SB-000123/7] ...`) and, when the RT admin made one, into a ticket custom field, which is
//!   what a lookup searches first.
//! - Our public comments are correspondence (`/correspond`); RT's comments are internal to the
//!   vendor and are not read back.
//! - Changes: TicketSQL `LastUpdated >= '...'` over our tickets, then each changed ticket's
//!   correspondence from its history and attachments (RT gives no id for a reply when it is
//!   made, so a reply we sent is found by its marker). A reply written in RT's web form is
//!   HTML only (`text/html`, rich text being the form's default): it is read as HTML.
//! - A deleted ticket drops out of every search (RT adds `Status != 'deleted'` by itself): a
//!   case missing from a search by id is asked for by id, and a 404 or "deleted" means gone.
//! - Who we are: REST2 has no "current user" resource; TicketSQL's `__CurrentUser__` names
//!   the token's user, so the newest ticket it created tells its login.
//! - A status change RT refuses still answers 200, with the reason in the message list.

use serde_json::{json, Value};

use sb_domain::vendor::VendorStatus;
use sb_domain::Sensitive;

use crate::http::{base_url, clip, encode, Explain};
use crate::{
    case_subject, case_text, optional, secret, setting, stamp, BodyFormat, CaseRef, CaseUpdate,
    Connector, Field, Http, KindInfo, NewCase, OutComment, Settings, VendorComment, VendorError,
};

pub static INFO: KindInfo = KindInfo {
    kind: "request_tracker",
    label: "Request Tracker 5",
    fields: &[
        Field {
            key: "base_url",
            label: "RT address",
            required: true,
            hint: "https://rt.vendor.example",
        },
        Field {
            key: "queue",
            label: "Queue",
            required: true,
            hint: "General",
        },
        Field {
            key: "correlation_field",
            label: "Custom field for our reference",
            required: false,
            hint: "Switchboard Correlation (leave empty: the subject carries it)",
        },
    ],
    secret: Some("Auth token"),
};

const PER_PAGE: usize = 100;
/// TicketSQL dates are in the user's time zone: ask this much earlier (UTC-12 to UTC+14).
const ZONE_MARGIN_MS: i64 = 14 * 60 * 60 * 1000;
/// Tickets asked about in one TicketSQL search.
const IDS_PER_SEARCH: usize = 50;

#[derive(Debug)]
pub struct RequestTracker {
    base: String,
    queue: String,
    correlation_field: Option<String>,
    token: Sensitive<String>,
    http: Http,
    /// Authors' real names by login, as read during this connector's life (one sync).
    names: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

/// RT's error body: `{"message": ...}`.
pub fn explain(v: &Value) -> Option<String> {
    v.get("message").and_then(Value::as_str).map(str::to_string)
}

const EXPLAIN: Explain = explain;

fn status_of(raw: &str) -> VendorStatus {
    match raw.to_lowercase().as_str() {
        "new" => VendorStatus::New,
        "stalled" => VendorStatus::Waiting,
        "resolved" => VendorStatus::Resolved,
        "rejected" => VendorStatus::Rejected,
        "deleted" => VendorStatus::Closed,
        _ => VendorStatus::Open,
    }
}

/// RT gives ids as strings in some answers and numbers in others.
pub fn id_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl RequestTracker {
    pub fn new(
        settings: &Settings,
        secret_value: Option<Sensitive<String>>,
        http: Http,
    ) -> Result<RequestTracker, VendorError> {
        Ok(RequestTracker {
            base: base_url(
                setting(settings, &INFO, "base_url")?,
                crate::field_word(INFO.kind, "base_url"),
            )?,
            queue: setting(settings, &INFO, "queue")?.to_string(),
            correlation_field: optional(settings, "correlation_field").map(str::to_string),
            token: secret(secret_value, &INFO)?,
            http,
            names: Default::default(),
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}/REST/2.0{path}", self.base)
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http.client().request(method, self.url(path)).header(
            reqwest::header::AUTHORIZATION,
            format!("token {}", self.token.expose()),
        )
    }

    fn case(&self, id: String) -> CaseRef {
        CaseRef {
            url: Some(format!("{}/Ticket/Display.html?id={id}", self.base)),
            number: id.clone(),
            id,
        }
    }

    /// Every item of a paged REST2 list.
    async fn all(
        &self,
        path: &str,
        query: &[(&str, String)],
        what: &str,
    ) -> Result<Vec<Value>, VendorError> {
        let mut items = Vec::new();
        for page in 1.. {
            let mut q: Vec<(&str, String)> = query.to_vec();
            q.push(("per_page", PER_PAGE.to_string()));
            q.push(("page", page.to_string()));
            let v: Value = self
                .http
                .json(
                    self.request(reqwest::Method::GET, path).query(&q),
                    what,
                    EXPLAIN,
                )
                .await?;
            let page = list_page(&v, items.len(), what)?;
            items.extend(page.items);
            if !page.more {
                break;
            }
        }
        Ok(items)
    }

    async fn search(&self, query: &str, fields: &str) -> Result<Vec<Value>, VendorError> {
        self.all(
            "/tickets",
            &[("query", query.to_string()), ("fields", fields.to_string())],
            "search tickets",
        )
        .await
    }

    /// A ticket's public correspondence: transaction id, author, text, when.
    async fn replies(&self, id: &str) -> Result<Vec<VendorComment>, VendorError> {
        let history = self
            .all(
                &format!("/ticket/{}/history", encode(id)),
                &[("fields", "Type,Creator,Created".to_string())],
                "read the ticket's history",
            )
            .await?;
        let replies = correspondence(&history);
        if replies.is_empty() {
            return Ok(Vec::new());
        }
        // History names the author by login: the person's real name reads better on the card.
        let mut named = Vec::with_capacity(replies.len());
        for reply in replies {
            let name = self.real_name(&reply.login).await;
            named.push((reply.transaction, name, reply.at));
        }
        let replies = named;
        let texts = self.texts(id).await?;
        Ok(replies
            .into_iter()
            .map(|(txn, author, at)| {
                let (body, format) = best_part(&texts, &txn);
                VendorComment {
                    body,
                    format,
                    id: txn,
                    author,
                    at,
                }
            })
            .collect())
    }

    /// The text parts of a ticket's transactions, plain text and HTML alike.
    async fn texts(&self, id: &str) -> Result<Vec<TextPart>, VendorError> {
        let attachments = self
            .all(
                &format!("/ticket/{}/attachments", encode(id)),
                &[("fields", "TransactionId,ContentType,Content".to_string())],
                "read the ticket's messages",
            )
            .await?;
        Ok(text_parts(&attachments))
    }

    /// A user's real name (the login when RT gives none or cannot be asked), asked once.
    async fn real_name(&self, login: &str) -> String {
        if login.is_empty() {
            return String::new();
        }
        if let Some(n) = self.names.lock().ok().and_then(|m| m.get(login).cloned()) {
            return n;
        }
        let name = self
            .http
            .json::<Value>(
                self.request(reqwest::Method::GET, &format!("/user/{}", encode(login))),
                "read the author",
                EXPLAIN,
            )
            .await
            .ok()
            .and_then(|u| real_name(&u))
            .unwrap_or_else(|| login.to_string());
        if let Ok(mut m) = self.names.lock() {
            m.insert(login.to_string(), name.clone());
        }
        name
    }

    async fn set_status(&self, id: &str, status: &str) -> Result<(), VendorError> {
        let said: Value = self
            .http
            .json(
                self.request(reqwest::Method::PUT, &format!("/ticket/{}", encode(id)))
                    .json(&json!({ "Status": status })),
                "change the ticket's status",
                EXPLAIN,
            )
            .await?;
        match refusal(&said) {
            Some(m) => Err(VendorError::Rejected(format!(
                "change the ticket's status: {m}"
            ))),
            None => Ok(()),
        }
    }
}

#[async_trait::async_trait]
impl Connector for RequestTracker {
    async fn check(&self) -> Result<String, VendorError> {
        let q: Value = self
            .http
            .json(
                self.request(
                    reqwest::Method::GET,
                    &format!("/queue/{}", encode(&self.queue)),
                ),
                &format!("read the queue {}", self.queue),
                EXPLAIN,
            )
            .await?;
        let name = q.get("Name").and_then(Value::as_str).unwrap_or(&self.queue);
        // Searching needs ShowTicket: ask for one ticket of the queue.
        self.http
            .json::<Value>(
                self.request(reqwest::Method::GET, "/tickets").query(&[
                    (
                        "query",
                        format!("Queue = '{}'", self.queue.replace('\'', "\\'")),
                    ),
                    ("per_page", "1".into()),
                ]),
                "search the queue's tickets",
                EXPLAIN,
            )
            .await?;
        Ok(format!(
            "signed in to Request Tracker; queue \"{name}\" can be read and searched"
        ))
    }

    async fn create_case(&self, case: &NewCase) -> Result<CaseRef, VendorError> {
        let mut body = json!({
            "Queue": self.queue,
            "Subject": case_subject(case),
            "Content": case_text(case),
            "ContentType": "text/plain",
        });
        if let Some(field) = &self.correlation_field {
            body["CustomFields"] = json!({ field.as_str(): case.correlation });
        }
        let created: Value = self
            .http
            .json(
                self.request(reqwest::Method::POST, "/ticket").json(&body),
                "create the ticket",
                EXPLAIN,
            )
            .await?;
        Ok(self.case(created_id(&created)?))
    }

    async fn find_case(&self, correlation: &str) -> Result<Option<CaseRef>, VendorError> {
        let quoted = correlation.replace('\'', "\\'");
        let query = match &self.correlation_field {
            Some(field) => format!("'CF.{{{field}}}' = '{quoted}'"),
            None => format!("Subject LIKE '[{quoted}]'"),
        };
        let found = self.search(&query, "id").await?;
        Ok(found
            .first()
            .and_then(|t| t.get("id").and_then(id_of))
            .map(|id| self.case(id)))
    }

    async fn add_comment(&self, case: &CaseRef, c: &OutComment) -> Result<String, VendorError> {
        self.http
            .send(
                self.request(
                    reqwest::Method::POST,
                    &format!("/ticket/{}/correspond", encode(&case.id)),
                )
                .json(&json!({ "Content": c.text(), "ContentType": "text/plain" })),
                "add the reply",
                EXPLAIN,
            )
            .await?;
        // RT answers with a message, not the transaction: the sync knows it by its marker.
        Ok(String::new())
    }

    async fn find_comment(
        &self,
        case: &CaseRef,
        marker: &str,
    ) -> Result<Option<String>, VendorError> {
        Ok(self
            .texts(&case.id)
            .await?
            .into_iter()
            .find(|part| sb_domain::vendor::signed_with(&part.content, marker))
            .map(|part| part.transaction))
    }

    async fn reopen(&self, case: &CaseRef, c: &OutComment) -> Result<(), VendorError> {
        self.set_status(&case.id, "open").await?;
        self.add_comment(case, c).await?;
        Ok(())
    }

    async fn changes(&self, cases: &[CaseRef], since: i64) -> Result<Vec<CaseUpdate>, VendorError> {
        let mut updates = Vec::new();
        for chunk in cases.chunks(IDS_PER_SEARCH) {
            let ids: Vec<String> = chunk
                .iter()
                .filter(|c| c.id.chars().all(|ch| ch.is_ascii_digit()))
                .map(|c| format!("id = {}", c.id))
                .collect();
            if ids.is_empty() {
                continue;
            }
            // TicketSQL reads a date in the API user's own time zone, whatever it is: ask
            // with a day's margin, then compare RT's UTC LastUpdated exactly.
            let query = format!(
                "({}) AND LastUpdated >= '{}'",
                ids.join(" OR "),
                stamp::plain((since - ZONE_MARGIN_MS).max(0))
            );
            for t in self.search(&query, "Status,LastUpdated").await? {
                let Some(change) = changed_ticket(&t, since) else {
                    continue;
                };
                let comments = self.replies(&change.id).await?;
                updates.push(CaseUpdate {
                    case_id: change.id,
                    status: status_of(&change.status_raw),
                    status_raw: change.status_raw,
                    comments,
                    updated_at: change.updated_at,
                });
            }
        }
        Ok(updates)
    }

    async fn account(&self) -> Result<Option<String>, VendorError> {
        // Any authenticated request refuses a wrong token (401); the newest ticket the token's
        // user created names it.
        let v: Value = self
            .http
            .json(
                self.request(reqwest::Method::GET, "/tickets").query(&[
                    ("query", "Creator = '__CurrentUser__'".to_string()),
                    ("orderby", "id".into()),
                    ("order", "DESC".into()),
                    ("per_page", "1".into()),
                    ("fields", "Creator".into()),
                ]),
                "find who the token belongs to",
                EXPLAIN,
            )
            .await?;
        Ok(account_login(&v))
    }

    async fn gone(&self, cases: &[CaseRef]) -> Result<Vec<String>, VendorError> {
        let mut gone = Vec::new();
        for chunk in cases.chunks(IDS_PER_SEARCH) {
            let ids: Vec<&str> = chunk
                .iter()
                .map(|c| c.id.as_str())
                .filter(|id| !id.is_empty() && id.chars().all(|ch| ch.is_ascii_digit()))
                .collect();
            if ids.is_empty() {
                continue;
            }
            let query = ids
                .iter()
                .map(|id| format!("id = {id}"))
                .collect::<Vec<_>>()
                .join(" OR ");
            let found: Vec<String> = self
                .search(&query, "id")
                .await?
                .iter()
                .filter_map(|t| t.get("id").and_then(id_of))
                .collect();
            for id in ids.into_iter().filter(|id| !found.iter().any(|f| f == id)) {
                // Missing from the search: deleted (RT hides those), or gone for good.
                let answer = self
                    .http
                    .json::<Value>(
                        self.request(reqwest::Method::GET, &format!("/ticket/{}", encode(id))),
                        "read the ticket",
                        EXPLAIN,
                    )
                    .await;
                match answer {
                    Ok(t) if is_deleted(&t) => gone.push(id.to_string()),
                    Ok(_) => {}
                    Err(VendorError::NotFound(_)) => gone.push(id.to_string()),
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(gone)
    }
}

// ------------------------------------------------------------------ readers of RT's answers
//
// Plain functions of what RT answered, so that the fuzz target and the property tests reach
// them without a server: each reads what it needs or refuses with a protocol error, never a
// panic.

/// One page of a paged REST2 list: its items, and whether another page follows.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage {
    pub items: Vec<Value>,
    pub more: bool,
}

/// A page of a REST2 list (`items`, `total`), after `before` items the earlier pages gave.
/// Without `total`, a full page means there may be more.
pub fn list_page(v: &Value, before: usize, what: &str) -> Result<ListPage, VendorError> {
    let items = v
        .get("items")
        .and_then(Value::as_array)
        .ok_or_else(|| VendorError::Protocol(format!("{what}: no items in the answer")))?;
    let n = items.len();
    let more = match v.get("total").and_then(Value::as_u64) {
        Some(total) => (before.saturating_add(n) as u64) < total,
        None => n == PER_PAGE,
    };
    Ok(ListPage {
        items: items.clone(),
        more: more && n > 0,
    })
}

/// A public reply in a ticket's history: its transaction, its author's login, when (0 when RT
/// gives no time it can read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correspondence {
    pub transaction: String,
    pub login: String,
    pub at: i64,
}

/// The public replies (`Correspond`) among a ticket's history items; one without an id is
/// left out.
pub fn correspondence(history: &[Value]) -> Vec<Correspondence> {
    history
        .iter()
        .filter(|t| t.get("Type").and_then(Value::as_str) == Some("Correspond"))
        .filter_map(|t| {
            Some(Correspondence {
                transaction: id_of(t.get("id")?)?,
                login: t
                    .pointer("/Creator/id")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                at: t
                    .get("Created")
                    .and_then(Value::as_str)
                    .and_then(stamp::parse)
                    .unwrap_or(0),
            })
        })
        .collect()
}

/// A text part of a ticket's transaction: plain text, or HTML (a reply from RT's rich-text
/// form has only HTML).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextPart {
    pub transaction: String,
    pub content: String,
    pub format: BodyFormat,
}

/// The text parts among a ticket's attachments; other content types (files, multipart
/// containers) and parts without a transaction are left out.
pub fn text_parts(attachments: &[Value]) -> Vec<TextPart> {
    attachments
        .iter()
        .filter_map(|a| {
            let kind = a.get("ContentType").and_then(Value::as_str)?;
            let format = if kind.starts_with("text/plain") {
                BodyFormat::Text
            } else if kind.starts_with("text/html") {
                BodyFormat::Html
            } else {
                return None;
            };
            Some(TextPart {
                transaction: a.get("TransactionId").and_then(id_of)?,
                content: a
                    .get("Content")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                format,
            })
        })
        .collect()
}

/// A transaction's content: its plain text when it has one, else its HTML (to be turned into
/// text by the caller); empty when it has neither.
pub fn best_part(parts: &[TextPart], txn: &str) -> (String, BodyFormat) {
    let mine = || parts.iter().filter(|p| p.transaction == txn);
    let with =
        |format: BodyFormat| mine().find(|p| p.format == format && !p.content.trim().is_empty());
    with(BodyFormat::Text)
        .or_else(|| with(BodyFormat::Html))
        .map(|p| (p.content.clone(), p.format))
        .unwrap_or_default()
}

/// A user's real name (`RealName`), when RT gives one that is not blank.
pub fn real_name(user: &Value) -> Option<String> {
    user.get("RealName")
        .and_then(Value::as_str)
        .filter(|n| !n.trim().is_empty())
        .map(str::to_string)
}

/// RT's reason for refusing a change, which comes back as 200 among the answer's messages.
pub fn refusal(said: &Value) -> Option<String> {
    said.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|m| {
            let m = m.to_lowercase();
            m.contains("isn't a valid") || m.contains("permission denied") || m.contains("can't")
        })
        .map(str::to_string)
}

/// The id of the ticket a create made.
pub fn created_id(created: &Value) -> Result<String, VendorError> {
    created.get("id").and_then(id_of).ok_or_else(|| {
        VendorError::Protocol(format!(
            "create the ticket: no id in {}",
            clip(&created.to_string(), 200)
        ))
    })
}

/// A ticket a search found changed: its id, RT's word for its status, when it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketChange {
    pub id: String,
    pub status_raw: String,
    pub updated_at: i64,
}

/// A ticket of a search for changes, unless it changed before `since` (RT's UTC
/// `LastUpdated`) or has no id. Without a status it reads as open; without a time it counts
/// as changed at `since`.
pub fn changed_ticket(t: &Value, since: i64) -> Option<TicketChange> {
    let last = t
        .get("LastUpdated")
        .and_then(Value::as_str)
        .and_then(stamp::parse);
    if last.is_some_and(|at| at < since) {
        return None;
    }
    Some(TicketChange {
        id: t.get("id").and_then(id_of)?,
        status_raw: t
            .get("Status")
            .and_then(Value::as_str)
            .unwrap_or("open")
            .to_string(),
        updated_at: last.unwrap_or(since),
    })
}

/// The login of the newest ticket's creator (the token's user, in the search `account` makes).
pub fn account_login(v: &Value) -> Option<String> {
    v.pointer("/items/0/Creator/id")
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// Whether a ticket read by id is deleted (RT keeps it, hidden from searches).
pub fn is_deleted(ticket: &Value) -> bool {
    ticket.get("Status").and_then(Value::as_str) == Some("deleted")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_ours() {
        let table = [
            ("new", VendorStatus::New),
            ("open", VendorStatus::Open),
            ("stalled", VendorStatus::Waiting),
            ("resolved", VendorStatus::Resolved),
            ("rejected", VendorStatus::Rejected),
            ("deleted", VendorStatus::Closed),
            ("в работе", VendorStatus::Open),
        ];
        for (raw, ours) in table {
            assert_eq!(status_of(raw), ours, "{raw}");
        }
    }

    #[test]
    fn a_reply_is_its_plain_text_else_its_html() {
        let t = |txn: &str, body: &str, format| TextPart {
            transaction: txn.to_string(),
            content: body.to_string(),
            format,
        };
        let parts = [
            t("1", "plain", BodyFormat::Text),
            t("1", "<p>plain</p>", BodyFormat::Html),
            t("2", "<p>Rich <b>text</b></p>", BodyFormat::Html),
            t("3", "", BodyFormat::Text),
            t(
                "3",
                "<p>html after an empty text part</p>",
                BodyFormat::Html,
            ),
        ];
        assert_eq!(best_part(&parts, "1"), ("plain".into(), BodyFormat::Text));
        assert_eq!(
            best_part(&parts, "2"),
            ("<p>Rich <b>text</b></p>".into(), BodyFormat::Html)
        );
        assert_eq!(best_part(&parts, "3").1, BodyFormat::Html);
        assert_eq!(best_part(&parts, "4"), (String::new(), BodyFormat::Text));
    }

    #[test]
    fn ids_come_as_strings_or_numbers() {
        assert_eq!(id_of(&json!("12")), Some("12".into()));
        assert_eq!(id_of(&json!(12)), Some("12".into()));
        assert_eq!(id_of(&json!(null)), None);
    }

    use crate::answers::{clear, damaged, real};

    #[test]
    fn a_real_history_and_its_attachments_read_as_the_replies() {
        let history = list_page(&real("rt-real-history.json"), 0, "history").unwrap();
        assert_eq!(history.items.len(), 7);
        assert!(!history.more);
        let replies = correspondence(&history.items);
        let who: Vec<(&str, &str)> = replies
            .iter()
            .map(|r| (r.transaction.as_str(), r.login.as_str()))
            .collect();
        assert_eq!(
            who,
            [
                ("34", "root"),
                ("36", "vendor-agent"),
                ("37", "vendor-agent")
            ]
        );
        assert!(
            replies.iter().all(|r| r.at > 1_700_000_000_000),
            "{replies:?}"
        );
        let attachments = list_page(&real("rt-real-attachments.json"), 0, "messages").unwrap();
        let parts = text_parts(&attachments.items);
        assert_eq!(parts.len(), 5, "the create, three replies, the comment");
        let (ours, _) = best_part(&parts, "34");
        assert!(sb_domain::vendor::signed_with(&ours, "[switchboard:c-42]"));
        assert_eq!(
            best_part(&parts, "36"),
            (
                "Вендор: заменили картридж.\nПроверьте, пожалуйста.".into(),
                BodyFormat::Text
            )
        );
        let (html, format) = best_part(&parts, "37");
        assert_eq!(format, BodyFormat::Html);
        assert!(html.contains("<b>диск в слоте 3</b>"), "{html}");
    }

    #[test]
    fn real_pages_say_whether_more_follow() {
        // Page 2 of 4 (two a page, seven in all).
        let middle = real("rt-real-history-page2.json");
        let page = list_page(&middle, 2, "history").unwrap();
        assert_eq!((page.items.len(), page.more), (2, true));
        assert!(!list_page(&middle, 5, "history").unwrap().more);
        let search = list_page(&real("rt-real-search.json"), 0, "search").unwrap();
        assert_eq!(
            changed_ticket(&search.items[0], 0),
            Some(TicketChange {
                id: "1".into(),
                status_raw: "stalled".into(),
                updated_at: search.items[0]["LastUpdated"]
                    .as_str()
                    .and_then(stamp::parse)
                    .unwrap(),
            })
        );
        assert_eq!(changed_ticket(&search.items[0], i64::MAX), None);
        let e =
            list_page(&real("rt-real-ticket.json"), 0, "read the ticket's history").unwrap_err();
        assert_eq!(
            e.to_string(),
            "the vendor answered something Switchboard does not understand: read the ticket's history: no items in the answer"
        );
    }

    #[test]
    fn real_answers_of_single_things_are_read() {
        assert_eq!(created_id(&real("rt-real-created.json")).unwrap(), "1");
        assert_eq!(
            real_name(&real("rt-real-user.json")).as_deref(),
            Some("Vendor Agent")
        );
        assert_eq!(
            account_login(&real("rt-real-account.json")).as_deref(),
            Some("root")
        );
        assert!(is_deleted(&real("rt-real-ticket-deleted.json")));
        assert!(!is_deleted(&real("rt-real-ticket.json")));
        assert_eq!(refusal(&real("rt-real-status-changed.json")), None);
        assert_eq!(
            refusal(&real("rt-real-status-refused.json")).as_deref(),
            Some("Ticket 1: Status 'no-such-status' isn't a valid status for this ticket.")
        );
        for (name, said) in [
            ("rt-real-404.json", "Not Found"),
            ("rt-real-401.json", "Unauthorized"),
            (
                "rt-real-create-refused.json",
                "No permission to create tickets in the queue 'No such queue'",
            ),
        ] {
            assert_eq!(explain(&real(name)).as_deref(), Some(said), "{name}");
        }
    }

    /// Every real answer with one value left out, of the wrong type, or a huge number: read
    /// as far as it goes, or refused with a clear error; never a panic.
    #[test]
    fn damaged_real_answers_are_read_or_refused() {
        let mut copies = 0;
        for name in [
            "rt-real-history.json",
            "rt-real-history-page2.json",
            "rt-real-attachments.json",
            "rt-real-search.json",
            "rt-real-account.json",
            "rt-real-created.json",
            "rt-real-user.json",
            "rt-real-status-refused.json",
            "rt-real-404.json",
        ] {
            for v in damaged(&real(name)) {
                copies += 1;
                let _ = (explain(&v), real_name(&v), refusal(&v), account_login(&v));
                let _ = is_deleted(&v);
                if let Err(e) = created_id(&v) {
                    clear(&e);
                }
                match list_page(&v, 0, "read the ticket's history") {
                    Ok(page) => {
                        let parts = text_parts(&page.items);
                        for reply in correspondence(&page.items) {
                            let _ = best_part(&parts, &reply.transaction);
                        }
                        for t in &page.items {
                            if let Some(c) = changed_ticket(t, 1_700_000_000_000) {
                                assert!(c.updated_at >= 1_700_000_000_000, "{t}");
                            }
                        }
                    }
                    Err(e) => clear(&e),
                }
            }
        }
        assert!(copies > 1_000, "{copies}");
    }

    #[test]
    fn a_huge_total_or_a_missing_one_pages_on_sensibly() {
        let page = |v: Value, before| list_page(&v, before, "w").unwrap().more;
        assert!(page(json!({"items": [1], "total": u64::MAX}), 0));
        assert!(
            !page(json!({"items": [1], "total": u64::MAX}), usize::MAX),
            "no overflow"
        );
        assert!(
            !page(json!({"items": [1], "total": 1e300}), 0),
            "a float is no total"
        );
        assert!(
            !page(json!({"items": [], "total": 5}), 0),
            "an empty page ends it"
        );
        assert!(
            !page(json!({"items": [1, 2]}), 0),
            "a short page without a total ends it"
        );
    }

    #[test]
    fn settings_need_an_address_a_queue_and_a_token() {
        let mut s = Settings::new();
        s.insert("base_url".into(), "http://127.0.0.1:8080/".into());
        s.insert("queue".into(), "General".into());
        let e = RequestTracker::new(&s, None, Http::default()).unwrap_err();
        assert!(e.to_string().contains("Auth token"), "{e}");
        let rt =
            RequestTracker::new(&s, Some(Sensitive::new("t".into())), Http::default()).unwrap();
        assert_eq!(rt.url("/ticket"), "http://127.0.0.1:8080/REST/2.0/ticket");
        assert!(
            !format!("{rt:?}").contains("\"t\""),
            "the token stays out of Debug"
        );
    }
}
