/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_mysql_privileges.c - the MySQL family's less common privileges,
 * offline from fixtures (fixture_mysql.c): MariaDB 10.11's PUBLIC (and
 * accounts named PUBLIC), PROXY grants, MySQL 8.0's hashes read as hex
 * and partial revokes, role grants a MySQL 8.0 target account cannot
 * make, and grants on objects the target lacks. Asserts exact SQL and
 * skips.
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
#include "core/filter.h"
#include "core/report.h"

#define V8 "8.0.36"
#define VM "10.11.6-MariaDB-0+deb12u1"
#define VM_OLD "10.6.16-MariaDB-0+deb11u1"
#define SHA2 "caching_sha2_password"
#define NATIVE "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19"
#define ROLE "{\"access\":0,\"is_role\":true}"
#define USER_PRIV                                                          \
  "{\"access\":0,\"plugin\":\"mysql_native_password\","                    \
  "\"authentication_string\":\"" NATIVE "\"}"
/* a session account that can grant anything, PROXY included */
#define ADMIN_PRIV "{\"access\":549755813887}"

struct fx {
  struct snapshot src, tgt;
  struct rdsclone_options o;
  struct plan p;
};

static struct fx *fx_new(const char *src_version, const char *tgt_version)
{
  struct fx *f = calloc(1, sizeof(*f));
  assert_non_null(f);
  options_init(&f->o);
  fx_snapshot(&f->src, 1, "admin@127.0.0.1", src_version);
  fx_snapshot(&f->tgt, 0, "admin@127.0.0.1", tgt_version);
  return f;
}

static int setup_maria(void **state)
{
  *state = fx_new(VM, VM);
  return 0;
}

static int setup_maria_old_target(void **state)
{
  *state = fx_new(VM, VM_OLD);
  return 0;
}

static int setup_maria_mysql_target(void **state)
{
  *state = fx_new(VM, V8);
  return 0;
}

static int setup8(void **state)
{
  *state = fx_new(V8, V8);
  return 0;
}

static int teardown(void **state)
{
  struct fx *f = *state;
  plan_release(&f->p);
  snapshot_release(&f->src);
  snapshot_release(&f->tgt);
  free(f);
  return 0;
}

static size_t count_kind(const struct plan *p, enum action_kind k)
{
  size_t i, n = 0;
  for(i = 0; i < p->n; i++)
    n += p->v[i].kind == k;
  return n;
}

/* Index of the skip whose object equals obj; asserts there is one. */
static long expect_skip(const struct plan *p, const char *obj,
                        const char *reason_part)
{
  long i = fx_find(p, obj);
  if(i < 0 || p->v[i].kind != ACT_SKIP) {
    print_error("no skip for: %s\nplan:\n", obj);
    fx_dump(p);
    fail();
  }
  assert_null(p->v[i].sql);
  assert_int_equal(p->v[i].status, STATUS_SKIPPED);
  if(reason_part && !strstr(p->v[i].reason, reason_part)) {
    print_error("skip reason '%s' lacks '%s'\n", p->v[i].reason,
                reason_part);
    fail();
  }
  return i;
}

/* No statement of the plan contains needle. */
static void expect_no_sql(const struct plan *p, const char *needle)
{
  size_t i;
  for(i = 0; i < p->n; i++)
    if(p->v[i].sql && strstr(p->v[i].sql, needle)) {
      print_error("unexpected '%s' in: %s\n", needle, p->v[i].sql);
      fail();
    }
}

/* The target session (admin@127.0.0.1) as the harness makes it: every
 * privilege with GRANT OPTION, and PROXY on any account. */
static void maria_admin(struct fx *f, struct snapshot *s)
{
  fx_maria_user(s, &f->o, "admin", "127.0.0.1", "N", NULL, ADMIN_PRIV, "");
  fx_proxy(s, &f->o, "admin", "127.0.0.1", "", "%", "1");
}

/* ------------------------------------------------------------------ */
/* PUBLIC (MariaDB 10.11+)                                             */

/* What the source holds in every test of PUBLIC: grants to PUBLIC at each
 * level (and a role granted to it), and two ordinary accounts named
 * PUBLIC. The server's PUBLIC row holds its global privileges. */
static void seed_public(struct fx *f, struct snapshot *s)
{
  const struct rdsclone_options *o = &f->o;
  fx_maria_user(s, o, "PUBLIC", "", "Y", "Select_priv",
                "{\"access\":0,\"version_id\":101106,\"is_role\":true}", "");
  fx_maria_db(s, o, "PUBLIC", "", "app", "Select_priv Insert_priv");
  fx_tables_priv(s, o, "PUBLIC", "", "app", "t", "Select");
  fx_columns_priv(s, o, "PUBLIC", "", "app", "t", "a", "Update");
  fx_procs_priv(s, o, "PUBLIC", "", "app", "PROCEDURE", "p", "Execute");
  fx_maria_user(s, o, "r", "", "Y", NULL, ROLE, "");
  fx_roles_mapping(s, o, "PUBLIC", "", "r", "N");
  fx_maria_user(s, o, "PUBLIC", "localhost", "N", NULL, USER_PRIV, "");
  fx_maria_user(s, o, "PUBLIC", "%", "N", NULL, USER_PRIV, "");
  fx_maria_db(s, o, "PUBLIC", "localhost", "app", "Delete_priv");
}

