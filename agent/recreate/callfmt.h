/* SPDX-License-Identifier: Apache-2.0 */
/*
 * callfmt.h - one RDS call rendered as a line (" Key=value" after the
 * action), for the log and the dry run's list of calls: what
 * recreate-replica and encrypt share. Unset members (NULL, RDS_SHIM_UNSET,
 * empty lists) are left out, as the shim leaves them out of the request.
 */
#ifndef RDSCLONE_CALLFMT_H
#define RDSCLONE_CALLFMT_H

#include "buf.h"
#include "rds_shim.h"

void callfmt_str(struct buf *b, const char *k, const char *v);
void callfmt_num(struct buf *b, const char *k, long v);
void callfmt_bool(struct buf *b, const char *k, int v);
void callfmt_list(struct buf *b, const char *k,
                  const struct rds_shim_strings *s);
void callfmt_tags(struct buf *b, const struct rds_shim_tag_in *t, size_t n);

#endif
