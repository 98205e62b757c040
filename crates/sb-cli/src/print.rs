//! Text output for people; `--json` prints the DTOs instead.

use std::fmt::Write;
use std::sync::atomic::{AtomicU8, Ordering};

use sb_app::sb_domain::Line;
use sb_app::{
    ArticleDto, AuditEntryDto, ClientDto, ClientPage, CommentDto, KbPage, QueuePage, QueueViewDto,
    SearchPage, SetupState, Suggestions, TicketCard, TicketDto, UserDto,
};
use sb_i18n::{Lang, Msg};
use serde::Serialize;

/// The language `sb` prints in: one per process, set once the desk's choice is known.
static LANGUAGE: AtomicU8 = AtomicU8::new(0);

pub fn set_language(lang: Lang) {
    let i = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    LANGUAGE.store(i as u8, Ordering::Relaxed);
}

pub fn language() -> Lang {
    Lang::ALL[usize::from(LANGUAGE.load(Ordering::Relaxed)) % Lang::ALL.len()]
}

/// The window's language setting on this desktop, as the printed language.
pub fn lang_of(l: sb_app::Language) -> Lang {
    match l {
        sb_app::Language::En => Lang::En,
        sb_app::Language::Ru => Lang::Ru,
    }
}

/// The locale's language (LC_ALL, LC_MESSAGES, LANG), when it is one Switchboard speaks.
pub fn locale_language() -> Option<Lang> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .and_then(|v| Lang::parse(&v))
}

/// `--lang`: en or ru.
pub fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s)
        .ok_or_else(|| format!("'{s}' is not a language Switchboard speaks: use en or ru"))
}

/// A message in the printed language.
#[allow(dead_code)] // the labels move to cli.ftl one printer at a time
pub fn say(m: &Msg) -> String {
    m.render(language())
}

/// A vocabulary value as its wire word (`in_progress`, `p1`, `ru`).
pub fn word<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}

/// Unix milliseconds as `YYYY-MM-DD HH:MM` UTC.
pub fn time(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = sb_app::sb_domain::Day(days as i32).ymd();
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60
    )
}

pub fn setup(s: &SetupState) -> String {
    let me = s
        .profile
        .as_ref()
        .map_or("nobody yet (run `sb profile create`)".to_string(), |p| {
            format!("{} ({})", p.name, word(&p.role))
        });
    let next = s
        .next_database
        .as_ref()
        .map_or(String::new(), |n| format!("\nnext start opens: {n}"));
    let me = match &s.team {
        Some(t) if t.owner && s.profile.is_none() => {
            format!("{} (the team's owner: `sb team ...`)", t.login)
        }
        Some(t) if t.must_change_password => format!(
            "{me}, signed in as {} (choose your own password: `sb team password`)",
            t.login
        ),
        Some(t) => format!("{me}, signed in as {}", t.login),
        None => me,
    };
    format!(
        "database: {}{}\nyou:      {}\nclients:  {}\nlanguage: {}",
        s.database,
        next,
        me,
        if s.has_clients { "yes" } else { "none yet" },
        word(&s.language)
    )
}

pub fn user(u: &UserDto) -> String {
    format!(
        "#{} {} ({}, line {})",
        u.id,
        u.name,
        word(&u.role),
        person_line(u.line)
    )
}

/// The line a person works as people write it: `L2`, or `any`.
pub fn person_line(line: Option<Line>) -> String {
    line.map_or_else(|| "any".to_string(), |l| l.as_str().to_uppercase())
}

pub fn users(list: &[UserDto]) -> String {
    list.iter().map(user).collect::<Vec<_>>().join("\n")
}

