//! Vendor connectors: Switchboard opens a case in a vendor's own ticket system, adds our public
//! comments to it, and reads back the vendor's replies and status changes.
//!
//! One module per kind of vendor system; no vendor's name appears outside its module except in
//! the registry below. Every connector speaks the same [`Connector`] trait, so the outbox worker
//! and the sync worker in sb-app know nothing of any vendor. The caller hands the credential in
//! (sb-app reads it from the OS keychain); nothing here stores it or prints it.

mod http;
pub mod stamp;

pub mod email;
pub mod jira;
pub mod redmine;
pub mod rt;
pub mod servicenow;
pub mod webhook;
pub mod zendesk;

use sb_domain::delivery::{Failure, FailureClass};
use sb_i18n::{msg, Msg};
use std::collections::BTreeMap;

use sb_domain::ticket::Priority;
use sb_domain::vendor::VendorStatus;
use sb_domain::Sensitive;

pub use http::{read_json, Http, HttpOptions, RateGate};

/// A connector's settings as the admin typed them: field key to value.
pub type Settings = BTreeMap<String, String>;

/// One setting a kind of connector needs, for the settings form and the CLI's help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub required: bool,
    /// An example or a word on what to put there.
    pub hint: &'static str,
}

/// A kind of vendor system Switchboard can talk to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindInfo {
    pub kind: &'static str,
    pub label: &'static str,
    pub fields: &'static [Field],
    /// What the secret is called ("API token", "Password"); `None`: the kind needs none.
    pub secret: Option<&'static str>,
}

/// The settings that say where a vendor's secret goes and how it is presented: the address,
/// the auth header, the login it belongs to.
const SECRET_BOUND: [&str; 4] = ["base_url", "auth_header", "user", "email"];

/// Whether the secret kept for one vendor's settings may go with another's: the same kind and
/// the same [`SECRET_BOUND`] settings. Otherwise it is forgotten and typed again, so that a
/// token never reaches a host it was not given for.
pub fn keeps_secret(kind: &str, before: &Settings, new_kind: &str, after: &Settings) -> bool {
    kind == new_kind
        && SECRET_BOUND
            .iter()
            .all(|k| before.get(*k).map(|v| v.trim()) == after.get(*k).map(|v| v.trim()))
}

/// Every kind, in the order the window lists them.
pub fn kinds() -> [&'static KindInfo; 7] {
    [
        &rt::INFO,
        &redmine::INFO,
        &jira::INFO,
        &servicenow::INFO,
        &zendesk::INFO,
        &email::INFO,
        &webhook::INFO,
    ]
}

/// The kind called `kind`, or an error that lists the kinds there are.
pub fn kind(kind: &str) -> Result<&'static KindInfo, VendorError> {
    kinds()
        .into_iter()
        .find(|k| k.kind == kind)
        .ok_or_else(|| no_kind(kind))
}

/// An id part made of a connector's key: `request_tracker` -> `request-tracker`.
fn id_part(key: &str) -> String {
    key.replace('_', "-")
}

/// A connector kind's name as a message (`vendor-fields.ftl`); a kind this build does not
/// know shows its code.
pub fn kind_word(kind: &str) -> Msg {
    match kinds().into_iter().find(|k| k.kind == kind) {
        Some(k) => Msg::new(format!("vendor-kind-{}", id_part(k.kind))),
        None => msg!("vendor-hint-example", example = kind),
    }
}

/// A setting's label as a message (`vendor-fields.ftl`): `vendor-field-<kind>-<key>`.
pub fn field_word(kind: &str, key: &str) -> Msg {
    Msg::new(format!("vendor-field-{}-{}", id_part(kind), id_part(key)))
}

/// What a connector's secret is called ("API token"), as a message.
pub fn secret_word(secret: &str) -> Msg {
    Msg::new(format!(
        "vendor-secret-{}",
        secret.to_lowercase().replace([' ', '_'], "-")
    ))
}

