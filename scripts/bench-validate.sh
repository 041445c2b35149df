#!/usr/bin/env bash
# bench-validate.sh: `csa validate` on hostile and on the largest accepted submissions, a
# benchmark (prints figures; asserts nothing). Issue 9, case 5: 40,000 ranked priorities used
# to take 43 s to validate, pair by pair, while a run held its lock. Generates, plain and gzip:
#   - 40,000 and 80,000 ranked core priorities, and 40,000 crime categories each naming a
#     parent: past the cap of 1,000 (doc/submission.md), so what a user sees is the refusal;
#   - the largest file accepted: 1,000 each of priorities (ranked), themes, categories,
#     indicators and emerging issues, with the indicators' values filling it up to the
#     200,000-element cap; every rule runs on it.
# Each figure is the median of three runs of the Release build in build-bench/.
#   Usage: scripts/bench-validate.sh [CSA_BINARY]   (another binary, e.g. an older build)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

scripts/setup.sh
csa=${1:-}
if [ -z "$csa" ]; then
    cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
    cmake --build build-bench -j"$(nproc)" >/dev/null
    csa=build-bench/csa
fi
work=$(mktemp -d /tmp/csa-bench-validate.XXXXXX)
trap 'rm -rf "$work"' EXIT
register=etl/counties/kent.xml

header() {
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<strategic-assessment version="1">\n'
    printf '  <partnership code="maidstone" county="E10000016">Safer Maidstone</partnership>\n'
    printf '  <plan-year>2016/17</plan-year>\n'
}
crime_open='  <crime-statistics current-start="2014-10-01" current-end="2015-09-30" previous-start="2013-10-01" previous-end="2014-09-30">'

# N ranked core priorities (ranks 1..N).
ranked() {
    header
    echo '  <priorities>'
    awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++)
        printf "    <priority kind=\"core\" rank=\"%d\">Priority %d</priority>\n", i, i }'
    echo '  </priorities>'
    echo '</strategic-assessment>'
}

# N categories, category i naming category i/2 as its parent.
categories() {
    awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) {
        printf "    <category name=\"Category %d\"", i
        if (i > 1) printf " parent=\"Category %d\"", int(i / 2)
        printf " current=\"%d\" previous=\"%d\" difference=\"0\"/>\n", i, i } }'
}

many_categories() {
    header
    printf '  <priorities>\n    <priority kind="core" rank="1">ASB</priority>\n  </priorities>\n'
    echo "$crime_open"
    categories "$1"
    echo '  </crime-statistics>'
    echo '</strategic-assessment>'
}

# 1,000 of each list; each indicator holds VALUES values.
largest() {
    header
    ranked_body=$(awk 'BEGIN { for (i = 1; i <= 1000; i++)
        printf "    <priority kind=\"core\" rank=\"%d\">Priority %d</priority>\n", i, i }')
    printf '  <priorities>\n%s\n  </priorities>\n' "$ranked_body"
    echo '  <cross-cutting-themes>'
    awk 'BEGIN { for (i = 1; i <= 1000; i++) printf "    <theme>Theme %d</theme>\n", i }'
    echo '  </cross-cutting-themes>'
    echo "$crime_open"
    categories 1000
    echo '  </crime-statistics>'
    echo '  <indicators>'
    awk -v v="$1" 'BEGIN { for (i = 1; i <= 1000; i++) {
        printf "    <indicator name=\"Indicator %d\" unit=\"incidents\">\n", i
        for (j = 0; j < v; j++)
            printf "      <value start=\"2015-04-01\" end=\"2015-04-30\">%d</value>\n", j
        printf "    </indicator>\n" } }'
    echo '  </indicators>'
    echo '  <emerging-issues>'
    awk 'BEGIN { for (i = 1; i <= 1000; i++)
        printf "    <issue title=\"Issue %d\">Emerging issue %d</issue>\n", i, i }'
    echo '  </emerging-issues>'
    echo '</strategic-assessment>'
}

ranked 40000 >"$work/priorities-40000.xml"
ranked 80000 >"$work/priorities-80000.xml"
many_categories 40000 >"$work/categories-40000.xml"
# 5,008 elements besides the values: 194 values an indicator keeps it under 200,000
largest 194 >"$work/largest-accepted.xml"
for f in "$work"/*.xml; do gzip -9 -k "$f"; done

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "binary: $csa"
median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
for name in priorities-40000 priorities-80000 categories-40000 largest-accepted; do
    for ext in xml xml.gz; do
        f="$work/$name.$ext"
        : >"$work/times"
        for try in 1 2 3; do
            start=$(date +%s.%N)
            "$csa" --county "$register" validate "$f" >"$work/out" 2>"$work/err" || true
            end=$(date +%s.%N)
            awk "BEGIN{print $end - $start}" >>"$work/times"
        done
        printf '%-24s %8s  %.3f s   %s\n' "$name.$ext" "$(du -h "$f" | cut -f1)" \
            "$(median <"$work/times")" "$(cut -d' ' -f1,3- "$work/out" | sed "s|$work/||")"
        head -1 "$work/err" | sed "s|$work/|    |"
    done
done
