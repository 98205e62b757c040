//! A fake Zendesk Support account: `/api/v2/users/me.json`, tickets (create with the
//! `Idempotency-Key` header, list by `external_id` with offset paging, `show_many`, show,
//! update with a comment and a status), and ticket comments with cursor paging
//! (`page[size]`, `page[after]`, `meta.has_more`, `links.next`) and `include=users`.
//! API tokens sign in as `{email}/token`; errors come as `{"error","description","details"}`,
//! 429 as plain text with `Retry-After`.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::ops::Deref;

use serde_json::{json, Value};

use crate::server::{self, Reply, Request, Server};
use crate::store::{self, now_ms, Backend, Case, Comment, Options, Profile, Record};

/// The agent Switchboard signs in as.
pub const EMAIL: &str = "switchboard@example.com";
pub const TOKEN: &str = "zd-api-token-61f0";
/// An end user: signs in, but may not use the tickets API.
pub const END_USER_EMAIL: &str = "customer@example.com";
pub const END_USER_TOKEN: &str = "zd-end-user-token-2a9c";
/// The vendor's agent, who answers on the tickets.
pub const VENDOR_AGENT: &str = "Dana Agent";

const STATUSES: [&str; 6] = ["new", "open", "pending", "hold", "solved", "closed"];
const PRIORITIES: [&str; 4] = ["urgent", "high", "normal", "low"];
/// How long an idempotency key is remembered.
const KEY_TTL_MS: i64 = 2 * 3_600_000;

struct User {
    id: u64,
    email: &'static str,
    token: &'static str,
    name: &'static str,
    role: &'static str,
}

const USERS: [User; 3] = [
    User {
        id: 1001,
        email: EMAIL,
        token: TOKEN,
        name: "Switchboard Integration",
        role: "agent",
    },
    User {
        id: 1002,
        email: "dana@vendor.example",
        token: "",
        name: VENDOR_AGENT,
        role: "agent",
    },
    User {
        id: 1003,
        email: END_USER_EMAIL,
        token: END_USER_TOKEN,
        name: "A Customer",
        role: "end-user",
    },
];

fn status_word(s: &str) -> Option<&'static str> {
    STATUSES
        .iter()
        .find(|w| w.eq_ignore_ascii_case(s.trim()))
        .copied()
}

/// The fake account.
#[derive(Debug)]
pub struct Fake {
    backend: Backend,
    _server: Server,
}

impl Deref for Fake {
    type Target = Backend;
    fn deref(&self) -> &Backend {
        &self.backend
    }
}

impl Fake {
    pub async fn start(options: Options) -> io::Result<Fake> {
        let (listener, base_url) = server::bind().await?;
        let profile = Profile {
            agent: VENDOR_AGENT,
            resolved: "solved",
            status: status_word,
            comment_id: |n| (9_000_000_000 + n).to_string(),
        };
        let backend = Backend::new(base_url, options, profile);
        let server = server::serve(listener, backend.clone(), route, limited);
        Ok(Fake {
            backend,
            _server: server,
        })
    }

    pub fn settings(&self) -> BTreeMap<String, String> {
        self.settings_for(EMAIL)
    }

    pub fn secret(&self) -> &'static str {
        TOKEN
    }

    pub fn restricted_settings(&self) -> BTreeMap<String, String> {
        self.settings_for(END_USER_EMAIL)
    }

    pub fn restricted_secret(&self) -> &'static str {
        END_USER_TOKEN
    }

    fn settings_for(&self, email: &str) -> BTreeMap<String, String> {
        [("base_url", self.base_url()), ("email", email.to_string())]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect()
    }
}

fn limited(backend: &Backend, wait_secs: u64) -> Reply {
    Reply::text(429, "Number of allowed API requests per minute exceeded")
        .header("Retry-After", wait_secs.to_string())
        .header(
            "X-Rate-Limit",
            backend.options().rate_limit.unwrap_or(0).to_string(),
        )
        .header("X-Rate-Limit-Remaining", "0")
        .header("ratelimit-reset", wait_secs.to_string())
}

