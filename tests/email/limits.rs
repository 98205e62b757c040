//! The workspace's input limits (issue 17, item 3) through the app: set with range checks,
//! kept in the workspace, read by intake; a mail past one waits in quarantine, kept whole, and
//! a person can accept it from its sender and subject.

use sb_app::{ErrorCode, QuarantineInput};
use sb_domain::limits::InputLimits;
use sb_domain::MailProblem;

use super::channel::{client, mailbox_input, open_app, open_app_on};

/// A mail of `parts` text parts from Ann.
fn many_parts(parts: usize) -> Vec<u8> {
    let mut mail = String::from(
        "From: Ann <ann.lee@example.com>\r\nMessage-ID: <parts@example.com>\r\n\
         Subject: many parts\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n",
    );
    for i in 0..parts {
        mail.push_str(&format!(
            "--b\r\nContent-Type: text/plain\r\n\r\npart {i}\r\n"
        ));
    }
    mail.push_str("--b--\r\n");
    mail.into_bytes()
}

async fn story(app: &sb_app::App) {
    assert_eq!(app.input_limits().await.unwrap(), InputLimits::default());
    // 0 and absurd figures are refused, naming the field.
    for (name, value) in [("mime_parts", 0), ("mail_bytes", u64::MAX), ("nope", 5)] {
        let e = app.set_input_limit(name, value).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput, "{e:?}");
    }
    let set = app.set_input_limit("mime_parts", 20).await.unwrap();
    assert_eq!(set.mime_parts, 20);
    assert_eq!(app.input_limits().await.unwrap().mime_parts, 20, "kept");

    let acme = client(app, "ACME", "ann.lee@example.com").await;
    let mb = app
        .create_mailbox(mailbox_input("limits", 1))
        .await
        .unwrap();
    let r = app.import_mail(mb.id, &[many_parts(30)]).await.unwrap();
    assert_eq!((r.tickets, r.quarantined), (0, 1), "{r:?}");
    let q = app.quarantine().await.unwrap();
    assert_eq!(
        q[0].problem,
        Some(MailProblem::OverLimit {
            limit: "mime_parts".into(),
            found: 31,
            allowed: 20,
        })
    );
    assert_eq!(q[0].subject.as_deref(), Some("many parts"));
    // Accepted from its sender and subject.
    let t = app
        .accept_quarantine(QuarantineInput {
            message_id: q[0].id,
            client_id: acme,
            direction: "software".into(),
            charset: None,
        })
        .await
        .unwrap();
    assert_eq!(t.subject, "many parts");

    // Text, a file, HTML nesting: each set low, each mail waits with its limit named.
    app.set_input_limit("text_bytes", 64 << 10).await.unwrap();
    app.set_input_limit("attachment_bytes", 64 << 10)
        .await
        .unwrap();
    app.set_input_limit("html_depth", 10).await.unwrap();
    let long_text = mail_with(
        "long-text",
        "text/plain",
        &"A line of the log.\r\n".repeat(5_000),
    );
    let deep = mail_with(
        "deep",
        "text/html",
        &format!(
            "{}deep{}",
            "<blockquote>".repeat(11),
            "</blockquote>".repeat(11)
        ),
    );
    let big_file = mail_with(
        "big-file",
        "multipart/mixed; boundary=\"b\"",
        &format!(
            "--b\r\nContent-Type: text/plain\r\n\r\nThe dump.\r\n--b\r\n\
             Content-Type: application/octet-stream\r\n\
             Content-Disposition: attachment; filename=\"dump.bin\"\r\n\r\n{}\r\n--b--\r\n",
            "x".repeat(100 << 10)
        ),
    );
    let r = app
        .import_mail(mb.id, &[long_text, deep, big_file])
        .await
        .unwrap();
    assert_eq!((r.tickets, r.quarantined), (0, 3), "{r:?}");
    let q = app.quarantine().await.unwrap();
    let limit_of = |subject: &str| {
        q.iter()
            .find(|m| m.subject.as_deref() == Some(subject))
            .and_then(|m| match &m.problem {
                Some(MailProblem::OverLimit { limit, allowed, .. }) => {
                    Some((limit.clone(), *allowed))
                }
                _ => None,
            })
    };
    assert_eq!(limit_of("long-text"), Some(("text_bytes".into(), 64 << 10)));
    assert_eq!(limit_of("deep"), Some(("html_depth".into(), 10)));
    assert_eq!(
        limit_of("big-file"),
        Some(("attachment_bytes".into(), 64 << 10))
    );

    // An Alertmanager answering with more than http_body_bytes: refused, the limit named.
    app.set_input_limit("http_body_bytes", 64 << 10)
        .await
        .unwrap();
    let url = endless_answer().await;
    let e = app
        .test_alert_source(sb_app::AlertSourceInput {
            name: "Big".into(),
            base_url: url,
            filter: Vec::new(),
            mapping: sb_app::AlertMappingDto::default(),
            poll_seconds: 60,
            enabled: true,
        })
        .await
        .unwrap_err();
    assert!(
        e.message.contains("over 65536 bytes") && e.message.contains("http_body_bytes"),
        "{e:?}"
    );
}

/// A mail from Ann with subject `subject` and a body of `content_type`.
fn mail_with(subject: &str, content_type: &str, body: &str) -> Vec<u8> {
    format!(
        "From: Ann <ann.lee@example.com>\r\nMessage-ID: <{subject}@example.com>\r\n\
         Subject: {subject}\r\nMIME-Version: 1.0\r\nContent-Type: {content_type}\r\n\r\n{body}"
    )
    .into_bytes()
}

/// A server that answers every request with 200 and a body that never ends; its address.
async fn endless_answer() -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let here = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", here.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut c, _)) = here.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = c.read(&mut buf).await;
                let _ = c
                    .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n")
                    .await;
                let chunk = vec![b' '; 16 << 10];
                while c.write_all(&chunk).await.is_ok() {}
            });
        }
    });
    url
}

#[tokio::test(flavor = "multi_thread")]
async fn limits_are_set_kept_and_read_by_intake_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    story(&open_app(dir.path()).await).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn limits_are_set_kept_and_read_by_intake_on_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::util::pg::pg_url_for_new_database();
    story(&open_app_on(dir.path(), &url).await).await;
}
