/*
 * failmalloc.c - an LD_PRELOAD allocator that fails: with
 * FAILMALLOC_AFTER=k, the first k calls of malloc, calloc and realloc
 * succeed and every later one returns NULL (ENOMEM), as on a machine whose
 * memory ran out. With FAILMALLOC_COUNT=FILE the number of calls made is
 * written to FILE at exit, so a test knows the range of k worth trying.
 * Counting starts when main() is entered: the libraries' constructors
 * (GnuTLS, OpenSSL) run before it and are not what is tested. Nor is
 * libconfig (Debian 12's 1.5): its parser dereferences a failed calloc
 * and its scanner exit()s with status 2 when malloc fails, so the
 * allocations it asks for itself are never failed (FAILMALLOC_SPARE, a
 * substring of the library's file name; default "libconfig"). Nor is
 * glibc's NSS, which asserts when it cannot allocate while loading the
 * services database (nss_database.c): that database is loaded once
 * before counting starts, as MariaDB's client library would load it.
 * glibc's own allocator does the work (__libc_*), and glibc routes its
 * internal allocations through these symbols too (strdup, stdio).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);

static long fail_after = -1;     /* -1: never fail, only count */
static long calls;
static int armed;                /* main() was entered */

static const char *spare = "libconfig";

/* Whether the code at caller belongs to the spared library. */
static int spared(const void *caller)
{
  Dl_info info;
  return spare && *spare && dladdr(caller, &info) && info.dli_fname &&
         strstr(info.dli_fname, spare);
}

static int should_fail(const void *caller)
{
  long n;
  if(!__atomic_load_n(&armed, __ATOMIC_ACQUIRE) || spared(caller))
    return 0;
  n = __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED);
  if(fail_after >= 0 && n > fail_after) {
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
  const char *s = getenv("FAILMALLOC_AFTER");
  if(s && *s)
    fail_after = strtol(s, NULL, 10);
  if(getenv("FAILMALLOC_SPARE"))
    spare = getenv("FAILMALLOC_SPARE");
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

__attribute__((destructor)) static void report_count(void)
{
  const char *path = getenv("FAILMALLOC_COUNT");
  char line[32];
  int fd, len;
  if(!path || !*path)
    return;
  fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if(fd < 0)
    return;
  len = snprintf(line, sizeof(line), "%ld\n", calls);
  if(write(fd, line, (size_t)len) < 0)
    len = 0;
  close(fd);
}
