/* SPDX-License-Identifier: Apache-2.0 */
/*
 * err.c - errors: err_set and the description of each code.
 */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>

enum rdsclone_code err_set(struct err *e, enum rdsclone_code code,
                           const char *fmt, ...)
{
  va_list ap;
  if(e) {
    e->code = code;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
    va_end(ap);
  }
  return code;
}

const char *rdsclone_strerror(enum rdsclone_code code)
{
  switch(code) {
  case RDSCLONE_OK: return "no error";
  case RDSCLONE_E_USAGE: return "bad usage";
  case RDSCLONE_E_CONFIG: return "configuration error";
  case RDSCLONE_E_CONNECT: return "cannot connect to a server";
  case RDSCLONE_E_QUERY: return "reading a catalog failed";
  case RDSCLONE_E_LOCKED: return "another run holds the target's lock";
  case RDSCLONE_E_READ_ONLY: return "the target is read-only";
  case RDSCLONE_E_APPLY: return "statements failed on the target";
  case RDSCLONE_E_VERIFY: return "the target still differs after apply";
  case RDSCLONE_E_NOMEM: return "out of memory";
  case RDSCLONE_E_UNSUPPORTED: return "not supported";
  case RDSCLONE_E_IO: return "a local file could not be read or written";
  case RDSCLONE_E_COVERAGE:
    return "some privileges were not compared (strict)";
  }
  return "unknown error";
}
