/* SPDX-License-Identifier: Apache-2.0 */
/*
 * shim.c - opening and freeing the rds_shim handle: options, region /
 * endpoint / attempts resolution. (Its message and log are core/handle.c.)
 *
 * Environment and config files are read only here and in creds/,
 * and only when rds_shim_open() / a call asks for them.
 */
#include "rds_shim.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "numparse.h"
#include "buf.h"
#include "core/handle.h"
#include "core/util.h"
#include "creds/creds.h"
#include "creds/profile.h"
#include "http/http.h"

const char *rds_shim_region(const struct rds_shim *h)
{
  return h && h->region ? h->region : "";
}

const char *rds_shim_endpoint(const struct rds_shim *h)
{
  return h && h->endpoint ? h->endpoint : "";
}

/* Partition-style region names: us-east-1, eu-central-2, us-gov-west-1,
 * cn-north-1, us-iso-east-1, ap-southeast-7 ... */
static int region_valid(const char *r)
{
  const char *p = r;
  int parts = 0;
  size_t n;
  if(!r || strlen(r) > 32)
    return 0;
  while(*p) {
    const char *s = p;
    while(*p && *p != '-')
      p++;
    n = (size_t)(p - s);
    if(!n)
      return 0;
    parts++;
    if(!*p) {             /* last part: digits */
      for(; s < p; s++)
        if(!isdigit((unsigned char)*s))
          return 0;
    }
    else {
      for(; s < p; s++)
        if(!islower((unsigned char)*s))
          return 0;
      p++;
      if(!*p)
        return 0;
    }
  }
  return parts >= 3 && parts <= 5 && islower((unsigned char)r[0]) &&
         islower((unsigned char)r[1]) && r[2] == '-';
}

/* Host header for an endpoint URL (default ports dropped). */
static char *endpoint_host(const char *url, int *bad)
{
  const char *p, *e;
  int https = !strncmp(url, "https://", 8);
  size_t len;
  *bad = 0;
  if(!https && strncmp(url, "http://", 7)) {
    *bad = 1;
    return NULL;
  }
  p = url + (https ? 8 : 7);
  e = p + strcspn(p, "/?#");
  len = (size_t)(e - p);
  if(!len || memchr(p, '@', len)) {
    *bad = 1;
    return NULL;
  }
  if(https && len > 4 && !memcmp(e - 4, ":443", 4))
    len -= 4;
  else if(!https && len > 3 && !memcmp(e - 3, ":80", 3))
    len -= 3;
  return strndup(p, len);
}

/* The profile name (option, AWS_PROFILE, "default") and its section of
 * the config file. */
static enum rds_shim_code resolve_profile(struct rds_shim *h,
                                          const struct rds_shim_options *o)
{
  const char *v = o->profile;
  char *cfgpath;
  if(!v)
    v = shim_getenv("AWS_PROFILE");
  h->profile_explicit = v != NULL;
  h->profile = strdup(v ? v : "default");
  if(!h->profile)
    return shim_fail(h, RDS_SHIM_OUT_OF_MEMORY, "out of memory");
  cfgpath = shim_profile_config_path();
  if(cfgpath && shim_profile_load(&h->config, cfgpath, h->profile, 1)) {
    enum rds_shim_code rc = shim_fail(h, RDS_SHIM_CONFIG,
                                      "could not read config file \"%s\"",
                                      cfgpath);
    free(cfgpath);
    return rc;
  }
  free(cfgpath);
  return RDS_SHIM_OK;
}

static enum rds_shim_code resolve_region(struct rds_shim *h,
                                         const struct rds_shim_options *o)
{
  const char *src = "--region", *v = o->region;
  if(!v && (v = shim_getenv("AWS_REGION")))
    src = "AWS_REGION";
  if(!v && (v = shim_getenv("AWS_DEFAULT_REGION")))
    src = "AWS_DEFAULT_REGION";
  if(!v && (v = shim_profile_get(&h->config, "region")) && *v)
    src = "the config file";
  if(!v || !*v)
    return shim_fail(h, RDS_SHIM_NO_REGION,
                     "no AWS region: tried --region, AWS_REGION, "
                     "AWS_DEFAULT_REGION and profile \"%s\" in the config "
                     "file", h->profile);
  if(!region_valid(v))
    return shim_fail(h, RDS_SHIM_NO_REGION,
                     "unknown AWS region \"%s\" (from %s)", v, src);
  h->region = strdup(v);
  if(!h->region)
    return shim_fail(h, RDS_SHIM_OUT_OF_MEMORY, "out of memory");
  return RDS_SHIM_OK;
}

