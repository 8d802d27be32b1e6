/* SPDX-License-Identifier: Apache-2.0 */
/*
 * instance.h - struct rds_shim_instance lifecycle inside the library
 * (rds/instance.c, which also defines the public *_free and params
 * helpers). Layer: a leaf.
 */
#ifndef SHIM_RDS_INSTANCE_H
#define SHIM_RDS_INSTANCE_H

#include "rds_shim.h"

void instance_init(struct rds_shim_instance *i);
void instance_release(struct rds_shim_instance *i);
enum rds_shim_code instance_list_append(struct rds_shim_instance_list *l,
                                        struct rds_shim_instance *i);

#endif
