#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# PostgreSQL: missing roles with attributes and memberships; drifted
# attributes, memberships and settings in both directions; privileges and
# default privileges in two databases; passwords copied as verifiers when
# the source session is a superuser. apply converges, a second plan finds
# nothing, and the servers' own catalogs agree.
. "$(dirname "$0")/lib_pg.sh"
reset_servers

for run in src_psql tgt_psql; do
  $run -c "CREATE ROLE app_owner; CREATE ROLE readers; CREATE ROLE drifted LOGIN"
  for db in shop reports; do
    $run -c "CREATE DATABASE $db OWNER app_owner"
    $run $db -c "SET ROLE app_owner; CREATE SCHEMA s; CREATE TABLE s.orders (id int);
                 CREATE SEQUENCE s.ids; CREATE FUNCTION s.total(a int, b text) RETURNS int
                 LANGUAGE sql AS 'SELECT 1'; CREATE VIEW s.v AS SELECT 1 AS x"
  done
done
src_psql -c "
  CREATE ROLE alice LOGIN PASSWORD 'Alice-Secret-1' CONNECTION LIMIT 7 VALID UNTIL '2031-05-01 12:00:00+00' CREATEDB;
  CREATE ROLE batch LOGIN PASSWORD 'md5-style' NOINHERIT;
  GRANT readers TO alice WITH ADMIN OPTION; GRANT readers TO batch;
  ALTER ROLE drifted CONNECTION LIMIT 3 CREATEROLE;
  ALTER ROLE alice SET search_path = s, \"Mixed Case\", public;
  ALTER ROLE alice IN DATABASE shop SET work_mem = '8MB';
  ALTER ROLE drifted SET statement_timeout = '5s';
  REVOKE TEMPORARY ON DATABASE reports FROM PUBLIC; GRANT CONNECT, CREATE ON DATABASE shop TO readers"
