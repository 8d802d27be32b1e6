#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Fleets: a configuration's pairs list run with --all / --pair, --jobs at
# a time. One pair failing (a target on a closed port) or locked never
# stops the others; the exit status is the worst pair's (1 > 75 > 2 > 0);
# the JSON report has one element per pair and a summary; text groups the
# lines by pair; --jobs 1 and 2 give the same results; top-level settings
# are every pair's defaults; bad fleet configurations exit 78 naming file
# and line, bad selections 64 naming the pair.
. "$(dirname "$0")/fleet_lib.sh"
reset_fleet
src_sql -e "CREATE DATABASE app;
  CREATE USER 'drift'@'%' IDENTIFIED BY 'Drift-Pw-1';
  GRANT SELECT ON app.* TO 'drift'@'%';
  CREATE USER 'ignored1'@'%';"
tgt_sql -e "CREATE DATABASE app;"
CONF=$TMP/fleet.conf
write_fleet "$CONF"

# --- plan --all, JSON --------------------------------------------------
run plan -c "$CONF" --all --format json --jobs 2
expect_rc 1 "plan --all: the worst pair (down: cannot connect) gives 1"
cp "$TMP/out" "$TMP/jobs2.json"
expect_eq "$(json_get "$TMP/out" '[p["name"] for p in d["pairs"]]')" \
  "['shop', 'pg', 'down']" "pairs in the file's order"
expect_eq "$(json_get "$TMP/out" '[p["exit_code"] for p in d["pairs"]]')" \
  "[2, 0, 1]" "each pair's exit code: changes, in sync, failed"
expect_eq "$(json_get "$TMP/out" 'd["version"], d["mode"]')" "(1, 'plan')" \
  "version and mode"
expect_eq "$(json_get "$TMP/out" 'd["summary"]')" \
  "{'total': 3, 'in_sync': 1, 'changes': 1, 'failed': 1, 'locked': 0, 'exit_code': 1}" \
  "summary counts the pairs and names the worst exit code"
expect_eq "$(json_get "$TMP/out" 'sorted(a["object"] for a in d["pairs"][0]["report"]["actions"])')" \
  "[\"'drift'@'%'\", \"'drift'@'%' on \`app\`.*\"]" \
  "shop's report is the single-pair report: drift planned, the top-level exclude kept ignored1 out"
expect_eq "$(json_get "$TMP/out" 'd["pairs"][0]["report"]["engine"], d["pairs"][1]["report"]["engine"]')" \
  "('mysql', 'postgresql')" "each pair's report names its engine"
expect_eq "$(json_get "$TMP/out" 'd["pairs"][1]["report"]["summary"]["total"], d["pairs"][1]["error"]')" \
  "(0, None)" "pg is in sync, no error"
expect_eq "$(json_get "$TMP/out" 'd["pairs"][2]["report"] is None and "cannot connect" in d["pairs"][2]["error"]')" \
  "True" "down has no report and says why"
expect_err "pair down: target 127.0.0.1:$CLOSED_PORT: cannot connect" \
  "stderr names the failed pair and its cause"
expect_no "adminpw" "$TMP/out" "no password in the report"
expect_no "adminpw" "$TMP/err" "no password on stderr"

