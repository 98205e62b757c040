//! Jira Service Management Cloud.
//!
//! Cases are raised through the service desk API (`POST /rest/servicedeskapi/request`), not
//! the platform's `POST /rest/api/3/issue`: its summary, description and comments are plain
//! strings (API v3 wants Atlassian Document Format, which would have us build a document tree
//! for every line), the case gets the vendor's request type (their queues, SLAs and portal see
//! a real customer request), and its comments carry an explicit `public` flag. The platform API
//! gives what the service desk API lacks: who we are, our permissions, JQL search and the
//! workflow's transitions.
//!
//! Jira keeps no correlation field we could rely on (custom fields and labels differ per site
//! and labels are often off the request form), so the correlation id leads the summary
//! (`[SB-000123/7] ...`) and `find_case` searches it as a phrase, then checks the prefix.
//!
//! Auth: basic with the account's email and an API token.

use std::collections::{HashMap, HashSet};

use reqwest::header::ACCEPT;
use reqwest::RequestBuilder;
use sb_domain::vendor::{is_ours, VendorStatus};
use sb_domain::Sensitive;
use serde_json::{json, Value};
use tokio::sync::OnceCell;

use crate::http::{self, clip, encode};
use crate::{
    case_subject, case_text, secret, setting, stamp, CaseRef, CaseUpdate, Connector, Field, Http,
    KindInfo, NewCase, OutComment, Settings, VendorComment, VendorError,
};

pub static INFO: KindInfo = KindInfo {
    kind: "jira_service_management",
    label: "Jira Service Management",
    fields: &[
        Field {
            key: "base_url",
            label: "Site URL",
            required: true,
            hint: "https://yourcompany.atlassian.net",
        },
        Field {
            key: "email",
            label: "Account email",
            required: true,
            hint: "the email of the Atlassian account the API token belongs to, e.g. support@ourcompany.com",
        },
        Field {
            key: "project_key",
            label: "Service project key",
            required: true,
            hint: "the key in the vendor's request keys, e.g. SUP for SUP-123",
        },
        Field {
            key: "request_type_id",
            label: "Request type id",
            required: true,
            hint: "the number of the request type to raise, e.g. 25 (in the request type's URL)",
        },
    ],
    secret: Some("API token"),
};

/// Permissions Switchboard uses in the project.
const PERMISSIONS: [(&str, &str); 4] = [
    ("BROWSE_PROJECTS", "Browse projects"),
    ("CREATE_ISSUES", "Create issues"),
    ("ADD_COMMENTS", "Add comments"),
    ("TRANSITION_ISSUES", "Transition issues"),
];
/// Jira's longest summary.
const SUMMARY_LIMIT: usize = 255;
const PAGE: usize = 100;
/// A bound on paging, should a server keep handing out "next".
const MAX_PAGES: usize = 10_000;

/// A Jira Service Management service project.
#[derive(Debug)]
pub struct Jira {
    base: String,
    email: String,
    token: Sensitive<String>,
    project: String,
    request_type: String,
    http: Http,
    /// The service desk id of the project, looked up once.
    desk: OnceCell<String>,
}

impl Jira {
    pub fn new(
        settings: &Settings,
        secret_value: Option<Sensitive<String>>,
        http: Http,
    ) -> Result<Jira, VendorError> {
        let base = http::base_url(
            setting(settings, &INFO, "base_url")?,
            crate::field_word(INFO.kind, "base_url"),
        )?;
        let email = setting(settings, &INFO, "email")?.to_string();
        let project = setting(settings, &INFO, "project_key")?.to_uppercase();
        let request_type = setting(settings, &INFO, "request_type_id")?.to_string();
        if !request_type.chars().all(|c| c.is_ascii_digit()) {
            return Err(crate::not_a_number(
                &INFO,
                "request_type_id",
                "25",
                &request_type,
            ));
        }
        Ok(Jira {
            base,
            email,
            token: secret(secret_value, &INFO)?,
            project,
            request_type,
            http,
            desk: OnceCell::new(),
        })
    }

    fn get(&self, path: &str) -> RequestBuilder {
        self.http
            .client()
            .get(format!("{}{path}", self.base))
            .basic_auth(&self.email, Some(self.token.expose()))
            .header(ACCEPT, "application/json")
    }

