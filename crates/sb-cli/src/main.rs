//! `sb`: every operation of the window, without one. Thin: parse, call `sb-app`, print.
//!
//! Architecture Invariant: no business rule here; what the window can do, `sb` can do, through
//! the same `sb_app::App` calls.
//!
//! The commands and arguments below carry no help text: what `--help` says of each is in
//! `sb-i18n/locales/<lang>/cli-help.ftl`, under an id made from its path (`help.rs`), so that
//! it is said in the reader's language. A new command or argument needs its words there (the
//! tests name what is missing).

mod backup;
mod email;
mod help;
mod ledger;
mod live;
mod metrics;
mod monitoring;
mod notices;
mod print;
mod routing;
mod sla;
mod team;
mod vendors;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use sb_app::sb_domain::{Channel, Level, Line, Role, Status, Visibility};
use sb_app::{
    ApiError, ApiResult, App, ArticleInput, ArticleUpdate, AssignInput, BulkChange, BulkInput,
    ClientDto, ClientInput, ClientQuery, CommentInput, ContactInput, DatabaseChoice, ErrorCode,
    KbQuery, Language, LineInput, LinkInput, MergeInput, NewProfile, Paths, QueueQuery,
    QueueSortDto, SaveViewInput, SearchQuery, SeenTicket, StatusInput, SuggestQuery,
    TicketEditInput, TicketInput,
};
use sb_i18n::{msg, Lang};
use serde::Serialize;

#[derive(Parser, Debug)]
#[command(name = "sb", version)]
struct Cli {
    #[arg(long, global = true, env = "SB_DB")]
    db: Option<String>,
    #[arg(long, global = true, env = "SB_DB_CA_FILE")]
    ca_file: Option<String>,
    #[arg(long, global = true)]
    json: bool,
    /// Read before the parse (`help::asked_language`), so that help is worded in it; parsed here
    /// so that `--help` lists it and a language Switchboard does not speak is refused.
    #[arg(long, global = true, env = "SB_LANG", value_parser = print::parse_lang)]
    #[allow(dead_code)]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    Status,
    #[command(subcommand)]
    Profile(ProfileCommand),
    Users {
        #[command(subcommand)]
        what: Option<UsersCommand>,
    },
    Directions,
    Demo,
    Changes {
        #[arg(long)]
        count: Option<usize>,
    },
    #[command(subcommand)]
    Client(ClientCommand),
    #[command(subcommand)]
    Ticket(TicketCommand),
    #[command(subcommand)]
    Kb(KbCommand),
    Suggest {
        #[arg(required = true)]
        words: Vec<String>,
    },
    #[command(subcommand)]
    View(ViewCommand),
    Search {
        #[arg(required = true)]
        words: Vec<String>,
        #[arg(long)]
        cursor: Option<String>,
        #[arg(long)]
        limit: Option<i64>,
    },
    #[command(subcommand)]
    Database(DatabaseCommand),
    Language {
        language: Option<String>,
    },
    #[command(subcommand)]
    Mailbox(email::MailboxCommand),
    #[command(subcommand)]
    Mail(email::MailCommand),
    #[command(subcommand)]
    Outbox(email::OutboxCommand),
    #[command(subcommand)]
    Limits(email::LimitsCommand),

    #[command(subcommand)]
    Monitoring(monitoring::MonitoringCommand),

    #[command(subcommand)]
    Package(ledger::PackageCommand),
    #[command(subcommand)]
    Time(ledger::TimeCommand),
    #[command(subcommand)]
    Hours(ledger::HoursCommand),
    Report(ledger::ReportArgs),
    #[command(subcommand)]
    Rule(routing::RuleCommand),
    #[command(subcommand)]
    Sla(sla::SlaCommand),
    #[command(subcommand)]
    Notices(notices::NoticesCommand),
    #[command(subcommand)]
    Vendor(vendors::VendorCommand),
    Backup {
        file: String,
        #[arg(long)]
        force: bool,
    },
    Background {
        state: Option<String>,
    },
    Worker {
        #[command(subcommand)]
        what: Option<WorkerCommand>,
    },
    #[command(subcommand)]
    Workspace(WorkspaceCommand),
    #[command(subcommand)]
    Team(team::TeamCommand),
    Restore {
        file: String,
    },
}

#[derive(Subcommand, Debug)]
enum WorkspaceCommand {
    Move {
        #[arg(long)]
        to: String,
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Subcommand, Debug)]
enum ProfileCommand {
    Create {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "engineer")]
        role: Role,
    },
    Use {
        user_id: i64,
    },
}

