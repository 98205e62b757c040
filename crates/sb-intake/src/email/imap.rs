//! Reading a mailbox over IMAP: connect, fetch what is new since a cursor, wait with IDLE.
//!
//! Every exchange with the server runs under the settings' timeout, so a dead or silent server
//! turns into [`MailError::Timeout`] instead of a stuck worker.
//!
//! The cursor is the mailbox's UIDVALIDITY and the last UID handed out. When UIDVALIDITY
//! changes (the server rebuilt the folder), UIDs mean nothing any more: the next fetch starts
//! over from the first message and says so ([`FetchBatch::restarted`]); the caller then skips
//! messages whose Message-ID it already has.

use std::future::Future;
use std::time::Duration;

use async_imap::imap_proto::{MailboxDatum, Response};
use async_imap::types::UnsolicitedResponse;
use async_imap::{Client, Session};
use futures_util::TryStreamExt;
use sb_domain::Sensitive;
use tokio::net::TcpStream;
use tokio_native_tls::native_tls;

use super::stream::MailStream;
use super::{MailError, Security, DEFAULT_TIMEOUT};

/// How many messages one [`Mailbox::fetch_since`] returns at most; the caller fetches again
/// while [`FetchBatch::more`] is set.
pub const FETCH_BATCH: usize = 100;

/// The longest single IDLE: RFC 2177 asks clients to re-issue IDLE within 29 minutes.
pub const MAX_IDLE: Duration = Duration::from_secs(29 * 60);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImapSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub user: String,
    pub password: Sensitive<String>,
    /// The folder to read; usually `INBOX`.
    pub folder: String,
    /// The limit for connecting and for each exchange with the server.
    pub timeout: Duration,
}

impl ImapSettings {
    /// Settings for `INBOX` with the default timeout.
    pub fn new(
        host: impl Into<String>,
        port: u16,
        security: Security,
        user: impl Into<String>,
        password: Sensitive<String>,
    ) -> ImapSettings {
        ImapSettings {
            host: host.into(),
            port,
            security,
            user: user.into(),
            password,
            folder: "INBOX".to_string(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    fn server(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// Where reading stopped: the folder's UIDVALIDITY and the highest UID already handed out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct MailCursor {
    pub uid_validity: u32,
    pub last_uid: u32,
}

/// One message as the server stores it.
#[derive(Clone, PartialEq, Eq)]
pub struct Fetched {
    pub uid: u32,
    pub raw: Vec<u8>,
}

impl std::fmt::Debug for Fetched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetched")
            .field("uid", &self.uid)
            .field("raw", &format_args!("{} bytes", self.raw.len()))
            .finish()
    }
}

/// What one fetch found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchBatch {
    /// New messages, lowest UID first.
    pub messages: Vec<Fetched>,
    /// Where to continue next time; store it once the messages are safely kept.
    pub cursor: MailCursor,
    /// UIDVALIDITY differs from the cursor's (or there was no cursor): these messages start
    /// from the beginning of the folder, and some may have been seen before under other UIDs.
    pub restarted: bool,
    /// More new messages wait than one batch holds: fetch again.
    pub more: bool,
}

/// What is new in the folder (see [`Mailbox::new_mail`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    pub uid_validity: u32,
    /// The new messages' UIDs and sizes in bytes, lowest UID first.
    pub messages: Vec<(u32, u64)>,
    /// UIDVALIDITY differs from the cursor's (or there was no cursor): reading starts again
    /// from the beginning of the folder.
    pub restarted: bool,
    /// More new messages wait than one round holds.
    pub more: bool,
}

