//! Background work in units that one process holds at a time (a mailbox's reading, its
//! deliveries, an alert source's poll, a vendor's sync, its deliveries), and how long a hold
//! lasts before another process may take the unit over.

use std::fmt;

/// One unit of background work, named by what it serves. Its key (`mail-in:3`) names the
/// unit's lease row in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WorkUnit {
    /// Reading a mailbox (IMAP) into the queue.
    MailIn(i64),
    /// Sending a mailbox's replies (SMTP): the email outbox rows of that mailbox.
    MailOut(i64),
    /// Polling an Alertmanager.
    Alerts(i64),
    /// Reading a vendor's cases back.
    VendorSync(i64),
    /// Delivering to a vendor: its outbox messages, within its rate limit.
    VendorOut(i64),
    /// Counting again the SLA clocks of tickets changed since (one unit for the workspace:
    /// its id is 0).
    SlaClocks(i64),
    /// Reminding the clients of tickets that wait for them, and closing those that waited
    /// too long (one unit for the workspace: its id is 0).
    Notices(i64),
}

/// What kind of work a unit is, for lists and filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum WorkKind {
    MailIn,
    MailOut,
    Alerts,
    VendorSync,
    VendorOut,
    SlaClocks,
    Notices,
}

impl WorkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            WorkKind::MailIn => "mail-in",
            WorkKind::MailOut => "mail-out",
            WorkKind::Alerts => "alerts",
            WorkKind::VendorSync => "vendor-sync",
            WorkKind::VendorOut => "vendor-out",
            WorkKind::SlaClocks => "sla-clocks",
            WorkKind::Notices => "notices",
        }
    }

    /// What the unit does, in a few words for a list.
    pub fn label(self) -> &'static str {
        match self {
            WorkKind::MailIn => "reading mail",
            WorkKind::MailOut => "sending replies",
            WorkKind::Alerts => "polling alerts",
            WorkKind::VendorSync => "reading cases back",
            WorkKind::VendorOut => "delivering to the vendor",
            WorkKind::SlaClocks => "counting SLA clocks and report figures",
            WorkKind::Notices => "reminding clients who owe a reply",
        }
    }
}

impl WorkUnit {
    pub fn kind(self) -> WorkKind {
        match self {
            WorkUnit::MailIn(_) => WorkKind::MailIn,
            WorkUnit::MailOut(_) => WorkKind::MailOut,
            WorkUnit::Alerts(_) => WorkKind::Alerts,
            WorkUnit::VendorSync(_) => WorkKind::VendorSync,
            WorkUnit::VendorOut(_) => WorkKind::VendorOut,
            WorkUnit::SlaClocks(_) => WorkKind::SlaClocks,
            WorkUnit::Notices(_) => WorkKind::Notices,
        }
    }

    /// The id of the mailbox, alert source or vendor the unit serves.
    pub fn target(self) -> i64 {
        match self {
            WorkUnit::MailIn(id)
            | WorkUnit::MailOut(id)
            | WorkUnit::Alerts(id)
            | WorkUnit::VendorSync(id)
            | WorkUnit::VendorOut(id)
            | WorkUnit::SlaClocks(id)
            | WorkUnit::Notices(id) => id,
        }
    }

    pub fn key(self) -> String {
        self.to_string()
    }

    /// A key back into its unit; `None` for one this version does not know.
    pub fn parse(key: &str) -> Option<WorkUnit> {
        let (kind, id) = key.split_once(':')?;
        let id: i64 = id.parse().ok()?;
        Some(match kind {
            "mail-in" => WorkUnit::MailIn(id),
            "mail-out" => WorkUnit::MailOut(id),
            "alerts" => WorkUnit::Alerts(id),
            "vendor-sync" => WorkUnit::VendorSync(id),
            "vendor-out" => WorkUnit::VendorOut(id),
            "sla-clocks" => WorkUnit::SlaClocks(id),
            "notices" => WorkUnit::Notices(id),
            _ => return None,
        })
    }
}

impl fmt::Display for WorkUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind().as_str(), self.target())
    }
}

/// How long a hold lasts without a heartbeat: after it, another process takes the unit over.
pub const LEASE_MS: i64 = 60_000;

/// How often the holder renews its hold while it works: three beats fit in a lease, so one
/// slow beat does not lose it.
pub fn heartbeat_ms(lease_ms: i64) -> i64 {
    (lease_ms / 4).max(200)
}

/// How long a unit whose work failed `failures` times in a row waits before it runs again:
/// doubling from 5 s to 5 minutes, so a broken server is not hammered and a mended one is
/// back soon.
pub fn restart_delay_ms(failures: u32) -> i64 {
    let step = failures.saturating_sub(1).min(6);
    (5_000i64 << step).min(300_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_go_both_ways() {
        for unit in [
            WorkUnit::MailIn(3),
            WorkUnit::MailOut(3),
            WorkUnit::Alerts(7),
            WorkUnit::VendorSync(12),
            WorkUnit::VendorOut(12),
            WorkUnit::SlaClocks(0),
            WorkUnit::Notices(0),
        ] {
            assert_eq!(WorkUnit::parse(&unit.key()), Some(unit));
        }
        assert_eq!(WorkUnit::MailIn(3).key(), "mail-in:3");
        assert_eq!(WorkUnit::parse("mail-in:x"), None);
        assert_eq!(WorkUnit::parse("portal:1"), None);
        assert_eq!(WorkUnit::parse("vendor-out"), None);
    }

    #[test]
    fn restarts_back_off_to_five_minutes() {
        let delays: Vec<i64> = (1..=9).map(restart_delay_ms).collect();
        assert_eq!(
            delays,
            [5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]
        );
        assert_eq!(restart_delay_ms(0), 5_000);
        assert_eq!(restart_delay_ms(u32::MAX), 300_000);
        assert_eq!(heartbeat_ms(LEASE_MS), 15_000);
        assert_eq!(heartbeat_ms(100), 200);
    }
}
