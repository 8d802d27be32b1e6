#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# CTest fixture of the hardening tests (tests/hardening/CMakeLists.txt).
#
#   fixture.sh start RUN   makes RUN/tls (certs.sh: a CA, a second "wrong"
#                          CA, a server certificate for 127.0.0.1 and
#                          localhost and one for another name),
#                          starts three MariaDB servers on 127.0.0.1:
#                          RUN/src and RUN/tgt (plain) and RUN/tlsdb (with
#                          ssl-ca/ssl-cert/ssl-key from RUN/tls/live/)
#   fixture.sh stop RUN    stops them (each by its PID, via the harness)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
HARNESS=$HERE/../harness/mariadb_server.sh
. "$HERE/certs.sh"
cmd=${1:?usage: fixture.sh start|stop RUN}
run=${2:?usage: fixture.sh start|stop RUN}

stop_all() {
    local rc=0 d
    for d in src tgt tlsdb; do "$HARNESS" stop "$run/$d" || rc=1; done
    rm -rf "$run/tls"
    return $rc
}

case $cmd in
    start)
        stop_all >/dev/null 2>&1 || true
        mkdir -p "$run"
        command -v openssl >/dev/null || { echo "fixture: openssl missing" >&2; exit 1; }
        make_test_certs "$run/tls"
        # the MariaDB server runs as root here and reads the key as is
        chmod 644 "$run/tls/live/server.key"
        "$HARNESS" start "$run/src"
        "$HARNESS" start "$run/tgt"
        MARIADB_EXTRA_ARGS="--ssl-ca=$run/tls/ca.pem --ssl-cert=$run/tls/live/server.pem --ssl-key=$run/tls/live/server.key" \
            "$HARNESS" start "$run/tlsdb"
        ;;
    stop) stop_all ;;
    *) echo "usage: fixture.sh start|stop RUN" >&2; exit 64 ;;
esac
