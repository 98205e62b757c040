//! Field rules for what people type: required fields, length limits, trimming.

use sb_i18n::{msg, Msg};
use serde::Serialize;

/// A field that a person must fix, named the way the form names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: &'static str,
    /// What is wrong with it, worded by the reader (`Display` is English).
    pub message: Msg,
}

impl FieldError {
    pub fn new(field: &'static str, message: Msg) -> FieldError {
        FieldError { field, message }
    }
}

/// Longest text each field accepts, in characters.
#[derive(Debug)]
pub struct Limits;

impl Limits {
    pub const NAME: usize = 200;
    pub const SUBJECT: usize = 200;
    pub const LONG_TEXT: usize = 20_000;
}

/// A required text: trimmed, not empty, not longer than `max` characters.
/// `text` with each NUL character replaced by U+FFFD. PostgreSQL cannot store a NUL in text
/// and SQLite can: what strangers send (mail, vendor replies) is stored the same on both.
pub fn without_nul(text: &str) -> String {
    text.replace('\0', "\u{FFFD}")
}

pub fn required(field: &'static str, value: &str, max: usize) -> Result<String, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(FieldError::new(field, msg!("field-required")));
    }
    limited(field, v, max)
}

/// An optional text: trimmed; empty becomes `None`.
pub fn optional(
    field: &'static str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, FieldError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => limited(field, v, max).map(Some),
    }
}

fn limited(field: &'static str, v: &str, max: usize) -> Result<String, FieldError> {
    let n = v.chars().count();
    if n > max {
        Err(FieldError::new(
            field,
            msg!("field-too-long", length = n, max = max),
        ))
    } else {
        Ok(v.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_and_optional() {
        assert_eq!(
            required("subject", "  Printer jam ", 200),
            Ok("Printer jam".into())
        );
        assert_eq!(
            required("subject", "   ", 200).unwrap_err().message,
            msg!("field-required")
        );
        assert_eq!(
            required("subject", "Принтер", 3).unwrap_err().to_string(),
            "subject: is 7 characters long; shorten it to 3 or fewer"
        );
        assert_eq!(optional("notes", Some("  "), 10), Ok(None));
        assert_eq!(optional("notes", None, 10), Ok(None));
        assert_eq!(optional("notes", Some(" a "), 10), Ok(Some("a".into())));
    }
}
