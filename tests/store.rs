//! The storage conformance suite: every story runs on SQLite (a temp file) and on PostgreSQL (a
//! fresh database), so the two backends cannot drift apart. Stories at the end drive the same
//! backends through `sb_app::App`.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use sb_app::{
    App, ClientInput, ClientQuery, CommentInput, ContactInput, ErrorCode, NewProfile, Paths,
    QueueQuery, StatusInput, TicketInput,
};
use sb_domain::{
    check_transition, Channel, ContactDraft, Direction, Effect, Level, Line, Priority,
    ReopenPolicy, Role, Status, TicketNumber, Visibility,
};
use sb_store::{
    Backend, ClientWrite, ClockColumns, DbLocation, HitKind, NewTicket, QueueCursor, QueueFilter,
    QueueRow, QueueSort, StatusChange, Store, StoreError, Ticket, User, MARK_END, MARK_START,
};

use crate::util;

on_both_backends!(
    users_and_clients,
    a_client_and_its_language_are_one_write,
    client_pages_cover_every_client_once,
    tickets_and_their_card,
    queue_keyset_pages,
    queue_by_sla_due,
    status_changes_and_compare_and_set,
    audit_trail_is_append_only,
    merges_and_links,
    full_text_search,
    search_across_far_apart_ids,
    bounded_counts_and_saved_views,
    knowledge_base_and_suggestions,
    vendors_bonds_and_their_outbox,
);

on_both_databases!(
    newer_database_is_refused_untouched,
    app_creates_and_works_a_ticket,
);

/// 2023-11-14, a fixed clock: stories pass `now` explicitly.
const T0: i64 = 1_700_000_000_000;

// --- helpers ---------------------------------------------------------------------------------

pub(crate) fn client_write(
    code: &str,
    name: &str,
    notes: Option<&str>,
    contacts: &[(&str, Option<&str>, Option<&str>)],
) -> ClientWrite {
    ClientWrite {
        code: code.to_string(),
        name: name.to_string(),
        notes: notes.map(str::to_string),
        contacts: contacts
            .iter()
            .map(|(name, email, phone)| {
                ContactDraft {
                    name: name.to_string(),
                    email: email.map(str::to_string),
                    phone: phone.map(str::to_string),
                }
                .check()
                .expect("a valid contact")
            })
            .collect(),
        language: None,
    }
}

pub(crate) fn new_ticket(
    client_id: i64,
    created_by: i64,
    subject: &str,
    impact: Level,
    urgency: Level,
    direction: &str,
) -> NewTicket {
    NewTicket {
        client_id,
        direction: Direction::parse(direction).expect("a direction"),
        subject: subject.to_string(),
        description: format!("{subject}: details as the caller told them"),
        impact,
        urgency,
        priority: Priority::from_matrix(impact, urgency),
        channel: Channel::Phone,
        line: Line::L1,
        created_by,
    }
}

async fn count(store: &Store, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(store.pool())
        .await
        .expect(sql)
}

/// Asks the state machine, as the app does, and applies the change it allows.
pub(crate) async fn change(
    store: &Store,
    id: i64,
    to: Status,
    note: Option<&str>,
    actor: &User,
    now: i64,
) -> Effect {
    let t = store.ticket(id).await.unwrap().expect("the ticket");
    let effect = check_transition(
        t.status,
        to,
        note,
        t.finished_at(),
        now,
        ReopenPolicy::default(),
    )
    .expect("an allowed transition");
    store
        .change_status(&StatusChange {
            seen: None,
            ticket_id: id,
            from: t.status,
            to,
            effect,
            note,
            note_msg: None,
            actor: actor.id,
            now,
        })
        .await
        .expect("change_status");
    effect
}

fn audit_lines(trail: &[sb_store::AuditEntry]) -> Vec<(String, Option<String>, Option<String>)> {
    trail
        .iter()
        .map(|a| (a.field.clone(), a.old_value.clone(), a.new_value.clone()))
        .collect()
}

