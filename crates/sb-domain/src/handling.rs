//! How a ticket moves between people and lines, and how duplicates are merged: the handover
//! note that escalation demands, and which merges make sense.

use sb_i18n::{msg, Msg};

use crate::ticket::{Line, TicketNumber};
use crate::Status;

impl Line {
    /// 1 for L1 .. 3 for L3.
    pub fn rank(self) -> u8 {
        match self {
            Line::L1 => 1,
            Line::L2 => 2,
            Line::L3 => 3,
        }
    }
}

/// What a line change is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineMove {
    /// Up to a more specialised line: the handover note is required.
    Escalate,
    /// Back down (for example, L2 found the fix and L1 confirms it with the client).
    Return,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    #[error("{}", self.msg())]
    Unchanged(Line),
    #[error("{}", self.msg())]
    HandoverRequired(Line),
}

impl LineError {
    /// The refusal for people, worded by its reader (`Display` is the English).
    pub fn msg(&self) -> Msg {
        match self {
            LineError::Unchanged(l) => msg!("line-unchanged", line = l.as_str().to_uppercase()),
            LineError::HandoverRequired(l) => {
                msg!("line-handover-required", line = l.as_str().to_uppercase())
            }
        }
    }
}

/// Checks a move between lines. Escalating needs a handover note; returning does not.
pub fn check_line_change(from: Line, to: Line, note: Option<&str>) -> Result<LineMove, LineError> {
    if from == to {
        return Err(LineError::Unchanged(from));
    }
    if to.rank() > from.rank() {
        if note.is_none_or(|n| n.trim().is_empty()) {
            return Err(LineError::HandoverRequired(to));
        }
        Ok(LineMove::Escalate)
    } else {
        Ok(LineMove::Return)
    }
}

/// What the merge rule needs to know of each ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MergeSide {
    pub id: i64,
    pub client_id: i64,
    pub status: Status,
    pub merged_into: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("{}", self.msg())]
    Itself,
    #[error("{}", self.msg())]
    OtherClient(TicketNumber),
    #[error("{}", self.msg())]
    AlreadyMerged(TicketNumber, TicketNumber),
    #[error("{}", self.msg())]
    IntoMerged(TicketNumber, TicketNumber),
}

impl MergeError {
    /// The refusal for people, worded by its reader (`Display` is the English).
    pub fn msg(&self) -> Msg {
        match self {
            MergeError::Itself => msg!("merge-itself"),
            MergeError::OtherClient(t) => msg!("merge-other-client", ticket = t.to_string()),
            MergeError::AlreadyMerged(t, into) => msg!(
                "merge-already-merged",
                ticket = t.to_string(),
                into = into.to_string()
            ),
            MergeError::IntoMerged(t, into) => msg!(
                "merge-into-merged",
                ticket = t.to_string(),
                into = into.to_string()
            ),
        }
    }
}

/// Checks that `duplicate` may be merged into `survivor`: two different tickets of the same
/// client, neither of them merged away already. The duplicate is then closed, pointing to the
/// survivor, and its comments move over.
pub fn check_merge(duplicate: MergeSide, survivor: MergeSide) -> Result<(), MergeError> {
    if duplicate.id == survivor.id {
        return Err(MergeError::Itself);
    }
    if let Some(into) = duplicate.merged_into {
        return Err(MergeError::AlreadyMerged(
            TicketNumber(duplicate.id),
            TicketNumber(into),
        ));
    }
    if let Some(into) = survivor.merged_into {
        return Err(MergeError::IntoMerged(
            TicketNumber(survivor.id),
            TicketNumber(into),
        ));
    }
    if duplicate.client_id != survivor.client_id {
        return Err(MergeError::OtherClient(TicketNumber(survivor.id)));
    }
    Ok(())
}

/// A merged duplicate is done for good: its thread and time live on the survivor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.msg())]
pub struct MergedAway(pub TicketNumber, pub TicketNumber);

impl MergedAway {
    /// The refusal for people, worded by its reader (`Display` is the English).
    pub fn msg(&self) -> Msg {
        msg!(
            "merged-away",
            ticket = self.0.to_string(),
            into = self.1.to_string()
        )
    }
}

