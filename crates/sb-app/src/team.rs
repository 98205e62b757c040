//! Team mode: who you are is your sign-in. In a team workspace (a PostgreSQL database that
//! `sb team init` set up) each person signs in as their own PostgreSQL login, and the person
//! the team maps that login to is "me"; there is no self-declared profile. The team's owner
//! (the login that owns the tables) sets the team up, invites, changes roles, removes and
//! upgrades; a member changes their own password.
//!
//! Architecture Invariant: what each role may do is sb-domain's `access` table, checked here
//! for a clear message and enforced again by the database's grants and row-level security
//! (migration 0031), so a desktop that goes around this layer is refused too.

use std::path::PathBuf;

use sb_domain::access::check_new_password;
use sb_domain::{Line, Login, MemberState, Role, Sensitive};
use sb_i18n::{msg, Msg};
use sb_store::{DbLocation, Member, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{database, now_ms, user_dto, ApiError, ApiResult, App, ErrorCode, Paths, Preferences};
use crate::{SetupState, UserDto};

/// How this desktop is signed in to a team workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TeamSession {
    pub login: String,
    /// Signed in as the team's owner: may run `sb team ...`, is nobody's desk.
    pub owner: bool,
    pub owner_login: String,
    pub must_change_password: bool,
}

/// The team part of the window's start state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamDto {
    /// The PostgreSQL login this desktop signed in as.
    pub login: String,
    /// Signed in as the team's owner (who administers the team from `sb team`).
    pub owner: bool,
    /// An invitation's one-time password must be replaced before anything else.
    pub must_change_password: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberDto {
    pub login: String,
    pub person: UserDto,
    pub must_change_password: bool,
    pub invited_at: i64,
    #[ts(optional = nullable)]
    pub removed_at: Option<i64>,
    /// Active, invited or removed, as sb-domain's `MemberState::of` derives it from the fields
    /// above; readers show this rather than working it out again.
    pub state: MemberState,
}

/// A new member, or a reset password: the one-time password is shown this once.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InvitationDto {
    pub member: MemberDto,
    pub one_time_password: String,
}

impl std::fmt::Debug for InvitationDto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InvitationDto")
            .field("member", &self.member)
            .field("one_time_password", &"***")
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InviteInput {
    /// A new person's name; blank with `person`.
    pub name: String,
    pub role: Role,
    /// An existing person (from a moved workspace) who gets this sign-in and keeps their
    /// history, instead of a new person.
    #[ts(optional = nullable)]
    #[serde(default)]
    pub person: Option<i64>,
    /// The sign-in name; none makes one from the name (`Ivan Petrov` -> `ivan_petrov`).
    #[ts(optional = nullable)]
    pub login: Option<String>,
    /// The line they work; none: every line (an existing person keeps theirs).
    #[ts(optional = nullable)]
    #[serde(default)]
    pub line: Option<Line>,
}

/// What `sb team init` set up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamSetUpDto {
    pub database: String,
    pub group_roles: Vec<String>,
    pub owner_login: String,
}

/// What `sb team upgrade` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpgradeDone {
    /// The newest migration the workspace had.
    pub from_schema: i64,
    pub to_schema: i64,
    /// The migrations applied now.
    pub migrations: Vec<i64>,
    /// The backup taken first (none when there was nothing to upgrade).
    #[ts(optional = nullable)]
    pub backup: Option<String>,
    pub app_version: String,
}

/// What `sb team remove` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RemovedDto {
    pub member: MemberDto,
    pub sessions_ended: u32,
    #[ts(optional = nullable)]
    pub sessions_note: Option<String>,
}

/// This Switchboard's version: what a team's upgrade records for older desktops to install.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

fn member_dto(m: Member) -> MemberDto {
    MemberDto {
        state: MemberState::of(m.removed_at, m.must_change_password),
        login: m.login,
        person: user_dto(m.user),
        must_change_password: m.must_change_password,
        invited_at: m.invited_at,
        removed_at: m.removed_at,
    }
}

