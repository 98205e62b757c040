//! `sb mailbox`, `sb mail` and `sb outbox`: the email channel without a window.
//!
//! Passwords are read from stdin (`--password-stdin`: the IMAP password on the first line, the
//! SMTP one on the second) or asked for on the terminal without echo (`--ask-password`); never
//! taken as an argument, and never printed.

use std::io::BufRead;

use clap::{Args, Subcommand, ValueEnum};
use sb_app::{ApiError, ApiResult, App, MailSecurity, MailboxInput, OutboxState, QuarantineInput};

use sb_i18n::msg;

use crate::{print, Output};

#[derive(Subcommand, Debug)]
pub enum MailboxCommand {
    List,
    Add(MailboxFields),
    Edit {
        mailbox: String,
        #[command(flatten)]
        fields: MailboxEdit,
    },
    Remove {
        mailbox: String,
    },
    Test {
        mailbox: String,
    },
    Poll {
        mailbox: String,
    },
    #[command(subcommand)]
    PublicDomains(PublicDomainCommand),
}

#[derive(Subcommand, Debug)]
pub enum LimitsCommand {
    Show,
    Set { name: String, value: u64 },
}

#[derive(Subcommand, Debug)]
pub enum PublicDomainCommand {
    List,
    Add { domain: String },
    Remove { domain: String },
}

