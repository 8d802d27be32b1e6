/* SPDX-License-Identifier: Apache-2.0 */
/*
 * query.c - Query API parameter lists (an ordered name/value list) and the
 * form body they become (sign/percent.c's form encoding). Used by the RDS
 * calls (rds/call.c, rds/rds.c) and STS (creds/credentials.c).
 */
#include "http/query.h"

#include "buf.h"
#include "sign/percent.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void query_init(struct query *q)
{
  memset(q, 0, sizeof(*q));
}

void query_release(struct query *q)
{
  size_t i;
  if(!q)
    return;
  for(i = 0; i < q->n; i++) {
    free(q->v[i].name);
    free(q->v[i].value);
  }
  free(q->v);
  query_init(q);
}

void query_add(struct query *q, const char *name, const char *value)
{
  char *n, *v;
  if(q->failed)
    return;
  if(q->n == q->alloc) {
    size_t na = q->alloc ? q->alloc * 2 : 16;
    struct query_param *nv = realloc(q->v, na * sizeof(*nv));
    if(!nv) {
      q->failed = 1;
      return;
    }
    q->v = nv;
    q->alloc = na;
  }
  n = strdup(name);
  v = strdup(value ? value : "");
  if(!n || !v) {
    free(n);
    free(v);
    q->failed = 1;
    return;
  }
  q->v[q->n].name = n;
  q->v[q->n].value = v;
  q->n++;
}

void query_add_long(struct query *q, const char *name, long v)
{
  char tmp[32];
  snprintf(tmp, sizeof(tmp), "%ld", v);
  query_add(q, name, tmp);
}

void query_add_bool(struct query *q, const char *name, int v)
{
  query_add(q, name, v ? "true" : "false");
}

void query_add_list(struct query *q, const char *prefix, const char *member,
                    const char *const *v, size_t n)
{
  size_t i;
  for(i = 0; i < n; i++) {
    char name[256];
    int len = snprintf(name, sizeof(name), "%s.%s.%zu", prefix, member,
                       i + 1);
    if(len < 0 || (size_t)len >= sizeof(name)) {
      q->failed = 1;
      return;
    }
    query_add(q, name, v[i]);
  }
}

void query_add_opt(struct query *q, const char *name, const char *v)
{
  if(v)
    query_add(q, name, v);
}

void query_add_num(struct query *q, const char *name, long v)
{
  if(v != RDS_SHIM_UNSET)
    query_add_long(q, name, v);
}

void query_add_tri(struct query *q, const char *name, int v)
{
  if(v != RDS_SHIM_UNSET)
    query_add_bool(q, name, v);
}

void query_add_tags(struct query *q, const struct rds_shim_tag_in *t,
                    size_t n)
{
  size_t i;
  for(i = 0; i < n; i++) {
    char name[64];
    snprintf(name, sizeof(name), "Tags.Tag.%zu.Key", i + 1);
    query_add(q, name, t[i].key);
    snprintf(name, sizeof(name), "Tags.Tag.%zu.Value", i + 1);
    query_add(q, name, t[i].value ? t[i].value : "");
  }
}

const char *query_get(const struct query *q, const char *name)
{
  size_t i;
  for(i = 0; i < q->n; i++)
    if(!strcmp(q->v[i].name, name))
      return q->v[i].value;
  return NULL;
}

enum rds_shim_code query_form(const struct query *q, struct buf *out)
{
  size_t i;
  if(q->failed)
    return RDS_SHIM_OUT_OF_MEMORY;
  for(i = 0; i < q->n; i++) {
    if(i && buf_addc(out, '&'))
      return RDS_SHIM_OUT_OF_MEMORY;
    if(form_encode(out, q->v[i].name, strlen(q->v[i].name)) ||
       buf_addc(out, '=') ||
       form_encode(out, q->v[i].value, strlen(q->v[i].value)))
      return RDS_SHIM_OUT_OF_MEMORY;
  }
  /* an empty query still yields a valid (empty) string */
  if(!out->ptr && buf_add(out, "", 0))
    return RDS_SHIM_OUT_OF_MEMORY;
  return RDS_SHIM_OK;
}
