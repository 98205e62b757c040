//! The ticket state machine: which status may follow which, what a move demands (a resolution
//! note to resolve or close), and how long a finished ticket may be reopened.

use sb_i18n::{msg, Msg};
use serde::{Deserialize, Serialize};

use crate::ticket::vocabulary;

vocabulary!(
    /// Where a ticket is in its life. `resolved` and `closed` are finished; both can be reopened
    /// within the policy's window.
    Status, "status", {
        New => "new",
        Open => "open",
        InProgress => "in_progress",
        PendingCustomer => "pending_customer",
        PendingVendor => "pending_vendor",
        Resolved => "resolved",
        Closed => "closed",
    }
);

/// How long after it was resolved or closed a ticket may still be reopened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReopenPolicy {
    pub window_days: i64,
}

impl Default for ReopenPolicy {
    fn default() -> Self {
        ReopenPolicy { window_days: 30 }
    }
}

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// What the store must record besides the new status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Only the status changes.
    Move,
    /// Stamp `resolved_at` and keep the resolution note.
    Resolve,
    /// Stamp `closed_at` (and `resolved_at` if it was never resolved) and keep the note.
    Close,
    /// Clear `resolved_at` and `closed_at`; the old note stays in the audit trail.
    Reopen,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("{}", self.msg())]
    Unchanged(Status),
    #[error("{}", self.msg())]
    NotAllowed {
        from: Status,
        to: Status,
        /// The statuses it may go to instead, in the order the window offers them.
        allowed: Vec<Status>,
    },
    #[error("{}", self.msg())]
    NoteRequired(Status),
    #[error("{}", self.msg())]
    ReopenWindowExpired { window_days: i64 },
}

impl TransitionError {
    /// The refusal for people, worded by its reader (`Display` is the English).
    pub fn msg(&self) -> Msg {
        match self {
            TransitionError::Unchanged(s) => msg!("transition-unchanged", status = s.name()),
            TransitionError::NotAllowed { from, to, allowed } => msg!(
                "transition-not-allowed",
                from = from.name(),
                to = to.name(),
                allowed = crate::ticket::list(allowed.iter().map(|s| s.name()))
            ),
            TransitionError::NoteRequired(s) => {
                msg!("transition-note-required", status = s.name())
            }
            TransitionError::ReopenWindowExpired { window_days } => {
                msg!("transition-reopen-expired", window_days = *window_days)
            }
        }
    }
}

impl Status {
    /// Not yet resolved or closed.
    pub fn is_active(self) -> bool {
        !self.is_finished()
    }

    /// The status in words, for messages (the stored word in English).
    pub fn name(self) -> Msg {
        msg!("status-name", status = self.as_str())
    }

    pub fn is_finished(self) -> bool {
        matches!(self, Status::Resolved | Status::Closed)
    }

    /// Every status this one may move to, in the order the window offers them.
    pub fn next(self) -> Vec<Status> {
        Status::ALL
            .iter()
            .copied()
            .filter(|&to| self.may_move_to(to))
            .collect()
    }

    fn may_move_to(self, to: Status) -> bool {
        if self == to || to == Status::New {
            return false;
        }
        match self {
            // Reopening goes back to work, never straight to waiting on someone.
            Status::Resolved => matches!(to, Status::Closed | Status::Open | Status::InProgress),
            Status::Closed => matches!(to, Status::Open | Status::InProgress),
            _ => true,
        }
    }
}

/// Checks a status change and says what it implies.
///
/// `finished_at_ms` is when the ticket was resolved (or closed, if later); `now_ms` the clock.
pub fn check_transition(
    from: Status,
    to: Status,
    note: Option<&str>,
    finished_at_ms: Option<i64>,
    now_ms: i64,
    policy: ReopenPolicy,
) -> Result<Effect, TransitionError> {
    if from == to {
        return Err(TransitionError::Unchanged(from));
    }
    if !from.may_move_to(to) {
        let allowed = from.next();
        return Err(TransitionError::NotAllowed { from, to, allowed });
    }
    let has_note = note.is_some_and(|n| !n.trim().is_empty());
    match to {
        Status::Resolved | Status::Closed if !has_note => Err(TransitionError::NoteRequired(to)),
        Status::Resolved => Ok(Effect::Resolve),
        Status::Closed => Ok(Effect::Close),
        _ if from.is_finished() => {
            let expired = finished_at_ms
                .is_some_and(|at| now_ms.saturating_sub(at) > policy.window_days * DAY_MS);
            if expired {
                Err(TransitionError::ReopenWindowExpired {
                    window_days: policy.window_days,
                })
            } else {
                Ok(Effect::Reopen)
            }
        }
        _ => Ok(Effect::Move),
    }
}

/// What a client's reply (by email) does to its ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyEffect {
    /// The ticket is in progress: the reply is a comment.
    Comment,
    /// The ticket waited for the client: a comment, and the ticket goes back to open (which
    /// ends the wait and its reminders).
    Answer,
    /// The ticket was finished within its reopen window: a comment, and the ticket reopens.
    Reopen(Effect),
    /// The ticket was finished longer ago: a new ticket follows it up (linked to the old one).
    FollowUp,
}

