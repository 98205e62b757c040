//! Zendesk Support, through the Tickets API.
//!
//! A case is a ticket whose `external_id` is our correlation id; `find_case` lists tickets by
//! it. The create also sends the correlation id as `Idempotency-Key`, so a create repeated
//! after a lost answer gets the first ticket back instead of a second one. Public comments go
//! in as ticket updates with `"public": true` and are read back from the ticket's comments
//! with cursor paging, authors sideloaded (`include=users`).
//!
//! Changes: `show_many` on the bond's tickets (100 ids a call) and a comparison of
//! `updated_at`, rather than the incremental export, which needs an admin, is limited to 10
//! calls a minute and walks every ticket of the vendor's account.
//!
//! Auth: basic as `{email}/token` with an API token.

use std::collections::HashMap;

use reqwest::header::ACCEPT;
use reqwest::{Method, RequestBuilder};
use sb_domain::ticket::Priority;
use sb_domain::vendor::{is_ours, VendorStatus};
use sb_domain::Sensitive;
use serde_json::{json, Value};
use tokio::sync::OnceCell;

use crate::http::{self, clip, encode};
use crate::{
    case_subject, case_text, optional, secret, setting, stamp, CaseRef, CaseUpdate, Connector,
    Field, Http, KindInfo, NewCase, OutComment, Settings, VendorComment, VendorError,
};

pub static INFO: KindInfo = KindInfo {
    kind: "zendesk",
    label: "Zendesk",
    fields: &[
        Field {
            key: "base_url",
            label: "Zendesk URL",
            required: true,
            hint: "https://yourcompany.zendesk.com",
        },
        Field {
            key: "email",
            label: "Agent email",
            required: true,
            hint: "the email of the agent the API token is used with, e.g. support@ourcompany.com",
        },
        Field {
            key: "group_id",
            label: "Group id",
            required: false,
            hint: "the number of the group new tickets go to, e.g. 360001234567; empty: the account's routing decides",
        },
    ],
    secret: Some("API token"),
};

const PAGE: usize = 100;
const MAX_PAGES: usize = 10_000;
/// `show_many` takes at most 100 ids.
const SHOW_MANY: usize = 100;

/// A Zendesk account.
#[derive(Debug)]
pub struct Zendesk {
    base: String,
    email: String,
    token: Sensitive<String>,
    group: Option<u64>,
    http: Http,
    /// Our own user id, to tell our comments (the ticket's first one too) from the vendor's.
    me: OnceCell<u64>,
}

impl Zendesk {
    pub fn new(
        settings: &Settings,
        secret_value: Option<Sensitive<String>>,
        http: Http,
    ) -> Result<Zendesk, VendorError> {
        let group = match optional(settings, "group_id") {
            None => None,
            Some(v) => Some(
                v.parse::<u64>()
                    .map_err(|_| crate::not_a_number(&INFO, "group_id", "360001234567", v))?,
            ),
        };
        Ok(Zendesk {
            base: http::base_url(
                setting(settings, &INFO, "base_url")?,
                crate::field_word(INFO.kind, "base_url"),
            )?,
            email: setting(settings, &INFO, "email")?.to_string(),
            token: secret(secret_value, &INFO)?,
            group,
            http,
            me: OnceCell::new(),
        })
    }

