/* SPDX-License-Identifier: Apache-2.0 */
/*
 * render_mysql.c - MySQL/MariaDB actions for each group of changes.
 *
 * Statements are built only through sqlw/quote_mysql: names in backticks,
 * literals escaped on the target connection, keywords from tables in this
 * file (never from data). Password hashes travel as secrets, so every
 * statement carrying one has a redacted twin. Privileges the target's
 * connecting account cannot grant are planned as skips with the reason.
 */
#include "mysql/render_mysql.h"
#include "core/err.h"
#include "core/snapshot.h"
#include "core/diff.h"
#include "core/plan.h"
#include "core/engine.h"
#include "core/table.h"
#include "buf.h"
#include "core/rowmap.h"
#include "mysql/catalog_mysql.h"
#include "mysql/mariadb_priv.h"
#include "display.h"
#include "mysql/quote_mysql.h"

#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Static privilege keywords: those of MariaDB's access bits
 * (mariadb_priv.c) and the two MySQL 8.0 has besides. Data is matched
 * against them and the constant is what reaches SQL. */
static const char *const mysql_only_keywords[] = {
  "CREATE ROLE", "DROP ROLE", NULL
};

/* The static keyword spelt as priv, or NULL. */
static const char *static_priv_keyword(const char *priv)
{
  const char *kw;
  int i;
  for(i = 0; i < MARIADB_ACCESS_BITS; i++)
    if((kw = mariadb_access_priv(i)) && !strcmp(priv, kw))
      return kw;
  for(i = 0; mysql_only_keywords[i]; i++)
    if(!strcmp(priv, mysql_only_keywords[i]))
      return mysql_only_keywords[i];
  return NULL;
}

/* Appends a privilege keyword. MySQL 8.0's dynamic privileges are open
 * ended (plugins add them), so a name of [A-Z0-9_] is accepted as one. */
static void priv_kw(struct sqlw *w, const char *priv)
{
  const char *kw = static_priv_keyword(priv);
  size_t i;
  if(kw) {
    sqlw_kw(w, kw);
    return;
  }
  for(i = 0; priv[i]; i++)
    if(!((priv[i] >= 'A' && priv[i] <= 'Z') || priv[i] == '_' ||
         (priv[i] >= '0' && priv[i] <= '9'))) {
      sqlw_fail(w, "unknown privilege name");
      return;
    }
  if(!i)
    sqlw_fail(w, "empty privilege name");
  else
    sqlw_quoted(w, priv, i);
}

static MYSQL *conn_of(const struct render_ctx *ctx)
{
  return (MYSQL *)ctx->quote_handle;
}

static const struct snapshot *target_or_source(const struct render_ctx *c)
{
  return c->tgt ? c->tgt : c->src;
}

static int row_is(const struct rowval *v, const char *s)
{
  return v->ptr && v->len == strlen(s) && !memcmp(v->ptr, s, v->len);
}

/* 1 when user@host is a MariaDB role on either side. */
static int is_role(const struct render_ctx *ctx, const struct rowval *uh)
{
  const struct snapshot *sides[2] = { ctx->src, ctx->tgt };
  int i;
  for(i = 0; i < 2; i++) {
    const struct row *r;
    if(!sides[i] || !sides[i]->maps[MT_ACCOUNT])
      continue;
    r = rowmap_find(sides[i]->maps[MT_ACCOUNT], uh);
    if(r) {
      struct rowval v = row_val(r, AC_IS_ROLE);
      return row_is(&v, "Y");
    }
  }
  return 0;
}

/* 1 when user@host (v[0], v[1]) is MariaDB's PUBLIC: the role PUBLIC
 * with the empty host on a MariaDB side. Accounts named PUBLIC with a
 * host ('PUBLIC'@'%') are accounts like any other. */
static int is_public(const struct render_ctx *ctx, const struct rowval *v)
{
  const struct snapshot *sides[2] = { ctx->src, ctx->tgt };
  int i;
  for(i = 0; i < 2; i++)
    if(sides[i] && catalog_mysql_is_public(sides[i], v[0].ptr, v[0].len,
                                           v[1].ptr, v[1].len))
      return 1;
  return 0;
}

/* 1 when the target can hold grants to PUBLIC (MariaDB 10.11+); without
 * knowledge of the target, assume so. */
static int target_has_public(const struct render_ctx *ctx)
{
  const struct snapshot *t = ctx->tgt;
  return !t || (t->is_mariadb && t->version_id >= MARIADB_PUBLIC_VERSION);
}

/* The grantee of a row (columns 0 and 1): `role`, `user`@`host`, or
 * PUBLIC (a keyword, as the server writes it). */
static void grantee_sql(struct sqlw *w, const struct render_ctx *ctx,
                        const struct rowval *v)
{
  if(is_public(ctx, v))
    sqlw_kw(w, "PUBLIC");
  else if(is_role(ctx, v))
    quote_mysql_ident(w, v[0].ptr, v[0].len);
  else
    quote_mysql_account(w, v[0].ptr, v[0].len, v[1].ptr, v[1].len);
}

static void grantee_display(struct buf *b, const struct render_ctx *ctx,
                            const struct rowval *v)
{
  if(is_public(ctx, v))
    buf_adds(b, "PUBLIC");
  else if(is_role(ctx, v))
    display_account(b, v[0].ptr, v[0].len, NULL, 0);
  else
    display_account(b, v[0].ptr, v[0].len, v[1].ptr, v[1].len);
}

/* A role named by (role, role_host): MariaDB roles have no host. */
static void role_sql(struct sqlw *w, const struct rowval *role,
                     const struct rowval *host)
{
  if(!host->len)
    quote_mysql_ident(w, role->ptr, role->len);
  else
    quote_mysql_account(w, role->ptr, role->len, host->ptr, host->len);
}

/* Finishes w into an action (plan_add_sqlw). */
static enum rdsclone_code emit(struct plan *p, struct sqlw *w,
                               enum action_kind kind, int phase,
                               int destructive, struct buf *object,
                               const char *reason, struct err *e)
{
  return plan_add_sqlw(p, w, kind, phase, destructive, buf_str(object),
                       reason, NULL, e);
}

static enum rdsclone_code emit_skip(struct plan *p, struct buf *object,
                                    const char *reason, struct err *e)
{
  return plan_add_skip(p, PHASE_GRANT, buf_str(object), reason, e);
}

/* The skip of what the target's own account lacks the right to do:
 * "target account 'u'@'h' lacks <lacks>, so it cannot grant or revoke
 * it". */
static enum rdsclone_code skip_target_lacks(const struct render_ctx *ctx,
                                            struct plan *p, struct buf *obj,
                                            const char *lacks, struct err *e)
{
  struct buf why;
  enum rdsclone_code rc;
  buf_init(&why, BUF_CAP_SMALL);
  buf_adds(&why, "target account ");
  display_account(&why, ctx->tgt->current_user,
                  strlen(ctx->tgt->current_user), ctx->tgt->current_host,
                  strlen(ctx->tgt->current_host));
  buf_addf(&why, " lacks %s, so it cannot grant or revoke it", lacks);
  rc = emit_skip(p, obj, buf_str(&why), e);
  buf_release(&why);
  return rc;
}

/* The skip of whatever a change grants to or revokes from PUBLIC on a
 * target that has no PUBLIC. */
static enum rdsclone_code skip_no_public(const struct render_ctx *ctx,
                                         struct plan *p, struct buf *obj,
                                         struct err *e)
{
  const char *version = ctx->tgt->server_version ? ctx->tgt->server_version
                                                 : "";
  struct buf why;
  enum rdsclone_code rc;
  buf_init(&why, BUF_CAP_SMALL);
  buf_adds(&why, "the target (");
  display_add(&why, version, strlen(version));
  buf_adds(&why, ") has no PUBLIC: grants to PUBLIC need MariaDB 10.11+");
  rc = emit_skip(p, obj, buf_str(&why), e);
  buf_release(&why);
  return rc;
}

/* ------------------------------------------------------------------ */
/* Accounts                                                            */

