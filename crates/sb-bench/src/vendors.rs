//! Vendor delivery: a thousand escalations delivered to a fake Zendesk (`sb-vendor-fakes`) that
//! answers in 50 ms and allows 20 requests a second, through `App::escalate` and
//! `App::deliver_vendor_outbox`, on a fresh workspace of its own (a thousand tickets of one
//! client). The figure is the total time against the rate limit's bound (1,000 / 20 = 50 s);
//! the fake's counts say how many requests it got, how many it refused with 429, and whether
//! any case was opened twice (which fails the bench).
//!
//! Beside it: the escalations timed through the app and as raw SQL (the same rows, a commit
//! each), and what a delivered message is made of: the same delivery to the same fake without
//! its limit (the vendor at 100,000 a minute), to an instant fake (no latency, no limit), and
//! the message's three commits run raw. The worker keeps several requests to a vendor in flight
//! (different cases; each case's messages in order), so the limit, not the vendor's latency,
//! sets the pace.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use sb_app::{App, ClientInput, EscalateInput, NewProfile, OutboxState, Paths, VendorInput};
use sb_domain::{Role, TicketNumber};
use sb_vendor_fakes::{zendesk, Options};
use sqlx::sqlite::SqlitePool;

use crate::{group, raw_pool, raw_ticket, BoxError, RawTicket, Result};

/// Escalations delivered; the workspace has as many tickets again for the raw floor, and
/// [`PROBE`] for each of the two probes.
const ESCALATIONS: usize = 1_000;
/// The fake's latency and limit, and the vendor's setting that matches the limit.
const LATENCY: Duration = Duration::from_millis(50);
const RATE_PER_SECOND: u32 = 20;
const PER_MINUTE: i64 = RATE_PER_SECOND as i64 * 60;
/// Deliveries to each probe: the fake without its limit, and an instant fake.
const PROBE: usize = 100;
/// The probes' vendor setting: no limit to speak of.
const UNLIMITED_PER_MINUTE: i64 = 100_000;
/// The delivery gives up after this (six times the bound).
const DEADLINE: Duration = Duration::from_secs(300);

pub struct VendorFigures {
    pub escalate_app: Duration,
    pub escalate_raw: Duration,
    pub delivery: Duration,
    /// Calls of `deliver_vendor_outbox` it took.
    pub rounds: usize,
    /// Messages the worker put back for later (a 429, a failure).
    pub retried: i64,
    pub requests: u64,
    pub limited: u64,
    pub duplicates: usize,
    pub cases: usize,
    /// One delivery to the same fake without its limit, through the app.
    pub unlimited: Duration,
    /// One delivery to an instant fake (no latency, no limit), through the app.
    pub instant: Duration,
    /// The three commits of one delivery (claim, case opened, sent), raw.
    pub commits_raw: Duration,
    /// The same delivery done by `sb worker` processes: one, then three.
    pub workers: Vec<WorkersFigure>,
}

/// The delivery of [`ESCALATIONS`] messages by `processes` `sb worker` processes on the
/// workspace (a vendor and a fake of their own, the same latency and limit): the vendor's
/// deliveries are one unit of work, held by one of them at a time, and its limit is shared
/// through the database, so the bound is the same for one process and for three.
#[derive(Debug, Clone)]
pub struct WorkersFigure {
    pub processes: usize,
    pub delivery: Duration,
    pub requests: u64,
    pub limited: u64,
    pub duplicates: usize,
    pub cases: usize,
}

impl WorkersFigure {
    pub fn line(&self, bound: Duration) -> String {
        let ratio = self.delivery.as_secs_f64() / bound.as_secs_f64();
        format!(
            "{} vendor delivery by {} `sb worker` process{}: {} escalations in {:.1} s (from the \
             processes' start); bound {:.1} s; ratio {:.2}x (✓ at <= 1.2x); {} requests, {} \
             answered 429, {} duplicates, {} cases at the fake",
            crate::mark(ratio <= 1.2 && self.limited == 0 && self.duplicates == 0),
            self.processes,
            if self.processes == 1 { "" } else { "es" },
            group(ESCALATIONS),
            self.delivery.as_secs_f64(),
            bound.as_secs_f64(),
            ratio,
            group(self.requests as usize),
            self.limited,
            self.duplicates,
            group(self.cases)
        )
    }
}

