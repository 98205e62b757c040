#!/usr/bin/env bash
# What a person feels in the window (issue 18): the release build on the million-ticket dataset
# under Xvfb, driven through tauri-driver, measured by the window's own performance marks
# (tests/e2e/bench_window.rs). The raw SQL for the same cards and searches on the same data is
# timed in the same run (sb-bench --window-raw). Figures go to BENCHMARKS.md.
#   TICKETS (default 1000000), SB_BENCH_WINDOW_IDLE (seconds at rest before the memory is
#   read, default 600), SB_BENCH_WINDOW_CLICKS (default 200), SB_BENCH_WINDOW_COLD (cold starts,
#   default 3). `scripts/bench-window.sh cold` (make bench-window-cold): cold starts alone.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
tickets="${TICKETS:-1000000}"
data="$PWD/target/bench-window/data-$tickets"
(cd ui && npm run build)
cargo build --release -p switchboard -p sb-start -p sb-bench
target/release/sb-bench --tickets "$tickets" --dataset "$data"
mkdir -p target/bench target/e2e-artifacts
rm -f target/bench/window.json target/bench/window-raw.json
export SB_E2E_APP="$PWD/target/release/switchboard"
export SB_E2E_ARTIFACTS="$PWD/target/e2e-artifacts"
export SB_BENCH_WINDOW_DATA="$data"
# The window chooses how it draws itself (src-tauri: choose_web_engine), as it does for a user.
export LIBGL_ALWAYS_SOFTWARE=1
if [ "${1:-}" = cold ]; then
  # `make bench-window-cold`: cold starts alone, in turn the window's program alone without the
  # last start's pages read ahead, alone with them, and by switchboard-start
  # (SB_BENCH_WINDOW_COLD of them, default 12); the figures are printed, not kept.
  exec keyctl session - xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
    cargo test -p sb-tests --test integration e2e::bench_window::cold_starts -- --ignored --exact --nocapture
