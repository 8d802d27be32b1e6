/* SPDX-License-Identifier: Apache-2.0 */
/*
 * run.c - one run: connect, snapshot both sides at once, diff, plan, and
 * for apply execute on the target under its lock and verify by reading
 * the target again. Engine-agnostic; this is rdsclone_run().
 */
#include "core/err.h"
#include "core/log.h"
#include "core/snapshot.h"
#include "core/plan.h"
#include "core/plan_split.h"
#include "core/engine.h"
#include "core/report.h"
#include "run/engines.h"
#include "run/run.h"
#include "buf.h"
#include "core/coverage.h"
#include "display.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct side {
  const struct rdsclone_options *o;
  const struct engine *en;
  struct dbconn *conn;
  struct snapshot snap;
  struct err err;
  enum rdsclone_code rc;
};

static void *snapshot_thread(void *arg)
{
  struct side *s = arg;
  s->rc = s->en->snapshot(s->conn, s->o, &s->snap, &s->err);
  /* the source's read is over: a target streaming against it waits for
   * nothing more, whatever happened */
  if(s->snap.is_source)
    snapshot_end(&s->snap, s->rc != RDSCLONE_OK);
  return NULL;
}

/* The same, as a thread of its own: the client library wants to know. */
static void *snapshot_thread_main(void *arg)
{
  agent_thread_begin();
  snapshot_thread(arg);
  agent_thread_end();
  return NULL;
}

/* Snapshots both sides concurrently: the source in a thread of its own. */
static enum rdsclone_code snapshot_both(struct side *src, struct side *tgt,
                                        struct err *e)
{
  pthread_t th;
  int threaded;

  agent_library_init();
  /* the target keeps only its rows that differ from the source's
   * (DESIGN.md, memory), reading each table once the source has it */
  tgt->snap.peer = &src->snap;
  threaded = pthread_create(&th, NULL, snapshot_thread_main, src) == 0;

  if(!threaded)
    snapshot_thread(src);
  snapshot_thread(tgt);
  if(threaded)
    pthread_join(th, NULL);
  if(src->rc) {
    *e = src->err;
    return src->rc;
  }
  if(tgt->rc) {
    *e = tgt->err;
    return tgt->rc;
  }
  return RDSCLONE_OK;
}

struct connect_job {
  const struct engine *en;
  const struct rdsclone_endpoint *ep;
  struct dbconn *conn;
  struct err err;
  enum rdsclone_code rc;
};

static void *connect_thread(void *arg)
{
  struct connect_job *j = arg;
  j->rc = j->en->connect(j->ep, "source", 1, &j->conn, &j->err);
  return NULL;
}

/* Connects the source (read-only, in a thread of its own) and the target
 * at the same time: with SCRAM each login costs the client a PBKDF2.
 * The source's error wins when both fail, as when they ran in turn. */
static enum rdsclone_code connect_both(const struct rdsclone_options *o,
                                       const struct engine *en,
                                       struct side *src, struct side *tgt,
                                       struct err *e)
{
  struct connect_job j;
  pthread_t th;
  int threaded;
  enum rdsclone_code rc;

  memset(&j, 0, sizeof(j));
  j.en = en;
  j.ep = &o->source;
  threaded = pthread_create(&th, NULL, connect_thread, &j) == 0;
  if(!threaded) {
    connect_thread(&j);
    if(j.rc) {
      *e = j.err;
      return j.rc;
    }
  }
  rc = en->connect(&o->target, "target", 0, &tgt->conn, e);
  if(threaded)
    pthread_join(th, NULL);
  src->conn = j.conn;
  if(j.rc) {
    *e = j.err;
    return j.rc;
  }
  return rc;
}

static void copy_err(const struct err *e, char *errbuf, size_t errlen)
{
  if(errbuf && errlen)
    snprintf(errbuf, errlen, "%s", e->msg);
}

static enum rdsclone_code check_options(const struct rdsclone_options *o,
                                        const struct engine **en,
                                        int need_source, int need_target,
                                        struct err *e)
{
  if(!o)
    return err_set(e, RDSCLONE_E_USAGE, "no options: give the handle of "
                   "rdsclone_options_new()");
  if(need_source && !o->source.uri)
    return err_set(e, RDSCLONE_E_USAGE, "no source: give --source URI or "
                   "a source group in the configuration");
  if(need_target && !o->target.uri)
    return err_set(e, RDSCLONE_E_USAGE, "no target: give --target URI or "
                   "a target group in the configuration");
  return engines_choose(need_source ? o->source.uri : NULL,
                        need_target ? o->target.uri : NULL, en, e);
}

