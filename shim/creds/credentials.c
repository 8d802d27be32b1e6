/* SPDX-License-Identifier: Apache-2.0 */
/*
 * credentials.c - the AWS credential provider chain, in the order the AWS
 * CLI and SDKs use:
 *   1. environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 *      AWS_SESSION_TOKEN;
 *   2. the profile (AWS_PROFILE / option, else "default") in the shared
 *      credentials file, then in the config file; a profile with role_arn
 *      + web_identity_token_file assumes that role;
 *   3. web identity: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN
 *      (+ AWS_ROLE_SESSION_NAME) through STS AssumeRoleWithWebIdentity;
 *   4. ECS container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
 *      (on 169.254.170.2) or _FULL_URI (loopback or https only), with
 *      AWS_CONTAINER_AUTHORIZATION_TOKEN[_FILE] as Authorization header;
 *   5. EC2 instance metadata, IMDSv2 (token PUT, then role and credentials
 *      GETs), unless AWS_EC2_METADATA_DISABLED=true; the endpoint can be
 *      moved with AWS_EC2_METADATA_SERVICE_ENDPOINT.
 * Temporary credentials are refreshed 5 minutes before they expire. When no
 * source yields credentials the message lists what was tried. Secrets are
 * never logged and are wiped (OPENSSL_cleanse) before being freed.
 */
#include "creds/credentials.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>

#include "buf.h"
#include "core/handle.h"
#include "core/util.h"
#include "creds/creds.h"
#include "creds/profile.h"
#include "http/http.h"
#include "http/query.h"
#include "rds/xml.h"
#include "sign/percent.h"
#include "sign/sigv4.h"

#define REFRESH_WINDOW_S 300
#define ECS_HOST "http://169.254.170.2"
#define IMDS_DEFAULT "http://169.254.169.254"
#define IMDS_TIMEOUT_MS 1000

/* Outcome of one provider: found, not configured (go on), or failed
 * (configured but broken: stop with its message). */
enum prov { PROV_FOUND, PROV_SKIP, PROV_FAIL };

static enum prov set_static(struct creds *c, const char *akid,
                            const char *secret, const char *token,
                            const char *source)
{
  c->access_key_id = strdup(akid);
  c->secret_key = strdup(secret);
  c->session_token = token && *token ? strdup(token) : NULL;
  c->source = source;
  c->expires = 0;
  if(!c->access_key_id || !c->secret_key || (token && *token &&
                                              !c->session_token)) {
    creds_release(c);
    return PROV_FAIL;
  }
  return PROV_FOUND;
}

/* Reads a whole small file (token files); transferred, wipe with
 * shim_free_secret. Trailing whitespace is removed. */
