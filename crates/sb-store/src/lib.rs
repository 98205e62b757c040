//! Switchboard's storage: one [`Store`] over SQLite (the embedded default) or PostgreSQL
//! (team mode). Each backend owns its forward-only migrations; queries are written once, in
//! SQL both backends accept, and run through sqlx's `Any` driver.
//!
//! API Boundary: the store speaks domain types and plain records; it never decides a business
//! rule (the app layer asks `sb-domain` first and hands the store the outcome).

mod alerts;
mod backup;
mod changes;
mod clients;
mod desk;
mod error;
mod kb;
mod leases;
mod ledger;
mod location;
mod mail;
mod metrics;
mod notices;
mod outbox;
mod queue;
mod records;
mod relocate;
mod routing;
mod search;
mod sla;
mod team;
mod tickets;
mod vendors;
mod views;

pub use alerts::{
    AlertNote, AlertRecord, AlertSeen, AlertSourceRecord, AlertSourceWrite, RefireTicket,
    UnmatchedAlert,
};
pub use backup::{
    pre_migration_copies, restore, schema_version, BackupReport, PRE_MIGRATION_COPIES_KEPT,
};
pub use tickets::{Correction, StatusChange};

use std::time::Duration;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor, Row};

pub use changes::{Change, ChangeBatch, ChangeFeed, ChangeKind, CHANNEL as CHANGE_CHANNEL};
pub use desk::AssignmentNoticeRecord;
pub use error::StoreError;
pub use kb::{Article, ArticleWrite, SimilarTicket};
pub use leases::{current_lease, fenced, Holder, Lease, LeaseRecord};
pub use ledger::{
    Crossed, CrossedAt, DrawWrite, EntryRecord, EntryWrite, LedgerMove, PackageChange,
    PackageRecord, PackageWrite, PortfolioRow, ThresholdNoticeRow, UsageRow,
};
pub use location::{Backend, DbLocation};
pub use mail::{
    AttachmentInfo, AttachmentWrite, FileContent, InboundRecord, MailMessage, MailSource,
    MailState, MailboxRecord, MailboxWrite, Requester, StoredFile,
};
pub use metrics::{MetricsFilter, PersonLoad, RolledDay, RolledHour, StaleRoll};
pub use notices::{
    ClientNoticeSettings, NoticeDefaults, NoticeTemplateRecord, NoticeWrite, SatisfactionRecord,
    WaitingTicket,
};
pub use outbox::{OutboxItem, OutboxState, OutboxWrite, VendorMessage};
pub use queue::{
    queue_count_sql, queue_sql, QueueCursor, QueueFilter, QueuePart, QueueSort, SqlValue,
};
pub use records::*;
pub use relocate::{MoveReport, TableCopy};
pub use routing::{DecisionRecord, RoutedRecord, RoutingWrite, RuleRecord};
pub use search::{
    fts_query, headline_options, search_sql, search_top_sql, search_wide_sql, search_windows,
    HitKind, SearchCursor, SearchHit, MARK_END, MARK_START,
};
pub use sla::{
    CalendarDay, CalendarRecord, CalendarWrite, ClockColumns, ClockFacts, CrossingWrite,
    CrossingsRecorded, PolicyRecord, PolicyWrite, SlaNoticeRecord, TargetRecord,
};
pub use team::{
    group_role, one_time_password, scram_verifier, Invitee, Member, Removed, TeamInfo, TeamSetUp,
};
pub use vendors::{
    BondApplied, BondRecord, BondTiming, BondUpdate, Escalation, VendorMail, VendorRecord,
    VendorWrite,
};
pub use views::SavedView;

pub type Result<T> = std::result::Result<T, StoreError>;

