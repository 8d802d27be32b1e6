/* SPDX-License-Identifier: Apache-2.0 */
/*
 * call.c - rds_call(), the one path to the RDS service: form body
 * (botocore's encoding and list member names from the RDS model, e.g.
 * VpcSecurityGroupIds.VpcSecurityGroupId.N, Tags.Tag.N.Key,
 * EnableCloudwatchLogsExports.member.N), SigV4 over exactly
 * content-type;host;x-amz-date[;x-amz-security-token] as botocore signs,
 * standard-mode retries, and errors turned into one line naming the AWS
 * code, message and request id.
 */
#include "rds/call.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "core/handle.h"
#include "creds/credentials.h"
#include "http/http.h"
#include "http/query.h"
#include "http/retry.h"
#include "rds/xml.h"
#include "sign/sigv4.h"

#define FORM_TYPE "application/x-www-form-urlencoded; charset=utf-8"

/* Appends up to 200 bytes of an unexpected body, non-printables escaped. */
static void snippet(char *out, size_t outlen, const char *s, size_t len)
{
  size_t o = 0, i;
  for(i = 0; i < len && i < 200 && o + 5 < outlen; i++) {
    unsigned char c = (unsigned char)s[i];
    if(c >= 0x20 && c < 0x7f)
      out[o++] = (char)c;
    else
      o += (size_t)snprintf(out + o, outlen - o, "\\x%02x", c);
  }
  out[o < outlen ? o : outlen - 1] = 0;
}

/* Signs and sends one attempt. */
static enum rds_shim_code attempt(struct rds_shim *h, const char *body,
                                  size_t len, struct http_response *resp)
{
  char amz_date[17], url_tail[2] = "/";
  struct sigv4_header sh[4];
  struct http_header hh[5];
  struct sigv4_request req;
  struct sigv4_key key;
  struct sigv4_result res;
  struct buf url;
  size_t n = 0, i;
  enum rds_shim_code rc;

  rc = creds_ensure(h);
  if(rc)
    return rc;
  sigv4_amz_date(h->now(), amz_date);
  sh[n].name = "Content-Type";
  sh[n++].value = FORM_TYPE;
  sh[n].name = "Host";
  sh[n++].value = h->host;
  sh[n].name = "X-Amz-Date";
  sh[n++].value = amz_date;
  if(h->creds.session_token) {
    sh[n].name = "X-Amz-Security-Token";
    sh[n++].value = h->creds.session_token;
  }
  memset(&req, 0, sizeof(req));
  memset(&key, 0, sizeof(key));
  req.method = "POST";
  req.path = "/";
  req.headers = sh;
  req.n_headers = n;
  req.body = body;
  req.body_len = len;
  req.normalize_path = 1;
  key.access_key_id = h->creds.access_key_id;
  key.secret_key = h->creds.secret_key;
  key.region = h->region;
  key.service = "rds";
  key.amz_date = amz_date;
  sigv4_result_init(&res);
  buf_init(&url, BUF_CAP_SMALL);
  rc = sigv4_sign(&req, &key, &res);
  if(!rc && (buf_adds(&url, h->endpoint) || buf_adds(&url, url_tail)))
    rc = RDS_SHIM_OUT_OF_MEMORY;
  if(!rc) {
    for(i = 0; i < n; i++) {
      hh[i].name = sh[i].name;
      hh[i].value = sh[i].value;
    }
    hh[n].name = "Authorization";
    hh[n].value = buf_str(&res.authorization);
    rc = http_request(h, "POST", buf_str(&url), hh, n + 1, body, len, 0,
                      resp);
  }
  else if(rc != RDS_SHIM_TRANSPORT)
    rc = shim_fail(h, rc, "could not sign the request: %s",
                   rds_shim_strerror(rc));
  sigv4_result_release(&res);
  buf_release(&url);
  return rc;
}

/* Why a completed attempt failed, into why: the AWS error (into *err) or
 * the HTTP status and a snippet of a body that is no error document; for
 * a transport failure, the handle's message. Returns the attempt's code. */
