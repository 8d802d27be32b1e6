/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rds.c - the RDS Query API calls on DB instances: DescribeDBInstances
 * (one, or all with Marker pagination), CreateDBInstanceReadReplica,
 * ModifyDBInstance (with a rename), RestoreDBInstanceFromDBSnapshot,
 * RebootDBInstance and AddTagsToResource, each one rds_call()
 * (rds/call.c) and the parsing of its answer (rds/xml.c). The snapshot
 * calls are in rds/snapshot.c.
 */
#include "rds_shim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "core/handle.h"
#include "http/http.h"
#include "http/query.h"
#include "rds/call.h"
#include "rds/instance.h"
#include "rds/rds.h"
#include "rds/xml.h"

#define MAX_PAGES 10000

/* Runs a call and parses its answer with parse into list (and *marker,
 * optional); the handle's message says what went wrong. */
enum rds_shim_code rds_call_parse(struct rds_shim *h, struct query *q,
                                  rds_parse_fn parse, void *list,
                                  char **marker, struct aws_error *err,
                                  int *attempts)
{
  struct http_response resp;
  enum rds_shim_code rc;
  const char *action = query_get(q, "Action");

  if(q->failed)
    return shim_fail(h, RDS_SHIM_OUT_OF_MEMORY, "out of memory");
  http_response_init(&resp);
  rc = rds_call(h, q, &resp, err, attempts);
  if(!rc && parse) {
    char why[256];
    char *rid = NULL;
    rc = parse(buf_str(&resp.body), resp.body.len, action, list, marker,
               &rid, why, sizeof(why));
    if(rc == RDS_SHIM_BAD_RESPONSE)
      shim_fail(h, rc, "%s: malformed response: %s (HTTP %ld, %zu bytes, "
                "request id %s)", action, why, resp.status, resp.body.len,
                rid ? rid : resp.amz_request_id ? resp.amz_request_id :
                "none");
    else if(rc)
      shim_fail(h, rc, "out of memory");
    else
      shim_log(h, RDS_SHIM_LOG_DEBUG, "%s: ok (request id %s)", action,
               rid ? rid : "none");
    free(rid);
  }
  http_response_release(&resp);
  return rc;
}

static enum rds_shim_code parse_instances(const char *body, size_t len,
                                          const char *action, void *list,
                                          char **marker, char **rid,
                                          char *why, size_t why_len)
{
  return xml_parse_instances(body, len, action, list, marker, rid, why,
                             why_len);
}

static enum rds_shim_code call_parse(struct rds_shim *h, struct query *q,
                                     struct rds_shim_instance_list *list,
                                     char **marker, struct aws_error *err,
                                     int *attempts)
{
  return rds_call_parse(h, q, parse_instances, list, marker, err,
                        attempts);
}

static enum rds_shim_code take_one(struct rds_shim *h,
                                   struct rds_shim_instance_list *l,
                                   struct rds_shim_instance **out)
{
  if(!out)
    return RDS_SHIM_OK;
  *out = malloc(sizeof(**out));
  if(!*out)
    return shim_fail(h, RDS_SHIM_OUT_OF_MEMORY, "out of memory");
  **out = l->items[0];
  instance_init(&l->items[0]);
  return RDS_SHIM_OK;
}

/* Starts the query of a call; id_name = id when id is not NULL. */
void rds_begin(struct query *q, const char *action, const char *id_name,
               const char *id)
{
  query_init(q);
  query_add(q, "Action", action);
  query_add(q, "Version", SHIM_API_VERSION);
  if(id)
    query_add(q, id_name, id);
}

/* Starts the query of a call on one instance. */
static void begin(struct query *q, const char *action, const char *id)
{
  rds_begin(q, action, "DBInstanceIdentifier", id);
}

/* Runs a call answering with one DBInstance into *out (optional), then
 * releases the query. */
static enum rds_shim_code call_one(struct rds_shim *h, struct query *q,
                                   struct rds_shim_instance **out)
{
  struct rds_shim_instance_list l = { NULL, 0 };
  enum rds_shim_code rc = call_parse(h, q, &l, NULL, NULL, NULL);
  if(!rc)
    rc = take_one(h, &l, out);
  instance_list_clear(&l);
  query_release(q);
  return rc;
}

