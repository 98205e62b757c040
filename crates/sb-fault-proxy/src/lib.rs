//! A fault-injecting HTTP/1.1 proxy for integration tests of vendor connectors.
//!
//! [`FaultProxy::start`] listens on `127.0.0.1:0` in front of a real upstream
//! (`http://host:port[/base]`) and forwards every request to it, except when its
//! script says otherwise: a queue of [`Fault`]s, each applied once to the next
//! request its [`Match`] accepts. [`FaultProxy::set_down`] makes it play dead.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use sb_fault_proxy::{Fault, FaultProxy, Match};
//! let proxy = FaultProxy::start("http://127.0.0.1:8080").await?;
//! proxy.push(Fault::Status(429, Some(3)));
//! proxy.push(Fault::ResetAfterForward.on(Match::any().method("POST").path_prefix("/REST/2.0/ticket")));
//! let base = proxy.base_url(); // point the connector here
//! # let _ = base; Ok(()) }
//! ```
//!
//! Client connections are kept alive (several requests per connection, pipelining
//! included). Request bodies may use `Content-Length` or chunked encoding. Each
//! request is forwarded on a fresh upstream connection with `Host` rewritten to the
//! upstream's and `Connection: close`; the answer is re-framed with `Content-Length`.
//! Only plain `http://` upstreams are supported.

use std::collections::VecDeque;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader,
};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

const MAX_HEAD: usize = 64 * 1024;
const MAX_LINE: usize = 8 * 1024;
const MAX_BODY: usize = 64 * 1024 * 1024;

/// What to do to one request instead of (or on top of) forwarding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer this status (with `retry-after: secs` if given) without forwarding.
    Status(u16, Option<u64>),
    /// Forward, let the upstream apply it, discard its answer and send this status instead.
    StatusAfterForward(u16),
    /// Reset the client connection without answering; nothing is forwarded.
    ResetBeforeForward,
    /// Forward, let the upstream apply it, then reset the client connection without answering.
    ResetAfterForward,
    /// Hold the request this long, then forward it and answer normally (if the client still listens).
    StallThenForward(Duration),
    /// Hold the request this long, then close the connection; nothing is forwarded.
    StallThenDrop(Duration),
}

impl Fault {
    /// Restrict this fault to requests accepted by `matcher`.
    pub fn on(self, matcher: Match) -> Rule {
        Rule {
            fault: self,
            matcher,
        }
    }
}

/// Which requests a [`Rule`] applies to; [`Match::any`] accepts every request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Match {
    method: Option<String>,
    path_prefix: Option<String>,
    path_contains: Option<String>,
}

impl Match {
    /// Accepts every request; narrow it with the builder methods.
    pub fn any() -> Self {
        Self::default()
    }
    /// Only this method (case-insensitive), e.g. `"POST"`.
    pub fn method(mut self, method: &str) -> Self {
        self.method = Some(method.to_owned());
        self
    }
    /// Only request targets (path plus query) starting with `prefix`.
    pub fn path_prefix(mut self, prefix: &str) -> Self {
        self.path_prefix = Some(prefix.to_owned());
        self
    }
    /// Only request targets (path plus query) containing `needle`.
    pub fn path_contains(mut self, needle: &str) -> Self {
        self.path_contains = Some(needle.to_owned());
        self
    }
    /// Whether a request with this method and target is accepted.
    pub fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self
                .path_prefix
                .as_deref()
                .is_none_or(|p| path.starts_with(p))
            && self
                .path_contains
                .as_deref()
                .is_none_or(|n| path.contains(n))
    }
}

/// A scripted fault with its matcher. A bare [`Fault`] converts into a rule matching anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub fault: Fault,
    pub matcher: Match,
}

impl From<Fault> for Rule {
    fn from(fault: Fault) -> Self {
        fault.on(Match::any())
    }
}

