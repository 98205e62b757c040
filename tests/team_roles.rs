//! Team mode, signed in and enforced by the database: on the TLS-only PostgreSQL
//! (`util::pg_tls`), an owner runs `team_init` and invites an engineer, a lead, an account
//! manager and an admin; each signs in with their own login (SCRAM), must replace the
//! one-time password first, works through the app, and then goes around the app with plain
//! SQL and tries every forbidden change: PostgreSQL refuses each. Removal takes effect on an
//! open connection; a package's threshold crossed on an engineer's desk is told on the account
//! manager's, and the engineer cannot read it; a schema that is older or newer than the desktop
//! is refused with what to do, and only the owner upgrades. Run inside `keyctl session -` (the keychain stories).

use sb_app::sb_domain::{Channel, Level, Line, MemberState, Role, Visibility};
use sb_app::{
    App, ClientInput, CommentInput, DatabaseChoice, EntriesSelection, ErrorCode, InviteInput,
    MergeInput, NewProfile, Paths, TicketInput, TimeInput,
};
use sqlx::{Connection, Executor, PgConnection};

use crate::move_backup::package;
use crate::util::pg_tls::{tls_server, TlsServer};

struct Team {
    server: &'static TlsServer,
    database: String,
    owner: App,
    /// Each member's login and the password they chose.
    engineer: (String, String),
    lead: (String, String),
    manager: (String, String),
    admin: (String, String),
    _homes: Vec<tempfile::TempDir>,
}

fn home() -> (tempfile::TempDir, Paths) {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = Paths::in_folder(dir.path().to_path_buf());
    (dir, paths)
}

fn choice(server: &TlsServer, login: &str, database: &str, password: &str) -> DatabaseChoice {
    DatabaseChoice {
        database: Some(server.url("127.0.0.1", database, "").replacen(
            &format!("{}@", server.user),
            &format!("{login}@"),
            1,
        )),
        ca_file: Some(server.ca_file.to_string_lossy().into_owned()),
        password: Some(password.to_string()),
    }
}

/// Signs `login` in from a desktop of their own (their own data folder and keychain entry).
async fn sign_in(team: &Team, login: &str, password: &str) -> Result<App, sb_app::ApiError> {
    let (dir, paths) = home();
    let app = App::open_chosen(paths, choice(team.server, login, &team.database, password)).await;
    std::mem::forget(dir); // the folder lives as long as the test process
    app
}

async fn plain(team: &Team, (login, password): &(String, String)) -> PgConnection {
    PgConnection::connect(&team.server.plain_url(login, password, &team.database))
        .await
        .unwrap_or_else(|e| panic!("{login} signs in with plain SQL: {e}"))
}

static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A team: the owner's database, set up, and four members who have chosen their passwords.
async fn team() -> Team {
    let server = tls_server();
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tag = format!("{}_{n}", std::process::id());
    let owner_login = format!("owner_{tag}");
    let owner_password = "Owner pass phrase 1";
    let database = server.new_team_database(&owner_login, owner_password);
    let (owner_home, owner_paths) = home();
    let owner = App::open_chosen(
        owner_paths,
        choice(server, &owner_login, &database, owner_password),
    )
    .await
    .expect("the owner opens the empty database");
    let set_up = owner.team_init().await.expect("team init");
    assert_eq!(set_up.owner_login, owner_login);
    assert_eq!(
        set_up.group_roles,
        ["engineer", "lead", "account_manager", "admin"]
            .iter()
            .map(|r| format!("{database}_{r}"))
            .collect::<Vec<_>>()
    );
    let mut team = Team {
        server,
        database,
        owner,
        engineer: Default::default(),
        lead: Default::default(),
        manager: Default::default(),
        admin: Default::default(),
        _homes: vec![owner_home],
    };
    for (name, role) in [
        ("Ivan Petrov", Role::Engineer),
        ("Lena Lead", Role::Lead),
        ("Maria Lebedeva", Role::AccountManager),
        ("Anna Admin", Role::Admin),
    ] {
        let login = format!("{}_{tag}", role.as_str());
        let invited = team
            .owner
            .team_invite(InviteInput {
                name: name.into(),
                person: None,
                role,
                login: Some(login.clone()),
                // The engineer works the first line; the others every line.
                line: (role == Role::Engineer).then_some(Line::L1),
            })
            .await
            .expect("invite");
        assert_eq!(invited.member.person.role, role);
        assert_eq!(
            invited.member.person.line,
            (role == Role::Engineer).then_some(Line::L1)
        );
        assert!(invited.member.must_change_password);
        assert_eq!(invited.member.state, MemberState::Invited);
        let chosen = format!("{name} chose this");
        let app = sign_in(&team, &login, &invited.one_time_password)
            .await
            .expect("the one-time password signs in");
        app.change_password(&chosen)
            .await
            .expect("choose a password");
        let member = (login, chosen);
        match role {
            Role::Engineer => team.engineer = member,
            Role::Lead => team.lead = member,
            Role::AccountManager => team.manager = member,
            Role::Admin => team.admin = member,
        }
    }
    team
}

