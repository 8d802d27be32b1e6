# Helpers of the hardening tests: the integration helpers (run, expect_*,
# reset_servers, src_sql/tgt_sql/..._root) pointed at this suite's own
# servers (RUN_DIR/src, RUN_DIR/tgt; RUN_DIR/tlsdb for TLS), plus a
# checksum of the catalog tables and the cut proxy.
. "$SOURCE_DIR/tests/integration/lib.sh"
HERE_H=$SOURCE_DIR/tests/hardening

# Every catalog table rdsclone reads, as the server holds it.
checksum() {
  $1 -e "SELECT * FROM mysql.global_priv ORDER BY User, Host;
         SELECT * FROM mysql.db ORDER BY User, Host, Db;
         SELECT * FROM mysql.tables_priv ORDER BY User, Host, Db, Table_name;
         SELECT * FROM mysql.columns_priv ORDER BY User, Host, Db, Table_name, Column_name;
         SELECT * FROM mysql.procs_priv ORDER BY User, Host, Db, Routine_name;
         SELECT * FROM mysql.roles_mapping ORDER BY User, Host, Role;
         SELECT * FROM mysql.rds_configuration ORDER BY name;" | md5sum
}

PROXY_PID=""
stop_proxy() {
  if [ -n "$PROXY_PID" ]; then
    kill "$PROXY_PID" 2>/dev/null || true
    wait "$PROXY_PID" 2>/dev/null || true
    PROXY_PID=""
  fi
}
# start_proxy target-port args...: sets PROXY_PORT, PROXY_LOG
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
trap 'stop_proxy; rm -rf "$TMP"' EXIT
