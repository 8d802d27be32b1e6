/*
 * rds.c - the RDS Query API calls: DescribeDBInstances (one, or all with
 * Marker pagination), CreateDBInstanceReadReplica, ModifyDBInstance and
 * RebootDBInstance.
 *
 * rds_call() is the one path to the service: form body (botocore's
 * encoding and list member names from the RDS model, e.g.
 * VpcSecurityGroupIds.VpcSecurityGroupId.N, Tags.Tag.N.Key,
 * EnableCloudwatchLogsExports.member.N), SigV4 over exactly
 * content-type;host;x-amz-date[;x-amz-security-token] as botocore signs,
 * standard-mode retries, and errors turned into one line naming the AWS
 * code, message and request id.
 */
#include "shim_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FORM_TYPE "application/x-www-form-urlencoded; charset=utf-8"
#define MAX_PAGES 10000

/* Appends up to 200 bytes of an unexpected body, non-printables escaped. */
static void snippet(char *out, size_t outlen, const char *s, size_t len)
{
  size_t o = 0, i;
  for(i = 0; i < len && i < 200 && o + 5 < outlen; i++) {
    unsigned char c = (unsigned char)s[i];
    if(c >= 0x20 && c < 0x7f)
      out[o++] = (char)c;
    else
      o += (size_t)snprintf(out + o, outlen - o, "\\x%02x", c);
  }
  out[o < outlen ? o : outlen - 1] = 0;
}

/* Signs and sends one attempt. */
static enum rds_shim_code attempt(struct rds_shim *h, const char *body,
                                  size_t len, struct http_response *resp)
{
  char amz_date[17], url_tail[2] = "/";
  struct sigv4_header sh[4];
  struct http_header hh[5];
  struct sigv4_request req;
  struct sigv4_key key;
  struct sigv4_result res;
  struct buf url;
  size_t n = 0, i;
  enum rds_shim_code rc;

  rc = creds_ensure(h);
  if(rc)
    return rc;
  sigv4_amz_date(h->now(), amz_date);
  sh[n].name = "Content-Type";
  sh[n++].value = FORM_TYPE;
  sh[n].name = "Host";
  sh[n++].value = h->host;
  sh[n].name = "X-Amz-Date";
  sh[n++].value = amz_date;
  if(h->creds.session_token) {
    sh[n].name = "X-Amz-Security-Token";
    sh[n++].value = h->creds.session_token;
  }
  memset(&req, 0, sizeof(req));
  memset(&key, 0, sizeof(key));
  req.method = "POST";
  req.path = "/";
  req.headers = sh;
  req.n_headers = n;
  req.body = body;
  req.body_len = len;
  req.normalize_path = 1;
  key.access_key_id = h->creds.access_key_id;
  key.secret_key = h->creds.secret_key;
  key.region = h->region;
  key.service = "rds";
  key.amz_date = amz_date;
  sigv4_result_init(&res);
  buf_init(&url, BUF_CAP_SMALL);
  rc = sigv4_sign(&req, &key, &res);
  if(!rc && (buf_adds(&url, h->endpoint) || buf_adds(&url, url_tail)))
    rc = RDS_SHIM_OUT_OF_MEMORY;
  if(!rc) {
    for(i = 0; i < n; i++) {
      hh[i].name = sh[i].name;
      hh[i].value = sh[i].value;
    }
    hh[n].name = "Authorization";
    hh[n].value = buf_str(&res.authorization);
    rc = http_request(h, "POST", buf_str(&url), hh, n + 1, body, len, 0,
                      resp);
  }
  else if(rc != RDS_SHIM_TRANSPORT)
    rc = shim_fail(h, rc, "could not sign the request: %s",
                   rds_shim_strerror(rc));
  sigv4_result_release(&res);
  buf_release(&url);
  return rc;
}

enum rds_shim_code rds_call(struct rds_shim *h, struct query *q,
                            struct http_response *resp,
                            struct aws_error *err_out, int *attempts_used)
{
  struct buf body;
  struct aws_error err;
  const char *action = query_get(q, "Action");
  enum rds_shim_code rc;
  int n;

  buf_init(&body, BUF_CAP_HTTP);
  memset(&err, 0, sizeof(err));
  if(attempts_used)
    *attempts_used = 0;
  if(!action)
    action = "?";
  rc = query_form(q, &body);
  if(rc)
    return shim_fail(h, rc, "out of memory");

