#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# config_cli.sh - one configuration file for every command, through the
# rdsclone binary and no server (every port closed): a file with a pair
# (source, target, include) and the recreate and endpoints groups passes
# the loader of plan, dump, recreate-replica and compare (each then fails
# at run time, exit 1, never 78); recreate-replica says that it does not
# use the file's URIs; a missing file exits 78 naming the OS reason; a
# bad --log-format / --format is a usage error (64).
# Environment: RDSCLONE_BIN.
set -u
BIN=${RDSCLONE_BIN:?}
. "$(dirname "$0")/closed_lib.sh"
fails=0
C=$TMP/shared.conf

ok() { echo "  ok: $1"; }
bad() { echo "  FAIL: $1"; fails=$((fails + 1)); }
# expect CODE WHAT PATTERN(stderr, extended regex, may be empty) CMD...
expect() {
  code=$1 what=$2 pat=$3
  shift 3
  "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
  if [ "$rc" -ne "$code" ]; then
    bad "$what: exit $rc, expected $code"
    sed 's/^/    stderr: /' "$TMP/err"
  elif [ -n "$pat" ] && ! grep -Eq -- "$pat" "$TMP/err"; then
    bad "$what: stderr lacks /$pat/"
    sed 's/^/    stderr: /' "$TMP/err"
  else
    ok "$what"
  fi
}

echo "one file, every command"
expect 1 "plan -c reads the pair and accepts recreate/endpoints" \
  "127\.0\.0\.1:1" "$BIN" plan -c "$C"
expect 1 "apply -c too" "127\.0\.0\.1:1" "$BIN" apply -c "$C"
expect 1 "dump -c too" "" "$BIN" dump -c "$C" --source mysql://admin@127.0.0.1:1
expect 1 "recreate-replica -c: names and RDS endpoint from the file" \
  "DescribeDBInstances.*127\.0\.0\.1:1" \
  "$BIN" recreate-replica -c "$C" --dry-run
expect 1 "recreate-replica says the file's URIs are not used" \
  "shared\.conf: its source/target uri are not used" \
  "$BIN" recreate-replica -c "$C" --dry-run
expect 1 "recreate-replica -q: no info line" "" \
  "$BIN" recreate-replica -c "$C" --dry-run -q
if grep -q "not used" "$TMP/err"; then bad "-q printed the info line"; fi
expect 1 "recreate-replica --log-format json" '^\{"time":.*"level":"info"' \
  "$BIN" recreate-replica -c "$C" --dry-run --log-format json
expect 1 "compare -c: the RDS endpoint from the file" \
  "127\.0\.0\.1:1" "$BIN" compare -c "$C" old-db-replica new-db-replica
expect 1 "compare --log-format json" '^\{"time":.*"level":"error"' \
  "$BIN" compare -c "$C" --log-format json a b

echo "errors"
expect 78 "missing file: plan" \
  "^rdsclone: error: $TMP/nope\.conf: cannot read the configuration file: No such file or directory$" \
  "$BIN" plan -c "$TMP/nope.conf"
expect 78 "missing file: recreate-replica" \
  "cannot read the configuration file: No such file or directory$" \
  "$BIN" recreate-replica -c "$TMP/nope.conf"
expect 78 "missing file: compare" \
  "cannot read the configuration file: No such file or directory$" \
  "$BIN" compare -c "$TMP/nope.conf" a b
printf 'recreate = { primary = "a";\n  bogus = 1; };\n' >"$TMP/bad.conf"
expect 78 "unknown recreate key: plan" "bad\.conf:2: unknown setting 'bogus' in group 'recreate'" \
  "$BIN" plan -c "$TMP/bad.conf"
expect 78 "unknown recreate key: recreate-replica" "bad\.conf:2: unknown setting 'bogus'" \
  "$BIN" recreate-replica -c "$TMP/bad.conf"
expect 64 "recreate-replica --log-format xml" "unknown log format" \
  "$BIN" recreate-replica --log-format xml
expect 64 "compare --log-format xml" "unknown log format" \
  "$BIN" compare --log-format xml a b
expect 64 "recreate-replica --format sql" 'unknown format "sql" \(text, json\)' \
  "$BIN" recreate-replica --format sql
expect 64 "compare -c without a value" "needs a value" "$BIN" compare a b -c

if [ "$fails" -ne 0 ]; then
  echo "FAIL: $fails check(s)"
  exit 1
fi
echo PASS
