//! The email channel's records on SQLite and PostgreSQL.

use sb_domain::{Channel, ContactDraft, Direction, Level, Line, Priority, Role, Visibility};
use sb_store::{
    AttachmentWrite, ClientWrite, FileContent, InboundRecord, MailSource, MailState, MailboxWrite,
    NewTicket, OutboxState, OutboxWrite, Requester, Store, StoreError, StoredFile,
};

const T0: i64 = 1_700_000_000_000;

on_both_backends!(
    mailbox_settings_and_cursor,
    the_same_message_twice_makes_one_ticket,
    senders_match_by_address_then_by_domain,
    triage_and_quarantine_keep_the_whole_message,
    outbox_moves_pending_to_dead_and_back_to_sent,
);

fn mailbox(name: &str) -> MailboxWrite {
    MailboxWrite {
        name: name.to_string(),
        imap_host: "imap.example.com".into(),
        imap_port: 993,
        imap_security: "tls".into(),
        imap_user: "desk".into(),
        imap_folder: "INBOX".into(),
        smtp_host: "smtp.example.com".into(),
        smtp_port: 465,
        smtp_security: "tls".into(),
        smtp_user: Some("desk".into()),
        from_address: "desk@provider.example".into(),
        direction: "software".into(),
        poll_seconds: 60,
        enabled: true,
    }
}

fn inbound(mailbox_id: i64, message_id: &str, from: &str) -> InboundRecord<'static> {
    InboundRecord {
        mailbox_id,
        message_id: message_id.to_string(),
        from_email: Some(from.to_string()),
        from_name: None,
        subject: Some("Printer".into()),
        raw: format!("From: {from}\r\nSubject: Printer\r\n\r\nIt jams.\r\n")
            .into_bytes()
            .into(),
        received_at: T0,
        problem: None,
        notes: Vec::new(),
    }
}

async fn client(store: &Store, code: &str, emails: &[&str]) -> i64 {
    let contacts = emails
        .iter()
        .map(|e| {
            ContactDraft {
                name: "Someone".into(),
                email: Some(e.to_string()),
                phone: None,
            }
            .check()
            .unwrap()
        })
        .collect();
    store
        .create_client(
            &ClientWrite {
                code: code.into(),
                name: code.into(),
                notes: None,
                contacts,
                language: None,
            },
            T0,
        )
        .await
        .unwrap()
}

fn new_ticket(client_id: i64, by: i64) -> NewTicket {
    NewTicket {
        client_id,
        direction: Direction::parse("hardware").unwrap(),
        subject: "Printer".into(),
        description: "It jams.".into(),
        impact: Level::Medium,
        urgency: Level::Medium,
        priority: Priority::from_matrix(Level::Medium, Level::Medium),
        channel: Channel::Email,
        line: Line::L1,
        created_by: by,
    }
}

