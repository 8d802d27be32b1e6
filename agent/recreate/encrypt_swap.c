/* SPDX-License-Identifier: Apache-2.0 */
/*
 * encrypt_swap.c - the steps of "rdsclone encrypt" once the encrypted
 * primary and its replicas exist: the reconciliation of the primary's
 * accounts, the compare of old and new, and the swap of the names; then
 * the cleanup commands.
 * A swap is done pair by pair, each rename waited for: ID -> ID-unencrypted
 * then ID-encrypted -> ID. Killed between the two, the next run's describe
 * finds ID missing and ID-unencrypted present, and renames the new one in.
 */
#include "encrypt_swap.h"
#include "encrypt_names.h"
#include "encrypt_steps.h"
#include "core/options.h"
#include "rdsclone_compare.h"
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reconcile ---------------------------------------------------------- */

static void recon_log(void *ud, enum rdsclone_log_level l, const char *msg)
{
  struct enc_ctx *c = ud;
  enc_log(c, l, "reconcile: %s", msg);
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
  if(c->o->recon)
    ro = *c->o->recon;
  else
    options_init(&ro);
  ro.source.uri = c->res->source_uri;
  ro.target.uri = c->res->target_uri;
  if(!ro.log && c->o->log) {
    ro.log = recon_log;
    ro.log_userdata = c;
    ro.verbosity = c->o->verbosity;
  }
  c->res->recon_rc = rdsclone_run(&ro, c->o->dry_run ? RDSCLONE_PLAN :
                                  RDSCLONE_APPLY, &c->res->report, err,
                                  sizeof(err));
  if(c->res->recon_rc)
    return enc_step_failed(c, ENCRYPT_RECONCILE, ENCRYPT_E_RECONCILE,
                           err[0] ? err
                                  : rdsclone_strerror(c->res->recon_rc));
  return recon_end(c);
}

/* ---- compare ------------------------------------------------------------ */

/* A shallow copy of i without rdsclone's own tags (*tags: free()). */
static int untagged(const struct rds_shim_instance *i,
                    struct rds_shim_instance *out, struct rds_shim_tag **tags)
{
  size_t k;
  *out = *i;
  *tags = calloc(i->n_tags + 1, sizeof(**tags));
  if(!*tags)
    return -1;
  out->tags = *tags;
  out->n_tags = 0;
  for(k = 0; k < i->n_tags; k++)
    if(!i->tags[k].key || strncmp(i->tags[k].key, "rdsclone:", 9))
      (*tags)[out->n_tags++] = i->tags[k];
  return 0;
}

/* Compares a pair; unexpected differences appended to what. */
static enum rdsclone_encrypt_code compare_pair(const struct enc_pair *p,
                                               struct buf *what, size_t *n)
{
  struct rds_shim_instance a, b;
  struct rds_shim_tag *ta = NULL, *tb = NULL;
  struct compare_result r;
  size_t i;
  int bad;

  bad = untagged(p->old, &a, &ta) || untagged(p->neu, &b, &tb) ||
        rdsclone_compare_instances(&a, &b, NULL, 0, NULL, 0, &r);
  free(ta);
  free(tb);
  if(bad)
    return ENCRYPT_E_NOMEM;
  for(i = 0; i < r.n; i++)
    if(!r.items[i].ignored) {
      buf_addf(what, "%s%s vs %s: %s (%s vs %s)", (*n)++ ? "; " : "",
               p->old->id, p->neu->id, r.items[i].attr,
               r.items[i].a ? r.items[i].a : "absent",
               r.items[i].b ? r.items[i].b : "absent");
    }
  rdsclone_compare_result_release(&r);
  return ENCRYPT_OK;
}

enum rdsclone_encrypt_code enc_compare(struct enc_ctx *c)
{
  struct buf what;
  size_t i, n = 0, pairs = 0;
  enum rdsclone_encrypt_code rc = ENCRYPT_OK;

  enc_step_begin(c);
  buf_init(&what, BUF_CAP_SMALL);
  for(i = 0; i <= c->st.nreps && !rc; i++) {
    const struct enc_pair *p = i ? &c->st.reps[i - 1] : &c->st.primary;
    if(!p->neu)
      continue;
    pairs++;
    rc = compare_pair(p, &what, &n);
  }
  if(!rc && n) {
    rc = enc_step_failed(c, ENCRYPT_COMPARE, ENCRYPT_E_DIFFERS,
                         buf_str(&what));
    rc = rc == ENCRYPT_E_NOMEM ? rc : ENCRYPT_E_DIFFERS;
  }
  else if(!rc)
    rc = enc_step_end(c, ENCRYPT_COMPARE, pairs <= c->st.nreps &&
                      c->o->dry_run ? RECREATE_PLANNED : RECREATE_DONE,
                      "%zu pair(s) compared, nothing unexpected differs%s",
                      pairs, pairs <= c->st.nreps ? " (the rest once they "
                      "exist)" : "");
  buf_release(&what);
  return rc;
}

/* ---- swap --------------------------------------------------------------- */