fn ticket(client_id: i64, subject: &str) -> TicketInput {
    TicketInput {
        client_id,
        direction: "network".into(),
        subject: subject.into(),
        description: "Since Monday.".into(),
        impact: Level::Medium,
        urgency: Level::Medium,
        channel: Channel::Phone,
        contact_id: None,
    }
}

fn time(ticket_id: i64, minutes: i64) -> TimeInput {
    TimeInput {
        ticket_id,
        work_date: None,
        minutes,
        work_type: "remote".into(),
        billable: true,
        note: "Checked the switch".into(),
    }
}

/// Runs `sql` as a member with plain SQL and says whether PostgreSQL refused it for want of
/// a privilege (42501: grants, row-level security, the time-entry rules).
async fn refused(conn: &mut PgConnection, sql: &str) -> bool {
    match conn.execute(sql).await {
        Err(sqlx::Error::Database(db)) => {
            let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
            assert!(
                code == "42501" || db.message().contains("append-only"),
                "`{sql}` failed, but not as a refusal: {code} {}",
                db.message()
            );
            true
        }
        Err(e) => panic!("`{sql}`: {e}"),
        Ok(_) => false,
    }
}

async fn rows(conn: &mut PgConnection, sql: &str) -> u64 {
    conn.execute(sql)
        .await
        .unwrap_or_else(|e| panic!("`{sql}`: {e}"))
        .rows_affected()
}