fn error(status: u16, error: &str, description: &str) -> Reply {
    Reply::json(status, &json!({"error": error, "description": description}))
}

fn invalid(field: &str, description: &str, code: &str) -> Reply {
    Reply::json(
        422,
        &json!({
            "error": "RecordInvalid",
            "description": "Record validation errors",
            "details": {field: [{"description": description, "error": code}]},
        }),
    )
}

fn not_found() -> Reply {
    error(404, "RecordNotFound", "Not found")
}

fn route(b: &Backend, req: &Request) -> Reply {
    let segments = req.segments();
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    if matches!(
        (req.method.as_str(), s.as_slice()),
        ("POST", ["api", "v2", "tickets.json"])
    ) {
        b.count_create();
    }
    let Some(me) = req.basic_auth().and_then(|(user, token)| {
        let email = user.strip_suffix("/token")?;
        USERS
            .iter()
            .find(|u| !u.token.is_empty() && u.email == email && u.token == token)
    }) else {
        return Reply::json(401, &json!({"error": "Couldn't authenticate you"}))
            .header("WWW-Authenticate", "Basic realm=\"Web Password\"");
    };
    if let ["api", "v2", "users", "me.json"] = s.as_slice() {
        return Reply::json(200, &json!({"user": user_json(b, me)}));
    }
    if me.role == "end-user" {
        return error(
            403,
            "Forbidden",
            "You do not have access to this page. Please contact the account owner of this help desk for further help.",
        );
    }
    match (req.method.as_str(), s.as_slice()) {
        ("POST", ["api", "v2", "tickets.json"]) => create(b, req, me),
        ("GET", ["api", "v2", "tickets.json"]) => list(b, req),
        ("GET", ["api", "v2", "tickets", "show_many.json"]) => show_many(b, req),
        ("GET", ["api", "v2", "tickets", file]) => match ticket_id(file) {
            Some(id) => match b.state().get(&id) {
                Some(r) => Reply::json(200, &json!({"ticket": ticket_json(b, r)})),
                None => not_found(),
            },
            None => error(404, "InvalidEndpoint", "Not found"),
        },
        ("PUT", ["api", "v2", "tickets", file]) => match ticket_id(file) {
            Some(id) => update(b, req, me, &id),
            None => error(404, "InvalidEndpoint", "Not found"),
        },
        ("GET", ["api", "v2", "tickets", id, "comments.json"]) => comments(b, req, id),
        _ => error(404, "InvalidEndpoint", "Not found"),
    }
}

/// `123.json` to `123`.
fn ticket_id(file: &str) -> Option<String> {
    let id = file.strip_suffix(".json")?;
    id.parse::<u64>().ok().map(|n| n.to_string())
}

fn user_json(b: &Backend, u: &User) -> Value {
    json!({
        "id": u.id,
        "url": format!("{}/api/v2/users/{}.json", b.base_url(), u.id),
        "name": u.name,
        "email": u.email,
        "role": u.role,
        "active": true,
        "time_zone": "UTC",
    })
}

fn user_named(name: &str) -> Option<&'static User> {
    USERS.iter().find(|u| u.name == name)
}

fn ticket_json(b: &Backend, r: &Record) -> Value {
    let c = &r.case;
    let tags: Vec<&str> = r
        .extra("tags")
        .split(' ')
        .filter(|t| !t.is_empty())
        .collect();
    let group = r.extra("group_id").parse::<u64>().ok();
    let requester = user_named(&c.reporter).map_or(0, |u| u.id);
    json!({
        "url": format!("{}/api/v2/tickets/{}.json", b.base_url(), c.id),
        "id": c.id.parse::<u64>().unwrap_or(0),
        "external_id": if c.correlation.is_empty() { Value::Null } else { json!(c.correlation) },
        "via": {"channel": "api"},
        "created_at": store::iso(c.created_ms),
        "updated_at": store::iso(c.updated_ms),
        "type": Value::Null,
        "subject": c.subject,
        "raw_subject": c.subject,
        "description": c.description,
        "priority": if c.priority.is_empty() { Value::Null } else { json!(c.priority) },
        "status": c.status,
        "requester_id": requester,
        "submitter_id": requester,
        "assignee_id": Value::Null,
        "group_id": group,
        "tags": tags,
        "is_public": true,
    })
}

