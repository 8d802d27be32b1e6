/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_my_step.c - how far dms-finish moves a MySQL/MariaDB counter.
 * Counters only move forward, so every sum saturates instead of
 * wrapping: a wrapped value would be a step backwards.
 */
#include "dms/dms_my_step.h"

uint64_t dms_my_step_auto_increment(uint64_t source, long margin,
                                    uint64_t have, int *move)
{
  uint64_t want;
  if(__builtin_add_overflow(source, (uint64_t)(margin > 0 ? margin : 0),
                            &want))
    want = UINT64_MAX;
  *move = have < want;
  return want;
}

int dms_my_step_seq_unused(const struct dms_my_seq *s)
{
  return s->next_not_cached == s->start && !s->round;
}

int64_t dms_my_step_seq_want(const struct dms_my_seq *t,
                             const struct dms_my_seq *s, long margin)
{
  int64_t last, v;
  int up = t->increment > 0;

  if(__builtin_sub_overflow(s->next_not_cached, s->increment, &last))
    last = s->increment > 0 ? INT64_MIN : INT64_MAX;
  if(up ? __builtin_add_overflow(last, (int64_t)margin, &v)
        : __builtin_sub_overflow(last, (int64_t)margin, &v))
    v = up ? INT64_MAX : INT64_MIN;
  return v < t->min ? t->min : v > t->max ? t->max : v;
}

int dms_my_step_seq_past(const struct dms_my_seq *t, int64_t want,
                         int64_t round)
{
  int64_t last;
  if(t->round != round)
    return t->round > round;
  if(__builtin_sub_overflow(t->next_not_cached, t->increment, &last))
    return 1;     /* its last value lies beyond the type: past anything */
  return t->increment > 0 ? last >= want : last <= want;
}