static enum rds_shim_code explain(struct rds_shim *h, enum rds_shim_code rc,
                                  const struct http_response *resp,
                                  struct aws_error *err, char *why,
                                  size_t why_len)
{
  if(rc) {
    snprintf(why, why_len, "%.280s", h->errmsg);
    return rc;
  }
  if(!xml_parse_error(buf_str(&resp->body), resp->body.len, err))
    snprintf(why, why_len, "%s: %s", err->code,
             err->message ? err->message : "");
  else {
    char snip[256];
    snippet(snip, sizeof(snip), buf_str(&resp->body), resp->body.len);
    snprintf(why, why_len, "HTTP %ld with no AWS error document "
             "(body: \"%s\")", resp->status, snip);
  }
  return RDS_SHIM_AWS_ERROR;
}

/* The final failure of a call after n attempts: sets the handle's message
 * and maps DBInstanceNotFound, DBSnapshotNotFound and throttling to their
 * own codes. */
static enum rds_shim_code give_up(struct rds_shim *h, enum rds_shim_code rc,
                                  const char *action, int n, const char *why,
                                  const struct http_response *resp,
                                  const struct aws_error *err)
{
  const char *rid = err->request_id ? err->request_id :
                    resp->amz_request_id;
  char att[32] = "";
  if(rc == RDS_SHIM_TRANSPORT)
    return shim_fail(h, rc, "%s failed after %d attempt%s: %s", action, n,
                     n == 1 ? "" : "s", why);
  if(err->code && (!strcmp(err->code, "DBInstanceNotFound") ||
                   !strcmp(err->code, "DBSnapshotNotFound")))
    rc = RDS_SHIM_NOT_FOUND;
  else if(retry_is_throttle(err->code))
    rc = RDS_SHIM_THROTTLED;
  if(n > 1)
    snprintf(att, sizeof(att), ", %d attempts", n);
  return shim_fail(h, rc, "%s failed: %s (HTTP %ld, request id %s%s)",
                   action, why, resp->status, rid ? rid : "none", att);
}

enum rds_shim_code rds_call(struct rds_shim *h, struct query *q,
                            struct http_response *resp,
                            struct aws_error *err_out, int *attempts_used)
{
  struct buf body;
  struct aws_error err;
  const char *action = query_get(q, "Action");
  enum rds_shim_code rc;
  int n;

  buf_init(&body, BUF_CAP_HTTP);
  memset(&err, 0, sizeof(err));
  if(attempts_used)
    *attempts_used = 0;
  if(!action)
    action = "?";
  rc = query_form(q, &body);
  if(rc)
    return shim_fail(h, rc, "out of memory");

  for(n = 1;; n++) {
    char why[300];
    if(attempts_used)
      *attempts_used = n;
    aws_error_release(&err);
    shim_log(h, RDS_SHIM_LOG_DEBUG, "%s: attempt %d/%d POST %s/", action,
             n, h->max_attempts, h->endpoint);
    rc = attempt(h, buf_str(&body), body.len, resp);
    if(rc && rc != RDS_SHIM_TRANSPORT)
      break;                          /* credentials, memory: final */
    if(!rc && resp->status >= 200 && resp->status < 300)
      break;
    rc = explain(h, rc, resp, &err, why, sizeof(why));
    if(!retry_is_retryable(rc, resp->status, err.code) ||
       n >= h->max_attempts) {
      rc = give_up(h, rc, action, n, why, resp, &err);
      break;
    }
    {
      long d = retry_delay_ms(n, h->retry_base_ms, h->retry_cap_ms);
      shim_log(h, RDS_SHIM_LOG_WARN,
               "%s: attempt %d/%d failed (%s); retrying in %ld ms", action,
               n, h->max_attempts, why, d);
      retry_sleep_ms(d);
    }
  }
  if(err_out) {
    aws_error_release(err_out);
    *err_out = err;
  }
  else
    aws_error_release(&err);
  buf_release_secret(&body);
  return rc;
}

