//! Mail as real mailers send it (issue 11), each kind fed through the real IMAP server (pymap)
//! and through `.eml` import alike: a sender's address inside an encoded word (windows-1251,
//! KOI8-R), 8-bit text without a charset, a multipart that never closes, quarantined messages
//! accepted (with a chosen charset) or dismissed, cuts that say so, the exact source. Every
//! message is written here; the legacy charsets' bytes come from `encoding_rs`.

use std::path::Path;

use base64::Engine;
use sb_app::{App, ErrorCode, MailPollReport, QuarantineInput};
use sb_domain::{MailNote, MailProblem};

use super::channel::{append, client, mailbox_input, new_folder, open_app, open_app_on, ticket_of};
use crate::util::peers;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    Imap,
    File,
}

const WAYS: [Way; 2] = [Way::Imap, Way::File];

impl Way {
    fn other(self) -> Way {
        match self {
            Way::Imap => Way::File,
            Way::File => Way::Imap,
        }
    }
}

/// A workspace with the client ZAVOD (contacts at zavod.example) and a mailbox on a fresh
/// folder of the IMAP server.
struct Desk {
    app: App,
    mailbox: i64,
    folder: String,
    client: i64,
    _dir: tempfile::TempDir,
}

async fn desk() -> Desk {
    desk_on(Backend::Sqlite).await
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backend {
    Sqlite,
    Postgres,
}

/// A desk on a SQLite file, or (team mode) on a fresh database of the tests' PostgreSQL.
async fn desk_on(backend: Backend) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let app = match backend {
        Backend::Sqlite => open_app(dir.path()).await,
        Backend::Postgres => {
            open_app_on(dir.path(), &crate::util::pg::pg_url_for_new_database()).await
        }
    };
    let client = client(&app, "ZAVOD", "glavbuh@zavod.example").await;
    let folder = new_folder("realworld").await;
    let mailbox = app
        .create_mailbox(mailbox_input(&folder, peers::smtp().port))
        .await
        .unwrap()
        .id;
    Desk {
        app,
        mailbox,
        folder,
        client,
        _dir: dir,
    }
}

impl Desk {
    /// Takes messages in the way given: appended to the IMAP folder and polled, or imported
    /// from files (`sb mail import`'s path).
    async fn take_in(&self, way: Way, messages: &[Vec<u8>]) -> MailPollReport {
        match way {
            Way::Imap => {
                append(&self.folder, messages).await;
                self.app.poll_mailbox(self.mailbox).await.unwrap()
            }
            Way::File => self.app.import_mail(self.mailbox, messages).await.unwrap(),
        }
    }

    async fn opening_notes(&self, ticket: i64) -> Vec<MailNote> {
        self.app
            .ticket_email(ticket)
            .await
            .unwrap()
            .opening
            .expect("opened from a message")
            .notes
    }
}

/// `text` in a legacy charset, as an old mailer writes it.
fn bytes_in(label: &str, text: &str) -> Vec<u8> {
    let enc = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
    let (bytes, _, errors) = enc.encode(text);
    assert!(!errors, "{text} fits {label}");
    bytes.into_owned()
}

/// An RFC 2047 encoded word holding `text` in `label`.
fn encoded_word(label: &str, text: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes_in(label, text));
    format!("=?{label}?B?{b64}?=")
}

/// Header lines (CRLF added) and a body of raw bytes.
fn message(headers: &[String], body: &[u8]) -> Vec<u8> {
    let mut raw = Vec::new();
    for h in headers {
        raw.extend_from_slice(h.as_bytes());
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"\r\n");
    raw.extend_from_slice(body);
    raw.extend_from_slice(b"\r\n");
    raw
}

fn unique_id(prefix: &str) -> String {
    format!("{}@zavod.example", peers::unique(prefix))
}

