//! The lead's metrics on both backends: a period's tickets from several desks (opened,
//! answered, resolved, time logged), counted by day, by engineer and against the SLA, with the
//! filters narrowing them and the CSV carrying the same figures; bad periods refused.

use std::path::Path;

use sb_app::{App, ClientInput, CommentInput, MetricsQuery, StatusInput, TicketInput, TimeInput};
use sb_domain::{Channel, Level, Priority, Role, Status, Visibility};

on_both_databases!(a_periods_metrics_count_what_the_desks_did,);

use crate::util::desk as open;

async fn client(app: &App, code: &str) -> i64 {
    app.create_client(ClientInput {
        language: None,
        code: code.into(),
        name: format!("{code} Ltd"),
        notes: None,
        contacts: vec![],
    })
    .await
    .unwrap()
    .id
}

async fn a_periods_metrics_count_what_the_desks_did(db: String, dir: &Path) {
    let lena = open(&db, &dir.join("lena"), "Lena Orlova", Role::Lead).await;
    let ivan = open(&db, &dir.join("ivan"), "Ivan Sokolov", Role::Engineer).await;
    let olga = open(&db, &dir.join("olga"), "Olga Petrova", Role::Engineer).await;
    let acme = client(&lena, "ACME").await;
    let nord = client(&lena, "NORD").await;
    crate::util::round_the_clock_policy(&lena, Priority::P2).await;
    let ticket = |client_id: i64, subject: &str, channel: Channel| TicketInput {
        client_id,
        direction: "network".into(),
        subject: subject.into(),
        description: String::new(),
        impact: Level::High,
        urgency: Level::Medium,
        channel,
        contact_id: None,
    };
    // Ivan answers and resolves two ACME tickets and logs time; Olga takes a NORD ticket and
    // leaves it open; one ACME ticket nobody has touched.
    let mut ivans = Vec::new();
    let mut entries = Vec::new();
    for subject in ["VPN down", "Printer offline"] {
        let t = ivan
            .create_ticket(ticket(acme, subject, Channel::Phone))
            .await
            .unwrap();
        ivan.take(t.id, t.version).await.unwrap();
        ivan.add_comment(CommentInput {
            ticket_id: t.id,
            body: "On it".into(),
            visibility: Visibility::Public,
        })
        .await
        .unwrap();
        let entry = ivan
            .log_time(TimeInput {
                ticket_id: t.id,
                work_date: None,
                minutes: 45,
                work_type: "remote".into(),
                billable: true,
                note: String::new(),
            })
            .await
            .unwrap();
        entries.push(entry.id);
        let v = ivan.ticket(t.id).await.unwrap().version;
        ivan.change_status(StatusInput {
            ticket_id: t.id,
            to: Status::Resolved,
            note: Some("fixed".into()),
            version: v,
        })
        .await
        .unwrap();
        ivans.push(t.id);
    }
    let n = olga
        .create_ticket(ticket(nord, "Mail bounces", Channel::Desktop))
        .await
        .unwrap();
    olga.take(n.id, n.version).await.unwrap();
    ivan.create_ticket(ticket(acme, "Slow database", Channel::Phone))
        .await
        .unwrap();

    let today = sb_app::today();
    let week = |client_id: Option<i64>| MetricsQuery {
        from: today.plus_days(-6).to_string(),
        to: today.to_string(),
        client_id,
        ..MetricsQuery::default()
    };
    // Without filters the report reads the hourly rollup (rolled up first); with a filter it
    // reads the tickets: both count the same.
    let m = lena.metrics(week(None)).await.unwrap();
    assert!(m.rolled_up);
    assert_eq!((m.opened, m.closed, m.open_at_end), (4, 2, 2), "{m:?}");
    assert_eq!(m.backlog.len(), 7);
    let last = m.backlog.last().unwrap();
    assert_eq!(
        (last.day.as_str(), last.opened, last.closed, last.open),
        (today.to_string().as_str(), 4, 2, 2)
    );
    assert_eq!(m.first_response.count, 2, "two answered");
    assert_eq!(m.resolution.count, 2);
    // Resolved within the minute: the middle of the rollup's first bucket (0-5 min).
    assert_eq!(m.resolution.median_minutes, Some(2));
    // Both answered and resolved within their targets; the other two not settled yet.
    assert_eq!((m.response_sla.kept, m.response_sla.missed), (2, 0));
    assert_eq!(m.response_sla.permille, Some(1000));
    assert_eq!((m.resolution_sla.kept, m.resolution_sla.missed), (2, 0));
    assert_eq!(m.arrivals.iter().flatten().sum::<i64>(), 4);
    let ivan_row = m
        .engineers
        .iter()
        .find(|e| e.name == "Ivan Sokolov")
        .expect("Ivan's load");
    assert_eq!(
        (
            ivan_row.open_now,
            ivan_row.opened,
            ivan_row.closed,
            ivan_row.logged_minutes
        ),
        (0, 2, 2, 90)
    );
    let olga_row = m
        .engineers
        .iter()
        .find(|e| e.name == "Olga Petrova")
        .unwrap();
    assert_eq!(
        (olga_row.open_now, olga_row.opened, olga_row.closed),
        (1, 1, 0)
    );

    // Filters narrow it: one client, one engineer, one channel.
    let nord_only = lena.metrics(week(Some(nord))).await.unwrap();
    assert!(!nord_only.rolled_up);
    assert_eq!((nord_only.opened, nord_only.closed), (1, 0));
    let acme_only = lena.metrics(week(Some(acme))).await.unwrap();
    assert_eq!(
        acme_only.resolution.median_minutes,
        Some(0),
        "exact from the tickets"
    );
    assert_eq!(
        (
            acme_only.opened + nord_only.opened,
            acme_only.closed,
            acme_only.response_sla.kept
        ),
        (m.opened, m.closed, m.response_sla.kept)
    );
    let ivan_id = ivan.setup_state().await.unwrap().profile.unwrap().id;
    let by_ivan = lena
        .metrics(MetricsQuery {
            engineer_id: Some(ivan_id),
            ..week(None)
        })
        .await
        .unwrap();
    assert_eq!((by_ivan.opened, by_ivan.closed), (2, 2));
    assert_eq!(by_ivan.engineers.len(), 1, "{:?}", by_ivan.engineers);
    let by_mail = lena
        .metrics(MetricsQuery {
            channel: Some(Channel::Desktop),
            ..week(None)
        })
        .await
        .unwrap();
    assert_eq!(by_mail.opened, 1);
    // A period before anything happened counts nothing.
    let before = lena
        .metrics(MetricsQuery {
            from: today.plus_days(-30).to_string(),
            to: today.plus_days(-8).to_string(),
            ..MetricsQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (before.opened, before.closed, before.open_at_end),
        (0, 0, 0)
    );

    // Reopened, a ticket leaves the hour it was resolved in: the next report (rolled up again
    // first) counts one resolved.
    let back = ivan.ticket(ivans[0]).await.unwrap();
    ivan.change_status(StatusInput {
        ticket_id: back.id,
        to: Status::Open,
        note: Some("the client says it is back".into()),
        version: back.version,
    })
    .await
    .unwrap();
    let again = lena.metrics(week(None)).await.unwrap();
    assert!(again.rolled_up);
    assert_eq!(
        (again.opened, again.closed, again.open_at_end),
        (4, 1, 3),
        "{again:?}"
    );
    assert_eq!(again.resolution.count, 1);
    // Another desk's background work rolls up as well; here nothing is left to roll.
    assert_eq!(olga.roll_metrics(100).await.unwrap(), 0);
    ivan.change_status(StatusInput {
        ticket_id: back.id,
        to: Status::Resolved,
        note: Some("fixed again".into()),
        version: ivan.ticket(back.id).await.unwrap().version,
    })
    .await
    .unwrap();
    assert_eq!(olga.roll_metrics(100).await.unwrap(), 1);
    let m = lena.metrics(week(None)).await.unwrap();
    assert_eq!((m.opened, m.closed, m.open_at_end), (4, 2, 2), "{m:?}");

    // The engineers' load read by whole UTC days and by the hours at the edges adds up to
    // the tickets' own count, however a span cuts the days.
    let now_hour = sb_domain::metrics::hour_of(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    );
    let all = sb_store::MetricsFilter::default();
    for (first, end) in [
        (now_hour - 50, now_hour + 30),
        (now_hour - 3, now_hour + 1),
        (
            now_hour.div_euclid(24) * 24,
            now_hour.div_euclid(24) * 24 + 24,
        ),
        (now_hour - 24 * 9 + 5, now_hour + 24 * 2 - 7),
    ] {
        let facts = lena
            .store()
            .metrics_facts(first * 3_600_000, end * 3_600_000, &all)
            .await
            .unwrap();
        let exact = sb_domain::metrics::roll_load(first * 3_600_000, end * 3_600_000, &facts);
        let rolled = lena.store().rolled_load(first, end).await.unwrap();
        assert_eq!(rolled, exact, "hours {first}..{end}");
        assert!(!rolled.is_empty());
    }

    // The CSV carries the same figures.
    let (name, csv) = lena.metrics_csv(week(None)).await.unwrap();
    assert!(name.ends_with(".csv"), "{name}");
    assert!(csv.contains("opened,4\r\n"), "{csv}");
    assert!(csv.contains("first response SLA kept %,100.0\r\n"), "{csv}");
    assert!(csv.contains("Ivan Sokolov,0,2,2,90\r\n"), "{csv}");

    // Time corrected and removed: the minutes kept per person and day (unfiltered) and those
    // read from the entries (filtered by client) agree.
    ivan.edit_time(
        entries[0],
        TimeInput {
            ticket_id: ivans[0],
            work_date: None,
            minutes: 70,
            work_type: "remote".into(),
            billable: true,
            note: "longer than thought".into(),
        },
    )
    .await
    .unwrap();
    ivan.delete_time(entries[1]).await.unwrap();
    let logged = |m: &sb_app::MetricsDto| {
        m.engineers
            .iter()
            .find(|e| e.name == "Ivan Sokolov")
            .map(|e| e.logged_minutes)
    };
    assert_eq!(logged(&lena.metrics(week(None)).await.unwrap()), Some(70));
    assert_eq!(
        logged(&lena.metrics(week(Some(acme))).await.unwrap()),
        Some(70)
    );
    ivan.delete_time(entries[0]).await.unwrap();
    let m = lena.metrics(week(None)).await.unwrap();
    assert_eq!(
        logged(&m),
        Some(0),
        "still listed for the tickets he closed"
    );
    assert_eq!(
        logged(&lena.metrics(week(Some(acme))).await.unwrap()),
        Some(0)
    );

    // Bad periods say what to fix.
    let e = lena
        .metrics(MetricsQuery {
            from: today.to_string(),
            to: today.plus_days(-1).to_string(),
            ..MetricsQuery::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("to"), "{e:?}");
    let e = lena
        .metrics(MetricsQuery {
            from: "2026-02-30".into(),
            to: today.to_string(),
            ..MetricsQuery::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("from"), "{e:?}");
    let e = lena
        .metrics(MetricsQuery {
            from: "2020-01-01".into(),
            to: today.to_string(),
            ..MetricsQuery::default()
        })
        .await
        .unwrap_err();
    assert!(e.message.contains("731 days"), "{e:?}");
}
