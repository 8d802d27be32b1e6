/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_rowmap.c - rowmap key encoding is injective; map add/find/sort;
 * a target's map read against the source's (rowmap_shadow).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rowmap.h"

#define S(x) { (x), sizeof(x) - 1 }
#define N { NULL, 0 }

static char *enc(const struct rowval *v, size_t n, size_t *len)
{
  char *k = rowmap_key_encode(v, n, len);
  assert_non_null(k);
  return k;
}

/* 1 when the two tuples encode alike. */
static int collide(const struct rowval *a, size_t na, const struct rowval *b,
                   size_t nb)
{
  size_t la, lb;
  char *ka = enc(a, na, &la), *kb = enc(b, nb, &lb);
  int same = la == lb && !memcmp(ka, kb, la);
  free(ka);
  free(kb);
  return same;
}

static void test_known_collisions(void **state)
{
  (void)state;
  {
    struct rowval a[] = { S("a|b"), S("c") }, b[] = { S("a"), S("b|c") };
    assert_false(collide(a, 2, b, 2));
  }
  {
    struct rowval a[] = { S(""), N }, b[] = { N, S("") };
    assert_false(collide(a, 2, b, 2));
  }
  {
    struct rowval a[] = { S("1:a"), S("") }, b[] = { S("1"), S("a") };
    assert_false(collide(a, 2, b, 2));
  }
  {
    /* a part that looks like an encoded tuple */
    struct rowval a[] = { S("1:a1:b") }, b[] = { S("a"), S("b") };
    assert_false(collide(a, 1, b, 2));
  }
  {
    struct rowval a[] = { S("-") }, b[] = { N };
    assert_false(collide(a, 1, b, 1));
  }
  {
    struct rowval a[] = { S("") }, b[] = { N };
    assert_false(collide(a, 1, b, 1));
  }
  {
    struct rowval a[] = { S("a|"), S("|") }, b[] = { S("a||"), S("") };
    assert_false(collide(a, 2, b, 2));
  }
  {
    struct rowval a[] = { S("10:"), S("x") }, b[] = { S("1"), S("0:x") };
    assert_false(collide(a, 2, b, 2));
  }
  {
    struct rowval a[] = { N, N }, b[] = { N };
    assert_false(collide(a, 2, b, 1));
  }
}

static void test_encoding_format(void **state)
{
  struct rowval v[] = { S("ab"), N, S("") };
  size_t len;
  char *k;
  (void)state;
  k = enc(v, 3, &len);
  assert_int_equal(len, 7);
  assert_memory_equal(k, "2:ab-0:", 7);
  free(k);
  k = enc(v, 0, &len);
  assert_int_equal(len, 0);
  free(k);
}

/* xorshift64*: deterministic */
static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void)
{
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 2685821657736338717ULL;
}

#define NT 3000
#define MAXP 4
#define MAXL 6

struct tuple {
  size_t n;
  int isnull[MAXP];
  size_t len[MAXP];
  char b[MAXP][MAXL + 1];
};

static void rand_tuple(struct tuple *t)
{
  /* alphabet rich in separators and digits; also any byte 0x01..0xff */
  static const char alpha[] = "|:-0123a";
  size_t i, j;
  t->n = (size_t)(rnd() % (MAXP + 1));
  for(i = 0; i < MAXP; i++) {
    t->isnull[i] = 0;
    t->len[i] = 0;
    memset(t->b[i], 0, sizeof(t->b[i]));
  }
  for(i = 0; i < t->n; i++) {
    t->isnull[i] = rnd() % 5 == 0;
    t->len[i] = t->isnull[i] ? 0 : (size_t)(rnd() % (MAXL + 1));
    for(j = 0; j < t->len[i]; j++)
      t->b[i][j] = rnd() % 4 ? alpha[rnd() % (sizeof(alpha) - 1)]
                             : (char)(1 + rnd() % 255);
  }
}

static void to_vals(const struct tuple *t, struct rowval *v)
{
  size_t i;
  for(i = 0; i < t->n; i++) {
    v[i].ptr = t->isnull[i] ? NULL : t->b[i];
    v[i].len = t->len[i];
  }
}

