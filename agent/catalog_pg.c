/*
 * catalog_pg.c - shapes PostgreSQL catalog rows into row maps. Reads
 * nothing itself (engine_pg.c runs the queries); writes only the
 * snapshot.
 */
#include "agent_int.h"
#include "catalog_pg.h"
#include "display.h"
#include "filter.h"

#include <string.h>

static const char *const role_cols[RC__COUNT] = {
  "role", "host", "superuser", "inherit", "createrole", "createdb", "login",
  "replication", "bypassrls", "connection_limit", "valid_until", "password"
};
static const char *const member_cols[MC__COUNT] = {
  "member", "host", "role", "admin_option", "inherit_option", "set_option"
};
static const char *const setting_cols[SC__COUNT] = {
  "role", "host", "database", "name", "value"
};
static const char *const database_cols[] = { "database" };
static const char *const priv_cols[PC__COUNT] = {
  "grantee", "host", "database", "object_type", "schema", "name", "args",
  "privilege", "grantable"
};

const struct table_def catalog_pg_tables[PT__COUNT] = {
  { "role", role_cols, RC__COUNT, 2, 2, 1, 1UL << RC_PASSWORD, 0, 0, 0 },
  { "membership", member_cols, MC__COUNT, 3, 3, 1, 0, 0, 0, 0 },
  { "role_setting", setting_cols, SC__COUNT, 4, 4, 1, 0, 0, PT_DATABASE,
    SC_DATABASE },
  { "database", database_cols, 1, 1, 1, 0, 0, 0, 0, 0 },
  { "privilege", priv_cols, PC__COUNT, 8, 7, 1, 0, 0, PT_DATABASE,
    PC_DATABASE },
};

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

static int in_scope(const struct rdsclone_options *o, const char *role)
{
  size_t i, len = strlen(role);
  int inc;
  if(catalog_pg_reserved(role))
    return 0;
  for(i = 0; i < o->nexclude; i++)
    if(filter_pattern_match(o->exclude[i], role, len, "", 0))
      return 0;
  inc = o->ninclude == 0;
  for(i = 0; i < o->ninclude && !inc; i++)
    inc = filter_pattern_match(o->include[i], role, len, "", 0);
  return inc;
}

static enum rdsclone_code add(struct snapshot *s, enum pg_table t,
                              const struct rowval *row, struct err *e)
{
  if(rowmap_add(s->maps[t], row) < 0)
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

  if(!v[0] || (v[11] && v[11][0] == 't') || !in_scope(o, v[0]))
    return RDSCLONE_OK;
  row[RC_NAME] = val(v[0]);
  row[RC_HOST] = val("");
  for(i = 1; i <= 10; i++)
    row[RC_HOST + i] = val(v[i]);
  return add(s, PT_ROLE, row, e);
}

enum rdsclone_code catalog_pg_member(struct snapshot *s,
                                     const struct rdsclone_options *o,
                                     const char *const *v, struct err *e)
{
  /* v: member, role, admin, inherit, set */
  struct rowval row[MC__COUNT];
  if(!v[0] || !v[1] || !in_scope(o, v[0]))
    return RDSCLONE_OK;
  row[MC_MEMBER] = val(v[0]);
  row[MC_HOST] = val("");
  row[MC_ROLE] = val(v[1]);
  row[MC_ADMIN] = val(v[2]);
  row[MC_INHERIT] = val(v[3]);
  row[MC_SET] = val(v[4]);
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
  if(!v[0] || (v[0][0] && !in_scope(o, v[0])))
    return RDSCLONE_OK;
  if(!v[0][0] && o->ninclude)
    return RDSCLONE_OK;   /* PUBLIC is no account an include names */
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
