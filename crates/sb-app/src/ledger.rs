//! The hours ledger's use cases: packages (create, edit, renew, close), time entries (by hand
//! or by timer, previewed before they are logged), approval and invoicing, corrections, the
//! client dashboard, the portfolio, and the threshold notices the window shows.
//!
//! Every rule is sb-domain's (`sb_domain::ledger`); this module reads a snapshot of the
//! client's packages, asks the domain where the minutes go, and writes that if the client's
//! ledger has not moved meanwhile (else it reads again).

use std::collections::BTreeMap;

use sb_domain::calendar::Day;
use sb_domain::ledger::{
    self, allocate, burn, burn_down, runs_out_on, Budget, Crossing, Draw, DrawKind, EntryBalance,
    EntryDraft, EntryState, LedgerError, OveragePolicy, PackageError, PackageLedger,
    RolloverPolicy, Terms, TermsError, Warning,
};
use sb_domain::{Direction, Duty, TicketNumber};
use sb_i18n::{msg, Msg};
use sb_store::{
    Crossed, DrawWrite, EntryRecord, EntryWrite, LedgerMove, PackageChange, PackageRecord,
    PackageWrite, ThresholdNoticeRow,
};

use crate::ledger_dto::*;
use crate::{now_ms, ApiError, ApiResult, App, ErrorCode};

/// How often a ledger write is tried again when another one came first.
const ATTEMPTS: usize = 8;
const ENTRIES_PAGE: i64 = 100;

impl From<TermsError> for ApiError {
    fn from(e: TermsError) -> ApiError {
        match e {
            TermsError::Invalid { field, message } => ApiError::invalid_said(field, message),
        }
    }
}

impl From<LedgerError> for ApiError {
    fn from(e: LedgerError) -> ApiError {
        match &e {
            LedgerError::BadDuration { .. } | LedgerError::TimerTooLong { .. } => {
                ApiError::invalid_said("minutes", e.msg())
            }
            LedgerError::UnknownWorkType { .. } => ApiError::invalid_said("workType", e.msg()),
            LedgerError::Blocked { .. } | LedgerError::OverageLimit { .. } => {
                ApiError::said(ErrorCode::PackageBlocked, e.msg())
            }
            LedgerError::FutureDay { .. } => ApiError::invalid_said("workDate", e.msg()),
            LedgerError::CorrectionTooLarge { .. } => ApiError {
                field: Some("minutes".into()),
                ..ApiError::said(ErrorCode::LedgerRefused, e.msg())
            },
        }
    }
}

impl From<PackageError> for ApiError {
    fn from(e: PackageError) -> ApiError {
        let field = match &e {
            PackageError::AlreadyRenewed { .. } | PackageError::Duplicate { .. } => None,
            PackageError::SameStackOrder { .. } => Some("stackOrder"),
            PackageError::BelowUsed { .. } | PackageError::BudgetReshaped { .. } => Some("budget"),
        };
        ApiError {
            field: field.map(str::to_string),
            ..ApiError::said(ErrorCode::LedgerRefused, e.msg())
        }
    }
}

impl From<sb_domain::BadDay> for ApiError {
    fn from(e: sb_domain::BadDay) -> ApiError {
        ApiError::invalid_said("date", e.msg())
    }
}

/// Today on this desk's clock (its local time zone).
pub fn today() -> Day {
    Day::of_moment(now_ms(), local_offset_minutes())
}

pub(crate) fn local_offset_minutes() -> i32 {
    chrono::Local::now().offset().local_minus_utc() / 60
}

fn day_of(d: i64) -> Day {
    Day(i32::try_from(d).unwrap_or(0))
}

impl App {
    // --- packages ------------------------------------------------------------------------

    /// A client's packages, newest period first.
    pub async fn packages(&self, client_id: i64) -> ApiResult<Vec<PackageDto>> {
        self.client(client_id).await?;
        let today = today();
        let mut out = Vec::new();
        for rec in self.store.packages_of_client(client_id).await? {
            out.push(self.package_dto(&rec, today).await?);
        }
        Ok(out)
    }

    pub async fn package(&self, id: i64) -> ApiResult<PackageDetailDto> {
        let rec = self.load_package(id).await?;
        self.package_detail(&rec, today()).await
    }

    pub async fn create_package(&self, input: PackageInput) -> ApiResult<PackageDto> {
        let me = self.require(Duty::Packages)?;
        self.client(input.client_id).await?;
        let terms = terms_from_input(&input)?;
        self.check_directions(&terms).await?;
        let write = package_write(input.client_id, &terms, None, None, None);
        for _ in 0..ATTEMPTS {
            // Checked against the client's packages as of a version, written only at it: two
            // desks selling the same package at once cannot both succeed.
            let (version, records) = self.store.ledger_snapshot(input.client_id).await?;
            ledger::check_beside_others(&terms, None, &ledgers(&records)?)?;
            if let Some(id) = self
                .store
                .create_package(&write, version, me.id, now_ms())
                .await?
            {
                let rec = self.load_package(id).await?;
                return self.package_dto(&rec, today()).await;
            }
        }
        Err(busy())
    }

    /// New terms; the old ones stay in the package's history.
    pub async fn update_package(&self, id: i64, input: PackageInput) -> ApiResult<PackageDto> {
        let me = self.require(Duty::Packages)?;
        let old = self.load_package(id).await?;
        if input.client_id != old.client_id {
            return Err(ApiError::invalid_said(
                "clientId",
                msg!("ledger-package-other-client"),
            ));
        }
        let terms = terms_from_input(&input)?;
        self.check_directions(&terms).await?;
        let rolled = old.rolled.as_deref().map(parse_budget).transpose()?;
        let write = package_write(
            old.client_id,
            &terms,
            rolled.as_ref(),
            old.rolled_until,
            None,
        );
        for _ in 0..ATTEMPTS {
            // What is used is read at a version and the new terms written only at it: time
            // logged meanwhile makes the check run again.
            let (version, records) = self.store.ledger_snapshot(old.client_id).await?;
            let all = ledgers(&records)?;
            let current = all
                .iter()
                .find(|l| l.id == id)
                .ok_or_else(|| no_package(id))?;
            ledger::check_edit(current, &terms)?;
            ledger::check_beside_others(&terms, Some(id), &all)?;
            match self
                .store
                .update_package(id, &write, version, me.id, now_ms())
                .await?
            {
                Some(true) => {
                    let rec = self.load_package(id).await?;
                    return self.package_dto(&rec, today()).await;
                }
                Some(false) => {
                    return Err(ApiError::said(
                        ErrorCode::Conflict,
                        msg!("ledger-package-closed", package = &old.name),
                    ))
                }
                None => {}
            }
        }
        Err(busy())
    }

