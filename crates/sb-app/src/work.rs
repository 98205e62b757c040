//! The background work of a workspace, done once across every process that opens it: each
//! unit (a mailbox's reading and its replies, an alert source, a vendor's sync and its
//! deliveries) is held through a lease by one process at a time, which renews it while it works
//! and records results only under its fencing number. The window, `sb worker` and the manual
//! "Poll now" actions all go through here.
//!
//! Architecture Invariant (DESIGN 10): a process takes only the units whose secret this
//! desk's keychain holds; each unit's failures are logged and counted on its lease row, and the
//! unit is started again after a pause that doubles with each failure in a row.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sb_domain::work::{self, WorkKind, WorkUnit};
use sb_intake::email::imap::Mailbox;
use sb_store::{Holder, Lease};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use ts_rs::TS;

use crate::{now_ms, ApiError, ApiResult, App, ErrorCode};

/// This process among the workspace's processes, and the leases it holds.
#[derive(Debug)]
pub(crate) struct WorkRuntime {
    holder: Mutex<Holder>,
    /// How long a hold lasts without a heartbeat (`SB_LEASE_SECONDS`, default 60 s).
    pub(crate) lease_ms: i64,
    /// The units this process's supervisor holds: a manual action on one of them runs under
    /// the same lease instead of taking (and then letting go of) it.
    held: Mutex<HashMap<WorkUnit, Lease>>,
    /// What [`App::can_hold`] last found for each unit, and when.
    secrets: Mutex<HashMap<WorkUnit, SecretCheck>>,
}

/// When a unit's secret was looked for, and whether it is here (`Err(why not)`).
type SecretCheck = (std::time::Instant, Result<(), sb_i18n::Msg>);

/// How long a unit's "is its secret here" answer is kept.
const SECRET_CHECK_TTL: Duration = Duration::from_secs(30);

impl Default for WorkRuntime {
    fn default() -> Self {
        let lease_ms = std::env::var("SB_LEASE_SECONDS")
            .ok()
            .and_then(|s| s.parse::<i64>().ok())
            .filter(|s| *s > 0)
            .map_or(work::LEASE_MS, |s| s * 1000);
        let pid = std::process::id();
        let host = host_name();
        WorkRuntime {
            holder: Mutex::new(Holder {
                id: format!("{host}/{pid}/{:016x}", fastrand::u64(..)),
                name: format!("sb on {host} (pid {pid})"),
            }),
            lease_ms,
            held: Mutex::new(HashMap::new()),
            secrets: Mutex::new(HashMap::new()),
        }
    }
}

/// The computer's name, for people reading who holds what.
fn host_name() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "this computer".to_string())
}

/// One unit of background work as Settings -> Background work and `sb worker status` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkUnitDto {
    /// The lease's key, such as `mail-in:3`.
    pub unit: String,
    pub kind: WorkKind,
    /// What it serves: the mailbox's, alert source's or vendor's name.
    pub target: String,
    /// Who holds it now, if anyone (a hold that ran out is nobody's).
    pub holder: Option<String>,
    /// Whether this process is the holder.
    pub held_here: bool,
    pub held_since: Option<i64>,
    pub last_success_at: Option<i64>,
    /// The last failure in English (a failure kept before messages: as it was written).
    pub last_error: Option<String>,
    /// The last failure as a message, for the reader's language.
    #[ts(optional = nullable)]
    pub last_error_msg: Option<sb_i18n::Msg>,
    pub last_error_at: Option<i64>,
    /// Failed rounds counted since the unit was first held.
    pub errors: i64,
    /// Messages waiting to go (deliveries only).
    pub queue_depth: Option<i64>,
    /// Why this desk cannot hold it (its keychain lacks the password or token), if so.
    #[ts(optional = nullable)]
    pub not_here: Option<sb_i18n::Msg>,
}

/// The background work of the workspace, and which process does it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkStatusDto {
    /// This process, as the others see it.
    pub this_process: String,
    /// Whether this desk's window runs background work (Settings, `sb background`).
    pub background_work: bool,
    /// How long a hold lasts without a heartbeat, in seconds.
    pub lease_seconds: i64,
    pub units: Vec<WorkUnitDto>,
}

