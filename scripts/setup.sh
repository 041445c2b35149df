#!/usr/bin/env bash
# setup.sh: installs, from Debian 12's packages, whatever csa needs that is missing.
# Safe to run again: it installs nothing that is already there. Uses sudo when not root.
set -euo pipefail

# chromium and poppler-utils (pdftotext, pdfinfo) for the print test: the HTML printed to PDF
# libminizip-dev: zlib's zip code, for the .docx container; libreoffice-writer-nogui: the
# test that opens the .docx and prints it to PDF; libreoffice-calc-nogui and python3-uno: the
# workbook round trip (scripts/fill-workbook.py fills a template in Calc and saves it)
pkgs=(build-essential cmake pkg-config libxml2-dev zlib1g-dev libpq-dev postgresql-15
      libcmocka-dev man-db chromium poppler-utils libminizip-dev libreoffice-writer-nogui
      libreoffice-calc-nogui python3-uno)
# extra packages a caller asks for, e.g. CSA_EXTRA_PACKAGES="chromium"
read -r -a extra <<<"${CSA_EXTRA_PACKAGES:-}"
pkgs+=("${extra[@]}")

missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
echo "setup.sh: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
