/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_result.h - struct rdsclone_dms_result (dms_result.c): the objects a
 * DMS prepare or finish lists, what became of each, and their rendering.
 */
#ifndef RDSCLONE_DMS_RESULT_H
#define RDSCLONE_DMS_RESULT_H

#include "rdsclone_dms.h"
#include "buf.h"

#include <stddef.h>

enum dms_status {
  DMS_PLANNED,    /* dry run: would be done */
  DMS_DONE,       /* done now */
  DMS_UNCHANGED,  /* nothing to do (already so, or nothing to move) */
  DMS_FAILED      /* failed: detail says why, the state stays saved */
};

struct dms_item {
  char *kind;      /* foreign_key, trigger, sequence, database */
  char *database, *schema, *table, *name;
  char *action;    /* save_and_drop, recreate, setval, ... */
  char *sql;       /* the statement(s), ";\n"-separated; may be NULL */
  char *detail;    /* why, for unchanged and failed; may be NULL */
  char *script;    /* --format sql: sql with its bookkeeping (the saved
                    * table, transactions); NULL: sql alone */
  enum dms_status status;
};

struct rdsclone_dms_result {
  const char *command;           /* "dms-prepare" or "dms-finish" */
  int dry_run;
  struct dms_item *items;
  size_t n, cap;
  struct rdsclone_report *accounts;  /* finish's account run */
  enum rdsclone_code accounts_rc;
  int nomem;                     /* an item could not be recorded */
  /* --format sql's script of the items, when the engine has its own
   * (MySQL: USE lines); NULL: PostgreSQL's, with psql's \connect. */
  void (*sql_script)(struct buf *b, const struct rdsclone_dms_result *r);
};

struct rdsclone_dms_result *dms_result_new(const char *command, int dry_run);
/* Appends an item (strings copied; NULLs kept) and returns it, NULL when
 * out of memory (r->nomem is then set). */
struct dms_item *dms_result_add(struct rdsclone_dms_result *r,
                                const char *kind, const char *database,
                                const char *schema, const char *table,
                                const char *name, const char *action);
/* Sets an item's sql or detail (a copy). */
void dms_item_set(struct rdsclone_dms_result *r, char **field,
                  const char *value);

#endif
