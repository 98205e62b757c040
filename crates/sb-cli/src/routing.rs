//! `sb rule ...`: the routing rules, the desk's business hours, routing a ticket on demand and
//! what routed it, and the dry run of a draft rule set; the same `App` calls as Settings ->
//! Routing and the card.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use sb_app::sb_domain::{Channel, Line, Priority};
use sb_app::{
    ApiError, ApiResult, App, AssignKind, BusinessHoursDto, DraftRuleInput, DryRunInput,
    HoursConditionDto, RuleDto, RuleInput,
};

use sb_i18n::msg;

use crate::{print, Output};

#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum RuleCommand {
    List,
    Add(RuleArgs),
    Edit {
        id: i64,
        #[command(flatten)]
        rule: RuleArgs,
    },
    Delete {
        id: i64,
    },
    Order {
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    Hours {
        #[arg(long, value_delimiter = ',')]
        days: Option<Vec<u8>>,
        #[arg(long)]
        start: Option<String>,
        #[arg(long)]
        end: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        utc_offset: Option<i32>,
    },
    Route {
        ticket: String,
    },
    Why {
        ticket: String,
    },
    DryRun {
        #[arg(long)]
        file: PathBuf,
        #[arg(long, default_value_t = 200)]
        limit: i64,
    },
}

/// A rule of a dry run's file: as `rule list` shows it, or only its "rule" part.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum DraftRule {
    Listed { id: Option<i64>, rule: RuleInput },
    Bare(RuleInput),
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum HoursArg {
    Any,
    Within,
    Outside,
}

#[derive(Args, Debug)]
pub struct RuleArgs {
    #[arg(long)]
    name: String,
    #[arg(long)]
    disabled: bool,
    #[arg(long = "client")]
    clients: Vec<String>,
    #[arg(long = "direction")]
    directions: Vec<String>,
    #[arg(long = "priority")]
    priorities: Vec<String>,
    #[arg(long = "channel")]
    channels: Vec<String>,
    #[arg(long = "keyword")]
    keywords: Vec<String>,
    #[arg(long, value_enum, default_value = "any")]
    hours: HoursArg,
    #[arg(long)]
    line: Option<String>,
    #[arg(long)]
    queue: Option<String>,
    #[arg(long)]
    assign: Option<String>,
    #[arg(long)]
    set_priority: Option<String>,
    #[arg(long = "tag")]
    tags: Vec<String>,
    #[arg(long)]
    escalate_to: Option<String>,
}

pub async fn rule(app: &App, out: &Output, c: RuleCommand) -> ApiResult<()> {
    match c {
        RuleCommand::List => out.show(&app.routing_rules().await?, |r| rules(r)),
        RuleCommand::Add(args) => {
            let input = rule_input(app, args).await?;
            out.show(&app.create_rule(input).await?, |r| {
                rules(std::slice::from_ref(r))
            })
        }
        RuleCommand::Edit { id, rule } => {
            let input = rule_input(app, rule).await?;
            out.show(&app.update_rule(id, input).await?, |r| {
                rules(std::slice::from_ref(r))
            })
        }
        RuleCommand::Delete { id } => {
            app.delete_rule(id).await?;
            out.show(&serde_json::json!({ "deleted": id }), |_| {
                print::say(&msg!("cli-rule-deleted", id = id.to_string()))
            })
        }
        RuleCommand::Order { ids } => out.show(&app.order_rules(ids).await?, |r| rules(r)),
        RuleCommand::Hours {
            days,
            start,
            end,
            utc_offset,
        } => {
            let now = app.business_hours().await?;
            let h = if days.is_none() && start.is_none() && end.is_none() && utc_offset.is_none() {
                now
            } else {
                app.set_business_hours(BusinessHoursDto {
                    weekdays: days.unwrap_or(now.weekdays),
                    start: start.unwrap_or(now.start),
                    end: end.unwrap_or(now.end),
                    utc_offset_minutes: utc_offset.unwrap_or(now.utc_offset_minutes),
                })
                .await?
            };
            out.show(&h, |h| {
                print::say(&msg!(
                    "cli-business-hours",
                    days = format!("{:?}", h.weekdays),
                    start = h.start.to_string(),
                    end = h.end.to_string(),
                    offset = format!(
                        "{:+}:{:02}",
                        h.utc_offset_minutes / 60,
                        (h.utc_offset_minutes % 60).abs()
                    )
                ))
            })
        }
        RuleCommand::Route { ticket } => {
            let r = app.route_ticket(App::ticket_ref(&ticket)?).await?;
            out.show(&r, routing)
        }
        RuleCommand::Why { ticket } => {
            let r = app.ticket_routing(App::ticket_ref(&ticket)?).await?;
            out.show(&r, routing)
        }
        RuleCommand::DryRun { file, limit } => {
            let text =
                std::fs::read_to_string(&file).map_err(|e| crate::cannot_read("file", &file, e))?;
            let rules: Vec<DraftRule> = serde_json::from_str(&text).map_err(|e| {
                ApiError::invalid_said(
                    "file",
                    msg!(
                        "cli-not-rule-list",
                        path = file.display().to_string(),
                        error = e.to_string()
                    ),
                )
            })?;
            let rules = rules
                .into_iter()
                .map(|r| match r {
                    DraftRule::Listed { id, rule } => DraftRuleInput { id, rule },
                    DraftRule::Bare(rule) => DraftRuleInput { id: None, rule },
                })
                .collect();
            let run = app.dry_run_rules(DryRunInput { rules, limit }).await?;
            out.show(&run, |r| {
                let mut s = print::say(&msg!(
                    "cli-dry-run",
                    changed = r.changed,
                    total = r.rows.len()
                ));
                for row in r.rows.iter().filter(|x| x.changed) {
                    let draft = row
                        .draft
                        .clone()
                        .unwrap_or_else(|| print::say(&msg!("cli-no-rule")));
                    s.push_str(&format!(
                        "\n{} {}:\n  {}\n  {}",
                        row.number,
                        row.subject,
                        print::say(&msg!("cli-dry-run-now", now = &row.current)),
                        print::say(&msg!("cli-dry-run-draft", draft = draft))
                    ));
                }
                s
            })
        }
    }
}

