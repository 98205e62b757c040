//! What strangers send, as property tests (the short slice of `make fuzz` that `make test`
//! runs): any bytes as a mail, any text as HTML or as an Alertmanager answer are read or
//! refused, never a panic, and the text a mail gives stays bounded.

use proptest::prelude::*;
use sb_intake::alerts::parse_alert_list;
use sb_intake::email::{html_to_text, new_text, parse};

/// Mail-like input: headers, a MIME structure and bodies built from pieces mail uses, so the
/// search reaches past the first line.
fn mailish() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just("From: Ann <ann@acme.example>\r\n".to_string()),
        Just("Subject: =?utf-8?B?0J/RgNC40LLQtdGC?= [SB-000042]\r\n".to_string()),
        Just("Content-Type: multipart/mixed; boundary=\"b\"\r\n".to_string()),
        Just("Content-Type: message/rfc822\r\n".to_string()),
        Just("Content-Type: text/html; charset=windows-1251\r\n".to_string()),
        Just("Content-Transfer-Encoding: base64\r\n".to_string()),
        Just("Content-Transfer-Encoding: quoted-printable\r\n".to_string()),
        Just("Content-Disposition: attachment; filename=\"a\u{202e}fdp.exe\"\r\n".to_string()),
        Just("\r\n--b\r\n".to_string()),
        Just("\r\n--b--\r\n".to_string()),
        Just("\r\n".to_string()),
        Just("<blockquote><ul><li>".to_string()),
        Just("> quoted line\r\n".to_string()),
        Just("On Mon, Ann wrote:\r\n".to_string()),
        "[ -~]{0,40}".prop_map(|s| s + "\r\n"),
        prop::collection::vec(any::<u8>(), 0..40)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat().into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_mail_is_read_or_refused(raw in mailish()) {
        if let Ok(m) = parse(&raw) {
            prop_assert!(m.full_text.len() <= 4 * raw.len() + 4096);
            let _ = new_text(&m.full_text);
            for a in &m.attachments {
                let _ = a.bytes(&raw);
            }
        }
    }

    #[test]
    fn any_bytes_are_read_or_refused(raw in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = parse(&raw);
    }

    #[test]
    fn any_html_gives_bounded_text(html in "(<blockquote>|<ul>|<li>|</ul>|<p>|<pre>|&amp;|&#x41F;|<a href=\"x\">|</a>|[ -~]{0,8}){0,200}") {
        let text = html_to_text(&html);
        // Linear: at most the deepest prefixes per tag (see the fuzz target `html`).
        prop_assert!(text.len() <= 16 * html.len() + 256);
    }

    #[test]
    fn any_alert_answer_is_read_or_refused(body in "(\\[|\\]|\\{|\\}|\"labels\"|\"status\"|:|,|\"[a-z]{0,6}\"|[0-9]{0,4}|null){0,80}") {
        let _ = parse_alert_list("http://127.0.0.1:9093", &body);
    }
}
