//! Switchboard's benchmark: builds a large embedded workspace (a million tickets by default),
//! then times what people do all day (queue pages, opening a card, logging a ticket) through
//! `sb_app::App`, beside the very same SQL run raw on the same file, and prints both.
//!
//! `cargo run --release -p sb-bench -- [--tickets N]`; the table also goes to
//! `target/bench/latest.md`. Targets are printed with a mark, never asserted: a slow shared
//! machine must not fail a build.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use std::collections::BTreeMap;

use sb_app::{
    AlertMappingDto, AlertSourceInput, App, NewProfile, Paths, QueueQuery, QueueSortDto,
    SearchQuery, TicketInput,
};
use sb_domain::{Channel, Level, Priority, Role, Status};
use sb_intake::alerts::{format_time, Alert, AlertState, AlertmanagerStatus};
use sb_store::{
    bind_all, fts_query, headline_options, queue_sql, search_sql, search_top_sql, search_wide_sql,
    search_windows, Backend, ClientWrite, DbLocation, HitKind, QueueCursor, QueueFilter, QueueSort,
    Store,
};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Row, Sqlite, SqliteConnection};

mod ledger;
mod mail;
mod processes;
mod routing;
mod sla;
mod team;
mod vendors;

/// The raw-SQL side of a comparison: a plain sqlx pool on the same database as the app.
#[derive(Clone)]
enum Raw {
    Sqlite(SqlitePool),
    Postgres(sqlx::PgPool),
}

/// Runs `$body` with `$p` bound to the concrete pool: sqlx's queries are typed by backend, and
/// both arms run the very same SQL text.
macro_rules! on_raw {
    ($raw:expr, |$p:ident| $body:expr) => {
        match $raw {
            Raw::Sqlite($p) => $body,
            Raw::Postgres($p) => $body,
        }
    };
}

impl Raw {
    fn backend(&self) -> Backend {
        match self {
            Raw::Sqlite(_) => Backend::Sqlite,
            Raw::Postgres(_) => Backend::Postgres,
        }
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Result<T> = std::result::Result<T, BoxError>;

const DAY: i64 = 24 * 60 * 60 * 1000;
const TICKETS_PER_STATEMENT: usize = 500;
const TICKETS_PER_TRANSACTION: usize = 50_000;
const COMMENTS_PER_TICKET: usize = 3;
const ITERATIONS: usize = 200;
const WARM_UP: usize = 20;
const MIN_ITERATIONS: usize = 20;
const TIME_PER_OPERATION: Duration = Duration::from_secs(60);
/// What the app asks for: a page of 50 and one more, to know whether there is a next page.
const PAGE_LIMIT: i64 = 51;
const ACTIVE: [Status; 5] = [
    Status::New,
    Status::Open,
    Status::InProgress,
    Status::PendingCustomer,
    Status::PendingVendor,
];

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(message) => {
            eprintln!(
                "{message}\nusage: sb-bench [--tickets N] [--keep] [--team-only | --no-team] [--desks N] [--desk-seconds S]\n  (default 1000000 tickets; the team run: 20 desks for 60 s on PostgreSQL)"
            );
            std::process::exit(2);
        }
    };
    if let Err(e) = run(args).await {
        eprintln!("sb-bench: {e}");
        std::process::exit(1);
    }
}

struct Args {
    tickets: usize,
    /// Only the team run on PostgreSQL (`--team-only`), or none of it (`--no-team`).
    team_only: bool,
    no_team: bool,
    team: team::TeamArgs,
    /// Keep the generated database (its path is printed) to study query plans afterwards.
    keep: bool,
    /// Only write the dataset into this folder, as a window's data folder (`--dataset DIR`:
    /// `DIR/switchboard.db` with a profile that is "me"), for `make bench-window`.
    dataset: Option<std::path::PathBuf>,
    /// With `--dataset`: time by raw SQL the cards and searches `make bench-window` did in the
    /// window (`--window-raw target/bench/window.json`), beside its figures.
    window_raw: Option<std::path::PathBuf>,
}

fn parse_args() -> std::result::Result<Args, String> {
    let mut tickets = 1_000_000;
    let mut keep = false;
    let mut dataset = None;
    let mut window_raw = None;
    let (mut team_only, mut no_team) = (false, false);
    let mut team = team::TeamArgs {
        desks: 20,
        seconds: 60,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "--keep" => {
                keep = true;
                continue;
            }
            "--team-only" => {
                team_only = true;
                continue;
            }
            "--window-raw" => {
                let file = args
                    .next()
                    .ok_or("--window-raw needs the window's figures")?;
                window_raw = Some(std::path::PathBuf::from(file));
                continue;
            }
            "--dataset" => {
                let dir = args.next().ok_or("--dataset needs a folder")?;
                dataset = Some(std::path::PathBuf::from(dir));
                continue;
            }
            "--no-team" => {
                no_team = true;
                continue;
            }
            "--desks" | "--desk-seconds" => {
                let value = args.next().ok_or(format!("{arg} needs a number"))?;
                let number = value
                    .parse::<u64>()
                    .ok()
                    .filter(|&v| v >= 1)
                    .ok_or_else(|| format!("{arg}: '{value}' is not a number of at least 1"))?;
                if arg == "--desks" {
                    team.desks = number as usize;
                } else {
                    team.seconds = number;
                }
                continue;
            }
            "--tickets" => args.next().ok_or("--tickets needs a number")?,
            a if a.starts_with("--tickets=") => a["--tickets=".len()..].to_string(),
            "-h" | "--help" => return Err("sb-bench: the app layer against raw SQL".into()),
            other => return Err(format!("unknown argument '{other}'")),
        };
        tickets = value
            .replace(['_', ','], "")
            .parse::<usize>()
            .ok()
            .filter(|&n| n >= 1_000)
            .ok_or_else(|| format!("'{value}' is not a ticket count of at least 1000"))?;
    }
    if team_only && no_team {
        return Err("--team-only and --no-team leave nothing to run: choose one".into());
    }
    Ok(Args {
        tickets,
        keep,
        dataset,
        window_raw,
        team_only,
        no_team,
        team,
    })
}

async fn run(args: Args) -> Result<()> {
    let n = args.tickets;
    if let Some(dir) = &args.dataset {
        if let Some(figures) = &args.window_raw {
            return window_raw(&dir.join("switchboard.db"), figures).await;
        }
        return dataset(n, dir).await;
    }
    let mut dir = tempfile::Builder::new().prefix("sb-bench-").tempdir()?;
    dir.disable_cleanup(args.keep);
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis() as i64;
    let mut report = if args.team_only {
        String::new()
    } else {
        on_sqlite(n, dir.path(), now).await?
    };
    if !args.no_team {
        let team = team::run(n, &args.team, dir.path(), now).await?;
        report.push_str(&team.section(n));
    }
    println!("\n{report}");
    let out = target_dir().join("bench");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("latest.md"), &report)?;
    println!("written to {}", out.join("latest.md").display());
    Ok(())
}

