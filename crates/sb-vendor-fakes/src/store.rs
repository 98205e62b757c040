//! What every fake keeps: its cases and their comments in memory, counters for the tests and
//! the benchmark, the request gate (requests per second), and the clock formats.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How a fake behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Added to every answer, as a vendor far away would.
    pub latency: Duration,
    /// Requests per second it answers; the ones above get the vendor's 429 with `Retry-After`.
    pub rate_limit: Option<u32>,
    /// The most items one page holds, whatever the client asks for.
    pub page_size: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            latency: Duration::ZERO,
            rate_limit: None,
            page_size: 50,
        }
    }
}

/// A case as the fake holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The id the API uses for it.
    pub id: String,
    /// The number people use (a key, an incident number).
    pub number: String,
    /// The client's reference for it (a correlation id, an external id); may be empty.
    pub correlation: String,
    pub subject: String,
    pub description: String,
    /// The vendor's own word (or code) for the status.
    pub status: String,
    pub priority: String,
    /// Who opened it.
    pub reporter: String,
    pub created_ms: i64,
    pub updated_ms: i64,
}

/// A comment on a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: String,
    pub author: String,
    pub body: String,
    /// Seen by the customer; `false` for internal notes.
    pub public: bool,
    pub created_ms: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub case: Case,
    pub comments: Vec<Comment>,
    /// Vendor fields the shared shape has no place for.
    pub extra: HashMap<String, String>,
}

impl Record {
    pub fn extra(&self, key: &str) -> &str {
        self.extra.get(key).map_or("", String::as_str)
    }
}

/// The records, indexed.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub records: Vec<Record>,
    by_id: HashMap<String, usize>,
    by_correlation: HashMap<String, Vec<usize>>,
    next: u64,
    /// Idempotency keys seen: key to (request fingerprint, case id, when).
    pub keys: HashMap<String, (String, String, i64)>,
    /// Fields an admin made mandatory on create.
    pub required: Vec<String>,
}

impl State {
    /// A fresh number for ids, counting from 1.
    pub fn next(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    pub fn insert(&mut self, record: Record) -> usize {
        let at = self.records.len();
        self.by_id.insert(record.case.id.clone(), at);
        if !record.case.correlation.is_empty() {
            self.by_correlation
                .entry(record.case.correlation.clone())
                .or_default()
                .push(at);
        }
        self.records.push(record);
        at
    }

    pub fn index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn get(&self, id: &str) -> Option<&Record> {
        self.index(id).map(|i| &self.records[i])
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Record> {
        self.index(id).map(|i| &mut self.records[i])
    }

    /// Takes a record away for good (the vendor deleted the case); `false` when there is none.
    pub fn remove(&mut self, id: &str) -> bool {
        if self.index(id).is_none() {
            return false;
        }
        let records = std::mem::take(&mut self.records);
        self.by_id.clear();
        self.by_correlation.clear();
        for r in records.into_iter().filter(|r| r.case.id != id) {
            self.insert(r);
        }
        true
    }

    pub fn with_correlation(&self, correlation: &str) -> Vec<&Record> {
        self.by_correlation
            .get(correlation)
            .map(|v| v.iter().map(|&i| &self.records[i]).collect())
            .unwrap_or_default()
    }
}

/// What differs between vendors in the shared inspection and vendor-side actions.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Profile {
    /// The name the vendor's own agent writes under.
    pub agent: &'static str,
    /// The vendor's status for "solved".
    pub resolved: &'static str,
    /// The vendor's canonical status word for what a test typed, if it is one.
    pub status: fn(&str) -> Option<&'static str>,
    /// A comment id from a fresh number.
    pub comment_id: fn(u64) -> String,
}

/// The state of one fake, shared by its server and its handle.
#[derive(Debug, Clone)]
pub struct Backend {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    state: Mutex<State>,
    options: Options,
    base_url: String,
    profile: Profile,
    started: Instant,
    window: Mutex<(u64, u32)>,
    requests: AtomicU64,
    limited: AtomicU64,
    creates: AtomicU64,
}

impl Backend {
    pub(crate) fn new(base_url: String, options: Options, profile: Profile) -> Backend {
        Backend {
            inner: Arc::new(Inner {
                state: Mutex::new(State::default()),
                options,
                base_url,
                profile,
                started: Instant::now(),
                window: Mutex::new((0, 0)),
                requests: AtomicU64::new(0),
                limited: AtomicU64::new(0),
                creates: AtomicU64::new(0),
            }),
        }
    }

    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn profile(&self) -> &Profile {
        &self.inner.profile
    }

