/* SPDX-License-Identifier: Apache-2.0 */
/*
 * handle.c - the handle's error message and log callback, and the static
 * descriptions of the codes. Opening, resolving and freeing a handle is
 * rds/shim.c's; this file is what every layer below it may call.
 */
#include "core/handle.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *rds_shim_strerror(enum rds_shim_code code)
{
  switch(code) {
  case RDS_SHIM_OK: return "no error";
  case RDS_SHIM_OUT_OF_MEMORY: return "out of memory";
  case RDS_SHIM_BAD_ARGUMENT: return "invalid argument";
  case RDS_SHIM_NO_CREDENTIALS: return "no AWS credentials found";
  case RDS_SHIM_NO_REGION: return "no or unknown AWS region";
  case RDS_SHIM_CONFIG: return "configuration error";
  case RDS_SHIM_TRANSPORT: return "could not reach the endpoint";
  case RDS_SHIM_AWS_ERROR: return "AWS returned an error";
  case RDS_SHIM_BAD_RESPONSE: return "malformed or unexpected response";
  case RDS_SHIM_NOT_FOUND: return "DB instance not found";
  case RDS_SHIM_TERMINAL_STATUS:
    return "DB instance reached a terminal status";
  case RDS_SHIM_DEADLINE: return "deadline passed";
  case RDS_SHIM_CRYPTO: return "cryptographic operation failed";
  case RDS_SHIM_THROTTLED: return "request throttled on every attempt";
  }
  return "unknown error";
}

enum rds_shim_code shim_fail(struct rds_shim *h, enum rds_shim_code code,
                             const char *fmt, ...)
{
  va_list ap;
  if(!h)
    return code;
  h->last_code = code;
  va_start(ap, fmt);
  if(vsnprintf(h->errmsg, sizeof(h->errmsg), fmt, ap) < 0)
    h->errmsg[0] = 0;
  va_end(ap);
  shim_log(h, RDS_SHIM_LOG_DEBUG, "error: %s", h->errmsg);
  return code;
}

enum rds_shim_code shim_fail_wrap(struct rds_shim *h, enum rds_shim_code code,
                                  const char *what)
{
  char why[sizeof(h->errmsg)];
  memcpy(why, h->errmsg, sizeof(why));
  return shim_fail(h, code, "%s: %s", what, why);
}

void shim_log(struct rds_shim *h, enum rds_shim_log_level lvl,
              const char *fmt, ...)
{
  char msg[1024];
  va_list ap;
  if(!h || !h->log || lvl > h->log_level)
    return;
  va_start(ap, fmt);
  if(vsnprintf(msg, sizeof(msg), fmt, ap) < 0)
    msg[0] = 0;
  va_end(ap);
  h->log(h->log_ctx, lvl, msg);
}

const char *rds_shim_errmsg(const struct rds_shim *h)
{
  return h ? h->errmsg : "out of memory";
}
