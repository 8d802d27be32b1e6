/* SPDX-License-Identifier: Apache-2.0 */
/*
 * render_pg.c - PostgreSQL actions for each group of changes: roles and
 * their attributes, memberships, role settings, privileges and default
 * privileges.
 *
 * Names and values go through quote_pg (libpq's escaping on the target
 * connection), keywords come from tables here, never from data. Password
 * verifiers travel as secrets. What the target's session may not do (a
 * non-superuser cannot give SUPERUSER, REPLICATION or BYPASSRLS) becomes
 * a skip with the reason, or with map_superuser a membership in
 * rds_superuser / rds_replication, as RDS offers instead.
 */
#include "pg/render_pg.h"
#include "core/err.h"
#include "core/snapshot.h"
#include "core/diff.h"
#include "core/plan.h"
#include "core/engine.h"
#include "core/table.h"
#include "buf.h"
#include "core/rowmap.h"
#include "pg/catalog_pg.h"
#include "display.h"
#include "pg/quote_pg.h"

#include <stdlib.h>
#include <string.h>

static struct pg_conn *conn_of(const struct render_ctx *ctx)
{
  return (struct pg_conn *)ctx->quote_handle;
}

static int is_true(const struct rowval *v)
{
  return v->ptr && v->ptr[0] == 't';
}

/* A grantee: PUBLIC for the pseudo-role '', else the quoted name. */
static void grantee_sql(struct sqlw *w, const struct render_ctx *ctx,
                        const char *role)
{
  if(!*role)
    sqlw_kw(w, "PUBLIC");
  else
    quote_pg_ident(w, conn_of(ctx), role);
}

static void grantee_display(struct buf *b, const char *role)
{
  if(!*role)
    buf_adds(b, "PUBLIC");
  else
    display_account(b, role, strlen(role), NULL, 0);
}

/* Finishes w into an action run in database (plan_add_sqlw). */
static enum rdsclone_code emit(struct plan *p, struct sqlw *w,
                               enum action_kind kind, int phase,
                               int destructive, const char *object,
                               const char *reason, const char *database,
                               struct err *e)
{
  return plan_add_sqlw(p, w, kind, phase, destructive, object, reason,
                       database, e);
}

static enum rdsclone_code skip(struct plan *p, const char *object,
                               const char *reason, struct err *e)
{
  return plan_add_skip(p, PHASE_ALTER, object, reason, e);
}

/* ------------------------------------------------------------------ */
/* Roles                                                               */

static const struct {
  int col;
  const char *yes, *no;
  int superuser_only;        /* a non-superuser session cannot set it */
} role_flags[] = {
  { RC_SUPERUSER, " SUPERUSER", " NOSUPERUSER", 1 },
  { RC_INHERIT, " INHERIT", " NOINHERIT", 0 },
  { RC_CREATEROLE, " CREATEROLE", " NOCREATEROLE", 0 },
  { RC_CREATEDB, " CREATEDB", " NOCREATEDB", 0 },
  { RC_LOGIN, " LOGIN", " NOLOGIN", 0 },
  { RC_REPLICATION, " REPLICATION", " NOREPLICATION", 1 },
  { RC_BYPASSRLS, " BYPASSRLS", " NOBYPASSRLS", 1 },
};

static int target_is_superuser(const struct render_ctx *ctx)
{
  return !ctx->tgt || ctx->tgt->is_superuser;
}

/* The RDS role standing in for an attribute a non-superuser cannot set. */
static const char *rds_stand_in(int col)
{
  return col == RC_SUPERUSER ? "rds_superuser"
       : col == RC_REPLICATION ? "rds_replication" : NULL;
}

/* 1 when the target already has role as a member of stand_in. */
static int has_membership(const struct snapshot *s, const char *role,
                          const char *stand_in)
{
  struct rowval key[4] = { { role, strlen(role) }, { "", 0 },
                           { stand_in, strlen(stand_in) }, { "", 0 } };
  return s && s->maps[PT_MEMBER] && rowmap_find(s->maps[PT_MEMBER], key);
}

/* 1 when a membership only on the target is the stand-in map_superuser
 * made for an attribute the source role has: not drift. */
static int is_stand_in_membership(const struct render_ctx *ctx,
                                  const struct rowval *v)
{
  int col = !strcmp(v[MC_ROLE].ptr, "rds_superuser") ? RC_SUPERUSER
          : !strcmp(v[MC_ROLE].ptr, "rds_replication") ? RC_REPLICATION : -1;
  const struct row *r;
  struct rowval key[2] = { v[MC_MEMBER], { "", 0 } };
  if(col < 0 || !ctx->opts->map_superuser)
    return 0;
  r = rowmap_find(ctx->src->maps[PT_ROLE], key);
  if(!r)
    return 0;
  key[0] = row_val(r, (size_t)col);
  return is_true(&key[0]);
}

/* Attributes that could not be set: a skip each, or the RDS membership. */
static enum rdsclone_code withheld_attr(const struct render_ctx *ctx,
                                        const char *role, int col,
                                        const char *obj, struct plan *p,
                                        struct err *e)
{
  const char *stand_in = rds_stand_in(col);
  struct buf why;
  enum rdsclone_code rc;

  if(ctx->opts->map_superuser && stand_in) {
    struct sqlw w;
    if(has_membership(ctx->tgt, role, stand_in))
      return RDSCLONE_OK;   /* mapped on an earlier run */
    sqlw_init(&w);
    sqlw_kw(&w, "GRANT ");
    quote_pg_ident(&w, conn_of(ctx), stand_in);
    sqlw_kw(&w, " TO ");
    quote_pg_ident(&w, conn_of(ctx), role);
    return emit(p, &w, ACT_GRANT_ROLE, PHASE_GRANT_ROLE, 0, obj,
                col == RC_SUPERUSER ? "SUPERUSER on source, mapped to "
                "rds_superuser (map_superuser)" : "REPLICATION on source, "
                "mapped to rds_replication (map_superuser)", NULL, e);
  }
  buf_init(&why, BUF_CAP_SMALL);
  buf_addf(&why, "%s on source, but the target session ",
           catalog_pg_tables[PT_ROLE].cols[col]);
  display_account(&why, ctx->tgt->current_user,
                  strlen(ctx->tgt->current_user), NULL, 0);
  buf_addf(&why, " is not a superuser and cannot give it%s",
           stand_in ? " (map_superuser = true grants the RDS role instead)"
                    : "");
  rc = skip(p, obj, buf_str(&why), e);
  buf_release(&why);
  return rc;
}

/* A withheld attribute is left out of ALTER ROLE (naming it at all needs a
 * superuser there) but spelled NO... in CREATE ROLE, which allows that:
 * the statement then says plainly what the new role does not get. */
