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
    /// The kinds of vendor systems there are connectors for, with their settings.
    Kinds,
    /// The vendors.
    List,
    /// One vendor (by name or id).
    Show { vendor: String },
    /// A new vendor (account managers and admins). The secret (token, password) is read from
    /// standard input with --secret-stdin and kept in the OS keychain.
    Add(VendorArgs),
    /// Replace a vendor's settings (every field is given again; the secret stays unless given).
    Edit {
        vendor: String,
        #[command(flatten)]
        args: VendorArgs,
    },
    /// Remove a vendor that never had a case (one with cases is disabled instead).
    Remove { vendor: String },
    /// Sign in to the vendor and say exactly what is wrong, if anything.
    Test { vendor: String },
    /// Open a case at a vendor for a ticket (delivered in the background).
    Escalate {
        ticket: String,
        /// The vendor (name or id).
        #[arg(long = "to")]
        vendor: String,
        /// A word to the vendor, put first in the case.
        #[arg(long)]
        note: Option<String>,
    },
    /// A ticket's cases at vendors.
    Cases { ticket: String },
    /// Ask the vendor to take a resolved case up again (the fix did not hold).
    Reopen {
        /// The case's id (see `sb vendor cases`).
        case: i64,
        #[arg(long)]
        comment: String,
    },
    /// The vendor outbox, newest first.
    Outbox {
        #[arg(long, value_enum)]
        state: Option<StateArg>,
    },
    /// Put a dead letter back in line.
    Retry { message: i64 },
    /// Deliver what is due now (the window's worker does this by itself).
    Deliver,
    /// Read what changed at the vendors now (the window's worker does this by itself).
    Sync {
        /// One vendor (name or id); all by default.
        vendor: Option<String>,
    },
    /// Per vendor and direction: cases, median and p90 turnaround, SLA breaches.
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
    /// request_tracker, redmine, jira_service_management, servicenow, zendesk
    /// (see `sb vendor kinds`).
    #[arg(long)]
    kind: String,
    /// A connector setting, key=value; repeat (see `sb vendor kinds`).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    settings: Vec<String>,
    /// A direction the vendor serves; repeat. None: every direction.
    #[arg(long = "direction")]
    directions: Vec<String>,
    /// The underpinning SLA: direction:acknowledge-minutes:resolve-minutes ("*" for every
    /// direction, an empty number for no target), e.g. "*:60:480"; repeat.
    #[arg(long = "sla")]
    sla: Vec<String>,
    /// A contact: "Name <email>" or "Name <email> phone"; repeat.
    #[arg(long = "contact")]
    contacts: Vec<String>,
    /// Requests a minute the vendor's API allows.
    #[arg(long, default_value_t = 60)]
    per_minute: i64,
    #[arg(long)]
    disabled: bool,
    /// Read the secret (API token or password) from standard input.
    #[arg(long)]
    secret_stdin: bool,
    /// Forget the stored secret.
    #[arg(long, conflicts_with = "secret_stdin")]
    clear_secret: bool,
}

