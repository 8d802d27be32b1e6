#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# --metrics-file: the Prometheus textfile-collector format, checked by a
# parser of the exposition format (metrics_check.py): every family has
# HELP and TYPE, values per pair are right, a hostile pair name comes back
# intact through the label escaping, the file is replaced atomically (a
# new inode, no temporary file left), a failing run keeps the pair's last
# success time, pairs not run keep their samples, a single pair is named
# "default" or by the configuration's name, and an unwritable path fails
# the run with a message naming it.
. "$(dirname "$0")/fleet_lib.sh"
reset_fleet
src_sql -e "CREATE USER 'drift'@'%'; CREATE USER 'drift2'@'%';"
MC() { python3 "$(dirname "$0")/metrics_check.py" "$@"; }
DIR=$TMP/textfile
mkdir -p "$DIR"
M=$DIR/rdsclone.prom
HOSTILE='we"ird\pair
x'
# libconfig spells it with its own escapes
HOSTILE_CONF='we\"ird\\pair\nx'
CONF=$TMP/fleet.conf
write_fleet "$CONF" \
  "{ name = \"$HOSTILE_CONF\"; source = $(ep "$MY_SRC"); target = $(ep "$MY_TGT"); }"

before=$(date +%s)
run plan -c "$CONF" --all --metrics-file "$M"
expect_rc 1 "plan --all with metrics: exit 1 (down)"
after=$(date +%s)
MC "$M" check > "$TMP/check" 2>&1 && ok "the file parses: $(cat "$TMP/check")" \
  || { not_ok "the file parses"; cat "$TMP/check"; }
expect_eq "$(MC "$M" pairs)" "$(python3 -c 'import sys; print(sorted(["shop","pg","down",sys.argv[1]]))' "$HOSTILE")" \
  "every pair has samples; the hostile name round-trips through the escaping"
expect_eq "$(grep -c 'pair="we\\"ird\\\\pair\\nx"' "$M")" "20" \
  "the hostile name is escaped as the format says (\\\\, \\\", \\n) on each of its 20 samples (11 pending kinds)"
expect_eq "$(MC "$M" get rdsclone_pending_actions shop create_user)" "2.0" \
  "shop: 2 create_user pending"
expect_eq "$(MC "$M" get rdsclone_pending_actions shop grant)" "0.0" \
  "shop: kinds without actions are 0"
expect_eq "$(MC "$M" get rdsclone_pending_actions shop skip)" "absent" \
  "skips are never pending: no skip series"
expect_eq "$(MC "$M" get rdsclone_pending_actions down create_user)" "absent" \
  "down made no plan: no pending series"
expect_eq "$(MC "$M" get rdsclone_converged shop) $(MC "$M" get rdsclone_converged pg) $(MC "$M" get rdsclone_converged down)" \
  "0.0 1.0 0.0" "converged: shop no (drift), pg yes, down no"
expect_eq "$(MC "$M" get rdsclone_exit_code shop) $(MC "$M" get rdsclone_exit_code pg) $(MC "$M" get rdsclone_exit_code down)" \
  "2.0 0.0 1.0" "exit codes per pair"
expect_eq "$(MC "$M" get rdsclone_last_success_timestamp_seconds down)" "0.0" \
  "down never succeeded: last success 0"
shop_success=$(MC "$M" get rdsclone_last_success_timestamp_seconds shop)
shop_run=$(MC "$M" get rdsclone_last_run_timestamp_seconds shop)
python3 -c "import sys; t=float(sys.argv[1]); sys.exit(not ($before <= t <= $after + 1))" "$shop_success" \
  && ok "shop's last success is this run's time" || not_ok "shop's last success $shop_success not in [$before, $after]"
expect_eq "$shop_success" "$shop_run" "shop succeeded: last success = last run"
python3 -c "import sys; d=float(sys.argv[1]); sys.exit(not (0 <= d < 60))" "$(MC "$M" get rdsclone_run_duration_seconds shop)" \
  && ok "run duration is plausible" || not_ok "run duration"
expect_eq "$(MC "$M" get rdsclone_applied_actions shop) $(MC "$M" get rdsclone_failed_actions shop)" \
  "0.0 0.0" "a plan applies and fails nothing"
expect_eq "$(ls -A "$DIR")" "rdsclone.prom" "no temporary file left beside it"
expect_no "adminpw" "$M" "no password in the metrics"

