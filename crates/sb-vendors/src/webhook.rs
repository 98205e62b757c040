//! A generic REST connector for a vendor system without a module of its own, configured by
//! request templates and JSON field mappings.
//!
//! - A request is written `METHOD /path?query`, with placeholders in braces: `{id}` (the case),
//!   `{correlation}`, `{ticket}`; values in a path are percent-encoded.
//! - A body is a JSON template: any string in it may hold placeholders (`{subject}`,
//!   `{description}`, `{correlation}`, `{ticket}`, `{priority}`, `{client}`, `{direction}`,
//!   `{body}`), replaced as text inside the string, so the vendor's JSON stays valid whatever
//!   the text holds.
//! - Answers are read with JSON pointers (`/issue/id`).
//! - The secret goes in one header, written `Name: value` with `{secret}` in the value.
//! - Changes: the case is read (`read`) for its status, last change and comments; the vendor's
//!   statuses are mapped by a list `Their status=ours, ...`.

use serde_json::Value;

use sb_domain::vendor::VendorStatus;
use sb_domain::Sensitive;

use crate::http::{base_url, encode, Explain};
use crate::{
    case_subject, case_text, field_word, optional, secret, setting, stamp, CaseRef, CaseUpdate,
    Connector, Field, Http, KindInfo, NewCase, OutComment, Settings, VendorComment, VendorError,
};
use sb_i18n::msg;

const fn field(
    key: &'static str,
    label: &'static str,
    required: bool,
    hint: &'static str,
) -> Field {
    Field {
        key,
        label,
        required,
        hint,
    }
}

pub static INFO: KindInfo = KindInfo {
    kind: "webhook",
    label: "Generic REST / webhook",
    fields: &[
        field("base_url", "Base URL", true, "https://api.vendor.example"),
        field(
            "auth_header",
            "Auth header",
            true,
            "Authorization: Bearer {secret}",
        ),
        field("check", "Test connection request", true, "GET /me"),
        field("create", "Create request", true, "POST /cases"),
        field(
            "create_body",
            "Create body (JSON)",
            true,
            r#"{"title": "{subject}", "text": "{description}", "ref": "{correlation}"}"#,
        ),
        field("case_id", "Case id in the create answer", true, "/id"),
        field(
            "case_number",
            "Case number in the create answer",
            false,
            "/number",
        ),
        field(
            "case_link",
            "Case link",
            false,
            "https://vendor.example/cases/{id}",
        ),
        field("find", "Find request", true, "GET /cases?ref={correlation}"),
        field(
            "find_items",
            "Found cases in the find answer",
            true,
            "/items",
        ),
        field("find_id", "A found case's id", true, "/id"),
        field(
            "comment",
            "Comment request",
            true,
            "POST /cases/{id}/comments",
        ),
        field(
            "comment_body",
            "Comment body (JSON)",
            true,
            r#"{"text": "{body}"}"#,
        ),
        field("read", "Read request", true, "GET /cases/{id}"),
        field("status", "Status in the read answer", true, "/status"),
        field(
            "updated",
            "Last change in the read answer",
            false,
            "/updated_at",
        ),
        field("comments", "Comments in the read answer", true, "/comments"),
        field("comment_id", "A comment's id", true, "/id"),
        field("comment_text", "A comment's text", true, "/text"),
        field(
            "comment_author",
            "A comment's author",
            false,
            "/author/name",
        ),
        field("comment_at", "A comment's time", false, "/created_at"),
        field(
            "comment_private",
            "A comment is private when",
            false,
            "/private",
        ),
        field(
            "statuses",
            "Statuses (theirs=ours)",
            true,
            "New=new, Open=open, Pending=waiting, Solved=resolved, Closed=closed",
        ),
        field("reopen", "Reopen request", true, "PUT /cases/{id}"),
        field(
            "reopen_body",
            "Reopen body (JSON)",
            true,
            r#"{"status": "Open", "comment": "{body}"}"#,
        ),
    ],
    secret: Some("Secret"),
};

