#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The DMS route (issue 17, docs/dms.md): dms-prepare, a load that plays
# DMS (COPY of every table, out of order, children first, rows reversed),
# dms-finish, then independent checks: the target's schema equals the
# source's (pg_dump --schema-only when both servers are 15, the client's
# version; else, and always, a catalog query of every table's columns,
# constraints with their validated/deferrable state (NOT NULL as the
# column's attnotnull: 18 also keeps it in pg_constraint), indexes, triggers
# with their enabled state and sequences' parameters), every sequence's
# nextval on the target beyond what the source handed out, the accounts
# reconciled. Then the failure modes: re-runs converge, a violation
# stays saved and exits 1, saved state plus a new key stops prepare, a
# finish killed between ADD NOT VALID and VALIDATE converges, prepare
# and finish killed (SIGKILL) while blocked mid-run converge, the lock
# (75), a MySQL URI of a closed port (1).
. "$(dirname "$0")/lib_pg.sh"
. "$(dirname "$0")/lib_pg_dms.sh"

# --- prepare -----------------------------------------------------------
run dms-prepare "${PAIR[@]}" --dry-run --format json
expect_rc 2 "prepare --dry-run: changes planned"
if python3 - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
objs = d["objects"]
fks = sorted(o["name"] for o in objs if o["kind"] == "foreign_key")
trg = sorted(o["name"] for o in objs if o["kind"] == "trigger")
assert d["dry_run"] is True, d["dry_run"]
assert fks == ["customer_country_fk", "employee_manager_fk", "legacy_customer_fk",
               "line_order_fk", "orders_customer_fk"], fks
assert trg == ["line_always", "orders_row", "orders_stmt"], trg
for o in objs:
    assert o["status"] == "planned" and o["database"] == "dmsshop", o
    assert o["schema"] and o["table"] and o["sql"] and o["action"], o
PY
then ok "prepare --dry-run JSON: every key and enabled trigger, with its fields"
else not_ok "prepare --dry-run JSON objects"; fi
expect_eq "$(fk_count)" 5 "dry run changed nothing"
expect_eq "$(saved)" "(none)" "dry run saved nothing"

run dms-prepare "${PAIR[@]}" --dry-run --format sql --database postgres
expect_rc 0 "prepare --dry-run of the database postgres only: nothing there"
expect_no "DROP CONSTRAINT" "$TMP/out" "--database postgres leaves $DB out"
run dms-prepare "${PAIR[@]}" --dry-run --format sql --databases "$DB"
expect_rc 2 "prepare --dry-run --format sql"
expect_out '^\\connect "dmsshop"$' "the script connects to the database"
expect_out '^ALTER TABLE sales.order_line DROP CONSTRAINT line_order_fk;$' "the script drops the key"
expect_out '^ALTER TABLE sales.orders DISABLE TRIGGER orders_row;$' "the script disables the trigger"

FKDEF_BEFORE=$(tgt_psql $DB -c "SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), E'\n' ORDER BY conname) FROM pg_constraint WHERE contype = 'f'")
run dms-prepare "${PAIR[@]}"
expect_rc 0 "prepare"
expect_eq "$(fk_count)" 0 "prepare dropped every foreign key"
expect_eq "$(trigger_states tgt_psql)" "customer_row=D,line_always=D,orders_row=D,orders_stmt=D" "prepare disabled the enabled triggers"
expect_eq "$(saved)" "foreign_key:customer_country_fk,foreign_key:employee_manager_fk,foreign_key:legacy_customer_fk,foreign_key:line_order_fk,foreign_key:orders_customer_fk,trigger:line_always,trigger:orders_row,trigger:orders_stmt" "prepare saved keys and enabled triggers only"
expect_eq "$(tgt_psql $DB -c "SELECT string_agg(object_name || ' ' || definition, E'\n' ORDER BY object_name) FROM rdsclone.dms_saved_constraints WHERE kind = 'foreign_key'")" "$FKDEF_BEFORE" "saved definitions are pg_get_constraintdef's"

run dms-prepare "${PAIR[@]}"
expect_rc 0 "prepare again"
expect_out "0 changed, 0 failed" "prepare again changes nothing"
expect_eq "$(saved | tr ',' '\n' | wc -l)" 8 "prepare again: the saved state as it was"

# --- the load (DMS's part): children first, rows reversed --------------
dms_load
expect_eq "$(tgt_psql $DB -c "SELECT count(*) FROM sales.audit")" "$AUDIT_SRC" "load fired no trigger on the target"

