#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""rdsclone benchmark driver; bench/run.sh starts the servers and calls it.

    bench.py measure N      seed both engines for N accounts, time every
                            step RUNS times, check equality, write
                            bench/results/N.json
    bench.py report         bench/results/*.json (+ profile) -> RESULTS.md

Environment (set by run.sh): BENCH_WORK, RDSCLONE, RUNS, M1_DIR, M2_DIR
(MariaDB harness dirs), P1_DIR, P2_DIR (bench/pg_server.sh dirs).
"""
import base64
import hashlib
import hmac
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORK = os.environ.get("BENCH_WORK", "/tmp/rdsclone-bench")
RDSCLONE = os.environ.get("RDSCLONE", os.path.join(ROOT, "build-bench/agent/rdsclone"))
RUNS = int(os.environ.get("RUNS", "3"))
APPLY_RUNS = int(os.environ.get("APPLY_RUNS", RUNS))  # applies cost minutes at 50k
SKIP_APPLY = os.environ.get("SKIP_APPLY", "0") == "1"
# Beyond these sizes the steps that take minutes a run are not measured
# (recorded as skipped with the reason): the applies, and pt-show-grants.
APPLY_MAX_N = int(os.environ.get("APPLY_MAX_N", "10000"))
ANCHOR_MAX_N = int(os.environ.get("ANCHOR_MAX_N", "50000"))
TIME = "/usr/bin/time"
RESULTS_DIR = os.environ.get("BENCH_RESULTS", os.path.join(HERE, "results"))

HOSTS = ["10.%", "%", "localhost", "10.0.%"]
NROLES = 10
NGROUPS = 50
PW_TS = 1700000000
# PostgreSQL's default. CREATE ROLE ... PASSWORD '<verifier>' makes the
# server run one PBKDF2 at this count (~3 ms at 4096), so seeding 50k
# roles takes minutes; above 10 000 roles the default is 64 (SCRAM_ITER
# overrides both; recorded in the results).
def scram_iter(n):
    return int(os.environ.get("SCRAM_ITER", "4096" if n <= 10000 else "64"))


def skip_apply(n):
    if SKIP_APPLY:
        return "SKIP_APPLY=1"
    if n > APPLY_MAX_N:
        return "N > APPLY_MAX_N=%d: an apply costs minutes a run here" % APPLY_MAX_N
    return None


def log(*a):
    print("bench:", *a, file=sys.stderr, flush=True)


def env_of(d):
    out = {}
    with open(os.path.join(d, "env")) as f:
        for line in f:
            k, _, v = line.strip().partition("=")
            out[k] = v.strip("'")
    return out


# ---------------------------------------------------------------- servers

class Maria:
    engine = "mariadb"

    def __init__(self, d):
        e = env_of(d)
        self.dir, self.port = d, e["MARIADB_PORT"]
        self.env = dict(os.environ, MYSQL_PWD="adminpw")

    def cli(self, *extra):
        return ["mariadb", "--no-defaults", "-h127.0.0.1", "-P" + self.port, "-uadmin",
                "--batch", "--skip-column-names", *extra]

    def uri(self):
        return "mysql://admin@127.0.0.1:" + self.port

    def run_sql(self, sql, check=True):
        p = subprocess.run(self.cli(), input=sql.encode(), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=self.env)
        if check and p.returncode:
            raise RuntimeError("mariadb: " + p.stderr.decode()[-2000:])
        return p.stdout.decode("utf-8", "replace")

    def run_file(self, path):
        with open(path, "rb") as f:
            p = subprocess.run(self.cli(), stdin=f, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env=self.env)
        if p.returncode:
            raise RuntimeError("mariadb < %s: %s" % (path, p.stderr.decode()[-2000:]))


class Pg:
    engine = "postgresql"

    def __init__(self, d):
        e = env_of(d)
        self.dir, self.port = d, e["PG_PORT"]
        self.env = dict(os.environ, PGPASSWORD="adminpw")

    def cli(self, db="postgres", *extra):
        return ["psql", "-X", "-q", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres",
                "-d", db, "-At", "-F", "\t", *extra]

    def uri(self, db="postgres"):
        return "postgresql://postgres@127.0.0.1:%s/%s" % (self.port, db)

    def run_sql(self, sql, check=True, db="postgres"):
        p = subprocess.run(self.cli(db, "-v", "ON_ERROR_STOP=1"), input=sql.encode(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env)
        if check and p.returncode:
            raise RuntimeError("psql: " + p.stderr.decode()[-2000:])
        return p.stdout.decode("utf-8", "replace")

    def restore(self):
        subprocess.run([os.path.join(HERE, "pg_server.sh"), "restore", self.dir], check=True)

    def snapshot(self):
        subprocess.run([os.path.join(HERE, "pg_server.sh"), "snapshot", self.dir], check=True)


# ---------------------------------------------------------------- timing

def timed(cmds, env):
    """Run cmds [(argv, stdin_path|None, stdout_path|None, ok_codes)]
    concurrently. Returns wall seconds and per-process stats."""
    procs = []
    t0 = time.perf_counter()
    for i, (argv, sin, sout, ok) in enumerate(cmds):
        tf = os.path.join(WORK, "time.%d" % i)
        fin = open(sin, "rb") if sin else subprocess.DEVNULL
        fout = open(sout, "wb") if sout else subprocess.DEVNULL
        ferr = open(os.path.join(WORK, "stderr.%d" % i), "wb")
        p = subprocess.Popen([TIME, "-f", "%e %U %S %M", "-o", tf] + argv, stdin=fin,
                             stdout=fout, stderr=ferr, env=env)
        procs.append((p, tf, argv, ok, i, fin, fout, ferr))
    stats = []
    for p, tf, argv, ok, i, fin, fout, ferr in procs:
        rc = p.wait()
        for f in (fin, fout, ferr):
            if hasattr(f, "close"):
                f.close()
        if rc not in ok:
            err = open(os.path.join(WORK, "stderr.%d" % i), "rb").read().decode()[-3000:]
            raise RuntimeError("%s exited %d: %s" % (" ".join(argv[:3]), rc, err))
        last = open(tf).read().strip().splitlines()[-1].split()
        stats.append({"prog": os.path.basename(argv[0]), "rc": rc, "wall": float(last[0]),
                      "user": float(last[1]), "sys": float(last[2]), "rss_kb": int(last[3])})
    return time.perf_counter() - t0, stats


def repeat(name, fn, runs=RUNS):
    """fn() -> (wall, [stats]) ; keep median wall, max RSS per process slot."""
    walls, allstats = [], []
    for r in range(runs):
        w, st = fn()
        walls.append(w)
        allstats.append(st)
        log("  %-26s run %d: %.3f s" % (name, r + 1, w))
    procs = []
    for slot in range(len(allstats[0])):
        s = [a[slot] for a in allstats]
        procs.append({"prog": s[0]["prog"], "rss_kb": max(x["rss_kb"] for x in s),
                      "cpu": statistics.median(x["user"] + x["sys"] for x in s),
                      "wall": statistics.median(x["wall"] for x in s)})
    return {"median": statistics.median(walls), "runs": walls, "procs": procs}


# ---------------------------------------------------------------- MariaDB data

def q(s):
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def maria_model(n):
    r = random.Random(7_000_003 * n + 11)
    accts = []
    for i in range(1, n + 1):
        a = {"user": "bn_u%06d" % i, "host": HOSTS[i % 4], "i": i}
        x = r.random()
        a["state"] = "missing" if x < 0.1 else "drift" if x < 0.2 else "same"
        a["drift"] = r.randrange(2)
        a["table"] = r.random() < 0.1
        a["role"] = r.randrange(NROLES) if r.random() < 0.1 else None
        a["default_role"] = a["role"] is not None and r.random() < 0.5
        a["limits"] = r.random() < 0.01
        a["global"] = r.random() < 0.01
        a["locked"] = r.random() < 0.01
        accts.append(a)
    return accts


DB_COLS = ["Select_priv", "Insert_priv", "Update_priv", "Delete_priv", "Execute_priv"]


def maria_rows(accts, side, version_id):
    gp, db, tp, rm = [], [], [], []
    for k in range(NROLES):
        gp.append(("", "bn_role_%d" % k, {"access": 0, "version_id": version_id, "is_role": True}))
        db.append(("", "app_%d" % k, "bn_role_%d" % k, ("Y", "N", "N", "N", "Y")))
    for k in range(NROLES):  # as CREATE ROLE by admin would leave it
        rm.append(("127.0.0.1", "admin", "bn_role_%d" % k, "Y"))
    for k in (1, 3, 5):  # role-to-role: bn_role_k granted to bn_role_(k-1)
        rm.append(("", "bn_role_%d" % (k - 1), "bn_role_%d" % k, "N"))
    for a in accts:
        if side == "target" and a["state"] == "missing":
            continue
        u, h, i = a["user"], a["host"], a["i"]
        pw = "*" + hashlib.sha1(hashlib.sha1(b"pw%d" % i).digest()).hexdigest().upper()
        priv = {"access": 1048896 if a["global"] else 0, "version_id": version_id,
                "plugin": "mysql_native_password", "authentication_string": pw,
                "password_last_changed": PW_TS}
        if a["limits"]:
            priv.update(max_questions=1000, max_user_connections=5)
        if a["locked"]:
            priv["account_locked"] = True
        if a["default_role"]:
            priv["default_role"] = "bn_role_%d" % a["role"]
        gp.append((h, u, priv))
        drift = side == "target" and a["state"] == "drift"
        app = ("Y", "Y", "N" if drift and a["drift"] == 0 else "Y", "Y", "N")
        rpt = ("Y", "N", "N", "Y" if drift and a["drift"] == 1 else "N", "N")
        db.append((h, "app_%d" % (i % 50), u, app))
        db.append((h, "rpt_%d" % (i % 20), u, rpt))
        db.append((h, "log_%d" % (i % 10), u, ("N", "Y", "N", "N", "N")))
        if a["table"]:
            tp.append((h, "app_%d" % (i % 50), u, "t%d" % (i % 10)))
        if a["role"] is not None:
            rm.append((h, u, "bn_role_%d" % a["role"], "N"))
    return gp, db, tp, rm


def batched(rows, size=2000):
    for k in range(0, len(rows), size):
        yield rows[k:k + size]


def maria_seed_sql(accts, side, version_id):
    gp, db, tp, rm = maria_rows(accts, side, version_id)
    out = ["SET SESSION sql_mode='';"]
    for t in ("global_priv", "db", "tables_priv", "columns_priv", "procs_priv", "roles_mapping"):
        out.append("DELETE FROM mysql.%s WHERE User LIKE 'bn\\_%%';" % t)
    out.append("DELETE FROM mysql.roles_mapping WHERE Role LIKE 'bn\\_%';")
    for b in batched(gp):
        out.append("INSERT INTO mysql.global_priv (Host,User,Priv) VALUES " + ",".join(
            "(%s,%s,%s)" % (q(h), q(u), q(json.dumps(p, separators=(",", ":")))) for h, u, p in b) + ";")
    for b in batched(db):
        out.append("INSERT INTO mysql.db (Host,Db,User,%s) VALUES " % ",".join(DB_COLS) + ",".join(
            "(%s,%s,%s,%s)" % (q(h), q(d), q(u), ",".join(q(v) for v in p)) for h, d, u, p in b) + ";")
    for b in batched(tp):
        out.append("INSERT INTO mysql.tables_priv (Host,Db,User,Table_name,Grantor,Timestamp,"
                   "Table_priv,Column_priv) VALUES " + ",".join(
                       "(%s,%s,%s,%s,'admin@127.0.0.1','2024-01-01 00:00:00','Select,Update','')"
                       % (q(h), q(d), q(u), q(t)) for h, d, u, t in b) + ";")
    for b in batched(rm):
        out.append("INSERT INTO mysql.roles_mapping (Host,User,Role,Admin_option) VALUES " + ",".join(
            "(%s,%s,%s,%s)" % tuple(q(x) for x in row) for row in b) + ";")
    out.append("FLUSH PRIVILEGES;")
    return "\n".join(out) + "\n"


MARIA_SCHEMA = "".join(
    "CREATE DATABASE IF NOT EXISTS app_%d;" % d + "".join(
        "CREATE TABLE IF NOT EXISTS app_%d.t%d (a int);" % (d, t) for t in range(10))
    for d in range(50))


def sql_file_text(path):
    lines = [l for l in open(path) if not l.lstrip().startswith("--")]
    return " ".join(l.strip() for l in lines).rstrip(";")


# The floor: the raw catalog rows, `SELECT *` of the grant tables
# the plan needs, not rdsclone's own queries (whose cost rises with
# whatever they make the server do).
MARIA_RAW_TABLES = ("global_priv", "db", "tables_priv", "columns_priv", "procs_priv",
                    "proxies_priv", "roles_mapping")
MARIA_RAW_FLOOR = "".join("SELECT * FROM mysql.%s;\n" % t for t in MARIA_RAW_TABLES)

MARIA_FLOOR = ";\n".join(sql_file_text(os.path.join(ROOT, "sql/mysql", f)) for f in (
    "accounts_mariadb.sql", "db.sql", "tables_priv.sql", "columns_priv.sql", "procs_priv.sql",
    "roles_mapping_mariadb.sql")) + ";\n"


# ---------------------------------------------------------------- PostgreSQL data

def _b64(b):
    return base64.b64encode(b).decode()


def scram_one(i, iters):
    salt = hashlib.sha256(b"salt%d" % i).digest()[:16]
    salted = hashlib.pbkdf2_hmac("sha256", b"pw%d" % i, salt, iters)
    ck = hmac.new(salted, b"Client Key", "sha256").digest()
    sk = hmac.new(salted, b"Server Key", "sha256").digest()
    return "SCRAM-SHA-256$%d:%s$%s:%s" % (iters, _b64(salt), _b64(hashlib.sha256(ck).digest()),
                                         _b64(sk))


def scram_range(lo_hi_iters):
    lo, hi, iters = lo_hi_iters
    return [scram_one(i, iters) for i in range(lo, hi)]


def scram_verifiers(n):
    """Verifiers for roles 1..n, cached in BENCH_WORK (deterministic salts)."""
    iters = scram_iter(n)
    cache = os.path.join(WORK, "cache", "scram-%d.txt" % iters)
    os.makedirs(os.path.dirname(cache), exist_ok=True)
    have = open(cache).read().split() if os.path.exists(cache) else []
    if len(have) < n:
        t0 = time.time()
        step = 2000
        chunks = [(k, min(k + step, n + 1), iters) for k in range(len(have) + 1, n + 1, step)]
        with ProcessPoolExecutor(os.cpu_count() or 2) as ex:
            for part in ex.map(scram_range, chunks):
                have.extend(part)
        with open(cache + ".tmp", "w") as f:
            f.write("\n".join(have) + "\n")
        os.replace(cache + ".tmp", cache)
        log("computed %d SCRAM verifiers in %.1f s" % (len(chunks) and n, time.time() - t0))
    return [None] + have[:n]


def pg_model(n):
    r = random.Random(9_000_011 * n + 5)
    roles = []
    for i in range(1, n + 1):
        a = {"name": "bn_u%06d" % i, "i": i}
        x = r.random()
        a["state"] = "missing" if x < 0.1 else "drift" if x < 0.2 else "same"
        a["drift"] = r.randrange(4)
        g1 = r.randrange(NGROUPS)
        g2 = (g1 + 1 + r.randrange(NGROUPS - 1)) % NGROUPS
        a["groups"] = [g1, g2]
        a["extra_group"] = (g2 + 1 + r.randrange(NGROUPS - 2)) % NGROUPS
        if a["extra_group"] == g1:
            a["extra_group"] = (a["extra_group"] + 1) % NGROUPS
        a["createdb"] = r.random() < 0.01
        a["connlimit"] = 10 if r.random() < 0.01 else None
        a["valid"] = r.random() < 0.01
        a["work_mem"] = r.random() < 0.1
        a["indb"] = r.random() < 0.05
        roles.append(a)
    return roles


def pg_seed_sql(roles, side, verifiers):
    """Seed statements, in transactions of at most 2 000: PostgreSQL 17
    holds a lock per role created in a transaction and runs out of its
    lock table (max_locks_per_transaction) at 10 000 in one."""
    lines = pg_seed_statements(roles, side, verifiers)
    out = []
    for k in range(0, len(lines), 2000):
        out += ["BEGIN;", "SET LOCAL synchronous_commit = off;"] + lines[k:k + 2000] + ["COMMIT;"]
    return "\n".join(out) + "\n"


def pg_seed_statements(roles, side, verifiers):
    out = []
    for g in range(NGROUPS):
        out.append("CREATE ROLE bn_g%02d NOLOGIN;" % g)
    for g in range(0, 10, 2):  # some group-in-group
        out.append("GRANT bn_g%02d TO bn_g%02d;" % (g + 1, g))
    grants, sets = [], []
    for a in roles:
        if side == "target" and a["state"] == "missing":
            continue
        drift = a["drift"] if side == "target" and a["state"] == "drift" else None
        n, attrs = a["name"], ["LOGIN"]
        if a["createdb"]:
            attrs.append("CREATEDB")
        conn = a["connlimit"]
        if drift == 2:
            conn = 3
        if conn is not None:
            attrs.append("CONNECTION LIMIT %d" % conn)
        if a["valid"]:
            attrs.append("VALID UNTIL '2030-01-01 00:00:00+00'")
        out.append("CREATE ROLE %s %s PASSWORD '%s';" % (n, " ".join(attrs), verifiers[a["i"]]))
        groups = list(a["groups"])
        if drift == 0:
            groups = groups[:1]
        elif drift == 1:
            groups.append(a["extra_group"])
        for g in groups:
            grants.append("GRANT bn_g%02d TO %s;" % (g, n))
        if a["work_mem"] or drift == 3:
            sets.append("ALTER ROLE %s SET work_mem = '%s';" % (n, "16MB" if drift == 3 else "8MB"))
        if a["indb"]:
            sets.append("ALTER ROLE %s IN DATABASE benchdb SET search_path = app, public;" % n)
    return out + grants + sets


def pg_floor_script(dbs):
    """rdsclone's own PostgreSQL catalog queries (sql/pg), fetched by psql:
    the cluster-wide ones once, the per-database one in every database."""
    f = lambda name: sql_file_text(os.path.join(ROOT, "sql/pg", name)) + ";\n"
    out = "".join(f(x) for x in ("pg_roles_authid.sql", "pg_members.sql", "pg_settings.sql",
                                   "pg_databases.sql", "pg_database_privs.sql"))
    for db in dbs:
        out += "\\c %s\n" % db + f("pg_object_privs.sql")
    return out


# Raw PostgreSQL catalog rows: the role tables whole, and for every catalog
# with an ACL the columns rdsclone reads (name, owner, ACL); the
# cluster-wide ones once, the per-database ones in every database.
PG_RAW_CLUSTER = [
    "SELECT * FROM pg_authid",
    "SELECT * FROM pg_auth_members",
    "SELECT * FROM pg_db_role_setting",
    "SELECT oid, datname, datdba, datistemplate, datallowconn, datacl FROM pg_database",
    "SELECT oid, spcname, spcowner, spcacl FROM pg_tablespace",
    "SELECT oid, parname, paracl FROM pg_parameter_acl",
]
PG_RAW_PER_DB = [
    "SELECT oid, nspname, nspowner, nspacl FROM pg_namespace",
    "SELECT oid, relname, relnamespace, relkind, relowner, relacl FROM pg_class",
    "SELECT attrelid, attname, attacl FROM pg_attribute WHERE attacl IS NOT NULL",
    "SELECT oid, proname, pronamespace, proowner, proacl FROM pg_proc",
    "SELECT oid, typname, typnamespace, typowner, typtype, typarray, typacl FROM pg_type",
    "SELECT oid, lanname, lanowner, lanacl FROM pg_language",
    "SELECT oid, fdwname, fdwowner, fdwacl FROM pg_foreign_data_wrapper",
    "SELECT oid, srvname, srvowner, srvacl FROM pg_foreign_server",
    "SELECT oid, lomowner, lomacl FROM pg_largeobject_metadata",
    "SELECT * FROM pg_default_acl",
]


def pg_raw_floor_script(dbs):
    out = "".join(q + ";\n" for q in PG_RAW_CLUSTER)
    for db in dbs:
        out += "\\c %s\n" % db + "".join(q + ";\n" for q in PG_RAW_PER_DB)
    return out


# ---------------------------------------------------------------- equality

USER_RE = re.compile(r"bn_u\d{6}")


def maria_catalog(m):
    """Per-account normalised catalog (server's own tables)."""
    acc = {}

    def put(key, what):
        acc.setdefault(key, []).append(what)
    out = m.run_sql("SELECT User, Host, Priv FROM mysql.global_priv WHERE User LIKE 'bn\\_%';"
                    "SELECT User, Host, Db, CONCAT_WS(',',Select_priv,Insert_priv,Update_priv,"
                    "Delete_priv,Create_priv,Drop_priv,Grant_priv,References_priv,Index_priv,"
                    "Alter_priv,Create_tmp_table_priv,Lock_tables_priv,Create_view_priv,"
                    "Show_view_priv,Create_routine_priv,Alter_routine_priv,Execute_priv,Event_priv,"
                    "Trigger_priv,Delete_history_priv) FROM mysql.db WHERE User LIKE 'bn\\_%';"
                    "SELECT User, Host, Db, Table_name, Table_priv, Column_priv FROM mysql.tables_priv "
                    "WHERE User LIKE 'bn\\_%';"
                    "SELECT User, Host, Role, Admin_option FROM mysql.roles_mapping "
                    "WHERE User LIKE 'bn\\_%';")
    for line in out.splitlines():
        f = line.split("\t")
        if len(f) == 3 and f[2].startswith("{"):
            p = json.loads(f[2])
            for k in ("password_last_changed", "version_id"):
                p.pop(k, None)
            put((f[0], f[1]), ("acct", json.dumps(p, sort_keys=True)))
        else:
            put((f[0], f[1]), tuple(f[2:]))
    return {k: sorted(v) for k, v in acc.items()}


def maria_show(m):
    """SHOW CREATE USER + SHOW GRANTS for every bench account, per account."""
    names = m.run_sql("SELECT User, Host FROM mysql.global_priv WHERE User LIKE 'bn\\_%'")
    accts = [tuple(l.split("\t")) for l in names.splitlines() if l]
    script = []
    for u, h in accts:
        a = "`%s`@`%s`" % (u, h) if h else "`%s`" % u
        script.append("SELECT '#%s@%s';" % (u, h))
        if h:
            script.append("SHOW CREATE USER %s;" % a)
        script.append("SHOW GRANTS FOR %s;" % a)
    out = m.run_sql("\n".join(script))
    res, cur = {}, None
    for line in out.splitlines():
        if line.startswith("#bn_"):
            u, _, h = line[1:].partition("@")
            cur = res.setdefault((u, h), [])
        elif cur is not None:
            cur.append(line)
    return {k: sorted(v) for k, v in res.items()}


def pg_catalog(p):
    acc = {}
    out = p.run_sql(
        "SELECT rolname, concat_ws(',', rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin,"
        " rolreplication, rolbypassrls, rolconnlimit, rolvaliduntil), rolpassword FROM pg_authid"
        " WHERE rolname LIKE 'bn\\_%';"
        "SELECT m.rolname, 'member of ' || r.rolname, a.admin_option FROM pg_auth_members a"
        " JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member"
        " WHERE m.rolname LIKE 'bn\\_%';"
        "SELECT r.rolname, 'set in ' || coalesce(d.datname, '*'), array_to_string(s.setconfig, ';')"
        " FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole"
        " LEFT JOIN pg_database d ON d.oid = s.setdatabase WHERE r.rolname LIKE 'bn\\_%';")
    for line in out.splitlines():
        f = line.split("\t")
        acc.setdefault(f[0], []).append(tuple(f[1:]))
    return {k: sorted(v) for k, v in acc.items()}


def compare(src, tgt, states):
    """Accounts that differ, counted by their seeded state."""
    diff = {}
    for k in set(src) | set(tgt):
        if src.get(k) != tgt.get(k):
            name = k[0] if isinstance(k, tuple) else k
            st = states.get(name, "other")
            diff[st] = diff.get(st, 0) + 1
    return {"equal": not diff, "differing": diff, "accounts": len(src)}


# ---------------------------------------------------------------- steps

def count_statements(path):
    n = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            s = line.strip()
            if s and not s.startswith("--") and s.endswith(";") and s.upper() not in ("BEGIN;", "COMMIT;"):
                n += 1
    return n


def statements_for(path, names):
    n = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            s = line.strip()
            if s and not s.startswith("--") and s.endswith(";"):
                if any(u in names for u in USER_RE.findall(s)):
                    n += 1
    return n


def rdsclone_works(src, tgt, env):
    p = subprocess.run([RDSCLONE, "plan", "--source", src.uri(), "--target", tgt.uri(), "-q"],
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return p.returncode in (0, 2), p.stderr.decode()[-500:].strip()


def bytes_of(*paths):
    return sum(os.path.getsize(p) for p in paths)


def measure_floors(d, src, tgt, raw_sql, own_sql, cli, env, res):
    """Both floors, each fetched by the CLI client from both servers at
    once: floor_raw (the raw catalog rows, the issue's floor) and floor
    (rdsclone's own queries, kept as the second column)."""
    for key, text, tag in (("floor_raw", raw_sql, "raw"), ("floor", own_sql, "own")):
        fs, ft = (os.path.join(d, "floor-%s-%s.tsv" % (tag, side)) for side in ("src", "tgt"))
        path = os.path.join(d, "floor-%s.sql" % tag)
        with open(path, "w") as f:
            f.write(text)
        res["steps"][key] = repeat(key, lambda: timed(
            [(cli(src), path, fs, (0,)), (cli(tgt), path, ft, (0,))], env))
        res["catalog_bytes" if key == "floor" else "catalog_bytes_raw"] = bytes_of(fs, ft)


def seed_maria(n, src, tgt, d, res):
    accts = maria_model(n)
    states = {a["user"]: a["state"] for a in accts}
    missing = {a["user"] for a in accts if a["state"] == "missing"}
    vid = int(src.run_sql("SELECT JSON_VALUE(Priv,'$.version_id') FROM mysql.global_priv "
                          "WHERE User='admin' LIMIT 1").strip())
    for side, m in (("source", src), ("target", tgt)):
        path = os.path.join(d, "seed-%s.sql" % side)
        with open(path, "w") as f:
            f.write(maria_seed_sql(accts, side, vid))
        m.run_sql(MARIA_SCHEMA)
    t0 = time.time()
    src.run_file(os.path.join(d, "seed-source.sql"))
    tgt.run_file(os.path.join(d, "seed-target.sql"))
    res["seed_s"] = round(time.time() - t0, 2)
    log("mariadb: seeded N=%d in %.1f s" % (n, res["seed_s"]))
    return accts, states, missing


def measure_maria(n, res):
    src, tgt = Maria(os.environ["M1_DIR"]), Maria(os.environ["M2_DIR"])
    d = os.path.join(WORK, "m%d" % n)
    os.makedirs(d, exist_ok=True)
    accts, states, missing = seed_maria(n, src, tgt, d, res)
    env = dict(src.env, RDSCLONE_SOURCE_PASSWORD="adminpw", RDSCLONE_TARGET_PASSWORD="adminpw")
    res["counts"] = {"accounts": n, "roles": NROLES, "missing": len(missing),
                     "drifted": sum(1 for a in accts if a["state"] == "drift")}
    res["before"] = compare(maria_catalog(src), maria_catalog(tgt), states)
    steps = res["steps"] = {}

    measure_floors(d, src, tgt, MARIA_RAW_FLOOR, MARIA_FLOOR, lambda m: m.cli(), env, res)

    ga, gb, gd = (os.path.join(d, x) for x in ("ptsg-src.sql", "ptsg-tgt.sql", "ptsg.diff"))

    def anchor_plan():
        w1, s1 = timed([(["pt-show-grants", "--host", "127.0.0.1", "--port", m.port, "--user",
                          "admin", "--password", "adminpw"], None, out, (0,))
                        for m, out in ((src, ga), (tgt, gb))], env)
        w2, s2 = timed([(["diff", ga, gb], None, gd, (0, 1))], env)
        return w1 + w2, s1 + s2
    if n > ANCHOR_MAX_N:
        res["skipped"] = {"anchor_plan": "N > ANCHOR_MAX_N=%d: pt-show-grants takes minutes a "
                                         "run here" % ANCHOR_MAX_N}
    else:
        steps["anchor_plan"] = repeat("pt-show-grants pair+diff", anchor_plan)

    rtxt = os.path.join(d, "rdsclone-plan.txt")
    ok, err = rdsclone_works(src, tgt, env)
    if not ok:
        raise RuntimeError("rdsclone plan failed on MariaDB: " + err)
    steps["rdsclone_plan"] = repeat("rdsclone plan", lambda: timed(
        [([RDSCLONE, "plan", "--source", src.uri(), "--target", tgt.uri()], None, rtxt, (2,))], env))

    # the SQL rdsclone would run, and the anchor's replay for the missing accounts
    rsql = os.path.join(d, "rdsclone.sql")
    with open(rsql, "wb") as f:
        p = subprocess.run([RDSCLONE, "plan", "--source", src.uri(), "--target", tgt.uri(),
                            "--format", "sql", "--show-secrets"], env=env, stdout=f)
        assert p.returncode == 2, p.returncode
    res["statements"] = {"rdsclone_total": count_statements(rsql),
                         "rdsclone_for_missing": statements_for(rsql, missing)}
    if n > ANCHOR_MAX_N:
        maria_apply(n, src, tgt, d, rsql, None, states, env, res)
        return
    blocks, cur = {}, None
    for line in open(ga, encoding="utf-8"):
        if line.startswith("-- Grants for "):
            cur = blocks.setdefault(line.strip(), [])
        elif cur is not None and not line.startswith("--"):
            cur.append(line)
    have = {l.strip() for l in open(gb, encoding="utf-8") if l.startswith("-- Grants for ")}
    anchor_sql = os.path.join(d, "anchor-replay.sql")
    with open(anchor_sql, "w") as f:
        for k, v in blocks.items():
            if k not in have:
                f.writelines(v)
    res["statements"].update(anchor_replay=count_statements(anchor_sql),
                             anchor_accounts=len(blocks) - len(blocks.keys() & have))
    maria_apply(n, src, tgt, d, rsql, anchor_sql, states, env, res)


def maria_apply(n, src, tgt, d, rsql, anchor_sql, states, env, res):
    """The applies: the anchor's replay (when there is one), rdsclone
    apply, rdsclone's SQL replayed by the client; each from the seed."""
    steps = res["steps"]

    def reset():
        tgt.run_file(os.path.join(d, "seed-target.sql"))

    def replay(path, check_key):
        def one():
            reset()
            return timed([(tgt.cli(), path, None, (0,))], env)
        return repeat(check_key, one, APPLY_RUNS)
    why = skip_apply(n)
    if why:
        res.setdefault("skipped", {}).update(anchor_apply=why, rdsclone_apply=why,
                                             rdsclone_sql_replay=why)
        reset()
        return
    if anchor_sql:
        steps["anchor_apply"] = replay(anchor_sql, "anchor apply (mariadb <)")
        res["equal_after_anchor_apply"] = equality_maria(src, tgt, states)

    def rd_apply():
        reset()
        return timed([([RDSCLONE, "apply", "--source", src.uri(), "--target", tgt.uri()],
                       None, os.path.join(d, "rdsclone-apply.txt"), (0,))], env)
    steps["rdsclone_apply"] = repeat("rdsclone apply", rd_apply, APPLY_RUNS)
    res["equal_after_rdsclone_apply"] = equality_maria(src, tgt, states)
    steps["rdsclone_apply_noop"] = repeat("rdsclone apply (no-op)", lambda: timed(
        [([RDSCLONE, "apply", "--source", src.uri(), "--target", tgt.uri()], None, None, (0,))],
        env), APPLY_RUNS)

    steps["rdsclone_sql_replay"] = replay(rsql, "rdsclone SQL via mariadb <")
    res["equal_after_rdsclone_sql_replay"] = equality_maria(src, tgt, states)
    reset()


def equality_maria(src, tgt, states):
    return {"catalog": compare(maria_catalog(src), maria_catalog(tgt), states),
            "show": compare(maria_show(src), maria_show(tgt), states)}


def seed_pg(n, src, tgt, d, res):
    roles = pg_model(n)
    states = {a["name"]: a["state"] for a in roles}
    missing = {a["name"] for a in roles if a["state"] == "missing"}
    ver = scram_verifiers(n)
    t0 = time.time()
    procs = []
    for side, p in (("source", src), ("target", tgt)):
        path = os.path.join(d, "seed-%s.sql" % side)
        with open(path, "w") as f:
            f.write(pg_seed_sql(roles, side, ver))
        p.run_sql("CREATE DATABASE benchdb;")
        # both servers at once: CREATE ROLE ... PASSWORD '<SCRAM verifier>'
        # costs the server one PBKDF2 at the verifier's iteration count (it
        # checks that the password is not empty), ~3 ms at 4096
        procs.append(subprocess.Popen(p.cli("postgres", "-v", "ON_ERROR_STOP=1", "-f", path),
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                      env=p.env))
    for r in procs:
        err = r.communicate()[1]
        if r.returncode:
            raise RuntimeError("pg seed: " + err.decode()[-2000:])
    res["seed_s"] = round(time.time() - t0, 2)
    log("postgresql: seeded N=%d in %.1f s" % (n, res["seed_s"]))
    tgt.snapshot()
    return roles, states, missing


def dumpall_refuses(p):
    """pg_dumpall refuses a server newer than itself: its message, or None."""
    r = subprocess.run(["pg_dumpall", "--roles-only", "-h", "127.0.0.1", "-p", p.port, "-U",
                        "postgres"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       env=p.env)
    if r.returncode == 0:
        return None
    out = subprocess.run(["pg_dumpall", "--version"], stdout=subprocess.PIPE).stdout.decode()
    return "%s: %s" % (out.strip(), "; ".join(r.stderr.decode().strip().splitlines())[:300])


def measure_pg(n, res, key="postgresql"):
    dirs = ("P3_DIR", "P4_DIR") if key == "postgresql17" else ("P1_DIR", "P2_DIR")
    src, tgt = Pg(os.environ[dirs[0]]), Pg(os.environ[dirs[1]])
    res["server_version"] = src.run_sql("SHOW server_version;").strip()
    d = os.path.join(WORK, "%s-%d" % (key, n))
    os.makedirs(d, exist_ok=True)
    roles, states, missing = seed_pg(n, src, tgt, d, res)
    env = dict(src.env, RDSCLONE_SOURCE_PASSWORD="adminpw", RDSCLONE_TARGET_PASSWORD="adminpw")
    res["counts"] = {"roles": n, "groups": NGROUPS, "missing": len(missing),
                     "drifted": sum(1 for a in roles if a["state"] == "drift")}
    res["before"] = compare(pg_catalog(src), pg_catalog(tgt), states)
    steps = res["steps"] = {}

    dbs = ["postgres", "benchdb"]
    measure_floors(d, src, tgt, pg_raw_floor_script(dbs), pg_floor_script(dbs),
                   lambda p: p.cli("postgres"), env, res)

    ga, gb, gd = (os.path.join(d, x) for x in ("dumpall-src.sql", "dumpall-tgt.sql", "dumpall.diff"))

    def anchor_plan():
        w1, s1 = timed([(["pg_dumpall", "--roles-only", "-h", "127.0.0.1", "-p", p.port, "-U",
                          "postgres"], None, out, (0,)) for p, out in ((src, ga), (tgt, gb))], env)
        w2, s2 = timed([(["diff", ga, gb], None, gd, (0, 1))], env)
        return w1 + w2, s1 + s2
    refused = dumpall_refuses(src)
    why = skip_apply(n)
    if refused:
        res["skipped"] = {"anchor_plan": refused, "anchor_apply": refused}
    else:
        steps["anchor_plan"] = repeat("pg_dumpall pair+diff", anchor_plan)
        pg_anchor(n, src, tgt, d, ga, missing, states, env, res, why)
    tgt.restore()
    rdsclone_pg(n, src, tgt, d, missing, states, env, res, why)


def pg_anchor(n, src, tgt, d, ga, missing, states, env, res, why):
    """The anchor's replay of the missing roles' statements."""
    steps = res["steps"]
    anchor_sql = os.path.join(d, "anchor-replay.sql")
    with open(anchor_sql, "w") as f:
        for line in open(ga, encoding="utf-8"):
            s = line.strip()
            if s.startswith("--") or not s.endswith(";"):
                continue
            names = USER_RE.findall(s)
            if names and names[-1] in missing:
                f.write(line)
    res["statements"] = {"anchor_replay": count_statements(anchor_sql)}

    def anchor_apply():
        tgt.restore()
        return timed([(tgt.cli("postgres"), anchor_sql, None, (0,))], env)
    if why:
        res.setdefault("skipped", {})["anchor_apply"] = why
    else:
        steps["anchor_apply"] = repeat("anchor apply (psql -f)", anchor_apply, APPLY_RUNS)
        res["equal_after_anchor_apply"] = {"catalog": compare(pg_catalog(src), pg_catalog(tgt),
                                                              states)}


def rdsclone_pg(n, src, tgt, d, missing, states, env, res, why):
    """rdsclone's plan, apply and its SQL replayed by psql."""
    steps = res["steps"]

    ok, err = rdsclone_works(src, tgt, env)
    res["rdsclone_available"] = ok
    if not ok:
        res["rdsclone_error"] = err
        log("postgresql: rdsclone not available: " + err)
        return
    rtxt = os.path.join(d, "rdsclone-plan.txt")
    steps["rdsclone_plan"] = repeat("rdsclone plan", lambda: timed(
        [([RDSCLONE, "plan", "--source", src.uri(), "--target", tgt.uri()], None, rtxt, (2,))], env))
    rsql = os.path.join(d, "rdsclone.sql")
    with open(rsql, "wb") as f:
        p = subprocess.run([RDSCLONE, "plan", "--source", src.uri(), "--target", tgt.uri(),
                            "--format", "sql", "--show-secrets"], env=env, stdout=f)
        assert p.returncode == 2, p.returncode
    res.setdefault("statements", {}).update(rdsclone_total=count_statements(rsql),
                             rdsclone_for_missing=statements_for(rsql, missing))

    def rd_apply():
        tgt.restore()
        return timed([([RDSCLONE, "apply", "--source", src.uri(), "--target", tgt.uri()],
                       None, os.path.join(d, "rdsclone-apply.txt"), (0,))], env)
    if why:
        res.setdefault("skipped", {}).update(rdsclone_apply=why, rdsclone_sql_replay=why)
        return
    steps["rdsclone_apply"] = repeat("rdsclone apply", rd_apply, APPLY_RUNS)
    res["equal_after_rdsclone_apply"] = {"catalog": compare(pg_catalog(src), pg_catalog(tgt), states)}
    steps["rdsclone_apply_noop"] = repeat("rdsclone apply (no-op)", lambda: timed(
        [([RDSCLONE, "apply", "--source", src.uri(), "--target", tgt.uri()], None, None, (0,))],
        env), APPLY_RUNS)

    def rd_replay():
        tgt.restore()
        return timed([(tgt.cli("postgres"), rsql, None, (0,))], env)
    steps["rdsclone_sql_replay"] = repeat("rdsclone SQL via psql -f", rd_replay, APPLY_RUNS)
    res["equal_after_rdsclone_sql_replay"] = {"catalog": compare(pg_catalog(src), pg_catalog(tgt),
                                                                 states)}
    tgt.restore()


def cmd_measure(n):
    os.makedirs(RESULTS_DIR, exist_ok=True)
    out = {"n": n, "runs": RUNS, "apply_runs": 0 if skip_apply(n) else APPLY_RUNS,
           "scram_iter": scram_iter(n), "load": os.getloadavg()[0],
           "date": time.strftime("%Y-%m-%d %H:%M:%S"),
           "rdsclone_commit": os.environ.get("RDSCLONE_COMMIT") or subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                                             stdout=subprocess.PIPE).stdout.decode().strip()}
    engines = os.environ.get("ENGINES", "mariadb postgresql postgresql17").split()
    for eng, fn in (("mariadb", measure_maria), ("postgresql", measure_pg),
                    ("postgresql17", lambda n, r: measure_pg(n, r, "postgresql17"))):
        if eng not in engines:
            continue
        log("== %s N=%d" % (eng, n))
        r = out[eng] = {"measured": {"date": time.strftime("%Y-%m-%d %H:%M:%S"),
                                     "load": os.getloadavg()[0],
                                     "rdsclone_commit": out["rdsclone_commit"]}}
        try:
            fn(n, r)
        except Exception as e:  # record and go on with the other engine
            r["error"] = str(e)[-2000:]
            log("%s N=%d failed: %s" % (eng, n, e))
    path = os.path.join(RESULTS_DIR, "%d.json" % n)
    if os.path.exists(path):  # an engine measured on its own keeps the others'
        old = json.load(open(path))
        for eng in ("mariadb", "postgresql", "postgresql17"):
            if eng not in out and eng in old:
                out[eng] = old[eng]
    with open(path, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
    log("wrote " + path)


if __name__ == "__main__":
    if sys.argv[1] == "measure":
        cmd_measure(int(sys.argv[2]))
    elif sys.argv[1] == "seed":  # for bench/profile.sh: seed, measure nothing
        n = int(sys.argv[2])
        engines = os.environ.get("ENGINES", "mariadb postgresql").split()
        for eng, fn, cls, dirs in (("mariadb", seed_maria, Maria, ("M1_DIR", "M2_DIR")),
                                   ("postgresql", seed_pg, Pg, ("P1_DIR", "P2_DIR"))):
            if eng in engines:
                d = os.path.join(WORK, "%s%d" % (eng[0], n))
                os.makedirs(d, exist_ok=True)
                fn(n, cls(os.environ[dirs[0]]), cls(os.environ[dirs[1]]), d, {})
    elif sys.argv[1] == "report":
        import report
        report.main()
    else:
        sys.exit("usage: bench.py measure N | report")
