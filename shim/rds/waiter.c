/* SPDX-License-Identifier: Apache-2.0 */
/*
 * waiter.c - poll DescribeDBInstances until an instance reaches a state,
 * or DescribeDBSnapshots until a snapshot does.
 *
 * Every wait has a deadline and a growing, capped poll interval (x1.5 per
 * poll). A status the instance cannot leave on its own (failed,
 * incompatible-*, storage-full, ...) ends the wait at once; so does a
 * parameter group that failed to apply. On the deadline the message names
 * the last status seen. Progress goes to the caller's callback; this file
 * prints nothing.
 */
#include "rds_shim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/handle.h"
#include "http/retry.h"

static const char *const terminal[] = {
  "failed", "incompatible-parameters", "incompatible-restore",
  "incompatible-network", "incompatible-option-group",
  "incompatible-credentials", "storage-full",
  "inaccessible-encryption-credentials",
  "inaccessible-encryption-credentials-recoverable", "restore-error",
  NULL
};

int rds_shim_wait_target_parse(const char *s)
{
  if(!s)
    return -1;
  if(!strcmp(s, "available"))
    return RDS_SHIM_WAIT_AVAILABLE;
  if(!strcmp(s, "pending-reboot"))
    return RDS_SHIM_WAIT_PENDING_REBOOT;
  if(!strcmp(s, "in-sync"))
    return RDS_SHIM_WAIT_IN_SYNC;
  if(!strcmp(s, "deleted"))
    return RDS_SHIM_WAIT_DELETED;
  return -1;
}

static const char *target_name(enum rds_shim_wait_target t)
{
  switch(t) {
  case RDS_SHIM_WAIT_AVAILABLE: return "available";
  case RDS_SHIM_WAIT_PENDING_REBOOT: return "pending-reboot";
  case RDS_SHIM_WAIT_IN_SYNC: return "in-sync";
  case RDS_SHIM_WAIT_DELETED: return "deleted";
  }
  return "?";
}

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int is_terminal(const char *status)
{
  size_t i;
  if(!status)
    return 0;
  for(i = 0; terminal[i]; i++)
    if(!strcmp(status, terminal[i]))
      return 1;
  return 0;
}

/* Every parameter group in one of the accepted apply states? */
static int groups_ok(const struct rds_shim_instance *i, int allow_pending)
{
  size_t k;
  for(k = 0; k < i->n_parameter_groups; k++) {
    const char *s = i->parameter_groups[k].status;
    if(!s)
      continue;
    if(!strcmp(s, "in-sync"))
      continue;
    if(allow_pending && !strcmp(s, "pending-reboot"))
      continue;
    return 0;
  }
  return 1;
}

static int group_failed(const struct rds_shim_instance *i)
{
  size_t k;
  for(k = 0; k < i->n_parameter_groups; k++)
    if(i->parameter_groups[k].status &&
       !strcmp(i->parameter_groups[k].status, "failed-to-apply"))
      return 1;
  return 0;
}

/* One wait in progress: describe fetches the instance or snapshot, judge
 * decides on it. */
struct wait {
  struct rds_shim *h;
  const char *id;
  const char *what;               /* "" or "snapshot " in messages */
  const struct rds_shim_wait_options *o;
  double start, delay, timeout;   /* seconds */
  char last_status[128];
  int polls;
  struct rds_shim_instance *inst;
  struct rds_shim_snapshot *snap;
  enum rds_shim_code (*describe)(struct wait *w);
  enum rds_shim_code (*judge)(struct wait *w, double elapsed, int *done);
};

static void report(const struct wait *w, const char *st, const char *aps,
                   double elapsed, int done)
{
  if(w->o->progress)
    w->o->progress(w->o->progress_ctx, w->id, st, aps, elapsed, done);
}

/* Whether an instance with status st is what the wait is for. */
static int reached(const struct rds_shim_instance *inst, const char *st,
                   enum rds_shim_wait_target t)
{
  if(strcmp(st, "available"))
    return 0;
  switch(t) {
  case RDS_SHIM_WAIT_AVAILABLE:
    return 1;
  case RDS_SHIM_WAIT_PENDING_REBOOT:
    return groups_ok(inst, 1);
  case RDS_SHIM_WAIT_IN_SYNC:
    return groups_ok(inst, 0);
  case RDS_SHIM_WAIT_DELETED:
    return 0;
  }
  return 0;
}

