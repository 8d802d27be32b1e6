# SPDX-License-Identifier: Apache-2.0
"""catalog_compare.py - an account comparison that does not use rdsclone:
every privilege-bearing catalog table of two servers, read with the
servers' own command-line clients and compared row by row, so that a
test can say "equal" without trusting the code it tests.

Each reader takes run(sql) -> the client's tab-separated output with a
header line (mariadb --batch, psql -A -F '\t' with headers) and returns
{table: sorted rows}. Left out, with the reason: the columns that record
when or by whom a row was written (a re-created account is younger), and
the object identifiers that differ between clusters (names stand in).
"""
import hashlib
import json

# MariaDB: the grant tables, in the server's own terms.
MARIADB_TABLES = ("global_priv", "db", "tables_priv", "columns_priv",
                  "procs_priv", "proxies_priv", "roles_mapping")
# Times and grantors of a grant, not the grant.
MARIADB_SKIP_COLUMNS = {"Timestamp", "Grantor"}
# Priv JSON keys that record when, not what.
MARIADB_SKIP_PRIV = ("password_last_changed", "version_id")


def _rows(out):
    """Header and rows of one result in the clients' tab format."""
    lines = out.splitlines()
    if not lines:
        return [], []
    return lines[0].split("\t"), [ln.split("\t") for ln in lines[1:]]


def _masked(v):
    """A password hash as a short digest of it: rows still compare equal
    or not, and no verifier reaches a test's output."""
    if not v:
        return v
    return "secret:" + hashlib.sha256(v.encode()).hexdigest()[:12]


def _keep(header, rows, skip, secret=()):
    idx = [i for i, h in enumerate(header) if h not in skip]
    return [tuple(_masked(r[i]) if header[i] in secret else r[i]
                  for i in idx) for r in rows]


def mariadb_catalog(run):
    """{table: rows} of the grant tables and RDS's binlog retention."""
    out = {}
    for t in MARIADB_TABLES:
        header, rows = _rows(run("SELECT * FROM mysql.%s" % t))
        if t == "global_priv":
            norm = []
            for host, user, priv in rows:
                p = json.loads(priv)
                for k in MARIADB_SKIP_PRIV:
                    p.pop(k, None)
                for auth in [p] + p.get("auth_or", []):
                    if auth.get("authentication_string"):
                        auth["authentication_string"] = _masked(
                            auth["authentication_string"])
                norm.append((host, user, json.dumps(p, sort_keys=True)))
            out[t] = sorted(norm)
        else:
            out[t] = sorted(_keep(header, rows, MARIADB_SKIP_COLUMNS))
    header, rows = _rows(run("SELECT name, value FROM mysql.rds_configuration"
                             " WHERE name = 'binlog retention hours'"))
    out["rds_configuration"] = sorted(tuple(r) for r in rows)
    return out


# PostgreSQL: roles, memberships, settings and the ACLs of the objects
# every database shares (databases, tablespaces) and of this database's
# schemas, relations, functions and default privileges, by name.
PG_QUERIES = {
    "pg_authid": "SELECT * FROM pg_authid",
    "pg_auth_members":
        "SELECT r.rolname AS role_name, m.rolname AS member_name, a.* "
        "FROM pg_auth_members a JOIN pg_authid r ON r.oid = a.roleid "
        "JOIN pg_authid m ON m.oid = a.member",
    "pg_db_role_setting":
        "SELECT coalesce(d.datname, '*') AS db, r.rolname, s.setconfig "
        "FROM pg_db_role_setting s LEFT JOIN pg_authid r "
        "ON r.oid = s.setrole LEFT JOIN pg_database d "
        "ON d.oid = s.setdatabase",
    "pg_database": "SELECT datname, datacl FROM pg_database",
    "pg_namespace": "SELECT nspname, nspacl FROM pg_namespace",
    "pg_class":
        "SELECT n.nspname, c.relname, c.relacl FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relacl IS NOT NULL",
    "pg_proc":
        "SELECT p.oid::regprocedure::text AS proc, p.proacl FROM pg_proc p "
        "WHERE p.proacl IS NOT NULL",
    "pg_default_acl":
        "SELECT pg_get_userbyid(defaclrole) AS role, defaclobjtype, "
        "defaclacl FROM pg_default_acl",
}
# Object identifiers (names stand in) and the grantor of a membership.
PG_SKIP_COLUMNS = {"oid", "roleid", "member", "grantor"}


# The columns that name a role, per table, for leaving roles out.
PG_ROLE_COLUMNS = {"pg_authid": ("rolname",),
                   "pg_auth_members": ("role_name", "member_name"),
                   "pg_db_role_setting": ("rolname",)}


def pg_catalog(run, leave_out=()):
    """{table: rows}; the roles in leave_out (those rdsclone documents as
    left out: the bootstrap superuser, the sessions' own) are dropped."""
    out = {}
    for t, q in PG_QUERIES.items():
        header, rows = _rows(run(q))
        cols = [header.index(c) for c in PG_ROLE_COLUMNS.get(t, ())]
        rows = [r for r in rows if not any(r[i] in leave_out for i in cols)]
        out[t] = sorted(_keep(header, rows, PG_SKIP_COLUMNS,
                              secret=("rolpassword",)))
    return out


def differences(a, b, limit=10):
    """Lines naming what differs between two catalogs ([] when equal)."""
    out = []
    for t in sorted(set(a) | set(b)):
        ra, rb = set(a.get(t, [])), set(b.get(t, []))
        for r in sorted(ra - rb)[:limit]:
            out.append("%s: only on the first: %s" % (t, "\t".join(r)))
        for r in sorted(rb - ra)[:limit]:
            out.append("%s: only on the second: %s" % (t, "\t".join(r)))
    return out
