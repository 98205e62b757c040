//! Before the window: where its data folder is, and the pages its last start read
//! ([`pages`]).
//!
//! The `switchboard-start` program (src/main.rs) is how the desktop starts the window: its menu
//! entry and its autostart entry. It links nothing but the C library, so it starts at once even
//! from a cold disk. It asks the kernel for the pages the window's last start read, then becomes
//! the window. Before the window's first line runs, the dynamic loader reads WebKitGTK and the
//! 170 libraries under it; it then finds their pages read, or on their way.

use std::path::PathBuf;

pub mod pages;

/// `switchboard-start` hands the window what it asked for, as `bytes milliseconds`, in this
/// variable of its environment; the window then asks for nothing again.
pub const ASKED_VAR: &str = "SWITCHBOARD_START_ASKED";

/// `SWITCHBOARD_HOME`, when set: one folder holds the desk's data and preferences (tests and
/// portable installs).
pub fn home() -> Option<PathBuf> {
    std::env::var_os("SWITCHBOARD_HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// The window's data folder: [`home`] when set, else `switchboard` in the person's data folder
/// (`$XDG_DATA_HOME`, else `~/.local/share`). None without a home folder.
pub fn data_dir() -> Option<PathBuf> {
    home().or_else(|| dirs::data_dir().map(|d| d.join("switchboard")))
}
