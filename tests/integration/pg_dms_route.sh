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
reset_servers
DB=dmsshop
src_psql -c "CREATE DATABASE $DB"
tgt_psql -c "CREATE DATABASE $DB"
LOCK_KEY=7203960375245221198

SCHEMA=$(cat <<'SQL'
CREATE SCHEMA sales; CREATE SCHEMA ref;
CREATE TABLE ref.country (code text PRIMARY KEY, name text);
CREATE TABLE sales.customer (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  country text CONSTRAINT customer_country_fk REFERENCES ref.country(code),
  name text);
CREATE TABLE sales.orders (
  region int, id serial, total numeric,
  customer_id bigint NOT NULL CONSTRAINT orders_customer_fk
    REFERENCES sales.customer(id) ON DELETE CASCADE,
  PRIMARY KEY (region, id));
CREATE TABLE sales.order_line (
  region int, order_id int, line int, qty int,
  PRIMARY KEY (region, order_id, line),
  CONSTRAINT line_order_fk FOREIGN KEY (region, order_id)
    REFERENCES sales.orders(region, id) DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE sales.employee (id int PRIMARY KEY,
  manager_id int CONSTRAINT employee_manager_fk REFERENCES sales.employee(id));
CREATE TABLE sales.legacy (id int PRIMARY KEY, customer_id bigint);
CREATE TABLE sales.audit (n serial PRIMARY KEY, what text);
CREATE FUNCTION sales.audit_row() RETURNS trigger LANGUAGE plpgsql AS
  $$BEGIN INSERT INTO sales.audit(what) VALUES (TG_TABLE_NAME || ' row');
  RETURN NEW; END$$;
CREATE FUNCTION sales.audit_stmt() RETURNS trigger LANGUAGE plpgsql AS
  $$BEGIN INSERT INTO sales.audit(what) VALUES (TG_TABLE_NAME || ' stmt');
  RETURN NULL; END$$;
CREATE TRIGGER orders_row AFTER INSERT ON sales.orders
  FOR EACH ROW EXECUTE FUNCTION sales.audit_row();
CREATE TRIGGER orders_stmt AFTER INSERT ON sales.orders
  FOR EACH STATEMENT EXECUTE FUNCTION sales.audit_stmt();
CREATE TRIGGER line_always AFTER INSERT ON sales.order_line
  FOR EACH ROW EXECUTE FUNCTION sales.audit_row();
ALTER TABLE sales.order_line ENABLE ALWAYS TRIGGER line_always;
CREATE TRIGGER customer_row BEFORE INSERT ON sales.customer
  FOR EACH ROW EXECUTE FUNCTION sales.audit_row();
ALTER TABLE sales.customer DISABLE TRIGGER customer_row;
CREATE SEQUENCE sales.free_seq;
CREATE SEQUENCE sales.down_seq INCREMENT BY -1 MINVALUE -1000000
  MAXVALUE -1 START -1;
CREATE SEQUENCE sales.cyc_seq MINVALUE 1 MAXVALUE 1000 CYCLE;
CREATE SEQUENCE sales.step_seq INCREMENT BY 7 START 100;
CREATE SEQUENCE sales.unused_seq;
SQL
)
src_psql $DB -c "$SCHEMA"
tgt_psql $DB -c "$SCHEMA"
src_psql $DB >/dev/null <<'SQL'
INSERT INTO ref.country VALUES ('DE', 'Germany'), ('FR', 'France');
INSERT INTO sales.customer (country, name)
  SELECT CASE WHEN g % 2 = 0 THEN 'DE' ELSE 'FR' END, 'c' || g
  FROM generate_series(1, 20) g;
INSERT INTO sales.orders (region, total, customer_id)
  SELECT g % 3, g, 1 + g % 20 FROM generate_series(1, 40) g;
INSERT INTO sales.order_line SELECT region, id, l, l FROM sales.orders,
  generate_series(1, 2) l;
INSERT INTO sales.employee VALUES (1, NULL);
INSERT INTO sales.employee SELECT g, g - 1 FROM generate_series(2, 10) g;
INSERT INTO sales.legacy VALUES (1, 3), (2, 9999);
ALTER TABLE sales.legacy ADD CONSTRAINT legacy_customer_fk
  FOREIGN KEY (customer_id) REFERENCES sales.customer(id) NOT VALID;
SELECT nextval('sales.free_seq') FROM generate_series(1, 5);
SELECT nextval('sales.down_seq') FROM generate_series(1, 3);
SELECT nextval('sales.cyc_seq') FROM generate_series(1, 10);
SELECT nextval('sales.step_seq') FROM generate_series(1, 4);
CREATE ROLE dms_reader LOGIN;
GRANT USAGE ON SCHEMA sales TO dms_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA sales TO dms_reader;
SQL
tgt_psql $DB -c "ALTER TABLE sales.legacy ADD CONSTRAINT legacy_customer_fk
  FOREIGN KEY (customer_id) REFERENCES sales.customer(id) NOT VALID"
AUDIT_SRC=$(src_psql $DB -c "SELECT count(*) FROM sales.audit")

fk_count() { tgt_psql $DB -c "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"; }
saved() { tgt_psql $DB -c "SELECT coalesce((SELECT string_agg(kind || ':' || object_name, ',' ORDER BY kind, object_name) FROM rdsclone.dms_saved_constraints), '')" 2>/dev/null || echo "(none)"; }
trigger_states() { "$1" $DB -c "SELECT string_agg(tgname || '=' || tgenabled::text, ',' ORDER BY tgname) FROM pg_trigger WHERE NOT tgisinternal"; }

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
for t in sales.audit sales.order_line sales.orders sales.legacy sales.employee sales.customer ref.country; do
  src_psql $DB -c "COPY (SELECT * FROM $t ORDER BY 1 DESC) TO STDOUT" |
    tgt_psql $DB -c "COPY $t FROM STDIN"
done
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
CATALOG_SQL=$(cat <<'SQL'
SELECT 'col ' || c.oid::regclass || ' ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull || ' ' || a.attidentity::text || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum WHERE n.nspname IN ('sales', 'ref') AND c.relkind = 'r'
UNION ALL SELECT 'con ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' valid=' || convalidated || ' deferrable=' || condeferrable || ' deferred=' || condeferred
  FROM pg_constraint WHERE contype <> 'n' AND connamespace IN (SELECT oid FROM pg_namespace WHERE nspname IN ('sales', 'ref'))
UNION ALL SELECT 'idx ' || pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid IN (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('sales', 'ref'))
UNION ALL SELECT 'trg ' || pg_get_triggerdef(oid) || ' ' || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal
UNION ALL SELECT 'seq ' || schemaname || '.' || sequencename || ' ' || increment_by || ' ' || min_value || ' ' || max_value || ' ' || start_value || ' ' || cycle FROM pg_sequences
UNION ALL SELECT 'nsp ' || nspname FROM pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'
ORDER BY 1
SQL
)
src_psql $DB -c "$CATALOG_SQL" >"$TMP/cat_src"
tgt_psql $DB -c "$CATALOG_SQL" >"$TMP/cat_tgt"
if [ -s "$TMP/cat_src" ] && diff -u "$TMP/cat_src" "$TMP/cat_tgt"; then
  ok "catalog definitions equal on both sides ($(wc -l <"$TMP/cat_src") lines)"
else not_ok "catalog definitions differ"; fi
if [ "${SRC_PG_VERSION:0:2}" = 15 ] && [ "${TGT_PG_VERSION:0:2}" = 15 ]; then
  PGPASSWORD=adminpw pg_dump --schema-only -h 127.0.0.1 -p "$SRC_PORT" -U postgres $DB | grep -Ev '^(-- Dumped|\\(un)?restrict )' >"$TMP/dump_src"
  PGPASSWORD=adminpw pg_dump --schema-only -h 127.0.0.1 -p "$TGT_PORT" -U postgres $DB | grep -Ev '^(-- Dumped|\\(un)?restrict )' >"$TMP/dump_tgt"
  if grep -q 'FOREIGN KEY' "$TMP/dump_src" && diff -u "$TMP/dump_src" "$TMP/dump_tgt"; then
    ok "pg_dump --schema-only equal on both sides"
  else not_ok "pg_dump --schema-only differs"; fi
else
  echo "# pg_dump 15 (the client) cannot dump a $TGT_PG_VERSION server: the catalog query above stands for it"
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
tgt_psql $DB -c "$CATALOG_SQL" >"$TMP/cat_tgt"
if diff -u "$TMP/cat_src" "$TMP/cat_tgt" >/dev/null; then ok "schema equal after the re-runs"; else not_ok "schema differs after the re-runs"; diff -u "$TMP/cat_src" "$TMP/cat_tgt" | head -20; fi

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
tgt_psql $DB -c "$CATALOG_SQL" >"$TMP/cat_tgt"
if diff -u "$TMP/cat_src" "$TMP/cat_tgt" >/dev/null; then ok "schema equal after the killed runs"; else not_ok "schema differs after the killed runs"; diff -u "$TMP/cat_src" "$TMP/cat_tgt" | head -20; fi

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
