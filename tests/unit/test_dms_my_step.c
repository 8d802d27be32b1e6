/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_dms_my_step.c - how far dms-finish moves a MySQL/MariaDB counter
 * (agent/dms/dms_my_step.c): AUTO_INCREMENT plus margin and never back,
 * MariaDB sequences up and down, in their bounds, by round, and the
 * ends of the types (which no test server reaches).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dms/dms_my_step.h"

static void test_auto_increment(void **state)
{
  int move;
  (void)state;
  assert_true(dms_my_step_auto_increment(53, 0, 4, &move) == 53);
  assert_int_equal(move, 1);
  assert_true(dms_my_step_auto_increment(53, 100, 4, &move) == 153);
  assert_int_equal(move, 1);
  /* the target at or past it: never lowered */
  dms_my_step_auto_increment(53, 0, 53, &move);
  assert_int_equal(move, 0);
  dms_my_step_auto_increment(53, 100, 1000, &move);
  assert_int_equal(move, 0);
  /* saturates instead of wrapping to a small value */
  assert_true(dms_my_step_auto_increment(UINT64_MAX - 5, 100, 7, &move) ==
              UINT64_MAX);
  assert_int_equal(move, 1);
}

static const struct dms_my_seq up = { 3001, 1, 1000000, 3, 0, 1 };
static const struct dms_my_seq down = { -3001, -1000000, -1, -3, 0, -1 };

static void test_sequence_want(void **state)
{
  struct dms_my_seq s = up, t = up;
  (void)state;
  /* the last value the source reserved, plus the margin */
  assert_true(dms_my_step_seq_want(&t, &s, 0) == 2998);
  assert_true(dms_my_step_seq_want(&t, &s, 10) == 3008);
  /* descending: the margin goes down */
  s = down;
  t = down;
  assert_true(dms_my_step_seq_want(&t, &s, 0) == -2998);
  assert_true(dms_my_step_seq_want(&t, &s, 10) == -3008);
  /* clamped to the target's bounds */
  t.min = -3000;
  assert_true(dms_my_step_seq_want(&t, &s, 10) == -3000);
  s = up;
  t = up;
  t.max = 3000;
  assert_true(dms_my_step_seq_want(&t, &s, 10) == 3000);
  /* the ends of int64 saturate */
  s.next_not_cached = INT64_MAX;
  s.increment = 1;
  t.max = INT64_MAX;
  assert_true(dms_my_step_seq_want(&t, &s, 5) == INT64_MAX);
  s = down;
  s.next_not_cached = INT64_MIN;
  s.increment = 1;     /* INT64_MIN - 1 does not fit */
  t = down;
  t.min = INT64_MIN;
  assert_true(dms_my_step_seq_want(&t, &s, 5) == INT64_MIN);
}

static void test_sequence_past_and_unused(void **state)
{
  struct dms_my_seq t = up, s = { 1, 1, 100, 1, 0, 1 };
  (void)state;
  assert_int_equal(dms_my_step_seq_unused(&s), 1);
  s.round = 1;         /* wrapped back to its start: used */
  assert_int_equal(dms_my_step_seq_unused(&s), 0);
  s.round = 0;
  s.next_not_cached = 2;
  assert_int_equal(dms_my_step_seq_unused(&s), 0);
  /* t's last reserved value is 2998 */
  assert_int_equal(dms_my_step_seq_past(&t, 2998, 0), 1);
  assert_int_equal(dms_my_step_seq_past(&t, 2999, 0), 0);
  /* another round decides before the value does */
  assert_int_equal(dms_my_step_seq_past(&t, 5, 1), 0);
  t.round = 2;
  assert_int_equal(dms_my_step_seq_past(&t, 999999, 1), 1);
  t = down;
  assert_int_equal(dms_my_step_seq_past(&t, -2998, 0), 1);
  assert_int_equal(dms_my_step_seq_past(&t, -2999, 0), 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_auto_increment),
    cmocka_unit_test(test_sequence_want),
    cmocka_unit_test(test_sequence_past_and_unused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