static int tuple_eq(const struct tuple *a, const struct tuple *b)
{
  size_t i;
  if(a->n != b->n)
    return 0;
  for(i = 0; i < a->n; i++) {
    if(a->isnull[i] != b->isnull[i] || a->len[i] != b->len[i] ||
       memcmp(a->b[i], b->b[i], a->len[i]))
      return 0;
  }
  return 1;
}

struct enc { char *k; size_t len; size_t idx; };

static int enc_cmp(const void *x, const void *y)
{
  const struct enc *a = x, *b = y;
  size_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->k, b->k, n);
  if(c)
    return c;
  return (a->len > b->len) - (a->len < b->len);
}

static void test_random_injective(void **state)
{
  static struct tuple t[NT];
  static struct enc e[NT];
  size_t i;
  (void)state;

  for(i = 0; i < NT; i++) {
    struct rowval v[MAXP], d[MAXP + 1];
    int n, k;
    rand_tuple(&t[i]);
    to_vals(&t[i], v);
    e[i].k = enc(v, t[i].n, &e[i].len);
    e[i].idx = i;
    /* decode(encode(k)) == k */
    n = rowmap_key_decode(e[i].k, e[i].len, d, MAXP + 1);
    assert_int_equal(n, (int)t[i].n);
    for(k = 0; k < n; k++)
      assert_true(rowval_equal(&v[k], &d[k]));
    /* fewer slots than parts is refused */
    if(t[i].n)
      assert_int_equal(rowmap_key_decode(e[i].k, e[i].len, d, t[i].n - 1),
                       -1);
  }
  /* pairwise: equal encodings only for equal tuples (sort, compare
   * neighbours) */
  qsort(e, NT, sizeof(e[0]), enc_cmp);
  for(i = 1; i < NT; i++)
    if(!enc_cmp(&e[i - 1], &e[i]))
      assert_true(tuple_eq(&t[e[i - 1].idx], &t[e[i].idx]));
    else
      assert_false(tuple_eq(&t[e[i - 1].idx], &t[e[i].idx]));
  for(i = 0; i < NT; i++)
    free(e[i].k);
}

