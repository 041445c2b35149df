#!/usr/bin/env bash
# demo.sh: the main job on the sample data, from a fresh Debian 12 machine.
# Installs what is missing, builds csa, starts the private PostgreSQL cluster (.pgdata), copies
# the Kent 2011/12 sample submissions into a fresh inbox (demo/inbox) and runs the nightly
# batch over it: then prints the status and the count table, and says where the draft
# agreement is.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null

export CSA_DB=${CSA_DB:-$(scripts/pg.sh start)}
export CSA_COUNTY=${CSA_COUNTY:-etl/counties/kent.xml}

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
echo "The draft agreement: demo/out/2011/agreement.html and demo/out/2011/agreement.md"
echo "The database stays up for more: export CSA_DB=\"$CSA_DB\"; stop it with scripts/pg.sh stop"
