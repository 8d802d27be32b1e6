#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# MariaDB 10.11's PUBLIC, accounts named PUBLIC, and PROXY grants. PUBLIC
# (the server's role with the empty host) gets privileges at every level
# and a role; 'PUBLIC'@'localhost' and 'PUBLIC'@'%' are ordinary
# accounts; PROXY grants with and without GRANT OPTION, to users and to
# PUBLIC. The target has drift of its own. plan lists it all (exit 2),
# apply exits 0, a second plan exits 0, and the servers' own tables
# (global_priv, db, tables_priv, columns_priv, procs_priv, roles_mapping,
# proxies_priv), read with the mariadb client, are the same on both.
. "$(dirname "$0")/lib.sh"
reset_servers

for run in src_sql tgt_sql; do
  $run -e "
    CREATE DATABASE app;
    CREATE TABLE app.t (a INT, b INT);
    CREATE PROCEDURE app.p() SELECT 1;"
done
src_sql -e "
  GRANT SELECT ON *.* TO PUBLIC;
  GRANT SELECT, INSERT ON app.* TO PUBLIC;
  GRANT UPDATE, SELECT (a) ON app.t TO PUBLIC;
  GRANT EXECUTE ON PROCEDURE app.p TO PUBLIC;
  CREATE ROLE reader;
  GRANT SELECT ON app.* TO reader;
  GRANT reader TO PUBLIC;
  CREATE USER 'PUBLIC'@'localhost' IDENTIFIED BY 'pub-local';
  CREATE USER 'PUBLIC'@'%' IDENTIFIED BY 'pub-any';
  GRANT SELECT ON app.* TO 'PUBLIC'@'localhost';
  GRANT DELETE ON app.t TO 'PUBLIC'@'%';
  CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw';
  CREATE USER 'svc'@'%' IDENTIFIED BY 'svc-pw';
  CREATE USER 'ops'@'%' IDENTIFIED BY 'ops-pw';"
# PROXY needs PROXY WITH GRANT OPTION (as root has from mysql_install_db)
src_root -e "
  GRANT PROXY ON 'app'@'%' TO 'svc'@'%';
  GRANT PROXY ON 'app'@'%' TO 'ops'@'%' WITH GRANT OPTION;
  GRANT PROXY ON 'svc'@'%' TO PUBLIC;
  GRANT PROXY ON 'app'@'%' TO 'PUBLIC'@'localhost';"
# the target's own drift: a grant to PUBLIC, a proxy and a grant option
# the source does not have
tgt_sql -e "
  GRANT DELETE ON app.* TO PUBLIC;
  CREATE USER 'ops'@'%' IDENTIFIED BY 'ops-pw';
  CREATE USER 'app'@'%' IDENTIFIED BY 'app-pw';
  CREATE USER 'svc'@'%' IDENTIFIED BY 'svc-pw';"
tgt_root -e "
  GRANT PROXY ON 'svc'@'%' TO 'ops'@'%' WITH GRANT OPTION;
  GRANT PROXY ON 'app'@'%' TO 'svc'@'%' WITH GRANT OPTION;"

# rdsclone's target account (the harness's admin) cannot grant PROXY yet:
# skips with the reason, found before anything runs
run plan "${PAIR[@]}" --format json
expect_rc 2 "plan without PROXY rights on the target"
python3 - "$TMP/out" <<'PY' && ok "PROXY grants are skips naming the target account" || not_ok "PROXY skips"
import json, sys
r = json.load(open(sys.argv[1]))
skips = [a for a in r["actions"] if a["kind"] == "skip"]
assert skips and all(a["object"].startswith("PROXY on ") for a in skips), skips
assert all("'admin'@'127.0.0.1' lacks PROXY WITH GRANT OPTION" in a["reason"]
           for a in skips), skips
assert not any((a["sql"] or "").startswith(("GRANT PROXY", "REVOKE PROXY"))
               for a in r["actions"]), r["actions"]
