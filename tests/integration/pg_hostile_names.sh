#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# PostgreSQL names that break naive quoting: double and single quotes,
# backslashes, spaces (also leading and trailing), mixed case, %, _, |, $,
# @, *, ?, semicolons and --, a newline, printf conversions, a keyword,
# multi-byte UTF-8 and the maximum length (NAMEDATALEN - 1 = 63 bytes, also
# made of multi-byte characters), as roles, databases, schemas, tables,
# sequences, types, routines and setting values. Created on the source,
# rdsclone must reproduce each exactly on the target: plan, apply, plan,
# the dumps of both sides byte for byte, and the servers' own catalogs
# (pg_roles, pg_authid, pg_auth_members, pg_db_role_setting, the ACLs).
. "$(dirname "$0")/lib_pg.sh"
reset_servers

# The names, once, for the seed (SQL) and for the checks (shell).
python3 - "$TMP" <<'PY'
import sys
tmp = sys.argv[1]
R = {
    "dq": 'dq"role', "sq": "o'brien", "bs": "back\\slash",
    "sp": "space role", "mc": "MixedCase", "pct": "pct%role",
    "us": "under_score", "pipe": "pipe|role", "dollar": "dollar$role",
    "semi": "semi;--role", "utf": "rôle ünï 日本", "kw": "user",
    "nl": "new\nline", "fmt": "fmt%s%n", "pad": " pad ", "pub": "Public",
    "at": "at@sign", "glob": "star*q?", "acl": "eq=a,b/c",
    "max": "m" * 63,                       # 63 bytes, ASCII
    "maxmb": "日" * 21,                    # 63 bytes, 21 characters
    "maxmix": "é" * 31 + "x",              # 63 bytes: 2-byte chars + 1
}
OWNER = 'own "er" ü'                       # on both sides from the start
DBS = ['db "one" ü', "db'two;--日本"]
SCH = 'Sch "ema" ü'
SCH2 = "s'q;--"
FN = 'Fn "x" ü'
TYP = 'My "Type"'
APP = "it's \"app\" \\ x"
NOTE = "ü 'q' \"d\" \\ ; --"
for k, v in R.items():
    assert len(v.encode()) <= 63, k
assert all(len(R[k].encode()) == 63 for k in ("max", "maxmb", "maxmix"))

def qi(s): return '"' + s.replace('"', '""') + '"'
def ql(s): return "'" + s.replace("'", "''") + "'"
r = {k: qi(v) for k, v in R.items()}

with open(f"{tmp}/both.sql", "w") as f:   # objects, on both sides
    f.write(f"CREATE ROLE {qi(OWNER)};\n")
    for db in DBS:
        f.write(f"CREATE DATABASE {qi(db)} OWNER {qi(OWNER)};\n")
for i, db in enumerate(DBS):
    with open(f"{tmp}/objects{i}.sql", "w") as f:
        f.write(f"""SET ROLE {qi(OWNER)};
CREATE SCHEMA {qi(SCH)}; CREATE SCHEMA {qi(SCH2)};
CREATE TABLE {qi(SCH)}.{qi('Tab "le" 日')} (id int);
CREATE VIEW {qi(SCH2)}.{qi("v'iew")} AS SELECT 1 AS x;
CREATE SEQUENCE {qi(SCH)}.{qi("Seq'uence%")};
CREATE TYPE {qi(SCH)}.{qi(TYP)} AS (x int);
CREATE FUNCTION {qi(SCH)}.{qi(FN)}("a""b" integer, "C d" text,
  e {qi(SCH)}.{qi(TYP)}, f character varying[],
  VARIADIC g numeric[]) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE PROCEDURE {qi(SCH2)}.{qi("Proc;--")}(x timestamp with time zone)
  LANGUAGE sql AS 'SELECT 1';
""")