#[derive(Subcommand, Debug)]
enum KbCommand {
    List {
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        cursor: Option<String>,
    },
    Show {
        id: i64,
    },
    Add(ArticleArgs),
    Edit {
        id: i64,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        problem: Option<String>,
        #[arg(long)]
        fix: Option<String>,
        #[arg(long)]
        direction: Option<String>,
        #[arg(long)]
        tags: Option<String>,
    },
    FromTicket {
        ticket: String,
        #[arg(long)]
        save: bool,
    },
}

#[derive(Args, Debug)]
struct ArticleArgs {
    #[arg(long)]
    title: String,
    #[arg(long)]
    problem: String,
    #[arg(long)]
    fix: String,
    #[arg(long)]
    direction: Option<String>,
    #[arg(long, default_value = "")]
    tags: String,
}

#[derive(Subcommand, Debug)]
enum ViewCommand {
    List,
    Save {
        #[arg(long)]
        name: String,
        #[command(flatten)]
        filter: QueueFilterArgs,
    },
    Delete {
        id: i64,
    },
}

/// The queue filters, shared by `ticket list` and `view save`.
#[derive(Args, Debug, Default)]
struct QueueFilterArgs {
    #[arg(long)]
    status: Option<String>,
    #[arg(long)]
    client: Option<String>,
    #[arg(long)]
    direction: Option<String>,
    #[arg(long)]
    assignee: Option<String>,
    #[arg(long)]
    line: Option<Line>,
    #[arg(long)]
    channel: Option<Channel>,
    #[arg(long)]
    queue: Option<String>,
    #[arg(long = "due-within", value_name = "MINUTES")]
    due_within: Option<i64>,
    #[arg(long)]
    breached: bool,
    #[arg(long, default_value = "updated")]
    sort: String,
}

#[derive(Subcommand, Debug)]
enum DatabaseCommand {
    Show,
    Set {
        database: String,
        #[arg(long)]
        password_stdin: bool,
    },
    Default,
}

#[derive(Subcommand, Debug)]
enum ClientCommand {
    List {
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        cursor: Option<String>,
        #[arg(long)]
        limit: Option<i64>,
    },
    Show {
        client: String,
    },
    Create(ClientFields),
    Edit {
        client: String,
        #[command(flatten)]
        fields: ClientEdit,
    },
    Notices(notices::ClientNoticesArgs),
    #[command(subcommand)]
    Template(notices::TemplateCommand),
}

#[derive(Args, Debug)]
struct ClientFields {
    #[arg(long)]
    code: String,
    #[arg(long)]
    name: String,
    #[arg(long)]
    notes: Option<String>,
    #[arg(long = "contact")]
    contacts: Vec<String>,
    #[arg(long)]
    language: Option<notices::Language>,
}

#[derive(Args, Debug)]
struct ClientEdit {
    #[arg(long)]
    code: Option<String>,
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    notes: Option<String>,
    #[arg(long = "contact")]
    contacts: Vec<String>,
    #[arg(long, conflicts_with = "contacts")]
    clear_contacts: bool,
    #[arg(long)]
    language: Option<String>,
}

#[derive(Subcommand, Debug)]
enum TicketCommand {
    Create {
        #[arg(long)]
        client: String,
        #[arg(long)]
        direction: String,
        #[arg(long)]
        subject: String,
        #[arg(long, default_value = "")]
        description: String,
        #[arg(long, default_value = "medium")]
        impact: Level,
        #[arg(long, default_value = "medium")]
        urgency: Level,
        #[arg(long, default_value = "desktop")]
        channel: Channel,
        #[arg(long)]
        contact: Option<String>,
    },
    Edit {
        ticket: String,
        #[arg(long)]
        client: Option<String>,
        #[arg(long)]
        direction: Option<String>,
        #[arg(long)]
        impact: Option<Level>,
        #[arg(long)]
        urgency: Option<Level>,
        #[arg(long)]
        subject: Option<String>,
        #[arg(long)]
        description: Option<String>,
        #[arg(long)]
        reroute: bool,
        #[arg(long = "if-version", value_name = "N")]
        if_version: Option<i64>,
    },
    Bulk {
        #[arg(required = true)]
        tickets: Vec<String>,
        #[arg(long, group = "change")]
        assign: Option<String>,
        #[arg(long, group = "change")]
        status: Option<Status>,
        #[arg(long, group = "change", requires = "urgency")]
        impact: Option<Level>,
        #[arg(long, requires = "impact")]
        urgency: Option<Level>,
        #[arg(long, group = "change")]
        direction: Option<String>,
        #[arg(long, group = "change")]
        line: Option<Line>,
        #[arg(long)]
        note: Option<String>,
    },
    List {
        #[command(flatten)]
        filter: QueueFilterArgs,
        #[arg(long)]
        view: Option<String>,
        #[arg(long)]
        cursor: Option<String>,
        #[arg(long)]
        limit: Option<i64>,
    },
    Show {
        ticket: String,
    },
    Comment {
        ticket: String,
        #[arg(long)]
        body: String,
        #[arg(long)]
        internal: bool,
        #[arg(long = "to", value_name = "client|vendor|both")]
        to: Option<sb_app::Audience>,
    },
    Status {
        ticket: String,
        status: Status,
        #[arg(long)]
        note: Option<String>,
        #[arg(long = "if-version", value_name = "N")]
        if_version: Option<i64>,
    },
    Assign {
        ticket: String,
        assignee: String,
        #[arg(long = "if-version", value_name = "N")]
        if_version: Option<i64>,
    },
    Take {
        ticket: String,
        #[arg(long = "if-version", value_name = "N")]
        if_version: Option<i64>,
    },
    Merge {
        ticket: String,
        #[arg(long)]
        into: String,
        #[arg(long)]
        note: Option<String>,
        #[arg(long = "if-version", value_name = "N")]
        if_version: Option<i64>,
    },
    Link {
        ticket: String,
        related: String,
        #[arg(long = "if-version", value_name = "N")]
        if_version: Option<i64>,
    },
    Unlink {
        ticket: String,
        related: String,
        #[arg(long = "if-version", value_name = "N")]
        if_version: Option<i64>,
    },
    Line {
        ticket: String,
        line: Line,
        #[arg(long)]
        note: Option<String>,
        #[arg(long = "if-version", value_name = "N")]
        if_version: Option<i64>,
    },
}