/// The database of one Switchboard workspace.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Where [`Store::changes`] listens.
    feed: changes::FeedSource,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Store {
    /// Opens (creating if needed) the database and brings its schema up to date.
    ///
    /// A database written by a newer Switchboard, or a file that is not a database, is an error
    /// that says so; nothing is ever reset or overwritten.
    pub async fn open(location: &DbLocation) -> Result<Store> {
        Store::open_with(location, None).await
    }

    /// [`Store::open`] signing in to PostgreSQL with `password` (from the OS keychain); without
    /// one, PostgreSQL's own `~/.pgpass` is read.
    pub async fn open_with(
        location: &DbLocation,
        password: Option<&sb_domain::Sensitive<String>>,
    ) -> Result<Store> {
        let store = Store::connect(location, password).await?;
        let schema = store.schema_state(location).await?;
        if !schema.pending.is_empty() {
            if schema.team {
                // Only the owner migrates a team workspace, with `sb team upgrade`: a newer
                // desktop migrating it would lock every older one out.
                return Err(StoreError::NeedsUpgrade {
                    location: location.to_string(),
                    applied: schema.applied,
                    needed: schema.known,
                });
            }
            store.migrate(location).await?;
        }
        if store.backend == Backend::Sqlite {
            widen_roles(&store.pool).await?;
        }
        Ok(store)
    }

    /// Opens a workspace without bringing its schema up to date, for `sb team upgrade` (which
    /// takes a backup, then calls [`Store::migrate`]); a newer schema is still refused.
    pub async fn open_for_upgrade(
        location: &DbLocation,
        password: Option<&sb_domain::Sensitive<String>>,
    ) -> Result<(Store, SchemaState)> {
        let store = Store::connect(location, password).await?;
        let schema = store.schema_state(location).await?;
        Ok((store, schema))
    }

    async fn connect(
        location: &DbLocation,
        password: Option<&sb_domain::Sensitive<String>>,
    ) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = location.backend();
        let url = location.connect_url(password)?;
        probe(location, &url).await?;
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                // A writer waiting for SQLite's lock (busy_timeout) holds its connection
                // meanwhile; the lock's holder must still find one free for its reads, or
                // it waits for those who wait for it.
                Backend::Sqlite => 16,
                Backend::Postgres => 8,
            })
            .acquire_timeout(Duration::from_secs(10))
            // A connection left unused for a minute is closed: a window at rest does not keep
            // sixteen SQLite page caches and their prepared statements (or eight server
            // sessions), and opening one again costs a millisecond.
            .idle_timeout(Duration::from_secs(60))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL for readers beside a writer; FULL so an acknowledged write
                        // survives power loss; a busy timeout instead of instant lock errors.
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .map_err(|e| StoreError::open(location, e))?;
        let feed = match location {
            DbLocation::SqliteFile(path) => changes::FeedSource::Sqlite(path.clone()),
            DbLocation::Postgres(_) => changes::FeedSource::Postgres(std::sync::Arc::new(
                std::sync::RwLock::new(url.into()),
            )),
        };
        Ok(Store {
            pool,
            backend,
            feed,
        })
    }

    fn migrator(&self) -> &'static sqlx::migrate::Migrator {
        match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }

    /// Where the schema stands against the migrations this version carries. One this version
    /// does not know is refused at once, naming the version to install when a team's upgrade
    /// recorded it.
    pub async fn schema_state(&self, location: &DbLocation) -> Result<SchemaState> {
        let has_table = |name: &str| match self.backend {
            Backend::Sqlite => format!(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{name}'"
            ),
            Backend::Postgres => format!(
                "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() \
                 AND tablename = '{name}'"
            ),
        };
        let migrated: i64 = sqlx::query_scalar(&has_table("_sqlx_migrations"))
            .fetch_one(&self.pool)
            .await?;
        let applied: Vec<i64> = if migrated > 0 {
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
                .fetch_all(&self.pool)
                .await?
        } else {
            Vec::new()
        };
        let team_rows: i64 = if sqlx::query_scalar::<_, i64>(&has_table("team"))
            .fetch_one(&self.pool)
            .await?
            > 0
        {
            sqlx::query_scalar("SELECT COUNT(*) FROM team")
                .fetch_one(&self.pool)
                .await?
        } else {
            0
        };
        let known: Vec<i64> = self.migrator().iter().map(|m| m.version).collect();
        if let Some(unknown) = applied.iter().find(|v| !known.contains(v)) {
            let install = if team_rows > 0 {
                Some(
                    sqlx::query_scalar::<_, String>("SELECT app_version FROM team WHERE id = 1")
                        .fetch_one(&self.pool)
                        .await?,
                )
            } else {
                None
            };
            return Err(StoreError::TooNew {
                location: location.to_string(),
                version: *unknown,
                install,
            });
        }
        Ok(SchemaState {
            applied: applied.iter().copied().max().unwrap_or(0),
            known: known.iter().copied().max().unwrap_or(0),
            pending: known.into_iter().filter(|v| !applied.contains(v)).collect(),
            team: team_rows > 0,
        })
    }

    /// Brings the schema up to date; a local file gets its copy first.
    pub async fn migrate(&self, location: &DbLocation) -> Result<()> {
        if let DbLocation::SqliteFile(path) = location {
            backup::copy_before_migrating(&self.pool, path).await?;
        }
        self.migrator()
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::migrate(location, e))
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The connection pool, for benchmarks that compare the store with raw SQL.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Opens a run of writes: one transaction that [`Writes::commit`] makes durable at once,
    /// so a poll of many alerts or a fetch of many messages costs a few commits, not one each.
    pub async fn writes(&self) -> Result<Writes> {
        Ok(Writes {
            store: self.clone(),
            tx: self.begin().await?,
            written: 0,
            item_start: None,
            clean_sources: Default::default(),
        })
    }

    /// Begins a write transaction; inside [`fenced`] work, it first checks the lease (so a
    /// process that lost its unit to another records nothing).
    pub(crate) async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        let mut tx = self.begin_unfenced().await?;
        leases::check_fence(&mut tx, self.backend).await?;
        Ok(tx)
    }

    /// Begins a write transaction without the fence: only for recording what has already
    /// happened outside (a reply the SMTP server took), which stays true whoever holds the
    /// unit now.
    pub(crate) async fn begin_unfenced(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        // SQLite: IMMEDIATE takes the write lock now, waiting for it (busy_timeout) while
        // another process writes; a deferred transaction that read first would instead fail at
        // its first write whenever another writer had come in between.
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// One statement in a transaction of its own (see [`Store::begin`]): rows it changed.
    pub(crate) async fn write_one<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> Result<u64> {
        let mut tx = self.begin().await?;
        let n = query.execute(&mut *tx).await?.rows_affected();
        tx.commit().await?;
        Ok(n)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    // --- people -------------------------------------------------------------------------

    pub async fn create_user(&self, name: &str, role: sb_domain::Role, now: i64) -> Result<User> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (name, role, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(name)
        .bind(role.as_str())
        .bind(now)
        .fetch_one(&self.pool)
        .await?;
        Ok(User {
            id,
            name: name.to_string(),
            role,
            line: None,
        })
    }

    pub async fn user(&self, id: i64) -> Result<Option<User>> {
        sqlx::query("SELECT id, name, role, line FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| user_from_row(&r))
            .transpose()
    }

    /// Sets the line a person works (`None`: every line). A channel's system person works no
    /// line: `Conflict`. In a team workspace only the owner may (the database refuses others).
    pub async fn set_user_line(&self, id: i64, line: Option<sb_domain::Line>) -> Result<User> {
        let mut tx = self.begin().await?;
        let system: Option<i64> = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM system_users s WHERE s.user_id = u.id) \
             FROM users u WHERE u.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        match system {
            None => {
                return Err(StoreError::NotFound {
                    what: "person",
                    id: id.to_string(),
                })
            }
            Some(n) if n > 0 => {
                return Err(StoreError::Conflict(format!(
                    "person {id} is a channel's system person (Monitoring, Vendor, SLA), who works no line"
                )))
            }
            Some(_) => {}
        }
        sqlx::query("UPDATE users SET line = $1 WHERE id = $2")
            .bind(line.map(sb_domain::Line::as_str))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.user(id).await?.ok_or_else(|| StoreError::NotFound {
            what: "person",
            id: id.to_string(),
        })
    }

    /// Everyone, by name: the assignee pickers. A service desk has tens of people, not millions.
    /// Someone removed from the team is left out (their history keeps their name).
    pub async fn users(&self) -> Result<Vec<User>> {
        sqlx::query(
            "SELECT id, name, role, line FROM users WHERE id NOT IN \
               (SELECT user_id FROM team_members WHERE removed_at IS NOT NULL) \
             ORDER BY name, id",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(user_from_row)
        .collect()
    }

    pub async fn directions(&self) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT code FROM directions ORDER BY position, code")
                .fetch_all(&self.pool)
                .await?,
        )
    }
}