static void auth_sql(struct sqlw *w, const struct render_ctx *ctx,
                     const struct rowval *chain, int mariadb)
{
  struct rowval parts[32];
  int n = rowmap_key_decode(chain->ptr, chain->len, parts, 32), i;

  if(n < 0 || n % 2) {
    sqlw_fail(w, "malformed authentication chain");
    return;
  }
  if(!n)
    return;
  if(!mariadb)
    n = 2;   /* MySQL: one method (multi-factor is not copied) */
  for(i = 0; i < n; i += 2) {
    sqlw_kw(w, i ? " OR " : (mariadb ? " IDENTIFIED VIA " :
                                       " IDENTIFIED WITH "));
    quote_mysql_ident(w, parts[i].ptr, parts[i].len);
    if(parts[i + 1].len) {
      sqlw_kw(w, mariadb ? " USING " : " AS ");
      quote_mysql_secret(w, conn_of(ctx), parts[i + 1].ptr,
                         parts[i + 1].len);
    }
  }
}

static void require_sql(struct sqlw *w, const struct render_ctx *ctx,
                        const struct rowval *v, int for_alter)
{
  static const struct { int col; const char *kw; } spec[] = {
    { AC_X509_ISSUER, "ISSUER " }, { AC_X509_SUBJECT, "SUBJECT " },
    { AC_SSL_CIPHER, "CIPHER " }
  };
  const struct rowval *t = &v[AC_SSL_TYPE];
  size_t i, n = 0;

  if(row_is(t, "ANY"))
    sqlw_kw(w, " REQUIRE SSL");
  else if(row_is(t, "X509"))
    sqlw_kw(w, " REQUIRE X509");
  else if(row_is(t, "SPECIFIED")) {
    sqlw_kw(w, " REQUIRE");
    for(i = 0; i < 3; i++) {
      const struct rowval *s = &v[spec[i].col];
      if(!s->ptr || !s->len)
        continue;
      sqlw_kw(w, n++ ? " AND " : " ");
      sqlw_kw(w, spec[i].kw);
      quote_mysql_literal(w, conn_of(ctx), s->ptr, s->len);
    }
    if(!n)
      sqlw_kw(w, " SSL");
  }
  else if(for_alter)
    sqlw_kw(w, " REQUIRE NONE");
}

static int is_zero(const struct rowval *v)
{
  size_t i;
  if(!v->ptr || !v->len)
    return 1;
  for(i = 0; i < v->len; i++)
    if(v->ptr[i] != '0' && v->ptr[i] != '.')
      return 0;
  return 1;
}

static void limits_sql(struct sqlw *w, const struct rowval *v, int all)
{
  static const struct { int col; const char *kw; } lim[] = {
    { AC_MAX_QUESTIONS, " MAX_QUERIES_PER_HOUR " },
    { AC_MAX_UPDATES, " MAX_UPDATES_PER_HOUR " },
    { AC_MAX_CONNECTIONS, " MAX_CONNECTIONS_PER_HOUR " },
    { AC_MAX_USER_CONNECTIONS, " MAX_USER_CONNECTIONS " },
    { AC_MAX_STATEMENT_TIME, " MAX_STATEMENT_TIME " },
  };
  size_t i;
  int any = 0;

  for(i = 0; i < sizeof(lim) / sizeof(lim[0]); i++) {
    const struct rowval *x = &v[lim[i].col];
    if(!x->ptr || (!all && is_zero(x)))
      continue;
    if(!any++)
      sqlw_kw(w, " WITH");
    sqlw_kw(w, lim[i].kw);
    sqlw_number(w, x->ptr, x->len);
  }
}

static void lifetime_sql(struct sqlw *w, const struct rowval *v, int all)
{
  const struct rowval *l = &v[AC_PASSWORD_LIFETIME];
  if(row_is(l, "DEFAULT") || !l->ptr) {
    if(all)
      sqlw_kw(w, " PASSWORD EXPIRE DEFAULT");
  }
  else if(row_is(l, "0"))
    sqlw_kw(w, " PASSWORD EXPIRE NEVER");
  else {
    sqlw_kw(w, " PASSWORD EXPIRE INTERVAL ");
    sqlw_number(w, l->ptr, l->len);
    sqlw_kw(w, " DAY");
  }
}

static enum rdsclone_code expire_now(const struct render_ctx *ctx,
                                     const struct rowval *v, struct plan *p,
                                     struct buf *obj, struct err *e)
{
  struct sqlw w;
  sqlw_init(&w);
  sqlw_kw(&w, "ALTER USER ");
  quote_mysql_account(&w, v[0].ptr, v[0].len, v[1].ptr, v[1].len);
  sqlw_kw(&w, " PASSWORD EXPIRE");
  return emit(p, &w, ACT_ALTER_USER, PHASE_ALTER, 0, obj,
              "password expired on source", e);
}

static int mariadb_target(const struct render_ctx *ctx)
{
  return target_or_source(ctx)->is_mariadb;
}

static enum rdsclone_code render_create_account(const struct render_ctx *ctx,
                                                const struct change *c,
                                                struct plan *p,
                                                struct buf *obj,
                                                struct err *e)
{
  struct rowval vb[ROWMAP_MAX_COLS];
  const struct rowval *v = row_unpack(c->src, vb);
  int mariadb = mariadb_target(ctx);
  struct sqlw w;
  enum rdsclone_code rc;

  sqlw_init(&w);
  if(row_is(&v[AC_IS_ROLE], "Y")) {
    sqlw_kw(&w, "CREATE ROLE ");
    quote_mysql_ident(&w, v[0].ptr, v[0].len);
    return emit(p, &w, ACT_CREATE_ROLE, PHASE_CREATE, 0, obj,
                "missing on target", e);
  }
  sqlw_kw(&w, "CREATE USER ");
  quote_mysql_account(&w, v[0].ptr, v[0].len, v[1].ptr, v[1].len);
  auth_sql(&w, ctx, &v[AC_AUTH], mariadb);
  require_sql(&w, ctx, v, 0);
  limits_sql(&w, v, 0);
  if(row_is(&v[AC_ACCOUNT_LOCKED], "Y"))
    sqlw_kw(&w, " ACCOUNT LOCK");
  lifetime_sql(&w, v, 0);
  rc = emit(p, &w, ACT_CREATE_USER, PHASE_CREATE, 0, obj,
            "missing on target", e);
  if(!rc && row_is(&v[AC_PASSWORD_EXPIRED], "Y"))
    rc = expire_now(ctx, v, p, obj, e);
  return rc;
}

static enum rdsclone_code render_alter_account(const struct render_ctx *ctx,
                                               const struct change *c,
                                               struct plan *p,
                                               struct buf *obj,
                                               struct err *e)
{
  const struct table_def *t = &catalog_mysql_tables[MT_ACCOUNT];
  struct rowval vb[ROWMAP_MAX_COLS];
  const struct rowval *v = row_unpack(c->src, vb);
  unsigned long d = c->diffcols;
  unsigned long ssl = (1UL << AC_SSL_TYPE) | (1UL << AC_SSL_CIPHER) |
                      (1UL << AC_X509_ISSUER) | (1UL << AC_X509_SUBJECT);
  unsigned long lim = (1UL << AC_MAX_QUESTIONS) | (1UL << AC_MAX_UPDATES) |
                      (1UL << AC_MAX_CONNECTIONS) |
                      (1UL << AC_MAX_USER_CONNECTIONS) |
                      (1UL << AC_MAX_STATEMENT_TIME);
  int unexpire = (d & (1UL << AC_PASSWORD_EXPIRED)) &&
                 !row_is(&v[AC_PASSWORD_EXPIRED], "Y");
  struct buf reason;
  struct sqlw w;
  size_t i;
  enum rdsclone_code rc = RDSCLONE_OK;

  buf_init(&reason, BUF_CAP_SMALL);
  buf_adds(&reason, "differs:");
  for(i = t->nkey; i < t->ncols; i++)
    if(d & (1UL << i))
      buf_addf(&reason, " %s", t->cols[i]);

