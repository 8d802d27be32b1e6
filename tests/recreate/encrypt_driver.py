#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""encrypt_driver.py CASE - end-to-end tests of `rdsclone encrypt` (issue
16): moto_server (RDS and KMS) behind the fault proxy, whose modes show
what moto does not (snapshots `creating` for a while, renames taking
effect late, pending-reboot after a parameter group change, RDS's refusal
of a rename onto an existing identifier), and the recreate fixture's two
MariaDB servers: every old instance (primary and replicas) is mapped to
the "old" server, every new one to the "new" server, through the
configuration's `endpoints` group, so the reconciliations are real.

Environment as driver.py (tests/recreate/CMakeLists.txt). Exit 0 pass,
1 fail, 77 skipped.
"""
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "harness"))
from rds_driver import (TMP, Fail, Proxy, aws_env, check,  # noqa: E402
                        client, run, run_logged, uid)
from driver import (BIN, HOOK_EXIT, reset_databases, server_env,  # noqa
                    sql, sql_table, run_plain, pg_uri, psql, psql_table)
from catalog_compare import (differences, mariadb_catalog,  # noqa: E402
                             pg_catalog)

MAKERS = ("CreateDBSnapshot", "CopyDBSnapshot",
          "RestoreDBInstanceFromDBSnapshot", "CreateDBInstanceReadReplica")


class World:
    """An unencrypted MySQL primary `shop-TAG` (backup retention and a
    maintenance window the restore cannot set) with two replicas, a KMS
    key, a proxy with the RDS modes on, a configuration mapping the
    endpoints."""

    def __init__(self, url, modes=True, replicas=2, engine="mysql"):
        self.rds = client("rds", url)
        self.key = client("kms", url).create_key(
            Description="rdsclone encrypt test")["KeyMetadata"]["KeyId"]
        tag = uuid.uuid4().hex[:6]
        self.id = "shop-" + tag
        self.reps = ["%s-r%d" % (self.id, i + 1) for i in range(replicas)]
        extra = {}
        if engine == "mysql":       # a parameter group of its own
            self.pg = "pg-" + tag
            self.rds.create_db_parameter_group(
                DBParameterGroupName=self.pg,
                DBParameterGroupFamily="mysql8.0", Description="shop")
            extra["DBParameterGroupName"] = self.pg
        self.rds.create_db_instance(
            DBInstanceIdentifier=self.id, Engine=engine, **extra,
            DBInstanceClass="db.t3.micro", AllocatedStorage=20,
            MasterUsername="admin", MasterUserPassword="password123",
            BackupRetentionPeriod=3, MaxAllocatedStorage=100,
            PreferredMaintenanceWindow="sun:03:00-sun:04:00",
            Tags=[{"Key": "team", "Value": "shop"}])
        for r in self.reps:
            self.rds.create_db_instance_read_replica(
                DBInstanceIdentifier=r, SourceDBInstanceIdentifier=self.id,
                DBInstanceClass="db.t3.small",
                Tags=[{"Key": "team", "Value": "data"}])
        self.px = Proxy(url)
        if modes:
            self.px.modes(snapshot_creating_s=0.5,
                          refuse_rename_onto_existing=True,
                          pending_reboot=True)
        if engine == "mysql":
            old = server_env("old")["MARIADB_URI"]
            new = server_env("new")["MARIADB_URI"]
        else:   # a replica is a standby: its roles go to the new primary
            old, new = pg_uri("pgold"), pg_uri("pgnew")
        ends = []
        for n in [self.id] + self.reps:
            ends.append('  %s = "%s";' % (n, old))
            ends.append('  %s-encrypted = "%s";' % (n, new))
        self.conf = os.path.join(TMP, uid("conf"))
        with open(self.conf, "w") as f:
            f.write("endpoints = {\n%s\n};\n"
                    "recreate = { poll_interval_ms = 50; "
                    "max_poll_interval_ms = 200; wait_timeout = 60; };\n"
                    % "\n".join(ends))

    def env(self, **extra):
        env = aws_env(AWS_ENDPOINT_URL=self.px.url,
                      RDSCLONE_SOURCE_PASSWORD="adminpw",
                      RDSCLONE_TARGET_PASSWORD="adminpw", TMPDIR=TMP)
        env.pop("RDSCLONE_TEST_EXIT_AFTER", None)
        env.update(extra)
        return env

    def args(self, extra=(), fmt="json"):
        return [BIN, "encrypt", "--instance", self.id, "--kms-key",
                self.key, "-c", self.conf, "--format", fmt] + list(extra)

    def encrypt(self, extra=("--yes",), exit_after=None, expect=0,
                fmt="json"):
        env = self.env()
        if exit_after:
            env["RDSCLONE_TEST_EXIT_AFTER"] = exit_after
        return run_logged(self.args(extra, fmt), env, "encrypt", extra,
                          exit_after, expect, 280)

    def start_in_first_rename(self, out):
        """Starts `encrypt --yes` (stdout and stderr to out) with renames
        held 2 s by the proxy; returns the process once the swap's first
        rename has reached the proxy (the run is then inside the swap)."""
        self.px.modes(rename_delay_s=2)
        n0 = self.px.n("ModifyDBInstance")
        proc = subprocess.Popen(self.args(["--yes"]), env=self.env(),
                                stdout=out, stderr=out,
                                stdin=subprocess.DEVNULL, text=True)
        deadline = time.time() + 60
        while self.px.n("ModifyDBInstance") <= n0:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                raise Fail("the first rename never reached the proxy")
            time.sleep(0.02)
        return proc

    def describe(self, ident):
        try:
            return self.rds.describe_db_instances(
                DBInstanceIdentifier=ident)["DBInstances"][0]
        except Exception:
            return None

    def names(self):
        """Every instance (moto pages DescribeDBInstances by 100)."""
        out, marker = [], None
        while True:
            kw = {"Marker": marker} if marker else {}
            r = self.rds.describe_db_instances(**kw)
            out += [i["DBInstanceIdentifier"] for i in r["DBInstances"]]
            marker = r.get("Marker")
            if not marker:
                return out

    def makers(self):
        c = self.px.counts()
        return {a: c.get(a, 0) for a in MAKERS}

    def check_done(self):
        """shop is encrypted with the key, tagged, its replicas too; the
        old ones are kept as *-unencrypted; nothing else was made."""
        names = self.names()
        for n in [self.id] + self.reps:
            d = self.describe(n)
            check(d and d["StorageEncrypted"], "%s is encrypted" % n)
            tags = {t["Key"]: t["Value"] for t in d.get("TagList", [])}
            check(tags.get("rdsclone:encrypt-of") == self.id,
                  "%s carries rdsclone:encrypt-of" % n)
            o = self.describe(n + "-unencrypted")
            check(o and not o["StorageEncrypted"], "the old %s is kept as "
                  "%s-unencrypted, unencrypted" % (n, n))
            check(n + "-encrypted" not in names, "no %s-encrypted left" % n)
        d = self.describe(self.id)
        check(d["KmsKeyId"].endswith(self.key), "encrypted with the key: %s"
              % d["KmsKeyId"])
        check(d["BackupRetentionPeriod"] == 3, "backup retention kept")
        check(d.get("MaxAllocatedStorage") == 100, "max allocated storage "
              "set by the modify")
        check(d["DBInstanceClass"] == "db.t3.micro", "class copied")
        tags = {t["Key"]: t["Value"] for t in d.get("TagList", [])}
        check(tags.get("team") == "shop", "the old tags copied")
        for r in self.reps:
            d = self.describe(r)
            src = d.get("ReadReplicaSourceDBInstanceIdentifier")
            check(src in (self.id, self.id + "-encrypted") or
                  (src or "").endswith(":db:" + self.id) or
                  (src or "").endswith(":db:" + self.id + "-encrypted"),
                  "%s is a replica of the new primary (%s)" % (r, src))
            check(d["DBInstanceClass"] == "db.t3.small",
                  "%s has the old replica's class" % r)
        m = self.makers()
        check(m == {"CreateDBSnapshot": 1, "CopyDBSnapshot": 1,
                    "RestoreDBInstanceFromDBSnapshot": 1,
                    "CreateDBInstanceReadReplica": len(self.reps)},
              "one snapshot, one copy, one restore, one create per "
              "replica: %s" % m)


def steps(p):
    return {s["step"]: s["status"] for s in json.loads(p.stdout)["steps"]}


def check_catalogs(old, new, engine="mysql"):
    """Old and new equal by the servers' own grant tables, read with their
    own clients (tests/harness/catalog_compare.py), not by rdsclone."""
    if engine == "mysql":
        a = mariadb_catalog(lambda q: sql_table(old, q))
        b = mariadb_catalog(lambda q: sql_table(new, q))
    else:   # the bootstrap superuser, also the sessions' role: left out
        a = pg_catalog(lambda q: psql_table(old, q), leave_out={"postgres"})
        b = pg_catalog(lambda q: psql_table(new, q), leave_out={"postgres"})
    d = differences(a, b)
    check(not d, "the catalogs of %s and %s are equal, table by table (%d "
          "tables, %d rows%s)%s" % (old, new, len(a),
                                  sum(len(v) for v in a.values()),
                                  "" if engine == "mysql" else ", postgres "
                                  "left out as documented",
                                  "; differs: " + "; ".join(d) if d else ""))


def check_accounts():
    g = sql("new", "SHOW GRANTS FOR 'shop_app'@'10.%'")
    check("GRANT SELECT, INSERT, UPDATE ON `shop`.*" in g,
          "the new side has shop_app's grant")
    check_catalogs("old", "new")
    p = run_plain(["plan", "--source", server_env("old")["MARIADB_URI"],
                   "--target", server_env("new")["MARIADB_URI"]])
    check(p.returncode == 0, "rdsclone's own plan old -> new finds nothing "
          "(exit 0)")


# ---- cases ------------------------------------------------------------------

def case_fresh(url):
    """The whole procedure on a primary with two replicas, then a second
    run that does nothing."""
    reset_databases()
    w = World(url)
    p = w.encrypt()
    r = json.loads(p.stdout)
    st = steps(p)
    check(r["ok"] and r["error"] is None, "ok")
    check("one at a time" in [x for x in r["steps"] if x["step"] ==
                              "replicas"][0]["detail"],
          "both replicas reconciled on one server: one at a time")
    check([s["step"] for s in r["steps"]] ==
          ["describe", "confirm", "snapshot", "copy", "restore", "modify",
           "replicas", "reconcile", "compare", "swap"], "steps in order")
    for s in ("snapshot", "copy", "restore", "modify", "replicas", "swap",
              "compare"):
        check(st[s] == "done", "%s done" % s)
    check(st["confirm"] == "skipped", "confirm skipped with --yes")
    copy = [c for c in r["calls"] if c.startswith("CopyDBSnapshot")][0]
    check("KmsKeyId=" + w.key in copy and "CopyTags=true" in copy,
          "the copy carries the key and CopyTags")
    rest = [c for c in r["calls"] if c.startswith("RestoreDBInstance")][0]
    for frag in ("DBInstanceIdentifier=%s-encrypted" % w.id,
                 "DBInstanceClass=db.t3.micro", "rdsclone:encrypt-of=" +
                 w.id, "team=shop"):
        check(frag in rest, "the restore carries " + frag)
    creates = [c for c in r["calls"]
               if c.startswith("CreateDBInstanceReadReplica")]
    check(len(creates) == 2 and all("rdsclone:encrypt-of=" + w.id in c and
                                    "team=data" in c for c in creates),
          "each replica's create call carries the tag and the old tags")
    check("AddTagsToResource" not in w.px.counts(), "no tag added later: "
          "nothing of the run's making ever existed untagged")
    check(any(c.startswith("ModifyDBInstance") and
              "MaxAllocatedStorage=100" in c for c in r["calls"]),
          "the modify sets what the restore cannot (max allocated "
          "storage)")
    check(any("delete-db-instance --db-instance-identifier %s-unencrypted"
              % w.id in c for c in r["cleanup"]), "the report ends with the "
          "delete commands")
    check("final compare and plan" in r["steps"][9]["detail"], "the swap "
          "ends with a final compare and plan under the new names")
    check(sorted((f["source"], f["target"], f["pending"])
                 for f in r["final_plan"]) ==
          sorted((n + "-unencrypted", n, 0) for n in [w.id] + w.reps),
          "final_plan[]: old -> new for the primary and each replica, "
          "nothing to run: %s" % r["final_plan"])
    check("step snapshot" in p.stderr and "step swap" in p.stderr,
          "steps logged with their times")
    w.check_done()
    check_accounts()
    before = w.px.counts()
    p = w.encrypt(fmt="text")
    after = w.px.counts()
    changed = {a: after[a] - before.get(a, 0) for a in after
               if not a.startswith("Describe") and
               after[a] != before.get(a, 0)}
    check(changed == {}, "a second run calls nothing but describes: %s"
          % changed)
    check("swap       skipped" in p.stdout, "second run: swap skipped")
    check("%s-unencrypted -> %s: in sync" % (w.id, w.id) in p.stdout,
          "second run: its final plan, in the text report")
    w.check_done()
    # the comparison itself can fail: one grant more on the new side
    sql("new", "GRANT DELETE ON shop.* TO 'shop_app'@'10.%'")
    try:
        a = mariadb_catalog(lambda q: sql_table("old", q))
        b = mariadb_catalog(lambda q: sql_table("new", q))
        d = differences(a, b)
        check(len(d) == 2 and all(x.startswith("db: ") for x in d),
              "the catalog comparison sees one extra grant: %s" % d)
    finally:
        sql("new", "REVOKE DELETE ON shop.* FROM 'shop_app'@'10.%'")


def case_dry_run(url):
    """--dry-run describes only, prints every call and the SQL."""
    reset_databases()
    w = World(url)
    p = w.encrypt(["--dry-run"], fmt="text")
    c = w.px.counts()
    check(all(a.startswith("Describe") for a in c), "only describes: %s"
          % c)
    for frag in ("CreateDBSnapshot DBInstanceIdentifier=" + w.id,
                 "CopyDBSnapshot", "KmsKeyId=" + w.key,
                 "RestoreDBInstanceFromDBSnapshot DBInstanceIdentifier=%s-"
                 "encrypted" % w.id,
                 "ModifyDBInstance DBInstanceIdentifier=%s "
                 "NewDBInstanceIdentifier=%s-unencrypted" % (w.id, w.id),
                 "CREATE USER `shop_app`@`10.%`"):
        check(frag in p.stdout, "prints " + frag)
    # before the restore exists: the modify and the creates with their
    # parameters, as the run would make them
    lines = p.stdout.splitlines()
    mod = [ln for ln in lines if "ModifyDBInstance DBInstanceIdentifier=%s-"
           "encrypted " % w.id in ln and "NewDBInstanceIdentifier" not in ln]
    check(len(mod) == 1 and all(f in mod[0] for f in (
        "BackupRetentionPeriod=3", "MaxAllocatedStorage=100",
        "PreferredMaintenanceWindow=sun:03:00-sun:04:00")),
          "prints the modify with what the restore cannot set: %s" % mod)
    for r in w.reps:
        cr = [ln for ln in lines if "CreateDBInstanceReadReplica "
              "DBInstanceIdentifier=%s-encrypted" % r in ln]
        check(len(cr) == 1 and all(f in cr[0] for f in (
            "SourceDBInstanceIdentifier=%s-encrypted" % w.id,
            "DBInstanceClass=db.t3.small", "rdsclone:encrypt-of=" + w.id,
            "team=data")), "prints %s's create with its parameters: %s"
              % (r, cr))
    names = w.names()
    check(not any(n.startswith(w.id) and n.endswith("-encrypted")
                  for n in names),
          "nothing created")
    out = sql("new", "SELECT COUNT(*) FROM mysql.user WHERE user = "
              "'shop_app'")
    check(out.strip() == "0", "the new server untouched")
    p = w.encrypt(["--dry-run"])
    check(steps(p)["snapshot"] == "planned", "json: snapshot planned")


KILL_STEPS = ("snapshot", "copy", "restore", "modify", "replicas",
              "reconcile", "compare", "swap")


def kill_after(url, step):
    """Exit right after STEP (as a kill would), run again: converges with
    at most one snapshot, copy, restore and create per replica. For the
    reconcile step, a primary without replicas: with replicas, their
    reconciliations (to the same local server) leave the primary's
    nothing to do, and the hook fires only after a step that did work."""
    reset_databases()
    w = World(url, replicas=0 if step == "reconcile" else 2)
    w.encrypt(exit_after=step, expect=HOOK_EXIT)
    p = w.encrypt()
    r = json.loads(p.stdout)
    check(r["ok"], "the re-run completed")
    check(steps(p)[step] in ("skipped", "done"), "re-run: %s %s" %
          (step, steps(p)[step]))
    w.check_done()
    check_accounts()


def case_kill_between_renames(url):
    """Killed (SIGKILL) after ID -> ID-unencrypted was sent (the proxy
    holds the rename 2 s, as RDS takes its time) and before ID-encrypted
    -> ID: the re-run waits the rename out and completes the swap; no
    state where neither carries ID survives."""
    reset_databases()
    w = World(url)
    p = w.encrypt(["--yes", "--no-swap"])
    check(steps(p)["swap"] == "skipped", "--no-swap: swap skipped")
    check(w.describe(w.id + "-encrypted") is not None and
          w.describe(w.id) is not None, "both exist before the swap")
    proc = w.start_in_first_rename(subprocess.DEVNULL)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    check(proc.returncode == -signal.SIGKILL, "killed after the first "
          "rename was sent")
    check(w.describe(w.id + "-encrypted") is not None,
          "the new instance is not renamed yet")
    p = w.encrypt()
    check(json.loads(p.stdout)["ok"], "the re-run completed the swap")
    check("being renamed" in p.stderr, "it waited for the pending rename")
    w.check_done()


def case_final_plan(url):
    """An account made on the old primary after the reconcile (while the
    first rename is under way: the application was not stopped) is found
    by the plan after the swap: exit 2, the pairs named in final_plan[];
    once applied by hand, a re-run's final plan finds nothing (exit 0)."""
    reset_databases()
    w = World(url)
    w.encrypt(["--yes", "--no-swap"])
    proc = w.start_in_first_rename(subprocess.PIPE)
    sql("old", "CREATE USER 'late'@'%' IDENTIFIED BY 'late-password'")
    out, err = proc.communicate(timeout=120)
    r = json.loads(out)
    check(proc.returncode == 2, "exit 2: renamed, accounts differ (%d)"
          % proc.returncode)
    check("final plan finds accounts that differ" in r["error"] and
          "%s-unencrypted -> %s" % (w.id, w.id) in r["error"],
          "the error names the pair: %s" % r["error"])
    fp = {(f["source"], f["target"]): f["pending"] for f in r["final_plan"]}
    check(len(fp) == 3 and all(v > 0 for v in fp.values()),
          "final_plan[]: the primary and both replicas, each with "
          "statements to run: %s" % fp)
    check("late-password" not in out + err, "no password in the output")
    w.check_done()
    p = run_plain(["apply", "--source", server_env("old")["MARIADB_URI"],
                   "--target", server_env("new")["MARIADB_URI"]])
    check(p.returncode == 0, "apply old -> new by hand")
    p = w.encrypt()
    r = json.loads(p.stdout)
    check(r["ok"] and len(r["final_plan"]) == 3 and
          all(f["pending"] == 0 for f in r["final_plan"]),
          "the re-run's final plan finds nothing: %s" % r["final_plan"])
    check_accounts()


