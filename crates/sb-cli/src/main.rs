//! `sb`: every operation of the window, without one. Thin: parse, call `sb-app`, print.
//!
//! Architecture Invariant: no business rule here; what the window can do, `sb` can do, through
//! the same `sb_app::App` calls.

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
#[command(
    name = "sb",
    version,
    about = "Switchboard service desk from the command line"
)]
struct Cli {
    /// Database: a SQLite file path or a postgres:// URL. Default: the file the app uses.
    #[arg(long, global = true, env = "SB_DB")]
    db: Option<String>,
    /// The company CA certificate file (PEM) that signs the PostgreSQL server's certificate:
    /// the --db server's, or with `database set`, the server being set. The password comes
    /// from the OS keychain (`database set --password-stdin`) or ~/.pgpass, never the URL.
    #[arg(long, global = true, env = "SB_DB_CA_FILE")]
    ca_file: Option<String>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    /// The language of what is printed: en or ru. Default: the language chosen for the window
    /// on this desktop (`sb language`), else the locale (LANG).
    #[arg(long, global = true, env = "SB_LANG", value_parser = print::parse_lang)]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Where the data is, who you are, whether the workspace is empty.
    Status,
    /// Your profile on this desktop.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Everyone in the workspace, with the line each works; `sb users line` sets it.
    Users {
        #[command(subcommand)]
        what: Option<UsersCommand>,
    },
    /// The kinds of work tickets are sorted into.
    Directions,
    /// Fill an empty workspace with demo clients and tickets.
    Demo,
    /// Watch the workspace: print each change as it is committed, by this desk or any other
    /// (one JSON object a line with --json).
    Changes {
        /// Stop after this many changes.
        #[arg(long)]
        count: Option<usize>,
    },
    /// Clients and their contacts.
    #[command(subcommand)]
    Client(ClientCommand),
    /// Tickets: create, list the queue, show a card, comment, change status, assign, escalate.
    #[command(subcommand)]
    Ticket(TicketCommand),
    /// The knowledge base: known problems and their fixes.
    #[command(subcommand)]
    Kb(KbCommand),
    /// Resolved tickets and articles about the same problem as this text.
    Suggest {
        #[arg(required = true)]
        words: Vec<String>,
    },
    /// Queue views: the built-in ones and yours, with their counts.
    #[command(subcommand)]
    View(ViewCommand),
    /// Full-text search over tickets and comments, newest first.
    Search {
        /// Words to look for (any language); each matches as a word prefix.
        #[arg(required = true)]
        words: Vec<String>,
        #[arg(long)]
        cursor: Option<String>,
        #[arg(long)]
        limit: Option<i64>,
    },
    /// The database this desktop opens: show it, or choose another for the next start.
    #[command(subcommand)]
    Database(DatabaseCommand),
    /// Show or set the interface language of the window (en, ru).
    Language { language: Option<String> },
    /// Mailboxes of the email channel: add, list, edit, remove, test, poll.
    #[command(subcommand)]
    Mailbox(email::MailboxCommand),
    /// Received mail waiting for a person: unknown senders (triage) and unreadable messages.
    #[command(subcommand)]
    Mail(email::MailCommand),
    /// Outgoing email replies: list, retry a dead letter, deliver now.
    #[command(subcommand)]
    Outbox(email::OutboxCommand),
    /// The workspace's limits on what strangers send (mail and file sizes, headers, MIME parts
    /// and depth, text, HTML nesting, vendor answers): show them, or set one.
    #[command(subcommand)]
    Limits(email::LimitsCommand),

    /// The monitoring channel: Alertmanager sources, polls, unmatched alerts.
    #[command(subcommand)]
    Monitoring(monitoring::MonitoringCommand),

