//! The change feed: what other desks (and other processes on this machine) changed, as it is
//! committed, so an open window updates without polling.
//!
//! PostgreSQL announces each change on the channel `sb_changes` (migration 0030's triggers);
//! a listener on a connection of its own hears it. SQLite writes each change to `change_log`
//! in the writer's transaction; a reader wakes when the database file changes (inotify, so a
//! CLI or a worker process on the same file is seen too) and reads past the last id it saw.
//! Either way changes come in batches: the first change, then whatever follows within a few
//! milliseconds. A batch marked `everything` means some changes may have been missed (the
//! listener lost its connection, the reader fell behind the log, a burst too big to list):
//! reload what is shown.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use sb_domain::Sensitive;
use sqlx::postgres::PgListener;
use sqlx::Row;
use tokio::sync::mpsc;

use crate::{Backend, Result, Store};

/// The PostgreSQL channel migration 0030's triggers announce on.
pub const CHANNEL: &str = "sb_changes";
/// How long a batch gathers after its first change.
const GATHER: Duration = Duration::from_millis(10);
/// More changes than this in one batch: say "everything" instead of listing them.
const MAX_LISTED: usize = 256;
/// After the file changes, SQLite's log is read again this long after the wake-up (ms), so a
/// commit whose file write came before its log row was visible is not left for the next one.
const SQLITE_REREADS: [u64; 4] = [5, 50, 250, 1000];

/// What kind of row changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    Ticket,
    Comment,
    TimeEntry,
    Package,
    Bond,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Ticket => "ticket",
            ChangeKind::Comment => "comment",
            ChangeKind::TimeEntry => "time_entry",
            ChangeKind::Package => "package",
            ChangeKind::Bond => "bond",
        }
    }
}

impl FromStr for ChangeKind {
    type Err = ();

    fn from_str(s: &str) -> std::result::Result<ChangeKind, ()> {
        [
            ChangeKind::Ticket,
            ChangeKind::Comment,
            ChangeKind::TimeEntry,
            ChangeKind::Package,
            ChangeKind::Bond,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or(())
    }
}

/// One committed change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    /// The ticket it belongs to (a ticket's own id for a ticket).
    pub ticket: Option<i64>,
    /// The client it belongs to, where the row says.
    pub client: Option<i64>,
    /// The changed row's id.
    pub id: i64,
    /// A ticket's version after the change.
    pub version: Option<i64>,
}

impl Change {
    /// Reads the triggers' PostgreSQL payload `kind:ticket:client:row:version`.
    pub fn from_payload(payload: &str) -> Option<Change> {
        let mut parts = payload.split(':');
        let kind = parts.next()?.parse().ok()?;
        let number = |p: Option<&str>| -> Option<Option<i64>> {
            match p? {
                "" => Some(None),
                n => n.parse().ok().map(Some),
            }
        };
        let ticket = number(parts.next())?;
        let client = number(parts.next())?;
        let id = number(parts.next())??;
        let version = number(parts.next())?;
        parts.next().is_none().then_some(Change {
            kind,
            ticket,
            client,
            id,
            version,
        })
    }
}

/// Changes that came together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeBatch {
    pub changes: Vec<Change>,
    /// Some changes may be missing: reload everything shown.
    pub everything: bool,
}

impl ChangeBatch {
    fn push(&mut self, change: Change) {
        if self.changes.len() >= MAX_LISTED {
            self.everything = true;
            self.changes.clear();
        }
        if !self.everything {
            self.changes.push(change);
        }
    }

    fn is_empty(&self) -> bool {
        self.changes.is_empty() && !self.everything
    }
}

/// Batches of changes as they are committed; the watching stops when this is dropped.
#[derive(Debug)]
pub struct ChangeFeed {
    rx: mpsc::Receiver<ChangeBatch>,
    task: tokio::task::JoinHandle<()>,
}

impl ChangeFeed {
    /// The next batch; `None` once the feed has stopped for good.
    pub async fn next(&mut self) -> Option<ChangeBatch> {
        self.rx.recv().await
    }
}