/// Who this connection is, when the workspace is a team's: a current member, or the owner.
/// Anyone else is refused with what to do.
pub(crate) async fn session(store: &Store) -> ApiResult<Option<(TeamSession, Option<Member>)>> {
    if store.backend() != sb_store::Backend::Postgres {
        return Ok(None);
    }
    let Some(team) = store.team().await? else {
        return Ok(None);
    };
    let login = store.session_login().await?;
    let member = store.signed_in().await?;
    let owner = store.signed_in_as_owner().await?;
    if member.is_none() && !owner {
        return Err(ApiError::said(
            ErrorCode::NotAllowed,
            msg!("team-not-member", login = &login),
        ));
    }
    let session = TeamSession {
        login,
        owner,
        owner_login: team.owner_login,
        must_change_password: member.as_ref().is_some_and(|m| m.must_change_password),
    };
    Ok(Some((session, member)))
}

fn checked_login(value: &str) -> ApiResult<Login> {
    Login::parse(value).map_err(|e| ApiError::invalid_said("login", e.msg()))
}

impl App {
    pub(crate) fn team_session(&self) -> Option<TeamSession> {
        self.team.read().expect("team lock").clone()
    }

    pub(crate) fn team_dto(&self) -> Option<TeamDto> {
        self.team_session().map(|t| TeamDto {
            login: t.login,
            owner: t.owner,
            must_change_password: t.must_change_password,
        })
    }

    /// Refused in a team workspace, where who you are is your sign-in (`what`: the action).
    pub(crate) fn not_in_team(&self, what: impl Into<sb_i18n::Arg>) -> ApiResult<()> {
        match self.team_session() {
            Some(t) => Err(ApiError::said(
                ErrorCode::NotAllowed,
                msg!("team-not-for-team", what = what, login = &t.login),
            )),
            None => Ok(()),
        }
    }

    /// The owner's session, or `not_allowed` naming who may (`does`: what).
    fn owner(&self, does: Msg) -> ApiResult<TeamSession> {
        let Some(t) = self.team_session() else {
            return Err(ApiError::said(
                ErrorCode::NotAllowed,
                msg!("team-needs-team", does = does),
            ));
        };
        if !t.owner {
            return Err(ApiError::said(
                ErrorCode::NotAllowed,
                msg!(
                    "team-only-owner",
                    owner = &t.owner_login,
                    does = does,
                    login = &t.login
                ),
            ));
        }
        Ok(t)
    }

    /// Makes this PostgreSQL workspace a team workspace; run signed in as the database's
    /// owner (who needs the right to create roles). Running it again is harmless.
    pub async fn team_init(&self) -> ApiResult<TeamSetUpDto> {
        if !matches!(self.location, DbLocation::Postgres(_)) {
            return Err(ApiError::said(
                ErrorCode::NotAllowed,
                msg!("team-init-needs-postgres"),
            ));
        }
        let done = self.store.team_init(APP_VERSION, now_ms()).await?;
        // The channels' system people exist before any desk acts: desktops may not add people.
        self.system_people().await?;
        let (session, member) = session(&self.store)
            .await?
            .expect("the workspace is a team's now");
        *self.team.write().expect("team lock") = Some(session);
        *self.profile.write().expect("profile lock") = member.map(|m| m.user);
        Ok(TeamSetUpDto {
            database: done.database,
            group_roles: done.group_roles,
            owner_login: done.owner_login,
        })
    }

    async fn system_people(&self) -> ApiResult<()> {
        let now = now_ms();
        self.store
            .system_user(
                crate::monitoring::MONITORING_KIND,
                crate::monitoring::MONITORING_USER,
                now,
            )
            .await?;
        self.store
            .system_user(
                crate::vendors::VENDOR_KIND,
                crate::vendors::VENDOR_USER,
                now,
            )
            .await?;
        self.store
            .system_user(crate::sla::SLA_KIND, crate::sla::SLA_USER, now)
            .await?;
        crate::notices::make_notice_user(&self.store).await?;
        Ok(())
    }