/// One request the proxy read from a client, for assertions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub method: String,
    /// Request target as received: path plus query.
    pub path: String,
    /// The fault applied to it, if any.
    pub fault: Option<Fault>,
    /// Status the upstream answered; `None` if not forwarded (or no answer).
    pub upstream_status: Option<u16>,
    /// Status sent (or attempted) to the client; `None` if the connection was reset or dropped
    /// (or the request is still in flight, e.g. stalled).
    pub status: Option<u16>,
}

#[derive(Debug, Default)]
struct Script {
    rules: VecDeque<Rule>,
    seen: Vec<Seen>,
}

#[derive(Debug)]
struct Shared {
    /// `host:port` to connect to.
    upstream_addr: String,
    /// `Host` header value for forwarded requests.
    upstream_host: String,
    script: Mutex<Script>,
    down: watch::Sender<bool>,
    connections: AtomicUsize,
}

impl Shared {
    fn script(&self) -> MutexGuard<'_, Script> {
        self.script.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A running proxy; it stops (listener and all its connections) when dropped.
#[derive(Debug)]
pub struct FaultProxy {
    addr: SocketAddr,
    base_path: String,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl FaultProxy {
    /// Starts a proxy on `127.0.0.1:0` in front of `upstream` (`http://host[:port][/base]`).
    /// Must be called within a tokio runtime.
    pub async fn start(upstream: &str) -> io::Result<Self> {
        let rest = upstream
            .strip_prefix("http://")
            .ok_or_else(|| invalid("upstream must be an http:// URL"))?;
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if authority.is_empty() {
            return Err(invalid("upstream URL has no host"));
        }
        let has_port = match authority.strip_prefix('[') {
            Some(v6) => v6.contains("]:"),
            None => authority.contains(':'),
        };
        let upstream_addr = if has_port {
            authority.to_owned()
        } else {
            format!("{authority}:80")
        };
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let shared = Arc::new(Shared {
            upstream_addr,
            upstream_host: authority.to_owned(),
            script: Mutex::default(),
            down: watch::Sender::new(false),
            connections: AtomicUsize::new(0),
        });
        Ok(Self {
            addr: listener.local_addr()?,
            base_path: path.trim_end_matches('/').to_owned(),
            task: tokio::spawn(accept_loop(listener, shared.clone())),
            shared,
        })
    }

    /// The upstream URL with its host and port replaced by the proxy's (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://{}{}", self.addr, self.base_path)
    }

    /// The proxy's listening address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Queues a fault (a [`Fault`] matches any request, a [`Rule`] only its matcher's).
    /// Each request takes the first queued rule that matches it, if any.
    pub fn push(&self, rule: impl Into<Rule>) {
        self.shared.script().rules.push_back(rule.into());
    }

    /// Number of queued faults not yet applied.
    pub fn pending_faults(&self) -> usize {
        self.shared.script().rules.len()
    }

    /// Drops all queued faults.
    pub fn clear_faults(&self) {
        self.shared.script().rules.clear();
    }

    /// While down, new connections are reset as soon as they are accepted and open ones are cut.
    pub fn set_down(&self, down: bool) {
        self.shared.down.send_replace(down);
    }

    pub fn is_down(&self) -> bool {
        *self.shared.down.borrow()
    }

    /// Every request read so far, in arrival order.
    pub fn requests(&self) -> Vec<Seen> {
        self.shared.script().seen.clone()
    }

    /// Client connections accepted and served so far (not counting ones refused while down).
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn invalid(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_owned())
}

/// Close with SO_LINGER 0, so the peer sees a real RST.
fn reset(stream: TcpStream) {
    let _ = stream.set_zero_linger();
    drop(stream);
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    // Owning the connection tasks here means aborting this task aborts them all.
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) if *shared.down.borrow() => reset(stream),
                Ok((stream, _)) => {
                    shared.connections.fetch_add(1, Ordering::SeqCst);
                    conns.spawn(serve_connection(stream, shared.clone()));
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
}

#[derive(Debug)]
struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// The client sent Content-Length or chunked framing (so forward a Content-Length).
    framed: bool,
    keep_alive: bool,
}

