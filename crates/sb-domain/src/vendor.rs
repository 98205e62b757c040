//! Vendor cases followed from a ticket (bonds): the vendor's status mapped to ours, what the
//! vendor resolving its case does to the ticket, the vendor's clock against its underpinning SLA,
//! and the scorecard built from those clocks. Pure: no vendor names here, each connector maps its
//! own status vocabulary to [`VendorStatus`].

use serde::{Deserialize, Serialize};

use crate::lifecycle::Status;
use crate::ticket::vocabulary;

vocabulary!(
    /// A vendor's case status in Switchboard's words (each connector maps its own vocabulary).
    VendorStatus, "vendor status", {
        New => "new",
        Open => "open",
        Waiting => "waiting",
        Resolved => "resolved",
        Closed => "closed",
        Rejected => "rejected",
    }
);

vocabulary!(
    /// Where a bond (one ticket to one vendor case) is: `pending` until the vendor has the case,
    /// `failed` when the create became a dead letter.
    BondState, "bond state", {
        Pending => "pending",
        Open => "open",
        Suspended => "suspended",
        Resolved => "resolved",
        Closed => "closed",
        Failed => "failed",
    }
);

impl BondState {
    /// The bond's state once the vendor reports `status`.
    pub fn from_vendor(status: VendorStatus) -> BondState {
        match status {
            VendorStatus::New | VendorStatus::Open => BondState::Open,
            VendorStatus::Waiting => BondState::Suspended,
            VendorStatus::Resolved => BondState::Resolved,
            VendorStatus::Closed | VendorStatus::Rejected => BondState::Closed,
        }
    }

    /// The vendor is done with the case (for now).
    pub fn is_finished(self) -> bool {
        matches!(self, BondState::Resolved | BondState::Closed)
    }

    /// The case is still followed: our public comments go to it and the sync reads it (the
    /// store's SQL writes this as `state NOT IN ('closed', 'failed')`).
    pub fn is_followed(self) -> bool {
        !matches!(self, BondState::Closed | BondState::Failed)
    }
}

/// Whether a change at the vendor shows the vendor took the case up: it answered, or moved the
/// case on from new. The vendor's acknowledge clock stops at the first one.
pub fn acknowledges(status: VendorStatus, answered: bool) -> bool {
    answered || status != VendorStatus::New
}

vocabulary!(
    /// Whom an engineer's public comment is for: the client, the vendors following the ticket,
    /// or both.
    Audience, "audience", {
        Client => "client",
        Vendor => "vendor",
        Both => "both",
    }
);

impl Audience {
    /// The client hears of it (by email, on the portal).
    pub fn reaches_client(self) -> bool {
        matches!(self, Audience::Client | Audience::Both)
    }

    /// The vendors following the ticket get it.
    pub fn reaches_vendor(self) -> bool {
        matches!(self, Audience::Vendor | Audience::Both)
    }

    /// The audience of a public comment when the engineer does not choose one, from the states
    /// of the ticket's bonds: both while a vendor still works a case (pending, open,
    /// suspended), the client alone once every case is resolved or closed (a comment to a
    /// resolved case would reopen it at the vendor: only "Reopen at vendor" may do that).
    pub fn default_for(bonds: &[BondState]) -> Audience {
        if bonds.iter().any(|b| b.takes_comments()) {
            Audience::Both
        } else {
            Audience::Client
        }
    }
}

impl BondState {
    /// Our comments go to the case: the vendor still works it (a resolved case is left alone,
    /// a comment would reopen it at the vendor).
    pub fn takes_comments(self) -> bool {
        matches!(
            self,
            BondState::Pending | BondState::Open | BondState::Suspended
        )
    }
}

/// Whether a comment goes to the vendors following its ticket: a public comment written at the
/// desk (window, phone) for the vendor's eyes. Internal ones never; nor a client's email or a
/// vendor's own answer.
pub fn goes_to_vendors(
    visibility: crate::Visibility,
    channel: crate::Channel,
    audience: Audience,
) -> bool {
    visibility == crate::Visibility::Public
        && matches!(channel, crate::Channel::Desktop | crate::Channel::Phone)
        && audience.reaches_vendor()
}

