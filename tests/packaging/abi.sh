#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The shared library and what a program embedding rdsclone sees:
#  * librdsclone.so has the SONAME librdsclone.so.<major> and exports
#    exactly the functions the public headers declare (both ways);
#  * "cmake --install" into a scratch prefix gives headers, library and
#    rdsclone.pc from which a C program (strict C99, -Werror) compiles,
#    links with "pkg-config --cflags --libs rdsclone" and runs.
# Usage: abi.sh BUILD_DIR SOURCE_DIR CC HEADER... (the public headers,
# RDSCLONE_PUBLIC_HEADERS of cmake/install.cmake)
set -euo pipefail
BUILD=$1 SRC=$2 CC=$3
shift 3
HEADERS=("$@")
[ ${#HEADERS[@]} -gt 0 ] || { echo "usage: abi.sh BUILD SRC CC HEADER..." >&2; exit 64; }
so=$BUILD/librdsclone.so
[ -e "$so" ] || { echo "SKIP: $so not built (RDSCLONE_SHARED=OFF)"; exit 77; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

soname=$(readelf -d "$so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[[ $soname =~ ^librdsclone\.so\.[0-9]+$ ]] || fail "SONAME is '$soname'"
echo "SONAME $soname"

nm -D --defined-only "$so" | awk '$2 ~ /^[TDBR]$/ { sub(/@.*/, "", $3); print $3 }' |
    sort -u > "$TMP/exported"
for h in "${HEADERS[@]}"; do
    "$CC" -E -P -x c -I "$(dirname "${HEADERS[-1]}")" "$h" | grep -oE '\b(rdsclone|rds_shim)_[a-z0-9_]+ *\(' |
        tr -d ' (' 
done | sort -u > "$TMP/declared"
extra=$(comm -23 "$TMP/exported" "$TMP/declared")
missing=$(comm -13 "$TMP/exported" "$TMP/declared")
[ -z "$extra" ] || fail "exported but not in a public header: $extra"
[ -z "$missing" ] || fail "declared but not exported: $missing"
echo "$(wc -l < "$TMP/exported") exported functions = the public headers'"

cmake --install "$BUILD" --prefix "$TMP/prefix" >/dev/null
pc=$(find "$TMP/prefix" -name rdsclone.pc)
[ -n "$pc" ] || fail "no rdsclone.pc installed"
cat > "$TMP/embed.c" <<'C'
#include <rdsclone.h>
#include <rds_shim.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
  struct rdsclone_options *o = rdsclone_options_new(), *d;
  struct rdsclone_pair pair;
  struct rdsclone_report *r = NULL;
  const char *uri;
  int rc;
  if(!o)
    return 1;
  if(rdsclone_options_set_str(o, RDSCLONE_OPT_SOURCE_URI, "mysql://a@h") ||
     rdsclone_options_set_str(o, RDSCLONE_OPT_INCLUDE, "app_*@%") ||
     rdsclone_options_set_int(o, RDSCLONE_OPT_PRUNE, 1) ||
     rdsclone_options_set_int(o, RDSCLONE_OPT_BINLOG_RETENTION_HOURS, -1))
    return 1;
  if(rdsclone_options_set_int(o, RDSCLONE_OPT_SOURCE_URI, 1) != RDSCLONE_E_USAGE ||
     rdsclone_options_set_str(o, RDSCLONE_OPT_PRUNE, "x") != RDSCLONE_E_USAGE)
    return 1;
  d = rdsclone_options_dup(o);
  if(!d)
    return 1;
  rdsclone_options_free(o);
  uri = rdsclone_options_get_str(d, RDSCLONE_OPT_SOURCE_URI);
  pair.name = "embed";
  pair.opts = d;
  if(!uri || strcmp(uri, "mysql://a@h") || !pair.opts)
    return 1;
  if(strcmp(rdsclone_strerror(RDSCLONE_OK), rdsclone_strerror(RDSCLONE_E_LOCKED)) == 0)
    return 1;
  printf("%s / %s / %s\n", RDSCLONE_VERSION, rdsclone_strerror(RDSCLONE_E_LOCKED),
         rds_shim_strerror(RDS_SHIM_OK));
  /* no target: a usage error, nothing connected */
  rc = rdsclone_run(d, RDSCLONE_PLAN, &r, NULL, 0) == RDSCLONE_E_USAGE && !r ? 0 : 1;
  rdsclone_options_free(d);
  return rc;
}
C
export PKG_CONFIG_PATH=$(dirname "$pc")
flags=$(pkg-config --cflags --libs rdsclone)
echo "pkg-config: $flags (version $(pkg-config --modversion rdsclone))"
# shellcheck disable=SC2086
"$CC" -std=c99 -Wall -Wextra -pedantic -Werror -o "$TMP/embed" "$TMP/embed.c" $flags ||
    fail "an embedding program does not build from the installed files"
if [ -x "$TMP/embed" ]; then
    out=$(LD_LIBRARY_PATH=$(pkg-config --variable=libdir rdsclone) "$TMP/embed") ||
        fail "the embedding program failed"
    echo "embed: $out"
    # (ldd's whole output first: grep -q stopping early would make ldd die
    # of SIGPIPE, which pipefail counts as a failure)
    libs=$(LD_LIBRARY_PATH=$(pkg-config --variable=libdir rdsclone) ldd "$TMP/embed")
    grep -q "$soname => $TMP/prefix" <<<"$libs" || fail "not linked to the installed $soname"
fi
for f in bin/rdsclone bin/rds-shim include/rdsclone/rdsclone.h \
         include/rdsclone/rds_shim.h \
         share/man/man1/rdsclone.1.gz share/man/man1/rds-shim.1.gz \
         share/man/man5/rdsclone.conf.5.gz \
         share/doc/rdsclone/examples/rdsclone.conf.example \
         share/doc/rdsclone/examples/rdsclone-fleet.conf.example \
         share/doc/rdsclone/examples/rdsclone.service \
         share/doc/rdsclone/examples/rdsclone.timer \
         share/doc/rdsclone/examples/rdsclone.cron \
         share/bash-completion/completions/rdsclone \
         share/bash-completion/completions/rds-shim \
         lib/systemd/system/rdsclone.service lib/systemd/system/rdsclone.timer; do
    [ -e "$TMP/prefix/$f" ] || fail "cmake --install did not install $f"
done
[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "abi ok"