static void test_public_copied(void **state)
{
  struct fx *f = *state;
  long i;
  seed_public(f, &f->src);
  maria_admin(f, &f->tgt);
  fx_plan(&f->src, &f->tgt, &f->o, 0, &f->p);

  i = fx_expect(&f->p, "GRANT SELECT ON *.* TO PUBLIC");
  assert_int_equal(f->p.v[i].kind, ACT_GRANT);
  assert_string_equal(f->p.v[i].object, "PUBLIC on *.*");
  fx_expect(&f->p, "GRANT INSERT, SELECT ON `app`.* TO PUBLIC");
  fx_expect(&f->p, "GRANT SELECT ON `app`.`t` TO PUBLIC");
  fx_expect(&f->p, "GRANT UPDATE (`a`) ON `app`.`t` TO PUBLIC");
  fx_expect(&f->p, "GRANT EXECUTE ON PROCEDURE `app`.`p` TO PUBLIC");
  i = fx_expect(&f->p, "GRANT `r` TO PUBLIC");
  assert_int_equal(f->p.v[i].kind, ACT_GRANT_ROLE);
  /* accounts named PUBLIC are accounts */
  fx_expect(&f->p, "CREATE USER `PUBLIC`@`localhost` IDENTIFIED VIA "
            "`mysql_native_password` USING '" NATIVE "'");
  fx_expect(&f->p, "CREATE USER `PUBLIC`@`%` IDENTIFIED VIA "
            "`mysql_native_password` USING '" NATIVE "'");
  fx_expect(&f->p, "GRANT DELETE ON `app`.* TO `PUBLIC`@`localhost`");
  fx_expect(&f->p, "CREATE ROLE `r`");
  /* the server owns PUBLIC */
  expect_no_sql(&f->p, "ROLE `PUBLIC`");
  expect_no_sql(&f->p, "ROLE PUBLIC");
  assert_int_equal(count_kind(&f->p, ACT_CREATE_ROLE), 1);
  assert_int_equal(count_kind(&f->p, ACT_CREATE_USER), 2);
  assert_int_equal(f->p.n, 10);
}

/* Grants to PUBLIC only on the target are revoked (PUBLIC exists on
 * both); with --prune, PUBLIC is still never dropped. */
static void test_public_revoked_never_dropped(void **state)
{
  struct fx *f = *state;
  long i;
  /* the source has no PUBLIC row at all: nothing was ever granted */
  maria_admin(f, &f->src);
  seed_public(f, &f->tgt);
  maria_admin(f, &f->tgt);
  fx_plan(&f->src, &f->tgt, &f->o, 1, &f->p);

  i = fx_expect(&f->p, "REVOKE SELECT ON *.* FROM PUBLIC");
  assert_true(f->p.v[i].destructive);
  fx_expect(&f->p, "REVOKE INSERT, SELECT ON `app`.* FROM PUBLIC");
  fx_expect(&f->p, "REVOKE SELECT ON `app`.`t` FROM PUBLIC");
  fx_expect(&f->p, "REVOKE UPDATE (`a`) ON `app`.`t` FROM PUBLIC");
  fx_expect(&f->p, "REVOKE EXECUTE ON PROCEDURE `app`.`p` FROM PUBLIC");
  fx_expect(&f->p, "REVOKE `r` FROM PUBLIC");
  fx_expect(&f->p, "DROP USER `PUBLIC`@`localhost`");
  fx_expect(&f->p, "DROP USER `PUBLIC`@`%`");
  fx_expect(&f->p, "DROP ROLE `r`");
  expect_no_sql(&f->p, "DROP ROLE `PUBLIC`");
  expect_no_sql(&f->p, "DROP ROLE PUBLIC");
  assert_int_equal(count_kind(&f->p, ACT_DROP_ROLE), 1);
}

/* PUBLIC exists on every 10.11+ server: one side with its (empty) row,
 * the other without, is no difference; before 10.11 there is none. */
static void test_public_synthesized(void **state)
{
  struct fx *f = *state;
  struct rowval k[2] = { { "PUBLIC", 6 }, { "", 0 } };
  struct snapshot old;

  maria_admin(f, &f->src);
  maria_admin(f, &f->tgt);
  fx_maria_user(&f->tgt, &f->o, "PUBLIC", "", "Y", NULL,
                "{\"access\":0,\"version_id\":101106,\"is_role\":true}", "");
  assert_non_null(rowmap_find(f->src.maps[MT_ACCOUNT], k));
  assert_int_equal(fx_diff_count(&f->src, &f->tgt), 0);

  fx_snapshot(&old, 0, "admin@127.0.0.1", VM_OLD);
  fx_maria_user(&old, &f->o, "admin", "127.0.0.1", "N", NULL, ADMIN_PRIV,
                "");
  assert_null(rowmap_find(old.maps[MT_ACCOUNT], k));
  snapshot_release(&old);

  /* excluded by a pattern, it is not there either */
  {
    struct snapshot s;
    const char *excl[] = { "PUBLIC@" };
    struct rdsclone_options o = f->o;
    o.exclude = excl;
    o.nexclude = 1;
    fx_snapshot(&s, 1, "admin@127.0.0.1", VM);
    fx_maria_user(&s, &o, "PUBLIC", "", "Y", "Select_priv", ROLE, "");
    assert_null(rowmap_find(s.maps[MT_ACCOUNT], k));
    assert_int_equal(s.maps[MT_PRIV_GLOBAL]->count, 0);
    snapshot_release(&s);
  }
}

/* A target without PUBLIC (MariaDB before 10.11, MySQL): every grant to
 * PUBLIC is a skip saying so, found before anything runs; the accounts
 * named PUBLIC are still created. */
static void check_no_public_target(struct fx *f)
{
  size_t i, skips = 0;
  seed_public(f, &f->src);
  fx_plan(&f->src, &f->tgt, &f->o, 0, &f->p);
  expect_skip(&f->p, "PUBLIC on *.*", "has no PUBLIC");
  expect_skip(&f->p, "PUBLIC on `app`.*", "MariaDB 10.11");
  expect_skip(&f->p, "PUBLIC on `app`.`t`", "has no PUBLIC");
  expect_skip(&f->p, "PUBLIC on PROCEDURE `app`.`p`", "has no PUBLIC");
  expect_skip(&f->p, "'r' to PUBLIC", "has no PUBLIC");
  for(i = 0; i < f->p.n; i++)
    if(f->p.v[i].kind == ACT_SKIP) {
      skips++;
      assert_non_null(strstr(f->p.v[i].reason, f->tgt.server_version));
    }
  expect_no_sql(&f->p, "TO PUBLIC");
  /* global, db, table, column, routine, role grant */
  assert_int_equal(skips, 6);
  assert_true(fx_find(&f->p, "GRANT DELETE ON `app`.* TO "
                             "`PUBLIC`@`localhost`") >= 0);
}

