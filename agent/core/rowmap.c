/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rowmap.c - hash maps of catalog rows keyed by their primary-key tuple,
 * rows stored compactly in a per-map arena. See rowmap.h for the contract
 * and the row layout.
 */
#include <stddef.h>
#include <stdint.h>

struct row;
struct rowval;
static int keycmp(const struct row *r, const struct rowval *v, size_t nkey);
/* uthash compares a stored row's key (hh.key is the row) with a lookup's
 * (a rowval tuple) through this, after the hashes (hash_parts) matched. */
#define HASH_KEYCMP(a, b, n) \
  keycmp((const struct row *)(a), (const struct rowval *)(b), (n))
/* An allocation failure inside uthash fails the add (hh.tbl left NULL)
 * instead of exiting: the library never ends the process. */
#define HASH_NONFATAL_OOM 1
#include "core/rowmap.h"

#include <stdlib.h>
#include <string.h>

/* Rows are carved from chunks of this size (bigger rows get their own
 * chunk); they are never freed one by one, only with the map, so an arena
 * saves malloc's per-allocation header and the per-row free() calls. */
#define CHUNK_SIZE (64 * 1024)

struct rowmap_chunk {
  struct rowmap_chunk *next;
  size_t used, cap;
  unsigned char data[];   /* at offset 24: 8-aligned, as rows need */
};

static void *arena_alloc(struct rowmap *m, size_t size)
{
  struct rowmap_chunk *c = m->chunks;
  size = (size + 7) & ~(size_t)7;
  if(!c || c->cap - c->used < size) {
    size_t cap = size > CHUNK_SIZE - sizeof(*c) ? size
                                                : CHUNK_SIZE - sizeof(*c);
    c = malloc(sizeof(*c) + cap);
    if(!c)
      return NULL;
    c->used = 0;
    c->cap = cap;
    /* keep the chunk with room in front; a big row's own chunk behind */
    if(m->chunks && cap == size) {
      c->next = m->chunks->next;
      m->chunks->next = c;
    }
    else {
      c->next = m->chunks;
      m->chunks = c;
    }
  }
  c->used += size;
  return c->data + c->used - size;
}

struct rowval *row_unpack(const struct row *r, struct rowval *out)
{
  size_t i;
  for(i = 0; i < r->ncols; i++)
    out[i] = row_val(r, i);
  return out;
}

struct rowmap *rowmap_new(const char *name, const char *const *colnames,
                          size_t ncols, size_t nkey)
{
  struct rowmap *m;
  size_t i;

  if(!name || !colnames || !ncols || !nkey || nkey > ncols ||
     ncols > ROWMAP_MAX_COLS)
    return NULL;
  m = calloc(1, sizeof(*m));
  if(!m)
    return NULL;
  m->name = strdup(name);
  m->colnames = calloc(ncols, sizeof(char *));
  if(!m->name || !m->colnames) {
    rowmap_free(m);
    return NULL;
  }
  m->ncols = ncols;
  m->nkey = nkey;
  for(i = 0; i < ncols; i++) {
    m->colnames[i] = strdup(colnames[i]);
    if(!m->colnames[i]) {
      rowmap_free(m);
      return NULL;
    }
  }
  return m;
}

void rowmap_free(struct rowmap *m)
{
  struct rowmap_chunk *c, *next;
  size_t i;

  if(!m)
    return;
  HASH_CLEAR(hh, m->rows);   /* the table; the rows go with the arena */
  free(m->sorted);
  free(m->shared);
  for(c = m->chunks; c; c = next) {
    next = c->next;
    free(c);
  }
  if(m->colnames) {
    for(i = 0; i < m->ncols; i++)
      free(m->colnames[i]);
    free(m->colnames);
  }
  free(m->name);
  free(m);
}

/* ------------------------------------------------------------------ */
/* Hashing and comparing key tuples                                    */

#define ROWMAP_HASH_K 0x9E3779B97F4A7C15ULL