const LETTER: &str = "Добрый день! Принтер в бухгалтерии не печатает с утра: на экране ошибка \
    замятия бумаги, хотя бумаги внутри нет. Перезагрузка не помогла. Проверьте, пожалуйста.";

#[tokio::test(flavor = "multi_thread")]
async fn an_address_inside_an_encoded_word_is_the_sender_and_its_reply_threads() {
    for way in WAYS {
        for label in ["windows-1251", "koi8-r"] {
            let d = desk().await;
            let from = format!(
                "From: {}",
                encoded_word(label, "Ирина Соколова <glavbuh@zavod.example>")
            );
            let question_id = unique_id("ew-question");
            let question = message(
                &[
                    from.clone(),
                    "To: desk@provider.example".into(),
                    format!("Subject: {}", encoded_word(label, "Не печатает принтер")),
                    format!("Message-ID: <{question_id}>"),
                    format!("Content-Type: text/plain; charset={label}"),
                    "Content-Transfer-Encoding: 8bit".into(),
                ],
                &bytes_in(label, LETTER),
            );
            let r = d.take_in(way, std::slice::from_ref(&question)).await;
            assert_eq!((r.tickets, r.quarantined), (1, 0), "{way:?} {label}: {r:?}");
            let ticket = ticket_of(&d.app, &question_id).await;
            let t = d.app.ticket(ticket).await.unwrap();
            assert_eq!(t.subject, "Не печатает принтер");
            assert_eq!(t.client_id, d.client);
            let email = d.app.ticket_email(ticket).await.unwrap();
            assert_eq!(
                email.requester.as_deref(),
                Some("Ирина Соколова <glavbuh@zavod.example>")
            );
            assert!(d
                .opening_notes(ticket)
                .await
                .contains(&MailNote::AddressInEncodedWord));

            // Her reply, written by the same mailer, threads onto the ticket.
            let answer = message(
                &[
                    from,
                    format!(
                        "Subject: {}",
                        encoded_word(label, "Re: Не печатает принтер")
                    ),
                    format!("Message-ID: <{}>", unique_id("ew-answer")),
                    format!("In-Reply-To: <{question_id}>"),
                    format!("Content-Type: text/plain; charset={label}"),
                ],
                &bytes_in(label, "Заработал, спасибо!"),
            );
            let r = d.take_in(way, &[answer]).await;
            assert_eq!((r.comments, r.tickets), (1, 0), "{way:?} {label}: {r:?}");
            let card = d.app.card(ticket).await.unwrap();
            assert_eq!(card.comments.last().unwrap().body, "Заработал, спасибо!");

            // The same mail the other way (file after IMAP, IMAP after file): nothing new.
            let r = d.take_in(way.other(), &[question]).await;
            assert_eq!((r.tickets, r.duplicates), (0, 1), "{way:?} {label}: {r:?}");
        }
    }
}

/// A reply with no text is threaded on, and its thread shows the system's words for an empty
/// message in the reader's language (they were English for every reader).
#[tokio::test(flavor = "multi_thread")]
async fn an_empty_reply_reads_as_empty_in_the_readers_language() {
    let d = desk().await;
    let question_id = unique_id("empty-question");
    let question = message(
        &[
            "From: Ирина Соколова <glavbuh@zavod.example>".into(),
            "Subject: Printer".into(),
            format!("Message-ID: <{question_id}>"),
            "Content-Type: text/plain; charset=utf-8".into(),
        ],
        LETTER.as_bytes(),
    );
    let r = d.take_in(Way::File, &[question]).await;
    assert_eq!(r.tickets, 1, "{r:?}");
    let ticket = ticket_of(&d.app, &question_id).await;
    let empty = message(
        &[
            "From: glavbuh@zavod.example".into(),
            "Subject: Re: Printer".into(),
            format!("Message-ID: <{}>", unique_id("empty-answer")),
            format!("In-Reply-To: <{question_id}>"),
            "Content-Type: text/plain; charset=utf-8".into(),
        ],
        b" \r\n",
    );
    let r = d.take_in(Way::File, &[empty]).await;
    assert_eq!((r.comments, r.quarantined), (1, 0), "{r:?}");
    let card = d.app.card(ticket).await.unwrap();
    let reply = card.comments.last().unwrap();
    assert_eq!(reply.body, "(empty message)");
    let said = reply.body_msg.as_ref().expect("worded by its reader");
    assert_eq!(said.render(sb_i18n::Lang::Ru), "(пустое письмо)");
    assert_eq!(said.english(), reply.body);
}

