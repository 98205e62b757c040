//! Redmine through its REST API (JSON), with an API key (`X-Redmine-API-Key`).
//!
//! - A case is an issue in the configured project; our correlation id goes into the subject and,
//!   when the Redmine admin made one, into an issue custom field, which a lookup filters on.
//! - Our public comments are public notes (`private_notes: false`); private notes at the vendor
//!   stay there.
//! - Changes: `GET /issues.json?issue_id=..&updated_on=>=..&status_id=*` (paged by offset), then
//!   each changed issue's journals. Statuses come from `/issue_statuses.json` (ids differ from
//!   one Redmine to another).
//! - A wrong key on a public project silently reads as anonymous (and where Anonymous may add
//!   issues, writes as Anonymous), so "test connection" and every delivery run first ask
//!   `/users/current.json`, which answers 401 to a wrong key; an issue the answer says someone
//!   else wrote is refused as bad credentials.
//! - An issue deleted at the vendor is missing from a search by id and answers 404.

use serde_json::{json, Value};
use tokio::sync::OnceCell;

use sb_domain::vendor::VendorStatus;
use sb_domain::Sensitive;

use crate::http::{base_url, clip, encode, Explain};
use crate::{
    case_subject, case_text, optional, secret, setting, stamp, wrong_author, BodyFormat, CaseRef,
    CaseUpdate, Connector, Field, Http, KindInfo, NewCase, OutComment, Settings, VendorComment,
    VendorError,
};

pub static INFO: KindInfo = KindInfo {
    kind: "redmine",
    label: "Redmine",
    fields: &[
        Field {
            key: "base_url",
            label: "Redmine address",
            required: true,
            hint: "https://redmine.vendor.example",
        },
        Field {
            key: "project",
            label: "Project identifier",
            required: true,
            hint: "support",
        },
        Field {
            key: "correlation_field_id",
            label: "Custom field id for our reference",
            required: false,
            hint: "3 (leave empty: the subject carries it)",
        },
        Field {
            key: "statuses",
            label: "Statuses named otherwise (theirs=ours)",
            required: false,
            hint: "Решена=resolved, Закрыта=closed, Обратная связь=waiting",
        },
        Field {
            key: "reopen_status",
            label: "Status to reopen with",
            required: false,
            hint: "In Progress",
        },
    ],
    secret: Some("API key"),
};

const PAGE: usize = 100;
const IDS_PER_SEARCH: usize = 50;

#[derive(Debug)]
pub struct Redmine {
    base: String,
    project: String,
    correlation_field: Option<u64>,
    reopen_status: String,
    /// The admin's names for statuses (a Redmine in another language), before the defaults.
    named: Vec<(String, VendorStatus)>,
    key: Sensitive<String>,
    http: Http,
    /// The vendor's statuses.
    statuses: OnceCell<Vec<IssueStatus>>,
    /// Who the key signs in as: user id and login (`/users/current.json`).
    me: OnceCell<(u64, String)>,
}

/// Redmine's error body: `{"errors": [...]}`.
pub fn explain(v: &Value) -> Option<String> {
    let errors: Vec<&str> = v
        .get("errors")?
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    Some(errors.join("; "))
}

const EXPLAIN: Explain = explain;

/// Redmine's default statuses by name; another name falls back on its `is_closed` flag.
fn status_of(name: &str, is_closed: bool) -> VendorStatus {
    match name.to_lowercase().as_str() {
        "new" => VendorStatus::New,
        "feedback" => VendorStatus::Waiting,
        "resolved" => VendorStatus::Resolved,
        "rejected" => VendorStatus::Rejected,
        "closed" => VendorStatus::Closed,
        _ if is_closed => VendorStatus::Closed,
        _ => VendorStatus::Open,
    }
}

impl Redmine {
    pub fn new(
        settings: &Settings,
        secret_value: Option<Sensitive<String>>,
        http: Http,
    ) -> Result<Redmine, VendorError> {
        let correlation_field = match optional(settings, "correlation_field_id") {
            Some(v) => Some(
                v.parse()
                    .map_err(|_| crate::not_a_number(&INFO, "correlation_field_id", "3", v))?,
            ),
            None => None,
        };
        Ok(Redmine {
            base: base_url(
                setting(settings, &INFO, "base_url")?,
                crate::field_word(INFO.kind, "base_url"),
            )?,
            project: setting(settings, &INFO, "project")?.to_string(),
            correlation_field,
            reopen_status: optional(settings, "reopen_status")
                .unwrap_or("In Progress")
                .to_string(),
            named: match optional(settings, "statuses") {
                Some(map) => crate::status_map(map)?,
                None => Vec::new(),
            },
            key: secret(secret_value, &INFO)?,
            http,
            statuses: OnceCell::new(),
            me: OnceCell::new(),
        })
    }

