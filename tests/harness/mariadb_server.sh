#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Throw-away MariaDB server for rdsclone's integration tests.
#
#   mariadb_server.sh start DIR   initialise DIR/data, start mariadbd on
#                                 127.0.0.1:<free port>, create admin accounts,
#                                 install sql/testing/rds_configuration.sql,
#                                 write DIR/env
#   mariadb_server.sh stop DIR    stop that server (TERM, KILL after 30s) and
#                                 remove DIR; exit 0 if nothing is running/DIR
#                                 is missing
#   mariadb_server.sh env DIR     print DIR/env
#
# DIR/env (shell-sourceable): MARIADB_PORT MARIADB_SOCKET MARIADB_PID
# MARIADB_DIR MARIADB_URI MARIADB_HOST MARIADB_USER MARIADB_PASSWORD
#
# Environment: MARIADB_ADMIN_PASSWORD (default adminpw),
#              MARIADB_START_TIMEOUT (seconds, default 30),
#              MARIADB_EXTRA_ARGS (more mariadbd options, split on spaces,
#              e.g. --ssl-ca=... --ssl-cert=... --ssl-key=...).
# Works as root (server runs with --user=root) and as an ordinary user.
set -euo pipefail

PROG=$(basename "$0")
HERE=$(cd "$(dirname "$0")" && pwd)
RDS_SQL="$HERE/../../sql/testing/rds_configuration.sql"
MARKER=.rdsclone-mariadb-harness
START_TIMEOUT=${MARIADB_START_TIMEOUT:-30}
STOP_TIMEOUT=30

die() { echo "$PROG: $*" >&2; exit 1; }
log() { echo "$PROG: $*" >&2; }

usage() {
    echo "usage: $PROG start|stop|env DIR" >&2
    exit 64
}

abspath() {  # canonical, so start and stop agree on the --datadir string
    realpath -m -- "$1"
}

find_tool() {
    local t
    for t in "$@"; do
        if command -v "$t" >/dev/null 2>&1; then command -v "$t"; return 0; fi
        if [ -x "/usr/sbin/$t" ]; then echo "/usr/sbin/$t"; return 0; fi
    done
    return 1
}

free_port() {
    python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

# Is PID alive and a mariadbd serving datadir $2? (guards against PID reuse)
is_our_server() {
    local pid=$1 datadir=$2 cmd
    [ -n "$pid" ] && [ "$pid" -gt 0 ] 2>/dev/null || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
    case $cmd in
        *"--datadir=$datadir "*) return 0 ;;
        *) return 1 ;;
    esac
}

# Send TERM to PID, wait up to STOP_TIMEOUT seconds, then KILL.
kill_pid() {
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    log "PID $pid did not stop after ${STOP_TIMEOUT}s; sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    log "PID $pid still alive after KILL"
    return 1
}

