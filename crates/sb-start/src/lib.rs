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

/// `switchboard-start` hands the window what it asked for ([`Asked`]) in this variable of its
/// environment; the window then asks for nothing again.
pub const ASKED_VAR: &str = "SWITCHBOARD_START_ASKED";

/// What `switchboard-start` asked for: bytes, in how many milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asked {
    pub bytes: u64,
    pub ms: u64,
}

impl Asked {
    /// The value of [`ASKED_VAR`]: `bytes ms`.
    pub fn word(&self) -> String {
        format!("{} {}", self.bytes, self.ms)
    }

    /// [`Asked::word`] read back; a figure that is not one reads as 0.
    pub fn read(word: &str) -> Asked {
        let mut figures = word.split(' ').map(|n| n.parse::<u64>().unwrap_or(0));
        Asked {
            bytes: figures.next().unwrap_or(0),
            ms: figures.next().unwrap_or(0),
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::Asked;

    #[test]
    fn what_was_asked_for_reads_back() {
        let asked = Asked {
            bytes: 211_812_352,
            ms: 169,
        };
        assert_eq!(Asked::read(&asked.word()), asked);
        assert_eq!(Asked::read("garbage"), Asked { bytes: 0, ms: 0 });
    }
}
