#!/usr/bin/env bash
# Installs what `make run` / `make test` / `make bench` need and is missing, on Debian 12.
# Usage: scripts/setup.sh run|test|bench. Safe to run again: it installs only what is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
goal=${1:-run}

# Debian packages: the Tauri/WebKit build and run dependencies; the test peers for `test`.
packages=(libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev
          pkg-config build-essential curl file fonts-dejavu-core fonts-liberation)
if [ "$goal" = test ]; then
  # openssl: the team-mode tests make their own CA and server certificate.
  packages+=(xvfb xauth webkit2gtk-driver keyutils imagemagick poppler-utils openssl x11-utils
            dbus-daemon libglib2.0-bin)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || packages+=(postgresql)
fi
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Rust: the machine's one toolchain; fmt and clippy for `make lint`.
if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo is missing; install Rust (rustup) first" >&2
  exit 1
fi

# The UI's packages, when the lock file changed since the last install. `npm install` rather
# than `npm ci`: the registry may lack another platform's build of an optional package (rollup
# ships one per OS), which npm ci refuses and npm install rightly skips; the versions still come
# from the lock file.
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "setup: installing the UI's npm packages"
  (cd ui && npm install --no-audit --no-fund)
fi

# tauri-driver drives the real window for the end-to-end tests.
if [ "$goal" = test ] && ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --locked
fi

# cargo-deny checks the dependencies' licences and sources (`make lint`, deny.toml).
if [ "$goal" = test ] && ! command -v cargo-deny >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/cargo-deny" ]; then
  echo "setup: installing cargo-deny"
  cargo install cargo-deny --locked
fi

# The intake tests' real servers: Alertmanager (apt), pymap + aiosmtpd (venv in .peers/).
if [ "$goal" = test ]; then scripts/setup-peers.sh; fi
# The vendor connectors' real servers: Request Tracker 5 and Redmine 5 (apt, SQLite).
if [ "$goal" = test ]; then scripts/setup-vendors.sh; fi
