/* SPDX-License-Identifier: Apache-2.0 */
/*
 * catalog_mysql.c - shapes MySQL/MariaDB catalog rows into row maps.
 * Reads nothing itself (engine_mysql.c streams the results in); never
 * writes anywhere but the snapshot.
 */
#include "mysql/catalog_mysql.h"
#include "core/options.h"
#include "core/err.h"
#include "core/snapshot.h"
#include "core/table.h"
#include "buf.h"
#include "core/rowmap.h"
#include "display.h"
#include "core/filter.h"
#include "mysql/mariadb_priv.h"
#include "mysql/reserved.h"
#include "sql_embedded.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ */
/* Table layouts                                                       */

static const char *const account_cols[AC__COUNT] = {
  "user", "host", "is_role", "auth", "ssl_type", "ssl_cipher",
  "x509_issuer", "x509_subject", "max_questions", "max_updates",
  "max_connections", "max_user_connections", "max_statement_time",
  "password_expired", "password_lifetime", "account_locked"
};
static const char *const pglobal_cols[] = { "user", "host", "priv" };
static const char *const pdb_cols[] = { "user", "host", "db", "privs" };
static const char *const ptable_cols[] = {
  "user", "host", "db", "table", "privs"
};
static const char *const pcolumn_cols[] = {
  "user", "host", "db", "table", "column", "privs"
};
static const char *const proutine_cols[] = {
  "user", "host", "db", "routine_type", "routine", "privs"
};
static const char *const rolegrant_cols[] = {
  "user", "host", "role", "role_host", "admin_option"
};
static const char *const defrole_cols[] = {
  "user", "host", "role", "role_host"
};
static const char *const config_cols[] = { "name", "value" };
static const char *const proxy_cols[PX__COUNT] = {
  "user", "host", "proxied_user", "proxied_host", "with_grant"
};
static const char *const restrict_cols[] = { "user", "host", "db", "privs" };
static const char *const object_cols[] = { "db", "type", "name", "column" };
static const char *const own_proxy_cols[] = { "proxied_user" };

const struct table_def catalog_mysql_tables[MT__COUNT] = {
  { "account", account_cols, AC__COUNT, 2, 2, 1, 1UL << AC_AUTH, 0, 0, 0, 0 },
  { "priv_global", pglobal_cols, 3, 3, 2, 1, 0, 0, 0, 0, 0 },
  /* one row per object, its privileges a set ("A,B,C", privset_add) */
  { "priv_db", pdb_cols, 4, 3, 3, 1, 0, 0, 0, 0, 0 },
  { "priv_table", ptable_cols, 5, 4, 4, 1, 0, 0, 0, 0, 0 },
  { "priv_column", pcolumn_cols, 6, 5, 4, 1, 0, 0, 0, 0, 0 },
  { "priv_routine", proutine_cols, 6, 5, 5, 1, 0, 0, 0, 0, 0 },
  { "role_grant", rolegrant_cols, 5, 4, 4, 1, 0, 0, 0, 0, 0 },
  { "default_role", defrole_cols, 4, 4, 2, 1, 0, 0, 0, 0, 1 },
  { "rds_config", config_cols, 2, 1, 1, 0, 0, 0, 0, 0, 0 },
  { "priv_proxy", proxy_cols, PX__COUNT, 4, 4, 1, 0, 0, 0, 0, 0 },
  /* one row per (account, database) holding its restricted privileges */
  { "partial_revoke", restrict_cols, 4, 3, 3, 1, 0, 0, 0, 0, 0 },
};

_Static_assert(MX__END <= MAX_TABLES, "a snapshot holds MAX_TABLES maps");

/* ------------------------------------------------------------------ */
/* Queries: sql/mysql/<name>.sql, declared in sql_embedded.h            */

const char *catalog_mysql_sql(enum mysql_query q)
{
  switch(q) {
  case MQ_ACCOUNTS_MARIADB: return sql_accounts_mariadb;
  case MQ_ACCOUNTS_MYSQL: return sql_accounts_mysql;
  case MQ_DB: return sql_db;
  case MQ_TABLES_PRIV: return sql_tables_priv;
  case MQ_COLUMNS_PRIV: return sql_columns_priv;
  case MQ_PROCS_PRIV: return sql_procs_priv;
  case MQ_ROLES_MAPPING: return sql_roles_mapping_mariadb;
  case MQ_ROLE_EDGES: return sql_role_edges_mysql;
  case MQ_DEFAULT_ROLES: return sql_default_roles_mysql;
  case MQ_GLOBAL_GRANTS: return sql_global_grants_mysql;
  case MQ_RDS_CONFIG: return sql_rds_show_configuration;
  case MQ_PROXIES: return sql_proxies_priv;
  case MQ_SETTINGS: return sql_settings;
  case MQ_SETTINGS_MYSQL8: return sql_settings_mysql8;
  case MQ_OBJ_SCHEMATA: return sql_objects_schemata;
  case MQ_OBJ_TABLES: return sql_objects_tables;
  case MQ_OBJ_COLUMNS: return sql_objects_columns;
  case MQ_OBJ_ROUTINES: return sql_objects_routines;
  case MQ__COUNT: break;
  }
  return NULL;
}

int catalog_mysql_applies(const struct snapshot *s, enum mysql_query q)
{
  int mysql8 = !s->is_mariadb && s->version_id >= 80000;
  /* partial_revokes is MySQL 8.0.16's */
  int revokes = !s->is_mariadb && s->version_id >= 80016;
  switch(q) {
  case MQ_ACCOUNTS_MARIADB:
  case MQ_ROLES_MAPPING:
    return s->is_mariadb;
  case MQ_ACCOUNTS_MYSQL:
    return !s->is_mariadb;
  case MQ_ROLE_EDGES:
  case MQ_DEFAULT_ROLES:
  case MQ_GLOBAL_GRANTS:
    return mysql8;
  case MQ_SETTINGS:
    return !revokes;
  case MQ_SETTINGS_MYSQL8:
    return revokes;
  case MQ_OBJ_SCHEMATA:
  case MQ_OBJ_TABLES:
  case MQ_OBJ_COLUMNS:
  case MQ_OBJ_ROUTINES:
    /* only grants the target lacks are checked against its objects */
    return !s->is_source;
  default:
    return 1;
  }
}

