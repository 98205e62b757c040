#!/usr/bin/env bash
# Captures real answers of Request Tracker 5 and Redmine 5 as seeds of the `vendors` fuzz
# target (fuzz/seeds/vendors/rt-real-*, redmine-real-*), which sb-vendors' reader tests read
# too. The servers are the ones the integration tests start (scripts/setup-vendors.sh installs
# them); the capture is the ignored tests in tests/vendor_seeds.rs. Tokens and keys are
# scrubbed from what is kept. Look at `git diff fuzz/seeds` before committing: ids, times and
# the servers' wording may change with a new package.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup-vendors.sh
cargo test -p sb-tests --test integration -- --ignored --test-threads 1 vendor_seeds::
ls -l fuzz/seeds/vendors/rt-real-* fuzz/seeds/vendors/redmine-real-*
