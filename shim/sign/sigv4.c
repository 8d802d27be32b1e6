/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sigv4.c - AWS Signature Version 4 (AWS4-HMAC-SHA256) with OpenSSL.
 *
 * Users: rds.c (Authorization header for Query API POSTs) and
 * auth_token.c (presigned IAM DB auth URLs, via the same canonical request
 * builder with the X-Amz-* parameters in the query). The signer signs
 * exactly the headers it is given; adding Host / X-Amz-Date /
 * X-Amz-Security-Token is the caller's job, so the canonical form is easy
 * to test against the AWS suite. It never logs: the secret key, the
 * derived keys and the signature stay in memory and derived keys are
 * wiped before returning.
 */
#include "sign/sigv4.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "buf.h"
#include "sign/percent.h"

static void hexify(const unsigned char *in, size_t n, char *out)
{
  static const char hx[] = "0123456789abcdef";
  size_t i;
  for(i = 0; i < n; i++) {
    out[2 * i] = hx[in[i] >> 4];
    out[2 * i + 1] = hx[in[i] & 15];
  }
  out[2 * n] = 0;
}

enum rds_shim_code sigv4_sha256_hex(const void *data, size_t len,
                                    char out[65])
{
  unsigned char md[SHA256_DIGEST_LENGTH];
  if(!SHA256(data ? data : (const void *)"", len, md))
    return RDS_SHIM_CRYPTO;
  hexify(md, sizeof(md), out);
  return RDS_SHIM_OK;
}

static int hmac(const void *key, size_t klen, const void *msg, size_t mlen,
                unsigned char out[32])
{
  unsigned int olen = 32;
  return HMAC(EVP_sha256(), key, (int)klen, msg, mlen, out, &olen) ? 0 : -1;
}

void sigv4_amz_date(time_t t, char out[17])
{
  struct tm tm;
  gmtime_r(&t, &tm);
  if(!strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm))
    out[0] = 0;
}

/* days from civil (Howard Hinnant), avoids timegm() portability issues */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
  long long era;
  unsigned yoe, doy, doe;
  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = (unsigned)(y - era * 400);
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long long)doe - 719468;
}

time_t sigv4_parse_iso8601(const char *s)
{
  int Y, M, D, h, m, sec, n = 0;
  if(!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &Y, &M, &D, &h, &m, &sec,
                  &n) != 6 || n != 19)
    return (time_t)-1;
  if(M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 60)
    return (time_t)-1;
  s += n;
  if(*s == '.')
    for(s++; isdigit((unsigned char)*s); s++)
      ;
  if(*s != 'Z' && strcmp(s, "+00:00"))
    return (time_t)-1;
  return (time_t)(days_from_civil(Y, (unsigned)M, (unsigned)D) * 86400LL +
                  h * 3600LL + m * 60LL + sec);
}

void sigv4_result_init(struct sigv4_result *r)
{
  buf_init(&r->canonical_request, BUF_CAP_HTTP);
  buf_init(&r->string_to_sign, BUF_CAP_SMALL);
  buf_init(&r->signed_headers, BUF_CAP_SMALL);
  buf_init(&r->authorization, BUF_CAP_SMALL);
  r->signature[0] = 0;
}

void sigv4_result_release(struct sigv4_result *r)
{
  buf_release(&r->canonical_request);
  buf_release(&r->string_to_sign);
  buf_release(&r->signed_headers);
  buf_release_secret(&r->authorization);
  OPENSSL_cleanse(r->signature, sizeof(r->signature));
}

/* ---- canonical URI --------------------------------------------------- */

/* Removes "." and ".." segments and empty segments (duplicate '/'). */
static enum rds_shim_code normalize(const char *path, struct buf *out)
{
  const char **seg = NULL;
  size_t *seglen = NULL, n = 0, i, plen = strlen(path);
  const char *p = path, *end = path + plen;
  int trailing = plen > 0 && path[plen - 1] == '/';
  enum rds_shim_code rc = RDS_SHIM_OK;