pub fn clients(page: &ClientPage) -> String {
    let mut out = format!(
        "{:<5} {:<14} {:<40} {:>8} {:>7}\n",
        "ID", "CODE", "NAME", "CONTACTS", "ACTIVE"
    );
    for c in &page.rows {
        let _ = writeln!(
            out,
            "{:<5} {:<14} {:<40} {:>8} {:>7}",
            c.id, c.code, c.name, c.contact_count, c.active_tickets
        );
    }
    if let Some(next) = &page.next_cursor {
        let _ = writeln!(out, "next: --cursor '{next}'");
    }
    out.trim_end().to_string()
}

pub fn client(c: &ClientDto) -> String {
    let mut out = format!("{} {} (#{})\n", c.code, c.name, c.id);
    if let Some(n) = &c.notes {
        let _ = writeln!(out, "notes: {n}");
    }
    if let Some(l) = c.language {
        let _ = writeln!(out, "language: {l}");
    }
    for k in &c.contacts {
        let _ = writeln!(
            out,
            "contact: {} <{}> {}",
            k.name,
            k.email.as_deref().unwrap_or("-"),
            k.phone.as_deref().unwrap_or("-")
        );
    }
    out.trim_end().to_string()
}

pub fn queue(page: &QueuePage) -> String {
    let mut out = format!(
        "{:<10} {:<3} {:<16} {:<10} {:<9} {:<3} {:<18} {:<21} {}\n",
        "NUMBER", "PRI", "STATUS", "CLIENT", "DIRECTION", "LN", "ASSIGNEE", "UPDATED", "SUBJECT"
    );
    for r in &page.rows {
        let _ = writeln!(
            out,
            "{:<10} {:<3} {:<16} {:<10} {:<9} {:<3} {:<18} {:<21} {}",
            r.number,
            word(&r.priority).to_uppercase(),
            word(&r.status),
            r.client_code,
            r.direction,
            word(&r.line).to_uppercase(),
            r.assignee_name.as_deref().unwrap_or("-"),
            time(r.updated_at),
            r.subject
        );
    }
    match &page.next_cursor {
        Some(next) => {
            let _ = writeln!(out, "next: --cursor '{next}'");
        }
        None if page.rows.is_empty() => out = "no tickets match".to_string(),
        None => {}
    }
    out.trim_end().to_string()
}

