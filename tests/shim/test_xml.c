/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_xml.c - parsing every file in rds-responses/ (moto captures and
 * hand-written examples) into structs and error records; truncated and
 * malformed bodies must fail cleanly with RDS_SHIM_BAD_RESPONSE; JSON
 * output shaped like the AWS CLI's.
 */
#include "buf.h"
#include "http/retry.h"
#include "rds/instance.h"
#include "rds/xml.h"
#include "rds_shim.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "test_util.h"

static enum rds_shim_code parse(const char *body, size_t len,
                                const char *action,
                                struct rds_shim_instance_list *l,
                                char **marker)
{
  char why[256];
  char *rid = NULL;
  enum rds_shim_code rc;
  l->items = NULL;
  l->count = 0;
  rc = xml_parse_instances(body, len, action, l, marker, &rid, why,
                           sizeof(why));
  if(rc == RDS_SHIM_BAD_RESPONSE)
    assert_true(why[0] != 0);         /* always says why */
  free(rid);
  return rc;
}

static void release(struct rds_shim_instance_list *l)
{
  instance_list_clear(l);
}

static enum rds_shim_code parse_snaps(const char *body, size_t len,
                                      const char *action,
                                      struct rds_shim_snapshot_list *l,
                                      char **marker)
{
  char why[256];
  char *rid = NULL;
  enum rds_shim_code rc;
  l->items = NULL;
  l->count = 0;
  rc = xml_parse_snapshots(body, len, action, l, marker, &rid, why,
                           sizeof(why));
  if(rc == RDS_SHIM_BAD_RESPONSE)
    assert_true(why[0] != 0);
  free(rid);
  return rc;
}

static void release_snaps(struct rds_shim_snapshot_list *l)
{
  shim_snapshot_list_clear(l);
}

/* Parses with the parser the action's answer needs (snapshots or
 * instances); *count items, *first_ok when the first has an id and a
 * status. Frees what it parsed. */
static enum rds_shim_code parse_any(const char *body, size_t len,
                                    const char *action, size_t *count,
                                    int *first_ok)
{
  enum rds_shim_code rc;
  if(strstr(action, "Snapshot") && strncmp(action, "Restore", 7)) {
    struct rds_shim_snapshot_list l;
    rc = parse_snaps(body, len, action, &l, NULL);
    *count = l.count;
    *first_ok = l.count && l.items[0].id && l.items[0].status;
    release_snaps(&l);
  }
  else {
    struct rds_shim_instance_list l;
    rc = parse(body, len, action, &l, NULL);
    *count = l.count;
    *first_ok = l.count && l.items[0].id && l.items[0].status;
    release(&l);
  }
  return rc;
}

/* Walks an index.tsv: file, http_status, content_type, action. */
static int each_file(const char *dir, int *n200, int *nerr)
{
  char rel[512], *idx, *line, *save = NULL;
  snprintf(rel, sizeof(rel), "rds-responses/%s/index.tsv", dir);
  idx = tu_read(tu_path(rel), NULL);
  assert_non_null(idx);
  for(line = strtok_r(idx, "\n", &save); line;
      line = strtok_r(NULL, "\n", &save)) {
    char file[256], ctype[64], action[64], *body;
    int status, ok;
    size_t len, cut, n;
    if(!strncmp(line, "file\t", 5))
      continue;
    assert_int_equal(sscanf(line, "%255s\t%d\t%63s\t%63s", file, &status,
                            ctype, action), 4);
    snprintf(rel, sizeof(rel), "rds-responses/%s/%s", dir, file);
    body = tu_read(tu_path(rel), &len);
    assert_non_null(body);
    if(status == 200) {
      assert_int_equal(parse_any(body, len, action, &n, &ok), RDS_SHIM_OK);
      assert_true(n >= 1);
      assert_true(ok);
      (*n200)++;
      /* every truncation fails cleanly */
      for(cut = 0; cut < len - 1; cut += len / 13 + 1) {
        char *t = malloc(cut + 1);
        assert_non_null(t);
        memcpy(t, body, cut);
        t[cut] = 0;
        assert_int_equal(parse_any(t, cut, action, &n, &ok),
                         RDS_SHIM_BAD_RESPONSE);
        assert_int_equal(n, 0);
        free(t);
      }
      /* a success body is no error document */
      {
        struct aws_error e;
        memset(&e, 0, sizeof(e));
        assert_int_equal(xml_parse_error(body, len, &e), -1);
        aws_error_release(&e);
      }
    }
    else {
      struct aws_error e;
      memset(&e, 0, sizeof(e));
      assert_int_equal(xml_parse_error(body, len, &e), 0);
      assert_non_null(e.code);
      assert_non_null(e.message);
      assert_non_null(e.request_id);
      assert_string_equal(e.type, "Sender");
      aws_error_release(&e);
      /* and is no instance document */
      assert_int_equal(parse_any(body, len, action, &n, &ok),
                       RDS_SHIM_BAD_RESPONSE);
      (*nerr)++;
    }
    free(body);
  }
  free(idx);
  return 0;
}

