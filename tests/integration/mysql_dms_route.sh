#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The DMS route on MariaDB (issue 17): dms-prepare saves and drops the
# target's foreign keys (composite, self-referencing, cross-database,
# ON DELETE CASCADE, ON UPDATE SET NULL) and triggers (BEFORE/AFTER,
# three on one event ordered with FOLLOWS/PRECEDES, a compound body, a
# sql_mode of its own, a latin1 client's, a definer only the target
# has; a table, key and trigger with backticks, quotes and backslashes
# in their names); the DMS load is played by inserting every table's
# rows children first and in reverse; dms-finish puts keys and triggers
# back, moves AUTO_INCREMENT counters and sequences (a stepped CYCLE one
# that wrapped, a descending one, an unused one) past the source's and
# reconciles the accounts. Then the servers' own SHOW CREATE
# TABLE/TRIGGER/SEQUENCE of both sides are compared, and the next
# insert/NEXTVAL on the target checked against what the source handed
# out. Also: dry runs change nothing, re-runs do nothing twice, kill -9
# while blocked on a metadata lock the test holds on each table in turn
# (the blocked statement aborted or completed afterwards) converges, a
# violation is reported and stays saved, saved state plus a new key is
# refused, more tables cost the source no query more, and the lock.
. "$(dirname "$0")/lib.sh"
reset_servers

SCHEMA="
CREATE DATABASE app; CREATE DATABASE ref;
CREATE TABLE ref.country (code CHAR(2) PRIMARY KEY, name VARCHAR(50));
CREATE TABLE app.region (a INT, b INT, label VARCHAR(20), PRIMARY KEY (a, b),
  KEY ba (b, a));
CREATE TABLE app.customer (id INT AUTO_INCREMENT PRIMARY KEY,
  country CHAR(2), referrer INT NULL, name VARCHAR(50),
  CONSTRAINT fk_customer_country FOREIGN KEY (country)
    REFERENCES ref.country (code) ON UPDATE CASCADE,
  CONSTRAINT fk_customer_referrer FOREIGN KEY (referrer)
    REFERENCES app.customer (id) ON DELETE SET NULL);
CREATE TABLE app.orders (id BIGINT AUTO_INCREMENT PRIMARY KEY,
  customer_id INT NOT NULL, note VARCHAR(100),
  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id)
    REFERENCES app.customer (id) ON DELETE CASCADE);
CREATE TABLE app.shipment (id INT AUTO_INCREMENT PRIMARY KEY,
  order_id BIGINT, ra INT NULL, rb INT NULL,
  CONSTRAINT fk_shipment_order FOREIGN KEY (order_id)
    REFERENCES app.orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_shipment_region FOREIGN KEY (rb, ra)
    REFERENCES app.region (b, a) ON DELETE RESTRICT ON UPDATE SET NULL)
  AUTO_INCREMENT = 50;
CREATE TABLE app.audit (id INT AUTO_INCREMENT PRIMARY KEY,
  what VARCHAR(100));
