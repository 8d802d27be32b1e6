/*
 * rowmap.c - uthash maps of catalog rows keyed by an injective encoding of
 * their primary-key tuple. See rowmap.h for the contract.
 */
#include "rowmap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rowmap *rowmap_new(const char *name, const char *const *colnames,
                          size_t ncols, size_t nkey)
{
  struct rowmap *m;
  size_t i;

  if(!name || !colnames || !ncols || !nkey || nkey > ncols)
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
  struct row *r, *tmp;
  size_t i;

  if(!m)
    return;
  HASH_ITER(hh, m->rows, r, tmp) {
    HASH_DEL(m->rows, r);
    free(r);   /* key and values live in the same allocation */
  }
  if(m->colnames) {
    for(i = 0; i < m->ncols; i++)
      free(m->colnames[i]);
    free(m->colnames);
  }
  free(m->name);
  free(m);
}

int rowmap_col(const struct rowmap *m, const char *colname)
{
  size_t i;
  for(i = 0; i < m->ncols; i++)
    if(!strcmp(m->colnames[i], colname))
      return (int)i;
  return -1;
}

/* Bytes the encoding of one part takes. */
static size_t part_size(const struct rowval *v)
{
  char digits[24];
  if(!v->ptr)
    return 1;
  return (size_t)snprintf(digits, sizeof(digits), "%zu", v->len) + 1 +
         v->len;
}

static char *part_write(char *p, const struct rowval *v)
{
  int n;
  if(!v->ptr) {
    *p++ = '-';
    return p;
  }
  n = snprintf(p, 24, "%zu:", v->len);   /* caller sized the buffer */
  p += n;
  memcpy(p, v->ptr, v->len);
  return p + v->len;
}

char *rowmap_key_encode(const struct rowval *parts, size_t nparts,
                        size_t *keylen)
{
  size_t i, total = 0;
  char *key, *p;

  for(i = 0; i < nparts; i++) {
    size_t s = part_size(&parts[i]);
    if(s > SIZE_MAX - total - 24)
      return NULL;
    total += s;
  }
  /* +24: snprintf writes its NUL after the last length prefix */
  key = malloc(total + 24);
  if(!key)
    return NULL;
  p = key;
  for(i = 0; i < nparts; i++)
    p = part_write(p, &parts[i]);
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

int rowmap_add(struct rowmap *m, const struct rowval *vals)
{
  size_t i, keylen, datalen = 0;
  char *key, *p;
  struct row *r, *dup;

  for(i = 0; i < m->ncols; i++) {
    if(vals[i].ptr && memchr(vals[i].ptr, 0, vals[i].len))
      return -1;
    if(vals[i].ptr)
      datalen += vals[i].len + 1;
  }
  key = rowmap_key_encode(vals, m->nkey, &keylen);
  if(!key)
    return -1;
  HASH_FIND(hh, m->rows, key, keylen, dup);
  if(dup) {
    free(key);
    return 1;
  }
  /* one allocation: the row, its value vector, the key and the bytes */
  r = malloc(sizeof(*r) + m->ncols * sizeof(struct rowval) + keylen +
             datalen);
  if(!r) {
    free(key);
    return -1;
  }
  memset(r, 0, sizeof(*r));
  r->vals = (struct rowval *)(r + 1);
  p = (char *)(r->vals + m->ncols);
  memcpy(p, key, keylen);
  free(key);
  r->key = p;
  r->keylen = keylen;
  p += keylen;
  for(i = 0; i < m->ncols; i++) {
    if(!vals[i].ptr) {
      r->vals[i].ptr = NULL;
      r->vals[i].len = 0;
      continue;
    }
    memcpy(p, vals[i].ptr, vals[i].len);
    p[vals[i].len] = 0;
    r->vals[i].ptr = p;
    r->vals[i].len = vals[i].len;
    p += vals[i].len + 1;
  }
  HASH_ADD_KEYPTR(hh, m->rows, r->key, r->keylen, r);
  m->count++;
  return 0;
}

struct row *rowmap_find_key(const struct rowmap *m, const char *key,
                            size_t keylen)
{
  struct row *r;
  HASH_FIND(hh, m->rows, key, keylen, r);
  return r;
}

struct row *rowmap_find(const struct rowmap *m, const struct rowval *keyvals)
{
  size_t keylen;
  char *key = rowmap_key_encode(keyvals, m->nkey, &keylen);
  struct row *r;
  if(!key)
    return NULL;
  r = rowmap_find_key(m, key, keylen);
  free(key);
  return r;
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
    size_t n;
    int c;
    if(ea || eb)
      return ea - eb;   /* the shorter tuple first */
    if(!x.ptr || !y.ptr) {
      if(x.ptr || y.ptr)
        return x.ptr ? 1 : -1;   /* NULL first */
      continue;
    }
    n = x.len < y.len ? x.len : y.len;
    c = memcmp(x.ptr, y.ptr, n);
    if(c)
      return c;
    if(x.len != y.len)
      return x.len < y.len ? -1 : 1;
  }
}

static int row_cmp(const void *a, const void *b)
{
  const struct row *x = *(const struct row *const *)a;
  const struct row *y = *(const struct row *const *)b;
  return rowmap_key_cmp(x->key, x->keylen, y->key, y->keylen);
}

struct row **rowmap_sorted(const struct rowmap *m, size_t *n)
{
  struct row **v, *r, *tmp;
  size_t i = 0;

  *n = 0;
  if(!m->count)
    return NULL;
  v = malloc(m->count * sizeof(*v));
  if(!v) {
    *n = (size_t)-1;
    return NULL;
  }
  HASH_ITER(hh, m->rows, r, tmp)
    v[i++] = r;
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