    pub fn options(&self) -> &Options {
        &self.inner.options
    }

    /// `http://127.0.0.1:<port>`
    pub fn base_url(&self) -> String {
        self.inner.base_url.clone()
    }

    /// The page size asked for, within the fake's page size.
    pub(crate) fn page(&self, asked: Option<&str>, default: usize) -> usize {
        asked
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(default)
            .clamp(1, self.inner.options.page_size.max(1))
    }

    pub(crate) fn count_request(&self) {
        self.inner.requests.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn count_create(&self) {
        self.inner.creates.fetch_add(1, Ordering::Relaxed);
    }

    /// Lets a request through, or says how many seconds until the next one would pass. The
    /// window is the wall-clock second since start; refused requests do not count.
    pub(crate) fn admit(&self, now: Instant) -> Result<(), u64> {
        let Some(limit) = self.inner.options.rate_limit else {
            return Ok(());
        };
        let second = now.saturating_duration_since(self.inner.started).as_secs();
        let mut window = self
            .inner
            .window
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if window.0 != second {
            *window = (second, 0);
        }
        if window.1 >= limit.max(1) {
            self.inner.limited.fetch_add(1, Ordering::Relaxed);
            // The rest of this second, rounded up to whole seconds as the header counts.
            return Err(1);
        }
        window.1 += 1;
        Ok(())
    }

    /// Requests received, all of them.
    pub fn requests(&self) -> u64 {
        self.inner.requests.load(Ordering::Relaxed)
    }

    /// Requests answered with 429.
    pub fn rate_limited(&self) -> u64 {
        self.inner.limited.load(Ordering::Relaxed)
    }

    /// Create requests that got past the rate limit (whether they created a case or not).
    pub fn create_requests(&self) -> u64 {
        self.inner.creates.load(Ordering::Relaxed)
    }

    /// Every case, oldest first.
    pub fn cases(&self) -> Vec<Case> {
        self.state()
            .records
            .iter()
            .map(|r| r.case.clone())
            .collect()
    }

    /// The cases carrying `correlation` (more than one is a duplicate).
    pub fn cases_for(&self, correlation: &str) -> Vec<Case> {
        self.state()
            .with_correlation(correlation)
            .into_iter()
            .map(|r| r.case.clone())
            .collect()
    }

    pub fn case(&self, id: &str) -> Option<Case> {
        self.state().get(id).map(|r| r.case.clone())
    }

    /// How many correlation ids have more than one case.
    pub fn duplicates(&self) -> usize {
        self.state()
            .by_correlation
            .values()
            .filter(|v| v.len() > 1)
            .count()
    }

    /// The comments of a case, oldest first (internal ones included).
    pub fn comments(&self, id: &str) -> Vec<Comment> {
        self.state()
            .get(id)
            .map(|r| r.comments.clone())
            .unwrap_or_default()
    }

    /// The vendor's agent answers on the case publicly; returns the comment's id.
    pub fn add_vendor_comment(&self, id: &str, body: &str) -> Option<String> {
        self.vendor_comment(id, body, true)
    }

    /// The vendor's agent writes an internal note the customer never sees.
    pub fn add_internal_note(&self, id: &str, body: &str) -> Option<String> {
        self.vendor_comment(id, body, false)
    }

    fn vendor_comment(&self, id: &str, body: &str, public: bool) -> Option<String> {
        let profile = *self.profile();
        let mut state = self.state();
        let n = state.next();
        let record = state.get_mut(id)?;
        let comment_id = (profile.comment_id)(n);
        let now = now_ms().max(record.case.updated_ms);
        record.comments.push(Comment {
            id: comment_id.clone(),
            author: profile.agent.to_string(),
            body: body.to_string(),
            public,
            created_ms: now,
        });
        record.case.updated_ms = now;
        Some(comment_id)
    }

    /// The vendor moves the case to `status` (its own word or code); `false` when there is no
    /// such case or status.
    pub fn set_status(&self, id: &str, status: &str) -> bool {
        let Some(word) = (self.profile().status)(status) else {
            return false;
        };
        let mut state = self.state();
        let Some(record) = state.get_mut(id) else {
            return false;
        };
        record.case.status = word.to_string();
        record.case.updated_ms = now_ms().max(record.case.updated_ms);
        true
    }

    /// The vendor resolves the case.
    pub fn resolve(&self, id: &str) -> bool {
        self.set_status(id, self.profile().resolved)
    }

    /// The vendor deletes the case: its API no longer shows it (404 by id, absent from lists).
    pub fn delete(&self, id: &str) -> bool {
        self.state().remove(id)
    }
}

/// Milliseconds since 1970.
pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Days since 1970-01-01 of a civil date (the proleptic Gregorian calendar).
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// (year, month, day, hour, minute, second, millisecond) in UTC.
pub(crate) fn civil(ms: i64) -> (i64, i64, i64, i64, i64, i64, i64) {
    let days = ms.div_euclid(86_400_000);
    let rest = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    (
        y,
        m,
        d,
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1000 % 60,
        rest % 1000,
    )
}

/// `2026-12-01 15:32:26`
pub(crate) fn plain(ms: i64) -> String {
    let (y, m, d, h, mi, s, _) = civil(ms);
    format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02}")
}

/// `2026-12-01T15:32:26Z`
pub(crate) fn iso(ms: i64) -> String {
    let (y, m, d, h, mi, s, _) = civil(ms);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// `2026-12-01T15:32:26.123+0000`
pub(crate) fn iso_millis(ms: i64) -> String {
    let (y, m, d, h, mi, s, milli) = civil(ms);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}+0000")
}

/// Milliseconds of `2026-12-01 15:32:26`, `2026/12/01 15:32`, `2026-12-01` (UTC).
pub(crate) fn parse_plain(text: &str) -> Option<i64> {
    let t = text.trim();
    let (date, time) = t.split_once([' ', 'T']).unwrap_or((t, ""));
    let mut parts = date.split(['-', '/']).map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut hms = [0_i64; 3];
    if !time.is_empty() {
        let pieces: Vec<&str> = time.split(':').collect();
        if pieces.len() < 2 || pieces.len() > 3 {
            return None;
        }
        for (slot, piece) in hms.iter_mut().zip(pieces) {
            *slot = piece.parse().ok()?;
        }
    }
    Some(days_from_civil(y, m, d) * 86_400_000 + ((hms[0] * 60 + hms[1]) * 60 + hms[2]) * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_formats_round_trip() {
        let ms = parse_plain("2026-12-01 15:32:26").unwrap();
        assert_eq!(plain(ms), "2026-12-01 15:32:26");
        assert_eq!(iso(ms), "2026-12-01T15:32:26Z");
        assert_eq!(iso_millis(ms + 123), "2026-12-01T15:32:26.123+0000");
        assert_eq!(parse_plain("2026/12/01 15:32"), Some(ms - 26_000));
        assert_eq!(parse_plain("1970-01-01"), Some(0));
        assert_eq!(plain(0), "1970-01-01 00:00:00");
        assert_eq!(
            parse_plain("2024-02-29 00:00:00").map(plain).unwrap(),
            "2024-02-29 00:00:00"
        );
        assert_eq!(parse_plain("yesterday"), None);
        assert_eq!(parse_plain("2026-13-01"), None);
    }

    fn word(s: &str) -> Option<&'static str> {
        ["open", "solved"].into_iter().find(|w| *w == s)
    }

    #[test]
    fn the_gate_counts_per_second() {
        let profile = Profile {
            agent: "agent",
            resolved: "solved",
            status: word,
            comment_id: |n| n.to_string(),
        };
        let options = Options {
            rate_limit: Some(2),
            ..Options::default()
        };
        let b = Backend::new("http://x".into(), options, profile);
        let t = b.inner.started;
        assert_eq!(b.admit(t), Ok(()));
        assert_eq!(b.admit(t + Duration::from_millis(100)), Ok(()));
        assert_eq!(b.admit(t + Duration::from_millis(200)), Err(1));
        assert_eq!(b.admit(t + Duration::from_millis(1001)), Ok(()));
        assert_eq!(b.rate_limited(), 1);
    }
}
