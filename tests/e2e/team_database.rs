//! Settings -> Database in the real window, against the real TLS-only PostgreSQL
//! (`util::pg_tls`): verify-full without the company CA file is refused saying to give it; with
//! the CA file and the password, the choice is saved (the password in the OS keychain, in no
//! file), and the next start opens the team database over TLS with it.

use super::{seed_nord, Driver};
use crate::util::pg_tls::tls_server;

#[test]
#[ignore = "end to end in the real window: `make test` runs it under Xvfb"]
fn a_team_database_over_tls_is_chosen_in_settings_with_its_ca_file_and_password() {
    let server = tls_server();
    let (_, url) = server.new_database("localhost");
    let url = format!("{url}?sslmode=verify-full");
    let home = tempfile::tempdir().expect("temp home");
    seed_nord(
        home.path(),
        sb_domain::Role::Engineer,
        "Printer jam on floor 2",
        &[],
    );
    let driver = Driver::start(home.path());
    let s = driver.open_app();
    s.click_id("nav-settings");
    s.type_into("settings-database-input", &url);
    s.type_into("settings-database-password", server.password);

    // No CA file: the server's certificate is signed by an authority this computer does not know.
    s.click_id("settings-database-save");
    s.wait_text("form-error", "CA file");
    s.screenshot("63-settings-database-unknown-ca");

    // With the company CA file: checked over TLS, then saved for the next start.
    s.type_into(
        "settings-database-ca",
        &server.ca_file.display().to_string(),
    );
    s.click_id("settings-database-save");
    let next = s.wait_text(
        "settings-database-next",
        &format!("localhost:{}", server.port),
    );
    assert!(next.contains("sslrootcert"), "{next}");
    assert!(!next.contains(server.password), "{next}");
    s.screenshot("64-settings-database-team-saved");
    let prefs = std::fs::read_to_string(home.path().join("preferences.json")).expect("prefs");
    assert!(prefs.contains("sslrootcert"), "{prefs}");
    assert!(
        !prefs.contains(server.password),
        "the password is not in the preferences"
    );
    s.quit();

    // The next start opens the team database (new to this desk: the first run), signing in
    // with the password from the keychain.
    let s = driver.open_app();
    s.by_id("first-run");
    s.type_into("profile-name", "Mira Petrova");
    s.click_id("profile-save");
    s.click_id("load-demo");
    s.by_id("queue-row-SB-000001");
    s.click_id("nav-settings");
    let database = s.wait_text("settings-database", &format!("localhost:{}", server.port));
    assert!(database.contains("verify-full"), "{database}");
    s.wait_text("settings-database-ca-in-use", "ca.pem");
    s.screenshot("65-settings-database-team-open");
}