static void report_server(struct rdsclone_report *r, struct side *s,
                          int is_source)
{
  char **server = is_source ? &r->source_server : &r->target_server;
  char **version = is_source ? &r->source_version : &r->target_version;
  const char *d = s->en->describe(s->conn);
  const char *sp = strchr(d, ' ');
  *server = strdup(sp ? sp + 1 : d);
  *version = strdup(s->snap.server_version ? s->snap.server_version : "");
}

/* Diff and plan of the current snapshots into p. */
static enum rdsclone_code make_plan(const struct rdsclone_options *o,
                                    struct side *src, struct side *tgt,
                                    struct plan *p, struct err *e)
{
  struct render_ctx ctx;
  memset(&ctx, 0, sizeof(ctx));
  ctx.src = &src->snap;
  ctx.tgt = &tgt->snap;
  ctx.quote_handle = tgt->conn ? tgt->en->client_handle(tgt->conn) : NULL;
  ctx.opts = o;
  return plan_snapshots(&ctx, o->prune, p, e);
}

static void log_action(const struct rdsclone_options *o,
                       const struct action *a)
{
  agent_log(o, RDSCLONE_LOG_INFO, "apply: %s %s", action_kind_name(a->kind),
            a->object);
  {
    /* names in the statement may hold newlines: one log line */
    const char *shown = a->sql_redacted ? a->sql_redacted : a->sql;
    struct buf line;
    buf_init(&line, BUF_CAP_SQL);
    display_text(&line, shown, strlen(shown));
    agent_log(o, RDSCLONE_LOG_DEBUG, "apply: %s", buf_str(&line));
    buf_release(&line);
  }
}

/* Runs one pending action's statement alone, or marks it not run after
 * a failure that stops the run. */
static void run_one(const struct rdsclone_options *o, struct side *tgt,
                    struct action *a, size_t *failed, size_t *done,
                    int *stop)
{
  struct err ae;
  if(a->status != STATUS_PENDING)
    return;
  if(*stop) {
    a->status = STATUS_NOT_RUN;
    return;
  }
  log_action(o, a);
  memset(&ae, 0, sizeof(ae));
  if(tgt->en->execute(tgt->conn, a->database, a->sql, &ae)) {
    const char *msg = ae.msg;
    /* a syntax error quotes the statement: never echo a secret */
    if(a->sql_redacted && strstr(msg, "near '"))
      msg = "the server refused the statement (its text is withheld: "
            "it holds a secret)";
    a->status = STATUS_FAILED;
    a->error = strdup(msg);
    (*failed)++;
    {
      /* the server's message may quote a name with a newline */
      struct buf line;
      buf_init(&line, BUF_CAP_SMALL);
      display_text(&line, msg, strlen(msg));
      agent_log(o, RDSCLONE_LOG_ERROR, "%s: %s %s failed: %s",
                tgt->en->describe(tgt->conn), action_kind_name(a->kind),
                a->object, buf_str(&line));
      buf_release(&line);
    }
    if(!o->continue_on_error)
      *stop = 1;
    return;
  }
  a->status = STATUS_APPLIED;
  (*done)++;
}

/* Runs the plan's statements in order on the target, one at a time: a
 * statement cut by a lost connection is the only one whose fate is
 * unknown, and the report names it. */
static enum rdsclone_code execute_plan(const struct rdsclone_options *o,
                                       struct side *tgt, struct plan *p,
                                       struct err *e)
{
  size_t i, failed = 0, done = 0;
  int stop = 0;

  for(i = 0; i < p->n; i++)
    run_one(o, tgt, &p->v[i], &failed, &done, &stop);
  if(failed)
    return err_set(e, RDSCLONE_E_APPLY, "%s: %zu of %zu statements failed "
                   "(%zu applied%s); the report names each",
                   tgt->en->describe(tgt->conn), failed, plan_count_pending(p) +
                   done, done,
                   stop ? ", the rest not run: use --continue-on-error to go "
                          "on past a failure" : "");
  return RDSCLONE_OK;
}

/* Monotonic seconds, for the timing log line. */
static double seconds_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The report of a run whose catalogs were read: both servers, the notes
 * and what neither side could compare; then the plan. */