static void test_decode_malformed(void **state)
{
  static const char *const bad[] = {
    "01:a",      /* leading zero */
    "00:",       /* leading zero on zero */
    "2:a",       /* truncated */
    "3",         /* no ':' */
    "1a",        /* missing ':' */
    ":a",        /* no digits */
    "1:a+",      /* garbage after a part */
    "99999999999999999999999:x", /* length overflow */
    "18446744073709551616:x",
  };
  struct rowval p[4];
  size_t i;
  (void)state;
  for(i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    assert_int_equal(rowmap_key_decode(bad[i], strlen(bad[i]), p, 4), -1);
  /* too many parts */
  assert_int_equal(rowmap_key_decode("1:a1:b1:c", 9, p, 2), -1);
  assert_int_equal(rowmap_key_decode("---", 3, p, 2), -1);
  /* well formed */
  assert_int_equal(rowmap_key_decode("0:-10:abcdefghij", 16, p, 4), 3);
  assert_int_equal(p[0].len, 0);
  assert_non_null(p[0].ptr);
  assert_null(p[1].ptr);
  assert_int_equal(p[2].len, 10);
  assert_int_equal(rowmap_key_decode("", 0, p, 4), 0);
}

static const char *const cols[] = { "user", "host", "priv", "note" };

/* Rows are indexed in batches (rowmap_index, or the first lookup after
 * adds): a second batch with duplicates of the first keeps the first
 * rows, and seq stays 0 .. count - 1, each once (diff's bitmaps). */
static void test_map_index_batches(void **state)
{
  static const char *const kv[] = { "k", "v" };
  struct rowmap *m = rowmap_new("t", kv, 2, 1);
  unsigned char *seen;
  struct row *r;
  char k[16];
  size_t i, n = 0;
  (void)state;

  assert_non_null(m);
  for(i = 0; i < 3000; i++) {
    struct rowval v[2] = { { k, 0 }, S("first") };
    v[0].len = (size_t)snprintf(k, sizeof(k), "k%zu", i);
    assert_int_equal(rowmap_add(m, v), 0);
  }
  {
    struct rowval probe[1] = { S("k2999") };
    assert_non_null(rowmap_find(m, probe));   /* indexes the first batch */
  }
  for(i = 2990; i < 6000; i++) {   /* 10 duplicates of the first batch */
    struct rowval v[2] = { { k, 0 }, S("second") };
    v[0].len = (size_t)snprintf(k, sizeof(k), "k%zu", i);
    assert_int_equal(rowmap_add(m, v), 0);
  }
  assert_int_equal(rowmap_index(m), 10);
  assert_int_equal(m->count, 6000);
  seen = calloc(m->count, 1);
  assert_non_null(seen);
  for(r = rowmap_first(m); r; r = rowmap_next(m, r), n++) {
    assert_true(r->seq < m->count);
    assert_false(seen[r->seq]);
    seen[r->seq] = 1;
  }
  assert_int_equal(n, 6000);
  {
    struct rowval dup[1] = { S("k2995") }, fresh[1] = { S("k5999") };
    assert_string_equal(row_ptr(rowmap_find(m, dup), 1), "first");
    assert_string_equal(row_ptr(rowmap_find(m, fresh), 1), "second");
  }
  free(seen);
  rowmap_free(m);
}

static void test_map_add_find(void **state)
{
  struct rowmap *m = rowmap_new("t", cols, 4, 3);
  struct rowval r1[] = { S("a|b"), S("c"), S("SELECT"), S("x") };
  struct rowval r2[] = { S("a"), S("b|c"), S("SELECT"), N };
  struct rowval r1dup[] = { S("a|b"), S("c"), S("SELECT"), S("other") };
  struct rowval nulkey[] = { N, S(""), S("P"), S("y") };
  struct rowval nul2[] = { S(""), N, S("P"), S("z") };
  struct rowval withnul[] = { { "a\0b", 3 }, S("h"), S("P"), N };
  struct row *r;
  (void)state;

  assert_non_null(m);
  assert_int_equal(rowmap_col(m, "priv"), 2);
  assert_int_equal(rowmap_col(m, "nope"), -1);
  assert_int_equal(rowmap_add(m, r1), 0);
  assert_int_equal(rowmap_add(m, r2), 0);
  assert_int_equal(rowmap_add(m, r1dup), 0);   /* dropped when indexed */
  assert_int_equal(rowmap_add(m, nulkey), 0);
  assert_int_equal(rowmap_add(m, nul2), 0);
  assert_int_equal(rowmap_add(m, withnul), -1);
  assert_int_equal(m->count, 5);
  assert_int_equal(rowmap_index(m), 1);   /* r1dup: the first row kept */
  assert_int_equal(m->count, 4);
  assert_int_equal(rowmap_index(m), 0);

  r = rowmap_find(m, r1dup);
  assert_non_null(r);
  assert_string_equal(row_ptr(r, 3), "x");   /* first one kept */
  r = rowmap_find(m, r2);
  assert_non_null(r);
  assert_null(row_ptr(r, 3));
  assert_string_equal(row_ptr(r, 1), "b|c");
  r = rowmap_find(m, nulkey);
  assert_non_null(r);
  assert_string_equal(row_ptr(r, 3), "y");
  r = rowmap_find(m, nul2);
  assert_non_null(r);
  assert_string_equal(row_ptr(r, 3), "z");
  {
    struct rowval miss[] = { S("a"), S("b"), S("SELECT") };
    assert_null(rowmap_find(m, miss));
  }
  /* values are copies */
  {
    char buf[] = "zz";
    struct rowval v[] = { { buf, 2 }, S("h"), S("p"), S("q") };
    assert_int_equal(rowmap_add(m, v), 0);
    buf[0] = 'y';
    v[0].ptr = "zz";
    assert_non_null(rowmap_find(m, v));
  }
  rowmap_free(m);
}

static void test_sorted(void **state)
{
  struct rowmap *m = rowmap_new("t", cols, 2, 1);
  struct row **v;
  size_t n, i;
  char names[50][4];
  (void)state;

  v = rowmap_sorted(m, &n);
  assert_null(v);
  assert_int_equal(n, 0);
  for(i = 0; i < 50; i++) {
    struct rowval r[2];
    names[i][0] = (char)('a' + (i * 7) % 26);
    names[i][1] = (char)('a' + i % 3);
    names[i][2] = (char)('0' + i / 26);
    names[i][3] = 0;
    r[0].ptr = names[i];
    r[0].len = (size_t)(1 + i % 3);
    r[1].ptr = NULL;
    r[1].len = 0;
    assert_true(rowmap_add(m, r) >= 0);
  }
  v = rowmap_sorted(m, &n);
  assert_non_null(v);
  assert_int_equal(n, m->count);
  /* tuple order: part by part, bytewise, shorter first */
  for(i = 1; i < n; i++) {
    const struct rowval av = row_val(v[i - 1], 0), bv = row_val(v[i], 0);
    const struct rowval *a = &av, *b = &bv;
    size_t l = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->ptr, b->ptr, l);
    size_t ka_len, kb_len;
    char *ka = rowmap_row_key(v[i - 1], &ka_len);
    char *kb = rowmap_row_key(v[i], &kb_len);
    assert_true(c < 0 || (c == 0 && a->len < b->len));
    /* the row order is the order of the encoded keys */
    assert_true(rowmap_key_cmp(ka, ka_len, kb, kb_len) < 0);
    assert_true(rowmap_row_cmp(v[i - 1], v[i]) < 0);
    free(ka);
    free(kb);
  }
  free(v);
  rowmap_free(m);
}

