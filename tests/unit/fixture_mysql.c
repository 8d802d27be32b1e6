/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fixture_mysql.c - see fixture_mysql.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "fixture_mysql.h"
#include "core/diff.h"
#include "core/plan.h"
#include "core/plan_split.h"
#include "mysql/engine_mysql.h"

/* MySQL 8.0.36 mysql.user, in the server's column order, then the
 * accounts query's HEX(authentication_string). */
static const char *const mysql8_user_cols[] = {
  "Host", "User", "Select_priv", "Insert_priv", "Update_priv",
  "Delete_priv", "Create_priv", "Drop_priv", "Reload_priv",
  "Shutdown_priv", "Process_priv", "File_priv", "Grant_priv",
  "References_priv", "Index_priv", "Alter_priv", "Show_db_priv",
  "Super_priv", "Create_tmp_table_priv", "Lock_tables_priv",
  "Execute_priv", "Repl_slave_priv", "Repl_client_priv",
  "Create_view_priv", "Show_view_priv", "Create_routine_priv",
  "Alter_routine_priv", "Create_user_priv", "Event_priv", "Trigger_priv",
  "Create_tablespace_priv", "ssl_type", "ssl_cipher", "x509_issuer",
  "x509_subject", "max_questions", "max_updates", "max_connections",
  "max_user_connections", "plugin", "authentication_string",
  "password_expired", "password_last_changed", "password_lifetime",
  "account_locked", "Create_role_priv", "Drop_role_priv",
  "Password_reuse_history", "Password_reuse_time",
  "Password_require_current", "User_attributes",
  "authentication_string_hex"
};
#define NU8 (sizeof(mysql8_user_cols) / sizeof(mysql8_user_cols[0]))

/* MySQL 8.0 mysql.db. */
static const char *const mysql8_db_cols[] = {
  "Host", "Db", "User", "Select_priv", "Insert_priv", "Update_priv",
  "Delete_priv", "Create_priv", "Drop_priv", "Grant_priv",
  "References_priv", "Index_priv", "Alter_priv", "Create_tmp_table_priv",
  "Lock_tables_priv", "Create_view_priv", "Show_view_priv",
  "Create_routine_priv", "Alter_routine_priv", "Execute_priv",
  "Event_priv", "Trigger_priv"
};
#define ND8 (sizeof(mysql8_db_cols) / sizeof(mysql8_db_cols[0]))

/* MariaDB 10.4+: SELECT Host, User, Priv FROM mysql.global_priv. */
static const char *const maria_user_cols[] = { "Host", "User", "Priv" };
/* The mysql.user view's Y/N columns in the order of Priv's access bits
 * (Select_priv = bit 0 ... Delete_history_priv = bit 29). */
static const char *const maria_access_cols[] = {
  "Select_priv", "Insert_priv", "Update_priv", "Delete_priv",
  "Create_priv", "Drop_priv", "Reload_priv", "Shutdown_priv",
  "Process_priv", "File_priv", "Grant_priv", "References_priv",
  "Index_priv", "Alter_priv", "Show_db_priv", "Super_priv",
  "Create_tmp_table_priv", "Lock_tables_priv", "Execute_priv",
  "Repl_slave_priv", "Repl_client_priv", "Create_view_priv",
  "Show_view_priv", "Create_routine_priv", "Alter_routine_priv",
  "Create_user_priv", "Event_priv", "Trigger_priv",
  "Create_tablespace_priv", "Delete_history_priv"
};
#define NUM (sizeof(maria_user_cols) / sizeof(maria_user_cols[0]))

static const char *const maria_db_cols[] = {
  "Host", "Db", "User", "Select_priv", "Insert_priv", "Update_priv",
  "Delete_priv", "Create_priv", "Drop_priv", "Grant_priv",
  "References_priv", "Index_priv", "Alter_priv", "Create_tmp_table_priv",
  "Lock_tables_priv", "Create_view_priv", "Show_view_priv",
  "Create_routine_priv", "Alter_routine_priv", "Execute_priv",
  "Event_priv", "Trigger_priv", "Delete_history_priv"
};
#define NDM (sizeof(maria_db_cols) / sizeof(maria_db_cols[0]))

