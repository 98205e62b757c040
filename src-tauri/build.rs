//! The window's commands are listed once: each `#[tauri::command]` function in `src/`. From
//! them this step writes the handler list (`$OUT_DIR/handler.rs`, included by main.rs), the
//! permission that allows them (`permissions/app.toml`, rewritten when it differs) and the app
//! manifest Tauri checks each call against. The UI's side (`ui/src/lib/backend/index.ts` and
//! its test double) is checked against the same list by `ui/src/lib/backend/commands.test.ts`.

use std::path::Path;

fn main() {
    let commands = commands_in(Path::new("src"));
    assert!(!commands.is_empty(), "no #[tauri::command] found in src/");
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    let handler = format!(
        "tauri::generate_handler![\n    {},\n]\n",
        commands.join(",\n    ")
    );
    write_if_changed(&Path::new(&out).join("handler.rs"), &handler);
    let mut toml = String::from(
        "# Switchboard's own commands, and only those, for the main window.\n\
         # Written by build.rs from the #[tauri::command] functions in src/: do not edit.\n\
         [[permission]]\n\
         identifier = \"allow-app-commands\"\n\
         description = \"Every Switchboard command (each forwards to sb-app).\"\n\
         commands.allow = [\n",
    );
    for c in &commands {
        toml.push_str(&format!("  \"{c}\",\n"));
    }
    toml.push_str("]\n");
    write_if_changed(Path::new("permissions/app.toml"), &toml);
    // The manifest keeps the names for the whole (short) run of this build step.
    let names: &'static [&'static str] = Box::leak(
        commands
            .into_iter()
            .map(|c| &*Box::leak(c.into_boxed_str()))
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    );
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(names)),
    )
    .expect("tauri build step");
}

/// The names of the `#[tauri::command]` functions in the Rust files under `dir`, in the order
/// they are written (files in name order).
fn commands_in(dir: &Path) -> Vec<String> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut commands = Vec::new();
    for path in files {
        if path.is_dir() {
            commands.extend(commands_in(&path));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("a source file is readable");
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            if !line.trim_start().starts_with("#[tauri::command") {
                continue;
            }
            // The function follows (perhaps after more attributes): `[pub] [async] fn name(`.
            for next in lines.by_ref() {
                let words: Vec<&str> = next
                    .split(|c: char| c.is_whitespace() || c == '(' || c == '<')
                    .filter(|w| !w.is_empty())
                    .collect();
                if let Some(i) = words.iter().position(|w| *w == "fn") {
                    let name = words.get(i + 1).expect("a name after fn");
                    commands.push((*name).to_string());
                    break;
                }
            }
        }
    }
    commands
}

fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).expect("the generated file is writable");
    }
}
