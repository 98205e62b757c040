#!/usr/bin/env bash
# The installable package (issue 18): a .deb made by Tauri's bundler with the window, its menu
# entry and icons, and the sb command beside it. Prints the package's path on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
(cd ui && npm run build)
# sb first: the bundler copies target/release/sb into the package (tauri.conf.json).
cargo build --release -p sb-cli
ui/node_modules/.bin/tauri build --bundles deb >&2
ls -t target/release/bundle/deb/*.deb | head -1