    /// The next period of a package: the same terms moved on, unused hours rolled over by its
    /// policy. The old package stays as it is (close it when its period is over).
    /// A package has one next period: renewing it again is refused and names that one (the
    /// database holds the same rule for two desks renewing at once).
    pub async fn renew_package(&self, id: i64) -> ApiResult<PackageDto> {
        let me = self.require(Duty::Packages)?;
        let old = self.load_package(id).await?;
        for _ in 0..ATTEMPTS {
            let (version, records) = self.store.ledger_snapshot(old.client_id).await?;
            let all = ledgers(&records)?;
            let ledger = all
                .iter()
                .find(|l| l.id == id)
                .ok_or_else(|| no_package(id))?;
            ledger::check_renewal(ledger, &all)?;
            let (terms, rolled, until) = ledger::renew(ledger);
            ledger::check_beside_others(&terms, None, &all)?;
            let write = package_write(
                old.client_id,
                &terms,
                rolled.as_ref(),
                until.map(|d| i64::from(d.0)),
                Some(old.id),
            );
            match self
                .store
                .create_package(&write, version, me.id, now_ms())
                .await
            {
                Ok(Some(new)) => {
                    let rec = self.load_package(new).await?;
                    return self.package_dto(&rec, today()).await;
                }
                Ok(None) => {}
                // Another desk renewed it between the check and the write: read again, and
                // the check names the next period that desk made.
                Err(e) if e.is_unique_violation() => {}
                Err(e) => return Err(e.into()),
            }
        }
        Err(busy())
    }

    pub async fn close_package(&self, id: i64) -> ApiResult<PackageDto> {
        let me = self.require(Duty::Packages)?;
        let rec = self.load_package(id).await?;
        if !self.store.close_package(id, me.id, now_ms()).await? {
            return Err(ApiError::said(
                ErrorCode::Conflict,
                msg!("ledger-package-closed-already", package = &rec.name),
            ));
        }
        let rec = self.load_package(id).await?;
        self.package_dto(&rec, today()).await
    }

    async fn load_package(&self, id: i64) -> ApiResult<PackageRecord> {
        self.store.package(id).await?.ok_or_else(|| no_package(id))
    }

    async fn check_directions(&self, terms: &Terms) -> ApiResult<()> {
        if let Budget::PerDirection(map) = &terms.budget {
            let known = self.store.directions().await?;
            for d in map.keys() {
                if !known.iter().any(|k| k == d.as_str()) {
                    return Err(ApiError::invalid_said(
                        "directions",
                        msg!("ledger-no-direction", direction = d.as_str()),
                    ));
                }
            }
        }
        Ok(())
    }

    async fn package_dto(&self, rec: &PackageRecord, today: Day) -> ApiResult<PackageDto> {
        let daily = self.store.package_daily(rec.id).await?;
        self.package_dto_with(rec, today, &daily).await
    }

    async fn package_dto_with(
        &self,
        rec: &PackageRecord,
        today: Day,
        daily: &[(i64, i64)],
    ) -> ApiResult<PackageDto> {
        let crossed = self.store.package_thresholds(rec.id).await?;
        let last_30: i64 = daily
            .iter()
            .filter(|(d, _)| *d > i64::from(today.0) - 30 && *d <= i64::from(today.0))
            .map(|(_, m)| m)
            .sum();
        let crossed: Vec<(String, i64)> =
            crossed.into_iter().map(|c| (c.key, c.threshold)).collect();
        package_dto(rec, today, last_30, &crossed)
    }

    async fn package_detail(&self, rec: &PackageRecord, today: Day) -> ApiResult<PackageDetailDto> {
        let daily = self.store.package_daily(rec.id).await?;
        let package = self.package_dto_with(rec, today, &daily).await?;
        let ledger = package_ledger(rec)?;
        let daily: Vec<(Day, i64)> = daily.into_iter().map(|(d, m)| (day_of(d), m)).collect();
        let burn_down = burn_down(&ledger.terms, ledger.total(), &daily, today)
            .into_iter()
            .map(|p| BurnPointDto {
                day: p.day.to_string(),
                left: p.left,
                ideal: p.ideal,
            })
            .collect();
        let history = self
            .store
            .package_history(rec.id)
            .await?
            .into_iter()
            .map(change_dto)
            .collect();
        Ok(PackageDetailDto {
            package,
            burn_down,
            history,
        })
    }

    // --- the account manager's views ----------------------------------------------------------

    /// Per package: used and left per direction, the burn-down, thresholds, history.
    pub async fn client_dashboard(&self, client_id: i64) -> ApiResult<ClientDashboardDto> {
        let client = self.client(client_id).await?;
        let today = today();
        let mut packages = Vec::new();
        for rec in self.store.packages_of_client(client_id).await? {
            packages.push(self.package_detail(&rec, today).await?);
        }
        let drafts = self.store.count_drafts(client_id).await?;
        Ok(ClientDashboardDto {
            client_id,
            client_code: client.code,
            client_name: client.name,
            today: today.to_string(),
            packages,
            drafts,
        })
    }

    /// Every client: the active packages, the ones that crossed a threshold this week first,
    /// then by the days until they run out; then the clients no package covers today.
    pub async fn portfolio(&self) -> ApiResult<PortfolioDto> {
        let today = today();
        let week_ago = now_ms() - 7 * 86_400_000;
        let mut rows = Vec::new();
        for r in self.store.portfolio(i64::from(today.0), week_ago).await? {
            let p = package_dto(&r.package, today, r.used_last_30, &[])?;
            let end = day_of(r.package.end_day);
            let out = p.runs_out_on.as_deref().map(Day::parse).transpose()?;
            let days_left = Some(i64::from(today.days_until(out.map_or(end, |o| o.min(end)))));
            rows.push(PortfolioRowDto {
                client_id: p.client_id,
                client_code: p.client_code,
                client_name: p.client_name,
                package_id: p.id,
                package_name: p.terms.name,
                end: end.to_string(),
                total_minutes: p.total_minutes,
                used_minutes: p.used_minutes,
                left_minutes: p.left_minutes,
                used_percent: p.used_percent,
                elapsed_percent: p.elapsed_percent,
                burning_fast: p.burning_fast,
                runs_out_on: p.runs_out_on,
                days_left,
                crossed_this_week: r
                    .crossed_recently
                    .iter()
                    .filter(|(k, _)| k.is_empty())
                    .filter_map(|(_, t)| percent(*t))
                    .collect(),
                budgets_crossed_this_week: r
                    .crossed_recently
                    .iter()
                    .filter(|(k, _)| !k.is_empty())
                    .filter_map(|(k, t)| {
                        Some(BudgetThresholdDto {
                            direction: k.clone(),
                            threshold: percent(*t)?,
                        })
                    })
                    .collect(),
            });
        }
        rows.sort_by(|a, b| {
            (
                a.crossed_this_week.is_empty() && a.budgets_crossed_this_week.is_empty(),
                a.days_left,
                &a.client_code,
                a.package_id,
            )
                .cmp(&(
                    b.crossed_this_week.is_empty() && b.budgets_crossed_this_week.is_empty(),
                    b.days_left,
                    &b.client_code,
                    b.package_id,
                ))
        });
        let uncovered = self
            .store
            .clients_without_package(i64::from(today.0))
            .await?
            .into_iter()
            .map(
                |(client_id, client_code, client_name, last_end)| UncoveredClientDto {
                    client_id,
                    client_code,
                    client_name,
                    last_end: last_end.map(|d| day_of(d).to_string()),
                },
            )
            .collect();
        Ok(PortfolioDto { rows, uncovered })
    }

    /// The signed-in person's threshold notices not shown yet (each once, on one of their
    /// desks): what the window notifies about. A direction's own budget is named in the
    /// notice; `left` is that budget's. Thresholds one budget crossed together are told once,
    /// as the highest.
    pub async fn take_threshold_notices(&self) -> ApiResult<Vec<ThresholdNotice>> {
        let Some(me) = self.profile() else {
            return Ok(Vec::new());
        };
        let taken = self.store.take_threshold_notices(me.id, now_ms()).await?;
        let told = ledger::told_together(taken, |n| {
            let c = &n.crossed;
            (
                c.package_id,
                c.key.as_str(),
                Crossing::from_stored(c.threshold),
            )
        });
        self.threshold_notices_of(told).await
    }

