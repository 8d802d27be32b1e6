/* SPDX-License-Identifier: Apache-2.0 */
/*
 * encrypt_swap.c - the swap step of "rdsclone encrypt" (the renames that
 * give the encrypted instances the old ones' names) and the cleanup
 * commands of the report.
 * A swap is done pair by pair, each rename waited for: ID -> ID-unencrypted
 * then ID-encrypted -> ID. Killed between the two, the next run's describe
 * finds ID missing and ID-unencrypted present, and renames the new one in.
 */
#include "encrypt_swap.h"
#include "encrypt_steps.h"
#include "encrypt_verify.h"
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
  if(!rc && !c->o->dry_run)
    rc = enc_verify_swapped(c);
  if(rc)
    return rc;
  return enc_step_end(c, ENCRYPT_SWAP, done == c->st.nreps + 1 ?
                      RECREATE_SKIPPED : c->o->dry_run ? RECREATE_PLANNED :
                      RECREATE_DONE, "%s: %zu of %zu pair(s) %s",
                      c->st.primary.name, c->st.nreps + 1 - done,
                      c->st.nreps + 1, c->o->dry_run ? "would be renamed, "
                      "then compared and planned under the new names"
                      : "renamed (the rest were already); a final compare "
                      "and plan under the new names find nothing "
                      "unexpected");
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
