#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Safety and bad input: a read-only target refuses before any write, a held
# lock gives 75, the source is never changed, secrets stay out of every
# output, and bad hosts, passwords, configuration and patterns get clear
# errors with the documented exit codes.
. "$(dirname "$0")/lib.sh"
reset_servers
src_sql -e "CREATE DATABASE app;
  CREATE USER 'svc'@'%' IDENTIFIED BY 'Very-Secret-1';
  GRANT SELECT ON app.* TO 'svc'@'%';
  CALL mysql.rds_set_configuration('binlog retention hours', 24);"
tgt_sql -e "CREATE DATABASE app;"
HASH=$(src_sql -e "SELECT authentication_string FROM mysql.user WHERE User='svc'")
checksum() {
  $1 -e "SELECT * FROM mysql.global_priv ORDER BY User, Host;
         SELECT * FROM mysql.db ORDER BY User, Host, Db;
         SELECT * FROM mysql.roles_mapping ORDER BY User, Host, Role;
         SELECT * FROM mysql.rds_configuration ORDER BY name;" | md5sum
}
src_before=$(checksum src_root)

# read_only target: fails before any write, says how to proceed
tgt_root -e "SET GLOBAL read_only = 1"
tgt_before=$(checksum tgt_root)
run apply "${PAIR[@]}"
expect_rc 1 "apply against a read_only target fails"
expect_err "read_only=ON.*parameter group" "the message says how to proceed"
expect_eq "$(checksum tgt_root)" "$tgt_before" "the read_only target is unchanged"
tgt_root -e "SET GLOBAL read_only = 0"

# another run holds the lock: exit 75, nothing written
mariadb --no-defaults -S "$TGT_SOCK" -uroot -e "SELECT GET_LOCK('rdsclone.apply', 0); SELECT SLEEP(4);" >/dev/null &
holder=$!
sleep 1
run apply "${PAIR[@]}"
expect_rc 75 "apply while another run holds the lock exits 75"
expect_err "holds the lock" "the message names the lock"
expect_eq "$(checksum tgt_root)" "$tgt_before" "the locked target is unchanged"
wait "$holder"   # the session ends, and with it the lock

# secrets: never in plan or apply output unless asked
for fmt in text json sql; do
  run plan "${PAIR[@]}" --format "$fmt" -vv
  expect_no "$HASH" "$TMP/out" "$fmt plan stdout holds no hash"
  expect_no "$HASH" "$TMP/err" "$fmt plan stderr holds no hash"
done
run plan "${PAIR[@]}" --format sql --show-secrets
expect_out "USING '\\$HASH'" "--show-secrets prints the hash"
run apply "${PAIR[@]}" -vv --format json
expect_rc 0 "apply succeeds"
expect_no "$HASH" "$TMP/out" "apply stdout holds no hash"
expect_no "$HASH" "$TMP/err" "apply stderr holds no hash"
run dump --source "$SRC_URI"
expect_no "$HASH" "$TMP/out" "dump holds no hash"
expect_out "auth=<redacted>" "dump redacts the hash"
expect_eq "$(checksum src_root)" "$src_before" "the source is unchanged after apply"

# the source session is read-only: a write through it would fail
run plan --source "$SRC_URI" --target "$SRC_URI"
expect_rc 0 "plan of a server against itself is in sync"

# bad input
run plan --source "mysql://admin@127.0.0.1:1" --target "$TGT_URI"
expect_rc 1 "unreachable source exits 1"
expect_err "source 127\.0\.0\.1:1: cannot connect" "message names side and host:port"
RDSCLONE_TARGET_PASSWORD=wrong run plan "${PAIR[@]}"
expect_rc 1 "wrong password exits 1"
expect_err "target 127\.0\.0\.1:$TGT_PORT: cannot connect: Access denied" "message names the target and the cause"
expect_no "wrong" "$TMP/err" "the wrong password is not echoed"
run plan --source "mysql://admin:pw@127.0.0.1:$SRC_PORT" --target "$TGT_URI"
expect_rc 78 "password in the URI is refused"
expect_no ":pw@" "$TMP/err" "and not echoed"
run plan --source "postgres://x@h/db" --target "$TGT_URI"
expect_rc 78 "unknown engine is a configuration error"
run plan "${PAIR[@]}" --include 'no-at-sign'
expect_rc 64 "malformed pattern is a usage error"
run frobnicate
expect_rc 64 "unknown command is a usage error"
run plan "${PAIR[@]}" --binlog-retention-hours 200
expect_rc 64 "binlog retention outside 1..168 is refused"
run plan "${PAIR[@]}" --format yaml
expect_rc 64 "unknown format is a usage error"

printf 'source = { uri = "%s"; };\ntarget = { uri = "%s";\n  colour = "blue"; };\n' "$SRC_URI" "$TGT_URI" > "$TMP/bad.conf"
run plan -c "$TMP/bad.conf"
expect_rc 78 "unknown config key exits 78"
expect_err "bad\.conf:3: unknown setting 'colour'" "message names file and line"
printf 'binlog_retention_hours = 500;\n' > "$TMP/bad2.conf"
run plan -c "$TMP/bad2.conf" "${PAIR[@]}"
expect_rc 78 "binlog retention 500 in the config exits 78"

# password file: must be private; flags override the file
printf 'adminpw\n' > "$TMP/pw"; chmod 644 "$TMP/pw"
printf 'source = { uri = "mysql://nobody@127.0.0.1:1"; password_file = "%s"; };\ntarget = { uri = "%s"; password_file = "%s"; };\n' "$TMP/pw" "$TGT_URI" "$TMP/pw" > "$TMP/good.conf"
RDSCLONE_SOURCE_PASSWORD= RDSCLONE_TARGET_PASSWORD= run plan -c "$TMP/good.conf" --source "$SRC_URI"
expect_rc 78 "a password file others can read is refused"
expect_err "chmod 600" "the message says how to fix it"
chmod 600 "$TMP/pw"
RDSCLONE_SOURCE_PASSWORD= RDSCLONE_TARGET_PASSWORD= run plan -c "$TMP/good.conf" --source "$SRC_URI"
expect_rc 0 "password_file works and --source overrides the file"
finish