/// `METHOD /path` checked; `key` is the setting it came from.
pub fn request_line(text: &str, key: &str) -> Result<(reqwest::Method, String), VendorError> {
    let field = || field_word(INFO.kind, key);
    let (method, path) = text
        .trim()
        .split_once(' ')
        .ok_or_else(|| VendorError::Config(msg!("vendor-config-request-line", field = field())))?;
    let method = match method.trim().to_uppercase().as_str() {
        "GET" => reqwest::Method::GET,
        "POST" => reqwest::Method::POST,
        "PUT" => reqwest::Method::PUT,
        "PATCH" => reqwest::Method::PATCH,
        "DELETE" => reqwest::Method::DELETE,
        _ => {
            return Err(VendorError::Config(msg!(
                "vendor-config-http-method",
                field = field(),
                method = method
            )))
        }
    };
    let path = path.trim();
    if !path.starts_with('/') {
        return Err(VendorError::Config(msg!(
            "vendor-config-request-path",
            field = field()
        )));
    }
    Ok((method, path.to_string()))
}

/// A body template (`create_body`, `comment_body`, `reopen_body`: the setting `key`) read as
/// JSON.
pub fn template(text: &str, key: &str) -> Result<Value, VendorError> {
    serde_json::from_str(text).map_err(|e| {
        VendorError::Config(msg!(
            "vendor-config-template",
            field = field_word(INFO.kind, key),
            error = e.to_string()
        ))
    })
}

fn pointer(text: &str, key: &str) -> Result<String, VendorError> {
    let p = text.trim();
    if !p.starts_with('/') {
        return Err(VendorError::Config(msg!(
            "vendor-config-pointer",
            field = field_word(INFO.kind, key)
        )));
    }
    Ok(p.to_string())
}

