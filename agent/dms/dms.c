/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms.c - the DMS route's entry points (rdsclone_dms.h): choose the
 * engine (MySQL/MariaDB go to dms_my.c), connect, take the lock, run
 * prepare or finish database by database (dms_pg.c, dms_seq.c), then,
 * for finish, reconcile the accounts on the same target session
 * (run_on_target), so one apply lock covers the whole finish: no other
 * run can slip in between its steps and the account run.
 */
#include "core/err.h"
#include "core/log.h"
#include "core/engine.h"
#include "core/options.h"
#include "run/engines.h"
#include "run/run.h"
#include "pg/engine_pg.h"
#include "mysql/engine_mysql.h"
#include "dms/dms_my.h"
#include "dms/dms_pg.h"
#include "dms/dms_pq.h"
#include "dms/dms_result.h"
#include "dms/dms_seq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct dms_run {
  const struct rdsclone_options *o;
  const struct engine *en;
  struct dbconn *src, *tgt;
  PGresult *dbs;            /* the target's databases */
  struct rdsclone_dms_result *r;
  int dry_run;
  long margin;
  struct err e;
};

static enum rdsclone_code choose(struct dms_run *x, const char *command)
{
  const struct rdsclone_options *o = x->o;
  if(!o)
    return err_set(&x->e, RDSCLONE_E_USAGE, "no options: give the handle "
                   "of rdsclone_options_new()");
  if(!o->source.uri || !o->target.uri)
    return err_set(&x->e, RDSCLONE_E_USAGE, "%s needs a source and a "
                   "target", command);
  if(engines_choose(o->source.uri, o->target.uri, &x->en, &x->e))
    return x->e.code;
  return RDSCLONE_OK;
}

/* The target (locked and writable unless a dry run), and the source
 * (read-only) when wanted. */
static enum rdsclone_code connect_sides(struct dms_run *x, int want_source)
{
  const struct engine *en = x->en;
  if(en->connect(&x->o->target, "target", 0, &x->tgt, &x->e) ||
     (!x->dry_run && (en->lock(x->tgt, &x->e) ||
                      en->check_writable(x->tgt, &x->e))))
    return x->e.code;
  if(want_source &&
     en->connect(&x->o->source, "source", 1, &x->src, &x->e))
    return x->e.code;
  return RDSCLONE_OK;
}

static PGconn *session(struct dbconn *c, const char *db, struct err *e)
{
  return (PGconn *)engine_pg_session(c, db, e);
}

/* The target's databases that take connections. (MySQL/MariaDB:
 * dms_my.c reads its own, and one session covers them all.) */
static enum rdsclone_code list_databases(struct dms_run *x)
{
  char msg[1024];
  if(x->en == &engine_mysql)
    return RDSCLONE_OK;
  x->dbs = dms_pq(session(x->tgt, NULL, &x->e),
                  "SELECT datname FROM pg_catalog.pg_database"
                  " WHERE datallowconn AND NOT datistemplate"
                  " ORDER BY datname COLLATE \"C\"", 0, NULL, msg,
                  sizeof(msg));
  if(!x->dbs)
    return err_set(&x->e, RDSCLONE_E_QUERY, "%s: %s",
                   x->en->describe(x->tgt), msg);
  return RDSCLONE_OK;
}

/* 1 when the run covers database db (the options' list, else all). */
static int selected(const struct rdsclone_options *o, const char *db)
{
  size_t i;
  if(!o->ndatabases)
    return 1;
  for(i = 0; i < o->ndatabases; i++)
    if(!strcmp(o->databases[i], db))
      return 1;
  return 0;
}

/* A database the options name that the target lacks: a failure. */
static void check_named(struct dms_run *x)
{
  size_t i;
  int k;
  for(i = 0; i < x->o->ndatabases; i++) {
    for(k = 0; k < PQntuples(x->dbs); k++)
      if(!strcmp(x->o->databases[i], PQgetvalue(x->dbs, k, 0)))
        break;
    if(k == PQntuples(x->dbs)) {
      struct dms_item *it = dms_result_add(x->r, "database",
                                           x->o->databases[i], NULL, NULL,
                                           NULL, "select");
      if(it) {
        it->status = DMS_FAILED;
        dms_item_set(x->r, &it->detail, "no such database on the target "
                     "(or it takes no connections)");
      }
    }
  }
}

static void session_failed(struct dms_run *x, const char *db)
{
  struct dms_item *it = dms_result_add(x->r, "database", db, NULL, NULL,
                                       NULL, "connect");
  if(it) {
    it->status = DMS_FAILED;
    dms_item_set(x->r, &it->detail, x->e.msg);
  }
}

/* One database of finish: keys and triggers, then sequences. */
static void finish_one(struct dms_run *x, PGconn *tgt, const char *db)
{
  PGconn *src;
  dms_pg_finish_db(tgt, db, x->dry_run, x->r);
  if(!(src = session(x->src, db, &x->e)))
    session_failed(x, db);
  else
    dms_seq_finish_db(tgt, src, db, x->margin, x->dry_run, x->r);
}