/// The rules in the order they are tried.
fn rules(list: &[RuleDto]) -> String {
    let mut table = print::Table::new(&[
        ("cli-col-order", 0, true),
        ("cli-col-id", 0, false),
        ("cli-col-name", 0, false),
        ("cli-col-rule", 0, false),
    ]);
    for r in list {
        let disabled = if r.rule.enabled {
            String::new()
        } else {
            print::say(&msg!("cli-disabled"))
        };
        table.row(vec![
            r.position.to_string(),
            format!("#{}", r.id),
            format!("{}{disabled}", r.rule.name),
            r.summary.clone(),
        ]);
    }
    table.render_or(msg!("cli-rules-none"))
}

pub(crate) fn routing(r: &sb_app::TicketRoutingDto) -> String {
    let mut s = match &r.decision {
        Some(d) => print::say(&msg!(
            "cli-routed",
            rule = &d.rule_name,
            why = d.why.join("; "),
            at = print::time(d.at),
            actor = &d.actor_name,
            did = &d.did
        )),
        None => print::say(&msg!("cli-not-routed")),
    };
    if let Some(q) = &r.queue {
        s.push_str(&format!(
            "\n{}",
            print::say(&msg!("cli-routing-queue", queue = q))
        ));
    }
    if !r.tags.is_empty() {
        let tags = r.tags.join(", ");
        s.push_str(&format!(
            "\n{}",
            print::say(&msg!("cli-routing-tags", tags = tags))
        ));
    }
    s
}

fn word<T: serde::de::DeserializeOwned>(kind: &str, field: &str, text: &str) -> ApiResult<T> {
    serde_json::from_value(serde_json::Value::String(text.trim().to_lowercase())).map_err(|_| {
        ApiError::invalid_said(field, msg!("cli-not-a-word", text = text, kind = kind))
    })
}

async fn rule_input(app: &App, a: RuleArgs) -> ApiResult<RuleInput> {
    let mut client_ids = Vec::new();
    for c in &a.clients {
        client_ids.push(app.client_by_ref(c).await?.id);
    }
    let (assign, assign_users) = match a.assign.as_deref() {
        None => (AssignKind::Nobody, Vec::new()),
        Some(spec) => {
            let (kind, who) = spec
                .split_once(':')
                .ok_or_else(|| ApiError::invalid_said("assign", msg!("cli-assign-form")))?;
            let kind = match kind {
                "person" => AssignKind::Person,
                "round-robin" => AssignKind::RoundRobin,
                "least-loaded" => AssignKind::LeastLoaded,
                other => {
                    return Err(ApiError::invalid_said(
                        "assign",
                        msg!("cli-assign-kind", text = other),
                    ))
                }
            };
            let people = app.users().await?;
            let mut ids = Vec::new();
            for w in who.split(',').map(str::trim).filter(|w| !w.is_empty()) {
                let id = match w.parse::<i64>() {
                    Ok(id) => id,
                    Err(_) => people
                        .iter()
                        .find(|u| u.name.eq_ignore_ascii_case(w))
                        .map(|u| u.id)
                        .ok_or_else(|| {
                            ApiError::invalid_said("assign", msg!("cli-nobody-called", text = w))
                        })?,
                };
                ids.push(id);
            }
            (kind, ids)
        }
    };
    Ok(RuleInput {
        name: a.name,
        enabled: !a.disabled,
        client_ids,
        directions: a.directions,
        priorities: a
            .priorities
            .iter()
            .map(|p| word::<Priority>("priority", "priorities", p))
            .collect::<ApiResult<_>>()?,
        channels: a
            .channels
            .iter()
            .map(|c| word::<Channel>("channel", "channels", c))
            .collect::<ApiResult<_>>()?,
        keywords: a.keywords,
        hours: match a.hours {
            HoursArg::Any => HoursConditionDto::Any,
            HoursArg::Within => HoursConditionDto::Within,
            HoursArg::Outside => HoursConditionDto::Outside,
        },
        line: a
            .line
            .as_deref()
            .map(|l| word::<Line>("line", "line", l))
            .transpose()?,
        queue: a.queue,
        assign,
        assign_users,
        priority: a
            .set_priority
            .as_deref()
            .map(|p| word::<Priority>("priority", "priority", p))
            .transpose()?,
        tags: a.tags,
        vendor_id: match a.escalate_to.as_deref() {
            Some(v) => Some(app.vendor_ref(v).await?),
            None => None,
        },
    })
}