    /// The signed-in person's latest threshold notices, newest first, shown or not (`sb hours
    /// notices`): each crossing as it was written, the hours left as they are now.
    pub async fn threshold_notices(&self, limit: i64) -> ApiResult<Vec<ThresholdNotice>> {
        let me = self.actor()?;
        let rows = self
            .store
            .threshold_notices_of(me.id, limit.clamp(1, 500))
            .await?;
        self.threshold_notices_of(rows).await
    }

    /// The notices worded: the package's name and client, the budget and what is left of it
    /// today (a package deleted since is left out).
    async fn threshold_notices_of(
        &self,
        rows: Vec<ThresholdNoticeRow>,
    ) -> ApiResult<Vec<ThresholdNotice>> {
        let lang = self.lang();
        let mut out = Vec::with_capacity(rows.len());
        // A list names the same few packages many times: each is read and counted once.
        let mut packages = BTreeMap::new();
        for n in rows {
            let c = &n.crossed;
            if let std::collections::btree_map::Entry::Vacant(slot) = packages.entry(c.package_id) {
                let read = match self.store.package(c.package_id).await? {
                    Some(p) => Some((package_ledger(&p)?, p)),
                    None => None,
                };
                slot.insert(read);
            }
            let Some((l, p)) = packages.get(&c.package_id).and_then(Option::as_ref) else {
                continue;
            };
            let day = today().max(l.terms.start).min(l.terms.end);
            let key = if c.key.is_empty() {
                None
            } else {
                Some(Direction::parse(&c.key)?)
            };
            let left = match &key {
                Some(_) => l.key_left(&key, day),
                None => l.left_total(day),
            };
            let notice = if Crossing::from_stored(c.threshold) == Crossing::Fast {
                msg!("ledger-notice-fast", package = &p.name, left = hours(left))
            } else {
                let whose = match &key {
                    Some(d) => msg!(
                        "ledger-notice-direction-hours",
                        direction = msg!("direction-label", direction = d.as_str())
                    ),
                    None => msg!("ledger-notice-package-hours"),
                };
                msg!(
                    "ledger-notice-used",
                    package = &p.name,
                    percent = c.threshold,
                    whose = whose,
                    left = hours(left)
                )
            };
            out.push(ThresholdNotice {
                package_id: c.package_id,
                client_id: p.client_id,
                title: format!("{} · {}", p.client_code, p.client_name),
                body: notice.render(lang),
                msg: notice,
                package_name: p.name.clone(),
                direction: key.map(|d| d.as_str().to_string()),
                threshold: percent(c.threshold).unwrap_or(0),
                left_minutes: left,
                crossed_at: n.created_at,
                shown_at: n.shown_at,
            });
        }
        Ok(out)
    }

    // --- time on a ticket ------------------------------------------------------------------

    /// The card's time panel.
    pub async fn ticket_time(&self, ticket_id: i64) -> ApiResult<TicketTimeDto> {
        let ticket = self.load(ticket_id).await?;
        let today = today();
        let entries = self.store.entries_of_ticket(ticket_id).await?;
        let me = self.profile();
        let timer = match &me {
            Some(me) => self
                .store
                .timers(me.id)
                .await?
                .into_iter()
                .find(|(t, _)| *t == ticket_id)
                .map(|(ticket_id, started_at)| TimerDto {
                    ticket_id,
                    started_at,
                }),
            None => None,
        };
        let direction = Direction::parse(&ticket.direction)?;
        let records = self.store.packages_of_client(ticket.client_id).await?;
        let all = ledgers(&records)?;
        // The card lists the packages in the order the time draws from them.
        let stacked = ledger::stack(&all, today, &direction);
        let mut work_types: Vec<String> = stacked
            .first()
            .map(|first| first.terms.multipliers.keys().cloned().collect())
            .unwrap_or_default();
        if work_types.is_empty() {
            work_types = ledger::default_multipliers().into_keys().collect();
        }
        let mut packages = Vec::new();
        for l in stacked {
            let rec = records.iter().find(|r| r.id == l.id).expect("listed");
            packages.push(self.package_dto(rec, today).await?);
        }
        let names = package_names(&records);
        Ok(TicketTimeDto {
            direction: ticket.direction.clone(),
            actual_minutes: entries.iter().map(|e| e.actual_minutes).sum(),
            billable_minutes: entries.iter().map(|e| e.billable_minutes).sum(),
            entries: entries.iter().map(|e| entry_dto(e, &names)).collect(),
            timer,
            packages,
            work_types,
            today: today.to_string(),
            can_approve: me.as_ref().is_some_and(|u| u.role.may(Duty::ApproveTime)),
        })
    }

