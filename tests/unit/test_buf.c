/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_buf.c - the capped buffer and parse_long (common/).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "numparse.h"

static void test_empty(void **state)
{
  struct buf b;
  char *p;
  (void)state;
  buf_init(&b, 16);
  assert_null(b.ptr);
  assert_int_equal(b.len, 0);
  assert_string_equal(buf_str(&b), "");
  p = buf_take(&b);
  assert_non_null(p);
  assert_string_equal(p, "");
  free(p);
  buf_release(&b);
  buf_release_secret(&b);
  buf_reset(&b);
  assert_int_equal(b.len, 0);
}

static void test_add_and_cap(void **state)
{
  struct buf b;
  (void)state;
  buf_init(&b, 8);
  assert_int_equal(buf_adds(&b, "abcd"), BUF_OK);
  assert_int_equal(buf_add(&b, "efgh", 4), BUF_OK);   /* exactly the cap */
  assert_int_equal(b.len, 8);
  assert_string_equal(buf_str(&b), "abcdefgh");
  assert_true(b.alloc <= 9);
  /* one more byte: too big, emptied, and sticky: later adds are no-ops
   * returning the failure, and take reports it */
  assert_int_equal(buf_addc(&b, 'x'), BUF_TOO_BIG);
  assert_int_equal(b.len, 0);
  assert_string_equal(buf_str(&b), "");
  assert_int_equal(buf_failed(&b), BUF_TOO_BIG);
  assert_int_equal(buf_adds(&b, "ok"), BUF_TOO_BIG);
  assert_int_equal(buf_addf(&b, "%d", 1), BUF_TOO_BIG);
  assert_int_equal(b.len, 0);
  assert_null(buf_take(&b));
  /* take (or release) clears the failure */
  assert_int_equal(buf_failed(&b), BUF_OK);
  assert_int_equal(buf_adds(&b, "ok"), BUF_OK);
  assert_string_equal(buf_str(&b), "ok");
  buf_release(&b);
  /* a single add larger than the cap */
  assert_int_equal(buf_add(&b, "0123456789", 10), BUF_TOO_BIG);
  assert_int_equal(b.len, 0);
  /* a huge length must not overflow the check */
  buf_release(&b);
  assert_int_equal(buf_add(&b, "x", SIZE_MAX), BUF_TOO_BIG);
  buf_release(&b);
  assert_int_equal(buf_add(&b, "x", SIZE_MAX - 1), BUF_TOO_BIG);
  assert_int_equal(b.len, 0);
  buf_release(&b);
  /* zero-length adds */
  assert_int_equal(buf_add(&b, "", 0), BUF_OK);
  assert_non_null(b.ptr);
  assert_string_equal(buf_str(&b), "");
  buf_release(&b);
  assert_null(b.ptr);
}

static void test_addf(void **state)
{
  struct buf b;
  (void)state;
  buf_init(&b, 32);
  assert_int_equal(buf_addf(&b, "%s=%d", "n", 42), BUF_OK);
  assert_int_equal(buf_addf(&b, "%c%.3s", ';', "xyzw"), BUF_OK);
  assert_string_equal(buf_str(&b), "n=42;xyz");
  assert_int_equal(b.len, 8);
  /* 8 + 24 = 32: at the cap */
  assert_int_equal(buf_addf(&b, "%024d", 7), BUF_OK);
  assert_int_equal(b.len, 32);
  assert_int_equal(buf_addf(&b, "%d", 1), BUF_TOO_BIG);
  assert_int_equal(b.len, 0);
  buf_release(&b);
  assert_int_equal(buf_addf(&b, "%s", ""), BUF_OK);
  assert_int_equal(buf_addf(&b, "%040d", 1), BUF_TOO_BIG);
  assert_int_equal(b.len, 0);
  buf_release(&b);
}

static void test_growth(void **state)
{
  struct buf b;
  size_t i;
  (void)state;
  buf_init(&b, BUF_CAP_SMALL);
  for(i = 0; i < BUF_CAP_SMALL; i++)
    assert_int_equal(buf_addc(&b, (char)('a' + i % 26)), BUF_OK);
  assert_int_equal(b.len, BUF_CAP_SMALL);
  assert_int_equal(b.ptr[b.len], 0);
  assert_int_equal(b.ptr[BUF_CAP_SMALL - 1], (char)('a' + (BUF_CAP_SMALL - 1) % 26));
  assert_int_equal(buf_addc(&b, 'z'), BUF_TOO_BIG);
  assert_int_equal(b.len, 0);
  buf_release(&b);
}

static void test_take_release_reset(void **state)
{
  struct buf b;
  char *p;
  (void)state;
  buf_init(&b, 64);
  buf_adds(&b, "hello");
  p = buf_take(&b);
  assert_string_equal(p, "hello");
  assert_null(b.ptr);
  assert_int_equal(b.len, 0);
  assert_int_equal(b.alloc, 0);
  assert_int_equal(b.cap, 64);
  free(p);
  buf_adds(&b, "again");
  buf_reset(&b);
  assert_int_equal(b.len, 0);
  assert_string_equal(buf_str(&b), "");
  buf_adds(&b, "x");
  assert_string_equal(buf_str(&b), "x");
  buf_release_secret(&b);
  assert_null(b.ptr);
  assert_int_equal(b.len, 0);
}

static void test_parse_long(void **state)
{
  long v = 99;
  (void)state;
  assert_int_equal(parse_long("0", 0, 10, &v), 0);
  assert_int_equal(v, 0);
  assert_int_equal(parse_long("-5", -10, 10, &v), 0);
  assert_int_equal(v, -5);
  assert_int_equal(parse_long("10", 0, 10, &v), 0);
  assert_int_equal(v, 10);
  assert_int_equal(parse_long("9223372036854775807", 0, LONG_MAX, &v), 0);
  assert_true(v == LONG_MAX);
  assert_int_equal(parse_long("-9223372036854775808", LONG_MIN, 0, &v), 0);
  assert_true(v == LONG_MIN);
  v = 99;
  assert_int_equal(parse_long("11", 0, 10, &v), -1);
  assert_int_equal(parse_long("-1", 0, 10, &v), -1);
  assert_int_equal(parse_long("", 0, 10, &v), -1);
  assert_int_equal(parse_long(NULL, 0, 10, &v), -1);
  assert_int_equal(parse_long("5x", 0, 10, &v), -1);
  assert_int_equal(parse_long("5 ", 0, 10, &v), -1);
  assert_int_equal(parse_long(" 5", 0, 10, &v), -1);
  assert_int_equal(parse_long("\t5", 0, 10, &v), -1);
  assert_int_equal(parse_long("0x10", 0, 100, &v), -1);
  assert_int_equal(parse_long("1e3", 0, 10000, &v), -1);
  assert_int_equal(parse_long("-", -10, 10, &v), -1);
  assert_int_equal(parse_long("9223372036854775808", 0, LONG_MAX, &v), -1);
  assert_int_equal(parse_long("-9223372036854775809", LONG_MIN, 0, &v), -1);
  assert_int_equal(parse_long("99999999999999999999999", LONG_MIN, LONG_MAX,
                              &v), -1);
  /* untouched on failure */
  assert_int_equal(v, 99);
  /* base 10 only: a leading zero is decimal, not octal */
  assert_int_equal(parse_long("010", 0, 100, &v), 0);
  assert_int_equal(v, 10);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_empty),
    cmocka_unit_test(test_add_and_cap),
    cmocka_unit_test(test_addf),
    cmocka_unit_test(test_growth),
    cmocka_unit_test(test_take_release_reset),
    cmocka_unit_test(test_parse_long),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
