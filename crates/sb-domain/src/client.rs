//! Client identity: the short code people use, and contact details that must be reachable.

use std::fmt;

use sb_i18n::msg;
use serde::{Deserialize, Serialize};

use crate::text::{optional, required, FieldError, Limits};

/// A client's short code, such as `ACME` or `NORD-2`: 2-16 capital letters, digits or '-'.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ClientCode(String);

impl ClientCode {
    pub fn parse(value: &str) -> Result<ClientCode, FieldError> {
        let code = value.trim().to_ascii_uppercase();
        let valid = (2..=16).contains(&code.len())
            && code.starts_with(|c: char| c.is_ascii_alphanumeric())
            && code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
        if valid {
            Ok(ClientCode(code))
        } else {
            Err(FieldError::new(
                "code",
                msg!("client-code-invalid", value = value.trim()),
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An email address good enough to send to: one '@', a local part, a dotted domain, no spaces.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(field: &'static str, value: &str) -> Result<EmailAddress, FieldError> {
        let v = value.trim();
        let ok = match v.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !v.chars().any(char::is_whitespace)
            }
            None => false,
        };
        if ok {
            Ok(EmailAddress(v.to_lowercase()))
        } else {
            Err(FieldError::new(field, msg!("field-not-email", value = v)))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A contact person as typed in the client form, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDraft {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A checked contact: a name, and an email and phone that are well formed when given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub email: Option<EmailAddress>,
    pub phone: Option<String>,
}

impl ContactDraft {
    pub fn check(&self) -> Result<Contact, FieldError> {
        let name = required("contact name", &self.name, Limits::NAME)?;
        let email = optional("contact email", self.email.as_deref(), Limits::NAME)?
            .map(|e| EmailAddress::parse("contact email", &e))
            .transpose()?;
        let phone = optional("contact phone", self.phone.as_deref(), 40)?;
        if let Some(p) = &phone {
            let digits = p.chars().filter(char::is_ascii_digit).count();
            let allowed = p
                .chars()
                .all(|c| c.is_ascii_digit() || " +-()./".contains(c));
            if !allowed || digits < 3 {
                return Err(FieldError::new(
                    "contact phone",
                    msg!("field-not-phone", value = p),
                ));
            }
        }
        Ok(Contact { name, email, phone })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(ClientCode::parse(" acme ").unwrap().as_str(), "ACME");
        assert_eq!(ClientCode::parse("NORD-2").unwrap().as_str(), "NORD-2");
        for bad in ["A", "-AB", "AC ME", "ЛУЧ", "ABCDEFGHIJKLMNOPQ"] {
            assert!(ClientCode::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn contacts() {
        let ok = ContactDraft {
            name: " Anna Petrova ".into(),
            email: Some("Anna@Example.RU".into()),
            phone: Some("+7 (495) 123-45-67".into()),
        }
        .check()
        .unwrap();
        assert_eq!(ok.name, "Anna Petrova");
        assert_eq!(ok.email.unwrap().as_str(), "anna@example.ru");

        for (email, phone, field) in [
            (Some("anna"), None, "contact email"),
            (Some("a@b"), None, "contact email"),
            (Some("a b@c.d"), None, "contact email"),
            (None, Some("call me"), "contact phone"),
        ] {
            let draft = ContactDraft {
                name: "Anna".into(),
                email: email.map(Into::into),
                phone: phone.map(Into::into),
            };
            assert_eq!(draft.check().unwrap_err().field, field);
        }
        assert_eq!(
            ContactDraft::default().check().unwrap_err().field,
            "contact name"
        );
    }
}