/* Reference order of tuples: part by part, NULL first, bytes unsigned,
 * a shorter part or tuple first. */
static int tuple_cmp(const struct tuple *a, const struct tuple *b)
{
  size_t i;
  for(i = 0; i < a->n && i < b->n; i++) {
    size_t l;
    int c;
    if(a->isnull[i] || b->isnull[i]) {
      if(a->isnull[i] != b->isnull[i])
        return a->isnull[i] ? -1 : 1;
      continue;
    }
    l = a->len[i] < b->len[i] ? a->len[i] : b->len[i];
    c = memcmp(a->b[i], b->b[i], l);
    if(c)
      return c < 0 ? -1 : 1;
    if(a->len[i] != b->len[i])
      return a->len[i] < b->len[i] ? -1 : 1;
  }
  if(a->n != b->n)
    return a->n < b->n ? -1 : 1;
  return 0;
}

static int sgn(int x)
{
  return (x > 0) - (x < 0);
}

/* rowmap_select through the sorted view (rowmap_sort) finds the same rows
 * in the same order as the scan, for prefixes present and absent, NULL
 * parts included; rows added after the sort fall back to the scan. */
static void test_select_sorted(void **state)
{
  const char *const c3[] = { "user", "host", "role" };
  struct rowmap *plain = rowmap_new("p", c3, 3, 3);
  struct rowmap *sorted = rowmap_new("s", c3, 3, 3);
  char u[16], h[16], r[16];
  size_t i, j, n1, n2;
  (void)state;

  srand(7);
  for(i = 0; i < 2000; i++) {
    struct rowval v[3];
    snprintf(u, sizeof(u), "u%d", rand() % 97);
    snprintf(h, sizeof(h), "%d", rand() % 3);
    snprintf(r, sizeof(r), "r%d", rand() % 50);
    v[0] = (struct rowval){ u, strlen(u) };
    v[1] = rand() % 5 ? (struct rowval){ h, strlen(h) } : (struct rowval){ NULL, 0 };
    v[2] = (struct rowval){ r, strlen(r) };
    assert_int_equal(rowmap_add(plain, v), 0);
    assert_int_equal(rowmap_add(sorted, v), 0);
  }
  assert_true(rowmap_index(plain) >= 0);
  assert_true(rowmap_index(sorted) >= 0);
  assert_int_equal(rowmap_sort(sorted), 0);
  assert_int_equal(sorted->nsorted, sorted->count);
  for(i = 0; i < 110; i++) {
    struct rowval k[3];
    struct row *like, **a, **b;
    struct rowmap *probe = rowmap_new("q", c3, 3, 3);
    snprintf(u, sizeof(u), "u%d", (int)i);      /* u97..u109: absent */
    k[0] = (struct rowval){ u, strlen(u) };
    k[1] = i % 4 ? (struct rowval){ "1", 1 } : (struct rowval){ NULL, 0 };
    k[2] = (struct rowval){ "x", 1 };
    assert_int_equal(rowmap_add(probe, k), 0);
    like = rowmap_first(probe);
    a = rowmap_select(plain, like, 2, &n1);
    b = rowmap_select(sorted, like, 2, &n2);
    assert_int_equal(n1, n2);
    for(j = 0; j < n1; j++)
      assert_true(rowmap_row_cmp(a[j], b[j]) == 0);
    free(a);
    free(b);
    rowmap_free(probe);
  }
  /* a row added after the sort: the view is stale, the scan answers */
  {
    struct rowval v[3] = { { "u1", 2 }, { "1", 1 }, { "zz", 2 } };
    struct row **a;
    size_t before;
    struct rowmap *probe = rowmap_new("q", c3, 3, 3);
    assert_int_equal(rowmap_add(probe, v), 0);
    free(rowmap_select(sorted, rowmap_first(probe), 2, &before));
    assert_int_equal(rowmap_add(sorted, v), 0);
    a = rowmap_select(sorted, rowmap_first(probe), 2, &n1);
    assert_int_equal(n1, before + 1);
    free(a);
    rowmap_free(probe);
  }
  rowmap_free(plain);
  rowmap_free(sorted);
}