static void test_public_old_target(void **state)
{
  check_no_public_target(*state);
}

static void test_public_mysql_target(void **state)
{
  check_no_public_target(*state);
}

/* ------------------------------------------------------------------ */
/* PROXY                                                               */

static void test_proxy_create(void **state)
{
  struct fx *f = *state;
  const struct rdsclone_options *o = &f->o;
  struct snapshot *s = &f->src;
  long i, create, grant;

  fx_maria_user(s, o, "u", "%", "N", NULL, USER_PRIV, "");
  fx_maria_user(s, o, "v", "%", "N", NULL, USER_PRIV, "");
  fx_maria_user(s, o, "root", "localhost", "N", NULL, USER_PRIV, "");
  fx_proxy(s, o, "u", "%", "app", "10.%", "1");
  fx_proxy(s, o, "v", "%", "app", "10.%", "0");
  /* the server's own: mysql_install_db's root rows */
  fx_proxy(s, o, "root", "localhost", "", "", "1");
  fx_proxy(s, o, "root", "vm", "", "", "1");
  /* reserved accounts on either side */
  fx_proxy(s, o, "rdsadmin", "localhost", "", "%", "1");
  fx_proxy(s, o, "v", "%", "rdsadmin", "localhost", "0");
  assert_int_equal(s->maps[MT_PRIV_PROXY]->count, 2);
  maria_admin(f, &f->tgt);
  fx_maria_user(&f->tgt, o, "root", "localhost", "N", NULL, USER_PRIV, "");
  fx_plan(s, &f->tgt, o, 0, &f->p);

  grant = fx_expect(&f->p, "GRANT PROXY ON `app`@`10.%` TO `u`@`%` WITH "
                    "GRANT OPTION");
  assert_int_equal(f->p.v[grant].kind, ACT_GRANT);
  assert_false(f->p.v[grant].destructive);
  assert_string_equal(f->p.v[grant].object,
                      "PROXY on 'app'@'10.%' to 'u'@'%'");
  assert_string_equal(f->p.v[grant].reason, "missing on target");
  i = fx_expect(&f->p, "GRANT PROXY ON `app`@`10.%` TO `v`@`%`");
  create = fx_expect(&f->p, "CREATE USER `u`@`%` IDENTIFIED VIA "
                     "`mysql_native_password` USING '" NATIVE "'");
  /* after the accounts are created */
  assert_true(create < grant && create < i);
  expect_no_sql(&f->p, "root");
  expect_no_sql(&f->p, "rdsadmin");
  assert_int_equal(f->p.n, 4);
}

static void test_proxy_revoke_and_grant_option(void **state)
{
  struct fx *f = *state;
  const struct rdsclone_options *o = &f->o;
  struct snapshot *sides[2] = { &f->src, &f->tgt };
  long r, g, i;
  int k;

  for(k = 0; k < 2; k++) {
    fx_maria_user(sides[k], o, "u", "%", "N", NULL, USER_PRIV, "");
    maria_admin(f, sides[k]);
  }
  /* with_grant dropped on the source, added on the source, only on the
   * target; and a proxied host '' (what the server keeps for ''@'') is
   * '%' */
  fx_proxy(&f->src, o, "u", "%", "a", "%", "0");
  fx_proxy(&f->tgt, o, "u", "%", "a", "%", "1");
  fx_proxy(&f->src, o, "u", "%", "b", "%", "1");
  fx_proxy(&f->tgt, o, "u", "%", "b", "%", "0");
  fx_proxy(&f->tgt, o, "u", "%", "c", "%", "0");
  fx_proxy(&f->src, o, "u", "%", "", "", "0");
  fx_proxy(&f->tgt, o, "u", "%", "", "%", "0");
  fx_plan(&f->src, &f->tgt, o, 0, &f->p);

  r = fx_expect(&f->p, "REVOKE PROXY ON `a`@`%` FROM `u`@`%`");
  g = fx_expect(&f->p, "GRANT PROXY ON `a`@`%` TO `u`@`%`");
  assert_true(r < g);
  assert_int_equal(f->p.v[r].phase, f->p.v[g].phase);
  assert_string_equal(f->p.v[g].reason, "differs: with_grant");
  fx_expect(&f->p, "GRANT PROXY ON `b`@`%` TO `u`@`%` WITH GRANT OPTION");
  i = fx_expect(&f->p, "REVOKE PROXY ON `c`@`%` FROM `u`@`%`");
  assert_int_equal(f->p.v[i].kind, ACT_REVOKE);
  assert_true(f->p.v[i].destructive);
  assert_int_equal(f->p.n, 4);
}

/* A target account without PROXY WITH GRANT OPTION (as the harness's
 * admin before the test grants it one) cannot grant PROXY: a skip
 * naming it; on itself it can. */