  for(n = 1;; n++) {
    int retryable;
    char why[300];
    if(attempts_used)
      *attempts_used = n;
    aws_error_release(&err);
    shim_log(h, RDS_SHIM_LOG_DEBUG, "%s: attempt %d/%d POST %s/", action,
             n, h->max_attempts, h->endpoint);
    rc = attempt(h, buf_str(&body), body.len, resp);
    if(rc && rc != RDS_SHIM_TRANSPORT)
      break;                          /* credentials, memory: final */
    if(!rc && resp->status >= 200 && resp->status < 300)
      break;
    if(!rc) {
      if(!xml_parse_error(buf_str(&resp->body), resp->body.len, &err)) {
        snprintf(why, sizeof(why), "%s: %s", err.code,
                 err.message ? err.message : "");
      }
      else {
        char snip[256];
        snippet(snip, sizeof(snip), buf_str(&resp->body), resp->body.len);
        snprintf(why, sizeof(why), "HTTP %ld with no AWS error document "
                 "(body: \"%s\")", resp->status, snip);
      }
      rc = RDS_SHIM_AWS_ERROR;
    }
    else
      snprintf(why, sizeof(why), "%.280s", h->errmsg);
    retryable = retry_is_retryable(rc, resp->status, err.code);
    if(!retryable || n >= h->max_attempts) {
      const char *rid = err.request_id ? err.request_id :
                        resp->amz_request_id;
      if(rc == RDS_SHIM_TRANSPORT)
        shim_fail(h, rc, "%s failed after %d attempt%s: %s", action, n,
                  n == 1 ? "" : "s", why);
      else {
        if(err.code && !strcmp(err.code, "DBInstanceNotFound"))
          rc = RDS_SHIM_NOT_FOUND;
        else if(retry_is_throttle(err.code))
          rc = RDS_SHIM_THROTTLED;
        char att[32] = "";
        if(n > 1)
          snprintf(att, sizeof(att), ", %d attempts", n);
        shim_fail(h, rc, "%s failed: %s (HTTP %ld, request id %s%s)",
                  action, why, resp->status, rid ? rid : "none", att);
      }
      break;
    }
    {
      long d = retry_delay_ms(n, h->retry_base_ms, h->retry_cap_ms);
      shim_log(h, RDS_SHIM_LOG_WARN,
               "%s: attempt %d/%d failed (%s); retrying in %ld ms", action,
               n, h->max_attempts, why, d);
      retry_sleep_ms(d);
    }
  }
  if(err_out) {
    aws_error_release(err_out);
    *err_out = err;
  }
  else
    aws_error_release(&err);
  buf_release_secret(&body);
  return rc;
}

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
  query_init(&q);
  query_add(&q, "Action", "DescribeDBInstances");
  query_add(&q, "Version", SHIM_API_VERSION);
  query_add(&q, "DBInstanceIdentifier", id);
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
  query_init(&q);
  /* member order follows botocore's RDS model */
  query_add(&q, "Action", "CreateDBInstanceReadReplica");
  query_add(&q, "Version", SHIM_API_VERSION);
  query_add(&q, "DBInstanceIdentifier", p->id);
  query_add(&q, "SourceDBInstanceIdentifier", p->source_id);
  add_opt(&q, "DBInstanceClass", p->instance_class);
  add_opt(&q, "AvailabilityZone", p->availability_zone);
  add_num(&q, "Port", p->port);
  add_tri(&q, "MultiAZ", p->multi_az);
  add_tri(&q, "AutoMinorVersionUpgrade", p->auto_minor_version_upgrade);
  add_num(&q, "Iops", p->iops);
  add_opt(&q, "OptionGroupName", p->option_group);
  add_opt(&q, "DBParameterGroupName", p->parameter_group);
  add_tri(&q, "PubliclyAccessible", p->publicly_accessible);
  add_tags(&q, p->tags, p->n_tags);
  add_opt(&q, "DBSubnetGroupName", p->db_subnet_group_name);
  query_add_list(&q, "VpcSecurityGroupIds", "VpcSecurityGroupId",
                 p->vpc_security_group_ids.v, p->vpc_security_group_ids.n);
  add_opt(&q, "StorageType", p->storage_type);
  add_tri(&q, "CopyTagsToSnapshot", p->copy_tags_to_snapshot);
  add_num(&q, "MonitoringInterval", p->monitoring_interval);
  add_opt(&q, "MonitoringRoleArn", p->monitoring_role_arn);
  add_opt(&q, "KmsKeyId", p->kms_key_id);
  add_tri(&q, "EnableIAMDatabaseAuthentication", p->iam_auth);
  add_tri(&q, "EnablePerformanceInsights", p->performance_insights);
  add_opt(&q, "PerformanceInsightsKMSKeyId",
          p->performance_insights_kms_key_id);
  add_num(&q, "PerformanceInsightsRetentionPeriod",
          p->performance_insights_retention_period);
  query_add_list(&q, "EnableCloudwatchLogsExports", "member",
                 p->cloudwatch_logs_exports.v, p->cloudwatch_logs_exports.n);
  add_tri(&q, "DeletionProtection", p->deletion_protection);

  rc = call_parse(h, &q, &l, NULL, &err, &attempts);
  if(rc == RDS_SHIM_AWS_ERROR && attempts > 1 && err.code &&
     !strcmp(err.code, "DBInstanceAlreadyExists")) {
    /* An earlier attempt may have created it and then lost the answer:
     * accept the instance if it is what was asked for. */
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
      rc = RDS_SHIM_OK;
      if(out)
        *out = got;
      else
        rds_shim_instance_free(got);
    }
    else {
      rds_shim_instance_free(got);
      memcpy(h->errmsg, saved, sizeof(saved));
    }
  }
  else if(!rc)
    rc = take_one(h, &l, out);
  aws_error_release(&err);
  list_release(&l);
  query_release(&q);
  return rc;
}

