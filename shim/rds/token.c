/* SPDX-License-Identifier: Apache-2.0 */
/*
 * token.c - rds_shim_auth_token(): an IAM database authentication token
 * (sign/auth_token.c) made with the handle's credentials and region.
 */
#include "rds_shim.h"

#include "buf.h"
#include "core/handle.h"
#include "creds/credentials.h"
#include "sign/auth_token.h"

enum rds_shim_code rds_shim_auth_token(struct rds_shim *h, const char *host,
                                       int port, const char *user,
                                       char **token)
{
  struct buf out;
  enum rds_shim_code rc;
  if(token)
    *token = NULL;
  if(!h)
    return RDS_SHIM_BAD_ARGUMENT;
  if(!token || !host || !*host || !user || !*user || port <= 0 ||
     port > 65535)
    return shim_fail(h, RDS_SHIM_BAD_ARGUMENT,
                     "auth-token: need a host, a port (1-65535) and a user");
  rc = creds_ensure(h);
  if(rc)
    return rc;
  buf_init(&out, BUF_CAP_SMALL);
  rc = auth_token_build(h->creds.access_key_id, h->creds.secret_key,
                        h->creds.session_token, h->region, host, port, user,
                        h->now(), &out);
  if(rc) {
    buf_release_secret(&out);
    return shim_fail(h, rc, "auth-token: %s", rds_shim_strerror(rc));
  }
  *token = buf_take(&out);
  if(!*token)
    return shim_fail(h, RDS_SHIM_OUT_OF_MEMORY, "out of memory");
  shim_log(h, RDS_SHIM_LOG_INFO, "auth-token: made for %s@%s:%d (%s)", user,
           host, port, h->region);
  return RDS_SHIM_OK;
}
