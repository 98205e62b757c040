#!/usr/bin/env bash
# The installable package (issue 18): a .deb made by Tauri's bundler with the window, its menu
# entry and icons, and the sb command beside it. Prints the package's path on its last line.
# SB_PACKAGE_PROFILE=debug packs the debug build instead (what `make test`'s package test
# installs: the same package, without two release builds on a fresh machine).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
profile="${SB_PACKAGE_PROFILE:-release}"
(cd ui && npm run build)
if [ "$profile" = debug ]; then
  cargo build -p sb-cli -p sb-start
  # sb and switchboard-start of the same build go into the package (tauri.conf.json names the
  # release ones).
  ui/node_modules/.bin/tauri build --debug --bundles deb \
    --config '{"bundle":{"linux":{"deb":{"files":{"/usr/bin/sb":"../target/debug/sb","/usr/bin/switchboard-start":"../target/debug/switchboard-start"}}}}}' >&2
  ls -t target/debug/bundle/deb/*.deb | head -1
else
  # sb and switchboard-start first: the bundler copies them from target/release into the
  # package (tauri.conf.json).
  cargo build --release -p sb-cli -p sb-start
  ui/node_modules/.bin/tauri build --bundles deb >&2
  ls -t target/release/bundle/deb/*.deb | head -1
fi
