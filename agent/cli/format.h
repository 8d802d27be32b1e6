/* SPDX-License-Identifier: Apache-2.0 */
/*
 * format.h - the values of the rdsclone command's output options, parsed
 * in one place for every command: --format (text, json, sql) and
 * --log-format (text, json). A command that prints only some formats
 * refuses the others itself.
 */
#ifndef RDSCLONE_FORMAT_H
#define RDSCLONE_FORMAT_H

#include "rdsclone.h"
#include "logline.h"

/* "text", "json" or "sql" into *out: 0, or -1 (unknown; *out unchanged). */
int cli_format_parse(const char *s, enum rdsclone_format *out);
/* "text" or "json" into *out: 0, or -1 (unknown; *out unchanged). */
int cli_log_format_parse(const char *s, enum logline_format *out);

#endif