void fx_snapshot(struct snapshot *s, int is_source, const char *session,
                 const char *version)
{
  struct err e;
  snapshot_init(s, &engine_mysql, is_source);
  assert_int_equal(catalog_mysql_set_session(s, session, version, &e), 0);
  assert_int_equal(catalog_mysql_init(s, &e), 0);
}

void fx_row(struct snapshot *s, const struct rdsclone_options *o,
            enum mysql_query q, const char *const *names, size_t nf,
            const char *const *vals)
{
  struct ingest in;
  struct err e;
  unsigned long lens[INGEST_MAX_FIELDS];
  size_t i;
  enum rdsclone_code rc;

  assert_true(nf <= INGEST_MAX_FIELDS);
  memset(&e, 0, sizeof(e));
  rc = catalog_mysql_begin(&in, s, o, q, names, nf, &e);
  if(rc)
    print_error("catalog_mysql_begin: %s\n", e.msg);
  assert_int_equal(rc, 0);
  for(i = 0; i < nf; i++)
    lens[i] = vals[i] ? (unsigned long)strlen(vals[i]) : 0;
  rc = catalog_mysql_row(&in, vals, lens, &e);
  if(rc)
    print_error("catalog_mysql_row: %s\n", e.msg);
  assert_int_equal(rc, 0);
}