def case_compare_differs(url):
    """An unexpected difference between old and new stops the run before
    the swap (exit 2) and names it; nothing is renamed."""
    reset_databases()
    w = World(url, replicas=1)
    w.encrypt(["--yes", "--no-swap"])
    w.rds.modify_db_instance(DBInstanceIdentifier=w.id + "-encrypted",
                             DBInstanceClass="db.t3.large",
                             ApplyImmediately=True)
    n0 = w.px.n("ModifyDBInstance")
    p = w.encrypt(expect=2)
    r = json.loads(p.stdout)
    check(steps(p)["compare"] == "failed" and steps(p)["swap"] == "not_run",
          "compare failed, swap not run")
    check("DBInstanceClass" in r["error"] and "db.t3.large" in r["error"],
          "the error names the attribute and the values: %s" % r["error"])
    check(w.px.n("ModifyDBInstance") == n0, "no rename (no modify) sent")
    check(w.describe(w.id + "-encrypted") is not None and
          w.describe(w.id + "-unencrypted") is None, "names unchanged")


def case_throttled(url):
    """Throttling and a 503 on the calls that create: the shim's retries
    carry the run through, and nothing is made twice."""
    reset_databases()
    w = World(url, replicas=1)
    w.px.script([
        {"action": "CreateDBSnapshot", "fault": "throttle", "times": 2},
        {"action": "CopyDBSnapshot", "fault": "html503", "times": 1},
        {"action": "DescribeDBSnapshots", "fault": "throttle", "times": 1},
        {"action": "RestoreDBInstanceFromDBSnapshot", "fault": "status",
         "status": 500, "times": 1}])
    p = w.encrypt()
    check(json.loads(p.stdout)["ok"], "completed despite the faults")
    snaps = [s["DBSnapshotIdentifier"] for s in
             w.rds.describe_db_snapshots(
                 DBInstanceIdentifier=w.id)["DBSnapshots"]
             if s["DBSnapshotIdentifier"].startswith(w.id + "-encrypt-")]
    check(len(snaps) == 2, "one snapshot and one copy: %s" % snaps)
    check(len([n for n in w.names() if n.startswith(w.id)]) == 4,
          "four instances: old and new primary and replica")
    d = w.describe(w.id)
    check(d["StorageEncrypted"], "%s encrypted" % w.id)


