#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# oom_cli.sh - out of memory in recreate-replica, compare and encrypt, by fault
# injection: with failmalloc.so preloaded (tests/harness/failmalloc.c, scope
# program), the program's allocations after
# the k-th fail (sticky), for k = 0, 1, 2, ... until a run passes all of
# them. Every run must end as without the fault (exit 1: every port is
# closed) or with exit 1 and "rdsclone: error: out of memory"; never a
# usage (64) or configuration (78) status, never a crash, and the final
# report is either whole or absent (the JSON one parses when printed).
# Environment: RDSCLONE_BIN, FAILMALLOC (the preload library).
set -u
BIN=${RDSCLONE_BIN:?}
LIB=${FAILMALLOC:?}
export FAILMALLOC_SCOPE=program
. "$(dirname "$0")/closed_lib.sh"
fails=0

# run_all NAME CMD...: every k for one command line
run_all() {
  name=$1
  shift
  k=0
  while [ "$k" -le 5000 ]; do
    rm -f "$TMP/report"
    LD_PRELOAD=$LIB FAILMALLOC_AFTER=$k FAILMALLOC_COUNT="$TMP/report" \
      "$@" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    if [ ! -s "$TMP/report" ]; then
      echo "  FAIL: $name, k=$k: no report (crashed? exit $rc)"
      sed 's/^/    stderr: /' "$TMP/err"
      fails=$((fails + 1))
      return
    fi
    read -r total failed <"$TMP/report"
    if [ "$rc" -ne 1 ]; then
      echo "  FAIL: $name, k=$k: exit $rc, expected 1"
      sed 's/^/    stderr: /' "$TMP/err"
      fails=$((fails + 1))
      return
    fi
    if [ "$failed" = 1 ] && grep -q "out of memory" "$TMP/err" &&
       ! grep -q "^rdsclone: error: out of memory$" "$TMP/err"; then
      echo "  FAIL: $name, k=$k: out of memory without its error line"
      sed 's/^/    stderr: /' "$TMP/err"
      fails=$((fails + 1))
      return
    fi
    case " $* " in
      *" json "*)
        if [ -s "$TMP/out" ] &&
           ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' \
             "$TMP/out" 2>/dev/null; then
          echo "  FAIL: $name, k=$k: truncated JSON report"
          fails=$((fails + 1))
          return
        fi ;;
    esac
    if [ "$failed" = 0 ]; then
      echo "  ok: $name: every one of $total allocations failed in turn"
      return
    fi
    k=$((k + 1))
  done
  echo "  FAIL: $name: more than 5000 allocations?"
  fails=$((fails + 1))
}

run_all "recreate-replica" "$BIN" recreate-replica -c "$TMP/shared.conf" \
  --dry-run
run_all "recreate-replica json" "$BIN" recreate-replica \
  -c "$TMP/shared.conf" --dry-run --format json --log-format json
run_all "compare" "$BIN" compare -c "$TMP/shared.conf" a b
export TMPDIR="$TMP"     # encrypt's lock file
run_all "encrypt" "$BIN" encrypt --instance shop --kms-key k \
  -c "$TMP/shared.conf" --dry-run
run_all "encrypt json" "$BIN" encrypt --instance shop --kms-key k \
  -c "$TMP/shared.conf" --dry-run --format json
[ "$fails" -eq 0 ] || { echo "FAIL: $fails"; exit 1; }
echo PASS