# --- finish ------------------------------------------------------------
run dms-finish "${PAIR[@]}" --dry-run --sequence-margin 10 --format json
expect_rc 2 "finish --dry-run: changes planned"
if python3 - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
seq = {o["name"]: o for o in d["objects"] if o["kind"] == "sequence"}
for n in ("free_seq", "down_seq", "cyc_seq", "step_seq", "orders_id_seq", "customer_id_seq"):
    assert seq[n]["status"] == "planned" and "setval" in seq[n]["sql"], (n, seq.get(n))
assert seq["unused_seq"]["status"] == "unchanged", seq["unused_seq"]
assert d["accounts"] is not None
PY
then ok "finish --dry-run JSON: sequences planned, the unused one not"
else not_ok "finish --dry-run JSON objects"; fi
expect_eq "$(fk_count)" 0 "finish --dry-run changed nothing"

run dms-finish "${PAIR[@]}" --sequence-margin 10
expect_rc 0 "finish"
expect_eq "$(fk_count)" 5 "finish re-created every key"
expect_eq "$(tgt_psql $DB -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'rdsclone'")" 0 "finish dropped the saved state"
expect_eq "$(trigger_states tgt_psql)" "$(trigger_states src_psql)" "triggers as on the source (the disabled one still disabled, ALWAYS kept)"
expect_eq "$(tgt_psql -c "SELECT count(*) FROM pg_roles WHERE rolname = 'dms_reader'")" 1 "finish reconciled the accounts"

# The schema, compared independently of rdsclone.
catalog_equal "schema after the route equal on both sides by the catalog query"
for kind in col rel acl con idx trg seq fn nsp; do
  if grep -q "^$kind " "$TMP/cat_src"; then ok "the catalog comparison covers '$kind' lines"
  else not_ok "the catalog comparison has no '$kind' line"; fi
done
if [ "${SRC_PG_VERSION:0:2}" = 15 ] && [ "${TGT_PG_VERSION:0:2}" = 15 ]; then
  PGPASSWORD=adminpw pg_dump --schema-only -h 127.0.0.1 -p "$SRC_PORT" -U postgres $DB | grep -Ev '^(-- Dumped|\\(un)?restrict )' >"$TMP/dump_src"
  PGPASSWORD=adminpw pg_dump --schema-only -h 127.0.0.1 -p "$TGT_PORT" -U postgres $DB | grep -Ev '^(-- Dumped|\\(un)?restrict )' >"$TMP/dump_tgt"
  if grep -q 'FOREIGN KEY' "$TMP/dump_src" && diff -u "$TMP/dump_src" "$TMP/dump_tgt"; then
    ok "pg_dump --schema-only equal on both sides"
  else not_ok "pg_dump --schema-only differs"; fi
else
  echo "# pg_dump 15 (the client) cannot dump a $SRC_PG_VERSION -> $TGT_PG_VERSION pair: the catalog query (CATALOG_SQL, lib_pg_dms.sh) stands in for pg_dump --schema-only: schemas, relations, columns, constraints with validity/deferrable state, indexes, triggers with enabled state, sequences with every parameter and owner, identity columns, functions, ACLs, event triggers, comments"
fi

# nextval on the target never hands out what the source did.
for s in sales.free_seq sales.down_seq sales.cyc_seq sales.step_seq sales.orders_id_seq sales.customer_id_seq; do
  last=$(src_psql $DB -c "SELECT last_value FROM $s")
  inc=$(src_psql $DB -c "SELECT increment_by FROM pg_sequences WHERE format('%I.%I', schemaname, sequencename) = '$s'")
  next=$(tgt_psql $DB -c "SELECT nextval('$s')")
  if { [ "$inc" -gt 0 ] && [ "$next" -gt "$last" ]; } || { [ "$inc" -lt 0 ] && [ "$next" -lt "$last" ]; }; then
    ok "$s: target's nextval $next is past the source's last $last"
  else not_ok "$s: target's nextval $next, source's last $last (increment $inc)"; fi
done
expect_eq "$(tgt_psql $DB -c "SELECT last_value FROM sales.free_seq")" 16 "margin 10 over the source's 5, then one nextval"

run dms-finish "${PAIR[@]}" --sequence-margin 10
expect_rc 0 "finish again"
expect_out "0 changed, 0 failed" "finish again changes nothing (setval never moves back)"
expect_eq "$(tgt_psql $DB -c "SELECT last_value FROM sales.free_seq")" 16 "finish again left the sequence where it was"

