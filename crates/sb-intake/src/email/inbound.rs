//! Raw RFC 5322 bytes to an [`InboundEmail`]: decoded headers, the text (HTML converted), the
//! reply's new text, attachments, and the ticket number tag of the subject.
//!
//! Mail as real mailers send it: a sender's address inside an encoded word, 8-bit text with no
//! charset (or one that does not fit, or one nobody knows: the charset is guessed by the
//! detector browsers use, and the guess is noted), a multipart that never closes (read up to
//! its end, as mail clients do). What cannot be read with confidence is a [`ParseError`] with
//! its [`MailProblem`] and everything that could be read, never text full of replacement
//! characters.

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::Encoding as TextEncoding;
use mail_parser::decoders::base64::base64_decode;
use mail_parser::decoders::quoted_printable::quoted_printable_decode;
use mail_parser::{
    Addr, Encoding, HeaderName, HeaderValue, Message, MessageParser, MessagePart, MimeHeaders,
    PartType,
};
use sb_domain::limits::InputLimits;
use sb_domain::{MailNote, MailProblem, TicketNumber};

use super::html::{html_to_text_within, HtmlOver};
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
    /// What was done to read it (a guessed charset, an unclosed multipart), for its ticket.
    pub notes: Vec<MailNote>,
}

/// A file the sender attached. Its bytes are not copied out of the message: the message is
/// kept whole, and the file is read from it ([`Attachment::bytes`], [`PartDecoder`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub file_name: String,
    /// `type/subtype`, lowercase.
    pub content_type: String,
    /// The file's size in bytes (decoded).
    pub size: u64,
    /// Where it sits in the raw message.
    pub location: PartLocation,
}

impl Attachment {
    /// The file as the sender attached it (transfer encoding undone, nothing else), read from
    /// the raw message it came in.
    pub fn bytes(&self, raw: &[u8]) -> Vec<u8> {
        let start = usize::try_from(self.location.start).unwrap_or(usize::MAX);
        let end = usize::try_from(self.location.end).unwrap_or(usize::MAX);
        let body = raw
            .get(start.min(raw.len())..end.min(raw.len()))
            .unwrap_or_default();
        let mut decoder = PartDecoder::new(self.location.encoding);
        let mut out = decoder.feed(body);
        out.extend(decoder.finish());
        out
    }
}

/// Where a part's body sits in the raw message: its byte range and its transfer encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartLocation {
    pub start: u64,
    pub end: u64,
    pub encoding: TransferEncoding,
}

/// A part's Content-Transfer-Encoding, as far as reading it back goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferEncoding {
    /// 7bit, 8bit, binary: the bytes are the file.
    Identity,
    Base64,
    QuotedPrintable,
}

impl TransferEncoding {
    pub fn as_str(self) -> &'static str {
        match self {
            TransferEncoding::Identity => "identity",
            TransferEncoding::Base64 => "base64",
            TransferEncoding::QuotedPrintable => "quoted-printable",
        }
    }

    pub fn parse(word: &str) -> Option<TransferEncoding> {
        match word {
            "identity" => Some(TransferEncoding::Identity),
            "base64" => Some(TransferEncoding::Base64),
            "quoted-printable" => Some(TransferEncoding::QuotedPrintable),
            _ => None,
        }
    }
}

/// Undoes a transfer encoding chunk by chunk, so a large part is decoded as it is read and
/// never held whole: base64 is decoded by whole groups of four characters, quoted-printable
/// by whole lines; what is left waits for the next chunk.
#[derive(Debug)]
pub struct PartDecoder {
    encoding: TransferEncoding,
    carry: Vec<u8>,
}

impl PartDecoder {
    pub fn new(encoding: TransferEncoding) -> PartDecoder {
        PartDecoder {
            encoding,
            carry: Vec::new(),
        }
    }

    /// The decoded bytes of `chunk` (and of what the last chunk left).
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<u8> {
        match self.encoding {
            TransferEncoding::Identity => chunk.to_vec(),
            TransferEncoding::Base64 => {
                self.carry
                    .extend(chunk.iter().filter(|b| !b.is_ascii_whitespace()));
                let whole = self.carry.len() / 4 * 4;
                let out = base64_decode(&self.carry[..whole]).unwrap_or_default();
                self.carry.drain(..whole);
                out
            }
            TransferEncoding::QuotedPrintable => {
                self.carry.extend_from_slice(chunk);
                let Some(last_line_end) = self.carry.iter().rposition(|&b| b == b'\n') else {
                    return Vec::new();
                };
                let out =
                    quoted_printable_decode(&self.carry[..=last_line_end]).unwrap_or_default();
                self.carry.drain(..=last_line_end);
                out
            }
        }
    }

