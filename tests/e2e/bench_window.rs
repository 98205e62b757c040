//! `make bench-window` (issue 18, item 1): what a person feels, measured in the real window.
//! The release build on the million-ticket dataset (`sb-bench --dataset`), under Xvfb, driven
//! through tauri-driver; every figure comes from the window's own performance marks
//! (`ui/src/lib/perf.ts`), not from the driver's round trips:
//! - start to the first usable queue (`sb:queue-ready` against the moment the app was asked
//!   for), cold (the page cache dropped first, when the system lets us) and warm;
//! - a click on a queue row to its card painted (`sb:row-click` -> `sb:card-painted`), each
//!   click on a ticket not opened before;
//! - a keystroke in the search box to its results painted (`sb:search-key` ->
//!   `sb:search-painted`);
//! - scrolling the queue 10,000 rows: the time of each frame;
//! - the memory of all the window's processes (PSS, from smaps_rollup) after it rests.
//!
//! It writes `target/bench/window.json` (the figures, and the tickets and words it used, for
//! the raw SQL beside them) for `scripts/bench-window.sh`.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

use super::webdriver::Session;
use super::{Driver, ESC};

/// The words typed into the search box, one keystroke at a time.
const WORDS: [&str; 8] = [
    "printer",
    "network",
    "квазар",
    "касса чек",
    "firewall",
    "backup",
    "database",
    "сервер",
];

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs_f64()
        * 1000.0
}

/// The dataset's folder, a window's data folder (`sb-bench --dataset`).
fn dataset() -> PathBuf {
    PathBuf::from(
        std::env::var("SB_BENCH_WINDOW_DATA")
            .expect("SB_BENCH_WINDOW_DATA names the dataset folder (make bench-window)"),
    )
}

