#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Two concurrent applies on one target: each exits 0 or 75, never both
# write (the target's general log shows every write from one connection,
# and no statement is applied twice). A statement the target refuses for
# a missing privilege is reported with the server's error.
. "$(dirname "$0")/lib.sh"
reset_servers
src_sql -e "CREATE DATABASE app;"; tgt_sql -e "CREATE DATABASE app;"
for i in $(seq 1 12); do
  src_sql -e "CREATE USER 'cc_$i'@'%' IDENTIFIED BY 'Conc-$i'; GRANT SELECT ON app.* TO 'cc_$i'@'%';"
done
run plan "${PAIR[@]}" --format json
N=$(jq '.summary.total' "$TMP/out")

tgt_root -e "SET GLOBAL log_output='TABLE'; TRUNCATE mysql.general_log; SET GLOBAL general_log=1;"
set +e
"$RDSCLONE" apply "${PAIR[@]}" --format json >"$TMP/a.json" 2>"$TMP/a.err" & pa=$!
"$RDSCLONE" apply "${PAIR[@]}" --format json >"$TMP/b.json" 2>"$TMP/b.err" & pb=$!
wait $pa; ra=$?; wait $pb; rb=$?
set -e
tgt_root -e "SET GLOBAL general_log=0;"
case "$ra/$rb" in
  0/75|75/0) ok "concurrent applies: one exits 75 ($ra/$rb)" ;;
  0/0) ok "concurrent applies did not overlap; both exit 0" ;;
  *) not_ok "concurrent applies exit $ra/$rb"; cat "$TMP/a.err" "$TMP/b.err" ;;
esac
for f in a b; do
  if [ "$(eval echo \$r$f)" = 75 ]; then
    if grep -q "lock" "$TMP/$f.err"; then ok "the waiting run names the lock"; else not_ok "exit 75 without a message"; fi
  fi
done
applied=$(cat "$TMP/a.json" "$TMP/b.json" | jq -s '[.[] | .summary.applied // 0] | add')
expect_eq "$applied" "$N" "the $N statements were applied exactly once in all"
writers=$(tgt_root -e "SELECT COUNT(DISTINCT thread_id) FROM mysql.general_log
  WHERE command_type='Query' AND (argument LIKE 'CREATE USER%' OR argument LIKE 'GRANT %')")
expect_eq "$writers" "1" "the general log shows one writing connection"
tgt_root -e "TRUNCATE mysql.general_log;"
run plan "${PAIR[@]}"
expect_rc 0 "after both, the target is in sync"

# refused: the target account lacks CREATE USER
reset_servers
src_sql -e "CREATE USER 'rf_1'@'%' IDENTIFIED BY 'Refused-1';"
tgt_root -e "CREATE USER 'weak'@'127.0.0.1' IDENTIFIED BY 'weakpw';
             GRANT SELECT ON *.* TO 'weak'@'127.0.0.1';"
RDSCLONE_TARGET_PASSWORD=weakpw run apply --source "$SRC_URI" \
  --target "mysql://weak@127.0.0.1:$TGT_PORT" --format json
expect_rc 1 "an apply whose statement the target refuses exits 1"
e=$(jq -r '[.actions[] | select(.status=="failed")][0].error // ""' "$TMP/out")
case $e in
  *1227*|*denied*|*CREATE\ USER*) ok "the failed action carries the server's error: $e" ;;
  *) not_ok "no server error on the refused statement: '$e'" ;;
esac
RDSCLONE_TARGET_PASSWORD=weakpw run apply --source "$SRC_URI" --target "mysql://weak@127.0.0.1:$TGT_PORT"
expect_err "1227|denied|CREATE USER" "the text report's stderr names the server's error"
finish
