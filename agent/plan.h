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

#endif