/// Why a ticket cannot be escalated to a vendor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EscalationRefused {
    #[error("{}", self.msg())]
    VendorDisabled { vendor: String },
    #[error("{}", self.msg())]
    DirectionNotServed {
        vendor: String,
        direction: String,
        serves: String,
    },
    #[error("{}", self.msg())]
    TicketFinished { status: Status },
}

impl EscalationRefused {
    /// The refusal for people, worded by its reader (`Display` is the English).
    pub fn msg(&self) -> sb_i18n::Msg {
        use sb_i18n::msg;
        match self {
            EscalationRefused::VendorDisabled { vendor } => {
                msg!("escalation-vendor-disabled", vendor = vendor)
            }
            EscalationRefused::DirectionNotServed {
                vendor,
                direction,
                serves,
            } => msg!(
                "escalation-direction-not-served",
                vendor = vendor,
                direction = direction,
                serves = serves
            ),
            EscalationRefused::TicketFinished { status } => {
                msg!("escalation-ticket-finished", status = status.name())
            }
        }
    }
}

/// Whether a ticket (its direction and status) may go to this vendor (enabled, serving
/// `directions`, none meaning every one).
pub fn check_escalation(
    vendor: &str,
    enabled: bool,
    directions: &[String],
    direction: &str,
    status: Status,
) -> Result<(), EscalationRefused> {
    if !enabled {
        return Err(EscalationRefused::VendorDisabled {
            vendor: vendor.to_string(),
        });
    }
    if !directions.is_empty() && !directions.iter().any(|d| d == direction) {
        return Err(EscalationRefused::DirectionNotServed {
            vendor: vendor.to_string(),
            direction: direction.to_string(),
            serves: directions.join(", "),
        });
    }
    if status.is_finished() {
        return Err(EscalationRefused::TicketFinished { status });
    }
    Ok(())
}

/// What a change in the vendor's case does to our ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketEffect {
    /// Nothing moves.
    None,
    /// The vendor finished its case: the ticket comes back to an engineer (`open`), who confirms
    /// the fix with the client. Never straight to resolved or closed: the provider answers for
    /// the fix, not the vendor.
    ConfirmWithClient,
    /// The vendor took the case up again (or asked us something) while the ticket waited on
    /// the client's confirmation: the ticket waits on the vendor again.
    BackToVendor,
}

/// What moving a bond from `before` to `after` does to a ticket in `ticket`.
pub fn vendor_effect(before: BondState, after: BondState, ticket: Status) -> TicketEffect {
    if before == after || ticket.is_finished() {
        return TicketEffect::None;
    }
    if after.is_finished() && !before.is_finished() {
        return match ticket {
            Status::Open | Status::InProgress => TicketEffect::None,
            _ => TicketEffect::ConfirmWithClient,
        };
    }
    if before.is_finished() && !after.is_finished() && ticket == Status::Open {
        return TicketEffect::BackToVendor;
    }
    TicketEffect::None
}

/// The status our ticket takes for `effect`, if it moves.
pub fn effect_status(effect: TicketEffect) -> Option<Status> {
    match effect {
        TicketEffect::None => None,
        TicketEffect::ConfirmWithClient => Some(Status::Open),
        TicketEffect::BackToVendor => Some(Status::PendingVendor),
    }
}

/// The vendor's underpinning SLA for one direction: minutes from escalation to the vendor's
/// first answer (acknowledge) and to its resolution, on the wall clock (vendors' contracts here
/// run 24x7; `None`: no target).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UnderpinningSla {
    pub acknowledge_minutes: Option<i64>,
    pub resolve_minutes: Option<i64>,
}

impl UnderpinningSla {
    /// The SLA for `direction` from a vendor's list (direction, or `*` for every other one).
    pub fn for_direction(
        list: &std::collections::BTreeMap<String, UnderpinningSla>,
        direction: &str,
    ) -> UnderpinningSla {
        list.get(direction)
            .or_else(|| list.get("*"))
            .copied()
            .unwrap_or_default()
    }
}