    fn post(&self, path: &str, body: &Value) -> RequestBuilder {
        self.http
            .client()
            .post(format!("{}{path}", self.base))
            .basic_auth(&self.email, Some(self.token.expose()))
            .header(ACCEPT, "application/json")
            .json(body)
    }

    /// The service desk id of the project (the service desk API wants it, not the key).
    async fn desk_id(&self) -> Result<&str, VendorError> {
        let id = self
            .desk
            .get_or_try_init(|| async {
                let mut start = 0;
                let mut seen = Vec::new();
                for _ in 0..MAX_PAGES {
                    let page: Value = self
                        .http
                        .json(
                            self.get("/rest/servicedeskapi/servicedesk")
                                .query(&[("start", start), ("limit", 50)]),
                            "list the service projects",
                            explain,
                        )
                        .await?;
                    let page = values_page(&page, "service projects")?;
                    for desk in &page.items {
                        let key = desk["projectKey"].as_str().unwrap_or("");
                        if key.eq_ignore_ascii_case(&self.project) {
                            return Ok(text(&desk["id"]));
                        }
                        seen.push(key.to_string());
                    }
                    if !page.more {
                        break;
                    }
                    start += page.items.len();
                }
                Err(VendorError::NotFound(format!(
                    "no service project with key {} for this account (it sees: {})",
                    self.project,
                    if seen.is_empty() {
                        "none".to_string()
                    } else {
                        seen.join(", ")
                    }
                )))
            })
            .await?;
        Ok(id.as_str())
    }

    /// Every issue `jql` finds, following `nextPageToken`.
    async fn search(&self, jql: &str, fields: &str) -> Result<Vec<Value>, VendorError> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut request = self.get("/rest/api/3/search/jql").query(&[
                ("jql", jql),
                ("fields", fields),
                ("maxResults", &PAGE.to_string()),
            ]);
            if let Some(t) = &token {
                request = request.query(&[("nextPageToken", t)]);
            }
            let page: Value = self.http.json(request, "search requests", explain).await?;
            let page = search_page(&page)?;
            out.extend(page.issues);
            match page.next {
                Some(next) if token.as_deref() != Some(next.as_str()) => token = Some(next),
                _ => break,
            }
        }
        Ok(out)
    }

    /// The request's comments, oldest first, every page.
    async fn comments(&self, case: &CaseRef, internal: bool) -> Result<Vec<Value>, VendorError> {
        let path = format!("/rest/servicedeskapi/request/{}/comment", encode(&case.id));
        let what = format!("read the comments of {}", case.number);
        let mut out = Vec::new();
        let mut start = 0;
        for _ in 0..MAX_PAGES {
            let page: Value = self
                .http
                .json(
                    self.get(&path).query(&[
                        ("public", "true".to_string()),
                        ("internal", internal.to_string()),
                        ("start", start.to_string()),
                        ("limit", PAGE.to_string()),
                    ]),
                    &what,
                    explain,
                )
                .await?;
            let page = values_page(&page, &what)?;
            let n = page.items.len();
            out.extend(page.items);
            if !page.more {
                break;
            }
            start += n;
        }
        Ok(out)
    }
}

#[async_trait::async_trait]
impl Connector for Jira {
    async fn account(&self) -> Result<Option<String>, VendorError> {
        let me: Value = self
            .http
            .json(self.get("/rest/api/3/myself"), "sign in", explain)
            .await?;
        match me["emailAddress"].as_str().or(me["accountId"].as_str()) {
            Some(who) if !who.is_empty() => Ok(Some(who.to_string())),
            _ => Err(VendorError::BadCredentials(
                "sign in: Jira names no account for these credentials".into(),
            )),
        }
    }

    async fn gone(&self, cases: &[CaseRef]) -> Result<Vec<String>, VendorError> {
        // One look a case: JQL leaves a deleted issue out without saying so.
        let mut gone = Vec::new();
        for c in cases.iter().filter(|c| !c.id.is_empty()) {
            let path = format!("/rest/api/3/issue/{}", crate::http::encode(&c.id));
            match self
                .http
                .json::<Value>(
                    self.get(&path).query(&[("fields", "status")]),
                    "read the request",
                    explain,
                )
                .await
            {
                Ok(_) => {}
                Err(VendorError::NotFound(_)) => gone.push(c.id.clone()),
                Err(e) => return Err(e),
            }
        }
        Ok(gone)
    }

