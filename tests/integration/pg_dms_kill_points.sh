#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The DMS route killed between any two of its statements (issue 17):
# kill_at_statement.c (a test-only LD_PRELOAD library, KILL_AT_LIB) sends
# rdsclone SIGKILL just before its k-th libpq statement, for k = 1, 2, ...
# until a run ends by itself. After each kill: nothing is lost (every
# key and trigger is either back or saved; prepare is all or nothing);
# a re-run converges (exit 0, nothing saved, the schema equal to the
# source's, every sequence at the source's last value) and never does
# twice what the killed run did. finish's own statements are each a kill
# point; once they are all past, the account run (apply, which has its
# own convergence tests) is killed at every STRIDE-th statement. Last,
# dms-finish stopped (SIGSTOP) before each of its statements: the
# target's apply lock is held by one session from the first statement
# that has it to the end, account run included.
. "$(dirname "$0")/lib_pg.sh"
: "${KILL_AT_LIB:?KILL_AT_LIB must name libkill_at_statement.so (tests/integration/CMakeLists.txt)}"
. "$(dirname "$0")/lib_pg_dms.sh"
STRIDE=${STRIDE:-15}
LOCK_KEY=7203960375245221198
ALL_SAVED="foreign_key:customer_country_fk,foreign_key:employee_manager_fk,foreign_key:legacy_customer_fk,foreign_key:line_order_fk,foreign_key:orders_customer_fk,trigger:line_always,trigger:orders_row,trigger:orders_stmt"
FKDEF_BEFORE=$(tgt_psql $DB -c "SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), E'\n' ORDER BY conname) FROM pg_constraint WHERE contype = 'f'")
TRIGGERS_SRC=$(trigger_states src_psql)

# rdsclone killed before its k-th statement: killed_run K ARGS... ($RC:
# 137 when killed, its own exit status when it ended first).
killed_run() {
  local k=$1; shift
  # (in a subshell that keeps bash's "Killed" line to itself)
  ( set +e; KILL_AT_STATEMENT=$k LD_PRELOAD=$KILL_AT_LIB "$RDSCLONE" "$@" >"$TMP/out" 2>"$TMP/err"
    echo $? >"$TMP/rc" ) 2>/dev/null
  RC=$(cat "$TMP/rc")
}
# Each sequence's last_value (NULL: never used): "name=v,...".
SEQ_SQL="SELECT string_agg(schemaname || '.' || sequencename || '=' || coalesce(last_value::text, 'unused'), ',' ORDER BY schemaname, sequencename) FROM pg_sequences WHERE schemaname = 'sales'"
# A fresh DMS target's sequences: never used (DMS copies none).
RESTART_SQL="DO \$\$ DECLARE s record; BEGIN
    FOR s IN SELECT schemaname, sequencename FROM pg_sequences WHERE schemaname = 'sales' LOOP
      EXECUTE format('ALTER SEQUENCE %I.%I RESTART', s.schemaname, s.sequencename);
    END LOOP; END \$\$;"
restart_sequences() { tgt_psql $DB -c "$RESTART_SQL"; }
# What the target holds, read in one psql session (each login costs):
# lines "NAME value" in $TMP/facts, the catalog lines in $TMP/cat_tgt.
#  fk: foreign keys; saved: the saved rows ("(none)": no saved table);
#  defs: the saved keys' definitions; trg: triggers' states; seq: as
#  SEQ_SQL; lost: keys and triggers of the schema neither back on the
#  target nor saved (what a kill would have lost); restored: those back
#  and no longer saved ("ALL" once the saved table is gone).
FACTS_SQL=$(cat <<'SQL'
SELECT to_regclass('rdsclone.dms_saved_constraints') IS NOT NULL AS has_saved \gset
CREATE TEMP TABLE saved_now (kind text, object_name text, definition text);
\if :has_saved
INSERT INTO saved_now SELECT kind, object_name, definition FROM rdsclone.dms_saved_constraints;
\endif
CREATE TEMP TABLE wanted (kind text, name text);
INSERT INTO wanted VALUES ('foreign_key', 'customer_country_fk'), ('foreign_key', 'employee_manager_fk'),
  ('foreign_key', 'legacy_customer_fk'), ('foreign_key', 'line_order_fk'), ('foreign_key', 'orders_customer_fk'),
  ('trigger', 'line_always'), ('trigger', 'orders_row'), ('trigger', 'orders_stmt');
SELECT 'fk ' || count(*) FROM pg_constraint WHERE contype = 'f';
SELECT 'saved ' || CASE WHEN :'has_saved'::boolean THEN coalesce(string_agg(kind || ':' || object_name, ',' ORDER BY kind, object_name), '') ELSE '(none)' END FROM saved_now;
SELECT 'defs ' || coalesce(string_agg(object_name || ' ' || definition, '|' ORDER BY object_name), '') FROM saved_now WHERE kind = 'foreign_key';
SELECT 'trg ' || string_agg(tgname || '=' || tgenabled::text, ',' ORDER BY tgname) FROM pg_trigger WHERE NOT tgisinternal;
SELECT 'lost ' || coalesce(string_agg(name, ',' ORDER BY name), '') FROM wanted w
  WHERE NOT EXISTS (SELECT 1 FROM saved_now s WHERE s.kind = w.kind AND s.object_name = w.name)
    AND NOT (w.kind = 'foreign_key' AND EXISTS (SELECT 1 FROM pg_constraint WHERE conname = w.name AND contype = 'f'))
    AND NOT (w.kind = 'trigger' AND EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = w.name AND tgenabled <> 'D'));
