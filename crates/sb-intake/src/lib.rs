//! Email and monitoring alerts in and out: the IMAP, SMTP and Alertmanager clients, and the
//! parsing that turns raw mail and alerts into what a ticket needs. No database: the app layer
//! decides what becomes a ticket and remembers cursors.
//!
//! API Boundary: wire formats (RFC 5322, IMAP, SMTP, Alertmanager JSON) stop here; callers get
//! plain structs and domain types (`TicketNumber`, `ClientCode`, `Direction`, `Level`).

pub mod alerts;
pub mod email;