  if(d & (1UL << AC_IS_ROLE)) {
    rc = emit_skip(p, obj, "a role on one side and a user on the other: "
                   "drop one by hand", e);
    buf_release(&reason);
    return rc;
  }
  if(row_is(&v[AC_IS_ROLE], "Y")) {
    buf_release(&reason);
    return RDSCLONE_OK;   /* roles carry no attributes */
  }
  if((d & ~(1UL << AC_PASSWORD_EXPIRED)) || unexpire) {
    /* setting the password again is what lifts an expiry */
    sqlw_init(&w);
    sqlw_kw(&w, "ALTER USER ");
    quote_mysql_account(&w, v[0].ptr, v[0].len, v[1].ptr, v[1].len);
    if((d & (1UL << AC_AUTH)) || unexpire)
      auth_sql(&w, ctx, &v[AC_AUTH], mariadb_target(ctx));
    if(d & ssl)
      require_sql(&w, ctx, v, 1);
    if(d & lim)
      limits_sql(&w, v, 1);
    if(d & (1UL << AC_ACCOUNT_LOCKED))
      sqlw_kw(&w, row_is(&v[AC_ACCOUNT_LOCKED], "Y") ? " ACCOUNT LOCK"
                                                     : " ACCOUNT UNLOCK");
    if(d & (1UL << AC_PASSWORD_LIFETIME))
      lifetime_sql(&w, v, 1);
    rc = emit(p, &w, ACT_ALTER_USER, PHASE_ALTER, 0, obj, buf_str(&reason),
              e);
  }
  if(!rc && (d & (1UL << AC_PASSWORD_EXPIRED)) && !unexpire)
    rc = expire_now(ctx, v, p, obj, e);
  buf_release(&reason);
  return rc;
}

static enum rdsclone_code render_account(const struct render_ctx *ctx,
                                         const struct change *c,
                                         struct plan *p, struct err *e)
{
  const struct row *r = c->src ? c->src : c->tgt;
  struct rowval vb[ROWMAP_MAX_COLS];
  const struct rowval *v = row_unpack(r, vb);
  struct buf obj;
  struct sqlw w;
  enum rdsclone_code rc;
  int role = row_is(&v[AC_IS_ROLE], "Y");

  /* the server owns PUBLIC: never created, altered or dropped */
  if(is_public(ctx, v))
    return RDSCLONE_OK;
  buf_init(&obj, BUF_CAP_SMALL);
  display_account(&obj, v[0].ptr, v[0].len,
                  role ? NULL : v[1].ptr, v[1].len);
  switch(c->kind) {
  case CHANGE_CREATE:
    rc = render_create_account(ctx, c, p, &obj, e);
    break;
  case CHANGE_ALTER:
    rc = render_alter_account(ctx, c, p, &obj, e);
    break;
  default:
    sqlw_init(&w);
    if(role) {
      sqlw_kw(&w, "DROP ROLE ");
      quote_mysql_ident(&w, v[0].ptr, v[0].len);
    }
    else {
      sqlw_kw(&w, "DROP USER ");
      quote_mysql_account(&w, v[0].ptr, v[0].len, v[1].ptr, v[1].len);
    }
    rc = emit(p, &w, role ? ACT_DROP_ROLE : ACT_DROP_USER, PHASE_DROP, 1,
              &obj, "only on target (--prune)", e);
    break;
  }
  buf_release(&obj);
  return rc;
}

/* ------------------------------------------------------------------ */
/* Privileges                                                          */

/* 1 when the target's connecting account may grant priv: it holds it and
 * GRANT OPTION globally. Without knowledge of that account, assume yes. */
static int can_grant(const struct render_ctx *ctx, const char *priv)
{
  const struct snapshot *t = ctx->tgt;
  const char *own;
  char needle[80];
  int n;

  if(!t || !t->own_privs.len)
    return 1;
  own = buf_str(&t->own_privs);
  n = snprintf(needle, sizeof(needle), "\n%s\n", priv);
  if(n < 0 || (size_t)n >= sizeof(needle))
    return 0;
  return strstr(own, needle) && strstr(own, "\nGRANT OPTION\n");
}

/* 1 when the target's connecting account holds the global privilege
 * what (a line of own_privs, GRANT OPTION aside); unknown: yes. */
static int own_has(const struct render_ctx *ctx, const char *what,
                   size_t len)
{
  const struct snapshot *t = ctx->tgt;
  const char *own, *p;

  if(!t || !t->own_privs.len)
    return 1;
  own = buf_str(&t->own_privs);
  for(p = own; (p = strstr(p, "\n")) != NULL; p++)
    if(!strncmp(p + 1, what, len) && p[1 + len] == '\n')
      return 1;
  return 0;
}

/* ASCII lower case of v into out (cap bytes); 0 when it does not fit or
 * holds a byte above ASCII (whose case only the server can fold). */