    /// A request to `path` (with its query) under the account's URL.
    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .client()
            .request(method, format!("{}{path}", self.base))
            .basic_auth(format!("{}/token", self.email), Some(self.token.expose()))
            .header(ACCEPT, "application/json")
    }

    async fn whoami(&self) -> Result<Value, VendorError> {
        let me: Value = self
            .http
            .json(
                self.request(Method::GET, "/api/v2/users/me.json"),
                "sign in",
                explain,
            )
            .await?;
        signed_in(&me)
    }

    async fn my_id(&self) -> Result<u64, VendorError> {
        self.me
            .get_or_try_init(|| async {
                Ok(self.whoami().await?["id"].as_u64().unwrap_or_default())
            })
            .await
            .copied()
    }

    /// Every comment of the ticket, oldest first, with the authors' names.
    async fn comments(&self, case: &CaseRef) -> Result<Vec<TicketComment>, VendorError> {
        let what = format!("read the comments of ticket {}", case.number);
        let mut url = format!(
            "/api/v2/tickets/{}/comments.json?page[size]={PAGE}&include=users",
            encode(&case.id)
        );
        let mut out = Vec::new();
        for _ in 0..MAX_PAGES {
            let page: Value = self
                .http
                .json(self.request(Method::GET, &url), &what, explain)
                .await?;
            let page = comments_page(&page, &what)?;
            out.extend(page.comments);
            match page.next {
                Some(next) => url = next,
                None => break,
            }
        }
        Ok(out)
    }

    async fn update(
        &self,
        case: &CaseRef,
        ticket: Value,
        what: &str,
    ) -> Result<Value, VendorError> {
        self.http
            .json(
                self.request(
                    Method::PUT,
                    &format!("/api/v2/tickets/{}.json", encode(&case.id)),
                )
                .json(&json!({"ticket": ticket})),
                what,
                explain,
            )
            .await
    }
}

#[async_trait::async_trait]
impl Connector for Zendesk {
    async fn account(&self) -> Result<Option<String>, VendorError> {
        let user = self.whoami().await?;
        // Kept: a ticket the answer says someone else submitted is refused below.
        let id = user["id"].as_u64().unwrap_or_default();
        self.me.get_or_init(|| async { id }).await;
        Ok(Some(
            user["email"]
                .as_str()
                .map_or_else(|| text(&user["id"]), str::to_string),
        ))
    }

