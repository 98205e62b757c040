#!/usr/bin/env bash
# Fuzzing the parsers of what strangers send (issue 17): each target of fuzz/ runs for
# FUZZ_SECONDS (default 600) under cargo-fuzz on the nightly toolchain, starting from the
# committed seeds (fuzz/seeds/<target>) and the corpus it grew before (fuzz/corpus, not
# committed). Prints a line per target (executions, findings) and writes them into the fuzzing
# section of RELIABILITY.md. A finding is left in fuzz/artifacts/<target>/ and fails the run:
# make it a regression test (and keep the input in fuzz/regressions/<target>/).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
seconds="${FUZZ_SECONDS:-600}"
all="mail html alerts ical search hours vendors templates"
targets="${FUZZ_TARGETS:-$all}"
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: the nightly toolchain is needed (rustup toolchain install nightly)" >&2
  exit 1
fi
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
cd fuzz
for t in $targets; do cargo +nightly fuzz build "$t"; done
results=()
failed=0
for t in $targets; do
  mkdir -p "corpus/$t"
  dirs=("corpus/$t" "seeds/$t")
  [ -d "regressions/$t" ] && dirs+=("regressions/$t")
  # The mail parser's own debug assertions (one trips on a malformed multipart, a panic the
  # app turns into a quarantined message) would stop every run of `mail` at that input: it
  # runs as release builds do, without them.
  opts=()
  [ "$t" = mail ] && opts=(-O)
  log="$(mktemp)"
  status=0
  cargo +nightly fuzz run "${opts[@]}" "$t" "${dirs[@]}" -- \
    -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1 || status=$?
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)"
  runs="${runs:-0}"
  if [ "$status" -eq 0 ]; then
    findings=0
  else
    findings="$(find "artifacts/$t" -type f 2>/dev/null | wc -l || true)"
    [ "$findings" -gt 0 ] || findings="1 (the run failed; see below)"
    failed=1
    grep -E "panicked|SUMMARY|Error|No such" "$log" | head -5 >&2 || true
  fi
  line="| $t | $seconds s | $runs | $findings |"
  echo "fuzz: $line"
  results+=("$line")
  rm -f "$log"
done
cd ..
mkdir -p target
printf '%s\n' "${results[@]}" > target/fuzz-latest.md
# Only the targets run this time are replaced: the others keep their row and its date.
FUZZ_ALL="$all" FUZZ_DATE="$(date -u +%Y-%m-%d)" python3 - <<'PY'
import os, re, pathlib
p = pathlib.Path("RELIABILITY.md")
text = p.read_text() if p.exists() else "# Reliability\n"
start, end = "<!-- fuzz:start -->", "<!-- fuzz:end -->"
rows = {}
old = re.search(re.escape(start) + "(.*?)" + re.escape(end), text, flags=re.S)
if old:
    # Rows written before the table had a date column take the date of their run line.
    run = re.search(r"Run (\d{4}-\d{2}-\d{2})", old.group(1))
    for line in old.group(1).splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 4 or cells[0] == "target" or set(cells[0]) <= set("-:"):
            continue
        if len(cells) == 4:
            cells.append(run.group(1) if run else "")
        rows[cells[0]] = cells[:5]
for line in pathlib.Path("target/fuzz-latest.md").read_text().splitlines():
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    rows[cells[0]] = cells[:4] + [os.environ["FUZZ_DATE"]]
order = os.environ["FUZZ_ALL"].split()
names = [t for t in order if t in rows] + sorted(t for t in rows if t not in order)
table = ["| target | time | executions | findings | run |", "|---|---:|---:|---:|---|"]
table += ["| " + " | ".join(rows[t]) + " |" for t in names]
table += ["", "Each row from `make fuzz` (`FUZZ_SECONDS`, `FUZZ_TARGETS`) on the project's machine (2 cores)."]
block = start + "\n" + "\n".join(table) + "\n" + end
if old:
    text = text[: old.start()] + block + text[old.end():]
else:
    text += f"\n## Fuzzing\n\n{block}\n"
p.write_text(text)
PY
echo "fuzz: RELIABILITY.md updated"
exit "$failed"
