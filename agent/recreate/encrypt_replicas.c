/* SPDX-License-Identifier: Apache-2.0 */
/*
 * encrypt_replicas.c - the replicas step of "rdsclone encrypt". Each old
 * replica R is re-created as R-encrypted under the encrypted primary by
 * rdsclone_recreate_replica() (its attributes and accounts from R), then
 * tagged rdsclone:encrypt-of. With a handle opener and --jobs N > 1, up
 * to N run at once, each in its own thread with its own RDS handle (a
 * handle is not thread-safe); their calls and outcomes are merged in the
 * replicas' order once all are done. Without an opener: one at a time.
 */
#include "encrypt_replicas.h"
#include "encrypt_names.h"
#include "recreate_shared.h"
#include "run/engines.h"
#include "buf.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct job {
  struct enc_ctx *c;
  struct enc_pair *rp;
  struct rds_shim *shim;       /* own handle, or the run's */
  int own;                     /* shim opened for this job */
  struct recreate_result res;
  enum recreate_code rrc;
  char err[1024];
};

static void sub_log(void *ud, enum rdsclone_log_level l, const char *msg)
{
  struct job *j = ud;
  enc_log(j->c, l, "  %s: %s", j->rp->new_name, msg);
}

static enum rdsclone_encrypt_code from_recreate(enum recreate_code rc)
{
  switch(rc) {
  case RECREATE_OK: return ENCRYPT_OK;
  case RECREATE_E_USAGE: return ENCRYPT_E_USAGE;
  case RECREATE_E_STATE: return ENCRYPT_E_STATE;
  case RECREATE_E_WAIT: return ENCRYPT_E_WAIT;
  case RECREATE_E_RECONCILE: return ENCRYPT_E_RECONCILE;
  case RECREATE_E_NOMEM: return ENCRYPT_E_NOMEM;
  default: return ENCRYPT_E_AWS;
  }
}

static void *job_run(void *arg)
{
  struct job *j = arg;
  const struct rdsclone_encrypt_options *o = j->c->o;
  const struct enc_pair *pr = &j->c->st.primary;
  struct recreate_options ro;
  struct rds_shim_tag_in tag;

  memset(&ro, 0, sizeof(ro));
  ro.primary = pr->neu ? pr->neu->id : pr->new_name;
  ro.from = j->rp->old->id;
  ro.name = j->rp->new_name;
  ro.shim = j->shim;
  ro.dry_run = o->dry_run;
  ro.endpoints = o->endpoints;
  ro.nendpoints = o->nendpoints;
  ro.recon = o->recon;
  ro.wait_timeout_s = o->wait_timeout_s;
  ro.poll_ms = o->poll_ms;
  ro.max_poll_ms = o->max_poll_ms;
  ro.log = sub_log;
  ro.log_ud = j;
  ro.verbosity = o->verbosity;
  tag.key = ENC_TAG_OF;
  tag.value = pr->name;
  j->rrc = recreate_replica_tagged(&ro, &tag, 1, &j->res, j->err,
                                   sizeof(j->err));
  return NULL;
}

/* job_run as a thread of its own: the client libraries want to know. */
static void *job_thread(void *arg)
{
  agent_thread_begin();
  job_run(arg);
  agent_thread_end();
  return NULL;
}

/* Runs jobs [0, n) at once (those that got a handle and a thread),
 * the rest in this thread. */
static void run_batch(struct enc_ctx *c, struct job *jobs, size_t n)
{
  pthread_t th[16];
  int started[16];
  size_t i;

  if(n > 1)
    agent_library_init();       /* once, before any thread */
  for(i = 0; i < n; i++) {
    started[i] = 0;
    jobs[i].shim = n > 1 ? c->o->shim_open(c->o->shim_open_ud) : NULL;
    jobs[i].own = jobs[i].shim != NULL;
    if(!jobs[i].shim)
      jobs[i].shim = c->o->shim;
    else
      started[i] = !pthread_create(&th[i], NULL, job_thread, &jobs[i]);
  }
  for(i = 0; i < n; i++)
    if(!started[i])
      job_run(&jobs[i]);
  for(i = 0; i < n; i++) {
    if(started[i])
      pthread_join(th[i], NULL);
    if(jobs[i].own)
      rds_shim_free(jobs[i].shim);
  }
}