async fn mailbox_settings_and_cursor(store: &Store) {
    let id = store.create_mailbox(&mailbox("Support"), T0).await.unwrap();
    let dup = store.create_mailbox(&mailbox("Support"), T0).await;
    assert!(dup.unwrap_err().is_unique_violation());
    store.set_mail_cursor(id, 7, 42).await.unwrap();
    let m = store.mailbox(id).await.unwrap().unwrap();
    assert_eq!((m.uid_validity, m.last_uid), (Some(7), Some(42)));
    assert_eq!(m.settings, mailbox("Support"));

    // Another setting keeps the cursor; another folder forgets it.
    let mut slower = mailbox("Support");
    slower.poll_seconds = 300;
    slower.enabled = false;
    store.update_mailbox(id, &slower, T0 + 1).await.unwrap();
    let m = store.mailbox(id).await.unwrap().unwrap();
    assert_eq!((m.uid_validity, m.last_uid), (Some(7), Some(42)));
    assert!(!m.settings.enabled);
    let mut other_folder = slower.clone();
    other_folder.imap_folder = "Support".into();
    store
        .update_mailbox(id, &other_folder, T0 + 2)
        .await
        .unwrap();
    let m = store.mailbox(id).await.unwrap().unwrap();
    assert_eq!((m.uid_validity, m.last_uid), (None, None));

    store
        .set_mailbox_polled(id, Some("cannot reach"), T0 + 3)
        .await
        .unwrap();
    let m = store.mailbox(id).await.unwrap().unwrap();
    assert_eq!(m.last_error.as_deref(), Some("cannot reach"));
    assert_eq!(store.mailboxes().await.unwrap().len(), 1);

    // A mailbox with history is not removed; an unused one is.
    store
        .keep_mail(&inbound(id, "a@x", "a@x.example"), MailState::Triage, None)
        .await
        .unwrap();
    let refused = store.delete_mailbox(id).await.unwrap_err();
    assert!(matches!(refused, StoreError::Conflict(_)), "{refused:?}");
    let unused = store.create_mailbox(&mailbox("Spare"), T0).await.unwrap();
    store.delete_mailbox(unused).await.unwrap();
    assert!(store.mailbox(unused).await.unwrap().is_none());
}

async fn the_same_message_twice_makes_one_ticket(store: &Store) {
    let user = store
        .create_user("Email", Role::Engineer, T0)
        .await
        .unwrap();
    let acme = client(store, "ACME", &["ann@acme.example"]).await;
    let mb = store.create_mailbox(&mailbox("Support"), T0).await.unwrap();
    let msg = inbound(mb, "m1@acme.example", "ann@acme.example");
    let requester = Requester {
        ticket_id: 0,
        mailbox_id: mb,
        email: "ann@acme.example".into(),
        name: Some("Ann".into()),
    };
    let files = [AttachmentWrite {
        file_name: "scan.pdf".into(),
        content_type: "application/pdf".into(),
        content: FileContent::Bytes(vec![0, 1, 2, 255]),
    }];
    let first = store
        .ticket_from_mail(
            MailSource::New(&msg),
            &new_ticket(acme, user.id),
            Some(&requester),
            &files,
            &[],
            T0,
        )
        .await
        .unwrap()
        .expect("a ticket");
    let again = store
        .ticket_from_mail(
            MailSource::New(&msg),
            &new_ticket(acme, user.id),
            Some(&requester),
            &files,
            &[],
            T0,
        )
        .await
        .unwrap();
    assert_eq!(again, None, "the same Message-ID made a second ticket");
    assert!(store.mail_known(mb, "m1@acme.example").await.unwrap());
    let r = store.requester(first).await.unwrap().unwrap();
    assert_eq!(r.email, "ann@acme.example");
    let atts = store.attachments(first).await.unwrap();
    assert_eq!(atts.len(), 1);
    let (info, file) = store.attachment(atts[0].id).await.unwrap().unwrap();
    assert_eq!(
        (info.size, file),
        (4, StoredFile::Bytes(vec![0, 1, 2, 255]))
    );

    // A reply threads by Message-ID, once.
    assert_eq!(
        store
            .ticket_by_message_ids(&["unknown@x".into(), "m1@acme.example".into()])
            .await
            .unwrap(),
        Some(first)
    );
    let reply = inbound(mb, "m2@acme.example", "ann@acme.example");
    let c = store
        .comment_from_mail(
            MailSource::New(&reply),
            first,
            user.id,
            "Thanks",
            None,
            &[],
            &[],
            None,
            T0 + 1,
        )
        .await
        .unwrap();
    assert!(c.is_some());
    let c2 = store
        .comment_from_mail(
            MailSource::New(&reply),
            first,
            user.id,
            "Thanks",
            None,
            &[],
            &[],
            None,
            T0 + 2,
        )
        .await
        .unwrap();
    assert_eq!(c2, None);
    let comments = store.comments(first).await.unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].channel, Channel::Email);
    assert_eq!(comments[0].visibility, Visibility::Public);
    assert_eq!(
        store
            .mail_of_comment(comments[0].id)
            .await
            .unwrap()
            .unwrap()
            .message_id,
        "m2@acme.example"
    );
    assert_eq!(
        store.thread_message_ids(first).await.unwrap(),
        vec!["m1@acme.example", "m2@acme.example"]
    );
}

