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
   "cut"             close the connection without answering
   "forward_then_cut"   forward (the upstream acts!), then close without
                        answering: a lost response
   "rewrite"         forward, then set DBInstanceStatus to "status" and/or
                     every ParameterApplyStatus to "apply"
 }
Rules are tried in order; the first matching one with times left applies.
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
STATE = {"script": [], "actions": {}, "keys": []}

THROTTLE = ('<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">'
            '<Error><Type>Sender</Type><Code>{code}</Code>'
            '<Message>Rate exceeded</Message></Error>'
            '<RequestId>fault-proxy-{n}</RequestId></ErrorResponse>')
INTERNAL = ('<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/">'
            '<Error><Type>Receiver</Type><Code>InternalFailure</Code>'
            '<Message>injected failure</Message></Error>'
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
            return self.reply(200, "{}", "application/json")
        if path == "/__fault__/counts":
            with LOCK:
                out = json.dumps({"actions": STATE["actions"],
                                  "keys": STATE["keys"]})
            return self.reply(200, out, "application/json")
        return self.reply(404, "no such control endpoint", "text/plain")

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
        status, data, ctype = self.forward(body)
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