enum rds_shim_code rds_shim_modify(struct rds_shim *h,
                                   const struct rds_shim_modify_params *p,
                                   struct rds_shim_instance **out)
{
  struct query q;
  struct rds_shim_instance_list l = { NULL, 0 };
  enum rds_shim_code rc;
  if(out)
    *out = NULL;
  if(!h)
    return RDS_SHIM_BAD_ARGUMENT;
  if(!p || !p->id || !*p->id)
    return shim_fail(h, RDS_SHIM_BAD_ARGUMENT, "modify: no instance id");
  query_init(&q);
  query_add(&q, "Action", "ModifyDBInstance");
  query_add(&q, "Version", SHIM_API_VERSION);
  query_add(&q, "DBInstanceIdentifier", p->id);
  add_opt(&q, "DBInstanceClass", p->instance_class);
  query_add_list(&q, "VpcSecurityGroupIds", "VpcSecurityGroupId",
                 p->vpc_security_group_ids.v, p->vpc_security_group_ids.n);
  add_tri(&q, "ApplyImmediately", p->apply_immediately);
  add_opt(&q, "DBParameterGroupName", p->parameter_group);
  add_tri(&q, "MultiAZ", p->multi_az);
  add_tri(&q, "AutoMinorVersionUpgrade", p->auto_minor_version_upgrade);
  add_num(&q, "Iops", p->iops);
  add_opt(&q, "OptionGroupName", p->option_group);
  add_opt(&q, "StorageType", p->storage_type);
  add_tri(&q, "CopyTagsToSnapshot", p->copy_tags_to_snapshot);
  add_num(&q, "MonitoringInterval", p->monitoring_interval);
  add_num(&q, "DBPortNumber", p->port);
  add_tri(&q, "PubliclyAccessible", p->publicly_accessible);
  add_opt(&q, "MonitoringRoleArn", p->monitoring_role_arn);
  add_tri(&q, "EnableIAMDatabaseAuthentication", p->iam_auth);
  add_tri(&q, "EnablePerformanceInsights", p->performance_insights);
  add_opt(&q, "PerformanceInsightsKMSKeyId",
          p->performance_insights_kms_key_id);
  query_add_list(&q, "CloudwatchLogsExportConfiguration.EnableLogTypes",
                 "member", p->enable_logs_exports.v,
                 p->enable_logs_exports.n);
  query_add_list(&q, "CloudwatchLogsExportConfiguration.DisableLogTypes",
                 "member", p->disable_logs_exports.v,
                 p->disable_logs_exports.n);
  add_tri(&q, "DeletionProtection", p->deletion_protection);
  rc = call_parse(h, &q, &l, NULL, NULL, NULL);
  if(!rc)
    rc = take_one(h, &l, out);
  list_release(&l);
  query_release(&q);
  return rc;
}

enum rds_shim_code rds_shim_reboot(struct rds_shim *h, const char *id,
                                   int force_failover,
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
    return shim_fail(h, RDS_SHIM_BAD_ARGUMENT, "reboot: no instance id");
  query_init(&q);
  query_add(&q, "Action", "RebootDBInstance");
  query_add(&q, "Version", SHIM_API_VERSION);
  query_add(&q, "DBInstanceIdentifier", id);
  add_tri(&q, "ForceFailover", force_failover);
  rc = call_parse(h, &q, &l, NULL, NULL, NULL);
  if(!rc)
    rc = take_one(h, &l, out);
  list_release(&l);
  query_release(&q);
  return rc;
}