async fn senders_match_by_address_then_by_domain(store: &Store) {
    let acme = client(store, "ACME", &["ann@acme.example"]).await;
    let volga = client(store, "VOLGA", &["it@volga.example", "boss@volga.example"]).await;
    client(store, "GMAIL1", &["a@mail.example"]).await;
    client(store, "GMAIL2", &["b@mail.example"]).await;
    let found = |e: &'static str| async move { store.client_for_sender(e).await.unwrap() };
    assert_eq!(found("ANN@acme.example").await, Some(acme));
    assert_eq!(found("new.person@volga.example").await, Some(volga));
    assert_eq!(
        found("someone@mail.example").await,
        None,
        "two clients share the domain"
    );
    assert_eq!(found("stranger@nowhere.example").await, None);
}

async fn triage_and_quarantine_keep_the_whole_message(store: &Store) {
    let user = store
        .create_user("Email", Role::Engineer, T0)
        .await
        .unwrap();
    let acme = client(store, "ACME", &[]).await;
    let mb = store.create_mailbox(&mailbox("Support"), T0).await.unwrap();
    let stranger = inbound(mb, "s1@nowhere.example", "s@nowhere.example");
    assert!(store
        .keep_mail(&stranger, MailState::Triage, None)
        .await
        .unwrap());
    assert!(!store
        .keep_mail(&stranger, MailState::Triage, None)
        .await
        .unwrap());
    let mut broken = inbound(mb, "no-message-id.3.abc@switchboard", "x");
    broken.raw = vec![0xff, 0xfe, b'x'].into();
    broken.from_email = None;
    assert!(store
        .keep_mail(
            &broken,
            MailState::Quarantine,
            Some("it has no From header")
        )
        .await
        .unwrap());

    let triage = store
        .mail_in_state(MailState::Triage, None, 50)
        .await
        .unwrap();
    assert_eq!(triage.len(), 1);
    let q = store
        .mail_in_state(MailState::Quarantine, None, 50)
        .await
        .unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].reason.as_deref(), Some("it has no From header"));
    assert_eq!(q[0].size, 3);
    assert_eq!(
        store.mail_raw(q[0].id).await.unwrap().unwrap(),
        vec![0xff, 0xfe, b'x']
    );

    // An engineer picks the client: the triaged message becomes the ticket, once.
    let requester = Requester {
        ticket_id: 0,
        mailbox_id: mb,
        email: "s@nowhere.example".into(),
        name: None,
    };
    let t = store
        .ticket_from_mail(
            MailSource::Triage(triage[0].id),
            &new_ticket(acme, user.id),
            Some(&requester),
            &[],
            &[],
            T0,
        )
        .await
        .unwrap();
    assert!(t.is_some());
    let twice = store
        .ticket_from_mail(
            MailSource::Triage(triage[0].id),
            &new_ticket(acme, user.id),
            Some(&requester),
            &[],
            &[],
            T0,
        )
        .await
        .unwrap();
    assert_eq!(twice, None);
    assert!(store
        .mail_in_state(MailState::Triage, None, 50)
        .await
        .unwrap()
        .is_empty());
    assert!(!store
        .dismiss_mail(triage[0].id, MailState::Triage)
        .await
        .unwrap());
}