impl VendorFigures {
    /// 1,000 requests at 20 a second.
    pub fn bound(&self) -> Duration {
        Duration::from_secs_f64(ESCALATIONS as f64 / f64::from(RATE_PER_SECOND))
    }

    pub fn ratio(&self) -> f64 {
        self.delivery.as_secs_f64() / self.bound().as_secs_f64()
    }

    pub fn escalate_rate(&self) -> f64 {
        ESCALATIONS as f64 / self.escalate_app.as_secs_f64()
    }

    pub fn escalate_line(&self) -> String {
        let raw_rate = ESCALATIONS as f64 / self.escalate_raw.as_secs_f64();
        format!(
            "escalations: {} through the app in {:.2} s = {:.0}/s; raw SQL {:.0}/s; ratio {:.2}x",
            group(ESCALATIONS),
            self.escalate_app.as_secs_f64(),
            self.escalate_rate(),
            raw_rate,
            raw_rate / self.escalate_rate()
        )
    }

    pub fn delivery_line(&self) -> String {
        format!(
            "vendor delivery: {} escalations to a fake Zendesk ({} ms latency, {} requests/s) in \
             {:.1} s; bound {:.1} s; ratio {:.2}x (target: close to 1x; ✓ at <= 1.2x); {} \
             requests, {} answered 429, {} duplicates, {} cases at the fake; {} rounds, {} retries",
            group(ESCALATIONS),
            LATENCY.as_millis(),
            RATE_PER_SECOND,
            self.delivery.as_secs_f64(),
            self.bound().as_secs_f64(),
            self.ratio(),
            group(self.requests as usize),
            self.limited,
            self.duplicates,
            group(self.cases),
            self.rounds,
            self.retried
        )
    }

    /// The report's section.
    pub fn section(&self) -> String {
        format!(
            "\nVendor delivery (a workspace of its own: {} tickets of one client, {} of them \
             escalated to a fake Zendesk on 127.0.0.1 that answers in {} ms and allows {} \
             requests/s, the vendor set to {} a minute; `deliver_vendor_outbox` called with the \
             current time until nothing is pending; raw = the same rows with a commit each). The \
             worker keeps several requests to a vendor in flight (different cases, each case's \
             messages in order), so the limit sets the pace; the probes ({} messages each) take \
             the limit away (the vendor at {} a minute), then the latency too:\n\n\
             - {} {}\n- {}\n- {}\n{}",
            group(2 * ESCALATIONS + 2 * PROBE),
            group(ESCALATIONS),
            LATENCY.as_millis(),
            RATE_PER_SECOND,
            group(PER_MINUTE as usize),
            PROBE,
            group(UNLIMITED_PER_MINUTE as usize),
            crate::mark(self.ratio() <= 1.2),
            self.delivery_line(),
            self.per_message_line(),
            self.escalate_line(),
            self.workers
                .iter()
                .map(|w| format!("- {}\n", w.line(self.bound())))
                .collect::<String>(),
        )
    }

    /// What a message is made of: the same fake without its limit, an instant fake, the
    /// message's commits raw.
    pub fn per_message_line(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1_000.0;
        format!(
            "per message: {:.1} ms (the limit's spacing: {:.1} ms); to the same fake without its \
             limit {:.1} ms; to an instant fake {:.1} ms, of which the message's three commits \
             {:.1} ms raw",
            ms(self.delivery) / ESCALATIONS as f64,
            1_000.0 / f64::from(RATE_PER_SECOND),
            ms(self.unlimited),
            ms(self.instant),
            ms(self.commits_raw)
        )
    }
}

/// Runs it all in `dir/vendors`, a workspace of its own, on a thread and runtime of its own:
/// the vendor's secret goes to the OS keychain, which on a Linux machine without a desktop
/// keyring is the kernel's session keyring, and a session keyring belongs to a thread and the
/// threads it starts.
pub async fn measure(dir: &Path) -> Result<VendorFigures> {
    let dir = dir.to_path_buf();
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("sb-bench-vendors".into())
        .spawn(move || {
            own_session_keyring();
            let figures = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .map_err(BoxError::from)
                .and_then(|rt| rt.block_on(measure_here(&dir)));
            let _ = tx.send(figures);
        })?;
    rx.await
        .map_err(|_| "the vendor bench's thread stopped early")?
}

