/* SPDX-License-Identifier: Apache-2.0 */
/*
 * spool.h - rows set aside in arrival order, to be replayed later.
 *
 * A target that streams its rows against the source's (snapshot.h) can
 * only compare table t once the source has read all of t. Rather than
 * stop reading at t's first row, it sets the rows aside here and replays
 * them into its map when the source's table is final, so both servers
 * keep sending. A spool is a list of chunks mapped from the system and
 * unmapped when it is freed: a reader thread's malloc arena would keep
 * the pages after the replay and raise the plan's peak by the spool's
 * size.
 */
#ifndef RDSCLONE_CORE_SPOOL_H
#define RDSCLONE_CORE_SPOOL_H

#include "core/rowmap.h"

#include <stddef.h>

struct spool_chunk;

struct spool {
  struct spool_chunk *head, *tail;
  size_t bytes;        /* bytes the chunks map */
};

/* Appends a row of ncols values; 0, or -1 when no memory is left. */
int spool_add(struct spool *sp, const struct rowval *vals, size_t ncols);
/* Hands each row to fn in the order they were added, stopping at fn's
 * first non-zero return, which it returns. The values stay valid until
 * the spool is freed. */
int spool_replay(const struct spool *sp, size_t ncols,
                 int (*fn)(void *arg, const struct rowval *vals), void *arg);
/* Unmaps every chunk; the spool is empty again. */
void spool_free(struct spool *sp);

#endif