/* ARN or plain id: compare the identifier part. */
int rds_same_id(const char *a, const char *b)
{
  const char *x, *y;
  if(!a || !b)
    return 0;
  x = strrchr(a, ':');
  y = strrchr(b, ':');
  return !strcmp(x ? x + 1 : a, y ? y + 1 : b);
}

enum rds_shim_code rds_shim_describe(struct rds_shim *h, const char *id,
                                     struct rds_shim_instance **out)
{
  struct query q;
  struct rds_shim_instance_list l = { NULL, 0 };
  enum rds_shim_code rc;
  if(out)
    *out = NULL;
  if(!h)
    return RDS_SHIM_BAD_ARGUMENT;
  if(!id || !*id)
    return shim_fail(h, RDS_SHIM_BAD_ARGUMENT, "describe: no instance id");
  begin(&q, "DescribeDBInstances", id);
  rc = call_parse(h, &q, &l, NULL, NULL, NULL);
  if(!rc && l.count == 0)
    rc = shim_fail(h, RDS_SHIM_NOT_FOUND,
                   "DescribeDBInstances: DB instance \"%s\" not found", id);
  else if(!rc && !rds_same_id(l.items[0].id, id))  /* id or ARN asked */
    rc = shim_fail(h, RDS_SHIM_BAD_RESPONSE,
                   "DescribeDBInstances: asked for \"%s\", got \"%s\"", id,
                   l.items[0].id);
  if(!rc)
    rc = take_one(h, &l, out);
  instance_list_clear(&l);
  query_release(&q);
  return rc;
}

enum rds_shim_code rds_paginate(struct rds_shim *h, const char *action,
                                const char *filter_name, const char *filter,
                                rds_parse_fn parse, void *list,
                                const size_t *count)
{
  char *marker = NULL;
  enum rds_shim_code rc = RDS_SHIM_OK;
  int page;
  for(page = 1; page <= MAX_PAGES; page++) {
    struct query q;
    char *next = NULL;
    rds_begin(&q, action, filter_name, filter);
    if(h->page_size > 0)
      query_add_long(&q, "MaxRecords", h->page_size);
    if(marker)
      query_add(&q, "Marker", marker);
    rc = rds_call_parse(h, &q, parse, list, &next, NULL, NULL);
    query_release(&q);
    if(!rc && next && marker && !strcmp(next, marker))
      rc = shim_fail(h, RDS_SHIM_BAD_RESPONSE,
                     "%s: the Marker did not advance", action);
    free(marker);
    marker = next;
    if(rc || !marker)
      break;
    shim_log(h, RDS_SHIM_LOG_DEBUG, "%s: page %d done, %zu so far", action,
             page, *count);
  }
  if(!rc && marker)
    rc = shim_fail(h, RDS_SHIM_BAD_RESPONSE, "%s: more than %d pages",
                   action, MAX_PAGES);
  free(marker);
  return rc;
}

enum rds_shim_code rds_shim_describe_all(struct rds_shim *h,
                                         struct rds_shim_instance_list **out)
{
  struct rds_shim_instance_list *l;
  enum rds_shim_code rc;
  if(out)
    *out = NULL;
  if(!h || !out)
    return RDS_SHIM_BAD_ARGUMENT;
  l = calloc(1, sizeof(*l));
  if(!l)
    return shim_fail(h, RDS_SHIM_OUT_OF_MEMORY, "out of memory");
  rc = rds_paginate(h, "DescribeDBInstances", NULL, NULL, parse_instances,
                    l, &l->count);
  if(rc) {
    rds_shim_instance_list_free(l);
    return rc;
  }
  *out = l;
  return RDS_SHIM_OK;
}

/* The checks a create or a restore of the new instance id makes before
 * any request: the id and the id of what it is made from (named by
 * from_what), and no availability zone with Multi-AZ. */
static enum rds_shim_code check_new(struct rds_shim *h, const char *what,
                                    const char *from_what, const char *id,
                                    const char *from, int multi_az,
                                    const char *az,
                                    struct rds_shim_instance **out)
{
  if(out)
    *out = NULL;
  if(!h)
    return RDS_SHIM_BAD_ARGUMENT;
  if(!id || !*id || !from || !*from)
    return shim_fail(h, RDS_SHIM_BAD_ARGUMENT, "%s: need an id and a %s "
                     "id", what, from_what);
  if(multi_az == 1 && az)
    return shim_fail(h, RDS_SHIM_BAD_ARGUMENT, "%s: an availability zone "
                     "cannot be combined with Multi-AZ", what);
  return RDS_SHIM_OK;
}

