/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_cfg.c - the configuration loader (agent/cli/cfg.c, libconfig), the
 * one reader of every command: any file loads or is refused with
 * "FILE:LINE: cause"; no crash or leak. A loaded pairs list has unique,
 * non-empty names and every pair both uris; the recreate group's numbers
 * are in their ranges (or unset) and every endpoint has an identifier and
 * a URI. Inputs naming @include are skipped (they would fuzz the file
 * system).
 */
#include "fuzz_util.h"
#include "cli/cfg.h"
#include "core/options.h"

#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct cfg c;
  struct rdsclone_options *o;
  char err[1024];
  char *path;
  enum rdsclone_code rc;

  if(memmem(data, size, "include", 7))
    return 0;
  path = fuzz_tmpfile(data, size);
  memset(&c, 0, sizeof(c));
  o = rdsclone_options_new();
  if(!o)
    return 0;
  err[0] = 0;
  rc = cfg_load(&c, path, o, err, sizeof(err));
  if(rc != RDSCLONE_OK) {
    FUZZ_CHECK(rc == RDSCLONE_E_CONFIG || rc == RDSCLONE_E_NOMEM);
    FUZZ_CHECK(err[0] != 0 && memchr(err, 0, sizeof(err)));
  }
  else {
    size_t i;
    for(i = 0; i < o->ninclude; i++)
      FUZZ_CHECK(o->include[i] != NULL);
    for(i = 0; i < o->nexclude; i++)
      FUZZ_CHECK(o->exclude[i] != NULL);
    FUZZ_CHECK(!c.has_pairs || c.npairs > 0);
    FUZZ_CHECK(c.recreate.wait_timeout >= 0 &&
               c.recreate.wait_timeout <= 7 * 86400);
    FUZZ_CHECK(!c.recreate.poll_ms || (c.recreate.poll_ms >= 10 &&
                                       c.recreate.poll_ms <= 600000));
    FUZZ_CHECK(!c.recreate.max_poll_ms ||
               (c.recreate.max_poll_ms >= 10 &&
                c.recreate.max_poll_ms <= 600000));
    FUZZ_CHECK(c.nendpoints <= CFG_MAX_ENDPOINTS);
    for(i = 0; i < c.nendpoints; i++)
      FUZZ_CHECK(c.endpoints[i].id && c.endpoints[i].uri);
    for(i = 0; i < c.npairs; i++) {
      size_t j;
      FUZZ_CHECK(c.pairs[i].name && c.pairs[i].name[0]);
      FUZZ_CHECK(c.pairs[i].opts->source.uri && c.pairs[i].opts->target.uri);
      FUZZ_CHECK(!c.pairs[i].opts->source.password_env);
      for(j = 0; j < i; j++)
        FUZZ_CHECK(strcmp(c.pairs[i].name, c.pairs[j].name) != 0);
    }
  }
  cfg_release(&c);
  rdsclone_options_free(o);
  unlink(path);
  free(path);
  return 0;
}
