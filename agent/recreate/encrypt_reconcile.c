/* SPDX-License-Identifier: Apache-2.0 */
/*
 * encrypt_reconcile.c - the reconcile step of "rdsclone encrypt": the
 * accounts, grants and binlog retention of the old primary onto the new
 * one (rdsclone_run, apply then verify; plan in a dry run), catching
 * what was created after the snapshot.
 */
#include "encrypt_reconcile.h"
#include "encrypt_names.h"
#include "rdsclone_recreate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void recon_log(void *ud, enum rdsclone_log_level l, const char *msg)
{
  struct enc_ctx *c = ud;
  enc_log(c, l, "reconcile: %s", msg);
}

void enc_recon_options(struct enc_ctx *c, struct rdsclone_options *ro,
                       const char *source_uri, const char *target_uri)
{
  if(c->o->recon)
    *ro = *c->o->recon;
  else
    options_init(ro);
  ro->source.uri = source_uri;
  ro->target.uri = target_uri;
  if(!ro->log && c->o->log) {
    ro->log = recon_log;
    ro->log_userdata = c;
    ro->verbosity = c->o->verbosity;
  }
}

/* Both URIs into the result; 1 when the target cannot be named yet. */
static int recon_uris(struct enc_ctx *c, char *err, size_t errlen)
{
  const struct enc_pair *p = &c->st.primary;
  const struct rdsclone_encrypt_options *o = c->o;
  struct rds_shim_instance stub;

  memset(&stub, 0, sizeof(stub));
  stub.id = p->new_name;
  c->res->source_uri = rdsclone_recreate_instance_uri(p->old, NULL,
                                                      o->endpoints,
                                                      o->nendpoints, err,
                                                      errlen);
  if(c->res->source_uri)
    c->res->target_uri = rdsclone_recreate_instance_uri(
      p->neu ? p->neu : &stub, p->old->master_username, o->endpoints,
      o->nendpoints, err, errlen);
  return c->res->source_uri && !c->res->target_uri && !p->neu &&
         o->dry_run;
}

static enum rdsclone_encrypt_code recon_end(struct enc_ctx *c)
{
  const struct rdsclone_report *r = c->res->report;
  size_t pending = rdsclone_report_pending(r), n;

  if(c->o->dry_run)
    return enc_step_end(c, ENCRYPT_RECONCILE, pending ? RECREATE_PLANNED :
                        RECREATE_SKIPPED, "%zu statement(s) to run",
                        pending);
  n = rdsclone_report_actions(r);
  if(!rdsclone_report_converged(r))
    return enc_step_failed(c, ENCRYPT_RECONCILE, ENCRYPT_E_RECONCILE,
                           "the new primary still differs after the apply");
  return enc_step_end(c, ENCRYPT_RECONCILE, n ? RECREATE_DONE :
                      RECREATE_SKIPPED, "%zu action(s) %s -> %s, verified",
                      n, c->st.primary.old->id, c->st.primary.neu->id);
}

enum rdsclone_encrypt_code enc_reconcile(struct enc_ctx *c)
{
  struct rdsclone_options ro;
  char err[1024] = "";

  enc_step_begin(c);
  if(enc_swap_begun(&c->st))
    return enc_step_end(c, ENCRYPT_RECONCILE, RECREATE_SKIPPED, "the swap "
                        "has begun: accounts were reconciled before it");
  if(recon_uris(c, err, sizeof(err)))
    return enc_step_end(c, ENCRYPT_RECONCILE, RECREATE_PLANNED, "accounts "
                        "%s -> %s once it exists (%s)",
                        c->st.primary.old->id, c->st.primary.new_name, err);
  if(!c->res->target_uri)
    return enc_step_failed(c, ENCRYPT_RECONCILE, ENCRYPT_E_STATE, err);
  enc_recon_options(c, &ro, c->res->source_uri, c->res->target_uri);
  c->res->recon_rc = rdsclone_run(&ro, c->o->dry_run ? RDSCLONE_PLAN :
                                  RDSCLONE_APPLY, &c->res->report, err,
                                  sizeof(err));
  if(c->res->recon_rc)
    return enc_step_failed(c, ENCRYPT_RECONCILE, ENCRYPT_E_RECONCILE,
                           err[0] ? err
                                  : rdsclone_strerror(c->res->recon_rc));
  return recon_end(c);
}