unsigned long catalog_mysql_writes(enum mysql_query q)
{
#define BIT(t) (1UL << (t))
  switch(q) {
  case MQ_ACCOUNTS_MARIADB:
  case MQ_ACCOUNTS_MYSQL:   /* Priv/User_attributes hold more than the
                               account: see account_row */
    return BIT(MT_ACCOUNT) | BIT(MT_PRIV_GLOBAL) | BIT(MT_PARTIAL_REVOKE) |
           BIT(MT_DEFAULT_ROLE);
  case MQ_DB: return BIT(MT_PRIV_DB);
  case MQ_TABLES_PRIV: return BIT(MT_PRIV_TABLE);
  case MQ_COLUMNS_PRIV: return BIT(MT_PRIV_COLUMN);
  case MQ_PROCS_PRIV: return BIT(MT_PRIV_ROUTINE);
  case MQ_ROLES_MAPPING:
  case MQ_ROLE_EDGES: return BIT(MT_ROLE_GRANT);
  case MQ_DEFAULT_ROLES: return BIT(MT_DEFAULT_ROLE);
  case MQ_GLOBAL_GRANTS: return BIT(MT_PRIV_GLOBAL);
  case MQ_RDS_CONFIG: return BIT(MT_RDS_CONFIG);
  case MQ_PROXIES: return BIT(MT_PRIV_PROXY);
  default: return 0;
  }
#undef BIT
}

/* Fields each query needs, by name (matched case-insensitively); the
 * order gives the index in struct ingest's col[]. */
static const char *const *query_fields(enum mysql_query q)
{
  static const char *const accounts[] = {
    "User", "Host", "is_role", "plugin", "authentication_string",
    "ssl_type", "ssl_cipher", "x509_issuer", "x509_subject",
    "max_questions", "max_updates", "max_connections",
    "max_user_connections", "max_statement_time", "password_expired",
    "password_lifetime", "account_locked", "Priv",
    "authentication_string_hex", "User_attributes", NULL
  };
  static const char *const db[] = { "User", "Host", "Db", NULL };
  static const char *const tables[] = {
    "User", "Host", "Db", "Table_name", "Table_priv", NULL
  };
  static const char *const columns[] = {
    "User", "Host", "Db", "Table_name", "Column_name", "Column_priv", NULL
  };
  static const char *const procs[] = {
    "User", "Host", "Db", "Routine_type", "Routine_name", "Proc_priv", NULL
  };
  static const char *const mapping[] = {
    "User", "Host", "Role", "Admin_option", NULL
  };
  static const char *const edges[] = {
    "TO_USER", "TO_HOST", "FROM_USER", "FROM_HOST", "WITH_ADMIN_OPTION",
    NULL
  };
  static const char *const defroles[] = {
    "USER", "HOST", "DEFAULT_ROLE_USER", "DEFAULT_ROLE_HOST", NULL
  };
  static const char *const global[] = {
    "USER", "HOST", "PRIV", "WITH_GRANT_OPTION", NULL
  };
  static const char *const config[] = { "name", "value", NULL };
  static const char *const proxies[] = {
    "User", "Host", "Proxied_user", "Proxied_host", "With_grant", NULL
  };
  static const char *const obj_schemata[] = {
    "SCHEMA_NAME", "OBJECT_TYPE", NULL
  };
  static const char *const obj_tables[] = {
    "TABLE_SCHEMA", "TABLE_NAME", NULL
  };
  static const char *const obj_columns[] = {
    "TABLE_SCHEMA", "TABLE_NAME", "COLUMN_NAME", NULL
  };
  static const char *const obj_routines[] = {
    "ROUTINE_SCHEMA", "ROUTINE_TYPE", "ROUTINE_NAME", NULL
  };

  switch(q) {
  case MQ_ACCOUNTS_MARIADB:
  case MQ_ACCOUNTS_MYSQL: return accounts;
  case MQ_DB: return db;
  case MQ_TABLES_PRIV: return tables;
  case MQ_COLUMNS_PRIV: return columns;
  case MQ_PROCS_PRIV: return procs;
  case MQ_ROLES_MAPPING: return mapping;
  case MQ_ROLE_EDGES: return edges;
  case MQ_DEFAULT_ROLES: return defroles;
  case MQ_GLOBAL_GRANTS: return global;
  case MQ_RDS_CONFIG:
  case MQ_SETTINGS:
  case MQ_SETTINGS_MYSQL8: return config;
  case MQ_PROXIES: return proxies;
  case MQ_OBJ_SCHEMATA: return obj_schemata;
  case MQ_OBJ_TABLES: return obj_tables;
  case MQ_OBJ_COLUMNS: return obj_columns;
  case MQ_OBJ_ROUTINES: return obj_routines;
  case MQ__COUNT: break;
  }
  return NULL;
}

/* Field indexes of the accounts queries, in query_fields() order. */
enum {
  F_USER, F_HOST, F_IS_ROLE, F_PLUGIN, F_AUTH, F_SSL_TYPE, F_SSL_CIPHER,
  F_X509_ISSUER, F_X509_SUBJECT, F_MAX_QUESTIONS, F_MAX_UPDATES,
  F_MAX_CONNECTIONS, F_MAX_USER_CONNECTIONS, F_MAX_STATEMENT_TIME,
  F_PASSWORD_EXPIRED, F_PASSWORD_LIFETIME, F_ACCOUNT_LOCKED, F_PRIV,
  F_AUTH_HEX, F_USER_ATTRIBUTES
};

/* Y/N privilege columns of mysql.user and mysql.db, and their keywords. */
static const struct { const char *col, *priv; } yn_privs[] = {
  { "Select_priv", "SELECT" }, { "Insert_priv", "INSERT" },
  { "Update_priv", "UPDATE" }, { "Delete_priv", "DELETE" },
  { "Create_priv", "CREATE" }, { "Drop_priv", "DROP" },
  { "Reload_priv", "RELOAD" }, { "Shutdown_priv", "SHUTDOWN" },
  { "Process_priv", "PROCESS" }, { "File_priv", "FILE" },
  { "Grant_priv", "GRANT OPTION" }, { "References_priv", "REFERENCES" },
  { "Index_priv", "INDEX" }, { "Alter_priv", "ALTER" },
  { "Show_db_priv", "SHOW DATABASES" }, { "Super_priv", "SUPER" },
  { "Create_tmp_table_priv", "CREATE TEMPORARY TABLES" },
  { "Lock_tables_priv", "LOCK TABLES" }, { "Execute_priv", "EXECUTE" },
  { "Repl_slave_priv", "REPLICATION SLAVE" },
  { "Repl_client_priv", "REPLICATION CLIENT" },
  { "Create_view_priv", "CREATE VIEW" }, { "Show_view_priv", "SHOW VIEW" },
  { "Create_routine_priv", "CREATE ROUTINE" },
  { "Alter_routine_priv", "ALTER ROUTINE" },
  { "Create_user_priv", "CREATE USER" }, { "Event_priv", "EVENT" },
  { "Trigger_priv", "TRIGGER" },
  { "Create_tablespace_priv", "CREATE TABLESPACE" },
  { "Delete_history_priv", "DELETE HISTORY" },
  { "Create_role_priv", "CREATE ROLE" }, { "Drop_role_priv", "DROP ROLE" },
  { "Show_create_routine_priv", "SHOW CREATE ROUTINE" },
};