static int ascii_lower(const struct rowval *v, char *out, size_t cap)
{
  size_t i;
  if(v->len >= cap)
    return 0;
  for(i = 0; i < v->len; i++) {
    unsigned char c = (unsigned char)v->ptr[i];
    if(c >= 0x80)
      return 0;
    out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  out[v->len] = 0;
  return 1;
}

enum { OBJ_PRESENT, OBJ_MISSING };

/* 1 when the target's object map has (db, type, name, column), or, on a
 * target with lower_case_table_names, its ASCII-folded database and
 * (fold_name) name; -1 when folding needs the server (non-ASCII). */
static int object_found(const struct snapshot *tg, struct rowval *k,
                        int fold_name)
{
  char db[256], name[256];
  const struct rowmap *m = tg->maps[MX_OBJECT];

  if(rowmap_find(m, k))
    return 1;
  if(!(tg->flags & SF_LOWER_CASE_NAMES))
    return 0;
  if(!ascii_lower(&k[0], db, sizeof(db)) ||
     (fold_name && !ascii_lower(&k[2], name, sizeof(name))))
    return -1;
  k[0].ptr = db;
  if(fold_name)
    k[2].ptr = name;
  return rowmap_find(m, k) != NULL;
}

/* 1 for the schemas the server keeps itself, whose objects the
 * object queries leave out (sql/mysql/objects_*.sql). */
static int server_schema(const struct rowval *db)
{
  static const char *const own[] = {
    "information_schema", "performance_schema", "sys", NULL
  };
  size_t i, j;
  for(i = 0; own[i]; i++) {
    if(strlen(own[i]) != db->len)
      continue;
    for(j = 0; j < db->len; j++) {
      char c = db->ptr[j];
      if((c >= 'A' && c <= 'Z' ? c + 32 : c) != own[i][j])
        break;
    }
    if(j == db->len)
      return 1;
  }
  return 0;
}

/* Whether the object of a table, column or routine privilege row (v)
 * exists on the target, by the target's MX_OBJECT map: its database
 * first (a grant in a database the target lacks is missing whatever its
 * object's name); then tables by their exact name, columns and routines
 * without regard to case (the map holds the server's LOWER()). Database
 * and table names fold when the target has lower_case_table_names.
 * Unknown (no map, a name whose case only the server can fold, the
 * server's own schemas) counts as present: the GRANT is planned, as
 * before. */
static int object_state(const struct render_ctx *ctx, int t,
                        const struct rowval *v)
{
  const struct snapshot *tg = ctx->tgt;
  char lower[256];
  struct rowval k[4];
  int found;

  if(!tg || !tg->maps[MX_OBJECT] || server_schema(&v[2]))
    return OBJ_PRESENT;
  k[0] = v[2];
  k[1].ptr = "SCHEMA";
  k[1].len = 6;
  k[2].ptr = k[3].ptr = "";
  k[2].len = k[3].len = 0;
  found = object_found(tg, k, 0);
  if(!found)
    return OBJ_MISSING;
  if(found < 0)
    return OBJ_PRESENT;
  k[0] = v[2];
  if(t == MT_PRIV_ROUTINE) {
    k[1] = v[3];
    if(!ascii_lower(&v[4], lower, sizeof(lower)))
      return OBJ_PRESENT;
    k[2].ptr = lower;
    k[2].len = v[4].len;
    found = object_found(tg, k, 0);
  }
  else {
    k[1].ptr = t == MT_PRIV_COLUMN ? "COLUMN" : "TABLE";
    k[1].len = strlen(k[1].ptr);
    k[2] = v[3];
    if(t == MT_PRIV_COLUMN) {
      if(!ascii_lower(&v[4], lower, sizeof(lower)))
        return OBJ_PRESENT;
      k[3].ptr = lower;
      k[3].len = v[4].len;
    }
    found = object_found(tg, k, 1);
  }
  return found ? OBJ_PRESENT : OBJ_MISSING;
}

static const char *routine_kw(const struct rowval *type)
{
  static const char *const kws[] = {
    "FUNCTION", "PROCEDURE", "PACKAGE", "PACKAGE BODY", NULL
  };
  size_t i;
  for(i = 0; kws[i]; i++)
    if(row_is(type, kws[i]))
      return kws[i];
  return NULL;
}

/* " ON <object>" for a privilege row of table t. */
static void object_sql(struct sqlw *w, int t, const struct rowval *v)
{
  sqlw_kw(w, " ON ");
  switch(t) {
  case MT_PRIV_GLOBAL:
    sqlw_kw(w, "*.*");
    break;
  case MT_PRIV_DB:
    quote_mysql_ident(w, v[2].ptr, v[2].len);
    sqlw_kw(w, ".*");
    break;
  case MT_PRIV_TABLE:
  case MT_PRIV_COLUMN:
    quote_mysql_ident(w, v[2].ptr, v[2].len);
    sqlw_kw(w, ".");
    quote_mysql_ident(w, v[3].ptr, v[3].len);
    break;
  case MT_PRIV_ROUTINE: {
    const char *kw = routine_kw(&v[3]);
    if(!kw) {
      sqlw_fail(w, "unknown routine type");
      return;
    }
    sqlw_kw(w, kw);
    sqlw_kw(w, " ");
    quote_mysql_ident(w, v[2].ptr, v[2].len);
    sqlw_kw(w, ".");
    quote_mysql_ident(w, v[4].ptr, v[4].len);
    break;
  }
  }
}

static void object_display(struct buf *b, const struct render_ctx *ctx,
                           int t, const struct rowval *v)
{
  grantee_display(b, ctx, v);
  buf_adds(b, " on ");
  switch(t) {
  case MT_PRIV_GLOBAL:
    buf_adds(b, "*.*");
    break;
  case MT_PRIV_DB:
    buf_addc(b, '`');
    display_add(b, v[2].ptr, v[2].len);
    buf_adds(b, "`.*");
    break;
  case MT_PRIV_ROUTINE:
    display_add(b, v[3].ptr, v[3].len);
    buf_adds(b, " `");
    display_add(b, v[2].ptr, v[2].len);
    buf_adds(b, "`.`");
    display_add(b, v[4].ptr, v[4].len);
    buf_addc(b, '`');
    break;
  default:
    buf_addc(b, '`');
    display_add(b, v[2].ptr, v[2].len);
    buf_adds(b, "`.`");
    display_add(b, v[3].ptr, v[3].len);
    buf_addc(b, '`');
    break;
  }
}

/* One privilege to grant or revoke: its keyword and the row naming the
 * grantee and object (the source's for a grant, the target's for a
 * revoke). */
struct priv_item {
  const struct row *r;
  int grant;
  char priv[64];
};

struct priv_items {
  struct priv_item *v;
  size_t n, alloc;
};

static int items_push(struct priv_items *it, const struct row *r, int grant,
                      const char *priv, size_t len)
{
  struct priv_item *x;
  if(it->n == it->alloc) {
    size_t n = it->alloc ? it->alloc * 2 : 16;
    struct priv_item *v = realloc(it->v, n * sizeof(*v));
    if(!v)
      return -1;
    it->v = v;
    it->alloc = n;
  }
  x = &it->v[it->n++];
  x->r = r;
  x->grant = grant;
  if(len >= sizeof(x->priv)) {   /* no privilege is named so long */
    priv = "(name too long)";   /* not a name: priv_kw refuses it */
    len = strlen(priv);
  }
  memcpy(x->priv, priv, len);
  x->priv[len] = 0;
  return 0;
}

/* The next privilege of a row's privilege column at *pos: the whole value
 * for global privileges (one row each), else one keyword of the sorted
 * "A,B,C" set (catalog_mysql.c). 0 at the end. */
static int next_priv(int t, const struct row *r, size_t *pos,
                     struct rowval *out)
{
  struct rowval v = r ? row_val(r, catalog_mysql_tables[t].ncols - 1)
                      : (struct rowval){ NULL, 0 };
  size_t i = *pos;
  if(!v.ptr || i > v.len)   /* past the last word (an empty value: one) */
    return 0;
  if(t == MT_PRIV_GLOBAL) {
    *out = v;
    *pos = v.len + 1;
    return 1;
  }
  out->ptr = v.ptr + i;
  while(i < v.len && v.ptr[i] != ',')
    i++;
  out->len = (size_t)(v.ptr + i - out->ptr);
  *pos = i + 1;
  return 1;
}

static int priv_cmp(const struct rowval *a, const struct rowval *b)
{
  size_t l = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->ptr, b->ptr, l);
  return c ? c : (a->len > b->len) - (a->len < b->len);
}

/* The privileges a change grants (in the source's set only) and revokes
 * (in the target's only), in the sets' sorted order: one merge walk. */
static int change_items(int t, const struct change *c, struct priv_items *it)
{
  const struct row *s = c->kind == CHANGE_DROP ? NULL : c->src;
  const struct row *g = c->kind == CHANGE_CREATE ? NULL : c->tgt;
  size_t ps = 0, pg = 0;
  struct rowval a, b;
  int has_a = next_priv(t, s, &ps, &a), has_b = next_priv(t, g, &pg, &b);

  while(has_a || has_b) {
    int cmp = !has_a ? 1 : !has_b ? -1 : priv_cmp(&a, &b);
    if(cmp < 0 && items_push(it, s, 1, a.ptr, a.len))
      return -1;
    if(cmp > 0 && items_push(it, g, 0, b.ptr, b.len))
      return -1;
    if(cmp <= 0)
      has_a = next_priv(t, s, &ps, &a);
    if(cmp >= 0)
      has_b = next_priv(t, g, &pg, &b);
  }
  return 0;
}

/* Appends the privilege list of the selected items: "SELECT, INSERT", or
 * for column privileges "SELECT (`a`, `b`), UPDATE (`c`)". Returns the
 * number of privileges listed. GRANT OPTION is never listed (it is the
 * WITH GRANT OPTION clause or its own REVOKE). */
static size_t privlist_sql(struct sqlw *w, struct buf *names, int t,
                           const struct priv_item *const *items, size_t n)
{
  size_t i, j, listed = 0;

  for(i = 0; i < n; i++) {
    const char *pi = items[i]->priv;
    int seen = 0;
    if(!strcmp(pi, "GRANT OPTION"))
      continue;
    for(j = 0; j < i && !seen; j++)
      seen = !strcmp(items[j]->priv, pi);
    if(seen)
      continue;   /* column privileges: listed with the first column */
    if(listed++) {
      sqlw_kw(w, ", ");
      buf_adds(names, ", ");
    }
    priv_kw(w, pi);
    buf_adds(names, pi);
    if(t == MT_PRIV_COLUMN) {
      size_t k, cols = 0;
      sqlw_kw(w, " (");
      for(k = i; k < n; k++) {
        if(strcmp(items[k]->priv, pi))
          continue;
        if(cols++)
          sqlw_kw(w, ", ");
        quote_mysql_ident(w, row_ptr(items[k]->r, 4),
                          row_len(items[k]->r, 4));
      }
      sqlw_kw(w, ")");
    }
  }
  return listed;
}

static int has_grant_option(const struct priv_item *const *items, size_t n)
{
  size_t i;
  for(i = 0; i < n; i++)
    if(!strcmp(items[i]->priv, "GRANT OPTION"))
      return 1;
  return 0;
}

/* One GRANT or REVOKE of the items; a grant runs in phase (PHASE_GRANT,
 * or PHASE_REVOKE to follow a revoke it must come after). */
static enum rdsclone_code privs_statement(const struct render_ctx *ctx,
                                          int t, int grant, int phase,
                                          const struct priv_item *const *items,
                                          size_t n, struct plan *p,
                                          struct err *e)
{
  struct rowval vb[ROWMAP_MAX_COLS];
  const struct rowval *v = row_unpack(items[0]->r, vb);
  struct buf obj, names, reason;
  struct sqlw w;
  size_t listed;
  int go = has_grant_option(items, n);
  enum rdsclone_code rc = RDSCLONE_OK;

