//! ServiceNow, through the Table API on `incident`.
//!
//! Our correlation id goes into the incident's own `correlation_id` field (with
//! `correlation_display` naming us), which `find_case` queries exactly. Public comments are the
//! `comments` journal field; `work_notes` are internal and never used. Comments are read back
//! from `sys_journal_field` (`element=comments`), which gives each entry its id, author and UTC
//! time; the alternative, the incident's `comments` display value, is one block of text in the
//! reading user's time zone.
//!
//! Times: with `sysparm_display_value=false` (or the `value` half of `all`) dates come raw, in
//! UTC. A date inside `sysparm_query` may be read in the user's time zone, so `changes` asks
//! with a margin of 14 hours and compares the raw `sys_updated_on` itself.
//!
//! Auth: basic with the integration user's name and password.

use std::collections::HashMap;

use reqwest::header::ACCEPT;
use reqwest::{Method, RequestBuilder, Response};
use sb_domain::ticket::Priority;
use sb_domain::vendor::{is_ours, VendorStatus};
use sb_domain::Sensitive;
use serde_json::{json, Value};

use crate::http::{self, clip, encode};
use crate::{
    case_subject, case_text, optional, secret, setting, stamp, CaseRef, CaseUpdate, Connector,
    Field, Http, KindInfo, NewCase, OutComment, Settings, VendorComment, VendorError,
};

pub static INFO: KindInfo = KindInfo {
    kind: "servicenow",
    label: "ServiceNow",
    fields: &[
        Field {
            key: "base_url",
            label: "Instance URL",
            required: true,
            hint: "https://yourcompany.service-now.com",
        },
        Field {
            key: "user",
            label: "User name",
            required: true,
            hint:
                "the integration user's user ID (with the itil role), e.g. switchboard.integration",
        },
        Field {
            key: "assignment_group",
            label: "Assignment group",
            required: false,
            hint: "the sys_id of the group new incidents go to; empty: the instance's rules decide",
        },
        Field {
            key: "caller_id",
            label: "Caller",
            required: false,
            hint: "the sys_id of the user incidents are raised for; empty: the integration user",
        },
    ],
    secret: Some("Password"),
};

const INCIDENT: &str = "/api/now/table/incident";
const JOURNAL: &str = "/api/now/table/sys_journal_field";
const PAGE: usize = 100;
const MAX_PAGES: usize = 10_000;
/// sys_ids per `IN` list, to keep URLs short.
const CHUNK: usize = 50;
/// The widest time-zone offset: dates in encoded queries may be read in the user's zone.
const ZONE_MARGIN_MS: i64 = 14 * 3_600_000;
/// The incident's `correlation_id` holds 100 characters.
const CORRELATION_LIMIT: usize = 100;
/// The incident's `short_description` holds 160 characters.
const SHORT_LIMIT: usize = 160;

/// A ServiceNow instance.
#[derive(Debug)]
pub struct ServiceNow {
    base: String,
    user: String,
    password: Sensitive<String>,
    assignment_group: Option<String>,
    caller: Option<String>,
    http: Http,
}

impl ServiceNow {
    pub fn new(
        settings: &Settings,
        secret_value: Option<Sensitive<String>>,
        http: Http,
    ) -> Result<ServiceNow, VendorError> {
        let sys_id = |key: &str| -> Result<Option<String>, VendorError> {
            match optional(settings, key) {
                None => Ok(None),
                Some(v) if v.len() == 32 && v.chars().all(|c| c.is_ascii_hexdigit()) => {
                    Ok(Some(v.to_string()))
                }
                Some(v) => Err(VendorError::Config(sb_i18n::msg!(
                    "vendor-config-sys-id",
                    kind = crate::kind_word(INFO.kind),
                    field = crate::field_word(INFO.kind, key),
                    value = v
                ))),
            }
        };
        Ok(ServiceNow {
            base: http::base_url(
                setting(settings, &INFO, "base_url")?,
                crate::field_word(INFO.kind, "base_url"),
            )?,
            user: setting(settings, &INFO, "user")?.to_string(),
            password: secret(secret_value, &INFO)?,
            assignment_group: sys_id("assignment_group")?,
            caller: sys_id("caller_id")?,
            http,
        })
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .client()
            .request(method, format!("{}{path}", self.base))
            .basic_auth(&self.user, Some(self.password.expose()))
            .header(ACCEPT, "application/json")
    }

