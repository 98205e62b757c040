//! The monitoring channel: reading alerts from Prometheus Alertmanager (API v2) and mapping
//! their labels to a client, a direction and a priority.
//!
//! # When is an alert resolved? (found with the real Alertmanager 0.25, and pinned by the
//! # `alerts` integration tests)
//!
//! `GET /api/v2/alerts` lists only alerts that are still firing. An alert whose `endsAt` has
//! passed is left out of the answer at once, whatever the `active`/`silenced`/`inhibited`/
//! `unprocessed` flags say: it does not stay in the list with an `endsAt` in the past, there is
//! no "resolved" state in the API, and `active=false` does not bring it back. (Alertmanager
//! keeps it in memory a while longer only to send the "resolved" notification.) `endsAt` is set
//! in one of two ways:
//! - the sender posts the alert again with `endsAt` = the resolution time (Prometheus does this
//!   when a rule stops firing), so it vanishes from the list when that time comes;
//! - the sender posted it without `endsAt`: Alertmanager sets `endsAt = updatedAt +
//!   resolve_timeout` (global config, 5 minutes by default), and unless the sender posts it
//!   again before then, the alert resolves itself by timeout and vanishes the same way. Each
//!   repeat post moves `endsAt` on and keeps the same `fingerprint` and `startsAt`.
//!
//! A resolved alert that fires again comes back under the same fingerprint with a new `startsAt`.
//!
//! Alertmanager keeps alerts in memory only: after it restarts the list is empty until the
//! senders post their firing alerts again (Prometheus resends every minute or so).
//!
//! So the poller's rule, implemented by [`resolved_fingerprints`] and [`can_trust_absence`]:
//! 1. Poll with [`fetch_alerts`], which always asks for silenced, inhibited and unprocessed
//!    alerts too: a silence is not a resolution, and must not close a ticket.
//! 2. A fingerprint the poller holds as firing is **resolved** when a successful poll with the
//!    same filter no longer lists it (or lists it with `endsAt` already passed, which a
//!    compliant server never does). A failed poll says nothing: resolve nothing.
//! 3. Do not resolve on absence while Alertmanager has been up for less than [`RESTART_GRACE`]
//!    (its `uptime` from [`test_connection`]): its list may be empty because it restarted.
//!    Except for an alert this very Alertmanager process received ([`known_to_this_instance`]:
//!    its `updatedAt`, stamped by Alertmanager on receipt, is after the process started):
//!    that one was not forgotten, it was resolved.
//! 4. The same fingerprint listed again after that is a re-fire: reopen.
//! 5. When the label filter changes, alerts outside the new filter vanish too: judge only the
//!    fingerprints that were fetched with the current filter.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use sb_domain::body::{BodyCap, HTTP_BODY_BYTES};
use sb_domain::{ClientCode, Direction, Level};
use serde::Deserialize;

/// How long one request to Alertmanager may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// How long after an Alertmanager start its alert list may still be incomplete: senders
/// resend firing alerts about every minute, and resolve_timeout defaults to 5 minutes.
pub const RESTART_GRACE: Duration = Duration::from_secs(5 * 60);

/// Where to read alerts, and which of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertSource {
    /// The Alertmanager itself, such as `http://alertmanager.example.com:9093`.
    pub base_url: String,
    /// Label matchers in Alertmanager syntax, all of which must hold: `customer="acme"`,
    /// `service=~"db.*"`, `severity!="info"`.
    pub filter: Vec<String>,
    /// The most one answer may hold (the workspace's `http_body_bytes`).
    pub max_body_bytes: usize,
}

