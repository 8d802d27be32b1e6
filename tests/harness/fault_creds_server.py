#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""fault_creds_server.py - loopback stand-ins for the credential endpoints:

  --mode imds   EC2 instance metadata, IMDSv2 only: PUT /latest/api/token
                (needs X-aws-ec2-metadata-token-ttl-seconds), then
                GET /latest/meta-data/iam/security-credentials/ and
                GET .../<role>, both needing X-aws-ec2-metadata-token.
  --mode ecs    container credentials: GET on any path; when --auth is given
                the Authorization header must equal it.

Serves credentials --akid/--secret/--token expiring in --expires-in seconds.
Every request is appended to --log as "METHOD PATH STATUS". Listens on
127.0.0.1, free port written to --port-file. Python standard library only.
"""
import argparse
import datetime
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = None
TOKEN = "imds-session-token-123"
ROLE = "shim-test-role"


def creds():
    exp = (datetime.datetime.now(datetime.timezone.utc) +
           datetime.timedelta(seconds=ARGS.expires_in))
    return json.dumps({
        "Code": "Success", "Type": "AWS-HMAC",
        "AccessKeyId": ARGS.akid, "SecretAccessKey": ARGS.secret,
        "Token": ARGS.token,
        "Expiration": exp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "LastUpdated": "2024-01-01T00:00:00Z"})


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def out(self, status, body):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        with open(ARGS.log, "a") as f:
            f.write("%s %s %d\n" % (self.command, self.path, status))

    def do_PUT(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        if ARGS.mode == "imds" and self.path == "/latest/api/token":
            if not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                return self.out(400, "missing ttl")
            return self.out(200, TOKEN)
        return self.out(404, "not found")

    def do_GET(self):
        if ARGS.mode == "ecs":
            if ARGS.auth and self.headers.get("Authorization") != ARGS.auth:
                return self.out(403, "bad authorization")
            return self.out(200, creds())
        if self.headers.get("X-aws-ec2-metadata-token") != TOKEN:
            return self.out(401, "")
        base = "/latest/meta-data/iam/security-credentials/"
        if self.path == base:
            return self.out(200, ROLE)
        if self.path == base + ROLE:
            return self.out(200, creds())
        return self.out(404, "")


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["imds", "ecs"], required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--akid", default="ASIASTANDIN")
    ap.add_argument("--secret", default="standin-secret")
    ap.add_argument("--token", default="standin-token")
    ap.add_argument("--auth", default="")
    ap.add_argument("--expires-in", type=int, default=3600)
    ARGS = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    with open(ARGS.port_file + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.replace(ARGS.port_file + ".tmp", ARGS.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
