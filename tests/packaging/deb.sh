#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Debian packages, end to end: install the three .debs deb_build.sh
# made (rdsclone, librdsclone0, librdsclone-dev) on this machine with dpkg
# and use what they installed: /usr/bin/rdsclone --version, man -w for the
# three pages, pkg-config, ldconfig and a program embedding the library
# built against the installed headers, the units through systemd-analyze
# verify (their man: links now resolve), the completion through
# bash-completion's loader, and a plan/apply/plan with the installed
# binary and the installed example configuration against the MariaDB
# servers of the integration fixture (passwords from password files, as
# the shipped unit gives them). Then the maintainer scripts: an enabled
# timer (systemctl enable, as the administrator does) survives "dpkg -r"
# masked, and "dpkg --purge" leaves no link, mask or deb-systemd-helper
# state behind. The packages are purged at the end, also when a check
# fails (trap). CTest runs it under RESOURCE_LOCK dpkg and mariadb.
#
# Environment: SOURCE_DIR, BUILD_DIR (deb_build.sh's), RUN_DIR (the
# fixture's), CC. Skips (77) when not root (and no password-less sudo),
# when one of the packages is installed already (it is left alone), or
# when the fixture's servers are not running.
set -euo pipefail
: "${SOURCE_DIR:?}" "${BUILD_DIR:?}" "${RUN_DIR:?}"
CC=${CC:-cc}

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if sudo -n true 2>/dev/null; then SUDO=(sudo -n); else
        echo "SKIP: installing a .deb needs root"; exit 77; fi
fi
PKGS=(rdsclone librdsclone0 librdsclone-dev)
for p in "${PKGS[@]}"; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    if [ -n "$st" ] && [ "$st" != "unknown ok not-installed" ] &&
       [ "$st" != "purge ok not-installed" ]; then
        echo "SKIP: a package $p is on this machine already" \
             "($(dpkg-query -W -f='${Version} ${Status}' "$p")): not touching it"
        exit 77
    fi
done
for t in man systemd-analyze pkg-config; do
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
        echo "--- dpkg --purge ${PKGS[*]}"
        "${SUDO[@]}" dpkg --purge "${PKGS[@]}" 2>&1 >/dev/null |
            grep -v "ignoring request to remove .* which isn't installed"
        for p in "${PKGS[@]}"; do
            if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q ' installed'; then
                echo "FAIL: $p still installed after purge"
                fails=$((fails + 1))
            fi
        done
        if [ -e /usr/bin/rdsclone ]; then
            echo "FAIL: /usr/bin/rdsclone left after purge"
            fails=$((fails + 1))
        fi
    fi
    reset_servers >/dev/null 2>&1
    rm -rf "$TMP"
}
trap 'cleanup; [ $fails -eq 0 ] || exit 1' EXIT

start=$(date +%s)
# (what is in which package and the control files: deb_lint.sh)
debs=()
for p in "${PKGS[@]}"; do
    d=$(ls "$BUILD_DIR/${p}"_*.deb 2>/dev/null) ||
        { echo "FAIL: no $p .deb in $BUILD_DIR (packaging_deb_build)"; exit 1; }
    debs+=("$d")
done

dpkg_install() {
    # (slim images exclude man pages and docs in /etc/dpkg/dpkg.cfg.d: the
    # command line's path-include comes after and wins, for these only)
    "${SUDO[@]}" dpkg --path-include='/usr/share/man/*' \
        --path-include='/usr/share/doc/rdsclone/*' -i "$@" >/dev/null
}
echo "--- dpkg -i ${debs[*]##*/}"
dpkg_install "${debs[@]}"
installed=1
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" | grep -q '^install ok installed$' ||
        fail "dpkg does not list $p as installed"
done

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
[ -f /usr/include/rdsclone/rdsclone.h ] && [ -f /usr/include/rdsclone/rds_shim.h ] ||
    fail "the headers are not in /usr/include/rdsclone"
cat > "$TMP/embed.c" <<'C'
#include <rdsclone.h>
#include <rds_shim.h>
#include <stdio.h>
int main(void)
{
  printf("%s %s\n", RDSCLONE_VERSION, rds_shim_strerror(RDS_SHIM_OK));
  return 0;
}
C
# shellcheck disable=SC2046
if "$CC" -std=c99 -Wall -Werror -o "$TMP/embed" "$TMP/embed.c" \
       $(pkg-config --cflags --libs rdsclone); then
    # (merged /usr: ld.so.cache may name it under /lib)
    ldd "$TMP/embed" | grep -E "librdsclone.so.0 => (/usr)?/lib/" >/dev/null ||
        fail "the embedding program does not use the installed librdsclone.so.0"
    "$TMP/embed" || fail "the embedding program failed"
else
    fail "a program embedding librdsclone does not build from the installed files"
fi
printf '#include <rdsclone/rdsclone.h>\nint main(void) { return 0; }\n' > "$TMP/sub.c"
"$CC" -fsyntax-only "$TMP/sub.c" || fail "#include <rdsclone/rdsclone.h> fails"

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

echo "--- maintainer scripts: an enabled timer through dpkg -r, -i, --purge"
wants=/etc/systemd/system/timers.target.wants/rdsclone.timer
mask=/etc/systemd/system/rdsclone.timer
dsh=/var/lib/systemd/deb-systemd-helper-
if [ -e "$wants" ] || [ -L "$wants" ] || [ -L "$mask" ]; then
    fail "$wants or $mask exists before the test"
elif "${SUDO[@]}" systemctl enable rdsclone.timer >/dev/null 2>&1 && [ -L "$wants" ]; then
    "${SUDO[@]}" dpkg -r rdsclone >/dev/null || fail "dpkg -r rdsclone failed"
    [ -L "$wants" ] || fail "dpkg -r removed the administrator's $wants"
    [ "$(readlink "$mask")" = /dev/null ] || fail "dpkg -r did not mask rdsclone.timer"
    dpkg_install "${debs[0]}"
    [ -L "$mask" ] && fail "installing again left rdsclone.timer masked"
    [ -L "$wants" ] || fail "installing again lost $wants"
    "${SUDO[@]}" dpkg --purge rdsclone >/dev/null || fail "dpkg --purge rdsclone failed"
    [ -L "$wants" ] && fail "dpkg --purge left $wants"
    [ -L "$mask" ] && fail "dpkg --purge left the mask $mask"
    left=$(find "${dsh}enabled" "${dsh}masked" -name '*rdsclone*' 2>/dev/null || true)
    [ -z "$left" ] || fail "deb-systemd-helper state left after purge: $left"
    echo "enabled timer: kept and masked by dpkg -r, unmasked by dpkg -i, gone after --purge"
else
    echo "note: systemctl enable does not work here: link handling not checked"
fi

echo "--- done in $(( $(date +%s) - start )) s"
[ $fails -eq 0 ] && echo "deb ok"