static enum rdsclone_code new_report(const struct rdsclone_options *o,
                                     enum rdsclone_mode mode,
                                     struct side *src, struct side *tgt,
                                     struct rdsclone_report **out,
                                     struct err *e)
{
  struct rdsclone_report *r = calloc(1, sizeof(*r));
  *out = r;
  if(!r)
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  r->engine = src->en;
  r->mode = mode;
  r->strict = o->strict;
  buf_init(&r->notes, BUF_CAP_SMALL);
  buf_adds(&r->notes, buf_str(&src->snap.notes));
  buf_adds(&r->notes, buf_str(&tgt->snap.notes));
  report_server(r, src, 1);
  report_server(r, tgt, 0);
  if(buf_failed(&r->notes) || !r->source_server || !r->target_server ||
     !r->source_version || !r->target_version ||
     coverage_merge(&r->not_compared, &src->snap.not_compared) ||
     coverage_merge(&r->not_compared, &tgt->snap.not_compared))
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  return make_plan(o, src, tgt, &r->plan, e);
}

/* Applies the plan (when anything is pending), then verifies: reads the
 * target again and plans once more; r->remaining is what still differs.
 * When nothing was pending no statement ran, and the read just made under
 * the lock is the verify: reading again would cost a whole catalog read
 * (a third of a no-op apply at 10 000 roles) and tell nothing more. */
static enum rdsclone_code apply_and_verify(const struct rdsclone_options *o,
                                           struct side *src,
                                           struct side *tgt,
                                           struct rdsclone_report *r,
                                           struct err *e)
{
  const struct engine *en = tgt->en;
  enum rdsclone_code rc = RDSCLONE_OK, applied = RDSCLONE_OK;
  struct err ve;
  double t0 = seconds_now(), t1, t2;

  memset(&ve, 0, sizeof(ve));
  if(plan_count_pending(&r->plan)) {
    rc = en->check_writable(tgt->conn, e);
    if(rc)
      return rc;
    applied = execute_plan(o, tgt, &r->plan, e);
    t1 = seconds_now();
    snapshot_release(&tgt->snap);
    snapshot_init(&tgt->snap, en, 0);
    tgt->snap.peer = &src->snap;   /* read as before: only what differs */
    rc = en->snapshot(tgt->conn, o, &tgt->snap, &ve);
  }
  else {
    t1 = seconds_now();
    agent_log(o, RDSCLONE_LOG_INFO, "verify: no statement ran: the "
              "catalogs read under the lock are the verify");
  }
  t2 = seconds_now();
  if(!rc)
    rc = make_plan(o, src, tgt, &r->remaining, &ve);
  agent_log(o, RDSCLONE_LOG_INFO, "timing: applied in %.3f s, verify read "
            "the target in %.3f s, planned in %.3f s", t1 - t0, t2 - t1,
            seconds_now() - t2);
  if(rc) {
    *e = ve;
    return rc;
  }
  r->verified = 1;
  r->converged = plan_count_pending(&r->remaining) == 0;
  if(applied)
    return applied;
  if(!r->converged)
    return err_set(e, RDSCLONE_E_VERIFY, "%s still differs from the "
                   "source after apply: %zu actions remain (see the "
                   "report)", en->describe(tgt->conn),
                   plan_count_pending(&r->remaining));
  return RDSCLONE_OK;
}

/* --strict: an apply that could not compare everything fails. */
static enum rdsclone_code check_strict(const struct rdsclone_options *o,
                                       const struct rdsclone_report *r,
                                       struct err *e)
{
  if(!o->strict || !r->not_compared.n)
    return RDSCLONE_OK;
  return err_set(e, RDSCLONE_E_COVERAGE, "%zu kind%s of privilege-bearing "
                 "rows were not compared (--strict; the report lists "
                 "them)", r->not_compared.n,
                 r->not_compared.n == 1 ? "" : "s");
}

/* Connects, locks (apply), reads both catalogs and plans; the timing of
 * each goes to the log. */
static enum rdsclone_code read_and_plan(const struct rdsclone_options *o,
                                        enum rdsclone_mode mode,
                                        struct side *src, struct side *tgt,
                                        struct rdsclone_report **r,
                                        struct err *e)
{
  const struct engine *en = src->en;
  double t0 = seconds_now(), t1, t2;
  size_t spooled;
  /* a borrowed target (run_on_target) is connected and locked already */
  int borrowed = tgt->conn != NULL;
  enum rdsclone_code rc = borrowed
    ? en->connect(&o->source, "source", 1, &src->conn, e)
    : connect_both(o, en, src, tgt, e);

  if(!rc && mode == RDSCLONE_APPLY && !borrowed)
    rc = en->lock(tgt->conn, e);
  t1 = seconds_now();
  if(!rc)
    rc = snapshot_both(src, tgt, e);
  t2 = seconds_now();
  if(rc)
    return rc;
  spooled = tgt->snap.spool_peak;
  rc = new_report(o, mode, src, tgt, r, e);
  if(*r)
    agent_log(o, RDSCLONE_LOG_INFO, "plan: %zu actions", (*r)->plan.n);
  agent_log(o, RDSCLONE_LOG_INFO, "timing: connected in %.3f s, read "
            "both catalogs in %.3f s, planned in %.3f s", t1 - t0,
            t2 - t1, seconds_now() - t2);
  if(spooled)
    agent_log(o, RDSCLONE_LOG_INFO, "read: the target was ahead of the "
              "source and set up to %.1f MB of its rows aside meanwhile",
              (double)spooled / (1 << 20));
  return rc;
}