static enum rdsclone_encrypt_code rename_one(struct enc_ctx *c,
                                             const char *from, const char *to)
{
  struct rds_shim_modify_params p;
  struct rds_shim_modify_more m;
  struct buf b;
  enum rds_shim_code sc;
  enum rdsclone_encrypt_code rc;

  buf_init(&b, BUF_CAP_SMALL);
  buf_addf(&b, "ModifyDBInstance DBInstanceIdentifier=%s "
           "NewDBInstanceIdentifier=%s ApplyImmediately=true", from, to);
  rc = enc_add_call(c, buf_take(&b));
  if(rc || c->o->dry_run)
    return rc;
  rds_shim_modify_params_init(&p);
  rds_shim_modify_more_init(&m);
  p.id = from;
  p.apply_immediately = 1;
  m.new_id = to;
  sc = rds_shim_modify_ex(c->o->shim, &p, &m, NULL);
  if(sc == RDS_SHIM_OUT_OF_MEMORY)
    return ENCRYPT_E_NOMEM;
  if(sc)
    return enc_step_failed(c, ENCRYPT_SWAP, ENCRYPT_E_AWS,
                           enc_shim_err(c, sc));
  return enc_wait_rename(c, ENCRYPT_SWAP, from, to);
}

/* Old out of the way (unless it is already), new into place. */
static enum rdsclone_encrypt_code swap_pair(struct enc_ctx *c,
                                            struct enc_pair *p)
{
  enum rdsclone_encrypt_code rc = ENCRYPT_OK;

  if(p->swapped)
    return ENCRYPT_OK;
  if(!p->neu && !c->o->dry_run)
    return enc_step_failed(c, ENCRYPT_SWAP, ENCRYPT_E_STATE, p->new_name);
  if(!strcmp(p->old->id, p->name))
    rc = rename_one(c, p->name, p->old_name);
  if(!rc)
    rc = rename_one(c, p->new_name, p->name);
  p->swapped = !rc && !c->o->dry_run;
  return rc;
}

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
      rc = compare_pair(p, &what, &n);
  }
  if(!rc && n) {
    enc_step_failed(c, ENCRYPT_SWAP, ENCRYPT_E_DIFFERS, buf_str(&what));
    rc = enc_fail(c, ENCRYPT_E_DIFFERS, "swap: renamed, but the final "
                  "compare finds: %s", buf_str(&what));
  }
  buf_release(&what);
  return rc;
}

enum rdsclone_encrypt_code enc_swap(struct enc_ctx *c)
{
  size_t i, done = 0;
  enum rdsclone_encrypt_code rc;

  enc_step_begin(c);
  if(!c->o->swap)
    return enc_step_end(c, ENCRYPT_SWAP, RECREATE_SKIPPED, "--no-swap: %s "
                        "and its replicas keep their -encrypted names",
                        c->st.primary.new_name);
  for(i = 0; i <= c->st.nreps; i++)
    done += (i ? c->st.reps[i - 1].swapped : c->st.primary.swapped) != 0;
  rc = swap_pair(c, &c->st.primary);
  for(i = 0; i < c->st.nreps && !rc; i++)
    rc = swap_pair(c, &c->st.reps[i]);
  if(!rc && !c->o->dry_run && done < c->st.nreps + 1)
    rc = final_compare(c);
  if(rc)
    return rc;
  return enc_step_end(c, ENCRYPT_SWAP, done == c->st.nreps + 1 ?
                      RECREATE_SKIPPED : c->o->dry_run ? RECREATE_PLANNED :
                      RECREATE_DONE, "%s: %zu of %zu pair(s) %s",
                      c->st.primary.name, c->st.nreps + 1 - done,
                      c->st.nreps + 1, c->o->dry_run ? "would be renamed"
                      : "renamed (the rest were already); a final compare "
                      "under the new names finds nothing unexpected");
}

/* ---- cleanup commands --------------------------------------------------- */

static int snapshot_exists(struct enc_ctx *c, const char *id)
{
  struct rds_shim_snapshot *s = NULL;
  enum rds_shim_code sc = rds_shim_describe_snapshot(c->o->shim, id, &s);
  rds_shim_snapshot_free(s);
  return !sc;
}

enum rdsclone_encrypt_code enc_cleanup(struct enc_ctx *c)
{
  size_t i;
  enum rdsclone_encrypt_code rc = ENCRYPT_OK;
  const char *snaps[2];

  for(i = c->st.nreps + 1; i-- > 0 && !rc;) {
    const struct enc_pair *p = i ? &c->st.reps[i - 1] : &c->st.primary;
    rc = enc_add_cleanup(c, "aws rds delete-db-instance "
                         "--db-instance-identifier %s "
                         "--final-db-snapshot-identifier %s-final",
                         p->swapped ? p->old_name : p->old->id,
                         p->old_name);
  }
  snaps[0] = c->st.copy_id;
  snaps[1] = c->st.snap_id;
  for(i = 0; i < 2 && !rc; i++)
    if(snaps[i] && snapshot_exists(c, snaps[i]))
      rc = enc_add_cleanup(c, "aws rds delete-db-snapshot "
                           "--db-snapshot-identifier %s", snaps[i]);
  return rc;
}
