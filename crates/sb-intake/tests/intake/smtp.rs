//! The SMTP client against a real SMTP server (aiosmtpd saving what it receives), read back
//! with the crate's own parser.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use sb_domain::TicketNumber;
use sb_intake::email::smtp::{reply_subject, send, test_connection, OutgoingEmail, SmtpSettings};
use sb_intake::email::{parse, Address, MailError, Security};

use crate::peers;

fn settings() -> SmtpSettings {
    SmtpSettings {
        timeout: Duration::from_secs(10),
        ..SmtpSettings::new(
            "127.0.0.1",
            peers::smtp().port,
            Security::Plain,
            Address::new("desk@provider.example", Some("Служба поддержки")),
        )
    }
}

/// The saved message that holds `needle`, and its envelope recipients, once it arrives.
fn received(needle: &str) -> (Vec<u8>, String) {
    let folder = peers::smtp().dir.join("mail");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        for file in files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "eml"))
        {
            let raw = std::fs::read(file).unwrap();
            if raw.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                let rcpt = std::fs::read_to_string(file.with_extension("rcpt")).unwrap_or_default();
                return (raw, rcpt);
            }
        }
        assert!(
            Instant::now() < deadline,
            "no message with {needle:?} arrived in {}",
            folder.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test]
async fn a_cyrillic_reply_arrives_threaded() {
    let message_id = format!("{}@provider.example", peers::unique("sb-42-reply"));
    let email = OutgoingEmail {
        to: vec![Address::new("ivan.petrov@example.ru", Some("Иван Петров"))],
        subject: reply_subject(TicketNumber(42), "RE: Re: Принтер не печатает"),
        text: "Иван, добрый день!\n\nКартридж заменили, принтер печатает.\n-- \nСлужба поддержки"
            .into(),
        message_id: message_id.clone(),
        in_reply_to: Some("reply-10@example.ru".into()),
        references: vec!["first-10@example.ru".into(), "reply-10@example.ru".into()],
    };
    send(&settings(), &email).await.expect("send");

    let (raw, rcpt) = received(&message_id);
    assert!(
        raw.is_ascii(),
        "headers and body are encoded for 7-bit transport"
    );
    assert_eq!(rcpt, "ivan.petrov@example.ru");
    let mail = parse(&raw).expect("the sent message parses");
    assert_eq!(mail.subject, "Re: [SB-000042] Принтер не печатает");
    assert_eq!(mail.ticket_number, Some(TicketNumber(42)));
    assert_eq!(mail.message_id.as_deref(), Some(message_id.as_str()));
    assert_eq!(mail.in_reply_to.as_deref(), Some("reply-10@example.ru"));
    assert_eq!(
        mail.references,
        ["first-10@example.ru", "reply-10@example.ru"]
    );
    assert_eq!(
        mail.from,
        Address::new("desk@provider.example", Some("Служба поддержки"))
    );
    assert_eq!(
        mail.to,
        [Address::new("ivan.petrov@example.ru", Some("Иван Петров"))]
    );
    assert_eq!(
        mail.full_text,
        "Иван, добрый день!\n\nКартридж заменили, принтер печатает.\n--\nСлужба поддержки"
    );
    assert!(mail.date.is_some());
}

#[tokio::test]
async fn settings_check_passes_for_good_settings() {
    test_connection(&settings()).await.expect("test connection");
}

#[tokio::test]
async fn closed_port_is_a_reach_error() {
    let mut s = settings();
    s.port = peers::free_port();
    let err = test_connection(&s).await.expect_err("connected to nothing");
    assert!(matches!(err, MailError::Unreachable { .. }), "{err:?}");
    let email = OutgoingEmail {
        to: vec![Address::new("a@example.com", None)],
        subject: "x".into(),
        text: "x".into(),
        message_id: "x@provider.example".into(),
        in_reply_to: None,
        references: vec![],
    };
    let err = send(&s, &email).await.expect_err("sent to nothing");
    assert!(matches!(err, MailError::Unreachable { .. }), "{err:?}");
    assert_eq!(err.code(), "mail_unreachable");
}

/// The one delivery policy's classes from a real server's answers: a 4xx ("later") passes by
/// itself and is tried again; a 5xx ("never") and a closed port are told apart.
#[tokio::test]
async fn a_later_and_a_never_are_told_apart() {
    let mail = |to: &str| OutgoingEmail {
        to: vec![Address::new(to, None)],
        subject: "Status".into(),
        text: "Still on it.".into(),
        message_id: format!("{}@provider.example", peers::unique("class")),
        in_reply_to: None,
        references: vec![],
    };
    let later = send(&settings(), &mail("later@client.example"))
        .await
        .expect_err("greylisted");
    assert!(matches!(later, MailError::Deferred { .. }), "{later:?}");
    assert!(later.failure_class().passes_by_itself(), "{later:?}");
    assert_eq!(later.code(), "mail_deferred");
    let never = send(&settings(), &mail("refused@client.example"))
        .await
        .expect_err("no such user");
    assert!(matches!(never, MailError::Rejected { .. }), "{never:?}");
    assert!(!never.failure_class().passes_by_itself(), "{never:?}");
    let mut closed = settings();
    closed.port = peers::free_port();
    let unreachable = send(&closed, &mail("a@client.example"))
        .await
        .expect_err("nothing there");
    assert_eq!(
        unreachable.failure_class(),
        sb_domain::delivery::FailureClass::Unreachable
    );
}

/// A server that asks for a login: the right one sends, a wrong password is refused as a login
/// (a setting for a person to fix), and says whose.
#[tokio::test]
async fn a_login_the_server_takes_sends_and_a_wrong_one_is_refused() {
    let mail = |marker: &str| OutgoingEmail {
        to: vec![Address::new("ann.lee@client.example", None)],
        subject: "Status".into(),
        text: format!("Still on it ({marker})."),
        message_id: format!("{}@provider.example", peers::unique("login")),
        in_reply_to: None,
        references: vec![],
    };
    let login = |password: &str| SmtpSettings {
        user: Some(peers::SMTP_USER.into()),
        password: Some(sb_domain::Sensitive::new(password.to_string())),
        ..settings()
    };
    let marker = peers::unique("logged-in");
    send(&login(peers::SMTP_PASSWORD), &mail(&marker))
        .await
        .expect("the login the server takes");
    received(&marker);
    test_connection(&login(peers::SMTP_PASSWORD))
        .await
        .expect("Test connection logs in too");

    let refused = send(&login("not-the-password"), &mail("never"))
        .await
        .expect_err("a wrong password");
    assert!(
        matches!(&refused, MailError::LoginRefused { user, .. } if user == peers::SMTP_USER),
        "{refused:?}"
    );
    assert_eq!(refused.code(), "mail_login_refused");
    assert!(!refused.failure_class().passes_by_itself(), "{refused:?}");
    assert!(!format!("{refused:?}").contains("not-the-password"));
    let check = test_connection(&login("not-the-password"))
        .await
        .expect_err("Test connection finds the wrong password");
    assert_eq!(check.code(), "mail_login_refused", "{check:?}");
}
