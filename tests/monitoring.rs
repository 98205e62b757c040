//! The monitoring channel: the store's alert tables on both backends, and the whole channel
//! through `sb_app::App` against the real Alertmanager binary: firing, repeats, resolution,
//! re-fire, restarts of Switchboard in between, alerts without a client.

use std::path::Path;
use std::time::{Duration, Instant};

use sb_app::{
    AlertMappingDto, AlertSourceInput, App, ClientInput, DirectionRule, ErrorCode, NewProfile,
    Paths,
};
use sb_domain::{AlertRowState, Channel, Direction, Level, Line, Priority, Role, Status};
use sb_store::{
    AlertNote, AlertSeen, AlertSourceWrite, ClientWrite, NewTicket, RefireTicket, StatusChange,
    Store,
};
use serde_json::json;

use crate::util::alertmanager::{firing, resolved, Alertmanager};

on_both_backends!(
    alert_sources_are_kept_and_stamped,
    alert_writes_are_idempotent
);
on_both_databases!(
    alerts_become_tickets_and_follow_the_alert,
    a_refused_alert_is_set_aside_and_the_poll_goes_on
);

fn source_write(name: &str) -> AlertSourceWrite {
    AlertSourceWrite {
        name: name.into(),
        base_url: "http://127.0.0.1:9093".into(),
        filter: "[\"customer=\\\"acme\\\"\"]".into(),
        mapping: "{}".into(),
        poll_seconds: 60,
        enabled: true,
    }
}

async fn alert_sources_are_kept_and_stamped(store: &Store) {
    let id = store
        .create_alert_source(&source_write("Prod"), 1_000)
        .await
        .unwrap();
    let err = store
        .create_alert_source(&source_write("Prod"), 1_000)
        .await
        .unwrap_err();
    assert!(err.is_unique_violation(), "{err:?}");
    let mut w = source_write("Prod AM");
    w.enabled = false;
    w.poll_seconds = 30;
    store.update_alert_source(id, &w, 2_000).await.unwrap();
    store
        .record_alert_poll(id, 3_000, Some("cannot reach Alertmanager"))
        .await
        .unwrap();
    let s = store.alert_source(id).await.unwrap().unwrap();
    assert_eq!(
        (
            s.name.as_str(),
            s.enabled,
            s.poll_seconds,
            s.last_polled_at,
            s.last_error.as_deref(),
            s.created_at,
            s.updated_at,
            s.firing
        ),
        (
            "Prod AM",
            false,
            30,
            Some(3_000),
            Some("cannot reach Alertmanager"),
            1_000,
            2_000,
            0
        )
    );
    store.record_alert_poll(id, 4_000, None).await.unwrap();
    assert_eq!(store.alert_sources().await.unwrap()[0].last_error, None);
    store.delete_alert_source(id).await.unwrap();
    assert!(store.alert_sources().await.unwrap().is_empty());
    assert!(store.delete_alert_source(id).await.is_err());
}