static void attrs_sql(struct sqlw *w, const struct render_ctx *ctx,
                      const struct rowval *v, unsigned long which,
                      int creating, unsigned long *withheld)
{
  size_t i;
  for(i = 0; i < sizeof(role_flags) / sizeof(role_flags[0]); i++) {
    int col = role_flags[i].col;
    if(!(which & (1UL << col)))
      continue;
    if(is_true(&v[col]) && role_flags[i].superuser_only &&
       !target_is_superuser(ctx)) {
      *withheld |= 1UL << col;
      if(creating)
        sqlw_kw(w, role_flags[i].no);
      continue;
    }
    sqlw_kw(w, is_true(&v[col]) ? role_flags[i].yes : role_flags[i].no);
  }
  if((which & (1UL << RC_CONNLIMIT)) && v[RC_CONNLIMIT].ptr) {
    sqlw_kw(w, " CONNECTION LIMIT ");
    sqlw_number(w, v[RC_CONNLIMIT].ptr, v[RC_CONNLIMIT].len);
  }
  if(which & (1UL << RC_VALIDUNTIL)) {
    sqlw_kw(w, " VALID UNTIL ");
    quote_pg_literal(w, conn_of(ctx), v[RC_VALIDUNTIL].ptr
                                      ? v[RC_VALIDUNTIL].ptr : "infinity");
  }
}

static void object_display(struct buf *b, const struct rowval *v);

/* 1 when DROP ROLE would fail on the target: the role owns objects or
 * holds privileges there (in any database rdsclone read). why names the
 * first such object and the counts; no REASSIGN/DROP OWNED is planned. */
static int still_needed(const struct render_ctx *ctx, const char *role,
                        struct buf *why)
{
  const struct rowmap *objs = ctx->tgt ? ctx->tgt->maps[PT_OBJECT] : NULL;
  const struct rowmap *privs = ctx->tgt ? ctx->tgt->maps[PT_PRIV] : NULL;
  const struct row *r, *first_obj = NULL, *first_priv = NULL;
  size_t owns = 0, holds = 0;
  for(r = objs ? rowmap_first(objs) : NULL; r; r = rowmap_next(objs, r))
    if(!strcmp(row_ptr(r, OC_OWNER), role) && !owns++)
      first_obj = r;
  for(r = privs ? rowmap_first(privs) : NULL; r; r = rowmap_next(privs, r))
    if((!strcmp(row_ptr(r, PC_GRANTEE), role) ||
        (!strncmp(row_ptr(r, PC_OBJTYPE), "DEFAULT ", 8) &&
         !strcmp(row_ptr(r, PC_NAME), role))) && !holds++)
      first_priv = r;
  if(!owns && !holds)
    return 0;
  buf_adds(why, "only on target (--prune), but not dropped: ");
  if(owns) {
    buf_addf(why, "it owns %zu object%s, e.g. ", owns, owns == 1 ? "" : "s");
    display_add(why, row_ptr(first_obj, OC_OBJTYPE),
                row_val(first_obj, OC_OBJTYPE).len);
    buf_addc(why, ' ');
    if(row_val(first_obj, OC_SCHEMA).len) {
      display_add(why, row_ptr(first_obj, OC_SCHEMA),
                  row_val(first_obj, OC_SCHEMA).len);
      buf_addc(why, '.');
    }
    display_add(why, row_ptr(first_obj, OC_NAME),
                row_val(first_obj, OC_NAME).len);
    if(row_val(first_obj, OC_DATABASE).len) {
      buf_adds(why, " in database ");
      display_account(why, row_ptr(first_obj, OC_DATABASE),
                      row_val(first_obj, OC_DATABASE).len, NULL, 0);
    }
  }
  if(holds) {
    struct rowval vb[ROWMAP_MAX_COLS];
    buf_addf(why, "%sit holds %zu privilege%s, e.g. ", owns ? "; " : "",
             holds, holds == 1 ? "" : "s");
    object_display(why, row_unpack(first_priv, vb));
  }
  buf_adds(why, " (reassign or drop them first: REASSIGN OWNED / DROP "
                "OWNED in each database)");
  return 1;
}

/* DROP ROLE, or its skip while the role still owns or holds something. */
static enum rdsclone_code drop_role(const struct render_ctx *ctx,
                                    const char *role, const char *obj,
                                    struct plan *p, struct err *e)
{
  struct buf reason;
  struct sqlw w;
  enum rdsclone_code rc;
  buf_init(&reason, BUF_CAP_SMALL);
  if(still_needed(ctx, role, &reason))
    rc = skip(p, obj, buf_str(&reason), e);
  else {
    sqlw_init(&w);
    sqlw_kw(&w, "DROP ROLE ");
    quote_pg_ident(&w, conn_of(ctx), role);
    rc = emit(p, &w, ACT_DROP_ROLE, PHASE_DROP, 1, obj,
              "only on target (--prune)", NULL, e);
  }
  buf_release(&reason);
  return rc;
}

/* CREATE ROLE with the source's attributes and password; a login role
 * whose password the source session cannot read is an error with
 * require_passwords, else a skip saying so. */
static enum rdsclone_code create_role(const struct render_ctx *ctx,
                                      const struct rowval *v,
                                      unsigned long attrs, const char *obj,
                                      unsigned long *withheld,
                                      struct plan *p, struct err *e)
{
  int pw_unknown = (ctx->src->unknown_cols[PT_ROLE] >> RC_PASSWORD) & 1;
  struct sqlw w;
  enum rdsclone_code rc;

  if(!v[RC_VALIDUNTIL].ptr || !strcmp(v[RC_VALIDUNTIL].ptr, "infinity"))
    attrs &= ~(1UL << RC_VALIDUNTIL);   /* never expires: the default */
  sqlw_init(&w);
  sqlw_kw(&w, "CREATE ROLE ");
  quote_pg_ident(&w, conn_of(ctx), v[RC_NAME].ptr);
  sqlw_kw(&w, " WITH");
  attrs_sql(&w, ctx, v, attrs, 1, withheld);
  if(v[RC_PASSWORD].ptr) {
    sqlw_kw(&w, " PASSWORD ");
    quote_pg_secret(&w, conn_of(ctx), v[RC_PASSWORD].ptr);
  }
  rc = emit(p, &w, ACT_CREATE_ROLE, PHASE_CREATE, 0, obj,
            "missing on target", NULL, e);
  if(!rc && pw_unknown && is_true(&v[RC_LOGIN])) {
    if(ctx->opts->require_passwords)
      rc = err_set(e, RDSCLONE_E_CONFIG, "role %s: its password cannot "
                   "be copied (the source session is not a superuser, so "
                   "pg_authid is hidden) and require_passwords is set",
                   obj);   /* displayed: one line */
    else
      rc = skip(p, obj, "password not copied: the source "
                "session cannot read pg_authid (not a superuser); the "
                "role is created without one: set it by hand", e);
  }
  return rc;
}

