#!/usr/bin/env bash
# bench-crime.sh: police.uk files to the county's twelve-month crime table, a benchmark (it
# prints figures and checks the two tables agree; it times nothing against a target).
#
# Generates 36 monthly gzipped street-level files of about 60,000 rows (about 2.2 million rows,
# 400 MB inflated), then on the private cluster .pgbench/ measures, end to end:
#   csa:   csa crime load DIR --jobs N  +  csa crime table --year 2013   (N = 1 and 2)
#   plain: zcat FILE | psql -c "\copy raw FROM STDIN csv header" for each file into a table of
#          the twelve text columns, then one SQL query producing the same county table.
# Usage: scripts/bench-crime.sh [ROWS-PER-MONTH]
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
rows=${1:-60000}

scripts/setup.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" >/dev/null
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

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "data: ${#files[@]} gzipped monthly files, $total_rows rows, $((inflated / 1048576)) MiB inflated"

for jobs in 1 2; do
    psql "$db" -qc "DROP SCHEMA IF EXISTS csa CASCADE" 2>/dev/null
    build-bench/csa --db "$db" --county "$county" status --year 2013 >/dev/null # schema, register
    t0=$(now)
    build-bench/csa --db "$db" --county "$county" crime load --jobs "$jobs" "$work/data" >/dev/null
    t1=$(now)
    build-bench/csa --db "$db" --county "$county" crime table --year 2013 --format csv \
        | awk -F, '$1 == "county" && $4 == 1 {print $3 "," $5 "," $6}' | sort >"$work/csa.csv"
    t2=$(now)
    echo "csa --jobs $jobs: $(secs "$t0" "$t2") s end to end ($(rate "$t0" "$t2") rows/s): load $(secs "$t0" "$t1") s, table $(secs "$t1" "$t2") s"
done

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
psql "$db" -qAt -F, >"$work/plain.csv" <<'SQL'
WITH e AS (SELECT max(to_date("Month", 'YYYY-MM')) AS e FROM public.raw),
names AS (
    SELECT lower(d.name) AS n, d.gss FROM csa.reg_district d
     WHERE d.county = 'E10000016'
    UNION
    SELECT lower(trim(f)), d.gss FROM csa.reg_district d,
           unnest(string_to_array(d.former_names, ';')) f
     WHERE d.county = 'E10000016'),
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
echo "plain psql \\copy + SQL: $(secs "$t0" "$t2") s end to end ($(rate "$t0" "$t2") rows/s): load $(secs "$t0" "$t1") s, table $(secs "$t1" "$t2") s"
if cmp -s "$work/csa.csv" "$work/plain.csv"; then
    echo "the two county tables are equal ($(wc -l <"$work/csa.csv") crime types)"
else
    echo "the two county tables DIFFER:"; diff "$work/csa.csv" "$work/plain.csv" || true
    exit 1
fi