/// How a unit's round ended: wait this long, or wait for new mail (IMAP IDLE) this long.
enum Pause {
    For(Duration),
    Idle(Duration),
}

/// What a unit keeps between rounds: a mailbox's open IMAP connection.
#[derive(Default)]
struct UnitSession {
    imap: Option<Mailbox>,
}

impl App {
    /// Names this process for the others by the program ("switchboard", "sb worker"), as
    /// shown beside the units it holds: "Anna Petrova · sb worker · desk-1 · pid 4711". Other
    /// desks read it in their own language, so it holds names and no words.
    pub fn set_process_name(&self, program: &str) {
        let host = host_name();
        let who = self
            .profile()
            .map(|u| format!("{} · ", u.name))
            .unwrap_or_default();
        if let Ok(mut h) = self.work.holder.lock() {
            h.name = format!("{who}{program} · {host} · pid {}", std::process::id());
        }
    }

    fn holder(&self) -> Holder {
        self.work
            .holder
            .lock()
            .map(|h| h.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    /// Runs `work` under `unit`'s lease: the one this process's supervisor holds, else one
    /// taken for the action and let go after it. When another process holds the unit, the
    /// answer says who.
    pub(crate) async fn with_unit<T, F>(&self, unit: WorkUnit, work: F) -> ApiResult<T>
    where
        F: Future<Output = ApiResult<T>>,
    {
        let held = self
            .work
            .held
            .lock()
            .ok()
            .and_then(|h| h.get(&unit).cloned());
        if let Some(lease) = held {
            return sb_store::fenced(lease, work).await;
        }
        let holder = self.holder();
        let Some(lease) = self
            .store
            .take_lease(&unit.key(), &holder, now_ms(), self.work.lease_ms)
            .await?
        else {
            return Err(self.busy(unit).await);
        };
        self.release_earlier_claims(unit, &lease).await;
        let result = sb_store::fenced(lease.clone(), work).await;
        if let Err(e) = self.store.release_lease(&lease).await {
            tracing::warn!(unit = %unit, error = %e, "a lease could not be let go; it runs out by itself");
        }
        result
    }

    /// The error for a unit that another process holds.
    async fn busy(&self, unit: WorkUnit) -> ApiError {
        let who = self
            .store
            .leases()
            .await
            .ok()
            .and_then(|all| all.into_iter().find(|l| l.unit == unit.key()))
            .and_then(|l| l.holder_name);
        let work = sb_i18n::msg!("work-kind", kind = kind_key(unit.kind()));
        ApiError::said(
            ErrorCode::Busy,
            match who {
                Some(who) => sb_i18n::msg!("work-busy", who = who, work = work),
                None => sb_i18n::msg!("work-busy-other", work = work),
            },
        )
    }

    /// Whether a unit's secret is in this desk's keychain: `Err(why not)` when it is missing.
    /// Asked every few seconds (the supervisor's round, Settings), so the answer is kept for
    /// [`SECRET_CHECK_TTL`]: a secret entered now is used within it.
    async fn can_hold(&self, unit: WorkUnit) -> ApiResult<Result<(), sb_i18n::Msg>> {
        let cached = self
            .work
            .secrets
            .lock()
            .ok()
            .and_then(|c| c.get(&unit).cloned())
            .filter(|(at, _)| at.elapsed() < SECRET_CHECK_TTL);
        if let Some((_, answer)) = cached {
            return Ok(answer);
        }
        let answer = self.check_secret(unit).await?;
        if let Ok(mut c) = self.work.secrets.lock() {
            c.insert(unit, (std::time::Instant::now(), answer.clone()));
        }
        Ok(answer)
    }

    /// A mailbox's or vendor's secret was set or changed here: ask the keychain again.
    pub(crate) fn forget_secret_checks(&self) {
        if let Ok(mut c) = self.work.secrets.lock() {
            c.clear();
        }
    }

    async fn check_secret(&self, unit: WorkUnit) -> ApiResult<Result<(), sb_i18n::Msg>> {
        Ok(match unit {
            WorkUnit::MailIn(id) => {
                let m = self.load_mailbox(id).await?;
                self.imap_settings(&m).map(drop).map_err(said_of)
            }
            WorkUnit::MailOut(id) => {
                let m = self.load_mailbox(id).await?;
                self.smtp_settings(&m).map(drop).map_err(said_of)
            }
            WorkUnit::Alerts(_) | WorkUnit::SlaClocks(_) | WorkUnit::Notices(_) => Ok(()),
            WorkUnit::VendorSync(id) | WorkUnit::VendorOut(id) => {
                self.vendor_secret_here(id).await?
            }
        })
    }

    /// The units the workspace has now: every enabled mailbox's reading, every mailbox's
    /// replies, every enabled alert source and vendor, with what each serves.
    async fn units(&self) -> ApiResult<Vec<(WorkUnit, String)>> {
        let mut units = Vec::new();
        let mailboxes = self.store.mailboxes().await?;
        // Reminding the clients who owe a reply: mails go out through a mailbox, so it is
        // work once one exists.
        if !mailboxes.is_empty() {
            units.push((WorkUnit::Notices(0), String::new()));
        }
        for m in mailboxes {
            // A disabled mailbox is not read, but the replies already written to its
            // requesters still go out.
            if m.settings.enabled {
                units.push((WorkUnit::MailIn(m.id), m.settings.name.clone()));
            }
            units.push((WorkUnit::MailOut(m.id), m.settings.name));
        }
        for s in self.store.alert_sources().await? {
            if s.enabled {
                units.push((WorkUnit::Alerts(s.id), s.name));
            }
        }
        for v in self.store.vendors().await? {
            if v.v.enabled {
                units.push((WorkUnit::VendorSync(v.id), v.v.name.clone()));
                units.push((WorkUnit::VendorOut(v.id), v.v.name));
            }
        }
        // The SLA clocks (once a policy exists) and the report's rollup (once there are
        // clients, hence tickets).
        if self.store.has_clients().await? || !self.store.sla_policies().await?.is_empty() {
            units.push((WorkUnit::SlaClocks(0), String::new()));
        }
        Ok(units)
    }

    /// Every unit of background work: who holds it, how it went, what waits.
    pub async fn work_status(&self) -> ApiResult<WorkStatusDto> {
        let now = now_ms();
        let leases: HashMap<String, sb_store::LeaseRecord> = self
            .store
            .leases()
            .await?
            .into_iter()
            .map(|l| (l.unit.clone(), l))
            .collect();
        let mail_depth: HashMap<i64, i64> = self.store.outbox_depths().await?.into_iter().collect();
        let vendor_depth: HashMap<i64, i64> = self
            .store
            .vendor_outbox_depths()
            .await?
            .into_iter()
            .collect();
        let me = self.holder();
        let mut units = Vec::new();
        for (unit, target) in self.units().await? {
            let lease = leases.get(&unit.key());
            let live = lease.filter(|l| l.holder.is_some() && l.expires_at >= now);
            let (last_error, last_error_msg) =
                crate::said::english_and_msg(lease.and_then(|l| l.last_error.clone()));
            units.push(WorkUnitDto {
                unit: unit.key(),
                kind: unit.kind(),
                target,
                holder: live.and_then(|l| l.holder_name.clone()),
                held_here: live.is_some_and(|l| l.holder.as_deref() == Some(me.id.as_str())),
                held_since: live.and_then(|l| l.taken_at),
                last_success_at: lease.and_then(|l| l.last_success_at),
                last_error,
                last_error_msg,
                last_error_at: lease.and_then(|l| l.last_error_at),
                errors: lease.map_or(0, |l| l.errors),
                queue_depth: match unit {
                    WorkUnit::MailOut(id) => Some(mail_depth.get(&id).copied().unwrap_or(0)),
                    WorkUnit::VendorOut(id) => Some(vendor_depth.get(&id).copied().unwrap_or(0)),
                    _ => None,
                },
                not_here: self.can_hold(unit).await?.err(),
            });
        }
        Ok(WorkStatusDto {
            this_process: me.name,
            background_work: self.runs_background_work(),
            lease_seconds: self.work.lease_ms / 1000,
            units,
        })
    }

    /// Runs the workspace's background work until `stop` turns true: every few seconds, takes
    /// each unit that is free (or whose hold ran out) and whose secret is here, and works it in
    /// a task of its own; on `stop`, lets each unit finish its round and let go of its lease.
    pub async fn run_background_work(self: Arc<App>, mut stop: watch::Receiver<bool>) {
        let holder = self.holder();
        tracing::info!(process = %holder.name, "background work starts");
        let mut running: HashMap<WorkUnit, tokio::task::JoinHandle<ApiResult<()>>> = HashMap::new();
        // What each unit serves (a mailbox's name, ...), for the log.
        let mut targets: HashMap<WorkUnit, String> = HashMap::new();
        // A unit that failed: how many times in a row, and not before when again.
        let mut failures: HashMap<WorkUnit, (u32, i64)> = HashMap::new();
        let round = Duration::from_millis(
            u64::try_from(work::heartbeat_ms(self.work.lease_ms).min(5_000)).unwrap_or(5_000),
        );
        loop {
            if *stop.borrow() {
                break;
            }
            // Units that ended: a failure waits longer each time; a clean end (lost, removed)
            // is taken again as soon as it is free.
            let ended: Vec<WorkUnit> = running
                .iter()
                .filter(|(_, t)| t.is_finished())
                .map(|(u, _)| *u)
                .collect();
            for unit in ended {
                let Some(task) = running.remove(&unit) else {
                    continue;
                };
                match task.await {
                    Ok(Ok(())) => {
                        failures.remove(&unit);
                    }
                    Ok(Err(e)) => {
                        let n = failures.get(&unit).map_or(0, |f| f.0) + 1;
                        let wait = work::restart_delay_ms(n);
                        let target = targets.get(&unit).map_or("", String::as_str);
                        tracing::warn!(unit = %unit, work = unit.kind().label(), target, failures = n, retry_in_ms = wait, error = %e.message, "background work failed; starting it again after a pause");
                        failures.insert(unit, (n, now_ms() + wait));
                    }
                    Err(join) => {
                        let n = failures.get(&unit).map_or(0, |f| f.0) + 1;
                        let target = targets.get(&unit).map_or("", String::as_str);
                        tracing::error!(unit = %unit, work = unit.kind().label(), target, failures = n, error = %join, "background work crashed; starting it again after a pause");
                        failures.insert(unit, (n, now_ms() + work::restart_delay_ms(n)));
                    }
                }
            }
            match self.units().await {
                Ok(units) => {
                    let wanted: Vec<WorkUnit> = units.iter().map(|(u, _)| *u).collect();
                    targets = units.into_iter().collect();
                    for (unit, task) in &running {
                        if !wanted.contains(unit) {
                            // Removed or disabled: its task sees the unit gone and ends.
                            tracing::info!(unit = %unit, "the unit is gone; its work stops");
                            task.abort();
                        }
                    }
                    for unit in wanted {
                        if running.contains_key(&unit)
                            || failures.get(&unit).is_some_and(|f| f.1 > now_ms())
                        {
                            continue;
                        }
                        match self.can_hold(unit).await {
                            Ok(Ok(())) => {}
                            Ok(Err(_)) | Err(_) => continue,
                        }
                        match self
                            .store
                            .take_lease(&unit.key(), &holder, now_ms(), self.work.lease_ms)
                            .await
                        {
                            Ok(Some(lease)) => {
                                let target = targets.get(&unit).map_or("", String::as_str);
                                tracing::info!(unit = %unit, work = unit.kind().label(), target, fence = lease.fence, "took the unit");
                                let app = self.clone();
                                running.insert(
                                    unit,
                                    tokio::spawn(app.hold_unit(unit, lease, stop.clone())),
                                );
                            }
                            Ok(None) => {}
                            Err(e) => {
                                tracing::warn!(unit = %unit, error = %e, "a lease could not be taken");
                            }
                        }
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e.message, "the units of background work could not be read");
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(round) => {}
                changed = stop.changed() => {
                    // The sender gone is a stop too.
                    if changed.is_err() {
                        break;
                    }
                }
            }
        }
        tracing::info!(
            units = running.len(),
            "background work stops: each unit finishes its round"
        );
        for (unit, task) in running {
            match tokio::time::timeout(Duration::from_secs(30), task).await {
                Ok(Ok(Ok(()))) => {}
                Ok(Ok(Err(e))) => {
                    tracing::warn!(unit = %unit, error = %e.message, "the unit's last round failed");
                }
                Ok(Err(join)) => tracing::error!(unit = %unit, error = %join, "the unit crashed"),
                Err(_) => {
                    tracing::warn!(unit = %unit, "the unit did not finish in 30 s; its hold runs out by itself");
                }
            }
        }
        tracing::info!("background work stopped");
    }

    /// Works one unit for as long as this process holds it: rounds under the lease's fence,
    /// a heartbeat beside them, its outcome on the lease row. Ends with `Ok` when the lease was
    /// lost, the unit is gone or `stop` came (then the lease is let go); with the error of a
    /// failed round otherwise (the lease is let go too, so a desk that can do better takes it).
    async fn hold_unit(
        self: Arc<App>,
        unit: WorkUnit,
        lease: Lease,
        mut stop: watch::Receiver<bool>,
    ) -> ApiResult<()> {
        if let Ok(mut held) = self.work.held.lock() {
            held.insert(unit, lease.clone());
        }
        self.release_earlier_claims(unit, &lease).await;
        let (lost_tx, mut lost) = watch::channel(false);
        let beat = {
            let app = self.clone();
            let lease = lease.clone();
            tokio::spawn(async move {
                let every = work::heartbeat_ms(app.work.lease_ms);
                loop {
                    tokio::time::sleep(Duration::from_millis(u64::try_from(every).unwrap_or(1000)))
                        .await;
                    match app
                        .store
                        .renew_lease(&lease, now_ms(), app.work.lease_ms)
                        .await
                    {
                        Ok(true) => {}
                        Ok(false) => {
                            tracing::warn!(unit = %lease.unit, "the unit was taken over by another process; this one stops");
                            if lost_tx.send(true).is_err() {
                                tracing::debug!(unit = %lease.unit, "the unit's work had already ended");
                            }
                            return;
                        }
                        // The database is away: the hold runs out unless a later beat lands.
                        Err(e) => {
                            tracing::warn!(unit = %lease.unit, error = %e, "the heartbeat failed")
                        }
                    }
                }
            })
        };
        let mut session = UnitSession::default();
        let mut taken_over = false;
        let mut stopping = false;
        let outcome = loop {
            if *lost.borrow() {
                taken_over = true;
            }
            if stopping || *stop.borrow() || taken_over {
                break Ok(());
            }
            let round = sb_store::fenced(lease.clone(), self.unit_round(unit, &mut session)).await;
            let pause = match round {
                Ok(Some(pause)) => {
                    if let Err(e) = self.store.lease_succeeded(&lease, now_ms()).await {
                        tracing::warn!(unit = %unit, error = %e, "the unit's success was not recorded");
                    }
                    pause
                }
                // The unit is gone (removed, disabled).
                Ok(None) => break Ok(()),
                Err(e) if e.code == ErrorCode::TakenOver => {
                    tracing::warn!(unit = %unit, error = %e.message, "a result was refused: the unit was taken over");
                    taken_over = true;
                    break Ok(());
                }
                Err(e) => {
                    // Kept as the message (JSON) when it has one, so each desk words it.
                    let said = crate::said::keep_error(&e);
                    if let Err(stored) = self.store.lease_failed(&lease, &said, now_ms()).await {
                        tracing::warn!(unit = %unit, error = %stored, "the unit's failure was not recorded");
                    }
                    break Err(e);
                }
            };
            // The wait between rounds; a stop or a take-over ends it at once.
            let wait = async {
                match pause {
                    Pause::For(d) => tokio::time::sleep(d).await,
                    Pause::Idle(d) => match session.imap.as_mut() {
                        Some(imap) => {
                            if let Err(e) = imap.idle(d).await {
                                tracing::info!(unit = %unit, error = %e, "waiting for new mail ended; reading again");
                                session.imap = None;
                            }
                        }
                        None => tokio::time::sleep(d).await,
                    },
                }
            };
            let nudged = self.vendors.nudge.notified();
            tokio::select! {
                () = wait => {}
                () = nudged, if matches!(unit, WorkUnit::VendorOut(_)) => {}
                changed = stop.changed() => stopping = stopping || changed.is_err(),
                _ = lost.changed() => {}
            }
        };
        beat.abort();
        if let Some(imap) = session.imap.take() {
            if let Err(e) = imap.logout().await {
                tracing::info!(unit = %unit, error = %e, "the IMAP connection did not close cleanly");
            }
        }
        if let Ok(mut held) = self.work.held.lock() {
            held.remove(&unit);
        }
        if !taken_over && !*lost.borrow() {
            if let Err(e) = self.store.release_lease(&lease).await {
                tracing::warn!(unit = %unit, error = %e, "a lease could not be let go; it runs out by itself");
            }
        }
        outcome
    }

    /// Just after taking a vendor's deliveries: the attempts a process before this one claimed
    /// and never finished are due again at once (that process can record nothing now), instead
    /// of waiting for their claims to run out. Safe for a vendor, whose next attempt looks the
    /// case or comment up before making it; not for email, which an SMTP server cannot look up:
    /// a reply claimed by a process that stopped mid-send waits for its claim to run out.
    async fn release_earlier_claims(&self, unit: WorkUnit, lease: &Lease) {
        let (vendor, target) = match unit {
            WorkUnit::VendorOut(id) => (true, id),
            _ => return,
        };
        let released = sb_store::fenced(
            lease.clone(),
            self.store.release_claims(vendor, target, now_ms()),
        )
        .await;
        match released {
            Ok(0) => {}
            Ok(n) => {
                tracing::info!(unit = %unit, messages = n, "took over attempts a process before this one had not finished")
            }
            Err(e) => {
                tracing::warn!(unit = %unit, error = %e, "earlier attempts could not be let go; they are due again when their claims run out")
            }
        }
    }

    /// One round of a unit's work, and the pause before the next; `None` when the unit is gone.
    async fn unit_round(
        &self,
        unit: WorkUnit,
        session: &mut UnitSession,
    ) -> ApiResult<Option<Pause>> {
        match unit {
            WorkUnit::MailIn(id) => {
                let Some(m) = self.store.mailbox(id).await?.filter(|m| m.settings.enabled) else {
                    return Ok(None);
                };
                let pause =
                    Duration::from_secs(u64::try_from(m.settings.poll_seconds).unwrap_or(60));
                let fetched = async {
                    if session.imap.is_none() {
                        session.imap = Some(Mailbox::connect(&self.imap_settings(&m)?).await?);
                    }
                    let imap = session.imap.as_mut().expect("connected above");
                    self.fetch_new(&m, imap).await?;
                    Ok::<bool, ApiError>(imap.supports_idle())
                }
                .await;
                // Kept as its message, so each reader words it.
                let error = fetched.as_ref().err().map(crate::said::keep_error);
                self.store
                    .set_mailbox_polled(id, error.as_deref(), now_ms())
                    .await?;
                match fetched {
                    Ok(true) => Ok(Some(Pause::Idle(pause.max(Duration::from_secs(60))))),
                    Ok(false) => Ok(Some(Pause::For(pause))),
                    Err(e) => {
                        session.imap = None;
                        Err(e)
                    }
                }
            }
            WorkUnit::MailOut(id) => {
                if self.store.mailbox(id).await?.is_none() {
                    return Ok(None);
                }
                self.deliver_mailbox_outbox(id, now_ms()).await?;
                Ok(Some(Pause::For(Duration::from_secs(5))))
            }
            WorkUnit::Alerts(id) => {
                let Some(source) = self.store.alert_source(id).await?.filter(|s| s.enabled) else {
                    return Ok(None);
                };
                let report = self.poll(&source).await;
                if let Some(e) = report.error {
                    return Err(match report.msg {
                        Some(msg) => ApiError::said(ErrorCode::ConnectionFailed, msg),
                        None => ApiError::new(ErrorCode::ConnectionFailed, e),
                    });
                }
                Ok(Some(Pause::For(Duration::from_secs(
                    u64::try_from(source.poll_seconds).unwrap_or(60).max(1),
                ))))
            }
            WorkUnit::VendorSync(id) => {
                if !self.vendor_enabled(id).await? {
                    return Ok(None);
                }
                let report = self.sync_vendor(id).await?;
                if let Some(e) = report.error {
                    return Err(ApiError::new(ErrorCode::ConnectionFailed, e));
                }
                Ok(Some(Pause::For(vendor_sync_every())))
            }
            WorkUnit::SlaClocks(_) => {
                // The clocks when there is a policy; the report's rollup always.
                let (counted, sounded) = if self.store.sla_policies().await?.is_empty() {
                    (0, 0)
                } else {
                    (
                        self.count_stale_clocks(STALE_CLOCKS_PER_ROUND).await?,
                        self.sound_sla_alerts(now_ms(), STALE_CLOCKS_PER_ROUND)
                            .await?,
                    )
                };
                let rolled = self.roll_metrics(crate::metrics::ROLL_PER_ROUND).await?;
                // A full batch: more wait, so the next round comes at once.
                let pause = if counted as i64 == STALE_CLOCKS_PER_ROUND
                    || sounded as i64 == STALE_CLOCKS_PER_ROUND
                    || rolled as i64 == crate::metrics::ROLL_PER_ROUND
                {
                    Duration::from_millis(50)
                } else {
                    Duration::from_secs(10)
                };
                Ok(Some(Pause::For(pause)))
            }
            WorkUnit::Notices(_) => {
                if self.store.mailboxes().await?.is_empty() {
                    return Ok(None);
                }
                self.sweep_waiting(now_ms()).await?;
                Ok(Some(Pause::For(notice_sweep_every())))
            }
            WorkUnit::VendorOut(id) => {
                if !self.vendor_enabled(id).await? {
                    return Ok(None);
                }
                self.deliver_to_vendor(id, now_ms()).await?;
                // Until the next message falls due (a Retry-After of a second is kept to the
                // second), at most 5 s, or at once when an escalation here nudges.
                let due = self.store.vendor_outbox_next_due(Some(id)).await?;
                let wait = due.map_or(5_000, |at| (at - now_ms()).clamp(50, 5_000));
                Ok(Some(Pause::For(Duration::from_millis(
                    u64::try_from(wait).unwrap_or(5_000),
                ))))
            }
        }
    }
}

/// How many tickets' clocks one round of the SLA unit counts again.
const STALE_CLOCKS_PER_ROUND: i64 = 500;

/// Gives back the claim of an outbox's message whose attempt never left this desk (this
/// workspace failed first, with `why`: the database, the keychain away): its attempts and due
/// time as they were. `unclaim` is that outbox's compare-and-set on the claim; its `false`
/// means the claim is no longer this attempt's (taken over) and its holder has it. When the
/// database will not take even that, the claim runs out and the attempt stays counted.
pub(crate) async fn give_back_claim(
    worker: &'static str,
    id: i64,
    why: &ApiError,
    unclaim: impl Future<Output = sb_store::Result<bool>>,
) {
    if let Err(e) = unclaim.await {
        tracing::warn!(
            worker,
            id,
            error = %e,
            why = %why.message,
            "an attempt that never left this desk stays counted"
        );
    }
}

/// How often the tickets waiting for a client are looked at (`SB_NOTICE_SWEEP_SECONDS`,
/// default 300: reminders fall due at the start of a working day, minutes late are no harm).
fn notice_sweep_every() -> Duration {
    Duration::from_secs(
        std::env::var("SB_NOTICE_SWEEP_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(300),
    )
}

/// How often a vendor's cases are read back (`SB_VENDOR_SYNC_SECONDS`, default 60).
fn vendor_sync_every() -> Duration {
    Duration::from_secs(
        std::env::var("SB_VENDOR_SYNC_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(60),
    )
}

/// A kind of background work as the words files select it.
fn kind_key(kind: WorkKind) -> &'static str {
    match kind {
        WorkKind::MailIn => "mail_in",
        WorkKind::MailOut => "mail_out",
        WorkKind::Alerts => "alerts",
        WorkKind::VendorSync => "vendor_sync",
        WorkKind::VendorOut => "vendor_out",
        WorkKind::SlaClocks => "sla_clocks",
        WorkKind::Notices => "notices",
    }
}

/// A refusal's sentence as a message: its own, or its text as written.
fn said_of(e: ApiError) -> sb_i18n::Msg {
    e.msg
        .unwrap_or_else(|| sb_i18n::msg!("as-written", text = e.message))
}
