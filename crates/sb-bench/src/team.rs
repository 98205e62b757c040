//! Team mode on PostgreSQL: the same generated dataset on a real server (a throwaway cluster on
//! loopback, with the durability settings of a real one), the queue, card, search and create
//! through the app beside the store's own SQL run raw on the same server; then a desk of
//! engineers (one `App`, one pool, one person each) working at once for a while, with the p95 of
//! each thing they do and a check that no acknowledged write was lost or doubled.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sb_app::{
    App, ChangeKindDto, CommentInput, InviteInput, NewProfile, Paths, QueueQuery, SearchQuery,
    StatusInput, TimeInput,
};
use sb_domain::{Priority, Role, Status, Visibility};
use sb_store::DbLocation;
use sqlx::postgres::PgPoolOptions;
use sqlx::{Connection, Executor, PgConnection};

use super::{
    compare, gen_comments, gen_ticket, group, mark, ms, people_and_clients, table, BoxError,
    Measured, People, Raw, Result, Rng, Stats, ACTIVE, PAGE_LIMIT,
};

#[path = "../../../tests/util/pg.rs"]
#[allow(dead_code)]
mod pg;

/// Tickets a COPY round sends.
const TICKETS_PER_COPY: usize = 50_000;
/// The tables the load writes; their secondary indexes and triggers are off while it runs.
const LOADED: [&str; 3] = ["tickets", "comments", "audit"];

pub struct TeamArgs {
    pub desks: usize,
    pub seconds: u64,
}

/// What the team run measured, for the report.
pub struct TeamReport {
    server: String,
    load: Duration,
    index: Duration,
    comments: usize,
    size: i64,
    results: Vec<Measured>,
    mix: Mix,
}

pub async fn run(n: usize, args: &TeamArgs, dir: &Path, now: i64) -> Result<TeamReport> {
    let cluster = pg::Cluster::init("trust");
    let port = pg::free_port();
    // Durable, as a team's server is: the raw side runs on the very same server.
    cluster.start_on(
        port,
        "-h 127.0.0.1 -c fsync=on -c synchronous_commit=on -c full_page_writes=on \
         -c shared_buffers=1GB -c max_connections=300",
    )?;
    let server = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    pg::create_database(&server, "sb_bench");
    let url = pg::with_database(&server, "sb_bench");
    println!("team: PostgreSQL on 127.0.0.1:{port}, {n} tickets");

    let people = people_and_clients(&DbLocation::Postgres(url.clone()), now).await?;
    let mut conn = PgConnection::connect(&url).await?;
    let version: String = sqlx::query_scalar("SHOW server_version")
        .fetch_one(&mut conn)
        .await?;
    let t = Instant::now();
    let (comments, index) = load(&mut conn, &people, n, now).await?;
    let load_took = t.elapsed();
    let size: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())")
        .fetch_one(&mut conn)
        .await?;
    conn.close().await?;
    println!(
        "team: loaded in {:.1} s (indexes {:.1} s), {} MiB",
        load_took.as_secs_f64(),
        index.as_secs_f64(),
        size >> 20
    );

    let app = App::open(Paths::in_folder(dir.join("pg-home")), Some(url.as_str())).await?;
    app.create_profile(NewProfile {
        name: "Bench Runner".into(),
        role: Role::Engineer,
    })
    .await?;
    let raw = Raw::Postgres(
        PgPoolOptions::new()
            .max_connections(4)
            .connect(&url)
            .await?,
    );
    let results = compare(&app, &raw, &people, n).await?;
    app.store().close().await;

    let mix = mix(&url, args, dir, &raw).await?;
    println!("{}", mix.summary());
    if let Raw::Postgres(p) = raw {
        p.close().await;
    }
    Ok(TeamReport {
        server: version,
        load: load_took,
        index,
        comments,
        size,
        results,
        mix,
    })
}

// --- the load ----------------------------------------------------------------------------------