def case_postgres(url):
    """A PostgreSQL primary with one replica: the same procedure; the
    roles reach the new primary (the replica's reconciliation writes to
    its primary, as recreate-replica does for a standby)."""
    for which in ("pgold", "pgnew"):
        psql(which, "DROP ROLE IF EXISTS shop_app; DROP ROLE IF EXISTS "
             "readers")
    psql("pgold", "CREATE ROLE readers; CREATE ROLE shop_app LOGIN "
         "PASSWORD 'app-password' CONNECTION LIMIT 5 IN ROLE readers")
    w = World(url, replicas=1, engine="postgres")
    p = w.encrypt()
    r = json.loads(p.stdout)
    check(r["ok"], "ok")
    w.check_done()
    check([(f["source"], f["target"], f["pending"]) for f in
           r["final_plan"]] == [(w.id + "-unencrypted", w.id, 0)],
          "final_plan[]: the primary only (a standby's roles are its "
          "primary's): %s" % r["final_plan"])
    check(psql("pgnew", "SELECT rolconnlimit FROM pg_roles WHERE rolname = "
               "'shop_app'").strip() == "5", "the new primary has shop_app")
    check_catalogs("pgold", "pgnew", engine="postgres")
    p = run_plain(["plan", "--source", pg_uri("pgold"), "--target",
                   pg_uri("pgnew"), "--include", "shop_app@",
                   "--include", "readers@"])
    check(p.returncode == 0, "rdsclone's own plan finds nothing (exit 0)")