    /// The first row matching `query` (a list of one, or empty).
    async fn first(
        &self,
        path: &str,
        query: &str,
        fields: &str,
        what: &str,
    ) -> Result<Vec<Value>, VendorError> {
        let request = self.request(Method::GET, path).query(&[
            ("sysparm_query", query),
            ("sysparm_fields", fields),
            ("sysparm_limit", "1"),
            ("sysparm_exclude_reference_link", "true"),
        ]);
        let response = self.http.send(request, what, explain).await?;
        Ok(rows(&self.read(response, what).await?, what)?.clone())
    }

    /// Every row matching `query`, page by page (`X-Total-Count` says when to stop).
    async fn all(
        &self,
        path: &str,
        query: &str,
        fields: &str,
        display: &str,
        what: &str,
    ) -> Result<Vec<Value>, VendorError> {
        let mut out = Vec::new();
        for _ in 0..MAX_PAGES {
            let offset = out.len().to_string();
            let request = self.request(Method::GET, path).query(&[
                ("sysparm_query", query),
                ("sysparm_fields", fields),
                ("sysparm_display_value", display),
                ("sysparm_exclude_reference_link", "true"),
                ("sysparm_limit", &PAGE.to_string()),
                ("sysparm_offset", &offset),
            ]);
            let response = self.http.send(request, what, explain).await?;
            let total = response
                .headers()
                .get("x-total-count")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<usize>().ok());
            let body = self.read(response, what).await?;
            let page = rows_page(&body, out.len(), total, what)?;
            out.extend(page.items);
            if !page.more {
                break;
            }
        }
        Ok(out)
    }

    /// Changes the incident; a data policy's refusal is a rejection, not a missing permission.
    async fn patch(&self, case: &CaseRef, body: &Value, what: &str) -> Result<Value, VendorError> {
        let request = self
            .request(Method::PATCH, &format!("{INCIDENT}/{}", encode(&case.id)))
            .query(&[
                ("sysparm_fields", "sys_id,number,state"),
                ("sysparm_exclude_reference_link", "true"),
            ])
            .json(body);
        let answer: Value = self
            .http
            .json(request, what, explain)
            .await
            .map_err(policy)?;
        Ok(answer["result"].clone())
    }
}

