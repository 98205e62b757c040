//! Team mode on PostgreSQL: the group roles, the members' login roles and the person each is.
//!
//! The owner (the login that ran `sb team init`) owns every table and is the only one that runs
//! these administration calls; a member's desktop calls only [`Store::signed_in`] and
//! [`Store::change_own_password`]. Passwords reach the server only as SCRAM-SHA-256 verifiers
//! computed here, so no statement (nor a server log of it) ever carries one in the clear.

use hmac::{Hmac, Mac};
use sb_domain::{Line, Login, Role, Sensitive};
use sha2::{Digest, Sha256};
use sqlx::{Executor, Row};

use crate::{Backend, Result, Store, StoreError, User};

/// A team member: their sign-in, the person they are, and whether they still have to replace
/// an invitation's one-time password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub login: String,
    pub user: User,
    pub must_change_password: bool,
    pub invited_at: i64,
    pub removed_at: Option<i64>,
}

/// Whom an invitation is for: a new person by name, or an existing one by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invitee<'a> {
    New(&'a str),
    Existing(i64),
}

/// A member taken out of the team, and how many of their open sessions were ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub member: Member,
    pub sessions_ended: usize,
    /// Why sessions could not be ended, if they could not.
    pub sessions_note: Option<String>,
}

/// The team a workspace belongs to, once `sb team init` has run on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamInfo {
    pub owner_login: String,
    pub created_at: i64,
    /// The Switchboard version that last upgraded the schema.
    pub app_version: String,
}

/// What `sb team init` found and did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamSetUp {
    pub database: String,
    pub group_roles: Vec<String>,
    pub owner_login: String,
}

const SCRAM_ITERATIONS: u32 = 4096;

/// The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 5802/7677, the format of
/// `pg_authid.rolpassword`): `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`.
pub fn scram_verifier(password: &Sensitive<String>) -> Result<String> {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).map_err(|e| {
        StoreError::Conflict(format!("no random numbers for the password's salt: {e}"))
    })?;
    Ok(scram_verifier_with(
        password.expose(),
        &salt,
        SCRAM_ITERATIONS,
    ))
}

fn scram_verifier_with(password: &str, salt: &[u8], iterations: u32) -> String {
    use base64::Engine as _;
    // The server and the client (sqlx) prepare the password with SASLprep; one that SASLprep
    // refuses is used as it is, by both.
    let prepared = stringprep::saslprep(password)
        .map(|p| p.into_owned())
        .unwrap_or_else(|_| password.to_string());
    let salted = hi(prepared.as_bytes(), salt, iterations);
    let client_key = hmac(&salted, b"Client Key");
    let stored_key = Sha256::digest(client_key);
    let server_key = hmac(&salted, b"Server Key");
    let b64 = base64::engine::general_purpose::STANDARD;
    format!(
        "SCRAM-SHA-256${iterations}:{}${}:{}",
        b64.encode(salt),
        b64.encode(stored_key),
        b64.encode(server_key)
    )
}

fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// PBKDF2-HMAC-SHA-256 with one block: SCRAM's `Hi()`.
fn hi(password: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
    let mut first = salt.to_vec();
    first.extend_from_slice(&1u32.to_be_bytes());
    let mut u = hmac(password, &first);
    let mut out = u;
    for _ in 1..iterations {
        u = hmac(password, &u);
        for (o, b) in out.iter_mut().zip(u.iter()) {
            *o ^= b;
        }
    }
    out
}

/// A one-time password for an invitation: 20 characters from an alphabet without look-alikes
/// (about 110 bits), to be read out or sent to the new member once.
pub fn one_time_password() -> Result<Sensitive<String>> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| StoreError::Conflict(format!("no random numbers for a password: {e}")))?;
    // 256 is not a multiple of the alphabet's length; the bias is under 1% per character.
    let s: String = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    Ok(Sensitive::new(s))
}