def on_tty(argv, env, answer):
    """Runs argv on a pseudo-terminal, answers the question; (exit code,
    everything it wrote)."""
    import pty
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    out, answered = b"", False
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        if not answered and b"[yes/no]" in out:
            os.write(fd, answer.encode() + b"\n")
            answered = True
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace")


def case_confirm(url):
    """On a terminal without --yes it asks, saying what is lost; "no"
    stops before anything is made, "yes" goes on; once done, it no longer
    asks."""
    reset_databases()
    w = World(url, replicas=0)
    code, out = on_tty(w.args([], "text"), w.env(), "no")
    check("writes made to %s after its snapshot are lost" % w.id in out,
          "the question says what is lost")
    check(code == 1 and "declined" in out, "no: exit 1, declined (%d)"
          % code)
    c = w.px.counts()
    check(not any(a in c for a in MAKERS + ("ModifyDBInstance",)),
          "nothing made: %s" % c)
    code, out = on_tty(w.args([], "text"), w.env(), "yes")
    check(code == 0 and "confirm    done" in out, "yes: done (%d)" % code)
    check(w.describe(w.id)["StorageEncrypted"], "and encrypted")
    # after success nothing is left to change: no question (a "no" would
    # make it exit 1)
    code, out = on_tty(w.args([], "text"), w.env(), "no")
    check(code == 0 and "Go on?" not in out and "nothing left to change"
          in out, "a run after success does not ask (%d)" % code)


