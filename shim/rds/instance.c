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
  i->backup_retention_period = RDS_SHIM_UNSET;
  i->max_allocated_storage = RDS_SHIM_UNSET;
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
  free(i->preferred_backup_window);
  free(i->preferred_maintenance_window);
  free(i->ca_certificate_identifier);
  instance_init(i);
}

void rds_shim_instance_free(struct rds_shim_instance *inst)
{
  if(!inst)
    return;
  instance_release(inst);
  free(inst);
}

/* Appends the struct at item (size bytes) to the array *items of *count;
 * the caller re-initialises item, whose pointers now belong to the array. */
static enum rds_shim_code append_moved(void **items, size_t *count,
                                       size_t size, const void *item)
{
  char *n;
  if(*count >= ((size_t)-1) / size - 1)
    return RDS_SHIM_OUT_OF_MEMORY;
  n = realloc(*items, (*count + 1) * size);
  if(!n)
    return RDS_SHIM_OUT_OF_MEMORY;
  memcpy(n + *count * size, item, size);
  *items = n;
  (*count)++;
  return RDS_SHIM_OK;
}

enum rds_shim_code instance_list_append(struct rds_shim_instance_list *l,
                                        struct rds_shim_instance *i)
{
  void *items = l->items;
  enum rds_shim_code rc = append_moved(&items, &l->count, sizeof(*i), i);
  l->items = items;
  if(!rc)
    instance_init(i);
  return rc;
}

void instance_list_clear(struct rds_shim_instance_list *l)
{
  size_t i;
  for(i = 0; i < l->count; i++)
    instance_release(&l->items[i]);
  free(l->items);
  l->items = NULL;
  l->count = 0;
}

void rds_shim_instance_list_free(struct rds_shim_instance_list *list)
{
  if(!list)
    return;
  instance_list_clear(list);
  free(list);
}

const char *rds_shim_instance_param_status(const struct rds_shim_instance *i)
{
  if(!i || !i->n_parameter_groups)
    return NULL;
  return i->parameter_groups[0].status;
}

/* ---- snapshots ------------------------------------------------------- */

void shim_snapshot_init(struct rds_shim_snapshot *s)
{
  memset(s, 0, sizeof(*s));
  s->encrypted = RDS_SHIM_UNSET;
  s->percent_progress = RDS_SHIM_UNSET;
  s->allocated_storage = RDS_SHIM_UNSET;
}

void shim_snapshot_release(struct rds_shim_snapshot *s)
{
  if(!s)
    return;
  free(s->id);
  free(s->instance_id);
  free(s->status);
  free(s->kms_key_id);
  free(s->engine);
  free(s->engine_version);
  free(s->snapshot_type);
  free(s->create_time);
  free_tags(s->tags, s->n_tags);
  free(s->arn);
  free(s->source_snapshot);
  shim_snapshot_init(s);
}

void rds_shim_snapshot_free(struct rds_shim_snapshot *s)
{
  if(!s)
    return;
  shim_snapshot_release(s);
  free(s);
}

enum rds_shim_code shim_snapshot_list_append(struct rds_shim_snapshot_list *l,
                                             struct rds_shim_snapshot *s)
{
  void *items = l->items;
  enum rds_shim_code rc = append_moved(&items, &l->count, sizeof(*s), s);
  l->items = items;
  if(!rc)
    shim_snapshot_init(s);
  return rc;
}

void shim_snapshot_list_clear(struct rds_shim_snapshot_list *l)
{
  size_t i;
  for(i = 0; i < l->count; i++)
    shim_snapshot_release(&l->items[i]);
  free(l->items);
  l->items = NULL;
  l->count = 0;
}

