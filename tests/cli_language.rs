//! `sb` prints in the reader's language (issue 18): the real binary on a SQLite file with the
//! demo data, asked with `--lang ru` and `--lang en`. Russian comes out in Cyrillic with none of
//! the English labels and sentences left; English stays as it always was.

use std::path::Path;
use std::process::{Command, Output};

use crate::work::sb_binary;

/// `sb --db <dir>/switchboard.db --lang <lang> <args>` as the desk at `<dir>/home`.
fn sb(dir: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(sb_binary())
        .arg("--db")
        .arg(dir.join("switchboard.db"))
        .args(["--lang", lang])
        .args(args)
        .env("SWITCHBOARD_HOME", dir.join("home"))
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("SB_DB")
        .env_remove("SB_LANG")
        .current_dir(dir)
        .output()
        .expect("run sb")
}

/// What a command printed on stdout; it must have succeeded.
fn printed(dir: &Path, lang: &str, args: &[&str]) -> String {
    let out = sb(dir, lang, args);
    assert!(
        out.status.success(),
        "sb --lang {lang} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn has_cyrillic(text: &str) -> bool {
    text.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

/// The commands the test reads, with the English labels each prints (and Russian must not).
const COMMANDS: &[(&[&str], &[&str])] = &[
    (
        &["status"],
        &["database:", "you:", "clients:", "language:", "(admin)"],
    ),
    (
        &["ticket", "list"],
        &[
            "NUMBER",
            "PRI ",
            "STATUS",
            "CLIENT",
            "DIRECTION",
            "ASSIGNEE",
            "UPDATED",
            "SUBJECT",
            "in_progress",
            "pending_",
        ],
    ),
    (
        &["ticket", "show", "SB-000001"],
        &[
            "client:",
            "status:",
            "line:",
            "assignee:",
            "direction:",
            "impact:",
            "urgency:",
            "channel:",
            "created:",
            "updated:",
            "version:",
            "Comments:",
            "Audit trail:",
            " internal ",
            " public ",
            "in_progress",
        ],
    ),
    (&["users"], &["line ", "engineer", "admin", "lead", "any)"]),
    (&["client", "list"], &["CODE", "NAME", "CONTACTS", "ACTIVE"]),
];

#[test]
fn sb_prints_russian_when_asked_and_english_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    printed(
        dir,
        "en",
        &[
            "profile",
            "create",
            "--name",
            "Anna Admin",
            "--role",
            "admin",
        ],
    );
    printed(dir, "en", &["demo"]);

    for (args, english) in COMMANDS {
        let ru = printed(dir, "ru", args);
        assert!(
            has_cyrillic(&ru),
            "sb --lang ru {args:?} has no Russian:\n{ru}"
        );
        for label in *english {
            assert!(
                !ru.contains(label),
                "sb --lang ru {args:?} still says {label:?}:\n{ru}"
            );
        }
        let en = printed(dir, "en", args);
        assert!(!has_cyrillic_outside_data(&en), "{args:?}:\n{en}");
        for label in *english {
            assert!(
                en.contains(label),
                "sb --lang en {args:?} lost {label:?}:\n{en}"
            );
        }
    }

    // The exact English of the lines without data that change.
    let status = printed(dir, "en", &["status"]);
    assert!(
        status.contains("\nyou:      Anna Admin (admin)\nclients:  yes\nlanguage: en"),
        "{status}"
    );
    // Each column is as wide as its widest cell: the demo's SEVERSTAL-IT (12) widens CLIENT.
    let list = printed(dir, "en", &["ticket", "list"]);
    assert!(
        list.starts_with(
            "NUMBER     PRI STATUS           CLIENT       DIRECTION LN  ASSIGNEE           \
             UPDATED               SUBJECT\n"
        ),
        "{list}"
    );
    let clients = printed(dir, "en", &["client", "list"]);
    assert!(
        clients.starts_with(
            "ID    CODE           NAME                                     CONTACTS  ACTIVE\n"
        ),
        "{clients}"
    );
    let users = printed(dir, "en", &["users"]);
    assert!(
        users.starts_with("#1 Anna Admin (admin, line any)"),
        "{users}"
    );
    let show = printed(dir, "en", &["ticket", "show", "SB-000001"]);
    assert!(
        show.contains("\n  status:    in_progress   line: L2   assignee: Ivan Sokolov\n"),
        "{show}"
    );
    assert!(show.contains("\nAudit trail:\n"), "{show}");
    let ru = printed(dir, "ru", &["ticket", "show", "SB-000001"]);
    assert!(ru.contains("статус:      в работе"), "{ru}");
    assert!(ru.contains("Журнал изменений:"), "{ru}");

    // A bad argument: refused in the reader's language, the English as before.
    let bad = sb(dir, "ru", &["ticket", "list", "--sort", "sideways"]);
    assert!(!bad.status.success());
    let said = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(
        said.trim_end(),
        "ошибка: неизвестная сортировка «sideways»; используйте updated, priority или due"
    );
    let bad = sb(dir, "en", &["ticket", "list", "--sort", "sideways"]);
    assert!(!bad.status.success());
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr).trim_end(),
        "error: unknown sort 'sideways'; use updated, priority or due"
    );
    let bad = sb(dir, "ru", &["ticket", "assign", "SB-000001", "somebody"]);
    let said = String::from_utf8_lossy(&bad.stderr);
    assert!(
        said.starts_with("ошибка: «somebody» — не id пользователя"),
        "{said}"
    );
}

/// The demo data has Russian clients (VOLGA, SEVERSTAL-IT): in English, Cyrillic only on their
/// lines.
fn has_cyrillic_outside_data(text: &str) -> bool {
    text.lines()
        .filter(|l| !l.contains("VOLGA") && !l.contains("SEVERSTAL"))
        .any(has_cyrillic)
}
