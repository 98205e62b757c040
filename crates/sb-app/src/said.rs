//! Sentences kept in the database for later readers (a merged duplicate's resolution note, the
//! last failure of a mailbox, an alert source, a reply or a vendor): kept as the message's JSON
//! and worded when read, in the reader's language. A text kept before there were messages, or
//! a server's own words that have no message, reads as it was written.

use sb_i18n::Msg;

use crate::error::ApiError;

/// The message as it is kept: its JSON.
pub(crate) fn keep(m: &Msg) -> String {
    serde_json::to_string(m).expect("a message serializes")
}

/// An error's sentence as a message: its own, or its text as written.
pub(crate) fn of_error(e: &ApiError) -> Msg {
    e.msg
        .clone()
        .unwrap_or_else(|| sb_i18n::msg!("routing-as-written", text = e.message.as_str()))
}

/// An error as it is kept: its message's JSON, or its text when it has no message.
pub(crate) fn keep_error(e: &ApiError) -> String {
    e.msg.as_ref().map_or_else(|| e.message.clone(), keep)
}

/// A kept sentence as a message; `None` for a text kept as it is.
pub(crate) fn read(text: &str) -> Option<Msg> {
    text.starts_with('{')
        .then(|| serde_json::from_str(text).ok())
        .flatten()
}

/// A kept sentence as a DTO carries it, read once: in English (a message worded, or a text kept
/// as it is) and as the message for its reader (`None` for a text kept as it is).
pub(crate) fn english_and_msg(text: Option<String>) -> (Option<String>, Option<Msg>) {
    let Some(text) = text else {
        return (None, None);
    };
    match read(&text) {
        Some(m) => (Some(m.english()), Some(m)),
        None => (Some(text), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use sb_i18n::{msg, Lang};

    #[test]
    fn a_message_reads_back_and_a_plain_text_reads_as_written() {
        let m = msg!("merge-note-bare", ticket = "SB-000007");
        let kept = keep(&m);
        assert_eq!(read(&kept), Some(m.clone()));
        assert_eq!(
            english_and_msg(Some(kept)),
            (Some("Duplicate of SB-000007".into()), Some(m))
        );
        for old in ["connection refused", "{not json", "{\"text\": 1}", ""] {
            assert_eq!(read(old), None, "{old}");
            assert_eq!(english_and_msg(Some(old.into())), (Some(old.into()), None));
        }
        assert_eq!(english_and_msg(None), (None, None));
    }

    #[test]
    fn an_error_keeps_its_message_or_else_its_text() {
        let said = ApiError::said(
            ErrorCode::MailServer,
            msg!("merge-note-bare", ticket = "SB-1"),
        );
        assert_eq!(
            read(&keep_error(&said))
                .map(|m| m.render(Lang::Ru))
                .as_deref(),
            Some("Дубликат заявки SB-1")
        );
        let plain = ApiError::new(ErrorCode::MailServer, "550 mailbox unavailable");
        assert_eq!(keep_error(&plain), "550 mailbox unavailable");
    }
}
