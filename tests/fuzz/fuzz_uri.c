/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_uri.c - connection strings (agent/uri.c): any input parses or is
 * refused with a reason; no crash, leak or overread. Properties: a parsed
 * URI has a scheme and host; one holding a password (user:pass@) is
 * refused.
 */
#include "fuzz_util.h"
#include "mysql/uri.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *text = fuzz_cstr(data, size);
  char why[256];
  struct uri u;

  memset(&u, 0, sizeof(u));
  why[0] = 0;
  if(uri_parse(text, &u, why, sizeof(why)) == 0) {
    const char *at = strrchr(text, '@'), *sl = strstr(text, "://");
    FUZZ_CHECK(u.scheme != NULL && u.host != NULL);
    /* a ':' in the userinfo is a password: never accepted */
    if(sl && at && at > sl) {
      const char *c = memchr(sl + 3, ':', (size_t)(at - sl - 3));
      const char *q = strpbrk(sl + 3, "/?");
      FUZZ_CHECK(!c || (q && q < at));
    }
    uri_release(&u);
  }
  else {
    FUZZ_CHECK(why[0] != 0);
    FUZZ_CHECK(memchr(why, 0, sizeof(why)) != NULL);
    uri_release(&u);
  }
  free(text);
  return 0;
}
