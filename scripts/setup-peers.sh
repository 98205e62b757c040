#!/usr/bin/env bash
# Installs the real servers the intake tests (crates/sb-intake) talk to, on Debian 12:
# Prometheus Alertmanager from apt, and pymap (IMAP) + aiosmtpd (SMTP) in a Python venv at
# .peers/venv. Safe to run again: it installs only what is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)

apt_missing=()
[ -x /usr/bin/prometheus-alertmanager ] || apt_missing+=(prometheus-alertmanager)
# The venv is made with Debian's own Python, which needs python3-venv for ensurepip.
[ -x /usr/bin/python3 ] || apt_missing+=(python3)
/usr/bin/python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || apt_missing+=(python3-venv)
if [ ${#apt_missing[@]} -gt 0 ]; then
  echo "setup-peers: installing ${apt_missing[*]}"
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${apt_missing[@]}"
fi
if [ ! -f /usr/share/prometheus/alertmanager/default.tmpl ]; then
  echo "setup-peers: /usr/share/prometheus/alertmanager/default.tmpl is missing after installing" \
       "prometheus-alertmanager; Alertmanager will not start without it" >&2
  exit 1
fi

venv=.peers/venv
if [ ! -x "$venv/bin/python" ]; then
  echo "setup-peers: creating $venv"
  /usr/bin/python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import pymap, aiosmtpd' >/dev/null 2>&1; then
  echo "setup-peers: installing pymap and aiosmtpd into $venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check pymap aiosmtpd
fi
