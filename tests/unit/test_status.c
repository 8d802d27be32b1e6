/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_status.c - exit statuses (agent/status.c): one run's status from
 * its code and report, the worst of many (0 < 2 < 75 < 1 < 64 < 78), and
 * a fleet's status; and log lines (agent/logline.c) as text and JSON.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/fleet.h"
#include "logline.h"

static void test_exit_status(void **state)
{
  struct rdsclone_report r;
  (void)state;
  memset(&r, 0, sizeof(r));
  assert_int_equal(rdsclone_exit_status(RDSCLONE_OK, RDSCLONE_PLAN, NULL), 0);
  assert_int_equal(rdsclone_exit_status(RDSCLONE_OK, RDSCLONE_PLAN, &r), 0);
  assert_int_equal(plan_add(&r.plan, ACT_GRANT, 40, 0, "o", "r", "GRANT",
                            NULL), 0);
  assert_int_equal(rdsclone_exit_status(RDSCLONE_OK, RDSCLONE_PLAN, &r), 2);
  /* apply reports what it did; pending is not "changes" there */
  assert_int_equal(rdsclone_exit_status(RDSCLONE_OK, RDSCLONE_APPLY, &r), 0);
  r.plan.v[0].status = STATUS_SKIPPED;
  assert_int_equal(rdsclone_exit_status(RDSCLONE_OK, RDSCLONE_PLAN, &r), 0);
  /* rows not compared: reported; with --strict a plan is no "in sync" */
  assert_int_equal(coverage_add(&r.not_compared, "source", "kind", "ex", 3),
                   0);
  assert_int_equal(rdsclone_report_not_compared(&r), 3);
  assert_int_equal(rdsclone_exit_status(RDSCLONE_OK, RDSCLONE_PLAN, &r), 0);
  r.strict = 1;
  assert_int_equal(rdsclone_exit_status(RDSCLONE_OK, RDSCLONE_PLAN, &r), 2);
  /* (apply returns RDSCLONE_E_COVERAGE then: a runtime failure) */
  assert_int_equal(rdsclone_exit_status(RDSCLONE_E_COVERAGE, RDSCLONE_APPLY,
                                        &r), 1);
  coverage_release(&r.not_compared);
  plan_release(&r.plan);
  assert_int_equal(rdsclone_exit_status(RDSCLONE_E_LOCKED, RDSCLONE_APPLY,
                                        NULL), 75);
  assert_int_equal(rdsclone_exit_status(RDSCLONE_E_CONFIG, RDSCLONE_PLAN,
                                        NULL), 78);
  assert_int_equal(rdsclone_exit_status(RDSCLONE_E_USAGE, RDSCLONE_PLAN,
                                        NULL), 64);
  assert_int_equal(rdsclone_exit_status(RDSCLONE_E_CONNECT, RDSCLONE_PLAN,
                                        NULL), 1);
  assert_int_equal(rdsclone_exit_status(RDSCLONE_E_VERIFY, RDSCLONE_APPLY,
                                        NULL), 1);
  assert_int_equal(rdsclone_exit_status(RDSCLONE_E_IO, RDSCLONE_APPLY,
                                        NULL), 1);
}

static void test_worst(void **state)
{
  static const int order[] = { 0, 2, 75, 1, 64, 78 };
  size_t i, j;
  (void)state;
  for(i = 0; i < 6; i++)
    for(j = 0; j < 6; j++) {
      int want = order[i > j ? i : j];
      assert_int_equal(rdsclone_exit_worst(order[i], order[j]), want);
    }
  /* an unknown status ranks as a failure, above 75, below 64 */
  assert_int_equal(rdsclone_exit_worst(75, 9), 9);
  assert_int_equal(rdsclone_exit_worst(9, 64), 64);
}

static void test_fleet_exit(void **state)
{
  struct fleet_result v[3];
  struct rdsclone_fleet f;
  (void)state;
  memset(v, 0, sizeof(v));
  f.v = v;
  f.n = 0;
  f.mode = RDSCLONE_PLAN;
  assert_int_equal(rdsclone_fleet_exit(&f), 0);
  f.n = 3;
  v[0].exit = 2;
  v[1].exit = 0;
  v[2].exit = 75;
  assert_int_equal(rdsclone_fleet_exit(&f), 75);
  v[1].exit = 1;
  assert_int_equal(rdsclone_fleet_exit(&f), 1);
  assert_true(fleet_result_succeeded(&v[0]));
  assert_false(fleet_result_succeeded(&v[1]));
  assert_false(fleet_result_succeeded(&v[2]));
  assert_string_equal(fleet_status_word(2), "changes");
  assert_string_equal(fleet_status_word(75), "locked");
}

static void test_logline(void **state)
{
  struct timespec t = { 1764637323, 456000000 };  /* 2025-12-02 */
  char *s;
  (void)state;
  s = logline_format(LOGLINE_TEXT, RDSCLONE_LOG_WARN, NULL, "as ever", &t);
  assert_string_equal(s, "rdsclone: warning: as ever\n");
  free(s);
  s = logline_format(LOGLINE_TEXT, RDSCLONE_LOG_ERROR, "sh\nop", "m", &t);
  assert_string_equal(s, "rdsclone: error: pair sh\\x0aop: m\n");
  free(s);
  s = logline_format(LOGLINE_JSON, RDSCLONE_LOG_INFO, NULL, "a \"q\"\n", &t);
  assert_string_equal(s, "{\"time\":\"2025-12-02T01:02:03.456Z\","
                         "\"level\":\"info\",\"msg\":\"a \\\"q\\\"\\n\"}\n");
  free(s);
  s = logline_format(LOGLINE_JSON, RDSCLONE_LOG_DEBUG, "p\"1", "bad \xff",
                     &t);
  assert_string_equal(s, "{\"time\":\"2025-12-02T01:02:03.456Z\","
                         "\"level\":\"debug\",\"pair\":\"p\\\"1\","
                         "\"msg\":\"bad \\\\xff\"}\n");
  free(s);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_exit_status),
    cmocka_unit_test(test_worst),
    cmocka_unit_test(test_fleet_exit),
    cmocka_unit_test(test_logline),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