static void test_proxy_skip_without_right(void **state)
{
  struct fx *f = *state;
  const struct rdsclone_options *o = &f->o;
  long i;

  fx_maria_user(&f->src, o, "u", "%", "N", NULL, USER_PRIV, "");
  fx_proxy(&f->src, o, "u", "%", "app", "%", "0");
  fx_proxy(&f->src, o, "u", "%", "admin", "127.0.0.1", "0");
  fx_maria_user(&f->tgt, o, "admin", "127.0.0.1", "N", NULL, ADMIN_PRIV, "");
  fx_maria_user(&f->tgt, o, "u", "%", "N", NULL, USER_PRIV, "");
  /* a with-grant row for one other account does not help */
  fx_proxy(&f->tgt, o, "admin", "127.0.0.1", "other", "%", "1");
  fx_plan(&f->src, &f->tgt, o, 0, &f->p);
  i = expect_skip(&f->p, "PROXY on 'app'@'%' to 'u'@'%'",
                  "'admin'@'127.0.0.1' lacks PROXY WITH GRANT OPTION");
  (void)i;
  fx_expect(&f->p, "GRANT PROXY ON `admin`@`127.0.0.1` TO `u`@`%`");
  assert_int_equal(f->p.n, 2);
  plan_release(&f->p);

  /* with it on that very user, it can */
  fx_proxy(&f->tgt, o, "admin", "%", "app", "%", "1");
  fx_plan(&f->src, &f->tgt, o, 0, &f->p);
  fx_expect(&f->p, "GRANT PROXY ON `app`@`%` TO `u`@`%`");
  assert_int_equal(count_kind(&f->p, ACT_SKIP), 0);
}

static void test_proxy_to_public(void **state)
{
  struct fx *f = *state;
  const struct rdsclone_options *o = &f->o;
  maria_admin(f, &f->src);
  maria_admin(f, &f->tgt);
  fx_proxy(&f->src, o, "PUBLIC", "", "app", "%", "0");
  fx_plan(&f->src, &f->tgt, o, 0, &f->p);
  fx_expect(&f->p, "GRANT PROXY ON `app`@`%` TO PUBLIC");
  assert_int_equal(f->p.n, 1);
}

/* ------------------------------------------------------------------ */
/* MySQL 8.0: hashes as hex, partial revokes, role administration      */

/* caching_sha2_password's "$A$005$" + 20 raw salt bytes + 43 of hash:
 * bytes that are no valid UTF-8 reach a utf8mb4 session as '?'. */
static const char sha2_raw[] =
  "$A$005$\x81\xfe\x01\xc3\x28\xa0\xa1\x0a\x27\x5c\xf0\x28\x8c\x28\x7f"
  "\x80\xff\x22\x60\x3b"
  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";
static const char sha2_text[] =
  "$A$005$?" "?\x01?(?" "?\x0a\x27\x5c?(?(\x7f?" "?\x22\x60\x3b"
  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";
#define SHA2_RAW_HEX                                                        \
  "0x244124303035"                                                          \
  "2481FE01C328A0A10A275CF0288C287F80FF22603B"                               \
  "6162636465666768696A6B6C6D6E6F707172737475767778797A"                     \
  "4142434445464748494A4B4C4D4E4F5051"

static void test_mysql8_hash_read_as_hex(void **state)
{
  struct fx *f = *state;
  const struct rdsclone_options *o = &f->o;
  long i;
  size_t k;
  char hex[2 * sizeof(sha2_raw) + 1];

  for(k = 0; k < sizeof(sha2_raw) - 1; k++)
    snprintf(hex + 2 * k, 3, "%02X", (unsigned char)sha2_raw[k]);
  fx_mysql8_user_ex(&f->src, o, "u", "%", SHA2, sha2_text, hex, NULL, NULL);
  fx_plan(&f->src, &f->tgt, o, 0, &f->p);
  /* the bytes the server holds, not what the text conversion left */
  i = fx_expect(&f->p, "CREATE USER `u`@`%` IDENTIFIED WITH "
                "`caching_sha2_password` AS " SHA2_RAW_HEX);
  assert_string_equal(f->p.v[i].sql_redacted,
                      "CREATE USER `u`@`%` IDENTIFIED WITH "
                      "`caching_sha2_password` AS '<redacted>'");
  assert_int_equal(f->p.n, 1);
  plan_release(&f->p);

  /* the same hash on the target, its text mangled alike: no drift;
   * and a text mangled otherwise with the same bytes is no drift either */
  fx_mysql8_user_ex(&f->tgt, o, "u", "%", SHA2, "whatever", hex, NULL, NULL);
  assert_int_equal(fx_diff_count(&f->src, &f->tgt), 0);
  {
    /* the dump shows it redacted */
    char *d = dump_render(&f->src, RDSCLONE_FORMAT_JSON, 0);
    assert_non_null(d);
    assert_null(strstr(d, "abcdefghijklmnop"));
    assert_non_null(strstr(d, "<redacted>"));
    free(d);
  }
}

static void test_mysql8_bad_hex_refused(void **state)
{
  struct fx *f = *state;
  struct ingest in;
  struct err e;
  /* a row as fixture_mysql.c shapes it, with a hex that is none */
  static const char *const names[] = {
    "Host", "User", "plugin", "authentication_string",
    "authentication_string_hex"
  };
  const char *vals[] = { "%", "u", SHA2, "x", "4G" };
  unsigned long lens[] = { 1, 1, strlen(SHA2), 1, 2 };
  memset(&e, 0, sizeof(e));
  assert_int_equal(catalog_mysql_begin(&in, &f->src, &f->o,
                                       MQ_ACCOUNTS_MYSQL, names, 5, &e), 0);
  assert_int_not_equal(catalog_mysql_row(&in, vals, lens, &e), 0);
  assert_non_null(strstr(e.msg, "not hex"));
  vals[4] = "414";   /* odd length */
  lens[4] = 3;
  assert_int_not_equal(catalog_mysql_row(&in, vals, lens, &e), 0);
}

#define RESTRICT(db, privs)                                                 \
  "{\"Restrictions\": [{\"Database\": \"" db "\", \"Privileges\": ["        \
  privs "]}]}"

static void mysql8_admin(struct fx *f, struct snapshot *s)
{
  fx_mysql8_user(s, &f->o, "admin", "127.0.0.1", SHA2, "",
                 "Select_priv Insert_priv Update_priv Delete_priv "
                 "Grant_priv Create_user_priv Super_priv", "N", "N", NULL);
}

