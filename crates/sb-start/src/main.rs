//! `switchboard-start`: the window, with the pages its last start read asked for first.
//!
//! The desktop's menu entry and the autostart entry start the window through this program. From
//! a cold disk (after a boot) the dynamic loader read WebKitGTK and the 170 libraries under it
//! one page fault at a time before the window's first line ran, each fault reading far more
//! than it needed. This program links only the C library. It asks the kernel for the pages
//! the last start read (`sb_start::pages`, noted by the window), then becomes the window: the
//! same process, with its arguments and environment. The loader then finds those pages read,
//! or on their way (BENCHMARKS.md).

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

use sb_start::{pages, Asked, ASKED_VAR};

fn main() -> ExitCode {
    let window = window_program();
    let mut command = Command::new(&window);
    command.args(std::env::args_os().skip(1));
    if let Some(record) = sb_start::data_dir().map(|d| d.join(pages::FILE)) {
        let began = std::time::Instant::now();
        // A record that cannot be read is left to the window, which says why in its log.
        if let Ok(bytes) = pages::read_ahead(&record) {
            let ms = began.elapsed().as_millis() as u64;
            command.env(ASKED_VAR, Asked { bytes, ms }.word());
        }
    }
    // Returns only when the window could not be started.
    let e = command.exec();
    eprintln!(
        "switchboard-start: cannot start the window {}: {e}",
        window.display()
    );
    ExitCode::from(127)
}

/// The window's program: `switchboard` beside this one (the package puts both in /usr/bin; a
/// build, both in its target folder).
fn window_program() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|p| Some(p.parent()?.join("switchboard")))
        .unwrap_or_else(|| PathBuf::from("switchboard"))
}