/* 1 when word is one of the space-separated words in list. */
static int listed(const char *list, const char *word)
{
  size_t n = strlen(word);
  const char *p = list;
  if(!list)
    return 0;
  while((p = strstr(p, word)) != NULL) {
    if((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
      return 1;
    p += n;
  }
  return 0;
}

static int is_yn(const char *col)
{
  size_t n = strlen(col);
  return n > 5 && !strcmp(col + n - 5, "_priv");
}

static char *hex_of(const char *s, size_t n)
{
  static const char digits[] = "0123456789ABCDEF";
  char *h = malloc(2 * n + 1);
  size_t i;
  assert_non_null(h);
  for(i = 0; i < n; i++) {
    h[2 * i] = digits[(unsigned char)s[i] >> 4];
    h[2 * i + 1] = digits[(unsigned char)s[i] & 15];
  }
  h[2 * n] = 0;
  return h;
}

void fx_mysql8_user(struct snapshot *s, const struct rdsclone_options *o,
                    const char *user, const char *host, const char *plugin,
                    const char *auth, const char *yes, const char *locked,
                    const char *expired, const char *lifetime)
{
  /* the server sends the text and its HEX() alike for these fixtures */
  char *hex = auth ? hex_of(auth, strlen(auth)) : NULL;
  fx_mysql8_user_row(s, o, user, host, plugin, auth, hex, yes, locked,
                     expired, lifetime, NULL);
  free(hex);
}

void fx_mysql8_user_ex(struct snapshot *s, const struct rdsclone_options *o,
                       const char *user, const char *host,
                       const char *plugin, const char *auth_text,
                       const char *auth_hex, const char *yes,
                       const char *user_attributes)
{
  fx_mysql8_user_row(s, o, user, host, plugin, auth_text, auth_hex, yes,
                     "N", "N", NULL, user_attributes);
}

void fx_mysql8_user_row(struct snapshot *s, const struct rdsclone_options *o,
                        const char *user, const char *host,
                        const char *plugin, const char *auth_text,
                        const char *auth_hex, const char *yes,
                        const char *locked, const char *expired,
                        const char *lifetime, const char *user_attributes)
{
  const char *v[NU8];
  const char *auth = auth_text;
  size_t i;
  for(i = 0; i < NU8; i++) {
    const char *c = mysql8_user_cols[i];
    if(is_yn(c))
      v[i] = listed(yes, c) ? "Y" : "N";
    else if(!strcmp(c, "Host")) v[i] = host;
    else if(!strcmp(c, "User")) v[i] = user;
    else if(!strncmp(c, "max_", 4)) v[i] = "0";
    else if(!strcmp(c, "plugin")) v[i] = plugin;
    else if(!strcmp(c, "authentication_string")) v[i] = auth;
    else if(!strcmp(c, "password_expired")) v[i] = expired;
    else if(!strcmp(c, "password_last_changed"))
      v[i] = "2024-01-02 03:04:05";
    else if(!strcmp(c, "password_lifetime")) v[i] = lifetime;
    else if(!strcmp(c, "account_locked")) v[i] = locked;
    else if(!strncmp(c, "Password_reuse", 14)) v[i] = NULL;
    else if(!strcmp(c, "Password_require_current")) v[i] = NULL;
    else if(!strcmp(c, "User_attributes")) v[i] = user_attributes;
    else if(!strcmp(c, "authentication_string_hex")) v[i] = auth_hex;
    else v[i] = "";   /* ssl_type, ssl_cipher, x509_* */
  }
  fx_row(s, o, MQ_ACCOUNTS_MYSQL, mysql8_user_cols, NU8, v);
}

static void db_row(struct snapshot *s, const struct rdsclone_options *o,
                   const char *const *cols, size_t n, const char *user,
                   const char *host, const char *db, const char *yes)
{
  const char *v[32];
  size_t i;
  for(i = 0; i < n; i++) {
    const char *c = cols[i];
    if(is_yn(c)) v[i] = listed(yes, c) ? "Y" : "N";
    else if(!strcmp(c, "Host")) v[i] = host;
    else if(!strcmp(c, "User")) v[i] = user;
    else v[i] = db;
  }
  fx_row(s, o, MQ_DB, cols, n, v);
}

void fx_mysql8_db(struct snapshot *s, const struct rdsclone_options *o,
                  const char *user, const char *host, const char *db,
                  const char *yes)
{
  db_row(s, o, mysql8_db_cols, ND8, user, host, db, yes);
}

void fx_maria_db(struct snapshot *s, const struct rdsclone_options *o,
                 const char *user, const char *host, const char *db,
                 const char *yes)
{
  db_row(s, o, maria_db_cols, NDM, user, host, db, yes);
}

void fx_tables_priv(struct snapshot *s, const struct rdsclone_options *o,
                    const char *user, const char *host, const char *db,
                    const char *table, const char *set)
{
  static const char *const n[] = {
    "Host", "Db", "User", "Table_name", "Table_priv"
  };
  const char *v[] = { host, db, user, table, set };
  fx_row(s, o, MQ_TABLES_PRIV, n, 5, v);
}

void fx_columns_priv(struct snapshot *s, const struct rdsclone_options *o,
                     const char *user, const char *host, const char *db,
                     const char *table, const char *column, const char *set)
{
  static const char *const n[] = {
    "Host", "Db", "User", "Table_name", "Column_name", "Column_priv"
  };
  const char *v[] = { host, db, user, table, column, set };
  fx_row(s, o, MQ_COLUMNS_PRIV, n, 6, v);
}

void fx_procs_priv(struct snapshot *s, const struct rdsclone_options *o,
                   const char *user, const char *host, const char *db,
                   const char *type, const char *routine, const char *set)
{
  static const char *const n[] = {
    "Host", "Db", "User", "Routine_name", "Routine_type", "Proc_priv"
  };
  const char *v[] = { host, db, user, routine, type, set };
  fx_row(s, o, MQ_PROCS_PRIV, n, 6, v);
}

void fx_role_edge(struct snapshot *s, const struct rdsclone_options *o,
                  const char *role, const char *role_host, const char *user,
                  const char *host, const char *admin)
{
  static const char *const n[] = {
    "FROM_HOST", "FROM_USER", "TO_HOST", "TO_USER", "WITH_ADMIN_OPTION"
  };
  const char *v[] = { role_host, role, host, user, admin };
  fx_row(s, o, MQ_ROLE_EDGES, n, 5, v);
}

void fx_default_role(struct snapshot *s, const struct rdsclone_options *o,
                     const char *user, const char *host, const char *role,
                     const char *role_host)
{
  static const char *const n[] = {
    "HOST", "USER", "DEFAULT_ROLE_HOST", "DEFAULT_ROLE_USER"
  };
  const char *v[] = { host, user, role_host, role };
  fx_row(s, o, MQ_DEFAULT_ROLES, n, 4, v);
}

void fx_global_grant(struct snapshot *s, const struct rdsclone_options *o,
                     const char *user, const char *host, const char *priv,
                     const char *grant_option)
{
  static const char *const n[] = {
    "USER", "HOST", "PRIV", "WITH_GRANT_OPTION"
  };
  const char *v[] = { user, host, priv, grant_option };
  fx_row(s, o, MQ_GLOBAL_GRANTS, n, 4, v);
}

void fx_maria_user(struct snapshot *s, const struct rdsclone_options *o,
                   const char *user, const char *host, const char *is_role,
                   const char *yes, const char *priv_json,
                   const char *default_role)
{
  /* what the server would hold: the listed privileges' bits in "access",
   * is_role and default_role in Priv too */
  cJSON *priv = cJSON_Parse(priv_json);
  const cJSON *access;
  unsigned long long bits = 0;
  double a;
  char *json;
  const char *v[NUM];
  size_t i;

  assert_non_null(priv);
  access = cJSON_GetObjectItem(priv, "access");
  a = cJSON_IsNumber(access) ? access->valuedouble : 0;
  for(i = 0; i < sizeof(maria_access_cols) / sizeof(maria_access_cols[0]);
      i++)
    if(listed(yes, maria_access_cols[i]))
      bits |= 1ULL << i;
  if(a < 18446744073709551615.0 && bits) {   /* else: all bits already */
    bits |= a > 0 ? (unsigned long long)a : 0;
    cJSON_DeleteItemFromObject(priv, "access");
    cJSON_AddNumberToObject(priv, "access", (double)bits);
  }
  if(is_role && is_role[0] == 'Y' && !cJSON_GetObjectItem(priv, "is_role"))
    cJSON_AddTrueToObject(priv, "is_role");
  if(default_role && *default_role)
    cJSON_AddStringToObject(priv, "default_role", default_role);
  json = cJSON_PrintUnformatted(priv);
  assert_non_null(json);
  v[0] = host;
  v[1] = user;
  v[2] = json;
  fx_row(s, o, MQ_ACCOUNTS_MARIADB, maria_user_cols, NUM, v);
  cJSON_free(json);
  cJSON_Delete(priv);
}

void fx_roles_mapping(struct snapshot *s, const struct rdsclone_options *o,
                      const char *user, const char *host, const char *role,
                      const char *admin)
{
  static const char *const n[] = { "Host", "User", "Role", "Admin_option" };
  const char *v[] = { host, user, role, admin };
  fx_row(s, o, MQ_ROLES_MAPPING, n, 4, v);
}

void fx_proxy(struct snapshot *s, const struct rdsclone_options *o,
              const char *user, const char *host, const char *proxied_user,
              const char *proxied_host, const char *with_grant)
{
  static const char *const n[] = {
    "Host", "User", "Proxied_host", "Proxied_user", "With_grant"
  };
  const char *v[] = { host, user, proxied_host, proxied_user, with_grant };
  fx_row(s, o, MQ_PROXIES, n, 5, v);
}

void fx_setting(struct snapshot *s, const struct rdsclone_options *o,
                enum mysql_query q, const char *name, const char *value)
{
  static const char *const n[] = { "name", "value" };
  const char *v[] = { name, value };
  fx_row(s, o, q, n, 2, v);
}

void fx_object(struct snapshot *s, const struct rdsclone_options *o,
               enum mysql_query q, const char *a, const char *b,
               const char *c)
{
  static const char *const schemata[] = { "SCHEMA_NAME", "OBJECT_TYPE" };
  static const char *const tables[] = { "TABLE_SCHEMA", "TABLE_NAME" };
  static const char *const columns[] = {
    "TABLE_SCHEMA", "TABLE_NAME", "COLUMN_NAME"
  };
  static const char *const routines[] = {
    "ROUTINE_SCHEMA", "ROUTINE_TYPE", "ROUTINE_NAME"
  };
  const char *v[3];
  v[0] = a;
  v[1] = b;
  v[2] = c;
  switch(q) {
  case MQ_OBJ_SCHEMATA:
    v[1] = "SCHEMA";
    fx_row(s, o, q, schemata, 2, v);
    break;
  case MQ_OBJ_TABLES:
    fx_row(s, o, q, tables, 2, v);
    break;
  case MQ_OBJ_COLUMNS:
    fx_row(s, o, q, columns, 3, v);
    break;
  case MQ_OBJ_ROUTINES:
    fx_row(s, o, q, routines, 3, v);
    break;
  default:
    fail_msg("fx_object: not an object query");
  }
}

static void assert_same_string(const char *a, const char *b)
{
  if(a && b)
    assert_string_equal(a, b);
  else
    assert_ptr_equal(a, b);
}

/* Plans p and q hold the same actions in the same order. */
static void assert_same_plan(const struct plan *p, const struct plan *q)
{
  size_t i;

  assert_int_equal(q->n, p->n);
  for(i = 0; i < p->n; i++) {
    const struct action *a = &p->v[i], *b = &q->v[i];
    assert_int_equal(a->kind, b->kind);
    assert_int_equal(a->phase, b->phase);
    assert_int_equal(a->destructive, b->destructive);
    assert_int_equal(a->status, b->status);
    assert_int_equal(a->seq, b->seq);
    assert_same_string(a->object, b->object);
    assert_same_string(a->reason, b->reason);
    assert_same_string(a->sql, b->sql);
    assert_same_string(a->sql_redacted, b->sql_redacted);
    assert_same_string(a->database, b->database);
  }
}

/* plan_snapshots (two threads) makes the plan p that one diff_snapshots
 * + plan_build made: every action the same, in the same order. */
static void assert_same_as_split(const struct render_ctx *ctx, int prune,
                                 const struct plan *p)
{
  struct plan q;
  struct err e;

  assert_int_equal(plan_snapshots(ctx, prune, &q, &e), 0);
  assert_same_plan(p, &q);
  plan_release(&q);
}

static char *dup_or_null(const char *s)
{
  return s ? strdup(s) : NULL;
}

static size_t count_rows(const struct rowmap *m)
{
  struct row *r;
  size_t n = 0;
  for(r = rowmap_first(m); r; r = rowmap_next(m, r))
    n++;
  return n;
}

/* Adds to out the rows of m (table i): half 1 the first half of them,
 * half 2 the rest, 0 all. Returns how many it added. */
static size_t add_rows(struct snapshot *out, size_t i,
                       const struct rowmap *m, int half)
{
  struct row *r;
  size_t n = 0, added = 0, count = count_rows(m);
  for(r = rowmap_first(m); r; r = rowmap_next(m, r), n++) {
    struct rowval vb[ROWMAP_MAX_COLS];
    if(half == 1 ? n >= count / 2 : half == 2 ? n < count / 2 : 0)
      continue;
    row_unpack(r, vb);
    assert_int_equal(i < out->engine->ntables
                       ? snapshot_add(out, i, vb)
                       : rowmap_add(out->maps[i], vb), 0);
    added++;
  }
  return added;
}

/* out: tgt read as run.c reads a target, against src: rows equal to the
 * source's are not stored, the source's are shared (rowmap_shadow).
 * With spool, the first half of every table arrives before the source has
 * ended its read (spooled, snapshot.h), the rest after it; else all of it
 * after. */
static void streamed_copy(struct snapshot *src, const struct snapshot *tgt,
                          struct snapshot *out, int spool)
{
  struct err e;
  size_t i, early = 0;

  snapshot_init(out, tgt->engine, 0);
  out->peer = src;
  out->server_version = dup_or_null(tgt->server_version);
  out->current_user = dup_or_null(tgt->current_user);
  out->current_host = dup_or_null(tgt->current_host);
  out->is_mariadb = tgt->is_mariadb;
  out->version_id = tgt->version_id;
  out->is_superuser = tgt->is_superuser;
  out->flags = tgt->flags;
  memcpy(out->unknown_cols, tgt->unknown_cols, sizeof(out->unknown_cols));
  if(tgt->own_privs.len)
    buf_add(&out->own_privs, buf_str(&tgt->own_privs), tgt->own_privs.len);
  for(i = 0; i < MAX_TABLES; i++) {
    const struct rowmap *m = tgt->maps[i];
    if(!m)
      continue;
    out->maps[i] = rowmap_new(m->name, (const char *const *)m->colnames,
                              m->ncols, m->nkey);
    assert_non_null(out->maps[i]);
    if(spool && i < tgt->engine->ntables)
      early += add_rows(out, i, m, 1);
  }
  /* rows that came early wait in the spools, not in the maps */
  assert_int_equal(out->spool_bytes != 0, early != 0);
  assert_int_equal(snapshot_index(src, &e), 0);
  snapshot_end(src, 0);
  for(i = 0; i < MAX_TABLES; i++)
    if(tgt->maps[i])
      add_rows(out, i, tgt->maps[i],
               spool && i < tgt->engine->ntables ? 2 : 0);
  assert_int_equal(snapshot_index(out, &e), 0);
  assert_int_equal(out->spool_bytes, 0);
}

/* The target read as a stream against the source makes the same plan,
 * whether its rows arrive after the source's read or partly during it. */
static void assert_same_streamed(const struct render_ctx *ctx, int prune,
                                 const struct plan *p, int spool)
{
  struct snapshot t;
  struct render_ctx c = *ctx;
  struct snapshot *src = (struct snapshot *)ctx->src;
  struct plan q;
  struct err e;

  if(!ctx->tgt)
    return;
  src->ended = 0;   /* as if still reading: the source's maps stay */
  src->final = 0;
  streamed_copy(src, ctx->tgt, &t, spool);
  c.tgt = &t;
  assert_int_equal(plan_snapshots(&c, prune, &q, &e), 0);
  assert_same_plan(p, &q);
  plan_release(&q);
  snapshot_release(&t);
}

void fx_plan(const struct snapshot *src, const struct snapshot *tgt,
             const struct rdsclone_options *o, int prune, struct plan *p)
{
  struct diff d;
  struct err e;
  struct render_ctx ctx;
  enum rdsclone_code rc;

  memset(&e, 0, sizeof(e));
  memset(&ctx, 0, sizeof(ctx));
  assert_int_equal(diff_snapshots(src, tgt, &d, &e), 0);
  ctx.src = src;
  ctx.tgt = tgt;
  ctx.quote_handle = NULL;
  ctx.opts = o;
  rc = plan_build(&ctx, &d, prune, p, &e);
  if(rc)
    print_error("plan_build: %s\n", e.msg);
  assert_int_equal(rc, 0);
  diff_release(&d);
  assert_same_as_split(&ctx, prune, p);
  assert_same_streamed(&ctx, prune, p, 0);
  assert_same_streamed(&ctx, prune, p, 1);
}

size_t fx_diff_count(const struct snapshot *src, const struct snapshot *tgt)
{
  struct diff d;
  struct err e;
  size_t n;
  assert_int_equal(diff_snapshots(src, tgt, &d, &e), 0);
  n = d.n;
  diff_release(&d);
  return n;
}

long fx_find(const struct plan *p, const char *sql)
{
  size_t i;
  for(i = 0; i < p->n; i++) {
    const struct action *a = &p->v[i];
    if(a->sql ? !strcmp(a->sql, sql) : !strcmp(a->object, sql))
      return (long)i;
  }
  return -1;
}

void fx_dump(const struct plan *p)
{
  size_t i;
  for(i = 0; i < p->n; i++) {
    const struct action *a = &p->v[i];
    print_message("  [%zu] %-16s phase=%d %s | %s | %s\n", i,
                  action_kind_name(a->kind), a->phase,
                  a->sql ? a->sql : "(no sql)", a->object, a->reason);
  }
}

long fx_expect(const struct plan *p, const char *sql)
{
  long i = fx_find(p, sql);
  if(i < 0) {
    print_error("no action with SQL: %s\nplan:\n", sql);
    fx_dump(p);
  }
  assert_true(i >= 0);
  return i;
}
