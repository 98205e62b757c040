//! From one desk to a team: a local (SQLite) workspace copied into an empty team database
//! (PostgreSQL), every row of every table and every attachment, in one transaction, the
//! identity sequences set past the copied ids, and each table verified afterwards by its row
//! count and a checksum read back from both sides.
//!
//! The copy follows the target's foreign keys: parents before children; a reference to a row
//! not yet copied (a ticket merged into a later one, a correction of a correction) is written
//! empty and filled in once every row is there. Search indexes are the target's own (its
//! generated columns); the SQLite-only change log and full-text tables are not copied.

use std::collections::{BTreeMap, BTreeSet};

use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::{Backend, Result, Store, StoreError};

/// One table's copy: rows on each side and the checksum both gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCopy {
    pub table: String,
    pub rows: i64,
    /// An order-independent checksum of the table's rows (the sum of each row's SHA-256), the
    /// same read from the source and from the target.
    pub checksum: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveReport {
    pub tables: Vec<TableCopy>,
    pub rows: i64,
}

/// Tables a fresh schema fills itself; the copy replaces their rows with the source's.
const SEEDED: &[&str] = &[
    "directions",
    "workspace",
    "notice_defaults",
    "public_mail_domains",
];
/// Not copied: the migrations (the target has its own), the change log, the leases of
/// background work (held by the processes of the desk being moved, which stop using it), and
/// the minutes logged per person and day (the target's trigger sums them as the time entries
/// are copied).
const NOT_COPIED: &[&str] = &[
    "_sqlx_migrations",
    "change_log",
    "work_leases",
    "metrics_logged",
];
/// Rows per INSERT, and bytes of values per INSERT (attachments are large).
const BATCH_ROWS: usize = 400;
const BATCH_BYTES: usize = 8 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Text,
    Bytes,
}

#[derive(Debug, Clone)]
struct Column {
    name: String,
    kind: Kind,
    /// Written empty first, filled in after every table is copied.
    deferred: bool,
}

#[derive(Debug, Clone)]
struct Table {
    name: String,
    columns: Vec<Column>,
    /// The columns that identify a row, for the deferred references' second pass.
    key: Vec<String>,
    identity: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Value {
    Null,
    Int(i64),
    Text(String),
    Bytes(Vec<u8>),
}

impl Value {
    fn size(&self) -> usize {
        match self {
            Value::Null | Value::Int(_) => 8,
            Value::Text(s) => s.len(),
            Value::Bytes(b) => b.len(),
        }
    }

    fn hash_into(&self, h: &mut Sha256) {
        match self {
            Value::Null => h.update(b"n"),
            Value::Int(i) => {
                h.update(b"i");
                h.update(i.to_be_bytes());
            }
            Value::Text(s) => {
                h.update(b"t");
                h.update((s.len() as u64).to_be_bytes());
                h.update(s.as_bytes());
            }
            Value::Bytes(b) => {
                h.update(b"b");
                h.update((b.len() as u64).to_be_bytes());
                h.update(b);
            }
        }
    }
}

fn read(r: &AnyRow, i: usize, kind: Kind) -> Result<Value> {
    Ok(match kind {
        Kind::Int => r
            .try_get::<Option<i64>, _>(i)?
            .map_or(Value::Null, Value::Int),
        Kind::Text => r
            .try_get::<Option<String>, _>(i)?
            .map_or(Value::Null, Value::Text),
        Kind::Bytes => r
            .try_get::<Option<Vec<u8>>, _>(i)?
            .map_or(Value::Null, Value::Bytes),
    })
}

fn bind<'q>(
    q: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    v: Value,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
    match v {
        Value::Null => q.bind(None::<i64>),
        Value::Int(i) => q.bind(i),
        Value::Text(s) => q.bind(s),
        Value::Bytes(b) => q.bind(b),
    }
}

fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn refused(detail: impl Into<String>) -> StoreError {
    StoreError::Conflict(detail.into())
}