static void test_all_files(void **state)
{
  int n200 = 0, nerr = 0;
  (void)state;
  each_file("moto-5.2.1", &n200, &nerr);
  assert_int_equal(n200, 5);
  assert_int_equal(nerr, 2);
  each_file("hand-written", &n200, &nerr);
  assert_int_equal(n200, 8);
  assert_int_equal(nerr, 3);
  each_file("moto-5.2.1-encrypt", &n200, &nerr);
  assert_int_equal(n200, 13);
  assert_int_equal(nerr, 4);
  printf("rds-responses: %d success bodies, %d error bodies parsed\n", n200,
         nerr);
}

static char *load(const char *rel, size_t *len)
{
  char *b = tu_read(tu_path(rel), len);
  assert_non_null(b);
  return b;
}

static void test_describe_fields(void **state)
{
  size_t len;
  char *b = load("rds-responses/moto-5.2.1/02-describe-db-instances.xml",
                 &len);
  struct rds_shim_instance_list l;
  struct rds_shim_instance *i;
  (void)state;
  assert_int_equal(parse(b, len, "DescribeDBInstances", &l, NULL), 0);
  assert_int_equal(l.count, 1);
  i = &l.items[0];
  assert_string_equal(i->id, "old-prod-one");
  assert_string_equal(i->instance_class, "db.r6g.large");
  assert_string_equal(i->engine, "postgres");
  assert_string_equal(i->engine_version, "16.3");
  assert_string_equal(i->status, "available");
  assert_string_equal(i->master_username, "admin_user");
  assert_string_equal(i->db_name, "appdb");
  assert_string_equal(i->endpoint_address,
                      "old-prod-one.aaaaaaaaaa.us-east-1.rds.amazonaws.com");
  assert_int_equal(i->endpoint_port, 5432);
  assert_int_equal(i->allocated_storage, 100);
  assert_int_equal(i->iops, RDS_SHIM_UNSET);
  assert_string_equal(i->storage_type, "gp3");
  assert_int_equal(i->multi_az, 0);
  assert_int_equal(i->storage_encrypted, 0);
  assert_int_equal(i->auto_minor_version_upgrade, 1);
  assert_int_equal(i->copy_tags_to_snapshot, 0);
  assert_int_equal(i->deletion_protection, 0);
  assert_int_equal(i->iam_auth_enabled, 0);
  assert_int_equal(i->n_vpc_security_groups, 2);
  assert_string_equal(i->vpc_security_groups[0].name,
                      "sg-3bf051e83d30f101b");
  assert_string_equal(i->vpc_security_groups[1].status, "active");
  assert_int_equal(i->n_parameter_groups, 1);
  assert_string_equal(i->parameter_groups[0].name, "prod-pg16-tuned");
  assert_string_equal(rds_shim_instance_param_status(i), "in-sync");
  assert_int_equal(i->n_option_groups, 1);
  assert_string_equal(i->option_groups[0].name, "default:postgres-16-3");
  assert_int_equal(i->n_read_replicas, 1);
  assert_string_equal(i->read_replicas[0], "old-prod-one-replica-1");
  assert_null(i->read_replica_source);
  assert_int_equal(i->n_tags, 2);
  assert_string_equal(i->tags[1].key, "cost center");
  assert_string_equal(i->tags[1].value, "R&D / ops+db=1 "
                      "\xc3\xbcn\xc3\xaf""c\xc3\xb8""d\xc3\xa9");
  assert_int_equal(i->n_cloudwatch_logs_exports, 0);
  assert_string_equal(i->arn,
                      "arn:aws:rds:us-east-1:123456789012:db:old-prod-one");
  assert_string_equal(i->dbi_resource_id, "db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U");
  assert_int_equal(i->has_pending, 0);

  /* JSON like the AWS CLI's */
  {
    char *json = NULL;
    cJSON *j, *d, *t;
    assert_int_equal(rds_shim_to_json(l.items, l.count, "DBInstances",
                                      &json), 0);
    j = cJSON_Parse(json);
    assert_non_null(j);
    d = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "DBInstances"), 0);
    assert_string_equal(cJSON_GetObjectItem(d, "DBInstanceIdentifier")
                        ->valuestring, "old-prod-one");
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(d, "Endpoint"),
                                         "Port")->valueint, 5432);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(d, "MultiAZ")));
    t = cJSON_GetArrayItem(cJSON_GetObjectItem(d, "TagList"), 1);
    assert_string_equal(cJSON_GetObjectItem(t, "Key")->valuestring,
                        "cost center");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(
      cJSON_GetObjectItem(d, "DBParameterGroups"), 0),
      "ParameterApplyStatus")->valuestring, "in-sync");
    assert_null(cJSON_GetObjectItem(d, "Iops"));
    cJSON_Delete(j);
    free(json);
  }
  release(&l);
  free(b);
}