/// One downloaded message.
#[derive(Clone, PartialEq, Eq)]
pub enum Download {
    Whole(Vec<u8>),
    /// Larger than the limit: only its header was read.
    TooLarge {
        header: Vec<u8>,
        size: u64,
    },
}

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Download::Whole(raw) => write!(f, "Whole({} bytes)", raw.len()),
            Download::TooLarge { header, size } => {
                write!(f, "TooLarge({size} bytes; header {} bytes)", header.len())
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdleOutcome {
    /// The server announced new mail: fetch.
    NewMail,
    /// Nothing arrived within the time asked for.
    Timeout,
}

/// A logged-in IMAP session with the settings' folder selected.
#[derive(Debug)]
pub struct Mailbox {
    settings: ImapSettings,
    /// `None` only after an IDLE that failed half way; every call then says to reconnect.
    session: Option<Session<MailStream>>,
    idle_supported: bool,
}

/// Connects, logs in and logs out: the settings form's "test connection" button.
pub async fn test_connection(settings: &ImapSettings) -> Result<(), MailError> {
    Mailbox::connect(settings).await?.logout().await
}

impl Mailbox {
    /// Connects, secures the connection as the settings say, logs in and selects the folder.
    pub async fn connect(settings: &ImapSettings) -> Result<Mailbox, MailError> {
        let server = settings.server();
        let limit = settings.timeout;
        let tcp = within(
            settings,
            "connecting",
            TcpStream::connect((settings.host.as_str(), settings.port)),
        )
        .await?
        .map_err(|e| MailError::Unreachable {
            server: server.clone(),
            detail: e.to_string(),
        })?;
        let _ = tcp.set_nodelay(true);

        let stream = match settings.security {
            Security::Tls => tls_handshake(settings, tcp).await?,
            Security::StartTls | Security::Plain => MailStream::Plain(tcp),
        };
        let mut client = Client::new(stream);
        read_greeting(settings, &mut client).await?;

        if settings.security == Security::StartTls {
            within(
                settings,
                "asking for STARTTLS",
                client.run_command_and_check_ok("STARTTLS", None),
            )
            .await?
            .map_err(|e| MailError::Tls {
                server: server.clone(),
                detail: format!("the server does not accept STARTTLS ({e})"),
            })?;
            let tcp = match client.into_inner() {
                MailStream::Plain(tcp) => tcp,
                MailStream::Tls(_) => {
                    return Err(MailError::Tls {
                        server,
                        detail: "STARTTLS on a connection that is already TLS".into(),
                    })
                }
            };
            // No greeting follows STARTTLS (RFC 3501 6.2.1).
            client = Client::new(tls_handshake(settings, tcp).await?);
        }

        let login = client.login(&settings.user, settings.password.expose());
        let mut session = match tokio::time::timeout(limit, login).await {
            Err(_) => return Err(timeout(settings, "logging in")),
            Ok(Ok(session)) => session,
            Ok(Err((err, _client))) => {
                return Err(match err {
                    async_imap::error::Error::No(detail)
                    | async_imap::error::Error::Bad(detail) => MailError::LoginRefused {
                        server,
                        user: settings.user.clone(),
                        detail: detail.trim().to_string(),
                    },
                    other => protocol(settings, "logging in", other),
                });
            }
        };

        let capabilities = within(settings, "reading capabilities", session.capabilities())
            .await?
            .map_err(|e| protocol(settings, "reading capabilities", e))?;
        let idle_supported = capabilities.has_str("IDLE");

        let mut mailbox = Mailbox {
            settings: settings.clone(),
            session: Some(session),
            idle_supported,
        };
        mailbox.select().await?;
        Ok(mailbox)
    }

    /// Whether the server offers IDLE; when not, the caller polls with [`Mailbox::fetch_since`].
    pub fn supports_idle(&self) -> bool {
        self.idle_supported
    }

    /// The messages after `cursor`, at most [`FETCH_BATCH`], lowest UID first, each downloaded
    /// whole ([`Mailbox::new_mail`], then [`Mailbox::download`] one by one). Reading does not
    /// mark them as seen.
    pub async fn fetch_since(
        &mut self,
        cursor: Option<MailCursor>,
    ) -> Result<FetchBatch, MailError> {
        let new = self.new_mail(cursor).await?;
        let after = match cursor {
            Some(c) if !new.restarted => c.last_uid,
            _ => 0,
        };
        let mut messages = Vec::with_capacity(new.messages.len());
        for &(uid, size) in &new.messages {
            if let Some(Download::Whole(raw)) = self.download(uid, size, u64::MAX).await? {
                messages.push(Fetched { uid, raw });
            }
        }
        let last_uid = new.messages.last().map_or(after, |m| m.0);
        Ok(FetchBatch {
            messages,
            cursor: MailCursor {
                uid_validity: new.uid_validity,
                last_uid,
            },
            restarted: new.restarted,
            more: new.more,
        })
    }

    /// What is new after `cursor`: the folder's UIDVALIDITY, the new messages' UIDs and sizes
    /// (lowest first, at most [`FETCH_BATCH`]), and whether more wait. Nothing is downloaded:
    /// each message comes with [`Mailbox::download`], on its own.
    pub async fn new_mail(&mut self, cursor: Option<MailCursor>) -> Result<NewMail, MailError> {
        let uid_validity = self.select().await?;
        let settings = self.settings.clone();
        let session = self.session()?;
        while session.unsolicited_responses.try_recv().is_ok() {}
        let restarted = cursor.is_none_or(|c| c.uid_validity != uid_validity);
        let after = match cursor {
            Some(c) if !restarted => c.last_uid,
            _ => 0,
        };
        let query = format!("UID {}:*", after.saturating_add(1));
        let mut uids: Vec<u32> = within(
            &settings,
            "searching for new mail",
            session.uid_search(&query),
        )
        .await?
        .map_err(|e| protocol(&settings, "searching for new mail", e))?
        .into_iter()
        .filter(|&uid| uid > after)
        .collect();
        uids.sort_unstable();
        let more = uids.len() > FETCH_BATCH;
        uids.truncate(FETCH_BATCH);
        let mut messages = Vec::with_capacity(uids.len());
        if !uids.is_empty() {
            let set = uids
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(",");
            let sizes = within(&settings, "reading the messages' sizes", async {
                session
                    .uid_fetch(&set, "(UID RFC822.SIZE)")
                    .await?
                    .try_collect::<Vec<_>>()
                    .await
            })
            .await?
            .map_err(|e| protocol(&settings, "reading the messages' sizes", e))?;
            for f in sizes {
                if let Some(uid) = f.uid.filter(|&u| u > after) {
                    messages.push((uid, u64::from(f.size.unwrap_or(0))));
                }
            }
            messages.sort_unstable();
            messages.dedup_by_key(|m| m.0);
        }
        Ok(NewMail {
            uid_validity,
            messages,
            restarted,
            more,
        })
    }

    /// One message by UID: the whole of it, or (larger than `max_bytes`) only its header, so
    /// that a huge message is never read into memory. `None` when it is gone meanwhile.
    pub async fn download(
        &mut self,
        uid: u32,
        size: u64,
        max_bytes: u64,
    ) -> Result<Option<Download>, MailError> {
        let settings = self.settings.clone();
        let session = self.session()?;
        let whole = size <= max_bytes;
        let query = if whole {
            "(UID BODY.PEEK[])"
        } else {
            "(UID BODY.PEEK[HEADER])"
        };
        let fetched = within(&settings, "downloading a message", async {
            session
                .uid_fetch(uid.to_string(), query)
                .await?
                .try_collect::<Vec<_>>()
                .await
        })
        .await?
        .map_err(|e| protocol(&settings, "downloading a message", e))?;
        let Some(f) = fetched.into_iter().find(|f| f.uid == Some(uid)) else {
            return Ok(None);
        };
        Ok(if whole {
            f.body().map(|b| Download::Whole(b.to_vec()))
        } else {
            f.header().map(|h| Download::TooLarge {
                header: h.to_vec(),
                size,
            })
        })
    }

    /// Waits up to `max` (at most [`MAX_IDLE`]) for the server to announce new mail.
    pub async fn idle(&mut self, max: Duration) -> Result<IdleOutcome, MailError> {
        let settings = self.settings.clone();
        if !self.idle_supported {
            return Err(MailError::Protocol {
                server: settings.server(),
                during: "starting IDLE",
                detail: "the server does not offer IDLE; poll with fetch_since instead".into(),
            });
        }
        let max = max.min(MAX_IDLE);
        let session = self.session.take().ok_or_else(|| lost(&settings))?;
        // New mail announced since the last fetch, e.g. during it: no need to wait.
        let mut announced = false;
        while let Ok(r) = session.unsolicited_responses.try_recv() {
            announced |= matches!(
                r,
                UnsolicitedResponse::Exists(_) | UnsolicitedResponse::Recent(_)
            );
        }
        if announced {
            self.session = Some(session);
            return Ok(IdleOutcome::NewMail);
        }

        let mut handle = session.idle();
        within(&settings, "starting IDLE", handle.init())
            .await?
            .map_err(|e| protocol(&settings, "starting IDLE", e))?;
        let deadline = tokio::time::Instant::now() + max;
        let outcome = loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                break IdleOutcome::Timeout;
            }
            let (wait, _stop) = handle.wait_with_timeout(left);
            // The library's own timer restarts on every keep-alive; this one does not.
            match tokio::time::timeout(left, wait).await {
                Err(_) => break IdleOutcome::Timeout,
                Ok(Err(e)) => return Err(protocol(&settings, "waiting in IDLE", e)),
                Ok(Ok(async_imap::extensions::idle::IdleResponse::NewData(data))) => {
                    if matches!(
                        data.parsed(),
                        Response::MailboxData(MailboxDatum::Exists(_) | MailboxDatum::Recent(_))
                    ) {
                        break IdleOutcome::NewMail;
                    }
                    // Flag changes and expunges are not new mail: keep waiting.
                }
                Ok(Ok(_)) => break IdleOutcome::Timeout,
            }
        };
        let session = within(&settings, "ending IDLE", handle.done())
            .await?
            .map_err(|e| protocol(&settings, "ending IDLE", e))?;
        self.session = Some(session);
        Ok(outcome)
    }

    /// Says goodbye to the server. A failure here loses nothing, but is reported.
    pub async fn logout(mut self) -> Result<(), MailError> {
        let settings = self.settings.clone();
        let session = self.session()?;
        within(&settings, "logging out", session.logout())
            .await?
            .map_err(|e| protocol(&settings, "logging out", e))
    }

    /// Selects the folder and returns its UIDVALIDITY.
    async fn select(&mut self) -> Result<u32, MailError> {
        let settings = self.settings.clone();
        let session = self.session()?;
        let selected = within(
            &settings,
            "opening the folder",
            session.select(&settings.folder),
        )
        .await?
        .map_err(|e| match e {
            async_imap::error::Error::No(_) | async_imap::error::Error::Bad(_) => {
                MailError::FolderMissing {
                    server: settings.server(),
                    folder: settings.folder.clone(),
                }
            }
            other => protocol(&settings, "opening the folder", other),
        })?;
        selected.uid_validity.ok_or_else(|| MailError::Protocol {
            server: settings.server(),
            during: "opening the folder",
            detail: "the server did not say the folder's UIDVALIDITY".into(),
        })
    }

    fn session(&mut self) -> Result<&mut Session<MailStream>, MailError> {
        let settings = &self.settings;
        self.session.as_mut().ok_or_else(|| lost(settings))
    }
}

