//! A fake Jira Service Management Cloud site: one service project (`SUP`) with one request
//! type, the service desk API (`/rest/servicedeskapi`: service desks, request types, requests,
//! request comments with `public`) and the platform API (`/rest/api/3`: myself, mypermissions,
//! issue, transitions, and JQL search at `/search/jql` with `nextPageToken` paging).
//!
//! JQL: clauses joined by `AND` on project, summary (`~`), key/issuekey/id, reporter
//! (`currentUser()`), status, created and updated (absolute `yyyy/MM/dd HH:mm` read in the
//! account's time zone, which is UTC here, or relative `-15m`), then `ORDER BY`.

use std::collections::BTreeMap;
use std::io;
use std::ops::Deref;

use serde_json::{json, Map, Value};

use crate::server::{self, Reply, Request, Server};
use crate::store::{self, now_ms, Backend, Case, Comment, Options, Profile, Record, State};

pub const PROJECT_KEY: &str = "SUP";
pub const SERVICE_DESK_ID: &str = "4";
pub const REQUEST_TYPE_ID: &str = "25";
/// The agent account Switchboard signs in with.
pub const EMAIL: &str = "switchboard@example.com";
pub const TOKEN: &str = "jira-api-token-9c1e";
/// An account that may browse the project but not create, comment or transition.
pub const VIEWER_EMAIL: &str = "viewer@example.com";
pub const VIEWER_TOKEN: &str = "jira-viewer-token-4b7d";
/// The vendor's own agent, who answers on the requests.
pub const VENDOR_AGENT: &str = "Vendor Agent";

const PROJECT_ID: &str = "10000";
const REQUEST_TYPE_NAME: &str = "Get IT help";
/// Jira's limit on a text field.
const TEXT_LIMIT: usize = 32_767;
const SUMMARY_LIMIT: usize = 255;

struct Account {
    email: &'static str,
    token: &'static str,
    account_id: &'static str,
    name: &'static str,
    agent: bool,
}

const ACCOUNTS: [Account; 3] = [
    Account {
        email: EMAIL,
        token: TOKEN,
        account_id: "712020:5f0c2b1e-switchboard",
        name: "Switchboard Integration",
        agent: true,
    },
    Account {
        email: VIEWER_EMAIL,
        token: VIEWER_TOKEN,
        account_id: "712020:77aa01c3-viewer",
        name: "Read-only Viewer",
        agent: false,
    },
    Account {
        email: "agent@vendor.example",
        token: "",
        account_id: "5b10ac8d82e05b22cc7d4ef5",
        name: VENDOR_AGENT,
        agent: true,
    },
];

/// Status name, id, category key.
const STATUSES: [(&str, &str, &str); 8] = [
    ("Waiting for support", "10001", "new"),
    ("In Progress", "3", "indeterminate"),
    ("Waiting for customer", "10002", "indeterminate"),
    ("Pending", "10003", "indeterminate"),
    ("Escalated", "10004", "indeterminate"),
    ("Resolved", "5", "done"),
    ("Canceled", "10005", "done"),
    ("Closed", "6", "done"),
];

/// Transition id, name, target status.
const TRANSITIONS: [(&str, &str, &str); 8] = [
    ("11", "Start work", "In Progress"),
    ("21", "Respond to customer", "Waiting for customer"),
    ("31", "Mark as pending", "Pending"),
    ("41", "Escalate", "Escalated"),
    ("51", "Resolve this issue", "Resolved"),
    ("61", "Cancel request", "Canceled"),
    ("71", "Reopen", "Waiting for support"),
    ("81", "Close", "Closed"),
];

fn status_word(s: &str) -> Option<&'static str> {
    STATUSES
        .iter()
        .find(|(name, _, _)| name.eq_ignore_ascii_case(s.trim()))
        .map(|(name, _, _)| *name)
}

/// The transitions the workflow offers from `status`.
fn transitions_from(status: &str) -> Vec<(&'static str, &'static str, &'static str)> {
    let wanted: &[&str] = match status {
        "Closed" => &[],
        "Resolved" => &["71", "81"],
        "Canceled" => &["71"],
        _ => &["11", "21", "31", "41", "51", "61"],
    };
    TRANSITIONS
        .iter()
        .filter(|(id, _, to)| wanted.contains(id) && *to != status)
        .copied()
        .collect()
}

