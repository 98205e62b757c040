//! HTML mail bodies to readable plain text: paragraphs, line breaks, lists, quotes, and links as
//! "text (url)". Small on purpose: mail HTML needs no layout engine, only its words in order.

/// Quote levels shown as "> " each; deeper quotes read at this depth (a nesting bomb of
/// `<blockquote>` would otherwise repeat its prefix on every line: quadratic text).
pub const MAX_QUOTE_DEPTH: usize = 10;
/// List levels indented; deeper lists are indented as this one.
pub const MAX_LIST_INDENT: usize = 10;
/// Text one HTML body produces at most; the rest is named, not shown.
pub const MAX_TEXT_BYTES: usize = 4 << 20;

/// Converts an HTML body to plain text. Never fails: what it does not understand it skips.
/// The text is bounded (`MAX_TEXT_BYTES`; past it the rest is named with its size) and grows
/// at most linearly with the HTML: quote and list prefixes stop growing at `MAX_QUOTE_DEPTH`
/// and `MAX_LIST_INDENT`.
pub fn html_to_text(html: &str) -> String {
    convert(html, MAX_TEXT_BYTES, usize::MAX, true).0
}

/// Where reading an HTML body stopped, past one of the limits given to
/// [`html_to_text_within`]: the figure when it stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HtmlOver {
    /// More than `text_bytes` of text (the bytes produced when reading stopped).
    Text(usize),
    /// Quotes and lists nested deeper than `depth` (the depth reached).
    Depth(usize),
}

/// [`html_to_text`] under a mail's limits: past `text_bytes` of text, or quotes and lists
/// nested deeper than `depth`, it stops and says which (the mail then waits in quarantine).
pub fn html_to_text_within(
    html: &str,
    text_bytes: usize,
    depth: usize,
) -> Result<String, HtmlOver> {
    match convert(html, text_bytes, depth, false) {
        (text, None) => Ok(text),
        (_, Some(over)) => Err(over),
    }
}

