#!/usr/bin/env bash
# bench-crime.sh: police.uk files to the county's twelve-month crime table, a benchmark (it
# prints figures and checks that every table agrees; it times nothing against a target).
#
# Generates 36 monthly gzipped street-level files of about 60,000 rows (about 2.2 million rows,
# 400 MB inflated), then measures, end to end, one run each, side by side:
#   baseline: the commit before issue 13 (c03172b, built in a git worktree under .bench/):
#             csa crime load DIR --jobs 2  +  csa crime table --year 2013
#   csa:      the same with this tree's csa
#   duckdb:   node + @duckdb/node-api (npm, installed into .bench/), reading the same
#             .csv.gz files straight into the same county table, two threads
#   plain:    zcat FILE | psql -c "\copy raw FROM STDIN csv header" for each file into a table
#             of the twelve text columns, then one SQL query producing the same county table
# csa runs against the private cluster .pgbench/. The county table compared is each crime
# type's current and previous count for the county (Kent).
# Usage: scripts/bench-crime.sh [ROWS-PER-MONTH]
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
rows=${1:-60000}
baseline_commit=c03172b
jobs=2

scripts/setup.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build-bench -j2 >/dev/null

# the commit before this work, in its own worktree (ignored: .bench/)
mkdir -p .bench
if [ ! -e .bench/baseline/.git ]; then
    git worktree add --detach .bench/baseline "$baseline_commit" >/dev/null 2>&1
fi
git -C .bench/baseline checkout -q --detach "$baseline_commit"
cmake -S .bench/baseline -B .bench/baseline/build-bench -DCMAKE_BUILD_TYPE=Release \
    -DBUILD_TESTING=OFF >/dev/null
cmake --build .bench/baseline/build-bench -j2 >/dev/null

# DuckDB, the peer, from npm
if [ ! -d .bench/node_modules/@duckdb/node-api ]; then
    (cd .bench && npm install --silent --no-audit --no-fund @duckdb/node-api >/dev/null)
fi
duckdb_version=$(node -p "require('./.bench/node_modules/@duckdb/node-api/package.json').version")

