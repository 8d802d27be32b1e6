/* SPDX-License-Identifier: Apache-2.0 */
/*
 * utf8.h - UTF-8 validation, shared by the agent (statements, names)
 * and the CLI (log lines).
 */
#ifndef RDSCLONE_UTF8_H
#define RDSCLONE_UTF8_H

#include <stddef.h>

/* 1 when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *s, size_t len);

#endif
