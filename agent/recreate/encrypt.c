/* SPDX-License-Identifier: Apache-2.0 */
/*
 * encrypt.c - "rdsclone encrypt": the public handles and their
 * accessors, the order of the steps, the JSON result; see
 * rdsclone_encrypt.h. The steps are in encrypt_names.c (describe),
 * encrypt_steps.c (snapshot, copy, restore, modify), encrypt_replicas.c,
 * encrypt_reconcile.c, encrypt_compare.c and encrypt_swap.c (with the
 * checks after it in encrypt_verify.c).
 */
#include "encrypt_compare.h"
#include "encrypt_ctx.h"
#include "encrypt_names.h"
#include "encrypt_reconcile.h"
#include "encrypt_replicas.h"
#include "encrypt_steps.h"
#include "encrypt_swap.h"
#include "steprec.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- options ------------------------------------------------------------ */

struct rdsclone_encrypt_options *rdsclone_encrypt_options_new(void)
{
  struct rdsclone_encrypt_options *o = calloc(1, sizeof(*o));
  if(o) {
    o->swap = 1;
    o->jobs = 2;
    o->verbosity = RDSCLONE_LOG_INFO;
  }
  return o;
}

void rdsclone_encrypt_options_free(struct rdsclone_encrypt_options *o)
{
  free(o);
}

void rdsclone_encrypt_options_set_instance(struct rdsclone_encrypt_options *o,
                                           const char *id)
{
  o->instance = id;
}

void rdsclone_encrypt_options_set_kms_key(struct rdsclone_encrypt_options *o,
                                          const char *key)
{
  o->kms_key = key;
}

void rdsclone_encrypt_options_set_shim(struct rdsclone_encrypt_options *o,
                                       struct rds_shim *shim)
{
  o->shim = shim;
}

void rdsclone_encrypt_options_set_dry_run(struct rdsclone_encrypt_options *o,
                                          int on)
{
  o->dry_run = on != 0;
}

void rdsclone_encrypt_options_set_swap(struct rdsclone_encrypt_options *o,
                                       int on)
{
  o->swap = on != 0;
}

void rdsclone_encrypt_options_set_jobs(struct rdsclone_encrypt_options *o,
                                       int jobs)
{
  o->jobs = jobs < 1 ? 1 : jobs > 16 ? 16 : jobs;
}

void rdsclone_encrypt_options_set_shim_opener(
  struct rdsclone_encrypt_options *o, struct rds_shim *(*open)(void *ud),
  void *ud)
{
  o->shim_open = open;
  o->shim_open_ud = ud;
}

void rdsclone_encrypt_options_set_endpoints(
  struct rdsclone_encrypt_options *o, const struct recreate_endpoint *map,
  size_t n)
{
  o->endpoints = map;
  o->nendpoints = n;
}

void rdsclone_encrypt_options_set_recon(struct rdsclone_encrypt_options *o,
                                        const struct rdsclone_options *recon)
{
  o->recon = recon;
}

void rdsclone_encrypt_options_set_waits(struct rdsclone_encrypt_options *o,
                                        long timeout_s, long poll_ms,
                                        long max_poll_ms)
{
  o->wait_timeout_s = timeout_s;
  o->poll_ms = poll_ms;
  o->max_poll_ms = max_poll_ms;
}

void rdsclone_encrypt_options_set_log(
  struct rdsclone_encrypt_options *o,
  void (*log)(void *ud, enum rdsclone_log_level level, const char *msg),
  void *ud, int verbosity)
{
  o->log = log;
  o->log_ud = ud;
  o->verbosity = verbosity;
}

void rdsclone_encrypt_options_set_step_done(
  struct rdsclone_encrypt_options *o,
  void (*fn)(void *ud, enum rdsclone_encrypt_step step,
             enum recreate_status status), void *ud)
{
  o->step_done = fn;
  o->step_ud = ud;
}

void rdsclone_encrypt_options_set_confirm(
  struct rdsclone_encrypt_options *o,
  int (*fn)(void *ud, const char *question), void *ud)
{
  o->confirm = fn;
  o->confirm_ud = ud;
}

/* ---- the procedure ------------------------------------------------------ */

/* Every pair renamed already: a re-run after success changes nothing. */
static int all_swapped(const struct enc_state *st)
{
  size_t i;
  for(i = 0; i < st->nreps; i++)
    if(!st->reps[i].swapped)
      return 0;
  return st->primary.swapped;
}

static enum rdsclone_encrypt_code confirm(struct enc_ctx *c)
{
  char q[1024];
  const struct enc_pair *p = &c->st.primary;

  enc_step_begin(c);
  if(all_swapped(&c->st))
    return enc_step_end(c, ENCRYPT_CONFIRM, RECREATE_SKIPPED, "nothing "
                        "left to change: %s and its replicas are swapped",
                        p->name);
  if(c->o->dry_run)
    return enc_step_end(c, ENCRYPT_CONFIRM, RECREATE_SKIPPED, "dry run: "
                        "nothing to confirm");
  if(!c->o->confirm)
    return enc_step_end(c, ENCRYPT_CONFIRM, RECREATE_SKIPPED, "confirmed "
                        "beforehand (--yes)");
  snprintf(q, sizeof(q), "Encrypt %s with %s: writes made to %s after its "
           "snapshot are lost unless the application is stopped now; "
           "%s and its replicas will be renamed *-unencrypted%s. Go on?",
           p->name, c->o->kms_key, p->name, p->name,
           c->o->swap ? "" : " (not with --no-swap)");
  if(!c->o->confirm(c->o->confirm_ud, q)) {
    enc_step_end(c, ENCRYPT_CONFIRM, RECREATE_FAILED, "declined");
    return enc_fail(c, ENCRYPT_E_DECLINED, "confirm: declined; nothing "
                    "was changed");
  }
  return enc_step_end(c, ENCRYPT_CONFIRM, RECREATE_DONE, "confirmed");
}

