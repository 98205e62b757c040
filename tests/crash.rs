//! The crash harness (issue 17, item 1): hard stops under load, on a SQLite file and on
//! PostgreSQL.
//!
//! The real processes run on one workspace: two `sb worker` processes, the window's background
//! work (this test binary started again as a child that opens an `App` and runs
//! `run_background_work`, as the window does) and `sb` commands one after another (tickets,
//! public replies, escalations to Request Tracker and to a SaaS fake, comments to the vendors,
//! time logged). Mail arrives at the real IMAP server all the while; replies and
//! acknowledgements leave through the real SMTP server. At random moments one of them is killed
//! with SIGKILL (most often the holder of a unit of background work, or the command in
//! flight), and a killed background process starts again.
//!
//! When the kills are done, the load stops and the work left is let finish. Then:
//! - the database is whole: `PRAGMA integrity_check` and `foreign_key_check` on SQLite,
//!   amcheck's `bt_index_check` of every index on PostgreSQL; the figures kept by the same
//!   transaction as what they count (minutes per person and day, each package budget's use)
//!   agree with the rows they count;
//! - every acknowledged write is there once: each mail the IMAP server took is one ticket, each
//!   command that answered is its ticket, comment, escalation or time entry; a command killed
//!   before it answered left its write once or not at all;
//! - nothing is lost or doubled at the peers: each public reply reached the SMTP server once,
//!   each escalation is one case at its vendor, each comment for a vendor is on its case once.
//!
//! `SB_CRASH_KILLS` kills per backend (10 in `make test`; `make crash RUNS=100`),
//! `SB_CRASH_SEED` replays a run's choices. Each run prints its figures and writes them to
//! `target/crash/<backend>.md`, which `make crash` puts into RELIABILITY.md.

use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use sb_app::{App, Paths};
use sb_store::MailState;
use sb_vendor_fakes::{zendesk, Options};
use serde_json::Value;
use sqlx::AnyPool;

use crate::email::channel::{append, client, header, mailbox_input, new_folder, open_app_on};
use crate::util::peers;
use crate::util::rt::RequestTracker;
use crate::vendors::{rt_cases, rt_texts, rt_vendor, vendor_input};
use crate::work::sb_binary;

/// How long a hold lasts without a heartbeat here (the product's default is 60 s), so a killed
/// holder's work is taken over within seconds.
const LEASE_SECONDS: u64 = 3;
const RT_VENDOR: &str = "RT Partner";
const SAAS_VENDOR: &str = "Zendesk Partner";
/// How long the work left after the last kill may take to finish.
const SETTLE_SECONDS: u64 = 240;

fn kills_wanted() -> usize {
    std::env::var("SB_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10)
}

/// xorshift64*: the run's choices, replayable from its seed.
struct Dice(u64);

impl Dice {
    fn seeded() -> (Dice, u64) {
        let seed = std::env::var("SB_CRASH_SEED")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            })
            | 1;
        (Dice(seed), seed)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn millis(&mut self, from: u64, to: u64) -> Duration {
        Duration::from_millis(from + self.next() % (to - from + 1))
    }

    /// Another die for another thread, following from this one.
    fn split(&mut self) -> Dice {
        Dice(self.next() | 1)
    }
}

/// What a background process is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Worker,
    Window,
}

/// A background process that is killed and started again.
struct Background {
    name: String,
    kind: Kind,
    home: PathBuf,
    child: Child,
    starts: u32,
}

impl Background {
    fn start(kind: Kind, name: &str, db: &str, home: &Path) -> Background {
        std::fs::create_dir_all(home).unwrap();
        let child = Background::spawn(kind, db, home);
        Background {
            name: name.into(),
            kind,
            home: home.to_path_buf(),
            child,
            starts: 1,
        }
    }

    fn spawn(kind: Kind, db: &str, home: &Path) -> Child {
        let mut cmd = match kind {
            Kind::Worker => {
                let mut c = Command::new(sb_binary());
                c.args(["--db", db, "worker"]);
                c
            }
            Kind::Window => {
                let mut c = Command::new(std::env::current_exe().unwrap());
                c.args([
                    "crash::window_background_work",
                    "--exact",
                    "--ignored",
                    "--nocapture",
                ])
                .env("SB_CRASH_DB", db);
                c
            }
        };
        let stderr = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(home.join("stderr.txt"))
            .unwrap();
        cmd.env("SWITCHBOARD_HOME", home)
            .env("SB_LEASE_SECONDS", LEASE_SECONDS.to_string())
            .env("SB_VENDOR_SYNC_SECONDS", "2")
            .env("SB_LOG", "info,sqlx=warn")
            .env_remove("SB_DB")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .expect("start a background process")
    }

