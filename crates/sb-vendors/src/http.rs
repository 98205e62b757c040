//! The HTTP client every connector shares: timeouts, and every failure sorted into a
//! [`VendorError`] class (unreachable, TLS, timeout, credentials, permission, not found,
//! rejected, rate limited with its `Retry-After`, server error). It never retries: a retry of a
//! create is the outbox worker's decision, made after looking the case up.

use std::error::Error as _;
use std::time::Duration;

use reqwest::{RequestBuilder, Response, StatusCode};
use sb_domain::body::{BodyCap, HTTP_BODY_BYTES};
use sb_i18n::{msg, Msg};
use serde::de::DeserializeOwned;

use crate::VendorError;

/// How long to wait for a vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpOptions {
    pub connect_timeout: Duration,
    pub timeout: Duration,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
        }
    }
}

/// A shared client (cheap to clone: one connection pool), with the vendor's rate gate when
/// the caller keeps one.
#[derive(Debug, Clone)]
pub struct Http {
    client: reqwest::Client,
    gate: Option<std::sync::Arc<dyn RateGate>>,
    /// The most one answer may hold (the workspace's `http_body_bytes`).
    body_cap: usize,
}

/// The vendor's rate limit as the caller keeps it (the app: in the database, shared by every
/// process): every request waits at the gate, and a vendor's "slow down" closes it for a while.
#[async_trait::async_trait]
pub trait RateGate: std::fmt::Debug + Send + Sync {
    /// Waits until one more request may go.
    async fn admit(&self);
    /// The vendor answered 429 (or 503) asking to wait `ms`.
    async fn slow_down(&self, ms: i64);
}

impl Default for Http {
    fn default() -> Self {
        Http::new(HttpOptions::default())
    }
}

/// Takes the vendor's own message out of an error body (each API words it differently).
pub(crate) type Explain = fn(&serde_json::Value) -> Option<String>;