#[tokio::test]
async fn each_role_works_through_the_app_and_the_database_refuses_what_it_may_not_do() {
    let team = team().await;
    let admin = sign_in(&team, &team.admin.0, &team.admin.1).await.unwrap();
    let manager = sign_in(&team, &team.manager.0, &team.manager.1)
        .await
        .unwrap();
    let lead = sign_in(&team, &team.lead.0, &team.lead.1).await.unwrap();
    let engineer = sign_in(&team, &team.engineer.0, &team.engineer.1)
        .await
        .unwrap();

    // Who "me" is comes from the sign-in; the self-declared profile does not exist here.
    let me = engineer.setup_state().await.unwrap();
    assert_eq!(me.profile.as_ref().unwrap().name, "Ivan Petrov");
    assert_eq!(me.team.as_ref().unwrap().login, team.engineer.0);
    assert!(me.profile.as_ref().unwrap().duties.is_empty());
    let no = engineer
        .create_profile(NewProfile {
            name: "Boss".into(),
            role: Role::Admin,
        })
        .await
        .unwrap_err();
    assert_eq!(no.code, ErrorCode::NotAllowed, "{no:?}");
    assert!(engineer.use_profile(1).await.is_err());

    // A day's work for each, through the app: the grants allow all of it.
    let client = engineer
        .create_client(ClientInput {
            language: None,
            code: "NORD".into(),
            name: "Nord Logistics".into(),
            notes: None,
            contacts: vec![],
        })
        .await
        .expect("an engineer adds a client")
        .id;
    let refused_package = engineer.create_package(package(client)).await.unwrap_err();
    assert_eq!(refused_package.code, ErrorCode::NotAllowed);
    assert!(
        refused_package
            .message
            .contains("account manager or an admin"),
        "{}",
        refused_package.message
    );
    let pkg = manager
        .create_package(package(client))
        .await
        .expect("the AM adds a package");
    let t = engineer
        .create_ticket(ticket(client, "VPN drops"))
        .await
        .unwrap();
    let dup = engineer
        .create_ticket(ticket(client, "VPN drops again"))
        .await
        .unwrap();
    engineer.take(t.id, t.version).await.expect("take");
    engineer
        .add_comment(CommentInput {
            ticket_id: t.id,
            body: "Looking at the tunnel.".into(),
            visibility: Visibility::Internal,
        })
        .await
        .expect("comment");
    let mine = engineer.log_time(time(t.id, 45)).await.expect("log time");
    let theirs = manager
        .log_time(time(t.id, 30))
        .await
        .expect("the AM logs time");
    engineer
        .edit_time(mine.id, time(t.id, 60))
        .await
        .expect("edit own draft");
    let not_mine = engineer
        .edit_time(theirs.id, time(t.id, 5))
        .await
        .unwrap_err();
    assert_eq!(not_mine.code, ErrorCode::NotAllowed, "{not_mine:?}");
    // A merge moves other people's time with the duplicate: the one move the owner's
    // function makes for an engineer.
    let dup_entry = manager.log_time(time(dup.id, 15)).await.unwrap();
    engineer
        .merge(MergeInput {
            ticket_id: dup.id,
            into: t.id.to_string(),
            note: None,
            version: engineer.ticket(dup.id).await.unwrap().version,
        })
        .await
        .expect("an engineer merges a duplicate with someone else's time on it");
    assert_eq!(
        manager.time_entry(dup_entry.id).await.unwrap().ticket_id,
        t.id,
        "the AM's entry moved with the merge"
    );
    let approve = EntriesSelection {
        ids: vec![mine.id],
        client_id: None,
        from: None,
        to: None,
    };
    assert_eq!(
        engineer
            .approve_time(approve.clone())
            .await
            .unwrap_err()
            .code,
        ErrorCode::NotAllowed
    );
    assert_eq!(manager.approve_time(approve).await.unwrap(), 1);
    assert!(lead.routing_rules().await.is_ok());
    // The lead keeps the business hours through the app; the engineer is told who may.
    let hours = lead.business_hours().await.unwrap();
    lead.set_business_hours(hours.clone())
        .await
        .expect("a lead keeps the business hours");
    let no = engineer.set_business_hours(hours).await.unwrap_err();
    assert_eq!(no.code, ErrorCode::NotAllowed, "{no:?}");
    assert!(no.message.contains("a lead"), "{}", no.message);
    assert!(admin.users().await.unwrap().len() >= 4);
    // People's lines are the owner's to keep, as the people are: the owner moves the engineer
    // to L2 and every desk sees it; a lead, who sets lines on a local workspace, is told who
    // does here.
    let moved = team
        .owner
        .team_set_line(&team.engineer.0, Some(Line::L2))
        .await
        .expect("the owner sets a line");
    assert_eq!(moved.person.line, Some(Line::L2));
    let ivan_id = moved.person.id;
    assert!(admin
        .users()
        .await
        .unwrap()
        .iter()
        .any(|u| u.id == ivan_id && u.line == Some(Line::L2)));
    let no = lead.set_user_line(ivan_id, None).await.unwrap_err();
    assert_eq!(no.code, ErrorCode::NotAllowed, "{no:?}");
    assert!(no.message.contains("sb team line"), "{}", no.message);
    let no = lead
        .team_set_line(&team.engineer.0, None)
        .await
        .unwrap_err();
    assert_eq!(no.code, ErrorCode::NotAllowed, "{no:?}");
    // The lead keeps the SLA calendars and policies through the app; the engineer may not.
    let calendar = sb_app::CalendarInput {
        name: "Round the clock".into(),
        time_zone: "UTC".into(),
        week: vec!["00:00-24:00".into(); 7],
    };
    let cal = lead
        .create_calendar(calendar.clone())
        .await
        .expect("a lead keeps the SLA calendars");
    lead.create_sla_policy(sb_app::SlaPolicyInput {
        name: "Standard".into(),
        client_id: None,
        is_default: true,
        calendar_id: cal.id,
        pause_statuses: vec![sb_domain::Status::PendingCustomer],
        targets: vec![],
        breach_actions: vec![],
    })
    .await
    .expect("a lead keeps the SLA policies");
    let no = engineer.create_calendar(calendar).await.unwrap_err();
    assert_eq!(no.code, ErrorCode::NotAllowed, "{no:?}");

    // Around the app, with plain SQL: the engineer.
    let mut eng = plain(&team, &team.engineer).await;
    let pkg_id = pkg.id;
    for sql in [
        format!("UPDATE packages SET total_minutes = 999999 WHERE id = {pkg_id}"),
        format!("DELETE FROM packages WHERE id = {pkg_id}"),
        "INSERT INTO routing_settings (id, business_hours) VALUES (1, '{}')".to_string(),
        "UPDATE routing_rules SET enabled = 0".to_string(),
        "DELETE FROM routing_rules".to_string(),
        "UPDATE sla_policies SET name = 'mine'".to_string(),
        "DELETE FROM sla_targets".to_string(),
        "UPDATE work_calendars SET time_zone = 'UTC'".to_string(),
        "UPDATE notice_defaults SET acknowledge = 0".to_string(),
        "DELETE FROM client_notice_settings".to_string(),
        format!(
            "INSERT INTO notice_templates (client_id, kind, language, subject, body, updated_at) \
             VALUES ({client}, 'reminder', 'en', 's', 'b', 0)"
        ),
        "UPDATE vendors SET settings = '{}'".to_string(),
        "DELETE FROM vendors".to_string(),
        "UPDATE mailboxes SET imap_host = 'mail.example'".to_string(),
        "DELETE FROM mailboxes".to_string(),
        "DELETE FROM public_mail_domains".to_string(),
        "INSERT INTO public_mail_domains (domain) VALUES ('acme.example')".to_string(),
        "UPDATE alert_sources SET base_url = 'http://127.0.0.1:1'".to_string(),
        "DELETE FROM alert_sources".to_string(),
        "UPDATE users SET role = 'admin'".to_string(),
        "UPDATE users SET line = 'l3'".to_string(),
        "INSERT INTO users (name, role, created_at) VALUES ('Boss', 'admin', 0)".to_string(),
        "UPDATE team_members SET must_change_password = 0".to_string(),
        "UPDATE audit SET new_value = 'nothing happened'".to_string(),
        "DELETE FROM audit".to_string(),
        "TRUNCATE audit".to_string(),
        "UPDATE _sqlx_migrations SET description = 'x'".to_string(),
        "CREATE TABLE evil (id BIGINT)".to_string(),
        "ALTER TABLE tickets ADD COLUMN evil BIGINT".to_string(),
        "DROP TABLE comments".to_string(),
        "CREATE FUNCTION evil() RETURNS int LANGUAGE sql AS 'SELECT 1'".to_string(),
        "SELECT sb_team_grants()".to_string(),
        format!(
            "INSERT INTO time_entries (ticket_id, client_id, user_id, work_date, actual_minutes, \
             billable_minutes, work_type, billable, note, state, created_at) \
             SELECT ticket_id, client_id, user_id, work_date, 600, 600, work_type, billable, \
             'in their name', 'draft', created_at FROM time_entries WHERE id = {}",
            theirs.id
        ),
    ] {
        assert!(
            refused(&mut eng, &sql).await,
            "the engineer's `{sql}` went through"
        );
    }
    // Rows they may not touch are not theirs to see for writing: nothing changes.
    assert_eq!(
        rows(
            &mut eng,
            &format!(
                "UPDATE time_entries SET note = 'mine now' WHERE id = {}",
                theirs.id
            )
        )
        .await,
        0
    );
    assert_eq!(
        rows(
            &mut eng,
            &format!("DELETE FROM time_entries WHERE id = {}", theirs.id)
        )
        .await,
        0
    );
    assert_eq!(
        rows(
            &mut eng,
            &format!(
                "UPDATE time_entries SET state = 'approved' WHERE id = {}",
                theirs.id
            )
        )
        .await,
        0
    );
    // SLA notices: anyone's background work adds them for others; each person reads and
    // marks only their own.
    let lead_id = lead.setup_state().await.unwrap().profile.unwrap().id;
    assert_eq!(
        rows(
            &mut eng,
            &format!(
                "INSERT INTO sla_notices (user_id, ticket_id, goal, threshold, reason, \
                 crossed_at, created_at) VALUES ({lead_id}, {}, 'resolution', 'warning', \
                 'lead', 1, 1)",
                t.id
            )
        )
        .await,
        1
    );
    assert_eq!(
        rows(&mut eng, "UPDATE sla_notices SET shown_at = 2").await,
        0,
        "the engineer marked the lead's notice"
    );
    let seen: i64 = sqlx::query_scalar("SELECT count(*) FROM sla_notices")
        .fetch_one(&mut eng)
        .await
        .unwrap();
    assert_eq!(seen, 0, "the engineer read the lead's notice");
    let mut lead_sql = plain(&team, &team.lead).await;
    assert_eq!(
        rows(&mut lead_sql, "UPDATE sla_notices SET shown_at = 2").await,
        1
    );
    // Their own draft they may change, but not approve.
    let draft = engineer.log_time(time(t.id, 15)).await.unwrap();
    assert!(
        refused(
            &mut eng,
            &format!(
                "UPDATE time_entries SET state = 'approved' WHERE id = {}",
                draft.id
            )
        )
        .await,
        "an engineer approved their own time"
    );
    assert_eq!(
        rows(
            &mut eng,
            &format!(
                "UPDATE time_entries SET note = 'Checked the tunnel' WHERE id = {}",
                draft.id
            )
        )
        .await,
        1
    );
    assert_eq!(
        rows(
            &mut eng,
            &format!(
                "UPDATE time_entries SET actual_minutes = 1 WHERE id = {}",
                mine.id
            )
        )
        .await,
        0,
        "an approved entry is nobody's to change, its author's neither"
    );
    // What background work keeps on the settings tables stays open to every desk.
    assert_eq!(
        rows(
            &mut eng,
            &format!("UPDATE packages SET used_minutes = used_minutes WHERE id = {pkg_id}")
        )
        .await,
        1
    );
    // And what they may do, they may.
    assert_eq!(
        rows(
            &mut eng,
            &format!(
                "UPDATE tickets SET subject = 'VPN drops hourly' WHERE id = {}",
                t.id
            )
        )
        .await,
        1
    );

    // The lead keeps the routing rules, and nothing of the account manager's.
    let mut ld = plain(&team, &team.lead).await;
    assert!(!refused(&mut ld, "UPDATE routing_rules SET enabled = enabled").await);
    assert!(!refused(&mut ld, "DELETE FROM routing_settings WHERE id = -1").await);
    assert!(!refused(&mut ld, "UPDATE work_calendars SET name = name").await);
    // ... and what clients are told.
    assert!(!refused(&mut ld, "UPDATE notice_defaults SET remind_after_days = 3").await);
    assert!(!refused(&mut ld, "DELETE FROM notice_templates WHERE client_id = -1").await);
    // What everyone's work writes: the automatic mails' records and the ratings.
    assert!(!refused(&mut eng, "DELETE FROM ticket_notices WHERE ticket_id = -1").await);
    assert!(
        !refused(
            &mut eng,
            "UPDATE ticket_satisfaction SET rating = 5 WHERE ticket_id = -1"
        )
        .await
    );
    for sql in [
        format!("UPDATE packages SET total_minutes = 1 WHERE id = {pkg_id}"),
        "DELETE FROM vendors".to_string(),
        "UPDATE audit SET field = 'x'".to_string(),
        "UPDATE users SET line = 'l1'".to_string(),
    ] {
        assert!(
            refused(&mut ld, &sql).await,
            "the lead's `{sql}` went through"
        );
    }
    assert_eq!(
        rows(
            &mut ld,
            &format!(
                "UPDATE time_entries SET state = 'invoiced' WHERE id = {}",
                mine.id
            )
        )
        .await,
        0
    );

    // The account manager and the admin keep the settings; the audit trail and the schema
    // are nobody's.
    for who in [&team.manager, &team.admin] {
        let mut c = plain(&team, who).await;
        assert_eq!(
            rows(
                &mut c,
                &format!(
                    "UPDATE packages SET name = 'Support 2026 (renegotiated)' WHERE id = {pkg_id}"
                )
            )
            .await,
            1
        );
        assert!(!refused(&mut c, "DELETE FROM mailboxes WHERE id = -1").await);
        assert!(
            !refused(
                &mut c,
                "DELETE FROM public_mail_domains WHERE domain = 'x.example'"
            )
            .await
        );
        for sql in [
            "UPDATE audit SET field = 'x'",
            "DELETE FROM audit",
            "TRUNCATE audit",
            "UPDATE users SET role = 'engineer'",
            "CREATE TABLE evil (id BIGINT)",
            "ALTER TABLE tickets DROP COLUMN subject",
        ] {
            assert!(
                refused(&mut c, sql).await,
                "{}'s `{sql}` went through",
                who.0
            );
        }
    }
}

