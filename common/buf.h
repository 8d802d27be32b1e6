/* SPDX-License-Identifier: Apache-2.0 */
/*
 * buf.h - a growable, size-capped byte buffer (after curl's dynbuf and
 * git's strbuf), shared by the agent and the shim.
 *
 * Invariants:
 *  - after buf_init(), b->len is the number of bytes held and, once anything
 *    was added, b->ptr is NUL-terminated (the NUL is not counted in len);
 *  - a buffer never grows past the cap given to buf_init(); an add that would
 *    pass it, or that cannot allocate, frees the contents and returns
 *    BUF_TOO_BIG / BUF_NOMEM;
 *  - that failure is sticky (as PostgreSQL's PQExpBuffer): every later add
 *    is a no-op returning it, buf_failed() reports it and buf_take()
 *    returns NULL, so a caller may append without checking each add and
 *    check once at the end; no output is ever silently truncated;
 *  - buf_take() transfers the memory to the caller (free with free());
 *    buf_release() frees it; both leave the buffer empty and not failed.
 * Nothing here writes to stdout/stderr or aborts.
 */
#ifndef RDSCLONE_BUF_H
#define RDSCLONE_BUF_H

#include <stdarg.h>
#include <stddef.h>

enum buf_result { BUF_OK = 0, BUF_NOMEM, BUF_TOO_BIG };

struct buf {
  char *ptr;      /* NULL until the first add */
  size_t len;     /* bytes held, excluding the terminating NUL */
  size_t alloc;   /* bytes allocated */
  size_t cap;     /* most bytes the buffer may ever hold */
  enum buf_result failed;  /* sticky: the first failure, or BUF_OK */
};

#define BUF_CAP_SQL   (16u * 1024 * 1024)  /* one SQL statement */
#define BUF_CAP_HTTP  (64u * 1024 * 1024)  /* one HTTP body */
#define BUF_CAP_SMALL (64u * 1024)         /* a name, a config value */

void buf_init(struct buf *b, size_t cap);
enum buf_result buf_add(struct buf *b, const void *mem, size_t len);
enum buf_result buf_adds(struct buf *b, const char *s);
enum buf_result buf_addc(struct buf *b, char c);
enum buf_result buf_addf(struct buf *b, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
enum buf_result buf_vaddf(struct buf *b, const char *fmt, va_list ap)
  __attribute__((format(printf, 2, 0)));
/* The failure an earlier add met (sticky until release/take), or BUF_OK. */
enum buf_result buf_failed(const struct buf *b);
/* Contents as a string: "" (static) when empty. Borrowed until next change. */
const char *buf_str(const struct buf *b);
/* Transfers the contents (NUL-terminated, possibly "" freshly allocated);
 * NULL only on allocation failure. */
char *buf_take(struct buf *b);
/* len = 0, keeps the allocation; a failure stays (check buf_failed) */
void buf_reset(struct buf *b);
void buf_release(struct buf *b);    /* frees, leaves an empty buffer */
/* Overwrites the contents with zeros before freeing (passwords, keys). */
void buf_release_secret(struct buf *b);

#endif