static uint64_t hash_mix(uint64_t h, uint64_t w)
{
  h = (h ^ w) * ROWMAP_HASH_K;
  return h ^ (h >> 29);
}

/* A hash of the tuple: each part's length (0 for NULL, len + 1 else)
 * then its bytes, eight at a time. Equal tuples hash alike; unequal
 * ones may collide and are told apart by comparing the parts. */
static uint32_t hash_parts(const struct rowval *v, size_t n)
{
  uint64_t h = 0x243F6A8885A308D3ULL;
  size_t i;
  for(i = 0; i < n; i++) {
    const char *p = v[i].ptr;
    size_t len = v[i].len;
    h = hash_mix(h, p ? (uint64_t)len + 1 : 0);
    if(!p)
      continue;
    while(len >= 8) {
      uint64_t w;
      memcpy(&w, p, 8);
      h = hash_mix(h, w);
      p += 8;
      len -= 8;
    }
    if(len) {
      uint64_t w = 0;
      memcpy(&w, p, len);
      h = hash_mix(h, w);
    }
  }
  return (uint32_t)(h ^ (h >> 32));
}

/* 0 when the key columns of r equal the nkey values of v, as memcmp. */
static int keycmp(const struct row *r, const struct rowval *v, size_t nkey)
{
  size_t i;
  for(i = 0; i < nkey; i++) {
    struct rowval x = row_val(r, i);
    if(!rowval_equal(&x, &v[i]))
      return 1;
  }
  return 0;
}

static struct row *find_hashed(const struct rowmap *m, uint32_t hash,
                               const struct rowval *keyvals)
{
  struct row *r = NULL;
  HASH_FIND_BYHASHVALUE(hh, m->rows, keyvals, (unsigned)m->nkey, hash, r);
  return r;
}

/* ------------------------------------------------------------------ */
/* The shadow: the source's rows a target's map shares                 */

int rowmap_shadow(struct rowmap *m, const struct rowmap *src)
{
  if(src->npending || src->ncols != m->ncols || src->nkey != m->nkey)
    return 0;
  free(m->shared);
  m->shared = calloc(src->count / 8 + 1, 1);
  if(!m->shared)
    return -1;
  m->shadow = src;
  m->nshadow = src->count;
  m->nshared = 0;
  return 0;
}

int rowmap_is_shared(const struct rowmap *m, const struct row *r)
{
  return m->shared && r && r->seq < m->nshadow &&
         (m->shared[r->seq / 8] & (1u << (r->seq % 8)));
}

/* 1 when the row 'vals' (key hash 'hash') need not be stored in m: the
 * shadow has a row of that key equal in every column (now marked
 * shared), or one already marked (vals is a duplicate, dropped). */
static int shadow_take(struct rowmap *m, uint32_t hash,
                       const struct rowval *vals)
{
  struct row *r = find_hashed(m->shadow, hash, vals);
  size_t i;
  if(!r || r->seq >= m->nshadow)
    return 0;
  if(rowmap_is_shared(m, r))
    return 1;
  for(i = m->nkey; i < m->ncols; i++) {
    struct rowval x = row_val(r, i);
    if(!rowval_equal(&x, &vals[i]))
      return 0;
  }
  m->shared[r->seq / 8] |= (unsigned char)(1u << (r->seq % 8));
  m->nshared++;
  return 1;
}