#[derive(Subcommand, Debug)]
pub enum MailCommand {
    Triage,
    Accept {
        message: i64,
        #[arg(long)]
        client: String,
        #[arg(long)]
        direction: String,
        #[arg(long)]
        no_contact: bool,
        #[arg(long)]
        charset: Option<String>,
    },
    OntoTicket {
        message: i64,
    },
    Show {
        message: i64,
        #[arg(long)]
        charset: Option<String>,
    },
    Import {
        #[arg(long)]
        mailbox: String,
        #[arg(required = true)]
        paths: Vec<std::path::PathBuf>,
    },
    Dismiss {
        message: i64,
    },
    Quarantine,
    Source {
        message: i64,
        #[arg(long)]
        out: Option<std::path::PathBuf>,
        #[arg(long)]
        force: bool,
    },
    Ticket {
        ticket: String,
    },
    Attachment {
        id: i64,
        #[arg(long)]
        out: Option<std::path::PathBuf>,
        #[arg(long)]
        force: bool,
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum OutboxCommand {
    List {
        #[arg(long)]
        dead: bool,
    },
    Retry {
        id: i64,
    },
    Deliver,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum SecurityArg {
    Tls,
    Starttls,
    Plain,
}

impl From<SecurityArg> for MailSecurity {
    fn from(s: SecurityArg) -> MailSecurity {
        match s {
            SecurityArg::Tls => MailSecurity::Tls,
            SecurityArg::Starttls => MailSecurity::StartTls,
            SecurityArg::Plain => MailSecurity::Plain,
        }
    }
}

#[derive(Args, Debug)]
pub struct PasswordArgs {
    #[arg(long, conflicts_with = "ask_password")]
    password_stdin: bool,
    #[arg(long)]
    ask_password: bool,
}

#[derive(Args, Debug)]
pub struct MailboxFields {
    #[arg(long)]
    name: String,
    #[arg(long)]
    imap_host: String,
    #[arg(long, default_value_t = 993)]
    imap_port: i64,
    #[arg(long, value_enum, default_value = "tls")]
    imap_security: SecurityArg,
    #[arg(long)]
    imap_user: String,
    #[arg(long, default_value = "INBOX")]
    imap_folder: String,
    #[arg(long)]
    smtp_host: String,
    #[arg(long, default_value_t = 465)]
    smtp_port: i64,
    #[arg(long, value_enum, default_value = "tls")]
    smtp_security: SecurityArg,
    #[arg(long)]
    smtp_user: Option<String>,
    #[arg(long)]
    from: String,
    #[arg(long, default_value = "software")]
    direction: String,
    #[arg(long, default_value_t = 60)]
    poll_seconds: i64,
    #[arg(long)]
    disabled: bool,
    #[command(flatten)]
    passwords: PasswordArgs,
}

#[derive(Args, Debug)]
pub struct MailboxEdit {
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    imap_host: Option<String>,
    #[arg(long)]
    imap_port: Option<i64>,
    #[arg(long, value_enum)]
    imap_security: Option<SecurityArg>,
    #[arg(long)]
    imap_user: Option<String>,
    #[arg(long)]
    imap_folder: Option<String>,
    #[arg(long)]
    smtp_host: Option<String>,
    #[arg(long)]
    smtp_port: Option<i64>,
    #[arg(long, value_enum)]
    smtp_security: Option<SecurityArg>,
    #[arg(long)]
    smtp_user: Option<String>,
    #[arg(long)]
    from: Option<String>,
    #[arg(long)]
    direction: Option<String>,
    #[arg(long)]
    poll_seconds: Option<i64>,
    #[arg(long)]
    enabled: Option<bool>,
    #[command(flatten)]
    passwords: PasswordArgs,
}

pub async fn mailbox(app: &App, out: &Output, c: MailboxCommand) -> ApiResult<()> {
    match c {
        MailboxCommand::List => out.show(&app.mailboxes().await?, |m| print::mailboxes(m)),
        MailboxCommand::Add(f) => {
            let (imap_password, smtp_password) = passwords(&f.passwords, f.smtp_user.is_some())?;
            let input = MailboxInput {
                name: f.name,
                imap_host: f.imap_host,
                imap_port: f.imap_port,
                imap_security: f.imap_security.into(),
                imap_user: f.imap_user,
                imap_folder: Some(f.imap_folder),
                imap_password,
                smtp_host: f.smtp_host,
                smtp_port: f.smtp_port,
                smtp_security: f.smtp_security.into(),
                smtp_user: f.smtp_user,
                smtp_password,
                from_address: f.from,
                direction: Some(f.direction),
                poll_seconds: f.poll_seconds,
                enabled: !f.disabled,
            };
            out.show(&app.create_mailbox(input).await?, print::mailbox)
        }
        MailboxCommand::Edit { mailbox, fields: e } => {
            let id = app.mailbox_ref(&mailbox).await?;
            let m = app.mailbox(id).await?;
            let smtp_user = match e.smtp_user {
                Some(u) if u.trim().is_empty() => None,
                Some(u) => Some(u),
                None => m.smtp_user.clone(),
            };
            let (imap_password, smtp_password) = passwords(&e.passwords, smtp_user.is_some())?;
            let input = MailboxInput {
                name: e.name.unwrap_or(m.name),
                imap_host: e.imap_host.unwrap_or(m.imap_host),
                imap_port: e.imap_port.unwrap_or(m.imap_port),
                imap_security: e.imap_security.map_or(m.imap_security, Into::into),
                imap_user: e.imap_user.unwrap_or(m.imap_user),
                imap_folder: Some(e.imap_folder.unwrap_or(m.imap_folder)),
                imap_password,
                smtp_host: e.smtp_host.unwrap_or(m.smtp_host),
                smtp_port: e.smtp_port.unwrap_or(m.smtp_port),
                smtp_security: e.smtp_security.map_or(m.smtp_security, Into::into),
                smtp_user,
                smtp_password,
                from_address: e.from.unwrap_or(m.from_address),
                direction: Some(e.direction.unwrap_or(m.direction)),
                poll_seconds: e.poll_seconds.unwrap_or(m.poll_seconds),
                enabled: e.enabled.unwrap_or(m.enabled),
            };
            out.show(&app.update_mailbox(id, input).await?, print::mailbox)
        }
        MailboxCommand::Remove { mailbox } => {
            let id = app.mailbox_ref(&mailbox).await?;
            app.remove_mailbox(id).await?;
            out.show(&serde_json::json!({ "removed": id }), |_| {
                print::say(&msg!("cli-mailbox-removed", mailbox = &mailbox))
            })
        }
        MailboxCommand::Test { mailbox } => {
            let id = app.mailbox_ref(&mailbox).await?;
            let t = app.test_mailbox(id).await?;
            out.show(&t, print::connection_test)?;
            if t.imap.ok && t.smtp.ok {
                Ok(())
            } else {
                // A failed test is a failed command, for scripts.
                std::process::exit(1)
            }
        }
        MailboxCommand::Poll { mailbox } => {
            let id = app.mailbox_ref(&mailbox).await?;
            out.show(&app.poll_mailbox(id).await?, print::mail_poll_report)
        }
        MailboxCommand::PublicDomains(c) => {
            let domains = match c {
                PublicDomainCommand::List => app.public_mail_domains().await?,
                PublicDomainCommand::Add { domain } => app.add_public_mail_domain(&domain).await?,
                PublicDomainCommand::Remove { domain } => {
                    app.remove_public_mail_domain(&domain).await?
                }
            };
            out.show(&domains, |d| d.join("\n"))
        }
    }
}

pub async fn limits(app: &App, out: &Output, c: LimitsCommand) -> ApiResult<()> {
    let limits = match c {
        LimitsCommand::Show => app.input_limits().await?,
        LimitsCommand::Set { name, value } => app.set_input_limit(&name, value).await?,
    };
    out.show(&limits, |l| {
        let mut table = print::Table::new(&[
            ("cli-col-limit", 17, false),
            ("cli-col-value", 12, true),
            ("cli-col-unit", 0, false),
            ("cli-col-default", 0, true),
            ("cli-col-min", 0, true),
            ("cli-col-max", 0, true),
        ]);
        for s in sb_app::sb_domain::limits::LIMITS {
            let value = l.get(s.name).unwrap_or(s.default);
            // The unit as a select key: `header fields` -> `header_fields`.
            let unit = msg!("cli-limit-unit", unit = s.unit.replace(' ', "_"));
            table.row(vec![
                s.name.to_string(),
                value.to_string(),
                print::say(&unit),
                s.default.to_string(),
                s.min.to_string(),
                s.max.to_string(),
            ]);
        }
        table.render()
    })
}

pub async fn mail(app: &App, out: &Output, c: MailCommand) -> ApiResult<()> {
    match c {
        MailCommand::Triage => out.show(&app.triage().await?, |m| print::mail_messages(m)),
        MailCommand::Quarantine => out.show(&app.quarantine().await?, |m| print::mail_messages(m)),
        MailCommand::Accept {
            message,
            client,
            direction,
            no_contact,
            charset,
        } => {
            let client_id = app.client_by_ref(&client).await?.id;
            let input = QuarantineInput {
                message_id: message,
                client_id,
                direction,
                charset,
            };
            out.show(
                &app.accept_waiting(input, !no_contact).await?,
                print::ticket,
            )
        }
        MailCommand::OntoTicket { message } => {
            out.show(&app.accept_onto_ticket(message).await?, print::ticket)
        }
        MailCommand::Show { message, charset } => {
            out.show(&app.read_mail(message, charset).await?, print::mail_reading)
        }
        MailCommand::Import { mailbox, paths } => {
            let id = app.mailbox_ref(&mailbox).await?;
            let raws = read_messages(&paths)?;
            out.show(&app.import_mail(id, &raws).await?, print::mail_poll_report)
        }
        MailCommand::Dismiss { message } => {
            app.dismiss_waiting(message).await?;
            out.show(&serde_json::json!({ "dismissed": message }), |_| {
                print::say(&msg!("cli-mail-dismissed", id = message.to_string()))
            })
        }
        MailCommand::Source {
            message,
            out: path,
            force,
        } => {
            let raw = app.mail_source_bytes(message).await?;
            match path {
                Some(path) => {
                    write_new(&path, &raw, force)?;
                    let saved = serde_json::json!({ "path": path.display().to_string(), "size": raw.len() });
                    out.show(&saved, |_| {
                        let path = path.display().to_string();
                        print::say(&msg!("cli-saved", path = path, size = raw.len()))
                    })
                }
                None => {
                    // The bytes themselves, not text: a message in windows-1251 stays so.
                    use std::io::Write;
                    let mut stdout = std::io::stdout().lock();
                    stdout
                        .write_all(&raw)
                        .and_then(|()| stdout.flush())
                        .map_err(|e| {
                            ApiError::said(
                                sb_app::ErrorCode::Internal,
                                msg!("cli-stdout-failed", error = e.to_string()),
                            )
                        })
                }
            }
        }
        MailCommand::Ticket { ticket } => {
            let id = App::ticket_ref(&ticket)?;
            out.show(&app.ticket_email(id).await?, print::ticket_email)
        }
        MailCommand::Attachment {
            id,
            out: path,
            force,
            yes,
        } => {
            let file = app.attachment_info(id).await?;
            if let (Some(why), false) = (&file.runnable, yes) {
                return Err(sb_app::runnable_refused(
                    &file.file_name,
                    why,
                    "pass --yes to save it",
                ));
            }
            // Only the file's own name, never a path it carries, short enough to be a name.
            let own_name = std::path::Path::new(&file.file_name)
                .file_name()
                .map(|n| std::path::PathBuf::from(fitting_name(&n.to_string_lossy())))
                .unwrap_or_else(|| format!("attachment-{id}").into());
            let path = path.unwrap_or(own_name);
            let mut target = new_file(&path, force)?;
            // Copied a chunk at a time: a large file is never held whole.
            let size = app.copy_attachment(id, &mut target).await?;
            let saved = serde_json::json!({ "path": path.display().to_string(), "size": size });
            out.show(&saved, |_| {
                let path = path.display().to_string();
                print::say(&msg!("cli-saved", path = path, size = size))
            })
        }
    }
}

/// Writes a new file; one that is there already is kept unless `force`.
fn write_new(path: &std::path::Path, bytes: &[u8], force: bool) -> ApiResult<()> {
    use std::io::Write;
    new_file(path, force)?
        .write_all(bytes)
        .map_err(|e| crate::cannot_write("out", path, e))
}

/// A file to write: a new one, or (with `force`) one emptied.
fn new_file(path: &std::path::Path, force: bool) -> ApiResult<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            let path = path.display().to_string();
            ApiError::invalid_said(
                "out",
                msg!("cli-cannot-write-there", path = path, error = e.to_string()),
            )
        } else {
            crate::cannot_write("out", path, e)
        }
    })
}

