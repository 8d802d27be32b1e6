/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_my.c - the DMS route on MySQL/MariaDB: prepare saves and drops
 * the foreign keys and triggers of every selected database
 * (dms_my_objects.c); finish puts them back, moves the AUTO_INCREMENT
 * counters and sequences past the source's (dms_my_counters.c) and drops
 * the saved table once it is empty. MySQL's databases are schemas, so
 * one session covers them all.
 */
#include "dms/dms_my.h"
#include "dms/dms_my_ctx.h"
#include "dms/dms_my_counters.h"
#include "dms/dms_my_objects.h"
#include "dms/dms_my_saved.h"
#include "dms/dms_myq.h"

#include <string.h>

/* --format sql: the statements, each database's after a USE line. */
static void sql_script(struct buf *b, const struct rdsclone_dms_result *r)
{
  const char *db = NULL;
  size_t i;
  buf_addf(b, "-- %s: the statements%s\n", r->command,
           r->dry_run ? " it would run" : " it ran");
  for(i = 0; i < r->n; i++) {
    const struct dms_item *it = &r->items[i];
    if(!it->sql || it->status == DMS_UNCHANGED)
      continue;
    if(!db || strcmp(db, it->database)) {
      buf_adds(b, "USE ");
      dms_myq_ident(b, it->database);
      buf_adds(b, ";\n");
      db = it->database;
    }
    buf_addf(b, "%s;\n", it->sql);
  }
}

/* Databases the options name that the target lacks: each a failure. */
static void check_named(struct dms_my *x)
{
  char msg[1024];
  MYSQL_RES *res;
  MYSQL_ROW row;
  size_t i;

  if(!x->o->ndatabases)
    return;
  if(!(res = dms_myq_query(x->tgt, "SELECT SCHEMA_NAME FROM "
                           "information_schema.SCHEMATA", msg,
                           sizeof(msg)))) {
    dms_my_fail(x, "*", "select", msg);
    return;
  }
  for(i = 0; i < x->o->ndatabases; i++) {
    mysql_data_seek(res, 0);
    while((row = mysql_fetch_row(res)) &&
          strcmp(row[0], x->o->databases[i]))
      ;
    if(!row)
      dms_my_fail(x, x->o->databases[i], "select", "no such database on "
                  "the target");
  }
  mysql_free_result(res);
}

void dms_my_run(void *tgt, void *src, const struct rdsclone_options *o,
                int finish, int dry_run, long margin,
                struct rdsclone_dms_result *r)
{
  struct dms_my x = { tgt, src, o, r, dry_run, margin };
  char msg[1024];

  r->sql_script = sql_script;
  check_named(&x);
  if(!finish) {
    dms_my_objects_prepare(&x);
    return;
  }
  dms_my_objects_finish(&x);
  dms_my_counters_finish(&x);
  if(!dry_run && dms_my_saved_cleanup(x.tgt, msg, sizeof(msg)))
    dms_my_fail(&x, "rdsclone", "cleanup", msg);
}