pub async fn vendor(app: &App, out: &Output, c: VendorCommand) -> ApiResult<()> {
    match c {
        VendorCommand::Kinds => out.show(&app.connector_kinds(), |kinds| {
            kinds
                .iter()
                .map(|k| {
                    let mut s = format!("{} ({})", k.kind, k.label);
                    for f in &k.fields {
                        s.push_str(&format!(
                            "\n  {}{}: {} (e.g. {})",
                            f.key,
                            if f.required { "" } else { " [optional]" },
                            f.label,
                            f.hint
                        ));
                    }
                    if let Some(secret) = &k.secret {
                        s.push_str(&format!("\n  secret: {secret} (--secret-stdin)"));
                    }
                    s
                })
                .collect::<Vec<_>>()
                .join("\n")
        }),
        VendorCommand::List => out.show(&app.vendors().await?, |list| {
            if list.is_empty() {
                return "no vendors yet: add one with `sb vendor add`".into();
            }
            list.iter().map(vendor_line).collect::<Vec<_>>().join("\n")
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
                    if removed {
                        format!("removed vendor {id}")
                    } else {
                        format!("vendor {id} has cases: disabled it instead (history stays)")
                    }
                },
            )
        }
        VendorCommand::Test { vendor } => {
            let r = app.test_vendor(app.vendor_ref(&vendor).await?).await?;
            let ok = r.ok;
            out.show(&r, |r| {
                if r.ok {
                    format!("ok: {}", r.message)
                } else {
                    format!("failed ({}): {}", r.class, r.message)
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
                if l.is_empty() {
                    return "no cases at vendors".into();
                }
                l.iter().map(bond_line).collect::<Vec<_>>().join("\n")
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
                if l.is_empty() {
                    return "the vendor outbox is empty".into();
                }
                l.iter().map(message_line).collect::<Vec<_>>().join("\n")
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
                format!("sent {}, to retry {}, dead {}", r.sent, r.retried, r.dead)
            })
        }
        VendorCommand::Sync { vendor } => {
            let r = match vendor {
                Some(v) => app.sync_vendor(app.vendor_ref(&v).await?).await?,
                None => app.sync_vendors().await?,
            };
            out.show(&r, |r| {
                let mut s = format!(
                    "{} case(s) changed, {} comment(s) added, {} ticket(s) moved",
                    r.cases_changed, r.comments_added, r.tickets_moved
                );
                if r.comments_mended > 0 {
                    s.push_str(&format!(", {} empty comment(s) mended", r.comments_mended));
                }
                if r.cases_gone > 0 {
                    s.push_str(&format!(
                        "\n{} case(s) gone at the vendor (deleted there): see `sb vendor cases <ticket>`",
                        r.cases_gone
                    ));
                }
                if let Some(e) = &r.error {
                    s.push_str(&format!("\nerror: {e}"));
                }
                s
            })
        }
        VendorCommand::Scorecard => out.show(&app.vendor_scorecard().await?, |rows| {
            if rows.is_empty() {
                return "no vendor cases yet".into();
            }
            let m = |v: Option<i64>| v.map_or("-".to_string(), |m| format!("{m} min"));
            rows.iter()
                .map(|r| {
                    format!(
                        "{} / {}: {} case(s), {} resolved, median {}, p90 {}, first answer {}, breaches: acknowledge {}, resolve {}",
                        r.vendor_name,
                        r.direction,
                        r.cases,
                        r.resolved,
                        m(r.median_turnaround_minutes),
                        m(r.p90_turnaround_minutes),
                        m(r.median_acknowledge_minutes),
                        r.acknowledge_breaches,
                        r.resolve_breaches
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
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

fn vendor_line(v: &VendorDto) -> String {
    format!(
        "#{} {} ({}){}: {} open case(s){}{}",
        v.id,
        v.name,
        v.kind_label,
        if v.enabled { "" } else { " (disabled)" },
        v.open_cases,
        if v.gone_cases > 0 {
            format!(", {} gone at the vendor", v.gone_cases)
        } else {
            String::new()
        },
        v.last_sync_error
            .as_deref()
            .map(|e| format!("; last sync failed: {e}"))
            .unwrap_or_default()
    )
}

fn vendor_text(v: &VendorDto) -> String {
    let mut s = vendor_line(v);
    if !v.directions.is_empty() {
        s.push_str(&format!("\ndirections: {}", v.directions.join(", ")));
    }
    for (k, val) in &v.settings {
        s.push_str(&format!("\n{k}: {val}"));
    }
    s.push_str(&format!(
        "\nsecret: {}",
        if v.has_secret {
            "in the OS keychain"
        } else {
            "not set"
        }
    ));
    if let Some(account) = &v.account {
        s.push_str(&format!("\nsigns in as: {account}"));
    }
    for sla in &v.sla {
        s.push_str(&format!(
            "\nSLA {}: acknowledge {}, resolve {}",
            sla.direction,
            sla.acknowledge_minutes
                .map_or("-".into(), |m| format!("{m} min")),
            sla.resolve_minutes
                .map_or("-".into(), |m| format!("{m} min"))
        ));
    }
    for c in &v.contacts {
        s.push_str(&format!(
            "\ncontact: {}{}{}",
            c.name,
            c.email
                .as_deref()
                .map(|e| format!(" <{e}>"))
                .unwrap_or_default(),
            c.phone
                .as_deref()
                .map(|p| format!(" {p}"))
                .unwrap_or_default()
        ));
    }
    s
}

fn bond_line(b: &BondDto) -> String {
    let mut s = format!(
        "case {} at {}: {} ({}){}",
        b.id,
        b.vendor_name,
        b.case_number.as_deref().unwrap_or("not opened yet"),
        b.state,
        b.vendor_status_raw
            .as_deref()
            .map(|r| format!(", vendor says \"{r}\""))
            .unwrap_or_default()
    );
    if b.gone_at.is_some() {
        s.push_str("\n  gone at the vendor (deleted there): escalate again if the work goes on");
    }
    if let Some(url) = &b.case_url {
        s.push_str(&format!("\n  {url}"));
    }
    if b.pending_messages > 0 || b.dead_messages > 0 {
        s.push_str(&format!(
            "\n  {} to deliver, {} dead",
            b.pending_messages, b.dead_messages
        ));
    }
    if let Some(e) = &b.last_error {
        s.push_str(&format!("\n  last error: {e}"));
    }
    s
}

fn message_line(m: &VendorMessageDto) -> String {
    format!(
        "#{} {} {} for {} at {}: {:?}, {} attempt(s){}",
        m.id,
        print::time(m.created_at),
        m.kind,
        m.ticket_number,
        m.vendor_name,
        m.state,
        m.attempts,
        m.last_error
            .as_deref()
            .map(|e| format!("; {e}"))
            .unwrap_or_default()
    )
}
