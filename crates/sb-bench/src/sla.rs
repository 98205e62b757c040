//! SLA and the lead's metrics at scale, on the generated tickets: a default policy counts every
//! open ticket's clocks, and a calendar change (a holiday) counts them again (each with its
//! rate); the queue by due time (first and half-way pages beside the store's own SQL run raw);
//! the report's hourly rollup of every ticket (its rate); a year's dashboard over all clients
//! beside the same counts made by raw SQL from the tickets.

use std::time::{Duration, Instant};

use sb_app::{
    App, CalendarDayDto, CalendarDaysInput, CalendarInput, MetricsQuery, PolicyTargetDto,
    SlaPolicyInput,
};
use sb_domain::sla::BreachAction;
use sb_domain::{Priority, Status};
use sb_store::QueueCursor;
use sqlx::SqlitePool;

use crate::{compare_ops, group, mark, Measured, Op, Raw, Result, Stats, DAY};

/// Dashboard runs through the app and raw, alternating.
const DASHBOARD_RUNS: usize = 7;
/// Tickets one roll-up call takes.
const ROLL_BATCH: i64 = 200_000;

pub struct SlaBench {
    open: i64,
    policy_recount: Duration,
    calendar_recount: Duration,
    pages: Vec<Measured>,
    rolled: usize,
    roll_time: Duration,
    dashboard: Measured,
}

impl SlaBench {
    pub fn lines(&self) -> Vec<String> {
        let rate = |n: i64, d: Duration| n as f64 / d.as_secs_f64().max(1e-9);
        let mut out = vec![
            format!(
                "a default policy counts the clocks of {} open tickets in {:.1} s ({:.0} tickets/s)",
                group(self.open as usize),
                self.policy_recount.as_secs_f64(),
                rate(self.open, self.policy_recount)
            ),
            format!(
                "a holiday added to the calendar counts them again in {:.1} s ({:.0} tickets/s)",
                self.calendar_recount.as_secs_f64(),
                rate(self.open, self.calendar_recount)
            ),
        ];
        for p in &self.pages {
            let ok = p.app.median <= Duration::from_millis(2) && p.ratio() <= 2.0;
            out.push(format!(
                "{} {} (target <= 2 ms and <= 2x raw)",
                mark(ok),
                p.line()
            ));
        }
        out.push(format!(
            "the report's hourly rollup of {} tickets in {:.1} s ({:.0} tickets/s; done once, then \
             as tickets change)",
            group(self.rolled),
            self.roll_time.as_secs_f64(),
            rate(self.rolled as i64, self.roll_time)
        ));
        out.push(format!(
            "{} {} (target <= 200 ms; raw: the same counts by day, weekday and hour, SLA and \
             assignee from the tickets, without percentiles)",
            mark(self.dashboard.app.median <= Duration::from_millis(200)),
            self.dashboard.line()
        ));
        out
    }
}