/// Checks settings for `kind` without connecting: required fields present, URLs that parse,
/// no field the kind does not know. The error names the field and what to put there.
pub fn check_settings(kind_name: &str, settings: &Settings) -> Result<(), VendorError> {
    let info = kind(kind_name)?;
    for key in settings.keys() {
        if !info.fields.iter().any(|f| f.key == key) {
            return Err(VendorError::Config(msg!(
                "vendor-config-unknown-setting",
                kind = kind_word(info.kind),
                key = key.as_str(),
                keys = info
                    .fields
                    .iter()
                    .map(|f| f.key)
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    for f in info.fields.iter().filter(|f| f.required) {
        if settings.get(f.key).is_none_or(|v| v.trim().is_empty()) {
            return Err(VendorError::Config(msg!(
                "vendor-config-fill-in-example",
                kind = kind_word(info.kind),
                field = field_word(info.kind, f.key),
                key = f.key,
                example = f.hint
            )));
        }
    }
    for f in info.fields.iter().filter(|f| f.key.ends_with("url")) {
        if let Some(v) = settings.get(f.key).filter(|v| !v.trim().is_empty()) {
            http::base_url(v, field_word(info.kind, f.key))?;
        }
    }
    if kind_name == webhook::INFO.kind {
        webhook::Webhook::check_templates(settings)?;
    }
    if let Some(map) = optional(settings, "statuses") {
        status_map(map)?;
    }
    Ok(())
}

/// What a connector needs besides its settings and secret: the HTTP client, and for the email
/// kind the way to send mail (sb-app brings its SMTP client and mailboxes).
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub http: Http,
    pub mailer: Option<std::sync::Arc<dyn email::Mailer>>,
}

/// A connector for `kind` with these settings and secret.
pub fn connect(
    kind_name: &str,
    settings: &Settings,
    secret: Option<Sensitive<String>>,
    cx: &Context,
) -> Result<Box<dyn Connector>, VendorError> {
    check_settings(kind_name, settings)?;
    let info = kind(kind_name)?;
    let secret = match (info.secret, secret) {
        (Some(name), None) => return Err(no_secret(info, name)),
        (_, s) => s,
    };
    let http = cx.http.clone();
    Ok(match kind_name {
        "request_tracker" => Box::new(rt::RequestTracker::new(settings, secret, http)?),
        "redmine" => Box::new(redmine::Redmine::new(settings, secret, http)?),
        "jira_service_management" => Box::new(jira::Jira::new(settings, secret, http)?),
        "servicenow" => Box::new(servicenow::ServiceNow::new(settings, secret, http)?),
        "zendesk" => Box::new(zendesk::Zendesk::new(settings, secret, http)?),
        "webhook" => Box::new(webhook::Webhook::new(settings, secret, http)?),
        "email" => Box::new(email::EmailVendor::new(settings, cx.mailer.clone())?),
        other => return Err(no_kind(other)),
    })
}

/// The case to open at the vendor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    /// Our id for the case (`SB-000123/7`): written into it so it can be found again.
    pub correlation: String,
    pub ticket_number: String,
    pub subject: String,
    pub description: String,
    pub priority: Priority,
    pub client: String,
    pub direction: String,
}

/// The vendor's case: its id in the vendor's API, the number people use, and a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRef {
    pub id: String,
    pub number: String,
    pub url: Option<String>,
}

/// A comment to add to the vendor's case. `body` ends with `marker` (see
/// `sb_domain::vendor::comment_marker`), which finds the comment again after a lost answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutComment {
    pub body: String,
    pub marker: String,
    pub author: String,
}

impl OutComment {
    /// The text to send: the body, ending with its marker (added if the body lacks it).
    pub fn text(&self) -> String {
        if self.body.contains(&self.marker) {
            self.body.clone()
        } else {
            format!("{}\n\n{}", self.body.trim_end(), self.marker)
        }
    }
}

/// How a comment's body is written at the vendor. The caller turns HTML into text (the same
/// path as mail); a connector never drops a comment because it has no plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BodyFormat {
    #[default]
    Text,
    Html,
}

/// A comment the vendor wrote on its case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorComment {
    /// The vendor's id of the comment (unique within the case): the dedupe key.
    pub id: String,
    pub author: String,
    /// The content as the vendor keeps it, in `format`.
    pub body: String,
    pub format: BodyFormat,
    pub at: i64,
}

/// What changed on one case since the last look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseUpdate {
    pub case_id: String,
    /// The vendor's own word for the status, and what it means in ours.
    pub status_raw: String,
    pub status: VendorStatus,
    /// The vendor's public comments, oldest first; the caller leaves out ours (by the id the
    /// vendor gave when we added it, else by the marker standing as the last line) and the ones
    /// it already has.
    pub comments: Vec<VendorComment>,
    /// When the case last changed at the vendor (milliseconds): the next cursor.
    pub updated_at: i64,
}

