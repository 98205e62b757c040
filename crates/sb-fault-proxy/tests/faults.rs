//! Each fault against a tiny counting upstream, through a real reqwest client.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sb_fault_proxy::{Fault, FaultProxy, Match, Seen};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// What the upstream received: request line, Host header, body.
#[derive(Debug, Clone)]
struct Hit {
    line: String,
    host: String,
    body: String,
}

/// Answers every request `200` with body `hits=N` (chunked for paths containing `chunked`),
/// then closes. Remembers what it received.
#[derive(Debug, Clone)]
struct Upstream {
    url: String,
    hits: Arc<Mutex<Vec<Hit>>>,
}

impl Upstream {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let hits = Arc::new(Mutex::new(Vec::new()));
        let shared = hits.clone();
        tokio::spawn(async move {
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                tokio::spawn(serve_one(stream, shared.clone()));
            }
        });
        Self { url, hits }
    }

    fn count(&self) -> usize {
        self.hits.lock().unwrap().len()
    }

    fn last(&self) -> Hit {
        self.hits.lock().unwrap().last().cloned().unwrap()
    }

    async fn wait_for_count(&self, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while self.count() < n {
            assert!(Instant::now() < deadline, "upstream never reached {n} hits");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

async fn serve_one(stream: TcpStream, hits: Arc<Mutex<Vec<Hit>>>) {
    let mut r = BufReader::new(stream);
    let mut line = String::new();
    r.read_line(&mut line).await.unwrap();
    let (mut host, mut len) = (String::new(), 0);
    loop {
        let mut h = String::new();
        r.read_line(&mut h).await.unwrap();
        if h.trim().is_empty() {
            break;
        }
        let (name, value) = h.split_once(':').unwrap();
        match name.to_ascii_lowercase().as_str() {
            "host" => host = value.trim().to_owned(),
            "content-length" => len = value.trim().parse().unwrap(),
            _ => {}
        }
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).await.unwrap();
    let line = line.trim_end().to_owned();
    let chunked = line.contains("chunked");
    let n = {
        let mut hits = hits.lock().unwrap();
        hits.push(Hit {
            line,
            host,
            body: String::from_utf8(body).unwrap(),
        });
        hits.len()
    };
    let text = format!("hits={n}");
    let answer = if chunked {
        let (a, b) = text.split_at(3);
        format!("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nx-up: yes\r\n\r\n3\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\n\r\n", b.len())
    } else {
        format!(
            "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nx-up: yes\r\n\r\n{text}",
            text.len()
        )
    };
    r.get_mut().write_all(answer.as_bytes()).await.unwrap();
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

async fn setup() -> (Upstream, FaultProxy, reqwest::Client) {
    let upstream = Upstream::start().await;
    let proxy = FaultProxy::start(&upstream.url).await.unwrap();
    (upstream, proxy, client())
}

async fn get(client: &reqwest::Client, url: &str) -> reqwest::Result<(u16, String)> {
    let resp = client.get(url).send().await?;
    let status = resp.status().as_u16();
    Ok((status, resp.text().await?))
}

#[tokio::test]
async fn forwards_on_one_keep_alive_connection() {
    let (upstream, proxy, client) = setup().await;
    let base = proxy.base_url();
    for n in 1..=3 {
        assert_eq!(
            get(&client, &format!("{base}/REST/2.0/queues?page={n}"))
                .await
                .unwrap(),
            (200, format!("hits={n}"))
        );
    }
    let resp = client
        .post(format!("{base}/REST/2.0/ticket"))
        .body(r#"{"Subject":"x"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["x-up"], "yes");
    assert_eq!(resp.text().await.unwrap(), "hits=4");
    let (status, body) = get(&client, &format!("{base}/chunked")).await.unwrap();
    assert_eq!((status, body.as_str()), (200, "hits=5"));

    let hit = upstream.last();
    assert_eq!(hit.line, "GET /chunked HTTP/1.1");
    assert_eq!(hit.host, upstream.url.trim_start_matches("http://"));
    assert_eq!(upstream.hits.lock().unwrap()[3].body, r#"{"Subject":"x"}"#);
    assert_eq!(proxy.connections(), 1, "reqwest reused its connection");
    let seen = proxy.requests();
    assert_eq!(seen.len(), 5);
    assert_eq!(
        seen[0],
        Seen {
            method: "GET".into(),
            path: "/REST/2.0/queues?page=1".into(),
            fault: None,
            upstream_status: Some(200),
            status: Some(200),
        }
    );
}

#[tokio::test]
async fn status_429_with_retry_after_is_not_forwarded() {
    let (upstream, proxy, client) = setup().await;
    proxy.push(Fault::Status(429, Some(3)));
    let resp = client.get(proxy.base_url()).send().await.unwrap();
    assert_eq!(resp.status(), 429);
    assert_eq!(resp.headers()["retry-after"], "3");
    resp.text().await.unwrap();
    assert_eq!(upstream.count(), 0);
    // The queue is used up: the next request goes through, on the same connection.
    assert_eq!(
        get(&client, &proxy.base_url()).await.unwrap(),
        (200, "hits=1".into())
    );
    assert_eq!(proxy.connections(), 1);
    assert_eq!(proxy.requests()[0].status, Some(429));
    assert_eq!(proxy.requests()[0].upstream_status, None);
}

#[tokio::test]
async fn status_after_forward_hides_a_success() {
    let (upstream, proxy, client) = setup().await;
    proxy.push(Fault::StatusAfterForward(502));
    let resp = client
        .post(format!("{}/REST/2.0/ticket", proxy.base_url()))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 502);
    assert_eq!(upstream.count(), 1, "the vendor applied it");
    let seen = &proxy.requests()[0];
    assert_eq!((seen.upstream_status, seen.status), (Some(200), Some(502)));
}

#[tokio::test]
async fn reset_before_forward() {
    let (upstream, proxy, client) = setup().await;
    proxy.push(Fault::ResetBeforeForward);
    assert!(get(&client, &proxy.base_url()).await.is_err());
    assert_eq!(upstream.count(), 0);
    assert_eq!(get(&client, &proxy.base_url()).await.unwrap().0, 200);
}

#[tokio::test]
async fn reset_after_forward() {
    let (upstream, proxy, client) = setup().await;
    proxy.push(Fault::ResetAfterForward);
    assert!(client
        .post(proxy.base_url())
        .body("x")
        .send()
        .await
        .is_err());
    assert_eq!(upstream.count(), 1);
    let seen = &proxy.requests()[0];
    assert_eq!((seen.upstream_status, seen.status), (Some(200), None));
}

#[tokio::test]
async fn stall_then_forward_lands_after_the_client_gave_up() {
    let (upstream, proxy, _) = setup().await;
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    proxy.push(Fault::StallThenForward(Duration::from_millis(600)));
    let err = get(&client, &proxy.base_url()).await.unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(upstream.count(), 0);
    upstream.wait_for_count(1).await;
}

#[tokio::test]
async fn stall_then_drop_never_forwards() {
    let (upstream, proxy, _) = setup().await;
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    proxy.push(Fault::StallThenDrop(Duration::from_millis(400)));
    assert!(get(&client, &proxy.base_url())
        .await
        .unwrap_err()
        .is_timeout());
    // A patient client sees the connection closed without an answer.
    proxy.push(Fault::StallThenDrop(Duration::from_millis(100)));
    assert!(get(&self::client(), &proxy.base_url()).await.is_err());
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(upstream.count(), 0);
    assert_eq!(proxy.requests().len(), 2);
}

#[tokio::test]
async fn matchers_pick_their_requests_in_order() {
    let (upstream, proxy, client) = setup().await;
    let base = proxy.base_url();
    proxy.push(
        Fault::Status(503, None).on(Match::any().method("POST").path_prefix("/REST/2.0/ticket")),
    );
    proxy.push(Fault::Status(500, None).on(Match::any().path_contains("/history")));
    proxy.push(Fault::Status(504, None).on(Match::any().method("post")));
    let post = |path: &str| client.post(format!("{base}{path}")).body("{}").send();

    assert_eq!(
        get(&client, &format!("{base}/REST/2.0/ticket/1"))
            .await
            .unwrap()
            .0,
        200
    );
    assert_eq!(
        post("/REST/2.0/queue").await.unwrap().status(),
        504,
        "first POST rule skipped, third taken"
    );
    assert_eq!(post("/REST/2.0/ticket").await.unwrap().status(), 503);
    assert_eq!(post("/REST/2.0/ticket").await.unwrap().status(), 200);
    assert_eq!(proxy.pending_faults(), 1);
    assert_eq!(
        get(&client, &format!("{base}/REST/2.0/ticket/1/history"))
            .await
            .unwrap()
            .0,
        500
    );
    assert_eq!(proxy.pending_faults(), 0);
    assert_eq!(upstream.count(), 2);
}

#[tokio::test]
async fn down_refuses_and_cuts_then_recovers() {
    let (upstream, proxy, client) = setup().await;
    assert_eq!(get(&client, &proxy.base_url()).await.unwrap().0, 200); // pooled connection now open
    proxy.set_down(true);
    assert!(proxy.is_down());
    assert!(get(&client, &proxy.base_url()).await.is_err());
    assert!(get(&self::client(), &proxy.base_url()).await.is_err());
    assert_eq!(upstream.count(), 1);
    proxy.set_down(false);
    assert_eq!(
        get(&client, &proxy.base_url()).await.unwrap(),
        (200, "hits=2".into())
    );
}

#[tokio::test]
async fn raw_chunked_and_pipelined_requests() {
    let (upstream, proxy, _) = setup().await;
    let mut conn = BufReader::new(TcpStream::connect(proxy.addr()).await.unwrap());
    conn.get_mut()
        .write_all(
            b"POST /a HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n\
              GET /b HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
        )
        .await
        .unwrap();
    let mut raw = String::new();
    conn.read_to_string(&mut raw).await.unwrap();
    assert_eq!(raw.matches("HTTP/1.1 200 OK").count(), 2, "{raw}");
    assert!(raw.contains("hits=1") && raw.ends_with("hits=2"), "{raw}");
    assert!(raw.contains("connection: close"), "{raw}");
    assert_eq!(upstream.hits.lock().unwrap()[0].body, "hello world");
    assert_eq!(upstream.last().line, "GET /b HTTP/1.1");
}

#[tokio::test]
async fn base_path_unreachable_upstream_and_drop() {
    // A base path is kept in base_url; an unreachable upstream gives 502.
    let dead = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = dead.local_addr().unwrap();
    drop(dead);
    let proxy = FaultProxy::start(&format!("http://{addr}/rt/"))
        .await
        .unwrap();
    assert_eq!(proxy.base_url(), format!("http://{}/rt", proxy.addr()));
    assert_eq!(
        get(&client(), &format!("{}/REST/2.0/queues", proxy.base_url()))
            .await
            .unwrap()
            .0,
        502
    );
    assert_eq!(proxy.requests()[0].path, "/rt/REST/2.0/queues");
    assert!(FaultProxy::start("https://example.invalid").await.is_err());

    let addr = proxy.addr();
    drop(proxy);
    let deadline = Instant::now() + Duration::from_secs(5);
    while TcpStream::connect(addr).await.is_ok() {
        assert!(
            Instant::now() < deadline,
            "proxy still listening after drop"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn resets_are_real_rsts() {
    let (upstream, proxy, _) = setup().await;
    for fault in [Fault::ResetBeforeForward, Fault::ResetAfterForward] {
        proxy.push(fault);
        let mut conn = TcpStream::connect(proxy.addr()).await.unwrap();
        conn.write_all(b"GET / HTTP/1.1\r\nhost: x\r\n\r\n")
            .await
            .unwrap();
        let err = conn.read_to_end(&mut Vec::new()).await.unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::ConnectionReset);
    }
    assert_eq!(upstream.count(), 1);
}