/// One connection before the pool: a file that is not a database fails here at once with a
/// clear error (the pool would retry until its timeout), and a database that some other program
/// owns is refused instead of having our tables added to it.
async fn probe(location: &DbLocation, url: &str) -> Result<()> {
    use sqlx::Connection;
    let mut conn = sqlx::AnyConnection::connect(url)
        .await
        .map_err(|e| StoreError::open(location, e))?;
    let (tables, ours): (&str, &str) = match location.backend() {
        Backend::Sqlite => (
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        ),
        Backend::Postgres => (
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()",
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() \
             AND table_name = '_sqlx_migrations'",
        ),
    };
    let tables: i64 = sqlx::query_scalar(tables)
        .fetch_one(&mut conn)
        .await
        .map_err(|e| StoreError::open(location, e))?;
    let ours: i64 = sqlx::query_scalar(ours)
        .fetch_one(&mut conn)
        .await
        .map_err(|e| StoreError::open(location, e))?;
    if location.backend() == Backend::Postgres {
        // Search folds letter case with the database's character type; under C it would
        // leave Russian text case-sensitive, silently.
        let ctype: String = sqlx::query_scalar("SELECT current_setting('lc_ctype')")
            .fetch_one(&mut conn)
            .await
            .map_err(|e| StoreError::open(location, e))?;
        if ctype == "C" || ctype == "POSIX" {
            let _ = conn.close().await;
            return Err(StoreError::Unavailable {
                location: location.to_string(),
                detail: format!(
                    "the database's character type is {ctype}, under which Russian text cannot be searched regardless of letter case; create it with a UTF-8 one: CREATE DATABASE ... TEMPLATE template0 LC_CTYPE 'C.UTF-8'"
                ),
            });
        }
    }
    let _ = conn.close().await;
    if tables > 0 && ours == 0 {
        return Err(StoreError::Corrupt {
            location: location.to_string(),
            detail: format!("it holds {tables} tables of another program"),
        });
    }
    Ok(())
}