static void test_partial_revoke_made(void **state)
{
  struct fx *f = *state;
  const struct rdsclone_options *o = &f->o;
  long g, r;
  const struct row *row;
  struct rowval k[3] = { { "u", 1 }, { "%", 1 }, { "mysql", 5 } };

  fx_mysql8_user_ex(&f->src, o, "u", "%", SHA2, "", "",
                    "Select_priv Insert_priv Update_priv",
                    RESTRICT("mysql", "\"UPDATE\", \"insert\""));
  row = rowmap_find(f->src.maps[MT_PARTIAL_REVOKE], k);
  assert_non_null(row);
  assert_string_equal(row_ptr(row, 3), "INSERT,UPDATE");
  mysql8_admin(f, &f->tgt);
  fx_setting(&f->tgt, o, MQ_SETTINGS_MYSQL8, "lower_case_table_names", "0");
  fx_setting(&f->tgt, o, MQ_SETTINGS_MYSQL8, "partial_revokes", "1");
  assert_true(f->tgt.flags & SF_PARTIAL_REVOKES);
  assert_false(f->tgt.flags & SF_LOWER_CASE_NAMES);
  fx_plan(&f->src, &f->tgt, o, 0, &f->p);

  g = fx_expect(&f->p, "GRANT INSERT, SELECT, UPDATE ON *.* TO `u`@`%`");
  r = fx_expect(&f->p, "REVOKE INSERT, UPDATE ON `mysql`.* FROM `u`@`%`");
  assert_true(g < r);   /* the global grant first */
  assert_int_equal(f->p.v[r].kind, ACT_REVOKE);
  assert_true(f->p.v[r].destructive);
  assert_string_equal(f->p.v[r].object, "'u'@'%' on `mysql`.* (partial "
                      "revoke)");
  assert_string_equal(f->p.v[r].reason, "partial revoke missing on target: "
                      "INSERT, UPDATE");
  assert_int_equal(f->p.n, 3);   /* and the CREATE USER */
  plan_release(&f->p);

  /* the same restriction on both: nothing */
  fx_mysql8_user_ex(&f->tgt, o, "u", "%", SHA2, "", "",
                    "Select_priv Insert_priv Update_priv",
                    RESTRICT("mysql", "\"INSERT\", \"UPDATE\""));
  assert_int_equal(fx_diff_count(&f->src, &f->tgt), 0);
}

static void test_partial_revoke_lifted(void **state)
{
  struct fx *f = *state;
  const struct rdsclone_options *o = &f->o;
  long i;
  fx_mysql8_user_ex(&f->src, o, "u", "%", SHA2, "", "",
                    "Select_priv Insert_priv", NULL);
  fx_mysql8_user_ex(&f->tgt, o, "u", "%", SHA2, "", "",
                    "Select_priv Insert_priv",
                    "{\"Password_locking\": {\"failed_login_attempts\": 0},"
                    " \"Restrictions\": [{\"Database\": \"world\", "
                    "\"Privileges\": [\"INSERT\"]}, {\"Database\": \"w`2\","
                    " \"Privileges\": [\"SELECT\"]}]}");
  mysql8_admin(f, &f->tgt);
  fx_plan(&f->src, &f->tgt, o, 0, &f->p);
  i = fx_expect(&f->p, "GRANT INSERT ON `world`.* TO `u`@`%`");
  assert_int_equal(f->p.v[i].kind, ACT_GRANT);
  assert_int_equal(f->p.v[i].phase, PHASE_GRANT);
  assert_string_equal(f->p.v[i].reason,
                      "partial revoke only on target: INSERT");
  fx_expect(&f->p, "GRANT SELECT ON `w``2`.* TO `u`@`%`");
  assert_int_equal(f->p.n, 2);
}

/* A target without partial_revokes=ON refuses the REVOKE: a skip. */
static void test_partial_revoke_off(void **state)
{
  struct fx *f = *state;
  const struct rdsclone_options *o = &f->o;
  fx_mysql8_user_ex(&f->src, o, "u", "%", SHA2, "", "", "Select_priv",
                    RESTRICT("payroll", "\"SELECT\""));
  fx_mysql8_user_ex(&f->tgt, o, "u", "%", SHA2, "", "", "Select_priv",
                    NULL);
  fx_setting(&f->tgt, o, MQ_SETTINGS_MYSQL8, "partial_revokes", "0");
  fx_plan(&f->src, &f->tgt, o, 0, &f->p);
  expect_skip(&f->p, "'u'@'%' on `payroll`.* (partial revoke)",
              "partial_revokes=ON");
  expect_no_sql(&f->p, "REVOKE");
  assert_int_equal(f->p.n, 1);
}

static void test_partial_revoke_malformed(void **state)
{
  struct fx *f = *state;
  struct ingest in;
  struct err e;
  static const char *const names[] = {
    "Host", "User", "plugin", "User_attributes"
  };
  static const char *const bad[] = {
    "[1]", "{\"Restrictions\": 1}",
    "{\"Restrictions\": [{\"Database\": 1, \"Privileges\": []}]}",
    "{\"Restrictions\": [{\"Database\": \"d\", \"Privileges\": [1]}]}",
    "{\"Restrictions\": [{\"Database\": \"d\"}]}", "not json",
    /* a comma would split the stored set into other privileges */
    ("{\"Restrictions\": [{\"Database\": \"d\", \"Privileges\": "
     "[\"SELECT,DROP\"]}]}"),
  };
  size_t i;
  for(i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    const char *vals[] = { "%", "u", SHA2, bad[i] };
    unsigned long lens[] = { 1, 1, strlen(SHA2), strlen(bad[i]) };
    memset(&e, 0, sizeof(e));
    assert_int_equal(catalog_mysql_begin(&in, &f->src, &f->o,
                                         MQ_ACCOUNTS_MYSQL, names, 4, &e), 0);
    assert_int_not_equal(catalog_mysql_row(&in, vals, lens, &e), 0);
    assert_non_null(strstr(e.msg, "'u'@'%'"));
  }
  {
    /* JSON null and no Restrictions: nothing */
    const char *vals[] = { "%", "v", SHA2, "null" };
    unsigned long lens[] = { 1, 1, strlen(SHA2), 4 };
    assert_int_equal(catalog_mysql_row(&in, vals, lens, &e), 0);
    vals[3] = "{\"additional_attribute\": \"x\"}";
    lens[3] = strlen(vals[3]);
    assert_int_equal(catalog_mysql_row(&in, vals, lens, &e), 0);
    assert_int_equal(f->src.maps[MT_PARTIAL_REVOKE]->count, 0);
  }
}