#[async_trait::async_trait]
impl Connector for ServiceNow {
    async fn gone(&self, cases: &[CaseRef]) -> Result<Vec<String>, VendorError> {
        let mut gone = Vec::new();
        for chunk in cases.chunks(CHUNK) {
            let ids: Vec<String> = chunk.iter().map(|c| escape(&c.id)).collect();
            let found: Vec<String> = self
                .all(
                    INCIDENT,
                    &format!("sys_idIN{}", ids.join(",")),
                    "sys_id",
                    "false",
                    "read the incidents",
                )
                .await?
                .iter()
                .map(|r| raw(&r["sys_id"]))
                .collect();
            // Left out of the list: deleted, or hidden; asked one by one (404: deleted).
            for c in chunk.iter().filter(|c| !found.contains(&c.id)) {
                let path = format!("{INCIDENT}/{}", crate::http::encode(&c.id));
                match self
                    .http
                    .json::<Value>(
                        self.request(Method::GET, &path)
                            .query(&[("sysparm_fields", "sys_id")]),
                        "read the incident",
                        explain,
                    )
                    .await
                {
                    Ok(_) => {}
                    Err(VendorError::NotFound(_)) => gone.push(c.id.clone()),
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(gone)
    }

    async fn check(&self) -> Result<String, VendorError> {
        let me = self
            .first(
                "/api/now/table/sys_user",
                &format!("user_name={}", escape(&self.user)),
                "sys_id,user_name,name",
                "sign in",
            )
            .await?;
        let name = me
            .first()
            .and_then(|u| u["name"].as_str())
            .filter(|n| !n.is_empty())
            .unwrap_or(&self.user)
            .to_string();
        self.first(INCIDENT, "", "sys_id", "read incidents").await?;
        self.first(
            JOURNAL,
            "name=incident^element=comments",
            "sys_id",
            "read incident comments (table sys_journal_field)",
        )
        .await?;
        Ok(format!("{name} ({})", self.user))
    }

    async fn create_case(&self, case: &NewCase) -> Result<CaseRef, VendorError> {
        if case.correlation.chars().count() > CORRELATION_LIMIT {
            return Err(VendorError::Rejected(format!(
                "the reference {} is longer than the {CORRELATION_LIMIT} characters an incident's correlation_id holds",
                case.correlation
            )));
        }
        let (impact, urgency) = impact_urgency(case.priority);
        let mut body = json!({
            "short_description": short_description(case),
            "description": case_text(case),
            "correlation_id": case.correlation,
            "correlation_display": "Switchboard",
            "impact": impact,
            "urgency": urgency,
        });
        if let Some(group) = &self.assignment_group {
            body["assignment_group"] = json!(group);
        }
        if let Some(caller) = &self.caller {
            body["caller_id"] = json!(caller);
        }
        let request = self
            .request(Method::POST, INCIDENT)
            .query(&[
                ("sysparm_fields", "sys_id,number"),
                ("sysparm_exclude_reference_link", "true"),
            ])
            .json(&body);
        let created: Value = self
            .http
            .json(request, "open the incident", explain)
            .await
            .map_err(policy)?;
        let result = &created["result"];
        match (result["sys_id"].as_str(), result["number"].as_str()) {
            (Some(id), Some(number)) if !id.is_empty() => Ok(self.case_ref(id, number)),
            _ => Err(VendorError::Protocol(format!(
                "open the incident: no sys_id in {}",
                clip(&created.to_string(), 200)
            ))),
        }
    }

    async fn find_case(&self, correlation: &str) -> Result<Option<CaseRef>, VendorError> {
        let found = self
            .first(
                INCIDENT,
                &format!(
                    "correlation_id={}^ORDERBYsys_created_on",
                    escape(correlation)
                ),
                "sys_id,number,correlation_id",
                "look the incident up",
            )
            .await?;
        Ok(found
            .iter()
            .find(|r| r["correlation_id"].as_str() == Some(correlation))
            .and_then(|r| Some(self.case_ref(r["sys_id"].as_str()?, r["number"].as_str()?))))
    }

    async fn add_comment(
        &self,
        case: &CaseRef,
        comment: &OutComment,
    ) -> Result<String, VendorError> {
        self.patch(
            case,
            &json!({"comments": comment.text()}),
            &format!("comment on {}", case.number),
        )
        .await?;
        // The Table API does not say which journal entry it made.
        Ok(String::new())
    }

    async fn find_comment(
        &self,
        case: &CaseRef,
        marker: &str,
    ) -> Result<Option<String>, VendorError> {
        let found = self
            .first(
                JOURNAL,
                &format!(
                    "element_id={}^element=comments^valueLIKE{}",
                    escape(&case.id),
                    escape(marker)
                ),
                "sys_id,value",
                &format!("look for the comment on {}", case.number),
            )
            .await?;
        Ok(found
            .iter()
            .find(|j| {
                j["value"]
                    .as_str()
                    .is_some_and(|v| sb_domain::vendor::signed_with(v, marker))
            })
            .and_then(|j| j["sys_id"].as_str().map(str::to_string)))
    }

    async fn reopen(&self, case: &CaseRef, comment: &OutComment) -> Result<(), VendorError> {
        let mut body = json!({"state": "2"});
        if self.find_comment(case, &comment.marker).await?.is_none() {
            body["comments"] = json!(comment.text());
        }
        let result = self
            .patch(case, &body, &format!("reopen {}", case.number))
            .await?;
        // A business rule may hold the state where it was without failing the request.
        match raw(&result["state"]) {
            s if s.is_empty() || s == "2" => Ok(()),
            s => Err(VendorError::Rejected(format!(
                "{}: the instance kept the incident {} instead of In Progress",
                case.number,
                state_label(&s)
            ))),
        }
    }

    async fn changes(&self, cases: &[CaseRef], since: i64) -> Result<Vec<CaseUpdate>, VendorError> {
        let asked = stamp::plain((since - ZONE_MARGIN_MS).max(0));
        let mut changed: Vec<(&CaseRef, String, String, i64)> = Vec::new();
        for chunk in cases.chunks(CHUNK) {
            let ids: Vec<String> = chunk.iter().map(|c| escape(&c.id)).collect();
            let query = format!(
                "sys_idIN{}^sys_updated_on>={asked}^ORDERBYsys_updated_on",
                ids.join(",")
            );
            let rows = self
                .all(
                    INCIDENT,
                    &query,
                    "sys_id,number,state,sys_updated_on",
                    "all",
                    "read changed incidents",
                )
                .await?;
            for row in rows {
                let id = raw(&row["sys_id"]);
                let Some(case) = chunk.iter().find(|c| c.id == id) else {
                    continue;
                };
                let state = incident_state(&row, &case.number)?;
                // The instance keeps whole seconds: a change in the same second as `since`
                // counts.
                if state.updated_at + 999 < since {
                    continue;
                }
                changed.push((case, state.code, state.label, state.updated_at));
            }
        }
        let mut comments: HashMap<String, Vec<VendorComment>> = HashMap::new();
        let changed_ids: Vec<&str> = changed.iter().map(|(c, ..)| c.id.as_str()).collect();
        for chunk in changed_ids.chunks(CHUNK) {
            let ids: Vec<String> = chunk.iter().map(|id| escape(id)).collect();
            let query = format!(
                "element_idIN{}^element=comments^ORDERBYsys_created_on",
                ids.join(",")
            );
            let entries = self
                .all(
                    JOURNAL,
                    &query,
                    "sys_id,element_id,value,sys_created_by,sys_created_on",
                    "false",
                    "read incident comments",
                )
                .await?;
            for (incident, comment) in journal_comments(&entries) {
                comments.entry(incident).or_default().push(comment);
            }
        }
        Ok(changed
            .into_iter()
            .map(|(case, code, label, updated)| {
                let mut list = comments.remove(&case.id).unwrap_or_default();
                list.sort_by_key(|c| c.at);
                CaseUpdate {
                    case_id: case.id.clone(),
                    status: map_state(&code),
                    status_raw: label,
                    comments: list,
                    updated_at: updated,
                }
            })
            .collect())
    }
}

impl ServiceNow {
    /// An answer's body as JSON, within the workspace's `http_body_bytes`.
    async fn read(&self, response: Response, what: &str) -> Result<Value, VendorError> {
        http::read_json(&self.http.body_text(response, what).await?, what)
    }

    fn case_ref(&self, sys_id: &str, number: &str) -> CaseRef {
        CaseRef {
            id: sys_id.to_string(),
            number: number.to_string(),
            url: Some(format!(
                "{}/incident.do?sys_id={}",
                self.base,
                encode(sys_id)
            )),
        }
    }
}

/// Incident states: 1 New, 2 In Progress, 3 On Hold, 6 Resolved, 7 Closed, 8 Canceled.
pub(crate) fn map_state(code: &str) -> VendorStatus {
    match code.trim() {
        "1" => VendorStatus::New,
        "3" => VendorStatus::Waiting,
        "6" => VendorStatus::Resolved,
        "7" => VendorStatus::Closed,
        "8" => VendorStatus::Rejected,
        _ => VendorStatus::Open,
    }
}

fn state_label(code: &str) -> &str {
    match code.trim() {
        "1" => "New",
        "2" => "In Progress",
        "3" => "On Hold",
        "6" => "Resolved",
        "7" => "Closed",
        "8" => "Canceled",
        other => other,
    }
}

/// Impact and urgency whose product, in the default priority lookup, is our priority.
pub(crate) fn impact_urgency(p: Priority) -> (&'static str, &'static str) {
    match p {
        Priority::P1 => ("1", "1"),
        Priority::P2 => ("1", "2"),
        Priority::P3 => ("2", "2"),
        Priority::P4 => ("2", "3"),
    }
}

/// The short description: our reference first, on one line, within 160 characters.
pub(crate) fn short_description(case: &NewCase) -> String {
    let one_line: String = case_subject(case)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    one_line.trim().chars().take(SHORT_LIMIT).collect()
}

/// A value for an encoded query: a caret would start the next condition, so it is doubled.
pub(crate) fn escape(value: &str) -> String {
    value.replace('^', "^^")
}

/// A field's raw value, from a plain value or the `value` of `{display_value, value}`.
pub fn raw(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Object(o) => o.get("value").map(raw).unwrap_or_default(),
        _ => String::new(),
    }
}

/// A field's display value, or its raw value when it has none.
pub fn display(v: &Value) -> String {
    match v {
        Value::Object(o) => o.get("display_value").map(raw).unwrap_or_default(),
        other => raw(other),
    }
}

// ------------------------------------------------------------------ readers of ServiceNow's answers
//
// Plain functions of what the Table API answered, so that the fuzz target and the property
// tests reach them without a server: each reads what it needs or refuses with a protocol
// error, never a panic.

/// One page of Table API rows, and whether another page follows.
#[derive(Debug, Clone, PartialEq)]
pub struct RowsPage {
    pub items: Vec<Value>,
    pub more: bool,
}

/// A page of Table API rows after `before` rows the earlier pages gave; `total` is the
/// answer's `X-Total-Count`, without which a short page is the last.
pub fn rows_page(
    body: &Value,
    before: usize,
    total: Option<usize>,
    what: &str,
) -> Result<RowsPage, VendorError> {
    let page = rows(body, what)?;
    let done = match total {
        Some(total) => before.saturating_add(page.len()) >= total,
        None => page.len() < PAGE,
    };
    Ok(RowsPage {
        more: !page.is_empty() && !done,
        items: page.clone(),
    })
}

/// An incident's state (its code and the label to show) and when it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentState {
    pub code: String,
    pub label: String,
    pub updated_at: i64,
}

/// A row of changed incidents (ours: `number`), read with `sysparm_display_value=all`; its
/// raw `sys_updated_on` must be a time.
pub fn incident_state(row: &Value, number: &str) -> Result<IncidentState, VendorError> {
    let updated_raw = raw(&row["sys_updated_on"]);
    let updated_at = stamp::parse(&updated_raw).ok_or_else(|| {
        VendorError::Protocol(format!(
            "{number}: \"{}\" is no time",
            clip(&updated_raw, 100)
        ))
    })?;
    let code = raw(&row["state"]);
    let shown = display(&row["state"]);
    let label = if shown.is_empty() || shown == code {
        state_label(&code).to_string()
    } else {
        shown
    };
    Ok(IncidentState {
        code,
        label,
        updated_at,
    })
}

/// The public comments among `sys_journal_field` rows, each with the sys_id of its incident
/// (`element_id`); ours (by our marker) are left out.
pub fn journal_comments(entries: &[Value]) -> Vec<(String, VendorComment)> {
    entries
        .iter()
        .filter_map(|entry| {
            let body = raw(&entry["value"]);
            if is_ours(&body) {
                return None;
            }
            Some((
                raw(&entry["element_id"]),
                VendorComment {
                    id: raw(&entry["sys_id"]),
                    author: raw(&entry["sys_created_by"]),
                    at: stamp::parse(&raw(&entry["sys_created_on"])).unwrap_or(0),
                    body,
                    format: crate::BodyFormat::Text,
                },
            ))
        })
        .collect()
}

/// The `result` list of a Table API answer.
pub fn rows<'a>(body: &'a Value, what: &str) -> Result<&'a Vec<Value>, VendorError> {
    body["result"].as_array().ok_or_else(|| {
        VendorError::Protocol(format!(
            "{what}: no result list in {}",
            clip(&body.to_string(), 200)
        ))
    })
}

