//! The Alertmanager client against the real Alertmanager binary, and the proof of the rule the
//! poller uses to decide that an alert is resolved (see the `sb_intake::alerts` module comment).

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use sb_domain::Level;
use sb_intake::alerts::{
    can_trust_absence, fetch_alerts, format_time, resolved_fingerprints, test_connection, Alert,
    AlertMapping, AlertSource, AlertState,
};
use serde_json::{json, Value};

use crate::peers::{self, now_ms, Peer};

/// An Alertmanager of the test's own; alerts carry `test=<name>` so filters see only them.
struct Am {
    peer: Peer,
    _storage: tempfile::TempDir,
    test: String,
}

impl Am {
    fn start(resolve_timeout: &str) -> Am {
        let storage = tempfile::tempdir().unwrap();
        let peer = peers::alertmanager(resolve_timeout, storage.path());
        Am {
            peer,
            _storage: storage,
            test: peers::unique("am"),
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.peer.port)
    }

    fn source(&self, extra: &[&str]) -> AlertSource {
        let mut filter = vec![format!("test=\"{}\"", self.test)];
        filter.extend(extra.iter().map(|m| m.to_string()));
        AlertSource {
            filter,
            ..AlertSource::new(self.url())
        }
    }

    /// Posts alerts as Prometheus does: `POST /api/v2/alerts` with a JSON list.
    async fn post(&self, alerts: Vec<Value>) {
        let alerts: Vec<Value> = alerts
            .into_iter()
            .map(|mut a| {
                a["labels"]["test"] = json!(self.test);
                a
            })
            .collect();
        let response = reqwest::Client::new()
            .post(format!("{}/api/v2/alerts", self.url()))
            .json(&alerts)
            .send()
            .await
            .expect("POST /api/v2/alerts");
        assert!(
            response.status().is_success(),
            "POST: {}",
            response.text().await.unwrap()
        );
    }

