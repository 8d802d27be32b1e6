#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# What a run may touch, and what happens when the target refuses:
# target-only accounts are left alone unless --prune; include/exclude
# patterns; reserved accounts are never changed; privileges the target's
# account cannot grant (as on RDS) are skipped with the reason; a refused
# statement is reported with the server's error, and --continue-on-error
# applies the rest.
. "$(dirname "$0")/lib.sh"
reset_servers
for run in src_sql tgt_sql; do $run -e "CREATE DATABASE app; CREATE TABLE app.t (id INT);"; done
src_sql -e "
  CREATE USER 'app_web'@'%' IDENTIFIED BY 'a'; GRANT SELECT ON app.* TO 'app_web'@'%';
  CREATE USER 'app_web'@'10.%' IDENTIFIED BY 'b';
  CREATE USER 'tmp_x'@'%' IDENTIFIED BY 'c';
  CREATE USER 'rdsadmin'@'localhost' IDENTIFIED BY 'r';"
tgt_sql -e "
  CREATE USER 'legacy'@'%' IDENTIFIED BY 'l'; GRANT SELECT ON app.* TO 'legacy'@'%';
  CREATE USER 'rdsadmin'@'%' IDENTIFIED BY 'other';"

run plan "${PAIR[@]}" --include 'app_*@%'
expect_rc 2 "include app_*@% plans"
expect_out "'app_web'@'%'" "it matches the literal % host"
if grep -q "'app_web'@'10\.%'\|tmp_x\|legacy" "$TMP/out"; then not_ok "include leaves other accounts out"; else ok "include leaves other accounts out"; fi
run plan "${PAIR[@]}" --include 'app_*@*' --exclude '*@10.*'
expect_out "'app_web'@'%'" "include app_*@* with an exclude"
if grep -q "'app_web'@'10\.%'" "$TMP/out"; then not_ok "exclude wins over include"; else ok "exclude wins over include"; fi

run plan "${PAIR[@]}"
if grep -q "legacy\|rdsadmin" "$TMP/out"; then not_ok "target-only and reserved accounts are left alone without --prune"; else ok "target-only and reserved accounts are left alone without --prune"; fi
run plan "${PAIR[@]}" --prune --format json
python3 - "$TMP/out" <<'PY' && ok "--prune drops legacy (destructive, last) but never rdsadmin" || not_ok "--prune"
import json, sys
r = json.load(open(sys.argv[1]))
acts = r["actions"]
drops = [a for a in acts if a["kind"] == "drop_user"]
assert [a["object"] for a in drops] == ["'legacy'@'%'"], drops
assert drops[0]["destructive"] is True
assert acts[-1]["kind"] == "drop_user", acts[-1]
assert not any("rdsadmin" in a["object"] for a in acts)
assert not any(a["kind"] == "revoke" and "legacy" in a["object"] for a in acts)
PY
run apply "${PAIR[@]}" --prune
expect_rc 0 "apply --prune"
expect_eq "$(tgt_sql -e "SELECT COUNT(*) FROM mysql.user WHERE User='legacy'")" "0" "legacy dropped"
expect_eq "$(tgt_sql -e "SELECT Host FROM mysql.user WHERE User='rdsadmin'")" "%" "reserved rdsadmin untouched"

# an RDS-like target account: no SUPER, FILE, SHUTDOWN
tgt_root -e "CREATE USER 'master'@'127.0.0.1' IDENTIFIED BY 'masterpw';
  GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, PROCESS,
        REFERENCES, INDEX, ALTER, SHOW DATABASES, CREATE TEMPORARY TABLES,
        LOCK TABLES, EXECUTE, REPLICATION SLAVE, BINLOG MONITOR, CREATE VIEW,
        SHOW VIEW, CREATE ROUTINE, ALTER ROUTINE, CREATE USER, EVENT, TRIGGER
     ON *.* TO 'master'@'127.0.0.1' WITH GRANT OPTION;"
