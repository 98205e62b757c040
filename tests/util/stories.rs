//! Runs one story on both backends: the conformance suites of every capability use these.

/// Runs each `async fn story(store: &Store)` once per backend: `store::sqlite::story` and
/// `store::postgres::story`, so `cargo test sqlite` or `cargo test postgres` picks a backend.
macro_rules! on_both_backends {
    ($($story:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $story() {
                    let (store, _dir) = crate::util::sqlite_store().await;
                    super::$story(&store).await;
                    store.close().await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $story() {
                    let store = crate::util::postgres_store().await;
                    super::$story(&store).await;
                    store.close().await;
                }
            )+
        }
    };
}

/// Runs each `async fn story(database: String, folder: &Path)` once per backend, for stories
/// that open (and reopen) the database themselves; `database` is what a person would type.
macro_rules! on_both_databases {
    ($($story:ident),+ $(,)?) => {
        mod sqlite_database {
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $story() {
                    let dir = tempfile::tempdir().expect("temp dir");
                    let db = crate::util::sqlite_path(&dir).to_string_lossy().into_owned();
                    super::$story(db, dir.path()).await;
                }
            )+
        }
        mod postgres_database {
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $story() {
                    let dir = tempfile::tempdir().expect("temp dir");
                    let db = crate::util::pg::pg_url_for_new_database();
                    super::$story(db, dir.path()).await;
                }
            )+
        }
    };
}

/// Runs each `async fn story(backend: &str, url: &str, location: DbLocation)` once per backend
/// on a fresh, empty database, for upgrade stories: the story builds the older workspace
/// (`util::workspace_before`) on `url`, then opens `location` with the newer migrations.
macro_rules! on_both_upgrades {
    ($($story:ident),+ $(,)?) => {
        mod upgrade {
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $story() {
                    let dir = tempfile::tempdir().expect("temp dir");
                    let path = crate::util::sqlite_path(&dir);
                    let url = format!("sqlite://{}?mode=rwc", path.display());
                    super::$story("sqlite", &url, sb_store::DbLocation::SqliteFile(path.clone()))
                        .await;
                    let url = crate::util::pg::pg_url_for_new_database();
                    super::$story("postgres", &url, sb_store::DbLocation::Postgres(url.clone()))
                        .await;
                }
            )+
        }
    };
}
