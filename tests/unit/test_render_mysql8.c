/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_render_mysql8.c - catalog ingest, diff, plan and render for MySQL
 * 8.0 (fixtures shaped like its documented catalog tables, since no 8.0
 * server runs here) and a MariaDB 10.11 variant. Asserts exact SQL.
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

#define V8 "8.0.36"
#define VM "10.11.6-MariaDB"
#define SHA2 "caching_sha2_password"

/* "$A$005$" + 20 raw salt bytes (some >= 0x80, some < 0x20, no NUL, no
 * '$') + 43 characters of hash, as caching_sha2_password stores it. */
static const char sha2_auth[] =
  "$A$005$"
  "\x01\x1f\x7f\x80\xff\x0a\x0d\x27\x5c\x22\xc3\x28\x60\x3b\x2d\x2d\x10"
  "\xfe\x90\x41"
  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";
#define SHA2_HEX                                                            \
  "0x244124303035"                                                          \
  "24011F7F80FF0A0D275C22C328603B2D2D10FE9041"                               \
  "6162636465666768696A6B6C6D6E6F707172737475767778797A"                     \
  "4142434445464748494A4B4C4D4E4F5051"

#define NATIVE "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19"

struct fx {
  struct snapshot src, tgt;
  struct rdsclone_options o;
  struct plan p;
};

static int setup8(void **state)
{
  struct fx *f = calloc(1, sizeof(*f));
  options_init(&f->o);
  fx_snapshot(&f->src, 1, "admin@%", V8);
  fx_snapshot(&f->tgt, 0, "admin@%", V8);
  *state = f;
  return 0;
}