static void test_replica_and_pending(void **state)
{
  size_t len;
  char *b;
  struct rds_shim_instance_list l;
  struct rds_shim_instance *i;
  char *json = NULL;
  cJSON *j, *pm;
  (void)state;
  b = load("rds-responses/moto-5.2.1/03-describe-db-instances-replica.xml",
           &len);
  assert_int_equal(parse(b, len, "DescribeDBInstances", &l, NULL), 0);
  assert_string_equal(l.items[0].read_replica_source, "old-prod-one");
  release(&l);
  free(b);

  b = load("rds-responses/hand-written/"
           "describe-db-instances-modifying-pending-reboot.xml", &len);
  assert_int_equal(parse(b, len, "DescribeDBInstances", &l, NULL), 0);
  i = &l.items[0];
  assert_string_equal(i->status, "modifying");
  assert_string_equal(rds_shim_instance_param_status(i), "pending-reboot");
  assert_int_equal(i->has_pending, 1);
  assert_int_equal(i->n_pending, 1);
  assert_string_equal(i->pending[0].key, "DBInstanceClass");
  assert_string_equal(i->pending[0].value, "db.r6g.xlarge");
  assert_int_equal(i->storage_encrypted, 1);
  assert_int_equal(i->deletion_protection, 1);
  assert_int_equal(i->iam_auth_enabled, 1);
  assert_int_equal(rds_shim_to_json(i, 1, "DBInstance", &json), 0);
  j = cJSON_Parse(json);
  pm = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "DBInstance"),
                           "PendingModifiedValues");
  assert_string_equal(cJSON_GetObjectItem(pm, "DBInstanceClass")
                      ->valuestring, "db.r6g.xlarge");
  cJSON_Delete(j);
  free(json);
  release(&l);
  free(b);

  b = load("rds-responses/hand-written/reboot-db-instance-rebooting.xml",
           &len);
  assert_int_equal(parse(b, len, "RebootDBInstance", &l, NULL), 0);
  assert_string_equal(l.items[0].status, "rebooting");
  assert_int_equal(l.items[0].has_pending, 1);
  assert_int_equal(l.items[0].n_pending, 0);
  release(&l);
  free(b);
}

