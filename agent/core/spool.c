/* SPDX-License-Identifier: Apache-2.0 */
/*
 * spool.c - rows set aside in arrival order (spool.h).
 *
 * A row is written as, for each column, a 4-byte tag (0 for NULL, else
 * length + 1) followed by the value's bytes and a NUL, so a replayed
 * value is NUL-terminated like any rowval. A row never spans chunks.
 */
#include "core/spool.h"

#include <stdint.h>
#include <sys/mman.h>

/* Most chunks hold many rows; a larger row gets a chunk of its own. */
#define SPOOL_CHUNK (1u << 20)

struct spool_chunk {
  struct spool_chunk *next;
  size_t used, cap;    /* bytes after the header */
};

static unsigned char *chunk_bytes(struct spool_chunk *c)
{
  return (unsigned char *)(c + 1);
}

/* Room for need bytes at the tail, mapping a chunk when there is none. */
static unsigned char *reserve(struct spool *sp, size_t need)
{
  struct spool_chunk *c = sp->tail;
  size_t size;
  void *p;

  if(c && c->cap - c->used >= need)
    return chunk_bytes(c) + c->used;
  size = sizeof(*c) + need > SPOOL_CHUNK ? sizeof(*c) + need : SPOOL_CHUNK;
  p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
           -1, 0);
  if(p == MAP_FAILED)
    return NULL;
  c = p;
  c->next = NULL;
  c->used = 0;
  c->cap = size - sizeof(*c);
  if(sp->tail)
    sp->tail->next = c;
  else
    sp->head = c;
  sp->tail = c;
  sp->bytes += size;
  return chunk_bytes(c);
}

int spool_add(struct spool *sp, const struct rowval *vals, size_t ncols)
{
  size_t need = 0, i;
  unsigned char *p;

  for(i = 0; i < ncols; i++) {
    if(vals[i].ptr && vals[i].len >= UINT32_MAX - 1)
      return -1;   /* no catalog value comes near; refuse, not wrap */
    need += 4 + (vals[i].ptr ? vals[i].len + 1 : 0);
  }
  p = reserve(sp, need);
  if(!p)
    return -1;
  for(i = 0; i < ncols; i++) {
    uint32_t tag = vals[i].ptr ? (uint32_t)vals[i].len + 1 : 0;
    memcpy(p, &tag, 4);
    p += 4;
    if(vals[i].ptr) {
      memcpy(p, vals[i].ptr, vals[i].len);
      p[vals[i].len] = 0;
      p += vals[i].len + 1;
    }
  }
  sp->tail->used += need;
  return 0;
}

int spool_replay(const struct spool *sp, size_t ncols,
                 int (*fn)(void *arg, const struct rowval *vals), void *arg)
{
  struct rowval vals[ROWMAP_MAX_COLS];
  const struct spool_chunk *c;
  int rc;

  if(ncols > ROWMAP_MAX_COLS)
    return -1;
  for(c = sp->head; c; c = c->next) {
    const unsigned char *p = (const unsigned char *)(c + 1);
    const unsigned char *end = p + c->used;
    while(p < end) {
      size_t i;
      for(i = 0; i < ncols; i++) {
        uint32_t tag;
        memcpy(&tag, p, 4);
        p += 4;
        vals[i].ptr = tag ? (const char *)p : NULL;
        vals[i].len = tag ? tag - 1 : 0;
        p += tag;
      }
      if((rc = fn(arg, vals)) != 0)
        return rc;
    }
  }
  return 0;
}

void spool_free(struct spool *sp)
{
  struct spool_chunk *c = sp->head;
  while(c) {
    struct spool_chunk *next = c->next;
    munmap(c, c->cap + sizeof(*c));
    c = next;
  }
  sp->head = sp->tail = NULL;
  sp->bytes = 0;
}
