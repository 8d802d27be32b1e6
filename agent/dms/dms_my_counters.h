/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_my_counters.h - dms-finish's counters on MySQL/MariaDB
 * (dms_my_counters.c): every AUTO_INCREMENT and every MariaDB SEQUENCE
 * of the target moved past the source's.
 */
#ifndef RDSCLONE_DMS_MY_COUNTERS_H
#define RDSCLONE_DMS_MY_COUNTERS_H

#include "dms/dms_my_ctx.h"

void dms_my_counters_finish(struct dms_my *x);

#endif
