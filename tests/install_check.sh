#!/usr/bin/env bash
# install_check.sh: the install test (ctest -L install). Installs a build into a temporary prefix
# with `cmake --install` and checks what a user gets: bin/csa alone in bin/, printing exactly the
# project version; the manual page csa(1), rendering through `man -l` without a warning and
# naming every command, option and exit code `csa --help` names; under share/csa the schemas,
# the Kent register and the samples, byte for byte as in etl/, good enough for the installed
# csa to validate the samples with no database.
#
#   tests/install_check.sh CMAKE BUILD_DIR VERSION
#
# Run by ctest (tests/CMakeLists.txt passes the three). Exits 0 when all holds, 1 otherwise,
# saying what failed. Needs man-db (scripts/setup.sh installs it); without it the test fails
# rather than skips.
set -euo pipefail

if [ $# -ne 3 ]; then
    echo "usage: $0 CMAKE BUILD_DIR VERSION" >&2
    exit 2
fi
cmake=$1
build=$2
version=$3
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

prefix=$(mktemp -d "${TMPDIR:-/tmp}/csa-install.XXXXXX")
trap 'rm -rf "$prefix"' EXIT
failures=0
fail() {
    echo "install_check: $*" >&2
    failures=$((failures + 1))
}

if ! "$cmake" --install "$build" --prefix "$prefix" >"$prefix.log" 2>&1; then
    cat "$prefix.log" >&2
    rm -f "$prefix.log"
    echo "install_check: cmake --install $build failed" >&2
    exit 1
fi
rm -f "$prefix.log"

# ---- bin/: the tool, and only the tool -------------------------------------------------------
csa="$prefix/bin/csa"
[ -x "$csa" ] || { echo "install_check: $csa was not installed" >&2; exit 1; }
others=$(cd "$prefix/bin" && ls -A | grep -vx csa || true)
[ -z "$others" ] && [ "$(ls -A "$prefix")" = "$(printf 'bin\nshare')" ] ||
    fail "the install holds more than bin/csa and share/: $(cd "$prefix" && find . -mindepth 1 -maxdepth 2 | sort | tr '\n' ' ')"
got=$("$csa" --version)
[ "$got" = "csa $version" ] || fail "installed csa --version printed \"$got\", CMakeLists.txt says \"csa $version\""

# ---- the manual page ---------------------------------------------------------------------------
page="$prefix/share/man/man1/csa.1"
if [ ! -f "$page" ]; then
    fail "share/man/man1/csa.1 was not installed"
elif ! command -v man >/dev/null; then
    fail "man is not installed, so csa(1) cannot be checked (scripts/setup.sh installs man-db)"
else
    # man -l renders the file itself (no search path, no cache); troff warnings go to stderr
    if ! MANPAGER=cat MANWIDTH=80 LC_ALL=C.UTF-8 man -l "$page" >"$prefix/man.txt" 2>"$prefix/man.err"; then
        fail "man -l share/man/man1/csa.1 failed: $(cat "$prefix/man.err")"
    elif [ -s "$prefix/man.err" ]; then
        fail "man -l share/man/man1/csa.1 warned: $(cat "$prefix/man.err")"
    fi
    # every troff warning (-ww), which man leaves unsaid: a stray font change, an unknown macro
    if command -v groff >/dev/null &&
        ! LC_ALL=C.UTF-8 groff -man -ww -z -Tutf8 "$page" 2>"$prefix/groff.err" || [ -s "$prefix/groff.err" ]; then
        fail "groff -man -ww warns about share/man/man1/csa.1: $(cat "$prefix/groff.err")"
    fi
    for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS ENVIRONMENT FILES "EXIT STATUS"; do
        grep -qx "$section" "$prefix/man.txt" || fail "csa(1) has no $section section"
    done
    # the page's source without roff escapes for dashes and fonts, to look words up in
    sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(em/-/g' "$page" >"$prefix/man.src"
    help=$("$csa" --help)
    for opt in $(grep -o -- '--[a-z][a-z-]*' <<<"$help" | sort -u); do
        grep -qF -- "$opt" "$prefix/man.src" || fail "csa --help names $opt but csa(1) does not"
    done
    # a command is its leading lower-case words on the lines of the Commands: block
    commands=$(sed -n '/^Commands:/,/^$/p' <<<"$help" |
        awk '/^  [a-z]/ { c = $1; if ($2 ~ /^[a-z]+$/) c = c " " $2; print c }')
    while read -r cmd; do
        grep -qE "^\.SS .*csa $cmd( |\"|$)" "$prefix/man.src" ||
            fail "csa --help names the command \"$cmd\" but csa(1) has no subsection for it"
    done <<<"$commands"
    for code in $(sed -n '/^Exit status:/,$p' <<<"$help" | awk '/^  [0-9]/ { print $1 }'); do
        grep -qx "\.B $code" "$prefix/man.src" || fail "csa(1) does not explain exit status $code"
    done
fi

# ---- share/csa: the schemas, the register, the samples -----------------------------------------
data="$prefix/share/csa"
for f in submission.xsd county.xsd; do
    cmp -s "$src/etl/$f" "$data/$f" || fail "share/csa/$f is missing or differs from etl/$f"
done
for d in counties samples; do
    diff -r "$src/etl/$d" "$data/$d" >/dev/null || fail "share/csa/$d is missing or differs from etl/$d"
done
if [ -f "$data/counties/kent.xml" ]; then
    # the installed tool and data together, away from the source tree and with no database
    if ! (cd "$prefix" && env -u CSA_DB -u CSA_COUNTY "$csa" --quiet \
            --county share/csa/counties/kent.xml validate share/csa/samples/kent-2011/* \
            >/dev/null 2>"$prefix/validate.err"); then
        fail "the installed csa does not validate the installed samples: $(cat "$prefix/validate.err")"
    fi
fi

if [ "$failures" -ne 0 ]; then
    echo "install_check: $failures check(s) failed" >&2
    exit 1
fi
echo "install_check: bin/csa $version, csa(1) and share/csa installed and working"