/// The same generated tickets, comments and audit lines as the SQLite run (same seed), sent
/// with COPY; the secondary indexes are dropped first and made again from their own
/// definitions after, as a restore does. Returns the comments written and the index time.
async fn load(
    conn: &mut PgConnection,
    people: &People,
    n: usize,
    now: i64,
) -> Result<(usize, Duration)> {
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT indexname::text, indexdef FROM pg_indexes WHERE schemaname = 'public' \
         AND tablename = ANY($1) AND indexname NOT IN (SELECT conname FROM pg_constraint)",
    )
    .bind(LOADED.map(String::from).to_vec())
    .fetch_all(&mut *conn)
    .await?;
    for (name, _) in &indexes {
        conn.execute(format!("DROP INDEX {name}").as_str()).await?;
    }
    for table in LOADED {
        // The audit trail's append-only guard and the change notifications: nothing to guard
        // or tell while the dataset is made.
        conn.execute(format!("ALTER TABLE {table} DISABLE TRIGGER USER").as_str())
            .await?;
    }
    let mut rng = Rng(0x5eed_0f5b_0a2d);
    let mut comments = 0;
    let mut next_id: i64 = 1;
    while (next_id as usize) <= n {
        let count = TICKETS_PER_COPY.min(n + 1 - next_id as usize);
        let batch: Vec<_> = (0..count)
            .map(|_| gen_ticket(&mut rng, people, now))
            .collect();
        let (mut tickets, mut notes, mut audit) = (String::new(), String::new(), String::new());
        for (id, t) in (next_id..).zip(&batch) {
            let fields: [Option<String>; 19] = [
                Some(id.to_string()),
                Some(t.client_id.to_string()),
                Some(t.direction.into()),
                Some(t.subject.clone()),
                Some(t.description.clone()),
                Some(t.impact.as_str().into()),
                Some(t.urgency.as_str().into()),
                Some(
                    Priority::from_matrix(t.impact, t.urgency)
                        .rank()
                        .to_string(),
                ),
                Some(t.status.as_str().into()),
                Some(t.line.into()),
                Some(t.channel.as_str().into()),
                t.assignee.map(|a| a.to_string()),
                Some(t.created_by.to_string()),
                Some(t.created_at.to_string()),
                Some(t.updated_at.to_string()),
                t.resolved_at.map(|a| a.to_string()),
                t.closed_at.map(|a| a.to_string()),
                t.closed_by.map(|a| a.to_string()),
                t.note.map(String::from),
            ];
            copy_row(&mut tickets, &fields);
            for c in gen_comments(&mut rng, people, t) {
                copy_row(
                    &mut notes,
                    &[
                        Some(id.to_string()),
                        Some(c.author.to_string()),
                        Some(c.body.into()),
                        Some(c.visibility.into()),
                        Some(c.channel.into()),
                        Some(c.at.to_string()),
                    ],
                );
                comments += 1;
            }
            copy_row(
                &mut audit,
                &[
                    Some(id.to_string()),
                    Some(t.created_by.to_string()),
                    Some(t.created_at.to_string()),
                    Some("created".into()),
                    Some(sb_domain::TicketNumber(id).to_string()),
                ],
            );
        }
        let mut tx = conn.begin().await?;
        for (sql, data) in [
            (
                "COPY tickets (id, client_id, direction, subject, description, impact, urgency, \
                 priority, status, line, channel, assignee_id, created_by, created_at, updated_at, \
                 resolved_at, closed_at, closed_by, resolution_note) FROM STDIN",
                tickets,
            ),
            (
                "COPY comments (ticket_id, author_id, body, visibility, channel, created_at) FROM STDIN",
                notes,
            ),
            ("COPY audit (ticket_id, actor_id, at, field, new_value) FROM STDIN", audit),
        ] {
            let mut copy = tx.copy_in_raw(sql).await?;
            copy.send(data.into_bytes()).await?;
            copy.finish().await?;
        }
        tx.commit().await?;
        next_id += count as i64;
        if ((next_id - 1) as usize).is_multiple_of(200_000) || next_id as usize > n {
            println!("  team: {} tickets", next_id - 1);
        }
    }
    for table in LOADED {
        conn.execute(
            format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
            .as_str(),
        )
        .await?;
        conn.execute(format!("ALTER TABLE {table} ENABLE TRIGGER USER").as_str())
            .await?;
    }
    let t = Instant::now();
    for (_, definition) in &indexes {
        conn.execute(definition.as_str()).await?;
    }
    // What autovacuum would have done by the time a real desk works on these rows.
    conn.execute("VACUUM ANALYZE").await?;
    Ok((comments, t.elapsed()))
}

/// One line of COPY's text format: tab-separated, `\N` for NULL, backslash escapes.
fn copy_row(out: &mut String, fields: &[Option<String>]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push('\t');
        }
        match field {
            None => out.push_str("\\N"),
            Some(text) => {
                for ch in text.chars() {
                    match ch {
                        '\\' => out.push_str("\\\\"),
                        '\t' => out.push_str("\\t"),
                        '\n' => out.push_str("\\n"),
                        '\r' => out.push_str("\\r"),
                        c => out.push(c),
                    }
                }
            }
        }
    }
    out.push('\n');
}

