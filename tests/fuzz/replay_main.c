/* SPDX-License-Identifier: Apache-2.0 */
/*
 * replay_main.c - runs a fuzz target's LLVMFuzzerTestOneInput over files
 * (or every file in directories) without libFuzzer, so the seed corpora
 * and the regression inputs replay in every build: plain, sanitizers and
 * valgrind. Usage: replay_<target> FILE|DIR...
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
  FILE *f = fopen(path, "rb");
  uint8_t *data = NULL;
  size_t n = 0, cap = 0, got;
  if(!f) {
    perror(path);
    return 1;
  }
  do {
    if(n == cap) {
      uint8_t *nd;
      cap = cap ? 2 * cap : 4096;
      nd = realloc(data, cap);
      if(!nd) {
        free(data);
        fclose(f);
        return 1;
      }
      data = nd;
    }
    got = fread(data + n, 1, cap - n, f);
    n += got;
  } while(got);
  fclose(f);
  /* an exact-size copy, so ASan/valgrind see any overread */
  {
    uint8_t *exact = malloc(n ? n : 1);
    if(!exact) {
      free(data);
      return 1;
    }
    if(n)
      memcpy(exact, data, n);
    free(data);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
  }
  return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
  return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
  int i, bad = 0, runs = 0;
  for(i = 1; i < argc; i++) {
    struct stat st;
    if(stat(argv[i], &st)) {
      perror(argv[i]);
      return 1;
    }
    if(S_ISDIR(st.st_mode)) {
      struct dirent **ents;
      int n = scandir(argv[i], &ents, NULL, by_name), j;
      if(n < 0) {
        perror(argv[i]);
        return 1;
      }
      for(j = 0; j < n; j++) {
        char path[4096];
        if(ents[j]->d_name[0] != '.' &&
           snprintf(path, sizeof(path), "%s/%s", argv[i],
                    ents[j]->d_name) < (int)sizeof(path)) {
          bad |= run_file(path);
          runs++;
        }
        free(ents[j]);
      }
      free(ents);
    }
    else {
      bad |= run_file(argv[i]);
      runs++;
    }
  }
  printf("replayed %d inputs\n", runs);
  return bad;
}
