#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A source slower than its target (snapshot.h, the spool): the source is
# reached through tcp_cut_proxy.py --delay, which holds its roles query a
# second. Meanwhile the target reads its roles, memberships, settings and
# databases and sets them aside; the databases, which the read itself
# looks up, are settled before the reads in each database. The plan must
# be byte for byte the one made without the delay, in every format, and
# the log must say rows were set aside.
HERE_H=$(cd "$(dirname "$0")" && pwd)
. "$HERE_H/../integration/lib_pg.sh"
. "$HERE_H/proxy.sh"
trap 'stop_proxy; rm -rf "$TMP"' EXIT
reset_servers

DBS="ra1 ra2"
for side in src_psql tgt_psql; do
  for db in $DBS; do
    $side -c "CREATE DATABASE $db"
    $side $db -c "CREATE SCHEMA s; CREATE TABLE s.t (id int)"
  done
  $side -c "CREATE ROLE ra_group NOLOGIN"
done
# 400 roles on both sides; the target misses some, has others of its own,
# and differs in attributes, memberships, settings and grants.
seed() {  # side first last every
  local side=$1 first=$2 last=$3 every=$4 i
  {
    for ((i = first; i <= last; i++)); do
      echo "CREATE ROLE ra_$i LOGIN CONNECTION LIMIT $(( i % every == 0 ? 7 : 3 ));"
      if (( i % 3 == 0 )); then echo "GRANT ra_group TO ra_$i;"; fi
      if (( i % every == 1 )); then
        echo "ALTER ROLE ra_$i SET work_mem = '${every}MB';"
      fi
      if (( i % 7 == 0 )); then
        echo "ALTER ROLE ra_$i IN DATABASE ra1 SET search_path = s;"
      fi
    done
  } | $side >/dev/null
  for db in $DBS; do
    for ((i = first; i <= last; i += every)); do
      echo "GRANT SELECT ON s.t TO ra_$i; GRANT USAGE ON SCHEMA s TO ra_$i;"
    done | $side $db >/dev/null
  done
}
seed src_psql 1 400 5
seed tgt_psql 21 420 9

URI() { echo "postgresql://postgres@127.0.0.1:$1/postgres?sslmode=disable&gssencmode=disable"; }
for fmt in text json sql; do
  expect_same_plan_held_back $fmt --protocol pg --match "FROM pg_authid" --delay 1
done
# The plan holds every kind the seed made differ (settings are
# alter_user): the check above would pass trivially on an empty plan.
for kind in create_role alter_user grant_role grant; do
  if jq -e --arg k "$kind" '[.actions[] | select(.kind == $k)] | length > 0' \
       "$TMP/direct.json" >/dev/null; then ok "the plan has $kind actions"
  else not_ok "the plan has no $kind action"; fi
done
finish
