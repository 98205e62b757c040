//! The client kept informed, end to end through `sb_app::App` on both databases, against the
//! real IMAP server (pymap) and SMTP server (aiosmtpd): the acknowledgement of a mailed ticket
//! (once, never the first response), the mail when the desk waits, the reminder after N
//! working days and the close with its notice after M more (time driven by the `now` the
//! sweep is given), a reply stopping it, the satisfaction request and the client's digit
//! recorded (a reply in words still reopens), templates per client and language, and two
//! processes sweeping at once writing each mail once.

use std::path::Path;

use sb_app::{
    App, ClientInput, ClientNoticesInput, ContactInput, ErrorCode, MergeInput, NoticeTemplateInput,
    StatusInput, TicketDto, TicketInput,
};
use sb_domain::inform::{after_working_days, MailLanguage, NoticeKind};
use sb_domain::worktime::WorkCalendar;
use sb_domain::{Channel, Level, Status, TicketNumber};
use sb_store::OutboxWrite;

use crate::email::channel::{
    append, header, mailbox_input, new_folder, open_app_on, reply as mail, sink_message_with,
    ticket_of,
};
use crate::util::peers;

const DAY: i64 = 24 * 3_600_000;

async fn client(app: &App, code: &str, email: &str, language: Option<MailLanguage>) -> i64 {
    app.create_client(ClientInput {
        code: code.into(),
        name: format!("{code} Ltd"),
        notes: None,
        contacts: vec![ContactInput {
            name: "Ann".into(),
            email: Some(email.into()),
            phone: None,
        }],
        language,
    })
    .await
    .unwrap()
    .id
}

async fn notices(app: &App, ticket: i64) -> Vec<NoticeKind> {
    app.store()
        .ticket_notices(ticket)
        .await
        .unwrap()
        .into_iter()
        .map(|(k, _)| k)
        .collect()
}

async fn set_status(app: &App, ticket: i64, to: Status, note: Option<&str>) {
    let version = app.ticket(ticket).await.unwrap().version;
    app.change_status(StatusInput {
        ticket_id: ticket,
        to,
        note: note.map(str::to_string),
        version,
    })
    .await
    .unwrap();
}

async fn first_response_at(app: &App, ticket: i64) -> Option<i64> {
    let facts = app.store().clock_facts(ticket).await.unwrap();
    facts.expect("the ticket's clock facts").first_response_at
}

/// Since when a ticket waits for the client (its last move to `pending_customer`).
async fn waiting_since(app: &App, ticket: i64) -> i64 {
    app.store()
        .waiting_tickets(0, 100)
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.id == ticket)
        .expect("the ticket waits")
        .since
}

/// The Message-ID our last mail of `kind` on a ticket went out with.
async fn sent_id(app: &App, ticket: i64, kind: NoticeKind) -> String {
    let key = format!("notice:{ticket}:{kind}:");
    let item = app
        .store()
        .outbox_of_ticket(ticket)
        .await
        .unwrap()
        .into_iter()
        .rev()
        .find(|o| o.idempotency_key.starts_with(&key))
        .unwrap_or_else(|| panic!("no {kind} mail in the outbox of {ticket}"));
    let payload: serde_json::Value = serde_json::from_str(&item.payload).unwrap();
    payload["message_id"].as_str().unwrap().to_string()
}

on_both_databases!(
    the_client_is_kept_informed,
    two_processes_write_each_mail_once,
    a_ticket_logged_for_a_contact_is_acknowledged_and_kept_informed,
    a_merged_duplicate_is_never_reminded_nor_closed,
);

