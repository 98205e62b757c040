//! The lead's metrics for a period and filters: response and resolution times (median, p90),
//! SLA compliance, the backlog day by day, arrivals by weekday and hour, each engineer's load,
//! satisfaction, and the vendors' turnaround beside their scorecard. The window's Reports view,
//! `sb report` and its CSV read the same `MetricsDto`.

use std::collections::BTreeSet;

use sb_domain::metrics::{
    hour_of, roll_day, roll_hour, roll_load, summarize, summarize_rolled, utc_day_of, Compliance,
    Period, Spread, DAY, HOUR,
};
use sb_domain::{Channel, Day, Line};
use sb_store::{MetricsFilter, RolledDay, RolledHour};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ledger::local_offset_minutes;
use crate::vendors_dto::ScorecardRowDto;
use crate::{ApiError, ApiResult, App, OpenedAttachment};
use sb_i18n::{msg, Lang, Msg};

/// The longest period one report covers.
const MAX_DAYS: i32 = 731;
/// A report without filters reads the rollup once at most this many tickets wait to be rolled
/// up (it rolls them first); with more waiting (a workspace just upgraded) it reads the tickets.
const ROLL_BEFORE_REPORT: i64 = 20_000;
/// Tickets one round of background work rolls up (each hour they touch is counted once a round).
pub(crate) const ROLL_PER_ROUND: i64 = 50_000;

