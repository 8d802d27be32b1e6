/*
 * waiter.c - poll DescribeDBInstances until an instance reaches a state.
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

enum rds_shim_code rds_shim_wait(struct rds_shim *h, const char *id,
                                 const struct rds_shim_wait_options *o,
                                 struct rds_shim_instance **last)
{
  struct rds_shim_wait_options d;
  struct rds_shim_instance *inst = NULL;
  double start, delay, timeout;
  char last_status[128] = "unknown";
  enum rds_shim_code rc;
  int polls = 0;

  if(last)
    *last = NULL;
  if(!h)
    return RDS_SHIM_BAD_ARGUMENT;
  if(!id || !*id)
    return shim_fail(h, RDS_SHIM_BAD_ARGUMENT, "wait: no instance id");
  if(!o) {
    memset(&d, 0, sizeof(d));
    o = &d;
  }
  timeout = o->timeout_s > 0 ? (double)o->timeout_s : 3600.0;
  delay = o->poll_ms > 0 ? (double)o->poll_ms / 1000.0 : 5.0;
  start = now_s();

  for(;;) {
    const char *st, *aps;
    double elapsed;
    int done = 0;

    rds_shim_instance_free(inst);
    inst = NULL;
    polls++;
    rc = rds_shim_describe(h, id, &inst);
    elapsed = now_s() - start;
    if(rc == RDS_SHIM_NOT_FOUND && o->target == RDS_SHIM_WAIT_DELETED) {
      if(o->progress)
        o->progress(o->progress_ctx, id, NULL, NULL, elapsed, 1);
      shim_log(h, RDS_SHIM_LOG_INFO, "wait: \"%s\" is gone after %.0f s",
               id, elapsed);
      h->errmsg[0] = 0;
      return RDS_SHIM_OK;
    }
    if(rc) {
      if(last_status[0] && polls > 1) {
        char msg[sizeof(h->errmsg)];
        memcpy(msg, h->errmsg, sizeof(msg));
        shim_fail(h, rc, "wait for \"%s\" to be %s: %s (last status %s)",
                  id, target_name(o->target), msg, last_status);
      }
      goto out;
    }
    st = inst->status ? inst->status : "unknown";
    aps = rds_shim_instance_param_status(inst);
    if(aps)
      snprintf(last_status, sizeof(last_status), "%s, parameters %s", st,
               aps);
    else
      snprintf(last_status, sizeof(last_status), "%s", st);

    if(is_terminal(st)) {
      if(o->progress)
        o->progress(o->progress_ctx, id, st, aps, elapsed, 1);
      rc = shim_fail(h, RDS_SHIM_TERMINAL_STATUS,
                     "wait for \"%s\" to be %s: status is \"%s\", which "
                     "it cannot leave on its own", id,
                     target_name(o->target), st);
      goto out;
    }
    if(o->target != RDS_SHIM_WAIT_AVAILABLE &&
       o->target != RDS_SHIM_WAIT_DELETED && group_failed(inst)) {
      if(o->progress)
        o->progress(o->progress_ctx, id, st, aps, elapsed, 1);
      rc = shim_fail(h, RDS_SHIM_TERMINAL_STATUS,
                     "wait for \"%s\" to be %s: its parameter group is "
                     "failed-to-apply", id, target_name(o->target));
      goto out;
    }
    switch(o->target) {
    case RDS_SHIM_WAIT_AVAILABLE:
      done = !strcmp(st, "available");
      break;
    case RDS_SHIM_WAIT_PENDING_REBOOT:
      done = !strcmp(st, "available") && groups_ok(inst, 1);
      break;
    case RDS_SHIM_WAIT_IN_SYNC:
      done = !strcmp(st, "available") && groups_ok(inst, 0);
      break;
    case RDS_SHIM_WAIT_DELETED:
      done = 0;
      break;
    }
    if(o->progress)
      o->progress(o->progress_ctx, id, st, aps, elapsed, done);
    shim_log(h, RDS_SHIM_LOG_DEBUG, "wait: \"%s\" %s after %.1f s", id,
             last_status, elapsed);
    if(done) {
      rc = RDS_SHIM_OK;
      goto out;
    }
    if(elapsed >= timeout) {
      rc = shim_fail(h, RDS_SHIM_DEADLINE,
                     "wait for \"%s\" to be %s: deadline of %.0f s passed "
                     "after %d polls; last status: %s", id,
                     target_name(o->target), timeout, polls, last_status);
      goto out;
    }
    {
      double left = timeout - elapsed, cap;
      double sl = delay < left ? delay : left;
      retry_sleep_ms((long)(sl * 1000.0));
      cap = o->max_poll_ms > 0 ? (double)o->max_poll_ms / 1000.0 : 30.0;
      delay *= 1.5;
      if(delay > cap)
        delay = cap;
    }
  }
out:
  if(last && inst) {
    *last = inst;
    inst = NULL;
  }
  rds_shim_instance_free(inst);
  return rc;
}
