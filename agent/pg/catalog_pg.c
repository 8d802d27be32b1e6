/* SPDX-License-Identifier: Apache-2.0 */
/*
 * catalog_pg.c - shapes PostgreSQL catalog rows into row maps. Reads
 * nothing itself (engine_pg.c runs the queries); writes only the
 * snapshot.
 */
#include "pg/catalog_pg.h"
#include "core/options.h"
#include "core/err.h"
#include "core/snapshot.h"
#include "core/table.h"
#include "buf.h"
#include "core/rowmap.h"
#include "display.h"
#include "core/filter.h"

#include <stdlib.h>
#include <string.h>

static const char *const role_cols[RC__COUNT] = {
  "role", "host", "superuser", "inherit", "createrole", "createdb", "login",
  "replication", "bypassrls", "connection_limit", "valid_until", "password"
};
static const char *const member_cols[MC__COUNT] = {
  "member", "host", "role", "grantor", "admin_option", "inherit_option",
  "set_option"
};
static const char *const setting_cols[SC__COUNT] = {
  "role", "host", "database", "name", "value"
};
static const char *const database_cols[] = { "database" };
static const char *const priv_cols[PC__COUNT] = {
  "grantee", "host", "database", "object_type", "schema", "name", "args",
  "privilege", "grantable"
};
static const char *const object_cols[OC__COUNT] = {
  "object_type", "database", "schema", "name", "args", "owner",
  "owner_lacks"
};

const struct table_def catalog_pg_tables[PT__COUNT] = {
  { "role", role_cols, RC__COUNT, 2, 2, 1, 1UL << RC_PASSWORD, 0, 0, 0, 0 },
  { "membership", member_cols, MC__COUNT, 4, 4, 1, 0, 0, 0, 0, 0 },
  { "role_setting", setting_cols, SC__COUNT, 4, 4, 1, 0, 0, PT_DATABASE,
    SC_DATABASE, 0 },
  { "database", database_cols, 1, 1, 1, 0, 0, 0, 0, 0, 0 },
  { "privilege", priv_cols, PC__COUNT, 8, 7, 1, 0, 0, PT_DATABASE,
    PC_DATABASE, 0 },
  { "object", object_cols, OC__COUNT, 5, 5, 0, 0, 1UL << OC_OWNER,
    PT_DATABASE, OC_DATABASE, 0 },
};

/* GRANT's privilege keywords, and the version that first has each. */
static const struct { const char *kw; unsigned long since; } priv_kws[] = {
  { "SELECT", 0 }, { "INSERT", 0 }, { "UPDATE", 0 }, { "DELETE", 0 },
  { "TRUNCATE", 0 }, { "REFERENCES", 0 }, { "TRIGGER", 0 }, { "USAGE", 0 },
  { "CREATE", 0 }, { "CONNECT", 0 }, { "TEMPORARY", 0 }, { "EXECUTE", 0 },
  { "SET", 150000 }, { "ALTER SYSTEM", 150000 }, { "MAINTAIN", 170000 },
};

const char *catalog_pg_priv_keyword(const char *priv, unsigned long *since)
{
  size_t i;
  for(i = 0; i < sizeof(priv_kws) / sizeof(priv_kws[0]); i++)
    if(!strcmp(priv, priv_kws[i].kw)) {
      if(since)
        *since = priv_kws[i].since;
      return priv_kws[i].kw;
    }
  return NULL;
}

const char *catalog_pg_object_keyword(const char *objtype)
{
  static const char *const kws[] = {
    "DATABASE", "SCHEMA", "TABLE", "SEQUENCE", "ROUTINE", "COLUMN", "TYPE",
    "DOMAIN", "LANGUAGE", "FOREIGN DATA WRAPPER", "FOREIGN SERVER",
    "LARGE OBJECT", "TABLESPACE", "PARAMETER", "DEFAULT TABLES",
    "DEFAULT SEQUENCES", "DEFAULT FUNCTIONS", "DEFAULT TYPES",
    "DEFAULT SCHEMAS", NULL
  };
  size_t i;
  for(i = 0; kws[i]; i++)
    if(!strcmp(objtype, kws[i]))
      return kws[i];
  return NULL;
}

