/* SPDX-License-Identifier: Apache-2.0 */
/*
 * plan.c - grouping, filtering and ordering of actions; the SQL itself
 * comes from the engine's render. Engine-agnostic.
 */
#include "core/plan.h"
#include "core/err.h"
#include "core/diff.h"
#include "core/engine.h"
#include "core/table.h"
#include "core/rowmap.h"
#include "core/sqlw.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[ACT__COUNT] = {
  "create_user", "create_role", "alter_user", "grant", "revoke",
  "grant_role", "revoke_role", "set_default_role", "set_config",
  "drop_user", "drop_role", "skip"
};

const char *action_kind_name(enum action_kind k)
{
  return (unsigned)k < ACT__COUNT ? kind_names[k] : "unknown";
}

const char *action_status_name(enum action_status s)
{
  switch(s) {
  case STATUS_PENDING: return "pending";
  case STATUS_APPLIED: return "applied";
  case STATUS_FAILED: return "failed";
  case STATUS_NOT_RUN: return "not_run";
  case STATUS_SKIPPED: return "skipped";
  }
  return "unknown";
}

/* Copies the strings (NULL stays NULL) into one allocation, *block, in
 * order: at 50 000 accounts a plan holds ~100 000 of them, and one
 * malloc per action instead of four saves its overhead. -1 on OOM. */
static int copy_strings(const char *const *in, char **out, size_t n,
                        char **block)
{
  size_t i, len = 0;
  char *p;
  for(i = 0; i < n; i++)
    len += in[i] ? strlen(in[i]) + 1 : 0;
  *block = p = malloc(len ? len : 1);
  if(!p)
    return -1;
  for(i = 0; i < n; i++) {
    size_t l = in[i] ? strlen(in[i]) + 1 : 0;
    out[i] = in[i] ? memcpy(p, in[i], l) : NULL;
    p += l;
  }
  return 0;
}

int plan_add(struct plan *p, enum action_kind kind, int phase,
             int destructive, const char *object, const char *reason,
             const char *sql, const char *sql_redacted)
{
  struct action *a;
  const char *in[4];
  char *out[4];

  if(p->n == p->alloc) {
    size_t n = p->alloc ? p->alloc * 2 : 32;
    struct action *v = realloc(p->v, n * sizeof(*v));
    if(!v)
      return -1;
    p->v = v;
    p->alloc = n;
  }
  a = &p->v[p->n];
  memset(a, 0, sizeof(*a));
  in[0] = object ? object : "";
  in[1] = reason ? reason : "";
  in[2] = sql;
  in[3] = sql_redacted;
  /* the block starts with object: action_release frees it */
  if(copy_strings(in, out, 4, &a->object))
    return -1;
  a->reason = out[1];
  a->sql = out[2];
  a->sql_redacted = out[3];
  a->kind = kind;
  a->phase = phase;
  a->destructive = destructive;
  a->status = kind == ACT_SKIP ? STATUS_SKIPPED : STATUS_PENDING;
  a->seq = p->n;
  p->n++;
  return 0;
}

int plan_last_set_database(struct plan *p, const char *database)
{
  struct action *a;
  if(!p->n || !database)
    return 0;
  a = &p->v[p->n - 1];
  free(a->database);
  a->database = strdup(database);
  return a->database ? 0 : -1;
}

enum rdsclone_code plan_add_sqlw(struct plan *p, struct sqlw *w,
                                 enum action_kind kind, int phase,
                                 int destructive, const char *object,
                                 const char *reason, const char *database,
                                 struct err *e)
{
  char *sql, *red;
  const char *why;
  int r;

  if(sqlw_finish(w, &sql, &red, &why))
    return err_set(e, RDSCLONE_E_QUERY, "cannot render SQL for %s: %s",
                   object, why);
  r = plan_add(p, kind, phase, destructive, object, reason, sql, red);
  if(!r)
    r = plan_last_set_database(p, database);
  if(sql) {
    memset(sql, 0, strlen(sql));
    free(sql);
  }
  free(red);
  return r ? err_set(e, RDSCLONE_E_NOMEM, "out of memory") : RDSCLONE_OK;
}

enum rdsclone_code plan_add_skip(struct plan *p, int phase,
                                 const char *object, const char *reason,
                                 struct err *e)
{
  if(plan_add(p, ACT_SKIP, phase, 0, object, reason, NULL, NULL))
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  return RDSCLONE_OK;
}

static void action_release(struct action *a)
{
  free(a->database);
  if(a->sql) {
    /* may hold a password hash */
    volatile char *s = a->sql;
    while(*s)
      *s++ = 0;
  }
  free(a->object);   /* with reason, sql and sql_redacted (plan_add) */
  free(a->error);
}

