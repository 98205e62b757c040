//! The email channel end to end through `sb_app::App`: mail appended to a real IMAP server
//! (pymap) is polled into tickets, comments, triage and quarantine; public comments leave
//! through the outbox to a real SMTP server (aiosmtpd), threaded both ways.

use std::path::{Path, PathBuf};

use base64::Engine;
use std::time::{Duration, Instant};

use sb_app::{
    App, ClientInput, CommentInput, ContactInput, ErrorCode, MailSecurity, MailboxInput,
    NewProfile, OutboxState, Paths, StatusInput, TriageInput,
};
use sb_domain::{delivery, Channel, Role, Status, TicketNumber, Visibility};
use sb_store::MailState;
use tokio::net::TcpStream;

use crate::util::peers::{self, IMAP_PASSWORD, IMAP_USER};

fn corpus(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/sb-intake/tests/corpus")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

async fn delivery_session() -> async_imap::Session<TcpStream> {
    let tcp = TcpStream::connect(("127.0.0.1", peers::imap().port))
        .await
        .expect("connect to pymap");
    let mut client = async_imap::Client::new(tcp);
    client
        .read_response()
        .await
        .expect("greeting")
        .expect("greeting");
    client
        .login(IMAP_USER, IMAP_PASSWORD)
        .await
        .map_err(|(e, _)| e)
        .expect("log in to pymap")
}

/// Puts messages into `folder` as a mail server's delivery would.
pub async fn append(folder: &str, messages: &[Vec<u8>]) {
    let mut s = delivery_session().await;
    for m in messages {
        s.append(folder, None, None, m).await.expect("APPEND");
    }
    s.logout().await.expect("LOGOUT");
}

pub async fn new_folder(prefix: &str) -> String {
    let folder = peers::unique(prefix);
    delivery_session()
        .await
        .create(&folder)
        .await
        .expect("CREATE");
    folder
}

pub fn mailbox_input(folder: &str, smtp_port: u16) -> MailboxInput {
    MailboxInput {
        name: format!("Support {folder}"),
        imap_host: "127.0.0.1".into(),
        imap_port: i64::from(peers::imap().port),
        imap_security: MailSecurity::Plain,
        imap_user: IMAP_USER.into(),
        imap_folder: Some(folder.into()),
        imap_password: Some(IMAP_PASSWORD.into()),
        smtp_host: "127.0.0.1".into(),
        smtp_port: i64::from(smtp_port),
        smtp_security: MailSecurity::Plain,
        smtp_user: None,
        smtp_password: None,
        from_address: "desk@provider.example".into(),
        direction: None,
        poll_seconds: 60,
        enabled: true,
    }
}

/// The files the SMTP sink saved, as text, in arrival order.
pub fn sink_messages() -> Vec<String> {
    let dir = peers::smtp().dir.join("mail");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    names.retain(|p| p.extension().is_some_and(|x| x == "eml"));
    names.sort();
    names
        .iter()
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned())
        .collect()
}

/// Waits until a message holding `needle` reaches the sink.
pub fn sink_message_with(needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(m) = sink_messages().into_iter().find(|m| m.contains(needle)) {
            return m;
        }
        assert!(
            Instant::now() < deadline,
            "no message with {needle:?} at the SMTP sink"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

pub(crate) fn header<'a>(message: &'a str, name: &str) -> Option<&'a str> {
    message
        .lines()
        .find(|l| {
            l.to_lowercase()
                .starts_with(&format!("{}:", name.to_lowercase()))
        })
        .map(|l| l[name.len() + 1..].trim())
}

pub(crate) async fn open_app(dir: &Path) -> App {
    let db = dir.join("switchboard.db");
    open_app_on(dir, &db.to_string_lossy()).await
}

/// The app on `database` (a SQLite path or a PostgreSQL URL), with a profile: the admin who
/// keeps the mailboxes.
pub(crate) async fn open_app_on(dir: &Path, database: &str) -> App {
    let app = App::open(Paths::in_folder(dir.join("home")), Some(database))
        .await
        .expect("open the app");
    app.create_profile(NewProfile {
        name: "Dana".into(),
        role: Role::Admin,
    })
    .await
    .unwrap();
    app
}

pub(crate) async fn client(app: &App, code: &str, email: &str) -> i64 {
    app.create_client(ClientInput {
        language: None,
        code: code.into(),
        name: code.into(),
        notes: None,
        contacts: vec![ContactInput {
            name: "Contact".into(),
            email: Some(email.into()),
            phone: None,
        }],
    })
    .await
    .unwrap()
    .id
}

/// ACME's Ann Lee mails her printer problem (plain-ascii.eml) to a new mailbox on a new folder
/// named after `folder`, which sends through `smtp_port`; read, it is the ticket returned.
async fn a_mailed_ticket(
    home: &Path,
    folder: &str,
    smtp_port: u16,
) -> (App, String, sb_app::MailboxDto, i64) {
    a_mailed_ticket_through(home, folder, |f| mailbox_input(f, smtp_port)).await
}

/// [`a_mailed_ticket`] through the mailbox `mailbox` makes for the new folder.
pub(crate) async fn a_mailed_ticket_through(
    home: &Path,
    folder: &str,
    mailbox: impl FnOnce(&str) -> MailboxInput,
) -> (App, String, sb_app::MailboxDto, i64) {
    let app = open_app(home).await;
    client(&app, "ACME", "ann.lee@example.com").await;
    let folder = new_folder(folder).await;
    let mb = app.create_mailbox(mailbox(&folder)).await.unwrap();
    append(&folder, &[corpus("plain-ascii.eml")]).await;
    app.poll_mailbox(mb.id).await.unwrap();
    let ticket = ticket_of(&app, "plain-1@mail.example.com").await;
    (app, folder, mb, ticket)
}