/// The text at `pointer` of `v`: a string, or a number as written.
pub fn text_at(v: &Value, pointer: &str) -> Option<String> {
    match v.pointer(pointer)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Fills the placeholders in every string of a JSON template.
pub fn fill_json(template: &Value, values: &[(&str, &str)]) -> Value {
    match template {
        Value::String(s) => Value::String(fill(s, values, false)),
        Value::Array(items) => Value::Array(items.iter().map(|i| fill_json(i, values)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), fill_json(v, values)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The longest placeholder name looked for after a `{`: the scan stays linear in the text.
const PLACEHOLDER_NAME_BYTES: usize = 32;

/// Fills `{name}` placeholders; in a URL the values are percent-encoded. One pass over the
/// template: a value is never searched for placeholders itself, so a case's subject holding
/// `{description}` stays as written, and the text grows by at most one value per placeholder.
pub fn fill(text: &str, values: &[(&str, &str)], url: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after
            .bytes()
            .take(PLACEHOLDER_NAME_BYTES + 1)
            .position(|b| b == b'}')
            .and_then(|close| {
                let name = &after[..close];
                values
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (close, *v))
            });
        match value {
            Some((close, v)) if url => {
                out.push_str(&encode(v));
                rest = &after[close + 1..];
            }
            Some((close, v)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[derive(Debug)]
pub struct Webhook {
    base: String,
    settings: Settings,
    secret: Sensitive<String>,
    statuses: Vec<(String, VendorStatus)>,
    http: Http,
}

/// A generic vendor's error body: the first of the usual keys that holds something.
pub fn explain(v: &Value) -> Option<String> {
    for key in ["message", "error", "errors", "detail", "description"] {
        match v.get(key) {
            Some(Value::String(s)) => return Some(s.clone()),
            Some(other @ (Value::Array(_) | Value::Object(_))) => return Some(other.to_string()),
            _ => {}
        }
    }
    None
}

const EXPLAIN: Explain = explain;

/// The auth header is not `Name: value` with `{secret}` in it.
fn auth_header_error() -> VendorError {
    VendorError::Config(msg!(
        "vendor-config-auth-header",
        field = field_word(INFO.kind, "auth_header")
    ))
}

impl Webhook {
    /// Every template, pointer and request line parses: checked when the vendor is saved.
    pub fn check_templates(settings: &Settings) -> Result<(), VendorError> {
        for key in ["check", "create", "find", "comment", "read", "reopen"] {
            if let Some(v) = optional(settings, key) {
                request_line(v, key)?;
            }
        }
        for key in ["create_body", "comment_body", "reopen_body"] {
            if let Some(v) = optional(settings, key) {
                template(v, key)?;
            }
        }
        for f in INFO.fields {
            let is_pointer = matches!(
                f.key,
                "case_id"
                    | "case_number"
                    | "find_items"
                    | "find_id"
                    | "status"
                    | "updated"
                    | "comments"
                    | "comment_id"
                    | "comment_text"
                    | "comment_author"
                    | "comment_at"
                    | "comment_private"
            );
            if let (true, Some(v)) = (is_pointer, optional(settings, f.key)) {
                pointer(v, f.key)?;
            }
        }
        if let Some(h) = optional(settings, "auth_header") {
            if !h.contains(':') || !h.contains("{secret}") {
                return Err(auth_header_error());
            }
        }
        if let Some(s) = optional(settings, "statuses") {
            crate::status_map(s)?;
        }
        Ok(())
    }

    pub fn new(
        settings: &Settings,
        secret_value: Option<Sensitive<String>>,
        http: Http,
    ) -> Result<Webhook, VendorError> {
        Webhook::check_templates(settings)?;
        Ok(Webhook {
            base: base_url(
                setting(settings, &INFO, "base_url")?,
                field_word(INFO.kind, "base_url"),
            )?,
            statuses: crate::status_map(setting(settings, &INFO, "statuses")?)?,
            settings: settings.clone(),
            secret: secret(secret_value, &INFO)?,
            http,
        })
    }

    fn get(&self, key: &str) -> Result<&str, VendorError> {
        setting(&self.settings, &INFO, key)
    }

    /// The request `key` with its placeholders filled, the auth header on.
    fn request(
        &self,
        key: &str,
        values: &[(&str, &str)],
    ) -> Result<reqwest::RequestBuilder, VendorError> {
        let (method, path) = request_line(self.get(key)?, key)?;
        let url = format!("{}{}", self.base, fill(&path, values, true));
        let (name, value) = self
            .get("auth_header")?
            .split_once(':')
            .ok_or_else(auth_header_error)?;
        let value = value.trim().replace("{secret}", self.secret.expose());
        Ok(self
            .http
            .client()
            .request(method, url)
            .header(name.trim(), value))
    }

    fn body(&self, key: &str, values: &[(&str, &str)]) -> Result<Value, VendorError> {
        Ok(fill_json(&template(self.get(key)?, key)?, values))
    }

    fn status_of(&self, raw: &str) -> VendorStatus {
        let raw = raw.trim().to_lowercase();
        self.statuses
            .iter()
            .find(|(theirs, _)| *theirs == raw)
            .map_or(VendorStatus::Open, |(_, ours)| *ours)
    }

    fn case(&self, id: String, number: Option<String>) -> CaseRef {
        CaseRef {
            url: optional(&self.settings, "case_link").map(|l| fill(l, &[("id", &id)], false)),
            number: number.unwrap_or_else(|| id.clone()),
            id,
        }
    }

    async fn read(&self, id: &str) -> Result<Value, VendorError> {
        self.http
            .json(
                self.request("read", &[("id", id)])?,
                "read the case",
                EXPLAIN,
            )
            .await
    }

    fn comments_of(&self, case: &Value) -> Result<Vec<VendorComment>, VendorError> {
        let list = case
            .pointer(self.get("comments")?)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let (id_p, text_p) = (self.get("comment_id")?, self.get("comment_text")?);
        let private = optional(&self.settings, "comment_private");
        Ok(list
            .iter()
            .filter(|c| private.is_none_or(|p| c.pointer(p) != Some(&Value::Bool(true))))
            .filter_map(|c| {
                let body = text_at(c, text_p)?.replace("\r\n", "\n");
                if body.trim().is_empty() {
                    return None;
                }
                Some(VendorComment {
                    id: text_at(c, id_p)?,
                    author: optional(&self.settings, "comment_author")
                        .and_then(|p| text_at(c, p))
                        .unwrap_or_default(),
                    at: optional(&self.settings, "comment_at")
                        .and_then(|p| text_at(c, p))
                        .and_then(|t| stamp::parse(&t))
                        .unwrap_or(0),
                    body,
                    format: crate::BodyFormat::Text,
                })
            })
            .collect())
    }
}

#[async_trait::async_trait]
impl Connector for Webhook {
    async fn check(&self) -> Result<String, VendorError> {
        self.http
            .send(self.request("check", &[])?, "test connection", EXPLAIN)
            .await?;
        Ok(format!("{} answered the test request", self.base))
    }

    async fn create_case(&self, case: &NewCase) -> Result<CaseRef, VendorError> {
        let subject = case_subject(case);
        let description = case_text(case);
        let priority = case.priority.to_string();
        let values = [
            ("subject", subject.as_str()),
            ("description", description.as_str()),
            ("correlation", case.correlation.as_str()),
            ("ticket", case.ticket_number.as_str()),
            ("priority", priority.as_str()),
            ("client", case.client.as_str()),
            ("direction", case.direction.as_str()),
        ];
        let body = self.body("create_body", &values)?;
        let created: Value = self
            .http
            .json(
                self.request("create", &values)?.json(&body),
                "create the case",
                EXPLAIN,
            )
            .await?;
        let id = text_at(&created, self.get("case_id")?).ok_or_else(|| {
            VendorError::Protocol(format!(
                "create the case: nothing at {} in {}",
                self.get("case_id").unwrap_or_default(),
                crate::http::clip(&created.to_string(), 200)
            ))
        })?;
        let number = optional(&self.settings, "case_number").and_then(|p| text_at(&created, p));
        Ok(self.case(id, number))
    }

    async fn find_case(&self, correlation: &str) -> Result<Option<CaseRef>, VendorError> {
        let found: Value = self
            .http
            .json(
                self.request("find", &[("correlation", correlation)])?,
                "find the case",
                EXPLAIN,
            )
            .await?;
        let items = found
            .pointer(self.get("find_items")?)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        // A search may match loosely: only a case that carries our reference is ours.
        let tag = format!("[{correlation}]");
        Ok(items
            .iter()
            .filter(|i| {
                let text = i.to_string();
                text.contains(&tag) || text.contains(&format!("\"{correlation}\""))
            })
            .find_map(|i| text_at(i, self.get("find_id").ok()?))
            .map(|id| self.case(id, None)))
    }

    async fn add_comment(&self, case: &CaseRef, c: &OutComment) -> Result<String, VendorError> {
        let text = c.text();
        let values = [("id", case.id.as_str()), ("body", text.as_str())];
        let body = self.body("comment_body", &values)?;
        let answer = self
            .http
            .send(
                self.request("comment", &values)?.json(&body),
                "add the comment",
                EXPLAIN,
            )
            .await?;
        let text = self
            .http
            .body_text(answer, "read the comment's answer")
            .await
            .unwrap_or_default();
        let id = serde_json::from_str::<Value>(&text)
            .ok()
            .and_then(|v| text_at(&v, self.get("comment_id").ok()?));
        Ok(id.unwrap_or_default())
    }

    async fn find_comment(
        &self,
        case: &CaseRef,
        marker: &str,
    ) -> Result<Option<String>, VendorError> {
        let read = self.read(&case.id).await?;
        Ok(self
            .comments_of(&read)?
            .into_iter()
            .chain(self.private_too(&read)?)
            .find(|c| sb_domain::vendor::signed_with(&c.body, marker))
            .map(|c| c.id))
    }

    async fn reopen(&self, case: &CaseRef, c: &OutComment) -> Result<(), VendorError> {
        let text = c.text();
        let values = [("id", case.id.as_str()), ("body", text.as_str())];
        let body = self.body("reopen_body", &values)?;
        self.http
            .send(
                self.request("reopen", &values)?.json(&body),
                "reopen the case",
                EXPLAIN,
            )
            .await?;
        Ok(())
    }

    async fn changes(&self, cases: &[CaseRef], since: i64) -> Result<Vec<CaseUpdate>, VendorError> {
        let mut updates = Vec::new();
        for case in cases {
            let read = self.read(&case.id).await?;
            let updated_at = optional(&self.settings, "updated")
                .and_then(|p| text_at(&read, p))
                .and_then(|t| stamp::parse(&t));
            if updated_at.is_some_and(|at| at < since) {
                continue;
            }
            let raw = text_at(&read, self.get("status")?).unwrap_or_default();
            updates.push(CaseUpdate {
                case_id: case.id.clone(),
                status: self.status_of(&raw),
                status_raw: raw,
                comments: self.comments_of(&read)?,
                updated_at: updated_at.unwrap_or(since),
            });
        }
        Ok(updates)
    }
}

impl Webhook {
    /// Private comments too (only to find one of ours by its marker).
    fn private_too(&self, read: &Value) -> Result<Vec<VendorComment>, VendorError> {
        if optional(&self.settings, "comment_private").is_none() {
            return Ok(Vec::new());
        }
        let list = read
            .pointer(self.get("comments")?)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let (id_p, text_p) = (self.get("comment_id")?, self.get("comment_text")?);
        Ok(list
            .iter()
            .filter_map(|c| {
                Some(VendorComment {
                    id: text_at(c, id_p)?,
                    body: text_at(c, text_p)?,
                    format: crate::BodyFormat::Text,
                    author: String::new(),
                    at: 0,
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn regression_a_value_holding_a_placeholder_stays_as_written() {
        // Filled one name after the other, a subject of `{description}` took the description,
        // and each level multiplied the body's size (a mail's subject could grow it to gigabytes).
        let values = [
            ("subject", "{description}{description}"),
            ("description", "{correlation}{correlation}"),
            ("correlation", "SB-1"),
        ];
        assert_eq!(
            fill("{subject} / {correlation}", &values, false),
            "{description}{description} / SB-1"
        );
        assert_eq!(
            fill("/c/{subject}", &values, true),
            "/c/%7Bdescription%7D%7Bdescription%7D"
        );
        assert_eq!(
            fill("{{subject}} {nope} {", &values, false),
            "{{description}{description}} {nope} {"
        );
    }

    proptest! {
        #[test]
        fn a_filled_body_is_json_and_grows_by_its_values_only(
            template_text in "[{}a-z\"\\ :,\\[\\]]{0,40}",
            subject in any::<String>(),
            body in any::<String>(),
        ) {
            let values = [("subject", subject.as_str()), ("body", body.as_str())];
            let filled = fill(&template_text, &values, false);
            let per = subject.len().max(body.len());
            prop_assert!(filled.len() <= template_text.len() * (1 + per));
            if let Ok(t) = template(&template_text, "body") {
                let v = fill_json(&t, &values);
                let again: Value = serde_json::from_str(&v.to_string()).unwrap();
                prop_assert_eq!(again, v);
            }
        }

        #[test]
        fn values_in_a_path_are_percent_encoded(id in any::<String>()) {
            let path = fill("/cases/{id}/comments", &[("id", &id)], true);
            prop_assert!(path.bytes().all(|b| b.is_ascii_graphic()), "{path}");
            prop_assert!(!path["/cases/".len()..].trim_end_matches("/comments").contains('/'));
        }
    }

    #[test]
    fn placeholders_fill_strings_and_keep_the_json_whole() {
        let t = json!({"issue": {"subject": "{subject}", "id": 3, "notes": ["x {body} y"]}});
        let filled = fill_json(
            &t,
            &[("subject", "Сервер \"1С\" {не} отвечает"), ("body", "a\nb")],
        );
        assert_eq!(
            filled,
            json!({"issue": {"subject": "Сервер \"1С\" {не} отвечает", "id": 3, "notes": ["x a\nb y"]}})
        );
        assert_eq!(
            fill(
                "/cases?ref={correlation}",
                &[("correlation", "SB-1/2 x")],
                true
            ),
            "/cases?ref=SB%2D1%2F2%20x"
        );
    }

    #[test]
    fn settings_are_checked_with_what_to_write() {
        let bad = |key: &str, value: &str| {
            let mut s = Settings::new();
            s.insert(key.into(), value.into());
            Webhook::check_templates(&s).unwrap_err().to_string()
        };
        assert!(bad("create", "/cases").contains("method and the path"));
        assert!(bad("create", "FETCH /cases").contains("not an HTTP method"));
        assert!(bad("create_body", "{text: body}").contains("is not JSON"));
        assert!(bad("case_id", "id").contains("JSON pointer"));
        assert!(bad("auth_header", "Bearer x").contains("{secret}"));
        assert!(bad("statuses", "Open=maybe").contains("vendor status"));
    }

    #[test]
    fn statuses_map_as_configured() {
        let m = crate::status_map("New=new, In Progress=open, Solved=resolved").unwrap();
        assert_eq!(m[1], ("in progress".to_string(), VendorStatus::Open));
        assert_eq!(m[2].1, VendorStatus::Resolved);
    }
}