/// The fake site.
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
            resolved: "Resolved",
            status: status_word,
            comment_id: |n| (30_000 + n).to_string(),
        };
        let backend = Backend::new(base_url, options, profile);
        let server = server::serve(listener, backend.clone(), route, limited);
        Ok(Fake {
            backend,
            _server: server,
        })
    }

    /// The connector's settings for this site.
    pub fn settings(&self) -> BTreeMap<String, String> {
        self.settings_for(EMAIL)
    }

    pub fn secret(&self) -> &'static str {
        TOKEN
    }

    /// Settings of the account that lacks the permissions.
    pub fn restricted_settings(&self) -> BTreeMap<String, String> {
        self.settings_for(VIEWER_EMAIL)
    }

    pub fn restricted_secret(&self) -> &'static str {
        VIEWER_TOKEN
    }

    fn settings_for(&self, email: &str) -> BTreeMap<String, String> {
        [
            ("base_url", self.base_url()),
            ("email", email.to_string()),
            ("project_key", PROJECT_KEY.to_string()),
            ("request_type_id", REQUEST_TYPE_ID.to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }
}

fn limited(backend: &Backend, wait_secs: u64) -> Reply {
    let reset = now_ms() + i64::try_from(wait_secs).unwrap_or(1) * 1000;
    let reset = store::iso(reset);
    Reply::json(
        429,
        &json!({"errorMessages": ["Rate limit exceeded."], "errors": {}}),
    )
    .header("Retry-After", wait_secs.to_string())
    .header(
        "X-RateLimit-Limit",
        backend.options().rate_limit.unwrap_or(0).to_string(),
    )
    .header("X-RateLimit-Remaining", "0")
    // Atlassian gives the reset to the minute: yyyy-MM-ddTHH:mmZ.
    .header("X-RateLimit-Reset", format!("{}Z", &reset[..16]))
    .header("RateLimit-Reason", "jira-burst-based")
}

/// The platform API's error body.
fn platform(status: u16, messages: &[&str]) -> Reply {
    Reply::json(status, &json!({"errorMessages": messages, "errors": {}}))
}

/// The service desk API's error body.
fn desk(status: u16, message: &str, key: &str) -> Reply {
    Reply::json(
        status,
        &json!({
            "errorMessage": message,
            "i18nErrorMessage": {"i18nKey": key, "parameters": []}
        }),
    )
}

fn not_authenticated() -> Reply {
    Reply::text(401, "Client must be authenticated to access this resource.")
        .header("X-Seraph-LoginReason", "AUTHENTICATED_FAILED")
        .header("WWW-Authenticate", "Basic realm=\"protected-area\"")
}

fn route(b: &Backend, req: &Request) -> Reply {
    let segments = req.segments();
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    if matches!(
        (req.method.as_str(), s.as_slice()),
        ("POST", ["rest", "servicedeskapi", "request"])
    ) {
        b.count_create();
    }
    let Some(me) = req.basic_auth().and_then(|(user, token)| {
        ACCOUNTS
            .iter()
            .find(|a| !a.token.is_empty() && a.email == user && a.token == token)
    }) else {
        return not_authenticated();
    };
    match (req.method.as_str(), s.as_slice()) {
        ("GET", ["rest", "api", "3", "myself"]) => Reply::json(200, &user_json(b, me)),
        ("GET", ["rest", "api", "3", "mypermissions"]) => my_permissions(req, me),
        ("GET", ["rest", "api", "3", "search", "jql"]) => search(b, req, me),
        ("GET", ["rest", "api", "3", "issue", id]) => {
            let state = b.state();
            match find(&state, id) {
                Some(r) => Reply::json(200, &issue_json(b, r, req.param("fields"))),
                None => no_issue(),
            }
        }
        ("GET", ["rest", "api", "3", "issue", id, "transitions"]) => transitions(b, id, me),
        ("POST", ["rest", "api", "3", "issue", id, "transitions"]) => transition(b, req, id, me),
        ("GET", ["rest", "servicedeskapi", "servicedesk"]) => service_desks(b, req),
        ("GET", ["rest", "servicedeskapi", "servicedesk", desk_id, "requesttype", rt]) => {
            request_type(b, desk_id, rt)
        }
        ("POST", ["rest", "servicedeskapi", "request"]) => create(b, req, me),
        ("GET", ["rest", "servicedeskapi", "request", id, "comment"]) => comments(b, req, id),
        ("POST", ["rest", "servicedeskapi", "request", id, "comment"]) => {
            add_comment(b, req, id, me)
        }
        _ => platform(404, &["null for uri: the resource does not exist"]),
    }
}

fn no_issue() -> Reply {
    platform(
        404,
        &["Issue does not exist or you do not have permission to see it."],
    )
}

fn no_request() -> Reply {
    desk(
        404,
        "The request could not be found or you do not have permission to view it.",
        "sd.request.error.not.found",
    )
}

fn find<'a>(state: &'a State, id_or_key: &str) -> Option<&'a Record> {
    state.get(id_or_key).or_else(|| {
        state
            .records
            .iter()
            .find(|r| r.case.number.eq_ignore_ascii_case(id_or_key))
    })
}

fn find_mut<'a>(state: &'a mut State, id_or_key: &str) -> Option<&'a mut Record> {
    let id = find(state, id_or_key)?.case.id.clone();
    state.get_mut(&id)
}

fn account_named(name: &str) -> Option<&'static Account> {
    ACCOUNTS.iter().find(|a| a.name == name || a.email == name)
}

fn user_json(b: &Backend, a: &Account) -> Value {
    json!({
        "self": format!("{}/rest/api/3/user?accountId={}", b.base_url(), a.account_id),
        "accountId": a.account_id,
        "accountType": "atlassian",
        "emailAddress": a.email,
        "displayName": a.name,
        "active": true,
        "timeZone": "Etc/UTC",
    })
}

fn author_json(b: &Backend, name: &str) -> Value {
    match account_named(name) {
        Some(a) => user_json(b, a),
        None => json!({"accountId": "unknown", "displayName": name, "active": true}),
    }
}

