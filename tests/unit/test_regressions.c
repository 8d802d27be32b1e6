/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_known_bugs.c - cases that show real bugs in agent/ and common/.
 * They FAIL until the code is fixed (CTest unit_known_bugs, WILL_FAIL
 * false); each case prints the bug, where it is and the proposed fix.
 * When a fix lands, its case passes; move it to its module's program.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture_mysql.h"
#include "numparse.h"
#include "mysql/quote_mysql.h"

#define SHA2 "caching_sha2_password"
#define NATIVE "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19"

static void bug(const char *text)
{
  print_message("KNOWN BUG: %s\n", text);
}

/* MySQL has no REVOKE ADMIN OPTION FOR, so render_role_grant() revokes
 * the role and grants it again. But the REVOKE gets PHASE_REVOKE_ROLE
 * (55) and the GRANT PHASE_GRANT_ROLE (30); plan_build() sorts by phase,
 * so the GRANT (a no-op: the role is still granted) runs first and the
 * REVOKE last: the account ends up without the role. */
static void test_mysql_admin_option_revoke_order(void **state)
{
  struct snapshot src, tgt;
  struct rdsclone_options o;
  struct plan p;
  long rv, gr;
  (void)state;
  bug("agent/render_mysql.c render_role_grant(): MySQL admin-option "
      "removal plans GRANT (phase 30) before REVOKE (phase 55), so the "
      "role is lost. Fix: emit both statements with the same phase "
      "(e.g. pass PHASE_REVOKE_ROLE to the re-grant: role_statement() "
      "needs a phase argument) so seq keeps REVOKE then GRANT.");
  options_init(&o);
  fx_snapshot(&src, 1, "admin@%", "8.0.36");
  fx_snapshot(&tgt, 0, "admin@%", "8.0.36");
  fx_mysql8_user(&src, &o, "r1", "%", SHA2, "", NULL, "Y", "N", NULL);
  fx_mysql8_user(&src, &o, "u", "%", SHA2, "", NULL, "N", "N", NULL);
  fx_role_edge(&src, &o, "r1", "%", "u", "%", "N");
  fx_mysql8_user(&tgt, &o, "r1", "%", SHA2, "", NULL, "Y", "N", NULL);
  fx_mysql8_user(&tgt, &o, "u", "%", SHA2, "", NULL, "N", "N", NULL);
  fx_role_edge(&tgt, &o, "r1", "%", "u", "%", "Y");
  fx_plan(&src, &tgt, &o, 0, &p);
  fx_dump(&p);
  rv = fx_expect(&p, "REVOKE `r1`@`%` FROM `u`@`%`");
  gr = fx_expect(&p, "GRANT `r1`@`%` TO `u`@`%`");
  assert_int_equal(p.n, 2);
  plan_release(&p);
  snapshot_release(&src);
  snapshot_release(&tgt);
  assert_true(rv < gr);
}

/* MariaDB's "access" of an account with every privilege (Debian's
 * root@localhost, mysql_install_db) is 18446744073709551615; cJSON gives
 * 1.8446744e19 as a double, which the "a < 1.8e19" guard turns into 0, so
 * no privilege of bits 30+ (CONNECTION ADMIN, BINLOG ADMIN, ...) is
 * noted for the session account and can_grant() skips them wrongly. */
static void test_mariadb_all_access_bits(void **state)
{
  struct snapshot src, tgt;
  struct rdsclone_options o;
  struct plan p;
  long g;
  size_t i;
  (void)state;
  bug("agent/catalog_mysql.c account_row(): access >= 1.8e19 (e.g. "
      "18446744073709551615 = all privileges) becomes 0, so CONNECTION "
      "ADMIN & co. of the target's own account are missed and grants of "
      "them are planned as skips. Fix: if a >= 18446744073709551615.0 "
      "then bits = ~0ULL, else if a > 0 bits = (unsigned long long)a.");
  options_init(&o);
  fx_snapshot(&src, 1, "root@localhost", "10.11.6-MariaDB");
  fx_snapshot(&tgt, 0, "root@localhost", "10.11.6-MariaDB");
  fx_maria_user(&tgt, &o, "root", "localhost", "N",
                "Select_priv Insert_priv Update_priv Delete_priv "
                "Create_priv Drop_priv Reload_priv Shutdown_priv "
                "Process_priv File_priv Grant_priv Super_priv",
                "{\"access\":18446744073709551615,"
                "\"plugin\":\"mysql_native_password\","
                "\"authentication_string\":\"invalid\","
                "\"auth_or\":[{},{\"plugin\":\"unix_socket\"}]}", "");
  fx_maria_user(&src, &o, "u", "%", "N", "Select_priv",
                "{\"access\":4294967297,\"plugin\":"
                "\"mysql_native_password\",\"authentication_string\":\""
                NATIVE "\"}", "");
  fx_plan(&src, &tgt, &o, 0, &p);
  fx_dump(&p);
  g = fx_find(&p, "GRANT CONNECTION ADMIN, SELECT ON *.* TO `u`@`%`");
  for(i = 0; i < p.n; i++)
    if(p.v[i].kind == ACT_SKIP)
      print_message("  skip: %s\n", p.v[i].reason);
  plan_release(&p);
  snapshot_release(&src);
  snapshot_release(&tgt);
  assert_true(g >= 0);
}

