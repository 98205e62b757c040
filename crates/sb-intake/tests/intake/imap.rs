//! The IMAP client against a real IMAP server (pymap): fetching with a cursor, IDLE, and the
//! errors a settings form must tell apart.

use std::time::{Duration, Instant};

use async_imap::Session;
use sb_domain::Sensitive;
use sb_intake::email::imap::{test_connection, IdleOutcome, ImapSettings, Mailbox};
use sb_intake::email::{parse, MailError, Security};
use tokio::net::TcpStream;

use crate::corpus::corpus_file;
use crate::peers::{self, IMAP_PASSWORD, IMAP_USER};

fn settings(folder: &str) -> ImapSettings {
    ImapSettings {
        folder: folder.to_string(),
        timeout: Duration::from_secs(10),
        ..ImapSettings::new(
            "127.0.0.1",
            peers::imap().port,
            Security::Plain,
            IMAP_USER,
            Sensitive::new(IMAP_PASSWORD.to_string()),
        )
    }
}

/// A second, plain async-imap session: the "outside world" that delivers mail.
async fn delivery() -> Session<TcpStream> {
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

/// A new empty folder of this test's own.
async fn new_folder(prefix: &str) -> String {
    let folder = peers::unique(prefix);
    delivery().await.create(&folder).await.expect("CREATE");
    folder
}

async fn deliver(folder: &str, files: &[&str]) {
    let mut session = delivery().await;
    for file in files {
        session
            .append(folder, None, None, corpus_file(file))
            .await
            .unwrap_or_else(|e| panic!("APPEND {file}: {e}"));
    }
    session.logout().await.expect("LOGOUT");
}

fn subjects(batch: &sb_intake::email::imap::FetchBatch) -> Vec<String> {
    batch
        .messages
        .iter()
        .map(|m| parse(&m.raw).expect("fetched mail parses").subject)
        .collect()
}

#[tokio::test]
async fn appended_mail_is_fetched_once_and_the_cursor_advances() {
    let folder = new_folder("fetch").await;
    deliver(
        &folder,
        &["plain-ascii.eml", "koi8r.eml", "attachments.eml"],
    )
    .await;

    let mut mailbox = Mailbox::connect(&settings(&folder)).await.expect("connect");
    let first = mailbox.fetch_since(None).await.expect("first fetch");
    assert!(first.restarted, "a first fetch starts from the beginning");
    assert!(!first.more);
    assert_eq!(
        subjects(&first),
        [
            "Printer on 3rd floor does not print",
            "Сломался коммутатор",
            "Error report with screenshot"
        ]
    );
    // The bytes are the message as delivered, attachments and all.
    assert_eq!(first.messages[2].raw, corpus_file("attachments.eml"));
    let uids: Vec<u32> = first.messages.iter().map(|m| m.uid).collect();
    assert!(uids.windows(2).all(|w| w[0] < w[1]), "{uids:?}");
    assert_eq!(first.cursor.last_uid, *uids.last().unwrap());

    let again = mailbox
        .fetch_since(Some(first.cursor))
        .await
        .expect("second fetch");
    assert!(again.messages.is_empty(), "{again:?}");
    assert!(!again.restarted);
    assert_eq!(again.cursor, first.cursor);

    deliver(&folder, &["reply-tagged.eml"]).await;
    let third = mailbox
        .fetch_since(Some(again.cursor))
        .await
        .expect("third fetch");
    assert_eq!(subjects(&third), ["Re: [sb-000042] Принтер не печатает"]);
    assert!(third.cursor.last_uid > first.cursor.last_uid);
    mailbox.logout().await.expect("logout");
}

/// A message larger than the limit is never downloaded whole: its size comes first, then
/// only its header.
#[tokio::test]
async fn a_message_over_the_limit_comes_as_its_header_only() {
    let folder = new_folder("large").await;
    deliver(&folder, &["plain-ascii.eml", "attachments.eml"]).await;
    let mut mailbox = Mailbox::connect(&settings(&folder)).await.expect("connect");
    let new = mailbox.new_mail(None).await.expect("new mail");
    assert_eq!(new.messages.len(), 2);
    let whole = corpus_file("attachments.eml");
    let (uid, size) = new.messages[1];
    assert_eq!(size, whole.len() as u64, "the size the server reports");
    match mailbox.download(uid, size, 1_000).await.expect("download") {
        Some(sb_intake::email::imap::Download::TooLarge { header, size: s }) => {
            assert_eq!(s, size);
            assert!(header.len() < whole.len() && whole.starts_with(&header[..header.len() - 2]));
        }
        other => panic!("{other:?}"),
    }
    match mailbox.download(uid, size, size).await.expect("download") {
        Some(sb_intake::email::imap::Download::Whole(raw)) => assert_eq!(raw, whole),
        other => panic!("{other:?}"),
    }
    mailbox.logout().await.expect("logout");
}

#[tokio::test]
async fn a_new_uidvalidity_starts_over_and_says_so() {
    let folder = new_folder("uidvalidity").await;
    deliver(&folder, &["plain-ascii.eml"]).await;
    let mut mailbox = Mailbox::connect(&settings(&folder)).await.expect("connect");
    let first = mailbox.fetch_since(None).await.expect("fetch");
    mailbox.logout().await.expect("logout");

    // The folder is rebuilt: same name, new UIDVALIDITY, the old message delivered again.
    let mut admin = delivery().await;
    admin.delete(&folder).await.expect("DELETE");
    admin.create(&folder).await.expect("CREATE");
    admin.logout().await.expect("LOGOUT");
    deliver(&folder, &["plain-ascii.eml", "cp1251.eml"]).await;

    let mut mailbox = Mailbox::connect(&settings(&folder))
        .await
        .expect("connect again");
    let batch = mailbox
        .fetch_since(Some(first.cursor))
        .await
        .expect("fetch after rebuild");
    assert_ne!(batch.cursor.uid_validity, first.cursor.uid_validity);
    assert!(
        batch.restarted,
        "the caller must be told to de-duplicate by Message-ID"
    );
    assert_eq!(
        subjects(&batch),
        [
            "Printer on 3rd floor does not print",
            "Не работает 1С на складе"
        ]
    );
}

#[tokio::test]
async fn idle_wakes_on_new_mail_and_times_out_without() {
    let folder = new_folder("idle").await;
    let mut mailbox = Mailbox::connect(&settings(&folder)).await.expect("connect");
    assert!(mailbox.supports_idle());
    let empty = mailbox.fetch_since(None).await.expect("fetch");
    assert!(empty.messages.is_empty());

    let started = Instant::now();
    assert_eq!(
        mailbox
            .idle(Duration::from_millis(700))
            .await
            .expect("idle"),
        IdleOutcome::Timeout
    );
    assert!(started.elapsed() >= Duration::from_millis(600));

    let delivering = {
        let folder = folder.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(500)).await;
            deliver(&folder, &["utf8-russian.eml"]).await;
        })
    };
    let started = Instant::now();
    let outcome = mailbox.idle(Duration::from_secs(20)).await.expect("idle");
    assert_eq!(outcome, IdleOutcome::NewMail);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "woke only after {:?}",
        started.elapsed()
    );
    delivering.await.unwrap();

    let batch = mailbox
        .fetch_since(Some(empty.cursor))
        .await
        .expect("fetch after idle");
    assert_eq!(subjects(&batch), ["Не открывается почта"]);
    mailbox.logout().await.expect("logout");
}