impl AlertSource {
    pub fn new(base_url: impl Into<String>) -> AlertSource {
        AlertSource {
            base_url: base_url.into(),
            filter: Vec::new(),
            max_body_bytes: HTTP_BODY_BYTES,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertState {
    Active,
    /// Silenced or inhibited: still firing, only not notified.
    Suppressed,
    /// Just received, not yet through the routing tree.
    Unprocessed,
}

/// One firing alert as Alertmanager lists it. Times are unix milliseconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    /// Alertmanager's hash of the labels: the same alert keeps it while firing, after
    /// resolution and when it fires again.
    pub fingerprint: String,
    pub labels: BTreeMap<String, String>,
    pub annotations: BTreeMap<String, String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub updated_at: i64,
    pub state: AlertState,
    /// The link back to the rule that fired (Prometheus graph), when the sender gave one.
    pub generator_url: Option<String>,
}

/// What Alertmanager says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertmanagerStatus {
    pub version: String,
    /// When this Alertmanager process started (unix ms): its alert list is only complete
    /// some time after (see [`RESTART_GRACE`]).
    pub started_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlertError {
    #[error(
        "'{url}' is not a usable Alertmanager address: {detail}; write it as http://host:9093"
    )]
    BadUrl { url: String, detail: String },
    #[error(
        "cannot reach Alertmanager at {url}: {detail}; check the address and that Alertmanager \
         is running and reachable from this computer"
    )]
    Unreachable { url: String, detail: String },
    #[error(
        "Alertmanager at {url} did not answer within {seconds} s; it may be down or overloaded"
    )]
    Timeout { url: String, seconds: u64 },
    #[error("Alertmanager at {url} answered HTTP {status}: {detail}{hint}")]
    Status {
        url: String,
        status: u16,
        detail: String,
        hint: &'static str,
    },
    #[error(
        "the answer from {url} is not Alertmanager's alert list ({detail}); check that the \
         address is the Alertmanager itself (API v2), not Prometheus or a proxy's page"
    )]
    NotAlertmanager { url: String, detail: String },
}

impl AlertError {
    /// A stable code for the app layer's `ApiError`.
    pub fn code(&self) -> &'static str {
        match self {
            AlertError::BadUrl { .. } => "alerts_bad_url",
            AlertError::Unreachable { .. } => "alerts_unreachable",
            AlertError::Timeout { .. } => "alerts_timeout",
            AlertError::Status { .. } => "alerts_http_status",
            AlertError::NotAlertmanager { .. } => "alerts_not_alertmanager",
        }
    }
}

/// Every firing alert that matches the source's filter, silenced and inhibited ones included.
pub async fn fetch_alerts(source: &AlertSource) -> Result<Vec<Alert>, AlertError> {
    let mut query: Vec<(&str, &str)> = vec![
        ("active", "true"),
        ("silenced", "true"),
        ("inhibited", "true"),
        ("unprocessed", "true"),
    ];
    for matcher in &source.filter {
        let m = matcher.trim();
        if !m.is_empty() {
            query.push(("filter", m));
        }
    }
    let (url, body) = get(source, "/api/v2/alerts", &query).await?;
    parse_alert_list(&url, &body)
}

/// Reads an alert list as Alertmanager's `GET /api/v2/alerts` answers it; `origin` names where
/// it came from (the address, or a file) in the error.
pub fn parse_alert_list(origin: &str, body: &str) -> Result<Vec<Alert>, AlertError> {
    let wire: Vec<WireAlert> =
        serde_json::from_str(body).map_err(|e| AlertError::NotAlertmanager {
            url: origin.to_string(),
            detail: format!("{e}; it begins {:?}", preview(body)),
        })?;
    wire.into_iter().map(|w| w.into_alert(origin)).collect()
}

/// Asks Alertmanager for its status: the settings form's "test connection" button, and the
/// start time the poller needs for [`can_trust_absence`].
pub async fn test_connection(source: &AlertSource) -> Result<AlertmanagerStatus, AlertError> {
    let (url, body) = get(source, "/api/v2/status", &[]).await?;
    let wire: WireStatus =
        serde_json::from_str(&body).map_err(|e| AlertError::NotAlertmanager {
            url: url.clone(),
            detail: format!("{e}; it begins {:?}", preview(&body)),
        })?;
    Ok(AlertmanagerStatus {
        version: wire.version_info.version,
        started_at: time(&url, "uptime", &wire.uptime)?,
    })
}

