#!/usr/bin/env bash
# make-kent-workbooks.sh: the Kent 2011 sample submissions (etl/samples/kent-2011/) made again
# as workbooks (etl/samples/kent-2011-xlsx/), the way a district would: `csa template` writes
# each partnership's 2011/12 workbook, LibreOffice Calc fills it from the XML and saves it
# (scripts/fill-workbook.py), and scripts/check-workbook.py reads each back and compares it
# with its XML, value by value. Calc stamps the files with the time it saved them, so running
# this again changes the bytes, never what they hold.
#
#   scripts/make-kent-workbooks.sh [CSA_BINARY]     (default: build/csa, else csa on PATH)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
csa=${1:-$repo/build/csa}
[ -x "$csa" ] || csa=$(command -v csa)
reg=$repo/etl/counties/kent.xml
out=$repo/etl/samples/kent-2011-xlsx
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
args=()
for xml in "$repo"/etl/samples/kent-2011/*.xml "$repo"/etl/samples/kent-2011/*.xml.gz; do
    name=$(basename "$xml")
    code=${name%-2011.xml*}
    "$csa" --quiet --county "$reg" template --partnership "$code" --year 2011 --out "$tmp/$code.xlsx"
    args+=("$tmp/$code.xlsx" "$xml" "$out/$code-2011.xlsx")
done
/usr/bin/python3 "$repo/scripts/fill-workbook.py" "${args[@]}"
for ((i = 0; i < ${#args[@]}; i += 3)); do
    /usr/bin/python3 "$repo/scripts/check-workbook.py" "${args[i + 2]}" "${args[i + 1]}"
done
