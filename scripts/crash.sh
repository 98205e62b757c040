#!/usr/bin/env bash
# The crash harness's long run (issue 17): RUNS kills (default 100) on a SQLite file and then
# on PostgreSQL, by the integration tests in tests/crash.rs (the real `sb worker`, the window's
# background work and `sb` commands under load, killed with SIGKILL at random moments, then
# checked: the database whole, every acknowledged write there once, nothing doubled at the
# IMAP/SMTP servers, Request Tracker or the SaaS fake). `make test` runs the same with 10 kills.
# The figures go into the crash section of RELIABILITY.md. SB_CRASH_SEED replays a run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
runs="${RUNS:-100}"
rm -f target/crash/*.md
cargo build -p sb-cli
status=0
for backend in sqlite postgres; do
  SB_CRASH_KILLS="$runs" keyctl session - cargo test -p sb-tests --test integration \
    "crash::hard_stops_on_${backend}" -- --nocapture || status=1
done
{
  echo "| backend | kills | acknowledged writes checked | effects checked at the peers | lost | doubled | mail sent again after a kill in the SMTP window | database | time |"
  echo "|---|---|---|---:|---:|---:|---:|---|---:|"
  cat target/crash/sqlite.md target/crash/postgresql.md 2>/dev/null || true
  echo
  echo "Run $(date -u +%Y-%m-%d) on the project's machine (2 cores) by \`make crash RUNS=$runs\`."
} > target/crash-latest.md
python3 - <<'PY'
import re, pathlib
p = pathlib.Path("RELIABILITY.md")
text = p.read_text()
table = pathlib.Path("target/crash-latest.md").read_text()
start, end = "<!-- crash:start -->", "<!-- crash:end -->"
block = f"{start}\n{table}{end}"
if start in text:
    text = re.sub(re.escape(start) + ".*?" + re.escape(end), block, text, flags=re.S)
else:
    text += f"\n## Hard stops\n\n{block}\n"
p.write_text(text)
PY
echo "crash: RELIABILITY.md updated"
exit "$status"
