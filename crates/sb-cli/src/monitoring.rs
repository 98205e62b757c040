//! `sb monitoring ...`: alert sources and polls, the same `App` calls as Settings -> Monitoring.

use clap::{Args, Subcommand};
use sb_app::sb_domain::Level;
use sb_app::{
    AlertMappingDto, AlertSourceDto, AlertSourceInput, ApiError, ApiResult, App, DirectionRule,
    SeverityRule,
};

use sb_i18n::msg;

use crate::{print, Output};

// Parsed once per run: the size of a variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum MonitoringCommand {
    #[command(subcommand)]
    Source(SourceCommand),
    Poll {
        #[arg(long)]
        source: Option<i64>,
    },
    Unmatched,
    Import {
        #[arg(long)]
        source: i64,
        file: std::path::PathBuf,
    },
}

#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum SourceCommand {
    Add(SourceFields),
    List,
    Edit {
        id: i64,
        #[command(flatten)]
        fields: SourceFields,
    },
    Remove {
        id: i64,
    },
    Test {
        id: i64,
    },
}

#[derive(Args, Debug, Default)]
pub struct SourceFields {
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    url: Option<String>,
    #[arg(long = "filter")]
    filter: Vec<String>,
    #[arg(long, conflicts_with = "filter")]
    clear_filter: bool,
    #[arg(long)]
    client_label: Option<String>,
    #[arg(long)]
    direction_label: Option<String>,
    #[arg(long = "direction")]
    directions: Vec<String>,
    #[arg(long)]
    default_direction: Option<String>,
    #[arg(long)]
    severity_label: Option<String>,
    #[arg(long = "severity")]
    severities: Vec<String>,
    #[arg(long)]
    poll_seconds: Option<i64>,
    #[arg(long, conflicts_with = "enabled")]
    disabled: bool,
    #[arg(long)]
    enabled: bool,
}

pub async fn monitoring(app: &App, out: &Output, c: MonitoringCommand) -> ApiResult<()> {
    match c {
        MonitoringCommand::Source(SourceCommand::Add(f)) => {
            let input = f.apply(blank())?;
            out.show(&app.create_alert_source(input).await?, print::alert_source)
        }
        MonitoringCommand::Source(SourceCommand::List) => {
            out.show(&app.alert_sources().await?, |s| print::alert_sources(s))
        }
        MonitoringCommand::Source(SourceCommand::Edit { id, fields }) => {
            let input = fields.apply(input_of(app.alert_source(id).await?))?;
            out.show(
                &app.update_alert_source(id, input).await?,
                print::alert_source,
            )
        }
        MonitoringCommand::Source(SourceCommand::Remove { id }) => {
            app.delete_alert_source(id).await?;
            out.show(&serde_json::json!({ "removed": id }), |_| {
                crate::print::say(&msg!("cli-alert-source-removed", id = id.to_string()))
            })
        }
        MonitoringCommand::Source(SourceCommand::Test { id }) => {
            let input = input_of(app.alert_source(id).await?);
            out.show(&app.test_alert_source(input).await?, print::alert_test)
        }
        MonitoringCommand::Poll { source: Some(id) } => {
            out.show(&vec![app.poll_alert_source(id).await?], |r| print::polls(r))
        }
        MonitoringCommand::Poll { source: None } => {
            out.show(&app.poll_all().await?, |r| print::polls(r))
        }
        MonitoringCommand::Import { source, file } => {
            let (origin, json) = if file.as_os_str() == "-" {
                let mut json = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut json).map_err(|e| {
                    ApiError::invalid_said(
                        "file",
                        msg!("cli-cannot-read-alerts", error = e.to_string()),
                    )
                })?;
                ("standard input".to_string(), json)
            } else {
                let json = std::fs::read_to_string(&file)
                    .map_err(|e| crate::cannot_read("file", &file, e))?;
                (file.display().to_string(), json)
            };
            out.show(
                &vec![app.import_alerts(source, &origin, &json).await?],
                |r| print::polls(r),
            )
        }
        MonitoringCommand::Unmatched => {
            out.show(&app.unmatched_alerts().await?, |u| print::unmatched(u))
        }
    }
}

fn blank() -> AlertSourceInput {
    AlertSourceInput {
        name: String::new(),
        base_url: String::new(),
        filter: Vec::new(),
        mapping: AlertMappingDto::default(),
        poll_seconds: 60,
        enabled: true,
    }
}

fn input_of(s: AlertSourceDto) -> AlertSourceInput {
    AlertSourceInput {
        name: s.name,
        base_url: s.base_url,
        filter: s.filter,
        mapping: s.mapping,
        poll_seconds: s.poll_seconds,
        enabled: s.enabled,
    }
}

impl SourceFields {
    fn apply(self, mut input: AlertSourceInput) -> ApiResult<AlertSourceInput> {
        if let Some(v) = self.name {
            input.name = v;
        }
        if let Some(v) = self.url {
            input.base_url = v;
        }
        if self.clear_filter {
            input.filter.clear();
        } else if !self.filter.is_empty() {
            input.filter = self.filter;
        }
        let m = &mut input.mapping;
        if let Some(v) = self.client_label {
            m.client_label = v;
        }
        if let Some(v) = self.direction_label {
            m.direction_label = v;
        }
        if !self.directions.is_empty() {
            m.direction_map = self
                .directions
                .iter()
                .map(|d| {
                    let (value, direction) = d.split_once('=').ok_or_else(|| {
                        ApiError::invalid_said("directionMap", msg!("cli-direction-map", text = d))
                    })?;
                    Ok(DirectionRule {
                        value: value.to_string(),
                        direction: direction.to_string(),
                    })
                })
                .collect::<ApiResult<_>>()?;
        }
        if let Some(v) = self.default_direction {
            m.default_direction = Some(v).filter(|d| !d.trim().is_empty());
        }
        if let Some(v) = self.severity_label {
            m.severity_label = v;
        }
        if !self.severities.is_empty() {
            m.severity_map = self
                .severities
                .iter()
                .map(|s| severity(s))
                .collect::<ApiResult<_>>()?;
        }
        if let Some(v) = self.poll_seconds {
            input.poll_seconds = v;
        }
        if self.disabled {
            input.enabled = false;
        } else if self.enabled {
            input.enabled = true;
        }
        Ok(input)
    }
}

/// `critical=high/high`.
fn severity(s: &str) -> ApiResult<SeverityRule> {
    let bad = || ApiError::invalid_said("severityMap", msg!("cli-severity-map", text = s));
    let (value, levels) = s.split_once('=').ok_or_else(bad)?;
    let (impact, urgency) = levels.split_once('/').ok_or_else(bad)?;
    let level = |l: &str| l.trim().parse::<Level>().map_err(ApiError::from);
    Ok(SeverityRule {
        value: value.to_string(),
        impact: level(impact)?,
        urgency: level(urgency)?,
    })
}
