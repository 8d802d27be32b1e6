/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rds.c - the RDS Query API calls: DescribeDBInstances (one, or all with
 * Marker pagination), CreateDBInstanceReadReplica, ModifyDBInstance and
 * RebootDBInstance, each one rds_call() (rds/call.c) and the parsing of
 * its answer (rds/xml.c).
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
#include "rds/xml.h"

#define MAX_PAGES 10000

/* Runs a call whose answer holds DBInstance(s); parses into list. */
static enum rds_shim_code call_parse(struct rds_shim *h, struct query *q,
                                     struct rds_shim_instance_list *list,
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
  if(!rc) {
    char why[256];
    char *rid = NULL;
    rc = xml_parse_instances(buf_str(&resp.body), resp.body.len, action,
                             list, marker, &rid, why, sizeof(why));
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

static void list_release(struct rds_shim_instance_list *l)
{
  size_t i;
  for(i = 0; i < l->count; i++)
    instance_release(&l->items[i]);
  free(l->items);
  l->items = NULL;
  l->count = 0;
}

/* Starts the query of a call on one instance. */
static void begin(struct query *q, const char *action, const char *id)
{
  query_init(q);
  query_add(q, "Action", action);
  query_add(q, "Version", SHIM_API_VERSION);
  query_add(q, "DBInstanceIdentifier", id);
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
  list_release(&l);
  query_release(q);
  return rc;
}

/* ARN or plain id: compare the identifier part. */
static int same_id(const char *a, const char *b)
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
  else if(!rc && !same_id(l.items[0].id, id))  /* id or ARN asked */
    rc = shim_fail(h, RDS_SHIM_BAD_RESPONSE,
                   "DescribeDBInstances: asked for \"%s\", got \"%s\"", id,
                   l.items[0].id);
  if(!rc)
    rc = take_one(h, &l, out);
  list_release(&l);
  query_release(&q);
  return rc;
}

enum rds_shim_code rds_shim_describe_all(struct rds_shim *h,
                                         struct rds_shim_instance_list **out)
{
  struct rds_shim_instance_list *l;
  char *marker = NULL;
  enum rds_shim_code rc = RDS_SHIM_OK;
  int page;
  if(out)
    *out = NULL;
  if(!h || !out)
    return RDS_SHIM_BAD_ARGUMENT;
  l = calloc(1, sizeof(*l));
  if(!l)
    return shim_fail(h, RDS_SHIM_OUT_OF_MEMORY, "out of memory");
  for(page = 1; page <= MAX_PAGES; page++) {
    struct query q;
    char *next = NULL;
    query_init(&q);
    query_add(&q, "Action", "DescribeDBInstances");
    query_add(&q, "Version", SHIM_API_VERSION);
    if(h->page_size > 0)
      query_add_long(&q, "MaxRecords", h->page_size);
    if(marker)
      query_add(&q, "Marker", marker);
    rc = call_parse(h, &q, l, &next, NULL, NULL);
    query_release(&q);
    if(!rc && next && marker && !strcmp(next, marker))
      rc = shim_fail(h, RDS_SHIM_BAD_RESPONSE,
                     "DescribeDBInstances: the Marker did not advance");
    free(marker);
    marker = next;
    if(rc || !marker)
      break;
    shim_log(h, RDS_SHIM_LOG_DEBUG, "DescribeDBInstances: page %d done, "
             "%zu instances so far", page, l->count);
  }
  if(!rc && marker)
    rc = shim_fail(h, RDS_SHIM_BAD_RESPONSE,
                   "DescribeDBInstances: more than %d pages", MAX_PAGES);
  free(marker);
  if(rc) {
    rds_shim_instance_list_free(l);
    return rc;
  }
  *out = l;
  return RDS_SHIM_OK;
}

static void add_opt(struct query *q, const char *name, const char *v)
{
  if(v)
    query_add(q, name, v);
}

static void add_num(struct query *q, const char *name, long v)
{
  if(v != RDS_SHIM_UNSET)
    query_add_long(q, name, v);
}

static void add_tri(struct query *q, const char *name, int v)
{
  if(v != RDS_SHIM_UNSET)
    query_add_bool(q, name, v);
}

static void add_tags(struct query *q, const struct rds_shim_tag_in *t,
                     size_t n)
{
  size_t i;
  for(i = 0; i < n; i++) {
    char name[64];
    snprintf(name, sizeof(name), "Tags.Tag.%zu.Key", i + 1);
    query_add(q, name, t[i].key);
    snprintf(name, sizeof(name), "Tags.Tag.%zu.Value", i + 1);
    query_add(q, name, t[i].value ? t[i].value : "");
  }
}

/* The CreateDBInstanceReadReplica query, members in botocore's order. */
static void replica_query(struct query *q,
                          const struct rds_shim_replica_params *p)
{
  begin(q, "CreateDBInstanceReadReplica", p->id);
  query_add(q, "SourceDBInstanceIdentifier", p->source_id);
  add_opt(q, "DBInstanceClass", p->instance_class);
  add_opt(q, "AvailabilityZone", p->availability_zone);
  add_num(q, "Port", p->port);
  add_tri(q, "MultiAZ", p->multi_az);
  add_tri(q, "AutoMinorVersionUpgrade", p->auto_minor_version_upgrade);
  add_num(q, "Iops", p->iops);
  add_opt(q, "OptionGroupName", p->option_group);
  add_opt(q, "DBParameterGroupName", p->parameter_group);
  add_tri(q, "PubliclyAccessible", p->publicly_accessible);
  add_tags(q, p->tags, p->n_tags);
  add_opt(q, "DBSubnetGroupName", p->db_subnet_group_name);
  query_add_list(q, "VpcSecurityGroupIds", "VpcSecurityGroupId",
                 p->vpc_security_group_ids.v, p->vpc_security_group_ids.n);
  add_opt(q, "StorageType", p->storage_type);
  add_tri(q, "CopyTagsToSnapshot", p->copy_tags_to_snapshot);
  add_num(q, "MonitoringInterval", p->monitoring_interval);
  add_opt(q, "MonitoringRoleArn", p->monitoring_role_arn);
  add_opt(q, "KmsKeyId", p->kms_key_id);
  add_tri(q, "EnableIAMDatabaseAuthentication", p->iam_auth);
  add_tri(q, "EnablePerformanceInsights", p->performance_insights);
  add_opt(q, "PerformanceInsightsKMSKeyId",
          p->performance_insights_kms_key_id);
  add_num(q, "PerformanceInsightsRetentionPeriod",
          p->performance_insights_retention_period);
  query_add_list(q, "EnableCloudwatchLogsExports", "member",
                 p->cloudwatch_logs_exports.v, p->cloudwatch_logs_exports.n);
  add_tri(q, "DeletionProtection", p->deletion_protection);
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
     same_id(got->read_replica_source, p->source_id) &&
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

  if(out)
    *out = NULL;
  if(!h)
    return RDS_SHIM_BAD_ARGUMENT;
  if(!p || !p->id || !*p->id || !p->source_id || !*p->source_id)
    return shim_fail(h, RDS_SHIM_BAD_ARGUMENT,
                     "create-read-replica: need an id and a source id");
  if(p->multi_az == 1 && p->availability_zone)
    return shim_fail(h, RDS_SHIM_BAD_ARGUMENT,
                     "create-read-replica: an availability zone cannot be "
                     "combined with Multi-AZ");
  memset(&err, 0, sizeof(err));
  replica_query(&q, p);
  rc = call_parse(h, &q, &l, NULL, &err, &attempts);
  if(rc == RDS_SHIM_AWS_ERROR && attempts > 1 && err.code &&
     !strcmp(err.code, "DBInstanceAlreadyExists"))
    rc = accept_existing(h, p, out);
  else if(!rc)
    rc = take_one(h, &l, out);
  aws_error_release(&err);
  list_release(&l);
  query_release(&q);
  return rc;
}

/* The ModifyDBInstance query, members in botocore's order. */
static void modify_query(struct query *q,
                         const struct rds_shim_modify_params *p)
{
  begin(q, "ModifyDBInstance", p->id);
  add_opt(q, "DBInstanceClass", p->instance_class);
  query_add_list(q, "VpcSecurityGroupIds", "VpcSecurityGroupId",
                 p->vpc_security_group_ids.v, p->vpc_security_group_ids.n);
  add_tri(q, "ApplyImmediately", p->apply_immediately);
  add_opt(q, "DBParameterGroupName", p->parameter_group);
  add_tri(q, "MultiAZ", p->multi_az);
  add_tri(q, "AutoMinorVersionUpgrade", p->auto_minor_version_upgrade);
  add_num(q, "Iops", p->iops);
  add_opt(q, "OptionGroupName", p->option_group);
  add_opt(q, "StorageType", p->storage_type);
  add_tri(q, "CopyTagsToSnapshot", p->copy_tags_to_snapshot);
  add_num(q, "MonitoringInterval", p->monitoring_interval);
  add_num(q, "DBPortNumber", p->port);
  add_tri(q, "PubliclyAccessible", p->publicly_accessible);
  add_opt(q, "MonitoringRoleArn", p->monitoring_role_arn);
  add_tri(q, "EnableIAMDatabaseAuthentication", p->iam_auth);
  add_tri(q, "EnablePerformanceInsights", p->performance_insights);
  add_opt(q, "PerformanceInsightsKMSKeyId",
          p->performance_insights_kms_key_id);
  query_add_list(q, "CloudwatchLogsExportConfiguration.EnableLogTypes",
                 "member", p->enable_logs_exports.v,
                 p->enable_logs_exports.n);
  query_add_list(q, "CloudwatchLogsExportConfiguration.DisableLogTypes",
                 "member", p->disable_logs_exports.v,
                 p->disable_logs_exports.n);
  add_tri(q, "DeletionProtection", p->deletion_protection);
}

enum rds_shim_code rds_shim_modify(struct rds_shim *h,
                                   const struct rds_shim_modify_params *p,
                                   struct rds_shim_instance **out)
{
  struct query q;
  if(out)
    *out = NULL;
  if(!h)
    return RDS_SHIM_BAD_ARGUMENT;
  if(!p || !p->id || !*p->id)
    return shim_fail(h, RDS_SHIM_BAD_ARGUMENT, "modify: no instance id");
  modify_query(&q, p);
  return call_one(h, &q, out);
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
  add_tri(&q, "ForceFailover", force_failover);
  return call_one(h, &q, out);
}
