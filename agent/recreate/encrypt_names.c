/* SPDX-License-Identifier: Apache-2.0 */
/*
 * encrypt_names.c - names and identifiers of "rdsclone encrypt" and its
 * describe step. Which instance is the original and which the encrypted
 * twin is read from the names they carry now (ID, ID-encrypted,
 * ID-unencrypted) and the tag rdsclone:encrypt-of, never remembered: a
 * half-done swap (ID renamed away, ID-encrypted not yet renamed in) and a
 * rename RDS is still applying are found here.
 */
#include "encrypt_names.h"
#include "encrypt_steps.h"
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *joined(const char *a, const char *b)
{
  struct buf x;
  buf_init(&x, BUF_CAP_SMALL);
  buf_addf(&x, "%s%s", a, b);
  return buf_take(&x);
}

/* The pair's names; ENCRYPT_E_USAGE when one is too long. */
static enum rdsclone_encrypt_code pair_names(struct enc_ctx *c,
                                             struct enc_pair *p,
                                             const char *name)
{
  p->name = strdup(name);
  p->new_name = joined(name, ENC_SUFFIX_NEW);
  p->old_name = joined(name, ENC_SUFFIX_OLD);
  if(!p->name || !p->new_name || !p->old_name)
    return ENCRYPT_E_NOMEM;
  if(strlen(p->old_name) > ENC_MAX_ID)
    return enc_fail(c, ENCRYPT_E_USAGE, "identifier %s would be %zu "
                    "characters: RDS allows %d", p->old_name,
                    strlen(p->old_name), ENC_MAX_ID);
  return ENCRYPT_OK;
}

enum rdsclone_encrypt_code enc_names_primary(struct enc_ctx *c)
{
  return pair_names(c, &c->st.primary, c->o->instance);
}

int enc_tagged(const struct rds_shim_instance *i, const char *id)
{
  size_t k;
  for(k = 0; i && k < i->n_tags; k++)
    if(i->tags[k].key && !strcmp(i->tags[k].key, ENC_TAG_OF) &&
       i->tags[k].value && !strcmp(i->tags[k].value, id))
      return 1;
  return 0;
}

int enc_key_is(const char *have, const char *key)
{
  size_t lh, lk;
  if(!have || !key)
    return 0;
  lh = strlen(have);
  lk = strlen(key);
  if(!strcmp(have, key))
    return 1;
  /* an ARN ".../key-id" against the key id, either way round */
  if(lh > lk && have[lh - lk - 1] == '/' && !strcmp(have + lh - lk, key))
    return 1;
  return lk > lh && key[lk - lh - 1] == '/' && !strcmp(key + lk - lh, have);
}

/* DescribeDBInstances; *out NULL when it does not exist. */
static enum rdsclone_encrypt_code describe_opt(struct enc_ctx *c,
                                               const char *id,
                                               struct rds_shim_instance **out)
{
  enum rds_shim_code sc = rds_shim_describe(c->o->shim, id, out);
  *out = sc ? NULL : *out;
  if(sc == RDS_SHIM_NOT_FOUND || !sc)
    return ENCRYPT_OK;
  if(sc == RDS_SHIM_OUT_OF_MEMORY)
    return ENCRYPT_E_NOMEM;
  return enc_fail(c, ENCRYPT_E_AWS, "describe %s: %s", id,
                  enc_shim_err(c, sc));
}

static void free3(struct rds_shim_instance **v)
{
  int i;
  for(i = 0; i < 3; i++) {
    rds_shim_instance_free(v[i]);
    v[i] = NULL;
  }
}

/* v[0..2]: the pair under its name, its -unencrypted and -encrypted
 * names, once no rename is pending on any of them (waited out). */
static enum rdsclone_encrypt_code describe3(struct enc_ctx *c,
                                            const struct enc_pair *p,
                                            struct rds_shim_instance **v)
{
  const char *ids[3];
  enum rdsclone_encrypt_code rc = ENCRYPT_OK;
  int round, i, again;