void rds_shim_snapshot_list_free(struct rds_shim_snapshot_list *list)
{
  if(!list)
    return;
  shim_snapshot_list_clear(list);
  free(list);
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

void rds_shim_restore_params_init(struct rds_shim_restore_params *p)
{
  memset(p, 0, sizeof(*p));
  p->multi_az = p->port = p->iops = RDS_SHIM_UNSET;
  p->storage_throughput = RDS_SHIM_UNSET;
  p->publicly_accessible = p->auto_minor_version_upgrade = RDS_SHIM_UNSET;
  p->copy_tags_to_snapshot = p->deletion_protection = RDS_SHIM_UNSET;
  p->iam_auth = RDS_SHIM_UNSET;
}

void rds_shim_modify_more_init(struct rds_shim_modify_more *m)
{
  memset(m, 0, sizeof(*m));
  m->backup_retention_period = m->max_allocated_storage = RDS_SHIM_UNSET;
  m->performance_insights_retention_period = RDS_SHIM_UNSET;
  m->storage_throughput = RDS_SHIM_UNSET;
}

void rds_shim_copy_params_init(struct rds_shim_copy_params *p)
{
  memset(p, 0, sizeof(*p));
  p->copy_tags = RDS_SHIM_UNSET;
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

/* The members the replica and restore params share, by address, so one
 * function copies them for both. */
struct shared_view {
  const char **instance_class, **availability_zone, **storage_type;
  const char **option_group, **parameter_group;
  int *multi_az;
  long *port, *iops;
  struct rds_shim_strings *sgs, *logs;
  const struct rds_shim_tag_in **tags;
  size_t *n_tags;
  int *auto_minor_version_upgrade, *publicly_accessible;
  int *copy_tags_to_snapshot, *deletion_protection, *iam_auth;
  void **priv;
};

#define VIEW_OF(p) { &(p)->instance_class, &(p)->availability_zone, \
  &(p)->storage_type, &(p)->option_group, &(p)->parameter_group, \
  &(p)->multi_az, &(p)->port, &(p)->iops, &(p)->vpc_security_group_ids, \
  &(p)->cloudwatch_logs_exports, &(p)->tags, &(p)->n_tags, \
  &(p)->auto_minor_version_upgrade, &(p)->publicly_accessible, \
  &(p)->copy_tags_to_snapshot, &(p)->deletion_protection, &(p)->iam_auth, \
  &(p)->priv_ }

/* Points *dst at a new array of n borrowed strings; -1 out of memory. */
static int borrow_strs(const char ***store, struct rds_shim_strings *dst,
                       char *const *src, size_t stride, size_t n)
{
  size_t i;
  *store = calloc(n, sizeof(**store));
  if(!*store)
    return -1;
  for(i = 0; i < n; i++)
    (*store)[i] = *(char *const *)(const void *)
                  ((const char *)src + i * stride);
  dst->v = *store;
  dst->n = n;
  return 0;
}

static enum rds_shim_code copy_tags(struct params_priv *pv,
                                    const struct shared_view *v,
                                    const struct rds_shim_instance *f)
{
  size_t i;
  if(*v->n_tags || !f->n_tags)
    return RDS_SHIM_OK;
  pv->tags = calloc(f->n_tags, sizeof(*pv->tags));
  if(!pv->tags)
    return RDS_SHIM_OUT_OF_MEMORY;
  for(i = 0; i < f->n_tags; i++) {
    pv->tags[i].key = f->tags[i].key;
    pv->tags[i].value = f->tags[i].value;
  }
  *v->tags = pv->tags;
  *v->n_tags = f->n_tags;
  return RDS_SHIM_OK;
}

/* Copies the shared members from f where still unset. */
static enum rds_shim_code copy_shared(const struct shared_view *v,
                                      const struct rds_shim_instance *f)
{
  struct params_priv *pv = calloc(1, sizeof(*pv));
  if(!pv)
    return RDS_SHIM_OUT_OF_MEMORY;
  *v->priv = pv;
  COPY_STR(*v->instance_class, f->instance_class);
  /* An AZ contradicts Multi-AZ (RDS rejects the pair): an explicit AZ
   * keeps the old Multi-AZ setting out; the old AZ is copied only for a
   * single-AZ instance. */
  if(!*v->availability_zone)
    COPY_NUM(*v->multi_az, f->multi_az);
  if(*v->multi_az != 1)
    COPY_STR(*v->availability_zone, f->availability_zone);
  COPY_NUM(*v->port, f->endpoint_port);
  COPY_STR(*v->storage_type, f->storage_type);
  COPY_NUM(*v->iops, f->iops);
  if(!*v->option_group && f->n_option_groups)
    *v->option_group = f->option_groups[0].name;
  if(!*v->parameter_group && f->n_parameter_groups)
    *v->parameter_group = f->parameter_groups[0].name;
  if(!v->sgs->n && f->n_vpc_security_groups &&
     borrow_strs(&pv->sgs, v->sgs, &f->vpc_security_groups[0].name,
                 sizeof(f->vpc_security_groups[0]),
                 f->n_vpc_security_groups))
    return RDS_SHIM_OUT_OF_MEMORY;
  if(!v->logs->n && f->n_cloudwatch_logs_exports &&
     borrow_strs(&pv->logs, v->logs, f->cloudwatch_logs_exports,
                 sizeof(char *), f->n_cloudwatch_logs_exports))
    return RDS_SHIM_OUT_OF_MEMORY;
  COPY_NUM(*v->auto_minor_version_upgrade, f->auto_minor_version_upgrade);
  COPY_NUM(*v->publicly_accessible, f->publicly_accessible);
  COPY_NUM(*v->copy_tags_to_snapshot, f->copy_tags_to_snapshot);
  COPY_NUM(*v->deletion_protection, f->deletion_protection);
  COPY_NUM(*v->iam_auth, f->iam_auth_enabled);
  return copy_tags(pv, v, f);
}

/* Frees what copy_shared() allocated, unhooking the members that still
 * point at it. */
static void release_shared(const struct shared_view *v)
{
  struct params_priv *pv = *v->priv;
  if(!pv)
    return;
  if(v->sgs->v == pv->sgs && pv->sgs) {
    v->sgs->v = NULL;
    v->sgs->n = 0;
  }
  if(v->logs->v == pv->logs && pv->logs) {
    v->logs->v = NULL;
    v->logs->n = 0;
  }
  if(*v->tags == pv->tags && pv->tags) {
    *v->tags = NULL;
    *v->n_tags = 0;
  }
  free(pv->sgs);
  free(pv->logs);
  free(pv->tags);
  free(pv);
  *v->priv = NULL;
}

enum rds_shim_code
rds_shim_replica_params_from(struct rds_shim_replica_params *p,
                             const struct rds_shim_instance *f)
{
  enum rds_shim_code rc;
  if(!p || !f)
    return RDS_SHIM_BAD_ARGUMENT;
  rds_shim_replica_params_release(p);
  {
    struct shared_view v = VIEW_OF(p);
    rc = copy_shared(&v, f);
  }
  if(rc)
    return rc;
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
  return RDS_SHIM_OK;
}

void rds_shim_replica_params_release(struct rds_shim_replica_params *p)
{
  if(p) {
    struct shared_view v = VIEW_OF(p);
    release_shared(&v);
  }
}

enum rds_shim_code
rds_shim_restore_params_from(struct rds_shim_restore_params *p,
                             const struct rds_shim_instance *f)
{
  enum rds_shim_code rc;
  int own_og;
  if(!p || !f)
    return RDS_SHIM_BAD_ARGUMENT;
  rds_shim_restore_params_release(p);
  own_og = p->option_group != NULL;
  {
    struct shared_view v = VIEW_OF(p);
    rc = copy_shared(&v, f);
  }
  if(rc)
    return rc;
  /* A default option group is what the restore gets anyway (the one of
   * the snapshot's engine version); naming it only risks a "not found". */
  if(!own_og && p->option_group &&
     !strncmp(p->option_group, "default:", 8))
    p->option_group = NULL;
  COPY_STR(p->db_subnet_group_name, f->db_subnet_group_name);
  COPY_NUM(p->storage_throughput, f->storage_throughput);
  COPY_STR(p->ca_certificate_identifier, f->ca_certificate_identifier);
  return RDS_SHIM_OK;
}

void rds_shim_restore_params_release(struct rds_shim_restore_params *p)
{
  if(p) {
    struct shared_view v = VIEW_OF(p);
    release_shared(&v);
  }
}
