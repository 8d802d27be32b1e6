/*
 * sqlw.c - statement builder with a redacted twin; see sqlw.h.
 */
#include "sqlw.h"

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

int utf8_valid(const char *str, size_t len)
{
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;

  while(i < len) {
    unsigned c = s[i];
    size_t n, k;
    unsigned cp;
    if(c < 0x80) {
      i++;
      continue;
    }
    if(c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; }
    else if(c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; }
    else if(c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; }
    else
      return 0;
    if(len - i <= n)
      return 0;
    for(k = 1; k <= n; k++) {
      if((s[i + k] & 0xC0) != 0x80)
        return 0;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
       cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return 0;
    i += n + 1;
  }
  return 1;
}
