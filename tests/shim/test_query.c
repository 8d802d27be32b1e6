/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_query.c - Query API form encoding (botocore's urlencode/quote_plus),
 * RFC 3986 encoding and decoding, list member naming as in botocore's RDS
 * model, retry classification and backoff bounds, the replica and restore
 * parameters copied from an old instance, and the bodies of the snapshot,
 * restore and rename calls (as botocore 1.43.11 serializes the same
 * parameters in the same order).
 */
#include "buf.h"
#include "http/query.h"
#include "http/retry.h"
#include "rds/instance.h"
#include "rds/rds.h"
#include "rds/snapshot.h"
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

/* Checks q's form body against want, then releases q. */
static void body_is(struct query *q, const char *want)
{
  char *got = form(q);
  assert_string_equal(got, want);
  free(got);
  query_release(q);
}

static void test_snapshot_queries(void **state)
{
  struct query q;
  struct rds_shim_tag_in tag = { "rdsclone:encrypt-of", "shop" };
  struct rds_shim_tag_in tag2 = { "a", "b c" };
  struct rds_shim_copy_params cp;
  (void)state;
  rds_create_snapshot_query(&q, "shop", "shop-enc-1", &tag, 1);
  body_is(&q, "Action=CreateDBSnapshot&Version=2014-10-31&"
          "DBSnapshotIdentifier=shop-enc-1&DBInstanceIdentifier=shop&"
          "Tags.Tag.1.Key=rdsclone%3Aencrypt-of&Tags.Tag.1.Value=shop");
  rds_shim_copy_params_init(&cp);
  cp.source_id = "shop-enc-1";
  cp.target_id = "shop-enc-1-kms";
  cp.kms_key_id = "alias/db key";
  cp.tags = &tag2;
  cp.n_tags = 1;
  cp.copy_tags = 1;
  rds_copy_snapshot_query(&q, &cp);
  body_is(&q, "Action=CopyDBSnapshot&Version=2014-10-31&"
          "SourceDBSnapshotIdentifier=shop-enc-1&"
          "TargetDBSnapshotIdentifier=shop-enc-1-kms&"
          "KmsKeyId=alias%2Fdb+key&Tags.Tag.1.Key=a&Tags.Tag.1.Value=b+c&"
          "CopyTags=true");
  /* unset members are not sent */
  rds_shim_copy_params_init(&cp);
  cp.source_id = "s";
  cp.target_id = "t";
  rds_copy_snapshot_query(&q, &cp);
  body_is(&q, "Action=CopyDBSnapshot&Version=2014-10-31&"
          "SourceDBSnapshotIdentifier=s&TargetDBSnapshotIdentifier=t");
}

static void test_restore_and_rename_queries(void **state)
{
  static const char *const sgs[] = { "sg-a", "sg-b" };
  static const char *const logs[] = { "error", "slowquery" };
  struct rds_shim_tag_in tag = { "env", "prod" };
  struct rds_shim_restore_params r;
  struct rds_shim_modify_params mp;
  struct rds_shim_modify_more mm;
  struct query q;
  (void)state;
  rds_shim_restore_params_init(&r);
  r.id = "shop-encrypted";
  r.snapshot_id = "shop-enc-1-kms";
  r.instance_class = "db.r6g.large";
  r.port = 3307;
  r.db_subnet_group_name = "sn";
  r.multi_az = 1;
  r.publicly_accessible = 0;
  r.auto_minor_version_upgrade = 1;
  r.iops = 3000;
  r.storage_throughput = 500;
  r.option_group = "og";
  r.tags = &tag;
  r.n_tags = 1;
  r.storage_type = "gp3";
  r.vpc_security_group_ids.v = sgs;
  r.vpc_security_group_ids.n = 2;
  r.copy_tags_to_snapshot = 1;
  r.iam_auth = 1;
  r.cloudwatch_logs_exports.v = logs;
  r.cloudwatch_logs_exports.n = 2;
  r.parameter_group = "pg";
  r.deletion_protection = 1;
  r.ca_certificate_identifier = "rds-ca-rsa2048-g1";
  rds_restore_query(&q, &r);
  body_is(&q, "Action=RestoreDBInstanceFromDBSnapshot&Version=2014-10-31&"
          "DBInstanceIdentifier=shop-encrypted&"
          "DBSnapshotIdentifier=shop-enc-1-kms&DBInstanceClass=db.r6g.large&"
          "Port=3307&DBSubnetGroupName=sn&MultiAZ=true&"
          "PubliclyAccessible=false&AutoMinorVersionUpgrade=true&Iops=3000&"
          "StorageThroughput=500&OptionGroupName=og&Tags.Tag.1.Key=env&"
          "Tags.Tag.1.Value=prod&StorageType=gp3&"
          "VpcSecurityGroupIds.VpcSecurityGroupId.1=sg-a&"
          "VpcSecurityGroupIds.VpcSecurityGroupId.2=sg-b&"
          "CopyTagsToSnapshot=true&EnableIAMDatabaseAuthentication=true&"
          "EnableCloudwatchLogsExports.member.1=error&"
          "EnableCloudwatchLogsExports.member.2=slowquery&"
          "DBParameterGroupName=pg&DeletionProtection=true&"
          "CACertificateIdentifier=rds-ca-rsa2048-g1");
  rds_shim_modify_params_init(&mp);
  rds_shim_modify_more_init(&mm);
  mp.id = "shop";
  mp.apply_immediately = 1;
  mp.monitoring_interval = 60;
  mm.new_id = "shop-unencrypted";
  mm.backup_retention_period = 7;
  mm.preferred_backup_window = "03:00-03:30";
  mm.preferred_maintenance_window = "sun:05:00-sun:05:30";
  mm.max_allocated_storage = 200;
  mm.ca_certificate_identifier = "rds-ca-rsa2048-g1";
  mm.performance_insights_retention_period = 7;
  mm.storage_throughput = 500;
  rds_modify_query(&q, &mp, &mm);
  body_is(&q, "Action=ModifyDBInstance&Version=2014-10-31&"
          "DBInstanceIdentifier=shop&ApplyImmediately=true&"
          "MonitoringInterval=60&NewDBInstanceIdentifier=shop-unencrypted&"
          "BackupRetentionPeriod=7&PreferredBackupWindow=03%3A00-03%3A30&"
          "PreferredMaintenanceWindow=sun%3A05%3A00-sun%3A05%3A30&"
          "MaxAllocatedStorage=200&"
          "CACertificateIdentifier=rds-ca-rsa2048-g1&"
          "PerformanceInsightsRetentionPeriod=7&StorageThroughput=500");
  /* without m: exactly the old ModifyDBInstance */
  rds_modify_query(&q, &mp, NULL);
  body_is(&q, "Action=ModifyDBInstance&Version=2014-10-31&"
          "DBInstanceIdentifier=shop&ApplyImmediately=true&"
          "MonitoringInterval=60");
}

static void test_restore_params_from(void **state)
{
  struct rds_shim_instance old;
  struct rds_shim_member_status sg = { "sg-a", "active" };
  struct rds_shim_member_status og = { "default:mysql-8-0", "in-sync" };
  struct rds_shim_member_status pg = { "pg-old", "in-sync" };
  struct rds_shim_tag tags[1] = { { "env", "prod" } };
  struct rds_shim_restore_params p;
  (void)state;
  instance_init(&old);
  old.instance_class = "db.m6g.xlarge";
  old.availability_zone = "us-east-1d";
  old.multi_az = 0;
  old.endpoint_port = 5432;
  old.storage_type = "gp3";
  old.iops = 12000;
  old.storage_throughput = 125;
  old.db_subnet_group_name = "sn-old";
  old.ca_certificate_identifier = "rds-ca-rsa2048-g1";
  old.vpc_security_groups = &sg;
  old.n_vpc_security_groups = 1;
  old.option_groups = &og;
  old.n_option_groups = 1;
  old.parameter_groups = &pg;
  old.n_parameter_groups = 1;
  old.tags = tags;
  old.n_tags = 1;
  old.kms_key_id = "key-old";           /* a restore takes the snapshot's */
  old.deletion_protection = 1;
  old.iam_auth_enabled = 0;

  rds_shim_restore_params_init(&p);
  p.port = 3307;                        /* explicit wins */
  assert_int_equal(rds_shim_restore_params_from(&p, &old), 0);
  assert_int_equal(p.port, 3307);
  assert_string_equal(p.instance_class, "db.m6g.xlarge");
  assert_string_equal(p.availability_zone, "us-east-1d");
  assert_int_equal(p.multi_az, 0);
  assert_string_equal(p.db_subnet_group_name, "sn-old");
  assert_int_equal(p.storage_throughput, 125);
  assert_int_equal(p.iops, 12000);
  assert_string_equal(p.ca_certificate_identifier, "rds-ca-rsa2048-g1");
  assert_string_equal(p.parameter_group, "pg-old");
  assert_null(p.option_group);          /* a default one is not named */
  assert_int_equal(p.vpc_security_group_ids.n, 1);
  assert_string_equal(p.tags[0].key, "env");
  assert_int_equal(p.deletion_protection, 1);
  assert_int_equal(p.iam_auth, 0);
  rds_shim_restore_params_release(&p);
  assert_int_equal(p.n_tags, 0);
  rds_shim_restore_params_release(&p);  /* twice is harmless */

  /* a non-default option group is copied; an explicit one is kept even
   * when it is a default one */
  og.name = "og-custom";
  rds_shim_restore_params_init(&p);
  assert_int_equal(rds_shim_restore_params_from(&p, &old), 0);
  assert_string_equal(p.option_group, "og-custom");
  rds_shim_restore_params_release(&p);
  rds_shim_restore_params_init(&p);
  p.option_group = "default:mysql-8-0";
  assert_int_equal(rds_shim_restore_params_from(&p, &old), 0);
  assert_string_equal(p.option_group, "default:mysql-8-0");
  rds_shim_restore_params_release(&p);
  /* Multi-AZ: no availability zone */
  old.multi_az = 1;
  rds_shim_restore_params_init(&p);
  assert_int_equal(rds_shim_restore_params_from(&p, &old), 0);
  assert_int_equal(p.multi_az, 1);
  assert_null(p.availability_zone);
  rds_shim_restore_params_release(&p);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_form_encoding),
    cmocka_unit_test(test_list_naming),
    cmocka_unit_test(test_uri),
    cmocka_unit_test(test_retry),
    cmocka_unit_test(test_params_from),
    cmocka_unit_test(test_snapshot_queries),
    cmocka_unit_test(test_restore_and_rename_queries),
    cmocka_unit_test(test_restore_params_from),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