/// A public comment on `ticket`: the reply the outbox mails to the client.
pub(crate) async fn reply_on(app: &App, ticket: i64, body: &str) {
    app.add_comment(CommentInput {
        ticket_id: ticket,
        body: body.into(),
        visibility: Visibility::Public,
    })
    .await
    .unwrap();
}

/// The ticket a received Message-ID opened.
pub(crate) async fn ticket_of(app: &App, message_id: &str) -> i64 {
    app.store()
        .mail_in_state(MailState::Ticket, None, 100)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.message_id == message_id)
        .and_then(|m| m.ticket_id)
        .unwrap_or_else(|| panic!("no ticket from {message_id}"))
}

/// A client's message as a mailer writes it, threaded to `in_reply_to` when given.
pub(crate) fn reply(
    from: &str,
    message_id: &str,
    subject: &str,
    in_reply_to: Option<&str>,
    text: &str,
) -> Vec<u8> {
    let threading = in_reply_to
        .map(|id| format!("In-Reply-To: <{id}>\r\nReferences: <{id}>\r\n"))
        .unwrap_or_default();
    format!(
        "From: Ann Lee <{from}>\r\nTo: desk@provider.example\r\nSubject: {subject}\r\n\
         Message-ID: <{message_id}>\r\n{threading}Date: Tue, 16 Jan 2024 09:00:00 +0300\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n"
    )
    .into_bytes()
}

#[tokio::test(flavor = "multi_thread")]
async fn mail_becomes_tickets_comments_triage_and_quarantine_once() {
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path()).await;
    intake_story(&app).await;
    // The password is in the keychain, not in the database file.
    let db = std::fs::read(dir.path().join("switchboard.db")).unwrap();
    let wal = std::fs::read(dir.path().join("switchboard.db-wal")).unwrap_or_default();
    for bytes in [db, wal] {
        assert!(
            !bytes
                .windows(IMAP_PASSWORD.len())
                .any(|w| w == IMAP_PASSWORD.as_bytes()),
            "the IMAP password is in the database"
        );
    }
}

/// Team mode: the same story on PostgreSQL (raw mail and attachments as BYTEA).
#[tokio::test(flavor = "multi_thread")]
async fn mail_becomes_tickets_on_postgres_too() {
    let dir = tempfile::tempdir().unwrap();
    let app = open_app_on(dir.path(), &crate::util::pg::pg_url_for_new_database()).await;
    intake_story(&app).await;
}

