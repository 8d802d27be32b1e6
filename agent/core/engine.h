/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine.h - the interface every engine implements (mysql/, pg/): connect,
 * snapshot, render, lock, execute. The core never branches on the engine;
 * it knows one only through this table of functions.
 */
#ifndef RDSCLONE_CORE_ENGINE_H
#define RDSCLONE_CORE_ENGINE_H

#include "core/err.h"
#include "core/table.h"
#include "buf.h"
#include "rdsclone.h"
#include "core/options.h"

struct snapshot;
struct plan;
struct change;

struct dbconn;   /* an engine's connection */

/* A group of changes to one table sharing the group key (one object). */
struct change_group {
  int table;
  const struct change *changes;
  size_t n;
};

/* What render may consult: both snapshots and the run's options. */
struct render_ctx {
  const struct snapshot *src;
  const struct snapshot *tgt;
  /* The target's client-library handle (MYSQL *, PGconn *: the engine's
   * client_handle) for escaping by the server's rules; NULL in unit
   * tests and --format sql without a target (offline quoting). */
  void *quote_handle;
  const struct rdsclone_options *opts;
};

struct engine {
  const char *name;
  const struct table_def *tables;
  size_t ntables;
  int account_table;          /* index of the table whose rows are the
                                 accounts (created/dropped) */
  unsigned long consulted;    /* bit t: the read itself looks rows of
                                 table t up (e.g. the databases in scope),
                                 so a target settles t once it is read */
  /* side names the endpoint in messages: "source" or "target" */
  enum rdsclone_code (*connect)(const struct rdsclone_endpoint *ep,
                                const char *side, int read_only,
                                struct dbconn **out, struct err *e);
  void (*disconnect)(struct dbconn *c);
  enum rdsclone_code (*snapshot)(struct dbconn *c,
                                 const struct rdsclone_options *o,
                                 struct snapshot *s, struct err *e);
  /* Appends the actions for one change group to the plan. */
  enum rdsclone_code (*render)(const struct render_ctx *ctx,
                               const struct change_group *g,
                               struct plan *p, struct err *e);
  enum rdsclone_code (*lock)(struct dbconn *c, struct err *e);
  enum rdsclone_code (*check_writable)(struct dbconn *c, struct err *e);
  /* Runs one statement (in database, when not NULL); on failure e->msg
   * holds the server's error. */
  enum rdsclone_code (*execute)(struct dbconn *c, const char *database,
                                const char *sql, struct err *e);
  const char *(*describe)(struct dbconn *c);  /* "host:port", borrowed */
  /* The client library's handle of a connection (render_ctx). */
  void *(*client_handle)(struct dbconn *c);
  /* The client library's global state, set up once before any thread,
   * and a thread's own (mysql_thread_init/end); NULL when not needed. */
  void (*library_init)(void);
  void (*thread_begin)(void);
  void (*thread_end)(void);
  /* For --format sql: appends the script line that makes the statements
   * after it run in database (PostgreSQL: psql's \connect); -1 when no
   * line can name it. NULL when actions carry no database. */
  int (*script_database)(struct buf *b, const char *database);
};

#endif
