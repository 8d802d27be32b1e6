/* SPDX-License-Identifier: Apache-2.0 */
/*
 * xml.h - libxml2 parsing of RDS and STS responses (rds/xml.c).
 * Layer: above rds/instance and sign/sigv4 (dates); knows no handle and no
 * credentials (STS answers come back as plain strings).
 */
#ifndef SHIM_RDS_XML_H
#define SHIM_RDS_XML_H

#include <stddef.h>
#include <time.h>

#include "rds_shim.h"

struct aws_error {
  char *type, *code, *message, *request_id;
};

void aws_error_release(struct aws_error *e);
/* Parses an error body (ErrorResponse/Error or Response/Errors/Error).
 * 0 if it was one, -1 if the body is no error document. */
int xml_parse_error(const char *body, size_t len, struct aws_error *e);
/* Parses a response holding DBInstances/DBInstance (Describe) or one
 * DBInstance (Create/Modify/Reboot); 'action' names the expected root
 * "<action>Response". Appends to list; *marker (optional) gets Marker.
 * RDS_SHIM_BAD_RESPONSE (with a reason in why) on anything unexpected. */
enum rds_shim_code xml_parse_instances(const char *body, size_t len,
                                       const char *action,
                                       struct rds_shim_instance_list *list,
                                       char **marker, char **request_id,
                                       char *why, size_t why_len);

/* The same for DBSnapshots/DBSnapshot (DescribeDBSnapshots) or one
 * DBSnapshot (CreateDBSnapshot, CopyDBSnapshot). */
enum rds_shim_code xml_parse_snapshots(const char *body, size_t len,
                                       const char *action,
                                       struct rds_shim_snapshot_list *list,
                                       char **marker, char **request_id,
                                       char *why, size_t why_len);

/* The credentials of an STS AssumeRoleWithWebIdentity answer. */
struct sts_credentials {
  char *access_key_id;
  char *secret_key;         /* secret */
  char *session_token;      /* secret */
  time_t expires;           /* 0: not given or unreadable */
};
/* Parses an AssumeRoleWithWebIdentity response into out (zeroed first).
 * On failure out holds what was read: free it with sts_credentials_release
 * either way. */
enum rds_shim_code xml_parse_sts_credentials(const char *body, size_t len,
                                             struct sts_credentials *out);
void sts_credentials_release(struct sts_credentials *c); /* wipes */

#endif
