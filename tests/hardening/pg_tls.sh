#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# PostgreSQL TLS with a CA and server certificates that fixture_pg.sh made
# with openssl (certs.sh), against a cluster with ssl=on whose pg_hba.conf
# accepts TCP only as hostssl, and one with ssl=off:
#  - sslmode=verify-full with the right CA and host name connects;
#  - a wrong CA fails, naming the certificate check; sslrootcert (or the
#    configuration's ssl_ca) alone means verify-full, so it never falls
#    back to plaintext as libpq's prefer would;
#  - a certificate for another name fails under verify-full (verify-ca
#    checks the CA only, as libpq documents);
#  - sslmode=require / verify-* against a server without TLS fails, never
#    plaintext; prefer/allow connect as libpq does and the report says
#    the session is not encrypted;
#  - hostssl-only rules reject a plaintext session.
set -euo pipefail
: "${RDSCLONE:?RDSCLONE must name the rdsclone binary}"
: "${RUN_DIR:?RUN_DIR must name the run directory of the servers}"
for d in pgtls pgplain; do
  if [ ! -f "$RUN_DIR/$d/env" ]; then
    echo "SKIP: the $d PostgreSQL cluster is not running (fixture failed)"
    exit 77
  fi
done
TLS_PORT=$(. "$RUN_DIR/pgtls/env"; echo "$PG_PORT")
PLAIN_PORT=$(. "$RUN_DIR/pgplain/env"; echo "$PG_PORT")
CERTS=$RUN_DIR/pgcerts
HBA=$RUN_DIR/pgtls/data/pg_hba.conf
export RDSCLONE_SOURCE_PASSWORD=adminpw RDSCLONE_TARGET_PASSWORD=adminpw
unset PGSSLMODE PGSSLROOTCERT PGSSLCERT PGSSLKEY PGSERVICE PGOPTIONS
TMP=$(mktemp -d)
. "$(dirname "$0")/../integration/check.sh"