def case_parallel(url):
    """--jobs 2 with the two replicas reconciled on different servers (a
    third MariaDB server for the second): both re-created at once. The
    proxy holds each create until the other one arrives (a barrier, 10 s
    at most): both held together shows they ran at once, without timing
    anything."""
    reset_databases()
    third = os.path.join(TMP, "third")
    harness = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           "..", "harness", "mariadb_server.sh")
    subprocess.run(["bash", harness, "start", third], check=True,
                   capture_output=True, timeout=120)
    try:
        uri = dict(line.strip().split("=", 1) for line in
                   open(os.path.join(third, "env")))["MARIADB_URI"]
        w = World(url)
        text = open(w.conf).read().replace(
            '%s-encrypted = "%s"' % (w.reps[1],
                                     server_env("new")["MARIADB_URI"]),
            '%s-encrypted = "%s"' % (w.reps[1], uri.strip("'")))
        with open(w.conf, "w") as f:
            f.write(text)
        w.px.script([{"action": "CreateDBInstanceReadReplica",
                      "fault": "barrier", "n": 2, "times": 2}])
        p = w.encrypt(["--yes", "--jobs", "2"])
        r = json.loads(p.stdout)
        rep = [x for x in r["steps"] if x["step"] == "replicas"][0]
        check("at once" in rep["detail"], "the replicas step ran them at "
              "once: %s" % rep["detail"])
        together = w.px.state()["together"]
        check(together.get("CreateDBInstanceReadReplica") == 2, "the "
              "proxy held both creates at once: %s" % together)
        w.check_done()
        p = subprocess.run(["mariadb", "--no-defaults", "-S",
                            os.path.join(third, "mysqld.sock"), "-uadmin",
                            "-padminpw", "-N", "-e", "SELECT COUNT(*) FROM "
                            "mysql.user WHERE user = 'shop_app'"],
                           capture_output=True, text=True, timeout=60)
        check(p.stdout.strip() == "1", "the second replica's server got "
              "shop_app")
    finally:
        subprocess.run(["bash", harness, "stop", third],
                       capture_output=True, timeout=120)