/// The conversion, stopped past `text_cap` bytes of text (naming the rest in the text when
/// `note`) or past `depth_cap` levels of quotes and lists.
fn convert(
    html: &str,
    text_cap: usize,
    depth_cap: usize,
    note: bool,
) -> (String, Option<HtmlOver>) {
    let mut w = Writer::default();
    let mut rest = html;
    // Tags whose content is never shown.
    let mut hidden_until: Option<String> = None;
    let mut pre_depth = 0usize;
    let mut lists: Vec<List> = Vec::new();
    let mut links: Vec<(usize, Option<String>)> = Vec::new();

    let mut over = None;
    while !rest.is_empty() {
        if w.buf.len() > text_cap {
            over = Some(HtmlOver::Text(w.buf.len()));
            if note {
                w.block(2);
                w.text(
                    &format!(
                        "[the rest of this message, {} bytes of HTML, is not shown: it is over the {} MiB of text a message may give]",
                        rest.len(),
                        text_cap >> 20
                    ),
                    false,
                );
            }
            break;
        }
        let Some(lt) = rest.find('<') else {
            if hidden_until.is_none() {
                w.text(&decode_entities(rest), pre_depth > 0);
            }
            break;
        };
        if lt > 0 && hidden_until.is_none() {
            w.text(&decode_entities(&rest[..lt]), pre_depth > 0);
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let Some(tag) = Tag::read(rest) else {
            // A lone '<' in text ("a < b").
            if hidden_until.is_none() {
                w.text("<", pre_depth > 0);
            }
            rest = &rest[1..];
            continue;
        };
        rest = &rest[tag.len..];
        let name = tag.name.as_str();
        if let Some(hidden) = &hidden_until {
            if tag.closing && name == hidden {
                hidden_until = None;
            }
            continue;
        }
        match (name, tag.closing) {
            ("script" | "style" | "head" | "title" | "template", false) if !tag.self_closing => {
                hidden_until = Some(name.to_string());
            }
            ("br", _) => w.line_break(),
            ("p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "table" | "hr", _) => w.block(2),
            ("pre", closing) => {
                w.block(2);
                if closing {
                    pre_depth = pre_depth.saturating_sub(1);
                } else {
                    pre_depth += 1;
                }
            }
            ("blockquote", closing) => {
                w.block(2);
                if closing {
                    w.quote_depth = w.quote_depth.saturating_sub(1);
                } else {
                    w.quote_depth += 1;
                }
            }
            ("ul" | "ol", false) => {
                w.block(if lists.is_empty() { 2 } else { 1 });
                lists.push(List {
                    ordered: name == "ol",
                    next: 1,
                });
            }
            ("ul" | "ol", true) => {
                lists.pop();
                w.block(if lists.is_empty() { 2 } else { 1 });
            }
            ("li", false) => {
                w.block(1);
                let indent = "  ".repeat(lists.len().saturating_sub(1).min(MAX_LIST_INDENT));
                let marker = match lists.last_mut() {
                    Some(l) if l.ordered => {
                        let n = l.next;
                        l.next += 1;
                        format!("{n}. ")
                    }
                    _ => "- ".to_string(),
                };
                w.line_prefix = format!("{indent}{marker}");
            }
            (
                "div" | "li" | "tr" | "dt" | "dd" | "dl" | "section" | "article" | "header"
                | "footer" | "address" | "center" | "form" | "caption",
                _,
            ) => w.block(1),
            ("td" | "th", false) => w.cell(),
            ("a", false) => links.push((w.buf.len(), tag.attr("href"))),
            ("a", true) => {
                if let Some((start, Some(href))) = links.pop() {
                    w.link_target(start, &href);
                }
            }
            ("img", _) => {
                if let Some(alt) = tag.attr("alt").filter(|a| !a.trim().is_empty()) {
                    w.text(&alt, false);
                }
            }
            _ => {}
        }
        if w.quote_depth + lists.len() > depth_cap {
            over = Some(HtmlOver::Depth(w.quote_depth + lists.len()));
            break;
        }
    }
    (w.finish(), over)
}

#[derive(Debug)]
struct List {
    ordered: bool,
    next: usize,
}

/// One start or end tag, with its raw attributes.
#[derive(Debug)]
struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    attrs: String,
    /// Bytes the tag takes in the input, '<' to '>' inclusive.
    len: usize,
}

impl Tag {
    /// Reads a tag at the start of `s` (which starts with '<'); `None` when it is not one.
    fn read(s: &str) -> Option<Tag> {
        let bytes = s.as_bytes();
        let mut i = 1;
        let closing = bytes.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        let special = matches!(bytes.get(i), Some(b'!' | b'?'));
        if !special && !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
        let name_start = i;
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'!' | b'?' | b'-' | b':'))
        {
            i += 1;
        }
        let name = s[name_start..i].to_ascii_lowercase();
        let attrs_start = i;
        let mut quote: Option<u8> = None;
        while let Some(&b) = bytes.get(i) {
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'>' => break,
                None => {}
            }
            i += 1;
        }
        // An unterminated tag swallows the rest, as browsers do.
        let end = i.min(bytes.len());
        let attrs = s[attrs_start..end].to_string();
        let self_closing = attrs.trim_end().ends_with('/');
        Some(Tag {
            name,
            closing,
            self_closing,
            attrs,
            len: (end + 1).min(s.len()),
        })
    }

    /// The decoded value of attribute `wanted`, if present.
    fn attr(&self, wanted: &str) -> Option<String> {
        let s = self.attrs.as_str();
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            let start = i;
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !b"=/>".contains(&bytes[i])
            {
                i += 1;
            }
            let key = &s[start..i];
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = None;
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                let (v_start, v_end) = match bytes.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let v_start = i + 1;
                        let v_end = s[v_start..]
                            .find(q as char)
                            .map_or(s.len(), |e| v_start + e);
                        i = (v_end + 1).min(s.len());
                        (v_start, v_end)
                    }
                    _ => {
                        let v_start = i;
                        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                            i += 1;
                        }
                        (v_start, i)
                    }
                };
                value = Some(&s[v_start..v_end]);
            }
            if key.is_empty() && value.is_none() {
                i += 1;
                continue;
            }
            if key.eq_ignore_ascii_case(wanted) {
                return Some(decode_entities(value.unwrap_or("")).trim().to_string());
            }
        }
        None
    }
}

/// Builds the text: whitespace collapsed, blank lines between blocks, prefixes at line starts.
#[derive(Debug)]
struct Writer {
    buf: String,
    /// Newlines at the end of `buf`; large at the start so that no leading breaks are written.
    trailing_newlines: usize,
    /// Newlines wanted before the next text.
    pending_newlines: usize,
    pending_space: bool,
    quote_depth: usize,
    /// Whether the last written line was inside a quote, so a blank line after it stays quoted.
    last_line_quoted: bool,
    /// A list marker for the next line.
    line_prefix: String,
}