/* Ends the wait on a status it cannot leave (why says which). */
static enum rds_shim_code stuck(struct wait *w, const char *st,
                                const char *aps, double elapsed,
                                const char *why)
{
  report(w, st, aps, elapsed, 1);
  return shim_fail(w->h, RDS_SHIM_TERMINAL_STATUS,
                   "wait for %s\"%s\" to be %s: %s", w->what, w->id,
                   target_name(w->o->target), why);
}

/* The end of judging a status that is not terminal. */
static void judged(struct wait *w, const char *st, const char *aps,
                   double elapsed, int done)
{
  report(w, st, aps, elapsed, done);
  shim_log(w->h, RDS_SHIM_LOG_DEBUG, "wait: %s\"%s\" %s after %.1f s",
           w->what, w->id, w->last_status, elapsed);
}

/* Judges one instance description: RDS_SHIM_TERMINAL_STATUS when the
 * instance cannot get there on its own, else OK with *done. */
static enum rds_shim_code judge_instance(struct wait *w, double elapsed,
                                         int *done)
{
  const struct rds_shim_instance *inst = w->inst;
  const char *st = inst->status ? inst->status : "unknown";
  const char *aps = rds_shim_instance_param_status(inst);
  enum rds_shim_wait_target t = w->o->target;
  char why[192];

  if(aps)
    snprintf(w->last_status, sizeof(w->last_status), "%s, parameters %s",
             st, aps);
  else
    snprintf(w->last_status, sizeof(w->last_status), "%s", st);
  if(is_terminal(st)) {
    snprintf(why, sizeof(why), "status is \"%s\", which it cannot leave "
             "on its own", st);
    return stuck(w, st, aps, elapsed, why);
  }
  if(t != RDS_SHIM_WAIT_AVAILABLE && t != RDS_SHIM_WAIT_DELETED &&
     group_failed(inst))
    return stuck(w, st, aps, elapsed,
                 "its parameter group is failed-to-apply");
  *done = reached(inst, st, t);
  judged(w, st, aps, elapsed, *done);
  return RDS_SHIM_OK;
}

/* Snapshots: failed and incompatible-* are terminal. */
static enum rds_shim_code judge_snapshot(struct wait *w, double elapsed,
                                         int *done)
{
  const char *st = w->snap->status ? w->snap->status : "unknown";
  char why[192];
  snprintf(w->last_status, sizeof(w->last_status), "%s", st);
  if(!strcmp(st, "failed") || !strncmp(st, "incompatible-", 13)) {
    snprintf(why, sizeof(why), "status is \"%s\", which it cannot leave "
             "on its own", st);
    return stuck(w, st, NULL, elapsed, why);
  }
  *done = w->o->target == RDS_SHIM_WAIT_AVAILABLE &&
          !strcmp(st, "available");
  judged(w, st, NULL, elapsed, *done);
  return RDS_SHIM_OK;
}

static enum rds_shim_code describe_instance(struct wait *w)
{
  rds_shim_instance_free(w->inst);
  return rds_shim_describe(w->h, w->id, &w->inst);
}

static enum rds_shim_code describe_snapshot(struct wait *w)
{
  rds_shim_snapshot_free(w->snap);
  return rds_shim_describe_snapshot(w->h, w->id, &w->snap);
}

/* A describe that failed: an object gone is what a wait for "deleted"
 * wants; anything else ends the wait, naming the last status seen. */
static enum rds_shim_code describe_failed(struct wait *w,
                                          enum rds_shim_code rc,
                                          double elapsed)
{
  if(rc == RDS_SHIM_NOT_FOUND && w->o->target == RDS_SHIM_WAIT_DELETED) {
    report(w, NULL, NULL, elapsed, 1);
    shim_log(w->h, RDS_SHIM_LOG_INFO, "wait: %s\"%s\" is gone after %.0f s",
             w->what, w->id, elapsed);
    w->h->errmsg[0] = 0;
    return RDS_SHIM_OK;
  }
  if(w->last_status[0] && w->polls > 1) {
    char msg[sizeof(w->h->errmsg)];
    memcpy(msg, w->h->errmsg, sizeof(msg));
    shim_fail(w->h, rc, "wait for %s\"%s\" to be %s: %s (last status %s)",
              w->what, w->id, target_name(w->o->target), msg,
              w->last_status);
  }
  return rc;
}

/* Sleeps until the next poll, never past the deadline; the interval grows
 * x1.5 per poll up to the cap. */