/* The CreateDBInstanceReadReplica query, members in botocore's order. */
static void replica_query(struct query *q,
                          const struct rds_shim_replica_params *p)
{
  begin(q, "CreateDBInstanceReadReplica", p->id);
  query_add(q, "SourceDBInstanceIdentifier", p->source_id);
  query_add_opt(q, "DBInstanceClass", p->instance_class);
  query_add_opt(q, "AvailabilityZone", p->availability_zone);
  query_add_num(q, "Port", p->port);
  query_add_tri(q, "MultiAZ", p->multi_az);
  query_add_tri(q, "AutoMinorVersionUpgrade", p->auto_minor_version_upgrade);
  query_add_num(q, "Iops", p->iops);
  query_add_opt(q, "OptionGroupName", p->option_group);
  query_add_opt(q, "DBParameterGroupName", p->parameter_group);
  query_add_tri(q, "PubliclyAccessible", p->publicly_accessible);
  query_add_tags(q, p->tags, p->n_tags);
  query_add_opt(q, "DBSubnetGroupName", p->db_subnet_group_name);
  query_add_list(q, "VpcSecurityGroupIds", "VpcSecurityGroupId",
                 p->vpc_security_group_ids.v, p->vpc_security_group_ids.n);
  query_add_opt(q, "StorageType", p->storage_type);
  query_add_tri(q, "CopyTagsToSnapshot", p->copy_tags_to_snapshot);
  query_add_num(q, "MonitoringInterval", p->monitoring_interval);
  query_add_opt(q, "MonitoringRoleArn", p->monitoring_role_arn);
  query_add_opt(q, "KmsKeyId", p->kms_key_id);
  query_add_tri(q, "EnableIAMDatabaseAuthentication", p->iam_auth);
  query_add_tri(q, "EnablePerformanceInsights", p->performance_insights);
  query_add_opt(q, "PerformanceInsightsKMSKeyId",
          p->performance_insights_kms_key_id);
  query_add_num(q, "PerformanceInsightsRetentionPeriod",
          p->performance_insights_retention_period);
  query_add_list(q, "EnableCloudwatchLogsExports", "member",
                 p->cloudwatch_logs_exports.v, p->cloudwatch_logs_exports.n);
  query_add_tri(q, "DeletionProtection", p->deletion_protection);
}

/* A retried create met DBInstanceAlreadyExists: an earlier attempt may
 * have created the instance and then lost the answer. Accepts it (code OK,
 * message cleared) if it is what was asked for, else keeps the error. */
static enum rds_shim_code
accept_existing(struct rds_shim *h, const struct rds_shim_replica_params *p,
                struct rds_shim_instance **out)
{
  struct rds_shim_instance *got = NULL;
  char saved[sizeof(h->errmsg)];
  memcpy(saved, h->errmsg, sizeof(saved));
  shim_log(h, RDS_SHIM_LOG_INFO, "create-read-replica: \"%s\" exists "
           "after a retried create; checking it is ours", p->id);
  if(!rds_shim_describe(h, p->id, &got) &&
     rds_same_id(got->read_replica_source, p->source_id) &&
     (!p->instance_class || (got->instance_class &&
                             !strcmp(got->instance_class,
                                     p->instance_class)))) {
    shim_log(h, RDS_SHIM_LOG_INFO, "create-read-replica: \"%s\" is a "
             "replica of \"%s\": the retried create succeeded", p->id,
             p->source_id);
    h->errmsg[0] = 0;
    if(out)
      *out = got;
    else
      rds_shim_instance_free(got);
    return RDS_SHIM_OK;
  }
  rds_shim_instance_free(got);
  memcpy(h->errmsg, saved, sizeof(saved));
  return RDS_SHIM_AWS_ERROR;
}

enum rds_shim_code
rds_shim_create_read_replica(struct rds_shim *h,
                             const struct rds_shim_replica_params *p,
                             struct rds_shim_instance **out)
{
  struct query q;
  struct rds_shim_instance_list l = { NULL, 0 };
  struct aws_error err;
  enum rds_shim_code rc;
  int attempts = 0;

