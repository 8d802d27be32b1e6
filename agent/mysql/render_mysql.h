/* SPDX-License-Identifier: Apache-2.0 */
/*
 * render_mysql.h - MySQL/MariaDB SQL for planned changes (the engine's
 * render entry point).
 */
#ifndef RDSCLONE_RENDER_MYSQL_H
#define RDSCLONE_RENDER_MYSQL_H

#include "core/err.h"
#include "core/plan.h"
#include "core/engine.h"

enum rdsclone_code render_mysql(const struct render_ctx *ctx,
                                const struct change_group *g,
                                struct plan *p, struct err *e);


#endif