def case_reboot(url):
    """Killed after the restore; the new primary's parameter group then
    drifts (changed outside rdsclone). The re-run's modify sets it back,
    RDS leaves the parameters pending-reboot (proxy mode), so it reboots
    once and waits for in-sync."""
    reset_databases()
    w = World(url, replicas=0)
    w.encrypt(exit_after="restore", expect=HOOK_EXIT)
    drift = w.pg + "-drift"
    w.rds.create_db_parameter_group(DBParameterGroupName=drift,
                                    DBParameterGroupFamily="mysql8.0",
                                    Description="drift")
    w.rds.modify_db_instance(DBInstanceIdentifier=w.id + "-encrypted",
                             DBParameterGroupName=drift,
                             ApplyImmediately=True)
    p = w.encrypt()
    r = json.loads(p.stdout)
    mod = [x for x in r["steps"] if x["step"] == "modify"][0]
    check("parameter group" in mod["detail"] and "rebooted" in
          mod["detail"], "modify set the parameter group and rebooted: %s"
          % mod["detail"])
    check(w.px.n("RebootDBInstance") == 1, "one reboot")
    check("pending-reboot" in p.stderr, "the log shows pending-reboot")
    d = w.describe(w.id)
    check(d["DBParameterGroups"][0]["DBParameterGroupName"] == w.pg,
          "the new %s has the old parameter group" % w.id)
    w.check_done()