#[tokio::test]
async fn settings_check_passes_for_good_settings() {
    test_connection(&settings("INBOX"))
        .await
        .expect("test connection");
}

#[tokio::test]
async fn wrong_password_is_a_login_error_without_the_password() {
    let mut s = settings("INBOX");
    s.password = Sensitive::new("hunter2-wrong".to_string());
    let err = Mailbox::connect(&s)
        .await
        .expect_err("a wrong password logs in");
    assert!(matches!(err, MailError::LoginRefused { .. }), "{err:?}");
    assert_eq!(err.code(), "mail_login_refused");
    let text = format!("{err} {err:?} {s:?}");
    assert!(
        text.contains("refused the login of user 'demouser'"),
        "{text}"
    );
    assert!(!text.contains("hunter2"), "the password leaked: {text}");
}

#[tokio::test]
async fn missing_folder_is_named() {
    let err = Mailbox::connect(&settings("No Such Folder"))
        .await
        .expect_err("folder found");
    assert!(matches!(err, MailError::FolderMissing { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("the folder 'No Such Folder' does not exist"),
        "{err}"
    );
}

#[tokio::test]
async fn closed_port_is_a_reach_error() {
    let mut s = settings("INBOX");
    s.port = peers::free_port();
    let err = Mailbox::connect(&s)
        .await
        .expect_err("connected to nothing");
    assert!(matches!(err, MailError::Unreachable { .. }), "{err:?}");
    assert!(err.to_string().starts_with(&format!(
        "cannot reach the mail server 127.0.0.1:{}",
        s.port
    )));
}

#[tokio::test]
async fn a_silent_server_times_out_instead_of_hanging() {
    // Takes the connection and never says a word, like a hung server.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let _held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket);
        }
    });
    let mut s = settings("INBOX");
    s.port = port;
    s.timeout = Duration::from_millis(800);
    let started = Instant::now();
    let err = Mailbox::connect(&s)
        .await
        .expect_err("a silent server answered");
    assert!(
        matches!(
            err,
            MailError::Timeout {
                during: "waiting for the greeting",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn tls_against_a_plain_server_is_a_tls_error() {
    let mut s = settings("INBOX");
    s.security = Security::Tls;
    let err = Mailbox::connect(&s)
        .await
        .expect_err("TLS with a plain server");
    assert!(matches!(err, MailError::Tls { .. }), "{err:?}");

    // pymap without a certificate cannot complete STARTTLS either.
    s.security = Security::StartTls;
    let err = Mailbox::connect(&s)
        .await
        .expect_err("STARTTLS without a certificate");
    assert!(matches!(err, MailError::Tls { .. }), "{err:?}");
    assert!(
        err.to_string().contains("check the security setting"),
        "{err}"
    );
}
