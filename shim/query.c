/*
 * query.c - Query API parameter lists and their encodings.
 *
 * Used by rds.c (form bodies), sigv4.c (canonical query strings) and
 * auth_token.c (presigned URLs). Two encodings exist because botocore
 * writes form bodies with urlencode/quote_plus (space as '+') while SigV4's
 * canonical query needs RFC 3986 (space as %20); both keep A-Za-z0-9-_.~.
 */
#include "shim_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void query_init(struct query *q)
{
  memset(q, 0, sizeof(*q));
}

void query_release(struct query *q)
{
  size_t i;
  if(!q)
    return;
  for(i = 0; i < q->n; i++) {
    free(q->v[i].name);
    free(q->v[i].value);
  }
  free(q->v);
  query_init(q);
}

void query_add(struct query *q, const char *name, const char *value)
{
  char *n, *v;
  if(q->failed)
    return;
  if(q->n == q->alloc) {
    size_t na = q->alloc ? q->alloc * 2 : 16;
    struct query_param *nv = realloc(q->v, na * sizeof(*nv));
    if(!nv) {
      q->failed = 1;
      return;
    }
    q->v = nv;
    q->alloc = na;
  }
  n = strdup(name);
  v = strdup(value ? value : "");
  if(!n || !v) {
    free(n);
    free(v);
    q->failed = 1;
    return;
  }
  q->v[q->n].name = n;
  q->v[q->n].value = v;
  q->n++;
}

void query_add_long(struct query *q, const char *name, long v)
{
  char tmp[32];
  snprintf(tmp, sizeof(tmp), "%ld", v);
  query_add(q, name, tmp);
}

void query_add_bool(struct query *q, const char *name, int v)
{
  query_add(q, name, v ? "true" : "false");
}

void query_add_list(struct query *q, const char *prefix, const char *member,
                    const char *const *v, size_t n)
{
  size_t i;
  for(i = 0; i < n; i++) {
    char name[256];
    int len = snprintf(name, sizeof(name), "%s.%s.%zu", prefix, member,
                       i + 1);
    if(len < 0 || (size_t)len >= sizeof(name)) {
      q->failed = 1;
      return;
    }
    query_add(q, name, v[i]);
  }
}

const char *query_get(const struct query *q, const char *name)
{
  size_t i;
  for(i = 0; i < q->n; i++)
    if(!strcmp(q->v[i].name, name))
      return q->v[i].value;
  return NULL;
}

static int unreserved(unsigned char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
         c == '~';
}

static enum rds_shim_code encode(struct buf *out, const char *s, size_t len,
                                 int keep_slash, int plus)
{
  static const char hex[] = "0123456789ABCDEF";
  size_t i;
  for(i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    enum buf_result r;
    if(unreserved(c) || (keep_slash && c == '/'))
      r = buf_addc(out, (char)c);
    else if(plus && c == ' ')
      r = buf_addc(out, '+');
    else {
      char e[3];
      e[0] = '%';
      e[1] = hex[c >> 4];
      e[2] = hex[c & 15];
      r = buf_add(out, e, 3);
    }
    if(r)
      return RDS_SHIM_OUT_OF_MEMORY;
  }
  return RDS_SHIM_OK;
}

enum rds_shim_code uri_encode(struct buf *out, const char *s, size_t len,
                              int keep_slash)
{
  return encode(out, s, len, keep_slash, 0);
}

enum rds_shim_code query_form(const struct query *q, struct buf *out)
{
  size_t i;
  if(q->failed)
    return RDS_SHIM_OUT_OF_MEMORY;
  for(i = 0; i < q->n; i++) {
    if(i && buf_addc(out, '&'))
      return RDS_SHIM_OUT_OF_MEMORY;
    if(encode(out, q->v[i].name, strlen(q->v[i].name), 0, 1) ||
       buf_addc(out, '=') ||
       encode(out, q->v[i].value, strlen(q->v[i].value), 0, 1))
      return RDS_SHIM_OUT_OF_MEMORY;
  }
  /* an empty query still yields a valid (empty) string */
  if(!out->ptr && buf_add(out, "", 0))
    return RDS_SHIM_OUT_OF_MEMORY;
  return RDS_SHIM_OK;
}

static int hexval(char c)
{
  if(c >= '0' && c <= '9')
    return c - '0';
  if(c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if(c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

int uri_decode(struct buf *out, const char *s, size_t len, int plus)
{
  size_t i;
  for(i = 0; i < len; i++) {
    char c = s[i];
    if(c == '%') {
      int hi, lo;
      if(i + 2 >= len)
        return -1;
      hi = hexval(s[i + 1]);
      lo = hexval(s[i + 2]);
      if(hi < 0 || lo < 0)
        return -1;
      c = (char)(hi * 16 + lo);
      i += 2;
    }
    else if(plus && c == '+')
      c = ' ';
    if(buf_addc(out, c))
      return -1;
  }
  if(!out->ptr && buf_add(out, "", 0))
    return -1;
  return 0;
}
