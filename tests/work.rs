//! Background work done once across a team's processes (issue 15): four `sb worker`
//! processes on one workspace (a SQLite file; a PostgreSQL database), with the real IMAP and
//! SMTP servers, the real Alertmanager and a SaaS fake. Every mail becomes one ticket, every
//! reply is sent once, every vendor case exists once at the vendor, the vendor's rate limit
//! holds across the three; a holder killed with SIGKILL mid-work is taken over within the
//! lease time with nothing lost or doubled; one paused (SIGSTOP) past its lease cannot record
//! what it did; a fourth process whose keychain lacks the secrets never takes their units.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sb_app::{App, ClientInput, CommentInput, ContactInput, TicketInput};
use sb_domain::{Channel, Level, Visibility};
use sb_store::MailState;
use sb_vendor_fakes::{zendesk, Options};

use crate::email::channel::{append, mailbox_input, new_folder, open_app_on, sink_messages};
use crate::util::alertmanager::{firing, now_ms, Alertmanager};
use crate::util::peers;

/// How long a hold lasts without a heartbeat in these tests (the product's default is 60 s).
const LEASE_SECONDS: u64 = 3;
const MAILS: usize = 24;
const REPLIES: usize = 8;
const CASES: usize = 16;
const ALERTS: usize = 4;
const COMMENTS: usize = 4;
/// The fake answers 4 requests a second and refuses more with 429; the vendor is set to 180
/// a minute (3 a second), so three processes that each kept their own limit would send 9.
const FAKE_PER_SECOND: u32 = 4;
const VENDOR_PER_MINUTE: i64 = 180;

/// The `sb` binary beside this test binary (`cargo test --workspace` builds it).
pub(crate) fn sb_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let sb = exe.parent().unwrap().parent().unwrap().join("sb");
    assert!(
        sb.exists(),
        "{} is missing: run `cargo build -p sb-cli` first",
        sb.display()
    );
    sb
}

/// One `sb worker` process and the folder its log is in.
pub(crate) struct Worker {
    child: Child,
    home: PathBuf,
}