    /// The listed alerts once none is `unprocessed` any more (routing takes a moment).
    async fn fetch_settled(&self, extra: &[&str]) -> Vec<Alert> {
        for _ in 0..100 {
            let alerts = fetch_alerts(&self.source(extra))
                .await
                .expect("fetch alerts");
            if alerts.iter().all(|a| a.state != AlertState::Unprocessed) {
                return alerts;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("alerts stayed unprocessed; log:\n{}", self.peer.log());
    }
}

fn firing(name: &str, labels: Value) -> Value {
    let mut l = labels;
    l["alertname"] = json!(name);
    json!({ "labels": l, "annotations": {}, "generatorURL": "http://prometheus.example:9090/graph" })
}

fn by_name(alerts: &[Alert]) -> BTreeMap<String, Alert> {
    alerts
        .iter()
        .map(|a| (a.labels["alertname"].clone(), a.clone()))
        .collect()
}

#[tokio::test]
async fn posted_alerts_come_back_with_labels_fingerprints_and_a_mapping() {
    let am = Am::start("5m");
    let before = now_ms();
    let mut pg = firing(
        "PgDown",
        json!({"customer": "acme", "service": "postgres", "severity": "critical", "instance": "db1:5432"}),
    );
    pg["annotations"] =
        json!({"summary": "PostgreSQL on db1 is down", "description": "Primary does not answer."});
    let disk = firing(
        "DiskFull",
        json!({"customer": "globex", "service": "fileserver", "severity": "warning", "instance": "fs1"}),
    );
    am.post(vec![pg, disk]).await;

    let alerts = am.fetch_settled(&[]).await;
    let alerts = by_name(&alerts);
    assert_eq!(alerts.len(), 2, "{alerts:#?}");
    let pg = &alerts["PgDown"];
    assert_eq!(pg.labels["customer"], "acme");
    assert_eq!(pg.annotations["summary"], "PostgreSQL on db1 is down");
    assert_eq!(pg.state, AlertState::Active);
    assert_eq!(pg.fingerprint.len(), 16, "{pg:?}");
    assert!(pg.fingerprint.chars().all(|c| c.is_ascii_hexdigit()));
    assert_ne!(pg.fingerprint, alerts["DiskFull"].fingerprint);
    assert_eq!(
        pg.generator_url.as_deref(),
        Some("http://prometheus.example:9090/graph")
    );
    assert!(
        pg.starts_at >= before - 1000 && pg.starts_at <= now_ms() + 1000,
        "{pg:?}"
    );
    // Posted without endsAt: Alertmanager sets it to updatedAt + resolve_timeout (5m).
    assert_eq!(pg.ends_at - pg.updated_at, 5 * 60 * 1000, "{pg:?}");

    // A repeat post keeps the fingerprint and startsAt, and moves endsAt on.
    tokio::time::sleep(Duration::from_millis(20)).await;
    am.post(vec![firing("PgDown", json!({"customer": "acme", "service": "postgres", "severity": "critical", "instance": "db1:5432"}))]).await;
    let again = by_name(&am.fetch_settled(&[]).await);
    assert_eq!(again["PgDown"].fingerprint, pg.fingerprint);
    assert_eq!(again["PgDown"].starts_at, pg.starts_at);
    assert!(again["PgDown"].ends_at > pg.ends_at);

    let mapping = AlertMapping {
        direction_map: BTreeMap::from([
            ("postgres".to_string(), "database".to_string()),
            ("fileserver".to_string(), "hardware".to_string()),
        ]),
        ..AlertMapping::default()
    };
    let m = mapping.map(pg);
    assert_eq!(m.client_code.unwrap().as_str(), "ACME");
    assert_eq!(m.direction.unwrap().as_str(), "database");
    assert_eq!((m.impact, m.urgency), (Level::High, Level::High));
    assert_eq!(m.subject, "PostgreSQL on db1 is down");
    assert!(
        m.description.starts_with("Primary does not answer.\n\n"),
        "{}",
        m.description
    );
    assert!(
        m.description.contains("  instance: db1:5432\n"),
        "{}",
        m.description
    );
    let m = mapping.map(&alerts["DiskFull"]);
    assert_eq!(m.client_code.unwrap().as_str(), "GLOBEX");
    assert_eq!(m.direction.unwrap().as_str(), "hardware");
    assert_eq!((m.impact, m.urgency), (Level::Medium, Level::Medium));
    assert_eq!(m.subject, "DiskFull on fs1");

    let status = test_connection(&am.source(&[])).await.expect("status");
    assert!(!status.version.is_empty());
    assert!(status.started_at <= now_ms());
}

/// The rule of the module comment, against the real thing: a resolved alert vanishes from the
/// list at once; a silenced one stays (suppressed); the same fingerprint comes back on re-fire.
#[tokio::test]
async fn a_resolved_alert_vanishes_from_the_list_and_comes_back_on_refire() {
    let am = Am::start("5m");
    let a = firing("A", json!({"severity": "critical"}));
    let b = firing("B", json!({"severity": "warning"}));
    am.post(vec![a.clone(), b.clone()]).await;
    let listed = by_name(&am.fetch_settled(&[]).await);
    let (fa, fb) = (
        listed["A"].fingerprint.clone(),
        listed["B"].fingerprint.clone(),
    );
    let firing_set = [fa.as_str(), fb.as_str()];

    // Resolve B the way Prometheus does: post it again with endsAt = now.
    let mut resolved_b = b.clone();
    resolved_b["endsAt"] = json!(format_time(now_ms()));
    am.post(vec![resolved_b]).await;
    let polled = am.fetch_settled(&[]).await;
    assert_eq!(
        polled
            .iter()
            .map(|a| a.fingerprint.as_str())
            .collect::<Vec<_>>(),
        [fa.as_str()]
    );
    assert_eq!(
        resolved_fingerprints(firing_set, &polled, now_ms()),
        BTreeSet::from([fb.clone()])
    );

    // No query brings it back: not the defaults, not active=false.
    for query in [
        "",
        "?active=false&silenced=true&inhibited=true&unprocessed=true",
    ] {
        let raw: Vec<Value> = reqwest::get(format!("{}/api/v2/alerts{query}", am.url()))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(
            raw.iter().all(|a| a["fingerprint"] != json!(fb)),
            "{query}: {raw:#?}"
        );
    }

    // A silence is not a resolution: the silenced alert stays listed, as suppressed.
    let silence = json!({
        "matchers": [{"name": "alertname", "value": "A", "isRegex": false, "isEqual": true},
                     {"name": "test", "value": am.test, "isRegex": false, "isEqual": true}],
        "startsAt": format_time(now_ms()),
        "endsAt": format_time(now_ms() + 3_600_000),
        "createdBy": "sb-intake tests",
        "comment": "maintenance",
    });
    let response = reqwest::Client::new()
        .post(format!("{}/api/v2/silences", am.url()))
        .json(&silence)
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "{}",
        response.text().await.unwrap()
    );
    let mut suppressed = Vec::new();
    for _ in 0..100 {
        suppressed = am.fetch_settled(&[]).await;
        if suppressed.iter().any(|a| a.state == AlertState::Suppressed) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(suppressed.len(), 1, "{suppressed:#?}");
    assert_eq!(suppressed[0].state, AlertState::Suppressed);
    assert_eq!(
        resolved_fingerprints([fa.as_str()], &suppressed, now_ms()),
        BTreeSet::new()
    );

    // B fires again: same fingerprint, a new startsAt.
    am.post(vec![b]).await;
    let refired = by_name(&am.fetch_settled(&[]).await);
    assert_eq!(refired["B"].fingerprint, fb);
    assert!(refired["B"].starts_at > listed["B"].starts_at);
    assert_eq!(
        resolved_fingerprints(
            firing_set,
            &refired.into_values().collect::<Vec<_>>(),
            now_ms()
        ),
        BTreeSet::new()
    );
}

/// An alert posted without endsAt resolves itself after resolve_timeout unless posted again.
#[tokio::test]
async fn without_repeats_an_alert_resolves_itself_after_resolve_timeout() {
    let am = Am::start("4s");
    am.post(vec![firing("Flaky", json!({}))]).await;
    let first = am.fetch_settled(&[]).await;
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].ends_at - first[0].updated_at, 4000);

