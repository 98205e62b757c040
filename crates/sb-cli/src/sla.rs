//! `sb sla ...`: working calendars (hours, time zone, holidays and moved working days), SLA
//! policies (the default and one per client contract) and a ticket's clocks; the same `App`
//! calls as Settings -> SLA and the card.

use clap::{Args, Subcommand};
use sb_app::sb_domain::sla::{BreachAction, Goal, Threshold};
use sb_app::sb_domain::{Priority, Status};
use sb_app::{
    ApiError, ApiResult, App, CalendarDayDto, CalendarDaysInput, CalendarDto, CalendarInput,
    NoticeReason, PolicyTargetDto, SlaNoticeDto, SlaPolicyDto, SlaPolicyInput, TicketClocksDto,
};

use sb_i18n::msg;

use crate::{print, Output};

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

#[derive(Subcommand, Debug)]
pub enum SlaCommand {
    #[command(subcommand)]
    Calendar(CalendarCommand),
    #[command(subcommand)]
    Policy(PolicyCommand),
    Clocks {
        ticket: String,
    },
    Recount,
    Notices(crate::DeskNotices),
    Check,
}

#[derive(Subcommand, Debug)]
pub enum CalendarCommand {
    List,
    Show {
        id: i64,
    },
    Add(CalendarArgs),
    Edit {
        id: i64,
        #[command(flatten)]
        calendar: CalendarArgs,
    },
    Delete {
        id: i64,
    },
    Day {
        id: i64,
        date: String,
        #[arg(long, conflicts_with = "off")]
        hours: Option<String>,
        #[arg(long)]
        off: bool,
        #[arg(long)]
        note: Option<String>,
    },
    ClearDay {
        id: i64,
        date: String,
    },
    Import {
        id: i64,
        file: std::path::PathBuf,
    },
}

#[derive(Args, Debug)]
pub struct CalendarArgs {
    #[arg(long)]
    name: String,
    #[arg(long = "time-zone")]
    time_zone: String,
    #[arg(long, default_value = "mon-fri")]
    workdays: String,
    #[arg(long, default_value = "09:00-18:00")]
    hours: String,
    #[arg(long = "day-hours")]
    day_hours: Vec<String>,
    #[arg(long)]
    always: bool,
}

#[derive(Subcommand, Debug)]
pub enum PolicyCommand {
    List,
    Show {
        id: i64,
    },
    Add(PolicyArgs),
    Edit {
        id: i64,
        #[command(flatten)]
        policy: PolicyArgs,
    },
    Delete {
        id: i64,
    },
}

#[derive(Args, Debug)]
pub struct PolicyArgs {
    #[arg(long)]
    name: String,
    #[arg(long = "default", conflicts_with = "client")]
    is_default: bool,
    #[arg(long)]
    client: Option<String>,
    #[arg(long)]
    calendar: i64,
    #[arg(long, value_delimiter = ',', default_value = "pending_customer")]
    pause: Vec<Status>,
    #[arg(long = "target", required = true)]
    targets: Vec<String>,
    #[arg(
        long = "on-breach",
        value_delimiter = ',',
        default_value = "notify_lead"
    )]
    on_breach: Vec<String>,
}

pub async fn sla(app: &App, out: &Output, c: SlaCommand) -> ApiResult<()> {
    match c {
        SlaCommand::Calendar(c) => calendar(app, out, c).await,
        SlaCommand::Policy(c) => policy(app, out, c).await,
        SlaCommand::Clocks { ticket } => {
            let id = App::ticket_ref(&ticket)?;
            out.show(&app.ticket_clocks(id).await?, clocks_text)
        }
        SlaCommand::Notices(n) => {
            let (take, list) = (|| app.take_sla_notices(), |l| app.sla_notices(l));
            n.show(out, take, list, msg!("cli-sla-notices-none"), notice_text)
                .await
        }
        SlaCommand::Check => {
            let n = app.check_sla_alerts().await?;
            out.show(&serde_json::json!({ "lookedAt": n }), |_| {
                print::say(&msg!("cli-sla-checked", count = n))
            })
        }
        SlaCommand::Recount => {
            let n = app.recount_open_clocks().await?;
            out.show(&serde_json::json!({ "recounted": n }), |_| {
                print::say(&msg!("cli-sla-recounted", count = n))
            })
        }
    }
}

