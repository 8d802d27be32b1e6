/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sqlw.c - statement builder with a redacted twin; see sqlw.h.
 */
#include "core/sqlw.h"

#include <stdlib.h>
#include <string.h>

void sqlw_init(struct sqlw *w)
{
  buf_init(&w->sql, BUF_CAP_SQL);
  buf_init(&w->red, BUF_CAP_SQL);
  w->has_secret = 0;
  w->failed = NULL;
}

void sqlw_fail(struct sqlw *w, const char *why)
{
  if(!w->failed)
    w->failed = why;
}

static void both(struct sqlw *w, const char *s, size_t len)
{
  if(w->failed)
    return;
  if(buf_add(&w->sql, s, len) || buf_add(&w->red, s, len))
    sqlw_fail(w, "statement too long or out of memory");
}

void sqlw_kw(struct sqlw *w, const char *kw)
{
  both(w, kw, strlen(kw));
}

void sqlw_quoted(struct sqlw *w, const char *text, size_t len)
{
  both(w, text, len);
}

void sqlw_quoted_secret(struct sqlw *w, const char *text, size_t len)
{
  if(w->failed)
    return;
  w->has_secret = 1;
  if(buf_add(&w->sql, text, len) || buf_adds(&w->red, "'<redacted>'"))
    sqlw_fail(w, "statement too long or out of memory");
}

void sqlw_number(struct sqlw *w, const char *digits, size_t len)
{
  size_t i = 0, ndig = 0, ndot = 0;
  if(len && (digits[0] == '-'))
    i = 1;
  for(; i < len; i++) {
    if(digits[i] >= '0' && digits[i] <= '9')
      ndig++;
    else if(digits[i] == '.' && ndig && !ndot)
      ndot++;
    else {
      sqlw_fail(w, "malformed number");
      return;
    }
  }
  if(!ndig || digits[len - 1] == '.') {
    sqlw_fail(w, "malformed number");
    return;
  }
  both(w, digits, len);
}

void sqlw_release(struct sqlw *w)
{
  buf_release_secret(&w->sql);
  buf_release(&w->red);
}

int sqlw_finish(struct sqlw *w, char **sql, char **redacted,
                const char **why)
{
  *sql = NULL;
  *redacted = NULL;
  if(w->failed) {
    *why = w->failed;
    sqlw_release(w);
    return -1;
  }
  *sql = buf_take(&w->sql);
  if(w->has_secret)
    *redacted = buf_take(&w->red);
  buf_release(&w->red);
  if(!*sql || (w->has_secret && !*redacted)) {
    free(*sql);
    free(*redacted);
    *sql = *redacted = NULL;
    *why = "out of memory";
    return -1;
  }
  return 0;
}