impl Drop for ChangeFeed {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Where the feed listens: kept by the store from its opening.
#[derive(Debug, Clone)]
pub(crate) enum FeedSource {
    Sqlite(PathBuf),
    /// The URL the pool connected with (TLS settings and password in it); replaced when the
    /// signed-in member changes their password, so a listener that connects again uses the new
    /// one.
    Postgres(std::sync::Arc<std::sync::RwLock<Sensitive<String>>>),
}

impl Store {
    /// Starts watching for committed changes (this process's and every other's).
    pub async fn changes(&self) -> Result<ChangeFeed> {
        let (tx, rx) = mpsc::channel(64);
        let task = match (&self.feed, self.backend()) {
            (FeedSource::Postgres(url), Backend::Postgres) => {
                let now = url.read().expect("the feed's URL").clone();
                let listener = listen(now.expose()).await?;
                tokio::spawn(postgres_feed(listener, url.clone(), tx))
            }
            (FeedSource::Sqlite(path), _) => {
                let last = self.last_change().await?;
                let (wake_tx, wake_rx) = mpsc::unbounded_channel();
                let watcher = watch_file(path, wake_tx)?;
                tokio::spawn(sqlite_feed(self.clone(), last, watcher, wake_rx, tx))
            }
            (FeedSource::Postgres(_), Backend::Sqlite) => {
                unreachable!("a store's feed source follows its backend")
            }
        };
        Ok(ChangeFeed { rx, task })
    }

    /// The newest id in SQLite's change log (0 when empty).
    async fn last_change(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(id), 0) FROM change_log")
                .fetch_one(self.pool())
                .await?,
        )
    }

    /// The changes after `after` in SQLite's log, at most a batch and one; `None` when the log
    /// no longer holds the change right after `after` (pruned: changes were missed).
    async fn changes_after(&self, after: i64) -> Result<Option<Vec<(i64, Change)>>> {
        let rows = sqlx::query(
            "SELECT id, kind, ticket_id, client_id, row_id, version FROM change_log \
             WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(MAX_LISTED as i64 + 1)
        .fetch_all(self.pool())
        .await?;
        if let Some(first) = rows.first() {
            let id: i64 = first.try_get(0)?;
            // Ids grow by one per change; a gap right after ours means pruned rows (a rolled
            // back transaction also leaves none, which costs one needless reload).
            if after > 0 && id > after + 1 {
                let oldest: i64 = sqlx::query_scalar("SELECT COALESCE(MIN(id), 0) FROM change_log")
                    .fetch_one(self.pool())
                    .await?;
                if oldest > after + 1 {
                    return Ok(None);
                }
            }
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let kind: String = r.try_get(1)?;
            let Ok(kind) = kind.parse() else { continue };
            out.push((
                r.try_get(0)?,
                Change {
                    kind,
                    ticket: r.try_get(2)?,
                    client: r.try_get(3)?,
                    id: r.try_get(4)?,
                    version: r.try_get(5)?,
                },
            ));
        }
        Ok(Some(out))
    }
}

