#!/usr/bin/env bash
# The main job on local throw-away servers: two MariaDB servers on
# 127.0.0.1 play the old replica (source) and the re-created one (target).
# Accounts, grants, roles and binlog retention exist only on the source;
# rdsclone shows the plan, applies it, and a second plan finds nothing.
# Everything started here is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j"$(nproc)" --target rdsclone-cli >/dev/null
RDSCLONE=$PWD/build/agent/rdsclone
H=$PWD/tests/harness/mariadb_server.sh
RUN=$(mktemp -d /tmp/rdsclone-demo.XXXXXX)
trap '$H stop "$RUN/old" >/dev/null 2>&1; $H stop "$RUN/new" >/dev/null 2>&1; rm -rf "$RUN"' EXIT
$H start "$RUN/old" 2>/dev/null
$H start "$RUN/new" 2>/dev/null
OLD=$(. "$RUN/old/env"; echo "$MARIADB_URI")
NEW=$(. "$RUN/new/env"; echo "$MARIADB_URI")
# seeded as the account rdsclone uses, as an RDS master user would
old_sql() { mariadb --no-defaults -h127.0.0.1 -P"$(. "$RUN/old/env"; echo "$MARIADB_PORT")" -uadmin -padminpw "$@"; }
new_sql() { mariadb --no-defaults -h127.0.0.1 -P"$(. "$RUN/new/env"; echo "$MARIADB_PORT")" -uadmin -padminpw "$@"; }

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
step "seeding the old replica (source) and the new one (target)"
for s in old_sql new_sql; do
  $s -e "CREATE DATABASE shop; CREATE TABLE shop.orders (id INT, note TEXT);"
done
old_sql -e "
  CREATE USER 'shop_app'@'10.%' IDENTIFIED BY 'app-password';
  GRANT SELECT, INSERT, UPDATE ON shop.* TO 'shop_app'@'10.%';
  CREATE USER 'report'@'%' IDENTIFIED BY 'report-password'
    WITH MAX_USER_CONNECTIONS 3;
  CREATE ROLE auditor; GRANT SELECT (id) ON shop.orders TO auditor;
  GRANT auditor TO 'report'@'%'; SET DEFAULT ROLE auditor FOR 'report'@'%';
  CALL mysql.rds_set_configuration('binlog retention hours', 72);"
# drift on the target: an extra privilege the source does not have
new_sql -e "CREATE USER 'report'@'%' IDENTIFIED BY 'old';
            GRANT DELETE ON shop.* TO 'report'@'%';"
export RDSCLONE_SOURCE_PASSWORD=adminpw RDSCLONE_TARGET_PASSWORD=adminpw

step "rdsclone plan --source $OLD --target $NEW"
set +e
"$RDSCLONE" plan --source "$OLD" --target "$NEW"
echo "(exit $? : 2 means changes are pending)"
step "rdsclone apply"
"$RDSCLONE" apply --source "$OLD" --target "$NEW"
echo "(exit $?)"
step "rdsclone plan again"
"$RDSCLONE" plan --source "$OLD" --target "$NEW"
rc=$?
set -e
echo "(exit $rc : 0 means in sync)"
step "the new replica's own view"
new_sql -e "SHOW GRANTS FOR 'report'@'%'; CALL mysql.rds_show_configuration;"
exit "$rc"
