#!/usr/bin/env bash
# bench-run.sh: the nightly batch at national scale, a benchmark (prints figures; asserts
# nothing). Generates 300 partnerships x 10 plan years (about 3,300 files, second versions
# and gzip among them), then on the private cluster .pgbench/ measures for --jobs 1 and 2:
# the whole run into an empty database, its parse-and-validate stage, and a rerun with
# nothing new.   Usage: scripts/bench-run.sh [PARTNERSHIPS] [YEARS]
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
np=${1:-300}
ny=${2:-10}

scripts/setup.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" >/dev/null
work=$(mktemp -d /tmp/csa-bench.XXXXXX)
trap 'rm -rf "$work"; scripts/pg.sh stop "$repo/.pgbench"' EXIT
db=$(scripts/pg.sh start "$repo/.pgbench")
build-bench/csa-gen-inbox "$work/gen" "$np" "$ny" >/dev/null
files=$(ls "$work/gen/inbox" | wc -l)

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "inbox: $files files ($(du -sh "$work/gen/inbox" | cut -f1)), $np partnerships x $ny plan years"
# Each figure is the median of three runs: a tenth of a second moves with whatever else the
# machine is doing.
median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
for jobs in 1 2; do
    : >"$work/times"
    for try in 1 2 3; do
        psql "$db" -qc "DROP SCHEMA IF EXISTS csa CASCADE" 2>/dev/null
        build-bench/csa --db "$db" db migrate >/dev/null
        rm -rf "$work/run"; mkdir -p "$work/run"; cp -a "$work/gen/inbox" "$work/run/inbox"
        args=(--db "$db" --county "$work/gen/register.xml" run --inbox "$work/run/inbox"
              --out "$work/run/out" --jobs "$jobs")
        start=$(date +%s.%N)
        build-bench/csa "${args[@]}" >/dev/null 2>"$work/stages" || true
        end=$(date +%s.%N)
        start2=$(date +%s.%N)
        build-bench/csa "${args[@]}" >/dev/null 2>&1
        end2=$(date +%s.%N)
        stage() { sed -n "s/.*$1:.*(stage \([0-9.]*\) s.*/\1/p" "$work/stages"; }
        echo "$(awk "BEGIN{print $end - $start}") $(stage validate) $(stage load) $(stage draft) $(awk "BEGIN{print $end2 - $start2}")" >>"$work/times"
    done
    col() { awk -v c="$1" '{print $c}' "$work/times" | median; }
    printf 'jobs %d (median of 3): whole run %.2f s (parse+validate %.3f s, load %.2f s, draft %.2f s); rerun with nothing new %.3f s\n' \
        "$jobs" "$(col 1)" "$(col 2)" "$(col 3)" "$(col 4)" "$(col 5)"
done