  rc = check_new(h, "create-read-replica", "source", p ? p->id : NULL,
                 p ? p->source_id : NULL, p ? p->multi_az : 0,
                 p ? p->availability_zone : NULL, out);
  if(rc)
    return rc;
  memset(&err, 0, sizeof(err));
  replica_query(&q, p);
  rc = call_parse(h, &q, &l, NULL, &err, &attempts);
  if(rc == RDS_SHIM_AWS_ERROR && attempts > 1 && err.code &&
     !strcmp(err.code, "DBInstanceAlreadyExists"))
    rc = accept_existing(h, p, out);
  else if(!rc)
    rc = take_one(h, &l, out);
  aws_error_release(&err);
  instance_list_clear(&l);
  query_release(&q);
  return rc;
}

/* The ModifyDBInstance query, members in botocore's order. */
static void modify_query(struct query *q,
                         const struct rds_shim_modify_params *p)
{
  begin(q, "ModifyDBInstance", p->id);
  query_add_opt(q, "DBInstanceClass", p->instance_class);
  query_add_list(q, "VpcSecurityGroupIds", "VpcSecurityGroupId",
                 p->vpc_security_group_ids.v, p->vpc_security_group_ids.n);
  query_add_tri(q, "ApplyImmediately", p->apply_immediately);
  query_add_opt(q, "DBParameterGroupName", p->parameter_group);
  query_add_tri(q, "MultiAZ", p->multi_az);
  query_add_tri(q, "AutoMinorVersionUpgrade", p->auto_minor_version_upgrade);
  query_add_num(q, "Iops", p->iops);
  query_add_opt(q, "OptionGroupName", p->option_group);
  query_add_opt(q, "StorageType", p->storage_type);
  query_add_tri(q, "CopyTagsToSnapshot", p->copy_tags_to_snapshot);
  query_add_num(q, "MonitoringInterval", p->monitoring_interval);
  query_add_num(q, "DBPortNumber", p->port);
  query_add_tri(q, "PubliclyAccessible", p->publicly_accessible);
  query_add_opt(q, "MonitoringRoleArn", p->monitoring_role_arn);
  query_add_tri(q, "EnableIAMDatabaseAuthentication", p->iam_auth);
  query_add_tri(q, "EnablePerformanceInsights", p->performance_insights);
  query_add_opt(q, "PerformanceInsightsKMSKeyId",
          p->performance_insights_kms_key_id);
  query_add_list(q, "CloudwatchLogsExportConfiguration.EnableLogTypes",
                 "member", p->enable_logs_exports.v,
                 p->enable_logs_exports.n);
  query_add_list(q, "CloudwatchLogsExportConfiguration.DisableLogTypes",
                 "member", p->disable_logs_exports.v,
                 p->disable_logs_exports.n);
  query_add_tri(q, "DeletionProtection", p->deletion_protection);
}

/* What rds_shim_modify_ex() adds to the ModifyDBInstance query. */
static void modify_more_query(struct query *q,
                              const struct rds_shim_modify_more *m)
{
  query_add_opt(q, "NewDBInstanceIdentifier", m->new_id);
  query_add_num(q, "BackupRetentionPeriod", m->backup_retention_period);
  query_add_opt(q, "PreferredBackupWindow", m->preferred_backup_window);
  query_add_opt(q, "PreferredMaintenanceWindow",
                m->preferred_maintenance_window);
  query_add_num(q, "MaxAllocatedStorage", m->max_allocated_storage);
  query_add_opt(q, "CACertificateIdentifier", m->ca_certificate_identifier);
  query_add_num(q, "PerformanceInsightsRetentionPeriod",
                m->performance_insights_retention_period);
  query_add_num(q, "StorageThroughput", m->storage_throughput);
}

void rds_modify_query(struct query *q,
                      const struct rds_shim_modify_params *p,
                      const struct rds_shim_modify_more *m)
{
  modify_query(q, p);
  if(m)
    modify_more_query(q, m);
}

enum rds_shim_code rds_shim_modify_ex(struct rds_shim *h,
                                      const struct rds_shim_modify_params *p,
                                      const struct rds_shim_modify_more *m,
                                      struct rds_shim_instance **out)
{
  struct query q;
  if(out)
    *out = NULL;
  if(!h)
    return RDS_SHIM_BAD_ARGUMENT;
  if(!p || !p->id || !*p->id)
    return shim_fail(h, RDS_SHIM_BAD_ARGUMENT, "modify: no instance id");
  if(m && m->new_id && !*m->new_id)
    return shim_fail(h, RDS_SHIM_BAD_ARGUMENT, "modify: empty new id");
  rds_modify_query(&q, p, m);
  return call_one(h, &q, out);
}

