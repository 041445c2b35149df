#!/usr/bin/env bash
# bench-run.sh: the nightly batch at national scale, a benchmark (prints figures; asserts
# nothing). Generates 300 partnerships x 10 plan years (about 3,300 files, second versions
# and gzip among them), then on the private cluster .pgbench/ measures, for --jobs 1 and 2,
# today's csa beside the baseline (the commit before issue 13's work, built from a git worktree
# in build-baseline/, which git ignores): the whole run into an empty database, its stages
# (parse and validate, load, draft: ten plan years), and a rerun with nothing new.
#   Usage: scripts/bench-run.sh [PARTNERSHIPS] [YEARS]
# CSA_BENCH_BASELINE=COMMIT measures against another commit; CSA_BENCH_TRIES=N (default 3)
# runs each figure N times and prints the median.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
np=${1:-300}
ny=${2:-10}
baseline=${CSA_BENCH_BASELINE:-c03172b}
tries=${CSA_BENCH_TRIES:-3}

scripts/setup.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build-bench -j2 >/dev/null
# the baseline, built once per commit
base=build-baseline
if [ "$(git -C "$base/src" rev-parse HEAD 2>/dev/null)" != "$(git rev-parse "$baseline^{commit}")" ]; then
    git worktree remove --force "$base/src" 2>/dev/null || rm -rf "$base/src"
    git worktree prune
    mkdir -p "$base"
    git worktree add --detach "$base/src" "$baseline" >/dev/null 2>&1
fi
cmake -S "$base/src" -B "$base/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build "$base/build" -j2 >/dev/null

work=$(mktemp -d /tmp/csa-bench.XXXXXX)
trap 'rm -rf "$work"; scripts/pg.sh stop "$repo/.pgbench"' EXIT
db=$(scripts/pg.sh start "$repo/.pgbench")
mkdir -p "$work/gen"
build-bench/csa-gen-inbox "$work/gen" "$np" "$ny" >/dev/null
files=$(ls "$work/gen/inbox" | wc -l)

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "inbox: $files files ($(du -sh "$work/gen/inbox" | cut -f1)), $np partnerships x $ny plan years"
echo "baseline: $(git log -1 --format='%h %s' "$baseline" | cut -c1-80)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
now() { date +%s.%N; }
# one_run BIN JOBS: a run into an empty database, then a rerun with nothing new; appends
# "whole validate load draft rerun" (seconds) to $work/times.BIN-NAME.JOBS
one_run() {
    local bin=$1 jobs=$2 name=$3
    psql "$db" -qc "DROP SCHEMA IF EXISTS csa CASCADE" 2>/dev/null
    "$bin" --db "$db" db migrate >/dev/null
    rm -rf "$work/run"; mkdir -p "$work/run"; cp -a "$work/gen/inbox" "$work/run/inbox"
    sync
    local args=(--db "$db" --county "$work/gen/register.xml" run --inbox "$work/run/inbox"
                --out "$work/run/out" --jobs "$jobs")
    local start end start2 end2
    start=$(now)
    "$bin" "${args[@]}" >/dev/null 2>"$work/stages" || true
    end=$(now)
    start2=$(now)
    "$bin" "${args[@]}" >/dev/null 2>&1
    end2=$(now)
    stage() { sed -n "s/.*$1:.*(stage \([0-9.]*\) s.*/\1/p" "$work/stages"; }
    echo "$(awk "BEGIN{print $end - $start}") $(stage validate) $(stage load) $(stage draft) $(awk "BEGIN{print $end2 - $start2}")" \
        >>"$work/times.$name.$jobs"
}
for jobs in 1 2; do
    # the two builds take turns, so that a busy moment falls on both alike
    for try in $(seq "$tries"); do
        one_run "$base/build/csa" "$jobs" baseline
        one_run build-bench/csa "$jobs" today
    done
    for name in baseline today; do
        col() { awk -v c="$1" '{print $c}' "$work/times.$name.$jobs" | median; }
        printf '%-8s jobs %d (median of %d): whole run %5.2f s (parse+validate %.3f s, load %5.2f s, draft %.2f s); rerun with nothing new %.3f s\n' \
            "$name" "$jobs" "$tries" "$(col 1)" "$(col 2)" "$(col 3)" "$(col 4)" "$(col 5)"
    done
    b=$(awk '{print $1}' "$work/times.baseline.$jobs" | median)
    t=$(awk '{print $1}' "$work/times.today.$jobs" | median)
    printf '         jobs %d: today %.2fx faster than the baseline\n' "$jobs" "$(awk "BEGIN{print $b / $t}")"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