int rowmap_add(struct rowmap *m, const struct rowval *vals)
{
  size_t i, datalen = 0, offsize;
  uint32_t hash;
  struct row *r;
  char *p;
  void *offs;

  for(i = 0; i < m->ncols; i++) {
    if(!vals[i].ptr)
      continue;
    if(memchr(vals[i].ptr, 0, vals[i].len))
      return -1;
    datalen += vals[i].len + 1;
    if(datalen > UINT32_MAX)
      return -1;
  }
  if(m->count >= UINT32_MAX)
    return -1;   /* seq would wrap */
  hash = hash_parts(vals, m->nkey);
  if(m->shadow && shadow_take(m, hash, vals))
    return 0;
  offsize = datalen > UINT16_MAX ? 4 : 2;
  r = arena_alloc(m, sizeof(*r) + (m->ncols + 1) * offsize + datalen);
  if(!r)
    return -1;
  r->ncols = (uint16_t)m->ncols;
  r->nkey = (uint8_t)m->nkey;
  r->wide = offsize == 4;
  offs = r + 1;
  p = (char *)offs + (m->ncols + 1) * offsize;
  datalen = 0;
  for(i = 0; i <= m->ncols; i++) {
    if(offsize == 4)
      ((uint32_t *)offs)[i] = (uint32_t)datalen;
    else
      ((uint16_t *)offs)[i] = (uint16_t)datalen;
    if(i == m->ncols || !vals[i].ptr)
      continue;   /* NULL: no bytes, off(i) == off(i + 1) */
    memcpy(p + datalen, vals[i].ptr, vals[i].len);
    p[datalen + vals[i].len] = 0;
    datalen += vals[i].len + 1;
  }
  r->hh.hashv = hash;   /* kept for rowmap_index, which links the row */
  r->hh.next = NULL;
  if(m->pending)
    m->pending_tail->hh.next = r;
  else
    m->pending = r;
  m->pending_tail = r;
  m->npending++;
  m->count++;
  return 0;
}

/* Rows indexed ahead of the one being linked, whose bucket is fetched
 * into the cache meanwhile (a bucket is a cache miss on a big table). */
#define INDEX_PREFETCH 8

long rowmap_index(struct rowmap *m)
{
  struct row *r, *next, *ahead = m->pending;
  size_t i, want;
  long dropped = 0;
  int oomed = 0;

  if(!m->npending)
    return 0;
  /* size the table once for all rows (at most ~2 a bucket, where
   * uthash's doublings would end up); the first row creates it */
  if(!m->rows) {
    r = m->pending;
    next = r->hh.next;
    HASH_ADD_KEYPTR_BYHASHVALUE(hh, m->rows, r, (unsigned)m->nkey,
                                r->hh.hashv, r);
    if(!m->rows || !r->hh.tbl)
      return -1;   /* uthash could not allocate (HASH_NONFATAL_OOM) */
    r->seq = 0;
    m->pending = next;
    m->npending--;
  }
  want = m->rows->hh.tbl->num_items + m->npending;
  while(m->rows->hh.tbl->num_buckets < want / 2 && !oomed &&
        m->rows->hh.tbl->num_buckets < (1u << 30))
    HASH_EXPAND_BUCKETS(hh, m->rows->hh.tbl, oomed);
  for(i = 0, ahead = m->pending; ahead && i < INDEX_PREFETCH; i++)
    ahead = ahead->hh.next;
  for(r = m->pending; r; r = next) {
    struct rowval k[ROWMAP_MAX_COLS];
    UT_hash_table *t = m->rows->hh.tbl;
    next = r->hh.next;
    if(ahead) {
      __builtin_prefetch(&t->buckets[ahead->hh.hashv &
                                     (t->num_buckets - 1)]);
      ahead = ahead->hh.next;
    }
    for(i = 0; i < m->nkey; i++)
      k[i] = row_val(r, i);
    m->pending = next;
    m->npending--;
    if(find_hashed(m, r->hh.hashv, k)) {
      dropped++;   /* the row stays in the arena, unreachable */
      m->count--;
      continue;
    }
    r->seq = t->num_items;
    HASH_ADD_KEYPTR_BYHASHVALUE(hh, m->rows, r, (unsigned)m->nkey,
                                r->hh.hashv, r);
    if(!r->hh.tbl) {   /* HASH_NONFATAL_OOM: this row and the rest wait */
      r->hh.next = next;
      m->pending = r;
      m->npending++;
      return -1;
    }
  }
  m->pending_tail = NULL;
  return dropped;
}

/* Readers index what was added since (rowmap.h: the content is the
 * same, only where it is kept changes). */
