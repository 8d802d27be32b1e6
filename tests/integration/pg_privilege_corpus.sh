#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# PostgreSQL: every kind of privilege the server keeps, in the shapes its
# own regression suite (privileges.sql, rolenames.sql) leaves behind:
# roles named "None" and "Public", predefined roles as members, column
# privileges (a system column too), large objects, languages, foreign-data
# wrappers and servers, types and domains, a tablespace, parameters,
# owners who revoked their own privileges, default privileges of an
# ordinary and a predefined role, grants to PUBLIC, membership options and
# grantors (16+), MAINTAIN (17+). Both servers hold the same objects (a
# restore without privileges); only the source holds the grants, the
# target some drift. apply converges, a second plan exits 0 with nothing
# left uncompared, and an independent catalog query (not rdsclone's) finds
# no difference. Objects only the source has are skips. The two defects
# of the privilege-coverage issue (VALID UNTIL 'infinity' against none; a
# pg_* role as a member) are checked on their own first; changes to the
# privileges of system objects are copied both ways.
. "$(dirname "$0")/lib_pg.sh"
reset_servers

src_ver=$(src_psql -c "SHOW server_version_num")
tgt_ver=$(tgt_psql -c "SHOW server_version_num")
both16=$(( src_ver >= 160000 && tgt_ver >= 160000 ))
both17=$(( src_ver >= 170000 && tgt_ver >= 170000 ))

# ---- defect 1: VALID UNTIL 'infinity' on the target, none on the source
src_psql -c "CREATE ROLE regress_forever LOGIN"
tgt_psql -c "CREATE ROLE regress_forever LOGIN VALID UNTIL 'infinity'"
run plan "${PAIR[@]}" --format json
expect_rc 0 "no VALID UNTIL and 'infinity' are the same (plan exits 0)"
tgt_psql -c "ALTER ROLE regress_forever VALID UNTIL '2030-01-01 00:00:00+00'"
run apply "${PAIR[@]}"
expect_rc 0 "a target expiry the source lacks is set to 'infinity' and verifies"
expect_eq "$(tgt_psql -c "SELECT rolvaliduntil FROM pg_roles WHERE rolname = 'regress_forever'")" \
  "infinity" "the target role never expires"

# ---- defect 2: a predefined role as the member of an ordinary one
for run in src_psql tgt_psql; do $run -c "CREATE ROLE regress_signal_group"; done
src_psql -c "GRANT regress_signal_group TO pg_signal_backend"
run plan "${PAIR[@]}" --format json
expect_rc 2 "a grant to pg_signal_backend as member is planned"
expect_out 'GRANT \\"regress_signal_group\\" TO \\"pg_signal_backend\\"' "the GRANT names pg_signal_backend"
run apply "${PAIR[@]}"
expect_rc 0 "apply copies it"
q="SELECT r.rolname || '>' || m.rolname FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member WHERE r.rolname = 'regress_signal_group'"
expect_eq "$(tgt_psql -c "$q")" "regress_signal_group>pg_signal_backend" "the target has the membership"

# ---- the corpus
tsdir_src=$TMP/ts_src tsdir_tgt=$TMP/ts_tgt
mkdir -p "$tsdir_src" "$tsdir_tgt"
[ "$(id -u)" -ne 0 ] || chown postgres: "$tsdir_src" "$tsdir_tgt"
chmod 755 "$TMP"
src_psql -c "DROP TABLESPACE IF EXISTS regress_tblspace" -c "CREATE TABLESPACE regress_tblspace LOCATION '$tsdir_src'"
tgt_psql -c "DROP TABLESPACE IF EXISTS regress_tblspace" -c "CREATE TABLESPACE regress_tblspace LOCATION '$tsdir_tgt'"
for run in src_psql tgt_psql; do
  $run -c 'CREATE ROLE regress_owner; CREATE ROLE "None"; CREATE ROLE "Public"' \
       -c "CREATE DATABASE corpus OWNER regress_owner"
  $run corpus <<'SQL'