fn line(
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> (String, Option<String>, Option<String>) {
    (
        field.to_string(),
        old.map(str::to_string),
        new.map(str::to_string),
    )
}

fn assert_conflict(result: sb_store::Result<()>, what: &str) {
    match result {
        Err(StoreError::Conflict(message)) => {
            assert!(
                message.contains("SB-"),
                "{what}: the conflict names the ticket: {message}"
            )
        }
        other => panic!("{what}: expected a conflict, got {other:?}"),
    }
}

// --- users and clients -----------------------------------------------------------------------

async fn users_and_clients(store: &Store) {
    let anna = store
        .create_user("Анна Петрова", Role::Engineer, T0)
        .await
        .unwrap();
    let bob = store
        .create_user("Bob Stone", Role::Admin, T0)
        .await
        .unwrap();
    assert_eq!(anna.name, "Анна Петрова");
    assert_eq!(store.user(anna.id).await.unwrap(), Some(anna.clone()));
    assert_eq!(store.user(bob.id).await.unwrap().unwrap().role, Role::Admin);
    assert_eq!(store.user(anna.id + bob.id + 1000).await.unwrap(), None);
    assert_eq!(
        store.users().await.unwrap(),
        vec![bob.clone(), anna.clone()]
    );
    assert_eq!(
        store.directions().await.unwrap(),
        ["hardware", "software", "network", "database"]
    );

    assert!(!store.has_clients().await.unwrap());
    let volga = client_write(
        "VOLGA",
        "ООО «Волга-Ритейл»",
        Some("Сеть магазинов, 40 касс"),
        &[
            (
                "Анна Петрова",
                Some("A.Petrova@Volga-Retail.example"),
                Some("+7 (495) 123-45-67"),
            ),
            ("Сергей Ким", None, None),
        ],
    );
    let id = store.create_client(&volga, T0).await.unwrap();
    assert!(store.has_clients().await.unwrap());
    let read = store.client(id).await.unwrap().expect("the client");
    assert_eq!(
        (
            read.id,
            read.code.as_str(),
            read.name.as_str(),
            read.notes.as_deref()
        ),
        (
            id,
            "VOLGA",
            "ООО «Волга-Ритейл»",
            Some("Сеть магазинов, 40 касс")
        )
    );
    assert_eq!((read.created_at, read.updated_at), (T0, T0));
    let contacts: Vec<_> = read
        .contacts
        .iter()
        .map(|c| (c.name.as_str(), c.email.as_deref(), c.phone.as_deref()))
        .collect();
    assert_eq!(
        contacts,
        [
            (
                "Анна Петрова",
                Some("a.petrova@volga-retail.example"),
                Some("+7 (495) 123-45-67")
            ),
            ("Сергей Ким", None, None),
        ]
    );
    assert_eq!(store.client_id_by_code("VOLGA").await.unwrap(), Some(id));
    assert_eq!(store.client_id_by_code("NOPE").await.unwrap(), None);
    assert_eq!(store.client(id + 1000).await.unwrap(), None);

    // Editing replaces the fields and the whole contact list.
    let edited = client_write(
        "VOLGA",
        "ООО «Волга»",
        None,
        &[("Дмитрий Орлов", Some("d.orlov@volga.example"), None)],
    );
    store.update_client(id, &edited, T0 + 1_000).await.unwrap();
    let read = store.client(id).await.unwrap().unwrap();
    assert_eq!(
        (read.name.as_str(), read.notes.as_deref()),
        ("ООО «Волга»", None)
    );
    assert_eq!((read.created_at, read.updated_at), (T0, T0 + 1_000));
    assert_eq!(read.contacts.len(), 1);
    assert_eq!(read.contacts[0].name, "Дмитрий Орлов");
    assert_eq!(
        read.contacts[0].email.as_deref(),
        Some("d.orlov@volga.example")
    );
    assert_eq!(count(store, "SELECT COUNT(*) FROM contacts").await, 1);
    assert!(matches!(
        store.update_client(id + 1000, &edited, T0).await,
        Err(StoreError::NotFound { what: "client", .. })
    ));

    // A taken code is a unique violation, and nothing of the losing write remains.
    let before = store.client(id).await.unwrap().unwrap();
    let clash = client_write("VOLGA", "Volga Shipping", None, &[("Ivan", None, None)]);
    let err = store.create_client(&clash, T0 + 2_000).await.unwrap_err();
    assert!(err.is_unique_violation(), "{err:?}");
    assert_eq!(store.client(id).await.unwrap(), Some(before.clone()));
    assert_eq!(count(store, "SELECT COUNT(*) FROM clients").await, 1);
    assert_eq!(count(store, "SELECT COUNT(*) FROM contacts").await, 1);

    let nord_write = client_write(
        "NORD",
        "Nord Logistics",
        None,
        &[("Emma Lindqvist", None, Some("+46 8 555 010 20"))],
    );
    let nord = store.create_client(&nord_write, T0).await.unwrap();
    let nord_before = store.client(nord).await.unwrap().unwrap();
    let err = store
        .update_client(nord, &clash, T0 + 3_000)
        .await
        .unwrap_err();
    assert!(err.is_unique_violation(), "{err:?}");
    assert_eq!(store.client(nord).await.unwrap(), Some(nord_before));
    assert_eq!(store.client(id).await.unwrap(), Some(before));
}

/// The language a client is written to in is a field of the client's own write: created with
/// it, changed and cleared with the rest, and a refused write changes neither.
async fn a_client_and_its_language_are_one_write(store: &Store) {
    use sb_domain::inform::MailLanguage;
    let with = |code: &str, name: &str, language| ClientWrite {
        language,
        ..client_write(code, name, None, &[("Анна", None, None)])
    };
    let volga = store
        .create_client(&with("VOLGA", "Волга", Some(MailLanguage::Ru)), T0)
        .await
        .unwrap();
    assert_eq!(
        store.client(volga).await.unwrap().unwrap().language,
        Some(MailLanguage::Ru)
    );
    assert_eq!(
        store.client_language(volga).await.unwrap(),
        Some(MailLanguage::Ru)
    );
    let nord = store
        .create_client(&with("NORD", "Nord", None), T0)
        .await
        .unwrap();
    assert_eq!(store.client(nord).await.unwrap().unwrap().language, None);

    // A refused edit (the code is taken) leaves the name and the language as they were.
    let err = store
        .update_client(
            volga,
            &with("NORD", "Volga", Some(MailLanguage::En)),
            T0 + 1,
        )
        .await
        .unwrap_err();
    assert!(err.is_unique_violation(), "{err:?}");
    let read = store.client(volga).await.unwrap().unwrap();
    assert_eq!(
        (read.name.as_str(), read.language),
        ("Волга", Some(MailLanguage::Ru))
    );
    store
        .update_client(
            volga,
            &with("VOLGA", "Volga", Some(MailLanguage::En)),
            T0 + 2,
        )
        .await
        .unwrap();
    let read = store.client(volga).await.unwrap().unwrap();
    assert_eq!(
        (read.name.as_str(), read.language),
        ("Volga", Some(MailLanguage::En))
    );
    store
        .update_client(volga, &with("VOLGA", "Volga", None), T0 + 3)
        .await
        .unwrap();
    assert_eq!(store.client_language(volga).await.unwrap(), None);
}

async fn client_pages_cover_every_client_once(store: &Store) {
    let me = store
        .create_user("Bob Stone", Role::Engineer, T0)
        .await
        .unwrap();
    // Repeated names: the (name, id) cursor must step through ties.
    let names = [
        "Acme Corp",
        "ACME Labs",
        "Nord Logistics",
        "Medix Clinics",
        "ООО «Волга-Ритейл»",
        "АО «Северная энергосеть»",
        "Nord Logistics",
        "Zeta Bank",
    ];
    let mut clients: Vec<(i64, String, String)> = Vec::new();
    for i in 0..27 {
        let name = names[i % names.len()];
        let code = format!("C{i:02}");
        let contacts: Vec<(&str, Option<&str>, Option<&str>)> =
            vec![("Contact", None, None); i % 3];
        let id = store
            .create_client(&client_write(&code, name, None, &contacts), T0)
            .await
            .unwrap();
        clients.push((id, code, name.to_string()));
    }
    // Two active tickets and one resolved for the first client.
    let first = clients[0].0;
    for n in 0..3 {
        let t = store
            .create_ticket(
                &new_ticket(
                    first,
                    me.id,
                    "Printer jam",
                    Level::Low,
                    Level::Low,
                    "hardware",
                ),
                T0,
            )
            .await
            .unwrap();
        if n == 2 {
            change(
                store,
                t,
                Status::Resolved,
                Some("cleared the jam"),
                &me,
                T0 + 1,
            )
            .await;
        }
    }

    for (search, expected_count) in [
        (None, 27),
        (Some("acme"), 8),
        (Some("  NORD "), 7),
        (Some("c1"), 10),
        (Some("олга"), 3),
        (Some("%"), 27),
    ] {
        let term = search.map(|s: &str| s.trim().to_lowercase().replace('%', ""));
        let expected: HashSet<i64> = clients
            .iter()
            .filter(|(_, code, name)| match &term {
                Some(t) => {
                    name.to_lowercase().contains(t.as_str())
                        || code.to_lowercase().contains(t.as_str())
                }
                None => true,
            })
            .map(|(id, ..)| *id)
            .collect();
        assert_eq!(expected.len(), expected_count, "model for {search:?}");
        let everything = store.client_page(search, None, 1_000).await.unwrap();
        for limit in [5, 1, 50] {
            let mut seen = Vec::new();
            let mut after: Option<(String, i64)> = None;
            for _ in 0..100 {
                let page = store
                    .client_page(search, after.as_ref().map(|(n, i)| (n.as_str(), *i)), limit)
                    .await
                    .unwrap();
                assert!(page.len() as i64 <= limit);
                let done = (page.len() as i64) < limit;
                if let Some(last) = page.last() {
                    after = Some((last.name.clone(), last.id));
                }
                seen.extend(page);
                if done {
                    break;
                }
            }
            let ids: Vec<i64> = seen.iter().map(|c| c.id).collect();
            assert_eq!(
                ids.iter().copied().collect::<HashSet<_>>().len(),
                ids.len(),
                "a client repeated: {search:?}/{limit}"
            );
            assert_eq!(
                ids.iter().copied().collect::<HashSet<_>>(),
                expected,
                "{search:?}/{limit}"
            );
            assert_eq!(
                seen, everything,
                "pages differ from one query: {search:?}/{limit}"
            );
        }
        for row in &everything {
            let i = clients.iter().position(|(id, ..)| *id == row.id).unwrap();
            assert_eq!(
                (row.code.as_str(), row.name.as_str()),
                (clients[i].1.as_str(), clients[i].2.as_str())
            );
            assert_eq!(row.contact_count, (i % 3) as i64);
            assert_eq!(row.active_tickets, if row.id == first { 2 } else { 0 });
        }
    }
}

// --- tickets ---------------------------------------------------------------------------------

async fn tickets_and_their_card(store: &Store) {
    let anna = store
        .create_user("Анна Петрова", Role::Engineer, T0)
        .await
        .unwrap();
    let bob = store
        .create_user("Bob Stone", Role::Engineer, T0)
        .await
        .unwrap();
    let medix = store
        .create_client(&client_write("MEDIX", "Medix Clinics", None, &[]), T0)
        .await
        .unwrap();
    let nt = new_ticket(
        medix,
        anna.id,
        "VPN до склада не поднимается",
        Level::High,
        Level::Medium,
        "network",
    );
    let id = store.create_ticket(&nt, T0).await.unwrap();
    let other = store
        .create_ticket(
            &new_ticket(
                medix,
                bob.id,
                "PACS slow",
                Level::Low,
                Level::Low,
                "database",
            ),
            T0 + 10,
        )
        .await
        .unwrap();
    assert_ne!(id, other);

    let t = store.ticket(id).await.unwrap().expect("the ticket");
    assert_eq!(
        t,
        Ticket {
            id,
            client_id: medix,
            client_code: "MEDIX".into(),
            client_name: "Medix Clinics".into(),
            direction: "network".into(),
            subject: "VPN до склада не поднимается".into(),
            description: "VPN до склада не поднимается: details as the caller told them".into(),
            impact: Level::High,
            urgency: Level::Medium,
            priority: Priority::P2,
            status: Status::New,
            line: Line::L1,
            channel: Channel::Phone,
            assignee_id: None,
            assignee_name: None,
            created_by: anna.id,
            created_by_name: "Анна Петрова".into(),
            created_at: T0,
            updated_at: T0,
            resolved_at: None,
            closed_at: None,
            closed_by_name: None,
            resolution_note: None,
            resolution_note_msg: None,
            merged_into_id: None,
            version: 1,
        }
    );

    let thread = [
        (
            &anna,
            "Звоню клиенту: роутер перезагружен",
            Visibility::Public,
            Channel::Phone,
            T0 + 1_000,
        ),
        (
            &bob,
            "Internal: the firewall rule expired",
            Visibility::Internal,
            Channel::Desktop,
            T0 + 2_000,
        ),
        (
            &anna,
            "Маршрут восстановлен, проверьте, пожалуйста",
            Visibility::Public,
            Channel::Email,
            T0 + 3_000,
        ),
    ];
    let mut comment_ids = Vec::new();
    for (who, body, visibility, channel, at) in thread {
        comment_ids.push(
            store
                .add_comment(id, who.id, body, visibility, channel, at)
                .await
                .unwrap(),
        );
    }
    assert!(comment_ids.windows(2).all(|w| w[0] < w[1]));
    let comments = store.comments(id).await.unwrap();
    let got: Vec<_> = comments
        .iter()
        .map(|c| {
            (
                c.id,
                c.ticket_id,
                c.author_id,
                c.author_name.as_str(),
                c.body.as_str(),
                c.visibility,
                c.channel,
                c.created_at,
            )
        })
        .collect();
    let want: Vec<_> = thread
        .iter()
        .zip(&comment_ids)
        .map(|((who, body, visibility, channel, at), cid)| {
            (
                *cid,
                id,
                who.id,
                who.name.as_str(),
                *body,
                *visibility,
                *channel,
                *at,
            )
        })
        .collect();
    assert_eq!(got, want);
    // A comment is activity: the ticket rises in the queue.
    assert_eq!(
        store.ticket(id).await.unwrap().unwrap().updated_at,
        T0 + 3_000
    );

    let trail = store.audit_trail(id).await.unwrap();
    assert_eq!(
        audit_lines(&trail),
        [
            line("created", None, Some(&TicketNumber(id).to_string())),
            line("comment", None, Some("public")),
            line("comment", None, Some("internal")),
            line("comment", None, Some("public")),
        ]
    );
    assert_eq!(
        trail
            .iter()
            .map(|a| (a.actor_id, a.actor_name.as_str(), a.at))
            .collect::<Vec<_>>(),
        [
            (anna.id, "Анна Петрова", T0),
            (anna.id, "Анна Петрова", T0 + 1_000),
            (bob.id, "Bob Stone", T0 + 2_000),
            (anna.id, "Анна Петрова", T0 + 3_000),
        ]
    );

    // The other ticket has its own (empty) thread.
    assert!(store.comments(other).await.unwrap().is_empty());
    assert_eq!(
        audit_lines(&store.audit_trail(other).await.unwrap()),
        [line(
            "created",
            None,
            Some(&TicketNumber(other).to_string())
        )]
    );
    let o = store.ticket(other).await.unwrap().unwrap();
    assert_eq!(
        (o.priority, o.status, o.line, o.created_by_name.as_str()),
        (Priority::P4, Status::New, Line::L1, "Bob Stone")
    );

    let missing = id + other + 1_000;
    assert_eq!(store.ticket(missing).await.unwrap(), None);
    assert!(store.comments(missing).await.unwrap().is_empty());
    assert!(matches!(
        store
            .add_comment(
                missing,
                anna.id,
                "hello",
                Visibility::Public,
                Channel::Desktop,
                T0
            )
            .await,
        Err(StoreError::NotFound { what: "ticket", .. })
    ));
    // Foreign keys hold on both backends.
    let err = store
        .create_ticket(
            &new_ticket(
                medix + 1_000,
                anna.id,
                "Ghost client",
                Level::Low,
                Level::Low,
                "network",
            ),
            T0,
        )
        .await
        .unwrap_err();
    assert!(err.is_constraint(), "{err:?}");
    assert_eq!(count(store, "SELECT COUNT(*) FROM tickets").await, 2);
}

// --- the queue -------------------------------------------------------------------------------

/// What the test believes a ticket is, kept beside the store to compare pages against.
#[derive(Debug, Clone)]
struct Model {
    id: i64,
    priority: i64,
    client_id: i64,
    direction: String,
    status: Status,
    line: Line,
    assignee: Option<i64>,
    updated_at: i64,
}

fn expected_ids(model: &[Model], f: &QueueFilter) -> Vec<i64> {
    let mut rows: Vec<&Model> = model
        .iter()
        .filter(|m| f.statuses.is_empty() || f.statuses.contains(&m.status))
        .filter(|m| f.client_id.is_none_or(|c| c == m.client_id))
        .filter(|m| f.direction.as_ref().is_none_or(|d| *d == m.direction))
        .filter(|m| match f.assignee_id {
            Some(a) => m.assignee == Some(a),
            None => !f.unassigned || m.assignee.is_none(),
        })
        .filter(|m| f.line.is_none_or(|l| l == m.line))
        .collect();
    match f.sort {
        QueueSort::Updated => rows.sort_by_key(|m| Reverse((m.updated_at, m.id))),
        QueueSort::Priority => rows.sort_by_key(|m| (m.priority, Reverse((m.updated_at, m.id)))),
        // No ticket of this model has a running clock: the due order is the updated order.
        QueueSort::Due => rows.sort_by_key(|m| Reverse((m.updated_at, m.id))),
    }
    rows.iter().map(|m| m.id).collect()
}

async fn all_pages(store: &Store, f: &QueueFilter, limit: i64) -> Vec<QueueRow> {
    let mut out = Vec::new();
    let mut after = None;
    for _ in 0..10_000 {
        let page = store.queue_page(f, after, limit).await.unwrap();
        assert!(page.len() as i64 <= limit);
        let done = (page.len() as i64) < limit;
        // Through the opaque text form, as the window sends it back.
        after = page
            .last()
            .map(|r| QueueCursor::decode(&QueueCursor::after(r).encode()).unwrap());
        out.extend(page);
        if done {
            return out;
        }
    }
    panic!("paging never ended");
}

/// A small deterministic generator: the same dataset on every run and backend.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
}