static void index_pending(const struct rowmap *m)
{
  if(m->npending)
    (void)rowmap_index((struct rowmap *)m);
}

/* The shadow's row of that key when it is shared, else NULL. */
static struct row *find_shared(const struct rowmap *m, uint32_t hash,
                               const struct rowval *keyvals)
{
  struct row *r;
  if(!m->shadow || !m->nshared)
    return NULL;
  r = find_hashed(m->shadow, hash, keyvals);
  return rowmap_is_shared(m, r) ? r : NULL;
}

struct row *rowmap_find(const struct rowmap *m, const struct rowval *keyvals)
{
  uint32_t hash = hash_parts(keyvals, m->nkey);
  struct row *r;
  index_pending(m);
  r = find_hashed(m, hash, keyvals);
  return r ? r : find_shared(m, hash, keyvals);
}

struct row *rowmap_find_row(const struct rowmap *m, const struct row *r)
{
  struct rowval k[ROWMAP_MAX_COLS];
  struct row *found;
  size_t i;
  if(r->nkey != m->nkey)
    return NULL;
  index_pending(m);
  for(i = 0; i < m->nkey; i++)
    k[i] = row_val(r, i);
  /* the same hash function on the same tuple: reuse r's hash */
  found = find_hashed(m, r->hh.hashv, k);
  return found ? found : find_shared(m, r->hh.hashv, k);
}

void rowmap_prefetch(const struct rowmap *m, const struct row *r, int chain)
{
  const UT_hash_table *t = m->rows ? m->rows->hh.tbl : NULL;
  const UT_hash_bucket *b;
  if(!t || m->npending)
    return;
  b = &t->buckets[r->hh.hashv & (t->num_buckets - 1)];
  if(!chain)
    __builtin_prefetch(b);
  else if(b->hh_head)
    __builtin_prefetch(b->hh_head);
}

/* The first shared row of the shadow from r on (r included), or NULL. */
static struct row *shared_from(const struct rowmap *m, struct row *r)
{
  while(r && !rowmap_is_shared(m, r))
    r = r->hh.next;
  return r;
}

/* The map's own rows first, then the shadow's shared ones; a row is the
 * map's own when it sits in the map's uthash table. */
struct row *rowmap_first(const struct rowmap *m)
{
  index_pending(m);
  if(m->rows)
    return m->rows;
  return m->nshared ? shared_from(m, m->shadow->rows) : NULL;
}

struct row *rowmap_next(const struct rowmap *m, const struct row *r)
{
  if(!m->nshared)
    return r->hh.next;
  if(m->rows && r->hh.tbl == m->rows->hh.tbl)
    return r->hh.next ? (struct row *)r->hh.next
                      : shared_from(m, m->shadow->rows);
  return shared_from(m, r->hh.next);
}

/* Orders two key parts: NULL first, then bytewise, a prefix first. */
static int part_cmp(const struct rowval *x, const struct rowval *y)
{
  size_t l;
  int c;
  if(!x->ptr || !y->ptr)
    return x->ptr ? 1 : y->ptr ? -1 : 0;
  l = x->len < y->len ? x->len : y->len;
  c = memcmp(x->ptr, y->ptr, l);
  if(c)
    return c;
  return x->len == y->len ? 0 : x->len < y->len ? -1 : 1;
}

int rowmap_row_cmp(const struct row *a, const struct row *b)
{
  size_t i, n = a->nkey < b->nkey ? a->nkey : b->nkey;
  for(i = 0; i < n; i++) {
    struct rowval x = row_val(a, i), y = row_val(b, i);
    int c = part_cmp(&x, &y);
    if(c)
      return c;
  }
  return a->nkey == b->nkey ? 0 : a->nkey < b->nkey ? -1 : 1;
}

int rowmap_row_same_key(const struct row *a, const struct row *b)
{
  return a->nkey == b->nkey && a->hh.hashv == b->hh.hashv &&
         rowmap_row_prefix_eq(a, b, a->nkey);
}

