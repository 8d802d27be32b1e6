#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# PostgreSQL fault injection: the target connection is cut (through
# tcp_cut_proxy.py --protocol pg) after the k-th statement of an apply,
# for every k of a plan of at least 20 statements that writes over more
# than one session (roles on the main one, privileges in two databases on
# their own). Each time the run exits non-zero and its JSON report names
# what was applied, what failed and what did not run; the source is
# unchanged (checksum of every catalog rdsclone reads); a direct apply
# then converges and the following plan exits 0.
HERE_H=$(cd "$(dirname "$0")" && pwd)
. "$HERE_H/../integration/lib_pg.sh"
. "$HERE_H/proxy.sh"
trap 'stop_proxy; rm -rf "$TMP"' EXIT
command -v jq >/dev/null || { echo "SKIP: jq missing"; exit 77; }
reset_servers

DBS="app app2"
make_dbs() {  # run: the databases and objects DMS would have brought
  local run=$1 db
  for db in $DBS; do
    $run -c "CREATE DATABASE $db"
    $run $db -c "CREATE SCHEMA s; CREATE TABLE s.orders (id int);
                 CREATE SEQUENCE s.ids"
  done
}
make_dbs src_psql
make_dbs tgt_psql
src_psql -c "CREATE ROLE fc_group NOLOGIN"
for i in $(seq 1 8); do
  src_psql -c "CREATE ROLE fc_$i LOGIN PASSWORD 'Cut-Secret-$i' CONNECTION LIMIT $i"
done
src_psql -c "GRANT fc_group TO fc_1, fc_2, fc_3, fc_4;
             ALTER ROLE fc_1 SET statement_timeout = '7s';
             ALTER ROLE fc_2 IN DATABASE app SET work_mem = '4MB';
             REVOKE TEMPORARY ON DATABASE app FROM PUBLIC"
for db in $DBS; do
  src_psql $db -c "GRANT USAGE ON SCHEMA s TO fc_group;
                   GRANT SELECT, INSERT ON s.orders TO fc_group;
                   GRANT USAGE ON SEQUENCE s.ids TO fc_5;
                   ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT ON TABLES TO fc_6"
done

# Every catalog rdsclone reads on the source, as the server holds it.
checksum() {
  local db
  {
    src_psql -c "SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb,
                        rolcanlogin, rolreplication, rolbypassrls, rolconnlimit,
                        rolvaliduntil, rolpassword FROM pg_authid ORDER BY 1;
                 SELECT r.rolname, m.rolname, a.admin_option
                   FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid
                   JOIN pg_roles m ON m.oid = a.member ORDER BY 1, 2;
                 SELECT setrole::regrole, setdatabase, setconfig
                   FROM pg_db_role_setting ORDER BY 1, 2;
                 SELECT datname, datacl FROM pg_database ORDER BY 1"
    for db in postgres $DBS; do
      src_psql $db -c "SELECT nspname, nspacl FROM pg_namespace ORDER BY 1;
                       SELECT oid::regclass, relacl FROM pg_class WHERE relacl IS NOT NULL ORDER BY 1;
                       SELECT oid::regprocedure, proacl FROM pg_proc WHERE proacl IS NOT NULL ORDER BY 1;
                       SELECT defaclrole, defaclnamespace, defaclobjtype, defaclacl
                         FROM pg_default_acl ORDER BY 1, 2, 3"
    done
  } | md5sum
}
src_before=$(checksum)
reset_target() { reset_pg tgt_psql; make_dbs tgt_psql; }

run plan "${PAIR[@]}" --format json
expect_rc 2 "plan finds the changes"
N=$(jq '[.actions[] | select(.kind != "skip")] | length' "$TMP/out")
if [ "$N" -ge 20 ]; then ok "plan has $N statements (>= 20)"; else not_ok "plan has only $N statements"; fi
ndb=$(jq '[.actions[] | select(.sql != null and (.object | test("in database")))] | length' "$TMP/out")
if [ "$ndb" -ge 4 ]; then ok "$ndb of them run in the databases' own sessions"; else not_ok "only $ndb statements in database sessions"; fi
# The statements rdsclone writes; its own reads (SELECT) do not match,
# nor pg_try_advisory_lock.
PYRE='^\s*(CREATE|GRANT|REVOKE|ALTER|DROP)\b'
PROXIED_URI() { echo "postgresql://postgres@127.0.0.1:$1/postgres?sslmode=disable&gssencmode=disable"; }

for k in $(seq 1 "$N"); do
  reset_target
  when=after; [ $((k % 2)) -eq 0 ] && when=before   # both sides of the cut
  start_proxy "$TGT_PORT" --protocol pg --cut-after "$k" --match "$PYRE" --when $when
  run apply --source "$SRC_URI" --target "$(PROXIED_URI "$PROXY_PORT")" --format json
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
  # the proxy cut the statement the report says failed
  failed_sql=$(jq -r "[.actions[] | select(.kind != \"skip\")][$((k - 1))].sql // \"\"" "$TMP/out" 2>/dev/null)
  cut_sql=$(sed -n 's/^cut_query //p' "$PROXY_LOG")
  if [ -n "$failed_sql" ] && [ "${failed_sql:0:60}" == "${cut_sql:0:60}" ]; then
    ok "k=$k: the failed statement is the one cut"
  elif [[ "$failed_sql" == *"<redacted>"* ]] && [ "${failed_sql%%PASSWORD*}" == "${cut_sql%%PASSWORD*}" ]; then
    ok "k=$k: the failed statement is the one cut (secret redacted)"
  else
    not_ok "k=$k: failed '$failed_sql' but the proxy cut '$cut_sql'"
  fi
  err=$(jq -r "[.actions[] | select(.kind != \"skip\")][$((k - 1))].error // \"\"" "$TMP/out" 2>/dev/null)
  if [[ "$err" =~ (server closed the connection|connection).*connection\ lost ]]; then
    ok "k=$k: the failed statement carries libpq's error and says the connection was lost"
  else not_ok "k=$k: error text for the failed statement: '$err'"; fi
  expect_no "Cut-Secret" "$TMP/out" "k=$k: no password in the report"
  expect_eq "$(checksum)" "$src_before" "k=$k: the source is unchanged"
  run apply "${PAIR[@]}"
  expect_rc 0 "k=$k: a direct apply converges"
  run plan "${PAIR[@]}"
  expect_rc 0 "k=$k: the following plan finds nothing"
done
finish
