//! The rules for a file a stranger sent: the name it is kept and shown under (without the
//! bidirectional controls that make `invoice\u{202E}fdp.exe` read as a PDF), and whether it can
//! run on the engineer's machine, so that opening it asks first.

use serde::{Deserialize, Serialize};

/// The bidirectional controls: embeddings and overrides (U+202A..U+202E), isolates
/// (U+2066..U+2069), the marks (U+200E, U+200F, U+061C). None belongs in a file name.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// `name` without its bidirectional controls: what it is stored, shown and judged as.
pub fn clean_file_name(name: &str) -> String {
    name.chars().filter(|c| !is_bidi_control(*c)).collect()
}

/// File name endings the desktop runs (or installs) when a person opens the file.
#[rustfmt::skip]
pub const RUNNABLE_EXTENSIONS: &[&str] = &[
    "exe", "bat", "cmd", "com", "scr", "pif", "cpl", "msi", "msp", "msc", "js", "jse", "vbs",
    "vbe", "wsf", "wsh", "hta", "ps1", "psm1", "reg", "lnk", "url", "jar", "sh", "bash", "zsh",
    "csh", "ksh", "run", "command", "desktop", "appimage", "deb", "rpm", "apk", "app", "dmg",
    "pkg", "py", "pyw", "gadget", "application",
];

/// Content types of programs and scripts (lower case, parameters left off).
const RUNNABLE_TYPES: &[&str] = &[
    "application/x-msdownload",
    "application/x-msdos-program",
    "application/x-ms-installer",
    "application/x-msi",
    "application/x-dosexec",
    "application/x-executable",
    "application/x-elf",
    "application/x-sharedlib",
    "application/x-mach-binary",
    "application/vnd.microsoft.portable-executable",
    "application/x-sh",
    "application/x-shellscript",
    "text/x-shellscript",
    "application/x-bat",
    "application/x-csh",
    "application/javascript",
    "application/x-javascript",
    "text/javascript",
    "text/vbscript",
    "application/x-vbscript",
    "application/hta",
    "application/java-archive",
    "application/x-java-archive",
    "application/vnd.debian.binary-package",
    "application/x-debian-package",
    "application/x-rpm",
    "application/x-redhat-package-manager",
    "application/x-desktop",
    "application/x-appimage",
    "application/vnd.android.package-archive",
    "application/x-apple-diskimage",
    "application/x-powershell",
];

/// Why a file can run: what opening it asks about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Runnable {
    /// Its name ends in `.{extension}`, which the desktop runs.
    Extension { extension: String },
    /// It says it is a program or script (`content_type`).
    ContentType { content_type: String },
}

impl Runnable {
    /// The English wording (the CLI's).
    pub fn message(&self) -> String {
        match self {
            Runnable::Extension { extension } => {
                format!("its name ends in .{extension}, a kind of file that runs when opened")
            }
            Runnable::ContentType { content_type } => {
                format!("it says it is a program or script ({content_type})")
            }
        }
    }
}

/// Whether the file `name` of `content_type` runs when opened; the name is judged without
/// its bidirectional controls and without trailing dots and spaces (which Windows drops).
pub fn runnable(name: &str, content_type: &str) -> Option<Runnable> {
    let name = clean_file_name(name);
    let name = name.trim_end_matches(['.', ' ']);
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    if let Some((_, ext)) = last.rsplit_once('.') {
        let ext = ext.to_lowercase();
        if RUNNABLE_EXTENSIONS.contains(&ext.as_str()) {
            return Some(Runnable::Extension { extension: ext });
        }
    }
    let kind = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_lowercase();
    RUNNABLE_TYPES
        .contains(&kind.as_str())
        .then_some(Runnable::ContentType { content_type: kind })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(name: &str, content_type: &str, expected: Option<&str>) {
        let got = runnable(name, content_type).map(|r| match r {
            Runnable::Extension { extension } => format!(".{extension}"),
            Runnable::ContentType { content_type } => content_type,
        });
        assert_eq!(got.as_deref(), expected, "{name:?} {content_type:?}");
    }

    #[test]
    fn runnable_by_extension_and_type() {
        check("report.pdf", "application/pdf", None);
        check("photo.JPG", "image/jpeg", None);
        check("setup.exe", "application/octet-stream", Some(".exe"));
        check("SETUP.EXE", "application/pdf", Some(".exe"));
        check("run.bat", "", Some(".bat"));
        check("a.cmd", "", Some(".cmd"));
        check("b.com", "", Some(".com"));
        check("c.scr", "", Some(".scr"));
        check("d.js", "", Some(".js"));
        check("e.vbs", "", Some(".vbs"));
        check("f.jar", "", Some(".jar"));
        check("g.msi", "", Some(".msi"));
        check("h.ps1", "", Some(".ps1"));
        check("i.sh", "", Some(".sh"));
        check("j.desktop", "", Some(".desktop"));
        check("k.AppImage", "", Some(".appimage"));
        check("l.deb", "", Some(".deb"));
        check("m.rpm", "", Some(".rpm"));
        check("trailing.exe. ", "", Some(".exe"));
        check("invoice\u{202E}fdp.exe", "application/pdf", Some(".exe"));
        check(
            "noext",
            "application/x-msdownload",
            Some("application/x-msdownload"),
        );
        check(
            "data.bin.txt",
            "application/x-executable; charset=binary",
            Some("application/x-executable"),
        );
        check("notes.txt", "text/plain; charset=utf-8", None);
        check("", "", None);
        check(".exe", "", Some(".exe"));
    }

    #[test]
    fn bidi_controls_are_removed() {
        for (name, expected) in [
            ("invoice\u{202E}fdp.exe", "invoicefdp.exe"),
            ("\u{202A}a\u{202B}b\u{202C}c\u{202D}d", "abcd"),
            ("\u{2066}x\u{2067}y\u{2068}z\u{2069}", "xyz"),
            ("a\u{200E}b\u{200F}c\u{061C}d", "abcd"),
            ("отчёт.pdf", "отчёт.pdf"),
            ("מסמך.pdf", "מסמך.pdf"),
        ] {
            assert_eq!(clean_file_name(name), expected);
        }
    }

    proptest! {
        #[test]
        fn a_clean_name_has_no_control_and_cleaning_is_idempotent(name in "\\PC*") {
            let clean = clean_file_name(&name);
            prop_assert!(!clean.chars().any(is_bidi_control));
            prop_assert_eq!(clean_file_name(&clean), clean.clone());
        }

        #[test]
        fn hidden_controls_never_hide_an_extension(
            stem in "[a-z]{0,8}",
            cut in 0usize..3,
            ext in proptest::sample::select(RUNNABLE_EXTENSIONS),
            control in proptest::sample::select(vec!['\u{202E}', '\u{202D}', '\u{2066}', '\u{200F}', '\u{061C}']),
        ) {
            let mut name = format!("{stem}.{ext}");
            name.insert(cut.min(stem.len()), control);
            prop_assert!(runnable(&name, "application/pdf").is_some());
        }
    }
}