// --- the desk at work --------------------------------------------------------------------------

/// What a desk does, and how often in a hundred.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Act {
    Queue,
    Card,
    Search,
    Comment,
    Status,
    Time,
}

const MIX: [(Act, usize); 6] = [
    (Act::Queue, 35),
    (Act::Card, 30),
    (Act::Search, 5),
    (Act::Comment, 15),
    (Act::Status, 10),
    (Act::Time, 5),
];
const WORDS: [&str; 6] = ["printer", "vpn", "касса", "backup", "outlook", "репликация"];

impl Act {
    fn pick(rng: &mut Rng) -> Act {
        let mut roll = rng.below(100);
        for (act, share) in MIX {
            if roll < share {
                return act;
            }
            roll -= share;
        }
        Act::Queue
    }

    fn name(self) -> &'static str {
        match self {
            Act::Queue => "queue page (active, first)",
            Act::Card => "open a card",
            Act::Search => "search",
            Act::Comment => "add a comment",
            Act::Status => "change status (version seen)",
            Act::Time => "log time",
        }
    }
}

/// A change as the watching desk hears it and the writing desk knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Seen {
    Comment(i64),
    /// A ticket at the version a change produced.
    Ticket(i64, i64),
    TimeEntry(i64),
}

/// What the watching desk heard, and when.
#[derive(Default)]
struct Heard {
    at: HashMap<Seen, Instant>,
    /// Batches that said "reload everything".
    everything: usize,
}

/// One desk's share of the run.
#[derive(Default)]
struct Desk {
    times: HashMap<Act, Vec<Duration>>,
    /// Comment bodies and time-entry notes acknowledged, each unique to this run.
    comments: Vec<String>,
    entries: Vec<String>,
    /// Status changes acknowledged.
    statuses: usize,
    /// Status changes refused because another desk changed the ticket first: correct answers.
    conflicts: usize,
    /// When each write was acknowledged, by the change the others are told of.
    acks: Vec<(Seen, Instant)>,
    errors: Vec<String>,
}

pub struct Mix {
    /// From a write's acknowledgement to the watching desk hearing of it.
    notified: Option<(usize, Stats)>,
    /// Acknowledged writes the watching desk never heard of, and its "reload everything"s.
    unheard: usize,
    everything: usize,
    desks: usize,
    seconds: u64,
    stats: Vec<(Act, usize, Stats)>,
    conflicts: usize,
    errors: Vec<String>,
    lost: usize,
    doubled: usize,
    writes: usize,
}

impl Mix {
    fn total(&self) -> usize {
        self.stats.iter().map(|(_, n, _)| n).sum()
    }

    fn summary(&self) -> String {
        let mut s = format!(
            "team mix: {} desks for {} s, {} operations ({:.0}/s), {} writes, {} lost, {} doubled, {} conflicts, {} errors",
            self.desks,
            self.seconds,
            self.total(),
            self.total() as f64 / self.seconds as f64,
            self.writes,
            self.lost,
            self.doubled,
            self.conflicts,
            self.errors.len()
        );
        if let Some((n, st)) = &self.notified {
            let _ = write!(
                s,
                "\n  change to another desk's notification: {n} writes, p50 {}, p95 {}; {} never heard, {} reload-everything batches",
                ms(st.median),
                ms(st.p95),
                self.unheard,
                self.everything
            );
        }
        for (act, n, st) in &self.stats {
            let _ = write!(
                s,
                "\n  {:<32} {:>6} runs  p50 {:>9}  p95 {:>9}",
                act.name(),
                n,
                ms(st.median),
                ms(st.p95)
            );
        }
        s
    }
}

