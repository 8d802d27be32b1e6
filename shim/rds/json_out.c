/* SPDX-License-Identifier: Apache-2.0 */
/*
 * json_out.c - DB instances and snapshots as JSON shaped like the AWS
 * CLI's output ({"DBInstances":[...]} / {"DBInstance":{...}}, the same
 * with DBSnapshots / DBSnapshot), member names as in the
 * RDS API. Members missing from the response are left out, as the CLI
 * does. Built with cJSON; nothing is printed here.
 */
#include "rds_shim.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "numparse.h"

static int add_str(cJSON *o, const char *k, const char *v)
{
  return !v || cJSON_AddStringToObject(o, k, v) ? 0 : -1;
}

static int add_num(cJSON *o, const char *k, long v)
{
  return v == RDS_SHIM_UNSET || cJSON_AddNumberToObject(o, k, (double)v) ?
         0 : -1;
}

static int add_bool(cJSON *o, const char *k, int v)
{
  return v == RDS_SHIM_UNSET || cJSON_AddBoolToObject(o, k, v) ? 0 : -1;
}

/* Adds the array k to o into *a; leaves *a NULL when n is 0 and the
 * array is not always shown. -1 out of memory. */
static int new_array(cJSON *o, const char *k, size_t n, int always,
                     cJSON **a)
{
  *a = NULL;
  if(!n && !always)
    return 0;
  *a = cJSON_AddArrayToObject(o, k);
  return *a ? 0 : -1;
}

/* Appends item to array a; NULL (item deleted) on failure. */
static cJSON *append(cJSON *a, cJSON *item)
{
  if(!item || !cJSON_AddItemToArray(a, item)) {
    cJSON_Delete(item);
    return NULL;
  }
  return item;
}

static int add_ms(cJSON *o, const char *k, const char *kn, const char *ks,
                  const struct rds_shim_member_status *v, size_t n,
                  int always)
{
  cJSON *a;
  size_t i;
  if(new_array(o, k, n, always, &a))
    return -1;
  for(i = 0; a && i < n; i++) {
    cJSON *e = append(a, cJSON_CreateObject());
    if(!e || add_str(e, kn, v[i].name) || add_str(e, ks, v[i].status))
      return -1;
  }
  return 0;
}

static int add_strv(cJSON *o, const char *k, char **v, size_t n, int always)
{
  cJSON *a;
  size_t i;
  if(new_array(o, k, n, always, &a))
    return -1;
  for(i = 0; a && i < n; i++)
    if(!append(a, cJSON_CreateString(v[i])))
      return -1;
  return 0;
}

static int add_tags(cJSON *o, const struct rds_shim_tag *v, size_t n)
{
  cJSON *a;
  size_t i;
  if(new_array(o, "TagList", n, 1, &a))
    return -1;
  for(i = 0; i < n; i++) {
    cJSON *t = append(a, cJSON_CreateObject());
    if(!t || add_str(t, "Key", v[i].key) ||
       add_str(t, "Value", v[i].value ? v[i].value : ""))
      return -1;
  }
  return 0;
}

static int add_endpoint(cJSON *o, const struct rds_shim_instance *i)
{
  cJSON *e;
  if(!i->endpoint_address && i->endpoint_port == RDS_SHIM_UNSET)
    return 0;
  e = cJSON_AddObjectToObject(o, "Endpoint");
  if(!e)
    return -1;
  return add_str(e, "Address", i->endpoint_address) |
         add_num(e, "Port", i->endpoint_port);
}

static int pending_is_number(const char *k)
{
  static const char *const nums[] = {
    "AllocatedStorage", "Port", "BackupRetentionPeriod", "Iops",
    "StorageThroughput", NULL
  };
  size_t i;
  for(i = 0; nums[i]; i++)
    if(!strcmp(k, nums[i]))
      return 1;
  return 0;
}

/* PendingModifiedValues: numbers and booleans typed as the AWS CLI
 * shows them, the rest as strings. */
