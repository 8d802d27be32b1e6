/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_filter.c - account patterns (agent/filter.c).
 *
 * Input: pattern 0xff user 0xff host. Any pattern is checked without
 * crashing and a well-formed one matched against user@host. Properties: a
 * pattern made from user and host with every special byte escaped is
 * well formed and matches exactly that account (and not user@host+"x");
 * "*@*" matches everything.
 */
#include "fuzz_util.h"
#include "rdsclone.h"
#include "core/filter.h"
#include "mysql/reserved.h"

struct fuzzbuf {
  char *p;
  size_t n;
};

static void put(struct fuzzbuf *b, char c)
{
  b->p[b->n++] = c;
}

static char *escaped(const char *s, size_t len, struct fuzzbuf *b)
{
  size_t i;
  for(i = 0; i < len; i++) {
    if(s[i] == '*' || s[i] == '?' || s[i] == '\\' || s[i] == '@')
      put(b, '\\');
    put(b, s[i]);
  }
  return b->p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct fin f = { data, size };
  char *pat = fin_cstr(&f), *user = fin_cstr(&f), *host = fin_cstr(&f);
  size_t ul = strlen(user), hl = strlen(host);
  const char *why = NULL;
  struct fuzzbuf b;
  char *hx;

  if(rdsclone_pattern_check(pat, &why) == 0)
    (void)filter_pattern_match(pat, user, ul, host, hl);
  else
    FUZZ_CHECK(why != NULL);
  (void)reserved_mysql_account(user, ul);

  b.p = malloc(2 * (ul + hl) + 2);
  b.n = 0;
  FUZZ_CHECK(b.p != NULL);
  escaped(user, ul, &b);
  put(&b, '@');
  escaped(host, hl, &b);
  put(&b, 0);
  why = NULL;
  FUZZ_CHECK(rdsclone_pattern_check(b.p, &why) == 0);
  FUZZ_CHECK(filter_pattern_match(b.p, user, ul, host, hl) == 1);
  hx = malloc(hl + 2);
  FUZZ_CHECK(hx != NULL);
  memcpy(hx, host, hl);
  hx[hl] = 'x';
  hx[hl + 1] = 0;
  FUZZ_CHECK(filter_pattern_match(b.p, user, ul, hx, hl + 1) == 0);
  FUZZ_CHECK(filter_pattern_match("*@*", user, ul, host, hl) == 1);
  free(hx);
  free(b.p);
  free(pat);
  free(user);
  free(host);
  return 0;
}