int catalog_pg_reserved(const char *role)
{
  static const char *const reserved[] = {
    "rdsadmin", "rds_superuser", "rds_replication", "rds_iam",
    "rds_password", "rdstopmgr", "rdsrepladmin", "rds_ad",
    "rds_extension", "rdsproxyadmin", NULL
  };
  size_t i;
  if(!strncmp(role, "pg_", 3))
    return 1;
  /* asked for every row read: the first byte rules out most names */
  for(i = 0; reserved[i]; i++)
    if(reserved[i][0] == role[0] && !strcmp(role, reserved[i]))
      return 1;
  return 0;
}

/* 1 when a role name matches one of the patterns (user@host, host ''). */
static int matches_any(const char *const *pats, size_t n, const char *role)
{
  size_t i, len = strlen(role);
  for(i = 0; i < n; i++)
    if(filter_pattern_match(pats[i], role, len, "", 0))
      return 1;
  return 0;
}

/* An account of the user's: not reserved, matching an include (or none
 * is given) and no exclude. */
static int in_scope(const struct rdsclone_options *o, const char *role)
{
  return !catalog_pg_reserved(role) &&
         !matches_any(o->exclude, o->nexclude, role) &&
         (!o->ninclude || matches_any(o->include, o->ninclude, role));
}

/* Predefined and RDS roles are never patterns' accounts: their grants
 * and memberships are in scope unless an include names the accounts
 * wanted (they are not among them) or an exclude names them. */
static int grantee_in_scope(const struct rdsclone_options *o,
                            const char *role)
{
  if(!catalog_pg_reserved(role))
    return in_scope(o, role);
  return !o->ninclude && !matches_any(o->exclude, o->nexclude, role);
}

/* 1 for roles RDS owns (rdsadmin, rds_superuser, ...), whose memberships
 * among the reserved roles are RDS's own. */
static int rds_role(const char *role)
{
  return !strncmp(role, "rds", 3) && catalog_pg_reserved(role);
}

static enum rdsclone_code add(struct snapshot *s, enum pg_table t,
                              const struct rowval *row, struct err *e)
{
  if(snapshot_add(s, (size_t)t, row) < 0)
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory reading %s",
                   catalog_pg_tables[t].name);
  return RDSCLONE_OK;
}

static struct rowval val(const char *p)
{
  struct rowval v = { p, p ? strlen(p) : 0 };
  return v;
}

enum rdsclone_code catalog_pg_init(struct snapshot *s, struct err *e)
{
  struct rowval pub[RC__COUNT];
  size_t i;
  for(i = 0; i < PT__COUNT; i++) {
    const struct table_def *t = &catalog_pg_tables[i];
    s->maps[i] = rowmap_new(t->name, t->cols, t->ncols, t->nkey);
    if(!s->maps[i])
      return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  }
  /* PUBLIC: the same pseudo-role on both sides, never created */
  for(i = 0; i < RC__COUNT; i++)
    pub[i] = val("");
  return add(s, PT_ROLE, pub, e);
}

enum rdsclone_code catalog_pg_role(struct snapshot *s,
                                   const struct rdsclone_options *o,
                                   const char *const *v, struct err *e)
{
  /* v: rolname, super, inherit, createrole, createdb, login, replication,
   * bypassrls, connlimit, validuntil, password, bootstrap */
  struct rowval row[RC__COUNT];
  size_t i;

  if(!v[0] || (v[11] && v[11][0] == 't') ||
     (!catalog_pg_reserved(v[0]) && !in_scope(o, v[0])))
    return RDSCLONE_OK;
  row[RC_NAME] = val(v[0]);
  row[RC_HOST] = val("");
  for(i = 1; i <= 10; i++)
    row[RC_HOST + i] = val(v[i]);
  /* no VALID UNTIL and 'infinity' both mean "never expires" */
  if(!v[9])
    row[RC_VALIDUNTIL] = val("infinity");
  return add(s, PT_ROLE, row, e);
}