    fn restart(&mut self, db: &str) {
        self.child = Background::spawn(self.kind, db, &self.home);
        self.starts += 1;
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL, and the dead process reaped.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Exited without being killed: how, with the end of what it wrote.
    fn died(&mut self) -> Option<String> {
        let status = self.child.try_wait().unwrap()?;
        let stderr = std::fs::read_to_string(self.home.join("stderr.txt")).unwrap_or_default();
        let tail: Vec<&str> = stderr.lines().rev().take(20).collect();
        Some(format!(
            "{} exited by itself with {status}:\n{}",
            self.name,
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        ))
    }

    /// What it wrote to stderr and its log, over all its starts.
    fn log(&self) -> String {
        let mut log = std::fs::read_to_string(self.home.join("stderr.txt")).unwrap_or_default();
        if let Ok(dir) = std::fs::read_dir(self.home.join("logs")) {
            for f in dir.flatten() {
                log.push_str(&std::fs::read_to_string(f.path()).unwrap_or_default());
            }
        }
        log
    }

    /// SIGTERM and the clean stop it asks for.
    fn stop(&mut self) -> Result<(), String> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(40);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return match self.kind {
                    // The window's stand-in is a test process that never returns by itself.
                    Kind::Window => Ok(()),
                    Kind::Worker if status.success() => Ok(()),
                    Kind::Worker => Err(format!("{} stopped with {status}", self.name)),
                };
            }
            if Instant::now() > deadline {
                self.kill();
                return Err(format!("{} did not stop on SIGTERM", self.name));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The window's background work in a process of its own, started by the harness (this test
/// binary run again with `SB_CRASH_DB`); run by hand, without it, it does nothing.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "a child process of the crash harness"]
async fn window_background_work() {
    let (Ok(db), Ok(home)) = (
        std::env::var("SB_CRASH_DB"),
        std::env::var("SWITCHBOARD_HOME"),
    ) else {
        return;
    };
    let paths = Paths::in_folder(PathBuf::from(home));
    let _log = sb_app::start_log(&paths, "window");
    let app = App::open(paths, Some(&db)).await.expect("open the app");
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let work = tokio::spawn(Arc::new(app).run_background_work(stopped));
    // SIGTERM asks for the clean stop, as closing the window does.
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("listen for SIGTERM");
    term.recv().await;
    stop.send(true).unwrap();
    work.await.unwrap();
}

/// How a command ended.
#[derive(Debug, Clone)]
enum Outcome {
    /// It answered: the write is acknowledged.
    Acked(Value),
    /// It refused, with its message.
    Refused(String),
    /// Killed before it answered.
    Killed,
}

/// What a command was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Write {
    Mail,
    Ticket,
    Reply,
    Escalation,
    VendorComment,
    Time,
}

impl Write {
    fn label(self) -> &'static str {
        match self {
            Write::Mail => "mail taken by the IMAP server",
            Write::Ticket => "tickets created",
            Write::Reply => "public replies to mail",
            Write::Escalation => "escalations",
            Write::VendorComment => "comments for a vendor",
            Write::Time => "time entries",
        }
    }
}

/// One write tried, with the marker that finds it.
#[derive(Debug, Clone)]
struct Op {
    write: Write,
    marker: String,
    /// The ticket it is on (its id), once known.
    ticket: Option<i64>,
    vendor: Option<&'static str>,
    outcome: Outcome,
}

/// The `sb` commands of one desk, one at a time; the one in flight can be killed.
struct Desk {
    db: String,
    home: PathBuf,
    running: Arc<Mutex<Option<Child>>>,
}

