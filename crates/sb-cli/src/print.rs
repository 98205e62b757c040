//! Text output for people; `--json` prints the DTOs instead.

use std::fmt::Write;
use std::sync::atomic::{AtomicU8, Ordering};

use sb_app::sb_domain::Line;
use sb_app::{
    ArticleDto, AuditEntryDto, ClientDto, ClientPage, CommentDto, KbPage, QueuePage, QueueViewDto,
    SearchPage, SetupState, Suggestions, TicketCard, TicketDto, UserDto,
};
use sb_i18n::{msg, Lang, Msg};
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

/// The language a person chose on this desktop (the window's Settings, `sb language`), when
/// one did; a desk that never chose has none, and the locale decides.
fn desk_language() -> Option<sb_app::Language> {
    let paths = sb_app::Paths::from_env().ok()?;
    sb_app::Preferences::load(&paths.preferences_file)
        .ok()?
        .language
}

/// What `sb` speaks, from its first word (help, parse errors, failures to open) to its last:
/// sb-app's one order ([`sb_app::speaking`]) of the language asked for (`--lang`, SB_LANG),
/// the one chosen on this desk, and the locale's.
pub fn first_language(asked: Option<Lang>) -> Lang {
    sb_app::speaking(asked.map(Into::into), desk_language()).into()
}

/// `--lang`: en or ru.
pub fn parse_lang(s: &str) -> Result<Lang, String> {
    // Said in the language chosen without it (the one asked for is what is wrong), as the
    // rest of the parse error is.
    Lang::parse(s).ok_or_else(|| say(&msg!("cli-lang-unknown", text = s)))
}

/// A message in the printed language.
pub fn say(m: &Msg) -> String {
    m.render(language())
}

/// A sentence the back end kept for readers, as a message argument: its message (worded in the
/// printed language) when it has one, else its text as it was written.
pub fn kept(text: &str, said: Option<&Msg>) -> sb_i18n::Arg {
    match said {
        Some(m) => m.into(),
        None => text.into(),
    }
}

/// [`kept`] worded on its own.
pub fn kept_text(text: &str, said: Option<&Msg>) -> String {
    said.map_or_else(|| text.to_string(), say)
}

/// `error: ...`: a failure the back end kept, worded as [`kept`] does.
pub fn error_line(text: &str, said: Option<&Msg>) -> String {
    say(&msg!("cli-error-line", error = kept(text, said)))
}

/// A status as people read it.
pub fn status_word<T: Serialize>(status: &T) -> String {
    say(&msg!("cli-status", status = word(status)))
}

/// A role as people read it.
pub fn role_word<T: Serialize>(role: &T) -> String {
    say(&msg!("cli-role", role = word(role)))
}

/// An impact or urgency as people read it.
pub fn level_word<T: Serialize>(level: &T) -> String {
    say(&msg!("cli-level", level = word(level)))
}

/// A channel as people read it.
pub fn channel_word<T: Serialize>(channel: &T) -> String {
    say(&msg!("cli-channel", channel = word(channel)))
}

/// `next: --cursor '...'`: how to ask for the next page.
pub fn next_page(cursor: &str) -> String {
    say(&msg!("cli-next-page", cursor = cursor))
}

/// A table for people: heads worded, each column as wide as its widest cell or head, and at
/// least its own minimum. Widths are counted in the columns a terminal gives each character
/// (a Cyrillic letter is one column but two bytes, a CJK letter two columns, a combining mark
/// none), so Russian heads and words line up. The last column is not padded.
pub(crate) struct Table {
    heads: Vec<String>,
    min: Vec<usize>,
    right: Vec<bool>,
    rows: Vec<Row>,
}

/// A table's row: its cells, then lines printed under it that no column holds.
struct Row {
    cells: Vec<String>,
    details: Vec<String>,
}

impl Table {
    /// `(message id of the head, minimum width, right-aligned)` per column.
    pub(crate) fn new(cols: &[(&str, usize, bool)]) -> Table {
        let heads = cols.iter().map(|(id, _, _)| say(&Msg::new(*id))).collect();
        Table::worded(heads, cols.iter().map(|c| (c.1, c.2)).collect())
    }

    /// Heads already worded, with `(minimum width, right-aligned)` per column.
    fn worded(heads: Vec<String>, cols: Vec<(usize, bool)>) -> Table {
        Table {
            heads,
            min: cols.iter().map(|c| c.0).collect(),
            right: cols.iter().map(|c| c.1).collect(),
            rows: Vec::new(),
        }
    }

    pub(crate) fn row(&mut self, cells: Vec<String>) {
        self.row_with(cells, None);
    }

    /// A row with lines under it that are no column's (a mail's reason, an item's last error),
    /// each on its own line starting under the second column, so that the first column's
    /// cells (a number, an id) stand out on the left.
    pub(crate) fn row_with(
        &mut self,
        cells: Vec<String>,
        details: impl IntoIterator<Item = String>,
    ) {
        let details = details.into_iter().collect();
        self.rows.push(Row { cells, details });
    }

    /// The table, or the sentence saying there is nothing to list when it has no rows.
    pub(crate) fn render_or(&self, none: Msg) -> String {
        if self.rows.is_empty() {
            say(&none)
        } else {
            self.render()
        }
    }