    /// The user the key signs in as; a wrong key is refused here (401), never taken for
    /// Anonymous.
    async fn me(&self) -> Result<&(u64, String), VendorError> {
        self.me
            .get_or_try_init(|| async {
                let me: Value = self
                    .http
                    .json(
                        self.request(reqwest::Method::GET, "/users/current.json"),
                        "sign in",
                        EXPLAIN,
                    )
                    .await?;
                current_user(&me)
            })
            .await
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .client()
            .request(method, format!("{}{path}", self.base))
            .header("X-Redmine-API-Key", self.key.expose())
    }

    fn case(&self, id: u64) -> CaseRef {
        CaseRef {
            id: id.to_string(),
            number: format!("#{id}"),
            url: Some(format!("{}/issues/{id}", self.base)),
        }
    }

    async fn statuses(&self) -> Result<&[IssueStatus], VendorError> {
        self.statuses
            .get_or_try_init(|| async {
                let v: Value = self
                    .http
                    .json(
                        self.request(reqwest::Method::GET, "/issue_statuses.json"),
                        "read the issue statuses",
                        EXPLAIN,
                    )
                    .await?;
                Ok(statuses(&v))
            })
            .await
            .map(Vec::as_slice)
    }

    /// Issues matching `query` (every status), all pages.
    async fn issues(&self, query: &[(String, String)]) -> Result<Vec<Value>, VendorError> {
        let mut all = Vec::new();
        loop {
            let mut q = query.to_vec();
            q.push(("status_id".into(), "*".into()));
            q.push(("limit".into(), PAGE.to_string()));
            q.push(("offset".into(), all.len().to_string()));
            let v: Value = self
                .http
                .json(
                    self.request(reqwest::Method::GET, "/issues.json").query(&q),
                    "search issues",
                    EXPLAIN,
                )
                .await?;
            let page = issues_page(&v, all.len())?;
            all.extend(page.items);
            if !page.more {
                return Ok(all);
            }
        }
    }

    async fn journals(&self, id: &str) -> Result<Vec<Journal>, VendorError> {
        let v: Value = self
            .http
            .json(
                self.request(
                    reqwest::Method::GET,
                    &format!("/issues/{}.json", encode(id)),
                )
                .query(&[("include", "journals")]),
                "read the issue's notes",
                EXPLAIN,
            )
            .await?;
        Ok(journals(&v))
    }

    async fn update(&self, id: &str, issue: Value, what: &str) -> Result<(), VendorError> {
        self.http
            .send(
                self.request(
                    reqwest::Method::PUT,
                    &format!("/issues/{}.json", encode(id)),
                )
                .json(&json!({ "issue": issue })),
                what,
                EXPLAIN,
            )
            .await?;
        Ok(())
    }
}

/// A string field as text with plain line ends.
pub fn text(v: &Value) -> String {
    v.as_str().unwrap_or("").replace("\r\n", "\n")
}

#[async_trait::async_trait]
impl Connector for Redmine {
    async fn check(&self) -> Result<String, VendorError> {
        let login = self.me().await?.1.clone();
        let project: Value = self
            .http
            .json(
                self.request(
                    reqwest::Method::GET,
                    &format!("/projects/{}.json", encode(&self.project)),
                ),
                &format!("read the project {}", self.project),
                EXPLAIN,
            )
            .await?;
        let name = project
            .pointer("/project/name")
            .and_then(Value::as_str)
            .unwrap_or(&self.project);
        self.statuses().await?;
        Ok(format!(
            "signed in to Redmine as {login}; project \"{name}\" can be read"
        ))
    }

