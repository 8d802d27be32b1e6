/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_plan.c - plan ordering (creates, grants, revokes, drops) and
 * grouping (one GRANT per object with all its privileges), MariaDB
 * flavour fixtures.
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
#include "core/diff.h"
#include "core/plan.h"

#define VM "10.11.6-MariaDB"
#define NATIVE "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19"
#define PRIV_NATIVE                                                         \
  "{\"access\":0,\"plugin\":\"mysql_native_password\","                    \
  "\"authentication_string\":\"" NATIVE "\"}"
#define PRIV_ROLE "{\"access\":0,\"is_role\":true}"

struct fx {
  struct snapshot src, tgt;
  struct rdsclone_options o;
  struct plan p;
};

static int setup(void **state)
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

static int rank(enum action_kind k)
{
  switch(k) {
  case ACT_CREATE_USER: case ACT_CREATE_ROLE: return 0;
  case ACT_ALTER_USER: return 1;
  case ACT_GRANT_ROLE: case ACT_GRANT: case ACT_SKIP: return 2;
  case ACT_REVOKE: case ACT_REVOKE_ROLE: return 3;
  case ACT_SET_DEFAULT_ROLE: case ACT_SET_CONFIG: return 4;
  case ACT_DROP_USER: case ACT_DROP_ROLE: return 5;
  default: return 9;
  }
}

static void fill(struct fx *f)
{
  struct snapshot *s = &f->src, *t = &f->tgt;
  const struct rdsclone_options *o = &f->o;

  /* source: new role r and new user u using it; v exists on both */
  fx_maria_user(s, o, "r", "", "Y", NULL, PRIV_ROLE, "");
  fx_maria_db(s, o, "r", "", "app", "Select_priv");
  fx_maria_user(s, o, "u", "%", "N", "Process_priv Reload_priv",
                PRIV_NATIVE, "r");
  fx_roles_mapping(s, o, "u", "%", "r", "N");
  fx_maria_db(s, o, "u", "%", "app",
              "Select_priv Insert_priv Update_priv Delete_priv");
  fx_maria_db(s, o, "u", "%", "logs", "Select_priv");
  fx_tables_priv(s, o, "u", "%", "app", "t1", "Select,Insert,Update");
  fx_maria_user(s, o, "v", "%", "N", "Select_priv", PRIV_NATIVE, "");
  fx_maria_db(s, o, "v", "%", "app", "Select_priv");

  /* target: v with extra privileges, z only here, old role q on v */
  fx_maria_user(t, o, "v", "%", "N", "Select_priv Process_priv",
                PRIV_NATIVE, "");
  fx_maria_db(t, o, "v", "%", "app", "Select_priv Drop_priv Alter_priv");
  fx_maria_user(t, o, "q", "", "Y", NULL, PRIV_ROLE, "");
  fx_roles_mapping(t, o, "v", "%", "q", "N");
  fx_maria_user(t, o, "z", "%", "N", "Select_priv", PRIV_NATIVE, "");
  fx_maria_db(t, o, "z", "%", "app", "Select_priv");
}

static void test_empty(void **state)
{
  struct fx *f = *state;
  fx_plan(&f->src, &f->tgt, &f->o, 1, &f->p);
  assert_int_equal(f->p.n, 0);
  assert_null(f->p.v);
}