async fn the_client_is_kept_informed(database: String, dir: &Path) {
    let app = open_app_on(dir, &database).await;
    let tag = peers::unique("inf");
    let acme_mail = format!("ann.{tag}@acme.example");
    let acme = client(&app, "ACME", &acme_mail, None).await;
    let volga_mail = format!("ivan.{tag}@volga.example");
    client(&app, "VOLGA", &volga_mail, Some(MailLanguage::Ru)).await;

    // A template of the client's own, with a placeholder that does not exist refused.
    let bad = app
        .set_notice_template(NoticeTemplateInput {
            client_id: acme,
            kind: NoticeKind::Acknowledgement,
            language: MailLanguage::En,
            subject: "Got it: {subject}".into(),
            body: "Dear {nmae}".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (bad.code, bad.field.as_deref()),
        (ErrorCode::InvalidInput, Some("body"))
    );
    assert!(bad.message.contains("{nmae}"), "{}", bad.message);
    let settings = app
        .set_notice_template(NoticeTemplateInput {
            client_id: acme,
            kind: NoticeKind::Acknowledgement,
            language: MailLanguage::En,
            subject: "Got it: {subject}".into(),
            body: "Hi {requester}, your request is {ticket} ({client}).".into(),
        })
        .await
        .unwrap();
    assert!(settings
        .templates
        .iter()
        .any(|t| t.own && t.kind == NoticeKind::Acknowledgement));
    let settings = app
        .set_client_notices(ClientNoticesInput {
            client_id: acme,
            remind_after_days: Some(2),
            close_after_days: Some(3),
            ..ClientNoticesInput::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (
            settings.applied.remind_after_days,
            settings.applied.close_after_days
        ),
        (2, 3)
    );
    let zero = app
        .set_client_notices(ClientNoticesInput {
            client_id: acme,
            close_after_days: Some(0),
            ..ClientNoticesInput::default()
        })
        .await
        .unwrap_err();
    assert_eq!(zero.field.as_deref(), Some("closeAfterDays"));

    let folder = new_folder("inform").await;
    let mb = app
        .create_mailbox(mailbox_input(&folder, peers::smtp().port))
        .await
        .unwrap();
    let first = format!("first.{tag}@acme.example");
    let russian = format!("ru.{tag}@volga.example");
    append(
        &folder,
        &[
            mail(
                &acme_mail,
                &first,
                &format!("Printer jams {tag}"),
                None,
                "It jams.",
            ),
            mail(&volga_mail, &russian, "Не печатает", None, "Принтер."),
        ],
    )
    .await;
    assert_eq!(app.poll_mailbox(mb.id).await.unwrap().tickets, 2);
    let printer = ticket_of(&app, &first).await;
    let number = TicketNumber(printer).to_string();

    // The acknowledgement: the client's own template, threaded to the client's message, on
    // the card as an automatic mail, and no first response.
    assert_eq!(notices(&app, printer).await, [NoticeKind::Acknowledgement]);
    let card = app.card(printer).await.unwrap();
    let ack = card
        .comments
        .iter()
        .find(|c| c.notice == Some(NoticeKind::Acknowledgement))
        .expect("the acknowledgement on the card");
    assert_eq!(
        ack.body,
        format!("Hi Ann Lee, your request is {number} (ACME Ltd).")
    );
    assert_eq!(
        first_response_at(&app, printer).await,
        None,
        "an automatic acknowledgement is no first response"
    );
    // The same message again changes nothing: one acknowledgement.
    append(
        &folder,
        &[mail(
            &acme_mail,
            &first,
            &format!("Printer jams {tag}"),
            None,
            "It jams.",
        )],
    )
    .await;
    app.store().set_mail_cursor(mb.id, 1, 0).await.unwrap();
    app.poll_mailbox(mb.id).await.unwrap();
    assert_eq!(notices(&app, printer).await, [NoticeKind::Acknowledgement]);
    // Sent through the outbox, from the mailbox, tagged and threaded.
    app.deliver_outbox(sb_app_now()).await.unwrap();
    let sent = sink_message_with(&format!("Subject: [{number}] Got it: Printer jams {tag}"));
    assert_eq!(header(&sent, "In-Reply-To"), Some(&*format!("<{first}>")));
    assert!(sent.contains(&acme_mail));
    // The Russian client is written to in Russian, from the workspace's template.
    let ru_ticket = ticket_of(&app, &russian).await;
    let ru_card = app.card(ru_ticket).await.unwrap();
    assert!(ru_card
        .comments
        .iter()
        .any(|c| c.notice == Some(NoticeKind::Acknowledgement)
            && c.body.contains("зарегистрировано под номером")));

    // Waiting for the client: the mail when the desk sets it.
    set_status(&app, printer, Status::PendingCustomer, None).await;
    assert_eq!(
        notices(&app, printer).await,
        [NoticeKind::Acknowledgement, NoticeKind::Waiting]
    );
    let since = waiting_since(&app, printer).await;
    // No SLA policy: Monday to Friday.
    let week = WorkCalendar::office_week();
    let remind_at = after_working_days(&week, since, 2).unwrap();
    assert_eq!(app.sweep_notices(remind_at - 1).await.unwrap().reminded, 0);
    assert_eq!(app.sweep_notices(remind_at).await.unwrap().reminded, 1);
    assert_eq!(
        app.sweep_notices(remind_at + DAY).await.unwrap().reminded,
        0,
        "one reminder a wait"
    );
    let close_at = after_working_days(&week, remind_at, 3).unwrap();
    let early = app.sweep_notices(close_at - 1).await.unwrap();
    assert_eq!((early.reminded, early.closed), (0, 0));
    assert_eq!(app.sweep_notices(close_at).await.unwrap().closed, 1);
    let closed = app.ticket(printer).await.unwrap();
    assert_eq!(closed.status, Status::Closed);
    assert!(closed
        .resolution_note
        .as_deref()
        .unwrap()
        .contains("any reply"));
    // The desk's own note: a Russian reader reads it in Russian, with the days' plural.
    let said = closed
        .resolution_note_msg
        .clone()
        .expect("the note as a message");
    assert_eq!(said.id, "notice-closed-no-reply-note");
    assert!(
        said.render(sb_i18n::Lang::Ru)
            .starts_with("Закрыта автоматически: клиент не ответил за 5 рабочих дней"),
        "{said:?}"
    );
    assert_eq!(
        notices(&app, printer).await,
        [
            NoticeKind::Acknowledgement,
            NoticeKind::Waiting,
            NoticeKind::Reminder,
            NoticeKind::ClosedNoReply,
            NoticeKind::SatisfactionRequest
        ]
    );
    assert_eq!(app.sweep_notices(close_at + DAY).await.unwrap().closed, 0);
    let card = app.card(printer).await.unwrap();
    let closing = card
        .comments
        .iter()
        .find(|c| c.notice == Some(NoticeKind::ClosedNoReply))
        .unwrap();
    assert!(
        closing.body.contains("5 working days") && closing.body.contains("opens again"),
        "{}",
        closing.body
    );
    assert!(card.satisfaction.as_ref().unwrap().rating.is_none());

    // The client rates it with a digit in answer to the request: recorded, still closed.
    let request = sent_id(&app, printer, NoticeKind::SatisfactionRequest).await;
    let rating = format!("rate.{tag}@acme.example");
    append(
        &folder,
        &[mail(
            &acme_mail,
            &rating,
            "Re: How did we do?",
            Some(&request),
            "4\nQuick, but call before coming.\n\n> please rate",
        )],
    )
    .await;
    app.poll_mailbox(mb.id).await.unwrap();
    let card = app.card(printer).await.unwrap();
    assert_eq!(card.ticket.status, Status::Closed);
    let s = card.satisfaction.unwrap();
    assert_eq!(
        (s.rating, s.comment.as_deref()),
        (Some(4), Some("Quick, but call before coming."))
    );
    // A reply in words is a reply: it reopens the ticket, and the rating stays.
    let words = format!("words.{tag}@acme.example");
    append(
        &folder,
        &[mail(
            &acme_mail,
            &words,
            &format!("Re: [{number}] How did we do?"),
            Some(&request),
            "It jams again, sorry.",
        )],
    )
    .await;
    app.poll_mailbox(mb.id).await.unwrap();
    let card = app.card(printer).await.unwrap();
    assert_eq!(card.ticket.status, Status::Open);
    assert_eq!(card.satisfaction.unwrap().rating, Some(4));

    // Resolving tells the client; closing after a rating asks nothing again.
    set_status(&app, printer, Status::Resolved, Some("Replaced the roller")).await;
    set_status(&app, printer, Status::Closed, Some("Confirmed")).await;
    let kinds = notices(&app, printer).await;
    assert_eq!(
        kinds.iter().filter(|k| **k == NoticeKind::Resolved).count(),
        1
    );
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == NoticeKind::SatisfactionRequest)
            .count(),
        1,
        "rated already: not asked again"
    );

    // A reply while waiting stops the reminders.
    set_status(&app, ru_ticket, Status::PendingCustomer, None).await;
    let answer = format!("answer.{tag}@volga.example");
    let ru_number = TicketNumber(ru_ticket).to_string();
    append(
        &folder,
        &[mail(
            &volga_mail,
            &answer,
            &format!("Re: [{ru_number}] Нужен ваш ответ"),
            None,
            "Вот ответ.",
        )],
    )
    .await;
    app.poll_mailbox(mb.id).await.unwrap();
    assert_eq!(app.ticket(ru_ticket).await.unwrap().status, Status::Open);
    let later = app.sweep_notices(sb_app_now() + 60 * DAY).await.unwrap();
    assert_eq!((later.reminded, later.closed), (0, 0));
    assert!(!notices(&app, ru_ticket)
        .await
        .contains(&NoticeKind::Reminder));
    // Every automatic mail went through the one outbox (the sweep's, written at the moments
    // it was given, are due from then).
    assert!(app.deliver_outbox(sb_app_now() + 90 * DAY).await.unwrap() >= 5);
}