fn comment_json(c: &Comment) -> Value {
    let author = user_named(&c.author).map_or(0, |u| u.id);
    let html: String = c
        .body
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    json!({
        "id": c.id.parse::<u64>().unwrap_or(0),
        "type": "Comment",
        "author_id": author,
        "body": c.body,
        "html_body": format!("<div class=\"zd-comment\" dir=\"auto\"><p>{html}</p></div>"),
        "plain_body": c.body,
        "public": c.public,
        "attachments": [],
        "via": {"channel": "api"},
        "created_at": store::iso(c.created_ms),
        "metadata": {},
    })
}

fn comment_event(c: &Comment) -> Value {
    let mut event = comment_json(c);
    event["type"] = json!("Comment");
    event
}

fn create(b: &Backend, req: &Request, me: &User) -> Reply {
    let now = now_ms();
    let key = req.header("idempotency-key").map(str::to_string);
    let fingerprint = String::from_utf8_lossy(&req.body).into_owned();
    let mut state = b.state();
    if let Some(key) = &key {
        state.keys.retain(|_, (_, _, at)| now - *at < KEY_TTL_MS);
        if let Some((seen, id, _)) = state.keys.get(key).cloned() {
            if seen != fingerprint {
                return error(
                    400,
                    "IdempotentRequestError",
                    "The request parameters do not match the original request made with this idempotency key",
                );
            }
            if let Some(r) = state.get(&id) {
                return Reply::json(201, &json!({"ticket": ticket_json(b, r)}))
                    .header("x-idempotency-lookup", "hit");
            }
        }
    }
    let Some(ticket) = req
        .json()
        .and_then(|v| v.get("ticket").cloned())
        .filter(Value::is_object)
    else {
        return error(
            400,
            "BadRequest",
            "The request body must hold a ticket object",
        );
    };
    let get = |k: &str| {
        ticket
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let body = ticket
        .pointer("/comment/body")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| get("description"));
    if body.trim().is_empty() {
        return invalid("description", "Description: cannot be blank", "BlankValue");
    }
    let priority = get("priority");
    if !priority.is_empty() && !PRIORITIES.contains(&priority.as_str()) {
        return invalid("priority", "Priority: is not valid", "InvalidValue");
    }
    let status = match get("status").as_str() {
        "" => "new",
        s => match status_word(s) {
            Some(w) if w != "closed" => w,
            _ => return invalid("status", "Status: is not valid", "InvalidValue"),
        },
    };
    let subject = match get("subject") {
        s if s.trim().is_empty() => body.chars().take(80).collect(),
        s => s,
    };
    let public = ticket
        .pointer("/comment/public")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let tags: Vec<String> = ticket
        .get("tags")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let mut extra = HashMap::new();
    extra.insert("tags".to_string(), tags.join(" "));
    if let Some(g) = ticket.get("group_id").and_then(Value::as_u64) {
        extra.insert("group_id".to_string(), g.to_string());
    }
    let n = state.next();
    let id = (1000 + state.records.len() + 1).to_string();
    let comment = Comment {
        id: (9_000_000_000 + n).to_string(),
        author: me.name.to_string(),
        body: body.clone(),
        public,
        created_ms: now,
    };
    let record = Record {
        case: Case {
            id: id.clone(),
            number: id.clone(),
            correlation: get("external_id"),
            subject,
            description: body,
            status: status.to_string(),
            priority,
            reporter: me.name.to_string(),
            created_ms: now,
            updated_ms: now,
        },
        comments: vec![comment.clone()],
        extra,
    };
    let at = state.insert(record);
    if let Some(key) = key {
        state.keys.insert(key, (fingerprint, id.clone(), now));
    }
    let out = json!({
        "ticket": ticket_json(b, &state.records[at]),
        "audit": {
            "id": 7_000_000_000_u64 + n,
            "ticket_id": id.parse::<u64>().unwrap_or(0),
            "created_at": store::iso(now),
            "author_id": me.id,
            "events": [comment_event(&comment)],
        },
    });
    drop(state);
    Reply::json(201, &out)
        .header(
            "Location",
            format!("{}/api/v2/tickets/{id}.json", b.base_url()),
        )
        .header("x-idempotency-lookup", "miss")
}

