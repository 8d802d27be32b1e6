/* SPDX-License-Identifier: Apache-2.0 */
/*
 * numparse.c - checked decimal parsing (endptr, errno and range).
 */
#include "numparse.h"

#include <errno.h>
#include <stdlib.h>

int parse_long(const char *s, long min, long max, long *out)
{
  char *end;
  long v;

  /* strtol would skip any leading white space: allow only a sign or a
   * digit first */
  if(!s || !((*s >= '0' && *s <= '9') || *s == '-' || *s == '+'))
    return -1;
  errno = 0;
  v = strtol(s, &end, 10);
  if(errno || *end || v < min || v > max)
    return -1;
  *out = v;
  return 0;
}
