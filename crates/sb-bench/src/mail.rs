//! Email intake: ten thousand messages written to `.eml` files, read back and taken in through
//! `App::import_mail` (what `sb mail import` runs; the mailbox worker runs the same path per
//! IMAP batch), beside the same rows written by raw SQL with the same commits.
//!
//! The mix is what a desk's mailbox holds: plain-text requests from known contacts, HTML-only
//! mail, windows-1251 Russian mail, replies threaded by In-Reply-To, attachments, and
//! strangers that go to triage.

use std::ffi::OsString;
use std::path::Path;
use std::time::{Duration, Instant};

use base64::Engine;
use sb_app::App;
use sb_store::{MailState, MailboxWrite};
use sqlx::sqlite::SqlitePool;

use crate::processes::{run_at_once, ByProcesses};
use crate::{raw_ticket, Intake, People, RawTicket, Result};

const INTAKE_MAILS: usize = 10_000;
/// `sb_app::MESSAGES_PER_COMMIT`, for the raw floor.
const MAILS_PER_COMMIT: usize = sb_app::MESSAGES_PER_COMMIT;
/// How far back a reply's question is (a multiple of 20, so it is a plain request).
const REPLY_LAG: usize = 500;

pub async fn mail_intake(
    app: &App,
    raw: &SqlitePool,
    people: &People,
    dir: &Path,
) -> Result<Intake> {
    let mailbox = app
        .store()
        .create_mailbox(
            &MailboxWrite {
                name: "Bench desk".into(),
                imap_host: "127.0.0.1".into(),
                imap_port: 993,
                imap_security: "tls".into(),
                imap_user: "desk".into(),
                imap_folder: "INBOX".into(),
                smtp_host: "127.0.0.1".into(),
                smtp_port: 465,
                smtp_security: "tls".into(),
                smtp_user: None,
                from_address: "desk@provider.example".into(),
                direction: "software".into(),
                poll_seconds: 60,
                enabled: false,
            },
            0,
        )
        .await?;

    let folder = dir.join("mail");
    std::fs::create_dir_all(&folder)?;
    let clients = people.clients.len();
    let mut expect = Expect::default();
    for i in 0..INTAKE_MAILS {
        let (bytes, kind) = message(i, clients);
        expect.count(kind);
        std::fs::write(folder.join(format!("{i:05}.eml")), bytes)?;
    }

    // Timed from reading the files: what `sb mail import <folder>` does.
    let t = Instant::now();
    let mut paths: Vec<_> = std::fs::read_dir(&folder)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    paths.sort();
    let raws = paths
        .iter()
        .map(std::fs::read)
        .collect::<std::io::Result<Vec<_>>>()?;
    let report = app.import_mail(mailbox, &raws).await?;
    let app_took = t.elapsed();
    let got = (
        report.tickets,
        report.comments,
        report.triage,
        report.quarantined,
    );
    let want = (expect.tickets, expect.comments, expect.triage, 0);
    if got != want {
        return Err(format!(
            "email intake made (tickets, comments, triage, quarantined) {got:?}, not {want:?}: {report:?}"
        )
        .into());
    }

    let raw_took = raw_floor(raw, people, mailbox, &raws).await?;
    Ok(Intake {
        what: "emails from files",
        count: INTAKE_MAILS,
        app: app_took,
        raw: raw_took,
    })
}

/// Mail taken in by `sb mail import` processes at once on the same database: [`PROCESS_MAILS`]
/// messages by one process, then as many more split between three (three mailboxes of the
/// workspace fed at once, as three readers held by three processes would be).
pub const PROCESS_MAILS: usize = 6_000;