impl Desk {
    fn run(&self, args: &[&str]) -> Outcome {
        let child = Command::new(sb_binary())
            .args(["--db", &self.db, "--json"])
            .args(args)
            .env("SWITCHBOARD_HOME", &self.home)
            .env_remove("SB_DB")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run sb");
        *self.running.lock().unwrap() = Some(child);
        loop {
            {
                let mut slot = self.running.lock().unwrap();
                let exited = slot.as_mut().unwrap().try_wait().unwrap().is_some();
                if exited {
                    let mut child = slot.take().unwrap();
                    drop(slot);
                    let status = child.wait().unwrap();
                    let (mut out, mut err) = (Vec::new(), String::new());
                    child.stdout.take().unwrap().read_to_end(&mut out).unwrap();
                    child
                        .stderr
                        .take()
                        .unwrap()
                        .read_to_string(&mut err)
                        .unwrap();
                    if status.signal() == Some(9) {
                        return Outcome::Killed;
                    }
                    if !status.success() {
                        return Outcome::Refused(format!("sb {}: {err}", args.join(" ")));
                    }
                    return match serde_json::from_slice(&out) {
                        Ok(v) => Outcome::Acked(v),
                        Err(e) => Outcome::Refused(format!("sb {}: {e}", args.join(" "))),
                    };
                }
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// SIGKILL to the command in flight, if there is one.
    fn kill_running(running: &Mutex<Option<Child>>) -> bool {
        match running.lock().unwrap().as_mut() {
            Some(child) => child.kill().is_ok(),
            None => false,
        }
    }
}

/// The tickets the desk's commands may work on, shared with the load.
#[derive(Default)]
struct Tickets {
    /// Tickets opened by mail (their ids): public replies go to their requester.
    mailed: Vec<i64>,
    /// Tickets the desk created and that answered (ids), not yet escalated.
    created: Vec<i64>,
    /// Escalated tickets (ids) with the vendor they went to.
    escalated: Vec<(i64, &'static str)>,
}

/// The desk's load until `stop`: one command after another, each kind by chance.
fn desk_load(
    desk: &Desk,
    run: &str,
    tickets: &Mutex<Tickets>,
    stop: &AtomicBool,
    mut dice: Dice,
) -> Vec<Op> {
    let mut ops = Vec::new();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        // Fixed width: no marker is the start of another.
        let marker = format!("{run}-d{n:05}");
        let roll = dice.below(100);
        let op = {
            let t = tickets.lock().unwrap();
            let pick = |list: &[i64], dice: &mut Dice| {
                (!list.is_empty()).then(|| list[dice.below(list.len())])
            };
            if roll < 25 || t.created.is_empty() {
                Some((Write::Ticket, None, None))
            } else if roll < 45 {
                pick(&t.mailed, &mut dice).map(|id| (Write::Reply, Some(id), None))
            } else if roll < 60 {
                let id = pick(&t.created, &mut dice);
                // Request Tracker is slow to answer: one case in three goes there.
                let vendor = if dice.below(3) == 0 {
                    RT_VENDOR
                } else {
                    SAAS_VENDOR
                };
                id.map(|id| (Write::Escalation, Some(id), Some(vendor)))
            } else if roll < 75 {
                (!t.escalated.is_empty()).then(|| {
                    let (id, vendor) = t.escalated[dice.below(t.escalated.len())];
                    (Write::VendorComment, Some(id), Some(vendor))
                })
            } else {
                pick(&t.created, &mut dice).map(|id| (Write::Time, Some(id), None))
            }
        };
        let Some((write, ticket, vendor)) = op else {
            continue;
        };
        let number = ticket.map(|t| t.to_string()).unwrap_or_default();
        let outcome = match write {
            Write::Ticket => desk.run(&[
                "ticket",
                "create",
                "--client",
                "CRASH",
                "--direction",
                "database",
                "--subject",
                &format!("Replication lag {marker}"),
                "--impact",
                "medium",
                "--urgency",
                "medium",
            ]),
            Write::Reply => desk.run(&[
                "ticket",
                "comment",
                &number,
                "--body",
                &format!("We are on it {marker}"),
            ]),
            Write::Escalation => {
                // Asked once, whatever the answer: a killed escalation may have been written.
                tickets
                    .lock()
                    .unwrap()
                    .created
                    .retain(|t| Some(*t) != ticket);
                desk.run(&["vendor", "escalate", &number, "--to", vendor.unwrap()])
            }
            Write::VendorComment => desk.run(&[
                "ticket",
                "comment",
                &number,
                "--body",
                &format!("Logs attached {marker}"),
            ]),
            Write::Time => desk.run(&[
                "time",
                "log",
                &number,
                "--hours",
                "15m",
                "--note",
                &format!("Checked the replica {marker}"),
            ]),
            Write::Mail => unreachable!("mail comes by IMAP"),
        };
        let mut ticket = ticket;
        if let Outcome::Acked(v) = &outcome {
            let mut t = tickets.lock().unwrap();
            match write {
                Write::Ticket => {
                    let id = v["id"].as_i64().expect("a ticket's id");
                    ticket = Some(id);
                    t.created.push(id);
                }
                Write::Escalation => t.escalated.push((ticket.unwrap(), vendor.unwrap())),
                _ => {}
            }
        }
        ops.push(Op {
            write,
            marker,
            ticket,
            vendor,
            outcome,
        });
    }
    ops
}

fn mail(marker: &str) -> Vec<u8> {
    format!(
        "From: Ann Lee <ann.lee@crash.example>\r\nTo: desk@provider.example\r\n\
         Subject: Printer jammed {marker}\r\nMessage-ID: <{marker}@crash.example>\r\n\
         Date: Fri, 04 Dec 2026 09:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         The printer is jammed again ({marker}).\r\n"
    )
    .into_bytes()
}

/// A count over the workspace's tables, the same SQL on both backends.
async fn count(db: &AnyPool, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(db)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Rows as text, the same SQL on both backends.
async fn texts(db: &AnyPool, sql: &str) -> Vec<String> {
    sqlx::query_scalar::<_, String>(sql)
        .fetch_all(db)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// What a run found, for its report and its assertions.
#[derive(Default)]
struct Findings {
    /// Acknowledged writes checked, by kind.
    checked: BTreeMap<Write, usize>,
    /// Effects looked for at the peers (SMTP messages, vendor cases and comments).
    at_peers: usize,
    lost: Vec<String>,
    doubled: Vec<String>,
    /// Mail sent again, with the same Message-ID, after the process sending it was killed
    /// between the SMTP server's taking it and the record of it (see [`Findings::once_sent`]).
    resent: Vec<String>,
    broken: Vec<String>,
}

/// A message the SMTP server took: when its file was written, and its text.
struct Sent {
    at: SystemTime,
    text: String,
}

/// The messages at the SMTP sink, in arrival order.
fn sent_messages() -> Vec<Sent> {
    let dir = peers::smtp().dir.join("mail");
    let mut sent: Vec<Sent> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .map(|p| Sent {
            at: std::fs::metadata(&p).and_then(|m| m.modified()).unwrap(),
            text: String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned(),
        })
        .collect();
    sent.sort_by_key(|s| s.at);
    sent
}

/// A kill of a background process, with the units it held.
struct Kill {
    at: SystemTime,
    held: Vec<String>,
}

impl Findings {
    /// Copies of one reply at the SMTP server. An SMTP server cannot be asked whether it has
    /// a message: when the process sending it is killed after the server took it and before
    /// the outbox recorded it, the next holder sends it again when the claim runs out, with
    /// the same Message-ID (receiving mail systems drop the copy). Two copies with one
    /// Message-ID, the first just before a kill of the mailbox's sender, are that; any other
    /// second copy is doubled.
    fn once_sent(&mut self, what: &str, copies: &[&Sent], kills: &[Kill]) {
        self.at_peers += 1;
        if copies.len() == 2 {
            let id = |m: &Sent| header(&m.text, "Message-ID").map(str::to_string);
            let first = copies[0].at;
            let killed_sending = kills.iter().any(|k| {
                k.held.iter().any(|u| u.starts_with("mail-out:"))
                    && k.at >= first - Duration::from_millis(200)
                    && k.at <= first + Duration::from_secs(2)
            });
            if id(copies[0]).is_some() && id(copies[0]) == id(copies[1]) && killed_sending {
                self.resent.push(what.to_string());
                return;
            }
        }
        self.once(what, copies.len(), true);
    }

    /// `found` copies at a peer of what should be there once.
    fn at_peer(&mut self, what: &str, found: usize) {
        self.at_peers += 1;
        self.once(what, found, true);
    }

    /// `found` copies of what should be there once (`acked`) or at most once.
    fn once(&mut self, what: &str, found: usize, acked: bool) {
        if found > 1 {
            self.doubled.push(format!("{what}: {found} copies"));
        } else if found == 0 && acked {
            self.lost.push(format!("{what}: missing"));
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn hard_stops_on_sqlite_lose_and_double_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::util::sqlite_path(&dir)
        .to_string_lossy()
        .into_owned();
    hard_stops(&db, dir.path(), "SQLite").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn hard_stops_on_postgres_lose_and_double_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::util::pg::pg_url_for_new_database();
    hard_stops(&db, dir.path(), "PostgreSQL").await;
}

async fn hard_stops(db: &str, dir: &Path, backend: &str) {
    let started = Instant::now();
    let wanted = kills_wanted();
    let (mut dice, seed) = Dice::seeded();
    let run = peers::unique("crash");
    println!("crash {backend}: {wanted} kills, SB_CRASH_SEED={seed}");

    // The workspace: a client with a contact and a package, a mailbox on the real IMAP and
    // SMTP servers, Request Tracker and a SaaS fake as vendors.
    let app = Arc::new(open_app_on(dir, db).await);
    let client = client(&app, "CRASH", "ann.lee@crash.example").await;
    // One shared pool for every kind of work, enough for every entry of a long run.
    let mut hours = crate::ledger::package(client, 0, 0);
    hours.shared_minutes = Some(600_000);
    hours.directions = vec![];
    app.create_package(hours).await.unwrap();
    let folder = new_folder("crash").await;
    let mut mailbox = mailbox_input(&folder, peers::smtp().port);
    mailbox.poll_seconds = 10;
    app.create_mailbox(mailbox).await.unwrap();
    let rt = RequestTracker::shared();
    app.create_vendor(rt_vendor(&rt.base_url, rt, RT_VENDOR))
        .await
        .unwrap();
    let fake = zendesk::Fake::start(Options::default()).await.unwrap();
    let mut saas = vendor_input(SAAS_VENDOR, "zendesk", &[], fake.secret());
    saas.settings = fake.settings();
    app.create_vendor(saas).await.unwrap();

    // The processes: two workers and the window's background work, each with a data folder of
    // its own; a desk for the commands, with its profile.
    let window_home = dir.join("window");
    // The window's desk has its profile from its first start.
    drop(open_app_on(&window_home, db).await);
    let window_home = window_home.join("home");
    let mut fleet = vec![
        Background::start(Kind::Worker, "sb worker 1", db, &dir.join("worker1")),
        Background::start(Kind::Worker, "sb worker 2", db, &dir.join("worker2")),
        Background::start(
            Kind::Window,
            "the window's background work",
            db,
            &window_home,
        ),
    ];
    let desk = Desk {
        db: db.into(),
        home: dir.join("desk"),
        running: Arc::new(Mutex::new(None)),
    };
    std::fs::create_dir_all(&desk.home).unwrap();
    let made = desk.run(&["profile", "create", "--name", "Desk"]);
    assert!(matches!(made, Outcome::Acked(_)), "{made:?}");

    // The load: the desk's commands in a thread of their own, mail from here.
    let tickets = Arc::new(Mutex::new(Tickets::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let running = desk.running.clone();
    let load = {
        let (tickets, stop, run, dice) = (tickets.clone(), stop.clone(), run.clone(), dice.split());
        std::thread::spawn(move || desk_load(&desk, &run, &tickets, &stop, dice))
    };
    let mut mails: Vec<Op> = Vec::new();
    let mut kills: BTreeMap<&str, usize> = BTreeMap::new();
    let mut died = Vec::new();
    let mut kill_log: Vec<String> = Vec::new();
    let mut kills_of_holders: Vec<Kill> = Vec::new();
    let mut next_kill = Instant::now() + dice.millis(1_000, 3_000);
    while kills.values().sum::<usize>() < wanted {
        // A mail every few hundred milliseconds.
        let marker = format!("{run}-m{:05}", mails.len() + 1);
        append(&folder, &[mail(&marker)]).await;
        mails.push(Op {
            write: Write::Mail,
            marker,
            ticket: None,
            vendor: None,
            outcome: Outcome::Acked(Value::Null),
        });
        tokio::time::sleep(dice.millis(150, 600)).await;
        let mailed: Vec<i64> = app
            .store()
            .mail_in_state(MailState::Ticket, None, 10_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.message_id.contains(&run))
            .filter_map(|m| m.ticket_id)
            .collect();
        tickets.lock().unwrap().mailed = mailed;
        for b in &mut fleet {
            if let Some(why) = b.died() {
                died.push(why);
                b.restart(db);
            }
        }
        if Instant::now() < next_kill {
            continue;
        }
        next_kill = Instant::now() + dice.millis(700, 3_000);
        // Most often the holder of a unit of work, or the command in flight.
        let roll = dice.below(10);
        if roll < 3 && Desk::kill_running(&running) {
            kill_log.push(format!(
                "{} ms: the sb command in flight",
                started.elapsed().as_millis()
            ));
            *kills.entry("sb commands").or_default() += 1;
            continue;
        }
        let now = crate::util::alertmanager::now_ms();
        let holders: Vec<u32> = app
            .store()
            .leases()
            .await
            .unwrap()
            .into_iter()
            .filter(|l| l.expires_at >= now)
            .filter_map(|l| l.holder?.split('/').nth(1)?.parse().ok())
            .collect();
        let holding: Vec<usize> = (0..fleet.len())
            .filter(|i| holders.contains(&fleet[*i].pid()))
            .collect();
        let victim = if roll < 8 && !holding.is_empty() {
            holding[dice.below(holding.len())]
        } else {
            dice.below(fleet.len())
        };
        let b = &mut fleet[victim];
        let pid = b.pid().to_string();
        let held: Vec<String> = app
            .store()
            .leases()
            .await
            .unwrap()
            .into_iter()
            .filter(|l| l.expires_at >= now)
            .filter(|l| l.holder.as_deref().and_then(|h| h.split('/').nth(1)) == Some(pid.as_str()))
            .map(|l| l.unit)
            .collect();
        b.kill();
        kills_of_holders.push(Kill {
            at: SystemTime::now(),
            held: held.clone(),
        });
        kill_log.push(format!(
            "{} ms: {} (pid {pid}) holding {held:?}",
            started.elapsed().as_millis(),
            b.name
        ));
        *kills
            .entry(match b.kind {
                Kind::Worker => "sb worker",
                Kind::Window => "the window's background work",
            })
            .or_default() += 1;
        tokio::time::sleep(dice.millis(0, 1_000)).await;
        b.restart(db);
    }

    // The load stops; the work left finishes.
    stop.store(true, Ordering::Relaxed);
    let ops = tokio::task::spawn_blocking(move || load.join().unwrap())
        .await
        .unwrap();
    let pool = {
        sqlx::any::install_default_drivers();
        let url = if db.starts_with("postgres") {
            db.to_string()
        } else {
            format!("sqlite:{db}")
        };
        AnyPool::connect(&url).await.unwrap()
    };
    let deadline = Instant::now() + Duration::from_secs(SETTLE_SECONDS);
    loop {
        for b in &mut fleet {
            if let Some(why) = b.died() {
                died.push(why);
                b.restart(db);
            }
        }
        let unread = mails.len() as i64
            - count(
                &pool,
                &format!("SELECT COUNT(*) FROM mail_messages WHERE message_id LIKE '%{run}-m%'"),
            )
            .await;
        let waiting = count(
            &pool,
            "SELECT (SELECT COUNT(*) FROM outbox WHERE state = 'pending') \
             + (SELECT COUNT(*) FROM vendor_outbox WHERE state = 'pending')",
        )
        .await;
        if unread == 0 && waiting == 0 {
            break;
        }
        if Instant::now() > deadline {
            keep_logs(&fleet, backend);
            panic!(
                "the work left did not finish in {SETTLE_SECONDS} s: {unread} mails unread, \
                 {waiting} messages waiting in the outboxes\n{}",
                explain(&pool, &fleet).await
            );
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    // A moment for anything doubled to show.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut stops = Vec::new();
    for b in &mut fleet {
        if let Err(e) = b.stop() {
            stops.push(e);
        }
    }

    let mut f = Findings::default();
    whole(&pool, db, &mut f).await;
    acknowledged(&pool, &mails, &ops, &mut f).await;
    at_peers(&pool, &run, rt, &fake, &kills_of_holders, &mut f).await;
    let refused: Vec<&String> = ops
        .iter()
        .filter_map(|o| match &o.outcome {
            Outcome::Refused(e) => Some(e),
            _ => None,
        })
        .collect();
    let writes: usize = f.checked.values().sum();
    let kill_total: usize = kills.values().sum();
    let took = started.elapsed().as_secs();
    let row = format!(
        "| {backend} | {kill_total} ({}) | {writes} ({}) | {} | {} | {} | {} | {} | {took} s |",
        kills
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", "),
        f.checked
            .iter()
            .map(|(w, n)| format!("{} {n}", w.label()))
            .collect::<Vec<_>>()
            .join(", "),
        f.at_peers,
        f.lost.len(),
        f.doubled.len(),
        f.resent.len(),
        if f.broken.is_empty() { "ok" } else { "BROKEN" },
    );
    if !f.resent.is_empty() {
        println!(
            "sent again after a kill between the SMTP server's taking and the record: {:#?}",
            f.resent
        );
    }
    println!("crash {backend} (seed {seed}): {row}");
    let target = crash_dir();
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(
        target.join(format!("{}.md", backend.to_lowercase())),
        format!("{row}\n"),
    )
    .unwrap();

    keep_logs(&fleet, backend);
    assert!(
        died.is_empty(),
        "processes died by themselves:\n{}",
        died.join("\n\n")
    );
    assert!(stops.is_empty(), "{stops:?}");
    assert!(refused.is_empty(), "commands refused: {refused:#?}");
    assert!(
        f.broken.is_empty(),
        "the database is not whole: {:#?}",
        f.broken
    );
    assert!(f.lost.is_empty(), "lost (seed {seed}): {:#?}", f.lost);
    assert!(
        f.doubled.is_empty(),
        "doubled (seed {seed}): {:#?}\nthe kills:\n{}",
        f.doubled,
        kill_log.join("\n")
    );
    assert!(kill_total >= wanted);
    // Not an empty run: writes of every kind were acknowledged and their effects looked for.
    assert_eq!(f.checked.len(), 6, "{:?}", f.checked.keys());
    assert!(f.at_peers > 0);
}

/// The processes' logs, kept in `target/crash/logs/<backend>/` for after the run.
fn keep_logs(fleet: &[Background], backend: &str) {
    let dir = crash_dir().join("logs").join(backend.to_lowercase());
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for b in fleet {
        let name = b.name.replace(['\'', ' '], "-");
        std::fs::write(dir.join(format!("{name}.log")), b.log()).unwrap();
    }
}

/// `target/crash`: the runs' figures and logs.
fn crash_dir() -> PathBuf {
    std::env::current_exe()
        .unwrap()
        .ancestors()
        .nth(3)
        .unwrap()
        .join("crash")
}

/// What waits and who holds what, with the end of each process's log: why the work left did
/// not finish.
async fn explain(pool: &AnyPool, fleet: &[Background]) -> String {
    let now = crate::util::alertmanager::now_ms();
    let mut out = String::new();
    for table in ["outbox", "vendor_outbox"] {
        let rows = texts(
            pool,
            &format!(
                "SELECT CAST(id AS TEXT) || ' ' || kind || ' attempts ' || CAST(attempts AS TEXT) \
                 || ' due in ' || CAST(next_attempt_at - {now} AS TEXT) || ' ms, claimed for ' \
                 || COALESCE(CAST(claimed_until - {now} AS TEXT), '-') || ' ms, error ' \
                 || COALESCE(last_error, '-') FROM {table} WHERE state = 'pending'"
            ),
        )
        .await;
        out.push_str(&format!("{table} waiting:\n  {}\n", rows.join("\n  ")));
    }
    let leases = texts(
        pool,
        &format!(
            "SELECT unit || ' ' || COALESCE(holder, '-') || ' fence ' || CAST(fence AS TEXT) \
             || ' expires in ' || CAST(expires_at - {now} AS TEXT) || ' ms' FROM work_leases"
        ),
    )
    .await;
    out.push_str(&format!("leases:\n  {}\n", leases.join("\n  ")));
    for b in fleet {
        let log = b.log();
        let interesting: Vec<&str> = log
            .lines()
            .filter(|l| !l.contains(" DEBUG ") && !l.contains(" TRACE "))
            .collect();
        let tail = &interesting[interesting.len().saturating_sub(30)..];
        out.push_str(&format!(
            "{} (pid {}, started {} times), last lines:\n  {}\n",
            b.name,
            b.pid(),
            b.starts,
            tail.join("\n  ")
        ));
    }
    out
}

/// The database is whole, and the figures kept beside the rows agree with them.
async fn whole(pool: &AnyPool, db: &str, f: &mut Findings) {
    if db.starts_with("postgres") {
        sqlx::query("CREATE EXTENSION IF NOT EXISTS amcheck")
            .execute(pool)
            .await
            .unwrap();
        let checked = sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM (SELECT bt_index_check(c.oid, true) FROM pg_index i \
             JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE a.amname = 'btree' AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')) s",
        )
        .fetch_one(pool)
        .await;
        match checked {
            Ok(n) if n > 0 => {}
            Ok(_) => f.broken.push("amcheck found no index to check".into()),
            Err(e) => f.broken.push(format!("amcheck: {e}")),
        }
    } else {
        let integrity = texts(pool, "PRAGMA integrity_check").await;
        if integrity != ["ok"] {
            f.broken.push(format!("integrity_check: {integrity:?}"));
        }
        let orphans = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(pool)
            .await
            .unwrap()
            .len();
        if orphans > 0 {
            f.broken.push(format!("foreign_key_check: {orphans} rows"));
        }
    }
    let counted = texts(
        pool,
        "SELECT CAST(user_id AS TEXT) || ' ' || CAST(work_date AS TEXT) || ' ' \
         || CAST(SUM(actual_minutes) AS TEXT) || ' ' || CAST(COUNT(*) AS TEXT) \
         FROM time_entries GROUP BY user_id, work_date ORDER BY user_id, work_date",
    )
    .await;
    let kept = texts(
        pool,
        "SELECT CAST(user_id AS TEXT) || ' ' || CAST(work_date AS TEXT) || ' ' \
         || CAST(minutes AS TEXT) || ' ' || CAST(entries AS TEXT) \
         FROM metrics_logged WHERE entries > 0 ORDER BY user_id, work_date",
    )
    .await;
    if counted != kept {
        f.broken.push(format!(
            "minutes per person and day: entries {counted:?}, kept {kept:?}"
        ));
    }
    let drawn = texts(
        pool,
        "SELECT CAST(package_id AS TEXT) || ' ' || budget_key || ' ' \
         || CAST(SUM(CASE WHEN kind = 'base' THEN minutes ELSE 0 END) AS TEXT) || ' ' \
         || CAST(SUM(CASE WHEN kind = 'rolled' THEN minutes ELSE 0 END) AS TEXT) \
         FROM time_draws WHERE package_id IS NOT NULL AND kind IN ('base', 'rolled') \
         GROUP BY package_id, budget_key ORDER BY package_id, budget_key",
    )
    .await;
    let used = texts(
        pool,
        "SELECT CAST(package_id AS TEXT) || ' ' || budget_key || ' ' \
         || CAST(used_base AS TEXT) || ' ' || CAST(used_rolled AS TEXT) \
         FROM package_usage WHERE used_base <> 0 OR used_rolled <> 0 \
         ORDER BY package_id, budget_key",
    )
    .await;
    if drawn != used {
        f.broken
            .push(format!("package use: drawn {drawn:?}, kept {used:?}"));
    }
}

/// Every acknowledged write is there once; a killed one once or not at all.
async fn acknowledged(pool: &AnyPool, mails: &[Op], ops: &[Op], f: &mut Findings) {
    for op in mails.iter().chain(ops) {
        let acked = matches!(op.outcome, Outcome::Acked(_));
        if matches!(op.outcome, Outcome::Refused(_)) {
            continue;
        }
        let m = &op.marker;
        let sql = match op.write {
            Write::Mail | Write::Ticket => {
                format!("SELECT COUNT(*) FROM tickets WHERE subject LIKE '%{m}'")
            }
            Write::Reply | Write::VendorComment => {
                format!("SELECT COUNT(*) FROM comments WHERE body LIKE '%{m}'")
            }
            Write::Time => format!("SELECT COUNT(*) FROM time_entries WHERE note LIKE '%{m}'"),
            Write::Escalation => format!(
                "SELECT COUNT(*) FROM bonds b JOIN vendors v ON v.id = b.vendor_id \
                 WHERE b.ticket_id = {} AND v.name = '{}'",
                op.ticket.unwrap(),
                op.vendor.unwrap()
            ),
        };
        let found = count(pool, &sql).await as usize;
        f.once(&format!("{:?} {m}", op.write), found, acked);
        if acked {
            *f.checked.entry(op.write).or_default() += 1;
        }
    }
}

/// What reached the peers: each public reply to mail at the SMTP server once, each escalation
/// one case at its vendor, each comment for a vendor on its case once.
async fn at_peers(
    pool: &AnyPool,
    run: &str,
    rt: &RequestTracker,
    fake: &zendesk::Fake,
    kills: &[Kill],
    f: &mut Findings,
) {
    let sink = sent_messages();
    // Each mail's ticket is acknowledged to its sender once.
    let mailed = texts(
        pool,
        &format!("SELECT message_id FROM mail_messages WHERE message_id LIKE '%{run}-m%'"),
    )
    .await;
    for message_id in mailed {
        let bare = message_id.trim_matches(|c| c == '<' || c == '>');
        let replying = format!("In-Reply-To: <{bare}>");
        let copies: Vec<&Sent> = sink
            .iter()
            .filter(|m| m.text.contains(&replying) && m.text.contains("We have your request"))
            .collect();
        f.once_sent(
            &format!("the acknowledgement of {message_id} at the SMTP server"),
            &copies,
            kills,
        );
    }
    let replies = texts(
        pool,
        &format!(
            "SELECT c.body FROM comments c JOIN mail_messages m ON m.ticket_id = c.ticket_id \
             WHERE m.state = 'ticket' AND c.body LIKE 'We are on it {run}-%'"
        ),
    )
    .await;
    for body in replies {
        let marker = body.rsplit(' ').next().unwrap();
        let copies: Vec<&Sent> = sink.iter().filter(|m| m.text.contains(marker)).collect();
        f.once_sent(
            &format!("the reply {marker} at the SMTP server"),
            &copies,
            kills,
        );
    }
    let bonds = texts(
        pool,
        &format!(
            "SELECT v.name || '|' || b.correlation FROM bonds b JOIN vendors v ON v.id = b.vendor_id \
             JOIN tickets t ON t.id = b.ticket_id WHERE t.subject LIKE 'Replication lag {run}-%'"
        ),
    )
    .await;
    for bond in bonds {
        let (vendor, correlation) = bond.split_once('|').unwrap();
        let cases = if vendor == RT_VENDOR {
            rt_cases(rt, correlation)
        } else {
            fake.cases_for(correlation)
                .into_iter()
                .map(|c| c.id)
                .collect()
        };
        f.at_peer(&format!("the case {correlation} at {vendor}"), cases.len());
        let Some(case) = cases.first() else { continue };
        let comments = texts(
            pool,
            &format!(
                "SELECT c.body FROM comments c JOIN bonds b ON b.ticket_id = c.ticket_id \
                 WHERE b.correlation = '{correlation}' AND c.body LIKE 'Logs attached {run}-%'"
            ),
        )
        .await;
        let there: Vec<String> = if vendor == RT_VENDOR {
            rt_texts(rt, case)
        } else {
            fake.comments(case).into_iter().map(|c| c.body).collect()
        };
        for body in comments {
            let marker = body.rsplit(' ').next().unwrap();
            let copies = there.iter().filter(|t| t.contains(marker)).count();
            f.at_peer(&format!("{marker} on {vendor}'s case {case}"), copies);
        }
    }
    if fake.duplicates() > 0 {
        f.doubled.push(format!(
            "{} duplicate cases at the SaaS fake",
            fake.duplicates()
        ));
    }
}
