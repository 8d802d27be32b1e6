#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# TLS with a CA and server certificates the fixture made with openssl:
# verification succeeds with the right CA and host name; fails clearly
# with a wrong CA or a certificate for another name; ssl-mode=REQUIRED
# against a server without TLS fails (no plaintext fallback).
. "$(dirname "$0")/lib.sh"
[ -f "$RUN_DIR/tlsdb/env" ] || { echo "SKIP: TLS server not running"; exit 77; }
TLS_PORT=$(. "$RUN_DIR/tlsdb/env"; echo "$MARIADB_PORT")
TLS=$RUN_DIR/tls
tls_root() { mariadb --no-defaults -S "$RUN_DIR/tlsdb/mysqld.sock" -uroot -N -B "$@"; }
D=(dump --source)

run "${D[@]}" "mysql://admin@127.0.0.1:$TLS_PORT?ssl-mode=VERIFY_IDENTITY&ssl-ca=$TLS/ca.pem"
expect_rc 0 "VERIFY_IDENTITY with the right CA and host name connects"
run "${D[@]}" "mysql://admin@127.0.0.1:$TLS_PORT?ssl-ca=$TLS/ca.pem"
expect_rc 0 "ssl-ca alone means VERIFY_IDENTITY and connects"
run "${D[@]}" "mysql://admin@127.0.0.1:$TLS_PORT?ssl-mode=VERIFY_IDENTITY&ssl-ca=$TLS/wrong-ca.pem"
expect_rc 1 "a wrong CA fails"
expect_err "TLS|SSL|certificate" "the message says it is the certificate"
run "${D[@]}" "mysql://admin@127.0.0.1:$TLS_PORT?ssl-mode=VERIFY_CA&ssl-ca=$TLS/wrong-ca.pem"
expect_rc 1 "VERIFY_CA with a wrong CA fails"
run "${D[@]}" "mysql://admin@127.0.0.1:$TLS_PORT?ssl-mode=VERIFY_IDENTITY"
expect_rc 78 "VERIFY_IDENTITY without a CA is a configuration error"
run "${D[@]}" "mysql://admin@127.0.0.1:$TLS_PORT?ssl-mode=REQUIRED"
expect_rc 0 "REQUIRED against a TLS server connects"

# the server now presents a certificate for another name (same CA)
cp "$TLS/other.pem" "$TLS/live/server.pem"; cp "$TLS/other.key" "$TLS/live/server.key"
tls_root -e "FLUSH SSL"
run "${D[@]}" "mysql://admin@127.0.0.1:$TLS_PORT?ssl-mode=VERIFY_IDENTITY&ssl-ca=$TLS/ca.pem"
expect_rc 1 "a certificate for another host name fails"
expect_err "TLS|SSL|certificate|name|host" "the message names the mismatch"
cp "$TLS/good.pem" "$TLS/live/server.pem"; cp "$TLS/good.key" "$TLS/live/server.key"
tls_root -e "FLUSH SSL"
run "${D[@]}" "mysql://admin@127.0.0.1:$TLS_PORT?ssl-ca=$TLS/ca.pem"
expect_rc 0 "the right certificate again connects"

# a server without TLS: REQUIRED / VERIFY_* never fall back to plaintext
for mode in REQUIRED "VERIFY_IDENTITY&ssl-ca=$TLS/ca.pem"; do
  run "${D[@]}" "mysql://admin@127.0.0.1:$SRC_PORT?ssl-mode=$mode"
  expect_rc 1 "ssl-mode=${mode%%&*} against a server without TLS fails"
  expect_err "TLS|SSL" "and says TLS is missing"
done
run plan --source "$SRC_URI?ssl-mode=REQUIRED" --target "$TGT_URI"
expect_rc 1 "plan with a REQUIRED source and no TLS fails"
run "${D[@]}" "mysql://admin@127.0.0.1:$SRC_PORT?ssl-mode=DISABLED"
expect_rc 0 "DISABLED connects in plaintext when asked"
finish