/// What every vendor system can do for Switchboard.
#[async_trait::async_trait]
pub trait Connector: Send + Sync + std::fmt::Debug {
    /// Signs in and reads something that needs the permissions Switchboard uses; `Ok` says
    /// who we are at the vendor.
    async fn check(&self) -> Result<String, VendorError>;
    /// Opens the case.
    async fn create_case(&self, case: &NewCase) -> Result<CaseRef, VendorError>;
    /// The case opened for `correlation`, if the vendor has one (asked before creating again
    /// after a failure whose outcome is unknown).
    async fn find_case(&self, correlation: &str) -> Result<Option<CaseRef>, VendorError>;
    /// Adds a public comment; returns the vendor's id of it (empty when the API gives none).
    async fn add_comment(
        &self,
        case: &CaseRef,
        comment: &OutComment,
    ) -> Result<String, VendorError>;
    /// The comment carrying `marker`, if the vendor has it (asked before sending again).
    async fn find_comment(
        &self,
        case: &CaseRef,
        marker: &str,
    ) -> Result<Option<String>, VendorError>;
    /// Takes a resolved case up again, with a comment saying why.
    async fn reopen(&self, case: &CaseRef, comment: &OutComment) -> Result<(), VendorError>;
    /// The cases among `cases` that changed since `since` (milliseconds; the caller subtracts
    /// its overlap window), each with its status and comments.
    async fn changes(&self, cases: &[CaseRef], since: i64) -> Result<Vec<CaseUpdate>, VendorError>;
    /// Who the credentials act as at the vendor (its login), asked before a run's first
    /// delivery so that a wrong key never writes as someone else (an anonymous user, say);
    /// `Ok(None)`: the API cannot tell before acting. A key the vendor refuses, or one that
    /// signs in as nobody, is `BadCredentials`.
    async fn account(&self) -> Result<Option<String>, VendorError> {
        Ok(None)
    }
    /// The ids of the cases among `cases` that the vendor no longer has (deleted, or not found
    /// any more). Kinds that cannot tell say none.
    async fn gone(&self, _cases: &[CaseRef]) -> Result<Vec<String>, VendorError> {
        Ok(Vec::new())
    }
}

/// The error for a delivery the vendor recorded as someone other than our account.
pub(crate) fn wrong_author(what: &str, author: &str, account: &str) -> VendorError {
    VendorError::BadCredentials(format!(
        "{what}: the vendor recorded it as \"{author}\", not as {account}, the account the credentials should belong to"
    ))
}

/// What went wrong talking to a vendor, in classes the worker and the "test connection" action
/// act on. Messages never carry a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VendorError {
    #[error("the vendor's server cannot be reached: {0}")]
    Unreachable(String),
    #[error("the TLS handshake with the vendor failed (certificate or protocol): {0}")]
    Tls(String),
    #[error("the vendor did not answer in time: {0}")]
    Timeout(String),
    #[error("the vendor refused the credentials (wrong or expired token or password): {0}")]
    BadCredentials(String),
    /// The credentials sign in, but as another account than the one the vendor was set up
    /// with (another desk's key): refused as bad credentials before anything is written. The
    /// message names both accounts, worded by the reader (`Display` is the English).
    #[error("{0}")]
    WrongAccount(Msg),
    #[error("the vendor account lacks a permission Switchboard needs: {0}")]
    Forbidden(String),
    #[error("not found at the vendor (check the URL, project or queue): {0}")]
    NotFound(String),
    #[error("the vendor rejected the request: {0}")]
    Rejected(String),
    #[error("the vendor asks to slow down (rate limit){}", .retry_after_ms.map(|ms| format!("; retry after {} s", (ms + 999) / 1000)).unwrap_or_default())]
    RateLimited { retry_after_ms: Option<i64> },
    #[error("the vendor's server failed ({status}): {message}")]
    Server {
        status: u16,
        message: String,
        retry_after_ms: Option<i64>,
    },
    #[error("the vendor answered something Switchboard does not understand: {0}")]
    Protocol(String),
    /// Settings (ours or the vendor's) that stop the work until a person fixes them; the
    /// message says what to fix, worded by the reader (`Display` is the English).
    #[error("{0}")]
    Config(Msg),
    /// The caller's own work failed behind the connector (the email connector's mailer could
    /// not read its mailboxes: the workspace's database failed), before anything was sent:
    /// nothing the vendor said or failed to say, and nothing a setting would fix. The connector
    /// passes it on untouched; the caller takes its error back out before any delivery policy
    /// is applied.
    #[error("{0}")]
    Local(LocalFailure),
}