pub fn views(list: &[QueueViewDto]) -> String {
    list.iter()
        .map(|v| {
            let name = if v.built_in {
                v.key.replace('_', " ")
            } else {
                v.name.clone()
            };
            let count = if v.more {
                format!("{}+", v.count)
            } else {
                v.count.to_string()
            };
            format!("{:<16} {:>6}  {}", v.key, count, name)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn kb_page(page: &KbPage) -> String {
    if page.rows.is_empty() {
        return "no articles".into();
    }
    let mut out = String::new();
    for a in &page.rows {
        let _ = writeln!(
            out,
            "#{:<5} {:<10} {}{}",
            a.id,
            a.direction.as_deref().unwrap_or("-"),
            a.title,
            if a.tags.is_empty() {
                String::new()
            } else {
                format!("  [{}]", a.tags.join(", "))
            }
        );
    }
    if let Some(next) = &page.next_cursor {
        let _ = writeln!(out, "next: --cursor '{next}'");
    }
    out.trim_end().to_string()
}

pub fn article(a: &ArticleDto) -> String {
    let from = a
        .source_ticket
        .as_ref()
        .map_or(String::new(), |n| format!(" (from {n})"));
    format!(
        "#{} {}{}\n  direction: {}   tags: {}   by {} · {}\n\nProblem:\n{}\n\nFix:\n{}",
        a.id,
        a.title,
        from,
        a.direction.as_deref().unwrap_or("-"),
        if a.tags.is_empty() {
            "-".into()
        } else {
            a.tags.join(", ")
        },
        a.created_by_name,
        time(a.updated_at),
        a.problem,
        a.fix
    )
}

pub fn suggestions(s: &Suggestions) -> String {
    let mut out = String::new();
    if s.tickets.is_empty() && s.articles.is_empty() {
        return "nothing similar was solved before".into();
    }
    for t in &s.tickets {
        let _ = writeln!(
            out,
            "{} {}\n    fix: {}",
            t.number,
            t.subject,
            t.resolution_note.as_deref().unwrap_or("-")
        );
    }
    for a in &s.articles {
        let _ = writeln!(out, "article #{} {}", a.id, a.title);
    }
    out.trim_end().to_string()
}

/// Hits with the matched words in [brackets].
pub fn search(page: &SearchPage) -> String {
    if page.hits.is_empty() {
        return format!("nothing found for: {}", page.terms.join(" "));
    }
    let mut out = String::new();
    for h in &page.hits {
        let snippet: String = h
            .snippet
            .iter()
            .map(|p| {
                if p.mark {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "{} {:<10} {:<16} {}\n    {}: {}",
            h.number,
            h.client_code,
            word(&h.status),
            h.subject,
            word(&h.kind),
            snippet.replace('\n', " ")
        );
    }
    if let Some(next) = &page.next_cursor {
        let _ = writeln!(out, "next: --cursor '{next}'");
    }
    out.trim_end().to_string()
}

/// What a bulk action did: one line per ticket changed or refused.
pub fn bulk(r: &sb_app::BulkReport) -> String {
    let mut lines: Vec<String> = r
        .changed
        .iter()
        .map(|t| format!("{} changed", t.number))
        .collect();
    lines.extend(
        r.refused
            .iter()
            .map(|f| format!("{} refused: {}", f.number, f.message)),
    );
    lines.push(format!(
        "{} changed, {} refused",
        r.changed.len(),
        r.refused.len()
    ));
    lines.join("\n")
}

pub fn ticket(t: &TicketDto) -> String {
    let mut out = format!(
        "{} [{}] {}\n  client:    {} {}\n  status:    {}   line: {}   assignee: {}\n  direction: {}   impact: {}   urgency: {}   channel: {}\n  created:   {} by {}   updated: {}   version: {}",
        t.number,
        word(&t.priority).to_uppercase(),
        t.subject,
        t.client_code,
        t.client_name,
        word(&t.status),
        word(&t.line).to_uppercase(),
        t.assignee_name.as_deref().unwrap_or("-"),
        t.direction,
        word(&t.impact),
        word(&t.urgency),
        word(&t.channel),
        time(t.created_at),
        t.created_by_name,
        time(t.updated_at),
        t.version,
    );
    if let Some(into) = &t.merged_into {
        let _ = write!(out, "\n  merged into {into}");
    }
    if let Some(note) = &t.resolution_note {
        let _ = write!(out, "\n  resolution: {note}");
    }
    if !t.description.is_empty() {
        let _ = write!(out, "\n\n{}", t.description);
    }
    out
}

pub fn comment(c: &CommentDto) -> String {
    let tag = match (c.visibility, c.audience, c.notice) {
        (sb_app::sb_domain::Visibility::Internal, _, _) => "internal".to_string(),
        (_, _, Some(n)) => format!("automatic mail to the client: {n}"),
        (_, Some(a), _) => format!("public, to {}", a.as_str()),
        (_, None, _) => "public".to_string(),
    };
    format!(
        "--- {} · {} · {}\n{}",
        c.author_name,
        tag,
        time(c.created_at),
        c.body
    )
}

fn audit(a: &AuditEntryDto) -> String {
    let change = match (&a.old_value, &a.new_value) {
        (Some(o), Some(n)) => format!("{o} -> {n}"),
        (None, Some(n)) => n.clone(),
        (Some(o), None) => format!("{o} -> -"),
        (None, None) => String::new(),
    };
    format!(
        "  {}  {:<16} {:<16} {}",
        time(a.at),
        a.actor_name,
        a.field,
        change
    )
}

/// `sb ticket show`: the card and what routing gave the ticket (queue, tags, the rule).
#[derive(serde::Serialize)]
pub struct CardShown {
    #[serde(flatten)]
    pub card: TicketCard,
    pub routing: sb_app::TicketRoutingDto,
}

pub fn card_shown(c: &CardShown) -> String {
    let mut out = ticket(&c.card.ticket);
    let r = &c.routing;
    let mut lines = Vec::new();
    if let Some(s) = &c.card.satisfaction {
        lines.push(crate::notices::satisfaction(s));
    }
    if let Some(q) = &r.queue {
        lines.push(format!("  queue:     {q}"));
    }
    if !r.tags.is_empty() {
        lines.push(format!("  tags:      {}", r.tags.join(", ")));
    }
    if let Some(d) = &r.decision {
        lines.push(format!(
            "  routed by: \"{}\" ({}): {}",
            d.rule_name,
            d.why.join("; "),
            d.did
        ));
    }
    // After the ticket's own lines, before its description.
    let head_end = out.find("\n\n").unwrap_or(out.len());
    if !lines.is_empty() {
        out.insert_str(head_end, &format!("\n{}", lines.join("\n")));
    }
    out + &card_rest(&c.card)
}

pub fn card(c: &TicketCard) -> String {
    ticket(&c.ticket) + &card_rest(c)
}

/// The card after the ticket's own lines: comments, related tickets, the audit trail.
fn card_rest(c: &TicketCard) -> String {
    let mut out = String::new();
    if !c.comments.is_empty() {
        out += "\n\nComments:\n";
        out += &c
            .comments
            .iter()
            .map(comment)
            .collect::<Vec<_>>()
            .join("\n\n");
    }
    if !c.related.is_empty() {
        out += "\n\nRelated:\n";
        out += &c
            .related
            .iter()
            .map(|r| format!("  {} [{}] {}", r.number, word(&r.status), r.subject))
            .collect::<Vec<_>>()
            .join("\n");
    }
    out += "\n\nAudit trail:\n";
    out += &c.audit.iter().map(audit).collect::<Vec<_>>().join("\n");
    out
}

pub fn alert_source(s: &sb_app::AlertSourceDto) -> String {
    let mut out = format!(
        "{} {} {} every {} s{}\n",
        s.id,
        s.name,
        s.base_url,
        s.poll_seconds,
        if s.enabled { "" } else { " (disabled)" }
    );
    if !s.filter.is_empty() {
        let _ = writeln!(out, "  filter: {}", s.filter.join(", "));
    }
    let m = &s.mapping;
    let _ = writeln!(
        out,
        "  client: label {}; direction: label {} ({}){}; severity: label {}",
        m.client_label,
        m.direction_label,
        m.direction_map
            .iter()
            .map(|r| format!("{}={}", r.value, r.direction))
            .collect::<Vec<_>>()
            .join(", "),
        m.default_direction
            .as_deref()
            .map(|d| format!(", else {d}"))
            .unwrap_or_default(),
        m.severity_label
    );
    let _ = write!(
        out,
        "  last poll: {}; firing: {}",
        s.last_polled_at.map(time).unwrap_or_else(|| "never".into()),
        s.firing
    );
    if let Some(e) = &s.last_error {
        let _ = write!(out, "\n  last error: {e}");
    }
    out
}

pub fn alert_sources(list: &[sb_app::AlertSourceDto]) -> String {
    if list.is_empty() {
        return "no alert sources; add one with `sb monitoring source add --name ... --url ...`"
            .into();
    }
    list.iter().map(alert_source).collect::<Vec<_>>().join("\n")
}

pub fn alert_test(r: &sb_app::AlertTestResult) -> String {
    format!(
        "Alertmanager {} is up since {}; {} alert(s) match the filter",
        r.version,
        time(r.started_at),
        r.alerts
    )
}

pub fn polls(list: &[sb_app::PollReport]) -> String {
    if list.is_empty() {
        return "no enabled alert sources".into();
    }
    list.iter()
        .map(|r| match &r.error {
            Some(e) => format!("{} {}: failed: {e}", r.source_id, r.source_name),
            None => format!(
                "{} {}: {} opened, {} repeated, {} resolved, {} reopened, {} unmatched{}",
                r.source_id,
                r.source_name,
                r.opened,
                r.repeated,
                r.resolved,
                r.reopened,
                r.unmatched,
                if r.refused > 0 {
                    format!(
                        ", {} refused by the workspace (set aside: `sb monitoring unmatched`)",
                        r.refused
                    )
                } else {
                    String::new()
                }
            ),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn unmatched(list: &[sb_app::UnmatchedAlertDto]) -> String {
    if list.is_empty() {
        return "no unmatched alerts".into();
    }
    list.iter()
        .map(|u| {
            format!(
                "{} {} ({}): {}",
                u.fingerprint,
                u.source_name,
                u.labels
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(" "),
                u.reason
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// --- the email channel ------------------------------------------------------------------

pub fn mailbox(m: &sb_app::MailboxDto) -> String {
    let state = if m.enabled { "enabled" } else { "disabled" };
    let mut s = format!(
        "{} (id {}, {state}, tickets in {})\n  IMAP {}@{}:{} {} folder {}{}\n  SMTP {}:{} {}{} from {}\n  poll every {} s",
        m.name,
        m.id,
        m.direction,
        m.imap_user,
        m.imap_host,
        m.imap_port,
        word(&m.imap_security),
        m.imap_folder,
        if m.has_imap_password { "" } else { " (no password in the keychain)" },
        m.smtp_host,
        m.smtp_port,
        word(&m.smtp_security),
        match (&m.smtp_user, m.has_smtp_password) {
            (None, _) => " without login".to_string(),
            (Some(u), true) => format!(" as {u}"),
            (Some(u), false) => format!(" as {u} (no password in the keychain)"),
        },
        m.from_address,
        m.poll_seconds,
    );
    if let Some(at) = m.last_polled_at {
        let _ = write!(s, "\n  last poll {}", time(at));
    }
    if let Some(e) = &m.last_error {
        let _ = write!(s, ": {e}");
    }
    s
}

pub fn mailboxes(list: &[sb_app::MailboxDto]) -> String {
    if list.is_empty() {
        return "no mailboxes (add one with `sb mailbox add`)".into();
    }
    list.iter().map(mailbox).collect::<Vec<_>>().join("\n")
}

pub fn connection_test(t: &sb_app::ConnectionTest) -> String {
    let line = |server: &str, c: &sb_app::ConnectionCheck| match (&c.code, &c.message) {
        (None, _) => format!("{server}: ok"),
        (Some(code), Some(m)) => format!("{server}: {code}: {m}"),
        (Some(code), None) => format!("{server}: {code}"),
    };
    format!("{}\n{}", line("IMAP", &t.imap), line("SMTP", &t.smtp))
}

pub fn mail_poll_report(r: &sb_app::MailPollReport) -> String {
    format!(
        "fetched {}: {} new tickets, {} comments, {} to triage, {} quarantined, {} seen before",
        r.fetched, r.tickets, r.comments, r.triage, r.quarantined, r.duplicates
    )
}

pub fn mail_messages(list: &[sb_app::MailMessageDto]) -> String {
    if list.is_empty() {
        return "none".into();
    }
    list.iter()
        .map(|m| {
            let from = m.from_email.as_deref().unwrap_or("(unknown sender)");
            let subject = m.subject.as_deref().unwrap_or("");
            let mut s = format!(
                "{:>6}  {}  {from}  {subject}  [{}]",
                m.id,
                time(m.received_at),
                m.mailbox_name
            );
            if let Some(r) = &m.reason {
                let _ = write!(s, "\n        reason: {r}");
            }
            s
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn outbox(list: &[sb_app::OutboxItemDto]) -> String {
    if list.is_empty() {
        return "the outbox is empty".into();
    }
    list.iter()
        .map(|o| {
            let mut s = format!(
                "{:>6}  {:<7}  {}  to {}  {}  (attempts {})",
                o.id,
                word(&o.state),
                o.ticket_number.as_deref().unwrap_or("-"),
                o.to,
                o.subject,
                o.attempts
            );
            if let Some(e) = &o.last_error {
                let _ = write!(s, "\n        error: {e}");
            }
            s
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn ticket_email(e: &sb_app::TicketEmailDto) -> String {
    let mut s = match &e.requester {
        Some(r) => format!("public comments are emailed to {r}"),
        None => "not emailed: no requester address".to_string(),
    };
    for a in &e.attachments {
        let _ = write!(
            s,
            "\nattachment {:>5}  {}  ({} bytes)",
            a.id, a.file_name, a.size
        );
    }
    for d in &e.deliveries {
        let _ = write!(s, "\nreply {:>5}  {}", d.outbox_id, word(&d.state));
        if let Some(err) = &d.last_error {
            let _ = write!(s, ": {err}");
        }
    }
    if let Some(o) = &e.opening {
        let _ = write!(s, "\nopened from message {}", o.mail_id);
        for n in &o.notes {
            let _ = write!(s, "\n  note: {}", n.message());
        }
    }
    for c in &e.email_comments {
        for n in &c.notes {
            let _ = write!(
                s,
                "\ncomment {} (message {}) note: {}",
                c.comment_id,
                c.mail_id,
                n.message()
            );
        }
    }
    s
}

pub fn mail_reading(r: &sb_app::MailReadingDto) -> String {
    let mut s = format!(
        "message {}\nfrom: {}\nsubject: {}",
        r.message_id,
        r.from.as_deref().unwrap_or("(unknown sender)"),
        r.subject
    );
    if let Some(p) = &r.problem {
        let _ = write!(s, "\nproblem: {}", p.message());
    }
    for n in &r.notes {
        let _ = write!(s, "\nnote: {}", n.message());
    }
    let _ = write!(s, "\n\n{}", r.text);
    s
}

// --- the hours ledger ---------------------------------------------------------------------

fn direction_or_pool(d: &str) -> &str {
    if d.is_empty() {
        "shared pool"
    } else {
        d
    }
}

fn package_lines(out: &mut String, p: &sb_app::PackageDto) {
    let state = if p.closed {
        "closed"
    } else if p.active {
        "active"
    } else {
        "not active today"
    };
    let _ = writeln!(
        out,
        "#{} {} · {} · {} – {} · {state}",
        p.id, p.client_code, p.terms.name, p.terms.start, p.terms.end
    );
    let _ = writeln!(
        out,
        "  used {} of {} ({}%), left {}; {}% of the period gone{}",
        sb_app::hours(p.used_minutes),
        sb_app::hours(p.total_minutes),
        p.used_percent,
        sb_app::hours(p.left_minutes),
        p.elapsed_percent,
        if p.burning_fast {
            " — burning faster than the calendar"
        } else {
            ""
        }
    );
    if p.overage_minutes != 0 {
        let _ = writeln!(out, "  overage {}", sb_app::hours(p.overage_minutes));
    }
    for b in &p.budgets {
        let crossed = match b.thresholds_crossed.iter().max() {
            Some(t) => format!("  crossed {t}%"),
            None => String::new(),
        };
        let overage = if b.overage_minutes != 0 {
            format!("  overage {}", sb_app::hours(b.overage_minutes))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  {:<12} budget {:>8}  rolled {:>7}  used {:>8}  left {:>8}  ({}%){overage}{crossed}",
            direction_or_pool(&b.direction),
            sb_app::hours(b.budget_minutes),
            sb_app::hours(b.rolled_minutes),
            sb_app::hours(b.used_minutes),
            sb_app::hours(b.left_minutes),
            b.used_percent
        );
    }
    match &p.runs_out_on {
        Some(d) => {
            let _ = writeln!(out, "  runs out on {d} at the last 30 days' rate");
        }
        None if p.active && p.used_last_30 > 0 => {
            let _ = writeln!(
                out,
                "  lasts the period (until {}) at the last 30 days' rate",
                p.terms.end
            );
        }
        None if p.active => {
            let _ = writeln!(out, "  nothing used in the last 30 days");
        }
        None => {}
    }
    if !p.thresholds_crossed.is_empty() {
        let crossed: Vec<String> = p
            .thresholds_crossed
            .iter()
            .map(|t| format!("{t}%"))
            .collect();
        let _ = writeln!(out, "  thresholds crossed: {}", crossed.join(", "));
    }
}

pub fn packages(list: &[sb_app::PackageDto]) -> String {
    if list.is_empty() {
        return "no packages".into();
    }
    let mut out = String::new();
    for p in list {
        package_lines(&mut out, p);
    }
    out.trim_end().to_string()
}

pub fn package_detail(d: &sb_app::PackageDetailDto) -> String {
    let mut out = String::new();
    package_lines(&mut out, &d.package);
    let _ = writeln!(out, "history:");
    for h in &d.history {
        let _ = writeln!(
            out,
            "  {} {} by {}: {}",
            time(h.at),
            h.change,
            h.actor_name,
            h.summary
        );
    }
    out.trim_end().to_string()
}

pub fn dashboard(d: &sb_app::ClientDashboardDto) -> String {
    let mut out = format!(
        "{} · {} — today {}; {} draft entries wait for approval\n",
        d.client_code, d.client_name, d.today, d.drafts
    );
    for p in &d.packages {
        package_lines(&mut out, &p.package);
        // The burn-down at a glance: where it is today against the ideal line.
        if let Some(now) = p.burn_down.iter().rev().find(|b| b.left.is_some()) {
            let _ = writeln!(
                out,
                "  burn-down: {} left on {} (ideal {})",
                sb_app::hours(now.left.unwrap_or(0)),
                now.day,
                sb_app::hours(now.ideal)
            );
        }
    }
    out.trim_end().to_string()
}

pub fn portfolio(p: &sb_app::PortfolioDto) -> String {
    let mut out = portfolio_rows(&p.rows);
    for c in &p.uncovered {
        let _ = write!(
            out,
            "\n{:<8} {:<28} no active package{}",
            c.client_code,
            c.client_name,
            c.last_end
                .as_deref()
                .map(|d| format!(" (the last one ended {d})"))
                .unwrap_or_default()
        );
    }
    out.trim().to_string()
}

fn portfolio_rows(rows: &[sb_app::PortfolioRowDto]) -> String {
    if rows.is_empty() {
        return "no active packages".into();
    }
    let mut out = String::new();
    for r in rows {
        let mut crossed: Vec<String> = r
            .crossed_this_week
            .iter()
            .map(|t| format!("{t}%"))
            .collect();
        for b in &r.budgets_crossed_this_week {
            crossed.push(format!("{} {}%", b.direction, b.threshold));
        }
        let flag = if crossed.is_empty() {
            String::new()
        } else {
            format!("  ! crossed {} this week", crossed.join(", "))
        };
        let _ = writeln!(
            out,
            "{:<8} {:<28} used {:>8} of {:>8} ({:>3}%)  left {:>8}  {}{}",
            r.client_code,
            r.package_name,
            sb_app::hours(r.used_minutes),
            sb_app::hours(r.total_minutes),
            r.used_percent,
            sb_app::hours(r.left_minutes),
            match (&r.runs_out_on, r.days_left) {
                (Some(d), Some(n)) => format!("runs out {d} ({n} days)"),
                (None, Some(n)) => format!("lasts the period ({n} days)"),
                _ => String::new(),
            },
            flag
        );
    }
    out.trim_end().to_string()
}

pub fn time_entries(list: &[sb_app::TimeEntryDto]) -> String {
    if list.is_empty() {
        return "no time logged".into();
    }
    let mut out = String::new();
    for e in list {
        let _ = writeln!(
            out,
            "#{:<5} {} {} {:<10} {:>6} actual {:>6} billable ({} covered, {} overage) {:<11} {:<8} {}{}",
            e.id,
            e.work_date,
            e.ticket_number,
            e.user_name,
            sb_app::hours(e.actual_minutes),
            sb_app::hours(e.billable_minutes),
            sb_app::hours(e.covered_minutes),
            sb_app::hours(e.overage_minutes),
            e.work_type,
            word(&e.state),
            e.note,
            e.adjusts_id.map(|a| format!(" (corrects #{a})")).unwrap_or_default()
        );
    }
    out.trim_end().to_string()
}

pub fn ticket_time(t: &sb_app::TicketTimeDto) -> String {
    let mut out = time_entries(&t.entries);
    let _ = write!(
        out,
        "\ntotal {} actual, {} billable",
        sb_app::hours(t.actual_minutes),
        sb_app::hours(t.billable_minutes)
    );
    if let Some(timer) = &t.timer {
        let _ = write!(out, "\ntimer running since {}", time(timer.started_at));
    }
    for p in &t.packages {
        let _ = write!(
            out,
            "\ndraws from {} ({} left, until {})",
            p.terms.name,
            sb_app::hours(p.left_minutes),
            p.terms.end
        );
    }
    if t.packages.is_empty() {
        out.push_str("\nno active package covers this ticket's direction today");
    }
    out
}

pub fn time_preview(p: &sb_app::TimePreviewDto) -> String {
    if let Some(why) = &p.refused {
        return format!("refused: {why}");
    }
    let mut out = format!(
        "bills {} ({} covered, {} overage)",
        sb_app::hours(p.billable_minutes),
        sb_app::hours(p.covered_minutes),
        sb_app::hours(p.overage_minutes)
    );
    for d in &p.draws {
        let _ = write!(
            out,
            "\n  {} from {} {}",
            sb_app::hours(d.minutes),
            d.package_name.as_deref().unwrap_or("no package"),
            if d.kind == "base" {
                String::new()
            } else {
                format!("({})", d.kind)
            }
        );
    }
    for w in &p.warnings {
        let _ = write!(out, "\n  warning: {}", w.message);
    }
    out
}

/// `sb worker status`: one line a unit, then what is wrong with it.
pub fn work_status(s: &sb_app::WorkStatusDto) -> String {
    let mut out = format!(
        "this process: {}; background work on this desk's window: {}; a hold lasts {} s without a heartbeat\n",
        s.this_process,
        if s.background_work { "on" } else { "off" },
        s.lease_seconds
    );
    if s.units.is_empty() {
        out.push_str(
            "no background work: the workspace has no enabled mailbox, alert source or vendor\n",
        );
    }
    for u in &s.units {
        let holder = match (&u.holder, u.held_since) {
            (Some(h), Some(since)) => format!("held by {h} since {}", time(since)),
            (Some(h), None) => format!("held by {h}"),
            (None, _) => "nobody holds it".to_string(),
        };
        let depth = u
            .queue_depth
            .map(|d| format!(", {d} waiting"))
            .unwrap_or_default();
        let success = u
            .last_success_at
            .map(|t| format!(", last success {}", time(t)))
            .unwrap_or_default();
        out.push_str(&format!(
            "{:<16} {:<24} {}{}{}, {} error(s)\n",
            u.unit, u.target, holder, success, depth, u.errors
        ));
        if let (Some(e), Some(at)) = (&u.last_error, u.last_error_at) {
            out.push_str(&format!("    last error {}: {e}\n", time(at)));
        }
        if let Some(why) = &u.not_here {
            out.push_str(&format!("    not on this desk: {why}\n"));
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_print_in_utc() {
        assert_eq!(super::time(0), "1970-01-01 00:00 UTC");
        assert_eq!(super::time(1_700_000_000_000), "2023-11-14 22:13 UTC");
        assert_eq!(super::time(951_782_400_000), "2000-02-29 00:00 UTC");
    }
}