    /// The head line and the rows, each line without trailing blanks.
    pub(crate) fn render(&self) -> String {
        let last = self.heads.len().saturating_sub(1);
        let widths: Vec<usize> = (0..self.heads.len())
            .map(|i| {
                std::iter::once(&self.heads[i])
                    .chain(self.rows.iter().filter_map(|r| r.cells.get(i)))
                    .map(|c| width(c))
                    .fold(self.min[i], usize::max)
            })
            .collect();
        let line = |cells: &[String]| -> String {
            let line = cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let w = if i == last && !self.right[i] {
                        0
                    } else {
                        widths[i]
                    };
                    let fill = " ".repeat(w.saturating_sub(width(c)));
                    if self.right[i] {
                        format!("{fill}{c}")
                    } else {
                        format!("{c}{fill}")
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            line.trim_end().to_string()
        };
        let under = match widths.as_slice() {
            [first, _, ..] => " ".repeat(first + 1),
            _ => "    ".to_string(),
        };
        let mut out = vec![line(&self.heads)];
        for r in &self.rows {
            out.push(line(&r.cells));
            out.extend(r.details.iter().map(|d| indent(d, &under)));
        }
        out.join("\n")
    }
}

/// A list for people, a line an item, or the sentence saying it is empty.
pub fn lines<T>(list: &[T], none: Msg, line: impl FnMut(&T) -> String) -> String {
    if list.is_empty() {
        return say(&none);
    }
    list.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// Each line of `text` after `by` (a table inside a record).
fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|l| format!("{by}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// How many terminal columns `s` takes.
fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
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
    let me = s.profile.as_ref().map_or_else(
        || say(&msg!("cli-setup-nobody")),
        |p| {
            say(&msg!(
                "cli-setup-profile",
                name = &p.name,
                role = role_word(&p.role)
            ))
        },
    );
    let next = s.next_database.as_ref().map_or(String::new(), |n| {
        format!("\n{}", say(&msg!("cli-setup-next", database = n)))
    });
    let me = match &s.team {
        Some(t) if t.owner && s.profile.is_none() => {
            say(&msg!("cli-setup-owner", login = &t.login))
        }
        Some(t) if t.must_change_password => {
            say(&msg!("cli-setup-signed-in-new", me = me, login = &t.login))
        }
        Some(t) => say(&msg!("cli-setup-signed-in", me = me, login = &t.login)),
        None => me,
    };
    let has = if s.has_clients { "yes" } else { "no" };
    format!(
        "{}{}\n{}\n{}\n{}",
        say(&msg!("cli-setup-database", database = &s.database)),
        next,
        say(&msg!("cli-setup-you", me = me)),
        say(&msg!("cli-setup-clients", has = has)),
        say(&msg!(
            "cli-setup-language",
            language = say(&msg!("cli-language", language = word(&s.language)))
        ))
    )
}

pub fn user(u: &UserDto) -> String {
    say(&msg!(
        "cli-user",
        id = u.id.to_string(),
        name = &u.name,
        role = role_word(&u.role),
        line = person_line(u.line)
    ))
}

/// The line a person works as people write it: `L2`, or `any`.
pub fn person_line(line: Option<Line>) -> String {
    line.map_or_else(|| say(&msg!("cli-line-any")), |l| l.as_str().to_uppercase())
}

pub fn users(list: &[UserDto]) -> String {
    list.iter().map(user).collect::<Vec<_>>().join("\n")
}

pub fn clients(page: &ClientPage) -> String {
    let mut table = Table::new(&[
        ("cli-col-id", 5, false),
        ("cli-col-code", 14, false),
        ("cli-col-name", 40, false),
        ("cli-col-contacts", 8, true),
        ("cli-col-active", 7, true),
    ]);
    for c in &page.rows {
        table.row(vec![
            c.id.to_string(),
            c.code.clone(),
            c.name.clone(),
            c.contact_count.to_string(),
            c.active_tickets.to_string(),
        ]);
    }
    let mut out = format!("{}\n", table.render());
    if let Some(next) = &page.next_cursor {
        let _ = writeln!(out, "{}", next_page(next));
    }
    out.trim_end().to_string()
}

pub fn client(c: &ClientDto) -> String {
    let mut out = format!("{} {} (#{})\n", c.code, c.name, c.id);
    if let Some(n) = &c.notes {
        let _ = writeln!(out, "{}", say(&msg!("cli-client-notes", notes = n)));
    }
    if let Some(l) = c.language {
        let language = say(&msg!("cli-language", language = l.to_string()));
        let _ = writeln!(
            out,
            "{}",
            say(&msg!("cli-client-language", language = language))
        );
    }
    for k in &c.contacts {
        let contact = msg!(
            "cli-client-contact",
            name = &k.name,
            email = k.email.as_deref().unwrap_or("-"),
            phone = k.phone.as_deref().unwrap_or("-")
        );
        let _ = writeln!(out, "{}", say(&contact));
    }
    out.trim_end().to_string()
}

pub fn queue(page: &QueuePage) -> String {
    let mut table = Table::new(&[
        ("cli-col-number", 10, false),
        ("cli-col-priority", 3, false),
        ("cli-col-status", 16, false),
        ("cli-col-client", 10, false),
        ("cli-col-direction", 9, false),
        ("cli-col-line", 3, false),
        ("cli-col-assignee", 18, false),
        ("cli-col-updated", 21, false),
        ("cli-col-subject", 0, false),
    ]);
    for r in &page.rows {
        table.row(vec![
            r.number.clone(),
            word(&r.priority).to_uppercase(),
            status_word(&r.status),
            r.client_code.clone(),
            r.direction.clone(),
            word(&r.line).to_uppercase(),
            r.assignee_name.as_deref().unwrap_or("-").to_string(),
            time(r.updated_at),
            r.subject.clone(),
        ]);
    }
    let mut out = format!("{}\n", table.render());
    match &page.next_cursor {
        Some(next) => {
            let _ = writeln!(out, "{}", next_page(next));
        }
        None if page.rows.is_empty() => out = say(&msg!("cli-queue-empty")),
        None => {}
    }
    out.trim_end().to_string()
}

pub fn views(list: &[QueueViewDto]) -> String {
    let mut table = Table::new(&[
        ("cli-col-key", 16, false),
        ("cli-col-tickets", 6, true),
        ("cli-col-name", 0, false),
    ]);
    for v in list {
        let name = if v.built_in {
            say(&msg!("cli-view-name", key = &v.key))
        } else {
            v.name.clone()
        };
        let count = if v.more {
            format!("{}+", v.count)
        } else {
            v.count.to_string()
        };
        table.row(vec![v.key.clone(), count, name]);
    }
    table.render()
}

pub fn kb_page(page: &KbPage) -> String {
    let mut table = Table::new(&[
        ("cli-col-id", 0, false),
        ("cli-col-direction", 0, false),
        ("cli-col-title", 0, false),
    ]);
    for a in &page.rows {
        let tags = if a.tags.is_empty() {
            String::new()
        } else {
            format!("  [{}]", a.tags.join(", "))
        };
        table.row(vec![
            format!("#{}", a.id),
            a.direction.as_deref().unwrap_or("-").to_string(),
            format!("{}{tags}", a.title),
        ]);
    }
    let mut out = table.render_or(msg!("cli-kb-empty"));
    if let Some(next) = &page.next_cursor {
        let _ = write!(out, "\n{}", next_page(next));
    }
    out
}

pub fn article(a: &ArticleDto) -> String {
    let from = a.source_ticket.as_ref().map_or(String::new(), |n| {
        format!(" {}", say(&msg!("cli-article-from", number = n)))
    });
    let meta = msg!(
        "cli-article-meta",
        direction = a.direction.as_deref().unwrap_or("-"),
        tags = if a.tags.is_empty() {
            "-".into()
        } else {
            a.tags.join(", ")
        },
        author = &a.created_by_name,
        updated = time(a.updated_at)
    );
    format!(
        "#{} {}{}\n  {}\n\n{}\n{}\n\n{}\n{}",
        a.id,
        a.title,
        from,
        say(&meta),
        say(&msg!("cli-article-problem")),
        a.problem,
        say(&msg!("cli-article-fix")),
        a.fix
    )
}

pub fn suggestions(s: &Suggestions) -> String {
    let mut out = String::new();
    if s.tickets.is_empty() && s.articles.is_empty() {
        return say(&msg!("cli-suggest-none"));
    }
    for t in &s.tickets {
        let fix = msg!(
            "cli-suggest-fix",
            fix = t.resolution_note.as_deref().unwrap_or("-")
        );
        let _ = writeln!(out, "{} {}\n    {}", t.number, t.subject, say(&fix));
    }
    for a in &s.articles {
        let article = msg!(
            "cli-suggest-article",
            id = a.id.to_string(),
            title = &a.title
        );
        let _ = writeln!(out, "{}", say(&article));
    }
    out.trim_end().to_string()
}

/// Hits with the matched words in [brackets], each under its ticket's line.
pub fn search(page: &SearchPage) -> String {
    let mut table = Table::new(&[
        ("cli-col-number", 0, false),
        ("cli-col-client", 0, false),
        ("cli-col-status", 0, false),
        ("cli-col-subject", 0, false),
    ]);
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
        let kind = say(&msg!("cli-hit-kind", kind = word(&h.kind)));
        table.row_with(
            vec![
                h.number.clone(),
                h.client_code.clone(),
                status_word(&h.status),
                h.subject.clone(),
            ],
            Some(format!("{kind}: {}", snippet.replace('\n', " "))),
        );
    }
    let terms = page.terms.join(" ");
    let mut out = table.render_or(msg!("cli-search-none", terms = terms));
    if let Some(next) = &page.next_cursor {
        let _ = write!(out, "\n{}", next_page(next));
    }
    out
}

/// What a bulk action did: one line per ticket changed or refused.
pub fn bulk(r: &sb_app::BulkReport) -> String {
    let mut lines: Vec<String> = r
        .changed
        .iter()
        .map(|t| say(&msg!("cli-bulk-changed", number = &t.number)))
        .collect();
    lines.extend(r.refused.iter().map(|f| {
        say(&msg!(
            "cli-bulk-refused",
            number = &f.number,
            reason = &f.message
        ))
    }));
    lines.push(say(&msg!(
        "cli-bulk-total",
        changed = r.changed.len(),
        refused = r.refused.len()
    )));
    lines.join("\n")
}

pub fn ticket(t: &TicketDto) -> String {
    let lines = [
        msg!(
            "cli-ticket-client",
            code = &t.client_code,
            name = &t.client_name
        ),
        msg!(
            "cli-ticket-status",
            status = status_word(&t.status),
            line = word(&t.line).to_uppercase(),
            assignee = t.assignee_name.as_deref().unwrap_or("-")
        ),
        msg!(
            "cli-ticket-direction",
            direction = &t.direction,
            impact = level_word(&t.impact),
            urgency = level_word(&t.urgency),
            channel = channel_word(&t.channel)
        ),
        msg!(
            "cli-ticket-created",
            created = time(t.created_at),
            author = &t.created_by_name,
            updated = time(t.updated_at),
            version = t.version.to_string()
        ),
    ];
    let mut out = format!(
        "{} [{}] {}",
        t.number,
        word(&t.priority).to_uppercase(),
        t.subject
    );
    for l in &lines {
        let _ = write!(out, "\n  {}", say(l));
    }
    if let Some(into) = &t.merged_into {
        let _ = write!(
            out,
            "\n  {}",
            say(&msg!("cli-ticket-merged", number = into))
        );
    }
    if let Some(note) = &t.resolution_note {
        let note = kept(note, t.resolution_note_msg.as_ref());
        let _ = write!(
            out,
            "\n  {}",
            say(&msg!("cli-ticket-resolution", note = note))
        );
    }
    if !t.description.is_empty() {
        let _ = write!(out, "\n\n{}", t.description);
    }
    out
}

pub fn comment(c: &CommentDto) -> String {
    let tag = match (c.visibility, c.audience, c.notice) {
        (sb_app::sb_domain::Visibility::Internal, _, _) => say(&msg!("cli-comment-internal")),
        (_, _, Some(n)) => say(&msg!("cli-comment-notice", notice = n.to_string())),
        (_, Some(a), _) => say(&msg!("cli-comment-public-to", audience = a.as_str())),
        (_, None, _) => say(&msg!("cli-comment-public")),
    };
    format!(
        "--- {} · {} · {}\n{}",
        c.author_name,
        tag,
        time(c.created_at),
        kept_text(&c.body, c.body_msg.as_ref())
    )
}

/// The audit trail: when, who, what field, and the change.
fn audit(list: &[AuditEntryDto]) -> String {
    let mut table = Table::new(&[
        ("cli-col-when", 0, false),
        ("cli-col-who", 0, false),
        ("cli-col-field", 0, false),
        ("cli-col-change", 0, false),
    ]);
    for a in list {
        table.row(vec![
            time(a.at),
            a.actor_name.clone(),
            say(&msg!("cli-audit-field", field = &a.field)),
            audit_change(a),
        ]);
    }
    table.render()
}

/// An audit entry's change: old -> new, or what the system wrote.
fn audit_change(a: &AuditEntryDto) -> String {
    // The values of a vocabulary as words; the rest (names, numbers, notes) as stored.
    let value = |v: &String| -> String {
        match (a.field.as_str(), v.as_str()) {
            ("status", _) => status_word(v),
            ("impact" | "urgency", _) => level_word(v),
            ("comment", "internal") => say(&msg!("cli-comment-internal")),
            ("comment", "public") => say(&msg!("cli-comment-public")),
            _ => v.clone(),
        }
    };
    match (&a.old_value, &a.new_value) {
        (Some(o), Some(n)) => format!("{} -> {}", value(o), value(n)),
        // A note the system wrote is worded from its message.
        (None, Some(n)) => match &a.new_value_msg {
            Some(m) => say(m),
            None => value(n),
        },
        (Some(o), None) => format!("{} -> -", value(o)),
        (None, None) => String::new(),
    }
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
        lines.push(format!("  {}", say(&msg!("cli-ticket-queue", queue = q))));
    }
    if !r.tags.is_empty() {
        let tags = r.tags.join(", ");
        lines.push(format!("  {}", say(&msg!("cli-ticket-tags", tags = tags))));
    }
    if let Some(d) = &r.decision {
        let routed = msg!(
            "cli-ticket-routed",
            rule = &d.rule_name,
            why = d.why.join("; "),
            did = &d.did
        );
        lines.push(format!("  {}", say(&routed)));
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
        out += &format!("\n\n{}\n", say(&msg!("cli-ticket-comments")));
        out += &c
            .comments
            .iter()
            .map(comment)
            .collect::<Vec<_>>()
            .join("\n\n");
    }
    if !c.related.is_empty() {
        out += &format!("\n\n{}\n", say(&msg!("cli-ticket-related")));
        out += &c
            .related
            .iter()
            .map(|r| format!("  {} [{}] {}", r.number, status_word(&r.status), r.subject))
            .collect::<Vec<_>>()
            .join("\n");
    }
    out += &format!("\n\n{}\n", say(&msg!("cli-ticket-audit")));
    out += &indent(&audit(&c.audit), "  ");
    out
}