/// What `keyctl session -` gives `make test`: a keyring session for this thread (and the
/// runtime's threads it starts) when it has none, which the keyutils store needs to keep
/// secrets. Elsewhere the keychain is the desktop's and this is nothing.
fn own_session_keyring() {
    #[cfg(target_os = "linux")]
    {
        use linux_keyutils::{KeyRing, KeyRingIdentifier};
        // `create`: with no session keyring yet, the kernel joins a new anonymous one.
        let _ = KeyRing::from_special_id(KeyRingIdentifier::Session, true);
    }
}

async fn measure_here(dir: &Path) -> Result<VendorFigures> {
    let home = dir.join("vendors");
    std::fs::create_dir_all(&home)?;
    let db = home.join("vendors.db");
    let app = App::open(
        Paths::in_folder(home.join("home")),
        Some(db.to_str().ok_or("the temp path is not UTF-8")?),
    )
    .await?;
    // Vendors and their credentials are an admin's.
    app.create_profile(NewProfile {
        name: "Bench Admin".into(),
        role: Role::Admin,
    })
    .await?;
    let me = app.setup_state().await?.profile.ok_or("no profile")?.id;
    let client = app
        .create_client(ClientInput {
            language: None,
            code: "VENDORS".into(),
            name: "Vendor Bench Clinics".into(),
            notes: None,
            contacts: Vec::new(),
        })
        .await?
        .id;
    let raw = raw_pool(&db).await?;
    let tickets = tickets(&raw, client, me, 2 * ESCALATIONS + 2 * PROBE).await?;
    let (to_app, rest) = tickets.split_at(ESCALATIONS);
    let (to_raw, to_probes) = rest.split_at(ESCALATIONS);

    let fake = zendesk::Fake::start(Options {
        latency: LATENCY,
        rate_limit: Some(RATE_PER_SECOND),
        ..Options::default()
    })
    .await?;
    let vendor = app
        .create_vendor(vendor_input("Zendesk (fake)", &fake, PER_MINUTE, true))
        .await?
        .id;
    // Then every vendor's secret leaves the keychain, whatever happened.
    let outcome = match run(&app, &raw, &fake, vendor, (to_app, to_raw, to_probes)).await {
        Ok(figures) => {
            let mut workers = Vec::new();
            let mut failed = None;
            for processes in [1, 3] {
                match by_workers(&app, &raw, &db, &home, client, processes).await {
                    Ok(w) => {
                        println!("{}", w.line(figures.bound()));
                        workers.push(w);
                    }
                    Err(e) => {
                        failed = Some(e);
                        break;
                    }
                }
            }
            match failed {
                Some(e) => Err(e),
                None => Ok(VendorFigures { workers, ..figures }),
            }
        }
        Err(e) => Err(e),
    };
    let mut cleanup = Vec::new();
    for v in app.vendors().await? {
        let mut input = vendor_input(&v.name, &fake, v.per_minute, false);
        input.secret = Some(String::new());
        cleanup.push(app.update_vendor(v.id, input).await.map(drop));
    }
    app.store().close().await;
    raw.close().await;
    let figures = outcome?;
    cleanup
        .into_iter()
        .collect::<std::result::Result<(), _>>()?;
    Ok(figures)
}

