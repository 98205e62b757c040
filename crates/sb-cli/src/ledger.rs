//! `sb package ...`, `sb time ...`, `sb hours ...` and `sb report`: the hours ledger, the same
//! `App` calls as the client dashboard, the card's time panel and the portfolio.
//!
//! Hours are typed as people write them: `40`, `2.5`, `1:30`, or minutes as `90m`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use sb_app::{
    AdjustInput, ApiError, ApiResult, App, DirectionMinutes, EntriesSelection, OverageKind,
    PackageInput, RolloverKind, StatementFormat, StatementInput, ThresholdNotice, TimeInput,
    WorkTypeRate,
};

use sb_i18n::msg;

use crate::{print, Output};

#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum PackageCommand {
    List {
        #[arg(long)]
        client: String,
    },
    Show {
        id: i64,
    },
    Create {
        #[arg(long)]
        client: String,
        #[command(flatten)]
        terms: TermsArgs,
    },
    Edit {
        id: i64,
        #[command(flatten)]
        terms: TermsArgs,
    },
    Renew {
        id: i64,
    },
    Close {
        id: i64,
    },
}

#[derive(Args, Debug)]
pub struct TermsArgs {
    #[arg(long)]
    name: String,
    #[arg(long)]
    start: String,
    #[arg(long)]
    end: String,
    #[arg(long, conflicts_with = "hours")]
    shared_hours: Option<String>,
    #[arg(long = "hours")]
    hours: Vec<String>,
    #[arg(long, default_value_t = 1)]
    order: i64,
    #[arg(long, default_value_t = 15)]
    rounding: i64,
    #[arg(long, default_value_t = 0)]
    minimum: i64,
    #[arg(long = "work-type")]
    work_types: Vec<String>,
    #[arg(long, default_value = "block")]
    overage: String,
    #[arg(long, default_value = "none")]
    rollover: String,
    #[arg(long)]
    rollover_expires_days: Option<i32>,
    #[arg(long, value_delimiter = ',', default_value = "50,75,90,100")]
    thresholds: Vec<u32>,
    #[arg(long, default_value_t = 10)]
    burn_margin: u32,
}

#[derive(Subcommand, Debug)]
pub enum TimeCommand {
    Log {
        ticket: String,
        #[command(flatten)]
        entry: EntryArgs,
        #[arg(long)]
        preview: bool,
    },
    List {
        ticket: String,
    },
    Edit {
        id: i64,
        #[command(flatten)]
        entry: EntryArgs,
    },
    Delete {
        id: i64,
    },
    Adjust {
        id: i64,
        #[arg(long, allow_hyphen_values = true)]
        hours: String,
        #[arg(long)]
        note: String,
    },
    Approve(Selection),
    Invoice(Selection),
    Start {
        ticket: String,
    },
    Stop {
        ticket: String,
        #[arg(long = "type", default_value = "remote")]
        work_type: String,
        #[arg(long)]
        not_billable: bool,
        #[arg(long, default_value = "")]
        note: String,
    },
    Discard {
        ticket: String,
    },
}

#[derive(Args, Debug)]
pub struct EntryArgs {
    #[arg(long)]
    hours: String,
    #[arg(long)]
    date: Option<String>,
    #[arg(long = "type", default_value = "remote")]
    work_type: String,
    #[arg(long)]
    not_billable: bool,
    #[arg(long, default_value = "")]
    note: String,
}