with open(f"{tmp}/source.sql", "w") as f:  # roles and grants, source only
    for k, v in r.items():
        f.write(f"CREATE ROLE {v};\n")
    f.write(f"ALTER ROLE {r['sq']} LOGIN PASSWORD 'pw''1\\' "
            f"CONNECTION LIMIT 4 VALID UNTIL '2032-01-02 03:04:05+00';\n")
    f.write(f"ALTER ROLE {r['utf']} LOGIN CREATEDB NOINHERIT;\n")
    f.write(f"ALTER ROLE {r['maxmb']} LOGIN PASSWORD 'pw2';\n")
    # memberships
    for role, member, admin in [("utf", "sq", True), ("dq", "sp", False),
                                ("dq", "max", False), ("maxmb", "nl", True),
                                ("maxmix", "utf", False), ("kw", "pub", False),
                                ("acl", "glob", True), ("pct", "us", False)]:
        f.write(f"GRANT {r[role]} TO {r[member]}"
                f"{' WITH ADMIN OPTION' if admin else ''};\n")
    # role settings: list values with hostile elements, plain values,
    # IN DATABASE with hostile database names
    f.write(f"ALTER ROLE {r['sq']} SET search_path = {ql(SCH)}, {ql(SCH2)},"
            f" '$user', public, 'Public';\n")
    f.write(f"ALTER ROLE {r['utf']} IN DATABASE {qi(DBS[1])} SET "
            f"search_path TO 'x,y', '  padded  ', '';\n")
    f.write(f"ALTER ROLE {r['dq']} IN DATABASE {qi(DBS[0])} SET "
            f"application_name = {ql(APP)};\n")
    f.write(f"ALTER ROLE {r['dq']} IN DATABASE {qi(DBS[0])} SET "
            f"rdsclone.note = {ql(NOTE)};\n")
    f.write(f"ALTER ROLE {r['max']} SET work_mem = '8MB';\n")
    f.write(f"ALTER ROLE {r['maxmb']} IN DATABASE {qi(DBS[0])} SET "
            f"statement_timeout = '5s';\n")
    # database privileges
    for db in DBS:
        f.write(f"REVOKE TEMPORARY ON DATABASE {qi(db)} FROM PUBLIC;\n"
                f"GRANT CONNECT, TEMPORARY ON DATABASE {qi(db)} TO "
                f"{r['sq']}, {r['maxmb']};\n"
                f"GRANT CREATE ON DATABASE {qi(db)} TO {r['dq']} "
                f"WITH GRANT OPTION;\n")
for i, db in enumerate(DBS):
    fn = f"{qi(SCH)}.{qi(FN)}(integer, text, " \
         f"{qi(SCH)}.{qi(TYP)}, character varying[], numeric[])"
    with open(f"{tmp}/privs{i}.sql", "w") as f:
        f.write(f"""SET ROLE {qi(OWNER)};
GRANT USAGE ON SCHEMA {qi(SCH)} TO {r['utf']}, {r['bs']}, {r['pad']};
GRANT USAGE, CREATE ON SCHEMA {qi(SCH2)} TO {r['semi']} WITH GRANT OPTION;
GRANT SELECT, INSERT ON {qi(SCH)}.{qi('Tab "le" 日')} TO {r['sq']}
  WITH GRANT OPTION;
GRANT UPDATE ON {qi(SCH)}.{qi('Tab "le" 日')} TO {r['maxmix']}, {r['kw']};
GRANT SELECT ON {qi(SCH2)}.{qi("v'iew")} TO {r['nl']}, {r['fmt']};
GRANT USAGE, SELECT ON SEQUENCE {qi(SCH)}.{qi("Seq'uence%")} TO {r['pipe']};
REVOKE EXECUTE ON FUNCTION {fn} FROM PUBLIC;
GRANT EXECUTE ON FUNCTION {fn} TO {r['utf']}, {r['dollar']};
GRANT EXECUTE ON PROCEDURE {qi(SCH2)}.{qi("Proc;--")}(timestamptz)
  TO {r['at']};
ALTER DEFAULT PRIVILEGES IN SCHEMA {qi(SCH)} GRANT SELECT ON TABLES
  TO {r['sq']}, {r['maxmb']};
RESET ROLE;
ALTER DEFAULT PRIVILEGES FOR ROLE {r['utf']} GRANT EXECUTE ON FUNCTIONS
  TO {r['dq']};
ALTER DEFAULT PRIVILEGES FOR ROLE {r['mc']} IN SCHEMA {qi(SCH2)}
  GRANT USAGE ON SEQUENCES TO {r['acl']} WITH GRANT OPTION;
ALTER DEFAULT PRIVILEGES FOR ROLE {r['max']} IN SCHEMA {qi(SCH)}
  GRANT USAGE ON TYPES TO {r['glob']};
""")

