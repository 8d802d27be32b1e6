/*
 * rowmap.h - rows of one catalog table, keyed by their primary key.
 *
 * A rowmap holds the rows one SELECT returned (after the catalog module
 * shaped them), in a uthash table keyed by the encoded primary-key tuple.
 * A row is a vector of nullable byte strings addressed by column index; the
 * column names live once in the map. The first 'nkey' columns are the key.
 *
 * Key encoding (rowmap_key_encode) is injective: each part is written as
 * "-" for NULL or "<decimal length>:" followed by the bytes, so no two
 * different tuples ever encode alike, whatever bytes they hold (the seed's
 * "a|b|" concatenation made ('a|b','c') and ('a','b|c') collide).
 *
 * Ownership: the map owns its rows; a row's values are one allocation.
 * Pointers to rows and values stay valid until the map is freed.
 * Nothing here prints or aborts; allocation failure returns -1 / NULL.
 */
#ifndef RDSCLONE_ROWMAP_H
#define RDSCLONE_ROWMAP_H

#include <stddef.h>
#include <uthash.h>

struct rowval {
  const char *ptr;   /* NULL means SQL NULL; else NUL-terminated */
  size_t len;
};

struct row {
  UT_hash_handle hh;
  char *key;          /* encoded key, keylen bytes */
  size_t keylen;
  struct rowval *vals; /* ncols values */
};

struct rowmap {
  char *name;          /* logical table name, e.g. "account" */
  size_t ncols;
  size_t nkey;         /* the first nkey columns form the key */
  char **colnames;
  struct row *rows;    /* uthash head */
  size_t count;
};

/* Creates an empty map; colnames are copied. NULL on bad args or OOM. */
struct rowmap *rowmap_new(const char *name, const char *const *colnames,
                          size_t ncols, size_t nkey);
void rowmap_free(struct rowmap *m);

/* Column index by name, or -1. */
int rowmap_col(const struct rowmap *m, const char *colname);

/*
 * Adds a row of ncols values (ptr NULL = SQL NULL; len gives the bytes,
 * which may not contain NUL). The values are copied. A row whose key is
 * already present replaces nothing: returns 1 and keeps the first.
 * Returns 0 when added, 1 on duplicate key, -1 on OOM.
 */
int rowmap_add(struct rowmap *m, const struct rowval *vals);

/* Finds the row whose key columns equal those of 'vals' (a full row or at
 * least nkey values). Borrowed; NULL when absent or on OOM. */
struct row *rowmap_find(const struct rowmap *m, const struct rowval *keyvals);
struct row *rowmap_find_key(const struct rowmap *m, const char *key,
                            size_t keylen);

/* Rows sorted by key tuple (rowmap_key_cmp) into a newly malloc'd array (free() it);
 * *n gets the count. NULL with *n == 0 for an empty map or on OOM (then
 * *n is (size_t)-1). */
struct row **rowmap_sorted(const struct rowmap *m, size_t *n);

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