async fn run(
    app: &App,
    raw: &SqlitePool,
    fake: &zendesk::Fake,
    vendor: i64,
    (to_app, to_raw, to_probes): (&[i64], &[i64], &[i64]),
) -> Result<VendorFigures> {
    // Escalation through the app: a transaction each (bond, message, audit, the ticket's move).
    let t = Instant::now();
    for &ticket_id in to_app {
        app.escalate(EscalateInput {
            ticket_id,
            vendor_id: vendor,
            note: None,
        })
        .await?;
    }
    let escalate_app = t.elapsed();
    // The same rows raw, for a vendor that is disabled (so nothing delivers them).
    let floor_vendor = app
        .create_vendor(vendor_input(
            "Raw floor (disabled)",
            fake,
            PER_MINUTE,
            false,
        ))
        .await?
        .id;
    let me = app.setup_state().await?.profile.ok_or("no profile")?.id;
    let escalate_raw = raw_escalations(raw, to_raw, floor_vendor, me).await?;
    let commits_raw = raw_delivery_commits(raw, floor_vendor).await?;

    // Delivery: the worker's loop, called with the current time until nothing is pending.
    let t = Instant::now();
    let (rounds, retried) = deliver_all(app, raw, vendor, t + DEADLINE).await?;
    let delivery = t.elapsed();

    let figures = VendorFigures {
        escalate_app,
        escalate_raw,
        delivery,
        rounds,
        retried,
        requests: fake.requests(),
        limited: fake.rate_limited(),
        duplicates: fake.duplicates(),
        cases: fake.cases().len(),
        unlimited: Duration::ZERO,
        instant: Duration::ZERO,
        commits_raw,
        workers: Vec::new(),
    };
    let opened: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM bonds WHERE vendor_id = $1 AND state = 'open' \
           AND external_id IS NOT NULL",
    )
    .bind(vendor)
    .fetch_one(raw)
    .await?;
    if figures.duplicates != 0 {
        return Err(format!(
            "vendor delivery made {} duplicate cases at the fake (must be 0): {}",
            figures.duplicates,
            figures.delivery_line()
        )
        .into());
    }
    if figures.cases != ESCALATIONS || opened != ESCALATIONS as i64 {
        return Err(format!(
            "vendor delivery: {} cases at the fake and {opened} open bonds, not {ESCALATIONS}: {}",
            figures.cases,
            figures.delivery_line()
        )
        .into());
    }

    // What a message is made of: the same fake without its limit, then an instant one.
    let (to_unlimited, to_instant) = to_probes.split_at(PROBE);
    let unlimited = probe(app, raw, "Zendesk (no limit)", LATENCY, to_unlimited).await?;
    let instant = probe(app, raw, "Zendesk (instant)", Duration::ZERO, to_instant).await?;
    Ok(VendorFigures {
        unlimited,
        instant,
        ..figures
    })
}

/// The time of one delivery to a fake of `latency` without a limit, the vendor at
/// [`UNLIMITED_PER_MINUTE`]: `tickets` escalated, then delivered.
async fn probe(
    app: &App,
    raw: &SqlitePool,
    name: &str,
    latency: Duration,
    tickets: &[i64],
) -> Result<Duration> {
    let fake = zendesk::Fake::start(Options {
        latency,
        ..Options::default()
    })
    .await?;
    let vendor = app
        .create_vendor(vendor_input(name, &fake, UNLIMITED_PER_MINUTE, true))
        .await?
        .id;
    for &ticket_id in tickets {
        app.escalate(EscalateInput {
            ticket_id,
            vendor_id: vendor,
            note: None,
        })
        .await?;
    }
    let t = Instant::now();
    deliver_all(app, raw, vendor, t + DEADLINE).await?;
    let took = t.elapsed() / tickets.len().max(1) as u32;
    if fake.cases().len() != tickets.len() || fake.duplicates() != 0 {
        return Err(format!(
            "the delivery to the fake {name} did not open each of its {} cases once",
            tickets.len()
        )
        .into());
    }
    Ok(took)
}

fn vendor_input(name: &str, fake: &zendesk::Fake, per_minute: i64, enabled: bool) -> VendorInput {
    VendorInput {
        name: name.into(),
        directions: Vec::new(),
        kind: "zendesk".into(),
        settings: fake.settings(),
        sla: Vec::new(),
        contacts: Vec::new(),
        per_minute,
        enabled,
        secret: enabled.then(|| fake.secret().to_string()),
    }
}