    async fn create_case(&self, case: &NewCase) -> Result<CaseRef, VendorError> {
        let mut issue = json!({
            "project_id": self.project,
            "subject": case_subject(case),
            "description": case_text(case),
        });
        if let Some(field) = self.correlation_field {
            issue["custom_fields"] = json!([{ "id": field, "value": case.correlation }]);
        }
        let created: Value = self
            .http
            .json(
                self.request(reqwest::Method::POST, "/issues.json")
                    .json(&json!({ "issue": issue })),
                "create the issue",
                EXPLAIN,
            )
            .await?;
        let created = created_issue(&created)?;
        // The issue is written as whoever the key is: a key that turned anonymous on a public
        // project made it as Anonymous.
        if let Some((me, login)) = self.me.get() {
            if created.author_id != Some(*me) {
                return Err(wrong_author(
                    &format!("create the issue (#{})", created.id),
                    created.author_name.as_deref().unwrap_or("nobody"),
                    login,
                ));
            }
        }
        Ok(self.case(created.id))
    }

    async fn find_case(&self, correlation: &str) -> Result<Option<CaseRef>, VendorError> {
        let mut query = vec![("project_id".to_string(), self.project.clone())];
        match self.correlation_field {
            Some(f) => query.push((format!("cf_{f}"), correlation.to_string())),
            None => query.push(("subject".into(), format!("~{correlation}"))),
        }
        let tag = format!("[{correlation}]");
        Ok(self
            .issues(&query)
            .await?
            .iter()
            // "~" matches a part: SB-000123/7 is also in SB-000123/70.
            .filter(|i| {
                self.correlation_field.is_some()
                    || i.get("subject")
                        .and_then(Value::as_str)
                        .is_some_and(|s| s.contains(&tag))
            })
            .find_map(|i| i.get("id").and_then(Value::as_u64))
            .map(|id| self.case(id)))
    }

    async fn add_comment(&self, case: &CaseRef, c: &OutComment) -> Result<String, VendorError> {
        self.update(
            &case.id,
            json!({ "notes": c.text(), "private_notes": false }),
            "add the note",
        )
        .await?;
        // Redmine answers 204 without the journal: the sync knows it by its marker.
        Ok(String::new())
    }

    async fn find_comment(
        &self,
        case: &CaseRef,
        marker: &str,
    ) -> Result<Option<String>, VendorError> {
        Ok(self
            .journals(&case.id)
            .await?
            .iter()
            .find(|j| sb_domain::vendor::signed_with(&j.notes, marker))
            .and_then(|j| j.id)
            .map(|id| id.to_string()))
    }

    async fn reopen(&self, case: &CaseRef, c: &OutComment) -> Result<(), VendorError> {
        let wanted = self.reopen_status.to_lowercase();
        let status = self
            .statuses()
            .await?
            .iter()
            .find(|s| s.name.to_lowercase() == wanted)
            .or_else(|| self.statuses_open_fallback())
            .map(|s| s.id);
        let Some(status) = status else {
            return Err(VendorError::Config(sb_i18n::msg!(
                "vendor-config-reopen-status",
                kind = crate::kind_word(INFO.kind),
                status = self.reopen_status.as_str()
            )));
        };
        // One update: the status and the note, together.
        self.update(
            &case.id,
            json!({ "status_id": status, "notes": c.text(), "private_notes": false }),
            "reopen the issue",
        )
        .await
    }

    async fn changes(&self, cases: &[CaseRef], since: i64) -> Result<Vec<CaseUpdate>, VendorError> {
        let statuses = self.statuses().await?.to_vec();
        let mut updates = Vec::new();
        for chunk in cases.chunks(IDS_PER_SEARCH) {
            let ids: Vec<&str> = chunk.iter().map(|c| c.id.as_str()).collect();
            let issues = self
                .issues(&[
                    ("issue_id".into(), ids.join(",")),
                    (
                        "updated_on".into(),
                        format!(">={}", stamp::iso(since.max(0))),
                    ),
                    ("sort".into(), "updated_on:asc".into()),
                ])
                .await?;
            for i in issues {
                let Some(change) = issue_change(&i, &statuses, &self.named, since) else {
                    continue;
                };
                let id = change.id.to_string();
                let comments = public_notes(&self.journals(&id).await?);
                updates.push(CaseUpdate {
                    case_id: id,
                    status: change.status,
                    status_raw: change.status_raw,
                    comments,
                    updated_at: change.updated_at,
                });
            }
        }
        Ok(updates)
    }

    async fn account(&self) -> Result<Option<String>, VendorError> {
        Ok(Some(self.me().await?.1.clone()))
    }

