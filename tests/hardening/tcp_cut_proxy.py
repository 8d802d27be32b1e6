#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""TCP proxy that cuts a MySQL or PostgreSQL connection part-way (tests
only; stdlib).

    tcp_cut_proxy.py --target-port P --port-file F [--cut-after K]
                     [--match REGEX] [--when after|before]
                     [--cut-after-bytes N] [--log FILE]
                     [--protocol mysql|pg] [--delay S]

Listens on 127.0.0.1:<free port> (written to F once listening) and
forwards each client connection to 127.0.0.1:P. It reads the MySQL
protocol from the client (3-byte little-endian length, sequence id,
payload): a packet with sequence id 0 whose first byte is 0x03 is a
COM_QUERY. With --protocol pg it reads PostgreSQL's frontend protocol
instead: the untyped startup packets first (int32 length, int32 code;
an SSLRequest or GSSENCRequest, which the server answers with one byte,
is followed by the real startup packet), then typed messages (one type
byte, int32 length counting itself, payload): a 'Q' (simple query: the
statement text, NUL-terminated) or a 'P' (parse: statement name, then
the text) is a query. --cut-after-bytes is MySQL only. Queries whose text matches REGEX (Python re, searched,
case-insensitive; default: every query) are counted across all
connections. When the K-th matching query arrives, the proxy forwards it
(--when after, the default: the client's side is closed first, so
the server runs it but the client never hears back) or drops it (--when before), then closes both sides of that
connection. --cut-after-bytes N instead closes a connection after it has
forwarded N client bytes. Either cut fires once; later connections pass.
--delay S holds each matching query S seconds before forwarding it (a
slow server, e.g. a source behind its target); without --cut-after
nothing is cut.

