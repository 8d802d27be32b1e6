#!/usr/bin/env bash
# CTest fixture of the hardening tests (tests/hardening/CMakeLists.txt).
#
#   fixture.sh start RUN   makes RUN/tls (a CA, a second "wrong" CA, a
#                          server certificate for 127.0.0.1 and localhost
#                          and one for another name, all with openssl),
#                          starts three MariaDB servers on 127.0.0.1:
#                          RUN/src and RUN/tgt (plain) and RUN/tlsdb (with
#                          ssl-ca/ssl-cert/ssl-key from RUN/tls/live/)
#   fixture.sh stop RUN    stops them (each by its PID, via the harness)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
HARNESS=$HERE/../harness/mariadb_server.sh
cmd=${1:?usage: fixture.sh start|stop RUN}
run=${2:?usage: fixture.sh start|stop RUN}

stop_all() {
    local rc=0 d
    for d in src tgt tlsdb; do "$HARNESS" stop "$run/$d" || rc=1; done
    rm -rf "$run/tls"
    return $rc
}

make_certs() {
    local t=$run/tls
    rm -rf "$t"; mkdir -p "$t/live"
    (
        cd "$t"
        exec 2>openssl.log
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=rdsclone test CA" \
            -keyout ca.key -out ca.pem
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=rdsclone wrong CA" \
            -keyout wrong-ca.key -out wrong-ca.pem
        for name in good other; do
            if [ $name = good ]; then
                cn=127.0.0.1; san="IP:127.0.0.1,DNS:localhost"
            else
                cn=db.other.test; san="DNS:db.other.test"
            fi
            openssl req -newkey rsa:2048 -nodes -subj "/CN=$cn" \
                -keyout $name.key -out $name.csr
            printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
                "$san" >$name.ext
            openssl x509 -req -in $name.csr -CA ca.pem -CAkey ca.key \
                -CAcreateserial -days 2 -extfile $name.ext -out $name.pem
        done
        cp good.pem live/server.pem
        cp good.key live/server.key
        chmod 644 ./*.pem live/*
    )
}

case $cmd in
    start)
        stop_all >/dev/null 2>&1 || true
        mkdir -p "$run"
        command -v openssl >/dev/null || { echo "fixture: openssl missing" >&2; exit 1; }
        make_certs
        "$HARNESS" start "$run/src"
        "$HARNESS" start "$run/tgt"
        MARIADB_EXTRA_ARGS="--ssl-ca=$run/tls/ca.pem --ssl-cert=$run/tls/live/server.pem --ssl-key=$run/tls/live/server.key" \
            "$HARNESS" start "$run/tlsdb"
        ;;
    stop) stop_all ;;
    *) echo "usage: fixture.sh start|stop RUN" >&2; exit 64 ;;
esac