SET ROLE regress_owner;
CREATE SCHEMA s;
CREATE TABLE s.atest1 (a int, b text);
CREATE TABLE s.atest2 (col1 varchar(10), col2 boolean);
CREATE TABLE s.atest5 (one int, two int, three int);
CREATE VIEW s.atestv1 AS SELECT * FROM s.atest1;
CREATE SEQUENCE s.seq1;
CREATE FUNCTION s.priv_testfunc1(int) RETURNS int AS 'select 2 * $1;' LANGUAGE sql;
CREATE PROCEDURE s.priv_testproc1(int) AS 'select $1;' LANGUAGE sql;
CREATE DOMAIN s.priv_testdomain1 AS int;
CREATE TYPE s.priv_testtype1 AS (a int, b text);
RESET ROLE;
CREATE FOREIGN DATA WRAPPER regress_fdw;
CREATE SERVER regress_server FOREIGN DATA WRAPPER regress_fdw;
SELECT lo_create(1001);
SELECT lo_create(1002);
SQL
done
src_psql corpus <<'SQL'
SET ROLE regress_owner;
CREATE TABLE s.only_on_source (x int);
GRANT SELECT ON s.only_on_source TO "None";
RESET ROLE;
SELECT lo_create(1003);
GRANT SELECT ON LARGE OBJECT 1003 TO "Public";
SQL
src_psql <<'SQL'
CREATE USER regress_priv_user1;
CREATE USER regress_priv_user2;
CREATE USER regress_priv_user3;
CREATE USER regress_priv_user4;
CREATE GROUP regress_priv_group1;
CREATE GROUP regress_priv_group2 WITH USER regress_priv_user1, regress_priv_user2;
ALTER GROUP regress_priv_group1 ADD USER regress_priv_user4;
GRANT regress_priv_group2 TO regress_priv_user4 WITH ADMIN OPTION;
GRANT pg_read_all_data TO regress_priv_user3;
GRANT regress_priv_group1 TO pg_monitor;
GRANT CREATE ON TABLESPACE regress_tblspace TO regress_priv_user1 WITH GRANT OPTION;
GRANT SET ON PARAMETER work_mem TO regress_priv_user1;
GRANT ALTER SYSTEM ON PARAMETER log_min_duration_statement TO regress_priv_user2 WITH GRANT OPTION;
GRANT CONNECT ON DATABASE corpus TO "Public";
REVOKE TEMPORARY ON DATABASE corpus FROM PUBLIC;
SQL
src_psql corpus <<'SQL'
SET ROLE regress_owner;
REVOKE ALL ON s.atest1 FROM PUBLIC;
GRANT ALL ON s.atest1 TO regress_priv_user2;
GRANT SELECT ON s.atest1 TO regress_priv_user3, regress_priv_user4 WITH GRANT OPTION;
GRANT SELECT ON s.atest2 TO PUBLIC;
GRANT UPDATE ON s.atest2 TO regress_priv_user3;
REVOKE UPDATE, TRUNCATE ON s.atest2 FROM regress_owner;
GRANT SELECT (one), INSERT (two), UPDATE (three), REFERENCES (one) ON s.atest5 TO regress_priv_user4;
GRANT SELECT (ctid) ON s.atest5 TO regress_priv_user2;
GRANT SELECT (one) ON s.atest5 TO "None" WITH GRANT OPTION;
GRANT SELECT ON s.atestv1 TO regress_priv_group2;
GRANT USAGE, SELECT ON SEQUENCE s.seq1 TO regress_priv_user1;
REVOKE EXECUTE ON FUNCTION s.priv_testfunc1(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION s.priv_testfunc1(int) TO "None";
REVOKE ALL ON PROCEDURE s.priv_testproc1(int) FROM PUBLIC;
GRANT CREATE, USAGE ON SCHEMA s TO "Public";
REVOKE USAGE ON DOMAIN s.priv_testdomain1 FROM PUBLIC;
GRANT USAGE ON DOMAIN s.priv_testdomain1 TO regress_priv_user1;
GRANT USAGE ON TYPE s.priv_testtype1 TO regress_priv_user2 WITH GRANT OPTION;
RESET ROLE;
GRANT USAGE ON FOREIGN DATA WRAPPER regress_fdw TO regress_priv_user2 WITH GRANT OPTION;
GRANT USAGE ON FOREIGN SERVER regress_server TO regress_priv_user3;
REVOKE USAGE ON LANGUAGE sql FROM PUBLIC;
GRANT USAGE ON LANGUAGE sql TO regress_priv_user1;
GRANT SELECT ON LARGE OBJECT 1001 TO regress_priv_user1;
GRANT SELECT, UPDATE ON LARGE OBJECT 1002 TO PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE regress_priv_user1 GRANT SELECT ON TABLES TO regress_priv_user2;
ALTER DEFAULT PRIVILEGES FOR ROLE regress_priv_user1 IN SCHEMA s GRANT INSERT ON TABLES TO "None";
ALTER DEFAULT PRIVILEGES FOR ROLE pg_monitor GRANT USAGE ON SEQUENCES TO regress_priv_user3;
ALTER DEFAULT PRIVILEGES FOR ROLE regress_owner REVOKE USAGE ON TYPES FROM PUBLIC;
SQL
if [ "$both16" -eq 1 ]; then
  src_psql -c "GRANT regress_priv_group1 TO regress_priv_user2 WITH INHERIT FALSE, SET FALSE" \
           -c "GRANT regress_priv_group2 TO regress_priv_user3 GRANTED BY regress_priv_user4"
fi
if [ "$both17" -eq 1 ]; then
  src_psql -c "GRANT pg_maintain TO regress_priv_user1"
  src_psql corpus -c "GRANT MAINTAIN ON s.atest1 TO regress_priv_user1"
fi
# drift only on the target: to be taken away
tgt_psql -c "CREATE ROLE regress_priv_user3 LOGIN; CREATE ROLE regress_priv_group2" \
         -c "GRANT regress_priv_group2 TO regress_priv_user3 WITH ADMIN OPTION"
tgt_psql corpus <<'SQL'
SET ROLE regress_owner;
GRANT DELETE ON s.atest1 TO regress_priv_user3;
GRANT UPDATE (two) ON s.atest5 TO regress_priv_user3;
REVOKE SELECT ON s.atest5 FROM regress_owner;
RESET ROLE;
GRANT UPDATE ON LARGE OBJECT 1001 TO regress_priv_user3;
SQL

run plan "${PAIR[@]}" --format json
expect_rc 2 "plan finds the corpus's differences"
cp "$TMP/out" "$TMP/plan.json"
python3 - "$TMP/plan.json" <<'PY' && ok "plan: every kind is planned, missing objects are skips" || not_ok "plan contents"
import json, sys
r = json.load(open(sys.argv[1]))
sql = "\n".join(a["sql"] or "" for a in r["actions"])
for s in ['GRANT REFERENCES (\"one\"), SELECT (\"one\") ON TABLE \"s\".\"atest5\" TO \"regress_priv_user4\"',
          'GRANT INSERT (\"two\") ON TABLE \"s\".\"atest5\" TO \"regress_priv_user4\"',
          'GRANT SELECT (\"ctid\") ON TABLE \"s\".\"atest5\" TO \"regress_priv_user2\"',
          'ON LARGE OBJECT 1001 TO \"regress_priv_user1\"',
          'ON LANGUAGE \"sql\" FROM PUBLIC',
          'ON FOREIGN DATA WRAPPER \"regress_fdw\" TO \"regress_priv_user2\" WITH GRANT OPTION',
          'ON FOREIGN SERVER \"regress_server\" TO \"regress_priv_user3\"',
          'ON DOMAIN \"s\".\"priv_testdomain1\" FROM PUBLIC',
          'ON TYPE \"s\".\"priv_testtype1\" TO \"regress_priv_user2\" WITH GRANT OPTION',
          'ON TABLESPACE \"regress_tblspace\" TO \"regress_priv_user1\" WITH GRANT OPTION',
          'GRANT SET ON PARAMETER \"work_mem\" TO \"regress_priv_user1\"',
          'REVOKE TRUNCATE, UPDATE ON TABLE \"s\".\"atest2\" FROM \"regress_owner\"',
          'GRANT SELECT ON TABLE \"s\".\"atest5\" TO \"regress_owner\"',
          'ALTER DEFAULT PRIVILEGES FOR ROLE \"pg_monitor\" GRANT USAGE ON SEQUENCES',
          'GRANT \"regress_priv_group1\" TO \"pg_monitor\"',
          'GRANT \"pg_read_all_data\" TO \"regress_priv_user3\"']:
    assert s in sql, s
skips = [a for a in r["actions"] if a["kind"] == "skip"]
missing = sorted(a["object"] for a in skips if a["reason"] == "object missing on target")
assert any("only_on_source" in o for o in missing), skips
assert any("LARGE OBJECT 1003" in o for o in missing), skips
assert r["summary"]["skipped"] == len(skips)
assert r["not_compared"] == [], r["not_compared"]
PY

run apply "${PAIR[@]}" --format json
expect_rc 0 "apply converges (skips aside)"
run plan "${PAIR[@]}" --format json --strict
expect_rc 0 "a second plan, --strict, finds nothing to change and nothing uncompared"
python3 - "$TMP/out" <<'PY' && ok "the second plan holds only the skips of objects the target lacks" || not_ok "second plan"
import json, sys
r = json.load(open(sys.argv[1]))
assert all(a["kind"] == "skip" for a in r["actions"]), r["actions"]
assert r["not_compared"] == []
PY

# An independent look at both catalogs: every ACL entry exploded (grantee,
# privilege, grant option; a NULL ACL as the defaults it stands for), the
# owner's shown as OWNER, grantors aside (README: a superuser's grant is
# recorded with the owner as grantor).
acl_rows='
WITH sys AS (SELECT oid FROM pg_namespace WHERE nspname ~ $$^pg_$$ OR nspname = $$information_schema$$),
o(kind, name, owner, acl) AS (
  SELECT $$rel$$, c.oid::regclass::text, c.relowner, coalesce(c.relacl, acldefault(CASE c.relkind WHEN $$S$$ THEN $$s$$ ELSE $$r$$ END::"char", c.relowner)) FROM pg_class c WHERE c.relnamespace NOT IN (SELECT oid FROM sys) AND c.relname <> $$only_on_source$$ AND c.relkind IN ($$r$$, $$v$$, $$S$$)
  UNION ALL SELECT $$col$$, a.attrelid::regclass::text || $$.$$ || a.attname, c.relowner, a.attacl FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace NOT IN (SELECT oid FROM sys) AND a.attacl IS NOT NULL
  UNION ALL SELECT $$proc$$, p.oid::regprocedure::text, p.proowner, coalesce(p.proacl, acldefault($$f$$, p.proowner)) FROM pg_proc p WHERE p.pronamespace NOT IN (SELECT oid FROM sys)
  UNION ALL SELECT $$type$$, t.oid::regtype::text, t.typowner, coalesce(t.typacl, acldefault($$T$$, t.typowner)) FROM pg_type t WHERE t.typnamespace NOT IN (SELECT oid FROM sys) AND t.typname !~ $$only_on_source$$
  UNION ALL SELECT $$nsp$$, n.nspname, n.nspowner, coalesce(n.nspacl, acldefault($$n$$, n.nspowner)) FROM pg_namespace n WHERE n.oid NOT IN (SELECT oid FROM sys)
  UNION ALL SELECT $$lang$$, l.lanname, l.lanowner, coalesce(l.lanacl, acldefault($$l$$, l.lanowner)) FROM pg_language l
  UNION ALL SELECT $$fdw$$, w.fdwname, w.fdwowner, coalesce(w.fdwacl, acldefault($$F$$, w.fdwowner)) FROM pg_foreign_data_wrapper w
  UNION ALL SELECT $$srv$$, s.srvname, s.srvowner, coalesce(s.srvacl, acldefault($$S$$, s.srvowner)) FROM pg_foreign_server s
  UNION ALL SELECT $$lo$$, l.oid::text, l.lomowner, coalesce(l.lomacl, acldefault($$L$$, l.lomowner)) FROM pg_largeobject_metadata l WHERE l.oid <> 1003
  UNION ALL SELECT $$defacl$$, d.defaclrole::regrole::text || $$ in $$ || coalesce(d.defaclnamespace::regnamespace::text, $$*$$) || $$ $$ || d.defaclobjtype::text, 0, d.defaclacl FROM pg_default_acl d)
SELECT o.kind, o.name, coalesce(CASE WHEN a.grantee = o.owner THEN $$OWNER$$ WHEN a.grantee = 0 THEN $$PUBLIC$$ ELSE a.grantee::regrole::text END, $$(default)$$), a.privilege_type, a.is_grantable
  FROM o LEFT JOIN LATERAL aclexplode(o.acl) a ON true ORDER BY 1, 2, 3, 4'
cluster_rows='
SELECT $$db$$, d.datname, CASE WHEN a.grantee = d.datdba THEN $$OWNER$$ WHEN a.grantee = 0 THEN $$PUBLIC$$ ELSE a.grantee::regrole::text END, a.privilege_type, a.is_grantable FROM pg_database d, aclexplode(coalesce(d.datacl, acldefault($$d$$, d.datdba))) a WHERE d.datname = $$corpus$$
UNION ALL SELECT $$ts$$, t.spcname, CASE WHEN a.grantee = t.spcowner THEN $$OWNER$$ ELSE a.grantee::regrole::text END, a.privilege_type, a.is_grantable FROM pg_tablespace t, aclexplode(coalesce(t.spcacl, acldefault($$t$$, t.spcowner))) a
UNION ALL SELECT $$param$$, p.parname, a.grantee::regrole::text, a.privilege_type, a.is_grantable FROM pg_parameter_acl p, aclexplode(p.paracl) a
ORDER BY 1, 2, 3, 4'
role_rows="SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls, rolconnlimit, coalesce(rolvaliduntil, 'infinity') FROM pg_roles WHERE oid <> 10 AND rolname !~ '^pg_' ORDER BY 1"
if [ "$both16" -eq 1 ]; then
  member_rows="SELECT r.rolname, m.rolname, CASE WHEN a.grantor = 10 THEN '' ELSE a.grantor::regrole::text END, a.admin_option, a.inherit_option, a.set_option FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member ORDER BY 1, 2, 3"
else
  member_rows="SELECT r.rolname, m.rolname, a.admin_option FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member ORDER BY 1, 2"
fi
# (each query's result in a variable first: a failing query stops the test)
for q in acl_rows cluster_rows role_rows member_rows; do
  db=postgres; [ $q = acl_rows ] && db=corpus
  src_rows=$(src_psql $db -c "${!q}")
  tgt_rows=$(tgt_psql $db -c "${!q}")
  if [ "$(( src_ver >= 170000 ))" != "$(( tgt_ver >= 170000 ))" ]; then
    # 17 gives owners (and a default ACL's defining role) MAINTAIN too:
    # part of each version's own defaults, not a privilege to copy
    src_rows=$(printf '%s\n' "$src_rows" | awk -F'|' '!($4 == "MAINTAIN" && ($3 == "OWNER" || ($1 == "defacl" && index($2, $3 " in ") == 1)))')
    tgt_rows=$(printf '%s\n' "$tgt_rows" | awk -F'|' '!($4 == "MAINTAIN" && ($3 == "OWNER" || ($1 == "defacl" && index($2, $3 " in ") == 1)))')
  fi
  [ -n "$src_rows" ] || { not_ok "$q: no rows on the source"; continue; }
  if [ "$tgt_rows" == "$src_rows" ]; then ok "independent check: $q match"
  else not_ok "independent check: $q differ"
    diff <(echo "$src_rows") <(echo "$tgt_rows") | head -20; fi
done

# ---- system objects: changes from what initdb made them, both ways
src_psql corpus <<'SQL'
GRANT EXECUTE ON FUNCTION pg_catalog.pg_ls_dir(text) TO regress_priv_user1;
GRANT SELECT (rolname) ON pg_catalog.pg_authid TO regress_priv_user2 WITH GRANT OPTION;
REVOKE EXECUTE ON FUNCTION pg_catalog.to_hex(integer) FROM PUBLIC;
GRANT USAGE ON SCHEMA information_schema TO "None";
SQL
tgt_psql corpus -c "REVOKE SELECT ON information_schema.tables FROM PUBLIC"
run plan "${PAIR[@]}" --format json --databases corpus
expect_rc 2 "changed privileges on system objects are planned"
python3 - "$TMP/out" <<'PY' && ok "plan: the system objects' grants, the revoke, and the default given back" || not_ok "system object plan"
import json, sys
r = json.load(open(sys.argv[1]))
acts = [a for a in r["actions"] if a["kind"] != "skip"]
sql = {a["sql"]: a["reason"] for a in acts}
want = {
  'GRANT EXECUTE ON ROUTINE "pg_catalog"."pg_ls_dir"(text) TO "regress_priv_user1"': "missing on target: EXECUTE",
  'GRANT SELECT ("rolname") ON TABLE "pg_catalog"."pg_authid" TO "regress_priv_user2" WITH GRANT OPTION': "missing on target (with grant option): SELECT",
  'REVOKE EXECUTE ON ROUTINE "pg_catalog"."to_hex"(integer) FROM PUBLIC': "the server's default privilege taken away on source: EXECUTE",
  'GRANT USAGE ON SCHEMA "information_schema" TO "None"': "missing on target: USAGE",
  'GRANT SELECT ON TABLE "information_schema"."tables" TO PUBLIC': "the server's default privilege taken away only on target: SELECT",
}
assert sql == want, sql
assert r["not_compared"] == [], r["not_compared"]
PY
run apply "${PAIR[@]}" --databases corpus
expect_rc 0 "apply copies them and verifies"
run plan "${PAIR[@]}" --strict
expect_rc 0 "then a plan --strict finds nothing left"
# (the owner's entries aside: 17 gives owners MAINTAIN, 15 and 16 do not)
q="WITH a(what, acl) AS (
     SELECT 'pg_ls_dir', proacl FROM pg_proc WHERE oid = 'pg_catalog.pg_ls_dir(text)'::regprocedure
     UNION ALL SELECT 'to_hex', proacl FROM pg_proc WHERE oid = 'pg_catalog.to_hex(integer)'::regprocedure
     UNION ALL SELECT 'rolname', attacl FROM pg_attribute WHERE attrelid = 'pg_catalog.pg_authid'::regclass AND attname = 'rolname'
     UNION ALL SELECT 'tables', relacl FROM pg_class WHERE oid = 'information_schema.tables'::regclass
     UNION ALL SELECT 'info', nspacl FROM pg_namespace WHERE nspname = 'information_schema')
   SELECT what, array(SELECT x::text FROM unnest(acl) x WHERE x::text !~ '^postgres=' ORDER BY 1) FROM a"
