/* SPDX-License-Identifier: Apache-2.0 */
/*
 * query.h - Query API parameter lists and their form body (http/query.c).
 * Layer: above sign/percent.
 */
#ifndef SHIM_HTTP_QUERY_H
#define SHIM_HTTP_QUERY_H

#include <stddef.h>

#include "rds_shim.h"

struct buf;

struct query_param {
  char *name;
  char *value;
};

/* An ordered list of name/value pairs (a Query API request). */
struct query {
  struct query_param *v;
  size_t n, alloc;
  int failed;              /* an add failed (out of memory): sticky */
};

void query_init(struct query *q);
void query_release(struct query *q);
/* Adds a copy of name/value; on failure sets q->failed (checked once). */
void query_add(struct query *q, const char *name, const char *value);
void query_add_long(struct query *q, const char *name, long v);
void query_add_bool(struct query *q, const char *name, int v);
/* Adds "<prefix>.<member>.<N>" = v[i] for each element, N from 1. */
void query_add_list(struct query *q, const char *prefix, const char *member,
                    const char *const *v, size_t n);
/* Only when set: v not NULL / not RDS_SHIM_UNSET. */
void query_add_opt(struct query *q, const char *name, const char *v);
void query_add_num(struct query *q, const char *name, long v);
void query_add_tri(struct query *q, const char *name, int v);
/* Tags.Tag.N.Key / Tags.Tag.N.Value, N from 1. */
void query_add_tags(struct query *q, const struct rds_shim_tag_in *t,
                    size_t n);
const char *query_get(const struct query *q, const char *name);
/* Form body as botocore writes it: name=value&..., each side
 * form_encode()d. RDS_SHIM_OUT_OF_MEMORY if an add or the body failed. */
enum rds_shim_code query_form(const struct query *q, struct buf *out);

#endif
