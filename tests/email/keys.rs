//! The key of mail without a Message-ID (issue 17): SHA-256 of its bytes since migration 0044;
//! a mail kept before under the old key (a hash a toolchain may change) is still the same
//! mail when it comes again.

use std::path::Path;

use sb_app::{App, MailSecurity, MailboxInput};
use sqlx::Executor;

use super::channel::open_app_on;

pub(super) fn mailbox() -> MailboxInput {
    MailboxInput {
        name: "Support".into(),
        imap_host: "127.0.0.1".into(),
        imap_port: 1,
        imap_security: MailSecurity::Plain,
        imap_user: "desk".into(),
        imap_folder: None,
        imap_password: Some("not-used".into()),
        smtp_host: "127.0.0.1".into(),
        smtp_port: 1,
        smtp_security: MailSecurity::Plain,
        smtp_user: None,
        smtp_password: None,
        from_address: "desk@provider.example".into(),
        direction: None,
        poll_seconds: 60,
        enabled: true,
    }
}

fn without_message_id(body: &str) -> Vec<u8> {
    format!(
        "From: Eve <eve@nowhere.example>\r\nTo: desk@provider.example\r\nSubject: Help\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

async fn kept(app: &App) -> Vec<String> {
    sqlx::query_scalar("SELECT message_id FROM mail_messages ORDER BY id")
        .fetch_all(app.store().pool())
        .await
        .unwrap()
}

async fn a_mail_kept_under_the_old_key_is_not_taken_in_twice(database: String, folder: &Path) {
    let app = open_app_on(folder, &database).await;
    let mb = app.create_mailbox(mailbox()).await.unwrap();
    let mail = without_message_id("The printer jams.");
    let first = app
        .import_mail(mb.id, std::slice::from_ref(&mail))
        .await
        .unwrap();
    assert_eq!((first.fetched, first.duplicates), (1, 0), "{first:?}");
    let key = kept(&app).await.remove(0);
    assert!(key.contains(".sha256-"), "{key}");

    // The workspace as an older Switchboard left it: the key from DefaultHasher, and
    // migration 0044 not run yet.
    let size = key.split('.').nth(1).unwrap().to_string();
    let old_key = format!("no-message-id.{size}.5f0e8a11c0ffee42@switchboard");
    app.store()
        .pool()
        .execute(
            format!(
                "UPDATE mail_messages SET message_id = '{old_key}'; \
                 DROP TABLE mail_legacy_keys; \
                 DELETE FROM _sqlx_migrations WHERE version = 44;"
            )
            .as_str(),
        )
        .await
        .unwrap();
    app.store().clone().close().await;
    drop(app);

    let app = App::open(
        sb_app::Paths::in_folder(folder.join("home")),
        Some(&database),
    )
    .await
    .expect("open and migrate");
    // The same mail again, as an IMAP server that drops the last line break hands it out.
    let again = mail[..mail.len() - 2].to_vec();
    let report = app.import_mail(mb.id, &[again]).await.unwrap();
    assert_eq!((report.fetched, report.duplicates), (1, 1), "{report:?}");
    assert_eq!(kept(&app).await, vec![old_key.clone()]);

    // Another mail of the very same size is a mail of its own, under the new key.
    let other = without_message_id("The printer burns");
    assert_eq!(other.len(), mail.len());
    let report = app.import_mail(mb.id, &[other]).await.unwrap();
    assert_eq!((report.fetched, report.duplicates), (1, 0), "{report:?}");
    let keys = kept(&app).await;
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert!(keys[1].contains(".sha256-") && keys[1] != key, "{keys:?}");
}

on_both_databases!(a_mail_kept_under_the_old_key_is_not_taken_in_twice);
