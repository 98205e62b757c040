//! Team mode's encrypted connection, against a real PostgreSQL that speaks only TLS
//! (`util::pg_tls`: a throwaway CA, `hostssl ... scram-sha-256`): full verification with the
//! company CA file, the three refusals told apart (a wrong host name, an unknown CA, a server
//! without TLS), the password kept in the OS keychain and in no file, and a URL with a
//! password refused. Run inside `keyctl session -` (the keychain stories).

use std::path::Path;

use sb_app::{App, DatabaseChoice, ErrorCode, Paths};
use sb_domain::Sensitive;
use sb_store::{DbLocation, Store};

use crate::util::pg::pg_url_for_new_database;
use crate::util::pg_tls::tls_server;

fn verify_full(url: &str, ca: Option<&Path>) -> String {
    match ca {
        Some(ca) => format!("{url}?sslmode=verify-full&sslrootcert={}", ca.display()),
        None => format!("{url}?sslmode=verify-full"),
    }
}

/// Opens `url` as the window and the CLI do (keychain, else ~/.pgpass) and returns the error.
async fn refusal(url: &str) -> sb_app::ApiError {
    let home = tempfile::tempdir().expect("temp dir");
    App::open(Paths::in_folder(home.path().to_path_buf()), Some(url))
        .await
        .expect_err("the connection must be refused")
}

#[tokio::test]
async fn verify_full_with_the_company_ca_opens_the_store_over_tls() {
    let server = tls_server();
    let password = Sensitive::new(server.password.to_string());
    for host in ["127.0.0.1", "localhost"] {
        let (_, url) = server.new_database(host);
        let location = DbLocation::parse(&verify_full(&url, Some(&server.ca_file)));
        let store = Store::open_with(&location, Some(&password))
            .await
            .unwrap_or_else(|e| panic!("verify-full to {host} with the CA file: {e}"));
        // The connection really is encrypted, not merely allowed to be.
        let ssl: bool =
            sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                .fetch_one(store.pool())
                .await
                .expect("read pg_stat_ssl");
        assert!(ssl, "the connection to {host} is TLS");
        assert!(store.users().await.expect("the schema is there").is_empty());
        store.close().await;
    }
}

#[tokio::test]
async fn regression_a_wrong_host_name_is_refused_as_a_wrong_host_name() {
    let server = tls_server();
    let (_, url) = server.new_database("127.0.0.2");
    let e = refusal(&verify_full(&url, Some(&server.ca_file))).await;
    assert_eq!(e.code, ErrorCode::DatabaseWrongHost, "{e:?}");
    assert!(e.message.contains("host name"), "{}", e.message);
    assert!(e.message.contains("127.0.0.2"), "{}", e.message);
}

/// What the URL says about TLS is honoured: `sslmode=require` to an address the certificate
/// does not name encrypts without checking the name, where `verify-full` refuses it. (That a
/// host which is not this computer gets `verify-full` when the URL says nothing is decided by
/// `DbLocation` and pinned by its unit test: tests reach no address past loopback.)
#[tokio::test]
async fn regression_the_sslmode_a_url_names_is_honoured() {
    let server = tls_server();
    let (_, url) = server.new_database("127.0.0.2");
    let password = Sensitive::new(server.password.to_string());
    let said_require = DbLocation::parse(&format!("{url}?sslmode=require"));
    let store = Store::open_with(&said_require, Some(&password))
        .await
        .expect("sslmode=require in the URL is honoured");
    store.close().await;
    let said_verify = DbLocation::parse(&format!(
        "{url}?sslmode=verify-full&sslrootcert={}",
        server.ca_file.display()
    ));
    let e = sb_app::ApiError::from(
        Store::open_with(&said_verify, Some(&password))
            .await
            .expect_err("the certificate does not name 127.0.0.2"),
    );
    assert_eq!(e.code, ErrorCode::DatabaseWrongHost, "{e:?}");
}

#[tokio::test]
async fn regression_a_server_signed_by_an_unknown_ca_is_refused_naming_the_ca_file() {
    let server = tls_server();
    let (_, url) = server.new_database("127.0.0.1");
    let e = refusal(&verify_full(&url, None)).await;
    assert_eq!(e.code, ErrorCode::DatabaseUnknownCa, "{e:?}");
    assert!(e.message.contains("CA file"), "{}", e.message);
}