# the superuser over the cluster's socket (trust), whatever pg_hba says
tls_admin() {
  psql -X -q -At -v ON_ERROR_STOP=1 -h "$RUN_DIR/pgtls" -p "$TLS_PORT" \
    -U postgres -d postgres "$@"
}
# reloads the TLS cluster's configuration and waits until it took effect
reload_tls() {
  local before
  before=$(tls_admin -c "SELECT pg_conf_load_time()")
  tls_admin -c "SELECT pg_reload_conf()" >/dev/null
  for _ in $(seq 100); do
    [ "$(tls_admin -c "SELECT pg_conf_load_time()")" != "$before" ] && return 0
    sleep 0.05
  done
  echo "the TLS cluster did not reload its configuration" >&2
  return 1
}
use_cert() {  # good|other: the certificate the TLS cluster presents
  cp "$CERTS/$1.pem" "$CERTS/live/server.pem"
  cp "$CERTS/$1.key" "$CERTS/live/server.key"
  reload_tls
}
cp "$HBA" "$TMP/hba.hostssl"
restore() {
  cp "$TMP/hba.hostssl" "$HBA" 2>/dev/null || true
  cp "$CERTS/good.pem" "$CERTS/live/server.pem" 2>/dev/null || true
  cp "$CERTS/good.key" "$CERTS/live/server.key" 2>/dev/null || true
  tls_admin -c "SELECT pg_reload_conf()" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap restore EXIT

T="postgresql://postgres@127.0.0.1:$TLS_PORT/postgres"
TL="postgresql://postgres@localhost:$TLS_PORT/postgres"
P="postgresql://postgres@127.0.0.1:$PLAIN_PORT/postgres"
CA=$CERTS/ca.pem
WRONG=$CERTS/wrong-ca.pem
dump_src() { run dump --source "$@"; }
not_encrypted_note() {  # description: no note that the session is plaintext
  if grep -q "not encrypted" "$TMP/out" "$TMP/err"; then not_ok "$1"; else ok "$1"; fi
}

# --- the right CA and host name ------------------------------------------
dump_src "$T?sslmode=verify-full&sslrootcert=$CA"
expect_rc 0 "verify-full with the right CA and 127.0.0.1 connects"
dump_src "$TL?sslmode=verify-full&sslrootcert=$CA"
expect_rc 0 "verify-full with the right CA and localhost connects"
dump_src "$T?sslrootcert=$CA"
expect_rc 0 "sslrootcert alone connects (verify-full)"
run plan --source "$T?sslmode=verify-full&sslrootcert=$CA" \
         --target "$T?sslmode=verify-full&sslrootcert=$CA"
expect_rc 0 "plan over two verified TLS sessions finds nothing"
not_encrypted_note "and notes no plaintext session"

# --- hostssl-only rules: the server itself rejects plaintext -------------
dump_src "$T?sslmode=disable"
expect_rc 1 "sslmode=disable against hostssl-only rules is rejected"
expect_err "pg_hba.conf rejects connection.*no encryption" \
  "the message is the server's: no pg_hba.conf entry without encryption"
PGSSLMODE=disable run dump --source "$T"
expect_rc 1 "PGSSLMODE=disable (libpq's variable) is honoured and rejected"
expect_err "no encryption" "with the same message"
dump_src "$T?sslmode=allow"
expect_rc 0 "sslmode=allow: plaintext rejected, libpq retries with TLS"
not_encrypted_note "and the session is encrypted (no note)"
dump_src "$T?sslmode=prefer"
expect_rc 0 "sslmode=prefer against a TLS server connects"
not_encrypted_note "over TLS (no note)"

# --- a wrong CA -----------------------------------------------------------
dump_src "$T?sslmode=verify-full&sslrootcert=$WRONG"
expect_rc 1 "verify-full with a wrong CA fails"
expect_err "source 127.0.0.1:$TLS_PORT: cannot connect: .*certificate verify failed" \
  "the message names the side and the failed certificate check"
dump_src "$T?sslmode=verify-ca&sslrootcert=$WRONG"
expect_rc 1 "verify-ca with a wrong CA fails"
expect_err "certificate verify failed" "naming the certificate check"
dump_src "$T?sslmode=require&sslrootcert=$WRONG"
expect_rc 1 "require with a root certificate checks it (libpq) and fails"

# The same server, now also accepting plaintext (host rules): libpq's
# prefer would fall back to plaintext after a failed certificate check.
printf 'local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n' >"$HBA"
reload_tls
dump_src "$T?sslrootcert=$WRONG"
expect_rc 1 "sslrootcert alone with a wrong CA fails, no plaintext fallback"
expect_err "certificate verify failed" "naming the certificate check"
cat >"$TMP/ca.conf" <<CONF
source = { uri = "$T"; ssl_ca = "$WRONG"; };
target = { uri = "$T"; ssl_ca = "$CA"; };
CONF
run plan -c "$TMP/ca.conf"
expect_rc 1 "the configuration's ssl_ca alone with a wrong CA fails"
expect_err "source .*certificate verify failed" "on the source, naming the check"
cat >"$TMP/ca_ok.conf" <<CONF
source = { uri = "$T"; ssl_ca = "$CA"; };
target = { uri = "$T"; ssl_mode = "VERIFY_IDENTITY"; ssl_ca = "$CA"; };
CONF
run plan -c "$TMP/ca_ok.conf"
expect_rc 0 "ssl_ca / ssl_mode = VERIFY_IDENTITY from the configuration connect"
not_encrypted_note "over TLS"
run plan --source "$T?sslmode=prefer&sslrootcert=$WRONG" --target "$T?sslrootcert=$CA"
expect_rc 0 "an explicit sslmode=prefer keeps libpq's behaviour: plaintext"
expect_out "note: source 127.0.0.1:$TLS_PORT: the session is not encrypted" \
  "and the report says the session is not encrypted"
run plan --source "$T?sslmode=prefer&sslrootcert=$WRONG" --target "$T?sslmode=allow" --format json
expect_rc 0 "plan with prefer (failed check) and allow sessions runs"
if python3 - "$TMP/out" <<'PY'
import json, sys
notes = json.load(open(sys.argv[1]))["notes"]
assert any("source" in n and "sslmode=prefer" in n and "not encrypted" in n for n in notes), notes
assert any("target" in n and "sslmode=allow" in n and "not encrypted" in n for n in notes), notes
PY
then ok "the JSON notes name both plaintext sessions and their sslmode"
else not_ok "the JSON notes name both plaintext sessions and their sslmode"; fi
cp "$TMP/hba.hostssl" "$HBA"
reload_tls

# --- a certificate for another host name (same CA) -------------------------
use_cert other
dump_src "$T?sslmode=verify-full&sslrootcert=$CA"
expect_rc 1 "verify-full against a certificate for another name fails"
expect_err "does not match host name|db.other.test" \
  "the message names the name mismatch"
dump_src "$T?sslrootcert=$CA"
expect_rc 1 "sslrootcert alone (verify-full) fails the same way"
dump_src "$T?sslmode=verify-ca&sslrootcert=$CA"
expect_rc 0 "verify-ca checks the CA only (libpq's documented meaning)"
use_cert good
dump_src "$T?sslmode=verify-full&sslrootcert=$CA"
expect_rc 0 "the right certificate again connects"

# --- a server without TLS: never plaintext when TLS is required -----------
for q in "sslmode=require" "sslmode=verify-ca&sslrootcert=$CA" \
         "sslmode=verify-full&sslrootcert=$CA" "sslrootcert=$CA"; do
  dump_src "$P?$q"
  expect_rc 1 "${q%%&*} against a server without TLS fails"
  expect_err "server does not support SSL, but SSL was required" \
    "and says the server has no TLS"
done
run plan --source "$P?sslmode=require" --target "$T?sslrootcert=$CA"
expect_rc 1 "plan with a require source and no TLS there fails"
cat >"$TMP/req.conf" <<CONF
source = { uri = "$P"; ssl_mode = "REQUIRED"; };
target = { uri = "$T"; ssl_ca = "$CA"; };
CONF
run plan -c "$TMP/req.conf"
expect_rc 1 "ssl_mode = REQUIRED (rdsclone's name) from the configuration fails too"
expect_err "SSL was required" "with libpq's message"
cat >"$TMP/req2.conf" <<CONF
source = { uri = "$P?sslmode=disable"; ssl_mode = "require"; };
target = { uri = "$T"; ssl_ca = "$CA"; };
CONF
run plan -c "$TMP/req2.conf"
expect_rc 1 "the configuration's ssl_mode overrides the URI's sslmode"
run plan --source "$P?sslmode=prefer" --target "$P?sslmode=disable"
expect_rc 0 "sslmode=prefer against a server without TLS connects (libpq)"
expect_out "note: source 127.0.0.1:$PLAIN_PORT: the session is not encrypted: .*sslmode=prefer" \
  "and the report says it is plaintext"
run plan --source "$P" --target "$P?sslmode=disable"
expect_rc 0 "no sslmode at all is libpq's prefer"
expect_out "not encrypted" "and is reported as plaintext too"
run plan --source "$P?sslmode=disable" --target "$P?sslmode=disable"
expect_rc 0 "sslmode=disable connects in plaintext when asked"
not_encrypted_note "without a note (asked for)"

# --- bad input --------------------------------------------------------------
dump_src "$T?ssl-mode=REQUIRED"
expect_rc 78 "the MySQL-family ssl-mode in a PostgreSQL URI is a configuration error"
expect_err "invalid URI query parameter: \"ssl-mode\".*sslmode, sslrootcert" \
  "naming the parameter and libpq's names"
dump_src "$T?sslmode=bogus"
expect_rc 1 "an unknown sslmode is refused"
expect_err "invalid sslmode value" "with libpq's message"
mkdir -p "$TMP/home"
HOME=$TMP/home run dump --source "$T?sslmode=verify-full"
expect_rc 1 "verify-full without any root certificate fails"
expect_err "root certificate file .*root.crt.* does not exist" \
  "naming libpq's default file (~/.postgresql/root.crt)"
dump_src "$T?sslmode=verify-full&sslrootcert=$CERTS/missing.pem"
expect_rc 1 "a missing root certificate file fails"
expect_err "missing.pem.*does not exist" "naming the file"
for f in out err; do
  expect_no adminpw "$TMP/$f" "no password in the last $f"
done
finish