with open(f"{tmp}/names.sh", "w") as f:   # for the checks below
    def sh(s): return "'" + s.replace("'", "'\\''") + "'"
    for k, v in R.items():
        f.write(f"N_{k}={sh(v)}\n")
    f.write(f"DB0={sh(DBS[0])}\nDB1={sh(DBS[1])}\n")
    f.write(f"N_long={sh('t' * 70)}\n")
PY
. "$TMP/names.sh"

for run in src_psql tgt_psql; do
  $run -f "$TMP/both.sql"
  $run "$DB0" -f "$TMP/objects0.sql"
  $run "$DB1" -f "$TMP/objects1.sql"
done
src_psql -f "$TMP/source.sql"
src_psql "$DB0" -f "$TMP/privs0.sql"
src_psql "$DB1" -f "$TMP/privs1.sql"
# a name longer than NAMEDATALEN - 1 is truncated by the server (NOTICE):
# only its first 63 bytes exist, so that is what there is to copy
src_psql -c "CREATE ROLE \"$N_long\"" 2>/dev/null
expect_eq "$(src_psql -c "SELECT octet_length(rolname) FROM pg_roles WHERE rolname LIKE 'ttt%'")" \
  "63" "the server truncates a 70-byte role name to 63 bytes"
n=$(src_psql -c "SELECT count(*) FROM pg_roles WHERE oid <> 10 AND rolname !~ '^pg_'")
expect_eq "$n" "24" "source holds the 22 hostile roles, the owner and the truncated one"

# --include with hostile characters: exactly the role it names
run plan "${PAIR[@]}" --format json --include "$N_utf@"
expect_rc 2 "--include with a multi-byte name plans its role"
python3 - "$TMP/out" "$N_utf" <<'PY' && ok "--include 'rôle ünï 日本@' selects that role alone" || not_ok "include of a multi-byte name"
import json, sys
acts = json.load(open(sys.argv[1]))["actions"]
creates = [a["sql"] for a in acts if a["kind"] == "create_role"]
assert creates and all(s.startswith('CREATE ROLE "rôle ünï 日本" ') for s in creates), creates
PY
run plan "${PAIR[@]}" --format json --include "o'brien@" --include 'dq"role@'
expect_rc 2 "--include with quotes plans those roles"
expect_out 'CREATE ROLE \\"o'"'"'brien\\"' "the single-quoted name is created"
expect_out 'CREATE ROLE \\"dq\\"\\"role\\"' "the double-quoted name is created, its quote doubled"
run plan "${PAIR[@]}" --format json --include 'star\*q\?@'
expect_rc 2 "an escaped glob pattern plans the role 'star*q?'"
python3 - "$TMP/out" <<'PY' && ok "'star\\*q\\?@' matches 'star*q?' and nothing else" || not_ok "escaped glob include"
import json, sys
acts = json.load(open(sys.argv[1]))["actions"]
creates = [a["sql"] for a in acts if a["kind"] == "create_role"]
assert len(creates) == 1 and creates[0].startswith('CREATE ROLE "star*q?" '), creates
PY
run plan "${PAIR[@]}" --include 'r?le ünï 日本@'
expect_rc 0 "'?' is one byte: 'r?le…' does not match the two-byte 'ô'"
run plan "${PAIR[@]}" --format json --include 'r??le ünï 日本@'
expect_rc 2 "'r??le…' does"
expect_out 'CREATE ROLE \\"rôle ünï 日本\\"' "and plans that role"
run plan "${PAIR[@]}" --format json --include 'at@sign@'
expect_rc 2 "a name holding '@' is matched when the pattern ends in '@'"
expect_out 'CREATE ROLE \\"at@sign\\"' "the role 'at@sign' is created"
run plan "${PAIR[@]}" --format json --include "$N_max@"
expect_rc 2 "--include with a 63-byte name plans it"
expect_out "CREATE ROLE \\\\\"$N_max\\\\\"" "the 63-byte role is created"
run plan "${PAIR[@]}" --include "$N_long@"
expect_rc 0 "--include with a 70-byte name matches no role (none can be that long)"
expect_out "note: include pattern 't{70}@' matches no PostgreSQL role: its role name is longer than 63 bytes \\(at least 70\\)" \
  "and a note says the pattern can never match a PostgreSQL role"