# If start fails or is interrupted after launching mariadbd, stop it again.
STARTED_PID=""
on_exit() {
    if [ -n "$STARTED_PID" ]; then
        kill_pid "$STARTED_PID" || true
    fi
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

sql_quote() {  # value -> '...' with ' and \ escaped
    local s=${1//\\/\\\\}
    s=${s//\'/\'\'}
    printf "'%s'" "$s"
}

cmd_start() {
    local dir=$1
    local mariadbd install_db client
    mariadbd=$(find_tool mariadbd mysqld) || die "mariadbd not found (apt-get install mariadb-server)"
    install_db=$(find_tool mariadb-install-db mysql_install_db) || die "mariadb-install-db not found"
    client=$(find_tool mariadb mysql) || die "mariadb client not found"
    command -v python3 >/dev/null || die "python3 not found (needed to pick a free port)"
    [ -r "$RDS_SQL" ] || die "missing $RDS_SQL"

    local datadir=$dir/data sock=$dir/mysqld.sock pidfile=$dir/mysqld.pid
    local errlog=$dir/error.log
    # sun_path is 108 bytes including the NUL
    [ ${#sock} -le 107 ] || die "socket path too long (${#sock} > 107 bytes): $sock; use a shorter DIR"
    if [ -e "$datadir" ]; then
        die "$datadir already exists; run '$PROG stop $dir' first"
    fi
    mkdir -p "$dir"
    : >"$dir/$MARKER"

    local osuser user_opt=() sock_user_opt=() run_user_opt=()
    osuser=$(id -un)
    if [ "$(id -u)" -eq 0 ]; then
        user_opt=(--user=root)
        run_user_opt=(--user=root)
    else
        sock_user_opt=(--auth-root-socket-user="$osuser")
    fi

    # A private tmpdir: bootstraps sharing /tmp fail now and then ("Could
    # not remove temporary table '/tmp/#sql-temptable-…'", then "Unknown
    # table 'mysql.tmp_user_sys'") when several servers start at once.
    mkdir -p "$dir/tmp"
    local common=(
        --tmpdir="$dir/tmp"
        --innodb-buffer-pool-size=32M
        --innodb-log-file-size=16M
        --innodb-log-buffer-size=4M
        --innodb-flush-log-at-trx-commit=2
        --innodb-doublewrite=0
        --innodb-use-native-aio=0
        --key-buffer-size=4M
        --skip-log-bin
        --skip-name-resolve
    )

    local t0=$SECONDS
    if ! "$install_db" --no-defaults --datadir="$datadir" "${user_opt[@]}" "${sock_user_opt[@]}" \
            --auth-root-authentication-method=socket --skip-test-db \
            "${common[@]}" >"$dir/install.log" 2>&1; then
        tail -n 30 "$dir/install.log" >&2
        die "mariadb-install-db failed (log: $dir/install.log)"
    fi

    local attempt port pid="" ready=0 i extra=()
    read -ra extra <<<"${MARIADB_EXTRA_ARGS:-}"
    local mysql=("$client" --no-defaults --socket="$sock" -u"$osuser" --batch --skip-column-names)
    for attempt in 1 2 3 4 5; do
        port=$(free_port) || die "could not pick a free port"
        rm -f "$pidfile" "$sock"
        : >>"$errlog"
        # exec in a subshell without our traps, so $! is mariadbd itself
        (trap - EXIT INT TERM; exec "$mariadbd" --no-defaults "${run_user_opt[@]}" \
            --datadir="$datadir" --socket="$sock" --pid-file="$pidfile" \
            --port="$port" --bind-address=127.0.0.1 --log-error="$errlog" \
            --max-connections=100 --table-open-cache=200 \
            --performance-schema=OFF \
            "${common[@]}" "${extra[@]}" </dev/null >>"$dir/mariadbd.out" 2>&1) &
        pid=$!
        STARTED_PID=$pid
        for ((i = 0; i < START_TIMEOUT * 10; i++)); do
            if ! kill -0 "$pid" 2>/dev/null; then break; fi
            if "${mysql[@]}" -e 'select 1' >/dev/null 2>&1; then ready=1; break; fi
            sleep 0.1
        done
        [ "$ready" -eq 1 ] && break
        if kill -0 "$pid" 2>/dev/null; then
            kill_pid "$pid" || true
        fi
        { wait "$pid"; } 2>/dev/null || true
        STARTED_PID=""
        if grep -q -e 'Address already in use' -e 'Bind on TCP/IP port' "$errlog" && [ "$attempt" -lt 5 ]; then
            log "port $port taken, retrying with another one"
            mv "$errlog" "$errlog.attempt$attempt"
            continue
        fi
        break
    done
    if [ "$ready" -ne 1 ]; then
        log "server did not become ready within ${START_TIMEOUT}s; tail of $errlog:"
        tail -n 40 "$errlog" >&2 || true
        die "start failed (files kept in $dir; '$PROG stop $dir' removes them)"
    fi

    local pw
    pw=$(sql_quote "${MARIADB_ADMIN_PASSWORD:-adminpw}")
    if ! "${mysql[@]}" <<SQL
CREATE USER 'admin'@'127.0.0.1' IDENTIFIED BY $pw;
GRANT ALL PRIVILEGES ON *.* TO 'admin'@'127.0.0.1' WITH GRANT OPTION;
CREATE USER 'admin'@'localhost' IDENTIFIED BY $pw;
GRANT ALL PRIVILEGES ON *.* TO 'admin'@'localhost' WITH GRANT OPTION;
SQL
    then
        die "creating the admin accounts failed"
    fi
    if ! "${mysql[@]}" <"$RDS_SQL"; then
        die "installing $RDS_SQL failed"
    fi

    {
        printf 'MARIADB_PORT=%q\n' "$port"
        printf 'MARIADB_SOCKET=%q\n' "$sock"
        printf 'MARIADB_PID=%q\n' "$pid"
        printf 'MARIADB_DIR=%q\n' "$dir"
        printf 'MARIADB_HOST=%q\n' 127.0.0.1
        printf 'MARIADB_USER=%q\n' admin
        printf 'MARIADB_PASSWORD=%q\n' "${MARIADB_ADMIN_PASSWORD:-adminpw}"
        printf 'MARIADB_URI=%q\n' "mysql://admin@127.0.0.1:$port"
    } >"$dir/env.tmp"
    chmod 600 "$dir/env.tmp"
    mv "$dir/env.tmp" "$dir/env"
    STARTED_PID=""
    log "started mariadbd pid $pid on 127.0.0.1:$port in $((SECONDS - t0))s (dir $dir)"
}

cmd_stop() {
    local dir=$1
    [ -d "$dir" ] || return 0
    local datadir=$dir/data pid="" p
    for p in "$(cat "$dir/mysqld.pid" 2>/dev/null || true)" \
             "$( (. "$dir/env" 2>/dev/null && echo "${MARIADB_PID:-}") || true)"; do
        p=${p//[^0-9]/}
        if [ -n "$p" ] && is_our_server "$p" "$datadir"; then pid=$p; break; fi
    done
    if [ -n "$pid" ]; then
        kill_pid "$pid" || die "could not stop PID $pid"
        log "stopped mariadbd pid $pid"
    fi
    if [ -e "$dir/$MARKER" ]; then
        rm -rf -- "$dir"
    else
        log "$dir has no $MARKER; not removing it"
    fi
}

cmd_env() {
    local dir=$1
    [ -r "$dir/env" ] || die "no $dir/env (server not started?)"
    cat "$dir/env"
}

[ $# -eq 2 ] || usage
[ -n "$2" ] || usage
DIR=$(abspath "$2")
DIR=${DIR%/}
case $DIR in
    "" | / ) die "refusing to use '$2' as DIR" ;;
esac
case $1 in
    start) cmd_start "$DIR" ;;
    stop) cmd_stop "$DIR" ;;
    env) cmd_env "$DIR" ;;
    *) usage ;;
esac
