/* SPDX-License-Identifier: Apache-2.0 */
/*
 * render_pg.h - PostgreSQL SQL for planned changes (the engine's render
 * entry point).
 */
#ifndef RDSCLONE_RENDER_PG_H
#define RDSCLONE_RENDER_PG_H

#include "core/err.h"
#include "core/plan.h"
#include "core/engine.h"

enum rdsclone_code render_pg(const struct render_ctx *ctx,
                             const struct change_group *g, struct plan *p,
                             struct err *e);


#endif
