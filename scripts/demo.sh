#!/usr/bin/env bash
# demo.sh: the main job on the sample data, from a fresh Debian 12 machine.
# Installs what is missing, builds csa, starts the private PostgreSQL cluster (.pgdata), loads
# two years of synthetic police.uk crime data, copies the Kent 2011/12 sample submissions into
# a fresh inbox (demo/inbox) and runs the nightly batch over it: then prints the status, the
# count table and the county's crime table, and says where the draft agreement is.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null

export CSA_DB=${CSA_DB:-$(scripts/pg.sh start)}
export CSA_COUNTY=${CSA_COUNTY:-etl/counties/kent.xml}

# two years of synthetic police.uk street-level crime up to the plan year, for Appendix B
if [ ! -d demo/policeuk ]; then
    build/csa-gen-policeuk --gzip --rows 20000 demo/policeuk 2009-04 24 >/dev/null
fi
build/csa crime load demo/policeuk | tail -n 1

rm -rf demo/inbox
mkdir -p demo/inbox
cp etl/samples/kent-2011/* demo/inbox/
# files just copied look like uploads still in progress; these are finished ones
touch -d '10 minutes ago' demo/inbox/*

build/csa run --inbox demo/inbox --out demo/out
echo
build/csa status --year 2011
echo
build/csa counts --year 2011 --format csv
echo
build/csa crime table --year 2011 --period-end 2011-03 | sed -n '1,3p;/^Kent$/,$p'
echo
echo "The draft agreement: demo/out/2011/agreement.html and demo/out/2011/agreement.md"
echo "The database stays up for more: export CSA_DB=\"$CSA_DB\"; stop it with scripts/pg.sh stop"
