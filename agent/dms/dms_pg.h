/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_pg.h - the foreign keys and triggers of one PostgreSQL database
 * (dms_pg.c): saved and dropped/disabled by prepare, put back by finish.
 */
#ifndef RDSCLONE_DMS_PG_H
#define RDSCLONE_DMS_PG_H

#include "dms/dms_result.h"

#include <libpq-fe.h>

/* Prepare in database db (session c), one transaction; items go to r. */
void dms_pg_prepare_db(PGconn *c, const char *db, int dry_run,
                       struct rdsclone_dms_result *r);
/* Finish's foreign keys and triggers in database db; items go to r. */
void dms_pg_finish_db(PGconn *c, const char *db, int dry_run,
                      struct rdsclone_dms_result *r);

#endif