static void test_key_cmp(void **state)
{
  static struct tuple t[400];
  static char *k[400];
  static size_t kl[400];
  size_t i, j;
  (void)state;
  /* fixed cases: "10:..." sorts after "2:..." as tuples */
  {
    struct rowval a[] = { S("ab") }, b[] = { S("aaaaaaaaaaaa") },
                  c[] = { N }, d[] = { S("") }, e[] = { S("ab"), N };
    size_t la, lb, lc, ld, le;
    char *ka = enc(a, 1, &la), *kb = enc(b, 1, &lb), *kc = enc(c, 1, &lc),
         *kd = enc(d, 1, &ld), *ke = enc(e, 2, &le);
    assert_true(rowmap_key_cmp(kb, lb, ka, la) < 0);
    assert_true(rowmap_key_cmp(kc, lc, kd, ld) < 0);   /* NULL first */
    /* "a shorter tuple first": see test_known_bugs.c */
    assert_true(rowmap_key_cmp(ka, la, ke, le) != 0);
    assert_int_equal(rowmap_key_cmp(ka, la, ka, la), 0);
    assert_int_equal(rowmap_key_cmp("", 0, "", 0), 0);
    assert_true(rowmap_key_cmp("", 0, kc, lc) != 0);
    free(ka); free(kb); free(kc); free(kd); free(ke);
  }
  for(i = 0; i < 400; i++) {
    struct rowval v[MAXP];
    rand_tuple(&t[i]);
    to_vals(&t[i], v);
    k[i] = enc(v, t[i].n, &kl[i]);
  }
  /* tuples of one map all have nkey parts: compare equal-length ones
   * (mixed lengths: test_known_bugs.c) */
  for(i = 0; i < 400; i++)
    for(j = 0; j < 400; j++)
      if(t[i].n == t[j].n)
        assert_int_equal(sgn(rowmap_key_cmp(k[i], kl[i], k[j], kl[j])),
                       tuple_cmp(&t[i], &t[j]));
  for(i = 0; i < 400; i++)
    free(k[i]);
}