  seg = calloc(plen + 1, sizeof(*seg));
  seglen = calloc(plen + 1, sizeof(*seglen));
  if(!seg || !seglen) {
    rc = RDS_SHIM_OUT_OF_MEMORY;
    goto out;
  }
  while(p < end) {
    const char *e = memchr(p, '/', (size_t)(end - p));
    size_t l;
    if(!e)
      e = end;
    l = (size_t)(e - p);
    if(l == 0 || (l == 1 && p[0] == '.')) {
      /* skip */
    }
    else if(l == 2 && p[0] == '.' && p[1] == '.') {
      if(n)
        n--;
    }
    else {
      seg[n] = p;
      seglen[n++] = l;
    }
    p = e + 1;
  }
  /* a path ending in "." or ".." names a directory */
  if(plen >= 2 && (!strcmp(path + plen - 2, "/.") ||
                   (plen >= 3 && !strcmp(path + plen - 3, "/.."))))
    trailing = 1;
  for(i = 0; i < n && !rc; i++)
    if(buf_addc(out, '/') || buf_add(out, seg[i], seglen[i]))
      rc = RDS_SHIM_OUT_OF_MEMORY;
  if(!rc && (n == 0 || trailing) && buf_addc(out, '/'))
    rc = RDS_SHIM_OUT_OF_MEMORY;
out:
  free(seg);
  free(seglen);
  return rc;
}

static enum rds_shim_code canonical_uri(const struct sigv4_request *req,
                                        struct buf *out)
{
  struct buf tmp;
  enum rds_shim_code rc;
  const char *path = req->path && *req->path ? req->path : "/";
  buf_init(&tmp, BUF_CAP_SMALL);
  if(req->normalize_path) {
    rc = normalize(path, &tmp);
    if(!rc)
      rc = uri_encode(out, buf_str(&tmp), tmp.len, 1);
  }
  else
    rc = uri_encode(out, path, strlen(path), 1);
  buf_release(&tmp);
  return rc;
}

/* ---- canonical query ------------------------------------------------- */

struct qpair {
  char *k, *v;
};

static int qpair_cmp(const void *a, const void *b)
{
  const struct qpair *x = a, *y = b;
  int c = strcmp(x->k, y->k);
  return c ? c : strcmp(x->v, y->v);
}

/* Decodes each name/value of the raw query, re-encodes it (RFC 3986) and
 * sorts by encoded name, then value. */
static enum rds_shim_code canonical_query(const char *query, struct buf *out)
{
  struct qpair *pairs = NULL;
  size_t n = 0, cap = 0, i;
  const char *p = query, *end;
  enum rds_shim_code rc = RDS_SHIM_OK;

  if(!query || !*query)
    return buf_add(out, "", 0) ? RDS_SHIM_OUT_OF_MEMORY : RDS_SHIM_OK;
  end = query + strlen(query);
  while(p < end && !rc) {
    const char *amp = memchr(p, '&', (size_t)(end - p));
    const char *eq;
    struct buf raw, enc;
    if(!amp)
      amp = end;
    if(amp == p) {
      p = amp + 1;
      continue;
    }
    if(n == cap) {
      size_t nc = cap ? cap * 2 : 16;
      struct qpair *np = realloc(pairs, nc * sizeof(*np));
      if(!np) {
        rc = RDS_SHIM_OUT_OF_MEMORY;
        break;
      }
      pairs = np;
      cap = nc;
    }
    eq = memchr(p, '=', (size_t)(amp - p));
    if(!eq)
      eq = amp;
    pairs[n].k = pairs[n].v = NULL;
    buf_init(&raw, BUF_CAP_HTTP);
    buf_init(&enc, BUF_CAP_HTTP);
    if(uri_decode(&raw, p, (size_t)(eq - p), 0) ||
       uri_encode(&enc, buf_str(&raw), raw.len, 0) ||
       !(pairs[n].k = buf_take(&enc)))
      rc = RDS_SHIM_OUT_OF_MEMORY;
    buf_reset(&raw);
    if(!rc) {
      const char *vs = eq < amp ? eq + 1 : amp;
      if(uri_decode(&raw, vs, (size_t)(amp - vs), 0) ||
         uri_encode(&enc, buf_str(&raw), raw.len, 0) ||
         !(pairs[n].v = buf_take(&enc)))
        rc = RDS_SHIM_OUT_OF_MEMORY;
    }
    buf_release(&raw);
    buf_release(&enc);
    n++;
    p = amp + 1;
  }
  if(!rc) {
    if(n)   /* a query of only '&'s has no pairs: pairs is NULL */
      qsort(pairs, n, sizeof(*pairs), qpair_cmp);
    for(i = 0; i < n && !rc; i++)
      if((i && buf_addc(out, '&')) || buf_adds(out, pairs[i].k) ||
         buf_addc(out, '=') || buf_adds(out, pairs[i].v))
        rc = RDS_SHIM_OUT_OF_MEMORY;
    if(!rc && !out->ptr && buf_add(out, "", 0))
      rc = RDS_SHIM_OUT_OF_MEMORY;
  }
  for(i = 0; i < n; i++) {
    free(pairs[i].k);
    free(pairs[i].v);
  }
  free(pairs);
  return rc;
}

