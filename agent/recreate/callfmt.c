/* SPDX-License-Identifier: Apache-2.0 */
/*
 * callfmt.c - RDS calls rendered as lines; see callfmt.h.
 */
#include "callfmt.h"

void callfmt_str(struct buf *b, const char *k, const char *v)
{
  if(v)
    buf_addf(b, " %s=%s", k, v);
}

void callfmt_num(struct buf *b, const char *k, long v)
{
  if(v != RDS_SHIM_UNSET)
    buf_addf(b, " %s=%ld", k, v);
}

void callfmt_bool(struct buf *b, const char *k, int v)
{
  if(v != RDS_SHIM_UNSET)
    buf_addf(b, " %s=%s", k, v ? "true" : "false");
}

void callfmt_list(struct buf *b, const char *k,
                  const struct rds_shim_strings *s)
{
  size_t i;
  if(!s->n)
    return;
  buf_addf(b, " %s=", k);
  for(i = 0; i < s->n; i++)
    buf_addf(b, "%s%s", i ? "," : "", s->v[i]);
}

void callfmt_tags(struct buf *b, const struct rds_shim_tag_in *t, size_t n)
{
  size_t i;
  if(!n)
    return;
  buf_adds(b, " Tags=");
  for(i = 0; i < n; i++)
    buf_addf(b, "%s%s=%s", i ? "," : "", t[i].key,
             t[i].value ? t[i].value : "");
}
