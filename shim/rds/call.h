/* SPDX-License-Identifier: Apache-2.0 */
/*
 * call.h - one signed Query API call to RDS with retries (rds/call.c).
 * Layer: above creds/credentials, sign/sigv4, http/http, http/retry, rds/xml.
 */
#ifndef SHIM_RDS_CALL_H
#define SHIM_RDS_CALL_H

#include "rds_shim.h"

struct query;
struct http_response;
struct aws_error;

/* Sends one Query API call with retries; on RDS_SHIM_OK, resp holds the
 * 2xx body. On an AWS error, *err (optional) receives it. attempts_used
 * (optional) is the number of attempts made. */
enum rds_shim_code rds_call(struct rds_shim *h, struct query *q,
                            struct http_response *resp,
                            struct aws_error *err, int *attempts_used);

#endif