    /// What the last chunk left, decoded.
    pub fn finish(self) -> Vec<u8> {
        match self.encoding {
            TransferEncoding::Identity => Vec::new(),
            TransferEncoding::Base64 => base64_decode(&self.carry).unwrap_or_default(),
            TransferEncoding::QuotedPrintable => {
                quoted_printable_decode(&self.carry).unwrap_or_default()
            }
        }
    }
}

/// A message intake may not take in by itself: why, and everything that could be read of
/// it, for its quarantine entry and for the person who accepts it anyway.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read this message as email: {}", problem.message())]
pub struct ParseError {
    pub problem: MailProblem,
    pub read: Box<Partial>,
}

impl ParseError {
    /// The reason in English words, as the quarantine keeps it.
    pub fn reason(&self) -> String {
        self.problem.message()
    }
}

/// What could be read of a message that has a [`MailProblem`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Partial {
    pub message_id: Option<String>,
    /// The sender, when one could be read.
    pub from: Option<Address>,
    pub subject: String,
    pub full_text: String,
    pub attachments: Vec<Attachment>,
    pub notes: Vec<MailNote>,
}

/// A charset a person picks to read a message in (any label browsers know: `windows-1251`,
/// `koi8-r`, `cp866`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Charset(&'static TextEncoding);

impl Charset {
    pub fn named(label: &str) -> Option<Charset> {
        TextEncoding::for_label(label.trim().as_bytes()).map(Charset)
    }

    /// Its name, lowercase (`windows-1251`, `koi8-r`).
    pub fn name(self) -> String {
        self.0.name().to_ascii_lowercase()
    }
}

/// The line that introduces a forwarded message's text in `full_text`.
pub const FORWARDED_LINE: &str = "---------- Forwarded message ----------";

/// Parses one raw message (as fetched from IMAP or read from an .eml file).
pub fn parse(raw: &[u8]) -> Result<InboundEmail, ParseError> {
    parse_within(raw, None, &InputLimits::default())
}

/// [`parse`] under the workspace's `limits`, every 8-bit text read in `charset` when one is
/// given: a message past a limit is its [`MailProblem::OverLimit`], with its sender and
/// subject when they could be read.
pub fn parse_within(
    raw: &[u8],
    charset: Option<Charset>,
    limits: &InputLimits,
) -> Result<InboundEmail, ParseError> {
    scrubbed(guarded(raw, charset, limits))
}

/// [`read`], with a fault inside the mail parser (a panic, as fuzzing found one in a debug
/// build) made the message's problem: it waits in quarantine, kept whole, and the rest of the
/// mailbox is read on.
fn guarded(
    raw: &[u8],
    charset: Option<Charset>,
    limits: &InputLimits,
) -> Result<InboundEmail, ParseError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(raw, charset, limits)))
        .unwrap_or_else(|_| {
            Err(ParseError {
                problem: MailProblem::NoText,
                read: Box::default(),
            })
        })
}

/// [`parse`], with every 8-bit text read in `charset` whatever the message declares: what a
/// person chose for a message in quarantine.
pub fn parse_in(raw: &[u8], charset: Charset) -> Result<InboundEmail, ParseError> {
    parse_within(raw, Some(charset), &InputLimits::default())
}

/// NUL characters out of every text read from a message, each replaced by U+FFFD: PostgreSQL
/// cannot store one in text and SQLite can, so a message with one would be a ticket on one
/// backend and a refusal on the other. Now it reads the same on both. (The raw message is kept
/// as bytes, untouched.)
fn scrubbed(parsed: Result<InboundEmail, ParseError>) -> Result<InboundEmail, ParseError> {
    fn text(s: &mut String) {
        if s.contains('\0') {
            *s = s.replace('\0', "\u{FFFD}");
        }
    }
    fn address(a: &mut Address) {
        text(&mut a.email);
        if let Some(n) = a.name.as_mut() {
            text(n);
        }
    }
    match parsed {
        Ok(mut e) => {
            for t in [&mut e.subject, &mut e.new_text, &mut e.full_text] {
                text(t);
            }
            for id in e.message_id.iter_mut().chain(e.in_reply_to.iter_mut()) {
                text(id);
            }
            e.references.iter_mut().for_each(text);
            address(&mut e.from);
            e.to.iter_mut().chain(e.cc.iter_mut()).for_each(address);
            e.attachments
                .iter_mut()
                .for_each(|a| text(&mut a.file_name));
            Ok(e)
        }
        Err(mut pe) => {
            let p = pe.read.as_mut();
            text(&mut p.subject);
            text(&mut p.full_text);
            p.message_id.iter_mut().for_each(text);
            p.from.iter_mut().for_each(address);
            p.attachments
                .iter_mut()
                .for_each(|a| text(&mut a.file_name));
            if let MailProblem::NoSenderAddress { from } = &mut pe.problem {
                text(from);
            }
            Err(pe)
        }
    }
}