fn date_json(ms: i64) -> Value {
    let jira = store::iso_millis(ms);
    json!({
        "iso8601": format!("{}+0000", &jira[..19]),
        "jira": jira,
        "friendly": store::plain(ms),
        "epochMillis": ms,
    })
}

fn status_json(b: &Backend, name: &str) -> Value {
    let (id, cat) = STATUSES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map_or(("1", "indeterminate"), |(_, id, c)| (*id, *c));
    let (cat_id, color, cat_name) = match cat {
        "new" => (2, "blue-gray", "To Do"),
        "done" => (3, "green", "Done"),
        _ => (4, "yellow", "In Progress"),
    };
    json!({
        "self": format!("{}/rest/api/3/status/{id}", b.base_url()),
        "description": "",
        "iconUrl": "",
        "name": name,
        "id": id,
        "statusCategory": {
            "self": format!("{}/rest/api/3/statuscategory/{cat_id}", b.base_url()),
            "id": cat_id,
            "key": cat,
            "colorName": color,
            "name": cat_name,
        }
    })
}

/// An issue with the fields asked for (`*all` for all of them; none by default, as
/// `/search/jql` does).
fn issue_json(b: &Backend, r: &Record, fields: Option<&str>) -> Value {
    let c = &r.case;
    let wanted: Vec<&str> = fields
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .collect();
    let all = wanted.iter().any(|f| *f == "*all" || *f == "*navigable");
    let want = |f: &str| all || wanted.contains(&f);
    let mut out = Map::new();
    if want("summary") {
        out.insert("summary".into(), json!(c.subject));
    }
    if want("status") {
        out.insert("status".into(), status_json(b, &c.status));
    }
    if want("updated") {
        out.insert("updated".into(), json!(store::iso_millis(c.updated_ms)));
    }
    if want("created") {
        out.insert("created".into(), json!(store::iso_millis(c.created_ms)));
    }
    if want("reporter") {
        out.insert("reporter".into(), author_json(b, &c.reporter));
    }
    if want("priority") {
        out.insert("priority".into(), json!({"name": c.priority}));
    }
    json!({
        "expand": "",
        "id": c.id,
        "self": format!("{}/rest/api/3/issue/{}", b.base_url(), c.id),
        "key": c.number,
        "fields": out,
    })
}

fn my_permissions(req: &Request, me: &Account) -> Reply {
    let Some(asked) = req.param("permissions").filter(|p| !p.trim().is_empty()) else {
        return platform(400, &["The permissions query parameter is required."]);
    };
    if let Some(project) = req.param("projectKey") {
        if !project.eq_ignore_ascii_case(PROJECT_KEY) {
            return platform(
                404,
                &[&format!("No project could be found with key '{project}'.")],
            );
        }
    }
    let mut out = Map::new();
    for key in asked.split(',').map(str::trim).filter(|k| !k.is_empty()) {
        let have = me.agent || key == "BROWSE_PROJECTS";
        out.insert(
            key.to_string(),
            json!({
                "id": key,
                "key": key,
                "name": key.replace('_', " ").to_lowercase(),
                "type": "PROJECT",
                "description": "",
                "havePermission": have,
            }),
        );
    }
    Reply::json(200, &json!({"permissions": out}))
}

fn service_desks(b: &Backend, req: &Request) -> Reply {
    let desks = [
        ("2", "10010", "Human Resources", "HR"),
        (SERVICE_DESK_ID, PROJECT_ID, "Vendor Support", PROJECT_KEY),
    ];
    let values: Vec<Value> = desks
        .iter()
        .map(|(id, pid, name, key)| {
            json!({
                "id": id,
                "projectId": pid,
                "projectName": name,
                "projectKey": key,
                "_links": {"self": format!("{}/rest/servicedeskapi/servicedesk/{id}", b.base_url())},
            })
        })
        .collect();
    Reply::json(
        200,
        &paged(b, req, values, "/rest/servicedeskapi/servicedesk"),
    )
}

/// The service desk API's page of `values` from `start`, `limit` at a time.
fn paged(b: &Backend, req: &Request, values: Vec<Value>, path: &str) -> Value {
    let start = req
        .param("start")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let limit = b.page(req.param("limit"), 50);
    let page: Vec<Value> = values.iter().skip(start).take(limit).cloned().collect();
    let last = start + page.len() >= values.len();
    let mut links = json!({
        "base": b.base_url(),
        "context": "",
        "self": format!("{}{path}?start={start}&limit={limit}", b.base_url()),
    });
    if !last {
        links["next"] = json!(format!(
            "{}{path}?start={}&limit={limit}",
            b.base_url(),
            start + limit
        ));
    }
    json!({
        "_expands": [],
        "size": page.len(),
        "start": start,
        "limit": limit,
        "isLastPage": last,
        "_links": links,
        "values": page,
    })
}

