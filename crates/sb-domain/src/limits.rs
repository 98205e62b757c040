//! How much of what strangers send intake reads (issue 17): the sizes and counts past which a
//! message waits in quarantine with the limit named, a workspace setting with safe defaults.

use sb_i18n::msg;
use serde::{Deserialize, Serialize};

use crate::FieldError;

/// The workspace's limits on hostile input. Each has a safe default and a range a person may
/// set it within: 0 would refuse everything, and a huge figure is no limit at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InputLimits {
    /// The largest message downloaded whole, in bytes; a larger one waits with its header.
    pub mail_bytes: u64,
    /// Header fields in one message, all parts together.
    pub mail_headers: u64,
    /// The longest one header field (folded lines together), in bytes.
    pub header_bytes: u64,
    /// MIME parts in one message (forwarded messages that are read included).
    pub mime_parts: u64,
    /// How deep multiparts and forwarded messages nest inside one another.
    pub mime_depth: u64,
    /// The largest one attached file, decoded, in bytes.
    pub attachment_bytes: u64,
    /// The text one message gives (its bodies, HTML read as text, and forwarded messages), in
    /// bytes.
    pub text_bytes: u64,
    /// How deep quotes and lists nest in an HTML body.
    pub html_depth: u64,
    /// The largest answer read from a vendor's API or an Alertmanager, in bytes.
    pub http_body_bytes: u64,
}

/// One limit: its name (the setting's, and the CLI's), its default, and its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitSpec {
    pub name: &'static str,
    pub default: u64,
    pub min: u64,
    pub max: u64,
    pub unit: &'static str,
}

/// Every limit, in the order the CLI and the window list them.
pub const LIMITS: [LimitSpec; 9] = [
    LimitSpec {
        name: "mail_bytes",
        default: crate::mail::MAX_MESSAGE_BYTES,
        min: 64 << 10,
        max: 1 << 30,
        unit: "bytes",
    },
    LimitSpec {
        name: "mail_headers",
        default: 10_000,
        min: 100,
        max: 1_000_000,
        unit: "header fields",
    },
    LimitSpec {
        name: "header_bytes",
        default: 1 << 20,
        min: 4 << 10,
        max: 64 << 20,
        unit: "bytes",
    },
    LimitSpec {
        name: "mime_parts",
        default: 1_000,
        min: 10,
        max: 100_000,
        unit: "parts",
    },
    LimitSpec {
        name: "mime_depth",
        default: 50,
        min: 5,
        max: 1_000,
        unit: "levels",
    },
    LimitSpec {
        name: "attachment_bytes",
        // As large as a message may be: a core dump or a log archive in a 50 MiB mail is
        // ordinary work here; a workspace that wants less sets less.
        default: crate::mail::MAX_MESSAGE_BYTES,
        min: 64 << 10,
        max: 1 << 30,
        unit: "bytes",
    },
    LimitSpec {
        name: "text_bytes",
        default: 4 << 20,
        min: 64 << 10,
        max: 256 << 20,
        unit: "bytes",
    },
    LimitSpec {
        name: "html_depth",
        default: 100,
        min: 10,
        max: 10_000,
        unit: "levels",
    },
    LimitSpec {
        name: "http_body_bytes",
        default: crate::body::HTTP_BODY_BYTES as u64,
        min: 64 << 10,
        max: 1 << 30,
        unit: "bytes",
    },
];

impl Default for InputLimits {
    fn default() -> InputLimits {
        InputLimits {
            mail_bytes: LIMITS[0].default,
            mail_headers: LIMITS[1].default,
            header_bytes: LIMITS[2].default,
            mime_parts: LIMITS[3].default,
            mime_depth: LIMITS[4].default,
            attachment_bytes: LIMITS[5].default,
            text_bytes: LIMITS[6].default,
            html_depth: LIMITS[7].default,
            http_body_bytes: LIMITS[8].default,
        }
    }
}

