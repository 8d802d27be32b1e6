/*
 * plan.h - turns a diff into ordered actions.
 *
 * Changes are filtered (accounts only on the target are left alone unless
 * pruning, and then only their DROP is planned, since dropping an account
 * drops its grants), grouped by object (the table's group key), handed to
 * the engine's render one group at a time, and the resulting actions are
 * ordered by phase (see enum phase), ties kept in diff order.
 */
#ifndef RDSCLONE_PLAN_H
#define RDSCLONE_PLAN_H

#include "agent_int.h"

enum rdsclone_code plan_build(const struct render_ctx *ctx,
                              const struct diff *d, int prune,
                              struct plan *p, struct err *e);

/* The first change at or after d->v[i] that begins an object of its own
 * (d->n when none does): plan_build of the changes before it and of those
 * from it on make, merged, the plan of all of d. */
size_t plan_group_boundary(const struct engine *en, const struct diff *d,
                           size_t i);

/* Moves the actions of 'later' (a plan_build of changes that come after
 * all of p's in diff order) into p, as if one plan_build had made both:
 * its actions are renumbered after p's and the whole is ordered again.
 * 'later' is left empty. Returns 0, or -1 on OOM (both unchanged). */
int plan_merge(struct plan *p, struct plan *later);

/* diff_snapshots + plan_build of ctx->src against ctx->tgt, each done
 * in two threads (plan_split.c); the plan is the same. */
enum rdsclone_code plan_snapshots(const struct render_ctx *ctx, int prune,
                                  struct plan *p, struct err *e);

#endif
