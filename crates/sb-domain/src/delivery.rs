//! When to try a failed delivery again (the outbox), and when to give up: a dead letter that a
//! person retries by hand.

/// Waits after the 1st, 2nd, ... failed attempt. After the last one the message is dead.
const BACKOFF_MS: [i64; 5] = [
    60_000,          // 1 minute
    5 * 60_000,      // 5 minutes
    15 * 60_000,     // 15 minutes
    60 * 60_000,     // 1 hour
    4 * 60 * 60_000, // 4 hours
];

/// How many attempts a message gets before it becomes a dead letter.
pub const MAX_ATTEMPTS: i64 = BACKOFF_MS.len() as i64 + 1;

/// After `attempts` failed attempts (1 for the first), when to try again; `None`: give up.
pub fn next_attempt_at(attempts: i64, now_ms: i64) -> Option<i64> {
    let i = usize::try_from(attempts.checked_sub(1)?).ok()?;
    BACKOFF_MS.get(i).map(|wait| now_ms + wait)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_then_the_message_is_dead() {
        assert_eq!(next_attempt_at(1, 0), Some(60_000));
        assert_eq!(next_attempt_at(2, 1_000), Some(301_000));
        assert_eq!(next_attempt_at(MAX_ATTEMPTS - 1, 0), Some(4 * 60 * 60_000));
        assert_eq!(next_attempt_at(MAX_ATTEMPTS, 0), None);
        assert_eq!(next_attempt_at(0, 0), None);
    }
}
