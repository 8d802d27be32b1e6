/* SPDX-License-Identifier: Apache-2.0 */
/*
 * numparse.h - the one place numbers are parsed from text (atoi and friends
 * are banned): whole string, base 10, range-checked.
 */
#ifndef RDSCLONE_NUMPARSE_H
#define RDSCLONE_NUMPARSE_H

/* 0 on success; -1 when s is empty, has trailing bytes, or is outside
 * [min, max]. *out is untouched on failure. */
int parse_long(const char *s, long min, long max, long *out);

#endif
