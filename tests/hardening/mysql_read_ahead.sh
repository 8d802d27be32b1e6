#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A source slower than its target (snapshot.h, the spool), the MariaDB
# twin of pg_read_ahead.sh: the source is reached through
# tcp_cut_proxy.py --delay, which holds its accounts query a second, so
# the target reads its accounts and grants and sets them aside before the
# source has any. The plan must be byte for byte the one made without the
# delay, in every format, and the log must say rows were set aside.
. "$(dirname "$0")/lib.sh"
reset_servers
for side in src_sql tgt_sql; do
  $side -e "CREATE DATABASE ra1; CREATE TABLE ra1.t (id int, c int);
            CREATE DATABASE ra2; CREATE ROLE ra_role;"
done
# 400 accounts on both sides; the target misses some, has others of its
# own, and differs in limits, roles and grants at every level.
seed() {  # side first last every
  local side=$1 first=$2 last=$3 every=$4 i
  for ((i = first; i <= last; i++)); do
    echo "CREATE USER 'ra_$i'@'%' IDENTIFIED BY 'Ahead-$i'
            WITH MAX_USER_CONNECTIONS $(( i % every == 0 ? 7 : 3 ));"
    if (( i % 3 == 0 )); then echo "GRANT ra_role TO 'ra_$i'@'%';"; fi
    if (( i % every == 1 )); then
      echo "GRANT SELECT ON ra1.* TO 'ra_$i'@'%';
            GRANT INSERT ON ra1.t TO 'ra_$i'@'%';
            GRANT UPDATE (c) ON ra1.t TO 'ra_$i'@'%';"
    fi
    if (( i % 7 == 0 )); then echo "GRANT PROCESS ON *.* TO 'ra_$i'@'%';"; fi
  done | $side
}
seed src_sql 1 400 5
seed tgt_sql 21 420 9

URI() { echo "mysql://admin@127.0.0.1:$1?ssl-mode=DISABLED"; }
for fmt in text json sql; do
  expect_same_plan_held_back $fmt --match "mysql\\.global_priv" --delay 1
done
# The plan holds every kind the seed made differ: the check above would
# pass trivially on an empty plan.
for kind in create_user alter_user grant_role grant revoke; do
  if jq -e --arg k "$kind" '[.actions[] | select(.kind == $k)] | length > 0' \
       "$TMP/direct.json" >/dev/null; then ok "the plan has $kind actions"
  else not_ok "the plan has no $kind action"; fi
done
finish
