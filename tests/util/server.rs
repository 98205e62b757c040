//! What starting a real server for a test takes, shared by Alertmanager, Request Tracker and
//! Redmine: a free port, a unique name, and a watchdog shell that stops the server (TERM, then
//! KILL of it and its workers) and removes its folder when the pipe to this process closes:
//! when the handle is dropped, or however the test process ends.

use std::ffi::OsString;
use std::io::Read;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

/// Starts `program args` in `dir` (its output to `dir/server.log`) under the watchdog, in a
/// process group of its own; returns the server's pid and the watchdog's pipe.
pub fn watch(
    dir: &Path,
    program: &str,
    args: &[String],
    envs: &[(&str, OsString)],
    env_remove: &[&str],
) -> (u32, ChildStdin) {
    let mut watchdog = Command::new("sh");
    watchdog
        .arg("-c")
        .arg(
            r#"cd "$DIR" && "$@" </dev/null >server.log 2>&1 &
               pid=$!
               echo "$pid"
               read -r _
               kids=$(cat /proc/"$pid"/task/*/children 2>/dev/null)
               kill -TERM "$pid" 2>/dev/null
               i=0
               while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
               kill -KILL "$pid" $kids 2>/dev/null
               wait "$pid" 2>/dev/null
               rm -rf "$DIR""#,
        )
        .arg("sh")
        .arg(program)
        .args(args)
        .env("DIR", dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0);
    for (k, v) in envs {
        watchdog.env(k, v);
    }
    for k in env_remove {
        watchdog.env_remove(k);
    }
    let mut child = watchdog.spawn().expect("start the watchdog shell");
    let stdin = child.stdin.take().expect("watchdog pipe");
    let pid = read_pid(&mut child.stdout.take().expect("watchdog output"));
    // Nobody waits for the watchdog: it outlives this process on purpose.
    std::mem::forget(child);
    (pid, stdin)
}

/// `prefix-<pid>-<n>`: a name no other test of any run has.
pub fn unique(prefix: &str) -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// A 127.0.0.1 port nobody listens on at the moment of asking.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

/// The process runs (and is not a zombie).
pub fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| !rest.starts_with('Z')),
        Err(_) => false,
    }
}

fn read_pid(out: &mut impl Read) -> u32 {
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while out.read(&mut byte).map(|n| n == 1).unwrap_or(false) && byte[0] != b'\n' {
        line.push(byte[0]);
    }
    String::from_utf8_lossy(&line)
        .trim()
        .parse()
        .expect("the watchdog prints the server's pid")
}