#[derive(Debug)]
struct Response {
    status: u16,
    reason: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

async fn serve_connection(stream: TcpStream, shared: Arc<Shared>) {
    let mut down = shared.down.subscribe();
    let mut client = BufReader::new(stream);
    loop {
        let request = tokio::select! {
            request = read_request(&mut client) => request,
            _ = down.wait_for(|down| *down) => return reset(client.into_inner()),
        };
        let Ok(Some(request)) = request else { return };
        match handle(&mut client, request, &shared).await {
            Next::KeepAlive => {}
            Next::Close => return,
            Next::Reset => return reset(client.into_inner()),
        }
    }
}

enum Next {
    KeepAlive,
    Close,
    Reset,
}

async fn handle(client: &mut BufReader<TcpStream>, req: Request, shared: &Shared) -> Next {
    let (fault, index) = {
        let mut script = shared.script();
        let position = script
            .rules
            .iter()
            .position(|r| r.matcher.matches(&req.method, &req.target));
        let fault = position
            .and_then(|i| script.rules.remove(i))
            .map(|r| r.fault);
        script.seen.push(Seen {
            method: req.method.clone(),
            path: req.target.clone(),
            fault: fault.clone(),
            upstream_status: None,
            status: None,
        });
        (fault, script.seen.len() - 1)
    };
    // Recorded before the client hears anything, so its assertions see it.
    let record = |upstream_status: Option<u16>, status: Option<u16>| {
        if let Some(seen) = shared.script().seen.get_mut(index) {
            seen.upstream_status = upstream_status;
            seen.status = status;
        }
    };
    let reply = |result: io::Result<()>| match result {
        Ok(()) if req.keep_alive => Next::KeepAlive,
        _ => Next::Close,
    };
    match fault {
        None => reply(forward_and_reply(client, &req, shared, record).await),
        Some(Fault::StallThenForward(d)) => {
            tokio::time::sleep(d).await;
            reply(forward_and_reply(client, &req, shared, record).await)
        }
        Some(Fault::Status(status, retry_after)) => {
            record(None, Some(status));
            reply(write_injected(client, &req, status, retry_after).await)
        }
        Some(Fault::StatusAfterForward(status)) => {
            let upstream = forward(shared, &req).await.ok().map(|r| r.status);
            record(upstream, Some(status));
            reply(write_injected(client, &req, status, None).await)
        }
        Some(Fault::ResetBeforeForward) => {
            record(None, None);
            Next::Reset
        }
        Some(Fault::ResetAfterForward) => {
            let upstream = forward(shared, &req).await.ok().map(|r| r.status);
            record(upstream, None);
            Next::Reset
        }
        Some(Fault::StallThenDrop(d)) => {
            tokio::time::sleep(d).await;
            record(None, None);
            Next::Close
        }
    }
}

async fn forward_and_reply(
    client: &mut BufReader<TcpStream>,
    req: &Request,
    shared: &Shared,
    record: impl Fn(Option<u16>, Option<u16>),
) -> io::Result<()> {
    match forward(shared, req).await {
        Ok(resp) => {
            record(Some(resp.status), Some(resp.status));
            let bodyless = no_body(&req.method, resp.status);
            let headers = resp.headers.iter().filter(|(name, _)| {
                // Keep the upstream Content-Length only where we send no body (HEAD, 204, 304).
                (bodyless || !name.eq_ignore_ascii_case("content-length")) && !is_hop_by_hop(name)
            });
            let mut head = format!("HTTP/1.1 {} {}\r\n", resp.status, resp.reason);
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            write_response(client, head, &resp.body, bodyless, req.keep_alive).await
        }
        Err(_) => {
            record(None, Some(502));
            write_injected(client, req, 502, None).await
        }
    }
}

async fn write_injected(
    client: &mut BufReader<TcpStream>,
    req: &Request,
    status: u16,
    retry_after: Option<u64>,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\ncontent-type: text/plain\r\n",
        reason(status)
    );
    if let Some(secs) = retry_after {
        head.push_str(&format!("retry-after: {secs}\r\n"));
    }
    let body = format!("injected by sb-fault-proxy: {status}\n");
    write_response(
        client,
        head,
        body.as_bytes(),
        no_body(&req.method, status),
        req.keep_alive,
    )
    .await
}

