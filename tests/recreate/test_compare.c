/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_compare.c - rdsclone_compare_instances() on hand-made descriptions: what
 * must differ is ignored, anything else is reported, --ignore / --only
 * adjust that, lists compare as sets, absent members count.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "rdsclone_compare.h"

#include <stdlib.h>
#include <string.h>

static struct rds_shim_member_status sgs_a[] = {
  { "sg-1", "active" }, { "sg-2", "active" }
};
static struct rds_shim_member_status sgs_b[] = {
  { "sg-2", "active" }, { "sg-1", "active" }
};
static struct rds_shim_member_status pg[] = { { "replica-pg", "in-sync" } };
static struct rds_shim_tag tags[] = { { "team", "data" } };

static void fill(struct rds_shim_instance *i, const char *id, int enc)
{
  memset(i, 0, sizeof(*i));
  i->id = (char *)id;
  i->instance_class = "db.t3.small";
  i->engine = "mysql";
  i->status = "available";
  i->endpoint_address = (char *)id;
  i->endpoint_port = 3306;
  i->multi_az = 0;
  i->iops = RDS_SHIM_UNSET;
  i->allocated_storage = 20;
  i->storage_throughput = RDS_SHIM_UNSET;
  i->parameter_groups = pg;
  i->n_parameter_groups = 1;
  i->storage_encrypted = enc;
  i->kms_key_id = enc ? "arn:aws:kms:us-east-1:1:key/k" : NULL;
  i->arn = (char *)id;
  i->dbi_resource_id = (char *)id;
  i->tags = tags;
  i->n_tags = 1;
  i->monitoring_interval = RDS_SHIM_UNSET;
  i->performance_insights_enabled = RDS_SHIM_UNSET;
  i->performance_insights_retention_period = RDS_SHIM_UNSET;
  i->auto_minor_version_upgrade = 1;
  i->publicly_accessible = 0;
  i->copy_tags_to_snapshot = RDS_SHIM_UNSET;
  i->deletion_protection = RDS_SHIM_UNSET;
  i->iam_auth_enabled = RDS_SHIM_UNSET;
  i->create_time = (char *)id;
}

static const struct compare_item *find(const struct compare_result *r,
                                       const char *attr)
{
  size_t i;
  for(i = 0; i < r->n; i++)
    if(!strcmp(r->items[i].attr, attr))
      return &r->items[i];
  return NULL;
}

static void test_twins_equal(void **state)
{
  struct rds_shim_instance a, b;
  struct compare_result r;
  (void)state;
  fill(&a, "old-replica", 0);
  fill(&b, "new-replica", 1);
  a.vpc_security_groups = sgs_a;
  a.n_vpc_security_groups = 2;
  b.vpc_security_groups = sgs_b;  /* same set, other order */
  b.n_vpc_security_groups = 2;
  assert_int_equal(rdsclone_compare_instances(&a, &b, NULL, 0, NULL, 0, &r), 0);
  assert_int_equal(r.nunexpected, 0);
  assert_non_null(find(&r, "DBInstanceIdentifier"));
  assert_true(find(&r, "DBInstanceIdentifier")->ignored);
  assert_true(find(&r, "StorageEncrypted")->ignored);
  assert_true(find(&r, "KmsKeyId")->ignored);
  assert_null(find(&r, "KmsKeyId")->a);          /* absent on a */
  assert_true(find(&r, "Endpoint.Address")->ignored);
  assert_null(find(&r, "Endpoint.Port"));        /* equal */
  assert_null(find(&r, "VpcSecurityGroups"));    /* sets are equal */
  assert_true(r.ncompared > 15);
  rdsclone_compare_result_release(&r);
}

static void test_difference_reported(void **state)
{
  struct rds_shim_instance a, b;
  struct compare_result r;
  static struct rds_shim_member_status pg2[] = { { "default", "in-sync" } };
  const char *ign[] = { "dbinstanceclass" };
  const char *only[] = { "StorageEncrypted", "Endpoint" };
  char *txt;
  (void)state;
  fill(&a, "a", 0);
  fill(&b, "b", 0);
  b.instance_class = "db.t3.medium";
  b.parameter_groups = pg2;
  assert_int_equal(rdsclone_compare_instances(&a, &b, NULL, 0, NULL, 0, &r), 0);
  assert_int_equal(r.nunexpected, 2);
  assert_string_equal(find(&r, "DBInstanceClass")->a, "\"db.t3.small\"");
  assert_false(find(&r, "DBParameterGroups")->ignored);
  /* unexpected ones sort first */
  assert_false(r.items[0].ignored);
  txt = rdsclone_compare_render(&r, "a", "b", 0);
  assert_non_null(strstr(txt, "DBInstanceClass"));
  assert_non_null(strstr(txt, "2 unexpected"));
  free(txt);
  txt = rdsclone_compare_render(&r, "a", "b", 1);
  assert_non_null(strstr(txt, "\"equal\":\tfalse"));
  free(txt);
  rdsclone_compare_result_release(&r);

  assert_int_equal(rdsclone_compare_instances(&a, &b, ign, 1, NULL, 0, &r), 0);
  assert_int_equal(r.nunexpected, 1);             /* parameter group */
  assert_true(find(&r, "DBInstanceClass")->ignored);
  rdsclone_compare_result_release(&r);

  b.storage_encrypted = 1;
  assert_int_equal(rdsclone_compare_instances(&a, &b, NULL, 0, only, 2, &r), 0);
  assert_int_equal(r.nunexpected, 2);  /* StorageEncrypted, Endpoint.Address */
  assert_null(find(&r, "DBInstanceClass"));
  assert_false(find(&r, "StorageEncrypted")->ignored);
  assert_int_equal(r.ncompared, 3);
  rdsclone_compare_result_release(&r);
}

static void test_patterns(void **state)
{
  (void)state;
  assert_true(rdsclone_compare_pattern_covers("Endpoint", "Endpoint.Port"));
  assert_true(rdsclone_compare_pattern_covers("endpoint.port", "Endpoint.Port"));
  assert_false(rdsclone_compare_pattern_covers("End", "Endpoint.Port"));
  assert_false(rdsclone_compare_pattern_covers("", "Engine"));
  assert_false(rdsclone_compare_pattern_covers("Endpoint.Port", "Endpoint"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_twins_equal),
    cmocka_unit_test(test_difference_reported),
    cmocka_unit_test(test_patterns),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
