/* SPDX-License-Identifier: Apache-2.0 */
/*
 * credentials.h - the credential provider chain (creds/credentials.c):
 * finds the handle's credentials and refreshes them before they expire.
 * Layer: above core/handle, http/http, http/query, creds/profile and
 * rds/xml; called by rds/call.c and rds/token.c.
 */
#ifndef SHIM_CREDS_CREDENTIALS_H
#define SHIM_CREDS_CREDENTIALS_H

#include "rds_shim.h"

/* Makes sure h->creds is valid (resolving or refreshing). */
enum rds_shim_code creds_ensure(struct rds_shim *h);

#endif