/* MySQL 8.0: without ROLE_ADMIN (or SUPER) and without the role's ADMIN
 * OPTION, the target account cannot grant a role (RDS' master user on
 * early 8.0): the role grant and the SET DEFAULT ROLE that needs it are
 * skips, found before any statement runs. */
static void test_role_admin(void **state)
{
  struct fx *f = *state;
  const struct rdsclone_options *o = &f->o;
  struct snapshot *sides[2] = { &f->src, &f->tgt };
  int k;

  for(k = 0; k < 2; k++) {
    fx_mysql8_user(sides[k], o, "r1", "%", SHA2, "", NULL, "Y", "Y", NULL);
    fx_mysql8_user(sides[k], o, "r2", "%", SHA2, "", NULL, "Y", "Y", NULL);
    fx_mysql8_user(sides[k], o, "u", "%", SHA2, "", NULL, "N", "N", NULL);
  }
  fx_role_edge(&f->src, o, "r1", "%", "u", "%", "N");
  fx_role_edge(&f->src, o, "r2", "%", "u", "%", "N");
  fx_default_role(&f->src, o, "u", "%", "r1", "%");
  fx_role_edge(&f->tgt, o, "r2", "%", "x", "%", "N");   /* target-only */
  fx_mysql8_user(&f->tgt, o, "x", "%", SHA2, "", NULL, "N", "N", NULL);
  fx_mysql8_user(&f->src, o, "x", "%", SHA2, "", NULL, "N", "N", NULL);
  fx_mysql8_user(&f->tgt, o, "admin", "127.0.0.1", SHA2, "",
                 "Select_priv Grant_priv Create_user_priv", "N", "N", NULL);
  fx_plan(&f->src, &f->tgt, o, 0, &f->p);
  expect_skip(&f->p, "'r1'@'%' to 'u'@'%'", "lacks ROLE_ADMIN");
  expect_skip(&f->p, "'r2'@'%' to 'u'@'%'", "'admin'@'127.0.0.1'");
  expect_skip(&f->p, "'r2'@'%' from 'x'@'%'", "lacks ROLE_ADMIN");
  expect_skip(&f->p, "'u'@'%'", "default role");
  assert_int_equal(f->p.n, 4);
  plan_release(&f->p);

  /* the role's ADMIN OPTION suffices for that role */
  fx_role_edge(&f->tgt, o, "r1", "%", "admin", "127.0.0.1", "Y");
  fx_plan(&f->src, &f->tgt, o, 0, &f->p);
  fx_expect(&f->p, "GRANT `r1`@`%` TO `u`@`%`");
  fx_expect(&f->p, "SET DEFAULT ROLE `r1`@`%` TO `u`@`%`");
  expect_skip(&f->p, "'r2'@'%' to 'u'@'%'", "lacks ROLE_ADMIN");
  assert_int_equal(f->p.n, 4);
  plan_release(&f->p);

  /* ROLE_ADMIN: everything */
  fx_global_grant(&f->tgt, o, "admin", "127.0.0.1", "ROLE_ADMIN", "N");
  fx_plan(&f->src, &f->tgt, o, 0, &f->p);
  fx_expect(&f->p, "GRANT `r2`@`%` TO `u`@`%`");
  fx_expect(&f->p, "REVOKE `r2`@`%` FROM `x`@`%`");
  assert_int_equal(count_kind(&f->p, ACT_SKIP), 0);
}

/* ------------------------------------------------------------------ */
/* Objects missing on the target                                       */

static void target_objects(struct fx *f)
{
  struct snapshot *t = &f->tgt;
  const struct rdsclone_options *o = &f->o;
  fx_object(t, o, MQ_OBJ_SCHEMATA, "app", NULL, NULL);
  fx_object(t, o, MQ_OBJ_SCHEMATA, "empty", NULL, NULL);
  fx_object(t, o, MQ_OBJ_TABLES, "app", "t", NULL);
  fx_object(t, o, MQ_OBJ_TABLES, "app", "Mixed", NULL);
  fx_object(t, o, MQ_OBJ_COLUMNS, "app", "t", "a");
  fx_object(t, o, MQ_OBJ_COLUMNS, "app", "t", "camel");
  fx_object(t, o, MQ_OBJ_ROUTINES, "app", "PROCEDURE", "p");
  fx_object(t, o, MQ_OBJ_ROUTINES, "app", "FUNCTION", "f");
}