impl InputLimits {
    fn slot(&mut self, name: &str) -> Option<&mut u64> {
        Some(match name {
            "mail_bytes" => &mut self.mail_bytes,
            "mail_headers" => &mut self.mail_headers,
            "header_bytes" => &mut self.header_bytes,
            "mime_parts" => &mut self.mime_parts,
            "mime_depth" => &mut self.mime_depth,
            "attachment_bytes" => &mut self.attachment_bytes,
            "text_bytes" => &mut self.text_bytes,
            "html_depth" => &mut self.html_depth,
            "http_body_bytes" => &mut self.http_body_bytes,
            _ => return None,
        })
    }

    /// The value of the limit named `name`.
    pub fn get(&self, name: &str) -> Option<u64> {
        let mut copy = *self;
        copy.slot(name).map(|v| *v)
    }

    /// Sets one limit by name, checked against its range.
    pub fn set(&mut self, name: &str, value: u64) -> Result<(), FieldError> {
        let spec = spec(name)?;
        check(&spec, value)?;
        *self.slot(name).expect("every spec has a slot") = value;
        Ok(())
    }

    /// `http_body_bytes` as a size in memory.
    pub fn http_body(&self) -> usize {
        usize::try_from(self.http_body_bytes).unwrap_or(usize::MAX)
    }

    /// Every limit within its range; the first one outside it is the error.
    pub fn validate(&self) -> Result<(), FieldError> {
        LIMITS
            .iter()
            .try_for_each(|s| check(s, self.get(s.name).expect("every spec has a slot")))
    }
}

fn spec(name: &str) -> Result<LimitSpec, FieldError> {
    LIMITS
        .iter()
        .copied()
        .find(|s| s.name == name)
        .ok_or_else(|| {
            let names: Vec<&str> = LIMITS.iter().map(|s| s.name).collect();
            FieldError::new(
                "name",
                msg!("limit-unknown", name = name, known = names.join(", ")),
            )
        })
}

fn check(spec: &LimitSpec, value: u64) -> Result<(), FieldError> {
    if (spec.min..=spec.max).contains(&value) {
        Ok(())
    } else {
        Err(FieldError::new(
            spec.name,
            msg!(
                "limit-out-of-range",
                name = spec.name,
                min = spec.min,
                max = spec.max,
                unit = spec.unit,
                default = spec.default,
                value = value
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_within_their_ranges() {
        InputLimits::default().validate().expect("defaults valid");
        for s in LIMITS {
            assert!(s.min <= s.default && s.default <= s.max, "{}", s.name);
        }
    }

    #[test]
    fn zero_absurd_and_unknown_limits_are_refused_with_the_field() {
        let mut l = InputLimits::default();
        let e = l.set("mime_parts", 0).unwrap_err();
        assert_eq!(e.field, "mime_parts");
        assert!(
            e.message.english().contains("from 10 to 100000"),
            "{}",
            e.message
        );
        assert_eq!(
            l.set("mail_bytes", u64::MAX).unwrap_err().field,
            "mail_bytes"
        );
        assert_eq!(l.set("colour", 3).unwrap_err().field, "name");
        l.set("mime_depth", 20).expect("in range");
        assert_eq!(l.get("mime_depth"), Some(20));
        let stored: InputLimits = serde_json::from_str(r#"{"mimeParts":7}"#).expect("json");
        assert_eq!(stored.validate().unwrap_err().field, "mime_parts");
        assert_eq!(
            stored.mail_bytes,
            50 << 20,
            "a missing field is its default"
        );
        // Limits stored before a limit existed read it as its default.
        let old: InputLimits =
            serde_json::from_str(r#"{"mailBytes":1048576,"mimeDepth":9}"#).expect("json");
        assert_eq!(old.html_depth, 100);
        assert_eq!(old.http_body(), crate::body::HTTP_BODY_BYTES);
        assert_eq!(old.mime_depth, 9);
        old.validate().expect("valid");
    }
}
