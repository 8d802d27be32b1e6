/* SPDX-License-Identifier: Apache-2.0 */
/*
 * steprec.h - the step records recreate-replica and encrypt share: a
 * step's status, time and one-line detail, and the growing lists of
 * calls and commands of a result.
 */
#ifndef RDSCLONE_STEPREC_H
#define RDSCLONE_STEPREC_H

#include "rdsclone_recreate.h"

#include <stdarg.h>
#include <stddef.h>

/* Sets r's status, seconds and detail (formatted, replacing the old
 * one): 0, or -1 out of memory. */
int steprec_set(struct recreate_step_result *r, enum recreate_status st,
                double seconds, const char *fmt, va_list ap)
  __attribute__((format(printf, 4, 0)));
/* Appends s (taken; NULL is out of memory) to *v / *n: 0, or -1 (s
 * freed). */
int steprec_push(char ***v, size_t *n, char *s);
/* Frees a list steprec_push grew (each string, then the array). */
void steprec_free_list(char **v, size_t n);

#endif
