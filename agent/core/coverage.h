/* SPDX-License-Identifier: Apache-2.0 */
/*
 * coverage.h - what a run saw and did not compare (DESIGN.md, "Coverage").
 *
 * "In sync" is a claim about every privilege-bearing row the servers
 * hold. Whatever a snapshot reads but does not model (an ACL column the
 * tool does not know, a privilege keyword newer than it, a JSON key in
 * mysql.global_priv) is counted here per kind, with the first one seen as
 * an example, and reported as not_compared; --strict turns any of it
 * into a failure.
 */
#ifndef RDSCLONE_COVERAGE_H
#define RDSCLONE_COVERAGE_H

#include <stddef.h>

struct gap {
  char *side;      /* "source" or "target" */
  char *kind;      /* e.g. "column privileges" */
  char *example;   /* one of them, for the reader to find it */
  size_t count;
};

struct coverage {
  struct gap *v;
  size_t n;
};

/* Counts one more row of kind on side; the first example is kept. The
 * strings are copied. 0, or -1 on OOM (nothing counted). */
int coverage_add(struct coverage *c, const char *side, const char *kind,
                 const char *example, size_t count);
/* Adds every gap of from to c (counts of the same side and kind sum). */
int coverage_merge(struct coverage *c, const struct coverage *from);
void coverage_release(struct coverage *c);

#endif
