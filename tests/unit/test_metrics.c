/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_metrics.c - the metrics file's text (agent/metrics.c): label
 * escaping, the sample parser that reads the previous file back, and the
 * rendering of a fleet's results: families, values per pair, the last
 * success kept from the old file for a failed pair, samples of pairs not
 * run kept, foreign lines dropped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/metrics.h"

static char *escaped(const char *v)
{
  struct buf b;
  buf_init(&b, 1024);
  assert_int_equal(metrics_escape_label(&b, v), 0);
  buf_addc(&b, 0);   /* an empty input still yields a string */
  return buf_take(&b);
}

static void test_escape(void **state)
{
  char *s;
  (void)state;
  s = escaped("plain-name_1");
  assert_string_equal(s, "plain-name_1");
  free(s);
  s = escaped("a\\b\"c\nd");
  assert_string_equal(s, "a\\\\b\\\"c\\nd");
  free(s);
  /* nothing else is escaped: tabs, quotes, UTF-8 pass through */
  s = escaped("t\tq'\xc3\xa9");
  assert_string_equal(s, "t\tq'\xc3\xa9");
  free(s);
  s = escaped("");
  assert_string_equal(s, "");
  free(s);
}

static int parse(const char *line, char *name, struct buf *pair,
                 double *v)
{
  const char *n;
  size_t nl;
  int rc = metrics_parse_sample(line, strlen(line), &n, &nl, pair, v);
  if(!rc) {
    memcpy(name, n, nl);
    name[nl] = 0;
  }
  return rc;
}

static void test_parse(void **state)
{
  struct buf pair;
  char name[128];
  double v;
  (void)state;
  buf_init(&pair, 1024);
  assert_int_equal(parse("rdsclone_exit_code{pair=\"shop\"} 2", name, &pair,
                         &v), 0);
  assert_string_equal(name, "rdsclone_exit_code");
  assert_string_equal(buf_str(&pair), "shop");
  assert_true(v == 2.0);
  assert_int_equal(parse("m{kind=\"grant\",pair=\"a\\\\b\\\"c\\nd\"} 1.5",
                         name, &pair, &v), 0);
  assert_string_equal(buf_str(&pair), "a\\b\"c\nd");
  assert_true(v == 1.5);
  assert_int_equal(parse("m 7", name, &pair, &v), 0);
  assert_int_equal((int)pair.len, 0);
  assert_int_equal(parse("m{pair=\"x\",} 3 1700000000000", name, &pair, &v),
                   0);
  assert_true(v == 3.0);
  /* comments, blanks and garbage are not samples */
  assert_int_equal(parse("# HELP m x", name, &pair, &v), -1);
  assert_int_equal(parse("", name, &pair, &v), -1);
  assert_int_equal(parse("m{pair=\"x} 1", name, &pair, &v), -1);
  assert_int_equal(parse("m{pair=x} 1", name, &pair, &v), -1);
  assert_int_equal(parse("m{pair=\"x\"}", name, &pair, &v), -1);
  assert_int_equal(parse("m{pair=\"x\"} abc", name, &pair, &v), -1);
  assert_int_equal(parse("9m 1", name, &pair, &v), -1);
  buf_release(&pair);
}

/* A fleet of results by hand: no server involved. */
static struct rdsclone_fleet *fleet(size_t n)
{
  struct rdsclone_fleet *f = calloc(1, sizeof(*f));
  f->v = calloc(n, sizeof(*f->v));
  f->n = n;
  f->mode = RDSCLONE_PLAN;
  return f;
}

static void result(struct rdsclone_fleet *f, size_t i, const char *name,
                   enum rdsclone_code rc, int exit_status,
                   struct rdsclone_report *r)
{
  f->v[i].name = strdup(name);
  f->v[i].rc = rc;
  f->v[i].exit = exit_status;
  f->v[i].report = r;
  f->v[i].finished = 1700000000.25;
  f->v[i].seconds = 1.5;
  fleet_numbers_fill(&f->v[i]);   /* as the fleet does when a pair ends */
}

static struct rdsclone_report *plan_report(int creates, int grants)
{
  struct rdsclone_report *r = calloc(1, sizeof(*r));
  int i;
  r->mode = RDSCLONE_PLAN;
  for(i = 0; i < creates; i++)
    assert_int_equal(plan_add(&r->plan, ACT_CREATE_USER, 10, 0, "'u'@'%'",
                              "missing on target", "CREATE USER", NULL), 0);
  for(i = 0; i < grants; i++)
    assert_int_equal(plan_add(&r->plan, ACT_GRANT, 40, 0, "g", "r", "GRANT",
                              NULL), 0);
  assert_int_equal(plan_add(&r->plan, ACT_SKIP, 40, 0, "s", "r", NULL, NULL),
                   0);
  r->plan.v[r->plan.n - 1].status = STATUS_SKIPPED;
  return r;
}

