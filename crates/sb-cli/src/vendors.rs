//! `sb vendor ...`: vendors and their connectors, "test connection", escalating a ticket, its
//! cases at vendors, the vendor outbox with its dead letters, the sync and the scorecard; the
//! same `App` calls as Settings -> Vendors, the card and the Vendors view.

use std::collections::BTreeMap;
use std::io::Read;

use clap::{Args, Subcommand, ValueEnum};
use sb_app::{
    ApiError, ApiResult, App, BondDto, EscalateInput, OutboxState, VendorContactDto, VendorDto,
    VendorInput, VendorMessageDto, VendorSlaDto,
};

use sb_i18n::msg;

use crate::{print, Output};

#[derive(Subcommand, Debug)]
pub enum VendorCommand {
    Kinds,
    List,
    Show {
        vendor: String,
    },
    Add(VendorArgs),
    Edit {
        vendor: String,
        #[command(flatten)]
        args: VendorArgs,
    },
    Remove {
        vendor: String,
    },
    Test {
        vendor: String,
    },
    Escalate {
        ticket: String,
        #[arg(long = "to")]
        vendor: String,
        #[arg(long)]
        note: Option<String>,
    },
    Cases {
        ticket: String,
    },
    Reopen {
        case: i64,
        #[arg(long)]
        comment: String,
    },
    Outbox {
        #[arg(long, value_enum)]
        state: Option<StateArg>,
    },
    Retry {
        message: i64,
    },
    Deliver,
    Sync {
        vendor: Option<String>,
    },
    Scorecard,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum StateArg {
    Pending,
    Sent,
    Dead,
}

#[derive(Args, Debug)]
pub struct VendorArgs {
    #[arg(long)]
    name: String,
    #[arg(long)]
    kind: String,
    #[arg(long = "set", value_name = "KEY=VALUE")]
    settings: Vec<String>,
    #[arg(long = "direction")]
    directions: Vec<String>,
    #[arg(long = "sla")]
    sla: Vec<String>,
    #[arg(long = "contact")]
    contacts: Vec<String>,
    #[arg(long, default_value_t = 60)]
    per_minute: i64,
    #[arg(long)]
    disabled: bool,
    #[arg(long)]
    secret_stdin: bool,
    #[arg(long, conflicts_with = "secret_stdin")]
    clear_secret: bool,
}

pub async fn vendor(app: &App, out: &Output, c: VendorCommand) -> ApiResult<()> {
    match c {
        VendorCommand::Kinds => out.show(&app.connector_kinds(), |kinds| {
            kinds
                .iter()
                .map(|k| {
                    let mut s = format!("{} ({})", k.kind, print::say(&k.label));
                    for f in &k.fields {
                        let field = msg!(
                            "cli-vendor-field",
                            key = &f.key,
                            optional = if f.required {
                                String::new()
                            } else {
                                print::say(&msg!("cli-vendor-optional"))
                            },
                            label = &f.label,
                            hint = &f.hint
                        );
                        s.push_str(&format!("\n  {}", print::say(&field)));
                    }
                    if let Some(secret) = &k.secret {
                        let secret = msg!("cli-vendor-secret-field", secret = secret);
                        s.push_str(&format!("\n  {}", print::say(&secret)));
                    }
                    s
                })
                .collect::<Vec<_>>()
                .join("\n")
        }),
        VendorCommand::List => out.show(&app.vendors().await?, |list| {
            print::lines(list, msg!("cli-vendors-none"), vendor_line)
        }),
        VendorCommand::Show { vendor } => {
            let v = app.vendor(app.vendor_ref(&vendor).await?).await?;
            out.show(&v, vendor_text)
        }
        VendorCommand::Add(args) => {
            let input = vendor_input(args)?;
            out.show(&app.create_vendor(input).await?, vendor_text)
        }
        VendorCommand::Edit { vendor, args } => {
            let id = app.vendor_ref(&vendor).await?;
            let input = vendor_input(args)?;
            out.show(&app.update_vendor(id, input).await?, vendor_text)
        }
        VendorCommand::Remove { vendor } => {
            let id = app.vendor_ref(&vendor).await?;
            let removed = app.remove_vendor(id).await?;
            out.show(
                &serde_json::json!({ "id": id, "removed": removed, "disabled": !removed }),
                |_| {
                    let id = id.to_string();
                    if removed {
                        print::say(&msg!("cli-vendor-removed", id = id))
                    } else {
                        print::say(&msg!("cli-vendor-disabled", id = id))
                    }
                },
            )
        }
        VendorCommand::Test { vendor } => {
            let r = app.test_vendor(app.vendor_ref(&vendor).await?).await?;
            let ok = r.ok;
            out.show(&r, |r| {
                if r.ok {
                    print::say(&msg!("cli-vendor-test-ok", message = &r.message))
                } else {
                    print::say(&msg!(
                        "cli-vendor-test-failed-class",
                        class = r.class.to_string(),
                        message = &r.message
                    ))
                }
            })?;
            if ok {
                Ok(())
            } else {
                Err(ApiError::said(
                    sb_app::ErrorCode::ConnectionFailed,
                    msg!("cli-vendor-test-failed"),
                ))
            }
        }
        VendorCommand::Escalate {
            ticket,
            vendor,
            note,
        } => {
            let input = EscalateInput {
                ticket_id: App::ticket_ref(&ticket)?,
                vendor_id: app.vendor_ref(&vendor).await?,
                note,
            };
            out.show(&app.escalate(input).await?, bond_line)
        }
        VendorCommand::Cases { ticket } => {
            let list = app.ticket_bonds(App::ticket_ref(&ticket)?).await?;
            out.show(&list, |l| {
                print::lines(l, msg!("cli-vendor-cases-none"), bond_line)
            })
        }
        VendorCommand::Reopen { case, comment } => {
            out.show(&app.reopen_bond(case, &comment).await?, bond_line)
        }
        VendorCommand::Outbox { state } => {
            let state = state.map(|s| match s {
                StateArg::Pending => OutboxState::Pending,
                StateArg::Sent => OutboxState::Sent,
                StateArg::Dead => OutboxState::Dead,
            });
            out.show(&app.vendor_outbox(state).await?, |l| {
                print::lines(l, msg!("cli-vendor-outbox-empty"), message_line)
            })
        }
        VendorCommand::Retry { message } => {
            out.show(&app.retry_vendor_message(message).await?, message_line)
        }
        VendorCommand::Deliver => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
            let r = app.deliver_vendor_outbox(now).await?;
            out.show(&r, |r| {
                print::say(&msg!(
                    "cli-vendor-delivered",
                    sent = r.sent,
                    retried = r.retried,
                    dead = r.dead
                ))
            })
        }
        VendorCommand::Sync { vendor } => {
            let r = match vendor {
                Some(v) => app.sync_vendor(app.vendor_ref(&v).await?).await?,
                None => app.sync_vendors().await?,
            };
            out.show(&r, |r| {
                let mut s = print::say(&msg!(
                    "cli-vendor-synced",
                    cases = r.cases_changed,
                    comments = r.comments_added,
                    tickets = r.tickets_moved
                ));
                if r.comments_mended > 0 {
                    let mended = msg!("cli-vendor-mended", count = r.comments_mended);
                    s.push_str(&print::say(&mended));
                }
                if r.cases_gone > 0 {
                    let gone = msg!("cli-vendor-gone", count = r.cases_gone);
                    s.push_str(&format!("\n{}", print::say(&gone)));
                }
                if let Some(refused) = r.refused() {
                    s.push_str(&format!("\n{}", print::say(&refused)));
                }
                if let Some(e) = &r.error {
                    let error = print::error_line(e, r.error_msg.as_ref());
                    s.push_str(&format!("\n{error}"));
                }
                s
            })
        }
        VendorCommand::Scorecard => out.show(&app.vendor_scorecard().await?, |rows| {
            print::lines(rows, msg!("cli-vendor-cases-yet"), |r| {
                print::say(&msg!(
                    "cli-vendor-score",
                    vendor = &r.vendor_name,
                    direction = &r.direction,
                    cases = r.cases,
                    resolved = r.resolved,
                    median = min(r.median_turnaround_minutes),
                    p90 = min(r.p90_turnaround_minutes),
                    first = min(r.median_acknowledge_minutes),
                    acknowledge = r.acknowledge_breaches,
                    resolve = r.resolve_breaches
                ))
            })
        }),
    }
}