#[test]
#[ignore = "make bench-window runs it: the release build on the million-ticket dataset"]
fn measure() {
    let data = dataset();
    let clicks = env_number("SB_BENCH_WINDOW_CLICKS", 200) as usize;
    let idle = Duration::from_secs(env_number("SB_BENCH_WINDOW_IDLE", 600));
    let warm_starts = env_number("SB_BENCH_WINDOW_STARTS", 5) as usize;
    let driver = Driver::start(&data);

    // Starts: cold ones first (the page cache dropped before each; one varies by hundreds of
    // milliseconds), as a desk starts after the first day: with the pages its last start read
    // noted (sb_start::pages). Then warm ones. Each as the menu entry starts the window, by
    // switchboard-start.
    note_a_start(&driver, &data);
    let mut colds = Vec::new();
    let mut cold_cache = true;
    for _ in 0..env_number("SB_BENCH_WINDOW_COLD", 3) {
        std::thread::sleep(Duration::from_secs(1));
        cold_cache &= drop_page_cache();
        let (ms, s) = start(&driver, By::Starter);
        s.quit();
        colds.push(ms);
    }
    let cold = median(&colds);
    eprintln!("bench-window: cold starts {colds:?}");
    let mut warm = Vec::new();
    for _ in 0..warm_starts {
        std::thread::sleep(Duration::from_secs(1));
        let (ms, s) = start(&driver, By::Starter);
        warm.push(ms);
        s.quit();
    }
    eprintln!("bench-window: start cold {cold:.0} ms, warm {warm:?}");
    std::thread::sleep(Duration::from_secs(1));
    let (_, s) = start(&driver, By::Starter);
    s.screenshot("bench-window-01-queue");

    // The memory as it goes: after the start, the clicks, the scroll, and at rest.
    let mut steps = vec![json!({"after": "start", "memory": window_memory()})];
    let Clicks {
        painted: card_ms,
        rendered: rendered_ms,
        opened,
        waits: card_waits,
    } = clicks_to_cards(&s, clicks);
    steps.push(json!({"after": "clicks", "memory": window_memory()}));
    eprintln!(
        "bench-window: {} clicks, p50 {:.1} ms, p95 {:.1} ms",
        card_ms.len(),
        pct(&card_ms, 50.0),
        pct(&card_ms, 95.0)
    );
    eprintln!(
        "bench-window: click to the card in the DOM (before its paint): p50 {:.1} ms, p95 {:.1} ms",
        pct(&rendered_ms, 50.0),
        pct(&rendered_ms, 95.0)
    );
    eprintln!(
        "bench-window: clicks that read from the disk: {}",
        waited_on_disk(&card_ms, &card_waits)
    );
    let bridge_ms = bridge(&s, &opened);
    eprintln!(
        "bench-window: the card through the bridge alone: p50 {:.1} ms, p95 {:.1} ms",
        pct(&bridge_ms, 50.0),
        pct(&bridge_ms, 95.0)
    );
    let floor = paint_floor(&s);
    eprintln!("bench-window: the paint floor: {floor}");
    let (search_ms, typed, search_waits) = keystrokes_to_results(&s);
    eprintln!(
        "bench-window: {} keystrokes, p50 {:.1} ms, p95 {:.1} ms",
        search_ms.len(),
        pct(&search_ms, 50.0),
        pct(&search_ms, 95.0)
    );
    eprintln!(
        "bench-window: keystrokes that read from the disk: {}",
        waited_on_disk(&search_ms, &search_waits)
    );
    s.screenshot("bench-window-02-search");
    s.keys(ESC);
    s.find("[data-testid=\"queue\"]");
    let scroll = scroll_queue(&s, 10_000);
    steps.push(json!({"after": "scroll", "memory": window_memory()}));
    s.screenshot("bench-window-03-scrolled");
    s.keys(ESC);

    // At rest: back on the queue's top, nothing touched for `idle`.
    s.script(
        "document.querySelector('[data-testid=\"queue\"]').scrollTop = 0; return true;",
        json!([]),
    );
    eprintln!("bench-window: resting {} s", idle.as_secs());
    std::thread::sleep(idle);
    let memory = window_memory();
    eprintln!("bench-window: memory {memory}");
    for step in &steps {
        eprintln!(
            "bench-window: after {}: {} kB",
            step["after"], step["memory"]["totalKb"]
        );
    }
    let window = super::window_processes();
    let engine = web_engine_settings();
    s.quit();
    gone(&window);
    let floor_idle = Duration::from_secs(env_number("SB_BENCH_WINDOW_FLOOR_IDLE", 120));
    let blank = blank_webkit_memory(floor_idle, &engine);
    eprintln!("bench-window: a blank page in WebKitGTK's own browser: {blank:?}");

    let report = json!({
        "startCold": cold,
        "startColds": colds,
        "coldCache": cold_cache,
        "startWarm": warm,
        "cardMs": card_ms,
        "cardRenderedMs": rendered_ms,
        "cardDisk": card_waits.iter().map(|w| w.json()).collect::<Vec<_>>(),
        "opened": opened,
        "bridgeMs": bridge_ms,
        "searchMs": search_ms,
        "paintFloor": floor,
        "typed": typed,
        "searchDisk": search_waits.iter().map(|w| w.json()).collect::<Vec<_>>(),
        "scroll": scroll,
        "idleSeconds": idle.as_secs(),
        "memory": memory,
        "memorySteps": steps,
        "blankWebKit": blank,
    });
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench/window.json");
    std::fs::create_dir_all(out.parent().expect("a folder")).expect("target/bench");
    std::fs::write(&out, serde_json::to_string_pretty(&report).expect("json")).expect("write");
    eprintln!("bench-window: wrote {}", out.display());
}

/// The start's pages read ahead or not (`make bench-window-cold`): `SB_BENCH_WINDOW_COLD`
/// cold starts (default 10), the page cache dropped before each, every other one without the
/// record of the last start's pages (as a desk's very first start), the others with it.
#[test]
#[ignore = "make bench-window-cold runs it: the release build on the million-ticket dataset"]
fn cold_starts() {
    let data = dataset();
    let n = env_number("SB_BENCH_WINDOW_COLD", 12) as usize;
    let driver = Driver::start(&data);
    note_a_start(&driver, &data);
    let record = data.join(sb_start::pages::FILE);
    let aside = data.join("start-pages.aside");
    // In turn: the window's program alone without a record (a desk's very first start); alone
    // with the record, which it asks for once it runs; started by switchboard-start, which asks
    // for it before the window's program is loaded (as the menu entry starts it).
    let ways = [
        ("the window alone, no record", By::Window, false),
        ("the window alone, with the record", By::Window, true),
        ("switchboard-start, with the record", By::Starter, true),
    ];
    let mut times = vec![Vec::new(); ways.len()];
    for i in 0..n {
        std::thread::sleep(Duration::from_secs(1));
        let (way, by, with_record) = ways[i % ways.len()];
        if with_record && aside.exists() {
            std::fs::rename(&aside, &record).expect("the record put back");
        } else if !with_record && record.exists() {
            std::fs::rename(&record, &aside).expect("the record put aside");
        }
        assert!(
            drop_page_cache(),
            "cold starts need the page cache dropped (root)"
        );
        // A start this short notes no pages (that waits 10 s), so the record stays the same.
        let (ms, s) = start(&driver, by);
        s.quit();
        eprintln!("bench-window: cold start {i}, {way}: {ms:.0} ms");
        times[i % ways.len()].push(ms);
    }
    if aside.exists() {
        std::fs::rename(&aside, &record).expect("the record put back");
    }
    for ((way, _, _), t) in ways.iter().zip(&times) {
        eprintln!(
            "bench-window: cold starts, {way}: median {:.0} ms {t:.0?}",
            median(t)
        );
    }
}