/// `args.desks` desks, each its own `App` and person on the same database, doing the mix for
/// `args.seconds`; then every acknowledged write is looked for, once, with raw SQL.
async fn mix(url: &str, args: &TeamArgs, dir: &Path, raw: &Raw) -> Result<Mix> {
    let Raw::Postgres(pool) = raw else {
        return Err("the team mix runs on PostgreSQL".into());
    };
    // The tickets people work on: the active ones, newest first, as the default view shows.
    let active: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM tickets WHERE status NOT IN ('resolved', 'closed') \
         ORDER BY updated_at DESC LIMIT 2000",
    )
    .fetch_all(pool)
    .await?;
    let max_id: i64 = sqlx::query_scalar("SELECT max(id) FROM tickets")
        .fetch_one(pool)
        .await?;
    // A team, as a real desk is: the owner sets it up and invites each desk as an engineer,
    // who signs in as their own login, so the grants and row-level security are on for every
    // operation measured. (The cluster trusts loopback, so no password is typed; the one-time
    // password's change is marked done by the owner instead of through a keychain.)
    let owner = App::open(Paths::in_folder(dir.join("owner")), Some(url)).await?;
    owner.team_init().await?;
    let mut logins = Vec::new();
    for d in 0..=args.desks {
        let login = if d == args.desks {
            "bench_watcher".to_string()
        } else {
            format!("bench_desk_{d}")
        };
        owner
            .team_invite(InviteInput {
                name: format!("Desk {d}"),
                role: Role::Engineer,
                login: Some(login.clone()),
                line: None,
                person: None,
            })
            .await?;
        logins.push(login);
    }
    owner.store().close().await;
    sqlx::query("UPDATE team_members SET must_change_password = 0")
        .execute(pool)
        .await?;
    let signed_in =
        |login: &str| url.replacen("postgres://postgres@", &format!("postgres://{login}@"), 1);
    let mut apps = Vec::new();
    for (d, login) in logins.iter().take(args.desks).enumerate() {
        let app = App::open(
            Paths::in_folder(dir.join(format!("desk-{d}"))),
            Some(&signed_in(login)),
        )
        .await?;
        apps.push(app);
    }
    // One more desk only watches: when each change reaches it, by the change's own key.
    let watcher = App::open(
        Paths::in_folder(dir.join("watcher")),
        Some(&signed_in("bench_watcher")),
    )
    .await?;
    let mut feed = watcher.changes().await?;
    let heard: Arc<Mutex<Heard>> = Arc::default();
    let hearing = heard.clone();
    let listening = tokio::spawn(async move {
        while let Some(batch) = feed.next().await {
            let at = Instant::now();
            let mut heard = hearing.lock().expect("the watcher's record");
            heard.everything += usize::from(batch.everything);
            for c in batch.changes {
                let key = match c.kind {
                    ChangeKindDto::Comment => Seen::Comment(c.id),
                    ChangeKindDto::Ticket => Seen::Ticket(c.id, c.version.unwrap_or(0)),
                    ChangeKindDto::TimeEntry => Seen::TimeEntry(c.id),
                    ChangeKindDto::Package | ChangeKindDto::Bond => continue,
                };
                heard.at.entry(key).or_insert(at);
            }
        }
    });
    let run_tag = format!("mix-{}", std::process::id());
    let until = Instant::now() + Duration::from_secs(args.seconds);
    let mut tasks = Vec::new();
    for (d, app) in apps.into_iter().enumerate() {
        let active = active.clone();
        let tag = format!("{run_tag}-d{d}");
        tasks.push(tokio::spawn(async move {
            let desk = work(&app, d, &active, max_id, &tag, until).await;
            app.store().close().await;
            desk
        }));
    }
    let mut all = Desk::default();
    for task in tasks {
        let desk = task.await?;
        for (act, times) in desk.times {
            all.times.entry(act).or_default().extend(times);
        }
        all.comments.extend(desk.comments);
        all.entries.extend(desk.entries);
        all.statuses += desk.statuses;
        all.conflicts += desk.conflicts;
        all.errors.extend(desk.errors);
        all.acks.extend(desk.acks);
    }
    // Stragglers get a second; then the watcher stops and says what it heard.
    tokio::time::sleep(Duration::from_secs(1)).await;
    listening.abort();
    watcher.store().close().await;
    let heard = std::mem::take(&mut *heard.lock().expect("the watcher's record"));
    let mut notified = Vec::new();
    let mut unheard = 0;
    for (key, acked) in &all.acks {
        match heard.at.get(key) {
            // Heard before the writer had its answer: no wait at all.
            Some(at) => notified.push(at.saturating_duration_since(*acked)),
            None => unheard += 1,
        }
    }

    // Every acknowledged comment and entry is there exactly once; nothing else of this run is.
    let (lost_c, doubled_c) = count_once(
        pool,
        "SELECT body, count(*) FROM comments WHERE body LIKE $1 GROUP BY body",
        &run_tag,
        &all.comments,
    )
    .await?;
    let (lost_e, doubled_e) = count_once(
        pool,
        "SELECT note, count(*) FROM time_entries WHERE note LIKE $1 GROUP BY note",
        &run_tag,
        &all.entries,
    )
    .await?;
    // Each acknowledged status change wrote one audit line by a desk's person.
    let status_lines: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit a JOIN users u ON u.id = a.actor_id \
         WHERE a.field = 'status' AND u.name LIKE 'Desk %'",
    )
    .fetch_one(pool)
    .await?;
    let status_gap = (status_lines - all.statuses as i64).unsigned_abs() as usize;
    let mut stats: Vec<_> = all
        .times
        .into_iter()
        .map(|(act, times)| (act, times.len(), Stats::of(times)))
        .collect();
    stats.sort_by_key(|(act, _, _)| *act);
    Ok(Mix {
        notified: (!notified.is_empty()).then(|| (notified.len(), Stats::of(notified))),
        unheard,
        everything: heard.everything,
        desks: args.desks,
        seconds: args.seconds,
        stats,
        conflicts: all.conflicts,
        errors: all.errors,
        lost: lost_c
            + lost_e
            + if status_lines < all.statuses as i64 {
                status_gap
            } else {
                0
            },
        doubled: doubled_c
            + doubled_e
            + if status_lines > all.statuses as i64 {
                status_gap
            } else {
                0
            },
        writes: all.comments.len() + all.entries.len() + all.statuses,
    })
}

