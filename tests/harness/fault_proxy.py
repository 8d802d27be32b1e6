#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""fault_proxy.py - a scripted fault-injecting HTTP proxy for the shim tests.

Listens on 127.0.0.1 (free port, written to --port-file), forwards Query API
requests to --upstream (moto_server) and, per the current script, injects
faults. Python standard library only.

Control endpoints (on the proxy itself):
  POST /__fault__/script   JSON list of rules, replaces the script
  GET  /__fault__/counts   JSON {"actions": {Action: n}, "keys": [akid...]}
  POST /__fault__/reset    clears script and counts

A rule: {"action": "DescribeDBInstances" | "*", "times": N (-1 = forever),
         "fault": one of
   "throttle"        400 Throttling error document (code: "code" to change)
   "status"          HTTP "status" (default 500) with an InternalFailure
                     document, or "body" as given
   "exists"          400 DBInstanceAlreadyExists (moto 5.2.1 lets a read
                     replica overwrite an existing id, so it never says so)
   "html503"         503 with an HTML body (no AWS error document)
   "truncate"        upstream answer, Content-Length of the whole body but
                     only half of it sent, then the connection is closed
   "malformed"       upstream answer cut in half, sent as a complete 200
   "slow"            sleep "seconds", then forward
   "barrier"         hold the request until "n" (default 2) requests of
                     the action are held at once, or "seconds" (default
                     10) pass, then forward; counts report "together":
                     the most held at once per action (2 = concurrent
                     callers, shown without timing them)
   "cut"             close the connection without answering
   "forward_then_cut"   forward (the upstream acts!), then close without
                        answering: a lost response
   "rewrite"         forward, then set DBInstanceStatus to "status" and/or
                     every ParameterApplyStatus to "apply" and/or every
                     snapshot Status to "snapshot_status"
 }
Rules are tried in order; the first matching one with times left applies.