/// A start held until it has noted its pages for the next one (`start-pages` in the data
/// folder), unless a record is there already.
fn note_a_start(driver: &Driver, data: &Path) {
    let record = data.join(sb_start::pages::FILE);
    if record.exists() {
        return;
    }
    let (_, s) = start(driver, By::Window);
    let began = std::time::Instant::now();
    while !record.exists() {
        assert!(
            began.elapsed() < Duration::from_secs(60),
            "the window noted no pages of its start in {}",
            record.display()
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    s.quit();
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// How a start is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum By {
    /// As the desktop's menu entry makes it: switchboard-start asks for the last start's pages
    /// before the window's program is loaded, then becomes the window.
    Starter,
    /// The window's program alone: it asks for them itself once it runs.
    Window,
}

/// Asks for the app and waits for its queue: milliseconds from the app's process starting
/// (as the kernel dates it; the driver's own start before it is not the app's; started by
/// switchboard-start, the same process from its start) to `sb:queue-ready`, and where the
/// time went.
fn start(driver: &Driver, by: By) -> (f64, Session) {
    let asked = now_ms();
    let s = match by {
        By::Starter => driver.open_app_by(&super::starter_binary()),
        By::Window => driver.open_app(),
    };
    let ready = s.poll_for("the queue is ready", Duration::from_secs(120), |s| {
        s.script(
            "const m = performance.getEntriesByName('sb:queue-ready')[0];\
             return m ? performance.timeOrigin + m.startTime : null;",
            json!([]),
        )
        .as_f64()
    });
    let page = s.script(
        "const n = performance.getEntriesByType('navigation')[0];\
         return [performance.timeOrigin, n ? n.domContentLoadedEventEnd : null];",
        json!([]),
    );
    if std::env::var_os("SB_BENCH_WINDOW_TRACE").is_some() {
        // The start's marks in order: the script run, each call to the back end and its answer.
        let trace = s.script(
            "const r = performance.getEntriesByName('sb:queue-ready')[0].startTime;\
             return performance.getEntriesByType('mark').filter((e) => e.startTime <= r)\
               .map((e) => `${e.startTime.toFixed(0)} ${e.name} ${e.detail ?? ''}`);",
            json!([]),
        );
        eprintln!("bench-window: the start's requests: {trace:#}");
    }
    let origin = page[0].as_f64().unwrap_or(asked);
    let started = app_started_ms().unwrap_or(asked);
    eprintln!(
        "bench-window: start: the driver {:.0} ms, the process to its page {:.0} ms, the page to \
         its script run {:.0} ms, then to the queue painted {:.0} ms",
        started - asked,
        origin - started,
        page[1].as_f64().unwrap_or(0.0),
        ready - origin - page[1].as_f64().unwrap_or(0.0)
    );
    (ready - started, s)
}

/// When the newest process of the app started, in milliseconds since the epoch: its start in
/// clock ticks after boot (`/proc/PID/stat`), and the boot's time as now less the time since
/// it (`/proc/uptime`, to the hundredth of a second; `/proc/stat` gives whole seconds).
fn app_started_ms() -> Option<f64> {
    let app = std::fs::canonicalize(super::app_binary()).ok()?;
    let up: f64 = std::fs::read_to_string("/proc/uptime")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let boot = now_ms() / 1000.0 - up;
    // USER_HZ: 100 on Linux for every architecture this runs on.
    let ticks = 100.0;
    let newest = std::fs::read_dir("/proc")
        .ok()?
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == app))
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // After the last ')': state is field 3, starttime field 22.
            stat.rsplit(')')
                .next()?
                .split_whitespace()
                .nth(19)?
                .parse::<f64>()
                .ok()
        })
        .fold(None, |m: Option<f64>, t| Some(m.map_or(t, |m| m.max(t))))?;
    Some((boot + newest / ticks) * 1000.0)
}