async fn calendar(app: &App, out: &Output, c: CalendarCommand) -> ApiResult<()> {
    match c {
        CalendarCommand::List => out.show(&app.calendars().await?, |list| {
            print::lines(list, msg!("cli-calendars-none"), |c| {
                calendar_text(c, false)
            })
        }),
        CalendarCommand::Show { id } => {
            out.show(&app.calendar(id).await?, |c| calendar_text(c, true))
        }
        CalendarCommand::Add(a) => out.show(&app.create_calendar(calendar_input(a)?).await?, |c| {
            calendar_text(c, true)
        }),
        CalendarCommand::Edit { id, calendar } => out.show(
            &app.update_calendar(id, calendar_input(calendar)?).await?,
            |c| calendar_text(c, true),
        ),
        CalendarCommand::Delete { id } => {
            app.delete_calendar(id).await?;
            out.show(&serde_json::json!({ "deleted": id }), |_| {
                print::say(&msg!("cli-calendar-removed", id = id.to_string()))
            })
        }
        CalendarCommand::Day {
            id,
            date,
            hours,
            off,
            note,
        } => {
            let hours = match (hours, off) {
                (Some(h), false) => h,
                (None, true) => String::new(),
                _ => {
                    return Err(ApiError::invalid_said(
                        "hours",
                        msg!("cli-day-hours-or-off"),
                    ))
                }
            };
            let input = CalendarDaysInput {
                calendar_id: id,
                put: vec![CalendarDayDto {
                    day: date,
                    hours,
                    note,
                }],
                remove: Vec::new(),
            };
            out.show(&app.set_calendar_days(input).await?, |c| {
                calendar_text(c, true)
            })
        }
        CalendarCommand::Import { id, file } => {
            let ics = if file.as_os_str() == "-" {
                let mut text = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|e| {
                    ApiError::invalid_said(
                        "file",
                        msg!("cli-cannot-read-stdin-long", error = e.to_string()),
                    )
                })?;
                text
            } else {
                std::fs::read_to_string(&file).map_err(|e| crate::cannot_read("file", &file, e))?
            };
            let done = app.import_calendar_ics(id, &ics).await?;
            out.show(&done, |d| {
                let imported = msg!(
                    "cli-calendar-imported",
                    imported = d.imported,
                    skipped = d.skipped
                );
                format!(
                    "{}\n{}",
                    print::say(&imported),
                    calendar_text(&d.calendar, true)
                )
            })
        }
        CalendarCommand::ClearDay { id, date } => {
            let input = CalendarDaysInput {
                calendar_id: id,
                put: Vec::new(),
                remove: vec![date],
            };
            out.show(&app.set_calendar_days(input).await?, |c| {
                calendar_text(c, true)
            })
        }
    }
}

async fn policy(app: &App, out: &Output, c: PolicyCommand) -> ApiResult<()> {
    match c {
        PolicyCommand::List => out.show(&app.sla_policies().await?, |list| {
            if list.is_empty() {
                return print::say(&msg!("cli-policies-none"));
            }
            list.iter()
                .map(policy_text)
                .collect::<Vec<_>>()
                .join("\n\n")
        }),
        PolicyCommand::Show { id } => out.show(&app.sla_policy(id).await?, policy_text),
        PolicyCommand::Add(a) => {
            let input = policy_input(app, a).await?;
            out.show(&app.create_sla_policy(input).await?, policy_text)
        }
        PolicyCommand::Edit { id, policy } => {
            let input = policy_input(app, policy).await?;
            out.show(&app.update_sla_policy(id, input).await?, policy_text)
        }
        PolicyCommand::Delete { id } => {
            app.delete_sla_policy(id).await?;
            out.show(&serde_json::json!({ "deleted": id }), |_| {
                print::say(&msg!("cli-policy-removed", id = id.to_string()))
            })
        }
    }
}

fn calendar_input(a: CalendarArgs) -> ApiResult<CalendarInput> {
    let mut week = vec![String::new(); 7];
    if a.always {
        week = vec!["00:00-24:00".to_string(); 7];
    } else {
        for day in workdays(&a.workdays)? {
            week[day] = a.hours.clone();
        }
        for d in &a.day_hours {
            let (day, hours) = d.split_once('=').ok_or_else(|| {
                ApiError::invalid_said("dayHours", msg!("cli-day-hours-form", text = d))
            })?;
            week[weekday(day)?] = hours.to_string();
        }
    }
    Ok(CalendarInput {
        name: a.name,
        time_zone: a.time_zone,
        week,
    })
}

/// `mon-fri`, `mon,tue,sat` -> weekday indexes (Monday 0).
fn workdays(text: &str) -> ApiResult<Vec<usize>> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (weekday(a)?, weekday(b)?);
                if a > b {
                    return Err(ApiError::invalid_said(
                        "workdays",
                        msg!("cli-workdays-backwards", text = part),
                    ));
                }
                out.extend(a..=b);
            }
            None => out.push(weekday(part)?),
        }
    }
    Ok(out)
}

fn weekday(text: &str) -> ApiResult<usize> {
    let t = text.trim().to_ascii_lowercase();
    DAYS.iter()
        .position(|d| t.starts_with(d))
        .ok_or_else(|| ApiError::invalid_said("workdays", msg!("cli-not-weekday", text = text)))
}

