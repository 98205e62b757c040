//! `sb changes`: the workspace's changes as they are committed, by this desk or any other.

use std::io::Write;

use sb_app::{ApiResult, App, ChangeDto, ChangeKindDto};

/// Prints each change as it comes (a JSON object a line with `--json`), until `count` were
/// printed or the command is stopped. "Watching" goes to stderr once the feed listens, so a
/// script knows from when on nothing is missed.
pub async fn watch(app: &App, json: bool, count: Option<usize>) -> ApiResult<()> {
    let mut feed = app.changes().await?;
    eprintln!("watching for changes (Ctrl-C to stop)");
    let mut printed = 0;
    while let Some(batch) = feed.next().await {
        let mut out = std::io::stdout().lock();
        let mut lines = Vec::new();
        if batch.everything {
            lines.push(if json {
                r#"{"everything":true}"#.to_string()
            } else {
                "some changes were not listed: read everything again".to_string()
            });
        }
        for c in &batch.changes {
            lines.push(if json {
                serde_json::to_string(c).expect("DTOs serialize")
            } else {
                line(c)
            });
        }
        for l in lines {
            // A closed pipe (`sb changes | head`) ends the watch.
            if writeln!(out, "{l}").and_then(|()| out.flush()).is_err() {
                return Ok(());
            }
            printed += 1;
            if count.is_some_and(|n| printed >= n) {
                return Ok(());
            }
        }
    }
    Ok(())
}

fn line(c: &ChangeDto) -> String {
    let ticket = c
        .ticket_id
        .map(|t| format!(" on {}", sb_app::sb_domain::TicketNumber(t)))
        .unwrap_or_default();
    let client = c
        .client_id
        .map(|id| format!(" (client {id})"))
        .unwrap_or_default();
    match c.kind {
        ChangeKindDto::Ticket => format!(
            "ticket {}{client} changed{}",
            sb_app::sb_domain::TicketNumber(c.id),
            c.version
                .map(|v| format!(", now version {v}"))
                .unwrap_or_default()
        ),
        ChangeKindDto::Comment => format!("comment {}{ticket}", c.id),
        ChangeKindDto::TimeEntry => format!("time entry {}{ticket}{client}", c.id),
        ChangeKindDto::Package => format!("hours package {}{client}", c.id),
        ChangeKindDto::Bond => format!("vendor case {}{ticket}", c.id),
    }
}
