//! sb-intake's integration tests, one binary: the mail corpus, and the real IMAP, SMTP and
//! Alertmanager servers that `peers` starts on loopback.

mod alerts;
mod bombs;
mod corpus;
mod hostile;
mod imap;
mod peers;
mod smtp;
