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
