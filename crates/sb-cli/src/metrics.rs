//! `sb report metrics`: the lead's metrics for a period and filters, the same `App::metrics` as
//! the window's Reports view; `--csv FILE` writes its CSV.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use sb_app::sb_domain::{Channel, Line};
use sb_app::{ApiResult, App, MetricsDto, MetricsQuery, SpreadDto};
use sb_i18n::msg;

use crate::print::say;
use crate::Output;

#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    Metrics(MetricsArgs),
}

#[derive(Args, Debug)]
pub struct MetricsArgs {
    #[arg(long)]
    from: String,
    #[arg(long)]
    to: String,
    #[arg(long)]
    client: Option<String>,
    #[arg(long)]
    direction: Option<String>,
    #[arg(long)]
    line: Option<Line>,
    #[arg(long)]
    engineer: Option<i64>,
    #[arg(long)]
    channel: Option<Channel>,
    #[arg(long)]
    csv: Option<PathBuf>,
}

pub async fn report(app: &App, out: &Output, c: ReportCommand) -> ApiResult<()> {
    match c {
        ReportCommand::Metrics(a) => {
            let client_id = match &a.client {
                Some(c) => Some(app.client_by_ref(c).await?.id),
                None => None,
            };
            let q = MetricsQuery {
                from: a.from,
                to: a.to,
                client_id,
                direction: a.direction,
                line: a.line,
                engineer_id: a.engineer,
                channel: a.channel,
            };
            if let Some(path) = a.csv {
                let (_, text) = app.metrics_csv(q).await?;
                std::fs::write(&path, &text).map_err(|e| crate::cannot_write("csv", &path, e))?;
                let saved =
                    serde_json::json!({ "path": path.display().to_string(), "size": text.len() });
                return out.show(&saved, |_| {
                    let path = path.display().to_string();
                    say(&msg!("cli-saved-path", path = path))
                });
            }
            out.show(&app.metrics(q).await?, metrics_text)
        }
    }
}

fn metrics_text(m: &MetricsDto) -> String {
    let t = |v: Option<i64>| v.map_or("-".to_string(), minutes);
    let spread = |s: &SpreadDto| {
        say(&msg!(
            "cli-metrics-spread",
            median = t(s.median_minutes),
            p90 = t(s.p90_minutes),
            count = s.count
        ))
    };
    let pct = |p: Option<i64>, kept: i64, missed: i64| match p {
        Some(p) => say(&msg!(
            "cli-metrics-sla",
            percent = format!("{}.{}", p / 10, p % 10),
            kept = kept,
            missed = missed
        )),
        None => say(&msg!("cli-metrics-no-target")),
    };
    let mut out = vec![
        say(&msg!("cli-metrics-period", from = &m.from, to = &m.to)),
        say(&msg!(
            "cli-metrics-counts",
            opened = m.opened,
            resolved = m.closed,
            open = m.open_at_end
        )),
        say(&msg!(
            "cli-metrics-first-response",
            spread = spread(&m.first_response)
        )),
        say(&msg!(
            "cli-metrics-resolution",
            spread = spread(&m.resolution)
        )),
        say(&msg!(
            "cli-metrics-sla-first-response",
            sla = pct(
                m.response_sla.permille,
                m.response_sla.kept,
                m.response_sla.missed
            )
        )),
        say(&msg!(
            "cli-metrics-sla-resolution",
            sla = pct(
                m.resolution_sla.permille,
                m.resolution_sla.kept,
                m.resolution_sla.missed
            )
        )),
    ];
    if let Some(a) = m.satisfaction.average_centi {
        out.push(say(&msg!(
            "cli-metrics-satisfaction",
            average = format!("{}.{:02}", a / 100, a % 100),
            count = m.satisfaction.count
        )));
    }
    if !m.engineers.is_empty() {
        out.push(say(&msg!("cli-metrics-engineers")));
        for e in &m.engineers {
            out.push(format!(
                "  {}: {}, {}, {}, {}",
                e.name,
                e.open_now,
                e.opened,
                e.closed,
                minutes(e.logged_minutes)
            ));
        }
    }
    if !m.vendors.is_empty() {
        out.push(say(&msg!("cli-metrics-vendors")));
        for v in &m.vendors {
            out.push(format!(
                "  {} {}: {}, {}, {}",
                v.vendor_name,
                v.direction,
                v.cases,
                t(v.median_turnaround_minutes),
                t(v.p90_turnaround_minutes)
            ));
        }
    }
    out.join("\n")
}

fn minutes(m: i64) -> String {
    let d = if m >= 24 * 60 {
        msg!(
            "cli-duration-days",
            days = m / (24 * 60),
            hours = m % (24 * 60) / 60
        )
    } else if m >= 60 {
        msg!(
            "cli-duration-hours",
            hours = m / 60,
            minutes = format!("{:02}", m % 60)
        )
    } else {
        msg!("cli-duration-minutes", minutes = m)
    };
    say(&d)
}
