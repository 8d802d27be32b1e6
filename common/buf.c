/* SPDX-License-Identifier: Apache-2.0 */
/*
 * buf.c - growable capped buffer; see buf.h for the invariants.
 */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(struct buf *b, size_t cap)
{
  b->ptr = NULL;
  b->len = 0;
  b->alloc = 0;
  b->cap = cap;
  b->failed = BUF_OK;
}

void buf_release(struct buf *b)
{
  free(b->ptr);
  b->ptr = NULL;
  b->len = 0;
  b->alloc = 0;
  b->failed = BUF_OK;
}

/* Frees the contents and remembers why: every later add is a no-op. */
static enum buf_result buf_fail(struct buf *b, enum buf_result why)
{
  free(b->ptr);
  b->ptr = NULL;
  b->len = 0;
  b->alloc = 0;
  b->failed = why;
  return why;
}

enum buf_result buf_failed(const struct buf *b)
{
  return b->failed;
}

void buf_release_secret(struct buf *b)
{
  if(b->ptr) {
    /* volatile so the compiler cannot drop the wipe before free() */
    volatile char *p = b->ptr;
    size_t i;
    for(i = 0; i < b->alloc; i++)
      p[i] = 0;
  }
  buf_release(b);
}

void buf_reset(struct buf *b)
{
  b->len = 0;
  if(b->ptr)
    b->ptr[0] = 0;
}

/* Makes room for 'extra' more bytes plus a NUL. */
static enum buf_result buf_grow(struct buf *b, size_t extra)
{
  size_t need, n;
  char *p;

  if(b->failed)
    return b->failed;
  if(extra > b->cap || b->len > b->cap - extra)
    return buf_fail(b, BUF_TOO_BIG);
  need = b->len + extra + 1;
  if(need <= b->alloc)
    return BUF_OK;
  n = b->alloc ? b->alloc : 32;
  while(n < need)
    n = (n > ((size_t)-1) / 2) ? need : n * 2;
  if(n > b->cap + 1)
    n = b->cap + 1;
  p = realloc(b->ptr, n);
  if(!p)
    return buf_fail(b, BUF_NOMEM);
  b->ptr = p;
  b->alloc = n;
  return BUF_OK;
}

enum buf_result buf_add(struct buf *b, const void *mem, size_t len)
{
  enum buf_result r = buf_grow(b, len);
  if(r)
    return r;
  if(len)
    memcpy(b->ptr + b->len, mem, len);
  b->len += len;
  b->ptr[b->len] = 0;
  return BUF_OK;
}

enum buf_result buf_adds(struct buf *b, const char *s)
{
  return buf_add(b, s, strlen(s));
}

enum buf_result buf_addc(struct buf *b, char c)
{
  /* room for the byte and the NUL: no checks beyond this one */
  if(b->ptr && b->len + 1 < b->alloc) {
    b->ptr[b->len++] = c;
    b->ptr[b->len] = 0;
    return BUF_OK;
  }
  return buf_add(b, &c, 1);
}

enum buf_result buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
  va_list ap2;
  int n;
  enum buf_result r;

  va_copy(ap2, ap);
  n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if(b->failed)
    return b->failed;
  if(n < 0)
    return buf_fail(b, BUF_NOMEM);
  r = buf_grow(b, (size_t)n);
  if(r)
    return r;
  vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
  return BUF_OK;
}

enum buf_result buf_addf(struct buf *b, const char *fmt, ...)
{
  va_list ap;
  enum buf_result r;
  va_start(ap, fmt);
  r = buf_vaddf(b, fmt, ap);
  va_end(ap);
  return r;
}

const char *buf_str(const struct buf *b)
{
  return b->ptr ? b->ptr : "";
}

char *buf_take(struct buf *b)
{
  char *p = b->ptr;
  if(b->failed)
    p = NULL;
  else if(!p)
    p = calloc(1, 1);
  b->ptr = NULL;
  b->len = 0;
  b->alloc = 0;
  b->failed = BUF_OK;
  return p;
}