/* ALTER ROLE of the attributes and password that differ; nothing when
 * all that differs is withheld. */
static enum rdsclone_code alter_role(const struct render_ctx *ctx,
                                     const struct change *c,
                                     const struct rowval *rv,
                                     unsigned long attrs, const char *obj,
                                     unsigned long *withheld,
                                     struct plan *p, struct err *e)
{
  const struct table_def *t = &catalog_pg_tables[PT_ROLE];
  struct buf reason;
  struct sqlw w;
  size_t i;
  enum rdsclone_code rc = RDSCLONE_OK;

  buf_init(&reason, BUF_CAP_SMALL);
  buf_adds(&reason, "differs:");
  for(i = t->nkey; i < t->ncols; i++)
    if(c->diffcols & (1UL << i))
      buf_addf(&reason, " %s", t->cols[i]);
  sqlw_init(&w);
  sqlw_kw(&w, "ALTER ROLE ");
  quote_pg_ident(&w, conn_of(ctx), rv[RC_NAME].ptr);
  sqlw_kw(&w, " WITH");
  attrs_sql(&w, ctx, rv, c->diffcols & attrs, 0, withheld);
  if(c->diffcols & (1UL << RC_PASSWORD)) {
    sqlw_kw(&w, " PASSWORD ");
    if(rv[RC_PASSWORD].ptr)
      quote_pg_secret(&w, conn_of(ctx), rv[RC_PASSWORD].ptr);
    else
      sqlw_kw(&w, "NULL");
  }
  if(c->diffcols & ~*withheld)
    rc = emit(p, &w, ACT_ALTER_USER, PHASE_ALTER, 0, obj, buf_str(&reason),
              NULL, e);
  else
    sqlw_release(&w);
  buf_release(&reason);
  return rc;
}

static enum rdsclone_code render_role(const struct render_ctx *ctx,
                                      const struct change *c,
                                      struct plan *p, struct err *e)
{
  const struct row *r = c->src ? c->src : c->tgt;
  struct rowval vb[ROWMAP_MAX_COLS];
  const struct rowval *rv = row_unpack(r, vb);
  const char *role = rv[RC_NAME].ptr;
  unsigned long withheld = 0, attrs = 0;
  struct buf obj;
  size_t i;
  enum rdsclone_code rc;

  /* the server's and RDS's roles are theirs: rows only so that grants
   * to them and memberships of them are planned (or skipped when the
   * target's version lacks the role) */
  if(catalog_pg_reserved(role))
    return RDSCLONE_OK;
  buf_init(&obj, BUF_CAP_SMALL);
  grantee_display(&obj, role);
  for(i = RC_SUPERUSER; i <= RC_VALIDUNTIL; i++)
    attrs |= 1UL << i;
  if(c->kind == CHANGE_DROP)
    rc = drop_role(ctx, role, buf_str(&obj), p, e);
  else if(c->kind == CHANGE_CREATE)
    rc = create_role(ctx, rv, attrs, buf_str(&obj), &withheld, p, e);
  else
    rc = alter_role(ctx, c, rv, attrs, buf_str(&obj), &withheld, p, e);
  for(i = RC_SUPERUSER; i <= RC_BYPASSRLS && !rc; i++)
    if(withheld & (1UL << i))
      rc = withheld_attr(ctx, role, (int)i, buf_str(&obj), p, e);
  buf_release(&obj);
  return rc;
}

/* ------------------------------------------------------------------ */
/* Memberships and settings                                            */

/* 1 when role is a predefined or RDS role the target does not have (a
 * newer version's pg_maintain, rds_superuser off RDS): such rows are
 * never in the target's catalog, and no statement can name the role. */
static int reserved_missing_on_target(const struct render_ctx *ctx,
                                      const char *role)
{
  struct rowval key[2] = { { role, strlen(role) }, { "", 0 } };
  return *role && catalog_pg_reserved(role) && ctx->tgt &&
         ctx->tgt->maps[PT_ROLE] && !rowmap_find(ctx->tgt->maps[PT_ROLE], key);
}

/* The reason a role the row names cannot be used on the target, or NULL. */
static const char *missing_role_reason(const struct render_ctx *ctx,
                                       const char *a, const char *b,
                                       struct buf *why)
{
  const char *missing = reserved_missing_on_target(ctx, a) ? a
                      : b && reserved_missing_on_target(ctx, b) ? b : NULL;
  if(!missing)
    return NULL;
  buf_adds(why, "role ");
  display_account(why, missing, strlen(missing), NULL, 0);
  buf_addf(why, " does not exist on the target (PostgreSQL %s)",
           ctx->tgt->server_version ? ctx->tgt->server_version : "?");
  return buf_str(why);
}

static int target_version_at_least(const struct render_ctx *ctx,
                                   unsigned long v)
{
  return !ctx->tgt || !ctx->tgt->version_id || ctx->tgt->version_id >= v;
}

/* GRANTED BY for a grant whose grantor is not the bootstrap superuser.
 * Naming another role needs its privileges: a superuser has them. NULL,
 * or the reason it cannot be named (the row becomes a skip). */
static const char *grantor_sql(struct sqlw *w, const struct render_ctx *ctx,
                               const struct rowval *v, struct buf *why)
{
  const char *g = v[MC_GRANTOR].ptr;
  if(!g || !*g)
    return NULL;
  if(!target_is_superuser(ctx)) {
    buf_adds(why, "granted by ");
    display_account(why, g, strlen(g), NULL, 0);
    buf_adds(why, " on the source; the target session ");
    display_account(why, ctx->tgt->current_user,
                    strlen(ctx->tgt->current_user), NULL, 0);
    buf_adds(why, " is not a superuser and cannot record that grantor");
    return buf_str(why);
  }
  sqlw_kw(w, " GRANTED BY ");
  quote_pg_ident(w, conn_of(ctx), g);
  return NULL;
}

static void member_display(struct buf *obj, const struct rowval *v,
                           int revoke)
{
  display_account(obj, v[MC_ROLE].ptr, v[MC_ROLE].len, NULL, 0);
  buf_adds(obj, revoke ? " from " : " to ");
  display_account(obj, v[MC_MEMBER].ptr, v[MC_MEMBER].len, NULL, 0);
  if(v[MC_GRANTOR].len) {
    buf_adds(obj, " granted by ");
    display_account(obj, v[MC_GRANTOR].ptr, v[MC_GRANTOR].len, NULL, 0);
  }
}

