/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_log.h - the rdsclone command's messages (cli_log.c): log lines on
 * stderr as text or JSON (--log-format), "error:" lines, usage errors,
 * and the report on stdout. Every message of the command goes through
 * here, so the wording and prefixes are the same everywhere.
 */
#ifndef RDSCLONE_CLI_LOG_H
#define RDSCLONE_CLI_LOG_H

#include "rdsclone.h"
#include "logline.h"

#include <stdarg.h>

/* --log-format: set once, before any thread runs. */
void cli_log_set_format(enum logline_format f);

/* The library's log callback; pair (may be NULL) names the pair. */
void cli_log(void *pair, enum rdsclone_log_level l, const char *msg);
void cli_logf(const char *pair, enum rdsclone_log_level l,
              const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void cli_vlogf(const char *pair, enum rdsclone_log_level l,
               const char *fmt, va_list ap)
  __attribute__((format(printf, 3, 0)));

/* "rdsclone: error: ..." (as a log line: JSON with --log-format json). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage error and the hint to --help; returns RDSCLONE_EXIT_USAGE. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same for a subcommand: the hint names "rdsclone CMD --help". */
int cli_usage_error(const char *cmd, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
/* "error: out of memory"; returns RDSCLONE_EXIT_FAILURE. */
int cli_out_of_memory(void);

/* The report on stdout, with a final newline; a failed write is noted
 * for cli_finish_output(). */
void cli_print(const char *text);
/* Notes that writing to stdout failed with err (errno; 0: unknown). */
void cli_output_failed(int err);
/* The exit status once stdout is flushed: when any write to it failed
 * (a full disk, a closed pipe), an error line naming the cause and at
 * least RDSCLONE_EXIT_FAILURE, so that a lost report never reads as 0
 * or 2. Called once, as the command ends. */
int cli_finish_output(int status);

#endif
