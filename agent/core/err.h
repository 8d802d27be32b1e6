/* SPDX-License-Identifier: Apache-2.0 */
/*
 * err.h - errors inside the library: a code and one line naming
 * side, object and cause (the caller's errbuf gets the line).
 */
#ifndef RDSCLONE_CORE_ERR_H
#define RDSCLONE_CORE_ERR_H

#include "rdsclone.h"

struct err {
  enum rdsclone_code code;
  char msg[1024];
};

/* Sets e (if not NULL) and returns code, so callers write
 * "return err_set(e, RDSCLONE_E_QUERY, ...)". */
enum rdsclone_code err_set(struct err *e, enum rdsclone_code code,
                           const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));

#endif