int rowmap_row_prefix_eq(const struct row *a, const struct row *b,
                         size_t nparts)
{
  size_t i;
  if(nparts > a->nkey || nparts > b->nkey)
    return 0;
  for(i = 0; i < nparts; i++) {
    struct rowval x = row_val(a, i), y = row_val(b, i);
    if(!rowval_equal(&x, &y))
      return 0;
  }
  return 1;
}

char *rowmap_row_key(const struct row *r, size_t *keylen)
{
  struct rowval k[ROWMAP_MAX_COLS];
  size_t i;
  for(i = 0; i < r->nkey; i++)
    k[i] = row_val(r, i);
  return rowmap_key_encode(k, r->nkey, keylen);
}

/* ------------------------------------------------------------------ */
/* Encoded keys                                                        */

/* Decimal digits of n. */
static size_t ndigits(size_t n)
{
  size_t d = 1;
  while(n >= 10) {
    n /= 10;
    d++;
  }
  return d;
}

char *rowmap_key_encode(const struct rowval *parts, size_t nparts,
                        size_t *keylen)
{
  size_t i, total = 0;
  char *key, *p;

  for(i = 0; i < nparts; i++) {
    size_t s = parts[i].ptr ? ndigits(parts[i].len) + 1 + parts[i].len : 1;
    if(s > SIZE_MAX - total - 1)
      return NULL;
    total += s;
  }
  key = malloc(total + 1);   /* +1: never malloc(0) */
  if(!key)
    return NULL;
  p = key;
  for(i = 0; i < nparts; i++) {
    const struct rowval *v = &parts[i];
    size_t d, n;
    if(!v->ptr) {
      *p++ = '-';
      continue;
    }
    /* the length in decimal, written backwards from its last digit */
    d = ndigits(v->len);
    for(n = v->len; d; n /= 10)
      p[--d] = (char)('0' + n % 10);
    p += ndigits(v->len);
    *p++ = ':';
    memcpy(p, v->ptr, v->len);
    p += v->len;
  }
  *keylen = (size_t)(p - key);
  return key;
}

int rowmap_key_decode(const char *key, size_t keylen, struct rowval *parts,
                      size_t maxparts)
{
  size_t pos = 0, n = 0;

  while(pos < keylen) {
    size_t len = 0;
    int digits = 0;
    if(n == maxparts)
      return -1;
    if(key[pos] == '-') {
      parts[n].ptr = NULL;
      parts[n].len = 0;
      n++;
      pos++;
      continue;
    }
    while(pos < keylen && key[pos] >= '0' && key[pos] <= '9') {
      if(len > (SIZE_MAX - 9) / 10 || ++digits > 20)
        return -1;
      len = len * 10 + (size_t)(key[pos] - '0');
      pos++;
    }
    /* a canonical length has digits and no leading zero */
    if(!digits || (digits > 1 && key[pos - (size_t)digits] == '0'))
      return -1;
    if(pos >= keylen || key[pos] != ':')
      return -1;
    pos++;
    if(len > keylen - pos)
      return -1;
    parts[n].ptr = key + pos;
    parts[n].len = len;
    n++;
    pos += len;
  }
  return (int)n;
}

/* Reads the part at *pos: returns 0 (and advances) or -1 at the end. */
static int next_part(const char *key, size_t keylen, size_t *pos,
                     struct rowval *v)
{
  size_t len = 0;
  if(*pos >= keylen)
    return -1;
  if(key[*pos] == '-') {
    v->ptr = NULL;
    v->len = 0;
    (*pos)++;
    return 0;
  }
  while(*pos < keylen && key[*pos] != ':')
    len = len * 10 + (size_t)(key[(*pos)++] - '0');
  (*pos)++;
  v->ptr = key + *pos;
  v->len = len;
  *pos += len;
  return 0;
}

size_t rowmap_key_prefix_len(const char *key, size_t keylen, size_t nparts)
{
  size_t pos = 0, i;
  struct rowval v;
  for(i = 0; i < nparts; i++)
    if(next_part(key, keylen, &pos, &v))
      return keylen;
  return pos < keylen ? pos : keylen;
}