async fn intake_story(app: &App) {
    let acme = client(app, "ACME", "ann.lee@example.com").await;
    let sklad = client(app, "SKLAD", "boss@example.ru").await;
    // Two clients use example.com: its other senders (eve@) are unknown, not guessed.
    client(app, "OTHER", "someone@example.com").await;
    let folder = new_folder("channel").await;
    let mb = app
        .create_mailbox(mailbox_input(&folder, peers::smtp().port))
        .await
        .unwrap();
    assert!(mb.has_imap_password && !mb.has_smtp_password);

    append(
        &folder,
        &[
            corpus("plain-ascii.eml"),
            corpus("cp1251.eml"),
            corpus("attachments.eml"),
            corpus("malformed.eml"),
        ],
    )
    .await;
    let report = app.poll_mailbox(mb.id).await.unwrap();
    assert_eq!(
        (
            report.fetched,
            report.tickets,
            report.triage,
            report.quarantined,
            report.duplicates
        ),
        (4, 2, 1, 1, 0),
        "{report:?}"
    );

    // By the contact's address, and by the domain of another contact's.
    let printer = app
        .ticket(ticket_of(app, "plain-1@mail.example.com").await)
        .await
        .unwrap();
    assert_eq!((printer.client_id, printer.channel), (acme, Channel::Email));
    assert_eq!(printer.subject, "Printer on 3rd floor does not print");
    assert_eq!(printer.created_by_name, "Email");
    assert_eq!(printer.direction, "software", "the mailbox's direction");
    let cyrillic = app
        .ticket(ticket_of(app, "cp1251-7@example.ru").await)
        .await
        .unwrap();
    assert_eq!(cyrillic.client_id, sklad);
    let email = app.ticket_email(printer.id).await.unwrap();
    assert_eq!(
        email.requester.as_deref(),
        Some("Ann Lee <ann.lee@example.com>")
    );

    // Nothing new: nothing made. The same message again under a new UID: nothing made.
    assert_eq!(app.poll_mailbox(mb.id).await.unwrap().fetched, 0);
    append(&folder, &[corpus("plain-ascii.eml")]).await;
    let again = app.poll_mailbox(mb.id).await.unwrap();
    assert_eq!((again.fetched, again.tickets, again.duplicates), (1, 0, 1));
    // The folder rebuilt (UIDVALIDITY lost): every message comes again, none is made twice.
    app.store().set_mail_cursor(mb.id, 1, 0).await.unwrap();
    let rebuilt = app.poll_mailbox(mb.id).await.unwrap();
    assert_eq!((rebuilt.fetched, rebuilt.duplicates), (5, 5), "{rebuilt:?}");

    // The quarantine keeps the unreadable message whole, with the reason.
    let q = app.quarantine().await.unwrap();
    assert_eq!(q.len(), 1);
    assert!(q[0].reason.as_deref().unwrap().contains("header"), "{q:?}");
    // Byte for byte as the server hands it out (pymap drops the last line break).
    assert_eq!(
        app.mail_source(q[0].id).await.unwrap().trim_end(),
        String::from_utf8(corpus("malformed.eml"))
            .unwrap()
            .trim_end()
    );

    // Unknown sender: an engineer picks the client; the attachments come with it.
    let triage = app.triage().await.unwrap();
    assert_eq!(triage.len(), 1);
    assert_eq!(triage[0].from_email.as_deref(), Some("eve@example.com"));
    let from_triage = app
        .accept_triage(TriageInput {
            message_id: triage[0].id,
            client_id: acme,
            direction: "software".into(),
            add_contact: true,
        })
        .await
        .unwrap();
    // The sender is now one of the client's contacts (kept beside the ones it had).
    let contacts = app.client(acme).await.unwrap().contacts;
    assert_eq!(
        contacts
            .iter()
            .filter_map(|c| c.email.as_deref())
            .collect::<Vec<_>>(),
        ["ann.lee@example.com", "eve@example.com"]
    );
    assert_eq!(from_triage.channel, Channel::Email);
    assert!(app.triage().await.unwrap().is_empty());
    let again = app
        .accept_triage(TriageInput {
            message_id: triage[0].id,
            client_id: acme,
            direction: "software".into(),
            add_contact: true,
        })
        .await
        .unwrap_err();
    assert_eq!(again.code, ErrorCode::Conflict);
    let files = app.ticket_email(from_triage.id).await.unwrap().attachments;
    assert!(!files.is_empty());
    let file = app.attachment(files[0].id).await.unwrap();
    assert_eq!(file.file_name, files[0].file_name);
    assert!(!file.base64.is_empty());
    // "Open" saves it beside the other downloads, never over one; the opener is told
    // (SWITCHBOARD_OPENER is empty here: no viewer pops up on the test machine).
    std::env::set_var("SWITCHBOARD_OPENER", "");
    let first = app.open_attachment(files[0].id, false).await.unwrap();
    let second = app.open_attachment(files[0].id, false).await.unwrap();
    assert!(!first.opened);
    assert_ne!(first.path, second.path);
    let saved = std::fs::read(&first.path).unwrap();
    assert_eq!(
        base64::engine::general_purpose::STANDARD.encode(&saved),
        file.base64
    );
    assert!(
        Path::new(&second.path)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .contains("(2)"),
        "{second:?}"
    );

    // Eve's next message finds ACME by itself: no triage this time.
    let next = reply(
        "eve@example.com",
        &format!("{}@example.com", peers::unique("eve")),
        "Scanner is offline",
        None,
        "The scanner on the 2nd floor is offline.",
    );
    append(&folder, &[next]).await;
    let r = app.poll_mailbox(mb.id).await.unwrap();
    assert_eq!((r.tickets, r.triage), (1, 0), "{r:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn replies_thread_both_ways_and_reopen_a_resolved_ticket() {
    let dir = tempfile::tempdir().unwrap();
    let (app, folder, mb, ticket) = a_mailed_ticket(dir.path(), "thread", peers::smtp().port).await;
    let number = TicketNumber(ticket).to_string();

    // Out: a public comment goes to the requester, tagged and threaded; an internal one not.
    let marker = peers::unique("toner");
    app.add_comment(CommentInput {
        ticket_id: ticket,
        body: format!("Internal: call the vendor {marker}"),
        visibility: Visibility::Internal,
    })
    .await
    .unwrap();
    reply_on(&app, ticket, &format!("We replaced the toner {marker}")).await;
    // The acknowledgement of the new ticket and the public reply.
    assert_eq!(app.deliver_outbox(sb_app_now()).await.unwrap(), 2);
    let sent = sink_message_with(&format!("replaced the toner {marker}"));
    assert!(!sink_messages()
        .iter()
        .any(|m| m.contains("Internal: call the vendor")));
    assert!(
        header(&sent, "Subject")
            .unwrap()
            .contains(&format!("[{number}]")),
        "{sent}"
    );
    assert!(header(&sent, "To").unwrap().contains("ann.lee@example.com"));
    // After the last message of the conversation: the acknowledgement that answered the
    // client's; the client's own is among the references.
    assert!(
        header(&sent, "In-Reply-To").unwrap().starts_with("<sb."),
        "{sent}"
    );
    assert!(header(&sent, "References")
        .unwrap()
        .contains("<plain-1@mail.example.com>"));
    let our_id = header(&sent, "Message-ID")
        .unwrap()
        .trim_matches(['<', '>'])
        .to_string();
    let card = app.ticket_email(ticket).await.unwrap();
    assert_eq!(card.deliveries.len(), 2);
    assert!(card.deliveries.iter().all(|d| d.state == OutboxState::Sent));

    // In: an answer to our message, untagged, threads by In-Reply-To; only the new text.
    let answer = reply(
        "ann.lee@example.com",
        &format!("{}@example.com", peers::unique("answer")),
        "Re: Printer",
        Some(&our_id),
        "It prints now, thank you!\r\n\r\n> We replaced the toner",
    );
    append(&folder, &[answer]).await;
    let r = app.poll_mailbox(mb.id).await.unwrap();
    assert_eq!((r.comments, r.tickets), (1, 0), "{r:?}");
    let card = app.card(ticket).await.unwrap();
    let last = card.comments.last().unwrap();
    assert_eq!(last.channel, Channel::Email);
    assert_eq!(last.body, "It prints now, thank you!");
    let email = app.ticket_email(ticket).await.unwrap();
    let full = &email.email_comments.last().unwrap().full_text;
    assert!(full.contains("> We replaced the toner"), "{full}");

    // Resolved, then a tagged answer from a new thread: the ticket opens again.
    app.change_status(StatusInput {
        ticket_id: ticket,
        to: Status::Resolved,
        note: Some("Toner replaced".into()),
        version: app.ticket(ticket).await.unwrap().version,
    })
    .await
    .unwrap();
    let tagged = reply(
        "ann.lee@example.com",
        &format!("{}@example.com", peers::unique("tagged")),
        &format!("Re: [{number}] Printer"),
        None,
        "It jams again.",
    );
    append(&folder, &[tagged]).await;
    let r = app.poll_mailbox(mb.id).await.unwrap();
    assert_eq!(r.comments, 1, "{r:?}");
    let t = app.ticket(ticket).await.unwrap();
    assert_eq!(t.status, Status::Open);
    assert_eq!(
        app.card(ticket)
            .await
            .unwrap()
            .comments
            .last()
            .unwrap()
            .body,
        "It jams again."
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn smtp_down_retries_then_dead_letter_then_retry_sends() {
    let dir = tempfile::tempdir().unwrap();
    let down = peers::free_port();
    let (app, folder, mb, ticket) = a_mailed_ticket(dir.path(), "outbox", down).await;

    let marker = peers::unique("dead-letter");
    reply_on(&app, ticket, &format!("Reply {marker}")).await;
    let mut now = sb_app_now();
    for attempt in 1..=delivery::MAX_ATTEMPTS {
        assert_eq!(app.deliver_outbox(now).await.unwrap(), 0);
        let items = app.outbox(None).await.unwrap();
        assert_eq!(items[0].attempts, attempt);
        now = items[0].next_attempt_at;
    }
    let dead = app.outbox(Some(OutboxState::Dead)).await.unwrap();
    assert_eq!(dead.len(), 1);
    assert!(
        dead[0]
            .last_error
            .as_deref()
            .unwrap()
            .contains("cannot reach"),
        "{dead:?}"
    );
    // Kept as the message: each reader gets it in their language.
    let said = dead[0]
        .last_error_msg
        .clone()
        .expect("the failure as a message");
    assert_eq!(said.id, "mail-unreachable", "{dead:?}");
    assert!(
        said.render(sb_i18n::Lang::Ru)
            .starts_with("не удаётся связаться с почтовым сервером"),
        "{said:?}"
    );
    assert_eq!(
        dead[0].ticket_number.as_deref(),
        Some(TicketNumber(ticket).to_string().as_str())
    );

    // The server is back; Retry sends it.
    let mut fixed = mailbox_input(&folder, peers::smtp().port);
    fixed.imap_password = None;
    app.update_mailbox(mb.id, fixed).await.unwrap();
    app.retry_outbox(dead[0].id).await.unwrap();
    assert_eq!(app.deliver_outbox(sb_app_now()).await.unwrap(), 1);
    sink_message_with(&format!("Reply {marker}"));
    assert!(app
        .outbox(Some(OutboxState::Dead))
        .await
        .unwrap()
        .is_empty());
}

/// The database failing while a reply is sent (the mailboxes table gone, standing for any
/// database failure) is the workspace's error, not an attempt of the reply's: the round fails
/// with the database's words and the reply stays as it was (pending, its attempts and due time
/// unchanged, no error on it), so it is not pushed toward a dead letter by failures of this
/// desk. The database back, it is sent.
#[tokio::test(flavor = "multi_thread")]
async fn a_database_failure_while_sending_a_reply_is_no_attempt_of_it() {
    use sqlx::Executor;
    let dir = tempfile::tempdir().unwrap();
    let (app, _, _, ticket) = a_mailed_ticket(dir.path(), "outbox-db", peers::smtp().port).await;
    let marker = peers::unique("db-away");
    reply_on(&app, ticket, &format!("Reply {marker}")).await;
    // The acknowledgement of the new ticket and the reply.
    let before = app.outbox(None).await.unwrap();
    assert_eq!(before.len(), 2, "{before:?}");
    assert!(
        before.iter().all(|i| i.state == OutboxState::Pending),
        "{before:?}"
    );

    app.store()
        .pool()
        .execute("ALTER TABLE mailboxes RENAME TO mailboxes_away")
        .await
        .unwrap();
    let e = app
        .deliver_outbox(sb_app_now())
        .await
        .expect_err("the workspace's own failure");
    let said = e.msg.clone().unwrap_or_else(|| panic!("no message: {e:?}"));
    assert_eq!(said.id, "db-error", "{e:?}");
    assert!(e.message.contains("mailboxes"), "{e:?}");
    assert_eq!(app.outbox(None).await.unwrap(), before, "as it was");

    app.store()
        .pool()
        .execute("ALTER TABLE mailboxes_away RENAME TO mailboxes")
        .await
        .unwrap();
    both_sent_on_their_first_attempt(&app, &format!("Reply {marker}")).await;
}

/// A round sends the acknowledgement and the reply that holds `reply`, and the outbox
/// counts one attempt of each: the one that went out.
pub(crate) async fn both_sent_on_their_first_attempt(app: &App, reply: &str) {
    assert_eq!(app.deliver_outbox(sb_app_now()).await.unwrap(), 2);
    sink_message_with(reply);
    let sent = app.outbox(None).await.unwrap();
    assert!(
        sent.iter()
            .all(|i| (i.state, i.attempts) == (OutboxState::Sent, 1)),
        "one attempt each, the one that went out: {sent:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn test_connection_says_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path()).await;
    let folder = new_folder("test-conn").await;
    let good = app
        .create_mailbox(mailbox_input(&folder, peers::smtp().port))
        .await
        .unwrap();
    let t = app.test_mailbox(good.id).await.unwrap();
    assert!(t.imap.ok && t.smtp.ok, "{t:?}");

    let mut wrong_password = mailbox_input("INBOX", peers::smtp().port);
    wrong_password.name = "Wrong password".into();
    wrong_password.imap_password = Some("not-the-password".into());
    let id = app.create_mailbox(wrong_password).await.unwrap().id;
    let t = app.test_mailbox(id).await.unwrap();
    assert_eq!(t.imap.code.as_deref(), Some("mail_login_refused"), "{t:?}");
    assert!(!t.imap.message.unwrap().contains("not-the-password"));

    let mut no_folder = mailbox_input("No-Such-Folder", peers::smtp().port);
    no_folder.name = "No folder".into();
    let id = app.create_mailbox(no_folder).await.unwrap().id;
    assert_eq!(
        app.test_mailbox(id).await.unwrap().imap.code.as_deref(),
        Some("mail_folder_missing")
    );

    let mut unreachable = mailbox_input("INBOX", peers::free_port());
    unreachable.name = "Unreachable".into();
    unreachable.imap_port = i64::from(peers::free_port());
    let id = app.create_mailbox(unreachable).await.unwrap().id;
    let t = app.test_mailbox(id).await.unwrap();
    assert_eq!(t.imap.code.as_deref(), Some("mail_unreachable"));
    assert_eq!(t.smtp.code.as_deref(), Some("mail_unreachable"));

    // Removing a mailbox forgets its password.
    app.remove_mailbox(id).await.unwrap();
    assert_eq!(app.mailbox(id).await.unwrap_err().code, ErrorCode::NotFound);
}

fn sb_app_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

#[tokio::test(flavor = "multi_thread")]
async fn the_workers_read_with_idle_and_deliver_replies_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let app = std::sync::Arc::new(open_app(dir.path()).await);
    client(&app, "ACME", "ann.lee@example.com").await;
    let folder = new_folder("workers").await;
    let mut input = mailbox_input(&folder, peers::smtp().port);
    // Longer than the test: only IDLE can bring the mail in time.
    input.poll_seconds = 3600;
    let mb = app.create_mailbox(input).await.unwrap();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let workers = tokio::spawn(app.clone().run_background_work(stopped));

    let waited = |what: &'static str| {
        let deadline = Instant::now() + Duration::from_secs(30);
        move || assert!(Instant::now() < deadline, "{what} did not happen in time")
    };
    // The reader has read the (empty) folder and waits in IDLE.
    let check = waited("the first read");
    while app.mailbox(mb.id).await.unwrap().last_polled_at.is_none() {
        check();
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    append(&folder, &[corpus("plain-ascii.eml")]).await;
    let check = waited("a ticket from IDLE");
    let ticket = loop {
        let made = app
            .store()
            .mail_in_state(MailState::Ticket, None, 10)
            .await
            .unwrap();
        if let Some(t) = made.first().and_then(|m| m.ticket_id) {
            break t;
        }
        check();
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let marker = peers::unique("relay");
    reply_on(&app, ticket, &format!("On our way {marker}")).await;
    let sent =
        tokio::task::spawn_blocking(move || sink_message_with(&format!("On our way {marker}")))
            .await
            .unwrap();
    assert!(sent.contains(&format!("[{}]", TicketNumber(ticket))));
    stop.send(true).unwrap();
    workers.await.unwrap();
}

/// `sb mail import`: messages from files take the same path as polled ones, many to a
/// commit; a reply to a message of the same run still threads, a message twice in one run is
/// made once, and a reply to a ticket finished before its reopen window opens a follow-up.
#[tokio::test(flavor = "multi_thread")]
async fn imported_files_thread_within_a_run_and_follow_up_old_tickets() {
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path()).await;
    let acme = client(&app, "ACME", "ann.lee@example.com").await;
    let folder = new_folder("import").await;
    let mb = app
        .create_mailbox(mailbox_input(&folder, peers::smtp().port))
        .await
        .unwrap();
    let question = reply(
        "ann.lee@example.com",
        "q1@example.com",
        "VPN drops",
        None,
        "VPN drops hourly.",
    );
    let answer = reply(
        "ann.lee@example.com",
        "a1@example.com",
        "Re: VPN drops",
        Some("q1@example.com"),
        "Also at home.\r\n\r\n> VPN drops hourly.",
    );
    let other = reply(
        "ann.lee@example.com",
        "q2@example.com",
        "Printer jams",
        None,
        "Paper jam.",
    );
    let report = app
        .import_mail(
            mb.id,
            &[
                question.clone(),
                answer,
                question,
                other,
                corpus("malformed.eml"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(
        (
            report.fetched,
            report.tickets,
            report.comments,
            report.quarantined,
            report.duplicates
        ),
        (5, 2, 1, 1, 1),
        "{report:?}"
    );
    let vpn = ticket_of(&app, "q1@example.com").await;
    let card = app.card(vpn).await.unwrap();
    assert_eq!(card.comments.len(), 1);
    let c = &card.comments[0];
    assert_eq!(c.body, "Also at home.");
    // Who wrote it is the sender, not the channel's system user.
    assert_eq!(c.author_name, "Email");
    assert_eq!(c.sender.as_deref(), Some("Ann Lee <ann.lee@example.com>"));

    // Closed 40 days ago: past the 30-day reopen window.
    let printer = ticket_of(&app, "q2@example.com").await;
    app.change_status(StatusInput {
        ticket_id: printer,
        to: Status::Resolved,
        note: Some("Cleared the jam".into()),
        version: app.ticket(printer).await.unwrap().version,
    })
    .await
    .unwrap();
    let forty_days = 40 * 24 * 3600 * 1000_i64;
    sqlx::query("UPDATE tickets SET resolved_at = resolved_at - $1 WHERE id = $2")
        .bind(forty_days)
        .bind(printer)
        .execute(app.store().pool())
        .await
        .unwrap();
    let late = reply(
        "ann.lee@example.com",
        "late@example.com",
        &format!("Re: [{}] Printer jams", TicketNumber(printer)),
        Some("q2@example.com"),
        "It jams again.",
    );
    let r = app.import_mail(mb.id, &[late]).await.unwrap();
    assert_eq!((r.tickets, r.comments), (1, 0), "{r:?}");
    let follow_up = ticket_of(&app, "late@example.com").await;
    assert_ne!(follow_up, printer);
    let t = app.ticket(follow_up).await.unwrap();
    assert_eq!((t.client_id, t.channel), (acme, Channel::Email));
    assert_eq!(app.ticket(printer).await.unwrap().status, Status::Resolved);
    let related = app.card(follow_up).await.unwrap().related;
    assert_eq!(related.iter().map(|r| r.id).collect::<Vec<_>>(), [printer]);
}

/// A vendor reached by email: the case and our public comments go to the vendor's support
/// address from a mailbox of the email channel; the vendor's answers come back through that
/// mailbox onto the ticket as the vendor's, first by our reference, then by the vendor's own
/// case number, once each.
#[tokio::test(flavor = "multi_thread")]
async fn a_vendor_by_email_gets_the_case_and_its_answers_come_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("switchboard.db");
    let app = App::open(Paths::in_folder(dir.path().join("home")), db.to_str())
        .await
        .unwrap();
    app.create_profile(NewProfile {
        name: "Olga".into(),
        role: Role::Admin,
    })
    .await
    .unwrap();
    let folder = new_folder("vendor-mail").await;
    let mailbox = app
        .create_mailbox(mailbox_input(&folder, peers::smtp().port))
        .await
        .unwrap();
    let client_id = client(&app, "ROMASHKA", "pavel@romashka.example").await;
    let ticket = app
        .create_ticket(sb_app::TicketInput {
            client_id,
            direction: "hardware".into(),
            subject: "Диск в СХД вышел из строя".into(),
            description: "Полка 2, диск 7: оранжевый индикатор.".into(),
            impact: sb_domain::Level::High,
            urgency: sb_domain::Level::High,
            channel: sb_domain::Channel::Phone,
            contact_id: None,
        })
        .await
        .unwrap();
    let support = format!("support-{folder}@partner.example");
    let vendor = app
        .create_vendor(sb_app::VendorInput {
            name: "Storage partner".into(),
            directions: vec![],
            kind: "email".into(),
            settings: [
                ("to", support.as_str()),
                ("mailbox", mailbox.name.as_str()),
                ("number_prefix", "Case #"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
            sla: vec![],
            contacts: vec![],
            per_minute: 60,
            enabled: true,
            secret: None,
        })
        .await
        .unwrap();
    let check = app.test_vendor(vendor.id).await.unwrap();
    assert!(
        check.ok && check.message.contains("desk@provider.example"),
        "{check:?}"
    );

    let bond = app
        .escalate(sb_app::EscalateInput {
            ticket_id: ticket.id,
            vendor_id: vendor.id,
            note: None,
        })
        .await
        .unwrap();
    let r = app.deliver_vendor_outbox(sb_app_now()).await.unwrap();
    assert_eq!(r.sent, 1, "{r:?}");
    let bond = app.bond(bond.id).await.unwrap();
    let sent = sink_message_with(&support);
    assert!(sent.contains(&bond.correlation), "{sent}");
    assert_eq!(
        header(&sent, "To").map(|t| t.contains(&support)),
        Some(true)
    );

    reply_on(&app, ticket.id, "Серийный номер диска: ZA1B2C3").await;
    let r = app.deliver_vendor_outbox(sb_app_now()).await.unwrap();
    assert_eq!(r.sent, 1, "{r:?}");
    let comment = sink_message_with(&format!("Re: [{}]", bond.correlation));
    let mail = sb_intake::email::parse(comment.as_bytes()).expect("a readable message");
    assert!(mail.to.iter().any(|a| a.email == support), "{comment}");
    assert!(mail.full_text.contains("ZA1B2C3"), "{comment}");
    let case_id = sb_vendors::email::case_message_id(&bond.correlation);
    assert_eq!(
        mail.in_reply_to
            .as_deref()
            .map(|i| i.trim_matches(['<', '>'])),
        Some(case_id.trim_matches(['<', '>'])),
        "threaded under the case's first message"
    );

    // An internal comment stays in: still two messages to this vendor (other tests share the
    // sink, so count only ours).
    let to_vendor = || {
        sink_messages()
            .iter()
            .filter(|m| m.contains(&support))
            .count()
    };
    assert_eq!(to_vendor(), 2);
    app.add_comment(sb_app::CommentInput {
        ticket_id: ticket.id,
        body: "Внутреннее: клиент просит скидку".into(),
        visibility: Visibility::Internal,
    })
    .await
    .unwrap();
    let r = app.deliver_vendor_outbox(sb_app_now()).await.unwrap();
    assert_eq!(r.sent, 0, "{r:?}");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(to_vendor(), 2);

    // The vendor answers with its own number beside our reference, then with its number only.
    let subject = format!("RE: Case #4521 [{}] Диск", bond.correlation);
    let first = unique_id("vendor-answer");
    let second = unique_id("vendor-update");
    append(
        &folder,
        &[
            reply(
                "ivan@partner.example",
                &first,
                &subject,
                None,
                "Высылаем диск курьером.",
            ),
            reply(
                "noc@partner.example",
                &second,
                "Case #4521 update",
                None,
                "Курьер будет завтра до 12:00.",
            ),
        ],
    )
    .await;
    let polled = app.poll_mailbox(mailbox.id).await.unwrap();
    assert_eq!((polled.comments, polled.tickets), (2, 0), "{polled:?}");
    app.poll_mailbox(mailbox.id).await.unwrap();
    let card = app.card(ticket.id).await.unwrap();
    let from_vendor: Vec<_> = card
        .comments
        .iter()
        .filter(|c| c.vendor.is_some())
        .collect();
    assert_eq!(from_vendor.len(), 2, "each answer once");
    assert!(from_vendor[0].body.contains("курьером"));
    assert_eq!(from_vendor[0].visibility, Visibility::Internal);
    assert!(from_vendor[1]
        .vendor
        .as_deref()
        .unwrap()
        .contains("case 4521"));
    let bond = app.bond(bond.id).await.unwrap();
    assert_eq!(bond.case_number.as_deref(), Some("4521"));
    assert!(bond.acknowledged_at.is_some());
}

fn unique_id(prefix: &str) -> String {
    format!("{}@partner.example", peers::unique(prefix))
}

/// One delivery policy (issue 15): the mail server's "never" (550, no such user) makes a
/// dead letter at once, with its class, instead of being tried twelve times; its "later" (451,
/// greylisting) is tried again.
#[tokio::test(flavor = "multi_thread")]
async fn a_refused_reply_is_a_dead_letter_at_once_and_a_greylisted_one_waits() {
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path()).await;
    client(&app, "ACME", "refused@client.example").await;
    client(&app, "GLOBEX", "later@client.example").await;
    let folder = new_folder("classes").await;
    let mb = app
        .create_mailbox(mailbox_input(&folder, peers::smtp().port))
        .await
        .unwrap();
    let mail = |from: &str, id: &str| {
        format!(
            "From: <{from}>\r\nTo: desk@provider.example\r\nSubject: Printer {id}\r\n\
             Message-ID: <{id}@client.example>\r\nMIME-Version: 1.0\r\n\
             Content-Type: text/plain; charset=us-ascii\r\n\r\nIt jams.\r\n"
        )
        .into_bytes()
    };
    let (refused_id, later_id) = (peers::unique("refused"), peers::unique("later"));
    append(
        &folder,
        &[
            mail("refused@client.example", &refused_id),
            mail("later@client.example", &later_id),
        ],
    )
    .await;
    app.poll_mailbox(mb.id).await.unwrap();
    for id in [&refused_id, &later_id] {
        let ticket = ticket_of(&app, &format!("{id}@client.example")).await;
        reply_on(&app, ticket, &format!("We are on it ({id})")).await;
    }
    assert_eq!(app.deliver_outbox(sb_app_now()).await.unwrap(), 0);
    let items = app.outbox(None).await.unwrap();
    let of = |needle: &str| {
        items
            .iter()
            .find(|i| i.to.contains(needle))
            .unwrap_or_else(|| panic!("no reply to {needle}: {items:?}"))
    };
    let refused = of("refused@");
    assert_eq!(refused.state, OutboxState::Dead, "{refused:?}");
    assert_eq!(refused.attempts, 1);
    assert_eq!(refused.error_class.map(|c| c.as_str()), Some("rejected"));
    assert!(
        refused
            .last_error
            .as_deref()
            .unwrap()
            .contains("No such user"),
        "{refused:?}"
    );
    let later = of("later@");
    assert_eq!(later.state, OutboxState::Pending, "{later:?}");
    assert_eq!(later.attempts, 1);
    assert_eq!(later.error_class.map(|c| c.as_str()), Some("deferred"));
    // A manual retry of the dead letter starts its attempts over, as a vendor message's does.
    let retried = app.retry_outbox(refused.id).await.unwrap();
    assert_eq!((retried.state, retried.attempts), (OutboxState::Pending, 0));
}

/// Channels that never stall (issue 15): between good messages, one with NUL characters (which
/// PostgreSQL cannot store in text) and one the workspace refuses (a test trigger stands for
/// any refused row). The good ones and the NUL one become tickets on both backends alike; the
/// refused one waits in quarantine with its reason, and one over the size limit with its header
/// only; each message is its own transaction with the mailbox's position after it, so the next
/// poll does not meet them again.
#[tokio::test(flavor = "multi_thread")]
async fn a_poison_message_between_good_ones_is_set_aside_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("poison.db").display().to_string();
    poison_story(&open_app_on(dir.path(), &db).await, false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_poison_message_between_good_ones_is_set_aside_on_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let app = open_app_on(dir.path(), &crate::util::pg::pg_url_for_new_database()).await;
    poison_story(&app, true).await;
}

async fn poison_story(app: &App, postgres: bool) {
    use sqlx::Executor;
    let refuse = if postgres {
        "CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
           IF NEW.subject LIKE '%POISON%' THEN RAISE EXCEPTION 'refused by the test trigger'; \
           END IF; RETURN NEW; END $$; \
         CREATE TRIGGER test_refuse BEFORE INSERT ON tickets \
           FOR EACH ROW EXECUTE FUNCTION test_refuse();"
    } else {
        "CREATE TRIGGER test_refuse BEFORE INSERT ON tickets WHEN NEW.subject LIKE '%POISON%' \
         BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END;"
    };
    app.store().pool().execute(refuse).await.unwrap();
    client(app, "ACME", "ann@client.example").await;
    let folder = new_folder("poison").await;
    let mb = app
        .create_mailbox(mailbox_input(&folder, peers::smtp().port))
        .await
        .unwrap();
    let tag = peers::unique("poison");
    let mail = |n: &str, subject: &str, body: &str| {
        format!(
            "From: Ann <ann@client.example>\r\nTo: desk@provider.example\r\n\
             Subject: {subject}\r\nMessage-ID: <{n}-{tag}@client.example>\r\nMIME-Version: 1.0\r\n\
             Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
        )
        .into_bytes()
    };
    append(
        &folder,
        &[
            mail("good-1", "Printer on floor 2", "It jams."),
            mail("nul", "Scanner\0 broken", "Dead\0 since the update."),
            mail("poison", "POISON: the database will refuse this", "x"),
            mail(
                "huge",
                "Logs attached",
                &"A 200 kB log line. ".repeat(10_000),
            ),
            mail("good-2", "VPN drops", "Every hour."),
        ],
    )
    .await;
    // Over the limit: only its header is downloaded, and it waits with the sizes.
    app.set_mail_size_limit(100_000);
    let report = app
        .poll_mailbox(mb.id)
        .await
        .expect("the poll goes past the refused message");
    assert_eq!(
        (report.fetched, report.tickets, report.quarantined),
        (5, 3, 2),
        "{report:?}"
    );
    let huge = app
        .quarantine()
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.message_id == format!("huge-{tag}@client.example"))
        .expect("the large message waits in quarantine");
    match huge.problem {
        Some(sb_domain::MailProblem::TooLarge { size, limit }) => {
            assert!(size > 190_000, "{size}");
            assert_eq!(limit, 100_000);
        }
        other => panic!("{other:?}"),
    }
    assert!(huge.size < 1_000, "only the header was kept: {huge:?}");
    assert_eq!(huge.subject.as_deref(), Some("Logs attached"));
    let nul = ticket_of(app, &format!("nul-{tag}@client.example")).await;
    let card = app.ticket(nul).await.unwrap();
    assert_eq!(
        card.subject, "Scanner\u{FFFD} broken",
        "the same on both backends"
    );
    let held = app.quarantine().await.unwrap();
    let poison = held
        .iter()
        .find(|m| m.message_id == format!("poison-{tag}@client.example"))
        .expect("the refused message waits in quarantine");
    assert!(
        poison
            .reason
            .as_deref()
            .unwrap()
            .contains("refused by the test trigger"),
        "{poison:?}"
    );
    assert!(matches!(
        poison.problem,
        Some(sb_domain::MailProblem::Refused { .. })
    ));
    ticket_of(app, &format!("good-2-{tag}@client.example")).await;
    // Read past: the next poll meets nothing old.
    let again = app.poll_mailbox(mb.id).await.unwrap();
    assert_eq!((again.fetched, again.quarantined), (0, 0), "{again:?}");
}

/// Seen, not silent (issue 15): a mail reader that cannot reach its server writes the error to
/// the log in the data folder, naming the mailbox, and never the password.
#[tokio::test(flavor = "multi_thread")]
async fn a_worker_error_is_in_the_log_and_the_password_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::in_folder(dir.path().join("home"));
    let _log = sb_app::start_log(&paths, "test").expect("this test process's one log");
    let app = std::sync::Arc::new(open_app(dir.path()).await);
    let mut input = mailbox_input("INBOX", peers::smtp().port);
    input.name = "Support (unreachable)".into();
    input.imap_port = i64::from(peers::free_port());
    input.imap_password = Some("Pw-never-in-the-log-7".into());
    app.create_mailbox(input).await.unwrap();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let workers = tokio::spawn(app.clone().run_background_work(stopped));
    let folder = sb_app::log_dir(&paths);
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let log = loop {
        let text: String = std::fs::read_dir(&folder)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                    .collect()
            })
            .unwrap_or_default();
        if text.contains("Support (unreachable)") && text.contains("background work failed") {
            break text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no worker error in the log: {text}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    stop.send(true).unwrap();
    workers.await.unwrap();
    assert!(log.contains("reading mail"), "{log}");
    assert!(log.contains("cannot reach"), "{log}");
    assert!(
        !log.contains("Pw-never-in-the-log-7"),
        "the password is in the log: {log}"
    );
}
