#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""integration.py CASE - rds-shim against a real moto_server (started by the
CTest fixture, see tests/harness/moto_server.sh), with the fault-injecting
proxy (tests/harness/fault_proxy.py) and credential stand-ins
(tests/harness/fault_creds_server.py) in front where a case needs them.

Environment (set by tests/shim/CMakeLists.txt): RDS_SHIM_BIN, MOTO_DIR.
What the RDS tests share (moto, proxy, stand-ins, the runner) is
tests/harness/rds_driver.py. Prerequisites the shim does not implement
(CreateDBInstance, parameter/option groups, VPC security groups) are made
with botocore.
Everything stays on 127.0.0.1: endpoints are overridden and IMDS is disabled
or pointed at a loopback stand-in. Exit 0 pass, 1 fail, 77 skipped.
"""
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "harness"))
from rds_driver import (REGION, TMP, PROCS, Fail, Proxy, aws_env,  # noqa: E402
                        check, client, run, start_py, uid)

BIN = os.environ.get("RDS_SHIM_BIN", "")


def base_env():
    return aws_env()


def shim(args, endpoint, env=None, expect=0, timeout=60):
    e = env if env is not None else base_env()
    cmd = [BIN, "--endpoint-url", endpoint] + args if endpoint else \
        [BIN] + args
    p = subprocess.run(cmd, env=e, capture_output=True, text=True,
                       timeout=timeout)
    print("$ rds-shim %s -> %d" % (" ".join(args), p.returncode))
    if p.stderr:
        print("  stderr: " + p.stderr.strip().replace("\n", "\n  stderr: "))
    if expect is not None and p.returncode != expect:
        raise Fail("exit %d, expected %d: %s" % (p.returncode, expect,
                                                 p.stderr.strip()))
    return p


def out_json(p):
    return json.loads(p.stdout)


def make_source(url, name, engine="mysql", **kw):
    rds = client("rds", url)
    args = dict(DBInstanceIdentifier=name, Engine=engine,
                DBInstanceClass="db.t3.micro", AllocatedStorage=20,
                MasterUsername="admin", MasterUserPassword="password123",
                BackupRetentionPeriod=1)
    args.update(kw)
    rds.create_db_instance(**args)
    return rds


# ---- cases ------------------------------------------------------------

def case_calls(url):
    """Every call and its parameters, checked through a following describe."""
    ec2 = client("ec2", url)
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    sg1 = ec2.create_security_group(GroupName=uid("sg"), Description="a",
                                    VpcId=vpc)["GroupId"]
    sg2 = ec2.create_security_group(GroupName=uid("sg"), Description="b",
                                    VpcId=vpc)["GroupId"]
    src = uid("src")
    rds = make_source(url, src, VpcSecurityGroupIds=[sg1])
    pga, pgb, og = uid("pga"), uid("pgb"), uid("og")
    for pg in (pga, pgb):
        rds.create_db_parameter_group(DBParameterGroupName=pg,
                                      DBParameterGroupFamily="mysql8.0",
                                      Description="t")
    rds.create_option_group(OptionGroupName=og, EngineName="mysql",
                            MajorEngineVersion="8.0",
                            OptionGroupDescription="t")
    rep = uid("rep")
    p = shim(["create-read-replica", "--id", rep, "--source", src,
              "--class", "db.t3.small", "--parameter-group", pgb,
              "--security-groups", "%s,%s" % (sg1, sg2),
              "--kms-key", "alias/replica-key",
              "--tag", "env=prod", "--tag", "cost center=R&D / ops+1 \u00fc",
              "--availability-zone", "us-east-1b", "--port", "3307",
              "--storage-type", "io1", "--iops", "1000",
              "--option-group", og, "--monitoring-interval", "60",
              "--monitoring-role-arn", "arn:aws:iam::123456789012:role/mon",
              "--performance-insights", "--performance-insights-kms-key",
              "alias/pi", "--cloudwatch-logs-exports", "error,slowquery",
              "--no-auto-minor-version-upgrade", "--publicly-accessible",
              "--copy-tags-to-snapshot", "--deletion-protection",
              "--iam-auth"], url)
    d = out_json(p)["DBInstance"]
    check(d["DBInstanceIdentifier"] == rep, "create output id")
    d = out_json(shim(["describe", "--id", rep], url))["DBInstances"][0]
    exp = {"DBInstanceClass": "db.t3.small",
           "ReadReplicaSourceDBInstanceIdentifier": src,
           "AvailabilityZone": "us-east-1b", "StorageType": "io1",
           "Iops": 1000, "MonitoringInterval": 60,
           "MonitoringRoleArn": "arn:aws:iam::123456789012:role/mon",
           "PerformanceInsightsEnabled": True,
           "PerformanceInsightsKMSKeyId": "alias/pi",
           "AutoMinorVersionUpgrade": False, "PubliclyAccessible": True,
           "CopyTagsToSnapshot": True, "DeletionProtection": True,
           "IAMDatabaseAuthenticationEnabled": True}
    moto_ignores = []
    for k, v in exp.items():
        if d.get(k) != v:
            moto_ignores.append("%s=%r (got %r)" % (k, v, d.get(k)))
    check(d["DBParameterGroups"][0]["DBParameterGroupName"] == pgb, "pg")
    check(sorted(g["VpcSecurityGroupId"] for g in d["VpcSecurityGroups"])
          == sorted([sg1, sg2]), "security groups %r" %
          d["VpcSecurityGroups"])
    tags = {t["Key"]: t["Value"] for t in d["TagList"]}
    check(tags.get("env") == "prod", "tag env")
    check(tags.get("cost center") == "R&D / ops+1 \u00fc", "utf-8 tag")
    for k in ("KmsKeyId", "Endpoint", "EnabledCloudwatchLogsExports",
              "OptionGroupMemberships"):
        print("  %s: %r" % (k, d.get(k)))
    if d.get("OptionGroupMemberships"):
        if d["OptionGroupMemberships"][0]["OptionGroupName"] != og:
            moto_ignores.append("OptionGroupName")
    if d.get("EnabledCloudwatchLogsExports") != ["error", "slowquery"]:
        moto_ignores.append("EnableCloudwatchLogsExports")
    if (d.get("Endpoint") or {}).get("Port") != 3307:
        moto_ignores.append("Port")
    if d.get("KmsKeyId") != "alias/replica-key":
        moto_ignores.append("KmsKeyId")
    print("  moto does not reflect: %s" % (", ".join(moto_ignores) or
                                           "nothing"))
    # the core of what the re-creation copies must round-trip
    for must in ("DBInstanceClass", "ReadReplicaSourceDBInstanceIdentifier",
                 "AvailabilityZone", "StorageType", "Iops"):
        check(d.get(must) == exp[must], "%s: %r" % (must, d.get(must)))

    # modify, then describe
    p = shim(["modify", "--id", rep, "--parameter-group", pga,
              "--security-groups", sg1, "--apply-immediately",
              "--class", "db.t3.medium"], url)
    d = out_json(shim(["describe", "--id", rep], url))["DBInstances"][0]
    check(d["DBParameterGroups"][0]["DBParameterGroupName"] == pga,
          "modified parameter group")
    check([g["VpcSecurityGroupId"] for g in d["VpcSecurityGroups"]] == [sg1],
          "modified security groups")
    check(d["DBInstanceClass"] == "db.t3.medium", "modified class")

    # reboot with failover
    d = out_json(shim(["reboot", "--id", rep, "--force-failover"],
                      url))["DBInstance"]
    check(d["DBInstanceIdentifier"] == rep, "reboot output")

    # --from copies the old replica's attributes; explicit flags win
    rep2 = uid("rep2")
    d = out_json(shim(["create-read-replica", "--id", rep2, "--source", src,
                       "--from", rep, "--class", "db.t3.large"],
                      url))["DBInstance"]
    d = out_json(shim(["describe", "--id", rep2], url))["DBInstances"][0]
    check(d["DBInstanceClass"] == "db.t3.large", "explicit class wins")
    check(d["DBParameterGroups"][0]["DBParameterGroupName"] == pga,
          "--from parameter group")
    check([g["VpcSecurityGroupId"] for g in d["VpcSecurityGroups"]] == [sg1],
          "--from security groups")
    check(d["AvailabilityZone"] == "us-east-1b", "--from AZ")
    check({t["Key"]: t["Value"] for t in d["TagList"]}.get("env") == "prod",
          "--from tags")
    # an availability zone with Multi-AZ is refused before any request
    p = shim(["create-read-replica", "--id", uid("maz"), "--source", src,
              "--multi-az", "--availability-zone", "us-east-1a"], url,
             expect=64)
    check("Multi-AZ" in p.stderr, p.stderr)
    # waits that are already satisfied return at once
    shim(["wait", "--id", rep2, "--until", "in-sync", "--timeout", "5"], url)
    shim(["wait", "--id", "gone-" + rep2, "--until", "deleted",
          "--timeout", "5"], url)
    # IAM token: the presigned connect URL, no scheme
    p = shim(["auth-token", "--host", "db.example.com", "--port", "3306",
              "--user", "iam_user+ro@app"], url)
    tok = p.stdout.strip()
    check(tok.startswith("db.example.com:3306/?Action=connect&DBUser="
                         "iam_user%2Bro%40app&X-Amz-Algorithm="), tok)
    check("%2Frds-db%2Faws4_request" in tok and "X-Amz-Expires=900" in tok
          and re.search(r"X-Amz-Signature=[0-9a-f]{64}$", tok), tok)


def case_pagination(url):
    prefix = uid("page")
    names = ["%s-%d" % (prefix, i) for i in range(7)]
    for n in names:
        make_source(url, n)
    px = Proxy(url, [])
    d = out_json(shim(["describe", "--page-size", "3"], px.url))
    ids = [i["DBInstanceIdentifier"] for i in d["DBInstances"]]
    check(len(ids) == len(set(ids)), "no duplicates across pages")
    check(all(n in ids for n in names), "all instances across pages")
    pages = px.n("DescribeDBInstances")
    print("  %d instances in %d pages" % (len(ids), pages))
    check(pages >= (len(ids) + 2) // 3, "paged with MaxRecords=3")


def case_errors(url):
    p = shim(["describe", "--id", "does-not-exist"], url, expect=1)
    check("DBInstanceNotFound" in p.stderr, "code in message")
    check(re.search(r"request id [A-Za-z0-9-]{10,}", p.stderr),
          "request id in message")
    check(p.stdout == "", "nothing on stdout")
    p = shim(["modify", "--id", "does-not-exist", "--apply-immediately"],
             url, expect=1)
    check("DBInstanceNotFound" in p.stderr, "modify error")
    # DBInstanceAlreadyExists on a first attempt is an error, even when the
    # existing instance would match (only a retried create is forgiven)
    src = uid("dup")
    make_source(url, src)
    rep = uid("duprep")
    shim(["create-read-replica", "--id", rep, "--source", src], url)
    px = Proxy(url, [{"action": "CreateDBInstanceReadReplica",
                            "fault": "exists", "times": 1}])
    p = shim(["create-read-replica", "--id", rep, "--source", src], px.url,
             expect=1)
    check("DBInstanceAlreadyExists" in p.stderr, "first-try exists fails")
    check(px.n("CreateDBInstanceReadReplica") == 1, "not retried")
    # configuration errors: 78; usage errors: 64
    env = base_env()
    del env["AWS_ACCESS_KEY_ID"]
    del env["AWS_SECRET_ACCESS_KEY"]
    p = shim(["describe"], url, env=env, expect=78)
    for s in ("environment", "profile", "web identity", "container",
              "EC2 instance metadata"):
        check(s in p.stderr, "sources tried: " + s)
    p = shim(["--region", "atlantis", "describe"], url, expect=78)
    check("unknown AWS region" in p.stderr, "unknown region")
    env = base_env()
    del env["AWS_REGION"]
    p = shim(["describe"], url, env=env, expect=78)
    check("no AWS region" in p.stderr, "no region")
    shim(["frobnicate"], url, expect=64)
    shim(["wait", "--id", "x"], url, expect=64)
    shim(["wait", "--id", "x", "--until", "sleeping"], url, expect=64)
    shim(["describe", "--page-size", "many"], url, expect=64)
    shim(["--help"], None, expect=0)
    p = shim(["--version"], None, expect=0)
    check(p.stdout.startswith("rds-shim "), "version")
    p = shim(["-V"], None, expect=0)
    check(p.stdout.startswith("rds-shim "), "-V prints the version")
    if os.path.exists("/dev/full"):
        with open("/dev/full", "w") as full:
            p = subprocess.run([BIN, "-V"], stdout=full, text=True,
                               stderr=subprocess.PIPE, env=base_env())
        check(p.returncode == 1 and "standard output" in p.stderr,
              "a result that cannot be written: exit 1, said so")
    # no abbreviations; global options after the command; every usage
    # error names the word and exits 64
    p = shim(["--reg", "x", "describe"], url, expect=64)
    check("unknown option or missing command: --reg" in p.stderr, p.stderr)
    p = shim(["describe", "--bogus"], url, expect=64)
    check("unknown option for this command: --bogus" in p.stderr, p.stderr)
    p = shim(["describe", "--page-size"], url, expect=64)
    check("option needs a value: --page-size" in p.stderr, p.stderr)
    shim(["reboot", "--id", "x", "--force-failover=1"], url, expect=64)
    shim(["describe", "--id", "does-not-exist", "--max-attempts=1"], url,
         expect=1)
    # the secret never shows, even at the most verbose level
    p = shim(["-vv", "describe", "--id", "does-not-exist"], url, expect=1)
    check("testing" not in p.stderr.replace("AKIDTESTING", ""),
          "secret key not logged")
    check("Signature=" not in p.stderr, "signature not logged")


def case_retry_throttle(url):
    src = uid("thr")
    make_source(url, src)
    px = Proxy(url, [{"action": "DescribeDBInstances",
                            "fault": "throttle", "times": 2}])
    d = out_json(shim(["describe", "--id", src], px.url))
    check(d["DBInstances"][0]["DBInstanceIdentifier"] == src, "result")
    check(px.n("DescribeDBInstances") == 3, "3 attempts")
    # ThrottlingException and RequestLimitExceeded are throttles too
    px.script([{"fault": "throttle", "code": "ThrottlingException",
                "times": 1},
               {"fault": "throttle", "code": "RequestLimitExceeded",
                "times": 1}])
    shim(["describe", "--id", src], px.url)
    check(px.n("DescribeDBInstances") == 6, "other throttle codes retried")


def case_retry_cap(url):
    src = uid("cap")
    make_source(url, src)
    px = Proxy(url, [{"fault": "throttle", "times": -1}])
    p = shim(["--max-attempts", "2", "describe", "--id", src], px.url,
             expect=1)
    check("Throttling" in p.stderr and "2 attempts" in p.stderr, p.stderr)
    check(px.n("DescribeDBInstances") == 2, "option caps attempts")
    env = base_env()
    env["AWS_MAX_ATTEMPTS"] = "4"
    shim(["describe", "--id", src], px.url, env=env, expect=1)
    check(px.n("DescribeDBInstances") == 6, "AWS_MAX_ATTEMPTS=4")
    cfg = os.path.join(TMP, "cfg-attempts")
    with open(cfg, "w") as f:
        f.write("[default]\nmax_attempts = 1\n")
    env = base_env()
    env["AWS_CONFIG_FILE"] = cfg
    shim(["describe", "--id", src], px.url, env=env, expect=1)
    check(px.n("DescribeDBInstances") == 7, "profile max_attempts=1")
    shim(["describe", "--id", src], px.url, expect=1)
    check(px.n("DescribeDBInstances") == 10, "default 3 attempts")
    # non-retryable errors are not retried
    px.script([])
    shim(["describe", "--id", "nope-" + src], px.url, expect=1)
    check(px.n("DescribeDBInstances") == 11, "404 not retried")


def case_retry_5xx(url):
    src = uid("fivexx")
    make_source(url, src)
    px = Proxy(url, [{"fault": "status", "status": 500, "times": 1},
                           {"fault": "html503", "times": 1}])
    shim(["describe", "--id", src], px.url)
    check(px.n("DescribeDBInstances") == 3, "500 and 503 retried")
    px.script([{"fault": "html503", "times": -1}])
    p = shim(["describe", "--id", src], px.url, expect=1)
    check("HTTP 503" in p.stderr and "3 attempts" in p.stderr, p.stderr)


def case_bad_body(url):
    src = uid("body")
    make_source(url, src)
    # body shorter than Content-Length, connection closed: transport error,
    # retried
    px = Proxy(url, [{"fault": "truncate", "times": 1}])
    shim(["describe", "--id", src], px.url)
    check(px.n("DescribeDBInstances") == 2, "truncated transfer retried")
    px.script([{"fault": "truncate", "times": -1}])
    p = shim(["describe", "--id", src], px.url, expect=1)
    check("after 3 attempts" in p.stderr, p.stderr)
    # a complete 200 whose XML is cut: malformed, reported, not a crash
    px.script([{"fault": "malformed", "times": 1}])
    p = shim(["describe", "--id", src], px.url, expect=1)
    check("malformed response" in p.stderr, p.stderr)
    # connection cut before any answer: retried
    px.script([{"fault": "cut", "times": 1}])
    c0 = px.n("DescribeDBInstances")
    shim(["describe", "--id", src], px.url)
    check(px.n("DescribeDBInstances") - c0 == 2, "cut connection retried")


def case_timeout(url):
    src = uid("slow")
    make_source(url, src)
    # each answer held 20 s: two attempts without the read timeout would
    # take 40 s, so a bound of 20 shows the timeout on a loaded machine
    px = Proxy(url, [{"fault": "slow", "seconds": 20, "times": -1}])
    t0 = time.time()
    p = shim(["--cli-read-timeout", "1", "--max-attempts", "2", "describe",
              "--id", src], px.url, expect=1)
    el = time.time() - t0
    check("timed out" in p.stderr.lower() or "timeout" in p.stderr.lower(),
          p.stderr)
    check(el < 20, "total timeout honoured (%.1f s)" % el)
    check(px.n("DescribeDBInstances") == 2, "timeouts retried up to cap")
    px.script([{"fault": "slow", "seconds": 2, "times": 1}])
    shim(["--cli-read-timeout", "1", "describe", "--id", src], px.url)


def case_create_lost(url):
    """A create whose answer was lost: the retry meets
    DBInstanceAlreadyExists, which becomes success after a describe."""
    src = uid("lost")
    make_source(url, src)
    rep = uid("lostrep")
    # the first attempt reaches moto (which creates the replica) but its
    # answer is lost; the retry is told DBInstanceAlreadyExists (injected:
    # moto itself would silently overwrite)
    px = Proxy(url, [{"action": "CreateDBInstanceReadReplica",
                            "fault": "forward_then_cut", "times": 1},
                           {"action": "CreateDBInstanceReadReplica",
                            "fault": "exists", "times": 1}])
    p = shim(["-v", "create-read-replica", "--id", rep, "--source", src,
              "--class", "db.t3.micro"], px.url)
    d = out_json(p)["DBInstance"]
    check(d["DBInstanceIdentifier"] == rep, "success output")
    check(d["ReadReplicaSourceDBInstanceIdentifier"] == src, "is ours")
    check(px.n("CreateDBInstanceReadReplica") == 2, "retried once")
    check(px.n("DescribeDBInstances") == 1, "checked with a describe")
    check("retried create succeeded" in p.stderr, p.stderr)
    # same, but the class asked differs from what exists: an error
    rep2 = uid("lostrep2")
    px.script([{"action": "CreateDBInstanceReadReplica",
                "fault": "forward_then_cut", "times": 1},
               {"action": "CreateDBInstanceReadReplica",
                "fault": "exists", "times": 1}])
    shim(["create-read-replica", "--id", rep2, "--source", src, "--class",
          "db.t3.micro"], px.url)
    px.script([{"action": "CreateDBInstanceReadReplica",
                "fault": "status", "status": 500, "times": 1},
               {"action": "CreateDBInstanceReadReplica",
                "fault": "exists", "times": 1}])
    p = shim(["create-read-replica", "--id", rep2, "--source", src,
              "--class", "db.t3.large"], px.url, expect=1)
    check("DBInstanceAlreadyExists" in p.stderr, p.stderr)
    # but an instance that exists and is not what was asked stays an error
    other = uid("other")
    make_source(url, other)
    rep3 = uid("lostrep3")
    make_source(url, rep3)       # a non-replica squatting on the id
    px.script([{"action": "CreateDBInstanceReadReplica",
                "fault": "status", "status": 500, "times": 1},
               {"action": "CreateDBInstanceReadReplica",
                "fault": "exists", "times": 1}])
    p = shim(["create-read-replica", "--id", rep3, "--source", other],
             px.url, expect=1)
    check("DBInstanceAlreadyExists" in p.stderr, p.stderr)


def case_waiter_transitions(url):
    src = uid("wt")
    make_source(url, src)
    px = Proxy(url, [
        {"action": "DescribeDBInstances", "fault": "rewrite",
         "status": "modifying", "apply": "applying", "times": 2},
        {"action": "DescribeDBInstances", "fault": "rewrite",
         "status": "available", "apply": "pending-reboot", "times": 2}])
    p = shim(["wait", "--id", src, "--until", "in-sync", "--timeout", "30",
              "--poll-interval", "100"], px.url)
    check(px.n("DescribeDBInstances") == 5, "followed 4 transitions")
    for s in ("modifying", "pending-reboot", "in-sync"):
        check(s in p.stderr, "progress shows " + s)
    d = out_json(p)["DBInstance"]
    check(d["DBParameterGroups"][0]["ParameterApplyStatus"] == "in-sync",
          "final state")
    # pending-reboot target accepts pending-reboot (and in-sync)
    px.script([
        {"action": "DescribeDBInstances", "fault": "rewrite",
         "status": "modifying", "times": 1},
        {"action": "DescribeDBInstances", "fault": "rewrite",
         "apply": "applying", "times": 1},
        {"action": "DescribeDBInstances", "fault": "rewrite",
         "apply": "pending-reboot", "times": -1}])
    c0 = px.n("DescribeDBInstances")
    shim(["wait", "--id", src, "--until", "pending-reboot", "--timeout",
          "30", "--poll-interval", "100"], px.url)
    check(px.n("DescribeDBInstances") - c0 == 3, "pending-reboot reached")
    # after a reboot: available before in-sync
    px.script([
        {"action": "DescribeDBInstances", "fault": "rewrite",
         "status": "rebooting", "apply": "pending-reboot", "times": 1},
        {"action": "DescribeDBInstances", "fault": "rewrite",
         "status": "available", "apply": "pending-reboot", "times": 1}])
    c0 = px.n("DescribeDBInstances")
    shim(["wait", "--id", src, "--until", "in-sync", "--timeout", "30",
          "--poll-interval", "100"], px.url)
    check(px.n("DescribeDBInstances") - c0 == 3, "waited past available")
    # "available" is reached as soon as the status says so
    px.script([{"action": "DescribeDBInstances", "fault": "rewrite",
                "status": "backing-up", "times": 1}])
    c0 = px.n("DescribeDBInstances")
    shim(["wait", "--id", src, "--until", "available", "--poll-interval",
          "100"], px.url)
    check(px.n("DescribeDBInstances") - c0 == 2, "available")


def case_waiter_deadline(url):
    src = uid("wd")
    make_source(url, src)
    px = Proxy(url, [{"action": "DescribeDBInstances",
                            "fault": "rewrite", "status": "modifying",
                            "times": -1}])
    t0 = time.time()
    p = shim(["wait", "--id", src, "--until", "available", "--timeout", "2",
              "--poll-interval", "200", "--max-poll-interval", "500"],
             px.url, expect=1)
    el = time.time() - t0
    check("deadline" in p.stderr and "last status: modifying" in p.stderr,
          p.stderr)
    # at least the deadline; far less than "never" (the rewrite is
    # forever): a bound loose enough for a loaded machine
    check(1.9 < el < 30, "deadline honoured (%.1f s)" % el)
    n = px.n("DescribeDBInstances")
    check(3 <= n <= 12, "polled with a growing interval (%d polls)" % n)
    # terminal status: stops at once
    px.script([{"action": "DescribeDBInstances", "fault": "rewrite",
                "status": "incompatible-parameters", "times": -1}])
    c0 = px.n("DescribeDBInstances")
    p = shim(["wait", "--id", src, "--until", "available", "--timeout",
              "60"], px.url, expect=1)
    check("incompatible-parameters" in p.stderr, p.stderr)
    check(px.n("DescribeDBInstances") - c0 == 1,
          "terminal status stops at once (one describe)")
    px.script([{"action": "DescribeDBInstances", "fault": "rewrite",
                "apply": "failed-to-apply", "times": -1}])
    p = shim(["wait", "--id", src, "--until", "in-sync", "--timeout", "60"],
             px.url, expect=1)
    check("failed-to-apply" in p.stderr, p.stderr)
    # waiting for deletion of an instance that stays: deadline
    px.script([])
    p = shim(["wait", "--id", src, "--until", "deleted", "--timeout", "1",
              "--poll-interval", "200"], px.url, expect=1)
    check("last status: available" in p.stderr, p.stderr)
    # deleted while waiting
    rds = client("rds", url)
    victim = uid("victim")
    make_source(url, victim)
    proc = subprocess.Popen([BIN, "--endpoint-url", url, "wait", "--id",
                             victim, "--until", "deleted", "--timeout", "20",
                             "--poll-interval", "200"], env=base_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    PROCS.append(proc)
    time.sleep(0.7)
    rds.delete_db_instance(DBInstanceIdentifier=victim,
                           SkipFinalSnapshot=True)
    check(proc.wait(20) == 0, "deleted while waiting")


def case_creds_imds(url):
    px = Proxy(url, [])
    log = os.path.join(TMP, "imds.log")
    ep = start_py("fault_creds_server.py", ["--mode", "imds", "--log", log,
                                            "--akid", "ASIAIMDSSTANDIN"])
    env = base_env()
    del env["AWS_ACCESS_KEY_ID"]
    del env["AWS_SECRET_ACCESS_KEY"]
    env["AWS_EC2_METADATA_DISABLED"] = "false"
    env["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = ep
    p = shim(["-v", "describe"], px.url, env=env)
    check("ASIAIMDSSTANDIN" in px.state()["keys"], "IMDS credentials used")
    lines = open(log).read().split()
    check(lines[0:3] == ["PUT", "/latest/api/token", "200"], "token first")
    check("/latest/meta-data/iam/security-credentials/shim-test-role"
          in lines, "role credentials fetched")
    check("standin-secret" not in p.stderr and "standin-token" not in
          p.stderr, "secrets not logged")
    # credentials near expiry are refreshed before use: with a lifetime
    # inside the refresh window every call fetches again
    log2 = os.path.join(TMP, "imds2.log")
    ep2 = start_py("fault_creds_server.py", ["--mode", "imds", "--log", log2,
                                             "--expires-in", "120"])
    env["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = ep2
    px.script([{"fault": "throttle", "times": 1}])
    shim(["describe"], px.url, env=env)
    n = open(log2).read().count("PUT /latest/api/token")
    check(n == 2, "refreshed before the retry (%d token fetches)" % n)


def case_creds_ecs(url):
    px = Proxy(url, [])
    log = os.path.join(TMP, "ecs.log")
    ep = start_py("fault_creds_server.py", ["--mode", "ecs", "--log", log,
                                            "--akid", "ASIAECSSTANDIN",
                                            "--auth", "Bearer s3cr3t"])
    tokfile = os.path.join(TMP, "ecs-token")
    with open(tokfile, "w") as f:
        f.write("Bearer s3cr3t\n")
    env = base_env()
    del env["AWS_ACCESS_KEY_ID"]
    del env["AWS_SECRET_ACCESS_KEY"]
    env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = ep + "/v2/credentials/x"
    env["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = tokfile
    shim(["describe"], px.url, env=env)
    check("ASIAECSSTANDIN" in px.state()["keys"], "ECS credentials used")
    del env["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"]
    env["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "Bearer wrong"
    p = shim(["describe"], px.url, env=env, expect=78)
    check("HTTP 403" in p.stderr, p.stderr)
    env["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://192.0.2.1/creds"
    p = shim(["describe"], px.url, env=env, expect=78)
    check("loopback" in p.stderr, "non-loopback http refused")


def case_creds_web_identity(url):
    px = Proxy(url, [])
    tok = os.path.join(TMP, "jwt")
    with open(tok, "w") as f:
        f.write("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0.\n")
    env = base_env()
    del env["AWS_ACCESS_KEY_ID"]
    del env["AWS_SECRET_ACCESS_KEY"]
    env["AWS_WEB_IDENTITY_TOKEN_FILE"] = tok
    env["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/shim-web"
    env["AWS_ENDPOINT_URL_STS"] = url
    p = shim(["-v", "describe"], px.url, env=env)
    keys = px.state()["keys"]
    check(keys and keys[0].startswith("ASIA"), "STS credentials used: %r"
          % keys)
    check("web identity" in p.stderr, "source logged")
    env["AWS_WEB_IDENTITY_TOKEN_FILE"] = os.path.join(TMP, "missing-jwt")
    p = shim(["describe"], px.url, env=env, expect=78)
    check("token file" in p.stderr, p.stderr)


def case_creds_profile(url):
    px = Proxy(url, [])
    cred = os.path.join(TMP, "credentials")
    cfg = os.path.join(TMP, "config")
    with open(cred, "w") as f:
        f.write("[default]\naws_access_key_id=AKIDDEFAULTPROF\n"
                "aws_secret_access_key=x\n[ops]\n"
                "aws_access_key_id = AKIDOPSPROFILE\n"
                "aws_secret_access_key = y\n")
    with open(cfg, "w") as f:
        f.write("[profile ops]\nregion = eu-west-1\n")
    env = base_env()
    for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"):
        del env[k]
    env["AWS_SHARED_CREDENTIALS_FILE"] = cred
    env["AWS_CONFIG_FILE"] = cfg
    env["AWS_PROFILE"] = "ops"
    shim(["describe"], px.url, env=env)
    check(px.state()["keys"] == ["AKIDOPSPROFILE"], "profile keys")
    del env["AWS_PROFILE"]
    env["AWS_REGION"] = REGION
    shim(["describe"], px.url, env=env)
    check("AKIDDEFAULTPROF" in px.state()["keys"], "default profile")
    p = shim(["--profile", "ghost", "describe"], px.url, env=env, expect=78)
    check("ghost" in p.stderr, p.stderr)
    # endpoint from AWS_ENDPOINT_URL_RDS, then AWS_ENDPOINT_URL
    env["AWS_ENDPOINT_URL_RDS"] = px.url
    env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9"
    shim(["describe"], None, env=env)
    del env["AWS_ENDPOINT_URL_RDS"]
    env["AWS_ENDPOINT_URL"] = px.url
    shim(["describe"], None, env=env)


# ---- snapshots, restore, rename (issue 16) --------------------------------

def kms_key(url):
    """A KMS key made through moto's KMS (boto3's kms client's calls)."""
    return client("kms", url).create_key(
        Description="rdsclone test")["KeyMetadata"]["Arn"]


