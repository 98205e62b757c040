//! Mail built to exhaust the reader (issue 17, item 3): endless headers, one endless header,
//! thousands of parts, parts nested a thousand deep. Each is read in bounded time and waits in
//! quarantine with the limit and its figure named, its sender and subject read, never a crash.

use std::time::{Duration, Instant};

use sb_domain::limits::InputLimits;
use sb_domain::MailProblem;
use sb_intake::email::{parse, parse_within};

const HEAD: &str = "From: Ann <ann@acme.example>\r\nSubject: bomb\r\nMIME-Version: 1.0\r\n";

/// Parses `raw` under the defaults and checks that the limit `limit` refused it with `found`.
fn check(raw: &[u8], limit: &str, found: i64) {
    let started = Instant::now();
    let err = parse(raw).expect_err("a bomb waits in quarantine");
    let took = started.elapsed();
    eprintln!("{limit}: {} bytes read in {took:?}", raw.len());
    assert!(took < Duration::from_secs(20), "{limit}: {took:?}");
    let allowed = InputLimits::default().get(limit).expect("a limit") as i64;
    assert_eq!(
        err.problem,
        MailProblem::OverLimit {
            limit: limit.to_string(),
            found,
            allowed,
        }
    );
    assert_eq!(err.read.subject, "bomb");
    assert_eq!(
        err.read.from.as_ref().map(|a| a.email.as_str()),
        Some("ann@acme.example")
    );
    let reason = err.reason();
    assert!(
        reason.contains(&found.to_string()) && reason.contains(limit),
        "{reason}"
    );
}

#[test]
fn a_hundred_thousand_headers_are_refused_by_the_header_limit() {
    let mut mail = String::from(HEAD);
    for i in 0..100_000 {
        mail.push_str(&format!("X-Filler-{i}: x\r\n"));
    }
    mail.push_str("\r\nHello.\r\n");
    check(mail.as_bytes(), "mail_headers", 100_003);
}

#[test]
fn a_ten_megabyte_header_line_is_refused_by_the_header_length_limit() {
    let mut mail = String::from(HEAD);
    let value = "a".repeat(10 << 20);
    mail.push_str(&format!("X-Long: {value}\r\n\r\nHello.\r\n"));
    let field = "X-Long: ".len() + value.len() + 2;
    check(mail.as_bytes(), "header_bytes", field as i64);
}

#[test]
fn ten_thousand_parts_are_refused_by_the_part_limit() {
    let mut mail = format!("{HEAD}Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n");
    for i in 0..10_000 {
        mail.push_str(&format!(
            "--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"f{i}.txt\"\r\n\r\nx\r\n"
        ));
    }
    mail.push_str("--b--\r\n");
    check(mail.as_bytes(), "mime_parts", 10_001);
}

#[test]
fn parts_nested_a_thousand_deep_are_refused_by_the_depth_limit() {
    let levels = 1_000;
    let mut body = String::from("Content-Type: text/plain\r\n\r\nThe bottom.\r\n");
    for i in (0..levels).rev() {
        body = format!(
            "Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n{body}\r\n--b{i}--\r\n"
        );
    }
    check(format!("{HEAD}{body}").as_bytes(), "mime_depth", levels + 1);
}

/// The limits are the workspace's: raised, the same mail is read; an ordinary mail passes the
/// defaults.
#[test]
fn a_raised_limit_reads_what_the_default_refuses() {
    let mut mail = format!("{HEAD}Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n");
    for _ in 0..20 {
        mail.push_str("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n");
    }
    mail.push_str("--b--\r\n");
    let tight = InputLimits {
        mime_parts: 10,
        ..InputLimits::default()
    };
    let err = parse_within(mail.as_bytes(), None, &tight).expect_err("over 10 parts");
    assert!(
        matches!(err.problem, MailProblem::OverLimit { ref limit, found: 21, allowed: 10 } if limit == "mime_parts")
    );
    parse(mail.as_bytes()).expect("21 parts are within the default");
}

/// A file larger than `attachment_bytes` (here set to 64 KiB, the 100 KiB file decoded from
/// its base64): the mail waits with the file's size named, and nothing of it is read.
#[test]
fn a_file_over_the_file_limit_waits_with_its_size() {
    use base64::Engine as _;
    let file = vec![7u8; 100 << 10];
    let encoded = base64::engine::general_purpose::STANDARD.encode(&file);
    let lines: Vec<&str> = encoded
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).expect("base64 is ASCII"))
        .collect();
    let mail = format!(
        "{HEAD}Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee the file.\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"dump.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n--b--\r\n",
        lines.join("\r\n")
    );
    let tight = InputLimits {
        attachment_bytes: 64 << 10,
        ..InputLimits::default()
    };
    let err = parse_within(mail.as_bytes(), None, &tight).expect_err("over 64 KiB");
    assert_eq!(
        err.problem,
        MailProblem::OverLimit {
            limit: "attachment_bytes".into(),
            found: 100 << 10,
            allowed: 64 << 10,
        }
    );
    assert_eq!(err.read.subject, "bomb");
    assert!(err.read.attachments.is_empty() && err.read.full_text.is_empty());
    assert!(
        err.reason().contains("bytes in one attached file"),
        "{}",
        err.reason()
    );
    let mail = parse(mail.as_bytes()).expect("100 KiB is within the default of 50 MiB");
    assert_eq!(mail.attachments[0].size, 100 << 10);
}

/// A plain body of 5 MiB is more text than the default 4 MiB one message may give.
#[test]
fn five_megabytes_of_plain_text_are_refused_by_the_text_limit() {
    let body = "a".repeat(5 << 20);
    let mail = format!("{HEAD}Content-Type: text/plain\r\n\r\n{body}");
    check(mail.as_bytes(), "text_bytes", 5 << 20);
}

/// HTML that reads as more text than the limit: reading stops just past it, and the figure is
/// what was read by then.
#[test]
fn html_giving_more_text_than_the_limit_stops_just_past_it() {
    let html = "<p>Line of the report.</p>".repeat(300_000);
    let mail = format!("{HEAD}Content-Type: text/html\r\n\r\n{html}");
    let started = Instant::now();
    let err = parse(mail.as_bytes()).expect_err("over 4 MiB of text");
    assert!(started.elapsed() < Duration::from_secs(20));
    let MailProblem::OverLimit {
        limit,
        found,
        allowed,
    } = &err.problem
    else {
        panic!("{:?}", err.problem);
    };
    assert_eq!((limit.as_str(), *allowed), ("text_bytes", 4 << 20));
    assert!(*found > *allowed && *found < *allowed + 4096, "{found}");
    assert_eq!(err.read.subject, "bomb");
}

/// A hundred thousand nested `<blockquote>` (and the same of lists): the nesting limit stops
/// reading at its 101st level, whatever follows.
#[test]
fn quotes_and_lists_nested_past_the_html_limit_are_refused() {
    for (open, close) in [
        ("<blockquote>", "</blockquote>"),
        ("<ul><li>", "</li></ul>"),
    ] {
        let html = format!("{}deep{}", open.repeat(100_000), close.repeat(100_000));
        let mail = format!("{HEAD}Content-Type: text/html\r\n\r\n{html}");
        check(mail.as_bytes(), "html_depth", 101);
    }
    // Quotes ten deep, as a long thread has, are read.
    let thread = format!(
        "{}a reply{}",
        "<blockquote>".repeat(10),
        "</blockquote>".repeat(10)
    );
    let mail = parse(format!("{HEAD}Content-Type: text/html\r\n\r\n{thread}").as_bytes())
        .expect("ten levels are within the default");
    assert!(mail.full_text.contains("a reply"));
}
