#!/usr/bin/env bash
# preview-docx.sh: renders page 1 of a Word document (the draft agreement's .docx) to a PNG for
# a person to look at: LibreOffice, headless, converts it to PDF and pdftoppm draws the first
# page. It shows what LibreOffice makes of the file; Word's own rendering may differ a little.
#   scripts/preview-docx.sh FILE.docx [OUT.png] [PAGE]
# Default OUT: FILE with .png instead of .docx; PAGE (default 1) draws another page instead.
# Prints the PNG's path. Exit 2 for a usage error, 3 when the file or a tool is missing
# (libreoffice-writer-nogui gives soffice, poppler-utils pdftoppm), 1 when LibreOffice cannot
# convert the file or the page does not exist.
# Runs as root or as any user: LibreOffice gets its own profile and HOME in a temporary folder,
# removed afterwards, so it never touches (or needs) the caller's.
set -euo pipefail

me=preview-docx.sh
usage="usage: scripts/$me FILE.docx [OUT.png] [PAGE]"
if [ $# -ge 1 ] && { [ "$1" = -h ] || [ "$1" = --help ]; }; then
    echo "$usage"
    exit 0
fi
if [ $# -lt 1 ] || [ $# -gt 3 ]; then
    echo "$usage" >&2
    exit 2
fi
docx=$1
png=${2:-${docx%.docx}.png}
page=${3:-1}
case "$docx" in
*.docx) ;;
*) echo "$me: $docx is not a .docx file" >&2; echo "$usage" >&2; exit 2 ;;
esac
case "$png" in
*.png) ;;
*) echo "$me: the output $png must end in .png" >&2; echo "$usage" >&2; exit 2 ;;
esac
case "$page" in
'' | *[!0-9]* | 0) echo "$me: PAGE is a page number from 1, not \"$page\"" >&2; exit 2 ;;
esac
if [ ! -f "$docx" ] || [ ! -r "$docx" ]; then
    echo "$me: cannot read $docx: no such readable file" >&2
    exit 3
fi
soffice=$(command -v soffice || command -v libreoffice || true)
if [ -z "$soffice" ]; then
    echo "$me: LibreOffice is not installed: apt-get install libreoffice-writer-nogui" >&2
    exit 3
fi
if ! command -v pdftoppm >/dev/null; then
    echo "$me: pdftoppm is not installed: apt-get install poppler-utils" >&2
    exit 3
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/preview-docx.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/home"
cp -- "$docx" "$work/in.docx" # any name the user's file has, LibreOffice sees a plain one
if ! HOME="$work/home" timeout 180 "$soffice" --headless --norestore --nologo \
    "-env:UserInstallation=file://$work/profile" --convert-to pdf --outdir "$work" \
    "$work/in.docx" >"$work/log" 2>&1 || [ ! -s "$work/in.pdf" ]; then
    echo "$me: LibreOffice could not convert $docx to PDF:" >&2
    cat "$work/log" >&2
    exit 1
fi
pages=$(pdfinfo "$work/in.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
if [ -n "$pages" ] && [ "$page" -gt "$pages" ]; then
    echo "$me: $docx has $pages pages, no page $page" >&2
    exit 1
fi
pdftoppm -png -r 100 -f "$page" -l "$page" -singlefile "$work/in.pdf" "$work/page"
mkdir -p "$(dirname -- "$png")"
mv -- "$work/page.png" "$png"
echo "$png"
