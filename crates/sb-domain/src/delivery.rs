//! The one delivery policy of every outgoing message (a reply by email, a case or comment at a
//! vendor): what a failure means, when to try again, when to give up (a dead letter that a
//! person retries by hand), and what that retry resets.
//!
//! Architecture Invariant: the email and vendor outboxes both decide with [`POLICY`] and
//! [`FailureClass`]; neither keeps a table or a rule of its own.

use crate::pacing::Backoff;

crate::ticket::vocabulary!(
    /// Why an attempt failed, as the policy and the window see it. The words are what the
    /// outboxes store and show.
    FailureClass, "failure class", {
        Unreachable => "unreachable",
        Timeout => "timeout",
        RateLimited => "rate_limited",
        ServerError => "server_error",
        Deferred => "deferred",
        Tls => "tls",
        BadCredentials => "bad_credentials",
        MissingPermission => "missing_permission",
        NotFound => "not_found",
        Rejected => "rejected",
        Protocol => "protocol",
        Settings => "settings",
    }
);

crate::ticket::vocabulary!(
    /// Where an outgoing message stands: waiting (or being tried), delivered, or a dead letter
    /// that waits for a person's retry.
    OutboxState, "outbox state", {
        Pending => "pending",
        Sent => "sent",
        Dead => "dead",
    }
);

impl FailureClass {
    /// A failure that may pass by itself (the server is back, the limit refilled, a 4xx that
    /// says "later"): tried again. Every other one waits for a person (credentials, permission,
    /// a refused request, settings): a dead letter at once, never hammered.
    pub fn passes_by_itself(self) -> bool {
        matches!(
            self,
            FailureClass::Unreachable
                | FailureClass::Timeout
                | FailureClass::RateLimited
                | FailureClass::ServerError
                | FailureClass::Deferred
        )
    }

    /// The class of an HTTP status a system answered with: 408 and 429 pass, other 4xx are
    /// refusals (401 credentials, 403 permission, 404 missing), 5xx pass.
    pub fn of_http_status(status: u16) -> Option<FailureClass> {
        Some(match status {
            401 => FailureClass::BadCredentials,
            403 => FailureClass::MissingPermission,
            404 | 410 => FailureClass::NotFound,
            408 => FailureClass::Timeout,
            429 => FailureClass::RateLimited,
            400..=499 => FailureClass::Rejected,
            500..=599 => FailureClass::ServerError,
            _ => return None,
        })
    }
}

/// One failed attempt: its class, and how long the other side asked us to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failure {
    pub class: FailureClass,
    pub retry_after_ms: Option<i64>,
}

/// What comes after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Try again at this time.
    RetryAt(i64),
    /// A dead letter: the failure will not pass by itself.
    DeadNow,
    /// A dead letter: every attempt was used.
    DeadAfterAttempts,
}

impl Next {
    pub fn retry_at(self) -> Option<i64> {
        match self {
            Next::RetryAt(t) => Some(t),
            Next::DeadNow | Next::DeadAfterAttempts => None,
        }
    }
}

/// The backoff and the number of attempts before a message becomes a dead letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub backoff: Backoff,
    pub max_attempts: i64,
}

/// Full jitter doubling from 5 s up to 30 minutes, 12 attempts: a server down for a minute is
/// waited out in seconds; one down for the afternoon turns its messages into dead letters after
/// at most 1 h 43 min of waits (about 50 minutes on average), for a person to see and retry.
pub const POLICY: Policy = Policy {
    backoff: Backoff {
        base_ms: 5_000,
        cap_ms: 30 * 60_000,
    },
    max_attempts: 12,
};

/// How many attempts a message gets before it becomes a dead letter.
pub const MAX_ATTEMPTS: i64 = POLICY.max_attempts;

/// Before a vendor case whose creation may have gone through is tried again (after a look-up),
/// at least this long: some vendors' search (Jira's JQL) finds a case only seconds after it was
/// made.
pub const UNKNOWN_CREATE_FLOOR_MS: i64 = 30_000;

impl Policy {
    /// After the `attempts`-th failed attempt (1 for the first) with `failure`: when to try
    /// again (never sooner than the other side's `Retry-After` nor `floor_ms`), or a dead
    /// letter. `unit` is a random number in `[0, 1)` for the jitter.
    pub fn after_failure(
        &self,
        attempts: i64,
        failure: Failure,
        floor_ms: i64,
        unit: f64,
        now_ms: i64,
    ) -> Next {
        if !failure.class.passes_by_itself() {
            return Next::DeadNow;
        }
        if attempts >= self.max_attempts {
            return Next::DeadAfterAttempts;
        }
        let attempt = u32::try_from(attempts.max(1)).unwrap_or(u32::MAX);
        let floor = failure.retry_after_ms.unwrap_or(0).max(floor_ms).max(0);
        Next::RetryAt(now_ms.saturating_add(self.backoff.wait_ms(attempt, unit, Some(floor))))
    }
}