#[tokio::test]
async fn a_threshold_crossed_on_an_engineers_desk_is_told_on_the_account_managers() {
    let team = team().await;
    let engineer = sign_in(&team, &team.engineer.0, &team.engineer.1)
        .await
        .unwrap();
    let manager = sign_in(&team, &team.manager.0, &team.manager.1)
        .await
        .unwrap();
    let admin = sign_in(&team, &team.admin.0, &team.admin.1).await.unwrap();
    let client = manager
        .create_client(ClientInput {
            language: None,
            code: "NORD".into(),
            name: "Nord Logistics".into(),
            notes: None,
            contacts: vec![],
        })
        .await
        .unwrap()
        .id;
    let mut terms = package(client);
    terms.burn_margin = 100;
    let p = manager.create_package(terms).await.unwrap();
    let t = engineer
        .create_ticket(ticket(client, "VPN drops"))
        .await
        .unwrap();
    // 9:15 of ten hours: the engineer's own login records 50, 75 and 90 crossed, and the
    // notices of the people who keep the packages, in the same transaction.
    engineer
        .log_time(time(t.id, 555))
        .await
        .expect("the engineer's time crosses the thresholds");
    assert!(engineer.take_threshold_notices().await.unwrap().is_empty());
    let told = manager.take_threshold_notices().await.unwrap();
    assert!(!told.is_empty());
    assert!(
        told.iter()
            .all(|n| n.package_id == p.id && n.threshold == 90),
        "{told:?}"
    );
    assert!(manager.take_threshold_notices().await.unwrap().is_empty());
    let same = |list: &[sb_app::ThresholdNotice]| -> Vec<(i64, u32, i64)> {
        list.iter()
            .map(|n| (n.package_id, n.threshold, n.crossed_at))
            .collect()
    };
    assert_eq!(
        same(&admin.take_threshold_notices().await.unwrap()),
        same(&told)
    );
    // Each reads their own list through row-level security; the engineer has none. The list
    // has each crossing (told together as the highest), newest first.
    let listed = same(&manager.threshold_notices(50).await.unwrap());
    assert_eq!(
        listed.iter().map(|n| n.1).collect::<Vec<_>>(),
        [90, 75, 50],
        "{listed:?}"
    );
    assert_eq!(listed[..1], same(&told)[..]);
    assert!(engineer.threshold_notices(50).await.unwrap().is_empty());

    // Around the app, row-level security keeps each notice its person's: the engineer reads
    // none and marks none; the account manager reads hers.
    let mut eng = plain(&team, &team.engineer).await;
    let seen: i64 = sqlx::query_scalar("SELECT count(*) FROM threshold_notices")
        .fetch_one(&mut eng)
        .await
        .unwrap();
    assert_eq!(seen, 0, "the engineer read the others' threshold notices");
    assert_eq!(
        rows(&mut eng, "UPDATE threshold_notices SET shown_at = NULL").await,
        0,
        "the engineer marked the others' threshold notices"
    );
    let mut am = plain(&team, &team.manager).await;
    let hers: Vec<(i64, Option<i64>)> =
        sqlx::query_as("SELECT threshold, shown_at FROM threshold_notices ORDER BY threshold")
            .fetch_all(&mut am)
            .await
            .unwrap();
    assert_eq!(
        hers.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
        [50, 75, 90],
        "hers, crossed together and told as the highest"
    );
    assert!(hers.iter().all(|(_, shown)| shown.is_some()));
    // The crossings themselves stay the ledger's: an engineer neither edits nor removes them.
    assert!(refused(&mut eng, "UPDATE package_thresholds SET crossed_at = 0").await);
    assert!(refused(&mut eng, "DELETE FROM package_thresholds").await);
}

