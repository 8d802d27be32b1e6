/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_my_objects.h - the foreign keys and triggers of a MySQL/MariaDB
 * target around a DMS full load (dms_my_objects.c).
 */
#ifndef RDSCLONE_DMS_MY_OBJECTS_H
#define RDSCLONE_DMS_MY_OBJECTS_H

#include "dms/dms_my_ctx.h"

/* Saves every key and trigger (one transaction), then drops each. */
void dms_my_objects_prepare(struct dms_my *x);
/* Re-creates the saved keys, then the saved triggers in their order. */
void dms_my_objects_finish(struct dms_my *x);

#endif
