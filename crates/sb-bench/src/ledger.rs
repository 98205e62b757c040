//! The hours ledger at scale: three packages per client (annual hours split per direction,
//! a prepaid block, time and materials: 600 for 200 clients) and two time entries per ticket
//! (2,000,000 at a million tickets) with their draws, balances and daily minutes, written raw;
//! then the portfolio, one client's dashboard and logging one entry, through `sb_app::App` and
//! beside the same reads and writes as raw SQL.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use sb_app::{App, TimeInput};
use sb_domain::calendar::Day;
use sb_domain::ledger::{
    default_multipliers, thresholds_crossed, Budget, OveragePolicy, RolloverPolicy, Terms,
    DEFAULT_THRESHOLDS,
};
use sb_domain::Direction;
use sqlx::sqlite::SqlitePool;
use sqlx::Row;

use crate::{group, Measured, People, Result, Rng, Stats};

/// Entries a statement inserts at once, and a transaction commits.
const ENTRIES_PER_STATEMENT: usize = 400;
const ENTRIES_PER_TRANSACTION: usize = 50_000;
const RUNS: usize = 60;

pub struct LedgerLoad {
    pub entries: usize,
    pub packages: usize,
    pub took: Duration,
}

/// One ticket per client to log against, and the client to show.
pub struct LedgerData {
    tickets: HashMap<i64, Vec<(i64, String)>>,
    /// The client with the most packages' worth of entries (any: all are alike).
    pub dashboard_client: i64,
}

