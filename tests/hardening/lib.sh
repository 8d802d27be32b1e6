# SPDX-License-Identifier: Apache-2.0
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

. "$HERE_H/proxy.sh"
trap 'stop_proxy; rm -rf "$TMP"' EXIT
