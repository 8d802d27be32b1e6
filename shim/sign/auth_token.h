/* SPDX-License-Identifier: Apache-2.0 */
/*
 * auth_token.h - the RDS IAM database authentication token as a presigned
 * URL (sign/auth_token.c). Layer: above sign/sigv4; knows no handle (the
 * handle-level call is rds_shim_auth_token in rds/token.c).
 */
#ifndef SHIM_SIGN_AUTH_TOKEN_H
#define SHIM_SIGN_AUTH_TOKEN_H

#include <time.h>

#include "rds_shim.h"

struct buf;

/* Builds an IAM DB auth token for host:port/user at time t. */
enum rds_shim_code auth_token_build(const char *akid, const char *secret,
                                    const char *token, const char *region,
                                    const char *host, int port,
                                    const char *user, time_t t,
                                    struct buf *out);

#endif
