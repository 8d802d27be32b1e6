/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_dms.c - the DMS route's result (agent/dms/dms_result.c): its
 * counts, its exit statuses (0, 1, 2 for a dry run's changes, 64, 75,
 * 78), its text, JSON and SQL; and the entry points' refusals that need
 * no server (missing URIs, a negative margin, MySQL URIs of closed
 * ports).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "dms/dms_result.h"

static struct rdsclone_dms_result *sample(int dry_run)
{
  struct rdsclone_dms_result *r = dms_result_new("dms-finish", dry_run);
  struct dms_item *it;

  assert_non_null(r);
  it = dms_result_add(r, "foreign_key", "shop", "sales", "lines", "fk\n1",
                      "recreate");
  assert_non_null(it);
  dms_item_set(r, &it->sql, "ALTER TABLE sales.lines ADD CONSTRAINT x");
  it->status = dry_run ? DMS_PLANNED : DMS_DONE;
  it = dms_result_add(r, "sequence", "shop", "sales", NULL, "s", "setval");
  assert_non_null(it);
  it->status = DMS_UNCHANGED;
  dms_item_set(r, &it->detail, "never used on the source");
  return r;
}

static void test_counts_and_status(void **state)
{
  struct rdsclone_dms_result *r = sample(1);
  (void)state;
  assert_int_equal(rdsclone_dms_result_objects(r), 2);
  assert_int_equal(rdsclone_dms_result_changes(r), 1);
  assert_int_equal(rdsclone_dms_result_failed(r), 0);
  assert_int_equal(rdsclone_dms_exit_status(RDSCLONE_OK, r), 2);
  r->items[0].status = DMS_UNCHANGED;
  assert_int_equal(rdsclone_dms_exit_status(RDSCLONE_OK, r), 0);
  r->items[1].status = DMS_FAILED;
  assert_int_equal(rdsclone_dms_exit_status(RDSCLONE_E_APPLY, r), 1);
  assert_int_equal(rdsclone_dms_exit_status(RDSCLONE_E_LOCKED, NULL), 75);
  assert_int_equal(rdsclone_dms_exit_status(RDSCLONE_E_USAGE, NULL), 64);
  assert_int_equal(rdsclone_dms_exit_status(RDSCLONE_E_CONFIG, NULL), 78);
  rdsclone_dms_result_free(r);
  r = sample(0);
  assert_int_equal(rdsclone_dms_exit_status(RDSCLONE_OK, r), 0);
  rdsclone_dms_result_free(r);
}

static void test_render(void **state)
{
  struct rdsclone_dms_result *r = sample(1);
  char *t = rdsclone_dms_result_render(r, RDSCLONE_FORMAT_TEXT);
  char *j = rdsclone_dms_result_render(r, RDSCLONE_FORMAT_JSON);
  char *s = rdsclone_dms_result_render(r, RDSCLONE_FORMAT_SQL);
  (void)state;
  assert_non_null(t);
  assert_non_null(strstr(t, "dms-finish (dry run): 2 objects, 1 planned"));
  /* a newline in a name is escaped: one line per object */
  assert_null(strstr(t, "fk\n1"));
  assert_non_null(strstr(t, "(never used on the source)"));
  assert_non_null(j);
  assert_non_null(strstr(j, "\"kind\":\t\"foreign_key\""));
  assert_non_null(strstr(j, "\"name\":\t\"fk\\n1\""));
  assert_non_null(strstr(j, "\"table\":\tnull"));
  assert_non_null(strstr(j, "\"accounts\":\tnull"));
  assert_non_null(s);
  assert_non_null(strstr(s, "\\connect \"shop\"\n"
                         "ALTER TABLE sales.lines ADD CONSTRAINT x;\n"));
  assert_null(strstr(s, "setval"));   /* unchanged: no statement */
  free(t);
  free(j);
  free(s);
  rdsclone_dms_result_free(r);
}

/* --format sql prints an item's script (its statements with the saved
 * table's bookkeeping) when it has one; JSON's sql stays the object's. */
static void test_script(void **state)
{
  struct rdsclone_dms_result *r = sample(1);
  char *s, *j;
  (void)state;
  dms_item_set(r, &r->items[0].script, "BEGIN;\nALTER TABLE sales.lines "
               "ADD CONSTRAINT x;\nDELETE FROM saved;\nCOMMIT");
  s = rdsclone_dms_result_render(r, RDSCLONE_FORMAT_SQL);
  j = rdsclone_dms_result_render(r, RDSCLONE_FORMAT_JSON);
  assert_non_null(s);
  assert_non_null(strstr(s, "\\connect \"shop\"\nBEGIN;\nALTER TABLE "
                         "sales.lines ADD CONSTRAINT x;\nDELETE FROM saved;\n"
                         "COMMIT;\n"));
  assert_non_null(j);
  assert_null(strstr(j, "DELETE FROM saved"));
  free(s);
  free(j);
  /* a database psql's \connect cannot name: commented out, never run
   * in the database before it */
  dms_item_set(r, &r->items[0].database, "bad\ndb");
  s = rdsclone_dms_result_render(r, RDSCLONE_FORMAT_SQL);
  assert_non_null(s);
  assert_non_null(strstr(s, "which psql's \\connect cannot name"));
  assert_non_null(strstr(s, "\n-- BEGIN;\n-- ALTER TABLE sales.lines "
                         "ADD CONSTRAINT x;\n-- DELETE FROM saved;\n"
                         "-- COMMIT;\n"));
  assert_null(strstr(s, "\nBEGIN;"));
  free(s);
  rdsclone_dms_result_free(r);
}

static void test_refusals(void **state)
{
  struct rdsclone_options *o = rdsclone_options_new();
  struct rdsclone_dms_result *r = NULL;
  char err[512];
  (void)state;
  assert_non_null(o);
  assert_int_equal(rdsclone_dms_prepare(o, 0, &r, err, sizeof(err)),
                   RDSCLONE_E_USAGE);
  assert_non_null(strstr(err, "needs a source and a target"));
  assert_int_equal(rdsclone_options_set_str(o, RDSCLONE_OPT_SOURCE_URI,
                                            "mysql://a@127.0.0.1:1"), 0);
  assert_int_equal(rdsclone_options_set_str(o, RDSCLONE_OPT_TARGET_URI,
                                            "mysql://a@127.0.0.1:2"), 0);
  /* MySQL/MariaDB is a route of its own (dms_my.c): a closed port is a
   * connection failure, not a refusal */
  assert_int_equal(rdsclone_dms_finish(o, 0, 1, &r, err, sizeof(err)),
                   RDSCLONE_E_CONNECT);
  assert_non_null(strstr(err, "cannot connect"));
  rdsclone_dms_result_free(r);
  r = NULL;
  assert_int_equal(rdsclone_dms_finish(o, -1, 0, &r, err, sizeof(err)),
                   RDSCLONE_E_USAGE);
  assert_non_null(strstr(err, "margin"));
  assert_int_equal(rdsclone_dms_prepare(NULL, 0, &r, err, sizeof(err)),
                   RDSCLONE_E_USAGE);
  rdsclone_options_free(o);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_counts_and_status),
    cmocka_unit_test(test_render),
    cmocka_unit_test(test_script),
    cmocka_unit_test(test_refusals),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