/* The endpoint URL (without trailing '/') and its Host header. */
static enum rds_shim_code resolve_endpoint(struct rds_shim *h,
                                           const struct rds_shim_options *o)
{
  const char *v = o->endpoint_url;
  int bad;
  if(!v)
    v = shim_getenv("AWS_ENDPOINT_URL_RDS");
  if(!v)
    v = shim_getenv("AWS_ENDPOINT_URL");
  if(!v)
    v = shim_profile_get(&h->config, "endpoint_url");
  if(v && *v)
    h->endpoint = strdup(v);
  else {
    struct buf b;
    buf_init(&b, BUF_CAP_SMALL);
    buf_addf(&b, "https://rds.%s.amazonaws.com%s", h->region,
             !strncmp(h->region, "cn-", 3) ? ".cn" : "");
    h->endpoint = buf_take(&b);   /* NULL if the add failed (sticky) */
  }
  if(!h->endpoint)
    return shim_fail(h, RDS_SHIM_OUT_OF_MEMORY, "out of memory");
  {
    size_t l = strlen(h->endpoint);
    while(l > 0 && h->endpoint[l - 1] == '/')
      h->endpoint[--l] = 0;
  }
  h->host = endpoint_host(h->endpoint, &bad);
  if(bad)
    return shim_fail(h, RDS_SHIM_CONFIG,
                     "endpoint URL \"%s\" is not http(s)://host[:port]",
                     h->endpoint);
  if(!h->host)
    return shim_fail(h, RDS_SHIM_OUT_OF_MEMORY, "out of memory");
  return RDS_SHIM_OK;
}

/* Attempts per request and the retry backoff base. */
static enum rds_shim_code resolve_retries(struct rds_shim *h,
                                          const struct rds_shim_options *o)
{
  const char *v, *src = NULL;
  long n = 3;
  if(o->max_attempts > 0)
    h->max_attempts = o->max_attempts;
  else {
    if((v = shim_getenv("AWS_MAX_ATTEMPTS")))
      src = "AWS_MAX_ATTEMPTS";
    else if((v = shim_profile_get(&h->config, "max_attempts")))
      src = "max_attempts in the config file";
    if(v && parse_long(v, 1, 100, &n))
      return shim_fail(h, RDS_SHIM_CONFIG,
                       "%s: \"%s\" is not a number of attempts (1-100)",
                       src, v);
    h->max_attempts = (int)n;
  }
  h->retry_base_ms = o->retry_base_ms;
  if(!h->retry_base_ms) {
    n = 1000;
    v = shim_getenv("RDS_SHIM_RETRY_BASE_MS");
    if(v && parse_long(v, 0, 60000, &n))
      return shim_fail(h, RDS_SHIM_CONFIG,
                       "RDS_SHIM_RETRY_BASE_MS: \"%s\" is not 0-60000", v);
    h->retry_base_ms = n;
  }
  return RDS_SHIM_OK;
}

static enum rds_shim_code resolve(struct rds_shim *h,
                                  const struct rds_shim_options *o)
{
  enum rds_shim_code rc = resolve_profile(h, o);
  if(!rc)
    rc = resolve_region(h, o);
  if(!rc)
    rc = resolve_endpoint(h, o);
  if(!rc)
    rc = resolve_retries(h, o);
  return rc;
}

static time_t clock_now(void)
{
  return time(NULL);
}

enum rds_shim_code rds_shim_open(struct rds_shim **out,
                                 const struct rds_shim_options *opt)
{
  struct rds_shim *h;
  struct rds_shim_options none;
  if(!out)
    return RDS_SHIM_BAD_ARGUMENT;
  *out = NULL;
  if(!opt) {
    memset(&none, 0, sizeof(none));
    opt = &none;
  }
  h = calloc(1, sizeof(*h));
  if(!h)
    return RDS_SHIM_OUT_OF_MEMORY;
  *out = h;
  shim_profile_init(&h->config);
  h->log = opt->log;
  h->log_ctx = opt->log_ctx;
  h->log_level = opt->log_level;
  h->connect_timeout_ms = opt->connect_timeout_ms > 0 ?
                          opt->connect_timeout_ms : 10000;
  h->timeout_ms = opt->timeout_ms > 0 ? opt->timeout_ms : 60000;
  h->retry_cap_ms = 20000;
  h->page_size = opt->page_size;
  h->now = clock_now;
  return resolve(h, opt);
}

void rds_shim_free(struct rds_shim *h)
{
  if(!h)
    return;
  http_close(h);
  creds_release(&h->creds);
  shim_profile_release(&h->config);
  free(h->region);
  free(h->endpoint);
  free(h->host);
  free(h->profile);
  OPENSSL_cleanse(h, sizeof(*h));
  free(h);
}