def tag_map(d):
    return {t["Key"]: t["Value"] for t in d.get("TagList", [])}


def case_snapshots(url):
    """Snapshot, encrypted copy, wait, restore with --from, add-tags, each
    checked through a following describe."""
    key = kms_key(url)
    src = uid("enc")
    rds = make_source(url, src, StorageType="gp3", Port=3307,
                      Tags=[{"Key": "env", "Value": "prod"}],
                      DeletionProtection=False, MultiAZ=False,
                      AvailabilityZone="us-east-1b",
                      EnableIAMDatabaseAuthentication=True,
                      CopyTagsToSnapshot=True)
    pg = uid("pg")
    rds.create_db_parameter_group(DBParameterGroupName=pg,
                                  DBParameterGroupFamily="mysql8.0",
                                  Description="t")
    rds.modify_db_instance(DBInstanceIdentifier=src, DBParameterGroupName=pg,
                           ApplyImmediately=True)
    snap, copy = uid("snap"), uid("snapkms")
    d = out_json(shim(["create-snapshot", "--id", src, "--snapshot", snap,
                       "--tag", "rdsclone:encrypt-of=" + src], url))
    d = d["DBSnapshot"]
    check(d["DBSnapshotIdentifier"] == snap and
          d["DBInstanceIdentifier"] == src, "create-snapshot output")
    check(d["Encrypted"] is False, "source snapshot not encrypted")
    d = out_json(shim(["describe-snapshots", "--snapshot", snap],
                      url))["DBSnapshots"]
    check(len(d) == 1 and tag_map(d[0]) == {"rdsclone:encrypt-of": src},
          "tag set at creation: %r" % d)
    check(d[0]["SnapshotType"] == "manual" and d[0]["Engine"] == "mysql"
          and d[0]["DBSnapshotArn"].endswith(":snapshot:" + snap),
          "snapshot members %r" % d[0])
    d = out_json(shim(["copy-snapshot", "--source", snap, "--target", copy,
                       "--kms-key", key, "--copy-tags"], url))["DBSnapshot"]
    check(d["Encrypted"] is True and d["KmsKeyId"] == key,
          "encrypted copy %r" % d)
    check(tag_map(d).get("rdsclone:encrypt-of") == src, "--copy-tags")
    d = out_json(shim(["wait-snapshot", "--snapshot", copy, "--until",
                       "available", "--timeout", "10"], url))["DBSnapshot"]
    check(d["Status"] == "available", "wait-snapshot")
    lst = out_json(shim(["describe-snapshots", "--id", src], url))
    ids = [x["DBSnapshotIdentifier"] for x in lst["DBSnapshots"]]
    check(snap in ids and copy in ids, "snapshots of the instance %r" % ids)
    # restore with the old instance's attributes, one flag overriding
    new = src + "-encrypted"
    d = out_json(shim(["restore", "--id", new, "--snapshot", copy,
                       "--from", src, "--port", "3308", "--ca-certificate",
                       "rds-ca-rsa4096-g1", "--tag", "rdsclone:encrypt-of="
                       + src, "--tag", "env=prod"], url))["DBInstance"]
    check(d["DBInstanceIdentifier"] == new, "restore output")
    d = out_json(shim(["describe", "--id", new], url))["DBInstances"][0]
    old = out_json(shim(["describe", "--id", src], url))["DBInstances"][0]
    check(d["StorageEncrypted"] is True and d["KmsKeyId"] == key,
          "restored instance encrypted with the key: %r" % d.get("KmsKeyId"))
    check(d["Endpoint"]["Port"] == 3308, "explicit --port wins")
    check(d["CACertificateIdentifier"] == "rds-ca-rsa4096-g1",
          "--ca-certificate")
    for k in ("DBInstanceClass", "StorageType", "AvailabilityZone",
              "MultiAZ", "PubliclyAccessible", "AutoMinorVersionUpgrade",
              "IAMDatabaseAuthenticationEnabled", "CopyTagsToSnapshot",
              "DeletionProtection"):
        check(d.get(k) == old.get(k), "--from %s: %r vs %r" % (k, d.get(k),
                                                             old.get(k)))
    check(d["DBParameterGroups"][0]["DBParameterGroupName"] == pg,
          "--from parameter group")
    check([g["VpcSecurityGroupId"] for g in d["VpcSecurityGroups"]] ==
          [g["VpcSecurityGroupId"] for g in old["VpcSecurityGroups"]],
          "--from security groups")
    check(tag_map(d) == {"rdsclone:encrypt-of": src, "env": "prod"},
          "restore tags %r" % d.get("TagList"))
    # AddTagsToResource on the restored instance's ARN
    shim(["add-tags", "--arn", d["DBInstanceArn"], "--tag", "stage=swap"],
         url)
    tags = client("rds", url).list_tags_for_resource(
        ResourceName=d["DBInstanceArn"])["TagList"]
    check({"Key": "stage", "Value": "swap"} in tags, "add-tags %r" % tags)
    # errors and usage
    p = shim(["describe-snapshots", "--snapshot", "nope-" + snap], url,
             expect=1)
    check("DBSnapshotNotFound" in p.stderr and "HTTP 404" in p.stderr,
          p.stderr)
    shim(["wait-snapshot", "--snapshot", "nope-" + snap, "--until",
          "deleted", "--timeout", "5"], url)
    p = shim(["restore", "--id", uid("r"), "--snapshot", "nope-" + snap],
             url, expect=1)
    check("DBSnapshotNotFound" in p.stderr, p.stderr)
    for args in (["copy-snapshot", "--source", snap, "--target", "x"],
                 ["wait-snapshot", "--snapshot", snap, "--until",
                  "in-sync"],
                 ["create-snapshot", "--id", src],
                 ["add-tags", "--arn", "arn:x"],
                 ["restore", "--id", "x", "--snapshot", snap,
                  "--monitoring-interval", "60"],
                 ["describe-snapshots", "--id", src, "--snapshot", snap]):
        shim(args, url, expect=64)