/* PostgreSQL 16+ (one row per grant, options per grant): GRANT with every
 * option spelled out, which on an existing grant also changes them. */
static void grant_options16(struct sqlw *w, const struct rowval *v)
{
  sqlw_kw(w, is_true(&v[MC_ADMIN]) ? " WITH ADMIN TRUE" : " WITH ADMIN FALSE");
  sqlw_kw(w, is_true(&v[MC_INHERIT]) ? ", INHERIT TRUE" : ", INHERIT FALSE");
  sqlw_kw(w, is_true(&v[MC_SET]) ? ", SET TRUE" : ", SET FALSE");
}

static enum rdsclone_code render_member(const struct render_ctx *ctx,
                                        const struct change *c,
                                        struct plan *p, struct err *e)
{
  const struct row *r = c->src ? c->src : c->tgt;
  struct rowval vb[ROWMAP_MAX_COLS];
  const struct rowval *v = row_unpack(r, vb);
  int pg16 = target_version_at_least(ctx, 160000);
  struct buf obj, why;
  struct sqlw w;
  enum rdsclone_code rc;
  const char *reason = c->kind == CHANGE_CREATE ? "missing on target"
                     : c->kind == CHANGE_DROP ? "only on target"
                     : "options differ";
  const char *cannot;
  unsigned long options = (1UL << MC_INHERIT) | (1UL << MC_SET);
  int revoke = c->kind == CHANGE_DROP ||
               (c->kind == CHANGE_ALTER && !pg16 && !is_true(&v[MC_ADMIN]));

  if(c->kind == CHANGE_DROP && is_stand_in_membership(ctx, v))
    return RDSCLONE_OK;
  /* before 16 INHERIT is the member's attribute (ALTER ROLE copies it)
   * and SET does not exist: only ADMIN can differ per grant */
  if(c->kind == CHANGE_ALTER && !pg16 && !(c->diffcols & ~options))
    return RDSCLONE_OK;

  buf_init(&obj, BUF_CAP_SMALL);
  buf_init(&why, BUF_CAP_SMALL);
  member_display(&obj, v, revoke);
  sqlw_init(&w);
  cannot = missing_role_reason(ctx, v[MC_ROLE].ptr, v[MC_MEMBER].ptr, &why);
  if(!cannot && c->kind != CHANGE_DROP && !pg16 && !is_true(&v[MC_SET]))
    cannot = "SET FALSE on the source, which grants before PostgreSQL 16 "
             "cannot have";
  if(!cannot && revoke) {
    sqlw_kw(&w, c->kind == CHANGE_DROP ? "REVOKE " :
                                         "REVOKE ADMIN OPTION FOR ");
    quote_pg_ident(&w, conn_of(ctx), v[MC_ROLE].ptr);
    sqlw_kw(&w, " FROM ");
    quote_pg_ident(&w, conn_of(ctx), v[MC_MEMBER].ptr);
    if(pg16)
      cannot = grantor_sql(&w, ctx, v, &why);
  }
  else if(!cannot) {
    sqlw_kw(&w, "GRANT ");
    quote_pg_ident(&w, conn_of(ctx), v[MC_ROLE].ptr);
    sqlw_kw(&w, " TO ");
    quote_pg_ident(&w, conn_of(ctx), v[MC_MEMBER].ptr);
    if(pg16)
      grant_options16(&w, v);
    else if(is_true(&v[MC_ADMIN]))
      sqlw_kw(&w, " WITH ADMIN OPTION");
    if(pg16)
      cannot = grantor_sql(&w, ctx, v, &why);
  }
  if(cannot) {
    sqlw_release(&w);
    rc = skip(p, buf_str(&obj), cannot, e);
  }
  else
    /* a grant naming its grantor needs that grantor's ADMIN first */
    rc = emit(p, &w, revoke ? ACT_REVOKE_ROLE : ACT_GRANT_ROLE,
              revoke ? PHASE_REVOKE_ROLE
                     : PHASE_GRANT_ROLE + (v[MC_GRANTOR].len ? 1 : 0),
              revoke, buf_str(&obj), reason, NULL, e);
  buf_release(&obj);
  buf_release(&why);
  return rc;
}

/* Settings whose value is a list of names (PostgreSQL's GUC_LIST_QUOTE):
 * each element is its own literal, as pg_dumpall writes them. */
static int list_setting(const char *name)
{
  static const char *const lists[] = {
    "search_path", "temp_tablespaces", "session_preload_libraries",
    "local_preload_libraries", "shared_preload_libraries", NULL
  };
  size_t i;
  for(i = 0; lists[i]; i++)
    if(!strcmp(name, lists[i]))
      return 1;
  return 0;
}

/* "a, \"B c\"" into literals 'a', 'B c'. The server writes each element
 * as quote_identifier() does: bare, or in double quotes with "" for ".
 * Spaces around an element are separators and go; spaces inside the
 * quotes are the element's own and stay ("  padded  "). */
static void list_value_sql(struct sqlw *w, const struct render_ctx *ctx,
                           const char *v)
{
  struct buf el;
  int n = 0;
  buf_init(&el, BUF_CAP_SMALL);
  while(*v) {
    size_t keep = 0;        /* bytes that trailing-space trimming keeps */
    buf_reset(&el);
    while(*v == ' ')
      v++;
    if(*v == '"') {
      for(v++; *v; v++) {
        if(*v == '"' && v[1] == '"')
          buf_addc(&el, *v++);
        else if(*v == '"') {
          v++;
          break;
        }
        else
          buf_addc(&el, *v);
      }
      keep = el.len;
    }
    while(*v && *v != ',')
      buf_addc(&el, *v++);
    while(el.len > keep && el.ptr[el.len - 1] == ' ')
      el.ptr[--el.len] = 0;
    if(*v == ',')
      v++;
    if(n++)
      sqlw_kw(w, ", ");
    quote_pg_literal(w, conn_of(ctx), buf_str(&el));
  }
  if(!n)
    quote_pg_literal(w, conn_of(ctx), "");
  buf_release(&el);
}

/* A setting name: dot-separated parts, each a quoted identifier. */
static void setting_name_sql(struct sqlw *w, const struct render_ctx *ctx,
                             const char *name)
{
  struct buf part;
  const char *p = name;
  buf_init(&part, BUF_CAP_SMALL);
  for(;;) {
    const char *dot = strchr(p, '.');
    size_t len = dot ? (size_t)(dot - p) : strlen(p);
    buf_reset(&part);
    buf_add(&part, p, len);
    quote_pg_ident(w, conn_of(ctx), buf_str(&part));
    if(!dot)
      break;
    sqlw_kw(w, ".");
    p = dot + 1;
  }
  buf_release(&part);
}