pub fn alert_source(s: &sb_app::AlertSourceDto) -> String {
    let head = msg!(
        "cli-alert-source",
        id = s.id.to_string(),
        name = &s.name,
        url = &s.base_url,
        seconds = s.poll_seconds,
        enabled = if s.enabled { "yes" } else { "no" }
    );
    let mut out = format!("{}\n", say(&head));
    if !s.filter.is_empty() {
        let filter = s.filter.join(", ");
        let _ = writeln!(out, "  {}", say(&msg!("cli-alert-filter", filter = filter)));
    }
    let m = &s.mapping;
    let mapping = msg!(
        "cli-alert-mapping",
        client = &m.client_label,
        direction = &m.direction_label,
        map = m
            .direction_map
            .iter()
            .map(|r| format!("{}={}", r.value, r.direction))
            .collect::<Vec<_>>()
            .join(", "),
        default = m
            .default_direction
            .as_deref()
            .map(|d| say(&msg!("cli-alert-default-direction", direction = d)))
            .unwrap_or_default(),
        severity = &m.severity_label
    );
    let _ = writeln!(out, "  {}", say(&mapping));
    let poll = msg!(
        "cli-alert-last-poll",
        at = s
            .last_polled_at
            .map(time)
            .unwrap_or_else(|| say(&msg!("cli-never"))),
        firing = s.firing
    );
    let _ = write!(out, "  {}", say(&poll));
    if let Some(e) = &s.last_error {
        let error = kept(e, s.last_error_msg.as_ref());
        let _ = write!(out, "\n  {}", say(&msg!("cli-last-error", error = error)));
    }
    out
}