impl Default for Writer {
    fn default() -> Self {
        Writer {
            buf: String::new(),
            trailing_newlines: usize::MAX,
            pending_newlines: 0,
            pending_space: false,
            quote_depth: 0,
            last_line_quoted: false,
            line_prefix: String::new(),
        }
    }
}

impl Writer {
    fn block(&mut self, newlines: usize) {
        self.pending_newlines = self.pending_newlines.max(newlines);
        self.pending_space = false;
    }

    fn line_break(&mut self) {
        self.flush_newlines();
        self.push_newline();
        self.pending_space = false;
    }

    fn cell(&mut self) {
        if self.trailing_newlines == 0 {
            self.pending_space = true;
        }
    }

    fn text(&mut self, text: &str, pre: bool) {
        for c in text.chars() {
            if pre {
                if c == '\n' {
                    self.flush_newlines();
                    self.push_newline();
                } else {
                    self.put(c);
                }
            } else if c.is_whitespace() && c != '\u{a0}' {
                self.pending_space = true;
            } else if c == '\u{ad}' || c == '\u{200b}' || c == '\u{200c}' || c == '\u{feff}' {
                // Soft hyphen and zero-width characters carry no reading.
            } else {
                self.put(if c == '\u{a0}' { ' ' } else { c });
            }
        }
    }

    fn put(&mut self, c: char) {
        self.flush_newlines();
        if self.trailing_newlines > 0 {
            if self.quote_depth > 0 {
                self.buf
                    .push_str(&"> ".repeat(self.quote_depth.min(MAX_QUOTE_DEPTH)));
            }
            self.last_line_quoted = self.quote_depth > 0;
            let prefix = std::mem::take(&mut self.line_prefix);
            self.buf.push_str(&prefix);
            self.pending_space = false;
        } else if self.pending_space {
            self.buf.push(' ');
        }
        self.pending_space = false;
        self.buf.push(c);
        self.trailing_newlines = 0;
    }

    fn flush_newlines(&mut self) {
        if self.trailing_newlines == usize::MAX {
            self.pending_newlines = 0;
            return;
        }
        while self.trailing_newlines < self.pending_newlines {
            self.push_newline();
        }
        self.pending_newlines = 0;
    }

    fn push_newline(&mut self) {
        if self.trailing_newlines == usize::MAX {
            return;
        }
        if self.trailing_newlines > 0 && self.quote_depth > 0 && self.last_line_quoted {
            // Keep a quoted blank line quoted, so the quote reads as one block.
            self.buf
                .push_str(">".repeat(self.quote_depth.min(MAX_QUOTE_DEPTH)).as_str());
        }
        self.buf.push('\n');
        self.trailing_newlines += 1;
    }

    /// Appends " (url)" after a link's text unless the text already says the address.
    fn link_target(&mut self, start: usize, href: &str) {
        let href = href.trim();
        let lower = href.to_ascii_lowercase();
        if href.is_empty() || href.starts_with('#') || lower.starts_with("javascript:") {
            return;
        }
        let shown = href
            .strip_prefix("mailto:")
            .or_else(|| href.strip_prefix("MAILTO:"))
            .unwrap_or(href);
        let text = self.buf.get(start..).unwrap_or("").trim();
        if text.is_empty() {
            return;
        }
        let same = |a: &str, b: &str| {
            a.trim_end_matches('/')
                .eq_ignore_ascii_case(b.trim_end_matches('/'))
        };
        let bare = |u: &str| {
            u.split_once("://")
                .map_or(u.to_string(), |(_, rest)| rest.to_string())
        };
        if same(text, href) || same(text, shown) || same(&bare(text), &bare(href)) {
            return;
        }
        self.text(&format!(" ({shown})"), false);
    }

    fn finish(self) -> String {
        let mut out = String::with_capacity(self.buf.len());
        let mut blank_run = 0;
        for line in self.buf.lines() {
            let line = line.trim_end();
            if line.is_empty() {
                blank_run += 1;
                if blank_run > 1 {
                    continue;
                }
            } else {
                blank_run = 0;
            }
            out.push_str(line);
            out.push('\n');
        }
        out.trim_matches('\n').to_string()
    }
}