async fn tls_handshake(settings: &ImapSettings, tcp: TcpStream) -> Result<MailStream, MailError> {
    let tls_error = |detail: String| MailError::Tls {
        server: settings.server(),
        detail,
    };
    let connector = native_tls::TlsConnector::new().map_err(|e| tls_error(e.to_string()))?;
    let connector = tokio_native_tls::TlsConnector::from(connector);
    let tls = within(
        settings,
        "starting TLS",
        connector.connect(&settings.host, tcp),
    )
    .await?
    .map_err(|e| tls_error(e.to_string()))?;
    Ok(MailStream::Tls(Box::new(tls)))
}

async fn read_greeting(
    settings: &ImapSettings,
    client: &mut Client<MailStream>,
) -> Result<(), MailError> {
    let greeting = within(settings, "waiting for the greeting", client.read_response())
        .await?
        .map_err(|e| MailError::Unreachable {
            server: settings.server(),
            detail: format!("the connection broke before the greeting ({e})"),
        })?
        .ok_or_else(|| MailError::Unreachable {
            server: settings.server(),
            detail: "the server closed the connection without a greeting".into(),
        })?;
    match greeting.parsed() {
        Response::Data {
            status: async_imap::imap_proto::Status::Ok | async_imap::imap_proto::Status::PreAuth,
            ..
        } => Ok(()),
        other => Err(MailError::Protocol {
            server: settings.server(),
            during: "waiting for the greeting",
            detail: format!("this does not look like an IMAP server (it said {other:?})"),
        }),
    }
}