/// A data policy (mandatory fields) answers 403 like a missing permission, but it is the
/// payload that is wrong: the admin has to fill in a setting, not grant a role.
fn policy(e: VendorError) -> VendorError {
    match e {
        VendorError::Forbidden(m) if m.contains("Data Policy Exception") => {
            VendorError::Rejected(m)
        }
        other => other,
    }
}

/// ServiceNow's error body: `{"error": {"message", "detail"}, "status": "failure"}`.
pub fn explain(v: &Value) -> Option<String> {
    let error = v.get("error")?;
    let message = error["message"].as_str().unwrap_or("").trim();
    let detail = error["detail"]
        .as_str()
        .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    match (message.is_empty(), detail.is_empty()) {
        (true, true) => None,
        (false, true) => Some(message.to_string()),
        (true, false) => Some(detail),
        (false, false) => Some(format!("{message}: {detail}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_map_to_ours() {
        use VendorStatus as V;
        for (code, want) in [
            ("1", V::New),
            ("2", V::Open),
            ("3", V::Waiting),
            ("6", V::Resolved),
            ("7", V::Closed),
            ("8", V::Rejected),
            ("-5", V::Open),
        ] {
            assert_eq!(map_state(code), want, "{code}");
        }
        assert_eq!(state_label("3"), "On Hold");
    }

    #[test]
    fn priorities_become_impact_and_urgency() {
        assert_eq!(impact_urgency(Priority::P1), ("1", "1"));
        assert_eq!(impact_urgency(Priority::P4), ("2", "3"));
    }

    #[test]
    fn errors_and_values_are_read() {
        let body = json!({"error": {"message": "No Record found", "detail": "Record doesn't exist or ACL restricts the record retrieval"}, "status": "failure"});
        assert_eq!(
            explain(&body).as_deref(),
            Some("No Record found: Record doesn't exist or ACL restricts the record retrieval")
        );
        let body =
            json!({"error": {"message": "Invalid table x", "detail": null}, "status": "failure"});
        assert_eq!(explain(&body).as_deref(), Some("Invalid table x"));
        let body = json!({"error": {"message": "Operation Failed", "detail": "Data Policy Exception: \n\tThe following fields are mandatory: Caller\n"}});
        assert_eq!(
            explain(&body).as_deref(),
            Some("Operation Failed: Data Policy Exception: The following fields are mandatory: Caller")
        );
        assert_eq!(explain(&json!({"result": []})), None);
        assert_eq!(raw(&json!({"display_value": "New", "value": "1"})), "1");
        assert_eq!(
            display(&json!({"display_value": "New", "value": "1"})),
            "New"
        );
        assert_eq!(raw(&json!("2")), "2");
        assert_eq!(escape("a^b"), "a^^b");
        assert!(matches!(
            policy(VendorError::Forbidden("x: Data Policy Exception: y".into())),
            VendorError::Rejected(_)
        ));
        assert!(matches!(
            policy(VendorError::Forbidden("ACL Exception".into())),
            VendorError::Forbidden(_)
        ));
    }

    use crate::answers::{clear, damaged, real};

    #[test]
    fn rows_pages_incidents_and_journal_comments_are_read() {
        let rows = real("servicenow-rows.json");
        assert!(
            !rows_page(&rows, 0, None, "w").unwrap().more,
            "a short page"
        );
        assert!(rows_page(&rows, 0, Some(2), "w").unwrap().more);
        assert!(
            !rows_page(&rows, usize::MAX, Some(usize::MAX), "w")
                .unwrap()
                .more
        );
        let page = rows_page(&rows, 0, None, "w").unwrap();
        let state = incident_state(&page.items[0], "INC0010001").unwrap();
        assert_eq!(
            (state.code.as_str(), state.label.as_str()),
            ("2", "In Progress")
        );
        let journal = rows_page(&real("servicenow-journal.json"), 0, None, "w").unwrap();
        let comments = journal_comments(&journal.items);
        assert_eq!(comments.len(), 1, "ours left out");
        assert_eq!(comments[0].0, "9d385017c611228701d22104cc95c371");
        assert_eq!(comments[0].1.author, "vendor.agent");
        let e = rows_page(&real("servicenow-error.json"), 0, None, "read the rows").unwrap_err();
        assert!(
            e.to_string().contains("read the rows: no result list"),
            "{e}"
        );
    }

    #[test]
    fn damaged_answers_are_read_or_refused() {
        let mut copies = 0;
        for name in [
            "servicenow-rows.json",
            "servicenow-journal.json",
            "servicenow-error.json",
        ] {
            for v in damaged(&real(name)) {
                copies += 1;
                let _ = explain(&v);
                match rows_page(&v, 0, Some(1), "read the rows") {
                    Ok(page) => {
                        let _ = journal_comments(&page.items);
                        for row in &page.items {
                            if let Err(e) = incident_state(row, "INC0010001") {
                                clear(&e);
                            }
                        }
                    }
                    Err(e) => clear(&e),
                }
            }
        }
        assert!(copies > 200, "{copies}");
    }

    #[test]
    fn settings_are_checked() {
        let mut s = Settings::new();
        s.insert("base_url".into(), "https://x.service-now.com".into());
        s.insert("user".into(), "switchboard".into());
        s.insert("assignment_group".into(), "Network".into());
        let pw = || Some(Sensitive::new("p".to_string()));
        let e = ServiceNow::new(&s, pw(), Http::default()).unwrap_err();
        assert!(e.to_string().contains("sys_id"), "{e}");
        s.insert(
            "assignment_group".into(),
            "8a5055c9c61122780043563ef53438e3".into(),
        );
        assert!(ServiceNow::new(&s, pw(), Http::default()).is_ok());
    }
}
