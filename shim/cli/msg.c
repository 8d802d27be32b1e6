/* SPDX-License-Identifier: Apache-2.0 */
/*
 * msg.c - rds-shim's messages on stderr: "rds-shim: <level>: <text>", the
 * OS reason last where there is one, and the progress line of `wait`.
 */
#include "cli/msg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int verbosity;
static int stderr_tty;
static int progress_active;     /* a progress line is on screen */
static char progress_last[160]; /* the last line reported (no terminal) */

void msg_init(int v)
{
  verbosity = v;
  stderr_tty = isatty(STDERR_FILENO);
}

/* Ends a progress line still on screen, then writes the prefix. */
static void begin(const char *level)
{
  if(progress_active) {
    fputs("\n", stderr);
    progress_active = 0;
  }
  fprintf(stderr, "rds-shim: %s: ", level);
}

void msg_error(const char *fmt, ...)
{
  va_list ap;
  begin("error");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

void msg_error_os(int err, const char *fmt, ...)
{
  va_list ap;
  begin("error");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, ": %s\n", strerror(err));
}

int msg_stdout_done(void)
{
  if(fflush(stdout) || ferror(stdout)) {
    msg_error_os(errno, "could not write the result to standard output");
    return -1;
  }
  return 0;
}

void msg_log(void *ctx, enum rds_shim_log_level lvl, const char *text)
{
  static const char *const names[] = { "error", "warning", "info",
                                       "debug" };
  (void)ctx;
  begin(names[lvl]);
  fprintf(stderr, "%s\n", text);
}

void msg_progress(const char *line, double elapsed_s, int done)
{
  if(stderr_tty) {
    fprintf(stderr, "\r\033[K%s (%.0f s)", line, elapsed_s);
    progress_active = 1;
    if(done) {
      fputc('\n', stderr);
      progress_active = 0;
    }
    fflush(stderr);
  }
  else if(strcmp(line, progress_last) || done || verbosity > 0)
    fprintf(stderr, "rds-shim: wait: %s after %.0f s%s\n", line, elapsed_s,
            done ? " (done)" : "");
  snprintf(progress_last, sizeof(progress_last), "%s", line);
}