/// One bond's clock: when the vendor got the case, first answered, and resolved it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BondClock {
    pub escalated_at: Option<i64>,
    pub acknowledged_at: Option<i64>,
    pub resolved_at: Option<i64>,
}

/// One target measured: met, breached, running (still within), or none set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetState {
    NoTarget,
    /// Not reached yet, due at `due_at`.
    Running {
        due_at: i64,
    },
    Met {
        took_minutes: i64,
    },
    Breached {
        took_minutes: Option<i64>,
        due_at: i64,
    },
}

const MINUTE_MS: i64 = 60_000;

fn target(start: Option<i64>, end: Option<i64>, minutes: Option<i64>, now: i64) -> TargetState {
    let (Some(start), Some(minutes)) = (start, minutes) else {
        return TargetState::NoTarget;
    };
    let due_at = start + minutes * MINUTE_MS;
    match end {
        Some(end) => {
            let took = (end - start).max(0) / MINUTE_MS;
            if end <= due_at {
                TargetState::Met { took_minutes: took }
            } else {
                TargetState::Breached {
                    took_minutes: Some(took),
                    due_at,
                }
            }
        }
        None if now > due_at => TargetState::Breached {
            took_minutes: None,
            due_at,
        },
        None => TargetState::Running { due_at },
    }
}

impl BondClock {
    pub fn acknowledge(&self, sla: UnderpinningSla, now: i64) -> TargetState {
        target(
            self.escalated_at,
            self.acknowledged_at,
            sla.acknowledge_minutes,
            now,
        )
    }

    pub fn resolve(&self, sla: UnderpinningSla, now: i64) -> TargetState {
        target(
            self.escalated_at,
            self.resolved_at,
            sla.resolve_minutes,
            now,
        )
    }

    /// Minutes from escalation to resolution, once resolved.
    pub fn turnaround_minutes(&self) -> Option<i64> {
        Some((self.resolved_at? - self.escalated_at?).max(0) / MINUTE_MS)
    }
}

/// A vendor's record for one direction: cases, turnaround and breaches.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scorecard {
    pub cases: i64,
    pub resolved: i64,
    pub median_turnaround_minutes: Option<i64>,
    pub p90_turnaround_minutes: Option<i64>,
    pub median_acknowledge_minutes: Option<i64>,
    pub acknowledge_breaches: i64,
    pub resolve_breaches: i64,
}

/// The `p`-th percentile (0..=100) of `sorted` by the nearest-rank method.
pub fn percentile(sorted: &[i64], p: u32) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let p = u64::from(p.min(100));
    let n = sorted.len() as u64;
    let rank = (p * n).div_ceil(100).max(1);
    sorted.get(usize::try_from(rank - 1).ok()?).copied()
}

/// The scorecard of `clocks` (one direction of one vendor) against `sla` at `now`.
pub fn scorecard(clocks: &[BondClock], sla: UnderpinningSla, now: i64) -> Scorecard {
    let mut turnaround: Vec<i64> = clocks
        .iter()
        .filter_map(BondClock::turnaround_minutes)
        .collect();
    turnaround.sort_unstable();
    let mut acknowledge: Vec<i64> = clocks
        .iter()
        .filter_map(|c| Some((c.acknowledged_at? - c.escalated_at?).max(0) / MINUTE_MS))
        .collect();
    acknowledge.sort_unstable();
    let breached = |t: TargetState| matches!(t, TargetState::Breached { .. });
    Scorecard {
        cases: clocks.len() as i64,
        resolved: turnaround.len() as i64,
        median_turnaround_minutes: percentile(&turnaround, 50),
        p90_turnaround_minutes: percentile(&turnaround, 90),
        median_acknowledge_minutes: percentile(&acknowledge, 50),
        acknowledge_breaches: clocks
            .iter()
            .filter(|c| breached(c.acknowledge(sla, now)))
            .count() as i64,
        resolve_breaches: clocks
            .iter()
            .filter(|c| breached(c.resolve(sla, now)))
            .count() as i64,
    }
}