async fn queue_keyset_pages(store: &Store) {
    let mut users = Vec::new();
    for name in ["Анна Петрова", "Bob Stone", "Chen Wei"] {
        users.push(store.create_user(name, Role::Engineer, T0).await.unwrap());
    }
    let mut clients = Vec::new();
    for (code, name) in [
        ("NORD", "Nord Logistics"),
        ("VOLGA", "ООО «Волга-Ритейл»"),
        ("MEDIX", "Medix Clinics"),
    ] {
        clients.push((
            store
                .create_client(&client_write(code, name, None, &[]), T0)
                .await
                .unwrap(),
            code,
        ));
    }
    let statuses = Status::ALL;
    let mut rng = Lcg(7);
    let mut model = Vec::new();
    for i in 0..230_i64 {
        let (client_id, _) = clients[rng.next() % 3];
        let impact = Level::ALL[rng.next() % 3];
        let urgency = Level::ALL[rng.next() % 3];
        let direction = Direction::BUILT_IN[rng.next() % 4];
        // Most tickets share their updated_at with six others (ties at page boundaries); some
        // have a time of their own.
        let at = if i % 4 == 0 {
            T0 + i * 1_000 + 17
        } else {
            T0 + (i / 7) * 1_000
        };
        let actor = &users[rng.next() % 3];
        let subject = format!("Ticket {i}: {direction} trouble");
        let id = store
            .create_ticket(
                &new_ticket(client_id, actor.id, &subject, impact, urgency, direction),
                at,
            )
            .await
            .unwrap();
        let status = statuses[rng.next() % statuses.len()];
        if status != Status::New {
            change(
                store,
                id,
                status,
                status.is_finished().then_some("done"),
                actor,
                at,
            )
            .await;
        }
        let assignee = match rng.next() % 4 {
            0 => None,
            k => Some(users[k - 1].id),
        };
        if assignee.is_some() {
            store
                .set_assignee(id, None, assignee, None, actor.id, at)
                .await
                .unwrap();
        }
        let line = Line::ALL[rng.next() % 3];
        if line != Line::L1 {
            store
                .set_line(id, Line::L1, line, None, None, actor.id, at)
                .await
                .unwrap();
        }
        model.push(Model {
            id,
            priority: Priority::from_matrix(impact, urgency).rank(),
            client_id,
            direction: direction.to_string(),
            status,
            line,
            assignee,
            updated_at: at,
        });
    }
    let mut per_time: HashMap<i64, usize> = HashMap::new();
    for m in &model {
        *per_time.entry(m.updated_at).or_default() += 1;
    }
    assert!(
        per_time.values().filter(|&&n| n > 1).count() > 20,
        "the dataset has ties"
    );

    let active = vec![
        Status::New,
        Status::Open,
        Status::InProgress,
        Status::PendingCustomer,
        Status::PendingVendor,
    ];
    let (c1, c2) = (clients[0].0, clients[1].0);
    let filters = [
        QueueFilter::default(),
        QueueFilter {
            client_id: Some(c2),
            ..Default::default()
        },
        QueueFilter {
            statuses: vec![Status::Open, Status::InProgress, Status::PendingCustomer],
            ..Default::default()
        },
        QueueFilter {
            line: Some(Line::L2),
            ..Default::default()
        },
        QueueFilter {
            unassigned: true,
            ..Default::default()
        },
        // `unassigned` is ignored when an assignee is named.
        QueueFilter {
            assignee_id: Some(users[0].id),
            unassigned: true,
            ..Default::default()
        },
        QueueFilter {
            direction: Some("network".into()),
            ..Default::default()
        },
        QueueFilter {
            client_id: Some(c1),
            statuses: active.clone(),
            unassigned: true,
            ..Default::default()
        },
        QueueFilter {
            statuses: vec![Status::Closed, Status::Resolved],
            line: Some(Line::L1),
            direction: Some("hardware".into()),
            ..Default::default()
        },
    ];
    let users_by_id: HashMap<i64, &str> = users.iter().map(|u| (u.id, u.name.as_str())).collect();
    let codes: HashMap<i64, &str> = clients.iter().copied().collect();
    let by_id: HashMap<i64, &Model> = model.iter().map(|m| (m.id, m)).collect();
    for base in &filters {
        for sort in [QueueSort::Updated, QueueSort::Priority] {
            let f = QueueFilter {
                sort,
                ..base.clone()
            };
            let want = expected_ids(&model, &f);
            assert!(!want.is_empty(), "a vacuous filter: {f:?}");
            let everything: Vec<i64> = store
                .queue_page(&f, None, 10_000)
                .await
                .unwrap()
                .iter()
                .map(|r| r.id)
                .collect();
            assert_eq!(everything, want, "one query, {f:?}");
            for limit in [50, 7] {
                let rows = all_pages(store, &f, limit).await;
                let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
                assert_eq!(ids, want, "pages of {limit}, {f:?}");
                for r in &rows {
                    let m = by_id[&r.id];
                    assert_eq!(
                        (
                            r.priority.rank(),
                            r.client_id,
                            r.direction.as_str(),
                            r.status,
                            r.line,
                            r.assignee_id,
                            r.updated_at
                        ),
                        (
                            m.priority,
                            m.client_id,
                            m.direction.as_str(),
                            m.status,
                            m.line,
                            m.assignee,
                            m.updated_at
                        )
                    );
                    assert_eq!(r.client_code, codes[&r.client_id]);
                    assert_eq!(
                        r.assignee_name.as_deref(),
                        r.assignee_id.map(|a| users_by_id[&a])
                    );
                    assert!(r.subject.starts_with("Ticket "));
                }
            }
        }
    }

    // New tickets arrive between pages: none of the original rows is lost or shown twice.
    let mut later = T0 + 100_000_000;
    for base in [
        QueueFilter::default(),
        QueueFilter {
            client_id: Some(c1),
            ..Default::default()
        },
    ] {
        for sort in [QueueSort::Updated, QueueSort::Priority] {
            let f = QueueFilter {
                sort,
                ..base.clone()
            };
            let original = expected_ids(&model, &f);
            let mut fresh = HashSet::new();
            let mut seen = Vec::new();
            let mut after = None;
            loop {
                let page = store.queue_page(&f, after, 50).await.unwrap();
                let done = page.len() < 50;
                after = page.last().map(QueueCursor::after);
                seen.extend(page.iter().map(|r| r.id));
                if done {
                    break;
                }
                for k in 0..5 {
                    later += 1;
                    let (impact, urgency) = (Level::ALL[k % 3], Level::ALL[(k + 1) % 3]);
                    let id = store
                        .create_ticket(
                            &new_ticket(
                                c1,
                                users[0].id,
                                "Ticket arrived meanwhile",
                                impact,
                                urgency,
                                "software",
                            ),
                            later,
                        )
                        .await
                        .unwrap();
                    fresh.insert(id);
                    model.push(Model {
                        id,
                        priority: Priority::from_matrix(impact, urgency).rank(),
                        client_id: c1,
                        direction: "software".into(),
                        status: Status::New,
                        line: Line::L1,
                        assignee: None,
                        updated_at: later,
                    });
                }
            }
            assert_eq!(
                seen.iter().collect::<HashSet<_>>().len(),
                seen.len(),
                "a row repeated, {f:?}"
            );
            let old: Vec<i64> = seen
                .iter()
                .copied()
                .filter(|id| !fresh.contains(id))
                .collect();
            assert_eq!(old, original, "original rows while tickets arrive, {f:?}");
            assert!(!fresh.is_empty());
            if sort == QueueSort::Updated {
                // Newer than every cursor: they belong to page one, which was already shown.
                assert!(seen.iter().all(|id| !fresh.contains(id)), "{f:?}");
            }
        }
    }
}

// --- state changes ---------------------------------------------------------------------------

