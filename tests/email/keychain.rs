//! The keychain away while work waits: the desktop's keyring locked, or its service gone with
//! the session that held it. That is this desk failing for a while, not the work refused: the
//! replies and the vendor messages wait, untried and not dead, and the mail stays on the
//! server, until a round finds the keychain back.
//!
//! A desk process of its own, in a kernel keyring session of its own, revokes its session
//! keyring (as the end of a login session does) and tries each; this process, whose keyring
//! is there, finds everything as it was and sends it.

use std::path::PathBuf;
use std::process::Command;

use sb_app::{ApiError, App, ErrorCode, Paths};

use super::channel::{
    a_mailed_ticket_through, append, both_sent_on_their_first_attempt, mailbox_input, reply,
    reply_on, ticket_of,
};
use crate::util::peers::{self, now_ms, SMTP_PASSWORD, SMTP_USER};
use crate::vendors::{escalated, vendor_input};

#[tokio::test(flavor = "multi_thread")]
async fn the_keychain_away_loses_no_reply_no_vendor_message_and_no_mail() {
    let dir = tempfile::tempdir().unwrap();
    let (app, folder, mb, ticket) = a_mailed_ticket_through(dir.path(), "keychain", |f| {
        let mut input = mailbox_input(f, peers::smtp().port);
        input.smtp_user = Some(SMTP_USER.into());
        input.smtp_password = Some(SMTP_PASSWORD.into());
        input
    })
    .await;
    let marker = peers::unique("keychain-away");
    reply_on(&app, ticket, &format!("Reply {marker}")).await;
    let vendor = app
        .create_vendor(vendor_input(
            "Storage partner",
            "request_tracker",
            &[
                (
                    "base_url",
                    &format!("http://127.0.0.1:{}", peers::free_port()),
                ),
                ("queue", "General"),
                ("correlation_field", "Switchboard"),
            ],
            "rt-token",
        ))
        .await
        .unwrap();
    let bond = escalated(&app, ticket, vendor.id).await;
    append(
        &folder,
        &[reply(
            "ann.lee@example.com",
            &format!("{marker}@example.com"),
            "Printer: one more thing",
            None,
            "It jams on A3 too.",
        )],
    )
    .await;
    let outbox = app.outbox(None).await.unwrap();
    assert_eq!(
        outbox.len(),
        2,
        "the acknowledgement and the reply: {outbox:?}"
    );
    let vendor_outbox = app.vendor_outbox(None).await.unwrap();
    assert_eq!(vendor_outbox.len(), 1, "{vendor_outbox:?}");

    let db = dir.path().join("switchboard.db");
    let done = dir.path().join("away-done");
    // `keyctl session -`: the desk gets a session keyring of its own, so that revoking it
    // leaves this process's alone.
    let status = Command::new("keyctl")
        .args(["session", "-"])
        .arg(std::env::current_exe().unwrap())
        .args([
            "email::keychain::a_desk_whose_keychain_goes_away",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env("SB_AWAY_DB", &db)
        .env("SB_AWAY_HOME", dir.path().join("away"))
        .env("SB_AWAY_MAILBOX", mb.id.to_string())
        .env("SB_AWAY_DONE", &done)
        // The kernel's keyring, as on a desk without a desktop keyring.
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .status()
        .expect("start the desk whose keychain goes away");
    assert!(status.success(), "the desk whose keychain went away failed");
    assert!(
        done.exists(),
        "the desk's test did not run (its name changed?)"
    );

    assert_eq!(
        app.outbox(None).await.unwrap(),
        outbox,
        "the replies as they were"
    );
    assert_eq!(
        app.vendor_outbox(None).await.unwrap(),
        vendor_outbox,
        "the vendor message as it was"
    );
    assert_eq!(app.bond(bond.id).await.unwrap().state, "pending");
    let v = app.vendor(vendor.id).await.unwrap();
    assert_eq!((v.last_sync_error, v.last_sync_error_msg), (None, None));

    // The keychain here: the replies go, each on its first attempt, and the mail is read.
    both_sent_on_their_first_attempt(&app, &format!("Reply {marker}")).await;
    app.poll_mailbox(mb.id).await.unwrap();
    ticket_of(&app, &format!("{marker}@example.com")).await;
}

/// The desk of [`the_keychain_away_loses_no_reply_no_vendor_message_and_no_mail`]: only runs
/// when that test starts it, in a keyring session of its own.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "a desk process started by the_keychain_away_loses_no_reply_no_vendor_message_and_no_mail"]
async fn a_desk_whose_keychain_goes_away() {
    let (Ok(db), Ok(home), Ok(mailbox), Ok(done)) = (
        std::env::var("SB_AWAY_DB"),
        std::env::var("SB_AWAY_HOME"),
        std::env::var("SB_AWAY_MAILBOX"),
        std::env::var("SB_AWAY_DONE"),
    ) else {
        return;
    };
    let mailbox: i64 = mailbox.parse().unwrap();
    let app = App::open(Paths::in_folder(PathBuf::from(home)), Some(&db))
        .await
        .expect("open the workspace");
    let outbox = app.outbox(None).await.unwrap();
    let vendor_outbox = app.vendor_outbox(None).await.unwrap();
    revoke_session_keyring();

    let away = |what: &str, e: ApiError| {
        assert_eq!(e.code, ErrorCode::KeychainUnavailable, "{what}: {e:?}");
        let said = e
            .msg
            .clone()
            .unwrap_or_else(|| panic!("{what}: no message: {e:?}"));
        assert_eq!(said.id, "keychain-unavailable", "{what}: {e:?}");
    };
    away(
        "the replies",
        app.deliver_outbox(now_ms())
            .await
            .expect_err("no password to send with"),
    );
    assert_eq!(app.outbox(None).await.unwrap(), outbox, "untried, not dead");
    away(
        "the vendor message",
        app.deliver_vendor_outbox(now_ms())
            .await
            .expect_err("no token to send with"),
    );
    assert_eq!(
        app.vendor_outbox(None).await.unwrap(),
        vendor_outbox,
        "untried, not dead"
    );
    away(
        "the mail",
        app.poll_mailbox(mailbox)
            .await
            .expect_err("no password to read with"),
    );
    std::fs::write(done, b"").expect("say the desk's test ran");
}

/// This process's session keyring revoked, as when the login session that held it ends: every
/// use of the keychain after it fails.
fn revoke_session_keyring() {
    let revoked = Command::new("keyctl")
        .args(["revoke", "@s"])
        .status()
        .expect("run keyctl (make test installs keyutils)");
    assert!(revoked.success(), "keyctl revoke @s: {revoked}");
}