/// Checks that a ticket may still change: a merged duplicate's status never moves again (no
/// reopening, no waiting for the client, so no reminder and no automatic close); its work goes
/// on on the survivor.
pub fn check_not_merged(ticket: i64, merged_into: Option<i64>) -> Result<(), MergedAway> {
    match merged_into {
        Some(into) => Err(MergedAway(TicketNumber(ticket), TicketNumber(into))),
        None => Ok(()),
    }
}

/// The resolution note of a merged duplicate, as a message each reader words (the person's
/// own note goes in as they wrote it).
pub fn merge_note(survivor: TicketNumber, note: Option<&str>) -> Msg {
    let ticket = survivor.to_string();
    match note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => msg!("merge-note", ticket = ticket, note = n),
        None => msg!("merge-note-bare", ticket = ticket),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use Line::*;

    #[test]
    fn line_changes() {
        let note = Some("checked cabling and switch port; link flaps on port 12");
        for (from, to, note, expected) in [
            (L1, L2, note, Ok(LineMove::Escalate)),
            (L1, L3, note, Ok(LineMove::Escalate)),
            (L2, L3, note, Ok(LineMove::Escalate)),
            (L1, L2, None, Err(LineError::HandoverRequired(L2))),
            (L2, L3, Some("  "), Err(LineError::HandoverRequired(L3))),
            (L3, L1, None, Ok(LineMove::Return)),
            (L2, L1, note, Ok(LineMove::Return)),
            (L2, L2, note, Err(LineError::Unchanged(L2))),
        ] {
            assert_eq!(
                check_line_change(from, to, note),
                expected,
                "{from} -> {to}"
            );
        }
        assert_eq!(
            LineError::HandoverRequired(L2).to_string(),
            "to escalate to L2, write a handover note: what was found and tried, so the next line does not ask the client again"
        );
    }

    fn side(id: i64, client_id: i64, merged_into: Option<i64>) -> MergeSide {
        MergeSide {
            id,
            client_id,
            status: Status::Open,
            merged_into,
        }
    }

    #[test]
    fn merges() {
        assert_eq!(check_merge(side(2, 1, None), side(1, 1, None)), Ok(()));
        assert_eq!(
            check_merge(side(1, 1, None), side(1, 1, None)),
            Err(MergeError::Itself)
        );
        assert_eq!(
            check_merge(side(2, 1, None), side(1, 7, None)),
            Err(MergeError::OtherClient(TicketNumber(1)))
        );
        assert_eq!(
            check_merge(side(2, 1, Some(5)), side(1, 1, None)),
            Err(MergeError::AlreadyMerged(TicketNumber(2), TicketNumber(5)))
        );
        assert_eq!(
            check_merge(side(2, 1, None), side(1, 1, Some(5)))
                .unwrap_err()
                .to_string(),
            "SB-000001 was merged into SB-000005; merge into SB-000005 instead"
        );
        let note = merge_note(TicketNumber(1), Some(" same outage "));
        assert_eq!(note.english(), "Duplicate of SB-000001: same outage");
        assert_eq!(
            note.render(sb_i18n::Lang::Ru),
            "Дубликат заявки SB-000001: same outage"
        );
        let bare = merge_note(TicketNumber(1), Some("  "));
        assert_eq!(bare.english(), "Duplicate of SB-000001");
        assert_eq!(bare.render(sb_i18n::Lang::Ru), "Дубликат заявки SB-000001");
        assert_eq!(merge_note(TicketNumber(1), None), bare);
        assert_eq!(check_not_merged(2, None), Ok(()));
        assert_eq!(
            check_not_merged(2, Some(1)).unwrap_err().to_string(),
            "SB-000002 was merged into SB-000001; work on SB-000001 instead"
        );
    }

    fn line() -> impl Strategy<Value = Line> {
        prop::sample::select(Line::ALL.to_vec())
    }

    proptest! {
        /// With a note every move between two different lines is allowed; without one, exactly
        /// the moves up are refused.
        #[test]
        fn only_escalation_needs_a_note(from in line(), to in line()) {
            prop_assume!(from != to);
            prop_assert!(check_line_change(from, to, Some("handover")).is_ok());
            prop_assert_eq!(check_line_change(from, to, None).is_err(), to.rank() > from.rank());
        }
    }
}