impl Http {
    pub fn new(options: HttpOptions) -> Http {
        // A redirect is followed only on the same scheme, host and port: vendors' keys travel
        // in headers of their own (X-Redmine-API-Key, a webhook's), which reqwest strips only
        // for the standard ones when the host changes. Elsewhere the 3xx comes back as an error
        // that names the address to put in the settings instead.
        let same_origin = reqwest::redirect::Policy::custom(|attempt| {
            let next = attempt.url();
            let first = attempt.previous().first();
            let same = first.is_some_and(|f| {
                f.scheme() == next.scheme()
                    && f.host_str() == next.host_str()
                    && f.port_or_known_default() == next.port_or_known_default()
            });
            if same && attempt.previous().len() < 5 {
                attempt.follow()
            } else {
                attempt.stop()
            }
        });
        let client = reqwest::Client::builder()
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            .redirect(same_origin)
            .user_agent(concat!("Switchboard/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("the system's TLS library loads");
        Http {
            client,
            gate: None,
            body_cap: HTTP_BODY_BYTES,
        }
    }

    /// The same client, every request of it passing `gate`.
    pub fn with_gate(&self, gate: std::sync::Arc<dyn RateGate>) -> Http {
        Http {
            gate: Some(gate),
            ..self.clone()
        }
    }

    /// The same client, an answer refused past `bytes` (the workspace's `http_body_bytes`).
    pub fn with_body_cap(&self, bytes: usize) -> Http {
        Http {
            body_cap: bytes,
            ..self.clone()
        }
    }

    pub(crate) fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// Sends the request; a 2xx answer comes back, anything else as its error class.
    pub(crate) async fn send(
        &self,
        request: RequestBuilder,
        what: &str,
        explain: Explain,
    ) -> Result<Response, VendorError> {
        if let Some(gate) = &self.gate {
            gate.admit().await;
        }
        let response = request.send().await.map_err(|e| transport(&e, what))?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        if status.is_redirection() {
            let to = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("another address");
            return Err(VendorError::Config(msg!(
                "vendor-config-redirect",
                what = what,
                to = clip(to, 200)
            )));
        }
        let retry_after_ms = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(sb_domain::pacing::retry_after_ms);
        if let (Some(gate), Some(ms)) = (&self.gate, retry_after_ms) {
            gate.slow_down(ms).await;
        }
        let body = self.body_text(response, what).await.unwrap_or_default();
        Err(status_error(status, &body, retry_after_ms, what, explain))
    }

    /// Sends the request and reads a JSON answer.
    pub(crate) async fn json<T: DeserializeOwned>(
        &self,
        request: RequestBuilder,
        what: &str,
        explain: Explain,
    ) -> Result<T, VendorError> {
        let response = self.send(request, what, explain).await?;
        read_json(&self.body_text(response, what).await?, what)
    }

    /// An answer's body as text, read chunk by chunk and refused past the body cap (a
    /// vendor answering with gigabytes does not fill memory).
    pub(crate) async fn body_text(
        &self,
        mut response: Response,
        what: &str,
    ) -> Result<String, VendorError> {
        let mut body = BodyCap::new(self.body_cap);
        while let Some(chunk) = response.chunk().await.map_err(|e| transport(&e, what))? {
            body.push(&chunk)
                .map_err(|e| VendorError::Protocol(format!("{what}: {e}")))?;
        }
        Ok(body.text())
    }
}

/// An answer's body read as JSON (a typed struct or a `Value`); a body that is not is a
/// protocol error naming what was asked, with the start of what came.
pub fn read_json<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, VendorError> {
    serde_json::from_str(text)
        .map_err(|e| VendorError::Protocol(format!("{what}: {e} in {}", clip(text, 200))))
}

/// A transport failure (no HTTP answer) in its class.
fn transport(e: &reqwest::Error, what: &str) -> VendorError {
    // The chain holds the cause (refused, DNS, certificate); the URL holds no secret.
    let mut chain = String::new();
    let mut source = e.source();
    while let Some(s) = source {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        source = s.source();
    }
    let detail = format!("{what}{chain}");
    let lower = chain.to_lowercase();
    if e.is_timeout() {
        VendorError::Timeout(detail)
    } else if lower.contains("certificate")
        || lower.contains("ssl")
        || lower.contains("tls")
        || lower.contains("handshake")
    {
        VendorError::Tls(detail)
    } else if e.is_connect() || e.is_request() {
        VendorError::Unreachable(detail)
    } else if e.is_body() || e.is_decode() {
        // The answer broke off half-way (a reset): nobody knows what the vendor did.
        VendorError::Unreachable(detail)
    } else {
        VendorError::Protocol(detail)
    }
}

fn status_error(
    status: StatusCode,
    body: &str,
    retry_after_ms: Option<i64>,
    what: &str,
    explain: Explain,
) -> VendorError {
    let said = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| explain(&v))
        .unwrap_or_else(|| clip(body.trim(), 300));
    let message = if said.is_empty() {
        format!("{what}: HTTP {}", status.as_u16())
    } else {
        format!("{what}: HTTP {}: {said}", status.as_u16())
    };
    match status.as_u16() {
        401 => VendorError::BadCredentials(message),
        403 => VendorError::Forbidden(message),
        404 => VendorError::NotFound(message),
        408 => VendorError::Timeout(message),
        429 => VendorError::RateLimited { retry_after_ms },
        500..=599 => VendorError::Server {
            status: status.as_u16(),
            message,
            retry_after_ms,
        },
        _ => VendorError::Rejected(message),
    }
}

/// At most `n` characters of `s`.
pub(crate) fn clip(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// A base URL as typed ("https://rt.example.com/", with or without the slash), checked and
/// without its trailing slash.
pub(crate) fn base_url(value: &str, field: Msg) -> Result<String, VendorError> {
    let v = value.trim().trim_end_matches('/');
    let parsed = reqwest::Url::parse(v).map_err(|e| {
        VendorError::Config(msg!(
            "vendor-config-not-a-url",
            field = field.clone(),
            error = e.to_string()
        ))
    })?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(VendorError::Config(msg!(
            "vendor-config-url-scheme",
            field = field
        )));
    }
    Ok(v.to_string())
}

/// A path segment or query value, percent-encoded.
pub(crate) fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &serde_json::Value) -> Option<String> {
        None
    }

    #[test]
    fn statuses_sort_into_classes() {
        let e = |code: u16, retry| {
            status_error(
                StatusCode::from_u16(code).unwrap(),
                "",
                retry,
                "create",
                none,
            )
        };
        assert!(matches!(e(401, None), VendorError::BadCredentials(_)));
        assert!(matches!(e(403, None), VendorError::Forbidden(_)));
        assert!(matches!(e(404, None), VendorError::NotFound(_)));
        assert!(matches!(e(422, None), VendorError::Rejected(_)));
        assert_eq!(
            e(429, Some(3000)),
            VendorError::RateLimited {
                retry_after_ms: Some(3000)
            }
        );
        assert!(matches!(
            e(503, Some(1000)),
            VendorError::Server {
                status: 503,
                retry_after_ms: Some(1000),
                ..
            }
        ));
    }

    /// A redirect to another host is not followed (a key in a header of the vendor's own would
    /// go with it): the error names where it points.
    #[tokio::test]
    async fn redirects_to_another_host_are_not_followed() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let elsewhere = tokio::net::TcpListener::bind("127.0.0.2:0").await.unwrap();
        let target = format!("http://{}/steal", elsewhere.local_addr().unwrap());
        let here = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", here.local_addr().unwrap());
        let answer =
            format!("HTTP/1.1 302 Found\r\nLocation: {target}\r\nContent-Length: 0\r\n\r\n");
        tokio::spawn(async move {
            let (mut c, _) = here.accept().await.unwrap();
            let mut buf = [0u8; 1024];
            let _ = c.read(&mut buf).await;
            c.write_all(answer.as_bytes()).await.unwrap();
        });
        let http = Http::default();
        let e = http
            .send(
                http.client()
                    .get(format!("{base}/users/current.json"))
                    .header("X-Redmine-API-Key", "k3y"),
                "sign in",
                |_| None,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&e, VendorError::Config(m) if m.english().contains(&target)),
            "{e}"
        );
        let hit =
            tokio::time::timeout(std::time::Duration::from_millis(200), elsewhere.accept()).await;
        assert!(hit.is_err(), "nothing reached the other host");
    }

    /// A vendor that answers with more than `HTTP_BODY_BYTES` (here a body that never ends):
    /// read up to the limit and refused, never held whole.
    #[tokio::test]
    async fn an_endless_answer_is_refused_at_the_limit() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let here = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", here.local_addr().unwrap());
        tokio::spawn(async move {
            let (mut c, _) = here.accept().await.unwrap();
            let mut buf = [0u8; 1024];
            let n = c.read(&mut buf).await.expect("read the request");
            assert!(n > 0, "the request came");
            c.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n[")
                .await
                .unwrap();
            let chunk = vec![b' '; 1 << 20];
            while c.write_all(&chunk).await.is_ok() {}
        });
        let http = Http::default();
        let e = http
            .json::<serde_json::Value>(
                http.client().get(format!("{base}/api/tickets")),
                "read the ticket",
                |_| None,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&e, VendorError::Protocol(m) if m.contains("the answer is over 16 MiB")),
            "{e}"
        );
    }

    /// The workspace's `http_body_bytes` set lower: an answer over it is refused with the
    /// setting named, and one under it is read.
    #[tokio::test]
    async fn the_body_cap_is_the_workspace_setting() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let here = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", here.local_addr().unwrap());
        tokio::spawn(async move {
            loop {
                let (mut c, _) = here.accept().await.unwrap();
                let mut buf = [0u8; 1024];
                let n = c.read(&mut buf).await.expect("read the request");
                let big = String::from_utf8_lossy(&buf[..n]).contains("/big");
                let body = format!(
                    "[\"{}\"]",
                    "x".repeat(if big { 200 << 10 } else { 10 << 10 })
                );
                let answer = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = c.write_all(answer.as_bytes()).await;
            }
        });
        let http = Http::default().with_body_cap(128 << 10);
        let e = http
            .json::<serde_json::Value>(
                http.client().get(format!("{base}/big")),
                "read the ticket",
                |_| None,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&e, VendorError::Protocol(m) if m.contains("over 131072 bytes") && m.contains("http_body_bytes")),
            "{e}"
        );
        let small = http
            .json::<serde_json::Value>(
                http.client().get(format!("{base}/small")),
                "read the ticket",
                |_| None,
            )
            .await
            .expect("under the cap");
        assert_eq!(small[0].as_str().map(str::len), Some(10 << 10));
    }

    #[test]
    fn base_urls_are_checked() {
        let field = || Msg::new("vendor-field-request-tracker-base-url");
        assert_eq!(
            base_url(" https://rt.example.com/ ", field()).unwrap(),
            "https://rt.example.com"
        );
        let e = base_url("rt.example.com", field()).unwrap_err();
        assert!(
            e.to_string().starts_with("RT address is not a URL ("),
            "{e}"
        );
        let VendorError::Config(m) = base_url("ftp://x", field()).unwrap_err() else {
            panic!("a settings error");
        };
        assert_eq!(
            m.english(),
            "RT address must start with https:// (or http://) and name a host"
        );
        assert_eq!(
            m.render(sb_i18n::Lang::Ru),
            "Адрес RT: значение должно начинаться с https:// (или http://) и называть сервер"
        );
    }

    #[test]
    fn clipping_keeps_whole_characters() {
        assert_eq!(clip("Привет", 3), "При…");
        assert_eq!(clip("ok", 3), "ok");
    }
}