Counts go to the log file (one "key value" per line, rewritten on every
change) and to stderr at exit: queries, matched, cut (0/1), cut_query.
SIGTERM stops it. Binds 127.0.0.1 only. TLS is not understood: connect
through it with ssl-mode=DISABLED (MySQL) or sslmode=disable and
gssencmode=disable (PostgreSQL).
"""
import argparse
import re
import signal
import socket
import sys
import threading

lock = threading.Lock()
state = {"queries": 0, "matched": 0, "cut": 0, "cut_query": ""}


def write_log(path):
    if not path:
        return
    with open(path + ".tmp", "w") as f:
        for k in ("queries", "matched", "cut"):
            f.write(f"{k} {state[k]}\n")
        f.write("cut_query " + state["cut_query"].replace("\n", " ") + "\n")
    import os
    os.replace(path + ".tmp", path)


def close_both(a, b):
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            s.close()
        except OSError:
            pass


def server_to_client(srv, cli):
    try:
        while True:
            d = srv.recv(65536)
            if not d:
                break
            cli.sendall(d)
    except OSError:
        pass
    close_both(srv, cli)


def client_to_server(cli, srv, args, pattern):
    buf = b""
    sent = 0
    try:
        while True:
            d = cli.recv(65536)
            if not d:
                break
            buf += d
            # forward whole packets, inspecting each
            while len(buf) >= 4:
                n = int.from_bytes(buf[0:3], "little")
                if len(buf) < 4 + n:
                    break
                pkt, buf = buf[:4 + n], buf[4 + n:]
                seq, payload = pkt[3], pkt[4:]
                cut_now = False
                if seq == 0 and payload[:1] == b"\x03":
                    text = payload[1:].decode("utf-8", "replace")
                    hold(text, args, pattern)
                    with lock:
                        state["queries"] += 1
                        if pattern.search(text):
                            state["matched"] += 1
                            if (args.cut_after and not state["cut"] and
                                    state["matched"] == args.cut_after):
                                state["cut"] = 1
                                state["cut_query"] = text[:200]
                                cut_now = True
                        write_log(args.log)
                if cut_now and args.when == "before":
                    close_both(cli, srv)
                    return
                if args.cut_after_bytes is not None:
                    with lock:
                        room = args.cut_after_bytes - sent
                        if not state["cut"] and room < len(pkt):
                            state["cut"] = 1
                            write_log(args.log)
                            srv.sendall(pkt[:max(room, 0)])
                            close_both(cli, srv)
                            return
                if cut_now:
                    # the client loses the connection before any answer,
                    # the server still gets the whole statement and runs it
                    close_both(cli, cli)
                    srv.sendall(pkt)
                    import time
                    time.sleep(0.3)
                    close_both(cli, srv)
                    return
                srv.sendall(pkt)
                sent += len(pkt)
    except OSError:
        pass
    close_both(cli, srv)


def hold(text, args, pattern):
    """--delay: a matching query waits before it is forwarded."""
    if args.delay and pattern.search(text):
        import time
        time.sleep(args.delay)


def count_query(text, args, pattern):
    """Counts one query; True when it is the one to cut at."""
    hold(text, args, pattern)
    with lock:
        state["queries"] += 1
        cut_now = False
        if pattern.search(text):
            state["matched"] += 1
            if (args.cut_after and not state["cut"] and
                    state["matched"] == args.cut_after):
                state["cut"] = 1
                state["cut_query"] = text[:200]
                cut_now = True
        write_log(args.log)
    return cut_now


def cut(cli, srv, pkt, when):
    """The cut: 'before' drops pkt; 'after' closes the client's side first
    and then hands pkt to the server, which runs it unheard."""
    if when == "before":
        close_both(cli, srv)
        return
    close_both(cli, cli)
    srv.sendall(pkt)
    import time
    time.sleep(0.3)
    close_both(cli, srv)


PG_SSL_REQUEST = 80877103
PG_GSSENC_REQUEST = 80877104


def client_to_server_pg(cli, srv, args, pattern):
    buf = b""
    startup = True
    try:
        while True:
            d = cli.recv(65536)
            if not d:
                break
            buf += d
            while True:
                if startup:
                    if len(buf) < 8:
                        break
                    n = int.from_bytes(buf[0:4], "big")
                    if n < 8 or len(buf) < n:
                        if n < 8:
                            raise OSError("bad startup packet")
                        break
                    pkt, buf = buf[:n], buf[n:]
                    code = int.from_bytes(pkt[4:8], "big")
                    # after an SSL/GSS request comes the real startup
                    startup = code in (PG_SSL_REQUEST, PG_GSSENC_REQUEST)
                    srv.sendall(pkt)
                    continue
                if len(buf) < 5:
                    break
                n = int.from_bytes(buf[1:5], "big")
                if n < 4:
                    raise OSError("bad message length")
                if len(buf) < 1 + n:
                    break
                pkt, buf = buf[:1 + n], buf[1 + n:]
                kind, body = pkt[:1], pkt[5:]
                text = None
                if kind == b"Q":
                    text = body.split(b"\0", 1)[0]
                elif kind == b"P":
                    parts = body.split(b"\0", 2)
                    text = parts[1] if len(parts) > 1 else b""
                if text is not None and count_query(
                        text.decode("utf-8", "replace"), args, pattern):
                    cut(cli, srv, pkt, args.when)
                    return
                srv.sendall(pkt)
    except OSError:
        pass
    close_both(cli, srv)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--target-port", type=int, required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--cut-after", type=int, default=0)
    ap.add_argument("--match", default="")
    ap.add_argument("--when", choices=("after", "before"), default="after")
    ap.add_argument("--cut-after-bytes", type=int)
    ap.add_argument("--log")
    ap.add_argument("--protocol", choices=("mysql", "pg"), default="mysql")
    ap.add_argument("--delay", type=float, default=0.0)
    args = ap.parse_args()
    if args.protocol == "pg" and args.cut_after_bytes is not None:
        ap.error("--cut-after-bytes is for --protocol mysql only")
    pattern = re.compile(args.match, re.I | re.S)

    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(16)
    write_log(args.log)
    with open(args.port_file + ".tmp", "w") as f:
        f.write(f"{ls.getsockname()[1]}\n")
    import os
    os.replace(args.port_file + ".tmp", args.port_file)

    def stop(*_):
        print(" ".join(f"{k}={state[k]!r}" for k in state), file=sys.stderr)
        os._exit(0)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    while True:
        cli, _ = ls.accept()
        try:
            srv = socket.create_connection(("127.0.0.1", args.target_port))
        except OSError:
            cli.close()
            continue
        for s in (cli, srv):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=server_to_client, args=(srv, cli),
                         daemon=True).start()
        threading.Thread(target=client_to_server_pg if args.protocol == "pg"
                         else client_to_server,
                         args=(cli, srv, args, pattern), daemon=True).start()


if __name__ == "__main__":
    main()
