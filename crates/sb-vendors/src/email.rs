//! A vendor reached by email: the case opens with a message to the vendor's support address,
//! our public comments follow as replies in the same thread, and the vendor's answers come in
//! through a mailbox of the email channel (sb-app threads them by our reference in the subject,
//! or by the vendor's own case number, whose prefix is a setting).
//!
//! Sending is the caller's (sb-app has the SMTP client and the mailboxes): a [`Mailer`]. There
//! is nothing to look up at a mail server, so a message whose outcome is unknown is sent again
//! with the same Message-ID, which the vendor's help desk uses to drop the copy.

use std::sync::Arc;

use crate::{
    case_subject, case_text, optional, setting, CaseRef, CaseUpdate, Connector, Field, KindInfo,
    NewCase, OutComment, Settings, VendorError,
};

pub static INFO: KindInfo = KindInfo {
    kind: "email",
    label: "Email to the vendor's support address",
    fields: &[
        Field {
            key: "to",
            label: "Vendor's support address",
            required: true,
            hint: "support@vendor.example",
        },
        Field {
            key: "mailbox",
            label: "Our mailbox to send from (its replies come back there)",
            required: true,
            hint: "Support",
        },
        Field {
            key: "number_prefix",
            label: "What precedes the vendor's case number in its subjects",
            required: false,
            hint: "Case #",
        },
    ],
    secret: None,
};

/// What the email connector needs from the app: mail sent from one of its mailboxes. An error
/// is the mail server's answer or a setting (`Config`: the mailbox gone, its password missing),
/// or the app's own failure to get that far (`Local`: its database failed, nothing was sent),
/// which the connector passes on untouched for the app to take back as its own.
#[async_trait::async_trait]
pub trait Mailer: Send + Sync + std::fmt::Debug {
    /// The mailbox exists and its SMTP server takes us; says which address we send from.
    async fn check(&self, mailbox: &str) -> Result<String, VendorError>;
    /// Sends `text` to `to` from `mailbox`, with this Message-ID (threaded under `in_reply_to`).
    async fn send(&self, mailbox: &str, message: &Outgoing) -> Result<(), VendorError>;
}

/// One message to the vendor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub message_id: String,
    pub in_reply_to: Option<String>,
}

#[derive(Debug)]
pub struct EmailVendor {
    to: String,
    mailbox: String,
    mailer: Arc<dyn Mailer>,
}

/// The Message-ID of the first message about a case: made of our reference, so a resend is
/// the same message.
pub fn case_message_id(correlation: &str) -> String {
    let local: String = correlation
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '.'
            }
        })
        .collect();
    format!("<case.{local}@switchboard.invalid>")
}

/// The vendor's case number after `prefix` in a subject ("Case #4521: ..." -> "4521").
pub fn number_after(subject: &str, prefix: &str) -> Option<String> {
    if prefix.trim().is_empty() {
        return None;
    }
    let lower = subject.to_lowercase();
    let at = lower.find(&prefix.to_lowercase())? + prefix.len();
    let rest = subject.get(at..)?.trim_start();
    let number: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    (!number.is_empty()).then_some(number)
}

/// Our reference (`SB-000123/7-a1b2c3`) in square brackets anywhere in a subject.
pub fn correlation_in(subject: &str) -> Option<String> {
    let mut rest = subject;
    while let Some(start) = rest.find('[') {
        let after = &rest[start + 1..];
        let end = after.find(']')?;
        let inside = after[..end].trim();
        let upper = inside.to_uppercase();
        if upper.starts_with("SB-") && inside.contains('/') && inside.contains('-') {
            return Some(format!("SB-{}", &inside[3..]));
        }
        rest = &after[end..];
    }
    None
}

/// Whether `sender` writes for the vendor whose support address is `support`: the address
/// itself, or another at its domain (its engineers answer from their own).
pub fn from_vendor(support: &str, sender: &str) -> bool {
    let (support, sender) = (support.trim().to_lowercase(), sender.trim().to_lowercase());
    let domain = |a: &str| a.rsplit_once('@').map(|(_, d)| d.to_string());
    sender == support || (domain(&sender).is_some() && domain(&sender) == domain(&support))
}

impl EmailVendor {
    pub fn new(
        settings: &Settings,
        mailer: Option<Arc<dyn Mailer>>,
    ) -> Result<EmailVendor, VendorError> {
        let to = setting(settings, &INFO, "to")?.to_string();
        if !to.contains('@') || to.contains(char::is_whitespace) {
            return Err(VendorError::Config(sb_i18n::msg!(
                "vendor-config-email-address",
                address = to.as_str()
            )));
        }
        Ok(EmailVendor {
            to,
            mailbox: setting(settings, &INFO, "mailbox")?.to_string(),
            mailer: mailer
                .ok_or_else(|| VendorError::Config(sb_i18n::msg!("vendor-config-email-channel")))?,
        })
    }

    /// What precedes the vendor's case numbers in its subjects, if set (for sb-app's threading
    /// of the answers).
    pub fn prefix(settings: &Settings) -> Option<&str> {
        optional(settings, "number_prefix")
    }
}

#[async_trait::async_trait]
impl Connector for EmailVendor {
    async fn check(&self) -> Result<String, VendorError> {
        let from = self.mailer.check(&self.mailbox).await?;
        Ok(format!("mail to {} goes out from {from}", self.to))
    }