  buf_init(&obj, BUF_CAP_SMALL);
  buf_init(&names, BUF_CAP_SMALL);
  buf_init(&reason, BUF_CAP_SMALL);
  object_display(&obj, ctx, t, v);

  sqlw_init(&w);
  sqlw_kw(&w, grant ? "GRANT " : "REVOKE ");
  listed = privlist_sql(&w, &names, t, items, n);
  if(!listed && grant)
    sqlw_kw(&w, "USAGE");
  object_sql(&w, t, v);
  sqlw_kw(&w, grant ? " TO " : " FROM ");
  grantee_sql(&w, ctx, v);
  if(grant && go) {
    sqlw_kw(&w, " WITH GRANT OPTION");
    buf_adds(&names, listed ? ", GRANT OPTION" : "GRANT OPTION");
  }
  buf_addf(&reason, grant ? "missing on target: %s" : "only on target: %s",
           buf_str(&names));
  if(grant || listed)
    rc = emit(p, &w, grant ? ACT_GRANT : ACT_REVOKE,
              grant ? phase : PHASE_REVOKE, !grant, &obj,
              buf_str(&reason), e);
  else
    sqlw_release(&w);

  if(!rc && !grant && go) {
    sqlw_init(&w);
    sqlw_kw(&w, "REVOKE GRANT OPTION");
    object_sql(&w, t, v);
    sqlw_kw(&w, " FROM ");
    grantee_sql(&w, ctx, v);
    rc = emit(p, &w, ACT_REVOKE, PHASE_REVOKE, 1, &obj,
              "only on target: GRANT OPTION", e);
  }
  buf_release(&obj);
  buf_release(&names);
  buf_release(&reason);
  return rc;
}

/* 1 when the row r of map m holds priv in its privilege set. */
static int set_has(const struct rowmap *m, const struct rowval *key, int t,
                   const char *priv)
{
  const struct row *r = m ? rowmap_find(m, key) : NULL;
  size_t pos = 0;
  struct rowval v;
  while(r && next_priv(t, r, &pos, &v))
    if(v.len == strlen(priv) && !memcmp(v.ptr, priv, v.len))
      return 1;
  return 0;
}

/* 1 when the plan revokes priv on the column row's table itself (the
 * target's table row holds it, the source's does not): the servers'
 * REVOKE on a table takes the column privileges of that kind with it,
 * so a column REVOKE after it would be refused (ER_NONEXISTING_TABLE_
 * GRANT) and a column GRANT before it undone. */
static int table_revoke_covers(const struct render_ctx *ctx,
                               const struct row *col_row, const char *priv)
{
  struct rowval vb[ROWMAP_MAX_COLS];
  const struct rowval *key = row_unpack(col_row, vb);
  if(!ctx->tgt)
    return 0;
  return set_has(ctx->tgt->maps[MT_PRIV_TABLE], key, MT_PRIV_TABLE, priv) &&
         !set_has(ctx->src->maps[MT_PRIV_TABLE], key, MT_PRIV_TABLE, priv);
}

/* The first row of a group: all its rows name one object. */
static const struct row *group_row(const struct change_group *g)
{
  return g->changes[0].src ? g->changes[0].src : g->changes[0].tgt;
}

/* The privilege items of every change of a group. */
static enum rdsclone_code group_items(const struct change_group *g,
                                      int table, struct priv_items *it,
                                      struct err *e)
{
  size_t i;
  for(i = 0; i < g->n; i++)
    if(change_items(table, &g->changes[i], it))
      return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  return RDSCLONE_OK;
}

/* The skip of the privileges (a list, "A, B") the target's connecting
 * account cannot grant. */
static enum rdsclone_code skip_cannot_grant(const struct render_ctx *ctx,
                                            struct plan *p, struct buf *obj,
                                            const struct buf *skipped,
                                            struct err *e)
{
  struct buf why;
  enum rdsclone_code rc;
  buf_init(&why, BUF_CAP_SMALL);
  buf_addf(&why, "target account '%s'@'%s' lacks ", ctx->tgt->current_user,
           ctx->tgt->current_host);
  buf_adds(&why, buf_str(skipped));
  buf_adds(&why, " (or GRANT OPTION) globally, so it cannot grant or "
                 "revoke them");
  rc = emit_skip(p, obj, buf_str(&why), e);
  buf_release(&why);
  return rc;
}

/* The privilege items of a group, sorted by what becomes of them. */
struct priv_sorted {
  const struct priv_item **add, **del, **late;
  size_t na, nd, nl;
  struct buf skipped;   /* what the target's account cannot grant */
  struct buf missing;   /* the missing columns, or "-" for the object */
};

/* A GRANT on a table, column or routine the target lacks is refused
 * (ER_NO_SUCH_TABLE, ER_BAD_FIELD_ERROR, ER_SP_DOES_NOT_EXIST), except
 * on a table when CREATE is among its privileges: such grants are
 * skips. Revokes need no object: they remove the grant's rows. 1 when
 * the group's table or routine is missing so. */
static int object_missing(const struct render_ctx *ctx,
                          const struct change_group *g,
                          const struct priv_items *it)
{
  struct rowval vb[ROWMAP_MAX_COLS];
  int grants_create = 0;
  size_t i;
  for(i = 0; i < it->n; i++)
    if(it->v[i].grant && !strcmp(it->v[i].priv, "CREATE"))
      grants_create = 1;
  if(g->table != MT_PRIV_TABLE && g->table != MT_PRIV_ROUTINE)
    return 0;
  return object_state(ctx, g->table, row_unpack(group_row(g), vb)) ==
         OBJ_MISSING && !(g->table == MT_PRIV_TABLE && grants_create);
}

/* Notes a grant refused for its missing object: each missing column
 * named once, a table or routine as "-". */
static void note_missing(struct buf *missing, int table,
                         const struct priv_item *x)
{
  struct buf one;
  if(table != MT_PRIV_COLUMN) {
    if(!missing->len)
      buf_adds(missing, "-");
    return;
  }
  buf_init(&one, BUF_CAP_SMALL);
  buf_addc(&one, '`');
  display_add(&one, row_ptr(x->r, 4), row_len(x->r, 4));
  buf_addc(&one, '`');
  if(!strstr(buf_str(missing), buf_str(&one))) {
    if(missing->len)
      buf_adds(missing, ", ");
    buf_adds(missing, buf_str(&one));
  }
  buf_release(&one);
}

/* Sorts one item: refused for want of its object, beyond what the
 * target's account may grant, granted after the table's REVOKE, or
 * granted or revoked. */
static void sort_item(const struct render_ctx *ctx, int table,
                      int table_missing, const struct priv_item *x,
                      struct priv_sorted *s)
{
  struct rowval xb[ROWMAP_MAX_COLS];
  if(x->grant && (table_missing ||
                  (table == MT_PRIV_COLUMN &&
                   object_state(ctx, table, row_unpack(x->r, xb)) ==
                   OBJ_MISSING))) {
    note_missing(&s->missing, table, x);
    return;
  }
  if(!can_grant(ctx, x->priv)) {
    if(s->skipped.len)
      buf_adds(&s->skipped, ", ");
    buf_adds(&s->skipped, x->priv);
    return;
  }
  if(table == MT_PRIV_COLUMN && table_revoke_covers(ctx, x->r, x->priv)) {
    /* the table's REVOKE takes the column privilege of that kind:
     * none to revoke, and a grant must come after it */
    if(x->grant)
      s->late[s->nl++] = x;
    return;
  }
  if(x->grant)
    s->add[s->na++] = x;
  else
    s->del[s->nd++] = x;
}

static enum rdsclone_code sorted_statements(const struct render_ctx *ctx,
                                            const struct change_group *g,
                                            const struct priv_sorted *s,
                                            struct plan *p, struct err *e)
{
  enum rdsclone_code rc = RDSCLONE_OK;
  if(s->na)
    rc = privs_statement(ctx, g->table, 1, PHASE_GRANT, s->add, s->na, p, e);
  if(!rc && s->nd)
    rc = privs_statement(ctx, g->table, 0, PHASE_REVOKE, s->del, s->nd, p,
                         e);
  /* after the table REVOKE, which comes first in the revoke phase (its
   * table is rendered before the columns') */
  if(!rc && s->nl)
    rc = privs_statement(ctx, g->table, 1, PHASE_REVOKE, s->late, s->nl, p,
                         e);
  return rc;
}

