#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# moto_server.sh start|stop DIR - run moto_server (the AWS mock serving RDS,
# EC2 and STS) on a free port on 127.0.0.1 for the shim's tests.
#   start: writes DIR/moto.port, DIR/moto.pid and DIR/moto.log; waits until
#          it answers. If moto_server is not installed it writes DIR/skip
#          and exits 0, so the tests depending on it report "skipped".
#   stop:  stops the server by the recorded PID (never by name).
# moto_server.sh which - print the moto_server it would run (exit 1: none).
# The moto_server on PATH, else the one scripts/setup.sh installs into its
# virtual environment ($RDSCLONE_MOTO_VENV, default /var/cache/rdsclone/moto).
set -u
cmd=${1:-}
dir=${2:-}
if [ "$cmd" != which ] && { [ -z "$cmd" ] || [ -z "$dir" ]; }; then
  echo "usage: $0 start|stop DIR | which" >&2; exit 64
fi

moto_bin() {
  if command -v moto_server 2>/dev/null; then return 0; fi
  venv_bin=${RDSCLONE_MOTO_VENV:-/var/cache/rdsclone/moto}/bin/moto_server
  [ -x "$venv_bin" ] || return 1
  echo "$venv_bin"
}

case "$cmd" in
which)
  moto_bin
  ;;
start)
  mkdir -p "$dir"
  rm -f "$dir/skip" "$dir/moto.port" "$dir/moto.pid"
  if [ -f "$dir/moto.pid" ]; then "$0" stop "$dir"; fi
  if ! moto=$(moto_bin); then
    echo "moto_server not installed" > "$dir/skip"
    echo "moto_server not found (on PATH or in ${RDSCLONE_MOTO_VENV:-/var/cache/rdsclone/moto}; scripts/setup.sh moto): shim integration tests will be skipped"
    exit 0
  fi
  port=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  "$moto" -H 127.0.0.1 -p "$port" > "$dir/moto.log" 2>&1 &
  echo $! > "$dir/moto.pid"
  echo "$port" > "$dir/moto.port"
  i=0
  while [ $i -lt 150 ]; do
    if python3 -c "import urllib.request,sys
urllib.request.urlopen('http://127.0.0.1:$port/moto-api/', timeout=1)" 2>/dev/null; then
      echo "moto_server ($moto) pid $(cat "$dir/moto.pid") on 127.0.0.1:$port"
      exit 0
    fi
    if ! kill -0 "$(cat "$dir/moto.pid")" 2>/dev/null; then
      echo "moto_server exited; log:" >&2; cat "$dir/moto.log" >&2; exit 1
    fi
    sleep 0.2
    i=$((i + 1))
  done
  echo "moto_server did not answer within 30 s" >&2
  "$0" stop "$dir"
  exit 1
  ;;
stop)
  [ -f "$dir/moto.pid" ] || exit 0
  pid=$(cat "$dir/moto.pid")
  if kill "$pid" 2>/dev/null; then
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do
      sleep 0.1; i=$((i + 1))
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  fi
  rm -f "$dir/moto.pid" "$dir/moto.port"
  exit 0
  ;;
*)
  echo "usage: $0 start|stop DIR | which" >&2; exit 64 ;;
esac