async fn outbox_moves_pending_to_dead_and_back_to_sent(store: &Store) {
    let user = store.create_user("Dana", Role::Engineer, T0).await.unwrap();
    let acme = client(store, "ACME", &[]).await;
    let mb = store.create_mailbox(&mailbox("Support"), T0).await.unwrap();
    let ticket = store
        .create_ticket(&new_ticket(acme, user.id), T0)
        .await
        .unwrap();
    let write = OutboxWrite {
        kind: "email".into(),
        idempotency_key: "email:r1@provider.example".into(),
        mailbox_id: Some(mb),
        payload: "{}".into(),
        sent_message_id: Some("r1@provider.example".into()),
    };
    let comment = store
        .add_comment_with_outbox(
            ticket,
            user.id,
            "We are on it",
            Visibility::Public,
            Channel::Desktop,
            Some(&write),
            T0,
        )
        .await
        .unwrap();
    // The idempotency key is unique: the same delivery is never queued twice, and the
    // comment of a refused row is not written either.
    let again = store
        .add_comment_with_outbox(
            ticket,
            user.id,
            "We are on it",
            Visibility::Public,
            Channel::Desktop,
            Some(&write),
            T0,
        )
        .await;
    assert!(again.unwrap_err().is_unique_violation());
    assert_eq!(store.comments(ticket).await.unwrap().len(), 1);
    // Our own Message-ID threads the client's answer.
    assert_eq!(
        store
            .ticket_by_message_ids(&["r1@provider.example".into()])
            .await
            .unwrap(),
        Some(ticket)
    );

    let due = store.outbox_due(None, T0, 10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].comment_id, Some(comment));
    assert!(store.outbox_claim(&due[0], T0 + 300_000).await.unwrap());
    assert!(
        !store.outbox_claim(&due[0], T0 + 300_000).await.unwrap(),
        "a second worker took the same row"
    );
    assert!(
        store.outbox_due(None, T0 + 1, 10).await.unwrap().is_empty(),
        "leased"
    );
    store
        .outbox_failed(
            due[0].id,
            "unreachable",
            sb_domain::delivery::FailureClass::Unreachable,
            Some(T0 + 60_000),
        )
        .await
        .unwrap();
    let item = store.outbox_item(due[0].id).await.unwrap().unwrap();
    assert_eq!(
        (item.state, item.attempts, item.next_attempt_at),
        (OutboxState::Pending, 1, T0 + 60_000)
    );
    assert!(store
        .outbox_due(None, T0 + 59_999, 10)
        .await
        .unwrap()
        .is_empty());
    let due = store.outbox_due(None, T0 + 60_000, 10).await.unwrap();
    assert!(store.outbox_claim(&due[0], T0 + 360_000).await.unwrap());
    store
        .outbox_failed(
            due[0].id,
            "still down",
            sb_domain::delivery::FailureClass::Unreachable,
            None,
        )
        .await
        .unwrap();
    let dead = store
        .outbox_list(Some(OutboxState::Dead), None, 10)
        .await
        .unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].last_error.as_deref(), Some("still down"));
    assert!(store
        .outbox_due(None, i64::MAX / 2, 10)
        .await
        .unwrap()
        .is_empty());

    store
        .outbox_retry(dead[0].id, T0 + 1_000_000)
        .await
        .unwrap();
    assert!(matches!(
        store.outbox_retry(dead[0].id, T0).await,
        Err(StoreError::Conflict(_))
    ));
    let due = store.outbox_due(None, T0 + 1_000_000, 10).await.unwrap();
    assert_eq!((due.len(), due[0].attempts), (1, 0));
    assert!(store.outbox_claim(&due[0], T0 + 1_300_000).await.unwrap());
    store.outbox_sent(due[0].id, T0 + 1_000_500).await.unwrap();
    let sent = store.outbox_item(due[0].id).await.unwrap().unwrap();
    assert_eq!(
        (sent.state, sent.sent_at),
        (OutboxState::Sent, Some(T0 + 1_000_500))
    );
    assert_eq!(store.outbox_of_ticket(ticket).await.unwrap().len(), 1);
}
