//! The new text of a reply: the plain text with the quoted earlier messages taken out.
//!
//! Mail clients mark the quoted part in a few ways, and this strips each: `>` lines; a Gmail /
//! Apple / Thunderbird header ("On <date>, <name> wrote:", "<date>, <name> пишет:"); an Outlook
//! separator ("-----Original Message-----", "-----Исходное сообщение-----") or its header block
//! ("From: ... Sent: ... To: ... Subject: ...", "От: ... Отправлено: ... Кому: ... Тема: ...").
//! Everything from a header or separator down is the old message and goes. A forward's
//! "---------- Forwarded message ----------" counts as a separator too: the forwarded text is
//! not the sender's own words. So a new ticket takes `full_text`; a reply threaded into a
//! ticket takes `new_text`.

/// The reply's own words from a plain text body; `""` when it holds nothing but quotes.
pub fn new_text(full: &str) -> String {
    let lines: Vec<&str> = full.lines().collect();
    let mut kept: Vec<&str> = Vec::new();
    for i in 0..lines.len() {
        if starts_old_message(&lines, i) {
            break;
        }
        if !lines[i].trim_start().starts_with('>') {
            kept.push(lines[i]);
        }
    }
    // An Outlook rule line ("____") or a blank line above the header belongs to the header.
    while let Some(last) = kept.last() {
        let t = last.trim();
        if t.is_empty() || (t.len() >= 8 && t.chars().all(|c| c == '_' || c == '-')) {
            kept.pop();
        } else {
            break;
        }
    }
    let start = kept
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(kept.len());
    kept[start..].join("\n")
}

/// Whether line `i` starts the quoted earlier message.
fn starts_old_message(lines: &[&str], i: usize) -> bool {
    let line = plain(lines[i]);
    if line.is_empty() {
        return false;
    }
    is_separator(&line) || is_attribution(lines, i, &line) || is_header_block(lines, i, &line)
}

/// A line without the `*bold*` marks and spaces that HTML conversion may leave around it.
fn plain(line: &str) -> String {
    line.trim().trim_matches('*').trim().to_string()
}

/// "-----Original Message-----" and its translations.
fn is_separator(line: &str) -> bool {
    if !line.starts_with("--") {
        return false;
    }
    let inner = line.trim_matches(|c: char| c == '-' || c.is_whitespace());
    let inner = inner.to_lowercase();
    [
        "original message",
        "forwarded message",
        "исходное сообщение",
        "пересылаемое сообщение",
        "исходное письмо",
        "ursprüngliche nachricht",
        "message d'origine",
    ]
    .contains(&inner.as_str())
}

/// "On Mon, 1 Jan 2024 at 10:00, Ann <ann@example.com> wrote:" (maybe wrapped over two lines),
/// "01.02.2024 10:00, Иван Петров пишет:" and the like.
fn is_attribution(lines: &[&str], i: usize, line: &str) -> bool {
    let next = lines.get(i + 1).map(|l| plain(l)).unwrap_or_default();
    let ends_english = |s: &str| s.ends_with("wrote:");
    if line.starts_with("On ") && (ends_english(line) || ends_english(&next)) {
        return true;
    }
    let lower = line.to_lowercase();
    let russian_end = ["пишет:", "написал:", "написала:", "написал(а):"]
        .iter()
        .any(|end| lower.ends_with(end));
    let looks_dated = line.chars().any(|c| c.is_ascii_digit()) || line.contains('@');
    if russian_end && looks_dated {
        return true;
    }
    // Mail.ru: "Понедельник, 1 января 2024, 10:00 +03:00 от Иван <ivan@mail.ru>:"
    if lower.contains(" от ") && line.ends_with(">:") && line.contains('@') && looks_dated {
        return true;
    }
    // German and French clients, for the odd foreign partner.
    (lower.starts_with("am ") && lower.ends_with("schrieb:"))
        || (lower.starts_with("le ")
            && (lower.ends_with("a écrit :") || lower.ends_with("a écrit:")))
}

/// Outlook's quoted header: a "From:" line followed closely by "Sent:"/"Date:" and "To:"/
/// "Subject:" lines (in English or Russian). Requiring both keeps a sentence that happens to
/// start with "From:" in the reply.
fn is_header_block(lines: &[&str], i: usize, line: &str) -> bool {
    let has_field = |s: &str, names: &[&str]| {
        names.iter().any(|n| {
            s.get(..n.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(n))
        })
    };
    if !has_field(line, &["From:", "От:", "От кого:", "Von:", "De :", "De:"]) {
        return false;
    }
    let following: Vec<String> = lines[i + 1..].iter().take(5).map(|l| plain(l)).collect();
    let dated = following.iter().any(|l| {
        has_field(
            l,
            &[
                "Sent:",
                "Date:",
                "Отправлено:",
                "Дата:",
                "Gesendet:",
                "Envoyé :",
            ],
        )
    });
    let addressed = following.iter().any(|l| {
        has_field(
            l,
            &[
                "To:",
                "Subject:",
                "Кому:",
                "Тема:",
                "An:",
                "Betreff:",
                "À :",
                "Objet :",
            ],
        )
    });
    dated && addressed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(full: &str, expected: &str) {
        assert_eq!(new_text(full), expected, "from {full:?}");
    }

    #[test]
    fn keeps_only_the_new_text_of_a_reply() {
        for (full, expected) in [
            ("Just text.\nTwo lines.", "Just text.\nTwo lines."),
            ("Thanks!\n\n> old\n> older\n", "Thanks!"),
            (
                "Fixed now.\n\nOn Mon, 1 Jan 2024 at 10:00, Ann <ann@example.com> wrote:\n> the printer\n",
                "Fixed now.",
            ),
            (
                "Fixed.\n\nOn Mon, 1 Jan 2024 at 10:00, Ann Lee <\nann@example.com> wrote:\n\n> x",
                "Fixed.",
            ),
            (
                "See below.\n\n-----Original Message-----\nFrom: Ann\nSent: Monday\nSubject: x\n\nold body",
                "See below.",
            ),
            (
                "Done.\n\n________________________________\nFrom: Ann Lee <ann@example.com>\nSent: Monday, January 1, 2024 10:00 AM\nTo: Desk <desk@example.com>\nSubject: RE: x\n\nold body",
                "Done.",
            ),
            (
                "Готово.\n\n-----Исходное сообщение-----\nОт: Иван\nОтправлено: 1 января\nТема: x\n\nстарое",
                "Готово.",
            ),
            (
                "Спасибо, работает.\n\n01.02.2024 10:00, Иван Петров пишет:\n> не печатает принтер",
                "Спасибо, работает.",
            ),
            (
                "Ок.\n\nОт: Иван Петров <ivan@example.ru>\nОтправлено: 1 февраля 2024 г. 10:00\nКому: desk@example.com\nТема: принтер\n\nстарое",
                "Ок.",
            ),
            // Not quotes: a sentence that starts like a header but has no header block under it.
            (
                "From: the branch office, the VPN is down.\nPlease check.",
                "From: the branch office, the VPN is down.\nPlease check.",
            ),
            ("On Monday the server rebooted.\nAgain.", "On Monday the server rebooted.\nAgain."),
            ("Он пишет: всё сломалось", "Он пишет: всё сломалось"),
            ("> only a quote", ""),
            ("Inline answer:\n> question?\nanswer.", "Inline answer:\nanswer."),
            (
                "FYI\n\n---------- Forwarded message ---------\nFrom: Mon <m@x>\nDate: today\nSubject: disk\n\ndisk full",
                "FYI",
            ),
        ] {
            check(full, expected);
        }
    }
}
