#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Grants on objects the target lacks: a table, a column, a routine, a
# whole database. The server refuses such a GRANT (ER_NO_SUCH_TABLE,
# ER_BAD_FIELD_ERROR, ER_SP_DOES_NOT_EXIST), so each is planned as a skip
# "object missing on target" before anything runs; everything else
# converges and apply exits 0. A table grant that includes CREATE is
# legal on a missing table and is applied; so is a database grant on a
# missing database.
. "$(dirname "$0")/lib.sh"
reset_servers

src_sql -e "
  CREATE DATABASE app;
  CREATE TABLE app.t (id INT, secret INT);
  CREATE TABLE app.only_src (id INT);
  CREATE TABLE app.Later (id INT);
  CREATE PROCEDURE app.refresh() SELECT 1;
  CREATE PROCEDURE app.only_src_proc() SELECT 1;
  CREATE DATABASE src_only_db;
  CREATE TABLE src_only_db.t (id INT);
  CREATE USER 'web'@'%' IDENTIFIED BY 'w';
  GRANT SELECT ON app.t TO 'web'@'%';
  GRANT SELECT (id), UPDATE (secret) ON app.t TO 'web'@'%';
  GRANT SELECT, INSERT ON app.only_src TO 'web'@'%';
  GRANT CREATE, SELECT ON app.Later TO 'web'@'%';
  GRANT EXECUTE ON PROCEDURE app.refresh TO 'web'@'%';
  GRANT EXECUTE ON PROCEDURE app.only_src_proc TO 'web'@'%';
  GRANT SELECT ON src_only_db.t TO 'web'@'%';
  GRANT SELECT ON src_only_db.* TO 'web'@'%';"
# the target: app with t (without the column secret) and refresh only
tgt_sql -e "
  CREATE DATABASE app;
  CREATE TABLE app.t (ID INT);
  CREATE PROCEDURE app.REFRESH() SELECT 1;"

run plan "${PAIR[@]}" --format json
expect_rc 2 "plan finds the grants"
python3 - "$TMP/out" <<'PY' && ok "grants on missing objects are skips, the rest is planned" || not_ok "plan"
import json, sys
r = json.load(open(sys.argv[1]))
acts = r["actions"]
skips = {a["object"]: a for a in acts if a["kind"] == "skip"}
want = {
    "'web'@'%' on `app`.`only_src`",
    "'web'@'%' on `app`.`t` (`secret`)",
    "'web'@'%' on PROCEDURE `app`.`only_src_proc`",
    "'web'@'%' on `src_only_db`.`t`",
}
assert set(skips) == want, skips
for a in skips.values():
    assert a["reason"] == "object missing on target", a
    assert a["sql"] is None and a["status"] == "skipped", a
sql = [a["sql"] for a in acts if a["sql"]]
for s in ["GRANT SELECT ON `app`.`t` TO `web`@`%`",
          "GRANT SELECT (`id`) ON `app`.`t` TO `web`@`%`",
          "GRANT CREATE, SELECT ON `app`.`Later` TO `web`@`%`",
          "GRANT EXECUTE ON PROCEDURE `app`.`refresh` TO `web`@`%`",
          "GRANT SELECT ON `src_only_db`.* TO `web`@`%`"]:
    assert s in sql, (s, sql)
assert not any("only_src" in s or "secret" in s for s in sql), sql
assert r["summary"]["skip"] == 4, r["summary"]
PY

run apply "${PAIR[@]}" --format json
expect_rc 0 "apply exits 0: only skips are left"
python3 - "$TMP/out" <<'PY' && ok "applied, converged, the skips reported" || not_ok "apply report"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["converged"] is True, r.get("remaining")
st = [a["status"] for a in r["actions"]]
assert st.count("skipped") == 4 and st.count("failed") == 0, st
assert all(s in ("applied", "skipped") for s in st), st
# the verifying re-read finds the same skips, nothing pending
assert all(a["kind"] == "skip" for a in r["remaining"]), r["remaining"]
PY
expect_eq "$(tgt_sql -e "SHOW GRANTS FOR 'web'@'%'" | sort)" \
"GRANT EXECUTE ON PROCEDURE \`app\`.\`refresh\` TO \`web\`@\`%\`
GRANT SELECT ON \`src_only_db\`.* TO \`web\`@\`%\`
GRANT SELECT, CREATE ON \`app\`.\`Later\` TO \`web\`@\`%\`
GRANT SELECT, SELECT (\`id\`) ON \`app\`.\`t\` TO \`web\`@\`%\`
GRANT USAGE ON *.* TO \`web\`@\`%\` IDENTIFIED BY PASSWORD '$(src_sql -e "SELECT PASSWORD('w')")'" \
  "the target holds every grant whose object it has"
run plan "${PAIR[@]}"
expect_rc 0 "second plan: only the skips"
expect_out "skip +'web'@'%' on \`app\`\.\`only_src\` +\(object missing on target\)" "text report names the skip"

# once the objects exist, the grants go in
tgt_sql -e "
  CREATE TABLE app.only_src (id INT);
  ALTER TABLE app.t ADD COLUMN secret INT;
  CREATE PROCEDURE app.only_src_proc() SELECT 1;
  CREATE DATABASE src_only_db; CREATE TABLE src_only_db.t (id INT);"
run apply "${PAIR[@]}"
expect_rc 0 "apply after the objects were created"
run plan "${PAIR[@]}" --format json
expect_rc 0 "and nothing is left"
python3 - "$TMP/out" <<'PY' && ok "not even a skip" || not_ok "no skips"
import json, sys
assert json.load(open(sys.argv[1]))["actions"] == []
PY
finish