/// The delivery by `processes` `sb worker` processes (the release build beside this one) on
/// the workspace at `db`: every vendor before is disabled, a new one and its fake (the same
/// latency and limit) get [`ESCALATIONS`] escalations through the app, then the processes
/// start and the clock runs until nothing is pending. SIGTERM stops them.
async fn by_workers(
    app: &App,
    raw: &SqlitePool,
    db: &Path,
    home: &Path,
    client: i64,
    processes: usize,
) -> Result<WorkersFigure> {
    for v in app.vendors().await? {
        if v.enabled {
            let input = VendorInput {
                name: v.name,
                directions: v.directions,
                kind: v.kind,
                settings: v.settings,
                sla: v.sla,
                contacts: v.contacts,
                per_minute: v.per_minute,
                enabled: false,
                secret: None,
            };
            app.update_vendor(v.id, input).await?;
        }
    }
    let fake = zendesk::Fake::start(Options {
        latency: LATENCY,
        rate_limit: Some(RATE_PER_SECOND),
        ..Options::default()
    })
    .await?;
    let vendor = app
        .create_vendor(vendor_input(
            &format!("Zendesk ({processes} workers)"),
            &fake,
            PER_MINUTE,
            true,
        ))
        .await?
        .id;
    let me = app.setup_state().await?.profile.ok_or("no profile")?.id;
    for ticket_id in tickets(raw, client, me, ESCALATIONS).await? {
        app.escalate(EscalateInput {
            ticket_id,
            vendor_id: vendor,
            note: None,
        })
        .await?;
    }
    let sb = crate::processes::sb_binary()?;
    let db = db.to_str().ok_or("the temp path is not UTF-8")?;
    let t = Instant::now();
    let mut children = Vec::new();
    for i in 0..processes {
        let folder = home.join(format!("worker-{processes}-{i}"));
        std::fs::create_dir_all(&folder)?;
        children.push(
            std::process::Command::new(&sb)
                .args(["--db", db, "worker"])
                .env("SWITCHBOARD_HOME", &folder)
                .env_remove("SB_DB")
                // Deliveries only: no sync reads the cases back meanwhile.
                .env("SB_VENDOR_SYNC_SECONDS", "3600")
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()?,
        );
    }
    let outcome = loop {
        let pending: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM vendor_outbox o JOIN bonds b ON b.id = o.bond_id \
             WHERE b.vendor_id = $1 AND o.state <> 'sent'",
        )
        .bind(vendor)
        .fetch_one(raw)
        .await?;
        if pending == 0 {
            break Ok(t.elapsed());
        }
        if t.elapsed() > DEADLINE {
            break Err(format!(
                "vendor delivery by {processes} sb worker processes: {pending} messages still \
                 pending after {} s",
                DEADLINE.as_secs()
            ));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    for c in &children {
        let term = std::process::Command::new("kill")
            .args(["-TERM", &c.id().to_string()])
            .status();
        if !term.as_ref().is_ok_and(|s| s.success()) {
            eprintln!(
                "sb-bench: sb worker {} did not take SIGTERM: {term:?}",
                c.id()
            );
        }
    }
    for mut c in children {
        match c.wait() {
            Ok(status) if status.success() => {}
            other => eprintln!("sb-bench: sb worker {} stopped with {other:?}", c.id()),
        }
    }
    let delivery = outcome?;
    Ok(WorkersFigure {
        processes,
        delivery,
        requests: fake.requests(),
        limited: fake.rate_limited(),
        duplicates: fake.duplicates(),
        cases: fake.cases().len(),
    })
}

/// `count` new tickets of `client`, raw, in one transaction (the dataset, not timed).
async fn tickets(raw: &SqlitePool, client: i64, by: i64, count: usize) -> Result<Vec<i64>> {
    let now = now_ms();
    let mut tx = raw.begin().await?;
    let mut ids = Vec::with_capacity(count);
    for i in 0..count {
        let subject = format!("Storage array {i} reports a failed controller");
        ids.push(
            raw_ticket(
                &mut tx,
                &RawTicket {
                    client,
                    direction: "hardware",
                    subject: &subject,
                    description: "The vendor has to replace the part under the support contract.",
                    priority: ("high", 1),
                    channel: "phone",
                    by,
                },
                now,
            )
            .await?,
        );
    }
    tx.commit().await?;
    Ok(ids)
}

/// What escalation writes, raw, a commit each: the bond with its correlation id, its create
/// message, the "escalated" audit line, the ticket's move to pending_vendor and its audit line.
async fn raw_escalations(
    raw: &SqlitePool,
    tickets: &[i64],
    vendor: i64,
    by: i64,
) -> Result<Duration> {
    let tag: String = sqlx::query_scalar("SELECT tag FROM workspace WHERE id = 1")
        .fetch_one(raw)
        .await?;
    // The case as escalation writes it into the message.
    let payload = serde_json::json!({
        "subject": "Storage array reports a failed controller",
        "description": "The vendor has to replace the part under the support contract.",
        "priority": "p1",
        "client": "Vendor Bench Clinics",
        "direction": "hardware",
    })
    .to_string();
    let t = Instant::now();
    for &ticket in tickets {
        let now = now_ms();
        let mut tx = raw.begin().await?;
        let bond: i64 = sqlx::query_scalar(
            "INSERT INTO bonds (ticket_id, vendor_id, state, created_by, created_at) \
             VALUES ($1, $2, 'pending', $3, $4) RETURNING id",
        )
        .bind(ticket)
        .bind(vendor)
        .bind(by)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let correlation =
            sb_domain::vendor::correlation_id(&TicketNumber(ticket).to_string(), bond, &tag);
        sqlx::query("UPDATE bonds SET correlation = $1 WHERE id = $2")
            .bind(&correlation)
            .bind(bond)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO vendor_outbox (bond_id, kind, idempotency_key, comment_id, payload, \
               state, attempts, next_attempt_at, created_at) \
             VALUES ($1, 'create', $2, NULL, $3, 'pending', 0, $4, $4)",
        )
        .bind(bond)
        .bind(format!("create:{correlation}"))
        .bind(&payload)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE tickets SET status = 'pending_vendor', updated_at = $1, version = version + 1 \
             WHERE id = $2 AND status = 'new'",
        )
        .bind(now)
        .bind(ticket)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO audit (ticket_id, actor_id, at, field, old_value, new_value) \
             VALUES ($1, $2, $3, 'escalated_to_vendor', NULL, $4), \
                    ($1, $2, $3, 'status', 'new', 'pending_vendor')",
        )
        .bind(ticket)
        .bind(by)
        .bind(now)
        .bind(format!("Raw floor ({correlation})"))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
    }
    Ok(t.elapsed())
}

