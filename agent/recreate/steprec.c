/* SPDX-License-Identifier: Apache-2.0 */
/*
 * steprec.c - step records and result lists; see steprec.h.
 */
#include "steprec.h"
#include "buf.h"

#include <stdlib.h>

int steprec_set(struct recreate_step_result *r, enum recreate_status st,
                double seconds, const char *fmt, va_list ap)
{
  struct buf b;

  buf_init(&b, BUF_CAP_SMALL);
  buf_vaddf(&b, fmt, ap);
  free(r->detail);
  r->detail = buf_take(&b);
  if(!r->detail)
    return -1;
  r->status = st;
  r->seconds = seconds;
  return 0;
}

int steprec_push(char ***v, size_t *n, char *s)
{
  char **nv;
  if(!s)
    return -1;
  nv = realloc(*v, (*n + 1) * sizeof(*nv));
  if(!nv) {
    free(s);
    return -1;
  }
  *v = nv;
  nv[(*n)++] = s;
  return 0;
}

void steprec_free_list(char **v, size_t n)
{
  size_t i;
  for(i = 0; i < n; i++)
    free(v[i]);
  free(v);
}