fi
keyctl session - xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  cargo test -p sb-tests --test integration e2e::bench_window::measure -- --ignored --exact --nocapture
target/release/sb-bench --dataset "$data" --window-raw target/bench/window.json
bundle="$(find ui/dist/assets -name '*.js' -printf '%s %f\n' | sort -rn)"
TICKETS="$tickets" BUNDLE="$bundle" python3 - <<'PY'
import json, os, pathlib, re, statistics
w = json.loads(pathlib.Path("target/bench/window.json").read_text())
r = json.loads(pathlib.Path("target/bench/window-raw.json").read_text())
def pct(v, p):
    v = sorted(v)
    if not v: return float("nan")
    k = max(1, -(-len(v) * p // 100))
    return v[int(k) - 1]
def ms(x): return f"{x:,.1f} ms" if x < 100 else f"{x:,.0f} ms"
tickets = int(os.environ["TICKETS"])
frames = w["scroll"]["frames"]
mem = w["memory"]
lines = [f"## The window: {tickets:,} tickets, release build under Xvfb", "",
  "Made by `make bench-window` (scripts/bench-window.sh, tests/e2e/bench_window.rs): the window's own "
  "performance marks (ui/src/lib/perf.ts) read through tauri-driver; the raw SQL column is the store's "
  "own SQL for the same cards and texts on a plain pool, in the same run (sb-bench --window-raw).", "",
  "| what | median | p95 | raw SQL median | raw SQL p95 | target |", "|---|---:|---:|---:|---:|---|"]
colds = w.get("startColds", [w["startCold"]])
cold_note = (f"median of {len(colds)}, the page cache dropped before each: " + ", ".join(f"{c:,.0f}" for c in colds) + " ms") if w["coldCache"] else "first start; the page cache could not be dropped"
lines.append(f"| start to the first usable queue, cold ({cold_note}) | {ms(w['startCold'])} | | | | <= 1 s: {'✓' if w['startCold'] <= 1000 else '✗'} |")
lines.append(f"| start to the first usable queue, warm ({len(w['startWarm'])} starts) | {ms(statistics.median(w['startWarm']))} | {ms(pct(w['startWarm'],95))} | | | |")
c, rc = w["cardMs"], r["cardMs"]
lines.append(f"| click on a row to the card painted ({len(c)} clicks) | {ms(statistics.median(c))} | {ms(pct(c,95))} | {ms(statistics.median(rc))} | {ms(pct(rc,95))} | p95 <= 50 ms: {'✓' if pct(c,95) <= 50 else '✗'} |")
lines.append(f"| of them the first, about a second after the start: to the card in the DOM {ms(w['cardRenderedMs'][0])}, painted | {ms(c[0])} | | {ms(rc[0])} | | |")
s, rs = w["searchMs"], r["searchMs"]
lines.append(f"| search keystroke to results painted ({len(s)} keystrokes) | {ms(statistics.median(s))} | {ms(pct(s,95))} | {ms(statistics.median(rs))} | {ms(pct(rs,95))} | p95 <= 100 ms: {'✓' if pct(s,95) <= 100 else '✗'} |")
long = sum(1 for f in frames if f > 50)
lines.append(f"| scrolling the queue {w['scroll']['reached']:,} rows: frame time ({len(frames)} frames, {long} over 50 ms, {w['scroll']['stalled']} waiting for rows; {w['scroll']['ms']/1000:.1f} s in all) | {ms(statistics.median(frames))} | {ms(pct(frames,95))} | | | |")
blank = w.get("blankWebKit")
floor = f"{blank['memory']['totalKb']/1024:.0f} MB" if blank else ""
lines.append(f"| memory at rest after {w['idleSeconds']} s: PSS of all the window's processes (beside it, in the raw column: a blank page in WebKitGTK's own browser) | {mem['totalKb']/1024:.0f} MB | | {floor} | | <= 150 MB: {'✓' if mem['totalKb']/1024 <= 150 else '✗'} |")
def each(m): return ", ".join(f"{p['name']} {p['pssKb']/1024:.0f} MB ({p.get('anonKb', 0)/1024:.0f} MB anonymous)" for p in sorted(m['processes'], key=lambda p: -p['pssKb']))
lines += ["", "The window's processes at rest: " + each(mem) + "."]
if blank:
    lines += ["", f"The floor under it: WebKitGTK's MiniBrowser (in libwebkit2gtk-4.1-0, which the window runs on) showing about:blank, "
      f"its web engine set as the window sets it, alone on the machine after the window had gone, {blank['idleSeconds']} s at rest: "
      + each(blank['memory']) + "."]
def disk(times, waits):
    slow = [(t, d) for t, d in zip(times, waits) if t > 50]
    fast = [(t, d) for t, d in zip(times, waits) if t <= 50]
    read = lambda d: d['faults'] > 0 or d['kb'] > 0
    return (f"{sum(read(d) for _, d in slow)} of the {len(slow)} over 50 ms and {sum(read(d) for _, d in fast)} of the other {len(fast)} "
      f"read from the disk ({sum(d['faults'] for d in waits)} page faults, {sum(d['kb'] for d in waits)/1024:.1f} MB in all, {sum(d.get('appKb', 0) for d in waits)/1024:.1f} MB of it by the app's own process)")
if "cardDisk" in w:
    lines += ["", "What the window's processes read from the disk meanwhile (majflt in /proc/PID/stat, read_bytes in /proc/PID/io): "
      f"of the clicks, {disk(c, w['cardDisk'])}; of the keystrokes, {disk(s, w['searchDisk'])}."]
steps = w.get("memorySteps", [])
if steps:
    lines += ["", "PSS as it goes: " + ", ".join(f"after the {st['after']} {st['memory']['totalKb']/1024:.0f} MB" for st in steps) + f", at rest {mem['totalKb']/1024:.0f} MB."]
bundle = [l.split() for l in os.environ["BUNDLE"].splitlines() if l.strip()]
lines += ["", "Scripts the window loads (ui/dist/assets): " + ", ".join(f"{n} {int(b)/1024:.0f} kB" for b, n in bundle) + "."]
table = "\n".join(lines)
pathlib.Path("target/bench/window.md").write_text(table + "\n")
print(table)
if tickets == 1000000:
    p = pathlib.Path("BENCHMARKS.md")
    text = p.read_text()
    start, end = "<!-- window:start -->", "<!-- window:end -->"
    block = f"{start}\n{table}\n{end}"
    if start in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    p.write_text(text)
    print("bench-window: BENCHMARKS.md updated")
PY