async fn alert_writes_are_idempotent(store: &Store) {
    let bot = store
        .system_user("monitoring", "Monitoring", 1)
        .await
        .unwrap();
    assert_eq!(
        store
            .system_user("monitoring", "Monitoring", 2)
            .await
            .unwrap(),
        bot,
        "the system user is made once"
    );
    let client = store
        .create_client(
            &ClientWrite {
                code: "ACME".into(),
                name: "Acme".into(),
                notes: None,
                contacts: vec![],
                language: None,
            },
            1,
        )
        .await
        .unwrap();
    let source = store
        .create_alert_source(&source_write("AM"), 1)
        .await
        .unwrap();
    let ticket = NewTicket {
        client_id: client,
        direction: Direction::parse("database").unwrap(),
        subject: "PgDown on db1".into(),
        description: "Fingerprint: f1".into(),
        impact: Level::High,
        urgency: Level::High,
        priority: Priority::from_matrix(Level::High, Level::High),
        channel: Channel::Monitoring,
        line: Line::L1,
        created_by: bot.id,
    };
    let filter = "[]";
    let seen = |updated_at, ends_at| AlertSeen {
        source_id: source,
        fingerprint: "f1",
        updated_at,
        ends_at,
        filter,
    };
    store
        .upsert_unmatched_alert(source, "f1", "{\"customer\":\"acme\"}", "no client", 5)
        .await
        .unwrap();
    store
        .upsert_unmatched_alert(source, "f1", "{\"customer\":\"acme\"}", "no client", 5)
        .await
        .unwrap();
    assert_eq!(store.unmatched_alerts().await.unwrap().len(), 1);

    let tid = store
        .open_alert(&seen(10, 20), &ticket, 100)
        .await
        .unwrap()
        .expect("the first open makes the ticket");
    assert_eq!(
        store.open_alert(&seen(10, 20), &ticket, 101).await.unwrap(),
        None,
        "the same fingerprint twice makes no second ticket"
    );
    assert!(
        store.unmatched_alerts().await.unwrap().is_empty(),
        "a matched alert leaves the unmatched list"
    );
    let t = store.ticket(tid).await.unwrap().unwrap();
    assert_eq!((t.channel, t.status), (Channel::Monitoring, Status::New));

    assert!(store.repeat_alert(&seen(15, 25)).await.unwrap());
    assert!(!store.repeat_alert(&seen(15, 25)).await.unwrap());
    store.alert_listed(&seen(15, 25)).await.unwrap();
    let row = store.ticket_alert(tid).await.unwrap().unwrap();
    assert_eq!(
        (row.state, row.repeat_count, row.last_seen, row.first_seen),
        (AlertRowState::Firing, 1, 15, 100)
    );
    assert_eq!(store.alert_sources().await.unwrap()[0].firing, 1);

    let note = AlertNote {
        author: bot.id,
        body: "gone",
        body_msg: None,
    };
    let resolve = StatusChange {
        seen: None,
        ticket_id: tid,
        from: Status::New,
        to: Status::Resolved,
        effect: sb_domain::Effect::Resolve,
        note: Some("gone"),
        note_msg: None,
        actor: bot.id,
        now: 200,
    };
    assert!(store
        .resolve_alert(source, "f1", tid, Some(&note), Some(&resolve), 200)
        .await
        .unwrap());
    assert!(!store
        .resolve_alert(source, "f1", tid, Some(&note), Some(&resolve), 201)
        .await
        .unwrap());
    let t = store.ticket(tid).await.unwrap().unwrap();
    assert_eq!(
        (t.status, t.resolution_note.as_deref()),
        (Status::Resolved, Some("gone"))
    );
    assert_eq!(store.comments(tid).await.unwrap().len(), 1);

    let reopen = StatusChange {
        seen: None,
        ticket_id: tid,
        from: Status::Resolved,
        to: Status::Open,
        effect: sb_domain::Effect::Reopen,
        note: Some("again"),
        note_msg: None,
        actor: bot.id,
        now: 300,
    };
    let again = AlertNote {
        author: bot.id,
        body: "again",
        body_msg: None,
    };
    assert_eq!(
        store
            .refire_alert(
                &seen(30, 40),
                tid,
                &RefireTicket::Reopen(reopen.clone()),
                &again,
                300
            )
            .await
            .unwrap(),
        Some(tid)
    );
    assert_eq!(
        store
            .refire_alert(
                &seen(30, 40),
                tid,
                &RefireTicket::Reopen(reopen),
                &again,
                301
            )
            .await
            .unwrap(),
        None
    );
    let t = store.ticket(tid).await.unwrap().unwrap();
    assert_eq!(t.status, Status::Open);
    let row = store.ticket_alert(tid).await.unwrap().unwrap();
    assert_eq!(
        (row.state, row.repeat_count, row.resolved_at),
        (AlertRowState::Firing, 2, None)
    );
    assert_eq!(store.comments(tid).await.unwrap().len(), 2);

    // A ticket past its reopen window: a new ticket takes the alert over.
    assert!(store
        .resolve_alert(source, "f1", tid, None, None, 400)
        .await
        .unwrap());
    let new = store
        .refire_alert(
            &seen(50, 60),
            tid,
            &RefireTicket::New(ticket.clone()),
            &again,
            500,
        )
        .await
        .unwrap()
        .unwrap();
    assert_ne!(new, tid);
    assert_eq!(
        store.ticket_alert(new).await.unwrap().unwrap().ticket_id,
        new
    );
    assert_eq!(store.alerts_of_source(source).await.unwrap().len(), 1);

    store
        .upsert_unmatched_alert(source, "f2", "{}", "no client", 5)
        .await
        .unwrap();
    store.prune_unmatched_alerts(source, &["f2"]).await.unwrap();
    assert_eq!(store.unmatched_alerts().await.unwrap().len(), 1);
    store.prune_unmatched_alerts(source, &[]).await.unwrap();
    assert!(store.unmatched_alerts().await.unwrap().is_empty());

    // Many writes to one commit, as a poll makes them: the same fingerprint twice in one run
    // makes one ticket (its savepoint undoes the second), and nothing shows before the commit.
    let seen_f = |fingerprint| AlertSeen {
        source_id: source,
        fingerprint,
        updated_at: 10,
        ends_at: 20,
        filter,
    };
    let tickets_before = store.alerts_of_source(source).await.unwrap().len();
    let mut run = store.writes().await.unwrap();
    assert!(run
        .open_alert(&seen_f("g1"), &ticket, 500)
        .await
        .unwrap()
        .is_some());
    assert!(run
        .open_alert(&seen_f("g1"), &ticket, 500)
        .await
        .unwrap()
        .is_none());
    assert!(run
        .open_alert(&seen_f("g2"), &ticket, 500)
        .await
        .unwrap()
        .is_some());
    assert_eq!(run.pending(), 3);
    drop(run);
    assert_eq!(
        store.alerts_of_source(source).await.unwrap().len(),
        tickets_before,
        "a run dropped without its commit writes nothing"
    );
    let mut run = store.writes().await.unwrap();
    let g1 = run.open_alert(&seen_f("g1"), &ticket, 500).await.unwrap();
    assert!(run
        .open_alert(&seen_f("g1"), &ticket, 500)
        .await
        .unwrap()
        .is_none());
    run.open_alert(&seen_f("g2"), &ticket, 500).await.unwrap();
    run.commit().await.unwrap();
    assert_eq!(
        store.alerts_of_source(source).await.unwrap().len(),
        tickets_before + 2
    );
    let g1 = store.ticket(g1.unwrap()).await.unwrap().unwrap();
    assert_eq!(g1.channel, Channel::Monitoring);

    // Within one run: an alert kept as unmatched and then opened leaves the unmatched list,
    // even after an open in the same run found the list empty.
    let mut run = store.writes().await.unwrap();
    run.open_alert(&seen_f("g4"), &ticket, 600).await.unwrap();
    run.upsert_unmatched_alert(source, "g5", "{}", "no client", 600)
        .await
        .unwrap();
    run.open_alert(&seen_f("g5"), &ticket, 600).await.unwrap();
    run.commit().await.unwrap();
    assert!(
        store.unmatched_alerts().await.unwrap().is_empty(),
        "g5 found its ticket"
    );
}

