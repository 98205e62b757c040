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
targets="${FUZZ_TARGETS:-mail html alerts ical search}"
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: the nightly toolchain is needed (rustup toolchain install nightly)" >&2
  exit 1
fi
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
cd fuzz
cargo +nightly fuzz build
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
{
  echo "| target | time | executions | findings |"
  echo "|---|---:|---:|---:|"
  printf '%s\n' "${results[@]}"
  echo
  echo "Run $(date -u +%Y-%m-%d) on the project's machine (2 cores) by \`make fuzz FUZZ_SECONDS=$seconds\`."
} > target/fuzz-latest.md
python3 - <<'PY'
import re, pathlib
p = pathlib.Path("RELIABILITY.md")
text = p.read_text() if p.exists() else "# Reliability\n"
table = pathlib.Path("target/fuzz-latest.md").read_text()
start, end = "<!-- fuzz:start -->", "<!-- fuzz:end -->"
block = f"{start}\n{table}{end}"
if start in text:
    text = re.sub(re.escape(start) + ".*?" + re.escape(end), block, text, flags=re.S)
else:
    text += f"\n## Fuzzing\n\n{block}\n"
p.write_text(text)
PY
echo "fuzz: RELIABILITY.md updated"
exit "$failed"