enum rds_shim_code rds_shim_modify(struct rds_shim *h,
                                   const struct rds_shim_modify_params *p,
                                   struct rds_shim_instance **out)
{
  return rds_shim_modify_ex(h, p, NULL, out);
}

void rds_restore_query(struct query *q,
                       const struct rds_shim_restore_params *p)
{
  begin(q, "RestoreDBInstanceFromDBSnapshot", p->id);
  query_add(q, "DBSnapshotIdentifier", p->snapshot_id);
  query_add_opt(q, "DBInstanceClass", p->instance_class);
  query_add_num(q, "Port", p->port);
  query_add_opt(q, "AvailabilityZone", p->availability_zone);
  query_add_opt(q, "DBSubnetGroupName", p->db_subnet_group_name);
  query_add_tri(q, "MultiAZ", p->multi_az);
  query_add_tri(q, "PubliclyAccessible", p->publicly_accessible);
  query_add_tri(q, "AutoMinorVersionUpgrade", p->auto_minor_version_upgrade);
  query_add_num(q, "Iops", p->iops);
  query_add_num(q, "StorageThroughput", p->storage_throughput);
  query_add_opt(q, "OptionGroupName", p->option_group);
  query_add_tags(q, p->tags, p->n_tags);
  query_add_opt(q, "StorageType", p->storage_type);
  query_add_list(q, "VpcSecurityGroupIds", "VpcSecurityGroupId",
                 p->vpc_security_group_ids.v, p->vpc_security_group_ids.n);
  query_add_tri(q, "CopyTagsToSnapshot", p->copy_tags_to_snapshot);
  query_add_tri(q, "EnableIAMDatabaseAuthentication", p->iam_auth);
  query_add_list(q, "EnableCloudwatchLogsExports", "member",
                 p->cloudwatch_logs_exports.v, p->cloudwatch_logs_exports.n);
  query_add_opt(q, "DBParameterGroupName", p->parameter_group);
  query_add_tri(q, "DeletionProtection", p->deletion_protection);
  query_add_opt(q, "CACertificateIdentifier", p->ca_certificate_identifier);
}

enum rds_shim_code
rds_shim_restore(struct rds_shim *h, const struct rds_shim_restore_params *p,
                 struct rds_shim_instance **out)
{
  struct query q;
  enum rds_shim_code rc = check_new(h, "restore", "snapshot",
                                    p ? p->id : NULL,
                                    p ? p->snapshot_id : NULL,
                                    p ? p->multi_az : 0,
                                    p ? p->availability_zone : NULL, out);
  if(rc)
    return rc;
  rds_restore_query(&q, p);
  return call_one(h, &q, out);
}

enum rds_shim_code rds_shim_add_tags(struct rds_shim *h, const char *arn,
                                     const struct rds_shim_tag_in *tags,
                                     size_t n_tags)
{
  struct query q;
  enum rds_shim_code rc;
  if(!h)
    return RDS_SHIM_BAD_ARGUMENT;
  if(!arn || !*arn || !tags || !n_tags)
    return shim_fail(h, RDS_SHIM_BAD_ARGUMENT,
                     "add-tags: need an ARN and at least one tag");
  rds_begin(&q, "AddTagsToResource", "ResourceName", arn);
  query_add_tags(&q, tags, n_tags);
  rc = rds_call_parse(h, &q, NULL, NULL, NULL, NULL, NULL);
  query_release(&q);
  return rc;
}

enum rds_shim_code rds_shim_reboot(struct rds_shim *h, const char *id,
                                   int force_failover,
                                   struct rds_shim_instance **out)
{
  struct query q;
  if(out)
    *out = NULL;
  if(!h)
    return RDS_SHIM_BAD_ARGUMENT;
  if(!id || !*id)
    return shim_fail(h, RDS_SHIM_BAD_ARGUMENT, "reboot: no instance id");
  begin(&q, "RebootDBInstance", id);
  query_add_tri(&q, "ForceFailover", force_failover);
  return call_one(h, &q, out);
}
