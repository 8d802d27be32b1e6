/* SPDX-License-Identifier: Apache-2.0 */
/*
 * encrypt_ctx.c - the step bookkeeping of "rdsclone encrypt": log lines,
 * each step's status, time and detail, the calls made (or planned), the
 * cleanup commands and the one-line error, and the steps' names; see
 * encrypt_ctx.h.
 */
#include "encrypt_ctx.h"
#include "buf.h"
#include "steprec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const step_names[ENCRYPT_NSTEPS] = {
  "describe", "confirm", "snapshot", "copy", "restore", "modify",
  "replicas", "reconcile", "compare", "swap"
};

const char *rdsclone_encrypt_step_name(enum rdsclone_encrypt_step s)
{
  return (unsigned)s < ENCRYPT_NSTEPS ? step_names[s] : NULL;
}

int rdsclone_encrypt_step_parse(const char *name)
{
  int i;
  for(i = 0; name && i < ENCRYPT_NSTEPS; i++)
    if(!strcmp(step_names[i], name))
      return i;
  return -1;
}

double enc_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void enc_log(struct enc_ctx *c, enum rdsclone_log_level l, const char *fmt,
             ...)
{
  char line[1024];
  va_list ap;
  if(!c->o->log || (int)l > c->o->verbosity)
    return;
  va_start(ap, fmt);
  vsnprintf(line, sizeof(line), fmt, ap);
  va_end(ap);
  c->o->log(c->o->log_ud, l, line);
}

enum rdsclone_encrypt_code enc_fail(struct enc_ctx *c,
                                    enum rdsclone_encrypt_code rc,
                                    const char *fmt, ...)
{
  va_list ap;
  if(c->errbuf && c->errlen) {
    va_start(ap, fmt);
    vsnprintf(c->errbuf, c->errlen, fmt, ap);
    va_end(ap);
  }
  return rc;
}

void enc_step_begin(struct enc_ctx *c)
{
  c->t0 = enc_now();
}

enum rdsclone_encrypt_code enc_step_end(struct enc_ctx *c,
                                        enum rdsclone_encrypt_step s,
                                        enum recreate_status st,
                                        const char *fmt, ...)
{
  struct recreate_step_result *r = &c->res->steps[s];
  va_list ap;
  int bad;

  va_start(ap, fmt);
  bad = steprec_set(r, st, enc_now() - c->t0, fmt, ap);
  va_end(ap);
  if(bad)
    return ENCRYPT_E_NOMEM;
  enc_log(c, st == RECREATE_FAILED ? RDSCLONE_LOG_ERROR : RDSCLONE_LOG_INFO,
          "step %-9s %-7s %6.1f s  %s", rdsclone_encrypt_step_name(s),
          rdsclone_recreate_status_name(st), r->seconds, r->detail);
  if(st != RECREATE_FAILED && c->o->step_done)
    c->o->step_done(c->o->step_ud, s, st);
  return ENCRYPT_OK;
}

const char *enc_shim_err(const struct enc_ctx *c, int sc)
{
  const char *m = rds_shim_errmsg(c->o->shim);
  return m && *m ? m : rds_shim_strerror((enum rds_shim_code)sc);
}

enum rdsclone_encrypt_code enc_step_failed(struct enc_ctx *c,
                                           enum rdsclone_encrypt_step s,
                                           enum rdsclone_encrypt_code rc,
                                           const char *what)
{
  if(rc == ENCRYPT_E_NOMEM)
    return rc;
  enc_step_end(c, s, RECREATE_FAILED, "%s", what);
  return enc_fail(c, rc, "%s: %s", rdsclone_encrypt_step_name(s), what);
}

enum rdsclone_encrypt_code enc_add_call(struct enc_ctx *c, char *call)
{
  if(steprec_push(&c->res->calls, &c->res->ncalls, call))
    return ENCRYPT_E_NOMEM;
  if(c->calls_logged)
    enc_log(c, RDSCLONE_LOG_INFO, "%s %s", c->o->dry_run ? "would call" :
            "calling", call);
  return ENCRYPT_OK;
}

enum rdsclone_encrypt_code enc_add_cleanup(struct enc_ctx *c,
                                           const char *fmt, ...)
{
  struct buf b;
  va_list ap;
  buf_init(&b, BUF_CAP_SMALL);
  va_start(ap, fmt);
  buf_vaddf(&b, fmt, ap);
  va_end(ap);
  return steprec_push(&c->res->cleanup, &c->res->ncleanup, buf_take(&b)) ?
         ENCRYPT_E_NOMEM : ENCRYPT_OK;
}
