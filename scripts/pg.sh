#!/usr/bin/env bash
# pg.sh: a private PostgreSQL cluster for csa, on a Unix socket only, in a folder git ignores.
#
#   scripts/pg.sh start [DIR]   create the cluster if needed, start it, print its conninfo
#   scripts/pg.sh stop  [DIR]   stop it
#   scripts/pg.sh url   [DIR]   print its conninfo (for CSA_DB)
#   scripts/pg.sh status [DIR]
#   scripts/pg.sh destroy [DIR] stop it and delete it, data and all
#   scripts/pg.sh crash [DIR]   stop it as a crash would (immediate: no checkpoint, what is
#                               not yet written of the WAL is lost; the next start recovers)
#
# DIR defaults to .pgdata at the top of the repository. PostgreSQL refuses to run as root,
# so when run as root the server runs as the unprivileged "postgres" user that Debian's
# package creates; as an ordinary user it runs as that user. Nothing listens on TCP.
#
# Private means private: DIR, its socket folder DIR/run and the socket itself are 0700 and
# owned by the server's user, and the superuser's only authentication is "peer" (the kernel
# says which OS user is at the other end of the socket) through the map "csa" in
# pg_ident.conf. The map lets exactly the server's user, and root when the server runs as
# postgres, connect as the database superuser. Other roles (the tests' analysts) log in by
# password (scram-sha-256) only; a role without a password cannot. The files are rewritten at every start, so
# a cluster made by an older pg.sh (which trusted every local user) is closed up too.
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

# pg_hba.conf: the superuser $owner by peer on the socket through the map "csa"; any other
# role by its password (scram-sha-256), so a role without a password (the superuser has
# none) cannot log in that way; nothing else (no TCP, no trust). The password line is for
# the login roles the tests create to play district analysts and the county unit.
# pg_ident.conf: the OS users the map lets in as the database superuser $owner.
write_auth() {
    local hba="$dir/data/pg_hba.conf" ident="$dir/data/pg_ident.conf"
    printf '%s\n' "# written by scripts/pg.sh at every start: edits are lost" \
        "# TYPE  DATABASE  USER  METHOD" \
        "local   all       $owner   peer map=csa" \
        "local   all       all   scram-sha-256" | as_owner tee "$hba" >/dev/null
    {
        echo "# written by scripts/pg.sh at every start: edits are lost"
        echo "# MAPNAME  SYSTEM-USERNAME  PG-USERNAME"
        echo "csa        $owner  $owner"
        if [ "$(id -u)" = 0 ]; then echo "csa        root  $owner"; fi
    } | as_owner tee "$ident" >/dev/null
    as_owner chmod 0600 "$hba" "$ident"
}

conninfo() { echo "host=$dir/run port=$port user=$owner dbname=csa"; }

start() {
    local bin; bin=$(pg_bin)
    resolve_dir
    mkdir -p "$dir/run"
    [ "$(id -u)" = 0 ] && chown -R postgres: "$dir"
    chmod 0700 "$dir" "$dir/run"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$dir/data" -U "$owner" -A reject -E UTF8 --locale=C.UTF-8 \
            >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 3; }
    fi
    write_auth
    if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
            -o "-c listen_addresses='' -c unix_socket_directories='$dir/run' -c unix_socket_permissions=0700 -p $port -c fsync=${CSA_PG_FSYNC:-on}" \
            >/dev/null || { tail -20 "$dir/server.log" >&2; exit 3; }
    else # already running: take up the new authentication files, close up an older socket
        as_owner "$bin/pg_ctl" -D "$dir/data" reload >/dev/null
        as_owner chmod 0700 "$dir/run/.s.PGSQL.$port" 2>/dev/null || true
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

crash() {
    local bin; bin=$(pg_bin)
    resolve_dir
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
}

destroy() {
    stop
    rm -rf "$dir"
}

case "$cmd" in
start) start ;;
stop) stop ;;
destroy) destroy ;;
crash) crash ;;
url) resolve_dir; conninfo ;;
status) resolve_dir; as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" status ;;
*) echo "usage: scripts/pg.sh start|stop|url|status|destroy|crash [DIR]" >&2; exit 2 ;;
esac