fn read(
    raw: &[u8],
    forced: Option<Charset>,
    limits: &InputLimits,
) -> Result<InboundEmail, ParseError> {
    let mut texts = Texts::new(forced, limits);
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(texts.fail(MailProblem::Empty, Partial::default()));
    }
    let parser = MessageParser::default();
    // A text whose first line merely looks like a header ("scanner dump: ...") is not mail
    // either: mail has at least one header field the standards name.
    let Some(first) = parser.parse(raw).filter(|m| {
        m.headers()
            .iter()
            .any(|h| !matches!(h.name, HeaderName::Other(_)))
    }) else {
        // Not mail at all: what a person accepting it gets is the bytes as text.
        let full_text = normalize(&texts.decode(raw, None));
        let partial = Partial {
            full_text,
            ..Partial::default()
        };
        return Err(texts.fail(MailProblem::NoHeaders, partial));
    };
    // Past a limit nothing more is read: not the text, not the files, not a repair.
    if let Some(problem) = over_limit(&first, limits) {
        let partial = Partial {
            message_id: first.message_id().map(str::to_string),
            from: sender(&first).ok().map(|(a, _)| a),
            subject: subject(&first, &mut texts),
            ..Partial::default()
        };
        return Err(texts.fail(problem, partial));
    }
    // A multipart that never closes: closed at the end and read again, as mail clients do.
    let repaired: Vec<u8>;
    let message = match closing_delimiters(&first, raw) {
        None => first,
        Some(tail) => {
            repaired = [raw, tail.as_bytes()].concat();
            texts.notes.push(MailNote::UnclosedMultipart);
            match parser.parse(&repaired) {
                Some(m) => m,
                None => first,
            }
        }
    };

    let full_text = full_text(&message, &mut texts, 0);
    let subject = subject(&message, &mut texts);
    // Ranges past the end of what was received (a closed-up multipart) end where it ends.
    let mut attachments = attachments(&message);
    for a in &mut attachments {
        a.location.end = a.location.end.min(raw.len() as u64);
    }
    // Past the text or HTML limit, or a file larger than allowed: nothing of it is used.
    let big_file = attachments.iter().map(|a| a.size).max().and_then(|size| {
        (size > limits.attachment_bytes)
            .then(|| over_problem("attachment_bytes", size, limits.attachment_bytes))
    });
    if let Some(problem) = texts.over.take().or(big_file) {
        let partial = Partial {
            message_id: message.message_id().map(str::to_string),
            from: sender(&message).ok().map(|(a, _)| a),
            subject,
            ..Partial::default()
        };
        return Err(texts.fail(problem, partial));
    }
    let sender = sender(&message).map(|(mut a, in_word)| {
        if a.name.as_deref().is_some_and(|n| n.contains('\u{FFFD}')) {
            a.name = raw_sender_name(&message, &mut texts);
        }
        (a, in_word)
    });
    if let Ok((_, true)) = &sender {
        texts.note(MailNote::AddressInEncodedWord);
    }
    if texts.problem.is_none()
        && full_text.trim().is_empty()
        && attachments.is_empty()
        && has_content(&message)
    {
        texts.problem = Some(MailProblem::NoText);
    }
    // The sender's problem first: without one there is nobody to answer.
    let (from, problem) = match sender {
        Ok((a, _)) => (Some(a), texts.problem.take()),
        Err(p) => (None, Some(p)),
    };
    let from = match (from, problem) {
        (Some(from), None) => from,
        (from, problem) => {
            let partial = Partial {
                message_id: message.message_id().map(str::to_string),
                from,
                subject,
                full_text,
                attachments,
                notes: Vec::new(),
            };
            // (No sender always comes with its problem; `NoSender` only completes the match.)
            return Err(texts.fail(problem.unwrap_or(MailProblem::NoSender), partial));
        }
    };
    Ok(InboundEmail {
        message_id: message.message_id().map(str::to_string),
        in_reply_to: ids(message.in_reply_to()).into_iter().next(),
        references: ids(message.references()),
        to: addresses(message.to()),
        cc: addresses(message.cc()),
        date: message.date().map(|d| d.to_timestamp() * 1000),
        new_text: new_text(&full_text),
        full_text,
        attachments,
        ticket_number: ticket_number_in(&subject),
        subject,
        from,
        notes: texts.notes,
    })
}

/// The sender, and whether its address was found only inside an encoded word.
fn sender(message: &Message<'_>) -> Result<(Address, bool), MailProblem> {
    let Some(list) = message.from() else {
        return Err(MailProblem::NoSender);
    };
    if let Some(a) = list.iter().find_map(address) {
        return Ok((a, false));
    }
    // Some mailers write the whole From as one encoded word: its decoded text is
    // `Name <user@host>`, which the parser takes for a name. Read that text as a header.
    for name in list.iter().filter_map(|a| a.name()) {
        if !name.contains('@') {
            continue;
        }
        let header = format!("From: {}\r\n\r\n", name.trim());
        let found = MessageParser::default()
            .parse(header.as_bytes())
            .and_then(|m| m.from().and_then(|l| l.iter().find_map(address)));
        if let Some(a) = found {
            return Ok((a, true));
        }
    }
    let shown: Vec<String> = list
        .iter()
        .filter_map(|a| a.name().map(str::to_string))
        .collect();
    let shown = if shown.is_empty() {
        message.header_raw("From").unwrap_or("").trim().to_string()
    } else {
        shown.join(", ")
    };
    Err(MailProblem::NoSenderAddress {
        from: shown.chars().take(200).collect(),
    })
}

