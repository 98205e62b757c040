//! The SaaS connectors against their fakes (sb-vendor-fakes), which follow each vendor's
//! published API: sign-in and permissions, a case with a Cyrillic subject and a long body,
//! lookups by correlation id and comment marker, the vendor's replies and status changes coming
//! back through `changes`, paging, reopening, and the error classes (404, rejected payloads,
//! 429 with `Retry-After`).

use std::any::Any;
use std::time::{Duration, Instant};

use sb_domain::ticket::Priority;
use sb_domain::vendor::{comment_marker, VendorStatus};
use sb_domain::Sensitive;
use sb_vendor_fakes::{jira, servicenow, zendesk, Backend, Options};
use sb_vendors::{CaseRef, Connector, Context, Http, NewCase, OutComment, Settings, VendorError};

/// One fake vendor and what the shared checks need to know about it.
struct Vendor {
    kind: &'static str,
    backend: Backend,
    settings: Settings,
    secret: &'static str,
    restricted: Settings,
    restricted_secret: &'static str,
    /// An id the vendor has no case for.
    unknown_id: &'static str,
    /// A status the vendor's agent sets that means "waiting on the customer", what it maps to
    /// and the word `changes` reports for it.
    waiting: (&'static str, VendorStatus, &'static str),
    /// The word reported once the vendor resolved the case.
    resolved_raw: &'static str,
    /// The vendor's status once we reopened.
    reopened: &'static str,
    /// Keeps the fake's server running.
    _fake: Box<dyn Any + Send + Sync>,
}

impl Vendor {
    fn connector(&self) -> Box<dyn Connector> {
        self.connect_as(&self.settings, self.secret)
    }

    fn connect_as(&self, settings: &Settings, secret: &str) -> Box<dyn Connector> {
        let cx = Context {
            http: Http::default(),
            mailer: None,
        };
        sb_vendors::connect(
            self.kind,
            settings,
            Some(Sensitive::new(secret.to_string())),
            &cx,
        )
        .unwrap_or_else(|e| panic!("{}: {e}", self.kind))
    }
}

async fn jira_fake(options: Options) -> Vendor {
    jira_vendor(jira::Fake::start(options).await.unwrap())
}

fn jira_vendor(f: jira::Fake) -> Vendor {
    Vendor {
        kind: "jira_service_management",
        backend: (*f).clone(),
        settings: f.settings(),
        secret: f.secret(),
        restricted: f.restricted_settings(),
        restricted_secret: f.restricted_secret(),
        unknown_id: "99999",
        waiting: (
            "Waiting for customer",
            VendorStatus::Waiting,
            "Waiting for customer",
        ),
        resolved_raw: "Resolved",
        reopened: "Waiting for support",
        _fake: Box::new(f),
    }
}

async fn servicenow_fake(options: Options) -> Vendor {
    servicenow_vendor(servicenow::Fake::start(options).await.unwrap())
}

fn servicenow_vendor(f: servicenow::Fake) -> Vendor {
    Vendor {
        kind: "servicenow",
        backend: (*f).clone(),
        settings: f.settings(),
        secret: f.secret(),
        restricted: f.restricted_settings(),
        restricted_secret: f.restricted_secret(),
        unknown_id: "0123456789abcdef0123456789abcdef",
        waiting: ("On Hold", VendorStatus::Waiting, "On Hold"),
        resolved_raw: "Resolved",
        reopened: "2",
        _fake: Box::new(f),
    }
}

async fn zendesk_fake(options: Options) -> Vendor {
    zendesk_vendor(zendesk::Fake::start(options).await.unwrap())
}

