//! Answers read from the network, bounded: a vendor's API or an Alertmanager answering with
//! gigabytes must not fill memory. A body is read chunk by chunk into a [`BodyCap`], which
//! refuses the chunk that would take it past its limit.

/// The most one HTTP answer (a vendor's, an Alertmanager's) may hold.
pub const HTTP_BODY_BYTES: usize = 16 << 20;

/// A body over its limit: how far it was read and what the limit is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.msg())]
pub struct TooLarge {
    pub limit: usize,
    pub read: usize,
}

impl TooLarge {
    /// The refusal for people, worded by its reader (`Display` is the English).
    pub fn msg(&self) -> sb_i18n::Msg {
        sb_i18n::msg!("body-too-large", limit = mib(self.limit), read = self.read)
    }
}

fn mib(bytes: usize) -> sb_i18n::Msg {
    if bytes >= 1 << 20 {
        sb_i18n::msg!("body-limit-mib", mib = bytes >> 20)
    } else {
        sb_i18n::msg!("body-limit-bytes", bytes = bytes)
    }
}

/// A body being read, at most `limit` bytes of it.
#[derive(Debug)]
pub struct BodyCap {
    limit: usize,
    buf: Vec<u8>,
}

impl BodyCap {
    pub fn new(limit: usize) -> BodyCap {
        BodyCap {
            limit,
            buf: Vec::new(),
        }
    }

    /// Adds the next chunk; refused when the body would pass the limit.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), TooLarge> {
        let read = self.buf.len().saturating_add(chunk.len());
        if read > self.limit {
            return Err(TooLarge {
                limit: self.limit,
                read,
            });
        }
        self.buf.extend_from_slice(chunk);
        Ok(())
    }

    /// The body as text (invalid UTF-8 replaced, as an HTTP client's `text()` does).
    pub fn text(self) -> String {
        match String::from_utf8(self.buf) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_up_to_its_limit_is_kept_and_past_it_refused() {
        let mut b = BodyCap::new(10);
        b.push(b"hello").unwrap();
        b.push(b"world").unwrap();
        let e = b.push(b"!").unwrap_err();
        assert_eq!(
            e,
            TooLarge {
                limit: 10,
                read: 11
            }
        );
        assert_eq!(b.text(), "helloworld");
        let e = BodyCap::new(HTTP_BODY_BYTES)
            .push(&vec![0; HTTP_BODY_BYTES + 1])
            .unwrap_err();
        assert!(
            e.to_string().starts_with("the answer is over 16 MiB"),
            "{e}"
        );
    }

    #[test]
    fn invalid_utf8_is_replaced_not_refused() {
        let mut b = BodyCap::new(10);
        b.push(&[b'a', 0xff, b'b']).unwrap();
        assert_eq!(b.text(), "a\u{fffd}b");
    }
}
