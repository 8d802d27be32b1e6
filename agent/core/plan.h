/* SPDX-License-Identifier: Apache-2.0 */
/*
 * plan.h - turns a diff into ordered actions.
 *
 * Changes are filtered (accounts only on the target are left alone unless
 * pruning, and then only their DROP is planned, since dropping an account
 * drops its grants), grouped by object (the table's group key), handed to
 * the engine's render one group at a time, and the resulting actions are
 * ordered by phase (see enum phase), ties kept in diff order.
 */
#ifndef RDSCLONE_PLAN_H
#define RDSCLONE_PLAN_H

#include "core/diff.h"
#include "core/engine.h"
#include "core/err.h"

enum action_kind {
  ACT_CREATE_USER, ACT_CREATE_ROLE, ACT_ALTER_USER, ACT_GRANT, ACT_REVOKE,
  ACT_GRANT_ROLE, ACT_REVOKE_ROLE, ACT_SET_DEFAULT_ROLE, ACT_SET_CONFIG,
  ACT_DROP_USER, ACT_DROP_ROLE, ACT_SKIP,
  ACT__COUNT
};
const char *action_kind_name(enum action_kind k);

enum action_status {
  STATUS_PENDING, STATUS_APPLIED, STATUS_FAILED, STATUS_NOT_RUN,
  STATUS_SKIPPED
};
const char *action_status_name(enum action_status s);

struct action {
  enum action_kind kind;
  int phase;
  int destructive;
  /* object, reason, sql and sql_redacted share one allocation, which
   * object starts; plan_add makes them, action_release frees them */
  char *object;        /* e.g. 'app'@'%' on `db`.* */
  char *reason;        /* why: missing on target / differs: cols */
  char *sql;           /* NULL for ACT_SKIP; may hold a secret */
  char *sql_redacted;  /* NULL when sql holds no secret */
  enum action_status status;
  char *error;         /* the server's message when it failed */
  char *database;      /* where to run it (PostgreSQL); NULL: anywhere */
  size_t seq;          /* order of creation: ties in phase keep it */
};

struct plan {
  struct action *v;
  size_t n;
  size_t alloc;
};

/* Adds an action; strings are copied (sql_redacted may be NULL).
 * Returns 0 or -1 on OOM. */
int plan_add(struct plan *p, enum action_kind kind, int phase,
             int destructive, const char *object, const char *reason,
             const char *sql, const char *sql_redacted);
void plan_release(struct plan *p);
/* Sets the database the last added action runs in. 0 or -1 on OOM. */
int plan_last_set_database(struct plan *p, const char *database);

struct sqlw;
/* Finishes w (core/sqlw.h) into an action run in database (NULL:
 * anywhere), wiping the statement's copy (it may hold a secret). An
 * error naming object when w failed or memory ran out. */
enum rdsclone_code plan_add_sqlw(struct plan *p, struct sqlw *w,
                                 enum action_kind kind, int phase,
                                 int destructive, const char *object,
                                 const char *reason, const char *database,
                                 struct err *e);
/* Adds a skip of object, in phase, saying why. */
enum rdsclone_code plan_add_skip(struct plan *p, int phase,
                                 const char *object, const char *reason,
                                 struct err *e);

enum rdsclone_code plan_build(const struct render_ctx *ctx,
                              const struct diff *d, int prune,
                              struct plan *p, struct err *e);

/* The first change at or after d->v[i] that begins an object of its own
 * (d->n when none does): plan_build of the changes before it and of those
 * from it on make, merged, the plan of all of d. */
size_t plan_group_boundary(const struct engine *en, const struct diff *d,
                           size_t i);

/* Moves the actions of 'later' (a plan_build of changes that come after
 * all of p's in diff order) into p, as if one plan_build had made both:
 * its actions are renumbered after p's and the whole is ordered again.
 * 'later' is left empty. Returns 0, or -1 on OOM (both unchanged). */
int plan_merge(struct plan *p, struct plan *later);


/* Actions neither applied nor skipped: pending, failed or not run. */
size_t plan_count_pending(const struct plan *p);

#endif