impl Store {
    /// Copies this local workspace into `target`, an empty team database whose schema is up to
    /// date (opened with [`Store::open_with`]); refuses a target that holds data or is already
    /// a team's. All or nothing: one transaction on the target.
    pub async fn copy_into(&self, target: &Store) -> Result<MoveReport> {
        if self.backend != Backend::Sqlite || target.backend != Backend::Postgres {
            return Err(refused(
                "a workspace moves from a local file into a team database on PostgreSQL",
            ));
        }
        if target.team().await?.is_some() {
            return Err(refused(
                "the target is already a team workspace; move into the empty database first, then run `sb team init` there",
            ));
        }
        let tables = self.plan(target).await?;
        for t in &tables {
            if SEEDED.contains(&t.name.as_str()) {
                continue;
            }
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {}", ident(&t.name)))
                .fetch_one(&target.pool)
                .await?;
            if n > 0 {
                return Err(refused(format!(
                    "the target database is not empty ({n} rows in {}); a workspace moves only into an empty database, so nothing of it is overwritten",
                    t.name
                )));
            }
        }
        let mut tx = target.pool.begin().await?;
        for seeded in SEEDED {
            sqlx::query(&format!("DELETE FROM {}", ident(seeded)))
                .execute(&mut *tx)
                .await?;
        }
        for t in &tables {
            self.copy_table(t, &mut tx).await?;
        }
        for t in &tables {
            self.fill_deferred(t, &mut tx).await?;
            if let Some(col) = &t.identity {
                sqlx::query_scalar::<_, Option<i64>>(&format!(
                    "SELECT setval(pg_get_serial_sequence('{}', '{col}'), m) \
                     FROM (SELECT max({}) AS m FROM {}) x WHERE m IS NOT NULL",
                    t.name,
                    ident(col),
                    ident(&t.name)
                ))
                .fetch_optional(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        // Read back from both sides, after the commit: what the team will see.
        let mut report = Vec::new();
        let mut total = 0;
        for t in &tables {
            let (n, ours) = checksum(&self.pool, t).await?;
            let (m, theirs) = checksum(&target.pool, t).await?;
            if n != m || ours != theirs {
                return Err(StoreError::Corrupt {
                    location: "the team database".into(),
                    detail: format!(
                        "table {} differs after the copy ({n} rows here, {m} there); the local workspace is unchanged: empty the team database and move again",
                        t.name
                    ),
                });
            }
            total += n;
            report.push(TableCopy {
                table: t.name.clone(),
                rows: n,
                checksum: ours,
            });
        }
        Ok(MoveReport {
            tables: report,
            rows: total,
        })
    }

    /// The tables to copy, in the target's foreign-key order, with their common columns.
    async fn plan(&self, target: &Store) -> Result<Vec<Table>> {
        let virtual_tables: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'",
        )
        .fetch_all(&self.pool)
        .await?;
        let names: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?;
        let names: Vec<String> = names
            .into_iter()
            .filter(|n| !NOT_COPIED.contains(&n.as_str()))
            .filter(|n| {
                !virtual_tables
                    .iter()
                    .any(|v| n == v || n.starts_with(&format!("{v}_")))
            })
            .collect();
        // The target's references: child table, column, parent table, may it be empty.
        let refs: Vec<(String, String, String, bool)> = sqlx::query(
            "SELECT c.conrelid::regclass::text AS child, a.attname::text AS col, \
               c.confrelid::regclass::text AS parent, NOT a.attnotnull AS nullable \
             FROM pg_constraint c JOIN pg_attribute a \
               ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) \
             WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace",
        )
        .fetch_all(&target.pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("child")?,
                r.try_get("col")?,
                r.try_get("parent")?,
                r.try_get("nullable")?,
            ))
        })
        .collect::<Result<_>>()?;
        let mut tables = BTreeMap::new();
        for name in &names {
            tables.insert(name.clone(), self.table(target, name).await?);
        }
        // Kahn's order over the references; a reference that would close a circle (a table
        // to itself, or around) is deferred when its column may be empty.
        let mut order = Vec::new();
        let mut done: BTreeSet<String> = BTreeSet::new();
        let mut deferred: BTreeSet<(String, String)> = BTreeSet::new();
        while done.len() < tables.len() {
            let ready: Vec<String> = tables
                .keys()
                .filter(|t| !done.contains(*t))
                .filter(|t| {
                    refs.iter().all(|(child, col, parent, _)| {
                        child != *t
                            || done.contains(parent)
                            || !tables.contains_key(parent)
                            || deferred.contains(&(child.clone(), col.clone()))
                    })
                })
                .cloned()
                .collect();
            if ready.is_empty() {
                // Defer one nullable reference among the tables left.
                let breakable = refs.iter().find(|(child, col, parent, nullable)| {
                    *nullable
                        && !done.contains(child)
                        && !done.contains(parent)
                        && tables.contains_key(child)
                        && !deferred.contains(&(child.clone(), col.clone()))
                });
                match breakable {
                    Some((child, col, _, _)) => {
                        deferred.insert((child.clone(), col.clone()));
                    }
                    None => {
                        return Err(refused(
                            "the tables' references go round in a circle that no empty column breaks; this version cannot move the workspace",
                        ))
                    }
                }
                continue;
            }
            for t in ready {
                done.insert(t.clone());
                order.push(t);
            }
        }
        Ok(order
            .into_iter()
            .map(|name| {
                let mut t = tables.remove(&name).expect("planned table");
                for c in &mut t.columns {
                    c.deferred = deferred.contains(&(name.clone(), c.name.clone()));
                }
                t
            })
            .collect())
    }

    async fn table(&self, target: &Store, name: &str) -> Result<Table> {
        let ours: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid")
                .bind(name)
                .fetch_all(&self.pool)
                .await?;
        let theirs: Vec<(String, String, String, String)> = sqlx::query(
            "SELECT column_name::text AS name, data_type::text AS kind, \
               is_generated::text AS generated, is_identity::text AS identity \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1",
        )
        .bind(name)
        .fetch_all(&target.pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("name")?,
                r.try_get("kind")?,
                r.try_get("generated")?,
                r.try_get("identity")?,
            ))
        })
        .collect::<Result<_>>()?;
        if theirs.is_empty() {
            return Err(refused(format!(
                "the team database has no table {name}; is it a Switchboard database of this version?"
            )));
        }
        let mut columns = Vec::new();
        let mut identity = None;
        for col in ours {
            let Some((_, kind, generated, is_identity)) = theirs.iter().find(|t| t.0 == col) else {
                return Err(refused(format!(
                    "the team database's table {name} has no column {col}; is it a Switchboard database of this version?"
                )));
            };
            if generated != "NEVER" {
                continue;
            }
            let kind = match kind.as_str() {
                "bigint" | "integer" | "smallint" => Kind::Int,
                "text" | "character varying" => Kind::Text,
                "bytea" => Kind::Bytes,
                other => {
                    return Err(refused(format!(
                        "column {name}.{col} is of type {other}, which a move does not know"
                    )))
                }
            };
            if is_identity == "YES" {
                identity = Some(col.clone());
            }
            columns.push(Column {
                name: col,
                kind,
                deferred: false,
            });
        }
        let key: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk")
                .bind(name)
                .fetch_all(&self.pool)
                .await?;
        Ok(Table {
            name: name.to_string(),
            columns,
            key,
            identity,
        })
    }

    async fn copy_table(&self, t: &Table, tx: &mut Transaction<'static, Any>) -> Result<()> {
        let list: Vec<String> = t.columns.iter().map(|c| ident(&c.name)).collect();
        let select = format!("SELECT {} FROM {}", list.join(", "), ident(&t.name));
        let mut rows = sqlx::query(&select).fetch(&self.pool);
        let mut batch: Vec<Vec<Value>> = Vec::new();
        let mut bytes = 0;
        while let Some(r) = rows.try_next().await? {
            let r = &r;
            let mut values = Vec::with_capacity(t.columns.len());
            for (i, c) in t.columns.iter().enumerate() {
                let v = if c.deferred {
                    Value::Null
                } else {
                    read(r, i, c.kind)?
                };
                bytes += v.size();
                values.push(v);
            }
            batch.push(values);
            if batch.len() >= BATCH_ROWS || bytes >= BATCH_BYTES {
                insert(t, &list, std::mem::take(&mut batch), tx).await?;
                bytes = 0;
            }
        }
        if !batch.is_empty() {
            insert(t, &list, batch, tx).await?;
        }
        Ok(())
    }

    /// The second pass: references written empty are filled in, now that every row is there.
    async fn fill_deferred(&self, t: &Table, tx: &mut Transaction<'static, Any>) -> Result<()> {
        for c in t.columns.iter().filter(|c| c.deferred) {
            if t.key.is_empty() {
                return Err(refused(format!(
                    "table {} has a reference to defer but no key to find its rows by",
                    t.name
                )));
            }
            let keys: Vec<String> = t.key.iter().map(|k| ident(k)).collect();
            let rows = sqlx::query(&format!(
                "SELECT {}, {} FROM {} WHERE {} IS NOT NULL",
                ident(&c.name),
                keys.join(", "),
                ident(&t.name),
                ident(&c.name)
            ))
            .fetch_all(&self.pool)
            .await?;
            let filter: Vec<String> = keys
                .iter()
                .enumerate()
                .map(|(i, k)| format!("{k} = ${}", i + 2))
                .collect();
            let update = format!(
                "UPDATE {} SET {} = $1 WHERE {}",
                ident(&t.name),
                ident(&c.name),
                filter.join(" AND ")
            );
            for r in &rows {
                let mut q = bind(sqlx::query(&update), read(r, 0, c.kind)?);
                for (i, k) in t.key.iter().enumerate() {
                    let kind = t
                        .columns
                        .iter()
                        .find(|c| &c.name == k)
                        .map_or(Kind::Int, |c| c.kind);
                    q = bind(q, read(r, i + 1, kind)?);
                }
                q.execute(&mut **tx).await?;
            }
        }
        Ok(())
    }
}

