//! The Fluent files stay whole: each parses, English and Russian have the same messages with the
//! same arguments, and every id the Rust sources send has words.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_bundle::FluentResource;
use sb_i18n::{sources, Lang};

/// id -> the `$variables` its text uses, per language.
fn messages(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    let mut current: Option<String> = None;
    for (code, name, source) in sources() {
        if *code != lang {
            continue;
        }
        if let Err((_, errors)) = FluentResource::try_new(source.to_string()) {
            panic!("{lang}/{name} does not parse: {errors:?}");
        }
        for line in source.lines() {
            let starts_message =
                line.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && line.contains(" =");
            if starts_message {
                let id = line.split(" =").next().unwrap().trim().to_string();
                assert!(
                    out.insert(id.clone(), BTreeSet::new()).is_none(),
                    "{lang}: {id} is defined twice"
                );
                current = Some(id);
            } else if line.is_empty() || line.starts_with('#') {
                current = None;
            }
            if let Some(id) = &current {
                let vars = out.get_mut(id).unwrap();
                let mut rest = line;
                while let Some(i) = rest.find('$') {
                    rest = &rest[i + 1..];
                    let v: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                        .collect();
                    vars.insert(v);
                }
            }
        }
    }
    out
}

#[test]
fn english_and_russian_have_the_same_messages_and_arguments() {
    let en = messages("en");
    let ru = messages("ru");
    let missing: Vec<_> = en.keys().filter(|k| !ru.contains_key(*k)).collect();
    let extra: Vec<_> = ru.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(missing.is_empty(), "no Russian for {missing:?}");
    assert!(extra.is_empty(), "Russian only (no English): {extra:?}");
    for (id, vars) in &en {
        assert_eq!(vars, &ru[id], "{id}: the languages use other arguments");
    }
    assert!(en.len() > 1);
    let _ = Lang::ALL;
}

/// Every `msg!` and `Msg::new` id literal in the workspace's Rust sources (this crate's own
/// samples apart) has English words.
#[test]
fn every_id_the_code_sends_has_words() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let en = messages("en");
    let mut unknown = Vec::new();
    let mut seen = 0;
    for dir in ["crates", "src-tauri/src", "tests"] {
        walk(&root.join(dir), &mut |path, text| {
            for marker in ["msg!(\"", "Msg::new(\""] {
                for (i, _) in text.match_indices(marker) {
                    let id: String = text[i + marker.len()..]
                        .chars()
                        .take_while(|c| *c != '"')
                        .collect();
                    seen += 1;
                    if !en.contains_key(&id) && id != "no-such-message" {
                        unknown.push(format!("{}: {id}", path.display()));
                    }
                }
            }
        });
    }
    assert!(
        seen > 0,
        "no message ids found: the scan looks in the wrong place"
    );
    assert!(unknown.is_empty(), "ids without words: {unknown:#?}");
}

fn walk(dir: &Path, f: &mut dyn FnMut(&Path, &str)) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name()
                .is_some_and(|n| n == "target" || n == "node_modules" || n == "sb-i18n")
            {
                continue;
            }
            walk(&p, f);
        } else if p.extension().is_some_and(|x| x == "rs") {
            if let Ok(text) = std::fs::read_to_string(&p) {
                f(&p, &text);
            }
        }
    }
}