/// The fingerprints of `firing` that one complete, successful poll shows resolved: absent
/// from `polled`, or listed with `endsAt` not after `now_ms`. See the module comment.
pub fn resolved_fingerprints<'a>(
    firing: impl IntoIterator<Item = &'a str>,
    polled: &[Alert],
    now_ms: i64,
) -> BTreeSet<String> {
    let still: BTreeSet<&str> = polled
        .iter()
        .filter(|a| a.ends_at > now_ms)
        .map(|a| a.fingerprint.as_str())
        .collect();
    firing
        .into_iter()
        .filter(|f| !still.contains(f))
        .map(str::to_string)
        .collect()
}

/// Whether an alert missing from the list may be taken as resolved: not while Alertmanager
/// has been up for less than [`RESTART_GRACE`], as its memory of alerts died with the restart.
pub fn can_trust_absence(status: &AlertmanagerStatus, now_ms: i64) -> bool {
    now_ms - status.started_at >= RESTART_GRACE.as_millis() as i64
}

/// The one exception to the grace: an alert whose last `updatedAt` (stamped by Alertmanager
/// itself when it received the alert) is not before this Alertmanager started was known to
/// this very process, so its absence is not a restart's loss of memory.
pub fn known_to_this_instance(status: &AlertmanagerStatus, last_updated_at: i64) -> bool {
    last_updated_at >= status.started_at
}

/// Checks an Alertmanager address and returns it in the form the client uses
/// (`http://host:9093/api/v2/` -> `http://host:9093`).
pub fn normalize_base_url(raw: &str) -> Result<String, AlertError> {
    base_url(raw)
}

async fn get(
    source: &AlertSource,
    path: &str,
    query: &[(&str, &str)],
) -> Result<(String, String), AlertError> {
    let base = base_url(&source.base_url)?;
    let url = format!("{base}{path}");
    let client = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(REQUEST_TIMEOUT)
        .build()
        .map_err(|e| AlertError::Unreachable {
            url: base.clone(),
            detail: format!("cannot set up the HTTP client: {e}"),
        })?;
    let response = client
        .get(&url)
        .query(query)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(|e| request_error(&base, e))?;
    let status = response.status();
    // Read chunk by chunk, refused past the source's cap (the workspace's http_body_bytes): a
    // source answering with gigabytes does not fill memory.
    let mut response = response;
    let mut capped = BodyCap::new(source.max_body_bytes);
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| request_error(&base, e))?
    {
        capped
            .push(&chunk)
            .map_err(|e| AlertError::NotAlertmanager {
                url: base.clone(),
                detail: e.to_string(),
            })?;
    }
    let body = capped.text();
    if !status.is_success() {
        let hint = match status.as_u16() {
            400 | 422 => "; check the label filter, written like service=~\"db.*\"",
            401 | 403 => "; Alertmanager behind a proxy that wants a login is not supported yet",
            404 => "; the address is not an Alertmanager with API v2 (or has a wrong path)",
            _ => "",
        };
        return Err(AlertError::Status {
            url: base,
            status: status.as_u16(),
            detail: preview(&body),
            hint,
        });
    }
    Ok((base, body))
}