pub fn alert_sources(list: &[sb_app::AlertSourceDto]) -> String {
    lines(list, msg!("cli-alert-sources-none"), alert_source)
}

pub fn alert_test(r: &sb_app::AlertTestResult) -> String {
    say(&msg!(
        "cli-alert-test",
        version = &r.version,
        since = time(r.started_at),
        alerts = r.alerts
    ))
}

pub fn polls(list: &[sb_app::PollReport]) -> String {
    lines(list, msg!("cli-polls-none"), |r| match &r.error {
        Some(e) => say(&msg!(
            "cli-poll-failed",
            id = r.source_id.to_string(),
            name = &r.source_name,
            error = kept(e, r.msg.as_ref())
        )),
        None => {
            let poll = msg!(
                "cli-poll",
                id = r.source_id.to_string(),
                name = &r.source_name,
                opened = r.opened,
                repeated = r.repeated,
                resolved = r.resolved,
                reopened = r.reopened,
                unmatched = r.unmatched
            );
            let refused = if r.refused > 0 {
                say(&msg!("cli-poll-refused", refused = r.refused))
            } else {
                String::new()
            };
            say(&poll) + &refused
        }
    })
}

pub fn unmatched(list: &[sb_app::UnmatchedAlertDto]) -> String {
    lines(list, msg!("cli-unmatched-none"), |u| {
        let labels: Vec<String> = u.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!(
            "{} {} ({}): {}",
            u.fingerprint,
            u.source_name,
            labels.join(" "),
            u.reason
        )
    })
}

// --- the email channel ------------------------------------------------------------------