/// The caller's own error, carried through a connector that does not know its type (this
/// crate knows no database): what the caller put in, it takes out again
/// ([`LocalFailure::downcast_ref`]), its code and its message for the reader intact.
#[derive(Debug, Clone)]
pub struct LocalFailure(std::sync::Arc<dyn std::error::Error + Send + Sync>);

impl LocalFailure {
    pub fn new(e: impl std::error::Error + Send + Sync + 'static) -> LocalFailure {
        LocalFailure(std::sync::Arc::new(e))
    }

    /// The caller's error, when it is of type `E`.
    pub fn downcast_ref<E: std::error::Error + 'static>(&self) -> Option<&E> {
        self.0.downcast_ref()
    }
}

impl std::fmt::Display for LocalFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The same failure (or a copy of it): the caller's error has no equality of its own here.
impl PartialEq for LocalFailure {
    fn eq(&self, other: &LocalFailure) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for LocalFailure {}

impl VendorError {
    /// The class the one delivery policy (`sb_domain::delivery`) decides by: worth trying
    /// again by itself (the vendor may be back, the limit lifted), or waiting for a person
    /// (credentials, permissions, settings), a dead letter at once.
    ///
    /// `Local` is no attempt of the vendor's and is not for the policy: the caller takes it
    /// back as its own failure first (sb-app's `WorkFailure`). It is classed only so the
    /// classes stay whole, as "later" (`Deferred`): were it ever applied, it would wait for the
    /// workspace to come back, never make a dead letter, never blame a setting.
    pub fn failure_class(&self) -> FailureClass {
        match self {
            VendorError::Unreachable(_) => FailureClass::Unreachable,
            VendorError::Tls(_) => FailureClass::Tls,
            VendorError::Timeout(_) => FailureClass::Timeout,
            VendorError::BadCredentials(_) | VendorError::WrongAccount(_) => {
                FailureClass::BadCredentials
            }
            VendorError::Forbidden(_) => FailureClass::MissingPermission,
            VendorError::NotFound(_) => FailureClass::NotFound,
            VendorError::Rejected(_) => FailureClass::Rejected,
            VendorError::RateLimited { .. } => FailureClass::RateLimited,
            VendorError::Server { .. } => FailureClass::ServerError,
            VendorError::Protocol(_) => FailureClass::Protocol,
            VendorError::Config(_) => FailureClass::Settings,
            VendorError::Local(_) => FailureClass::Deferred,
        }
    }

    /// Worth trying again later by itself.
    pub fn is_transient(&self) -> bool {
        self.failure_class().passes_by_itself()
    }

    /// The failure, for the delivery policy.
    pub fn failure(&self) -> Failure {
        Failure {
            class: self.failure_class(),
            retry_after_ms: self.retry_after_ms(),
        }
    }

    /// How long the vendor asked us to wait.
    pub fn retry_after_ms(&self) -> Option<i64> {
        match self {
            VendorError::RateLimited { retry_after_ms }
            | VendorError::Server { retry_after_ms, .. } => *retry_after_ms,
            _ => None,
        }
    }

    /// The class, as a word for the window and the CLI.
    pub fn class(&self) -> &'static str {
        self.failure_class().as_str()
    }
}

/// A setting's value, trimmed, or the error naming it.
pub(crate) fn setting<'a>(
    settings: &'a Settings,
    info: &KindInfo,
    key: &str,
) -> Result<&'a str, VendorError> {
    settings
        .get(key)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            let label = info.fields.iter().find(|f| f.key == key).map_or_else(
                || msg!("vendor-hint-example", example = key),
                |f| field_word(info.kind, f.key),
            );
            VendorError::Config(msg!(
                "vendor-config-fill-in",
                kind = kind_word(info.kind),
                field = label,
                key = key
            ))
        })
}

