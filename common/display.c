/* SPDX-License-Identifier: Apache-2.0 */
/*
 * display.c - escaping of untrusted names for human-readable output.
 */
#include "display.h"
#include "utf8.h"

#include <stdio.h>

static void add_escaped(struct buf *b, const char *s, size_t len, int quotes)
{
  size_t i = 0;
  while(i < len) {
    unsigned char c = (unsigned char)s[i];
    size_t run = i;
    /* a run of bytes shown as they are goes in with one append */
    while(run < len && (unsigned char)s[run] >= 0x20 &&
          (unsigned char)s[run] < 0x7f &&
          !(quotes && (s[run] == '\'' || s[run] == '\\')))
      run++;
    if(run > i) {
      buf_add(b, s + i, run - i);
      i = run;
      continue;
    }
    if(c >= 0x80) {
      size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      if(i + n <= len && utf8_valid(s + i, n)) {
        buf_add(b, s + i, n);
        i += n;
        continue;
      }
    }
    if(quotes && (c == '\'' || c == '\\')) {
      buf_addc(b, '\\');
      buf_addc(b, (char)c);
    }
    else if(c < 0x20 || c >= 0x7f)
      buf_addf(b, "\\x%02x", c);
    else
      buf_addc(b, (char)c);
    i++;
  }
}

void display_add(struct buf *b, const char *s, size_t len)
{
  add_escaped(b, s, len, 1);
}

void display_text(struct buf *b, const char *s, size_t len)
{
  add_escaped(b, s, len, 0);
}

void display_account(struct buf *b, const char *user, size_t ulen,
                     const char *host, size_t hlen)
{
  buf_addc(b, '\'');
  display_add(b, user, ulen);
  buf_addc(b, '\'');
  if(host) {
    buf_adds(b, "@'");
    display_add(b, host, hlen);
    buf_addc(b, '\'');
  }
}
