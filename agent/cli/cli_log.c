/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_log.c - where the rdsclone command's log lines go: stderr, as text
 * (the default, unchanged) or JSON lines (--log-format json), one write
 * per line so that the lines of pairs running at the same time never
 * mix. Pairs' threads call cli_log() through the options' log callback.
 * Also the command's other messages (cli_log.h).
 */
#include "cli_log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Set once, before any thread runs. */
static enum logline_format log_format = LOGLINE_TEXT;

void cli_log_set_format(enum logline_format f)
{
  log_format = f;
}

void cli_log(void *pair, enum rdsclone_log_level l, const char *msg)
{
  struct timespec now;
  char *line;

  clock_gettime(CLOCK_REALTIME, &now);
  line = logline_format(log_format, l, pair, msg, &now);
  if(line) {
    fputs(line, stderr);   /* stdio locks the stream for the call */
    free(line);
  }
  else
    fputs("rdsclone: error: out of memory\n", stderr);
  fflush(stderr);
}

void cli_vlogf(const char *pair, enum rdsclone_log_level l,
               const char *fmt, va_list ap)
{
  char msg[2048];
  vsnprintf(msg, sizeof(msg), fmt, ap);
  cli_log((void *)pair, l, msg);
}

void cli_logf(const char *pair, enum rdsclone_log_level l,
              const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  cli_vlogf(pair, l, fmt, ap);
  va_end(ap);
}

void cli_error(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  cli_vlogf(NULL, RDSCLONE_LOG_ERROR, fmt, ap);
  va_end(ap);
}

static int cli_vusage(const char *cmd, const char *fmt, va_list ap)
  __attribute__((format(printf, 2, 0)));
static int cli_vusage(const char *cmd, const char *fmt, va_list ap)
{
  fputs("rdsclone: error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\nTry \"rdsclone %s%s--help\" for more information.\n",
          cmd ? cmd : "", cmd ? " " : "");
  return RDSCLONE_EXIT_USAGE;
}

int cli_usage(const char *fmt, ...)
{
  va_list ap;
  int rc;
  va_start(ap, fmt);
  rc = cli_vusage(NULL, fmt, ap);
  va_end(ap);
  return rc;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
  va_list ap;
  int rc;
  va_start(ap, fmt);
  rc = cli_vusage(cmd, fmt, ap);
  va_end(ap);
  return rc;
}

int cli_out_of_memory(void)
{
  cli_error("%s", rdsclone_strerror(RDSCLONE_E_NOMEM));
  return RDSCLONE_EXIT_FAILURE;
}

/* The cause of the first write to stdout that failed (-1: unknown, the
 * stream's error flag alone); 0: none did. */
static int out_errno;

void cli_output_failed(int err)
{
  if(!out_errno)
    out_errno = err ? err : -1;
}

void cli_print(const char *text)
{
  errno = 0;
  if(fputs(text, stdout) == EOF ||
     (*text && text[strlen(text) - 1] != '\n' && fputc('\n', stdout) == EOF)
     || fflush(stdout) == EOF)
    cli_output_failed(errno);
}

int cli_finish_output(int status)
{
  errno = 0;
  if(fflush(stdout) == EOF || ferror(stdout))
    cli_output_failed(errno);
  if(!out_errno)
    return status;
  if(out_errno > 0)
    cli_error("writing the report to standard output: %s",
              strerror(out_errno));
  else
    cli_error("writing the report to standard output failed");
  return rdsclone_exit_worst(status, RDSCLONE_EXIT_FAILURE);
}