/// The id Switchboard gives the vendor's case, so that a create sent twice (after a timeout)
/// is found rather than made again: the ticket's number, the bond's id, and the workspace's
/// tag (two databases escalating to one vendor have the same numbers).
pub fn correlation_id(ticket_number: &str, bond_id: i64, workspace: &str) -> String {
    format!("{ticket_number}/{bond_id}-{workspace}")
}

/// The line Switchboard puts under each comment it sends, so a comment whose answer was lost
/// is found before it is sent again, and the vendor sync knows the comment is ours.
pub fn comment_marker(key: &str) -> String {
    format!("[switchboard:{key}]")
}

/// Whether `line` is exactly one of our markers (`[switchboard:<key>]`), spaces around aside.
pub fn is_marker_line(line: &str) -> bool {
    let t = line.trim();
    t.strip_prefix("[switchboard:")
        .and_then(|rest| rest.strip_suffix(']'))
        .is_some_and(|key| {
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| !c.is_whitespace() && c != '[' && c != ']')
        })
}

/// Whether `body` is a comment Switchboard wrote, when the vendor's API gives no id to know it
/// by: our marker stands alone as its last line (blank lines after it aside). A marker anywhere
/// else, or quoted (`> [switchboard:...]`), is the vendor quoting us in a reply: theirs.
pub fn is_ours(body: &str) -> bool {
    body.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(is_marker_line)
}

/// Whether `body` is the comment we signed with `marker`: the marker as its last line, not
/// merely quoted in someone's reply.
pub fn signed_with(body: &str, marker: &str) -> bool {
    body.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim() == marker)
}