/// One process, then three, each run on fresh messages (after the ones [`mail_intake`] took).
pub async fn by_processes(
    app: &App,
    people: &People,
    dir: &Path,
    db: &Path,
) -> Result<Vec<ByProcesses>> {
    let clients = people.clients.len();
    let mut figures = Vec::new();
    let mut next = INTAKE_MAILS;
    for processes in [1usize, 3] {
        let mut folders = Vec::new();
        for p in 0..processes {
            let mailbox = app
                .store()
                .create_mailbox(
                    &MailboxWrite {
                        name: format!("Bench desk {processes}-{p}"),
                        imap_host: "127.0.0.1".into(),
                        imap_port: 993,
                        imap_security: "tls".into(),
                        imap_user: format!("desk{processes}{p}"),
                        imap_folder: "INBOX".into(),
                        smtp_host: "127.0.0.1".into(),
                        smtp_port: 465,
                        smtp_security: "tls".into(),
                        smtp_user: None,
                        from_address: format!("desk{processes}{p}@provider.example"),
                        direction: "software".into(),
                        poll_seconds: 60,
                        enabled: false,
                    },
                    0,
                )
                .await?;
            let folder = dir.join(format!("mail-{processes}-{p}"));
            std::fs::create_dir_all(&folder)?;
            for _ in 0..PROCESS_MAILS / processes {
                let (bytes, _) = message(next, clients);
                std::fs::write(folder.join(format!("{next:05}.eml")), bytes)?;
                next += 1;
            }
            folders.push((mailbox, folder));
        }
        let each: Vec<Vec<OsString>> = folders
            .iter()
            .map(|(mailbox, folder)| {
                vec![
                    "mail".into(),
                    "import".into(),
                    "--mailbox".into(),
                    mailbox.to_string().into(),
                    folder.into(),
                ]
            })
            .collect();
        let home = dir.join(format!("sb-home-mail-{processes}"));
        figures.push(ByProcesses {
            processes,
            count: PROCESS_MAILS,
            took: run_at_once(db, &home, &each)?,
        });
    }
    Ok(figures)
}

/// The same writes raw: the message row with its bytes, a ticket, its audit line and its
/// requester, a commit per [`MAILS_PER_COMMIT`]; timed with reading the same files.
async fn raw_floor(
    raw: &SqlitePool,
    people: &People,
    mailbox: i64,
    raws: &[Vec<u8>],
) -> Result<Duration> {
    let t = Instant::now();
    let now = 1_700_000_000_000_i64;
    for (c, chunk) in raws.chunks(MAILS_PER_COMMIT).enumerate() {
        let mut tx = raw.begin().await?;
        for (j, bytes) in chunk.iter().enumerate() {
            let i = c * MAILS_PER_COMMIT + j;
            let client = people.clients[i % people.clients.len()];
            let subject = format!("Raw mail {i}");
            let description = String::from_utf8_lossy(&bytes[..bytes.len().min(400)]);
            let id = raw_ticket(
                &mut tx,
                &RawTicket {
                    client,
                    direction: "software",
                    subject: &subject,
                    description: &description,
                    priority: ("medium", 3),
                    channel: "email",
                    by: people.users[0],
                },
                now,
            )
            .await?;
            sqlx::query(
                "INSERT INTO mail_messages (mailbox_id, message_id, state, ticket_id, from_email, \
                   from_name, subject, raw, received_at) \
                 VALUES ($1, $2, $3, $4, $5, NULL, $6, $7, $8)",
            )
            .bind(mailbox)
            .bind(format!("raw-{i}@bench.example"))
            .bind(MailState::Ticket.as_str())
            .bind(id)
            .bind(format!("it0@client{i}.example"))
            .bind(format!("Raw mail {i}"))
            .bind(bytes.clone())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO ticket_requesters (ticket_id, mailbox_id, email, name) \
                 VALUES ($1, $2, $3, NULL)",
            )
            .bind(id)
            .bind(mailbox)
            .bind(format!("it0@client{i}.example"))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
    }
    Ok(t.elapsed())
}

#[derive(Clone, Copy)]
enum Kind {
    Ticket,
    Comment,
    Triage,
}

#[derive(Default)]
struct Expect {
    tickets: i64,
    comments: i64,
    triage: i64,
}

impl Expect {
    fn count(&mut self, kind: Kind) {
        match kind {
            Kind::Ticket => self.tickets += 1,
            Kind::Comment => self.comments += 1,
            Kind::Triage => self.triage += 1,
        }
    }
}

fn message_id(i: usize) -> String {
    format!("bench-{i:05}@client.example")
}