static enum rdsclone_code render_setting(const struct render_ctx *ctx,
                                         const struct change *c,
                                         struct plan *p, struct err *e)
{
  const struct row *r = c->src ? c->src : c->tgt;
  struct rowval vb[ROWMAP_MAX_COLS];
  const struct rowval *v = row_unpack(r, vb);
  struct buf obj;
  struct sqlw w;
  enum rdsclone_code rc;

  buf_init(&obj, BUF_CAP_SMALL);
  display_account(&obj, v[SC_ROLE].ptr, v[SC_ROLE].len, NULL, 0);
  if(v[SC_DATABASE].len) {
    buf_adds(&obj, " in database ");
    display_account(&obj, v[SC_DATABASE].ptr, v[SC_DATABASE].len, NULL, 0);
  }
  buf_adds(&obj, ": ");
  display_add(&obj, v[SC_NAME].ptr, v[SC_NAME].len);
  sqlw_init(&w);
  sqlw_kw(&w, "ALTER ROLE ");
  quote_pg_ident(&w, conn_of(ctx), v[SC_ROLE].ptr);
  if(v[SC_DATABASE].len) {
    sqlw_kw(&w, " IN DATABASE ");
    quote_pg_ident(&w, conn_of(ctx), v[SC_DATABASE].ptr);
  }
  if(c->kind == CHANGE_DROP) {
    sqlw_kw(&w, " RESET ");
    setting_name_sql(&w, ctx, v[SC_NAME].ptr);
  }
  else {
    sqlw_kw(&w, " SET ");
    setting_name_sql(&w, ctx, v[SC_NAME].ptr);
    sqlw_kw(&w, " TO ");
    if(list_setting(v[SC_NAME].ptr))
      list_value_sql(&w, ctx, v[SC_VALUE].ptr);
    else
      quote_pg_literal(&w, conn_of(ctx), v[SC_VALUE].ptr);
  }
  rc = emit(p, &w, c->kind == CHANGE_DROP ? ACT_REVOKE : ACT_ALTER_USER,
            c->kind == CHANGE_DROP ? PHASE_REVOKE : PHASE_ALTER,
            c->kind == CHANGE_DROP, buf_str(&obj),
            c->kind == CHANGE_CREATE ? "missing on target"
            : c->kind == CHANGE_DROP ? "only on target" : "differs: value",
            NULL, e);
  buf_release(&obj);
  return rc;
}

/* ------------------------------------------------------------------ */
/* Privileges                                                          */

static const char *const default_keywords[] = {
  "TABLES", "SEQUENCES", "FUNCTIONS", "TYPES", "SCHEMAS", NULL
};

static const char *keyword(const char *const *table, const char *s)
{
  size_t i;
  for(i = 0; table[i]; i++)
    if(!strcmp(table[i], s))
      return table[i];
  return NULL;
}

/* A routine's argument list as the server formats it
 * (pg_get_function_identity_arguments): type names and argument names,
 * quoted by the server where needed. Checked so that it cannot end the
 * list early: outside double quotes only names, spaces, commas, dots,
 * brackets and parentheses. */
static void routine_args_sql(struct sqlw *w, const char *a)
{
  size_t i, depth = 0;
  int quoted = 0;
  for(i = 0; a[i]; i++) {
    char c = a[i];
    if(quoted) {
      if(c == '"')
        quoted = a[i + 1] == '"' ? (i++, 1) : 0;
      continue;
    }
    if(c == '"')
      quoted = 1;
    else if(c == '(')
      depth++;
    else if(c == ')') {
      if(!depth--) {
        sqlw_fail(w, "unbalanced routine argument list");
        return;
      }
    }
    else if(!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == ' ' || c == ',' ||
              c == '.' || c == '[' || c == ']' || (unsigned char)c >= 0x80)) {
      sqlw_fail(w, "unexpected character in a routine argument list");
      return;
    }
  }
  if(quoted || depth) {
    sqlw_fail(w, "unbalanced routine argument list");
    return;
  }
  sqlw_kw(w, "(");
  sqlw_quoted(w, a, i);
  sqlw_kw(w, ")");
}

/* Opening of a GRANT/REVOKE: "ALTER DEFAULT PRIVILEGES FOR ROLE x [IN
 * SCHEMA s] " for default privileges. Returns the ON keyword list's
 * object text through *deflt (NULL for ordinary objects). */
static const char *default_prefix(struct sqlw *w, const struct render_ctx *ctx,
                                  const struct rowval *v)
{
  const char *kind;
  if(strncmp(v[PC_OBJTYPE].ptr, "DEFAULT ", 8))
    return NULL;
  kind = keyword(default_keywords, v[PC_OBJTYPE].ptr + 8);
  if(!kind) {
    sqlw_fail(w, "unknown default privilege object type");
    return NULL;
  }
  sqlw_kw(w, "ALTER DEFAULT PRIVILEGES FOR ROLE ");
  quote_pg_ident(w, conn_of(ctx), v[PC_NAME].ptr);
  if(v[PC_SCHEMA].len) {
    sqlw_kw(w, " IN SCHEMA ");
    quote_pg_ident(w, conn_of(ctx), v[PC_SCHEMA].ptr);
  }
  sqlw_kw(w, " ");
  return kind;
}

/* Objects named by an identifier alone (no schema): their keyword. */
static int unqualified(const char *kw)
{
  return !strcmp(kw, "DATABASE") || !strcmp(kw, "SCHEMA") ||
         !strcmp(kw, "LANGUAGE") || !strcmp(kw, "FOREIGN DATA WRAPPER") ||
         !strcmp(kw, "FOREIGN SERVER") || !strcmp(kw, "TABLESPACE");
}

/* " ON <kind> <name>": a column's table for COLUMN (its name goes with
 * each privilege), the OID of a large object, a parameter's name. */
