# SPDX-License-Identifier: Apache-2.0
# Shared helpers for the MySQL-family integration tests. Sourced by each
# test script; expects RDSCLONE (the binary) and RUN_DIR (where the CTest
# fixture started the servers: RUN_DIR/src and RUN_DIR/tgt) in the
# environment. Each test starts by resetting both servers to a blank
# catalog, so tests are independent (they run one at a time: RESOURCE_LOCK).
set -euo pipefail

: "${RDSCLONE:?RDSCLONE must name the rdsclone binary}"
: "${RUN_DIR:?RUN_DIR must name the run directory of the servers}"

for side in src tgt; do
  if [ ! -f "$RUN_DIR/$side/env" ]; then
    echo "SKIP: the $side MariaDB server is not running (fixture failed)"
    exit 77
  fi
done
SRC_PORT=$(. "$RUN_DIR/src/env"; echo "$MARIADB_PORT")
TGT_PORT=$(. "$RUN_DIR/tgt/env"; echo "$MARIADB_PORT")
SRC_SOCK="$RUN_DIR/src/mysqld.sock"
TGT_SOCK="$RUN_DIR/tgt/mysqld.sock"
SRC_URI="mysql://admin@127.0.0.1:$SRC_PORT"
TGT_URI="mysql://admin@127.0.0.1:$TGT_PORT"
export RDSCLONE_SOURCE_PASSWORD=adminpw RDSCLONE_TARGET_PASSWORD=adminpw
PAIR=(--source "$SRC_URI" --target "$TGT_URI")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/check.sh"

# SQL as the harness's admin over TCP (the account rdsclone uses), so roles
# created here have the same creator on both sides.
src_sql() { mariadb --no-defaults -h127.0.0.1 -P"$SRC_PORT" -uadmin -padminpw -N -B "$@"; }
tgt_sql() { mariadb --no-defaults -h127.0.0.1 -P"$TGT_PORT" -uadmin -padminpw -N -B "$@"; }
src_root() { mariadb --no-defaults -S "$SRC_SOCK" -uroot -N -B "$@"; }
tgt_root() { mariadb --no-defaults -S "$TGT_SOCK" -uroot -N -B "$@"; }

# Drops every account but the harness's own (accounts named PUBLIC
# included), every test database, whatever was granted to PUBLIC (the
# server's own role, which cannot be dropped: its rows are deleted) and
# the harness admin's PROXY grants, and resets binlog retention.
reset_side() {
  local run=$1 stmts
  stmts=$($run -r -e "
    SELECT CONCAT(IF(is_role='Y','DROP ROLE ','DROP USER '),
                  QUOTE(User), IF(is_role='Y','',CONCAT('@',QUOTE(Host))), ';')
      FROM mysql.user
     WHERE User NOT IN ('root','admin','mariadb.sys','mysql')
       AND NOT (User = 'PUBLIC' AND Host = '');
    SELECT CONCAT('DROP DATABASE \`', REPLACE(SCHEMA_NAME,'\`','\`\`'), '\`;')
      FROM information_schema.SCHEMATA
     WHERE SCHEMA_NAME NOT IN ('mysql','information_schema',
                               'performance_schema','sys');")
  $run -e "$stmts
    DELETE FROM mysql.global_priv WHERE User = 'PUBLIC' AND Host = '';
    DELETE FROM mysql.db WHERE User = 'PUBLIC' AND Host = '';
    DELETE FROM mysql.tables_priv WHERE User = 'PUBLIC' AND Host = '';
    DELETE FROM mysql.columns_priv WHERE User = 'PUBLIC' AND Host = '';
    DELETE FROM mysql.procs_priv WHERE User = 'PUBLIC' AND Host = '';
    DELETE FROM mysql.roles_mapping WHERE User = 'PUBLIC' AND Host = '';
    DELETE FROM mysql.proxies_priv
     WHERE (User = 'PUBLIC' AND Host = '') OR User = 'admin';
    SET GLOBAL read_only = 0;
    FLUSH PRIVILEGES;
    CALL mysql.rds_set_configuration('binlog retention hours', NULL);"
}
reset_servers() { reset_side src_root; reset_side tgt_root; }

# SHOW GRANTS / SHOW CREATE USER of an account on one side (the servers'
# own view, independent of rdsclone).
grants_of() {  # run user host
  $1 -e "SHOW CREATE USER $2; SHOW GRANTS FOR $2;" | sort
}