/// How many of `acknowledged` are missing, and how many rows beyond one each there are.
async fn count_once(
    pool: &sqlx::PgPool,
    sql: &str,
    tag: &str,
    acknowledged: &[String],
) -> Result<(usize, usize)> {
    let found: HashMap<String, i64> = sqlx::query_as::<_, (String, i64)>(sql)
        .bind(format!("{tag}-%"))
        .fetch_all(pool)
        .await?
        .into_iter()
        .collect();
    let lost = acknowledged
        .iter()
        .filter(|k| !found.contains_key(*k))
        .count();
    let doubled = found
        .values()
        .map(|&n| (n - 1).max(0) as usize)
        .sum::<usize>()
        + found.len().saturating_sub(acknowledged.len() - lost);
    Ok((lost, doubled))
}

async fn work(app: &App, d: usize, active: &[i64], max_id: i64, tag: &str, until: Instant) -> Desk {
    let mut rng = Rng(0xdec0_0000 + d as u64);
    let mut desk = Desk::default();
    let mut k = 0;
    while Instant::now() < until {
        // A person reads between clicks: 100 to 500 ms, so twenty desks are twenty people
        // at their busiest, not a load generator.
        tokio::time::sleep(Duration::from_millis(100 + rng.below(400) as u64)).await;
        let act = Act::pick(&mut rng);
        let ticket = if act == Act::Card && rng.below(5) == 0 {
            1 + rng.below(max_id as usize) as i64
        } else {
            *rng.pick(active)
        };
        k += 1;
        let t = Instant::now();
        let done: std::result::Result<(), BoxError> = async {
            match act {
                Act::Queue => drop(
                    app.queue(QueueQuery {
                        statuses: ACTIVE.to_vec(),
                        ..Default::default()
                    })
                    .await?,
                ),
                Act::Card => drop(app.card(ticket).await?),
                Act::Search => drop(
                    app.search(SearchQuery {
                        text: rng.pick(&WORDS).to_string(),
                        cursor: None,
                        limit: Some(PAGE_LIMIT),
                    })
                    .await?,
                ),
                Act::Comment => {
                    let body = format!("{tag}-{k}");
                    let c = app
                        .add_comment(CommentInput {
                            ticket_id: ticket,
                            body: body.clone(),
                            visibility: Visibility::Internal,
                        })
                        .await?;
                    desk.acks.push((Seen::Comment(c.id), Instant::now()));
                    desk.comments.push(body);
                }
                Act::Status => {
                    // What the person saw on the card, then the change they chose.
                    let seen = app.ticket(ticket).await?;
                    let to = match seen.status {
                        Status::InProgress => Status::Open,
                        _ => Status::InProgress,
                    };
                    match app
                        .change_status(StatusInput {
                            ticket_id: ticket,
                            to,
                            note: None,
                            version: seen.version,
                        })
                        .await
                    {
                        Ok(t) => {
                            desk.acks
                                .push((Seen::Ticket(t.id, t.version), Instant::now()));
                            desk.statuses += 1
                        }
                        Err(e) if e.code == sb_app::ErrorCode::EditConflict => desk.conflicts += 1,
                        Err(e) => return Err(e.into()),
                    }
                }
                Act::Time => {
                    let note = format!("{tag}-{k}");
                    let e = app
                        .log_time(TimeInput {
                            ticket_id: ticket,
                            work_date: None,
                            minutes: 15,
                            work_type: "remote".into(),
                            billable: true,
                            note: note.clone(),
                        })
                        .await?;
                    desk.acks.push((Seen::TimeEntry(e.id), Instant::now()));
                    desk.entries.push(note);
                }
            }
            Ok(())
        }
        .await;
        match done {
            Ok(()) => desk.times.entry(act).or_default().push(t.elapsed()),
            Err(e) if desk.errors.len() < 20 => desk.errors.push(format!("{}: {e}", act.name())),
            Err(_) => {}
        }
    }
    desk
}

