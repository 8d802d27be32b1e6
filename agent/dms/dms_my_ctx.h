/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_my_ctx.h - one MySQL/MariaDB DMS run's context (dms_my_ctx.c): the
 * sessions, the options, the result, and which databases the run covers
 * as a WHERE clause for the catalog queries.
 */
#ifndef RDSCLONE_DMS_MY_CTX_H
#define RDSCLONE_DMS_MY_CTX_H

#include "core/options.h"
#include "dms/dms_result.h"
#include "buf.h"

#include <mysql.h>

struct dms_my {
  MYSQL *tgt;                   /* locked, writable unless dry_run */
  MYSQL *src;                   /* read-only; NULL for prepare */
  const struct rdsclone_options *o;
  struct rdsclone_dms_result *r;
  int dry_run;
  long margin;
};

/* Appends " AND col IN (...)" (the options' databases) or " AND col NOT
 * IN (the system databases and rdsclone)" to b. */
void dms_my_scope(const struct dms_my *x, MYSQL *m, struct buf *b,
                  const char *col);
/* A failed item of kind "database" with the reason. */
void dms_my_fail(struct dms_my *x, const char *db, const char *action,
                 const char *why);
/* Item status and detail after a statement: done, or failed with why. */
void dms_my_outcome(struct dms_my *x, struct dms_item *it, int failed,
                    const char *why);

#endif