static enum rdsclone_encrypt_code run_steps(struct enc_ctx *c)
{
  static enum rdsclone_encrypt_code (*const steps[])(struct enc_ctx *) = {
    enc_describe, confirm, enc_snapshot, enc_copy, enc_restore, enc_modify,
    enc_replicas, enc_reconcile, enc_compare, enc_swap
  };
  enum rdsclone_encrypt_code rc = ENCRYPT_OK;
  size_t i;

  for(i = 0; i < sizeof(steps) / sizeof(steps[0]) && !rc; i++)
    rc = steps[i](c);
  if(!rc && !c->o->dry_run)
    rc = enc_cleanup(c);
  return rc;
}

static enum rdsclone_encrypt_code check_options(struct enc_ctx *c)
{
  const struct rdsclone_encrypt_options *o = c->o;
  if(!o->shim || !o->instance || !*o->instance || !o->kms_key ||
     !*o->kms_key)
    return enc_fail(c, ENCRYPT_E_USAGE, "the instance and the KMS key are "
                    "both needed");
  return enc_names_primary(c);
}

enum rdsclone_encrypt_code
rdsclone_encrypt_run(const struct rdsclone_encrypt_options *o,
                     struct rdsclone_encrypt_result **res,
                     char *errbuf, size_t errlen)
{
  struct enc_ctx c;
  enum rdsclone_encrypt_code rc;
  double start = enc_now();

  memset(&c, 0, sizeof(c));
  c.o = o;
  c.errbuf = errbuf;
  c.errlen = errlen;
  c.calls_logged = 1;
  if(errbuf && errlen)
    errbuf[0] = '\0';
  *res = c.res = calloc(1, sizeof(*c.res));
  if(!c.res)
    return ENCRYPT_E_NOMEM;
  rc = o ? check_options(&c) : ENCRYPT_E_USAGE;
  if(!rc)
    rc = run_steps(&c);
  c.res->seconds = enc_now() - start;
  if(rc == ENCRYPT_E_NOMEM && errbuf && errlen && !errbuf[0])
    snprintf(errbuf, errlen, "out of memory");
  enc_state_release(&c.st);
  return rc;
}

/* ---- the result --------------------------------------------------------- */

void rdsclone_encrypt_result_free(struct rdsclone_encrypt_result *r)
{
  size_t i;
  if(!r)
    return;
  for(i = 0; i < ENCRYPT_NSTEPS; i++)
    free(r->steps[i].detail);
  steprec_free_list(r->calls, r->ncalls);
  steprec_free_list(r->cleanup, r->ncleanup);
  free(r->source_uri);
  free(r->target_uri);
  for(i = 0; i < r->nfinals; i++) {
    free(r->finals[i].source);
    free(r->finals[i].target);
  }
  free(r->finals);
  rdsclone_report_free(r->report);
  free(r);
}

enum recreate_status
rdsclone_encrypt_result_step_status(const struct rdsclone_encrypt_result *r,
                                    enum rdsclone_encrypt_step s)
{
  return r && (unsigned)s < ENCRYPT_NSTEPS ? r->steps[s].status
                                           : RECREATE_NOT_RUN;
}

double
rdsclone_encrypt_result_step_seconds(const struct rdsclone_encrypt_result *r,
                                     enum rdsclone_encrypt_step s)
{
  return r && (unsigned)s < ENCRYPT_NSTEPS ? r->steps[s].seconds : 0;
}

const char *
rdsclone_encrypt_result_step_detail(const struct rdsclone_encrypt_result *r,
                                    enum rdsclone_encrypt_step s)
{
  return r && (unsigned)s < ENCRYPT_NSTEPS ? r->steps[s].detail : NULL;
}

size_t rdsclone_encrypt_result_ncalls(const struct rdsclone_encrypt_result *r)
{
  return r ? r->ncalls : 0;
}

const char *
rdsclone_encrypt_result_call(const struct rdsclone_encrypt_result *r,
                             size_t i)
{
  return r && i < r->ncalls ? r->calls[i] : NULL;
}

size_t
rdsclone_encrypt_result_ncleanup(const struct rdsclone_encrypt_result *r)
{
  return r ? r->ncleanup : 0;
}

const char *
rdsclone_encrypt_result_cleanup(const struct rdsclone_encrypt_result *r,
                                size_t i)
{
  return r && i < r->ncleanup ? r->cleanup[i] : NULL;
}

double
rdsclone_encrypt_result_seconds(const struct rdsclone_encrypt_result *r)
{
  return r ? r->seconds : 0;
}

size_t
rdsclone_encrypt_result_nfinal(const struct rdsclone_encrypt_result *r)
{
  return r ? r->nfinals : 0;
}

int rdsclone_encrypt_result_final(const struct rdsclone_encrypt_result *r,
                                  size_t i, const char **source,
                                  const char **target, size_t *pending)
{
  if(!r || i >= r->nfinals)
    return -1;
  *source = r->finals[i].source;
  *target = r->finals[i].target;
  *pending = r->finals[i].pending;
  return 0;
}

enum rdsclone_code
rdsclone_encrypt_result_recon_rc(const struct rdsclone_encrypt_result *r)
{
  return r ? r->recon_rc : RDSCLONE_OK;
}

const struct rdsclone_report *
rdsclone_encrypt_result_report(const struct rdsclone_encrypt_result *r)
{
  return r ? r->report : NULL;
}