# --- a violation: reported, kept saved, exit 1, then fixed -------------
run dms-prepare "${PAIR[@]}"
expect_rc 0 "prepare for the violation case"
tgt_psql $DB -c "INSERT INTO sales.order_line VALUES (7, 777, 1, 1)"
run dms-finish "${PAIR[@]}"
expect_rc 1 "finish with a violating row"
expect_out "failed +foreign_key dmsshop.sales.order_line.line_order_fk" "the report names the constraint and table"
expect_out "constraint line_order_fk on table sales.order_line" "the detail names them too"
expect_eq "$(saved)" "foreign_key:line_order_fk" "the violated key stays saved, the others restored"
expect_eq "$(fk_count)" 5 "the violated key is on the table NOT VALID, the others too"
tgt_psql $DB -c "DELETE FROM sales.order_line WHERE order_id = 777"
run dms-finish "${PAIR[@]}"
expect_rc 0 "finish after the rows were corrected"
expect_eq "$(tgt_psql $DB -c "SELECT convalidated FROM pg_constraint WHERE conname = 'line_order_fk'")" t "the key is validated now"
expect_eq "$(saved)" "(none)" "and nothing is saved"

# --- saved state plus a new key: prepare says so and stops -------------
run dms-prepare "${PAIR[@]}"
tgt_psql $DB -c "ALTER TABLE sales.legacy ADD CONSTRAINT legacy_new_fk FOREIGN KEY (id) REFERENCES sales.employee(id) NOT VALID"
run dms-prepare "${PAIR[@]}"
expect_rc 1 "prepare with saved state and a new key"
expect_err "foreign keys are saved|objects failed" "prepare says why it stopped"
expect_out "saved in rdsclone.dms_saved_constraints" "the report explains the mixed state"
expect_eq "$(fk_count)" 1 "nothing was dropped"
tgt_psql $DB -c "ALTER TABLE sales.legacy DROP CONSTRAINT legacy_new_fk"

# --- a finish killed between ADD ... NOT VALID and VALIDATE ------------
tgt_psql $DB -c "ALTER TABLE sales.orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES sales.customer(id) ON DELETE CASCADE NOT VALID"
run dms-finish "${PAIR[@]}"
expect_rc 0 "finish after a kill between its statements"
expect_eq "$(tgt_psql $DB -c "SELECT convalidated FROM pg_constraint WHERE conname = 'orders_customer_fk'")" t "the half-restored key is validated"
catalog_equal "schema equal after the re-runs"

# --- --format sql run by hand ends where the command ends --------------
# A DBA may run the plan's SQL with psql instead of the command: with the
# saved table's rows and the transactions in it, a later command finds
# the state it would have left.
run dms-prepare "${PAIR[@]}" --dry-run --format sql
expect_rc 2 "prepare --dry-run --format sql for running by hand"
expect_out "^INSERT INTO rdsclone.dms_saved_constraints " "the prepare script saves what it drops"
if tgt_psql -f "$TMP/out" >/dev/null 2>"$TMP/psql_err"; then ok "psql ran the prepare script"
else not_ok "psql failed on the prepare script: $(head -3 "$TMP/psql_err")"; fi
expect_eq "$(saved)" "foreign_key:customer_country_fk,foreign_key:employee_manager_fk,foreign_key:legacy_customer_fk,foreign_key:line_order_fk,foreign_key:orders_customer_fk,trigger:line_always,trigger:orders_row,trigger:orders_stmt" "the prepare script saved what dms-prepare saves"
expect_eq "$(fk_count)" 0 "the prepare script dropped every key"
expect_eq "$(tgt_psql $DB -c "SELECT string_agg(object_name || ' ' || definition, E'\n' ORDER BY object_name) FROM rdsclone.dms_saved_constraints WHERE kind = 'foreign_key'")" "$FKDEF_BEFORE" "the script saved pg_get_constraintdef's definitions"
run dms-prepare "${PAIR[@]}"
expect_out "0 changed, 0 failed" "dms-prepare after the script finds nothing to do"
tgt_psql $DB -c "ALTER SEQUENCE sales.free_seq RESTART WITH 1"
run dms-finish "${PAIR[@]}" --dry-run --format sql
expect_rc 2 "finish --dry-run --format sql for running by hand"
expect_out "^DELETE FROM rdsclone.dms_saved_constraints " "the finish script deletes the rows it restores"
expect_out "setval\('sales.free_seq'" "the finish script sets the sequence"
if tgt_psql -f "$TMP/out" >/dev/null 2>"$TMP/psql_err"; then ok "psql ran the finish script"
else not_ok "psql failed on the finish script: $(head -3 "$TMP/psql_err")"; fi
expect_eq "$(saved)" "(none)" "the finish script left nothing saved (and dropped the saved table)"
expect_eq "$(tgt_psql $DB -c "SELECT last_value FROM sales.free_seq")" 5 "the finish script set the sequence to the source's last value"
run dms-finish "${PAIR[@]}"
expect_rc 0 "dms-finish after the script"
expect_out "0 changed, 0 failed" "dms-finish after the script finds nothing to do"
catalog_equal "schema equal after the scripts"