static int setupm(void **state)
{
  struct fx *f = calloc(1, sizeof(*f));
  options_init(&f->o);
  fx_snapshot(&f->src, 1, "admin@%", VM);
  fx_snapshot(&f->tgt, 0, "admin@%", VM);
  *state = f;
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

#define APP_PRIVS "Select_priv Insert_priv Update_priv"

/* The application account u@% with roles r1, r2 and grants at every
 * level, on snapshot s; app_privs: its Y/N columns in mysql.db for `app`
 * (the server holds one row per grantee and database). */
static void seed_u_with(struct snapshot *s, const struct rdsclone_options *o,
                        const char *app_privs)
{
  fx_mysql8_user(s, o, "r1", "%", SHA2, "", NULL, "Y", "Y", NULL);
  fx_mysql8_user(s, o, "r2", "%", SHA2, "", NULL, "Y", "Y", NULL);
  fx_mysql8_user(s, o, "u", "%", SHA2, sha2_auth,
                 "Select_priv Insert_priv", "N", "N", NULL);
  fx_global_grant(s, o, "u", "%", "BACKUP_ADMIN", "N");
  fx_role_edge(s, o, "r1", "%", "u", "%", "N");
  fx_role_edge(s, o, "r2", "%", "u", "%", "N");
  fx_default_role(s, o, "u", "%", "r1", "%");
  fx_default_role(s, o, "u", "%", "r2", "%");
  fx_mysql8_db(s, o, "u", "%", "app", app_privs);
  fx_tables_priv(s, o, "u", "%", "app", "t", "Select,Delete");
  fx_columns_priv(s, o, "u", "%", "app", "t", "a", "Select");
  fx_columns_priv(s, o, "u", "%", "app", "t", "b", "Select,Update");
  fx_procs_priv(s, o, "u", "%", "app", "PROCEDURE", "p",
                "Execute,Alter Routine");
}

static void seed_u(struct snapshot *s, const struct rdsclone_options *o)
{
  seed_u_with(s, o, APP_PRIVS);
}

static void test_ingest_shape(void **state)
{
  struct fx *f = *state;
  struct snapshot *s = &f->src;
  const struct row *r;
  struct rowval k[2] = { { "u", 1 }, { "%", 1 } };
  (void)state;
  seed_u(s, &f->o);
  assert_false(s->is_mariadb);
  assert_int_equal(s->version_id, 80036);
  assert_string_equal(s->current_user, "admin");
  assert_string_equal(s->current_host, "%");
  assert_int_equal(s->maps[MT_ACCOUNT]->count, 3);
  /* SELECT, INSERT (Y/N columns) + BACKUP_ADMIN (global_grants) */
  assert_int_equal(s->maps[MT_PRIV_GLOBAL]->count, 3);
  /* one row per object, its privileges one sorted set */
  assert_int_equal(s->maps[MT_PRIV_DB]->count, 1);
  assert_string_equal(row_ptr(rowmap_first(s->maps[MT_PRIV_DB]), 3),
                      "INSERT,SELECT,UPDATE");
  assert_int_equal(s->maps[MT_PRIV_TABLE]->count, 1);
  assert_string_equal(row_ptr(rowmap_first(s->maps[MT_PRIV_TABLE]), 4),
                      "DELETE,SELECT");
  assert_int_equal(s->maps[MT_PRIV_COLUMN]->count, 2);
  {
    struct rowval b[5] = { { "u", 1 }, { "%", 1 }, { "app", 3 }, { "t", 1 },
                           { "b", 1 } };
    assert_string_equal(row_ptr(rowmap_find(s->maps[MT_PRIV_COLUMN], b), 5),
                        "SELECT,UPDATE");
  }
  assert_int_equal(s->maps[MT_PRIV_ROUTINE]->count, 1);
  assert_string_equal(row_ptr(rowmap_first(s->maps[MT_PRIV_ROUTINE]), 5),
                      "ALTER ROUTINE,EXECUTE");
  assert_int_equal(s->maps[MT_ROLE_GRANT]->count, 2);
  assert_int_equal(s->maps[MT_DEFAULT_ROLE]->count, 2);
  r = rowmap_find(s->maps[MT_ACCOUNT], k);
  assert_non_null(r);
  assert_string_equal(row_ptr(r, AC_IS_ROLE), "N");
  assert_string_equal(row_ptr(r, AC_PASSWORD_LIFETIME), "DEFAULT");
  assert_string_equal(row_ptr(r, AC_ACCOUNT_LOCKED), "N");
  assert_null(row_ptr(r, AC_MAX_STATEMENT_TIME));   /* not in MySQL */
  {
    /* auth is the encoded (plugin, string) chain, raw bytes intact */
    struct rowval parts[4];
    assert_int_equal(rowmap_key_decode(row_ptr(r, AC_AUTH),
                                       row_len(r, AC_AUTH), parts, 4), 2);
    assert_int_equal(parts[0].len, strlen(SHA2));
    assert_memory_equal(parts[0].ptr, SHA2, parts[0].len);
    assert_int_equal(parts[1].len, sizeof(sha2_auth) - 1);
    assert_memory_equal(parts[1].ptr, sha2_auth, parts[1].len);
  }
}

static void test_create_everything(void **state)
{
  struct fx *f = *state;
  long i;
  seed_u(&f->src, &f->o);
  fx_plan(&f->src, &f->tgt, &f->o, 0, &f->p);

  i = fx_expect(&f->p, "CREATE USER `u`@`%` IDENTIFIED WITH "
                "`caching_sha2_password` AS " SHA2_HEX);
  assert_int_equal(f->p.v[i].kind, ACT_CREATE_USER);
  assert_non_null(f->p.v[i].sql_redacted);
  assert_string_equal(f->p.v[i].sql_redacted,
                      "CREATE USER `u`@`%` IDENTIFIED WITH "
                      "`caching_sha2_password` AS '<redacted>'");
  assert_false(f->p.v[i].destructive);
  /* roles of MySQL 8.0 are locked accounts: created as such */
  i = fx_expect(&f->p, "CREATE USER `r1`@`%` IDENTIFIED WITH "
                "`caching_sha2_password` ACCOUNT LOCK");
  assert_null(f->p.v[i].sql_redacted);
  fx_expect(&f->p, "ALTER USER `r1`@`%` PASSWORD EXPIRE");
  fx_expect(&f->p, "CREATE USER `r2`@`%` IDENTIFIED WITH "
            "`caching_sha2_password` ACCOUNT LOCK");

  i = fx_expect(&f->p, "GRANT `r1`@`%` TO `u`@`%`");
  assert_int_equal(f->p.v[i].kind, ACT_GRANT_ROLE);
  fx_expect(&f->p, "GRANT `r2`@`%` TO `u`@`%`");
  /* one GRANT per object; dynamic privilege alongside static ones */
  i = fx_expect(&f->p, "GRANT BACKUP_ADMIN, INSERT, SELECT ON *.* TO "
                "`u`@`%`");
  assert_int_equal(f->p.v[i].kind, ACT_GRANT);
  fx_expect(&f->p, "GRANT INSERT, SELECT, UPDATE ON `app`.* TO `u`@`%`");
  fx_expect(&f->p, "GRANT DELETE, SELECT ON `app`.`t` TO `u`@`%`");
  fx_expect(&f->p, "GRANT SELECT (`a`, `b`), UPDATE (`b`) ON `app`.`t` "
            "TO `u`@`%`");
  fx_expect(&f->p, "GRANT ALTER ROUTINE, EXECUTE ON PROCEDURE `app`.`p` "
            "TO `u`@`%`");
  i = fx_expect(&f->p, "SET DEFAULT ROLE `r1`@`%`, `r2`@`%` TO `u`@`%`");
  assert_int_equal(f->p.v[i].kind, ACT_SET_DEFAULT_ROLE);
  fx_expect(&f->p, "ALTER USER `r2`@`%` PASSWORD EXPIRE");
  assert_int_equal(f->p.n, 13);
  /* nothing destructive, and no secret in any redacted twin */
  for(i = 0; i < (long)f->p.n; i++) {
    assert_false(f->p.v[i].destructive);
    if(f->p.v[i].sql_redacted)
      assert_null(strstr(f->p.v[i].sql_redacted, "0x"));
  }
}

static void test_identical_is_empty(void **state)
{
  struct fx *f = *state;
  seed_u(&f->src, &f->o);
  seed_u(&f->tgt, &f->o);
  assert_int_equal(fx_diff_count(&f->src, &f->tgt), 0);
  fx_plan(&f->src, &f->tgt, &f->o, 1, &f->p);
  assert_int_equal(f->p.n, 0);
}

/* Same privileges, other row order and SET order on the target. */
static void test_set_equality(void **state)
{
  struct fx *f = *state;
  struct snapshot *t = &f->tgt;
  const struct rdsclone_options *o = &f->o;
  seed_u(&f->src, o);

  fx_procs_priv(t, o, "u", "%", "app", "PROCEDURE", "p",
                "Alter Routine,Execute");
  fx_columns_priv(t, o, "u", "%", "app", "t", "b", "Update,Select");
  fx_columns_priv(t, o, "u", "%", "app", "t", "a", "Select");
  fx_tables_priv(t, o, "u", "%", "app", "t", "Delete,Select");
  fx_mysql8_db(t, o, "u", "%", "app", "Update_priv Insert_priv Select_priv");
  fx_default_role(t, o, "u", "%", "r2", "%");
  fx_default_role(t, o, "u", "%", "r1", "%");
  fx_role_edge(t, o, "r2", "%", "u", "%", "N");
  fx_role_edge(t, o, "r1", "%", "u", "%", "N");
  fx_global_grant(t, o, "u", "%", "BACKUP_ADMIN", "N");
  fx_mysql8_user(t, o, "u", "%", SHA2, sha2_auth,
                 "Insert_priv Select_priv", "N", "N", NULL);
  fx_mysql8_user(t, o, "r2", "%", SHA2, "", NULL, "Y", "Y", NULL);
  fx_mysql8_user(t, o, "r1", "%", SHA2, "", NULL, "Y", "Y", NULL);
  assert_int_equal(fx_diff_count(&f->src, t), 0);
}

/* Privileges only on the target are revoked, one REVOKE per object. */
static void test_revoke_target_only(void **state)
{
  struct fx *f = *state;
  struct snapshot *t = &f->tgt;
  const struct rdsclone_options *o = &f->o;
  long i;
  seed_u(&f->src, o);
  seed_u_with(t, o, APP_PRIVS " Drop_priv Delete_priv");
  fx_mysql8_db(t, o, "u", "%", "other", "Select_priv Grant_priv");
  fx_global_grant(t, o, "u", "%", "XA_RECOVER_ADMIN", "N");
  fx_plan(&f->src, t, o, 0, &f->p);
  i = fx_expect(&f->p, "REVOKE DELETE, DROP ON `app`.* FROM `u`@`%`");
  assert_int_equal(f->p.v[i].kind, ACT_REVOKE);
  assert_true(f->p.v[i].destructive);
  fx_expect(&f->p, "REVOKE SELECT ON `other`.* FROM `u`@`%`");
  fx_expect(&f->p, "REVOKE GRANT OPTION ON `other`.* FROM `u`@`%`");
  fx_expect(&f->p, "REVOKE XA_RECOVER_ADMIN ON *.* FROM `u`@`%`");
  assert_int_equal(f->p.n, 4);
}

/* Admin option added on the source: GRANT ... WITH ADMIN OPTION. (The
 * reverse, which MySQL can only do by REVOKE then GRANT, is in
 * test_known_bugs.c.) */
static void test_role_admin_option_add(void **state)
{
  struct fx *f = *state;
  struct snapshot *t = &f->tgt;
  const struct rdsclone_options *o = &f->o;
  fx_mysql8_user(&f->src, o, "r1", "%", SHA2, "", NULL, "Y", "N", NULL);
  fx_mysql8_user(&f->src, o, "u", "%", SHA2, sha2_auth, NULL, "N", "N", NULL);
  fx_role_edge(&f->src, o, "r1", "%", "u", "%", "Y");
  fx_mysql8_user(t, o, "r1", "%", SHA2, "", NULL, "Y", "N", NULL);
  fx_mysql8_user(t, o, "u", "%", SHA2, sha2_auth, NULL, "N", "N", NULL);
  fx_role_edge(t, o, "r1", "%", "u", "%", "N");
  fx_plan(&f->src, t, o, 0, &f->p);
  fx_expect(&f->p, "GRANT `r1`@`%` TO `u`@`%` WITH ADMIN OPTION");
  assert_int_equal(f->p.n, 1);
}

/* An account only on the target is left alone unless pruning; pruned,
 * its DROP comes after the revokes and carries no revokes of its own. */
static void test_prune(void **state)
{
  struct fx *f = *state;
  struct snapshot *t = &f->tgt;
  const struct rdsclone_options *o = &f->o;
  long drop, rev;
  size_t i;
  seed_u(&f->src, o);
  seed_u_with(t, o, APP_PRIVS " Drop_priv");
  fx_mysql8_user(t, o, "x", "10.0.0.%", "mysql_native_password", NATIVE,
                 "Select_priv Process_priv", "N", "N", "90");
  fx_mysql8_db(t, o, "x", "10.0.0.%", "app", "Select_priv");
  fx_role_edge(t, o, "r1", "%", "x", "10.0.0.%", "N");
  fx_default_role(t, o, "x", "10.0.0.%", "r1", "%");

  fx_plan(&f->src, t, o, 0, &f->p);
  assert_int_equal(f->p.n, 1);
  fx_expect(&f->p, "REVOKE DROP ON `app`.* FROM `u`@`%`");
  for(i = 0; i < f->p.n; i++)
    assert_null(strstr(f->p.v[i].sql, "`x`"));
  plan_release(&f->p);

  fx_plan(&f->src, t, o, 1, &f->p);
  rev = fx_expect(&f->p, "REVOKE DROP ON `app`.* FROM `u`@`%`");
  drop = fx_expect(&f->p, "DROP USER `x`@`10.0.0.%`");
  assert_int_equal(f->p.v[drop].kind, ACT_DROP_USER);
  assert_true(f->p.v[drop].destructive);
  assert_true(rev < drop);
  assert_int_equal(drop, (long)f->p.n - 1);
  assert_int_equal(f->p.n, 2);
}

/* The target's own account lacks SUPER: that grant becomes a skip naming
 * the account, the rest is still granted. */
static void test_skip_without_super(void **state)
{
  struct fx *f = *state;
  struct snapshot *t = &f->tgt;
  const struct rdsclone_options *o = &f->o;
  long i;
  size_t k, skips = 0;

  fx_mysql8_user(t, o, "admin", "%", SHA2, sha2_auth,
                 "Select_priv Insert_priv Update_priv Delete_priv "
                 "Process_priv Grant_priv Create_user_priv", "N", "N", NULL);
  fx_global_grant(t, o, "admin", "%", "BACKUP_ADMIN", "N");
  fx_mysql8_user(&f->src, o, "u", "%", SHA2, sha2_auth,
                 "Select_priv Super_priv Process_priv", "N", "N", NULL);
  fx_global_grant(&f->src, o, "u", "%", "BACKUP_ADMIN", "N");
  fx_global_grant(&f->src, o, "u", "%", "SYSTEM_VARIABLES_ADMIN", "N");

  fx_plan(&f->src, t, o, 0, &f->p);
  fx_expect(&f->p, "CREATE USER `u`@`%` IDENTIFIED WITH "
            "`caching_sha2_password` AS " SHA2_HEX);
  fx_expect(&f->p, "GRANT BACKUP_ADMIN, PROCESS, SELECT ON *.* TO `u`@`%`");
  for(k = 0; k < f->p.n; k++) {
    const struct action *a = &f->p.v[k];
    if(a->kind != ACT_SKIP)
      continue;
    skips++;
    assert_null(a->sql);
    assert_int_equal(a->status, STATUS_SKIPPED);
    assert_non_null(strstr(a->reason, "'admin'@'%'"));
    assert_non_null(strstr(a->reason, "SUPER"));
    assert_non_null(strstr(a->reason, "SYSTEM_VARIABLES_ADMIN"));
    assert_non_null(strstr(a->object, "u"));
  }
  assert_int_equal(skips, 1);
  for(k = 0; k < f->p.n; k++)
    if(f->p.v[k].sql)
      assert_null(strstr(f->p.v[k].sql, "SUPER"));
  (void)i;
}

/* The session's own account is never changed, whatever differs. */
static void test_session_account_untouched(void **state)
{
  struct fx *f = *state;
  const struct rdsclone_options *o = &f->o;
  fx_mysql8_user(&f->src, o, "admin", "%", SHA2, sha2_auth,
                 "Select_priv Super_priv", "N", "N", NULL);
  fx_mysql8_user(&f->tgt, o, "admin", "%", SHA2, "other",
                 "Select_priv Grant_priv", "N", "N", NULL);
  assert_int_equal(fx_diff_count(&f->src, &f->tgt), 0);
}

/* Account attribute drift: one ALTER USER with every differing part. */
static void test_alter_user(void **state)
{
  struct fx *f = *state;
  const struct rdsclone_options *o = &f->o;
  long i;
  fx_mysql8_user(&f->src, o, "u", "%", "mysql_native_password", NATIVE,
                 NULL, "Y", "N", "30");
  fx_mysql8_user(&f->tgt, o, "u", "%", "mysql_native_password",
                 "*0000000000000000000000000000000000000000", NULL, "N",
                 "N", NULL);
  fx_plan(&f->src, &f->tgt, o, 0, &f->p);
  i = fx_expect(&f->p, "ALTER USER `u`@`%` IDENTIFIED WITH "
                "`mysql_native_password` AS '" NATIVE "' ACCOUNT LOCK "
                "PASSWORD EXPIRE INTERVAL 30 DAY");
  assert_string_equal(f->p.v[i].sql_redacted,
                      "ALTER USER `u`@`%` IDENTIFIED WITH "
                      "`mysql_native_password` AS '<redacted>' ACCOUNT LOCK "
                      "PASSWORD EXPIRE INTERVAL 30 DAY");
  assert_int_equal(f->p.v[i].kind, ACT_ALTER_USER);
  assert_non_null(strstr(f->p.v[i].reason, "auth"));
  assert_non_null(strstr(f->p.v[i].reason, "account_locked"));
  assert_non_null(strstr(f->p.v[i].reason, "password_lifetime"));
  assert_int_equal(f->p.n, 1);
}

/* Hostile names reach SQL only quoted. */
static void test_hostile_names(void **state)
{
  struct fx *f = *state;
  const struct rdsclone_options *o = &f->o;
  fx_mysql8_user(&f->src, o, "o`k'; --", "%", "mysql_native_password",
                 NATIVE, NULL, "N", "N", NULL);
  fx_mysql8_db(&f->src, o, "o`k'; --", "%", "d`b", "Select_priv");
  fx_plan(&f->src, &f->tgt, o, 0, &f->p);
  fx_expect(&f->p, "CREATE USER `o``k'; --`@`%` IDENTIFIED WITH "
            "`mysql_native_password` AS '" NATIVE "'");
  fx_expect(&f->p, "GRANT SELECT ON `d``b`.* TO `o``k'; --`@`%`");
}

/* ------------------------------------------------------------------ */
/* MariaDB 10.11                                                        */

#define MARIA_PRIV(extra)                                                   \
  "{\"access\":4294967297,\"version_id\":101106,"                          \
  "\"plugin\":\"mysql_native_password\","                                  \
  "\"authentication_string\":\"" NATIVE "\","                               \
  "\"auth_or\":[{},{\"plugin\":\"unix_socket\"}]" extra "}"

static void test_mariadb(void **state)
{
  struct fx *f = *state;
  const struct rdsclone_options *o = &f->o;
  long i;

  assert_true(f->src.is_mariadb);
  assert_int_equal(f->src.version_id, 101106);
  /* access = SELECT (bit 0) | CONNECTION ADMIN (bit 32) */
  fx_maria_user(&f->src, o, "u", "localhost", "N", "Select_priv",
                MARIA_PRIV(",\"account_locked\":true,"
                           "\"password_lifetime\":0"), "r");
  fx_maria_user(&f->src, o, "r", "", "Y", NULL,
                "{\"access\":0,\"version_id\":101106,\"is_role\":true}", "");
  fx_roles_mapping(&f->src, o, "u", "localhost", "r", "N");
  fx_maria_db(&f->src, o, "r", "", "app", "Select_priv Delete_history_priv");

  fx_plan(&f->src, &f->tgt, o, 0, &f->p);
  i = fx_expect(&f->p, "CREATE USER `u`@`localhost` IDENTIFIED VIA "
                "`mysql_native_password` USING '" NATIVE "' OR "
                "`unix_socket` ACCOUNT LOCK PASSWORD EXPIRE NEVER");
  assert_string_equal(f->p.v[i].sql_redacted,
                      "CREATE USER `u`@`localhost` IDENTIFIED VIA "
                      "`mysql_native_password` USING '<redacted>' OR "
                      "`unix_socket` ACCOUNT LOCK PASSWORD EXPIRE NEVER");
  i = fx_expect(&f->p, "CREATE ROLE `r`");
  assert_int_equal(f->p.v[i].kind, ACT_CREATE_ROLE);
  fx_expect(&f->p, "GRANT CONNECTION ADMIN, SELECT ON *.* TO "
            "`u`@`localhost`");
  fx_expect(&f->p, "GRANT `r` TO `u`@`localhost`");
  fx_expect(&f->p, "GRANT DELETE HISTORY, SELECT ON `app`.* TO `r`");
  fx_expect(&f->p, "SET DEFAULT ROLE `r` FOR `u`@`localhost`");
  assert_int_equal(f->p.n, 6);
}

static void test_mariadb_auth_drift(void **state)
{
  struct fx *f = *state;
  const struct rdsclone_options *o = &f->o;
  fx_maria_user(&f->src, o, "u", "%", "N", NULL, MARIA_PRIV(""), "");
  fx_maria_user(&f->tgt, o, "u", "%", "N", NULL,
                "{\"access\":4294967297,\"plugin\":\"mysql_native_password\","
                "\"authentication_string\":\"" NATIVE "\"}", "");
  fx_plan(&f->src, &f->tgt, o, 0, &f->p);
  fx_expect(&f->p, "ALTER USER `u`@`%` IDENTIFIED VIA "
            "`mysql_native_password` USING '" NATIVE "' OR `unix_socket`");
  assert_int_equal(f->p.n, 1);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_ingest_shape, setup8, teardown),
    cmocka_unit_test_setup_teardown(test_create_everything, setup8,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_identical_is_empty, setup8,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_set_equality, setup8, teardown),
    cmocka_unit_test_setup_teardown(test_revoke_target_only, setup8,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_role_admin_option_add, setup8,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_prune, setup8, teardown),
    cmocka_unit_test_setup_teardown(test_skip_without_super, setup8,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_session_account_untouched, setup8,
                                    teardown),
    cmocka_unit_test_setup_teardown(test_alter_user, setup8, teardown),
    cmocka_unit_test_setup_teardown(test_hostile_names, setup8, teardown),
    cmocka_unit_test_setup_teardown(test_mariadb, setupm, teardown),
    cmocka_unit_test_setup_teardown(test_mariadb_auth_drift, setupm,
                                    teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
