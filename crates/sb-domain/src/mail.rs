//! What intake says about a received message: why one waits in quarantine for a person
//! (`MailProblem`), what was done to read one (`MailNote`, told on its ticket), and how a text
//! too long for a field is cut so that the cut is said, never silent.
//!
//! Codes with parameters (invariant 12): the window and the CLI word them in the reader's
//! language; `message()` is the English wording the CLI and the stored reason use.

use serde::{Deserialize, Serialize};

/// Why a message is kept in quarantine instead of becoming a ticket by itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum MailProblem {
    /// Nothing but blank space.
    Empty,
    /// No header lines at all: not an email.
    NoHeaders,
    /// No From header: the sender is unknown.
    NoSender,
    /// A From header without an email address, even once decoded.
    NoSenderAddress { from: String },
    /// 8-bit text without a declared charset, and no confident guess of one.
    CharsetUnsure {
        #[serde(default)]
        guess: Option<String>,
    },
    /// A declared charset nobody knows, and no confident guess of the real one.
    CharsetUnknown { charset: String },
    /// The body has bytes but no text or file could be read from it.
    NoText,
    /// Read, but the workspace refused to store what it became (`detail`: the refusal); kept
    /// here so that the rest of the mailbox is read on.
    Refused { detail: String },
    /// Larger than the limit (`size` and `limit` in bytes): only its header was downloaded
    /// and kept, and the rest of the mailbox was read on.
    TooLarge { size: i64, limit: i64 },
    /// Named ticket `ticket` (by its subject tag or References), but its sender `sender` is
    /// neither the ticket's requester nor a contact of its client: perhaps forged, so it waits
    /// in triage until a person puts it onto the ticket or dismisses it.
    PossibleSpoof { ticket: String, sender: String },
    /// Past one of the workspace's input limits (`limit`: its name in
    /// [`crate::limits::LIMITS`]; `found` and `allowed`: the figures): not read further, kept
    /// whole, so a mail built to exhaust the reader waits for a person instead.
    OverLimit {
        limit: String,
        found: i64,
        allowed: i64,
    },
}

/// The largest message the email intake downloads whole by default (50 MiB); a larger one
/// waits in quarantine with only its header. The workspace's `mail_bytes` limit
/// ([`crate::limits::InputLimits`]) sets it, and `SB_MAIL_MAX_BYTES` over that for one app.
pub const MAX_MESSAGE_BYTES: u64 = 50 << 20;

impl MailProblem {
    /// The English wording: the CLI's, and the stored reason's.
    pub fn message(&self) -> String {
        match self {
            MailProblem::Empty => "it is empty".into(),
            MailProblem::NoHeaders => {
                "no header lines were found (a message starts with lines such as 'From: ...')"
                    .into()
            }
            MailProblem::NoSender => "it has no From header, so the sender is unknown".into(),
            MailProblem::NoSenderAddress { from } => {
                format!("its From header ({from}) holds no email address, so the sender is unknown")
            }
            MailProblem::CharsetUnsure { guess: Some(g) } => format!(
                "its text is 8-bit without a declared charset, and the guess ({g}) is not \
                 confident; pick the charset when you accept it"
            ),
            MailProblem::CharsetUnsure { guess: None } => {
                "its text is 8-bit without a declared charset, and no charset could be guessed; \
                 pick the charset when you accept it"
                    .into()
            }
            MailProblem::CharsetUnknown { charset } => format!(
                "its text declares the unknown charset '{charset}', and the real one could not \
                 be guessed with confidence; pick the charset when you accept it"
            ),
            MailProblem::NoText => {
                "its body has content, but no text or file could be read from it".into()
            }
            MailProblem::Refused { detail } => format!(
                "it could not be stored as a ticket or comment ({detail}); the rest of the \
                 mailbox was read on, and a person can accept it once the cause is fixed"
            ),
            MailProblem::TooLarge { size, limit } => format!(
                "it is {size} bytes, more than the limit of {limit}, so only its header was \
                 downloaded; read it in the mail server's webmail, or accept it as a ticket \
                 from its header"
            ),
            MailProblem::PossibleSpoof { ticket, sender } => format!(
                "it names ticket {ticket}, but {sender} is neither its requester nor a contact \
                 of its client, so it may be forged; put it onto the ticket if it is genuine, \
                 or dismiss it"
            ),
            MailProblem::OverLimit {
                limit,
                found,
                allowed,
            } => format!(
                "it has {found} {}, more than the limit of {allowed} ({limit}), so it was not \
                 read further; it is kept whole: read it in the mail server's webmail, or accept \
                 it as a ticket from its sender and subject",
                limit_words(limit)
            ),
        }
    }

    /// Whether a person can still make a ticket of it (an empty message has nothing to take).
    pub fn acceptable(&self) -> bool {
        !matches!(self, MailProblem::Empty)
    }
}

/// What a limit counts, in words after a figure ("12 header fields").
fn limit_words(limit: &str) -> &'static str {
    match limit {
        "mail_headers" => "header fields",
        "header_bytes" => "bytes in one header field",
        "mime_parts" => "MIME parts",
        "mime_depth" => "levels of nested parts",
        "attachment_bytes" => "bytes in one attached file",
        "text_bytes" => "bytes of text (counted until the limit was passed)",
        "html_depth" => "levels of nested quotes and lists (counted until the limit was passed)",
        _ => "units",
    }
}

