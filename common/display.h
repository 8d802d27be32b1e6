/* SPDX-License-Identifier: Apache-2.0 */
/*
 * display.h - names as people read them in reports and logs.
 *
 * Names come from the servers and may hold anything: valid UTF-8 and
 * printable ASCII are kept, quotes and backslashes are backslashed, and
 * control or invalid bytes become \xNN, so a hostile name cannot forge a
 * line of output or a terminal escape (as redis' sdscatrepr).
 */
#ifndef RDSCLONE_DISPLAY_H
#define RDSCLONE_DISPLAY_H

#include "buf.h"
#include <stddef.h>

void display_add(struct buf *b, const char *s, size_t len);
/* The same, but quotes and backslashes kept (for SQL text and notes). */
void display_text(struct buf *b, const char *s, size_t len);
/* 'user'@'host' (or 'role' when host is NULL) */
void display_account(struct buf *b, const char *user, size_t ulen,
                     const char *host, size_t hlen);

#endif