#[tokio::test]
async fn the_one_time_password_works_once_and_a_removed_member_is_out_at_once() {
    let team = team().await;
    // A fresh invitation: signed in with the one-time password, nothing but the password
    // change is allowed.
    let invited = team
        .owner
        .team_invite(InviteInput {
            name: "Oleg Novikov".into(),
            person: None,
            role: Role::Engineer,
            login: None,
            line: None,
        })
        .await
        .unwrap();
    assert!(invited.member.login.starts_with("oleg_novikov"));
    let oleg = sign_in(&team, &invited.member.login, &invited.one_time_password)
        .await
        .unwrap();
    assert!(
        oleg.setup_state()
            .await
            .unwrap()
            .team
            .unwrap()
            .must_change_password
    );
    let first = oleg
        .create_client(ClientInput {
            language: None,
            code: "X".into(),
            name: "X".into(),
            notes: None,
            contacts: vec![],
        })
        .await
        .unwrap_err();
    assert_eq!(first.code, ErrorCode::PasswordChangeRequired, "{first:?}");
    let short = oleg.change_password("short").await.unwrap_err();
    assert_eq!(short.code, ErrorCode::InvalidInput);
    oleg.change_password("Oleg's own pass phrase")
        .await
        .unwrap();
    // New connections (the pool grows under load; the live feed connects on its own) sign in
    // with the new password: the one-time one no longer works.
    let reads: Vec<_> = (0..8).map(|_| oleg.users()).collect();
    for read in futures_util::future::join_all(reads).await {
        read.expect("a read on a new connection after the password change");
    }
    oleg.changes()
        .await
        .expect("the live feed signs in with the new password");
    assert!(
        sign_in(&team, &invited.member.login, &invited.one_time_password)
            .await
            .is_err(),
        "the one-time password no longer signs in"
    );

    // Only the owner administers the team.
    let engineer = sign_in(&team, &team.engineer.0, &team.engineer.1)
        .await
        .unwrap();
    let not_owner = engineer
        .team_invite(InviteInput {
            name: "Mallory".into(),
            person: None,
            role: Role::Admin,
            login: None,
            line: None,
        })
        .await
        .unwrap_err();
    assert_eq!(not_owner.code, ErrorCode::NotAllowed);
    assert!(not_owner.message.contains("owner"), "{}", not_owner.message);
    let owner_works = team
        .owner
        .create_client(ClientInput {
            language: None,
            code: "Y".into(),
            name: "Y".into(),
            notes: None,
            contacts: vec![],
        })
        .await
        .unwrap_err();
    assert_eq!(
        owner_works.code,
        ErrorCode::NotAllowed,
        "the owner is nobody's desk"
    );

    // A role change is at once a change of what the database allows.
    let mut plain_eng = plain(&team, &team.engineer).await;
    assert!(refused(&mut plain_eng, "DELETE FROM mailboxes WHERE id = -1").await);
    team.owner
        .team_set_role(&team.engineer.0, Role::AccountManager)
        .await
        .unwrap();
    assert!(!refused(&mut plain_eng, "DELETE FROM mailboxes WHERE id = -1").await);
    team.owner
        .team_set_role(&team.engineer.0, Role::Engineer)
        .await
        .unwrap();

    // Removal: the open connection is refused from its next statement (or ended), a new
    // sign-in is refused, the person stays in the history.
    let removed = team.owner.team_remove(&team.engineer.0).await.unwrap();
    assert!(removed.member.removed_at.is_some());
    assert_eq!(removed.member.state, MemberState::Removed);
    match plain_eng.execute("SELECT count(*) FROM tickets").await {
        Err(sqlx::Error::Database(db)) => {
            assert_eq!(db.code().as_deref(), Some("42501"), "{}", db.message())
        }
        Err(_) => {} // the session was ended
        Ok(_) => panic!("a removed member still reads tickets"),
    }
    assert!(sign_in(&team, &team.engineer.0, &team.engineer.1)
        .await
        .is_err());
    let members = team.owner.team_members().await.unwrap();
    let gone = members
        .iter()
        .find(|m| m.login == team.engineer.0)
        .expect("the removed member is still listed");
    assert!(gone.removed_at.is_some());
    assert_eq!(gone.state, MemberState::Removed);
    // Not offered as an assignee any more; still the author of what they did.
    assert!(!team
        .owner
        .users()
        .await
        .unwrap()
        .iter()
        .any(|u| u.name == "Ivan Petrov"));
}

