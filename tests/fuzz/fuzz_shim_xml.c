/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_shim_xml.c - RDS and STS XML responses (shim/rds/xml.c, libxml2).
 *
 * The input is parsed as a DescribeDBInstances, CreateDBInstanceReadReplica
 * and ModifyDBInstance response, as an AWS error document and as an STS
 * AssumeRoleWithWebIdentity response. Each either yields structures or is
 * refused (with a reason for instance documents); nothing crashes, leaks
 * or reads outside the body (it is not NUL-terminated here).
 */
#include "fuzz_util.h"
#include "rds/xml.h"
#include "rds_shim.h"

static void instances(const char *body, size_t len, const char *action)
{
  struct rds_shim_instance_list *list = calloc(1, sizeof(*list));
  char *marker = NULL, *reqid = NULL;
  char why[256];
  enum rds_shim_code rc;
  FUZZ_CHECK(list != NULL);
  why[0] = 0;
  rc = xml_parse_instances(body, len, action, list, &marker, &reqid, why,
                           sizeof(why));
  if(rc != RDS_SHIM_OK)
    FUZZ_CHECK(why[0] != 0 && memchr(why, 0, sizeof(why)));
  rds_shim_instance_list_free(list);
  free(marker);
  free(reqid);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  /* an exact-size heap copy: ASan sees any read past len */
  char *body = malloc(size ? size : 1);
  struct aws_error e;
  struct sts_credentials c;
  FUZZ_CHECK(body != NULL);
  memcpy(body, data, size);

  instances(body, size, "DescribeDBInstances");
  instances(body, size, "CreateDBInstanceReadReplica");
  instances(body, size, "ModifyDBInstance");

  memset(&e, 0, sizeof(e));
  (void)xml_parse_error(body, size, &e);
  aws_error_release(&e);

  memset(&c, 0, sizeof(c));
  (void)xml_parse_sts_credentials(body, size, &c);
  sts_credentials_release(&c);
  free(body);
  return 0;
}