    async fn check(&self) -> Result<String, VendorError> {
        let me: Value = self
            .http
            .json(self.get("/rest/api/3/myself"), "sign in", explain)
            .await?;
        let name = me["displayName"]
            .as_str()
            .unwrap_or(&self.email)
            .to_string();
        let permissions: Value = self
            .http
            .json(
                self.get("/rest/api/3/mypermissions").query(&[
                    ("projectKey", self.project.as_str()),
                    ("permissions", &PERMISSIONS.map(|(k, _)| k).join(",")),
                ]),
                "read the account's permissions",
                explain,
            )
            .await?;
        let missing: Vec<&str> = PERMISSIONS
            .iter()
            .filter(|(key, _)| {
                permissions["permissions"][key]["havePermission"].as_bool() != Some(true)
            })
            .map(|(_, label)| *label)
            .collect();
        if !missing.is_empty() {
            return Err(VendorError::Forbidden(format!(
                "{name} lacks {} in project {}; ask the vendor's Jira admin to make the account an agent of the service project",
                missing.join(", "),
                self.project
            )));
        }
        let desk = self.desk_id().await?;
        let request_type: Value = self
            .http
            .json(
                self.get(&format!(
                    "/rest/servicedeskapi/servicedesk/{}/requesttype/{}",
                    encode(desk),
                    encode(&self.request_type)
                )),
                "read the request type",
                explain,
            )
            .await?;
        Ok(format!(
            "{name} ({}), project {}, request type \"{}\"",
            me["emailAddress"].as_str().unwrap_or(&self.email),
            self.project,
            request_type["name"].as_str().unwrap_or(&self.request_type)
        ))
    }

    async fn create_case(&self, case: &NewCase) -> Result<CaseRef, VendorError> {
        let desk = self.desk_id().await?;
        let body = json!({
            "serviceDeskId": desk,
            "requestTypeId": self.request_type,
            "requestFieldValues": {
                "summary": summary(case),
                "description": case_text(case),
            },
        });
        let created: Value = self
            .http
            .json(
                self.post("/rest/servicedeskapi/request", &body),
                "raise the request",
                explain,
            )
            .await?;
        let id = text(&created["issueId"]);
        let key = text(&created["issueKey"]);
        if id.is_empty() || key.is_empty() {
            return Err(VendorError::Protocol(format!(
                "raise the request: no issue id in {}",
                clip(&created.to_string(), 200)
            )));
        }
        Ok(self.case_ref(id, key))
    }

    async fn find_case(&self, correlation: &str) -> Result<Option<CaseRef>, VendorError> {
        // A phrase search finds the reference's words; the prefix check makes it exact.
        let phrase = format!("\"{}\"", correlation.replace(['"', '\\'], " "));
        let jql = format!(
            "project = {} AND summary ~ {} ORDER BY created ASC",
            quote(&self.project),
            quote(&phrase)
        );
        let prefix = format!("[{correlation}]");
        let issues = self.search(&jql, "summary").await?;
        Ok(issues
            .into_iter()
            .find(|i| {
                i["fields"]["summary"]
                    .as_str()
                    .is_some_and(|s| s.starts_with(&prefix))
            })
            .map(|i| self.case_ref(text(&i["id"]), text(&i["key"]))))
    }

    async fn add_comment(
        &self,
        case: &CaseRef,
        comment: &OutComment,
    ) -> Result<String, VendorError> {
        let body = json!({"body": comment.text(), "public": true});
        let created: Value = self
            .http
            .json(
                self.post(
                    &format!("/rest/servicedeskapi/request/{}/comment", encode(&case.id)),
                    &body,
                ),
                &format!("comment on {}", case.number),
                explain,
            )
            .await?;
        Ok(text(&created["id"]))
    }

    async fn find_comment(
        &self,
        case: &CaseRef,
        marker: &str,
    ) -> Result<Option<String>, VendorError> {
        Ok(self
            .comments(case, true)
            .await?
            .into_iter()
            .find(|c| {
                c["body"]
                    .as_str()
                    .is_some_and(|b| sb_domain::vendor::signed_with(b, marker))
            })
            .map(|c| text(&c["id"])))
    }