  ids[0] = p->name;
  ids[1] = p->old_name;
  ids[2] = p->new_name;
  for(round = 0; round < 4 && !rc; round++) {
    again = 0;
    for(i = 0; i < 3 && !rc; i++)
      rc = describe_opt(c, ids[i], &v[i]);
    for(i = 0; i < 3 && !rc && !again; i++)
      if(v[i] && enc_pending_rename(v[i])) {
        enc_log(c, RDSCLONE_LOG_INFO, "%s is being renamed to %s: waiting",
                ids[i], enc_pending_rename(v[i]));
        rc = enc_wait_rename(c, ENCRYPT_DESCRIBE, ids[i],
                             enc_pending_rename(v[i]));
        again = 1;
      }
    if(!again || rc)
      return rc;
    free3(v);
  }
  return rc ? rc : enc_fail(c, ENCRYPT_E_STATE, "%s: renames keep "
                            "pending", p->name);
}

/* Sorts v into p: old (the original) and neu (its twin, or NULL).
 * Primary and replicas alike: whatever the run creates carries the tag
 * from its create call on, so an untagged twin, or an original that
 * carries the tag, is not of its making and is never touched. */
static enum rdsclone_encrypt_code pair_sort(struct enc_ctx *c,
                                            struct enc_pair *p,
                                            struct rds_shim_instance **v)
{
  const char *id = c->o->instance;
  if(v[1]) {
    if(v[0] && v[2])
      return enc_fail(c, ENCRYPT_E_STATE, "%s, %s and %s all exist; "
                      "refusing to guess which to rename", p->name,
                      p->old_name, p->new_name);
    if(!v[0] && !v[2])
      return enc_fail(c, ENCRYPT_E_STATE, "%s exists but neither %s nor "
                      "%s", p->old_name, p->name, p->new_name);
    if(v[0] && !enc_tagged(v[0], id))
      return enc_fail(c, ENCRYPT_E_STATE, "%s exists and %s lacks the tag "
                      ENC_TAG_OF " = %s; refusing to touch them",
                      p->old_name, p->name, id);
    p->old = v[1];
    p->neu = v[0] ? v[0] : v[2];
    p->swapped = v[0] != NULL;
    v[1] = v[0] = v[2] = NULL;
    return ENCRYPT_OK;
  }
  if(!v[0])
    return enc_fail(c, ENCRYPT_E_STATE, "%s does not exist (nor %s)",
                    p->name, p->old_name);
  if(enc_tagged(v[0], id))
    return enc_fail(c, ENCRYPT_E_STATE, "%s carries " ENC_TAG_OF " but %s "
                    "does not exist: not the original", p->name,
                    p->old_name);
  if(v[2] && !enc_tagged(v[2], id))
    return enc_fail(c, ENCRYPT_E_STATE, "%s exists and was not made by "
                    "rdsclone encrypt of %s (no tag " ENC_TAG_OF "); "
                    "refusing to touch it", p->new_name, id);
  p->old = v[0];
  p->neu = v[2];
  v[0] = v[2] = NULL;
  return ENCRYPT_OK;
}

static enum rdsclone_encrypt_code pair_describe(struct enc_ctx *c,
                                                struct enc_pair *p)
{
  struct rds_shim_instance *v[3] = { NULL, NULL, NULL };
  enum rdsclone_encrypt_code rc = describe3(c, p, v);
  if(!rc)
    rc = pair_sort(c, p, v);
  free3(v);
  return rc;
}

