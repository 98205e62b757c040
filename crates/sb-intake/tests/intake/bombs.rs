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
