/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rowmap.h - rows of one catalog table, keyed by their primary key.
 *
 * A rowmap holds the rows one SELECT returned (after the catalog module
 * shaped them), in a hash table keyed by the primary-key tuple (the first
 * 'nkey' columns). A row is a vector of nullable byte strings addressed by
 * column index (row_val(), row_ptr(), row_len()); the column names live
 * once in the map.
 *
 * Rows are stored compactly, because the two snapshots of the bench's
 * 50 000 accounts hold about 430 000 of them (an account, its objects,
 * its roles): one arena allocation per row holding its uthash handle,
 * ncols + 1 offsets and the value bytes (each NUL-terminated). Offsets
 * are two bytes, or four in the rare row whose bytes exceed 64 KB
 * ('wide'). A NULL value takes no bytes, so value i is NULL exactly when
 * off(i) == off(i + 1).
 * The table is uthash's; the key is not stored a second time as bytes:
 * rowmap.c hashes the key columns itself and compares them part by part
 * (uthash's HASH_KEYCMP and *_BYHASHVALUE hooks), which is equivalent to
 * comparing their injective encoding.
 *
 * Key encoding (rowmap_key_encode) is injective: each part is written as
 * "-" for NULL or "<decimal length>:" followed by the bytes, so no two
 * different tuples ever encode alike, whatever bytes they hold (the seed's
 * "a|b|" concatenation made ('a|b','c') and ('a','b|c') collide). It is
 * used for composite values (an authentication chain) and to order or
 * print keys (rowmap_row_key).
 *
 * Ownership: the map owns its rows. Pointers to rows and values stay valid
 * until the map is freed. Nothing here prints or aborts; allocation
 * failure returns -1 / NULL.
 */
#ifndef RDSCLONE_ROWMAP_H
#define RDSCLONE_ROWMAP_H

#include <stddef.h>
#include <string.h>
#include <stdint.h>
#include <uthash.h>

/* Most columns a rowmap table may have (the widest has 16). */
#define ROWMAP_MAX_COLS 32

struct rowval {
  const char *ptr;   /* NULL means SQL NULL; else NUL-terminated */
  size_t len;
};

struct row {
  UT_hash_handle hh;   /* rowmap.c only: hh.key is the row itself */
  uint16_t ncols;
  uint8_t nkey;
  uint8_t wide;        /* offsets are uint32_t, else uint16_t */
  uint32_t seq;        /* 0, 1, ... in the order rows were indexed (fits
                          in the header's padding), for per-row bitmaps */
  /* then ncols + 1 offsets into the value bytes that follow them */
};

struct rowmap_chunk;

struct rowmap {
  char *name;          /* logical table name, e.g. "account" */
  size_t ncols;
  size_t nkey;         /* the first nkey columns form the key */
  char **colnames;
  struct row *rows;    /* uthash head */
  size_t count;        /* rows added (duplicates leave when indexed) */
  /* added, not yet in the table: a list through their hh.next, which
   * uthash sets when it links them */
  struct row *pending, *pending_tail;
  size_t npending;
  struct rowmap_chunk *chunks;   /* arena the rows live in */
  /* rowmap_sort's view: every row, sorted by key tuple; NULL when none
   * was asked for or rows were added since */
  struct row **sorted;
  size_t nsorted;
  /* A target's map read while the source's is held (rowmap_shadow): a
   * row equal, in every column, to the source's row of its key is not
   * stored; bit seq of 'shared' marks that source row as being on this
   * side too. Lookups, iterations and sorted views see the union: the
   * rows stored here and the source's shared ones. */
  const struct rowmap *shadow;
  unsigned char *shared;
  size_t nshadow;      /* source rows the bitmap covers */
  size_t nshared;      /* source rows marked */
};

/* Offset i of a row (0 <= i <= ncols) into its value bytes. */
static inline size_t row_off(const struct row *r, size_t i)
{
  const void *o = r + 1;
  return r->wide ? ((const uint32_t *)o)[i] : ((const uint16_t *)o)[i];
}

/* The value bytes of a row (value i starts at row_off(r, i)). */
static inline const char *row_bytes(const struct row *r)
{
  return (const char *)(r + 1) + (r->ncols + 1) * (r->wide ? 4u : 2u);
}

/* Value i of a row: ptr NULL for SQL NULL, else NUL-terminated. */
static inline const char *row_ptr(const struct row *r, size_t i)
{
  size_t a = row_off(r, i);
  return a == row_off(r, i + 1) ? NULL : row_bytes(r) + a;
}

static inline size_t row_len(const struct row *r, size_t i)
{
  size_t a = row_off(r, i), b = row_off(r, i + 1);
  return a == b ? 0 : b - a - 1;
}

static inline struct rowval row_val(const struct row *r, size_t i)
{
  struct rowval v;
  size_t a = row_off(r, i), b = row_off(r, i + 1);
  v.ptr = a == b ? NULL : row_bytes(r) + a;
  v.len = a == b ? 0 : b - a - 1;
  return v;
}

/* Unpacks all r->ncols values into out (ROWMAP_MAX_COLS entries fit any
 * row) and returns out, for code that reads many columns of one row. */
struct rowval *row_unpack(const struct row *r, struct rowval *out);

/* Creates an empty map; colnames are copied. NULL on bad args (ncols above
 * ROWMAP_MAX_COLS) or OOM. */
struct rowmap *rowmap_new(const char *name, const char *const *colnames,
                          size_t ncols, size_t nkey);
void rowmap_free(struct rowmap *m);

/* Column index by name, or -1 (tests; inline, not in the library). */
static inline int rowmap_col(const struct rowmap *m, const char *colname)
{
  size_t i;
  for(i = 0; i < m->ncols; i++)
    if(!strcmp(m->colnames[i], colname))
      return (int)i;
  return -1;
}

/*
 * Adds a row of ncols values (ptr NULL = SQL NULL; len gives the bytes,
 * which may not contain NUL). The values are copied. Returns 0, or -1 on
 * OOM (or a NUL byte, or a row above 4 GB).
 *
 * Rows are indexed in bulk (rowmap_index), not one by one: added one at a
 * time, uthash doubles its table ~log2(n) times, relinking every row each
 * time, and each add walks a bucket of rows spread over the whole arena;
 * at 300 000 rows those cache misses were most of a snapshot's time.
 * Every lookup and iteration below indexes pending rows first, so callers
 * see no difference except when duplicates are dropped.
 */
int rowmap_add(struct rowmap *m, const struct rowval *vals);

/*
 * Makes m (empty or not, the same columns and key as src) compare each
 * row added from now on with src's row of its key: an equal row is not
 * stored but src's is marked shared (a second one of that key is
 * dropped, as rowmap_index drops duplicates). Every reader of m then
 * sees src's shared rows as its own: borrowed from src, so src must
 * outlive m's readers. src must be indexed and no longer change; it is
 * only read (by the thread that adds to m). 0, or -1 on OOM. Does
 * nothing (0) when src has rows pending or other columns.
 */
int rowmap_shadow(struct rowmap *m, const struct rowmap *src);

/* 1 when row r of m's shadow (the source) was marked shared: the
 * target holds an equal row. */
int rowmap_is_shared(const struct rowmap *m, const struct row *r);

/* Rows m holds itself plus the shadow's shared ones. */
static inline size_t rowmap_size(const struct rowmap *m)
{
  return m->count + m->nshared;
}

/* Puts the rows added since the last call into the table, sized for all
 * of them at once. A row whose key is already present replaces nothing:
 * it is dropped (the first kept) and 'count' no longer counts it. Returns
 * the number of rows dropped as duplicates, or -1 on OOM (the rows not
 * indexed stay pending). Lookups and iterations call this themselves
 * (their map is const: its content does not change, only where it is
 * kept), so a map must be indexed before several threads read it. */
long rowmap_index(struct rowmap *m);

/* Finds the row whose key columns equal those of 'vals' (a full row or at
 * least nkey values). Borrowed; NULL when absent. */
struct row *rowmap_find(const struct rowmap *m, const struct rowval *keyvals);
/* Finds the row of m with the same key tuple as row r of another map with
 * the same key columns. Borrowed; NULL when absent. */
struct row *rowmap_find_row(const struct rowmap *m, const struct row *r);

/* Asks the CPU to fetch the bucket where m would look for row r's key
 * (r of a map with the same key columns, already indexed), or with
 * 'chain' the first row of that bucket: issued for the bucket some rows
 * ahead of rowmap_find_row and for the chain a few rows later, it hides
 * that lookup's first two cache misses. A hint only; does nothing on an
 * empty or unindexed map. */
void rowmap_prefetch(const struct rowmap *m, const struct row *r, int chain);

/* Iteration in no particular order: first row, then the next one; NULL
 * at the end. The map must not change meanwhile. */
struct row *rowmap_first(const struct rowmap *m);
struct row *rowmap_next(const struct rowmap *m, const struct row *r);

/* Keeps a view of the map's rows sorted by key tuple, so rowmap_select
 * is a binary search; built once the rows are in (like rowmap_index,
 * before threads share the map). 0, or -1 on OOM. */
int rowmap_sort(struct rowmap *m);

/* Rows sorted by key tuple (rowmap_row_cmp) into a newly malloc'd array (free() it);
 * *n gets the count. NULL with *n == 0 for an empty map or on OOM (then
 * *n is (size_t)-1). */
struct row **rowmap_sorted(const struct rowmap *m, size_t *n);

/* The rows whose first nparts key parts equal those of row 'like' (of
 * any map with the same key columns), sorted as rowmap_sorted sorts,
 * in a malloc'd array like rowmap_sorted's (same NULL and *n rules). */
struct row **rowmap_select(const struct rowmap *m, const struct row *like,
                           size_t nparts, size_t *n);

/* Orders two rows by their key tuples as rowmap_key_cmp orders their
 * encoded keys: part by part, bytewise, NULL before any value. */
int rowmap_row_cmp(const struct row *a, const struct row *b);
/* 1 when rows a and b (of maps with the same key columns, both
 * indexed) have the same key tuple; their hashes are compared first. */
int rowmap_row_same_key(const struct row *a, const struct row *b);
/* 1 when the first nparts key parts of a and b are equal. */
int rowmap_row_prefix_eq(const struct row *a, const struct row *b,
                         size_t nparts);
/* The encoded key of a row, malloc'd; *keylen gets its length. */
char *rowmap_row_key(const struct row *r, size_t *keylen);

/* Encodes nparts values into a malloc'd key; *keylen gets its length. */
char *rowmap_key_encode(const struct rowval *parts, size_t nparts,
                        size_t *keylen);
/* Decodes a key into at most maxparts parts pointing into 'key' (lengths
 * given, values not NUL-terminated). Returns the number of parts, or -1
 * when the key is malformed or has more than maxparts parts. */
int rowmap_key_decode(const char *key, size_t keylen, struct rowval *parts,
                      size_t maxparts);

/* Bytes taken by the first nparts parts of a well-formed encoded key
 * (keylen when it has no more parts). */
size_t rowmap_key_prefix_len(const char *key, size_t keylen, size_t nparts);

/* Orders two well-formed encoded keys as their tuples: part by part,
 * bytewise, NULL before any value, a shorter tuple first. Keys sharing
 * their first k parts are therefore adjacent in this order. */
int rowmap_key_cmp(const char *a, size_t alen, const char *b, size_t blen);

/* Equality of two values, NULL equal only to NULL. */
int rowval_equal(const struct rowval *a, const struct rowval *b);

#endif
