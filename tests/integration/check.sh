# SPDX-License-Identifier: Apache-2.0
# Checks shared by the integration tests (MySQL family and PostgreSQL):
# run rdsclone capturing its output, assert, count, and print the closing
# "N passed, M failed" line. Expects TMP to be a scratch directory.
FAILS=0
CHECKS=0

# Runs rdsclone, capturing stdout/stderr into $TMP/out and $TMP/err and
# the exit code into $RC; never fails the script by itself.
run() {
  set +e
  "$RDSCLONE" "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
  set -e
}

ok() { CHECKS=$((CHECKS + 1)); echo "ok - $*"; }
not_ok() {
  CHECKS=$((CHECKS + 1)); FAILS=$((FAILS + 1))
  echo "not ok - $*"
  echo "  --- stdout:"; sed 's/^/  | /' "$TMP/out" 2>/dev/null | head -40 || true
  echo "  --- stderr:"; sed 's/^/  | /' "$TMP/err" 2>/dev/null | head -20 || true
}
expect_rc() {  # expected-code description
  if [ "$RC" -eq "$1" ]; then ok "$2 (exit $RC)"; else not_ok "$2: exit $RC, expected $1"; fi
}
expect_out() {  # pattern description (grep -E on stdout)
  if grep -qE -- "$1" "$TMP/out"; then ok "$2"; else not_ok "$2: stdout lacks /$1/"; fi
}
expect_err() {
  if grep -qE -- "$1" "$TMP/err"; then ok "$2"; else not_ok "$2: stderr lacks /$1/"; fi
}
expect_no() {  # fixed-string file description: the string must not appear
  if grep -qF -- "$1" "$2"; then not_ok "$3"; else ok "$3"; fi
}
expect_eq() {  # actual expected description
  if [ "$1" == "$2" ]; then ok "$3"; else
    not_ok "$3"; echo "  actual:   $1" | head -20; echo "  expected: $2" | head -20; fi
}

# rdsclone ARGS with its report written to a full disk (/dev/full) and to
# a pipe whose reader is gone: both exit 1 (never 0 or 2) and name the
# cause (cli_finish_output), whatever the run itself found.
expect_lost_report() {  # description args...
  local what=$1; shift
  if [ -w /dev/full ]; then
    set +e
    "$RDSCLONE" "$@" >/dev/full 2>"$TMP/err"
    RC=$?
    set -e
    : >"$TMP/out"
    expect_rc 1 "$what: a full disk under the report"
    expect_err "writing the report to standard output: No space left on device" \
      "$what: the error names the full disk"
  fi
  RC=$(python3 - "$TMP/err" "$RDSCLONE" "$@" <<'PY'
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
with open(sys.argv[1], "w") as err:
    print(subprocess.run(sys.argv[2:], stdout=w, stderr=err).returncode)
PY
)
  expect_rc 1 "$what: a closed pipe under the report (EPIPE, no signal)"
  expect_err "writing the report to standard output: Broken pipe" \
    "$what: the error names the closed pipe"
}

# The catalog of each side as rdsclone's dump sees it (secrets included;
# extra arguments, e.g. --databases, are passed on) must be identical.
# Uses SRC_URI and TGT_URI. The dump's "server_version" line is left out:
# it is no catalog content, and a pair of two server versions (PostgreSQL
# 15 -> 17, tests/integration/CMakeLists.txt) differs in it by design.
dump_side() { "$RDSCLONE" dump "--$1" "$2" --format json --show-secrets "${@:3}" |
  grep -v '^[[:space:]]*"server_version":'; }
# Predefined roles differ between versions (pg_maintain is 17's): a pg_*
# role only one side has is left out of both (rdsclone never creates
# one; grants naming it are skips).
same_predefined() {
  python3 - "$TMP/dump_src" "$TMP/dump_tgt" <<'PY'
import json, sys
d = [json.load(open(f)) for f in sys.argv[1:3]]
roles = [d[i]["tables"].get("role") or [] for i in (0, 1)]
names = [set(r["role"] for r in rs) for rs in roles]
for i in (0, 1):
    if d[i]["tables"].get("role") is not None:
        d[i]["tables"]["role"] = [r for r in roles[i] if not
            (r["role"].startswith("pg_") and r["role"] not in names[1 - i])]
    json.dump(d[i], open(sys.argv[1 + i], "w"), indent=1, sort_keys=True)
PY
}
expect_same_dumps() {
  dump_side source "$SRC_URI" "${@:2}" > "$TMP/dump_src"
  dump_side target "$TGT_URI" "${@:2}" > "$TMP/dump_tgt"
  same_predefined
  if diff -u "$TMP/dump_src" "$TMP/dump_tgt" > "$TMP/dump_diff"; then
    ok "$1"
  else
    not_ok "$1"; head -40 "$TMP/dump_diff"
  fi
}

finish() {
  echo "$((CHECKS - FAILS)) passed, $FAILS failed"
  [ "$FAILS" -eq 0 ]
}