static void test_ordering(void **state)
{
  struct fx *f = *state;
  size_t i;
  long cr, cu, gr, gu, rv, dz, dq, dr;

  fill(f);
  fx_plan(&f->src, &f->tgt, &f->o, 1, &f->p);

  /* phases never go down, and kinds follow create < grant < revoke <
   * drop */
  for(i = 1; i < f->p.n; i++) {
    assert_true(f->p.v[i - 1].phase <= f->p.v[i].phase);
    assert_true(rank(f->p.v[i - 1].kind) <= rank(f->p.v[i].kind));
  }
  cr = fx_expect(&f->p, "CREATE ROLE `r`");
  cu = fx_expect(&f->p, "CREATE USER `u`@`%` IDENTIFIED VIA "
                 "`mysql_native_password` USING '" NATIVE "'");
  gr = fx_expect(&f->p, "GRANT `r` TO `u`@`%`");
  gu = fx_expect(&f->p, "GRANT DELETE, INSERT, SELECT, UPDATE ON `app`.* "
                 "TO `u`@`%`");
  rv = fx_expect(&f->p, "REVOKE ALTER, DROP ON `app`.* FROM `v`@`%`");
  fx_expect(&f->p, "REVOKE PROCESS ON *.* FROM `v`@`%`");
  dr = fx_expect(&f->p, "REVOKE `q` FROM `v`@`%`");
  dz = fx_expect(&f->p, "DROP USER `z`@`%`");
  dq = fx_expect(&f->p, "DROP ROLE `q`");
  fx_expect(&f->p, "SET DEFAULT ROLE `r` FOR `u`@`%`");
  assert_true(cr < gr && cu < gr);
  assert_true(cr < gu && cu < gu);
  assert_true(gu < rv && gr < rv);
  assert_true(rv < dz && rv < dq && dr < dq);
  assert_true(f->p.v[dz].destructive && f->p.v[dq].destructive);
  assert_true(f->p.v[rv].destructive && f->p.v[dr].destructive);
  assert_false(f->p.v[cu].destructive || f->p.v[gu].destructive);
  /* z's grants are not revoked one by one: DROP USER takes them */
  for(i = 0; i < f->p.n; i++)
    if(f->p.v[i].kind == ACT_REVOKE)
      assert_null(strstr(f->p.v[i].sql, "`z`"));
  /* ties keep creation order */
  for(i = 1; i < f->p.n; i++)
    if(f->p.v[i - 1].phase == f->p.v[i].phase)
      assert_true(f->p.v[i - 1].seq < f->p.v[i].seq);
}

/* One GRANT per object, carrying all its privileges. */
static void test_grouping(void **state)
{
  struct fx *f = *state;
  size_t i, j;
  long k;

  fill(f);
  fx_plan(&f->src, &f->tgt, &f->o, 0, &f->p);
  for(i = 0; i < f->p.n; i++)
    for(j = i + 1; j < f->p.n; j++)
      if(f->p.v[i].kind == f->p.v[j].kind &&
         (f->p.v[i].kind == ACT_GRANT || f->p.v[i].kind == ACT_REVOKE))
        assert_string_not_equal(f->p.v[i].object, f->p.v[j].object);
  k = fx_expect(&f->p, "GRANT INSERT, SELECT, UPDATE ON `app`.`t1` TO "
                "`u`@`%`");
  assert_non_null(strstr(f->p.v[k].reason, "INSERT"));
  fx_expect(&f->p, "GRANT SELECT ON `logs`.* TO `u`@`%`");
  fx_expect(&f->p, "GRANT PROCESS, RELOAD ON *.* TO `u`@`%`");
  fx_expect(&f->p, "GRANT SELECT ON `app`.* TO `r`");
  /* no pruning: z and q stay */
  assert_int_equal(fx_find(&f->p, "DROP USER `z`@`%`"), -1);
  assert_int_equal(fx_find(&f->p, "DROP ROLE `q`"), -1);
}

/* Target rows i = 0..n-1 visited in one of three orders. */
static size_t nth(int order, size_t i, size_t n)
{
  return order == 0 ? i : order == 1 ? n - 1 - i
                    : (i % 2 ? n - 1 - i / 2 : i / 2);
}

/* The diff does not depend on the order the target returned its rows
 * in: diff tries the row after the last one it found before the hash
 * table, and must fall back to the table (and resynchronise) when the
 * target's order differs from the source's. */