pub fn mailbox(m: &sb_app::MailboxDto) -> String {
    let head = msg!(
        "cli-mailbox-head",
        name = &m.name,
        id = m.id.to_string(),
        enabled = if m.enabled { "yes" } else { "no" },
        direction = &m.direction
    );
    let imap = msg!(
        "cli-mailbox-imap",
        user = &m.imap_user,
        host = &m.imap_host,
        port = m.imap_port.to_string(),
        security = word(&m.imap_security),
        folder = &m.imap_folder,
        password = if m.has_imap_password {
            String::new()
        } else {
            say(&msg!("cli-mailbox-no-password"))
        }
    );
    let login = match (&m.smtp_user, m.has_smtp_password) {
        (None, _) => msg!("cli-mailbox-no-login"),
        (Some(u), true) => msg!("cli-mailbox-login", user = u),
        (Some(u), false) => msg!("cli-mailbox-login-no-password", user = u),
    };
    let smtp = msg!(
        "cli-mailbox-smtp",
        host = &m.smtp_host,
        port = m.smtp_port.to_string(),
        security = word(&m.smtp_security),
        login = login,
        from = &m.from_address
    );
    let poll = msg!("cli-mailbox-poll", seconds = m.poll_seconds);
    let mut s = format!(
        "{}\n  {}\n  {}\n  {}",
        say(&head),
        say(&imap),
        say(&smtp),
        say(&poll)
    );
    if let Some(at) = m.last_polled_at {
        let _ = write!(
            s,
            "\n  {}",
            say(&msg!("cli-mailbox-last-poll", at = time(at)))
        );
    }
    if let Some(e) = &m.last_error {
        let _ = write!(s, ": {}", kept_text(e, m.last_error_msg.as_ref()));
    }
    s
}

pub fn mailboxes(list: &[sb_app::MailboxDto]) -> String {
    lines(list, msg!("cli-mailboxes-none"), mailbox)
}

pub fn connection_test(t: &sb_app::ConnectionTest) -> String {
    let line = |server: &str, c: &sb_app::ConnectionCheck| match (&c.code, &c.message) {
        (None, _) => format!("{server}: {}", say(&msg!("cli-ok"))),
        (Some(code), Some(m)) => format!("{server}: {code}: {m}"),
        (Some(code), None) => format!("{server}: {code}"),
    };
    format!("{}\n{}", line("IMAP", &t.imap), line("SMTP", &t.smtp))
}

pub fn mail_poll_report(r: &sb_app::MailPollReport) -> String {
    say(&msg!(
        "cli-mail-poll",
        fetched = r.fetched,
        tickets = r.tickets,
        comments = r.comments,
        triage = r.triage,
        quarantined = r.quarantined,
        duplicates = r.duplicates
    ))
}

pub fn mail_messages(list: &[sb_app::MailMessageDto]) -> String {
    let mut table = Table::new(&[
        ("cli-col-id", 0, true),
        ("cli-col-received", 0, false),
        ("cli-col-mailbox", 0, false),
        ("cli-col-from", 0, false),
        ("cli-col-subject", 0, false),
    ]);
    let unknown = say(&msg!("cli-unknown-sender"));
    for m in list {
        let reason = m
            .reason
            .as_ref()
            .map(|r| say(&msg!("cli-mail-reason", reason = r)));
        table.row_with(
            vec![
                m.id.to_string(),
                time(m.received_at),
                m.mailbox_name.clone(),
                m.from_email.clone().unwrap_or_else(|| unknown.clone()),
                m.subject.clone().unwrap_or_default(),
            ],
            reason,
        );
    }
    table.render_or(msg!("cli-none"))
}

pub fn outbox(list: &[sb_app::OutboxItemDto]) -> String {
    let mut table = Table::new(&[
        ("cli-col-id", 0, true),
        ("cli-col-state", 0, false),
        ("cli-col-ticket", 0, false),
        ("cli-col-attempts", 0, true),
        ("cli-col-to", 0, false),
        ("cli-col-subject", 0, false),
    ]);
    for o in list {
        let error = o.last_error.as_ref();
        let error = error.map(|e| error_line(e, o.last_error_msg.as_ref()));
        table.row_with(
            vec![
                o.id.to_string(),
                say(&msg!("cli-outbox-state", state = word(&o.state))),
                o.ticket_number.as_deref().unwrap_or("-").to_string(),
                o.attempts.to_string(),
                o.to.clone(),
                o.subject.clone(),
            ],
            error,
        );
    }
    table.render_or(msg!("cli-outbox-empty"))
}

pub fn ticket_email(e: &sb_app::TicketEmailDto) -> String {
    let mut s = match &e.requester {
        Some(r) => say(&msg!("cli-ticket-email-to", requester = r)),
        None => say(&msg!("cli-ticket-email-none")),
    };
    if !e.attachments.is_empty() {
        let mut files = Table::new(&[
            ("cli-col-attachment", 0, true),
            ("cli-col-bytes", 0, true),
            ("cli-col-file", 0, false),
        ]);
        for a in &e.attachments {
            files.row(vec![
                a.id.to_string(),
                a.size.to_string(),
                a.file_name.clone(),
            ]);
        }
        let _ = write!(s, "\n{}", files.render());
    }
    if !e.deliveries.is_empty() {
        let mut replies = Table::new(&[("cli-col-reply", 0, true), ("cli-col-state", 0, false)]);
        for d in &e.deliveries {
            let error = d.last_error.as_ref();
            let error = error.map(|e| error_line(e, d.last_error_msg.as_ref()));
            let state = say(&msg!("cli-outbox-state", state = word(&d.state)));
            replies.row_with(vec![d.outbox_id.to_string(), state], error);
        }
        let _ = write!(s, "\n{}", replies.render());
    }
    if let Some(o) = &e.opening {
        let opened = msg!("cli-ticket-email-opened", id = o.mail_id.to_string());
        let _ = write!(s, "\n{}", say(&opened));
        for n in &o.notes {
            let _ = write!(s, "\n  {}", say(&msg!("cli-note", note = n.message())));
        }
    }
    for c in &e.email_comments {
        for n in &c.notes {
            let note = msg!(
                "cli-ticket-email-comment-note",
                comment = c.comment_id.to_string(),
                message = c.mail_id.to_string(),
                note = n.message()
            );
            let _ = write!(s, "\n{}", say(&note));
        }
    }
    s
}

