#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Debian packages deb_build.sh made, without installing them:
#  * lintian (--pedantic, info tags shown) reports no error and no warning
#    (overrides: cmake/deb/lintian-overrides, each with its reason), and
#    no hardening-* hint (deb_build.sh builds with dpkg-buildflags);
#  * the split: every file of each package is listed below, and no other;
#  * control: names, sections, version, dependencies (shlibdeps for the
#    programs and the library, librdsclone-dev on the exact librdsclone0),
#    librdsclone0's shlibs and ldconfig trigger and no maintainer script,
#    rdsclone's scripts use deb-systemd-helper/-invoke (systemctl only for
#    daemon-reload) and pass sh -n;
#  * copyright is DEP-5 (Apache-2.0), the changelog's entry is the version;
#  * the units name /usr/bin/rdsclone (generated with the prefix).
# Environment: SOURCE_DIR, BUILD_DIR (deb_build.sh's).
set -uo pipefail
: "${SOURCE_DIR:?}" "${BUILD_DIR:?}"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
command -v lintian >/dev/null || { echo "FAIL: lintian missing (scripts/setup.sh)"; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

upstream=$(sed -n 's/^project(rdsclone VERSION \([0-9.]*\).*/\1/p' "$SOURCE_DIR/CMakeLists.txt")
version=$(sed -n '1s/^rdsclone (\([^)]*\)).*/\1/p' "$SOURCE_DIR/cmake/deb/changelog")
[[ $version == "$upstream"-* ]] ||
    fail "cmake/deb/changelog's first entry is $version, the project $upstream"
arch=$(dpkg --print-architecture)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
deb() { echo "$BUILD_DIR/${1}_${version}_${arch}.deb"; }
for p in rdsclone librdsclone0 librdsclone-dev; do
    [ -f "$(deb $p)" ] || { fail "$(deb $p) not built"; }
done
[ $fails -eq 0 ] || exit 1
n=$(ls "$BUILD_DIR"/*.deb | wc -l)
[ "$n" -eq 3 ] || fail "$n packages built, want 3: $(ls "$BUILD_DIR"/*.deb)"

echo "--- lintian --pedantic -I"
# (as root lintian says it should not be; that line is not a finding)
lintian --pedantic -I "$(deb rdsclone)" "$(deb librdsclone0)" \
        "$(deb librdsclone-dev)" 2>&1 |
    grep -v '^running with root privileges' | tee "$TMP/lintian"
errors=$(grep -c '^E:' "$TMP/lintian")
warnings=$(grep -c '^W:' "$TMP/lintian")
echo "lintian: $errors error(s), $warnings warning(s)"
[ "$errors" -eq 0 ] && [ "$warnings" -eq 0 ] ||
    fail "lintian: $errors error(s), $warnings warning(s)"
grep -q ': hardening-' "$TMP/lintian" &&
    fail "lintian: binaries built without Debian's hardening flags"

echo "--- the split"
L=usr/lib/$multiarch
expect() {  # package, then its files (directories are not listed)
    local p=$1; shift
    printf '%s\n' "$@" | sort > "$TMP/want.$p"
    dpkg-deb --fsys-tarfile "$(deb "$p")" | tar -t | sed 's|^\./||' |
        grep -v -e '/$' -e '^$' | sort > "$TMP/got.$p"
    if ! diff -u "$TMP/want.$p" "$TMP/got.$p" > "$TMP/diff.$p"; then
        fail "$p: files differ from the expected split (- expected, + in the package):"
        sed -n '3,$p' "$TMP/diff.$p" | grep '^[-+]'
    else
        echo "$p: $(wc -l < "$TMP/got.$p") files as expected"
    fi
}
expect rdsclone \
    usr/bin/rdsclone usr/bin/rds-shim \
    usr/share/man/man1/rdsclone.1.gz usr/share/man/man1/rds-shim.1.gz \
    usr/share/man/man5/rdsclone.conf.5.gz \
    usr/share/bash-completion/completions/rdsclone \
    usr/share/bash-completion/completions/rds-shim \
    usr/lib/systemd/system/rdsclone.service usr/lib/systemd/system/rdsclone.timer \
    usr/share/doc/rdsclone/README.md usr/share/doc/rdsclone/README.rds-shim.md \
    usr/share/doc/rdsclone/examples/rdsclone.conf.example \
    usr/share/doc/rdsclone/examples/rdsclone-fleet.conf.example \
    usr/share/doc/rdsclone/examples/rdsclone-recreate.conf.example \
    usr/share/doc/rdsclone/examples/rdsclone.service \
    usr/share/doc/rdsclone/examples/rdsclone.timer \
    usr/share/doc/rdsclone/examples/rdsclone.cron \
    usr/share/doc/rdsclone/copyright usr/share/doc/rdsclone/changelog.Debian.gz \
    usr/share/lintian/overrides/rdsclone
expect librdsclone0 \
    "$L/librdsclone.so.0" "$L/librdsclone.so.$upstream" \
    usr/share/doc/librdsclone0/copyright \
    usr/share/doc/librdsclone0/changelog.Debian.gz \
    usr/share/lintian/overrides/librdsclone0
expect librdsclone-dev \
    "$L/librdsclone.so" "$L/pkgconfig/rdsclone.pc" \
    usr/include/rdsclone/rdsclone.h usr/include/rdsclone/rds_shim.h \
    usr/include/rdsclone/rdsclone_compare.h \
    usr/include/rdsclone/rdsclone_dms.h \
    usr/include/rdsclone/rdsclone_encrypt.h \
    usr/include/rdsclone/rdsclone_recreate.h \
    usr/share/doc/librdsclone-dev/copyright \
    usr/share/doc/librdsclone-dev/changelog.Debian.gz \
    usr/share/lintian/overrides/librdsclone-dev
# (grep without -q: tar must not die of SIGPIPE, pipefail would see it)
dpkg-deb --fsys-tarfile "$(deb librdsclone-dev)" | tar -tv |
    grep "$L/librdsclone.so -> librdsclone.so.0$" >/dev/null ||
    fail "librdsclone-dev: librdsclone.so is not a link to librdsclone.so.0"

echo "--- control"
field() { dpkg-deb -f "$(deb "$1")" "$2"; }
for p in rdsclone librdsclone0 librdsclone-dev; do
    [ "$(field $p Package)" = "$p" ] || fail "$p: Package is $(field $p Package)"
    [ "$(field $p Version)" = "$version" ] || fail "$p: Version $(field $p Version)"
    [ -n "$(field $p Maintainer)" ] || fail "$p: no Maintainer"
    echo "$p: Section $(field $p Section); Depends: $(field $p Depends)"
done
[ "$(field rdsclone Section)" = admin ] || fail "rdsclone: Section not admin"
[ "$(field librdsclone0 Section)" = libs ] || fail "librdsclone0: Section not libs"
[ "$(field librdsclone-dev Section)" = libdevel ] || fail "librdsclone-dev: Section not libdevel"
# the configuration file is the command's: only it links libconfig
for p in rdsclone librdsclone0; do
    deps=$(field $p Depends)
    libs="libc6 libmariadb3 libpq5 libcurl4 libssl3 libxml2 libcjson1"
    [ $p = rdsclone ] && libs="$libs libconfig9"
    for lib in $libs; do
        [[ $deps == *"$lib"* ]] || fail "$p: Depends lacks $lib (shlibdeps): $deps"
    done
    [ $p = librdsclone0 ] && [[ $deps == *libconfig* ]] &&
        fail "librdsclone0: depends on libconfig: $deps"
    [[ $deps == *librdsclone* ]] && fail "$p: depends on $deps"
done
[ "$(field librdsclone-dev Depends)" = "librdsclone0 (= $version)" ] ||
    fail "librdsclone-dev: Depends $(field librdsclone-dev Depends)"

for p in rdsclone librdsclone0 librdsclone-dev; do
    mkdir "$TMP/ctl.$p"; dpkg-deb -e "$(deb $p)" "$TMP/ctl.$p"
done
C=$TMP/ctl.librdsclone0
[ "$(cat "$C/shlibs" 2>/dev/null)" = "librdsclone 0 librdsclone0 (>= $version)" ] ||
    fail "librdsclone0: shlibs is '$(cat "$C/shlibs" 2>/dev/null)'"
[ "$(cat "$C/triggers" 2>/dev/null)" = "activate-noawait ldconfig" ] ||
    fail "librdsclone0: no ldconfig trigger"
for s in preinst postinst prerm postrm; do
    [ ! -e "$C/$s" ] || fail "librdsclone0 has a $s (the trigger runs ldconfig)"
    [ ! -e "$TMP/ctl.librdsclone-dev/$s" ] || fail "librdsclone-dev has a $s"
done
C=$TMP/ctl.rdsclone
for s in postinst prerm postrm; do
    [ -x "$C/$s" ] || { fail "rdsclone has no executable $s"; continue; }
    sh -n "$C/$s" || fail "rdsclone $s: sh -n"
    grep -nE '(^|[;&|]\s*)\s*systemctl\b' "$C/$s" | grep -v daemon-reload &&
        fail "rdsclone $s calls systemctl (use deb-systemd-helper/-invoke)"
done
grep -q 'deb-systemd-helper update-state rdsclone.timer' "$C/postinst" ||
    fail "rdsclone postinst does not record the timer's links"
grep -q 'deb-systemd-invoke stop rdsclone.timer' "$C/prerm" ||
    fail "rdsclone prerm does not stop the timer"
grep -q 'deb-systemd-helper purge rdsclone.timer' "$C/postrm" ||
    fail "rdsclone postrm does not purge the timer's links"

echo "--- copyright, changelog, units"
dpkg-deb -x "$(deb rdsclone)" "$TMP/root"
cp=$TMP/root/usr/share/doc/rdsclone/copyright
head -1 "$cp" | grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' ||
    fail "copyright is not DEP-5"
grep -qx 'License: Apache-2.0' "$cp" || fail "copyright names no Apache-2.0"
grep -q 'LGPL' "$cp" || fail "copyright does not note the LGPL libraries"
grep -q '/usr/share/common-licenses/Apache-2.0' "$cp" ||
    fail "copyright does not point to common-licenses"
top=$(zcat "$TMP/root/usr/share/doc/rdsclone/changelog.Debian.gz" | head -1)
[[ $top == "rdsclone ($version) "* ]] || fail "changelog.Debian.gz starts '$top'"
grep -qx 'ExecStart=/usr/bin/rdsclone apply -c /etc/rdsclone/rdsclone.conf' \
    "$TMP/root/usr/lib/systemd/system/rdsclone.service" ||
    fail "rdsclone.service does not run /usr/bin/rdsclone"
grep -rq '@[A-Z_]*@' "$TMP/root/usr/lib/systemd" "$TMP/root/usr/share/doc/rdsclone/examples" &&
    fail "an unsubstituted @VAR@ in the units or examples"

[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "deb lint ok"
