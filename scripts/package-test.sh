#!/usr/bin/env bash
# The package as a user gets it: `apt install ./switchboard_*.deb` on this machine, the menu
# entry and icons in place, `sb` on the PATH, the window started under Xvfb as the menu entry
# starts it, by switchboard-start (it opens its first-run screen on a new data folder; a second
# start with a link hands it over), then `apt remove`. Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
deb="${SB_DEB:-$(scripts/package.sh | tail -1)}"
echo "package-test: $deb ($(du -h "$deb" | cut -f1))"
name="$(dpkg-deb -f "$deb" Package)"
contents="$(dpkg-deb -c "$deb")"
for f in usr/bin/switchboard usr/bin/switchboard-start usr/bin/sb usr/share/applications/Switchboard.desktop \
         usr/share/icons/hicolor/128x128/apps/switchboard.png; do
  grep -Eq " (\./)?$f\$" <<<"$contents" || { echo "package-test: $f is not in the package" >&2; exit 1; }
done
depends="$(dpkg-deb -f "$deb" Depends)"
echo "package-test: depends on $depends"
# The tray icon needs the appindicator library at run time.
grep -q 'libayatana-appindicator3-1' <<<"$depends" || { echo "package-test: no appindicator dependency" >&2; exit 1; }

cleanup() { apt-get remove -y "$name" >/dev/null 2>&1 || true; rm -rf "$home"; }
home="$(mktemp -d)"
trap cleanup EXIT
# A local package with its dependencies already on the machine: no download.
apt-get install -y "$PWD/$deb" >/dev/null
command -v switchboard switchboard-start sb >/dev/null
sb --help | head -1
# switchboard-start links nothing but the C library: from a cold disk it starts at once.
libs="$(ldd /usr/bin/switchboard-start | awk '{print $1}' | grep -Ev '^(linux-vdso|/lib64/ld-linux|libc\.so|libgcc_s\.so|libm\.so)' || true)"
[ -z "$libs" ] || { echo "package-test: switchboard-start links $libs" >&2; exit 1; }
# The menu entry starts the window by switchboard-start with the link it was given: the desktop
# opens switchboard:// links with it.
grep -q '^Exec=switchboard-start %u$' /usr/share/applications/Switchboard.desktop
grep -q '^MimeType=x-scheme-handler/switchboard;$' /usr/share/applications/Switchboard.desktop

mkdir -p target/e2e-artifacts
shot="$PWD/target/e2e-artifacts/package-01-installed-first-run.png"
export SWITCHBOARD_HOME="$home" WEBKIT_DISABLE_COMPOSITING_MODE=1 LIBGL_ALWAYS_SOFTWARE=1
# The installed window for 20 s: it must stay up, show its window, and be what the screenshot shows.
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  /usr/bin/switchboard-start & app=$!
  for i in $(seq 1 40); do
    sleep 0.5
    kill -0 $app 2>/dev/null || { echo "package-test: the installed window exited" >&2; exit 1; }
    xwininfo -root -tree | grep -q "\"Switchboard\"" && break
  done
  # switchboard-start became the window: the same process, now running the window program.
  [ "$(readlink /proc/$app/exe)" = /usr/bin/switchboard ] \
    || { echo "package-test: switchboard-start did not become the window ($(readlink /proc/$app/exe))" >&2; kill $app; exit 1; }
  xwininfo -root -tree | grep -q "\"Switchboard\"" || { echo "package-test: no Switchboard window" >&2; kill $app; exit 1; }
  sleep 6
  # A second start (a link clicked) hands the link to this window and ends.
  timeout 30 /usr/bin/switchboard-start switchboard://ticket/SB-000001 2>&1 | grep -q "already open" \
    || { echo "package-test: a second start did not hand over to the open window" >&2; kill $app; exit 1; }
  kill -0 $app || { echo "package-test: the window ended on a second start" >&2; exit 1; }
  import -window root "png:'"$shot"'"
  kill $app; wait $app || true'
echo "package-test: the installed window opened ($shot)"
apt-get remove -y "$name" >/dev/null
[ ! -e /usr/bin/switchboard ] && [ ! -e /usr/bin/switchboard-start ] && [ ! -e /usr/bin/sb ] || { echo "package-test: files left after removal" >&2; exit 1; }
echo "package-test: installed, started and removed"