impl Worker {
    pub(crate) fn start(db: &str, home: &Path) -> Worker {
        std::fs::create_dir_all(home).unwrap();
        let child = Command::new(sb_binary())
            .args(["--db", db, "worker"])
            .env("SWITCHBOARD_HOME", home)
            .env("SB_LEASE_SECONDS", LEASE_SECONDS.to_string())
            .env("SB_VENDOR_SYNC_SECONDS", "2")
            .env("SB_LOG", "info,sqlx=warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(home.join("stderr.txt")).unwrap())
            .spawn()
            .expect("start sb worker");
        Worker {
            child,
            home: home.to_path_buf(),
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn signal(&self, sig: &str) {
        let ok = Command::new("kill")
            .args([&format!("-{sig}"), &self.pid().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -{sig} {}", self.pid());
    }

    /// Everything its log holds.
    pub(crate) fn log(&self) -> String {
        let mut text = String::new();
        if let Ok(dir) = std::fs::read_dir(self.home.join("logs")) {
            for f in dir.flatten() {
                text.push_str(&std::fs::read_to_string(f.path()).unwrap_or_default());
            }
        }
        text
    }

    /// SIGTERM, and the clean stop it asks for.
    pub(crate) fn stop(mut self) -> String {
        self.signal("TERM");
        let deadline = Instant::now() + Duration::from_secs(40);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(
                    status.success(),
                    "sb worker stopped with {status}: {}",
                    self.log()
                );
                break;
            }
            assert!(
                Instant::now() < deadline,
                "sb worker did not stop on SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        self.log()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The pid in a lease holder's id (`host/pid/random`).
fn holder_pid(holder: &str) -> Option<u32> {
    holder.split('/').nth(1)?.parse().ok()
}

async fn holder_of(app: &App, unit: &str) -> Option<(u32, i64)> {
    let now = now_ms();
    app.store()
        .leases()
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.unit == unit && l.expires_at >= now)
        .and_then(|l| Some((holder_pid(l.holder.as_deref()?)?, l.fence)))
}

/// What the background work is doing, for a failure's message: the vendor messages not sent
/// yet, who holds which unit, and the end of each worker's log.
async fn explain(app: &App, workers: &[&Worker]) -> String {
    let now = now_ms();
    let mut out = String::from("vendor messages not sent:\n");
    for m in app
        .store()
        .vendor_outbox(None, None, 500)
        .await
        .unwrap_or_default()
        .iter()
        .filter(|m| m.sent_at.is_none())
    {
        out.push_str(&format!(
            "  #{} {} {:?} attempts {} due in {} ms error {:?} {:?}\n",
            m.id,
            m.kind,
            m.state,
            m.attempts,
            m.next_attempt_at - now,
            m.last_error,
            m.error_class
        ));
    }
    out.push_str("leases:\n");
    for l in app.store().leases().await.unwrap_or_default() {
        out.push_str(&format!("  {l:?}\n"));
    }
    for w in workers {
        let log = w.log();
        let tail: Vec<&str> = log.lines().rev().take(25).collect();
        out.push_str(&format!("worker {} log, last lines:\n", w.pid()));
        for line in tail.into_iter().rev() {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out
}

async fn wait_until<F, Fut>(what: &str, seconds: u64, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while !check().await {
        assert!(
            Instant::now() < deadline,
            "{what} did not happen in {seconds} s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn mail(marker: &str, i: usize) -> Vec<u8> {
    format!(
        "From: Ann Lee <ann.lee@work.example>\r\nTo: desk@provider.example\r\n\
         Subject: Printer {i} is jammed {marker}\r\nMessage-ID: <{marker}-{i}@work.example>\r\n\
         Date: Fri, 04 Dec 2026 09:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         The printer on floor {i} is jammed again.\r\n"
    )
    .into_bytes()
}

/// The tickets the marked mail opened, by Message-ID.
async fn mail_tickets(app: &App, marker: &str) -> Vec<(String, i64)> {
    app.store()
        .mail_in_state(MailState::Ticket, None, 1_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.message_id.contains(marker))
        .filter_map(|m| Some((m.message_id, m.ticket_id?)))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn several_workers_on_sqlite_do_each_unit_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir
        .path()
        .join("switchboard.db")
        .to_string_lossy()
        .into_owned();
    // The fourth process reaches the same file by another path, as another desk would: its
    // keychain (keyed by the workspace's location) holds none of the secrets.
    std::os::unix::fs::symlink(dir.path(), dir.path().join("elsewhere")).unwrap();
    let elsewhere = dir
        .path()
        .join("elsewhere/switchboard.db")
        .to_string_lossy()
        .into_owned();
    several_workers_story(&db, dir.path(), Some(&elsewhere)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn several_workers_on_postgres_do_each_unit_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::util::pg::pg_url_for_new_database();
    several_workers_story(&db, dir.path(), None).await;
}

async fn several_workers_story(db: &str, dir: &Path, keyless: Option<&str>) {
    let marker = peers::unique("work");
    let app = Arc::new(open_app_on(dir, db).await);
    let client = app
        .create_client(ClientInput {
            language: None,
            code: "WORK".into(),
            name: "Work Ltd".into(),
            notes: None,
            contacts: vec![ContactInput {
                name: "Ann Lee".into(),
                email: Some("ann.lee@work.example".into()),
                phone: None,
            }],
        })
        .await
        .unwrap()
        .id;
    let folder = new_folder("work").await;
    let mut input = mailbox_input(&folder, peers::smtp().port);
    input.poll_seconds = 10;
    let mailbox = app.create_mailbox(input).await.unwrap().id;
    let fake = zendesk::Fake::start(Options {
        latency: Duration::from_millis(60),
        rate_limit: Some(FAKE_PER_SECOND),
        ..Options::default()
    })
    .await
    .unwrap();
    let mut vendor = crate::vendors::vendor_input("Zendesk (fake)", "zendesk", &[], fake.secret());
    vendor.settings = fake.settings();
    vendor.per_minute = VENDOR_PER_MINUTE;
    let vendor = app.create_vendor(vendor).await.unwrap().id;
    let am = Alertmanager::start();
    let mut source = crate::monitoring::source_input(&am);
    source.poll_seconds = 10;
    let source = app.create_alert_source(source).await.unwrap().id;

    // Four workers (two are killed, one paused, and one must be left to take over), and on
    // SQLite one more without the secrets.
    let mut workers: Vec<Worker> = (0..4)
        .map(|i| Worker::start(db, &dir.join(format!("worker{i}"))))
        .collect();
    let keyless = keyless.map(|db| Worker::start(db, &dir.join("keyless")));
    let units = [
        format!("mail-in:{mailbox}"),
        format!("mail-out:{mailbox}"),
        format!("alerts:{source}"),
        format!("vendor-sync:{vendor}"),
        format!("vendor-out:{vendor}"),
    ];
    for unit in &units {
        wait_until(&format!("{unit} taken"), 30, || async {
            holder_of(&app, unit).await.is_some()
        })
        .await;
    }

    // The load: mail, escalations, alerts.
    let mails: Vec<Vec<u8>> = (0..MAILS).map(|i| mail(&marker, i)).collect();
    append(&folder, &mails[..MAILS / 2]).await;
    let mut escalated = Vec::new();
    for i in 0..CASES {
        let t = app
            .create_ticket(TicketInput {
                client_id: client,
                direction: "database".into(),
                subject: format!("Replication lag {i} {marker}"),
                description: "The replica is minutes behind.".into(),
                impact: Level::Medium,
                urgency: Level::Medium,
                channel: Channel::Phone,
                contact_id: None,
            })
            .await
            .unwrap();
        crate::vendors::escalated(&app, t.id, vendor).await;
        escalated.push(t.id);
    }
    for i in 0..ALERTS {
        am.post(vec![firing(serde_json::json!({
            "alertname": format!("DiskFull{i}"),
            "instance": format!("db{i}.work.example"),
            "severity": "critical",
            "customer": "work",
            "service": "postgres",
        }))]);
    }

    // The holder of the vendor's deliveries is killed while it delivers (the fake answers 4
    // a second, so 16 cases take seconds); the holder of the mailbox while mail comes in.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let (out_pid, out_fence) = holder_of(&app, &units[4]).await.expect("a holder");
    let mut killed = vec![out_pid];
    if let Some(w) = workers.iter().find(|w| w.pid() == out_pid) {
        w.signal("KILL");
    }
    append(&folder, &mails[MAILS / 2..]).await;
    if let Some((in_pid, _)) = holder_of(&app, &units[0]).await {
        if let Some(w) = workers
            .iter()
            .find(|w| w.pid() == in_pid && w.pid() != out_pid)
        {
            w.signal("KILL");
            killed.push(in_pid);
        }
    }
    let taken_over = Instant::now();
    wait_until(
        "the vendor's deliveries taken over",
        3 * LEASE_SECONDS + 10,
        || async {
            holder_of(&app, &units[4])
                .await
                .is_some_and(|(pid, fence)| pid != out_pid && fence > out_fence)
        },
    )
    .await;
    let takeover_ms = taken_over.elapsed().as_millis();

    // Every mail one ticket; replies to a few of them. (The mailbox's holder was killed: a
    // lease runs out before another process reads on.)
    let deadline = Instant::now() + Duration::from_secs(2 * LEASE_SECONDS + 60);
    loop {
        let read = mail_tickets(&app, &marker).await.len();
        if read == MAILS {
            break;
        }
        if Instant::now() > deadline {
            let all: Vec<&Worker> = workers.iter().chain(keyless.iter()).collect();
            panic!(
                "every mail a ticket did not happen: {read} of {MAILS}\n{}",
                explain(&app, &all).await
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let tickets = mail_tickets(&app, &marker).await;
    let mut distinct: Vec<i64> = tickets.iter().map(|t| t.1).collect();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), MAILS, "one ticket a mail");
    for (i, (_, ticket)) in tickets.iter().take(REPLIES).enumerate() {
        app.add_comment(CommentInput {
            ticket_id: *ticket,
            body: format!("We are on it {marker} reply {i}"),
            visibility: Visibility::Public,
        })
        .await
        .unwrap();
    }

    // A live holder paused past its lease: another takes the unit over, and when it wakes it
    // records nothing and lets go.
    // (Once the killed ones' holds ran out, a live process holds the alerts.)
    let live = |pid: u32| {
        !killed.contains(&pid) && workers.iter().chain(keyless.iter()).any(|w| w.pid() == pid)
    };
    wait_until(
        "the alerts held by a live worker",
        3 * LEASE_SECONDS + 10,
        || async {
            holder_of(&app, &units[2])
                .await
                .is_some_and(|(pid, _)| live(pid))
        },
    )
    .await;
    // A process paused inside a SQLite write transaction (or a PostgreSQL one that locks the
    // lease row) keeps every other process from taking over until it runs again: then it
    // commits under a lease still its own. Such a pause is let go and the pause tried again,
    // at most three times.
    let mut paused = None;
    for _ in 0..3 {
        let (pid, fence) = holder_of(&app, &units[2]).await.expect("alerts held");
        let w = workers
            .iter()
            .chain(keyless.iter())
            .find(|w| w.pid() == pid)
            .expect("a worker holds the alerts");
        w.signal("STOP");
        let deadline = Instant::now() + Duration::from_secs(3 * LEASE_SECONDS + 6);
        while Instant::now() < deadline {
            if holder_of(&app, &units[2])
                .await
                .is_some_and(|(p, f)| p != pid && f > fence)
            {
                paused = Some(w);
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        w.signal("CONT");
        if paused.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let paused = paused.expect("the paused holder's unit was taken over");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !paused.log().contains("taken over") {
        assert!(
            Instant::now() < deadline,
            "the woken holder did not notice: {}\n{}",
            paused.log(),
            std::fs::read_to_string(paused.home.join("stderr.txt")).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Everything arrives once.
    wait_until("every case at the vendor", 90, || async {
        fake.cases().len() >= CASES
    })
    .await;
    // A public comment on a few escalated tickets goes to the vendor's case, once.
    for (i, t) in escalated.iter().take(COMMENTS).enumerate() {
        app.add_comment(CommentInput {
            ticket_id: *t,
            body: format!("Logs attached {marker} comment {i}"),
            visibility: Visibility::Public,
        })
        .await
        .unwrap();
    }
    let mut cases = Vec::new();
    for t in escalated.iter().take(COMMENTS) {
        let correlation = app.ticket_bonds(*t).await.unwrap()[0].correlation.clone();
        cases.push(fake.cases_for(&correlation)[0].id.clone());
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while !cases.iter().enumerate().all(|(i, case)| {
        fake.comments(case)
            .iter()
            .any(|c| c.body.contains(&format!("{marker} comment {i}")))
    }) {
        if Instant::now() > deadline {
            let all: Vec<&Worker> = workers.iter().chain(keyless.iter()).collect();
            panic!(
                "every comment at the vendor did not happen in 60 s\n{}",
                explain(&app, &all).await
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    wait_until("every reply at the SMTP server", 60, || async {
        let sink = sink_messages();
        (0..REPLIES).all(|i| {
            sink.iter()
                .any(|m| m.contains(&format!("{marker} reply {i}")))
        })
    })
    .await;
    wait_until("every alert a ticket", 60, || async {
        app.store().alerts_of_source(source).await.unwrap().len() == ALERTS
    })
    .await;
    // A moment for anything doubled to show.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(fake.cases().len(), CASES, "one case a ticket at the vendor");
    assert_eq!(fake.duplicates(), 0);
    assert_eq!(
        fake.rate_limited(),
        0,
        "the vendor's limit held across the processes: {} requests",
        fake.requests()
    );
    let sink = sink_messages();
    for i in 0..REPLIES {
        let copies = sink
            .iter()
            .filter(|m| m.contains(&format!("{marker} reply {i}")))
            .count();
        assert_eq!(copies, 1, "reply {i} sent {copies} times");
    }
    for t in &escalated {
        assert_eq!(
            fake.cases_for(&app.ticket_bonds(*t).await.unwrap()[0].correlation)
                .len(),
            1
        );
    }
    for (i, case) in cases.iter().enumerate() {
        let copies = fake
            .comments(case)
            .iter()
            .filter(|c| c.body.contains(&format!("{marker} comment {i}")))
            .count();
        assert_eq!(copies, 1, "comment {i} reached the case {copies} times");
    }

    // Status as people see it, then clean stops, and no secret in any log.
    let status = app.work_status().await.unwrap();
    for unit in &units {
        let u = status.units.iter().find(|u| &u.unit == unit).unwrap();
        assert!(u.holder.is_some(), "{unit} has a holder: {status:?}");
        assert!(
            u.last_success_at.is_some(),
            "{unit} succeeded once: {status:?}"
        );
    }
    let mut logs = Vec::new();
    if let Some(k) = keyless {
        let log = k.stop();
        // Never the mailbox's reading (its IMAP password) nor the vendor (its token): only
        // what needs no secret here (the alerts; the replies, as this SMTP server asks for no
        // sign-in).
        assert!(
            log.contains("background work starts"),
            "the keyless process ran the background work: {log}"
        );
        let took: Vec<&str> = log
            .lines()
            .filter(|l| l.contains("took the unit"))
            .collect();
        for line in &took {
            assert!(
                !line.contains("unit=mail-in:") && !line.contains("unit=vendor-"),
                "a unit without its secret: {line}"
            );
        }
        logs.push(log);
    }
    for w in workers.drain(..) {
        if killed.contains(&w.pid()) {
            logs.push(w.log());
            continue;
        }
        logs.push(w.stop());
    }
    let all = logs.join("\n");
    assert!(
        all.contains("background work stopped"),
        "a clean stop is logged"
    );
    for secret in [peers::IMAP_PASSWORD, fake.secret()] {
        assert!(!all.contains(secret), "a secret in a log");
    }
    println!(
        "{db}: {MAILS} mails, {REPLIES} replies, {CASES} cases, {COMMENTS} comments, {ALERTS} alerts by 4 workers; \
         the vendor's deliveries taken over {takeover_ms} ms after their holder was killed; \
         {} requests to the vendor, none refused",
        fake.requests()
    );
    am.stop();
}
