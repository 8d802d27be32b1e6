#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Parse an rdsclone --metrics-file as Prometheus' text format does and
print what the shell tests compare.

    metrics_check.py FILE check        # the format is valid: exit 0 or 1
    metrics_check.py FILE get METRIC PAIR [KIND]   # print the value

The parser follows the exposition format: '# HELP name text' and
'# TYPE name gauge' before a family's samples, samples
'name{label="value",...} number', label values with \\\\, \\" and \\n
escapes, nothing else escaped.
"""
import re
import sys

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
FAMILIES = ["rdsclone_last_run_timestamp_seconds",
            "rdsclone_last_success_timestamp_seconds",
            "rdsclone_run_duration_seconds", "rdsclone_pending_actions",
            "rdsclone_applied_actions", "rdsclone_failed_actions",
            "rdsclone_converged", "rdsclone_exit_code"]


def unescape(v):
    out, i = [], 0
    while i < len(v):
        c = v[i]
        if c == "\\":
            i += 1
            n = v[i]
            if n == "n":
                out.append("\n")
            elif n in "\\\"":
                out.append(n)
            else:
                raise ValueError("bad escape \\" + n)
        else:
            out.append(c)
        i += 1
    return "".join(out)


def parse(path):
    helps, types, samples = {}, {}, []
    for lineno, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line:
            continue
        m = re.fullmatch(r"# (HELP|TYPE) (" + NAME + r") (.*)", line)
        if m:
            (helps if m.group(1) == "HELP" else types)[m.group(2)] = m.group(3)
            continue
        if line.startswith("#"):
            continue
        m = re.fullmatch(r"(" + NAME + r")(\{(.*)\})? (\S+)", line)
        if not m:
            raise ValueError("line %d: not a sample: %r" % (lineno, line))
        labels, rest = {}, m.group(3) or ""
        while rest:
            lm = re.match(r'(' + NAME + r')="((?:[^"\\]|\\.)*)"(,|$)', rest)
            if not lm:
                raise ValueError("line %d: bad labels: %r" % (lineno, rest))
            labels[lm.group(1)] = unescape(lm.group(2))
            rest = rest[lm.end():]
        if m.group(1) not in types:
            raise ValueError("line %d: sample before its TYPE" % lineno)
        samples.append((m.group(1), labels, float(m.group(4))))
    return helps, types, samples


def main():
    path, cmd = sys.argv[1], sys.argv[2]
    helps, types, samples = parse(path)
    if cmd == "check":
        for f in FAMILIES:
            if f not in helps or types.get(f) != "gauge":
                print("family %s lacks HELP or TYPE gauge" % f)
                return 1
        for name, labels, _ in samples:
            if "pair" not in labels:
                print("sample %s has no pair label" % name)
                return 1
        seen = set()
        for name, labels, _ in samples:
            key = (name, tuple(sorted(labels.items())))
            if key in seen:
                print("duplicate sample %s %s" % key)
                return 1
            seen.add(key)
        print("ok %d samples" % len(samples))
        return 0
    if cmd == "pairs":
        print(sorted({l["pair"] for _, l, _ in samples}))
        return 0
    metric, pair = sys.argv[3], sys.argv[4]
    kind = sys.argv[5] if len(sys.argv) > 5 else None
    for name, labels, value in samples:
        if name == metric and labels.get("pair") == pair and \
                labels.get("kind") == kind:
            print(repr(value))
            return 0
    print("absent")
    return 0


sys.exit(main())