# --jobs 1: the same results (times aside)
run plan -c "$CONF" --all --format json --jobs 1
expect_rc 1 "plan --all --jobs 1 exits the same"
strip() { python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for p in d["pairs"]: p.pop("seconds")
print(json.dumps(d, sort_keys=True))' "$1"; }
expect_eq "$(strip "$TMP/out")" "$(strip "$TMP/jobs2.json")" \
  "--jobs 1 and --jobs 2 give the same report"
run plan -c "$CONF" --all --format json --jobs 3
expect_eq "$(strip "$TMP/out")" "$(strip "$TMP/jobs2.json")" \
  "--jobs 3 (one thread per pair) gives the same report"

# --- text: a header per pair, then its usual text ------------------------
run plan -c "$CONF" --all
expect_rc 1 "text plan --all exits 1"
expect_eq "$(grep -n '^pair ' "$TMP/out" | cut -d: -f2-)" \
"pair shop: changes (exit 2)
pair pg: in sync (exit 0)
pair down: failed (exit 1)" "one header line per pair, in order"
expect_eq "$(sed -n '/^pair shop:/,/^pair pg:/p' "$TMP/out" | sed -n 2p)" \
  "plan: source 127.0.0.1:$SRC_PORT ($(src_sql -e 'SELECT VERSION()')) -> target 127.0.0.1:$TGT_PORT ($(tgt_sql -e 'SELECT VERSION()'))" \
  "shop's usual text follows its header"
expect_eq "$(sed -n '/^pair pg:/,/^pair down:/p' "$TMP/out" | grep -c '^in sync: nothing to change')" \
  "1" "pg's text under its own header"
expect_out "^error: target 127.0.0.1:$CLOSED_PORT: cannot connect" "down's error under its header"
expect_out "^fleet: 3 pairs: 1 in sync, 1 with changes, 1 failed, 0 locked; exit 1$" \
  "a closing summary line"

# SQL: the same headers as comments, then each pair's script
run plan -c "$CONF" --all --format sql
expect_rc 1 "sql plan --all exits 1"
expect_eq "$(grep -E '^-- (pair|error|fleet)' "$TMP/out" | sed 's/(115)$//; s/[0-9]\{4,5\}:/PORT:/')" \
"-- pair shop: changes (exit 2)
-- pair pg: in sync (exit 0)
-- pair down: failed (exit 1)
-- error: target 127.0.0.1:PORT: cannot connect: Can't connect to server on '127.0.0.1' 
-- fleet: 3 pairs: 1 in sync, 1 with changes, 1 failed, 0 locked; exit 1" \
  "sql: pair headers, the error and the summary are comments"
expect_out '^CREATE USER `drift`@`%`' "shop's statements follow its header"
run dump -c "$CONF" --source "$MY_SRC" --metrics-file "$TMP/m.prom"
expect_rc 64 "--metrics-file with dump is a usage error"

# --- --pair selects -------------------------------------------------------
run plan -c "$CONF" --pair pg --format json
expect_rc 0 "--pair pg alone: exit 0"
expect_eq "$(json_get "$TMP/out" '[p["name"] for p in d["pairs"]]')" "['pg']" "only pg ran"
run plan -c "$CONF" --pair pg --pair shop --pair pg --format json
expect_rc 2 "--pair pg --pair shop: worst is 2"
expect_eq "$(json_get "$TMP/out" '[p["name"] for p in d["pairs"]]')" "['shop', 'pg']" \
  "each selected pair once, in the file's order"
run plan -c "$CONF" --pair shop --pair nosuch
expect_rc 64 "an unknown --pair is a usage error"
expect_err '--pair "nosuch": no such pair in .*fleet.conf \(known: shop, pg, down\)' \
  "the message names the unknown pair and the known ones"
expect_eq "$(wc -c < "$TMP/out")" "0" "nothing ran for an unknown pair"

# --- apply: a locked pair does not stop the others -----------------------
mariadb --no-defaults -S "$TGT_SOCK" -uroot -e "SELECT GET_LOCK('rdsclone.apply', 0); SELECT SLEEP(5);" >/dev/null &
holder=$!
sleep 1
run apply -c "$CONF" --pair shop --pair pg --format json
expect_rc 75 "apply with shop's target locked: worst is 75"
expect_eq "$(json_get "$TMP/out" '[p["exit_code"] for p in d["pairs"]]')" "[75, 0]" \
  "shop locked, pg applied"
expect_eq "$(json_get "$TMP/out" 'd["summary"]["locked"], d["summary"]["in_sync"]')" "(1, 1)" \
  "the summary counts the locked pair"
expect_eq "$(tgt_sql -e "SELECT COUNT(*) FROM mysql.user WHERE User='drift'")" "0" \
  "the locked target was not written"
wait "$holder"

run apply -c "$CONF" --all --jobs 2
expect_rc 1 "apply --all: down still fails, so 1"
expect_out "^pair shop: in sync \(exit 0\)" "shop applied and verified"
expect_out "^verify: target matches the source" "shop's verify line is there"
expect_eq "$(tgt_sql -e "SELECT COUNT(*) FROM mysql.user WHERE User='drift'")" "1" \
  "shop's target got the account although another pair failed"
expect_eq "$(tgt_sql -e "SELECT COUNT(*) FROM mysql.user WHERE User='ignored1'")" "0" \
  "the top-level exclude held for the pair"
run plan -c "$CONF" --pair shop --pair pg
expect_rc 0 "after apply, shop and pg are in sync"

# --- a pair's own settings win over the top-level defaults ---------------
write_fleet "$TMP/own.conf" \
  "{ name = \"shop-all\"; exclude = [ \"nobody@*\" ]; source = $(ep "$MY_SRC"); target = $(ep "$MY_TGT"); }"
run plan -c "$TMP/own.conf" --pair shop-all --format json
expect_rc 2 "a pair with its own exclude sees ignored1"
expect_eq "$(json_get "$TMP/out" '[a["object"] for a in d["pairs"][0]["report"]["actions"]]')" \
  "[\"'ignored1'@'%'\"]" "the pair's exclude replaced the default"

# --- bad fleet configurations: 78, file and line --------------------------
bad() {  # description file-content expected-stderr-pattern
  printf '%s\n' "$2" > "$TMP/bad.conf"
  run plan -c "$TMP/bad.conf" --all
  expect_rc 78 "$1"
  expect_err "$3" "$1: the message names file, line and cause"
}
S=$(ep "$MY_SRC"); T=$(ep "$MY_TGT")
bad "duplicate names" "pairs = ( { name = \"a\"; source = $S; target = $T; },
  { name = \"a\"; source = $S; target = $T; } );" \
  "bad\.conf:2: pair name 'a' is used twice \(first at line 1\)"
bad "empty name" "pairs = ( { name = \"\"; source = $S; target = $T; } );" \
  "bad\.conf:1: 'name' must not be empty"
bad "no name" "pairs = ( { source = $S; target = $T; } );" \
  "bad\.conf:1: a pair needs a name"
bad "no target" "pairs = ( { name = \"a\"; source = $S; } );" \
  "bad\.conf:1: pair 'a': no target uri"
bad "mixed engines" "pairs = ( { name = \"a\"; source = $S; target = $(ep "$PG_TGT"); } );" \
  "bad\.conf:1: pair 'a': source and target are different engines"
bad "unknown setting in a pair" "pairs = ( { name = \"a\"; colour = 1; source = $S; target = $T; } );" \
  "bad\.conf:1: unknown setting 'colour'"
bad "pairs not a list" "pairs = { name = \"a\"; };" "bad\.conf:1: 'pairs' must be a list"
bad "a uri is never inherited" "source = { uri = \"$MY_SRC\"; };
pairs = ( { name = \"a\"; target = $T; } );" "bad\.conf:2: pair 'a': no source uri"
printf 'source = %s;\ntarget = %s;\n' "$S" "$T" > "$TMP/single.conf"
run plan -c "$TMP/single.conf" --all
expect_rc 78 "--all with a configuration without pairs"
expect_err "single\.conf: no 'pairs' list" "the message says what is missing"
run plan --all
expect_rc 64 "--all without -c"
run plan -c "$CONF" --all --source "$MY_SRC"
expect_rc 64 "--all with --source"
run plan -c "$CONF" --all --pair shop
expect_rc 64 "--all with --pair"
run plan -c "$CONF" --all --jobs 0
expect_rc 64 "--jobs 0"
run plan -c "$CONF"
expect_rc 64 "a fleet configuration without --all or --pair"
expect_err "names 3 pairs .*--all or --pair NAME" "the message says how to run it"
run dump -c "$CONF" --all
expect_rc 64 "dump --all"

# --- the report cannot be written: status at least 1, the cause named ---
# (pg alone is in sync: 0 but for the write); a closed pipe is EPIPE, not
# a signal, and the metrics file is written all the same
expect_lost_report "a fleet's report" plan -c "$CONF" --pair pg --format json \
  --metrics-file "$TMP/pipe.prom"
expect_eq "$(grep -c '^rdsclone_exit_code{pair="pg"} 0$' "$TMP/pipe.prom")" "1" \
  "the metrics file is written all the same"
finish