/// The kernel's page cache emptied, so the next start reads the app and the database from
/// disk; false where the system does not let us (then "cold" is only the first start).
fn drop_page_cache() -> bool {
    match std::process::Command::new("sync").status() {
        Ok(s) if s.success() => {}
        other => {
            eprintln!("bench-window: sync failed ({other:?}); the cold start is the first start");
            return false;
        }
    }
    match std::fs::write("/proc/sys/vm/drop_caches", "3\n") {
        Ok(()) => true,
        Err(e) => {
            eprintln!("bench-window: the page cache cannot be dropped ({e}); the cold start is the first start");
            false
        }
    }
}

/// Clicks `n` rows one after another, each a ticket not opened before (the queue is scrolled
/// on between clicks), going back with Esc; the time from each click to its card painted.
fn clicks_to_cards(s: &Session, n: usize) -> Clicks {
    let mut times = Vec::new();
    let mut waits = Vec::new();
    let mut rendered = Vec::new();
    let mut opened: Vec<String> = Vec::new();
    let mut i = 0;
    while times.len() < n {
        i += 1;
        assert!(i < n * 10, "the queue gave no new rows to click");
        // The first row wholly in view, scrolled on by a few rows each time.
        let number = s
            .script(
                "const q = document.querySelector('[data-testid=\"queue\"]');\
                 q.scrollTop = arguments[0] * 36 * 3;\
                 const top = q.getBoundingClientRect().top + 40;\
                 const rows = [...q.querySelectorAll('tr.queue-row')];\
                 const row = rows.find((r) => r.getBoundingClientRect().top >= top);\
                 return row ? row.dataset.testid.replace('queue-row-', '') : null;",
                json!([i]),
            )
            .as_str()
            .map(str::to_string);
        // None yet, or one opened before (its card would come from memory): rows still load.
        let Some(number) = number.filter(|n| !opened.contains(n)) else {
            std::thread::sleep(Duration::from_millis(200));
            continue;
        };
        let cell = s.find(&format!(
            "[data-testid=\"queue-row-{number}\"] td.cell-subject"
        ));
        let disk_before = disk_waits();
        s.click(&cell);
        let ms = s.poll_for("the card is painted", Duration::from_secs(30), |s| {
            s.script(
                "const n = arguments[0];\
                 const click = performance.getEntriesByName('sb:row-click')\
                   .filter((m) => m.detail === n).pop();\
                 if (!click) return null;\
                 const painted = performance.getEntriesByName('sb:card-painted')\
                   .find((m) => m.detail === n && m.startTime >= click.startTime);\
                 const rendered = performance.getEntriesByName('sb:card-rendered')\
                   .find((m) => m.detail === n && m.startTime >= click.startTime);\
                 return painted && rendered\
                   ? [painted.startTime - click.startTime, rendered.startTime - click.startTime]\
                   : null;",
                json!([number]),
            )
            .as_array()
            .map(|v| (v[0].as_f64().unwrap_or(0.0), v[1].as_f64().unwrap_or(0.0)))
        });
        if times.is_empty() && std::env::var_os("SB_BENCH_WINDOW_TRACE").is_some() {
            // The first card after the start: every mark from its click to its paint, and when
            // the card rehearsed out of sight was painted (before the click: negative).
            let trace = s.script(
                "const n = arguments[0];\
                 const click = performance.getEntriesByName('sb:row-click')\
                   .filter((m) => m.detail === n).pop().startTime;\
                 const painted = performance.getEntriesByName('sb:card-painted')\
                   .find((m) => m.detail === n && m.startTime >= click).startTime;\
                 return performance.getEntriesByType('mark')\
                   .filter((e) => (e.startTime >= click && e.startTime <= painted)\
                     || e.name === 'sb:card-rehearsed')\
                   .map((e) => `${(e.startTime - click).toFixed(0)} ${e.name} ${e.detail ?? ''}`);",
                json!([number]),
            );
            eprintln!("bench-window: the first card's marks: {trace:#}");
        }
        times.push(ms.0);
        rendered.push(ms.1);
        waits.push(disk_waits().since(disk_before));
        opened.push(number);
        s.keys(ESC);
        s.find("[data-testid=\"queue\"] tr.queue-row");
    }
    Clicks {
        painted: times,
        rendered,
        opened,
        waits,
    }
}

