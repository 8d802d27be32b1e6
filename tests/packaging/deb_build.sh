#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Build the Debian packages as README "Installing" says: configure a /usr
# build in its own directory with Debian's build flags (dpkg-buildflags,
# hardening=+all: fortify, stack protector, relro, bindnow; given as
# CMAKE_*_FLAGS, which also replaces them in an existing cache, with
# CPPFLAGS in the C flags), build, "cpack -G DEB". The CTest fixture
# "debs" (packaging_deb_build) runs it once for deb_lint.sh and deb.sh,
# which read the .debs from BUILD_DIR. Environment: SOURCE_DIR, BUILD_DIR
# (scratch), CC.
set -euo pipefail
: "${SOURCE_DIR:?}" "${BUILD_DIR:?}"
CC=${CC:-cc}
for t in cpack dpkg-shlibdeps dpkg-buildflags; do
    command -v $t >/dev/null || { echo "FAIL: $t missing (scripts/setup.sh)"; exit 1; }
done
start=$(date +%s)
echo "--- build ($BUILD_DIR, prefix /usr) and cpack"
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cflags="$(dpkg-buildflags --get CFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
ldflags=$(dpkg-buildflags --get LDFLAGS)
cmake -S "$SOURCE_DIR" -B "$BUILD_DIR" -DCMAKE_INSTALL_PREFIX=/usr \
      -DCMAKE_C_FLAGS="$cflags" -DCMAKE_EXE_LINKER_FLAGS="$ldflags" \
      -DCMAKE_SHARED_LINKER_FLAGS="$ldflags" \
      -DBUILD_TESTING=OFF -DRDSCLONE_WERROR=ON -DCMAKE_C_COMPILER="$CC" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" -j2 >/dev/null
rm -f "$BUILD_DIR"/*.deb
(cd "$BUILD_DIR" && cpack -G DEB >/dev/null)
ls -l "$BUILD_DIR"/*.deb
echo "--- built in $(( $(date +%s) - start )) s"
