#!/usr/bin/env bash
# The Debian package, end to end: configure a /usr build (its own build
# directory), "cpack -G DEB", install the .deb on this machine with dpkg,
# and use what it installed: /usr/bin/rdsclone --version, man -w for the
# three pages, pkg-config and ldconfig for the library, the units through
# systemd-analyze verify (their man: links now resolve), the completion
# through bash-completion's loader, and a plan/apply/plan with the
# installed binary and the installed example configuration against the
# MariaDB servers of the integration fixture (passwords from password
# files, as the shipped unit gives them). The package is purged at the
# end, also when a check fails (trap). CTest runs it under RESOURCE_LOCK
# dpkg and mariadb.
#
# Environment: SOURCE_DIR, BUILD_DIR (a scratch build dir), RUN_DIR (the
# fixture's), CC. Skips (77) when not root (and no password-less sudo),
# when an rdsclone package is installed already (it is left alone), or
# when the fixture's servers are not running.
set -euo pipefail
: "${SOURCE_DIR:?}" "${BUILD_DIR:?}" "${RUN_DIR:?}"
CC=${CC:-cc}

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if sudo -n true 2>/dev/null; then SUDO=(sudo -n); else
        echo "SKIP: installing a .deb needs root"; exit 77; fi
fi
if [ "$(dpkg-query -W -f='${Status}' rdsclone 2>/dev/null || true)" != "" ] &&
   [ "$(dpkg-query -W -f='${Status}' rdsclone 2>/dev/null)" != "unknown ok not-installed" ]; then
    echo "SKIP: a package rdsclone is on this machine already" \
         "($(dpkg-query -W -f='${Version} ${Status}' rdsclone)): not touching it"
    exit 77
fi
for t in cpack dpkg-shlibdeps man systemd-analyze pkg-config; do
    command -v $t >/dev/null || { echo "FAIL: $t missing (scripts/setup.sh)"; exit 1; }
done

# the fixture (tests/integration/lib.sh: ports, helpers, reset_servers)
export RDSCLONE=/usr/bin/rdsclone
# shellcheck source=../integration/lib.sh
. "$SOURCE_DIR/tests/integration/lib.sh"
# lib.sh gives passwords through the environment; here they come from
# password files, as under the shipped unit
unset RDSCLONE_SOURCE_PASSWORD RDSCLONE_TARGET_PASSWORD

installed=0
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
cleanup() {
    set +e
    if [ $installed -eq 1 ]; then
        echo "--- dpkg --purge rdsclone"
        "${SUDO[@]}" dpkg --purge rdsclone >/dev/null
        if [ -e /usr/bin/rdsclone ] ||
           dpkg-query -W -f='${Status}' rdsclone 2>/dev/null | grep -q installed; then
            echo "FAIL: rdsclone still installed after purge"
            fails=$((fails + 1))
        fi
    fi
    reset_servers >/dev/null 2>&1
    rm -rf "$TMP"
}
trap 'cleanup; [ $fails -eq 0 ] || exit 1' EXIT

start=$(date +%s)
echo "--- build ($BUILD_DIR, prefix /usr) and cpack"
cmake -S "$SOURCE_DIR" -B "$BUILD_DIR" -DCMAKE_INSTALL_PREFIX=/usr \
      -DBUILD_TESTING=OFF -DRDSCLONE_WERROR=ON -DCMAKE_C_COMPILER="$CC" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" -j2 >/dev/null
rm -f "$BUILD_DIR"/rdsclone_*.deb
(cd "$BUILD_DIR" && cpack -G DEB >/dev/null)
deb=$(ls "$BUILD_DIR"/rdsclone_*.deb)
echo "$deb ($(( $(date +%s) - start )) s)"

dpkg-deb -f "$deb" Package Version Section Maintainer Depends
[ "$(dpkg-deb -f "$deb" Package)" = rdsclone ] || fail "package name"
[ "$(dpkg-deb -f "$deb" Section)" = admin ] || fail "section"
[ -n "$(dpkg-deb -f "$deb" Maintainer)" ] || fail "no maintainer"
deps=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libmariadb3 libpq5 libcurl4 libssl3 libxml2 libconfig9 libcjson1; do
    [[ $deps == *"$lib"* ]] || fail "Depends lacks $lib (shlibdeps): $deps"
done

echo "--- dpkg -i"
# (slim images exclude man pages and docs in /etc/dpkg/dpkg.cfg.d: the
# command line's path-include comes after and wins, for this package only)
"${SUDO[@]}" dpkg --path-include='/usr/share/man/*' \
    --path-include='/usr/share/doc/rdsclone/*' -i "$deb" >/dev/null