pub fn mail_reading(r: &sb_app::MailReadingDto) -> String {
    let unknown = say(&msg!("cli-unknown-sender"));
    let mut s = say(&msg!(
        "cli-mail-reading",
        id = r.message_id.to_string(),
        from = r.from.as_deref().unwrap_or(&unknown),
        subject = &r.subject
    ));
    if let Some(p) = &r.problem {
        let _ = write!(
            s,
            "\n{}",
            say(&msg!("cli-mail-problem", problem = p.message()))
        );
    }
    for n in &r.notes {
        let _ = write!(s, "\n{}", say(&msg!("cli-note", note = n.message())));
    }
    let _ = write!(s, "\n\n{}", r.text);
    s
}

// --- the hours ledger ---------------------------------------------------------------------

fn direction_or_pool(d: &str) -> String {
    if d.is_empty() {
        say(&msg!("cli-shared-pool"))
    } else {
        d.to_string()
    }
}

fn package_lines(out: &mut String, p: &sb_app::PackageDto) {
    let state = say(&msg!(
        "cli-package-state",
        state = if p.closed {
            "closed"
        } else if p.active {
            "active"
        } else {
            "idle"
        }
    ));
    let _ = writeln!(
        out,
        "#{} {} · {} · {} – {} · {state}",
        p.id, p.client_code, p.terms.name, p.terms.start, p.terms.end
    );
    let used = msg!(
        "cli-package-used",
        used = sb_app::hours(p.used_minutes),
        total = sb_app::hours(p.total_minutes),
        percent = p.used_percent,
        left = sb_app::hours(p.left_minutes),
        elapsed = p.elapsed_percent,
        fast = if p.burning_fast { "yes" } else { "no" }
    );
    let _ = writeln!(out, "  {}", say(&used));
    if p.overage_minutes != 0 {
        let overage = msg!(
            "cli-package-overage",
            hours = sb_app::hours(p.overage_minutes)
        );
        let _ = writeln!(out, "  {}", say(&overage));
    }
    if !p.budgets.is_empty() {
        let _ = writeln!(out, "{}", indent(&budgets(&p.budgets), "  "));
    }
    let outlook = match &p.runs_out_on {
        Some(d) => Some(msg!("cli-package-runs-out", day = d)),
        None if p.active && p.used_last_30 > 0 => {
            Some(msg!("cli-package-lasts", end = &p.terms.end))
        }
        None if p.active => Some(msg!("cli-package-idle")),
        None => None,
    };
    if let Some(o) = outlook {
        let _ = writeln!(out, "  {}", say(&o));
    }
    if !p.thresholds_crossed.is_empty() {
        let crossed: Vec<String> = p
            .thresholds_crossed
            .iter()
            .map(|t| format!("{t}%"))
            .collect();
        let list = crossed.join(", ");
        let _ = writeln!(
            out,
            "  {}",
            say(&msg!("cli-package-thresholds", list = list))
        );
    }
}

/// A package's budgets, one row per direction (or the shared pool).
fn budgets(list: &[sb_app::PackageBudgetDto]) -> String {
    let mut table = Table::new(&[
        ("cli-col-direction", 0, false),
        ("cli-col-budget", 0, true),
        ("cli-col-rolled", 0, true),
        ("cli-col-used", 0, true),
        ("cli-col-left", 0, true),
        ("cli-col-percent", 0, true),
        ("cli-col-notes", 0, false),
    ]);
    for b in list {
        let mut notes = Vec::new();
        if b.overage_minutes != 0 {
            let hours = sb_app::hours(b.overage_minutes);
            notes.push(say(&msg!("cli-package-overage", hours = hours)));
        }
        if let Some(t) = b.thresholds_crossed.iter().max() {
            notes.push(say(&msg!("cli-budget-crossed", threshold = *t)));
        }
        table.row(vec![
            direction_or_pool(&b.direction),
            sb_app::hours(b.budget_minutes),
            sb_app::hours(b.rolled_minutes),
            sb_app::hours(b.used_minutes),
            sb_app::hours(b.left_minutes),
            format!("{}%", b.used_percent),
            notes.join(", "),
        ]);
    }
    table.render()
}

pub fn packages(list: &[sb_app::PackageDto]) -> String {
    if list.is_empty() {
        return say(&msg!("cli-packages-none"));
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
    let _ = writeln!(out, "{}", say(&msg!("cli-package-history")));
    for h in &d.history {
        let change = msg!(
            "cli-package-change",
            at = time(h.at),
            change = &h.change,
            actor = &h.actor_name,
            summary = &h.summary
        );
        let _ = writeln!(out, "  {}", say(&change));
    }
    out.trim_end().to_string()
}

pub fn dashboard(d: &sb_app::ClientDashboardDto) -> String {
    let head = msg!(
        "cli-dashboard-head",
        code = &d.client_code,
        name = &d.client_name,
        today = &d.today,
        drafts = d.drafts
    );
    let mut out = format!("{}\n", say(&head));
    for p in &d.packages {
        package_lines(&mut out, &p.package);
        // The burn-down at a glance: where it is today against the ideal line.
        if let Some(now) = p.burn_down.iter().rev().find(|b| b.left.is_some()) {
            let burn = msg!(
                "cli-burn-down",
                left = sb_app::hours(now.left.unwrap_or(0)),
                day = &now.day,
                ideal = sb_app::hours(now.ideal)
            );
            let _ = writeln!(out, "  {}", say(&burn));
        }
    }
    out.trim_end().to_string()
}

/// Every active package's use, then the clients that have none.
pub fn portfolio(p: &sb_app::PortfolioDto) -> String {
    let mut out = portfolio_rows(&p.rows);
    if !p.uncovered.is_empty() {
        let mut table = Table::new(&[
            ("cli-col-client", 8, false),
            ("cli-col-name", 0, false),
            ("cli-col-package", 0, false),
        ]);
        for c in &p.uncovered {
            let last = c
                .last_end
                .as_deref()
                .map(|d| say(&msg!("cli-portfolio-last-ended", day = d)))
                .unwrap_or_default();
            table.row(vec![
                c.client_code.clone(),
                c.client_name.clone(),
                say(&msg!("cli-portfolio-uncovered", last = last)),
            ]);
        }
        let _ = write!(out, "\n\n{}", table.render());
    }
    out.trim().to_string()
}

fn portfolio_rows(rows: &[sb_app::PortfolioRowDto]) -> String {
    let mut table = Table::new(&[
        ("cli-col-client", 8, false),
        ("cli-col-package", 0, false),
        ("cli-col-used", 0, true),
        ("cli-col-total", 0, true),
        ("cli-col-percent", 0, true),
        ("cli-col-left", 0, true),
        ("cli-col-outlook", 0, false),
    ]);
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
            let list = crossed.join(", ");
            say(&msg!("cli-portfolio-crossed", list = list))
        };
        let outlook = match (&r.runs_out_on, r.days_left) {
            (Some(d), Some(n)) => say(&msg!("cli-portfolio-runs-out", day = d, days = n)),
            (None, Some(n)) => say(&msg!("cli-portfolio-lasts", days = n)),
            _ => String::new(),
        };
        table.row(vec![
            r.client_code.clone(),
            r.package_name.clone(),
            sb_app::hours(r.used_minutes),
            sb_app::hours(r.total_minutes),
            format!("{}%", r.used_percent),
            sb_app::hours(r.left_minutes),
            format!("{outlook}{flag}").trim().to_string(),
        ]);
    }
    table.render_or(msg!("cli-portfolio-none"))
}

