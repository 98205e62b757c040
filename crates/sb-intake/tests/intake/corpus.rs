//! The mail corpus in `tests/corpus`: every kind of message the desk receives, each checked
//! through one `check(file, expected)`.

use sb_domain::TicketNumber;
use sb_intake::email::{parse, InboundEmail, FORWARDED_LINE};

pub fn corpus_file(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// What a corpus message must decode to. Empty fields are not checked.
#[derive(Default)]
struct Expected {
    subject: &'static str,
    from: &'static str,
    from_name: Option<&'static str>,
    date: Option<i64>,
    message_id: &'static str,
    in_reply_to: Option<&'static str>,
    references: &'static [&'static str],
    /// Exactly.
    new_text: &'static str,
    full_text_has: &'static [&'static str],
    full_text_lacks: &'static [&'static str],
    /// (file name, content type, size in bytes), in order.
    attachments: &'static [(&'static str, &'static str, usize)],
    ticket: Option<i64>,
}

fn check(file: &str, expected: Expected) -> InboundEmail {
    let mail = parse(&corpus_file(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let ctx = |what: &str| format!("{file}: {what}\n{mail:#?}");
    assert_eq!(mail.subject, expected.subject, "{}", ctx("subject"));
    assert_eq!(mail.from.email, expected.from, "{}", ctx("from"));
    assert_eq!(
        mail.from.name.as_deref(),
        expected.from_name,
        "{}",
        ctx("from name")
    );
    if expected.date.is_some() {
        assert_eq!(mail.date, expected.date, "{}", ctx("date"));
    }
    assert_eq!(
        mail.message_id.as_deref(),
        Some(expected.message_id),
        "{}",
        ctx("message id")
    );
    assert_eq!(
        mail.in_reply_to.as_deref(),
        expected.in_reply_to,
        "{}",
        ctx("in-reply-to")
    );
    assert_eq!(
        mail.references,
        expected.references,
        "{}",
        ctx("references")
    );
    assert_eq!(mail.new_text, expected.new_text, "{}", ctx("new text"));
    for fragment in expected.full_text_has {
        assert!(
            mail.full_text.contains(fragment),
            "{}",
            ctx(&format!("full text lacks {fragment:?}"))
        );
    }
    for fragment in expected.full_text_lacks {
        assert!(
            !mail.full_text.contains(fragment),
            "{}",
            ctx(&format!("full text has {fragment:?}"))
        );
    }
    let raw = corpus_file(file);
    let attachments: Vec<(&str, &str, usize)> = mail
        .attachments
        .iter()
        .map(|a| {
            // The size said and the bytes read back from the message agree.
            let bytes = a.bytes(&raw);
            assert_eq!(bytes.len() as u64, a.size, "{}", ctx("attachment size"));
            (a.file_name.as_str(), a.content_type.as_str(), bytes.len())
        })
        .collect();
    assert_eq!(attachments, expected.attachments, "{}", ctx("attachments"));
    assert_eq!(
        mail.ticket_number,
        expected.ticket.map(TicketNumber),
        "{}",
        ctx("ticket number")
    );
    mail
}

fn check_rejected(file: &str, reason_has: &str) {
    let err = parse(&corpus_file(file)).expect_err(file);
    assert!(err.reason().contains(reason_has), "{file}: {err}");
}

#[test]
fn plain_ascii() {
    let mail = check(
        "plain-ascii.eml",
        Expected {
            subject: "Printer on 3rd floor does not print",
            from: "ann.lee@example.com",
            from_name: Some("Ann Lee"),
            date: Some(1_705_303_800_000),
            message_id: "plain-1@mail.example.com",
            new_text: "Hello,\n\nthe printer on the 3rd floor (HP M607) shows \"paper jam\" but there is no paper stuck.\n\nThanks,\nAnn",
            full_text_has: &["HP M607", "Thanks,\nAnn"],
            ..Expected::default()
        },
    );
    let cc: Vec<_> = mail
        .cc
        .iter()
        .map(|a| (a.email.as_str(), a.name.as_deref()))
        .collect();
    assert_eq!(
        cc,
        [
            ("bob@example.com", None),
            ("carol@example.com", Some("Carol Diaz"))
        ]
    );
    assert_eq!(mail.to[0].email, "desk@provider.example");
}

#[test]
fn multipart_alternative_prefers_the_plain_text() {
    check(
        "alternative.eml",
        Expected {
            subject: "VPN drops every hour",
            from: "bob@example.com",
            from_name: Some("Bob Stone"),
            message_id: "alt-1@mail.example.com",
            new_text: "PLAIN PART: the VPN drops every hour, on the hour — since Monday.",
            full_text_lacks: &["HTML PART"],
            ..Expected::default()
        },
    );
}

#[test]
fn html_only_becomes_readable_text() {
    check(
        "html-only.eml",
        Expected {
            subject: "Accounting server slow",
            from: "dana@example.com",
            from_name: Some("Dana Ray"),
            message_id: "html-1@mail.example.com",
            new_text: "Hello team,\n\n\
                       After the update the accounting server is slow:\n\
                       queries take 30 s instead of 2 s.\n\n\
                       - server: acc-db-01\n\
                       - since: Monday & Tuesday\n\n\
                       Details are on our wiki page (https://wiki.example.com/acc-db).\n\n\
                       Regards,\nDana",
            full_text_lacks: &["<", "margin", "ignored", "&nbsp;"],
            ..Expected::default()
        },
    );
}

#[test]
fn pdf_attachment_and_inline_image() {
    check(
        "attachments.eml",
        Expected {
            subject: "Error report with screenshot",
            from: "eve@example.com",
            from_name: Some("Eve Park"),
            message_id: "att-1@mail.example.com",
            new_text: "The report is attached, the screenshot is below.",
            attachments: &[
                ("screenshot.png", "image/png", 70),
                ("report.pdf", "application/pdf", 1040),
            ],
            ..Expected::default()
        },
    );
    let raw = corpus_file("attachments.eml");
    let mail = parse(&raw).unwrap();
    let pdf = mail.attachments[1].bytes(&raw);
    assert!(pdf.starts_with(b"%PDF-1.4\n\x00\x01\x02"));
    assert!(pdf.ends_with(b"%%EOF\n"));
    // Read back in chunks of any size, the file is the same.
    for chunk in [1, 3, 7, 64, 4096] {
        let a = &mail.attachments[1];
        let body = &raw[a.location.start as usize..a.location.end as usize];
        let mut decoder = sb_intake::email::PartDecoder::new(a.location.encoding);
        let mut streamed: Vec<u8> = body.chunks(chunk).flat_map(|c| decoder.feed(c)).collect();
        streamed.extend(decoder.finish());
        assert_eq!(streamed, pdf, "chunks of {chunk}");
    }
}

#[test]
fn forwarded_message_is_kept_and_its_text_appended() {
    let mail = check(
        "forwarded.eml",
        Expected {
            subject: "Fwd: Disk almost full on srv1",
            from: "frank@example.com",
            from_name: Some("Frank Moss"),
            message_id: "fwd-1@mail.example.com",
            // The forwarded message is not the sender's own words; full_text has it.
            new_text: "Please have a look at the warning below.",
            full_text_has: &[
                "Please have a look at the warning below.",
                FORWARDED_LINE,
                "From: Monitoring <monitor@example.com>",
                "Subject: Disk almost full on srv1",
                "Volume /var on srv1 is 95% full.",
            ],
            attachments: &[("Disk almost full on srv1.eml", "message/rfc822", 260)],
            ..Expected::default()
        },
    );
    let forwarded = parse(&mail.attachments[0].bytes(&corpus_file("forwarded.eml")))
        .expect("the kept .eml parses");
    assert_eq!(
        forwarded.message_id.as_deref(),
        Some("inner-1@monitor.example.com")
    );
    assert_eq!(forwarded.full_text, "Volume /var on srv1 is 95% full.");
}

#[test]
fn quoted_reply_gmail() {
    check(
        "reply-gmail.eml",
        Expected {
            subject: "Re: Printer on 3rd floor does not print",
            from: "ann.lee@example.com",
            from_name: Some("Ann Lee"),
            message_id: "CAgmail-2@mail.gmail.com",
            in_reply_to: Some("plain-1@mail.example.com"),
            references: &["plain-1@mail.example.com"],
            new_text: "It works again, thank you!",
            full_text_has: &["> We have cleared the sensor."],
            ..Expected::default()
        },
    );
}

#[test]
fn quoted_reply_outlook_html() {
    check(
        "reply-outlook.eml",
        Expected {
            subject: "RE: [SB-000077] Planned restart",
            from: "george@example.com",
            from_name: Some("George Hill"),
            message_id: "DB7PR-outlook-3@eurprd.outlook.example",
            in_reply_to: Some("sb-77-1@provider.example"),
            references: &["sb-77-1@provider.example"],
            new_text: "Yes, please go ahead with the restart tonight.\n\nKind regards,\nGeorge",
            full_text_has: &[
                "From: Service Desk <desk@provider.example>\nSent: Monday, January 22, 2024 9:00 AM",
                "may we restart the file server tonight?",
            ],
            ticket: Some(77),
            ..Expected::default()
        },
    );
}

#[test]
fn quoted_reply_outlook_original_message() {
    check(
        "reply-outlook-original.eml",
        Expected {
            subject: "RE: Backup failed",
            from: "helen@example.com",
            from_name: Some("Helen Cho"),
            message_id: "outlook-4@example.com",
            in_reply_to: Some("sb-5-1@provider.example"),
            new_text: "The backup ran fine last night, you can close the ticket.",
            full_text_has: &["-----Original Message-----", "Please check whether"],
            ..Expected::default()
        },
    );
}

#[test]
fn quoted_reply_russian() {
    check(
        "reply-russian.eml",
        Expected {
            subject: "Re: Принтер не печатает",
            from: "ivan.petrov@example.ru",
            from_name: Some("Иван Петров"),
            message_id: "tb-ru-5@example.ru",
            in_reply_to: Some("sb-3-2@provider.example"),
            new_text: "Спасибо, принтер снова печатает.",
            full_text_has: &[
                "15.01.2024 12:00, Служба поддержки пишет:",
                "> Мы очистили датчик бумаги.",
            ],
            ..Expected::default()
        },
    );
}

#[test]
fn quoted_reply_russian_outlook_in_windows_1251() {
    check(
        "reply-russian-outlook.eml",
        Expected {
            subject: "RE: Плановая перезагрузка",
            from: "olga@example.ru",
            from_name: Some("Ольга Смирнова"),
            date: Some(1_705_908_600_000),
            message_id: "ru-outlook-6@example.ru",
            new_text: "Добрый день!\nПерезагрузку согласовываем.",
            full_text_has: &[
                "-----Исходное сообщение-----",
                "Можно перезагрузить сервер сегодня ночью?",
            ],
            ..Expected::default()
        },
    );
}

#[test]
fn windows_1251_body_and_subject() {
    check(
        "cp1251.eml",
        Expected {
            subject: "Не работает 1С на складе",
            from: "sklad@example.ru",
            from_name: Some("Склад"),
            message_id: "cp1251-7@example.ru",
            new_text: "Здравствуйте!\nНе работает 1С на складе: ошибка «нет связи с сервером».",
            ..Expected::default()
        },
    );
}

#[test]
fn koi8_r_body_and_subject() {
    check(
        "koi8r.eml",
        Expected {
            subject: "Сломался коммутатор",
            from: "admin@example.ru",
            from_name: Some("Администратор"),
            date: Some(1_706_197_500_000),
            message_id: "koi8-8@example.ru",
            new_text: "Добрый день.\nСломался коммутатор в серверной, горит красный индикатор.",
            ..Expected::default()
        },
    );
}

#[test]
fn utf8_russian_with_a_cyrillic_file_name() {
    check(
        "utf8-russian.eml",
        Expected {
            subject: "Не открывается почта",
            from: "m.sidorova@example.ru",
            from_name: Some("Мария Сидорова"),
            message_id: "utf8-9@example.ru",
            new_text: "Коллеги, добрый день!\n\nНе открывается почта в Outlook, пишет «Нет подключения». Лог во вложении.",
            attachments: &[("журнал.log", "application/octet-stream", 53)],
            ..Expected::default()
        },
    );
}

#[test]
fn reply_with_ticket_tag_and_threading_headers() {
    check(
        "reply-tagged.eml",
        Expected {
            subject: "Re: [sb-000042] Принтер не печатает",
            from: "ivan.petrov@example.ru",
            from_name: Some("Ivan Petrov"),
            date: Some(1_706_601_600_000),
            message_id: "reply-10@example.ru",
            in_reply_to: Some("sb-42-2@provider.example"),
            references: &[
                "first-10@example.ru",
                "sb-42-1@provider.example",
                "sb-42-2@provider.example",
            ],
            new_text: "Проверил: после замены картриджа всё работает.",
            full_text_has: &["> Заменили картридж, проверьте, пожалуйста."],
            ticket: Some(42),
            ..Expected::default()
        },
    );
}

#[test]
fn malformed_messages_are_rejected_with_a_reason() {
    check_rejected("malformed.eml", "no header lines");
    check_rejected("malformed-no-from.eml", "no From header");
}

#[test]
fn every_corpus_file_is_7_bit_and_covered() {
    let dir = format!("{}/tests/corpus", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".eml"))
        .collect();
    names.sort();
    for name in &names {
        assert!(corpus_file(name).is_ascii(), "{name} has 8-bit bytes");
    }
    let source = include_str!("corpus.rs");
    for name in &names {
        assert!(
            source.contains(&format!("\"{name}\"")),
            "{name} has no check"
        );
    }
}
