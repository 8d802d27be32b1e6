#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Run the pure C test programs of a build under valgrind memcheck.

    valgrind_units.py BUILD_DIR

Selects, from `ctest --show-only=json-v1`, every test whose command is an
ELF executable inside BUILD_DIR and that needs no fixture (the cmocka unit
tests of agent/, common/ and shim/, and whatever pure C tests are added
later), and runs each under

    valgrind --leak-check=full --error-exitcode=1
             --errors-for-leak-kinds=definite,indirect

with the test's own arguments, environment and working directory. Exits 0
only when every program passed with no memcheck error and no definite or
indirect leak. A test that exits with its SKIP_RETURN_CODE counts as
skipped. Suppressions: tests/hardening/valgrind.supp (third-party only).
"""
import concurrent.futures
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SUPP = os.path.join(HERE, "valgrind.supp")
VALGRIND = ["valgrind", "--quiet", "--leak-check=full", "--error-exitcode=1",
            "--errors-for-leak-kinds=definite,indirect",
            "--show-leak-kinds=definite,indirect", "--track-origins=yes",
            "--suppressions=" + SUPP]


def is_elf(path):
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def selected(build):
    out = subprocess.run(["ctest", "--show-only=json-v1"], cwd=build,
                         check=True, capture_output=True, text=True).stdout
    build = os.path.realpath(build)
    for t in json.loads(out)["tests"]:
        cmd = t.get("command") or []
        props = {p["name"]: p["value"] for p in t.get("properties", [])}
        if not cmd or not is_elf(cmd[0]):
            continue
        if not os.path.realpath(cmd[0]).startswith(build + os.sep):
            continue
        if any(k in props for k in ("FIXTURES_REQUIRED", "FIXTURES_SETUP",
                                    "FIXTURES_CLEANUP")):
            continue
        if t["name"].startswith("fuzz_"):
            continue
        yield t["name"], cmd, props


def run(name, cmd, props):
    env = dict(os.environ)
    for kv in props.get("ENVIRONMENT", []):
        k, _, v = kv.partition("=")
        env[k] = v
    cwd = props.get("WORKING_DIRECTORY")
    p = subprocess.run(VALGRIND + cmd, cwd=cwd, env=env,
                       capture_output=True, text=True, timeout=600)
    skip = props.get("SKIP_RETURN_CODE")
    return name, p.returncode, skip, p.stdout, p.stderr


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 64
    tests = list(selected(sys.argv[1]))
    if not tests:
        print("valgrind: no unit test programs found", file=sys.stderr)
        return 1
    failed = 0
    workers = os.cpu_count() or 2
    with concurrent.futures.ThreadPoolExecutor(workers) as ex:
        for name, rc, skip, out, err in ex.map(lambda t: run(*t), tests):
            if rc == 0:
                print(f"valgrind ok      {name}")
            elif skip is not None and rc == int(skip):
                print(f"valgrind skipped {name}")
            else:
                failed += 1
                print(f"valgrind FAILED  {name} (exit {rc})")
                for line in (out[-3000:] + err[-12000:]).splitlines():
                    print("  | " + line)
    print(f"valgrind: {len(tests) - failed}/{len(tests)} programs clean")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
