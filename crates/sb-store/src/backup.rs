//! Backups of a whole workspace: SQLite's `VACUUM INTO` (a consistent copy while others write)
//! and PostgreSQL's `pg_dump -Fc` / `pg_restore`; restore puts a checked copy in place, and a
//! local file gets an automatic copy before it is migrated.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use sb_domain::Sensitive;
use sqlx::{Connection, Row};

use crate::{
    Backend, DbLocation, Result, Store, StoreError, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS,
};

/// How many automatic pre-migration copies are kept beside a local database.
pub const PRE_MIGRATION_COPIES_KEPT: usize = 3;

/// What a backup or a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    pub backend: Backend,
    /// The backup file written (backup) or read (restore).
    pub file: PathBuf,
    pub bytes: u64,
    /// Restore of a SQLite file: where the database it replaced was kept.
    pub previous_kept_at: Option<PathBuf>,
}

fn failed(location: &DbLocation, detail: impl Into<String>) -> StoreError {
    StoreError::Unavailable {
        location: location.to_string(),
        detail: detail.into(),
    }
}

impl Store {
    /// Writes a backup of this workspace to `file`: a SQLite database file (`VACUUM INTO`, a
    /// consistent copy while others write) or a `pg_dump -Fc` archive. An existing `file` is
    /// refused unless `force`.
    pub async fn backup_to(
        &self,
        location: &DbLocation,
        password: Option<&Sensitive<String>>,
        file: &Path,
        force: bool,
    ) -> Result<BackupReport> {
        if file.exists() && !force {
            return Err(StoreError::Conflict(format!(
                "the backup file {} already exists; choose another name or give --force to overwrite it",
                file.display()
            )));
        }
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.is_dir() {
                return Err(failed(
                    location,
                    format!(
                        "the folder {} does not exist; create it first",
                        dir.display()
                    ),
                ));
            }
        }
        match self.backend {
            Backend::Sqlite => {
                // VACUUM INTO refuses an existing file: write beside, then rename over it.
                let tmp = temp_beside(file);
                remove_if_exists(&tmp).map_err(|e| failed(location, e))?;
                sqlx::query("VACUUM INTO ?")
                    .bind(tmp.to_string_lossy().into_owned())
                    .execute(&self.pool)
                    .await?;
                std::fs::rename(&tmp, file).map_err(|e| {
                    failed(location, format!("cannot write {}: {e}", file.display()))
                })?;
            }
            Backend::Postgres => {
                let tmp = temp_beside(file);
                let mut cmd = pg_command("pg_dump", location, password)?;
                cmd.arg("-Fc").arg("--no-owner").arg("-f").arg(&tmp);
                run(cmd, location, "pg_dump")?;
                std::fs::rename(&tmp, file).map_err(|e| {
                    failed(location, format!("cannot write {}: {e}", file.display()))
                })?;
            }
        }
        Ok(BackupReport {
            backend: self.backend,
            file: file.to_path_buf(),
            bytes: std::fs::metadata(file).map(|m| m.len()).unwrap_or(0),
            previous_kept_at: None,
        })
    }
}

/// Restores `file` (made by [`Store::backup_to`]) as the workspace at `location`, which must
/// not be open. SQLite: the file is checked (a sound Switchboard database not newer than this
/// build) and put in place atomically, the old database kept aside. PostgreSQL: `pg_restore`
/// only into an empty database.
pub async fn restore(
    location: &DbLocation,
    password: Option<&Sensitive<String>>,
    file: &Path,
) -> Result<BackupReport> {
    if !file.is_file() {
        return Err(failed(
            location,
            format!("the backup file {} does not exist", file.display()),
        ));
    }
    let bytes = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    match location {
        DbLocation::SqliteFile(target) => {
            check_sqlite_backup(file).await?;
            let tmp = temp_beside(target);
            std::fs::copy(file, &tmp)
                .map_err(|e| failed(location, format!("cannot copy {}: {e}", file.display())))?;
            let kept = if target.exists() {
                let aside = aside_name(target, "before-restore");
                std::fs::copy(target, &aside).map_err(|e| {
                    failed(
                        location,
                        format!("cannot keep the old database at {}: {e}", aside.display()),
                    )
                })?;
                Some(aside)
            } else {
                None
            };
            // The old WAL belongs to the old file: it must not be replayed onto the new one.
            for ext in ["-wal", "-shm"] {
                let side = PathBuf::from(format!("{}{ext}", target.display()));
                remove_if_exists(&side).map_err(|e| failed(location, e))?;
            }
            std::fs::rename(&tmp, target)
                .map_err(|e| failed(location, format!("cannot put the copy in place: {e}")))?;
            Ok(BackupReport {
                backend: Backend::Sqlite,
                file: file.to_path_buf(),
                bytes,
                previous_kept_at: kept,
            })
        }
        DbLocation::Postgres(_) => {
            let tables = pg_table_count(location, password).await?;
            if tables > 0 {
                return Err(failed(
                    location,
                    format!(
                        "the database is not empty ({tables} tables), so nothing was restored; \
                         create an empty database (createdb NAME) and restore into that"
                    ),
                ));
            }
            let mut cmd = pg_command("pg_restore", location, password)?;
            cmd.arg("--no-owner")
                .arg("--exit-on-error")
                .arg("--single-transaction")
                .arg("-d")
                .arg(pg_dbname(location)?)
                .arg(file);
            run(cmd, location, "pg_restore")?;
            Ok(BackupReport {
                backend: Backend::Postgres,
                file: file.to_path_buf(),
                bytes,
                previous_kept_at: None,
            })
        }
    }
}