/// A file that could not be written, for `field`.
pub(crate) fn cannot_write(field: &str, path: &std::path::Path, e: std::io::Error) -> ApiError {
    let path = path.display().to_string();
    ApiError::invalid_said(
        field,
        msg!("cli-cannot-write", path = path, error = e.to_string()),
    )
}

/// A file that could not be read, for `field`.
pub(crate) fn cannot_read(field: &str, path: &std::path::Path, e: std::io::Error) -> ApiError {
    let path = path.display().to_string();
    ApiError::invalid_said(
        field,
        msg!("cli-cannot-read", path = path, error = e.to_string()),
    )
}

/// The first line of stdin, for a secret that must not be on the command line.
fn first_line_of_stdin(field: &str) -> ApiResult<String> {
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).map_err(|e| {
        ApiError::invalid_said(field, msg!("cli-cannot-read-stdin", error = e.to_string()))
    })?;
    let line = line.trim_end_matches(['\r', '\n']).to_string();
    if line.is_empty() {
        return Err(ApiError::invalid_said(
            field,
            msg!("cli-stdin-empty-password"),
        ));
    }
    Ok(line)
}

/// A client's contact as typed: its id, email address or name (letter case aside).
fn contact_of(client: &ClientDto, text: &str) -> ApiResult<i64> {
    let text = text.trim();
    client
        .contacts
        .iter()
        .find(|c| {
            c.id.to_string() == text
                || c.email
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(text))
                || c.name.to_lowercase() == text.to_lowercase()
        })
        .map(|c| c.id)
        .ok_or_else(|| {
            ApiError::invalid_said(
                "contact",
                msg!(
                    "cli-no-such-contact",
                    client = &client.name,
                    text = text,
                    code = &client.code
                ),
            )
        })
}

#[derive(Subcommand, Debug)]
enum UsersCommand {
    Line {
        user_id: i64,
        #[arg(value_parser = team::person_line)]
        line: team::PersonLine,
    },
}

#[derive(Subcommand, Debug)]
enum WorkerCommand {
    Status,
}

