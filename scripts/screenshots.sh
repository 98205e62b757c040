#!/usr/bin/env bash
# The README's pictures, taken by the end-to-end run of the demo workspace in the real window
# (light and dark), copied into docs/. Run after a change to what the window looks like, and
# commit docs/*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export SB_E2E_APP="$PWD/target/debug/switchboard"
export SB_E2E_ARTIFACTS="$PWD/target/e2e-artifacts"
mkdir -p "$SB_E2E_ARTIFACTS"
rm -f "$SB_E2E_ARTIFACTS"/readme-*.png
export WEBKIT_DISABLE_COMPOSITING_MODE=1 LIBGL_ALWAYS_SOFTWARE=1
keyctl session - xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  cargo test -p sb-tests --test integration e2e::the_demo_workspace_from_the_first_run \
  -- --ignored --exact --test-threads=1
for shot in "$SB_E2E_ARTIFACTS"/readme-*.png; do
  cp "$shot" "docs/$(basename "$shot" | sed 's/^readme-//')"
  echo "screenshots: docs/$(basename "$shot" | sed 's/^readme-//')"
done