/// A period (whole local days, both ends included) and the filters.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MetricsQuery {
    /// YYYY-MM-DD.
    pub from: String,
    pub to: String,
    pub client_id: Option<i64>,
    pub direction: Option<String>,
    pub line: Option<Line>,
    /// The engineer: their tickets, and the time they logged.
    pub engineer_id: Option<i64>,
    pub channel: Option<Channel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SpreadDto {
    pub count: i64,
    pub median_minutes: Option<i64>,
    pub p90_minutes: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ComplianceDto {
    pub kept: i64,
    pub missed: i64,
    /// Kept as a share of those settled, in tenths of a percent (none when none settled).
    pub permille: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BacklogDayDto {
    pub day: String,
    pub opened: i64,
    pub closed: i64,
    /// Open at the end of the day.
    pub open: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EngineerLoadDto {
    pub user_id: i64,
    pub name: String,
    /// Their open tickets now.
    pub open_now: i64,
    /// Their tickets opened and resolved in the period.
    pub opened: i64,
    pub closed: i64,
    /// Time they logged on days of the period.
    pub logged_minutes: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RatingsDto {
    /// How many rated 1, 2, 3, 4 and 5.
    pub ratings: Vec<i64>,
    pub count: i64,
    /// The average in hundredths (4.25 is 425).
    pub average_centi: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MetricsDto {
    pub from: String,
    pub to: String,
    pub opened: i64,
    pub closed: i64,
    /// Tickets open at the end of the period.
    pub open_at_end: i64,
    /// From opening to the first public reply, of the tickets opened in the period.
    pub first_response: SpreadDto,
    /// From opening to resolution, of the tickets resolved in the period.
    pub resolution: SpreadDto,
    /// The client SLA's targets kept, of the tickets opened in the period.
    pub response_sla: ComplianceDto,
    pub resolution_sla: ComplianceDto,
    pub backlog: Vec<BacklogDayDto>,
    /// Arrivals by weekday (Monday first), 24 hours each, in this desk's time.
    pub arrivals: Vec<Vec<i64>>,
    pub engineers: Vec<EngineerLoadDto>,
    pub satisfaction: RatingsDto,
    /// Vendor cases escalated in the period: turnaround and breaches of the vendor's SLA.
    pub vendors: Vec<ScorecardRowDto>,
    /// Read from the hourly rollup: the medians and p90s are then the middle of the duration
    /// bucket they fall in (within a bucket's width: 5 min under an hour, up to a day past
    /// three days), counted by UTC days.
    pub rolled_up: bool,
}

impl App {
    /// The metrics of a period under the filters.
    pub async fn metrics(&self, q: MetricsQuery) -> ApiResult<MetricsDto> {
        self.actor()?;
        let (period, filter) = self.metrics_scope(&q).await?;
        let (from, to) = period.bounds();
        let rolled_up = filter == MetricsFilter::default()
            && self.store.count_stale_rolls(ROLL_BEFORE_REPORT + 1).await? <= ROLL_BEFORE_REPORT;
        let (s, open_at_start) = if rolled_up {
            // One round takes them all (ROLL_BEFORE_REPORT <= ROLL_PER_ROUND); a ticket changed
            // meanwhile stays for the background work's next round.
            self.roll_metrics(ROLL_PER_ROUND).await?;
            let (first, end) = (hour_of(from), hour_of(to - 1) + 1);
            let hours = self.store.rolled_hours(first, end).await?;
            let load = self.store.rolled_load(first, end).await?;
            let (response, resolution) = self
                .store
                .rolled_buckets(utc_day_of(from), utc_day_of(to - 1))
                .await?;
            let open_at_start = self.store.rolled_open_before(first).await?;
            let s = summarize_rolled(
                &hours,
                &load,
                &response,
                &resolution,
                &period,
                open_at_start,
            );
            (s, open_at_start)
        } else {
            let facts = self.store.metrics_facts(from, to, &filter).await?;
            let open_at_start = self.store.open_at(from, &filter).await?;
            (summarize(&facts, &period, open_at_start), open_at_start)
        };
        let people = self
            .store
            .people_load(i64::from(period.from.0), i64::from(period.to.0), &filter)
            .await?;
        let mut engineers: Vec<EngineerLoadDto> = people
            .into_iter()
            .map(|p| EngineerLoadDto {
                user_id: p.user_id,
                name: p.name,
                open_now: p.open_now,
                opened: 0,
                closed: 0,
                logged_minutes: p.logged_minutes,
            })
            .collect();
        for (id, load) in &s.load {
            match engineers.iter_mut().find(|e| e.user_id == *id) {
                Some(e) => {
                    e.opened = load.opened;
                    e.closed = load.closed;
                }
                None => engineers.push(EngineerLoadDto {
                    user_id: *id,
                    name: self
                        .store
                        .user(*id)
                        .await?
                        .map(|u| u.name)
                        .unwrap_or_default(),
                    open_now: 0,
                    opened: load.opened,
                    closed: load.closed,
                    logged_minutes: 0,
                }),
            }
        }
        engineers.sort_by(|a, b| a.name.cmp(&b.name).then(a.user_id.cmp(&b.user_id)));
        let vendors = self
            .scorecard_of(self.store.bond_timings_between(from, to, &filter).await?)
            .await?;
        Ok(MetricsDto {
            from: period.from.to_string(),
            to: period.to.to_string(),
            opened: s.opened,
            closed: s.closed,
            open_at_end: s.backlog.last().map_or(open_at_start, |d| d.open),
            first_response: spread(s.first_response),
            resolution: spread(s.resolution),
            response_sla: compliance(s.response_sla),
            resolution_sla: compliance(s.resolution_sla),
            backlog: s
                .backlog
                .iter()
                .map(|d| BacklogDayDto {
                    day: d.day.to_string(),
                    opened: d.opened,
                    closed: d.closed,
                    open: d.open,
                })
                .collect(),
            arrivals: s.arrivals.iter().map(|h| h.to_vec()).collect(),
            engineers,
            satisfaction: RatingsDto {
                ratings: s.satisfaction.ratings.to_vec(),
                count: s.satisfaction.count(),
                average_centi: s.satisfaction.average_centi(),
            },
            vendors,
            rolled_up,
        })
    }

    /// Rolls up the figures of up to `limit` tickets changed since they were last rolled up:
    /// each hour and UTC day they touch (opened, resolved, resolved before a reopening) is
    /// counted again from its tickets. How many tickets (background work, and a report
    /// before it reads the rollup). Two processes rolling at once write the same counts.
    pub async fn roll_metrics(&self, limit: i64) -> ApiResult<usize> {
        let stale = self.store.stale_rolls(limit).await?;
        if stale.is_empty() {
            return Ok(0);
        }
        let mut hours = BTreeSet::new();
        let mut days = BTreeSet::new();
        for t in &stale {
            for at in [Some(t.created_at), t.resolved_at, t.rolled_resolved_at]
                .into_iter()
                .flatten()
            {
                hours.insert(hour_of(at));
                days.insert(utc_day_of(at));
            }
        }
        let all = MetricsFilter::default();
        let mut rolled_hours = Vec::with_capacity(hours.len());
        for h in hours {
            let facts = self
                .store
                .metrics_facts(h * HOUR, (h + 1) * HOUR, &all)
                .await?;
            let (desk, by_assignee) = roll_hour(h, &facts);
            rolled_hours.push(RolledHour {
                hour: h,
                desk,
                by_assignee,
            });
        }
        let mut rolled_days = Vec::with_capacity(days.len());
        for d in days {
            let facts = self
                .store
                .metrics_facts(d * DAY, (d + 1) * DAY, &all)
                .await?;
            let (response, resolution) = roll_day(d, &facts);
            rolled_days.push(RolledDay {
                day: d,
                response,
                resolution,
                load: roll_load(d * DAY, (d + 1) * DAY, &facts),
            });
        }
        self.store
            .put_rolled(&rolled_hours, &rolled_days, &stale)
            .await?;
        Ok(stale.len())
    }

    /// The metrics as CSV: a section per table.
    pub async fn metrics_csv(&self, q: MetricsQuery) -> ApiResult<(String, String)> {
        let m = self.metrics(q).await?;
        let name = format!("switchboard-metrics-{}-{}.csv", m.from, m.to);
        Ok((name, metrics_csv(&m, self.lang())))
    }

    /// "Export CSV" in the window: saved in the downloads folder and opened.
    pub async fn export_metrics(&self, q: MetricsQuery) -> ApiResult<OpenedAttachment> {
        let (name, text) = self.metrics_csv(q).await?;
        self.save_and_open(&name, text.as_bytes())
    }

    async fn metrics_scope(&self, q: &MetricsQuery) -> ApiResult<(Period, MetricsFilter)> {
        let day = |field: &str, text: &str| {
            Day::parse(text)
                .map_err(|e| ApiError::invalid_said(field, msg!("date-invalid", value = e.0)))
        };
        let (from, to) = (day("from", &q.from)?, day("to", &q.to)?);
        if to < from {
            return Err(ApiError::invalid_said(
                "to",
                msg!(
                    "report-period-backwards",
                    from = from.to_string(),
                    to = to.to_string()
                ),
            ));
        }
        if from.days_until(to) >= MAX_DAYS {
            return Err(ApiError::invalid_said(
                "from",
                msg!("report-period-too-long", days = MAX_DAYS),
            ));
        }
        if let Some(c) = q.client_id {
            if self.store.client(c).await?.is_none() {
                return Err(ApiError::invalid_said(
                    "clientId",
                    msg!("client-no-id", id = c.to_string()),
                ));
            }
        }
        if let Some(d) = &q.direction {
            if !self.store.directions().await?.iter().any(|x| x == d) {
                return Err(ApiError::invalid_said(
                    "direction",
                    msg!("direction-unknown", direction = d.as_str()),
                ));
            }
        }
        if let Some(e) = q.engineer_id {
            if self.store.user(e).await?.is_none() {
                return Err(ApiError::invalid_said(
                    "engineerId",
                    msg!("person-no-id", id = e.to_string()),
                ));
            }
        }
        Ok((
            Period {
                from,
                to,
                offset_minutes: local_offset_minutes(),
            },
            MetricsFilter {
                client_id: q.client_id,
                direction: q.direction.clone(),
                line: q.line.map(|l| l.as_str().to_string()),
                assignee_id: q.engineer_id,
                channel: q.channel.map(|c| c.as_str().to_string()),
            },
        ))
    }
}

fn spread(s: Spread) -> SpreadDto {
    SpreadDto {
        count: s.count,
        median_minutes: s.median_minutes,
        p90_minutes: s.p90_minutes,
    }
}

fn compliance(c: Compliance) -> ComplianceDto {
    ComplianceDto {
        kept: c.kept,
        missed: c.missed,
        permille: c.permille(),
    }
}

/// The report as CSV sections: the summary, the backlog by day, arrivals, engineers, vendors.
pub fn metrics_csv(m: &MetricsDto, lang: Lang) -> String {
    let w = |m: Msg| m.render(lang);
    let n = |v: i64| v.to_string();
    let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let pct = |v: Option<i64>| {
        v.map(|p| format!("{}.{}", p / 10, p % 10))
            .unwrap_or_default()
    };
    let mut sections = Vec::new();
    sections.push(sb_report::CsvSection {
        title: w(msg!(
            "metrics-csv-summary",
            from = m.from.as_str(),
            to = m.to.as_str()
        )),
        header: vec![w(msg!("metrics-csv-measure")), w(msg!("metrics-csv-value"))],
        rows: vec![
            vec![w(msg!("metrics-csv-opened")), n(m.opened)],
            vec![w(msg!("metrics-csv-resolved")), n(m.closed)],
            vec![w(msg!("metrics-csv-open-at-end")), n(m.open_at_end)],
            vec![
                w(msg!("metrics-csv-first-response-median")),
                opt(m.first_response.median_minutes),
            ],
            vec![
                w(msg!("metrics-csv-first-response-p90")),
                opt(m.first_response.p90_minutes),
            ],
            vec![
                w(msg!("metrics-csv-resolution-median")),
                opt(m.resolution.median_minutes),
            ],
            vec![
                w(msg!("metrics-csv-resolution-p90")),
                opt(m.resolution.p90_minutes),
            ],
            vec![
                w(msg!("metrics-csv-response-sla")),
                pct(m.response_sla.permille),
            ],
            vec![
                w(msg!("metrics-csv-resolution-sla")),
                pct(m.resolution_sla.permille),
            ],
            vec![
                w(msg!("metrics-csv-satisfaction-ratings")),
                n(m.satisfaction.count),
            ],
            vec![
                w(msg!("metrics-csv-satisfaction-average")),
                m.satisfaction
                    .average_centi
                    .map(|a| format!("{}.{:02}", a / 100, a % 100))
                    .unwrap_or_default(),
            ],
        ],
    });
    sections.push(sb_report::CsvSection {
        title: w(msg!("metrics-csv-backlog")),
        header: vec![
            w(msg!("metrics-csv-day")),
            w(msg!("metrics-csv-opened")),
            w(msg!("metrics-csv-resolved")),
            w(msg!("metrics-csv-open-at-end")),
        ],
        rows: m
            .backlog
            .iter()
            .map(|d| vec![d.day.clone(), n(d.opened), n(d.closed), n(d.open)])
            .collect(),
    });
    let days: Vec<String> = (1..=7)
        .map(|d| w(msg!("metrics-csv-weekday", day = d)))
        .collect();
    sections.push(sb_report::CsvSection {
        title: w(msg!("metrics-csv-arrivals")),
        header: std::iter::once(w(msg!("metrics-csv-weekday-column")))
            .chain((0..24).map(|h| format!("{h:02}")))
            .collect(),
        rows: m
            .arrivals
            .iter()
            .zip(&days)
            .map(|(hours, d)| {
                std::iter::once(d.clone())
                    .chain(hours.iter().map(|v| n(*v)))
                    .collect()
            })
            .collect(),
    });
    sections.push(sb_report::CsvSection {
        title: w(msg!("metrics-csv-engineers")),
        header: vec![
            w(msg!("metrics-csv-engineer")),
            w(msg!("metrics-csv-open-now")),
            w(msg!("metrics-csv-opened")),
            w(msg!("metrics-csv-resolved")),
            w(msg!("metrics-csv-logged-minutes")),
        ],
        rows: m
            .engineers
            .iter()
            .map(|e| {
                vec![
                    e.name.clone(),
                    n(e.open_now),
                    n(e.opened),
                    n(e.closed),
                    n(e.logged_minutes),
                ]
            })
            .collect(),
    });
    sections.push(sb_report::CsvSection {
        title: w(msg!("metrics-csv-vendors")),
        header: vec![
            w(msg!("metrics-csv-vendor")),
            w(msg!("metrics-csv-direction")),
            w(msg!("metrics-csv-cases")),
            w(msg!("metrics-csv-resolved")),
            w(msg!("metrics-csv-turnaround-median")),
            w(msg!("metrics-csv-turnaround-p90")),
            w(msg!("metrics-csv-acknowledge-breaches")),
            w(msg!("metrics-csv-resolve-breaches")),
        ],
        rows: m
            .vendors
            .iter()
            .map(|v| {
                vec![
                    v.vendor_name.clone(),
                    v.direction.clone(),
                    n(v.cases),
                    n(v.resolved),
                    opt(v.median_turnaround_minutes),
                    opt(v.p90_turnaround_minutes),
                    n(v.acknowledge_breaches),
                    n(v.resolve_breaches),
                ]
            })
            .collect(),
    });
    sb_report::sections_csv(&sections)
}
