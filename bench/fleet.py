#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Fleet benchmark; bench/run.sh calls it with FLEET="10 50 100".

    fleet.py K...      for each engine and each pair count K: a fleet file
                       of K pairs, `rdsclone plan -c FILE --all --jobs 2`
                       (wall, peak RSS), against the same 2K catalogs
                       fetched by two concurrent CLI clients, each fetching
                       K of them one after the other; writes
                       bench/results/fleet.json

Every pair is the same two local servers (MariaDB: M1_DIR/M2_DIR; PostgreSQL
15: P1_DIR/P2_DIR), seeded with FLEET_N (1000) accounts as bench.py seeds
them: the servers' catalogs are global (accounts and roles are not per
database), so a pair per database would still read the whole catalog. What
the fleet measures is rdsclone's per-pair cost and whether it holds more than
--jobs pairs at once, not 200 servers.
"""
import json
import os
import subprocess
import sys
import time

import bench

N = int(os.environ.get("FLEET_N", "1000"))
JOBS = 2


def fleet_conf(path, uri_src, uri_tgt, pwfile, k):
    pairs = ",\n".join(
        '  { name = "p%03d"; source = { uri = "%s"; }; target = { uri = "%s"; }; }'
        % (i, uri_src, uri_tgt) for i in range(k))
    with open(path, "w") as f:
        f.write('source = { password_file = "%s"; };\ntarget = { password_file = "%s"; };\n'
                "pairs = (\n%s\n);\n" % (pwfile, pwfile, pairs))


def cli_loop(argv, floor_sql, k):
    """One shell running the CLI client k times on the floor script."""
    q = " ".join("'%s'" % a for a in argv)
    return ["bash", "-c", 'for i in $(seq %d); do %s <"%s" >/dev/null || exit 1; done'
            % (k, q, floor_sql)]


def measure(eng, src, tgt, cli, raw_sql, own_sql, d, counts, env):
    pwfile = os.path.join(d, "admin.pw")
    with open(pwfile, "w") as f:
        f.write("adminpw\n")
    os.chmod(pwfile, 0o600)
    paths = {}
    for tag, text in (("raw", raw_sql), ("own", own_sql)):
        paths[tag] = os.path.join(d, "floor-%s.sql" % tag)
        with open(paths[tag], "w") as f:
            f.write(text)
    out = {}
    for k in counts:
        conf = os.path.join(d, "fleet-%d.conf" % k)
        fleet_conf(conf, src.uri(), tgt.uri(), pwfile, k)
        r = out[str(k)] = {"pairs": k, "catalogs": 2 * k}
        r["rdsclone"] = bench.repeat("%s fleet %d plan" % (eng, k), lambda: bench.timed(
            [([bench.RDSCLONE, "plan", "-c", conf, "--all", "--jobs", str(JOBS)], None,
              os.path.join(d, "fleet-%d.txt" % k), (2,))], env))
        for tag in ("raw", "own"):
            r["cli_" + tag] = bench.repeat("%s fleet %d cli %s" % (eng, k, tag), lambda: bench.timed(
                [(cli_loop(cli(m), paths[tag], k), None, None, (0,)) for m in (src, tgt)], env))
        with open(os.path.join(d, "fleet-%d.txt" % k)) as f:
            last = f.read().strip().splitlines()[-1]
        r["summary"] = last
        if "%d pairs" % k not in last or " 0 failed" not in last:
            raise RuntimeError("%s fleet %d: %s" % (eng, k, last))
    return out


def main(counts):
    res = {"n": N, "jobs": JOBS, "runs": bench.RUNS, "load": os.getloadavg()[0],
           "date": time.strftime("%Y-%m-%d %H:%M:%S"),
           "rdsclone_commit": os.environ.get("RDSCLONE_COMMIT", "")}
    engines = os.environ.get("ENGINES", "mariadb postgresql").split()
    if "mariadb" in engines:
        src, tgt = bench.Maria(os.environ["M1_DIR"]), bench.Maria(os.environ["M2_DIR"])
        d = os.path.join(bench.WORK, "fleet-mariadb")
        os.makedirs(d, exist_ok=True)
        bench.seed_maria(N, src, tgt, d, {})
        res["mariadb"] = measure("mariadb", src, tgt, lambda m: m.cli(), bench.MARIA_RAW_FLOOR,
                                 bench.MARIA_FLOOR, d, counts, src.env)
    if "postgresql" in engines:
        src, tgt = bench.Pg(os.environ["P1_DIR"]), bench.Pg(os.environ["P2_DIR"])
        d = os.path.join(bench.WORK, "fleet-postgresql")
        os.makedirs(d, exist_ok=True)
        bench.seed_pg(N, src, tgt, d, {})
        dbs = ["postgres", "benchdb"]
        res["postgresql"] = measure("postgresql", src, tgt, lambda p: p.cli("postgres"),
                                    bench.pg_raw_floor_script(dbs), bench.pg_floor_script(dbs),
                                    d, counts, src.env)
    path = os.path.join(bench.RESULTS_DIR, "fleet.json")
    with open(path, "w") as f:
        json.dump(res, f, indent=1, sort_keys=True)
    bench.log("wrote " + path)


if __name__ == "__main__":
    main([int(k) for k in sys.argv[1:]] or [10, 50, 100])
