/* SPDX-License-Identifier: Apache-2.0 */
/*
 * encrypt_verify.c - the checks of "rdsclone encrypt" after the swap.
 * Every pair is described again under its final names and compared; then
 * a plan (read only) from each old instance to its new one: the primary's
 * accounts, and each MySQL-family replica's own (a PostgreSQL replica is
 * a standby holding its primary's roles). The endpoints map names the
 * instances by the identifiers they had before the swap (ID for the old,
 * ID-encrypted for the new), as every earlier step did; without a map
 * entry, an instance's URI comes from its description after the rename.
 */
#include "encrypt_verify.h"
#include "encrypt_compare.h"
#include "encrypt_reconcile.h"
#include "recreate_shared.h"
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Describes a pair again under its final names. */
static enum rdsclone_encrypt_code redescribe(struct enc_ctx *c,
                                             struct enc_pair *p)
{
  struct rds_shim_instance *o = NULL, *n = NULL;
  enum rds_shim_code sc = rds_shim_describe(c->o->shim, p->old_name, &o);

  if(!sc)
    sc = rds_shim_describe(c->o->shim, p->name, &n);
  if(sc) {
    rds_shim_instance_free(o);
    return sc == RDS_SHIM_OUT_OF_MEMORY ? ENCRYPT_E_NOMEM
           : enc_step_failed(c, ENCRYPT_SWAP, ENCRYPT_E_AWS,
                             enc_shim_err(c, sc));
  }
  rds_shim_instance_free(p->old);
  rds_shim_instance_free(p->neu);
  p->old = o;
  p->neu = n;
  return ENCRYPT_OK;
}

/* After the renames: old against new again, under the final names. */
static enum rdsclone_encrypt_code final_compare(struct enc_ctx *c)
{
  struct buf what;
  size_t i, n = 0;
  enum rdsclone_encrypt_code rc = ENCRYPT_OK;

  buf_init(&what, BUF_CAP_SMALL);
  for(i = 0; i <= c->st.nreps && !rc; i++) {
    struct enc_pair *p = i ? &c->st.reps[i - 1] : &c->st.primary;
    rc = redescribe(c, p);
    if(!rc)
      rc = enc_compare_pair(p, &what, &n);
  }
  if(!rc && n) {
    enc_step_failed(c, ENCRYPT_SWAP, ENCRYPT_E_DIFFERS, buf_str(&what));
    rc = enc_fail(c, ENCRYPT_E_DIFFERS, "swap: renamed, but the final "
                  "compare finds: %s", buf_str(&what));
  }
  buf_release(&what);
  return rc;
}

/* The URI of inst under the name it had before the swap. Transferred. */
static char *uri_as(const struct enc_ctx *c,
                    const struct rds_shim_instance *inst, const char *name,
                    const char *user_fallback, char *err, size_t errlen)
{
  struct rds_shim_instance as = *inst;
  as.id = (char *)name;
  return rdsclone_recreate_instance_uri(&as, user_fallback, c->o->endpoints,
                                        c->o->nendpoints, err, errlen);
}

static enum rdsclone_encrypt_code add_final(struct enc_ctx *c,
                                            const struct enc_pair *p,
                                            size_t pending)
{
  struct rdsclone_encrypt_result *r = c->res;
  struct enc_final *f = realloc(r->finals, (r->nfinals + 1) * sizeof(*f));
  if(!f)
    return ENCRYPT_E_NOMEM;
  r->finals = f;
  f += r->nfinals;
  f->source = strdup(p->old->id);
  f->target = strdup(p->neu->id);
  f->pending = pending;
  r->nfinals++;
  return f->source && f->target ? ENCRYPT_OK : ENCRYPT_E_NOMEM;
}

/* Plans old -> new of one pair; what it would change appended to what. */
static enum rdsclone_encrypt_code plan_pair(struct enc_ctx *c,
                                            const struct enc_pair *p,
                                            struct buf *what, size_t *n)
{
  struct rdsclone_options ro;
  struct rdsclone_report *rep = NULL;
  char err[1024] = "", *src, *tgt = NULL;
  enum rdsclone_code prc = RDSCLONE_OK;
  enum rdsclone_encrypt_code rc = ENCRYPT_OK;
  size_t pending = 0;

  src = uri_as(c, p->old, p->name, NULL, err, sizeof(err));
  if(src)
    tgt = uri_as(c, p->neu, p->new_name, p->old->master_username, err,
                 sizeof(err));
  if(src && tgt) {
    enc_recon_options(c, &ro, src, tgt);
    prc = rdsclone_run(&ro, RDSCLONE_PLAN, &rep, err, sizeof(err));
    pending = rdsclone_report_pending(rep);
  }
  if(!src || !tgt || prc)
    rc = prc == RDSCLONE_E_NOMEM || !strcmp(err, "out of memory")
         ? ENCRYPT_E_NOMEM
         : enc_fail(c, ENCRYPT_E_RECONCILE, "swap: renamed, but the final "
                    "plan %s -> %s failed: %s", p->old->id, p->neu->id,
                    err[0] ? err : rdsclone_strerror(prc));
  if(!rc)
    rc = add_final(c, p, pending);
  if(!rc && pending)
    buf_addf(what, "%s%s -> %s: %zu statement(s) to run", (*n)++ ? "; "
             : "", p->old->id, p->neu->id, pending);
  rdsclone_report_free(rep);
  free(src);
  free(tgt);
  return rc;
}

/* After the renames: the accounts of each pair, under the final names. */
static enum rdsclone_encrypt_code final_plan(struct enc_ctx *c)
{
  struct buf what;
  size_t i, n = 0;
  size_t last = recreate_engine_is_pg(c->st.primary.old->engine)
                ? 0 : c->st.nreps;
  enum rdsclone_encrypt_code rc = ENCRYPT_OK;

  buf_init(&what, BUF_CAP_SMALL);
  for(i = 0; i <= last && !rc; i++)
    rc = plan_pair(c, i ? &c->st.reps[i - 1] : &c->st.primary, &what, &n);
  if(!rc && n) {
    enc_step_failed(c, ENCRYPT_SWAP, ENCRYPT_E_DIFFERS, buf_str(&what));
    rc = enc_fail(c, ENCRYPT_E_DIFFERS, "swap: renamed, but the final plan "
                  "finds accounts that differ: %s", buf_str(&what));
  }
  buf_release(&what);
  return rc;
}

enum rdsclone_encrypt_code enc_verify_swapped(struct enc_ctx *c)
{
  enum rdsclone_encrypt_code rc = final_compare(c);
  return rc ? rc : final_plan(c);
}
