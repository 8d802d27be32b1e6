/* SPDX-License-Identifier: Apache-2.0 */
/*
 * quote_pg.c - identifier and literal quoting for PostgreSQL.
 */
#include "pg/quote_pg.h"
#include "utf8.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Offline quoting: q around s, q inside doubled. */
static char *quote_offline(const char *s, char q)
{
  struct buf b;
  size_t i;
  int bad;
  buf_init(&b, BUF_CAP_SQL);
  bad = buf_addc(&b, q) != BUF_OK;
  for(i = 0; s[i] && !bad; i++) {
    if(s[i] == q)
      bad = buf_addc(&b, q) != BUF_OK;
    if(!bad)
      bad = buf_addc(&b, s[i]) != BUF_OK;
  }
  if(bad || buf_addc(&b, q)) {
    buf_release(&b);
    return NULL;
  }
  return buf_take(&b);
}

static pthread_mutex_t escape_lock = PTHREAD_MUTEX_INITIALIZER;

static void quote(struct sqlw *w, struct pg_conn *c, const char *s,
                  int ident, int secret)
{
  PGconn *conn = (PGconn *)c;
  char *q;
  size_t len;

  if(w->failed)
    return;
  len = strlen(s);
  if(!utf8_valid(s, len)) {
    sqlw_fail(w, ident ? "name is not valid UTF-8" : "value is not valid "
              "UTF-8");
    return;
  }
  if(conn) {
    /* plans are rendered in two threads (plan_split.c): libpq may write
     * the connection's error message while escaping */
    pthread_mutex_lock(&escape_lock);
    q = ident ? PQescapeIdentifier(conn, s, len) : PQescapeLiteral(conn, s,
                                                                   len);
    pthread_mutex_unlock(&escape_lock);
  }
  else
    q = quote_offline(s, ident ? '"' : '\'');
  if(!q) {
    sqlw_fail(w, "cannot quote (encoding or memory)");
    return;
  }
  if(secret)
    sqlw_quoted_secret(w, q, strlen(q));
  else
    sqlw_quoted(w, q, strlen(q));
  memset(q, 0, strlen(q));
  if(conn)
    PQfreemem(q);
  else
    free(q);
}

void quote_pg_ident(struct sqlw *w, struct pg_conn *conn, const char *s)
{
  quote(w, conn, s, 1, 0);
}

void quote_pg_literal(struct sqlw *w, struct pg_conn *conn, const char *s)
{
  quote(w, conn, s, 0, 0);
}

void quote_pg_secret(struct sqlw *w, struct pg_conn *conn, const char *s)
{
  quote(w, conn, s, 0, 1);
}

/* appendConnStrVal: bare when only [A-Za-z0-9_.], else single-quoted
 * with ' and \ backslashed */
static void conn_str_val(struct buf *b, const char *s)
{
  const char *p;
  int bare = *s != 0;
  for(p = s; *p && bare; p++)
    bare = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
           (*p >= '0' && *p <= '9') || *p == '_' || *p == '.';
  if(bare) {
    buf_adds(b, s);
    return;
  }
  buf_addc(b, '\'');
  for(p = s; *p; p++) {
    if(*p == '\'' || *p == '\\')
      buf_addc(b, '\\');
    buf_addc(b, *p);
  }
  buf_addc(b, '\'');
}

/* a double-quoted identifier, "" for " */
static void dq_ident(struct buf *b, const char *s)
{
  buf_addc(b, '"');
  for(; *s; s++) {
    if(*s == '"')
      buf_addc(b, '"');
    buf_addc(b, *s);
  }
  buf_addc(b, '"');
}

int quote_pg_psql_connect(struct buf *b, const char *db)
{
  const char *p;
  int complex = 0;
  if(!utf8_valid(db, strlen(db)))
    return -1;
  for(p = db; *p; p++) {
    if(*p == '\n' || *p == '\r')
      return -1;
    if(!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
         (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'))
      complex = 1;
  }
  buf_adds(b, "\\connect ");
  if(complex) {
    struct buf cs;
    buf_init(&cs, BUF_CAP_SMALL);
    buf_adds(&cs, "dbname=");
    conn_str_val(&cs, db);
    buf_adds(b, "-reuse-previous=on ");
    dq_ident(b, buf_str(&cs));
    buf_release(&cs);
  }
  else
    dq_ident(b, db);
  buf_addc(b, '\n');
  return 0;
}
