//! A fake ServiceNow instance: the Table API (`/api/now/table/{table}`) on `incident`,
//! `sys_journal_field` (the comments and work notes of incidents) and `sys_user`, with encoded
//! queries (`sysparm_query`: `=`, `!=`, `IN`, `LIKE`, `STARTSWITH`, `>=`, `<=`, `>`, `<`,
//! `ORDERBY`, `ORDERBYDESC`, joined by `^`), `sysparm_fields`, `sysparm_display_value`
//! (`false`, `true`, `all`), `sysparm_exclude_reference_link`, offset paging with
//! `sysparm_limit`/`sysparm_offset` and the `X-Total-Count` and `Link` headers, and the error
//! body `{"error":{"message","detail"},"status":"failure"}`.
//!
//! Dates are kept in UTC, which is also the fake users' time zone.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::ops::Deref;

use serde_json::{json, Map, Value};

use crate::server::{self, Reply, Request, Server};
use crate::store::{self, now_ms, Backend, Case, Comment, Options, Profile, Record};

/// The integration user Switchboard signs in as (roles itil and rest_api_explorer).
pub const USER: &str = "switchboard.integration";
pub const PASSWORD: &str = "sn-password-5e2a";
/// A user with read access to incidents only: no writes, no journal.
pub const READONLY_USER: &str = "readonly.user";
pub const READONLY_PASSWORD: &str = "sn-readonly-8f31";
/// The vendor's agent (a user name, as the journal records authors).
pub const VENDOR_AGENT: &str = "david.miller";

struct User {
    user_name: &'static str,
    password: &'static str,
    name: &'static str,
    itil: bool,
}

const USERS: [User; 3] = [
    User {
        user_name: USER,
        password: PASSWORD,
        name: "Switchboard Integration",
        itil: true,
    },
    User {
        user_name: READONLY_USER,
        password: READONLY_PASSWORD,
        name: "Read Only",
        itil: false,
    },
    User {
        user_name: VENDOR_AGENT,
        password: "",
        name: "David Miller",
        itil: true,
    },
];

/// Incident state codes and labels.
const STATES: [(&str, &str); 6] = [
    ("1", "New"),
    ("2", "In Progress"),
    ("3", "On Hold"),
    ("6", "Resolved"),
    ("7", "Closed"),
    ("8", "Canceled"),
];

fn state_code(s: &str) -> Option<&'static str> {
    let s = s.trim();
    STATES
        .iter()
        .find(|(code, label)| *code == s || label.eq_ignore_ascii_case(s))
        .map(|(code, _)| *code)
}

fn sys_id(n: u64) -> String {
    // Spread the counter over 32 hex digits, as sys_ids look.
    format!(
        "{:032x}",
        u128::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835)
    )
}

/// The fake instance.
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
            resolved: "6",
            status: state_code,
            comment_id: sys_id,
        };
        let backend = Backend::new(base_url, options, profile);
        let server = server::serve(listener, backend.clone(), route, limited);
        Ok(Fake {
            backend,
            _server: server,
        })
    }

    pub fn settings(&self) -> BTreeMap<String, String> {
        self.settings_for(USER)
    }

    pub fn secret(&self) -> &'static str {
        PASSWORD
    }

    pub fn restricted_settings(&self) -> BTreeMap<String, String> {
        self.settings_for(READONLY_USER)
    }

    pub fn restricted_secret(&self) -> &'static str {
        READONLY_PASSWORD
    }

    fn settings_for(&self, user: &str) -> BTreeMap<String, String> {
        [("base_url", self.base_url()), ("user", user.to_string())]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect()
    }

    /// Acts as the admin adding a data policy: `field` becomes mandatory on new incidents.
    pub fn require_field(&self, field: &str) {
        self.state().required.push(field.to_string());
    }
}

fn error(status: u16, message: &str, detail: Option<&str>) -> Reply {
    Reply::json(
        status,
        &json!({"error": {"message": message, "detail": detail}, "status": "failure"}),
    )
}

fn limited(backend: &Backend, wait_secs: u64) -> Reply {
    let reset = now_ms() / 1000 + i64::try_from(wait_secs).unwrap_or(1);
    error(
        429,
        "Rate limit exceeded",
        Some("The inbound REST API rate limit for this user has been exceeded"),
    )
    .header("Retry-After", wait_secs.to_string())
    .header(
        "X-RateLimit-Limit",
        backend.options().rate_limit.unwrap_or(0).to_string(),
    )
    .header("X-RateLimit-Reset", reset.to_string())
    .header("X-RateLimit-Rule", "4e1f2c3d8f3a12002b6c9a51cbbcd0aa")
}