    tokio::time::sleep(Duration::from_millis(2500)).await;
    am.post(vec![firing("Flaky", json!({}))]).await; // the sender repeats: endsAt moves on
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let later = am.fetch_settled(&[]).await;
    assert_eq!(
        later.len(),
        1,
        "the repeat kept it firing past the first endsAt"
    );
    assert!(later[0].ends_at > first[0].ends_at);

    tokio::time::sleep(Duration::from_millis(5000)).await;
    let gone = am.fetch_settled(&[]).await;
    assert!(gone.is_empty(), "{gone:#?}");
    assert_eq!(
        resolved_fingerprints([first[0].fingerprint.as_str()], &gone, now_ms()),
        BTreeSet::from([first[0].fingerprint.clone()])
    );
}

/// Alertmanager keeps alerts in memory only: after a restart (same storage) the list is empty,
/// and the rule must not read that as "everything resolved".
#[tokio::test]
async fn a_restarted_alertmanager_forgets_alerts_so_absence_is_not_trusted_at_first() {
    let storage = tempfile::tempdir().unwrap();
    let test = peers::unique("am");
    let am = Am {
        peer: peers::alertmanager("5m", storage.path()),
        _storage: tempfile::tempdir().unwrap(),
        test,
    };
    am.post(vec![firing("Persistent", json!({}))]).await;
    assert_eq!(am.fetch_settled(&[]).await.len(), 1);
    let Am {
        peer,
        _storage,
        test,
    } = am;
    peer.stop();

    let am = Am {
        peer: peers::alertmanager("5m", storage.path()),
        _storage,
        test,
    };
    let status = test_connection(&am.source(&[])).await.expect("status");
    assert!(
        am.fetch_settled(&[]).await.is_empty(),
        "alerts survived a restart"
    );
    assert!(!can_trust_absence(&status, now_ms()));
    assert!(can_trust_absence(&status, now_ms() + 5 * 60 * 1000));
}