/// SQLite: the people table's CHECK learns the lead role (migration 0031's part that SQLite
/// cannot do inside the migrator's transaction). The table is rebuilt the way SQLite documents
/// for a changed constraint: foreign keys off on one connection, a new table, the rows copied,
/// the old one dropped and the new one renamed, all in one transaction. Harmless to repeat; a
/// no-op once done. It runs after the migrations, so it keeps the columns they added (`line`,
/// migration 0042).
async fn widen_roles(pool: &AnyPool) -> Result<()> {
    let sql: Option<String> =
        sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'")
            .fetch_optional(pool)
            .await?;
    if sql.is_none_or(|s| s.contains("'lead'")) {
        return Ok(());
    }
    let mut conn = pool.acquire().await?;
    conn.execute("PRAGMA foreign_keys = OFF").await?;
    let rebuilt = async {
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        tx.execute(
            "CREATE TABLE users_next (\
                 id INTEGER PRIMARY KEY, \
                 name TEXT NOT NULL, \
                 role TEXT NOT NULL CHECK (role IN ('engineer', 'lead', 'account_manager', 'admin')), \
                 created_at INTEGER NOT NULL, \
                 line TEXT CHECK (line IN ('l1', 'l2', 'l3'))); \
             INSERT INTO users_next (id, name, role, created_at, line) \
                 SELECT id, name, role, created_at, line FROM users; \
             DROP TABLE users; \
             ALTER TABLE users_next RENAME TO users;",
        )
        .await?;
        let broken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pragma_foreign_key_check")
            .fetch_one(&mut *tx)
            .await?;
        if broken > 0 {
            return Err(StoreError::Corrupt {
                location: "the local database".into(),
                detail: format!("{broken} references to people do not resolve"),
            });
        }
        tx.commit().await?;
        Ok(())
    }
    .await;
    conn.execute("PRAGMA foreign_keys = ON").await?;
    rebuilt
}