/// Two processes (two `App`s on one workspace) sweep at the same moment: each reminder is
/// written once, whichever holds the unit; and the same mail written twice at once (the
/// idempotency record itself) is written by one of them.
async fn two_processes_write_each_mail_once(database: String, dir: &Path) {
    let a = open_app_on(&dir.join("a"), &database).await;
    let b = App::open(
        sb_app::Paths::in_folder(dir.join("b").join("home")),
        Some(&database),
    )
    .await
    .unwrap();
    b.create_profile(sb_app::NewProfile {
        name: "Boris".into(),
        role: sb_domain::Role::Admin,
    })
    .await
    .unwrap();
    let tag = peers::unique("race");
    let from = format!("ann.{tag}@acme.example");
    client(&a, "ACME", &from, None).await;
    let folder = new_folder("race").await;
    let mb = a
        .create_mailbox(mailbox_input(&folder, peers::smtp().port))
        .await
        .unwrap();
    let ids: Vec<String> = (0..6).map(|i| format!("m{i}.{tag}@acme.example")).collect();
    let raws: Vec<Vec<u8>> = ids
        .iter()
        .map(|id| mail(&from, id, "Disk full", None, "Full."))
        .collect();
    append(&folder, &raws).await;
    a.poll_mailbox(mb.id).await.unwrap();
    let mut tickets = Vec::new();
    for id in &ids {
        let t = ticket_of(&a, id).await;
        set_status(&a, t, Status::PendingCustomer, None).await;
        tickets.push(t);
    }
    let due = sb_app_now() + 30 * DAY;
    let (ra, rb) = tokio::join!(a.sweep_notices(due), b.sweep_notices(due));
    let mut reminded = 0;
    for r in [ra, rb] {
        match r {
            Ok(done) => reminded += done.reminded,
            Err(e) => assert_eq!(e.code, ErrorCode::Busy, "{e:?}"),
        }
    }
    assert_eq!(reminded, 6);
    // One after the other, the second finds them written.
    assert_eq!(b.sweep_notices(due).await.unwrap().reminded, 0);
    assert_eq!(a.sweep_notices(due).await.unwrap().reminded, 0);
    for &t in &tickets {
        let reminders = notices(&a, t)
            .await
            .into_iter()
            .filter(|k| *k == NoticeKind::Reminder)
            .count();
        assert_eq!(reminders, 1, "{}", TicketNumber(t));
        let rows = a
            .store()
            .outbox_of_ticket(t)
            .await
            .unwrap()
            .into_iter()
            .filter(|o| o.idempotency_key.contains(":reminder:"))
            .count();
        assert_eq!(rows, 1);
    }

    // The idempotency record itself, raced by both processes' connections at once.
    let t = tickets[0];
    let write = |key: &str| sb_store::NoticeWrite {
        kind: NoticeKind::Resolved,
        occurrence: 42,
        author: 1,
        body: "Resolved".into(),
        outbox: OutboxWrite {
            kind: "email".into(),
            idempotency_key: format!("race:{t}:{key}"),
            mailbox_id: Some(mb.id),
            payload: "{}".into(),
            sent_message_id: Some(format!("race.{key}.{tag}@provider.example")),
        },
    };
    let (wa, wb) = (write("a"), write("b"));
    let now = sb_app_now();
    let (x, y) = tokio::join!(
        a.store().add_notice(t, &wa, now),
        b.store().add_notice(t, &wb, now)
    );
    assert_eq!(
        [x.unwrap(), y.unwrap()].iter().filter(|w| **w).count(),
        1,
        "one of the two writes the mail"
    );
    let resolved = notices(&a, t)
        .await
        .into_iter()
        .filter(|k| *k == NoticeKind::Resolved)
        .count();
    assert_eq!(resolved, 1);
}

