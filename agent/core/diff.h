/* SPDX-License-Identifier: Apache-2.0 */
/*
 * diff.h - row-by-row comparison of two snapshots.
 *
 * For each table both sides could read: a source row missing on the
 * target is a CREATE, a row on both whose compared columns differ is an
 * ALTER (diffcols says which), a target-only row is a DROP. Rows whose
 * grantee is an account either session is logged in as are left out: the
 * run never changes its own account. Changes come out sorted by table and
 * encoded key, so rows of one object (same group key) are adjacent.
 * The diff borrows rows from the snapshots: free it before them.
 */
#ifndef RDSCLONE_DIFF_H
#define RDSCLONE_DIFF_H

#include "core/engine.h"
#include "core/err.h"
#include "core/snapshot.h"

enum change_kind { CHANGE_CREATE, CHANGE_ALTER, CHANGE_DROP };

struct change {
  int table;                 /* index into engine->tables */
  enum change_kind kind;
  const struct row *src;     /* NULL for DROP */
  const struct row *tgt;     /* NULL for CREATE */
  unsigned long diffcols;    /* ALTER: bit i set when column i differs */
};

struct diff {
  struct change *v;
  size_t n;
  size_t alloc;
};

/* The changes of tables first <= ti < end (plan_split.c diffs the
 * tables in two threads, each its share). */
enum rdsclone_code diff_tables(const struct snapshot *src,
                               const struct snapshot *tgt, size_t first,
                               size_t end, struct diff *d, struct err *e);
void diff_release(struct diff *d);

/* The changes of every table (tests; the library diffs in two threads).
 * Inline, so nothing only the tests use is compiled into the library. */
static inline enum rdsclone_code diff_snapshots(const struct snapshot *src,
                                                const struct snapshot *tgt,
                                                struct diff *d,
                                                struct err *e)
{
  return diff_tables(src, tgt, 0, src->engine->ntables, d, e);
}

#endif
