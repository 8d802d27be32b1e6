/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_shim_credentials.c - the AWS shared config / credentials files
 * (shim/creds/profile.c) and the JSON credential documents of the ECS and
 * IMDS providers (shim/creds/credentials.c json_creds, reached by including the
 * file: it is static there).
 *
 * The input is written to a file and loaded as a credentials file, a
 * config file (section "profile NAME"), for the profiles "default" and
 * "fuzz"; then parsed as a JSON credential document. Properties: a key
 * read back is lower-case and trimmed; parsed credentials have a key id
 * and a secret.
 */
#include "fuzz_util.h"
#include "../../shim/creds/credentials.c"

#include <ctype.h>
#include <unistd.h>

static void load(const char *path, const char *name, int config_style)
{
  struct profile p;
  size_t i;
  shim_profile_init(&p);
  if(shim_profile_load(&p, path, name, config_style) == 0) {
    for(i = 0; i < p.n; i++) {
      const char *k = p.kv[i].key, *v = p.kv[i].value;
      size_t kl = strlen(k), vl = strlen(v);
      FUZZ_CHECK(kl > 0 && !isspace((unsigned char)k[0]) &&
                 !isspace((unsigned char)k[kl - 1]));
      FUZZ_CHECK(!vl || (!isspace((unsigned char)v[0]) &&
                         !isspace((unsigned char)v[vl - 1])));
      for(; *k; k++)
        FUZZ_CHECK(!isupper((unsigned char)*k));
      FUZZ_CHECK(shim_profile_get(&p, p.kv[i].key) != NULL);
    }
  }
  shim_profile_release(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *path = fuzz_tmpfile(data, size);
  char *body = fuzz_cstr(data, size);
  struct creds c;

  load(path, "default", 0);
  load(path, "default", 1);
  load(path, "fuzz", 0);
  load(path, "fuzz", 1);
  unlink(path);
  free(path);

  memset(&c, 0, sizeof(c));
  if(json_creds(body, &c, "fuzz") == 0) {
    FUZZ_CHECK(c.access_key_id != NULL && c.secret_key != NULL);
  }
  creds_release(&c);
  free(body);
  return 0;
}