    async fn gone(&self, cases: &[CaseRef]) -> Result<Vec<String>, VendorError> {
        let mut gone = Vec::new();
        for chunk in cases.chunks(SHOW_MANY) {
            let ids: Vec<&str> = chunk.iter().map(|c| c.id.as_str()).collect();
            let page: Value = self
                .http
                .json(
                    self.request(Method::GET, "/api/v2/tickets/show_many.json")
                        .query(&[("ids", ids.join(","))]),
                    "read the tickets",
                    explain,
                )
                .await?;
            let found = ticket_ids(&page);
            // Left out of show_many: deleted, or gone for good; asked one by one to be sure.
            for id in ids.into_iter().filter(|id| !found.iter().any(|f| f == id)) {
                let url = format!("/api/v2/tickets/{}.json", crate::http::encode(id));
                match self
                    .http
                    .json::<Value>(self.request(Method::GET, &url), "read the ticket", explain)
                    .await
                {
                    Ok(t) if is_deleted(&t) => gone.push(id.to_string()),
                    Ok(_) => {}
                    Err(VendorError::NotFound(_)) => gone.push(id.to_string()),
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(gone)
    }

    async fn check(&self) -> Result<String, VendorError> {
        let user = self.whoami().await?;
        let name = user["name"].as_str().unwrap_or(&self.email).to_string();
        let role = user["role"].as_str().unwrap_or("");
        if role == "end-user" {
            return Err(VendorError::Forbidden(format!(
                "{name} signs in as an end user; the Tickets API needs an agent: ask the vendor's Zendesk admin for an agent seat"
            )));
        }
        // Reads the tickets as the connector will (a lookup by external id).
        self.http
            .send(
                self.request(Method::GET, "/api/v2/tickets.json")
                    .query(&[("external_id", "switchboard-check"), ("per_page", "1")]),
                "read tickets",
                explain,
            )
            .await?;
        Ok(format!(
            "{name} <{}> ({role})",
            user["email"].as_str().unwrap_or(&self.email)
        ))
    }

    async fn create_case(&self, case: &NewCase) -> Result<CaseRef, VendorError> {
        let mut ticket = json!({
            "subject": case_subject(case),
            "comment": {"body": case_text(case), "public": true},
            "external_id": case.correlation,
            "priority": priority(case.priority),
            "tags": ["switchboard"],
        });
        if let Some(group) = self.group {
            ticket["group_id"] = json!(group);
        }
        let created: Value = self
            .http
            .json(
                self.request(Method::POST, "/api/v2/tickets.json")
                    .header("Idempotency-Key", &case.correlation)
                    .json(&json!({"ticket": ticket})),
                "open the ticket",
                explain,
            )
            .await?;
        let id = text(&created["ticket"]["id"]);
        if let (Some(me), Some(submitter)) =
            (self.me.get(), created["ticket"]["submitter_id"].as_u64())
        {
            if submitter != *me {
                return Err(crate::wrong_author(
                    &format!("open the ticket ({id})"),
                    &format!("user {submitter}"),
                    &format!("user {me}"),
                ));
            }
        }
        if id.is_empty() {
            return Err(VendorError::Protocol(format!(
                "open the ticket: no ticket id in {}",
                clip(&created.to_string(), 200)
            )));
        }
        Ok(self.case_ref(&id))
    }

    async fn find_case(&self, correlation: &str) -> Result<Option<CaseRef>, VendorError> {
        let mut url = format!("/api/v2/tickets.json?external_id={}", encode(correlation));
        let mut lowest: Option<u64> = None;
        for _ in 0..MAX_PAGES {
            let page: Value = self
                .http
                .json(
                    self.request(Method::GET, &url),
                    "look the ticket up",
                    explain,
                )
                .await?;
            let page = lookup_page(&page, correlation, "look the ticket up")?;
            if let Some(id) = page.lowest {
                lowest = Some(lowest.map_or(id, |l| l.min(id)));
            }
            match page.next {
                Some(next) if next != url => url = next,
                _ => break,
            }
        }
        Ok(lowest.map(|id| self.case_ref(&id.to_string())))
    }

    async fn add_comment(
        &self,
        case: &CaseRef,
        comment: &OutComment,
    ) -> Result<String, VendorError> {
        let answer = self
            .update(
                case,
                json!({"comment": {"body": comment.text(), "public": true}}),
                &format!("comment on ticket {}", case.number),
            )
            .await?;
        Ok(comment_event_id(&answer))
    }

    async fn find_comment(
        &self,
        case: &CaseRef,
        marker: &str,
    ) -> Result<Option<String>, VendorError> {
        Ok(self
            .comments(case)
            .await?
            .into_iter()
            .find(|c| {
                sb_domain::vendor::signed_with(&c.markdown, marker)
                    || sb_domain::vendor::signed_with(&c.body, marker)
            })
            .map(|c| c.id))
    }

    async fn reopen(&self, case: &CaseRef, comment: &OutComment) -> Result<(), VendorError> {
        let mut ticket = json!({"status": "open"});
        if self.find_comment(case, &comment.marker).await?.is_none() {
            ticket["comment"] = json!({"body": comment.text(), "public": true});
        }
        self.update(case, ticket, &format!("reopen ticket {}", case.number))
            .await?;
        Ok(())
    }

    async fn changes(&self, cases: &[CaseRef], since: i64) -> Result<Vec<CaseUpdate>, VendorError> {
        if cases.is_empty() {
            return Ok(Vec::new());
        }
        let me = self.my_id().await?;
        let mut out = Vec::new();
        for chunk in cases.chunks(SHOW_MANY) {
            let ids: Vec<&str> = chunk.iter().map(|c| c.id.as_str()).collect();
            let page: Value = self
                .http
                .json(
                    self.request(Method::GET, "/api/v2/tickets/show_many.json")
                        .query(&[("ids", ids.join(","))]),
                    "read the tickets",
                    explain,
                )
                .await?;
            for t in page["tickets"].as_array().into_iter().flatten() {
                let id = text(&t["id"]);
                let Some(case) = chunk.iter().find(|c| c.id == id) else {
                    continue;
                };
                let state = ticket_state(t, &case.number)?;
                // Whole seconds: a change in the same second as `since` counts.
                if state.updated_at + 999 < since {
                    continue;
                }
                let comments = vendor_comments(self.comments(case).await?, me);
                out.push(CaseUpdate {
                    case_id: case.id.clone(),
                    status: map_status(&state.status),
                    status_raw: state.status,
                    comments,
                    updated_at: state.updated_at,
                });
            }
        }
        out.sort_by_key(|u| u.updated_at);
        Ok(out)
    }
}

impl Zendesk {
    fn case_ref(&self, id: &str) -> CaseRef {
        CaseRef {
            id: id.to_string(),
            number: id.to_string(),
            url: Some(format!("{}/agent/tickets/{id}", self.base)),
        }
    }
}

// ------------------------------------------------------------------ readers of Zendesk's answers
//
// Plain functions of what Zendesk answered, so that the fuzz target and the property tests
// reach them without a server: each reads what it needs or refuses with a protocol error,
// never a panic.

/// The user `/api/v2/users/me.json` names; without credentials the API answers as the
/// anonymous user (no id) rather than 401.
pub fn signed_in(me: &Value) -> Result<Value, VendorError> {
    let user = me["user"].clone();
    if user["id"].as_u64().is_none() {
        return Err(VendorError::BadCredentials(
            "sign in: the API took us for an anonymous user".into(),
        ));
    }
    Ok(user)
}

/// A comment of a ticket as read, before we decide whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketComment {
    pub id: String,
    pub author_id: u64,
    /// The author's name from the sideloaded users, else `user <id>`.
    pub author: String,
    /// The plain text, for reading.
    pub body: String,
    /// The body as written, for finding our marker.
    pub markdown: String,
    /// The body as HTML, read when the plain text is empty.
    pub html: String,
    pub public: bool,
    /// When (milliseconds; 0 when Zendesk gives no time that reads).
    pub at: i64,
}

/// One page of a ticket's comments, and the path of the next one (under our own base URL)
/// when Zendesk says there is more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentsPage {
    pub comments: Vec<TicketComment>,
    pub next: Option<String>,
}

/// A page of `/api/v2/tickets/{id}/comments.json` (cursor paging, `include=users`).
pub fn comments_page(page: &Value, what: &str) -> Result<CommentsPage, VendorError> {
    let names: HashMap<u64, String> = page["users"]
        .as_array()
        .map(|users| {
            users
                .iter()
                .filter_map(|u| Some((u["id"].as_u64()?, u["name"].as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    let list = page["comments"].as_array().ok_or_else(|| {
        VendorError::Protocol(format!(
            "{what}: no comments list in {}",
            clip(&page.to_string(), 200)
        ))
    })?;
    let comments: Vec<TicketComment> = list
        .iter()
        .map(|c| {
            let author_id = c["author_id"].as_u64().unwrap_or(0);
            TicketComment {
                id: text(&c["id"]),
                author_id,
                author: names
                    .get(&author_id)
                    .cloned()
                    .unwrap_or_else(|| format!("user {author_id}")),
                body: c["plain_body"]
                    .as_str()
                    .or(c["body"].as_str())
                    .unwrap_or("")
                    .to_string(),
                html: c["html_body"].as_str().unwrap_or("").to_string(),
                markdown: c["body"].as_str().unwrap_or("").to_string(),
                public: c["public"].as_bool().unwrap_or(true),
                at: c["created_at"].as_str().and_then(stamp::parse).unwrap_or(0),
            }
        })
        .collect();
    let more = page["meta"]["has_more"].as_bool().unwrap_or(false);
    let next = match page["links"]["next"].as_str() {
        Some(next) if more && !comments.is_empty() => Some(next_page(next, what)?),
        _ => None,
    };
    Ok(CommentsPage { comments, next })
}

/// The vendor's public comments among a ticket's, as ours to read: ours (by author `me` or by
/// our marker) and private ones left out; a comment with no plain text is read as HTML.
pub fn vendor_comments(comments: Vec<TicketComment>, me: u64) -> Vec<VendorComment> {
    comments
        .into_iter()
        .filter(|c| c.public && c.author_id != me && !is_ours(&c.markdown))
        .map(|c| {
            let (body, format) = if c.body.trim().is_empty() && !c.html.trim().is_empty() {
                (c.html, crate::BodyFormat::Html)
            } else {
                (c.body, crate::BodyFormat::Text)
            };
            VendorComment {
                id: c.id,
                author: c.author,
                body,
                format,
                at: c.at,
            }
        })
        .collect()
}

/// One page of a lookup by external id: the lowest id of a ticket carrying exactly
/// `correlation`, and the path of the next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupPage {
    pub lowest: Option<u64>,
    pub next: Option<String>,
}

/// A page of `/api/v2/tickets.json?external_id=...` (offset paging, `next_page`).
pub fn lookup_page(page: &Value, correlation: &str, what: &str) -> Result<LookupPage, VendorError> {
    let lowest = page["tickets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["external_id"].as_str() == Some(correlation))
        .filter_map(|t| t["id"].as_u64())
        .min();
    let next = match page["next_page"].as_str() {
        Some(next) => Some(next_page(next, what)?),
        None => None,
    };
    Ok(LookupPage { lowest, next })
}

/// The ids of the tickets a `show_many` answer holds.
pub fn ticket_ids(page: &Value) -> Vec<String> {
    page["tickets"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| text(&t["id"]))
        .collect()
}

/// Whether a ticket read by id is deleted.
pub fn is_deleted(answer: &Value) -> bool {
    answer["ticket"]["status"].as_str() == Some("deleted")
}

/// A ticket's status and when it changed, as a search for changes reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketState {
    pub status: String,
    pub updated_at: i64,
}

/// A ticket of `show_many` (ours: `number`), whose `updated_at` must be a time.
pub fn ticket_state(t: &Value, number: &str) -> Result<TicketState, VendorError> {
    let updated_raw = t["updated_at"].as_str().unwrap_or("");
    let updated_at = stamp::parse(updated_raw).ok_or_else(|| {
        VendorError::Protocol(format!(
            "ticket {number}: \"{}\" is no time",
            clip(updated_raw, 100)
        ))
    })?;
    Ok(TicketState {
        status: t["status"].as_str().unwrap_or("").to_string(),
        updated_at,
    })
}

/// Ticket statuses in ours. `hold` waits on a third party, not on us: the vendor still works.
pub(crate) fn map_status(status: &str) -> VendorStatus {
    match status {
        "new" => VendorStatus::New,
        "pending" => VendorStatus::Waiting,
        "solved" => VendorStatus::Resolved,
        "closed" => VendorStatus::Closed,
        "deleted" => VendorStatus::Rejected,
        _ => VendorStatus::Open,
    }
}

pub(crate) fn priority(p: Priority) -> &'static str {
    match p {
        Priority::P1 => "urgent",
        Priority::P2 => "high",
        Priority::P3 => "normal",
        Priority::P4 => "low",
    }
}

/// The path and query of a next-page link. Only those are followed, under our own base URL:
/// the credentials never go to a host the answer names (a host-mapped account links to its
/// zendesk.com name). Only an http(s) link with a path from the root is one: the path of
/// `mailto:@other.example/x` is `@other.example/x`, which after our base URL names that host.
pub fn next_page(link: &str, what: &str) -> Result<String, VendorError> {
    let url = reqwest::Url::parse(link).map_err(|e| {
        VendorError::Protocol(format!(
            "{what}: the next page \"{}\" is no URL: {e}",
            clip(link, 100)
        ))
    })?;
    if !matches!(url.scheme(), "https" | "http") || !url.path().starts_with('/') {
        return Err(VendorError::Protocol(format!(
            "{what}: the next page \"{}\" is no web link",
            clip(link, 100)
        )));
    }
    Ok(match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    })
}

/// The id of the comment an update made, from its audit's events.
pub fn comment_event_id(answer: &Value) -> String {
    answer["audit"]["events"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["type"].as_str() == Some("Comment"))
        .map(|e| text(&e["id"]))
        .unwrap_or_default()
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// Zendesk's error bodies: `{"error": "...", "description": "...", "details": {field: [{
/// "description"}]}}`, or `error` as `{"title", "message"}`.
pub fn explain(v: &Value) -> Option<String> {
    let mut said: Vec<String> = Vec::new();
    match &v["error"] {
        Value::String(s) => said.push(s.clone()),
        Value::Object(o) => {
            for k in ["title", "message"] {
                if let Some(s) = o.get(k).and_then(Value::as_str) {
                    said.push(s.to_string());
                }
            }
        }
        _ => {}
    }
    if let Some(d) = v["description"].as_str() {
        said.push(d.to_string());
    }
    if let Some(details) = v["details"].as_object() {
        for list in details.values() {
            for d in list.as_array().into_iter().flatten() {
                if let Some(s) = d["description"].as_str() {
                    said.push(s.to_string());
                }
            }
        }
    }
    said.retain(|s| !s.trim().is_empty());
    (!said.is_empty()).then(|| said.join(": "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_ours() {
        use VendorStatus as V;
        for (s, want) in [
            ("new", V::New),
            ("open", V::Open),
            ("pending", V::Waiting),
            ("hold", V::Open),
            ("solved", V::Resolved),
            ("closed", V::Closed),
            ("deleted", V::Rejected),
        ] {
            assert_eq!(map_status(s), want, "{s}");
        }
        assert_eq!(priority(Priority::P1), "urgent");
        assert_eq!(priority(Priority::P3), "normal");
    }

    #[test]
    fn error_bodies_are_explained() {
        let v = json!({"error": "RecordInvalid", "description": "Record validation errors",
            "details": {"status": [{"description": "Status: closed prevents ticket update", "error": "ClosedTicketUpdate"}]}});
        assert_eq!(
            explain(&v).as_deref(),
            Some("RecordInvalid: Record validation errors: Status: closed prevents ticket update")
        );
        assert_eq!(
            explain(&json!({"error": "Couldn't authenticate you"})).as_deref(),
            Some("Couldn't authenticate you")
        );
        assert_eq!(
            explain(&json!({"error": {"title": "Forbidden", "message": "You do not have access"}}))
                .as_deref(),
            Some("Forbidden: You do not have access")
        );
        assert_eq!(explain(&json!({"tickets": []})), None);
    }

    #[test]
    fn the_comment_id_comes_from_the_audit() {
        let v = json!({"audit": {"events": [
            {"id": 1, "type": "Change"}, {"id": 9_000_000_017_u64, "type": "Comment"}]}});
        assert_eq!(comment_event_id(&v), "9000000017");
        assert_eq!(comment_event_id(&json!({})), "");
    }

    #[test]
    fn next_pages_stay_on_our_host() {
        assert_eq!(
            next_page(
                "https://other.example/api/v2/tickets/1/comments.json?page[after]=x",
                "w"
            )
            .unwrap(),
            "/api/v2/tickets/1/comments.json?page[after]=x"
        );
        assert!(next_page("not a url", "w").is_err());
    }

    #[test]
    fn regression_a_next_page_without_a_root_path_is_refused() {
        // Its path went after our base URL: `https://desk.zendesk.com` + `@other.example/x`
        // names other.example, and the API token would have gone there.
        for link in [
            "mailto:@other.example/x",
            "thtps://example.com.json?page=3",
            "data:,@other.example",
        ] {
            assert!(next_page(link, "w").is_err(), "{link}");
        }
    }

    use crate::answers::{clear, damaged, real};

    #[test]
    fn a_comments_page_reads_its_comments_names_and_next_page() {
        let page = comments_page(&real("zendesk-comments-cursor.json"), "read").unwrap();
        assert_eq!(page.comments.len(), 3);
        assert_eq!(page.comments[1].author, "Vendor Agent");
        assert_eq!(
            page.next.as_deref(),
            Some("/api/v2/tickets/35436/comments.json?page%5Bafter%5D=xyz&page%5Bsize%5D=100")
        );
        let theirs = vendor_comments(page.comments, 123);
        assert_eq!(theirs.len(), 1, "ours and the internal note left out");
        assert_eq!(
            theirs[0].format,
            crate::BodyFormat::Html,
            "no plain text: HTML"
        );
        assert!(theirs[0].body.contains("<b>disk</b>"));
        // The offset-paged shape has no cursor links: the last page.
        let offset = comments_page(&real("zendesk-comments-page.json"), "read").unwrap();
        assert_eq!((offset.comments.len(), offset.next), (1, None));
        let e =
            comments_page(&json!({"error": "RecordNotFound"}), "read the comments").unwrap_err();
        assert!(
            e.to_string()
                .contains("read the comments: no comments list"),
            "{e}"
        );
    }

    #[test]
    fn a_lookup_page_takes_the_lowest_exact_match() {
        let page = json!({"tickets": [
            {"id": 9, "external_id": "SB-1/1"}, {"id": 7, "external_id": "SB-1/10"},
            {"id": 8, "external_id": "SB-1/1"}, {"id": -1, "external_id": "SB-1/1"}],
            "next_page": "https://x.zendesk.com/api/v2/tickets.json?page=2"});
        let read = lookup_page(&page, "SB-1/1", "w").unwrap();
        assert_eq!(read.lowest, Some(8));
        assert_eq!(read.next.as_deref(), Some("/api/v2/tickets.json?page=2"));
        let bad = json!({"tickets": [], "next_page": "mailto:@other.example/x"});
        assert!(lookup_page(&bad, "SB-1/1", "w").is_err());
        let e = ticket_state(&json!({"updated_at": "x".repeat(10_000)}), "35436").unwrap_err();
        clear(&e);
    }

    #[test]
    fn damaged_answers_are_read_or_refused() {
        let mut copies = 0;
        for name in [
            "zendesk-comments-cursor.json",
            "zendesk-comments-page.json",
            "zendesk-audit.json",
            "zendesk-error.json",
        ] {
            for v in damaged(&real(name)) {
                copies += 1;
                let _ = (
                    explain(&v),
                    comment_event_id(&v),
                    ticket_ids(&v),
                    is_deleted(&v),
                );
                match comments_page(&v, "read the comments") {
                    Ok(page) => {
                        assert!(page.next.as_deref().is_none_or(|n| n.starts_with('/')));
                        let _ = vendor_comments(page.comments, 123);
                    }
                    Err(e) => clear(&e),
                }
                for r in [
                    lookup_page(&v, "SB-1", "look the ticket up").map(|_| ()),
                    signed_in(&v).map(|_| ()),
                    ticket_state(&v, "35436").map(|_| ()),
                ] {
                    if let Err(e) = r {
                        clear(&e);
                    }
                }
            }
        }
        assert!(copies > 200, "{copies}");
    }

    #[test]
    fn settings_are_checked() {
        let mut s = Settings::new();
        s.insert("base_url".into(), "https://x.zendesk.com".into());
        s.insert("email".into(), "a@b.c".into());
        s.insert("group_id".into(), "support".into());
        let t = || Some(Sensitive::new("t".to_string()));
        let e = Zendesk::new(&s, t(), Http::default()).unwrap_err();
        assert!(e.to_string().contains("Group id is a number"), "{e}");
        s.insert("group_id".into(), "360001234567".into());
        assert_eq!(
            Zendesk::new(&s, t(), Http::default()).unwrap().group,
            Some(360_001_234_567)
        );
    }
}
