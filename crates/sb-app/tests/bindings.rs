//! The committed TypeScript bindings match the Rust DTOs. After changing a DTO, run
//! `make bindings` (or this test with SB_UPDATE_BINDINGS=1) and commit the result.

use std::path::PathBuf;

#[test]
fn typescript_bindings_are_current() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/backend/bindings.ts");
    let fresh = sb_app::bindings::typescript();
    if std::env::var_os("SB_UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).expect("write bindings");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/lib/backend/bindings.ts is out of date with the Rust DTOs; run `make bindings` and commit it"
    );
}

/// Two DTOs of one name in different modules compile in Rust but not in TypeScript.
#[test]
fn each_binding_has_its_own_name() {
    let fresh = sb_app::bindings::typescript();
    let mut seen = std::collections::BTreeSet::new();
    let twice: Vec<&str> = fresh
        .lines()
        .filter_map(|l| l.strip_prefix("export type "))
        .filter_map(|l| l.split([' ', '<', '=']).next())
        .filter(|n| !seen.insert(*n))
        .collect();
    assert!(twice.is_empty(), "declared twice: {twice:?}");
}