async fn listen(url: &str) -> Result<PgListener> {
    let mut listener = PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

async fn postgres_feed(
    mut listener: PgListener,
    url: std::sync::Arc<std::sync::RwLock<Sensitive<String>>>,
    tx: mpsc::Sender<ChangeBatch>,
) {
    loop {
        let mut batch = ChangeBatch::default();
        match listener.try_recv().await {
            Ok(Some(n)) => {
                if let Some(c) = Change::from_payload(n.payload()) {
                    batch.push(c);
                }
                // Whatever follows within the gathering time rides along.
                let until = tokio::time::Instant::now() + GATHER;
                while let Ok(Ok(Some(n))) =
                    tokio::time::timeout_at(until, listener.try_recv()).await
                {
                    if let Some(c) = Change::from_payload(n.payload()) {
                        batch.push(c);
                    }
                }
            }
            // The connection was lost (sqlx connects again on the next call): whatever was
            // announced meanwhile is gone, so everything may have changed.
            Ok(None) => batch.everything = true,
            Err(_) => {
                // Not even a new connection: wait, then start a listener afresh.
                tokio::time::sleep(Duration::from_secs(1)).await;
                let now = url.read().expect("the feed's URL").clone();
                match listen(now.expose()).await {
                    Ok(l) => {
                        listener = l;
                        batch.everything = true;
                    }
                    Err(_) => continue,
                }
            }
        }
        if !batch.is_empty() && tx.send(batch).await.is_err() {
            return;
        }
    }
}

/// Wakes `wake` whenever the database file (or its WAL) is written, by any process.
fn watch_file(
    path: &std::path::Path,
    wake: mpsc::UnboundedSender<()>,
) -> Result<notify::RecommendedWatcher> {
    use notify::Watcher;
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."))
        .to_path_buf();
    let name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let ours = event.map(|e| {
            e.paths.iter().any(|p| {
                p.file_name()
                    .and_then(|f| f.to_str())
                    .zip(name.to_str())
                    .is_some_and(|(f, n)| f.starts_with(n))
            })
        });
        // An error from the watcher itself: read the log anyway, it costs one query.
        if ours.unwrap_or(true) {
            // The feed is gone when this fails; its watcher goes with it.
            wake.send(()).ok();
        }
    })
    .map_err(|e| crate::StoreError::Watch(e.to_string()))?;
    watcher
        .watch(&folder, notify::RecursiveMode::NonRecursive)
        .map_err(|e| crate::StoreError::Watch(e.to_string()))?;
    Ok(watcher)
}

async fn sqlite_feed(
    store: Store,
    mut last: i64,
    _watcher: notify::RecommendedWatcher,
    mut wake: mpsc::UnboundedReceiver<()>,
    tx: mpsc::Sender<ChangeBatch>,
) {
    while wake.recv().await.is_some() {
        tokio::time::sleep(GATHER).await;
        while wake.try_recv().is_ok() {}
        let mut waited = 0;
        for at in std::iter::once(0).chain(SQLITE_REREADS) {
            tokio::time::sleep(Duration::from_millis(at - waited)).await;
            waited = at;
            let batch = match store.changes_after(last).await {
                Ok(Some(rows)) => {
                    let mut batch = ChangeBatch::default();
                    if let Some((id, _)) = rows.last() {
                        last = *id;
                    }
                    for (_, c) in rows {
                        batch.push(c);
                    }
                    batch
                }
                Ok(None) | Err(_) => {
                    // Fell behind the log (or could not read it): start again from its end.
                    last = store.last_change().await.unwrap_or(last);
                    ChangeBatch {
                        changes: Vec::new(),
                        everything: true,
                    }
                }
            };
            if !batch.is_empty() && tx.send(batch).await.is_err() {
                return;
            }
            // A new wake-up starts the re-reads over.
            if !wake.is_empty() {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_read_back_as_the_triggers_write_them() {
        assert_eq!(
            Change::from_payload("ticket:12:3:12:7"),
            Some(Change {
                kind: ChangeKind::Ticket,
                ticket: Some(12),
                client: Some(3),
                id: 12,
                version: Some(7),
            })
        );
        assert_eq!(
            Change::from_payload("package::3:40:"),
            Some(Change {
                kind: ChangeKind::Package,
                ticket: None,
                client: Some(3),
                id: 40,
                version: None,
            })
        );
        for bad in [
            "",
            "ticket",
            "nothing:1:2:3:4",
            "ticket:1:2::4",
            "ticket:1:2:3:4:5",
            "ticket:x:2:3:4",
        ] {
            assert_eq!(Change::from_payload(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_batch_too_big_to_list_says_everything() {
        let mut b = ChangeBatch::default();
        for id in 0..=MAX_LISTED as i64 {
            b.push(Change {
                kind: ChangeKind::Comment,
                ticket: Some(1),
                client: None,
                id,
                version: None,
            });
        }
        assert!(b.everything && b.changes.is_empty());
    }
}
