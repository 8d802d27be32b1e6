/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_query.c - Query API form encoding (botocore's urlencode/quote_plus),
 * RFC 3986 encoding and decoding, list member naming as in botocore's RDS
 * model, retry classification and backoff bounds, and the replica
 * parameters copied from an old replica.
 */
#include "buf.h"
#include "http/query.h"
#include "http/retry.h"
#include "rds/instance.h"
#include "rds_shim.h"
#include "sign/percent.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static char *form(struct query *q)
{
  struct buf b;
  buf_init(&b, BUF_CAP_HTTP);
  assert_int_equal(query_form(q, &b), 0);
  return buf_take(&b);
}

static void test_form_encoding(void **state)
{
  struct query q;
  char *s;
  (void)state;
  query_init(&q);
  query_add(&q, "Action", "CreateDBInstanceReadReplica");
  query_add(&q, "Tags.Tag.1.Key", "cost center");
  query_add(&q, "Tags.Tag.1.Value", "R&D / ops+db=1 \xc3\xbc \xe6\x9d\xb1 "
            "\xf0\x9f\x9a\x80");
  query_add(&q, "Unreserved", "AZaz09-_.~");
  query_add(&q, "Empty", "");
  query_add(&q, "Null", NULL);
  s = form(&q);
  assert_string_equal(s, "Action=CreateDBInstanceReadReplica"
                      "&Tags.Tag.1.Key=cost+center"
                      "&Tags.Tag.1.Value=R%26D+%2F+ops%2Bdb%3D1+%C3%BC+"
                      "%E6%9D%B1+%F0%9F%9A%80"
                      "&Unreserved=AZaz09-_.~&Empty=&Null=");
  free(s);
  assert_string_equal(query_get(&q, "Unreserved"), "AZaz09-_.~");
  assert_null(query_get(&q, "nope"));
  query_release(&q);
  s = form(&q);                 /* empty list: empty body */
  assert_string_equal(s, "");
  free(s);
}

static void test_list_naming(void **state)
{
  struct query q;
  const char *sgs[] = { "sg-1", "sg-2" };
  const char *logs[] = { "postgresql", "upgrade" };
  char *s;
  (void)state;
  query_init(&q);
  query_add_list(&q, "VpcSecurityGroupIds", "VpcSecurityGroupId", sgs, 2);
  query_add_list(&q, "EnableCloudwatchLogsExports", "member", logs, 2);
  query_add_long(&q, "Port", 5432);
  query_add_bool(&q, "MultiAZ", 0);
  s = form(&q);
  assert_string_equal(s, "VpcSecurityGroupIds.VpcSecurityGroupId.1=sg-1"
                      "&VpcSecurityGroupIds.VpcSecurityGroupId.2=sg-2"
                      "&EnableCloudwatchLogsExports.member.1=postgresql"
                      "&EnableCloudwatchLogsExports.member.2=upgrade"
                      "&Port=5432&MultiAZ=false");
  free(s);
  query_release(&q);
}

static void test_uri(void **state)
{
  struct buf b;
  (void)state;
  buf_init(&b, BUF_CAP_SMALL);
  assert_int_equal(uri_encode(&b, "a b/c+d~", 8, 1), 0);
  assert_string_equal(buf_str(&b), "a%20b/c%2Bd~");
  buf_reset(&b);
  assert_int_equal(uri_encode(&b, "a b/c", 5, 0), 0);
  assert_string_equal(buf_str(&b), "a%20b%2Fc");
  buf_reset(&b);
  assert_int_equal(uri_decode(&b, "a%20b+c%2f", 10, 1), 0);
  assert_string_equal(buf_str(&b), "a b c/");
  buf_reset(&b);
  assert_int_equal(uri_decode(&b, "a+b", 3, 0), 0);
  assert_string_equal(buf_str(&b), "a+b");
  buf_reset(&b);
  assert_int_equal(uri_decode(&b, "%zz", 3, 0), -1);
  buf_reset(&b);
  assert_int_equal(uri_decode(&b, "ab%2", 4, 0), -1);
  buf_reset(&b);
  assert_int_equal(uri_decode(&b, "ab%", 3, 0), -1);
  buf_release(&b);
}

static void test_retry(void **state)
{
  int a;
  (void)state;
  assert_true(retry_is_throttle("Throttling"));
  assert_true(retry_is_throttle("ThrottlingException"));
  assert_true(retry_is_throttle("RequestLimitExceeded"));
  assert_false(retry_is_throttle("DBInstanceNotFound"));
  assert_false(retry_is_throttle(NULL));
  assert_true(retry_is_retryable(RDS_SHIM_TRANSPORT, 0, NULL));
  assert_true(retry_is_retryable(RDS_SHIM_AWS_ERROR, 503, NULL));
  assert_true(retry_is_retryable(RDS_SHIM_AWS_ERROR, 500, "InternalFailure"));
  assert_true(retry_is_retryable(RDS_SHIM_AWS_ERROR, 400, "Throttling"));
  assert_false(retry_is_retryable(RDS_SHIM_AWS_ERROR, 400,
                                  "InvalidParameterValue"));
  assert_false(retry_is_retryable(RDS_SHIM_AWS_ERROR, 404,
                                  "DBInstanceNotFound"));
  for(a = 1; a < 12; a++) {
    long cap = 1000L << (a - 1);
    long d = retry_delay_ms(a, 1000, 20000);
    if(cap > 20000)
      cap = 20000;
    assert_true(d >= 0 && d <= cap);
  }
  assert_int_equal(retry_delay_ms(3, 0, 20000), 0);
}

static void test_params_from(void **state)
{
  struct rds_shim_instance old;
  struct rds_shim_member_status sg[2] = { { "sg-a", "active" },
                                          { "sg-b", "active" } };
  struct rds_shim_member_status pg = { "pg-old", "in-sync" };
  struct rds_shim_member_status og = { "og-old", "in-sync" };
  struct rds_shim_tag tags[1] = { { "env", "prod" } };
  char *logs[1] = { "error" };
  struct rds_shim_replica_params p;
  (void)state;
  instance_init(&old);
  old.instance_class = "db.r6g.large";
  old.availability_zone = "us-east-1b";
  old.multi_az = 0;
  old.endpoint_port = 3306;
  old.storage_type = "io1";
  old.iops = 3000;
  old.vpc_security_groups = sg;
  old.n_vpc_security_groups = 2;
  old.parameter_groups = &pg;
  old.n_parameter_groups = 1;
  old.option_groups = &og;
  old.n_option_groups = 1;
  old.tags = tags;
  old.n_tags = 1;
  old.cloudwatch_logs_exports = logs;
  old.n_cloudwatch_logs_exports = 1;
  old.kms_key_id = "key-old";
  old.monitoring_interval = 60;
  old.monitoring_role_arn = "arn:role";
  old.performance_insights_enabled = 1;
  old.performance_insights_kms_key_id = "pi-key";
  old.auto_minor_version_upgrade = 0;
  old.publicly_accessible = 0;
  old.copy_tags_to_snapshot = 1;
  old.deletion_protection = 1;
  old.iam_auth_enabled = 1;

  rds_shim_replica_params_init(&p);
  p.instance_class = "db.r6g.xlarge";      /* explicit wins */
  p.kms_key_id = "key-new";
  assert_int_equal(rds_shim_replica_params_from(&p, &old), 0);
  assert_string_equal(p.instance_class, "db.r6g.xlarge");
  assert_string_equal(p.kms_key_id, "key-new");
  assert_string_equal(p.availability_zone, "us-east-1b");
  assert_int_equal(p.multi_az, 0);
  assert_int_equal(p.port, 3306);
  assert_int_equal(p.iops, 3000);
  assert_string_equal(p.storage_type, "io1");
  assert_string_equal(p.parameter_group, "pg-old");
  assert_string_equal(p.option_group, "og-old");
  assert_int_equal(p.vpc_security_group_ids.n, 2);
  assert_string_equal(p.vpc_security_group_ids.v[1], "sg-b");
  assert_int_equal(p.n_tags, 1);
  assert_string_equal(p.tags[0].value, "prod");
  assert_int_equal(p.cloudwatch_logs_exports.n, 1);
  assert_int_equal(p.monitoring_interval, 60);
  assert_string_equal(p.monitoring_role_arn, "arn:role");
  assert_int_equal(p.performance_insights, 1);
  assert_string_equal(p.performance_insights_kms_key_id, "pi-key");
  assert_int_equal(p.auto_minor_version_upgrade, 0);
  assert_int_equal(p.copy_tags_to_snapshot, 1);
  assert_int_equal(p.deletion_protection, 1);
  assert_int_equal(p.iam_auth, 1);
  rds_shim_replica_params_release(&p);
  assert_int_equal(p.vpc_security_group_ids.n, 0);

  /* Multi-AZ: no availability zone */
  old.multi_az = 1;
  rds_shim_replica_params_init(&p);
  assert_int_equal(rds_shim_replica_params_from(&p, &old), 0);
  assert_int_equal(p.multi_az, 1);
  assert_null(p.availability_zone);
  rds_shim_replica_params_release(&p);
  rds_shim_replica_params_release(&p);    /* twice is harmless */
  /* an explicit AZ keeps Multi-AZ from being copied */
  rds_shim_replica_params_init(&p);
  p.availability_zone = "us-east-1c";
  assert_int_equal(rds_shim_replica_params_from(&p, &old), 0);
  assert_int_equal(p.multi_az, RDS_SHIM_UNSET);
  assert_string_equal(p.availability_zone, "us-east-1c");
  rds_shim_replica_params_release(&p);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_form_encoding),
    cmocka_unit_test(test_list_naming),
    cmocka_unit_test(test_uri),
    cmocka_unit_test(test_retry),
    cmocka_unit_test(test_params_from),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