def case_refusals(url):
    """A key RDS cannot use: the copy's error verbatim (exit 1), and the
    re-run with the right key reuses the snapshot. An Aurora instance is
    refused before anything is made."""
    reset_databases()
    w = World(url, replicas=0)
    good = w.key
    w.key = "no-such-key"
    p = w.encrypt(expect=1)
    check("KMSKeyNotAccessibleFault" in p.stderr, "the copy's error, as "
          "RDS gave it")
    check(steps(p)["copy"] == "failed" and steps(p)["restore"] == "not_run",
          "copy failed, nothing restored")
    w.key = good
    w.encrypt()
    m = w.makers()
    check(m["CreateDBSnapshot"] == 1 and m["CopyDBSnapshot"] == 2 and
          m["RestoreDBInstanceFromDBSnapshot"] == 1, "the re-run reused the "
          "snapshot (one in all), copied again (the refused copy made "
          "nothing), restored once: %s" % m)
    d = w.describe(w.id)
    check(d["StorageEncrypted"] and d["KmsKeyId"].endswith(good),
          "%s encrypted with the right key" % w.id)
    cl = "aurora-" + uuid.uuid4().hex[:6]
    w.rds.create_db_cluster(DBClusterIdentifier=cl, Engine="aurora-mysql",
                            MasterUsername="admin",
                            MasterUserPassword="password123")
    w.rds.create_db_instance(DBInstanceIdentifier=cl + "-1",
                             Engine="aurora-mysql", DBClusterIdentifier=cl,
                             DBInstanceClass="db.t3.medium")
    n = w.px.counts()
    p = subprocess.run([BIN, "encrypt", "--instance", cl + "-1",
                        "--kms-key", good, "--yes"], env=w.env(),
                       capture_output=True, text=True, timeout=60)
    check(p.returncode == 1 and "Aurora" in p.stderr, "Aurora refused")
    c = w.px.counts()
    check(all(c.get(a, 0) == n.get(a, 0) for a in MAKERS),
          "nothing made for it")
    # a replica's twin name taken by an instance not of the run's making
    v = World(url, replicas=1)
    v.rds.create_db_instance(DBInstanceIdentifier=v.reps[0] + "-encrypted",
                             Engine="mysql", DBInstanceClass="db.t3.micro",
                             AllocatedStorage=20, MasterUsername="admin",
                             MasterUserPassword="password123")
    p = v.encrypt(expect=1)
    check("%s-encrypted exists and was not made by rdsclone encrypt"
          % v.reps[0] in p.stderr, "an untagged replica twin is refused")
    check(v.makers() == {a: 0 for a in MAKERS}, "nothing made for it: %s"
          % v.makers())


