/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_seq.h - moving one database's sequences past the source's
 * (dms_seq.c).
 */
#ifndef RDSCLONE_DMS_SEQ_H
#define RDSCLONE_DMS_SEQ_H

#include "dms/dms_result.h"

#include <libpq-fe.h>

/* Sets every sequence of database db on the target (tgt) that the source
 * (src) has used to the source's last_value plus margin in the
 * sequence's direction, never backwards; items go to r. */
void dms_seq_finish_db(PGconn *tgt, PGconn *src, const char *db,
                       long margin, int dry_run,
                       struct rdsclone_dms_result *r);

#endif
