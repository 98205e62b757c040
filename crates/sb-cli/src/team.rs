//! `sb team ...`: setting a team workspace up and keeping its members (the owner), and a
//! member's own password and sign-out.

use clap::Subcommand;
use sb_app::sb_domain::{Line, Role};
use sb_app::{ApiResult, App, InvitationDto, InviteInput, MemberDto, Paths, UpgradeDone};

use sb_i18n::msg;

use crate::{first_line_of_stdin, print, Output};

#[derive(Subcommand, Debug)]
pub(crate) enum TeamCommand {
    Init {
        #[arg(long)]
        password_stdin: bool,
    },
    Invite {
        #[arg(required_unless_present = "person")]
        name: Option<String>,
        #[arg(long)]
        role: Role,
        #[arg(long)]
        login: Option<String>,
        #[arg(long, conflicts_with = "name")]
        person: Option<i64>,
        #[arg(long, value_parser = person_line)]
        line: Option<PersonLine>,
    },
    Members,
    Role {
        login: String,
        role: Role,
    },
    Line {
        login: String,
        #[arg(value_parser = person_line)]
        line: PersonLine,
    },
    Remove {
        login: String,
    },
    ResetPassword {
        login: String,
    },
    Password,
    SignOut,
    Upgrade {
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
        .map_err(|e| crate::print::say(&e.msg()))
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
        table.row(vec![
            m.login.clone(),
            m.person.name.clone(),
            print::role_word(&m.person.role),
            print::person_line(m.person.line),
            print::say(&msg!("cli-member-state", state = m.state.as_str())),
        ]);
    }
    table.render()
}

/// One member (after a change of role or line) as a record, not a one-row table.
fn member(m: &MemberDto) -> String {
    print::say(&msg!(
        "cli-member",
        login = &m.login,
        name = &m.person.name,
        role = print::role_word(&m.person.role),
        line = print::person_line(m.person.line),
        state = print::say(&msg!("cli-member-state", state = m.state.as_str()))
    ))
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