static void test_errors(void **state)
{
  size_t len;
  char *b;
  struct aws_error e;
  (void)state;
  memset(&e, 0, sizeof(e));
  b = load("rds-responses/moto-5.2.1/06-error-describe-db-instance-not-"
           "found.xml", &len);
  assert_int_equal(xml_parse_error(b, len, &e), 0);
  assert_string_equal(e.code, "DBInstanceNotFound");
  assert_string_equal(e.message, "DBInstance does-not-exist not found.");
  assert_string_equal(e.request_id,
                      "4CEF94KQY60s4vJsARqQ2vD2QmiL6Nyl7NqLH5qIZEEWgJlXp77z");
  free(b);
  b = load("rds-responses/hand-written/error-throttling.xml", &len);
  assert_int_equal(xml_parse_error(b, len, &e), 0);
  assert_string_equal(e.code, "Throttling");
  assert_true(retry_is_throttle(e.code));
  aws_error_release(&e);
  free(b);
  /* EC2-style envelope */
  {
    const char *x = "<Response><Errors><Error><Code>RequestLimitExceeded"
                    "</Code><Message>slow down</Message></Error></Errors>"
                    "<RequestID>r-1</RequestID></Response>";
    assert_int_equal(xml_parse_error(x, strlen(x), &e), 0);
    assert_string_equal(e.code, "RequestLimitExceeded");
    assert_string_equal(e.request_id, "r-1");
    aws_error_release(&e);
  }
  /* not error documents */
  assert_int_equal(xml_parse_error("<html>503</html>", 16, &e), -1);
  assert_int_equal(xml_parse_error("", 0, &e), -1);
  assert_int_equal(xml_parse_error("<ErrorResponse><Error><Type>x</Type>",
                                   36, &e), -1);
  aws_error_release(&e);
}

#define HEAD "<DescribeDBInstancesResponse><DescribeDBInstancesResult>"
#define TAIL "</DescribeDBInstancesResult></DescribeDBInstancesResponse>"

static void test_malformed(void **state)
{
  static const char *const bad[] = {
    "not xml at all",
    "<html><body>Service Unavailable</body></html>",
    "<DescribeDBInstancesResponse/>",
    HEAD TAIL,                                        /* no DBInstances */
    HEAD "<DBInstances><DBInstance><DBInstanceStatus>available"
    "</DBInstanceStatus></DBInstance></DBInstances>" TAIL, /* no id */
    HEAD "<DBInstances><DBInstance><DBInstanceIdentifier>a"
    "</DBInstanceIdentifier><AllocatedStorage>ten</AllocatedStorage>"
    "</DBInstance></DBInstances>" TAIL,
    HEAD "<DBInstances><DBInstance><DBInstanceIdentifier>a"
    "</DBInstanceIdentifier><MultiAZ>maybe</MultiAZ>"
    "</DBInstance></DBInstances>" TAIL,
    HEAD "<DBInstances><DBInstance><DBInstanceIdentifier>a"
    "</DBInstanceIdentifier><Endpoint><Port>99999</Port></Endpoint>"
    "</DBInstance></DBInstances>" TAIL,
    HEAD "<DBInstances><DBInstance><DBInstanceIdentifier>a"
    "</DBInstanceIdentifier></DBInstance></DBInstances>",  /* truncated */
    "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;"
    "&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
    "<x>&c;</x>",
    NULL
  };
  size_t k;
  struct rds_shim_instance_list l;
  (void)state;
  for(k = 0; bad[k]; k++) {
    assert_int_equal(parse(bad[k], strlen(bad[k]), "DescribeDBInstances",
                           &l, NULL), RDS_SHIM_BAD_RESPONSE);
    assert_int_equal(l.count, 0);
  }
  assert_int_equal(parse(NULL, 0, "DescribeDBInstances", &l, NULL),
                   RDS_SHIM_BAD_RESPONSE);
  /* wrong action for the document */
  {
    const char *ok = HEAD "<DBInstances/>" TAIL;
    assert_int_equal(parse(ok, strlen(ok), "DescribeDBInstances", &l, NULL),
                     RDS_SHIM_OK);
    assert_int_equal(l.count, 0);
    assert_int_equal(parse(ok, strlen(ok), "ModifyDBInstance", &l, NULL),
                     RDS_SHIM_BAD_RESPONSE);
  }
}