fn zendesk_vendor(f: zendesk::Fake) -> Vendor {
    Vendor {
        kind: "zendesk",
        backend: (*f).clone(),
        settings: f.settings(),
        secret: f.secret(),
        restricted: f.restricted_settings(),
        restricted_secret: f.restricted_secret(),
        unknown_id: "999999",
        waiting: ("pending", VendorStatus::Waiting, "pending"),
        resolved_raw: "solved",
        reopened: "open",
        _fake: Box::new(f),
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// 10,000 characters, Cyrillic and Latin, several lines.
fn long_body() -> String {
    let line = "Журнал шлюза: соединение VPN сброшено, code=0x1F; ";
    let mut body: String = line.chars().cycle().take(9_999).collect();
    body.push('.');
    assert_eq!(body.chars().count(), 10_000);
    body
}

fn new_case(correlation: &str, description: String) -> NewCase {
    NewCase {
        correlation: correlation.to_string(),
        ticket_number: correlation.split('/').next().unwrap_or("").to_string(),
        subject: "Не работает VPN в филиале «Север»".to_string(),
        description,
        priority: Priority::P2,
        client: "ООО Ромашка".to_string(),
        direction: "Network".to_string(),
    }
}

fn comment(key: &str, text: &str) -> OutComment {
    let marker = comment_marker(key);
    OutComment {
        body: format!("{text}\n\n{marker}"),
        marker,
        author: "Engineer".to_string(),
    }
}

async fn sign_in(v: Vendor) {
    let who = v.connector().check().await.unwrap();
    assert!(!who.is_empty());
    // Who the credentials act as, asked before a delivery run writes anything.
    let account = v.connector().account().await.unwrap();
    if v.kind != "servicenow" {
        assert!(
            account.as_deref().is_some_and(|a| !a.is_empty()),
            "{}: {account:?}",
            v.kind
        );
        let e = v
            .connect_as(&v.settings, "not-the-right-secret-7731")
            .account()
            .await
            .unwrap_err();
        assert!(
            matches!(e, VendorError::BadCredentials(_)),
            "{}: {e:?}",
            v.kind
        );
    }

    let wrong = "not-the-right-secret-7731";
    let e = v.connect_as(&v.settings, wrong).check().await.unwrap_err();
    assert!(
        matches!(e, VendorError::BadCredentials(_)),
        "{}: {e:?}",
        v.kind
    );
    let message = e.to_string();
    assert!(
        !message.contains(wrong) && !message.contains(v.secret),
        "{message}"
    );

    let e = v
        .connect_as(&v.restricted, v.restricted_secret)
        .check()
        .await
        .unwrap_err();
    assert!(matches!(e, VendorError::Forbidden(_)), "{}: {e:?}", v.kind);
}

/// A case the vendor deleted is reported gone; the others are not, and `changes` leaves it out.
async fn deleted(v: Vendor) {
    let c = v.connector();
    let kept = c
        .create_case(&new_case("SB-000700/1", "d".into()))
        .await
        .unwrap();
    let deleted = c
        .create_case(&new_case("SB-000701/1", "d".into()))
        .await
        .unwrap();
    let cases = [kept.clone(), deleted.clone()];
    assert!(c.gone(&cases).await.unwrap().is_empty(), "{}", v.kind);
    assert!(v.backend.delete(&deleted.id));
    assert_eq!(
        c.gone(&cases).await.unwrap(),
        vec![deleted.id.clone()],
        "{}",
        v.kind
    );
    let changes = c.changes(&cases, 0).await.unwrap();
    assert!(
        changes.iter().all(|u| u.case_id == kept.id),
        "{}: {changes:?}",
        v.kind
    );
}

async fn round_trip(v: Vendor) {
    let c = v.connector();
    let body = long_body();
    let case = new_case("SB-000123/7", body.clone());
    let created = c.create_case(&case).await.unwrap();
    assert!(created.url.is_some());

    let held = v.backend.cases_for("SB-000123/7");
    assert_eq!(held.len(), 1, "{}", v.kind);
    assert_eq!(held[0].id, created.id);
    assert!(held[0]
        .subject
        .contains("Не работает VPN в филиале «Север»"));
    assert!(
        held[0].description.contains(&body),
        "the body arrived whole"
    );

    assert_eq!(
        c.find_case("SB-000123/7").await.unwrap().map(|r| r.id),
        Some(created.id.clone())
    );
    assert_eq!(c.find_case("SB-000123/8").await.unwrap(), None);
    assert_eq!(c.find_case("SB-999999/1").await.unwrap(), None);

    let ours = comment("c-1", "Клиент подтверждает: проблема осталась.");
    c.add_comment(&created, &ours).await.unwrap();
    assert!(c
        .find_comment(&created, &ours.marker)
        .await
        .unwrap()
        .is_some());
    assert_eq!(
        c.find_comment(&created, &comment_marker("c-404"))
            .await
            .unwrap(),
        None
    );

    // The vendor answers, notes something internally and waits on us.
    let since = now_ms();
    let id = &created.id;
    v.backend
        .add_vendor_comment(id, "Мы перезапустили шлюз, проверьте, пожалуйста.")
        .unwrap();
    // The vendor's agent presses Reply and quotes our comment: still the vendor's words.
    let quoted: String = ours.text().lines().map(|l| format!("> {l}\n")).collect();
    let quoting = format!("{quoted}\nСпасибо, видим то же самое.");
    v.backend.add_vendor_comment(id, &quoting).unwrap();
    v.backend
        .add_internal_note(id, "internal: customer is on the old firmware")
        .unwrap();
    assert!(v.backend.set_status(id, v.waiting.0));

    let changes = c
        .changes(std::slice::from_ref(&created), since)
        .await
        .unwrap();
    assert_eq!(changes.len(), 1, "{}: {changes:?}", v.kind);
    let u = &changes[0];
    assert_eq!(u.case_id, created.id);
    assert_eq!(
        (u.status, u.status_raw.as_str()),
        (v.waiting.1, v.waiting.2)
    );
    let bodies: Vec<String> = u
        .comments
        .iter()
        .map(|c| c.body.replace("\r\n", "\n"))
        .collect();
    assert_eq!(
        bodies.len(),
        2,
        "{}: the vendor's public comments, the one quoting ours too: {bodies:?}",
        v.kind
    );
    assert_eq!(bodies[0], "Мы перезапустили шлюз, проверьте, пожалуйста.");
    assert!(
        bodies[1].contains("Спасибо, видим то же самое."),
        "{}: {bodies:?}",
        v.kind
    );
    assert!(!u.comments[0].id.is_empty() && !u.comments[0].author.is_empty());
    assert!(u.updated_at >= since - 1000);

    let later = c
        .changes(std::slice::from_ref(&created), now_ms() + 600_000)
        .await
        .unwrap();
    assert!(later.is_empty(), "{}: {later:?}", v.kind);

    // The vendor resolves; we take it up again, once.
    assert!(v.backend.resolve(id));
    let changes = c
        .changes(std::slice::from_ref(&created), since)
        .await
        .unwrap();
    assert_eq!(changes[0].status, VendorStatus::Resolved);
    assert_eq!(changes[0].status_raw, v.resolved_raw);
    let why = comment("c-2", "Проблема вернулась после перезагрузки.");
    c.reopen(&created, &why).await.unwrap();
    c.reopen(&created, &why).await.unwrap();
    assert_eq!(v.backend.case(id).unwrap().status, v.reopened);
    let marked = v
        .backend
        .comments(id)
        .iter()
        .filter(|c| c.body.contains(&why.marker))
        .count();
    assert_eq!(marked, 1, "{}: the reopen comment went in once", v.kind);

    assert_eq!(v.backend.create_requests(), 1);
    assert_eq!(v.backend.duplicates(), 0);
}

async fn paging(v: Vendor) {
    assert_eq!(v.backend.options().page_size, 2);
    let c = v.connector();
    let since = now_ms();
    let mut refs: Vec<CaseRef> = Vec::new();
    for i in 1..=5 {
        let case = new_case(&format!("SB-000200/{i}"), format!("Case {i}"));
        refs.push(c.create_case(&case).await.unwrap());
    }
    assert_eq!(
        c.find_case("SB-000200/5").await.unwrap().map(|r| r.id),
        Some(refs[4].id.clone())
    );
    let first = &refs[0];
    for i in 1..=4 {
        v.backend
            .add_vendor_comment(&first.id, &format!("ответ {i}"))
            .unwrap();
    }
    let ours = comment("c-9", "Our fifth comment.");
    c.add_comment(first, &ours).await.unwrap();
    v.backend.add_vendor_comment(&first.id, "ответ 5").unwrap();
    assert!(c.find_comment(first, &ours.marker).await.unwrap().is_some());

    let changes = c.changes(&refs, since).await.unwrap();
    assert_eq!(changes.len(), 5, "{}: every case, past one page", v.kind);
    let update = changes.iter().find(|u| u.case_id == first.id).unwrap();
    let bodies: Vec<&str> = update.comments.iter().map(|c| c.body.as_str()).collect();
    assert_eq!(
        bodies,
        ["ответ 1", "ответ 2", "ответ 3", "ответ 4", "ответ 5"],
        "{}",
        v.kind
    );
}

async fn errors(v: Vendor) {
    let c = v.connector();
    let nowhere = CaseRef {
        id: v.unknown_id.to_string(),
        number: "unknown".to_string(),
        url: None,
    };
    let e = c
        .add_comment(&nowhere, &comment("c-1", "hello"))
        .await
        .unwrap_err();
    assert!(matches!(e, VendorError::NotFound(_)), "{}: {e:?}", v.kind);
}

async fn rate_limited(v: Vendor) {
    assert_eq!(v.backend.options().rate_limit, Some(1));
    let c = v.connector();
    let mut refused = None;
    for _ in 0..5 {
        if let Err(e) = c.find_case("SB-000300/1").await {
            refused = Some(e);
            break;
        }
    }
    assert_eq!(
        refused,
        Some(VendorError::RateLimited {
            retry_after_ms: Some(1000)
        }),
        "{}",
        v.kind
    );
    assert!(v.backend.rate_limited() >= 1);
}

async fn latency(v: Vendor) {
    let c = v.connector();
    let started = Instant::now();
    c.find_case("SB-000400/1").await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(50));
}

/// A small run of the benchmark's load: 40 escalations, 8 at a time, to a vendor that answers
/// in 50 ms and allows 20 requests a second; 429s are waited out as `Retry-After` says.
async fn under_load(v: Vendor) {
    let c: std::sync::Arc<dyn Connector> = v.connector().into();
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..8 {
        let c = c.clone();
        tasks.spawn(async move {
            for i in 0..5 {
                let case = new_case(&format!("SB-001000/{}", worker * 5 + i), "d".into());
                loop {
                    match c.create_case(&case).await {
                        Ok(_) => break,
                        Err(VendorError::RateLimited { retry_after_ms }) => {
                            let ms = retry_after_ms.unwrap_or(1000).max(0) as u64;
                            tokio::time::sleep(Duration::from_millis(ms)).await;
                        }
                        Err(e) => panic!("{e}"),
                    }
                }
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
    assert_eq!(v.backend.cases().len(), 40, "{}", v.kind);
    assert_eq!(v.backend.duplicates(), 0);
    assert!(
        v.backend.rate_limited() > 0,
        "{}: the limit was reached",
        v.kind
    );
}

fn busy() -> Options {
    Options {
        latency: Duration::from_millis(50),
        rate_limit: Some(20),
        ..Options::default()
    }
}

fn paged() -> Options {
    Options {
        page_size: 2,
        ..Options::default()
    }
}

fn one_per_second() -> Options {
    Options {
        rate_limit: Some(1),
        ..Options::default()
    }
}

fn slow() -> Options {
    Options {
        latency: Duration::from_millis(50),
        ..Options::default()
    }
}

mod jira_service_management {
    use super::*;

    #[tokio::test]
    async fn a_case_deleted_at_the_vendor_is_gone() {
        deleted(jira_fake(Options::default()).await).await;
    }

    #[tokio::test]
    async fn signs_in_and_tells_bad_credentials_and_permissions() {
        sign_in(jira_fake(Options::default()).await).await;
    }

    #[tokio::test]
    async fn a_case_round_trip() {
        round_trip(jira_fake(Options::default()).await).await;
    }

    #[tokio::test]
    async fn pages_past_the_first() {
        paging(jira_fake(paged()).await).await;
    }

    #[tokio::test]
    async fn unknown_cases_are_not_found() {
        errors(jira_fake(Options::default()).await).await;
    }

    #[tokio::test]
    async fn too_long_a_description_is_rejected() {
        let v = jira_fake(Options::default()).await;
        let e = v
            .connector()
            .create_case(&new_case("SB-000500/1", "x".repeat(40_000)))
            .await
            .unwrap_err();
        assert!(
            matches!(e, VendorError::Rejected(ref m) if m.contains("32,767")),
            "{e:?}"
        );
        assert!(v.backend.cases().is_empty());
    }

    #[tokio::test]
    async fn a_closed_request_cannot_be_reopened() {
        let v = jira_fake(Options::default()).await;
        let c = v.connector();
        let r = c
            .create_case(&new_case("SB-000501/1", "d".into()))
            .await
            .unwrap();
        assert!(v.backend.set_status(&r.id, "Closed"));
        let e = c.reopen(&r, &comment("c-1", "again")).await.unwrap_err();
        assert!(matches!(e, VendorError::Rejected(_)), "{e:?}");
    }

    #[tokio::test]
    async fn rate_limits_carry_retry_after() {
        rate_limited(jira_fake(one_per_second()).await).await;
    }

    #[tokio::test]
    async fn latency_is_added() {
        latency(jira_fake(slow()).await).await;
    }

    #[tokio::test]
    async fn holds_up_under_the_benchmark_load() {
        under_load(jira_fake(busy()).await).await;
    }
}

mod service_now {
    use super::*;

    #[tokio::test]
    async fn a_case_deleted_at_the_vendor_is_gone() {
        deleted(servicenow_fake(Options::default()).await).await;
    }

    #[tokio::test]
    async fn signs_in_and_tells_bad_credentials_and_permissions() {
        sign_in(servicenow_fake(Options::default()).await).await;
    }

    #[tokio::test]
    async fn a_case_round_trip() {
        round_trip(servicenow_fake(Options::default()).await).await;
    }

    #[tokio::test]
    async fn pages_past_the_first() {
        paging(servicenow_fake(paged()).await).await;
    }

    #[tokio::test]
    async fn unknown_cases_are_not_found() {
        errors(servicenow_fake(Options::default()).await).await;
    }

    #[tokio::test]
    async fn a_data_policy_refusal_is_a_rejection() {
        let f = servicenow::Fake::start(Options::default()).await.unwrap();
        f.require_field("caller_id");
        let v = servicenow_vendor(f);
        let mut settings = v.settings.clone();
        let c = v.connect_as(&settings, v.secret);
        let e = c
            .create_case(&new_case("SB-000600/1", "d".into()))
            .await
            .unwrap_err();
        assert!(
            matches!(e, VendorError::Rejected(ref m) if m.contains("mandatory: Caller")),
            "{e:?}"
        );
        settings.insert(
            "caller_id".into(),
            "681ccaf9c0a8016400b98a06818d57c7".into(),
        );
        let c = v.connect_as(&settings, v.secret);
        c.create_case(&new_case("SB-000600/1", "d".into()))
            .await
            .unwrap();
        let held = v.backend.cases_for("SB-000600/1");
        assert_eq!(held.len(), 1);
        assert_eq!(v.backend.create_requests(), 2);
    }

    #[tokio::test]
    async fn a_closed_incident_cannot_be_reopened() {
        let v = servicenow_fake(Options::default()).await;
        let c = v.connector();
        let r = c
            .create_case(&new_case("SB-000601/1", "d".into()))
            .await
            .unwrap();
        assert!(v.backend.set_status(&r.id, "Closed"));
        let e = c.reopen(&r, &comment("c-1", "again")).await.unwrap_err();
        assert!(matches!(e, VendorError::Forbidden(_)), "{e:?}");
    }

    #[tokio::test]
    async fn rate_limits_carry_retry_after() {
        rate_limited(servicenow_fake(one_per_second()).await).await;
    }

    #[tokio::test]
    async fn latency_is_added() {
        latency(servicenow_fake(slow()).await).await;
    }

    #[tokio::test]
    async fn holds_up_under_the_benchmark_load() {
        under_load(servicenow_fake(busy()).await).await;
    }
}

mod zendesk_support {
    use super::*;

    #[tokio::test]
    async fn a_case_deleted_at_the_vendor_is_gone() {
        deleted(zendesk_fake(Options::default()).await).await;
    }

    #[tokio::test]
    async fn signs_in_and_tells_bad_credentials_and_permissions() {
        sign_in(zendesk_fake(Options::default()).await).await;
    }

    #[tokio::test]
    async fn a_case_round_trip() {
        round_trip(zendesk_fake(Options::default()).await).await;
    }

    #[tokio::test]
    async fn pages_past_the_first() {
        paging(zendesk_fake(paged()).await).await;
    }

    #[tokio::test]
    async fn unknown_cases_are_not_found() {
        errors(zendesk_fake(Options::default()).await).await;
    }

    #[tokio::test]
    async fn a_create_sent_twice_opens_one_ticket() {
        let v = zendesk_fake(Options::default()).await;
        let c = v.connector();
        let case = new_case("SB-000700/1", "d".into());
        let a = c.create_case(&case).await.unwrap();
        let b = c.create_case(&case).await.unwrap();
        assert_eq!(a, b);
        assert_eq!(v.backend.create_requests(), 2);
        assert_eq!(v.backend.duplicates(), 0);
    }

    #[tokio::test]
    async fn a_closed_ticket_refuses_the_reopen() {
        let v = zendesk_fake(Options::default()).await;
        let c = v.connector();
        let r = c
            .create_case(&new_case("SB-000701/1", "d".into()))
            .await
            .unwrap();
        assert!(v.backend.set_status(&r.id, "closed"));
        let e = c.reopen(&r, &comment("c-1", "again")).await.unwrap_err();
        assert!(
            matches!(e, VendorError::Rejected(ref m) if m.contains("closed prevents ticket update")),
            "{e:?}"
        );
    }

    #[tokio::test]
    async fn rate_limits_carry_retry_after() {
        rate_limited(zendesk_fake(one_per_second()).await).await;
    }

    #[tokio::test]
    async fn latency_is_added() {
        latency(zendesk_fake(slow()).await).await;
    }

    #[tokio::test]
    async fn holds_up_under_the_benchmark_load() {
        under_load(zendesk_fake(busy()).await).await;
    }
}