SELECT 'restored ' || CASE WHEN NOT :'has_saved'::boolean THEN 'ALL' ELSE coalesce(string_agg(name, ',' ORDER BY name), '') END
  FROM (SELECT conname AS name FROM pg_constraint WHERE contype = 'f' AND (convalidated OR conname = 'legacy_customer_fk')
        UNION ALL SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D') x
  WHERE name NOT IN (SELECT object_name FROM saved_now);
SQL
)
target_facts() {  # [SQL to run after, in the same session]
  { echo "$FACTS_SQL"; echo "SELECT 'seq ' || ($SEQ_SQL);"; echo '\o :catfile'; echo "$CATALOG_SQL;"
    echo '\o'; echo "${1:-}"; } |
    tgt_psql $DB -v maintain_skip="$OWNER_MAINTAIN_SKIP" -v catfile="$TMP/cat_tgt" -f - >"$TMP/facts"
}
fact() { sed -n "s/^$1 //p" "$TMP/facts"; }
# The target's catalog (from the last target_facts) equals the source's.
schema_equal() {
  if diff -u "$TMP/cat_src" "$TMP/cat_tgt" >"$TMP/cat_diff"; then ok "$1 ($(wc -l <"$TMP/cat_tgt") catalog lines)"
  else not_ok "$1: the catalogs differ"; head -30 "$TMP/cat_diff"; fi
}

# --- the route once, unkilled, with the load -------------------------
run dms-prepare "${PAIR[@]}"
expect_rc 0 "prepare"
dms_load
run dms-finish "${PAIR[@]}"
expect_rc 0 "finish"
catalog_equal "the route unkilled: schema equal"    # (and $TMP/cat_src)
SEQ_SRC=$(src_psql $DB -c "$SEQ_SQL")
DEFS_BEFORE=$(tr '\n' '|' <<<"$FKDEF_BEFORE" | sed 's/|$//')

# --- dms-prepare killed before each statement -------------------------
# One transaction per database: a kill leaves all or nothing.
k=0
while :; do
  k=$((k + 1))
  killed_run "$k" dms-prepare "${PAIR[@]}"
  [ "$RC" -eq 137 ] || break
  target_facts
  state="$(fact fk)/$(fact saved)"
  if [ "$state" = "5/(none)" ] || [ "$state" = "0/$ALL_SAVED" ]; then
    ok "prepare killed before statement $k: all or nothing ($state)"
  else not_ok "prepare killed before statement $k: a half state ($state)"; fi
  run dms-prepare "${PAIR[@]}"
  expect_rc 0 "prepare again after the kill at $k"
  if [ "$state" = "0/$ALL_SAVED" ]; then expect_out "0 changed, 0 failed" "prepare again after the kill at $k: nothing done twice"; fi
  target_facts
  expect_eq "$(fact fk)/$(fact saved)" "0/$ALL_SAVED" "prepare again after the kill at $k: every key dropped and saved"
  expect_eq "$(fact defs)" "$DEFS_BEFORE" "prepare again after the kill at $k: the saved definitions exact"
  run dms-finish "${PAIR[@]}"
  expect_rc 0 "finish after the killed prepare at $k"
  target_facts
  schema_equal "finish after the killed prepare at $k: schema equal"
done
expect_rc 0 "prepare ran to its end when not killed (after $((k - 1)) kill points)"
if [ "$k" -gt 10 ]; then ok "prepare had $((k - 1)) kill points"; else not_ok "prepare had only $((k - 1)) kill points"; fi
run dms-finish "${PAIR[@]}"
expect_rc 0 "finish after prepare's kill points"

