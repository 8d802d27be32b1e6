/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_spool.c - rows set aside in arrival order and replayed (spool.h):
 * NULLs, empty values, rows larger than a chunk, many chunks, and a
 * replay that stops early.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/spool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct seen {
  size_t n;
  size_t stop_at;      /* 0: never */
  char last[64];
};

/* Checks each replayed row against the pattern add_numbered() wrote. */
static int check_numbered(void *arg, const struct rowval *v)
{
  struct seen *s = arg;
  char want[32];
  snprintf(want, sizeof(want), "row %zu", s->n);
  assert_non_null(v[0].ptr);
  assert_int_equal(v[0].len, strlen(want));
  assert_string_equal(v[0].ptr, want);
  if(s->n % 3 == 0)
    assert_null(v[1].ptr);
  else {
    assert_non_null(v[1].ptr);
    assert_int_equal(v[1].len, 0);
    assert_int_equal(v[1].ptr[0], 0);
  }
  s->n++;
  return s->stop_at && s->n == s->stop_at ? 7 : 0;
}

static void add_numbered(struct spool *sp, size_t n)
{
  size_t i;
  for(i = 0; i < n; i++) {
    char a[32];
    struct rowval v[2];
    snprintf(a, sizeof(a), "row %zu", i);
    v[0].ptr = a;
    v[0].len = strlen(a);
    v[1].ptr = i % 3 == 0 ? NULL : "";
    v[1].len = 0;
    assert_int_equal(spool_add(sp, v, 2), 0);
  }
}

/* Rows come back in order, NULL and empty apart, across many chunks. */
static void test_order_across_chunks(void **state)
{
  struct spool sp = { NULL, NULL, 0 };
  struct seen s = { 0, 0, "" };
  (void)state;
  add_numbered(&sp, 200000);   /* ~3.6 MB: several 1 MB chunks */
  assert_true(sp.bytes >= 3u << 20);
  assert_int_equal(spool_replay(&sp, 2, check_numbered, &s), 0);
  assert_int_equal(s.n, 200000);
  spool_free(&sp);
  assert_null(sp.head);
  assert_int_equal(sp.bytes, 0);
}

/* The callback's non-zero return stops the replay and is returned. */
static void test_replay_stops(void **state)
{
  struct spool sp = { NULL, NULL, 0 };
  struct seen s = { 0, 10, "" };
  (void)state;
  add_numbered(&sp, 100);
  assert_int_equal(spool_replay(&sp, 2, check_numbered, &s), 7);
  assert_int_equal(s.n, 10);
  spool_free(&sp);
}

static int keep_big(void *arg, const struct rowval *v)
{
  struct seen *s = arg;
  size_t i;
  for(i = 0; i < v[0].len; i++)
    if(v[0].ptr[i] != (char)('a' + i % 26))
      fail_msg("byte %zu of row %zu differs", i, s->n);
  assert_int_equal(v[0].ptr[v[0].len], 0);
  snprintf(s->last, sizeof(s->last), "%zu", v[0].len);
  s->n++;
  return 0;
}

/* A row larger than a chunk gets one of its own, between small ones. */
static void test_row_larger_than_chunk(void **state)
{
  struct spool sp = { NULL, NULL, 0 };
  struct seen s = { 0, 0, "" };
  size_t sizes[] = { 10, (3u << 20) + 5, 20 }, i, j;
  (void)state;
  for(i = 0; i < 3; i++) {
    char *b = malloc(sizes[i]);
    struct rowval v = { b, sizes[i] };
    assert_non_null(b);
    for(j = 0; j < sizes[i]; j++)
      b[j] = (char)('a' + j % 26);
    assert_int_equal(spool_add(&sp, &v, 1), 0);
    free(b);
  }
  assert_int_equal(spool_replay(&sp, 1, keep_big, &s), 0);
  assert_int_equal(s.n, 3);
  assert_string_equal(s.last, "20");
  spool_free(&sp);
}

/* An empty spool replays nothing and frees cleanly. */
static void test_empty(void **state)
{
  struct spool sp = { NULL, NULL, 0 };
  struct seen s = { 0, 0, "" };
  (void)state;
  assert_int_equal(spool_replay(&sp, 2, check_numbered, &s), 0);
  assert_int_equal(s.n, 0);
  spool_free(&sp);
  spool_free(&sp);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_order_across_chunks),
    cmocka_unit_test(test_replay_stops),
    cmocka_unit_test(test_row_larger_than_chunk),
    cmocka_unit_test(test_empty),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