/* rdsclone:encrypt-of on the new replica, unless it carries it (it does
 * when RDS kept the create call's tags; this covers a replica re-created
 * by hand under the expected name and adopted with the tag later). */
static enum rdsclone_encrypt_code tag_replica(struct enc_ctx *c,
                                              struct enc_pair *rp)
{
  struct rds_shim_tag_in t;
  enum rds_shim_code sc;

  rds_shim_instance_free(rp->neu);
  rp->neu = NULL;
  sc = rds_shim_describe(c->o->shim, rp->new_name, &rp->neu);
  if(!sc && !enc_tagged(rp->neu, c->st.primary.name)) {
    t.key = ENC_TAG_OF;
    t.value = c->st.primary.name;
    sc = rds_shim_add_tags(c->o->shim, rp->neu->arn, &t, 1);
  }
  if(sc == RDS_SHIM_OUT_OF_MEMORY)
    return ENCRYPT_E_NOMEM;
  return sc ? enc_fail(c, ENCRYPT_E_AWS, "tagging %s: %s", rp->new_name,
                       enc_shim_err(c, sc)) : ENCRYPT_OK;
}

/* A finished job into the run: its calls (already logged), its outcome
 * in what, its error (the first one wins), the tag. */
static enum rdsclone_encrypt_code merge(struct enc_ctx *c, struct job *j,
                                        enum rdsclone_encrypt_code first,
                                        struct buf *what)
{
  enum rdsclone_encrypt_code rc = ENCRYPT_OK;
  size_t i;

  c->calls_logged = 0;
  for(i = 0; i < j->res.ncalls && !rc; i++)
    rc = enc_add_call(c, strdup(j->res.calls[i]));
  c->calls_logged = 1;
  buf_addf(what, "%s -> %s (create %s%s); ", j->rp->old->id,
           j->rp->new_name,
           rdsclone_recreate_status_name(j->res.steps[RECREATE_CREATE].status),
           j->rrc ? ", failed" : "");
  if(!rc && j->rrc && !first) {
    rc = from_recreate(j->rrc);
    enc_fail(c, rc, "%s: %s", j->rp->new_name, j->err);
    if(j->rrc == RECREATE_E_RECONCILE)
      c->res->recon_rc = j->res.recon_rc;
  }
  if(!rc && !j->rrc && !c->o->dry_run)
    rc = tag_replica(c, j->rp);
  return rc;
}

/* Where a job's reconciliation writes, for telling apart: PostgreSQL
 * replicas' roles all go to the new primary; a MySQL replica's to it,
 * by the endpoints map or its own name. Borrowed. */
static const char *target_key(const struct enc_ctx *c, const struct job *j)
{
  size_t i;
  if(recreate_engine_is_pg(c->st.primary.old->engine))
    return "the new primary";
  for(i = 0; i < c->o->nendpoints; i++)
    if(!strcmp(c->o->endpoints[i].id, j->rp->new_name))
      return c->o->endpoints[i].uri;
  return j->rp->new_name;
}

/* How many at once: --jobs with an opener, 1 when two reconciliations
 * would write to the same server (they would wait on its lock). */
static size_t parallel(const struct enc_ctx *c, const struct job *jobs,
                       size_t n)
{
  size_t i, k;
  if(!c->o->shim_open || c->o->jobs < 2)
    return 1;
  for(i = 0; i < n; i++)
    for(k = i + 1; k < n; k++)
      if(!strcmp(target_key(c, &jobs[i]), target_key(c, &jobs[k]))) {
        enc_log((struct enc_ctx *)c, RDSCLONE_LOG_INFO, "%s and %s are "
                "reconciled on the same server: one at a time",
                jobs[i].rp->new_name, jobs[k].rp->new_name);
        return 1;
      }
  return (size_t)c->o->jobs;
}

