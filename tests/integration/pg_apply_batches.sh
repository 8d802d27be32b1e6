#!/usr/bin/env bash
# PostgreSQL apply sends runs of role statements as one pipelined
# transaction. A statement that fails inside such a batch must still be
# reported with its own error, the statements before it must end up
# applied, and the statuses (applied / failed / not_run) must be exactly
# those of running every statement alone: with and without
# --continue-on-error, and for a batch longer than one transaction.
. "$(dirname "$0")/lib_pg.sh"

setup() {
  reset_servers
  src_psql -c "CREATE ROLE grp; CREATE ROLE a1 LOGIN; CREATE ROLE a2 LOGIN;
    CREATE ROLE a3 LOGIN; GRANT grp TO a1, a2, a3"
  # only on the target: one role owns a table (its DROP fails), one not
  tgt_psql -c "CREATE ROLE zz_owner; CREATE ROLE zz_plain;
    CREATE TABLE zz_t (i int); ALTER TABLE zz_t OWNER TO zz_owner"
}

statuses() {  # "kind object status" per action, in plan order
  python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
for a in r["actions"]:
    print(a["kind"], a["object"], a["status"], a.get("error") or "")
' "$TMP/out"
}

setup
run apply "${PAIR[@]}" --prune --format json
expect_rc 1 "apply with a failing DROP ROLE exits 1"
statuses >"$TMP/st"
expect_eq "$(grep -c ' applied' "$TMP/st")" 7 \
  "the 4 CREATE ROLE and 3 GRANT before the failure are applied"
expect_eq "$(grep 'zz_owner' "$TMP/st")" \
  "drop_role 'zz_owner' failed 2BP01: role \"zz_owner\" cannot be dropped because some objects depend on it" \
  "the failing DROP ROLE is reported with its own error"
expect_eq "$(grep 'zz_plain' "$TMP/st" | cut -d' ' -f1-3)" \
  "drop_role 'zz_plain' not_run" "the statement after it is not run"
expect_eq "$(tgt_psql -c "SELECT string_agg(m.rolname, ',' ORDER BY m.rolname)
  FROM pg_auth_members a JOIN pg_roles m ON m.oid = a.member
  JOIN pg_roles g ON g.oid = a.roleid WHERE g.rolname = 'grp'")" "a1,a2,a3" \
  "the target has the roles and memberships applied before the failure"
expect_eq "$(tgt_psql -c "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'zz_%'")" 2 \
  "both target-only roles are still there"

setup
run apply "${PAIR[@]}" --prune --continue-on-error --format json
expect_rc 1 "with --continue-on-error the run still exits 1"
statuses >"$TMP/st"
expect_eq "$(grep -c ' applied' "$TMP/st")" 8 "every other statement is applied"
expect_eq "$(grep -c ' failed' "$TMP/st")" 1 "only the DROP of zz_owner failed"
expect_eq "$(tgt_psql -c "SELECT string_agg(rolname, ',' ORDER BY rolname)
  FROM pg_roles WHERE rolname LIKE 'zz_%'")" "zz_owner" "zz_plain was dropped"

# more statements than one transaction takes; a failure in a later batch
reset_servers
src_psql -c "DO \$\$ BEGIN FOR i IN 1..450 LOOP
  EXECUTE format('CREATE ROLE r%s', lpad(i::text, 3, '0')); END LOOP; END \$\$"
tgt_psql -c "CREATE ROLE zz_owner; CREATE TABLE zz_t (i int);
  ALTER TABLE zz_t OWNER TO zz_owner"
run apply "${PAIR[@]}" --prune --format json
expect_rc 1 "450 creates and a failing drop exit 1"
statuses >"$TMP/st"
expect_eq "$(grep -c 'create_role .* applied' "$TMP/st")" 450 "all 450 roles are applied"
expect_eq "$(tgt_psql -c "SELECT count(*) FROM pg_roles WHERE rolname ~ '^r[0-9]{3}\$'")" 450 \
  "and exist on the target"
expect_eq "$(grep -c "zz_owner' failed 2BP01" "$TMP/st")" 1 "the drop failed with its own error"

# a clean apply converges (the batched path end to end)
reset_servers
src_psql -c "CREATE ROLE b1 LOGIN CONNECTION LIMIT 4; CREATE ROLE b2; GRANT b2 TO b1"
run apply "${PAIR[@]}" --format json
expect_rc 0 "a clean apply converges"
run plan "${PAIR[@]}"
expect_rc 0 "a second plan finds nothing"
finish
