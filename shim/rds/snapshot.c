/* SPDX-License-Identifier: Apache-2.0 */
/*
 * snapshot.c - the RDS Query API calls on DB snapshots: CreateDBSnapshot,
 * DescribeDBSnapshots (one, or those of an instance / all with Marker
 * pagination) and CopyDBSnapshot, each one rds_call_parse() (rds/rds.c)
 * with the snapshot parser of rds/xml.c.
 */
#include "rds/snapshot.h"

#include <stdlib.h>
#include <string.h>

#include "core/handle.h"
#include "http/query.h"
#include "rds/instance.h"
#include "rds/rds.h"
#include "rds/xml.h"

static enum rds_shim_code parse_snapshots(const char *body, size_t len,
                                          const char *action, void *list,
                                          char **marker, char **rid,
                                          char *why, size_t why_len)
{
  return xml_parse_snapshots(body, len, action, list, marker, rid, why,
                             why_len);
}

/* Runs q (released here), expecting one DBSnapshot, into *out (optional);
 * RDS_SHIM_NOT_FOUND naming id when the answer holds none. *err and
 * *attempts (optional) as rds_call(). */
static enum rds_shim_code call_one(struct rds_shim *h, struct query *q,
                                   const char *id,
                                   struct rds_shim_snapshot **out,
                                   struct aws_error *err, int *attempts)
{
  struct rds_shim_snapshot_list l = { NULL, 0 };
  const char *action = query_get(q, "Action");
  enum rds_shim_code rc = rds_call_parse(h, q, parse_snapshots, &l, NULL,
                                         err, attempts);
  if(!rc && !l.count)
    rc = shim_fail(h, RDS_SHIM_NOT_FOUND, "%s: DB snapshot \"%s\" not "
                   "found", action, id);
  else if(!rc && !rds_same_id(l.items[0].id, id))
    rc = shim_fail(h, RDS_SHIM_BAD_RESPONSE, "%s: asked for \"%s\", got "
                   "\"%s\"", action, id, l.items[0].id);
  if(!rc && out) {
    *out = malloc(sizeof(**out));
    if(!*out)
      rc = shim_fail(h, RDS_SHIM_OUT_OF_MEMORY, "out of memory");
    else {
      **out = l.items[0];
      shim_snapshot_init(&l.items[0]);
    }
  }
  shim_snapshot_list_clear(&l);
  query_release(q);
  return rc;
}

/* The instance a snapshot was taken of (malloc'd), or NULL. */
static char *instance_of(struct rds_shim *h, const char *snapshot_id)
{
  struct rds_shim_snapshot *s = NULL;
  char *id = NULL;
  if(!rds_shim_describe_snapshot(h, snapshot_id, &s) && s->instance_id)
    id = strdup(s->instance_id);
  rds_shim_snapshot_free(s);
  return id;
}

/* A retried create or copy of id met DBSnapshotAlreadyExists: an earlier
 * attempt may have made it and lost the answer. Accepts the snapshot
 * (code OK, message cleared) when it is of the instance the source
 * snapshot (copy) or the asked instance (create) is of, and encrypted
 * when a key was asked for; else keeps the error. */
static enum rds_shim_code accept_existing(struct rds_shim *h, const char *id,
                                          const char *instance_id,
                                          const char *source_id,
                                          int want_encrypted,
                                          struct rds_shim_snapshot **out)
{
  struct rds_shim_snapshot *got = NULL;
  char saved[sizeof(h->errmsg)];
  char *inst = source_id ? instance_of(h, source_id) : strdup(instance_id);
  int ours;
  memcpy(saved, h->errmsg, sizeof(saved));
  shim_log(h, RDS_SHIM_LOG_INFO, "snapshot \"%s\" exists after a retried "
           "call; checking it is ours", id);
  ours = inst && !rds_shim_describe_snapshot(h, id, &got) &&
         got->instance_id && !strcmp(got->instance_id, inst) &&
         (!want_encrypted || got->encrypted == 1);
  free(inst);
  if(!ours) {
    rds_shim_snapshot_free(got);
    memcpy(h->errmsg, saved, sizeof(saved));
    return RDS_SHIM_AWS_ERROR;
  }
  h->errmsg[0] = 0;
  if(out)
    *out = got;
  else
    rds_shim_snapshot_free(got);
  return RDS_SHIM_OK;
}