/* quote_mysql_ident() builds the quoted name in a BUF_CAP_SMALL buffer
 * and checks only the last append. An append past the cap empties the
 * buffer (buf.h) and later appends succeed, so a name longer than 64 KiB
 * comes out as its tail plus a closing backtick, without the opening
 * one: the tail is outside any quotes (SQL injection). */
static void test_ident_overlong_truncates_quotes(void **state)
{
  static const char tail[] = "x`; DROP USER root; -- ";
  size_t n = BUF_CAP_SMALL + 100, i;
  char *name = malloc(n + sizeof(tail));
  struct sqlw w;
  char *sql = NULL, *red = NULL;
  const char *why = NULL;
  int rc;
  (void)state;
  bug("agent/quote_mysql.c quote_mysql_ident(): only the last buf_addc() "
      "result is checked; a name over 64 KiB loses its head and opening "
      "backtick and its tail lands unquoted. Fix: check every append "
      "(e.g. 'if(buf_addc(...)) { buf_release(&b); sqlw_fail(w, ...); "
      "return; }' in the loop, or reject len > 1024 up front).");
  memset(name, 'a', n);
  memcpy(name + n, tail, sizeof(tail));
  sqlw_init(&w);
  quote_mysql_ident(&w, name, n + sizeof(tail) - 1);
  rc = sqlw_finish(&w, &sql, &red, &why);
  if(!rc) {
    /* if accepted, it must be one balanced quoted name */
    size_t len = strlen(sql), ticks = 0;
    int balanced;
    print_message("  rendered %zu bytes, starts with '%.8s'\n", len, sql);
    for(i = 1; i + 1 < len; i++)
      if(sql[i] == '`')
        ticks++;
    balanced = len >= 2 && sql[0] == '`' && sql[len - 1] == '`' &&
               ticks % 2 == 0;
    free(sql);
    free(red);
    free(name);
    assert_true(balanced);
    return;
  }
  free(name);
}

/* parse_long() rejects leading ' ' and '\t' but strtol() also skips
 * '\n', '\v', '\f', '\r': "\n5" parses as 5, against the contract
 * "whole string". */
static void test_parse_long_leading_whitespace(void **state)
{
  long v = 0;
  (void)state;
  bug("common/numparse.c parse_long(): leading '\\n', '\\r', '\\v', '\\f' "
      "are accepted (strtol skips isspace). Fix: require s[0] to be a "
      "digit or '-' (or '+'): 'if(!s || !(isdigit((unsigned char)*s) || "
      "*s == '-' || *s == '+')) return -1;'");
  assert_int_equal(parse_long("\n5", 0, 10, &v), -1);
  assert_int_equal(parse_long("\r5", 0, 10, &v), -1);
  assert_int_equal(parse_long("\v5", 0, 10, &v), -1);
}

/* mysql.global_grants.WITH_GRANT_OPTION is read but dropped: a dynamic
 * privilege held WITH GRANT OPTION on the source and without it on the
 * target shows no drift, and is never granted with it. */
static void test_key_cmp_shorter_first(void **state)
{
  struct rowval a[] = { { "ab", 2 } }, b[] = { { "ab", 2 }, { NULL, 0 } };
  size_t la, lb;
  char *ka = rowmap_key_encode(a, 1, &la), *kb = rowmap_key_encode(b, 2, &lb);
  int ab, ba, e0;
  (void)state;
  bug("agent/rowmap.c rowmap_key_cmp(): 'return eb - ea;' orders the "
      "shorter tuple LAST (a ended: ea = -1, eb = 0 gives +1). Fix: "
      "'return ea - eb;'. Harmless today (one map's keys all have nkey "
      "parts) but against rowmap.h.");
  ab = rowmap_key_cmp(ka, la, kb, lb);
  ba = rowmap_key_cmp(kb, lb, ka, la);
  e0 = rowmap_key_cmp("", 0, ka, la);
  free(ka);
  free(kb);
  assert_true(ab < 0);
  assert_true(ba > 0);
  assert_true(e0 < 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_mysql_admin_option_revoke_order),
    cmocka_unit_test(test_mariadb_all_access_bits),
    cmocka_unit_test(test_ident_overlong_truncates_quotes),
    cmocka_unit_test(test_parse_long_leading_whitespace),
    cmocka_unit_test(test_key_cmp_shorter_first),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