    async fn reopen(&self, case: &CaseRef, comment: &OutComment) -> Result<(), VendorError> {
        let issue: Value = self
            .http
            .json(
                self.get(&format!("/rest/api/3/issue/{}", encode(&case.id)))
                    .query(&[("fields", "status")]),
                &format!("read {}", case.number),
                explain,
            )
            .await?;
        let status = &issue["fields"]["status"];
        // Already open (a retry, or the vendor was quicker): only the comment is left to add.
        if status["statusCategory"]["key"].as_str() == Some("done") {
            let offered: Value = self
                .http
                .json(
                    self.get(&format!(
                        "/rest/api/3/issue/{}/transitions",
                        encode(&case.id)
                    )),
                    &format!("read the transitions of {}", case.number),
                    explain,
                )
                .await?;
            let Some(id) = reopen_transition(&offered["transitions"]) else {
                return Err(VendorError::Rejected(format!(
                    "{}: the workflow offers this account no way from \"{}\" back to an open status",
                    case.number,
                    status["name"].as_str().unwrap_or("?")
                )));
            };
            self.http
                .send(
                    self.post(
                        &format!("/rest/api/3/issue/{}/transitions", encode(&case.id)),
                        &json!({"transition": {"id": id}}),
                    ),
                    &format!("reopen {}", case.number),
                    explain,
                )
                .await?;
        }
        if self.find_comment(case, &comment.marker).await?.is_none() {
            self.add_comment(case, comment).await?;
        }
        Ok(())
    }

    async fn changes(&self, cases: &[CaseRef], since: i64) -> Result<Vec<CaseUpdate>, VendorError> {
        if cases.is_empty() {
            return Ok(Vec::new());
        }
        let mut wanted: HashMap<&str, &CaseRef> = HashMap::new();
        for c in cases {
            wanted.insert(c.id.as_str(), c);
            wanted.insert(c.number.as_str(), c);
        }
        // Relative time: an absolute JQL date is read in the account's own time zone, which we
        // do not know; "-N minutes" means the same everywhere. Two minutes more cover the
        // rounding, and the exact `updated` is compared below.
        let minutes = (now_ms() - since).max(0) / 60_000 + 2;
        let jql = format!(
            "project = {} AND reporter = currentUser() AND updated >= \"-{minutes}m\" ORDER BY updated ASC",
            quote(&self.project)
        );
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for issue in self.search(&jql, "status,updated").await? {
            let Some(case) = wanted
                .get(text(&issue["id"]).as_str())
                .or_else(|| wanted.get(issue["key"].as_str().unwrap_or("")))
            else {
                continue;
            };
            let state = issue_state(&issue, &case.number)?;
            if state.updated_at < since || !seen.insert(case.id.as_str()) {
                continue;
            }
            let comments = public_comments(&self.comments(case, false).await?);
            out.push(CaseUpdate {
                case_id: case.id.clone(),
                status: state.status,
                status_raw: state.status_raw,
                comments,
                updated_at: state.updated_at,
            });
        }
        Ok(out)
    }
}

impl Jira {
    fn case_ref(&self, id: String, key: String) -> CaseRef {
        CaseRef {
            url: Some(format!("{}/browse/{key}", self.base)),
            id,
            number: key,
        }
    }
}

/// The vendor's status in ours: the name first (sites name their statuses alike), the
/// category (`new`, `indeterminate`, `done`) for the rest.
pub(crate) fn map_status(name: &str, category: &str) -> VendorStatus {
    let n = name.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
    if has(&[
        "cancel",
        "declin",
        "reject",
        "won't",
        "wont do",
        "duplicate",
    ]) {
        VendorStatus::Rejected
    } else if has(&["closed"]) {
        VendorStatus::Closed
    } else if category == "done" || has(&["resolved", "done"]) {
        VendorStatus::Resolved
    } else if has(&[
        "waiting for customer",
        "waiting for reporter",
        "pending",
        "awaiting customer",
    ]) {
        VendorStatus::Waiting
    } else if category == "new" {
        VendorStatus::New
    } else {
        VendorStatus::Open
    }
}