/* ------------------------------------------------------------------ */

enum rdsclone_code catalog_mysql_init(struct snapshot *s, struct err *e)
{
  size_t i;
  for(i = 0; i < MT__COUNT; i++) {
    const struct table_def *t = &catalog_mysql_tables[i];
    s->maps[i] = rowmap_new(t->name, t->cols, t->ncols, t->nkey);
    if(!s->maps[i])
      return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  }
  return RDSCLONE_OK;
}

enum rdsclone_code catalog_mysql_set_session(struct snapshot *s,
                                             const char *user_at_host,
                                             const char *version,
                                             struct err *e)
{
  const char *at = user_at_host ? strrchr(user_at_host, '@') : NULL;
  unsigned a = 0, b = 0, c = 0;

  if(!at)
    return err_set(e, RDSCLONE_E_QUERY,
                   "CURRENT_USER() returned no user@host");
  s->current_user = strndup(user_at_host, (size_t)(at - user_at_host));
  s->current_host = strdup(at + 1);
  s->server_version = strdup(version ? version : "");
  if(!s->current_user || !s->current_host || !s->server_version)
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  s->is_mariadb = version && strstr(version, "MariaDB") != NULL;
  if(version && sscanf(version, "%u.%u.%u", &a, &b, &c) >= 2)
    s->version_id = a * 10000UL + b * 100UL + c;
  return RDSCLONE_OK;
}

int catalog_mysql_is_public(const struct snapshot *s, const char *user,
                            size_t ulen, const char *host, size_t hlen)
{
  return s->is_mariadb && user && ulen == 6 && !memcmp(user, "PUBLIC", 6) &&
         host && !hlen;
}

static enum rdsclone_code add_public_role(struct ingest *in, struct err *e);

enum rdsclone_code catalog_mysql_begin(struct ingest *in, struct snapshot *s,
                                       const struct rdsclone_options *o,
                                       enum mysql_query q,
                                       const char *const *names,
                                       size_t nfields, struct err *e)
{
  const char *const *want = query_fields(q);
  size_t i, k;

  memset(in, 0, sizeof(*in));
  in->s = s;
  in->o = o;
  in->q = q;
  for(k = 0; k < sizeof(in->col) / sizeof(in->col[0]); k++)
    in->col[k] = -1;
  for(k = 0; want[k]; k++) {
    in->col[k] = -1;
    for(i = 0; i < nfields; i++)
      if(!strcasecmp(names[i], want[k]))
        in->col[k] = (int)i;
  }
  /* User and Host (or their equivalents) are always required */
  if(in->col[0] < 0 || in->col[1] < 0)
    return err_set(e, RDSCLONE_E_QUERY,
                   "catalog query for %s returned no %s/%s columns",
                   catalog_mysql_tables[MT_ACCOUNT].name, want[0], want[1]);
  if((q == MQ_OBJ_SCHEMATA || q == MQ_OBJ_TABLES || q == MQ_OBJ_COLUMNS ||
      q == MQ_OBJ_ROUTINES) && !s->maps[MX_OBJECT]) {
    s->maps[MX_OBJECT] = rowmap_new("object", object_cols, 4, 4);
    if(!s->maps[MX_OBJECT])
      return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  }
  /* PUBLIC exists on every MariaDB 10.11+, whether or not global_priv
   * has its row yet (the first grant to PUBLIC writes it): so grants to
   * PUBLIC are compared, and revoked, like those of any role both
   * sides have. A row read later with the same key is dropped. */
  if(q == MQ_ACCOUNTS_MARIADB && s->version_id >= MARIADB_PUBLIC_VERSION) {
    enum rdsclone_code rc = add_public_role(in, e);
    if(rc)
      return rc;
  }
  /* MariaDB's account privileges are bits of Priv (mariadb_priv.c) */
  if(q == MQ_ACCOUNTS_MYSQL || q == MQ_DB) {
    for(i = 0; i < nfields && i < INGEST_MAX_FIELDS; i++) {
      size_t len = strlen(names[i]);
      int known = 0;
      for(k = 0; k < sizeof(yn_privs) / sizeof(yn_privs[0]); k++)
        if(!strcasecmp(names[i], yn_privs[k].col)) {
          in->yn_field[in->nyn] = (int)i;
          in->yn_priv[in->nyn] = yn_privs[k].priv;
          in->nyn++;
          known = 1;
        }
      if(!known && len > 5 && !strcasecmp(names[i] + len - 5, "_priv") &&
         in->nunknown < 8) {
        in->unknown_field[in->nunknown] = (int)i;
        snprintf(in->unknown_name[in->nunknown++], 64, "%s", names[i]);
      }
    }
  }
  return RDSCLONE_OK;
}

/* ------------------------------------------------------------------ */
/* Row helpers                                                         */

#define V(p) { (p), (p) ? strlen(p) : 0 }

static struct rowval field(const struct ingest *in, int k,
                           const char *const *vals,
                           const unsigned long *lens)
{
  struct rowval v = { NULL, 0 };
  int i = in->col[k];
  if(i >= 0 && vals[i]) {
    v.ptr = vals[i];
    v.len = lens[i];
  }
  return v;
}

static int in_scope(const struct ingest *in, const struct rowval *user,
                    const struct rowval *host)
{
  const struct rdsclone_options *o = in->o;
  size_t i;
  int inc;

  if(!user->ptr || !host->ptr)
    return 0;
  if(reserved_mysql_account(user->ptr, user->len))
    return 0;
  for(i = 0; i < o->nexclude; i++)
    if(filter_pattern_match(o->exclude[i], user->ptr, user->len,
                            host->ptr, host->len))
      return 0;
  inc = o->ninclude == 0;
  for(i = 0; i < o->ninclude && !inc; i++)
    inc = filter_pattern_match(o->include[i], user->ptr, user->len,
                               host->ptr, host->len);
  return inc;
}

static enum rdsclone_code add(struct ingest *in, enum mysql_table t,
                              const struct rowval *vals, struct err *e)
{
  if(snapshot_add(in->s, (size_t)t, vals) < 0)
    return err_set(e, RDSCLONE_E_NOMEM,
                   "out of memory (or NUL byte in a name) reading %s",
                   catalog_mysql_tables[t].name);
  return RDSCLONE_OK;
}

static int is_session(const struct ingest *in, const struct rowval *user,
                      const struct rowval *host)
{
  const struct snapshot *s = in->s;
  return s->current_user && user->ptr && host->ptr &&
         !strcmp(user->ptr, s->current_user) &&
         !strcmp(host->ptr, s->current_host);
}