/// Checks that `file` is a sound Switchboard SQLite database this build can open.
async fn check_sqlite_backup(file: &Path) -> Result<()> {
    let loc = DbLocation::SqliteFile(file.to_path_buf());
    let corrupt = |detail: String| StoreError::Corrupt {
        location: loc.to_string(),
        detail,
    };
    let url = format!(
        "sqlite://{}?mode=ro",
        file.to_string_lossy()
            .replace('%', "%25")
            .replace('?', "%3F")
            .replace('#', "%23")
    );
    let mut conn = sqlx::SqliteConnection::connect(&url)
        .await
        .map_err(|e| corrupt(e.to_string()))?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| corrupt(e.to_string()))?;
    if check != "ok" {
        return Err(corrupt(format!("integrity check: {check}")));
    }
    let version: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut conn)
            .await
            .map_err(|_| corrupt("it has no Switchboard schema".into()))?;
    conn.close().await.ok();
    let Some(version) = version else {
        return Err(corrupt("it has no Switchboard schema".into()));
    };
    let known = SQLITE_MIGRATIONS
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0);
    if version > known {
        return Err(StoreError::TooNew {
            location: loc.to_string(),
            version,
            install: None,
        });
    }
    Ok(())
}

/// Before pending migrations run on an existing local database: a `VACUUM INTO` copy beside it,
/// named with its schema version and the date; the last [`PRE_MIGRATION_COPIES_KEPT`] are kept.
pub(crate) async fn copy_before_migrating(
    pool: &sqlx::AnyPool,
    target: &Path,
) -> Result<Option<PathBuf>> {
    let has_table: Option<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_optional(pool)
    .await?;
    if has_table.is_none() {
        return Ok(None);
    }
    let applied: Vec<i64> = sqlx::query("SELECT version FROM _sqlx_migrations WHERE success")
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| r.get::<i64, _>(0))
        .collect();
    let Some(&current) = applied.iter().max() else {
        return Ok(None);
    };
    let pending = SQLITE_MIGRATIONS
        .iter()
        .any(|m| !applied.contains(&m.version));
    if !pending {
        return Ok(None);
    }
    let copy = aside_name(target, &format!("v{current}"));
    remove_if_exists(&copy).map_err(|e| failed(&DbLocation::SqliteFile(target.into()), e))?;
    sqlx::query("VACUUM INTO ?")
        .bind(copy.to_string_lossy().into_owned())
        .execute(pool)
        .await?;
    prune_copies(target);
    Ok(Some(copy))
}

/// The automatic pre-migration copies beside `target`, oldest first.
pub fn pre_migration_copies(target: &Path) -> Vec<PathBuf> {
    let (dir, prefix) = copy_prefix(target);
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                        n.starts_with(&prefix) && n.ends_with(".db") && n.contains(".v")
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort_by_key(|p| {
        std::fs::metadata(p)
            .and_then(|m| m.modified())
            .unwrap_or(UNIX_EPOCH)
    });
    found
}

fn prune_copies(target: &Path) {
    let copies = pre_migration_copies(target);
    let extra = copies.len().saturating_sub(PRE_MIGRATION_COPIES_KEPT);
    for old in copies.into_iter().take(extra) {
        // A copy that cannot be removed stays; the next migration tries again.
        if std::fs::remove_file(&old).is_err() {
            continue;
        }
    }
}

fn copy_prefix(target: &Path) -> (PathBuf, String) {
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (dir, format!("{name}."))
}

/// `NAME.TAG.YYYYMMDD-HHMMSS.db` beside `target` (a counter is added if taken).
fn aside_name(target: &Path, tag: &str) -> PathBuf {
    let (dir, prefix) = copy_prefix(target);
    let stamp = utc_stamp();
    let mut path = dir.join(format!("{prefix}{tag}.{stamp}.db"));
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = dir.join(format!("{prefix}{tag}.{stamp}-{n}.db"));
    }
    path
}

fn temp_beside(file: &Path) -> PathBuf {
    let mut name = file
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".partial-{}", std::process::id()));
    file.with_file_name(name)
}

fn remove_if_exists(path: &Path) -> std::result::Result<(), String> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot remove {}: {e}", path.display())),
    }
}