fn request_type(b: &Backend, desk_id: &str, rt: &str) -> Reply {
    if desk_id != SERVICE_DESK_ID && desk_id != "2" {
        return desk(
            404,
            "The service project does not exist.",
            "sd.admin.servicedesk.error.not.found",
        );
    }
    if desk_id != SERVICE_DESK_ID || rt != REQUEST_TYPE_ID {
        return desk(
            404,
            "The request type does not exist.",
            "sd.request.type.error.not.found",
        );
    }
    Reply::json(
        200,
        &json!({
            "id": REQUEST_TYPE_ID,
            "name": REQUEST_TYPE_NAME,
            "description": "Get help from the vendor's support team",
            "helpText": "",
            "issueTypeId": "10004",
            "serviceDeskId": SERVICE_DESK_ID,
            "groupIds": [],
            "_links": {"self": format!("{}/rest/servicedeskapi/servicedesk/{SERVICE_DESK_ID}/requesttype/{REQUEST_TYPE_ID}", b.base_url())},
        }),
    )
}

fn invalid_request(detail: &str) -> Reply {
    desk(
        400,
        &format!("Your request could not be created. Please check the fields have been correctly filled in. {detail}"),
        "sd.request.create.error",
    )
}

fn create(b: &Backend, req: &Request, me: &Account) -> Reply {
    if !me.agent {
        return desk(
            403,
            "You do not have permission to create requests in this service project.",
            "sd.request.create.error.permission",
        );
    }
    let Some(body) = req.json().filter(Value::is_object) else {
        return desk(
            400,
            "Unable to read the request body.",
            "sd.request.error.body",
        );
    };
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let desk_id = body.get("serviceDeskId").and_then(text).unwrap_or_default();
    if desk_id != SERVICE_DESK_ID {
        return desk(
            404,
            "The service project does not exist.",
            "sd.admin.servicedesk.error.not.found",
        );
    }
    let rt = body.get("requestTypeId").and_then(text).unwrap_or_default();
    if rt != REQUEST_TYPE_ID {
        return invalid_request("The request type does not exist.");
    }
    let empty = Map::new();
    let fields = body
        .get("requestFieldValues")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    if let Some(other) = fields
        .keys()
        .find(|k| !["summary", "description", "priority"].contains(&k.as_str()))
    {
        return invalid_request(&format!(
            "The field '{other}' is not valid for this request type."
        ));
    }
    let summary = fields
        .get("summary")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let description = fields
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if summary.trim().is_empty() {
        return invalid_request("Summary: You must specify a summary of the issue.");
    }
    if summary.contains(['\n', '\r']) {
        return invalid_request(
            "Summary: The summary is invalid because it contains newline characters.",
        );
    }
    if summary.chars().count() > SUMMARY_LIMIT {
        return invalid_request("Summary: Summary must be less than 255 characters.");
    }
    if description.chars().count() > TEXT_LIMIT {
        return invalid_request(
            "Description: The entered text is too long. It exceeds the allowed limit of 32,767 characters.",
        );
    }
    let priority = match fields.get("priority") {
        None => "Medium".to_string(),
        Some(p) => match p.get("name").and_then(Value::as_str) {
            Some(n @ ("Highest" | "High" | "Medium" | "Low" | "Lowest")) => n.to_string(),
            _ => return invalid_request("Priority: Specify a valid priority."),
        },
    };
    let now = now_ms();
    let mut state = b.state();
    let n = state.records.len() + 1;
    let id = (10_000 + n).to_string();
    let key = format!("{PROJECT_KEY}-{n}");
    // Jira keeps no correlation field: the fake reads the bracketed reference a client puts
    // first in the summary, only so that the tests can count duplicates.
    let correlation = summary
        .strip_prefix('[')
        .and_then(|s| s.split_once(']'))
        .map(|(c, _)| c.to_string())
        .unwrap_or_default();
    let record = Record {
        case: Case {
            id: id.clone(),
            number: key.clone(),
            correlation,
            subject: summary.clone(),
            description: description.clone(),
            status: "Waiting for support".into(),
            priority,
            reporter: me.name.to_string(),
            created_ms: now,
            updated_ms: now,
        },
        comments: Vec::new(),
        extra: Default::default(),
    };
    state.insert(record);
    drop(state);
    let base = b.base_url();
    Reply::json(
        201,
        &json!({
            "_expands": ["participant", "status", "sla", "requestType", "serviceDesk", "attachment", "action", "comment"],
            "issueId": id,
            "issueKey": key,
            "requestTypeId": REQUEST_TYPE_ID,
            "serviceDeskId": SERVICE_DESK_ID,
            "createdDate": date_json(now),
            "reporter": user_json(b, me),
            "requestFieldValues": [
                {"fieldId": "summary", "label": "Summary", "value": summary},
                {"fieldId": "description", "label": "Description", "value": description},
            ],
            "currentStatus": {"status": "Waiting for support", "statusCategory": "NEW", "statusDate": date_json(now)},
            "_links": {
                "jiraRest": format!("{base}/rest/api/2/issue/{id}"),
                "web": format!("{base}/servicedesk/customer/portal/{SERVICE_DESK_ID}/{key}"),
                "self": format!("{base}/rest/servicedeskapi/request/{id}"),
                "agent": format!("{base}/browse/{key}"),
            },
        }),
    )
}