static void test_rowval_equal(void **state)
{
  struct rowval n1 = N, n2 = N, e = S(""), a = S("a"), a2 = { "ab", 1 },
                b = S("b"), ab = S("ab");
  (void)state;
  assert_true(rowval_equal(&n1, &n2));
  assert_false(rowval_equal(&n1, &e));
  assert_false(rowval_equal(&e, &n1));
  assert_true(rowval_equal(&a, &a2));
  assert_false(rowval_equal(&a, &b));
  assert_false(rowval_equal(&a, &ab));
  assert_true(rowval_equal(&e, &e));
}

/* Rows above 64 KB of bytes take 4-byte offsets; many rows make the
 * bucket array grow several times; iteration sees every row once. */
static void test_wide_rows_and_growth(void **state)
{
  struct rowmap *m = rowmap_new("t", cols, 4, 2);
  size_t big = 70000, i, seen = 0;
  char *blob = malloc(big + 1);
  struct row *r;
  char name[16];
  (void)state;

  assert_non_null(m);
  assert_non_null(blob);
  memset(blob, 'x', big);
  blob[big] = 0;
  {
    struct rowval v[] = { S("u"), S("h"), { blob, big }, N };
    struct rowval k[] = { S("u"), S("h") };
    assert_int_equal(rowmap_add(m, v), 0);
    r = rowmap_find(m, k);
    assert_non_null(r);
    assert_int_equal(r->wide, 1);
    assert_int_equal(row_len(r, 2), big);
    assert_memory_equal(row_ptr(r, 2), blob, big);
    assert_null(row_ptr(r, 3));
    assert_string_equal(row_ptr(r, 1), "h");
  }
  for(i = 0; i < 5000; i++) {
    struct rowval v[] = { S("n"), { name, 0 }, S(""), N };
    v[1].len = (size_t)snprintf(name, sizeof(name), "%zu", i);
    assert_int_equal(rowmap_add(m, v), 0);
  }
  for(i = 0; i < 5000; i += 7) {
    struct rowval k[] = { S("n"), { name, 0 } };
    k[1].len = (size_t)snprintf(name, sizeof(name), "%zu", i);
    r = rowmap_find(m, k);
    assert_non_null(r);
    assert_int_equal(r->wide, 0);
    assert_string_equal(row_ptr(r, 1), name);
    assert_non_null(row_ptr(r, 2));
    assert_int_equal(row_len(r, 2), 0);
    assert_null(row_ptr(r, 3));
  }
  for(r = rowmap_first(m); r; r = rowmap_next(m, r))
    seen++;
  assert_int_equal(seen, m->count);
  assert_int_equal(m->count, 5001);
  free(blob);
  rowmap_free(m);
}

/* A target's map read against the source's (rowmap_shadow): rows equal
 * to the source's are not stored but seen through the shadow; rows that
 * differ or that the source lacks are the map's own. */