pub(crate) fn source_input(am: &Alertmanager) -> AlertSourceInput {
    AlertSourceInput {
        name: "Production Alertmanager".into(),
        base_url: format!("{}/api/v2/", am.url()),
        filter: vec![am.filter()],
        mapping: AlertMappingDto {
            direction_map: vec![DirectionRule {
                value: "postgres".into(),
                direction: "database".into(),
            }],
            ..AlertMappingDto::default()
        },
        poll_seconds: 60,
        enabled: true,
    }
}

async fn open_app(database: &str, folder: &Path) -> App {
    App::open(Paths::in_folder(folder.to_path_buf()), Some(database))
        .await
        .unwrap()
}

async fn alerts_become_tickets_and_follow_the_alert(database: String, folder: &Path) {
    let am = Alertmanager::start();
    let app = open_app(&database, folder).await;
    app.create_profile(NewProfile {
        name: "Olga".into(),
        // An admin keeps the alert sources.
        role: Role::Admin,
    })
    .await
    .unwrap();
    app.create_client(ClientInput {
        language: None,
        code: "ACME".into(),
        name: "Acme".into(),
        ..ClientInput::default()
    })
    .await
    .unwrap();

    // The form is checked, and "Test connection" says what is wrong.
    let mut bad = source_input(&am);
    bad.base_url = "alertmanager:9093".into();
    let e = app.create_alert_source(bad.clone()).await.unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidInput, Some("baseUrl"))
    );
    bad.base_url = format!("http://127.0.0.1:{}", crate::util::alertmanager_free_port());
    let e = app.test_alert_source(bad.clone()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ConnectionFailed, "{e:?}");
    assert!(
        e.message.contains("cannot reach Alertmanager"),
        "{}",
        e.message
    );
    bad.filter = vec!["customer=acme".into()];
    let e = app.test_alert_source(bad.clone()).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("filter"), "{e:?}");
    let mut bad = source_input(&am);
    bad.mapping.direction_map[0].direction = "plumbing".into();
    let e = app.create_alert_source(bad).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("directionMap"), "{e:?}");

    let test = app.test_alert_source(source_input(&am)).await.unwrap();
    assert_eq!(test.alerts, 0);
    let source = app.create_alert_source(source_input(&am)).await.unwrap();
    assert_eq!(source.base_url, am.url());

    let pg_down = json!({ "alertname": "PgDown", "customer": "acme", "service": "postgres",
                          "severity": "critical", "instance": "db1:5432" });
    let no_client = json!({ "alertname": "DiskFull", "customer": "nobody", "service": "postgres" });
    let no_direction =
        json!({ "alertname": "Odd", "customer": "acme", "service": "printer", "severity": "info" });
    am.post(vec![
        firing(pg_down.clone()),
        firing(no_client.clone()),
        firing(no_direction.clone()),
    ]);
    am.settle(3);

    let r = app.poll_alert_source(source.id).await.unwrap();
    assert_eq!(
        (r.opened, r.unmatched, r.error.as_deref()),
        (1, 2, None),
        "{r:?}"
    );
    let rows = app.store().alerts_of_source(source.id).await.unwrap();
    assert_eq!(rows.len(), 1);
    let tid = rows[0].ticket_id;
    let t = app.ticket(tid).await.unwrap();
    assert_eq!(
        (
            t.channel,
            t.client_code.as_str(),
            t.direction.as_str(),
            t.priority,
            t.status,
            t.created_by_name.as_str(),
            t.subject.as_str()
        ),
        (
            Channel::Monitoring,
            "ACME",
            "database",
            Priority::from_matrix(Level::High, Level::High),
            Status::New,
            "Monitoring",
            "test alert"
        )
    );
    let mut reasons: Vec<String> = app
        .unmatched_alerts()
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.reason)
        .collect();
    reasons.sort();
    assert!(
        reasons[0].contains("no client with code NOBODY"),
        "{reasons:?}"
    );
    assert!(reasons[1].contains("no direction"), "{reasons:?}");

    // The same poll again changes nothing.
    let r = app.poll_alert_source(source.id).await.unwrap();
    assert_eq!((r.opened, r.repeated, r.resolved, r.reopened), (0, 0, 0, 0));

    // A repeat delivery counts; no new ticket, no comment.
    std::thread::sleep(Duration::from_millis(20));
    am.post(vec![firing(pg_down.clone())]);
    am.settle(3);
    let r = app.poll_alert_source(source.id).await.unwrap();
    assert_eq!((r.opened, r.repeated), (0, 1), "{r:?}");
    let alert = app.ticket_alert(tid).await.unwrap().unwrap();
    assert_eq!(
        (alert.state, alert.repeat_count),
        (AlertRowState::Firing, 1)
    );
    assert!(app.card(tid).await.unwrap().comments.is_empty());

    // Switchboard restarts: nothing is duplicated.
    drop(app);
    let app = open_app(&database, folder).await;
    let r = app.poll_alert_source(source.id).await.unwrap();
    assert_eq!((r.opened, r.repeated, r.resolved), (0, 0, 0), "{r:?}");
    assert_eq!(
        app.store().alerts_of_source(source.id).await.unwrap().len(),
        1
    );

    // Resolved at the source: the ticket is resolved with a note, once.
    am.post(vec![resolved(pg_down.clone())]);
    am.settle(2);
    let r = app.poll_alert_source(source.id).await.unwrap();
    assert_eq!(r.resolved, 1, "{r:?}");
    let t = app.ticket(tid).await.unwrap();
    assert_eq!(t.status, Status::Resolved);
    assert!(t
        .resolution_note
        .as_deref()
        .is_some_and(|n| n.contains("Resolved by monitoring")));
    // The note is the system's: each reader gets it in their language.
    let said = t
        .resolution_note_msg
        .clone()
        .expect("the note as a message");
    assert_eq!(said.id, "monitoring-resolved-note");
    assert!(
        said.render(sb_i18n::Lang::Ru)
            .starts_with("Решена мониторингом: оповещение"),
        "{said:?}"
    );
    let card = app.card(tid).await.unwrap();
    assert_eq!(card.comments.len(), 1);
    assert_eq!(card.comments[0].body_msg.as_ref(), Some(&said));
    assert_eq!(card.comments[0].channel, Channel::Monitoring);
    // The trail's line of the note carries it as a message too.
    let noted = card
        .audit
        .iter()
        .find(|a| a.field == "resolution_note")
        .expect("the note's line");
    assert_eq!(noted.new_value_msg.as_ref(), Some(&said));
    assert_eq!(app.poll_alert_source(source.id).await.unwrap().resolved, 0);

    // Restart again, then it fires again: the same ticket reopens, with a note and a count.
    drop(app);
    let app = open_app(&database, folder).await;
    am.post(vec![firing(pg_down.clone())]);
    am.settle(3);
    let r = app.poll_alert_source(source.id).await.unwrap();
    assert_eq!((r.reopened, r.opened), (1, 0), "{r:?}");
    let t = app.ticket(tid).await.unwrap();
    assert_eq!(t.status, Status::Open);
    let alert = app.ticket_alert(tid).await.unwrap().unwrap();
    assert_eq!(
        (alert.state, alert.repeat_count),
        (AlertRowState::Firing, 2)
    );
    assert_eq!(app.card(tid).await.unwrap().comments.len(), 2);
    assert_eq!(app.poll_alert_source(source.id).await.unwrap().reopened, 0);

    // The missing client arrives: its alert gets its ticket at the next poll.
    app.create_client(ClientInput {
        language: None,
        code: "NOBODY".into(),
        name: "Nobody Ltd".into(),
        ..ClientInput::default()
    })
    .await
    .unwrap();
    let r = app.poll_alert_source(source.id).await.unwrap();
    assert_eq!((r.opened, r.unmatched), (1, 1), "{r:?}");
    assert_eq!(app.unmatched_alerts().await.unwrap().len(), 1);
    assert_eq!(
        app.store().alerts_of_source(source.id).await.unwrap().len(),
        2
    );

    // The background worker polls on its own; a dead source gets its error recorded.
    let mut dead = source_input(&am);
    dead.name = "Dead".into();
    dead.base_url = format!("http://127.0.0.1:{}", crate::util::alertmanager_free_port());
    let dead = app.create_alert_source(dead).await.unwrap();
    let app = std::sync::Arc::new(app);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(app.clone().run_background_work(stopped));
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let s = app.alert_source(dead.id).await.unwrap();
        if let Some(e) = s.last_error {
            assert!(e.contains("cannot reach Alertmanager"), "{e}");
            // Kept as the message: each reader gets it in their language.
            let said = s.last_error_msg.expect("the failure as a message");
            assert_eq!(said.id, "alerts-unreachable");
            assert_eq!(said.english(), e);
            assert!(
                said.render(sb_i18n::Lang::Ru).contains("Alertmanager"),
                "{said:?}"
            );
            assert_ne!(said.render(sb_i18n::Lang::Ru), e);
            break;
        }
        assert!(Instant::now() < deadline, "the worker never polled");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop.send(true).unwrap();
    worker.await.unwrap();
    am.stop();
}

