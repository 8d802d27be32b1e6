/* SPDX-License-Identifier: Apache-2.0 */
/*
 * msg.h - every message rds-shim writes to stderr (cli/msg.c): one format,
 * "rds-shim: error: <object>: <what>[: <OS reason>]" (or warning:, info:,
 * debug:), and the live progress line of `wait`, which any message ends
 * first. stdout carries only the command's result.
 */
#ifndef SHIM_CLI_MSG_H
#define SHIM_CLI_MSG_H

#include "rds_shim.h"

#if defined(__GNUC__)
#define MSG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define MSG_PRINTF(a, b)
#endif

/* Remembers the verbosity (-v count) and whether stderr is a terminal. */
void msg_init(int verbosity);
/* "rds-shim: error: ..." */
void msg_error(const char *fmt, ...) MSG_PRINTF(1, 2);
/* "rds-shim: error: ...: strerror(err)" */
void msg_error_os(int err, const char *fmt, ...) MSG_PRINTF(2, 3);
/* After the result was written to stdout: flushes it; on a write error
 * says so (with the OS reason) and returns -1. */
int msg_stdout_done(void);
/* The library's log callback (struct rds_shim_options.log). */
void msg_log(void *ctx, enum rds_shim_log_level lvl, const char *text);
/* One progress report of `wait`: on a terminal a line rewritten in place,
 * else a message when the line changed, on the last report, or always
 * with -v. */
void msg_progress(const char *line, double elapsed_s, int done);

#endif