static void free_fleet(struct rdsclone_fleet *f)
{
  size_t i;
  for(i = 0; i < f->n; i++) {
    free(f->v[i].name);
    if(f->v[i].report)
      plan_release(&f->v[i].report->plan);
    free(f->v[i].report);
  }
  free(f->v);
  free(f);
}

static void has(const char *text, const char *line)
{
  if(!strstr(text, line))
    fail_msg("missing: %s\nin:\n%s", line, text);
}

static void lacks(const char *text, const char *line)
{
  if(strstr(text, line))
    fail_msg("unexpected: %s\nin:\n%s", line, text);
}

static void test_render(void **state)
{
  struct rdsclone_fleet *f = fleet(3);
  char *t;
  (void)state;
  result(f, 0, "shop", RDSCLONE_OK, 2, plan_report(2, 1));
  result(f, 1, "in\"sync", RDSCLONE_OK, 0, plan_report(0, 0));
  result(f, 2, "down", RDSCLONE_E_CONNECT, 1, NULL);
  t = metrics_render(f, NULL);
  assert_non_null(t);
  has(t, "# HELP rdsclone_last_run_timestamp_seconds ");
  has(t, "# TYPE rdsclone_exit_code gauge\n");
  has(t, "rdsclone_last_run_timestamp_seconds{pair=\"shop\"} "
         "1700000000.250\n");
  has(t, "rdsclone_last_success_timestamp_seconds{pair=\"shop\"} "
         "1700000000.250\n");
  has(t, "rdsclone_last_success_timestamp_seconds{pair=\"down\"} 0.000\n");
  has(t, "rdsclone_run_duration_seconds{pair=\"down\"} 1.500\n");
  has(t, "rdsclone_pending_actions{pair=\"shop\",kind=\"create_user\"} 2\n");
  has(t, "rdsclone_pending_actions{pair=\"shop\",kind=\"grant\"} 1\n");
  has(t, "rdsclone_pending_actions{pair=\"shop\",kind=\"drop_user\"} 0\n");
  lacks(t, "kind=\"skip\"");
  lacks(t, "rdsclone_pending_actions{pair=\"down\"");
  has(t, "rdsclone_converged{pair=\"shop\"} 0\n");
  has(t, "rdsclone_converged{pair=\"in\\\"sync\"} 1\n");
  has(t, "rdsclone_converged{pair=\"down\"} 0\n");
  has(t, "rdsclone_exit_code{pair=\"down\"} 1\n");
  has(t, "rdsclone_applied_actions{pair=\"shop\"} 0\n");
  has(t, "rdsclone_failed_actions{pair=\"shop\"} 0\n");
  free(t);
  free_fleet(f);
}

static void test_render_old(void **state)
{
  struct rdsclone_fleet *f = fleet(2);
  const char *old =
    "# HELP rdsclone_exit_code old help\n"
    "# TYPE rdsclone_exit_code gauge\n"
    "rdsclone_exit_code{pair=\"shop\"} 0\n"
    "rdsclone_exit_code{pair=\"other\\nname\"} 2\n"
    "rdsclone_last_success_timestamp_seconds{pair=\"shop\"} 1600000000.5\n"
    "rdsclone_last_success_timestamp_seconds{pair=\"ok\"} 1600000001\n"
    "rdsclone_last_success_timestamp_seconds{pair=\"other\\nname\"} 12\n"
    "some_foreign_metric{pair=\"other\\nname\"} 1\n"
    "garbage {{{\n"
    "rdsclone_converged 1\n";
  char *t;
  (void)state;
  result(f, 0, "shop", RDSCLONE_E_CONNECT, 1, NULL);
  result(f, 1, "ok", RDSCLONE_OK, 0, plan_report(0, 0));
  t = metrics_render(f, old);
  assert_non_null(t);
  /* failed: the old success time stays; succeeded: this run's */
  has(t, "rdsclone_last_success_timestamp_seconds{pair=\"shop\"} "
         "1600000000.500\n");
  has(t, "rdsclone_last_success_timestamp_seconds{pair=\"ok\"} "
         "1700000000.250\n");
  /* another pair's samples kept as they were, in their family (the
   * last one: the file ends with it) */
  {
    const char *kept = "rdsclone_exit_code{pair=\"other\\nname\"} 2\n";
    assert_true(strlen(t) > strlen(kept));
    assert_string_equal(t + strlen(t) - strlen(kept), kept);
  }
  has(t, "rdsclone_last_success_timestamp_seconds{pair=\"other\\nname\"} "
         "12\n");
  /* our pair's old samples replaced, foreign lines dropped */
  lacks(t, "rdsclone_exit_code{pair=\"shop\"} 0\n");
  has(t, "rdsclone_exit_code{pair=\"shop\"} 1\n");
  lacks(t, "some_foreign_metric");
  lacks(t, "garbage");
  lacks(t, "old help");
  lacks(t, "rdsclone_converged 1\n");
  free(t);
  free_fleet(f);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_escape),
    cmocka_unit_test(test_parse),
    cmocka_unit_test(test_render),
    cmocka_unit_test(test_render_old),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