/* A run; target NULL: its own session, connected and locked here. */
static enum rdsclone_code run_sides(const struct rdsclone_options *o,
                                    enum rdsclone_mode mode,
                                    struct dbconn *target,
                                    struct rdsclone_report **out,
                                    char *errbuf, size_t errlen)
{
  struct side src, tgt;
  struct rdsclone_report *r = NULL;
  const struct engine *en = NULL;
  struct err e;
  enum rdsclone_code rc;

  *out = NULL;
  memset(&e, 0, sizeof(e));
  memset(&src, 0, sizeof(src));
  memset(&tgt, 0, sizeof(tgt));
  rc = check_options(o, &en, 1, 1, &e);
  if(rc) {
    copy_err(&e, errbuf, errlen);
    return rc;
  }
  src.o = tgt.o = o;
  src.en = tgt.en = en;
  snapshot_init(&src.snap, en, 1);
  snapshot_init(&tgt.snap, en, 0);
  tgt.conn = target;

  rc = read_and_plan(o, mode, &src, &tgt, &r, &e);
  if(!rc && mode == RDSCLONE_APPLY)
    rc = apply_and_verify(o, &src, &tgt, r, &e);
  if(!rc && mode == RDSCLONE_APPLY)
    rc = check_strict(o, r, &e);
  if(rc)
    copy_err(&e, errbuf, errlen);
  /* a report is returned whenever a plan was made, also on failure */
  if(r && (r->plan.n || !rc || rc == RDSCLONE_E_APPLY ||
           rc == RDSCLONE_E_VERIFY || rc == RDSCLONE_E_COVERAGE))
    *out = r;
  else
    rdsclone_report_free(r);
  if(src.conn)
    en->disconnect(src.conn);
  if(tgt.conn && !target)
    en->disconnect(tgt.conn);
  snapshot_release(&src.snap);
  snapshot_release(&tgt.snap);
  return rc;
}

enum rdsclone_code rdsclone_run(const struct rdsclone_options *o,
                                enum rdsclone_mode mode,
                                struct rdsclone_report **out,
                                char *errbuf, size_t errlen)
{
  return run_sides(o, mode, NULL, out, errbuf, errlen);
}

enum rdsclone_code run_on_target(const struct rdsclone_options *o,
                                 enum rdsclone_mode mode,
                                 struct dbconn *target,
                                 struct rdsclone_report **out,
                                 char *errbuf, size_t errlen)
{
  if(!target) {
    *out = NULL;
    if(errbuf && errlen)
      snprintf(errbuf, errlen, "run_on_target: no target session");
    return RDSCLONE_E_USAGE;
  }
  return run_sides(o, mode, target, out, errbuf, errlen);
}

enum rdsclone_code rdsclone_dump(const struct rdsclone_options *o,
                                 enum rdsclone_side which,
                                 enum rdsclone_format format,
                                 int show_secrets, char **out,
                                 char *errbuf, size_t errlen)
{
  const struct rdsclone_endpoint *ep;
  const struct engine *en;
  struct dbconn *conn = NULL;
  struct snapshot s;
  struct err e;
  enum rdsclone_code rc;

  *out = NULL;
  memset(&e, 0, sizeof(e));
  rc = check_options(o, &en, which == RDSCLONE_SOURCE,
                     which == RDSCLONE_TARGET, &e);
  if(rc) {
    copy_err(&e, errbuf, errlen);
    return rc;
  }
  ep = which == RDSCLONE_SOURCE ? &o->source : &o->target;
  snapshot_init(&s, en, which == RDSCLONE_SOURCE);
  /* dump only reads: both sides get a read-only session */
  rc = en->connect(ep, which == RDSCLONE_SOURCE ? "source" : "target",
                   1, &conn, &e);
  if(!rc)
    rc = en->snapshot(conn, o, &s, &e);
  if(!rc) {
    *out = dump_render(&s, format, show_secrets);
    if(!*out)
      rc = err_set(&e, RDSCLONE_E_NOMEM, "out of memory");
  }
  if(rc)
    copy_err(&e, errbuf, errlen);
  if(conn)
    en->disconnect(conn);
  snapshot_release(&s);
  return rc;
}