/// The transition that takes a finished request up again: one named "reopen", else one to an
/// in-progress status, else one to a new status.
pub fn reopen_transition(transitions: &Value) -> Option<String> {
    let list = transitions.as_array()?;
    fn to(t: &Value) -> &str {
        t["to"]["statusCategory"]["key"].as_str().unwrap_or("")
    }
    let open: Vec<&Value> = list.iter().filter(|t| to(t) != "done").collect();
    open.iter()
        .find(|t| {
            t["name"]
                .as_str()
                .is_some_and(|n| n.to_lowercase().contains("reopen"))
        })
        .or_else(|| open.iter().find(|t| to(t) == "indeterminate"))
        .or_else(|| open.iter().find(|t| to(t) == "new"))
        .map(|t| text(&t["id"]))
}

/// The summary: our reference first, on one line, within Jira's 255 characters.
pub(crate) fn summary(case: &NewCase) -> String {
    let one_line: String = case_subject(case)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    one_line.trim().chars().take(SUMMARY_LIMIT).collect()
}

/// A JQL string literal.
pub(crate) fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

// ------------------------------------------------------------------ readers of Jira's answers
//
// Plain functions of what Jira answered, so that the fuzz target and the property tests reach
// them without a server: each reads what it needs or refuses with a protocol error, never a
// panic.

/// One page of a service desk API list: its values, and whether another page follows.
#[derive(Debug, Clone, PartialEq)]
pub struct ValuesPage {
    pub items: Vec<Value>,
    pub more: bool,
}

/// A page of the service desk API (`values`, `isLastPage`; offset paging): a page that does
/// not say it is not the last one is taken for the last.
pub fn values_page(page: &Value, what: &str) -> Result<ValuesPage, VendorError> {
    let items = array(page, "values", what)?;
    Ok(ValuesPage {
        more: !items.is_empty() && page["isLastPage"].as_bool() == Some(false),
        items: items.clone(),
    })
}

/// One page of a JQL search: its issues, and the token of the next page.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    pub issues: Vec<Value>,
    pub next: Option<String>,
}

/// A page of `/rest/api/3/search/jql` (`issues`, `nextPageToken`, `isLast`).
pub fn search_page(page: &Value) -> Result<SearchPage, VendorError> {
    let issues = array(page, "issues", "search")?.clone();
    let next = match page["nextPageToken"].as_str() {
        Some(next) if !page["isLast"].as_bool().unwrap_or(false) => Some(next.to_string()),
        _ => None,
    };
    Ok(SearchPage { issues, next })
}

/// A request's status and when it changed, as a search for changes reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueState {
    pub status_raw: String,
    pub status: VendorStatus,
    pub updated_at: i64,
}

/// An issue of a search (ours: `number`), whose `fields.updated` must be a time.
pub fn issue_state(issue: &Value, number: &str) -> Result<IssueState, VendorError> {
    let fields = &issue["fields"];
    let updated_raw = fields["updated"].as_str().unwrap_or("");
    let updated_at = stamp::parse(updated_raw).ok_or_else(|| {
        VendorError::Protocol(format!(
            "{number}: \"{}\" is no time",
            clip(updated_raw, 100)
        ))
    })?;
    let name = fields["status"]["name"].as_str().unwrap_or("").to_string();
    let category = fields["status"]["statusCategory"]["key"]
        .as_str()
        .unwrap_or("");
    Ok(IssueState {
        status: map_status(&name, category),
        status_raw: name,
        updated_at,
    })
}

/// The vendor's public comments among a request's: internal ones, ones without a body and
/// ours (by our marker) left out.
pub fn public_comments(values: &[Value]) -> Vec<VendorComment> {
    values
        .iter()
        .filter(|c| c["public"].as_bool() != Some(false))
        .filter_map(vendor_comment)
        .filter(|c| !is_ours(&c.body))
        .collect()
}

/// A comment of the service desk API; `None` without a plain body.
pub fn vendor_comment(c: &Value) -> Option<VendorComment> {
    let body = c["body"].as_str()?.to_string();
    // A comment with no plain body but its rendered HTML is read as HTML.
    let (body, format) = match c["renderedBody"]["html"].as_str() {
        Some(html) if body.trim().is_empty() && !html.trim().is_empty() => {
            (html.to_string(), crate::BodyFormat::Html)
        }
        _ => (body, crate::BodyFormat::Text),
    };
    let at = c["created"]["epochMillis"]
        .as_i64()
        .or_else(|| c["created"]["iso8601"].as_str().and_then(stamp::parse))
        .unwrap_or(0);
    let author = &c["author"];
    Some(VendorComment {
        id: text(&c["id"]),
        author: author["displayName"]
            .as_str()
            .or(author["emailAddress"].as_str())
            .or(author["accountId"].as_str())
            .unwrap_or("unknown")
            .to_string(),
        body,
        format,
        at,
    })
}