static void object_sql(struct sqlw *w, const struct render_ctx *ctx,
                       const struct rowval *v, const char *deflt)
{
  const char *kw;
  sqlw_kw(w, " ON ");
  if(deflt) {
    sqlw_kw(w, deflt);
    return;
  }
  kw = catalog_pg_object_keyword(v[PC_OBJTYPE].ptr);
  if(!kw || !strncmp(kw, "DEFAULT ", 8)) {
    sqlw_fail(w, "unknown object type");
    return;
  }
  if(!strcmp(kw, "COLUMN"))
    kw = "TABLE";
  sqlw_kw(w, kw);
  sqlw_kw(w, " ");
  if(!strcmp(kw, "LARGE OBJECT")) {
    sqlw_number(w, v[PC_NAME].ptr, v[PC_NAME].len);
    return;
  }
  if(!strcmp(kw, "PARAMETER")) {
    setting_name_sql(w, ctx, v[PC_NAME].ptr);
    return;
  }
  if(!unqualified(kw) && v[PC_SCHEMA].len) {
    quote_pg_ident(w, conn_of(ctx), v[PC_SCHEMA].ptr);
    sqlw_kw(w, ".");
  }
  quote_pg_ident(w, conn_of(ctx), v[PC_NAME].ptr);
  if(!strcmp(kw, "ROUTINE"))
    routine_args_sql(w, v[PC_ARGS].ptr);
}

static void object_display(struct buf *b, const struct rowval *v)
{
  grantee_display(b, v[PC_GRANTEE].ptr);
  buf_adds(b, " on ");
  display_add(b, v[PC_OBJTYPE].ptr, v[PC_OBJTYPE].len);
  buf_addc(b, ' ');
  if(!strncmp(v[PC_OBJTYPE].ptr, "DEFAULT ", 8)) {
    buf_adds(b, "for ");
    display_account(b, v[PC_NAME].ptr, v[PC_NAME].len, NULL, 0);
    if(v[PC_SCHEMA].len) {
      buf_adds(b, " in ");
      display_account(b, v[PC_SCHEMA].ptr, v[PC_SCHEMA].len, NULL, 0);
    }
  }
  else {
    if(v[PC_SCHEMA].len) {
      display_add(b, v[PC_SCHEMA].ptr, v[PC_SCHEMA].len);
      buf_addc(b, '.');
    }
    display_add(b, v[PC_NAME].ptr, v[PC_NAME].len);
    if(!strcmp(v[PC_OBJTYPE].ptr, "ROUTINE") ||
       !strcmp(v[PC_OBJTYPE].ptr, "COLUMN")) {
      buf_addc(b, '(');
      display_add(b, v[PC_ARGS].ptr, v[PC_ARGS].len);
      buf_addc(b, ')');
    }
  }
  if(v[PC_DATABASE].len && strcmp(v[PC_OBJTYPE].ptr, "DATABASE")) {
    buf_adds(b, " in database ");
    display_account(b, v[PC_DATABASE].ptr, v[PC_DATABASE].len, NULL, 0);
  }
}

/* GRANT, GRANT ... WITH GRANT OPTION, REVOKE, REVOKE GRANT OPTION FOR;
 * and for a revoked built-in default (is_revoked_default) the REVOKE
 * that copies it and the GRANT that restores it. */
enum stmt { ST_GRANT, ST_GRANT_WGO, ST_REVOKE, ST_REVOKE_GO,
            ST_REVOKE_DEFAULT, ST_GRANT_DEFAULT, ST_REVOKE_OWNER,
            ST_GRANT_OWNER, ST_REVOKE_SYSTEM, ST_GRANT_SYSTEM, ST__COUNT };

/* 1 when the row is what pg_object_privs.sql makes of a role's default
 * privileges for all schemas that lack PUBLIC's built-in EXECUTE on
 * functions (USAGE on types): that privilege for PUBLIC, meaning it was
 * revoked. The row on the source is planned as the REVOKE; the row only
 * on the target as the GRANT that puts the built-in default back. */
static int is_revoked_default(const struct row *r)
{
  struct rowval g = row_val(r, PC_GRANTEE), sc = row_val(r, PC_SCHEMA);
  const char *type = row_ptr(r, PC_OBJTYPE), *priv = row_ptr(r, PC_PRIV);
  if(g.len || sc.len || !type || !priv)
    return 0;
  return (!strcmp(type, "DEFAULT FUNCTIONS") && !strcmp(priv, "EXECUTE")) ||
         (!strcmp(type, "DEFAULT TYPES") && !strcmp(priv, "USAGE"));
}

/* 1 when the row is what pg_system_privs.sql makes of a system object's
 * built-in privilege that was taken away: grant option 'revoked'. */
static int is_taken_away(const struct row *r)
{
  const char *g = r ? row_ptr(r, PC_GRANTABLE) : NULL;
  return g && !strcmp(g, "revoked");
}

static enum rdsclone_code privs_statement(const struct render_ctx *ctx,
                                          enum stmt st,
                                          const struct rowval *v,
                                          const char *const *privs,
                                          size_t n, struct plan *p,
                                          struct err *e)
{
  static const char *const reasons[ST__COUNT] = {
    "missing on target", "missing on target (with grant option)",
    "only on target", "grant option only on target",
    "built-in default revoked on source",
    "built-in default revoked only on target",
    "the owner gave up its own privilege on source",
    "the owner gave up its own privilege only on target",
    "the server's default privilege taken away on source",
    "the server's default privilege taken away only on target"
  };
  struct buf obj, reason;
  struct sqlw w;
  const char *deflt;
  size_t i;
  int grant = st == ST_GRANT || st == ST_GRANT_WGO ||
              st == ST_GRANT_DEFAULT || st == ST_GRANT_OWNER ||
              st == ST_GRANT_SYSTEM;
  enum rdsclone_code rc;

  buf_init(&obj, BUF_CAP_SMALL);
  buf_init(&reason, BUF_CAP_SMALL);
  object_display(&obj, v);
  buf_adds(&reason, reasons[st]);
  buf_adds(&reason, ":");
  sqlw_init(&w);
  deflt = default_prefix(&w, ctx, v);
  sqlw_kw(&w, grant ? "GRANT " : st == ST_REVOKE_GO
                                 ? "REVOKE GRANT OPTION FOR " : "REVOKE ");
  for(i = 0; i < n; i++) {
    const char *kw = catalog_pg_priv_keyword(privs[i], NULL);
    if(i)
      sqlw_kw(&w, ", ");
    if(!kw)
      sqlw_fail(&w, "unknown privilege");
    else
      sqlw_kw(&w, kw);
    if(!strcmp(v[PC_OBJTYPE].ptr, "COLUMN")) {
      sqlw_kw(&w, " (");
      quote_pg_ident(&w, conn_of(ctx), v[PC_ARGS].ptr);
      sqlw_kw(&w, ")");
    }
    buf_addf(&reason, " %s", privs[i]);
  }
  object_sql(&w, ctx, v, deflt);
  sqlw_kw(&w, grant ? " TO " : " FROM ");
  grantee_sql(&w, ctx, v[PC_GRANTEE].ptr);
  if(st == ST_GRANT_WGO)
    sqlw_kw(&w, " WITH GRANT OPTION");
  rc = emit(p, &w, grant ? ACT_GRANT : ACT_REVOKE,
            grant ? PHASE_GRANT : PHASE_REVOKE, !grant, buf_str(&obj),
            buf_str(&reason), strcmp(v[PC_OBJTYPE].ptr, "DATABASE") &&
                              v[PC_DATABASE].len ? v[PC_DATABASE].ptr : NULL,
            e);
  buf_release(&obj);
  buf_release(&reason);
  return rc;
}

