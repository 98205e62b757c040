//! Raw RFC 5322 bytes to an [`InboundEmail`]: decoded headers, the text (HTML converted), the
//! reply's new text, attachments, and the ticket number tag of the subject.

use mail_parser::{Addr, HeaderValue, Message, MessageParser, MessagePart, MimeHeaders, PartType};
use sb_domain::TicketNumber;

use super::html::html_to_text;
use super::quote::new_text;
use super::Address;

/// One received message, decoded. Ids (`message_id`, `in_reply_to`, `references`) are bare,
/// without angle brackets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundEmail {
    pub message_id: Option<String>,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub from: Address,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub subject: String,
    /// The Date header in unix milliseconds, when there is a readable one.
    pub date: Option<i64>,
    /// What the sender wrote in this message, with the quoted earlier messages taken out.
    pub new_text: String,
    /// The whole plain text, forwarded messages appended.
    pub full_text: String,
    pub attachments: Vec<Attachment>,
    /// From a `[SB-000123]` tag anywhere in the subject.
    pub ticket_number: Option<TicketNumber>,
}

#[derive(Clone, PartialEq, Eq)]
pub struct Attachment {
    pub file_name: String,
    /// `type/subtype`, lowercase.
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Attachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attachment")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .finish()
    }
}

/// A message that cannot be read as mail; the caller keeps the raw bytes in quarantine.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read this message as email: {reason}")]
pub struct ParseError {
    pub reason: String,
}

/// The line that introduces a forwarded message's text in `full_text`.
pub const FORWARDED_LINE: &str = "---------- Forwarded message ----------";

/// Parses one raw message (as fetched from IMAP or read from an .eml file).
pub fn parse(raw: &[u8]) -> Result<InboundEmail, ParseError> {
    let fail = |reason: &str| ParseError {
        reason: reason.to_string(),
    };
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(fail("it is empty"));
    }
    let no_headers = "no header lines were found (a message starts with lines such as 'From: ...')";
    let message = MessageParser::default()
        .parse(raw)
        .ok_or_else(|| fail(no_headers))?;
    if message.headers().is_empty() {
        return Err(fail(no_headers));
    }
    let from = match message.from() {
        None => return Err(fail("it has no From header, so the sender is unknown")),
        Some(list) => list.iter().find_map(address).ok_or_else(|| {
            fail("its From header holds no email address, so the sender is unknown")
        })?,
    };

    let subject = message.subject().unwrap_or("").trim().to_string();
    let full_text = full_text(&message);
    Ok(InboundEmail {
        message_id: message.message_id().map(str::to_string),
        in_reply_to: ids(message.in_reply_to()).into_iter().next(),
        references: ids(message.references()),
        to: addresses(message.to()),
        cc: addresses(message.cc()),
        date: message.date().map(|d| d.to_timestamp() * 1000),
        new_text: new_text(&full_text),
        full_text,
        attachments: attachments(&message),
        ticket_number: ticket_number_in(&subject),
        subject,
        from,
    })
}

/// The first `[SB-000123]` tag in a subject, any letter case.
pub fn ticket_number_in(subject: &str) -> Option<TicketNumber> {
    subject.split('[').skip(1).find_map(|after| {
        let inside = after.split(']').next()?;
        if after.len() == inside.len() {
            return None; // no closing bracket
        }
        let inside = inside.trim();
        if !inside.get(..3)?.eq_ignore_ascii_case("sb-") {
            return None;
        }
        inside.parse::<TicketNumber>().ok()
    })
}

fn address(a: &Addr<'_>) -> Option<Address> {
    let email = a.address()?.trim();
    if !email.contains('@') {
        return None;
    }
    Some(Address {
        email: email.to_lowercase(),
        name: a
            .name()
            .map(|n| n.trim().trim_matches('"').trim().to_string())
            .filter(|n| !n.is_empty()),
    })
}