fn comment_json(b: &Backend, c: &Comment, issue_id: &str) -> Value {
    json!({
        "_expands": ["attachment", "renderedBody"],
        "id": c.id,
        "body": c.body,
        "public": c.public,
        "author": author_json(b, &c.author),
        "created": date_json(c.created_ms),
        "_links": {"self": format!("{}/rest/servicedeskapi/request/{issue_id}/comment/{}", b.base_url(), c.id)},
    })
}

fn comments(b: &Backend, req: &Request, id: &str) -> Reply {
    let flag = |name: &str| req.param(name).is_none_or(|v| v != "false");
    let (public, internal) = (flag("public"), flag("internal"));
    let state = b.state();
    let Some(r) = find(&state, id) else {
        return no_request();
    };
    let values: Vec<Value> = r
        .comments
        .iter()
        .filter(|c| if c.public { public } else { internal })
        .map(|c| comment_json(b, c, &r.case.id))
        .collect();
    let path = format!("/rest/servicedeskapi/request/{}/comment", r.case.id);
    drop(state);
    Reply::json(200, &paged(b, req, values, &path))
}

fn add_comment(b: &Backend, req: &Request, id: &str, me: &Account) -> Reply {
    let mut state = b.state();
    let n = state.next();
    let Some(r) = find_mut(&mut state, id) else {
        return no_request();
    };
    if !me.agent {
        return desk(
            403,
            "You do not have permission to add comments to this request.",
            "sd.comment.error.permission",
        );
    }
    let Some(body) = req.json() else {
        return desk(
            400,
            "Unable to read the request body.",
            "sd.request.error.body",
        );
    };
    let text = body.get("body").and_then(Value::as_str).unwrap_or("");
    if text.trim().is_empty() {
        return desk(
            400,
            "The comment body cannot be empty.",
            "sd.comment.error.empty",
        );
    }
    if text.chars().count() > TEXT_LIMIT {
        return desk(
            400,
            "The entered text is too long. It exceeds the allowed limit of 32,767 characters.",
            "sd.comment.error.too.long",
        );
    }
    let now = now_ms().max(r.case.updated_ms);
    let comment = Comment {
        id: (30_000 + n).to_string(),
        author: me.name.to_string(),
        body: text.to_string(),
        public: body.get("public").and_then(Value::as_bool).unwrap_or(true),
        created_ms: now,
    };
    r.case.updated_ms = now;
    r.comments.push(comment.clone());
    let issue_id = r.case.id.clone();
    drop(state);
    Reply::json(201, &comment_json(b, &comment, &issue_id))
}

