//! A client's support-hours statement for a period (PDF to send, CSV to invoice from), made by
//! `sb-report` from the ledger: the packages whose period overlaps it, with their balances,
//! and every entry worked in it.

use sb_domain::calendar::Day;
use sb_domain::ledger::{EntryState, OveragePolicy, Terms};
use sb_report::{DirectionLine, EntryLine, Language as ReportLanguage, PackageLine, Statement};

use sb_domain::inform::MailLanguage;
use sb_i18n::{msg, Lang};

use crate::dto::{Language, OpenedAttachment, StatementFormat, StatementInput};
use crate::ledger::today;
use crate::{ApiError, ApiResult, App, EntryStateDto, ErrorCode};

/// The name at the top of every statement.
const PROVIDER: &str = "Switchboard service desk";

impl App {
    /// The statement as a file: its name and bytes.
    pub async fn statement(&self, input: &StatementInput) -> ApiResult<(String, Vec<u8>)> {
        let client = self.client(input.client_id).await?;
        let from = Day::parse(&input.from).map_err(|e| ApiError::invalid_said("from", e.msg()))?;
        let to = Day::parse(&input.to).map_err(|e| ApiError::invalid_said("to", e.msg()))?;
        if to < from {
            return Err(ApiError::invalid_said(
                "to",
                msg!("ledger-period-backwards"),
            ));
        }
        // The client reads it: in the client's language when one is set, else the desk's.
        let lang = match client.language {
            Some(MailLanguage::Ru) => Lang::Ru,
            Some(MailLanguage::En) => Lang::En,
            None => match self.language() {
                Language::Ru => Lang::Ru,
                Language::En => Lang::En,
            },
        };
        let mut packages = Vec::new();
        for mut rec in self.store.packages_of_client(client.id).await? {
            if rec.end_day < i64::from(from.0) || rec.start_day > i64::from(to.0) {
                continue;
            }
            // Balances as they stood at the end of the statement's period, not today: only
            // the entries worked by then.
            rec.usage = self.store.usage_until(rec.id, i64::from(to.0)).await?;
            rec.used_minutes = rec.usage.iter().map(|u| u.used_base + u.used_rolled).sum();
            rec.overage_minutes = rec.usage.iter().map(|u| u.used_overage).sum();
            let p = crate::ledger::package_dto(&rec, to, 0, &[])?;
            let terms: Terms = serde_json::from_str(&rec.terms).map_err(|e| {
                ApiError::said(
                    ErrorCode::Internal,
                    msg!("statement-terms-unreadable", error = e.to_string()),
                )
            })?;
            let amount = match terms.overage {
                // The rate is bounded (`MAX_RATE_PER_HOUR`), so only minutes beyond any
                // package's could overflow: such an amount is refused, never wrapped.
                OveragePolicy::Bill { rate_per_hour } => Some(
                    p.overage_minutes
                        .checked_mul(rate_per_hour)
                        .ok_or_else(|| {
                            ApiError::said(
                                ErrorCode::Internal,
                                msg!("statement-overage-too-large", package = &p.terms.name),
                            )
                        })?
                        / 60,
                ),
                _ => None,
            };
            packages.push(PackageLine {
                name: p.terms.name.clone(),
                period: format!("{} – {}", p.terms.start, p.terms.end),
                directions: p
                    .budgets
                    .iter()
                    .map(|b| DirectionLine {
                        direction: direction_word(&b.direction, lang),
                        budget_minutes: b.budget_minutes + b.rolled_minutes,
                        used_minutes: b.used_minutes,
                        left_minutes: b.left_minutes,
                    })
                    .collect(),
                total_minutes: p.total_minutes,
                used_minutes: p.used_minutes,
                left_minutes: p.left_minutes,
                overage_minutes: p.overage_minutes,
                overage_amount: amount,
            });
        }
        let entries = self
            .client_time(client.id, &input.from, &input.to)
            .await?
            .into_iter()
            .filter(|e| !(input.leave_out_drafts && e.state == EntryStateDto::Draft))
            .map(|e| EntryLine {
                date: e.work_date,
                ticket_number: e.ticket_number,
                ticket_subject: e.ticket_subject,
                engineer: e.user_name,
                direction: direction_word(&e.direction, lang),
                work_type: work_type_word(&e.work_type, lang),
                actual_minutes: e.actual_minutes,
                billable_minutes: e.billable_minutes,
                covered_minutes: e.covered_minutes,
                overage_minutes: e.overage_minutes,
                state: match e.state {
                    EntryStateDto::Draft => EntryState::Draft,
                    EntryStateDto::Approved => EntryState::Approved,
                    EntryStateDto::Invoiced => EntryState::Invoiced,
                },
                note: e.note,
            })
            .collect();
        let statement = Statement {
            language: match lang {
                Lang::Ru => ReportLanguage::Ru,
                Lang::En => ReportLanguage::En,
            },
            provider: PROVIDER.into(),
            client_code: client.code.clone(),
            client_name: client.name.clone(),
            period_start: from.to_string(),
            period_end: to.to_string(),
            generated_on: today().to_string(),
            packages,
            entries,
            drafts_left_out: input.leave_out_drafts,
        };
        let base = format!("{}-hours-{from}-{to}", client.code);
        Ok(match input.format {
            StatementFormat::Csv => (
                format!("{base}.csv"),
                sb_report::statement_csv(&statement).into_bytes(),
            ),
            StatementFormat::Pdf => (
                format!("{base}.pdf"),
                sb_report::statement_pdf(&statement).map_err(|e| {
                    ApiError::said(
                        ErrorCode::Internal,
                        msg!("statement-pdf-failed", error = e.to_string()),
                    )
                })?,
            ),
        })
    }

    /// "Export" in the window: the statement saved in the downloads folder and opened.
    pub async fn export_statement(&self, input: StatementInput) -> ApiResult<OpenedAttachment> {
        let (name, bytes) = self.statement(&input).await?;
        self.save_and_open(&name, &bytes)
    }
}

/// A direction as a statement names it (an empty key is the shared pool, which the report
/// names itself).
fn direction_word(code: &str, lang: Lang) -> String {
    msg!("direction-label", direction = code).render(lang)
}

/// A work type as a statement names it: the known ones in words, others as typed.
fn work_type_word(code: &str, lang: Lang) -> String {
    msg!(
        "statement-work-type-name",
        work_type = code,
        shown = code.replace('_', " ")
    )
    .render(lang)
}
