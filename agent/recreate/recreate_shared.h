/* SPDX-License-Identifier: Apache-2.0 */
/*
 * recreate_shared.h - what "rdsclone encrypt" shares with recreate.c.
 * rdsclone_recreate_replica() with tags added to the new replica's at its
 * creation: "rdsclone encrypt" marks what it
 * creates in the same call that creates it, so that no instance of its
 * making ever exists untagged (a kill between a create and a later
 * AddTagsToResource would leave one that a re-run must refuse to touch).
 * And the create call it would make, for a dry run that cannot run the
 * procedure yet.
 */
#ifndef RDSCLONE_RECREATE_SHARED_H
#define RDSCLONE_RECREATE_SHARED_H

#include "rdsclone_recreate.h"

enum recreate_code recreate_replica_tagged(const struct recreate_options *o,
                                           const struct rds_shim_tag_in *tags,
                                           size_t ntags,
                                           struct recreate_result *res,
                                           char *errbuf, size_t errlen);

/* The CreateDBInstanceReadReplica call (as logged) that would create name
 * as a replica of primary with from's attributes and tags plus the
 * given ones; for a dry run before primary exists. NULL: out of memory.
 * Transferred. */
char *recreate_planned_create(const struct rds_shim_instance *from,
                              const char *primary, const char *name,
                              const struct rds_shim_tag_in *tags,
                              size_t ntags);

/* 1 for the PostgreSQL engines (postgres, aurora-postgresql), whose read
 * replicas are standbys holding their primary's roles. */
int recreate_engine_is_pg(const char *engine);

#endif