/* What the procedure cannot do to the primary. */
static enum rdsclone_encrypt_code refusals(struct enc_ctx *c)
{
  const struct enc_pair *p = &c->st.primary;
  const struct rds_shim_instance *o = p->old;
  if(o->engine && !strncmp(o->engine, "aurora", 6))
    return enc_fail(c, ENCRYPT_E_STATE, "%s is an Aurora instance (%s): "
                    "cluster snapshots are another procedure", p->name,
                    o->engine);
  if(o->read_replica_source)
    return enc_fail(c, ENCRYPT_E_STATE, "%s is a read replica of %s: give "
                    "its primary as --instance", o->id,
                    o->read_replica_source);
  if(!p->neu && o->storage_encrypted == 1 &&
     enc_key_is(o->kms_key_id, c->o->kms_key))
    return enc_fail(c, ENCRYPT_E_STATE, "%s is already encrypted with %s",
                    p->name, c->o->kms_key);
  return ENCRYPT_OK;
}

static int seen(const struct enc_state *st, const char *name)
{
  size_t i;
  for(i = 0; i < st->nreps; i++)
    if(!strcmp(st->reps[i].name, name))
      return 1;
  return 0;
}

/* The old primary's replicas under their original names. */
static enum rdsclone_encrypt_code replicas_describe(struct enc_ctx *c)
{
  const struct rds_shim_instance *o = c->st.primary.old;
  size_t i, ls = strlen(ENC_SUFFIX_OLD);
  enum rdsclone_encrypt_code rc = ENCRYPT_OK;

  c->st.reps = calloc(o->n_read_replicas + 1, sizeof(*c->st.reps));
  if(!c->st.reps)
    return ENCRYPT_E_NOMEM;
  for(i = 0; i < o->n_read_replicas && !rc; i++) {
    char *name = strdup(o->read_replicas[i]);
    size_t l = name ? strlen(name) : 0;
    if(!name)
      return ENCRYPT_E_NOMEM;
    if(l > ls && !strcmp(name + l - ls, ENC_SUFFIX_OLD))
      name[l - ls] = '\0';
    if(!seen(&c->st, name)) {
      rc = pair_names(c, &c->st.reps[c->st.nreps++], name);
      if(!rc)
        rc = pair_describe(c, &c->st.reps[c->st.nreps - 1]);
    }
    free(name);
  }
  return rc;
}

/* The run's snapshot (tagged rdsclone:encrypt-of = ID), its run id and
 * the names; a new run id when there is none. */
static enum rdsclone_encrypt_code snapshots_find(struct enc_ctx *c)
{
  struct rds_shim_snapshot_list *l = NULL;
  struct enc_state *st = &c->st;
  enum rds_shim_code sc;
  size_t i, k;
  char now[32];

  sc = rds_shim_describe_snapshots(c->o->shim, NULL, &l);
  if(sc)
    return sc == RDS_SHIM_OUT_OF_MEMORY ? ENCRYPT_E_NOMEM
           : enc_fail(c, ENCRYPT_E_AWS, "describe snapshots: %s",
                      enc_shim_err(c, sc));
  for(i = 0; i < l->count && !st->run_id; i++) {
    const struct rds_shim_snapshot *s = &l->items[i];
    const char *run = NULL;
    int mine = 0;
    for(k = 0; k < s->n_tags; k++) {
      mine |= s->tags[k].key && !strcmp(s->tags[k].key, ENC_TAG_OF) &&
              s->tags[k].value && !strcmp(s->tags[k].value, st->primary.name);
      if(s->tags[k].key && !strcmp(s->tags[k].key, ENC_TAG_RUN))
        run = s->tags[k].value;
    }
    if(mine && run && *run && strspn(run, "0123456789") == strlen(run))
      st->run_id = strdup(run);
  }
  rds_shim_snapshot_list_free(l);
  if(!st->run_id) {
    time_t t = time(NULL);
    struct tm tm;
    strftime(now, sizeof(now), "%Y%m%d%H%M%S", gmtime_r(&t, &tm));
    st->run_id = strdup(now);
  }
  st->snap_id = st->run_id ? joined(st->primary.name, "-encrypt-") : NULL;
  return st->snap_id ? ENCRYPT_OK : ENCRYPT_E_NOMEM;
}

