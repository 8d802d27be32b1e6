/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_my.h - the DMS route on MySQL/MariaDB (dms_my.c): prepare or
 * finish over connections dms.c opened and locked.
 */
#ifndef RDSCLONE_DMS_MY_H
#define RDSCLONE_DMS_MY_H

#include "core/options.h"
#include "dms/dms_result.h"

/* tgt, src: the engine's client handles (MYSQL *; src NULL for
 * prepare). Objects and their failures go to r. */
void dms_my_run(void *tgt, void *src, const struct rdsclone_options *o,
                int finish, int dry_run, long margin,
                struct rdsclone_dms_result *r);

#endif
