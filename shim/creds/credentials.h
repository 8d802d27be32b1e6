/*
 * credentials.h - AWS credentials and the provider chain that finds them
 * (creds/credentials.c). Layer: above core/handle, http/http, http/query,
 * creds/profile and rds/xml; called by rds/call.c and rds/token.c.
 * struct creds is included by core/handle.h (the handle holds one), so this
 * header includes nothing of the shim but rds_shim.h.
 */
#ifndef SHIM_CREDS_CREDENTIALS_H
#define SHIM_CREDS_CREDENTIALS_H

#include <time.h>

#include "rds_shim.h"

struct creds {
  char *access_key_id;
  char *secret_key;         /* secret */
  char *session_token;      /* secret */
  time_t expires;           /* 0: never */
  const char *source;       /* static name of the provider */
};

void creds_release(struct creds *c);   /* wipes secrets */
/* Makes sure h->creds is valid (resolving or refreshing). */
enum rds_shim_code creds_ensure(struct rds_shim *h);

#endif