async fn status_changes_and_compare_and_set(store: &Store) {
    let anna = store
        .create_user("Анна Петрова", Role::Engineer, T0)
        .await
        .unwrap();
    let bob = store
        .create_user("Bob Stone", Role::Engineer, T0)
        .await
        .unwrap();
    let client = store
        .create_client(&client_write("NORD", "Nord Logistics", None, &[]), T0)
        .await
        .unwrap();
    let id = store
        .create_ticket(
            &new_ticket(
                client,
                anna.id,
                "Server room too hot",
                Level::Medium,
                Level::Medium,
                "hardware",
            ),
            T0,
        )
        .await
        .unwrap();
    let get = || async { store.ticket(id).await.unwrap().unwrap() };

    assert_eq!(
        change(store, id, Status::Open, None, &anna, T0 + 1_000).await,
        Effect::Move
    );
    let t = get().await;
    assert_eq!(
        (t.status, t.updated_at, t.resolved_at, t.closed_at),
        (Status::Open, T0 + 1_000, None, None)
    );

    assert_eq!(
        change(
            store,
            id,
            Status::Resolved,
            Some("  Replaced the PSU  "),
            &anna,
            T0 + 2_000
        )
        .await,
        Effect::Resolve
    );
    let t = get().await;
    assert_eq!(
        (
            t.status,
            t.resolved_at,
            t.resolution_note.as_deref(),
            t.closed_at,
            t.closed_by_name.as_deref()
        ),
        (
            Status::Resolved,
            Some(T0 + 2_000),
            Some("Replaced the PSU"),
            None,
            None
        )
    );
    assert_eq!(t.finished_at(), Some(T0 + 2_000));

    assert_eq!(
        change(
            store,
            id,
            Status::Closed,
            Some("Client confirmed"),
            &bob,
            T0 + 3_000
        )
        .await,
        Effect::Close
    );
    let t = get().await;
    assert_eq!(
        (
            t.status,
            t.resolved_at,
            t.closed_at,
            t.closed_by_name.as_deref(),
            t.resolution_note.as_deref()
        ),
        (
            Status::Closed,
            Some(T0 + 2_000),
            Some(T0 + 3_000),
            Some("Bob Stone"),
            Some("Client confirmed")
        )
    );

    assert_eq!(
        change(store, id, Status::InProgress, None, &anna, T0 + 4_000).await,
        Effect::Reopen
    );
    let t = get().await;
    assert_eq!(
        (
            t.status,
            t.resolved_at,
            t.closed_at,
            t.closed_by_name,
            t.resolution_note,
            t.updated_at
        ),
        (Status::InProgress, None, None, None, None, T0 + 4_000)
    );

    // Closed straight from work: resolved and closed at the same moment.
    assert_eq!(
        change(
            store,
            id,
            Status::Closed,
            Some("Duplicate of another ticket"),
            &anna,
            T0 + 5_000
        )
        .await,
        Effect::Close
    );
    let t = get().await;
    assert_eq!(
        (t.resolved_at, t.closed_at, t.closed_by_name.as_deref()),
        (Some(T0 + 5_000), Some(T0 + 5_000), Some("Анна Петрова"))
    );
    assert_eq!(
        change(store, id, Status::Open, None, &anna, T0 + 6_000).await,
        Effect::Reopen
    );

    let trail = store.audit_trail(id).await.unwrap();
    assert_eq!(
        audit_lines(&trail),
        [
            line("created", None, Some(&TicketNumber(id).to_string())),
            line("status", Some("new"), Some("open")),
            line("status", Some("open"), Some("resolved")),
            line("resolution_note", None, Some("Replaced the PSU")),
            line("status", Some("resolved"), Some("closed")),
            line("resolution_note", None, Some("Client confirmed")),
            line("status", Some("closed"), Some("in_progress")),
            line("status", Some("in_progress"), Some("closed")),
            line("resolution_note", None, Some("Duplicate of another ticket")),
            line("status", Some("closed"), Some("open")),
        ]
    );
    assert_eq!(trail[4].actor_name, "Bob Stone");
    assert_eq!(trail[4].at, T0 + 3_000);

    // Compare-and-set: a change based on a stale view is refused and changes nothing.
    let before = get().await;
    let audit_before = store.audit_trail(id).await.unwrap();
    assert_conflict(
        store
            .change_status(&StatusChange {
                seen: None,
                ticket_id: id,
                from: Status::Resolved,
                to: Status::Closed,
                effect: Effect::Close,
                note: Some("closing what I saw"),
                note_msg: None,
                actor: bob.id,
                now: T0 + 7_000,
            })
            .await,
        "stale status",
    );
    assert_eq!(get().await, before);
    assert_eq!(store.audit_trail(id).await.unwrap(), audit_before);

    store
        .set_assignee(id, None, Some(anna.id), None, bob.id, T0 + 8_000)
        .await
        .unwrap();
    let t = get().await;
    assert_eq!(
        (t.assignee_id, t.assignee_name.as_deref(), t.updated_at),
        (Some(anna.id), Some("Анна Петрова"), T0 + 8_000)
    );
    let before = get().await;
    let audit_before = store.audit_trail(id).await.unwrap();
    assert_conflict(
        store
            .set_assignee(id, None, Some(bob.id), None, bob.id, T0 + 9_000)
            .await,
        "stale assignee (nobody)",
    );
    assert_conflict(
        store
            .set_assignee(id, Some(bob.id), None, None, bob.id, T0 + 9_000)
            .await,
        "stale assignee (someone else)",
    );
    assert_eq!(get().await, before);
    assert_eq!(store.audit_trail(id).await.unwrap(), audit_before);
    store
        .set_assignee(id, Some(anna.id), Some(bob.id), None, anna.id, T0 + 10_000)
        .await
        .unwrap();
    store
        .set_assignee(id, Some(bob.id), None, None, bob.id, T0 + 11_000)
        .await
        .unwrap();
    assert_eq!(get().await.assignee_id, None);

    store
        .set_line(
            id,
            Line::L1,
            Line::L2,
            Some("  VPN logs attached  "),
            None,
            anna.id,
            T0 + 12_000,
        )
        .await
        .unwrap();
    let t = get().await;
    assert_eq!((t.line, t.updated_at), (Line::L2, T0 + 12_000));
    let before = get().await;
    let audit_before = store.audit_trail(id).await.unwrap();
    assert_conflict(
        store
            .set_line(id, Line::L1, Line::L3, None, None, bob.id, T0 + 13_000)
            .await,
        "stale line",
    );
    assert_eq!(get().await, before);
    assert_eq!(store.audit_trail(id).await.unwrap(), audit_before);

    let trail = store.audit_trail(id).await.unwrap();
    assert_eq!(
        audit_lines(&trail[trail.len() - 5..]),
        [
            line("assignee", None, Some("Анна Петрова")),
            line("assignee", Some("Анна Петрова"), Some("Bob Stone")),
            line("assignee", Some("Bob Stone"), None),
            line("line", Some("l1"), Some("l2")),
            line("note", None, Some("VPN logs attached")),
        ]
    );

    // A ticket that does not exist cannot be changed either.
    assert!(store
        .set_line(id + 1_000, Line::L1, Line::L2, None, None, anna.id, T0)
        .await
        .is_err());
    assert!(store
        .set_assignee(id + 1_000, None, Some(anna.id), None, anna.id, T0)
        .await
        .is_err());
}