static void test_missing_objects(void **state)
{
  struct fx *f = *state;
  struct snapshot *s = &f->src;
  const struct rdsclone_options *o = &f->o;
  long i;

  fx_maria_user(s, o, "u", "%", "N", NULL, USER_PRIV, "");
  /* present */
  fx_tables_priv(s, o, "u", "%", "app", "t", "Select");
  fx_columns_priv(s, o, "u", "%", "app", "t", "A", "Select");
  fx_columns_priv(s, o, "u", "%", "app", "t", "CamEL", "Update");
  fx_procs_priv(s, o, "u", "%", "app", "PROCEDURE", "P", "Execute");
  fx_maria_db(s, o, "u", "%", "nodb", "Select_priv");   /* legal anyway */
  /* missing */
  fx_tables_priv(s, o, "u", "%", "app", "gone", "Select,Insert");
  fx_tables_priv(s, o, "u", "%", "app", "mixed", "Select");  /* case */
  fx_columns_priv(s, o, "u", "%", "app", "t", "b", "Select");
  fx_columns_priv(s, o, "u", "%", "app", "t", "c", "Insert");
  fx_procs_priv(s, o, "u", "%", "app", "FUNCTION", "p", "Execute");
  fx_procs_priv(s, o, "u", "%", "nodb", "PROCEDURE", "x", "Execute");
  fx_tables_priv(s, o, "u", "%", "nodb", "t", "Select");
  /* missing, but CREATE makes the server accept it */
  fx_tables_priv(s, o, "u", "%", "app", "later", "Create,Select");
  /* the server's own schemas are not read: their objects are there */
  fx_tables_priv(s, o, "u", "%", "performance_schema", "threads", "Select");
  /* a name whose case only the server can fold: planned */
  fx_procs_priv(s, o, "u", "%", "app", "PROCEDURE", "\xc3\x84" "bc",
                "Execute");
  target_objects(f);
  fx_maria_user(&f->tgt, o, "u", "%", "N", NULL, USER_PRIV, "");
  maria_admin(f, &f->tgt);
  fx_plan(s, &f->tgt, o, 0, &f->p);

  fx_expect(&f->p, "GRANT SELECT ON `app`.`t` TO `u`@`%`");
  fx_expect(&f->p, "GRANT SELECT (`A`), UPDATE (`CamEL`) ON `app`.`t` TO "
            "`u`@`%`");
  fx_expect(&f->p, "GRANT EXECUTE ON PROCEDURE `app`.`P` TO `u`@`%`");
  fx_expect(&f->p, "GRANT SELECT ON `nodb`.* TO `u`@`%`");
  fx_expect(&f->p, "GRANT CREATE, SELECT ON `app`.`later` TO `u`@`%`");
  fx_expect(&f->p, "GRANT EXECUTE ON PROCEDURE `app`.`\xc3\x84" "bc` TO "
            "`u`@`%`");
  fx_expect(&f->p, "GRANT SELECT ON `performance_schema`.`threads` TO "
            "`u`@`%`");
  i = expect_skip(&f->p, "'u'@'%' on `app`.`gone`",
                  "object missing on target");
  assert_string_equal(f->p.v[i].reason, "object missing on target");
  expect_skip(&f->p, "'u'@'%' on `app`.`mixed`", "object missing on target");
  expect_skip(&f->p, "'u'@'%' on `app`.`t` (`b`, `c`)",
              "object missing on target");
  expect_skip(&f->p, "'u'@'%' on FUNCTION `app`.`p`",
              "object missing on target");
  expect_skip(&f->p, "'u'@'%' on PROCEDURE `nodb`.`x`",
              "object missing on target");
  expect_skip(&f->p, "'u'@'%' on `nodb`.`t`", "object missing on target");
  expect_no_sql(&f->p, "gone");
  expect_no_sql(&f->p, "`b`");
  assert_int_equal(count_kind(&f->p, ACT_SKIP), 6);
  assert_int_equal(count_kind(&f->p, ACT_GRANT), 7);
  assert_int_equal(f->p.n, 13);
  plan_release(&f->p);

  /* revokes need no object: a grant on a dropped table is revoked */
  fx_tables_priv(&f->tgt, o, "u", "%", "app", "dropped", "Select");
  fx_plan(s, &f->tgt, o, 0, &f->p);
  fx_expect(&f->p, "REVOKE SELECT ON `app`.`dropped` FROM `u`@`%`");
}

/* lower_case_table_names on the target: database and table names fold */
static void test_missing_objects_folded(void **state)
{
  struct fx *f = *state;
  struct snapshot *s = &f->src;
  const struct rdsclone_options *o = &f->o;

  fx_maria_user(s, o, "u", "%", "N", NULL, USER_PRIV, "");
  fx_tables_priv(s, o, "u", "%", "App", "T", "Select");
  fx_procs_priv(s, o, "u", "%", "App", "PROCEDURE", "p", "Execute");
  fx_tables_priv(s, o, "u", "%", "App", "U", "Select");
  fx_object(&f->tgt, o, MQ_OBJ_SCHEMATA, "app", NULL, NULL);
  fx_object(&f->tgt, o, MQ_OBJ_TABLES, "app", "t", NULL);
  fx_object(&f->tgt, o, MQ_OBJ_ROUTINES, "app", "PROCEDURE", "p");
  fx_setting(&f->tgt, o, MQ_SETTINGS, "lower_case_table_names", "1");
  assert_true(f->tgt.flags & SF_LOWER_CASE_NAMES);
  fx_maria_user(&f->tgt, o, "u", "%", "N", NULL, USER_PRIV, "");
  maria_admin(f, &f->tgt);
  fx_plan(s, &f->tgt, o, 0, &f->p);
  fx_expect(&f->p, "GRANT SELECT ON `App`.`T` TO `u`@`%`");
  fx_expect(&f->p, "GRANT EXECUTE ON PROCEDURE `App`.`p` TO `u`@`%`");
  expect_skip(&f->p, "'u'@'%' on `App`.`U`", "object missing on target");
  assert_int_equal(f->p.n, 3);
}

/* A privilege revoked on a table goes from its columns too (MariaDB and
 * MySQL): no column REVOKE of that kind after it, which the server would
 * refuse (ER_NONEXISTING_TABLE_GRANT); other kinds still go. */
