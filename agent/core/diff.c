/* SPDX-License-Identifier: Apache-2.0 */
/*
 * diff.c - compares two snapshots table by table, column by column.
 * Engine-agnostic: it knows tables only through struct table_def.
 */
#include "core/diff.h"
#include "core/err.h"
#include "core/snapshot.h"
#include "core/engine.h"
#include "core/table.h"
#include "core/rowmap.h"

#include <stdlib.h>
#include <string.h>

static int change_push(struct diff *d, const struct change *c)
{
  if(d->n == d->alloc) {
    size_t n = d->alloc ? d->alloc * 2 : 64;
    struct change *v = realloc(d->v, n * sizeof(*v));
    if(!v)
      return -1;
    d->v = v;
    d->alloc = n;
  }
  d->v[d->n++] = *c;
  return 0;
}

void diff_release(struct diff *d)
{
  free(d->v);
  d->v = NULL;
  d->n = d->alloc = 0;
}

/* 1 when the row's grantee is the account a session runs as. */
static int is_session_account(const struct snapshot *s,
                              const struct row *r)
{
  if(!s->current_user)
    return 0;
  return row_ptr(r, 0) && row_ptr(r, 1) &&
         !strcmp(row_ptr(r, 0), s->current_user) &&
         !strcmp(row_ptr(r, 1), s->current_host ? s->current_host : "");
}

/* 1 when the row's scope value (e.g. its database) is missing on either
 * side: such rows cannot be compared. */
static int out_of_scope(const struct table_def *t, const struct snapshot *a,
                        const struct snapshot *b, const struct row *r)
{
  struct rowval v;
  if(!t->scope_col)
    return 0;
  v = row_val(r, (size_t)t->scope_col);
  if(!v.ptr || !v.len)
    return 0;
  return !a->maps[t->scope_table] || !b->maps[t->scope_table] ||
         !rowmap_find(a->maps[t->scope_table], &v) ||
         !rowmap_find(b->maps[t->scope_table], &v);
}

static int excluded(const struct table_def *t, const struct snapshot *a,
                    const struct snapshot *b, const struct row *r)
{
  return (t->has_grantee &&
          (is_session_account(a, r) || is_session_account(b, r))) ||
         out_of_scope(t, a, b, r);
}

static int change_cmp(const void *x, const void *y)
{
  const struct change *a = x, *b = y;
  const struct row *ra = a->src ? a->src : a->tgt;
  const struct row *rb = b->src ? b->src : b->tgt;

  if(a->table != b->table)
    return a->table - b->table;
  return rowmap_row_cmp(ra, rb);
}

#define DIFF_AHEAD 8

/* The row of mt with r's key, or NULL. A server returns a catalog table
 * in the order it stores it, and a re-created replica stores it as its
 * source did: the target row after the last one found is usually the
 * one, and trying it first skips a hash lookup (a cache miss or two on a
 * big table). *cursor is that row, advanced past each row found;
 * *hashed tells whether the hash table had to be asked. */
static struct row *find_next_or_hashed(const struct rowmap *mt,
                                       const struct row *r,
                                       struct row **cursor, int *hashed)
{
  struct row *o = *cursor;
  *hashed = !o || !rowmap_row_same_key(o, r);
  if(*hashed)
    o = rowmap_find_row(mt, r);
  if(o)
    *cursor = rowmap_next(mt, o);
  return o;
}

/* Target row r of table ti, which the source lacks, as a drop. -1 when
 * out of memory. */
static int push_drop(struct diff *d, int ti, struct row *r)
{
  struct change c;
  memset(&c, 0, sizeof(c));
  c.table = ti;
  c.kind = CHANGE_DROP;
  c.tgt = r;
  return change_push(d, &c);
}

/* The second pass of diff_table: the target's rows the first did not
 * match (bit seq of matched) and the source lacks, as drops. -1 when out
 * of memory. */
static int diff_drops(const struct snapshot *src, const struct snapshot *tgt,
                      int ti, const unsigned char *matched, struct diff *d)
{
  const struct table_def *t = &src->engine->tables[ti];
  const struct rowmap *ms = src->maps[ti], *mt = tgt->maps[ti];
  struct row *r;
  for(r = rowmap_first(mt); r; r = rowmap_next(mt, r))
    if(!(matched[r->seq / 8] & (1u << (r->seq % 8))) &&
       !excluded(t, src, tgt, r) && !rowmap_find_row(ms, r) &&
       push_drop(d, ti, r))
      return -1;
  return 0;
}

/* The changes of a table whose target map was read against the source's
 * (rowmap_shadow): a source row the target shares is equal and skipped
 * without a lookup; the target holds only the rows that differ from the
 * source or that the source lacks. */
