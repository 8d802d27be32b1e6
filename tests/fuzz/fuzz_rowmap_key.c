/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_rowmap_key.c - the row-map key encoding (agent/rowmap.c).
 *
 * Properties, for tuples A and B built from the input (parts of any bytes,
 * NULL parts included):
 *   decode(encode(A)) == A;
 *   encode(A) == encode(B) exactly when A == B (injective);
 *   rowmap_key_cmp(encode(A), encode(B)) has the sign of the reference
 *   tuple order (part by part, NULL first, bytewise, shorter first) and is
 *   antisymmetric; rowmap_key_prefix_len(encode(A), k) == len(encode(A[:k])).
 * The raw input is also decoded as a key: malformed keys are refused, and a
 * key that decodes re-encodes to the same bytes (the encoding is canonical).
 * Finally both tuples go through a rowmap (add, find, duplicate, sorted).
 */
#include "fuzz_util.h"
#include "core/rowmap.h"

#define MAXP 8

struct tuple {
  size_t n;
  struct rowval v[MAXP];
};

static void take(struct fin *f, struct tuple *t)
{
  size_t i;
  t->n = fin_byte(f) % (MAXP + 1);
  for(i = 0; i < t->n; i++) {
    size_t len;
    const uint8_t *s = fin_piece(f, &len);
    if(len == 1 && s[0] == 0xfe) {       /* NULL part */
      t->v[i].ptr = NULL;
      t->v[i].len = 0;
    }
    else {
      t->v[i].ptr = (const char *)s;
      t->v[i].len = len;
    }
  }
}

static int sign(int c) { return (c > 0) - (c < 0); }

static int ref_cmp(const struct tuple *a, const struct tuple *b)
{
  size_t i;
  for(i = 0; i < a->n && i < b->n; i++) {
    const struct rowval *x = &a->v[i], *y = &b->v[i];
    size_t n;
    int c;
    if(!x->ptr || !y->ptr) {
      if(x->ptr || y->ptr)
        return x->ptr ? 1 : -1;
      continue;
    }
    n = x->len < y->len ? x->len : y->len;
    c = n ? memcmp(x->ptr, y->ptr, n) : 0;
    if(c)
      return sign(c);
    if(x->len != y->len)
      return x->len < y->len ? -1 : 1;
  }
  return a->n == b->n ? 0 : (a->n < b->n ? -1 : 1);
}

static void round_trip(const struct tuple *t, char **key, size_t *keylen)
{
  struct rowval back[MAXP + 1];
  size_t i, k;
  int n;
  *key = rowmap_key_encode(t->v, t->n, keylen);
  FUZZ_CHECK(*key != NULL);
  n = rowmap_key_decode(*key, *keylen, back, MAXP + 1);
  FUZZ_CHECK(n == (int)t->n);
  for(i = 0; i < t->n; i++)
    FUZZ_CHECK(rowval_equal(&back[i], &t->v[i]));
  FUZZ_CHECK(rowmap_key_cmp(*key, *keylen, *key, *keylen) == 0);
  for(k = 0; k <= t->n; k++) {
    size_t plen, want;
    char *pre = rowmap_key_encode(t->v, k, &plen);
    FUZZ_CHECK(pre != NULL);
    want = rowmap_key_prefix_len(*key, *keylen, k);
    FUZZ_CHECK(want == plen && !memcmp(pre, *key, plen));
    free(pre);
  }
}

static void raw_decode(const uint8_t *data, size_t size)
{
  struct rowval parts[64];
  int n = rowmap_key_decode((const char *)data, size, parts, 64);
  if(n >= 0) {
    size_t len;
    char *again = rowmap_key_encode(parts, (size_t)n, &len);
    FUZZ_CHECK(again != NULL);
    FUZZ_CHECK(len == size && (!size || !memcmp(again, data, size)));
    FUZZ_CHECK(rowmap_key_cmp((const char *)data, size, again, len) == 0);
    free(again);
  }
}

static void through_map(const struct tuple *a, const struct tuple *b)
{
  static const char *const cols[MAXP + 1] = {
    "k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "v"
  };
  struct rowval ra[MAXP + 1], rb[MAXP + 1];
  struct rowmap *m;
  struct row **sorted;
  size_t n, i, nkey = a->n < b->n ? a->n : b->n;
  int same;
  if(!nkey)
    return;
  m = rowmap_new("t", cols, nkey + 1, nkey);
  FUZZ_CHECK(m != NULL);
  for(i = 0; i < nkey; i++) {
    ra[i] = a->v[i];
    rb[i] = b->v[i];
    /* rowmap values hold no NUL: keep such parts out of the map test */
    if((ra[i].ptr && memchr(ra[i].ptr, 0, ra[i].len)) ||
       (rb[i].ptr && memchr(rb[i].ptr, 0, rb[i].len))) {
      rowmap_free(m);
      return;
    }
  }
  ra[nkey].ptr = "a"; ra[nkey].len = 1;
  rb[nkey].ptr = "b"; rb[nkey].len = 1;
  same = 1;
  for(i = 0; i < nkey; i++)
    same &= rowval_equal(&ra[i], &rb[i]);
  FUZZ_CHECK(rowmap_add(m, ra) == 0);
  FUZZ_CHECK(rowmap_add(m, rb) == 0);
  FUZZ_CHECK(rowmap_index(m) == (same ? 1 : 0));
  FUZZ_CHECK(m->count == (same ? 1u : 2u));
  FUZZ_CHECK(rowmap_find(m, ra) != NULL && rowmap_find(m, rb) != NULL);
  sorted = rowmap_sorted(m, &n);
  FUZZ_CHECK(sorted != NULL && n == m->count);
  if(n == 2) {
    size_t l0, l1;
    char *k0 = rowmap_row_key(sorted[0], &l0);
    char *k1 = rowmap_row_key(sorted[1], &l1);
    FUZZ_CHECK(k0 != NULL && k1 != NULL);
    FUZZ_CHECK(rowmap_key_cmp(k0, l0, k1, l1) < 0);
    FUZZ_CHECK(rowmap_row_cmp(sorted[0], sorted[1]) < 0);
    FUZZ_CHECK(rowmap_row_prefix_eq(sorted[0], sorted[1], nkey) == 0);
    free(k0);
    free(k1);
  }
  free(sorted);
  rowmap_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct fin f = { data, size };
  struct tuple a, b;
  char *ka, *kb;
  size_t la, lb;
  int c, r;

  raw_decode(data, size);
  take(&f, &a);
  take(&f, &b);
  round_trip(&a, &ka, &la);
  round_trip(&b, &kb, &lb);
  r = ref_cmp(&a, &b);
  c = rowmap_key_cmp(ka, la, kb, lb);
  FUZZ_CHECK(sign(c) == r);
  FUZZ_CHECK(sign(rowmap_key_cmp(kb, lb, ka, la)) == -r);
  FUZZ_CHECK((la == lb && !memcmp(ka, kb, la)) == (r == 0));
  through_map(&a, &b);
  free(ka);
  free(kb);
  return 0;
}