/// A ticket logged by phone, for `contact` of the client when given.
async fn logged(app: &App, client_id: i64, subject: &str, contact: Option<i64>) -> TicketDto {
    app.create_ticket(TicketInput {
        subject: subject.into(),
        contact_id: contact,
        ..logged_input(client_id)
    })
    .await
    .unwrap()
}

async fn first_contact(app: &App, client_id: i64) -> i64 {
    app.client(client_id).await.unwrap().contacts[0].id
}

/// When the reminder and the close of a wait that began with the ticket's last move to
/// `pending_customer` fall due, for a client with the workspace's 3 and 5 working days and no
/// SLA policy (Monday to Friday).
async fn wait_steps(app: &App, ticket: i64) -> (i64, i64) {
    let defaults = app.notice_defaults().await.unwrap();
    let since = waiting_since(app, ticket).await;
    let week = WorkCalendar::office_week();
    let days = |n: i64| u32::try_from(n).unwrap();
    let remind = after_working_days(&week, since, days(defaults.remind_after_days)).unwrap();
    let close = after_working_days(&week, remind, days(defaults.close_after_days)).unwrap();
    (remind, close)
}

/// Issue 16, "an acknowledgement with the ticket number on intake (email, and the same for
/// later channels)": a ticket logged by phone for a client's contact with an address is
/// acknowledged to that contact (once, through the outbox, no first response) and kept
/// informed like an emailed one: the waiting mail, the reminder, the close with its notice.
/// Without an address to write to nothing is sent and nothing is closed silently; a contact
/// of another client is refused.
async fn a_ticket_logged_for_a_contact_is_acknowledged_and_kept_informed(
    database: String,
    dir: &Path,
) {
    let app = open_app_on(dir, &database).await;
    let tag = peers::unique("logged");
    let ann = format!("ann.{tag}@acme.example");
    let acme = client(&app, "ACME", &ann, None).await;
    let nord = client(&app, "NORD", &format!("eva.{tag}@nord.example"), None).await;
    let contact = first_contact(&app, acme).await;

    let other = app
        .create_ticket(TicketInput {
            contact_id: Some(first_contact(&app, nord).await),
            ..logged_input(acme)
        })
        .await
        .unwrap_err();
    assert_eq!(
        (other.code, other.field.as_deref()),
        (ErrorCode::InvalidInput, Some("contact")),
        "{other:?}"
    );
    // No mailbox yet: nobody can be written to, and the ticket is logged all the same.
    let early = logged(&app, acme, "Before the mailbox", Some(contact)).await;
    assert!(notices(&app, early.id).await.is_empty());

    let folder = new_folder("logged").await;
    app.create_mailbox(mailbox_input(&folder, peers::smtp().port))
        .await
        .unwrap();
    let t = logged(
        &app,
        acme,
        &format!("Label printer offline {tag}"),
        Some(contact),
    )
    .await;
    let number = TicketNumber(t.id).to_string();
    assert_eq!(notices(&app, t.id).await, [NoticeKind::Acknowledgement]);
    let card = app.card(t.id).await.unwrap();
    let ack = card
        .comments
        .iter()
        .find(|c| c.notice == Some(NoticeKind::Acknowledgement))
        .expect("the acknowledgement on the card");
    assert!(ack.body.contains(&number), "{}", ack.body);
    assert_eq!(
        first_response_at(&app, t.id).await,
        None,
        "an automatic acknowledgement is no first response"
    );
    app.deliver_outbox(sb_app_now()).await.unwrap();
    let sent = sink_message_with(&ann);
    assert!(sent.contains(&format!("Subject: [{number}] ")), "{sent}");

    // Waiting for the client: the mail, the reminder, the close, each once.
    set_status(&app, t.id, Status::PendingCustomer, None).await;
    let (remind_at, close_at) = wait_steps(&app, t.id).await;
    assert_eq!(app.sweep_notices(remind_at).await.unwrap().reminded, 1);
    assert_eq!(app.sweep_notices(close_at).await.unwrap().closed, 1);
    assert_eq!(app.ticket(t.id).await.unwrap().status, Status::Closed);
    assert_eq!(
        notices(&app, t.id).await,
        [
            NoticeKind::Acknowledgement,
            NoticeKind::Waiting,
            NoticeKind::Reminder,
            NoticeKind::ClosedNoReply,
            NoticeKind::SatisfactionRequest
        ]
    );
    let keys: Vec<String> = app
        .store()
        .outbox_of_ticket(t.id)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.idempotency_key)
        .collect();
    assert_eq!(keys.len(), 5, "{keys:?}");
    assert!(keys.contains(&format!("notice:{}:acknowledgement:0", t.id)));

    // Logged without a contact: no mail, and waiting never ends in a silent close.
    let quiet = logged(&app, acme, "Nobody to write to", None).await;
    assert!(notices(&app, quiet.id).await.is_empty());
    set_status(&app, quiet.id, Status::PendingCustomer, None).await;
    let later = app.sweep_notices(close_at + 60 * DAY).await.unwrap();
    assert_eq!((later.reminded, later.closed), (0, 0));
    assert_eq!(
        app.ticket(quiet.id).await.unwrap().status,
        Status::PendingCustomer
    );
    assert!(!notices(&app, quiet.id)
        .await
        .contains(&NoticeKind::Reminder));
}