/* The skips of a group: what the target's account cannot grant, then
 * what it lacks the objects for. */
static enum rdsclone_code sorted_skips(const struct render_ctx *ctx,
                                       const struct change_group *g,
                                       const struct priv_sorted *s,
                                       struct plan *p, struct err *e)
{
  struct rowval vb[ROWMAP_MAX_COLS];
  const struct rowval *v = row_unpack(group_row(g), vb);
  struct buf obj;
  enum rdsclone_code rc = RDSCLONE_OK;
  buf_init(&obj, BUF_CAP_SMALL);
  if(s->skipped.len) {
    object_display(&obj, ctx, g->table, v);
    rc = skip_cannot_grant(ctx, p, &obj, &s->skipped, e);
  }
  if(!rc && s->missing.len) {
    buf_reset(&obj);
    object_display(&obj, ctx, g->table, v);
    if(g->table == MT_PRIV_COLUMN) {
      buf_adds(&obj, " (");
      buf_adds(&obj, buf_str(&s->missing));
      buf_addc(&obj, ')');
    }
    rc = emit_skip(p, &obj, "object missing on target", e);
  }
  buf_release(&obj);
  return rc;
}

static enum rdsclone_code render_privs(const struct render_ctx *ctx,
                                       const struct change_group *g,
                                       struct plan *p, struct err *e)
{
  struct priv_items it = { NULL, 0, 0 };
  struct priv_sorted s;
  struct rowval vb[ROWMAP_MAX_COLS];
  const struct rowval *v0 = row_unpack(group_row(g), vb);
  enum rdsclone_code rc = RDSCLONE_OK;
  int table_missing;
  size_t i;

  if(is_public(ctx, v0) && !target_has_public(ctx)) {
    struct buf obj;
    buf_init(&obj, BUF_CAP_SMALL);
    object_display(&obj, ctx, g->table, v0);
    rc = skip_no_public(ctx, p, &obj, e);
    buf_release(&obj);
    return rc;
  }
  memset(&s, 0, sizeof(s));
  buf_init(&s.skipped, BUF_CAP_SMALL);
  buf_init(&s.missing, BUF_CAP_SMALL);
  rc = group_items(g, g->table, &it, e);
  s.add = rc ? NULL : malloc((it.n + 1) * sizeof(*s.add));
  s.del = rc ? NULL : malloc((it.n + 1) * sizeof(*s.del));
  s.late = rc ? NULL : malloc((it.n + 1) * sizeof(*s.late));
  if(!rc && (!s.add || !s.del || !s.late))
    rc = err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  if(!rc) {
    table_missing = object_missing(ctx, g, &it);
    for(i = 0; i < it.n; i++)
      sort_item(ctx, g->table, table_missing, &it.v[i], &s);
    rc = sorted_statements(ctx, g, &s, p, e);
  }
  if(!rc)
    rc = sorted_skips(ctx, g, &s, p, e);
  free(s.add);
  free(s.del);
  free(s.late);
  free(it.v);
  buf_release(&s.skipped);
  buf_release(&s.missing);
  return rc;
}

/* ------------------------------------------------------------------ */
/* Roles                                                               */

static enum rdsclone_code role_statement(const struct render_ctx *ctx,
                                         const struct rowval *v, int grant,
                                         int admin_only, int with_admin,
                                         int phase, const char *reason,
                                         struct plan *p, struct err *e)
{
  struct buf obj;
  struct sqlw w;
  enum rdsclone_code rc;

  buf_init(&obj, BUF_CAP_SMALL);
  display_account(&obj, v[2].ptr, v[2].len, v[3].len ? v[3].ptr : NULL,
                  v[3].len);
  buf_adds(&obj, grant ? " to " : " from ");
  grantee_display(&obj, ctx, v);
  sqlw_init(&w);
  if(grant)
    sqlw_kw(&w, "GRANT ");
  else
    sqlw_kw(&w, admin_only ? "REVOKE ADMIN OPTION FOR " : "REVOKE ");
  role_sql(&w, &v[2], &v[3]);
  sqlw_kw(&w, grant ? " TO " : " FROM ");
  grantee_sql(&w, ctx, v);
  if(grant && with_admin)
    sqlw_kw(&w, " WITH ADMIN OPTION");
  rc = emit(p, &w, grant ? ACT_GRANT_ROLE : ACT_REVOKE_ROLE, phase, !grant,
            &obj, reason, e);
  buf_release(&obj);
  return rc;
}

/* 1 when the target is MySQL 8.0, whose GRANT/REVOKE of a role needs
 * ROLE_ADMIN (or SUPER) or the role WITH ADMIN OPTION. */
static int mysql8_target(const struct render_ctx *ctx)
{
  const struct snapshot *t = ctx->tgt;
  return t && !t->is_mariadb && t->version_id >= 80000;
}

/* 1 when the target's connecting account may grant and revoke the role
 * (role, role_host) on MySQL 8.0 (MariaDB: not checked). */
static int can_admin_role(const struct render_ctx *ctx,
                          const struct rowval *role,
                          const struct rowval *role_host)
{
  const struct snapshot *t = ctx->tgt;
  struct rowval k[4];
  const struct row *r;

  if(!mysql8_target(ctx) || !t->current_user)
    return 1;
  if(own_has(ctx, "ROLE_ADMIN", 10) || own_has(ctx, "SUPER", 5))
    return 1;
  if(!t->maps[MT_ROLE_GRANT])
    return 0;
  k[0].ptr = t->current_user;
  k[0].len = strlen(t->current_user);
  k[1].ptr = t->current_host;
  k[1].len = strlen(t->current_host);
  k[2] = *role;
  k[3] = *role_host;
  r = rowmap_find(t->maps[MT_ROLE_GRANT], k);
  return r && row_ptr(r, 4) && row_ptr(r, 4)[0] == 'Y';
}

static enum rdsclone_code skip_role_admin(const struct render_ctx *ctx,
                                          const struct rowval *v, int grant,
                                          struct plan *p, struct err *e)
{
  struct buf obj;
  enum rdsclone_code rc;
  buf_init(&obj, BUF_CAP_SMALL);
  display_account(&obj, v[2].ptr, v[2].len, v[3].len ? v[3].ptr : NULL,
                  v[3].len);
  buf_adds(&obj, grant ? " to " : " from ");
  grantee_display(&obj, ctx, v);
  rc = skip_target_lacks(ctx, p, &obj, "ROLE_ADMIN (and ADMIN OPTION on "
                         "the role)", e);
  buf_release(&obj);
  return rc;
}

static enum rdsclone_code render_role_grant(const struct render_ctx *ctx,
                                            const struct change *c,
                                            struct plan *p, struct err *e)
{
  enum rdsclone_code rc;
  struct rowval vb[ROWMAP_MAX_COLS];
  const struct rowval *v;

  v = row_unpack(c->kind == CHANGE_DROP ? c->tgt : c->src, vb);
  if(is_public(ctx, v) && !target_has_public(ctx)) {
    struct buf obj;
    buf_init(&obj, BUF_CAP_SMALL);
    display_account(&obj, v[2].ptr, v[2].len, v[3].len ? v[3].ptr : NULL,
                    v[3].len);
    buf_adds(&obj, " to PUBLIC");
    rc = skip_no_public(ctx, p, &obj, e);
    buf_release(&obj);
    return rc;
  }
  if(!can_admin_role(ctx, &v[2], &v[3]))
    return skip_role_admin(ctx, v, c->kind != CHANGE_DROP, p, e);
  if(c->kind == CHANGE_DROP)
    return role_statement(ctx, row_unpack(c->tgt, vb), 0, 0, 0,
                          PHASE_REVOKE_ROLE, "only on target", p, e);
  v = row_unpack(c->src, vb);
  if(c->kind == CHANGE_CREATE)
    return role_statement(ctx, v, 1, 0, row_is(&v[4], "Y"),
                          PHASE_GRANT_ROLE, "missing on target", p, e);
  /* only the admin option differs */
  if(row_is(&v[4], "Y"))
    return role_statement(ctx, v, 1, 0, 1, PHASE_GRANT_ROLE,
                          "differs: admin_option", p, e);
  if(mariadb_target(ctx))
    return role_statement(ctx, v, 0, 1, 0, PHASE_REVOKE_ROLE,
                          "differs: admin_option", p, e);
  /* MySQL has no REVOKE ADMIN OPTION: revoke, then grant again, in one
   * phase so the grant runs right after the revoke */
  rc = role_statement(ctx, v, 0, 0, 0, PHASE_REVOKE_ROLE,
                      "differs: admin_option", p, e);
  if(!rc)
    rc = role_statement(ctx, v, 1, 0, 0, PHASE_REVOKE_ROLE,
                        "differs: admin_option", p, e);
  return rc;
}

