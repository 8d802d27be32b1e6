/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_my_saved.h - rdsclone.dms_saved_constraints on a MySQL/MariaDB
 * target (dms_my_saved.c): the foreign keys and triggers dms-prepare
 * dropped, each with what re-creates it exactly.
 */
#ifndef RDSCLONE_DMS_MY_SAVED_H
#define RDSCLONE_DMS_MY_SAVED_H

#include "dms/dms_my_ctx.h"

#include <mysql.h>
#include <stddef.h>

/* One object: a foreign key (def: its CONSTRAINT clause) or a trigger
 * (def: SHOW CREATE TRIGGER's statement, bytes in its client character
 * set, with the context it was created in). Strings are borrowed. */
struct dms_my_rec {
  const char *kind, *schema, *table, *name;
  const char *def;
  size_t deflen;
  const char *sql_mode, *cs_client, *coll_conn, *order;  /* NULL: keys */
};

struct dms_my_saved {
  MYSQL_RES *res;
  struct dms_my_rec *recs;   /* keys first, then triggers in the order
                                to re-create them */
  size_t n;
};

/* Creates the database rdsclone and the table when missing. */
int dms_my_saved_create(MYSQL *m, char *msg, size_t len);
/* Loads the saved rows of the run's databases (none when the table does
 * not exist); 0, or -1 with msg. */
int dms_my_saved_load(const struct dms_my *x, struct dms_my_saved *s,
                      char *msg, size_t len);
/* The record among recs[0..n) of o's object (same kind, database,
 * table, name), or NULL: a saved row, or one the target's catalog holds
 * (dms_my_catalog.h). */
const struct dms_my_rec *dms_my_rec_find(const struct dms_my_rec *recs,
                                         size_t n,
                                         const struct dms_my_rec *o);
/* 1 when some foreign key of database db is saved. */
int dms_my_saved_has_keys(const struct dms_my_saved *s, const char *db);
void dms_my_saved_release(struct dms_my_saved *s);
/* Appends the INSERT of rec (a no-op when saved already) to b. */
void dms_my_saved_insert_sql(struct buf *b, MYSQL *m,
                             const struct dms_my_rec *rec);
/* Deletes rec's row: 0, or -1 with msg. */
int dms_my_saved_delete(MYSQL *m, const struct dms_my_rec *rec, char *msg,
                        size_t len);
/* Drops the table once it is empty, and the database rdsclone once it
 * holds no table: the target's schema is the source's again. */
int dms_my_saved_cleanup(MYSQL *m, char *msg, size_t len);

#endif
