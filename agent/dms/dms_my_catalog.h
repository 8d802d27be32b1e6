/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_my_catalog.h - the foreign keys and triggers a MySQL/MariaDB
 * target holds now (dms_my_catalog.c), as records of the saved table.
 */
#ifndef RDSCLONE_DMS_MY_CATALOG_H
#define RDSCLONE_DMS_MY_CATALOG_H

#include "dms/dms_my_saved.h"

struct dms_my_catalog {
  MYSQL_RES *keys, *triggers;
  MYSQL_RES **shows;          /* SHOW CREATE TRIGGER, one per trigger */
  struct dms_my_rec *recs;    /* keys, then triggers */
  size_t n;
};

/* Reads the run's databases' foreign keys (each with its CONSTRAINT
 * clause, built by the server from information_schema) and triggers;
 * with_defs: each trigger's SHOW CREATE TRIGGER too. 0, or -1 with msg. */
int dms_my_catalog_load(const struct dms_my *x, struct dms_my_catalog *c,
                        int with_defs, char *msg, size_t len);
void dms_my_catalog_release(struct dms_my_catalog *c);

#endif