/// A sender's name written in 8-bit without an encoded word: read in the body's charset (or
/// the one chosen, or a guess), as the subject is.
fn raw_sender_name(message: &Message<'_>, texts: &mut Texts) -> Option<String> {
    let header = message
        .headers()
        .iter()
        .find(|h| h.name == HeaderName::From)?;
    let raw = message.raw_message();
    let bytes = raw
        .get(header.offset_start() as usize..(header.offset_end() as usize).min(raw.len()))
        .unwrap_or_default();
    let text = match (texts.forced, texts.guessed) {
        (None, Some(enc)) => enc.decode_without_bom_handling(bytes).0.into_owned(),
        _ => texts.decode(bytes, None),
    };
    let header = format!(
        "From: {}\r\n\r\n",
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    MessageParser::default()
        .parse(header.as_bytes())
        .and_then(|m| m.from().and_then(|l| l.iter().find_map(address)))
        .and_then(|a| a.name)
}

/// The limit `limit` passed: `found` where `allowed` is the most.
fn over_problem(limit: &str, found: u64, allowed: u64) -> MailProblem {
    MailProblem::OverLimit {
        limit: limit.to_string(),
        found: i64::try_from(found).unwrap_or(i64::MAX),
        allowed: i64::try_from(allowed).unwrap_or(i64::MAX),
    }
}

/// The first of the workspace's limits the message's structure passes: header fields (all
/// parts together), the longest header field, MIME parts, nesting depth. Forwarded messages
/// count as deep as they are read ([`MAX_FORWARD_DEPTH`]); deeper ones are never read. Walked
/// with a stack of its own, so a structure thousands deep takes no more stack than a flat one.
fn over_limit(message: &Message<'_>, limits: &InputLimits) -> Option<MailProblem> {
    let over = |limit: &str, found: u64, allowed: u64| {
        (found > allowed).then(|| over_problem(limit, found, allowed))
    };
    let (mut headers, mut longest, mut parts, mut deepest) = (0u64, 0u64, 0u64, 0u64);
    // (message, part id, depth of the part, how many forwarded messages it is inside)
    let mut stack: Vec<(&Message<'_>, usize, u64, usize)> = vec![(message, 0, 1, 0)];
    // A damaged structure can name a part as a child of more than one multipart, or of
    // itself (fuzzing found one whose walk grew without end): each part is counted once.
    let mut seen: std::collections::HashSet<(*const Message<'_>, usize)> =
        std::collections::HashSet::new();
    while let Some((m, id, depth, forwards)) = stack.pop() {
        if !seen.insert((std::ptr::from_ref(m), id)) {
            continue;
        }
        let Some(part) = m.parts.get(id) else {
            continue;
        };
        parts += 1;
        deepest = deepest.max(depth);
        headers += part.headers.len() as u64;
        for h in &part.headers {
            longest = longest.max(u64::from(h.offset_end.saturating_sub(h.offset_field)));
        }
        match &part.body {
            PartType::Multipart(children) => {
                stack.extend(
                    children
                        .iter()
                        .map(|&c| (m, c as usize, depth + 1, forwards)),
                );
            }
            PartType::Message(nested) if forwards < MAX_FORWARD_DEPTH => {
                stack.push((nested, 0, depth + 1, forwards + 1));
            }
            _ => {}
        }
    }
    // Counted to the end (the parser has read it all already), so the figures are true; the
    // structure's limits first, as they are what a bomb of parts also passes headers by.
    over("mime_depth", deepest, limits.mime_depth)
        .or_else(|| over("mime_parts", parts, limits.mime_parts))
        .or_else(|| over("header_bytes", longest, limits.header_bytes))
        .or_else(|| over("mail_headers", headers, limits.mail_headers))
}

/// The closing delimiters of the multiparts that never closed (innermost first), when a part
/// ran to the end of the message without finding its boundary.
fn closing_delimiters(message: &Message<'_>, raw: &[u8]) -> Option<String> {
    let mut boundaries = Vec::new();
    let mut broken = false;
    collect_boundaries(message, &mut boundaries, &mut broken);
    if !broken {
        return None;
    }
    let unclosed: Vec<&String> = boundaries
        .iter()
        .filter(|b| {
            let closing = format!("--{b}--");
            !raw.windows(closing.len()).any(|w| w == closing.as_bytes())
        })
        .collect();
    if unclosed.is_empty() {
        return None;
    }
    Some(
        unclosed
            .iter()
            .rev()
            .map(|b| format!("\r\n--{b}--"))
            .collect::<String>()
            + "\r\n",
    )
}

fn collect_boundaries(message: &Message<'_>, out: &mut Vec<String>, broken: &mut bool) {
    for part in &message.parts {
        *broken |= part.is_encoding_problem;
        if let PartType::Multipart(_) = part.body {
            if let Some(b) = part.content_type().and_then(|ct| ct.attribute("boundary")) {
                out.push(b.to_string());
            }
        }
        if let PartType::Message(nested) = &part.body {
            collect_boundaries(nested, out, broken);
        }
    }
}

/// Whether any leaf part of the message has bytes other than blank space.
fn has_content(message: &Message<'_>) -> bool {
    message.parts.iter().any(|part| match &part.body {
        PartType::Multipart(_) => false,
        PartType::Message(nested) => has_content(nested),
        _ => !transfer_decoded(message, part)
            .iter()
            .all(u8::is_ascii_whitespace),
    })
}

/// Reads 8-bit text in the right charset, and remembers what it had to guess or could not.
struct Texts {
    forced: Option<Charset>,
    notes: Vec<MailNote>,
    problem: Option<MailProblem>,
    /// The charset guessed for the body, to read an unlabelled subject in too.
    guessed: Option<&'static TextEncoding>,
    /// The workspace's `text_bytes` and `html_depth`, and the text read so far.
    text_limit: u64,
    html_depth: u64,
    text_read: u64,
    /// The text limit passed: reading stopped, and the message waits in quarantine.
    over: Option<MailProblem>,
}

impl Texts {
    fn new(forced: Option<Charset>, limits: &InputLimits) -> Texts {
        Texts {
            forced,
            notes: Vec::new(),
            problem: None,
            guessed: None,
            text_limit: limits.text_bytes,
            html_depth: limits.html_depth,
            text_read: 0,
            over: None,
        }
    }

    /// Counts `text` against `text_bytes`; past it, the limit is the message's problem.
    fn count(&mut self, bytes: u64) -> bool {
        self.text_read = self.text_read.saturating_add(bytes);
        if self.text_read > self.text_limit && self.over.is_none() {
            self.over = Some(over_problem("text_bytes", self.text_read, self.text_limit));
        }
        self.over.is_none()
    }

    fn fail(self, problem: MailProblem, mut partial: Partial) -> ParseError {
        partial.notes = self.notes;
        ParseError {
            problem,
            read: Box::new(partial),
        }
    }

    fn note(&mut self, note: MailNote) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    /// A text part's text: as decoded when that was clean, else from its bytes.
    fn part_text<'a>(
        &mut self,
        message: &Message<'_>,
        part: &MessagePart<'_>,
        parsed: &'a str,
    ) -> Cow<'a, str> {
        let declared = part
            .content_type()
            .and_then(|ct| ct.attribute("charset"))
            .map(str::to_string);
        let ascii_declared = declared.as_deref().is_some_and(is_ascii_label);
        if self.forced.is_none()
            && !parsed.contains('\u{FFFD}')
            && (parsed.is_ascii() || !ascii_declared)
        {
            return Cow::Borrowed(parsed);
        }
        let bytes = transfer_decoded(message, part);
        Cow::Owned(self.decode(&bytes, declared.as_deref()))
    }

    /// Bytes to text: in the chosen charset, else the declared one when the bytes fit it, else
    /// UTF-8 when they are UTF-8, else the detector's guess (noted; a guess that is not
    /// confident is a problem).
    fn decode(&mut self, bytes: &[u8], declared: Option<&str>) -> String {
        if let Some(Charset(enc)) = self.forced {
            self.note(MailNote::CharsetChosen {
                charset: Charset(enc).name(),
            });
            return enc.decode_without_bom_handling(bytes).0.into_owned();
        }
        let declared_enc = declared
            .filter(|l| bytes.is_ascii() || !is_ascii_label(l))
            .and_then(|l| TextEncoding::for_label(l.trim().as_bytes()));
        if let Some(enc) = declared_enc {
            if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
                return text.into_owned();
            }
        }
        if let Ok(text) = std::str::from_utf8(bytes) {
            return text.to_string();
        }
        let (guess, confident) = guess_charset(bytes);
        let text = guess.decode_without_bom_handling(bytes).0.into_owned();
        let name = guess.name().to_ascii_lowercase();
        // Noted either way: accepted as it reads, the ticket says it is a guess.
        self.note(MailNote::CharsetGuessed {
            charset: name.clone(),
            declared: declared.map(|d| d.trim().to_ascii_lowercase()),
        });
        if confident {
            self.guessed = Some(guess);
        } else if self.problem.is_none() {
            self.problem = Some(match declared.filter(|_| declared_enc.is_none()) {
                Some(label) if !is_ascii_label(label) => MailProblem::CharsetUnknown {
                    charset: label.trim().chars().take(60).collect(),
                },
                _ => MailProblem::CharsetUnsure { guess: Some(name) },
            });
        }
        text
    }
}