int rowmap_key_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
  size_t pa = 0, pb = 0;
  for(;;) {
    struct rowval x, y;
    int ea = next_part(a, alen, &pa, &x), eb = next_part(b, blen, &pb, &y);
    int c;
    if(ea || eb)
      return ea - eb;   /* the shorter tuple first */
    c = part_cmp(&x, &y);
    if(c)
      return c;
  }
}

static int row_cmp(const void *a, const void *b)
{
  return rowmap_row_cmp(*(const struct row *const *)a,
                        *(const struct row *const *)b);
}

struct row **rowmap_sorted(const struct rowmap *m, size_t *n)
{
  struct row **v, *r;
  size_t i = 0;

  *n = 0;
  index_pending(m);
  if(!rowmap_size(m))
    return NULL;
  v = malloc(rowmap_size(m) * sizeof(*v));
  if(!v) {
    *n = (size_t)-1;
    return NULL;
  }
  for(r = rowmap_first(m); r; r = rowmap_next(m, r))
    v[i++] = r;
  qsort(v, i, sizeof(*v), row_cmp);
  *n = i;
  return v;
}

/* The order of rows by their first nparts key parts. */
static int row_prefix_cmp(const struct row *a, const struct row *b,
                          size_t nparts)
{
  size_t i;
  for(i = 0; i < nparts; i++) {
    struct rowval x = row_val(a, i), y = row_val(b, i);
    int c = part_cmp(&x, &y);
    if(c)
      return c;
  }
  return 0;
}

int rowmap_sort(struct rowmap *m)
{
  size_t n;
  free(m->sorted);
  m->sorted = rowmap_sorted(m, &n);
  m->nsorted = m->sorted ? n : 0;
  return n == (size_t)-1 ? -1 : 0;
}

/* rowmap_select through the sorted view: a binary search for the first
 * row of the prefix, then the run of rows that share it. */
static struct row **select_sorted(const struct rowmap *m,
                                  const struct row *like, size_t nparts,
                                  size_t *n)
{
  size_t lo = 0, hi = m->nsorted, end;
  struct row **v;

  while(lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if(row_prefix_cmp(m->sorted[mid], like, nparts) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  for(end = lo; end < m->nsorted &&
      rowmap_row_prefix_eq(m->sorted[end], like, nparts); end++)
    ;
  *n = end - lo;
  if(!*n)
    return NULL;
  v = malloc(*n * sizeof(*v));
  if(!v) {
    *n = (size_t)-1;
    return NULL;
  }
  memcpy(v, m->sorted + lo, *n * sizeof(*v));
  return v;
}

struct row **rowmap_select(const struct rowmap *m, const struct row *like,
                           size_t nparts, size_t *n)
{
  struct row **v = NULL, *r;
  size_t i = 0, alloc = 0;

  *n = 0;
  if(m->sorted && !m->npending && m->nsorted == rowmap_size(m) &&
     nparts <= like->nkey)
    return select_sorted(m, like, nparts, n);
  for(r = rowmap_first(m); r; r = rowmap_next(m, r)) {
    if(!rowmap_row_prefix_eq(r, like, nparts))
      continue;
    if(i == alloc) {
      struct row **nv;
      alloc = alloc ? alloc * 2 : 8;
      nv = realloc(v, alloc * sizeof(*v));
      if(!nv) {
        free(v);
        *n = (size_t)-1;
        return NULL;
      }
      v = nv;
    }
    v[i++] = r;
  }
  if(i)
    qsort(v, i, sizeof(*v), row_cmp);
  *n = i;
  return v;
}

int rowval_equal(const struct rowval *a, const struct rowval *b)
{
  if(!a->ptr || !b->ptr)
    return !a->ptr && !b->ptr;
  return a->len == b->len && !memcmp(a->ptr, b->ptr, a->len);
}
