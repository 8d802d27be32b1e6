/* SPDX-License-Identifier: Apache-2.0 */
/*
 * role_oids.h - role names by oid, for the catalog reads that name roles
 * (memberships, role settings, owners of objects).
 *
 * Joining pg_auth_members with pg_roles three times made the server
 * spend most of a PostgreSQL read in hash joins and sorts (at 50 000
 * roles ~0.2-0.5 s for the memberships against ~0.03 s to return the
 * table itself; bench/notes.md). The roles query returns each role's
 * oid, engine_pg.c notes it here, and later reads return oids that are
 * named in the client: a sorted array searched by oid, the names in one
 * buffer. Used by one reading thread; freed when its read is done.
 */
#ifndef RDSCLONE_PG_ROLE_OIDS_H
#define RDSCLONE_PG_ROLE_OIDS_H

#include "buf.h"

#include <stddef.h>
#include <stdint.h>

struct role_oid {
  uint32_t oid;
  uint32_t name;      /* offset of the NUL-terminated name in names */
  int inherit;        /* rolinherit */
};

struct role_oids {
  struct role_oid *v;
  size_t n, alloc;
  struct buf names;
  int sorted;
};

void role_oids_init(struct role_oids *r);
void role_oids_release(struct role_oids *r);
/* Notes a role (oid as the server prints it). 0, or -1 on OOM or an
 * oid that is no number. */
int role_oids_add(struct role_oids *r, const char *oid, const char *name,
                  int inherit);
/* The role of that oid (text as the server prints it), or NULL when
 * there is none; *inherit gets its rolinherit when inherit is not NULL.
 * Borrowed until role_oids_add or role_oids_release. The first lookup
 * after an add sorts the array (in place). */
const char *role_oids_name(struct role_oids *r, const char *oid,
                           int *inherit);

#endif