static int diff_streamed(const struct snapshot *src,
                         const struct snapshot *tgt, int ti,
                         unsigned long ignore, struct diff *d)
{
  const struct table_def *t = &src->engine->tables[ti];
  const struct rowmap *ms = src->maps[ti], *mt = tgt->maps[ti];
  struct row *r, *o;
  size_t i;

  for(r = rowmap_first(ms); r; r = rowmap_next(ms, r)) {
    struct change c;
    if(rowmap_is_shared(mt, r) || excluded(t, src, tgt, r))
      continue;
    memset(&c, 0, sizeof(c));
    c.table = ti;
    c.src = r;
    o = rowmap_find_row(mt, r);   /* not shared: a row of the target's */
    c.kind = o ? CHANGE_ALTER : CHANGE_CREATE;
    c.tgt = o;
    for(i = t->nkey; o && i < t->ncols; i++) {
      struct rowval x = row_val(r, i), y = row_val(o, i);
      if(!(ignore & (1UL << i)) && !rowval_equal(&x, &y))
        c.diffcols |= 1UL << i;
    }
    if((!o || c.diffcols) && change_push(d, &c))
      return -1;
  }
  /* the target's own rows (indexed by rowmap_first): those the source
   * lacks are drops */
  (void)rowmap_first(mt);
  for(r = mt->rows; r; r = r->hh.next)
    if(!excluded(t, src, tgt, r) && !rowmap_find_row(ms, r) &&
       push_drop(d, ti, r))
      return -1;
  return 0;
}

static enum rdsclone_code diff_table(const struct snapshot *src,
                                     const struct snapshot *tgt, int ti,
                                     struct diff *d, struct err *e)
{
  const struct table_def *t = &src->engine->tables[ti];
  const struct rowmap *ms = src->maps[ti], *mt = tgt->maps[ti];
  unsigned long ignore = t->ignore_cols | src->unknown_cols[ti] |
                         tgt->unknown_cols[ti];
  struct row *r, *o, *cursor, *ahead, *near;
  size_t i;
  int hashed = 0;
  /* target rows the first pass found (bit seq): the second pass looks
   * only the others up, instead of every target row again */
  unsigned char *matched;

  if(mt->shadow == ms)
    return diff_streamed(src, tgt, ti, ignore, d)
             ? err_set(e, RDSCLONE_E_NOMEM, "out of memory while diffing")
             : RDSCLONE_OK;
  matched = calloc(mt->count / 8 + 1, 1);
  if(!matched)
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory while diffing");
  cursor = rowmap_first(mt);   /* indexed, for rowmap_prefetch too */
  /* where the rows come in another order than the target's (PostgreSQL
   * joins), lookups wait on memory: meanwhile, fetch the bucket of the
   * row DIFF_AHEAD places further on, and the first row in the bucket of
   * the one half as far (its bucket fetched by then) */
  ahead = near = rowmap_first(ms);
  for(i = 0; ahead && i < DIFF_AHEAD; i++) {
    ahead = rowmap_next(ms, ahead);
    if(i < DIFF_AHEAD / 2)
      near = rowmap_next(ms, near);
  }
  for(r = rowmap_first(ms); r; r = rowmap_next(ms, r)) {
    struct change c;
    if(ahead) {
      if(hashed)
        rowmap_prefetch(mt, ahead, 0);
      ahead = rowmap_next(ms, ahead);
    }
    if(near) {
      if(hashed)
        rowmap_prefetch(mt, near, 1);
      near = rowmap_next(ms, near);
    }
    if(excluded(t, src, tgt, r))
      continue;
    memset(&c, 0, sizeof(c));
    c.table = ti;
    c.src = r;
    o = find_next_or_hashed(mt, r, &cursor, &hashed);
    if(!o)
      c.kind = CHANGE_CREATE;
    else {
      c.kind = CHANGE_ALTER;
      c.tgt = o;
      matched[o->seq / 8] |= (unsigned char)(1u << (o->seq % 8));
      for(i = t->nkey; i < t->ncols; i++) {
        struct rowval x = row_val(r, i), y = row_val(o, i);
        if(!(ignore & (1UL << i)) && !rowval_equal(&x, &y))
          c.diffcols |= 1UL << i;
      }
      if(!c.diffcols)
        continue;
    }
    if(change_push(d, &c))
      goto nomem;
  }
  if(diff_drops(src, tgt, ti, matched, d))
    goto nomem;
  free(matched);
  return RDSCLONE_OK;
nomem:
  free(matched);
  return err_set(e, RDSCLONE_E_NOMEM, "out of memory while diffing");
}

enum rdsclone_code diff_tables(const struct snapshot *src,
                               const struct snapshot *tgt, size_t first,
                               size_t end, struct diff *d, struct err *e)
{
  size_t ti;
  enum rdsclone_code rc;

  memset(d, 0, sizeof(*d));
  for(ti = first; ti < end && ti < src->engine->ntables; ti++) {
    if(!src->maps[ti] || !tgt->maps[ti])
      continue;   /* not readable on one side: the snapshot noted why */
    rc = diff_table(src, tgt, (int)ti, d, e);
    if(rc) {
      diff_release(d);
      return rc;
    }
  }
  if(d->n)
    qsort(d->v, d->n, sizeof(*d->v), change_cmp);
  return RDSCLONE_OK;
}