/// `sb worker`: the background work until SIGTERM or Ctrl-C; then each unit finishes its round
/// and lets go of its lease, so another process takes over at once.
async fn worker(app: App) -> ApiResult<()> {
    use tokio::signal::unix::{signal, SignalKind};
    let app = std::sync::Arc::new(app);
    app.set_process_name("sb worker");
    let (stop_tx, stop) = tokio::sync::watch::channel(false);
    let mut term = signal(SignalKind::terminate()).map_err(|e| {
        ApiError::said(
            ErrorCode::Internal,
            msg!("cli-sigterm", error = e.to_string()),
        )
    })?;
    let work = tokio::spawn(app.clone().run_background_work(stop));
    let status = app.work_status().await?;
    let runs = msg!(
        "cli-worker-runs",
        process = &status.this_process,
        units = status.units.len()
    );
    eprintln!("{}", print::say(&runs));
    tokio::select! {
        _ = term.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    eprintln!("{}", print::say(&msg!("cli-worker-stopping")));
    if stop_tx.send(true).is_err() {
        // Only when the background work ended by itself, which the wait below reports.
        eprintln!("{}", print::say(&msg!("cli-worker-ended")));
    }
    work.await.map_err(|e| {
        ApiError::said(
            ErrorCode::Internal,
            msg!("cli-background-crashed", error = e.to_string()),
        )
    })?;
    eprintln!("{}", print::say(&msg!("cli-worker-stopped")));
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // Everything `sb` says, help and parse errors included, is worded in one language chosen
    // before clap parses: the one asked for on the command line, else the desk's, else the
    // locale's.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = print::first_language(help::asked_language(&args));
    // The value parsers word their refusals in it too.
    print::set_language(lang);
    let mut command = help::command(Cli::command(), lang);
    let cli = command
        .try_get_matches_from_mut(args)
        .and_then(|m| Cli::from_arg_matches(&m))
        .unwrap_or_else(|e| help::exit(e, lang));
    // What a command's background work does wrong goes to the same log as the window's.
    let _log = Paths::from_env()
        .ok()
        .and_then(|p| sb_app::start_log(&p, "sb"));
    let json = cli.json;
    if let Err(e) = run(cli).await {
        if json {
            eprintln!("{}", serde_json::to_string(&e).expect("error serializes"));
        } else {
            let lang = print::language();
            eprintln!("{}", msg!("cli-error", text = e.text(lang)).render(lang));
        }
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> ApiResult<()> {
    // With `database set`, --ca-file is the new server's, not the open one's.
    let setting = matches!(
        cli.command,
        Command::Database(DatabaseCommand::Set { .. })
            | Command::Workspace(WorkspaceCommand::Move { .. })
    );
    if let Command::Restore { file } = &cli.command {
        return backup::restore(cli.db.as_deref(), &Output { json: cli.json }, file).await;
    }
    if let Command::Team(team::TeamCommand::Upgrade { backup }) = &cli.command {
        let out = Output { json: cli.json };
        return team::upgrade(cli.db.as_deref(), cli.ca_file.as_deref(), &out, backup).await;
    }
    if let Command::Team(team::TeamCommand::Init {
        password_stdin: true,
    }) = &cli.command
    {
        let password = first_line_of_stdin("password")?;
        App::remember_password(
            &Paths::from_env()?,
            cli.db.as_deref(),
            cli.ca_file.as_deref(),
            &password,
        )?;
    }
    let app = App::open_verified(
        Paths::from_env()?,
        cli.db.as_deref(),
        cli.ca_file.as_deref().filter(|_| !setting),
    )
    .await?;
    let out = Output { json: cli.json };
    match cli.command {
        Command::Status => out.show(&app.setup_state().await?, print::setup),
        Command::Profile(ProfileCommand::Create { name, role }) => out.show(
            &app.create_profile(NewProfile { name, role }).await?,
            print::user,
        ),
        Command::Profile(ProfileCommand::Use { user_id }) => {
            out.show(&app.use_profile(user_id).await?, print::user)
        }
        Command::Users { what: None } => out.show(&app.users().await?, |u| print::users(u)),
        Command::Users {
            what: Some(UsersCommand::Line { user_id, line }),
        } => out.show(&app.set_user_line(user_id, line.0).await?, print::user),
        Command::Directions => out.show(&app.directions().await?, |d| d.join("\n")),
        Command::Demo => out.show(&app.load_demo().await?, print::setup),
        Command::Changes { count } => live::watch(&app, out.json, count).await,
        Command::Database(DatabaseCommand::Show) => {
            out.show(&app.setup_state().await?, print::setup)
        }
        Command::Database(DatabaseCommand::Set {
            database,
            password_stdin,
        }) => {
            let password = if password_stdin {
                Some(first_line_of_stdin("password")?)
            } else {
                None
            };
            let choice = DatabaseChoice {
                database: Some(database),
                ca_file: cli.ca_file,
                password,
            };
            out.show(&app.set_database(choice).await?, print::setup)
        }
        Command::Database(DatabaseCommand::Default) => out.show(
            &app.set_database(DatabaseChoice::default()).await?,
            print::setup,
        ),
        Command::View(v) => view(&app, &out, v).await,
        Command::Kb(k) => kb(&app, &out, k).await,
        Command::Suggest { words } => {
            let query = SuggestQuery {
                text: words.join(" "),
                except_ticket_id: None,
            };
            out.show(&app.suggest(query).await?, print::suggestions)
        }
        Command::Search {
            words,
            cursor,
            limit,
        } => {
            let query = SearchQuery {
                text: words.join(" "),
                cursor,
                limit,
            };
            out.show(&app.search(query).await?, print::search)
        }
        Command::Mailbox(c) => email::mailbox(&app, &out, c).await,
        Command::Mail(c) => email::mail(&app, &out, c).await,
        Command::Limits(c) => email::limits(&app, &out, c).await,
        Command::Outbox(c) => email::outbox(&app, &out, c).await,
        Command::Client(c) => client(&app, &out, c).await,
        Command::Ticket(t) => ticket(&app, &out, t).await,
        Command::Monitoring(m) => monitoring::monitoring(&app, &out, m).await,
        Command::Package(c) => ledger::package(&app, &out, c).await,
        Command::Time(c) => ledger::time(&app, &out, c).await,
        Command::Hours(c) => ledger::hours_view(&app, &out, c).await,
        Command::Report(r) => ledger::report(&app, &out, r).await,
        Command::Rule(c) => routing::rule(&app, &out, c).await,
        Command::Sla(c) => sla::sla(&app, &out, c).await,
        Command::Notices(c) => notices::notices(&app, &out, c).await,
        Command::Vendor(c) => vendors::vendor(&app, &out, c).await,
        Command::Team(c) => team::team(&app, &out, c).await,
        Command::Worker { what: None } => worker(app).await,
        Command::Worker {
            what: Some(WorkerCommand::Status),
        } => {
            let status = app.work_status().await?;
            out.show(&status, print::work_status)
        }
        Command::Background { state } => {
            let state = match state.as_deref().map(str::trim) {
                None => app.setup_state().await?,
                Some("on") => app.set_background_work(true).await?,
                Some("off") => app.set_background_work(false).await?,
                Some(other) => {
                    return Err(ApiError::invalid_said(
                        "state",
                        msg!("cli-unknown-state", text = other),
                    ))
                }
            };
            out.show(&state, |s| {
                let on = if s.background_work { "yes" } else { "no" };
                print::say(&msg!("cli-background", on = on))
            })
        }
        Command::Workspace(WorkspaceCommand::Move { to, password_stdin }) => {
            let password = if password_stdin {
                Some(first_line_of_stdin("password")?)
            } else {
                None
            };
            let choice = DatabaseChoice {
                database: Some(to),
                ca_file: cli.ca_file,
                password,
            };
            out.show(&app.move_workspace(choice).await?, |d| {
                let moved = msg!(
                    "cli-moved",
                    rows = d.rows,
                    database = &d.database,
                    secrets = d.secrets
                );
                let mut tables = print::Table::new(&[
                    ("cli-col-table", 24, false),
                    ("cli-col-rows", 8, true),
                    ("cli-col-checksum", 0, false),
                ]);
                for t in d.tables.iter().filter(|t| t.rows > 0) {
                    tables.row(vec![
                        t.table.clone(),
                        t.rows.to_string(),
                        t.checksum.clone(),
                    ]);
                }
                if d.tables.iter().any(|t| t.rows > 0) {
                    format!("{}\n\n{}", print::say(&moved), tables.render())
                } else {
                    print::say(&moved)
                }
            })
        }
        Command::Backup { file, force } => backup::backup(&app, &out, &file, force).await,
        Command::Restore { .. } => unreachable!("restore runs before the workspace opens"),
        Command::Language { language: None } => out.show(&app.language(), print::word),
        Command::Language { language: Some(l) } => {
            let language = match l.trim() {
                "en" => Language::En,
                "ru" => Language::Ru,
                other => {
                    return Err(ApiError::invalid_said(
                        "language",
                        msg!("cli-unknown-language", text = other),
                    ))
                }
            };
            out.show(&app.set_language(language)?, print::word)
        }
    }
}

async fn client(app: &App, out: &Output, c: ClientCommand) -> ApiResult<()> {
    match c {
        ClientCommand::List {
            search,
            cursor,
            limit,
        } => out.show(
            &app.clients(ClientQuery {
                search,
                cursor,
                limit,
            })
            .await?,
            print::clients,
        ),
        ClientCommand::Show { client } => {
            out.show(&app.client_by_ref(&client).await?, print::client)
        }
        ClientCommand::Create(f) => {
            let input = ClientInput {
                language: f.language.map(Into::into),
                code: f.code,
                name: f.name,
                notes: f.notes,
                contacts: contacts(&f.contacts)?,
            };
            out.show(&app.create_client(input).await?, print::client)
        }
        ClientCommand::Edit { client, fields } => {
            let old = app.client_by_ref(&client).await?;
            let contacts = if fields.clear_contacts {
                Vec::new()
            } else if fields.contacts.is_empty() {
                old.contacts.iter().map(ContactInput::from).collect()
            } else {
                contacts(&fields.contacts)?
            };
            let language = match fields.language.as_deref().map(str::trim) {
                None => old.language,
                Some("default") => None,
                Some(word) => Some(word.parse().map_err(|_| {
                    ApiError::invalid_said("language", msg!("cli-not-language", text = word))
                })?),
            };
            let input = ClientInput {
                language,
                code: fields.code.unwrap_or(old.code),
                name: fields.name.unwrap_or(old.name),
                notes: fields.notes.or(old.notes),
                contacts,
            };
            out.show(&app.update_client(old.id, input).await?, print::client)
        }
        ClientCommand::Notices(a) => notices::client_notices(app, out, a).await,
        ClientCommand::Template(c) => notices::template(app, out, c).await,
    }
}

async fn ticket(app: &App, out: &Output, t: TicketCommand) -> ApiResult<()> {
    match t {
        TicketCommand::Create {
            client,
            direction,
            subject,
            description,
            impact,
            urgency,
            channel,
            contact,
        } => {
            let client = app.client_by_ref(&client).await?;
            let contact_id = contact
                .as_deref()
                .map(|c| contact_of(&client, c))
                .transpose()?;
            let input = TicketInput {
                client_id: client.id,
                direction,
                subject,
                description,
                impact,
                urgency,
                channel,
                contact_id,
            };
            out.show(&app.create_ticket(input).await?, print::ticket)
        }
        TicketCommand::Edit {
            ticket,
            client,
            direction,
            impact,
            urgency,
            subject,
            description,
            reroute,
            if_version,
        } => {
            let ticket_id = App::ticket_ref(&ticket)?;
            let client_id = match client {
                Some(c) => Some(app.client_by_ref(&c).await?.id),
                None => None,
            };
            let input = TicketEditInput {
                ticket_id,
                version: seen_version(app, ticket_id, if_version).await?,
                client_id,
                direction,
                impact,
                urgency,
                subject,
                description,
                reroute,
            };
            out.show(&app.edit_ticket(input).await?, print::ticket)
        }
        TicketCommand::Bulk {
            tickets,
            assign,
            status,
            impact,
            urgency,
            direction,
            line,
            note,
        } => {
            let change = match (assign, status, impact.zip(urgency), direction, line) {
                (Some(a), ..) => BulkChange::Assign {
                    assignee_id: match a.trim() {
                        "none" => None,
                        a => Some(user_ref(app, a).await?),
                    },
                },
                (_, Some(to), ..) => BulkChange::Status { to, note },
                (_, _, Some((impact, urgency)), ..) => BulkChange::Priority { impact, urgency },
                (.., Some(direction), _) => BulkChange::Direction { direction },
                (.., Some(line)) => BulkChange::Line { line, note },
                _ => return Err(ApiError::invalid_said("change", msg!("cli-bulk-what"))),
            };
            let mut seen = Vec::new();
            for t in &tickets {
                let ticket_id = App::ticket_ref(t)?;
                seen.push(SeenTicket {
                    ticket_id,
                    version: seen_version(app, ticket_id, None).await?,
                });
            }
            let report = app
                .bulk_change(BulkInput {
                    tickets: seen,
                    change,
                })
                .await?;
            out.show(&report, print::bulk)
        }
        TicketCommand::List {
            filter,
            view,
            cursor,
            limit,
        } => {
            let base = match view {
                Some(v) => app.view_query(&v).await?,
                None => QueueQuery::default(),
            };
            let query = QueueQuery {
                cursor,
                limit,
                ..queue_query(app, filter, base).await?
            };
            out.show(&app.queue(query).await?, print::queue)
        }
        TicketCommand::Show { ticket } => {
            let id = App::ticket_ref(&ticket)?;
            let shown = print::CardShown {
                card: app.card(id).await?,
                routing: app.ticket_routing(id).await?,
            };
            out.show(&shown, print::card_shown)
        }
        TicketCommand::Comment {
            ticket,
            body,
            internal,
            to,
        } => {
            let visibility = if internal {
                Visibility::Internal
            } else {
                Visibility::Public
            };
            let input = CommentInput {
                ticket_id: App::ticket_ref(&ticket)?,
                body,
                visibility,
            };
            out.show(&app.add_comment_to(input, to).await?, print::comment)
        }
        TicketCommand::Status {
            ticket,
            status,
            note,
            if_version,
        } => {
            let ticket_id = App::ticket_ref(&ticket)?;
            let input = StatusInput {
                ticket_id,
                to: status,
                note,
                version: seen_version(app, ticket_id, if_version).await?,
            };
            out.show(&app.change_status(input).await?, print::ticket)
        }
        TicketCommand::Assign {
            ticket,
            assignee,
            if_version,
        } => {
            let assignee_id = match assignee.trim() {
                "none" => None,
                a => Some(user_ref(app, a).await?),
            };
            let ticket_id = App::ticket_ref(&ticket)?;
            let input = AssignInput {
                ticket_id,
                assignee_id,
                version: seen_version(app, ticket_id, if_version).await?,
            };
            out.show(&app.assign(input).await?, print::ticket)
        }
        TicketCommand::Take { ticket, if_version } => {
            let ticket_id = App::ticket_ref(&ticket)?;
            let version = seen_version(app, ticket_id, if_version).await?;
            out.show(&app.take(ticket_id, version).await?, print::ticket)
        }
        TicketCommand::Merge {
            ticket,
            into,
            note,
            if_version,
        } => {
            let ticket_id = App::ticket_ref(&ticket)?;
            let input = MergeInput {
                ticket_id,
                into,
                note,
                version: seen_version(app, ticket_id, if_version).await?,
            };
            out.show(&app.merge(input).await?, print::ticket)
        }
        TicketCommand::Link {
            ticket,
            related,
            if_version,
        } => {
            let ticket_id = App::ticket_ref(&ticket)?;
            let input = LinkInput {
                ticket_id,
                related,
                version: seen_version(app, ticket_id, if_version).await?,
            };
            out.show(&app.link(input, true).await?, print::card)
        }
        TicketCommand::Unlink {
            ticket,
            related,
            if_version,
        } => {
            let ticket_id = App::ticket_ref(&ticket)?;
            let input = LinkInput {
                ticket_id,
                related,
                version: seen_version(app, ticket_id, if_version).await?,
            };
            out.show(&app.link(input, false).await?, print::card)
        }
        TicketCommand::Line {
            ticket,
            line,
            note,
            if_version,
        } => {
            let ticket_id = App::ticket_ref(&ticket)?;
            let input = LineInput {
                ticket_id,
                line,
                note,
                version: seen_version(app, ticket_id, if_version).await?,
            };
            out.show(&app.set_line(input).await?, print::ticket)
        }
    }
}

/// The version a change is made on: the one the person saw (`--if-version`, from `sb ticket
/// show`), or else the one read just now.
async fn seen_version(app: &App, ticket_id: i64, if_version: Option<i64>) -> ApiResult<i64> {
    match if_version {
        Some(v) => Ok(v),
        None => Ok(app.ticket(ticket_id).await?.version),
    }
}

/// The query for `filter`, on top of `base` (a view's): given filters replace the view's.
async fn queue_query(app: &App, f: QueueFilterArgs, base: QueueQuery) -> ApiResult<QueueQuery> {
    let statuses = match f.status.as_deref().map(str::trim) {
        None => base.statuses,
        Some("") | Some("all") => Vec::new(),
        Some("active") => Status::ALL
            .iter()
            .copied()
            .filter(|s| s.is_active())
            .collect(),
        Some(list) => list
            .split(',')
            .map(|s| s.parse::<Status>())
            .collect::<Result<Vec<_>, _>>()?,
    };
    let client_id = match f.client {
        Some(c) => Some(app.client_by_ref(&c).await?.id),
        None => base.client_id,
    };
    let (assignee_id, unassigned) = match f.assignee.as_deref().map(str::trim) {
        None => (base.assignee_id, base.unassigned),
        Some("none") => (None, true),
        Some(a) => (Some(user_ref(app, a).await?), false),
    };
    let sort = match f.sort.trim() {
        "updated" => base.sort,
        "priority" => QueueSortDto::Priority,
        "due" => QueueSortDto::Due,
        other => {
            return Err(ApiError::invalid_said(
                "sort",
                msg!("cli-unknown-sort", text = other),
            ))
        }
    };
    Ok(QueueQuery {
        statuses,
        client_id,
        direction: f.direction.or(base.direction),
        assignee_id,
        unassigned,
        line: f.line.or(base.line),
        channel: f.channel.or(base.channel),
        queue: f.queue.or(base.queue),
        due_within_minutes: f.due_within.or(base.due_within_minutes),
        breached: if f.breached {
            Some(true)
        } else {
            base.breached
        },
        sort,
        cursor: None,
        limit: None,
    })
}

async fn kb(app: &App, out: &Output, k: KbCommand) -> ApiResult<()> {
    match k {
        KbCommand::List { search, cursor } => out.show(
            &app.kb_articles(KbQuery { search, cursor }).await?,
            print::kb_page,
        ),
        KbCommand::Show { id } => out.show(&app.kb_article(id).await?, print::article),
        KbCommand::Add(a) => {
            let input = ArticleInput {
                title: a.title,
                problem: a.problem,
                fix: a.fix,
                direction: a.direction,
                tags: a.tags,
                source_ticket_id: None,
            };
            out.show(&app.create_article(input).await?, print::article)
        }
        KbCommand::Edit {
            id,
            title,
            problem,
            fix,
            direction,
            tags,
        } => {
            let old = app.kb_article(id).await?;
            let input = ArticleInput {
                title: title.unwrap_or(old.title),
                problem: problem.unwrap_or(old.problem),
                fix: fix.unwrap_or(old.fix),
                direction: direction.or(old.direction),
                tags: tags.unwrap_or_else(|| old.tags.join(" ")),
                source_ticket_id: old.source_ticket_id,
            };
            let update = ArticleUpdate {
                id,
                seen_updated_at: old.updated_at,
                input,
            };
            out.show(&app.update_article(update).await?, print::article)
        }
        KbCommand::FromTicket { ticket, save } => {
            let draft = app.article_draft(App::ticket_ref(&ticket)?).await?;
            if save {
                out.show(&app.create_article(draft).await?, print::article)
            } else {
                out.show(&draft, |d| {
                    format!(
                        "{}\n\n{}\n{}\n\n{}\n{}",
                        d.title,
                        print::say(&msg!("cli-article-problem")),
                        d.problem,
                        print::say(&msg!("cli-article-fix")),
                        d.fix
                    )
                })
            }
        }
    }
}

async fn view(app: &App, out: &Output, v: ViewCommand) -> ApiResult<()> {
    match v {
        ViewCommand::List => out.show(&app.queue_views().await?, |v| print::views(v)),
        ViewCommand::Save { name, filter } => {
            let query = queue_query(app, filter, QueueQuery::default()).await?;
            out.show(&app.save_view(SaveViewInput { name, query }).await?, |v| {
                print::views(std::slice::from_ref(v))
            })
        }
        ViewCommand::Delete { id } => {
            app.delete_view(id).await?;
            out.show(&serde_json::json!({ "deleted": id }), |_| {
                print::say(&msg!("cli-view-deleted", id = id.to_string()))
            })
        }
    }
}

/// "me" or a numeric user id.
async fn user_ref(app: &App, text: &str) -> ApiResult<i64> {
    if text == "me" {
        return app
            .setup_state()
            .await?
            .profile
            .map(|p| p.id)
            .ok_or_else(|| ApiError::invalid_said("assignee", msg!("cli-no-profile")));
    }
    text.parse::<i64>()
        .map_err(|_| ApiError::invalid_said("assignee", msg!("cli-not-user-id", text = text)))
}

/// Parses repeated `--contact "Name;email;phone"`.
fn contacts(raw: &[String]) -> ApiResult<Vec<ContactInput>> {
    raw.iter()
        .map(|c| {
            let mut parts = c.split(';').map(str::trim);
            let name = parts.next().unwrap_or("").to_string();
            let email = parts.next().filter(|s| !s.is_empty()).map(String::from);
            let phone = parts.next().filter(|s| !s.is_empty()).map(String::from);
            if parts.next().is_some() {
                return Err(ApiError::invalid_said(
                    "contact",
                    msg!("cli-contact-parts", text = c),
                ));
            }
            Ok(ContactInput { name, email, phone })
        })
        .collect()
}

struct Output {
    json: bool,
}

impl Output {
    fn show<T: Serialize>(&self, value: &T, text: impl FnOnce(&T) -> String) -> ApiResult<()> {
        if self.json {
            println!(
                "{}",
                serde_json::to_string_pretty(value).expect("DTOs serialize")
            );
        } else {
            println!("{}", text(value));
        }
        Ok(())
    }
}

/// `sb hours notices` and `sb sla notices`: a person's notices, newest first; `--new` takes
/// those not shown yet, marking them shown (as the window does).
#[derive(Args, Debug)]
pub struct DeskNotices {
    #[arg(long)]
    new: bool,
    #[arg(long, default_value_t = 50)]
    limit: i64,
}

impl DeskNotices {
    /// Takes (`--new`) or lists (`--limit`) the notices and prints them a line each, or the
    /// sentence `none` when there are none.
    async fn show<T, Taken, Listed>(
        self,
        out: &Output,
        take: impl FnOnce() -> Taken,
        list: impl FnOnce(i64) -> Listed,
        none: sb_i18n::Msg,
        line: impl FnMut(&T) -> String,
    ) -> ApiResult<()>
    where
        T: Serialize,
        Taken: std::future::Future<Output = ApiResult<Vec<T>>>,
        Listed: std::future::Future<Output = ApiResult<Vec<T>>>,
    {
        let notices = if self.new {
            take().await?
        } else {
            list(self.limit).await?
        };
        out.show(&notices, |n| print::lines(n, none, line))
    }
}
