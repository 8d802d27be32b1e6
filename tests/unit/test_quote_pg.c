/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_quote_pg.c - quote_pg (names, literals, secrets, psql's \connect)
 * with the hostile names of STYLE.md section 4.
 *
 * Two paths. Without a connection (conn NULL: unit tests and offline
 * rendering) quote_pg quotes by itself. With one it calls libpq's
 * PQescapeIdentifier / PQescapeLiteral, which need a PGconn but not a
 * live session: a PGconn whose connection failed before any network
 * (an unknown keyword in its connection string) still escapes, by the
 * client encoding libpq starts with (SQL_ASCII, so bytes pass through:
 * UTF-8 validity is quote_pg's own check, made first on both paths).
 * What needs a live UTF8 session (libpq rejecting a broken multi-byte
 * sequence by the server's encoding) is left to the integration tests,
 * which run every name through a real server (pg_hostile_names.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "pg/quote_pg.h"
#include "core/sqlw.h"
#include "sqlw_expect.h"

/* Hostile names and how a double-quoted identifier spells them. */
static const struct { const char *in, *ident; } hostile[] = {
  { "app", "\"app\"" },
  { "MixedCase", "\"MixedCase\"" },
  { "user", "\"user\"" },                         /* a keyword */
  { "Public", "\"Public\"" },
  { "dq\"role", "\"dq\"\"role\"" },
  { "\"", "\"\"\"\"" },
  { "\"\"", "\"\"\"\"\"\"" },
  { "\"; DROP ROLE postgres; --", "\"\"\"; DROP ROLE postgres; --\"" },
  { "o'brien", "\"o'brien\"" },
  { "back\\slash", "\"back\\slash\"" },
  { "space role", "\"space role\"" },
  { " pad ", "\" pad \"" },
  { "pct%role", "\"pct%role\"" },
  { "fmt%s%n", "\"fmt%s%n\"" },
  { "under_score", "\"under_score\"" },
  { "pipe|role", "\"pipe|role\"" },
  { "dollar$role", "\"dollar$role\"" },
  { "$1", "\"$1\"" },
  { "semi;--role", "\"semi;--role\"" },
  { "eq=a,b/c", "\"eq=a,b/c\"" },
  { "new\nline", "\"new\nline\"" },
  { "tab\there", "\"tab\there\"" },
  { "r\xc3\xb4le \xc3\xbcn\xc3\xaf \xe6\x97\xa5\xe6\x9c\xac",
    "\"r\xc3\xb4le \xc3\xbcn\xc3\xaf \xe6\x97\xa5\xe6\x9c\xac\"" },
  { "\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"" },
  { "", "\"\"" },
};

static void test_ident_offline(void **state)
{
  size_t i;
  (void)state;
  for(i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
    struct sqlw w;
    sqlw_init(&w);
    quote_pg_ident(&w, NULL, hostile[i].in);
    expect(&w, hostile[i].ident, NULL);
  }
}

/* NAMEDATALEN - 1 = 63 bytes: ASCII, all quotes (which double), and
 * multi-byte characters filling the limit exactly. */
static void test_ident_max_length(void **state)
{
  char in[64], want[130];
  struct sqlw w;
  size_t i;
  (void)state;
  memset(in, 'm', 63);
  in[63] = 0;
  want[0] = '"';
  memcpy(want + 1, in, 63);
  want[64] = '"';
  want[65] = 0;
  sqlw_init(&w);
  quote_pg_ident(&w, NULL, in);
  expect(&w, want, NULL);

  memset(in, '"', 63);
  want[0] = '"';
  memset(want + 1, '"', 126);
  want[127] = '"';
  want[128] = 0;
  sqlw_init(&w);
  quote_pg_ident(&w, NULL, in);
  expect(&w, want, NULL);

  for(i = 0; i < 21; i++)                 /* 21 x U+65E5, 3 bytes each */
    memcpy(in + 3 * i, "\xe6\x97\xa5", 3);
  in[63] = 0;
  want[0] = '"';
  memcpy(want + 1, in, 63);
  want[64] = '"';
  want[65] = 0;
  sqlw_init(&w);
  quote_pg_ident(&w, NULL, in);
  expect(&w, want, NULL);
}

static void test_rejects_invalid_utf8(void **state)
{
  static const char *const bad[] = {
    "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "ab\xc3", "\xe6\x97",
    "\xf4\x90\x80\x80", "\xff", "\x80", "a\xc3(",
    "\"\xc3",                       /* a quote, then a broken character */
    "\xe6\x97\"; DROP ROLE x; --",  /* a broken character eating a quote */
  };
  size_t i;
  (void)state;
  for(i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    struct sqlw w;
    sqlw_init(&w);
    sqlw_kw(&w, "DROP ROLE ");
    quote_pg_ident(&w, NULL, bad[i]);
    sqlw_kw(&w, " -- sticky: later appends change nothing");
    expect_fail(&w, "name is not valid UTF-8");
    sqlw_init(&w);
    quote_pg_literal(&w, NULL, bad[i]);
    expect_fail(&w, "value is not valid UTF-8");
    sqlw_init(&w);
    quote_pg_secret(&w, NULL, bad[i]);
    expect_fail(&w, "value is not valid UTF-8");
  }
}

static void literal(const char *s, const char *want)
{
  struct sqlw w;
  sqlw_init(&w);
  quote_pg_literal(&w, NULL, s);
  expect(&w, want, NULL);
}

/* Offline literals are for standard_conforming_strings = on (what the
 * server has said since 9.1): only ' doubles, \ is an ordinary byte. */
static void test_literal_offline(void **state)
{
  (void)state;
  literal("plain", "'plain'");
  literal("", "''");
  literal("it's", "'it''s'");
  literal("''", "''''''");
  literal("say \"hi\"", "'say \"hi\"'");
  literal("back\\slash", "'back\\slash'");
  literal("\\'; DROP ROLE x; -- ", "'\\''; DROP ROLE x; -- '");
  literal("%s%n", "'%s%n'");
  literal("$$x$$", "'$$x$$'");
  literal("new\nline", "'new\nline'");
  literal("caf\xc3\xa9 \xe6\x97\xa5", "'caf\xc3\xa9 \xe6\x97\xa5'");
}

static void test_secret(void **state)
{
  struct sqlw w;
  char *s, *r;
  const char *why;
  (void)state;
  sqlw_init(&w);
  sqlw_kw(&w, "ALTER ROLE ");
  quote_pg_ident(&w, NULL, "o'brien");
  sqlw_kw(&w, " PASSWORD ");
  quote_pg_secret(&w, NULL, "SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy");
  expect(&w, "ALTER ROLE \"o'brien\" PASSWORD "
             "'SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy'",
         "ALTER ROLE \"o'brien\" PASSWORD '<redacted>'");
  /* a secret with a quote is quoted, and never reaches the twin */
  sqlw_init(&w);
  quote_pg_secret(&w, NULL, "a'b\\c");
  sqlw_kw(&w, " ");
  quote_pg_literal(&w, NULL, "pub");
  assert_int_equal(sqlw_finish(&w, &s, &r, &why), 0);
  assert_string_equal(s, "'a''b\\c' 'pub'");
  assert_string_equal(r, "'<redacted>' 'pub'");
  assert_null(strstr(r, "a'"));
  free(s);
  free(r);
}

/* A PGconn that never connected: an unknown keyword fails it before any
 * network, yet libpq's escaping works on it. */
static PGconn *offline_conn(void)
{
  PGconn *c = PQconnectdb("rdsclone_no_such_keyword=1");
  assert_non_null(c);
  assert_int_equal(PQstatus(c), CONNECTION_BAD);
  return c;
}

/* With a connection, names go through PQescapeIdentifier: the same text
 * as the offline path, for every hostile name. */
static void test_ident_libpq_matches_offline(void **state)
{
  PGconn *c = offline_conn();
  size_t i;
  (void)state;
  for(i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
    struct sqlw w;
    char *direct = PQescapeIdentifier(c, hostile[i].in,
                                      strlen(hostile[i].in));
    assert_non_null(direct);
    assert_string_equal(direct, hostile[i].ident);
    PQfreemem(direct);
    sqlw_init(&w);
    quote_pg_ident(&w, (struct pg_conn *)c, hostile[i].in);
    expect(&w, hostile[i].ident, NULL);
  }
  PQfinish(c);
}

/* With a connection, literals go through PQescapeLiteral: quotes double,
 * and a value with a backslash becomes " E'...'" with the backslashes
 * doubled (right whatever standard_conforming_strings says); the leading
 * space is libpq's. */
static void test_literal_libpq(void **state)
{
  static const struct { const char *in, *out; } cases[] = {
    { "plain", "'plain'" },
    { "it's", "'it''s'" },
    { "say \"hi\"", "'say \"hi\"'" },
    { "back\\slash", " E'back\\\\slash'" },
    { "\\'; DROP ROLE x; -- ", " E'\\\\''; DROP ROLE x; -- '" },
    { "caf\xc3\xa9", "'caf\xc3\xa9'" },
  };
  PGconn *c = offline_conn();
  size_t i;
  (void)state;
  for(i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct sqlw w;
    sqlw_init(&w);
    quote_pg_literal(&w, (struct pg_conn *)c, cases[i].in);
    expect(&w, cases[i].out, NULL);
    sqlw_init(&w);
    quote_pg_secret(&w, (struct pg_conn *)c, cases[i].in);
    expect(&w, cases[i].out, "'<redacted>'");
  }
  /* UTF-8 is checked before libpq sees the bytes */
  {
    struct sqlw w;
    sqlw_init(&w);
    quote_pg_ident(&w, (struct pg_conn *)c, "ab\xc3");
    expect_fail(&w, "UTF-8");
  }
  PQfinish(c);
}

static void connect_line(const char *db, const char *want)
{
  struct buf b;
  buf_init(&b, BUF_CAP_SMALL);
  assert_int_equal(quote_pg_psql_connect(&b, db), 0);
  assert_string_equal(buf_str(&b), want);
  buf_release(&b);
}

/* psql's \connect as pg_dumpall writes it (appendPsqlMetaConnect). */
static void test_psql_connect(void **state)
{
  static const char *const bad[] = { "new\nline", "cr\rx", "ab\xc3" };
  size_t i;
  (void)state;
  connect_line("shop", "\\connect \"shop\"\n");
  connect_line("Shop_2.x", "\\connect \"Shop_2.x\"\n");
  connect_line("db \"one\" \xc3\xbc",
               "\\connect -reuse-previous=on "
               "\"dbname='db \"\"one\"\" \xc3\xbc'\"\n");
  connect_line("db'two;--", "\\connect -reuse-previous=on "
                            "\"dbname='db\\'two;--'\"\n");
  connect_line("back\\slash", "\\connect -reuse-previous=on "
                              "\"dbname='back\\\\slash'\"\n");
  /* '=' would make psql read a bare argument as a connection string */
  connect_line("host=evil", "\\connect -reuse-previous=on "
                            "\"dbname='host=evil'\"\n");
  for(i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    struct buf b;
    buf_init(&b, BUF_CAP_SMALL);
    assert_int_equal(quote_pg_psql_connect(&b, bad[i]), -1);
    assert_int_equal(b.len, 0);
    buf_release(&b);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_ident_offline),
    cmocka_unit_test(test_ident_max_length),
    cmocka_unit_test(test_rejects_invalid_utf8),
    cmocka_unit_test(test_literal_offline),
    cmocka_unit_test(test_secret),
    cmocka_unit_test(test_ident_libpq_matches_offline),
    cmocka_unit_test(test_literal_libpq),
    cmocka_unit_test(test_psql_connect),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