#[tokio::test]
async fn older_and_newer_desktops_are_told_what_to_do_and_only_the_owner_upgrades() {
    let team = team().await;
    // A newer Switchboard upgraded the team: this desktop is older and opens nothing.
    team.server.as_superuser(
        &team.database,
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9999, 'from the future', true, '\\x00', 0); \
         UPDATE team SET app_version = '9.9.9'",
    );
    let older = sign_in(&team, &team.engineer.0, &team.engineer.1)
        .await
        .unwrap_err();
    assert_eq!(older.code, ErrorCode::DatabaseTooNew, "{older:?}");
    assert!(
        older.message.contains("install Switchboard 9.9.9"),
        "{}",
        older.message
    );
    team.server.as_superuser(
        &team.database,
        "DELETE FROM _sqlx_migrations WHERE version = 9999",
    );

    // The schema is older than this desktop (migration 30 undone behind its back): a member's
    // desktop does not migrate it, it says who runs `sb team upgrade`.
    team.server.as_superuser(
        &team.database,
        "DROP FUNCTION sb_announce_change() CASCADE; \
         DELETE FROM _sqlx_migrations WHERE version = 30",
    );
    let newer = sign_in(&team, &team.engineer.0, &team.engineer.1)
        .await
        .unwrap_err();
    assert_eq!(newer.code, ErrorCode::DatabaseNeedsUpgrade, "{newer:?}");
    assert!(
        newer.message.contains("sb team upgrade"),
        "{}",
        newer.message
    );

    let backups = tempfile::tempdir().unwrap();
    let backup = backups.path().join("before-upgrade.dump");
    let engineer_home = tempfile::tempdir().unwrap();
    let as_engineer = App::team_upgrade(
        Paths::in_folder(engineer_home.path().to_path_buf()),
        Some(&team_url(&team, &team.engineer.0)),
        Some(&team.server.ca_file.to_string_lossy()),
        &backup.to_string_lossy(),
    )
    .await;
    // (The password comes from the OS keychain, where the engineer's sign-in kept it.)
    let refused = as_engineer.unwrap_err();
    assert_eq!(refused.code, ErrorCode::NotAllowed, "{refused:?}");
    assert!(!backup.exists(), "nothing is done for a member");

    let owner_login = team.owner.setup_state().await.unwrap().team.unwrap().login;
    let owner_home = tempfile::tempdir().unwrap();
    let done = App::team_upgrade(
        Paths::in_folder(owner_home.path().to_path_buf()),
        Some(&team_url(&team, &owner_login)),
        Some(&team.server.ca_file.to_string_lossy()),
        &backup.to_string_lossy(),
    )
    .await
    .expect("the owner upgrades");
    assert_eq!(done.migrations, vec![30]);
    assert_eq!(
        done.to_schema, done.from_schema,
        "only migration 30 was missing below the newest"
    );
    assert!(
        backup.metadata().unwrap().len() > 0,
        "the backup was taken first"
    );
    let again = sign_in(&team, &team.engineer.0, &team.engineer.1)
        .await
        .expect("the upgraded workspace opens");
    assert!(again.users().await.is_ok());
}

fn team_url(team: &Team, login: &str) -> String {
    choice(team.server, login, &team.database, "")
        .database
        .expect("a URL")
}
