/* SPDX-License-Identifier: Apache-2.0 */
/*
 * snapshot.h - the query builders of the snapshot calls (rds/snapshot.c,
 * which also defines the public rds_shim_*snapshot* calls), for the unit
 * tests. Layer: above rds/rds.
 */
#ifndef SHIM_RDS_SNAPSHOT_H
#define SHIM_RDS_SNAPSHOT_H

#include <stddef.h>

#include "rds_shim.h"

struct query;

/* The CreateDBSnapshot query, members in botocore's order. */
void rds_create_snapshot_query(struct query *q, const char *instance_id,
                               const char *snapshot_id,
                               const struct rds_shim_tag_in *tags,
                               size_t n_tags);
/* The CopyDBSnapshot query, members in botocore's order. */
void rds_copy_snapshot_query(struct query *q,
                             const struct rds_shim_copy_params *p);

#endif
