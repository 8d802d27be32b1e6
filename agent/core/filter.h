/* SPDX-License-Identifier: Apache-2.0 */
/*
 * filter.h - which accounts a run may touch.
 *
 * A pattern is USER@HOST with '*' (any run of bytes, also empty) and '?'
 * (one byte); '\' makes the next byte literal. It is split at its last
 * unescaped '@' and each half is matched against the user and the host as
 * stored in the catalog, case-sensitively: 'app_*@%' matches the app_
 * accounts whose host is the literal '%'; 'app_*@*' matches them on any
 * host. Roles have the empty host on MariaDB.
 *
 * An account is in scope when it matches an include pattern (or there is
 * none), matches no exclude pattern, is not reserved (RDS and system
 * accounts, never changeable: each engine keeps its list, as
 * mysql/reserved.h) and is not an account a session of this run is
 * logged in as.
 */
#ifndef RDSCLONE_FILTER_H
#define RDSCLONE_FILTER_H

#include <stddef.h>


/* 1 when user@host matches the pattern (assumed checked). */
int filter_pattern_match(const char *pattern, const char *user,
                         size_t userlen, const char *host, size_t hostlen);

/* The fewest bytes a user name matching the pattern's user half can
 * have: one per literal or '?' ('*' may match none). Engines whose names
 * are bounded (PostgreSQL: 63 bytes) use it to say that a pattern can
 * never match. The pattern is assumed checked. */
size_t filter_pattern_min_user_len(const char *pattern);

#endif
