//! Sending mail over SMTP: public comments go to the client threaded into their conversation.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::Mailbox as LettreMailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use sb_domain::{Sensitive, TicketNumber};

use super::{Address, MailError, Security, DEFAULT_TIMEOUT};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// `None` for a relay that takes mail without a login.
    pub user: Option<String>,
    pub password: Option<Sensitive<String>>,
    /// The desk's own address, which clients reply to.
    pub from: Address,
    /// The limit for connecting and for each exchange with the server.
    pub timeout: Duration,
}

impl SmtpSettings {
    /// Settings without a login, with the default timeout.
    pub fn new(
        host: impl Into<String>,
        port: u16,
        security: Security,
        from: Address,
    ) -> SmtpSettings {
        SmtpSettings {
            host: host.into(),
            port,
            security,
            user: None,
            password: None,
            from,
            timeout: DEFAULT_TIMEOUT,
        }
    }

    fn server(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// One plain-text message to send. Ids are bare (`abc@example.com`); angle brackets are added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub to: Vec<Address>,
    /// Built by the caller, usually with [`reply_subject`].
    pub subject: String,
    pub text: String,
    pub message_id: String,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
}

/// The subject of a reply about ticket `number`: one `Re:`, then the `[SB-000123]` tag once,
/// then the subject without its old reply prefixes. "RE: Re: [SB-000042] Printer" becomes
/// "Re: [SB-000042] Printer".
pub fn reply_subject(number: TicketNumber, subject: &str) -> String {
    let tag = format!("[{number}]");
    let mut rest = remove_ignoring_case(subject, &tag);
    loop {
        let trimmed = rest.trim_start();
        let stripped = ["re:", "aw:", "ответ:", "на:"].iter().find_map(|p| {
            trimmed
                .get(..p.len())
                .filter(|head| head.to_lowercase() == *p)
                .map(|_| trimmed[p.len()..].to_string())
        });
        match stripped {
            Some(s) => rest = s,
            None => break,
        }
    }
    let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    if rest.is_empty() {
        format!("Re: {tag}")
    } else {
        format!("Re: {tag} {rest}")
    }
}

/// `text` with every ASCII `needle` replaced by a space, ignoring letter case.
fn remove_ignoring_case(text: &str, needle: &str) -> String {
    let (t, n) = (text.as_bytes(), needle.as_bytes());
    let mut out = Vec::with_capacity(t.len());
    let mut i = 0;
    while i < t.len() {
        if t[i..].len() >= n.len() && t[i..i + n.len()].eq_ignore_ascii_case(n) {
            out.push(b' ');
            i += n.len();
        } else {
            out.push(t[i]);
            i += 1;
        }
    }
    // Only ASCII runs were cut out, so every multi-byte character is still whole.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// The message as it goes on the wire (RFC 5322, UTF-8 headers and body encoded for 7-bit).
pub fn render(from: &Address, email: &OutgoingEmail) -> Result<Vec<u8>, MailError> {
    Ok(build(from, email)?.formatted())
}

/// Sends one message; returns once the server has accepted it. The goodbye (QUIT) is said
/// after, in the background (lettre's pool, dropped with the transport): the caller records
/// the message sent at once, so a hard stop between the server's acceptance and that record,
/// which would have the message sent again, has as short a moment as can be.
pub async fn send(settings: &SmtpSettings, email: &OutgoingEmail) -> Result<(), MailError> {
    let message = build(&settings.from, email)?;
    let transport = transport(settings)?;
    // lettre times each exchange; this bounds the whole conversation too.
    match tokio::time::timeout(settings.timeout * 4, transport.send(message)).await {
        Err(_) => Err(timeout(settings, "sending")),
        Ok(Err(e)) => Err(smtp_error(settings, e)),
        Ok(Ok(_)) => Ok(()),
    }
}

/// Connects, says hello, secures and logs in as the settings say, then quits: the settings
/// form's "test connection" button.
pub async fn test_connection(settings: &SmtpSettings) -> Result<(), MailError> {
    let transport = transport(settings)?;
    match tokio::time::timeout(settings.timeout * 4, transport.test_connection()).await {
        Err(_) => Err(timeout(settings, "testing the connection")),
        Ok(Err(e)) => Err(smtp_error(settings, e)),
        Ok(Ok(true)) => Ok(()),
        Ok(Ok(false)) => Err(MailError::Protocol {
            server: settings.server(),
            during: "testing the connection",
            detail: "the server did not answer NOOP".into(),
        }),
    }
}

fn build(from: &Address, email: &OutgoingEmail) -> Result<lettre::Message, MailError> {
    if email.to.is_empty() {
        return Err(invalid("it has no recipient"));
    }
    if email.message_id.trim().is_empty() {
        return Err(invalid("it has no Message-ID"));
    }
    let mut builder = lettre::Message::builder()
        .from(mailbox(from)?)
        .subject(email.subject.clone())
        .message_id(Some(bracketed(&email.message_id)));
    for to in &email.to {
        builder = builder.to(mailbox(to)?);
    }
    if let Some(parent) = &email.in_reply_to {
        builder = builder.in_reply_to(bracketed(parent));
    }
    if !email.references.is_empty() {
        let refs: Vec<String> = email.references.iter().map(|r| bracketed(r)).collect();
        builder = builder.references(refs.join(" "));
    }
    builder
        .header(ContentType::TEXT_PLAIN)
        .body(email.text.replace("\r\n", "\n").replace('\n', "\r\n"))
        .map_err(|e| invalid(&e.to_string()))
}

fn mailbox(a: &Address) -> Result<LettreMailbox, MailError> {
    let email = a
        .email
        .trim()
        .parse::<lettre::Address>()
        .map_err(|_| invalid(&format!("'{}' is not an email address", a.email)))?;
    Ok(LettreMailbox::new(a.name.clone(), email))
}

fn bracketed(id: &str) -> String {
    format!(
        "<{}>",
        id.trim().trim_start_matches('<').trim_end_matches('>')
    )
}

fn invalid(detail: &str) -> MailError {
    MailError::InvalidMessage {
        detail: detail.to_string(),
    }
}

fn transport(settings: &SmtpSettings) -> Result<AsyncSmtpTransport<Tokio1Executor>, MailError> {
    let host = settings.host.as_str();
    let builder = match settings.security {
        Security::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host),
        Security::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host),
        Security::Plain => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
            host,
        )),
    }
    .map_err(|e| MailError::Tls {
        server: settings.server(),
        detail: e.to_string(),
    })?;
    // Servers check the hello name; the desk's own domain is the honest one.
    let hello = settings
        .from
        .email
        .rsplit_once('@')
        .map_or("localhost", |(_, domain)| domain)
        .to_string();
    let mut builder = builder
        .port(settings.port)
        .timeout(Some(settings.timeout))
        .hello_name(ClientId::Domain(hello));
    if let (Some(user), Some(password)) = (&settings.user, &settings.password) {
        builder = builder.credentials(Credentials::new(user.clone(), password.expose().clone()));
    }
    Ok(builder.build())
}