static void test_diff_target_order(void **state)
{
  struct fx *f = *state;
  enum { N = 60 };
  struct snapshot t[3];
  struct diff d[3];
  int order;
  size_t i;

  for(i = 0; i < N; i++) {
    char u[16];
    snprintf(u, sizeof(u), "u%02zu", i);
    fx_maria_user(&f->src, &f->o, u, "%", "N", NULL, PRIV_NATIVE, "");
    fx_maria_db(&f->src, &f->o, u, "%", "app", "Select_priv");
  }
  for(order = 0; order < 3; order++) {
    struct err e;
    fx_snapshot(&t[order], 0, "admin@%", VM);
    for(i = 0; i < N + 5; i++) {
      size_t k = nth(order, i, N + 5);
      char u[16];
      snprintf(u, sizeof(u), "u%02zu", k);
      if(k % 7 == 3)
        continue;   /* missing on the target */
      fx_maria_user(&t[order], &f->o, u, "%", "N", NULL, PRIV_NATIVE, "");
      /* every fifth drifted; k >= N only on the target */
      fx_maria_db(&t[order], &f->o, u, "%", "app",
                  k % 5 == 1 ? "Select_priv Insert_priv" : "Select_priv");
    }
    assert_int_equal(diff_snapshots(&f->src, &t[order], &d[order], &e), 0);
    if(order) {
      assert_int_equal(d[order].n, d[0].n);
      for(i = 0; i < d[0].n; i++) {
        const struct change *a = &d[0].v[i], *b = &d[order].v[i];
        const struct row *ra = a->src ? a->src : a->tgt;
        const struct row *rb = b->src ? b->src : b->tgt;
        assert_int_equal(a->kind, b->kind);
        assert_int_equal(a->table, b->table);
        assert_int_equal(a->diffcols, b->diffcols);
        assert_int_equal(rowmap_row_cmp(ra, rb), 0);
        if(a->tgt)
          assert_int_equal(rowmap_row_cmp(a->tgt, b->tgt), 0);
      }
      diff_release(&d[order]);
      snapshot_release(&t[order]);
    }
    if(order == 0) {
      /* 9 missing accounts and their grants; 11 drifted; 5 extra
       * accounts and their grants (counted before pruning) */
      size_t kinds[3] = { 0, 0, 0 };
      for(i = 0; i < d[0].n; i++)
        kinds[d[0].v[i].kind]++;
      assert_int_equal(kinds[CHANGE_CREATE], 2 * 9);
      assert_int_equal(kinds[CHANGE_ALTER], 11);
      assert_int_equal(kinds[CHANGE_DROP], 2 * 5);
    }
  }
  diff_release(&d[0]);
  snapshot_release(&t[0]);
}

static void test_plan_add(void **state)
{
  struct plan p;
  size_t i;
  (void)state;
  memset(&p, 0, sizeof(p));
  for(i = 0; i < 100; i++)
    assert_int_equal(plan_add(&p, ACT_GRANT, PHASE_GRANT, 0, "o", NULL,
                              "GRANT", NULL), 0);
  assert_int_equal(plan_add(&p, ACT_SKIP, PHASE_GRANT, 0, NULL, "why",
                            NULL, NULL), 0);
  assert_int_equal(p.n, 101);
  assert_int_equal(p.v[99].seq, 99);
  assert_string_equal(p.v[0].reason, "");
  assert_int_equal(p.v[0].status, STATUS_PENDING);
  assert_int_equal(p.v[100].status, STATUS_SKIPPED);
  assert_string_equal(p.v[100].object, "");
  assert_null(p.v[100].sql);
  plan_release(&p);
  assert_int_equal(p.n, 0);
  assert_string_equal(action_kind_name(ACT_DROP_ROLE), "drop_role");
  assert_string_equal(action_kind_name(ACT__COUNT), "unknown");
  assert_string_equal(action_status_name(STATUS_NOT_RUN), "not_run");
}

static void test_diff_key_prefix(void **state)
{
  struct rowval v[3] = { { "ab", 2 }, { NULL, 0 }, { "c", 1 } };
  size_t len;
  char *k = rowmap_key_encode(v, 3, &len);
  (void)state;
  assert_int_equal(rowmap_key_prefix_len(k, len, 1), 4);   /* "2:ab" */
  assert_int_equal(rowmap_key_prefix_len(k, len, 2), 5);   /* "2:ab-" */
  assert_int_equal(rowmap_key_prefix_len(k, len, 3), len);
  free(k);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
    cmocka_unit_test_setup_teardown(test_ordering, setup, teardown),
    cmocka_unit_test_setup_teardown(test_grouping, setup, teardown),
    cmocka_unit_test_setup_teardown(test_diff_target_order, setup,
                                    teardown),
    cmocka_unit_test(test_plan_add),
    cmocka_unit_test(test_diff_key_prefix),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