fn update(b: &Backend, req: &Request, me: &User, id: &str) -> Reply {
    let mut state = b.state();
    let n = state.next();
    let Some(r) = state.get_mut(id) else {
        return not_found();
    };
    let Some(ticket) = req
        .json()
        .and_then(|v| v.get("ticket").cloned())
        .filter(Value::is_object)
    else {
        return error(
            400,
            "BadRequest",
            "The request body must hold a ticket object",
        );
    };
    if r.case.status == "closed" {
        return invalid(
            "status",
            "Status: closed prevents ticket update",
            "ClosedTicketUpdate",
        );
    }
    let status = match ticket.get("status").and_then(Value::as_str) {
        None => None,
        Some(s) => match status_word(s) {
            Some(w) if w != "new" => Some(w),
            _ => return invalid("status", "Status: is not valid", "InvalidValue"),
        },
    };
    let now = now_ms().max(r.case.updated_ms);
    let mut events = Vec::new();
    let body = ticket
        .pointer("/comment/body")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !body.trim().is_empty() {
        let comment = Comment {
            id: (9_000_000_000 + n).to_string(),
            author: me.name.to_string(),
            body: body.to_string(),
            public: ticket
                .pointer("/comment/public")
                .and_then(Value::as_bool)
                .unwrap_or(true),
            created_ms: now,
        };
        events.push(comment_event(&comment));
        r.comments.push(comment);
    }
    // An agent's update takes a new ticket up.
    let next = status.unwrap_or(if r.case.status == "new" {
        "open"
    } else {
        &r.case.status
    });
    if next != r.case.status {
        events.push(json!({
            "id": 8_000_000_000_u64 + n,
            "type": "Change",
            "field_name": "status",
            "value": next,
            "previous_value": r.case.status,
        }));
        r.case.status = next.to_string();
    }
    r.case.updated_ms = now;
    let out = json!({
        "ticket": ticket_json(b, r),
        "audit": {
            "id": 7_000_000_000_u64 + n,
            "ticket_id": id.parse::<u64>().unwrap_or(0),
            "created_at": store::iso(now),
            "author_id": me.id,
            "events": events,
        },
    });
    drop(state);
    Reply::json(200, &out)
}

