//! `sb notices ...` and `sb client notices|template ...`: what clients are told automatically
//! (the workspace's defaults, a client's own switches and waits, its templates per language)
//! and a sweep of the tickets waiting for a client; the same `App` calls as the window.

use clap::{Args, Subcommand, ValueEnum};
use sb_app::sb_domain::inform::{MailLanguage, NoticeKind};
use sb_app::{
    ApiError, ApiResult, App, ClientNoticesDto, ClientNoticesInput, NoticeDefaultsDto,
    NoticeSweepDto, NoticeTemplateInput,
};

use sb_i18n::msg;

use crate::{print, Output};

#[derive(Subcommand, Debug)]
pub enum NoticesCommand {
    Defaults(DefaultsArgs),
    Sweep,
}

#[derive(Args, Debug)]
pub struct DefaultsArgs {
    #[arg(long)]
    language: Option<Language>,
    #[arg(long)]
    acknowledge: Option<Switch>,
    #[arg(long)]
    remind: Option<Switch>,
    #[arg(long)]
    satisfaction: Option<Switch>,
    #[arg(long)]
    remind_after: Option<i64>,
    #[arg(long)]
    close_after: Option<i64>,
}

/// A client's own settings; `default` gives a setting back to the workspace.
#[derive(Args, Debug)]
pub struct ClientNoticesArgs {
    client: String,
    #[arg(long)]
    acknowledge: Option<Setting>,
    #[arg(long)]
    remind: Option<Setting>,
    #[arg(long)]
    satisfaction: Option<Setting>,
    #[arg(long)]
    remind_after: Option<String>,
    #[arg(long)]
    close_after: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum TemplateCommand {
    List {
        client: String,
    },
    Set {
        client: String,
        #[arg(long)]
        kind: Kind,
        #[arg(long)]
        language: Language,
        #[arg(long)]
        subject: String,
        #[arg(long)]
        body: String,
    },
    Reset {
        client: String,
        #[arg(long)]
        kind: Kind,
        #[arg(long)]
        language: Language,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Language {
    En,
    Ru,
}

impl From<Language> for MailLanguage {
    fn from(l: Language) -> MailLanguage {
        match l {
            Language::En => MailLanguage::En,
            Language::Ru => MailLanguage::Ru,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Kind {
    Acknowledgement,
    Waiting,
    Reminder,
    ClosedNoReply,
    Resolved,
    SatisfactionRequest,
}

impl From<Kind> for NoticeKind {
    fn from(k: Kind) -> NoticeKind {
        match k {
            Kind::Acknowledgement => NoticeKind::Acknowledgement,
            Kind::Waiting => NoticeKind::Waiting,
            Kind::Reminder => NoticeKind::Reminder,
            Kind::ClosedNoReply => NoticeKind::ClosedNoReply,
            Kind::Resolved => NoticeKind::Resolved,
            Kind::SatisfactionRequest => NoticeKind::SatisfactionRequest,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Switch {
    On,
    Off,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Setting {
    On,
    Off,
    Default,
}

fn setting(s: Option<Setting>, old: Option<bool>) -> Option<bool> {
    match s {
        None => old,
        Some(Setting::On) => Some(true),
        Some(Setting::Off) => Some(false),
        Some(Setting::Default) => None,
    }
}

fn days(field: &str, text: Option<&str>, old: Option<i64>) -> ApiResult<Option<i64>> {
    match text.map(str::trim) {
        None => Ok(old),
        Some("default") => Ok(None),
        Some(t) => t
            .parse()
            .map(Some)
            .map_err(|_| ApiError::invalid_said(field, msg!("cli-not-working-days", text = t))),
    }
}

pub async fn notices(app: &App, out: &Output, c: NoticesCommand) -> ApiResult<()> {
    match c {
        NoticesCommand::Defaults(a) => {
            let old = app.notice_defaults().await?;
            let changed = a.language.is_some()
                || a.acknowledge.is_some()
                || a.remind.is_some()
                || a.satisfaction.is_some()
                || a.remind_after.is_some()
                || a.close_after.is_some();
            let on = |s: Option<Switch>, old: bool| s.map_or(old, |s| matches!(s, Switch::On));
            let shown = if changed {
                app.set_notice_defaults(NoticeDefaultsDto {
                    language: a.language.map_or(old.language, Into::into),
                    acknowledge: on(a.acknowledge, old.acknowledge),
                    remind: on(a.remind, old.remind),
                    satisfaction: on(a.satisfaction, old.satisfaction),
                    remind_after_days: a.remind_after.unwrap_or(old.remind_after_days),
                    close_after_days: a.close_after.unwrap_or(old.close_after_days),
                })
                .await?
            } else {
                old
            };
            out.show(&shown, defaults)
        }
        NoticesCommand::Sweep => {
            out.show(&app.sweep_notices(now_ms()).await?, |s: &NoticeSweepDto| {
                print::say(&msg!("cli-sweep", reminded = s.reminded, closed = s.closed))
            })
        }
    }
}

pub async fn client_notices(app: &App, out: &Output, a: ClientNoticesArgs) -> ApiResult<()> {
    let client = app.client_by_ref(&a.client).await?;
    let old = app.client_notices(client.id).await?;
    let changed = a.acknowledge.is_some()
        || a.remind.is_some()
        || a.satisfaction.is_some()
        || a.remind_after.is_some()
        || a.close_after.is_some();
    let shown = if changed {
        app.set_client_notices(ClientNoticesInput {
            client_id: client.id,
            acknowledge: setting(a.acknowledge, old.acknowledge),
            remind: setting(a.remind, old.remind),
            satisfaction: setting(a.satisfaction, old.satisfaction),
            remind_after_days: days(
                "remindAfterDays",
                a.remind_after.as_deref(),
                old.remind_after_days,
            )?,
            close_after_days: days(
                "closeAfterDays",
                a.close_after.as_deref(),
                old.close_after_days,
            )?,
        })
        .await?
    } else {
        old
    };
    out.show(&shown, client_settings)
}

pub async fn template(app: &App, out: &Output, c: TemplateCommand) -> ApiResult<()> {
    let shown = match c {
        TemplateCommand::List { client } => {
            let id = app.client_by_ref(&client).await?.id;
            app.client_notices(id).await?
        }
        TemplateCommand::Set {
            client,
            kind,
            language,
            subject,
            body,
        } => {
            let id = app.client_by_ref(&client).await?.id;
            app.set_notice_template(NoticeTemplateInput {
                client_id: id,
                kind: kind.into(),
                language: language.into(),
                subject,
                body: body.replace("\\n", "\n"),
            })
            .await?
        }
        TemplateCommand::Reset {
            client,
            kind,
            language,
        } => {
            let id = app.client_by_ref(&client).await?.id;
            app.reset_notice_template(id, kind.into(), language.into())
                .await?
        }
    };
    out.show(&shown, templates)
}

fn on_off(b: bool) -> String {
    print::say(&msg!("cli-on-off", on = if b { "yes" } else { "no" }))
}

fn language(l: impl std::fmt::Display) -> String {
    print::say(&msg!("cli-language", language = l.to_string()))
}

fn defaults(d: &NoticeDefaultsDto) -> String {
    print::say(&msg!(
        "cli-notice-defaults",
        language = language(d.language),
        acknowledge = on_off(d.acknowledge),
        remind = on_off(d.remind),
        remind_after = d.remind_after_days,
        close_after = d.close_after_days,
        satisfaction = on_off(d.satisfaction)
    ))
}

fn client_settings(c: &ClientNoticesDto) -> String {
    let a = &c.applied;
    let rows = [
        ("language", language(a.language), c.language.is_some()),
        (
            "acknowledge",
            on_off(a.acknowledge),
            c.acknowledge.is_some(),
        ),
        ("remind", on_off(a.remind), c.remind.is_some()),
        (
            "remind_after",
            print::say(&msg!("cli-working-days", days = a.remind_after_days)),
            c.remind_after_days.is_some(),
        ),
        (
            "close_after",
            print::say(&msg!(
                "cli-working-days-after-reminder",
                days = a.close_after_days
            )),
            c.close_after_days.is_some(),
        ),
        (
            "satisfaction",
            on_off(a.satisfaction),
            c.satisfaction.is_some(),
        ),
    ];
    let mut table =
        print::Table::new(&[("cli-col-setting", 16, false), ("cli-col-value", 0, false)]);
    for (name, value, own) in &rows {
        let whose = if *own {
            String::new()
        } else {
            print::say(&msg!("cli-workspace-default"))
        };
        table.row(vec![
            print::say(&msg!("cli-notice-setting", setting = *name)),
            format!("{value}{whose}"),
        ]);
    }
    table.render()
}

fn templates(c: &ClientNoticesDto) -> String {
    c.templates
        .iter()
        .map(|t| {
            let whose = msg!("cli-template-whose", own = if t.own { "yes" } else { "no" });
            format!(
                "--- {} · {} · {}\n{}\n{}",
                t.kind,
                language(t.language),
                print::say(&whose),
                print::say(&msg!("cli-template-subject", subject = &t.subject)),
                t.body
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The satisfaction line of `sb ticket show`.
pub fn satisfaction(s: &sb_app::SatisfactionDto) -> String {
    match s.rating {
        Some(r) => format!(
            "  {}{}",
            print::say(&msg!("cli-rating-given", rating = r.to_string())),
            s.comment
                .as_deref()
                .map(|c| format!(" \"{c}\""))
                .unwrap_or_default()
        ),
        None => format!(
            "  {}",
            print::say(&msg!(
                "cli-rating-asked",
                asked = print::time(s.requested_at)
            ))
        ),
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