# --- a failing run keeps the last success; the file is a new inode --------
inode1=$(stat -c %i "$M")
sleep 1.1
write_fleet "$TMP/broken.conf" \
  "{ name = \"$HOSTILE_CONF\"; source = $(ep "$MY_SRC"); target = $(ep "$MY_TGT"); }"
# shop's target now on the closed port: shop fails this time
sed -i "s|name = \"shop\"; source = \(.*\); target = { uri = \"$MY_TGT\"|name = \"shop\"; source = \1; target = { uri = \"$MY_DOWN\"|" "$TMP/broken.conf"
grep -q "name = \"shop\".*$CLOSED_PORT" "$TMP/broken.conf" && ok "shop broken in the second configuration" || not_ok "sed did not break shop"
run plan -c "$TMP/broken.conf" --all --metrics-file "$M"
expect_rc 1 "second run: exit 1"
MC "$M" check >/dev/null && ok "the replaced file parses" || not_ok "the replaced file parses"
expect_eq "$(MC "$M" get rdsclone_exit_code shop)" "1.0" "shop failed this time"
expect_eq "$(MC "$M" get rdsclone_last_success_timestamp_seconds shop)" "$shop_success" \
  "shop's last success is kept from the previous file"
python3 -c "import sys; sys.exit(not float(sys.argv[1]) > float(sys.argv[2]))" \
  "$(MC "$M" get rdsclone_last_run_timestamp_seconds shop)" "$shop_run" \
  && ok "shop's last run moved on" || not_ok "shop's last run did not move"
expect_eq "$(MC "$M" get rdsclone_pending_actions shop create_user)" "absent" \
  "a failed run has no pending series"
inode2=$(stat -c %i "$M")
[ "$inode1" != "$inode2" ] && ok "the file was replaced by rename (new inode)" || not_ok "same inode: written in place"
expect_eq "$(ls -A "$DIR")" "rdsclone.prom" "still no temporary file"

# --- --pair: the other pairs' samples stay --------------------------------
grep 'pair="down"' "$M" > "$TMP/down_before"
run plan -c "$CONF" --pair shop --metrics-file "$M"
expect_rc 2 "--pair shop: exit 2"
expect_eq "$(MC "$M" pairs)" "$(python3 -c 'import sys; print(sorted(["shop","pg","down",sys.argv[1]]))' "$HOSTILE")" \
  "pairs not run keep their samples"
expect_eq "$(grep 'pair="down"' "$M")" "$(cat "$TMP/down_before")" "down's samples are unchanged"
expect_eq "$(MC "$M" get rdsclone_exit_code shop)" "2.0" "shop's samples are this run's"
MC "$M" check >/dev/null && ok "still valid, no duplicate series" || not_ok "invalid after --pair"

# --- apply: applied actions, converged -------------------------------------
run apply -c "$CONF" --pair shop --metrics-file "$M"
expect_rc 0 "apply --pair shop"
expect_eq "$(MC "$M" get rdsclone_applied_actions shop) $(MC "$M" get rdsclone_converged shop) $(MC "$M" get rdsclone_pending_actions shop create_user)" \
  "2.0 1.0 0.0" "apply: 2 applied, converged, nothing pending"

# --- a single pair: "default", or the configuration's name ---------------
S=$TMP/single.prom
run plan --source "$MY_SRC" --target "$MY_TGT" --metrics-file "$S"
expect_rc 0 "single pair plan with metrics"
expect_eq "$(MC "$S" pairs)" "['default']" "a single pair is named default"
printf 'name = "solo";\nsource = %s;\ntarget = %s;\n' "$(ep "$MY_SRC")" "$(ep "$MY_TGT")" > "$TMP/solo.conf"
run plan -c "$TMP/solo.conf" --metrics-file "$S"
expect_eq "$(MC "$S" pairs)" "['default', 'solo']" "the configuration's name names it (default kept)"
expect_out "^in sync: nothing to change$" "single-pair output is the usual one"

# --- an unwritable place fails the run, naming it --------------------------
run plan -c "$CONF" --pair pg --metrics-file "$TMP/no/such/dir/m.prom"
expect_rc 1 "metrics file in a missing directory: exit 1"
expect_err "metrics file \"$TMP/no/such/dir/m.prom\": cannot create" "the message names the path and cause"
printf 'garbage line\n# HELP x y\n' > "$TMP/junk.prom"
run plan -c "$CONF" --pair pg --metrics-file "$TMP/junk.prom"
expect_rc 0 "an old file with foreign lines is replaced"
MC "$TMP/junk.prom" check >/dev/null && ok "foreign lines are dropped" || not_ok "foreign lines kept"
finish