fn not_found() -> Reply {
    error(
        404,
        "No Record found",
        Some("Record doesn't exist or ACL restricts the record retrieval"),
    )
}

fn acl(action: &str) -> Reply {
    error(
        403,
        "Operation Failed",
        Some(&format!(
            "ACL Exception {action} Failed due to security constraints"
        )),
    )
}

fn route(b: &Backend, req: &Request) -> Reply {
    let segments = req.segments();
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    if matches!(
        (req.method.as_str(), s.as_slice()),
        ("POST", ["api", "now", "table", "incident"])
    ) {
        b.count_create();
    }
    let Some(me) = req.basic_auth().and_then(|(user, password)| {
        USERS
            .iter()
            .find(|u| !u.password.is_empty() && u.user_name == user && u.password == password)
    }) else {
        return error(
            401,
            "User Not Authenticated",
            Some("Required to provide Auth information"),
        )
        .header("WWW-Authenticate", "BASIC realm=\"Service-now\"");
    };
    let (table, id) = match s.as_slice() {
        ["api", "now", "table", table] => (*table, None),
        ["api", "now", "table", table, id] => (*table, Some(*id)),
        _ => return error(400, "Requested URI does not represent any resource", None),
    };
    if !["incident", "sys_journal_field", "sys_user"].contains(&table) {
        return error(400, &format!("Invalid table {table}"), None);
    }
    match (req.method.as_str(), id) {
        ("GET", _) if table == "sys_journal_field" && !me.itil => acl("Read"),
        ("GET", None) => list(b, req, table),
        ("GET", Some(id)) => {
            let rows = rows(b, table);
            match rows
                .into_iter()
                .find(|r| r.get("sys_id").is_some_and(|v| v == id))
            {
                Some(row) => Reply::json(200, &json!({"result": render(b, req, &row)})),
                None => not_found(),
            }
        }
        ("POST", None) if table == "incident" => create(b, req, me),
        ("PATCH" | "PUT", Some(id)) if table == "incident" => update(b, req, me, id),
        ("POST" | "PATCH" | "PUT" | "DELETE", _) => {
            if me.itil {
                error(
                    405,
                    "Method not Supported",
                    Some("Method not supported for this table"),
                )
            } else {
                acl("Insert")
            }
        }
        _ => error(405, "Method not Supported", None),
    }
}

type Row = BTreeMap<String, String>;

fn incident_row(r: &Record) -> Row {
    let c = &r.case;
    let mut row = Row::new();
    let mut put = |k: &str, v: &str| {
        row.insert(k.to_string(), v.to_string());
    };
    put("sys_id", &c.id);
    put("number", &c.number);
    put("short_description", &c.subject);
    put("description", &c.description);
    put("correlation_id", &c.correlation);
    put("correlation_display", r.extra("correlation_display"));
    put("state", &c.status);
    put("incident_state", &c.status);
    put("impact", r.extra("impact"));
    put("urgency", r.extra("urgency"));
    put("priority", &c.priority);
    put("assignment_group", r.extra("assignment_group"));
    put("caller_id", r.extra("caller_id"));
    put("category", r.extra("category"));
    put(
        "active",
        if ["6", "7", "8"].contains(&c.status.as_str()) {
            "false"
        } else {
            "true"
        },
    );
    put("opened_at", &store::plain(c.created_ms));
    put("sys_created_on", &store::plain(c.created_ms));
    put("sys_updated_on", &store::plain(c.updated_ms));
    put("sys_created_by", &c.reporter);
    put("sys_updated_by", r.extra("sys_updated_by"));
    row
}

