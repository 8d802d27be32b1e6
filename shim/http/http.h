/* SPDX-License-Identifier: Apache-2.0 */
/*
 * http.h - the libcurl transport (http/http.c): one reused easy handle per
 * rds_shim handle. Layer: above core/handle.
 */
#ifndef SHIM_HTTP_HTTP_H
#define SHIM_HTTP_HTTP_H

#include <stddef.h>

#include "buf.h"
#include "rds_shim.h"

struct http_response {
  long status;              /* 0 on transport failure */
  struct buf body;
  char *amz_request_id;     /* x-amzn-RequestId header, if any */
};

struct http_header {
  const char *name;
  const char *value;
};

void http_response_init(struct http_response *r);
void http_response_release(struct http_response *r);
/* One HTTP request on the handle's reused curl handle. Returns
 * RDS_SHIM_TRANSPORT (message set) when no complete response came back;
 * any HTTP status is RDS_SHIM_OK here. timeout_ms 0: handle default. */
enum rds_shim_code http_request(struct rds_shim *h, const char *method,
                                const char *url,
                                const struct http_header *headers,
                                size_t n_headers, const char *body,
                                size_t body_len, long timeout_ms,
                                struct http_response *resp);
/* Frees the handle's curl handle (and its connections), if any. */
void http_close(struct rds_shim *h);

#endif