static enum rdsclone_code render_default_roles(const struct render_ctx *ctx,
                                               const struct change_group *g,
                                               struct plan *p,
                                               struct err *e)
{
  const struct row *first = group_row(g);
  struct rowval whob[ROWMAP_MAX_COLS];
  const struct rowval *who = row_unpack(first, whob);
  const struct rowmap *m = ctx->src->maps[MT_DEFAULT_ROLE];
  struct row **rows;
  size_t n, i, listed = 0;
  struct buf obj;
  struct sqlw w;
  int mariadb = mariadb_target(ctx);
  enum rdsclone_code rc;

  /* only this grantee's rows, not the whole map sorted once per group */
  rows = rowmap_select(m, first, 2, &n);
  if(n == (size_t)-1)
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  buf_init(&obj, BUF_CAP_SMALL);
  grantee_display(&obj, ctx, who);
  /* MySQL 8.0 refuses a default role not granted: one whose grant is a
   * skip (no ROLE_ADMIN) makes this a skip too */
  for(i = 0; i < n && mysql8_target(ctx); i++) {
    struct rowval vb[ROWMAP_MAX_COLS];
    const struct rowval *v = row_unpack(rows[i], vb);
    struct rowval k[4] = { who[0], who[1], v[2], v[3] };
    const struct rowmap *tg = ctx->tgt->maps[MT_ROLE_GRANT];
    if((tg && rowmap_find(tg, k)) || can_admin_role(ctx, &v[2], &v[3]))
      continue;
    free(rows);
    rc = emit_skip(p, &obj, "a default role is not granted on the target "
                   "and the target account cannot grant it (see the role "
                   "grant's skip)", e);
    buf_release(&obj);
    return rc;
  }
  sqlw_init(&w);
  sqlw_kw(&w, "SET DEFAULT ROLE ");
  for(i = 0; i < n; i++) {
    struct rowval vb[ROWMAP_MAX_COLS];
    const struct rowval *v = row_unpack(rows[i], vb);
    if(listed++) {
      if(mariadb)
        break;   /* MariaDB has one default role */
      sqlw_kw(&w, ", ");
    }
    role_sql(&w, &v[2], &v[3]);
  }
  free(rows);
  if(!listed)
    sqlw_kw(&w, "NONE");
  sqlw_kw(&w, mariadb ? " FOR " : " TO ");
  grantee_sql(&w, ctx, who);
  rc = emit(p, &w, ACT_SET_DEFAULT_ROLE, PHASE_DEFAULT_ROLE, !listed, &obj,
            "default roles differ", e);
  buf_release(&obj);
  return rc;
}

/* ------------------------------------------------------------------ */
/* PROXY                                                               */

/* 1 when the target's connecting account may grant or revoke PROXY on
 * the account (user, host): it is that account, or holds PROXY WITH
 * GRANT OPTION on any account (''@'%', as root from mysql_install_db) or
 * on that user (the servers match the proxied user by name; its own rows
 * are those with its user and its host or '%', MX_OWN_PROXY). Without
 * knowledge of the target, assume so. */
static int can_proxy(const struct render_ctx *ctx, const struct rowval *user,
                     const struct rowval *host)
{
  const struct snapshot *t = ctx->tgt;
  const struct rowmap *own;
  struct rowval any = { "", 0 };

  if(!t || !t->current_user)
    return 1;
  if(row_is(user, t->current_user) && row_is(host, t->current_host))
    return 1;
  own = t->maps[MX_OWN_PROXY];
  return own && (rowmap_find(own, &any) || rowmap_find(own, user));
}

static enum rdsclone_code proxy_statement(const struct render_ctx *ctx,
                                          const struct rowval *v, int grant,
                                          int with_grant, int phase,
                                          const char *reason,
                                          struct buf *obj, struct plan *p,
                                          struct err *e)
{
  struct sqlw w;
  sqlw_init(&w);
  sqlw_kw(&w, grant ? "GRANT PROXY ON " : "REVOKE PROXY ON ");
  quote_mysql_account(&w, v[PX_PROXIED_USER].ptr, v[PX_PROXIED_USER].len,
                      v[PX_PROXIED_HOST].ptr, v[PX_PROXIED_HOST].len);
  sqlw_kw(&w, grant ? " TO " : " FROM ");
  grantee_sql(&w, ctx, v);
  if(grant && with_grant)
    sqlw_kw(&w, " WITH GRANT OPTION");
  return emit(p, &w, grant ? ACT_GRANT : ACT_REVOKE, phase, !grant, obj,
              reason, e);
}

/* GRANT PROXY ON 'pu'@'ph' TO grantee [WITH GRANT OPTION], REVOKE PROXY;
 * a grant option only on the target is removed by revoking the proxy and
 * granting it again without (GRANT adds a grant option, never removes
 * one). */
static enum rdsclone_code render_proxy(const struct render_ctx *ctx,
                                       const struct change *c,
                                       struct plan *p, struct err *e)
{
  struct rowval vb[ROWMAP_MAX_COLS];
  const struct rowval *v = row_unpack(c->kind == CHANGE_DROP ? c->tgt
                                                              : c->src, vb);
  struct buf obj;
  enum rdsclone_code rc;
  int wg = row_is(&v[PX_WITH_GRANT], "Y");

  buf_init(&obj, BUF_CAP_SMALL);
  buf_adds(&obj, "PROXY on ");
  display_account(&obj, v[PX_PROXIED_USER].ptr, v[PX_PROXIED_USER].len,
                  v[PX_PROXIED_HOST].ptr, v[PX_PROXIED_HOST].len);
  buf_adds(&obj, " to ");
  grantee_display(&obj, ctx, v);
  if(is_public(ctx, v) && !target_has_public(ctx))
    rc = skip_no_public(ctx, p, &obj, e);
  else if(!can_proxy(ctx, &v[PX_PROXIED_USER], &v[PX_PROXIED_HOST]))
    rc = skip_target_lacks(ctx, p, &obj, "PROXY WITH GRANT OPTION on that "
                           "account (or on ''@'%')", e);
  else if(c->kind == CHANGE_CREATE)
    rc = proxy_statement(ctx, v, 1, wg, PHASE_GRANT, "missing on target",
                         &obj, p, e);
  else if(c->kind == CHANGE_DROP)
    rc = proxy_statement(ctx, v, 0, 0, PHASE_REVOKE, "only on target", &obj,
                         p, e);
  else if(wg)
    rc = proxy_statement(ctx, v, 1, 1, PHASE_GRANT, "differs: with_grant",
                         &obj, p, e);
  else {
    /* in one phase, so the grant runs right after the revoke */
    rc = proxy_statement(ctx, v, 0, 0, PHASE_REVOKE, "differs: with_grant",
                         &obj, p, e);
    if(!rc)
      rc = proxy_statement(ctx, v, 1, 0, PHASE_REVOKE,
                           "differs: with_grant", &obj, p, e);
  }
  buf_release(&obj);
  return rc;
}

/* ------------------------------------------------------------------ */
/* Partial revokes (MySQL 8.0.16+)                                     */

/* The items of one pass (restrict_pass 1: restrictions to make, 0: to
 * lift) the target's account can grant, into sel; the others are listed
 * in skipped. Returns how many went into sel. */
static size_t pass_items(const struct render_ctx *ctx,
                         const struct priv_items *it, int restrict_pass,
                         const struct priv_item **sel, struct buf *skipped)
{
  size_t i, n = 0;
  for(i = 0; i < it->n; i++) {
    const struct priv_item *x = &it->v[i];
    if(x->grant != restrict_pass)
      continue;
    if(!can_grant(ctx, x->priv)) {
      if(skipped->len)
        buf_adds(skipped, ", ");
      buf_adds(skipped, x->priv);
      continue;
    }
    sel[n++] = x;
  }
  return n;
}