/* Every replica not yet swapped in, at most --jobs at once. */
static enum rdsclone_encrypt_code run_jobs(struct enc_ctx *c,
                                           struct job *jobs, size_t n,
                                           struct buf *what)
{
  size_t at, i, k = parallel(c, jobs, n);
  enum rdsclone_encrypt_code rc = ENCRYPT_OK, r;

  c->par = k;
  for(at = 0; at < n && !rc; at += k) {
    size_t m = n - at < k ? n - at : k;
    run_batch(c, jobs + at, m);
    for(i = at; i < at + m; i++) {
      r = merge(c, &jobs[i], rc, what);
      rc = rc ? rc : r;
    }
  }
  for(i = 0; i < n; i++)
    rdsclone_recreate_result_release(&jobs[i].res);
  return rc;
}

/* A dry run before the restore exists: the creates with their
 * parameters, as recreate-replica will make them once it does. */
static enum rdsclone_encrypt_code plan_only(struct enc_ctx *c,
                                            struct buf *what)
{
  enum rdsclone_encrypt_code rc = ENCRYPT_OK;
  struct rds_shim_tag_in tag;
  size_t i;

  tag.key = ENC_TAG_OF;
  tag.value = c->st.primary.name;
  for(i = 0; i < c->st.nreps && !rc; i++) {
    const struct enc_pair *rp = &c->st.reps[i];
    buf_addf(what, "%s -> %s (planned); ", rp->old->id, rp->new_name);
    rc = enc_add_call(c, recreate_planned_create(rp->old,
                                                 c->st.primary.new_name,
                                                 rp->new_name, &tag, 1));
  }
  return rc;
}

static enum rdsclone_encrypt_code replicas_end(struct enc_ctx *c,
                                               enum rdsclone_encrypt_code rc,
                                               size_t n, struct buf *what)
{
  if(rc == ENCRYPT_E_NOMEM)
    return rc;
  if(rc) {
    enc_step_end(c, ENCRYPT_REPLICAS, RECREATE_FAILED, "%s%s",
                 buf_str(what), c->errbuf ? c->errbuf : "");
    return rc;
  }
  return enc_step_end(c, ENCRYPT_REPLICAS, !n ? RECREATE_SKIPPED :
                      c->o->dry_run ? RECREATE_PLANNED : RECREATE_DONE,
                      "%s%s", n ? buf_str(what) : "no replica; ",
                      c->par > 1 ? "up to --jobs at once" : "one at a "
                      "time");
}

enum rdsclone_encrypt_code enc_replicas(struct enc_ctx *c)
{
  struct job *jobs;
  struct buf what;
  size_t i, n = 0;
  enum rdsclone_encrypt_code rc;

  enc_step_begin(c);
  if(enc_swap_begun(&c->st))
    return enc_step_end(c, ENCRYPT_REPLICAS, RECREATE_SKIPPED, "the swap "
                        "has begun: the replicas were re-created before it");
  buf_init(&what, BUF_CAP_SMALL);
  jobs = calloc(c->st.nreps + 1, sizeof(*jobs));
  if(!jobs)
    return ENCRYPT_E_NOMEM;
  for(i = 0; i < c->st.nreps; i++)
    if(!c->st.reps[i].swapped) {
      jobs[n].c = c;
      jobs[n++].rp = &c->st.reps[i];
    }
  if(c->o->dry_run && !c->st.primary.neu)
    rc = plan_only(c, &what);
  else
    rc = run_jobs(c, jobs, n, &what);
  free(jobs);
  rc = replicas_end(c, rc, n, &what);
  buf_release(&what);
  return rc;
}
