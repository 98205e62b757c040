//! `switchboard-start` as the desktop runs it: it asks for the pages the record in the data
//! folder names, then becomes the `switchboard` program beside it, with the same arguments and
//! environment, and tells it what it asked for.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

/// A copy of switchboard-start in `dir`, with a `switchboard` beside it that says what it was
/// given and ends with 7.
fn starter_beside_a_window(dir: &Path) -> std::path::PathBuf {
    let starter = dir.join("switchboard-start");
    std::fs::copy(env!("CARGO_BIN_EXE_switchboard-start"), &starter).unwrap();
    let window = dir.join("switchboard");
    std::fs::write(
        &window,
        "#!/bin/sh\necho \"pid $$ args $* asked ${SWITCHBOARD_START_ASKED:-none} other $OTHER\"\nexit 7\n",
    )
    .unwrap();
    std::fs::set_permissions(&window, std::fs::Permissions::from_mode(0o755)).unwrap();
    starter
}

#[test]
fn it_asks_for_the_recorded_pages_then_becomes_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let starter = starter_beside_a_window(dir.path());
    // A record naming two pages of a file of three.
    let data = home.path().join("data.bin");
    std::fs::write(&data, vec![1u8; 3 * 4096]).unwrap();
    std::fs::write(
        home.path().join(sb_start::pages::FILE),
        format!("{}\t{}\t0-2\n", data.display(), 3 * 4096),
    )
    .unwrap();

    let child = Command::new(&starter)
        .args(["switchboard://ticket/SB-000123", "two words"])
        .env("SWITCHBOARD_HOME", home.path())
        .env("OTHER", "kept")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let out = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(7), "the window's own exit: {said}");
    // The same process: exec, not a child.
    assert!(said.starts_with(&format!("pid {pid} ")), "{said}");
    assert!(
        said.contains("args switchboard://ticket/SB-000123 two words "),
        "{said}"
    );
    assert!(said.contains("other kept"), "{said}");
    let asked = said
        .split("asked ")
        .nth(1)
        .and_then(|rest| rest.split(" other").next())
        .unwrap();
    let bytes: u64 = asked.split(' ').next().unwrap().parse().unwrap();
    assert_eq!(bytes, 2 * 4096, "asked: {asked}");
}

#[test]
fn without_a_record_it_asks_for_nothing_and_still_starts_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let starter = starter_beside_a_window(dir.path());
    let out = Command::new(&starter)
        .env("SWITCHBOARD_HOME", home.path())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(7), "{said}");
    assert!(said.contains("asked 0 "), "{said}");
}

#[test]
fn without_the_window_beside_it_it_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let starter = dir.path().join("switchboard-start");
    std::fs::copy(env!("CARGO_BIN_EXE_switchboard-start"), &starter).unwrap();
    let out = Command::new(&starter).output().unwrap();
    assert_eq!(out.status.code(), Some(127));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot start the window") && err.contains("/switchboard"),
        "{err}"
    );
}
