/* SPDX-License-Identifier: Apache-2.0 */
/* test_util.c - see test_util.h */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *testdata_dir;

char *tu_read(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  char *p = NULL;
  long n;
  if(!f)
    return NULL;
  if(fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
     fseek(f, 0, SEEK_SET) == 0) {
    p = malloc((size_t)n + 1);
    if(p && fread(p, 1, (size_t)n, f) != (size_t)n) {
      free(p);
      p = NULL;
    }
    if(p) {
      p[n] = 0;
      if(len)
        *len = (size_t)n;
    }
  }
  fclose(f);
  return p;
}

const char *tu_path(const char *rel)
{
  static char buf[4096];
  int n = snprintf(buf, sizeof(buf), "%s/%s", testdata_dir, rel);
  if(n < 0 || (size_t)n >= sizeof(buf))
    return "";
  return buf;
}

int tu_init(int argc, char **argv)
{
  struct stat st;
  testdata_dir = argc > 1 ? argv[1] : getenv("RDS_SHIM_TESTDATA");
  if(!testdata_dir || stat(testdata_dir, &st) || !S_ISDIR(st.st_mode)) {
    fprintf(stderr, "test data directory not found (argv[1] or "
            "RDS_SHIM_TESTDATA): %s\n", testdata_dir ? testdata_dir : "-");
    return -1;
  }
  return 0;
}