fn transitions(b: &Backend, id: &str, me: &Account) -> Reply {
    let state = b.state();
    let Some(r) = find(&state, id) else {
        return no_issue();
    };
    // Without the permission the workflow simply offers nothing.
    let list: Vec<Value> = if me.agent {
        transitions_from(&r.case.status)
            .into_iter()
            .map(|(tid, name, to)| {
                json!({
                    "id": tid,
                    "name": name,
                    "to": status_json(b, to),
                    "hasScreen": false,
                    "isGlobal": false,
                    "isInitial": false,
                    "isAvailable": true,
                    "isConditional": false,
                    "isLooped": false,
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    Reply::json(200, &json!({"expand": "transitions", "transitions": list}))
}

fn transition(b: &Backend, req: &Request, id: &str, me: &Account) -> Reply {
    let mut state = b.state();
    let Some(r) = find_mut(&mut state, id) else {
        return no_issue();
    };
    let asked = req
        .json()
        .and_then(|v| {
            v.pointer("/transition/id").and_then(|t| match t {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
        })
        .unwrap_or_default();
    let offered = if me.agent {
        transitions_from(&r.case.status)
    } else {
        Vec::new()
    };
    let Some((_, _, to)) = offered.into_iter().find(|(tid, _, _)| *tid == asked) else {
        return platform(
            400,
            &[&format!(
                "Transition id '{asked}' is not valid for this issue."
            )],
        );
    };
    r.case.status = to.to_string();
    r.case.updated_ms = now_ms().max(r.case.updated_ms);
    Reply::empty(204)
}

fn search(b: &Backend, req: &Request, me: &Account) -> Reply {
    let jql = req.param("jql").unwrap_or("");
    let query = match parse_jql(jql) {
        Ok(q) => q,
        Err(e) => return platform(400, &[&e]),
    };
    let state = b.state();
    let now = now_ms();
    // Validate the values first, as Jira does before it searches.
    for clause in &query.clauses {
        if let Err(e) = check_clause(&state, clause, now) {
            return platform(400, &[&e]);
        }
    }
    let mut hits: Vec<&Record> = state
        .records
        .iter()
        .filter(|r| query.clauses.iter().all(|c| matches(r, c, me, now)))
        .collect();
    for (field, desc) in query.order.iter().rev() {
        hits.sort_by(|a, b| {
            let (a, b) = (&a.case, &b.case);
            let o = match field.as_str() {
                "updated" => a.updated_ms.cmp(&b.updated_ms),
                "created" => a.created_ms.cmp(&b.created_ms),
                _ => a.id.len().cmp(&b.id.len()).then(a.id.cmp(&b.id)),
            };
            if *desc {
                o.reverse()
            } else {
                o
            }
        });
    }
    let start = match req.param("nextPageToken") {
        None => 0,
        Some(t) => match t.strip_prefix("fake-page-").and_then(|n| n.parse().ok()) {
            Some(n) => n,
            None => return platform(400, &["The nextPageToken is invalid or has expired."]),
        },
    };
    let size = b.page(req.param("maxResults"), 50);
    let fields = req.param("fields");
    let issues: Vec<Value> = hits
        .iter()
        .skip(start)
        .take(size)
        .map(|r| issue_json(b, r, fields))
        .collect();
    let last = start + size >= hits.len();
    let mut out = json!({"issues": issues, "isLast": last});
    if !last {
        out["nextPageToken"] = json!(format!("fake-page-{}", start + size));
    }
    Reply::json(200, &out)
}

#[derive(Debug, Clone, PartialEq)]
struct Query {
    clauses: Vec<Clause>,
    /// Field and whether descending.
    order: Vec<(String, bool)>,
}

#[derive(Debug, Clone, PartialEq)]
struct Clause {
    field: String,
    op: String,
    values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Text(String),
    Op(String),
    Open,
    Close,
    Comma,
}

fn tokens(jql: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = jql.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' | ',' => {
                chars.next();
                out.push(match c {
                    '(' => Token::Open,
                    ')' => Token::Close,
                    _ => Token::Comma,
                });
            }
            '"' | '\'' => {
                chars.next();
                let mut s = String::new();
                loop {
                    match chars.next() {
                        None => return Err("Error in the JQL Query: unterminated string.".into()),
                        Some('\\') => {
                            if let Some(n) = chars.next() {
                                s.push(n);
                            }
                        }
                        Some(q) if q == c => break,
                        Some(o) => s.push(o),
                    }
                }
                out.push(Token::Text(s));
            }
            '=' | '!' | '~' | '<' | '>' => {
                let mut op = String::new();
                while let Some(&o) = chars.peek() {
                    if "=!~<>".contains(o) {
                        op.push(o);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if !["=", "!=", "~", "!~", "<", ">", "<=", ">="].contains(&op.as_str()) {
                    return Err(format!(
                        "Error in the JQL Query: '{op}' is not an operator."
                    ));
                }
                out.push(Token::Op(op));
            }
            _ => {
                let mut w = String::new();
                while let Some(&o) = chars.peek() {
                    if o.is_whitespace() || "=!~<>(),\"'".contains(o) {
                        break;
                    }
                    w.push(o);
                    chars.next();
                }
                out.push(Token::Word(w));
            }
        }
    }
    Ok(out)
}

fn parse_jql(jql: &str) -> Result<Query, String> {
    let toks = tokens(jql)?;
    let mut i = 0;
    let mut clauses = Vec::new();
    let mut order = Vec::new();
    let word =
        |t: Option<&Token>, w: &str| matches!(t, Some(Token::Word(x)) if x.eq_ignore_ascii_case(w));
    let value = |toks: &[Token], i: &mut usize| -> Result<String, String> {
        match toks.get(*i) {
            Some(Token::Word(w) | Token::Text(w)) => {
                *i += 1;
                // A function call: currentUser().
                if toks.get(*i) == Some(&Token::Open) && toks.get(*i + 1) == Some(&Token::Close) {
                    *i += 2;
                    return Ok(format!("{w}()"));
                }
                Ok(w.clone())
            }
            _ => Err("Error in the JQL Query: expecting a value.".into()),
        }
    };
    while i < toks.len() {
        if word(toks.get(i), "order") {
            if !word(toks.get(i + 1), "by") {
                return Err("Error in the JQL Query: expecting 'by' after 'order'.".into());
            }
            i += 2;
            loop {
                let field = match toks.get(i) {
                    Some(Token::Word(w)) => w.to_lowercase(),
                    _ => {
                        return Err("Error in the JQL Query: expecting a field to order by.".into())
                    }
                };
                i += 1;
                let mut desc = false;
                if word(toks.get(i), "desc") {
                    desc = true;
                    i += 1;
                } else if word(toks.get(i), "asc") {
                    i += 1;
                }
                order.push((field, desc));
                if toks.get(i) == Some(&Token::Comma) {
                    i += 1;
                } else {
                    break;
                }
            }
            if i < toks.len() {
                return Err("Error in the JQL Query: unexpected text after ORDER BY.".into());
            }
            break;
        }
        if !clauses.is_empty() {
            if word(toks.get(i), "or") {
                return Err("Error in the JQL Query: this site does not search with OR.".into());
            }
            if !word(toks.get(i), "and") {
                return Err("Error in the JQL Query: expecting 'AND' or 'ORDER BY'.".into());
            }
            i += 1;
        }
        let field = match toks.get(i) {
            Some(Token::Word(w) | Token::Text(w)) => w.to_lowercase(),
            _ => return Err("Error in the JQL Query: expecting a field name.".into()),
        };
        i += 1;
        let op = match toks.get(i) {
            Some(Token::Op(o)) => {
                i += 1;
                o.clone()
            }
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("in") => {
                i += 1;
                "in".into()
            }
            Some(Token::Word(w))
                if w.eq_ignore_ascii_case("not") && word(toks.get(i + 1), "in") =>
            {
                i += 2;
                "not in".into()
            }
            _ => {
                return Err(format!(
                    "Error in the JQL Query: expecting an operator after '{field}'."
                ))
            }
        };
        let mut values = Vec::new();
        if op.ends_with("in") {
            if toks.get(i) != Some(&Token::Open) {
                return Err("Error in the JQL Query: expecting '(' after IN.".into());
            }
            i += 1;
            loop {
                values.push(value(&toks, &mut i)?);
                match toks.get(i) {
                    Some(Token::Comma) => i += 1,
                    Some(Token::Close) => {
                        i += 1;
                        break;
                    }
                    _ => return Err("Error in the JQL Query: expecting ',' or ')'.".into()),
                }
            }
        } else {
            values.push(value(&toks, &mut i)?);
        }
        clauses.push(Clause { field, op, values });
    }
    Ok(Query { clauses, order })
}

/// A JQL date: relative (`-15m`, `-2h`, `-1d`, `-1w`) or absolute in the account's time zone.
fn jql_date(value: &str, now: i64) -> Option<i64> {
    let v = value.trim();
    if let Some(unit) = v.chars().last().filter(|c| "mhdw".contains(*c)) {
        let n: i64 = v[..v.len() - 1].parse().ok()?;
        let ms = match unit {
            'm' => 60_000,
            'h' => 3_600_000,
            'd' => 86_400_000,
            _ => 7 * 86_400_000,
        };
        return Some(now + n * ms);
    }
    store::parse_plain(v)
}

fn check_clause(state: &State, c: &Clause, now: i64) -> Result<(), String> {
    match c.field.as_str() {
        "project" => {
            for v in &c.values {
                if !v.eq_ignore_ascii_case(PROJECT_KEY) && v != PROJECT_ID {
                    return Err(format!(
                        "The value '{v}' does not exist for the field 'project'."
                    ));
                }
            }
        }
        "key" | "issuekey" | "issue" | "id" => {
            for v in &c.values {
                if find(state, v).is_none() {
                    return Err(format!(
                        "An issue with key '{v}' does not exist for field '{}'.",
                        c.field
                    ));
                }
            }
        }
        "updated" | "created" => {
            for v in &c.values {
                if jql_date(v, now).is_none() {
                    return Err(format!(
                        "Date value '{v}' for field '{}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.",
                        c.field
                    ));
                }
            }
        }
        "summary" | "text" => {
            if c.op != "~" {
                return Err(format!(
                    "The operator '{}' is not supported by the '{}' field.",
                    c.op, c.field
                ));
            }
        }
        "reporter" | "status" => {}
        other => {
            return Err(format!(
                "Field '{other}' does not exist or you do not have permission to view it."
            ))
        }
    }
    Ok(())
}

/// Words as Jira's text index splits them: runs of letters and digits, lower case.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn text_match(haystack: &str, query: &str) -> bool {
    let hay = words(haystack);
    let q = query.trim();
    if q.len() >= 2 && q.starts_with('"') && q.ends_with('"') {
        let phrase = words(&q[1..q.len() - 1]);
        return phrase.is_empty() || hay.windows(phrase.len()).any(|w| w == phrase.as_slice());
    }
    words(q).iter().all(|w| hay.contains(w))
}

fn matches(r: &Record, c: &Clause, me: &Account, now: i64) -> bool {
    let case = &r.case;
    let equal = |v: &str| -> bool {
        match c.field.as_str() {
            "project" => true,
            "key" | "issuekey" | "issue" | "id" => {
                v == case.id || v.eq_ignore_ascii_case(&case.number)
            }
            "reporter" => {
                if v.eq_ignore_ascii_case("currentuser()") {
                    case.reporter == me.name
                } else {
                    account_named(v).is_some_and(|a| a.name == case.reporter) || v == case.reporter
                }
            }
            "status" => v.eq_ignore_ascii_case(&case.status),
            _ => false,
        }
    };
    match (c.field.as_str(), c.op.as_str()) {
        ("summary", _) => c.values.iter().all(|v| text_match(&case.subject, v)),
        ("text", _) => c
            .values
            .iter()
            .all(|v| text_match(&format!("{} {}", case.subject, case.description), v)),
        ("updated" | "created", op) => {
            let at = if c.field == "updated" {
                case.updated_ms
            } else {
                case.created_ms
            };
            let Some(t) = c.values.first().and_then(|v| jql_date(v, now)) else {
                return false;
            };
            match op {
                ">=" => at >= t,
                ">" => at > t,
                "<=" => at <= t,
                "<" => at < t,
                "=" => at / 60_000 == t / 60_000,
                _ => false,
            }
        }
        (_, "=" | "in") => c.values.iter().any(|v| equal(v)),
        (_, "!=" | "not in") => !c.values.iter().any(|v| equal(v)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth(email: &str, token: &str) -> String {
        use base64::Engine as _;
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{email}:{token}"))
        )
    }

    fn call(b: &Backend, method: &str, target: &str, body: Value) -> Reply {
        let a = auth(EMAIL, TOKEN);
        let body = if body.is_null() {
            Vec::new()
        } else {
            body.to_string().into_bytes()
        };
        route(
            b,
            &Request::new(method, target, &[("authorization", &a)], &body),
        )
    }

    fn backend(page_size: usize) -> Backend {
        let profile = Profile {
            agent: VENDOR_AGENT,
            resolved: "Resolved",
            status: status_word,
            comment_id: |n| (30_000 + n).to_string(),
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

    fn create_one(b: &Backend, summary: &str) -> Reply {
        call(
            b,
            "POST",
            "/rest/servicedeskapi/request",
            json!({"serviceDeskId": SERVICE_DESK_ID, "requestTypeId": REQUEST_TYPE_ID,
                   "requestFieldValues": {"summary": summary, "description": "d"}}),
        )
    }

    #[test]
    fn jql_parses_the_clauses_switchboard_sends() {
        let q = parse_jql(r#"project = "SUP" AND summary ~ "\"SB-1/2\"" AND updated >= "-15m" AND reporter = currentUser() ORDER BY updated ASC"#).unwrap();
        assert_eq!(q.clauses.len(), 4);
        assert_eq!(q.clauses[1].values, vec!["\"SB-1/2\"".to_string()]);
        assert_eq!(q.clauses[3].values, vec!["currentUser()".to_string()]);
        assert_eq!(q.order, vec![("updated".to_string(), false)]);
        let q = parse_jql("key in (SUP-1, SUP-2)").unwrap();
        assert_eq!(q.clauses[0].op, "in");
        assert!(parse_jql("project = SUP OR project = HR").is_err());
        assert!(parse_jql("summary ~ \"open").is_err());
        assert!(text_match("[SB-1/2] Диск", "\"SB-1/2\""));
        assert!(!text_match("[SB-1/23] Диск", "\"SB-1/2\""));
        assert!(text_match("[SB-1/2] Диск полон", "диск"));
        assert_eq!(jql_date("-2m", 1_000_000), Some(880_000));
        assert_eq!(jql_date("1970/01/01 00:01", 0), Some(60_000));
    }

    #[test]
    fn requests_are_validated_and_searched_page_by_page() {
        let b = backend(2);
        let r = create_one(&b, "line\nbreak");
        assert_eq!(r.status, 400);
        assert!(r.value()["errorMessage"]
            .as_str()
            .unwrap()
            .contains("newline"));
        for i in 0..5 {
            assert_eq!(create_one(&b, &format!("[SB-{i}/1] case {i}")).status, 201);
        }
        assert_eq!(b.create_requests(), 6);
        let mut token = String::new();
        let mut keys = Vec::new();
        loop {
            let mut target = "/rest/api/3/search/jql?jql=project%20%3D%20SUP%20ORDER%20BY%20created%20ASC&fields=summary,status".to_string();
            if !token.is_empty() {
                target.push_str(&format!("&nextPageToken={token}"));
            }
            let page = call(&b, "GET", &target, Value::Null).value();
            for i in page["issues"].as_array().unwrap() {
                keys.push(i["key"].as_str().unwrap().to_string());
                assert_eq!(i["fields"]["status"]["statusCategory"]["key"], "new");
            }
            match page["nextPageToken"].as_str() {
                Some(t) => token = t.to_string(),
                None => break,
            }
        }
        assert_eq!(keys, ["SUP-1", "SUP-2", "SUP-3", "SUP-4", "SUP-5"]);
        let bad = call(
            &b,
            "GET",
            "/rest/api/3/search/jql?jql=key%20%3D%20SUP-99",
            Value::Null,
        );
        assert_eq!(bad.status, 400);
        assert_eq!(b.cases_for("SB-3/1").len(), 1);
    }

    #[test]
    fn auth_and_workflow_follow_the_site() {
        let b = backend(50);
        let r = route(&b, &Request::new("GET", "/rest/api/3/myself", &[], &[]));
        assert_eq!(r.status, 401);
        let wrong = auth(EMAIL, "nope");
        let r = route(
            &b,
            &Request::new(
                "GET",
                "/rest/api/3/myself",
                &[("authorization", &wrong)],
                &[],
            ),
        );
        assert_eq!(r.status, 401);
        let id = create_one(&b, "[SB-9/1] x").value()["issueId"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(b.resolve(&id));
        let t = call(
            &b,
            "GET",
            &format!("/rest/api/3/issue/{id}/transitions"),
            Value::Null,
        )
        .value();
        let names: Vec<&str> = t["transitions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Reopen", "Close"]);
        let r = call(
            &b,
            "POST",
            &format!("/rest/api/3/issue/{id}/transitions"),
            json!({"transition": {"id": "71"}}),
        );
        assert_eq!(r.status, 204);
        assert_eq!(b.case(&id).unwrap().status, "Waiting for support");
        let viewer = auth(VIEWER_EMAIL, VIEWER_TOKEN);
        let r = route(
            &b,
            &Request::new(
                "POST",
                &format!("/rest/servicedeskapi/request/{id}/comment"),
                &[("authorization", &viewer)],
                br#"{"body":"hi","public":true}"#,
            ),
        );
        assert_eq!(r.status, 403);
        assert_eq!(
            call(
                &b,
                "GET",
                "/rest/servicedeskapi/request/SUP-77/comment",
                Value::Null
            )
            .status,
            404
        );
    }
}
