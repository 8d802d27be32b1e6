/* SPDX-License-Identifier: Apache-2.0 */
/*
 * util.c - small helpers of the shim library: the environment and secrets
 * (and the public rds_shim_secret_free, which is the same thing).
 */
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "rds_shim.h"

const char *shim_getenv(const char *name)
{
  const char *v = getenv(name);
  return v && *v ? v : NULL;
}

void shim_free_secret(char *s)
{
  if(s) {
    OPENSSL_cleanse(s, strlen(s));
    free(s);
  }
}

void rds_shim_secret_free(char *s)
{
  shim_free_secret(s);
}