for db in shop reports; do
  src_psql $db -c "SET ROLE app_owner;
    GRANT USAGE ON SCHEMA s TO readers; GRANT SELECT ON ALL TABLES IN SCHEMA s TO readers;
    GRANT INSERT, UPDATE ON s.orders TO batch WITH GRANT OPTION;
    GRANT USAGE ON SEQUENCE s.ids TO batch;
    REVOKE EXECUTE ON FUNCTION s.total(int, text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION s.total(int, text) TO alice;
    ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT ON TABLES TO readers;
    ALTER DEFAULT PRIVILEGES GRANT USAGE ON SEQUENCES TO batch"
done
# drift the other way: only on the target
tgt_psql -c "CREATE ROLE batch LOGIN INHERIT; GRANT readers TO drifted;
  ALTER ROLE drifted SET lock_timeout = '1s';
  GRANT CREATE ON DATABASE reports TO drifted"
tgt_psql shop -c "SET ROLE app_owner; GRANT DELETE, TRUNCATE ON s.orders TO batch;
  GRANT SELECT ON s.v TO PUBLIC"
# built-in defaults revoked from PUBLIC (no row of theirs in the ACL):
# on the source in one database, only on the target in the other
src_psql shop -c "ALTER DEFAULT PRIVILEGES FOR ROLE app_owner REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC"
tgt_psql reports -c "ALTER DEFAULT PRIVILEGES FOR ROLE app_owner REVOKE USAGE ON TYPES FROM PUBLIC"

run plan "${PAIR[@]}" --format json
expect_rc 2 "plan finds the differences"
python3 - "$TMP/out" "$TGT_PG_VERSION" <<'PY' && ok "plan: kinds, objects and reasons" || not_ok "plan contents"
import json, sys
r = json.load(open(sys.argv[1]))
tgt_version = int(sys.argv[2])
acts = r["actions"]
sql = "\n".join(a["sql"] or "" for a in acts)
def has(s):
    assert s in sql, s
has('CREATE ROLE "alice" WITH NOSUPERUSER INHERIT NOCREATEROLE CREATEDB LOGIN NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 7 VALID UNTIL \'2031-05-01 12:00:00+00\' PASSWORD \'<redacted>\'')
has('ALTER ROLE "batch" WITH NOINHERIT PASSWORD \'<redacted>\'')
has('ALTER ROLE "drifted" WITH CREATEROLE CONNECTION LIMIT 3')
# a target of PostgreSQL 16+ has INHERIT and SET options per membership
# (pg_auth_members; a 15 source's are read as 16 upgrades them), and the
# GRANT spells out every option
if tgt_version >= 160000:
    has('GRANT "readers" TO "alice" WITH ADMIN TRUE, INHERIT TRUE, SET TRUE')
    # batch is NOINHERIT on the source when granted: INHERIT FALSE
    has('GRANT "readers" TO "batch" WITH ADMIN FALSE, INHERIT FALSE, SET TRUE')
else:
    has('GRANT "readers" TO "alice" WITH ADMIN OPTION')
has('REVOKE "readers" FROM "drifted"')
has('ALTER ROLE "alice" SET "search_path" TO \'s\', \'Mixed Case\', \'public\'')
has('ALTER ROLE "alice" IN DATABASE "shop" SET "work_mem" TO \'8MB\'')
has('ALTER ROLE "drifted" RESET "lock_timeout"')
has('REVOKE TEMPORARY ON DATABASE "reports" FROM PUBLIC')
has('GRANT CONNECT, CREATE ON DATABASE "shop" TO "readers"')
has('REVOKE CREATE ON DATABASE "reports" FROM "drifted"')
has('GRANT INSERT, UPDATE ON TABLE "s"."orders" TO "batch" WITH GRANT OPTION')
has('REVOKE DELETE, TRUNCATE ON TABLE "s"."orders" FROM "batch"')
has('REVOKE SELECT ON TABLE "s"."v" FROM PUBLIC')
has('REVOKE EXECUTE ON ROUTINE "s"."total"(a integer, b text) FROM PUBLIC')
has('ALTER DEFAULT PRIVILEGES FOR ROLE "app_owner" IN SCHEMA "s" GRANT SELECT ON TABLES TO "readers"')
has('ALTER DEFAULT PRIVILEGES FOR ROLE "app_owner" GRANT USAGE ON SEQUENCES TO "batch"')
has('ALTER DEFAULT PRIVILEGES FOR ROLE "app_owner" REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC')
has('ALTER DEFAULT PRIVILEGES FOR ROLE "app_owner" GRANT USAGE ON TYPES TO PUBLIC')
dflt = [a for a in acts if a["sql"] and "ON FUNCTIONS FROM PUBLIC" in a["sql"]]
assert len(dflt) == 1 and dflt[0]["database"] == "shop" and dflt[0]["destructive"], dflt
assert "Alice-Secret" not in sql and "SCRAM-SHA-256$" not in sql
# both databases are covered
assert any("in database 'reports'" in a["object"] for a in acts)
assert any("in database 'shop'" in a["object"] for a in acts)
# a statement on one database's objects says where it runs; role DDL not
tbl = [a for a in acts if a["sql"] and '"s"."orders"' in a["sql"]]
assert tbl and all(a.get("database") in ("shop", "reports") for a in tbl), tbl
assert all("database" not in a for a in acts if a["kind"] == "create_role")
# order: roles first, revokes after grants
kinds = [a["kind"] for a in acts]
assert kinds.index("create_role") < kinds.index("grant")
assert max(i for i, k in enumerate(kinds) if k == "grant") < min(i for i, k in enumerate(kinds) if k == "revoke")
PY

run apply "${PAIR[@]}" -v
expect_rc 0 "apply converges"
expect_out "verify: target matches the source" "apply verified"
expect_err "timing: applied in .* verify read the target in" "apply read the target again to verify"
expect_no "verify: no statement ran" "$TMP/err" "the first apply ran statements"
run plan "${PAIR[@]}"
expect_rc 0 "second plan finds nothing"
# an apply with nothing to run takes its verify from the read under the lock
run apply "${PAIR[@]}" -v
expect_rc 0 "second apply converges"
expect_out "verify: target matches the source" "second apply verified"
expect_err "verify: no statement ran: the catalogs read under the lock are the verify" \
  "second apply did not read the target again"
expect_same_dumps "dump of both sides is identical"
q="SELECT rolname, rolpassword, rolconnlimit, rolvaliduntil, rolinherit FROM pg_authid WHERE rolname IN ('alice','batch','drifted') ORDER BY 1"
expect_eq "$(tgt_psql -c "$q")" "$(src_psql -c "$q")" "verifiers and attributes in pg_authid match"
q="SELECT r.rolname, coalesce(d.datname,''), array_to_string(setconfig, ';') FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = setrole LEFT JOIN pg_database d ON d.oid = setdatabase ORDER BY 1, 2"
expect_eq "$(tgt_psql -c "$q")" "$(src_psql -c "$q")" "role settings match"
for db in shop reports; do
  # ACL items as a sorted set of (grantee, grantor, privilege, grantable):
  # their order is not part of what they mean (the owner's own MAINTAIN
  # left out when only one side is 17+, lib_pg.sh)
  q="SELECT relname, array(SELECT a.grantee::regrole || ' ' || a.grantor::regrole || ' ' ||
       a.privilege_type || ' ' || a.is_grantable FROM aclexplode(relacl) a
       WHERE NOT ($OWNER_MAINTAIN_SKIP AND a.privilege_type = 'MAINTAIN'
                  AND a.grantee = relowner AND a.grantor = relowner) ORDER BY 1)
     FROM pg_class WHERE relnamespace = 's'::regnamespace ORDER BY 1"
  expect_eq "$(tgt_psql $db -c "$q")" "$(src_psql $db -c "$q")" "table ACLs in $db match"
  q="SELECT proname, proacl FROM pg_proc WHERE pronamespace = 's'::regnamespace"
  expect_eq "$(tgt_psql $db -c "$q")" "$(src_psql $db -c "$q")" "routine ACLs in $db match"
  q="SELECT defaclrole::regrole, defaclnamespace::regnamespace, defaclobjtype, array(SELECT unnest(defaclacl)::text ORDER BY 1) FROM pg_default_acl ORDER BY 1, 2, 3"
  expect_eq "$(tgt_psql $db -c "$q")" "$(src_psql $db -c "$q")" "default privileges in $db match"
done
# with --databases only one database's privileges are compared
src_psql reports -c "GRANT SELECT ON s.v TO alice"
run plan "${PAIR[@]}" --databases shop
expect_rc 0 "--databases shop ignores a change in reports"
run plan "${PAIR[@]}" --databases shop,reports
expect_rc 2 "--databases shop,reports sees it"
finish