static void pause_poll(struct wait *w, double elapsed)
{
  double left = w->timeout - elapsed, cap;
  double sl = w->delay < left ? w->delay : left;
  retry_sleep_ms((long)(sl * 1000.0));
  cap = w->o->max_poll_ms > 0 ? (double)w->o->max_poll_ms / 1000.0 : 30.0;
  w->delay *= 1.5;
  if(w->delay > cap)
    w->delay = cap;
}

/* Polls until done, a terminal status, a failed describe or the
 * deadline. */
static enum rds_shim_code poll_loop(struct wait *w)
{
  for(;;) {
    double elapsed;
    int done = 0;
    enum rds_shim_code rc;
    w->polls++;
    rc = w->describe(w);
    elapsed = now_s() - w->start;
    if(rc)
      return describe_failed(w, rc, elapsed);
    rc = w->judge(w, elapsed, &done);
    if(rc || done)
      return rc;
    if(elapsed >= w->timeout)
      return shim_fail(w->h, RDS_SHIM_DEADLINE,
                       "wait for %s\"%s\" to be %s: deadline of %.0f s "
                       "passed after %d polls; last status: %s", w->what,
                       w->id, target_name(w->o->target), w->timeout,
                       w->polls, w->last_status);
    pause_poll(w, elapsed);
  }
}

/* Sets w up for a wait on id with o (NULL: the defaults, kept in d). */
static void wait_setup(struct wait *w, struct rds_shim *h, const char *id,
                       const struct rds_shim_wait_options *o,
                       struct rds_shim_wait_options *d)
{
  if(!o) {
    memset(d, 0, sizeof(*d));
    o = d;
  }
  memset(w, 0, sizeof(*w));
  w->h = h;
  w->id = id;
  w->what = "";
  w->o = o;
  w->timeout = o->timeout_s > 0 ? (double)o->timeout_s : 3600.0;
  w->delay = o->poll_ms > 0 ? (double)o->poll_ms / 1000.0 : 5.0;
  snprintf(w->last_status, sizeof(w->last_status), "unknown");
  w->start = now_s();
}

/* Checks the arguments and sets w up; RDS_SHIM_OK to go on. what names
 * the object in messages ("instance", "snapshot"). */
static enum rds_shim_code start(struct wait *w, struct rds_shim *h,
                                const char *id, const char *what,
                                const struct rds_shim_wait_options *o,
                                struct rds_shim_wait_options *d)
{
  if(!h)
    return RDS_SHIM_BAD_ARGUMENT;
  if(!id || !*id)
    return shim_fail(h, RDS_SHIM_BAD_ARGUMENT, "wait: no %s id", what);
  wait_setup(w, h, id, o, d);
  return RDS_SHIM_OK;
}

enum rds_shim_code rds_shim_wait(struct rds_shim *h, const char *id,
                                 const struct rds_shim_wait_options *o,
                                 struct rds_shim_instance **last)
{
  struct rds_shim_wait_options d;
  struct wait w;
  enum rds_shim_code rc;

  if(last)
    *last = NULL;
  rc = start(&w, h, id, "instance", o, &d);
  if(rc)
    return rc;
  w.describe = describe_instance;
  w.judge = judge_instance;
  rc = poll_loop(&w);
  if(last) {
    *last = w.inst;      /* NULL after deleted */
    w.inst = NULL;
  }
  rds_shim_instance_free(w.inst);
  return rc;
}

enum rds_shim_code rds_shim_wait_snapshot(struct rds_shim *h,
                                          const char *snapshot_id,
                                          const struct rds_shim_wait_options *o,
                                          struct rds_shim_snapshot **last)
{
  struct rds_shim_wait_options d;
  struct wait w;
  enum rds_shim_code rc;

  if(last)
    *last = NULL;
  if(h && o && o->target != RDS_SHIM_WAIT_AVAILABLE &&
     o->target != RDS_SHIM_WAIT_DELETED)
    return shim_fail(h, RDS_SHIM_BAD_ARGUMENT, "wait: a snapshot can only "
                     "be waited for until available or deleted");
  rc = start(&w, h, snapshot_id, "snapshot", o, &d);
  if(rc)
    return rc;
  w.what = "snapshot ";
  w.describe = describe_snapshot;
  w.judge = judge_snapshot;
  rc = poll_loop(&w);
  if(last) {
    *last = w.snap;
    w.snap = NULL;
  }
  rds_shim_snapshot_free(w.snap);
  return rc;
}
