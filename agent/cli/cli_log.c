/*
 * cli_log.c - where the rdsclone command's log lines go: stderr, as text
 * (the default, unchanged) or JSON lines (--log-format json), one write
 * per line so that the lines of pairs running at the same time never
 * mix. Pairs' threads call cli_log() through the options' log callback.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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