pub async fn generate(
    raw: &SqlitePool,
    people: &People,
    entries: usize,
    today: Day,
    now: i64,
) -> Result<(LedgerLoad, LedgerData)> {
    let started = Instant::now();
    // A sample of each client's tickets to log against.
    let mut tickets: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    for r in sqlx::query("SELECT id, client_id, direction FROM tickets WHERE id % 37 = 0")
        .fetch_all(raw)
        .await?
    {
        tickets
            .entry(r.try_get("client_id")?)
            .or_default()
            .push((r.try_get("id")?, r.try_get("direction")?));
    }
    let mut rng = Rng(0x1ed6_e55a_17b0_0c5d);
    let clients: Vec<i64> = people
        .clients
        .iter()
        .copied()
        .filter(|c| tickets.contains_key(c))
        .collect();
    let annual_start = today.plus_days(-300);
    let kinds = ["remote", "remote", "remote", "on_site", "after_hours"];
    let pcts: BTreeMap<&str, i64> =
        [("remote", 100), ("on_site", 150), ("after_hours", 200)].into();

    // The packages first (their terms follow once the entries say how much was used).
    let mut conn = raw.acquire().await?;
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    for (i, client) in clients.iter().enumerate() {
        for k in 0..3_i64 {
            sqlx::query(
                "INSERT INTO packages (id, client_id, name, start_day, end_day, stack_order, terms, \
                   total_minutes, created_by, created_at, updated_at) \
                 VALUES ($1, $2, 'new', $3, $3, $4, '{}', 0, $5, $6, $6)",
            )
            .bind(3 * i as i64 + k + 1)
            .bind(client)
            .bind(i64::from(today.0))
            .bind(k + 1)
            .bind(people.users[0])
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;

    // The entries, and what they add up to per client and direction, per day.
    let mut used: HashMap<(i64, String), i64> = HashMap::new();
    let mut daily: HashMap<(i64, i32), i64> = HashMap::new();
    let mut next_id: i64 = 1;
    let mut done = 0;
    while done < entries {
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        let in_tx = ENTRIES_PER_TRANSACTION.min(entries - done);
        let mut written = 0;
        while written < in_tx {
            let batch = ENTRIES_PER_STATEMENT.min(in_tx - written);
            let mut e_sql = String::from(
                "INSERT INTO time_entries (id, ticket_id, client_id, user_id, work_date, \
                 actual_minutes, billable_minutes, work_type, billable, note, state, created_at) VALUES ",
            );
            let mut d_sql = String::from(
                "INSERT INTO time_draws (entry_id, seq, package_id, budget_key, kind, minutes) VALUES ",
            );
            for k in 0..batch {
                let client = clients[rng.below(clients.len())];
                let list = &tickets[&client];
                let (ticket, direction) = &list[rng.below(list.len())];
                let day = annual_start.plus_days(rng.below(301) as i32);
                let actual = 5 + rng.below(180) as i64;
                let kind = kinds[rng.below(kinds.len())];
                let rounded = ((actual + 14) / 15 * 15).max(30);
                let billable = (rounded * pcts[kind] + 99) / 100;
                // The last three days are still drafts; older work is approved or invoiced.
                let state = match today.days_until(day) {
                    d if d > -3 => "draft",
                    d if d > -60 => "approved",
                    _ => "invoiced",
                };
                let id = next_id;
                next_id += 1;
                if k > 0 {
                    e_sql.push(',');
                    d_sql.push(',');
                }
                e_sql.push_str(&format!(
                    "({id},{ticket},{client},{user},{},{actual},{billable},'{kind}',1,'Checked and fixed',\
                     '{state}',{now})",
                    day.0,
                    user = people.users[rng.below(people.users.len())]
                ));
                // Package 3c+1 is the client's annual package (see below).
                d_sql.push_str(&format!(
                    "({id},0,{},'{direction}','base',{billable})",
                    annual_package(client, &clients)
                ));
                *used.entry((client, direction.clone())).or_default() += billable;
                *daily.entry((client, day.0)).or_default() += billable;
            }
            sqlx::query(&e_sql).execute(&mut *tx).await?;
            sqlx::query(&d_sql).execute(&mut *tx).await?;
            written += batch;
        }
        tx.commit().await?;
        done += in_tx;
        if done % 500_000 == 0 || done == entries {
            println!(
                "  {} time entries ({:.0} s)",
                group(done),
                started.elapsed().as_secs_f64()
            );
        }
    }

    // Packages sized so that clients stand anywhere from half used to over budget.
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    let directions = Direction::BUILT_IN;
    for (i, client) in clients.iter().enumerate() {
        let factor = 95 + (i as i64 * 37 % 120); // 95% .. 214% of what was used
        let mut split = BTreeMap::new();
        for d in directions {
            let u = used.get(&(*client, d.to_string())).copied().unwrap_or(0);
            split.insert(Direction::parse(d)?, (u * factor / 100).max(600));
        }
        let annual = Terms {
            name: format!("Annual {}", annual_start.ymd().0 + 1),
            start: annual_start,
            end: today.plus_days(65),
            budget: Budget::PerDirection(split),
            stack_order: 1,
            rounding: 15,
            minimum: 30,
            multipliers: default_multipliers(),
            overage: OveragePolicy::AllowUpTo { minutes: 6000 },
            rollover: RolloverPolicy::UpToPercent { percent: 10 },
            rollover_expires_days: Some(90),
            thresholds: DEFAULT_THRESHOLDS.to_vec(),
            burn_margin: 10,
        };
        let block = Terms {
            name: "Prepaid block 40 h".into(),
            start: today.plus_days(-365),
            end: today.plus_days(365),
            budget: Budget::Shared(2400),
            stack_order: 2,
            overage: OveragePolicy::Block,
            rollover: RolloverPolicy::None,
            ..annual.clone()
        };
        let tm = Terms {
            name: "Time and materials".into(),
            budget: Budget::Shared(0),
            stack_order: 3,
            overage: OveragePolicy::Bill {
                rate_per_hour: 9_000,
            },
            ..block.clone()
        };
        let used_total: i64 = directions
            .iter()
            .map(|d| used.get(&(*client, d.to_string())).copied().unwrap_or(0))
            .sum();
        // Over budget, the rest went to overage: keep the balances consistent with that.
        for (k, terms) in [annual, block, tm].into_iter().enumerate() {
            let id = 3 * i as i64 + k as i64 + 1;
            let total = terms.budget.total();
            let (covered, overage) = if k == 0 {
                let covered: i64 = directions
                    .iter()
                    .map(|d| {
                        let u = used.get(&(*client, d.to_string())).copied().unwrap_or(0);
                        u.min(
                            terms
                                .budget
                                .get(&Some(Direction::parse(d).expect("built in"))),
                        )
                    })
                    .sum();
                (covered, used_total - covered)
            } else {
                (0, 0)
            };
            sqlx::query(
                "UPDATE packages SET name = $1, start_day = $2, end_day = $3, stack_order = $4, \
                   terms = $5, total_minutes = $6, used_minutes = $7, overage_minutes = $8 \
                 WHERE id = $9",
            )
            .bind(&terms.name)
            .bind(i64::from(terms.start.0))
            .bind(i64::from(terms.end.0))
            .bind(i64::from(terms.stack_order))
            .bind(serde_json::to_string(&terms)?)
            .bind(total)
            .bind(covered)
            .bind(overage)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if k == 0 {
                for d in directions {
                    let u = used.get(&(*client, d.to_string())).copied().unwrap_or(0);
                    let cap = terms.budget.get(&Some(Direction::parse(d)?));
                    sqlx::query(
                        "INSERT INTO package_usage (package_id, budget_key, used_base, used_rolled) \
                         VALUES ($1, $2, $3, 0)",
                    )
                    .bind(id)
                    .bind(d)
                    .bind(u.min(cap))
                    .execute(&mut *tx)
                    .await?;
                }
                for t in thresholds_crossed(&terms.thresholds, total, 0, used_total) {
                    sqlx::query(
                        "INSERT INTO package_thresholds (package_id, threshold, crossed_at, notified_at) \
                         VALUES ($1, $2, $3, $3)",
                    )
                    .bind(id)
                    .bind(i64::from(t))
                    .bind(now - 86_400_000 * i64::from(t % 9))
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
    }
    for ((client, day), minutes) in &daily {
        sqlx::query("INSERT INTO package_daily (package_id, day, minutes) VALUES ($1, $2, $3)")
            .bind(annual_package(*client, &clients))
            .bind(i64::from(*day))
            .bind(minutes)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(&mut *conn).await?;
    let dashboard_client = clients[clients.len() / 2];
    Ok((
        LedgerLoad {
            entries,
            packages: clients.len() * 3,
            took: started.elapsed(),
        },
        LedgerData {
            tickets,
            dashboard_client,
        },
    ))
}

/// The id of a client's annual package: packages are numbered three per client, in order.
fn annual_package(client: i64, clients: &[i64]) -> i64 {
    3 * clients.iter().position(|c| *c == client).expect("a client") as i64 + 1
}

/// The portfolio, a dashboard and logging an entry: app against raw SQL, alternating.
pub async fn measure(
    app: &App,
    raw: &SqlitePool,
    data: &LedgerData,
    today: Day,
) -> Result<Vec<Measured>> {
    let mut out = Vec::new();
    let day = i64::from(today.0);
    let week_ago = sb_now() - 7 * 86_400_000;

    let (mut a, mut r) = (Vec::new(), Vec::new());
    for i in 0..RUNS + 3 {
        let t = Instant::now();
        let rows = app.portfolio().await?.rows;
        let app_t = t.elapsed();
        let t = Instant::now();
        let raw_rows = raw_portfolio(raw, day, week_ago).await?;
        let raw_t = t.elapsed();
        if rows.len() != raw_rows {
            return Err(format!("portfolio: app {} rows, raw {raw_rows}", rows.len()).into());
        }
        if i >= 3 {
            a.push(app_t);
            r.push(raw_t);
        }
    }
    out.push(measured("ledger: portfolio (every active package)", a, r));

    let client = data.dashboard_client;
    let (mut a, mut r) = (Vec::new(), Vec::new());
    for i in 0..RUNS + 3 {
        let t = Instant::now();
        let d = app.client_dashboard(client).await?;
        let app_t = t.elapsed();
        let t = Instant::now();
        let raw_packages = raw_dashboard(raw, client).await?;
        let raw_t = t.elapsed();
        if d.packages.len() != raw_packages {
            return Err(format!(
                "dashboard: app {} packages, raw {raw_packages}",
                d.packages.len()
            )
            .into());
        }
        if i >= 3 {
            a.push(app_t);
            r.push(raw_t);
        }
    }
    out.push(measured("ledger: one client's dashboard", a, r));

    let (ticket, _) = data.tickets[&client][0].clone();
    let (mut a, mut r) = (Vec::new(), Vec::new());
    for i in 0..RUNS + 3 {
        let t = Instant::now();
        app.log_time(TimeInput {
            ticket_id: ticket,
            work_date: None,
            minutes: 25,
            work_type: "remote".into(),
            billable: true,
            note: "Bench".into(),
        })
        .await?;
        let app_t = t.elapsed();
        let t = Instant::now();
        raw_log(raw, client, ticket, day).await?;
        let raw_t = t.elapsed();
        if i >= 3 {
            a.push(app_t);
            r.push(raw_t);
        }
    }
    out.push(measured(
        "ledger: log one entry (with its ledger checks)",
        a,
        r,
    ));
    Ok(out)
}

fn measured(name: &str, app: Vec<Duration>, raw: Vec<Duration>) -> Measured {
    Measured {
        name: name.into(),
        runs: app.len(),
        app: Stats::of(app),
        raw: Stats::of(raw),
    }
}

fn sb_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// The portfolio's reads as raw SQL: active packages with their last 30 days, their balances,
/// and the thresholds crossed this week.
async fn raw_portfolio(raw: &SqlitePool, today: i64, since: i64) -> Result<usize> {
    let rows = sqlx::query(
        "SELECT p.id, p.client_id, c.code, c.name, p.name, p.start_day, p.end_day, p.terms, \
           p.total_minutes, p.used_minutes, p.overage_minutes, \
           (SELECT COALESCE(SUM(d.minutes), 0) FROM package_daily d \
             WHERE d.package_id = p.id AND d.day > $1 - 30 AND d.day <= $1) AS last_30 \
         FROM packages p JOIN clients c ON c.id = p.client_id \
         WHERE p.closed_at IS NULL AND p.end_day >= $1 AND p.start_day <= $1 ORDER BY p.id",
    )
    .bind(today)
    .fetch_all(raw)
    .await?;
    let ids = rows
        .iter()
        .map(|r| r.get::<i64, _>(0).to_string())
        .collect::<Vec<_>>()
        .join(",");
    if !ids.is_empty() {
        sqlx::query(&format!(
            "SELECT package_id, budget_key, used_base, used_rolled FROM package_usage \
             WHERE package_id IN ({ids}) ORDER BY package_id, budget_key"
        ))
        .fetch_all(raw)
        .await?;
    }
    sqlx::query("SELECT package_id, threshold FROM package_thresholds WHERE crossed_at >= $1")
        .bind(since)
        .fetch_all(raw)
        .await?;
    Ok(rows.len())
}

/// A dashboard's reads as raw SQL: the client, its packages and balances, and per package its
/// daily minutes, thresholds and history; the drafts waiting.
async fn raw_dashboard(raw: &SqlitePool, client: i64) -> Result<usize> {
    sqlx::query("SELECT id, code, name FROM clients WHERE id = $1")
        .bind(client)
        .fetch_one(raw)
        .await?;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT p.id FROM packages p WHERE p.client_id = $1 ORDER BY p.end_day DESC, p.stack_order, p.id",
    )
    .bind(client)
    .fetch_all(raw)
    .await?;
    for id in &ids {
        sqlx::query("SELECT * FROM packages WHERE id = $1")
            .bind(id)
            .fetch_one(raw)
            .await?;
        sqlx::query(
            "SELECT budget_key, used_base, used_rolled FROM package_usage WHERE package_id = $1",
        )
        .bind(id)
        .fetch_all(raw)
        .await?;
        sqlx::query("SELECT day, minutes FROM package_daily WHERE package_id = $1 ORDER BY day")
            .bind(id)
            .fetch_all(raw)
            .await?;
        sqlx::query("SELECT threshold, crossed_at FROM package_thresholds WHERE package_id = $1")
            .bind(id)
            .fetch_all(raw)
            .await?;
        sqlx::query("SELECT * FROM package_history WHERE package_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(raw)
            .await?;
    }
    sqlx::query("SELECT COUNT(*) FROM time_entries WHERE client_id = $1 AND state = 'draft'")
        .bind(client)
        .fetch_one(raw)
        .await?;
    Ok(ids.len())
}

/// Logging an entry as raw SQL: the snapshot (ledger version, packages, balances), then one
/// transaction with the version check, the entry, its draw, the balance, the package and the
/// day.
async fn raw_log(raw: &SqlitePool, client: i64, ticket: i64, day: i64) -> Result<()> {
    let version: i64 = sqlx::query_scalar("SELECT ledger_version FROM clients WHERE id = $1")
        .bind(client)
        .fetch_one(raw)
        .await?;
    let package: i64 = sqlx::query_scalar(
        "SELECT id FROM packages WHERE client_id = $1 ORDER BY stack_order LIMIT 1",
    )
    .bind(client)
    .fetch_one(raw)
    .await?;
    sqlx::query("SELECT budget_key, used_base FROM package_usage WHERE package_id = $1")
        .bind(package)
        .fetch_all(raw)
        .await?;
    let mut tx = raw.begin().await?;
    sqlx::query("UPDATE clients SET ledger_version = ledger_version + 1 WHERE id = $1 AND ledger_version = $2")
        .bind(client)
        .bind(version)
        .execute(&mut *tx)
        .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO time_entries (ticket_id, client_id, user_id, work_date, actual_minutes, \
           billable_minutes, work_type, billable, note, state, created_at) \
         VALUES ($1, $2, 1, $3, 25, 30, 'remote', 1, 'Raw', 'draft', 0) RETURNING id",
    )
    .bind(ticket)
    .bind(client)
    .bind(day)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO time_draws (entry_id, seq, package_id, budget_key, kind, minutes) \
         VALUES ($1, 0, $2, 'network', 'base', 30)",
    )
    .bind(id)
    .bind(package)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO package_usage (package_id, budget_key, used_base, used_rolled) VALUES ($1, 'network', 30, 0) \
         ON CONFLICT (package_id, budget_key) DO UPDATE SET used_base = package_usage.used_base + 30",
    )
    .bind(package)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE packages SET used_minutes = used_minutes + 30 WHERE id = $1")
        .bind(package)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO package_daily (package_id, day, minutes) VALUES ($1, $2, 30) \
         ON CONFLICT (package_id, day) DO UPDATE SET minutes = package_daily.minutes + 30",
    )
    .bind(package)
    .bind(day)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