/// Runs `fut` under the settings' timeout.
async fn within<T>(
    settings: &ImapSettings,
    during: &'static str,
    fut: impl Future<Output = T>,
) -> Result<T, MailError> {
    tokio::time::timeout(settings.timeout, fut)
        .await
        .map_err(|_| timeout(settings, during))
}

fn timeout(settings: &ImapSettings, during: &'static str) -> MailError {
    MailError::Timeout {
        server: settings.server(),
        during,
        seconds: settings.timeout.as_secs().max(1),
    }
}

fn protocol(
    settings: &ImapSettings,
    during: &'static str,
    e: async_imap::error::Error,
) -> MailError {
    match e {
        async_imap::error::Error::Io(io) => MailError::Unreachable {
            server: settings.server(),
            detail: format!("the connection broke while {during} ({io})"),
        },
        async_imap::error::Error::ConnectionLost => MailError::Unreachable {
            server: settings.server(),
            detail: format!("the server closed the connection while {during}"),
        },
        other => MailError::Protocol {
            server: settings.server(),
            during,
            detail: other.to_string(),
        },
    }
}

fn lost(settings: &ImapSettings) -> MailError {
    MailError::Unreachable {
        server: settings.server(),
        detail: "the connection was lost in an earlier IDLE; connect again".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_print_the_password_as_stars() {
        let settings = ImapSettings::new(
            "imap.example",
            993,
            Security::Tls,
            "desk",
            Sensitive::new("hunter2-do-not-print".to_string()),
        );
        let printed = format!("{settings:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("***"), "{printed}");
    }
}