async fn insert(
    t: &Table,
    list: &[String],
    batch: Vec<Vec<Value>>,
    tx: &mut Transaction<'static, Any>,
) -> Result<()> {
    let width = list.len();
    let rows: Vec<String> = (0..batch.len())
        .map(|r| {
            let marks: Vec<String> = (0..width)
                .map(|c| format!("${}", r * width + c + 1))
                .collect();
            format!("({})", marks.join(", "))
        })
        .collect();
    let sql = format!(
        "INSERT INTO {} ({}) VALUES {}",
        ident(&t.name),
        list.join(", "),
        rows.join(", ")
    );
    let mut q = sqlx::query(&sql);
    for v in batch.into_iter().flatten() {
        q = bind(q, v);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

/// A table's row count and order-independent checksum, read with the same column types on
/// either backend (a deferred reference counts with its final value).
async fn checksum(pool: &sqlx::AnyPool, t: &Table) -> Result<(i64, String)> {
    let list: Vec<String> = t.columns.iter().map(|c| ident(&c.name)).collect();
    let sql = format!("SELECT {} FROM {}", list.join(", "), ident(&t.name));
    let mut rows = sqlx::query(&sql).fetch(pool);
    let mut sum: u128 = 0;
    let mut count: i64 = 0;
    while let Some(r) = rows.try_next().await? {
        count += 1;
        let r = &r;
        let mut h = Sha256::new();
        for (i, c) in t.columns.iter().enumerate() {
            read(r, i, c.kind)?.hash_into(&mut h);
        }
        let digest = h.finalize();
        let mut first = [0u8; 16];
        first.copy_from_slice(&digest[..16]);
        sum = sum.wrapping_add(u128::from_be_bytes(first));
    }
    Ok((count, format!("{sum:032x}")))
}
