/* SPDX-License-Identifier: Apache-2.0 */
/*
 * instance.c - lifecycle of struct rds_shim_instance and its list, and the
 * parameter structs' helpers (init, copy-from-old-replica).
 */
#include "rds/instance.h"

#include <stdlib.h>
#include <string.h>

void instance_init(struct rds_shim_instance *i)
{
  memset(i, 0, sizeof(*i));
  i->endpoint_port = RDS_SHIM_UNSET;
  i->multi_az = RDS_SHIM_UNSET;
  i->iops = RDS_SHIM_UNSET;
  i->allocated_storage = RDS_SHIM_UNSET;
  i->storage_throughput = RDS_SHIM_UNSET;
  i->storage_encrypted = RDS_SHIM_UNSET;
  i->monitoring_interval = RDS_SHIM_UNSET;
  i->performance_insights_enabled = RDS_SHIM_UNSET;
  i->performance_insights_retention_period = RDS_SHIM_UNSET;
  i->auto_minor_version_upgrade = RDS_SHIM_UNSET;
  i->publicly_accessible = RDS_SHIM_UNSET;
  i->copy_tags_to_snapshot = RDS_SHIM_UNSET;
  i->deletion_protection = RDS_SHIM_UNSET;
  i->iam_auth_enabled = RDS_SHIM_UNSET;
}

static void free_ms(struct rds_shim_member_status *v, size_t n)
{
  size_t i;
  for(i = 0; i < n; i++) {
    free(v[i].name);
    free(v[i].status);
  }
  free(v);
}

static void free_tags(struct rds_shim_tag *v, size_t n)
{
  size_t i;
  for(i = 0; i < n; i++) {
    free(v[i].key);
    free(v[i].value);
  }
  free(v);
}

static void free_strv(char **v, size_t n)
{
  size_t i;
  for(i = 0; i < n; i++)
    free(v[i]);
  free(v);
}

void instance_release(struct rds_shim_instance *i)
{
  if(!i)
    return;
  free(i->id);
  free(i->instance_class);
  free(i->engine);
  free(i->engine_version);
  free(i->status);
  free(i->master_username);
  free(i->db_name);
  free(i->endpoint_address);
  free(i->availability_zone);
  free(i->storage_type);
  free_ms(i->parameter_groups, i->n_parameter_groups);
  free_ms(i->vpc_security_groups, i->n_vpc_security_groups);
  free_ms(i->option_groups, i->n_option_groups);
  free(i->kms_key_id);
  free(i->read_replica_source);
  free_strv(i->read_replicas, i->n_read_replicas);
  free_tags(i->tags, i->n_tags);
  free(i->monitoring_role_arn);
  free(i->performance_insights_kms_key_id);
  free_strv(i->cloudwatch_logs_exports, i->n_cloudwatch_logs_exports);
  free(i->dbi_resource_id);
  free(i->arn);
  free(i->create_time);
  free(i->db_subnet_group_name);
  free_tags(i->pending, i->n_pending);
  instance_init(i);
}

void rds_shim_instance_free(struct rds_shim_instance *inst)
{
  if(!inst)
    return;
  instance_release(inst);
  free(inst);
}

enum rds_shim_code instance_list_append(struct rds_shim_instance_list *l,
                                        struct rds_shim_instance *i)
{
  struct rds_shim_instance *n;
  if(l->count >= ((size_t)-1) / sizeof(*n) - 1)
    return RDS_SHIM_OUT_OF_MEMORY;
  n = realloc(l->items, (l->count + 1) * sizeof(*n));
  if(!n)
    return RDS_SHIM_OUT_OF_MEMORY;
  l->items = n;
  l->items[l->count++] = *i;   /* moved: i's pointers now belong to l */
  instance_init(i);
  return RDS_SHIM_OK;
}

void rds_shim_instance_list_free(struct rds_shim_instance_list *list)
{
  size_t i;
  if(!list)
    return;
  for(i = 0; i < list->count; i++)
    instance_release(&list->items[i]);
  free(list->items);
  free(list);
}

const char *rds_shim_instance_param_status(const struct rds_shim_instance *i)
{
  if(!i || !i->n_parameter_groups)
    return NULL;
  return i->parameter_groups[0].status;
}

/* ---- parameter structs ----------------------------------------------- */

/* The numbers and tri-states the replica and modify params share (same
 * member names in both structs). */
#define UNSET_SHARED(p) \
  do { \
    (p)->multi_az = (p)->performance_insights = RDS_SHIM_UNSET; \
    (p)->port = (p)->iops = (p)->monitoring_interval = RDS_SHIM_UNSET; \
    (p)->auto_minor_version_upgrade = RDS_SHIM_UNSET; \
    (p)->publicly_accessible = (p)->copy_tags_to_snapshot = RDS_SHIM_UNSET; \
    (p)->deletion_protection = (p)->iam_auth = RDS_SHIM_UNSET; \
  } while(0)

void rds_shim_replica_params_init(struct rds_shim_replica_params *p)
{
  memset(p, 0, sizeof(*p));
  UNSET_SHARED(p);
  p->performance_insights_retention_period = RDS_SHIM_UNSET;
}

void rds_shim_modify_params_init(struct rds_shim_modify_params *p)
{
  memset(p, 0, sizeof(*p));
  UNSET_SHARED(p);
  p->apply_immediately = RDS_SHIM_UNSET;
}