static int add_pending(cJSON *o, const struct rds_shim_instance *i)
{
  cJSON *p;
  size_t k;
  int bad = 0;
  if(!i->has_pending)
    return 0;
  p = cJSON_AddObjectToObject(o, "PendingModifiedValues");
  if(!p)
    return -1;
  for(k = 0; k < i->n_pending; k++) {
    long v;
    const char *key = i->pending[k].key, *val = i->pending[k].value;
    if(pending_is_number(key) &&
       !parse_long(val, -2147483647L, 2147483647L, &v))
      bad |= !cJSON_AddNumberToObject(p, key, (double)v);
    else if(!strcmp(val, "true") || !strcmp(val, "false"))
      bad |= !cJSON_AddBoolToObject(p, key, !strcmp(val, "true"));
    else
      bad |= add_str(p, key, val);
  }
  return bad ? -1 : 0;
}

static cJSON *instance_json(const struct rds_shim_instance *i)
{
  cJSON *o = cJSON_CreateObject();
  int bad = 0;
  if(!o)
    return NULL;
  bad |= add_str(o, "DBInstanceIdentifier", i->id);
  bad |= add_str(o, "DBInstanceClass", i->instance_class);
  bad |= add_str(o, "Engine", i->engine);
  bad |= add_str(o, "DBInstanceStatus", i->status);
  bad |= add_str(o, "MasterUsername", i->master_username);
  bad |= add_str(o, "DBName", i->db_name);
  bad |= add_endpoint(o, i);
  bad |= add_num(o, "AllocatedStorage", i->allocated_storage);
  bad |= add_str(o, "InstanceCreateTime", i->create_time);
  bad |= add_ms(o, "VpcSecurityGroups", "VpcSecurityGroupId", "Status",
                i->vpc_security_groups, i->n_vpc_security_groups, 1);
  bad |= add_ms(o, "DBParameterGroups", "DBParameterGroupName",
                "ParameterApplyStatus", i->parameter_groups,
                i->n_parameter_groups, 1);
  bad |= add_str(o, "AvailabilityZone", i->availability_zone);
  if(i->db_subnet_group_name) {
    cJSON *g = cJSON_AddObjectToObject(o, "DBSubnetGroup");
    bad |= !g || add_str(g, "DBSubnetGroupName", i->db_subnet_group_name);
  }
  bad |= add_pending(o, i);
  bad |= add_bool(o, "MultiAZ", i->multi_az);
  bad |= add_str(o, "EngineVersion", i->engine_version);
  bad |= add_bool(o, "AutoMinorVersionUpgrade",
                  i->auto_minor_version_upgrade);
  bad |= add_str(o, "ReadReplicaSourceDBInstanceIdentifier",
                 i->read_replica_source);
  bad |= add_strv(o, "ReadReplicaDBInstanceIdentifiers", i->read_replicas,
                  i->n_read_replicas, 1);
  bad |= add_num(o, "Iops", i->iops);
  bad |= add_num(o, "StorageThroughput", i->storage_throughput);
  bad |= add_ms(o, "OptionGroupMemberships", "OptionGroupName", "Status",
                i->option_groups, i->n_option_groups, 1);
  bad |= add_bool(o, "PubliclyAccessible", i->publicly_accessible);
  bad |= add_str(o, "StorageType", i->storage_type);
  bad |= add_bool(o, "StorageEncrypted", i->storage_encrypted);
  bad |= add_str(o, "KmsKeyId", i->kms_key_id);
  bad |= add_str(o, "DbiResourceId", i->dbi_resource_id);
  bad |= add_bool(o, "CopyTagsToSnapshot", i->copy_tags_to_snapshot);
  bad |= add_num(o, "MonitoringInterval", i->monitoring_interval);
  bad |= add_str(o, "MonitoringRoleArn", i->monitoring_role_arn);
  bad |= add_str(o, "DBInstanceArn", i->arn);
  bad |= add_bool(o, "IAMDatabaseAuthenticationEnabled", i->iam_auth_enabled);
  bad |= add_bool(o, "PerformanceInsightsEnabled",
                  i->performance_insights_enabled);
  bad |= add_str(o, "PerformanceInsightsKMSKeyId",
                 i->performance_insights_kms_key_id);
  bad |= add_num(o, "PerformanceInsightsRetentionPeriod",
                 i->performance_insights_retention_period);
  bad |= add_strv(o, "EnabledCloudwatchLogsExports",
                  i->cloudwatch_logs_exports, i->n_cloudwatch_logs_exports,
                  0);
  bad |= add_bool(o, "DeletionProtection", i->deletion_protection);
  bad |= add_num(o, "BackupRetentionPeriod", i->backup_retention_period);
  bad |= add_str(o, "PreferredBackupWindow", i->preferred_backup_window);
  bad |= add_str(o, "PreferredMaintenanceWindow",
                 i->preferred_maintenance_window);
  bad |= add_str(o, "CACertificateIdentifier", i->ca_certificate_identifier);
  bad |= add_num(o, "MaxAllocatedStorage", i->max_allocated_storage);
  bad |= add_tags(o, i->tags, i->n_tags);
  if(bad) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

static cJSON *snapshot_json(const struct rds_shim_snapshot *s)
{
  cJSON *o = cJSON_CreateObject();
  int bad = 0;
  if(!o)
    return NULL;
  bad |= add_str(o, "DBSnapshotIdentifier", s->id);
  bad |= add_str(o, "DBInstanceIdentifier", s->instance_id);
  bad |= add_str(o, "SnapshotCreateTime", s->create_time);
  bad |= add_str(o, "Engine", s->engine);
  bad |= add_num(o, "AllocatedStorage", s->allocated_storage);
  bad |= add_str(o, "Status", s->status);
  bad |= add_str(o, "EngineVersion", s->engine_version);
  bad |= add_str(o, "SnapshotType", s->snapshot_type);
  bad |= add_num(o, "PercentProgress", s->percent_progress);
  bad |= add_str(o, "SourceDBSnapshotIdentifier", s->source_snapshot);
  bad |= add_bool(o, "Encrypted", s->encrypted);
  bad |= add_str(o, "KmsKeyId", s->kms_key_id);
  bad |= add_str(o, "DBSnapshotArn", s->arn);
  bad |= add_tags(o, s->tags, s->n_tags);
  if(bad) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

/* Item i of an array of instances or snapshots, as JSON. */
typedef cJSON *(*to_json_fn)(const void *items, size_t i);

static cJSON *instance_at(const void *items, size_t i)
{
  return instance_json((const struct rds_shim_instance *)items + i);
}

static cJSON *snapshot_at(const void *items, size_t i)
{
  return snapshot_json((const struct rds_shim_snapshot *)items + i);
}

/* {"<list_name>":[...]} when wrapper is list_name, else
 * {"<wrapper>":{...}} of items[0]. */
static enum rds_shim_code wrap(const void *items, size_t n,
                               const char *wrapper, const char *list_name,
                               to_json_fn one, char **json)
{
  cJSON *root, *inner = NULL;
  size_t i;
  if(!json || !wrapper || (n && !items))
    return RDS_SHIM_BAD_ARGUMENT;
  *json = NULL;
  root = cJSON_CreateObject();
  if(!root)
    return RDS_SHIM_OUT_OF_MEMORY;
  if(!strcmp(wrapper, list_name)) {
    inner = cJSON_AddArrayToObject(root, list_name);
    for(i = 0; inner && i < n; i++) {
      cJSON *o = one(items, i);
      if(!o || !cJSON_AddItemToArray(inner, o)) {
        cJSON_Delete(o);
        inner = NULL;
      }
    }
  }
  else if(n == 1) {
    cJSON *o = one(items, 0);
    if(o && cJSON_AddItemToObject(root, wrapper, o))
      inner = o;
    else
      cJSON_Delete(o);
  }
  else {
    cJSON_Delete(root);
    return RDS_SHIM_BAD_ARGUMENT;
  }
  if(inner)
    *json = cJSON_Print(root);
  cJSON_Delete(root);
  return *json ? RDS_SHIM_OK : RDS_SHIM_OUT_OF_MEMORY;
}

enum rds_shim_code rds_shim_to_json(const struct rds_shim_instance *items,
                                    size_t n, const char *wrapper,
                                    char **json)
{
  return wrap(items, n, wrapper, "DBInstances", instance_at, json);
}

enum rds_shim_code rds_shim_snapshots_to_json(
    const struct rds_shim_snapshot *items, size_t n, const char *wrapper,
    char **json)
{
  return wrap(items, n, wrapper, "DBSnapshots", snapshot_at, json);
}
