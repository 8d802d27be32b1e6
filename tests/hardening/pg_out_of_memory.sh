#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Out of memory, injected: an allocator (tests/harness/failmalloc.c,
# LD_PRELOAD, scope all) lets
# the first k allocations of rdsclone succeed and fails every later one.
# For k from 1 up past what plan, dump and a fleet's plan allocate, each
# run must end with exit 1 and an error line on stderr, or succeed as
# without the fault; stdout is empty or the whole report, byte for byte,
# never a truncated one; no run crashes or calls it a usage error (64).
HERE_H=$(cd "$(dirname "$0")" && pwd)
. "$HERE_H/../integration/lib_pg.sh"
: "${FAILMALLOC:?FAILMALLOC must name the failing allocator (failmalloc.so)}"
reset_servers
# MIT Kerberos (libgssapi_krb5, which libpq asks whether GSS encryption
# is possible) dereferences a failed allocation: not rdsclone's to catch,
# so these runs do not negotiate GSS.
SRC_URI="$SRC_URI?gssencmode=disable"
TGT_URI="$TGT_URI?gssencmode=disable"
PAIR=(--source "$SRC_URI" --target "$TGT_URI")

src_psql -c "CREATE DATABASE oom"
tgt_psql -c "CREATE DATABASE oom"
src_psql -c "CREATE ROLE oom_group NOLOGIN"
for i in 1 2 3 4 5 6; do
  src_psql -c "CREATE ROLE oom_$i LOGIN PASSWORD 'Oom-Secret-$i' CONNECTION LIMIT $i;
               GRANT oom_group TO oom_$i; ALTER ROLE oom_$i SET work_mem = '${i}MB'"
done
src_psql oom -c "CREATE TABLE t (id int); GRANT SELECT ON t TO oom_group;
                 GRANT INSERT (id) ON t TO oom_1"
cat > "$TMP/fleet.conf" <<CONF
pairs = ( { name = "one"; source = { uri = "$SRC_URI"; };
            target = { uri = "$TGT_URI"; }; },
          { name = "two"; source = { uri = "$SRC_URI"; };
            target = { uri = "$TGT_URI"; }; } );
CONF

# A report without what changes from run to run (a fleet's timings).
steady() { sed -E '/"seconds":/d' "$1"; }

# One case: name, then the rdsclone arguments. The run without a fault
# gives the expected output and the number of allocations.
check_case() {
  local name=$1 base_rc n k rc bad=0 tried=0 failed=0
  shift
  base_rc=0
  FAILMALLOC_COUNT="$TMP/count" LD_PRELOAD=$FAILMALLOC \
    "$RDSCLONE" "$@" >"$TMP/expect" 2>"$TMP/expect.err" || base_rc=$?
  read -r n _ <"$TMP/count"
  if [ "$base_rc" -le 2 ] && [ -s "$TMP/expect" ] && [ "$n" -gt 100 ]; then
    ok "$name: without a fault: exit $base_rc, $n allocations"
  else
    not_ok "$name: the run without a fault (exit $base_rc, $n allocations)"
    return
  fi
  # every k up to 60, then about 120 more spread over the rest, and one
  # past the end (the count varies a little with the threads' timing)
  for k in $(seq 0 60) $(seq 61 $(( (n - 61) / 120 + 1 )) "$n") $((2 * n)); do
    tried=$((tried + 1))
    rc=0
    FAILMALLOC_AFTER=$k LD_PRELOAD=$FAILMALLOC \
      "$RDSCLONE" "$@" >"$TMP/got" 2>"$TMP/got.err" || rc=$?
    if [ "$rc" -eq 1 ]; then
      failed=$((failed + 1))
      if ! grep -q 'error' "$TMP/got.err"; then
        bad=1; echo "# k=$k: exit 1 without an error line"; fi
      if [ -s "$TMP/got" ] && ! cmp -s <(steady "$TMP/got") <(steady "$TMP/expect"); then
        bad=1; echo "# k=$k: exit 1 with a partial report on stdout"
        head -c 300 "$TMP/got"; echo; fi
    elif [ "$rc" -eq "$base_rc" ]; then
      if ! cmp -s <(steady "$TMP/got") <(steady "$TMP/expect"); then
        bad=1; echo "# k=$k: exit $rc but the report differs (truncated?)"
        diff "$TMP/expect" "$TMP/got" | head -5; fi
    else
      bad=1; echo "# k=$k: exit $rc (expected 1 or $base_rc)"
      head -3 "$TMP/got.err"
    fi
  done
  if [ "$bad" -eq 0 ] && [ "$failed" -gt 0 ] && [ "$failed" -lt "$tried" ]; then
    ok "$name: $tried fault points: $failed exit 1 with an error, the rest complete; no truncated report"
  else
    not_ok "$name: $tried fault points, $failed failed as they should"
  fi
}

check_case "plan (JSON)" plan "${PAIR[@]}" --format json --show-secrets
check_case "plan (text)" plan "${PAIR[@]}"
check_case "dump (JSON)" dump --source "$SRC_URI" --format json
check_case "fleet plan" plan -c "$TMP/fleet.conf" --all --format json
finish