PY
for run in src_root tgt_root; do
  $run -e "GRANT PROXY ON ''@'%' TO 'admin'@'127.0.0.1' WITH GRANT OPTION"
done

run plan "${PAIR[@]}" --format json
expect_rc 2 "plan finds PUBLIC, accounts named PUBLIC and PROXY grants"
cp "$TMP/out" "$TMP/plan.json"
python3 - "$TMP/out" <<'PY' && ok "the plan holds every grant, PUBLIC as the keyword, no CREATE/DROP of PUBLIC" || not_ok "plan content"
import json, sys
r = json.load(open(sys.argv[1]))
acts = r["actions"]
sql = [a["sql"] for a in acts if a["sql"]]
want = [
    "GRANT SELECT ON *.* TO PUBLIC",
    "GRANT INSERT, SELECT ON `app`.* TO PUBLIC",
    "GRANT UPDATE ON `app`.`t` TO PUBLIC",
    "GRANT SELECT (`a`) ON `app`.`t` TO PUBLIC",
    "GRANT EXECUTE ON PROCEDURE `app`.`p` TO PUBLIC",
    "GRANT `reader` TO PUBLIC",
    "REVOKE DELETE ON `app`.* FROM PUBLIC",
    "GRANT SELECT ON `app`.* TO `PUBLIC`@`localhost`",
    "GRANT DELETE ON `app`.`t` TO `PUBLIC`@`%`",
    "GRANT PROXY ON `app`@`%` TO `svc`@`%`",
    "GRANT PROXY ON `app`@`%` TO `ops`@`%` WITH GRANT OPTION",
    "GRANT PROXY ON `svc`@`%` TO PUBLIC",
    "GRANT PROXY ON `app`@`%` TO `PUBLIC`@`localhost`",
    "REVOKE PROXY ON `svc`@`%` FROM `ops`@`%`",
]
missing = [w for w in want if w not in sql]
assert not missing, (missing, sql)
creates = [a["sql"] for a in acts if a["kind"] == "create_user"]
assert any(s.startswith("CREATE USER `PUBLIC`@`localhost`") for s in creates), creates
assert any(s.startswith("CREATE USER `PUBLIC`@`%`") for s in creates), creates
assert not any("ROLE `PUBLIC`" in s or "ROLE PUBLIC" in s for s in sql), sql
# the grant option only on the target: revoked, then granted without
i = sql.index("GRANT PROXY ON `app`@`%` TO `svc`@`%`")
assert "REVOKE PROXY ON `app`@`%` FROM `svc`@`%`" in sql[:i], sql
# proxies after the accounts they name
last_create = max(k for k, a in enumerate(acts) if a["kind"] == "create_user")
first_proxy = min(k for k, a in enumerate(acts)
                  if (a["sql"] or "").startswith("GRANT PROXY"))
assert last_create < first_proxy
# secrets stay redacted
assert "pub-local" not in open(sys.argv[1]).read()
assert not any(a["kind"] == "skip" for a in acts), acts
PY
run plan "${PAIR[@]}"
expect_out "grant +PUBLIC on \`app\`\.\* +\(missing on target: INSERT, SELECT\)" "text report names PUBLIC"
expect_out "grant +PROXY on 'app'@'%' to 'ops'@'%'" "text report names the proxy"

run apply "${PAIR[@]}" --format json
expect_rc 0 "apply"
python3 - "$TMP/out" <<'PY' && ok "every statement applied and verified" || not_ok "apply report"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["converged"] is True, r.get("remaining")
assert all(a["status"] == "applied" for a in r["actions"]), \
    [a for a in r["actions"] if a["status"] != "applied"]
PY
run plan "${PAIR[@]}" --strict --format json
expect_rc 0 "second plan finds nothing, --strict: nothing left uncompared"
python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); assert r["not_compared"] == [], r["not_compared"]' "$TMP/out" \
  && ok "not_compared is empty on MariaDB 10.11 with PUBLIC and PROXY" || not_ok "not_compared"

