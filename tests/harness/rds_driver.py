# SPDX-License-Identifier: Apache-2.0
"""rds_driver.py - what the RDS end-to-end tests share: the moto_server
fixture's URL, botocore clients, the fault-injecting proxy
(fault_proxy.py) and the other stand-ins in this folder started on
127.0.0.1 and stopped by PID, an AWS environment that reaches nothing but
loopback, the check/skip/fail conventions and the runner of one case.

Used by tests/shim/integration.py (rds-shim) and tests/recreate/driver.py
(rdsclone recreate-replica / compare). Environment: MOTO_DIR (the
fixture's folder, with moto.port or skip). Exit 0 pass, 1 fail, 77
skipped, 64 unknown case.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

HARNESS = os.path.dirname(os.path.abspath(__file__))
MOTO_DIR = os.environ.get("MOTO_DIR", "")
REGION = "us-east-1"
TMP = tempfile.mkdtemp(prefix="rds-it-")
PROCS = []            # every process a case started, stopped by stop_all()


class Fail(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what)
    print("  ok: " + what)


def skip(why):
    print("SKIPPED: " + why)
    sys.exit(77)


def uid(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:8])


def moto_url():
    if os.path.exists(os.path.join(MOTO_DIR, "skip")):
        skip(open(os.path.join(MOTO_DIR, "skip")).read().strip())
    try:
        port = open(os.path.join(MOTO_DIR, "moto.port")).read().strip()
    except OSError:
        skip("moto_server fixture not running (no moto.port)")
    return "http://127.0.0.1:%s" % port


def client(service, url):
    import botocore.session
    s = botocore.session.get_session()
    return s.create_client(service, region_name=REGION, endpoint_url=url,
                           aws_access_key_id="AKIDTESTING",
                           aws_secret_access_key="testing")


def aws_env(**extra):
    """This process's environment without AWS_* and proxies, with test
    credentials, IMDS off, no config files and a fast retry base; extra
    entries are added last."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AWS_") and k.lower() not in
           ("http_proxy", "https_proxy", "all_proxy", "no_proxy")}
    env.update({
        "AWS_ACCESS_KEY_ID": "AKIDTESTING", "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_EC2_METADATA_DISABLED": "true", "AWS_REGION": REGION,
        "AWS_CONFIG_FILE": os.path.join(TMP, "none-config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(TMP, "none-creds"),
        "HOME": TMP, "RDS_SHIM_RETRY_BASE_MS": "50"})
    env.update(extra)
    return env


def start_py(script, args):
    """Starts a stand-in of this folder that writes its port to a file;
    returns its URL."""
    pf = os.path.join(TMP, uid("port"))
    p = subprocess.Popen([sys.executable, os.path.join(HARNESS, script),
                          "--port-file", pf] + args,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    PROCS.append(p)
    for _ in range(200):
        if os.path.exists(pf):
            return "http://127.0.0.1:%s" % open(pf).read().strip()
        if p.poll() is not None:
            raise Fail("%s exited: %s" % (script, p.stderr.read()))
        time.sleep(0.05)
    raise Fail("%s did not start" % script)


def stop_all():
    for p in PROCS:
        if p.poll() is None:
            p.terminate()          # by PID: a process this test started
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


class Proxy:
    """fault_proxy.py in front of upstream: scripted faults, counted
    calls."""

    def __init__(self, upstream, rules=None):
        self.url = start_py("fault_proxy.py", ["--upstream", upstream])
        if rules is not None:
            self.script(rules)

    def script(self, rules):
        req = urllib.request.Request(self.url + "/__fault__/script",
                                     data=json.dumps(rules).encode(),
                                     method="POST")
        urllib.request.urlopen(req, timeout=5).read()

    def state(self):
        """The proxy's whole report: actions (calls per Action) and keys
        (access key ids seen)."""
        with urllib.request.urlopen(self.url + "/__fault__/counts",
                                    timeout=5) as r:
            return json.loads(r.read())

    def counts(self):
        return self.state()["actions"]

    def modes(self, **modes):
        """Turns on (merges) fault_proxy.py modes: snapshot_creating_s,
        rename_delay_s, pending_reboot, refuse_rename_onto_existing,
        snapshot_page_size."""
        req = urllib.request.Request(self.url + "/__fault__/modes",
                                     data=json.dumps(modes).encode(),
                                     method="POST")
        urllib.request.urlopen(req, timeout=5).read()

    def n(self, action):
        return self.counts().get(action, 0)


def run_logged(argv, env, cmd, extra, exit_after, expect, timeout):
    """Runs an rdsclone command (stdin closed), prints it with its exit
    code and stderr; Fail when expect (not None) differs."""
    p = subprocess.run(argv, env=env, capture_output=True, text=True,
                       timeout=timeout, stdin=subprocess.DEVNULL)
    print("$ rdsclone %s %s%s -> %d" % (
        cmd, " ".join(extra), " (exit after %s)" % exit_after
        if exit_after else "", p.returncode))
    for line in p.stderr.splitlines():
        print("  stderr: " + line)
    if expect is not None and p.returncode != expect:
        print(p.stdout)
        raise Fail("exit %d, expected %d" % (p.returncode, expect))
    return p


def run(cases, prog, binary, bin_var, prepare=None):
    """Runs the case named by argv[1] against the moto fixture; prepare()
    (optional) runs first and may skip()."""
    if len(sys.argv) != 2 or sys.argv[1] not in cases:
        print("usage: %s %s" % (prog, "|".join(sorted(cases))))
        return 64
    if not binary or not os.access(binary, os.X_OK):
        skip("%s not set" % bin_var)
    try:
        import botocore  # noqa: F401
    except ImportError:
        skip("python3 botocore not installed")
    url = moto_url()
    if prepare:
        prepare()
    try:
        cases[sys.argv[1]](url)
    except Fail as e:
        print("FAIL: %s" % e)
        return 1
    finally:
        stop_all()
    print("PASS")
    return 0