/// Writes the dataset (tickets, comments, audit, the hours ledger) as a window's data folder
/// `dir`: `dir/switchboard.db`, and an admin profile that is "me" there. A folder that holds a
/// finished dataset of `n` tickets already is kept as it is.
async fn dataset(n: usize, dir: &Path) -> Result<()> {
    let done = dir.join(format!("dataset-{n}.done"));
    if done.exists() {
        println!(
            "sb-bench: the dataset of {n} tickets is in {} already",
            dir.display()
        );
        return settle(n, dir).await;
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    // The window finds its profile by the database's full path.
    let dir = &std::fs::canonicalize(dir)?;
    let db = dir.join("switchboard.db");
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis() as i64;
    println!("sb-bench: a dataset of {n} tickets in {}", db.display());
    let people = people_and_clients(&DbLocation::SqliteFile(db.clone()), now).await?;
    let raw = raw_pool(&db).await?;
    let feed = quiet_change_log(&raw).await?;
    let load = generate(&raw, &people, n, now).await?;
    let today = sb_app::today();
    let (ledger_load, _) = ledger::generate(&raw, &people, n * 2, today, now).await?;
    restore_change_log(&raw, &feed).await?;
    println!(
        "sb-bench: {n} tickets, {} comments, {} time entries in {:.1} s",
        load.comments,
        group(ledger_load.entries),
        load.total.as_secs_f64() + ledger_load.took.as_secs_f64()
    );
    raw.close().await;
    let app = App::open(Paths::in_folder(dir.to_path_buf()), None).await?;
    app.create_profile(NewProfile {
        name: "Bench Runner".into(),
        role: Role::Admin,
    })
    .await?;
    drop(app);
    std::fs::write(&done, format!("{n}\n"))?;
    settle(n, dir).await
}

/// The background work's catching up done before the window is measured: every ticket's
/// clocks counted, the alerts due sounded, the lead's figures rolled up. A desk in use is in
/// this state; a dataset just written is not, and a window opened on it would spend its first
/// minutes (and the measurements) catching up a million tickets.
async fn settle(n: usize, dir: &Path) -> Result<()> {
    let settled = dir.join(format!("dataset-{n}.settled"));
    if settled.exists() {
        return Ok(());
    }
    const ROUND: i64 = 5_000;
    let started = Instant::now();
    let app = App::open(Paths::in_folder(dir.to_path_buf()), None).await?;
    let (mut counted, mut sounded, mut rolled) = (0, 0, 0);
    loop {
        let c = app.count_stale_clocks(ROUND).await?;
        let s = app
            .sound_sla_alerts(
                SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis() as i64,
                ROUND,
            )
            .await?;
        let r = app.roll_metrics(ROUND).await?;
        (counted, sounded, rolled) = (counted + c, sounded + s, rolled + r);
        if c == 0 && s == 0 && r == 0 {
            break;
        }
    }
    drop(app);
    println!(
        "sb-bench: settled in {:.1} s: {} clocks counted, {} alerts sounded, {} tickets rolled up",
        started.elapsed().as_secs_f64(),
        group(counted),
        group(sounded),
        group(rolled)
    );
    std::fs::write(&settled, format!("{n}\n"))?;
    Ok(())
}

/// The raw SQL beside `make bench-window`'s figures: each card the window opened and each text
/// it searched, read by the store's own SQL on a plain pool, timed the same way (median, p95);
/// written beside `figures` as `window-raw.json`.
async fn window_raw(db: &Path, figures: &Path) -> Result<()> {
    let window: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(figures)?)?;
    let raw = Raw::Sqlite(raw_pool(db).await?);
    let mut cards = Vec::new();
    for number in window["opened"].as_array().into_iter().flatten() {
        let id: i64 = number
            .as_str()
            .and_then(|n| n.trim_start_matches("SB-").parse().ok())
            .ok_or("a ticket number in the window's figures")?;
        let started = Instant::now();
        raw_card(&raw, id).await?;
        cards.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let mut searches = Vec::new();
    for text in window["typed"].as_array().into_iter().flatten() {
        let started = Instant::now();
        raw_search(&raw, text.as_str().unwrap_or_default()).await?;
        searches.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let out = figures.with_file_name("window-raw.json");
    std::fs::write(
        &out,
        serde_json::to_string_pretty(&serde_json::json!({"cardMs": cards, "searchMs": searches}))?,
    )?;
    println!(
        "sb-bench: raw SQL for {} cards and {} searches in {}",
        cards.len(),
        searches.len(),
        out.display()
    );
    Ok(())
}

/// The embedded database: the dataset, the app beside raw SQL, intake, the ledger, routing and
/// the vendors. Returns the report's section.
async fn on_sqlite(n: usize, dir: &Path, now: i64) -> Result<String> {
    let db = dir.join("bench.db");
    println!("sb-bench: {n} tickets in {}", db.display());
    let people = people_and_clients(&DbLocation::SqliteFile(db.clone()), now).await?;
    let raw = raw_pool(&db).await?;
    let feed = quiet_change_log(&raw).await?;
    let load = generate(&raw, &people, n, now).await?;
    restore_change_log(&raw, &feed).await?;
    println!(
        "inserted {n} tickets, {} comments and {n} audit lines in {:.1} s ({:.0} tickets/s, {:.0} comments/s); ANALYZE {:.1} s",
        load.comments,
        load.total.as_secs_f64(),
        n as f64 / load.tickets_time.as_secs_f64(),
        load.comments as f64 / load.comments_time.as_secs_f64(),
        load.analyze.as_secs_f64(),
    );

    let app = App::open(
        Paths::in_folder(dir.join("home")),
        Some(db.to_str().ok_or("the temp path is not UTF-8")?),
    )
    .await?;
    // An admin: the run also keeps the alert sources, mailboxes and packages it measures.
    app.create_profile(NewProfile {
        name: "Bench Runner".into(),
        role: Role::Admin,
    })
    .await?;

    let mut results = compare(&app, &Raw::Sqlite(raw.clone()), &people, n).await?;
    let intake = alert_intake(&app, &raw, &people).await?;
    println!("{}", intake.line());
    let mail_intake = mail::mail_intake(&app, &raw, &people, dir).await?;
    println!("{}", mail_intake.line());
    let by_processes = mail::by_processes(&app, &people, dir, &db).await?;
    let processes_line = by_processes
        .iter()
        .map(|p| p.line("sb mail import", "emails"))
        .collect::<Vec<_>>()
        .join("; ");
    println!("{processes_line}");
    let alerts_by_processes = alerts_by_processes(&app, &people, dir, &db).await?;
    let alert_processes_line = alerts_by_processes
        .iter()
        .map(|p| p.line("sb monitoring import", "alerts"))
        .collect::<Vec<_>>()
        .join("; ");
    println!("{alert_processes_line}");

    // The hours ledger: two entries per ticket (2,000,000 at a million).
    let today = sb_app::today();
    let feed = quiet_change_log(&raw).await?;
    let (ledger_load, ledger_data) = ledger::generate(&raw, &people, n * 2, today, now).await?;
    restore_change_log(&raw, &feed).await?;
    println!(
        "ledger: {} packages, {} time entries written in {:.1} s",
        ledger_load.packages,
        group(ledger_load.entries),
        ledger_load.took.as_secs_f64()
    );
    for r in ledger::measure(&app, &raw, &ledger_data, today).await? {
        println!("{}", r.line());
        results.push(r);
    }
    let sla = sla::measure(&app, &raw).await?;
    for line in sla.lines() {
        println!("{line}");
    }
    let routing = routing::measure(&people.clients);
    println!("{}", routing.line());
    let vendor = vendors::measure(dir).await?;
    println!("{}", vendor.escalate_line());
    println!("{}", vendor.delivery_line());
    println!("{}", vendor.per_message_line());
    app.store().close().await;

    let file_size = std::fs::metadata(&db)?.len()
        + std::fs::metadata(db.with_extension("db-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    let sqlite_version: String = sqlx::query_scalar("SELECT sqlite_version()")
        .fetch_one(&raw)
        .await?;
    raw.close().await;

    let mut report = report(n, &load, file_size, &sqlite_version, &results);
    let _ = writeln!(
        report,
        "\nLedger dataset (on the same database): {} packages (3 per client), {} time entries with \
         their draws, balances and daily minutes, written in {:.1} s.",
        ledger_load.packages,
        group(ledger_load.entries),
        ledger_load.took.as_secs_f64()
    );
    let _ = writeln!(
        report,
        "\nIntake (on the same database):\n\n- {} {}\n- {} {}\n- emails by processes side by \
         side (each process its own mailbox, the same database; the same path as the line above, \
         with process start-up): {processes_line}\n- alerts by processes side by side (each \
         process its own alert source, the same database; the same path as the alerts line, with \
         process start-up and reading the saved alert list): {alert_processes_line}",
        mark(intake.app_rate() >= 2000.0),
        intake.line(),
        mark(mail_intake.app_rate() >= 2000.0),
        mail_intake.line()
    );
    let _ = writeln!(
        report,
        "\nRouting (in memory, no database):\n\n- {} {}",
        mark(routing.rate() >= 200_000.0),
        routing.line()
    );
    let _ = writeln!(
        report,
        "\nSLA and the lead's metrics (on the same database):\n"
    );
    for line in sla.lines() {
        let _ = writeln!(report, "- {line}");
    }
    report.push_str(&vendor.section());
    Ok(report)
}

// --- the dataset -----------------------------------------------------------------------------

/// Who and what the generated tickets refer to, created through the store (real schema).
struct People {
    users: Vec<i64>,
    clients: Vec<i64>,
}

async fn people_and_clients(at: &DbLocation, now: i64) -> Result<People> {
    let store = Store::open(at).await?;
    let mut users = Vec::new();
    for name in [
        "Анна Петрова",
        "Bob Stone",
        "Chen Wei",
        "Дмитрий Орлов",
        "Emma Lindqvist",
        "Farid Haddad",
        "Галина Смирнова",
        "Hugo Martin",
    ] {
        users.push(
            store
                .create_user(name, Role::Engineer, now - 400 * DAY)
                .await?
                .id,
        );
    }
    let firsts = [
        "Nord", "Volga", "Medix", "Atlas", "Baltic", "Sever", "Orion", "Delta", "Pulse", "Terra",
    ];
    let kinds = [
        "Logistics",
        "Retail",
        "Clinics",
        "Bank",
        "Energy",
        "Foods",
        "Hotels",
        "Media",
        "Labs",
        "Motors",
        "Pharma",
        "Steel",
        "Telecom",
        "Travel",
        "Water",
        "Agro",
        "Books",
        "Cargo",
        "Dental",
        "Estate",
    ];
    let mut clients = Vec::new();
    for i in 0..200 {
        let name = if i % 4 == 1 {
            format!("ООО «{}-{}»", firsts[i % 10], kinds[i / 10])
        } else {
            format!("{} {}", firsts[i % 10], kinds[i / 10])
        };
        let contacts = (0..1 + i % 2)
            .map(|k| {
                sb_domain::ContactDraft {
                    name: format!("Contact {k} of client {i}"),
                    email: Some(format!("it{k}@client{i}.example")),
                    phone: Some(format!("+7 (495) 555-{i:02}-{k:02}")),
                }
                .check()
            })
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let write = ClientWrite {
            code: format!("CL{i:03}"),
            name,
            notes: Some("Support window 8x5.".into()),
            contacts,
            language: None,
        };
        clients.push(store.create_client(&write, now - 400 * DAY).await?);
    }
    store.close().await;
    Ok(People { users, clients })
}

/// A plain sqlx pool on the same file with the store's pragmas: the "raw SQL" baseline.
async fn raw_pool(db: &Path) -> Result<SqlitePool> {
    let options = SqliteConnectOptions::new()
        .filename(db)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    Ok(SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await?)
}

/// xorshift64*: fast, deterministic, good enough for made-up tickets.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1_u64 << 53) as f64
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const TROUBLES: &[(&str, &str)] = &[
    ("hardware", "Printer on floor {n} jams on every second page"),
    ("hardware", "Laptop of {who} does not boot after the update"),
    ("hardware", "UPS in server room {n} beeps, battery at 40%"),
    ("hardware", "Касса №{n} не печатает чек"),
    (
        "hardware",
        "Disk {n} in the storage array reports SMART errors",
    ),
    (
        "software",
        "1С не запускается у бухгалтерии, ошибка лицензии",
    ),
    ("software", "Outlook asks {who} for the password every hour"),
    ("software", "ERP export to the bank fails with code {n}"),
    ("software", "Antivirus blocks the warehouse scanner app"),
    ("software", "Обновление Windows зависло на {n}%"),
    ("network", "VPN to warehouse {n} drops every few minutes"),
    ("network", "Wi-Fi in meeting room {n} is slow"),
    ("network", "Нет интернета в филиале {n}"),
    ("network", "Switch in rack {n} lost its configuration"),
    ("database", "Nightly backup of the WMS database failed"),
    ("database", "Reports run for {n} minutes since Monday"),
    ("database", "Репликация базы 1С отстаёт на {n} часов"),
    ("database", "PACS archive index is corrupt"),
];
const WHO: &[&str] = &[
    "the CFO",
    "reception",
    "Анна из бухгалтерии",
    "the night shift",
    "the CEO's assistant",
];
const NOTES: &[&str] = &[
    "Replaced the part, tested with the client",
    "Перезапустили службу, клиент подтвердил",
    "Configuration restored from backup",
    "Vendor shipped a fix, installed and verified",
];
const REPLIES: &[&str] = &[
    "Called the client, collecting logs.",
    "Проверили удалённо, нужен выезд инженера.",
    "Internal: looks like the same issue as last month.",
    "Asked the vendor for an RMA.",
    "Клиент подтвердил, что всё работает.",
];

/// One generated ticket, as the insert binds it.
struct GenTicket {
    client_id: i64,
    direction: &'static str,
    subject: String,
    description: String,
    impact: Level,
    urgency: Level,
    status: Status,
    line: &'static str,
    channel: Channel,
    assignee: Option<i64>,
    created_by: i64,
    created_at: i64,
    updated_at: i64,
    resolved_at: Option<i64>,
    closed_at: Option<i64>,
    closed_by: Option<i64>,
    note: Option<&'static str>,
}

fn gen_ticket(rng: &mut Rng, people: &People, now: i64) -> GenTicket {
    // A few big clients and a long tail.
    let client_id = people.clients[((rng.unit().powi(3)) * people.clients.len() as f64) as usize];
    let (direction, template) = *rng.pick(TROUBLES);
    let number = (1 + rng.below(40)).to_string();
    let who = *rng.pick(WHO);
    let subject = template.replace("{n}", &number).replace("{who}", who);
    let age = (rng.unit() * 365.0 * DAY as f64) as i64;
    let mut updated_at = now - age;
    if rng.below(10) < 3 {
        // Bulk changes and imports land on the same minute: ties in the sort key.
        updated_at -= updated_at % 60_000;
    }
    let created_at = updated_at - rng.below(7 * DAY as usize) as i64;
    let recent = age < 14 * DAY;
    let status = if (recent && rng.below(10) < 8) || (!recent && rng.below(100) < 3) {
        *rng.pick(&ACTIVE)
    } else if rng.below(3) == 0 {
        Status::Resolved
    } else {
        Status::Closed
    };
    let finished = status.is_finished();
    let assignee = (finished || rng.below(10) >= 3).then(|| *rng.pick(&people.users));
    let line = match rng.below(10) {
        0..=5 => "l1",
        6..=8 => "l2",
        _ => "l3",
    };
    GenTicket {
        client_id,
        direction,
        description: format!(
            "{subject}. Reported by {}; started {} days ago.{}",
            rng.pick(WHO),
            1 + rng.below(5),
            // About fifty tickets in a million name this part: the rare word searches look for.
            if rng.below(20_000) == 0 {
                " Серийный номер контроллера квазар-7."
            } else {
                ""
            }
        ),
        subject,
        impact: *rng.pick(Level::ALL),
        urgency: *rng.pick(Level::ALL),
        status,
        line,
        channel: *rng.pick(Channel::ALL),
        assignee,
        created_by: *rng.pick(&people.users),
        created_at,
        updated_at,
        resolved_at: finished.then_some(updated_at - rng.below(DAY as usize) as i64),
        closed_at: (status == Status::Closed).then_some(updated_at),
        closed_by: (status == Status::Closed).then(|| *rng.pick(&people.users)),
        note: finished.then(|| *rng.pick(NOTES)),
    }
}

/// One generated comment, as the insert binds it.
struct GenComment {
    author: i64,
    body: &'static str,
    visibility: &'static str,
    channel: &'static str,
    at: i64,
}

/// A ticket's comments, spread over its life.
fn gen_comments(rng: &mut Rng, people: &People, t: &GenTicket) -> Vec<GenComment> {
    let span = (t.updated_at - t.created_at).max(COMMENTS_PER_TICKET as i64);
    (0..COMMENTS_PER_TICKET as i64)
        .map(|k| {
            let body = *rng.pick(REPLIES);
            GenComment {
                author: *rng.pick(&people.users),
                body,
                visibility: if body.starts_with("Internal") {
                    "internal"
                } else {
                    "public"
                },
                channel: ["desktop", "phone", "email"][rng.below(3)],
                at: t.created_at + span * (k + 1) / (COMMENTS_PER_TICKET as i64 + 1),
            }
        })
        .collect()
}

struct Load {
    comments: usize,
    total: Duration,
    tickets_time: Duration,
    comments_time: Duration,
    analyze: Duration,
}

/// Writes `n` tickets, their comments and their `created` audit lines with multi-row INSERTs.
async fn generate(raw: &SqlitePool, people: &People, n: usize, now: i64) -> Result<Load> {
    let started = Instant::now();
    let mut conn = raw.acquire().await?;
    let mut rng = Rng(0x5eed_0f5b_0a2d);
    let (mut tickets_time, mut comments_time) = (Duration::ZERO, Duration::ZERO);
    let mut comments = 0;
    let mut next_id: i64 = 1;
    let mut done = 0;
    while done < n {
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        let in_tx = TICKETS_PER_TRANSACTION.min(n - done);
        let mut written = 0;
        while written < in_tx {
            let batch: Vec<GenTicket> = (0..TICKETS_PER_STATEMENT.min(in_tx - written))
                .map(|_| gen_ticket(&mut rng, people, now))
                .collect();
            let first_id = next_id;
            let t = Instant::now();
            insert_tickets(&mut tx, first_id, &batch).await?;
            insert_created_audit(&mut tx, first_id, &batch).await?;
            tickets_time += t.elapsed();
            let t = Instant::now();
            comments += insert_comments(&mut tx, first_id, &batch, &mut rng, people).await?;
            comments_time += t.elapsed();
            next_id += batch.len() as i64;
            written += batch.len();
        }
        let t = Instant::now();
        tx.commit().await?;
        // The commit's share is split by rows: a third tickets, two thirds comments.
        tickets_time += t.elapsed() / 3;
        comments_time += t.elapsed() * 2 / 3;
        done += in_tx;
        if done % 200_000 == 0 || done == n {
            println!(
                "  {done} tickets ({:.0} s)",
                started.elapsed().as_secs_f64()
            );
        }
    }
    let total = started.elapsed();
    let t = Instant::now();
    sqlx::query("ANALYZE").execute(&mut *conn).await?;
    Ok(Load {
        comments,
        total,
        tickets_time,
        comments_time,
        analyze: t.elapsed(),
    })
}

/// Drops the change feed's triggers while a dataset is made (nobody is watching; millions of
/// log rows would only slow the load) and returns them, to be made again by
/// [`restore_change_log`] from their own definitions.
async fn quiet_change_log(raw: &SqlitePool) -> Result<Vec<(String, String)>> {
    let triggers: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'change\\_%' ESCAPE '\\' \
         AND tbl_name <> 'change_log'",
    )
    .fetch_all(raw)
    .await?;
    for (name, _) in &triggers {
        sqlx::query(&format!("DROP TRIGGER {name}"))
            .execute(raw)
            .await?;
    }
    Ok(triggers)
}

async fn restore_change_log(raw: &SqlitePool, triggers: &[(String, String)]) -> Result<()> {
    for (_, sql) in triggers {
        sqlx::query(sql).execute(raw).await?;
    }
    Ok(())
}

fn values(rows: usize, columns: usize) -> String {
    let mut sql = String::with_capacity(rows * columns * 6);
    // Anonymous `?`: SQLite looks named parameters (`$1`) up one by one while preparing,
    // which costs seconds on statements with thousands of them.
    for r in 0..rows {
        sql.push_str(if r == 0 { "(?" } else { ", (?" });
        sql.push_str(&", ?".repeat(columns - 1));
        sql.push(')');
    }
    sql
}

async fn insert_tickets(
    conn: &mut SqliteConnection,
    first_id: i64,
    batch: &[GenTicket],
) -> Result<()> {
    let sql = format!(
        "INSERT INTO tickets (id, client_id, direction, subject, description, impact, urgency, \
         priority, status, line, channel, assignee_id, created_by, created_at, updated_at, \
         resolved_at, closed_at, closed_by, resolution_note) VALUES {}",
        values(batch.len(), 19)
    );
    let mut q = sqlx::query::<Sqlite>(&sql);
    for (id, t) in (first_id..).zip(batch) {
        q = q
            .bind(id)
            .bind(t.client_id)
            .bind(t.direction)
            .bind(t.subject.as_str())
            .bind(t.description.as_str())
            .bind(t.impact.as_str())
            .bind(t.urgency.as_str())
            .bind(Priority::from_matrix(t.impact, t.urgency).rank())
            .bind(t.status.as_str())
            .bind(t.line)
            .bind(t.channel.as_str())
            .bind(t.assignee)
            .bind(t.created_by)
            .bind(t.created_at)
            .bind(t.updated_at)
            .bind(t.resolved_at)
            .bind(t.closed_at)
            .bind(t.closed_by)
            .bind(t.note);
    }
    q.execute(&mut *conn).await?;
    Ok(())
}

async fn insert_created_audit(
    conn: &mut SqliteConnection,
    first_id: i64,
    batch: &[GenTicket],
) -> Result<()> {
    let sql = format!(
        "INSERT INTO audit (ticket_id, actor_id, at, field, new_value) VALUES {}",
        values(batch.len(), 5)
    );
    let mut q = sqlx::query::<Sqlite>(&sql);
    for (id, t) in (first_id..).zip(batch) {
        q = q
            .bind(id)
            .bind(t.created_by)
            .bind(t.created_at)
            .bind("created")
            .bind(sb_domain::TicketNumber(id).to_string());
    }
    q.execute(&mut *conn).await?;
    Ok(())
}

async fn insert_comments(
    conn: &mut SqliteConnection,
    first_id: i64,
    batch: &[GenTicket],
    rng: &mut Rng,
    people: &People,
) -> Result<usize> {
    let rows = batch.len() * COMMENTS_PER_TICKET;
    let sql = format!(
        "INSERT INTO comments (ticket_id, author_id, body, visibility, channel, created_at) VALUES {}",
        values(rows, 6)
    );
    let mut q = sqlx::query::<Sqlite>(&sql);
    for (id, t) in (first_id..).zip(batch) {
        for c in gen_comments(rng, people, t) {
            q = q
                .bind(id)
                .bind(c.author)
                .bind(c.body)
                .bind(c.visibility)
                .bind(c.channel)
                .bind(c.at);
        }
    }
    q.execute(&mut *conn).await?;
    Ok(rows)
}

// --- the operations ----------------------------------------------------------------------------

/// The card's SQL, verbatim from crates/sb-store/src/tickets.rs: the raw side must run exactly
/// what the app runs. Keep in step when those change. (The queue's comes from `queue_sql`.)
const TICKET_SELECT: &str =
    "SELECT t.id, t.client_id, c.code AS client_code, c.name AS client_name, \
    t.direction, t.subject, t.description, t.impact, t.urgency, t.priority, t.status, t.line, \
    t.channel, t.assignee_id, a.name AS assignee_name, t.created_by, b.name AS created_by_name, \
    t.created_at, t.updated_at, t.resolved_at, t.closed_at, x.name AS closed_by_name, \
    t.resolution_note FROM tickets t JOIN clients c ON c.id = t.client_id \
    LEFT JOIN users a ON a.id = t.assignee_id JOIN users b ON b.id = t.created_by \
    LEFT JOIN users x ON x.id = t.closed_by WHERE t.id = $1";
const COMMENTS_SELECT: &str =
    "SELECT m.id, m.ticket_id, m.author_id, u.name AS author_name, m.body, \
    m.visibility, m.channel, m.created_at FROM comments m JOIN users u ON u.id = m.author_id \
    WHERE m.ticket_id = $1 ORDER BY m.id";
const AUDIT_SELECT: &str = "SELECT e.id, e.actor_id, u.name AS actor_name, e.at, e.field, e.old_value, \
    e.new_value, e.new_value_msg FROM audit e JOIN users u ON u.id = e.actor_id WHERE e.ticket_id = $1 ORDER BY e.id";
const TICKET_INSERT: &str =
    "INSERT INTO tickets (client_id, direction, subject, description, impact, \
    urgency, priority, status, line, channel, created_by, created_at, updated_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id";
const AUDIT_INSERT: &str =
    "INSERT INTO audit (ticket_id, actor_id, at, field, old_value, new_value) \
    VALUES ($1, $2, $3, $4, $5, $6)";

enum Op {
    FirstPage,
    ActiveFirst,
    DeepPage(QueueCursor),
    ClientActive(i64),
    PriorityFirst,
    PriorityDeep(QueueCursor),
    Card(Vec<i64>),
    Create {
        client_id: i64,
    },
    /// Full-text search, first page, newest first.
    Search(&'static str),
    /// The queue by SLA due time (once a policy has counted the clocks).
    DueFirst,
    DueDeep(QueueCursor),
}

impl Op {
    fn name(&self) -> String {
        match self {
            Op::FirstPage => "queue: first page".into(),
            Op::ActiveFirst => "queue: active tickets, first page (the window's default)".into(),
            Op::DeepPage(_) => "queue: keyset page half-way down".into(),
            Op::ClientActive(_) => "queue: one client, active statuses".into(),
            Op::PriorityFirst => "queue: first page by priority".into(),
            Op::PriorityDeep(_) => "queue: keyset page by priority, half-way".into(),
            Op::Card(_) => "open a card (ticket+comments+audit)".into(),
            Op::Create { .. } => "create a ticket".into(),
            Op::Search(words) => format!("search: \"{words}\""),
            Op::DueFirst => "queue: first page by SLA due time".into(),
            Op::DueDeep(_) => "queue: keyset page by SLA due time, half-way".into(),
        }
    }
}

async fn operations(raw: &Raw, people: &People, n: usize) -> Result<Vec<Op>> {
    let half = (n / 2) as i64;
    let (priority, updated_at, id): (i64, i64, i64) = on_raw!(raw, |p| {
        sqlx::query_as(
        "SELECT priority, updated_at, id FROM tickets ORDER BY updated_at DESC, id DESC LIMIT 1 OFFSET $1",
    )
    .bind(half)
    .fetch_one(p)
    .await?
    });
    let deep = QueueCursor {
        priority,
        updated_at,
        id,
        due: None,
    };
    let (priority, updated_at, id): (i64, i64, i64) = on_raw!(raw, |p| sqlx::query_as(
        "SELECT priority, updated_at, id FROM tickets \
         ORDER BY priority ASC, updated_at DESC, id DESC LIMIT 1 OFFSET $1",
    )
    .bind(half)
    .fetch_one(p)
    .await?);
    let priority_deep = QueueCursor {
        priority,
        updated_at,
        id,
        due: None,
    };
    // The busiest client: the filter people use most on the biggest account.
    let busiest: i64 = on_raw!(raw, |p| sqlx::query_scalar(
        "SELECT client_id FROM tickets GROUP BY client_id ORDER BY COUNT(*) DESC LIMIT 1",
    )
    .fetch_one(p)
    .await?);
    let mut rng = Rng(0xca4d);
    let cards = (0..ITERATIONS + WARM_UP)
        .map(|_| 1 + rng.below(n) as i64)
        .collect();
    Ok(vec![
        Op::FirstPage,
        Op::ActiveFirst,
        Op::DeepPage(deep),
        Op::ClientActive(busiest),
        Op::PriorityFirst,
        Op::PriorityDeep(priority_deep),
        Op::Card(cards),
        Op::Create {
            client_id: people.clients[0],
        },
        // A rare word (about 50 tickets), a common one (1 in 18 subjects), a very common one
        // (most tickets and a fifth of the comments), and two words together.
        Op::Search("квазар"),
        Op::Search("printer"),
        Op::Search("the"),
        Op::Search("касса чек"),
    ])
}

fn app_query(op: &Op) -> QueueQuery {
    match op {
        Op::FirstPage => QueueQuery::default(),
        Op::ActiveFirst => QueueQuery {
            statuses: ACTIVE.to_vec(),
            ..Default::default()
        },
        Op::DeepPage(c) => QueueQuery {
            cursor: Some(c.encode()),
            ..Default::default()
        },
        Op::ClientActive(client) => QueueQuery {
            client_id: Some(*client),
            statuses: ACTIVE.to_vec(),
            ..Default::default()
        },
        Op::PriorityFirst => QueueQuery {
            sort: QueueSortDto::Priority,
            ..Default::default()
        },
        Op::PriorityDeep(c) => QueueQuery {
            sort: QueueSortDto::Priority,
            cursor: Some(c.encode()),
            ..Default::default()
        },
        Op::DueFirst => QueueQuery {
            sort: QueueSortDto::Due,
            ..Default::default()
        },
        Op::DueDeep(c) => QueueQuery {
            sort: QueueSortDto::Due,
            cursor: Some(c.encode()),
            ..Default::default()
        },
        Op::Card(_) | Op::Create { .. } | Op::Search(_) => unreachable!("not a queue operation"),
    }
}

type QueueTuple = (
    i64,
    i64,
    String,
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
    i64,
);

/// The store's filter and cursor for `op`: what `App::queue` hands the store.
fn store_query(op: &Op) -> (QueueFilter, Option<QueueCursor>) {
    let by_priority = QueueFilter {
        sort: QueueSort::Priority,
        ..Default::default()
    };
    match op {
        Op::FirstPage => (QueueFilter::default(), None),
        Op::ActiveFirst => (
            QueueFilter {
                statuses: ACTIVE.to_vec(),
                ..Default::default()
            },
            None,
        ),
        Op::DeepPage(c) => (QueueFilter::default(), Some(*c)),
        Op::ClientActive(client) => (
            QueueFilter {
                client_id: Some(*client),
                statuses: ACTIVE.to_vec(),
                ..Default::default()
            },
            None,
        ),
        Op::PriorityFirst => (by_priority, None),
        Op::PriorityDeep(c) => (by_priority, Some(*c)),
        Op::DueFirst => (
            QueueFilter {
                sort: QueueSort::Due,
                ..Default::default()
            },
            None,
        ),
        Op::DueDeep(c) => (
            QueueFilter {
                sort: QueueSort::Due,
                ..Default::default()
            },
            Some(*c),
        ),
        Op::Card(_) | Op::Create { .. } | Op::Search(_) => unreachable!("not a queue operation"),
    }
}

/// The store's own queue SQL for `op` (from `sb_store::queue_sql`, so it cannot drift), run
/// raw on a plain SQLite pool.
async fn raw_queue(raw: &Raw, op: &Op) -> Result<Vec<QueueTuple>> {
    let (filter, after) = store_query(op);
    let mut rows: Vec<QueueTuple> = Vec::new();
    for (sql, binds) in queue_sql(&filter, after, PAGE_LIMIT) {
        if rows.len() as i64 >= PAGE_LIMIT {
            break;
        }
        rows.extend(on_raw!(raw, |p| {
            let q = sqlx::query_as(&sql);
            bind_all!(q, binds).fetch_all(p).await?
        }));
    }
    rows.truncate(PAGE_LIMIT as usize);
    Ok(rows)
}

/// The store's own search SQL (both kinds, newest first), run raw with the same values (on
/// PostgreSQL in the store's windows of ids, until a page is full).
async fn raw_search(raw: &Raw, words: &str) -> Result<usize> {
    let terms = sb_domain::search_terms(words);
    let query = fts_query(raw.backend(), &terms);
    let mut found = 0;
    for kind in [HitKind::Ticket, HitKind::Comment] {
        let sql = search_sql(raw.backend(), kind);
        // Every column decoded, as the store does.
        let rows: Vec<SearchTuple> = match raw {
            Raw::Sqlite(p) => {
                sqlx::query_as(sql)
                    .bind(query.as_str())
                    .bind(i64::MAX)
                    .bind(PAGE_LIMIT)
                    .fetch_all(p)
                    .await?
            }
            Raw::Postgres(p) => {
                let top: i64 = sqlx::query_scalar(search_top_sql(kind))
                    .bind(i64::MAX)
                    .fetch_one(p)
                    .await?;
                let mut rows = Vec::new();
                for w in search_windows(top) {
                    let sql = if w.wide { search_wide_sql(kind) } else { sql };
                    rows.extend(
                        sqlx::query_as::<_, SearchTuple>(sql)
                            .bind(query.as_str())
                            .bind(w.below)
                            .bind(PAGE_LIMIT - rows.len() as i64)
                            .bind(headline_options())
                            .bind(w.from)
                            .fetch_all(p)
                            .await?,
                    );
                    if rows.len() as i64 >= PAGE_LIMIT {
                        break;
                    }
                }
                rows
            }
        };
        found += rows.len();
    }
    Ok(found)
}

type SearchTuple = (i64, i64, i64, String, String, String, String);

/// Decodes every column of the ticket row, as the store does.
macro_rules! decode_ticket {
    ($r:expr) => {{
        let r = $r;
        let id: i64 = r.try_get(0)?;
        let _: (i64, String, String, String, String, String) = (
            r.try_get(1)?,
            r.try_get(2)?,
            r.try_get(3)?,
            r.try_get(4)?,
            r.try_get(5)?,
            r.try_get(6)?,
        );
        let _: (String, String, i64, String, String, String) = (
            r.try_get(7)?,
            r.try_get(8)?,
            r.try_get(9)?,
            r.try_get(10)?,
            r.try_get(11)?,
            r.try_get(12)?,
        );
        let _: (Option<i64>, Option<String>, i64, String, i64, i64) = (
            r.try_get(13)?,
            r.try_get(14)?,
            r.try_get(15)?,
            r.try_get(16)?,
            r.try_get(17)?,
            r.try_get(18)?,
        );
        let _: (Option<i64>, Option<i64>, Option<String>, Option<String>) = (
            r.try_get(19)?,
            r.try_get(20)?,
            r.try_get(21)?,
            r.try_get(22)?,
        );
        Ok::<i64, BoxError>(id)
    }};
}

type CommentTuple = (i64, i64, i64, String, String, String, String, i64);
type AuditTuple = (
    i64,
    i64,
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
);

async fn raw_card(raw: &Raw, id: i64) -> Result<(usize, usize)> {
    on_raw!(raw, |p| {
        let (ticket, comments, audit) = tokio::try_join!(
            sqlx::query(TICKET_SELECT).bind(id).fetch_optional(p),
            sqlx::query_as::<_, CommentTuple>(COMMENTS_SELECT)
                .bind(id)
                .fetch_all(p),
            sqlx::query_as::<_, AuditTuple>(AUDIT_SELECT)
                .bind(id)
                .fetch_all(p),
        )?;
        decode_ticket!(&ticket.ok_or("no such ticket")?)?;
        Ok((comments.len(), audit.len()))
    })
}

async fn raw_create(raw: &Raw, client_id: i64, actor: i64, i: usize) -> Result<i64> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis() as i64;
    on_raw!(raw, |p| {
        let mut tx = p.begin().await?;
        let id: i64 = sqlx::query_scalar(TICKET_INSERT)
            .bind(client_id)
            .bind("network")
            .bind(format!("Raw ticket {i}: VPN drops"))
            .bind("Measured beside the app.")
            .bind("high")
            .bind("medium")
            .bind(Priority::P2.rank())
            .bind("new")
            .bind("l1")
            .bind("phone")
            .bind(actor)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(AUDIT_INSERT)
            .bind(id)
            .bind(actor)
            .bind(now)
            .bind("created")
            .bind(None::<&str>)
            .bind(sb_domain::TicketNumber(id).to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(id)
    })
}

fn ticket_input(client_id: i64, i: usize) -> TicketInput {
    TicketInput {
        client_id,
        direction: "network".into(),
        subject: format!("App ticket {i}: VPN drops"),
        description: "Measured beside raw SQL.".into(),
        impact: Level::High,
        urgency: Level::Medium,
        channel: Channel::Phone,
        contact_id: None,
    }
}

/// Before timing: the app and the raw SQL must see the same rows, or the comparison is void.
async fn check_same_rows(app: &App, raw: &Raw, op: &Op) -> Result<()> {
    match op {
        Op::Card(ids) => {
            let card = app.card(ids[0]).await?;
            let (comments, audit) = raw_card(raw, ids[0]).await?;
            if (card.comments.len(), card.audit.len()) != (comments, audit) {
                return Err(format!("card {}: app and raw SQL differ", ids[0]).into());
            }
        }
        Op::Create { .. } => {}
        Op::Search(words) => {
            let page = app
                .search(SearchQuery {
                    text: words.to_string(),
                    cursor: None,
                    limit: Some(PAGE_LIMIT),
                })
                .await?;
            let raw_found = raw_search(raw, words).await?;
            // The page is at most a limit's worth of the two kinds' hits the raw SQL finds.
            if page.hits.is_empty() != (raw_found == 0) || page.hits.len() > raw_found {
                return Err(format!("{}: app and raw SQL find different hits", op.name()).into());
            }
        }
        _ => {
            let page = app.queue(app_query(op)).await?;
            let raw_rows = raw_queue(raw, op).await?;
            let app_ids: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
            let raw_ids: Vec<i64> = raw_rows.iter().take(app_ids.len()).map(|r| r.0).collect();
            if app_ids != raw_ids || app_ids.is_empty() {
                return Err(format!("{}: app and raw SQL return different rows", op.name()).into());
            }
        }
    }
    Ok(())
}

/// Times `op` through the app and raw, alternating which goes first so that neither always
/// finds the other's pages warm.
async fn measure(app: &App, raw: &Raw, op: &Op) -> Result<(Vec<Duration>, Vec<Duration>)> {
    let me = app.setup_state().await?.profile.ok_or("no profile")?.id;
    let (mut app_times, mut raw_times) = (Vec::new(), Vec::new());
    let started = Instant::now();
    for i in 0..WARM_UP + ITERATIONS {
        // A pathologically slow operation gets fewer runs rather than an hour of them.
        if i >= WARM_UP + MIN_ITERATIONS && started.elapsed() > TIME_PER_OPERATION {
            break;
        }
        for side in [i % 2, 1 - i % 2] {
            let t = Instant::now();
            if side == 0 {
                match op {
                    Op::Card(ids) => drop(app.card(ids[i]).await?),
                    Op::Create { client_id } => {
                        drop(app.create_ticket(ticket_input(*client_id, i)).await?)
                    }
                    Op::Search(words) => drop(
                        app.search(SearchQuery {
                            text: words.to_string(),
                            cursor: None,
                            limit: Some(PAGE_LIMIT),
                        })
                        .await?,
                    ),
                    _ => drop(app.queue(app_query(op)).await?),
                }
            } else {
                match op {
                    Op::Card(ids) => drop(raw_card(raw, ids[i]).await?),
                    Op::Create { client_id } => drop(raw_create(raw, *client_id, me, i).await?),
                    Op::Search(words) => drop(raw_search(raw, words).await?),
                    _ => drop(raw_queue(raw, op).await?),
                }
            }
            let took = t.elapsed();
            if i >= WARM_UP {
                if side == 0 {
                    app_times.push(took)
                } else {
                    raw_times.push(took)
                }
            }
        }
    }
    Ok((app_times, raw_times))
}

/// Every operation of [`operations`], checked for the same rows and then timed through the
/// app and raw; each line printed as it is done.
async fn compare(app: &App, raw: &Raw, people: &People, n: usize) -> Result<Vec<Measured>> {
    compare_ops(app, raw, &operations(raw, people, n).await?).await
}

/// `ops` checked for the same rows, then timed through the app and raw.
async fn compare_ops(app: &App, raw: &Raw, ops: &[Op]) -> Result<Vec<Measured>> {
    let mut results = Vec::new();
    for op in ops {
        check_same_rows(app, raw, op).await?;
        let (app_times, raw_times) = measure(app, raw, op).await?;
        let r = Measured {
            name: op.name(),
            runs: app_times.len(),
            app: Stats::of(app_times),
            raw: Stats::of(raw_times),
        };
        println!("{}", r.line());
        results.push(r);
    }
    Ok(results)
}

// --- intake ------------------------------------------------------------------------------------

const INTAKE_ALERTS: usize = 10_000;
/// The monitoring worker's commit size (sb-app `WRITES_PER_COMMIT`), for the raw floor.
const ALERTS_PER_COMMIT: usize = 250;

struct Intake {
    what: &'static str,
    count: usize,
    app: Duration,
    raw: Duration,
}

impl Intake {
    fn app_rate(&self) -> f64 {
        self.count as f64 / self.app.as_secs_f64()
    }

    fn raw_rate(&self) -> f64 {
        self.count as f64 / self.raw.as_secs_f64()
    }

    fn line(&self) -> String {
        format!(
            "{}: {} through the app in {:.2} s = {:.0}/s (target >= 2,000/s); raw SQL {:.0}/s; ratio {:.2}x",
            self.what,
            group(self.count),
            self.app.as_secs_f64(),
            self.app_rate(),
            self.raw_rate(),
            self.raw_rate() / self.app_rate()
        )
    }
}

/// Ten thousand firing alerts in one poll, through the monitoring use case (mapping, the
/// rule, one ticket + audit line + alert row per alert, a commit per 250 alerts), beside the
/// same inserts run raw with the same commits.
async fn alert_intake(app: &App, raw: &SqlitePool, people: &People) -> Result<Intake> {
    let source = bench_alert_source(app, "Bench Alertmanager".into()).await?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis() as i64;
    let status = AlertmanagerStatus {
        version: "bench".into(),
        started_at: now - 3_600_000,
    };
    let severities = ["critical", "warning", "info"];
    let alerts: Vec<Alert> = (0..INTAKE_ALERTS)
        .map(|i| {
            let labels = BTreeMap::from([
                ("alertname".to_string(), "HostDown".to_string()),
                (
                    "customer".to_string(),
                    format!("CL{:03}", i % people.clients.len()),
                ),
                ("instance".to_string(), format!("host-{i}.example:9100")),
                ("severity".to_string(), severities[i % 3].to_string()),
            ]);
            let annotations = BTreeMap::from([(
                "summary".to_string(),
                format!("host-{i} has not answered for 5 minutes"),
            )]);
            Alert {
                fingerprint: format!("{:016x}", 0xbe00_0000_u64 + i as u64),
                labels,
                annotations,
                starts_at: now - 300_000,
                ends_at: now + 300_000,
                updated_at: now - 1_000,
                state: AlertState::Active,
                generator_url: None,
            }
        })
        .collect();
    let t = Instant::now();
    let report = app.ingest_alerts(source.id, &status, &alerts).await?;
    let app_took = t.elapsed();
    if report.opened != INTAKE_ALERTS as i64 {
        return Err(format!(
            "alert intake opened {} tickets, not {INTAKE_ALERTS}",
            report.opened
        )
        .into());
    }

    // The same rows, raw: a ticket, its audit line and the alert row, a commit per 250.
    let t = Instant::now();
    for (c, chunk) in alerts.chunks(ALERTS_PER_COMMIT).enumerate() {
        let mut tx = raw.begin().await?;
        for (j, a) in chunk.iter().enumerate() {
            let i = c * ALERTS_PER_COMMIT + j;
            let summary = &a.annotations["summary"];
            let id = raw_ticket(
                &mut tx,
                &RawTicket {
                    client: people.clients[i % people.clients.len()],
                    direction: "network",
                    subject: summary,
                    description: summary,
                    priority: ("high", 1),
                    channel: "monitoring",
                    by: people.users[0],
                },
                now,
            )
            .await?;
            sqlx::query(
                "INSERT INTO alerts (source_id, fingerprint, ticket_id, state, repeat_count, \
               alert_updated_at, alert_ends_at, filter_seen, first_seen, last_seen) \
             VALUES ($1, $2, $3, 'firing', 1, $4, $5, '[]', $6, $6)",
            )
            .bind(source.id)
            .bind(format!("raw-{}", a.fingerprint))
            .bind(id)
            .bind(a.updated_at)
            .bind(a.ends_at)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
    }
    Ok(Intake {
        what: "alerts, one poll",
        count: INTAKE_ALERTS,
        app: app_took,
        raw: t.elapsed(),
    })
}

/// A disabled source whose alerts go to the network direction by default.
async fn bench_alert_source(app: &App, name: String) -> Result<sb_app::AlertSourceDto> {
    Ok(app
        .create_alert_source(AlertSourceInput {
            name,
            base_url: "http://127.0.0.1:9".into(),
            filter: Vec::new(),
            mapping: AlertMappingDto {
                default_direction: Some("network".into()),
                ..Default::default()
            },
            poll_seconds: 60,
            enabled: false,
        })
        .await?)
}

/// Alerts taken in by `sb monitoring import` processes at once: [`PROCESS_ALERTS`] firing
/// alerts by one process, then as many more split between three sources, one process each.
const PROCESS_ALERTS: usize = 6_000;

async fn alerts_by_processes(
    app: &App,
    people: &People,
    dir: &Path,
    db: &Path,
) -> Result<Vec<processes::ByProcesses>> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis() as i64;
    let mut figures = Vec::new();
    let mut next = 0usize;
    for count in [1usize, 3] {
        let mut each = Vec::new();
        for p in 0..count {
            let source = bench_alert_source(app, format!("Bench Alertmanager {count}-{p}")).await?;
            let list: Vec<serde_json::Value> = (0..PROCESS_ALERTS / count)
                .map(|_| {
                    let i = next;
                    next += 1;
                    let severity = ["critical", "warning", "info"][i % 3];
                    serde_json::json!({
                        "fingerprint": format!("{:016x}", 0xbf00_0000_u64 + i as u64),
                        "labels": {
                            "alertname": "DiskFull",
                            "customer": format!("CL{:03}", i % people.clients.len()),
                            "instance": format!("db-{i}.example:9100"),
                            "severity": severity,
                        },
                        "annotations": {"summary": format!("db-{i} has 3% disk left")},
                        "startsAt": format_time(now - 300_000),
                        "endsAt": format_time(now + 300_000),
                        "updatedAt": format_time(now - 1_000),
                        "status": {"state": "active", "silencedBy": [], "inhibitedBy": []},
                        "receivers": [{"name": "switchboard"}],
                        "generatorURL": "",
                    })
                })
                .collect();
            let file = dir.join(format!("alerts-{count}-{p}.json"));
            std::fs::write(&file, serde_json::to_vec(&list)?)?;
            each.push(vec![
                "monitoring".into(),
                "import".into(),
                "--source".into(),
                source.id.to_string().into(),
                file.into_os_string(),
            ]);
        }
        let home = dir.join(format!("sb-home-alerts-{count}"));
        figures.push(processes::ByProcesses {
            processes: count,
            count: PROCESS_ALERTS,
            took: processes::run_at_once(db, &home, &each)?,
        });
    }
    Ok(figures)
}

/// A new ticket as intake writes it, for the raw floors.
struct RawTicket<'a> {
    client: i64,
    direction: &'a str,
    subject: &'a str,
    description: &'a str,
    /// Impact and urgency (both this level), and the priority rank they give.
    priority: (&'a str, i64),
    channel: &'a str,
    by: i64,
}

/// A ticket and its "created" audit line, raw.
async fn raw_ticket(tx: &mut SqliteConnection, t: &RawTicket<'_>, now: i64) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO tickets (client_id, direction, subject, description, impact, urgency, \
           priority, status, line, channel, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5, $6, 'new', 'l1', $7, $8, $9, $9) RETURNING id",
    )
    .bind(t.client)
    .bind(t.direction)
    .bind(t.subject)
    .bind(t.description)
    .bind(t.priority.0)
    .bind(t.priority.1)
    .bind(t.channel)
    .bind(t.by)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO audit (ticket_id, actor_id, at, field, old_value, new_value) \
         VALUES ($1, $2, $3, 'created', NULL, 'SB')",
    )
    .bind(id)
    .bind(t.by)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(id)
}

// --- the report --------------------------------------------------------------------------------

struct Stats {
    median: Duration,
    p95: Duration,
}

impl Stats {
    fn of(mut times: Vec<Duration>) -> Stats {
        times.sort();
        let at = |q: usize| times[(times.len() * q / 100).min(times.len() - 1)];
        Stats {
            median: at(50),
            p95: at(95),
        }
    }
}

struct Measured {
    name: String,
    runs: usize,
    app: Stats,
    raw: Stats,
}

impl Measured {
    fn ratio(&self) -> f64 {
        self.app.median.as_secs_f64() / self.raw.median.as_secs_f64().max(1e-9)
    }

    fn line(&self) -> String {
        format!(
            "{:<40} app {:>8} / {:>8}   raw {:>8} / {:>8}   x{:.2}",
            self.name,
            ms(self.app.median),
            ms(self.app.p95),
            ms(self.raw.median),
            ms(self.raw.p95),
            self.ratio()
        )
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1_000.0)
}

fn mark(ok: bool) -> &'static str {
    if ok {
        "✓"
    } else {
        "✗"
    }
}

fn report(n: usize, load: &Load, file_size: u64, sqlite: &str, results: &[Measured]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "## sb-bench: {} tickets on SQLite {sqlite}\n", group(n));
    let _ = writeln!(
        s,
        "Dataset: {} tickets, {} comments, {} audit lines, 200 clients, 8 people; database {:.0} MiB.  ",
        group(n),
        group(load.comments),
        group(n),
        file_size as f64 / (1 << 20) as f64
    );
    let _ = writeln!(
        s,
        "Insert (multi-row INSERTs, {TICKETS_PER_STATEMENT} tickets a statement, a transaction per {} tickets): \
         {:.1} s in all, {} tickets/s, {} comments/s; ANALYZE {:.1} s.  ",
        group(TICKETS_PER_TRANSACTION),
        load.total.as_secs_f64(),
        group((n as f64 / load.tickets_time.as_secs_f64()) as usize),
        group((load.comments as f64 / load.comments_time.as_secs_f64()) as usize),
        load.analyze.as_secs_f64()
    );
    let _ = writeln!(
        s,
        "Each operation: {WARM_UP} warm-up runs, then {ITERATIONS} timed (fewer, at least \
         {MIN_ITERATIONS}, for one that takes over {} s), app and raw SQL alternating; raw = the \
         store's own SQL on a plain sqlx SqlitePool with the same pragmas.\n",
        TIME_PER_OPERATION.as_secs()
    );
    table(&mut s, results);
    let _ = writeln!(s, "\nTargets (from the issue; printed, not enforced):\n");
    for r in results.iter().filter(|r| r.name.starts_with("queue")) {
        let _ = writeln!(
            s,
            "- {} {}: median {} <= 2 ms; {} {:.2}x raw <= 2x",
            mark(r.app.median <= Duration::from_millis(2)),
            r.name,
            ms(r.app.median),
            mark(r.ratio() <= 2.0),
            r.ratio()
        );
    }
    for r in results.iter().filter(|r| r.name.starts_with("search")) {
        let _ = writeln!(
            s,
            "- {} {}: median {} <= 15 ms",
            mark(r.app.median <= Duration::from_millis(15)),
            r.name,
            ms(r.app.median)
        );
    }
    for (prefix, limit) in [
        ("ledger: portfolio", 100),
        ("ledger: one client", 20),
        ("ledger: log one entry", 2),
    ] {
        for r in results.iter().filter(|r| r.name.starts_with(prefix)) {
            let _ = writeln!(
                s,
                "- {} {}: median {} <= {limit} ms ({:.2}x raw)",
                mark(r.app.median <= Duration::from_millis(limit)),
                r.name,
                ms(r.app.median),
                r.ratio()
            );
        }
    }
    for r in results.iter().filter(|r| r.name.starts_with("open a card")) {
        let _ = writeln!(
            s,
            "- {} {}: median {} <= 1 ms",
            mark(r.app.median <= Duration::from_millis(1)),
            r.name,
            ms(r.app.median)
        );
    }
    s
}

/// The app-against-raw table of `results`.
fn table(s: &mut String, results: &[Measured]) {
    let _ = writeln!(
        s,
        "| operation | app median | app p95 | raw median | raw p95 | ratio |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|");
    for r in results {
        let _ = writeln!(
            s,
            "| {}{} | {} | {} | {} | {} | {:.2}x |",
            r.name,
            if r.runs < ITERATIONS {
                format!(" ({} runs)", r.runs)
            } else {
                String::new()
            },
            ms(r.app.median),
            ms(r.app.p95),
            ms(r.raw.median),
            ms(r.raw.p95),
            r.ratio()
        );
    }
}

fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
    }
}
