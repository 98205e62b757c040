//! The email channel: store stories on both backends (mailboxes, idempotent intake,
//! quarantine, the outbox's states), and the whole channel through `sb_app::App` against a
//! real IMAP server (pymap) and a real SMTP server (aiosmtpd) on loopback.
//!
//! Passwords go to the OS keychain: run inside a kernel keyring session (`make test` does,
//! with `keyctl session -`).

pub mod channel;
mod holes;
mod keychain;
mod keys;
mod limits;
mod realworld;
mod secrets;
mod store;
