/* SPDX-License-Identifier: Apache-2.0 */
/*
 * quote_mysql.c - identifier and literal quoting for MySQL and MariaDB.
 */
#include "mysql/quote_mysql.h"
#include "utf8.h"

#include <mysql.h>
#include <stdlib.h>
#include <string.h>

void quote_mysql_ident(struct sqlw *w, const char *s, size_t len)
{
  struct buf b;
  size_t i;

  if(w->failed)
    return;
  if(memchr(s, 0, len)) {
    sqlw_fail(w, "name holds a NUL byte");
    return;
  }
  if(!utf8_valid(s, len)) {
    sqlw_fail(w, "name is not valid UTF-8");
    return;
  }
  buf_init(&b, BUF_CAP_SMALL);
  /* every append checked: a failed one empties the buffer, and a
   * half-quoted name must never reach SQL */
  int bad = buf_addc(&b, '`') != BUF_OK;
  for(i = 0; i < len && !bad; i++) {
    if(s[i] == '`')
      bad = buf_addc(&b, '`') != BUF_OK;
    if(!bad)
      bad = buf_addc(&b, s[i]) != BUF_OK;
  }
  if(bad || buf_addc(&b, '`')) {
    buf_release(&b);
    sqlw_fail(w, "name too long or out of memory");
    return;
  }
  sqlw_quoted(w, b.ptr, b.len);
  buf_release(&b);
}

void quote_mysql_account(struct sqlw *w, const char *user, size_t ulen,
                         const char *host, size_t hlen)
{
  quote_mysql_ident(w, user, ulen);
  sqlw_kw(w, "@");
  quote_mysql_ident(w, host, hlen);
}

/* Escapes as mysql_real_escape_string does with backslash escapes on. */
static size_t escape_offline(char *to, const char *from, size_t len)
{
  size_t i, o = 0;
  for(i = 0; i < len; i++) {
    char c = from[i], e = 0;
    switch(c) {
    case 0: e = '0'; break;
    case '\n': e = 'n'; break;
    case '\r': e = 'r'; break;
    case '\\': e = '\\'; break;
    case '\'': e = '\''; break;
    case '"': e = '"'; break;
    case '\032': e = 'Z'; break;
    }
    if(e) {
      to[o++] = '\\';
      to[o++] = e;
    }
    else
      to[o++] = c;
  }
  to[o] = 0;
  return o;
}

/* Appends 'escaped' to sql and, unless secret, to the twin. */
static void literal(struct sqlw *w, MYSQL *conn, const char *s, size_t len,
                    int secret)
{
  char *to;
  unsigned long n;

  if(w->failed)
    return;
  if(len > (BUF_CAP_SQL - 3) / 2) {
    sqlw_fail(w, "value too long");
    return;
  }
  to = malloc(2 * len + 3);
  if(!to) {
    sqlw_fail(w, "out of memory");
    return;
  }
  to[0] = '\'';
  if(conn)
    n = mysql_real_escape_string(conn, to + 1, s, (unsigned long)len);
  else
    n = (unsigned long)escape_offline(to + 1, s, len);
  if(n == (unsigned long)-1) {
    free(to);
    sqlw_fail(w, "value could not be escaped in the connection charset");
    return;
  }
  to[n + 1] = '\'';
  if(secret)
    sqlw_quoted_secret(w, to, n + 2);
  else
    sqlw_quoted(w, to, n + 2);
  memset(to, 0, 2 * len + 3);
  free(to);
}

void quote_mysql_literal(struct sqlw *w, struct st_mysql *conn,
                         const char *s, size_t len)
{
  literal(w, conn, s, len, 0);
}

static int printable(const char *s, size_t len)
{
  size_t i;
  for(i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if(c < 0x20 || c >= 0x7f)
      return 0;
  }
  return 1;
}

void quote_mysql_secret(struct sqlw *w, struct st_mysql *conn,
                        const char *s, size_t len)
{
  static const char hex[] = "0123456789ABCDEF";
  char *h;
  size_t i;

  if(printable(s, len)) {
    literal(w, conn, s, len, 1);
    return;
  }
  if(w->failed)
    return;
  h = malloc(2 * len + 3);
  if(!h) {
    sqlw_fail(w, "out of memory");
    return;
  }
  h[0] = '0';
  h[1] = 'x';
  for(i = 0; i < len; i++) {
    h[2 + 2 * i] = hex[(unsigned char)s[i] >> 4];
    h[3 + 2 * i] = hex[(unsigned char)s[i] & 15];
  }
  sqlw_quoted_secret(w, h, 2 * len + 2);
  memset(h, 0, 2 * len + 3);
  free(h);
}
