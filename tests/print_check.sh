#!/usr/bin/env bash
# print_check.sh: the print test (ctest -L print; also -L db, as it needs the database). Drafts
# the Kent 2011/12 agreement from the eleven sample submissions, prints its HTML to PDF with
# headless Chromium as a reader's browser would (scripts/headless-chromium.sh), and reads the PDF
# back one page at a time with `pdftotext -layout`:
#   - every page ends with its own footer, "Page N of M", N its place and M the page count;
#   - no page ends with a heading (h1-h3) or a table's caption: the last non-empty line above
#     the footer, or the last two or three lines read together (a heading that wraps), is never
#     the whole text of one, starting at the page's left edge. The contents list repeats the
#     headings' words, but indented as a list, which is how it is told apart.
# Before that it proves the checker can fail: a made-up page with a heading forced to its foot
# and no page numbers must be reported on both counts.
#
#   tests/print_check.sh CSA_BINARY
#
# Run by ctest (tests/CMakeLists.txt passes the csa binary). Needs CSA_TEST_DB (scripts/test.sh
# starts the cluster and sets it) and starts from an empty csa schema there, as the db tests do.
# Needs chromium and poppler-utils (pdftotext, pdfinfo), which scripts/setup.sh installs: without
# them the test fails rather than skips. CSA_PRINT_KEEP=DIR keeps the HTML and the PDF in DIR
# to look at. Exits 0 when all holds, 1 otherwise, saying which page broke which rule.
set -euo pipefail
export LC_ALL=C.UTF-8

if [ $# -ne 1 ]; then
    echo "usage: $0 CSA_BINARY" >&2
    exit 2
fi
csa=$1
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

missing=()
for tool in chromium pdftotext pdfinfo psql; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -ne 0 ]; then
    echo "print_check: ${missing[*]} not installed; scripts/setup.sh installs chromium," \
        "poppler-utils and postgresql-15" >&2
    exit 1
fi
if [ -z "${CSA_TEST_DB:-}" ]; then
    echo "print_check: CSA_TEST_DB is not set: run the tests through scripts/test.sh, which starts" \
        "a throwaway PostgreSQL cluster" >&2
    exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/csa-print.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The texts a page must not end with, one a line, whitespace collapsed: every h1-h3 and caption
# of the HTML (each sits on one line of it), tags dropped and entities decoded.
headings_of() {
    grep -o -e '<h[1-3][ >].*</h[1-3]>' -e '<caption>.*</caption>' "$1" |
        sed -e 's/<[^>]*>//g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' \
            -e "s/&#39;/'/g" -e 's/&amp;/\&/g' |
        tr -s ' \t' '  ' | sed -e 's/^ //' -e 's/ $//' | grep -v '^$' || true
}

# Prints one line per broken rule of PDF against the headings in HEADINGS; prints nothing when
# every page holds.
check_pdf() {
    local pdf=$1 headings=$2 pages n
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
    if [ -z "$pages" ] || [ "$pages" -lt 1 ]; then
        echo "$pdf: pdfinfo reads no pages"
        return
    fi
    for ((n = 1; n <= pages; n++)); do
        pdftotext -f "$n" -l "$n" -layout "$pdf" - | tr -d '\f' |
            awk -v n="$n" -v m="$pages" -v headings="$headings" '
            BEGIN { while ((getline h < headings) > 0) heading[h] = 1 }
            /[^ \t]/ { line[++count] = $0 }
            function indent(s) { match(s, /^[ \t]*/); return RLENGTH }
            function squeeze(s) { gsub(/[ \t]+/, " ", s); sub(/^ /, "", s); sub(/ $/, "", s); return s }
            END {
                footer = "Page " n " of " m
                if (count > 0 && squeeze(line[count]) == footer) count--
                else printf "page %d of %d: its last line is not its number \"%s\" but \"%s\"\n",
                            n, m, footer, count ? squeeze(line[count]) : "(an empty page)"
                left = -1
                for (i = 1; i <= count; i++)
                    if (left < 0 || indent(line[i]) < left) left = indent(line[i])
                for (k = 1; k <= 3 && k <= count; k++) {
                    text = ""
                    for (i = count - k + 1; i <= count; i++) text = text " " line[i]
                    text = squeeze(text)
                    if ((text in heading) && indent(line[count - k + 1]) <= left + 2) {
                        printf "page %d of %d ends with the heading \"%s\"; what it heads is on the next page\n",
                               n, m, text
                        break
                    }
                }
            }'
    done
}