run plan "${PAIR[@]}" --exclude "$N_long@" --include 'ttt*@'
expect_rc 2 "--exclude with that name leaves the truncated role in scope"
expect_out "note: exclude pattern 't{70}@' matches no PostgreSQL role.*stays in scope" \
  "and a note says so"
run plan "${PAIR[@]}" --include "${N_long:0:63}@"
expect_rc 2 "its first 63 bytes name the truncated role"

run plan "${PAIR[@]}" --format sql --show-secrets
mv "$TMP/out" "$TMP/plan.sql"; : > "$TMP/out"   # verifiers: keep them out of the log
expect_rc 2 "plan finds the hostile roles and privileges"
# psql's \connect as pg_dumpall writes it for names with spaces and quotes
for line in "\\connect -reuse-previous=on \"dbname='db \"\"one\"\" ü'\"" \
            "\\connect -reuse-previous=on \"dbname='db\\'two;--日本'\""; do
  if grep -qFx -- "$line" "$TMP/plan.sql"; then ok "the SQL script has: $line"
  else not_ok "the SQL script lacks: $line"; grep '^\\connect' "$TMP/plan.sql" || true; fi
done
run apply "${PAIR[@]}"
expect_rc 0 "apply reproduces them"
expect_out "verify: target matches the source" "apply verified"
run plan "${PAIR[@]}"
expect_rc 0 "second plan finds nothing"
expect_same_dumps "dump of both sides is identical"
expect_same_dumps "dump of both sides is identical (two hostile databases)" \
  --databases "$DB0,$DB1"
python3 - "$TMP/dump_src" "$DB0" "$DB1" <<'PY' && ok "the dumps hold both hostile databases and their privileges" || not_ok "dump lacks a database"
import json, sys
t = json.load(open(sys.argv[1], encoding="utf-8"))["tables"]
assert sorted(d["database"] for d in t["database"]) == sorted(sys.argv[2:]), t["database"]
for db in sys.argv[2:]:
    kinds = {p["object_type"] for p in t["privilege"] if p["database"] == db}
    assert kinds >= {"DATABASE", "SCHEMA", "TABLE", "SEQUENCE", "ROUTINE",
                     "DEFAULT TABLES", "DEFAULT FUNCTIONS",
                     "DEFAULT SEQUENCES", "DEFAULT TYPES"}, (db, kinds)
PY

# The source session's search_path (here a role setting for the session's
# own role) must not change how routines are named: a type in a schema on
# the path would print unqualified, a key the target does not have.
src_psql -c "ALTER ROLE postgres IN DATABASE \"${DB0//\"/\"\"}\" SET search_path = 'Sch \"ema\" ü', public"
run plan "${PAIR[@]}"
expect_rc 0 "a search_path on the source session changes nothing"
src_psql -c "ALTER ROLE postgres IN DATABASE \"${DB0//\"/\"\"}\" RESET search_path"

# The servers' own catalogs, names as bytes (hex), compared side by side.
hx() { echo "encode(convert_to($1, 'UTF8'), 'hex')"; }
q="SELECT $(hx rolname), rolsuper, rolinherit, rolcreaterole, rolcreatedb,
     rolcanlogin, rolreplication, rolbypassrls, rolconnlimit, rolvaliduntil,
     rolpassword FROM pg_authid WHERE oid <> 10 AND rolname !~ '^pg_' ORDER BY 1"
expect_eq "$(tgt_psql -c "$q")" "$(src_psql -c "$q")" "pg_authid: names, attributes and verifiers match byte for byte"
expect_eq "$(tgt_psql -c "SELECT count(*) FROM pg_roles WHERE octet_length(rolname) = 63")" \
  "4" "the four 63-byte names exist on the target"
q="SELECT $(hx r.rolname), $(hx m.rolname), a.admin_option FROM pg_auth_members a
     JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
     ORDER BY 1, 2"
