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

# expect_same_plan_held_back FMT PROXY_ARGS...: plan (format FMT) from
# "$(URI "$SRC_PORT")" to "$(URI "$TGT_PORT")" (URI is the caller's), then
# again with the source behind the proxy started with PROXY_ARGS (which
# holds some query back, --delay): the log must say the target set rows
# aside, and the plan must be the direct one byte for byte (the proxy's
# port aside). Leaves the direct plan in $TMP/direct.FMT.
expect_same_plan_held_back() {
  local fmt=$1; shift
  run plan --source "$(URI "$SRC_PORT")" --target "$(URI "$TGT_PORT")" --format "$fmt"
  expect_rc 2 "$fmt: the direct plan finds the differences"
  cp "$TMP/out" "$TMP/direct.$fmt"
  start_proxy "$SRC_PORT" "$@"
  run plan --source "$(URI "$PROXY_PORT")" --target "$(URI "$TGT_PORT")" --format "$fmt" -v
  stop_proxy
  expect_rc 2 "$fmt: the plan with the source held back"
  expect_err "the target was ahead of the source and set up to [0-9.]+ MB" \
    "$fmt: the target set its rows aside while the source was held"
  sed "s/:$PROXY_PORT\b/:$SRC_PORT/g" "$TMP/out" >"$TMP/slow.$fmt"
  if cmp -s "$TMP/direct.$fmt" "$TMP/slow.$fmt"; then
    ok "$fmt: the same plan, byte for byte ($(wc -c <"$TMP/direct.$fmt") bytes)"
  else
    not_ok "$fmt: the plans differ"; diff "$TMP/direct.$fmt" "$TMP/slow.$fmt" | head -20
  fi
}
