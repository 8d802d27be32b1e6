/* SPDX-License-Identifier: Apache-2.0 */
/*
 * instance.h - struct rds_shim_instance and rds_shim_snapshot lifecycle
 * inside the library
 * (rds/instance.c, which also defines the public *_free and params
 * helpers). Layer: a leaf.
 */
#ifndef SHIM_RDS_INSTANCE_H
#define SHIM_RDS_INSTANCE_H

#include "rds_shim.h"

void instance_init(struct rds_shim_instance *i);
void instance_release(struct rds_shim_instance *i);
/* Moves *i to the end of l (i is re-initialised). */
enum rds_shim_code instance_list_append(struct rds_shim_instance_list *l,
                                        struct rds_shim_instance *i);
/* Releases every item and the array; l itself stays (empty). */
void instance_list_clear(struct rds_shim_instance_list *l);

/* struct rds_shim_snapshot and its list, the same way. */
void shim_snapshot_init(struct rds_shim_snapshot *s);
void shim_snapshot_release(struct rds_shim_snapshot *s);
enum rds_shim_code shim_snapshot_list_append(struct rds_shim_snapshot_list *l,
                                             struct rds_shim_snapshot *s);
void shim_snapshot_list_clear(struct rds_shim_snapshot_list *l);

#endif