async fn audit_trail_is_append_only(store: &Store) {
    let anna = store
        .create_user("Анна Петрова", Role::Engineer, T0)
        .await
        .unwrap();
    let client = store
        .create_client(&client_write("NORD", "Nord Logistics", None, &[]), T0)
        .await
        .unwrap();
    let id = store
        .create_ticket(
            &new_ticket(
                client,
                anna.id,
                "Disk full",
                Level::High,
                Level::High,
                "hardware",
            ),
            T0,
        )
        .await
        .unwrap();
    change(store, id, Status::Open, None, &anna, T0 + 1).await;
    let trail = store.audit_trail(id).await.unwrap();
    assert_eq!(trail.len(), 2);

    for sql in [
        "UPDATE audit SET new_value = 'tampered' WHERE ticket_id = $1",
        "DELETE FROM audit WHERE ticket_id = $1",
    ] {
        let err = sqlx::query(sql)
            .bind(id)
            .execute(store.pool())
            .await
            .unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    assert_eq!(store.audit_trail(id).await.unwrap(), trail);
}

// --- opening databases safely ----------------------------------------------------------------

async fn newer_database_is_refused_untouched(database: String, _folder: &Path) {
    let location = DbLocation::parse(&database);
    let store = Store::open(&location).await.unwrap();
    let from_the_future = match store.backend() {
        Backend::Sqlite => {
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (9999, 'from the future', TRUE, X'00', 0)"
        }
        Backend::Postgres => {
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (9999, 'from the future', TRUE, '\\x00'::bytea, 0)"
        }
    };
    sqlx::query(from_the_future)
        .execute(store.pool())
        .await
        .unwrap();
    store.close().await;

    let err = Store::open(&location).await.unwrap_err();
    assert!(
        matches!(err, StoreError::TooNew { version: 9999, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("newer version of Switchboard"),
        "{err}"
    );
    let api: sb_app::ApiError = err.into();
    assert_eq!(api.code, ErrorCode::DatabaseTooNew);
}

/// Regression: sqlx's pool retries a connection whose `after_connect` fails until the acquire
/// timeout, so a file that is not a database came back after 10 s as `Unavailable` ("pool timed
/// out") instead of `Corrupt`. Fixed by probing one plain connection before building the pool.
#[tokio::test(flavor = "multi_thread")]
async fn sqlite_file_that_is_not_a_database_is_corrupt_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let noise: Vec<u8> = (0..16_384_u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let notes = "Shopping list\nmilk\nbread\n".repeat(100).into_bytes();
    for (name, bytes) in [("noise.db", noise), ("notes.txt", notes)] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let err = Store::open(&DbLocation::SqliteFile(path.clone()))
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Corrupt { .. }), "{name}: {err:?}");
        assert!(err.to_string().contains("nothing was changed"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} was modified");

        let app = App::open(
            Paths::in_folder(dir.path().join("home")),
            Some(&path.to_string_lossy()),
        )
        .await;
        assert_eq!(app.unwrap_err().code, ErrorCode::DatabaseCorrupt);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{name} was modified by the app"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sqlite_data_folder_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep").join("er").join("switchboard.db");
    let store = Store::open(&DbLocation::SqliteFile(path.clone()))
        .await
        .unwrap();
    assert!(path.is_file());
    assert_eq!(store.directions().await.unwrap().len(), 4);
    store.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sqlite_pragmas_hold_on_every_pooled_connection() {
    let (store, _dir) = util::sqlite_store().await;
    // Hold four at once: the pool's whole size, so none of them is the migration connection
    // by luck alone.
    let mut conns = Vec::new();
    for _ in 0..4 {
        conns.push(store.pool().acquire().await.unwrap());
    }
    for conn in &mut conns {
        let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&mut **conn)
            .await
            .unwrap();
        let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&mut **conn)
            .await
            .unwrap();
        let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&mut **conn)
            .await
            .unwrap();
        let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
            .fetch_one(&mut **conn)
            .await
            .unwrap();
        assert_eq!(
            (journal.as_str(), synchronous, foreign_keys, busy),
            ("wal", 2, 1, 5_000)
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_unreachable_is_unavailable_and_hides_the_password() {
    let location = DbLocation::parse("postgres://sb:s3cret@127.0.0.1:1/switchboard");
    let err = Store::open(&location).await.unwrap_err();
    assert!(matches!(err, StoreError::Unavailable { .. }), "{err:?}");
    assert!(!err.to_string().contains("s3cret"), "{err}");
    assert!(err.to_string().contains("sb:***@127.0.0.1:1"), "{err}");
}

/// Regression: the client search lowercased the typed text in Rust but the name with the
/// database's `lower()`, which leaves Cyrillic alone on SQLite (and on a C-locale PostgreSQL):
/// "Волга", typed as the client is named, found nothing.
async fn client_search_finds_cyrillic_names_as_typed(store: &Store) {
    let volga = store
        .create_client(&client_write("VOLGA", "ООО «Волга-Ритейл»", None, &[]), T0)
        .await
        .unwrap();
    store
        .create_client(&client_write("NORD", "Nord Logistics", None, &[]), T0)
        .await
        .unwrap();
    for typed in [
        "Волга",
        "волга",
        "ВОЛГА",
        "олга",
        "volga",
        "VOLGA",
        "ритейл",
    ] {
        let found: Vec<i64> = store
            .client_page(Some(typed), None, 10)
            .await
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(found, [volga], "search {typed:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sqlite_client_search_finds_cyrillic_names_as_typed() {
    let (store, _dir) = util::sqlite_store().await;
    client_search_finds_cyrillic_names_as_typed(&store).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn postgres_client_search_finds_cyrillic_names_as_typed() {
    let store = util::postgres_store().await;
    client_search_finds_cyrillic_names_as_typed(&store).await;
}

// --- the app layer over each backend ---------------------------------------------------------

async fn app_creates_and_works_a_ticket(database: String, folder: &Path) {
    let paths = Paths::in_folder(folder.to_path_buf());
    let app = App::open(paths.clone(), Some(&database)).await.unwrap();
    let state = app.setup_state().await.unwrap();
    assert_eq!((state.profile, state.has_clients), (None, false));
    let volga = ClientInput {
        language: None,
        code: " volga ".into(),
        name: "ООО «Волга-Ритейл»".into(),
        notes: Some("  ".into()),
        contacts: vec![
            ContactInput {
                name: "Сергей Ким".into(),
                email: Some("S.Kim@Volga-Retail.example".into()),
                phone: Some("+7 (495) 123-45-68".into()),
            },
            ContactInput::default(),
        ],
    };
    assert_eq!(
        app.create_client(volga.clone()).await.unwrap_err().code,
        ErrorCode::NoProfile
    );

    let me = app
        .create_profile(NewProfile {
            name: "  Анна Петрова ".into(),
            role: Role::Engineer,
        })
        .await
        .unwrap();
    assert_eq!(me.name, "Анна Петрова");
    let client = app.create_client(volga.clone()).await.unwrap();
    assert_eq!(
        (
            client.code.as_str(),
            client.notes.as_deref(),
            client.contacts.len()
        ),
        ("VOLGA", None, 1)
    );
    assert_eq!(
        client.contacts[0].email.as_deref(),
        Some("s.kim@volga-retail.example")
    );
    let clash = app.create_client(volga).await.unwrap_err();
    assert_eq!(
        (clash.code, clash.field.as_deref()),
        (ErrorCode::Conflict, Some("code"))
    );
    let listed = app.clients(ClientQuery::default()).await.unwrap();
    assert_eq!(
        listed
            .rows
            .iter()
            .map(|c| c.code.as_str())
            .collect::<Vec<_>>(),
        ["VOLGA"]
    );

    let input = TicketInput {
        client_id: client.id,
        direction: "software".into(),
        subject: "  1С не запускается на кассе 3 ".into(),
        description: "Ошибка лицензии".into(),
        impact: Level::High,
        urgency: Level::High,
        channel: Channel::Phone,
        contact_id: None,
    };
    let bad = app
        .create_ticket(TicketInput {
            channel: Channel::Email,
            contact_id: None,
            ..input.clone()
        })
        .await
        .unwrap_err();
    assert_eq!(
        (bad.code, bad.field.as_deref()),
        (ErrorCode::InvalidInput, Some("channel"))
    );
    let t = app.create_ticket(input).await.unwrap();
    assert_eq!(t.subject, "1С не запускается на кассе 3");
    assert_eq!(
        (t.priority, t.status, t.line),
        (Priority::P1, Status::New, Line::L1)
    );
    assert_eq!(t.number, TicketNumber(t.id).to_string());
    assert_eq!(t.created_by_name, "Анна Петрова");

    let queue = app.queue(QueueQuery::default()).await.unwrap();
    assert_eq!(queue.rows.iter().map(|r| r.id).collect::<Vec<_>>(), [t.id]);
    assert_eq!(queue.next_cursor, None);
    let bad_cursor = app
        .queue(QueueQuery {
            cursor: Some("not-a-cursor".into()),
            ..Default::default()
        })
        .await;
    assert_eq!(bad_cursor.unwrap_err().code, ErrorCode::InvalidInput);

    app.add_comment(CommentInput {
        ticket_id: t.id,
        body: "Перезапустил службу".into(),
        visibility: Visibility::Internal,
    })
    .await
    .unwrap();
    let card = app.card(t.id).await.unwrap();
    assert_eq!(card.ticket.id, t.id);
    assert_eq!(card.comments.len(), 1);
    assert_eq!(card.comments[0].visibility, Visibility::Internal);
    assert_eq!(
        card.audit
            .iter()
            .map(|a| a.field.as_str())
            .collect::<Vec<_>>(),
        ["created", "comment"]
    );

    // Resolving needs a note: refused without one, nothing changes.
    let refused = app
        .change_status(StatusInput {
            ticket_id: t.id,
            to: Status::Resolved,
            note: None,
            version: card.ticket.version,
        })
        .await
        .unwrap_err();
    assert_eq!(
        (refused.code, refused.field.as_deref()),
        (ErrorCode::TransitionRefused, Some("note"))
    );
    assert_eq!(app.card(t.id).await.unwrap(), card);
    let resolved = app
        .change_status(StatusInput {
            ticket_id: t.id,
            to: Status::Resolved,
            note: Some("Обновил лицензию 1С".into()),
            version: card.ticket.version,
        })
        .await
        .unwrap();
    assert_eq!(resolved.status, Status::Resolved);
    assert_eq!(
        resolved.resolution_note.as_deref(),
        Some("Обновил лицензию 1С")
    );
    assert!(resolved.resolved_at.is_some());
    assert_eq!(
        resolved.next_statuses,
        [Status::Open, Status::InProgress, Status::Closed]
    );
    let card = app.card(t.id).await.unwrap();
    assert_eq!(
        card.audit
            .iter()
            .map(|a| (a.field.as_str(), a.new_value.as_deref()))
            .collect::<Vec<_>>(),
        [
            ("created", Some(t.number.as_str())),
            ("comment", Some("internal")),
            ("status", Some("resolved")),
            ("resolution_note", Some("Обновил лицензию 1С")),
        ]
    );
    let missing = app.card(t.id + 1_000).await.unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);
    app.store().close().await;

    // This desktop remembers who "me" is in this workspace.
    let again = App::open(paths, Some(&database)).await.unwrap();
    let state = again.setup_state().await.unwrap();
    assert_eq!(state.profile, Some(me));
    assert!(state.has_clients);
}

// --- merges and related tickets --------------------------------------------------------------

async fn merges_and_links(store: &Store) {
    let olga = store
        .create_user("Olga Ivanova", Role::Engineer, T0)
        .await
        .unwrap();
    let acme = store
        .create_client(&client_write("ACME", "Acme", None, &[]), T0)
        .await
        .unwrap();
    let keep = store
        .create_ticket(
            &new_ticket(
                acme,
                olga.id,
                "Riga VPN down",
                Level::High,
                Level::High,
                "network",
            ),
            T0,
        )
        .await
        .unwrap();
    let dup = store
        .create_ticket(
            &new_ticket(
                acme,
                olga.id,
                "ERP unreachable from Riga",
                Level::Medium,
                Level::High,
                "network",
            ),
            T0 + 1,
        )
        .await
        .unwrap();
    let c1 = store
        .add_comment(
            dup,
            olga.id,
            "Timeouts since 09:10",
            Visibility::Internal,
            Channel::Desktop,
            T0 + 2,
        )
        .await
        .unwrap();

    let merge = |status: Status, now: i64| sb_store::Merge {
        duplicate_id: dup,
        duplicate_status: status,
        duplicate_version: None,
        survivor_id: keep,
        note: "Duplicate of SB-000001: same outage",
        note_msg: r#"{"id":"merge-note","args":{"note":"same outage","ticket":"SB-000001"}}"#,
        actor: olga.id,
        now,
    };
    // A stale view of the duplicate changes nothing.
    assert!(matches!(
        store.merge_tickets(&merge(Status::Open, T0 + 3)).await,
        Err(StoreError::Conflict(_))
    ));
    store
        .merge_tickets(&merge(Status::New, T0 + 3))
        .await
        .unwrap();

    let d = store.ticket(dup).await.unwrap().unwrap();
    assert_eq!(d.status, Status::Closed);
    assert_eq!(d.merged_into_id, Some(keep));
    assert_eq!(d.closed_at, Some(T0 + 3));
    assert_eq!(
        d.resolution_note.as_deref(),
        Some("Duplicate of SB-000001: same outage")
    );
    // Beside the English, the message each reader words.
    assert_eq!(
        d.resolution_note_msg.as_deref(),
        Some(r#"{"id":"merge-note","args":{"note":"same outage","ticket":"SB-000001"}}"#)
    );
    assert!(store.comments(dup).await.unwrap().is_empty());
    let moved = store.comments(keep).await.unwrap();
    assert_eq!(
        (moved[0].id, moved[0].moved_from_ticket_id),
        (c1, Some(dup))
    );
    assert_eq!(
        store.ticket(keep).await.unwrap().unwrap().updated_at,
        T0 + 3
    );
    // The note's line in the trail carries the message too, so the trail is worded as well.
    let noted = store.audit_trail(dup).await.unwrap();
    let noted = noted
        .iter()
        .find(|a| a.field == "resolution_note")
        .expect("the note's line");
    assert_eq!(
        noted.new_value_msg.as_deref(),
        Some(r#"{"id":"merge-note","args":{"note":"same outage","ticket":"SB-000001"}}"#)
    );
    let dup_trail = audit_lines(&store.audit_trail(dup).await.unwrap());
    assert!(dup_trail.contains(&line("merged_into", None, Some("SB-000001"))));
    assert!(dup_trail.contains(&line("status", Some("new"), Some("closed"))));
    assert!(
        audit_lines(&store.audit_trail(keep).await.unwrap()).contains(&line(
            "merged",
            None,
            Some("SB-000002")
        ))
    );
    // Merging it again is refused by the compare-and-set.
    assert!(store
        .merge_tickets(&merge(Status::Closed, T0 + 4))
        .await
        .is_err());

    // Related tickets: one row per pair, seen from both sides; twice is once.
    let other = store
        .create_ticket(
            &new_ticket(
                acme,
                olga.id,
                "Firewall firmware",
                Level::Low,
                Level::Low,
                "network",
            ),
            T0 + 5,
        )
        .await
        .unwrap();
    assert!(store
        .link_tickets(other, keep, olga.id, T0 + 6)
        .await
        .unwrap());
    assert!(!store
        .link_tickets(keep, other, olga.id, T0 + 7)
        .await
        .unwrap());
    let from_keep = store.related_tickets(keep).await.unwrap();
    let from_other = store.related_tickets(other).await.unwrap();
    assert_eq!(
        from_keep.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![other]
    );
    assert_eq!(
        from_other.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![keep]
    );
    assert_eq!(from_keep[0].subject, "Firewall firmware");
    assert_eq!(count(store, "SELECT COUNT(*) FROM ticket_links").await, 1);
    assert!(
        audit_lines(&store.audit_trail(other).await.unwrap()).contains(&line(
            "link",
            None,
            Some("SB-000001")
        ))
    );
    assert!(store
        .unlink_tickets(keep, other, olga.id, T0 + 8)
        .await
        .unwrap());
    assert!(!store
        .unlink_tickets(keep, other, olga.id, T0 + 9)
        .await
        .unwrap());
    assert!(store.related_tickets(other).await.unwrap().is_empty());
    assert!(
        audit_lines(&store.audit_trail(keep).await.unwrap()).contains(&line(
            "link",
            Some("SB-000003"),
            None
        ))
    );
}

// --- full-text search ------------------------------------------------------------------------

async fn full_text_search(store: &Store) {
    let olga = store
        .create_user("Olga Ivanova", Role::Engineer, T0)
        .await
        .unwrap();
    let volga = store
        .create_client(&client_write("VOLGA", "Волга-Ритейл", None, &[]), T0)
        .await
        .unwrap();
    let mut made = Vec::new();
    for (i, (subject, direction)) in [
        ("Касса №14 не печатает чеки", "hardware"),
        ("Printer jams on every fifth label", "hardware"),
        ("Сервер 1С: медленное закрытие месяца", "database"),
    ]
    .iter()
    .enumerate()
    {
        let id = store
            .create_ticket(
                &new_ticket(
                    volga,
                    olga.id,
                    subject,
                    Level::Medium,
                    Level::Medium,
                    direction,
                ),
                T0 + i as i64,
            )
            .await
            .unwrap();
        made.push(id);
    }
    store
        .add_comment(
            made[1],
            olga.id,
            "Заменили термоголовку ПРИНТЕРА, печать в норме",
            Visibility::Public,
            Channel::Desktop,
            T0 + 10,
        )
        .await
        .unwrap();
    let find = |words: &str| {
        let terms = sb_domain::search_terms(words);
        async move { store.search(&terms, None, 50).await.unwrap().0 }
    };

    // Russian and English, any letter case, word prefixes, in subjects, descriptions, comments.
    let hits = find("касса").await;
    assert_eq!(
        hits.iter().map(|h| h.ticket_id).collect::<Vec<_>>(),
        vec![made[0]]
    );
    let hits = find("ПРИНТЕР").await;
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(
        (hits[0].kind, hits[0].ticket_id),
        (HitKind::Comment, made[1])
    );
    assert!(
        hits[0].snippet.contains(MARK_START) && hits[0].snippet.contains(MARK_END),
        "{:?}",
        hits[0].snippet
    );
    let hits = find("print").await;
    assert_eq!(
        hits.iter().map(|h| h.ticket_id).collect::<Vec<_>>(),
        vec![made[1]]
    );
    assert_eq!(
        find("printer label").await.len(),
        1,
        "every word must match"
    );
    assert!(find("printer касса").await.is_empty());
    assert!(find("nothing-like-this").await.is_empty());
    // Newest first: the comment (T0 + 10) before the tickets.
    let hits = find("details caller").await;
    assert_eq!(
        hits.len(),
        3,
        "every description says 'details as the caller told them'"
    );
    assert_eq!(
        hits.iter().map(|h| h.ticket_id).collect::<Vec<_>>(),
        vec![made[2], made[1], made[0]]
    );

    // Pages by keyset: two at a time, no hit lost or repeated.
    let terms = sb_domain::search_terms("details");
    let (first, next) = store.search(&terms, None, 2).await.unwrap();
    assert_eq!(first.len(), 2);
    let (second, last) = store.search(&terms, next, 2).await.unwrap();
    assert_eq!(
        second.iter().map(|h| h.ticket_id).collect::<Vec<_>>(),
        vec![made[0]]
    );
    assert_eq!(last, None);
}

// --- views: bounded counts and saved filters -------------------------------------------------

async fn bounded_counts_and_saved_views(store: &Store) {
    let olga = store
        .create_user("Olga Ivanova", Role::Engineer, T0)
        .await
        .unwrap();
    let ivan = store
        .create_user("Ivan Sokolov", Role::Engineer, T0)
        .await
        .unwrap();
    let acme = store
        .create_client(&client_write("ACME", "Acme", None, &[]), T0)
        .await
        .unwrap();
    for i in 0..12 {
        let mut t = new_ticket(
            acme,
            olga.id,
            &format!("Disk alert {i}"),
            Level::High,
            Level::Low,
            "hardware",
        );
        if i % 3 == 0 {
            t.channel = Channel::Desktop;
        }
        store.create_ticket(&t, T0 + i).await.unwrap();
    }
    let phone = QueueFilter {
        channel: Some(Channel::Phone),
        ..Default::default()
    };
    assert_eq!(store.queue_count(&phone, 100).await.unwrap(), 8);
    assert_eq!(
        store.queue_count(&phone, 5).await.unwrap(),
        5,
        "the count stops at the cap"
    );
    assert_eq!(all_pages(store, &phone, 3).await.len(), 8);
    let active_desktop = QueueFilter {
        channel: Some(Channel::Desktop),
        statuses: Status::ALL
            .iter()
            .copied()
            .filter(|s| s.is_active())
            .collect(),
        ..Default::default()
    };
    assert_eq!(store.queue_count(&active_desktop, 100).await.unwrap(), 4);

    let v = store
        .save_view(olga.id, "Phone calls", "{\"channel\":\"phone\"}", T0)
        .await
        .unwrap();
    assert!(store
        .save_view(olga.id, "Phone calls", "{}", T0)
        .await
        .unwrap_err()
        .is_unique_violation());
    store
        .save_view(ivan.id, "Phone calls", "{}", T0)
        .await
        .unwrap();
    let mine = store.saved_views(olga.id).await.unwrap();
    assert_eq!(mine, vec![v.clone()]);
    assert!(matches!(
        store.delete_view(ivan.id, v.id).await,
        Err(StoreError::NotFound { .. })
    ));
    store.delete_view(olga.id, v.id).await.unwrap();
    assert!(store.saved_views(olga.id).await.unwrap().is_empty());
    assert_eq!(store.saved_views(ivan.id).await.unwrap().len(), 1);
}

/// Hits far apart in id (a rare word, years of tickets between) are all found, newest first,
/// page by page: PostgreSQL looks in windows of ids that grow until a page is full.
async fn search_across_far_apart_ids(store: &Store) {
    let olga = store
        .create_user("Olga Ivanova", Role::Engineer, T0)
        .await
        .unwrap();
    let client = store
        .create_client(&client_write("NORD", "Nord Logistics", None, &[]), T0)
        .await
        .unwrap();
    let mut made = Vec::new();
    for (i, jump_to) in [
        (0, None),
        (1, Some(5_000)),
        (2, Some(40_000)),
        (3, Some(300_000)),
    ] {
        if let Some(next) = jump_to {
            // Ids move on as if thousands of tickets had been written in between.
            let sql = match store.backend() {
                Backend::Postgres => {
                    format!("ALTER TABLE tickets ALTER COLUMN id RESTART WITH {next}")
                }
                Backend::Sqlite => format!(
                    "UPDATE sqlite_sequence SET seq = {} WHERE name = 'tickets'",
                    next - 1
                ),
            };
            sqlx::query(&sql).execute(store.pool()).await.unwrap();
        }
        let id = store
            .create_ticket(
                &new_ticket(
                    client,
                    olga.id,
                    &format!("Квазар controller {i} lost its link"),
                    Level::High,
                    Level::Medium,
                    "network",
                ),
                T0 + i,
            )
            .await
            .unwrap();
        made.push(id);
    }
    if store.backend() == Backend::Postgres {
        assert_eq!(made[3], 300_000, "the ids really are far apart");
    }
    made.reverse();
    let terms = sb_domain::search_terms("квазар");
    let mut found = Vec::new();
    let mut next = None;
    loop {
        let (page, after) = store.search(&terms, next, 1).await.unwrap();
        found.extend(page.iter().map(|h| h.ticket_id));
        match after {
            Some(a) => next = Some(a),
            None => break,
        }
    }
    assert_eq!(found, made, "every hit once, newest first");
    let (page, _) = store.search(&terms, None, 10).await.unwrap();
    assert_eq!(
        page.iter().map(|h| h.ticket_id).collect::<Vec<_>>(),
        made,
        "one page holds them all"
    );
}

// --- knowledge base and suggestions ----------------------------------------------------------

async fn knowledge_base_and_suggestions(store: &Store) {
    let olga = store
        .create_user("Olga Ivanova", Role::Engineer, T0)
        .await
        .unwrap();
    let volga = store
        .create_client(&client_write("VOLGA", "Волга-Ритейл", None, &[]), T0)
        .await
        .unwrap();
    let solved = store
        .create_ticket(
            &new_ticket(
                volga,
                olga.id,
                "Касса не печатает чеки",
                Level::Medium,
                Level::High,
                "hardware",
            ),
            T0,
        )
        .await
        .unwrap();
    change(
        store,
        solved,
        Status::Resolved,
        Some("Заменили датчик бумаги"),
        &olga,
        T0 + 1,
    )
    .await;
    let open = store
        .create_ticket(
            &new_ticket(
                volga,
                olga.id,
                "Касса зависает при печати",
                Level::Medium,
                Level::High,
                "hardware",
            ),
            T0 + 2,
        )
        .await
        .unwrap();
    let write = |title: &str, tags: &[&str]| sb_store::ArticleWrite {
        title: title.to_string(),
        problem: "Фискальный регистратор: ошибка «Нет бумаги»".to_string(),
        fix: "Почистить и заменить датчик бумаги".to_string(),
        direction: Some("hardware".to_string()),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        source_ticket_id: Some(solved),
    };
    let a1 = store
        .create_article(
            &write("Касса: нет бумаги", &["касса", "фр"]),
            olga.id,
            T0 + 3,
        )
        .await
        .unwrap();
    let a2 = store
        .create_article(&write("VPN: IKE phase 1 fails", &["vpn"]), olga.id, T0 + 4)
        .await
        .unwrap();

    let a = store.article(a1).await.unwrap().unwrap();
    assert_eq!(
        (a.title.as_str(), a.tags.clone(), a.source_ticket_id),
        (
            "Касса: нет бумаги",
            vec!["касса".to_string(), "фр".to_string()],
            Some(solved)
        )
    );
    let page = store.article_page(None, 1).await.unwrap();
    assert_eq!(page[0].id, a2, "newest first");
    let rest = store
        .article_page(Some((page[0].updated_at, page[0].id)), 10)
        .await
        .unwrap();
    assert_eq!(rest.iter().map(|a| a.id).collect::<Vec<_>>(), vec![a1]);

    // Search needs every word; suggestions take any, best first.
    let terms = |t: &str| sb_domain::search_terms(t);
    assert_eq!(
        store
            .search_articles(&terms("касса бумаги"), true, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(store
        .search_articles(&terms("касса vpn"), true, 10)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        store
            .search_articles(&terms("КАССА vpn"), false, 10)
            .await
            .unwrap()
            .len(),
        2
    );

    // Only finished tickets are suggested, never the one being looked at.
    let similar = store
        .similar_resolved_tickets(
            &sb_domain::suggestion_terms("Касса не печатает"),
            Some(open),
            5,
        )
        .await
        .unwrap();
    assert_eq!(
        similar.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![solved]
    );
    assert_eq!(
        similar[0].resolution_note.as_deref(),
        Some("Заменили датчик бумаги")
    );
    assert!(store
        .similar_resolved_tickets(
            &sb_domain::suggestion_terms("Касса не печатает"),
            Some(solved),
            5
        )
        .await
        .unwrap()
        .is_empty());

    // Edits are compare-and-set on updated_at, and the index follows them.
    store
        .update_article(
            a2,
            &write("VPN: IPsec down", &["vpn", "ipsec"]),
            T0 + 4,
            T0 + 5,
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .update_article(a2, &write("stale", &[]), T0 + 4, T0 + 6)
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        store
            .search_articles(&terms("ipsec"), true, 10)
            .await
            .unwrap()[0]
            .id,
        a2
    );
    assert!(store
        .search_articles(&terms("ike"), true, 10)
        .await
        .unwrap()
        .is_empty());
}

/// Vendors, bonds and the vendor outbox on both databases: escalation writes the bond, its
/// message, the audit line and the ticket's move at once; a public comment queues a message
/// per live bond; messages wait behind earlier ones on their bond; a claim is taken once; a
/// dead create fails its bond and a retry revives both; the vendor's comments are taken once.
async fn vendors_bonds_and_their_outbox(store: &Store) {
    use sb_domain::vendor::{BondState, VendorStatus};
    use sb_domain::{Effect, Status, Visibility};
    use sb_store::{BondUpdate, Escalation, StatusChange, VendorWrite};

    let me = store
        .create_user("Анна Петрова", Role::Engineer, T0)
        .await
        .unwrap();
    let client = store
        .create_client(&client_write("ACME", "Acme", None, &[]), T0)
        .await
        .unwrap();
    let t = store
        .create_ticket(
            &new_ticket(client, me.id, "Диск", Level::High, Level::High, "hardware"),
            T0,
        )
        .await
        .unwrap();
    let v = VendorWrite {
        name: "Серверный партнёр".into(),
        directions: r#"["hardware"]"#.into(),
        kind: "request_tracker".into(),
        settings: r#"{"base_url":"https://rt.example","queue":"General"}"#.into(),
        sla: r#"{"*":{"acknowledge_minutes":60,"resolve_minutes":480}}"#.into(),
        contacts: "[]".into(),
        per_minute: 60,
        enabled: true,
    };
    let vendor = store.create_vendor(&v, T0).await.unwrap();
    assert!(
        store.create_vendor(&v, T0).await.is_err(),
        "names are unique"
    );

    let change = StatusChange {
        seen: None,
        ticket_id: t,
        from: Status::New,
        to: Status::PendingVendor,
        effect: Effect::Move,
        note: None,
        note_msg: None,
        actor: me.id,
        now: T0 + 1,
    };
    let e = Escalation {
        ticket_id: t,
        vendor_id: vendor,
        payload: "{}",
        status: Some(change),
        note: None,
        actor: me.id,
        now: T0 + 1,
    };
    let bond = store.escalate(&e).await.unwrap();
    let twice = Escalation {
        status: None,
        ..e.clone()
    };
    assert!(
        store.escalate(&twice).await.is_err(),
        "one live case per vendor"
    );
    assert_eq!(
        store.ticket(t).await.unwrap().unwrap().status,
        Status::PendingVendor
    );
    let b = store.bond(bond).await.unwrap().unwrap();
    assert_eq!((b.state.as_str(), b.pending), ("pending", 1));
    assert!(
        b.correlation.starts_with(&format!("SB-{t:06}/{bond}-")),
        "{}",
        b.correlation
    );

    // A public comment from the desk queues a message; an internal one does not, nor a
    // client's email.
    let public = store
        .add_comment(
            t,
            me.id,
            "Публичный",
            Visibility::Public,
            Channel::Desktop,
            T0 + 2,
        )
        .await
        .unwrap();
    store
        .add_comment(
            t,
            me.id,
            "Внутренний",
            Visibility::Internal,
            Channel::Desktop,
            T0 + 3,
        )
        .await
        .unwrap();
    store
        .add_comment(
            t,
            me.id,
            "Письмо клиента",
            Visibility::Public,
            Channel::Email,
            T0 + 4,
        )
        .await
        .unwrap();
    assert_eq!(
        store.bond(bond).await.unwrap().unwrap().pending,
        2,
        "the create and the one public desk comment"
    );
    let due = store.vendor_outbox_due(None, T0 + 10, 10).await.unwrap();
    assert_eq!(due.len(), 1, "the comment waits behind the create");
    assert_eq!(
        store.vendor_outbox_next_due(None).await.unwrap(),
        Some(T0 + 1)
    );
    assert_eq!(due[0].kind, "create");
    assert!(store
        .claim_vendor_message(&due[0], T0 + 1000)
        .await
        .unwrap());
    assert!(
        !store
            .claim_vendor_message(&due[0], T0 + 1000)
            .await
            .unwrap(),
        "taken once"
    );
    // An attempt the workspace failed before anything went to the vendor is given back, by
    // the claim that took it only: the message is as it was, due with its attempts uncounted.
    assert!(
        !store
            .unclaim_vendor_message(&due[0], T0 + 999)
            .await
            .unwrap(),
        "another claim's"
    );
    assert!(store
        .unclaim_vendor_message(&due[0], T0 + 1000)
        .await
        .unwrap());
    let back = store.vendor_outbox_due(None, T0 + 10, 10).await.unwrap();
    assert_eq!(back, due, "as before the claim");
    assert!(
        !store
            .unclaim_vendor_message(&due[0], T0 + 1000)
            .await
            .unwrap(),
        "given back once"
    );
    assert!(store
        .claim_vendor_message(&back[0], T0 + 1000)
        .await
        .unwrap());
    assert!(store
        .vendor_outbox_due(None, T0 + 10, 10)
        .await
        .unwrap()
        .is_empty());
    // The process that claimed it is gone (its unit taken over): the new holder lets go of the
    // claim, and the create is due at once with its attempt still counted.
    let vendor_id = due[0].vendor_id;
    assert_eq!(
        store
            .release_claims(true, vendor_id, T0 + 20)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .release_claims(true, vendor_id, T0 + 20)
            .await
            .unwrap(),
        0,
        "nothing left in flight"
    );
    let again = store.vendor_outbox_due(None, T0 + 20, 10).await.unwrap();
    assert_eq!((again.len(), again[0].attempts), (1, 1));
    assert!(store
        .claim_vendor_message(&again[0], T0 + 1000)
        .await
        .unwrap());

    // The create dies: the bond fails; a retry revives both.
    let m = store.vendor_message(due[0].id).await.unwrap().unwrap();
    store
        .vendor_message_failed(
            &m,
            "401",
            sb_domain::delivery::FailureClass::BadCredentials,
            None,
        )
        .await
        .unwrap();
    assert_eq!(store.bond(bond).await.unwrap().unwrap().state, "failed");
    assert_eq!(
        store.vendor_outbox_next_due(None).await.unwrap(),
        None,
        "the comment behind a dead create is not due"
    );
    assert_eq!(
        store
            .vendor_outbox(Some(sb_store::OutboxState::Dead), None, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    store.retry_vendor_message(m.id, T0 + 20).await.unwrap();
    assert!(
        store.retry_vendor_message(m.id, T0 + 20).await.is_err(),
        "not dead now"
    );
    assert_eq!(store.bond(bond).await.unwrap().unwrap().state, "pending");

    let m = store
        .vendor_outbox_due(None, T0 + 20, 10)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(
        m.attempts, 0,
        "a manual retry starts the attempts over, as an email reply's does"
    );
    assert!(store.claim_vendor_message(&m, T0 + 1000).await.unwrap());
    store
        .bond_opened(bond, "77", "77", Some("https://rt.example/77"), T0 + 30)
        .await
        .unwrap();
    store.vendor_message_sent(&m, None, T0 + 30).await.unwrap();
    let next = store.vendor_outbox_due(None, T0 + 30, 10).await.unwrap();
    assert_eq!((next.len(), next[0].kind.as_str()), (1, "comment"));
    assert_eq!(
        next[0].comment_id,
        Some(public),
        "the public comment, not another"
    );
    assert_eq!(next[0].external_id.as_deref(), Some("77"));
    store
        .vendor_message_sent(&next[0], Some("c-1"), T0 + 31)
        .await
        .unwrap();
    assert_eq!(store.bonds_to_sync(vendor).await.unwrap().len(), 1);

    // The vendor answers twice over (the overlap window): one comment; then resolves.
    let vendor_user = store.system_user("vendor", "Vendor", T0).await.unwrap();
    let comments = vec![(
        "501".to_string(),
        "Иван из RT".to_string(),
        "Замените диск".to_string(),
        T0 + 40,
    )];
    for _ in 0..2 {
        store
            .apply_bond_update(&BondUpdate {
                bond_id: bond,
                status_raw: "stalled",
                status: VendorStatus::Waiting,
                state: BondState::Suspended,
                comments: &comments,
                author: vendor_user.id,
                ticket: None,
                now: T0 + 50,
            })
            .await
            .unwrap();
    }
    let crossed = store.bond_comments(t).await.unwrap();
    assert_eq!(crossed.iter().filter(|c| c.4 == "in").count(), 1);
    assert_eq!(crossed.iter().filter(|c| c.4 == "out").count(), 1);
    let back = StatusChange {
        seen: None,
        ticket_id: t,
        from: Status::PendingVendor,
        to: Status::Open,
        effect: Effect::Move,
        note: None,
        note_msg: None,
        actor: vendor_user.id,
        now: T0 + 60,
    };
    store
        .apply_bond_update(&BondUpdate {
            bond_id: bond,
            status_raw: "resolved",
            status: VendorStatus::Resolved,
            state: BondState::Resolved,
            comments: &[],
            author: vendor_user.id,
            ticket: Some(back),
            now: T0 + 60,
        })
        .await
        .unwrap();
    let b = store.bond(bond).await.unwrap().unwrap();
    assert_eq!(
        (b.state.as_str(), b.acknowledged_at, b.resolved_at),
        ("resolved", Some(T0 + 50), Some(T0 + 60))
    );
    assert_eq!(store.ticket(t).await.unwrap().unwrap().status, Status::Open);
    let timings = store.bond_timings().await.unwrap();
    assert_eq!(
        (timings.len(), timings[0].direction.as_str()),
        (1, "hardware")
    );

    store
        .set_vendor_synced(vendor, Some(T0 + 60), None, T0 + 70)
        .await
        .unwrap();
    store
        .set_vendor_synced(vendor, Some(T0 + 10), Some("down"), T0 + 80)
        .await
        .unwrap();
    let rec = store.vendor(vendor).await.unwrap().unwrap();
    assert_eq!(
        rec.sync_cursor,
        Some(T0 + 60),
        "the cursor only moves forward"
    );
    assert_eq!(rec.last_sync_error.as_deref(), Some("down"));
    assert!(
        !store.delete_vendor(vendor).await.unwrap(),
        "with cases: disabled, not gone"
    );
    assert!(!store.vendor(vendor).await.unwrap().unwrap().v.enabled);
    assert_eq!(store.vendor_outbox(None, None, 10).await.unwrap().len(), 2);
}

/// The due order: tickets with a running SLA clock, nearest due first (ties by id), then those
/// without one, newest change first; keyset pages of any size give the same list; the views'
/// filters (due within a window, breached) pick the right rows.
async fn queue_by_sla_due(store: &Store) {
    let user = store
        .create_user("Анна Петрова", Role::Engineer, T0)
        .await
        .unwrap();
    let client = store
        .create_client(&client_write("NORD", "Nord Logistics", None, &[]), T0)
        .await
        .unwrap();
    let mut expected_due = Vec::new();
    let mut without = Vec::new();
    for i in 0..37_i64 {
        let t = new_ticket(
            client,
            user.id,
            &format!("T{i}"),
            Level::Medium,
            Level::Medium,
            "network",
        );
        let id = store.create_ticket(&t, T0 + i * 1_000).await.unwrap();
        // Every third ticket has no running clock; the others fall due in a shuffled order,
        // with ties.
        if i % 3 == 0 {
            without.push((T0 + i * 1_000, id));
        } else {
            let due = T0 + ((i * 7) % 11) * 60_000;
            store
                .set_clock_columns(
                    id,
                    &ClockColumns {
                        response_due: None,
                        resolution_due: Some(due),
                        sla_due: Some(due),
                        breached: false,
                        alert_at: None,
                        response_ok: None,
                        resolution_ok: None,
                    },
                    T0,
                )
                .await
                .unwrap();
            expected_due.push((due, id));
        }
    }
    expected_due.sort_unstable();
    without.sort_unstable_by_key(|&(at, id)| Reverse((at, id)));
    let expected: Vec<i64> = expected_due
        .iter()
        .map(|&(_, id)| id)
        .chain(without.iter().map(|&(_, id)| id))
        .collect();
    let filter = QueueFilter {
        sort: QueueSort::Due,
        ..Default::default()
    };
    for size in [1, 2, 5, 24, 100] {
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = store.queue_page(&filter, after, size).await.unwrap();
            if page.is_empty() {
                break;
            }
            after = page.last().map(QueueCursor::after);
            // Through the cursor's text, as the window sends it back.
            after = after.map(|c| QueueCursor::decode(&c.encode()).unwrap());
            seen.extend(page.iter().map(|r| r.id));
        }
        assert_eq!(seen, expected, "pages of {size}");
    }
    // Due within (T0+2 min, T0+5 min], and breached at T0+3 min.
    let window = QueueFilter {
        due_after: Some(T0 + 2 * 60_000),
        due_before: Some(T0 + 5 * 60_000),
        sort: QueueSort::Due,
        ..Default::default()
    };
    let rows = store.queue_page(&window, None, 100).await.unwrap();
    let want: Vec<i64> = expected_due
        .iter()
        .filter(|&&(d, _)| d > T0 + 2 * 60_000 && d <= T0 + 5 * 60_000)
        .map(|&(_, id)| id)
        .collect();
    assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), want);
    assert_eq!(
        store.queue_count(&window, 1000).await.unwrap(),
        want.len() as i64
    );
    let breached = QueueFilter {
        breached_at: Some(T0 + 3 * 60_000),
        ..Default::default()
    };
    let late = expected_due
        .iter()
        .filter(|&&(d, _)| d <= T0 + 3 * 60_000)
        .count() as i64;
    assert_eq!(store.queue_count(&breached, 1000).await.unwrap(), late);
    assert!(late > 0 && (late as usize) < expected_due.len());
}

// --- migration 0053 on a trail with lines ---------------------------------------------------------

on_both_upgrades!(migration_0053_keeps_the_trail_as_written);

/// A workspace at 0052 with a merged duplicate (its note kept as a message since 0051) and its
/// audit lines: the column is added without touching the append-only trail, whose lines stay
/// as they were written; the ticket's note is still worded from its message.
async fn migration_0053_keeps_the_trail_as_written(backend: &str, url: &str, location: DbLocation) {
    let said = r#"{"id":"merge-note","args":{"note":"same outage","ticket":"SB-000001"}}"#;
    let seed_tickets = format!(
        "INSERT INTO tickets (id, client_id, direction, subject, description, impact, urgency, \
           priority, status, line, channel, created_by, created_at, updated_at, \
           resolution_note, resolution_note_msg) VALUES \
         (2, 1, 'network', 'Outage too', '', 'high', 'high', 1, 'closed', 'l1', 'desktop', 1, \
            1, 2, 'Duplicate of SB-000001: same outage', '{said}')"
    );
    util::workspace_before(
        backend,
        url,
        53,
        &[
            "INSERT INTO users (id, name, role, created_at) VALUES (1, 'Olga', 'admin', 1)",
            "INSERT INTO clients (id, code, name, created_at, updated_at) \
             VALUES (1, 'OLD', 'Old', 1, 1)",
            &seed_tickets,
            "INSERT INTO audit (ticket_id, actor_id, at, field, old_value, new_value) VALUES \
             (2, 1, 2, 'resolution_note', NULL, 'Duplicate of SB-000001: same outage')",
        ],
    )
    .await;
    let store = Store::open(&location).await.expect("0053 applies");
    let trail = store.audit_trail(2).await.unwrap();
    assert_eq!(
        audit_lines(&trail),
        [line(
            "resolution_note",
            None,
            Some("Duplicate of SB-000001: same outage")
        )]
    );
    assert_eq!(trail[0].new_value_msg, None);
    let ticket = store.ticket(2).await.unwrap().unwrap();
    assert_eq!(ticket.resolution_note_msg.as_deref(), Some(said));
    store.close().await;
}
