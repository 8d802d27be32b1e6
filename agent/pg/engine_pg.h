/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_pg.h - the PostgreSQL engine (core/engine.h).
 */
#ifndef RDSCLONE_PG_ENGINE_H
#define RDSCLONE_PG_ENGINE_H

#include "core/engine.h"

extern const struct engine engine_pg;

/* The libpq session of connection c to database db (NULL: the main one),
 * opened as needed and owned by c; NULL with e set when it cannot be. For
 * the DMS route (dms/), which runs its own queries. */
struct pg_conn;
struct pg_conn *engine_pg_session(struct dbconn *c, const char *db,
                                  struct err *e);

#endif
