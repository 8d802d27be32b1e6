/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_myq.c - the MySQL/MariaDB client calls of the DMS route: one
 * statement or query with the server's error on failure, and the quoting
 * the route's own statements use (the catalog queries build most
 * statements on the server, as PostgreSQL's format() does there).
 */
#include "dms/dms_myq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void failure(MYSQL *m, char *msg, size_t msglen)
{
  snprintf(msg, msglen, "error %u (%s): %s", mysql_errno(m),
           mysql_sqlstate(m), mysql_error(m));
}

/* Reads and frees every result of the last statement. */
static void drain(MYSQL *m)
{
  do {
    MYSQL_RES *r = mysql_store_result(m);
    if(r)
      mysql_free_result(r);
  } while(!mysql_next_result(m));
}

int dms_myq_exec(MYSQL *m, const char *sql, long len, char *msg,
                 size_t msglen)
{
  unsigned long n = len < 0 ? strlen(sql) : (unsigned long)len;
  if(mysql_real_query(m, sql, n)) {
    failure(m, msg, msglen);
    return -1;
  }
  drain(m);
  if(mysql_errno(m)) {
    failure(m, msg, msglen);
    return -1;
  }
  return 0;
}

MYSQL_RES *dms_myq_query(MYSQL *m, const char *sql, char *msg,
                         size_t msglen)
{
  MYSQL_RES *r;
  if(mysql_real_query(m, sql, strlen(sql))) {
    failure(m, msg, msglen);
    return NULL;
  }
  if(!(r = mysql_store_result(m))) {
    if(mysql_errno(m))
      failure(m, msg, msglen);
    else
      snprintf(msg, msglen, "the statement returned no rows");
    return NULL;
  }
  return r;
}

unsigned dms_myq_errno(MYSQL *m)
{
  return mysql_errno(m);
}

void dms_myq_ident(struct buf *b, const char *name)
{
  buf_addc(b, '`');
  for(; *name; name++) {
    if(*name == '`')
      buf_addc(b, '`');
    buf_addc(b, *name);
  }
  buf_addc(b, '`');
}

void dms_myq_literal(struct buf *b, MYSQL *m, const char *s, size_t len)
{
  char *to = malloc(len * 2 + 1);
  if(!to) {
    if(!b->failed)
      b->failed = BUF_NOMEM;   /* sticky, as every other add's failure */
    return;
  }
  len = mysql_real_escape_string(m, to, s, (unsigned long)len);
  buf_addc(b, '\'');
  buf_add(b, to, len);
  buf_addc(b, '\'');
  free(to);
}

void dms_myq_hex(struct buf *b, const char *s, size_t len)
{
  static const char hex[] = "0123456789ABCDEF";
  size_t i;
  buf_adds(b, "X'");
  for(i = 0; i < len; i++) {
    buf_addc(b, hex[(unsigned char)s[i] >> 4]);
    buf_addc(b, hex[(unsigned char)s[i] & 15]);
  }
  buf_addc(b, '\'');
}