#[tokio::test]
async fn label_matchers_filter_alerts() {
    let am = Am::start("5m");
    am.post(vec![
        firing("One", json!({"service": "db1"})),
        firing("Two", json!({"service": "db2"})),
        firing("Three", json!({"service": "web"})),
    ])
    .await;
    let names = |alerts: Vec<Alert>| by_name(&alerts).into_keys().collect::<Vec<_>>();
    assert_eq!(
        names(am.fetch_settled(&["service=~\"db.*\""]).await),
        ["One", "Two"]
    );
    assert_eq!(
        names(
            am.fetch_settled(&["service!=\"web\"", "alertname=\"Two\""])
                .await
        ),
        ["Two"]
    );
    assert_eq!(names(am.fetch_settled(&[]).await), ["One", "Three", "Two"]);

    let err = fetch_alerts(&am.source(&["service=~\"(\""]))
        .await
        .expect_err("a broken matcher");
    assert_eq!(err.code(), "alerts_http_status", "{err}");
    assert!(err.to_string().contains("HTTP 400"), "{err}");
    assert!(err.to_string().contains("check the label filter"), "{err}");
    assert!(err.to_string().contains("error parsing regexp"), "{err}");
}

#[tokio::test]
async fn wrong_addresses_say_what_is_wrong() {
    let closed = AlertSource::new(format!("http://127.0.0.1:{}", peers::free_port()));
    let err = fetch_alerts(&closed).await.expect_err("nothing listens");
    assert_eq!(err.code(), "alerts_unreachable", "{err}");
    assert!(
        err.to_string()
            .starts_with("cannot reach Alertmanager at http://127.0.0.1:"),
        "{err}"
    );

    // A web server that is not an Alertmanager: a page where the alert list should be.
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("api/v2")).unwrap();
    std::fs::write(
        site.path().join("api/v2/alerts"),
        "<html><body>Welcome to nginx!</body></html>",
    )
    .unwrap();
    let web = peers::web_server(site.path());
    let err = fetch_alerts(&AlertSource::new(format!("http://127.0.0.1:{}", web.port)))
        .await
        .expect_err("a web page is not an alert list");
    assert_eq!(err.code(), "alerts_not_alertmanager", "{err}");
    assert!(err.to_string().contains("Welcome to nginx!"), "{err}");

    let err = fetch_alerts(&AlertSource::new(format!(
        "http://127.0.0.1:{}/prometheus",
        web.port
    )))
    .await
    .expect_err("no such path");
    assert_eq!(err.code(), "alerts_http_status", "{err}");
    assert!(err.to_string().contains("HTTP 404"), "{err}");

    let err = fetch_alerts(&AlertSource::new("127.0.0.1:9093"))
        .await
        .expect_err("no scheme");
    assert_eq!(err.code(), "alerts_bad_url", "{err}");

    // An answer of 20 MiB where the list should be: read up to the limit and refused, not
    // held whole.
    std::fs::write(
        site.path().join("api/v2/alerts"),
        " ".repeat(sb_domain::body::HTTP_BODY_BYTES + (4 << 20)),
    )
    .unwrap();
    let err = fetch_alerts(&AlertSource::new(format!("http://127.0.0.1:{}", web.port)))
        .await
        .expect_err("a body over the limit");
    assert_eq!(err.code(), "alerts_not_alertmanager", "{err}");
    assert!(
        err.to_string().contains("the answer is over 16 MiB"),
        "{err}"
    );
    // The workspace's http_body_bytes set to 1 MiB: a 2 MiB answer is refused at 1 MiB.
    std::fs::write(site.path().join("api/v2/alerts"), " ".repeat(2 << 20)).unwrap();
    let small = AlertSource {
        max_body_bytes: 1 << 20,
        ..AlertSource::new(format!("http://127.0.0.1:{}", web.port))
    };
    let err = fetch_alerts(&small).await.expect_err("over the set limit");
    assert!(
        err.to_string().contains("the answer is over 1 MiB")
            && err.to_string().contains("http_body_bytes"),
        "{err}"
    );
}