/// Where a workspace's schema stands against this version's migrations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaState {
    /// The newest migration applied (0 for an empty database).
    pub applied: i64,
    /// The newest migration this version carries.
    pub known: i64,
    /// The migrations this version would apply.
    pub pending: Vec<i64>,
    /// Whether `sb team init` made it a team workspace (only its owner migrates it).
    pub team: bool,
}

pub(crate) fn user_from_row(r: &AnyRow) -> Result<User> {
    Ok(User {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        role: records::parse_word(r, "role")?,
        line: records::parse_optional_word(r, "line")?,
    })
}

/// Writes in one open transaction (see [`Store::writes`]); the alert and mail writes are its
/// methods. Dropped without [`Writes::commit`], it writes nothing.
pub struct Writes {
    store: Store,
    tx: sqlx::Transaction<'static, sqlx::Any>,
    written: usize,
    /// While one item's writes are open ([`Writes::begin_item`]): the count before it.
    item_start: Option<usize>,
    /// Alert sources this run knows to have no unmatched alerts (nothing to clear on open).
    clean_sources: std::collections::HashSet<i64>,
}

impl std::fmt::Debug for Writes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writes")
            .field("written", &self.written)
            .finish_non_exhaustive()
    }
}

impl Writes {
    /// How many writes wait for the commit.
    pub fn pending(&self) -> usize {
        self.written
    }

    /// Marks where one item's writes (a message, an alert) begin, so that an item the database
    /// refuses is undone alone and the run goes on ([`Writes::undo_item`]).
    pub async fn begin_item(&mut self) -> Result<()> {
        (&mut *self.tx).execute("SAVEPOINT sb_item").await?;
        self.item_start = Some(self.written);
        Ok(())
    }

    /// The item's writes stay (to be committed with the run).
    pub async fn end_item(&mut self) -> Result<()> {
        if self.item_start.take().is_some() {
            (&mut *self.tx).execute("RELEASE SAVEPOINT sb_item").await?;
        }
        Ok(())
    }

    /// The item's writes are undone; what the run wrote before it stays. An error here means
    /// the connection itself is gone.
    pub async fn undo_item(&mut self) -> Result<()> {
        if let Some(before) = self.item_start.take() {
            (&mut *self.tx)
                .execute("ROLLBACK TO SAVEPOINT sb_item")
                .await?;
            (&mut *self.tx).execute("RELEASE SAVEPOINT sb_item").await?;
            self.written = before;
        }
        Ok(())
    }

    /// Whether an item's writes are open.
    pub fn in_item(&self) -> bool {
        self.item_start.is_some()
    }

    /// Makes every write so far durable at once.
    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }

    /// Commits what is written and goes on in a new transaction. The old one commits before
    /// the new one checks its lease: under fenced work on SQLite that check takes the write
    /// lock, which the old transaction still held.
    pub async fn checkpoint(&mut self) -> Result<()> {
        // A plain BEGIN takes no lock until the first statement; after the commit, the write
        // lock is taken at once (the fence's check does, else a write that changes nothing),
        // as `Store::begin`'s IMMEDIATE would.
        let fresh = self.store.pool.begin().await?;
        std::mem::replace(&mut self.tx, fresh).commit().await?;
        if leases::current_lease().is_some() {
            leases::check_fence(&mut self.tx, self.store.backend).await?;
        } else if self.store.backend == Backend::Sqlite {
            (&mut *self.tx)
                .execute("UPDATE work_leases SET fence = fence WHERE 1 = 0")
                .await?;
        }
        self.written = 0;
        self.item_start = None;
        self.clean_sources.clear();
        Ok(())
    }
}