def case_usage(url):
    """Usage, refusals and the lock: 64 / 1 / 75, no write call."""
    w = World(url, replicas=1)
    env = w.env()
    long_id = "x" * 52
    for args, code, what in (
            (["encrypt", "--instance", long_id, "--kms-key", "k", "--yes"],
             64, "an identifier over 63 characters"),
            (["encrypt", "--instance", w.id], 64, "no key"),
            (["encrypt", "--instance", w.id, "--kms-key", "k",
              "--format", "xml"], 64, "bad format"),
            (["encrypt", "--instance", w.id, "--kms-key", "k"], 64,
             "stdin not a terminal and no --yes"),
            (["encrypt", "--instance", w.id, "--kms-key", "k", "--jobs",
              "0", "--yes"], 64, "--jobs 0")):
        p = subprocess.run([BIN] + args, env=env, capture_output=True,
                           text=True, stdin=subprocess.DEVNULL)
        check(p.returncode == code, "%s -> %d (%d)" % (what, code,
                                                       p.returncode))
    p = subprocess.run([BIN, "encrypt", "--instance", long_id, "--kms-key",
                        "k", "--yes"], env=env, capture_output=True,
                       text=True)
    check(long_id + "-unencrypted" in p.stderr, "the message names the "
          "identifier")
    check(w.px.counts() == {}, "no call made by the usage errors: %s"
          % w.px.counts())
    p = subprocess.run(w.args(["--yes"])[:3] + [w.reps[0]] +
                       w.args(["--yes"])[4:], env=env, capture_output=True,
                       text=True)
    check(p.returncode == 1 and "read replica" in p.stderr,
          "a replica as --instance is refused")
    enc = "enc-" + uuid.uuid4().hex[:6]
    w.rds.create_db_instance(
        DBInstanceIdentifier=enc, Engine="mysql", AllocatedStorage=20,
        DBInstanceClass="db.t3.micro", MasterUsername="admin",
        MasterUserPassword="password123", StorageEncrypted=True,
        KmsKeyId=w.key)
    p = subprocess.run([BIN, "encrypt", "--instance", enc, "--kms-key",
                        w.key, "--yes"], env=env, capture_output=True,
                       text=True)
    check(p.returncode == 1 and "already encrypted" in p.stderr,
          "an instance already encrypted with the key is refused")
    with open(os.path.join(TMP, "rdsclone-encrypt-%s.lock" % w.id),
              "w") as lk:
        fcntl.flock(lk, fcntl.LOCK_EX)
        p = subprocess.run(w.args(["--yes"]), env=env, capture_output=True,
                           text=True)
    check(p.returncode == 75 and "lock" in p.stderr, "lock held -> 75")
    c = w.px.counts()
    check(not any(a in c for a in MAKERS + ("ModifyDBInstance",)),
          "no write call: %s" % c)
    squat = w.id + "-unencrypted"
    w.rds.create_db_instance(
        DBInstanceIdentifier=squat, Engine="mysql", AllocatedStorage=20,
        DBInstanceClass="db.t3.micro", MasterUsername="admin",
        MasterUserPassword="password123")
    p = subprocess.run(w.args(["--yes"]), env=env, capture_output=True,
                       text=True)
    check(p.returncode == 1 and "refusing" in p.stderr,
          "an unrelated %s is not renamed over, nor %s touched" % (squat,
                                                                  w.id))
    c = w.px.counts()
    check(not any(a in c for a in MAKERS + ("ModifyDBInstance",)),
          "still no write call: %s" % c)
    bad = os.path.join(TMP, "bad.conf")
    with open(bad, "w") as f:
        f.write('encrypt = { instance = "a"; swap = 1; };\n')
    p = subprocess.run([BIN, "encrypt", "-c", bad, "--yes"], env=env,
                       capture_output=True, text=True)
    check(p.returncode == 78 and "bad.conf:1" in p.stderr and
          "true or false" in p.stderr, "encrypt.swap not a boolean -> 78")


def case_config(url):
    """The encrypt group gives the instance, the key and swap = false."""
    reset_databases()
    w = World(url, replicas=1)
    with open(w.conf, "a") as f:
        f.write('encrypt = { instance = "%s"; kms_key = "%s"; swap = false;'
                ' jobs = 1; };\n' % (w.id, w.key))
    p = subprocess.run([BIN, "encrypt", "-c", w.conf, "--yes", "--format",
                        "json"], env=w.env(), capture_output=True,
                       text=True, timeout=280)
    if p.returncode:
        print(p.stdout + p.stderr)
    check(p.returncode == 0, "encrypt -c FILE runs (exit 0)")
    check(steps(p)["swap"] == "skipped", "swap = false: no swap")
    check(w.describe(w.id + "-encrypted") is not None, "the new primary "
          "keeps its -encrypted name")


CASES = {k[5:]: v for k, v in globals().items() if k.startswith("case_")}
for _s in KILL_STEPS:
    CASES["kill_after_" + _s] = (lambda s: lambda url: kill_after(url, s))(_s)


def prepare():
    server_env("old")
    server_env("new")


if __name__ == "__main__":
    sys.exit(run(CASES, "encrypt_driver.py", BIN, "RDSCLONE_BIN", prepare))
