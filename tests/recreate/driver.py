#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""driver.py CASE - end-to-end tests of `rdsclone recreate-replica` and
`rdsclone compare`: a real moto_server (RDS API) behind the fault proxy
(tests/harness/fault_proxy.py, which counts calls per Action and rewrites
statuses to show transitions moto never shows), and two real MariaDB
servers standing in for the old and the new replica's databases (mapped
through the configuration's `endpoints` group). The CTest fixtures start
moto and the servers; each case starts its own proxy and stops it by PID.

Environment (tests/recreate/CMakeLists.txt): RDSCLONE_BIN, MOTO_DIR,
RUN_DIR (old/ and new/ server dirs). What the RDS tests share (moto,
proxy, the AWS environment, the runner) is tests/harness/rds_driver.py.
Exit 0 pass, 1 fail, 77 skipped (moto, botocore or the servers missing).
"""
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "harness"))
from rds_driver import (REGION, TMP, Fail, Proxy, aws_env,  # noqa: E402
                        check, client, run, run_logged, skip, uid)

BIN = os.environ.get("RDSCLONE_BIN", "")
RUN_DIR = os.environ.get("RUN_DIR", "")
HOOK_EXIT = 99          # cli_recreate.c's RDSCLONE_TEST_EXIT_AFTER exit code
SEED_USERS = ["'shop_app'@'10.%'", "'report'@'%'", "'late'@'%'"]


class Transitions:
    """Shows what real RDS shows and moto does not: until a reboot, the
    parameters read pending-reboot (after a modify, first modifying /
    applying); after the reboot, the instance reads rebooting a few times
    and then what moto says (available, in-sync). Driven by the proxy's
    per-Action counts, checked by a thread and before every run."""

    def __init__(self, px):
        self.px = px
        self.phase = None
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.sync()
        self.t = threading.Thread(target=self.loop, daemon=True)
        self.t.start()

    def sync(self):
        with self.lock:
            c = self.px.counts()
            if c.get("RebootDBInstance", 0):
                phase = "rebooted"
            elif c.get("ModifyDBInstance", 0):
                phase = "modified"
            else:
                phase = "initial"
            if phase == self.phase:
                return
            self.phase = phase
            pr = {"action": "DescribeDBInstances", "fault": "rewrite",
                  "apply": "pending-reboot", "times": -1}
            if phase == "initial":
                rules = [pr]
            elif phase == "modified":
                rules = [{"action": "DescribeDBInstances", "fault": "rewrite",
                          "status": "modifying", "apply": "applying",
                          "times": 2}, pr]
            else:
                rules = [{"action": "DescribeDBInstances", "fault": "rewrite",
                          "status": "rebooting", "apply": "pending-reboot",
                          "times": 3}]
            self.px.script(rules)

    def loop(self):
        while not self.stop.wait(0.02):
            try:
                self.sync()
            except Exception:  # proxy gone at the end: nothing to do
                return

    def close(self):
        self.stop.set()
        self.t.join(2)


# ---- the databases ----------------------------------------------------------

def server_env(which):
    env = {}
    path = os.path.join(RUN_DIR, which, "env")
    if not os.path.exists(path):
        skip("MariaDB fixture not running (no %s)" % path)
    for line in open(path):
        k, _, v = line.strip().partition("=")
        env[k] = v.strip("'")
    return env


def sql(which, text, expect_ok=True, header=False):
    """The mariadb client's tab-separated output; header=True keeps the
    column names line (catalog_compare.py's format)."""
    e = server_env(which)
    p = subprocess.run(["mariadb", "--no-defaults", "-h127.0.0.1",
                        "-P" + e["MARIADB_PORT"], "-uadmin", "-padminpw",
                        "--batch"] + ([] if header else
                                      ["--skip-column-names"]) +
                       ["-e", text],
                       capture_output=True, text=True, timeout=60)
    if expect_ok and p.returncode:
        raise Fail("SQL on %s failed: %s" % (which, p.stderr.strip()))
    return p.stdout


def sql_table(which, text):
    return sql(which, text, header=True)


def reset_databases():
    """The old replica holds accounts and binlog retention the new one
    lacks (the seed's case); the new one starts empty."""
    drops = "".join("DROP USER IF EXISTS %s;" % u for u in SEED_USERS)
    for which in ("old", "new"):
        sql(which, drops + "DROP ROLE IF EXISTS auditor;"
            "CREATE DATABASE IF NOT EXISTS shop;"
            "CREATE TABLE IF NOT EXISTS shop.orders (id INT, note TEXT);"
            "CALL mysql.rds_set_configuration('binlog retention hours', "
            "NULL);")
    sql("old", """
      CREATE USER 'shop_app'@'10.%' IDENTIFIED BY 'app-password';
      GRANT SELECT, INSERT, UPDATE ON shop.* TO 'shop_app'@'10.%';
      CREATE USER 'report'@'%' IDENTIFIED BY 'report-password';
      CREATE ROLE auditor; GRANT SELECT (id) ON shop.orders TO auditor;
      GRANT auditor TO 'report'@'%';
      CALL mysql.rds_set_configuration('binlog retention hours', 72);""")


def check_reconciled():
    g = sql("new", "SHOW GRANTS FOR 'shop_app'@'10.%'")
    check("GRANT SELECT, INSERT, UPDATE ON `shop`.*" in g,
          "new replica has shop_app's schema grant")
    g = sql("new", "SHOW GRANTS FOR 'report'@'%'")
    check("GRANT `auditor` TO `report`@`%`" in g, "and report's role")
    c = sql("new", "CALL mysql.rds_show_configuration")
    check("binlog retention hours\t72" in c, "binlog retention hours 72")
    p = run_plain(["plan", "--source", server_env("old")["MARIADB_URI"],
                   "--target", server_env("new")["MARIADB_URI"]])
    check(p.returncode == 0, "a final plan finds nothing to do (exit 0)")


def run_plain(args):
    env = dict(os.environ, RDSCLONE_SOURCE_PASSWORD="adminpw",
               RDSCLONE_TARGET_PASSWORD="adminpw", HOME=TMP)
    p = subprocess.run([BIN] + args, env=env, capture_output=True,
                       text=True, timeout=120)
    if p.returncode:
        print(p.stdout + p.stderr)
    return p


def check_untouched_db():
    out = sql("new", "SELECT COUNT(*) FROM mysql.user WHERE user IN "
              "('shop_app','report')")
    check(out.strip() == "0", "the new replica's accounts were not touched")


def pg_uri(which):
    return "postgresql://postgres@127.0.0.1:%s/postgres" % \
        server_env(which)["PG_PORT"]


def psql(which, text, header=False):
    """psql's unaligned output; header=True: tab-separated with the
    column names line (catalog_compare.py's format)."""
    fmt = ["-A", "-F", "\t", "-P", "footer=off"] if header else ["-At"]
    p = subprocess.run(["psql", "-X", "-q"] + fmt +
                       ["-v", "ON_ERROR_STOP=1", pg_uri(which), "-c", text],
                       env=dict(os.environ, PGPASSWORD="adminpw"),
                       capture_output=True, text=True, timeout=60)
    if p.returncode:
        raise Fail("SQL on %s failed: %s" % (which, p.stderr.strip()))
    return p.stdout


def psql_table(which, text):
    return psql(which, text, header=True)


# ---- the instances ----------------------------------------------------------

class World:
    """An old primary with a replica (custom parameter group, a security
    group, tags), an encrypted new primary, and the new replica's name, all
    with fresh identifiers; a proxy in front of moto; a config file mapping
    the replicas to the local servers."""

    def __init__(self, url, transitions=False, engine="mysql"):
        self.moto = url
        self.rds = client("rds", url)
        ec2 = client("ec2", url)
        tag = uuid.uuid4().hex[:8]
        vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
        self.sg = ec2.create_security_group(
            GroupName="db-" + tag, Description="db", VpcId=vpc)["GroupId"]
        self.pg = "replica-" + tag
        self.rds.create_db_parameter_group(
            DBParameterGroupName=self.pg,
            DBParameterGroupFamily="mysql8.0" if engine == "mysql"
            else "postgres15",
            Description="read_only off on the replica")
        self.old_primary = "old-" + tag
        self.old_replica = "old-" + tag + "-replica"
        self.primary = "new-" + tag
        self.name = "new-" + tag + "-replica"
        common = dict(Engine=engine, DBInstanceClass="db.t3.micro",
                      AllocatedStorage=20, MasterUsername="admin",
                      MasterUserPassword="password123",
                      BackupRetentionPeriod=1)
        self.rds.create_db_instance(DBInstanceIdentifier=self.old_primary,
                                    **common)
        self.rds.create_db_instance_read_replica(
            DBInstanceIdentifier=self.old_replica,
            SourceDBInstanceIdentifier=self.old_primary,
            DBInstanceClass="db.t3.small", DBParameterGroupName=self.pg,
            VpcSecurityGroupIds=[self.sg],
            Tags=[{"Key": "team", "Value": "data"}])
        self.rds.create_db_instance(
            DBInstanceIdentifier=self.primary, StorageEncrypted=True,
            KmsKeyId="arn:aws:kms:us-east-1:123456789012:key/" + tag,
            **common)
        self.px = Proxy(url)
        self.tr = Transitions(self.px) if transitions else None
        self.conf = os.path.join(TMP, uid("conf"))
        # PostgreSQL: the old replica (a readable standby) is the source and
        # the new primary the target, as rdsclone writes the roles there
        if engine == "mysql":
            ends = ((self.old_replica, server_env("old")["MARIADB_URI"]),
                    (self.name, server_env("new")["MARIADB_URI"]))
        else:
            ends = ((self.old_replica, pg_uri("pgold")),
                    (self.primary, pg_uri("pgnew")))
        with open(self.conf, "w") as f:
            f.write('endpoints = {\n  %s = "%s";\n  %s = "%s";\n};\n'
                    'recreate = { poll_interval_ms = 50; '
                    'max_poll_interval_ms = 200; wait_timeout = 60; };\n'
                    % (ends[0] + ends[1]))

    def precreate(self, **kw):
        """The new replica exists already (an earlier run, or by hand)."""
        self.rds.create_db_instance_read_replica(
            DBInstanceIdentifier=self.name,
            SourceDBInstanceIdentifier=self.primary, **kw)

    def env(self):
        env = aws_env(AWS_ENDPOINT_URL=self.px.url,
                      RDSCLONE_SOURCE_PASSWORD="adminpw",
                      RDSCLONE_TARGET_PASSWORD="adminpw")
        env.pop("RDSCLONE_TEST_EXIT_AFTER", None)
        return env

    def recreate(self, extra=(), exit_after=None, expect=0, fmt="json"):
        if self.tr:
            self.tr.sync()
        env = self.env()
        if exit_after:
            env["RDSCLONE_TEST_EXIT_AFTER"] = exit_after
        args = [BIN, "recreate-replica", "--primary", self.primary,
                "--from", self.old_replica, "--name", self.name,
                "-c", self.conf, "--format", fmt] + list(extra)
        return run_logged(args, env, "recreate-replica", extra, exit_after,
                          expect, 240)

    def compare(self, a, b, extra=(), expect=None):
        p = subprocess.run([BIN, "compare", a, b, "--format", "json"] +
                           list(extra), env=self.env(), capture_output=True,
                           text=True, timeout=60)
        print("$ rdsclone compare %s %s %s -> %d" % (a, b, " ".join(extra),
                                                     p.returncode))
        if p.stderr:
            print("  stderr: " + p.stderr.strip())
        if expect is not None and p.returncode != expect:
            print(p.stdout)
            raise Fail("compare exit %d, expected %d" % (p.returncode,
                                                         expect))
        return p

    def describe(self, ident):
        return self.rds.describe_db_instances(
            DBInstanceIdentifier=ident)["DBInstances"][0]

    def exists(self, ident):
        try:
            self.describe(ident)
            return True
        except Exception:
            return False

    def check_replica(self):
        d = self.describe(self.name)
        check(d.get("ReadReplicaSourceDBInstanceIdentifier") in
              (self.primary, self.describe(self.primary)["DBInstanceArn"]),
              "%s is a replica of %s" % (self.name, self.primary))
        check(d["DBParameterGroups"][0]["DBParameterGroupName"] == self.pg,
              "it has the old replica's parameter group")
        check([g["VpcSecurityGroupId"] for g in d["VpcSecurityGroups"]] ==
              [self.sg], "and its security group")
        check(d["DBInstanceClass"] == "db.t3.small", "and its class")
        check(self.names().count(self.name) == 1, "exactly one %s"
              % self.name)

    def names(self):
        """Every instance: moto pages DescribeDBInstances by 100, and the
        cases before this one (encrypt's among them) leave many."""
        out, marker = [], None
        while True:
            r = self.rds.describe_db_instances(
                **({"Marker": marker} if marker else {}))
            out += [i["DBInstanceIdentifier"] for i in r["DBInstances"]]
            marker = r.get("Marker")
            if not marker:
                return out

    def close(self):
        if self.tr:
            self.tr.close()


def steps(p):
    return {s["step"]: s["status"] for s in json.loads(p.stdout)["steps"]}


# ---- cases ------------------------------------------------------------------

def case_fresh(url):
    """No replica yet: created with the old replica's attributes (parameter
    group and security groups at creation), so no modify and no reboot;
    accounts and binlog retention reconciled and verified."""
    reset_databases()
    w = World(url)
    p = w.recreate()
    r = json.loads(p.stdout)
    st = steps(p)
    check(r["ok"] and r["converged"], "ok and converged")
    check(st["create"] == "done", "create done")
    check(all(st[s] == "skipped" for s in ("modify", "reboot")),
          "modify and reboot skipped (parameter group set at creation)")
    check(st["reconcile"] == "done", "reconcile done")
    c = w.px.counts()
    check(c.get("CreateDBInstanceReadReplica") == 1, "one create call")
    check("ModifyDBInstance" not in c and "RebootDBInstance" not in c,
          "no modify, no reboot call at the proxy")
    create = [x for x in r["calls"] if x.startswith("CreateDBInstance")][0]
    for frag in ("DBParameterGroupName=" + w.pg, "VpcSecurityGroupIds=" +
                 w.sg, "DBInstanceClass=db.t3.small", "Tags=team=data",
                 "SourceDBInstanceIdentifier=" + w.primary):
        check(frag in create, "create carries " + frag)
    check("KmsKeyId" not in create, "no KMS key passed (the primary's "
          "encryption applies)")
    check("waited" in p.stderr and "step create" in p.stderr,
          "steps logged with their waits")
    w.check_replica()
    check_reconciled()
    # text format, and a second run is a no-op
    p = w.recreate(fmt="text")
    check("create              skipped" in p.stdout, "re-run: create skipped")
    check(w.px.n("CreateDBInstanceReadReplica") == 1, "still one create")
    w.close()


def case_exists(url):
    """The primary already lists the replica (made by hand with the default
    parameter group and no security group): finish it - modify, wait for
    pending-reboot, reboot once, wait in-sync - then reconcile."""
    reset_databases()
    w = World(url, transitions=True)
    w.precreate(DBInstanceClass="db.t3.small")
    p = w.recreate()
    st = steps(p)
    check(st["create"] == "skipped", "create skipped: replica exists")
    check(st["modify"] == "done" and st["reboot"] == "done",
          "modified and rebooted")
    check(st["wait-in-sync"] == "done", "waited for in-sync")
    c = w.px.counts()
    check("CreateDBInstanceReadReplica" not in c, "no create call")
    check(c.get("ModifyDBInstance") == 1 and c.get("RebootDBInstance") == 1,
          "one modify, one reboot at the proxy")
    check("pending-reboot" in p.stderr and "rebooting" in p.stderr,
          "the log follows the transitions")
    w.close()
    w.check_replica()
    check_reconciled()


def case_pg_set(url):
    """The replica exists with the old replica's parameter group and
    security groups and in-sync parameters: no modify, no reboot. Then with
    parameters pending-reboot: a reboot only."""
    reset_databases()
    w = World(url)
    w.precreate(DBInstanceClass="db.t3.small", DBParameterGroupName=w.pg,
                VpcSecurityGroupIds=[w.sg])
    p = w.recreate()
    st = steps(p)
    check(st["create"] == "skipped" and st["modify"] == "skipped" and
          st["reboot"] == "skipped", "create, modify, reboot skipped")
    c = w.px.counts()
    for a in ("CreateDBInstanceReadReplica", "ModifyDBInstance",
              "RebootDBInstance"):
        check(a not in c, "no %s at the proxy" % a)
    check_reconciled()
    w.tr = Transitions(w.px)   # parameters now read pending-reboot
    p = w.recreate()
    st = steps(p)
    check(st["modify"] == "skipped" and st["reboot"] == "done",
          "pending-reboot: reboot without modify")
    c = w.px.counts()
    check("ModifyDBInstance" not in c and c.get("RebootDBInstance") == 1,
          "no modify, one reboot at the proxy")
    w.close()
    w.check_replica()


def case_dry_run(url):
    """--dry-run prints the calls and the SQL and changes nothing."""
    reset_databases()
    w = World(url)
    p = w.recreate(["--dry-run"], fmt="text")
    check("CreateDBInstanceReadReplica DBInstanceIdentifier=" + w.name
          in p.stdout, "prints the create call")
    check("CREATE USER `shop_app`@`10.%`" in p.stdout and
          "rds_set_configuration('binlog retention hours', 72)" in p.stdout,
          "prints the SQL it would run")
    c = w.px.counts()
    check(set(c) == {"DescribeDBInstances"}, "only DescribeDBInstances "
          "calls: %s" % c)
    check(not w.exists(w.name), "no replica created")
    check_untouched_db()
    # an existing replica with the wrong parameter group: prints the modify
    w.precreate(DBInstanceClass="db.t3.small")
    p = w.recreate(["--dry-run"])
    r = json.loads(p.stdout)
    check(any(x.startswith("ModifyDBInstance DBInstanceIdentifier=%s "
                           "DBParameterGroupName=%s" % (w.name, w.pg))
              for x in r["calls"]), "prints the modify call")
    check(steps(p)["modify"] == "planned", "modify planned")
    c = w.px.counts()
    check(set(c) == {"DescribeDBInstances"}, "still only describes")
    d = w.describe(w.name)
    check(d["DBParameterGroups"][0]["DBParameterGroupName"] != w.pg,
          "parameter group unchanged")
    check_untouched_db()
    w.close()


# Which flow passes through each step: A = fresh replica whose parameters
# read pending-reboot (create, then reboot without modify); B = existing
# replica with the wrong parameter group (modify, then reboot).
KILL_FLOWS = {
    "create": "A", "wait-available": "A", "modify": "B",
    "wait-modified": "B", "wait-pending-reboot": "A", "reboot": "A",
    "wait-in-sync": "A", "reconcile": "A",
}


def kill_after(url, step):
    """Exit right after STEP (as a kill would, no cleanup), then run again:
    it completes, with no second create and no second reboot."""
    reset_databases()
    w = World(url, transitions=True)
    flow = KILL_FLOWS[step]
    if flow == "B":
        w.precreate(DBInstanceClass="db.t3.small")
    w.recreate(exit_after=step, expect=HOOK_EXIT)
    c1 = w.px.counts()
    p = w.recreate()
    r = json.loads(p.stdout)
    check(r["ok"] and r["converged"], "re-run completed and verified")
    c = w.px.counts()
    check(c.get("CreateDBInstanceReadReplica", 0) ==
          (1 if flow == "A" else 0), "create calls: %d"
          % c.get("CreateDBInstanceReadReplica", 0))
    check(c.get("RebootDBInstance", 0) == 1, "exactly one reboot in all")
    check(c.get("ModifyDBInstance", 0) == (1 if flow == "B" else 0),
          "modify calls: %d" % c.get("ModifyDBInstance", 0))
    if c1.get("RebootDBInstance"):
        check(steps(p)["reboot"] == "skipped", "re-run skipped the reboot")
    if step == "reconcile":
        check(steps(p)["reconcile"] == "skipped", "re-run: accounts already "
              "in sync")
    w.close()
    w.check_replica()
    check_reconciled()


def case_kill9_inflight(url):
    """kill -9 while the create is in flight (the proxy holds it 2 s, then
    forwards it: RDS acts though the caller is gone); the re-run finds the
    replica listed and finishes it without creating again."""
    reset_databases()
    w = World(url)
    w.px.script([{"action": "CreateDBInstanceReadReplica", "fault": "slow",
                  "seconds": 2, "times": 1}])
    env = w.env()
    proc = subprocess.Popen([BIN, "recreate-replica", "--primary", w.primary,
                             "--from", w.old_replica, "--name", w.name, "-c",
                             w.conf], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while w.px.n("CreateDBInstanceReadReplica") < 1:
        if time.time() > deadline or proc.poll() is not None:
            proc.kill()
            raise Fail("the create never reached the proxy")
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    check(proc.returncode == -signal.SIGKILL, "killed with SIGKILL "
          "mid-create")
    for _ in range(100):
        if w.exists(w.name):
            break
        time.sleep(0.1)
    check(w.exists(w.name), "the create went through after the kill")
    p = w.recreate()
    check(steps(p)["create"] == "skipped", "re-run: create skipped")
    check(w.px.n("CreateDBInstanceReadReplica") == 1, "one create in all")
    w.close()
    w.check_replica()
    check_reconciled()


def case_compare(url):
    """compare ignores what must differ (names, ARNs, encryption, replica
    source, ...) and reports an injected difference with exit 2."""
    reset_databases()
    w = World(url)
    w.recreate()
    p = w.compare(w.old_replica, w.name, expect=0)
    r = json.loads(p.stdout)
    ign = {d["attribute"] for d in r["ignored"]}
    check(r["equal"] and not r["differences"], "no unexpected difference")
    for a in ("DBInstanceIdentifier", "DBInstanceArn", "StorageEncrypted",
              "KmsKeyId", "ReadReplicaSourceDBInstanceIdentifier",
              "Endpoint.Address"):
        check(a in ign, "%s differs and is ignored" % a)
    check(r["compared"] > 20, "%d attributes compared" % r["compared"])
    # inject: another class and an extra tag on the new replica (moto, not
    # through the tool)
    w.rds.modify_db_instance(DBInstanceIdentifier=w.name,
                             DBInstanceClass="db.t3.medium",
                             ApplyImmediately=True)
    arn = w.describe(w.name)["DBInstanceArn"]
    w.rds.add_tags_to_resource(ResourceName=arn,
                               Tags=[{"Key": "extra", "Value": "1"}])
    p = w.compare(w.old_replica, w.name, expect=2)
    r = json.loads(p.stdout)
    diff = {d["attribute"]: d for d in r["differences"]}
    check(set(diff) == {"DBInstanceClass", "TagList"},
          "reports DBInstanceClass and TagList: %s" % sorted(diff))
    check(diff["DBInstanceClass"]["a"] == "db.t3.small" and
          diff["DBInstanceClass"]["b"] == "db.t3.medium", "with both values")
    w.compare(w.old_replica, w.name, ["--ignore", "DBInstanceClass",
                                      "--ignore", "taglist"], expect=0)
    p = w.compare(w.old_replica, w.name, ["--only", "StorageEncrypted"],
                  expect=2)
    r = json.loads(p.stdout)
    check([d["attribute"] for d in r["differences"]] == ["StorageEncrypted"],
          "--only compares a default-ignored attribute")
    w.compare(w.old_replica, w.name, ["--only", "Engine", "--only",
                                      "DBParameterGroups"], expect=0)
    p = subprocess.run([BIN, "compare", w.name, "--format", "text"],
                       env=w.env(), capture_output=True, text=True)
    check(p.returncode == 64, "one identifier: usage error 64")
    p = w.compare(w.name, "no-such-instance", expect=1)
    check("DBInstanceNotFound" in p.stderr, "unknown instance: exit 1, "
          "named")
    p = subprocess.run([BIN, "compare", w.old_replica, w.name],
                       env=w.env(), capture_output=True, text=True)
    check(p.returncode == 2 and "DBInstanceClass" in p.stdout and
          "db.t3.medium" in p.stdout, "text output names the difference")
    w.close()


def case_postgres(url):
    """PostgreSQL: a read replica is a physical standby holding its
    primary's roles, so the roles the old replica has (from the old
    primary) go to the new primary, which replicates them to the new
    replica; the new replica itself is never written."""
    for which in ("pgold", "pgnew"):
        psql(which, "DROP ROLE IF EXISTS shop_app; DROP ROLE IF EXISTS "
             "readers")
    psql("pgold", "CREATE ROLE readers; CREATE ROLE shop_app LOGIN "
         "PASSWORD 'app-password' CONNECTION LIMIT 5 IN ROLE readers; "
         "ALTER ROLE shop_app SET statement_timeout = '5s'")
    w = World(url, engine="postgres")
    p = w.recreate()
    r = json.loads(p.stdout)
    st = steps(p)
    check(r["ok"] and r["converged"], "ok and converged")
    check(st["create"] == "done" and st["reconcile"] == "done",
          "created, then reconciled")
    check("physical standby" in p.stderr and w.primary in p.stderr,
          "the log says the roles go to the new primary")
    check(r["target_uri"] == pg_uri("pgnew"), "the target is the new "
          "primary's endpoint, not the replica's")
    check(psql("pgnew", "SELECT rolconnlimit FROM pg_roles WHERE rolname = "
               "'shop_app'").strip() == "5", "the new primary has shop_app")
    check(psql("pgnew", "SELECT rolpassword FROM pg_authid WHERE rolname = "
               "'shop_app'") == psql("pgold", "SELECT rolpassword FROM "
                                     "pg_authid WHERE rolname = 'shop_app'"),
          "with its verifier")
    check(psql("pgnew", "SELECT count(*) FROM pg_auth_members m JOIN "
               "pg_roles r ON r.oid = m.roleid WHERE r.rolname = "
               "'readers'").strip() == "1", "and its membership")
    p = run_plain(["plan", "--source", pg_uri("pgold"), "--target",
                   pg_uri("pgnew"), "--include", "shop_app@",
                   "--include", "readers@"])
    check(p.returncode == 0, "a final plan finds nothing to do (exit 0)")
    p = w.recreate(extra=["--dry-run"])
    check(steps(p)["reconcile"] == "skipped", "a dry re-run plans nothing")
    w.close()


def case_shared_config(url):
    """One file for the pair and its re-creation: source/target URIs and
    include for plan, the recreate and endpoints groups for
    recreate-replica and compare. plan reads it (changes: 2),
    recreate-replica reads the same file, does not use its URIs (says
    so) and reconciles; plan then finds nothing (0); compare takes the
    RDS endpoint from the recreate group."""
    reset_databases()
    w = World(url)
    old = server_env("old")["MARIADB_URI"]
    new = server_env("new")["MARIADB_URI"]

    def write_conf(extra=""):
        with open(w.conf, "w") as f:
            f.write('source = { uri = "%s"; connect_timeout = 10; };\n'
                    'target = { uri = "%s"; };\n'
                    'include = [ "shop_app@*", "report@*", "auditor@*" ];\n'
                    'recreate = { primary = "%s"; from = "%s"; name = "%s";\n'
                    '  poll_interval_ms = 50; max_poll_interval_ms = 200;\n'
                    '  wait_timeout = 60; %s};\n'
                    'endpoints = { %s = "%s"; %s = "%s"; };\n'
                    % (old, new, w.primary, w.old_replica, w.name, extra,
                       w.old_replica, old, w.name, new))

    write_conf()
    p = run_plain(["plan", "-c", w.conf])
    check(p.returncode == 2, "plan -c FILE reads the pair: changes (exit 2)")
    check("shop_app" in p.stdout, "and shows the account to create")
    env = w.env()
    p = subprocess.run([BIN, "recreate-replica", "-c", w.conf, "--format",
                        "json", "--log-format", "json"], env=env,
                       capture_output=True, text=True, timeout=240)
    print("$ rdsclone recreate-replica -c FILE -> %d" % p.returncode)
    if p.returncode:
        print(p.stdout + p.stderr)
    check(p.returncode == 0, "recreate-replica -c FILE (names from the "
          "recreate group) exits 0")
    r = json.loads(p.stdout)
    check(r["ok"] and r["converged"], "ok and converged")
    lines = [json.loads(line) for line in p.stderr.splitlines()]
    check(any("uri are not used" in x["msg"] and x["level"] == "info"
              for x in lines), "logs (JSON lines, info) that the file's "
          "URIs are not used")
    check(r["source_uri"] == old and r["target_uri"] == new,
          "the endpoints came from the endpoints group")
    w.check_replica()
    p = run_plain(["plan", "-c", w.conf])
    check(p.returncode == 0, "plan -c FILE afterwards: nothing to do")
    # compare: the RDS endpoint from the file, the environment's closed
    write_conf('endpoint_url = "%s"; region = "%s"; ' % (w.px.url, REGION))
    env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9"
    p = subprocess.run([BIN, "compare", "-c", w.conf, w.old_replica, w.name,
                        "--format", "json"], env=env, capture_output=True,
                       text=True, timeout=60)
    if p.returncode:
        print(p.stdout + p.stderr)
    check(p.returncode == 0 and json.loads(p.stdout)["equal"],
          "compare -c FILE reaches RDS through recreate.endpoint_url")
    w.close()


def case_usage(url):
    """Usage and configuration errors exit 64 / 78 and call nothing."""
    w = World(url)
    env = w.env()
    for args, code in (
            (["recreate-replica", "--primary", "x"], 64),
            (["recreate-replica", "--bogus"], 64),
            (["recreate-replica", "--primary", "a", "--from", "b", "--name",
              "c", "--format", "xml"], 64),
            (["compare", "--format", "sql", "a", "b"], 64)):
        p = subprocess.run([BIN] + args, env=env, capture_output=True,
                           text=True)
        check(p.returncode == code, "%s -> %d" % (" ".join(args), code))
    bad = os.path.join(TMP, "bad.conf")
    with open(bad, "w") as f:
        f.write('recreate = { primary = "a"; bogus = 1; };\n')
    p = subprocess.run([BIN, "recreate-replica", "-c", bad], env=env,
                       capture_output=True, text=True)
    check(p.returncode == 78 and "bad.conf:1" in p.stderr,
          "unknown config key -> 78 naming file and line")
    # the name must not be an existing non-replica instance
    p = subprocess.run([BIN, "recreate-replica", "--primary", w.primary,
                        "--from", w.old_replica, "--name", w.old_primary,
                        "-c", w.conf], env=env, capture_output=True,
                       text=True)
    check(p.returncode == 1 and "not a read replica of" in p.stderr,
          "refuses an existing instance that is not the primary's replica")
    check("RebootDBInstance" not in w.px.counts() and
          "ModifyDBInstance" not in w.px.counts(), "and touches nothing")
    w.close()


CASES = {k[5:]: v for k, v in globals().items() if k.startswith("case_")}
for _s in KILL_FLOWS:
    CASES["kill_after_" + _s.replace("-", "_")] = \
        (lambda s: lambda url: kill_after(url, s))(_s)


def prepare():
    server_env("old")
    server_env("new")


def main():
    return run(CASES, "driver.py", BIN, "RDSCLONE_BIN", prepare)


if __name__ == "__main__":
    sys.exit(main())
