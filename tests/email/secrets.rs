//! A mailbox's passwords go only to the server they were typed for (issue 17): a changed
//! server, port or login without a new password forgets the stored one, and the mailbox asks
//! for it again instead of sending it to the new host.

use sb_app::{ErrorCode, MailSecurity};

use super::channel::open_app;
use super::keys::mailbox;

#[tokio::test(flavor = "multi_thread")]
async fn a_changed_server_forgets_the_password_kept_for_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path()).await;
    let mut input = mailbox();
    input.smtp_user = Some("desk".into());
    input.smtp_password = Some("smtp-secret".into());
    let mb = app.create_mailbox(input.clone()).await.unwrap();
    assert!(mb.has_imap_password && mb.has_smtp_password);

    // Saved again as it was, without passwords: both are kept.
    input.imap_password = None;
    input.smtp_password = None;
    input.poll_seconds = 120;
    let same = app.update_mailbox(mb.id, input.clone()).await.unwrap();
    assert!(same.has_imap_password && same.has_smtp_password);

    // Another IMAP server: its password is forgotten, the SMTP one (same server) kept.
    input.imap_host = "imap.elsewhere.example".into();
    let moved = app.update_mailbox(mb.id, input.clone()).await.unwrap();
    assert!(!moved.has_imap_password && moved.has_smtp_password);
    let err = app.test_mailbox(mb.id).await.unwrap().imap;
    assert!(!err.ok, "{err:?}");
    let poll = app.poll_mailbox(mb.id).await.unwrap_err();
    assert_eq!(poll.code, ErrorCode::SecretMissing, "{poll:?}");
    // It says why: forgotten because the server changed, and to type it again.
    assert!(
        poll.message.contains(
            "was forgotten because the IMAP server changed from 127.0.0.1 to imap.elsewhere.example"
        ) && poll.message.contains("type it again"),
        "{}",
        poll.message
    );
    // The mailbox keeps the failure as the message, for each reader's language.
    let kept = app
        .mailboxes()
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.id == mb.id)
        .unwrap();
    assert_eq!(kept.last_error.as_deref(), Some(poll.message.as_str()));
    assert_eq!(kept.last_error_msg, poll.msg);
    let ru = kept.last_error_msg.unwrap().render(sb_i18n::Lang::Ru);
    assert!(ru.contains("забыт, потому что"), "{ru}");

    // Another SMTP login: its password goes too; a new one typed with the change is kept.
    input.smtp_user = Some("someone-else".into());
    input.imap_password = Some("imap-secret".into());
    let moved = app.update_mailbox(mb.id, input.clone()).await.unwrap();
    assert!(moved.has_imap_password && !moved.has_smtp_password);
}

/// TLS to plain (or STARTTLS) would send the password in clear: a changed security mode
/// forgets it like a changed server, and the next poll says so.
#[tokio::test(flavor = "multi_thread")]
async fn a_changed_tls_mode_forgets_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let app = open_app(dir.path()).await;
    let mut input = mailbox();
    input.imap_security = MailSecurity::Tls;
    let mb = app.create_mailbox(input.clone()).await.unwrap();
    assert!(mb.has_imap_password);

    input.imap_password = None;
    input.imap_security = MailSecurity::StartTls;
    let downgraded = app.update_mailbox(mb.id, input.clone()).await.unwrap();
    assert!(!downgraded.has_imap_password);
    let poll = app.poll_mailbox(mb.id).await.unwrap_err();
    assert_eq!(poll.code, ErrorCode::SecretMissing, "{poll:?}");
    assert!(
        poll.message
            .contains("forgotten because the IMAP security changed from TLS to STARTTLS"),
        "{}",
        poll.message
    );

    // Typed again: kept, and the reason is gone with it.
    input.imap_password = Some("typed-again".into());
    let again = app.update_mailbox(mb.id, input.clone()).await.unwrap();
    assert!(again.has_imap_password);
    input.imap_password = None;
    input.imap_security = MailSecurity::Plain;
    app.update_mailbox(mb.id, input.clone()).await.unwrap();
    let poll = app.poll_mailbox(mb.id).await.unwrap_err();
    assert!(
        poll.message
            .contains("security changed from STARTTLS to no encryption"),
        "{}",
        poll.message
    );
}
