//! Switchboard's business rules. Pure: no IO, no async, no database, no window.
//!
//! Architecture Invariant: every rule that can be checked without a database lives here, and
//! the store, the app layer, the CLI and the shell call it instead of repeating it.

pub mod access;
pub mod attachment;
pub mod body;
pub mod calendar;
pub mod client;
pub mod delivery;
pub mod handling;
pub mod ical;
pub mod inform;
pub mod ledger;
pub mod lifecycle;
pub mod limits;
pub mod mail;
pub mod metrics;
pub mod monitoring;
pub mod pacing;
pub mod routing;
pub mod search;
pub mod secret;
pub mod sla;
pub mod text;
pub mod ticket;
pub mod vendor;
pub mod work;
pub mod worktime;

pub use access::{told_of_crossings, Duty, Login, LoginError, MemberState};
pub use calendar::{BadDay, Day};
pub use client::{ClientCode, Contact, ContactDraft, EmailAddress};
pub use handling::{
    check_line_change, check_merge, check_not_merged, merge_note, LineError, LineMove, MergeError,
    MergeSide, MergedAway,
};
pub use lifecycle::{
    check_transition, reply_effect, Effect, ReopenPolicy, ReplyEffect, Status, TransitionError,
};
pub use mail::{cut, Cut, MailNote, MailProblem};
pub use monitoring::{plan_poll, AlertAction, AlertRowState, FiringAlert, KnownAlert, Poll};
pub use search::{normalize_tags, search_terms, suggestion_terms};
pub use secret::Sensitive;
pub use text::{optional, required, FieldError, Limits};
pub use ticket::{
    Channel, Direction, Level, Line, Priority, Role, TicketNumber, TicketNumberError, UnknownValue,
    Visibility,
};