fn utc_stamp() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}{m:02}{d:02}-{:02}{:02}{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

// --- PostgreSQL tools ------------------------------------------------------------------------

/// `pg_dump` / `pg_restore` from PATH, else from the newest /usr/lib/postgresql/*/bin.
fn pg_tool(name: &str) -> Option<PathBuf> {
    if let Some(paths) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&paths) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    let v: u32 = e.file_name().to_str()?.parse().ok()?;
                    let p = e.path().join("bin").join(name);
                    p.is_file().then_some((v, p))
                })
                .collect()
        })
        .unwrap_or_default();
    versions.sort();
    versions.pop().map(|(_, p)| p)
}

fn pg_dbname(location: &DbLocation) -> Result<String> {
    let DbLocation::Postgres(url) = location else {
        return Err(failed(location, "not a PostgreSQL database"));
    };
    let u = url::Url::parse(url).map_err(|e| failed(location, format!("bad URL: {e}")))?;
    Ok(url_decode(u.path().trim_start_matches('/')))
}

fn url_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| s.to_string())
}

/// The tool with the connection in PG* environment variables: the password (if any) in
/// PGPASSWORD, never on the command line, which other users of the computer can read.
fn pg_command(
    tool: &str,
    location: &DbLocation,
    password: Option<&Sensitive<String>>,
) -> Result<Command> {
    if location.backend() != Backend::Postgres {
        return Err(failed(location, "not a PostgreSQL database"));
    }
    let program = pg_tool(tool).ok_or_else(|| {
        failed(
            location,
            format!(
                "{tool} was not found (not on PATH nor in /usr/lib/postgresql/*/bin); install the \
                 PostgreSQL client tools (on Debian and Ubuntu: apt install postgresql-client), \
                 of the server's major version or newer"
            ),
        )
    })?;
    let connect = location.connect_url(None)?;
    let u = url::Url::parse(&connect).map_err(|e| failed(location, format!("bad URL: {e}")))?;
    let mut cmd = Command::new(program);
    for var in [
        "PGHOST",
        "PGPORT",
        "PGUSER",
        "PGDATABASE",
        "PGPASSWORD",
        "PGSSLMODE",
        "PGSSLROOTCERT",
        "PGSSLCERT",
        "PGSSLKEY",
        "PGSERVICE",
    ] {
        cmd.env_remove(var);
    }
    if let Some(host) = u.host_str() {
        cmd.env("PGHOST", host.trim_start_matches('[').trim_end_matches(']'));
    }
    if let Some(port) = u.port() {
        cmd.env("PGPORT", port.to_string());
    }
    if !u.username().is_empty() {
        cmd.env("PGUSER", url_decode(u.username()));
    }
    cmd.env("PGDATABASE", url_decode(u.path().trim_start_matches('/')));
    let from_url = u.password().map(url_decode);
    if let Some(p) = password.map(|p| p.expose().clone()).or(from_url) {
        cmd.env("PGPASSWORD", p);
    }
    for (k, v) in u.query_pairs() {
        let var = match k.to_ascii_lowercase().as_str() {
            "sslmode" | "ssl-mode" => "PGSSLMODE",
            "sslrootcert" | "ssl-root-cert" | "ssl-ca" => "PGSSLROOTCERT",
            "sslcert" => "PGSSLCERT",
            "sslkey" => "PGSSLKEY",
            "host" => "PGHOST",
            "port" => "PGPORT",
            "user" => "PGUSER",
            "application_name" => "PGAPPNAME",
            _ => continue,
        };
        cmd.env(var, v.as_ref());
    }
    // Never prompt: a missing password is an error, not a hang.
    cmd.arg("--no-password");
    Ok(cmd)
}

fn run(mut cmd: Command, location: &DbLocation, tool: &str) -> Result<()> {
    let out = cmd
        .output()
        .map_err(|e| failed(location, format!("cannot run {tool}: {e}")))?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let hint =
        if stderr.contains("server version mismatch") || stderr.contains("unsupported version") {
            "; install postgresql-client of the server's major version"
        } else {
            ""
        };
    Err(failed(
        location,
        format!("{tool} failed ({}): {}{hint}", out.status, stderr.trim()),
    ))
}

async fn pg_table_count(
    location: &DbLocation,
    password: Option<&Sensitive<String>>,
) -> Result<i64> {
    let url = location.connect_url(password)?;
    let mut conn = sqlx::PgConnection::connect(&url)
        .await
        .map_err(|e| StoreError::open(location, e))?;
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM pg_tables \
         WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    )
    .fetch_one(&mut conn)
    .await?;
    conn.close().await.ok();
    Ok(n)
}

/// The newest migration this build knows for `backend`.
pub fn schema_version(backend: Backend) -> i64 {
    let m = match backend {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    };
    m.iter().map(|m| m.version).max().unwrap_or(0)
}