expect_eq "$(tgt_psql -c "$q")" "$(src_psql -c "$q")" "pg_auth_members match byte for byte"
expect_eq "$(tgt_psql -c "SELECT count(*) FROM pg_auth_members WHERE member::regrole::text !~ '^pg_'")" "8" "the eight memberships"
q="SELECT $(hx r.rolname), $(hx "coalesce(d.datname, '')"), $(hx "array_to_string(setconfig, E'\\n')")
     FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = setrole
     LEFT JOIN pg_database d ON d.oid = setdatabase ORDER BY 1, 2"
expect_eq "$(tgt_psql -c "$q")" "$(src_psql -c "$q")" "pg_db_role_setting matches byte for byte"
expect_eq "$(tgt_psql -c "SELECT count(*) FROM pg_db_role_setting")" "5" "the five role settings"
expect_eq "$(tgt_psql -c "SELECT setconfig[1] FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = setrole WHERE r.rolname = '$N_utf'")" \
  'search_path="x,y", "  padded  ", ""' "a list setting keeps commas, spaces and empty elements"
# ACLs as sorted sets of (grantee, grantor, privilege, grantable), bytes
acl() {  # expression ACL [OWNER]: rows of the ACL as hex text; with the
          # owner's oid, its own MAINTAIN is left out when only one side
          # is 17+ (OWNER_MAINTAIN_SKIP, lib_pg.sh)
  echo "array(SELECT $(hx "coalesce(g.rolname, 'PUBLIC')") || ' ' || $(hx o.rolname) || ' ' ||
     a.privilege_type || ' ' || a.is_grantable FROM aclexplode($1) a
     LEFT JOIN pg_roles g ON g.oid = a.grantee JOIN pg_roles o ON o.oid = a.grantor
     ${2:+WHERE NOT ($OWNER_MAINTAIN_SKIP AND a.privilege_type = 'MAINTAIN'
                     AND a.grantee = $2 AND a.grantor = $2)}
     ORDER BY 1)"
}
q="SELECT $(hx datname), $(acl "coalesce(datacl, acldefault('d', datdba))")
     FROM pg_database ORDER BY 1"
expect_eq "$(tgt_psql -c "$q")" "$(src_psql -c "$q")" "database ACLs match byte for byte"
for db in "$DB0" "$DB1"; do
  q="SELECT $(hx nspname), $(acl "coalesce(nspacl, acldefault('n', nspowner))")
       FROM pg_namespace ORDER BY 1"
  expect_eq "$(tgt_psql "$db" -c "$q")" "$(src_psql "$db" -c "$q")" "schema ACLs in $db match"
  q="SELECT $(hx "relnamespace::regnamespace::text || '.' || relname"),
       $(acl "coalesce(relacl, acldefault('r', relowner))" relowner) FROM pg_class
       WHERE relkind IN ('r', 'v', 'S') AND relnamespace >= 16384 ORDER BY 1"
  expect_eq "$(tgt_psql "$db" -c "$q")" "$(src_psql "$db" -c "$q")" "table, view and sequence ACLs in $db match"
  q="SELECT $(hx "p.oid::regprocedure::text"), $(acl "coalesce(proacl, acldefault('f', proowner))")
       FROM pg_proc p WHERE pronamespace >= 16384 ORDER BY 1"
  expect_eq "$(tgt_psql "$db" -c "$q")" "$(src_psql "$db" -c "$q")" "routine ACLs in $db match"
  q="SELECT $(hx r.rolname), $(hx "coalesce(n.nspname, '')"), defaclobjtype,
       $(acl defaclacl) FROM pg_default_acl d JOIN pg_roles r ON r.oid = defaclrole
       LEFT JOIN pg_namespace n ON n.oid = defaclnamespace ORDER BY 1, 2, 3"
  expect_eq "$(tgt_psql "$db" -c "$q")" "$(src_psql "$db" -c "$q")" "default privileges in $db match"
  expect_eq "$(tgt_psql "$db" -c "SELECT count(*) FROM pg_default_acl")" "4" "the four default privilege entries in $db"
