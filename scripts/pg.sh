#!/usr/bin/env bash
# pg.sh: a private PostgreSQL cluster for csa, on a Unix socket only, in a folder git ignores.
#
#   scripts/pg.sh start [DIR]   create the cluster if needed, start it, print its conninfo
#   scripts/pg.sh stop  [DIR]   stop it
#   scripts/pg.sh url   [DIR]   print its conninfo (for CSA_DB)
#   scripts/pg.sh status [DIR]
#   scripts/pg.sh destroy [DIR] stop it and delete it, data and all
#
# DIR defaults to .pgdata at the top of the repository. PostgreSQL refuses to run as root,
# so when run as root the server runs as the unprivileged "postgres" user that Debian's
# package creates; as an ordinary user it runs as that user. Nothing listens on TCP.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cmd=${1:-}
dir=${2:-$repo/.pgdata}
port=5432 # only names the socket file; there is no TCP listener

pg_bin() {
    local d
    for d in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
        [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
    done
    echo "pg.sh: no PostgreSQL server found; run scripts/setup.sh (it installs postgresql-15)" >&2
    exit 3
}

if [ "$(id -u)" = 0 ]; then
    owner=postgres
    as_owner() { runuser -u postgres -- "$@"; }
else
    owner=$(id -un)
    as_owner() { "$@"; }
fi

# As root, the postgres user must be able to reach DIR; a repository under /root cannot be
# reached, so the cluster then lives under /var/tmp, named after the folder asked for.
resolve_dir() {
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then
        local alt="/var/tmp/csa-pg-$(printf '%s' "$dir" | md5sum | cut -c1-12)"
        mkdir -p "$alt"
        echo "pg.sh: $dir is not reachable by the postgres user; using $alt" >&2
        dir=$alt
    fi
}

conninfo() { echo "host=$dir/run port=$port user=$owner dbname=csa"; }

start() {
    local bin; bin=$(pg_bin)
    resolve_dir
    mkdir -p "$dir/run"
    [ "$(id -u)" = 0 ] && chown -R postgres: "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$dir/data" -U "$owner" -A trust -E UTF8 --locale=C.UTF-8 \
            >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 3; }
    fi
    if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
            -o "-c listen_addresses='' -c unix_socket_directories='$dir/run' -p $port -c fsync=${CSA_PG_FSYNC:-on}" \
            >/dev/null || { tail -20 "$dir/server.log" >&2; exit 3; }
    fi
    if ! as_owner "$bin/psql" -h "$dir/run" -p $port -U "$owner" -d postgres -tAc \
            "SELECT 1 FROM pg_database WHERE datname = 'csa'" | grep -q 1; then
        as_owner "$bin/createdb" -h "$dir/run" -p $port -U "$owner" csa
    fi
    conninfo
}

stop() {
    local bin; bin=$(pg_bin)
    resolve_dir
    [ -f "$dir/data/PG_VERSION" ] || return 0
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
}

destroy() {
    stop
    rm -rf "$dir"
}

case "$cmd" in
start) start ;;
stop) stop ;;
destroy) destroy ;;
url) resolve_dir; conninfo ;;
status) resolve_dir; as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" status ;;
*) echo "usage: scripts/pg.sh start|stop|url|status|destroy [DIR]" >&2; exit 2 ;;
esac