/// Channels that never stall (issue 15): of three firing alerts, the workspace refuses the
/// ticket of one (a test trigger stands for any refused row). The other two become tickets in
/// the same poll; the refused one is set aside among the unmatched alerts with the database's
/// reason, on both backends.
async fn a_refused_alert_is_set_aside_and_the_poll_goes_on(database: String, folder: &Path) {
    use sqlx::Executor;
    let am = Alertmanager::start();
    let app = open_app(&database, folder).await;
    app.create_profile(NewProfile {
        name: "Olga".into(),
        role: Role::Admin,
    })
    .await
    .unwrap();
    app.create_client(ClientInput {
        language: None,
        code: "ACME".into(),
        name: "Acme".into(),
        ..ClientInput::default()
    })
    .await
    .unwrap();
    let refuse = if database.starts_with("postgres") {
        "CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
           IF NEW.description LIKE '%poisoned-host%' THEN \
             RAISE EXCEPTION 'refused by the test trigger'; \
           END IF; RETURN NEW; END $$; \
         CREATE TRIGGER test_refuse BEFORE INSERT ON tickets \
           FOR EACH ROW EXECUTE FUNCTION test_refuse();"
    } else {
        "CREATE TRIGGER test_refuse BEFORE INSERT ON tickets \
           WHEN NEW.description LIKE '%poisoned-host%' \
         BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END;"
    };
    app.store().pool().execute(refuse).await.unwrap();
    let source = app.create_alert_source(source_input(&am)).await.unwrap();
    let alert = |name: &str, instance: &str| {
        firing(
            json!({ "alertname": name, "customer": "acme", "service": "postgres",
                        "severity": "critical", "instance": instance }),
        )
    };
    am.post(vec![
        alert("PgDown", "db1:5432"),
        alert("PgDown", "poisoned-host:5432"),
        alert("PgSlow", "db2:5432"),
    ]);
    am.settle(3);
    let r = app.poll_alert_source(source.id).await.unwrap();
    assert_eq!(
        (r.opened, r.refused, r.error.as_deref()),
        (2, 1, None),
        "{r:?}"
    );
    assert_eq!(
        app.store().alerts_of_source(source.id).await.unwrap().len(),
        2
    );
    let set_aside = app.unmatched_alerts().await.unwrap();
    assert_eq!(set_aside.len(), 1, "{set_aside:?}");
    assert_eq!(set_aside[0].labels["instance"], "poisoned-host:5432");
    assert!(
        set_aside[0].reason.contains("refused by the test trigger"),
        "{set_aside:?}"
    );
}
