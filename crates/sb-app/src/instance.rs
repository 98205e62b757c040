//! One window per data folder. The first window listens on a Unix socket in the data folder
//! (`window.sock`); a second start hands it its command-line arguments (links such as
//! `switchboard://ticket/SB-000123`) and ends, and the first comes to the front and opens
//! them. Keyed by the data folder, not by the desktop session: two people's folders, or a test's
//! own folder (`SWITCHBOARD_HOME`), each have their own window.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// What one start hands the window already open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handover {
    pub args: Vec<String>,
}

/// Whether this start is the window, or handed its work to the one already open.
#[derive(Debug)]
pub enum Claim {
    /// No window is open for this data folder: this start is it, and listens here.
    First(Listener),
    /// The open window took the arguments; this start should end.
    Handed,
}

/// The first window's end of the socket.
#[derive(Debug)]
pub struct Listener {
    socket: UnixListener,
    path: PathBuf,
}

const ANSWER_WAIT: Duration = Duration::from_secs(10);

/// The socket's path in the data folder.
pub fn socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join("window.sock")
}

/// Hands `args` to the window open on `data_dir`, or becomes that window.
pub fn claim(data_dir: &Path, args: &[String]) -> std::io::Result<Claim> {
    std::fs::create_dir_all(data_dir)?;
    let path = socket_path(data_dir);
    // Twice: a window that ended without removing its socket leaves a stale file, and two
    // starts at once race for the name; the loser of the bind hands over to the winner.
    for _ in 0..2 {
        match hand_over(&path, args) {
            Ok(()) => return Ok(Claim::Handed),
            Err(e) if gone(&e) => {}
            Err(e) => return Err(e),
        }
        if path.exists() {
            // Nobody answers on it: a window that was killed.
            let _ = std::fs::remove_file(&path);
        }
        match UnixListener::bind(&path) {
            Ok(socket) => {
                // Only this person's starts may hand over to their window.
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
                return Ok(Claim::First(Listener {
                    socket,
                    path: path.clone(),
                }));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(format!(
        "another Switchboard is starting on {} at the same moment",
        path.display()
    )))
}

/// The socket is not there, or nobody listens on it.
fn gone(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused
    )
}

fn hand_over(path: &Path, args: &[String]) -> std::io::Result<()> {
    let mut stream = UnixStream::connect(path)?;
    stream.set_read_timeout(Some(ANSWER_WAIT))?;
    stream.set_write_timeout(Some(ANSWER_WAIT))?;
    let mut line = serde_json::to_string(&Handover {
        args: args.to_vec(),
    })
    .map_err(std::io::Error::other)?;
    line.push('\n');
    stream.write_all(line.as_bytes())?;
    let mut answer = String::new();
    BufReader::new(stream).read_line(&mut answer)?;
    if answer.trim() == "ok" {
        Ok(())
    } else {
        Err(std::io::Error::other(format!(
            "the open Switchboard window did not take the start ({:?})",
            answer.trim()
        )))
    }
}

/// The largest handover read (a start's arguments); more is refused.
const HANDOVER_BYTES: u64 = 64 * 1024;

impl Listener {
    /// Takes handovers on a thread of its own for as long as the program runs; `take` gets
    /// each one's arguments.
    pub fn serve(self, take: impl Fn(Handover) + Send + 'static) {
        let spawned = std::thread::Builder::new()
            .name("window-instance".into())
            .spawn(move || {
                for stream in self.socket.incoming() {
                    match stream {
                        Ok(stream) => match read_handover(&stream) {
                            Ok(handover) => {
                                take(handover);
                                let _ = (&stream).write_all(b"ok\n");
                            }
                            Err(e) => {
                                tracing::warn!("a second start's handover was not read: {e}");
                                let _ = (&stream).write_all(b"refused\n");
                            }
                        },
                        Err(e) => tracing::warn!("window socket: {e}"),
                    }
                }
            });
        if let Err(e) = spawned {
            tracing::warn!("a second start cannot reach this window: {e}");
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn read_handover(stream: &UnixStream) -> std::io::Result<Handover> {
    use std::io::Read;
    stream.set_read_timeout(Some(ANSWER_WAIT))?;
    let mut line = String::new();
    BufReader::new(stream.take(HANDOVER_BYTES)).read_line(&mut line)?;
    serde_json::from_str(&line).map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn a_second_start_hands_its_links_to_the_first_and_a_stale_socket_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let Claim::First(first) = claim(dir.path(), &[]).unwrap() else {
            panic!("the first start is the window");
        };
        let (tx, rx) = mpsc::channel();
        first.serve(move |h| tx.send(h).unwrap());

        let link = vec!["switchboard://ticket/SB-000123".to_string()];
        assert!(matches!(claim(dir.path(), &link).unwrap(), Claim::Handed));
        assert_eq!(
            rx.recv_timeout(Duration::from_secs(5)).unwrap(),
            Handover { args: link }
        );

        // A window killed without removing its socket: the next start is the window.
        let other = tempfile::tempdir().unwrap();
        let stale = UnixListener::bind(socket_path(other.path())).unwrap();
        drop(stale);
        assert!(socket_path(other.path()).exists());
        assert!(matches!(claim(other.path(), &[]).unwrap(), Claim::First(_)));
    }

    #[test]
    fn a_handover_that_is_not_one_is_refused_and_the_window_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let Claim::First(first) = claim(dir.path(), &[]).unwrap() else {
            panic!("the first start is the window");
        };
        let (tx, rx) = mpsc::channel();
        first.serve(move |h| tx.send(h).unwrap());
        let mut garbage = UnixStream::connect(socket_path(dir.path())).unwrap();
        garbage.write_all(b"{not a handover}\n").unwrap();
        let mut answer = String::new();
        BufReader::new(&garbage).read_line(&mut answer).unwrap();
        assert_eq!(answer, "refused\n");
        assert!(matches!(
            claim(dir.path(), &["x".into()]).unwrap(),
            Claim::Handed
        ));
        assert_eq!(
            rx.recv_timeout(Duration::from_secs(5)).unwrap().args,
            vec!["x"]
        );
    }
}
