/*
 * render_mysql.h - MySQL/MariaDB SQL for planned changes (the engine's
 * render entry point) and access to the connection for escaping.
 */
#ifndef RDSCLONE_RENDER_MYSQL_H
#define RDSCLONE_RENDER_MYSQL_H

#include "agent_int.h"

struct st_mysql;

enum rdsclone_code render_mysql(const struct render_ctx *ctx,
                                const struct change_group *g,
                                struct plan *p, struct err *e);

/* The MYSQL handle of an engine connection (borrowed). */
struct st_mysql *engine_mysql_handle(struct dbconn *c);

#endif