Modes show what moto 5.2.1 does not (it makes every snapshot available at
once, renames at once, never asks for a reboot, and lets a rename overwrite
an existing instance). They apply to requests no rule faults (or "slow"):
  POST /__fault__/modes    JSON object, merged into the modes in force
   "snapshot_creating_s": S   a snapshot made through the proxy (Create or
                              CopyDBSnapshot) reads "creating" with a
                              PercentProgress for S seconds, then what moto
                              says; a copy or restore from it meanwhile is
                              400 InvalidDBSnapshotState
   "rename_delay_s": S        ModifyDBInstance NewDBInstanceIdentifier is
                              held: the rest of the modify is forwarded, the
                              instance reads "renaming" (PendingModified-
                              Values/DBInstanceIdentifier) under its old
                              name for S seconds, then the rename is sent
   "pending_reboot": true     a ModifyDBInstance that sets
                              DBParameterGroupName leaves the instance's
                              ParameterApplyStatus "pending-reboot" until a
                              RebootDBInstance of it
   "refuse_rename_onto_existing": true   a rename onto an identifier that
                              exists (or a held rename's target) is 400
                              DBInstanceAlreadyExists, as RDS answers
   "snapshot_page_size": N    DescribeDBSnapshots answers are cut into
                              pages of N with a Marker (moto 5.2.1 ignores
                              MaxRecords and Marker for snapshots)
GET /__fault__/counts also reports "renames": the renames sent upstream.
"""
import argparse
import json
import re
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATE = {"script": [], "actions": {}, "keys": [], "modes": {},
         "snap_born": {}, "renames": {}, "reboot_due": set(), "sent": [],
         "held": {}, "together": {}}
HELD = threading.Condition(LOCK)

THROTTLE = ('<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">'
            '<Error><Type>Sender</Type><Code>{code}</Code>'
            '<Message>Rate exceeded</Message></Error>'
            '<RequestId>fault-proxy-{n}</RequestId></ErrorResponse>')
INTERNAL = ('<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">'
            '<Error><Type>Receiver</Type><Code>InternalFailure</Code>'
            '<Message>injected failure</Message></Error>'
            '<RequestId>fault-proxy-{n}</RequestId></ErrorResponse>')
ERROR = ('<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">'
         '<Error><Type>Sender</Type><Code>{code}</Code>'
         '<Message>{msg}</Message></Error>'
         '<RequestId>fault-proxy-{n}</RequestId></ErrorResponse>')
EXISTS = ('<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">'
          '<Error><Type>Sender</Type><Code>DBInstanceAlreadyExists</Code>'
          '<Message>DB instance already exists</Message></Error>'
          '<RequestId>fault-proxy-{n}</RequestId></ErrorResponse>')


def pick(action):
    with LOCK:
        for rule in STATE["script"]:
            if rule.get("action", "*") not in ("*", action):
                continue
            t = rule.get("times", 1)
            if t == 0:
                continue
            if t > 0:
                rule["times"] = t - 1
            return dict(rule)
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    upstream = None

    def log_message(self, fmt, *args):  # quiet
        pass

    def reply(self, status, body, ctype="text/xml", close=False):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        if close:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()
        if close:
            self.close_connection = True

    def control(self, body):
        path = self.path
        if path == "/__fault__/script" and self.command == "POST":
            with LOCK:
                STATE["script"] = json.loads(body or b"[]")
            return self.reply(200, "{}", "application/json")
        if path == "/__fault__/reset" and self.command == "POST":
            with LOCK:
                STATE["script"] = []
                STATE["actions"] = {}
                STATE["keys"] = []
                STATE["modes"] = {}
                STATE["snap_born"] = {}
                STATE["renames"] = {}
                STATE["reboot_due"] = set()
                STATE["sent"] = []
                STATE["held"] = {}
                STATE["together"] = {}
            return self.reply(200, "{}", "application/json")
        if path == "/__fault__/modes" and self.command == "POST":
            with LOCK:
                STATE["modes"].update(json.loads(body or b"{}"))
            return self.reply(200, "{}", "application/json")
        if path == "/__fault__/counts":
            with LOCK:
                out = json.dumps({"actions": STATE["actions"],
                                  "keys": STATE["keys"],
                                  "renames": STATE["sent"],
                                  "together": STATE["together"]})
            return self.reply(200, out, "application/json")
        return self.reply(404, "no such control endpoint", "text/plain")

    def barrier(self, action, n, seconds):
        """Holds until n requests of action are held together (or the
        deadline passes); records the most held at once."""
        with HELD:
            held = STATE["held"].get(action, 0) + 1
            STATE["held"][action] = held
            STATE["together"][action] = max(
                STATE["together"].get(action, 0), held)
            HELD.notify_all()
            HELD.wait_for(lambda: STATE["held"][action] >= n or
                          STATE["together"][action] >= n, timeout=seconds)
            STATE["held"][action] -= 1

    def forward(self, body):
        req = urllib.request.Request(self.upstream + self.path, data=body,
                                     method=self.command)
        for k, v in self.headers.items():
            if k.lower() not in ("host", "content-length", "connection"):
                req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.read(), r.headers.get("Content-Type",
                                                         "text/xml")
        except urllib.error.HTTPError as e:
            return e.code, e.read(), e.headers.get("Content-Type", "text/xml")

    def upstream_call(self, params):
        """A request of the proxy's own to moto, with the headers of the
        request being handled (moto checks no signature)."""
        body = urllib.parse.urlencode(params).encode()
        return self.forward(body)

    # ---- modes ---------------------------------------------------------

    def apply_due_renames(self):
        now = time.time()
        with LOCK:
            due = [(o, r) for o, r in STATE["renames"].items()
                   if r["due"] <= now]
            for o, _ in due:
                del STATE["renames"][o]
        for old, r in due:
            self.upstream_call([("Action", "ModifyDBInstance"),
                                ("Version", "2014-10-31"),
                                ("DBInstanceIdentifier", old),
                                ("NewDBInstanceIdentifier", r["new"]),
                                ("ApplyImmediately", "true")])
            with LOCK:
                STATE["sent"].append([old, r["new"]])

    def exists(self, ident):
        with LOCK:
            if any(r["new"] == ident for r in STATE["renames"].values()):
                return True
        st, _, _ = self.upstream_call([("Action", "DescribeDBInstances"),
                                       ("Version", "2014-10-31"),
                                       ("DBInstanceIdentifier", ident)])
        return st == 200

    def creating(self, snap):
        """Seconds the snapshot still reads creating (0: not)."""
        with LOCK:
            born = STATE["snap_born"].get(snap)
            span = float(STATE["modes"].get("snapshot_creating_s", 0))
        if born is None or not span:
            return 0
        return max(0.0, born + span - time.time())

    def refuse(self, action, form, count):
        """An RDS refusal moto would not give, or None."""
        modes = STATE["modes"]
        one = lambda k: (form.get(k) or [None])[0]  # noqa: E731
        new = one("NewDBInstanceIdentifier")
        if (action == "ModifyDBInstance" and new and
                modes.get("refuse_rename_onto_existing") and
                self.exists(new)):
            return ERROR.format(code="DBInstanceAlreadyExists", n=count,
                                msg="DB instance already exists")
        src = (one("SourceDBSnapshotIdentifier") if action ==
               "CopyDBSnapshot" else one("DBSnapshotIdentifier") if
               action == "RestoreDBInstanceFromDBSnapshot" else None)
        if src and self.creating(src):
            return ERROR.format(code="InvalidDBSnapshotState", n=count,
                                msg="Snapshot %s is not available" % src)
        return None

    def hold_rename(self, action, pairs):
        """With rename_delay_s: takes NewDBInstanceIdentifier out of a
        modify and remembers it; returns the body to forward."""
        delay = float(STATE["modes"].get("rename_delay_s", 0))
        d = dict(pairs)
        if (action != "ModifyDBInstance" or not delay or
                "NewDBInstanceIdentifier" not in d):
            return None
        with LOCK:
            STATE["renames"][d["DBInstanceIdentifier"]] = {
                "new": d["NewDBInstanceIdentifier"],
                "due": time.time() + delay}
        rest = [(k, v) for k, v in pairs if k != "NewDBInstanceIdentifier"]
        return urllib.parse.urlencode(rest).encode()

    def note_modes(self, action, d):
        with LOCK:
            modes = STATE["modes"]
            if (action in ("CreateDBSnapshot", "CopyDBSnapshot") and
                    modes.get("snapshot_creating_s")):
                snap = d.get("DBSnapshotIdentifier") or \
                    d.get("TargetDBSnapshotIdentifier")
                STATE["snap_born"].setdefault(snap, time.time())
            inst = d.get("DBInstanceIdentifier")
            if (action == "ModifyDBInstance" and modes.get("pending_reboot")
                    and "DBParameterGroupName" in d):
                STATE["reboot_due"].add(inst)
            if action == "RebootDBInstance":
                STATE["reboot_due"].discard(inst)

    def rewrite_instance(self, m):
        block = m.group(0)
        ident = re.search(r"<DBInstanceIdentifier>([^<]*)<", block)
        ident = ident.group(1) if ident else None
        with LOCK:
            ren = STATE["renames"].get(ident)
            due = ident in STATE["reboot_due"]
        if due:
            block = re.sub(r"<ParameterApplyStatus>[^<]*<",
                           "<ParameterApplyStatus>pending-reboot<", block)
        if ren:
            block = re.sub(r"<DBInstanceStatus>[^<]*<",
                           "<DBInstanceStatus>renaming<", block)
            pend = ("<DBInstanceIdentifier>%s</DBInstanceIdentifier>"
                    % ren["new"])
            block = re.sub(r"<PendingModifiedValues\s*/>",
                           "<PendingModifiedValues></PendingModifiedValues>",
                           block)
            if "<PendingModifiedValues>" in block:
                block = block.replace("<PendingModifiedValues>",
                                      "<PendingModifiedValues>" + pend, 1)
            else:
                block = block.replace("</DBInstance>",
                                      "<PendingModifiedValues>" + pend +
                                      "</PendingModifiedValues></DBInstance>")
        return block

    def rewrite_snapshot(self, m):
        block = m.group(0)
        ident = re.search(r"<DBSnapshotIdentifier>([^<]*)<", block)
        left = self.creating(ident.group(1)) if ident else 0
        if not left:
            return block
        with LOCK:
            span = float(STATE["modes"]["snapshot_creating_s"])
        pct = int(100 * (1 - left / span)) if span else 0
        block = re.sub(r"<Status>[^<]*<", "<Status>creating<", block)
        block = re.sub(r"<PercentProgress>[^<]*</PercentProgress>", "", block)
        return block.replace("</DBSnapshot>", "<PercentProgress>%d"
                             "</PercentProgress></DBSnapshot>" % pct)

    def paginate(self, action, d, text):
        size = int(STATE["modes"].get("snapshot_page_size", 0))
        if action != "DescribeDBSnapshots" or not size:
            return text
        start = int(d.get("Marker") or 0)
        blocks = re.findall(r"<DBSnapshot>.*?</DBSnapshot>", text, re.S)
        page = "".join(blocks[start:start + size])
        marker = ("<Marker>%d</Marker>" % (start + size)
                  if start + size < len(blocks) else "")
        return re.sub(r"<DBSnapshots>.*</DBSnapshots>|<DBSnapshots\s*/>",
                      lambda _: marker + "<DBSnapshots>" + page +
                      "</DBSnapshots>", text, count=1, flags=re.S)

    def apply_modes(self, data):
        text = data.decode("utf-8")
        text = re.sub(r"<DBInstance>.*?</DBInstance>", self.rewrite_instance,
                      text, flags=re.S)
        text = re.sub(r"<DBSnapshot>.*?</DBSnapshot>", self.rewrite_snapshot,
                      text, flags=re.S)
        return text.encode("utf-8")

    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        if self.path.startswith("/__fault__/"):
            return self.control(body)
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        action = (form.get("Action") or ["?"])[0]
        auth = self.headers.get("Authorization", "")
        m = re.search(r"Credential=([^/]+)/", auth)
        with LOCK:
            STATE["actions"][action] = STATE["actions"].get(action, 0) + 1
            count = STATE["actions"][action]
            if m and m.group(1) not in STATE["keys"]:
                STATE["keys"].append(m.group(1))
        rule = pick(action)
        fault = rule.get("fault") if rule else None
        if fault == "throttle":
            return self.reply(400, THROTTLE.format(
                code=rule.get("code", "Throttling"), n=count))
        if fault == "status":
            return self.reply(rule.get("status", 500),
                              rule.get("body", INTERNAL.format(n=count)))
        if fault == "exists":
            return self.reply(400, EXISTS.format(n=count))
        if fault == "html503":
            return self.reply(503, "<html><body><h1>503 Service Unavailable"
                              "</h1></body></html>", "text/html")
        if fault == "cut":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return None
        if fault == "slow":
            time.sleep(float(rule.get("seconds", 5)))
        if fault == "barrier":
            self.barrier(action, int(rule.get("n", 2)),
                         float(rule.get("seconds", 10)))
        modes = fault in (None, "slow", "barrier") and STATE["modes"]
        if modes:
            self.apply_due_renames()
            no = self.refuse(action, form, count)
            if no:
                return self.reply(400, no)
            pairs = urllib.parse.parse_qsl(body.decode("utf-8", "replace"),
                                           keep_blank_values=True)
            body = self.hold_rename(action, pairs) or body
        status, data, ctype = self.forward(body)
        if modes and status == 200:
            self.note_modes(action, dict(pairs))
            data = self.apply_modes(data)
            data = self.paginate(action, dict(pairs),
                                 data.decode("utf-8")).encode("utf-8")
        if fault == "forward_then_cut":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return None
        if fault == "truncate":
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return None
        if fault == "malformed":
            return self.reply(200, data[: len(data) // 2], ctype)
        if fault == "rewrite":
            text = data.decode("utf-8")
            if "status" in rule:
                text = re.sub(r"<DBInstanceStatus>[^<]*</DBInstanceStatus>",
                              "<DBInstanceStatus>%s</DBInstanceStatus>"
                              % rule["status"], text)
            if "apply" in rule:
                text = re.sub(
                    r"<ParameterApplyStatus>[^<]*</ParameterApplyStatus>",
                    "<ParameterApplyStatus>%s</ParameterApplyStatus>"
                    % rule["apply"], text)
            if "snapshot_status" in rule:
                text = re.sub(r"(<DBSnapshot>.*?)<Status>[^<]*</Status>",
                              lambda m: "%s<Status>%s</Status>" % (
                                  m.group(1), rule["snapshot_status"]),
                              text, flags=re.S)
            data = text.encode("utf-8")
        return self.reply(status, data, ctype)

    do_GET = do_POST = do_PUT = handle_any


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--port-file", required=True)
    a = ap.parse_args()
    Handler.upstream = a.upstream.rstrip("/")
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    with open(a.port_file + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    import os
    os.replace(a.port_file + ".tmp", a.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