    async fn gone(&self, cases: &[CaseRef]) -> Result<Vec<String>, VendorError> {
        let mut gone = Vec::new();
        for chunk in cases.chunks(IDS_PER_SEARCH) {
            let ids: Vec<&str> = chunk
                .iter()
                .map(|c| c.id.as_str())
                .filter(|id| !id.is_empty())
                .collect();
            if ids.is_empty() {
                continue;
            }
            let found: Vec<String> = self
                .issues(&[("issue_id".into(), ids.join(","))])
                .await?
                .iter()
                .filter_map(|i| i.get("id").and_then(Value::as_u64))
                .map(|id| id.to_string())
                .collect();
            for id in ids.into_iter().filter(|id| !found.iter().any(|f| f == id)) {
                match self.journals(id).await {
                    Ok(_) => {}
                    Err(VendorError::NotFound(_)) => gone.push(id.to_string()),
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(gone)
    }
}

impl Redmine {
    /// Without the configured status: the first status that does not close the issue and is
    /// not "New".
    fn statuses_open_fallback(&self) -> Option<&IssueStatus> {
        self.statuses
            .get()?
            .iter()
            .find(|s| !s.is_closed && !s.name.eq_ignore_ascii_case("new"))
    }
}

// ------------------------------------------------------------------ readers of Redmine's answers
//
// Plain functions of what Redmine answered, so that the fuzz target and the property tests
// reach them without a server: each reads what it needs or refuses with a protocol error,
// never a panic.

/// One of the vendor's issue statuses (`/issue_statuses.json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueStatus {
    pub id: u64,
    pub name: String,
    pub is_closed: bool,
}

/// The statuses of `/issue_statuses.json`; one without an id or a name is left out.
pub fn statuses(v: &Value) -> Vec<IssueStatus> {
    v.get("issue_statuses")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| {
            Some(IssueStatus {
                id: s.get("id")?.as_u64()?,
                name: s.get("name")?.as_str()?.to_string(),
                is_closed: s.get("is_closed").and_then(Value::as_bool).unwrap_or(false),
            })
        })
        .collect()
}

/// Who the key signs in as (`/users/current.json`): user id and login; an answer naming no
/// one is a key taken for Anonymous.
pub fn current_user(me: &Value) -> Result<(u64, String), VendorError> {
    let id = me.pointer("/user/id").and_then(Value::as_u64);
    let login = me.pointer("/user/login").and_then(Value::as_str);
    match (id, login) {
        (Some(id), Some(login)) if !login.is_empty() => Ok((id, login.to_string())),
        _ => Err(VendorError::BadCredentials(
            "sign in: Redmine names no user for this key (anonymous)".into(),
        )),
    }
}

/// One page of `/issues.json`: its issues, and whether another page follows.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuesPage {
    pub items: Vec<Value>,
    pub more: bool,
}

/// A page of `/issues.json` (`issues`, `total_count`), after `before` issues the earlier pages
/// gave (Redmine pages by offset).
pub fn issues_page(v: &Value, before: usize) -> Result<IssuesPage, VendorError> {
    let page = v
        .get("issues")
        .and_then(Value::as_array)
        .ok_or_else(|| VendorError::Protocol("search issues: no issues in the answer".into()))?;
    let n = page.len();
    let total = v.get("total_count").and_then(Value::as_u64).unwrap_or(0);
    Ok(IssuesPage {
        items: page.clone(),
        more: n > 0 && (before.saturating_add(n) as u64) < total,
    })
}

/// An issue a create made: its id and its author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedIssue {
    pub id: u64,
    pub author_id: Option<u64>,
    pub author_name: Option<String>,
}

/// The issue `POST /issues.json` answered with.
pub fn created_issue(created: &Value) -> Result<CreatedIssue, VendorError> {
    let id = created
        .pointer("/issue/id")
        .and_then(Value::as_u64)
        .ok_or_else(|| {
            VendorError::Protocol(format!(
                "create the issue: no id in {}",
                clip(&created.to_string(), 200)
            ))
        })?;
    Ok(CreatedIssue {
        id,
        author_id: created.pointer("/issue/author/id").and_then(Value::as_u64),
        author_name: created
            .pointer("/issue/author/name")
            .and_then(Value::as_str)
            .map(str::to_string),
    })
}

/// One journal of an issue (`include=journals`): a note, a change, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    pub id: Option<u64>,
    pub author: String,
    /// The note, with plain line ends; empty for a change without one.
    pub notes: String,
    pub private: bool,
    /// When (milliseconds; 0 when Redmine gives no time that reads).
    pub at: i64,
}