fn list(b: &Backend, req: &Request) -> Reply {
    let state = b.state();
    let found: Vec<&Record> = match req.param("external_id") {
        Some(ext) => state.with_correlation(ext),
        None => state.records.iter().collect(),
    };
    let per_page = b.page(req.param("per_page"), 100);
    let page = req
        .param("page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let tickets: Vec<Value> = found
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(|r| ticket_json(b, r))
        .collect();
    let link = |p: usize| {
        let mut query: Vec<(String, String)> = req
            .query
            .iter()
            .filter(|(k, _)| k != "page" && k != "per_page")
            .cloned()
            .collect();
        query.push(("page".into(), p.to_string()));
        query.push(("per_page".into(), per_page.to_string()));
        let qs = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(query)
            .finish();
        json!(format!("{}/api/v2/tickets.json?{qs}", b.base_url()))
    };
    let next = if page * per_page < found.len() {
        link(page + 1)
    } else {
        Value::Null
    };
    let previous = if page > 1 {
        link(page - 1)
    } else {
        Value::Null
    };
    Reply::json(
        200,
        &json!({"tickets": tickets, "next_page": next, "previous_page": previous, "count": found.len()}),
    )
}

fn show_many(b: &Backend, req: &Request) -> Reply {
    let ids: Vec<&str> = req
        .param("ids")
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if ids.len() > 100 {
        return error(
            400,
            "InvalidParameter",
            "ids: no more than 100 ids may be given at once",
        );
    }
    let state = b.state();
    // Unknown and deleted tickets are left out, as the API does.
    let tickets: Vec<Value> = ids
        .iter()
        .filter_map(|id| state.get(id))
        .map(|r| ticket_json(b, r))
        .collect();
    Reply::json(200, &json!({"tickets": tickets}))
}

fn comments(b: &Backend, req: &Request, id: &str) -> Reply {
    let state = b.state();
    let Some(r) = state.get(id) else {
        return not_found();
    };
    let mut all: Vec<&Comment> = r.comments.iter().collect();
    if req.param("sort_order") == Some("desc") {
        all.reverse();
    }
    let include_users = req
        .param("include")
        .is_some_and(|i| i.split(',').any(|x| x == "users"));
    let cursor = req.param("page[size]").is_some() || req.param("page[after]").is_some();
    let (page, mut out): (Vec<&Comment>, Value) = if cursor {
        let size = b.page(req.param("page[size]"), 100);
        let start = match req.param("page[after]") {
            None => 0,
            Some(c) => match c.strip_prefix("zdc").and_then(|n| n.parse::<usize>().ok()) {
                Some(n) => n,
                None => {
                    return error(
                        400,
                        "InvalidPaginationParameter",
                        "page[after] is not a valid cursor",
                    )
                }
            },
        };
        let page: Vec<&Comment> = all.iter().skip(start).take(size).copied().collect();
        let end = start + page.len();
        let has_more = end < all.len();
        let next = if has_more {
            let mut query: Vec<(String, String)> = req
                .query
                .iter()
                .filter(|(k, _)| k != "page[after]" && k != "page[size]")
                .cloned()
                .collect();
            query.push(("page[size]".into(), size.to_string()));
            query.push(("page[after]".into(), format!("zdc{end}")));
            let qs = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(query)
                .finish();
            json!(format!(
                "{}/api/v2/tickets/{id}/comments.json?{qs}",
                b.base_url()
            ))
        } else {
            Value::Null
        };
        let out = json!({
            "meta": {
                "has_more": has_more,
                "after_cursor": if has_more { json!(format!("zdc{end}")) } else { Value::Null },
                "before_cursor": if start > 0 { json!(format!("zdb{start}")) } else { Value::Null },
            },
            "links": {"next": next, "prev": Value::Null},
        });
        (page, out)
    } else {
        let per_page = b.page(req.param("per_page"), 100);
        let p = req
            .param("page")
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(1)
            .max(1);
        let page: Vec<&Comment> = all
            .iter()
            .skip((p - 1) * per_page)
            .take(per_page)
            .copied()
            .collect();
        let next = if p * per_page < all.len() {
            json!(format!(
                "{}/api/v2/tickets/{id}/comments.json?page={}&per_page={per_page}",
                b.base_url(),
                p + 1
            ))
        } else {
            Value::Null
        };
        (
            page,
            json!({"next_page": next, "previous_page": Value::Null, "count": all.len()}),
        )
    };
    out["comments"] = page.iter().map(|c| comment_json(c)).collect();
    if include_users {
        let mut users: Vec<Value> = Vec::new();
        let mut seen = Vec::new();
        for c in &page {
            if let Some(u) = user_named(&c.author) {
                if !seen.contains(&u.id) {
                    seen.push(u.id);
                    users.push(user_json(b, u));
                }
            }
        }
        out["users"] = Value::Array(users);
    }
    Reply::json(200, &out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    fn backend(page_size: usize) -> Backend {
        let profile = Profile {
            agent: VENDOR_AGENT,
            resolved: "solved",
            status: status_word,
            comment_id: |n| (9_000_000_000 + n).to_string(),
        };
        Backend::new(
            "http://fake".into(),
            Options {
                page_size,
                ..Options::default()
            },
            profile,
        )
    }

    fn call_with(
        b: &Backend,
        method: &str,
        target: &str,
        body: &str,
        headers: &[(&str, &str)],
    ) -> Reply {
        let a = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{EMAIL}/token:{TOKEN}"))
        );
        let mut h = vec![("authorization", a.as_str())];
        h.extend_from_slice(headers);
        route(b, &Request::new(method, target, &h, body.as_bytes()))
    }

    fn call(b: &Backend, method: &str, target: &str, body: &str) -> Reply {
        call_with(b, method, target, body, &[])
    }

    #[test]
    fn idempotency_keys_stop_duplicates() {
        let b = backend(50);
        let body =
            r#"{"ticket":{"subject":"Disk","comment":{"body":"full"},"external_id":"SB-1/1"}}"#;
        let first = call_with(
            &b,
            "POST",
            "/api/v2/tickets.json",
            body,
            &[("Idempotency-Key", "SB-1/1")],
        );
        let again = call_with(
            &b,
            "POST",
            "/api/v2/tickets.json",
            body,
            &[("Idempotency-Key", "SB-1/1")],
        );
        assert_eq!(first.status, 201);
        assert_eq!(again.status, 201);
        assert!(again
            .headers
            .iter()
            .any(|(k, v)| k == "x-idempotency-lookup" && v == "hit"));
        assert_eq!(first.value()["ticket"]["id"], again.value()["ticket"]["id"]);
        let other = r#"{"ticket":{"subject":"Other","comment":{"body":"x"}}}"#;
        let clash = call_with(
            &b,
            "POST",
            "/api/v2/tickets.json",
            other,
            &[("Idempotency-Key", "SB-1/1")],
        );
        assert_eq!(clash.status, 400);
        assert_eq!(b.cases().len(), 1);
        assert_eq!(b.duplicates(), 0);
        assert_eq!(b.create_requests(), 3);
        let blank = call(
            &b,
            "POST",
            "/api/v2/tickets.json",
            r#"{"ticket":{"subject":"x"}}"#,
        );
        assert_eq!(blank.status, 422);
        assert_eq!(blank.value()["error"], "RecordInvalid");
    }

    #[test]
    fn comments_page_by_cursor_and_closed_tickets_refuse_updates() {
        let b = backend(2);
        let r = call(
            &b,
            "POST",
            "/api/v2/tickets.json",
            r#"{"ticket":{"subject":"s","comment":{"body":"first"}}}"#,
        );
        let id = r.value()["ticket"]["id"].to_string();
        for i in 0..3 {
            b.add_vendor_comment(&id, &format!("reply {i}"));
        }
        let mut url = format!("/api/v2/tickets/{id}/comments.json?page[size]=100&include=users");
        let mut bodies = Vec::new();
        loop {
            let page = call(&b, "GET", &url, "").value();
            for c in page["comments"].as_array().unwrap() {
                bodies.push(c["body"].as_str().unwrap().to_string());
            }
            assert!(!page["users"].as_array().unwrap().is_empty());
            if !page["meta"]["has_more"].as_bool().unwrap() {
                break;
            }
            url = page["links"]["next"]
                .as_str()
                .unwrap()
                .replace("http://fake", "");
        }
        assert_eq!(bodies, ["first", "reply 0", "reply 1", "reply 2"]);
        b.set_status(&id, "closed");
        let r = call(
            &b,
            "PUT",
            &format!("/api/v2/tickets/{id}.json"),
            r#"{"ticket":{"status":"open"}}"#,
        );
        assert_eq!(r.status, 422);
        assert_eq!(
            call(&b, "PUT", "/api/v2/tickets/999.json", r#"{"ticket":{}}"#).status,
            404
        );
        let none = route(&b, &Request::new("GET", "/api/v2/users/me.json", &[], &[]));
        assert_eq!(none.status, 401);
    }
}