/* What _from() allocates. */
struct params_priv {
  const char **sgs;
  const char **logs;
  struct rds_shim_tag_in *tags;
};

#define COPY_STR(dst, src) do { if(!(dst) && (src)) (dst) = (src); } while(0)
#define COPY_NUM(dst, src) \
  do { if((dst) == RDS_SHIM_UNSET && (src) != RDS_SHIM_UNSET) \
         (dst) = (src); } while(0)

enum rds_shim_code
rds_shim_replica_params_from(struct rds_shim_replica_params *p,
                             const struct rds_shim_instance *f)
{
  struct params_priv *pv;
  size_t i;
  if(!p || !f)
    return RDS_SHIM_BAD_ARGUMENT;
  rds_shim_replica_params_release(p);
  pv = calloc(1, sizeof(*pv));
  if(!pv)
    return RDS_SHIM_OUT_OF_MEMORY;
  p->priv_ = pv;

  COPY_STR(p->instance_class, f->instance_class);
  /* An AZ contradicts Multi-AZ (RDS rejects the pair): an explicit AZ
   * keeps the old Multi-AZ setting out; the old AZ is copied only for a
   * single-AZ replica. */
  if(!p->availability_zone)
    COPY_NUM(p->multi_az, f->multi_az);
  if(p->multi_az != 1)
    COPY_STR(p->availability_zone, f->availability_zone);
  COPY_NUM(p->port, f->endpoint_port);
  COPY_STR(p->storage_type, f->storage_type);
  COPY_NUM(p->iops, f->iops);
  if(!p->option_group && f->n_option_groups)
    p->option_group = f->option_groups[0].name;
  if(!p->parameter_group && f->n_parameter_groups)
    p->parameter_group = f->parameter_groups[0].name;
  if(!p->vpc_security_group_ids.n && f->n_vpc_security_groups) {
    pv->sgs = calloc(f->n_vpc_security_groups, sizeof(*pv->sgs));
    if(!pv->sgs)
      return RDS_SHIM_OUT_OF_MEMORY;
    for(i = 0; i < f->n_vpc_security_groups; i++)
      pv->sgs[i] = f->vpc_security_groups[i].name;
    p->vpc_security_group_ids.v = pv->sgs;
    p->vpc_security_group_ids.n = f->n_vpc_security_groups;
  }
  if(!p->n_tags && f->n_tags) {
    pv->tags = calloc(f->n_tags, sizeof(*pv->tags));
    if(!pv->tags)
      return RDS_SHIM_OUT_OF_MEMORY;
    for(i = 0; i < f->n_tags; i++) {
      pv->tags[i].key = f->tags[i].key;
      pv->tags[i].value = f->tags[i].value;
    }
    p->tags = pv->tags;
    p->n_tags = f->n_tags;
  }
  COPY_STR(p->kms_key_id, f->kms_key_id);
  COPY_NUM(p->monitoring_interval, f->monitoring_interval);
  COPY_STR(p->monitoring_role_arn, f->monitoring_role_arn);
  COPY_NUM(p->performance_insights, f->performance_insights_enabled);
  if(p->performance_insights == 1) {
    COPY_STR(p->performance_insights_kms_key_id,
             f->performance_insights_kms_key_id);
    COPY_NUM(p->performance_insights_retention_period,
             f->performance_insights_retention_period);
  }
  if(!p->cloudwatch_logs_exports.n && f->n_cloudwatch_logs_exports) {
    pv->logs = calloc(f->n_cloudwatch_logs_exports, sizeof(*pv->logs));
    if(!pv->logs)
      return RDS_SHIM_OUT_OF_MEMORY;
    for(i = 0; i < f->n_cloudwatch_logs_exports; i++)
      pv->logs[i] = f->cloudwatch_logs_exports[i];
    p->cloudwatch_logs_exports.v = pv->logs;
    p->cloudwatch_logs_exports.n = f->n_cloudwatch_logs_exports;
  }
  COPY_NUM(p->auto_minor_version_upgrade, f->auto_minor_version_upgrade);
  COPY_NUM(p->publicly_accessible, f->publicly_accessible);
  COPY_NUM(p->copy_tags_to_snapshot, f->copy_tags_to_snapshot);
  COPY_NUM(p->deletion_protection, f->deletion_protection);
  COPY_NUM(p->iam_auth, f->iam_auth_enabled);
  return RDS_SHIM_OK;
}

void rds_shim_replica_params_release(struct rds_shim_replica_params *p)
{
  struct params_priv *pv;
  if(!p || !p->priv_)
    return;
  pv = p->priv_;
  if(p->vpc_security_group_ids.v == pv->sgs && pv->sgs) {
    p->vpc_security_group_ids.v = NULL;
    p->vpc_security_group_ids.n = 0;
  }
  if(p->cloudwatch_logs_exports.v == pv->logs && pv->logs) {
    p->cloudwatch_logs_exports.v = NULL;
    p->cloudwatch_logs_exports.n = 0;
  }
  if(p->tags == pv->tags && pv->tags) {
    p->tags = NULL;
    p->n_tags = 0;
  }
  free(pv->sgs);
  free(pv->logs);
  free(pv->tags);
  free(pv);
  p->priv_ = NULL;
}