work=$(mktemp -d /tmp/csa-bench-crime.XXXXXX)
trap 'rm -rf "$work"; scripts/pg.sh stop "$repo/.pgbench"' EXIT
db=$(scripts/pg.sh start "$repo/.pgbench")
export PGOPTIONS="-c client_min_messages=warning"
county=etl/counties/kent.xml
build-bench/csa-gen-policeuk --gzip --rows "$rows" "$work/data" 2011-01 36 >/dev/null
files=("$work"/data/*/*.csv.gz)
total_rows=$(for f in "${files[@]}"; do zcat "$f"; done | wc -l)
total_rows=$((total_rows - ${#files[@]}))
inflated=$(for f in "${files[@]}"; do zcat "$f"; done | wc -c)

now() { date +%s.%N; }
secs() { awk "BEGIN{printf \"%.2f\", $2 - $1}"; }
rate() { awk "BEGIN{printf \"%.0f\", $total_rows / ($2 - $1)}"; }
declare -A total

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "data: ${#files[@]} gzipped monthly files, $total_rows rows, $((inflated / 1048576)) MiB inflated"

# csa_run NAME BINARY: a fresh schema, then files -> county table with --jobs 2
csa_run() {
    local name=$1 csa=$2
    psql "$db" -qc "DROP SCHEMA IF EXISTS csa CASCADE" 2>/dev/null
    "$csa" --db "$db" --county "$county" status --year 2013 >/dev/null # schema, register
    local t0 t1 t2
    t0=$(now)
    "$csa" --db "$db" --county "$county" crime load --jobs "$jobs" "$work/data" >/dev/null
    t1=$(now)
    "$csa" --db "$db" --county "$county" crime table --year 2013 --format csv \
        | awk -F, '$1 == "county" && $4 == 1 {print $3 "," $5 "," $6}' | sort >"$work/$name.csv"
    t2=$(now)
    total[$name]=$(secs "$t0" "$t2")
    echo "$name csa --jobs $jobs: ${total[$name]} s end to end ($(rate "$t0" "$t2") rows/s): load $(secs "$t0" "$t1") s, table $(secs "$t1" "$t2") s"
}
csa_run baseline .bench/baseline/build-bench/csa
csa_run csa build-bench/csa

# The district names DuckDB and the plain pipeline match LSOA names against: the register's
# (left in the database by the csa run), as csa matches them, names and former names.
names_sql="SELECT lower(d.name) AS n, d.gss FROM csa.reg_district d WHERE d.county = 'E10000016'
    UNION
    SELECT lower(trim(f)), d.gss FROM csa.reg_district d,
           unnest(string_to_array(d.former_names, ';')) f
     WHERE d.county = 'E10000016'"
psql "$db" -qc "COPY ($names_sql) TO STDOUT (FORMAT csv, HEADER)" >"$work/names.csv"

# DuckDB: the same files straight into the same table, in one query
cat >"$work/duck.mjs" <<'JS'
import { DuckDBInstance } from '@duckdb/node-api';
const [glob, names, threads] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:', { threads });
const c = await db.connect();
const r = await c.runAndReadAll(`
    WITH names AS (SELECT * FROM read_csv('${names}', header = true, all_varchar = true)),
    raw AS (
        SELECT CAST(strptime("Month" || '-01', '%Y-%m-%d') AS DATE) AS m, "Crime type" AS t,
               lower(regexp_replace("LSOA name", ' [0-9]{3}[A-Z]$', '')) AS d
          FROM read_csv('${glob}', header = true, all_varchar = true, quote = '"',
                        escape = '"', delim = ',')),
    e AS (SELECT max(m) AS e FROM raw),
    rows AS (SELECT raw.m, raw.t FROM raw JOIN names n ON n.n = raw.d)
    SELECT t, count(*) FILTER (WHERE m > e - INTERVAL 12 MONTH) AS cur,
              count(*) FILTER (WHERE m <= e - INTERVAL 12 MONTH) AS prev
      FROM rows, e
     WHERE m > e - INTERVAL 24 MONTH
     GROUP BY t`);
for (const [t, cur, prev] of r.getRows())
    console.log(`${t},${cur},${prev}`);
JS
cp "$work/duck.mjs" .bench/duck.mjs # node resolves the package from the script's folder
t0=$(now)
node .bench/duck.mjs "$work/data/*/*.csv.gz" "$work/names.csv" "$jobs" | sort >"$work/duckdb.csv"
t1=$(now)
total[duckdb]=$(secs "$t0" "$t1")
echo "duckdb $duckdb_version (node, $jobs threads): ${total[duckdb]} s end to end ($(rate "$t0" "$t1") rows/s)"

# What a user would otherwise write. Same register tables (left by the runs above).
psql "$db" -q <<'SQL'
DROP TABLE IF EXISTS public.raw;
CREATE TABLE public.raw ("Crime ID" text, "Month" text, "Reported by" text, "Falls within" text,
    "Longitude" text, "Latitude" text, "Location" text, "LSOA code" text, "LSOA name" text,
    "Crime type" text, "Last outcome category" text, "Context" text);
SQL
t0=$(now)
for f in "${files[@]}"; do
    zcat "$f" | psql "$db" -qc '\copy public.raw FROM STDIN csv header'
done
t1=$(now)
psql "$db" -qAt -F, >"$work/plain.csv" <<SQL
WITH e AS (SELECT max(to_date("Month", 'YYYY-MM')) AS e FROM public.raw),
names AS ($names_sql),
rows AS (
    SELECT to_date(r."Month", 'YYYY-MM') AS m, r."Crime type" AS t
      FROM public.raw r
      JOIN names n ON n.n = lower(regexp_replace(r."LSOA name", ' [0-9]{3}[A-Z]$', '')))
SELECT t, count(*) FILTER (WHERE m > (e - interval '12 months')),
          count(*) FILTER (WHERE m <= (e - interval '12 months'))
  FROM rows, e
 WHERE m > e - interval '24 months'
 GROUP BY t
SQL
t2=$(now)
sort -o "$work/plain.csv" "$work/plain.csv"
total[plain]=$(secs "$t0" "$t2")
echo "plain psql \\copy + SQL: ${total[plain]} s end to end ($(rate "$t0" "$t2") rows/s): load $(secs "$t0" "$t1") s, table $(secs "$t1" "$t2") s"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
printf '%-10s %8s %14s\n' "" "seconds" "vs csa"
for k in baseline csa duckdb plain; do
    printf '%-10s %8s %13sx\n' "$k" "${total[$k]}" "$(awk "BEGIN{printf \"%.2f\", ${total[$k]} / ${total[csa]}}")"
done
echo "csa / duckdb: $(awk "BEGIN{printf \"%.2f\", ${total[csa]} / ${total[duckdb]}}") (target at most 1.5); plain / csa: $(awk "BEGIN{printf \"%.2f\", ${total[plain]} / ${total[csa]}}") (target at least 4)"

status=0
for k in baseline duckdb plain; do
    if cmp -s "$work/csa.csv" "$work/$k.csv"; then
        echo "csa's county table equals $k's ($(wc -l <"$work/csa.csv") crime types)"
    else
        echo "csa's county table DIFFERS from $k's:"; diff "$work/csa.csv" "$work/$k.csv" || true
        status=1
    fi
done
exit $status