src_sql -e "CREATE USER 'ops'@'%' IDENTIFIED BY 'o'; GRANT PROCESS, SUPER, FILE ON *.* TO 'ops'@'%';"
RDSCLONE_TARGET_PASSWORD=masterpw run plan --source "$SRC_URI" --target "mysql://master@127.0.0.1:$TGT_PORT" --format json
python3 - "$TMP/out" <<'PY' && ok "SUPER and FILE are skipped with the reason; PROCESS is granted" || not_ok "skip"
import json, sys
r = json.load(open(sys.argv[1]))
skips = [a for a in r["actions"] if a["kind"] == "skip"]
assert len(skips) == 1, skips
assert "FILE" in skips[0]["reason"] and "SUPER" in skips[0]["reason"], skips
assert "'master'@'127.0.0.1'" in skips[0]["reason"], skips
assert skips[0]["status"] == "skipped"
g = [a for a in r["actions"] if a["kind"] == "grant" and "ops" in a["object"]]
assert g and g[0]["sql"] == "GRANT PROCESS ON *.* TO `ops`@`%`", g
PY
RDSCLONE_TARGET_PASSWORD=masterpw run apply --source "$SRC_URI" --target "mysql://master@127.0.0.1:$TGT_PORT"
expect_rc 0 "apply with only skips left exits 0"
expect_out "verify: target matches the source \(except 1 skipped\)" "verify reports the skip"
RDSCLONE_TARGET_PASSWORD=masterpw run plan --source "$SRC_URI" --target "mysql://master@127.0.0.1:$TGT_PORT"
expect_rc 0 "plan with only skips exits 0"

# a statement the target refuses: the account's authentication plugin
# is loaded on the source only (a grant on a table the target lacks is
# no longer one: that is a skip, mysql_missing_objects.sh)
src_root -e "INSTALL SONAME 'auth_ed25519'"
src_sql -e "
  CREATE USER 'r1'@'%' IDENTIFIED VIA ed25519 USING PASSWORD('r1-secret');
  GRANT SELECT ON app.t TO 'r1'@'%';
  CREATE USER 'r2'@'%'; GRANT SELECT ON app.t TO 'r2'@'%';"
run apply "${PAIR[@]}" --format json
expect_rc 1 "a refused statement fails the apply"
python3 - "$TMP/out" <<'PY' && ok "report names the failed action with the server's error; the rest not run" || not_ok "failure report"
import json, sys
r = json.load(open(sys.argv[1]))
failed = [a for a in r["actions"] if a["status"] == "failed"]
assert len(failed) == 1 and failed[0]["object"] == "'r1'@'%'", failed
assert "1524" in failed[0]["error"] and "ed25519" in failed[0]["error"], failed
assert any(a["status"] == "not_run" for a in r["actions"]), r["actions"]
assert r["converged"] is False
PY
expect_err "statements failed|failed" "stderr says statements failed"
run apply "${PAIR[@]}" --continue-on-error --format json
expect_rc 1 "--continue-on-error still exits 1"
python3 - "$TMP/out" <<'PY' && ok "--continue-on-error applied the rest" || not_ok "continue-on-error"
import json, sys
r = json.load(open(sys.argv[1]))
st = {a["object"]: a["status"] for a in r["actions"]}
assert any("r2" in o and s == "applied" for o, s in st.items()), st
assert not any(s == "not_run" for s in st.values()), st
assert len(r["remaining"]) >= 1
PY
src_root -e "DROP USER 'r1'@'%'; UNINSTALL SONAME 'auth_ed25519'"
# a report that cannot be written is a failure, whatever the plan found
expect_lost_report "plan with changes" plan "${PAIR[@]}"
expect_lost_report "plan --format json" plan "${PAIR[@]}" --format json
expect_lost_report "dump" dump --source "$SRC_URI"
expect_lost_report "--help" --help
finish