/// `http://host:9093/` or `http://host:9093/api/v2` -> `http://host:9093`.
fn base_url(raw: &str) -> Result<String, AlertError> {
    let bad = |detail: &str| AlertError::BadUrl {
        url: raw.to_string(),
        detail: detail.to_string(),
    };
    let trimmed = raw.trim().trim_end_matches('/');
    let trimmed = trimmed
        .strip_suffix("/api/v2")
        .unwrap_or(trimmed)
        .trim_end_matches('/');
    let parsed = reqwest::Url::parse(trimmed).map_err(|e| bad(&e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad("it must start with http:// or https://"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(bad("it has no host name"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(bad("it must not have a '?query' or '#fragment'"));
    }
    Ok(trimmed.to_string())
}

fn request_error(url: &str, e: reqwest::Error) -> AlertError {
    if e.is_timeout() {
        return AlertError::Timeout {
            url: url.to_string(),
            seconds: REQUEST_TIMEOUT.as_secs(),
        };
    }
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        detail.push_str(": ");
        detail.push_str(&s.to_string());
        source = s.source();
    }
    AlertError::Unreachable {
        url: url.to_string(),
        detail,
    }
}

fn preview(body: &str) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireAlert {
    fingerprint: String,
    #[serde(default)]
    labels: BTreeMap<String, String>,
    #[serde(default)]
    annotations: BTreeMap<String, String>,
    starts_at: String,
    ends_at: String,
    updated_at: String,
    status: WireAlertStatus,
    #[serde(rename = "generatorURL", default)]
    generator_url: Option<String>,
}

#[derive(Debug, Deserialize)]
struct WireAlertStatus {
    state: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireStatus {
    uptime: String,
    version_info: WireVersion,
}

#[derive(Debug, Deserialize)]
struct WireVersion {
    version: String,
}

impl WireAlert {
    fn into_alert(self, url: &str) -> Result<Alert, AlertError> {
        let state = match self.status.state.as_str() {
            "active" => AlertState::Active,
            "suppressed" => AlertState::Suppressed,
            "unprocessed" => AlertState::Unprocessed,
            other => {
                return Err(AlertError::NotAlertmanager {
                    url: url.to_string(),
                    detail: format!("alert state '{other}' is not active/suppressed/unprocessed"),
                })
            }
        };
        Ok(Alert {
            starts_at: time(url, "startsAt", &self.starts_at)?,
            ends_at: time(url, "endsAt", &self.ends_at)?,
            updated_at: time(url, "updatedAt", &self.updated_at)?,
            fingerprint: self.fingerprint,
            labels: self.labels,
            annotations: self.annotations,
            state,
            generator_url: self.generator_url.filter(|u| !u.trim().is_empty()),
        })
    }
}

fn time(url: &str, field: &str, value: &str) -> Result<i64, AlertError> {
    parse_time(value).ok_or_else(|| AlertError::NotAlertmanager {
        url: url.to_string(),
        detail: format!("{field} '{value}' is not an RFC 3339 time"),
    })
}

/// `2024-03-01T10:00:00.123Z` or `2024-03-01T13:00:00+03:00` -> unix milliseconds.
pub fn parse_time(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i64> {
        let part = s.get(from..to)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut i = 19;
    let mut millis = 0i64;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let digits = &s[start..i];
        if digits.is_empty() {
            return None;
        }
        let first3: String = digits.chars().chain("000".chars()).take(3).collect();
        millis = first3.parse().ok()?;
    }
    let offset_minutes = match b.get(i)? {
        b'Z' | b'z' if i + 1 == b.len() => 0,
        sign @ (b'+' | b'-') if i + 6 == b.len() && b[i + 3] == b':' => {
            let m = num(i + 1, i + 3)? * 60 + num(i + 4, i + 6)?;
            if *sign == b'+' {
                m
            } else {
                -m
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

/// Unix milliseconds -> `2024-03-01T10:00:00.123Z`, the form Alertmanager takes in a post.
pub fn format_time(ms: i64) -> String {
    let seconds = ms.div_euclid(1000);
    let millis = ms.rem_euclid(1000);
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

// Howard Hinnant's civil-calendar algorithms: exact for every date of the proleptic
// Gregorian calendar.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// How alert labels become a ticket's client, direction and priority. Editable in the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertMapping {
    /// The label whose value is the client's code.
    pub client_label: String,
    /// The label whose value, looked up in `direction_map`, gives the direction.
    pub direction_label: String,
    /// Label value -> direction code, such as `postgres` -> `database`. A value that is not
    /// here gives no direction (the ticket waits in triage for one).
    pub direction_map: BTreeMap<String, String>,
    pub severity_label: String,
    /// Severity value (lowercase) -> (impact, urgency).
    pub severity_map: BTreeMap<String, (Level, Level)>,
    /// For an alert without the severity label, or with a value not in the map.
    pub unknown_severity: (Level, Level),
}

impl Default for AlertMapping {
    fn default() -> Self {
        AlertMapping {
            client_label: "customer".into(),
            direction_label: "service".into(),
            direction_map: BTreeMap::new(),
            severity_label: "severity".into(),
            severity_map: BTreeMap::from([
                ("critical".to_string(), (Level::High, Level::High)),
                ("warning".to_string(), (Level::Medium, Level::Medium)),
                ("info".to_string(), (Level::Low, Level::Low)),
            ]),
            unknown_severity: (Level::Medium, Level::Medium),
        }
    }
}

/// An alert in the ticket's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedAlert {
    /// `None` when the label is missing or its value is not a valid code.
    pub client_code: Option<ClientCode>,
    pub direction: Option<Direction>,
    pub impact: Level,
    pub urgency: Level,
    pub subject: String,
    pub description: String,
}

impl AlertMapping {
    pub fn map(&self, alert: &Alert) -> MappedAlert {
        let label = |name: &str| {
            alert
                .labels
                .get(name)
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
        };
        let client_code = label(&self.client_label).and_then(|v| ClientCode::parse(v).ok());
        let direction = label(&self.direction_label)
            .and_then(|v| {
                self.direction_map.get(v).or_else(|| {
                    self.direction_map
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(v))
                        .map(|(_, d)| d)
                })
            })
            .and_then(|code| Direction::parse(code).ok());
        let (impact, urgency) = label(&self.severity_label)
            .and_then(|v| self.severity_map.get(&v.to_lowercase()).copied())
            .unwrap_or(self.unknown_severity);
        MappedAlert {
            client_code,
            direction,
            impact,
            urgency,
            subject: subject(alert),
            description: description(alert),
        }
    }
}

/// The summary annotation, else "alertname on instance", else whatever names the alert.
fn subject(alert: &Alert) -> String {
    let get = |map: &BTreeMap<String, String>, key: &str| {
        map.get(key)
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|v| !v.is_empty())
    };
    if let Some(summary) = get(&alert.annotations, "summary") {
        return summary;
    }
    match (
        get(&alert.labels, "alertname"),
        get(&alert.labels, "instance"),
    ) {
        (Some(name), Some(instance)) => format!("{name} on {instance}"),
        (Some(name), None) => name,
        (None, Some(instance)) => format!("Alert on {instance}"),
        (None, None) => format!("Alert {}", alert.fingerprint),
    }
}

/// The description annotation first, then the other annotations, the labels, and the times.
fn description(alert: &Alert) -> String {
    let mut out = String::new();
    if let Some(d) = alert
        .annotations
        .get("description")
        .filter(|d| !d.trim().is_empty())
    {
        out.push_str(d.trim());
        out.push_str("\n\n");
    }
    let others: Vec<_> = alert
        .annotations
        .iter()
        .filter(|(k, v)| k.as_str() != "description" && !v.trim().is_empty())
        .collect();
    if !others.is_empty() {
        out.push_str("Annotations:\n");
        for (k, v) in others {
            out.push_str(&format!("  {k}: {}\n", v.trim()));
        }
    }
    if !alert.labels.is_empty() {
        out.push_str("Labels:\n");
        for (k, v) in &alert.labels {
            out.push_str(&format!("  {k}: {v}\n"));
        }
    }
    out.push_str(&format!("Firing since: {}\n", format_time(alert.starts_at)));
    if let Some(url) = &alert.generator_url {
        out.push_str(&format!("Source: {url}\n"));
    }
    out.push_str(&format!("Fingerprint: {}", alert.fingerprint));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(labels: &[(&str, &str)], annotations: &[(&str, &str)]) -> Alert {
        let map = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        Alert {
            fingerprint: "169a38d532f83fad".into(),
            labels: map(labels),
            annotations: map(annotations),
            starts_at: 1_700_000_000_000,
            ends_at: 1_700_000_300_000,
            updated_at: 1_700_000_000_000,
            state: AlertState::Active,
            generator_url: None,
        }
    }

    struct Expected<'a> {
        client: Option<&'a str>,
        direction: Option<&'a str>,
        impact: Level,
        urgency: Level,
        subject: &'a str,
    }

    fn check(mapping: &AlertMapping, alert: &Alert, expected: Expected<'_>) {
        let m = mapping.map(alert);
        assert_eq!(
            m.client_code.as_ref().map(ClientCode::as_str),
            expected.client,
            "{alert:?}"
        );
        assert_eq!(
            m.direction.as_ref().map(Direction::as_str),
            expected.direction,
            "{alert:?}"
        );
        assert_eq!(
            (m.impact, m.urgency),
            (expected.impact, expected.urgency),
            "{alert:?}"
        );
        assert_eq!(m.subject, expected.subject, "{alert:?}");
    }

    #[test]
    fn labels_map_to_client_direction_and_priority() {
        use Level::*;
        let mapping = AlertMapping {
            direction_map: BTreeMap::from([
                ("postgres".to_string(), "database".to_string()),
                ("Core-Switch".to_string(), "network".to_string()),
            ]),
            ..AlertMapping::default()
        };
        let cases = [
            (
                alert(
                    &[
                        ("alertname", "PgDown"),
                        ("customer", "acme"),
                        ("service", "postgres"),
                        ("severity", "critical"),
                        ("instance", "db1:5432"),
                    ],
                    &[("summary", "PostgreSQL  is\n down")],
                ),
                Expected {
                    client: Some("ACME"),
                    direction: Some("database"),
                    impact: High,
                    urgency: High,
                    subject: "PostgreSQL is down",
                },
            ),
            (
                alert(
                    &[
                        ("alertname", "LinkFlap"),
                        ("customer", "globex"),
                        ("service", "core-switch"),
                        ("severity", "WARNING"),
                        ("instance", "sw1"),
                    ],
                    &[],
                ),
                Expected {
                    client: Some("GLOBEX"),
                    direction: Some("network"),
                    impact: Medium,
                    urgency: Medium,
                    subject: "LinkFlap on sw1",
                },
            ),
            (
                alert(&[("alertname", "DiskSoon"), ("severity", "info")], &[]),
                Expected {
                    client: None,
                    direction: None,
                    impact: Low,
                    urgency: Low,
                    subject: "DiskSoon",
                },
            ),
            (
                alert(
                    &[
                        ("customer", "not a code!"),
                        ("service", "unknown"),
                        ("severity", "page"),
                    ],
                    &[],
                ),
                Expected {
                    client: None,
                    direction: None,
                    impact: Medium,
                    urgency: Medium,
                    subject: "Alert 169a38d532f83fad",
                },
            ),
            (
                alert(&[("instance", "web1")], &[("summary", "  ")]),
                Expected {
                    client: None,
                    direction: None,
                    impact: Medium,
                    urgency: Medium,
                    subject: "Alert on web1",
                },
            ),
        ];
        for (a, expected) in cases {
            check(&mapping, &a, expected);
        }
        let custom = AlertMapping {
            client_label: "tenant".into(),
            direction_label: "team".into(),
            direction_map: BTreeMap::from([("dba".to_string(), "database".to_string())]),
            severity_label: "prio".into(),
            severity_map: BTreeMap::from([("p1".to_string(), (High, Medium))]),
            unknown_severity: (Low, Low),
        };
        check(
            &custom,
            &alert(
                &[
                    ("tenant", "acme-2"),
                    ("team", "dba"),
                    ("prio", "P1"),
                    ("customer", "other"),
                ],
                &[],
            ),
            Expected {
                client: Some("ACME-2"),
                direction: Some("database"),
                impact: High,
                urgency: Medium,
                subject: "Alert 169a38d532f83fad",
            },
        );
    }

    #[test]
    fn descriptions_are_readable() {
        let mut a = alert(
            &[("alertname", "PgDown"), ("customer", "acme")],
            &[
                ("description", "Primary is not answering."),
                ("summary", "PG down"),
                ("runbook_url", "https://wiki/pg"),
            ],
        );
        a.generator_url = Some("http://prom:9090/graph?g0.expr=up".into());
        assert_eq!(
            AlertMapping::default().map(&a).description,
            "Primary is not answering.\n\n\
             Annotations:\n  runbook_url: https://wiki/pg\n  summary: PG down\n\
             Labels:\n  alertname: PgDown\n  customer: acme\n\
             Firing since: 2023-11-14T22:13:20.000Z\n\
             Source: http://prom:9090/graph?g0.expr=up\n\
             Fingerprint: 169a38d532f83fad"
        );
    }

    #[test]
    fn times_round_trip() {
        for (text, ms) in [
            ("1970-01-01T00:00:00Z", 0),
            ("2023-11-14T22:13:20.000Z", 1_700_000_000_000),
            ("2026-11-23T18:42:46.105Z", 1_795_459_366_105),
            ("2024-02-29T23:59:59.999999999Z", 1_709_251_199_999),
            ("2024-03-01T03:00:00+03:00", 1_709_251_200_000),
            ("0001-01-01T00:00:00Z", -62_135_596_800_000),
        ] {
            assert_eq!(parse_time(text), Some(ms), "{text}");
        }
        for ms in [0, 1_700_000_000_123, -62_135_596_800_000, 1_709_251_199_999] {
            assert_eq!(parse_time(&format_time(ms)), Some(ms));
        }
        for bad in [
            "",
            "2024-13-01T00:00:00Z",
            "2024-01-01 00:00",
            "2024-01-01T00:00:00",
            "2024-01-01T00:00:00.Z",
            "yesterday",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn resolution_rule() {
        let now = 1_700_000_100_000;
        let mut firing = alert(&[], &[]);
        firing.fingerprint = "a".into();
        let mut stale = alert(&[], &[]);
        stale.fingerprint = "b".into();
        stale.ends_at = now;
        let resolved = resolved_fingerprints(["a", "b", "c"], &[firing, stale], now);
        assert_eq!(resolved, BTreeSet::from(["b".to_string(), "c".to_string()]));

        let status = |started_at| AlertmanagerStatus {
            version: "0.25.0".into(),
            started_at,
        };
        assert!(!can_trust_absence(&status(now - 60_000), now));
        assert!(can_trust_absence(&status(now - 300_000), now));
        assert!(known_to_this_instance(&status(now - 60_000), now - 30_000));
        assert!(!known_to_this_instance(&status(now - 60_000), now - 90_000));
    }

    #[test]
    fn base_urls() {
        for (raw, expected) in [
            ("http://am:9093", Ok("http://am:9093")),
            (" http://am:9093/ ", Ok("http://am:9093")),
            (
                "https://mon.example.com/alertmanager/api/v2/",
                Ok("https://mon.example.com/alertmanager"),
            ),
            ("am:9093", Err("alerts_bad_url")),
            ("ftp://am", Err("alerts_bad_url")),
            ("http://am:9093/?x=1", Err("alerts_bad_url")),
        ] {
            assert_eq!(
                base_url(raw).map_err(|e| e.code()),
                expected.map(str::to_string),
                "{raw}"
            );
        }
    }
}
