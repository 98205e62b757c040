//! Switchboard's integration tests: one binary (it links once), one module per capability.
//!
//! PostgreSQL stories need no setup: `util::pg` starts a throwaway server for the run, or uses
//! the one `SB_TEST_PG_URL` names.

// First: its macros (the on-both-backends runners) serve the modules below.
#[macro_use]
mod util;

mod cli_language;
mod crash;
mod demo;
mod desk;
mod e2e;
mod edits;
mod email;
mod ledger;
mod live;
mod metrics;
mod monitoring;
mod move_backup;
mod notices;
mod routing;
mod sla;
mod store;
mod team_roles;
mod team_tls;
mod thresholds;
mod vendor_seeds;
mod vendor_servers;
mod vendor_truth;
mod vendors;
mod work;
mod writers;
