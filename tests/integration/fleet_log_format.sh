#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# --log-format json: every stderr line is one JSON object with time (RFC
# 3339, UTC), level, msg, and pair for a fleet's pairs; at -v -v too, with
# errors, a configuration error, and a single pair. The default stays the
# human text. No password, hash or secret in any of it.
. "$(dirname "$0")/fleet_lib.sh"
reset_fleet
src_sql -e "CREATE USER 'svc'@'%' IDENTIFIED BY 'Very-Secret-1';"
HASH=$(src_sql -e "SELECT authentication_string FROM mysql.user WHERE User='svc'")
CONF=$TMP/fleet.conf
write_fleet "$CONF"
check_json_lines() {  # description [require-pair]
  if python3 - "$TMP/err" "${2:-}" > "$TMP/jcheck" 2>&1 <<'PY'
import json, re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == "", "stderr does not end with a newline"
lines = lines[:-1]
assert lines, "no log lines at all"
pairs = set()
for n, line in enumerate(lines, 1):
    o = json.loads(line)
    assert isinstance(o, dict), "line %d is not an object" % n
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", o["time"]), o["time"]
    assert o["level"] in ("error", "warning", "info", "debug"), o["level"]
    assert isinstance(o["msg"], str) and o["msg"], "line %d: no msg" % n
    assert set(o) <= {"time", "level", "pair", "msg"}, sorted(o)
    if "pair" in o:
        pairs.add(o["pair"])
if sys.argv[2]:
    for p in sys.argv[2].split(","):
        assert p in pairs, "no line names pair %s (%s)" % (p, sorted(pairs))
print("%d lines" % len(lines))
PY
  then ok "$1: $(cat "$TMP/jcheck")"; else not_ok "$1"; cat "$TMP/jcheck"; fi
}

run plan -c "$CONF" --all -v -v --log-format json
expect_rc 1 "fleet plan at -vv with JSON logs"
check_json_lines "every stderr line of a fleet run is JSON" "shop,pg,down"
expect_err '"level":"error","pair":"down","msg":"target 127.0.0.1:'"$CLOSED_PORT"': cannot connect' \
  "the failed pair's error is a JSON line naming it"
expect_err '"level":"info","pair":"shop","msg":"plan: 1 actions"' "info lines name their pair"
expect_out "^pair shop: changes \(exit 2\)" "stdout keeps the report"
for f in "$TMP/err" "$TMP/out"; do
  expect_no "adminpw" "$f" "no password in $(basename "$f")"
  expect_no "$HASH" "$f" "no hash in $(basename "$f")"
done

run apply -c "$CONF" --pair shop -v -v --log-format json
expect_rc 0 "apply at -vv with JSON logs"
check_json_lines "every stderr line of an apply is JSON" "shop"
expect_no "$HASH" "$TMP/err" "apply's debug lines hold no hash"

printf 'pairs = ( { name = "a"; } );\n' > "$TMP/bad.conf"
run plan -c "$TMP/bad.conf" --all --log-format json
expect_rc 78 "configuration error"
check_json_lines "a configuration error is a JSON line"
expect_err '"msg":".*bad\.conf:1: pair .a.: no source uri' "it names file and line"

run plan --source "$MY_SRC" --target "$MY_DOWN" --log-format json
expect_rc 1 "single pair, target down"
check_json_lines "single pair: JSON lines, without a pair field"
expect_no '"pair"' "$TMP/err" "a single pair's lines have no pair field"

# the default: human text, as before
run plan --source "$MY_SRC" --target "$MY_DOWN"
expect_eq "$(cat "$TMP/err")" \
  "rdsclone: error: target 127.0.0.1:$CLOSED_PORT: cannot connect: Can't connect to server on '127.0.0.1' (115)" \
  "text logs are unchanged for a single pair"
run plan -c "$CONF" --pair down
expect_err "^rdsclone: error: pair down: target 127.0.0.1:$CLOSED_PORT: cannot connect" \
  "text logs of a fleet name the pair"
run plan -c "$CONF" --all --log-format yaml
expect_rc 64 "an unknown log format is a usage error"
finish
