//! Writers on one SQLite file at once (issue 17, item 4): the window's background work (an
//! `App` running it in this process, as the window does), an `sb worker` process, three `sb`
//! processes creating, commenting and moving tickets, and this process writing tickets too.
//! SQLite write transactions begin IMMEDIATE (`Store::begin`): a writer waits for the lock
//! (busy_timeout) instead of failing with "database is locked" when another wrote between
//! its read and its write. Every command succeeds and every write is there.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use sb_app::{CommentInput, TicketInput};
use sb_domain::{Channel, Level, Priority, Visibility};

use crate::email::channel::{client as new_client, open_app_on};
use crate::work::{sb_binary, Worker};

/// Rounds each writer does: a ticket, a comment, a status change.
const ROUNDS: usize = 12;
const DESKS: usize = 3;

/// One `sb` command on the file as the desk at `home`; its stderr when it failed.
pub(crate) fn sb(db: &str, home: &Path, args: &[&str]) -> Result<serde_json::Value, String> {
    let out = Command::new(sb_binary())
        .args(["--db", db, "--json"])
        .args(args)
        .env("SWITCHBOARD_HOME", home)
        .env_remove("SB_DB")
        .output()
        .expect("run sb");
    if out.status.success() {
        serde_json::from_slice(&out.stdout).map_err(|e| format!("sb {args:?}: {e}"))
    } else {
        Err(format!(
            "sb {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// A desk's rounds: what failed, each with its message.
fn desk_rounds(db: &str, home: &Path, desk: usize) -> Vec<String> {
    let mut failed = Vec::new();
    for i in 0..ROUNDS {
        let subject = format!("Desk {desk} round {i}: the VPN drops");
        let t = match sb(
            db,
            home,
            &[
                "ticket",
                "create",
                "--client",
                "WRITE",
                "--direction",
                "network",
                "--subject",
                &subject,
                "--impact",
                "medium",
                "--urgency",
                "medium",
            ],
        ) {
            Ok(t) => t,
            Err(e) => {
                failed.push(e);
                continue;
            }
        };
        let number = t["number"].as_str().unwrap_or_default().to_string();
        for args in [
            vec!["ticket", "comment", &number, "--body", "Looking at it"],
            vec!["ticket", "status", &number, "in_progress"],
        ] {
            if let Err(e) = sb(db, home, &args) {
                failed.push(e);
            }
        }
    }
    failed
}

#[tokio::test(flavor = "multi_thread")]
async fn writers_on_one_sqlite_file_wait_for_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::util::sqlite_path(&dir)
        .to_string_lossy()
        .into_owned();
    let app = Arc::new(open_app_on(dir.path(), &db).await);
    let client = new_client(&app, "WRITE", "ann.lee@write.example").await;
    // A policy: the background work counts every changed ticket's clocks and rolls up the
    // report's figures, so it writes while the desks do.
    crate::util::round_the_clock_policy(&app, Priority::P3).await;

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let background = tokio::spawn(app.clone().run_background_work(stopped));
    let worker = Worker::start(&db, &dir.path().join("worker"));
    let homes: Vec<_> = (0..DESKS)
        .map(|i| dir.path().join(format!("desk{i}")))
        .collect();
    for (i, home) in homes.iter().enumerate() {
        std::fs::create_dir_all(home).unwrap();
        sb(
            &db,
            home,
            &["profile", "create", "--name", &format!("Desk {i}")],
        )
        .unwrap();
    }

    let desks: Vec<_> = homes
        .iter()
        .enumerate()
        .map(|(i, home)| {
            let (db, home) = (db.clone(), home.clone());
            tokio::task::spawn_blocking(move || desk_rounds(&db, &home, i))
        })
        .collect();
    let mut failed = Vec::new();
    for i in 0..ROUNDS {
        let written = async {
            let t = app
                .create_ticket(TicketInput {
                    client_id: client,
                    direction: "network".into(),
                    subject: format!("This desk round {i}: the printer jams"),
                    description: String::new(),
                    impact: Level::Medium,
                    urgency: Level::Medium,
                    channel: Channel::Phone,
                    contact_id: None,
                })
                .await?;
            app.add_comment(CommentInput {
                ticket_id: t.id,
                body: "Paper ordered".into(),
                visibility: Visibility::Internal,
            })
            .await
        }
        .await;
        if let Err(e) = written {
            failed.push(format!("this desk: {e:?}"));
        }
    }
    for d in desks {
        failed.extend(d.await.unwrap());
    }
    stop.send(true).unwrap();
    background.await.unwrap();
    let worker_log = worker.stop();

    assert!(failed.is_empty(), "writes refused:\n{}", failed.join("\n"));
    assert!(
        !worker_log.contains("database is locked"),
        "the worker met a locked database:\n{worker_log}"
    );
    let app_log: String = std::fs::read_dir(dir.path().join("home/logs"))
        .map(|d| {
            d.flatten()
                .map(|f| std::fs::read_to_string(f.path()).unwrap_or_default())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        !app_log.contains("database is locked"),
        "the background work met a locked database:\n{app_log}"
    );
    // Every write is there: each desk's tickets, comments and moves, and this desk's.
    let pool = sqlx::SqlitePool::connect(&format!("sqlite:{db}"))
        .await
        .unwrap();
    let (tickets, moved): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), SUM(CASE WHEN status = 'in_progress' THEN 1 ELSE 0 END) FROM tickets",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(tickets, ((DESKS + 1) * ROUNDS) as i64);
    assert_eq!(moved, (DESKS * ROUNDS) as i64);
    let comments: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM comments WHERE body IN ('Looking at it', 'Paper ordered')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(comments, ((DESKS + 1) * ROUNDS) as i64);
}
