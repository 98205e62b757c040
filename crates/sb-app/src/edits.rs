//! No lost edits: a change a person makes names the ticket version they saw, and a stale one
//! leaves as `edit_conflict` (or `already_taken` for "Assign to me") saying who changed what
//! and when since, so the window can offer to reload and apply the change again.

use sb_domain::{Day, TicketNumber};
use sb_i18n::{msg, Arg, Msg};
use sb_store::{AuditEntry, StaleTicket};

use crate::dto::{AuditEntryDto, EditConflict};
use crate::error::{ApiError, ErrorCode};

/// A change refused because the ticket moved on since the version the person saw.
pub(crate) fn stale(s: StaleTicket) -> ApiError {
    let said = match changes(s.changes.iter().map(describe)) {
        None => msg!("edit-stale"),
        Some(changes) => msg!("edit-stale-changes", changes = changes),
    }
    .with("ticket", TicketNumber(s.ticket_id).to_string())
    .with("seen", s.seen.to_string())
    .with("current", s.current.to_string());
    ApiError {
        conflict: Some(Box::new(conflict_of(s))),
        ..ApiError::said(ErrorCode::EditConflict, said)
    }
}

/// "Assign to me" on a ticket someone else has: first come, first served.
pub(crate) fn taken(
    ticket_id: i64,
    holder: &str,
    since: Option<&AuditEntry>,
    conflict: Option<EditConflict>,
) -> ApiError {
    let said = match since {
        Some(e) => msg!("edit-taken-at", at = time(e.at)),
        None => msg!("edit-taken"),
    }
    .with("holder", holder)
    .with("ticket", TicketNumber(ticket_id).to_string());
    ApiError {
        conflict: conflict.map(Box::new),
        ..ApiError::said(ErrorCode::AlreadyTaken, said)
    }
}

pub(crate) fn conflict_of(s: StaleTicket) -> EditConflict {
    EditConflict {
        ticket_id: s.ticket_id,
        number: TicketNumber(s.ticket_id).to_string(),
        seen_version: s.seen,
        current_version: s.current,
        assignee_name: s.assignee_name,
        changes: s.changes.into_iter().map(audit_dto).collect(),
    }
}

pub(crate) fn audit_dto(a: AuditEntry) -> AuditEntryDto {
    AuditEntryDto {
        id: a.id,
        actor_name: a.actor_name,
        at: a.at,
        field: a.field,
        old_value: a.old_value,
        new_value: a.new_value,
        new_value_msg: a.new_value_msg.as_deref().and_then(crate::said::read),
        version: a.version,
    }
}

/// The changes one after another, "a; b; c"; `None` when there are none.
fn changes(items: impl DoubleEndedIterator<Item = Msg>) -> Option<Msg> {
    let mut rest = items.rev();
    let last = rest.next()?;
    Some(rest.fold(last, |tail, item| {
        msg!("edit-changes-more", first = item, rest = tail)
    }))
}

/// One audit line in words: "Anna set status from open to in_progress at 2026-12-03 09:01:02 UTC".
fn describe(e: &AuditEntry) -> Msg {
    let old = e.old_value.as_deref();
    let new = e.new_value.as_deref();
    let or = |v: Option<&str>, none: Msg| -> Arg {
        match v {
            Some(v) => v.into(),
            None => none.into(),
        }
    };
    let what = match e.field.as_str() {
        "assignee" => match new {
            Some(to) => msg!(
                "edit-assignee-given",
                to = to,
                was = or(old, msg!("edit-nobody"))
            ),
            None => msg!(
                "edit-assignee-taken-off",
                was = or(old, msg!("edit-nobody"))
            ),
        },
        "comment" => msg!("edit-comment", visibility = new.unwrap_or("")),
        "note" | "resolution_note" => msg!(
            "edit-note",
            field = e.field.as_str(),
            text = new.unwrap_or("")
        ),
        "link" => match (old, new) {
            (_, Some(to)) => msg!("edit-linked", to = to),
            (Some(from), None) => msg!("edit-unlinked", from = from),
            (None, None) => msg!("edit-links-changed"),
        },
        "merged_into" => msg!("edit-merged-into", to = new.unwrap_or("")),
        "merged" => msg!("edit-merged", from = new.unwrap_or("")),
        field => msg!(
            "edit-set-field",
            field = field,
            old = or(old, msg!("edit-no-value")),
            new = or(new, msg!("edit-no-value"))
        ),
    };
    what.with("actor", &e.actor_name).with("at", time(e.at))
}

/// A moment as people read it in a message: `2026-12-03 09:01:02 UTC`.
fn time(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = Day(secs.div_euclid(86_400) as i32).ymd();
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