/// An optional setting, trimmed; `None` when empty.
pub(crate) fn optional<'a>(settings: &'a Settings, key: &str) -> Option<&'a str> {
    settings
        .get(key)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
}

/// The secret, which `connect` made sure is there for kinds that need one.
pub(crate) fn secret(
    secret: Option<Sensitive<String>>,
    info: &KindInfo,
) -> Result<Sensitive<String>, VendorError> {
    secret.ok_or_else(|| no_secret(info, info.secret.unwrap_or("secret")))
}

/// The secret `name` of a connector is not there.
fn no_secret(info: &KindInfo, name: &str) -> VendorError {
    VendorError::Config(msg!(
        "vendor-config-no-secret",
        kind = kind_word(info.kind),
        secret = secret_word(name)
    ))
}

/// The setting `key` of `info` is a number, such as `example`, and `value` is not.
pub(crate) fn not_a_number(info: &KindInfo, key: &str, example: &str, value: &str) -> VendorError {
    VendorError::Config(msg!(
        "vendor-config-number",
        kind = kind_word(info.kind),
        field = field_word(info.kind, key),
        example = example,
        value = value
    ))
}

/// There is no connector kind called `kind`: the error lists the kinds there are.
fn no_kind(kind: &str) -> VendorError {
    VendorError::Config(msg!(
        "vendor-config-no-kind",
        kind = kind,
        kinds = kinds().map(|k| k.kind).join(", ")
    ))
}

/// A vendor's statuses mapped to ours, written `Theirs=ours, ...` (`In Progress=open`); each of
/// ours checked. Their names are kept lower-cased.
pub(crate) fn status_map(text: &str) -> Result<Vec<(String, VendorStatus)>, VendorError> {
    text.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (theirs, ours) = pair.split_once('=').ok_or_else(|| {
                VendorError::Config(msg!("vendor-config-status-pair", pair = pair))
            })?;
            let ours: VendorStatus =
                ours.trim()
                    .parse()
                    .map_err(|e: sb_domain::ticket::UnknownValue| {
                        VendorError::Config(msg!("vendor-config-status-unknown", error = e.msg()))
                    })?;
            Ok((theirs.trim().to_lowercase(), ours))
        })
        .collect()
}

/// The description a new case gets: the ticket's text and who it is for.
pub(crate) fn case_text(case: &NewCase) -> String {
    format!(
        "{}\n\n--\nClient: {}\nDirection: {}\nPriority: {}\nOur reference: {} (please keep it in replies)",
        case.description.trim_end(),
        case.client,
        case.direction,
        case.priority,
        case.correlation
    )
}

/// The subject a new case gets: our reference first, so people and searches find it.
pub(crate) fn case_subject(case: &NewCase) -> String {
    format!("[{}] {}", case.correlation, case.subject)
}

/// Real answers of the vendors' servers (the `vendors` fuzz target's seeds) and damaged
/// copies of them, for the readers' tests.
#[cfg(test)]
pub(crate) mod answers {
    use serde_json::{json, Value};

    /// A seed of `fuzz/seeds/vendors/` (`rt-real-history.json`), its first byte (the fuzz
    /// target's choice of connector) taken off, as text.
    pub(crate) fn text(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fuzz/seeds/vendors")
            .join(name);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        String::from_utf8(bytes[1..].to_vec()).expect("a seed is UTF-8")
    }

