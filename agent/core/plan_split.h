/* SPDX-License-Identifier: Apache-2.0 */
/*
 * plan_split.h - the diff and plan of two snapshots, in two threads
 * (plan_split.c).
 */
#ifndef RDSCLONE_CORE_PLAN_SPLIT_H
#define RDSCLONE_CORE_PLAN_SPLIT_H

#include "core/engine.h"
#include "core/err.h"
#include "core/plan.h"

/* diff_tables + plan_build of ctx->src against ctx->tgt, each done
 * in two threads (plan_split.c); the plan is the same. */
enum rdsclone_code plan_snapshots(const struct render_ctx *ctx, int prune,
                                  struct plan *p, struct err *e);

#endif