    /// Where time would go, with the warnings, before it is logged.
    pub async fn preview_time(&self, input: TimeInput) -> ApiResult<TimePreviewDto> {
        let (ticket, draft) = self.time_draft(&input).await?;
        let (_, records) = self.store.ledger_snapshot(ticket.client_id).await?;
        let ledgers = ledgers(&records)?;
        let names = package_names(&records);
        match allocate(&draft, &ledgers) {
            Ok(a) => Ok(TimePreviewDto {
                billable_minutes: a.billable,
                covered_minutes: a.covered(),
                overage_minutes: a.overage(),
                draws: a
                    .draws
                    .iter()
                    .map(|d| draw_dto(&draw_write(d), &names))
                    .collect(),
                warnings: a.warnings.iter().map(warning_dto).collect(),
                refused: None,
            }),
            Err(e @ (LedgerError::Blocked { .. } | LedgerError::OverageLimit { .. })) => {
                Ok(TimePreviewDto {
                    billable_minutes: 0,
                    covered_minutes: 0,
                    overage_minutes: 0,
                    draws: Vec::new(),
                    warnings: Vec::new(),
                    refused: Some(e.to_string()),
                })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Logs time on a ticket as a draft entry.
    pub async fn log_time(&self, input: TimeInput) -> ApiResult<TimeEntryDto> {
        let me = self.actor()?;
        let (ticket, draft) = self.time_draft(&input).await?;
        let (id, e, draws, names) = self
            .write_entry_with(
                ticket.client_id,
                &draft_write(&ticket, me.id, &draft, &input.note),
                &draft,
                None,
            )
            .await?;
        // What was just written, as the card shows it: no need to read it back.
        let record = EntryRecord {
            id,
            ticket_id: e.ticket_id,
            ticket_subject: ticket.subject.clone(),
            ticket_direction: ticket.direction.clone(),
            client_id: e.client_id,
            user_id: me.id,
            user_name: me.name.clone(),
            work_date: e.work_date,
            actual_minutes: e.actual_minutes,
            billable_minutes: e.billable_minutes,
            work_type: e.work_type,
            billable: e.billable,
            note: e.note,
            state: EntryState::Draft.as_str().into(),
            adjusts_id: None,
            moved_from_ticket_id: None,
            created_at: now_ms(),
            approved_by_name: None,
            approved_at: None,
            invoiced_at: None,
            draws,
        };
        Ok(entry_dto(&record, &names))
    }

    /// Changes a draft entry (its minutes go where the ledger says now).
    pub async fn edit_time(&self, entry_id: i64, input: TimeInput) -> ApiResult<TimeEntryDto> {
        let me = self.actor()?;
        let old = self.load_entry(entry_id).await?;
        draft_only(&old)?;
        authored(&me, &old)?;
        if input.ticket_id != old.ticket_id {
            return Err(ApiError::invalid_said(
                "ticketId",
                msg!("ledger-entry-stays"),
            ));
        }
        let (ticket, draft) = self.time_draft(&input).await?;
        self.write_entry(
            ticket.client_id,
            &draft_write(&ticket, old.user_id, &draft, &input.note),
            &draft,
            Some(entry_id),
        )
        .await?;
        self.entry_dto(entry_id).await
    }

    pub async fn delete_time(&self, entry_id: i64) -> ApiResult<()> {
        let me = self.actor()?;
        let old = self.load_entry(entry_id).await?;
        draft_only(&old)?;
        authored(&me, &old)?;
        if !self.store.delete_draft(entry_id).await? {
            return Err(not_draft(&old));
        }
        Ok(())
    }

    /// Corrects an approved or invoiced entry with an adjustment entry that references it:
    /// positive minutes are logged like new time, negative ones are given back to the very
    /// packages the entry drew from.
    pub async fn adjust_time(&self, input: AdjustInput) -> ApiResult<TimeEntryDto> {
        let me = self.actor()?;
        let mut old = self.load_entry(input.entry_id).await?;
        // A correction of a correction corrects the entry itself.
        if let Some(root) = old.adjusts_id {
            old = self.load_entry(root).await?;
        }
        if old.state == "draft" {
            return Err(ApiError::invalid_said(
                "entryId",
                msg!("ledger-draft-not-adjusted"),
            ));
        }
        let note = input.note.trim();
        if note.is_empty() {
            return Err(ApiError::invalid_said("note", msg!("ledger-adjust-note")));
        }
        if input.minutes == 0 || input.minutes.abs() > ledger::MAX_ENTRY_MINUTES {
            return Err(ApiError::invalid_said(
                "minutes",
                msg!("ledger-adjust-minutes"),
            ));
        }
        let write = EntryWrite {
            ticket_id: old.ticket_id,
            client_id: old.client_id,
            user_id: me.id,
            work_date: old.work_date,
            actual_minutes: input.minutes,
            billable_minutes: 0,
            work_type: old.work_type.clone(),
            billable: old.billable,
            note: note.to_string(),
            adjusts_id: Some(old.id),
        };
        let id = if input.minutes > 0 {
            let draft = EntryDraft {
                work_date: day_of(old.work_date),
                direction: Direction::parse(&old.ticket_direction)?,
                actual: input.minutes,
                work_type: old.work_type.clone(),
                billable: old.billable,
            };
            self.write_entry(old.client_id, &write, &draft, None)
                .await?
        } else {
            let mut attempt = 0;
            loop {
                // The version first, then the corrections so far: a correction written by
                // another desk meanwhile moves the version and this one is made again.
                let (version, _) = self.store.ledger_snapshot(old.client_id).await?;
                let corrections = self.store.corrections_of(old.id).await?;
                let mut parts = vec![(old.actual_minutes, domain_draws(&old.draws)?)];
                for c in &corrections {
                    parts.push((c.actual_minutes, domain_draws(&c.draws)?));
                }
                let balance = EntryBalance::of(parts.iter().map(|(a, d)| (*a, d.as_slice())));
                let back = ledger::take_back(&balance, -input.minutes)?;
                let draws: Vec<DrawWrite> = back.draws.iter().map(draw_write).collect();
                let entry = EntryWrite {
                    actual_minutes: back.actual,
                    billable_minutes: back.billable,
                    ..write.clone()
                };
                let m = LedgerMove {
                    client_id: old.client_id,
                    expected_version: version,
                    draws: &draws,
                    thresholds: &[],
                    now: now_ms(),
                };
                if let Some((id, _)) = self.store.log_entry(&entry, &m).await? {
                    break id;
                }
                attempt += 1;
                if attempt >= ATTEMPTS {
                    return Err(busy());
                }
            }
        };
        self.entry_dto(id).await
    }

    /// Approves draft entries (account managers and admins).
    pub async fn approve_time(&self, sel: EntriesSelection) -> ApiResult<i64> {
        self.advance(sel, EntryState::Draft, EntryState::Approved)
            .await
    }

    /// Marks approved entries invoiced (account managers and admins).
    pub async fn invoice_time(&self, sel: EntriesSelection) -> ApiResult<i64> {
        self.advance(sel, EntryState::Approved, EntryState::Invoiced)
            .await
    }

    async fn advance(
        &self,
        sel: EntriesSelection,
        from: EntryState,
        to: EntryState,
    ) -> ApiResult<i64> {
        let me = self.require(Duty::ApproveTime)?;
        let period = match (&sel.client_id, &sel.from, &sel.to) {
            (Some(c), Some(f), Some(t)) => {
                let (f, t) = (Day::parse(f)?, Day::parse(t)?);
                if t < f {
                    return Err(ApiError::invalid_said(
                        "to",
                        msg!("ledger-period-backwards"),
                    ));
                }
                Some((*c, i64::from(f.0), i64::from(t.0)))
            }
            (None, None, None) => None,
            _ => {
                return Err(ApiError::invalid_said(
                    "clientId",
                    msg!("ledger-select-period"),
                ))
            }
        };
        let ids = (!sel.ids.is_empty()).then_some(sel.ids.as_slice());
        if ids.is_none() && period.is_none() {
            return Err(ApiError::invalid_said("ids", msg!("ledger-select-none")));
        }
        Ok(self
            .store
            .advance_entries(from.as_str(), to.as_str(), ids, period, me.id, now_ms())
            .await? as i64)
    }

    /// A client's entries in a period, by work date: what the dashboard and reports list.
    pub async fn client_time(
        &self,
        client_id: i64,
        from: &str,
        to: &str,
    ) -> ApiResult<Vec<TimeEntryDto>> {
        let (f, t) = (Day::parse(from)?, Day::parse(to)?);
        let records = self.store.packages_of_client(client_id).await?;
        let names = package_names(&records);
        let mut out = Vec::new();
        let mut after = None;
        loop {
            let page = self
                .store
                .entries_of_client(client_id, i64::from(f.0), i64::from(t.0), after, 1000)
                .await?;
            let Some(last) = page.last() else { break };
            after = Some((last.work_date, last.id));
            let full = page.len() == 1000;
            out.extend(page.iter().map(|e| entry_dto(e, &names)));
            if !full {
                break;
            }
        }
        Ok(out)
    }

    /// The entries behind a package's figures, newest first, a page before entry `before`.
    pub async fn package_entries(
        &self,
        package_id: i64,
        before: Option<i64>,
    ) -> ApiResult<Vec<TimeEntryDto>> {
        let rec = self.load_package(package_id).await?;
        let records = self.store.packages_of_client(rec.client_id).await?;
        let names = package_names(&records);
        Ok(self
            .store
            .entries_of_package(package_id, before, ENTRIES_PAGE)
            .await?
            .iter()
            .map(|e| entry_dto(e, &names))
            .collect())
    }

    // --- timers ------------------------------------------------------------------------------

    /// Starts my timer on a ticket; it keeps running across restarts of the app.
    pub async fn start_timer(&self, ticket_id: i64) -> ApiResult<TimerDto> {
        let me = self.actor()?;
        self.load(ticket_id).await?;
        self.store.start_timer(me.id, ticket_id, now_ms()).await?;
        let started_at = self
            .store
            .timers(me.id)
            .await?
            .into_iter()
            .find(|(t, _)| *t == ticket_id)
            .map(|(_, s)| s)
            .ok_or_else(|| ApiError::said(ErrorCode::Conflict, msg!("ledger-timer-stopped")))?;
        Ok(TimerDto {
            ticket_id,
            started_at,
        })
    }

    /// Stops my timer and logs what it measured (rounded up to a whole minute).
    pub async fn stop_timer(
        &self,
        ticket_id: i64,
        work_type: String,
        billable: bool,
        note: String,
    ) -> ApiResult<TimeEntryDto> {
        let me = self.actor()?;
        let Some((_, started)) = self
            .store
            .timers(me.id)
            .await?
            .into_iter()
            .find(|(t, _)| *t == ticket_id)
        else {
            return Err(ApiError::said(
                ErrorCode::Conflict,
                msg!(
                    "ledger-no-timer",
                    ticket = TicketNumber(ticket_id).to_string()
                ),
            ));
        };
        let minutes = ledger::timer_minutes(started, now_ms())?;
        let input = TimeInput {
            ticket_id,
            work_date: Some(Day::of_moment(started, local_offset_minutes()).to_string()),
            minutes,
            work_type,
            billable,
            note,
        };
        // Logged first, then the timer goes: a refusal (a blocked package) keeps the timer.
        let entry = self.log_time(input).await?;
        self.store.stop_timer(me.id, ticket_id).await?;
        Ok(entry)
    }

    /// Throws my timer on a ticket away without logging anything.
    pub async fn discard_timer(&self, ticket_id: i64) -> ApiResult<()> {
        let me = self.actor()?;
        self.store.stop_timer(me.id, ticket_id).await?;
        Ok(())
    }

    // --- the write loop --------------------------------------------------------------------------

    /// Allocates `draft` from a fresh snapshot and writes it (a new entry, or the draft
    /// `replace`), again from a new snapshot when another write came first.
    async fn write_entry(
        &self,
        client_id: i64,
        entry: &EntryWrite,
        draft: &EntryDraft,
        replace: Option<i64>,
    ) -> ApiResult<i64> {
        Ok(self
            .write_entry_with(client_id, entry, draft, replace)
            .await?
            .0)
    }

    /// [`App::write_entry`], returning also what was written: the entry, its draws, the
    /// names of the client's packages.
    async fn write_entry_with(
        &self,
        client_id: i64,
        entry: &EntryWrite,
        draft: &EntryDraft,
        replace: Option<i64>,
    ) -> ApiResult<(i64, EntryWrite, Vec<DrawWrite>, BTreeMap<i64, String>)> {
        for _ in 0..ATTEMPTS {
            let (version, records) = self.store.ledger_snapshot(client_id).await?;
            let mut ledgers = ledgers(&records)?;
            // An edited draft's own minutes are not in the way of its new allocation.
            if let Some(id) = replace {
                let old = self.load_entry(id).await?;
                let back: Vec<Draw> = old
                    .draws
                    .iter()
                    .map(domain_draw)
                    .collect::<ApiResult<Vec<_>>>()?
                    .into_iter()
                    .map(|d| Draw {
                        minutes: -d.minutes,
                        ..d
                    })
                    .collect();
                for l in &mut ledgers {
                    l.apply(&back);
                }
            }
            let a = allocate(draft, &ledgers)?;
            let crossed = crossings(&ledgers, &a.draws, draft.work_date);
            let draws: Vec<DrawWrite> = a.draws.iter().map(draw_write).collect();
            let entry = EntryWrite {
                billable_minutes: a.billable,
                ..entry.clone()
            };
            let m = LedgerMove {
                client_id,
                expected_version: version,
                draws: &draws,
                thresholds: &crossed,
                now: now_ms(),
            };
            match replace {
                None => {
                    if let Some((id, _)) = self.store.log_entry(&entry, &m).await? {
                        return Ok((id, entry, draws, package_names(&records)));
                    }
                }
                Some(id) => {
                    if self.store.update_draft(id, &entry, &m).await?.is_some() {
                        return Ok((id, entry, draws, package_names(&records)));
                    }
                    let now = self.load_entry(id).await?;
                    draft_only(&now)?;
                }
            }
        }
        Err(busy())
    }

    /// The ticket and the domain's draft of an entry, checked.
    async fn time_draft(&self, input: &TimeInput) -> ApiResult<(sb_store::Ticket, EntryDraft)> {
        let ticket = self.load(input.ticket_id).await?;
        if let Some(into) = ticket.merged_into_id {
            return Err(ApiError::invalid_said(
                "ticketId",
                msg!(
                    "ledger-merged-ticket",
                    ticket = TicketNumber(ticket.id).to_string(),
                    into = TicketNumber(into).to_string()
                ),
            ));
        }
        let work_date = match input.work_date.as_deref().map(str::trim) {
            Some(d) if !d.is_empty() => {
                Day::parse(d).map_err(|e| ApiError::invalid_said("workDate", e.msg()))?
            }
            _ => today(),
        };
        ledger::check_work_day(work_date, today())?;
        if input.note.chars().count() > 2000 {
            return Err(ApiError::invalid_said("note", msg!("ledger-note-too-long")));
        }
        let draft = EntryDraft {
            work_date,
            direction: Direction::parse(&ticket.direction)?,
            actual: input.minutes,
            work_type: input.work_type.trim().to_string(),
            billable: input.billable,
        };
        Ok((ticket, draft))
    }

    /// One time entry.
    pub async fn time_entry(&self, id: i64) -> ApiResult<TimeEntryDto> {
        self.entry_dto(id).await
    }

    async fn load_entry(&self, id: i64) -> ApiResult<EntryRecord> {
        self.store.entry(id).await?.ok_or_else(|| {
            ApiError::said(
                ErrorCode::NotFound,
                msg!("ledger-no-entry", id = id.to_string()),
            )
        })
    }

    async fn entry_dto(&self, id: i64) -> ApiResult<TimeEntryDto> {
        let e = self.load_entry(id).await?;
        let records = self.store.packages_of_client(e.client_id).await?;
        Ok(entry_dto(&e, &package_names(&records)))
    }
}

/// Hands each threshold a package crosses to `tell`, for as long as the app runs: the person
/// signed in here is told of it once, on one of their desks, when they keep the packages (or
/// nobody in the workspace does). The shell shows a desktop notification and the window a
/// notice.
pub async fn watch_thresholds(
    app: std::sync::Arc<App>,
    tell: impl Fn(ThresholdNotice) + Send + 'static,
) {
    crate::sla::watch_notices(
        app,
        |app| async move { app.take_threshold_notices().await },
        tell,
    )
    .await
}

/// The entry a draft makes (its billable minutes come with the allocation).
fn draft_write(
    ticket: &sb_store::Ticket,
    user_id: i64,
    draft: &EntryDraft,
    note: &str,
) -> EntryWrite {
    EntryWrite {
        ticket_id: ticket.id,
        client_id: ticket.client_id,
        user_id,
        work_date: i64::from(draft.work_date.0),
        actual_minutes: draft.actual,
        billable_minutes: 0,
        work_type: draft.work_type.clone(),
        billable: draft.billable,
        note: note.trim().to_string(),
        adjusts_id: None,
    }
}

fn no_package(id: i64) -> ApiError {
    ApiError::said(
        ErrorCode::NotFound,
        msg!("ledger-no-package", id = id.to_string()),
    )
}

fn busy() -> ApiError {
    ApiError::said(ErrorCode::Conflict, msg!("ledger-busy"))
}

/// Only its author changes or deletes a draft (sb-domain's rule; the database's too).
fn authored(me: &sb_store::User, e: &EntryRecord) -> ApiResult<()> {
    if sb_domain::access::may_change_entry(me.id, e.user_id, true) {
        Ok(())
    } else {
        Err(ApiError::said(
            ErrorCode::NotAllowed,
            msg!(
                "ledger-not-author",
                id = e.id.to_string(),
                author = &e.user_name
            ),
        ))
    }
}

fn draft_only(e: &EntryRecord) -> ApiResult<()> {
    if e.state == "draft" {
        Ok(())
    } else {
        Err(not_draft(e))
    }
}

fn not_draft(e: &EntryRecord) -> ApiError {
    ApiError::said(
        ErrorCode::Conflict,
        msg!("ledger-not-draft", id = e.id.to_string(), state = &e.state),
    )
}

pub use sb_report::hours;

/// The store's form of what an allocation crosses: a percent (`0` for running ahead of the
/// calendar) on the whole package (key `""`) or on a direction's budget.
fn crossings(ledgers: &[PackageLedger], draws: &[Draw], day: Day) -> Vec<Crossed> {
    ledger::crossings(ledgers, draws, day)
        .into_iter()
        .map(|(package_id, key, c)| Crossed {
            package_id,
            key: key.map_or(String::new(), |d| d.as_str().to_string()),
            threshold: c.stored(),
        })
        .collect()
}

/// A stored crossing's percent of hours used; `None` for running ahead of the calendar.
fn percent(stored: i64) -> Option<u32> {
    match Crossing::from_stored(stored) {
        Crossing::Used(t) => Some(t),
        Crossing::Fast => None,
    }
}

fn terms_from_input(i: &PackageInput) -> ApiResult<Terms> {
    let start = Day::parse(&i.start).map_err(|e| ApiError::invalid_said("start", e.msg()))?;
    let end = Day::parse(&i.end).map_err(|e| ApiError::invalid_said("end", e.msg()))?;
    let budget = match i.shared_minutes {
        Some(m) => Budget::Shared(m),
        None => {
            let mut map = BTreeMap::new();
            for d in &i.directions {
                let dir = Direction::parse(&d.direction)
                    .map_err(|e| ApiError::invalid_said("directions", e.msg()))?;
                if map.insert(dir, d.minutes).is_some() {
                    return Err(ApiError::invalid_said(
                        "directions",
                        msg!("ledger-direction-twice", direction = &d.direction),
                    ));
                }
            }
            Budget::PerDirection(map)
        }
    };
    let need = |v: Option<i64>, field: &str, what: Msg| {
        v.ok_or_else(|| ApiError::invalid_said(field, what))
    };
    let overage = match i.overage {
        OverageKind::Block => OveragePolicy::Block,
        OverageKind::AllowUpTo => OveragePolicy::AllowUpTo {
            minutes: need(
                i.overage_minutes,
                "overageMinutes",
                msg!("ledger-need-overage-minutes"),
            )?,
        },
        OverageKind::Bill => OveragePolicy::Bill {
            rate_per_hour: need(
                i.overage_rate,
                "overageRate",
                msg!("ledger-need-overage-rate"),
            )?,
        },
    };
    let rollover = match i.rollover {
        RolloverKind::None => RolloverPolicy::None,
        RolloverKind::All => RolloverPolicy::All,
        RolloverKind::UpToMinutes => RolloverPolicy::UpToMinutes {
            minutes: need(
                i.rollover_limit,
                "rolloverLimit",
                msg!("ledger-need-rollover-minutes"),
            )?,
        },
        RolloverKind::UpToPercent => RolloverPolicy::UpToPercent {
            percent: u32::try_from(need(
                i.rollover_limit,
                "rolloverLimit",
                msg!("ledger-need-rollover-percent"),
            )?)
            .map_err(|_| {
                ApiError::invalid_said("rolloverLimit", msg!("ledger-rollover-percent"))
            })?,
        },
    };
    let mut multipliers = BTreeMap::new();
    for w in &i.work_types {
        let name = w.work_type.trim().to_lowercase().replace(' ', "_");
        if multipliers.insert(name.clone(), w.percent).is_some() {
            return Err(ApiError::invalid_said(
                "multipliers",
                msg!("ledger-work-type-twice", work_type = &name),
            ));
        }
    }
    Ok(Terms {
        name: i.name.clone(),
        start,
        end,
        budget,
        stack_order: i32::try_from(i.stack_order)
            .map_err(|_| ApiError::invalid_said("stackOrder", msg!("ledger-stack-order")))?,
        rounding: i.rounding,
        minimum: i.minimum,
        multipliers,
        overage,
        rollover,
        rollover_expires_days: i.rollover_expires_days,
        thresholds: i.thresholds.clone(),
        burn_margin: i.burn_margin,
    }
    .check()?)
}

fn input_from_terms(client_id: i64, t: &Terms) -> PackageInput {
    let (shared_minutes, directions) = match &t.budget {
        Budget::Shared(m) => (Some(*m), Vec::new()),
        Budget::PerDirection(map) => (
            None,
            map.iter()
                .map(|(d, m)| DirectionMinutes {
                    direction: d.as_str().to_string(),
                    minutes: *m,
                })
                .collect(),
        ),
    };
    let (overage, overage_minutes, overage_rate) = match &t.overage {
        OveragePolicy::Block => (OverageKind::Block, None, None),
        OveragePolicy::AllowUpTo { minutes } => (OverageKind::AllowUpTo, Some(*minutes), None),
        OveragePolicy::Bill { rate_per_hour } => (OverageKind::Bill, None, Some(*rate_per_hour)),
    };
    let (rollover, rollover_limit) = match &t.rollover {
        RolloverPolicy::None => (RolloverKind::None, None),
        RolloverPolicy::All => (RolloverKind::All, None),
        RolloverPolicy::UpToMinutes { minutes } => (RolloverKind::UpToMinutes, Some(*minutes)),
        RolloverPolicy::UpToPercent { percent } => {
            (RolloverKind::UpToPercent, Some(i64::from(*percent)))
        }
    };
    PackageInput {
        client_id,
        name: t.name.clone(),
        start: t.start.to_string(),
        end: t.end.to_string(),
        shared_minutes,
        directions,
        stack_order: i64::from(t.stack_order),
        rounding: t.rounding,
        minimum: t.minimum,
        work_types: t
            .multipliers
            .iter()
            .map(|(k, p)| WorkTypeRate {
                work_type: k.clone(),
                percent: *p,
            })
            .collect(),
        overage,
        overage_minutes,
        overage_rate,
        rollover,
        rollover_limit,
        rollover_expires_days: t.rollover_expires_days,
        thresholds: t.thresholds.clone(),
        burn_margin: t.burn_margin,
    }
}

fn package_write(
    client_id: i64,
    terms: &Terms,
    rolled: Option<&Budget>,
    rolled_until: Option<i64>,
    renewed_from_id: Option<i64>,
) -> PackageWrite {
    PackageWrite {
        client_id,
        name: terms.name.clone(),
        start_day: i64::from(terms.start.0),
        end_day: i64::from(terms.end.0),
        stack_order: i64::from(terms.stack_order),
        terms: serde_json::to_string(terms).expect("terms serialize"),
        rolled: rolled.map(|r| serde_json::to_string(r).expect("a budget serializes")),
        rolled_until,
        total_minutes: terms.budget.total() + rolled.map_or(0, Budget::total),
        renewed_from_id,
    }
}

fn parse_budget(json: &str) -> ApiResult<Budget> {
    serde_json::from_str(json).map_err(|e| {
        ApiError::said(
            ErrorCode::Internal,
            msg!("ledger-budget-unreadable", error = e.to_string()),
        )
    })
}

fn package_ledger(rec: &PackageRecord) -> ApiResult<PackageLedger> {
    let terms: Terms = serde_json::from_str(&rec.terms).map_err(|e| {
        ApiError::said(
            ErrorCode::Internal,
            msg!(
                "ledger-terms-unreadable",
                id = rec.id.to_string(),
                error = e.to_string()
            ),
        )
    })?;
    let mut used = BTreeMap::new();
    for u in &rec.usage {
        let key = if u.key.is_empty() {
            None
        } else {
            Some(Direction::parse(&u.key)?)
        };
        used.insert(
            key,
            ledger::Balance {
                used_base: u.used_base,
                used_rolled: u.used_rolled,
                used_overage: u.used_overage,
            },
        );
    }
    Ok(PackageLedger {
        id: rec.id,
        terms,
        closed: rec.closed_at.is_some(),
        rolled: rec.rolled.as_deref().map(parse_budget).transpose()?,
        rolled_until: rec.rolled_until.map(day_of),
        used,
        overage_used: rec.overage_minutes,
        renewed_from: rec.renewed_from_id,
    })
}

fn ledgers(records: &[PackageRecord]) -> ApiResult<Vec<PackageLedger>> {
    records.iter().map(package_ledger).collect()
}

fn package_names(records: &[PackageRecord]) -> BTreeMap<i64, String> {
    records.iter().map(|r| (r.id, r.name.clone())).collect()
}

pub(crate) fn package_dto(
    rec: &PackageRecord,
    today: Day,
    used_last_30: i64,
    crossed: &[(String, i64)],
) -> ApiResult<PackageDto> {
    let l = package_ledger(rec)?;
    let total = l.total();
    let used = l.used_total();
    let left = l.left_total(today.max(l.terms.start).min(l.terms.end));
    // Overage counts as used here as in the thresholds: "used 120%" beside "crossed 100%".
    let b = burn(&l.terms, total, l.spent_total(), today);
    let budgets = l
        .terms
        .budget
        .keys()
        .into_iter()
        .map(|(k, m)| {
            let bal = l.used.get(&k).cloned().unwrap_or_default();
            let rolled = l.rolled.as_ref().map_or(0, |r| r.get(&k));
            let direction = k.as_ref().map_or(String::new(), |d| d.as_str().to_string());
            let key_total = l.key_total(&k);
            PackageBudgetDto {
                budget_minutes: m,
                rolled_minutes: rolled,
                used_minutes: bal.used_base + bal.used_rolled,
                left_minutes: l.key_left(&k, today.max(l.terms.start)),
                overage_minutes: bal.used_overage,
                used_percent: burn(&l.terms, key_total, l.key_spent(&k), today).used_percent,
                thresholds_crossed: crossed
                    .iter()
                    .filter(|(key, _)| !direction.is_empty() && *key == direction)
                    .filter_map(|(_, t)| percent(*t))
                    .collect(),
                direction,
            }
        })
        .collect();
    let active = !l.closed && l.terms.is_active_on(today);
    Ok(PackageDto {
        id: rec.id,
        client_id: rec.client_id,
        client_code: rec.client_code.clone(),
        client_name: rec.client_name.clone(),
        terms: input_from_terms(rec.client_id, &l.terms),
        closed: l.closed,
        renewed_from_id: rec.renewed_from_id,
        rolled_until: l.rolled_until.map(|d| d.to_string()),
        budgets,
        total_minutes: total,
        used_minutes: used,
        left_minutes: left,
        overage_minutes: l.overage_used,
        used_percent: b.used_percent,
        elapsed_percent: b.elapsed_percent,
        burning_fast: b.too_fast,
        runs_out_on: active
            .then(|| runs_out_on(today, l.terms.end, left, used_last_30))
            .flatten()
            .map(|d| d.to_string()),
        used_last_30,
        thresholds_crossed: crossed
            .iter()
            .filter(|(key, _)| key.is_empty())
            .filter_map(|(_, t)| percent(*t))
            .collect(),
        active,
    })
}

fn change_dto(c: PackageChange) -> PackageChangeDto {
    let parse = |s: &Option<String>| {
        s.as_deref()
            .and_then(|j| serde_json::from_str::<Terms>(j).ok())
    };
    let said = match (parse(&c.old_terms), parse(&c.new_terms)) {
        (Some(old), Some(new)) => Some(terms_diff(&old, &new)),
        (None, Some(new)) => Some(msg!(
            "package-change-created",
            start = new.start.to_string(),
            end = new.end.to_string(),
            hours = hours(new.budget.total())
        )),
        _ => None,
    };
    PackageChangeDto {
        actor_name: c.actor_name,
        at: c.at,
        change: c.change,
        summary: said.as_ref().map(Msg::english).unwrap_or_default(),
        msg: said,
    }
}

/// What changed between two versions of terms, in words.
fn terms_diff(old: &Terms, new: &Terms) -> Msg {
    let mut parts = Vec::new();
    if old.name != new.name {
        parts.push(msg!(
            "package-change-name",
            old = &old.name,
            new = &new.name
        ));
    }
    if (old.start, old.end) != (new.start, new.end) {
        parts.push(msg!(
            "package-change-period",
            old_start = old.start.to_string(),
            old_end = old.end.to_string(),
            new_start = new.start.to_string(),
            new_end = new.end.to_string()
        ));
    }
    if old.budget != new.budget {
        parts.push(msg!(
            "package-change-hours",
            old = hours(old.budget.total()),
            new = hours(new.budget.total())
        ));
    }
    if (old.rounding, old.minimum) != (new.rounding, new.minimum) {
        parts.push(msg!(
            "package-change-rounding",
            old_rounding = old.rounding,
            old_minimum = old.minimum,
            new_rounding = new.rounding,
            new_minimum = new.minimum
        ));
    }
    if old.multipliers != new.multipliers {
        parts.push(msg!("package-change-multipliers"));
    }
    if old.overage != new.overage {
        parts.push(msg!("package-change-overage"));
    }
    if old.rollover != new.rollover || old.rollover_expires_days != new.rollover_expires_days {
        parts.push(msg!("package-change-rollover"));
    }
    if old.thresholds != new.thresholds || old.burn_margin != new.burn_margin {
        parts.push(msg!("package-change-thresholds"));
    }
    if old.stack_order != new.stack_order {
        parts.push(msg!(
            "package-change-order",
            old = old.stack_order,
            new = new.stack_order
        ));
    }
    let mut rest = parts.into_iter().rev();
    match rest.next() {
        None => msg!("package-change-none"),
        Some(last) => rest.fold(last, |tail, part| {
            msg!("package-changes-more", first = part, rest = tail)
        }),
    }
}

fn kind_word(k: DrawKind) -> &'static str {
    match k {
        DrawKind::Rolled => "rolled",
        DrawKind::Base => "base",
        DrawKind::Overage => "overage",
    }
}

fn draw_write(d: &Draw) -> DrawWrite {
    DrawWrite {
        package_id: d.package_id,
        key: d
            .key
            .as_ref()
            .map_or(String::new(), |k| k.as_str().to_string()),
        kind: kind_word(d.kind).to_string(),
        minutes: d.minutes,
        rate_per_hour: d.rate_per_hour,
    }
}

fn domain_draw(d: &DrawWrite) -> ApiResult<Draw> {
    Ok(Draw {
        package_id: d.package_id,
        key: if d.key.is_empty() {
            None
        } else {
            Some(Direction::parse(&d.key)?)
        },
        kind: match d.kind.as_str() {
            "rolled" => DrawKind::Rolled,
            "base" => DrawKind::Base,
            _ => DrawKind::Overage,
        },
        minutes: d.minutes,
        rate_per_hour: d.rate_per_hour,
    })
}

fn domain_draws(draws: &[DrawWrite]) -> ApiResult<Vec<Draw>> {
    draws.iter().map(domain_draw).collect()
}

fn draw_dto(d: &DrawWrite, names: &BTreeMap<i64, String>) -> DrawDto {
    DrawDto {
        package_id: d.package_id,
        package_name: d.package_id.and_then(|id| names.get(&id).cloned()),
        direction: d.key.clone(),
        kind: d.kind.clone(),
        minutes: d.minutes,
        rate_per_hour: d.rate_per_hour,
    }
}

fn warning_dto(w: &Warning) -> LedgerWarningDto {
    let none = LedgerWarningDto {
        kind: LedgerWarningKind::NoPackage,
        message: String::new(),
        msg: msg!("ledger-warning-no-package"),
        package_name: None,
        direction: None,
        minutes: None,
        day: None,
    };
    let dto = match w {
        Warning::NoPackage => none,
        Warning::Expired { name, end, .. } => LedgerWarningDto {
            kind: LedgerWarningKind::Expired,
            msg: msg!(
                "ledger-warning-expired",
                package = name,
                day = end.to_string()
            ),
            package_name: Some(name.clone()),
            day: Some(end.to_string()),
            ..none
        },
        Warning::NotStarted { name, start, .. } => LedgerWarningDto {
            kind: LedgerWarningKind::NotStarted,
            msg: msg!(
                "ledger-warning-not-started",
                package = name,
                day = start.to_string()
            ),
            package_name: Some(name.clone()),
            day: Some(start.to_string()),
            ..none
        },
        Warning::Closed { name, .. } => LedgerWarningDto {
            kind: LedgerWarningKind::Closed,
            msg: msg!("ledger-warning-closed", package = name),
            package_name: Some(name.clone()),
            ..none
        },
        Warning::Exhausts {
            name,
            key,
            package_left,
            ..
        } => LedgerWarningDto {
            kind: LedgerWarningKind::Exhausts,
            msg: match key {
                Some(d) if *package_left > 0 => msg!(
                    "ledger-warning-exhausts-others-left",
                    direction = msg!("direction-name", direction = d.as_str()),
                    package = name,
                    left = hours(*package_left)
                ),
                Some(d) => msg!(
                    "ledger-warning-exhausts-direction",
                    direction = msg!("direction-name", direction = d.as_str()),
                    package = name
                ),
                None => msg!("ledger-warning-exhausts", package = name),
            },
            package_name: Some(name.clone()),
            direction: key.as_ref().map(|d| d.as_str().to_string()),
            minutes: Some(*package_left),
            ..none
        },
        Warning::Overage { name, minutes, .. } => LedgerWarningDto {
            kind: LedgerWarningKind::Overage,
            msg: msg!(
                "ledger-warning-overage",
                minutes = hours(*minutes),
                package = name
            ),
            package_name: Some(name.clone()),
            minutes: Some(*minutes),
            ..none
        },
    };
    LedgerWarningDto {
        message: dto.msg.english(),
        ..dto
    }
}

fn entry_dto(e: &EntryRecord, names: &BTreeMap<i64, String>) -> TimeEntryDto {
    let covered: i64 = e
        .draws
        .iter()
        .filter(|d| d.package_id.is_some() && d.kind != "overage")
        .map(|d| d.minutes)
        .sum();
    TimeEntryDto {
        id: e.id,
        ticket_id: e.ticket_id,
        ticket_number: TicketNumber(e.ticket_id).to_string(),
        ticket_subject: e.ticket_subject.clone(),
        direction: e.ticket_direction.clone(),
        user_name: e.user_name.clone(),
        work_date: day_of(e.work_date).to_string(),
        actual_minutes: e.actual_minutes,
        billable_minutes: e.billable_minutes,
        covered_minutes: covered,
        overage_minutes: e.billable_minutes - covered,
        work_type: e.work_type.clone(),
        billable: e.billable,
        note: e.note.clone(),
        state: match e.state.as_str() {
            "approved" => EntryStateDto::Approved,
            "invoiced" => EntryStateDto::Invoiced,
            _ => EntryStateDto::Draft,
        },
        adjusts_id: e.adjusts_id,
        moved_from: e.moved_from_ticket_id.map(|t| TicketNumber(t).to_string()),
        approved_by: e.approved_by_name.clone(),
        draws: e.draws.iter().map(|d| draw_dto(d, names)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_go_to_the_form_and_back() {
        let input = PackageInput {
            client_id: 3,
            name: "Annual 2026".into(),
            start: "2026-01-01".into(),
            end: "2026-12-31".into(),
            shared_minutes: None,
            directions: vec![
                DirectionMinutes {
                    direction: "hardware".into(),
                    minutes: 2400,
                },
                DirectionMinutes {
                    direction: "network".into(),
                    minutes: 1200,
                },
            ],
            stack_order: 1,
            rounding: 15,
            minimum: 30,
            // By name: the form lists them as the terms keep them.
            work_types: vec![
                WorkTypeRate {
                    work_type: "on_site".into(),
                    percent: 150,
                },
                WorkTypeRate {
                    work_type: "remote".into(),
                    percent: 100,
                },
            ],
            overage: OverageKind::AllowUpTo,
            overage_minutes: Some(600),
            overage_rate: None,
            rollover: RolloverKind::UpToPercent,
            rollover_limit: Some(10),
            rollover_expires_days: Some(90),
            thresholds: vec![50, 75, 90, 100],
            burn_margin: 10,
        };
        let terms = terms_from_input(&input).unwrap();
        assert_eq!(input_from_terms(3, &terms), input);
        let bad = PackageInput {
            overage_minutes: None,
            ..input.clone()
        };
        assert_eq!(
            terms_from_input(&bad).unwrap_err().field.as_deref(),
            Some("overageMinutes")
        );
        let twice = PackageInput {
            directions: vec![
                DirectionMinutes {
                    direction: "network".into(),
                    minutes: 1,
                },
                DirectionMinutes {
                    direction: "network".into(),
                    minutes: 2,
                },
            ],
            ..input
        };
        assert_eq!(
            terms_from_input(&twice).unwrap_err().field.as_deref(),
            Some("directions")
        );
    }
}
