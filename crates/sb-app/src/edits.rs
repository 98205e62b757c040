//! No lost edits: a change a person makes names the ticket version they saw, and a stale one
//! leaves as `edit_conflict` (or `already_taken` for "Assign to me") saying who changed what
//! and when since, so the window can offer to reload and apply the change again.

use sb_domain::{Day, TicketNumber};
use sb_store::{AuditEntry, StaleTicket};

use crate::dto::{AuditEntryDto, EditConflict};
use crate::error::{ApiError, ErrorCode};

/// A change refused because the ticket moved on since the version the person saw.
pub(crate) fn stale(s: StaleTicket) -> ApiError {
    let number = TicketNumber(s.ticket_id);
    let what = if s.changes.is_empty() {
        String::new()
    } else {
        format!(
            ": {}",
            s.changes
                .iter()
                .map(describe)
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    ApiError {
        code: ErrorCode::EditConflict,
        message: format!(
            "{number} changed after you saw it (version {}, now {}){what}. Nothing was changed: \
             reload it and apply your change again",
            s.seen, s.current
        ),
        msg: None,
        field: None,
        conflict: Some(Box::new(conflict_of(s))),
    }
}

/// "Assign to me" on a ticket someone else has: first come, first served.
pub(crate) fn taken(
    ticket_id: i64,
    holder: &str,
    since: Option<&AuditEntry>,
    conflict: Option<EditConflict>,
) -> ApiError {
    let when = since
        .map(|e| format!(" at {}", time(e.at)))
        .unwrap_or_default();
    ApiError {
        code: ErrorCode::AlreadyTaken,
        message: format!(
            "{holder} took {}{when}; ask them, or give it to yourself explicitly (assign)",
            TicketNumber(ticket_id)
        ),
        msg: None,
        field: None,
        conflict: conflict.map(Box::new),
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
        version: a.version,
    }
}

/// One audit line in words: "Anna set status from open to in_progress at 2026-12-03 09:01:02 UTC".
fn describe(e: &AuditEntry) -> String {
    let none = "nobody";
    let old = e.old_value.as_deref();
    let new = e.new_value.as_deref();
    let what = match e.field.as_str() {
        "assignee" => match new {
            Some(to) => format!("gave it to {to} (was {})", old.unwrap_or(none)),
            None => format!("took it off {}", old.unwrap_or(none)),
        },
        "comment" => format!("added a {} comment", new.unwrap_or("")),
        "note" | "resolution_note" => format!(
            "wrote the {}: {}",
            e.field.replace('_', " "),
            new.unwrap_or("")
        ),
        "link" => match (old, new) {
            (_, Some(to)) => format!("linked it to {to}"),
            (Some(from), None) => format!("unlinked {from}"),
            (None, None) => "changed its links".to_string(),
        },
        "merged_into" => format!("merged it into {}", new.unwrap_or("")),
        "merged" => format!("merged {} into it", new.unwrap_or("")),
        field => format!(
            "set {field} from {} to {}",
            old.unwrap_or("(none)"),
            new.unwrap_or("(none)")
        ),
    };
    format!("{} {what} at {}", e.actor_name, time(e.at))
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