#[tokio::test]
async fn regression_sslmode_require_against_a_server_without_tls_is_refused_as_such() {
    // The plain loopback cluster the store stories use: no TLS at all.
    let url = format!("{}?sslmode=require", pg_url_for_new_database());
    let e = refusal(&url).await;
    assert_eq!(e.code, ErrorCode::DatabaseNoTls, "{e:?}");
    assert!(e.message.contains("does not offer TLS"), "{}", e.message);
    // Without sslmode the same loopback server still opens (this computer: nothing leaves it).
    let home = tempfile::tempdir().expect("temp dir");
    let plain = url.trim_end_matches("?sslmode=require");
    App::open(Paths::in_folder(home.path().to_path_buf()), Some(plain))
        .await
        .expect("the plain loopback cluster keeps working");
}

#[tokio::test]
async fn the_password_from_the_keychain_signs_in_and_is_in_no_file() {
    let server = tls_server();
    let (_, url) = server.new_database("localhost");
    let home = tempfile::tempdir().expect("temp dir");
    let paths = Paths::in_folder(home.path().to_path_buf());
    let ca = server.ca_file.display().to_string();

    // Nothing knows the password yet (no keychain entry, no ~/.pgpass line): refused at sign-in,
    // and the server is verified in full first (localhost is on the certificate).
    let no_password = App::open_verified(paths.clone(), Some(&url), Some(&ca))
        .await
        .expect_err("no password anywhere");
    assert_eq!(
        no_password.code,
        ErrorCode::DatabaseSignIn,
        "{no_password:?}"
    );
    assert!(
        no_password.message.contains("keychain"),
        "{}",
        no_password.message
    );

    // Chosen with its password (Settings -> Database, `sb database set --password-stdin`).
    let app = App::open_chosen(
        paths.clone(),
        DatabaseChoice {
            database: Some(url.clone()),
            ca_file: Some(ca.clone()),
            password: Some(server.password.to_string()),
        },
    )
    .await
    .expect("the chosen database opens with its password");
    let state = app.setup_state().await.expect("setup state");
    assert_eq!(state.ca_file.as_deref(), Some(ca.as_str()));
    assert!(!state.database.contains(server.password));
    app.store().close().await;
    drop(app);

    // The next start: the preferences name the URL and its CA; the keychain has the password.
    let again = App::open(paths.clone(), None)
        .await
        .expect("reopens with the password from the keychain");
    assert_eq!(
        again.location().ca_file().as_deref(),
        Some(server.ca_file.as_path())
    );
    again.store().close().await;

    for entry in walk(home.path()) {
        let bytes = std::fs::read(&entry).expect("read a file of the home folder");
        assert!(
            !String::from_utf8_lossy(&bytes).contains(server.password),
            "the password is written in {}",
            entry.display()
        );
    }
    let prefs = std::fs::read_to_string(home.path().join("preferences.json")).expect("prefs");
    assert!(prefs.contains("sslrootcert"), "{prefs}");
}

#[tokio::test]
async fn regression_a_url_with_a_password_is_refused_saying_where_the_password_goes() {
    let server = tls_server();
    let (name, _) = server.new_database("127.0.0.1");
    let secret = "Sup3r-secret";
    for url in [
        format!("postgres://desk:{secret}@127.0.0.1:{}/{name}", server.port),
        format!(
            "postgres://desk@127.0.0.1:{}/{name}?password={secret}",
            server.port
        ),
    ] {
        let home = tempfile::tempdir().expect("temp dir");
        let paths = Paths::in_folder(home.path().to_path_buf());
        for e in [
            App::open(paths.clone(), Some(&url))
                .await
                .expect_err("--db / SB_DB with a password"),
            App::open_chosen(
                paths.clone(),
                DatabaseChoice {
                    database: Some(url.clone()),
                    ..DatabaseChoice::default()
                },
            )
            .await
            .expect_err("Settings -> Database with a password in the URL"),
        ] {
            assert_eq!(e.code, ErrorCode::InvalidInput, "{e:?}");
            assert_eq!(e.field.as_deref(), Some("database"));
            assert!(e.message.contains("keychain"), "{}", e.message);
            assert!(e.message.contains(".pgpass"), "{}", e.message);
            assert!(!e.message.contains(secret), "the password is never echoed");
        }
        assert!(
            !home.path().join("preferences.json").exists(),
            "nothing was saved"
        );
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read a folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
