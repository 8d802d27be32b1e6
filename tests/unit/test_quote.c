/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_quote.c - quote_mysql (names, literals, secrets), sqlw and
 * utf8_valid, with the hostile names of STYLE.md section 4.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "mysql/quote_mysql.h"
#include "core/sqlw.h"
#include "sqlw_expect.h"

#define L(x) (x), (sizeof(x) - 1)

static void ident(const char *name, size_t len, const char *want)
{
  struct sqlw w;
  sqlw_init(&w);
  quote_mysql_ident(&w, name, len);
  expect(&w, want, NULL);
}

static void test_ident_hostile(void **state)
{
  static const struct { const char *in, *out; } cases[] = {
    { "app", "`app`" },
    { "it's", "`it's`" },
    { "say \"hi\"", "`say \"hi\"`" },
    { "back`tick", "`back``tick`" },
    { "``", "``````" },
    { "`; DROP USER root; -- ", "```; DROP USER root; -- `" },
    { "back\\slash", "`back\\slash`" },
    { "fmt%s%n", "`fmt%s%n`" },
    { "a--b", "`a--b`" },
    { "a;b", "`a;b`" },
    { "new\nline", "`new\nline`" },
    { "user", "`user`" },
    { "MiXeD", "`MiXeD`" },
    { "caf\xc3\xa9", "`caf\xc3\xa9`" },
    { "\xe6\x97\xa5\xe6\x9c\xac", "`\xe6\x97\xa5\xe6\x9c\xac`" },
    { "\xf0\x9f\x98\x80", "`\xf0\x9f\x98\x80`" },
    { "%", "`%`" },
    { "10.0.0.%", "`10.0.0.%`" },
  };
  size_t i;
  (void)state;
  for(i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    ident(cases[i].in, strlen(cases[i].in), cases[i].out);
}

static void test_ident_max_length(void **state)
{
  /* MySQL user names are at most 32 characters, hosts 255, other names
   * 64; a 255-byte all-backtick host doubles to 510 + 2. */
  char in[256], want[513];
  size_t i;
  (void)state;
  memset(in, '`', 255);
  in[255] = 0;
  want[0] = '`';
  memset(want + 1, '`', 510);
  want[511] = '`';
  want[512] = 0;
  ident(in, 255, want);
  for(i = 0; i < 255; i++)
    in[i] = (char)('a' + i % 26);
  {
    char w2[258];
    w2[0] = '`';
    memcpy(w2 + 1, in, 255);
    w2[256] = '`';
    w2[257] = 0;
    ident(in, 255, w2);
  }
}

static void test_ident_rejects(void **state)
{
  static const struct { const char *s; size_t len; const char *why; } bad[] = {
    { "a\0b", 3, "NUL" },
    { "\xc0\xaf", 2, "UTF-8" },            /* overlong '/' */
    { "\xe0\x80\xaf", 3, "UTF-8" },        /* overlong 3-byte */
    { "\xf0\x80\x80\xaf", 4, "UTF-8" },    /* overlong 4-byte */
    { "\xed\xa0\x80", 3, "UTF-8" },        /* surrogate U+D800 */
    { "\xed\xbf\xbf", 3, "UTF-8" },        /* surrogate U+DFFF */
    { "ab\xc3", 3, "UTF-8" },              /* truncated */
    { "\xe6\x97", 2, "UTF-8" },            /* truncated */
    { "\xf4\x90\x80\x80", 4, "UTF-8" },    /* > U+10FFFF */
    { "\xff", 1, "UTF-8" },
    { "\x80", 1, "UTF-8" },                /* lone continuation */
    { "a\xc3(", 3, "UTF-8" },              /* bad continuation */
    { "`\xc3", 2, "UTF-8" },               /* backtick then broken */
  };
  size_t i;
  (void)state;
  for(i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    struct sqlw w;
    sqlw_init(&w);
    sqlw_kw(&w, "DROP USER ");
    quote_mysql_ident(&w, bad[i].s, bad[i].len);
    /* sticky: later appends change nothing */
    sqlw_kw(&w, "@");
    expect_fail(&w, bad[i].why);
  }
}

static void test_account(void **state)
{
  struct sqlw w;
  (void)state;
  sqlw_init(&w);
  quote_mysql_account(&w, L("o'neil@corp"), L("10.%"));
  expect(&w, "`o'neil@corp`@`10.%`", NULL);
}

static void literal(const char *s, size_t len, const char *want)
{
  struct sqlw w;
  sqlw_init(&w);
  quote_mysql_literal(&w, NULL, s, len);
  expect(&w, want, NULL);
}

static void test_literal_offline(void **state)
{
  (void)state;
  literal(L("plain"), "'plain'");
  literal(L(""), "''");
  literal(L("it's"), "'it\\'s'");
  literal(L("say \"hi\""), "'say \\\"hi\\\"'");
  literal(L("back\\slash"), "'back\\\\slash'");
  literal(L("back`tick"), "'back`tick'");
  literal(L("a\0b"), "'a\\0b'");            /* NUL is escaped, not cut */
  literal(L("new\nline\r"), "'new\\nline\\r'");
  literal(L("ctrl\032z"), "'ctrl\\Zz'");
  literal(L("%s%n"), "'%s%n'");
  literal(L("-- ;"), "'-- ;'");
  literal(L("\\'; DROP USER x; -- "), "'\\\\\\'; DROP USER x; -- '");
  literal(L("caf\xc3\xa9"), "'caf\xc3\xa9'");
}

static void test_secret(void **state)
{
  struct sqlw w;
  (void)state;
  /* printable: quoted literal; twin redacted */
  sqlw_init(&w);
  sqlw_kw(&w, "SET PASSWORD FOR `u`@`%` = ");
  quote_mysql_secret(&w, NULL, L("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19"));
  expect(&w, "SET PASSWORD FOR `u`@`%` = "
             "'*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19'",
         "SET PASSWORD FOR `u`@`%` = '<redacted>'");
  /* printable with quote and backslash: escaped */
  sqlw_init(&w);
  quote_mysql_secret(&w, NULL, L("a'b\\c"));
  expect(&w, "'a\\'b\\\\c'", "'<redacted>'");
  /* raw bytes (caching_sha2_password salt): hex */
  sqlw_init(&w);
  quote_mysql_secret(&w, NULL, L("$A$\x01\x7f\x80\xff\n"));
  expect(&w, "0x244124017F80FF0A", "'<redacted>'");
  /* empty secret is printable: '' */
  sqlw_init(&w);
  quote_mysql_secret(&w, NULL, L(""));
  expect(&w, "''", "'<redacted>'");
  /* a secret never leaks into the twin around other text */
  sqlw_init(&w);
  sqlw_kw(&w, "A ");
  quote_mysql_secret(&w, NULL, L("s3cr3t"));
  sqlw_kw(&w, " B ");
  quote_mysql_literal(&w, NULL, L("pub"));
  {
    char *s, *r;
    const char *why;
    assert_int_equal(sqlw_finish(&w, &s, &r, &why), 0);
    assert_string_equal(s, "A 's3cr3t' B 'pub'");
    assert_string_equal(r, "A '<redacted>' B 'pub'");
    assert_null(strstr(r, "s3cr3t"));
    free(s);
    free(r);
  }
}

static void test_sqlw_number_and_fail(void **state)
{
  struct sqlw w;
  static const char *const ok[] = { "0", "12", "-12", "3.5", "-0.25" };
  static const char *const bad[] = {
    "", "-", ".5", "5.", "1.2.3", "1e5", "0x10", "1 ", "1;DROP", "--1"
  };
  size_t i;
  (void)state;
  for(i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
    sqlw_init(&w);
    sqlw_number(&w, ok[i], strlen(ok[i]));
    expect(&w, ok[i], NULL);
  }
  for(i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    sqlw_init(&w);
    sqlw_number(&w, bad[i], strlen(bad[i]));
    expect_fail(&w, "number");
  }
  /* the first failure wins */
  sqlw_init(&w);
  sqlw_fail(&w, "first");
  sqlw_fail(&w, "second");
  expect_fail(&w, "first");
  /* release without finish is fine */
  sqlw_init(&w);
  sqlw_kw(&w, "X");
  sqlw_release(&w);
}

static void test_utf8_valid(void **state)
{
  (void)state;
  assert_true(utf8_valid(L("")));
  assert_true(utf8_valid(L("ascii")));
  assert_true(utf8_valid(L("\xc2\x80")));            /* U+0080 */
  assert_true(utf8_valid(L("\xdf\xbf")));            /* U+07FF */
  assert_true(utf8_valid(L("\xe0\xa0\x80")));        /* U+0800 */
  assert_true(utf8_valid(L("\xed\x9f\xbf")));        /* U+D7FF */
  assert_true(utf8_valid(L("\xee\x80\x80")));        /* U+E000 */
  assert_true(utf8_valid(L("\xef\xbf\xbf")));        /* U+FFFF */
  assert_true(utf8_valid(L("\xf0\x90\x80\x80")));    /* U+10000 */
  assert_true(utf8_valid(L("\xf4\x8f\xbf\xbf")));    /* U+10FFFF */
  assert_false(utf8_valid(L("\xc1\xbf")));
  assert_false(utf8_valid(L("\xe0\x9f\xbf")));
  assert_false(utf8_valid(L("\xf0\x8f\xbf\xbf")));
  assert_false(utf8_valid(L("\xed\xa0\x80")));
  assert_false(utf8_valid(L("\xf4\x90\x80\x80")));
  assert_false(utf8_valid(L("\xf5\x80\x80\x80")));
  assert_false(utf8_valid(L("\xc2")));
  assert_false(utf8_valid(L("\xe0\xa0")));
  assert_false(utf8_valid(L("\xf0\x90\x80")));
  assert_false(utf8_valid(L("\xc2\xc2\x80")));
  /* length-delimited: a valid prefix of an invalid buffer */
  assert_true(utf8_valid("ab\xff", 2));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_ident_hostile),
    cmocka_unit_test(test_ident_max_length),
    cmocka_unit_test(test_ident_rejects),
    cmocka_unit_test(test_account),
    cmocka_unit_test(test_literal_offline),
    cmocka_unit_test(test_secret),
    cmocka_unit_test(test_sqlw_number_and_fail),
    cmocka_unit_test(test_utf8_valid),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
