/* SPDX-License-Identifier: Apache-2.0 */
/*
 * plan_split.c - diff and plan of two snapshots in two threads.
 *
 * After both catalogs are read, diffing and rendering would be a run's
 * only single-threaded stretch, with a core idle (bench/ measures how
 * long it takes). Neither needs the other half's results:
 *  - tables are diffed independently: the tables are cut in two runs of
 *    about as many rows each, and a thread diffs the later run;
 *  - changes are rendered one object (group) at a time: the changes,
 *    in diff order, are cut in two where the first object after their
 *    middle begins, and a thread renders the later half.
 * plan_merge() then joins the two plans into the one a single thread
 * would have made: the same actions in the same order.
 *
 * What the threads share is read only: both snapshots (indexed before
 * the threads start, so no lookup changes a map), the options and the
 * target's client handle (render_ctx.quote_handle), used only to escape text (mysql_real_escape_string
 * reads the connection's character set; quote_pg.c serialises libpq's
 * escaping, which may write the connection's error message).
 */
#include "core/plan_split.h"
#include "core/err.h"
#include "core/snapshot.h"
#include "core/diff.h"
#include "core/plan.h"
#include "core/engine.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct half {
  const struct render_ctx *ctx;
  int prune;
  size_t first, end;   /* diff: tables first <= ti < end */
  struct diff diff;
  struct diff changes; /* plan: these changes (a view, not owned) */
  struct plan plan;
  struct err err;
  enum rdsclone_code rc;
};

static void *diff_half(void *arg)
{
  struct half *h = arg;
  h->rc = diff_tables(h->ctx->src, h->ctx->tgt, h->first, h->end, &h->diff,
                      &h->err);
  return NULL;
}

static void *plan_half(void *arg)
{
  struct half *h = arg;
  h->rc = plan_build(h->ctx, &h->changes, h->prune, &h->plan, &h->err);
  return NULL;
}

/* Runs fn on a and b at once (b in a thread of its own, or after a when
 * no thread can be made); 0, or the first error's code into e. */
static enum rdsclone_code both(void *(*fn)(void *), struct half *a,
                               struct half *b, struct err *e)
{
  pthread_t th;
  int threaded = pthread_create(&th, NULL, fn, b) == 0;
  fn(a);
  if(threaded)
    pthread_join(th, NULL);
  else
    fn(b);
  if(a->rc || b->rc) {
    if(e)
      *e = a->rc ? a->err : b->err;
    return a->rc ? a->rc : b->rc;
  }
  return RDSCLONE_OK;
}

static size_t rows_of(const struct snapshot *s, size_t ti)
{
  return s->maps[ti] ? s->maps[ti]->count : 0;
}

/* The first table of the later run: where the rows of both sides before
 * it come closest to half of all rows. */
static size_t table_cut(const struct snapshot *a, const struct snapshot *b)
{
  size_t n = a->engine->ntables, ti, total = 0, before = 0, best = 0;
  size_t best_gap = (size_t)-1;

  for(ti = 0; ti < n; ti++)
    total += rows_of(a, ti) + rows_of(b, ti);
  for(ti = 0; ti <= n; ti++) {
    size_t gap = before > total - before ? before - (total - before)
                                         : (total - before) - before;
    if(gap < best_gap) {
      best_gap = gap;
      best = ti;
    }
    if(ti < n)
      before += rows_of(a, ti) + rows_of(b, ti);
  }
  return best;
}

/* The changes of both halves' diffs, in order, into a->diff. */
static int join_diffs(struct half *a, struct half *b)
{
  struct diff *d = &a->diff;
  if(d->alloc - d->n < b->diff.n) {
    struct change *v = realloc(d->v, (d->n + b->diff.n) * sizeof(*v));
    if(!v)
      return -1;
    d->v = v;
    d->alloc = d->n + b->diff.n;
  }
  if(b->diff.n)
    memcpy(d->v + d->n, b->diff.v, b->diff.n * sizeof(*d->v));
  d->n += b->diff.n;
  diff_release(&b->diff);
  return 0;
}

enum rdsclone_code plan_snapshots(const struct render_ctx *ctx, int prune,
                                  struct plan *p, struct err *e)
{
  struct half a, b;
  enum rdsclone_code rc;
  size_t cut;

  memset(p, 0, sizeof(*p));
  /* lookups index pending rows themselves (rowmap.h): do it now, not
   * in two threads at once */
  if((rc = snapshot_index((struct snapshot *)ctx->src, e)) ||
     (rc = snapshot_index((struct snapshot *)ctx->tgt, e)))
    return rc;
  memset(&a, 0, sizeof(a));
  memset(&b, 0, sizeof(b));
  a.ctx = b.ctx = ctx;
  a.prune = b.prune = prune;
  a.end = b.first = table_cut(ctx->src, ctx->tgt);
  b.end = ctx->src->engine->ntables;
  rc = both(diff_half, &a, &b, e);
  if(!rc && join_diffs(&a, &b))
    rc = err_set(e, RDSCLONE_E_NOMEM, "out of memory while diffing");
  if(!rc && a.diff.n) {   /* nothing differs: nothing to render */
    cut = plan_group_boundary(ctx->src->engine, &a.diff, a.diff.n / 2);
    a.changes.v = a.diff.v;
    a.changes.n = cut;
    b.changes.v = a.diff.v + cut;
    b.changes.n = a.diff.n - cut;
    rc = both(plan_half, &a, &b, e);
  }
  /* the actions hold copies: the diff goes before the merge, which is
   * where a plan's memory peaks */
  diff_release(&a.diff);
  diff_release(&b.diff);
  if(!rc && plan_merge(&a.plan, &b.plan))
    rc = err_set(e, RDSCLONE_E_NOMEM, "out of memory while planning");
  if(rc) {
    plan_release(&a.plan);
    plan_release(&b.plan);
    return rc;
  }
  *p = a.plan;
  return RDSCLONE_OK;
}
