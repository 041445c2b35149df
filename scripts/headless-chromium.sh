#!/usr/bin/env bash
# headless-chromium.sh: runs Debian's chromium once, headless, on one local HTML file, the way
# this project's machines need it: the screenshot and PDF of scripts/screenshot.sh and the print
# test (tests/print_check.sh) both start the browser through here, so the flags live in one place.
#
#   scripts/headless-chromium.sh OUTPUT FILE.html CHROMIUM-FLAG...
#   e.g. scripts/headless-chromium.sh out.pdf agreement.html --no-pdf-header-footer --print-to-pdf=out.pdf
#
# OUTPUT is the file the flags make chromium write; it counts as written when it is there and not
# empty. What it guarantees: a fresh profile (--user-data-dir) made for the run and deleted after
# it, so no earlier run or user profile leaks in; no network at all (the page is self-contained,
# and the machines have none: without the background-networking flags chromium keeps trying and
# failing to reach Google's hosts); no sandbox, which chromium refuses to start without when run
# as root (CI runs as root) and which guards nothing here, since the only page is our own file.
# A run that hangs is killed after CSA_CHROMIUM_TIMEOUT seconds (default 120); a run that
# writes nothing is tried again, up to three runs in all, since a cold start on a loaded machine
# can fail once. Exits 0 when OUTPUT was written; otherwise 3, with chromium's last log lines on
# stderr. Chromium's chatter (D-Bus, GPU) is kept out of the caller's output.
set -euo pipefail

if [ $# -lt 3 ]; then
    echo "usage: $0 OUTPUT FILE.html CHROMIUM-FLAG..." >&2
    exit 2
fi
output=$1
html=$2
shift 2
command -v chromium >/dev/null ||
    { echo "headless-chromium.sh: chromium is not installed (scripts/setup.sh installs it)" >&2; exit 3; }
[ -f "$html" ] || { echo "headless-chromium.sh: no file $html" >&2; exit 3; }
url="file://$(realpath "$html")"
limit=${CSA_CHROMIUM_TIMEOUT:-120}

work=$(mktemp -d "${TMPDIR:-/tmp}/csa-chromium.XXXXXX")
trap 'rm -rf "$work"' EXIT
for attempt in 1 2 3; do
    rm -rf "$work/profile" "$output"
    mkdir "$work/profile"
    status=0
    timeout --kill-after=10 "$limit" chromium --headless --no-sandbox --disable-gpu \
        --disable-quic --no-first-run --no-default-browser-check --disable-background-networking \
        --disable-component-update --disable-sync --disable-extensions --disable-dev-shm-usage \
        --user-data-dir="$work/profile" "$@" "$url" >"$work/log" 2>&1 </dev/null || status=$?
    [ -s "$output" ] && exit 0
    echo "headless-chromium.sh: run $attempt of 3 wrote no $output (exit status $status)" >&2
done
# the D-Bus complaints of a machine without a session bus are noise; the rest says what failed
grep -v -e "dbus/" "$work/log" | tail -n 20 >&2 || true
exit 3
