#!/usr/bin/env bash
# screenshot.sh: opens a draft agreement in a real headless browser (Debian's chromium), saves a
# screenshot of it and prints it to PDF, to look at what the county strategy group will see on
# screen and on paper.
#   scripts/screenshot.sh [AGREEMENT.html] [OUT.png]
# Defaults: out/kent-2011/agreement.html and the same name with .png; the PDF is written next to
# the PNG, with .pdf. The PDF is the document's own print layout (A4, its "Page N of M" footer):
# --no-pdf-header-footer keeps chromium's date, title and file-name lines off it. Installs
# chromium when it is missing (through setup.sh).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
html=$(realpath "${1:-$repo/out/kent-2011/agreement.html}")
png=$(realpath -m "${2:-${html%.html}.png}")
pdf=${png%.png}.pdf
[ -f "$html" ] || { echo "screenshot.sh: no $html; run scripts/demo.sh first" >&2; exit 3; }
CSA_EXTRA_PACKAGES=chromium "$repo/scripts/setup.sh"
mkdir -p "$(dirname "$png")"
"$repo/scripts/headless-chromium.sh" "$png" "$html" --hide-scrollbars --window-size=1240,3000 \
    --screenshot="$png"
"$repo/scripts/headless-chromium.sh" "$pdf" "$html" --no-pdf-header-footer --print-to-pdf="$pdf"
echo "$png"
echo "$pdf"
