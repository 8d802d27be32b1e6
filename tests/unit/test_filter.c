/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_filter.c - user@host patterns and reserved accounts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rdsclone.h"
#include "core/filter.h"
#include "mysql/reserved.h"

static int m(const char *pat, const char *user, const char *host)
{
  const char *why = NULL;
  assert_int_equal(rdsclone_pattern_check(pat, &why), 0);
  return filter_pattern_match(pat, user, strlen(user), host, strlen(host));
}

static void test_check(void **state)
{
  const char *why = NULL;
  (void)state;
  assert_int_equal(rdsclone_pattern_check("", &why), -1);
  assert_non_null(why);
  why = NULL;
  assert_int_equal(rdsclone_pattern_check(NULL, &why), -1);
  assert_non_null(why);
  why = NULL;
  assert_int_equal(rdsclone_pattern_check("app_*", &why), -1);
  assert_non_null(strstr(why, "@"));
  why = NULL;
  assert_int_equal(rdsclone_pattern_check("app@h\\", &why), -1);
  assert_non_null(why);
  why = NULL;
  assert_int_equal(rdsclone_pattern_check("app@h\\\\\\", &why), -1);
  assert_int_equal(rdsclone_pattern_check("app\\@h", &why), -1); /* escaped @ */
  assert_int_equal(rdsclone_pattern_check("app@h\\\\", &why), 0);
  assert_int_equal(rdsclone_pattern_check("@", &why), 0);
  assert_int_equal(rdsclone_pattern_check("a@b@c", &why), 0);
  assert_int_equal(rdsclone_pattern_check("*@*", &why), 0);
}

static void test_match_basic(void **state)
{
  (void)state;
  /* '%' in a pattern is a literal host */
  assert_true(m("app_*@%", "app_x", "%"));
  assert_true(m("app_*@%", "app_", "%"));
  assert_false(m("app_*@%", "app_x", "localhost"));
  assert_false(m("app_*@%", "app_x", "10.0.0.%"));
  assert_false(m("app_*@%", "xapp_x", "%"));
  assert_true(m("app_*@*", "app_x", "localhost"));
  assert_true(m("app_*@*", "app_x", "%"));
  assert_true(m("app_*@*", "app_x", ""));
  assert_false(m("app_*@*", "ap", "%"));
  /* case-sensitive */
  assert_false(m("app_*@*", "APP_x", "%"));
  /* '?' is exactly one byte */
  assert_true(m("u?@h", "u1", "h"));
  assert_false(m("u?@h", "u", "h"));
  assert_false(m("u?@h", "u12", "h"));
  assert_true(m("u??@h", "u\xc3\xa9", "h"));   /* 2-byte UTF-8 = 2 bytes */
  /* '*' empty or any */
  assert_true(m("*@*", "", ""));
  assert_true(m("a*b*c@*", "abc", "h"));
  assert_true(m("a*b*c@*", "aXXbYYc", "h"));
  assert_false(m("a*b*c@*", "aXXbYYcd", "h"));
  assert_true(m("*c@*", "abcbc", "h"));
}

static void test_escapes(void **state)
{
  (void)state;
  assert_true(m("a\\*@h", "a*", "h"));
  assert_false(m("a\\*@h", "ab", "h"));
  assert_true(m("a\\?@h", "a?", "h"));
  assert_false(m("a\\?@h", "ab", "h"));
  assert_true(m("a\\\\@h", "a\\", "h"));
  assert_true(m("a\\b@h", "ab", "h"));   /* escaped ordinary byte */
  assert_true(m("*\\*@h", "xyz*", "h"));
  assert_false(m("*\\*@h", "xyz", "h"));
  /* escaped '@' belongs to the user half */
  assert_true(m("a\\@b@h", "a@b", "h"));
  assert_false(m("a\\@b@h", "a", "b@h"));
}

static void test_at_in_user(void **state)
{
  (void)state;
  /* split at the LAST '@': user names may hold '@' */
  assert_true(m("mail@example.com@%", "mail@example.com", "%"));
  assert_false(m("mail@example.com@%", "mail", "example.com@%"));
  assert_true(m("*@*@*", "a@b", "h"));
  assert_false(m("*@*@*", "ab", "h"));
}

static void test_roles_empty_host(void **state)
{
  (void)state;
  assert_true(m("r_*@", "r_admin", ""));
  assert_false(m("r_*@", "r_admin", "%"));
  assert_true(m("r_*@*", "r_admin", ""));
  assert_false(m("r_*@?*", "r_admin", ""));
}

static void test_pathological(void **state)
{
  static char user[20001];
  clock_t t0;
  double secs;
  int i;
  (void)state;
  memset(user, 'a', sizeof(user) - 1);
  t0 = clock();
  for(i = 0; i < 20; i++)
    assert_false(filter_pattern_match("*a*a*a*a*a*a*a*a*b@*", user,
                                      sizeof(user) - 1, "h", 1));
  assert_true(filter_pattern_match("*a*a*a*a*a*a*a*a*a@*", user,
                                   sizeof(user) - 1, "h", 1));
  secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  /* one backtrack point: O(n*m) at worst, far below a second here */
  assert_true(secs < 2.0);
}

static void test_reserved(void **state)
{
  static const char *const yes[] = {
    "rdsadmin", "rdsrepladmin", "mysql.sys", "mysql.session",
    "mysql.infoschema", "mariadb.sys", "rdsproxyadmin", "rds_superuser_role",
    "rdstopmgr"
  };
  /* PUBLIC: MariaDB's grants to PUBLIC are copied, and accounts named
   * PUBLIC ('PUBLIC'@'%') are accounts like any other */
  static const char *const no[] = {
    "rdsadminx", "rdsadmi", "RDSADMIN", "mysql", "mysql.sysx", "", "admin",
    "mariadb", "PUBLIC"
  };
  size_t i;
  (void)state;
  for(i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
    assert_true(reserved_mysql_account(yes[i], strlen(yes[i])));
  for(i = 0; i < sizeof(no) / sizeof(no[0]); i++)
    assert_false(reserved_mysql_account(no[i], strlen(no[i])));
  /* length-delimited: a prefix of a longer buffer */
  assert_true(reserved_mysql_account("rdsadminXYZ", 8));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_check),
    cmocka_unit_test(test_match_basic),
    cmocka_unit_test(test_escapes),
    cmocka_unit_test(test_at_in_user),
    cmocka_unit_test(test_roles_empty_host),
    cmocka_unit_test(test_pathological),
    cmocka_unit_test(test_reserved),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
