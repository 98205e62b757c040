//! Pacing deliveries to a vendor's system: when to try a failed request again (full-jitter
//! exponential backoff that never comes sooner than the vendor's `Retry-After`), and how many
//! requests a vendor may get (a token bucket kept in one number, shared through the database). Pure: the caller brings the clock and
//! the random numbers, so every rule is tested without waiting.
//!
//! The delivery policy that uses them is `delivery`'s.

/// Exponential backoff with full jitter: after the `attempt`-th failure (1 for the first) the
/// wait is uniform in `[0, min(cap, base * 2^(attempt-1))]`, drawn from `unit` (a number in
/// `[0, 1)`), and never shorter than what the vendor asked for in `Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub base_ms: i64,
    pub cap_ms: i64,
}

impl Default for Backoff {
    /// 1 s doubling up to 5 minutes.
    fn default() -> Self {
        Backoff {
            base_ms: 1_000,
            cap_ms: 5 * 60_000,
        }
    }
}

impl Backoff {
    /// The ceiling of the wait after `attempt` failures.
    pub fn ceiling(&self, attempt: u32) -> i64 {
        let shift = attempt.saturating_sub(1).min(40);
        self.base_ms
            .saturating_mul(1_i64 << shift)
            .min(self.cap_ms)
            .max(0)
    }

    /// How long to wait before the next attempt.
    pub fn wait_ms(&self, attempt: u32, unit: f64, retry_after_ms: Option<i64>) -> i64 {
        let unit = if unit.is_finite() {
            unit.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let jittered = (self.ceiling(attempt) as f64 * unit) as i64;
        jittered.max(retry_after_ms.unwrap_or(0).max(0))
    }
}

/// A `Retry-After` header given in seconds (`120`), as milliseconds; `None` for anything else
/// (an HTTP date needs a clock: the caller turns it into milliseconds itself).
pub fn retry_after_ms(header: &str) -> Option<i64> {
    let secs: i64 = header.trim().parse().ok()?;
    (secs >= 0).then(|| secs.saturating_mul(1000))
}

/// A vendor's rate limit shared by every process of a workspace: the generic cell rate
/// algorithm, which keeps a whole token bucket in one number (the "theoretical arrival time",
/// when the bucket would next be full) so that the database can hold it and each process
/// takes a request with one compare-and-set on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedRate {
    /// The time one request earns, in ms.
    interval_ms: i64,
    /// How far ahead of the steady rate a burst may run, in ms.
    slack_ms: i64,
}

impl SharedRate {
    /// `per_minute` requests a minute on average (at least 1), bursts of up to `burst`.
    pub fn per_minute(per_minute: i64, burst: u32) -> SharedRate {
        let per_minute = per_minute.clamp(1, 60_000);
        let interval_ms = (60_000 + per_minute - 1) / per_minute;
        SharedRate {
            interval_ms,
            slack_ms: interval_ms * i64::from(burst.max(1) - 1),
        }
    }

    /// One request at `now_ms` against the stored time `tat`: `Ok(new_tat)` to store, or
    /// `Err(ms)` to wait before asking again.
    pub fn take(&self, tat: i64, now_ms: i64) -> Result<i64, i64> {
        let allowed_from = tat - self.slack_ms;
        if now_ms < allowed_from {
            return Err(allowed_from - now_ms);
        }
        Ok(tat.max(now_ms) + self.interval_ms)
    }

    /// The vendor said to slow down: the stored time after which a request goes again.
    pub fn pause_until(&self, tat: i64, until_ms: i64) -> i64 {
        tat.max(until_ms + self.slack_ms)
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_ceiling_doubles_up_to_the_cap() {
        let b = Backoff::default();
        let ceilings: Vec<i64> = (1..=11).map(|a| b.ceiling(a)).collect();
        assert_eq!(
            ceilings,
            [
                1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000,
                300_000
            ]
        );
        assert_eq!(
            b.ceiling(1_000),
            300_000,
            "no overflow however many attempts"
        );
    }

    #[test]
    fn retry_after_is_a_floor() {
        let b = Backoff::default();
        assert_eq!(b.wait_ms(1, 0.5, None), 500);
        assert_eq!(b.wait_ms(1, 0.5, Some(30_000)), 30_000);
        assert_eq!(b.wait_ms(10, 0.99, Some(1_000)), 297_000);
        assert_eq!(retry_after_ms("120"), Some(120_000));
        assert_eq!(retry_after_ms(" 0 "), Some(0));
        assert_eq!(retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(retry_after_ms("-5"), None);
    }

    #[test]
    fn the_shared_rate_allows_a_burst_then_the_rate() {
        // 1200 a minute (one every 50 ms), bursts of 5.
        let r = SharedRate::per_minute(1_200, 5);
        let mut tat = 0;
        for _ in 0..5 {
            tat = r.take(tat, 0).expect("within the burst");
        }
        assert_eq!(r.take(tat, 0), Err(50));
        tat = r.take(tat, 50).expect("a token earned");
        assert_eq!(r.take(tat, 60), Err(40));
        tat = r.pause_until(tat, 10_000);
        assert!(r.take(tat, 9_999).is_err());
        assert!(r.take(tat, 10_000).is_ok());
        // One a minute: each request waits the whole minute after the last.
        let slow = SharedRate::per_minute(1, 1);
        let t = slow.take(0, 1_000).expect("the first");
        assert_eq!(slow.take(t, 2_000), Err(59_000));
    }

    proptest! {
        /// Whatever the randomness, a wait is within [Retry-After, max(ceiling, Retry-After)].
        #[test]
        fn waits_stay_in_bounds(attempt in 1u32..60, unit in 0.0f64..1.0, after in prop::option::of(0i64..600_000)) {
            let b = Backoff::default();
            let w = b.wait_ms(attempt, unit, after);
            prop_assert!(w >= after.unwrap_or(0));
            prop_assert!(w <= b.ceiling(attempt).max(after.unwrap_or(0)));
        }

        /// Shared by several processes taking in any order, no more than burst + rate x time
        /// pass over any stretch of time.
        #[test]
        fn the_shared_rate_holds_over_time(asks in prop::collection::vec(0i64..50, 1..400), per_minute in 60i64..3000, burst in 1u32..10) {
            let r = SharedRate::per_minute(per_minute, burst);
            let (mut tat, mut now, mut passed) = (0i64, 0i64, 0i64);
            for step in asks {
                now += step;
                if let Ok(next) = r.take(tat, now) {
                    tat = next;
                    passed += 1;
                }
            }
            let allowed = i64::from(burst) + now * per_minute / 60_000 + 1;
            prop_assert!(passed <= allowed, "{passed} > {allowed}");
        }
    }
}
