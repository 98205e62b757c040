#!/usr/bin/env bash
# End-to-end tests in the real window: the built app under Xvfb, driven through tauri-driver
# and WebKitWebDriver by the `e2e` module of the integration tests. Screenshots go to
# target/e2e-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export SB_E2E_APP="$PWD/target/debug/switchboard"
export SB_E2E_ARTIFACTS="$PWD/target/e2e-artifacts"
[ -x "$SB_E2E_APP" ] || { echo "e2e: build the app first (make test does)" >&2; exit 1; }
mkdir -p "$SB_E2E_ARTIFACTS"
# WebKit under Xvfb: software rendering, no compositing surprises.
export WEBKIT_DISABLE_COMPOSITING_MODE=1 LIBGL_ALWAYS_SOFTWARE=1
# A kernel keyring session: the app keeps mailbox passwords in the OS keychain. A D-Bus
# session bus of its own: the tray icon (StatusNotifierItem, read by the desktop test) and
# desktop notifications are on it.
exec keyctl session - xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
  cargo test -p sb-tests --test integration e2e:: -- --ignored --test-threads=1 \
  --skip e2e::bench_window