src_rows=$(src_psql corpus -c "$q")
tgt_rows=$(tgt_psql corpus -c "$q")
expect_eq "$tgt_rows" "$src_rows" "independent check: the system objects' ACLs match"
src_psql corpus <<'SQL'
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_ls_dir(text) FROM regress_priv_user1;
REVOKE SELECT (rolname) ON pg_catalog.pg_authid FROM regress_priv_user2 CASCADE;
GRANT EXECUTE ON FUNCTION pg_catalog.to_hex(integer) TO PUBLIC;
REVOKE USAGE ON SCHEMA information_schema FROM "None";
SQL
run apply "${PAIR[@]}" --databases corpus
expect_rc 0 "undone on the source, the apply undoes them on the target"

# --prune: a role only on the target that owns objects or holds
# privileges there is a skip naming them, never a half-done DROP
tgt_psql -c "CREATE ROLE regress_leftover; CREATE ROLE regress_grantee_only; CREATE ROLE regress_unused"
tgt_psql corpus -c "CREATE TABLE s.leftover_t (x int); ALTER TABLE s.leftover_t OWNER TO regress_leftover; GRANT SELECT ON s.atest2 TO regress_grantee_only"
run plan "${PAIR[@]}" --prune --format json
expect_rc 2 "plan --prune plans the drop of the unused role"
# (the table and its row type)
python3 - "$TMP/out" <<'PY' && ok "--prune: owners and grantees are skips naming what they hold; the unused role is dropped" || not_ok "--prune skips"
import json, sys
r = json.load(open(sys.argv[1]))
acts = {a["object"]: a for a in r["actions"] if "regress_" in a["object"] and a["object"].startswith("'regress_")}
lo = acts["'regress_leftover'"]
assert lo["kind"] == "skip" and "owns 2 objects, e.g. TABLE s.leftover_t in database 'corpus'" in lo["reason"], lo
go = acts["'regress_grantee_only'"]
assert go["kind"] == "skip" and "holds 1 privilege" in go["reason"] and "s.atest2" in go["reason"], go
un = acts["'regress_unused'"]
assert un["kind"] == "drop_role" and un["sql"] == 'DROP ROLE "regress_unused"', un
PY
run apply "${PAIR[@]}" --prune
expect_rc 0 "apply --prune drops what it can and converges"
expect_eq "$(tgt_psql -c "SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles WHERE rolname IN ('regress_leftover', 'regress_grantee_only', 'regress_unused')")" \
  "regress_grantee_only,regress_leftover" "the roles still needed are kept"

for run in src_psql tgt_psql; do
  $run -c "DROP DATABASE corpus WITH (FORCE)" -c "DROP TABLESPACE regress_tblspace"
done
finish