fn addresses(list: Option<&mail_parser::Address<'_>>) -> Vec<Address> {
    list.map(|l| l.iter().filter_map(address).collect())
        .unwrap_or_default()
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    let raw: Vec<&str> = match value {
        HeaderValue::Text(t) => vec![t.as_ref()],
        HeaderValue::TextList(list) => list.iter().map(|t| t.as_ref()).collect(),
        _ => Vec::new(),
    };
    raw.into_iter()
        .flat_map(|t| t.split_whitespace())
        .map(|t| {
            t.trim_matches(|c| c == '<' || c == '>' || c == ',')
                .to_string()
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// The text bodies in order (text/plain preferred, HTML converted), then each forwarded
/// message under a [`FORWARDED_LINE`].
fn full_text(message: &Message<'_>) -> String {
    let mut parts: Vec<String> = message
        .text_body
        .iter()
        .filter_map(|&id| message.part(id))
        .filter_map(|part| match &part.body {
            PartType::Text(t) => Some(normalize(t)),
            PartType::Html(h) => Some(html_to_text(h)),
            _ => None,
        })
        .filter(|t| !t.trim().is_empty())
        .collect();
    for nested in message.attachments().filter_map(MessagePart::message) {
        let mut block = String::from(FORWARDED_LINE);
        if let Some(from) = nested.from().and_then(|l| l.iter().find_map(address)) {
            block.push_str("\nFrom: ");
            block.push_str(&from.to_string());
        }
        if let Some(date) = nested.header_raw("Date") {
            block.push_str("\nDate: ");
            block.push_str(date.trim());
        }
        if let Some(subject) = nested.subject() {
            block.push_str("\nSubject: ");
            block.push_str(subject.trim());
        }
        block.push_str("\n\n");
        block.push_str(&full_text(nested));
        parts.push(block);
    }
    parts.join("\n\n").trim().to_string()
}

/// CRLF to LF, no trailing spaces, no run of more than one blank line at the ends.
fn normalize(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_string()
}

/// Files the sender attached: named parts (inline images with a file name included), forwarded
/// messages as `.eml`, and unnamed non-inline binaries under a made-up name. Unnamed inline
/// parts (tracking pixels, alternative bodies) are not files.
fn attachments(message: &Message<'_>) -> Vec<Attachment> {
    let mut out = Vec::new();
    for part in message.attachments() {
        let content_type = part
            .content_type()
            .map(|ct| match ct.subtype() {
                Some(sub) => format!("{}/{}", ct.ctype(), sub),
                None => ct.ctype().to_string(),
            })
            .unwrap_or_else(|| "application/octet-stream".to_string())
            .to_ascii_lowercase();
        let named = part
            .attachment_name()
            .map(file_name)
            .filter(|n| !n.is_empty());
        let (file_name, bytes) = match (&part.body, named) {
            (PartType::Message(nested), name) => {
                let name = name.unwrap_or_else(|| {
                    let subject = file_name(nested.subject().unwrap_or(""));
                    if subject.is_empty() {
                        "forwarded-message.eml".to_string()
                    } else {
                        format!("{subject}.eml")
                    }
                });
                (name, nested.raw_message().to_vec())
            }
            (_, Some(name)) => (name, part.contents().to_vec()),
            (PartType::Binary(bytes), None) => {
                let ext = content_type.rsplit('/').next().unwrap_or("bin");
                (
                    format!("attachment-{}.{ext}", out.len() + 1),
                    bytes.to_vec(),
                )
            }
            _ => continue,
        };
        out.push(Attachment {
            file_name,
            content_type,
            bytes,
        });
    }
    out
}

/// A file name safe to store: no folders, no control characters.
fn file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.chars()
        .filter(|c| !c.is_control())
        .map(|c| {
            if matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_tags_in_subjects() {
        for (subject, expected) in [
            ("Re: [SB-000042] Printer", Some(42)),
            ("[sb-7] lower case", Some(7)),
            ("Fwd: RE: printer [SB-000123]", Some(123)),
            ("[ SB-000005 ] spaced", Some(5)),
            ("[EXT] [SB-000009] first real tag wins", Some(9)),
            ("[123] bare number is not a tag", None),
            ("SB-000042 without brackets", None),
            ("[SB-000042 unclosed", None),
            ("[SB-0] zero", None),
            ("", None),
        ] {
            assert_eq!(
                ticket_number_in(subject),
                expected.map(TicketNumber),
                "{subject:?}"
            );
        }
    }

    #[test]
    fn file_names_lose_folders() {
        assert_eq!(file_name("C:\\Users\\a\\report.pdf"), "report.pdf");
        assert_eq!(file_name("../../etc/passwd"), "passwd");
        assert_eq!(file_name("a:b?.txt"), "a_b_.txt");
        assert_eq!(file_name(".hidden"), "hidden");
    }

    #[test]
    fn garbage_is_an_error_with_a_reason() {
        for raw in [&b""[..], b"   \r\n", b"\x00\x01\x02 not mail at all"] {
            let err = parse(raw).unwrap_err();
            assert!(!err.reason.is_empty());
        }
    }
}
