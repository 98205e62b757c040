//! Live updates between two handles on one database (two pools, as two desks have): what one
//! writes reaches the other's change feed, on both backends, with the time it took.

use std::time::{Duration, Instant};

use sb_domain::{Channel, Level, Role, Status, Visibility};
use sb_store::{ChangeKind, DbLocation, Store};

use crate::store::{client_write, new_ticket};
use crate::util::{pg, sqlite_path};

async fn next_of(
    feed: &mut sb_store::ChangeFeed,
    want: impl Fn(&sb_store::Change) -> bool,
) -> (sb_store::Change, Duration) {
    let started = Instant::now();
    loop {
        let batch = tokio::time::timeout(Duration::from_secs(5), feed.next())
            .await
            .expect("a change within 5 s")
            .expect("the feed is alive");
        assert!(!batch.everything, "nothing was missed: {batch:?}");
        if let Some(c) = batch.changes.into_iter().find(|c| want(c)) {
            return (c, started.elapsed());
        }
    }
}

/// Two desks on `location` (a writer and a reader), an engineer and a client.
async fn two_desks(location: &DbLocation) -> (Store, Store, sb_store::User, i64) {
    let writer = Store::open(location).await.unwrap();
    let reader = Store::open(location).await.unwrap();
    let anna = writer.create_user("Анна", Role::Engineer, 1).await.unwrap();
    let client = writer
        .create_client(&client_write("NORD", "Nord", None, &[]), 1)
        .await
        .unwrap();
    (writer, reader, anna, client)
}

async fn a_ticket(writer: &Store, anna: &sb_store::User, client: i64, subject: &str) -> i64 {
    writer
        .create_ticket(
            &new_ticket(
                client,
                anna.id,
                subject,
                Level::High,
                Level::High,
                "network",
            ),
            2,
        )
        .await
        .unwrap()
}