/* The snapshot and its copy by name, if they exist. */
static enum rdsclone_encrypt_code snapshots_describe(struct enc_ctx *c)
{
  struct enc_state *st = &c->st;
  char *s = joined(st->snap_id, st->run_id);
  enum rds_shim_code sc;

  free(st->snap_id);
  st->snap_id = s;
  st->copy_id = s ? joined(s, "-kms") : NULL;
  if(!st->copy_id)
    return ENCRYPT_E_NOMEM;
  sc = rds_shim_describe_snapshot(c->o->shim, st->snap_id, &st->snap);
  if(sc == RDS_SHIM_NOT_FOUND)
    st->snap = NULL;
  if(!sc || sc == RDS_SHIM_NOT_FOUND) {
    sc = rds_shim_describe_snapshot(c->o->shim, st->copy_id, &st->copy);
    if(sc == RDS_SHIM_NOT_FOUND) {
      st->copy = NULL;
      sc = RDS_SHIM_OK;
    }
  }
  if(sc)
    return sc == RDS_SHIM_OUT_OF_MEMORY ? ENCRYPT_E_NOMEM
           : enc_fail(c, ENCRYPT_E_AWS, "describe snapshot: %s",
                      enc_shim_err(c, sc));
  return ENCRYPT_OK;
}

static enum rdsclone_encrypt_code describe_end(struct enc_ctx *c)
{
  const struct enc_state *st = &c->st;
  const struct enc_pair *p = &st->primary;
  return enc_step_end(c, ENCRYPT_DESCRIBE, RECREATE_DONE, "%s (%s, %s), "
                      "%zu replica(s); %s %s%s; snapshot %s%s", p->old->id,
                      p->old->engine ? p->old->engine : "?",
                      p->old->storage_encrypted == 1 ? "encrypted"
                                                     : "not encrypted",
                      st->nreps, p->neu ? p->neu->id : p->new_name,
                      p->neu ? "exists" : "does not exist yet",
                      p->swapped ? " (swapped in)" : "", st->snap_id,
                      st->snap ? " exists" : "");
}

enum rdsclone_encrypt_code enc_describe(struct enc_ctx *c)
{
  enum rdsclone_encrypt_code rc;

  enc_step_begin(c);
  rc = pair_describe(c, &c->st.primary);
  if(!rc)
    rc = refusals(c);
  if(!rc)
    rc = replicas_describe(c);
  if(!rc)
    rc = snapshots_find(c);
  if(!rc)
    rc = snapshots_describe(c);
  if(rc && rc != ENCRYPT_E_NOMEM)
    enc_step_end(c, ENCRYPT_DESCRIBE, RECREATE_FAILED, "%s",
                 c->errbuf ? c->errbuf : "");
  return rc ? rc : describe_end(c);
}

int enc_swap_begun(const struct enc_state *st)
{
  size_t i;
  for(i = 0; i <= st->nreps; i++) {
    const struct enc_pair *p = i ? &st->reps[i - 1] : &st->primary;
    if(strcmp(p->old->id, p->name))
      return 1;
  }
  return 0;
}

static void pair_release(struct enc_pair *p)
{
  free(p->name);
  free(p->new_name);
  free(p->old_name);
  rds_shim_instance_free(p->old);
  rds_shim_instance_free(p->neu);
  memset(p, 0, sizeof(*p));
}

void enc_state_release(struct enc_state *st)
{
  size_t i;
  pair_release(&st->primary);
  for(i = 0; i < st->nreps; i++)
    pair_release(&st->reps[i]);
  free(st->reps);
  free(st->run_id);
  free(st->snap_id);
  free(st->copy_id);
  rds_shim_snapshot_free(st->snap);
  rds_shim_snapshot_free(st->copy);
  memset(st, 0, sizeof(*st));
}