fn vendor_input(a: VendorArgs) -> ApiResult<VendorInput> {
    let mut settings = BTreeMap::new();
    for kv in &a.settings {
        let (k, v) = kv
            .split_once('=')
            .ok_or_else(|| ApiError::invalid_said("set", msg!("cli-setting-form", text = kv)))?;
        settings.insert(k.trim().to_string(), v.trim().to_string());
    }
    let mut sla = Vec::new();
    for s in &a.sla {
        let parts: Vec<&str> = s.split(':').collect();
        let [direction, ack, resolve] = parts.as_slice() else {
            return Err(ApiError::invalid_said(
                "sla",
                msg!("cli-vendor-sla-form", text = s),
            ));
        };
        let minutes = |t: &str| -> ApiResult<Option<i64>> {
            match t.trim() {
                "" => Ok(None),
                n => n
                    .parse()
                    .map(Some)
                    .map_err(|_| ApiError::invalid_said("sla", msg!("cli-not-minutes", text = n))),
            }
        };
        sla.push(VendorSlaDto {
            direction: direction.trim().to_string(),
            acknowledge_minutes: minutes(ack)?,
            resolve_minutes: minutes(resolve)?,
        });
    }
    let contacts = a
        .contacts
        .iter()
        .map(|c| contact(c))
        .collect::<ApiResult<Vec<_>>>()?;
    let secret = if a.secret_stdin {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map_err(|e| {
            ApiError::invalid_said(
                "secret",
                msg!("cli-cannot-read-stdin-long", error = e.to_string()),
            )
        })?;
        let s = s.trim().to_string();
        if s.is_empty() {
            return Err(ApiError::invalid_said(
                "secret",
                msg!("cli-stdin-empty-secret"),
            ));
        }
        Some(s)
    } else if a.clear_secret {
        Some(String::new())
    } else {
        None
    };
    Ok(VendorInput {
        name: a.name,
        directions: a.directions,
        kind: a.kind,
        settings,
        sla,
        contacts,
        per_minute: a.per_minute,
        enabled: !a.disabled,
        secret,
    })
}