/// What a person's "Retry" on a dead letter sets, the same for every outbox: back in line now,
/// with every attempt again (the last error stays until the next attempt replaces it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ManualRetry {
    pub attempts: i64,
    pub next_attempt_at: i64,
}

pub fn manual_retry(now_ms: i64) -> ManualRetry {
    ManualRetry {
        attempts: 0,
        next_attempt_at: now_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn failing(class: FailureClass) -> Failure {
        Failure {
            class,
            retry_after_ms: None,
        }
    }

    #[test]
    fn what_waits_for_a_person_is_dead_at_once() {
        for class in [
            FailureClass::BadCredentials,
            FailureClass::MissingPermission,
            FailureClass::NotFound,
            FailureClass::Rejected,
            FailureClass::Protocol,
            FailureClass::Settings,
            FailureClass::Tls,
        ] {
            assert_eq!(
                POLICY.after_failure(1, failing(class), 0, 0.5, 0),
                Next::DeadNow,
                "{class}"
            );
        }
    }

    #[test]
    fn what_passes_is_tried_again_until_the_attempts_are_used() {
        let t = POLICY.after_failure(1, failing(FailureClass::Unreachable), 0, 1.0, 1_000);
        assert_eq!(t, Next::RetryAt(1_000 + 5_000));
        let t = POLICY.after_failure(11, failing(FailureClass::Deferred), 0, 1.0, 0);
        assert_eq!(t, Next::RetryAt(30 * 60_000), "the cap");
        assert_eq!(
            POLICY.after_failure(MAX_ATTEMPTS, failing(FailureClass::Timeout), 0, 0.5, 0),
            Next::DeadAfterAttempts
        );
        let asked = Failure {
            class: FailureClass::RateLimited,
            retry_after_ms: Some(120_000),
        };
        assert_eq!(
            POLICY.after_failure(2, asked, 0, 0.0, 0),
            Next::RetryAt(120_000)
        );
        assert_eq!(
            POLICY.after_failure(
                1,
                failing(FailureClass::ServerError),
                UNKNOWN_CREATE_FLOOR_MS,
                0.0,
                5
            ),
            Next::RetryAt(5 + UNKNOWN_CREATE_FLOOR_MS)
        );
    }

    #[test]
    fn http_statuses() {
        let c = |s| FailureClass::of_http_status(s);
        assert_eq!(c(401), Some(FailureClass::BadCredentials));
        assert_eq!(c(403), Some(FailureClass::MissingPermission));
        assert_eq!(c(404), Some(FailureClass::NotFound));
        assert_eq!(c(408), Some(FailureClass::Timeout));
        assert_eq!(c(429), Some(FailureClass::RateLimited));
        assert_eq!(c(422), Some(FailureClass::Rejected));
        assert_eq!(c(503), Some(FailureClass::ServerError));
        assert_eq!(c(200), None);
        assert!(c(408).unwrap().passes_by_itself());
        assert!(c(429).unwrap().passes_by_itself());
        assert!(!c(400).unwrap().passes_by_itself());
    }

    #[test]
    fn the_longest_schedule_before_a_dead_letter() {
        let total: i64 = (1..MAX_ATTEMPTS)
            .map(|a| POLICY.backoff.ceiling(u32::try_from(a).unwrap()))
            .sum();
        assert_eq!(total, 6_155_000, "1 h 42 min 35 s at most");
    }

    #[test]
    fn a_manual_retry_starts_over_now() {
        assert_eq!(
            manual_retry(77),
            ManualRetry {
                attempts: 0,
                next_attempt_at: 77
            }
        );
    }

    proptest! {
        /// A retry never comes before the other side's Retry-After, nor after the cap (or the
        /// Retry-After, if that is later); the whole schedule ends in a dead letter.
        #[test]
        fn retries_are_bounded(attempts in 1i64..20, unit in 0.0f64..1.0, after in prop::option::of(0i64..7_200_000), now in 0i64..1_000_000_000) {
            let f = Failure { class: FailureClass::Unreachable, retry_after_ms: after };
            match POLICY.after_failure(attempts, f, 0, unit, now) {
                Next::RetryAt(t) => {
                    prop_assert!(attempts < MAX_ATTEMPTS);
                    prop_assert!(t >= now + after.unwrap_or(0));
                    prop_assert!(t <= now + POLICY.backoff.cap_ms.max(after.unwrap_or(0)));
                }
                Next::DeadAfterAttempts => prop_assert!(attempts >= MAX_ATTEMPTS),
                Next::DeadNow => prop_assert!(false, "a passing failure is not dead at once"),
            }
        }
    }
}
