/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_quote.c - quote_mysql_ident/_literal/_secret (agent/quote_mysql.c)
 * offline (no connection: the same escaping mysql_real_escape_string does
 * with backslash escapes on).
 *
 * Properties: an accepted name is `...` and un-doubling its backticks
 * gives the input back, no NUL, valid UTF-8; a literal is '...' and
 * un-escaping it gives the input back, with no unescaped quote inside; a
 * secret never appears in the redacted twin.
 */
#include "utf8.h"
#include "fuzz_util.h"
#include "mysql/quote_mysql.h"

static void ident(const char *s, size_t len)
{
  struct sqlw w;
  char *sql = NULL, *red = NULL;
  const char *why = NULL;
  size_t i, o, n;

  sqlw_init(&w);
  quote_mysql_ident(&w, s, len);
  if(sqlw_finish(&w, &sql, &red, &why) != 0) {
    FUZZ_CHECK(why != NULL);
    {
      size_t q = 0;
      for(i = 0; i < len; i++)
        q += s[i] == '`';
      FUZZ_CHECK(memchr(s, 0, len) || !utf8_valid(s, len) ||
                 len + q + 2 > BUF_CAP_SMALL - 2);
    }
    return;
  }
  FUZZ_CHECK(red == NULL);
  FUZZ_CHECK(!memchr(s, 0, len) && utf8_valid(s, len));
  n = strlen(sql);
  FUZZ_CHECK(n >= 2 && sql[0] == '`' && sql[n - 1] == '`');
  for(i = 1, o = 0; i < n - 1; i++, o++) {
    if(sql[i] == '`') {
      FUZZ_CHECK(sql[i + 1] == '`' && i + 1 < n - 1);
      i++;
    }
    FUZZ_CHECK(o < len && sql[i] == s[o]);
  }
  FUZZ_CHECK(o == len);
  free(sql);
}

static void literal(const char *s, size_t len)
{
  struct sqlw w;
  char *sql = NULL, *red = NULL;
  const char *why = NULL;
  size_t i, o, n;

  sqlw_init(&w);
  quote_mysql_literal(&w, NULL, s, len);
  if(sqlw_finish(&w, &sql, &red, &why) != 0)
    return;
  n = strlen(sql);
  FUZZ_CHECK(n >= 2 && sql[0] == '\'' && sql[n - 1] == '\'');
  for(i = 1, o = 0; i < n - 1; i++, o++) {
    char c = sql[i];
    FUZZ_CHECK(c != '\'');
    if(c == '\\') {
      FUZZ_CHECK(i + 1 < n - 1);
      switch(sql[++i]) {
      case '0': c = 0; break;
      case 'n': c = '\n'; break;
      case 'r': c = '\r'; break;
      case 'Z': c = '\032'; break;
      default: c = sql[i]; break;
      }
    }
    FUZZ_CHECK(o < len && c == s[o]);
  }
  FUZZ_CHECK(o == len);
  free(sql);
  free(red);
}

static void secret(const char *s, size_t len)
{
  struct sqlw w;
  char *sql = NULL, *red = NULL;
  const char *why = NULL;

  sqlw_init(&w);
  sqlw_kw(&w, "ALTER USER x IDENTIFIED BY ");
  quote_mysql_secret(&w, NULL, s, len);
  if(sqlw_finish(&w, &sql, &red, &why) != 0)
    return;
  FUZZ_CHECK(red != NULL);
  if(len >= 4) {
    /* the secret itself is in the real statement, never in the twin
     * (a secret that is a piece of the twin's fixed text aside) */
    static const char twin[] = "ALTER USER x IDENTIFIED BY '<redacted>'";
    if(!memmem(twin, sizeof(twin) - 1, s, len))
      FUZZ_CHECK(!memmem(red, strlen(red), s, len));
  }
  free(sql);
  free(red);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  ident((const char *)data, size);
  literal((const char *)data, size);
  secret((const char *)data, size);
  return 0;
}