/// What `clicks_to_cards` measured, one entry per click.
struct Clicks {
    /// From the click to the card painted, ms.
    painted: Vec<f64>,
    /// From the click to the card in the DOM, ms.
    rendered: Vec<f64>,
    /// The tickets opened.
    opened: Vec<String>,
    /// What the window's processes waited for from the disk between the click and the paint.
    waits: Vec<DiskWaits>,
}

/// What the window's processes (the app, its web and network processes) have waited for from
/// the disk so far: page faults that had to read (`majflt` in `/proc/PID/stat`) and the bytes
/// read from storage (`read_bytes` in `/proc/PID/io`, the file reads and the faults both): code
/// or data not in memory (never read since the page cache was dropped, or let go of since),
/// which a slow click may have waited for.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct DiskWaits {
    faults: u64,
    bytes: u64,
    /// Of `bytes`, what the app's own process read (the store's SQLite file, mostly).
    app_bytes: u64,
}

impl DiskWaits {
    fn since(self, before: DiskWaits) -> DiskWaits {
        DiskWaits {
            faults: self.faults.saturating_sub(before.faults),
            bytes: self.bytes.saturating_sub(before.bytes),
            app_bytes: self.app_bytes.saturating_sub(before.app_bytes),
        }
    }

    fn json(self) -> Value {
        json!({"faults": self.faults, "kb": self.bytes >> 10, "appKb": self.app_bytes >> 10})
    }
}

/// Of `times` (ms) and what each waited for from the disk: how many of the slow ones (over
/// 50 ms) and of the others read from it, and what.
fn waited_on_disk(times: &[f64], waits: &[DiskWaits]) -> String {
    let (mut slow, mut slow_read, mut fast_read, mut faults, mut kb, mut app_kb) =
        (0, 0, 0, 0, 0, 0);
    for (ms, w) in times.iter().zip(waits) {
        let read = w.faults > 0 || w.bytes > 0;
        if *ms > 50.0 {
            slow += 1;
            slow_read += usize::from(read);
        } else {
            fast_read += usize::from(read);
        }
        faults += w.faults;
        kb += w.bytes >> 10;
        app_kb += w.app_bytes >> 10;
    }
    format!(
        "{slow_read} of the {slow} over 50 ms, {fast_read} of the {} others; {faults} faults, \
         {kb} kB ({app_kb} kB by the app's own process)",
        times.len() - slow
    )
}

fn disk_waits() -> DiskWaits {
    let mut total = DiskWaits::default();
    let app = std::fs::canonicalize(super::app_binary()).expect("the app binary");
    for pid in super::window_processes() {
        total.faults += super::stat_field(pid, 12).unwrap_or(0);
        if let Ok(io) = std::fs::read_to_string(format!("/proc/{pid}/io")) {
            let bytes = io
                .lines()
                .find_map(|l| l.strip_prefix("read_bytes:")?.trim().parse::<u64>().ok())
                .unwrap_or(0);
            total.bytes += bytes;
            if std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == app) {
                total.app_bytes += bytes;
            }
        }
    }
    total
}

/// The same cards asked for again through the bridge alone (the window's `invoke`, nothing
/// rendered): what of a click's time is the back end and the IPC.
fn bridge(s: &Session, opened: &[String]) -> Vec<f64> {
    let ids: Vec<i64> = opened
        .iter()
        .filter_map(|n| n.trim_start_matches("SB-").parse().ok())
        .collect();
    s.script(
        "window.__sbBridge = null;\
         (async () => {\
           const out = [];\
           for (const id of arguments[0]) {\
             const t = performance.now();\
             await window.__TAURI_INTERNALS__.invoke('ticket_card', { id });\
             out.push(performance.now() - t);\
           }\
           window.__sbBridge = out;\
         })();\
         return true;",
        json!([ids]),
    );
    let v = s.poll_for("the bridge is timed", Duration::from_secs(300), |s| {
        std::thread::sleep(Duration::from_millis(200));
        let v = s.script("return window.__sbBridge;", json!([]));
        (!v.is_null()).then_some(v)
    });
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_f64)
        .collect()
}