/* Where the object a privilege row names exists, from both sides'
 * object rows (pg_objects.sql): a column by its table; default
 * privileges and parameters are no objects and exist everywhere. */
enum presence { ON_BOTH, ONLY_SOURCE, ONLY_TARGET };

static int has_object(const struct snapshot *s, const struct rowval *key)
{
  return !s || !s->maps[PT_OBJECT] || rowmap_find(s->maps[PT_OBJECT], key);
}

static enum presence object_presence(const struct render_ctx *ctx,
                                     const struct rowval *v)
{
  struct rowval key[OC__COUNT];
  const char *type = v[PC_OBJTYPE].ptr;
  int on_src, on_tgt;
  if(!strncmp(type, "DEFAULT ", 8) || !strcmp(type, "PARAMETER"))
    return ON_BOTH;
  key[OC_OBJTYPE].ptr = strcmp(type, "COLUMN") ? type : "TABLE";
  key[OC_OBJTYPE].len = strlen(key[OC_OBJTYPE].ptr);
  key[OC_DATABASE] = v[PC_DATABASE];
  key[OC_SCHEMA] = v[PC_SCHEMA];
  key[OC_NAME] = v[PC_NAME];
  key[OC_ARGS].ptr = strcmp(type, "COLUMN") ? v[PC_ARGS].ptr : "";
  key[OC_ARGS].len = strcmp(type, "COLUMN") ? v[PC_ARGS].len : 0;
  on_src = has_object(ctx->src, key);
  on_tgt = has_object(ctx->tgt, key);
  return on_src && !on_tgt ? ONLY_SOURCE
       : on_tgt && !on_src ? ONLY_TARGET : ON_BOTH;
}

/* Why no statement can carry this group: its object or a role it names
 * is missing on one side. NULL when the group can be planned. */
static const char *privs_cannot(const struct render_ctx *ctx,
                                const struct rowval *v, struct buf *why)
{
  enum presence where = object_presence(ctx, v);
  const char *deflt_role = !strncmp(v[PC_OBJTYPE].ptr, "DEFAULT ", 8)
                           ? v[PC_NAME].ptr : NULL;
  if(where == ONLY_SOURCE)
    return "object missing on target";
  if(where == ONLY_TARGET)
    return "object only on target: its privileges there are left alone";
  return missing_role_reason(ctx, v[PC_GRANTEE].ptr, deflt_role, why);
}

/* Privileges the target's version does not have (MAINTAIN before 17):
 * one skip naming them; they are left out of the statements. */
static enum rdsclone_code too_new_for_target(const struct render_ctx *ctx,
                                             const struct rowval *v,
                                             const char *const *privs,
                                             size_t n, struct plan *p,
                                             struct err *e)
{
  struct buf obj, why;
  size_t i;
  enum rdsclone_code rc;
  buf_init(&obj, BUF_CAP_SMALL);
  buf_init(&why, BUF_CAP_SMALL);
  object_display(&obj, v);
  buf_adds(&why, "privilege");
  for(i = 0; i < n; i++)
    buf_addf(&why, "%s %s", i ? "," : "", privs[i]);
  buf_addf(&why, " does not exist on the target (PostgreSQL %s)",
           ctx->tgt->server_version ? ctx->tgt->server_version : "?");
  rc = skip(p, buf_str(&obj), buf_str(&why), e);
  buf_release(&obj);
  buf_release(&why);
  return rc;
}

static enum rdsclone_code render_privs(const struct render_ctx *ctx,
                                       const struct change_group *g,
                                       struct plan *p, struct err *e)
{
  const char **lists[ST__COUNT + 1];   /* + the privileges too new */
  size_t counts[ST__COUNT + 1] = { 0 }, i;
  struct rowval v0b[ROWMAP_MAX_COLS];
  const struct rowval *v0 = row_unpack(g->changes[0].src ? g->changes[0].src
                                       : g->changes[0].tgt, v0b);
  enum rdsclone_code rc = RDSCLONE_OK;
  struct buf why;
  const char *cannot;
  int s;

  buf_init(&why, BUF_CAP_SMALL);
  cannot = privs_cannot(ctx, v0, &why);
  if(cannot) {
    struct buf obj;
    buf_init(&obj, BUF_CAP_SMALL);
    object_display(&obj, v0);
    rc = skip(p, buf_str(&obj), cannot, e);
    buf_release(&obj);
    buf_release(&why);
    return rc;
  }
  buf_release(&why);
  for(s = 0; s <= ST__COUNT; s++)
    lists[s] = malloc(g->n * sizeof(char *));
  for(s = 0; s <= ST__COUNT; s++)
    if(!lists[s])
      rc = err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  for(i = 0; i < g->n && !rc; i++) {
    const struct change *c = &g->changes[i];
    const struct row *r = c->src ? c->src : c->tgt;
    const char *priv = row_ptr(r, PC_PRIV);
    struct rowval grantable = { NULL, 0 };
    unsigned long since = 0;
    enum stmt st;
    if(catalog_pg_priv_keyword(priv, &since) &&
       !target_version_at_least(ctx, since)) {
      lists[ST__COUNT][counts[ST__COUNT]++] = priv;
      continue;
    }
    if(c->kind != CHANGE_DROP)
      grantable = row_val(c->src, PC_GRANTABLE);
    if(is_revoked_default(r)) {
      if(c->kind == CHANGE_ALTER)
        continue;   /* PUBLIC holds no grant option: nothing differs */
      st = c->kind == CHANGE_CREATE ? ST_REVOKE_DEFAULT : ST_GRANT_DEFAULT;
    }
    else if(is_taken_away(c->src))
      st = ST_REVOKE_SYSTEM;
    else if(is_taken_away(c->tgt))
      st = c->kind == CHANGE_DROP ? ST_GRANT_SYSTEM
         : is_true(&grantable) ? ST_GRANT_WGO : ST_GRANT;
    else if(c->kind == CHANGE_DROP)
      st = ST_REVOKE;
    else if(is_true(&grantable))
      st = ST_GRANT_WGO;
    else
      st = c->kind == CHANGE_CREATE ? ST_GRANT : ST_REVOKE_GO;
    lists[st][counts[st]++] = priv;
  }
  for(s = 0; s < ST__COUNT && !rc; s++)
    if(counts[s])
      rc = privs_statement(ctx, (enum stmt)s, v0, lists[s], counts[s], p,
                           e);
  if(!rc && counts[ST__COUNT])
    rc = too_new_for_target(ctx, v0, lists[ST__COUNT], counts[ST__COUNT], p,
                            e);
  for(s = 0; s <= ST__COUNT; s++)
    free(lists[s]);
  return rc;
}