enum rdsclone_code catalog_pg_member(struct snapshot *s,
                                     const struct rdsclone_options *o,
                                     const char *const *v, struct err *e)
{
  /* v: member, role, grantor, admin, inherit, set, builtin */
  struct rowval row[MC__COUNT];
  int member_reserved, role_reserved;
  if(!v[0] || !v[1] || (v[6] && v[6][0] == 't'))
    return RDSCLONE_OK;   /* initdb's own grants */
  member_reserved = catalog_pg_reserved(v[0]);
  role_reserved = catalog_pg_reserved(v[1]);
  /* RDS's grants among its own and the predefined roles are RDS's */
  if(member_reserved && role_reserved && (rds_role(v[0]) || rds_role(v[1])))
    return RDSCLONE_OK;
  /* a predefined role as the member: the granted role decides */
  if(!grantee_in_scope(o, member_reserved && !role_reserved ? v[1] : v[0]))
    return RDSCLONE_OK;
  row[MC_MEMBER] = val(v[0]);
  row[MC_HOST] = val("");
  row[MC_ROLE] = val(v[1]);
  row[MC_GRANTOR] = val(v[2] ? v[2] : "");
  row[MC_ADMIN] = val(v[3]);
  row[MC_INHERIT] = val(v[4]);
  row[MC_SET] = val(v[5]);
  return add(s, PT_MEMBER, row, e);
}

enum rdsclone_code catalog_pg_setting(struct snapshot *s,
                                      const struct rdsclone_options *o,
                                      const char *const *v, struct err *e)
{
  /* v: role, database ('' for all), "name=value" */
  struct rowval row[SC__COUNT];
  const char *eq;
  if(!v[0] || !v[2] || !in_scope(o, v[0]))
    return RDSCLONE_OK;
  eq = strchr(v[2], '=');
  if(!eq)
    return RDSCLONE_OK;   /* not a setting PostgreSQL would store */
  row[SC_ROLE] = val(v[0]);
  row[SC_HOST] = val("");
  row[SC_DATABASE] = val(v[1] ? v[1] : "");
  row[SC_NAME].ptr = v[2];
  row[SC_NAME].len = (size_t)(eq - v[2]);
  row[SC_VALUE] = val(eq + 1);
  return add(s, PT_SETTING, row, e);
}

enum rdsclone_code catalog_pg_database(struct snapshot *s,
                                       const char *const *v, struct err *e)
{
  struct rowval row[1];
  if(!v[0])
    return RDSCLONE_OK;
  row[0] = val(v[0]);
  return add(s, PT_DATABASE, row, e);
}

enum rdsclone_code catalog_pg_priv(struct snapshot *s,
                                   const struct rdsclone_options *o,
                                   const char *const *v, struct err *e)
{
  /* v: grantee ('' = PUBLIC), datname, objtype, schema, name, args,
   * privilege, grantable */
  struct rowval row[PC__COUNT];
  size_t i;
  if(!v[0] || (v[0][0] && !grantee_in_scope(o, v[0])))
    return RDSCLONE_OK;
  if(!v[0][0] && o->ninclude)
    return RDSCLONE_OK;   /* PUBLIC is no account an include names */
  if(!v[2] || !v[6] || !catalog_pg_object_keyword(v[2]) ||
     !catalog_pg_priv_keyword(v[6], NULL)) {
    /* a newer server's object type or privilege: say so, never guess */
    struct buf ex;
    enum rdsclone_code rc;
    buf_init(&ex, BUF_CAP_SMALL);
    buf_addf(&ex, "%s on %s ", v[6] ? v[6] : "?", v[2] ? v[2] : "?");
    display_add(&ex, v[4] ? v[4] : "", v[4] ? strlen(v[4]) : 0);
    rc = snapshot_not_compared(s, "privileges of a kind rdsclone does not "
                               "know", buf_str(&ex), 1, e);
    buf_release(&ex);
    return rc;
  }
  row[PC_GRANTEE] = val(v[0]);
  row[PC_HOST] = val("");
  for(i = 1; i < 8; i++)
    row[PC_HOST + i] = val(v[i] ? v[i] : "");
  return add(s, PT_PRIV, row, e);
}