static void note_own_priv(struct ingest *in, const char *priv)
{
  if(!in->s->own_privs.len)
    buf_addc(&in->s->own_privs, '\n');
  buf_adds(&in->s->own_privs, priv);
  buf_addc(&in->s->own_privs, '\n');
}

/* Adds (user, host, [object...], priv) to a privilege map. */
static enum rdsclone_code add_priv(struct ingest *in, enum mysql_table t,
                                   struct rowval *key, size_t nobj,
                                   const char *priv, struct err *e)
{
  key[2 + nobj].ptr = priv;
  key[2 + nobj].len = strlen(priv);
  return add(in, t, key, e);
}

/* The privileges one object grants, sorted bytewise without duplicates:
 * stored as one "A,B,C" value, so that two rows are equal exactly when
 * their sets are (render_mysql.c splits it again). */
struct privset {
  const char *v[64];
  size_t n;
  char store[1024];   /* copies of keywords read from SET columns */
  size_t used;
};

/* Adds kw (kept by pointer) unless present; -1 when the set is full,
 * which no server's row can make. */
static int privset_add(struct privset *s, const char *kw)
{
  size_t i, j;
  for(i = 0; i < s->n; i++) {
    int c = strcmp(kw, s->v[i]);
    if(!c)
      return 0;
    if(c < 0)
      break;
  }
  if(s->n == sizeof(s->v) / sizeof(s->v[0]))
    return -1;
  for(j = s->n; j > i; j--)
    s->v[j] = s->v[j - 1];
  s->v[i] = kw;
  s->n++;
  return 0;
}

/* Adds the row (user, host, [object...], "A,B,C") of a non-empty set. */
static enum rdsclone_code add_privset(struct ingest *in, enum mysql_table t,
                                      struct rowval *key, size_t nobj,
                                      const struct privset *set,
                                      struct err *e)
{
  char joined[2048];
  size_t i, len = 0, n;

  if(!set->n)
    return RDSCLONE_OK;   /* no privilege: no row, as before */
  for(i = 0; i < set->n; i++) {
    n = strlen(set->v[i]);
    if(len + n + 2 > sizeof(joined))
      return err_set(e, RDSCLONE_E_QUERY, "%s: privilege list too long",
                     catalog_mysql_tables[t].name);
    if(i)
      joined[len++] = ',';
    memcpy(joined + len, set->v[i], n);
    len += n;
  }
  joined[len] = 0;
  key[2 + nobj].ptr = joined;
  key[2 + nobj].len = len;
  return add(in, t, key, e);
}

/* "Select,Insert,Grant" (a SET column) into privilege keywords. */
static enum rdsclone_code add_set_privs(struct ingest *in, enum mysql_table t,
                                        struct rowval *key, size_t nobj,
                                        const struct rowval *setcol,
                                        struct err *e)
{
  const struct rowval *col = setcol;
  struct privset set;
  size_t i = 0;
  int full;

  set.n = set.used = 0;
  if(!col->ptr)
    return RDSCLONE_OK;
  while(i < col->len) {
    char word[64];
    size_t j = 0;
    while(i < col->len && col->ptr[i] != ',') {
      if(j < sizeof(word) - 1)
        word[j++] = (char)((col->ptr[i] >= 'a' && col->ptr[i] <= 'z')
                           ? col->ptr[i] - 32 : col->ptr[i]);
      i++;
    }
    i++;
    word[j] = 0;
    if(!j)
      continue;
    if(!strcmp(word, "GRANT"))
      full = privset_add(&set, "GRANT OPTION");
    else if(!strcmp(word, "DELETE VERSIONING ROWS"))
      full = privset_add(&set, "DELETE HISTORY");
    else if(set.used + j + 1 > sizeof(set.store))
      full = -1;
    else {
      memcpy(set.store + set.used, word, j + 1);
      full = privset_add(&set, set.store + set.used);
      set.used += j + 1;
    }
    if(full)
      return err_set(e, RDSCLONE_E_QUERY, "%s of '%.*s'@'%.*s': more "
                     "privileges in one row than any server has",
                     catalog_mysql_tables[t].name, (int)key[0].len,
                     key[0].ptr ? key[0].ptr : "", (int)key[1].len,
                     key[1].ptr ? key[1].ptr : "");
  }
  return add_privset(in, t, key, nobj, &set, e);
}

/* ------------------------------------------------------------------ */
/* Accounts                                                            */

