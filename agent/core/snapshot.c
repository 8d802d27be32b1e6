/* SPDX-License-Identifier: Apache-2.0 */
/*
 * snapshot.c - life of a snapshot: init, index, release, the count of
 * rows it holds but does not compare, and the hand-over of the source's
 * tables to a target that streams its rows against them.
 */
#include "core/snapshot.h"
#include "core/engine.h"

#include <stdlib.h>
#include <string.h>

void snapshot_init(struct snapshot *s, const struct engine *en,
                   int is_source)
{
  pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t cond = PTHREAD_COND_INITIALIZER;

  memset(s, 0, sizeof(*s));
  s->lock = lock;
  s->cond = cond;
  s->engine = en;
  s->is_source = is_source;
  buf_init(&s->own_privs, BUF_CAP_SMALL * 16);
  buf_init(&s->notes, BUF_CAP_SMALL);
}

/* Indexes (and sorts, where the table asks for it) one map. */
static enum rdsclone_code index_one(struct snapshot *s, size_t i,
                                    struct err *e)
{
  int sorted = s->engine && i < s->engine->ntables &&
               s->engine->tables[i].select_by_prefix;
  if(s->maps[i] && (rowmap_index(s->maps[i]) < 0 ||
                    (sorted && rowmap_sort(s->maps[i]) < 0)))
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory indexing %s",
                   s->maps[i]->name);
  return RDSCLONE_OK;
}

enum rdsclone_code snapshot_index(struct snapshot *s, struct err *e)
{
  size_t i;
  enum rdsclone_code rc = RDSCLONE_OK;
  /* a final table was indexed by snapshot_final; a target may be
   * reading it now */
  for(i = 0; i < MAX_TABLES && !rc; i++)
    if(!(s->final & (1UL << i)))
      rc = index_one(s, i, e);
  return rc;
}

enum rdsclone_code snapshot_final(struct snapshot *s, size_t t,
                                  struct err *e)
{
  enum rdsclone_code rc;
  if(!s->is_source || t >= MAX_TABLES || (s->final & (1UL << t)))
    return RDSCLONE_OK;
  rc = index_one(s, t, e);
  if(rc)
    return rc;
  pthread_mutex_lock(&s->lock);
  s->final |= 1UL << t;
  pthread_cond_broadcast(&s->cond);
  pthread_mutex_unlock(&s->lock);
  return RDSCLONE_OK;
}

void snapshot_end(struct snapshot *s, int failed)
{
  pthread_mutex_lock(&s->lock);
  s->ended = 1;
  s->failed = failed;
  pthread_cond_broadcast(&s->cond);
  pthread_mutex_unlock(&s->lock);
}

/* Target side: waits until the peer's map t is final, then reads maps[t]
 * against it (only when the peer's read went well). */
static int adopt(struct snapshot *s, size_t t)
{
  struct snapshot *p = s->peer;
  int ok;
  pthread_mutex_lock(&p->lock);
  while(!(p->final & (1UL << t)) && !p->ended)
    pthread_cond_wait(&p->cond, &p->lock);
  ok = !p->failed;
  pthread_mutex_unlock(&p->lock);
  s->adopted |= 1UL << t;
  if(!ok || !p->maps[t] || !s->maps[t])
    return 0;
  return rowmap_shadow(s->maps[t], p->maps[t]);
}

int snapshot_add(struct snapshot *s, size_t t, const struct rowval *vals)
{
  if(s->peer && t < s->engine->ntables && !(s->adopted & (1UL << t)) &&
     adopt(s, t))
    return -1;
  return rowmap_add(s->maps[t], vals);
}

void snapshot_release(struct snapshot *s)
{
  size_t i;
  for(i = 0; i < MAX_TABLES; i++)
    rowmap_free(s->maps[i]);
  free(s->server_version);
  free(s->current_user);
  free(s->current_host);
  buf_release(&s->own_privs);
  buf_release(&s->notes);
  coverage_release(&s->not_compared);
  memset(s, 0, sizeof(*s));
}

enum rdsclone_code snapshot_not_compared(struct snapshot *s,
                                         const char *kind,
                                         const char *example, size_t count,
                                         struct err *e)
{
  if(coverage_add(&s->not_compared, s->is_source ? "source" : "target",
                  kind, example, count))
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  return RDSCLONE_OK;
}
