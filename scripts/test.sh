#!/usr/bin/env bash
# test.sh: every test, as CI runs it (.ci/run calls this).
# Installs what is missing, builds the Sanitize configuration (ASan + UBSan) in build-test/,
# starts a throwaway PostgreSQL cluster in .pgtest/ (never the user's .pgdata), runs ctest
# against it and stops it again.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

scripts/setup.sh
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Sanitize >/dev/null
cmake --build build-test -j"$(nproc)" 2>&1 | grep -E "(warning|error):" && { echo "test.sh: the build has warnings or errors" >&2; exit 1; } || true
cmake --build build-test -j"$(nproc)" >/dev/null

pgdir="$repo/.pgtest"
scripts/pg.sh destroy "$pgdir" 2>/dev/null || true
export CSA_PG_FSYNC=off # a throwaway cluster needs no durability
CSA_TEST_DB=$(scripts/pg.sh start "$pgdir")
export CSA_TEST_DB
trap 'scripts/pg.sh destroy "$pgdir" 2>/dev/null' EXIT

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$repo/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir build-test --output-on-failure "$@"