# The servers' own view, independent of rdsclone: every privilege row but
# the harness's (root, admin, mariadb.sys), bookkeeping columns left out.
catalog() {
  $1 -e "
    SELECT 'global_priv', User, Host,
           JSON_REMOVE(Priv, '\$.password_last_changed', '\$.version_id')
      FROM mysql.global_priv
     WHERE User NOT IN ('root', 'admin', 'mariadb.sys') ORDER BY 2, 3;
    SELECT 'db', User, Host, Db, Select_priv, Insert_priv, Update_priv,
           Delete_priv, Create_priv, Drop_priv, Grant_priv, Execute_priv
      FROM mysql.db
     WHERE User NOT IN ('root', 'admin', 'mariadb.sys') ORDER BY 2, 3, 4;
    SELECT 'tables_priv', User, Host, Db, Table_name, Table_priv, Column_priv
      FROM mysql.tables_priv
     WHERE User NOT IN ('root', 'admin', 'mariadb.sys') ORDER BY 2, 3, 4, 5;
    SELECT 'columns_priv', User, Host, Db, Table_name, Column_name,
           Column_priv
      FROM mysql.columns_priv
     WHERE User NOT IN ('root', 'admin', 'mariadb.sys')
     ORDER BY 2, 3, 4, 5, 6;
    SELECT 'procs_priv', User, Host, Db, Routine_type, Routine_name,
           Proc_priv
      FROM mysql.procs_priv
     WHERE User NOT IN ('root', 'admin', 'mariadb.sys')
     ORDER BY 2, 3, 4, 5, 6;
    SELECT 'roles_mapping', User, Host, Role, Admin_option
      FROM mysql.roles_mapping
     WHERE User NOT IN ('root', 'admin', 'mariadb.sys') ORDER BY 2, 3, 4;
    SELECT 'proxies_priv', User, Host, Proxied_user, Proxied_host,
           With_grant
      FROM mysql.proxies_priv
     WHERE User NOT IN ('root', 'admin', 'mariadb.sys') ORDER BY 2, 3, 4, 5;"
}
catalog src_root > "$TMP/cat_src"
catalog tgt_root > "$TMP/cat_tgt"
if diff -u "$TMP/cat_src" "$TMP/cat_tgt" > "$TMP/cat_diff"; then
  ok "the servers' privilege tables are identical"
else
  not_ok "the servers' privilege tables differ"; head -40 "$TMP/cat_diff"
fi
# and they hold what was seeded (the comparison is not of two empty sets)
expect_eq "$(grep -c '^proxies_priv' "$TMP/cat_tgt")" "4" "four PROXY grants on the target"
expect_eq "$(grep -c $'\tPUBLIC\t\t' "$TMP/cat_tgt")" "7" "PUBLIC's seven rows (role, db, table, column, routine, role grant, proxy)"
expect_eq "$(tgt_root -e "SELECT COUNT(*) FROM mysql.global_priv WHERE User = 'PUBLIC' AND Host <> ''")" "2" "both accounts named PUBLIC exist on the target"
expect_eq "$(tgt_root -e "SHOW GRANTS FOR PUBLIC" | sort)" \
  "$(src_root -e "SHOW GRANTS FOR PUBLIC" | sort)" "SHOW GRANTS FOR PUBLIC alike"

# --prune never drops PUBLIC (the server owns it); with an exclude it is
# out of scope
run plan "${PAIR[@]}" --prune --format json
expect_rc 0 "--prune: nothing to drop, PUBLIC included"
tgt_sql -e "GRANT INSERT ON app.t TO PUBLIC"
run plan "${PAIR[@]}" --exclude 'PUBLIC@'
expect_rc 0 "PUBLIC@ excluded: its drift is not looked at"
run plan "${PAIR[@]}"
expect_rc 2 "its drift is found otherwise"
expect_out "REVOKE INSERT ON \`app\`\.\`t\` FROM PUBLIC" "and revoked"
finish