/// `us-ascii` and its aliases: a label old systems put on any text, 8-bit or not.
fn is_ascii_label(label: &str) -> bool {
    matches!(
        label.trim().to_ascii_lowercase().as_str(),
        "us-ascii" | "ascii" | "ansi_x3.4-1968" | "iso646-us" | "us"
    )
}

/// How many 8-bit bytes a guess needs before it is trusted: below that (a word or two) the
/// detector takes Cyrillic for accented Latin as readily as not, so a person picks.
const GUESS_EVIDENCE: usize = 16;

/// The detector's guess for 8-bit bytes that are not UTF-8, and whether it is confident: made
/// from at least [`GUESS_EVIDENCE`] 8-bit bytes, the same whichever region the mail is
/// supposed to come from (generic, Cyrillic, Western European), and bytes that decode in it
/// without an error.
fn guess_charset(bytes: &[u8]) -> (&'static TextEncoding, bool) {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    let generic = detector.guess(None, Utf8Detection::Allow);
    let stable = [&b"ru"[..], b"de"]
        .iter()
        .all(|tld| detector.guess(Some(tld), Utf8Detection::Allow) == generic);
    let clean = generic
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_some();
    let evidence = bytes.iter().filter(|b| !b.is_ascii()).count() >= GUESS_EVIDENCE;
    (generic, evidence && stable && clean)
}

