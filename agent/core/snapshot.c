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

static int adopt_spooled(struct snapshot *s, int wait);
static int adopt(struct snapshot *s, size_t t);

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
  /* a target's spooled rows go to their maps once the source has them */
  if(s->peer && adopt_spooled(s, 1))
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory reading the "
                   "target's catalog");
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
  if(!s->is_source && s->peer && t < MAX_TABLES &&
     (s->engine->consulted & (1UL << t)) && s->spool[t].head &&
     adopt(s, t))
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory reading %s",
                   s->maps[t]->name);
  if(!s->is_source || t >= MAX_TABLES || (s->final & (1UL << t)))
    return RDSCLONE_OK;
  rc = index_one(s, t, e);
  if(rc)
    return rc;
  pthread_mutex_lock(&s->lock);
  __atomic_or_fetch(&s->final, 1UL << t, __ATOMIC_RELEASE);
  pthread_cond_broadcast(&s->cond);
  pthread_mutex_unlock(&s->lock);
  return RDSCLONE_OK;
}

void snapshot_end(struct snapshot *s, int failed)
{
  pthread_mutex_lock(&s->lock);
  s->failed = failed;
  __atomic_store_n(&s->ended, 1, __ATOMIC_RELEASE);
  pthread_cond_broadcast(&s->cond);
  pthread_mutex_unlock(&s->lock);
}

/* Target side: whether the peer's map t is final (or its read over), so
 * that reading against it would not wait. Without the lock: a hint the
 * lock confirms in adopt(). */
static int peer_ready(const struct snapshot *s, size_t t)
{
  const struct snapshot *p = s->peer;
  return (__atomic_load_n(&p->final, __ATOMIC_ACQUIRE) & (1UL << t)) ||
         __atomic_load_n(&p->ended, __ATOMIC_ACQUIRE);
}

static int replay_row(void *map, const struct rowval *vals)
{
  return rowmap_add(map, vals);
}

/* Target side: waits until the peer's map t is final, then reads maps[t]
 * against it (only when the peer's read went well), starting with the
 * rows spooled meanwhile. */
static int adopt(struct snapshot *s, size_t t)
{
  struct snapshot *p = s->peer;
  int ok, rc = 0;
  pthread_mutex_lock(&p->lock);
  while(!(p->final & (1UL << t)) && !p->ended)
    pthread_cond_wait(&p->cond, &p->lock);
  ok = !p->failed;
  pthread_mutex_unlock(&p->lock);
  s->adopted |= 1UL << t;
  if(ok && p->maps[t] && s->maps[t])
    rc = rowmap_shadow(s->maps[t], p->maps[t]);
  if(!rc && s->spool[t].head)
    rc = spool_replay(&s->spool[t], s->maps[t]->ncols, replay_row,
                      s->maps[t]);
  s->spool_bytes -= s->spool[t].bytes;
  spool_free(&s->spool[t]);
  return rc;
}

/* Target side: replays the spooled tables the peer has made final since;
 * with wait, every spooled table (the read is over). */
static int adopt_spooled(struct snapshot *s, int wait)
{
  size_t t;
  for(t = 0; t < MAX_TABLES && s->spool_bytes; t++)
    if(s->spool[t].head && (wait || peer_ready(s, t)) &&
       adopt(s, t))
      return -1;
  return 0;
}

int snapshot_add(struct snapshot *s, size_t t, const struct rowval *vals)
{
  if(!s->peer || t >= s->engine->ntables || (s->adopted & (1UL << t)))
    return rowmap_add(s->maps[t], vals);
  if(s->spool_bytes && adopt_spooled(s, 0))
    return -1;
  if(s->adopted & (1UL << t))   /* just now, with its spooled rows */
    return rowmap_add(s->maps[t], vals);
  if(s->maps[t] && !peer_ready(s, t) &&
     s->spool_bytes < SNAPSHOT_READ_AHEAD) {
    size_t before = s->spool[t].bytes;
    if(spool_add(&s->spool[t], vals, s->maps[t]->ncols))
      return -1;
    s->spool_bytes += s->spool[t].bytes - before;
    if(s->spool_bytes > s->spool_peak)
      s->spool_peak = s->spool_bytes;
    return 0;
  }
  if(adopt(s, t))
    return -1;
  return rowmap_add(s->maps[t], vals);
}

void snapshot_release(struct snapshot *s)
{
  size_t i;
  for(i = 0; i < MAX_TABLES; i++) {
    rowmap_free(s->maps[i]);
    spool_free(&s->spool[i]);
  }
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