/// The three commits one delivery makes (claim the message, the case is open, the message is
/// sent), raw, on the raw floor's messages; the time of one delivery's worth.
async fn raw_delivery_commits(raw: &SqlitePool, vendor: i64) -> Result<Duration> {
    let messages: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT o.id, o.bond_id FROM vendor_outbox o JOIN bonds b ON b.id = o.bond_id \
         WHERE b.vendor_id = $1 AND o.state = 'pending' ORDER BY o.id LIMIT 200",
    )
    .bind(vendor)
    .fetch_all(raw)
    .await?;
    let t = Instant::now();
    for &(message, bond) in &messages {
        let now = now_ms();
        sqlx::query(
            "UPDATE vendor_outbox SET attempts = attempts + 1, next_attempt_at = $1 \
             WHERE id = $2 AND state = 'pending' AND attempts = 0",
        )
        .bind(now + 120_000)
        .bind(message)
        .execute(raw)
        .await?;
        sqlx::query(
            "UPDATE bonds SET external_id = $1, external_number = $1, external_url = NULL, \
               state = 'open', escalated_at = COALESCE(escalated_at, $2) WHERE id = $3",
        )
        .bind(format!("raw-{bond}"))
        .bind(now)
        .bind(bond)
        .execute(raw)
        .await?;
        sqlx::query(
            "UPDATE vendor_outbox SET state = 'sent', sent_at = $1, last_error = NULL, \
               error_class = NULL WHERE id = $2",
        )
        .bind(now)
        .bind(message)
        .execute(raw)
        .await?;
    }
    Ok(t.elapsed() / messages.len().max(1) as u32)
}

/// Calls `deliver_vendor_outbox(now)` until `vendor` has nothing pending; between rounds that
/// found nothing due, sleeps until the next message is due (a 429's Retry-After, a backoff).
/// Returns the rounds and the retries. Dead letters or the deadline fail it.
async fn deliver_all(
    app: &App,
    raw: &SqlitePool,
    vendor: i64,
    deadline: Instant,
) -> Result<(usize, i64)> {
    let (mut rounds, mut retried) = (0, 0);
    loop {
        let r = app.deliver_vendor_outbox(now_ms()).await?;
        rounds += 1;
        retried += r.retried;
        if r.dead > 0 {
            let dead = app.vendor_outbox(Some(OutboxState::Dead)).await?;
            return Err(format!(
                "vendor delivery: {} dead letters, e.g. {:?}",
                r.dead,
                dead.first().and_then(|m| m.last_error.as_deref())
            )
            .into());
        }
        let (pending, next_due): (i64, Option<i64>) = sqlx::query_as(
            "SELECT count(*), min(o.next_attempt_at) FROM vendor_outbox o \
               JOIN bonds b ON b.id = o.bond_id WHERE b.vendor_id = $1 AND o.state = 'pending'",
        )
        .bind(vendor)
        .fetch_one(raw)
        .await?;
        if pending == 0 {
            return Ok((rounds, retried));
        }
        if Instant::now() > deadline {
            return Err(format!(
                "vendor delivery: {pending} messages still pending after {} s",
                DEADLINE.as_secs()
            )
            .into());
        }
        if r.sent == 0 {
            let wait = next_due.map_or(50, |at| at - now_ms());
            tokio::time::sleep(Duration::from_millis(wait.clamp(5, 1_000) as u64)).await;
        }
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