chromium_pdf() {
    "$src/scripts/headless-chromium.sh" "$2" "$1" --no-pdf-header-footer --print-to-pdf="$2"
}

failures=0
fail() {
    echo "print_check: $*" >&2
    failures=$((failures + 1))
}

# ---- the checker itself: a heading at a page's foot, no page numbers ------------------------
cat >"$work/stranded.html" <<'EOF'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"/><title>stranded</title>
<style>@page { size: A4; margin: 20mm; } h2 { margin: 0; }</style></head>
<body><div style="height: 240mm"></div><h2>A stranded heading</h2>
<p style="break-before: page">What it heads.</p></body></html>
EOF
headings_of "$work/stranded.html" >"$work/stranded.headings"
if chromium_pdf "$work/stranded.html" "$work/stranded.pdf"; then
    check_pdf "$work/stranded.pdf" "$work/stranded.headings" >"$work/stranded.report"
    grep -q 'page 1 of 2 ends with the heading "A stranded heading"' "$work/stranded.report" ||
        fail "the checker missed a heading at the foot of a page: $(cat "$work/stranded.report")"
    grep -q 'page 2 of 2: its last line is not its number "Page 2 of 2"' "$work/stranded.report" ||
        fail "the checker missed a page without its number: $(cat "$work/stranded.report")"
else
    fail "chromium could not print a one-heading page to PDF"
fi

# ---- the Kent 2011/12 draft ------------------------------------------------------------------
started=$(date +%s%N)
psql "$CSA_TEST_DB" -X -q -v ON_ERROR_STOP=1 -c 'DROP SCHEMA IF EXISTS csa CASCADE' \
    >"$work/psql.log" 2>&1 ||
    { cat "$work/psql.log" >&2; echo "print_check: cannot empty the test database" >&2; exit 1; }
csa_run() {
    "$csa" --quiet --db "$CSA_TEST_DB" --county "$src/etl/counties/kent.xml" "$@" \
        >"$work/csa.log" 2>&1 ||
        { cat "$work/csa.log" >&2; echo "print_check: csa $* failed" >&2; exit 1; }
}
csa_run load "$src"/etl/samples/kent-2011/*
csa_run agreement --year 2011 --out "$work/out" --date 2011-05-20
html=$work/out/agreement.html
pdf=$work/out/agreement.pdf
headings_of "$html" >"$work/kent.headings"
[ "$(wc -l <"$work/kent.headings")" -ge 10 ] ||
    fail "the Kent draft has fewer than ten headings: $(tr '\n' '|' <"$work/kent.headings")"

if chromium_pdf "$html" "$pdf"; then
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
    [ "${pages:-0}" -ge 2 ] || fail "the Kent draft printed to ${pages:-no} pages"
    check_pdf "$pdf" "$work/kent.headings" >"$work/kent.report"
    while read -r problem; do
        fail "$problem"
    done <"$work/kent.report"
    if [ -n "${CSA_PRINT_KEEP:-}" ]; then
        mkdir -p "$CSA_PRINT_KEEP"
        cp "$html" "$pdf" "$CSA_PRINT_KEEP/"
    fi
else
    fail "chromium could not print the Kent draft to PDF"
fi

if [ "$failures" -ne 0 ]; then
    echo "print_check: $failures check(s) failed" >&2
    exit 1
fi
ms=$((($(date +%s%N) - started) / 1000000))
echo "print_check: the Kent 2011/12 draft prints to $pages A4 pages, each numbered, none ending" \
    "with a heading (drafted and printed in $ms ms)"