fn journal_row(incident: &str, c: &Comment) -> Row {
    [
        ("sys_id", c.id.clone()),
        ("name", "incident".to_string()),
        (
            "element",
            if c.public { "comments" } else { "work_notes" }.to_string(),
        ),
        ("element_id", incident.to_string()),
        ("value", c.body.clone()),
        ("sys_created_by", c.author.clone()),
        ("sys_created_on", store::plain(c.created_ms)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn rows(b: &Backend, table: &str) -> Vec<Row> {
    match table {
        "sys_user" => USERS
            .iter()
            .enumerate()
            .map(|(i, u)| {
                [
                    ("sys_id", sys_id(1_000_000 + i as u64)),
                    ("user_name", u.user_name.to_string()),
                    ("name", u.name.to_string()),
                    ("email", format!("{}@example.com", u.user_name)),
                    ("active", "true".to_string()),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect()
            })
            .collect(),
        "sys_journal_field" => {
            let state = b.state();
            let mut out: Vec<Row> = state
                .records
                .iter()
                .flat_map(|r| r.comments.iter().map(|c| journal_row(&r.case.id, c)))
                .collect();
            out.sort_by(|a, b| a.get("sys_created_on").cmp(&b.get("sys_created_on")));
            out
        }
        _ => b.state().records.iter().map(incident_row).collect(),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Term {
    Cond {
        field: String,
        op: &'static str,
        value: String,
    },
    Order {
        field: String,
        desc: bool,
    },
}

/// An encoded query, split at `^` (`^^` is a literal caret).
fn parse_query(q: &str) -> Result<Vec<Term>, String> {
    let mut parts = Vec::new();
    let mut part = String::new();
    let mut chars = q.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '^' {
            part.push(c);
        } else if chars.peek() == Some(&'^') {
            chars.next();
            part.push('^');
        } else {
            parts.push(std::mem::take(&mut part));
        }
    }
    parts.push(part);
    let mut terms = Vec::new();
    for part in parts.into_iter().filter(|p| !p.is_empty()) {
        if let Some(f) = part.strip_prefix("ORDERBYDESC") {
            terms.push(Term::Order {
                field: f.to_string(),
                desc: true,
            });
            continue;
        }
        if let Some(f) = part.strip_prefix("ORDERBY") {
            terms.push(Term::Order {
                field: f.to_string(),
                desc: false,
            });
            continue;
        }
        let split = part
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'))
            .ok_or_else(|| format!("Invalid query condition {part}"))?;
        let (field, rest) = part.split_at(split);
        let op = ["STARTSWITH", "LIKE", "IN", ">=", "<=", "!=", "=", ">", "<"]
            .into_iter()
            .find(|op| rest.starts_with(op))
            .ok_or_else(|| format!("Invalid query condition {part}"))?;
        if field.is_empty() {
            return Err(format!("Invalid query condition {part}"));
        }
        terms.push(Term::Cond {
            field: field.to_string(),
            op,
            value: rest[op.len()..].to_string(),
        });
    }
    Ok(terms)
}

fn compare(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
        _ => a.cmp(b),
    }
}

fn holds(row: &Row, field: &str, op: &str, value: &str) -> bool {
    let have = row.get(field).map_or("", String::as_str);
    let (lower, want) = (have.to_lowercase(), value.to_lowercase());
    match op {
        "=" => lower == want,
        "!=" => lower != want,
        "IN" => want.split(',').any(|v| v.trim() == lower),
        "LIKE" => lower.contains(&want),
        "STARTSWITH" => lower.starts_with(&want),
        ">=" => compare(have, value).is_ge(),
        "<=" => compare(have, value).is_le(),
        ">" => compare(have, value).is_gt(),
        "<" => compare(have, value).is_lt(),
        _ => false,
    }
}

fn list(b: &Backend, req: &Request, table: &str) -> Reply {
    let terms = match parse_query(req.param("sysparm_query").unwrap_or("")) {
        Ok(t) => t,
        Err(e) => return error(400, "Invalid query", Some(&e)),
    };
    let mut found: Vec<Row> = rows(b, table)
        .into_iter()
        .filter(|row| {
            terms.iter().all(|t| match t {
                Term::Cond { field, op, value } => holds(row, field, op, value),
                Term::Order { .. } => true,
            })
        })
        .collect();
    for t in terms.iter().rev() {
        if let Term::Order { field, desc } = t {
            found.sort_by(|x, y| {
                let o = compare(
                    x.get(field).map_or("", String::as_str),
                    y.get(field).map_or("", String::as_str),
                );
                if *desc {
                    o.reverse()
                } else {
                    o
                }
            });
        }
    }
    let total = found.len();
    let offset = req
        .param("sysparm_offset")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let limit = b.page(req.param("sysparm_limit"), 10_000);
    let result: Vec<Value> = found
        .iter()
        .skip(offset)
        .take(limit)
        .map(|row| render(b, req, row))
        .collect();
    let link = |at: usize, rel: &str| {
        let mut query: Vec<(String, String)> = req
            .query
            .iter()
            .filter(|(k, _)| k != "sysparm_offset" && k != "sysparm_limit")
            .cloned()
            .collect();
        query.push(("sysparm_limit".into(), limit.to_string()));
        query.push(("sysparm_offset".into(), at.to_string()));
        let qs = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(query)
            .finish();
        format!(
            "<{}/api/now/table/{table}?{qs}>;rel=\"{rel}\"",
            b.base_url()
        )
    };
    let mut links = vec![link(0, "first")];
    if offset + limit < total {
        links.push(link(offset + limit, "next"));
    }
    if offset > 0 {
        links.push(link(offset.saturating_sub(limit), "prev"));
    }
    let last = if total == 0 {
        0
    } else {
        (total - 1) / limit * limit
    };
    links.push(link(last, "last"));
    Reply::json(200, &json!({"result": result}))
        .header("X-Total-Count", total.to_string())
        .header("Link", links.join(","))
}

fn label(field: &str, raw: &str) -> String {
    let table: &[(&str, &str)] = match field {
        "state" | "incident_state" => &STATES,
        "impact" | "urgency" => &[("1", "1 - High"), ("2", "2 - Medium"), ("3", "3 - Low")],
        "priority" => &[
            ("1", "1 - Critical"),
            ("2", "2 - High"),
            ("3", "3 - Moderate"),
            ("4", "4 - Low"),
            ("5", "5 - Planning"),
        ],
        _ => &[],
    };
    table
        .iter()
        .find(|(code, _)| *code == raw)
        .map_or_else(|| raw.to_string(), |(_, l)| (*l).to_string())
}

/// A row as the Table API answers it: the fields asked for, raw or display values, and
/// reference fields as links unless excluded.
fn render(b: &Backend, req: &Request, row: &Row) -> Value {
    let fields: Option<Vec<&str>> = req
        .param("sysparm_fields")
        .filter(|f| !f.trim().is_empty())
        .map(|f| f.split(',').map(str::trim).collect());
    let display = req.param("sysparm_display_value").unwrap_or("false");
    let exclude_links = req.param("sysparm_exclude_reference_link") == Some("true");
    let mut out = Map::new();
    for (k, v) in row {
        if fields.as_ref().is_some_and(|f| !f.contains(&k.as_str())) {
            continue;
        }
        let reference = matches!(k.as_str(), "assignment_group" | "caller_id") && !v.is_empty();
        let shown = label(k, v);
        let value = match display {
            "true" => json!(shown),
            "all" => json!({"display_value": shown, "value": v}),
            _ if reference && !exclude_links => json!({
                "link": format!("{}/api/now/table/sys_user/{v}", b.base_url()),
                "value": v,
            }),
            _ => json!(v),
        };
        out.insert(k.clone(), value);
    }
    Value::Object(out)
}

/// The priority the instance's lookup rules give an impact and an urgency.
fn priority(impact: &str, urgency: &str) -> String {
    let i: u32 = impact.parse().unwrap_or(3);
    let u: u32 = urgency.parse().unwrap_or(3);
    (i + u - 1).clamp(1, 5).to_string()
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn field_label(field: &str) -> String {
    match field {
        "caller_id" => "Caller".into(),
        "assignment_group" => "Assignment group".into(),
        "category" => "Category".into(),
        "short_description" => "Short description".into(),
        other => other.to_string(),
    }
}

fn invalid_json() -> Reply {
    error(
        400,
        "Exception while reading request",
        Some("The payload is not valid JSON."),
    )
}

fn create(b: &Backend, req: &Request, me: &User) -> Reply {
    if !me.itil {
        return acl("Insert");
    }
    let Some(Value::Object(body)) = req.json() else {
        return invalid_json();
    };
    let get = |k: &str| body.get(k).and_then(text).unwrap_or_default();
    let mut state = b.state();
    let missing: Vec<String> = state
        .required
        .iter()
        .filter(|f| get(f).trim().is_empty())
        .map(|f| field_label(f))
        .collect();
    if !missing.is_empty() {
        return error(
            403,
            "Operation Failed",
            Some(&format!(
                "Data Policy Exception: \n\tThe following fields are mandatory: {}\n",
                missing.join(", ")
            )),
        );
    }
    let n = state.next();
    let now = now_ms();
    let impact = Some(get("impact"))
        .filter(|v| !v.is_empty())
        .unwrap_or("3".into());
    let urgency = Some(get("urgency"))
        .filter(|v| !v.is_empty())
        .unwrap_or("3".into());
    let status = state_code(&get("state")).unwrap_or("1").to_string();
    // The instance cuts fields at their length, silently.
    let cut = |s: String, n: usize| s.chars().take(n).collect::<String>();
    let mut extra = HashMap::new();
    for k in ["assignment_group", "caller_id", "category"] {
        extra.insert(k.to_string(), get(k));
    }
    extra.insert(
        "correlation_display".into(),
        cut(get("correlation_display"), 100),
    );
    extra.insert("impact".into(), impact.clone());
    extra.insert("urgency".into(), urgency.clone());
    extra.insert("sys_updated_by".into(), me.user_name.to_string());
    let record = Record {
        case: Case {
            id: sys_id(n),
            number: format!("INC{:07}", 10_000 + state.records.len() + 1),
            correlation: cut(get("correlation_id"), 100),
            subject: cut(get("short_description"), 160),
            description: get("description"),
            status,
            priority: priority(&impact, &urgency),
            reporter: me.user_name.to_string(),
            created_ms: now,
            updated_ms: now,
        },
        comments: Vec::new(),
        extra,
    };
    let at = state.insert(record);
    let first = get("comments");
    if !first.trim().is_empty() {
        let cid = sys_id(state.next());
        state.records[at].comments.push(Comment {
            id: cid,
            author: me.user_name.to_string(),
            body: first,
            public: true,
            created_ms: now,
        });
    }
    let row = incident_row(&state.records[at]);
    drop(state);
    Reply::json(201, &json!({"result": render(b, req, &row)})).header(
        "Location",
        format!("{}/api/now/table/incident/{}", b.base_url(), row["sys_id"]),
    )
}

fn update(b: &Backend, req: &Request, me: &User, id: &str) -> Reply {
    let mut state = b.state();
    let n1 = state.next();
    let n2 = state.next();
    let Some(r) = state.get_mut(id) else {
        return not_found();
    };
    if !me.itil || r.case.status == "7" {
        // Closed incidents are read-only for everybody but admins.
        return acl("Update");
    }
    let Some(Value::Object(body)) = req.json() else {
        return invalid_json();
    };
    let now = now_ms().max(r.case.updated_ms);
    for (k, v) in &body {
        let Some(v) = text(v) else { continue };
        match k.as_str() {
            "comments" | "work_notes" if !v.trim().is_empty() => {
                r.comments.push(Comment {
                    id: sys_id(if k == "comments" { n1 } else { n2 }),
                    author: me.user_name.to_string(),
                    body: v,
                    public: k == "comments",
                    created_ms: now,
                });
            }
            "state" | "incident_state" => {
                if let Some(code) = state_code(&v) {
                    r.case.status = code.to_string();
                }
            }
            "short_description" => r.case.subject = v.chars().take(160).collect(),
            "description" => r.case.description = v,
            "impact" | "urgency" | "assignment_group" | "caller_id" | "category" => {
                r.extra.insert(k.clone(), v);
            }
            _ => {}
        }
    }
    r.case.priority = priority(r.extra("impact"), r.extra("urgency"));
    r.case.updated_ms = now;
    r.extra
        .insert("sys_updated_by".into(), me.user_name.to_string());
    let row = incident_row(r);
    drop(state);
    Reply::json(200, &json!({"result": render(b, req, &row)}))
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    fn backend(page_size: usize) -> Backend {
        let profile = Profile {
            agent: VENDOR_AGENT,
            resolved: "6",
            status: state_code,
            comment_id: sys_id,
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

    fn call_as(b: &Backend, user: &str, pw: &str, method: &str, target: &str, body: &str) -> Reply {
        let a = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pw}"))
        );
        route(
            b,
            &Request::new(method, target, &[("authorization", &a)], body.as_bytes()),
        )
    }

    fn call(b: &Backend, method: &str, target: &str, body: &str) -> Reply {
        call_as(b, USER, PASSWORD, method, target, body)
    }

    #[test]
    fn encoded_queries_split_at_carets() {
        let t = parse_query(
            "correlation_id=A^^B^sys_updated_on>=2026-01-01 00:00:00^ORDERBYDESCnumber",
        )
        .unwrap();
        assert_eq!(
            t[0],
            Term::Cond {
                field: "correlation_id".into(),
                op: "=",
                value: "A^B".into()
            }
        );
        assert_eq!(
            t[1],
            Term::Cond {
                field: "sys_updated_on".into(),
                op: ">=",
                value: "2026-01-01 00:00:00".into()
            }
        );
        assert_eq!(
            t[2],
            Term::Order {
                field: "number".into(),
                desc: true
            }
        );
        assert!(parse_query("nonsense").is_err());
        let t = parse_query("sys_idINa,b^valueLIKE[x:1]").unwrap();
        assert_eq!(
            t[0],
            Term::Cond {
                field: "sys_id".into(),
                op: "IN",
                value: "a,b".into()
            }
        );
        assert_eq!(
            t[1],
            Term::Cond {
                field: "value".into(),
                op: "LIKE",
                value: "[x:1]".into()
            }
        );
    }

    #[test]
    fn incidents_are_created_found_paged_and_guarded() {
        let b = backend(2);
        for i in 0..3 {
            let r = call(
                &b,
                "POST",
                "/api/now/table/incident?sysparm_fields=sys_id,number",
                &json!({"short_description": format!("case {i}"), "correlation_id": format!("SB-{i}/1"), "impact": "1", "urgency": "2"}).to_string(),
            );
            assert_eq!(r.status, 201);
            assert_eq!(r.value()["result"].as_object().unwrap().len(), 2);
        }
        let r = call(
            &b,
            "GET",
            "/api/now/table/incident?sysparm_query=correlation_id=SB-1/1",
            "",
        );
        let found = r.value();
        assert_eq!(found["result"][0]["number"], "INC0010002");
        assert_eq!(found["result"][0]["priority"], "2");
        let page = call(
            &b,
            "GET",
            "/api/now/table/incident?sysparm_limit=100&sysparm_display_value=all",
            "",
        );
        assert_eq!(page.value()["result"].as_array().unwrap().len(), 2);
        assert_eq!(page.value()["result"][0]["state"]["display_value"], "New");
        assert!(page
            .headers
            .iter()
            .any(|(k, v)| k == "X-Total-Count" && v == "3"));
        assert!(page
            .headers
            .iter()
            .any(|(k, v)| k == "Link" && v.contains("rel=\"next\"")));
        let id = b.cases()[0].id.clone();
        assert!(b.set_status(&id, "Closed"));
        let r = call(
            &b,
            "PATCH",
            &format!("/api/now/table/incident/{id}"),
            r#"{"state":"2"}"#,
        );
        assert_eq!(r.status, 403);
        let r = call(
            &b,
            "PATCH",
            "/api/now/table/incident/0123",
            r#"{"state":"2"}"#,
        );
        assert_eq!(r.status, 404);
        assert_eq!(r.value()["error"]["message"], "No Record found");
        let r = call(&b, "POST", "/api/now/table/incident", "{not json");
        assert_eq!(r.status, 400);
        let r = call_as(&b, USER, "wrong", "GET", "/api/now/table/incident", "");
        assert_eq!(r.status, 401);
        assert_eq!(r.value()["status"], "failure");
        let r = call_as(
            &b,
            READONLY_USER,
            READONLY_PASSWORD,
            "GET",
            "/api/now/table/sys_journal_field",
            "",
        );
        assert_eq!(r.status, 403);
        b.state().required.push("caller_id".into());
        let r = call(
            &b,
            "POST",
            "/api/now/table/incident",
            r#"{"short_description":"x"}"#,
        );
        assert_eq!(r.status, 403);
        assert!(r.value()["error"]["detail"]
            .as_str()
            .unwrap()
            .contains("Data Policy Exception"));
        assert_eq!(b.create_requests(), 5);
    }

    #[test]
    fn comments_land_in_the_journal() {
        let b = backend(50);
        let r = call(
            &b,
            "POST",
            "/api/now/table/incident",
            r#"{"short_description":"x"}"#,
        );
        let id = r.value()["result"]["sys_id"].as_str().unwrap().to_string();
        call(
            &b,
            "PATCH",
            &format!("/api/now/table/incident/{id}"),
            r#"{"comments":"public [m:1]","work_notes":"internal"}"#,
        );
        b.add_vendor_comment(&id, "from the vendor");
        let q = format!("/api/now/table/sys_journal_field?sysparm_query=element_id={id}^element=comments^ORDERBYsys_created_on");
        let r = call(&b, "GET", &q, "").value();
        let bodies: Vec<&str> = r["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|j| j["value"].as_str().unwrap())
            .collect();
        assert_eq!(bodies, ["public [m:1]", "from the vendor"]);
        let q = format!(
            "/api/now/table/sys_journal_field?sysparm_query=element_id={id}^valueLIKE[m:1]"
        );
        assert_eq!(
            call(&b, "GET", &q, "").value()["result"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }
}
