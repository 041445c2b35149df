#!/usr/bin/env bash
# demo.sh: the main job on the sample data, from a fresh Debian 12 machine.
# Installs what is missing, builds csa, starts the private PostgreSQL cluster (.pgdata),
# loads the Kent 2011/12 sample submissions and prints their status.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null

export CSA_DB=${CSA_DB:-$(scripts/pg.sh start)}
export CSA_COUNTY=${CSA_COUNTY:-etl/counties/kent.xml}

build/csa db migrate
build/csa load etl/samples/kent-2011/*
build/csa status --year 2011
echo
echo "The database stays up for more: export CSA_DB=\"$CSA_DB\"; stop it with scripts/pg.sh stop"