def case_snapshot_pages(url):
    """Marker pagination of DescribeDBSnapshots (the proxy pages moto's
    answer: moto ignores MaxRecords for snapshots)."""
    src = uid("pages")
    make_source(url, src)
    names = [uid("p%d" % i) for i in range(7)]
    px = Proxy(url, [])
    px.modes(snapshot_page_size=3)
    for n in names:
        shim(["create-snapshot", "--id", src, "--snapshot", n], px.url)
    c0 = px.n("DescribeDBSnapshots")
    d = out_json(shim(["describe-snapshots", "--id", src, "--page-size",
                       "20"], px.url))
    ids = [x["DBSnapshotIdentifier"] for x in d["DBSnapshots"]]
    check(all(n in ids for n in names), "every snapshot across pages")
    check(len(ids) == len(set(ids)), "no duplicates across pages")
    check(px.n("DescribeDBSnapshots") - c0 == 3, "3 pages of 3 for 8")
    # every snapshot of the account
    d = out_json(shim(["describe-snapshots"], px.url))
    check(all(n in [x["DBSnapshotIdentifier"] for x in d["DBSnapshots"]]
              for n in names), "all snapshots")


def case_snapshot_waiter(url):
    """creating for a while (proxy), then available; restore refused
    meanwhile; terminal statuses and the deadline."""
    src = uid("sw")
    make_source(url, src)
    px = Proxy(url, [])
    px.modes(snapshot_creating_s=1.5)
    snap = uid("snap")
    d = out_json(shim(["create-snapshot", "--id", src, "--snapshot", snap],
                      px.url))["DBSnapshot"]
    check(d["Status"] == "creating", "created snapshot reads creating")
    d = out_json(shim(["describe-snapshots", "--snapshot", snap],
                      px.url))["DBSnapshots"][0]
    check(d["Status"] == "creating" and 0 <= d["PercentProgress"] < 100,
          "creating with progress %r" % d)
    p = shim(["restore", "--id", uid("r"), "--snapshot", snap], px.url,
             expect=1)
    check("InvalidDBSnapshotState" in p.stderr, p.stderr)
    c0 = px.n("DescribeDBSnapshots")
    t0 = time.time()
    p = shim(["wait-snapshot", "--snapshot", snap, "--until", "available",
              "--timeout", "30", "--poll-interval", "200"], px.url)
    check(time.time() - t0 > 0.5, "waited while creating")
    check(px.n("DescribeDBSnapshots") - c0 >= 3, "polled several times")
    check("creating" in p.stderr and "available" in p.stderr,
          "progress shows the statuses: " + p.stderr)
    check(out_json(p)["DBSnapshot"]["Status"] == "available", "available")
    # the deadline names the last status
    slow = uid("slow")
    px.modes(snapshot_creating_s=60)
    shim(["create-snapshot", "--id", src, "--snapshot", slow], px.url)
    t0 = time.time()
    p = shim(["wait-snapshot", "--snapshot", slow, "--until", "available",
              "--timeout", "1", "--poll-interval", "200"], px.url, expect=1)
    check("deadline" in p.stderr and "last status: creating" in p.stderr,
          p.stderr)
    check(time.time() - t0 < 30, "deadline honoured (1 s, not the 60 s "
          "the snapshot takes)")
    # terminal statuses stop at once
    for st in ("failed", "incompatible-restore"):
        px.script([{"action": "DescribeDBSnapshots", "fault": "rewrite",
                    "snapshot_status": st, "times": -1}])
        c0 = px.n("DescribeDBSnapshots")
        p = shim(["wait-snapshot", "--snapshot", snap, "--until",
                  "available", "--timeout", "60"], px.url, expect=1)
        check(st in p.stderr and "cannot leave" in p.stderr, p.stderr)
        check(px.n("DescribeDBSnapshots") - c0 == 1, "stopped at once")
    px.script([])
    # deleted while waiting
    victim = uid("victim")
    shim(["create-snapshot", "--id", src, "--snapshot", victim], url)
    proc = subprocess.Popen([BIN, "--endpoint-url", url, "wait-snapshot",
                             "--snapshot", victim, "--until", "deleted",
                             "--timeout", "20", "--poll-interval", "200"],
                            env=base_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    PROCS.append(proc)
    time.sleep(0.7)
    client("rds", url).delete_db_snapshot(DBSnapshotIdentifier=victim)
    check(proc.wait(20) == 0, "snapshot deleted while waiting")


def case_rename(url):
    """modify --new-id with the step-6 attributes (moto renames at once),
    then RDS's refusal of a rename onto an existing id (moto allows it:
    the proxy refuses) and a rename that takes a while (proxy)."""
    a, b = uid("ra"), uid("rb")
    make_source(url, a)
    make_source(url, b)
    new = a + "-unencrypted"
    d = out_json(shim(["modify", "--id", a, "--new-id", new,
                       "--apply-immediately", "--backup-retention-period",
                       "14", "--preferred-backup-window", "03:00-03:30",
                       "--preferred-maintenance-window",
                       "sun:05:00-sun:05:30", "--max-allocated-storage",
                       "200", "--ca-certificate", "rds-ca-rsa4096-g1",
                       "--monitoring-interval", "60",
                       "--monitoring-role-arn",
                       "arn:aws:iam::123456789012:role/mon",
                       "--performance-insights-retention-period", "7"],
                      url))["DBInstance"]
    check(d["DBInstanceIdentifier"] == new, "renamed in the answer")
    d = out_json(shim(["describe", "--id", new], url))["DBInstances"][0]
    exp = {"BackupRetentionPeriod": 14,
           "PreferredBackupWindow": "03:00-03:30",
           "PreferredMaintenanceWindow": "sun:05:00-sun:05:30",
           "MaxAllocatedStorage": 200,
           "CACertificateIdentifier": "rds-ca-rsa4096-g1",
           "MonitoringInterval": 60,
           "MonitoringRoleArn": "arn:aws:iam::123456789012:role/mon",
           "PerformanceInsightsRetentionPeriod": 7}
    for k, v in exp.items():
        check(d.get(k) == v, "%s: %r" % (k, d.get(k)))
    p = shim(["describe", "--id", a], url, expect=1)
    check("DBInstanceNotFound" in p.stderr, "old name gone")
    # moto lets a rename overwrite an existing instance ...
    c, e = uid("rc"), uid("re")
    make_source(url, c)
    make_source(url, e)
    rds = client("rds", url)
    rds.modify_db_instance(DBInstanceIdentifier=c, NewDBInstanceIdentifier=e,
                           ApplyImmediately=True)
    ids = [i["DBInstanceIdentifier"]       # every page (moto's are 100)
           for page in rds.get_paginator("describe_db_instances").paginate()
           for i in page["DBInstances"]]
    check(c not in ids and ids.count(e) == 1,
          "moto let %s overwrite the existing %s" % (c, e))
    # ... RDS refuses: the proxy mode does
    px = Proxy(url, [])
    px.modes(refuse_rename_onto_existing=True)
    p = shim(["modify", "--id", new, "--new-id", b, "--apply-immediately"],
             px.url, expect=1)
    check("DBInstanceAlreadyExists" in p.stderr and "HTTP 400" in p.stderr,
          p.stderr)
    shim(["describe", "--id", new], url)       # untouched
    # a rename that takes a while: old name reads renaming, the new one is
    # not there yet; waits on both names see it through
    px.modes(rename_delay_s=1.5)
    final = b + "-new"
    d = out_json(shim(["modify", "--id", b, "--new-id", final,
                       "--apply-immediately"], px.url))["DBInstance"]
    check(d["DBInstanceIdentifier"] == b and
          d["DBInstanceStatus"] == "renaming" and
          d["PendingModifiedValues"]["DBInstanceIdentifier"] == final,
          "held rename %r" % d)
    shim(["describe", "--id", final], px.url, expect=1)
    # renaming onto the held rename's target is refused too
    p = shim(["modify", "--id", new, "--new-id", final,
              "--apply-immediately"], px.url, expect=1)
    check("DBInstanceAlreadyExists" in p.stderr, p.stderr)
    shim(["wait", "--id", b, "--until", "deleted", "--timeout", "20",
          "--poll-interval", "200"], px.url)
    d = out_json(shim(["wait", "--id", final, "--until", "available",
                       "--timeout", "20", "--poll-interval", "200"],
                      px.url))["DBInstance"]
    check(d["DBInstanceIdentifier"] == final, "rename took effect")
    check(px.state()["renames"] == [[b, final]], "one rename sent")


def case_pending_reboot(url):
    """A parameter group change leaves pending-reboot until a reboot
    (proxy; moto is in-sync at once)."""
    src = uid("pr")
    rds = make_source(url, src)
    pg = uid("pg")
    rds.create_db_parameter_group(DBParameterGroupName=pg,
                                  DBParameterGroupFamily="mysql8.0",
                                  Description="t")
    px = Proxy(url, [])
    px.modes(pending_reboot=True)
    # a modify without a parameter group asks for no reboot
    shim(["modify", "--id", src, "--backup-retention-period", "3",
          "--apply-immediately"], px.url)
    shim(["wait", "--id", src, "--until", "in-sync", "--timeout", "5"],
         px.url)
    d = out_json(shim(["modify", "--id", src, "--parameter-group", pg,
                       "--apply-immediately"], px.url))["DBInstance"]
    check(d["DBParameterGroups"][0]["ParameterApplyStatus"] ==
          "pending-reboot", "modify answer %r" % d["DBParameterGroups"])
    p = shim(["wait", "--id", src, "--until", "in-sync", "--timeout", "1",
              "--poll-interval", "200"], px.url, expect=1)
    check("last status: available, parameters pending-reboot" in p.stderr,
          p.stderr)
    shim(["wait", "--id", src, "--until", "pending-reboot", "--timeout",
          "5"], px.url)
    shim(["reboot", "--id", src], px.url)
    d = out_json(shim(["wait", "--id", src, "--until", "in-sync",
                       "--timeout", "5"], px.url))["DBInstance"]
    check(d["DBParameterGroups"][0]["DBParameterGroupName"] == pg, "pg")


def case_snapshot_retry(url):
    """The new calls ride the retry machinery: throttling and 5xx."""
    src = uid("sr")
    make_source(url, src)
    key = kms_key(url)
    snap, copy = uid("s"), uid("c")
    px = Proxy(url, [{"action": "CreateDBSnapshot", "fault": "throttle",
                      "times": 2},
                     {"action": "CopyDBSnapshot", "fault": "status",
                      "status": 503, "times": 1},
                     {"action": "RestoreDBInstanceFromDBSnapshot",
                      "fault": "throttle", "code": "RequestLimitExceeded",
                      "times": 1},
                     {"action": "AddTagsToResource", "fault": "status",
                      "status": 500, "times": 1},
                     {"action": "DescribeDBSnapshots", "fault": "throttle",
                      "times": -1}])
    shim(["create-snapshot", "--id", src, "--snapshot", snap], px.url)
    check(px.n("CreateDBSnapshot") == 3, "throttled twice, then created")
    shim(["copy-snapshot", "--source", snap, "--target", copy, "--kms-key",
          key], px.url)
    check(px.n("CopyDBSnapshot") == 2, "503 retried")
    d = out_json(shim(["restore", "--id", uid("rr"), "--snapshot", copy],
                      px.url))["DBInstance"]
    check(px.n("RestoreDBInstanceFromDBSnapshot") == 2, "restore retried")
    shim(["add-tags", "--arn", d["DBInstanceArn"], "--tag", "k=v"], px.url)
    check(px.n("AddTagsToResource") == 2, "add-tags retried")
    p = shim(["wait-snapshot", "--snapshot", copy, "--until", "available",
              "--max-attempts", "2"], px.url, expect=1)
    check("Throttling" in p.stderr and px.n("DescribeDBSnapshots") == 2,
          p.stderr)



def case_snapshot_lost(url):
    """A create or copy whose answer was lost: the retry meets
    DBSnapshotAlreadyExists, a describe shows it is ours, success; one
    of another instance, or a first-try DBSnapshotAlreadyExists, stays an
    error."""
    a, b = uid("la"), uid("lb")
    make_source(url, a)
    make_source(url, b)
    key = kms_key(url)
    snap, copy = uid("s"), uid("c")
    px = Proxy(url, [{"action": "CreateDBSnapshot",
                      "fault": "forward_then_cut", "times": 1},
                     {"action": "CopyDBSnapshot",
                      "fault": "forward_then_cut", "times": 1}])
    p = shim(["-v", "create-snapshot", "--id", a, "--snapshot", snap],
             px.url)
    check(out_json(p)["DBSnapshot"]["DBInstanceIdentifier"] == a, "ours")
    check(px.n("CreateDBSnapshot") == 2 and "checking it is ours" in
          p.stderr, "retried, met the snapshot, accepted")
    d = out_json(shim(["copy-snapshot", "--source", snap, "--target", copy,
                       "--kms-key", key], px.url))["DBSnapshot"]
    check(d["Encrypted"] is True and px.n("CopyDBSnapshot") == 2,
          "lost copy accepted")
    snaps = client("rds", url).describe_db_snapshots(
        DBInstanceIdentifier=a)["DBSnapshots"]
    check(sum(1 for x in snaps if x["DBSnapshotIdentifier"] in
              (snap, copy)) == 2, "one snapshot and one copy, no more")
    # the id is taken by a snapshot of another instance: an error
    px.script([{"action": "CreateDBSnapshot", "fault": "status",
                "status": 500, "times": 1}])
    p = shim(["create-snapshot", "--id", b, "--snapshot", snap], px.url,
             expect=1)
    check("DBSnapshotAlreadyExists" in p.stderr, p.stderr)
    # first try: the error stands, nothing is described
    px.script([])
    c0 = px.n("DescribeDBSnapshots")
    p = shim(["create-snapshot", "--id", a, "--snapshot", snap], px.url,
             expect=1)
    check("DBSnapshotAlreadyExists" in p.stderr and
          px.n("DescribeDBSnapshots") == c0, p.stderr)


CASES = {k[5:]: v for k, v in globals().items() if k.startswith("case_")}


def main():
    return run(CASES, "integration.py", BIN, "RDS_SHIM_BIN")


if __name__ == "__main__":
    sys.exit(main())
