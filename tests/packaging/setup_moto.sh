#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# scripts/setup.sh's moto step on a machine without moto_server (PATH
# hides any; the system's moto is not touched) and without PyPI:
#  1. no index reachable (PIP_NO_INDEX, no wheels): exit 0, one WARNING
#     line saying what to do, and the harness finds no moto_server;
#  2. stand-in wheels for moto 5.2.1 and flask (PIP_FIND_LINKS): moto is
#     installed into the virtual environment ($RDSCLONE_MOTO_VENV, here a
#     scratch directory) and stamped, and tests/harness/moto_server.sh
#     finds its moto_server with PATH still hiding the system one;
#  3. run again: "ok" from the stamp, pip not run (idempotent).
# Usage: setup_moto.sh SOURCE_DIR. Skips (77) when not root and no
# password-less sudo (setup.sh needs one of them).
set -uo pipefail
SRC=$1
if [ "$(id -u)" -ne 0 ] && ! sudo -n true 2>/dev/null; then
    echo "SKIP: scripts/setup.sh needs root or sudo"; exit 77
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
# PATH without any moto_server (pyenv shims, ~/.local ...)
path=
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
    [ -n "$d" ] && [ ! -e "$d/moto_server" ] && path=${path:+$path:}$d
done
run_setup() {
    env -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL PATH="$path" \
        RDSCLONE_MOTO_VENV="$TMP/venv" PIP_CONFIG_FILE=/dev/null "$@" \
        bash "$SRC/scripts/setup.sh" moto > "$TMP/out" 2>&1
}
which_moto() {
    env PATH="$path" RDSCLONE_MOTO_VENV="$TMP/venv" \
        sh "$SRC/tests/harness/moto_server.sh" which
}
PATH=$path command -v moto_server >/dev/null && { echo "FAIL: PATH still has moto_server"; exit 1; }

echo "--- 1. no package index"
mkdir "$TMP/nowheels"
run_setup PIP_NO_INDEX=1 PIP_FIND_LINKS="$TMP/nowheels"
rc=$?
cat "$TMP/out"
[ $rc -eq 0 ] || fail "setup.sh moto exited $rc without an index"
[ "$(grep -c 'WARNING' "$TMP/out")" -eq 1 ] || fail "not one WARNING line"
grep 'WARNING' "$TMP/out" | grep -q 'PIP_INDEX_URL' || fail "the warning does not say what to do"
which_moto >/dev/null && fail "the harness finds a moto_server: $(which_moto)"

echo "--- 2. stand-in wheels"
python3 - "$TMP/wheels" <<'PY'
import base64, hashlib, os, sys, zipfile
out = sys.argv[1]
os.makedirs(out)
def wheel(name, version, files, requires=(), entry=None):
    di = "%s-%s.dist-info" % (name, version)
    meta = "Metadata-Version: 2.1\nName: %s\nVersion: %s\n" % (name, version)
    meta += "".join("Provides-Extra: %s\n" % e for e in {r[1] for r in requires})
    meta += "".join('Requires-Dist: %s; extra == "%s"\n' % r for r in requires)
    files = dict(files)
    files[di + "/METADATA"] = meta
    files[di + "/WHEEL"] = ("Wheel-Version: 1.0\nGenerator: rdsclone-test\n"
                            "Root-Is-Purelib: true\nTag: py3-none-any\n")
    if entry:
        files[di + "/entry_points.txt"] = "[console_scripts]\n" + entry + "\n"
    record = []
    for path, text in files.items():
        h = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest())
        record.append("%s,sha256=%s,%d" % (path, h.decode().rstrip("="), len(text.encode())))
    record.append(di + "/RECORD,,")
    files[di + "/RECORD"] = "\n".join(record) + "\n"
    with zipfile.ZipFile(os.path.join(out, "%s-%s-py3-none-any.whl" % (name, version)), "w") as z:
        for path, text in files.items():
            z.writestr(path, text)
wheel("flask", "0.0.1", {"flask/__init__.py": ""})
wheel("moto", "5.2.1", {"moto/__init__.py": '__version__ = "5.2.1"\n',
                        "moto/server.py": "def main():\n    print('stand-in moto_server')\n"},
      requires=[("flask", "server")], entry="moto_server = moto.server:main")
PY
run_setup PIP_NO_INDEX=1 PIP_FIND_LINKS="$TMP/wheels"
rc=$?
cat "$TMP/out"
[ $rc -eq 0 ] || fail "setup.sh moto exited $rc with the wheels"
grep -q "^setup: ok       moto_server (moto 5.2.1, $TMP/venv/bin/moto_server)" "$TMP/out" ||
    fail "no ok line for the venv's moto_server"
[ "$(cat "$TMP/venv/.rdsclone-complete" 2>/dev/null)" = 5.2.1 ] || fail "venv not stamped 5.2.1"
got=$(which_moto) || fail "the harness does not find the venv's moto_server"
[ "$got" = "$TMP/venv/bin/moto_server" ] || fail "the harness found '$got'"
echo "harness: $got"

echo "--- 3. again"
run_setup PIP_NO_INDEX=1 PIP_FIND_LINKS="$TMP/nowheels"
rc=$?
cat "$TMP/out"
[ $rc -eq 0 ] && grep -q '^setup: ok       moto_server' "$TMP/out" &&
    ! grep -q 'missing' "$TMP/out" || fail "the second run did not find it installed"

[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "setup moto ok"