/// An issue's journals, oldest first; none when the answer holds none.
pub fn journals(issue: &Value) -> Vec<Journal> {
    issue
        .pointer("/issue/journals")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|j| Journal {
            id: j.get("id").and_then(Value::as_u64),
            author: j
                .pointer("/user/name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            notes: text(&j["notes"]),
            private: j["private_notes"].as_bool().unwrap_or(false),
            at: j
                .get("created_on")
                .and_then(Value::as_str)
                .and_then(stamp::parse)
                .unwrap_or(0),
        })
        .collect()
}

/// The public notes among journals, as the vendor's comments: private notes, changes without
/// a note, and journals without an id are left out.
pub fn public_notes(journals: &[Journal]) -> Vec<VendorComment> {
    journals
        .iter()
        .filter(|j| !j.private && !j.notes.trim().is_empty())
        .filter_map(|j| {
            Some(VendorComment {
                id: j.id?.to_string(),
                author: j.author.clone(),
                body: j.notes.clone(),
                format: BodyFormat::Text,
                at: j.at,
            })
        })
        .collect()
}

/// An issue of a search for changes: its id, its status in Redmine's words and in ours, when
/// it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueChange {
    pub id: u64,
    pub status_raw: String,
    pub status: VendorStatus,
    pub updated_at: i64,
}