fn logged_input(client_id: i64) -> TicketInput {
    TicketInput {
        client_id,
        direction: "software".into(),
        subject: "Printer".into(),
        description: "Called the desk.".into(),
        impact: Level::Medium,
        urgency: Level::Medium,
        channel: Channel::Phone,
        contact_id: None,
    }
}

/// A duplicate waiting for the client is merged into the ticket that stays: it is closed
/// with the merge, never reopened (its thread lives on the survivor), so it gets no reminder
/// and no automatic close, even were it found waiting (a workspace where it was reopened
/// before this rule).
async fn a_merged_duplicate_is_never_reminded_nor_closed(database: String, dir: &Path) {
    let app = open_app_on(dir, &database).await;
    let tag = peers::unique("merged");
    let acme = client(&app, "ACME", &format!("ann.{tag}@acme.example"), None).await;
    let contact = first_contact(&app, acme).await;
    let folder = new_folder("merged").await;
    app.create_mailbox(mailbox_input(&folder, peers::smtp().port))
        .await
        .unwrap();
    let survivor = logged(&app, acme, "VPN drops", Some(contact)).await;
    let dup = logged(&app, acme, "VPN drops again", Some(contact)).await;
    set_status(&app, dup.id, Status::PendingCustomer, None).await;
    let (remind_at, close_at) = wait_steps(&app, dup.id).await;
    let version = app.ticket(dup.id).await.unwrap().version;
    app.merge(MergeInput {
        ticket_id: dup.id,
        into: survivor.id.to_string(),
        note: None,
        version,
    })
    .await
    .unwrap();
    let before = notices(&app, dup.id).await;
    assert_eq!(
        before,
        [NoticeKind::Acknowledgement, NoticeKind::Waiting],
        "the merge itself mails nothing"
    );

    // Reopening it to wait again is refused, naming the survivor.
    let version = app.ticket(dup.id).await.unwrap().version;
    for to in [Status::Open, Status::PendingCustomer] {
        let no = app
            .change_status(StatusInput {
                ticket_id: dup.id,
                to,
                note: None,
                version,
            })
            .await
            .unwrap_err();
        assert_eq!(no.code, ErrorCode::Conflict, "{no:?}");
        assert!(
            no.message.contains(&TicketNumber(survivor.id).to_string()),
            "{}",
            no.message
        );
    }
    for at in [remind_at, close_at, close_at + 30 * DAY] {
        let swept = app.sweep_notices(at).await.unwrap();
        assert_eq!((swept.reminded, swept.closed), (0, 0));
    }

    // Found waiting all the same (reopened before merged tickets were final): still left alone.
    sqlx::query("UPDATE tickets SET status = 'pending_customer' WHERE id = $1")
        .bind(dup.id)
        .execute(app.store().pool())
        .await
        .unwrap();
    assert!(!app
        .store()
        .waiting_tickets(0, 100)
        .await
        .unwrap()
        .iter()
        .any(|w| w.id == dup.id));
    let swept = app.sweep_notices(close_at + 60 * DAY).await.unwrap();
    assert_eq!((swept.reminded, swept.closed), (0, 0));
    assert_eq!(notices(&app, dup.id).await, before);
    assert_eq!(
        app.ticket(dup.id).await.unwrap().merged_into_id,
        Some(survivor.id)
    );
}

fn sb_app_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}