    /// Everyone in the team, current and removed.
    pub async fn team_members(&self) -> ApiResult<Vec<MemberDto>> {
        if self.team_session().is_none() {
            self.owner(msg!("team-does-list"))?;
        }
        Ok(self
            .store
            .members()
            .await?
            .into_iter()
            .map(member_dto)
            .collect())
    }

    /// Adds a person: their login (SCRAM), their person, their role; the one-time password is
    /// returned this once, to be changed at their first sign-in.
    pub async fn team_invite(&self, input: InviteInput) -> ApiResult<InvitationDto> {
        self.owner(msg!("team-does-invite"))?;
        let name = match input.person {
            Some(id) => {
                self.store
                    .user(id)
                    .await?
                    .ok_or_else(|| {
                        ApiError::said(
                            ErrorCode::NotFound,
                            msg!("person-no-id", id = id.to_string()),
                        )
                    })?
                    .name
            }
            None => sb_domain::text::required("name", &input.name, sb_domain::Limits::NAME)?,
        };
        let login = match input
            .login
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            Some(l) => checked_login(l)?,
            None => Login::suggest(&name)
                .ok_or_else(|| ApiError::invalid_said("login", msg!("team-no-login-from-name")))?,
        };
        let password = sb_store::one_time_password()?;
        let invitee = match input.person {
            Some(id) => sb_store::Invitee::Existing(id),
            None => sb_store::Invitee::New(&name),
        };
        let member = self
            .store
            .invite(&login, invitee, input.role, input.line, &password, now_ms())
            .await?;
        Ok(InvitationDto {
            member: member_dto(member),
            one_time_password: password.expose().clone(),
        })
    }

    pub async fn team_set_role(&self, login: &str, role: Role) -> ApiResult<MemberDto> {
        self.owner(msg!("team-does-roles"))?;
        let login = checked_login(login)?;
        Ok(member_dto(self.store.set_member_role(&login, role).await?))
    }

    /// Sets the line a member works (`None`: every line); the owner keeps the people.
    pub async fn team_set_line(&self, login: &str, line: Option<Line>) -> ApiResult<MemberDto> {
        self.owner(msg!("team-does-lines"))?;
        let login = checked_login(login)?;
        let member = self.store.member(&login).await?;
        if member.removed_at.is_some() {
            return Err(ApiError::said(
                ErrorCode::Conflict,
                msg!("team-member-removed", login = login.to_string()),
            ));
        }
        self.store.set_user_line(member.user.id, line).await?;
        Ok(member_dto(self.store.member(&login).await?))
    }

    /// Takes someone out of the team at once; their history stays under their name.
    pub async fn team_remove(&self, login: &str) -> ApiResult<RemovedDto> {
        let me = self.owner(msg!("team-does-remove"))?;
        let login = checked_login(login)?;
        if login.as_str() == me.login {
            return Err(ApiError::invalid_said(
                "login",
                msg!("team-owner-cannot-remove-itself"),
            ));
        }
        let removed = self.store.remove_member(&login, now_ms()).await?;
        Ok(RemovedDto {
            member: member_dto(removed.member),
            sessions_ended: u32::try_from(removed.sessions_ended).unwrap_or(u32::MAX),
            sessions_note: removed.sessions_note,
        })
    }

    /// A new one-time password for someone who lost theirs.
    pub async fn team_reset_password(&self, login: &str) -> ApiResult<InvitationDto> {
        self.owner(msg!("team-does-reset"))?;
        let login = checked_login(login)?;
        let password = sb_store::one_time_password()?;
        let member = self.store.reset_password(&login, &password).await?;
        Ok(InvitationDto {
            member: member_dto(member),
            one_time_password: password.expose().clone(),
        })
    }

    /// The signed-in member replaces their password; the keychain keeps the new one.
    pub async fn change_password(&self, new_password: &str) -> ApiResult<SetupState> {
        let Some(session) = self.team_session() else {
            return Err(ApiError::said(
                ErrorCode::NotAllowed,
                msg!("team-password-local"),
            ));
        };
        check_new_password(&session.login, new_password)
            .map_err(|m| ApiError::invalid_said("password", m))?;
        let password = Sensitive::new(new_password.to_string());
        self.store.change_own_password(&password).await?;
        database::store_password(&self.location, &password)?;
        if let Some(t) = self.team.write().expect("team lock").as_mut() {
            t.must_change_password = false;
        }
        self.setup_state().await
    }

    /// Signs this desktop out of the team workspace: the keychain forgets the password and the
    /// next start opens the local workspace (until the person joins again).
    pub async fn sign_out(&self) -> ApiResult<SetupState> {
        if self.team_session().is_none() {
            return Err(ApiError::said(
                ErrorCode::NotAllowed,
                msg!("team-sign-out-local"),
            ));
        }
        database::forget_password(&self.location)?;
        let key = self.location.to_string();
        self.update_prefs(|p| {
            p.database = None;
            p.profiles.remove(&key);
        })?;
        self.setup_state().await
    }

    /// Brings a team workspace's schema up to date: only its owner, after a backup to
    /// `backup_file` (a `pg_dump` archive), then the grants again for any new table. Desktops
    /// of the previous version keep working where the migrations allow (they add before they
    /// remove); older ones are told which version to install.
    pub async fn team_upgrade(
        paths: Paths,
        database: Option<&str>,
        ca_file: Option<&str>,
        backup_file: &str,
    ) -> ApiResult<UpgradeDone> {
        let prefs = Preferences::load(&paths.preferences_file)?;
        let mut location = App::location_to_open(&paths, &prefs, database);
        if let Some(ca) = ca_file {
            location = database::with_checked_ca_file(location, ca)?;
        }
        database::refuse_password_in_url(&location)?;
        if !matches!(location, DbLocation::Postgres(_)) {
            return Err(ApiError::said(
                ErrorCode::NotAllowed,
                msg!("team-upgrade-local"),
            ));
        }
        let password = database::stored_password(&location);
        let (store, schema) = Store::open_for_upgrade(&location, password.as_ref()).await?;
        if !schema.team {
            return Err(ApiError::said(
                ErrorCode::NotAllowed,
                msg!("team-upgrade-not-team"),
            ));
        }
        if !store.signed_in_as_owner().await? {
            let who = store.session_login().await?;
            return Err(ApiError::said(
                ErrorCode::NotAllowed,
                msg!("team-upgrade-only-owner", login = &who),
            ));
        }
        if schema.pending.is_empty() {
            store.team_regrant(APP_VERSION).await?;
            return Ok(UpgradeDone {
                from_schema: schema.applied,
                to_schema: schema.applied,
                migrations: Vec::new(),
                backup: None,
                app_version: APP_VERSION.to_string(),
            });
        }
        let file = PathBuf::from(backup_file.trim());
        if backup_file.trim().is_empty() {
            return Err(ApiError::invalid_said(
                "backup",
                msg!("team-upgrade-backup-file"),
            ));
        }
        store
            .backup_to(&location, password.as_ref(), &file, false)
            .await?;
        store.migrate(&location).await?;
        store.team_regrant(APP_VERSION).await?;
        // A system person a newer version brings (desktops may not add people).
        store
            .system_user(crate::sla::SLA_KIND, crate::sla::SLA_USER, now_ms())
            .await?;
        // People no desktop may add, made by the owner: the author of automatic mails.
        crate::notices::make_notice_user(&store).await?;
        store.close().await;
        Ok(UpgradeDone {
            from_schema: schema.applied,
            to_schema: schema.known,
            migrations: schema.pending.clone(),
            backup: Some(file.to_string_lossy().into_owned()),
            app_version: APP_VERSION.to_string(),
        })
    }
}
