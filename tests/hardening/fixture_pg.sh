#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# CTest fixture of the PostgreSQL hardening tests
# (tests/hardening/CMakeLists.txt).
#
#   fixture_pg.sh start RUN  makes RUN/pgcerts (certs.sh: a CA, a second
#                            "wrong" CA, a server certificate for 127.0.0.1
#                            and localhost and one for another name) and
#                            starts two clusters on 127.0.0.1 through
#                            tests/harness/pg_server.sh:
#                              RUN/pgtls    ssl=on with the certificate in
#                                           RUN/pgcerts/live/, and a
#                                           pg_hba.conf whose TCP rules are
#                                           hostssl only (plaintext is
#                                           rejected by the server itself)
#                              RUN/pgplain  ssl=off (initdb's pg_hba.conf)
#                              RUN/pgsrc, RUN/pgtgt  a plain source and
#                                           target pair (fault injection;
#                                           the layout lib_pg.sh expects)
#   fixture_pg.sh stop RUN   stops them (each by its PID, via the harness)
#                            and removes RUN/pgcerts
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
HARNESS=$HERE/../harness/pg_server.sh
. "$HERE/certs.sh"
cmd=${1:?usage: fixture_pg.sh start|stop RUN}
run=${2:?usage: fixture_pg.sh start|stop RUN}

stop_all() {
    local rc=0 d
    for d in pgtls pgplain pgsrc pgtgt; do "$HARNESS" stop "$run/$d" || rc=1; done
    rm -rf "$run/pgcerts"
    return $rc
}

case $cmd in
    start)
        stop_all >/dev/null 2>&1 || true
        mkdir -p "$run"
        command -v openssl >/dev/null || { echo "fixture_pg: openssl missing" >&2; exit 1; }
        make_test_certs "$run/pgcerts"
        # the server runs as postgres and wants its key private to it
        [ "$(id -u)" -eq 0 ] && chown -R postgres: "$run/pgcerts/live"
        cat >"$run/pgcerts/pg_hba.conf" <<'HBA'
# written by tests/hardening/fixture_pg.sh: TCP only over TLS
local     all  all                 trust
hostssl   all  all  127.0.0.1/32   scram-sha-256
hostnossl all  all  127.0.0.1/32   reject
HBA
        chmod 644 "$run/pgcerts/pg_hba.conf"
        PG_HBA_FILE=$run/pgcerts/pg_hba.conf \
        PG_EXTRA_OPTS="-c ssl=on -c ssl_cert_file=$run/pgcerts/live/server.pem -c ssl_key_file=$run/pgcerts/live/server.key" \
            "$HARNESS" start "$run/pgtls"
        "$HARNESS" start "$run/pgplain"
        "$HARNESS" start "$run/pgsrc"
        "$HARNESS" start "$run/pgtgt"
        ;;
    stop) stop_all ;;
    *) echo "usage: fixture_pg.sh start|stop RUN" >&2; exit 64 ;;
esac