async fn policy_input(app: &App, a: PolicyArgs) -> ApiResult<SlaPolicyInput> {
    let client_id = match &a.client {
        Some(c) => Some(app.client_by_ref(c).await?.id),
        None => None,
    };
    let targets = a
        .targets
        .iter()
        .map(|t| target(t))
        .collect::<ApiResult<Vec<_>>>()?;
    let breach_actions = a
        .on_breach
        .iter()
        .filter(|w| w.trim() != "none")
        .map(|w| {
            w.parse::<BreachAction>().map_err(|e| {
                ApiError::invalid_said(
                    "breachActions",
                    msg!("cli-on-breach", value = e.value, expected = e.expected),
                )
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(SlaPolicyInput {
        name: a.name,
        client_id,
        is_default: a.is_default,
        calendar_id: a.calendar,
        pause_statuses: a.pause,
        targets,
        breach_actions,
    })
}

fn notice_text(n: &SlaNoticeDto) -> String {
    let what = match n.threshold {
        Threshold::Warning => "warning",
        Threshold::Breach => "breach",
    };
    let why = match n.reason {
        NoticeReason::Assignee => "assignee",
        NoticeReason::Line => "line",
        NoticeReason::Lead => "lead",
    };
    let notice = msg!(
        "cli-sla-notice",
        goal = goal_word(n.goal),
        what = print::say(&msg!("cli-sla-threshold", threshold = what)),
        at = print::time(n.crossed_at),
        why = print::say(&msg!("cli-sla-reason", reason = why))
    );
    let done: Vec<String> = n
        .actions
        .iter()
        .filter(|a| **a != BreachAction::NotifyLead)
        .map(|a| action_word(*a))
        .collect();
    format!(
        "{} {} {}{}: {}",
        n.ticket_number,
        n.client_code,
        print::say(&notice),
        if done.is_empty() {
            String::new()
        } else {
            format!(", {}", done.join(", "))
        },
        n.subject
    )
}

/// `p1:database=30/4h@2`
fn target(text: &str) -> ApiResult<PolicyTargetDto> {
    let bad = |why: &str| {
        ApiError::invalid_said(
            "targets",
            msg!("cli-target-form", text = text, why = sb_i18n::Msg::new(why)),
        )
    };
    let (head, times) = text
        .split_once('=')
        .ok_or_else(|| bad("cli-target-no-equals"))?;
    let (priority, direction) = match head.split_once(':') {
        Some((p, d)) => (p, Some(d.trim().to_string())),
        None => (head, None),
    };
    let priority: Priority = priority
        .trim()
        .to_ascii_lowercase()
        .parse()
        .map_err(|_| bad("cli-target-no-priority"))?;
    let (times, calendar_id) = match times.split_once('@') {
        Some((t, c)) => (
            t,
            Some(
                c.trim()
                    .parse::<i64>()
                    .map_err(|_| bad("cli-target-no-calendar"))?,
            ),
        ),
        None => (times, None),
    };
    let (first, resolution) = times
        .split_once('/')
        .ok_or_else(|| bad("cli-target-no-slash"))?;
    Ok(PolicyTargetDto {
        priority,
        direction,
        first_response_minutes: minutes(first).ok_or_else(|| bad("cli-target-bad-time"))?,
        resolution_minutes: minutes(resolution).ok_or_else(|| bad("cli-target-bad-time"))?,
        calendar_id,
    })
}

/// `-` -> no target; `30` minutes, `4h`, `2d` (of 24 working hours).
fn minutes(text: &str) -> Option<Option<i64>> {
    let t = text.trim();
    if t == "-" {
        return Some(None);
    }
    let (number, unit) = match t.char_indices().last()? {
        (i, 'h') => (&t[..i], 60),
        (i, 'd') => (&t[..i], 24 * 60),
        (i, 'm') => (&t[..i], 1),
        _ => (t, 1),
    };
    let n: i64 = number.trim().parse().ok()?;
    Some(Some(n.checked_mul(unit)?))
}

fn calendar_text(c: &CalendarDto, full: bool) -> String {
    let week: Vec<String> = c
        .week
        .iter()
        .zip(DAYS)
        .map(|(h, d)| format!("{d} {}", hours_or_off(h)))
        .collect();
    let mut out = format!(
        "{} {} ({}{})\n  {}",
        c.id,
        c.name,
        c.time_zone,
        if c.always {
            print::say(&msg!("cli-calendar-always"))
        } else {
            String::new()
        },
        week.join("; ")
    );
    if full {
        for d in &c.days {
            out.push_str(&format!(
                "\n  {} {}{}",
                d.day,
                hours_or_off(&d.hours),
                d.note
                    .as_deref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default()
            ));
        }
    } else if !c.days.is_empty() {
        let special = msg!("cli-calendar-special", count = c.days.len());
        out.push_str(&format!("\n  {}", print::say(&special)));
    }
    out
}

fn policy_text(p: &SlaPolicyDto) -> String {
    let whose = match (&p.client_code, p.is_default) {
        (Some(code), _) => msg!("cli-policy-whose", whose = "contract", code = code),
        (None, true) => msg!("cli-policy-whose", whose = "default", code = ""),
        (None, false) => msg!("cli-policy-whose", whose = "none", code = ""),
    };
    let pause: Vec<String> = p.pause_statuses.iter().map(print::status_word).collect();
    let head = msg!(
        "cli-policy-head",
        id = p.id.to_string(),
        name = &p.name,
        whose = whose,
        calendar = p.calendar_id.to_string(),
        calendar_name = &p.calendar_name,
        pause = if pause.is_empty() {
            print::say(&msg!("cli-policy-never"))
        } else {
            pause.join(", ")
        }
    );
    let mut out = print::say(&head);
    let actions: Vec<String> = p.breach_actions.iter().map(|a| action_word(*a)).collect();
    let actions = if actions.is_empty() {
        print::say(&msg!("cli-policy-tell-assignee"))
    } else {
        actions.join(", ")
    };
    out.push_str(&print::say(&msg!(
        "cli-policy-on-breach",
        actions = actions
    )));
    for t in &p.targets {
        let m = |v: Option<i64>| v.map_or("-".to_string(), duration);
        let target = msg!(
            "cli-policy-target",
            first_response = m(t.first_response_minutes),
            resolution = m(t.resolution_minutes)
        );
        out.push_str(&format!(
            "\n  {}{}: {}{}",
            t.priority.as_str().to_uppercase(),
            t.direction
                .as_deref()
                .map(|d| format!(" {d}"))
                .unwrap_or_default(),
            print::say(&target),
            t.calendar_id
                .map(|c| print::say(&msg!("cli-policy-target-calendar", id = c.to_string())))
                .unwrap_or_default()
        ));
    }
    out
}

fn clocks_text(c: &TicketClocksDto) -> String {
    let Some(policy) = &c.policy_name else {
        return print::say(&msg!("cli-clocks-no-policy"));
    };
    if c.clocks.is_empty() {
        return print::say(&msg!("cli-clocks-no-target", policy = policy));
    }
    let mut out = print::say(&msg!("cli-clocks-policy", policy = policy));
    for k in &c.clocks {
        let state = match k.state {
            sb_app::ClockStateDto::Running => match (k.breached_at, k.due_at) {
                (Some(at), _) => msg!(
                    "cli-clock-overrun",
                    by = duration(-k.left_minutes),
                    at = print::time(at)
                ),
                (None, Some(due)) => msg!(
                    "cli-clock-left",
                    left = duration(k.left_minutes),
                    due = print::time(due)
                ),
                (None, None) => msg!("cli-clock-running"),
            },
            sb_app::ClockStateDto::Paused => msg!(
                "cli-clock-paused",
                by = k
                    .paused_by
                    .map(|s| print::status_word(&s))
                    .unwrap_or_else(|| print::say(&msg!("cli-clock-waiting"))),
                left = duration(k.left_minutes.max(0))
            ),
            sb_app::ClockStateDto::Met if k.breached_at.is_some() => {
                msg!("cli-clock-met-late", used = duration(k.used_minutes))
            }
            sb_app::ClockStateDto::Met => msg!("cli-clock-met", used = duration(k.used_minutes)),
        };
        let clock = msg!(
            "cli-clock",
            goal = goal_word(k.goal),
            state = state,
            target = duration(k.target_minutes),
            percent = k.percent,
            calendar = &k.calendar_name
        );
        out.push_str(&format!("\n  {}", print::say(&clock)));
    }
    out
}

/// A breach action as people read it.
fn action_word(a: BreachAction) -> String {
    print::say(&msg!("cli-breach-action", action = a.as_str()))
}

/// A goal as people read it.
fn goal_word(g: Goal) -> String {
    let goal = match g {
        Goal::FirstResponse => "first_response",
        Goal::Resolution => "resolution",
    };
    print::say(&msg!("cli-goal", goal = goal))
}

/// A day's hours, or that it is a day off.
fn hours_or_off(hours: &str) -> String {
    if hours.is_empty() {
        print::say(&msg!("cli-day-off"))
    } else {
        hours.to_string()
    }
}

/// 90 -> "1h 30m".
fn duration(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    let d = match (h, m) {
        (0, m) => msg!("cli-sla-minutes", minutes = m),
        (h, 0) => msg!("cli-sla-hours", hours = h),
        (h, m) => msg!("cli-sla-hours-minutes", hours = h, minutes = m),
    };
    print::say(&d)
}