/// `"name"` with embedded quotes doubled: an identifier PostgreSQL reads as it is.
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The group role of `role` in database `db`: `<db>_engineer`, ...
pub fn group_role(db: &str, role: Role) -> String {
    format!("{db}_{}", role.as_str())
}

impl Store {
    fn postgres_only(&self, what: &str) -> Result<()> {
        match self.backend {
            Backend::Postgres => Ok(()),
            Backend::Sqlite => Err(StoreError::Conflict(format!(
                "{what} is for a team workspace on PostgreSQL; this workspace is a local SQLite file"
            ))),
        }
    }

    /// The team this workspace belongs to, or `None` for one person's workspace.
    pub async fn team(&self) -> Result<Option<TeamInfo>> {
        let row = sqlx::query("SELECT owner_login, created_at, app_version FROM team WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(TeamInfo {
                owner_login: r.try_get("owner_login")?,
                created_at: r.try_get("created_at")?,
                app_version: r.try_get("app_version")?,
            })
        })
        .transpose()
    }

    /// The login this connection signed in as (PostgreSQL's `session_user`).
    pub async fn session_login(&self) -> Result<String> {
        self.postgres_only("signing in")?;
        Ok(sqlx::query_scalar("SELECT session_user::text")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Whether this connection's login owns the workspace's tables (runs `sb team ...`).
    pub async fn signed_in_as_owner(&self) -> Result<bool> {
        self.postgres_only("the team's owner")?;
        let owner: bool = sqlx::query_scalar(
            "SELECT pg_has_role(session_user, (SELECT relowner FROM pg_class \
               WHERE oid = 'tickets'::regclass), 'USAGE')",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(owner)
    }

    /// The member this connection signed in as, if its login is a current member.
    pub async fn signed_in(&self) -> Result<Option<Member>> {
        self.postgres_only("signing in")?;
        let row = sqlx::query(&format!("{MEMBER_SQL} WHERE m.login = session_user"))
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| member_from_row(&r))
            .transpose()
            .map(|m| m.filter(|m| m.removed_at.is_none()))
    }

    /// Every member, current and removed, by name.
    pub async fn members(&self) -> Result<Vec<Member>> {
        sqlx::query(&format!(
            "{MEMBER_SQL} ORDER BY m.removed_at IS NOT NULL, u.name, u.id"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(member_from_row)
        .collect()
    }

    pub async fn member(&self, login: &Login) -> Result<Member> {
        let row = sqlx::query(&format!("{MEMBER_SQL} WHERE m.login = $1"))
            .bind(login.as_str())
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(r) => member_from_row(&r),
            None => Err(StoreError::NotFound {
                what: "team member",
                id: login.to_string(),
            }),
        }
    }

    /// Makes this database a team workspace (run by its owner, once; again is harmless): the
    /// group roles, the team's row, the grants, and the system people the channels act as.
    pub async fn team_init(&self, app_version: &str, now: i64) -> Result<TeamSetUp> {
        self.postgres_only("`sb team init`")?;
        let row = sqlx::query(
            "SELECT current_database()::text AS db, session_user::text AS me, \
               (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = session_user) AS can, \
               pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'tickets'::regclass), 'USAGE') AS owns",
        )
        .fetch_one(&self.pool)
        .await?;
        let db: String = row.try_get("db")?;
        let me: String = row.try_get("me")?;
        let can: bool = row.try_get("can")?;
        let owns: bool = row.try_get("owns")?;
        if !owns {
            return Err(StoreError::Refused(format!(
                "{me} does not own the tables of {db}; run `sb team init` as the login that created the database (its owner)"
            )));
        }
        if !can {
            return Err(StoreError::Refused(format!(
                "{me} may not create roles; as the server's superuser run `ALTER ROLE {me} CREATEROLE`, then `sb team init` again"
            )));
        }
        let mut tx = self.begin().await?;
        let mut groups = Vec::new();
        for role in Role::ALL {
            let group = group_role(&db, *role);
            let exists: bool =
                sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)")
                    .bind(&group)
                    .fetch_one(&mut *tx)
                    .await?;
            if !exists {
                (&mut *tx)
                    .execute(format!("CREATE ROLE {} NOLOGIN", quote_ident(&group)).as_str())
                    .await?;
            }
            groups.push(group);
        }
        sqlx::query(
            "INSERT INTO team (id, owner_login, created_at, app_version) VALUES (1, $1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET app_version = EXCLUDED.app_version",
        )
        .bind(&me)
        .bind(now)
        .bind(app_version)
        .execute(&mut *tx)
        .await?;
        sqlx::query_scalar::<_, i64>("SELECT sb_team_grants()")
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(TeamSetUp {
            database: db,
            group_roles: groups,
            owner_login: me,
        })
    }

    /// Runs the grants again (after `sb team upgrade` added tables) and records the version.
    pub async fn team_regrant(&self, app_version: &str) -> Result<()> {
        self.postgres_only("`sb team upgrade`")?;
        let mut tx = self.begin().await?;
        sqlx::query("UPDATE team SET app_version = $1 WHERE id = 1")
            .bind(app_version)
            .execute(&mut *tx)
            .await?;
        sqlx::query_scalar::<_, i64>("SELECT sb_team_grants()")
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds a person to the team: a login role with `password` (SCRAM), in the group of
    /// `role`, mapped to a new person named `person`'s text, or to the existing person of that
    /// id (someone from a moved workspace, who keeps their history); they must choose their
    /// own password at first sign-in. `line`: the line they work (`None`: every line for a new
    /// person, the one they had for an existing one).
    #[allow(clippy::too_many_arguments)]
    pub async fn invite(
        &self,
        login: &Login,
        person: Invitee<'_>,
        role: Role,
        line: Option<Line>,
        password: &Sensitive<String>,
        now: i64,
    ) -> Result<Member> {
        self.postgres_only("inviting a member")?;
        let verifier = scram_verifier(password)?;
        let mut tx = self.begin().await?;
        let db: String = sqlx::query_scalar("SELECT current_database()::text")
            .fetch_one(&mut *tx)
            .await?;
        let taken: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)")
                .bind(login.as_str())
                .fetch_one(&mut *tx)
                .await?;
        if taken {
            return Err(StoreError::Conflict(format!(
                "the server already has a login {login}; choose another sign-in name (--login)"
            )));
        }
        (&mut *tx)
            .execute(
                format!(
                    "CREATE ROLE {} LOGIN PASSWORD '{verifier}' IN ROLE {}",
                    quote_ident(login.as_str()),
                    quote_ident(&group_role(&db, role))
                )
                .as_str(),
            )
            .await?;
        let user_id: i64 = match person {
            Invitee::New(name) => {
                sqlx::query_scalar(
                    "INSERT INTO users (name, role, created_at, line) VALUES ($1, $2, $3, $4) \
                     RETURNING id",
                )
                .bind(name)
                .bind(role.as_str())
                .bind(now)
                .bind(line.map(Line::as_str))
                .fetch_one(&mut *tx)
                .await?
            }
            Invitee::Existing(id) => {
                let row = sqlx::query(
                    "SELECT u.id, \
                       EXISTS (SELECT 1 FROM team_members m WHERE m.user_id = u.id) AS member, \
                       EXISTS (SELECT 1 FROM system_users s WHERE s.user_id = u.id) AS system \
                     FROM users u WHERE u.id = $1",
                )
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| StoreError::NotFound {
                    what: "person",
                    id: id.to_string(),
                })?;
                if row.try_get::<bool, _>("member")? {
                    return Err(StoreError::Conflict(format!(
                        "person {id} already has a sign-in; `sb team members` lists it"
                    )));
                }
                if row.try_get::<bool, _>("system")? {
                    return Err(StoreError::Conflict(format!(
                        "person {id} is a channel's system person (Monitoring, Vendor), not someone who signs in"
                    )));
                }
                sqlx::query("UPDATE users SET role = $1, line = COALESCE($2, line) WHERE id = $3")
                    .bind(role.as_str())
                    .bind(line.map(Line::as_str))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                id
            }
        };
        sqlx::query(
            "INSERT INTO team_members (login, user_id, must_change_password, invited_at) \
             VALUES ($1, $2, 1, $3)",
        )
        .bind(login.as_str())
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.member(login).await
    }

    /// Moves a member to another role: another group role, the person's role with it.
    pub async fn set_member_role(&self, login: &Login, role: Role) -> Result<Member> {
        self.postgres_only("changing a member's role")?;
        let member = self.member(login).await?;
        if member.removed_at.is_some() {
            return Err(StoreError::Conflict(format!(
                "{login} was removed from the team; invite them again under a new sign-in name"
            )));
        }
        let mut tx = self.begin().await?;
        let db = revoke_groups(&mut tx, login).await?;
        let who = quote_ident(login.as_str());
        (&mut *tx)
            .execute(format!("GRANT {} TO {who}", quote_ident(&group_role(&db, role))).as_str())
            .await?;
        sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
            .bind(role.as_str())
            .bind(member.user.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.member(login).await
    }

    /// Takes a member out of the team at once: the login can no longer sign in, loses every
    /// privilege (so a desktop still connected is refused from its next statement), and its
    /// open sessions are ended where the owner may. The person and their history stay.
    pub async fn remove_member(&self, login: &Login, now: i64) -> Result<Removed> {
        self.postgres_only("removing a member")?;
        let member = self.member(login).await?;
        let mut tx = self.begin().await?;
        revoke_groups(&mut tx, login).await?;
        let who = quote_ident(login.as_str());
        (&mut *tx)
            .execute(format!("ALTER ROLE {who} NOLOGIN").as_str())
            .await?;
        sqlx::query(
            "UPDATE team_members SET removed_at = COALESCE(removed_at, $1) WHERE login = $2",
        )
        .bind(now)
        .bind(login.as_str())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        // Ending their sessions needs the right to signal them (a superuser owner has it);
        // without it they are already refused everything.
        let ended = sqlx::query_scalar::<_, bool>(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1",
        )
        .bind(login.as_str())
        .fetch_all(&self.pool)
        .await;
        let (sessions_ended, sessions_note) = match ended {
            Ok(ended) => (ended.iter().filter(|e| **e).count(), None),
            Err(e) => (
                0,
                Some(format!(
                    "their open sessions stay connected but may do nothing ({e})"
                )),
            ),
        };
        Ok(Removed {
            member: Member {
                removed_at: Some(now),
                ..member
            },
            sessions_ended,
            sessions_note,
        })
    }

    /// Gives a member a new one-time password (they forgot theirs), to be changed at sign-in.
    pub async fn reset_password(
        &self,
        login: &Login,
        password: &Sensitive<String>,
    ) -> Result<Member> {
        self.postgres_only("resetting a password")?;
        let member = self.member(login).await?;
        if member.removed_at.is_some() {
            return Err(StoreError::Conflict(format!(
                "{login} was removed from the team"
            )));
        }
        let verifier = scram_verifier(password)?;
        let mut tx = self.begin().await?;
        (&mut *tx)
            .execute(
                format!(
                    "ALTER ROLE {} PASSWORD '{verifier}'",
                    quote_ident(login.as_str())
                )
                .as_str(),
            )
            .await?;
        sqlx::query("UPDATE team_members SET must_change_password = 1 WHERE login = $1")
            .bind(login.as_str())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.member(login).await
    }

    /// The signed-in member replaces their own password (and with it an invitation's one-time
    /// password).
    pub async fn change_own_password(&self, password: &Sensitive<String>) -> Result<()> {
        self.postgres_only("changing your password")?;
        let verifier = scram_verifier(password)?;
        let mut tx = self.begin().await?;
        (&mut *tx)
            .execute(format!("ALTER ROLE CURRENT_USER PASSWORD '{verifier}'").as_str())
            .await?;
        sqlx::query_scalar::<_, Option<i64>>("SELECT sb_password_changed()")
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        self.sign_in_with(password)
    }

    /// New connections (the pool's, the change feed's when it connects again) sign in with
    /// `password` from now on; the open ones stay signed in.
    fn sign_in_with(&self, password: &Sensitive<String>) -> Result<()> {
        let crate::changes::FeedSource::Postgres(url) = &self.feed else {
            return Ok(());
        };
        let mut parsed = url::Url::parse(url.read().expect("the feed's URL").expose())
            .map_err(|e| StoreError::Conflict(format!("the database URL cannot be read: {e}")))?;
        parsed
            .set_password(Some(password.expose()))
            .map_err(|()| StoreError::Conflict("a password cannot be used with this URL".into()))?;
        let next = Sensitive::new(parsed.to_string());
        let options: sqlx::any::AnyConnectOptions = next.expose().parse()?;
        self.pool.set_connect_options(options);
        *url.write().expect("the feed's URL") = next;
        Ok(())
    }
}

/// Takes `login` out of every group role of this database, in `tx`; returns the database's name.
async fn revoke_groups(tx: &mut sqlx::Transaction<'_, sqlx::Any>, login: &Login) -> Result<String> {
    let db: String = sqlx::query_scalar("SELECT current_database()::text")
        .fetch_one(&mut **tx)
        .await?;
    let all: Vec<String> = Role::ALL
        .iter()
        .map(|r| quote_ident(&group_role(&db, *r)))
        .collect();
    (&mut **tx)
        .execute(
            format!(
                "REVOKE {} FROM {}",
                all.join(", "),
                quote_ident(login.as_str())
            )
            .as_str(),
        )
        .await?;
    Ok(db)
}

const MEMBER_SQL: &str = "SELECT m.login, m.must_change_password, m.invited_at, m.removed_at, \
    u.id, u.name, u.role, u.line FROM team_members m JOIN users u ON u.id = m.user_id";

fn member_from_row(r: &sqlx::any::AnyRow) -> Result<Member> {
    Ok(Member {
        login: r.try_get("login")?,
        must_change_password: r.try_get::<i64, _>("must_change_password")? != 0,
        invited_at: r.try_get("invited_at")?,
        removed_at: r.try_get("removed_at")?,
        user: crate::user_from_row(r)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7677's example exchange (user "user", password "pencil"): the keys in our verifier
    /// give the RFC's client proof and server signature.
    #[test]
    fn the_verifier_matches_the_rfc_example() {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD;
        let salt = b64.decode("W22ZaJ0SNY7soEsUEjb6gQ==").unwrap();
        let v = scram_verifier_with("pencil", &salt, 4096);
        let parts: Vec<&str> = v.split('$').collect();
        assert_eq!(parts[0], "SCRAM-SHA-256");
        assert_eq!(parts[1], "4096:W22ZaJ0SNY7soEsUEjb6gQ==");
        let (stored, server) = parts[2].split_once(':').unwrap();
        let auth = "n=user,r=rOprNGfwEbeRWgbNEkqO,\
                    r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,\
                    c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        let server_signature = hmac(&b64.decode(server).unwrap(), auth.as_bytes());
        assert_eq!(
            b64.encode(server_signature),
            "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
        );
        let client_key = hmac(&hi(b"pencil", &salt, 4096), b"Client Key");
        let signature = hmac(&b64.decode(stored).unwrap(), auth.as_bytes());
        let proof: Vec<u8> = client_key
            .iter()
            .zip(signature)
            .map(|(a, b)| a ^ b)
            .collect();
        assert_eq!(
            b64.encode(proof),
            "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
        );
    }

    #[test]
    fn one_time_passwords_are_long_and_differ() {
        let a = one_time_password().unwrap();
        let b = one_time_password().unwrap();
        assert_eq!(a.expose().len(), 20);
        assert_ne!(a.expose(), b.expose());
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote_ident("desk"), "\"desk\"");
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(
            group_role("desk", Role::AccountManager),
            "desk_account_manager"
        );
    }
}