void plan_release(struct plan *p)
{
  size_t i;
  for(i = 0; i < p->n; i++)
    action_release(&p->v[i]);
  free(p->v);
  p->v = NULL;
  p->n = p->alloc = 0;
}

/* The last grantee grantee_on_source looked up: changes come sorted by
 * table and key, so one grantee's changes are adjacent. */
struct grantee_seen {
  const struct row *row;   /* a row of that grantee, or NULL */
  int on_source;
};

/* 1 when the change's grantee is an account the source has. Changes to
 * accounts only on the target are planned only as the account's DROP. */
static int grantee_on_source(const struct render_ctx *ctx,
                             const struct change *c,
                             struct grantee_seen *last)
{
  const struct engine *en = ctx->src->engine;
  const struct row *r = c->src ? c->src : c->tgt;
  const struct rowmap *accounts = ctx->src->maps[en->account_table];
  struct rowval k[ROWMAP_MAX_COLS];

  if(!en->tables[c->table].has_grantee || c->table == en->account_table)
    return 1;
  if(!accounts)
    return 0;
  if(!last->row || !rowmap_row_prefix_eq(r, last->row, accounts->nkey)) {
    last->row = r;
    last->on_source = rowmap_find(accounts, row_unpack(r, k)) != NULL;
  }
  return last->on_source;
}

static int action_cmp(const void *x, const void *y)
{
  const struct action *a = x, *b = y;
  if(a->phase != b->phase)
    return a->phase - b->phase;
  return (a->seq > b->seq) - (a->seq < b->seq);
}

/* 1 when change b (after a in diff order) is of a's object: the same
 * table and the same first group_len key parts, in a grouped table. */
static int same_group(const struct engine *en, const struct change *a,
                      const struct change *b)
{
  const struct table_def *t = &en->tables[a->table];
  const struct row *ra = a->src ? a->src : a->tgt;
  const struct row *rb = b->src ? b->src : b->tgt;
  if(b->table != a->table)
    return 0;
  if(t->group_len == t->nkey)
    return 0;   /* ungrouped table: one change per group */
  return rowmap_row_prefix_eq(rb, ra, t->group_len);
}

size_t plan_group_boundary(const struct engine *en, const struct diff *d,
                           size_t i)
{
  if(i >= d->n)
    return d->n;
  while(i > 0 && i < d->n && same_group(en, &d->v[i - 1], &d->v[i]))
    i++;
  return i;
}

int plan_merge(struct plan *p, struct plan *later)
{
  size_t i;
  if(!later->n)
    return 0;
  if(p->alloc - p->n < later->n) {
    struct action *v = realloc(p->v, (p->n + later->n) * sizeof(*v));
    if(!v)
      return -1;
    p->v = v;
    p->alloc = p->n + later->n;
  }
  for(i = 0; i < later->n; i++) {
    p->v[p->n + i] = later->v[i];
    p->v[p->n + i].seq += p->n;
  }
  p->n += later->n;
  free(later->v);
  memset(later, 0, sizeof(*later));
  qsort(p->v, p->n, sizeof(*p->v), action_cmp);
  return 0;
}

enum rdsclone_code plan_build(const struct render_ctx *ctx,
                              const struct diff *d, int prune,
                              struct plan *p, struct err *e)
{
  const struct engine *en = ctx->src->engine;
  struct change *kept;
  struct grantee_seen last = { NULL, 0 };
  size_t i, n = 0, start;
  enum rdsclone_code rc = RDSCLONE_OK;

  memset(p, 0, sizeof(*p));
  if(!d->n)
    return RDSCLONE_OK;
  kept = malloc(d->n * sizeof(*kept));
  if(!kept)
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory while planning");
  for(i = 0; i < d->n; i++) {
    const struct change *c = &d->v[i];
    if(c->table == en->account_table && c->kind == CHANGE_DROP && !prune)
      continue;
    if(!grantee_on_source(ctx, c, &last))
      continue;
    kept[n++] = *c;
  }

  for(start = 0; start < n && !rc; ) {
    size_t end = start + 1;
    struct change_group g;

    while(end < n && same_group(en, &kept[start], &kept[end]))
      end++;
    g.table = kept[start].table;
    g.changes = &kept[start];
    g.n = end - start;
    rc = en->render(ctx, &g, p, e);
    start = end;
  }
  free(kept);
  if(rc) {
    plan_release(p);
    return rc;
  }
  if(p->n)
    qsort(p->v, p->n, sizeof(*p->v), action_cmp);
  return RDSCLONE_OK;
}

size_t plan_count_pending(const struct plan *p)
{
  size_t i, n = 0;
  for(i = 0; i < p->n; i++)
    if(p->v[i].status == STATUS_PENDING || p->v[i].status == STATUS_FAILED
       || p->v[i].status == STATUS_NOT_RUN)
      n++;
  return n;
}