/// What a paint costs here, whatever the app shows: the time from a change to its frame
/// painted (measured as the app's marks are), for a word changed in one small box and for the
/// whole window's background, 30 times each (median, p95).
fn paint_floor(s: &Session) -> Value {
    s.script(
        "window.__sbFloor = null;\
         (async () => {\
           const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));\
           const box = document.createElement('div');\
           box.style.cssText = 'position:fixed;left:0;bottom:0;width:40px;height:14px;font-size:10px';\
           document.body.appendChild(box);\
           const time = async (change) => {\
             const out = [];\
             for (let i = 0; i < 30; i++) {\
               await frame();\
               const t = performance.now();\
               change(i);\
               await frame();\
               out.push(performance.now() - t);\
             }\
             out.sort((a, b) => a - b);\
             return { p50: out[14], p95: out[28] };\
           };\
           const small = await time((i) => { box.textContent = String(i); });\
           const whole = await time((i) => { document.body.style.background = i % 2 ? '#fefefe' : '#fdfdfd'; });\
           document.body.style.background = '';\
           box.remove();\
           window.__sbFloor = { small, whole };\
         })();\
         return true;",
        json!([]),
    );
    s.poll_for("the paint floor is timed", Duration::from_secs(120), |s| {
        std::thread::sleep(Duration::from_millis(200));
        let v = s.script("return window.__sbFloor;", json!([]));
        (!v.is_null()).then_some(v)
    })
}

/// Types each of `WORDS` a key at a time into the search box; for each keystroke that changes
/// the text searched (from the second character), the time to its results painted.
fn keystrokes_to_results(s: &Session) -> (Vec<f64>, Vec<String>, Vec<DiskWaits>) {
    let mut times = Vec::new();
    let mut waits = Vec::new();
    let mut typed = Vec::new();
    for word in WORDS {
        s.clear("search-input");
        s.click_id("search-input");
        let mut text = String::new();
        for c in word.chars() {
            let before = text.trim().to_string();
            text.push(c);
            let disk_before = disk_waits();
            s.keys(&c.to_string());
            let now = text.trim().to_string();
            if now == before || now.chars().count() < 2 {
                continue;
            }
            let ms = s.poll_for("the results are painted", Duration::from_secs(30), |s| {
                s.script(
                    "const t = arguments[0];\
                     const key = performance.getEntriesByName('sb:search-key')\
                       .filter((m) => m.detail === t).pop();\
                     if (!key) return null;\
                     const painted = performance.getEntriesByName('sb:search-painted')\
                       .find((m) => m.detail === t && m.startTime >= key.startTime);\
                     return painted ? painted.startTime - key.startTime : null;",
                    json!([now]),
                )
                .as_f64()
            });
            times.push(ms);
            typed.push(now);
            waits.push(disk_waits().since(disk_before));
        }
    }
    (times, typed, waits)
}

/// Scrolls the queue down `rows` rows, 8 rows a frame (as a fast flick of the wheel), and
/// records every frame's time; the rows still to load stop it where the list ends, and it goes
/// on as they come.
fn scroll_queue(s: &Session, rows: u64) -> Value {
    // Started in the page and left running (a WebDriver call would time out on a long scroll);
    // its result is read when it is there.
    s.script(
        "const q = document.querySelector('[data-testid=\"queue\"]');\
         q.scrollTop = 0;\
         window.__sbScroll = null;\
         const target = arguments[0] * 36;\
         const frames = [];\
         let stalled = 0;\
         const started = performance.now();\
         let last = started;\
         function tick(now) {\
           frames.push(now - last); last = now;\
           if (q.scrollTop >= target - 1 || now - started > 600000) {\
             const rows = q.querySelectorAll('tr.queue-row').length;\
             window.__sbScroll = { frames, stalled, ms: now - started, reached: Math.round(q.scrollTop / 36), rendered: rows };\
             return;\
           }\
           const before = q.scrollTop;\
           q.scrollTop = Math.min(before + 8 * 36, target);\
           if (q.scrollTop === before) stalled += 1;\
           requestAnimationFrame(tick);\
         }\
         requestAnimationFrame((t) => { last = t; requestAnimationFrame(tick); });\
         return true;",
        json!([rows]),
    );
    s.poll_for("the queue is scrolled", Duration::from_secs(660), |s| {
        std::thread::sleep(Duration::from_millis(500));
        let v = s.script("return window.__sbScroll;", json!([]));
        (!v.is_null()).then_some(v)
    })
}