enum rdsclone_code catalog_pg_pattern_notes(struct snapshot *s,
                                            const struct rdsclone_options *o,
                                            struct err *e)
{
  size_t i, n = o->ninclude + o->nexclude;
  for(i = 0; i < n; i++) {
    int inc = i < o->ninclude;
    const char *pat = inc ? o->include[i] : o->exclude[i - o->ninclude];
    size_t min = filter_pattern_min_user_len(pat);
    if(min <= CATALOG_PG_NAME_MAX)
      continue;
    if(buf_adds(&s->notes, inc ? "include pattern '" : "exclude pattern '"))
      return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
    display_add(&s->notes, pat, strlen(pat));
    if(buf_addf(&s->notes, "' matches no PostgreSQL role: its role name is "
                "longer than %d bytes (at least %zu), and the server "
                "truncates longer names to their first %d bytes when it "
                "creates them; name the role by those%s\n",
                CATALOG_PG_NAME_MAX, min, CATALOG_PG_NAME_MAX,
                inc ? "" : " (the role it meant stays in scope)"))
      return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  }
  return RDSCLONE_OK;
}

enum rdsclone_code catalog_pg_object(struct snapshot *s,
                                     const struct rdsclone_options *o,
                                     const char *const *v, struct err *e)
{
  /* v: datname ('' for the cluster's), objtype, schema, name, args,
   * owner, owner_lacks */
  struct rowval row[OC__COUNT];
  struct rowval d = val(v[0]);
  (void)o;
  if(!v[0] || !v[1] || !v[3])
    return RDSCLONE_OK;
  if(d.len && !rowmap_find(s->maps[PT_DATABASE], &d))
    return RDSCLONE_OK;   /* a database out of scope */
  row[OC_OBJTYPE] = val(v[1]);
  row[OC_DATABASE] = d;
  row[OC_SCHEMA] = val(v[2] ? v[2] : "");
  row[OC_NAME] = val(v[3]);
  row[OC_ARGS] = val(v[4] ? v[4] : "");
  row[OC_OWNER] = val(v[5] ? v[5] : "");
  row[OC_OWNER_LACKS] = val(v[6] ? v[6] : "");
  return add(s, PT_OBJECT, row, e);
}

enum rdsclone_code catalog_pg_acl_column(struct snapshot *s,
                                         const struct rdsclone_options *o,
                                         const char *const *v,
                                         struct err *e)
{
  /* v: catalog, column, rows holding an ACL there */
  struct buf ex;
  unsigned long n = v[2] ? strtoul(v[2], NULL, 10) : 0;
  enum rdsclone_code rc;
  (void)o;
  if(!v[0] || !v[1] || !n)
    return RDSCLONE_OK;
  buf_init(&ex, BUF_CAP_SMALL);
  buf_adds(&ex, "pg_catalog.");
  display_add(&ex, v[0], strlen(v[0]));
  buf_addc(&ex, '.');
  display_add(&ex, v[1], strlen(v[1]));
  rc = snapshot_not_compared(s, "ACLs in a catalog column rdsclone does "
                             "not read", buf_str(&ex), n, e);
  buf_release(&ex);
  return rc;
}
