/* SPDX-License-Identifier: Apache-2.0 */
/*
 * auth_token.c - RDS IAM database authentication tokens.
 *
 * A token is a SigV4 presigned GET URL for "Action=connect&DBUser=<user>"
 * on host:port, credential scope service "rds-db", valid 900 s, without the
 * "https://" prefix (what botocore's generate_db_auth_token returns). The
 * token is a password: callers wipe it (rds_shim_secret_free) and it is
 * never logged. The handle-level call is rds_shim_auth_token (rds/token.c).
 */
#include "sign/auth_token.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "sign/percent.h"
#include "sign/sigv4.h"

#define TOKEN_EXPIRES "900"

/* The URL's query, in botocore's order (the signer sorts it). The adds
 * are not checked one by one: a buffer's failure is sticky. */
static enum rds_shim_code presign_query(struct buf *q, const char *user,
                                        const struct buf *cred,
                                        const char *amz_date,
                                        const char *token)
{
  buf_adds(q, "Action=connect&DBUser=");
  uri_encode(q, user, strlen(user), 0);
  buf_adds(q, "&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=");
  uri_encode(q, buf_str(cred), cred->len, 0);
  buf_addf(q, "&X-Amz-Date=%s&X-Amz-Expires=" TOKEN_EXPIRES
           "&X-Amz-SignedHeaders=host", amz_date);
  if(token && *token) {
    buf_adds(q, "&X-Amz-Security-Token=");
    uri_encode(q, token, strlen(token), 0);
  }
  return buf_failed(q) || buf_failed(cred) ? RDS_SHIM_OUT_OF_MEMORY :
         RDS_SHIM_OK;
}

enum rds_shim_code auth_token_build(const char *akid, const char *secret,
                                    const char *token, const char *region,
                                    const char *host, int port,
                                    const char *user, time_t t,
                                    struct buf *out)
{
  char amz_date[17], date[9];
  struct buf q, hosthdr, cred;
  struct sigv4_result res;
  struct sigv4_request req;
  struct sigv4_key key;
  struct sigv4_header hh;
  enum rds_shim_code rc;

  if(!akid || !secret || !region || !host || !*host || !user || !*user ||
     port <= 0 || port > 65535)
    return RDS_SHIM_BAD_ARGUMENT;
  sigv4_amz_date(t, amz_date);
  memcpy(date, amz_date, 8);
  date[8] = 0;
  buf_init(&q, BUF_CAP_SMALL);
  buf_init(&hosthdr, BUF_CAP_SMALL);
  buf_init(&cred, BUF_CAP_SMALL);
  sigv4_result_init(&res);
  buf_addf(&hosthdr, "%s:%d", host, port);
  buf_addf(&cred, "%s/%s/%s/rds-db/aws4_request", akid, date, region);
  rc = presign_query(&q, user, &cred, amz_date, token);
  if(!rc && buf_failed(&hosthdr))
    rc = RDS_SHIM_OUT_OF_MEMORY;
  if(!rc) {
    memset(&req, 0, sizeof(req));
    memset(&key, 0, sizeof(key));
    hh.name = "host";
    hh.value = buf_str(&hosthdr);
    req.method = "GET";
    req.path = "/";
    req.query = buf_str(&q);
    req.headers = &hh;
    req.n_headers = 1;
    req.normalize_path = 1;
    key.access_key_id = akid;
    key.secret_key = secret;
    key.region = region;
    key.service = "rds-db";
    key.amz_date = amz_date;
    rc = sigv4_sign(&req, &key, &res);
  }
  if(!rc && buf_addf(out, "%s/?%s&X-Amz-Signature=%s", buf_str(&hosthdr),
                     buf_str(&q), res.signature))
    rc = RDS_SHIM_OUT_OF_MEMORY;
  sigv4_result_release(&res);
  buf_release_secret(&q);
  buf_release(&hosthdr);
  buf_release(&cred);
  return rc;
}