/// The proportional set size of the app and every process under it (WebKit's web and network
/// processes), each named.
fn window_memory() -> Value {
    memory_of(&super::window_processes())
}

/// The proportional set size of `pids`, each named.
fn memory_of(pids: &[u32]) -> Value {
    let mut processes = Vec::new();
    let mut total_kb = 0u64;
    for &pid in pids {
        let Ok(rollup) = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")) else {
            continue;
        };
        let field = |name: &str| -> u64 {
            rollup
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
                .unwrap_or(0)
        };
        let pss = field("Pss:");
        let name = std::fs::read_to_string(format!("/proc/{pid}/comm"))
            .unwrap_or_default()
            .trim()
            .to_string();
        total_kb += pss;
        // Anonymous (heaps, the JavaScript heap) apart from file-backed (libraries, shared).
        processes.push(json!({"pid": pid, "name": name, "pssKb": pss,
            "anonKb": field("Pss_Anon:"), "fileKb": field("Pss_File:")}));
    }
    json!({"totalKb": total_kb, "processes": processes})
}

/// The floor under the window's memory: WebKitGTK's own browser (MiniBrowser, which comes in
/// libwebkit2gtk-4.1-0, the library the window runs on) showing a blank page, with the web
/// engine set as the window set it (`engine`, from `web_engine_settings`), alone, after `idle`
/// at rest; measured as the window is. PSS splits a library's pages between the
/// processes that map it, so the window must be gone first. None where there is no MiniBrowser.
fn blank_webkit_memory(idle: Duration, engine: &[(String, String)]) -> Option<Value> {
    let browser = std::fs::read_dir("/usr/lib")
        .ok()?
        .filter_map(|e| Some(e.ok()?.path().join("webkit2gtk-4.1/MiniBrowser")))
        .find(|p| p.exists())?;
    let mut child = std::process::Command::new(&browser)
        .arg("about:blank")
        .envs(engine.iter().map(|(k, v)| (k, v)))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("MiniBrowser starts");
    let root = child.id();
    let began = std::time::Instant::now();
    while super::processes_under(&[root]).len() < 3 && began.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(idle);
    let pids = super::processes_under(&[root]);
    let memory = memory_of(&pids);
    let _ = child.kill();
    let _ = child.wait();
    // Its web and network processes end when it has gone.
    gone(&pids);
    Some(
        json!({"browser": browser, "idleSeconds": idle.as_secs(), "memory": memory,
        "engine": engine.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>()}),
    )
}

/// How the window set up its web engine (`choose_web_engine` in src-tauri), as its web process
/// took it from its environment: WebKit's, JavaScriptCore's, GDK's and Mesa's variables.
fn web_engine_settings() -> Vec<(String, String)> {
    const PREFIXES: [&str; 5] = ["WEBKIT_", "JSC_", "GDK_GL", "LIBGL_", "MESA_"];
    super::web_process_environment()
        .iter()
        .filter_map(|entry| {
            let (name, value) = entry.split_once('=')?;
            // The inspector's port is WebDriver's, not the window's choice.
            (PREFIXES.iter().any(|p| name.starts_with(p)) && !name.starts_with("WEBKIT_INSPECTOR"))
                .then(|| (name.to_string(), value.to_string()))
        })
        .collect()
}

/// Waits (up to 10 s) until none of `pids` runs any more.
fn gone(pids: &[u32]) {
    let began = std::time::Instant::now();
    while pids
        .iter()
        .any(|p| Path::new(&format!("/proc/{p}")).exists())
        && began.elapsed() < Duration::from_secs(10)
    {
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The `p`th percentile of `values` (nearest rank).
fn pct(values: &[f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}