pub async fn measure(app: &App, raw: &SqlitePool) -> Result<SlaBench> {
    let mut week = vec!["09:00-18:00".to_string(); 5];
    week.extend([String::new(), String::new()]);
    let office = app
        .create_calendar(CalendarInput {
            name: "Bench office".into(),
            time_zone: "Europe/Moscow".into(),
            week,
        })
        .await?;
    let target = |priority, first: i64, resolution: i64| PolicyTargetDto {
        priority,
        direction: None,
        first_response_minutes: Some(first),
        resolution_minutes: Some(resolution),
        calendar_id: None,
    };
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM tickets WHERE status NOT IN ('resolved', 'closed')",
    )
    .fetch_one(raw)
    .await?;
    println!(
        "sla: counting the clocks of {} open tickets",
        group(open as usize)
    );
    let t = Instant::now();
    app.create_sla_policy(SlaPolicyInput {
        name: "Bench standard".into(),
        client_id: None,
        is_default: true,
        calendar_id: office.id,
        pause_statuses: vec![Status::PendingCustomer],
        targets: vec![
            target(Priority::P1, 30, 4 * 60),
            target(Priority::P2, 60, 8 * 60),
            target(Priority::P3, 4 * 60, 3 * 24 * 60),
            target(Priority::P4, 8 * 60, 5 * 24 * 60),
        ],
        breach_actions: vec![BreachAction::NotifyLead],
    })
    .await?;
    let policy_recount = t.elapsed();
    let t = Instant::now();
    app.set_calendar_days(CalendarDaysInput {
        calendar_id: office.id,
        put: vec![CalendarDayDto {
            day: sb_app::today().plus_days(3).to_string(),
            hours: String::new(),
            note: Some("A holiday announced late".into()),
        }],
        remove: vec![],
    })
    .await?;
    let calendar_recount = t.elapsed();

    let with_due: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM tickets WHERE sla_due IS NOT NULL")
            .fetch_one(raw)
            .await?;
    let (due, priority, updated_at, id): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT sla_due, priority, updated_at, id FROM tickets WHERE sla_due IS NOT NULL \
         ORDER BY sla_due, id LIMIT 1 OFFSET $1",
    )
    .bind(with_due / 2)
    .fetch_one(raw)
    .await?;
    let half_way = QueueCursor {
        priority,
        updated_at,
        id,
        due: Some(due),
    };
    let pages = compare_ops(
        app,
        &Raw::Sqlite(raw.clone()),
        &[Op::DueFirst, Op::DueDeep(half_way)],
    )
    .await?;

    let t = Instant::now();
    let mut rolled = 0;
    loop {
        let n = app.roll_metrics(ROLL_BATCH).await?;
        if n == 0 {
            break;
        }
        rolled += n;
    }
    let roll_time = t.elapsed();
    println!(
        "sla: rolled up {} tickets in {:.1} s",
        group(rolled),
        roll_time.as_secs_f64()
    );

    let today = sb_app::today();
    let year = MetricsQuery {
        from: today.plus_days(-364).to_string(),
        to: today.to_string(),
        ..MetricsQuery::default()
    };
    let m = app.metrics(year.clone()).await?;
    if !m.rolled_up || m.opened == 0 {
        return Err(format!(
            "the dashboard read {} tickets, rolled up: {}",
            m.opened, m.rolled_up
        )
        .into());
    }
    let from = (today.plus_days(-364).start_ms()) - offset_ms();
    let to = today.plus_days(1).start_ms() - offset_ms();
    let raw_opened = raw_dashboard(raw, from, to).await?;
    if raw_opened != m.opened {
        return Err(format!(
            "the dashboard counts {} opened, raw SQL {raw_opened}",
            m.opened
        )
        .into());
    }
    let (mut app_times, mut raw_times) = (Vec::new(), Vec::new());
    for i in 0..DASHBOARD_RUNS {
        for side in [i % 2, 1 - i % 2] {
            let t = Instant::now();
            if side == 0 {
                drop(app.metrics(year.clone()).await?);
                app_times.push(t.elapsed());
            } else {
                raw_dashboard(raw, from, to).await?;
                raw_times.push(t.elapsed());
            }
        }
    }
    let dashboard = Measured {
        name: "the lead's dashboard: a year, all clients".into(),
        runs: DASHBOARD_RUNS,
        app: Stats::of(app_times),
        raw: Stats::of(raw_times),
    };
    println!("{}", dashboard.line());
    Ok(SlaBench {
        open,
        policy_recount,
        calendar_recount,
        pages,
        rolled,
        roll_time,
        dashboard,
    })
}

/// This machine's offset from UTC in ms (the report counts local days).
fn offset_ms() -> i64 {
    i64::from(chrono::Local::now().offset().local_minus_utc()) * 1_000
}

/// The dashboard's counts straight from the tickets: opened and their SLA outcomes per day,
/// resolved per day, arrivals by weekday and hour, opened and resolved per assignee, tickets
/// open at the start. Returns how many were opened.
async fn raw_dashboard(raw: &SqlitePool, from: i64, to: i64) -> Result<i64> {
    let per_day: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT (created_at - $1) / $3 AS d, COUNT(*), \
           SUM(CASE WHEN sla_response_ok = 1 THEN 1 ELSE 0 END), \
           SUM(CASE WHEN sla_resolution_ok = 1 THEN 1 ELSE 0 END) \
         FROM tickets WHERE created_at >= $1 AND created_at < $2 GROUP BY d",
    )
    .bind(from)
    .bind(to)
    .bind(DAY)
    .fetch_all(raw)
    .await?;
    let _: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT (resolved_at - $1) / $3 AS d, COUNT(*) FROM tickets \
         WHERE resolved_at >= $1 AND resolved_at < $2 GROUP BY d",
    )
    .bind(from)
    .bind(to)
    .bind(DAY)
    .fetch_all(raw)
    .await?;
    let _: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT (created_at / 3600000) % 168 AS h, COUNT(*) FROM tickets \
         WHERE created_at >= $1 AND created_at < $2 GROUP BY h",
    )
    .bind(from)
    .bind(to)
    .fetch_all(raw)
    .await?;
    let _: Vec<(Option<i64>, i64)> = sqlx::query_as(
        "SELECT assignee_id, COUNT(*) FROM tickets WHERE created_at >= $1 AND created_at < $2 \
         GROUP BY assignee_id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(raw)
    .await?;
    let _: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM tickets WHERE created_at < $1 \
           AND (resolved_at IS NULL OR resolved_at >= $1)",
    )
    .bind(from)
    .fetch_one(raw)
    .await?;
    Ok(per_day.iter().map(|d| d.1).sum())
}
