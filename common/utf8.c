/* SPDX-License-Identifier: Apache-2.0 */
/*
 * utf8.c - strict UTF-8 validation (no overlongs, surrogates or code
 * points past U+10FFFF); see utf8.h.
 */
#include "utf8.h"

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
