/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sqlw_expect.h - assertions on a finished sqlw (agent/sqlw.h), shared by
 * the quoting tests of both engines. Include after <cmocka.h>.
 */
#ifndef RDSCLONE_SQLW_EXPECT_H
#define RDSCLONE_SQLW_EXPECT_H

#include <stdlib.h>
#include <string.h>

#include "core/sqlw.h"

/* Finishes w; asserts success; checks sql and (NULL = none) redacted. */
static void expect(struct sqlw *w, const char *sql, const char *red)
{
  char *s = NULL, *r = NULL;
  const char *why = NULL;
  int rc = sqlw_finish(w, &s, &r, &why);
  if(rc)
    print_error("sqlw_finish failed: %s\n", why ? why : "?");
  assert_int_equal(rc, 0);
  assert_non_null(s);
  assert_string_equal(s, sql);
  if(red) {
    assert_non_null(r);
    assert_string_equal(r, red);
  }
  else
    assert_null(r);
  free(s);
  free(r);
}

/* Finishes w; asserts it failed, with why_part (unless NULL) in why. */
static void expect_fail(struct sqlw *w, const char *why_part)
{
  char *s = (char *)1, *r = (char *)1;
  const char *why = NULL;
  assert_int_equal(sqlw_finish(w, &s, &r, &why), -1);
  assert_null(s);
  assert_null(r);
  assert_non_null(why);
  if(why_part)
    assert_non_null(strstr(why, why_part));
}

#endif
