/* SPDX-License-Identifier: Apache-2.0 */
/*
 * role_oids.c - role names by oid (role_oids.h): a sorted array, sorted
 * once after the roles are read.
 */
#include "pg/role_oids.h"
#include "numparse.h"

#include <stdlib.h>
#include <string.h>

/* A role's name can hold at most 63 bytes; all names of 50 000 roles
 * take ~1 MB. The cap only bounds a broken server's answer. */
#define NAMES_CAP ((size_t)1 << 30)

void role_oids_init(struct role_oids *r)
{
  memset(r, 0, sizeof(*r));
  buf_init(&r->names, NAMES_CAP);
}

void role_oids_release(struct role_oids *r)
{
  free(r->v);
  buf_release(&r->names);
  memset(r, 0, sizeof(*r));
}

static int parse_oid(const char *s, uint32_t *oid)
{
  long v;
  if(!s || parse_long(s, 0, (long)UINT32_MAX, &v))
    return -1;
  *oid = (uint32_t)v;
  return 0;
}

int role_oids_add(struct role_oids *r, const char *oid, const char *name,
                  int inherit)
{
  struct role_oid e;
  if(parse_oid(oid, &e.oid) || !name || r->names.len > UINT32_MAX)
    return -1;
  if(r->n == r->alloc) {
    size_t n = r->alloc ? r->alloc * 2 : 1024;
    struct role_oid *v = realloc(r->v, n * sizeof(*v));
    if(!v)
      return -1;
    r->v = v;
    r->alloc = n;
  }
  e.name = (uint32_t)r->names.len;
  e.inherit = inherit;
  if(buf_add(&r->names, name, strlen(name) + 1))
    return -1;
  r->v[r->n++] = e;
  r->sorted = 0;
  return 0;
}

static int oid_cmp(const void *a, const void *b)
{
  uint32_t x = ((const struct role_oid *)a)->oid;
  uint32_t y = ((const struct role_oid *)b)->oid;
  return x < y ? -1 : x > y;
}

const char *role_oids_name(struct role_oids *r, const char *oid,
                           int *inherit)
{
  struct role_oid key, *hit;
  if(parse_oid(oid, &key.oid) || !r->n)
    return NULL;
  if(!r->sorted) {
    /* the server returns pg_authid mostly in oid order: cheap */
    qsort(r->v, r->n, sizeof(*r->v), oid_cmp);
    r->sorted = 1;
  }
  hit = bsearch(&key, r->v, r->n, sizeof(*r->v), oid_cmp);
  if(!hit)
    return NULL;
  if(inherit)
    *inherit = hit->inherit;
  return r->names.ptr + hit->name;
}
