#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# PostgreSQL on an RDS-like target, where the connecting role has
# CREATEROLE but is not a superuser: SUPERUSER and REPLICATION are skipped
# with the reason, or mapped to rds_superuser / rds_replication with
# map_superuser; a non-superuser source cannot read verifiers, so the
# password policy applies. Then the safety rules: lock (75), a read-only
# target, the source unchanged, secrets out of every output, bad input.
. "$(dirname "$0")/lib_pg.sh"
reset_servers
src_psql -c "CREATE ROLE dba LOGIN SUPERUSER PASSWORD 'Dba-Secret-9';
  CREATE ROLE repl LOGIN REPLICATION PASSWORD 'Repl-Secret-9';
  CREATE ROLE app LOGIN PASSWORD 'App-Secret-9';
  CREATE ROLE srcreader LOGIN CREATEROLE PASSWORD 'readerpw'"
tgt_psql -c "CREATE ROLE rdsmaster LOGIN CREATEROLE PASSWORD 'masterpw';
  CREATE ROLE rds_superuser; CREATE ROLE rds_replication;
  GRANT rds_superuser, rds_replication TO rdsmaster WITH ADMIN OPTION"
MASTER_URI="postgresql://rdsmaster@127.0.0.1:$TGT_PORT/postgres"
HASH=$(src_psql -c "SELECT rolpassword FROM pg_authid WHERE rolname = 'app'")

RDSCLONE_TARGET_PASSWORD=masterpw run plan --source "$SRC_URI" --target "$MASTER_URI" --format json
expect_rc 2 "plan against an RDS-like target"
python3 - "$TMP/out" <<'PY' && ok "SUPERUSER and REPLICATION skipped with the reason; roles still created" || not_ok "skips"
import json, sys
r = json.load(open(sys.argv[1]))
skips = [a for a in r["actions"] if a["kind"] == "skip"]
reasons = " ".join(a["reason"] for a in skips)
assert "superuser on source" in reasons and "replication on source" in reasons, reasons
assert "'rdsmaster' is not a superuser" in reasons, reasons
creates = {a["object"]: a["sql"] for a in r["actions"] if a["kind"] == "create_role"}
assert "NOSUPERUSER" in creates["'dba'"] and "NOREPLICATION" in creates["'repl'"], creates
assert any("not a superuser, so password verifiers cannot be read" in n for n in r["notes"]), r["notes"]
PY
printf 'map_superuser = true;\n' > "$TMP/map.conf"
RDSCLONE_TARGET_PASSWORD=masterpw run apply -c "$TMP/map.conf" --source "$SRC_URI" --target "$MASTER_URI"
expect_rc 0 "apply with map_superuser"
expect_out 'GRANT "rds_superuser" TO "dba"' "SUPERUSER mapped to rds_superuser"
expect_out 'GRANT "rds_replication" TO "repl"' "REPLICATION mapped to rds_replication"
RDSCLONE_TARGET_PASSWORD=masterpw run plan -c "$TMP/map.conf" --source "$SRC_URI" --target "$MASTER_URI"
expect_rc 0 "the mapping is not drift on the next plan"
expect_eq "$(tgt_psql -c "SELECT rolpassword FROM pg_authid WHERE rolname = 'app'")" "$HASH" \
  "the verifier was copied as is"

# a non-superuser source: verifiers hidden, policy applies
tgt_psql -c "DROP ROLE app"
SRC_READER="postgresql://srcreader@127.0.0.1:$SRC_PORT/postgres"
RDSCLONE_SOURCE_PASSWORD=readerpw run plan --source "$SRC_READER" --target "$TGT_URI" --include 'app@'
expect_rc 2 "plan from a non-superuser source"
expect_out "password not copied: the source session cannot read pg_authid" "the role without a copied password is named"
printf 'require_passwords = true;\n' > "$TMP/req.conf"
RDSCLONE_SOURCE_PASSWORD=readerpw run plan -c "$TMP/req.conf" --source "$SRC_READER" --target "$TGT_URI" --include 'app@'
expect_rc 78 "require_passwords fails"
expect_err "role 'app': its password cannot be copied" "and names the role"
run apply "${PAIR[@]}" --include 'app@'
expect_rc 0 "apply the missing role"

# lock: another session holds the advisory lock
( psql -X -q "$TGT_URI" -c "SELECT pg_advisory_lock(7203960375245221198), pg_sleep(4)" >/dev/null ) &
holder=$!
sleep 1
src_psql -c "CREATE ROLE newcomer"
run apply "${PAIR[@]}"
expect_rc 75 "apply while the lock is held exits 75"
expect_err "holds the advisory lock" "the message says why"
wait "$holder"

# a read-only target: nothing written, a message saying so
tgt_psql -c "ALTER ROLE postgres SET default_transaction_read_only = on"
before=$(tgt_psql -c "SELECT count(*) FROM pg_roles")
run apply "${PAIR[@]}"
expect_rc 1 "apply against a read-only target fails"
expect_err "read-only" "the message says the target is read-only"
# (one -c string is one transaction, read-only from its start: BEGIN READ WRITE)
tgt_psql -c "BEGIN READ WRITE; ALTER ROLE postgres RESET default_transaction_read_only; COMMIT"
expect_eq "$(tgt_psql -c "SELECT count(*) FROM pg_roles")" "$before" "nothing was written"

# secrets and the source
sum() { src_psql -c "SELECT rolname, rolpassword, rolsuper, rolconnlimit FROM pg_authid ORDER BY 1; SELECT * FROM pg_auth_members ORDER BY 1, 2" | md5sum; }
src_before=$(sum)
for fmt in text json sql; do
  run plan "${PAIR[@]}" --format "$fmt" -vv
  expect_no "$HASH" "$TMP/out" "$fmt plan stdout holds no verifier"
  expect_no "$HASH" "$TMP/err" "$fmt plan stderr holds no verifier"
done
run apply "${PAIR[@]}" -vv --format json
expect_rc 0 "apply succeeds"
expect_no "SCRAM-SHA-256\$" "$TMP/out" "apply output holds no verifier"
expect_no "SCRAM-SHA-256\$" "$TMP/err" "apply log holds no verifier"
expect_eq "$(sum)" "$src_before" "the source is unchanged"

# bad input
run plan --source "postgresql://postgres:pw@127.0.0.1:$SRC_PORT/postgres" --target "$TGT_URI"
expect_rc 78 "a password in the URI is refused"
expect_no ":pw@" "$TMP/err" "and not echoed"
run plan --source "postgresql://postgres@127.0.0.1:1/postgres" --target "$TGT_URI"
expect_rc 1 "an unreachable source exits 1"
expect_err "source 127\.0\.0\.1:1: cannot connect" "naming side, host and port"
RDSCLONE_TARGET_PASSWORD=wrong run plan "${PAIR[@]}"
expect_rc 1 "a wrong password exits 1"
expect_err "password authentication failed" "with the server's reason"
run plan --source "$SRC_URI" --target "mysql://admin@127.0.0.1:1"
expect_rc 78 "source and target of different engines is a configuration error"
# libpq leaves SIGPIPE alone: the closed pipe must still be reported, not
# end the process by a signal
expect_lost_report "plan" plan "${PAIR[@]}"
expect_lost_report "dump --format json" dump --target "$TGT_URI" --format json
finish