# --- dms-finish killed before each statement --------------------------
restart_sequences
k=0
dms_done=
while :; do
  if [ -n "$dms_done" ]; then k=$((k + STRIDE)); else k=$((k + 1)); fi
  run dms-prepare "${PAIR[@]}"
  [ "$RC" -eq 0 ] || not_ok "prepare before finish's kill point $k (exit $RC)"
  killed_run "$k" dms-finish "${PAIR[@]}"
  [ "$RC" -eq 137 ] || break
  target_facts
  expect_eq "$(fact lost)" "" "finish killed before statement $k: nothing lost (every key and trigger back or saved)"
  before=$(fact restored)
  seqs_before=$(fact seq)
  run dms-finish "${PAIR[@]}" --format json
  expect_rc 0 "finish again after the kill at $k"
  again=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(",".join(sorted(o["name"] for o in d["objects"]
                      if o["kind"] in ("foreign_key", "trigger") and o["status"] == "done")))' "$TMP/out")
  if [ "$before" = ALL ]; then twice=$again
  else twice=$(comm -12 <(tr ',' '\n' <<<"$before" | sort) <(tr ',' '\n' <<<"$again" | sort) | paste -sd,); fi
  expect_eq "$twice" "" "finish again after the kill at $k: nothing done twice (the killed run restored: ${before:-none})"
  target_facts "$RESTART_SQL"     # (the sequences fresh for the next kill)
  expect_eq "$(fact saved)" "(none)" "finish again after the kill at $k: nothing saved"
  expect_eq "$(fact trg)" "$TRIGGERS_SRC" "finish again after the kill at $k: triggers as on the source"
  expect_eq "$(fact seq)" "$SEQ_SRC" "finish again after the kill at $k: sequences at the source's last values"
  schema_equal "finish again after the kill at $k: schema equal"
  # finish's own part is over once a kill finds it all done: from there
  # on the account run is killed every STRIDE statements.
  if [ -z "$dms_done" ] && [ "$before" = ALL ] && [ "$seqs_before" = "$SEQ_SRC" ]; then
    dms_done=$k
    echo "# finish's own statements: kill points 1 to $((k - 1)); the account run from $k on, every $STRIDE"
  fi
done
expect_rc 0 "finish ran to its end when not killed (last kill point $((k - STRIDE)))"
if [ -n "$dms_done" ] && [ "$dms_done" -gt 20 ]; then ok "finish had $((dms_done - 1)) kill points of its own"
else not_ok "finish's own kill points: ${dms_done:-never} (expected more than 20)"; fi

# --- one apply lock across the whole dms-finish -----------------------
# Stopped before each statement, the run is looked at from outside: which
# session holds the apply lock. Once taken it must stay with that session
# to the end: the account run must not release and take it again.
run dms-prepare "${PAIR[@]}"
restart_sequences
STOP_AT_EVERY_STATEMENT=1 LD_PRELOAD=$KILL_AT_LIB "$RDSCLONE" dms-finish "${PAIR[@]}" >"$TMP/out" 2>"$TMP/err" &
PID=$!
# one psql session asks (a login per statement would cost seconds)
coproc WATCH { tgt_psql; }
holders=()
while :; do
  st=$(ps -o stat= -p "$PID" 2>/dev/null || true)
  case $st in
    "") break ;;
    T*) echo "SELECT coalesce(string_agg(pid::text, ','), 'none') FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid::bigint * 4294967296 + objid::bigint = $LOCK_KEY;" >&"${WATCH[1]}"
        read -t 10 -r holder <&"${WATCH[0]}" || holder="(no answer)"
        holders+=("$holder")
        kill -CONT "$PID" ;;
    Z*) break ;;
    *) sleep 0.01 ;;
  esac
done
set +e; wait "$PID"; RC=$?; set -e
WATCH_PID=$WATCH_PID
exec {WATCH[1]}>&-
wait "$WATCH_PID" 2>/dev/null || true
expect_rc 0 "finish stopped before each statement"
summary=$(printf '%s\n' "${holders[@]}" | uniq | paste -sd' ')
echo "# apply lock holder before each of ${#holders[@]} statements (runs collapsed): $summary"
if [[ "$summary" =~ ^(none )?[0-9]+$ ]]; then
  ok "one session held the apply lock from its first statement to the end (${#holders[@]} statements)"
else not_ok "the apply lock was not held by one session throughout: $summary"; fi
target_facts
expect_eq "$(fact saved)" "(none)" "the stopped finish completed"

echo "$CHECKS checks, $FAILS failed"
[ "$FAILS" -eq 0 ]