    async fn create_case(&self, case: &NewCase) -> Result<CaseRef, VendorError> {
        self.mailer
            .send(
                &self.mailbox,
                &Outgoing {
                    to: self.to.clone(),
                    subject: case_subject(case),
                    text: case_text(case),
                    message_id: case_message_id(&case.correlation),
                    in_reply_to: None,
                },
            )
            .await?;
        // The vendor's own number arrives with its first answer.
        Ok(CaseRef {
            id: case.correlation.clone(),
            number: case.correlation.clone(),
            url: None,
        })
    }

    async fn find_case(&self, _correlation: &str) -> Result<Option<CaseRef>, VendorError> {
        // A mail server has nothing to look up: the resend carries the same Message-ID.
        Ok(None)
    }

    async fn add_comment(&self, case: &CaseRef, c: &OutComment) -> Result<String, VendorError> {
        let key: String = c
            .marker
            .chars()
            .filter(|ch| ch.is_ascii_alphanumeric())
            .collect();
        self.mailer
            .send(
                &self.mailbox,
                &Outgoing {
                    to: self.to.clone(),
                    subject: format!("Re: [{}] case {}", case.id, case.number),
                    text: c.text(),
                    message_id: format!("<{key}@switchboard.invalid>"),
                    in_reply_to: Some(case_message_id(&case.id)),
                },
            )
            .await?;
        Ok(String::new())
    }

    async fn find_comment(
        &self,
        _case: &CaseRef,
        _marker: &str,
    ) -> Result<Option<String>, VendorError> {
        Ok(None)
    }

    async fn reopen(&self, case: &CaseRef, c: &OutComment) -> Result<(), VendorError> {
        self.add_comment(
            case,
            &OutComment {
                body: format!(
                    "Please reopen this case: the problem is back.\n\n{}",
                    c.body
                ),
                ..c.clone()
            },
        )
        .await?;
        Ok(())
    }

    async fn changes(
        &self,
        _cases: &[CaseRef],
        _since: i64,
    ) -> Result<Vec<CaseUpdate>, VendorError> {
        // The answers come in through the email channel's mailbox.
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LocalFailure;

    #[test]
    fn our_reference_and_the_vendors_number_are_found_in_subjects() {
        assert_eq!(
            correlation_in("RE: [Case #4521] [SB-000123/7-a1b2c3] Disk failed"),
            Some("SB-000123/7-a1b2c3".into())
        );
        assert_eq!(
            correlation_in("Re: [SB-000123] Disk"),
            None,
            "a ticket tag is not a case"
        );
        assert_eq!(correlation_in("no tag"), None);
        assert_eq!(
            number_after("RE: Case #4521: Disk failed", "case #"),
            Some("4521".into())
        );
        assert_eq!(
            number_after("Ticket INC-77 updated", "Ticket "),
            Some("INC-77".into())
        );
        assert_eq!(number_after("Disk failed", "Case #"), None);
        assert_eq!(number_after("Case #", "Case #"), None);
    }

    #[test]
    fn the_vendors_people_write_from_its_domain() {
        assert!(from_vendor(
            "support@partner.example",
            "Support@Partner.example"
        ));
        assert!(from_vendor(
            "support@partner.example",
            "ivan@partner.example"
        ));
        assert!(!from_vendor(
            "support@partner.example",
            "ivan@other.example"
        ));
        assert!(!from_vendor("", "ivan@partner.example"));
    }

    /// The app's own failure behind the mailer comes back out of every call as it went in,
    /// never turned into the vendor's.
    #[tokio::test]
    async fn the_mailers_own_failure_passes_through_untouched() {
        #[derive(Debug)]
        struct Failing(LocalFailure);
        #[async_trait::async_trait]
        impl Mailer for Failing {
            async fn check(&self, _mailbox: &str) -> Result<String, VendorError> {
                Err(VendorError::Local(self.0.clone()))
            }
            async fn send(&self, _mailbox: &str, _m: &Outgoing) -> Result<(), VendorError> {
                Err(VendorError::Local(self.0.clone()))
            }
        }
        let failure = LocalFailure::new(std::io::Error::other("no such table: mailboxes"));
        let settings: Settings = [("to", "support@partner.example"), ("mailbox", "Support")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let vendor = EmailVendor::new(&settings, Some(Arc::new(Failing(failure.clone())))).unwrap();
        let case = NewCase {
            correlation: "SB-000123/7-a1b2c3".into(),
            ticket_number: "SB-000123".into(),
            subject: "Disk".into(),
            description: "Failed".into(),
            priority: sb_domain::ticket::Priority::P2,
            client: "Romashka".into(),
            direction: "hardware".into(),
        };
        let comment = OutComment {
            body: "Serial ZA1B2C3".into(),
            marker: "[sb:abc]".into(),
            author: "Anna".into(),
        };
        let case_ref = CaseRef {
            id: case.correlation.clone(),
            number: case.correlation.clone(),
            url: None,
        };
        let errors = [
            vendor.check().await.unwrap_err(),
            vendor.create_case(&case).await.unwrap_err(),
            vendor.add_comment(&case_ref, &comment).await.unwrap_err(),
            vendor.reopen(&case_ref, &comment).await.unwrap_err(),
        ];
        for e in errors {
            let VendorError::Local(came_back) = &e else {
                panic!("not the app's own failure: {e:?}");
            };
            assert_eq!(came_back, &failure);
            let io = came_back.downcast_ref::<std::io::Error>().unwrap();
            assert_eq!(io.to_string(), "no such table: mailboxes");
            assert_eq!(e.to_string(), "no such table: mailboxes");
        }
    }

    #[test]
    fn a_resend_is_the_same_message() {
        assert_eq!(
            case_message_id("SB-000123/7-a1b2c3"),
            "<case.SB-000123.7-a1b2c3@switchboard.invalid>"
        );
    }
}