/// One entry (just logged, edited, corrected or stopped) as a record, not a one-row table.
pub fn time_entry(e: &sb_app::TimeEntryDto) -> String {
    let hours = msg!(
        "cli-time-entry",
        actual = sb_app::hours(e.actual_minutes),
        billable = sb_app::hours(e.billable_minutes),
        covered = sb_app::hours(e.covered_minutes),
        overage = sb_app::hours(e.overage_minutes)
    );
    let corrects = e
        .adjusts_id
        .map(|a| say(&msg!("cli-time-corrects", id = a.to_string())))
        .unwrap_or_default();
    let line = format!(
        "#{} {} {} {} {} {} {} {}{corrects}",
        e.id,
        e.work_date,
        e.ticket_number,
        e.user_name,
        say(&hours),
        e.work_type,
        say(&msg!("cli-entry-state", state = word(&e.state))),
        e.note,
    );
    line.trim_end().to_string()
}

/// Entries as a table under its heads.
pub fn time_entries(list: &[sb_app::TimeEntryDto]) -> String {
    let mut table = Table::new(&[
        ("cli-col-id", 6, false),
        ("cli-col-date", 0, false),
        ("cli-col-ticket", 0, false),
        ("cli-col-engineer", 10, false),
        ("cli-col-actual", 0, true),
        ("cli-col-billable", 0, true),
        ("cli-col-covered", 0, true),
        ("cli-col-overage", 0, true),
        ("cli-col-work-type", 11, false),
        ("cli-col-state", 8, false),
        ("cli-col-note", 0, false),
    ]);
    for e in list {
        let corrects = e
            .adjusts_id
            .map(|a| say(&msg!("cli-time-corrects", id = a.to_string())))
            .unwrap_or_default();
        table.row(vec![
            format!("#{}", e.id),
            e.work_date.clone(),
            e.ticket_number.clone(),
            e.user_name.clone(),
            sb_app::hours(e.actual_minutes),
            sb_app::hours(e.billable_minutes),
            sb_app::hours(e.covered_minutes),
            sb_app::hours(e.overage_minutes),
            e.work_type.clone(),
            say(&msg!("cli-entry-state", state = word(&e.state))),
            format!("{}{corrects}", e.note).trim().to_string(),
        ]);
    }
    table.render_or(msg!("cli-time-none"))
}

pub fn ticket_time(t: &sb_app::TicketTimeDto) -> String {
    let mut out = time_entries(&t.entries);
    let total = msg!(
        "cli-time-total",
        actual = sb_app::hours(t.actual_minutes),
        billable = sb_app::hours(t.billable_minutes)
    );
    let _ = write!(out, "\n{}", say(&total));
    if let Some(timer) = &t.timer {
        let since = time(timer.started_at);
        let _ = write!(out, "\n{}", say(&msg!("cli-timer-running", since = since)));
    }
    for p in &t.packages {
        let draws = msg!(
            "cli-draws-from",
            package = &p.terms.name,
            left = sb_app::hours(p.left_minutes),
            end = &p.terms.end
        );
        let _ = write!(out, "\n{}", say(&draws));
    }
    if t.packages.is_empty() {
        let _ = write!(out, "\n{}", say(&msg!("cli-no-package-covers")));
    }
    out
}

pub fn time_preview(p: &sb_app::TimePreviewDto) -> String {
    if let Some(why) = &p.refused {
        return say(&msg!("cli-refused", reason = why));
    }
    let mut out = say(&msg!(
        "cli-bills",
        billable = sb_app::hours(p.billable_minutes),
        covered = sb_app::hours(p.covered_minutes),
        overage = sb_app::hours(p.overage_minutes)
    ));
    for d in &p.draws {
        let draw = msg!(
            "cli-draw",
            hours = sb_app::hours(d.minutes),
            package = d
                .package_name
                .clone()
                .unwrap_or_else(|| say(&msg!("cli-no-package"))),
            kind = if d.kind == "base" {
                String::new()
            } else {
                format!("({})", d.kind)
            }
        );
        let _ = write!(out, "\n  {}", say(&draw));
    }
    for w in &p.warnings {
        let _ = write!(
            out,
            "\n  {}",
            say(&msg!("cli-warning", warning = &w.message))
        );
    }
    out
}

