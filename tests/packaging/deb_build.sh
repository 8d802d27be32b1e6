#!/usr/bin/env bash
# Build the Debian packages as README "Installing" says: configure a /usr
# build in its own directory, build, "cpack -G DEB". The CTest fixture
# "debs" (packaging_deb_build) runs it once for deb_lint.sh and deb.sh,
# which read the .debs from BUILD_DIR. Environment: SOURCE_DIR, BUILD_DIR
# (scratch), CC.
set -euo pipefail
: "${SOURCE_DIR:?}" "${BUILD_DIR:?}"
CC=${CC:-cc}
for t in cpack dpkg-shlibdeps; do
    command -v $t >/dev/null || { echo "FAIL: $t missing (scripts/setup.sh)"; exit 1; }
done
start=$(date +%s)
echo "--- build ($BUILD_DIR, prefix /usr) and cpack"
cmake -S "$SOURCE_DIR" -B "$BUILD_DIR" -DCMAKE_INSTALL_PREFIX=/usr \
      -DBUILD_TESTING=OFF -DRDSCLONE_WERROR=ON -DCMAKE_C_COMPILER="$CC" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" -j2 >/dev/null
rm -f "$BUILD_DIR"/*.deb
(cd "$BUILD_DIR" && cpack -G DEB >/dev/null)
ls -l "$BUILD_DIR"/*.deb
echo "--- built in $(( $(date +%s) - start )) s"