    /// The same, read as JSON.
    pub(crate) fn real(name: &str) -> Value {
        serde_json::from_str(&text(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// What a damaged answer puts where a value was: nothing, the wrong type, huge and
    /// negative numbers, a number too long for any integer.
    fn wrong() -> Vec<Value> {
        vec![
            Value::Null,
            json!(true),
            json!(-1),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(1e308),
            json!(0.5),
            json!(""),
            json!("99999999999999999999999999999"),
            json!("не время"),
            json!([]),
            json!({}),
            json!([{}]),
        ]
    }

    /// Every copy of `v` with one value damaged: each member of an object left out, and each
    /// value (the whole answer too) replaced by each of the wrong ones.
    pub(crate) fn damaged(v: &Value) -> Vec<Value> {
        let mut out = Vec::new();
        let mut paths = Vec::new();
        collect(v, &mut Vec::new(), &mut paths);
        for path in paths {
            for w in wrong() {
                let mut copy = v.clone();
                *at(&mut copy, &path) = w;
                out.push(copy);
            }
            if let Some((last, parent)) = path.split_last() {
                let mut copy = v.clone();
                match (at(&mut copy, parent), last) {
                    (Value::Object(o), Step::Key(k)) => {
                        o.remove(k);
                    }
                    (Value::Array(a), Step::Index(i)) => {
                        a.remove(*i);
                    }
                    _ => unreachable!("the path was collected from this value"),
                }
                out.push(copy);
            }
        }
        out
    }

    #[derive(Clone)]
    enum Step {
        Key(String),
        Index(usize),
    }

    fn collect(v: &Value, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        out.push(path.clone());
        match v {
            Value::Object(o) => {
                for (k, child) in o {
                    path.push(Step::Key(k.clone()));
                    collect(child, path, out);
                    path.pop();
                }
            }
            Value::Array(a) => {
                for (i, child) in a.iter().enumerate() {
                    path.push(Step::Index(i));
                    collect(child, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    fn at<'a>(v: &'a mut Value, path: &[Step]) -> &'a mut Value {
        path.iter().fold(v, |v, step| match step {
            Step::Key(k) => &mut v[k.as_str()],
            Step::Index(i) => &mut v[*i],
        })
    }

    /// A refusal says what was asked and stays short (it quotes a clipped body at most).
    pub(crate) fn clear(e: &crate::VendorError) {
        let said = e.to_string();
        assert!(
            said.len() > 20 && said.len() < 600,
            "an unclear or long error: {said}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked_field_by_field() {
        let mut s = Settings::new();
        let e = check_settings("request_tracker", &s).unwrap_err();
        assert!(e.to_string().contains("base_url"), "{e}");
        s.insert("base_url".into(), "not a url".into());
        s.insert("queue".into(), "General".into());
        let e = check_settings("request_tracker", &s).unwrap_err();
        assert!(e.to_string().contains("URL"), "{e}");
        s.insert("base_url".into(), "http://127.0.0.1:8080".into());
        check_settings("request_tracker", &s).unwrap();
        s.insert("colour".into(), "red".into());
        let e = check_settings("request_tracker", &s).unwrap_err();
        assert!(e.to_string().contains("no setting \"colour\""), "{e}");
        let e = check_settings("fax", &Settings::new()).unwrap_err();
        assert!(e.to_string().contains("request_tracker, redmine"), "{e}");
    }

    /// Every id in `m` and in the messages inside it has words in `lang`.
    fn worded(m: &Msg, lang: sb_i18n::Lang) -> bool {
        sb_i18n::has(lang, &m.id)
            && m.args.values().all(|a| match a {
                sb_i18n::Arg::Msg(inner) => worded(inner, lang),
                _ => true,
            })
    }

    /// Settings errors travel as messages: each names the field in the reader's language and
    /// has words in English and Russian, down to the labels inside them.
    #[test]
    fn settings_errors_are_messages_worded_in_each_language() {
        let settings = |pairs: &[(&str, &str)]| -> Settings {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let rt = |extra: &[(&str, &str)]| {
            let mut s = settings(&[("base_url", "https://rt.example.com"), ("queue", "General")]);
            s.extend(settings(extra));
            s
        };
        let hook = |extra: &[(&str, &str)]| webhook::Webhook::check_templates(&settings(extra));
        let cx = Context::default();
        let errors = [
            check_settings("fax", &Settings::new()).unwrap_err(),
            check_settings("request_tracker", &Settings::new()).unwrap_err(),
            check_settings("request_tracker", &rt(&[("colour", "red")])).unwrap_err(),
            check_settings("request_tracker", &rt(&[("base_url", "rt.example.com")])).unwrap_err(),
            check_settings("request_tracker", &rt(&[("base_url", "ftp://rt")])).unwrap_err(),
            check_settings(
                "redmine",
                &settings(&[
                    ("base_url", "https://r.example.com"),
                    ("project", "p"),
                    ("statuses", "Done"),
                ]),
            )
            .unwrap_err(),
            check_settings(
                "redmine",
                &settings(&[
                    ("base_url", "https://r.example.com"),
                    ("project", "p"),
                    ("statuses", "Done=finished"),
                ]),
            )
            .unwrap_err(),
            hook(&[("create", "POST")]).unwrap_err(),
            hook(&[("create", "FETCH /cases")]).unwrap_err(),
            hook(&[("create", "POST cases")]).unwrap_err(),
            hook(&[("create_body", "{text")]).unwrap_err(),
            hook(&[("case_id", "id")]).unwrap_err(),
            hook(&[("auth_header", "Bearer")]).unwrap_err(),
            connect("request_tracker", &rt(&[]), None, &cx)
                .err()
                .unwrap(),
            connect(
                "email",
                &settings(&[("to", "support at vendor"), ("mailbox", "Support")]),
                None,
                &cx,
            )
            .err()
            .unwrap(),
            connect(
                "email",
                &settings(&[("to", "support@vendor.example"), ("mailbox", "Support")]),
                None,
                &cx,
            )
            .err()
            .unwrap(),
            servicenow::ServiceNow::new(
                &settings(&[
                    ("base_url", "https://x.service-now.com"),
                    ("user", "u"),
                    ("caller_id", "ann"),
                ]),
                Some(Sensitive::new("p".into())),
                Http::default(),
            )
            .err()
            .unwrap(),
        ];
        let ids: Vec<&str> = errors
            .iter()
            .filter_map(|e| match e {
                VendorError::Config(m) => Some(m.id.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            ids,
            [
                "vendor-config-no-kind",
                "vendor-config-fill-in-example",
                "vendor-config-unknown-setting",
                "vendor-config-not-a-url",
                "vendor-config-url-scheme",
                "vendor-config-status-pair",
                "vendor-config-status-unknown",
                "vendor-config-request-line",
                "vendor-config-http-method",
                "vendor-config-request-path",
                "vendor-config-template",
                "vendor-config-pointer",
                "vendor-config-auth-header",
                "vendor-config-no-secret",
                "vendor-config-email-address",
                "vendor-config-email-channel",
                "vendor-config-sys-id",
            ]
        );
        for e in &errors {
            let VendorError::Config(m) = e else {
                panic!("a settings error: {e}");
            };
            for lang in sb_i18n::Lang::ALL {
                assert!(worded(m, lang), "{lang:?}: {m:?}");
            }
            assert_ne!(m.render(sb_i18n::Lang::Ru), m.english(), "{m:?}");
            assert_eq!(e.to_string(), m.english());
        }
        let VendorError::Config(m) = &errors[1] else {
            unreachable!()
        };
        assert_eq!(
            m.english(),
            "Request Tracker 5: fill in RT address (base_url), e.g. https://rt.vendor.example"
        );
        assert_eq!(
            m.render(sb_i18n::Lang::Ru),
            "Request Tracker 5: заполните поле «Адрес RT» (base_url), например: https://rt.vendor.example"
        );
    }

    #[test]
    fn only_passing_troubles_are_retried() {
        assert!(VendorError::Timeout("x".into()).is_transient());
        assert!(VendorError::RateLimited {
            retry_after_ms: Some(2000)
        }
        .is_transient());
        assert!(!VendorError::BadCredentials("x".into()).is_transient());
        assert!(!VendorError::Rejected("x".into()).is_transient());
        assert_eq!(
            VendorError::RateLimited {
                retry_after_ms: Some(2500)
            }
            .to_string(),
            "the vendor asks to slow down (rate limit); retry after 3 s"
        );
    }

    #[test]
    fn every_kind_is_listed_once() {
        let mut names: Vec<_> = kinds().iter().map(|k| k.kind).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), kinds().len());
    }

    /// Any JSON, shaped loosely like the vendors' answers (their keys turn up often).
    fn answer() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::Value;
        const KEYS: [&str; 46] = [
            "id",
            "comments",
            "body",
            "created",
            "result",
            "error",
            "errors",
            "message",
            "transitions",
            "audit",
            "events",
            "type",
            "value",
            "display_value",
            // RT
            "items",
            "total",
            "Type",
            "Creator",
            "Created",
            "ContentType",
            "TransactionId",
            "Content",
            "LastUpdated",
            "Status",
            // Redmine
            "issue",
            "issues",
            "total_count",
            "journals",
            "notes",
            "private_notes",
            "user",
            "issue_statuses",
            // Jira
            "values",
            "isLastPage",
            "nextPageToken",
            "fields",
            "updated",
            // ServiceNow
            "sys_updated_on",
            "state",
            "element_id",
            // Zendesk
            "users",
            "meta",
            "has_more",
            "links",
            "next",
            "tickets",
        ];
        let key = prop_oneof![
            proptest::sample::select(&KEYS[..]).prop_map(str::to_string),
            "[a-z]{1,8}",
        ];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            any::<String>().prop_map(Value::String),
            Just(Value::String("Comment".into())),
        ];
        leaf.prop_recursive(4, 64, 6, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map(key.clone(), inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        /// What a vendor answers is read by each connector, or refused, never a panic.
        #[test]
        fn every_connectors_readers_take_any_answer(v in answer(), body in ".{0,300}") {
            if let Err(e) = read_json::<serde_json::Value>(&body, "read") {
                proptest::prop_assert!(e.to_string().chars().count() < 600);
            }
            let _ = (rt::explain(&v), rt::id_of(&v["id"]));
            let _ = (redmine::explain(&v), redmine::text(&v["body"]));
            let _ = (jira::explain(&v), jira::reopen_transition(&v["transitions"]));
            for c in v["comments"].as_array().into_iter().flatten() {
                let _ = jira::vendor_comment(c);
            }
            let _ = servicenow::explain(&v);
            for row in servicenow::rows(&v, "read").into_iter().flatten() {
                let _ = (servicenow::display(&row["value"]), servicenow::raw(row));
            }
            let _ = (zendesk::explain(&v), zendesk::comment_event_id(&v));
            if let Ok(path) = zendesk::next_page(&body, "next") {
                proptest::prop_assert!(path.starts_with('/'));
            }
            let _ = (webhook::explain(&v), webhook::text_at(&v, "/comments/0/body"));
        }

        /// The readers the connectors' paging and sync use take any answer too: each item
        /// read, or the answer refused with a clear error.
        #[test]
        fn every_connectors_page_readers_take_any_answer(v in answer(), since in proptest::prelude::any::<i64>()) {
            let check = |r: Result<(), VendorError>| -> Result<(), proptest::test_runner::TestCaseError> {
                if let Err(e) = r {
                    let said = e.to_string();
                    proptest::prop_assert!(said.len() < 600, "{said}");
                }
                Ok(())
            };
            let v = serde_json::json!({"items": [v.clone()], "issues": [v.clone()], "values": [v.clone()],
                "result": [v.clone()], "comments": [v.clone()], "issue": {"journals": [v.clone()]},
                "total": v.clone(), "tickets": [v.clone()], "whole": v});
            for item in [&v, &v["whole"]] {
                check(rt::list_page(item, 0, "read").map(|p| {
                    let parts = rt::text_parts(&p.items);
                    for r in rt::correspondence(&p.items) {
                        let _ = rt::best_part(&parts, &r.transaction);
                    }
                    for t in &p.items {
                        let _ = rt::changed_ticket(t, since);
                    }
                }))?;
                check(redmine::issues_page(item, usize::MAX).map(|p| {
                    let statuses = redmine::statuses(item);
                    for i in &p.items {
                        let _ = redmine::issue_change(i, &statuses, &[], since);
                    }
                }))?;
                let _ = redmine::public_notes(&redmine::journals(item));
                check(redmine::current_user(item).map(|_| ()))?;
                check(redmine::created_issue(item).map(|_| ()))?;
                check(jira::values_page(item, "read").map(|p| {
                    let _ = jira::public_comments(&p.items);
                }))?;
                check(jira::search_page(item).map(|_| ()))?;
                check(jira::issue_state(item, "SUP-1").map(|_| ()))?;
                check(servicenow::rows_page(item, 0, Some(1), "read").map(|p| {
                    let _ = servicenow::journal_comments(&p.items);
                    for row in &p.items {
                        let _ = servicenow::incident_state(row, "INC1");
                    }
                }))?;
                check(zendesk::comments_page(item, "read").map(|p| {
                    let _ = zendesk::vendor_comments(p.comments, 1);
                }))?;
                check(zendesk::lookup_page(item, "SB-1", "read").map(|_| ()))?;
                check(zendesk::signed_in(item).map(|_| ()))?;
                check(zendesk::ticket_state(item, "1").map(|_| ()))?;
            }
        }
    }
}
