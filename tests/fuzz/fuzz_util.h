/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_util.h - a tiny reader over libFuzzer's input (as LLVM's
 * FuzzedDataProvider, in C) and helpers shared by the targets.
 */
#ifndef RDSCLONE_FUZZ_UTIL_H
#define RDSCLONE_FUZZ_UTIL_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1   /* memmem */
#endif

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <ctype.h>

struct fin {
  const uint8_t *p;
  size_t n;
};

static inline unsigned fin_byte(struct fin *f)
{
  if(!f->n)
    return 0;
  f->n--;
  return *f->p++;
}

/* The next piece: up to the next 0xff byte (not included), or the rest. */
static inline const uint8_t *fin_piece(struct fin *f, size_t *len)
{
  const uint8_t *s = f->p, *e = memchr(f->p, 0xff, f->n);
  *len = e ? (size_t)(e - s) : f->n;
  f->p += *len + (e ? 1 : 0);
  f->n -= *len + (e ? 1 : 0);
  return s;
}

/* A NUL-terminated copy of the next piece, NULs inside replaced by 'x'
 * (for APIs taking C strings). free() it. */
static inline char *fin_cstr(struct fin *f)
{
  size_t len, i;
  const uint8_t *s = fin_piece(f, &len);
  char *c = malloc(len + 1);
  if(!c)
    abort();
  for(i = 0; i < len; i++)
    c[i] = s[i] ? (char)s[i] : 'x';
  c[len] = 0;
  return c;
}

/* A NUL-terminated copy of all of data (NULs kept; C APIs stop there). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
  char *c = malloc(size + 1);
  if(!c)
    abort();
  memcpy(c, data, size);
  c[size] = 0;
  return c;
}

/* Writes data to a fresh temporary file; returns its path (free() it,
 * unlink it). */
static inline char *fuzz_tmpfile(const void *data, size_t size)
{
  char *path = strdup("/tmp/rdsclone-fuzz-XXXXXX");
  int fd;
  FILE *fp;
  if(!path)
    abort();
  fd = mkstemp(path);
  if(fd < 0)
    abort();
  fp = fdopen(fd, "wb");
  if(!fp)
    abort();
  if(size && fwrite(data, 1, size, fp) != size)
    abort();
  fclose(fp);
  return path;
}

#define FUZZ_CHECK(cond)                                                  \
  do {                                                                    \
    if(!(cond)) {                                                         \
      fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, \
              #cond);                                                     \
      abort();                                                            \
    }                                                                     \
  } while(0)

#endif