/// Where a reply to a ticket in `status` (finished at `finished_at`) goes on `now`.
pub fn reply_effect(
    status: Status,
    finished_at: Option<i64>,
    now: i64,
    policy: ReopenPolicy,
) -> Result<ReplyEffect, TransitionError> {
    if status == Status::PendingCustomer {
        return Ok(ReplyEffect::Answer);
    }
    if !matches!(status, Status::Resolved | Status::Closed) {
        return Ok(ReplyEffect::Comment);
    }
    match check_transition(status, Status::Open, None, finished_at, now, policy) {
        Ok(effect) => Ok(ReplyEffect::Reopen(effect)),
        Err(TransitionError::ReopenWindowExpired { .. }) => Ok(ReplyEffect::FollowUp),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use Status::*;

    const NOW: i64 = 1_800_000_000_000;

    fn check(from: Status, to: Status, note: Option<&str>, expected: Result<Effect, &str>) {
        let got = check_transition(
            from,
            to,
            note,
            Some(NOW - DAY_MS),
            NOW,
            ReopenPolicy::default(),
        );
        match (got, expected) {
            (Ok(g), Ok(e)) => assert_eq!(g, e, "{from} -> {to}"),
            (Err(g), Err(e)) => assert!(
                g.to_string().contains(e),
                "{from} -> {to}: error '{g}' does not say '{e}'"
            ),
            (got, expected) => panic!("{from} -> {to}: got {got:?}, expected {expected:?}"),
        }
    }

    /// The whole table: every pair of statuses, with and without a note.
    #[test]
    fn every_transition() {
        let active = [New, Open, InProgress, PendingCustomer, PendingVendor];
        for from in Status::ALL.iter().copied() {
            for to in Status::ALL.iter().copied() {
                let with_note = Some("replaced the PSU");
                if from == to {
                    check(from, to, with_note, Err("already"));
                } else if to == New {
                    check(from, to, with_note, Err("cannot go from"));
                } else if active.contains(&from) {
                    match to {
                        Resolved => {
                            check(from, to, None, Err("resolution note"));
                            check(from, to, Some("  "), Err("resolution note"));
                            check(from, to, with_note, Ok(Effect::Resolve));
                        }
                        Closed => {
                            check(from, to, None, Err("resolution note"));
                            check(from, to, with_note, Ok(Effect::Close));
                        }
                        _ => check(from, to, None, Ok(Effect::Move)),
                    }
                } else {
                    match (from, to) {
                        (Resolved, Closed) => {
                            check(from, to, None, Err("resolution note"));
                            check(from, to, with_note, Ok(Effect::Close));
                        }
                        (_, Open | InProgress) => check(from, to, None, Ok(Effect::Reopen)),
                        _ => check(from, to, with_note, Err("cannot go from")),
                    }
                }
            }
        }
    }

    #[test]
    fn reopen_window() {
        let policy = ReopenPolicy { window_days: 30 };
        let at = NOW - 30 * DAY_MS;
        assert_eq!(
            check_transition(Closed, Open, None, Some(at), NOW, policy),
            Ok(Effect::Reopen)
        );
        assert_eq!(
            check_transition(Closed, Open, None, Some(at - 1), NOW, policy),
            Err(TransitionError::ReopenWindowExpired { window_days: 30 })
        );
        assert_eq!(
            check_transition(Resolved, InProgress, None, Some(at - 1), NOW, policy),
            Err(TransitionError::ReopenWindowExpired { window_days: 30 })
        );
    }

    #[test]
    fn a_reply_comments_reopens_or_follows_up() {
        let p = ReopenPolicy::default();
        let day = 24 * 60 * 60 * 1000;
        // (status, finished days ago) -> effect
        for (status, ago, want) in [
            (InProgress, None, ReplyEffect::Comment),
            (PendingCustomer, None, ReplyEffect::Answer),
            (PendingVendor, None, ReplyEffect::Comment),
            (Resolved, Some(3), ReplyEffect::Reopen(Effect::Reopen)),
            (Closed, Some(29), ReplyEffect::Reopen(Effect::Reopen)),
            (Resolved, Some(31), ReplyEffect::FollowUp),
            (Closed, Some(400), ReplyEffect::FollowUp),
        ] {
            let finished = ago.map(|d: i64| NOW - d * day);
            assert_eq!(
                reply_effect(status, finished, NOW, p),
                Ok(want),
                "{status:?} {ago:?}"
            );
        }
    }

    #[test]
    fn refusal_names_the_way_forward() {
        let err = check_transition(
            Closed,
            PendingVendor,
            None,
            None,
            NOW,
            ReopenPolicy::default(),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "a ticket cannot go from closed to pending_vendor; from closed it can go to: open, in_progress"
        );
    }

    fn status() -> impl Strategy<Value = Status> {
        prop::sample::select(Status::ALL.to_vec())
    }

    proptest! {
        /// `next()` and `check_transition` agree: what is offered is accepted (with a note).
        #[test]
        fn offered_moves_are_accepted(from in status(), to in status()) {
            let ok = check_transition(from, to, Some("note"), Some(NOW), NOW, ReopenPolicy::default()).is_ok();
            prop_assert_eq!(ok, from.next().contains(&to));
        }

        /// A finished ticket can always come back inside the window: nothing is closed for good
        /// by accident.
        #[test]
        fn finished_tickets_can_be_reopened(from in prop::sample::select(vec![Resolved, Closed]), age_days in 0i64..=30) {
            let r = check_transition(from, Open, None, Some(NOW - age_days * DAY_MS), NOW, ReopenPolicy::default());
            prop_assert_eq!(r, Ok(Effect::Reopen));
        }
    }
}