/// Message `i` of the corpus, and what it should become.
fn message(i: usize, clients: usize) -> (Vec<u8>, Kind) {
    let client = i % clients;
    let from = format!("From: IT desk of client {client} <it0@client{client}.example>\r\n");
    let head = |subject: &str, extra: &str| {
        format!(
            "{from}To: desk@provider.example\r\nSubject: {subject}\r\nMessage-ID: <{}>\r\n\
             Date: Mon, 23 Nov 2026 09:{:02}:00 +0300\r\nMIME-Version: 1.0\r\n{extra}",
            message_id(i),
            i % 60
        )
    };
    match i % 20 {
        // A reply to a request of some minutes before (committed by then, as in a mailbox
        // where the answer comes in a later fetch than the question).
        8 | 18 if i >= REPLY_LAG => {
            let parent = i - REPLY_LAG;
            let bytes = format!(
                "{}In-Reply-To: <{}>\r\nReferences: <{}>\r\n\
                 Content-Type: text/plain; charset=utf-8\r\n\r\n\
                 The printer works again after the restart, thank you.\r\n\r\n\
                 On Monday the desk wrote:\r\n> Please restart the print spooler.\r\n",
                head(&format!("Re: Printer {parent} does not print"), ""),
                message_id(parent),
                message_id(parent),
            );
            (bytes.into_bytes(), Kind::Comment)
        }
        // HTML only.
        6 | 16 => {
            let bytes = format!(
                "{}Content-Type: text/html; charset=utf-8\r\n\r\n\
                 <html><body><p>Hello,</p><p>the <b>VPN</b> drops every 10 minutes on laptop \
                 LT-{i}.</p><ul><li>since Monday</li><li>office and home</li></ul></body></html>\r\n",
                head(&format!("VPN drops on LT-{i}"), "")
            );
            (bytes.into_bytes(), Kind::Ticket)
        }
        // Russian, windows-1251, quoted-printable.
        7 | 17 => {
            let subject = format!(
                "=?windows-1251?B?{}?=",
                base64::engine::general_purpose::STANDARD.encode(cp1251("Не работает касса"))
            );
            let mut bytes = head(
                &subject,
                "Content-Type: text/plain; charset=windows-1251\r\n\
                 Content-Transfer-Encoding: 8bit\r\n\r\n",
            )
            .into_bytes();
            bytes.extend(cp1251(&format!(
                "Добрый день! Не работает касса № {i} в магазине, ошибка фискального накопителя.\r\n"
            )));
            (bytes, Kind::Ticket)
        }
        // An attachment (a small log).
        9 => {
            let bytes = format!(
                "{}Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n\
                 --b{i}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
                 The backup job failed tonight, log attached.\r\n\
                 --b{i}\r\nContent-Type: text/plain; name=\"backup-{i}.log\"\r\n\
                 Content-Disposition: attachment; filename=\"backup-{i}.log\"\r\n\
                 Content-Transfer-Encoding: base64\r\n\r\n\
                 MjAyNi0xMS0yMyAwMzowMDowMSBFUlJPUiBkaXNrIGZ1bGwgb24gL2JhY2t1cA==\r\n\
                 --b{i}--\r\n",
                head(&format!("Backup failed on SRV-{i}"), "")
            );
            (bytes.into_bytes(), Kind::Ticket)
        }
        // A stranger: to triage.
        19 => {
            let bytes = format!(
                "From: Somebody <someone{i}@unknown{i}.example>\r\nTo: desk@provider.example\r\n\
                 Subject: Question about our contract\r\nMessage-ID: <{}>\r\n\
                 Date: Mon, 23 Nov 2026 10:00:00 +0300\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
                 Who do we talk to about adding hours?\r\n",
                message_id(i)
            );
            (bytes.into_bytes(), Kind::Triage)
        }
        // A plain request from a known contact.
        _ => {
            let bytes = format!(
                "{}Content-Type: text/plain; charset=utf-8\r\n\r\n\
                 Hello,\r\n\r\nprinter {i} on the 3rd floor does not print since this morning.\r\n\
                 The display shows error 49.\r\n\r\n--\r\nIT desk of client {client}\r\n",
                head(&format!("Printer {i} does not print"), "")
            );
            (bytes.into_bytes(), Kind::Ticket)
        }
    }
}

/// Cyrillic and ASCII text in windows-1251.
fn cp1251(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            'А'..='я' => (c as u32 - 'А' as u32 + 0xC0) as u8,
            'Ё' => 0xA8,
            'ё' => 0xB8,
            '№' => 0xB9,
            c if c.is_ascii() => c as u8,
            _ => b'?',
        })
        .collect()
}