/// A mail without a subject opens a ticket titled in the language the client is written to in
/// (the subject is stored, searched and quoted in the acknowledgement as written); it was
/// English for every client.
#[tokio::test(flavor = "multi_thread")]
async fn a_mail_without_a_subject_is_titled_in_the_clients_language() {
    let d = desk().await;
    // A mail with no Subject header opens a ticket: its subject.
    let opened = |tag: &'static str| {
        let d = &d;
        async move {
            let id = unique_id(tag);
            let mail = message(
                &[
                    "From: Ирина Соколова <glavbuh@zavod.example>".into(),
                    format!("Message-ID: <{id}>"),
                    "Content-Type: text/plain; charset=utf-8".into(),
                ],
                LETTER.as_bytes(),
            );
            let r = d.take_in(Way::File, &[mail]).await;
            assert_eq!((r.tickets, r.quarantined), (1, 0), "{r:?}");
            let ticket = ticket_of(&d.app, &id).await;
            d.app.ticket(ticket).await.unwrap().subject
        }
    };
    assert_eq!(
        opened("no-subject-en").await,
        "(no subject) from glavbuh@zavod.example"
    );

    // The client is written to in Russian from now on.
    let c = d.app.client(d.client).await.unwrap();
    d.app
        .update_client(
            d.client,
            sb_app::ClientInput {
                code: c.code,
                name: c.name,
                notes: c.notes,
                contacts: c.contacts.iter().map(sb_app::ContactInput::from).collect(),
                language: Some(sb_domain::inform::MailLanguage::Ru),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        opened("no-subject-ru").await,
        "(без темы) от glavbuh@zavod.example"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_quarantined_message_keeps_its_message_id_and_subject_and_comes_once() {
    for way in WAYS {
        let d = desk().await;
        let id = unique_id("no-address");
        // A From with a name and no address at all.
        let raw = message(
            &[
                format!("From: {}", encoded_word("windows-1251", "Отдел кадров")),
                format!(
                    "Subject: {}",
                    encoded_word("windows-1251", "Заявка на пропуск")
                ),
                format!("Message-ID: <{id}>"),
                "Content-Type: text/plain; charset=utf-8".into(),
            ],
            "Нужен пропуск для нового сотрудника.".as_bytes(),
        );
        // And bytes without any Message-ID: kept once whichever way they come, though the
        // IMAP server drops their last line break.
        let garbage = format!(
            "not an email at all {}\r\njust bytes\r\n",
            peers::unique("g")
        );
        let r = d
            .take_in(way, &[raw.clone(), garbage.clone().into_bytes()])
            .await;
        assert_eq!(r.quarantined, 2, "{way:?}: {r:?}");
        let q = d.app.quarantine().await.unwrap();
        let entry = q
            .iter()
            .find(|m| m.message_id == id)
            .expect("its Message-ID");
        assert_eq!(entry.subject.as_deref(), Some("Заявка на пропуск"));
        assert_eq!(
            entry.problem,
            Some(MailProblem::NoSenderAddress {
                from: "Отдел кадров".into()
            })
        );
        assert!(entry
            .reason
            .as_deref()
            .unwrap()
            .contains("no email address"));

        let r = d.take_in(way.other(), &[raw, garbage.into_bytes()]).await;
        assert_eq!((r.quarantined, r.duplicates), (0, 2), "{way:?}: {r:?}");
        assert_eq!(d.app.quarantine().await.unwrap().len(), 2);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn unlabelled_8_bit_text_is_read_in_a_guessed_charset_never_as_replacement_characters() {
    for way in WAYS {
        let d = desk().await;
        let plain = |id: &str, content_type: &str, body: Vec<u8>| {
            message(
                &[
                    "From: Ирина <glavbuh@zavod.example>".into(),
                    "Subject: Printer".into(),
                    format!("Message-ID: <{id}>"),
                    content_type.to_string(),
                    "Content-Transfer-Encoding: 8bit".into(),
                ],
                &body,
            )
        };
        // (content type, charset of the bytes, the charset the guess is noted as, declared)
        let cases = [
            (
                "Content-Type: text/plain",
                "windows-1251",
                "windows-1251",
                None,
            ),
            ("Content-Type: text/plain", "koi8-r", "koi8-u", None),
            (
                "Content-Type: text/plain; charset=x-cyrillic-old",
                "windows-1251",
                "windows-1251",
                Some("x-cyrillic-old"),
            ),
            (
                "Content-Type: text/plain; charset=us-ascii",
                "koi8-r",
                "koi8-u",
                Some("us-ascii"),
            ),
            (
                "Content-Type: text/plain; charset=utf-8",
                "windows-1251",
                "windows-1251",
                Some("utf-8"),
            ),
        ];
        let mut ids = Vec::new();
        let mut raws = Vec::new();
        for (i, (ct, label, _, _)) in cases.iter().enumerate() {
            let id = unique_id(&format!("unlabelled-{i}"));
            raws.push(plain(&id, ct, bytes_in(label, LETTER)));
            ids.push(id);
        }
        // Too little to guess from: a person picks the charset.
        let short = unique_id("short");
        raws.push(plain(
            &short,
            "Content-Type: text/plain",
            bytes_in("windows-1251", "Да, жду."),
        ));
        let unknown = unique_id("unknown");
        raws.push(plain(
            &unknown,
            "Content-Type: text/plain; charset=x-nobody-knows",
            bytes_in("koi8-r", "Жду ответа."),
        ));
        let r = d.take_in(way, &raws).await;
        assert_eq!((r.tickets, r.quarantined), (5, 2), "{way:?}: {r:?}");

        for (id, (_, _, guess, declared)) in ids.iter().zip(cases) {
            let ticket = ticket_of(&d.app, id).await;
            let card = d.app.card(ticket).await.unwrap();
            assert_eq!(card.ticket.description, LETTER, "{way:?} {id}");
            assert_eq!(
                d.opening_notes(ticket).await,
                [MailNote::CharsetGuessed {
                    charset: guess.into(),
                    declared: declared.map(str::to_string),
                }],
                "{way:?} {id}"
            );
        }
        let q = d.app.quarantine().await.unwrap();
        let problem = |id: &str| {
            q.iter()
                .find(|m| m.message_id == id)
                .and_then(|m| m.problem.clone())
        };
        assert!(
            matches!(problem(&short), Some(MailProblem::CharsetUnsure { .. })),
            "{q:?}"
        );
        assert_eq!(
            problem(&unknown),
            Some(MailProblem::CharsetUnknown {
                charset: "x-nobody-knows".into()
            })
        );
        // Nowhere a replacement character.
        let queue = d
            .app
            .queue(sb_app::QueueQuery::default())
            .await
            .unwrap()
            .rows;
        for row in queue {
            let t = d.app.ticket(row.id).await.unwrap();
            assert!(!t.description.contains('\u{FFFD}'), "{t:?}");
            assert!(!t.subject.contains('\u{FFFD}'), "{t:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unclosed_multipart_gives_its_text_not_an_empty_description() {
    for way in WAYS {
        let d = desk().await;
        let id = unique_id("unclosed");
        let raw = message(
            &[
                "From: Ирина <glavbuh@zavod.example>".into(),
                "Subject: Scanner log".into(),
                format!("Message-ID: <{id}>"),
                "MIME-Version: 1.0".into(),
                "Content-Type: multipart/mixed; boundary=\"=_cut_here\"".into(),
            ],
            "--=_cut_here\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
             Сканер на складе не видит сеть, лог во вложении.\r\n\
             --=_cut_here\r\nContent-Type: text/plain; name=\"scanner.log\"\r\n\
             Content-Disposition: attachment; filename=\"scanner.log\"\r\n\r\n\
             08:00:03 WMS unreachable"
                .as_bytes(),
        );
        let r = d.take_in(way, &[raw]).await;
        assert_eq!((r.tickets, r.quarantined), (1, 0), "{way:?}: {r:?}");
        let ticket = ticket_of(&d.app, &id).await;
        let card = d.app.card(ticket).await.unwrap();
        assert_eq!(
            card.ticket.description,
            "Сканер на складе не видит сеть, лог во вложении."
        );
        assert!(d
            .opening_notes(ticket)
            .await
            .contains(&MailNote::UnclosedMultipart));
        let files = d.app.ticket_email(ticket).await.unwrap().attachments;
        assert_eq!(
            files
                .iter()
                .map(|f| f.file_name.as_str())
                .collect::<Vec<_>>(),
            ["scanner.log"],
            "{way:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_quarantined_message_is_accepted_with_a_chosen_charset_or_dismissed() {
    for (way, backend) in [
        (Way::Imap, Backend::Sqlite),
        (Way::File, Backend::Sqlite),
        (Way::File, Backend::Postgres),
    ] {
        let d = desk_on(backend).await;
        let short = unique_id("accept-short");
        let raw = message(
            &[
                "From: Ирина <glavbuh@zavod.example>".into(),
                "Subject: Printer".into(),
                format!("Message-ID: <{short}>"),
            ],
            &bytes_in("windows-1251", "Не печатает."),
        );
        let garbage = format!("scanner dump: {}\r\n\u{1}\u{2}", peers::unique("dump")).into_bytes();
        let spam = unique_id("spam");
        let spam_raw = message(
            &[
                "From: Casino".into(),
                "Subject: You won".into(),
                format!("Message-ID: <{spam}>"),
            ],
            b"Click here",
        );
        let r = d.take_in(way, &[raw, garbage, spam_raw]).await;
        assert_eq!(r.quarantined, 3, "{way:?}: {r:?}");
        let q = d.app.quarantine().await.unwrap();
        let id_of = |message_id: &str| {
            q.iter()
                .find(|m| m.message_id == message_id)
                .unwrap_or_else(|| panic!("{message_id} in {q:?}"))
                .id
        };
        let short_row = id_of(&short);
        let spam_row = id_of(&spam);
        // Its first line looks like a header, but none the standards name: not mail.
        let garbage_row = q
            .iter()
            .find(|m| m.problem == Some(MailProblem::NoHeaders))
            .unwrap_or_else(|| panic!("the dump in {q:?}"))
            .id;

        // As decoded it cannot be read; in windows-1251 it can.
        let as_is = d.app.read_mail(short_row, None).await.unwrap();
        assert!(matches!(
            as_is.problem,
            Some(MailProblem::CharsetUnsure { .. })
        ));
        assert!(as_is.charsets.iter().any(|c| c == "koi8-r"));
        let read = d
            .app
            .read_mail(short_row, Some("windows-1251".into()))
            .await
            .unwrap();
        assert_eq!((read.text.as_str(), read.problem), ("Не печатает.", None));
        let wrong = d
            .app
            .read_mail(short_row, Some("no-such-charset".into()))
            .await
            .unwrap_err();
        assert_eq!(
            (wrong.code, wrong.field.as_deref()),
            (ErrorCode::InvalidInput, Some("charset"))
        );

        let ticket = d
            .app
            .accept_quarantine(QuarantineInput {
                message_id: short_row,
                client_id: d.client,
                direction: "hardware".into(),
                charset: Some("windows-1251".into()),
            })
            .await
            .unwrap();
        assert_eq!(
            (
                ticket.description.as_str(),
                ticket.client_id,
                ticket.direction.as_str()
            ),
            ("Не печатает.", d.client, "hardware")
        );
        let email = d.app.ticket_email(ticket.id).await.unwrap();
        assert_eq!(
            email.requester.as_deref(),
            Some("Ирина <glavbuh@zavod.example>")
        );
        assert_eq!(
            email.opening.unwrap().notes,
            [MailNote::CharsetChosen {
                charset: "windows-1251".into()
            }]
        );
        // Taken: saying so truly, with the ticket it became.
        let again = d
            .app
            .accept_quarantine(QuarantineInput {
                message_id: short_row,
                client_id: d.client,
                direction: "hardware".into(),
                charset: None,
            })
            .await
            .unwrap_err();
        assert_eq!(again.code, ErrorCode::Conflict);
        assert!(again.message.contains(&ticket.number), "{}", again.message);

        // Not mail at all: a ticket of its text, without a requester to email.
        let dump = d
            .app
            .accept_quarantine(QuarantineInput {
                message_id: garbage_row,
                client_id: d.client,
                direction: "software".into(),
                charset: None,
            })
            .await
            .unwrap();
        assert!(dump.description.contains("scanner dump"), "{dump:?}");
        assert_eq!(d.app.ticket_email(dump.id).await.unwrap().requester, None);

        // Spam is dismissed; dismissing again says it was.
        d.app.dismiss_quarantine(spam_row).await.unwrap();
        assert!(d.app.quarantine().await.unwrap().is_empty());
        let twice = d.app.dismiss_quarantine(spam_row).await.unwrap_err();
        assert_eq!(twice.code, ErrorCode::Conflict);
        assert!(twice.message.contains("dismissed"), "{}", twice.message);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cut_subject_or_text_says_so_and_the_source_is_exact() {
    for way in WAYS {
        let d = desk().await;
        let id = unique_id("long");
        let subject: String = "Очень длинная тема письма ".repeat(10).trim().to_string();
        let text: String = LETTER.repeat(150);
        let raw = message(
            &[
                "From: Ирина <glavbuh@zavod.example>".into(),
                format!("Subject: {}", encoded_word("windows-1251", &subject)),
                format!("Message-ID: <{id}>"),
                "Content-Type: text/plain; charset=windows-1251".into(),
            ],
            &bytes_in("windows-1251", &text),
        );
        d.take_in(way, std::slice::from_ref(&raw)).await;
        let ticket = ticket_of(&d.app, &id).await;
        let t = d.app.ticket(ticket).await.unwrap();
        assert_eq!(t.subject.chars().count(), 200);
        assert_eq!(t.description.chars().count(), 20_000);
        let opening = d.app.ticket_email(ticket).await.unwrap().opening.unwrap();
        assert_eq!(
            opening.notes,
            [
                MailNote::SubjectCut {
                    kept: 200,
                    total: u32::try_from(subject.chars().count()).unwrap()
                },
                MailNote::DescriptionCut {
                    kept: 20_000,
                    total: u32::try_from(text.chars().count()).unwrap()
                }
            ]
        );
        assert_eq!(opening.whole_subject.as_deref(), Some(subject.as_str()));
        assert_eq!(opening.whole_text.as_deref(), Some(text.as_str()));

        // The source is the bytes as they came (the IMAP server may drop the last line break).
        let source = d.app.mail_source_bytes(opening.mail_id).await.unwrap();
        let expected = match way {
            Way::Imap if source.len() + 2 == raw.len() => &raw[..raw.len() - 2],
            _ => &raw[..],
        };
        let first_difference = source.iter().zip(expected).position(|(a, b)| a != b);
        assert!(
            source == expected,
            "{way:?}: {} bytes, expected {}; first difference at {first_difference:?}",
            source.len(),
            expected.len()
        );
        std::env::set_var("SWITCHBOARD_OPENER", "");
        let saved = d.app.save_mail_source(opening.mail_id).await.unwrap();
        assert!(saved.path.ends_with(".eml"), "{saved:?}");
        assert_eq!(std::fs::read(Path::new(&saved.path)).unwrap(), source);
    }
}

/// A large file comes in once, through either way, and is kept once: inside the raw message
/// (the attachment row holds no copy); opening it copies it out a chunk at a time, byte for
/// byte.
#[tokio::test(flavor = "multi_thread")]
async fn a_large_attachment_is_stored_once_and_read_back_in_chunks() {
    const SIZE: usize = 30 * 1024 * 1024;
    // Bytes that do not repeat (xorshift), so nothing could be shared by accident.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let file: Vec<u8> = (0..SIZE)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let encoded = base64::engine::general_purpose::STANDARD.encode(&file);
    let mut body = String::with_capacity(encoded.len() * 78 / 76 + 1024);
    body.push_str(
        "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe dump is attached.\r\n\
         --b\r\nContent-Type: application/octet-stream; name=\"core.dump\"\r\n\
         Content-Disposition: attachment; filename=\"core.dump\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n",
    );
    for line in encoded.as_bytes().chunks(76) {
        body.push_str(std::str::from_utf8(line).unwrap());
        body.push_str("\r\n");
    }
    body.push_str("--b--");
    for (way, backend) in [
        (Way::Imap, Backend::Sqlite),
        (Way::File, Backend::Sqlite),
        (Way::Imap, Backend::Postgres),
        (Way::File, Backend::Postgres),
    ] {
        let d = desk_on(backend).await;
        let id = unique_id("large");
        let raw = message(
            &[
                "From: Ирина <glavbuh@zavod.example>".into(),
                "Subject: Core dump".into(),
                format!("Message-ID: <{id}>"),
                "MIME-Version: 1.0".into(),
                "Content-Type: multipart/mixed; boundary=\"b\"".into(),
            ],
            body.as_bytes(),
        );
        let started = std::time::Instant::now();
        let r = d.take_in(way, &[raw]).await;
        eprintln!(
            "{way:?} {backend:?}: a {} MB message taken in in {:?}",
            SIZE >> 20,
            started.elapsed()
        );
        assert_eq!(r.tickets, 1, "{way:?}: {r:?}");
        let ticket = ticket_of(&d.app, &id).await;
        let files = d.app.ticket_email(ticket).await.unwrap().attachments;
        assert_eq!(files.len(), 1);
        assert_eq!(
            (files[0].file_name.as_str(), files[0].size),
            ("core.dump", SIZE as i64)
        );
        // One copy: the raw message; the attachment row keeps none.
        let (copies, raw_size): (i64, i64) = sqlx::query_as(
            "SELECT CAST((SELECT COALESCE(SUM(LENGTH(bytes)), 0) FROM attachments) AS BIGINT), \
                    CAST((SELECT SUM(LENGTH(raw)) FROM mail_messages) AS BIGINT)",
        )
        .fetch_one(d.app.store().pool())
        .await
        .unwrap();
        assert_eq!(copies, 0, "{way:?}: the file is kept a second time");
        assert!(raw_size >= SIZE as i64, "{way:?}: {raw_size}");
        // Opened: copied out of the message in chunks, byte for byte.
        std::env::set_var("SWITCHBOARD_OPENER", "");
        let started = std::time::Instant::now();
        let opened = d.app.open_attachment(files[0].id, false).await.unwrap();
        eprintln!("{way:?} {backend:?}: opened in {:?}", started.elapsed());
        let saved = std::fs::read(&opened.path).unwrap();
        assert!(saved == file, "{way:?}: {} bytes saved", saved.len());
    }
}