/* Runs the create or copy q of id; see accept_existing(). */
static enum rds_shim_code call_new(struct rds_shim *h, struct query *q,
                                   const char *id, const char *instance_id,
                                   const char *source_id, int want_encrypted,
                                   struct rds_shim_snapshot **out)
{
  struct aws_error err;
  int attempts = 0;
  enum rds_shim_code rc;
  memset(&err, 0, sizeof(err));
  rc = call_one(h, q, id, out, &err, &attempts);
  if(rc == RDS_SHIM_AWS_ERROR && attempts > 1 && err.code &&
     !strcmp(err.code, "DBSnapshotAlreadyExists"))
    rc = accept_existing(h, id, instance_id, source_id, want_encrypted,
                         out);
  aws_error_release(&err);
  return rc;
}

/* The checks every call makes first; RDS_SHIM_OK to go on. */
static enum rds_shim_code start(struct rds_shim *h, const char *what,
                                const char *a, const char *b,
                                struct rds_shim_snapshot **out)
{
  if(out)
    *out = NULL;
  if(!h)
    return RDS_SHIM_BAD_ARGUMENT;
  if(!a || !*a || !b || !*b)
    return shim_fail(h, RDS_SHIM_BAD_ARGUMENT, "%s", what);
  return RDS_SHIM_OK;
}

void rds_create_snapshot_query(struct query *q, const char *instance_id,
                               const char *snapshot_id,
                               const struct rds_shim_tag_in *tags,
                               size_t n_tags)
{
  rds_begin(q, "CreateDBSnapshot", "DBSnapshotIdentifier", snapshot_id);
  query_add(q, "DBInstanceIdentifier", instance_id);
  query_add_tags(q, tags, n_tags);
}

void rds_copy_snapshot_query(struct query *q,
                             const struct rds_shim_copy_params *p)
{
  rds_begin(q, "CopyDBSnapshot", "SourceDBSnapshotIdentifier",
            p->source_id);
  query_add(q, "TargetDBSnapshotIdentifier", p->target_id);
  query_add_opt(q, "KmsKeyId", p->kms_key_id);
  query_add_tags(q, p->tags, p->n_tags);
  query_add_tri(q, "CopyTags", p->copy_tags);
}

enum rds_shim_code rds_shim_create_snapshot(struct rds_shim *h,
                                            const char *instance_id,
                                            const char *snapshot_id,
                                            const struct rds_shim_tag_in *tags,
                                            size_t n_tags,
                                            struct rds_shim_snapshot **out)
{
  struct query q;
  enum rds_shim_code rc = start(h, "create-snapshot: need an instance id "
                                "and a snapshot id", instance_id,
                                snapshot_id, out);
  if(rc)
    return rc;
  rds_create_snapshot_query(&q, instance_id, snapshot_id, tags, n_tags);
  return call_new(h, &q, snapshot_id, instance_id, NULL, 0, out);
}

enum rds_shim_code rds_shim_describe_snapshot(struct rds_shim *h,
                                              const char *snapshot_id,
                                              struct rds_shim_snapshot **out)
{
  struct query q;
  enum rds_shim_code rc = start(h, "describe-snapshots: no snapshot id",
                                snapshot_id, "-", out);
  if(rc)
    return rc;
  rds_begin(&q, "DescribeDBSnapshots", "DBSnapshotIdentifier", snapshot_id);
  return call_one(h, &q, snapshot_id, out, NULL, NULL);
}

enum rds_shim_code
rds_shim_describe_snapshots(struct rds_shim *h, const char *instance_id,
                            struct rds_shim_snapshot_list **out)
{
  struct rds_shim_snapshot_list l = { NULL, 0 };
  enum rds_shim_code rc;
  if(out)
    *out = NULL;
  if(!h || !out)
    return RDS_SHIM_BAD_ARGUMENT;
  rc = rds_paginate(h, "DescribeDBSnapshots", "DBInstanceIdentifier",
                    instance_id && *instance_id ? instance_id : NULL,
                    parse_snapshots, &l, &l.count);
  if(!rc && !(*out = malloc(sizeof(**out))))
    rc = shim_fail(h, RDS_SHIM_OUT_OF_MEMORY, "out of memory");
  if(rc) {
    shim_snapshot_list_clear(&l);
    return rc;
  }
  **out = l;
  return RDS_SHIM_OK;
}

enum rds_shim_code rds_shim_copy_snapshot(struct rds_shim *h,
                                          const struct rds_shim_copy_params *p,
                                          struct rds_shim_snapshot **out)
{
  struct query q;
  enum rds_shim_code rc = start(h, "copy-snapshot: need a source and a "
                                "target snapshot id", p ? p->source_id :
                                NULL, p ? p->target_id : NULL, out);
  if(rc)
    return rc;
  rds_copy_snapshot_query(&q, p);
  return call_new(h, &q, p->target_id, NULL, p->source_id,
                  p->kms_key_id != NULL, out);
}