/// "Ann Lee <ann@example.com> +7 495 000-00-00"
fn contact(text: &str) -> ApiResult<VendorContactDto> {
    let t = text.trim();
    match (t.find('<'), t.find('>')) {
        (Some(a), Some(b)) if a < b => Ok(VendorContactDto {
            name: t[..a].trim().to_string(),
            email: Some(t[a + 1..b].trim().to_string()),
            phone: Some(t[b + 1..].trim().to_string()).filter(|p| !p.is_empty()),
        }),
        _ => Ok(VendorContactDto {
            name: t.to_string(),
            email: None,
            phone: None,
        }),
    }
}

/// Minutes as `90 min`, or `-`.
fn min(v: Option<i64>) -> String {
    v.map_or("-".to_string(), |m| {
        print::say(&msg!("cli-minutes-short", minutes = m))
    })
}

fn vendor_line(v: &VendorDto) -> String {
    print::say(&msg!(
        "cli-vendor-line",
        id = v.id.to_string(),
        name = &v.name,
        kind = &v.kind_label,
        disabled = if v.enabled {
            String::new()
        } else {
            print::say(&msg!("cli-disabled"))
        },
        open = v.open_cases,
        gone = if v.gone_cases > 0 {
            print::say(&msg!("cli-vendor-gone-count", count = v.gone_cases))
        } else {
            String::new()
        },
        error = v
            .last_sync_error
            .as_deref()
            .map(|e| {
                let error = print::kept(e, v.last_sync_error_msg.as_ref());
                print::say(&msg!("cli-vendor-sync-failed", error = error))
            })
            .unwrap_or_default()
    ))
}