installed=1
dpkg-query -W -f='${Status}\n' rdsclone | grep -q '^install ok installed$' ||
    fail "dpkg does not list rdsclone as installed"

want_version=$(sed -n 's/^project(rdsclone VERSION \([0-9.]*\).*/\1/p' \
               "$SOURCE_DIR/CMakeLists.txt")
v=$(/usr/bin/rdsclone --version) || fail "/usr/bin/rdsclone --version failed"
echo "$v"
[ "$v" = "rdsclone $want_version" ] || fail "version '$v', want $want_version"
v=$(/usr/bin/rds-shim --version) || fail "/usr/bin/rds-shim --version failed"
[ "$v" = "rds-shim $want_version" ] || fail "rds-shim version '$v'"

for page in "1 rdsclone" "1 rds-shim" "5 rdsclone.conf"; do
    set -- $page
    p=$(man -w "$1" "$2" 2>&1) || fail "man -w $1 $2: $p"
    echo "man -w $1 $2: $p"
    [ "$p" = "/usr/share/man/man$1/$2.$1.gz" ] || fail "man -w $1 $2 is $p"
    w=$(MANWIDTH=80 man --warnings "$1" "$2" 2>&1 >/dev/null) || fail "man $2 failed"
    [ -z "$w" ] || fail "man $1 $2 warns: $w"
done

[ "$(pkg-config --modversion rdsclone)" = "$want_version" ] ||
    fail "pkg-config rdsclone: $(pkg-config --modversion rdsclone 2>&1)"
# not grep -q: it exits at the first match, and ldconfig, still writing
# its 50 KB, dies of SIGPIPE, which pipefail reports as a failure
ldconfig -p | grep 'librdsclone.so.0 ' >/dev/null ||
    fail "ldconfig does not know librdsclone.so.0"

out=$(systemd-analyze verify /usr/lib/systemd/system/rdsclone.service \
      /usr/lib/systemd/system/rdsclone.timer 2>&1) ||
    fail "systemd-analyze verify failed: $out"
[ -z "$out" ] || fail "systemd-analyze verify says: $out"

if [ -r /usr/share/bash-completion/bash_completion ]; then
    bash -c '. /usr/share/bash-completion/bash_completion
             _completion_loader rdsclone; _completion_loader rds-shim
             complete -p rdsclone && complete -p rds-shim' ||
        fail "bash-completion does not load the installed completions"
fi

echo "--- plan/apply with the installed binary and example configuration"
creds=$TMP/credentials
install -d -m 700 "$creds"
printf 'adminpw\n' > "$creds/source.password"
printf 'adminpw\n' > "$creds/target.password"
chmod 600 "$creds"/*.password
# the example, pointed at the fixture's servers (no TLS there)
sed -e "/^source = {/,/^};/ s|uri = \".*\";|uri = \"$SRC_URI\";|" \
    -e "/^target = {/,/^};/ s|uri = \".*\";|uri = \"$TGT_URI\";|" \
    -e '/^ *ssl_mode = /d' -e '/^ *ssl_ca = /d' \
    /usr/share/doc/rdsclone/examples/rdsclone.conf.example > "$TMP/rdsclone.conf"
reset_servers
src_sql -e "CREATE USER 'pkg_probe'@'%' IDENTIFIED BY 'probe-pw';
            GRANT SELECT ON mysql.user TO 'pkg_probe'@'%';"
set +e
(cd "$creds" && /usr/bin/rdsclone plan -c "$TMP/rdsclone.conf" --format json) \
    > "$TMP/plan.json" 2> "$TMP/plan.err"
rc=$?
set -e
cat "$TMP/plan.err"
[ $rc -eq 2 ] || fail "plan exited $rc, want 2 (pkg_probe missing on target)"
grep -q pkg_probe "$TMP/plan.json" || fail "the plan does not name pkg_probe"
grep -q 'probe-pw' "$TMP/plan.json" "$TMP/plan.err" && fail "a password in the output"
(cd "$creds" && /usr/bin/rdsclone apply -c "$TMP/rdsclone.conf" -q) ||
    fail "apply exited $?"
(cd "$creds" && /usr/bin/rdsclone plan -c "$TMP/rdsclone.conf" -q) ||
    fail "plan after apply exited $? (want 0)"
[ -n "$(tgt_root -e "SELECT 1 FROM mysql.user WHERE User='pkg_probe'")" ] ||
    fail "pkg_probe not on the target after apply"

echo "--- done in $(( $(date +%s) - start )) s"
[ $fails -eq 0 ] && echo "deb ok"