# --- real kills (SIGKILL) while a statement waits for a table lock -----
# Another session holds sales.orders; rdsclone blocks on the first
# statement that needs it (keys before it in the same run are done) and
# is killed there; the server ends its sessions once the lock is freed.
rdsclone_waiting() {  # polls up to 10 s for an rdsclone session waiting on a lock
  local i
  for i in $(seq 1 50); do
    [ "$(tgt_psql -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'rdsclone' AND wait_event_type = 'Lock'")" -gt 0 ] && return 0
    sleep 0.2
  done
  return 1
}
rdsclone_gone() {
  local i
  for i in $(seq 1 50); do
    [ "$(tgt_psql -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'rdsclone'")" -eq 0 ] && return 0
    sleep 0.2
  done
  return 1
}
kill_while_blocked() {  # rdsclone-arguments...
  tgt_psql $DB -c "BEGIN; LOCK TABLE sales.orders IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(5); COMMIT" >/dev/null &
  local locker=$! pid
  sleep 0.5
  "$RDSCLONE" "$@" >"$TMP/killed_out" 2>&1 &
  pid=$!
  if rdsclone_waiting; then ok "$1 blocked on the table lock mid-run"
  else not_ok "$1 never waited on the lock"; fi
  kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  wait "$locker"
  if rdsclone_gone; then ok "the killed $1's sessions ended"; else not_ok "the killed $1's sessions linger"; fi
}
kill_while_blocked dms-prepare "${PAIR[@]}"
expect_eq "$(fk_count)" 5 "prepare killed mid-transaction: every key still there"
expect_eq "$(saved)" "(none)" "prepare killed mid-transaction: nothing saved"
run dms-prepare "${PAIR[@]}"
expect_rc 0 "prepare after the kill"
expect_eq "$(fk_count)" 0 "prepare after the kill dropped every key"
kill_while_blocked dms-finish "${PAIR[@]}"
KEPT=$(saved | tr ',' '\n' | grep -c foreign_key || true)
if [ "$KEPT" -gt 0 ] && [ "$KEPT" -lt 5 ]; then ok "finish killed half-way: $KEPT keys still saved"
else not_ok "finish killed half-way: $KEPT keys saved, expected between 1 and 4"; fi
run dms-finish "${PAIR[@]}"
expect_rc 0 "finish after the kill"
expect_eq "$(saved)" "(none)" "finish after the kill: nothing saved"
catalog_equal "schema equal after the killed runs"

# --- a source role that may not read a sequence's last value -----------
# pg_sequences shows NULL then, as for a sequence never used: it must
# fail, not pass for unused.
src_psql -c "CREATE ROLE dms_src LOGIN PASSWORD 'srcpw'"
src_psql $DB -c "GRANT USAGE ON SCHEMA sales TO dms_src; GRANT SELECT ON sales.step_seq TO dms_src"
set +e
RDSCLONE_SOURCE_PASSWORD=srcpw "$RDSCLONE" dms-finish --source "postgresql://dms_src@127.0.0.1:$SRC_PORT/postgres" \
  --target "$TGT_URI" --databases "$DB" --dry-run >"$TMP/out" 2>"$TMP/err"
RC=$?
set -e
expect_rc 1 "finish with sequences the source's role may not read"
expect_out "failed +sequence dmsshop.sales.free_seq: setval \(its last value cannot be read" "an unreadable sequence is a failure, named"
expect_no "sequence dmsshop.sales.step_seq: setval (its last value cannot" "$TMP/out" "a readable one is not"
src_psql $DB -c "REVOKE ALL ON SCHEMA sales FROM dms_src; REVOKE ALL ON sales.step_seq FROM dms_src"
src_psql -c "DROP ROLE dms_src"

# --- the lock, the engine, usage --------------------------------------
tgt_psql -c "SELECT pg_advisory_lock($LOCK_KEY), pg_sleep(4)" >/dev/null &
HOLDER=$!
sleep 1.5
run dms-prepare "${PAIR[@]}"
expect_rc 75 "prepare while another run holds the target's lock"
wait "$HOLDER"
# (MySQL URIs take the MySQL route, mysql_dms_route.sh: closed ports
# are a connection failure)
run dms-prepare --source "mysql://root@127.0.0.1:1" --target "mysql://root@127.0.0.1:2"
expect_rc 1 "prepare with MySQL URIs of closed ports"
expect_err "cannot connect" "says it cannot connect"
run dms-prepare "${PAIR[@]}" --sequence-margin 3
expect_rc 64 "--sequence-margin goes with dms-finish only"
run dms-finish --source "$SRC_URI"
expect_rc 64 "finish without a target"

echo "$CHECKS checks, $FAILS failed"
[ "$FAILS" -eq 0 ]