/* ---- canonical headers ----------------------------------------------- */

struct hdr {
  char *name;               /* lower-case */
  const char *value;
  size_t idx;               /* original position, for a stable sort */
};

static int hdr_cmp(const void *a, const void *b)
{
  const struct hdr *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  if(c)
    return c;
  return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Appends v trimmed, with every whitespace run collapsed to one space. */
static int add_trimmed(struct buf *out, const char *v)
{
  int pending_space = 0, started = 0;
  for(; *v; v++) {
    if(*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r') {
      pending_space = started;
      continue;
    }
    if(pending_space && buf_addc(out, ' '))
      return -1;
    pending_space = 0;
    started = 1;
    if(buf_addc(out, *v))
      return -1;
  }
  return 0;
}

static enum rds_shim_code canonical_headers(const struct sigv4_request *req,
                                            struct buf *canon,
                                            struct buf *signed_h)
{
  struct hdr *h;
  size_t i, j;
  enum rds_shim_code rc = RDS_SHIM_OK;

  h = calloc(req->n_headers ? req->n_headers : 1, sizeof(*h));
  if(!h)
    return RDS_SHIM_OUT_OF_MEMORY;
  for(i = 0; i < req->n_headers && !rc; i++) {
    h[i].name = strdup(req->headers[i].name);
    if(!h[i].name) {
      rc = RDS_SHIM_OUT_OF_MEMORY;
      break;
    }
    for(j = 0; h[i].name[j]; j++)
      h[i].name[j] = (char)tolower((unsigned char)h[i].name[j]);
    h[i].value = req->headers[i].value ? req->headers[i].value : "";
    h[i].idx = i;
  }
  if(!rc)
    qsort(h, req->n_headers, sizeof(*h), hdr_cmp);
  for(i = 0; i < req->n_headers && !rc; i++) {
    int same = i && !strcmp(h[i].name, h[i - 1].name);
    if(same) {
      if(buf_addc(canon, ','))
        rc = RDS_SHIM_OUT_OF_MEMORY;
    }
    else {
      if((i && buf_addc(canon, '\n')) || buf_adds(canon, h[i].name) ||
         buf_addc(canon, ':'))
        rc = RDS_SHIM_OUT_OF_MEMORY;
      if(!rc && ((i && buf_addc(signed_h, ';')) ||
                 buf_adds(signed_h, h[i].name)))
        rc = RDS_SHIM_OUT_OF_MEMORY;
    }
    if(!rc && add_trimmed(canon, h[i].value))
      rc = RDS_SHIM_OUT_OF_MEMORY;
  }
  if(!rc && req->n_headers && buf_addc(canon, '\n'))
    rc = RDS_SHIM_OUT_OF_MEMORY;
  for(i = 0; i < req->n_headers; i++)
    free(h[i].name);
  free(h);
  return rc;
}

/* ---- signing --------------------------------------------------------- */

/* Step 1: the canonical request into out->canonical_request (and the
 * signed header names into out->signed_headers). */
static enum rds_shim_code canonical_request(const struct sigv4_request *req,
                                            const char *payload,
                                            struct sigv4_result *out)
{
  struct buf *cr = &out->canonical_request;
  struct buf canon_h;
  enum rds_shim_code rc;

  buf_init(&canon_h, BUF_CAP_HTTP);
  buf_adds(cr, req->method);
  buf_addc(cr, '\n');
  rc = canonical_uri(req, cr);
  buf_addc(cr, '\n');
  if(!rc)
    rc = canonical_query(req->query, cr);
  buf_addc(cr, '\n');
  if(!rc)
    rc = canonical_headers(req, &canon_h, &out->signed_headers);
  buf_add(cr, buf_str(&canon_h), canon_h.len);
  buf_addc(cr, '\n');
  buf_adds(cr, buf_str(&out->signed_headers));
  buf_addc(cr, '\n');
  buf_adds(cr, payload);
  if(!rc && (buf_failed(cr) || buf_failed(&canon_h)))
    rc = RDS_SHIM_OUT_OF_MEMORY;
  buf_release(&canon_h);
  return rc;
}

/* Step 3: the signing key (secret, date, region, service) and the hex
 * signature of the string to sign into out->signature. */
static enum rds_shim_code signature(const struct sigv4_key *key,
                                    const char *date,
                                    struct sigv4_result *out)
{
  unsigned char k1[32], k2[32], k3[32], k4[32], sig[32];
  struct buf kbuf;
  enum rds_shim_code rc = RDS_SHIM_OK;

  buf_init(&kbuf, BUF_CAP_SMALL);
  if(buf_addf(&kbuf, "AWS4%s", key->secret_key))
    rc = RDS_SHIM_OUT_OF_MEMORY;
  else if(hmac(buf_str(&kbuf), kbuf.len, date, 8, k1) ||
          hmac(k1, 32, key->region, strlen(key->region), k2) ||
          hmac(k2, 32, key->service, strlen(key->service), k3) ||
          hmac(k3, 32, "aws4_request", 12, k4) ||
          hmac(k4, 32, buf_str(&out->string_to_sign),
               out->string_to_sign.len, sig))
    rc = RDS_SHIM_CRYPTO;
  else
    hexify(sig, 32, out->signature);
  OPENSSL_cleanse(k1, sizeof(k1));
  OPENSSL_cleanse(k2, sizeof(k2));
  OPENSSL_cleanse(k3, sizeof(k3));
  OPENSSL_cleanse(k4, sizeof(k4));
  OPENSSL_cleanse(sig, sizeof(sig));
  buf_release_secret(&kbuf);
  return rc;
}

enum rds_shim_code sigv4_sign(const struct sigv4_request *req,
                              const struct sigv4_key *key,
                              struct sigv4_result *out)
{
  enum rds_shim_code rc = RDS_SHIM_OK;
  char payload[65], creq_hash[65], date[9];

  if(!req || !key || !key->amz_date || strlen(key->amz_date) != 16 ||
     !key->secret_key || !key->access_key_id || !key->region ||
     !key->service || !req->method)
    return RDS_SHIM_BAD_ARGUMENT;
  memcpy(date, key->amz_date, 8);
  date[8] = 0;
  if(req->payload_hash) {
    if(strlen(req->payload_hash) != 64)
      return RDS_SHIM_BAD_ARGUMENT;
    memcpy(payload, req->payload_hash, 65);
  }
  else
    rc = sigv4_sha256_hex(req->body, req->body_len, payload);
  if(!rc)
    rc = canonical_request(req, payload, out);
  /* 2. string to sign */
  if(!rc)
    rc = sigv4_sha256_hex(buf_str(&out->canonical_request),
                          out->canonical_request.len, creq_hash);
  if(!rc && buf_addf(&out->string_to_sign,
                     "AWS4-HMAC-SHA256\n%s\n%s/%s/%s/aws4_request\n%s",
                     key->amz_date, date, key->region, key->service,
                     creq_hash))
    rc = RDS_SHIM_OUT_OF_MEMORY;
  if(!rc)
    rc = signature(key, date, out);
  if(!rc && buf_addf(&out->authorization,
                     "AWS4-HMAC-SHA256 Credential=%s/%s/%s/%s/aws4_request, "
                     "SignedHeaders=%s, Signature=%s", key->access_key_id,
                     date, key->region, key->service,
                     buf_str(&out->signed_headers), out->signature))
    rc = RDS_SHIM_OUT_OF_MEMORY;
  return rc;
}