static void test_shadow(void **state)
{
  static const char *const kv_cols[] = { "k", "v" };
  struct rowmap *src = rowmap_new("t", kv_cols, 2, 1);
  struct rowmap *tgt = rowmap_new("t", kv_cols, 2, 1);
  struct rowval a[] = { S("a"), S("1") }, b[] = { S("b"), S("2") };
  struct rowval c[] = { S("c"), S("3") }, b9[] = { S("b"), S("9") };
  struct rowval d[] = { S("d"), N }, a2[] = { S("a"), S("2") };
  struct row **v, *r;
  size_t n, seen = 0;
  (void)state;

  assert_non_null(src);
  assert_non_null(tgt);
  assert_int_equal(rowmap_add(src, a), 0);
  assert_int_equal(rowmap_add(src, b), 0);
  assert_int_equal(rowmap_add(src, c), 0);
  /* the source must be indexed first: else nothing is shadowed */
  assert_int_equal(rowmap_shadow(tgt, src), 0);
  assert_null(tgt->shadow);
  assert_true(rowmap_index(src) >= 0);
  assert_int_equal(rowmap_shadow(tgt, src), 0);
  assert_ptr_equal(tgt->shadow, src);

  assert_int_equal(rowmap_add(tgt, a), 0);    /* equal: shared */
  assert_int_equal(rowmap_add(tgt, b9), 0);   /* differs: stored */
  assert_int_equal(rowmap_add(tgt, d), 0);    /* target only: stored */
  assert_int_equal(rowmap_add(tgt, a2), 0);   /* a duplicate: dropped */
  assert_int_equal(tgt->count, 2);
  assert_int_equal(tgt->nshared, 1);
  assert_int_equal(rowmap_size(tgt), 3);

  r = rowmap_find(tgt, a);
  assert_non_null(r);
  assert_ptr_equal(r, rowmap_find(src, a));   /* the source's row */
  assert_true(rowmap_is_shared(tgt, r));
  r = rowmap_find(tgt, b);
  assert_non_null(r);
  assert_string_equal(row_ptr(r, 1), "9");
  assert_false(rowmap_is_shared(tgt, rowmap_find(src, b)));
  assert_null(rowmap_find(tgt, c));           /* not on the target */
  assert_non_null(rowmap_find(tgt, d));
  assert_ptr_equal(rowmap_find_row(tgt, rowmap_find(src, a)),
                   rowmap_find(src, a));
  assert_null(rowmap_find_row(tgt, rowmap_find(src, c)));

  for(r = rowmap_first(tgt); r; r = rowmap_next(tgt, r))
    seen++;
  assert_int_equal(seen, 3);
  v = rowmap_sorted(tgt, &n);
  assert_int_equal(n, 3);
  assert_string_equal(row_ptr(v[0], 0), "a");
  assert_string_equal(row_ptr(v[1], 1), "9");
  assert_string_equal(row_ptr(v[2], 0), "d");
  free(v);
  assert_int_equal(rowmap_sort(tgt), 0);
  v = rowmap_select(tgt, rowmap_find(src, a), 1, &n);
  assert_int_equal(n, 1);
  assert_ptr_equal(v[0], rowmap_find(src, a));
  free(v);
  rowmap_free(tgt);
  rowmap_free(src);
}

/* Only shared rows of the shadow: the map stores none of its own. */
static void test_shadow_all_shared(void **state)
{
  static const char *const kv_cols[] = { "k", "v" };
  struct rowmap *src = rowmap_new("t", kv_cols, 2, 1);
  struct rowmap *tgt = rowmap_new("t", kv_cols, 2, 1);
  struct rowval a[] = { S("a"), S("1") }, b[] = { S("b"), S("2") };
  struct row *r;
  size_t seen = 0;
  (void)state;

  assert_int_equal(rowmap_add(src, a), 0);
  assert_int_equal(rowmap_add(src, b), 0);
  assert_true(rowmap_index(src) >= 0);
  assert_int_equal(rowmap_shadow(tgt, src), 0);
  assert_int_equal(rowmap_add(tgt, b), 0);
  assert_int_equal(tgt->count, 0);
  for(r = rowmap_first(tgt); r; r = rowmap_next(tgt, r)) {
    assert_string_equal(row_ptr(r, 0), "b");
    seen++;
  }
  assert_int_equal(seen, 1);
  assert_null(rowmap_find(tgt, a));
  rowmap_free(tgt);
  rowmap_free(src);
}

static void test_new_bad_args(void **state)
{
  (void)state;
  assert_null(rowmap_new("t", cols, 2, 0));
  assert_null(rowmap_new("t", cols, 2, 3));
  assert_null(rowmap_new(NULL, cols, 2, 1));
  assert_null(rowmap_new("t", NULL, 2, 1));
  rowmap_free(NULL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_known_collisions),
    cmocka_unit_test(test_encoding_format),
    cmocka_unit_test(test_random_injective),
    cmocka_unit_test(test_decode_malformed),
    cmocka_unit_test(test_map_add_find),
    cmocka_unit_test(test_map_index_batches),
    cmocka_unit_test(test_sorted),
    cmocka_unit_test(test_select_sorted),
    cmocka_unit_test(test_key_cmp),
    cmocka_unit_test(test_rowval_equal),
    cmocka_unit_test(test_new_bad_args),
    cmocka_unit_test(test_shadow),
    cmocka_unit_test(test_shadow_all_shared),
    cmocka_unit_test(test_wide_rows_and_growth),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