#[derive(Args, Debug)]
pub struct Selection {
    ids: Vec<i64>,
    #[arg(long)]
    client: Option<String>,
    #[arg(long)]
    from: Option<String>,
    #[arg(long)]
    to: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum HoursCommand {
    Dashboard {
        client: String,
    },
    Portfolio,
    Entries {
        client: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    Notices(crate::DeskNotices),
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum FormatArg {
    Pdf,
    Csv,
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ReportArgs {
    #[command(subcommand)]
    what: Option<crate::metrics::ReportCommand>,
    #[arg(long)]
    client: Option<String>,
    #[arg(long)]
    from: Option<String>,
    #[arg(long)]
    to: Option<String>,
    #[arg(long, value_enum, default_value = "pdf")]
    format: FormatArg,
    #[arg(long)]
    leave_out_drafts: bool,
    #[arg(long)]
    out: Option<PathBuf>,
}

pub async fn package(app: &App, out: &Output, c: PackageCommand) -> ApiResult<()> {
    match c {
        PackageCommand::List { client } => {
            let id = app.client_by_ref(&client).await?.id;
            out.show(&app.packages(id).await?, |p| print::packages(p))
        }
        PackageCommand::Show { id } => out.show(&app.package(id).await?, print::package_detail),
        PackageCommand::Create { client, terms } => {
            let id = app.client_by_ref(&client).await?.id;
            let input = terms_input(id, terms)?;
            out.show(&app.create_package(input).await?, |p| {
                print::packages(std::slice::from_ref(p))
            })
        }
        PackageCommand::Edit { id, terms } => {
            let client = app.package(id).await?.package.client_id;
            let input = terms_input(client, terms)?;
            out.show(&app.update_package(id, input).await?, |p| {
                print::packages(std::slice::from_ref(p))
            })
        }
        PackageCommand::Renew { id } => out.show(&app.renew_package(id).await?, |p| {
            print::packages(std::slice::from_ref(p))
        }),
        PackageCommand::Close { id } => out.show(&app.close_package(id).await?, |p| {
            print::packages(std::slice::from_ref(p))
        }),
    }
}

pub async fn time(app: &App, out: &Output, c: TimeCommand) -> ApiResult<()> {
    match c {
        TimeCommand::Log {
            ticket,
            entry,
            preview,
        } => {
            let input = entry_input(App::ticket_ref(&ticket)?, entry)?;
            if preview {
                out.show(&app.preview_time(input).await?, print::time_preview)
            } else {
                out.show(&app.log_time(input).await?, print::time_entry)
            }
        }
        TimeCommand::List { ticket } => {
            let t = app.ticket_time(App::ticket_ref(&ticket)?).await?;
            out.show(&t, print::ticket_time)
        }
        TimeCommand::Edit { id, entry } => {
            let ticket = app_entry_ticket(app, id).await?;
            let input = entry_input(ticket, entry)?;
            out.show(&app.edit_time(id, input).await?, print::time_entry)
        }
        TimeCommand::Delete { id } => {
            app.delete_time(id).await?;
            out.show(&serde_json::json!({ "deleted": id }), |_| {
                print::say(&msg!("cli-entry-deleted", id = id.to_string()))
            })
        }
        TimeCommand::Adjust { id, hours, note } => {
            let input = AdjustInput {
                entry_id: id,
                minutes: parse_hours(&hours, "hours", true)?,
                note,
            };
            out.show(&app.adjust_time(input).await?, print::time_entry)
        }
        TimeCommand::Approve(sel) => {
            let n = app.approve_time(selection(app, sel).await?).await?;
            out.show(&serde_json::json!({ "approved": n }), |_| {
                print::say(&msg!("cli-entries-approved", count = n))
            })
        }
        TimeCommand::Invoice(sel) => {
            let n = app.invoice_time(selection(app, sel).await?).await?;
            out.show(&serde_json::json!({ "invoiced": n }), |_| {
                print::say(&msg!("cli-entries-invoiced", count = n))
            })
        }
        TimeCommand::Start { ticket } => {
            let t = app.start_timer(App::ticket_ref(&ticket)?).await?;
            out.show(&t, |t| {
                print::say(&msg!(
                    "cli-timer-started",
                    ticket = &ticket,
                    since = print::time(t.started_at)
                ))
            })
        }
        TimeCommand::Stop {
            ticket,
            work_type,
            not_billable,
            note,
        } => {
            let e = app
                .stop_timer(App::ticket_ref(&ticket)?, work_type, !not_billable, note)
                .await?;
            out.show(&e, print::time_entry)
        }
        TimeCommand::Discard { ticket } => {
            app.discard_timer(App::ticket_ref(&ticket)?).await?;
            out.show(&serde_json::json!({ "discarded": ticket }), |_| {
                print::say(&msg!("cli-timer-discarded"))
            })
        }
    }
}

pub async fn hours_view(app: &App, out: &Output, c: HoursCommand) -> ApiResult<()> {
    match c {
        HoursCommand::Dashboard { client } => {
            let id = app.client_by_ref(&client).await?.id;
            out.show(&app.client_dashboard(id).await?, print::dashboard)
        }
        HoursCommand::Portfolio => out.show(&app.portfolio().await?, print::portfolio),
        HoursCommand::Entries { client, from, to } => {
            let id = app.client_by_ref(&client).await?.id;
            out.show(&app.client_time(id, &from, &to).await?, |e| {
                print::time_entries(e)
            })
        }
        HoursCommand::Notices(n) => {
            let take = || app.take_threshold_notices();
            let list = |l| app.threshold_notices(l);
            n.show(
                out,
                take,
                list,
                msg!("cli-threshold-notices-none"),
                threshold_notice,
            )
            .await
        }
    }
}

/// A threshold notice in the printed language: when, whose package, what it crossed and what
/// is left; one still waiting for a desk says so.
fn threshold_notice(n: &ThresholdNotice) -> String {
    let line = print::say(&msg!(
        "cli-threshold-notice",
        at = print::time(n.crossed_at),
        client = &n.title,
        notice = n.msg.clone()
    ));
    match n.shown_at {
        Some(_) => line,
        None => print::say(&msg!("cli-threshold-notice-waiting", line = line)),
    }
}

pub async fn report(app: &App, out: &Output, r: ReportArgs) -> ApiResult<()> {
    if let Some(what) = r.what {
        return crate::metrics::report(app, out, what).await;
    }
    let needed = |v: Option<String>, flag: &str| {
        v.ok_or_else(|| ApiError::invalid_said(flag, msg!("cli-statement-needs", flag = flag)))
    };
    let client_id = app.client_by_ref(&needed(r.client, "client")?).await?.id;
    let input = StatementInput {
        client_id,
        from: needed(r.from, "from")?,
        to: needed(r.to, "to")?,
        format: match r.format {
            FormatArg::Pdf => StatementFormat::Pdf,
            FormatArg::Csv => StatementFormat::Csv,
        },
        leave_out_drafts: r.leave_out_drafts,
    };
    let (name, bytes) = app.statement(&input).await?;
    let path = r.out.unwrap_or_else(|| PathBuf::from(&name));
    std::fs::write(&path, &bytes).map_err(|e| crate::cannot_write("out", &path, e))?;
    let saved = serde_json::json!({ "path": path.display().to_string(), "size": bytes.len() });
    out.show(&saved, |_| {
        let path = path.display().to_string();
        print::say(&msg!("cli-saved", path = path, size = bytes.len()))
    })
}

async fn app_entry_ticket(app: &App, id: i64) -> ApiResult<i64> {
    app.time_entry(id).await.map(|e| e.ticket_id)
}

async fn selection(app: &App, s: Selection) -> ApiResult<EntriesSelection> {
    let client_id = match &s.client {
        Some(c) => Some(app.client_by_ref(c).await?.id),
        None => None,
    };
    Ok(EntriesSelection {
        ids: s.ids,
        client_id,
        from: s.from,
        to: s.to,
    })
}

fn entry_input(ticket_id: i64, e: EntryArgs) -> ApiResult<TimeInput> {
    Ok(TimeInput {
        ticket_id,
        work_date: e.date,
        minutes: parse_hours(&e.hours, "hours", false)?,
        work_type: e.work_type,
        billable: !e.not_billable,
        note: e.note,
    })
}

fn terms_input(client_id: i64, t: TermsArgs) -> ApiResult<PackageInput> {
    let shared_minutes = t
        .shared_hours
        .as_deref()
        .map(|h| parse_hours(h, "sharedHours", false))
        .transpose()?;
    if shared_minutes.is_none() && t.hours.is_empty() {
        return Err(ApiError::invalid_said("hours", msg!("cli-hours-missing")));
    }
    let directions = t
        .hours
        .iter()
        .map(|pair| {
            let (d, h) = pair.split_once('=').ok_or_else(|| {
                ApiError::invalid_said("hours", msg!("cli-hours-pair", text = pair))
            })?;
            Ok(DirectionMinutes {
                direction: d.trim().to_string(),
                minutes: parse_hours(h, "hours", false)?,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let work_types = if t.work_types.is_empty() {
        vec![("remote", 100), ("on_site", 150), ("after_hours", 200)]
            .into_iter()
            .map(|(k, p)| WorkTypeRate {
                work_type: k.into(),
                percent: p,
            })
            .collect()
    } else {
        t.work_types
            .iter()
            .map(|pair| {
                let (k, p) = pair.split_once('=').ok_or_else(|| {
                    ApiError::invalid_said("multipliers", msg!("cli-multiplier-pair", text = pair))
                })?;
                Ok(WorkTypeRate {
                    work_type: k.trim().to_string(),
                    percent: p.trim().trim_end_matches('%').parse().map_err(|_| {
                        ApiError::invalid_said("multipliers", msg!("cli-not-percent", text = p))
                    })?,
                })
            })
            .collect::<ApiResult<Vec<_>>>()?
    };
    let (overage, overage_minutes, overage_rate) = match t.overage.split_once(':') {
        None if t.overage == "block" => (OverageKind::Block, None, None),
        Some(("allow", h)) => (
            OverageKind::AllowUpTo,
            Some(parse_hours(h, "overage", false)?),
            None,
        ),
        Some(("bill", rate)) => (
            OverageKind::Bill,
            None,
            Some(rate.trim().parse().map_err(|_| {
                ApiError::invalid_said("overage", msg!("cli-not-rate", text = rate))
            })?),
        ),
        _ => {
            return Err(ApiError::invalid_said(
                "overage",
                msg!("cli-overage-form", text = &t.overage),
            ))
        }
    };
    let (rollover, rollover_limit) = match t.rollover.split_once(':') {
        None if t.rollover == "none" => (RolloverKind::None, None),
        None if t.rollover == "all" => (RolloverKind::All, None),
        Some(("hours", h)) => (
            RolloverKind::UpToMinutes,
            Some(parse_hours(h, "rollover", false)?),
        ),
        Some(("percent", p)) => (
            RolloverKind::UpToPercent,
            Some(p.trim().trim_end_matches('%').parse().map_err(|_| {
                ApiError::invalid_said("rollover", msg!("cli-not-percent", text = p))
            })?),
        ),
        _ => {
            return Err(ApiError::invalid_said(
                "rollover",
                msg!("cli-rollover-form", text = &t.rollover),
            ))
        }
    };
    Ok(PackageInput {
        client_id,
        name: t.name,
        start: t.start,
        end: t.end,
        shared_minutes,
        directions,
        stack_order: t.order,
        rounding: t.rounding,
        minimum: t.minimum,
        work_types,
        overage,
        overage_minutes,
        overage_rate,
        rollover,
        rollover_limit,
        rollover_expires_days: t.rollover_expires_days,
        thresholds: t.thresholds,
        burn_margin: t.burn_margin,
    })
}

/// `40`, `2.5`, `1:30` (hours) or `90m` (minutes) as minutes; a leading minus when allowed.
pub fn parse_hours(text: &str, field: &str, signed: bool) -> ApiResult<i64> {
    sb_app::sb_domain::ledger::hours::parse_hours(text, signed)
        .map_err(|e| ApiError::invalid_said(field, msg!("cli-not-duration", text = e.text)))
}

#[cfg(test)]
mod tests {
    use super::parse_hours;

    #[test]
    fn a_refused_duration_names_its_field() {
        let err = parse_hours("1h", "sharedHours", false).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("sharedHours"), "{err:?}");
        assert_eq!(parse_hours("-0:15", "hours", true).unwrap(), -15);
    }
}
