#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Secrets: every command at its most verbose, with known passwords, their
# hashes, and AWS secret keys and session tokens in play; none may appear
# in stdout, stderr, JSON or SQL output unless --show-secrets. A password
# file group or others may read is refused with a message.
. "$(dirname "$0")/lib.sh"
reset_servers
PW=Hard-Secret-Pw-9x
src_sql -e "CREATE DATABASE app; CREATE USER 'sec'@'%' IDENTIFIED BY '$PW';
            GRANT SELECT ON app.* TO 'sec'@'%';
            CREATE USER 'sec2'@'%' IDENTIFIED VIA ed25519 USING PASSWORD('$PW-2');" 2>/dev/null ||
src_sql -e "CREATE DATABASE IF NOT EXISTS app; CREATE USER IF NOT EXISTS 'sec'@'%' IDENTIFIED BY '$PW';
            GRANT SELECT ON app.* TO 'sec'@'%';"
tgt_sql -e "CREATE DATABASE app; CREATE USER 'sec3'@'%' IDENTIFIED BY '$PW-3';"
mapfile -t HASHES < <(src_sql -e "SELECT authentication_string FROM mysql.user WHERE User LIKE 'sec%' AND authentication_string<>''"
                      tgt_sql -e "SELECT authentication_string FROM mysql.user WHERE User='sec3'")
SECRETS=("$PW" "$PW-2" "$PW-3" adminpw "${HASHES[@]}")
[ ${#HASHES[@]} -ge 2 ] && ok "${#HASHES[@]} hashes in play" || not_ok "hashes not found"

clean() {  # description: no secret in $TMP/out or $TMP/err
  local s leaked=""
  for s in "${SECRETS[@]}"; do
    [ -n "$s" ] || continue
    if grep -qF -- "$s" "$TMP/out" "$TMP/err"; then leaked="$leaked $s"; fi
  done
  if [ -z "$leaked" ]; then ok "$1: no secret in any output"; else not_ok "$1: leaked$leaked"; fi
}
for fmt in text json sql; do
  run plan "${PAIR[@]}" --prune -v -v --format $fmt; clean "plan -vv --format $fmt (exit $RC)"
  run dump --source "$SRC_URI" -v -v --format $([ $fmt = sql ] && echo text || echo $fmt); clean "dump source -vv $fmt"
  run dump --target "$TGT_URI" -v -v --format $([ $fmt = sql ] && echo text || echo $fmt); clean "dump target -vv $fmt"
done
# a statement that fails holding a secret: the server's echo is withheld
run apply "${PAIR[@]}" --prune -v -v --format json; clean "apply -vv json (exit $RC)"
reset_side tgt_root; tgt_sql -e "CREATE DATABASE app;"
run apply "${PAIR[@]}" -v -v; clean "apply -vv text (exit $RC)"
run apply "${PAIR[@]}" -v -v --format sql; clean "apply -vv sql when in sync"
# wrong passwords and bad hosts: the given password is not echoed
RDSCLONE_TARGET_PASSWORD="$PW" run plan "${PAIR[@]}" -v -v; clean "a refused login (exit $RC)"
# --show-secrets does show them (the check above can see a leak)
reset_side tgt_root; tgt_sql -e "CREATE DATABASE app;"
run plan "${PAIR[@]}" --format sql --show-secrets
if grep -qF -- "${HASHES[0]}" "$TMP/out"; then ok "--show-secrets prints the hash"; else not_ok "--show-secrets hides the hash"; fi

# password files group or others may read are refused, with a message
printf '%s\n' adminpw > "$TMP/pw"
printf 'target = { uri = "%s"; password_file = "%s"; };\n' "$TGT_URI" "$TMP/pw" > "$TMP/c.conf"
for mode in 640 604 660; do
  chmod $mode "$TMP/pw"
  RDSCLONE_TARGET_PASSWORD= run plan -c "$TMP/c.conf" --source "$SRC_URI"
  expect_rc 78 "a password_file with mode $mode is refused"
  expect_err "password_file|permission|chmod|readable" "mode $mode: the message says why"
  clean "mode $mode refusal"
done
chmod 400 "$TMP/pw"
RDSCLONE_TARGET_PASSWORD= run plan -c "$TMP/c.conf" --source "$SRC_URI"
expect_rc 2 "a private (0400) password_file is used"

# rds-shim at its most verbose with a known secret key and session token
if [ -n "${RDS_SHIM_BIN:-}" ] && [ -x "$RDS_SHIM_BIN" ]; then
  "$SHIM_HARNESS/moto_server.sh" start "$TMP/moto" >/dev/null 2>&1 || true
  if [ -f "$TMP/moto/moto.port" ] && [ ! -f "$TMP/moto/skip" ]; then
    MP=$(cat "$TMP/moto/moto.port")
    AK=AKIAHARDENINGTEST01 SK=hardeningSecretKey/abc+DEF123456789xyzQRS TK=hardeningSessionToken+XYZ/987654321==
    SECRETS+=("$SK" "$TK")
    for cmd in "describe" "describe --id nope" "auth-token --host db.example.com --port 3306 --user app"; do
      set +e
      # shellcheck disable=SC2086
      AWS_ACCESS_KEY_ID=$AK AWS_SECRET_ACCESS_KEY=$SK AWS_SESSION_TOKEN=$TK \
      AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent \
        "$RDS_SHIM_BIN" $cmd -v -v --region us-east-1 --endpoint-url "http://127.0.0.1:$MP" \
        >"$TMP/out" 2>"$TMP/err"
      RC=$?
      set -e
      if [ "${cmd%% *}" = auth-token ]; then
        # the token is a presigned URL: it carries the session token by
        # design; stderr must not, nor the secret key anywhere
        mv "$TMP/out" "$TMP/token"; : >"$TMP/out"
        grep -qF -- "$SK" "$TMP/token" && not_ok "auth-token output holds the secret key" || ok "auth-token output has no secret key"
      fi
      clean "rds-shim -vv $cmd (exit $RC)"
    done
  else
    echo "# moto_server not available: rds-shim secrets not checked"
  fi
  "$SHIM_HARNESS/moto_server.sh" stop "$TMP/moto" >/dev/null 2>&1 || true
fi
finish