static void test_marker_and_pretty(void **state)
{
  const char *x =
    "<?xml version=\"1.0\"?>\n"
    "<DescribeDBInstancesResponse xmlns=\"http://rds.amazonaws.com/doc/"
    "2014-10-31/\">\n  <DescribeDBInstancesResult>\n"
    "    <Marker>next-page</Marker>\n    <DBInstances>\n"
    "      <DBInstance>\n        <DBInstanceIdentifier>a"
    "</DBInstanceIdentifier>\n        <EnabledCloudwatchLogsExports>\n"
    "          <member>postgresql</member>\n          <member>upgrade"
    "</member>\n        </EnabledCloudwatchLogsExports>\n"
    "        <Iops>3000</Iops>\n        <PerformanceInsightsEnabled>true"
    "</PerformanceInsightsEnabled>\n      </DBInstance>\n"
    "      <DBInstance><DBInstanceIdentifier>b</DBInstanceIdentifier>"
    "</DBInstance>\n    </DBInstances>\n  </DescribeDBInstancesResult>\n"
    "</DescribeDBInstancesResponse>\n";
  struct rds_shim_instance_list l;
  char *marker = NULL;
  (void)state;
  assert_int_equal(parse(x, strlen(x), "DescribeDBInstances", &l, &marker),
                   0);
  assert_int_equal(l.count, 2);
  assert_string_equal(marker, "next-page");
  assert_int_equal(l.items[0].n_cloudwatch_logs_exports, 2);
  assert_string_equal(l.items[0].cloudwatch_logs_exports[1], "upgrade");
  assert_int_equal(l.items[0].iops, 3000);
  assert_int_equal(l.items[0].performance_insights_enabled, 1);
  assert_string_equal(l.items[1].id, "b");
  free(marker);
  release(&l);
}

/* moto's snapshot answers, field by field. */
static void test_snapshot_fields(void **state)
{
  size_t len;
  char *b = load("rds-responses/moto-5.2.1-encrypt/"
                 "03-copy-db-snapshot-kms.xml", &len);
  struct rds_shim_snapshot_list l;
  const struct rds_shim_snapshot *s;
  (void)state;
  assert_int_equal(parse_snaps(b, len, "CopyDBSnapshot", &l, NULL), 0);
  assert_int_equal(l.count, 1);
  s = &l.items[0];
  assert_string_equal(s->id, "shop-encrypt-1-kms");
  assert_string_equal(s->instance_id, "shop");
  assert_string_equal(s->status, "available");
  assert_int_equal(s->encrypted, 1);
  assert_non_null(strstr(s->kms_key_id, "arn:aws:kms:us-east-1:"));
  assert_string_equal(s->engine, "mysql");
  assert_string_equal(s->snapshot_type, "manual");
  assert_non_null(s->create_time);
  assert_string_equal(s->arn, "arn:aws:rds:us-east-1:123456789012:snapshot:"
                      "shop-encrypt-1-kms");
  assert_int_equal(s->allocated_storage, 20);
  assert_int_equal(s->percent_progress, RDS_SHIM_UNSET);  /* moto: none */
  assert_int_equal(s->n_tags, 1);                   /* CopyTags */
  assert_string_equal(s->tags[0].key, "rdsclone:encrypt-of");
  release_snaps(&l);
  free(b);
  /* the source of the copy: not encrypted, no key */
  b = load("rds-responses/moto-5.2.1-encrypt/01-create-db-snapshot.xml",
           &len);
  assert_int_equal(parse_snaps(b, len, "CreateDBSnapshot", &l, NULL), 0);
  assert_int_equal(l.items[0].encrypted, 0);
  assert_null(l.items[0].kms_key_id);
  release_snaps(&l);
  free(b);
  /* a snapshot document is no instance document, and the reverse */
  b = load("rds-responses/moto-5.2.1-encrypt/02-describe-db-snapshots.xml",
           &len);
  {
    struct rds_shim_instance_list il;
    assert_int_equal(parse(b, len, "DescribeDBInstances", &il, NULL),
                     RDS_SHIM_BAD_RESPONSE);
  }
  assert_int_equal(parse_snaps(b, len, "DescribeDBSnapshots", &l, NULL), 0);
  assert_int_equal(l.count, 2);          /* the automated one and ours */
  assert_string_equal(l.items[0].snapshot_type, "automated");
  assert_string_equal(l.items[1].id, "shop-encrypt-1");
  release_snaps(&l);
  free(b);
}