/* ------------------------------------------------------------------ */
/* Objects: what owners gave up of their own privileges; databases     */

/* "A,B,C" minus "B": the privileges of a that b lacks, each ending in a
 * NUL, appended to store; returns how many. */
static size_t set_minus(const char *a, const char *b, struct buf *store)
{
  size_t n = 0;
  while(*a) {
    const char *end = strchr(a, ',');
    size_t len = end ? (size_t)(end - a) : strlen(a);
    const char *f = b;
    int found = 0;
    while(*f && !found) {
      const char *fe = strchr(f, ',');
      size_t fl = fe ? (size_t)(fe - f) : strlen(f);
      found = fl == len && !memcmp(f, a, len);
      f += fl + (fe ? 1 : 0);
    }
    if(!found) {
      n++;
      buf_add(store, a, len);
      buf_addc(store, 0);
    }
    a += len + (end ? 1 : 0);
  }
  return n;
}

/* REVOKE (or GRANT back) of an owner's own privileges on the target: the
 * owner there may be another role (ownership is not copied), so the
 * statement names the target's. */
static enum rdsclone_code owner_statement(const struct render_ctx *ctx,
                                          const struct rowval *sv,
                                          const struct rowval *tv,
                                          int revoke, struct plan *p,
                                          struct err *e)
{
  const char *from = revoke ? sv[OC_OWNER_LACKS].ptr : tv[OC_OWNER_LACKS].ptr;
  const char *other = revoke ? tv[OC_OWNER_LACKS].ptr : sv[OC_OWNER_LACKS].ptr;
  const char *privs[16];
  struct buf store;
  struct rowval pv[PC__COUNT];
  size_t n, i, at = 0;
  enum rdsclone_code rc = RDSCLONE_OK;

  buf_init(&store, BUF_CAP_SMALL);
  n = set_minus(from, other, &store);
  if(n > 16) {   /* more than any object kind has: no server's row */
    buf_release(&store);
    return err_set(e, RDSCLONE_E_QUERY, "the owner's privileges on an "
                   "object list %zu privileges: more than any kind has", n);
  }
  for(i = 0; i < n; i++) {
    privs[i] = store.ptr + at;
    at += strlen(privs[i]) + 1;
  }
  memset(pv, 0, sizeof(pv));
  pv[PC_GRANTEE] = tv[OC_OWNER];
  pv[PC_DATABASE] = tv[OC_DATABASE];
  pv[PC_OBJTYPE] = tv[OC_OBJTYPE];
  pv[PC_SCHEMA] = tv[OC_SCHEMA];
  pv[PC_NAME] = tv[OC_NAME];
  pv[PC_ARGS] = tv[OC_ARGS];
  if(n && !tv[OC_OWNER].len)
    rc = skip(p, tv[OC_NAME].ptr, "its owner on the target is unknown", e);
  else if(n)
    rc = privs_statement(ctx, revoke ? ST_REVOKE_OWNER : ST_GRANT_OWNER, pv,
                         privs, n, p, e);
  buf_release(&store);
  return rc;
}

static enum rdsclone_code render_object(const struct render_ctx *ctx,
                                        const struct change *c,
                                        struct plan *p, struct err *e)
{
  struct rowval sb[ROWMAP_MAX_COLS], tb[ROWMAP_MAX_COLS];
  const struct rowval *sv, *tv;
  enum rdsclone_code rc;
  if(c->kind == CHANGE_CREATE) {
    struct buf obj;
    sv = row_unpack(c->src, sb);
    if(!sv[OC_OWNER_LACKS].len)
      return RDSCLONE_OK;   /* its grants say it is missing, if it has any */
    buf_init(&obj, BUF_CAP_SMALL);
    display_add(&obj, sv[OC_OBJTYPE].ptr, sv[OC_OBJTYPE].len);
    buf_addc(&obj, ' ');
    display_add(&obj, sv[OC_NAME].ptr, sv[OC_NAME].len);
    rc = skip(p, buf_str(&obj), "object missing on target (its owner gave "
              "up some of its own privileges on the source)", e);
    buf_release(&obj);
    return rc;
  }
  if(c->kind != CHANGE_ALTER || !(c->diffcols & (1UL << OC_OWNER_LACKS)))
    return RDSCLONE_OK;   /* an object only on the target is not ours */
  sv = row_unpack(c->src, sb);
  tv = row_unpack(c->tgt, tb);
  rc = owner_statement(ctx, sv, tv, 1, p, e);
  if(!rc)
    rc = owner_statement(ctx, sv, tv, 0, p, e);
  return rc;
}

/* A database only one side has: its privileges cannot be compared. */
static enum rdsclone_code render_database(const struct change *c,
                                          struct plan *p, struct err *e)
{
  const struct row *r = c->src ? c->src : c->tgt;
  struct buf obj;
  enum rdsclone_code rc;
  if(c->kind == CHANGE_ALTER)
    return RDSCLONE_OK;
  buf_init(&obj, BUF_CAP_SMALL);
  buf_adds(&obj, "database ");
  display_account(&obj, row_ptr(r, 0), row_val(r, 0).len, NULL, 0);
  rc = skip(p, buf_str(&obj), c->kind == CHANGE_CREATE
            ? "database missing on target: its privileges are not compared"
            : "database only on target: its privileges are not compared",
            e);
  buf_release(&obj);
  return rc;
}

enum rdsclone_code render_pg(const struct render_ctx *ctx,
                             const struct change_group *g, struct plan *p,
                             struct err *e)
{
  enum rdsclone_code rc = RDSCLONE_OK;
  size_t i;

  for(i = 0; i < g->n && !rc; i++) {
    switch(g->table) {
    case PT_ROLE:
      rc = render_role(ctx, &g->changes[i], p, e);
      break;
    case PT_MEMBER:
      rc = render_member(ctx, &g->changes[i], p, e);
      break;
    case PT_SETTING:
      rc = render_setting(ctx, &g->changes[i], p, e);
      break;
    case PT_DATABASE:
      rc = render_database(&g->changes[i], p, e);
      break;
    case PT_OBJECT:
      rc = render_object(ctx, &g->changes[i], p, e);
      break;
    case PT_PRIV:
      return render_privs(ctx, g, p, e);
    }
  }
  return rc;
}
