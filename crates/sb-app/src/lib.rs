//! Switchboard's use cases: the one API that the desktop shell and the `sb` CLI both call.
//!
//! Architecture Invariant: this is the only crate that composes the store and the domain. It
//! checks every input with `sb-domain`, asks the domain which change is allowed, and hands the
//! store only checked records. What crosses its boundary are the DTOs of [`dto`] and
//! [`ApiError`].

mod backup;
pub mod bindings;
mod clients;
mod database;
mod demo;
pub mod desktop;
pub mod dto;
mod edits;
mod email;
mod error;
pub mod instance;
mod kb;
mod keychain;
mod ledger;
mod ledger_dto;
mod live;
mod logging;
pub mod metrics;
pub mod monitoring;
mod monitoring_dto;
pub mod notices;
mod prefs;
pub mod routing;
mod said;
mod search;
#[cfg(test)]
mod secrets_in_debug;
pub mod sla;
mod statement;
mod team;
mod tickets;
mod vendors;
mod vendors_dto;
mod views;
pub mod work;

use std::sync::{Mutex, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

use sb_store::{DbLocation, Store, User};

pub use backup::{BackupDone, MoveDone, MovedTableDto};
pub use database::{DatabaseChoice, StartupPhase, StartupState};
pub use desktop::{
    watch_assignment_notices, AssignmentNoticeDto, DeskLink, Desktop, DesktopSettingsDto, LinkDto,
    Theme, TrayWords, WindowPlace,
};
pub use dto::*;
pub use email::{runnable_refused, MESSAGES_PER_COMMIT};
pub use error::{ApiError, ErrorCode};
pub use kb::*;
pub use ledger::{hours, today, watch_thresholds};
pub use ledger_dto::*;
pub use live::{ChangeBatchDto, ChangeDto, ChangeKindDto, LiveFeed};
pub use logging::{log_dir, start_log, LogGuard};
pub use metrics::*;
pub use monitoring_dto::*;
pub use notices::{
    ClientNoticesDto, ClientNoticesInput, NoticeDefaultsDto, NoticeSweepDto, NoticeTemplateDto,
    NoticeTemplateInput, SatisfactionDto,
};
pub use prefs::{locale_language, speaking, Paths, Preferences};
pub use routing::{
    AssignKind, BusinessHoursDto, DraftRuleInput, DryRunDto, DryRunInput, DryRunRowDto,
    HoursConditionDto, RoutingDecisionDto, RuleDto, RuleInput, TicketRoutingDto,
};
pub use sb_domain;
pub use sb_domain::delivery::{FailureClass, OutboxState};
pub use sb_domain::limits::InputLimits;
pub use sla::*;
pub use team::{
    InvitationDto, InviteInput, MemberDto, RemovedDto, TeamDto, TeamSetUpDto, UpgradeDone,
    APP_VERSION,
};
pub use vendors::SYNC_OVERLAP_MS;
pub use vendors_dto::*;
pub use work::{WorkStatusDto, WorkUnitDto};

pub type ApiResult<T> = Result<T, ApiError>;

/// One open workspace: its database, this desktop's preferences, and who "me" is.
#[derive(Debug)]
pub struct App {
    store: Store,
    location: DbLocation,
    paths: Paths,
    prefs: Mutex<Preferences>,
    profile: RwLock<Option<User>>,
    /// How this desktop signed in, when the workspace is a team's.
    team: RwLock<Option<team::TeamSession>>,
    /// One alert poll at a time in this process (the worker and "Poll now").
    poll_lock: tokio::sync::Mutex<()>,
    /// The vendor workers' nudge and HTTP client.
    vendors: vendors::VendorRuntime,
    /// This process among the workspace's processes, and the units of work it holds.
    work: work::WorkRuntime,
    /// The largest message the mail readers download whole.
    mail_limit: std::sync::atomic::AtomicU64,
}

impl App {
    /// Opens the workspace: `database` if given (a path or a `postgres://` URL), else the one
    /// in the preferences, else the embedded default in the data folder. A PostgreSQL password
    /// comes from the OS keychain, else `~/.pgpass`; a URL carrying one is refused.
    pub async fn open(paths: Paths, database: Option<&str>) -> ApiResult<App> {
        App::open_verified(paths, database, None).await
    }

    /// [`App::open`] verifying the PostgreSQL server's certificate with `ca_file` (the CLI's
    /// `--db URL --ca-file FILE`), for this run only.
    pub async fn open_verified(
        paths: Paths,
        database: Option<&str>,
        ca_file: Option<&str>,
    ) -> ApiResult<App> {
        let prefs = Preferences::load(&paths.preferences_file)?;
        let mut location = App::location_to_open(&paths, &prefs, database);
        if let Some(ca) = ca_file {
            location = database::with_checked_ca_file(location, ca)?;
        }
        App::open_at(paths, prefs, location, None).await
    }

    /// Keeps `password` in the OS keychain for the PostgreSQL database `database` (else the
    /// preferences' one) names, without making it this desktop's database: the team's owner
    /// signing in for `sb team ...`.
    pub fn remember_password(
        paths: &Paths,
        database: Option<&str>,
        ca_file: Option<&str>,
        password: &str,
    ) -> ApiResult<()> {
        let prefs = Preferences::load(&paths.preferences_file)?;
        let mut location = App::location_to_open(paths, &prefs, database);
        if let Some(ca) = ca_file {
            location = database::with_checked_ca_file(location, ca)?;
        }
        database::refuse_password_in_url(&location)?;
        database::store_password(&location, &sb_domain::Sensitive::new(password.to_string()))
    }

    /// Where [`App::open`] would look, as shown to people (the recovery screen names it).
    pub fn database_to_open(paths: &Paths, database: Option<&str>) -> ApiResult<String> {
        let prefs = Preferences::load(&paths.preferences_file)?;
        Ok(App::location_to_open(paths, &prefs, database).to_string())
    }

    fn location_to_open(paths: &Paths, prefs: &Preferences, database: Option<&str>) -> DbLocation {
        match database.or(prefs.database.as_deref()) {
            Some(d) if !d.trim().is_empty() => DbLocation::parse(d),
            _ => DbLocation::SqliteFile(paths.default_database()),
        }
    }

    /// Opens the database a person chose (Settings, the recovery screen, `sb database set`) and
    /// makes it the one this desktop opens from now on; a typed password goes to the keychain
    /// once it has signed in.
    pub async fn open_chosen(paths: Paths, choice: DatabaseChoice) -> ApiResult<App> {
        let prefs = Preferences::load(&paths.preferences_file)?;
        let location = database::checked_location(&choice)?;
        let password = database::typed_password(&choice);
        let saved = location.as_ref().map(ToString::to_string);
        let location = location.unwrap_or_else(|| DbLocation::SqliteFile(paths.default_database()));
        let app = App::open_at(paths, prefs, location, password.clone()).await?;
        if let Some(p) = &password {
            database::store_password(&app.location, p)?;
        }
        app.update_prefs(|p| p.database = saved)?;
        Ok(app)
    }

    async fn open_at(
        paths: Paths,
        prefs: Preferences,
        location: DbLocation,
        password: Option<sb_domain::Sensitive<String>>,
    ) -> ApiResult<App> {
        database::refuse_password_in_url(&location)?;
        let password = password.or_else(|| database::stored_password(&location));
        let store = Store::open_with(&location, password.as_ref()).await?;
        // In a team workspace "me" is whom the team maps this sign-in to; elsewhere the
        // profile this desktop chose.
        let (team, profile) = match team::session(&store).await? {
            Some((session, member)) => (Some(session), member.map(|m| m.user)),
            None => {
                let profile = match prefs.profiles.get(&location.to_string()) {
                    Some(&id) => store.user(id).await?,
                    None => None,
                };
                (None, profile)
            }
        };
        Ok(App {
            store,
            location,
            paths,
            prefs: Mutex::new(prefs),
            profile: RwLock::new(profile),
            team: RwLock::new(team),
            poll_lock: tokio::sync::Mutex::new(()),
            vendors: vendors::VendorRuntime::default(),
            work: work::WorkRuntime::default(),
            mail_limit: std::sync::atomic::AtomicU64::new(email::default_mail_limit()),
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn location(&self) -> &DbLocation {
        &self.location
    }

    pub async fn setup_state(&self) -> ApiResult<SetupState> {
        Ok(SetupState {
            profile: self.profile().map(user_dto),
            has_clients: self.store.has_clients().await?,
            database: self.location.to_string(),
            ca_file: self
                .location
                .ca_file()
                .map(|p| p.to_string_lossy().into_owned()),
            next_database: self.next_database(),
            language: self.language(),
            team: self.team_dto(),
            background_work: self.runs_background_work(),
        })
    }

    /// Chooses the database this desktop opens from the next start: a SQLite file path, a
    /// `postgres://` URL (team mode) with its company CA file, or none for the embedded
    /// default. It is opened (and its schema brought up to date) first, so a wrong choice is
    /// refused now, not at the next start. A URL with a password is refused: a typed password
    /// goes to the OS keychain once it has signed in (or it can live in `~/.pgpass`).
    pub async fn set_database(&self, choice: DatabaseChoice) -> ApiResult<SetupState> {
        let location = database::checked_location(&choice)?;
        let password = database::typed_password(&choice);
        if let Some(location) = &location {
            let password = password
                .clone()
                .or_else(|| database::stored_password(location));
            let probe = Store::open_with(location, password.as_ref()).await?;
            // A team's workspace opens only for its members (and its owner): refuse now,
            // not at the next start.
            let member = team::session(&probe).await;
            probe.close().await;
            member?;
        }
        if let (Some(location), Some(p)) = (&location, &password) {
            database::store_password(location, p)?;
        }
        self.update_prefs(|p| p.database = location.as_ref().map(ToString::to_string))?;
        self.setup_state().await
    }

    fn next_database(&self) -> Option<String> {
        let next = match self.prefs().database {
            Some(d) => DbLocation::parse(&d),
            None => DbLocation::SqliteFile(self.paths.default_database()),
        };
        (next != self.location).then(|| next.to_string())
    }

    /// Creates a person in the workspace and makes them "me" on this desktop.
    pub async fn create_profile(&self, input: NewProfile) -> ApiResult<UserDto> {
        self.not_in_team(sb_i18n::msg!("team-what-create-profile"))?;
        let name = sb_domain::text::required("name", &input.name, sb_domain::Limits::NAME)?;
        let user = self.store.create_user(&name, input.role, now_ms()).await?;
        self.remember_profile(&user)?;
        Ok(user_dto(user))
    }

    /// Makes an existing person "me" on this desktop.
    pub async fn use_profile(&self, user_id: i64) -> ApiResult<UserDto> {
        self.not_in_team(sb_i18n::msg!("team-what-act-as"))?;
        let user = self.store.user(user_id).await?.ok_or_else(|| {
            ApiError::said(
                ErrorCode::NotFound,
                sb_i18n::msg!("person-no-id", id = user_id.to_string()),
            )
        })?;
        self.remember_profile(&user)?;
        Ok(user_dto(user))
    }

    pub async fn users(&self) -> ApiResult<Vec<UserDto>> {
        Ok(self
            .store
            .users()
            .await?
            .into_iter()
            .map(user_dto)
            .collect())
    }

    /// Sets the line a person works (`None`: every line), which decides who hears of an SLA
    /// crossing on a ticket nobody has. On a local workspace a lead runs the line
    /// (`Duty::RoutingRules`); in a team workspace the team's owner keeps the people
    /// (`sb team line`), and the database refuses anyone else.
    pub async fn set_user_line(
        &self,
        user_id: i64,
        line: Option<sb_domain::Line>,
    ) -> ApiResult<UserDto> {
        match self.team_session() {
            Some(t) if !t.owner => {
                return Err(ApiError::said(
                    ErrorCode::NotAllowed,
                    sb_i18n::msg!(
                        "team-owner-sets-line",
                        owner = &t.owner_login,
                        login = &t.login
                    ),
                ));
            }
            Some(_) => {}
            None => {
                self.require(sb_domain::Duty::RoutingRules)?;
            }
        }
        Ok(user_dto(self.store.set_user_line(user_id, line).await?))
    }

    pub async fn directions(&self) -> ApiResult<Vec<String>> {
        Ok(self.store.directions().await?)
    }

    /// Whether this desk runs the background work (the window starts the workers only then).
    pub fn runs_background_work(&self) -> bool {
        !self.prefs().no_background_work
    }

    /// Tells this desk to run the background work, or to leave it to others; from the next
    /// start of the window.
    pub async fn set_background_work(&self, run: bool) -> ApiResult<SetupState> {
        self.update_prefs(|p| p.no_background_work = !run)?;
        self.setup_state().await
    }

    /// The language this desk speaks (chosen here, else the locale's, else English).
    pub fn language(&self) -> Language {
        self.prefs().speaks()
    }

    /// The desk's language for words made here (notifications, the tray).
    pub fn lang(&self) -> sb_i18n::Lang {
        self.language().into()
    }

    pub fn set_language(&self, language: Language) -> ApiResult<Language> {
        self.update_prefs(|p| p.language = Some(language))?;
        Ok(language)
    }

    /// The person at this desk, when their role has `duty` (sb-domain's table); else
    /// `not_allowed`, saying who may.
    pub(crate) fn require(&self, duty: sb_domain::Duty) -> ApiResult<User> {
        let me = self.actor()?;
        if !me.role.may(duty) {
            return Err(ApiError::said(ErrorCode::NotAllowed, duty_refused(duty)));
        }
        Ok(me)
    }

    /// The person acting: `no_profile` when this desktop has none yet; in a team workspace,
    /// `password_change_required` until an invitation's one-time password is replaced, and
    /// `not_allowed` for the owner's login, which administers the team and is nobody's desk.
    fn actor(&self) -> ApiResult<User> {
        if let Some(t) = self.team_session() {
            if t.must_change_password {
                return Err(ApiError::said(
                    ErrorCode::PasswordChangeRequired,
                    sb_i18n::msg!("team-change-password-first"),
                ));
            }
            if self.profile().is_none() {
                return Err(ApiError::said(
                    ErrorCode::NotAllowed,
                    sb_i18n::msg!("team-owner-login-not-member", login = &t.login),
                ));
            }
        }
        self.profile().ok_or_else(|| {
            ApiError::said(ErrorCode::NoProfile, sb_i18n::msg!("profile-set-up-first"))
        })
    }

    fn profile(&self) -> Option<User> {
        self.profile.read().expect("profile lock").clone()
    }

    fn prefs(&self) -> Preferences {
        self.prefs.lock().expect("preferences lock").clone()
    }

    fn remember_profile(&self, user: &User) -> ApiResult<()> {
        let key = self.location.to_string();
        self.update_prefs(|p| {
            p.profiles.insert(key, user.id);
        })?;
        *self.profile.write().expect("profile lock") = Some(user.clone());
        Ok(())
    }

    fn update_prefs(&self, change: impl FnOnce(&mut Preferences)) -> ApiResult<()> {
        let mut prefs = self.prefs.lock().expect("preferences lock");
        let mut next = prefs.clone();
        change(&mut next);
        next.save(&self.paths.preferences_file)?;
        *prefs = next;
        Ok(())
    }
}

pub(crate) fn user_dto(u: User) -> UserDto {
    UserDto {
        id: u.id,
        name: u.name,
        duties: u.role.duties(),
        role: u.role,
        line: u.line,
    }
}

pub(crate) fn now_ms() -> i64 {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("the clock is after 1970");
    i64::try_from(d.as_millis()).expect("time fits in i64")
}

/// The desk's language as the words' crate names it: the one place the two meet.
impl From<Language> for sb_i18n::Lang {
    fn from(l: Language) -> sb_i18n::Lang {
        match l {
            Language::En => sb_i18n::Lang::En,
            Language::Ru => sb_i18n::Lang::Ru,
        }
    }
}

impl From<sb_i18n::Lang> for Language {
    fn from(l: sb_i18n::Lang) -> Language {
        match l {
            sb_i18n::Lang::En => Language::En,
            sb_i18n::Lang::Ru => Language::Ru,
        }
    }
}

/// "only a lead or an admin keeps the mailboxes": who may (the roles that have the duty, as
/// nested words) and what.
fn duty_refused(duty: sb_domain::Duty) -> sb_i18n::Msg {
    use sb_domain::Role;
    let mut names: Vec<sb_i18n::Msg> = Role::ALL
        .iter()
        .filter(|r| r.may(duty))
        .map(|r| sb_i18n::msg!("role-a", role = r.as_str()))
        .collect();
    let who = match names.pop() {
        None => sb_i18n::msg!("role-nobody"),
        Some(last) => match names
            .into_iter()
            .reduce(|a, b| sb_i18n::msg!("words-comma", first = a, next = b))
        {
            None => last,
            Some(rest) => sb_i18n::msg!("words-or", first = rest, last = last),
        },
    };
    sb_i18n::msg!("duty-refused", who = who, duty = duty.as_str())
}
