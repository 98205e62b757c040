//! Every `locales/<language>/*.ftl` file, compiled in: adding a file needs no list to edit.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut out = String::from("pub(crate) const FILES: &[(&str, &str, &str)] = &[\n");
    let mut langs: Vec<_> = std::fs::read_dir(&root)
        .expect("locales/ is readable")
        .map(|e| e.expect("locales/ entry").path())
        .filter(|p| p.is_dir())
        .collect();
    langs.sort();
    for lang in langs {
        println!("cargo:rerun-if-changed={}", lang.display());
        let mut files: Vec<_> = std::fs::read_dir(&lang)
            .expect("locale folder is readable")
            .map(|e| e.expect("locale entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .collect();
        files.sort();
        let code = lang.file_name().unwrap().to_string_lossy().to_string();
        for f in files {
            println!("cargo:rerun-if-changed={}", f.display());
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            writeln!(
                out,
                "    ({code:?}, {name:?}, include_str!({:?})),",
                f.display().to_string()
            )
            .unwrap();
        }
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("locales.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