    /// Support-hours packages: list, show, create, edit, renew, close.
    #[command(subcommand)]
    Package(ledger::PackageCommand),
    /// Time on tickets: log (or preview), list, edit, delete, adjust, approve, invoice, timers.
    #[command(subcommand)]
    Time(ledger::TimeCommand),
    /// The account manager's views: a client's dashboard, the portfolio, a client's entries.
    #[command(subcommand)]
    Hours(ledger::HoursCommand),
    /// A client's support-hours statement for a period, as PDF or CSV.
    Report(ledger::ReportArgs),
    /// Routing rules: list, add, edit, delete, order, business hours, route a ticket, why,
    /// dry run.
    #[command(subcommand)]
    Rule(routing::RuleCommand),
    /// Client SLAs: working calendars, policies (the default and per client contract), a
    /// ticket's clocks.
    #[command(subcommand)]
    Sla(sla::SlaCommand),
    /// What clients are told automatically: the workspace's defaults (language, switches,
    /// working days before the reminder and the close), and a sweep of waiting tickets now.
    #[command(subcommand)]
    Notices(notices::NoticesCommand),
    /// Vendors and their cases: kinds, list, add, edit, test, escalate a ticket, its cases,
    /// reopen, the outbox and dead letters, deliver, sync, the scorecard.
    #[command(subcommand)]
    Vendor(vendors::VendorCommand),
    /// Write a backup of the workspace to FILE (SQLite copy, or pg_dump archive for PostgreSQL).
    Backup {
        file: String,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Whether this desk's window runs the background work (mail readers, outboxes, alert
    /// polls, vendor sync): `on`, `off` (leave it to other desks or a server's `sb worker`),
    /// or nothing to show it.
    Background { state: Option<String> },
    /// Run the workspace's background work without a window (for a server: see the README's
    /// systemd unit) until SIGTERM or Ctrl-C; `sb worker status` shows each unit of work, who
    /// holds it, how it went and what waits.
    Worker {
        #[command(subcommand)]
        what: Option<WorkerCommand>,
    },
    /// This workspace: move it from this computer into an empty team database.
    #[command(subcommand)]
    Workspace(WorkspaceCommand),
    /// A team workspace on PostgreSQL: init, invite, members, role, remove, reset-password
    /// (the owner); password, sign-out (a member); upgrade (the owner).
    #[command(subcommand)]
    Team(team::TeamCommand),
    /// Restore a backup FILE as the workspace: a local database is replaced (the old one kept
    /// beside it); a PostgreSQL database must be empty.
    Restore { file: String },
}

#[derive(Subcommand, Debug)]
enum WorkspaceCommand {
    /// Copy this local workspace into an empty team database (every row, attachment and
    /// secret, checked table by table) and open that one from the next start; the local file
    /// stays. --ca-file is the team server's CA file.
    Move {
        /// The team database's postgres:// URL (no password in it).
        #[arg(long)]
        to: String,
        /// Read the team database's password from the first line of stdin (else the OS
        /// keychain or ~/.pgpass).
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Subcommand, Debug)]
enum ProfileCommand {
    /// Create a person and make them you on this desktop.
    Create {
        #[arg(long)]
        name: String,
        /// engineer, lead, account_manager or admin
        #[arg(long, default_value = "engineer")]
        role: Role,
    },
    /// Act as an existing person (see `sb users`).
    Use { user_id: i64 },
}

#[derive(Subcommand, Debug)]
enum KbCommand {
    /// Articles, newest first, or those matching --search.
    List {
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        cursor: Option<String>,
    },
    /// One article.
    Show { id: i64 },
    /// A new article.
    Add(ArticleArgs),
    /// Change an article; given fields replace the old ones.
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
    /// An article made from a resolved ticket (printed as a draft; --save stores it).
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
    /// Words separated by commas or spaces.
    #[arg(long, default_value = "")]
    tags: String,
}

#[derive(Subcommand, Debug)]
enum ViewCommand {
    /// Every view with its count (counted up to 1000).
    List,
    /// Save a queue filter under a name (the filters of `sb ticket list`).
    Save {
        #[arg(long)]
        name: String,
        #[command(flatten)]
        filter: QueueFilterArgs,
    },
    /// Delete one of your saved views.
    Delete { id: i64 },
}

/// The queue filters, shared by `ticket list` and `view save`.
#[derive(Args, Debug, Default)]
struct QueueFilterArgs {
    /// Comma-separated statuses, or "active" for everything not resolved or closed.
    #[arg(long)]
    status: Option<String>,
    /// Client code or id.
    #[arg(long)]
    client: Option<String>,
    #[arg(long)]
    direction: Option<String>,
    /// A user id, "me", or "none" for unassigned.
    #[arg(long)]
    assignee: Option<String>,
    #[arg(long)]
    line: Option<Line>,
    /// desktop, phone, email or monitoring.
    #[arg(long)]
    channel: Option<Channel>,
    /// The queue a routing rule gave the ticket.
    #[arg(long)]
    queue: Option<String>,
    /// Only tickets whose SLA falls due within this many minutes (not yet breached).
    #[arg(long = "due-within", value_name = "MINUTES")]
    due_within: Option<i64>,
    /// Only tickets whose SLA is breached.
    #[arg(long)]
    breached: bool,
    /// updated (newest change first), priority, or due (the nearest SLA due time first).
    #[arg(long, default_value = "updated")]
    sort: String,
}

#[derive(Subcommand, Debug)]
enum DatabaseCommand {
    /// Where the data is now, and what the next start opens.
    Show,
    /// Open this file or postgres:// URL from now on (checked first). No password in the URL:
    /// --password-stdin keeps it in the OS keychain, or put it in ~/.pgpass. A server that is
    /// not this computer is verified in full (TLS, its host name); --ca-file names the company
    /// CA that signs its certificate.
    Set {
        database: String,
        /// Read the PostgreSQL password from the first line of stdin.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Go back to the embedded database in the data folder.
    Default,
}

#[derive(Subcommand, Debug)]
enum ClientCommand {
    /// A page of clients by name.
    List {
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        cursor: Option<String>,
        #[arg(long)]
        limit: Option<i64>,
    },
    /// One client with contacts, by code or id.
    Show { client: String },
    /// A new client.
    Create(ClientFields),
    /// Change a client (by code or id); given fields replace the old ones.
    Edit {
        client: String,
        #[command(flatten)]
        fields: ClientEdit,
    },
    /// What the client is told automatically: its own switches and working days over the
    /// workspace's (`default` gives one back); shows them.
    Notices(notices::ClientNoticesArgs),
    /// The client's mail templates per kind and language: list, set, reset.
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
    /// A contact as "Name;email;phone" (email and phone may be empty). Repeat for more.
    #[arg(long = "contact")]
    contacts: Vec<String>,
    /// The language automatic mails are written in (else the workspace's default).
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
    /// Replaces all contacts: "Name;email;phone". Repeat for more.
    #[arg(long = "contact")]
    contacts: Vec<String>,
    /// Remove every contact.
    #[arg(long, conflicts_with = "contacts")]
    clear_contacts: bool,
    /// The language of automatic mails: en, ru, or default (the workspace's).
    #[arg(long)]
    language: Option<String>,
}

#[derive(Subcommand, Debug)]
enum TicketCommand {
    /// Log a new ticket (priority comes from impact x urgency).
    Create {
        /// Client code or id.
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
        /// desktop, or phone for a logged call.
        #[arg(long, default_value = "desktop")]
        channel: Channel,
        /// The client's contact who asked: their id, email address or name (`sb client show`
        /// lists them). With an address, they get the acknowledgement and every later mail.
        #[arg(long)]
        contact: Option<String>,
    },
    /// Correct a ticket after intake: client, direction, impact and urgency (the priority
    /// follows), subject, description. Each change goes into the audit trail.
    Edit {
        ticket: String,
        /// Client code or id.
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
        /// Then run the routing rules again (queue, line, tags, a vendor's escalation).
        #[arg(long)]
        reroute: bool,
        /// The version `sb ticket show` printed: refused (edit_conflict, saying who changed
        /// what) when the ticket changed since. Without it: the version read just now.
        #[arg(long = "if-version", value_name = "N")]
        if_version: Option<i64>,
    },
    /// One change to several tickets at once, each at the version it has now: give exactly
    /// one of --assign, --status, --impact with --urgency, --direction, --line. Tickets the
    /// change does not suit are listed as refused; the others change.
    Bulk {
        /// Ticket numbers or ids.
        #[arg(required = true)]
        tickets: Vec<String>,
        /// A user id, "me", or "none".
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
        /// The resolution note (--status resolved/closed) or the handover (--line).
        #[arg(long)]
        note: Option<String>,
    },
    /// A page of the queue, newest first (or by priority).
    List {
        #[command(flatten)]
        filter: QueueFilterArgs,
        /// Start from a view (`sb view list`): its key or name; other filters narrow it.
        #[arg(long)]
        view: Option<String>,
        /// The `next` position printed by the previous page.
        #[arg(long)]
        cursor: Option<String>,
        #[arg(long)]
        limit: Option<i64>,
    },
    /// The card: fields, comments and audit trail.
    Show { ticket: String },
    /// Add a comment (public unless --internal).
    Comment {
        ticket: String,
        #[arg(long)]
        body: String,
        #[arg(long)]
        internal: bool,
        /// Whom a public comment is for: client, vendor or both. Default: both while a vendor
        /// works a case of the ticket, the client alone once every case is resolved.
        #[arg(long = "to", value_name = "client|vendor|both")]
        to: Option<sb_app::Audience>,
    },
    /// Change the status; resolved and closed need --note.
    Status {
        ticket: String,
        status: Status,
        #[arg(long)]
        note: Option<String>,
        /// The version `sb ticket show` printed: refused (edit_conflict, saying who changed
        /// what) when the ticket changed since. Without it: the version read just now.
        #[arg(long = "if-version", value_name = "N")]
        if_version: Option<i64>,
    },
    /// Give the ticket to a user id, "me", or "none" (an explicit reassignment).
    Assign {
        ticket: String,
        assignee: String,
        /// The version `sb ticket show` printed: refused (edit_conflict, saying who changed
        /// what) when the ticket changed since. Without it: the version read just now.
        #[arg(long = "if-version", value_name = "N")]
        if_version: Option<i64>,
    },
    /// Assign to me, first come first served: refused, naming who, when someone else has it.
    Take {
        ticket: String,
        /// The version `sb ticket show` printed: refused (edit_conflict, saying who changed
        /// what) when the ticket changed since. Without it: the version read just now.
        #[arg(long = "if-version", value_name = "N")]
        if_version: Option<i64>,
    },
    /// Close a duplicate as merged into the ticket that stays; its comments move over.
    Merge {
        ticket: String,
        #[arg(long)]
        into: String,
        #[arg(long)]
        note: Option<String>,
        /// The version `sb ticket show` printed: refused (edit_conflict, saying who changed
        /// what) when the ticket changed since. Without it: the version read just now.
        #[arg(long = "if-version", value_name = "N")]
        if_version: Option<i64>,
    },
    /// Link two tickets as related.
    Link {
        ticket: String,
        related: String,
        /// The version `sb ticket show` printed (of TICKET); without it, the one read now.
        #[arg(long = "if-version", value_name = "N")]
        if_version: Option<i64>,
    },
    /// Remove the link between two tickets.
    Unlink {
        ticket: String,
        related: String,
        /// The version `sb ticket show` printed (of TICKET); without it, the one read now.
        #[arg(long = "if-version", value_name = "N")]
        if_version: Option<i64>,
    },
    /// Move the ticket to l1, l2 or l3; escalating needs --note (the handover).
    Line {
        ticket: String,
        line: Line,
        #[arg(long)]
        note: Option<String>,
        /// The version `sb ticket show` printed: refused (edit_conflict, saying who changed
        /// what) when the ticket changed since. Without it: the version read just now.
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
    /// Set the line a person works: L1, L2, L3, or any for every line. An SLA warning or
    /// breach on a ticket nobody has goes to the people of its line. A lead, an account
    /// manager or an admin sets it; in a team workspace, the team's owner (`sb team line`).
    Line {
        /// The person's id (`sb users` lists them).
        user_id: i64,
        #[arg(value_parser = team::person_line)]
        line: team::PersonLine,
    },
}

#[derive(Subcommand, Debug)]
enum WorkerCommand {
    /// Each unit of background work: who holds it, since when, last success, last error,
    /// errors counted, messages waiting.
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
    // Help and parse errors are worded before clap parses: in the language asked for on the
    // command line, else the one that would be chosen without it.
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
    // Until the workspace opens: the one asked for, else this desk's, else the locale.
    print::set_language(print::first_language(cli.lang));
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
    if cli.lang.is_none() {
        print::set_language(print::lang_of(app.language()));
    }
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
                let mut s = format!("{}\n", print::say(&moved));
                for t in d.tables.iter().filter(|t| t.rows > 0) {
                    s.push_str(&format!("\n{:<24} {:>8}  {}", t.table, t.rows, t.checksum));
                }
                s
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
                old.contacts
                    .iter()
                    .map(|k| ContactInput {
                        name: k.name.clone(),
                        email: k.email.clone(),
                        phone: k.phone.clone(),
                    })
                    .collect()
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
