/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_my_step.h - how far dms-finish moves a MySQL/MariaDB counter
 * (dms_my_step.c): pure arithmetic, saturating at the type's ends.
 */
#ifndef RDSCLONE_DMS_MY_STEP_H
#define RDSCLONE_DMS_MY_STEP_H

#include <stdint.h>

/* The AUTO_INCREMENT a target table needs: the source's (the next value
 * it hands out) plus margin; *move is 0 when the target's own (have) is
 * there already. */
uint64_t dms_my_step_auto_increment(uint64_t source, long margin,
                                    uint64_t have, int *move);

/* A MariaDB SEQUENCE's row. */
struct dms_my_seq {
  int64_t next_not_cached, min, max, increment, round, start;
};

/* 1 when the source never handed a value out. */
int dms_my_step_seq_unused(const struct dms_my_seq *s);
/* The value to SETVAL on the target t: the source's last reserved value
 * (next_not_cached - increment) plus margin in t's direction, within
 * t's bounds. */
int64_t dms_my_step_seq_want(const struct dms_my_seq *t,
                             const struct dms_my_seq *s, long margin);
/* 1 when t is at or past (round, want) already. */
int dms_my_step_seq_past(const struct dms_my_seq *t, int64_t want,
                         int64_t round);

#endif