/// Decodes `&amp;`, `&#1055;`, `&#x41F;` and the named entities mail writers use.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        match entity(name) {
            Some(c) => {
                out.push(c);
                rest = &rest[end..];
                if rest.starts_with(';') {
                    rest = &rest[1..];
                }
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "shy" => '\u{ad}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "deg" => '°',
        "times" => '×',
        "numero" => '№',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// About 0.7 MB of nested quotes, each with a word: the text grows linearly (the prefix
    /// stops at `MAX_QUOTE_DEPTH`), not with the square of the depth.
    #[test]
    fn a_blockquote_bomb_gives_bounded_text() {
        let html = "<blockquote>word ".repeat(40_000);
        assert!(html.len() > 600_000);
        let text = html_to_text(&html);
        assert!(text.len() < 3 * html.len(), "{} bytes of text", text.len());
        let deepest = "> ".repeat(MAX_QUOTE_DEPTH);
        assert!(text.lines().last().unwrap().starts_with(&deepest));
        assert!(!text.contains(&"> ".repeat(MAX_QUOTE_DEPTH + 1)));
    }

    #[test]
    fn a_list_bomb_gives_bounded_text() {
        let html = "<ul><li>item ".repeat(50_000);
        let text = html_to_text(&html);
        assert!(text.len() < 3 * html.len(), "{} bytes of text", text.len());
        assert!(
            text.lines().all(|l| l.len() <= 2 * MAX_LIST_INDENT + 8),
            "an indent grew"
        );
    }

    /// Past `MAX_TEXT_BYTES` of text the rest is named with its size, not shown.
    #[test]
    fn text_past_the_limit_is_cut_with_a_note() {
        let html = "<p>a line of words in a huge message</p>".repeat(200_000);
        let text = html_to_text(&html);
        assert!(text.len() < MAX_TEXT_BYTES + 4096, "{} bytes", text.len());
        assert!(
            text.ends_with("MiB of text a message may give]"),
            "{}",
            &text[text.len() - 200..]
        );
        assert!(text.contains("bytes of HTML, is not shown"));
    }

    fn check(html: &str, expected: &str) {
        assert_eq!(html_to_text(html), expected, "from {html:?}");
    }

    #[test]
    fn converts_mail_html_to_readable_text() {
        for (html, expected) in [
            ("<p>Hello</p><p>World</p>", "Hello\n\nWorld"),
            ("Line one<br>Line two<br/>Line three", "Line one\nLine two\nLine three"),
            ("a<br><br>b", "a\n\nb"),
            ("<div>one</div><div>two</div>", "one\ntwo"),
            ("  lots   of \n\t space  ", "lots of space"),
            (
                "<ul><li>first</li><li>second</li></ul>after",
                "- first\n- second\n\nafter",
            ),
            ("<ol><li>a<li>b</ol>", "1. a\n2. b"),
            (
                "<ul><li>x<ul><li>y</li></ul></li></ul>",
                "- x\n  - y",
            ),
            (
                r#"See <a href="https://status.example.com/x">the status page</a>."#,
                "See the status page (https://status.example.com/x).",
            ),
            (
                r#"<a href="https://example.com/">https://example.com</a>"#,
                "https://example.com",
            ),
            (
                r#"<a href="mailto:help@example.com">help@example.com</a>"#,
                "help@example.com",
            ),
            (r##"<a href="#top">top</a>"##, "top"),
            (
                "<html><head><title>t</title><style>p{color:red}</style></head><body>Hi</body></html>",
                "Hi",
            ),
            ("<script>alert(1)</script>ok", "ok"),
            ("<!-- hidden -->shown", "shown"),
            ("Tom &amp; Jerry &lt;3 &#1055;&#x440;&#x438;&nbsp;вет &bogus; &", "Tom & Jerry <3 При вет &bogus; &"),
            ("a < b", "a < b"),
            ("<pre>  keep\n    this</pre>", "  keep\n    this"),
            (
                "<p>Reply</p><blockquote><p>old</p><p>older</p></blockquote>",
                "Reply\n\n> old\n>\n> older",
            ),
            ("<table><tr><td>A</td><td>B</td></tr><tr><td>C</td></tr></table>", "A B\nC"),
            (r#"<img src="x.png" alt="Logo"> text"#, "Logo text"),
            ("<P CLASS=x>Upper</P>", "Upper"),
        ] {
            check(html, expected);
        }
    }
}