/// A string or number field as text.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

fn array<'a>(v: &'a Value, key: &str, what: &str) -> Result<&'a Vec<Value>, VendorError> {
    v[key].as_array().ok_or_else(|| {
        VendorError::Protocol(format!(
            "{what}: no \"{key}\" list in {}",
            clip(&v.to_string(), 200)
        ))
    })
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Jira's error bodies: the service desk API's `errorMessage`, the platform's `errorMessages`
/// list and `errors` map of field to message.
pub fn explain(v: &Value) -> Option<String> {
    let mut said: Vec<String> = Vec::new();
    if let Some(m) = v["errorMessage"].as_str() {
        said.push(m.to_string());
    }
    if let Some(list) = v["errorMessages"].as_array() {
        said.extend(list.iter().filter_map(Value::as_str).map(str::to_string));
    }
    if let Some(fields) = v["errors"].as_object() {
        said.extend(
            fields
                .iter()
                .map(|(field, m)| format!("{field}: {}", m.as_str().unwrap_or(""))),
        );
    }
    said.retain(|s| !s.trim().is_empty());
    (!said.is_empty()).then(|| said.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sb_domain::ticket::Priority;

    fn case(subject: &str) -> NewCase {
        NewCase {
            correlation: "SB-000123/7".into(),
            ticket_number: "SB-000123".into(),
            subject: subject.into(),
            description: "text".into(),
            priority: Priority::P2,
            client: "Acme".into(),
            direction: "Network".into(),
        }
    }

    #[test]
    fn statuses_map_by_name_then_category() {
        use VendorStatus as V;
        let table = [
            ("Waiting for support", "new", V::New),
            ("Open", "new", V::New),
            ("In Progress", "indeterminate", V::Open),
            ("Escalated", "indeterminate", V::Open),
            ("Waiting for customer", "indeterminate", V::Waiting),
            ("Pending", "indeterminate", V::Waiting),
            ("Resolved", "done", V::Resolved),
            ("Done", "done", V::Resolved),
            ("Closed", "done", V::Closed),
            ("Canceled", "done", V::Rejected),
            ("Declined", "done", V::Rejected),
            ("Won't Do", "done", V::Rejected),
            ("Something else", "", V::Open),
        ];
        for (name, cat, want) in table {
            assert_eq!(map_status(name, cat), want, "{name}/{cat}");
        }
    }

    #[test]
    fn reopen_prefers_a_reopen_transition() {
        let t = json!([
            {"id": "81", "name": "Close", "to": {"statusCategory": {"key": "done"}}},
            {"id": "11", "name": "Back to work", "to": {"statusCategory": {"key": "indeterminate"}}},
            {"id": "71", "name": "Reopen issue", "to": {"statusCategory": {"key": "new"}}},
        ]);
        assert_eq!(reopen_transition(&t).as_deref(), Some("71"));
        let t = json!([
            {"id": 5, "name": "To queue", "to": {"statusCategory": {"key": "new"}}},
            {"id": 6, "name": "Work", "to": {"statusCategory": {"key": "indeterminate"}}},
        ]);
        assert_eq!(reopen_transition(&t).as_deref(), Some("6"));
        let t = json!([{"id": "81", "name": "Close", "to": {"statusCategory": {"key": "done"}}}]);
        assert_eq!(reopen_transition(&t), None);
    }

    #[test]
    fn summaries_are_one_line_and_short() {
        assert_eq!(summary(&case("Диск\nполон")), "[SB-000123/7] Диск полон");
        let long = summary(&case(&"я".repeat(400)));
        assert_eq!(long.chars().count(), 255);
        assert!(long.starts_with("[SB-000123/7] "));
    }

    #[test]
    fn jql_strings_are_escaped() {
        assert_eq!(quote("SUP"), "\"SUP\"");
        assert_eq!(quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }

    #[test]
    fn both_error_shapes_are_explained() {
        assert_eq!(
            explain(&json!({"errorMessages": ["Issue does not exist"], "errors": {}})).as_deref(),
            Some("Issue does not exist")
        );
        assert_eq!(
            explain(&json!({"errorMessages": [], "errors": {"summary": "Summary is required."}}))
                .as_deref(),
            Some("summary: Summary is required.")
        );
        assert_eq!(
            explain(&json!({"errorMessage": "No permission", "i18nErrorMessage": {}})).as_deref(),
            Some("No permission")
        );
        assert_eq!(explain(&json!({"other": 1})), None);
    }

    #[test]
    fn settings_are_checked() {
        let mut s = Settings::new();
        s.insert("base_url".into(), "https://x.atlassian.net/".into());
        s.insert("email".into(), "a@b.c".into());
        s.insert("project_key".into(), "sup".into());
        s.insert("request_type_id".into(), "ten".into());
        let token = || Some(Sensitive::new("t".to_string()));
        let e = Jira::new(&s, token(), Http::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Jira Service Management: Request type id is a number, e.g. 25 (not \"ten\")"
        );
        let VendorError::Config(said) = e else {
            panic!("a settings error");
        };
        assert_eq!(
            said.render(sb_i18n::Lang::Ru),
            "Jira Service Management: в поле «Номер типа запроса» нужно число, например 25 (а не «ten»)"
        );
        s.insert("request_type_id".into(), "10".into());
        let j = Jira::new(&s, token(), Http::default()).unwrap();
        assert_eq!(j.project, "SUP");
        assert_eq!(j.base, "https://x.atlassian.net");
        assert!(!format!("{j:?}").contains("\"t\""));
        s.remove("email");
        assert!(matches!(
            Jira::new(&s, token(), Http::default()),
            Err(VendorError::Config(_))
        ));
    }

    use crate::answers::{clear, damaged, real};

    #[test]
    fn pages_say_whether_more_follow() {
        let comments = values_page(&real("jira-comments.json"), "read").unwrap();
        assert_eq!((comments.items.len(), comments.more), (2, false));
        let public = public_comments(&comments.items);
        assert_eq!(public.len(), 2);
        assert_eq!(public[1].format, crate::BodyFormat::Html);
        let more = json!({"values": [{}], "isLastPage": false});
        assert!(values_page(&more, "w").unwrap().more);
        let unsaid = json!({"values": [{}]});
        assert!(
            !values_page(&unsaid, "w").unwrap().more,
            "taken for the last"
        );
        let search = search_page(&real("jira-search.json")).unwrap();
        assert_eq!(search.next.as_deref(), Some("CAEaAggD"));
        let state = issue_state(&search.issues[0], "SUP-42").unwrap();
        assert_eq!(
            (state.status_raw.as_str(), state.status),
            ("Waiting for customer", VendorStatus::Waiting)
        );
        let e = search_page(&real("jira-error.json")).unwrap_err();
        assert!(e.to_string().contains("search: no \"issues\" list"), "{e}");
    }

    #[test]
    fn damaged_answers_are_read_or_refused() {
        let mut copies = 0;
        for name in [
            "jira-comments.json",
            "jira-search.json",
            "jira-transitions.json",
            "jira-error.json",
        ] {
            for v in damaged(&real(name)) {
                copies += 1;
                let _ = (explain(&v), reopen_transition(&v["transitions"]));
                match values_page(&v, "read the comments") {
                    Ok(page) => {
                        let _ = public_comments(&page.items);
                    }
                    Err(e) => clear(&e),
                }
                match search_page(&v) {
                    Ok(page) => {
                        for issue in &page.issues {
                            if let Err(e) = issue_state(issue, "SUP-42") {
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
    fn vendor_comments_take_the_display_name() {
        let c = json!({"id": 10001, "body": "hi", "public": true,
            "author": {"displayName": "Vendor Agent", "accountId": "x"},
            "created": {"epochMillis": 1_700_000_000_000_i64}});
        let v = vendor_comment(&c).unwrap();
        assert_eq!(v.id, "10001");
        assert_eq!(v.author, "Vendor Agent");
        assert_eq!(v.at, 1_700_000_000_000);
    }
}
