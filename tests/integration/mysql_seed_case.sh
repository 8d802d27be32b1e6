#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The seed's case: after a replica is re-created, accounts created only on
# the old replica (with schema grants) and binlog retention 72 are missing
# on the new one. plan shows them, apply creates them and verifies, a
# second plan finds nothing, and the servers' own SHOW GRANTS agree.
. "$(dirname "$0")/lib.sh"
reset_servers

for run in src_sql tgt_sql; do
  $run -e "CREATE DATABASE shop; CREATE DATABASE reports;"
done
src_sql -e "
  CREATE USER 'shop_app'@'10.%' IDENTIFIED BY 'S3cret-shop';
  GRANT SELECT, INSERT, UPDATE, DELETE ON shop.* TO 'shop_app'@'10.%';
  CREATE USER 'analyst'@'%' IDENTIFIED BY 'An4lyst';
  GRANT SELECT ON reports.* TO 'analyst'@'%';
  GRANT SELECT ON shop.* TO 'analyst'@'%';"
src_root -e "CALL mysql.rds_set_configuration('binlog retention hours', 72);"

run plan "${PAIR[@]}"
expect_rc 2 "plan finds the missing accounts"
expect_out "create_user +'shop_app'@'10\.%'" "plan names shop_app"
expect_out "set_config +binlog retention hours" "plan sets binlog retention"
expect_no "S3cret" "$TMP/out" "plan output holds no password"

run plan "${PAIR[@]}" --format json
expect_rc 2 "json plan exits 2"
python3 - "$TMP/out" <<'PY' && ok "json report has the contract's fields" || not_ok "json report fields"
import json, re, sys
r = json.load(open(sys.argv[1]))
assert r["version"] == 1
for k in ("source", "target", "summary", "actions"):
    assert k in r, k
assert r["summary"]["create_user"] == 2, r["summary"]
kinds = [a["kind"] for a in r["actions"]]
assert "set_config" in kinds
for a in r["actions"]:
    for k in ("kind", "object", "reason", "sql", "destructive"):
        assert k in a, k
    assert not re.search(r"\*[0-9A-F]{40}", a["sql"] or ""), a["sql"]
    if a["kind"] == "create_user":
        assert "'<redacted>'" in a["sql"], a["sql"]
PY

run apply "${PAIR[@]}" --format json
expect_rc 0 "apply succeeds"
python3 - "$TMP/out" <<'PY' && ok "apply report: all applied, converged" || not_ok "apply report"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["converged"] is True, r["converged"]
assert all(a["status"] == "applied" for a in r["actions"]), r["actions"]
assert r["summary"]["failed"] == 0
PY

run plan "${PAIR[@]}"
expect_rc 0 "second plan finds nothing"
expect_out "in sync" "second plan says in sync"

for acct in "'shop_app'@'10.%'" "'analyst'@'%'"; do
  expect_eq "$(grants_of tgt_sql "$acct")" "$(grants_of src_sql "$acct")" \
    "SHOW GRANTS/CREATE USER for $acct match"
done
expect_eq "$(tgt_sql -e "CALL mysql.rds_show_configuration" | awk -F'\t' '$1=="binlog retention hours"{print $2}')" \
  "72" "target binlog retention hours is 72"
expect_same_dumps "dump of both sides is identical"
finish
