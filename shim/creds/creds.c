/* SPDX-License-Identifier: Apache-2.0 */
/*
 * creds.c - one set of AWS credentials as a value: its secrets are wiped
 * before they are freed. Finding credentials is creds/credentials.c.
 */
#include "creds/creds.h"

#include <string.h>

#include "core/util.h"

void creds_release(struct creds *c)
{
  if(!c)
    return;
  shim_free_secret(c->access_key_id);
  shim_free_secret(c->secret_key);
  shim_free_secret(c->session_token);
  memset(c, 0, sizeof(*c));
}