CREATE TABLE app.\`o\`\`dd\` (id INT PRIMARY KEY, cid INT,
  CONSTRAINT \`fk \`\`q'\\\\\` FOREIGN KEY (cid) REFERENCES app.customer (id));
CREATE TRIGGER app.\`t \`\`q'\\\\\` BEFORE INSERT ON app.\`o\`\`dd\` FOR EACH ROW
  SET NEW.cid = NEW.cid;
CREATE SEQUENCE app.seq_up START WITH 100 INCREMENT BY 7 MINVALUE 1
  MAXVALUE 1000 CACHE 5 CYCLE;
CREATE SEQUENCE app.seq_down START WITH -1 INCREMENT BY -3
  MINVALUE -1000000 MAXVALUE -1;
CREATE SEQUENCE app.seq_unused;
CREATE TRIGGER app.orders_bi1 BEFORE INSERT ON app.orders FOR EACH ROW
  SET NEW.note = UPPER(NEW.note);
CREATE TRIGGER app.orders_bi2 BEFORE INSERT ON app.orders FOR EACH ROW
  FOLLOWS orders_bi1 SET NEW.note = CONCAT(NEW.note, ' ä€');
CREATE TRIGGER app.orders_bi0 BEFORE INSERT ON app.orders FOR EACH ROW
  PRECEDES orders_bi1 SET NEW.note = TRIM(NEW.note);
CREATE TRIGGER app.orders_ai AFTER INSERT ON app.orders FOR EACH ROW
  INSERT INTO app.audit (what) VALUES (CONCAT('order ', NEW.id));
DELIMITER //
CREATE TRIGGER app.customer_bu BEFORE UPDATE ON app.customer FOR EACH ROW
BEGIN
  IF NEW.name <> OLD.name THEN
    INSERT INTO app.audit (what) VALUES (CONCAT('rename ', OLD.id));
  END IF;
END//
DELIMITER ;
SET SESSION sql_mode = 'PIPES_AS_CONCAT,ANSI_QUOTES';
CREATE TRIGGER app.customer_ad AFTER DELETE ON app.customer FOR EACH ROW
  INSERT INTO app.audit (what) VALUES ('gone ' || OLD.id);
SET SESSION sql_mode = DEFAULT;
CREATE DEFINER = 'auditor'@'%' TRIGGER app.region_bd BEFORE DELETE
  ON app.region FOR EACH ROW SET @deleted = OLD.label;
"
tgt_sql -e "CREATE USER 'auditor'@'%'"   # the definer: only the target's
echo "$SCHEMA" | src_sql
echo "$SCHEMA" | tgt_sql
# a trigger made by a latin1 client: its statement's bytes (a latin1 é,
# 0xE9, not UTF-8: the JSON reports must stay valid) and its context
# must survive
for run in src_sql tgt_sql; do
  $run --default-character-set=latin1 -e "CREATE TRIGGER app.region_bi
    BEFORE INSERT ON app.region FOR EACH ROW
    SET NEW.label = CONCAT(NEW.label, '$(printf '\xe9')')"
done
src_sql -e "
  INSERT INTO ref.country VALUES ('FI', 'Finland'), ('SE', 'Sweden');
  INSERT INTO app.region VALUES (1, 1, 'north'), (1, 2, 'south');
  INSERT INTO app.customer (country, referrer, name) VALUES
    ('FI', NULL, 'a'), ('SE', 1, 'b'), ('FI', 2, 'c'), ('FI', 3, 'd'),
    ('SE', 1, 'e');
  DELETE FROM app.customer WHERE id IN (4, 5);
  UPDATE app.customer SET name = 'aa' WHERE id = 1;
  INSERT INTO app.orders (customer_id, note) VALUES (1, ' x '), (2, 'y'),
    (3, 'z'), (3, 'w');
  DELETE FROM app.orders WHERE id = 4;
  INSERT INTO app.\`o\`\`dd\` VALUES (1, 2), (2, 1);
  INSERT INTO app.shipment (order_id, ra, rb) VALUES (1, 1, 1), (2, 1, 2),
    (3, NULL, NULL);
  CREATE USER 'app'@'%' IDENTIFIED BY 'apppw';
  GRANT SELECT, INSERT ON app.* TO 'app'@'%';"
# the sequences hand out values on the source only: seq_up wraps once
SEQ_UP_LAST=$(src_sql -e "SELECT MAX(NEXTVAL(app.seq_up)) FROM
  (SELECT 1 FROM information_schema.COLUMNS LIMIT 140) x" >/dev/null;
  src_sql -e "SELECT NEXTVAL(app.seq_up)")
SEQ_DOWN_LAST=$(for i in 1 2 3 4 5 6 7 8 9; do src_sql -e "SELECT NEXTVAL(app.seq_down)"; done | tail -1)
ROUND_UP=$(src_sql -e "SELECT cycle_count FROM app.seq_up")
if [ "$ROUND_UP" -ge 1 ]; then ok "seq_up wrapped on the source (round $ROUND_UP, last $SEQ_UP_LAST)"; else not_ok "seq_up did not wrap"; fi

TABLES="app.audit app.customer app.orders app.region app.seq_down app.seq_unused app.seq_up app.shipment ref.country app.\`o\`\`dd\`"
# The servers' own view of a side's schema, AUTO_INCREMENT= left out (the
# counters are checked on their own); the trigger order and definers; the
# databases (rdsclone's must be gone after finish).
schema_of() {  # run
  local run=$1 t tr
  for t in $TABLES; do
    $run -e "SHOW CREATE TABLE $t" | sed -E 's/ AUTO_INCREMENT=[0-9]+//'
  done
  $run -r -e "SELECT CONCAT('\`', REPLACE(TRIGGER_SCHEMA, '\`', '\`\`'), '\`.\`',
      REPLACE(TRIGGER_NAME, '\`', '\`\`'), '\`') FROM information_schema.TRIGGERS
      ORDER BY 1" | while IFS= read -r tr; do
    $run -e "SHOW CREATE TRIGGER $tr" | cut -f1-6
  done
  $run -e "SELECT TRIGGER_SCHEMA, EVENT_OBJECT_TABLE, ACTION_TIMING,
      EVENT_MANIPULATION, ACTION_ORDER, TRIGGER_NAME, DEFINER, SQL_MODE
      FROM information_schema.TRIGGERS ORDER BY 1, 2, 3, 4, 5"
  $run -e "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY 1"
}
expect_same_schema() {  # description
  schema_of src_sql > "$TMP/schema_src"
  schema_of tgt_sql > "$TMP/schema_tgt"
  if diff -u "$TMP/schema_src" "$TMP/schema_tgt" > "$TMP/schema_diff"; then
    ok "$1"
  else
    not_ok "$1"; head -40 "$TMP/schema_diff"
  fi
}
fk_count() { tgt_sql -e "SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS
  WHERE CONSTRAINT_SCHEMA IN ('app', 'ref')"; }
trigger_count() { tgt_sql -e "SELECT COUNT(*) FROM information_schema.TRIGGERS
  WHERE TRIGGER_SCHEMA IN ('app', 'ref')"; }
saved() { tgt_sql -e "SELECT IF(COUNT(*) = 0, '(none)', COUNT(*)) FROM
  information_schema.TABLES WHERE TABLE_SCHEMA = 'rdsclone'" |
  grep -q none && echo "(none)" ||
  tgt_sql -e "SELECT COUNT(*) FROM rdsclone.dms_saved_constraints"; }
# Counts of the JSON report's objects by status ("done", "failed", ...).
json_count() {  # status [kind]
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));
print(sum(1 for o in d["objects"] if o["status"] == sys.argv[2] and
          (len(sys.argv) < 4 or o["kind"] == sys.argv[3])))' "$TMP/out" "$@"
}
NFK=6; NTRIG=9

expect_same_schema "both sides start with the same schema"
expect_eq "$(fk_count) $(trigger_count)" "$NFK $NTRIG" "the target has its keys and triggers"

# --- dry run: plans, changes nothing -----------------------------------
schema_of tgt_sql > "$TMP/before"
run dms-prepare "${PAIR[@]}" --dry-run --format json
expect_rc 2 "prepare --dry-run plans changes"
expect_eq "$(json_count planned)" "$((NFK + NTRIG))" "the dry run lists every key and trigger"
schema_of tgt_sql > "$TMP/after"
if cmp -s "$TMP/before" "$TMP/after"; then ok "the dry run changed nothing (no rdsclone database either)"; else not_ok "the dry run changed the target"; fi
run dms-prepare "${PAIR[@]}" --dry-run --format sql
expect_out '^USE `app`;$' "--format sql names each database with USE"
expect_out 'ALTER TABLE `app`.`shipment` DROP FOREIGN KEY `fk_shipment_region`' "--format sql shows the drops"

# --- kill -9 while blocked on a metadata lock, on each table in turn ---
# A session of the test holds a table's metadata lock (an open
# transaction that read it); rdsclone's ALTER/DROP/CREATE on that table
# waits, and is killed there. Even rounds also kill its server session
# (the statement never runs); odd rounds let the statement complete after
# the client died. Either way the next run converges, doing nothing twice.
hold_lock() {  # table
  tgt_sql -e "START TRANSACTION; SELECT COUNT(*) FROM $1; SELECT SLEEP(60)" >/dev/null 2>&1 &
  HOLDER=$!
  for _ in $(seq 50); do
    [ "$(tgt_sql -e "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(60)%'")" = 1 ] && return 0
    sleep 0.1
  done
}
release_lock() {
  tgt_root -e "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(60)%'" |
    while read -r id; do tgt_root -e "KILL $id" || true; done
  wait "$HOLDER" 2>/dev/null || true
}
blocked_id() {
  tgt_root -e "SELECT ID FROM information_schema.PROCESSLIST
    WHERE STATE = 'Waiting for table metadata lock' LIMIT 1"
}
kill_while_blocked() {  # round table command
  local round=$1 table=$2 cmd=$3 pid id=
  hold_lock "$table"
  "$RDSCLONE" "$cmd" "${PAIR[@]}" >"$TMP/killed_out" 2>&1 &
  pid=$!
  for _ in $(seq 100); do id=$(blocked_id); [ -n "$id" ] && break; sleep 0.1; done
  if [ -z "$id" ]; then
    not_ok "$cmd never waited on $table's lock"; kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true; release_lock; return
  fi
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true
  if [ $((round % 2)) = 0 ]; then tgt_root -e "KILL $id"; fi
  release_lock
  # the dead client's session ends once its statement did (odd rounds)
  for _ in $(seq 300); do
    [ "$(tgt_root -e "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = $id")" = 0 ] && break
    sleep 0.1
  done
  ok "$cmd killed while waiting on $table (round $round)"
}
round=0
for table in app.customer app.orders app.region app.shipment; do
  kill_while_blocked $round "$table" dms-prepare
  nkeys=$(fk_count); ntrig=$(trigger_count)
  expect_eq "$(saved)" "$((NFK + NTRIG))" "prepare killed on $table: every object was saved before any drop"
  run dms-prepare "${PAIR[@]}" --format json
  expect_rc 0 "prepare after the kill on $table"
  expect_eq "$(json_count done)" "$((nkeys + ntrig))" "the re-run dropped only what was left ($nkeys keys, $ntrig triggers)"
  expect_eq "$(fk_count) $(trigger_count)" "0 0" "prepared after the kill on $table"
  round=$((round + 1))
  kill_while_blocked $round "$table" dms-finish
  missing=$(( NFK + NTRIG - $(fk_count) - $(trigger_count) ))
  run dms-finish "${PAIR[@]}" --format json
  expect_rc 0 "finish after the kill on $table"
  expect_eq "$(( $(json_count done foreign_key) + $(json_count done trigger) ))" \
    "$missing" "the finish re-run re-created only the $missing objects the killed one had not"
  expect_eq "$(saved)" "(none)" "finish after the kill on $table: nothing saved, the rdsclone database gone"
  expect_same_schema "schema equal after the killed runs on $table"
  round=$((round + 1))
done

# --- the route: prepare, an out-of-order load, finish ------------------
# the source's counters and rows, to see that finish only read them
source_state() {
  src_sql -e "SELECT * FROM app.seq_up; SELECT * FROM app.seq_down;
    SELECT * FROM app.seq_unused; SELECT TABLE_SCHEMA, TABLE_NAME,
    AUTO_INCREMENT FROM information_schema.TABLES
    WHERE TABLE_SCHEMA IN ('app', 'ref') ORDER BY 1, 2"
  schema_of src_sql
}
source_state > "$TMP/source_before"
run dms-prepare "${PAIR[@]}"
expect_rc 0 "prepare"
expect_out "15 objects, 15 changed, 0 failed" "prepare saved and dropped every key and trigger"
expect_eq "$(fk_count) $(trigger_count)" "0 0" "no key or trigger left on the target"
run dms-prepare "${PAIR[@]}" --format json
expect_rc 0 "prepare again"
expect_eq "$(json_count done) $(json_count unchanged)" "0 15" "the re-run does nothing twice"

# the load: children first, each table's rows in reverse
for t in app.shipment app.orders app.o\`dd app.customer app.audit app.region ref.country; do
  mariadb-dump --no-defaults -h127.0.0.1 -P"$SRC_PORT" -uadmin -padminpw \
    --compact --no-create-info --skip-triggers --skip-extended-insert \
    --complete-insert "${t%%.*}" "${t#*.}" | { grep '^INSERT' || true; } | tac |
    tgt_sql "${t%%.*}"
done
ok "rows loaded children first and in reverse"
expect_eq "$(tgt_sql -e 'SELECT COUNT(*) FROM app.audit')" \
  "$(src_sql -e 'SELECT COUNT(*) FROM app.audit')" "no trigger fired during the load"

schema_of tgt_sql > "$TMP/before"
run dms-finish "${PAIR[@]}" --dry-run --format json
expect_rc 2 "finish --dry-run plans changes"
expect_eq "$(json_count planned foreign_key) $(json_count planned trigger)" "$NFK $NTRIG" "the dry run lists every key and trigger"
schema_of tgt_sql > "$TMP/after"
if cmp -s "$TMP/before" "$TMP/after"; then ok "finish's dry run changed nothing"; else not_ok "finish's dry run changed the target"; fi

run dms-finish "${PAIR[@]}" --format json
expect_rc 0 "finish"
cp "$TMP/out" "$TMP/finish.json"
source_state > "$TMP/source_after"
if cmp -s "$TMP/source_before" "$TMP/source_after"; then ok "the source's sequences, counters and schema are as they were"
else not_ok "the source changed"; diff "$TMP/source_before" "$TMP/source_after" | head; fi
expect_eq "$(json_count done foreign_key) $(json_count done trigger)" "$NFK $NTRIG" "every key and trigger re-created"
# (the kill rounds' finishes moved the counters already: checked below by
# the next values themselves)
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));
print(sorted((o["kind"], o["table"] or o["name"]) for o in d["objects"]
             if o["kind"] in ("auto_increment", "sequence")))' "$TMP/out")" \
  "[('auto_increment', 'audit'), ('auto_increment', 'customer'), ('auto_increment', 'orders'), ('auto_increment', 'shipment'), ('sequence', 'seq_down'), ('sequence', 'seq_unused'), ('sequence', 'seq_up')]" \
  "every AUTO_INCREMENT table and sequence is listed"
expect_same_schema "SHOW CREATE TABLE/TRIGGER/SEQUENCE equal on both sides, trigger order and definers too"
for t in app.customer app.orders app.shipment app.region ref.country app.audit 'app.`o``dd`'; do
  expect_eq "$(tgt_sql -e "CHECKSUM TABLE $t")" "$(src_sql -e "CHECKSUM TABLE $t")" "$t's rows equal"
done
for t in app.customer app.orders app.shipment; do
  src_ai=$(src_sql -e "SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) = '$t'")
  col=$([ "$t" = app.orders ] && echo customer_id || echo id)
  case $t in
    app.customer) ins="INSERT INTO app.customer (name) VALUES ('n')" ;;
    app.orders) ins="INSERT INTO app.orders (customer_id, note) VALUES (1, 'n')" ;;
    app.shipment) ins="INSERT INTO app.shipment (order_id) VALUES (NULL)" ;;
  esac
  got=$(tgt_sql -e "START TRANSACTION; $ins; SELECT LAST_INSERT_ID(); ROLLBACK")
  if [ "$got" -ge "$src_ai" ]; then ok "$t's next id on the target ($got) is one the source never handed out (next there: $src_ai)"
  else not_ok "$t's next id on the target $got reuses the source's (next there: $src_ai)"; fi
done
got=$(tgt_sql -e "SELECT NEXTVAL(app.seq_up)")
round_t=$(tgt_sql -e "SELECT cycle_count FROM app.seq_up")
if [ "$round_t" = "$ROUND_UP" ] && [ "$got" -gt "$SEQ_UP_LAST" ]; then ok "seq_up's NEXTVAL on the target ($got, round $round_t) is past the source's ($SEQ_UP_LAST)"
else not_ok "seq_up's NEXTVAL on the target $got round $round_t, source last $SEQ_UP_LAST round $ROUND_UP"; fi
got=$(tgt_sql -e "SELECT NEXTVAL(app.seq_down)")
if [ "$got" -lt "$SEQ_DOWN_LAST" ]; then ok "seq_down's NEXTVAL on the target ($got) is below the source's last ($SEQ_DOWN_LAST)"
else not_ok "seq_down's NEXTVAL on the target $got, source last $SEQ_DOWN_LAST"; fi
expect_eq "$(tgt_sql -e "SELECT NEXTVAL(app.seq_unused)")" 1 "the unused sequence is left alone"
label_of() { $1 -e "START TRANSACTION; INSERT INTO app.region VALUES (9, 9, 'x');
  SELECT HEX(label) FROM app.region WHERE a = 9; ROLLBACK"; }
expect_eq "$(label_of tgt_sql)" "$(label_of src_sql)" "the latin1 trigger does on the target what it does on the source ($(label_of src_sql))"
expect_eq "$(grants_of tgt_sql "'app'@'%'")" "$(grants_of src_sql "'app'@'%'")" "the account was reconciled"

run dms-finish "${PAIR[@]}" --format json
expect_rc 0 "finish again"
expect_eq "$(json_count done)" 0 "the re-run does nothing twice"

# --- a margin; counters never go back ----------------------------------
run dms-prepare "${PAIR[@]}"
tgt_sql -e "ALTER TABLE app.customer AUTO_INCREMENT = 1000"
run dms-finish "${PAIR[@]}" --sequence-margin 100 --format json
expect_rc 0 "finish with --sequence-margin 100"
src_ai=$(src_sql -e "SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'app' AND TABLE_NAME = 'shipment'")
expect_eq "$(tgt_sql -e "SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'app' AND TABLE_NAME = 'shipment'")" \
  "$((src_ai + 100))" "shipment's counter is the source's plus the margin"
expect_eq "$(tgt_sql -e "SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'app' AND TABLE_NAME = 'customer'")" \
  1000 "a counter already past the source's is never lowered"

# --- a violation: reported, the key stays saved, the rest goes on ------
run dms-prepare "${PAIR[@]}"
tgt_sql -e "SET foreign_key_checks = 0; INSERT INTO app.orders (id, customer_id, note) VALUES (900, 777, 'orphan')"
run dms-finish "${PAIR[@]}"
expect_rc 1 "finish with an orphan row exits 1"
expect_out "failed +foreign_key app\.orders\.fk_orders_customer: recreate \(constraint fk_orders_customer on table app\.orders: .*it stays saved\)" "the violation names the constraint and its table"
expect_out "done +trigger app\.orders\.orders_ai" "the other objects were re-created"
expect_eq "$(tgt_sql -e "SELECT object_name FROM rdsclone.dms_saved_constraints")" fk_orders_customer "only the violated key stays saved"
tgt_sql -e "DELETE FROM app.orders WHERE id = 900"
run dms-finish "${PAIR[@]}"
expect_rc 0 "finish after the row was corrected"
expect_same_schema "schema equal after the violation was corrected"

# --- saved state and a new key: refused --------------------------------
run dms-prepare "${PAIR[@]}"
tgt_sql -e "ALTER TABLE app.orders ADD CONSTRAINT fk_new FOREIGN KEY (customer_id) REFERENCES app.customer (id)"
run dms-prepare "${PAIR[@]}"
expect_rc 1 "prepare with saved keys and a new one exits 1"
expect_out "failed +database app: prepare \(foreign keys are saved .*first: app\.orders\.fk_new" "the new key is named"
expect_eq "$(fk_count)" 1 "nothing was dropped"
tgt_sql -e "ALTER TABLE app.orders DROP FOREIGN KEY fk_new"
run dms-finish "${PAIR[@]}"
expect_rc 0 "finish completes the route"
expect_same_schema "schema equal at the end"

# --- the source is read in a fixed number of queries --------------------
# (AUTO_INCREMENT: one query per server; sequences: a list and one UNION)
questions() { src_sql -e "SHOW GLOBAL STATUS LIKE 'Questions'" | cut -f2; }
finish_questions() {
  local q0; q0=$(questions)
  run dms-finish "${PAIR[@]}" --dry-run
  echo $(( $(questions) - q0 ))
}
before=$(finish_questions)
for run in src_sql tgt_sql; do
  for i in 1 2 3 4 5 6 7 8 9 10; do
    $run -e "CREATE TABLE app.more$i (id INT AUTO_INCREMENT PRIMARY KEY);
      CREATE SEQUENCE app.moreseq$i"
  done
done
for i in 1 2 3 4 5 6 7 8 9 10; do
  src_sql -e "INSERT INTO app.more$i VALUES (); SELECT NEXTVAL(app.moreseq$i)" >/dev/null
done
after=$(finish_questions)
expect_out "planned +auto_increment app\.more10: set_auto_increment" "the new tables' counters are planned"
expect_eq "$after" "$before" "ten more tables and sequences cost the source no query more ($before)"

# --- the lock ----------------------------------------------------------
tgt_sql -e "SELECT GET_LOCK('rdsclone.apply', 0); SELECT SLEEP(30)" >/dev/null 2>&1 &
LOCKER=$!
for _ in $(seq 50); do
  [ "$(tgt_sql -e "SELECT IS_USED_LOCK('rdsclone.apply') IS NOT NULL")" = 1 ] && break; sleep 0.1
done
run dms-prepare "${PAIR[@]}"
expect_rc 75 "prepare while another run holds the lock"
tgt_root -e "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(30)%'" |
  while read -r id; do tgt_root -e "KILL $id" || true; done
wait "$LOCKER" 2>/dev/null || true
expect_eq "$(fk_count)" "$NFK" "the locked-out prepare changed nothing"

finish