/// A file name no longer than file systems allow (255 bytes), its extension kept.
fn fitting_name(name: &str) -> String {
    const MAX: usize = 255;
    if name.len() <= MAX {
        return name.to_string();
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && e.len() <= 16 => (s, format!(".{e}")),
        _ => (name, String::new()),
    };
    let mut out = String::new();
    for c in stem.chars() {
        if out.len() + c.len_utf8() + ext.len() > MAX {
            break;
        }
        out.push(c);
    }
    out + &ext
}

pub async fn outbox(app: &App, out: &Output, c: OutboxCommand) -> ApiResult<()> {
    match c {
        OutboxCommand::List { dead } => {
            let state = dead.then_some(OutboxState::Dead);
            out.show(&app.outbox(state).await?, |o| print::outbox(o))
        }
        OutboxCommand::Retry { id } => out.show(&app.retry_outbox(id).await?, |o| {
            print::outbox(std::slice::from_ref(o))
        }),
        OutboxCommand::Deliver => {
            let sent = app.deliver_outbox(now_ms()).await?;
            out.show(&serde_json::json!({ "sent": sent }), |_| {
                print::say(&msg!("cli-outbox-sent", count = sent))
            })
        }
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The IMAP and SMTP passwords as the flags say: `None` keeps what the keychain has.
fn passwords(p: &PasswordArgs, smtp_login: bool) -> ApiResult<(Option<String>, Option<String>)> {
    if p.password_stdin {
        let stdin = std::io::stdin();
        let mut lines = stdin.lock().lines();
        let mut next = || -> ApiResult<Option<String>> {
            Ok(lines
                .next()
                .transpose()
                .map_err(|e| {
                    ApiError::invalid_said(
                        "password",
                        msg!("cli-cannot-read-stdin", error = e.to_string()),
                    )
                })?
                .map(|l| l.trim_end_matches(['\r', '\n']).to_string())
                .filter(|l| !l.is_empty()))
        };
        let imap = next()?;
        let smtp = if smtp_login { next()? } else { None };
        return Ok((imap, smtp));
    }
    if p.ask_password {
        let imap = ask("IMAP password: ")?;
        let smtp = if smtp_login {
            ask("SMTP password: ")?
        } else {
            None
        };
        return Ok((imap, smtp));
    }
    Ok((None, None))
}

/// Reads one line from the terminal with echo off.
fn ask(prompt: &str) -> ApiResult<Option<String>> {
    use std::io::Write;
    let fail = |e: std::io::Error| {
        ApiError::invalid_said("password", msg!("cli-cannot-ask", error = e.to_string()))
    };
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    let tty = std::fs::File::open("/dev/tty").map_err(fail)?;
    let stty = |arg: &str| {
        let _ = std::process::Command::new("stty")
            .arg(arg)
            .stdin(tty.try_clone().map_err(fail)?)
            .status();
        Ok::<(), ApiError>(())
    };
    stty("-echo")?;
    let mut line = String::new();
    let read = std::io::BufReader::new(&tty).read_line(&mut line);
    stty("echo")?;
    eprintln!();
    read.map_err(fail)?;
    let line = line.trim_end_matches(['\r', '\n']).to_string();
    Ok((!line.is_empty()).then_some(line))
}

/// The messages in these files and folders (a folder: its `.eml` files, by name).
fn read_messages(paths: &[std::path::PathBuf]) -> ApiResult<Vec<Vec<u8>>> {
    let unreadable = |p: &std::path::Path, e: std::io::Error| crate::cannot_read("paths", p, e);
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut in_dir: Vec<std::path::PathBuf> = std::fs::read_dir(p)
                .map_err(|e| unreadable(p, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    f.is_file() && f.extension().is_some_and(|x| x.eq_ignore_ascii_case("eml"))
                })
                .collect();
            in_dir.sort();
            files.extend(in_dir);
        } else {
            files.push(p.clone());
        }
    }
    if files.is_empty() {
        return Err(ApiError::invalid_said("paths", msg!("cli-no-eml")));
    }
    files
        .iter()
        .map(|f| std::fs::read(f).map_err(|e| unreadable(f, e)))
        .collect()
}
