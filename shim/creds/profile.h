/* SPDX-License-Identifier: Apache-2.0 */
/*
 * profile.h - one section of the shared config / credentials files (INI),
 * read by creds/profile.c. Layer: above core/util; knows no handle.
 */
#ifndef SHIM_CREDS_PROFILE_H
#define SHIM_CREDS_PROFILE_H

#include <stddef.h>

#include "rds_shim.h"

/* One section of an INI file as key/value pairs (keys lower-cased). */
struct profile {
  struct rds_shim_tag *kv;
  size_t n, alloc;
  int found;                /* the section existed */
};

void shim_profile_init(struct profile *p);
/* Wipes the values (they may be secret). */
void shim_profile_release(struct profile *p);
/* Reads section 'section' of 'path' (config files name sections
 * "profile NAME" except "default": set config_style). A missing file is
 * not an error (found stays 0). -1 only on read/alloc failure. */
int shim_profile_load(struct profile *p, const char *path, const char *name,
                 int config_style);
const char *shim_profile_get(const struct profile *p, const char *key);
/* Default file paths: $AWS_CONFIG_FILE / $AWS_SHARED_CREDENTIALS_FILE or
 * ~/.aws/config, ~/.aws/credentials. Transferred (free()). */
char *shim_profile_config_path(void);
char *shim_profile_credentials_path(void);

#endif