static char *read_file(const char *path)
{
  FILE *f = fopen(path, "rb");
  struct buf b;
  char tmp[4096];
  size_t n;
  if(!f)
    return NULL;
  buf_init(&b, BUF_CAP_SMALL);
  while((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
    if(buf_add(&b, tmp, n)) {
      fclose(f);
      OPENSSL_cleanse(tmp, sizeof(tmp));
      return NULL;
    }
  fclose(f);
  OPENSSL_cleanse(tmp, sizeof(tmp));
  while(b.len && (b.ptr[b.len - 1] == '\n' || b.ptr[b.len - 1] == '\r' ||
                  b.ptr[b.len - 1] == ' ' || b.ptr[b.len - 1] == '\t'))
    b.ptr[--b.len] = 0;
  return buf_take(&b);
}

/* ---- web identity (STS) ---------------------------------------------- */

/* Takes the credentials out of STS's answer, or names its error. */
static enum prov sts_answer(struct rds_shim *h,
                            const struct http_response *resp,
                            struct creds *c)
{
  struct sts_credentials sc;
  struct aws_error e;
  if(resp->status == 200) {
    if(xml_parse_sts_credentials(buf_str(&resp->body), resp->body.len,
                                 &sc)) {
      sts_credentials_release(&sc);
      shim_fail(h, RDS_SHIM_NO_CREDENTIALS,
                "web identity: malformed STS response");
      return PROV_FAIL;
    }
    c->access_key_id = sc.access_key_id;
    c->secret_key = sc.secret_key;
    c->session_token = sc.session_token;
    c->expires = sc.expires;
    c->source = "web identity (STS AssumeRoleWithWebIdentity)";
    return PROV_FOUND;
  }
  memset(&e, 0, sizeof(e));
  if(!xml_parse_error(buf_str(&resp->body), resp->body.len, &e))
    shim_fail(h, RDS_SHIM_NO_CREDENTIALS,
              "web identity: STS AssumeRoleWithWebIdentity failed: %s: "
              "%s (request id %s)", e.code, e.message ? e.message : "",
              e.request_id ? e.request_id : "none");
  else
    shim_fail(h, RDS_SHIM_NO_CREDENTIALS,
              "web identity: STS answered HTTP %ld", resp->status);
  aws_error_release(&e);
  return PROV_FAIL;
}

static enum prov web_identity(struct rds_shim *h, struct creds *c,
                              const char *token_file, const char *role_arn,
                              const char *session_name)
{
  char *jwt = read_file(token_file);
  struct query q;
  struct buf body, url;
  struct http_response resp;
  struct http_header hdr[1];
  const char *ep;
  enum rds_shim_code rc;
  enum prov out = PROV_FAIL;

  if(!jwt) {
    shim_fail(h, RDS_SHIM_NO_CREDENTIALS,
              "web identity: cannot read token file \"%s\"", token_file);
    return PROV_FAIL;
  }
  query_init(&q);
  buf_init(&body, BUF_CAP_HTTP);
  buf_init(&url, BUF_CAP_SMALL);
  http_response_init(&resp);
  query_add(&q, "Action", "AssumeRoleWithWebIdentity");
  query_add(&q, "Version", "2011-06-15");
  query_add(&q, "RoleArn", role_arn);
  query_add(&q, "RoleSessionName", session_name ? session_name :
            "rds-shim-session");
  query_add(&q, "WebIdentityToken", jwt);
  ep = shim_getenv("AWS_ENDPOINT_URL_STS");
  if(!ep)
    ep = shim_getenv("AWS_ENDPOINT_URL");
  if(ep ? buf_adds(&url, ep) :
          buf_addf(&url, "https://sts.%s.amazonaws.com/", h->region))
    rc = RDS_SHIM_OUT_OF_MEMORY;
  else
    rc = query_form(&q, &body);
  hdr[0].name = "Content-Type";
  hdr[0].value = "application/x-www-form-urlencoded; charset=utf-8";
  if(!rc) {
    shim_log(h, RDS_SHIM_LOG_DEBUG,
             "credentials: AssumeRoleWithWebIdentity %s at %s", role_arn,
             buf_str(&url));
    rc = http_request(h, "POST", buf_str(&url), hdr, 1, buf_str(&body),
                      body.len, 0, &resp);
  }
  if(rc == RDS_SHIM_OK)
    out = sts_answer(h, &resp, c);
  else
    shim_fail_wrap(h, RDS_SHIM_NO_CREDENTIALS, "web identity");
  http_response_release(&resp);
  buf_release_secret(&body);
  buf_release(&url);
  query_release(&q);   /* contains the JWT */
  shim_free_secret(jwt);
  return out;
}

/* ---- JSON credential documents (ECS, IMDS) --------------------------- */

static int json_creds(const char *body, struct creds *c, const char *src)
{
  cJSON *j = cJSON_Parse(body);
  const cJSON *ak, *sk, *tk, *ex, *code;
  int rc = -1;
  if(!j)
    return -1;
  ak = cJSON_GetObjectItemCaseSensitive(j, "AccessKeyId");
  sk = cJSON_GetObjectItemCaseSensitive(j, "SecretAccessKey");
  tk = cJSON_GetObjectItemCaseSensitive(j, "Token");
  ex = cJSON_GetObjectItemCaseSensitive(j, "Expiration");
  code = cJSON_GetObjectItemCaseSensitive(j, "Code");
  if(cJSON_IsString(ak) && cJSON_IsString(sk) &&
     (!code || (cJSON_IsString(code) &&
                !strcmp(code->valuestring, "Success")))) {
    if(set_static(c, ak->valuestring, sk->valuestring,
                  cJSON_IsString(tk) ? tk->valuestring : NULL,
                  src) == PROV_FOUND) {
      rc = 0;
      if(cJSON_IsString(ex)) {
        c->expires = sigv4_parse_iso8601(ex->valuestring);
        if(c->expires == (time_t)-1)
          c->expires = 0;
      }
    }
  }
  cJSON_Delete(j);
  return rc;
}

/* ---- ECS ------------------------------------------------------------- */

static int ecs_url_allowed(const char *u)
{
  if(!strncmp(u, "https://", 8))
    return 1;
  if(strncmp(u, "http://", 7))
    return 0;
  u += 7;
  return !strncmp(u, "127.", 4) || !strncmp(u, "localhost", 9) ||
         !strncmp(u, "[::1]", 5) || !strncmp(u, "169.254.170.2", 13) ||
         !strncmp(u, "169.254.170.23", 14) || !strncmp(u, "[fd00:ec2::23]",
                                                       14);
}

static enum prov ecs(struct rds_shim *h, struct creds *c, struct buf *tried)
{
  const char *rel = shim_getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  const char *full = shim_getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  const char *tok = shim_getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN");
  const char *tokfile =
    shim_getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
  char *filetok = NULL;
  struct buf url;
  struct http_header hdr[1];
  size_t nh = 0;
  struct http_response resp;
  enum rds_shim_code rc;
  enum prov out = PROV_FAIL;

  if(!rel && !full) {
    buf_adds(tried, ", container credentials "
             "(AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/_FULL_URI unset)");
    return PROV_SKIP;
  }
  buf_init(&url, BUF_CAP_SMALL);
  if(rel ? buf_addf(&url, ECS_HOST "%s%s", rel[0] == '/' ? "" : "/", rel)
         : buf_adds(&url, full)) {
    shim_fail(h, RDS_SHIM_OUT_OF_MEMORY, "out of memory");
    return PROV_FAIL;
  }
  if(!rel && !ecs_url_allowed(full)) {
    shim_fail(h, RDS_SHIM_CONFIG,
              "AWS_CONTAINER_CREDENTIALS_FULL_URI \"%s\" must be https or "
              "a loopback / ECS / EKS address", full);
    buf_release(&url);
    return PROV_FAIL;
  }
  if(tokfile) {
    filetok = read_file(tokfile);
    if(!filetok) {
      shim_fail(h, RDS_SHIM_NO_CREDENTIALS,
                "container credentials: cannot read "
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \"%s\"", tokfile);
      buf_release(&url);
      return PROV_FAIL;
    }
    tok = filetok;
  }
  if(tok) {
    if(strchr(tok, '\r') || strchr(tok, '\n')) {
      shim_fail(h, RDS_SHIM_CONFIG, "container authorization token "
                "contains a line break");
      shim_free_secret(filetok);
      buf_release(&url);
      return PROV_FAIL;
    }
    hdr[0].name = "Authorization";
    hdr[0].value = tok;
    nh = 1;
  }
  http_response_init(&resp);
  shim_log(h, RDS_SHIM_LOG_DEBUG, "credentials: container endpoint %s",
           buf_str(&url));
  rc = http_request(h, "GET", buf_str(&url), hdr, nh, NULL, 0, 5000, &resp);
  if(rc)
    shim_fail_wrap(h, RDS_SHIM_NO_CREDENTIALS, "container credentials");
  else if(resp.status != 200)
    shim_fail(h, RDS_SHIM_NO_CREDENTIALS,
              "container credentials: %s answered HTTP %ld", buf_str(&url),
              resp.status);
  else if(json_creds(buf_str(&resp.body), c, "container credentials"))
    shim_fail(h, RDS_SHIM_NO_CREDENTIALS,
              "container credentials: malformed response from %s",
              buf_str(&url));
  else
    out = PROV_FOUND;
  http_response_release(&resp);
  shim_free_secret(filetok);
  buf_release(&url);
  return out;
}

/* ---- IMDSv2 ---------------------------------------------------------- */

/* One IMDS request to <ep>/latest/<path><role, encoded>; *oom when the
 * URL could not be built, else http_request's code. */
static enum rds_shim_code imds_request(struct rds_shim *h, const char *method,
                                       const char *ep, size_t l,
                                       const char *path, const char *role,
                                       const struct http_header *hdr,
                                       struct http_response *resp, int *oom)
{
  struct buf url;
  enum rds_shim_code rc = RDS_SHIM_OK;
  buf_init(&url, BUF_CAP_SMALL);
  buf_addf(&url, "%.*s/latest/%s", (int)l, ep, path);
  *oom = buf_failed(&url) || (role && uri_encode(&url, role, strlen(role),
                                                  0));
  if(!*oom)
    rc = http_request(h, method, buf_str(&url), hdr, 1,
                      strcmp(method, "PUT") ? NULL : "", 0, IMDS_TIMEOUT_MS,
                      resp);
  buf_release(&url);
  return rc;
}

static enum prov imds(struct rds_shim *h, struct creds *c, struct buf *tried)
{
  const char *dis = shim_getenv("AWS_EC2_METADATA_DISABLED");
  const char *ep = shim_getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT");
  const char *creds_path = "meta-data/iam/security-credentials/";
  struct http_response resp;
  struct http_header hdr[1];
  char *token = NULL, *role = NULL;
  enum rds_shim_code rc;
  enum prov out = PROV_SKIP;
  size_t l;
  int oom;

  if(dis && !strcasecmp(dis, "true")) {
    buf_adds(tried, ", EC2 instance metadata (AWS_EC2_METADATA_DISABLED)");
    return PROV_SKIP;
  }
  if(!ep)
    ep = IMDS_DEFAULT;
  l = strlen(ep);
  while(l && ep[l - 1] == '/')
    l--;
  http_response_init(&resp);

  /* 1. session token */
  hdr[0].name = "X-aws-ec2-metadata-token-ttl-seconds";
  hdr[0].value = "21600";
  shim_log(h, RDS_SHIM_LOG_DEBUG, "credentials: IMDSv2 token from %.*s",
           (int)l, ep);
  rc = imds_request(h, "PUT", ep, l, "api/token", NULL, hdr, &resp, &oom);
  if(oom)
    goto oom;
  if(rc || resp.status != 200 || !resp.body.len) {
    buf_addf(tried, ", EC2 instance metadata at %.*s (%s)", (int)l, ep,
             rc ? h->errmsg : "no IMDSv2 token");
    goto done;
  }
  if(!(token = buf_take(&resp.body)))
    goto oom;

  /* 2. role name */
  hdr[0].name = "X-aws-ec2-metadata-token";
  hdr[0].value = token;
  rc = imds_request(h, "GET", ep, l, creds_path, NULL, hdr, &resp, &oom);
  if(oom)
    goto oom;
  if(rc || resp.status != 200 || !resp.body.len) {
    buf_addf(tried, ", EC2 instance metadata at %.*s (no IAM role: %s)",
             (int)l, ep, rc ? h->errmsg : "no role attached");
    goto done;
  }
  role = strndup(buf_str(&resp.body), strcspn(buf_str(&resp.body),
                                              "\r\n"));
  if(!role)
    goto oom;

  /* 3. credentials */
  rc = imds_request(h, "GET", ep, l, creds_path, role, hdr, &resp, &oom);
  if(oom)
    goto oom;
  if(rc || resp.status != 200 ||
     json_creds(buf_str(&resp.body), c, "EC2 instance metadata (IMDSv2)")) {
    shim_fail(h, RDS_SHIM_NO_CREDENTIALS,
              "EC2 instance metadata: no valid credentials for role \"%s\"",
              role);
    out = PROV_FAIL;
    goto done;
  }
  out = PROV_FOUND;
  goto done;
oom:
  shim_fail(h, RDS_SHIM_OUT_OF_MEMORY, "out of memory");
  out = PROV_FAIL;
done:
  http_response_release(&resp);
  shim_free_secret(token);
  free(role);
  return out;
}

/* ---- the chain ------------------------------------------------------- */

static enum prov from_profile(struct rds_shim *h, struct creds *c,
                              struct buf *tried)
{
  struct profile cp;
  char *path = shim_profile_credentials_path();
  const char *ak, *sk, *st, *ra, *wf;
  enum prov out = PROV_SKIP;

  shim_profile_init(&cp);
  if(path && shim_profile_load(&cp, path, h->profile, 0)) {
    shim_fail(h, RDS_SHIM_CONFIG, "could not read credentials file \"%s\"",
              path);
    free(path);
    return PROV_FAIL;
  }
  ak = shim_profile_get(&cp, "aws_access_key_id");
  sk = shim_profile_get(&cp, "aws_secret_access_key");
  st = shim_profile_get(&cp, "aws_session_token");
  if(ak && sk && *ak && *sk)
    out = set_static(c, ak, sk, st, "shared credentials file");
  else {
    ak = shim_profile_get(&h->config, "aws_access_key_id");
    sk = shim_profile_get(&h->config, "aws_secret_access_key");
    st = shim_profile_get(&h->config, "aws_session_token");
    ra = shim_profile_get(&h->config, "role_arn");
    wf = shim_profile_get(&h->config, "web_identity_token_file");
    if(ak && sk && *ak && *sk)
      out = set_static(c, ak, sk, st, "config file");
    else if(ra && wf && *ra && *wf)
      out = web_identity(h, c, wf, ra,
                         shim_profile_get(&h->config, "role_session_name"));
    else if(h->profile_explicit && !cp.found && !h->config.found) {
      shim_fail(h, RDS_SHIM_CONFIG,
                "profile \"%s\" not found in \"%s\" or the config file",
                h->profile, path ? path : "~/.aws/credentials");
      out = PROV_FAIL;
    }
    else
      buf_addf(tried, ", profile \"%s\" in \"%s\" and the config file",
               h->profile, path ? path : "(no HOME)");
  }
  if(out == PROV_FAIL && !h->errmsg[0])
    shim_fail(h, RDS_SHIM_OUT_OF_MEMORY, "out of memory");
  shim_profile_release(&cp);
  free(path);
  return out;
}

static enum rds_shim_code resolve(struct rds_shim *h, struct creds *c)
{
  struct buf tried;
  const char *ak = shim_getenv("AWS_ACCESS_KEY_ID");
  const char *sk = shim_getenv("AWS_SECRET_ACCESS_KEY");
  const char *wf = shim_getenv("AWS_WEB_IDENTITY_TOKEN_FILE");
  const char *ra = shim_getenv("AWS_ROLE_ARN");
  enum prov p;
  enum rds_shim_code rc;

  h->errmsg[0] = 0;
  buf_init(&tried, BUF_CAP_SMALL);
  if(ak && sk) {
    p = set_static(c, ak, sk, shim_getenv("AWS_SESSION_TOKEN"),
                   "environment");
    if(p == PROV_FOUND)
      goto found;
    return shim_fail(h, RDS_SHIM_OUT_OF_MEMORY, "out of memory");
  }
  buf_adds(&tried, ak ? "environment (AWS_SECRET_ACCESS_KEY unset)" :
                   sk ? "environment (AWS_ACCESS_KEY_ID unset)" :
                   "environment (AWS_ACCESS_KEY_ID unset)");
  p = from_profile(h, c, &tried);
  if(p != PROV_SKIP)
    goto out;
  if(wf && ra) {
    p = web_identity(h, c, wf, ra, shim_getenv("AWS_ROLE_SESSION_NAME"));
    goto out;
  }
  buf_adds(&tried, wf ? ", web identity (AWS_ROLE_ARN unset)" :
                   ", web identity (AWS_WEB_IDENTITY_TOKEN_FILE unset)");
  p = ecs(h, c, &tried);
  if(p != PROV_SKIP)
    goto out;
  p = imds(h, c, &tried);
  if(p != PROV_SKIP)
    goto out;
  rc = shim_fail(h, RDS_SHIM_NO_CREDENTIALS,
                 "no AWS credentials found; tried: %s", buf_str(&tried));
  buf_release(&tried);
  return rc;
out:
  if(p == PROV_FAIL) {
    buf_release(&tried);
    creds_release(c);
    return h->errmsg[0] && h->last_code ? h->last_code :
           RDS_SHIM_OUT_OF_MEMORY;
  }
found:
  buf_release(&tried);
  shim_log(h, RDS_SHIM_LOG_INFO, "credentials: %s (access key %.4s...)",
           c->source, c->access_key_id);
  return RDS_SHIM_OK;
}

enum rds_shim_code creds_ensure(struct rds_shim *h)
{
  struct creds fresh;
  enum rds_shim_code rc;
  time_t now = h->now();

  if(h->have_creds && (!h->creds.expires ||
                       now < h->creds.expires - REFRESH_WINDOW_S))
    return RDS_SHIM_OK;
  memset(&fresh, 0, sizeof(fresh));
  rc = resolve(h, &fresh);
  if(rc) {
    /* keep credentials that are still valid if the refresh failed */
    if(h->have_creds && h->creds.expires && now < h->creds.expires) {
      shim_log(h, RDS_SHIM_LOG_WARN, "credentials: refresh failed (%s); "
               "using the current ones until they expire", h->errmsg);
      return RDS_SHIM_OK;
    }
    return rc;
  }
  if(h->have_creds)
    shim_log(h, RDS_SHIM_LOG_INFO, "credentials: refreshed from %s",
             fresh.source);
  creds_release(&h->creds);
  h->creds = fresh;
  h->have_creds = 1;
  return RDS_SHIM_OK;
}