/* RDS's "creating" state with progress, the Marker, JSON output. */
static void test_snapshot_creating_json(void **state)
{
  size_t len;
  char *b = load("rds-responses/hand-written/"
                 "describe-db-snapshots-creating.xml", &len);
  struct rds_shim_snapshot_list l;
  char *marker = NULL, *json = NULL;
  cJSON *j, *o;
  (void)state;
  assert_int_equal(parse_snaps(b, len, "DescribeDBSnapshots", &l, &marker),
                   0);
  assert_string_equal(marker, "page-2-of-shop");
  assert_string_equal(l.items[0].status, "creating");
  assert_int_equal(l.items[0].percent_progress, 42);
  assert_non_null(strstr(l.items[0].source_snapshot, "shop-encrypt-1"));
  assert_int_equal(rds_shim_snapshots_to_json(l.items, l.count,
                                              "DBSnapshots", &json), 0);
  j = cJSON_Parse(json);
  assert_non_null(j);
  o = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "DBSnapshots"), 0);
  assert_int_equal(cJSON_GetObjectItem(o, "PercentProgress")->valueint, 42);
  assert_true(cJSON_IsTrue(cJSON_GetObjectItem(o, "Encrypted")));
  assert_string_equal(cJSON_GetObjectItem(o, "Status")->valuestring,
                      "creating");
  assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(
      cJSON_GetObjectItem(o, "TagList"), 0), "Value")->valuestring, "shop");
  cJSON_Delete(j);
  free(json);
  assert_int_equal(rds_shim_snapshots_to_json(l.items, 1, "DBSnapshot",
                                              &json), 0);
  assert_non_null(strstr(json, "\"DBSnapshot\":"));
  free(json);
  assert_int_equal(rds_shim_snapshots_to_json(l.items, 2, "DBSnapshot",
                                              &json), RDS_SHIM_BAD_ARGUMENT);
  free(marker);
  release_snaps(&l);
  free(b);
}