fn timeout(settings: &SmtpSettings, during: &'static str) -> MailError {
    MailError::Timeout {
        server: settings.server(),
        during,
        seconds: (settings.timeout * 4).as_secs().max(1),
    }
}

fn smtp_error(settings: &SmtpSettings, e: lettre::transport::smtp::Error) -> MailError {
    let server = settings.server();
    let detail = error_chain(&e);
    if e.is_tls() {
        return MailError::Tls { server, detail };
    }
    if e.is_timeout() {
        return timeout(settings, "talking to the server");
    }
    if let Some(code) = e.status() {
        let code = code.to_string();
        // 530: authentication required, 534/535/538: credentials or mechanism refused.
        if ["530", "534", "535", "538"].contains(&code.as_str()) {
            return MailError::LoginRefused {
                server,
                user: settings.user.clone().unwrap_or_default(),
                detail,
            };
        }
        // 4xx: "not now" (greylisting, a full queue, a busy server); 5xx: refused for good.
        if code.starts_with('4') {
            return MailError::Deferred { server, detail };
        }
        return MailError::Rejected { server, detail };
    }
    if e.is_response() || e.is_client() {
        return MailError::Protocol {
            server,
            during: "sending",
            detail,
        };
    }
    MailError::Unreachable { server, detail }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_print_the_password_as_stars() {
        let mut settings = SmtpSettings::new(
            "smtp.example",
            465,
            Security::Tls,
            Address {
                email: "desk@example".into(),
                name: None,
            },
        );
        settings.user = Some("desk".into());
        settings.password = Some(Sensitive::new("hunter2-do-not-print".to_string()));
        let printed = format!("{settings:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("***"), "{printed}");
    }

    #[test]
    fn reply_subjects_carry_one_tag_and_one_re() {
        let n = TicketNumber(42);
        for (subject, expected) in [
            ("Printer", "Re: [SB-000042] Printer"),
            ("Re: Printer", "Re: [SB-000042] Printer"),
            ("RE: Re: re: Printer", "Re: [SB-000042] Printer"),
            ("Re: [SB-000042] Printer", "Re: [SB-000042] Printer"),
            ("[sb-000042] Re: Printer", "Re: [SB-000042] Printer"),
            ("Re: Printer [SB-000042]", "Re: [SB-000042] Printer"),
            ("Ответ: Принтер", "Re: [SB-000042] Принтер"),
            ("Fwd: Printer", "Re: [SB-000042] Fwd: Printer"),
            (
                "Re: [SB-000007] other ticket",
                "Re: [SB-000042] [SB-000007] other ticket",
            ),
            ("", "Re: [SB-000042]"),
        ] {
            assert_eq!(reply_subject(n, subject), expected, "{subject:?}");
        }
    }

    #[test]
    fn rendered_messages_carry_threading_headers() {
        let from = Address::new("desk@example.com", Some("Service Desk"));
        let email = OutgoingEmail {
            to: vec![Address::new("ivan@example.ru", Some("Иван Петров"))],
            subject: "Re: [SB-000042] Принтер".into(),
            text: "Здравствуйте!\nПринтер починили.".into(),
            message_id: "sb-42-1@example.com".into(),
            in_reply_to: Some("abc@client.example.ru".into()),
            references: vec![
                "first@client.example.ru".into(),
                "abc@client.example.ru".into(),
            ],
        };
        let raw = render(&from, &email).unwrap();
        assert!(raw.is_ascii(), "the wire form is 7-bit");
        let text = String::from_utf8(raw.clone()).unwrap();
        assert!(text.contains("Message-ID: <sb-42-1@example.com>"), "{text}");
        assert!(
            text.contains("In-Reply-To: <abc@client.example.ru>"),
            "{text}"
        );
        assert!(
            text.contains("References: <first@client.example.ru> <abc@client.example.ru>"),
            "{text}"
        );
        let back = crate::email::parse(&raw).unwrap();
        assert_eq!(back.subject, "Re: [SB-000042] Принтер");
        assert_eq!(back.full_text, "Здравствуйте!\nПринтер починили.");
        assert_eq!(back.to[0].name.as_deref(), Some("Иван Петров"));
        assert_eq!(back.ticket_number, Some(n42()));
    }

    fn n42() -> TicketNumber {
        TicketNumber(42)
    }

    #[test]
    fn bad_messages_say_what_is_wrong() {
        let from = Address::new("desk@example.com", None);
        let mut email = OutgoingEmail {
            to: vec![Address::new("not an address", None)],
            subject: "x".into(),
            text: "x".into(),
            message_id: "a@b".into(),
            in_reply_to: None,
            references: vec![],
        };
        let err = render(&from, &email).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the message cannot be sent as written: 'not an address' is not an email address"
        );
        email.to.clear();
        assert_eq!(err.code(), "mail_invalid_message");
        assert!(render(&from, &email)
            .unwrap_err()
            .to_string()
            .contains("no recipient"));
    }
}