/// `head` holds the status line and headers, without framing or the blank line.
async fn write_response(
    client: &mut BufReader<TcpStream>,
    mut head: String,
    body: &[u8],
    bodyless: bool,
    keep_alive: bool,
) -> io::Result<()> {
    if !bodyless {
        head.push_str(&format!("content-length: {}\r\n", body.len()));
    }
    if !keep_alive {
        head.push_str("connection: close\r\n");
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    if !bodyless {
        out.extend_from_slice(body);
    }
    client.write_all(&out).await?;
    client.flush().await
}

/// Sends the request to the upstream on a fresh connection and reads the whole answer.
async fn forward(shared: &Shared, req: &Request) -> io::Result<Response> {
    let mut upstream = BufReader::new(TcpStream::connect(&shared.upstream_addr).await?);
    let mut head = format!(
        "{} {} HTTP/1.1\r\nhost: {}\r\n",
        req.method, req.target, shared.upstream_host
    );
    for (name, value) in &req.headers {
        if !is_hop_by_hop(name)
            && !name.eq_ignore_ascii_case("host")
            && !name.eq_ignore_ascii_case("content-length")
        {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    if req.framed || !req.body.is_empty() {
        head.push_str(&format!("content-length: {}\r\n", req.body.len()));
    }
    head.push_str("connection: close\r\n\r\n");
    let mut out = head.into_bytes();
    out.extend_from_slice(&req.body);
    upstream.write_all(&out).await?;
    upstream.flush().await?;
    read_response(&mut upstream, &req.method).await
}

fn is_hop_by_hop(name: &str) -> bool {
    [
        "connection",
        "keep-alive",
        "proxy-connection",
        "transfer-encoding",
        "te",
        "trailer",
        "upgrade",
        "expect",
    ]
    .iter()
    .any(|h| name.eq_ignore_ascii_case(h))
}

fn no_body(method: &str, status: u16) -> bool {
    method.eq_ignore_ascii_case("HEAD") || status < 200 || status == 204 || status == 304
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Injected Fault",
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn has_token(headers: &[(String, String)], name: &str, token: &str) -> bool {
    headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .any(|(_, v)| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
}

/// Reads one CRLF- (or LF-) terminated line; `Ok(None)` on EOF before any byte.
async fn read_line<R: AsyncBufRead + Unpin>(
    r: &mut R,
    budget: &mut usize,
) -> io::Result<Option<String>> {
    let mut buf = Vec::new();
    let n = (&mut *r)
        .take(*budget as u64 + 1)
        .read_until(b'\n', &mut buf)
        .await?;
    if n == 0 {
        return Ok(None);
    }
    if n > *budget {
        return Err(invalid("HTTP head too large"));
    }
    *budget -= n;
    if !buf.ends_with(b"\n") {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    let line = String::from_utf8_lossy(&buf);
    Ok(Some(line.trim_end_matches(['\r', '\n']).to_owned()))
}

/// Reads a start line and headers; `Ok(None)` on a clean EOF before the start line.
async fn read_head<R: AsyncBufRead + Unpin>(
    r: &mut R,
) -> io::Result<Option<(String, Vec<(String, String)>)>> {
    let mut budget = MAX_HEAD;
    let start = loop {
        match read_line(r, &mut budget).await? {
            None => return Ok(None),
            Some(line) if line.is_empty() => continue, // tolerated before a request line
            Some(line) => break line,
        }
    };
    let mut headers = Vec::new();
    loop {
        let line = read_line(r, &mut budget)
            .await?
            .ok_or(io::ErrorKind::UnexpectedEof)?;
        if line.is_empty() {
            return Ok(Some((start, headers)));
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| invalid("malformed header line"))?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
}

/// Reads a body framed by chunked encoding or Content-Length; `None` if neither is present.
async fn read_framed_body<R: AsyncBufRead + Unpin>(
    r: &mut R,
    headers: &[(String, String)],
) -> io::Result<Option<Vec<u8>>> {
    if has_token(headers, "transfer-encoding", "chunked") {
        let mut body = Vec::new();
        loop {
            let line = read_line(r, &mut { MAX_LINE })
                .await?
                .ok_or(io::ErrorKind::UnexpectedEof)?;
            let size = line.split(';').next().unwrap_or_default().trim();
            let size = usize::from_str_radix(size, 16).map_err(|_| invalid("bad chunk size"))?;
            if size == 0 {
                // Skip trailers up to the final blank line.
                while !read_line(r, &mut { MAX_LINE })
                    .await?
                    .ok_or(io::ErrorKind::UnexpectedEof)?
                    .is_empty()
                {}
                return Ok(Some(body));
            }
            if body.len() + size > MAX_BODY {
                return Err(invalid("body too large"));
            }
            let start = body.len();
            body.resize(start + size, 0);
            r.read_exact(&mut body[start..]).await?;
            read_line(r, &mut { MAX_LINE }).await?; // CRLF after the chunk
        }
    }
    match header(headers, "content-length") {
        Some(len) => {
            let len: usize = len.parse().map_err(|_| invalid("bad content-length"))?;
            if len > MAX_BODY {
                return Err(invalid("body too large"));
            }
            let mut body = vec![0; len];
            r.read_exact(&mut body).await?;
            Ok(Some(body))
        }
        None => Ok(None),
    }
}

async fn read_request<S: AsyncBufRead + AsyncWrite + Unpin>(
    client: &mut S,
) -> io::Result<Option<Request>> {
    let Some((start, headers)) = read_head(client).await? else {
        return Ok(None);
    };
    let mut parts = start.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid("malformed request line"));
    };
    // Absolute-form (the client treats us as a forward proxy): keep path and query only.
    let target = match target.strip_prefix("http://") {
        Some(rest) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => target,
    };
    let keep_alive = if version == "HTTP/1.0" {
        has_token(&headers, "connection", "keep-alive")
    } else {
        !has_token(&headers, "connection", "close")
    };
    if has_token(&headers, "expect", "100-continue") {
        client.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").await?;
        client.flush().await?;
    }
    let body = read_framed_body(client, &headers).await?;
    Ok(Some(Request {
        method: method.to_owned(),
        target: target.to_owned(),
        framed: body.is_some(),
        body: body.unwrap_or_default(),
        headers,
        keep_alive,
    }))
}

async fn read_response<R: AsyncBufRead + Unpin>(r: &mut R, method: &str) -> io::Result<Response> {
    loop {
        let (start, headers) = read_head(r).await?.ok_or(io::ErrorKind::UnexpectedEof)?;
        let mut parts = start.splitn(3, ' ');
        let status = parts
            .nth(1)
            .and_then(|s| s.parse::<u16>().ok())
            .ok_or_else(|| invalid("malformed status line"))?;
        if (100..200).contains(&status) {
            continue; // interim answer (e.g. 100 Continue): wait for the real one
        }
        let reason = parts.next().unwrap_or_default().to_owned();
        let body = if no_body(method, status) {
            Vec::new()
        } else if let Some(body) = read_framed_body(r, &headers).await? {
            body
        } else {
            let mut body = Vec::new();
            r.read_to_end(&mut body).await?; // framed by close (we asked for Connection: close)
            body
        };
        return Ok(Response {
            status,
            reason,
            headers,
            body,
        });
    }
}
