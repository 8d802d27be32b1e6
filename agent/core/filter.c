/* SPDX-License-Identifier: Apache-2.0 */
/*
 * filter.c - user@host patterns.
 */

#include "core/filter.h"

#include <string.h>

/* Index of the last unescaped '@', or -1. */
static long split_at(const char *p)
{
  long at = -1, i;
  for(i = 0; p[i]; i++) {
    if(p[i] == '\\') {
      if(!p[i + 1])
        return -1;
      i++;
      continue;
    }
    if(p[i] == '@')
      at = i;
  }
  return at;
}

int rdsclone_pattern_check(const char *pattern, const char **why)
{
  size_t len;
  if(!pattern || !*pattern) {
    *why = "empty pattern";
    return -1;
  }
  len = strlen(pattern);
  {
    /* a trailing lone backslash escapes nothing */
    size_t n = 0;
    while(n < len && pattern[len - 1 - n] == '\\')
      n++;
    if(n % 2) {
      *why = "pattern ends in an unpaired '\\'";
      return -1;
    }
  }
  if(split_at(pattern) < 0) {
    *why = "pattern has no '@' between user and host (use USER@HOST, "
           "e.g. 'app_*@%' or 'app_*@*')";
    return -1;
  }
  return 0;
}

/* Glob match of p[0..plen) against s[0..slen), iterative with one
 * backtrack point (linear in practice, no recursion on hostile input). */
static int glob(const char *p, size_t plen, const char *s, size_t slen)
{
  size_t pi = 0, si = 0, star_p = (size_t)-1, star_s = 0;

  while(si < slen) {
    if(pi < plen && p[pi] == '*') {
      star_p = ++pi;
      star_s = si;
      continue;
    }
    if(pi < plen) {
      char c = p[pi];
      size_t step = 1;
      if(c == '\\' && pi + 1 < plen) {
        c = p[pi + 1];
        step = 2;
      }
      else if(c == '?') {
        pi++;
        si++;
        continue;
      }
      if(c == s[si]) {
        pi += step;
        si++;
        continue;
      }
    }
    if(star_p != (size_t)-1) {
      pi = star_p;
      si = ++star_s;
      continue;
    }
    return 0;
  }
  while(pi < plen && p[pi] == '*')
    pi++;
  return pi == plen;
}

int filter_pattern_match(const char *pattern, const char *user,
                         size_t userlen, const char *host, size_t hostlen)
{
  long at = split_at(pattern);
  size_t plen = strlen(pattern);
  if(at < 0)
    return 0;
  return glob(pattern, (size_t)at, user, userlen) &&
         glob(pattern + at + 1, plen - (size_t)at - 1, host, hostlen);
}

size_t filter_pattern_min_user_len(const char *pattern)
{
  long at = split_at(pattern), i;
  size_t n = 0;
  for(i = 0; i < at; i++) {
    if(pattern[i] == '*')
      continue;
    if(pattern[i] == '\\')
      i++;
    n++;
  }
  return n;
}