/// An issue of a search for changes, its status mapped by the admin's names (`named`), else by
/// Redmine's defaults and whether `statuses` say it closes; `None` without an id. Without a
/// time it counts as changed at `since`.
pub fn issue_change(
    i: &Value,
    statuses: &[IssueStatus],
    named: &[(String, VendorStatus)],
    since: i64,
) -> Option<IssueChange> {
    let id = i.get("id").and_then(Value::as_u64)?;
    let status_id = i.pointer("/status/id").and_then(Value::as_u64);
    let name = i
        .pointer("/status/name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let closed = statuses
        .iter()
        .find(|s| Some(s.id) == status_id)
        .is_some_and(|s| s.is_closed);
    Some(IssueChange {
        id,
        status: named
            .iter()
            .find(|(theirs, _)| *theirs == name.to_lowercase())
            .map_or_else(|| status_of(&name, closed), |(_, ours)| *ours),
        status_raw: name,
        updated_at: i
            .get("updated_on")
            .and_then(Value::as_str)
            .and_then(stamp::parse)
            .unwrap_or(since),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_by_name_then_by_closing() {
        assert_eq!(status_of("New", false), VendorStatus::New);
        assert_eq!(status_of("In Progress", false), VendorStatus::Open);
        assert_eq!(status_of("Feedback", false), VendorStatus::Waiting);
        assert_eq!(status_of("Resolved", false), VendorStatus::Resolved);
        assert_eq!(status_of("Closed", true), VendorStatus::Closed);
        assert_eq!(status_of("Rejected", true), VendorStatus::Rejected);
        assert_eq!(status_of("Выполнено", true), VendorStatus::Closed);
        assert_eq!(status_of("В работе", false), VendorStatus::Open);
    }

    #[test]
    fn statuses_named_in_another_language_map_as_the_admin_says() {
        let mut s = Settings::new();
        s.insert("base_url".into(), "http://127.0.0.1:3000".into());
        s.insert("project".into(), "support".into());
        s.insert("statuses".into(), "Решена=resolved, Закрыта=closed".into());
        let r = Redmine::new(&s, Some(Sensitive::new("k".into())), Http::default()).unwrap();
        assert_eq!(r.named[0], ("решена".to_string(), VendorStatus::Resolved));
        s.insert("statuses".into(), "Решена=done".into());
        assert!(crate::check_settings("redmine", &s).is_err());
    }

    #[test]
    fn errors_are_the_vendors_words() {
        assert_eq!(
            explain(&json!({"errors": ["Subject cannot be blank", "Tracker is invalid"]})),
            Some("Subject cannot be blank; Tracker is invalid".into())
        );
    }

    use crate::answers::{clear, damaged, real, text as seed};

    #[test]
    fn a_real_issue_with_journals_reads_as_its_public_notes() {
        let journals = journals(&real("redmine-real-issue-journals.json"));
        assert_eq!(
            journals.len(),
            4,
            "our note, two of the agent's, a status change"
        );
        assert!(journals[2].private);
        assert_eq!(journals[3].notes, "", "a change without a note");
        let notes = public_notes(&journals);
        let read: Vec<(&str, &str, &str)> = notes
            .iter()
            .map(|n| (n.id.as_str(), n.author.as_str(), n.body.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                (
                    "1",
                    "Redmine Admin",
                    "Добрый день! Пришлите журнал.\n\n[switchboard:c-42]"
                ),
                (
                    "2",
                    "Vendor Agent",
                    "Вендор: заменили картридж.\nПроверьте, пожалуйста."
                ),
            ],
            "CRLF read as LF"
        );
        assert!(notes.iter().all(|n| n.at > 1_700_000_000_000), "{notes:?}");
    }

    #[test]
    fn real_issue_lists_and_statuses_are_read() {
        let statuses = statuses(&real("redmine-real-statuses.json"));
        assert_eq!(statuses.len(), 6);
        assert!(statuses.iter().any(|s| s.name == "Closed" && s.is_closed));
        let list = real("redmine-real-issues.json");
        let page = issues_page(&list, 0).unwrap();
        assert_eq!((page.items.len(), page.more), (2, false));
        let second = real("redmine-real-issues-page2.json");
        assert!(!issues_page(&second, 1).unwrap().more);
        assert!(issues_page(&second, 0).unwrap().more);
        let issue = page.items.iter().find(|i| i["id"] == 1).unwrap();
        let change = issue_change(issue, &statuses, &[], 0).unwrap();
        assert_eq!(
            (change.id, change.status_raw.as_str(), change.status),
            (1, "Feedback", VendorStatus::Waiting)
        );
        assert!(change.updated_at > 1_700_000_000_000);
        let named = [("feedback".to_string(), VendorStatus::Open)];
        assert_eq!(
            issue_change(issue, &statuses, &named, 0).unwrap().status,
            VendorStatus::Open
        );
        let created = created_issue(&real("redmine-real-created.json")).unwrap();
        assert_eq!(
            created,
            CreatedIssue {
                id: 1,
                author_id: Some(1),
                author_name: Some("Redmine Admin".into())
            }
        );
        assert_eq!(
            current_user(&real("redmine-real-current-user.json")).unwrap(),
            (1, "admin".to_string())
        );
    }

    #[test]
    fn real_errors_are_explained_or_refused() {
        assert_eq!(
            explain(&real("redmine-real-422.json")).as_deref(),
            Some("Subject cannot be blank")
        );
        // 404 and 401 come with an empty body: no JSON to read, a clear refusal.
        for name in ["redmine-real-404.txt", "redmine-real-401.txt"] {
            let e = crate::read_json::<Value>(&seed(name), "read the issue").unwrap_err();
            clear(&e);
        }
        let e = issues_page(&real("redmine-real-422.json"), 0).unwrap_err();
        assert!(e.to_string().contains("no issues in the answer"), "{e}");
        let e = current_user(&json!({"user": {"id": 2, "login": ""}})).unwrap_err();
        assert!(matches!(e, VendorError::BadCredentials(_)), "{e}");
    }

    /// Every real answer with one value left out, of the wrong type, or a huge number: read
    /// as far as it goes, or refused with a clear error; never a panic.
    #[test]
    fn damaged_real_answers_are_read_or_refused() {
        let statuses = statuses(&real("redmine-real-statuses.json"));
        let mut copies = 0;
        for name in [
            "redmine-real-issue-journals.json",
            "redmine-real-issues.json",
            "redmine-real-statuses.json",
            "redmine-real-current-user.json",
            "redmine-real-created.json",
            "redmine-real-422.json",
        ] {
            for v in damaged(&real(name)) {
                copies += 1;
                let _ = (explain(&v), super::statuses(&v));
                let journals = journals(&v);
                assert!(public_notes(&journals).len() <= journals.len());
                for r in [current_user(&v).map(|_| ()), created_issue(&v).map(|_| ())] {
                    if let Err(e) = r {
                        clear(&e);
                    }
                }
                match issues_page(&v, 0) {
                    Ok(page) => {
                        for i in &page.items {
                            let _ = issue_change(i, &statuses, &[], 0);
                        }
                    }
                    Err(e) => clear(&e),
                }
            }
        }
        assert!(copies > 1_000, "{copies}");
    }

    #[test]
    fn a_custom_field_id_is_a_number() {
        let mut s = Settings::new();
        s.insert("base_url".into(), "http://127.0.0.1:3000".into());
        s.insert("project".into(), "support".into());
        s.insert("correlation_field_id".into(), "abc".into());
        let e = Redmine::new(&s, Some(Sensitive::new("k".into())), Http::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Redmine: Custom field id for our reference is a number, e.g. 3 (not \"abc\")"
        );
    }
}