/// `sb worker status`: a row a unit, what is wrong with it under the row.
pub fn work_status(s: &sb_app::WorkStatusDto) -> String {
    let head = msg!(
        "cli-work-head",
        process = &s.this_process,
        on = if s.background_work { "yes" } else { "no" },
        seconds = s.lease_seconds
    );
    let mut table = Table::new(&[
        ("cli-col-work-unit", 0, false),
        ("cli-col-target", 0, false),
        ("cli-col-errors", 0, true),
        ("cli-col-waiting", 0, true),
        ("cli-col-last-success", 0, false),
        ("cli-col-held-since", 0, false),
        ("cli-col-held-by", 0, false),
    ]);
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| "-".to_string());
    for u in &s.units {
        let mut wrong = Vec::new();
        if let (Some(e), Some(at)) = (&u.last_error, u.last_error_at) {
            let error = kept(e, u.last_error_msg.as_ref());
            wrong.push(say(&msg!(
                "cli-work-last-error",
                at = time(at),
                error = error
            )));
        }
        if let Some(why) = &u.not_here {
            wrong.push(say(&msg!("cli-work-not-here", why = why)));
        }
        table.row_with(
            vec![
                u.unit.clone(),
                u.target.clone(),
                u.errors.to_string(),
                or_dash(u.queue_depth.map(|d| d.to_string())),
                or_dash(u.last_success_at.map(time)),
                or_dash(u.holder.as_ref().and(u.held_since).map(time)),
                or_dash(u.holder.clone()),
            ],
            wrong,
        );
    }
    format!("{}\n{}", say(&head), table.render_or(msg!("cli-work-none")))
}

#[cfg(test)]
mod tests {
    use sb_i18n::{msg, Lang};

    /// The messages of several lines keep English as it was printed before the words moved to
    /// cli.ftl (Fluent drops a pattern's common indent and keeps blank lines).
    #[test]
    fn messages_of_several_lines_keep_their_english() {
        let reading = msg!("cli-mail-reading", id = "m1", from = "a@b", subject = "Hi");
        assert_eq!(
            reading.render(Lang::En),
            "message m1\nfrom: a@b\nsubject: Hi"
        );
        let defaults = msg!(
            "cli-notice-defaults",
            language = "en",
            acknowledge = "on",
            remind = "on",
            remind_after = 3,
            close_after = 21,
            satisfaction = "off"
        );
        assert_eq!(
            defaults.render(Lang::En),
            "language:        en\nacknowledge:     on\nremind:          on (after 3 working days, \
             closed 21 working days after the reminder)\nsatisfaction:    off"
        );
        assert!(defaults
            .render(Lang::Ru)
            .contains("(через 3 рабочих дня, закрытие через 21 рабочий день после напоминания)"));
        let init = msg!("cli-team-init", database = "db", owner = "o", roles = "r");
        assert_eq!(
            init.render(Lang::En),
            "db is a team workspace, owned by o; group roles: r\nnext: `sb team invite \"NAME\" \
             --role admin` (and the others)"
        );
    }

    /// Where each column of `line` starts, in terminal columns (cells hold no blanks here).
    fn starts(line: &str) -> Vec<usize> {
        let mut at = Vec::new();
        let mut col = 0;
        let mut blank = true;
        for ch in line.chars() {
            if ch == ' ' {
                blank = true;
            } else if blank {
                at.push(col);
                blank = false;
            }
            col += unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        }
        at
    }

    /// Russian heads wider than their minimum (two bytes a letter), Russian cells wider than
    /// the heads, and a wide CJK name (two columns a letter): every line's columns start where the head's do.
    #[test]
    fn tables_line_up_in_russian() {
        let heads = [
            "cli-col-number",
            "cli-col-priority",
            "cli-col-status",
            "cli-col-direction",
        ]
        .map(|id| sb_i18n::Msg::new(id).render(Lang::Ru));
        assert_eq!(heads[3], "НАПРАВЛЕНИЕ");
        let mut t = super::Table::worded(
            heads.to_vec(),
            vec![(10, false), (3, false), (8, false), (0, false)],
        );
        let status = |s: &str| msg!("cli-status", status = s).render(Lang::Ru);
        t.row(vec![
            "SB-000001".into(),
            "P1".into(),
            "Северо-Западный".into(),
            "сеть".into(),
        ]);
        t.row(vec![
            "SB-000002".into(),
            "P4".into(),
            status("new"),
            "железо".into(),
        ]);
        t.row(vec![
            "SB-000003".into(),
            "P2".into(),
            "東京支社".into(),
            "database".into(),
        ]);
        let text = t.render();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        let want = starts(lines[0]);
        assert_eq!(want.len(), 4, "{text}");
        for line in &lines[1..] {
            assert_eq!(starts(line), want, "{text}");
        }
        // "Северо-Западный" (15 letters, 29 bytes) is the widest cell: the column is 15 wide.
        assert_eq!(want[3] - want[2], 16, "{text}");
        assert!(lines.iter().all(|l| !l.ends_with(' ')), "{text}");
    }

    #[test]
    fn right_aligned_columns_end_together() {
        let mut t = super::Table::worded(
            vec!["НАЗВАНИЕ".into(), "АКТИВНЫХ".into()],
            vec![(4, false), (3, true)],
        );
        t.row(vec!["Ромашка".into(), "7".into()]);
        t.row(vec!["ООО «Северный ветер»".into(), "1234".into()]);
        let text = t.render();
        let ends: Vec<usize> = text
            .lines()
            .map(unicode_width::UnicodeWidthStr::width)
            .collect();
        assert_eq!(ends, vec![29, 29, 29], "{text}");
    }

    /// A row's detail lines (a last error, of one line or several) start under the second
    /// column, whatever the widths; a table without rows is its none-sentence.
    #[test]
    fn details_start_under_the_second_column() {
        let mut t = super::Table::worded(
            vec!["ОТВЕТ".into(), "СОСТОЯНИЕ".into()],
            vec![(0, true), (0, false)],
        );
        assert_eq!(
            t.render_or(msg!("cli-outbox-empty")),
            super::say(&msg!("cli-outbox-empty"))
        );
        t.row_with(
            vec!["7".into(), "не доставлено".into()],
            Some("ошибка: нет связи\nвторая строка".to_string()),
        );
        t.row(vec!["12".into(), "ждёт".into()]);
        assert_eq!(
            t.render_or(msg!("cli-outbox-empty")),
            "ОТВЕТ СОСТОЯНИЕ\n    7 не доставлено\n      ошибка: нет связи\n      вторая строка\n   12 ждёт"
        );
    }

    #[test]
    fn times_print_in_utc() {
        assert_eq!(super::time(0), "1970-01-01 00:00 UTC");
        assert_eq!(super::time(1_700_000_000_000), "2023-11-14 22:13 UTC");
        assert_eq!(super::time(951_782_400_000), "2000-02-29 00:00 UTC");
    }
}