// --- the report --------------------------------------------------------------------------------

impl TeamReport {
    pub fn section(&self, n: usize) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "\n## Team mode: {} tickets on PostgreSQL {}\n",
            group(n),
            self.server
        );
        let _ = writeln!(
            s,
            "A throwaway cluster on loopback with a real server's durability (fsync, synchronous \
             commit, full-page writes; shared_buffers 1 GB). The same generated dataset as above \
             ({} tickets, {} comments, {} audit lines; database {} MiB), loaded with COPY in {:.1} s \
             (secondary indexes made again after, {:.1} s; then VACUUM ANALYZE). Raw = the store's \
             own SQL on a plain sqlx PgPool on the same server.\n",
            group(n),
            group(self.comments),
            group(n),
            self.size >> 20,
            self.load.as_secs_f64(),
            self.index.as_secs_f64()
        );
        table(&mut s, &self.results);
        let m = &self.mix;
        let _ = writeln!(
            s,
            "\n### {} desks at once for {} s\n\nEach desk is its own `App` with its own pool, signed \
             in as its own team member (an engineer's login: the grants and row-level security \
             apply to everything it does), all on the same database, pausing 100-500 ms between actions as a person reading \
             does, doing a mix of 35% queue pages, 30% cards, 5% \
             searches, 15% comments, 10% status changes (naming the version seen, so a change \
             another desk made first is refused as a conflict) and 5% time entries. {} operations \
             ({:.0}/s in all); {} writes acknowledged: {} lost, {} doubled (each looked for with \
             raw SQL after the run); {} status changes refused as conflicts; {} errors.\n",
            m.desks,
            m.seconds,
            group(m.total()),
            m.total() as f64 / m.seconds as f64,
            group(m.writes),
            m.lost,
            m.doubled,
            m.conflicts,
            m.errors.len()
        );
        let _ = writeln!(s, "| operation | runs | p50 | p95 |");
        let _ = writeln!(s, "|---|---:|---:|---:|");
        for (act, runs, st) in &m.stats {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                act.name(),
                group(*runs),
                ms(st.median),
                ms(st.p95)
            );
        }
        for e in &m.errors {
            let _ = writeln!(s, "\n- error: {e}");
        }
        let _ = writeln!(s, "\nTargets (from the issue; printed, not enforced):\n");
        if let Some((_, _, st)) = m.stats.iter().find(|(a, _, _)| *a == Act::Queue) {
            let _ = writeln!(
                s,
                "- {} queue page p95 with {} desks: {} <= 5 ms",
                mark(st.p95 <= Duration::from_millis(5)),
                m.desks,
                ms(st.p95)
            );
        }
        match &m.notified {
            Some((n, st)) => {
                let _ = writeln!(
                    s,
                    "- {} change to notification p95 (from the writer's acknowledgement to a \
                     watching desk hearing it, {} writes; {} never heard, {} reload-everything \
                     batches): {} <= 250 ms",
                    mark(st.p95 <= Duration::from_millis(250) && m.unheard == 0),
                    group(*n),
                    m.unheard,
                    m.everything,
                    ms(st.p95)
                );
            }
            None => {
                let _ = writeln!(s, "- ✗ change to notification: no write was heard");
            }
        }
        let _ = writeln!(
            s,
            "- {} lost or doubled writes: {} (target 0)",
            mark(m.lost + m.doubled == 0),
            m.lost + m.doubled
        );
        s
    }
}
