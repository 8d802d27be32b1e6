#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Fault injection: the target connection is cut after the k-th statement of
# an apply, for every k of a plan of at least 20 statements. Each time the
# run exits non-zero and its JSON report names what was applied, what
# failed and what did not run; the source is unchanged; a direct apply then
# converges and the following plan exits 0.
. "$(dirname "$0")/lib.sh"
reset_servers
src_sql -e "CREATE DATABASE app; CREATE DATABASE app2;"
tgt_sql -e "CREATE DATABASE app; CREATE DATABASE app2;"
for i in $(seq 1 12); do
  src_sql -e "CREATE USER 'fc_$i'@'%' IDENTIFIED BY 'Cut-Secret-$i';
              GRANT SELECT, INSERT ON app.* TO 'fc_$i'@'%';"
done
for i in 1 2 3; do src_sql -e "GRANT UPDATE ON app2.* TO 'fc_$i'@'%';"; done
src_before=$(checksum src_root)
reset_target() { reset_side tgt_root; tgt_sql -e "CREATE DATABASE app; CREATE DATABASE app2;"; }

run plan "${PAIR[@]}" --format json
expect_rc 2 "plan finds the changes"
N=$(jq '[.actions[] | select(.kind != "skip")] | length' "$TMP/out")
if [ "$N" -ge 20 ]; then ok "plan has $N statements (>= 20)"; else not_ok "plan has only $N statements"; fi
# The statements rdsclone writes; its own reads (SELECT, SHOW, CALL
# mysql.rds_show_configuration) and GET_LOCK do not match.
WRITES='^[[:space:]]*(CREATE|GRANT|REVOKE|ALTER|DROP|SET DEFAULT ROLE|CALL mysql\.rds_set_configuration)'
PYRE='^\s*(CREATE|GRANT|REVOKE|ALTER|DROP|SET DEFAULT ROLE|CALL mysql\.rds_set_configuration)'
PROXIED=(--source "$SRC_URI" --target "mysql://admin@127.0.0.1:PORT?ssl-mode=DISABLED")

for k in $(seq 1 "$N"); do
  reset_target
  when=after; [ $((k % 2)) -eq 0 ] && when=before   # both sides of the cut
  start_proxy "$TGT_PORT" --cut-after "$k" --match "$PYRE" --when $when
  run apply --source "$SRC_URI" \
    --target "mysql://admin@127.0.0.1:$PROXY_PORT?ssl-mode=DISABLED" --format json
  stop_proxy
  cut=$(awk '$1=="cut"{print $2}' "$PROXY_LOG")
  [ "$cut" = 1 ] || { not_ok "k=$k: the proxy never cut"; continue; }
  if [ "$RC" -eq 0 ]; then not_ok "k=$k ($when): apply exited 0 after a cut"; continue; fi
  st=$(jq -r '[.actions[] | select(.kind != "skip") | .status] | join(" ")' "$TMP/out" 2>/dev/null || echo "no-json")
  want=$(for ((i = 1; i <= N; i++)); do
           if [ $i -lt $k ]; then echo applied; elif [ $i -eq $k ]; then echo failed; else echo not_run; fi
         done | paste -sd' ')
  if [ "$st" == "$want" ]; then
    ok "k=$k ($when): exit $RC; $((k - 1)) applied, statement $k failed, $((N - k)) not run"
  else
    not_ok "k=$k ($when): statuses differ"; echo "  got:  $st"; echo "  want: $want"
  fi
  err=$(jq -r "[.actions[] | select(.kind != \"skip\")][$((k - 1))].error // \"\"" "$TMP/out" 2>/dev/null)
  if [ -n "$err" ]; then ok "k=$k: the failed statement carries the error ($err)"; else not_ok "k=$k: no error text for the failed statement"; fi
  expect_eq "$(checksum src_root)" "$src_before" "k=$k: the source is unchanged"
  run apply "${PAIR[@]}"
  expect_rc 0 "k=$k: a direct apply converges"
  run plan "${PAIR[@]}"
  expect_rc 0 "k=$k: the following plan finds nothing"
done
finish
