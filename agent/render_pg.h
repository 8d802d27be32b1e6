/*
 * render_pg.h - PostgreSQL SQL for planned changes (the engine's render
 * entry point) and the connection used for quoting.
 */
#ifndef RDSCLONE_RENDER_PG_H
#define RDSCLONE_RENDER_PG_H

#include "agent_int.h"

struct pg_conn;

enum rdsclone_code render_pg(const struct render_ctx *ctx,
                             const struct change_group *g, struct plan *p,
                             struct err *e);

/* The main libpq connection of an engine connection (borrowed). */
struct pg_conn *engine_pg_handle(struct dbconn *c);

#endif