done
# the text report never prints a raw newline or quote of a name
run plan "${PAIR[@]}" --include "new?line@"
expect_rc 0 "a pattern with '?' for the newline matches the role (in sync)"
tgt_psql -c "ALTER ROLE \"new
line\" CONNECTION LIMIT 9"
run plan "${PAIR[@]}" --include "new?line@"
expect_rc 2 "drift on the role with a newline is found"
expect_out "'new\\\\x0aline'" "the report shows the newline escaped"

# The SQL script replays: on a target holding only the objects, psql runs
# the plan's script (its \connect lines reach the hostile databases) and
# the target then matches the source.
reset_pg tgt_psql
tgt_psql -f "$TMP/both.sql"
tgt_psql "$DB0" -f "$TMP/objects0.sql"
tgt_psql "$DB1" -f "$TMP/objects1.sql"
if tgt_psql -f "$TMP/plan.sql" > "$TMP/replay.log" 2>&1; then
  ok "psql replays the plan's SQL script"
else
  not_ok "psql replays the plan's SQL script"   # (verifiers masked)
  sed -E "s/(SCRAM-SHA-256\\\$|md5)[^' ]*/<redacted>/g" "$TMP/replay.log" | head -20
fi
run plan "${PAIR[@]}"
expect_rc 0 "after the replay a plan finds nothing"
expect_same_dumps "and the dumps of both sides are identical"

# A hostile name in a skip and in the server's own error message. A role
# that still owns a table is not pruned: a skip names it and the table.
# When that table's database is out of scope (--databases), rdsclone
# cannot see it: the DROP fails and the server's message quotes the name.
# Neither the report nor the log may print its newline as a line of its
# own.
tgt_psql -c 'CREATE ROLE "gone
forged: line"'
tgt_psql "$DB0" -c 'CREATE TABLE public.kept (id int); ALTER TABLE public.kept OWNER TO "gone
forged: line"'
run apply "${PAIR[@]}" --prune
expect_rc 0 "pruning a role that owns a table is a skip"
expect_out '.gone\\x0aforged: line.  .only on target .--prune., but not dropped: it owns 2 objects, e.g. TABLE public.kept' "the skip names the owner (newline escaped) and what it owns"
if grep -q '^forged: line' "$TMP/out" "$TMP/err"; then not_ok "no output line starts with the name's second half (skip)"
else ok "no output line starts with the name's second half (skip)"; fi
run apply "${PAIR[@]}" --prune --continue-on-error --databases postgres
expect_rc 1 "with its database out of scope, the DROP fails on the server"
expect_out 'error: 2BP01: role "gone\\x0aforged: line" cannot be dropped' "the report shows the server's error with the newline escaped"
expect_err 'drop_role .gone\\x0aforged: line. failed: 2BP01: role "gone\\x0aforged: line" cannot' "so does the log line"
if grep -q '^forged: line' "$TMP/out" "$TMP/err"; then not_ok "no output line starts with the name's second half"
else ok "no output line starts with the name's second half"; fi

# A database whose name has a comma: --databases splits on commas, so it
# cannot name it; --database takes one name as it is (repeatable).
for side in src_psql tgt_psql; do $side -c 'CREATE DATABASE "c,omma"'; done
src_psql -c 'CREATE ROLE comma_reader'
src_psql "c,omma" -c 'GRANT CONNECT ON DATABASE "c,omma" TO comma_reader; CREATE TABLE t (id int); GRANT SELECT ON t TO comma_reader'
run plan "${PAIR[@]}" --format json --database "c,omma"
expect_rc 2 "--database names a database with a comma"
if python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); o=[a["object"] for a in r["actions"]]; sys.exit(0 if any("c,omma" in x for x in o) else 1)' "$TMP/out"; then
  ok "its privileges are planned"
else not_ok "its privileges are planned"; head -c 2000 "$TMP/out"; fi
run plan "${PAIR[@]}" --format json --databases "c,omma"
if grep -q 'public.t' "$TMP/out"; then not_ok "--databases c,omma names two databases, neither of which exists"
else ok "--databases c,omma names two databases, neither of which exists"; fi
run apply "${PAIR[@]}" --database postgres --database "c,omma"
expect_rc 0 "--database is repeatable: apply with both"
run plan "${PAIR[@]}" --databases postgres --database "c,omma"
expect_rc 0 "a plan of both, mixed with --databases, finds nothing"
finish
