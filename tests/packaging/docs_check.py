#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Documentation, configuration examples and units agree with the programs.

    docs_check.py docs  RDSCLONE RDS_SHIM SOURCE_DIR
    docs_check.py units RDSCLONE RDS_SHIM SOURCE_DIR

docs:  the long options of each command's --help, of its parser (the getopt
       tables in agent/, the option table of shim/cli/main.c), of completions
       and of the man pages rdsclone(1) / rds-shim(1) are compared as sets,
       both ways; the settings of rdsclone.conf(5) and of conf/*.example are
       compared with what the two configuration loaders know (asked from the
       loaders themselves), and every example is loaded for real: a plan
       (or a recreate-replica dry run) against closed ports must fail at
       run time (exit 1), never as a configuration error (78).
units: conf/systemd/*.in (the units, as CMake generates them with the
       install prefix; here with /usr) pass "systemd-analyze verify" (no
       output at all), or a directive check when it cannot run; the units
       and the cron line name only commands and options that exist.

Exit 0 all agree, 1 a disagreement (each one printed).
"""
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

MODE, RDSCLONE, SHIM, SRC = sys.argv[1:5]
RDSCLONE, SHIM = os.path.abspath(RDSCLONE), os.path.abspath(SHIM)
errors = []
notes = []


def err(msg):
    errors.append(msg)
    print("FAIL: " + msg)


def run(argv, cwd=None, env=None):
    p = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def read(path):
    with open(os.path.join(SRC, path), encoding="utf-8") as f:
        return f.read()


OPT_RE = re.compile(r"(?<![\w-])--(\[no-\])?([a-z][a-z0-9]*(?:-[a-z0-9]+)*)")


def long_opts(text):
    """--name and --[no-]name (both spellings) in plain text."""
    out = set()
    for m in OPT_RE.finditer(text):
        out.add("--" + m.group(2))
        if m.group(1):
            out.add("--no-" + m.group(2))
    return out


# Lines that show other programs' command lines (their options are theirs)
FOREIGN_RE = re.compile(r"(^|[\s\"(])(systemctl|mariadb|psql)\s")


def roff_plain(text):
    """roff source -> text close enough for option and key extraction."""
    lines = [l for l in text.splitlines() if not l.startswith('.\\"')
             and not FOREIGN_RE.search(l.replace("\\-", "-"))]
    t = "\n".join(lines)
    t = re.sub(r"\\f(\[[^]]*\]|\(..|.)", "", t)    # font changes
    t = t.replace("\\-", "-").replace("\\&", "").replace("\\e", "\\")
    t = re.sub(r"\\\(..", "", t)                    # \(aq \(dq ...
    t = t.replace("\\c", "")
    return t


def man_sections(text):
    """{(SH, SS): [lines]} of a roff page, SS '' before the first .SS."""
    out, sh, ss = {}, "", ""
    for line in text.splitlines():
        m = re.match(r'\.(SH|SS)\s+"?([^"]*)"?\s*$', line)
        if m:
            if m.group(1) == "SH":
                sh, ss = m.group(2).strip(), ""
            else:
                ss = m.group(2).strip()
            continue
        out.setdefault((sh, ss), []).append(line)
    return out


def tp_heads(lines):
    """The tag line after each .TP (raw roff)."""
    heads, take = [], False
    for line in lines:
        if take:
            heads.append(line)
            take = False
        elif line.startswith(".TP"):
            take = True
    return heads


def compare(what, have, want):
    """have (documented) vs want (implemented), both ways."""
    for o in sorted(have - want):
        err("%s names %s, which the program does not have" % (what, o))
    for o in sorted(want - have):
        err("%s does not document %s" % (what, o))


# ---- options ---------------------------------------------------------------

def helps():
    h = {}
    for name, argv in (("plan/apply/dump", [RDSCLONE, "--help"]),
                       ("recreate-replica",
                        [RDSCLONE, "recreate-replica", "--help"]),
                       ("compare", [RDSCLONE, "compare", "--help"]),
                       ("encrypt", [RDSCLONE, "encrypt", "--help"]),
                       ("rds-shim", [SHIM, "--help"])):
        rc, out, e = run(argv)
        if rc != 0 or not out:
            err("%s exited %d" % (" ".join(argv), rc))
        h[name] = long_opts(out)
    for sub in ("plan", "apply", "dump"):
        rc, out, _ = run([RDSCLONE, sub, "--help"])
        if long_opts(out) != h["plan/apply/dump"]:
            err("rdsclone %s --help differs from rdsclone --help" % sub)
    return h


def getopt_tables(path):
    text = read(path)
    tables = re.findall(r"struct option longopts\[\]\s*=\s*\{(.*?)\n\s*\};",
                        text, re.S)
    return [set("--" + n for n in re.findall(r'\{\s*"([a-z0-9-]+)"', t))
            for t in tables]


def shim_parser():
    text = read("shim/cli/main.c")
    block = re.search(r"struct opt_def opts\[\]\s*=\s*\{(.*?)\n\};", text,
                      re.S).group(1)
    opts = set("--" + n for n in
               re.findall(r'(?:STR\(|NUM\(|\{)\s*"([a-z0-9-]+)"', block))
    for n in re.findall(r'BOOL\(\s*"([a-z0-9-]+)"', block):
        opts |= {"--" + n, "--no-" + n}
    return opts


def check_options():
    h = helps()
    main_tab = getopt_tables("agent/cli/args.c")
    rec_tabs = getopt_tables("agent/cli/cli_recreate.c")
    enc_tabs = getopt_tables("agent/cli/cli_encrypt.c")
    if len(main_tab) != 1 or len(rec_tabs) != 2 or len(enc_tabs) != 1:
        err("expected 1 getopt table in agent/cli/args.c, 2 in "
            "agent/cli_recreate.c and 1 in agent/cli/cli_encrypt.c, found "
            "%d, %d and %d" % (len(main_tab), len(rec_tabs), len(enc_tabs)))
        return
    compare("rdsclone --help", h["plan/apply/dump"], main_tab[0])
    compare("rdsclone recreate-replica --help", h["recreate-replica"],
            rec_tabs[0])
    compare("rdsclone compare --help", h["compare"], rec_tabs[1])
    compare("rdsclone encrypt --help", h["encrypt"], enc_tabs[0])
    compare("rds-shim --help", h["rds-shim"], shim_parser())

    all_rdsclone = (h["plan/apply/dump"] | h["recreate-replica"] |
                    h["compare"] | h["encrypt"])

    # rdsclone(1): the whole page names only real options, and each OPTIONS
    # subsection's items are exactly its command's --help
    page = read("man/rdsclone.1")
    compare("rdsclone(1)", long_opts(roff_plain(page)), all_rdsclone)
    secs = man_sections(page)
    for ss, key in (("plan, apply and dump", "plan/apply/dump"),
                    ("recreate-replica", "recreate-replica"),
                    ("compare", "compare"), ("encrypt", "encrypt")):
        lines = secs.get(("OPTIONS", ss.replace("-", "\\-")))
        if lines is None:
            lines = secs.get(("OPTIONS", ss))
        if lines is None:
            err("rdsclone(1) has no OPTIONS subsection \"%s\"" % ss)
            continue
        items = long_opts(roff_plain("\n".join(tp_heads(lines))))
        if key == "plan/apply/dump":
            # one --help for these and dms-prepare/dms-finish, whose own
            # options have a subsection of their own
            dms = secs.get(("OPTIONS", "dms\\-prepare and dms\\-finish"))
            if dms is None:
                err("rdsclone(1) has no OPTIONS subsection \"dms-prepare "
                    "and dms-finish\"")
            else:
                items |= long_opts(roff_plain("\n".join(tp_heads(dms))))
        compare("rdsclone(1) OPTIONS/%s" % ss, items, h[key])

    page = read("man/rds-shim.1")
    compare("rds-shim(1)", long_opts(roff_plain(page)), h["rds-shim"])
    items = set()
    for (sh, _), lines in man_sections(page).items():
        if sh == "OPTIONS":
            items |= long_opts(roff_plain("\n".join(tp_heads(lines))))
    compare("rds-shim(1) OPTIONS items", items, h["rds-shim"])

    # completions: every option they offer exists, every option is offered
    comp = read("completions/rdsclone")
    compare("completions/rdsclone", long_opts(comp), all_rdsclone)
    compare("completions/rds-shim",
            long_opts(read("completions/rds-shim").replace(
                "--no-$b", "")) | bool_flags(), h["rds-shim"])
    return h


def bool_flags():
    m = re.search(r'local bools="([^"]*)"', read("completions/rds-shim"), re.S)
    out = set()
    for n in m.group(1).split():
        out |= {"--" + n, "--no-" + n}
    return out


# ---- configuration -----------------------------------------------------------

KNOWN_RE = re.compile(r"\(known: ([a-z_, ]+)\)")


def loader_keys(tmp, argv_tail, text):
    path = os.path.join(tmp, "probe.conf")
    with open(path, "w") as f:
        f.write(text)
    rc, out, e = run([RDSCLONE] + argv_tail + ["-c", path])
    m = KNOWN_RE.search(e)
    if rc != 78 or not m:
        err("probing the loader with %r: exit %d, no \"(known: ...)\" list "
            "in %r" % (text.strip(), rc, e.strip()))
        return set()
    return {k.strip() for k in m.group(1).split(",")}


def known_keys(tmp):
    probes = [
        (["plan"], "zz_probe = 1;\n"),
        (["plan"], "source = { zz_probe = 1; };\n"),
        (["recreate-replica"], "zz_probe = 1;\n"),
        (["recreate-replica"], "recreate = { zz_probe = 1; };\n"),
        (["recreate-replica"], "source = { zz_probe = 1; };\n"),
        (["encrypt"], "encrypt = { zz_probe = 1; };\n"),
    ]
    keys = set()
    for argv, text in probes:
        keys |= loader_keys(tmp, argv, text)
    return keys


CONF_KEY_RE = re.compile(r"^\s*#?\s*([a-z][a-z_]*)\s*=", re.M)


def example_env(tmp):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp,
           "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY":
           "not-a-secret-test-value", "AWS_EC2_METADATA_DISABLED": "true",
           "AWS_MAX_ATTEMPTS": "1", "RDS_SHIM_RETRY_BASE_MS": "1",
           "AWS_CONFIG_FILE": os.path.join(tmp, "none"),
           "AWS_SHARED_CREDENTIALS_FILE": os.path.join(tmp, "none")}
    return env


def load_example(tmp, name, known):
    text = read("conf/" + name)
    for k in sorted(set(CONF_KEY_RE.findall(text))):
        if k not in known:
            err("conf/%s names setting '%s', unknown to the loaders"
                % (name, k))
    work = os.path.join(tmp, name + ".d")
    os.mkdir(work)

    # every server unreachable: closed port 1 on loopback, same scheme
    def closed(m):
        scheme = m.group(2)
        rest = "/postgres" if scheme.startswith("postgres") else ""
        return '%s"%s://probe@127.0.0.1:1%s"' % (m.group(1), scheme, rest)
    text = re.sub(r'(uri\s*=\s*)"([a-z]+)://[^"]*"', closed, text)
    text = re.sub(r'(=\s*)"([a-z]+)://[^"]*"', closed, text)  # endpoints
    for pf in re.findall(r'password_file\s*=\s*"([^"]+)"', text):
        if os.path.isabs(pf):
            err("conf/%s: password_file \"%s\" is absolute; the examples use "
                "names relative to the credentials directory" % (name, pf))
            continue
        p = os.path.join(work, pf)
        with open(p, "w") as f:
            f.write("example-password\n")
        os.chmod(p, stat.S_IRUSR | stat.S_IWUSR)
    conf = os.path.join(work, "rdsclone.conf")
    with open(conf, "w") as f:
        f.write(text)
    fleet = re.search(r"^pairs\s*=", text, re.M) is not None
    if name.startswith("rdsclone-recreate"):
        argv = [RDSCLONE, "recreate-replica", "-c", conf, "--dry-run",
                "--endpoint-url", "http://127.0.0.1:1", "--wait-timeout", "1"]
    elif fleet:
        argv = [RDSCLONE, "plan", "--all", "-c", conf]
    else:
        argv = [RDSCLONE, "plan", "-c", conf]
    rc, out, e = run(argv, cwd=work, env=example_env(tmp))
    if rc != 1:
        err("conf/%s: %s exited %d (expected 1: a runtime failure at the "
            "closed ports, after the configuration was accepted): %s"
            % (name, " ".join(argv[1:2]), rc, e.strip()))
    else:
        print("ok: conf/%s loads (%s: %s)" % (name, argv[1],
                                              e.strip().splitlines()[-1]))


def check_config():
    tmp = tempfile.mkdtemp(prefix="rdsclone-docs-")
    try:
        known = known_keys(tmp)
        page = read("man/rdsclone.conf.5")
        documented = set()
        for (sh, _), lines in man_sections(page).items():
            if sh != "SETTINGS":
                continue
            for head in tp_heads(lines):
                m = re.match(r"\.B\s+([a-z_]+)\s*$", head)
                if not m:
                    err("rdsclone.conf(5): SETTINGS item %r is not "
                        "\".B name\"" % head)
                    continue
                documented.add(m.group(1))
        compare("rdsclone.conf(5)", documented, known)
        # the options the page names exist
        for o in sorted(long_opts(roff_plain(page))):
            if o not in HELP_ALL:
                err("rdsclone.conf(5) names %s, which rdsclone does not "
                    "have" % o)
        names = sorted(n for n in os.listdir(os.path.join(SRC, "conf"))
                       if n.endswith(".example"))
        if len(names) < 3:
            err("expected the single-pair, fleet and recreate examples in "
                "conf/, found %s" % names)
        for n in names:
            load_example(tmp, n, known)
    finally:
        shutil.rmtree(tmp)


# ---- units and cron ------------------------------------------------------------

UNIT_KEYS = {
    "Unit": {"Description", "Documentation", "After", "Wants", "Requires",
             "Before", "OnFailure", "ConditionPathExists"},
    "Service": {"Type", "ExecStart", "LoadCredential", "WorkingDirectory",
                "StateDirectory", "StateDirectoryMode", "TimeoutStartSec",
                "DynamicUser", "User", "Group", "NoNewPrivileges",
                "ProtectSystem", "ProtectHome", "PrivateTmp",
                "PrivateDevices", "ProtectKernelTunables",
                "ProtectKernelModules", "ProtectKernelLogs",
                "ProtectControlGroups", "ProtectClock", "ProtectHostname",
                "ProtectProc", "ProcSubset", "RestrictAddressFamilies",
                "RestrictNamespaces", "RestrictRealtime", "RestrictSUIDSGID",
                "LockPersonality", "MemoryDenyWriteExecute",
                "SystemCallArchitectures", "SystemCallFilter",
                "CapabilityBoundingSet", "AmbientCapabilities", "UMask",
                "ReadWritePaths", "Environment"},
    "Timer": {"OnCalendar", "RandomizedDelaySec", "Persistent", "Unit",
              "AccuracySec", "OnBootSec"},
    "Install": {"WantedBy"},
}


BINDIR_VAR = "@CMAKE_INSTALL_FULL_BINDIR@"


def conf_text(name):
    """conf/NAME, or its CMake template NAME.in with the prefix /usr (as in
    the package); a template must not hard-code the path it substitutes."""
    if not os.path.exists(os.path.join(SRC, "conf", name + ".in")):
        return read("conf/" + name)
    raw = read("conf/%s.in" % name)
    if "/usr/bin/rdsclone" in raw or BINDIR_VAR not in raw:
        err("conf/%s.in: use %s/rdsclone, not a fixed path"
            % (name, BINDIR_VAR))
    return raw.replace(BINDIR_VAR, "/usr/bin")


def rdsclone_invocations(text):
    """Option sets of every rdsclone command line, commented ones too."""
    out = []
    for line in text.splitlines():
        m = re.search(r"/usr/bin/rdsclone(\s.*)?$", line)
        if m:
            out.append((line.strip(), (m.group(1) or "").split()))
    return out


def check_units(h):
    all_main = h["plan/apply/dump"]
    udir = os.path.join(SRC, "conf", "systemd")
    units = sorted(re.sub(r"\.in$", "", n) for n in os.listdir(udir))
    if units != ["rdsclone.service", "rdsclone.timer"]:
        err("conf/systemd holds %s" % units)
    service = conf_text("systemd/rdsclone.service")
    for want in ("Type=oneshot", "NoNewPrivileges=yes",
                 "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
                 "PrivateDevices=yes", "DynamicUser=yes", "LoadCredential=",
                 "WorkingDirectory=%d"):
        if not re.search(r"^" + re.escape(want), service, re.M):
            err("rdsclone.service lacks %s" % want)
    sa = shutil.which("systemd-analyze")
    if sa:
        tmp = tempfile.mkdtemp(prefix="rdsclone-units-")
        try:
            for u in units:
                t = conf_text("systemd/" + u).replace("/usr/bin/rdsclone",
                                                      os.path.abspath(RDSCLONE))
                with open(os.path.join(tmp, u), "w") as f:
                    f.write(t)
            rc, out, e = run([sa, "verify", "--man=no"] +
                             [os.path.join(tmp, u) for u in units])
            if rc != 0 or out.strip() or e.strip():
                err("systemd-analyze verify: exit %d: %s%s" % (rc, out, e))
            else:
                print("ok: systemd-analyze verify %s" % " ".join(units))
        finally:
            shutil.rmtree(tmp)
    else:
        notes.append("systemd-analyze not found: directive check only")
    # directive check (always: also catches what verify only warns about)
    for u in units:
        section = None
        for n, line in enumerate(conf_text("systemd/" + u).splitlines(), 1):
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            m = re.match(r"^\[(\w+)\]$", s)
            if m:
                section = m.group(1)
                if section not in UNIT_KEYS:
                    err("%s:%d: unknown section [%s]" % (u, n, section))
                continue
            m = re.match(r"^([A-Za-z]+)=(.*)$", s)
            if not m or section is None:
                err("%s:%d: not Key=Value in a section: %r" % (u, n, s))
            elif m.group(1) not in UNIT_KEYS.get(section, set()):
                err("%s:%d: directive %s not expected in [%s]"
                    % (u, n, m.group(1), section))
    cron = conf_text("cron/rdsclone")
    for n, line in enumerate(cron.splitlines(), 1):
        s = line.strip()
        if not s or s.startswith("#") or re.match(r"^[A-Z_]+=", s):
            continue
        f = s.split(None, 6)
        if len(f) < 7 or not all(re.match(r"^[0-9*/,-]+$", x) for x in f[:5]):
            err("conf/cron/rdsclone:%d: not \"m h dom mon dow user command\""
                % n)
        elif f[5] != "root":
            err("conf/cron/rdsclone:%d: runs as %s" % (n, f[5]))
    for name, text in (("rdsclone.service", service),
                       ("rdsclone.timer", conf_text("systemd/rdsclone.timer")),
                       ("cron/rdsclone", cron)):
        for line, args in rdsclone_invocations(text):
            if not args or args[0] not in ("plan", "apply"):
                err("%s: %r runs no plan/apply" % (name, line))
            for a in args[1:]:
                if a.startswith("--"):
                    o = a.split("=", 1)[0]
                    if o not in all_main:
                        err("%s: %r names %s, which rdsclone does not have"
                            % (name, line, o))
                elif a.startswith("-") and a not in ("-c", "-q", "-v"):
                    err("%s: %r names %s" % (name, line, a))
    if not rdsclone_invocations(cron) or not rdsclone_invocations(service):
        err("the cron line or the service runs no /usr/bin/rdsclone")


HELP_ALL = set()
if MODE == "docs":
    h = check_options()
    if h:
        HELP_ALL = set().union(*h.values())
    check_config()
elif MODE == "units":
    check_units(helps())
else:
    err("unknown mode %s" % MODE)
for n in notes:
    print("note: " + n)
if errors:
    print("%d disagreement(s)" % len(errors))
    sys.exit(1)
print("all agree")
