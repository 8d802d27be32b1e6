# SPDX-License-Identifier: Apache-2.0
# The cut proxy (tcp_cut_proxy.py) for the hardening tests, shared by the
# MySQL and PostgreSQL ones. Sourced; expects TMP and HERE_H (this
# directory). start_proxy passes its extra arguments on (--protocol pg,
# --cut-after K, ...); stop_proxy stops it by its PID.
PROXY_PID=""
stop_proxy() {
  if [ -n "$PROXY_PID" ]; then
    kill "$PROXY_PID" 2>/dev/null || true
    wait "$PROXY_PID" 2>/dev/null || true
    PROXY_PID=""
  fi
}
# start_proxy target-port args...: sets PROXY_PID, PROXY_PORT, PROXY_LOG
start_proxy() {
  local port=$1 i; shift
  rm -f "$TMP/proxy.port" "$TMP/proxy.log"
  python3 "$HERE_H/tcp_cut_proxy.py" --target-port "$port" \
    --port-file "$TMP/proxy.port" --log "$TMP/proxy.log" "$@" \
    2>>"$TMP/proxy.err" &
  PROXY_PID=$!
  for ((i = 0; i < 100; i++)); do
    [ -s "$TMP/proxy.port" ] && break
    sleep 0.05
  done
  PROXY_PORT=$(cat "$TMP/proxy.port")
  PROXY_LOG=$TMP/proxy.log
}