static void each_database(struct dms_run *x, int finish)
{
  int k;
  if(x->en == &engine_mysql) {
    dms_my_run(x->en->client_handle(x->tgt),
               x->src ? x->en->client_handle(x->src) : NULL, x->o, finish,
               x->dry_run, x->margin, x->r);
    return;
  }
  check_named(x);
  for(k = 0; k < PQntuples(x->dbs); k++) {
    const char *db = PQgetvalue(x->dbs, k, 0);
    PGconn *tgt;
    if(!selected(x->o, db))
      continue;
    agent_log(x->o, RDSCLONE_LOG_INFO, "%s: database %s",
              finish ? "dms-finish" : "dms-prepare", db);
    if(!(tgt = session(x->tgt, db, &x->e)))
      session_failed(x, db);
    else if(finish)
      finish_one(x, tgt, db);
    else
      dms_pg_prepare_db(tgt, db, x->dry_run, x->r);
  }
}

static void close_sides(struct dms_run *x)
{
  PQclear(x->dbs);
  x->dbs = NULL;
  if(x->src)
    x->en->disconnect(x->src);
  if(x->tgt)
    x->en->disconnect(x->tgt);   /* ends the session: the lock goes */
  x->src = x->tgt = NULL;
}

/* finish's account reconciliation: apply and verify (plan when dry),
 * on the target session that holds the lock since the start. */
static enum rdsclone_code accounts(struct dms_run *x, char *errbuf,
                                   size_t errlen)
{
  enum rdsclone_code rc = run_on_target(x->o, x->dry_run ? RDSCLONE_PLAN
                                                         : RDSCLONE_APPLY,
                                        x->tgt, &x->r->accounts, errbuf,
                                        errlen);
  x->r->accounts_rc = rc;
  return rc;
}

static enum rdsclone_code route(struct dms_run *x, const char *command,
                                int finish, char *errbuf, size_t errlen)
{
  enum rdsclone_code rc = choose(x, command), acc = RDSCLONE_OK;
  size_t failed;

  if(!rc && !(x->r = dms_result_new(command, x->dry_run)))
    rc = err_set(&x->e, RDSCLONE_E_NOMEM, "out of memory");
  if(!rc)
    rc = connect_sides(x, finish);
  if(!rc)
    rc = list_databases(x);
  if(!rc)
    each_database(x, finish);
  if(!rc && x->r->nomem)
    rc = err_set(&x->e, RDSCLONE_E_NOMEM, "out of memory");
  if(!rc && finish)
    acc = accounts(x, errbuf, errlen);   /* before the lock goes */
  if(x->en)
    close_sides(x);
  if(rc) {
    if(errbuf && errlen)
      snprintf(errbuf, errlen, "%s", x->e.msg);
    return rc;
  }
  if(acc)
    return acc;
  if((failed = rdsclone_dms_result_failed(x->r))) {
    if(errbuf && errlen)
      snprintf(errbuf, errlen, "%s: %zu objects failed (named in the "
               "report); their state stays saved", command, failed);
    return RDSCLONE_E_APPLY;
  }
  return RDSCLONE_OK;
}

static enum rdsclone_code start(struct dms_run *x,
                                const struct rdsclone_options *opts,
                                int dry_run, long margin, const char *cmd,
                                int finish, struct rdsclone_dms_result **out,
                                char *errbuf, size_t errlen)
{
  enum rdsclone_code rc;

  memset(x, 0, sizeof(*x));
  x->o = opts;
  x->dry_run = dry_run;
  x->margin = margin;
  if(errbuf && errlen)
    errbuf[0] = 0;
  if(!out || margin < 0) {
    if(errbuf && errlen)
      snprintf(errbuf, errlen, "%s: %s", cmd, out ? "the sequence margin "
               "must be 0 or more" : "no result pointer");
    return RDSCLONE_E_USAGE;
  }
  rc = route(x, cmd, finish, errbuf, errlen);
  *out = x->r;
  return rc;
}

enum rdsclone_code rdsclone_dms_prepare(const struct rdsclone_options *opts,
                                        int dry_run,
                                        struct rdsclone_dms_result **out,
                                        char *errbuf, size_t errlen)
{
  struct dms_run x;
  return start(&x, opts, dry_run, 0, "dms-prepare", 0, out, errbuf,
               errlen);
}

enum rdsclone_code rdsclone_dms_finish(const struct rdsclone_options *opts,
                                       long sequence_margin, int dry_run,
                                       struct rdsclone_dms_result **out,
                                       char *errbuf, size_t errlen)
{
  struct dms_run x;
  return start(&x, opts, dry_run, sequence_margin, "dms-finish", 1, out,
               errbuf, errlen);
}
