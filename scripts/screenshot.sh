#!/usr/bin/env bash
# screenshot.sh: opens a draft agreement in a real headless browser (Debian's chromium) and
# saves a screenshot of it, to look at what the county strategy group will see.
#   scripts/screenshot.sh [AGREEMENT.html] [OUT.png]
# Defaults: out/kent-2011/agreement.html and the same name with .png. Installs chromium when
# it is missing (through setup.sh).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
html=$(realpath "${1:-$repo/out/kent-2011/agreement.html}")
png=${2:-${html%.html}.png}
[ -f "$html" ] || { echo "screenshot.sh: no $html; run scripts/demo.sh first" >&2; exit 3; }
CSA_EXTRA_PACKAGES=chromium "$repo/scripts/setup.sh"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# no sandbox (root has none), no network chatter: the page is self-contained
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --window-size=1240,3000 \
    --screenshot="$png" "file://$html" >/dev/null 2>&1
[ -s "$png" ] || { echo "screenshot.sh: chromium wrote no screenshot" >&2; exit 3; }
echo "$png"