/// A part's body bytes with only the transfer encoding (base64, quoted-printable) undone.
fn transfer_decoded<'a>(message: &'a Message<'_>, part: &MessagePart<'_>) -> Cow<'a, [u8]> {
    let raw = message.raw_message();
    let start = part.raw_body_offset() as usize;
    let end = (part.raw_end_offset() as usize).min(raw.len());
    let body = raw.get(start..end).unwrap_or_default();
    match part.encoding {
        Encoding::Base64 => base64_decode(body).map_or(Cow::Borrowed(body), Cow::Owned),
        Encoding::QuotedPrintable => {
            quoted_printable_decode(body).map_or(Cow::Borrowed(body), Cow::Owned)
        }
        Encoding::None => Cow::Borrowed(body),
    }
}

/// The subject; an unlabelled 8-bit one read in the body's charset, or guessed.
fn subject(message: &Message<'_>, texts: &mut Texts) -> String {
    let parsed = message.subject().unwrap_or("").trim().to_string();
    if !parsed.contains('\u{FFFD}') && texts.forced.is_none() {
        return parsed;
    }
    let Some(header) = message
        .headers()
        .iter()
        .find(|h| h.name == HeaderName::Subject)
    else {
        return parsed;
    };
    let raw = message.raw_message();
    let bytes = raw
        .get(header.offset_start() as usize..(header.offset_end() as usize).min(raw.len()))
        .unwrap_or_default();
    if bytes.windows(2).any(|w| w == b"=?") {
        return parsed; // encoded words: decoded by the parser already
    }
    let text = match (texts.forced, texts.guessed) {
        (None, Some(enc)) => enc.decode_without_bom_handling(bytes).0.into_owned(),
        _ => texts.decode(bytes, None),
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
/// message under a [`FORWARDED_LINE`]. Without a text body, the unnamed text parts the parser
/// set aside (a damaged structure) are the text: what is there is read.
/// Forwarded messages shown inside one another at most; deeper ones are named, not read (a
/// message nested thousands deep would otherwise recurse without bound).
pub const MAX_FORWARD_DEPTH: usize = 8;

fn full_text(message: &Message<'_>, texts: &mut Texts, depth: usize) -> String {
    let mut parts: Vec<String> = Vec::new();
    for part in message.text_body.iter().filter_map(|&id| message.part(id)) {
        if let Some(t) = text_of(message, part, texts) {
            parts.push(t);
        }
    }
    if parts.is_empty() {
        for part in message.attachments() {
            if part.attachment_name().is_none() {
                if let Some(t) = text_of(message, part, texts) {
                    parts.push(t);
                }
            }
        }
    }
    for nested in message.attachments().filter_map(MessagePart::message) {
        if depth >= MAX_FORWARD_DEPTH {
            parts.push(format!(
                "[a forwarded message nested deeper than {MAX_FORWARD_DEPTH} levels is not shown; it is in the original mail]"
            ));
            break;
        }
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
        block.push_str(&full_text(nested, texts, depth + 1));
        parts.push(block);
    }
    parts.join("\n\n").trim().to_string()
}

/// One text or HTML part as plain text; `None` for other parts and blank ones.
/// Past the workspace's `text_bytes` or `html_depth` it is `None`, the limit kept in `texts`.
fn text_of(message: &Message<'_>, part: &MessagePart<'_>, texts: &mut Texts) -> Option<String> {
    if texts.over.is_some() {
        return None;
    }
    let text = match &part.body {
        PartType::Text(t) => normalize(&texts.part_text(message, part, t)),
        PartType::Html(h) => {
            let html = texts.part_text(message, part, h).into_owned();
            let left = texts.text_limit.saturating_sub(texts.text_read);
            let cap = usize::try_from(left).unwrap_or(usize::MAX);
            let depth = usize::try_from(texts.html_depth).unwrap_or(usize::MAX);
            match html_to_text_within(&html, cap, depth) {
                Ok(text) => text,
                Err(HtmlOver::Text(produced)) => {
                    texts.count(produced as u64);
                    return None;
                }
                Err(HtmlOver::Depth(found)) => {
                    texts.over = Some(over_problem("html_depth", found as u64, texts.html_depth));
                    return None;
                }
            }
        }
        _ => return None,
    };
    if !texts.count(text.len() as u64) {
        return None;
    }
    (!text.trim().is_empty()).then_some(text)
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
        let location = PartLocation {
            start: u64::from(part.raw_body_offset()),
            end: u64::from(part.raw_end_offset()),
            encoding: match part.encoding {
                Encoding::Base64 => TransferEncoding::Base64,
                Encoding::QuotedPrintable => TransferEncoding::QuotedPrintable,
                Encoding::None => TransferEncoding::Identity,
            },
        };
        let (file_name, size) = match (&part.body, named) {
            (PartType::Message(nested), name) => {
                let name = name.unwrap_or_else(|| {
                    let subject = file_name(nested.subject().unwrap_or(""));
                    if subject.is_empty() {
                        "forwarded-message.eml".to_string()
                    } else {
                        format!("{subject}.eml")
                    }
                });
                (name, transfer_decoded(message, part).len())
            }
            // The file as attached: a text file keeps its own bytes, not a re-encoding.
            (_, Some(name)) => (name, transfer_decoded(message, part).len()),
            (PartType::Binary(bytes), None) => {
                let ext = content_type.rsplit('/').next().unwrap_or("bin");
                (format!("attachment-{}.{ext}", out.len() + 1), bytes.len())
            }
            _ => continue,
        };
        out.push(Attachment {
            file_name,
            content_type,
            size: size as u64,
            location,
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

    /// Found by fuzzing (fuzz/regressions/mail): a multipart whose structure trips an
    /// assertion inside the mail parser in a debug build. It is a message in quarantine, not a
    /// crash of the process reading the mailbox.
    #[test]
    fn regression_a_fault_in_the_mail_parser_is_a_problem_not_a_crash() {
        let raw = include_bytes!(
            "../../../../fuzz/regressions/mail/crash-25445619609db5cda95ae69deb8f703c707e8c2a"
        );
        match parse(raw) {
            Ok(m) => assert!(m.full_text.len() < 4 * raw.len()),
            Err(e) => assert_eq!(e.problem, MailProblem::NoText),
        }
    }

    /// Found by fuzzing (fuzz/regressions/mail, `make fuzz` of 2026-12-05): a damaged
    /// structure in which the mail parser names a part as a child more than once, so the walk
    /// that counts parts for the limits grew its stack without end (out of memory). Each part
    /// is counted once now.
    #[test]
    fn regression_a_part_named_twice_is_counted_once() {
        let raw = include_bytes!(
            "../../../../fuzz/regressions/mail/oom-34370299122b37fc5be54ae869cbc26f55735f2d"
        );
        let message = MessageParser::default().parse(&raw[..]).expect("parsed");
        assert_eq!(over_limit(&message, &InputLimits::default()), None);
        match parse(raw) {
            Ok(m) => assert!(m.full_text.len() < 4 * raw.len()),
            Err(e) => assert!(e.problem.acceptable(), "{:?}", e.problem),
        }
    }

    /// A message forwarded inside itself thousands of times (each level a message/rfc822
    /// part): parsed without running out of stack, its text shows `MAX_FORWARD_DEPTH` levels
    /// and names the rest.
    #[test]
    fn a_deeply_forwarded_message_is_read_to_a_bounded_depth() {
        let levels = 2_000;
        let mut mail = String::from(
            "From: Ann <ann@acme.example>\r\nSubject: innermost\r\n\r\nThe bottom.\r\n",
        );
        for i in 0..levels {
            mail = format!(
                "From: Ann <ann@acme.example>\r\nSubject: level {i}\r\nMIME-Version: 1.0\r\n\
                 Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n\
                 Content-Type: text/plain\r\n\r\nSee below.\r\n--b{i}\r\n\
                 Content-Type: message/rfc822\r\n\r\n{mail}\r\n--b{i}--\r\n"
            );
        }
        let parsed = parse(mail.as_bytes()).expect("parsed");
        let text = parsed.full_text;
        assert!(
            text.matches(FORWARDED_LINE).count() <= MAX_FORWARD_DEPTH,
            "{}",
            text.len()
        );
        assert!(text.contains("nested deeper than 8 levels"), "{text}");
    }

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
            assert!(!err.reason().is_empty());
        }
    }

    /// Text in a legacy charset, as an old mailer writes it.
    fn bytes_in(label: &str, text: &str) -> Vec<u8> {
        let enc = TextEncoding::for_label(label.as_bytes()).unwrap();
        let (bytes, _, errors) = enc.encode(text);
        assert!(!errors, "{text} fits {label}");
        bytes.into_owned()
    }

    fn b64(bytes: &[u8]) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    const RU_TEXT: &str = "Добрый день! Принтер в бухгалтерии не печатает с утра, \
        на экране ошибка замятия бумаги, хотя бумаги внутри нет. Проверьте, пожалуйста.";

    #[test]
    fn an_address_inside_an_encoded_word_is_found() {
        for label in ["windows-1251", "koi8-r"] {
            let word = format!(
                "=?{label}?B?{}?=",
                b64(&bytes_in(label, "Иван Петров <ivan.petrov@zavod.example>"))
            );
            let raw = format!(
                "From: {word}\r\nTo: desk@provider.example\r\nSubject: test\r\n\
                 Message-ID: <ew-{label}@zavod.example>\r\n\r\nbody\r\n"
            );
            let mail = parse(raw.as_bytes()).unwrap_or_else(|e| panic!("{label}: {e:?}"));
            assert_eq!(mail.from.email, "ivan.petrov@zavod.example");
            assert_eq!(mail.from.name.as_deref(), Some("Иван Петров"));
            assert_eq!(mail.notes, [MailNote::AddressInEncodedWord]);
        }
    }

    #[test]
    fn unlabelled_8_bit_text_is_guessed_and_noted() {
        // The detector knows KOI8-R as its superset KOI8-U: the same letters for Russian.
        for (label, guess) in [("windows-1251", "windows-1251"), ("koi8-r", "koi8-u")] {
            let mut raw =
                b"From: a@b.example\r\nSubject: test\r\nMessage-ID: <x@b>\r\n\r\n".to_vec();
            raw.extend(bytes_in(label, RU_TEXT));
            let mail = parse(&raw).unwrap_or_else(|e| panic!("{label}: {e:?}"));
            assert_eq!(mail.full_text, RU_TEXT, "{label}");
            assert_eq!(
                mail.notes,
                [MailNote::CharsetGuessed {
                    charset: guess.into(),
                    declared: None
                }]
            );
        }
    }

    #[test]
    fn a_short_unlabelled_text_is_not_guessed_but_quarantined() {
        let mut raw = b"From: a@b.example\r\nSubject: test\r\nMessage-ID: <x@b>\r\n\r\n".to_vec();
        raw.extend(bytes_in("windows-1251", "Да, спасибо"));
        let err = parse(&raw).unwrap_err();
        assert!(
            matches!(err.problem, MailProblem::CharsetUnsure { .. }),
            "{err:?}"
        );
        assert_eq!(err.read.message_id.as_deref(), Some("x@b"));
        let chosen = parse_in(&raw, Charset::named("windows-1251").unwrap()).unwrap();
        assert_eq!(chosen.full_text, "Да, спасибо");
        assert_eq!(
            chosen.notes,
            [MailNote::CharsetChosen {
                charset: "windows-1251".into()
            }]
        );
    }

    #[test]
    fn an_unclosed_multipart_is_read_to_its_end() {
        let raw = "From: a@b.example\r\nSubject: test\r\nMessage-ID: <x@b>\r\n\
            Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n\
            Content-Type: text/plain; charset=utf-8\r\n\r\nThe scanner is offline.\r\n";
        let mail = parse(raw.as_bytes()).unwrap();
        assert_eq!(mail.full_text, "The scanner is offline.");
        assert_eq!(mail.notes, [MailNote::UnclosedMultipart]);
    }

    #[test]
    fn an_unlabelled_8_bit_sender_name_is_read_in_the_body_charset() {
        let mut raw = b"From: ".to_vec();
        raw.extend(bytes_in("windows-1251", "Ирина Соколова"));
        raw.extend_from_slice(
            b" <glavbuh@zavod.example>\r\nSubject: x\r\nMessage-ID: <n@z>\r\n\r\n",
        );
        raw.extend(bytes_in("windows-1251", RU_TEXT));
        let mail = parse(&raw).unwrap();
        assert_eq!(mail.from.name.as_deref(), Some("Ирина Соколова"));
        assert_eq!(mail.from.email, "glavbuh@zavod.example");
    }
}
