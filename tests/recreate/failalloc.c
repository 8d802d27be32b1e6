/*
 * failalloc.c - an LD_PRELOAD allocator that fails: every allocation the
 * program itself makes (malloc, calloc, realloc, strdup, strndup called
 * from the main executable, which links librdsclone, the shim and the
 * CLI statically) after the first RDSCLONE_FAIL_ALLOC_AFTER of them
 * returns NULL, and keeps doing so (sticky, as memory that ran out stays
 * out). Allocations made inside shared libraries (libc's stdio, libconfig,
 * libcurl, ...) are left alone: their handling of NULL is theirs.
 *
 * At exit, when RDSCLONE_FAIL_ALLOC_REPORT names a file, writes to it the
 * number of the program's allocations and whether one was failed, so
 * that a driver knows when k has passed every allocation of a run.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

#define MAX_RANGES 16

static uintptr_t lo[MAX_RANGES], hi[MAX_RANGES];
static int nranges;
static long after = -1;          /* -1: fail nothing */
static long count;               /* the program's allocations so far */
static int failed;

static int main_program(struct dl_phdr_info *info, size_t size, void *ud)
{
  int i;
  (void)size;
  (void)ud;
  for(i = 0; i < info->dlpi_phnum && nranges < MAX_RANGES; i++)
    if(info->dlpi_phdr[i].p_type == PT_LOAD &&
       (info->dlpi_phdr[i].p_flags & PF_X)) {
      lo[nranges] = info->dlpi_addr + info->dlpi_phdr[i].p_vaddr;
      hi[nranges] = lo[nranges] + info->dlpi_phdr[i].p_memsz;
      nranges++;
    }
  return 1;   /* the first object is the main program */
}

__attribute__((constructor)) static void init(void)
{
  const char *k = getenv("RDSCLONE_FAIL_ALLOC_AFTER");
  char *end;

  dl_iterate_phdr(main_program, NULL);
  if(k && *k) {
    after = strtol(k, &end, 10);
    if(*end || after < 0)
      after = -1;
  }
}

__attribute__((destructor)) static void report(void)
{
  const char *path = getenv("RDSCLONE_FAIL_ALLOC_REPORT");
  FILE *f;

  if(!path || !*path)
    return;
  f = fopen(path, "w");
  if(f) {
    fprintf(f, "%ld %d\n", count, failed);
    fclose(f);
  }
}

/* Does this call from caller fail? Counts the program's calls. */
static int fail_now(const void *caller)
{
  uintptr_t a = (uintptr_t)caller;
  int i;

  for(i = 0; i < nranges; i++)
    if(a >= lo[i] && a < hi[i]) {
      count++;
      if(after >= 0 && count > after) {
        failed = 1;
        return 1;
      }
      return 0;
    }
  return 0;
}

void *malloc(size_t n)
{
  if(fail_now(__builtin_return_address(0)))
    return NULL;
  return __libc_malloc(n);
}

void *calloc(size_t n, size_t m)
{
  if(fail_now(__builtin_return_address(0)))
    return NULL;
  return __libc_calloc(n, m);
}

void *realloc(void *p, size_t n)
{
  if(fail_now(__builtin_return_address(0)))
    return NULL;
  return __libc_realloc(p, n);
}

char *strdup(const char *s)
{
  size_t n = strlen(s) + 1;
  char *d;

  if(fail_now(__builtin_return_address(0)))
    return NULL;
  d = __libc_malloc(n);
  if(d)
    memcpy(d, s, n);
  return d;
}

char *strndup(const char *s, size_t max)
{
  size_t n = strnlen(s, max);
  char *d;

  if(fail_now(__builtin_return_address(0)))
    return NULL;
  d = __libc_malloc(n + 1);
  if(d) {
    memcpy(d, s, n);
    d[n] = 0;
  }
  return d;
}