/// A mail domain as the public-domain list keeps it: lower case, without a leading `@`, dotted,
/// no spaces (`Gmail.COM` and `@gmail.com` are `gmail.com`).
pub fn mail_domain(input: &str) -> Result<String, crate::FieldError> {
    let d = input.trim().trim_start_matches('@').to_lowercase();
    let fine = !d.is_empty()
        && d.len() <= 253
        && d.contains('.')
        && !d.starts_with('.')
        && !d.ends_with('.')
        && !d.contains("..")
        && d.chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    if fine {
        Ok(d)
    } else {
        Err(crate::FieldError::new(
            "domain",
            sb_i18n::msg!("field-not-mail-domain", value = input.trim()),
        ))
    }
}

/// Something intake did to read a message, told on the ticket or comment it became.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum MailNote {
    /// 8-bit text without a (known, fitting) charset, read in this guessed one.
    CharsetGuessed {
        charset: String,
        /// The charset the message declared, when it declared one that did not fit.
        #[serde(default)]
        declared: Option<String>,
    },
    /// A person chose the charset the text was read in.
    CharsetChosen { charset: String },
    /// The multipart body never closed; what was there was read up to the end.
    UnclosedMultipart,
    /// The sender's address was inside an encoded word of the From header.
    AddressInEncodedWord,
    /// The subject was cut to `kept` characters of `total`; the message keeps it whole.
    SubjectCut { kept: u32, total: u32 },
    /// The description was cut to `kept` characters of `total`; the message keeps it whole.
    DescriptionCut { kept: u32, total: u32 },
}

impl MailNote {
    pub fn message(&self) -> String {
        match self {
            MailNote::CharsetGuessed {
                charset,
                declared: None,
            } => format!("the text had no charset; it was read as {charset} (a guess)"),
            MailNote::CharsetGuessed {
                charset,
                declared: Some(d),
            } => format!(
                "the text did not fit its declared charset {d}; it was read as {charset} (a guess)"
            ),
            MailNote::CharsetChosen { charset } => {
                format!("the text was read as {charset}, as a person chose")
            }
            MailNote::UnclosedMultipart => {
                "the message ended before its closing MIME boundary; what was there was read".into()
            }
            MailNote::AddressInEncodedWord => {
                "the sender's address was inside an encoded word of the From header".into()
            }
            MailNote::SubjectCut { kept, total } => format!(
                "the subject was cut to {kept} of its {total} characters; the original message \
                 keeps it whole"
            ),
            MailNote::DescriptionCut { kept, total } => format!(
                "the text was cut to {kept} of its {total} characters; the original message \
                 keeps it whole"
            ),
        }
    }
}

/// A text for a field of at most `max` characters: whole, or its first `max` characters and
/// how long it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    pub text: String,
    /// `Some(total characters)` when the text was cut.
    pub cut_from: Option<usize>,
}

pub fn cut(text: &str, max: usize) -> Cut {
    let total = text.chars().count();
    if total <= max {
        return Cut {
            text: text.to_string(),
            cut_from: None,
        };
    }
    Cut {
        text: text.chars().take(max).collect(),
        cut_from: Some(total),
    }
}

impl Cut {
    /// The note a cut subject leaves on its ticket.
    pub fn subject_note(&self) -> Option<MailNote> {
        self.cut_from.map(|total| MailNote::SubjectCut {
            kept: count(self.text.chars().count()),
            total: count(total),
        })
    }

    /// The note a cut description leaves on its ticket.
    pub fn description_note(&self) -> Option<MailNote> {
        self.cut_from.map(|total| MailNote::DescriptionCut {
            kept: count(self.text.chars().count()),
            total: count(total),
        })
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The charsets a person is offered when re-reading a message, the usual ones of the desk's
/// senders first. Any label a browser knows is accepted too.
pub const OFFERED_CHARSETS: &[&str] = &[
    "utf-8",
    "windows-1251",
    "koi8-r",
    "koi8-u",
    "ibm866",
    "iso-8859-5",
    "x-mac-cyrillic",
    "windows-1252",
    "iso-8859-2",
    "windows-1250",
];

#[cfg(test)]
mod tests {

    #[test]
    fn mail_domains_are_kept_in_one_spelling() {
        for (input, expected) in [
            ("gmail.com", Some("gmail.com")),
            (" @Mail.RU ", Some("mail.ru")),
            ("почта.рф", Some("почта.рф")),
            ("localhost", None),
            ("", None),
            ("a b.com", None),
            ("x@y.com", None),
            (".com", None),
            ("a..com", None),
        ] {
            assert_eq!(
                super::mail_domain(input).ok().as_deref(),
                expected,
                "{input:?}"
            );
        }
    }

    use super::*;

    #[test]
    fn a_cut_says_how_long_the_text_was() {
        assert_eq!(cut("Принтер", 10).cut_from, None);
        let c = cut("Принтер не печатает", 7);
        assert_eq!(c.text, "Принтер");
        assert_eq!(c.cut_from, Some(19));
        assert_eq!(
            c.subject_note(),
            Some(MailNote::SubjectCut { kept: 7, total: 19 })
        );
        assert_eq!(cut("abc", 3).description_note(), None);
    }

    #[test]
    fn only_an_empty_message_cannot_be_accepted() {
        assert!(MailProblem::NoText.acceptable());
        assert!(MailProblem::NoSender.acceptable());
        assert!(!MailProblem::Empty.acceptable());
    }
}