static int hex_digit(char c)
{
  if(c >= '0' && c <= '9')
    return c - '0';
  if(c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  if(c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

/* HEX()'s output back into bytes (malloc'd, NUL-terminated; *len its
 * length). NULL with *len 0 when it is no hex, (size_t)-1 on OOM. */
static char *unhex(const struct rowval *h, size_t *len)
{
  char *out;
  size_t i;

  *len = 0;
  if(h->len % 2)
    return NULL;
  out = malloc(h->len / 2 + 1);
  if(!out) {
    *len = (size_t)-1;
    return NULL;
  }
  for(i = 0; i < h->len; i += 2) {
    int a = hex_digit(h->ptr[i]), b = hex_digit(h->ptr[i + 1]);
    if(a < 0 || b < 0) {
      memset(out, 0, h->len / 2 + 1);
      free(out);
      return NULL;
    }
    out[i / 2] = (char)(a * 16 + b);
  }
  out[h->len / 2] = 0;
  *len = h->len / 2;
  return out;
}

/* The authentication chain as an encoded list of (plugin, string);
 * raw: the string's bytes when read as hex (MySQL), else NULL. */
static char *auth_chain(const struct ingest *in, const struct mariadb_priv *mp,
                        const char *const *vals, const unsigned long *lens,
                        const struct rowval *raw, size_t *len)
{
  struct rowval parts[32];
  size_t n = 0;
  struct rowval plugin = field(in, F_PLUGIN, vals, lens);
  struct rowval auth = raw ? *raw : field(in, F_AUTH, vals, lens);
  const cJSON *chain = mp ? mp->auth_or : NULL;

  if(mp) {
    plugin = mp->plugin;
    auth = mp->auth;
  }
  if(cJSON_IsArray(chain)) {
    const cJSON *m;
    cJSON_ArrayForEach(m, chain) {
      const cJSON *p = cJSON_GetObjectItem(m, "plugin");
      const cJSON *a = cJSON_GetObjectItem(m, "authentication_string");
      if(n + 2 > sizeof(parts) / sizeof(parts[0]))
        break;
      if(cJSON_IsString(p)) {
        parts[n].ptr = p->valuestring;
        parts[n++].len = strlen(p->valuestring);
        parts[n].ptr = cJSON_IsString(a) ? a->valuestring : "";
        parts[n].len = strlen(parts[n].ptr);
        n++;
      }
      else if(plugin.ptr) {   /* {} stands for the top-level method */
        parts[n++] = plugin;
        parts[n++] = auth;
      }
    }
  }
  else if(plugin.ptr && plugin.len) {
    parts[n++] = plugin;
    parts[n].ptr = auth.ptr ? auth.ptr : "";
    parts[n].len = auth.ptr ? auth.len : 0;
    n++;
  }
  if(!n) {
    *len = 0;
    return strdup("");
  }
  return rowmap_key_encode(parts, n, len);
}

/* A global privilege of the account: noted when it is the session's own,
 * added when the account is in scope. */
static enum rdsclone_code global_priv(struct ingest *in, struct rowval *key,
                                      int own, int scoped, const char *priv,
                                      struct err *e)
{
  if(own)
    note_own_priv(in, priv);
  return scoped ? add_priv(in, MT_PRIV_GLOBAL, key, 0, priv, e)
                : RDSCLONE_OK;
}

/* The account columns that MySQL's mysql.user has and MariaDB keeps in
 * global_priv.Priv (mp NULL: read them from the result's fields). */
static void account_fields(const struct ingest *in,
                           const struct mariadb_priv *mp,
                           const char *const *vals, const unsigned long *lens,
                           struct rowval *row)
{
  if(mp) {
    row[AC_IS_ROLE] = mp->is_role;
    row[AC_SSL_TYPE] = mp->ssl_type;
    row[AC_SSL_CIPHER] = mp->ssl_cipher;
    row[AC_X509_ISSUER] = mp->x509_issuer;
    row[AC_X509_SUBJECT] = mp->x509_subject;
    row[AC_MAX_QUESTIONS] = mp->max_questions;
    row[AC_MAX_UPDATES] = mp->max_updates;
    row[AC_MAX_CONNECTIONS] = mp->max_connections;
    row[AC_MAX_USER_CONNECTIONS] = mp->max_user_connections;
    row[AC_MAX_STATEMENT_TIME] = mp->max_statement_time;
    row[AC_PASSWORD_EXPIRED] = mp->password_expired;
    return;
  }
  row[AC_IS_ROLE] = field(in, F_IS_ROLE, vals, lens);
  if(!row[AC_IS_ROLE].ptr) {
    row[AC_IS_ROLE].ptr = "N";
    row[AC_IS_ROLE].len = 1;
  }
  row[AC_SSL_TYPE] = field(in, F_SSL_TYPE, vals, lens);
  row[AC_SSL_CIPHER] = field(in, F_SSL_CIPHER, vals, lens);
  row[AC_X509_ISSUER] = field(in, F_X509_ISSUER, vals, lens);
  row[AC_X509_SUBJECT] = field(in, F_X509_SUBJECT, vals, lens);
  row[AC_MAX_QUESTIONS] = field(in, F_MAX_QUESTIONS, vals, lens);
  row[AC_MAX_UPDATES] = field(in, F_MAX_UPDATES, vals, lens);
  row[AC_MAX_CONNECTIONS] = field(in, F_MAX_CONNECTIONS, vals, lens);
  row[AC_MAX_USER_CONNECTIONS] = field(in, F_MAX_USER_CONNECTIONS, vals,
                                       lens);
  row[AC_MAX_STATEMENT_TIME] = field(in, F_MAX_STATEMENT_TIME, vals, lens);
  row[AC_PASSWORD_EXPIRED] = field(in, F_PASSWORD_EXPIRED, vals, lens);
}

/* Privilege names of a JSON array into set (upper-cased copies); -1
 * when a name is not a string of letters, digits, '_' and spaces (a
 * comma would split it in two in the stored set), or the set is full. */
static int json_privset(const cJSON *arr, struct privset *set)
{
  const cJSON *p;
  cJSON_ArrayForEach(p, arr) {
    size_t j, n;
    char *w;
    if(!cJSON_IsString(p) || !p->valuestring)
      return -1;
    n = strlen(p->valuestring);
    if(!n)
      continue;
    if(set->used + n + 1 > sizeof(set->store))
      return -1;
    w = set->store + set->used;
    for(j = 0; j <= n; j++) {
      char c = p->valuestring[j];
      w[j] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
      if(j < n && !((w[j] >= 'A' && w[j] <= 'Z') || w[j] == '_' ||
                    w[j] == ' ' || (w[j] >= '0' && w[j] <= '9')))
        return -1;
    }
    if(!strcmp(w, "GRANT"))
      w = "GRANT OPTION";
    else
      set->used += n + 1;
    if(privset_add(set, w))
      return -1;
  }
  return 0;
}

/* MySQL 8.0.16+ keeps the schemas a global privilege was revoked from
 * (partial_revokes=ON) in User_attributes: {"Restrictions": [{"Database":
 * "db", "Privileges": ["INSERT", ...]}, ...]}. One row per database.
 * Other keys there (password history, failed-login tracking, MFA) are
 * not compared (README). */
static enum rdsclone_code restrictions(struct ingest *in,
                                       const struct rowval *user,
                                       const struct rowval *host,
                                       struct rowval attrs, struct err *e)
{
  cJSON *j, *r;
  const cJSON *x;
  enum rdsclone_code rc = RDSCLONE_OK;

  if(!attrs.ptr || !attrs.len)
    return RDSCLONE_OK;
  j = cJSON_ParseWithLength(attrs.ptr, attrs.len);
  if(cJSON_IsNull(j)) {   /* a JSON null: no attributes */
    cJSON_Delete(j);
    return RDSCLONE_OK;
  }
  if(!cJSON_IsObject(j)) {
    cJSON_Delete(j);
    return err_set(e, RDSCLONE_E_QUERY, "account '%s'@'%s': "
                   "mysql.user.User_attributes is not a JSON object",
                   user->ptr, host->ptr);
  }
  r = cJSON_GetObjectItemCaseSensitive(j, "Restrictions");
  if(r && !cJSON_IsArray(r)) {
    cJSON_Delete(j);
    return err_set(e, RDSCLONE_E_QUERY, "account '%s'@'%s': "
                   "User_attributes' Restrictions is not an array",
                   user->ptr, host->ptr);
  }
  cJSON_ArrayForEach(x, r) {
    const cJSON *db = cJSON_GetObjectItemCaseSensitive(x, "Database");
    const cJSON *privs = cJSON_GetObjectItemCaseSensitive(x, "Privileges");
    struct privset set;
    struct rowval k[4];
    set.n = set.used = 0;
    if(!cJSON_IsString(db) || !db->valuestring || !cJSON_IsArray(privs) ||
       json_privset(privs, &set)) {
      rc = err_set(e, RDSCLONE_E_QUERY, "account '%s'@'%s': a partial "
                   "revoke in User_attributes is not {\"Database\": name, "
                   "\"Privileges\": [names]}", user->ptr, host->ptr);
      break;
    }
    k[0] = *user;
    k[1] = *host;
    k[2].ptr = db->valuestring;
    k[2].len = strlen(db->valuestring);
    rc = add_privset(in, MT_PARTIAL_REVOKE, k, 1, &set, e);
    if(rc)
      break;
  }
  cJSON_Delete(j);
  return rc;
}

/* One kind of what an account row holds and rdsclone does not know,
 * counted as not compared with "'user'@'host': what" as its example. */
static enum rdsclone_code not_compared(struct ingest *in,
                                       const struct rowval *user,
                                       const struct rowval *host,
                                       const char *kind, const char *what,
                                       size_t count, struct err *e)
{
  struct buf ex;
  enum rdsclone_code rc;
  buf_init(&ex, BUF_CAP_SMALL);
  display_account(&ex, user->ptr, user->len, host->ptr, host->len);
  buf_adds(&ex, ": ");
  display_add(&ex, what, strlen(what));
  rc = snapshot_not_compared(in->s, kind, buf_str(&ex), count, e);
  buf_release(&ex);
  return rc;
}

/* The 'Y's of *_priv columns rdsclone does not know (mysql.user of MySQL,
 * mysql.db), one count per column. */
static enum rdsclone_code unknown_columns(struct ingest *in,
                                          const struct rowval *user,
                                          const struct rowval *host,
                                          const char *const *vals,
                                          struct err *e)
{
  enum rdsclone_code rc = RDSCLONE_OK;
  int i;
  for(i = 0; i < in->nunknown && !rc; i++) {
    const char *v = vals[in->unknown_field[i]];
    if(v && (v[0] == 'Y' || v[0] == 'y'))
      rc = not_compared(in, user, host, "privilege columns rdsclone does "
                        "not know", in->unknown_name[i], 1, e);
  }
  return rc;
}

/* MariaDB's Priv: keys and access bits rdsclone does not know. */
static enum rdsclone_code unknown_priv_parts(struct ingest *in,
                                             const struct rowval *user,
                                             const struct rowval *host,
                                             const struct mariadb_priv *mp,
                                             struct err *e)
{
  enum rdsclone_code rc = RDSCLONE_OK;
  char bit[32];
  int i;
  if(mp->unknown_keys)
    rc = not_compared(in, user, host, "mysql.global_priv.Priv keys "
                      "rdsclone does not know", mp->unknown_key,
                      mp->unknown_keys, e);
  /* every bit set is how the server stores ALL PRIVILEGES */
  for(i = 0; i < 64 && !rc && mp->access != ~0ULL; i++)
    if((mp->access & (1ULL << i)) && !mariadb_access_priv(i)) {
      snprintf(bit, sizeof(bit), "access bit %d", i);
      rc = not_compared(in, user, host, "privilege bits of "
                        "mysql.global_priv.Priv rdsclone does not know", bit,
                        1, e);
    }
  return rc;
}

/* MariaDB's mysql.global_priv.Priv of an account row, parsed into *priv
 * and decoded into mp; *priv stays NULL on MySQL. */
static enum rdsclone_code read_priv_json(struct ingest *in,
                                         const char *const *vals,
                                         const unsigned long *lens,
                                         const struct rowval *user,
                                         const struct rowval *host,
                                         cJSON **priv,
                                         struct mariadb_priv *mp,
                                         struct err *e)
{
  struct rowval p;
  *priv = NULL;
  if(in->q != MQ_ACCOUNTS_MARIADB)
    return RDSCLONE_OK;
  p = field(in, F_PRIV, vals, lens);
  *priv = p.ptr ? cJSON_ParseWithLength(p.ptr, p.len) : NULL;
  if(!cJSON_IsObject(*priv)) {
    cJSON_Delete(*priv);
    *priv = NULL;
    return err_set(e, RDSCLONE_E_QUERY,
                   "account '%s'@'%s': mysql.global_priv.Priv is not a "
                   "JSON object", user->ptr, host->ptr);
  }
  mariadb_priv_decode(*priv, mp);
  return RDSCLONE_OK;
}

/* Global privileges: MariaDB's access bits (mp), or MySQL's Y/N
 * columns (mp NULL). key holds user and host. */
static enum rdsclone_code account_global_privs(struct ingest *in,
                                               struct rowval *key, int own,
                                               int scoped,
                                               const struct mariadb_priv *mp,
                                               const char *const *vals,
                                               struct err *e)
{
  enum rdsclone_code rc = RDSCLONE_OK;
  size_t i;
  if(mp)
    for(i = 0; i < MARIADB_ACCESS_BITS && !rc; i++) {
      const char *name = mariadb_access_priv((int)i);
      if(name && (mp->access & (1ULL << i)))
        rc = global_priv(in, key, own, scoped, name, e);
    }
  for(i = 0; i < (size_t)in->nyn && !rc; i++) {
    const char *v = vals[in->yn_field[i]];
    if(v && (v[0] == 'Y' || v[0] == 'y'))
      rc = global_priv(in, key, own, scoped, in->yn_priv[i], e);
  }
  return rc;
}

/* MySQL: the hash's bytes as stored (HEX(authentication_string)),
 * whatever the text said, into *raw (NULL when the row has none); the
 * caller wipes and frees it. */
static enum rdsclone_code stored_hash(struct ingest *in,
                                      const char *const *vals,
                                      const unsigned long *lens,
                                      const struct rowval *user,
                                      const struct rowval *host,
                                      char **raw, size_t *rawlen,
                                      struct err *e)
{
  struct rowval hex = field(in, F_AUTH_HEX, vals, lens);
  *raw = NULL;
  *rawlen = 0;
  if(!hex.ptr)
    return RDSCLONE_OK;
  *raw = unhex(&hex, rawlen);
  if(!*raw)
    return *rawlen ? err_set(e, RDSCLONE_E_NOMEM, "out of memory")
                   : err_set(e, RDSCLONE_E_QUERY, "account '%s'@'%s': "
                             "HEX(authentication_string) is not hex",
                             user->ptr, host->ptr);
  return RDSCLONE_OK;
}

/* The password lifetime (NULL/-1 default, 0 never, N days; its text in
 * days[ndays]) and the lock of an account row, into row. */
static void lifetime_and_lock(const struct ingest *in,
                              const struct mariadb_priv *mp,
                              const char *const *vals,
                              const unsigned long *lens, char *days,
                              size_t ndays, struct rowval *row)
{
  const char *lifetime = "DEFAULT", *locked;
  if(mp) {
    const cJSON *l = mp->password_lifetime, *k = mp->account_locked;
    if(cJSON_IsNumber(l) && l->valuedouble >= 0) {
      snprintf(days, ndays, "%.0f", l->valuedouble);
      lifetime = days;
    }
    locked = cJSON_IsTrue(k) ? "Y" : "N";
  }
  else {
    struct rowval l = field(in, F_PASSWORD_LIFETIME, vals, lens);
    struct rowval k = field(in, F_ACCOUNT_LOCKED, vals, lens);
    if(l.ptr && l.len < ndays) {
      snprintf(days, ndays, "%s", l.ptr);
      lifetime = days;
    }
    locked = (k.ptr && (k.ptr[0] == 'Y' || k.ptr[0] == 'y')) ? "Y" : "N";
  }
  row[AC_PASSWORD_LIFETIME].ptr = lifetime;
  row[AC_PASSWORD_LIFETIME].len = strlen(lifetime);
  row[AC_ACCOUNT_LOCKED].ptr = locked;
  row[AC_ACCOUNT_LOCKED].len = 1;
}

/* What else an account row holds: MariaDB's one default role (mp), or
 * MySQL 8.0.16+'s partial revokes, in User_attributes (mp NULL). */
static enum rdsclone_code account_extras(struct ingest *in,
                                         const struct mariadb_priv *mp,
                                         const char *const *vals,
                                         const unsigned long *lens,
                                         const struct rowval *user,
                                         const struct rowval *host,
                                         struct err *e)
{
  if(mp && mp->default_role.len) {
    struct rowval d[4] = { *user, *host, mp->default_role, { "", 0 } };
    return add(in, MT_DEFAULT_ROLE, d, e);
  }
  if(!mp)
    return restrictions(in, user, host,
                        field(in, F_USER_ATTRIBUTES, vals, lens), e);
  return RDSCLONE_OK;
}

/* The account itself (mp NULL on MySQL): its authentication chain,
 * limits, lifetime and lock, then account_extras. */
static enum rdsclone_code account_itself(struct ingest *in,
                                         const struct mariadb_priv *mp,
                                         const char *const *vals,
                                         const unsigned long *lens,
                                         const struct rowval *user,
                                         const struct rowval *host,
                                         struct err *e)
{
  struct rowval row[AC__COUNT], raw = { NULL, 0 };
  char *rawbuf = NULL, *auth = NULL;
  size_t authlen = 0, i;
  char days[32];
  enum rdsclone_code rc = RDSCLONE_OK;

  if(!mp)
    rc = stored_hash(in, vals, lens, user, host, &rawbuf, &raw.len, e);
  if(rc)
    return rc;
  raw.ptr = rawbuf;
  auth = auth_chain(in, mp, vals, lens, rawbuf ? &raw : NULL, &authlen);
  if(!auth) {
    rc = err_set(e, RDSCLONE_E_NOMEM, "out of memory");
    goto out;
  }
  for(i = 0; i < AC__COUNT; i++) {
    row[i].ptr = NULL;
    row[i].len = 0;
  }
  row[AC_USER] = *user;
  row[AC_HOST] = *host;
  row[AC_AUTH].ptr = auth;
  row[AC_AUTH].len = authlen;
  account_fields(in, mp, vals, lens, row);
  lifetime_and_lock(in, mp, vals, lens, days, sizeof(days), row);
  rc = add(in, MT_ACCOUNT, row, e);
  if(!rc)
    rc = account_extras(in, mp, vals, lens, user, host, e);
out:
  if(rawbuf) {
    memset(rawbuf, 0, raw.len);
    free(rawbuf);
  }
  if(auth) {
    memset(auth, 0, authlen);
    free(auth);
  }
  return rc;
}

static enum rdsclone_code account_row(struct ingest *in,
                                      const char *const *vals,
                                      const unsigned long *lens,
                                      struct err *e)
{
  struct rowval user = field(in, F_USER, vals, lens);
  struct rowval host = field(in, F_HOST, vals, lens);
  struct rowval key[3];
  struct mariadb_priv mp;
  cJSON *priv = NULL;
  int own = is_session(in, &user, &host), scoped = in_scope(in, &user, &host);
  enum rdsclone_code rc;

  if(!scoped && !own)
    return RDSCLONE_OK;
  rc = read_priv_json(in, vals, lens, &user, &host, &priv, &mp, e);
  if(rc)
    return rc;
  key[0] = user;
  key[1] = host;
  rc = account_global_privs(in, key, own, scoped, priv ? &mp : NULL, vals,
                            e);
  if(!rc && scoped)
    rc = priv ? unknown_priv_parts(in, &user, &host, &mp, e)
              : unknown_columns(in, &user, &host, vals, e);
  if(!rc && scoped)
    rc = account_itself(in, priv ? &mp : NULL, vals, lens, &user, &host, e);
  cJSON_Delete(priv);
  return rc;
}

/* MariaDB's PUBLIC, as the server writes its row when PUBLIC is first
 * granted something: a role with nothing else set. */
static enum rdsclone_code add_public_role(struct ingest *in, struct err *e)
{
  const char *vals[INGEST_MAX_FIELDS] = { NULL };
  unsigned long lens[INGEST_MAX_FIELDS] = { 0 };
  static const char priv[] = "{\"access\":0,\"is_role\":true}";

  if(in->col[F_PRIV] < 0)
    return RDSCLONE_OK;
  vals[in->col[F_USER]] = "PUBLIC";
  lens[in->col[F_USER]] = 6;
  vals[in->col[F_HOST]] = "";
  vals[in->col[F_PRIV]] = priv;
  lens[in->col[F_PRIV]] = sizeof(priv) - 1;
  return account_row(in, vals, lens, e);
}

/* ------------------------------------------------------------------ */
/* Proxies, settings, objects                                          */

/* 1 for a proxy grant the server made itself: mysql_install_db (and
 * mysqld --initialize) give root, on each host it is created for,
 * PROXY ON ''@'' (any account) WITH GRANT OPTION, the right that lets
 * an administrator grant PROXY at all. It is the server's, as the root
 * accounts are; an RDS master user's own grants are those of the
 * session and never compared anyway. */
static int server_default_proxy(const struct rowval *k)
{
  return k[0].len == 4 && !memcmp(k[0].ptr, "root", 4) && k[2].ptr &&
         !k[2].len;
}

static enum rdsclone_code proxy_row(struct ingest *in, struct rowval *k,
                                    struct err *e)
{
  const struct snapshot *s = in->s;
  int with_grant = k[4].ptr && k[4].len && k[4].ptr[0] != '0' &&
                   k[4].ptr[0] != 'N' && k[4].ptr[0] != 'n';
  struct rowval r[PX__COUNT];

  if(!k[2].ptr || !k[3].ptr)
    return RDSCLONE_OK;
  /* what this session may grant: PROXY WITH GRANT OPTION on any account
   * (''), or on one (by user, as the server matches it) */
  if(with_grant && s->current_user && !strcmp(k[0].ptr, s->current_user) &&
     (!strcmp(k[1].ptr, s->current_host) || !strcmp(k[1].ptr, "%"))) {
    if(!in->s->maps[MX_OWN_PROXY] &&
       !(in->s->maps[MX_OWN_PROXY] = rowmap_new("own_proxy", own_proxy_cols,
                                                1, 1)))
      return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
    if(rowmap_add(in->s->maps[MX_OWN_PROXY], &k[2]) < 0)
      return err_set(e, RDSCLONE_E_NOMEM, "out of memory (or NUL byte in a "
                     "name) reading mysql.proxies_priv");
  }
  if(!in_scope(in, &k[0], &k[1]) || server_default_proxy(k) ||
     reserved_mysql_account(k[2].ptr, k[2].len))
    return RDSCLONE_OK;
  r[PX_USER] = k[0];
  r[PX_HOST] = k[1];
  r[PX_PROXIED_USER] = k[2];
  r[PX_PROXIED_HOST] = k[3];
  /* GRANT PROXY ON ''@'' stores the host '%' (either matches any host):
   * compare them alike */
  if(!k[3].len) {
    r[PX_PROXIED_HOST].ptr = "%";
    r[PX_PROXIED_HOST].len = 1;
  }
  r[PX_WITH_GRANT].ptr = with_grant ? "Y" : "N";
  r[PX_WITH_GRANT].len = 1;
  return add(in, MT_PRIV_PROXY, r, e);
}

static void setting_row(struct ingest *in, const struct rowval *k)
{
  int on;
  if(!k[0].ptr || !k[1].ptr)
    return;
  on = k[1].len && strcmp(k[1].ptr, "0") && strcasecmp(k[1].ptr, "OFF");
  if(!strcmp(k[0].ptr, "partial_revokes") && on)
    in->s->flags |= SF_PARTIAL_REVOKES;
  else if(!strcmp(k[0].ptr, "lower_case_table_names") && on)
    in->s->flags |= SF_LOWER_CASE_NAMES;
}

/* (db, type, name, column) of the target's objects (MX_OBJECT). */
static enum rdsclone_code object_row(struct ingest *in, const struct rowval *k,
                                     struct err *e)
{
  struct rowval r[4] = { k[0], { "TABLE", 5 }, k[1], { "", 0 } };
  if(!k[0].ptr || !k[1].ptr)
    return RDSCLONE_OK;
  if(in->q == MQ_OBJ_SCHEMATA) {
    r[1].ptr = "SCHEMA";
    r[1].len = 6;
    r[2] = r[3];
  }
  else if(in->q == MQ_OBJ_COLUMNS) {
    if(!k[2].ptr)
      return RDSCLONE_OK;
    r[1].ptr = "COLUMN";
    r[1].len = 6;
    r[3] = k[2];
  }
  else if(in->q == MQ_OBJ_ROUTINES) {
    if(!k[2].ptr)
      return RDSCLONE_OK;
    r[1] = k[1];   /* FUNCTION, PROCEDURE, PACKAGE, PACKAGE BODY */
    r[2] = k[2];
  }
  if(rowmap_add(in->s->maps[MX_OBJECT], r) < 0)
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory (or NUL byte in a "
                   "name) reading the target's objects");
  return RDSCLONE_OK;
}

/* ------------------------------------------------------------------ */

enum rdsclone_code catalog_mysql_row(struct ingest *in,
                                     const char *const *vals,
                                     const unsigned long *lens,
                                     struct err *e)
{
  struct rowval k[6];
  size_t i;

  for(i = 0; i < 6; i++)
    k[i] = field(in, (int)i, vals, lens);

  switch(in->q) {
  case MQ_ACCOUNTS_MARIADB:
  case MQ_ACCOUNTS_MYSQL:
    return account_row(in, vals, lens, e);
  case MQ_RDS_CONFIG:
    if(k[0].ptr && !strcasecmp(k[0].ptr, "binlog retention hours")) {
      struct rowval r[2] = { V("binlog retention hours"), k[1] };
      return add(in, MT_RDS_CONFIG, r, e);
    }
    return RDSCLONE_OK;
  case MQ_GLOBAL_GRANTS:
    if(is_session(in, &k[0], &k[1]) && k[2].ptr)
      note_own_priv(in, k[2].ptr);
    break;
  case MQ_SETTINGS:
  case MQ_SETTINGS_MYSQL8:
    setting_row(in, k);
    return RDSCLONE_OK;
  case MQ_OBJ_SCHEMATA:
  case MQ_OBJ_TABLES:
  case MQ_OBJ_COLUMNS:
  case MQ_OBJ_ROUTINES:
    return object_row(in, k, e);
  case MQ_PROXIES:
    return k[0].ptr && k[1].ptr ? proxy_row(in, k, e) : RDSCLONE_OK;
  default:
    break;
  }
  if(!in_scope(in, &k[0], &k[1]))
    return RDSCLONE_OK;

  switch(in->q) {
  case MQ_DB: {
    struct privset set;
    set.n = set.used = 0;
    enum rdsclone_code rc;
    for(i = 0; i < (size_t)in->nyn; i++) {
      const char *v = vals[in->yn_field[i]];
      if(v && (v[0] == 'Y' || v[0] == 'y'))
        (void)privset_add(&set, in->yn_priv[i]);   /* at most 33 columns */
    }
    rc = unknown_columns(in, &k[0], &k[1], vals, e);
    return rc ? rc : add_privset(in, MT_PRIV_DB, k, 1, &set, e);
  }
  case MQ_TABLES_PRIV:
    return add_set_privs(in, MT_PRIV_TABLE, k, 2, &k[4], e);
  case MQ_COLUMNS_PRIV:
    return add_set_privs(in, MT_PRIV_COLUMN, k, 3, &k[5], e);
  case MQ_PROCS_PRIV:
    return add_set_privs(in, MT_PRIV_ROUTINE, k, 3, &k[5], e);
  case MQ_ROLES_MAPPING: {
    struct rowval r[5] = { k[0], k[1], k[2], { "", 0 }, k[3] };
    return add(in, MT_ROLE_GRANT, r, e);
  }
  case MQ_ROLE_EDGES: {
    struct rowval r[5] = { k[0], k[1], k[2], k[3], k[4] };
    return add(in, MT_ROLE_GRANT, r, e);
  }
  case MQ_DEFAULT_ROLES:
    return add(in, MT_DEFAULT_ROLE, k, e);
  case MQ_GLOBAL_GRANTS: {
    struct rowval r[3] = { k[0], k[1], k[2] };
    return add(in, MT_PRIV_GLOBAL, r, e);
  }
  default:
    return RDSCLONE_OK;
  }
}
