//! `sb team ...`: setting a team workspace up and keeping its members (the owner), and a
//! member's own password and sign-out.

use clap::Subcommand;
use sb_app::sb_domain::{Line, Role};
use sb_app::{ApiResult, App, InvitationDto, InviteInput, MemberDto, Paths, UpgradeDone};

use sb_i18n::msg;

use crate::{first_line_of_stdin, print, Output};

#[derive(Subcommand, Debug)]
pub(crate) enum TeamCommand {
    /// Make an empty PostgreSQL database (--db URL, signed in as its owner, who may create
    /// roles) a team workspace: the group roles engineer, lead, account_manager and admin,
    /// the schema, the grants and row-level security. Then invite people.
    Init {
        /// Read the owner's password from the first line of stdin and keep it in the OS
        /// keychain for the next `sb team` commands.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Add a person: their own PostgreSQL sign-in and a one-time password (shown once) that
    /// they replace at their first sign-in. The owner runs it.
    Invite {
        /// The new person's name (not with --person).
        #[arg(required_unless_present = "person")]
        name: Option<String>,
        /// engineer, lead, account_manager or admin
        #[arg(long)]
        role: Role,
        /// The sign-in name (lower-case letters, digits, _); default: made from the name.
        #[arg(long)]
        login: Option<String>,
        /// Give the sign-in to this existing person (`sb users` lists them; someone from a
        /// moved workspace keeps their tickets, comments and time).
        #[arg(long, conflicts_with = "name")]
        person: Option<i64>,
        /// The line they work, L1, L2, L3 or any (the default: every line); SLA warnings on a
        /// ticket nobody has go to its line's people.
        #[arg(long, value_parser = person_line)]
        line: Option<PersonLine>,
    },
    /// Everyone in the team, current and removed.
    Members,
    /// Give a member another role (the owner runs it).
    Role {
        login: String,
        /// engineer, lead, account_manager or admin
        role: Role,
    },
    /// Set the line a member works: L1, L2, L3, or any for every line (the owner runs it). An
    /// SLA warning or breach on a ticket nobody has goes to its line's people.
    Line {
        login: String,
        #[arg(value_parser = person_line)]
        line: PersonLine,
    },
    /// Take a member out of the team at once; their history stays (the owner runs it).
    Remove { login: String },
    /// A new one-time password for a member who lost theirs (the owner runs it).
    ResetPassword { login: String },
    /// Choose your own password (read from the first line of stdin); the OS keychain keeps it.
    Password,
    /// Forget this desktop's password for the team and open the local workspace from the next
    /// start.
    SignOut,
    /// Bring the team workspace's schema up to this version's, after a backup to FILE; only
    /// the owner, and the only way a team workspace is migrated.
    Upgrade {
        /// Where the backup taken first goes (a pg_dump archive).
        #[arg(long)]
        backup: String,
    },
}

/// A person's line as typed on the command line (`None` inside: every line).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PersonLine(pub Option<Line>);

pub(crate) fn person_line(text: &str) -> Result<PersonLine, String> {
    Line::of_person(text)
        .map(PersonLine)
        .map_err(|e| e.to_string())
}

/// Team members as a table under its heads.
fn members(list: &[MemberDto]) -> String {
    let mut table = print::Table::new(&[
        ("cli-col-login", 20, false),
        ("cli-col-name", 28, false),
        ("cli-col-role", 16, false),
        ("cli-col-line-long", 5, false),
        ("cli-col-state", 0, false),
    ]);
    for m in list {
        let state = match (m.removed_at, m.must_change_password) {
            (Some(_), _) => "removed",
            (None, true) => "invited",
            (None, false) => "active",
        };
        table.row(vec![
            m.login.clone(),
            m.person.name.clone(),
            print::role_word(&m.person.role),
            print::person_line(m.person.line),
            print::say(&msg!("cli-member-state", state = state)),
        ]);
    }
    table.render()
}

fn member(m: &MemberDto) -> String {
    members(std::slice::from_ref(m))
}

fn invitation(i: &InvitationDto) -> String {
    let head = msg!(
        "cli-invitation",
        name = &i.member.person.name,
        login = &i.member.login
    );
    format!(
        "{}\n\n    {}\n\n{}",
        print::say(&head),
        i.one_time_password,
        print::say(&msg!("cli-invitation-shown"))
    )
}

/// `sb team upgrade` runs before the workspace opens: opening refuses an old team schema.
pub(crate) async fn upgrade(
    db: Option<&str>,
    ca_file: Option<&str>,
    out: &Output,
    backup: &str,
) -> ApiResult<()> {
    let done = App::team_upgrade(Paths::from_env()?, db, ca_file, backup).await?;
    out.show(&done, |d: &UpgradeDone| match &d.backup {
        Some(b) => print::say(&msg!(
            "cli-team-upgraded",
            schema = d.to_schema.to_string(),
            migrations = format!("{:?}", d.migrations),
            version = &d.app_version,
            backup = b
        )),
        None => print::say(&msg!(
            "cli-team-current",
            schema = d.to_schema.to_string(),
            version = &d.app_version
        )),
    })
}

pub(crate) async fn team(app: &App, out: &Output, c: TeamCommand) -> ApiResult<()> {
    match c {
        TeamCommand::Init { .. } => out.show(&app.team_init().await?, |t| {
            print::say(&msg!(
                "cli-team-init",
                database = &t.database,
                owner = &t.owner_login,
                roles = t.group_roles.join(", ")
            ))
        }),
        TeamCommand::Invite {
            name,
            role,
            login,
            person,
            line,
        } => out.show(
            &app.team_invite(InviteInput {
                name: name.unwrap_or_default(),
                role,
                login,
                person,
                line: line.and_then(|l| l.0),
            })
            .await?,
            invitation,
        ),
        TeamCommand::Members => out.show(&app.team_members().await?, |list| members(list)),
        TeamCommand::Role { login, role } => {
            out.show(&app.team_set_role(&login, role).await?, member)
        }
        TeamCommand::Line { login, line } => {
            out.show(&app.team_set_line(&login, line.0).await?, member)
        }
        TeamCommand::Remove { login } => out.show(&app.team_remove(&login).await?, |r| {
            let mut s = print::say(&msg!(
                "cli-member-removed",
                name = &r.member.person.name,
                login = &r.member.login,
                sessions = r.sessions_ended
            ));
            if let Some(note) = &r.sessions_note {
                s.push_str(&format!(" ({note})"));
            }
            s
        }),
        TeamCommand::ResetPassword { login } => {
            out.show(&app.team_reset_password(&login).await?, invitation)
        }
        TeamCommand::Password => {
            let password = first_line_of_stdin("password")?;
            out.show(&app.change_password(&password).await?, |_| {
                print::say(&msg!("cli-password-changed"))
            })
        }
        TeamCommand::SignOut => out.show(&app.sign_out().await?, |s| {
            let database = s
                .next_database
                .clone()
                .unwrap_or_else(|| print::say(&msg!("cli-local-workspace")));
            print::say(&msg!("cli-signed-out", database = database))
        }),
        TeamCommand::Upgrade { .. } => unreachable!("upgrade runs before the workspace opens"),
    }
}