static void test_table_revoke_takes_columns(void **state)
{
  struct fx *f = *state;
  const struct rdsclone_options *o = &f->o;
  struct snapshot *sides[2] = { &f->src, &f->tgt };
  long r, g;
  int k;
  for(k = 0; k < 2; k++) {
    fx_maria_user(sides[k], o, "u", "%", "N", NULL, USER_PRIV, "");
    maria_admin(f, sides[k]);
  }
  fx_tables_priv(&f->src, o, "u", "%", "app", "s", "Insert");
  fx_tables_priv(&f->tgt, o, "u", "%", "app", "t", "Select,Insert");
  fx_columns_priv(&f->tgt, o, "u", "%", "app", "t", "a", "Select,Update");
  fx_tables_priv(&f->tgt, o, "u", "%", "app", "s", "Select,Insert");
  fx_columns_priv(&f->tgt, o, "u", "%", "app", "s", "a", "Select");
  fx_columns_priv(&f->src, o, "u", "%", "app", "s", "b", "Select");
  fx_plan(&f->src, &f->tgt, o, 0, &f->p);
  fx_expect(&f->p, "REVOKE INSERT, SELECT ON `app`.`t` FROM `u`@`%`");
  fx_expect(&f->p, "REVOKE UPDATE (`a`) ON `app`.`t` FROM `u`@`%`");
  r = fx_expect(&f->p, "REVOKE SELECT ON `app`.`s` FROM `u`@`%`");
  /* and a column grant of that kind after the table's revoke */
  g = fx_expect(&f->p, "GRANT SELECT (`b`) ON `app`.`s` TO `u`@`%`");
  assert_true(r < g);
  expect_no_sql(&f->p, "REVOKE SELECT (");
  assert_int_equal(f->p.n, 4);
}

/* Without the target's objects (not read), every object is present. */
static void test_objects_unknown(void **state)
{
  struct fx *f = *state;
  const struct rdsclone_options *o = &f->o;
  fx_maria_user(&f->src, o, "u", "%", "N", NULL, USER_PRIV, "");
  fx_tables_priv(&f->src, o, "u", "%", "app", "gone", "Select");
  assert_null(f->tgt.maps[MX_OBJECT]);
  fx_plan(&f->src, &f->tgt, o, 0, &f->p);
  fx_expect(&f->p, "GRANT SELECT ON `app`.`gone` TO `u`@`%`");
  /* and the source never reads them */
  assert_false(catalog_mysql_applies(&f->src, MQ_OBJ_TABLES));
  assert_true(catalog_mysql_applies(&f->tgt, MQ_OBJ_TABLES));
  assert_true(catalog_mysql_applies(&f->tgt, MQ_PROXIES));
  assert_true(catalog_mysql_applies(&f->tgt, MQ_SETTINGS));
  assert_false(catalog_mysql_applies(&f->tgt, MQ_SETTINGS_MYSQL8));
}

/* The coverage guard, MySQL family: a *_priv column of a newer server
 * ('Y' in mysql.db), a Priv key and an access bit MariaDB added after
 * rdsclone are counted as not compared, never dropped silently; the
 * privileges rdsclone knows on the same rows are still read. */
static void test_unknown_privileges_not_compared(void **state)
{
  struct fx *f = *state;
  static const char *const db_cols[] = {
    "Host", "Db", "User", "Select_priv", "Frobnicate_priv", "Insert_priv"
  };
  const char *db_vals[] = { "%", "app", "u", "Y", "Y", "N" };
  const struct gap *g;
  fx_maria_user(&f->src, &f->o, "u", "%", "N", NULL,
                "{\"access\":1099511627776,\"plugin\":\"mysql_native_password\","
                "\"authentication_string\":\"\",\"version_id\":101106,"
                "\"password_history\":[]}", NULL);
  fx_row(&f->src, &f->o, MQ_DB, db_cols, 6, db_vals);
  assert_int_equal(f->src.not_compared.n, 3);
  g = &f->src.not_compared.v[0];
  assert_string_equal(g->kind, "mysql.global_priv.Priv keys rdsclone does "
                               "not know");
  assert_string_equal(g->example, "'u'@'%': password_history");
  assert_int_equal(g->count, 1);
  g = &f->src.not_compared.v[1];
  assert_string_equal(g->example, "'u'@'%': access bit 40");
  g = &f->src.not_compared.v[2];
  assert_string_equal(g->kind, "privilege columns rdsclone does not know");
  assert_string_equal(g->example, "'u'@'%': Frobnicate_priv");
  assert_string_equal(g->side, "source");
  /* the known column on the same row is a privilege as before */
  assert_int_equal(f->src.maps[MT_PRIV_DB]->count, 1);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_public_copied, setup_maria,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_public_revoked_never_dropped,
                                    setup_maria, teardown),
    cmocka_unit_test_setup_teardown(test_public_synthesized, setup_maria,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_public_old_target,
                                    setup_maria_old_target, teardown),
    cmocka_unit_test_setup_teardown(test_public_mysql_target,
                                    setup_maria_mysql_target, teardown),
    cmocka_unit_test_setup_teardown(test_proxy_create, setup_maria,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_proxy_revoke_and_grant_option,
                                    setup_maria, teardown),
    cmocka_unit_test_setup_teardown(test_proxy_skip_without_right,
                                    setup_maria, teardown),
    cmocka_unit_test_setup_teardown(test_proxy_to_public, setup_maria,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_mysql8_hash_read_as_hex, setup8,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_mysql8_bad_hex_refused, setup8,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_partial_revoke_made, setup8,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_partial_revoke_lifted, setup8,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_partial_revoke_off, setup8,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_partial_revoke_malformed, setup8,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_role_admin, setup8, teardown),
    cmocka_unit_test_setup_teardown(test_missing_objects, setup_maria,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_missing_objects_folded,
                                    setup_maria, teardown),
    cmocka_unit_test_setup_teardown(test_objects_unknown, setup_maria,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_table_revoke_takes_columns,
                                    setup_maria, teardown),
    cmocka_unit_test_setup_teardown(test_unknown_privileges_not_compared,
                                    setup_maria, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
