/* SPDX-License-Identifier: Apache-2.0 */
/*
 * failmalloc.c - an LD_PRELOAD allocator that fails, for the tests of
 * out of memory: with FAILMALLOC_AFTER=k the first k counted allocations
 * (malloc, calloc, realloc, strdup, strndup) succeed and every later one
 * returns NULL with ENOMEM, as on a machine whose memory ran out (sticky).
 *
 * FAILMALLOC_SCOPE says which allocations count:
 *   all      (default) every one, wherever it is made, except those of the
 *            spared libraries (below);
 *   program  only those the main executable makes itself (it links
 *            librdsclone, the shim and the CLI statically): the shared
 *            libraries' own handling of NULL is left out.
 * Counting starts when main() is entered: the libraries' constructors
 * (GnuTLS, OpenSSL) run before it and are not what is tested.
 *
 * Spared in scope all, because they cannot survive a failed allocation and
 * rdsclone cannot catch that:
 *  - libconfig (Debian 12's 1.5): its parser dereferences a failed calloc
 *    and its scanner exit()s with status 2 (FAILMALLOC_SPARE names such a
 *    library by a substring of its file name; default "libconfig");
 *  - glibc's NSS asserts when it cannot allocate while loading the
 *    services database (nss_database.c): it is loaded before counting
 *    starts, as MariaDB's client library would load it.
 *
 * FAILMALLOC_COUNT=FILE: at exit, "COUNT FAILED" is written to FILE (the
 * allocations counted; 1 when one was failed), so a test knows the range
 * of k worth trying. glibc's own allocator does the work (__libc_*).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);

#define MAX_RANGES 16

static long fail_after = -1;     /* -1: never fail, only count */
static long calls;
static int failed;
static int armed;                /* main() was entered */
static int program_only;         /* FAILMALLOC_SCOPE=program */
static const char *spare = "libconfig";
/* Where code lies: the program's, and the spared library's. Found once,
 * when counting starts (a lookup per allocation, as dladdr does, takes
 * the loader's lock and makes a run a hundred times slower). */
struct code {
  uintptr_t lo[MAX_RANGES], hi[MAX_RANGES];
  int n;
};
static struct code program, spared_code;

static void add_code(struct code *c, const struct dl_phdr_info *info)
{
  int i;
  for(i = 0; i < info->dlpi_phnum && c->n < MAX_RANGES; i++)
    if(info->dlpi_phdr[i].p_type == PT_LOAD &&
       (info->dlpi_phdr[i].p_flags & PF_X)) {
      c->lo[c->n] = info->dlpi_addr + info->dlpi_phdr[i].p_vaddr;
      c->hi[c->n] = c->lo[c->n] + info->dlpi_phdr[i].p_memsz;
      c->n++;
    }
}

static int find_code(struct dl_phdr_info *info, size_t size, void *ud)
{
  int *first = ud;
  (void)size;
  if(*first)
    add_code(&program, info);   /* the first object is the program */
  else if(spare && *spare && info->dlpi_name &&
          strstr(info->dlpi_name, spare))
    add_code(&spared_code, info);
  *first = 0;
  return 0;
}

static int in_code(const struct code *c, const void *caller)
{
  uintptr_t a = (uintptr_t)caller;
  int i;
  for(i = 0; i < c->n; i++)
    if(a >= c->lo[i] && a < c->hi[i])
      return 1;
  return 0;
}

/* Does this allocation, asked for by the code at caller, fail? */
static int should_fail(const void *caller)
{
  long n;
  if(!__atomic_load_n(&armed, __ATOMIC_ACQUIRE))
    return 0;
  if(program_only ? !in_code(&program, caller)
                  : in_code(&spared_code, caller))
    return 0;
  n = __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED);
  if(fail_after >= 0 && n > fail_after) {
    failed = 1;
    errno = ENOMEM;
    return 1;
  }
  return 0;
}

typedef int (*main_fn)(int, char **, char **);
typedef int (*start_fn)(main_fn, int, char **, void (*)(void),
                        void (*)(void), void (*)(void), void *);
static main_fn real_main;

static int armed_main(int argc, char **argv, char **envp)
{
  int first = 1;
  const char *s = getenv("FAILMALLOC_AFTER");
  if(s && *s)
    fail_after = strtol(s, NULL, 10);
  s = getenv("FAILMALLOC_SCOPE");
  program_only = s && !strcmp(s, "program");
  if(getenv("FAILMALLOC_SPARE"))
    spare = getenv("FAILMALLOC_SPARE");
  dl_iterate_phdr(find_code, &first);
  getservbyname("mysql", "tcp");
  __atomic_store_n(&armed, 1, __ATOMIC_RELEASE);
  return real_main(argc, argv, envp);
}

/* glibc calls main through this: arm the allocator there. */
int __libc_start_main(main_fn main, int argc, char **argv,
                      void (*init)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end)
{
  start_fn real = (start_fn)dlsym(RTLD_NEXT, "__libc_start_main");
  real_main = main;
  return real(armed_main, argc, argv, init, fini, rtld_fini, stack_end);
}

void *malloc(size_t n)
{
  return should_fail(__builtin_return_address(0)) ? NULL
                                                 : __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
  return should_fail(__builtin_return_address(0)) ? NULL
                                                 : __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
  /* realloc(p, 0) frees: never "fails" */
  if(p && !n)
    return __libc_realloc(p, n);
  return should_fail(__builtin_return_address(0)) ? NULL
                                                 : __libc_realloc(p, n);
}

/* strdup and strndup (and __strdup, which code built against older glibc
 * headers calls, libconfig among it): so that the scopes see who asked. */
char *strndup(const char *s, size_t max)
{
  size_t n = strnlen(s, max);
  char *d;
  if(should_fail(__builtin_return_address(0)))
    return NULL;
  d = __libc_malloc(n + 1);
  if(d) {
    memcpy(d, s, n);
    d[n] = 0;
  }
  return d;
}

char *strdup(const char *s)
{
  size_t n = strlen(s);
  char *d;
  if(should_fail(__builtin_return_address(0)))
    return NULL;
  d = __libc_malloc(n + 1);
  if(d)
    memcpy(d, s, n + 1);
  return d;
}

char *__strdup(const char *s)
{
  size_t n = strlen(s);
  char *d;
  if(should_fail(__builtin_return_address(0)))
    return NULL;
  d = __libc_malloc(n + 1);
  if(d)
    memcpy(d, s, n + 1);
  return d;
}

__attribute__((destructor)) static void report_count(void)
{
  const char *path = getenv("FAILMALLOC_COUNT");
  char line[48];
  int fd, len;
  if(!path || !*path)
    return;
  fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if(fd < 0)
    return;
  len = snprintf(line, sizeof(line), "%ld %d\n", calls, failed);
  if(write(fd, line, (size_t)len) < 0)
    len = 0;
  close(fd);
}
