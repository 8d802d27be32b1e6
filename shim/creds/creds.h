/* SPDX-License-Identifier: Apache-2.0 */
/*
 * creds.h - one set of AWS credentials (creds/creds.c). Layer: above
 * core/util only; the handle (core/handle.h) holds one.
 */
#ifndef SHIM_CREDS_CREDS_H
#define SHIM_CREDS_CREDS_H

#include <time.h>

struct creds {
  char *access_key_id;
  char *secret_key;         /* secret */
  char *session_token;      /* secret */
  time_t expires;           /* 0: never */
  const char *source;       /* static name of the provider */
};

void creds_release(struct creds *c);   /* wipes secrets; accepts NULL */

#endif