static enum rdsclone_code skip_no_partial_revokes(struct plan *p,
                                                  struct buf *obj,
                                                  const struct priv_item **sel,
                                                  size_t n, struct err *e)
{
  struct buf why;
  enum rdsclone_code rc;
  size_t i;
  buf_init(&why, BUF_CAP_SMALL);
  buf_adds(&why, "the target does not have partial_revokes=ON (MySQL "
                 "8.0.16+), so it refuses REVOKE ");
  for(i = 0; i < n; i++)
    buf_addf(&why, "%s%s", i ? ", " : "", sel[i]->priv);
  buf_adds(&why, " on a database under a global grant");
  rc = emit_skip(p, obj, buf_str(&why), e);
  buf_release(&why);
  return rc;
}

/* REVOKE privs ON db.* FROM grantee (restrict_pass), or GRANT privs ON
 * db.* TO grantee [WITH GRANT OPTION]; v is the partial_revoke row. */
static enum rdsclone_code partial_revoke_statement(
  const struct render_ctx *ctx, const struct rowval *v, int restrict_pass,
  const struct priv_item **sel, size_t n, struct buf *obj, struct plan *p,
  struct err *e)
{
  struct buf names, reason;
  struct sqlw w;
  size_t listed;
  int go;
  enum rdsclone_code rc;

  buf_init(&names, BUF_CAP_SMALL);
  buf_init(&reason, BUF_CAP_SMALL);
  sqlw_init(&w);
  sqlw_kw(&w, restrict_pass ? "REVOKE " : "GRANT ");
  listed = privlist_sql(&w, &names, MT_PRIV_DB, sel, n);
  go = has_grant_option(sel, n);
  if(go)
    buf_adds(&names, listed ? ", GRANT OPTION" : "GRANT OPTION");
  if(restrict_pass && go)   /* REVOKE names it among the privileges */
    sqlw_kw(&w, listed ? ", GRANT OPTION" : "GRANT OPTION");
  else if(!listed)
    sqlw_kw(&w, "USAGE");
  sqlw_kw(&w, " ON ");
  quote_mysql_ident(&w, v[2].ptr, v[2].len);
  sqlw_kw(&w, ".*");
  sqlw_kw(&w, restrict_pass ? " FROM " : " TO ");
  grantee_sql(&w, ctx, v);
  if(!restrict_pass && go)
    sqlw_kw(&w, " WITH GRANT OPTION");
  buf_addf(&reason, restrict_pass ? "partial revoke missing on target: %s"
                                  : "partial revoke only on target: %s",
           buf_str(&names));
  rc = emit(p, &w, restrict_pass ? ACT_REVOKE : ACT_GRANT,
            restrict_pass ? PHASE_REVOKE : PHASE_GRANT, restrict_pass, obj,
            buf_str(&reason), e);
  buf_release(&names);
  buf_release(&reason);
  return rc;
}

/* A restriction the source has is made with REVOKE priv ON db.* (after
 * the global GRANT: the revoke phase), one the target alone has is lifted
 * with GRANT priv ON db.* (which removes a restriction rather than adding
 * a database grant; in the grant phase, before any global revoke). A
 * target without partial_revokes=ON refuses the REVOKE (ERROR 1141): a
 * skip, known before anything runs. */
static enum rdsclone_code render_partial_revokes(const struct render_ctx *ctx,
                                                 const struct change_group *g,
                                                 struct plan *p,
                                                 struct err *e)
{
  struct priv_items it = { NULL, 0, 0 };
  const struct priv_item **sel = NULL;
  struct rowval vb[ROWMAP_MAX_COLS];
  const struct rowval *v = row_unpack(group_row(g), vb);
  int restrict_pass;
  size_t n;
  struct buf obj, skipped;
  enum rdsclone_code rc;

  buf_init(&obj, BUF_CAP_SMALL);
  buf_init(&skipped, BUF_CAP_SMALL);
  grantee_display(&obj, ctx, v);
  buf_adds(&obj, " on `");
  display_add(&obj, v[2].ptr, v[2].len);
  buf_adds(&obj, "`.* (partial revoke)");
  rc = group_items(g, MT_PARTIAL_REVOKE, &it, e);
  if(!rc && !(sel = malloc((it.n + 1) * sizeof(*sel))))
    rc = err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  /* pass 1: restrictions to make (source only); pass 0: to lift */
  for(restrict_pass = 1; restrict_pass >= 0 && !rc; restrict_pass--) {
    n = pass_items(ctx, &it, restrict_pass, sel, &skipped);
    if(!n)
      continue;
    if(restrict_pass && !(ctx->tgt && (ctx->tgt->flags &
                                       SF_PARTIAL_REVOKES)))
      rc = skip_no_partial_revokes(p, &obj, sel, n, e);
    else
      rc = partial_revoke_statement(ctx, v, restrict_pass, sel, n, &obj, p,
                                    e);
  }
  if(!rc && skipped.len)
    rc = skip_cannot_grant(ctx, p, &obj, &skipped, e);
  free(sel);
  free(it.v);
  buf_release(&obj);
  buf_release(&skipped);
  return rc;
}

/* ------------------------------------------------------------------ */

static enum rdsclone_code render_config(const struct render_ctx *ctx,
                                        const struct change *c,
                                        struct plan *p, struct err *e)
{
  struct rowval vv;
  const struct rowval *v = &vv;
  struct buf obj;
  struct sqlw w;
  long hours;
  enum rdsclone_code rc;

  if(c->kind == CHANGE_DROP)
    return RDSCLONE_OK;   /* the source does not say: leave it */
  vv = row_val(c->src, 1);
  if(v->ptr) {
    char *end;
    hours = strtol(v->ptr, &end, 10);
    if(!v->len || *end || hours < 1 || hours > 168)
      return err_set(e, RDSCLONE_E_CONFIG,
                     "binlog retention hours '%.20s' is outside what RDS "
                     "accepts (1 to 168, or NULL)", v->ptr);
  }
  buf_init(&obj, BUF_CAP_SMALL);
  buf_adds(&obj, "binlog retention hours");
  sqlw_init(&w);
  sqlw_kw(&w, "CALL mysql.rds_set_configuration('binlog retention hours', ");
  if(v->ptr)
    sqlw_number(&w, v->ptr, v->len);
  else
    sqlw_kw(&w, "NULL");
  sqlw_kw(&w, ")");
  rc = emit(p, &w, ACT_SET_CONFIG, PHASE_CONFIG, 0, &obj,
            c->kind == CHANGE_CREATE ? "missing on target"
                                     : "differs: value", e);
  buf_release(&obj);
  return rc;
}

enum rdsclone_code render_mysql(const struct render_ctx *ctx,
                                const struct change_group *g,
                                struct plan *p, struct err *e)
{
  enum rdsclone_code rc = RDSCLONE_OK;
  size_t i;

  switch(g->table) {
  case MT_ACCOUNT:
    for(i = 0; i < g->n && !rc; i++)
      rc = render_account(ctx, &g->changes[i], p, e);
    return rc;
  case MT_PRIV_GLOBAL:
  case MT_PRIV_DB:
  case MT_PRIV_TABLE:
  case MT_PRIV_COLUMN:
  case MT_PRIV_ROUTINE:
    return render_privs(ctx, g, p, e);
  case MT_ROLE_GRANT:
    for(i = 0; i < g->n && !rc; i++)
      rc = render_role_grant(ctx, &g->changes[i], p, e);
    return rc;
  case MT_DEFAULT_ROLE:
    return render_default_roles(ctx, g, p, e);
  case MT_RDS_CONFIG:
    for(i = 0; i < g->n && !rc; i++)
      rc = render_config(ctx, &g->changes[i], p, e);
    return rc;
  case MT_PRIV_PROXY:
    for(i = 0; i < g->n && !rc; i++)
      rc = render_proxy(ctx, &g->changes[i], p, e);
    return rc;
  case MT_PARTIAL_REVOKE:
    return render_partial_revokes(ctx, g, p, e);
  }
  return err_set(e, RDSCLONE_E_QUERY, "no renderer for table %d", g->table);
}