/// A vendor's reply with the attribution line of a quote it no longer holds taken off: once
/// the quoted lines are gone (as in mail), "Ann wrote:" or Redmine's "Ann wrote in #note-2:"
/// may be left standing first or last. Other lines stay as written.
pub fn without_attribution(reply: &str) -> String {
    fn attribution(line: &str) -> bool {
        let t = line.trim().trim_matches('*').trim();
        if t.ends_with(" wrote:") {
            return true;
        }
        t.strip_suffix(':')
            .and_then(|head| head.rsplit_once(" wrote in #note-"))
            .is_some_and(|(_, n)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    }
    let mut lines: Vec<&str> = reply.lines().collect();
    for _ in 0..2 {
        if let Some(first) = lines.iter().position(|l| !l.trim().is_empty()) {
            if attribution(lines[first]) {
                lines.remove(first);
            }
        }
        if let Some(last) = lines.iter().rposition(|l| !l.trim().is_empty()) {
            if attribution(lines[last]) {
                lines.remove(last);
            }
        }
    }
    let start = lines
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .map_or(start, |e| e + 1);
    lines[start..end.max(start)].join("\n")
}

/// A reply written below the quote it answers (the mail rule takes everything from the
/// attribution down as the old message, which leaves nothing here): the `>` lines and the
/// attribution above them taken out, the rest as written.
pub fn unquoted(reply: &str) -> String {
    let kept: Vec<&str> = reply
        .lines()
        .filter(|l| !l.trim_start().starts_with('>'))
        .collect();
    without_attribution(&kept.join("\n"))
}

/// Whether a comment read from a vendor's case is one Switchboard wrote: the vendor's id of it
/// is one we were given when we added it (`our_ids`), or else (an API that gives no id, or one
/// not recorded yet) our marker stands alone as its last line (see [`is_ours`]).
pub fn is_our_comment(id: &str, body: &str, our_ids: &[String]) -> bool {
    (!id.is_empty() && our_ids.iter().any(|o| o == id)) || is_ours(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const H: i64 = 60 * MINUTE_MS;

    #[test]
    fn vendor_statuses_map_to_bond_states() {
        use BondState as B;
        use VendorStatus as V;
        let table = [
            (V::New, B::Open),
            (V::Open, B::Open),
            (V::Waiting, B::Suspended),
            (V::Resolved, B::Resolved),
            (V::Closed, B::Closed),
            (V::Rejected, B::Closed),
        ];
        for (vendor, bond) in table {
            assert_eq!(BondState::from_vendor(vendor), bond, "{vendor}");
        }
    }

    #[test]
    fn the_vendor_resolving_brings_the_ticket_back_never_closes_it() {
        use BondState as B;
        use Status as S;
        let table = [
            (
                B::Open,
                B::Resolved,
                S::PendingVendor,
                TicketEffect::ConfirmWithClient,
            ),
            (
                B::Open,
                B::Closed,
                S::PendingVendor,
                TicketEffect::ConfirmWithClient,
            ),
            (
                B::Suspended,
                B::Resolved,
                S::PendingCustomer,
                TicketEffect::ConfirmWithClient,
            ),
            // An engineer already works it: it stays with them.
            (B::Open, B::Resolved, S::InProgress, TicketEffect::None),
            (B::Open, B::Resolved, S::Resolved, TicketEffect::None),
            (B::Resolved, B::Closed, S::Open, TicketEffect::None),
            (B::Resolved, B::Open, S::Open, TicketEffect::BackToVendor),
            (B::Resolved, B::Open, S::InProgress, TicketEffect::None),
            (B::Open, B::Suspended, S::PendingVendor, TicketEffect::None),
            (B::Open, B::Open, S::PendingVendor, TicketEffect::None),
        ];
        for (before, after, ticket, effect) in table {
            assert_eq!(
                vendor_effect(before, after, ticket),
                effect,
                "{before} -> {after} on a {ticket} ticket"
            );
        }
        assert_eq!(
            effect_status(TicketEffect::ConfirmWithClient),
            Some(Status::Open)
        );
    }

    #[test]
    fn targets_are_met_breached_or_running() {
        let sla = UnderpinningSla {
            acknowledge_minutes: Some(60),
            resolve_minutes: Some(8 * 60),
        };
        let clock = BondClock {
            escalated_at: Some(0),
            acknowledged_at: Some(30 * MINUTE_MS),
            resolved_at: None,
        };
        assert_eq!(
            clock.acknowledge(sla, 10 * H),
            TargetState::Met { took_minutes: 30 }
        );
        assert_eq!(
            clock.resolve(sla, 2 * H),
            TargetState::Running { due_at: 8 * H }
        );
        assert_eq!(
            clock.resolve(sla, 9 * H),
            TargetState::Breached {
                took_minutes: None,
                due_at: 8 * H
            }
        );
        let late = BondClock {
            acknowledged_at: Some(2 * H),
            resolved_at: Some(9 * H),
            ..clock
        };
        assert_eq!(
            late.acknowledge(sla, 10 * H),
            TargetState::Breached {
                took_minutes: Some(120),
                due_at: H
            }
        );
        assert_eq!(
            clock.acknowledge(UnderpinningSla::default(), 0),
            TargetState::NoTarget
        );
        assert_eq!(
            BondClock::default().resolve(sla, 0),
            TargetState::NoTarget,
            "not escalated yet: no clock"
        );
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&v, 50), Some(5));
        assert_eq!(percentile(&v, 90), Some(9));
        assert_eq!(percentile(&v, 100), Some(10));
        assert_eq!(percentile(&v, 0), Some(1));
        assert_eq!(percentile(&[7], 90), Some(7));
        assert_eq!(percentile(&[], 50), None);
    }

    #[test]
    fn a_scorecard_counts_cases_turnaround_and_breaches() {
        let sla = UnderpinningSla {
            acknowledge_minutes: Some(60),
            resolve_minutes: Some(240),
        };
        let c = |ack: Option<i64>, res: Option<i64>| BondClock {
            escalated_at: Some(0),
            acknowledged_at: ack.map(|m| m * MINUTE_MS),
            resolved_at: res.map(|m| m * MINUTE_MS),
        };
        let clocks = [
            c(Some(10), Some(100)),
            c(Some(90), Some(300)),
            c(Some(20), None),
            c(None, None),
        ];
        let card = scorecard(&clocks, sla, 1000 * MINUTE_MS);
        assert_eq!(card.cases, 4);
        assert_eq!(card.resolved, 2);
        assert_eq!(card.median_turnaround_minutes, Some(100));
        assert_eq!(card.p90_turnaround_minutes, Some(300));
        assert_eq!(card.median_acknowledge_minutes, Some(20));
        // Late answer, and one never answered by now.
        assert_eq!(card.acknowledge_breaches, 2);
        // 300 > 240, and two still open past 240 minutes.
        assert_eq!(card.resolve_breaches, 3);
    }

    #[test]
    fn escalation_needs_an_enabled_vendor_serving_the_direction_and_an_unfinished_ticket() {
        let net = vec!["network".to_string()];
        assert_eq!(
            check_escalation("A", true, &net, "network", Status::Open),
            Ok(())
        );
        assert_eq!(
            check_escalation("A", true, &[], "database", Status::New),
            Ok(())
        );
        assert!(matches!(
            check_escalation("A", false, &net, "network", Status::Open),
            Err(EscalationRefused::VendorDisabled { .. })
        ));
        let e = check_escalation("A", true, &net, "database", Status::Open).unwrap_err();
        assert!(
            e.to_string()
                .contains("does not serve database (it serves network)"),
            "{e}"
        );
        assert!(matches!(
            check_escalation("A", true, &net, "network", Status::Resolved),
            Err(EscalationRefused::TicketFinished { .. })
        ));
    }

    #[test]
    fn what_goes_to_vendors_and_what_acknowledges() {
        use crate::{Channel as C, Visibility as V};
        use Audience as A;
        assert!(goes_to_vendors(V::Public, C::Desktop, A::Both));
        assert!(goes_to_vendors(V::Public, C::Phone, A::Vendor));
        assert!(!goes_to_vendors(V::Public, C::Desktop, A::Client));
        assert!(!goes_to_vendors(V::Internal, C::Desktop, A::Both));
        assert!(
            !goes_to_vendors(V::Public, C::Email, A::Both),
            "a client's email"
        );
        assert!(
            !goes_to_vendors(V::Public, C::Vendor, A::Both),
            "the vendor's own answer"
        );
        assert!(!acknowledges(VendorStatus::New, false));
        assert!(acknowledges(VendorStatus::New, true));
        assert!(acknowledges(VendorStatus::Open, false));
        assert!(BondState::Suspended.is_followed());
        assert!(!BondState::Closed.is_followed() && !BondState::Failed.is_followed());
    }

    #[test]
    fn a_quotes_attribution_left_alone_is_taken_off() {
        let table: &[(&str, &str)] = &[
            (
                "Vendor Agent wrote in #note-2:\n\nWe replaced it.",
                "We replaced it.",
            ),
            ("We replaced it.\n\nOlga Admin wrote:", "We replaced it."),
            ("We replaced it.", "We replaced it."),
            (
                "He wrote: the log is attached.\nCheck it.",
                "He wrote: the log is attached.\nCheck it.",
            ),
            ("Line one\n\nLine two", "Line one\n\nLine two"),
            ("Ann wrote in #note-x:\nText", "Ann wrote in #note-x:\nText"),
            ("", ""),
        ];
        for (reply, kept) in table {
            assert_eq!(without_attribution(reply), *kept, "{reply:?}");
        }
        let below =
            "On Mon, root wrote:\n> Disk replaced.\n> [switchboard:c:1:2]\n\nWe send an engineer.";
        assert_eq!(unquoted(below), "We send an engineer.");
        assert_eq!(unquoted("> only a quote"), "");
        assert_eq!(
            unquoted("No quote at all.\nTwo lines."),
            "No quote at all.\nTwo lines."
        );
    }

    #[test]
    fn a_comment_goes_to_the_client_alone_once_the_vendor_resolved() {
        use Audience as A;
        use BondState as B;
        let table: &[(&[BondState], Audience)] = &[
            (&[], A::Client),
            (&[B::Open], A::Both),
            (&[B::Pending], A::Both),
            (&[B::Suspended], A::Both),
            (&[B::Resolved], A::Client),
            (&[B::Closed, B::Failed], A::Client),
            (&[B::Resolved, B::Open], A::Both),
        ];
        for (bonds, audience) in table {
            assert_eq!(Audience::default_for(bonds), *audience, "{bonds:?}");
        }
        assert!(A::Both.reaches_client() && A::Both.reaches_vendor());
        assert!(A::Client.reaches_client() && !A::Client.reaches_vendor());
        assert!(!A::Vendor.reaches_client() && A::Vendor.reaches_vendor());
        assert_eq!("vendor".parse::<Audience>(), Ok(A::Vendor));
    }

    #[test]
    fn a_directions_sla_else_the_star() {
        let mut list = std::collections::BTreeMap::new();
        let star = UnderpinningSla {
            acknowledge_minutes: Some(60),
            resolve_minutes: None,
        };
        let db = UnderpinningSla {
            acknowledge_minutes: Some(15),
            resolve_minutes: Some(240),
        };
        list.insert("*".to_string(), star);
        list.insert("database".to_string(), db);
        assert_eq!(UnderpinningSla::for_direction(&list, "database"), db);
        assert_eq!(UnderpinningSla::for_direction(&list, "network"), star);
        assert_eq!(
            UnderpinningSla::for_direction(&Default::default(), "network"),
            UnderpinningSla::default()
        );
    }

    #[test]
    fn markers_identify_our_comments() {
        let m = comment_marker("c-42");
        assert!(is_ours(&format!("Please check the disk.\n\n{m}")));
        assert!(!is_ours("Please check the disk."));
        // (body, ours?): only the marker standing alone as the last line is ours.
        let table: &[(&str, bool)] = &[
            ("Disk replaced.\n\n— Olga\n[switchboard:comment:3:17]", true),
            ("Disk replaced.\n[switchboard:comment:3:17]\n\n  \n", true),
            ("Disk replaced.\r\n[switchboard:comment:3:17]\r\n", true),
            ("  [switchboard:reopen:3:20]  ", true),
            // The vendor pressed Reply: our text quoted above or below theirs.
            (
                "On Mon, Olga wrote:\n> Disk replaced.\n> [switchboard:comment:3:17]\n\nWe see it.",
                false,
            ),
            (
                "We see it.\n\nOn Mon, Olga wrote:\n> Disk replaced.\n> [switchboard:comment:3:17]",
                false,
            ),
            ("We see it. [switchboard:comment:3:17]", false),
            ("[switchboard:comment:3:17] was your note; fixed.", false),
            ("Fixed.\n[switchboard:]", false),
            ("Fixed.\n[switchboard:a b]", false),
            ("", false),
        ];
        for (body, ours) in table {
            assert_eq!(is_ours(body), *ours, "{body:?}");
        }
        let ids = vec!["901".to_string()];
        assert!(is_our_comment("901", "no marker at all", &ids));
        assert!(!is_our_comment(
            "902",
            "Quoted:\n> [switchboard:x]\nThanks",
            &ids
        ));
        assert!(is_our_comment("", &format!("text\n{m}"), &ids));
        assert!(
            !is_our_comment("", "", &ids),
            "an empty id is never ours by id"
        );
        assert!(signed_with(&format!("text\n{m}\n"), &m));
        assert!(!signed_with(&format!("> text\n> {m}\nThanks"), &m));
        assert!(!signed_with(&format!("text\n{m}"), "[switchboard:other]"));
        assert_eq!(
            correlation_id("SB-000123", 7, "a1b2c3"),
            "SB-000123/7-a1b2c3"
        );
    }

    proptest! {
        #[test]
        fn percentiles_are_members_and_ordered(mut v in proptest::collection::vec(0i64..10_000, 1..200)) {
            v.sort_unstable();
            let p50 = percentile(&v, 50).unwrap();
            let p90 = percentile(&v, 90).unwrap();
            prop_assert!(v.contains(&p50) && v.contains(&p90));
            prop_assert!(p50 <= p90);
            let below = v.iter().filter(|&&x| x <= p90).count();
            prop_assert!(below * 10 >= v.len() * 9);
        }
    }
}