/* A snapshot without an identifier, or with a bad number or boolean. */
static void test_snapshot_malformed(void **state)
{
  static const char *const bodies[] = {
    "<DescribeDBSnapshotsResponse><DescribeDBSnapshotsResult><DBSnapshots>"
    "<DBSnapshot><Status>available</Status></DBSnapshot></DBSnapshots>"
    "</DescribeDBSnapshotsResult></DescribeDBSnapshotsResponse>",
    "<DescribeDBSnapshotsResponse><DescribeDBSnapshotsResult><DBSnapshots>"
    "<DBSnapshot><DBSnapshotIdentifier>a</DBSnapshotIdentifier>"
    "<PercentProgress>half</PercentProgress></DBSnapshot></DBSnapshots>"
    "</DescribeDBSnapshotsResult></DescribeDBSnapshotsResponse>",
    "<DescribeDBSnapshotsResponse><DescribeDBSnapshotsResult><DBSnapshots>"
    "<DBSnapshot><DBSnapshotIdentifier>a</DBSnapshotIdentifier>"
    "<Encrypted>yes</Encrypted></DBSnapshot></DBSnapshots>"
    "</DescribeDBSnapshotsResult></DescribeDBSnapshotsResponse>",
    "<DescribeDBSnapshotsResponse><DescribeDBSnapshotsResult>"
    "</DescribeDBSnapshotsResult></DescribeDBSnapshotsResponse>",
    "<CopyDBSnapshotResponse><CopyDBSnapshotResult>"
    "</CopyDBSnapshotResult></CopyDBSnapshotResponse>",
  };
  static const char *const actions[] = {
    "DescribeDBSnapshots", "DescribeDBSnapshots", "DescribeDBSnapshots",
    "DescribeDBSnapshots", "CopyDBSnapshot"
  };
  size_t i;
  (void)state;
  for(i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
    struct rds_shim_snapshot_list l;
    assert_int_equal(parse_snaps(bodies[i], strlen(bodies[i]), actions[i],
                                 &l, NULL), RDS_SHIM_BAD_RESPONSE);
    assert_int_equal(l.count, 0);
  }
}

/* The instance members the encryption procedure compares. */
static void test_restore_rename_fields(void **state)
{
  size_t len;
  char *b = load("rds-responses/moto-5.2.1-encrypt/"
                 "05-modify-db-instance-rename.xml", &len);
  struct rds_shim_instance_list l;
  char *json = NULL;
  (void)state;
  assert_int_equal(parse(b, len, "ModifyDBInstance", &l, NULL), 0);
  assert_string_equal(l.items[0].id, "shop-unencrypted");
  assert_int_equal(l.items[0].backup_retention_period, 14);
  assert_string_equal(l.items[0].preferred_backup_window, "03:00-03:30");
  assert_string_equal(l.items[0].preferred_maintenance_window,
                      "sun:05:00-sun:05:30");
  assert_int_equal(l.items[0].max_allocated_storage, 200);
  assert_non_null(l.items[0].ca_certificate_identifier);
  assert_int_equal(rds_shim_to_json(l.items, 1, "DBInstance", &json), 0);
  assert_non_null(strstr(json, "\"MaxAllocatedStorage\":\t200"));
  assert_non_null(strstr(json, "\"PreferredBackupWindow\":\t\"03:00-03:30\""));
  free(json);
  release(&l);
  free(b);
  b = load("rds-responses/moto-5.2.1-encrypt/"
           "04-restore-db-instance-from-db-snapshot.xml", &len);
  assert_int_equal(parse(b, len, "RestoreDBInstanceFromDBSnapshot", &l,
                         NULL), 0);
  assert_string_equal(l.items[0].id, "shop-encrypted");
  assert_int_equal(l.items[0].storage_encrypted, 1);
  assert_string_equal(l.items[0].ca_certificate_identifier,
                      "rds-ca-rsa2048-g1");
  assert_int_equal(l.items[0].max_allocated_storage, RDS_SHIM_UNSET);
  release(&l);
  free(b);
}

int main(int argc, char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_all_files),
    cmocka_unit_test(test_describe_fields),
    cmocka_unit_test(test_replica_and_pending),
    cmocka_unit_test(test_errors),
    cmocka_unit_test(test_malformed),
    cmocka_unit_test(test_marker_and_pretty),
    cmocka_unit_test(test_snapshot_fields),
    cmocka_unit_test(test_snapshot_creating_json),
    cmocka_unit_test(test_snapshot_malformed),
    cmocka_unit_test(test_restore_rename_fields),
  };
  if(tu_init(argc, argv))
    return 1;   /* the vectors are in the tree: missing is a failure */
  return cmocka_run_group_tests(tests, NULL, NULL);
}
