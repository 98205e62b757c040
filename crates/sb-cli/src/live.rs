//! `sb changes`: the workspace's changes as they are committed, by this desk or any other.

use std::io::Write;

use sb_app::{ApiResult, App, ChangeDto, ChangeKindDto};
use sb_i18n::msg;

use crate::print::say;

/// Prints each change as it comes (a JSON object a line with `--json`), until `count` were
/// printed or the command is stopped. "Watching" goes to stderr once the feed listens, so a
/// script knows from when on nothing is missed.
pub async fn watch(app: &App, json: bool, count: Option<usize>) -> ApiResult<()> {
    let mut feed = app.changes().await?;
    eprintln!("{}", say(&msg!("cli-watching")));
    let mut printed = 0;
    while let Some(batch) = feed.next().await {
        let mut out = std::io::stdout().lock();
        let mut lines = Vec::new();
        if batch.everything {
            lines.push(if json {
                r#"{"everything":true}"#.to_string()
            } else {
                say(&msg!("cli-changes-missed"))
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
        .map(|t| {
            let number = sb_app::sb_domain::TicketNumber(t).to_string();
            say(&msg!("cli-change-on", ticket = number))
        })
        .unwrap_or_default();
    let client = c
        .client_id
        .map(|id| say(&msg!("cli-change-client", id = id.to_string())))
        .unwrap_or_default();
    let id = c.id.to_string();
    let m = match c.kind {
        ChangeKindDto::Ticket => msg!(
            "cli-change-ticket",
            number = sb_app::sb_domain::TicketNumber(c.id).to_string(),
            client = client,
            version = c
                .version
                .map(|v| say(&msg!("cli-change-version", version = v.to_string())))
                .unwrap_or_default()
        ),
        ChangeKindDto::Comment => msg!("cli-change-comment", id = id, ticket = ticket),
        ChangeKindDto::TimeEntry => msg!(
            "cli-change-time-entry",
            id = id,
            ticket = ticket,
            client = client
        ),
        ChangeKindDto::Package => msg!("cli-change-package", id = id, client = client),
        ChangeKindDto::Bond => msg!("cli-change-bond", id = id, ticket = ticket),
    };
    say(&m)
}