fn vendor_text(v: &VendorDto) -> String {
    let mut s = vendor_line(v);
    if !v.directions.is_empty() {
        let list = v.directions.join(", ");
        s.push_str(&format!(
            "\n{}",
            print::say(&msg!("cli-vendor-directions", list = list))
        ));
    }
    for (k, val) in &v.settings {
        s.push_str(&format!("\n{k}: {val}"));
    }
    let secret = msg!(
        "cli-vendor-secret",
        set = if v.has_secret { "yes" } else { "no" }
    );
    s.push_str(&format!("\n{}", print::say(&secret)));
    if let Some(account) = &v.account {
        let account = msg!("cli-vendor-account", account = account);
        s.push_str(&format!("\n{}", print::say(&account)));
    }
    for sla in &v.sla {
        let line = msg!(
            "cli-vendor-sla",
            direction = &sla.direction,
            acknowledge = min(sla.acknowledge_minutes),
            resolve = min(sla.resolve_minutes)
        );
        s.push_str(&format!("\n{}", print::say(&line)));
    }
    for c in &v.contacts {
        let contact = msg!(
            "cli-vendor-contact",
            name = &c.name,
            email = c
                .email
                .as_deref()
                .map(|e| format!(" <{e}>"))
                .unwrap_or_default(),
            phone = c
                .phone
                .as_deref()
                .map(|p| format!(" {p}"))
                .unwrap_or_default()
        );
        s.push_str(&format!("\n{}", print::say(&contact)));
    }
    s
}

fn bond_line(b: &BondDto) -> String {
    let mut s = print::say(&msg!(
        "cli-bond",
        id = b.id.to_string(),
        vendor = &b.vendor_name,
        number = b
            .case_number
            .clone()
            .unwrap_or_else(|| print::say(&msg!("cli-bond-not-opened"))),
        state = b.state.to_string(),
        says = b
            .vendor_status_raw
            .as_deref()
            .map(|r| print::say(&msg!("cli-bond-says", status = r)))
            .unwrap_or_default()
    ));
    if b.gone_at.is_some() {
        s.push_str(&format!("\n  {}", print::say(&msg!("cli-bond-gone"))));
    }
    if let Some(url) = &b.case_url {
        s.push_str(&format!("\n  {url}"));
    }
    if b.pending_messages > 0 || b.dead_messages > 0 {
        let messages = msg!(
            "cli-bond-messages",
            pending = b.pending_messages,
            dead = b.dead_messages
        );
        s.push_str(&format!("\n  {}", print::say(&messages)));
    }
    if let Some(e) = &b.last_error {
        let error = print::kept(e, b.last_error_msg.as_ref());
        s.push_str(&format!(
            "\n  {}",
            print::say(&msg!("cli-last-error", error = error))
        ));
    }
    s
}

fn message_line(m: &VendorMessageDto) -> String {
    print::say(&msg!(
        "cli-vendor-message",
        id = m.id.to_string(),
        at = print::time(m.created_at),
        kind = print::say(&msg!("cli-vendor-message-kind", kind = m.kind.as_str())),
        ticket = &m.ticket_number,
        vendor = &m.vendor_name,
        state = print::say(&msg!("cli-outbox-state", state = print::word(&m.state))),
        attempts = m.attempts,
        error = m
            .last_error
            .as_deref()
            .map(|e| format!("; {}", print::kept_text(e, m.last_error_msg.as_ref())))
            .unwrap_or_default()
    ))
}
