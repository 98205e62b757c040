//! Fakes of the SaaS vendor systems the connectors talk to, which cannot run here. Each one is
//! an in-memory HTTP server on 127.0.0.1 that follows its vendor's published REST API as far as
//! Switchboard uses it: the payloads, the status vocabulary, the paging, the error bodies for
//! 401/403/404/400/422, and 429 with `Retry-After` once over the requests-per-second limit.
//!
//! `Fake::start(Options).await` gives a handle; it derefs to [`Backend`], which shows what the
//! vendor holds (cases by correlation id, comments, duplicates, request counts) and acts as the
//! vendor's own agent (comments, status changes). Dropping the handle stops the server.

pub mod jira;
pub mod servicenow;
pub mod zendesk;

mod server;
mod store;

pub use store::{Backend, Case, Comment, Options};