async fn one_desk_sees_another(location: DbLocation) {
    let (writer, reader, anna, client) = two_desks(&location).await;
    let mut feed = reader.changes().await.unwrap();
    let id = a_ticket(&writer, &anna, client, "VPN down").await;
    let (c, _) = next_of(&mut feed, |c| c.kind == ChangeKind::Ticket).await;
    assert_eq!(
        (c.id, c.ticket, c.client, c.version),
        (id, Some(id), Some(client), Some(1))
    );

    let mut latencies = Vec::new();
    for i in 0..30 {
        let t = Instant::now();
        let comment = writer
            .add_comment_with_outbox(
                id,
                anna.id,
                &format!("note {i}"),
                Visibility::Internal,
                Channel::Desktop,
                None,
                3 + i,
            )
            .await
            .unwrap();
        let (c, _) = next_of(&mut feed, |c| {
            c.kind == ChangeKind::Comment && c.id == comment
        })
        .await;
        latencies.push(t.elapsed());
        assert_eq!(c.ticket, Some(id));
    }
    let ticket = writer.ticket(id).await.unwrap().expect("the ticket");
    crate::store::change(&writer, id, Status::InProgress, None, &anna, 100).await;
    let (c, _) = next_of(&mut feed, |c| {
        c.kind == ChangeKind::Ticket && c.version > Some(ticket.version)
    })
    .await;
    assert_eq!(c.id, id);

    latencies.sort();
    let p = |q: usize| latencies[(latencies.len() * q / 100).min(latencies.len() - 1)];
    println!(
        "{:?}: commit to the other handle's feed p50 {:?}, p95 {:?}, max {:?}",
        location.backend(),
        p(50),
        p(95),
        latencies.last().unwrap()
    );
    assert!(
        p(95) < Duration::from_secs(1),
        "within a second: {latencies:?}"
    );

    // Dropping the feed stops the watching; the writer goes on unbothered.
    drop(feed);
    writer
        .add_comment_with_outbox(
            id,
            anna.id,
            "after",
            Visibility::Internal,
            Channel::Desktop,
            None,
            200,
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn sqlite_one_desk_sees_another() {
    let dir = tempfile::tempdir().unwrap();
    one_desk_sees_another(DbLocation::SqliteFile(sqlite_path(&dir))).await;
}

#[tokio::test]
async fn postgres_one_desk_sees_another() {
    one_desk_sees_another(DbLocation::Postgres(pg::pg_url_for_new_database())).await;
}

/// The background work's own bookkeeping (a ticket's clocks counted again to the same result,
/// the lead's rollup) is not announced: at a million tickets it announced every ticket, and
/// each window read its queue again after every round. Clocks that change what is shown are.
async fn bookkeeping_is_not_announced(location: DbLocation) {
    let (writer, reader, anna, client) = two_desks(&location).await;
    let id = a_ticket(&writer, &anna, client, "Disk full").await;
    let clocks = sb_store::ClockColumns {
        response_due: Some(10_000),
        resolution_due: Some(50_000),
        sla_due: Some(10_000),
        breached: false,
        alert_at: Some(7_500),
        response_ok: None,
        resolution_ok: None,
    };
    writer.set_clock_columns(id, &clocks, 3).await.unwrap();
    let mut feed = reader.changes().await.unwrap();
    // Counted again, the same clocks; then rolled up.
    writer.set_clock_columns(id, &clocks, 4).await.unwrap();
    let stale = writer.stale_rolls(10).await.unwrap();
    assert_eq!(stale.len(), 1, "{stale:?}");
    writer.put_rolled(&[], &[], &stale).await.unwrap();
    // A comment after them (it moves the ticket to version 2): the first changes the feed
    // gives are the comment's, none at version 1.
    let comment = writer
        .add_comment_with_outbox(
            id,
            anna.id,
            "checked",
            Visibility::Internal,
            Channel::Desktop,
            None,
            5,
        )
        .await
        .unwrap();
    let batch = tokio::time::timeout(Duration::from_secs(5), feed.next())
        .await
        .expect("a change within 5 s")
        .expect("the feed is alive");
    assert!(!batch.everything, "{batch:?}");
    assert!(
        batch
            .changes
            .iter()
            .all(|c| (c.kind == ChangeKind::Comment && c.id == comment)
                || (c.kind == ChangeKind::Ticket && c.version == Some(2))),
        "only the comment's: {batch:?}"
    );
    // A clock that passes its target is shown in the queue: announced.
    let breached = sb_store::ClockColumns {
        breached: true,
        response_ok: Some(false),
        ..clocks
    };
    writer
        .set_clock_columns(id, &breached, 20_000)
        .await
        .unwrap();
    let (c, _) = next_of(&mut feed, |c| c.kind == ChangeKind::Ticket).await;
    assert_eq!(c.id, id);
}

#[tokio::test]
async fn sqlite_bookkeeping_is_not_announced() {
    let dir = tempfile::tempdir().unwrap();
    bookkeeping_is_not_announced(DbLocation::SqliteFile(sqlite_path(&dir))).await;
}

#[tokio::test]
async fn postgres_bookkeeping_is_not_announced() {
    bookkeeping_is_not_announced(DbLocation::Postgres(pg::pg_url_for_new_database())).await;
}

/// A reader that fell further behind than the log keeps is told to reload everything.
#[tokio::test]
async fn sqlite_reader_behind_the_log_reloads_everything() {
    let dir = tempfile::tempdir().unwrap();
    let location = DbLocation::SqliteFile(sqlite_path(&dir));
    let writer = Store::open(&location).await.unwrap();
    let reader = Store::open(&location).await.unwrap();
    let mut feed = reader.changes().await.unwrap();
    // 12,000 changes in one transaction: the log keeps the last 10,000 or so.
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000) \
         INSERT INTO change_log (kind, row_id) SELECT 'comment', i FROM n",
    )
    .execute(writer.pool())
    .await
    .unwrap();
    let batch = tokio::time::timeout(Duration::from_secs(5), feed.next())
        .await
        .expect("a batch")
        .expect("alive");
    assert!(batch.everything, "{} changes listed", batch.changes.len());
}
