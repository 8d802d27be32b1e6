# SPDX-License-Identifier: Apache-2.0
# Test certificates made with openssl, shared by the hardening fixtures
# (fixture.sh for MariaDB, pg_fixture.sh for PostgreSQL). Sourced; defines
#
#   make_test_certs DIR   DIR/ca.pem (+ca.key): the test CA;
#                         DIR/wrong-ca.pem: a second, unrelated CA;
#                         DIR/good.pem/.key: signed by the CA for
#                           127.0.0.1 and localhost (CN and SAN);
#                         DIR/other.pem/.key: signed by the CA for
#                           db.other.test only;
#                         DIR/live/server.pem/.key: a copy of good.*, the
#                           files a server is pointed at (tests swap them);
#                         DIR/openssl.log: openssl's chatter.
#
# Keys are 0600; certificates 0644. Valid for two days: throw-away only.
make_test_certs() {
    local t=$1
    rm -rf "$t"; mkdir -p "$t/live"
    (
        cd "$t"
        exec 2>openssl.log
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=rdsclone test CA" \
            -keyout ca.key -out ca.pem
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=rdsclone wrong CA" \
            -keyout wrong-ca.key -out wrong-ca.pem
        local name cn san
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
        chmod 644 ./*.pem live/*.pem
        chmod 600 ./*.key live/*.key
    )
}
