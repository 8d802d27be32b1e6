/* SPDX-License-Identifier: Apache-2.0 */
/*
 * percent.c - percent-encoding, the two flavours AWS needs: RFC 3986 (space
 * as %20) for SigV4 canonical queries and presigned URLs, and botocore's
 * form encoding (urlencode / quote_plus: space as '+') for Query API
 * bodies; both keep A-Za-z0-9-_.~ and write other bytes as %XX uppercase.
 */
#include "sign/percent.h"

#include "buf.h"

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
enum rds_shim_code form_encode(struct buf *out, const char *s, size_t len)
{
  return encode(out, s, len, 0, 1);
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
