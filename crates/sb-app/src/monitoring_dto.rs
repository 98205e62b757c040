//! API Boundary: the monitoring channel's transport types (alert sources, polls, the alert a
//! ticket follows). Re-exported from [`crate::dto`]'s neighbour, the crate root.

use std::collections::BTreeMap;

use sb_domain::{AlertRowState, Level};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A label value that gives a direction: `postgres` -> `database`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DirectionRule {
    pub value: String,
    pub direction: String,
}

/// A severity value that gives impact and urgency (and so the priority, by the matrix).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SeverityRule {
    pub value: String,
    pub impact: Level,
    pub urgency: Level,
}

/// How an alert's labels become a ticket's client, direction and priority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AlertMappingDto {
    /// The label whose value is the client's code.
    pub client_label: String,
    pub direction_label: String,
    pub direction_map: Vec<DirectionRule>,
    /// The direction when the label is missing or its value is not in the table.
    pub default_direction: Option<String>,
    pub severity_label: String,
    pub severity_map: Vec<SeverityRule>,
    /// For an alert without the severity label or with a value not in the table.
    pub unknown_impact: Level,
    pub unknown_urgency: Level,
}

impl Default for AlertMappingDto {
    fn default() -> Self {
        let d = sb_intake::alerts::AlertMapping::default();
        AlertMappingDto {
            client_label: d.client_label,
            direction_label: d.direction_label,
            direction_map: Vec::new(),
            default_direction: None,
            severity_label: d.severity_label,
            severity_map: d
                .severity_map
                .into_iter()
                .map(|(value, (impact, urgency))| SeverityRule {
                    value,
                    impact,
                    urgency,
                })
                .collect(),
            unknown_impact: d.unknown_severity.0,
            unknown_urgency: d.unknown_severity.1,
        }
    }
}

/// An alert source as typed in the form or the CLI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AlertSourceInput {
    pub name: String,
    /// The Alertmanager, such as `http://alertmanager:9093`.
    pub base_url: String,
    /// Label matchers that must all hold: `customer="acme"`, `severity!="info"`.
    pub filter: Vec<String>,
    pub mapping: AlertMappingDto,
    pub poll_seconds: i64,
    pub enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AlertSourceDto {
    pub id: i64,
    pub name: String,
    pub base_url: String,
    pub filter: Vec<String>,
    pub mapping: AlertMappingDto,
    pub poll_seconds: i64,
    pub enabled: bool,
    pub last_polled_at: Option<i64>,
    /// What went wrong at the last poll, in English; absent when it went well.
    pub last_error: Option<String>,
    /// The same, worded by the reader; `None` for one recorded before messages (or a server's
    /// own words), which shows `last_error`.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub last_error_msg: Option<sb_i18n::Msg>,
    /// Alerts of this source whose tickets follow a firing alert.
    pub firing: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What "Test connection" found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AlertTestResult {
    pub version: String,
    /// When that Alertmanager started (its alert list is complete some minutes after).
    pub started_at: i64,
    /// Alerts firing now that the filter lets through.
    pub alerts: i64,
}

/// What one poll of one source did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PollReport {
    pub source_id: i64,
    pub source_name: String,
    pub polled_at: i64,
    pub opened: i64,
    pub repeated: i64,
    pub resolved: i64,
    pub reopened: i64,
    pub unmatched: i64,
    /// Alerts the workspace refused to store: set aside with the reason among the unmatched
    /// ones, while the poll went on with the rest.
    #[serde(default)]
    pub refused: i64,
    /// Why the poll failed; nothing was changed then (in English).
    pub error: Option<String>,
    /// The same, for the reader's language.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub msg: Option<sb_i18n::Msg>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnmatchedAlertDto {
    pub source_id: i64,
    pub source_name: String,
    pub fingerprint: String,
    pub labels: BTreeMap<String, String>,
    /// Why no ticket was made, such as "no client with code ACME".
    pub reason: String,
    pub last_seen: i64,
}

/// The alert a monitoring ticket follows, for its card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TicketAlertDto {
    pub source_id: i64,
    pub source_name: String,
    pub fingerprint: String,
    pub state: AlertRowState,
    /// How many times Alertmanager got the alert again after it was first seen.
    pub repeat_count: i64,
    pub first_seen: i64,
    pub last_seen: i64,
    pub resolved_at: Option<i64>,
}
