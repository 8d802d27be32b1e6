#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A REVOKE of a privilege on a table takes the column privileges of that
# kind with it (the server does so): the plan neither revokes them again
# (the server would refuse: ER_NONEXISTING_TABLE_GRANT) nor grants a
# column privilege of that kind before the table's revoke (it would be
# undone). apply converges in one run.
. "$(dirname "$0")/lib.sh"
reset_servers

for run in src_sql tgt_sql; do
  $run -e "
    CREATE DATABASE app;
    CREATE TABLE app.t (a INT, b INT);
    CREATE TABLE app.s (a INT, b INT);
    CREATE USER 'cu'@'%' IDENTIFIED BY 'c';"
done
src_sql -e "
  GRANT INSERT ON app.s TO 'cu'@'%';
  GRANT SELECT (b) ON app.s TO 'cu'@'%';"
tgt_sql -e "
  GRANT SELECT, UPDATE ON app.t TO 'cu'@'%';
  GRANT SELECT (a), UPDATE (a) ON app.t TO 'cu'@'%';
  GRANT SELECT, INSERT ON app.s TO 'cu'@'%';
  GRANT SELECT (a) ON app.s TO 'cu'@'%';"

run plan "${PAIR[@]}" --format sql
expect_rc 2 "plan finds the drift"
expect_eq "$(grep -v '^--' "$TMP/out" | grep -v '^$')" \
"REVOKE SELECT ON \`app\`.\`s\` FROM \`cu\`@\`%\`;
REVOKE SELECT, UPDATE ON \`app\`.\`t\` FROM \`cu\`@\`%\`;
GRANT SELECT (\`b\`) ON \`app\`.\`s\` TO \`cu\`@\`%\`;" \
  "table revokes only, then the column grant"
run apply "${PAIR[@]}"
expect_rc 0 "apply converges"
run plan "${PAIR[@]}"
expect_rc 0 "second plan finds nothing"
expect_eq "$(tgt_sql -e "SHOW GRANTS FOR 'cu'@'%'" | grep -v USAGE | sort)" \
  "$(src_sql -e "SHOW GRANTS FOR 'cu'@'%'" | grep -v USAGE | sort)" \
  "the grants match"
finish
